import Foundation
import MLoopStore

/// Group commit for the ends of a worker's tries: an end that arrives while a statement is in flight waits for it
/// and goes out with the others that came meanwhile, in one statement (`RunStore.finishTriesTogether`). An end
/// arriving when nothing is in flight goes at once, so a lone try (a chain's hop) is recorded as fast as before,
/// while eight short tries ending together cost one commit, one round trip and one scheduler wake-up per run.
actor TryEndBatcher {
    private typealias Waiter = (end: TryEnd, continuation: CheckedContinuation<Bool, any Error>)

    private let store: RunStore
    private var waiting: [Waiter] = []
    private var inFlight = false

    init(store: RunStore) {
        self.store = store
    }

    /// Records `end` (which must be `isRecordableTogether`); returns whether it was recorded, as `finishTry` does.
    /// Throws the statement's error (the caller retries, as for any write).
    func record(_ end: TryEnd) async throws -> Bool {
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
                let recorded = try await store.finishTriesTogether(batch.map(\.end), now: Date())
                for (waiter, wasRecorded) in zip(batch, recorded) { waiter.continuation.resume(returning: wasRecorded) }
            } catch {
                for waiter in batch { waiter.continuation.resume(throwing: error) }
            }
        }
        inFlight = false
    }
}
