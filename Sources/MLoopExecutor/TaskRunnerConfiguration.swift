/// How a `TaskRunner` launches tries: where they work, which interpreters, and the limits they run under.
public struct TaskRunnerConfiguration: Sendable {
    /// Per-try scratch directories are created under it and removed after the try.
    public var workDirectory: String
    /// Compiled Swift tasks, by SHA-256 of source and toolchain version.
    public var swiftCacheDirectory: String
    /// `nil`: resolved once, from `MLOOP_PYTHON`, else `python3` on `PATH` (its `sys.executable`).
    public var pythonExecutable: String?
    /// Whether python tries are forked from a long-lived interpreter (`PythonForkServer`) rather than each starting
    /// one; `nil`: yes unless `MLOOP_PYTHON_FORKSERVER=0`.
    public var usesPythonForkServer: Bool?
    /// Time between SIGTERM and SIGKILL when a try's process tree is stopped.
    public var killGracePeriod: Duration
    /// The largest JSON text one XCom value may have.
    public var maxXComBytes: Int
    /// The most log text stored per try; past it one truncation line is logged and output is still drained.
    public var maxLogBytes: Int

    /// Told about every process session the runner starts (the worker's orphan guard).
    public var sessionObserver: (any TaskSessionObserver)? = nil

    public static let defaultKillGracePeriod: Duration = .seconds(5)
    public static let defaultMaxXComBytes = 1 << 20
    public static let defaultMaxLogBytes = 64 << 20

    public init(
        workDirectory: String,
        swiftCacheDirectory: String,
        pythonExecutable: String? = nil,
        usesPythonForkServer: Bool? = nil,
        killGracePeriod: Duration = TaskRunnerConfiguration.defaultKillGracePeriod,
        maxXComBytes: Int = TaskRunnerConfiguration.defaultMaxXComBytes,
        maxLogBytes: Int = TaskRunnerConfiguration.defaultMaxLogBytes
    ) {
        self.workDirectory = workDirectory
        self.swiftCacheDirectory = swiftCacheDirectory
        self.pythonExecutable = pythonExecutable
        self.usesPythonForkServer = usesPythonForkServer
        self.killGracePeriod = killGracePeriod
        self.maxXComBytes = maxXComBytes
        self.maxLogBytes = maxLogBytes
    }
}
