import Foundation

/// The processes of one try: the session (and process group) its first process leads.
///
/// Signalling the group reaches everything the task started unless a descendant moved to a group of its own;
/// the session sweep through `/proc` catches those too, on the rare stop path only.
struct ProcessTree: Sendable {
    /// The first process's pid, which is also the session id and process group id.
    let leader: pid_t
    /// The process that spawned the leader and reaps it; nil when not known (then the leader is taken as still ours).
    var parent: pid_t? = getpid()

    /// Signals the group and every process of the session. Once the leader has been reaped its number may be
    /// reused — by a PostgreSQL backend, say, which leads a session and group of its own number — so the group is
    /// signalled only while the leader is still our child (alive or a zombie, its number cannot be reused), and the
    /// sweep then spares a process that *is* that number. (While any real member lives, the kernel keeps the number
    /// reserved as their session id, so the members found are ours.)
    func signalAll(_ signal: Int32) {
        let leaderIsOurs = parent == nil || Self.parent(of: leader) == parent
        if leaderIsOurs { _ = kill(-leader, signal) }
        for member in sessionMembers() where leaderIsOurs || member != leader { _ = kill(member, signal) }
    }

    /// The parent pid of `pid` from `/proc/PID/stat`, nil when there is no such process.
    static func parent(of pid: pid_t) -> pid_t? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        return fields.count > 1 ? pid_t(fields[1]) : nil
    }

    /// SIGTERM to the whole tree, then SIGKILL once it is still alive after `grace`.
    func terminate(grace: Duration) async {
        signalAll(SIGTERM)
        let deadline = ContinuousClock.now.advanced(by: grace)
        while ContinuousClock.now < deadline {
            if sessionMembers().isEmpty { break }
            try? await Task.sleep(for: .milliseconds(20))
        }
        signalAll(SIGKILL)
    }

    /// Live (non-zombie) processes whose session is this tree's, read from `/proc`.
    func sessionMembers() -> [pid_t] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        var members: [pid_t] = []
        for entry in entries {
            guard let pid = pid_t(entry), let stat = Self.stat(of: pid) else { continue }
            if stat.session == leader && stat.state != "Z" && stat.state != "X" { members.append(pid) }
        }
        return members
    }

    /// State and session id from `/proc/PID/stat` (the fields after the parenthesised command name).
    static func stat(of pid: pid_t) -> (state: Character, session: pid_t)? {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return nil }
        let fields = text[text.index(after: close)...].split(separator: " ")
        // state ppid pgrp session …
        guard fields.count > 3, let state = fields[0].first, let session = pid_t(fields[3]) else { return nil }
        return (state, session)
    }

    /// Whether `pid` still runs (exists and is not a zombie).
    static func isRunning(_ pid: pid_t) -> Bool {
        guard let stat = stat(of: pid) else { return false }
        return stat.state != "Z" && stat.state != "X"
    }
}
