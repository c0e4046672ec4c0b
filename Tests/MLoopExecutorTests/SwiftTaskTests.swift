import Foundation
import MLoopCore
import MLoopExecutor
import Testing

/// Two compiles in all: Swift builds are slow.
@Suite("TaskRunner Swift tasks")
struct SwiftTaskTests {
    @Test func inlineSwiftCompilesOnceThenRunsFromTheCache() async throws {
        let fixture = RunnerFixture()
        let code = """
            import Foundation
            let task = ProcessInfo.processInfo.environment["MLOOP_TASK_ID"] ?? "?"
            print("hello from swift task \\(task)")
            print(#"MLOOP_XCOM::{"key": "answer", "value": 42}"#)
            """
        let (first, firstLog) = await fixture.run(.swift(.inline(code)))
        #expect(first.outcome == .success)
        #expect(first.usedCachedBuild == false)
        #expect(first.xcoms["answer"] == .int(42))
        #expect(firstLog.taskOutput().first == "hello from swift task t")
        #expect(firstLog.texts().contains { $0.hasPrefix("[mloop] swift: compiled in ") })

        let (second, secondLog) = await fixture.run(.swift(.inline(code)))
        #expect(second.outcome == .success)
        #expect(second.usedCachedBuild == true)
        #expect(secondLog.texts().contains { $0.hasPrefix("[mloop] swift: using the cached build ") })
        #expect(secondLog.taskOutput().first == "hello from swift task t")
        let cached = try FileManager.default.contentsOfDirectory(atPath: fixture.configuration.swiftCacheDirectory)
        #expect(cached.count == 1, "one program in the cache, no temporary left: \(cached)")
    }

    @Test func compileErrorFailsWithTheCompilerMessageInTheLog() async {
        let fixture = RunnerFixture()
        let (result, handler) = await fixture.run(.swift(.inline("let x: Int = \"not a number\"\nprint(x)\n")))
        guard case .failed(let reason) = result.outcome else {
            Issue.record("expected a failure, got \(result.outcome)")
            return
        }
        #expect(reason.hasPrefix("the Swift compiler failed (exit code 1)"))
        #expect(handler.texts(.stderr).contains { $0.contains("error: cannot convert value of type 'String'") })
        let cached = (try? FileManager.default.contentsOfDirectory(atPath: fixture.configuration.swiftCacheDirectory))
        #expect(cached ?? [] == [], "a failed compile leaves nothing in the cache")
    }
}
