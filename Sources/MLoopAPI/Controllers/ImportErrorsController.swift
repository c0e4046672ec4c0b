import Foundation
import Hummingbird
import MLoopStore

/// `GET /import-errors`.
struct ImportErrorsController: Sendable {
    let workflows: WorkflowStore

    /// `GET /import-errors`: DAGs files that fail to load, with every problem (line and column when known).
    func addRoutes(to group: RouterGroup<APIRequestContext>) {
        group.get { request, _ in
            let page = try ListPage(request)
            let errors = try await workflows.importErrors(afterPath: try page.single(), limit: page.limit + 1)
            return try page.response(errors, request: request) { [$0.filePath] }
        }
    }
}
