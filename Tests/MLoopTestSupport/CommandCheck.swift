import Foundation

/// Whether a shell command succeeds, for test traits evaluated before any test runs. Through `system(3)`, not
/// Foundation's `Process`: that one keeps a run loop and dispatch sources of its own, which crashed the test process
/// while other tests' processes and descriptors came and went (swift-subprocess runs everything else).
public enum CommandCheck {
    public static func succeeds(_ shellCommand: String) -> Bool {
        system(shellCommand + " >/dev/null 2>&1") == 0
    }
}
