import MLoopDSL
import Testing

import struct MLoopCore.TaskID

/// Loops and conditionals inside the builders compute a workflow's shape.
@Suite struct WorkflowBuilderTests {
    @Test func loopsDeclareOneTaskPerElementInOrder() throws {
        let partitions = ["eu", "us", "apac"]
        let workflow = Workflow("partitions") {
            Task("extract") { Bash("echo extract") }
            for partition in partitions {
                Task("load_\(partition)") { Bash("echo \(partition)") }.needs("extract")
            }
            Task("publish") { Bash("echo done") }.needs(partitions.map { "load_\($0)" })
        }
        let definition = try workflow.definition().get()
        #expect(
            definition.tasks.map(\.id.rawValue) == [
                "extract", "load_eu", "load_us", "load_apac", "publish",
            ])
        #expect(definition.task("publish")?.needs == ["load_eu", "load_us", "load_apac"])
        #expect(definition.task("load_us")?.action == .bash(script: "echo us"))
    }

    @Test(arguments: [true, false])
    func conditionalsIncludeOnlyTheTakenBranch(production: Bool) throws {
        let workflow = Workflow("conditional") {
            if production {
                Schedule("@daily")
                Task("deploy") { Bash("deploy") }
            } else {
                Task("dry_run") { Bash("echo dry") }
            }
            Task("check") {
                Bash("check")
                if production { Retries(5) }
            }
            Defaults {
                for _ in 0..<1 { Timeout(.minutes(1)) }
                if !production { Env(["STAGE": "dev"]) }
            }
        }
        let definition = try workflow.definition().get()
        #expect(
            definition.tasks.map(\.id.rawValue)
                == (production ? ["deploy", "check"] : ["dry_run", "check"]))
        #expect(definition.schedule.text == (production ? "@daily" : nil))
        #expect(definition.task("check")?.retries == (production ? 5 : 0))
        #expect(definition.task("check")?.timeout == .minutes(1))
        #expect(definition.task("check")?.env == (production ? [:] : ["STAGE": "dev"]))
    }

    @Test func switchAndOptionalsWorkInsideTheBuilder() throws {
        enum Size { case small, large }
        let size = Size.large
        let owner: String? = "data-team"
        let workflow = Workflow("switching") {
            switch size {
            case .small: MaxActiveTasks(1)
            case .large: MaxActiveTasks(32)
            }
            if let owner { Tags(owner) }
            Task("a") { Command("echo", "a") }
        }
        let definition = try workflow.definition().get()
        #expect(definition.maxActiveTasks == 32)
        #expect(definition.tags == ["data-team"])
    }
}
