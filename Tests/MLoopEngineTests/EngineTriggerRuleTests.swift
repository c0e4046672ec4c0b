import Foundation
import MLoopCore
import MLoopStore
import Testing

/// Branching, skipping and trigger rules decide which downstream tasks run.
@Suite(.serialized) struct EngineTriggerRuleTests {
    @Test func aBranchRunsOneDownstreamTaskAndSkipsTheOther() async throws {
        let yaml = """
            id: branching
            params: {mode: fast}
            tasks:
              - id: choose
                python: |
                  context["ti"].branch("fast_path" if context["params"]["mode"] == "fast" else "slow_path")
              - {id: fast_path, needs: choose, bash: echo fast}
              - {id: slow_path, needs: choose, bash: echo slow}
              - {id: after_slow, needs: slow_path, bash: echo after slow}
              - id: join
                needs: [fast_path, slow_path]
                trigger_rule: none_failed_min_one_success
                bash: echo joined
            """
        try await withEngine(["branching.yaml": yaml]) { engine in
            let fast = try await engine.finished(try await engine.trigger("branching"))
            #expect(fast.run.state == .success)
            #expect(
                fast.states == [
                    "choose": .success, "fast_path": .success, "slow_path": .skipped, "after_slow": .skipped,
                    "join": .success,
                ])
            #expect(fast.instance("choose")?.branchChoice == [TaskID("fast_path")])
            #expect(fast.tries("slow_path").isEmpty, "a skipped task never ran")
            let slow = try await engine.finished(try await engine.trigger("branching", conf: ["mode": .string("slow")]))
            #expect(slow.states["fast_path"] == .skipped)
            #expect(slow.states["slow_path"] == .success)
            #expect(slow.states["join"] == .success)
        }
    }

    @Test func triggerRulesInAFailingWorkflow() async throws {
        let yaml = """
            id: rules
            tasks:
              - {id: bad, bash: exit 1}
              - {id: good, bash: "true"}
              - {id: normal, needs: [bad, good], bash: "true"}
              - {id: cleanup, needs: [bad, good], trigger_rule: all_done, bash: "true"}
              - {id: alert, needs: [bad, good], trigger_rule: one_failed, bash: "true"}
              - {id: all_bad, needs: [bad], trigger_rule: all_failed, bash: "true"}
              - {id: not_all_bad, needs: [bad, good], trigger_rule: all_failed, bash: "true"}
              - {id: after_normal, needs: normal, bash: "true"}
            """
        try await withEngine(["rules.yaml": yaml]) { engine in
            let detail = try await engine.finished(try await engine.trigger("rules"))
            #expect(detail.run.state == .failed)
            #expect(
                detail.states == [
                    "bad": .failed, "good": .success, "normal": .upstreamFailed, "cleanup": .success, "alert": .success,
                    "all_bad": .success, "not_all_bad": .skipped, "after_normal": .upstreamFailed,
                ])
            #expect(detail.tries("normal").isEmpty)
        }
    }

    @Test func exitCode99SkipsTheTaskAndItsAllSuccessDownstream() async throws {
        let yaml = """
            id: skipping
            tasks:
              - {id: nothing_to_do, bash: "echo no new data; exit 99"}
              - {id: process, needs: nothing_to_do, bash: "true"}
              - {id: report, needs: process, trigger_rule: all_done, bash: "true"}
            """
        try await withEngine(["skipping.yaml": yaml]) { engine in
            let detail = try await engine.finished(try await engine.trigger("skipping"))
            #expect(detail.run.state == .success)
            #expect(detail.states == ["nothing_to_do": .skipped, "process": .skipped, "report": .success])
            let skippedTry = try #require(detail.lastTry("nothing_to_do"))
            #expect(skippedTry.state == .skipped)
            #expect(skippedTry.exitCode == 99)
        }
    }
}
