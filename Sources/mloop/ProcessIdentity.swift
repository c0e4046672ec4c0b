import ArgumentParser
import Foundation
import Logging
import MLoopExecutor
import MLoopLoader
import MLoopScheduler
import MLoopStore
import ServiceLifecycle

/// How a process names itself in `process_heartbeat`.
enum ProcessIdentity {
    static func processID(_ role: String) -> String {
        "\(role)-\(hostname)-\(getpid())-" + String(UInt32.random(in: 0..<UInt32.max), radix: 16)
    }

    static var hostname: String { ProcessInfo.processInfo.hostName }
}
