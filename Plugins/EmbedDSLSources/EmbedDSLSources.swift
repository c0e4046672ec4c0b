import Foundation
import PackagePlugin

/// Generates `EmbeddedDSLSources.swift` for MLoopLoader at build time: the MLoopCore and MLoopDSL sources as string
/// literals, which the DAG-folder sync compiles `*.swift` workflow files against. Their files are the command's
/// inputs, so editing either module regenerates it; nothing generated is committed.
@main
struct EmbedDSLSources: BuildToolPlugin {
    static let modules = ["MLoopCore", "MLoopDSL"]

    struct MissingModule: Error, CustomStringConvertible {
        var name: String
        var description: String { "EmbedDSLSources: no Swift source module named \(name) in the package" }
    }

    func createBuildCommands(context: PluginContext, target: Target) async throws -> [Command] {
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedDSLSources.swift")
        var arguments = [output.path]
        var inputs: [URL] = []
        for name in Self.modules {
            guard let module = try context.package.targets(named: [name]).first as? SourceModuleTarget else {
                throw MissingModule(name: name)
            }
            let files = module.sourceFiles(withSuffix: "swift").map(\.url).sorted { $0.path < $1.path }
            arguments += ["--module", name, module.directoryURL.path] + files.map(\.path)
            inputs += files
        }
        return [
            .buildCommand(
                displayName: "Embedding the MLoopCore and MLoopDSL sources",
                executable: try context.tool(named: "EmbedDSLSourcesTool").url,
                arguments: arguments, inputFiles: inputs, outputFiles: [output])
        ]
    }
}
