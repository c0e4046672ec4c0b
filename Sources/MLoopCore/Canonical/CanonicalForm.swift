import Foundation

/// The canonical JSON of a definition (sorted keys, fixed encodings) and its content hash. Two definitions that
/// mean the same thing — whatever file format they came from — have the same bytes and the same hash.
public enum CanonicalForm {
    public static func json(_ workflow: WorkflowDefinition) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Encoding a definition cannot fail: every value in it is a plain string, number, bool or container.
        return try! encoder.encode(workflow)
    }

    /// Lowercase hex SHA-256 of the canonical JSON.
    public static func contentHash(_ workflow: WorkflowDefinition) -> String {
        SHA256.hex(of: json(workflow))
    }

    /// Reads a definition back from its canonical JSON.
    public static func decode(_ data: Data) throws -> WorkflowDefinition {
        try JSONDecoder().decode(WorkflowDefinition.self, from: data)
    }
}
