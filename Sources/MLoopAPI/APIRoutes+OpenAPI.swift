import Foundation
import Hummingbird

extension APIRoutes {
    /// `GET /openapi.json`: the OpenAPI 3.1 document of every endpoint; public, like FastAPI's, since it holds no
    /// data (see `APIAccessPolicy`).
    func addOpenAPIRoutes(_ api: RouterGroup<APIRequestContext>) {
        let document = Result { try JSONResponse.encoder.encode(OpenAPIDocument.make()) }
        api.get("openapi.json") { _, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(bytes: try document.get())))
        }
    }
}
