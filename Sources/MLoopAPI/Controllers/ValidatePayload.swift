import Foundation
import Hummingbird
import MLoopCore
import MLoopLoader

/// The body of `POST /api/v1/workflows/validate`.
struct ValidatePayload: Decodable {
    /// `yaml` (the default).
    var format: String?
    var source: String
    /// The id the workflow gets when the source names none (a file's name without extension).
    var name: String?
}
