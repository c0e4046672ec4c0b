/// The worker that claims tries in `finishTriesTogether(_:claimingFor:now:)`.
public struct Claimant: Sendable, Hashable {
    public var workerID: String
    public var hostname: String

    public init(workerID: String, hostname: String) {
        self.workerID = workerID
        self.hostname = hostname
    }
}
