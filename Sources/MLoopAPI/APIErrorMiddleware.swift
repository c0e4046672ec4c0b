import Foundation
import Hummingbird
import Logging
import MLoopCore
import MLoopStore

/// Turns every error a route throws into a JSON `{"error": …, "detail": …}` response with its status.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            var apiError = Self.apiError(for: error)
            if apiError.status == .internalServerError {
                // The error itself (a database error carries its SQL) goes to the log only; the client gets an id.
                let id = String(UInt32.random(in: 0...UInt32.max), radix: 16)
                context.logger.error(
                    "\(request.method) \(request.uri.path) failed",
                    metadata: ["error_id": "\(id)", "error": "\(String(reflecting: error))"])
                apiError.detail += " (error id \(id); the server's log has the details)"
            }
            return try JSONResponse.make(apiError, status: apiError.status)
        }
    }

    static func apiError(for error: any Error) -> APIError {
        switch error {
        case let error as APIError:
            return error
        case let error as StoreError:
            switch error {
            case .notFound(let message): return .notFound(message)
            case .conflict(let message): return APIError(.conflict, "conflict", message)
            case .migrations(let message): return APIError(.internalServerError, "internal_error", message)
            }
        case let failure as ValidationFailure:
            let lines = failure.issues.map(\.description)
            return APIError(
                .unprocessableContent, "validation_failed", lines.joined(separator: "\n"), issues: lines)
        case let error as HTTPError:
            return APIError(error.status, Self.code(error.status), error.body ?? error.status.reasonPhrase)
        case let error as any HTTPResponseError where error.status == .contentTooLarge:
            return APIError(
                .contentTooLarge, "content_too_large",
                "the request body is larger than \(JSONBody.maximumBytes) bytes")
        case let error as any HTTPResponseError:
            return APIError(error.status, Self.code(error.status), error.status.reasonPhrase)
        default:
            return APIError(.internalServerError, "internal_error", "the server failed")
        }
    }

    static func code(_ status: HTTPResponse.Status) -> String {
        status.reasonPhrase.lowercased().replacingOccurrences(of: " ", with: "_")
    }
}
