import Foundation
import Subprocess

/// Who runs initdb and postgres: this process, or — when it runs as root, which both refuse — `postgres`.
struct ServerUser: Sendable {
    let userID: UInt32
    let groupID: UInt32
    /// True when children must switch to another user (this process is root).
    let switchesUser: Bool

    static func current() throws(LocalPostgresError) -> ServerUser {
        guard geteuid() == 0 else { return ServerUser(userID: geteuid(), groupID: getegid(), switchesUser: false) }
        guard let entry = getpwnam("postgres") else {
            throw LocalPostgresError(
                .noServerUser,
                "running as root, but PostgreSQL refuses to run as root and there is no 'postgres' user to run it as; "
                    + "install the postgresql package or run mloop as an ordinary user")
        }
        return ServerUser(userID: entry.pointee.pw_uid, groupID: entry.pointee.pw_gid, switchesUser: true)
    }

    /// The command that runs `executable` as this user. Switching goes through `setpriv` (util-linux), which drops
    /// privileges after exec in a fresh single-threaded process: doing it between fork and exec of this
    /// multi-threaded one (swift-subprocess's userID/groupID) can deadlock in glibc's set*id on a lock some other
    /// thread held at fork time — seen here as a child stuck in setgroups().
    func command(_ executable: String, _ arguments: [String]) throws(LocalPostgresError) -> (String, [String]) {
        guard switchesUser else { return (executable, arguments) }
        guard
            let setpriv = ["/usr/bin/setpriv", "/bin/setpriv", "/usr/sbin/setpriv"]
                .first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else {
            throw LocalPostgresError(
                .noServerUser,
                "running as root needs setpriv to run PostgreSQL as 'postgres': apt-get install util-linux")
        }
        return (setpriv, ["--reuid=\(userID)", "--regid=\(groupID)", "--init-groups", "--", executable] + arguments)
    }

    /// Gives a path this process created to the server user.
    func own(_ path: String) throws(LocalPostgresError) {
        guard switchesUser else { return }
        guard chown(path, userID, groupID) == 0 else {
            throw LocalPostgresError(.fileSystem, "cannot hand \(path) to the postgres user: \(errnoText())")
        }
    }

    /// Whether the server user can reach (search) every directory from / down to `path`.
    func canTraverse(to path: String) -> Bool {
        guard switchesUser else { return true }
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            var info = stat()
            guard stat(current, &info) == 0 else { return true }  // not created yet: we create it with 0755
            guard (info.st_mode & S_IFMT) == S_IFDIR else { continue }
            let mode = info.st_mode
            let searchable =
                info.st_uid == userID
                ? mode & S_IXUSR != 0
                : info.st_gid == groupID
                    ? mode & S_IXGRP != 0
                    : mode & S_IXOTH != 0
            if !searchable { return false }
        }
        return true
    }
}

func errnoText() -> String { String(cString: strerror(errno)) }
