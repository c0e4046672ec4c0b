import Foundation
import MLoopCore
import Testing

@Suite struct RetryPolicyTests {
    @Test func fixedDelayIsTheSameBeforeEveryRetry() {
        let policy = RetryPolicy(retries: 3, retryDelay: .seconds(300))
        #expect(policy.delay(beforeTry: 1) == .zero)
        #expect((2...4).map { policy.delay(beforeTry: $0) } == [.seconds(300), .seconds(300), .seconds(300)])
    }

    @Test func exponentialBackoffDoublesFromTheRetryDelay() {
        let policy = RetryPolicy(retries: 5, retryDelay: .seconds(10), exponentialBackoff: true)
        #expect((2...6).map { policy.delay(beforeTry: $0) } == [10, 20, 40, 80, 160].map { .seconds($0) })
    }

    @Test func exponentialBackoffIsCappedByMaxRetryDelay() {
        let policy = RetryPolicy(
            retries: 10, retryDelay: .seconds(60), exponentialBackoff: true, maxRetryDelay: .seconds(300))
        #expect((2...6).map { policy.delay(beforeTry: $0) } == [60, 120, 240, 300, 300].map { .seconds($0) })
    }

    @Test func exponentialBackoffNeverExceedsTwentyFourHours() {
        let policy = RetryPolicy(retries: 200, retryDelay: .seconds(60), exponentialBackoff: true)
        #expect(policy.delay(beforeTry: 30) == .seconds(86_400))
        #expect(policy.delay(beforeTry: 200) == .seconds(86_400))
    }

    @Test func exponentialBackoffRoundsUpToAtLeastOneSecond() {
        let zero = RetryPolicy(retries: 2, retryDelay: .zero, exponentialBackoff: true)
        #expect(zero.delay(beforeTry: 2) == .seconds(1))
        let fraction = RetryPolicy(retries: 2, retryDelay: .milliseconds(1500), exponentialBackoff: true)
        #expect(fraction.delay(beforeTry: 2) == .seconds(2))
        #expect(fraction.delay(beforeTry: 3) == .seconds(3))
    }

    @Test func maxRetryDelayDoesNotApplyWithoutBackoffAsInAirflow() {
        let policy = RetryPolicy(retries: 1, retryDelay: .seconds(600), maxRetryDelay: .seconds(60))
        #expect(policy.delay(beforeTry: 2) == .seconds(600))
    }

    @Test func jitterIsDeterministicAndBelowDoubleTheBackoff() {
        let policy = RetryPolicy(retries: 8, retryDelay: .seconds(100), exponentialBackoff: true)
        for attempt in 2...8 {
            let base = policy.delay(beforeTry: attempt)
            let jittered = policy.delay(beforeTry: attempt, jitterKey: "etl#extract#2024-01-01T00:00:00Z")
            #expect(jittered >= base && jittered < base * 2)
            #expect(jittered == policy.delay(beforeTry: attempt, jitterKey: "etl#extract#2024-01-01T00:00:00Z"))
        }
        let delays = Set((2...8).map { policy.delay(beforeTry: 2, jitterKey: "etl#task\($0)") })
        #expect(delays.count > 1)
    }

    @Test func nextTryAtAddsTheDelayBeforeTheFollowingTry() {
        let policy = RetryPolicy(retries: 3, retryDelay: .seconds(30), exponentialBackoff: true)
        let failedAt = Date(timeIntervalSince1970: 1_704_067_200)
        #expect(policy.nextTryAt(failedAt: failedAt, afterTry: 1) == failedAt.addingTimeInterval(30))
        #expect(policy.nextTryAt(failedAt: failedAt, afterTry: 3) == failedAt.addingTimeInterval(120))
    }

    @Test func maxTriesIsRetriesPlusOne() {
        let policy = RetryPolicy(retries: 2, retryDelay: .seconds(1))
        #expect(policy.maxTries == 3)
        #expect(policy.hasTriesLeft(triesSoFar: 2))
        #expect(!policy.hasTriesLeft(triesSoFar: 3))
        #expect(RetryPolicy.hasTriesLeft(triesSoFar: 0, maxTries: 1))
        #expect(!RetryPolicy.hasTriesLeft(triesSoFar: 1, maxTries: 1))
    }

    @Test func clearingGrantsAFullSetOfNewTries() {
        let policy = RetryPolicy(retries: 2, retryDelay: .seconds(1))
        #expect(policy.maxTriesAfterClear(triesSoFar: 3) == 6)
    }

    @Test func readsItsSettingsFromTheTaskDefinition() {
        let task = TaskDefinition(
            id: "t", action: .bash(script: "true"), retries: 4, retryDelay: .seconds(7),
            retryExponentialBackoff: true, maxRetryDelay: .seconds(20))
        #expect(
            RetryPolicy(task)
                == RetryPolicy(
                    retries: 4, retryDelay: .seconds(7), exponentialBackoff: true,
                    maxRetryDelay: .seconds(20)))
    }
}
