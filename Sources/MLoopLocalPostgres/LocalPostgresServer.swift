/// A running private server and how to reach it.
public struct LocalPostgresServer: Sendable, Hashable {
    /// libpq conninfo, e.g. `host=/path/to/sockdir port=5432 user=postgres dbname=postgres`.
    public var conninfo: String
    public var processID: Int32
    /// False when an already-running server was reused.
    public var startedHere: Bool
    /// Where the cluster's files are: the data directory asked for, or the folder it was moved to when the server's
    /// user cannot reach that one (recorded beside the asked-for path, see `LocalPostgresCluster.destroy`).
    public var dataDirectory: String
    /// True when the cluster lives outside the folder asked for.
    public var relocated: Bool

    public init(conninfo: String, processID: Int32, startedHere: Bool, dataDirectory: String, relocated: Bool = false) {
        self.conninfo = conninfo
        self.processID = processID
        self.startedHere = startedHere
        self.dataDirectory = dataDirectory
        self.relocated = relocated
    }
}
