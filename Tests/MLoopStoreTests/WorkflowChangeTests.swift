import MLoopStore
import Testing

@Suite struct WorkflowChangeTests {
    @Test(arguments: [
        (WorkflowChange.created("daily", version: 1), "daily created (v1)"),
        (.newVersion("daily", version: 3), "daily now at v3"), (.unchanged("daily"), "daily unchanged"),
        (.deactivated("daily"), "daily deactivated"),
    ])
    func changesReadAsTheUserSaysThem(change: WorkflowChange, text: String) {
        #expect("\(change)" == text)
    }
}
