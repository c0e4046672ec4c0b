/// The `@` shorthands a cron expression may be written as, and the five fields each stands for.
enum CronPreset {
    /// Spelling → five-field expression. `@quarterly` is Airflow's (`0 0 1 */3 *`).
    static let expansions: [(name: String, fields: String)] = [
        ("@yearly", "0 0 1 1 *"),
        ("@annually", "0 0 1 1 *"),
        ("@quarterly", "0 0 1 */3 *"),
        ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"),
        ("@daily", "0 0 * * *"),
        ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"),
    ]

    /// The five fields `name` stands for (case-insensitive), or an error naming the closest preset.
    static func expansion(of name: String) throws(CronSyntaxError) -> String {
        let lowered = name.lowercased()
        if let preset = expansions.first(where: { $0.name == lowered }) { return preset.fields }
        let names = expansions.map(\.name)
        let hint = Suggestion.hint(for: lowered, among: names)
        guard hint.isEmpty else { throw CronSyntaxError("unknown preset '\(name)'\(hint)") }
        throw CronSyntaxError(
            "unknown preset '\(name)'; use one of \(names.joined(separator: ", ")) or five fields "
                + "(minute hour day-of-month month day-of-week)")
    }
}
