/// Told when a supervised process session starts and ends (its leader's pid is the session id), so something
/// outside the worker can kill the sessions a dead worker left behind. Calls must be cheap and must not block.
public protocol TaskSessionObserver: Sendable {
    func sessionStarted(_ leader: Int32)
    func sessionEnded(_ leader: Int32)
}
