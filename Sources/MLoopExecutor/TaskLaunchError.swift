/// Why a try could not be started; its description is the try's failure reason.
struct TaskLaunchError: Error, CustomStringConvertible, Sendable {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
