import Foundation

/// What `stat` says about a path, and its errors as words.
struct FileStatus {
    /// Device and inode: the same folder reached through two paths has one identity.
    struct Identity: Hashable {
        var device: UInt64
        var inode: UInt64
    }

    /// A failed system call, by its errno.
    struct SystemError: Error {
        var code: Int32
        var description: String { String(cString: strerror(code)) }
    }

    var mode: mode_t
    var size: Int
    var identity: Identity

    var isDirectory: Bool { mode & S_IFMT == S_IFDIR }
    var isRegularFile: Bool { mode & S_IFMT == S_IFREG }
    var isSymlink: Bool { mode & S_IFMT == S_IFLNK }

    static func of(_ path: String, followingLinks: Bool) -> Result<FileStatus, SystemError> {
        var info = stat()
        let result = followingLinks ? stat(path, &info) : lstat(path, &info)
        guard result == 0 else { return .failure(SystemError(code: errno)) }
        return .success(FileStatus(info))
    }

    init(_ info: stat) {
        mode = info.st_mode
        size = Int(info.st_size)
        identity = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}
