import Foundation
import MLoopCore

/// A try's private working directory under the runner's work directory: empty when the try starts.
struct ScratchDirectory: Sendable {
    let path: String

    /// Creates a fresh directory (a random name: directories are reused by later tries, see `ScratchDirectories`).
    static func create(in parent: String) throws(TaskLaunchError) -> ScratchDirectory {
        let path = "\(parent)/scratch-\(String(UInt64.random(in: .min ... .max), radix: 36))"
        if mkdir(path, 0o700) == 0 { return ScratchDirectory(path: path) }
        if errno == ENOENT {
            try? FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
            if mkdir(path, 0o700) == 0 { return ScratchDirectory(path: path) }
        }
        let reason = String(cString: strerror(errno))
        throw TaskLaunchError("cannot create a scratch directory \(path): \(reason)")
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

    /// Removes MLoop's own files; returns whether the directory is then empty (the task left nothing behind).
    func emptied() -> Bool {
        for name in Self.ownFiles { unlink(path + "/" + name) }
        guard let directory = opendir(path) else { return false }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if name != "." && name != ".." { return false }
        }
        return true
    }

    /// Removes the directory and whatever the task left in it (cheaply when it holds only MLoop's own files).
    func remove() {
        if rmdir(path) == 0 { return }
        for name in Self.ownFiles { unlink(path + "/" + name) }
        if rmdir(path) == 0 { return }
        try? FileManager.default.removeItem(atPath: path)
    }
}
