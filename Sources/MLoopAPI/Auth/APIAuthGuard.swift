import Hummingbird
import HummingbirdAuth

/// Answers 401 for protected requests (see `APIAccessPolicy`) that `APIAuthenticator` did not authenticate, with
/// `WWW-Authenticate: Bearer realm="mloop"` — never `Basic`, so a browser shows the UI's login page rather than
/// its own dialog.
struct APIAuthGuard: RouterMiddleware {
    typealias Context = APIRequestContext

    func handle(
        _ request: Request, context: APIRequestContext, next: (Request, APIRequestContext) async throws -> Response
    )
        async throws -> Response
    {
        guard context.identity == nil,
            case .credentials(let queryToken) = APIAccessPolicy.access(method: request.method, path: request.uri.path)
        else { return try await next(request, context) }
        return try Self.unauthorized(Self.detail(request, queryTokenAllowed: queryToken))
    }

    static func detail(_ request: Request, queryTokenAllowed: Bool) -> String {
        if request.headers[.authorization] != nil
            || (queryTokenAllowed && request.uri.queryParameters.get("access_token") != nil)
        {
            return "the credentials were not accepted: the token is unknown, revoked or expired, or the user name or "
                + "password is wrong"
        }
        if request.uri.queryParameters.get("access_token") != nil {
            return "?access_token= is accepted only on streaming endpoints and log downloads: send "
                + "'Authorization: Bearer <token>'"
        }
        return "this endpoint needs credentials: send 'Authorization: Bearer <token>' (POST /api/v1/auth/token or "
            + "mloop tokens create gives one) or HTTP Basic"
    }

    static func unauthorized(_ detail: String) throws -> Response {
        var response = try JSONResponse.make(APIError(.unauthorized, "unauthorized", detail), status: .unauthorized)
        response.headers[.wwwAuthenticate] = #"Bearer realm="mloop""#
        return response
    }
}
