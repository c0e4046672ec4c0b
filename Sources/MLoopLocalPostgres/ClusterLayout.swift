import Foundation
import Logging

/// Where a cluster's files go: data dir, socket dir and server log, adjusted so the server user can reach them.
struct ClusterLayout: Sendable {
    let dataDirectory: String
    let socketDirectory: String
    let logFile: String
    /// The folder created for a relocated cluster (handed to the server user), if any.
    let relocatedBase: String?
    /// Beside the data directory asked for: where a relocated cluster lives, so it is found (and removed) from the
    /// folder the user knows about.
    let relocationRecord: String

    // Linux sun_path holds 108 bytes including the terminating NUL.
    static let maximumSocketPathLength = 107

    init(options: LocalPostgresCluster.Options, user: ServerUser, logger: Logger) {
        var data = Self.absolute(options.dataDirectory)
        relocationRecord = data + ".location"
        var relocated: String?
        if !user.canTraverse(to: data) {
            let base = "/var/tmp/mloop-\(Self.shortHash(data))"
            let moved = base + "/" + (data.split(separator: "/").last.map(String.init) ?? "postgres")
            logger.notice(
                "the postgres user cannot reach \(data) (a parent folder is private); keeping the cluster in \(moved)")
            data = moved
            relocated = base
        }
        let parent = (data as NSString).deletingLastPathComponent
        let name = (data as NSString).lastPathComponent
        var socket = options.socketDirectory.map(Self.absolute) ?? "\(parent)/\(name).sock"
        if socket.utf8.count + "/.s.PGSQL.5432".utf8.count > Self.maximumSocketPathLength {
            socket = "/tmp/mloop-pg-\(Self.shortHash(data))"
        }
        dataDirectory = data
        socketDirectory = socket
        logFile = "\(parent)/\(name).log"
        relocatedBase = relocated
    }

    var conninfo: String { "host=\(socketDirectory) port=5432 user=postgres dbname=postgres" }
    var socketPath: String { socketDirectory + "/.s.PGSQL.5432" }
    var isInitialized: Bool { FileManager.default.fileExists(atPath: dataDirectory + "/PG_VERSION") }

    /// Everything `prepare` and the server create, for removing the cluster.
    var createdPaths: [String] {
        [dataDirectory, socketDirectory, logFile] + (relocatedBase.map { [$0, relocationRecord] } ?? [])
    }

    /// Creates the folders and the log file and hands them to the server user.
    func prepare(for user: ServerUser) throws(LocalPostgresError) {
        if let relocatedBase {
            try Self.makeDirectory(relocatedBase, mode: 0o755)
            try user.own(relocatedBase)
            let note = """
                \(dataDirectory)
                # The postgres user cannot reach the folder beside this file, so MLoop keeps its PostgreSQL cluster
                # in the folder above. `mloop db destroy` stops it and removes both.

                """
            guard FileManager.default.createFile(atPath: relocationRecord, contents: Data(note.utf8)) else {
                throw LocalPostgresError(.fileSystem, "cannot record the cluster's place in \(relocationRecord)")
            }
        }
        try Self.makeDirectory((dataDirectory as NSString).deletingLastPathComponent, mode: 0o755)
        try Self.makeDirectory(dataDirectory, mode: 0o700)
        try Self.makeDirectory(socketDirectory, mode: 0o755)
        if !FileManager.default.fileExists(atPath: logFile) {
            guard FileManager.default.createFile(atPath: logFile, contents: nil) else {
                throw LocalPostgresError(.fileSystem, "cannot create the server log \(logFile): \(errnoText())")
            }
        }
        if !isInitialized { try user.own(dataDirectory) }
        try user.own(socketDirectory)
        try user.own(logFile)
    }

    private static func makeDirectory(_ path: String, mode: Int) throws(LocalPostgresError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: mode])
        } catch {
            throw LocalPostgresError(.fileSystem, "cannot create \(path): \(error.localizedDescription)")
        }
    }

    private static func absolute(_ path: String) -> String {
        let full = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        return URL(fileURLWithPath: full).standardizedFileURL.path
    }

    /// FNV-1a of the path, 12 hex digits: stable across runs, so stop() finds what start() made.
    static func shortHash(_ text: String) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(String(hash, radix: 16).suffix(12))
    }
}
