import Foundation
import Testing

@testable import MLoopCore

@Suite struct CanonicalFormTests {
    static func definition(env: KeyValuePairs<String, String> = ["B": "2", "A": "1"]) -> WorkflowDefinition {
        WorkflowDefinition(
            id: "ml_pipeline", description: "trains a model",
            schedule: .cron(try! CronExpression(parsing: "0 6 * * 1-5")),
            timezone: "Europe/Berlin", startDate: date("2024-01-01T00:00:00Z"), endDate: date("2025-01-01T12:30:00Z"),
            catchup: true, maxActiveRuns: 2, maxActiveTasks: 4, runTimeout: .seconds(3600),
            params: [
                "epochs": .int(10), "rate": .double(0.5), "name": .string("x"), "flags": .array([.bool(true), .null]),
                "nested": .object(["z": .int(1), "a": .int(2)]),
            ],
            tags: ["ml", "daily"],
            tasks: [
                TaskDefinition(
                    id: "prepare", action: .bash(script: "echo hi"),
                    env: Dictionary(uniqueKeysWithValues: env.map { ($0, $1) })),
                TaskDefinition(
                    id: "train", description: "fit", action: .python(.file("train.py")), needs: ["prepare"],
                    retries: 3, retryDelay: .seconds(30), retryExponentialBackoff: true,
                    maxRetryDelay: .seconds(600), timeout: .milliseconds(1500), triggerRule: .allDone,
                    params: ["k": .string("v")]),
                TaskDefinition(id: "compile", action: .swift(.inline("print(1)")), needs: ["train"]),
                TaskDefinition(id: "ship", action: .command(arguments: ["/bin/echo", "done"]), needs: ["compile"]),
            ])
    }

    @Test func decodingTheCanonicalJSONGivesTheDefinitionBack() throws {
        let original = Self.definition()
        let decoded = try CanonicalForm.decode(CanonicalForm.json(original))
        #expect(decoded == original)
        #expect(CanonicalForm.json(decoded) == CanonicalForm.json(original))
    }

    @Test func aDefinitionWithoutScheduleOrDatesRoundTrips() throws {
        let minimal = WorkflowDefinition(id: "m", tasks: [TaskDefinition(id: "t", action: .bash(script: "true"))])
        #expect(try CanonicalForm.decode(CanonicalForm.json(minimal)) == minimal)
        let once = WorkflowDefinition(
            id: "o", schedule: .once, startDate: date("2024-01-01T00:00:00.250Z"),
            tasks: [TaskDefinition(id: "t", action: .bash(script: "true"))])
        #expect(try CanonicalForm.decode(CanonicalForm.json(once)) == once)
    }

    @Test func theHashIgnoresTheOrderOfDictionaryKeys() {
        let forward = Self.definition(env: ["A": "1", "B": "2", "C": "3"])
        let backward = Self.definition(env: ["C": "3", "B": "2", "A": "1"])
        #expect(CanonicalForm.json(forward) == CanonicalForm.json(backward))
        #expect(CanonicalForm.contentHash(forward) == CanonicalForm.contentHash(backward))
    }

    @Test func theHashIsLowercaseHexOfTheCanonicalJSON() {
        let definition = Self.definition()
        let hash = CanonicalForm.contentHash(definition)
        #expect(hash == SHA256.hex(of: CanonicalForm.json(definition)))
        #expect(hash.count == 64 && hash.allSatisfy { "0123456789abcdef".contains($0) })
    }

    @Test func theJSONUsesSnakeCaseKeysSortedAndPlainEncodings() throws {
        let json = String(decoding: CanonicalForm.json(Self.definition()), as: UTF8.self)
        #expect(json.hasPrefix(#"{"catchup":true,"description":"trains a model","end_date":"2025-01-01T12:30:00Z","#))
        #expect(json.contains(#""max_active_runs":2,"max_active_tasks":4,"#))
        #expect(json.contains(#""run_timeout":3600,"schedule":"0 6 * * 1-5","start_date":"2024-01-01T00:00:00Z""#))
        #expect(json.contains(#""timeout":1.5,"trigger_rule":"all_done""#))
        #expect(json.contains(#""file":"train.py","kind":"python""#))
    }

    @Test(
        arguments: [
            (
                "schedule",
                { @Sendable (d: inout WorkflowDefinition) in d.schedule = .cron(try! CronExpression(parsing: "@daily"))
                }
            ),
            ("timezone", { $0.timezone = "UTC" }),
            ("start date", { $0.startDate = date("2024-01-02T00:00:00Z") }),
            ("catchup", { $0.catchup = false }),
            ("task order", { $0.tasks.swapAt(2, 3) }),
            ("script", { $0.tasks[0].action = .bash(script: "echo bye") }),
            ("needs", { $0.tasks[3].needs = ["train"] }),
            ("retry delay", { $0.tasks[1].retryDelay = .seconds(31) }),
            ("param type", { $0.params["epochs"] = .string("10") }),
            ("trigger rule", { $0.tasks[1].triggerRule = .allSuccess }),
            ("action kind", { $0.tasks[2].action = .python(.inline("print(1)")) }),
        ] as [(String, @Sendable (inout WorkflowDefinition) -> Void)])
    func differentDefinitionsHashDifferently(change: String, apply: @Sendable (inout WorkflowDefinition) -> Void) {
        var changed = Self.definition()
        apply(&changed)
        #expect(CanonicalForm.contentHash(changed) != CanonicalForm.contentHash(Self.definition()), "\(change)")
    }

    @Test func rejectsJSONThatIsNotADefinition() {
        #expect(throws: DecodingError.self) { try CanonicalForm.decode(Data(#"{"id":"x","start_date":"soon"}"#.utf8)) }
        #expect(throws: DecodingError.self) {
            try CanonicalForm.decode(Data(#"{"id":"x","tasks":[{"id":"t","action":{"kind":"perl"}}]}"#.utf8))
        }
        #expect(throws: DecodingError.self) { try CanonicalForm.decode(Data(#"{"id":"x","schedule":"@daly"}"#.utf8)) }
    }
}
