import Foundation
import Subprocess
import SystemPackage

/// Runs a program to completion within a time limit, capturing its output; on timeout its whole session is
/// killed. Used for the compiler and for declaring programs, neither of which may hang the sync.
enum BoundedRun {
    enum Outcome {
        case exited(status: TerminationStatus, standardOutput: String, standardError: String)
        case timedOut
        case failedToStart(String)
    }

    static let outputLimit = 16 << 20

    static func run(
        _ executable: String, _ arguments: [String], environment: Environment, workingDirectory: String,
        timeout: Duration
    ) async -> Outcome {
        await withTaskGroup(of: Outcome?.self) { group in
            group.addTask {
                // A session of its own, so a timeout kills the program and everything it started.
                var options = PlatformOptions()
                options.createSession = true
                options.teardownSequence = [
                    .gracefulShutDown(toProcessGroup: true, allowedDurationToNextStep: .milliseconds(200))
                ]
                do {
                    let result = try await Subprocess.run(
                        .path(FilePath(executable)), arguments: Arguments(arguments), environment: environment,
                        workingDirectory: FilePath(workingDirectory), platformOptions: options, input: .none,
                        output: .string(limit: outputLimit), error: .string(limit: outputLimit))
                    return .exited(
                        status: result.terminationStatus, standardOutput: result.standardOutput,
                        standardError: result.standardError)
                } catch is CancellationError {
                    return nil
                } catch {
                    return Task.isCancelled ? nil : .failedToStart("\(error)")
                }
            }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return Task.isCancelled ? nil : .timedOut
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .timedOut
        }
    }
}
