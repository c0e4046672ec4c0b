import Foundation
import MLoopStore

/// Group commit for the ends of a worker's tries: an end that arrives while a statement is in flight waits for it
/// and goes out with the others that came meanwhile, in one statement (`WorkerQueue.finishTriesTogether`), which also
/// claims queued tries for the slots they free. An end arriving when nothing is in flight goes at once, so a lone
/// try (a chain's hop) is recorded as fast as before, while eight short tries ending together cost one commit, one
/// round trip and one scheduler wake-up per run, their replacements included.
actor TryEndBatcher {
    /// Whether the end was recorded (as `finishTry` answers), and the try claimed for the slot it frees, if any.
    typealias Result = (recorded: Bool, next: ClaimedTry?)
    private typealias Waiter = (end: TryEnd, continuation: CheckedContinuation<Result, any Error>)

    private let store: WorkerQueue
    private let claimant: Claimant
    private var waiting: [Waiter] = []
    private var inFlight = false
    private var claiming = true

    private let now: @Sendable () -> Date

    init(store: WorkerQueue, claimant: Claimant, now: @escaping @Sendable () -> Date) {
        self.store = store
        self.claimant = claimant
        self.now = now
    }

    /// The worker is stopping: record ends without claiming new tries.
    func stopClaiming() { claiming = false }

    /// Records `end` (which must be `isRecordableTogether`) and, in the same statement, claims a queued try for the
    /// slot it frees (while the worker is not stopping). Throws the statement's error (the caller retries).
    func record(_ end: TryEnd) async throws -> Result {
        try await withCheckedThrowingContinuation { continuation in
            waiting.append((end, continuation))
            if !inFlight {
                inFlight = true
                // Not the caller's task: the statement must not be cancelled with one of the tries it records.
                Task { await self.sendWhileWaiting() }
            }
        }
    }

    private func sendWhileWaiting() async {
        while !waiting.isEmpty {
            let batch = waiting
            waiting = []
            do {
                let (recorded, claimed) = try await store.finishTriesTogether(
                    batch.map(\.end), claimingFor: claiming ? claimant : nil, now: now())
                for (index, waiter) in batch.enumerated() {
                    let next = index < claimed.count ? claimed[index] : nil
                    waiter.continuation.resume(returning: (recorded[index], next))
                }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
        inFlight = false
    }
}
