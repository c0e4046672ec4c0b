/// A running private server and how to reach it.
// A class: as a struct of this size, returned from the `async throws(LocalPostgresError)` start functions, it made
// the Swift 6.3 compiler free task-allocator memory out of order ("freed pointer was not the last allocation").
public final class LocalPostgresServer: Sendable {
    /// libpq conninfo, e.g. `host=/path/to/sockdir port=5432 user=postgres dbname=postgres`.
    public let conninfo: String
    public let processID: Int32
    /// False when an already-running server was reused.
    public let startedHere: Bool
    /// Where the cluster's files are: the data directory asked for, or the folder it was moved to when the server's
    /// user cannot reach that one (recorded beside the asked-for path, see `LocalPostgresCluster.destroy`).
    public let dataDirectory: String
    /// True when the cluster lives outside the folder asked for.
    public let relocated: Bool

    public init(conninfo: String, processID: Int32, startedHere: Bool, dataDirectory: String, relocated: Bool = false) {
        self.conninfo = conninfo
        self.processID = processID
        self.startedHere = startedHere
        self.dataDirectory = dataDirectory
        self.relocated = relocated
    }
}
