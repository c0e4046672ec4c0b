import Foundation
import Synchronization

/// The clusters this test process started, stopped at exit; and the clean-up of clusters left by dead processes.
enum TestClusterRegistry {
    static let root = "/tmp/mloop-tests"
    private static let dataDirectories = Mutex<[String]>([])
    private static let atExitInstalled = Mutex(false)

    /// A new folder `/tmp/mloop-tests/<pid>-<token>` owned by this process.
    static func makeFolder(_ suffix: String) throws -> String {
        let token = UUID().uuidString.prefix(8).lowercased()
        let folder = "\(root)/\(getpid())-\(token)-\(suffix)"
        try FileManager.default.createDirectory(
            atPath: folder, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        chmod(root, 0o1777)
        return folder
    }

    static func register(dataDirectory: String) {
        dataDirectories.withLock { $0.append(dataDirectory) }
        let install = atExitInstalled.withLock { installed in
            defer { installed = true }
            return !installed
        }
        if install { atexit { TestClusterRegistry.stopAll() } }
    }

    /// Stops and deletes clusters whose owning test process is gone (e.g. killed by a timeout).
    static func removeOrphans() {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []
        for name in names {
            guard let pid = name.split(separator: "-").first.flatMap({ Int32($0) }), pid != getpid(),
                kill(pid, 0) != 0, errno == ESRCH
            else { continue }
            let folder = "\(root)/\(name)"
            stopServer(dataDirectory: folder + "/data")
            try? FileManager.default.removeItem(atPath: folder)
        }
    }

    /// Runs at exit: no async, no spawning — signal each postmaster and wait briefly.
    static func stopAll() {
        let directories = dataDirectories.withLock { $0 }
        for directory in directories {
            reportBackendCrashes(dataDirectory: directory)
            stopServer(dataDirectory: directory)
            try? FileManager.default.removeItem(atPath: (directory as NSString).deletingLastPathComponent)
        }
    }

    /// A backend killed by a signal makes the postmaster drop every connection of every test ("server closed the
    /// connection unexpectedly" in some unrelated test). The log goes with the folder, so say it here.
    static func reportBackendCrashes(dataDirectory: String) {
        guard let log = try? String(contentsOfFile: dataDirectory + ".log", encoding: .utf8) else { return }
        let lines = log.split(separator: "\n").filter {
            ($0.contains("terminated by signal") || $0.contains("was terminated") || $0.contains("exited with exit code")
                || $0.contains("PANIC") || $0.contains("FATAL")) && !$0.contains("logical replication launcher")
                && !$0.contains("does not exist") && !$0.contains("password authentication failed")
        }
        guard !lines.isEmpty else { return }
        let text = "test cluster \(dataDirectory): server processes died:\n" + lines.joined(separator: "\n") + "\n"
        FileHandle.standardError.write(Data(text.utf8))
    }

    static func stopServer(dataDirectory: String) {
        guard let text = try? String(contentsOfFile: dataDirectory + "/postmaster.pid", encoding: .utf8),
            let pid = text.split(separator: "\n").first.flatMap({ Int32($0.trimmingCharacters(in: .whitespaces)) }),
            pid > 0
        else { return }
        for signal in [SIGINT, SIGQUIT, SIGKILL] {
            guard kill(pid, signal) == 0 else { return }
            for _ in 0..<300 {
                if !isAlive(pid) { return }
                usleep(10_000)
            }
        }
    }

    private static func isAlive(_ pid: Int32) -> Bool {
        guard kill(pid, 0) == 0 else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = stat.lastIndex(of: ")")
        else { return true }
        return stat[stat.index(after: close)...].trimmingCharacters(in: .whitespaces).first != "Z"
    }
}
