import Foundation
import MLoopCore
import MLoopLoader
import Testing

/// `protocol:` lets an existing trainer's progress and metadata lines count (seed 004's `VTM_PROGRESS::`).
@Suite struct OutputProtocolLoaderTests {
    static let yaml = """
        id: trainers
        defaults:
          protocol: {progress: VTM_PROGRESS, meta: VTM_RUN_META}
        tasks:
          - id: train
            python_file: trainers/train.py
          - id: evaluate
            needs: [train]
            protocol: {progress: EVAL_PROGRESS}
            bash: echo done
        """

    @Test func aTaskTakesTheProtocolOfItsDefaultsUnlessItGivesItsOwn() throws {
        let workflow = try Fixture.workflow(Self.yaml)
        #expect(
            workflow.task("train")?.outputProtocol == OutputProtocol(progress: "VTM_PROGRESS", meta: "VTM_RUN_META"))
        #expect(workflow.task("evaluate")?.outputProtocol == OutputProtocol(progress: "EVAL_PROGRESS"))
    }

    @Test func theCanonicalFormNamesItOnlyWhenSet() throws {
        let workflow = try Fixture.workflow(Self.yaml)
        let json = String(decoding: CanonicalForm.json(workflow), as: UTF8.self)
        #expect(json.contains(#""protocol":{"meta":"VTM_RUN_META","progress":"VTM_PROGRESS"}"#), "\(json)")
        let plain = try Fixture.workflow("id: plain\ntasks:\n  - {id: a, bash: echo a}\n")
        #expect(!String(decoding: CanonicalForm.json(plain), as: UTF8.self).contains("protocol"))
    }

    @Test(arguments: [
        ("{progress: 'VTM PROGRESS'}", "test.yaml:4:", "is not a line tag"),
        ("{progress: MLOOP_PROGRESS}", "test.yaml:4:", "is reserved"),
        ("{progress: X, meta: X}", "test.yaml:4:", "need different tags"),
        ("{progres: X}", "test.yaml:4:", "unknown key 'progres' in protocol (did you mean 'progress'?)"),
    ])
    func badTagsAreReportedWithTheirLine(protocolText: String, place: String, message: String) {
        let yaml = "id: bad\ntasks:\n  - id: a\n    protocol: \(protocolText)\n    bash: echo a\n"
        let issues = Fixture.issues(yaml).map(\.description)
        #expect(issues.contains { $0.hasPrefix(place) && $0.contains(message) }, "\(issues)")
    }
}
