import Foundation
import Logging
import Subprocess
import Synchronization
import SystemPackage

/// Makes sure a worker's task processes die with it, whatever kills the worker (`kill -9` included): otherwise a
/// retried try could run twice at once. A small watchdog process, in a session of its own and deaf to signals,
/// reads the session ids of running tries from a pipe whose write end only this worker holds (close-on-exec, so
/// no task inherits it). When that pipe reaches end-of-file — the worker is gone — the watchdog SIGKILLs every
/// session still registered, then exits; after a clean shutdown nothing is registered and it just exits.
public final class OrphanGuard: TaskSessionObserver {
    private let writeEnd: Mutex<Int32?>

    private init(writeEnd: Int32) {
        self.writeEnd = Mutex(writeEnd)
    }

    /// Starts the watchdog with `python` (any Python 3); nil, with a warning, when it cannot be started.
    public static func start(python: String, logger: Logger) -> OrphanGuard? {
        var fds: [Int32] = [0, 0]
        // Created before the worker spawns anything, so setting close-on-exec right after cannot race a spawn.
        guard pipe(&fds) == 0 else {
            logger.warning("orphan guard not started: pipe failed", metadata: ["errno": "\(errno)"])
            return nil
        }
        let (readEnd, writeEnd) = (fds[0], fds[1])
        _ = fcntl(readEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFD, FD_CLOEXEC)
        _ = fcntl(writeEnd, F_SETFL, fcntl(writeEnd, F_GETFL) | O_NONBLOCK)
        var options = PlatformOptions()
        options.createSession = true
        Task.detached {
            do {
                _ = try await Subprocess.run(
                    .path(FilePath(python)), arguments: ["-I", "-S", "-c", watchdogScript],
                    platformOptions: options,
                    input: .fileDescriptor(FileDescriptor(rawValue: readEnd), closeAfterSpawningProcess: true),
                    output: .discarded, error: .discarded)
            } catch {
                logger.warning("orphan guard not started", metadata: ["error": "\(error)"])
            }
        }
        return OrphanGuard(writeEnd: writeEnd)
    }

    /// `MLOOP_PYTHON`, else the first `python3` on PATH.
    public static func findPython(environment: [String: String] = ProcessInfo.processInfo.environment) -> String? {
        if let configured = environment["MLOOP_PYTHON"], !configured.isEmpty { return configured }
        for folder in (environment["PATH"] ?? "/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(folder)/python3"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    public func sessionStarted(_ leader: Int32) { send("+\(leader)\n") }

    public func sessionEnded(_ leader: Int32) { send("-\(leader)\n") }

    /// Ends the watchdog without killing anything (clean shutdown: every try has ended and unregistered).
    public func close() {
        writeEnd.withLock { fd in
            if let open = fd { _ = Glibc.close(open) }
            fd = nil
        }
    }

    private func send(_ line: String) {
        writeEnd.withLock { fd in
            guard let open = fd else { return }
            var bytes = Array(line.utf8)
            // Lines are far below PIPE_BUF, so each write is atomic; a full pipe (a stuck watchdog) must not block
            // the worker, hence non-blocking writes that give up.
            _ = bytes.withUnsafeMutableBytes { write(open, $0.baseAddress, $0.count) }
        }
    }

    deinit { close() }

    // Kills each registered session twice over: its process group, then every process whose session id matches
    // (a task's children may have left its group but not its session). Reads what arrived, then naps 20 ms: a busy
    // worker sends two lines per try, and waking for each cost more CPU than the tries' own bookkeeping; the pipe
    // holds far more than 20 ms of lines, and the kill comes at most 20 ms later.
    static let watchdogScript = """
        import os, signal, time
        for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT):
            signal.signal(s, signal.SIG_IGN)
        sessions = set()
        pending = b''
        while True:
            chunk = os.read(0, 65536)
            if not chunk: break
            *lines, pending = (pending + chunk).split(b'\\n')
            for line in lines:
                try:
                    if line.startswith(b'+'): sessions.add(int(line[1:]))
                    elif line.startswith(b'-'): sessions.discard(int(line[1:]))
                except ValueError:
                    pass
            time.sleep(0.02)
        for sid in sessions:
            try: os.killpg(sid, signal.SIGKILL)
            except OSError: pass
        if sessions:
            for entry in os.listdir('/proc'):
                if not entry.isdigit(): continue
                try:
                    with open('/proc/%s/stat' % entry) as f: stat = f.read()
                    if int(stat[stat.rindex(')') + 2:].split()[3]) in sessions:
                        os.kill(int(entry), signal.SIGKILL)
                except (OSError, ValueError, IndexError):
                    pass
        """
}
