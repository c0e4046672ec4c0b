import Foundation
import MLoopCore

/// A try's private working directory, created under the runner's work directory and removed after the try.
struct ScratchDirectory: Sendable {
    let path: String

    /// Creates a fresh directory named after the try (with a random suffix, so a repeated try never collides).
    static func create(in parent: String, for launch: TaskLaunch) throws(TaskLaunchError) -> ScratchDirectory {
        let suffix = String(UInt32.random(in: .min ... .max), radix: 16)
        let path = "\(parent)/r\(launch.runID)-\(launch.taskID.rawValue)-t\(launch.tryNumber)-\(suffix)"
        if mkdir(path, 0o700) == 0 { return ScratchDirectory(path: path) }
        if errno == ENOENT {
            try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            if mkdir(path, 0o700) == 0 { return ScratchDirectory(path: path) }
        }
        let reason = String(cString: strerror(errno))
        throw TaskLaunchError("cannot create the try's scratch directory \(path): \(reason)")
    }

    /// Writes `text` to a file in the directory and returns its path.
    func write(_ text: String, to name: String) throws(TaskLaunchError) -> String {
        let file = path + "/" + name
        do {
            try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        } catch {
            throw TaskLaunchError("cannot write \(file): \(error.localizedDescription)")
        }
        return file
    }

    /// Names of the files MLoop itself writes into scratch directories.
    static let ownFiles = ["script.sh", "task.py", "main.swift", "task.swift", "xcom-input.json"]

    /// Removes the directory and whatever the task left in it (cheaply when it holds only MLoop's own files).
    func remove() {
        if rmdir(path) == 0 { return }
        for name in Self.ownFiles { unlink(path + "/" + name) }
        if rmdir(path) == 0 { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
