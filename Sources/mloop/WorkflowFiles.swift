import Foundation
import MLoopLoader

/// Loads the files and folders `dags validate` is given.
enum WorkflowFiles {
    static func load(
        _ paths: [String], swift: SwiftDeclarationRunner
    ) async -> [(path: String, loaded: LoadedWorkflowFile)] {
        var results: [(String, LoadedWorkflowFile)] = []
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                for file in DAGFolder(path: path).scan().files {
                    results.append((path + "/" + file.relativePath, await file.load(swift: swift)))
                }
            } else {
                let url = URL(fileURLWithPath: path)
                let name = url.lastPathComponent
                let folder = DAGFolder(path: url.deletingLastPathComponent().path)
                if let file = folder.scan().files.first(where: { $0.relativePath == name }) {
                    results.append((path, await file.load(swift: swift)))
                }
            }
        }
        return results
    }

    /// A line for each path that does not exist or is not a workflow file.
    static func problem(_ paths: [String]) -> String? {
        let missing = paths.filter { path in
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return true }
            return !isDirectory.boolValue && !DAGFolder.isWorkflowFileName((path as NSString).lastPathComponent)
        }
        guard !missing.isEmpty else { return nil }
        return missing.map { "\($0): no such workflow file or folder (workflow files end in .yaml, .yml or .swift)" }
            .joined(separator: "\n")
    }
}
