import Foundation
import Hummingbird
import MLoopStore

extension APIRoutes {
    /// `GET /api/v1/import-errors`: the DAGs-folder files that failed to load, each with every problem in it.
    func addImportErrorRoutes(_ group: RouterGroup<APIRequestContext>) {
        group.get { _, _ in
            try JSONResponse.make(try await workflowStore.importErrors())
        }
    }
}
