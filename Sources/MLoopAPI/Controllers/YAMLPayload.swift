import Foundation
import Hummingbird
import MLoopCore
import MLoopLoader
import MLoopStore

/// The body of `POST /api/v1/workflows/yaml`.
struct YAMLPayload: Decodable, KnownFields {
    static var fieldNames: [String] { names(CodingKeys.self) }

    /// The workflow's YAML text, stored as the version's source.
    var source: String

    enum CodingKeys: String, CodingKey, CaseIterable {
        case source
    }
}
