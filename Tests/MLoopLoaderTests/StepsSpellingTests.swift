import Foundation
import MLoopCore
import MLoopLoader
import Testing

/// Seed 001 writes a workflow as `steps:` of tasks with a `name:`: the same workflow as `tasks:` with `id:`.
@Suite struct StepsSpellingTests {
    static let seedSpelling = """
        steps:
          - name: preprocess
            bash: echo preprocessing
          - name: train
            needs: [preprocess]
            bash: echo training
        """
    static let mloopSpelling = """
        id: retrain
        tasks:
          - id: preprocess
            bash: echo preprocessing
          - id: train
            needs: [preprocess]
            bash: echo training
        """

    @Test func stepsWithNamesAreTasksWithIDsAndHashTheSame() throws {
        // No workflow id: the file's name without its extension, as for any workflow file.
        let seed = try WorkflowFileLoader.loadYAML(Self.seedSpelling, file: "retrain.yaml").get()
        let mloop = try WorkflowFileLoader.loadYAML(Self.mloopSpelling, file: "retrain.yaml").get()
        #expect(seed == mloop)
        #expect(CanonicalForm.contentHash(seed) == CanonicalForm.contentHash(mloop))
        #expect(seed.tasks.map(\.id) == ["preprocess", "train"])
    }

    @Test(arguments: [
        (
            "id: x\ntasks:\n  - {id: a, bash: x}\nsteps:\n  - {id: b, bash: x}\n", "test.yaml:4:",
            "either 'tasks:' or 'steps:'"
        ),
        ("id: x\nsteps:\n  - {id: a, name: b, bash: x}\n", "test.yaml:3:", "either 'id:' or 'name:'"),
        ("id: x\nsteps:\n  - {name: 'a b', bash: x}\n", "test.yaml:3:", "task id"),
        ("id: x\nsteps: []\n", "test.yaml:2:", "at least one task"),
    ])
    func mistakesInTheSeedSpellingAreReportedWhereWritten(yaml: String, place: String, message: String) {
        let issues = Fixture.issues(yaml).map(\.description)
        #expect(issues.contains { $0.hasPrefix(place) && $0.contains(message) }, "\(issues)")
    }
}
