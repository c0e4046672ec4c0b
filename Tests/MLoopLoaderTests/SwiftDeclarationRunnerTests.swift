import Foundation
import MLoopCore
import MLoopLoader
import MLoopTestSupport
import Testing

/// `*.swift` workflow files compiled with the real swiftc and run as real programs. Serialized: the first test
/// builds the DSL library into this process's cache, the others reuse it.
@Suite(.serialized) struct SwiftDeclarationRunnerTests {
    static let cache = FileManager.default.temporaryDirectory.appendingPathComponent("mloop-dsl-\(UUID())").path
    static let runner = SwiftDeclarationRunner(configuration: .init(cacheDirectory: cache))

    static let twoWorkflows = """
        import MLoopDSL

        let regions = ["eu", "us"]
        emit {
            Workflow("extract_load") {
                Schedule("@daily")
                Task("extract") { Bash("echo extract") }
                for region in regions { Task("load_\\(region)") { Bash("echo \\(region)") }.needs("extract") }
            }
            Workflow("report") { Task("publish") { Command(["echo", "done"]) } }
        }
        """

    static func programCount() -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: cache + "/programs").count) ?? 0
    }

    @Test func multiWorkflowFileYieldsEachWorkflowAsDeclared() async throws {
        let workflows = try await Self.runner.load(Self.twoWorkflows, file: "team/etl.swift").get()
        #expect(workflows.map(\.id.rawValue) == ["extract_load", "report"])
        #expect(workflows[0].tasks.map(\.id.rawValue) == ["extract", "load_eu", "load_us"])
        let twin = try WorkflowFileLoader.loadYAML(
            "schedule: '@daily'\ntasks:\n  - {id: extract, bash: echo extract}\n"
                + "  - {id: load_eu, bash: echo eu, needs: extract}\n  - {id: load_us, bash: echo us, needs: extract}",
            file: "extract_load.yaml"
        ).get()
        #expect(CanonicalForm.contentHash(workflows[0]) == CanonicalForm.contentHash(twin))
    }

    @Test func unchangedFileIsNotCompiledAgainAndAChangedOneIs() async throws {
        _ = try await Self.runner.load(Self.twoWorkflows, file: "cached.swift").get()
        let programs = Self.programCount()
        _ = try await Self.runner.load(Self.twoWorkflows, file: "cached.swift").get()
        #expect(Self.programCount() == programs)

        let changed = Self.twoWorkflows.replacingOccurrences(of: "\"report\"", with: "\"weekly_report\"")
        let workflows = try await Self.runner.load(changed, file: "cached.swift").get()
        #expect(workflows.map(\.id.rawValue) == ["extract_load", "weekly_report"])
        #expect(Self.programCount() == programs + 1)
    }

    @Test func compileErrorBecomesAnIssueAtTheFileAndLine() async throws {
        let text = "import MLoopDSL\n\nemit {\n    Workflow(\"w\") { Task(\"a\") { Bash(42) } }\n}\n"
        let failure = try #require(await Self.runner.load(text, file: "broken.swift").failure)
        let issue = try #require(failure.issues.first)
        #expect(issue.file == "broken.swift")
        #expect(issue.line == 4)
        #expect(issue.message.hasPrefix("does not compile: cannot convert value of type 'Int'"))
    }

    @Test func validationIssuesCarryTheYAMLMessagesAndTheDeclaringLine() async throws {
        let text =
            "import MLoopDSL\nemit {\n    Workflow(\"w\") {\n        Task(\"a\") { Bash(\"x\") }.needs(\"lod\")\n"
            + "    }\n}\n"
        let failure = try #require(await Self.runner.load(text, file: "invalid.swift").failure)
        #expect(
            failure.issues.map(\.description) == ["invalid.swift:4: tasks[0].needs[0]: 'a' needs unknown task 'lod'"])
    }

    @Test func crashingProgramBecomesAnIssue() async throws {
        let text =
            "import MLoopDSL\nlet ids: [String] = []\nemit { Workflow(ids[1]) { Task(\"a\") { Bash(\"x\") } } }\n"
        let failure = try #require(await Self.runner.load(text, file: "crash.swift").failure)
        #expect(failure.issues.count == 1)
        #expect(failure.issues[0].message.hasPrefix("the declaring program crashed"))
    }

    @Test func hangingProgramIsKilledAfterTheTimeout() async throws {
        let runner = SwiftDeclarationRunner(configuration: .init(cacheDirectory: Self.cache, runTimeout: .seconds(1)))
        let text = "import MLoopDSL\nimport Foundation\nwhile true { sleep(1) }\n"
        let clock = ContinuousClock()
        let started = clock.now
        let failure = try #require(await runner.load(text, file: "hang.swift").failure)
        #expect(clock.now - started < .seconds(30))
        #expect(
            failure.issues.map(\.message) == ["the declaring program did not finish within 1.0 seconds and was killed"])
    }

    static let canIsolateNetwork = CommandCheck.succeeds("/usr/bin/unshare -rn /bin/true")

    @Test(.enabled(if: canIsolateNetwork, "needs unshare -rn"))
    func declaringProgramCannotReachAServerOverTCP() async throws {
        let listener = try TCPListener()
        defer { listener.close() }
        let text = """
            import Glibc
            import MLoopDSL

            func canConnect() -> Bool {
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = in_port_t(\(listener.port)).bigEndian
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                let socket = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                defer { Glibc.close(socket) }
                return withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(socket, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
                    }
                }
            }
            let id = canConnect() ? "reached_the_server" : "isolated"
            emit { Workflow(id) { Task("a") { Bash("x") } } }
            """
        let workflows = try await Self.runner.load(text, file: "network.swift").get()
        #expect(workflows.map(\.id.rawValue) == ["isolated"])
        // The same connection from this process works: the listener is real.
        #expect(listener.acceptsConnections())
    }

    @Test(.enabled(if: geteuid() == 0, "only root drops to nobody"))
    func declaringProgramRunAsRootCannotReadRootsFiles() async throws {
        // Stands for MLoop's own state and the embedded PostgreSQL's socket (mode 0700): private to root/postgres.
        let secret = FileManager.default.temporaryDirectory.appendingPathComponent("secret-\(UUID())").path
        try "credentials".write(toFile: secret, atomically: true, encoding: .utf8)
        chmod(secret, 0o600)
        defer { try? FileManager.default.removeItem(atPath: secret) }
        let text = """
            import Foundation
            import MLoopDSL

            let id = FileManager.default.contents(atPath: "\(secret)") == nil ? "confined" : "read_the_secret"
            emit { Workflow(id) { Task("a") { Bash("x") } } }
            """
        let workflows = try await Self.runner.load(text, file: "secret.swift").get()
        #expect(workflows.map(\.id.rawValue) == ["confined"])
        #expect(FileManager.default.contents(atPath: secret) != nil, "the file is readable by this (root) process")
    }

    @Test func embeddedSourcesMatchTheDSLAndCoreSourcesOnDisk() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../Sources"
        ).standardized.path
        for (module, embedded) in SwiftDeclarationRunner.embeddedSources {
            let folder = sources + "/" + module
            let onDisk = try FileManager.default.subpathsOfDirectory(atPath: folder)
                .filter { $0.hasSuffix(".swift") }.sorted()
            #expect(embedded.map(\.path).sorted() == onDisk, "the EmbedDSLSources plugin output is stale")
            for (path, text) in embedded {
                let current = try String(contentsOfFile: folder + "/" + path, encoding: .utf8)
                #expect(text + "\n" == current, "\(module)/\(path) differs from the EmbedDSLSources plugin output")
            }
        }
    }
}

extension Result {
    var failure: Failure? {
        if case .failure(let failure) = self { return failure }
        return nil
    }
}
