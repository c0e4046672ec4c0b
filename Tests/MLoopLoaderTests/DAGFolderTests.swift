import Foundation
import MLoopCore
import MLoopLoader
import Testing

/// A temporary DAGs folder, removed when the test ends.
final class TemporaryFolder {
    let path: String

    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("mloop-loader-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func write(_ relative: String, _ text: String) throws { try write(relative, Data(text.utf8)) }

    func write(_ relative: String, _ data: Data) throws {
        let url = URL(fileURLWithPath: path + "/" + relative)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try data.write(to: url)
    }

    func link(_ relative: String, to target: String) throws {
        try FileManager.default.createSymbolicLink(atPath: path + "/" + relative, withDestinationPath: target)
    }
}

@Suite struct DAGFolderTests {
    static let good = "tasks:\n  - id: a\n    bash: echo a\n"

    @Test func listsWorkflowFilesRecursivelySortedAndSkipsHiddenOnes() throws {
        let folder = try TemporaryFolder()
        try folder.write("b.yaml", Self.good)
        try folder.write("a/z.yml", Self.good)
        try folder.write("a/notes.txt", "not a workflow")
        try folder.write(".hidden.yaml", Self.good)
        try folder.write(".git/config.yaml", Self.good)
        let scan = DAGFolder(path: folder.path).scan()
        #expect(scan.folderProblem == nil)
        #expect(scan.files.map(\.relativePath) == ["a/z.yml", "b.yaml"])
        #expect(scan.files[1].contentHash == SHA256.hex(of: Self.good))
        guard case .workflow(let workflow, let source) = scan.files[0].load() else {
            Issue.record("a/z.yml should load")
            return
        }
        #expect(workflow.id == "z")
        #expect(source == Self.good)
    }

    @Test func reportsAMissingFolder() {
        let scan = DAGFolder(path: "/nonexistent/mloop-dags").scan()
        #expect(scan.files.isEmpty)
        #expect(scan.folderProblem == "DAGs folder '/nonexistent/mloop-dags': No such file or directory")
    }

    @Test func givesEachBadFileOneIssueWhileTheOthersStillLoad() throws {
        let folder = try TemporaryFolder()
        try folder.write("good.yaml", Self.good)
        try folder.write("malformed.yaml", "tasks: [\n")
        try folder.write("binary.yaml", Data([0x69, 0x64, 0x3A, 0x20, 0xFF, 0xFE, 0x00, 0x01]))
        try folder.write("empty.yaml", "")
        try folder.write("list.yaml", "- a\n- b\n")
        try folder.write("huge.yaml", Data(count: 50 * 1024 * 1024))
        try folder.link("dangling.yaml", to: "missing.yaml")
        try folder.link("loop_a.yaml", to: "loop_b.yaml")
        try folder.link("loop_b.yaml", to: "loop_a.yaml")
        try folder.link("sub", to: ".")
        #expect(mkfifo(folder.path + "/pipe.yaml", 0o644) == 0)

        let scan = DAGFolder(path: folder.path).scan()
        let expected: [String: String] = [
            "binary.yaml":
                "the file is not UTF-8 text: invalid byte 0xFF at byte offset 4; workflow files must be UTF-8",
            "dangling.yaml": "dangling symlink: its target 'missing.yaml' does not exist",
            "empty.yaml": "the file is empty: a workflow needs at least a 'tasks:' list",
            "huge.yaml": "file is 50.0 MiB; workflow files are limited to 5 MiB",
            "list.yaml": "the top level of a workflow file must be a mapping",
            "loop_a.yaml": "symlink loop: 'loop_b.yaml' leads back to itself (ELOOP",
            "loop_b.yaml": "symlink loop: 'loop_a.yaml' leads back to itself (ELOOP",
            "malformed.yaml": "invalid YAML",
            "pipe.yaml": "not a regular file",
        ]
        #expect(scan.files.map(\.relativePath) == (expected.keys + ["good.yaml"]).sorted())
        for file in scan.files {
            switch file.load() {
            case .workflow(let workflow, _):
                #expect(file.relativePath == "good.yaml")
                #expect(workflow.id == "good")
            case .declared(let workflows, _):
                Issue.record("no Swift file here, got \(workflows.map(\.id))")
            case .failed(let issues):
                #expect(issues.count == 1, "\(file.relativePath): \(issues)")
                let message = try #require(expected[file.relativePath], "\(file.relativePath) should load")
                #expect(issues.first?.message.hasPrefix(message) == true, "\(issues)")
                #expect(issues.first?.file == file.relativePath)
            }
        }
        #expect(scan.files.first { $0.relativePath == "huge.yaml" }?.contentHash == nil)
        #expect(scan.files.first { $0.relativePath == "binary.yaml" }?.contentHash != nil)
    }

    @Test func followsADirectorySymlinkToAnAncestorOnlyOnce() throws {
        let folder = try TemporaryFolder()
        try folder.write("team/etl.yaml", Self.good)
        try folder.link("team/up", to: "..")
        try folder.link("team/self", to: ".")
        try folder.link("mirror", to: "team")
        let scan = DAGFolder(path: folder.path).scan()
        #expect(scan.files.map(\.relativePath) == ["mirror/etl.yaml"])
    }
}
