import Foundation
import Synchronization

/// Files every try may share, written once per runner: the empty XCom input of tries without upstream XComs.
final class SharedFiles: Sendable {
    let emptyXComInput: String
    private let written = Mutex(false)

    init(workDirectory: String) {
        emptyXComInput = workDirectory + "/.mloop-empty-xcom-input.json"
    }

    /// The empty XCom input's path, writing the file on first use (the work directory exists by then).
    func ensureEmptyXComInput() throws(TaskLaunchError) -> String {
        if written.withLock({ $0 }) { return emptyXComInput }
        do {
            try Data("{}".utf8).write(to: URL(fileURLWithPath: emptyXComInput), options: .atomic)
        } catch {
            throw TaskLaunchError("cannot write \(emptyXComInput): \(error.localizedDescription)")
        }
        written.withLock { $0 = true }
        return emptyXComInput
    }
}
