import Foundation
import Logging
import Subprocess
import SystemPackage

/// A private PostgreSQL cluster on a Unix socket only: initdb on first start, reuse a running server, stop it.
public struct LocalPostgresCluster: Sendable {
    public struct Options: Sendable {
        /// Created with initdb on first start.
        public var dataDirectory: String
        /// Default: next to the data dir; a short private dir under /tmp when the socket path would not fit sun_path.
        public var socketDirectory: String?
        /// Extra `-c` settings (tests pass fsync=off, synchronous_commit=off, full_page_writes=off).
        public var serverSettings: [String: String]
        /// Else MLOOP_PG_BIN, then `pg_config --bindir`, then PATH, then the highest /usr/lib/postgresql/*/bin.
        public var binDirectory: String?

        public init(
            dataDirectory: String, socketDirectory: String? = nil, serverSettings: [String: String] = [:],
            binDirectory: String? = nil
        ) {
            self.dataDirectory = dataDirectory
            self.socketDirectory = socketDirectory
            self.serverSettings = serverSettings
            self.binDirectory = binDirectory
        }
    }

    public let options: Options
    private let logger: Logger

    public init(_ options: Options, logger: Logger) {
        self.options = options
        self.logger = logger
    }

    /// initdb if needed, reuse the server if one already runs on this data dir, else start it; returns once it
    /// accepts connections.
    public func start() async throws(LocalPostgresError) -> LocalPostgresServer {
        let binaries = try await PostgresBinaries.locate(override: options.binDirectory)
        let user = try ServerUser.current()
        let layout = ClusterLayout(options: options, user: user, logger: logger)
        try layout.prepare(for: user)
        if let running = PostmasterPID.read(dataDirectory: layout.dataDirectory),
            ProcessProbe.isAlive(running.processID)
        {
            if await waitUntilAccepting(layout, processID: running.processID, timeout: .seconds(10)) {
                logger.debug("reusing running PostgreSQL", metadata: ["pid": "\(running.processID)"])
                return LocalPostgresServer(
                    conninfo: layout.conninfo, processID: running.processID, startedHere: false,
                    dataDirectory: layout.dataDirectory, relocated: layout.relocatedBase != nil)
            }
        }
        if !layout.isInitialized { try await initdb(binaries, layout, user) }
        try await startServer(binaries, layout, user)
        guard let started = PostmasterPID.read(dataDirectory: layout.dataDirectory),
            await waitUntilAccepting(layout, processID: started.processID, timeout: .seconds(10))
        else {
            throw LocalPostgresError(
                .startFailed, "PostgreSQL did not start accepting connections; see \(layout.logFile)")
        }
        logger.debug(
            "started PostgreSQL", metadata: ["pid": "\(started.processID)", "data": "\(layout.dataDirectory)"])
        return LocalPostgresServer(
            conninfo: layout.conninfo, processID: started.processID, startedHere: true,
            dataDirectory: layout.dataDirectory, relocated: layout.relocatedBase != nil)
    }

    /// Fast shutdown (SIGINT to the postmaster), wait, escalate to SIGQUIT and finally SIGKILL.
    public func stop() async throws(LocalPostgresError) {
        let user = try ServerUser.current()
        let layout = ClusterLayout(
            options: options, user: user, logger: Logger(label: "quiet", factory: { _ in SwiftLogNoOpLogHandler() }))
        guard let running = PostmasterPID.read(dataDirectory: layout.dataDirectory),
            ProcessProbe.isAlive(running.processID)
        else { return }
        for (signal, grace) in [(SIGINT, Duration.seconds(5)), (SIGQUIT, .seconds(3)), (SIGKILL, .seconds(2))] {
            kill(running.processID, signal)
            if await waitUntilGone(running.processID, timeout: grace) { return }
            logger.warning("PostgreSQL did not stop yet; escalating", metadata: ["pid": "\(running.processID)"])
        }
        throw LocalPostgresError(.stopFailed, "PostgreSQL (pid \(running.processID)) did not stop, even after SIGKILL")
    }

    /// Stops the server if it runs, then removes everything the cluster made: its data directory, socket folder and
    /// log, and a folder it was moved to (with the record of the move). Returns the paths removed.
    public func destroy() async throws(LocalPostgresError) -> [String] {
        try await stop()
        let user = try ServerUser.current()
        let layout = ClusterLayout(
            options: options, user: user, logger: Logger(label: "quiet", factory: { _ in SwiftLogNoOpLogHandler() }))
        var removed: [String] = []
        for path in layout.createdPaths where FileManager.default.fileExists(atPath: path) {
            do {
                try FileManager.default.removeItem(atPath: path)
            } catch {
                throw LocalPostgresError(.fileSystem, "cannot remove \(path): \(error.localizedDescription)")
            }
            removed.append(path)
        }
        return removed
    }

    private func initdb(_ binaries: PostgresBinaries, _ layout: ClusterLayout, _ user: ServerUser)
        async throws(LocalPostgresError)
    {
        var arguments = [
            "-D", layout.dataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale",
            "--no-instructions",
        ]
        if options.serverSettings["fsync"] == "off" { arguments.append("--no-sync") }
        let (ok, output) = await Self.run(binaries.initdb, arguments, layout, user)
        guard ok else {
            throw LocalPostgresError(
                .initdbFailed, "initdb failed for \(layout.dataDirectory): \(Self.lastLines(output))")
        }
    }

    private func startServer(_ binaries: PostgresBinaries, _ layout: ClusterLayout, _ user: ServerUser)
        async throws(LocalPostgresError)
    {
        // pg_ctl hands -o to /bin/sh: every value is single-quoted for the shell.
        var serverOptions = ["-c listen_addresses=''", "-k \(Self.shellQuote(layout.socketDirectory))"]
        for (key, value) in options.serverSettings.sorted(by: { $0.key < $1.key }) {
            serverOptions.append("-c \(Self.shellQuote("\(key)=\(value)"))")
        }
        let arguments = [
            "-D", layout.dataDirectory, "-l", layout.logFile, "-w", "-t", "30", "-o",
            serverOptions.joined(separator: " "), "start",
        ]
        let (ok, output) = await Self.run(binaries.pgCtl, arguments, layout, user)
        guard ok else {
            throw LocalPostgresError(
                .startFailed, "PostgreSQL failed to start: \(Self.lastLines(output)); see \(layout.logFile)")
        }
    }

    private static func run(_ executable: String, _ arguments: [String], _ layout: ClusterLayout, _ user: ServerUser)
        async -> (Bool, String)
    {
        let command: (String, [String])
        do {
            command = try user.command(executable, arguments)
        } catch {
            return (false, error.description)
        }
        return await CapturedRun.run(
            command.0, command.1, workingDirectory: (layout.dataDirectory as NSString).deletingLastPathComponent,
            platformOptions: PlatformOptions())
    }

    private func waitUntilAccepting(_ layout: ClusterLayout, processID: Int32, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if ProcessProbe.acceptsConnections(socketPath: layout.socketPath) { return true }
            if !ProcessProbe.isAlive(processID) { return false }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    private func waitUntilGone(_ processID: Int32, timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while ContinuousClock.now < deadline {
            if !ProcessProbe.isAlive(processID) { return true }
            try? await Task.sleep(for: .milliseconds(10))
        }
        return !ProcessProbe.isAlive(processID)
    }

    private static func shellQuote(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }

    private static func lastLines(_ output: String) -> String {
        let lines = output.split(whereSeparator: \.isNewline).suffix(3)
        return lines.isEmpty ? "no output" : lines.joined(separator: " | ")
    }
}
