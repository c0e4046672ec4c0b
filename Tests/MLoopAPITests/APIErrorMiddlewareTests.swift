import Hummingbird
import Testing

@testable import MLoopAPI

/// An unexpected failure answers 500 without its text: a database error carries its SQL, which stays in the log.
@Suite struct APIErrorMiddlewareTests {
    struct Leaky: Error, CustomStringConvertible {
        var description: String { "ERROR: relation \"api_token\" … (in: SELECT token_hash FROM api_token WHERE …)" }
    }

    @Test func anUnexpectedErrorAnswers500WithoutItsText() {
        let error = APIErrorMiddleware<APIRequestContext>.apiError(for: Leaky())
        #expect(error.status == .internalServerError && error.error == "internal_error")
        #expect(error.detail == "the server failed")
        #expect(!error.detail.contains("SELECT"))
    }
}
