import Foundation
import Hummingbird

/// The list convention: `?limit=` (1…1000, default 100) and an opaque `?cursor=`; a full page answers with
/// `X-Next-Cursor` and a `Link: <…>; rel="next"` header. The body stays a JSON array.
struct ListPage {
    static let defaultLimit = 100

    var limit: Int
    /// The decoded cursor: the sort key values of the previous page's last item.
    var cursor: [String]?

    /// `defaultLimit` when the request gives no `limit` (the grid shows 25 runs unless asked).
    init(_ request: Request, defaultLimit: Int = Self.defaultLimit) throws {
        let query = request.uri.queryParameters
        if let text = query.get("limit") {
            guard let value = Int(text), (1...1000).contains(value) else {
                throw APIError.badRequest("limit must be an integer between 1 and 1000, not '\(text)'")
            }
            limit = value
        } else {
            limit = defaultLimit
        }
        cursor = try query.get("cursor").map(Self.decode)
    }

    /// The response for a page fetched with `limit + 1` rows: the first `limit` items, and the next-page headers
    /// when the extra row shows there are more. `key` gives an item's sort key values.
    func response<Item: Encodable, Body: Encodable>(
        _ fetched: [Item], request: Request, key: (Item) -> [String], body: ([Item]) -> Body
    ) throws -> Response {
        let items = Array(fetched.prefix(limit))
        var response = try JSONResponse.make(body(items))
        if fetched.count > limit, let last = items.last {
            let next = Self.encode(key(last))
            response.headers[.init("X-Next-Cursor")!] = next
            response.headers[.init("Link")!] = "<\(Self.link(request, cursor: next))>; rel=\"next\""
        }
        return response
    }

    func response<Item: Encodable>(_ fetched: [Item], request: Request, key: (Item) -> [String]) throws -> Response {
        try response(fetched, request: request, key: key) { $0 }
    }

    /// The cursor's single value, or nil on the first page; 400 for a cursor of the wrong shape.
    func single() throws -> String? {
        guard let cursor else { return nil }
        guard cursor.count == 1 else { throw Self.badCursor }
        return cursor[0]
    }

    static let badCursor = APIError.badRequest("cursor is not one this list returned: start again without it")

    static func encode(_ values: [String]) -> String {
        let data = (try? JSONEncoder().encode(values)) ?? Data()
        return data.base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    static func decode(_ text: String) throws -> [String] {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard let data = Data(base64Encoded: base64), let values = try? JSONDecoder().decode([String].self, from: data)
        else { throw badCursor }
        return values
    }

    // The request's own path and query with `cursor` replaced.
    private static func link(_ request: Request, cursor: String) -> String {
        var components = URLComponents()
        components.path = request.uri.path
        var items = request.uri.queryParameters.filter { $0.key != "cursor" }.map {
            URLQueryItem(name: String($0.key), value: String($0.value))
        }
        items.append(URLQueryItem(name: "cursor", value: cursor))
        components.queryItems = items
        return components.string ?? request.uri.path
    }
}
