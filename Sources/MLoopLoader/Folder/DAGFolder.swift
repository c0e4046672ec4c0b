import Foundation
import MLoopCore

/// The folder workflow files live in. Scanning reads every `*.yaml` and `*.yml` file under it, and every `*.swift`
/// file that imports MLoopDSL (other Swift files are task code, such as a `swift_file:`).
public struct DAGFolder: Sendable {
    public var path: String

    /// Recorded paths starting with this hold workflows pushed with `mloop dags push`, not files of the folder:
    /// a sync never forgets them.
    public static let pushedPathPrefix = "pushed:"

    public init(path: String) {
        self.path = path
    }

    /// Whether a file name is a workflow file's.
    public static func isWorkflowFileName(_ name: String) -> Bool {
        !name.hasPrefix(".") && (name.hasSuffix(".yaml") || name.hasSuffix(".yml") || name.hasSuffix(".swift"))
    }

    /// Whether a Swift file's text declares workflows rather than being task code.
    public static func isDeclaration(swiftText text: String) -> Bool {
        text.contains("import MLoopDSL")
    }

    /// Every workflow file under the folder (recursively; hidden files/dirs skipped), sorted by relative path.
    /// Never throws for a single bad file: each entry is either its bytes or a problem for that file. Symlinks are
    /// followed; a folder reached twice (a symlink to an ancestor, say) is listed once.
    public func scan() -> DAGFolderScan {
        let root: FileStatus
        switch FileStatus.of(path, followingLinks: true) {
        case .failure(let error):
            return DAGFolderScan(folderProblem: "DAGs folder '\(path)': \(error.description)")
        case .success(let status):
            guard status.isDirectory else { return DAGFolderScan(folderProblem: "'\(path)' is not a directory") }
            root = status
        }
        var scan = DAGFolderScan()
        var visited: Set<FileStatus.Identity> = [root.identity]
        var pending: [(absolute: String, relative: String)] = [(path, "")]
        while let folder = pending.popLast() {
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: folder.absolute)
            } catch {
                scan.directoryProblems.append(
                    ValidationIssue(
                        "cannot list this folder: \(error.localizedDescription)",
                        file: folder.relative.isEmpty ? "." : folder.relative + "/"))
                continue
            }
            var subfolders: [(absolute: String, relative: String)] = []
            for name in names.sorted() where !name.hasPrefix(".") {
                let absolute = folder.absolute + "/" + name
                let relative = folder.relative.isEmpty ? name : folder.relative + "/" + name
                switch FileStatus.of(absolute, followingLinks: true) {
                case .success(let status) where status.isDirectory:
                    if visited.insert(status.identity).inserted { subfolders.append((absolute, relative)) }
                case .success, .failure:
                    guard Self.isWorkflowFileName(name) else { continue }
                    let file = WorkflowFileReader.readFile(absolute: absolute, relative: relative)
                    if file.isSwift, case .success(let text) = file.content, !Self.isDeclaration(swiftText: text) {
                        continue
                    }
                    scan.files.append(file)
                }
            }
            pending += subfolders.reversed()
        }
        scan.files.sort { $0.relativePath < $1.relativePath }
        return scan
    }
}
