import MLoopCore

/// Receives a running try's output as it happens: the worker writes log chunks and the latest progress.
///
/// Calls for one try never overlap and arrive in output order.
public protocol TaskOutputHandler: Sendable {
    /// A batch of log lines, flushed at about 64 KiB or 200 ms, whichever comes first.
    func log(_ lines: [TaskLogLine]) async
    /// The try's last batch of log lines (possibly empty), delivered once after its process ended; no `log` follows.
    func closingLog(_ lines: [TaskLogLine]) async
    /// The latest `MLOOP_PROGRESS` object.
    func progress(_ value: JSONValue) async
    /// The latest `MLOOP_META` object.
    func metadata(_ value: JSONValue) async
}

extension TaskOutputHandler {
    /// By default the last batch is an ordinary one.
    public func closingLog(_ lines: [TaskLogLine]) async {
        if !lines.isEmpty { await log(lines) }
    }
}
