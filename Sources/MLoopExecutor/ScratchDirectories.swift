import Foundation
import Synchronization

/// Hands out the tries' scratch directories, reusing the empty ones: creating and removing a directory per try cost
/// more kernel time than a short task itself (`rmdir` journals on ext4), while checking that a returned directory is
/// empty is a few cheap calls. A directory the task left files in is removed with them, never reused, so every try
/// starts in an empty directory as before.
final class ScratchDirectories: Sendable {
    /// Idle directories kept for reuse; more are removed (a burst wider than any worker's parallelism).
    static let maxIdle = 64

    private let parent: String
    private let idle = Mutex<[String]>([])

    init(parent: String) {
        self.parent = parent
    }

    /// An empty directory for one try.
    func take() throws(TaskLaunchError) -> ScratchDirectory {
        if let path = idle.withLock({ $0.popLast() }) { return ScratchDirectory(path: path) }
        return try ScratchDirectory.create(in: parent)
    }

    /// The try is over and its process tree gone: keep the directory for another try when it is empty again.
    func giveBack(_ scratch: ScratchDirectory) {
        guard scratch.emptied() else {
            scratch.remove()
            return
        }
        let kept = idle.withLock { idle in
            guard idle.count < Self.maxIdle else { return false }
            idle.append(scratch.path)
            return true
        }
        if !kept { scratch.remove() }
    }
}
