/// A failure to set up, start or stop a private PostgreSQL cluster, in one clear line.
public struct LocalPostgresError: Error, Sendable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        case binariesNotFound, noServerUser, fileSystem, initdbFailed, startFailed, stopFailed, lockFailed, inUse
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    static func binariesNotFound(searched: [String]) -> LocalPostgresError {
        let places = searched.isEmpty ? "any known location" : searched.joined(separator: ", ")
        return LocalPostgresError(
            .binariesNotFound,
            "PostgreSQL server binaries (initdb, postgres) not found in \(places); install them: "
                + "apt-get install postgresql (or set MLOOP_PG_BIN to their folder)")
    }
}
