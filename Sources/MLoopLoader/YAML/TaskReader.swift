import MLoopCore
import Yams

/// Reads one entry of `tasks:` into a task definition with the workflow's defaults applied.
enum TaskReader {
    /// The keys that say what a task runs; a task gives exactly one.
    static let actionKeys = ["bash", "command", "python", "python_file", "swift", "swift_file"]
    static let keys =
        ["id", "name", "description"] + actionKeys + ["needs", "params"] + LocatedTaskSettings.keys

    static let otherToolsNames = LocatedTaskSettings.otherToolsNames.merging([
        "task_id": "id", "bash_command": "bash", "run": "bash", "script": "bash",
        "cmd": "command",
        "python_callable": "python", "depends_on": "needs", "dependencies": "needs",
        "upstream": "needs",
        "config": "params", "doc_md": "description",
    ]) { own, _ in own }

    // A task whose action could not be read still joins the graph, so its needs and cycles are checked too. The
    // workflow is rejected anyway; this stand-in only has to pass the validator's action checks.
    private static let standInAction = TaskAction.command(arguments: ["-"])

    static func read(
        _ node: Node, index: Int, defaults: LocatedTaskSettings, reader: inout NodeReader
    ) -> TaskDraft {
        let path = "tasks[\(index)]"
        let quickID = taskIDText(node)
        let what = quickID.map { "task '\(NodeReader.clip($0))'" } ?? path
        guard
            let fields = reader.fields(
                of: node, path: path, what: what, known: keys,
                hints: otherToolsNames.mapValues { " (MLoop calls it '\($0)')" })
        else {
            return TaskDraft(id: "", action: standInAction)
        }
        // `name:` (seed 001's spelling) is `id:`.
        if fields["id"] != nil, fields["name"] != nil {
            reader.report("give the task's id once: either 'id:' or 'name:', not both", atRecorded: path + ".name")
        }
        if fields["id"] == nil, fields["name"] != nil { reader.sourceMap.redirect(path + ".id", to: path + ".name") }
        let id =
            reader.text(fields["id"], "id", path: path + ".id")
            ?? reader.text(fields["name"], "name", path: path + ".name")
        if id == nil, fields["id"].map(NodeReader.isNull) ?? true {
            reader.report("\(path) has no id: give it one with 'id: name'", path: path + ".id", at: node)
        }
        let action = readAction(fields, taskName: id ?? path, path: path, node: node, reader: &reader)
        let own = LocatedTaskSettings.read(fields, path: path, reader: &reader)
        for (key, origin) in own.origins(over: defaults) where origin != NodeReader.join(path, key) {
            reader.sourceMap.redirect(NodeReader.join(path, key), to: origin)
        }
        let needs = reader.textList(fields["needs"], "needs", path: path + ".needs", single: true) ?? []
        return TaskDraft(
            id: id ?? "",
            description: reader.text(fields["description"], "description", path: path + ".description"),
            action: action ?? standInAction,
            needs: needs,
            params: reader.jsonObject(fields["params"], "params", path: path + ".params") ?? [:],
            settings: own.values
        )
    }

    private static func readAction(
        _ fields: [String: Node], taskName: String, path: String, node: Node, reader: inout NodeReader
    ) -> TaskAction? {
        let given = actionKeys.filter { fields[$0] != nil }
        guard let key = given.first else {
            reader.report(
                "task '\(taskName)' has nothing to run: give one of " + actionKeys.joined(separator: ", "),
                path: path, at: node)
            return nil
        }
        guard given.count == 1 else {
            reader.report(
                "task '\(taskName)' has more than one action (\(given.joined(separator: ", "))): give exactly one",
                path: NodeReader.join(path, given[1]), at: fields[given[1]])
            return nil
        }
        let value = fields[key]
        let keyPath = NodeReader.join(path, key)
        let text = { (reader: inout NodeReader) in reader.text(value, key, path: keyPath) }
        switch key {
        case "bash":
            return text(&reader).map { .bash(script: $0) }
                ?? emptyUnlessWrongType(.bash(script: ""), value)
        case "command":
            return command(value, path: keyPath, reader: &reader)
        case "python":
            return text(&reader).map { .python(.inline($0)) }
                ?? emptyUnlessWrongType(.python(.inline("")), value)
        case "swift":
            return text(&reader).map { .swift(.inline($0)) }
                ?? emptyUnlessWrongType(.swift(.inline("")), value)
        case "python_file", "swift_file":
            reader.sourceMap.redirect(NodeReader.join(path, String(key.dropLast(5))), to: keyPath)
            guard let file = text(&reader) else {
                if let value, NodeReader.isNull(value) {
                    reader.report("\(key) is empty", path: keyPath, at: value)
                }
                return nil
            }
            return key == "python_file" ? .python(.file(file)) : .swift(.file(file))
        default:
            return nil
        }
    }

    /// A null value is an empty script (which the validator reports); a value of the wrong type was reported.
    private static func emptyUnlessWrongType(_ empty: TaskAction, _ value: Node?) -> TaskAction? {
        value.map(NodeReader.isNull) == true ? empty : nil
    }

    /// `command:` as a list of arguments, or one string split like a shell would (quotes honoured, nothing expanded).
    private static func command(_ node: Node?, path: String, reader: inout NodeReader) -> TaskAction? {
        if let node, case .scalar(let scalar) = node, !NodeReader.isNull(node) {
            switch ShellWords.split(scalar.string) {
            case .success(let words): return .command(arguments: words)
            case .failure(let error):
                reader.report(error.message, path: path, at: node)
                return nil
            }
        }
        if let node, NodeReader.isNull(node) { return .command(arguments: []) }
        return reader.textList(node, "command", path: path, single: false).map {
            .command(arguments: $0)
        }
    }

    /// The task's id when it is plainly written, for messages about the task's other keys.
    private static func taskIDText(_ node: Node) -> String? {
        guard case .mapping(let mapping) = node, let id = mapping["id"] ?? mapping["name"],
            case .scalar(let scalar) = id,
            !NodeReader.isNull(id)
        else { return nil }
        return scalar.string
    }
}
