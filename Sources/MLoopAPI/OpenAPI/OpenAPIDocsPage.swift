import Foundation

/// `GET /api/v1/docs`: the document as one plain HTML page (no scripts, no third-party code): each operation with
/// its method, path, summary, parameters, body schema and statuses, grouped by tag.
enum OpenAPIDocsPage {
    static func html(_ document: OpenAPIDocument) -> String {
        let tags = Array(Set(document.operations.map(\.tag))).sorted()
        var sections = ""
        for tag in tags {
            sections += "<h2>\(escape(tag))</h2>\n"
            for operation in document.operations where operation.tag == tag {
                sections += row(operation)
            }
        }
        return """
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>MLoop API</title>
            <style>body{font:14px system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em}
            code{font:13px ui-monospace,monospace}.m{display:inline-block;width:4.5em;font-weight:bold}
            details{margin:.3em 0}pre{background:#f4f4f4;padding:.5em;overflow:auto}</style></head><body>
            <h1>MLoop API</h1>
            <p>The machine-readable document: <a href="openapi.json">openapi.json</a> (OpenAPI 3.1). Send
            <code>Authorization: Bearer &lt;token&gt;</code> or Basic credentials; errors are
            <code>{"error", "detail", "issues"?}</code>.</p>
            \(sections)</body></html>
            """
    }

    private static func row(_ operation: OpenAPIOperation) -> String {
        var details = ""
        let parameters = operation.pathParameters + operation.parameters.map(\.name)
        if !parameters.isEmpty {
            details += "<p>Parameters: \(parameters.map { "<code>\(escape($0))</code>" }.joined(separator: ", "))</p>"
        }
        if let body = operation.body { details += "<p>Body:</p><pre>\(escape(json(body)))</pre>" }
        for (status, response) in operation.allResponses.sorted(by: { $0.key < $1.key }) {
            let schema = response.schema.map { " <code>\(escape(json($0)))</code>" } ?? ""
            details += "<p>\(status): \(escape(response.description))\(schema)</p>"
        }
        let access = operation.isPublic ? " (no credentials)" : ""
        return """
            <details><summary><span class="m">\(operation.method)</span><code>\(escape(operation.path))</code> \
            — \(escape(operation.summary))\(access)</summary>\(details)</details>\n
            """
    }

    private static func json(_ schema: JSONSchema) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? encoder.encode(schema)).map { String(decoding: $0, as: UTF8.self) } ?? ""
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
