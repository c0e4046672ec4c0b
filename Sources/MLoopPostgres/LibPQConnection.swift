import CLibPQ
import Dispatch
import Foundation
import Logging
import Synchronization

#if canImport(Glibc)
    import Glibc
#endif

/// One PGconn driven non-blocking. Every libpq call on `conn` happens on `queue` — that confinement is why the
/// class is `@unchecked Sendable`. A persistent read source on `PQsocket` feeds results and NOTIFYs alike.
final class LibPQConnection: @unchecked Sendable {
    typealias Completion = CheckedContinuation<Result<PostgresRows, PostgresError>, Never>

    struct Request {
        enum Kind {
            case parameters([PostgresBind], preparable: Bool)
            case script
        }
        var text: String
        var kind: Kind
        var completion: Completion
        /// Set when the calling task is cancelled. A query not sent yet (queued, or waiting for its statement to be
        /// prepared) is then answered without being sent: a cancel request reaches only what the server is running.
        var cancelled: CancelFlag
    }

    final class CancelFlag: Sendable {
        private let value = Atomic(false)
        var isSet: Bool { value.load(ordering: .acquiring) }
        func set() { value.store(true, ordering: .releasing) }
    }

    struct InFlight {
        var request: Request
        var rows: PostgresRows?
        var error: PostgresError?
        /// Set while the request's statement is being prepared under this name (and cache key); its execution follows.
        var preparing: (name: String, key: String)?
    }

    /// Named statements prepared on this connection, by text and parameter types. Every query MLoop sends has a
    /// fixed text with bound values, so after the first use PostgreSQL skips parsing and, once it settles on a
    /// generic plan, planning — most of the cost of the short statements claims and finishes are made of.
    private var prepared: [String: String] = [:]
    /// Beyond this many distinct statements, further ones run unprepared rather than grow the server's memory.
    private static let preparedStatementLimit = 512

    let queue: DispatchQueue
    let server: String
    let logger: Logger
    private var conn: OpaquePointer?
    private var readSource: DispatchSourceRead?
    private var inFlight: InFlight?
    private var waiting: [Request] = []
    private let cancelHandle = Mutex(CancelHandle())
    private let listeners = Mutex<(next: Int, all: [Int: AsyncStream<PostgresNotification>.Continuation])>((0, [:]))
    private let broken = Atomic<Bool>(false)
    /// The descriptor the read source watches (a duplicate of libpq's socket), -1 before reading starts.
    private let watched = Atomic<Int32>(-1)

    private init(queue: DispatchQueue, conn: OpaquePointer, server: String, logger: Logger) {
        self.queue = queue
        self.conn = conn
        self.server = server
        self.logger = logger
    }

    var isUsable: Bool { !broken.load(ordering: .acquiring) }

    /// Connects on the connection's own queue (PQconnectdb blocks up to connect_timeout).
    static func connect(_ configuration: PostgresConfiguration, logger: Logger) async -> Result<
        LibPQConnection, PostgresError
    > {
        let queue = DispatchQueue(label: "mloop.postgres.connection")
        return await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: connectBlocking(configuration, queue: queue, logger: logger))
            }
        }
    }

    private static func connectBlocking(_ configuration: PostgresConfiguration, queue: DispatchQueue, logger: Logger)
        -> Result<LibPQConnection, PostgresError>
    {
        let server = configuration.serverSummary
        guard let conn = PQconnectdb(configuration.conninfo) else {
            return .failure(PostgresError(.connectionFailed, "out of memory", server: server))
        }
        guard PQstatus(conn) == CONNECTION_OK else {
            let error = LibPQErrors.connectFailure(PQerrorMessage(conn), configuration: configuration)
            PQfinish(conn)
            return .failure(error)
        }
        // Timestamps are decoded from text: pin the session's zone and style so the text is unambiguous.
        let setup = PQexec(conn, "SET TimeZone TO 'UTC'; SET DateStyle TO 'ISO, MDY'; SET client_encoding TO 'UTF8'")
        let setupOK = PQresultStatus(setup) == PGRES_COMMAND_OK
        PQclear(setup)
        // Server notices (and FATALs that arrive while idle) would go to stderr; failures surface as errors instead.
        PQsetNoticeProcessor(conn, { _, _ in }, nil)
        guard setupOK, PQsetnonblocking(conn, 1) == 0 else {
            let error = PostgresError(
                .connectionFailed, String(cString: PQerrorMessage(conn)).trimmedLine, server: server)
            PQfinish(conn)
            return .failure(error)
        }
        let connection = LibPQConnection(queue: queue, conn: conn, server: server, logger: logger)
        let handle = CancelHandle(pointer: PQgetCancel(conn))
        connection.cancelHandle.withLock { $0 = handle }
        connection.startReading()
        return .success(connection)
    }

    // libpq closes its socket itself as soon as it sees the link fail, while the read source is still registered;
    // the number could then be reused by a new connection's socket and confuse dispatch. The source therefore
    // watches a duplicate descriptor that only its cancel handler closes.
    private func startReading() {
        guard let conn else { return }
        let descriptor = fcntl(PQsocket(conn), F_DUPFD_CLOEXEC, 0)
        guard descriptor >= 0 else {
            return connectionLost("cannot watch the socket: \(String(cString: strerror(errno)))")
        }
        let source = DispatchSource.makeReadSource(fileDescriptor: descriptor, queue: queue)
        source.setEventHandler { self.drive() }
        source.setCancelHandler {
            self.watched.store(-1, ordering: .releasing)
            Glibc.close(descriptor)
            self.sourceCancelled()
        }
        readSource = source
        watched.store(descriptor, ordering: .releasing)
        source.resume()
    }

    // MARK: queries

    func execute(_ text: String, kind: Request.Kind) async -> Result<PostgresRows, PostgresError> {
        if Task.isCancelled { return .failure(Self.cancelledError(text)) }
        let cancelled = CancelFlag()
        return await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                queue.async {
                    self.enqueue(Request(text: text, kind: kind, completion: continuation, cancelled: cancelled))
                }
            }
        } onCancel: {
            cancelled.set()
            self.cancelIfRunning(cancelled)
        }
    }

    private func enqueue(_ request: Request) {
        guard conn != nil, isUsable else {
            let error = PostgresError(.connectionLost, "the connection is closed", query: request.text, server: server)
            return request.completion.resume(returning: .failure(error))
        }
        waiting.append(request)
        if inFlight == nil { sendNext() }
    }

    private static func cancelledError(_ text: String) -> PostgresError {
        PostgresError(.cancelled, "the task was cancelled", query: text)
    }

    private func sendNext() {
        guard let conn else { return }
        while let first = waiting.first, first.cancelled.isSet {
            waiting.removeFirst()
            first.completion.resume(returning: .failure(Self.cancelledError(first.text)))
        }
        guard !waiting.isEmpty else { return }
        let request = waiting.removeFirst()
        let sent: Int32
        switch request.kind {
        case .script:
            sent = PQsendQuery(conn, request.text)
        case .parameters(let binds, let preparable):
            let key = preparable ? Self.statementKey(request.text, binds) : nil
            if let key, let name = prepared[key] {
                sent = LibPQParameters.withParameters(binds) { count, _, values, lengths, formats in
                    PQsendQueryPrepared(conn, name, count, values, lengths, formats, 0)
                }
            } else if let key, prepared.count < Self.preparedStatementLimit {
                let name = "mloop_\(prepared.count + 1)"
                sent = LibPQParameters.withParameters(binds) { count, types, _, _, _ in
                    PQsendPrepare(conn, name, request.text, count, types)
                }
                inFlight = InFlight(request: request, preparing: (name, key))
            } else {
                // Planned each time by request, or the cache is full.
                sent = LibPQParameters.withParameters(binds) { count, types, values, lengths, formats in
                    PQsendQueryParams(conn, request.text, count, types, values, lengths, formats, 0)
                }
            }
        }
        if inFlight == nil { inFlight = InFlight(request: request) }
        guard sent == 1, flush(conn) else {
            return connectionLost(String(cString: PQerrorMessage(conn)).trimmedLine)
        }
        drive()
    }

    private static func statementKey(_ text: String, _ binds: [PostgresBind]) -> String {
        binds.reduce(into: text + "\u{0}") { key, bind in key += "\(bind.typeOID)," }
    }

    /// Pushes the whole query out; libpq may need to read while it writes, so poll both ways.
    private func flush(_ conn: OpaquePointer) -> Bool {
        while true {
            switch PQflush(conn) {
            case 0: return true
            case 1:
                var descriptor = pollfd(fd: PQsocket(conn), events: Int16(POLLIN | POLLOUT), revents: 0)
                _ = poll(&descriptor, 1, 1000)
                if descriptor.revents & Int16(POLLIN) != 0, PQconsumeInput(conn) == 0 { return false }
            default: return false
            }
        }
    }

    /// Reads what arrived: NOTIFYs first, then results while libpq has complete ones.
    private func drive() {
        guard let conn else { return }
        guard consumeAvailableInput(conn) else {
            return connectionLost(String(cString: PQerrorMessage(conn)).trimmedLine)
        }
        deliverNotifications(conn)
        while inFlight != nil, PQisBusy(conn) == 0 {
            guard let result = PQgetResult(conn) else {
                finishInFlight()
                if PQstatus(conn) == CONNECTION_BAD { return connectionLost("the server closed the connection") }
                sendNext()
                continue
            }
            absorb(result)
        }
        if PQstatus(conn) == CONNECTION_BAD { connectionLost(String(cString: PQerrorMessage(conn)).trimmedLine) }
    }

    // Dispatch may report readiness once for data and the end of the stream together (a server's FATAL then
    // its close); libpq stops after the data. Keep reading while the socket still polls readable, so the close
    // is seen now rather than never.
    private func consumeAvailableInput(_ conn: OpaquePointer) -> Bool {
        for _ in 0..<64 {
            guard PQconsumeInput(conn) == 1 else { return false }
            var descriptor = pollfd(fd: PQsocket(conn), events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, 0) > 0, descriptor.revents != 0 else { return true }
        }
        return true
    }

    private func absorb(_ result: OpaquePointer) {
        defer { PQclear(result) }
        guard var current = inFlight else { return }
        switch LibPQResult.read(result, query: current.request.text, server: server) {
        case .success(let rows): current.rows = rows
        case .failure(let error): if current.error == nil { current.error = error }
        }
        inFlight = current
    }

    private func finishInFlight() {
        guard let current = inFlight else { return }
        inFlight = nil
        if let preparing = current.preparing, current.error == nil {
            // Prepared: execute it next, ahead of anything queued meanwhile.
            prepared[preparing.key] = preparing.name
            if current.request.cancelled.isSet {
                current.request.completion.resume(returning: .failure(Self.cancelledError(current.request.text)))
            } else {
                waiting.insert(current.request, at: 0)
            }
            return
        }
        if let error = current.error {
            current.request.completion.resume(returning: .failure(error))
        } else {
            current.request.completion.resume(returning: .success(current.rows ?? .empty))
        }
    }

    // Only when the cancelled request is the one the server runs: a cancel request stops whatever the backend is
    // doing, which may be another caller's query. (PQcancel blocks, so not on the connection's queue.)
    private func cancelIfRunning(_ flag: CancelFlag, attempt: Int = 1) {
        queue.async {
            guard let inFlight = self.inFlight, inFlight.request.cancelled === flag else { return }
            DispatchQueue.global().async {
                self.cancelHandle.withLock { handle in
                    guard let handle = handle.pointer else { return }
                    var buffer = [CChar](repeating: 0, count: 256)
                    _ = PQcancel(handle, &buffer, Int32(buffer.count))
                }
                // The server ignores a cancel request that arrives before its backend starts on the query (sent, not
                // yet read): ask again while the query is still this connection's running one.
                guard attempt < Self.cancelAttempts else { return }
                DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(100)) {
                    self.cancelIfRunning(flag, attempt: attempt + 1)
                }
            }
        }
    }

    /// Cancel requests sent, 100 ms apart, while a cancelled query keeps running.
    private static let cancelAttempts = 50

    /// Reads whatever already arrived (without waiting) so a server that went away is noticed before reuse.
    func checkAlive() async -> Bool {
        // The common case, an idle socket with nothing to read, is answered here: hopping to the queue costs two
        // thread switches per pool checkout.
        let descriptor = watched.load(ordering: .acquiring)
        if descriptor >= 0, isUsable {
            var poller = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            if poll(&poller, 1, 0) == 0, isUsable, watched.load(ordering: .acquiring) == descriptor { return true }
        }
        return await withCheckedContinuation { continuation in
            queue.async {
                if self.conn != nil, self.isUsable, self.inFlight == nil { self.drive() }
                continuation.resume(returning: self.conn != nil && self.isUsable)
            }
        }
    }

    // MARK: notifications

    func notifications() -> AsyncStream<PostgresNotification> {
        AsyncStream { continuation in
            guard isUsable else { return continuation.finish() }
            let id = listeners.withLock { state in
                state.next += 1
                state.all[state.next] = continuation
                return state.next
            }
            continuation.onTermination = { [weak self] _ in
                _ = self?.listeners.withLock { $0.all.removeValue(forKey: id) }
            }
            // A break between the check and the registration must still end the stream.
            if !isUsable { continuation.finish() }
        }
    }

    private func deliverNotifications(_ conn: OpaquePointer) {
        while let note = PQnotifies(conn) {
            let notification = PostgresNotification(
                channel: String(cString: note.pointee.relname), payload: String(cString: note.pointee.extra),
                processID: note.pointee.be_pid)
            PQfreemem(note)
            let continuations = listeners.withLock { Array($0.all.values) }
            for continuation in continuations { continuation.yield(notification) }
        }
    }

    // MARK: breaking and closing

    private func connectionLost(_ message: String) {
        let alreadyBroken = broken.exchange(true, ordering: .acquiringAndReleasing)
        if !alreadyBroken { logger.debug("PostgreSQL connection lost", metadata: ["error": "\(message)"]) }
        readSource?.cancel()
        readSource = nil
        let text = message.isEmpty ? "the server closed the connection" : message
        if let current = inFlight {
            inFlight = nil
            let error =
                current.error.flatMap { $0.kind == .connectionLost ? $0 : nil }
                ?? PostgresError(.connectionLost, text, query: current.request.text, server: server)
            current.request.completion.resume(returning: .failure(error))
        }
        for request in waiting {
            let error = PostgresError(.connectionLost, text, query: request.text, server: server)
            request.completion.resume(returning: .failure(error))
        }
        waiting.removeAll()
        let continuations = listeners.withLock { state in
            defer { state.all.removeAll() }
            return Array(state.all.values)
        }
        for continuation in continuations { continuation.finish() }
    }

    /// Fails whatever is queued, stops reading and frees the PGconn (on the queue; PQfinish may block briefly).
    func close() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                self.connectionLost("the connection was closed")
                self.cancelHandle.withLock { handle in
                    if let pointer = handle.pointer { PQfreeCancel(pointer) }
                    handle = CancelHandle()
                }
                continuation.resume()
            }
        }
    }

    private func sourceCancelled() {
        // The socket belongs to libpq: free the PGconn only after dispatch has let go of the descriptor.
        if let conn { PQfinish(conn) }
        conn = nil
    }
}

/// A PGcancel*: PQcancel may be called from any thread, guarded by the connection's lock.
struct CancelHandle: @unchecked Sendable {
    var pointer: OpaquePointer?
}
