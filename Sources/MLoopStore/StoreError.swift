/// A store operation that cannot be done, in words a user can act on.
public enum StoreError: Error, Sendable, CustomStringConvertible, Equatable {
    /// A migration file is missing, misnamed, changed after it was applied, or failed.
    case migrations(String)
    /// The request conflicts with what is stored (e.g. a workflow id defined by two files).
    case conflict(String)
    /// The named thing does not exist.
    case notFound(String)

    public var description: String {
        switch self {
        case .migrations(let message), .conflict(let message), .notFound(let message): message
        }
    }
}
