/// A running private server and how to reach it.
public struct LocalPostgresServer: Sendable, Hashable {
    /// libpq conninfo, e.g. `host=/path/to/sockdir port=5432 user=postgres dbname=postgres`.
    public var conninfo: String
    public var processID: Int32
    /// False when an already-running server was reused.
    public var startedHere: Bool

    public init(conninfo: String, processID: Int32, startedHere: Bool) {
        self.conninfo = conninfo
        self.processID = processID
        self.startedHere = startedHere
    }
}
