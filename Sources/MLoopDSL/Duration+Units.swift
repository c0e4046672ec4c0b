extension Duration {
    /// `.minutes(10)`: durations read like the YAML forms (`10m`).
    public static func minutes(_ count: Int64) -> Duration { .seconds(count * 60) }
    /// `.hours(2)`.
    public static func hours(_ count: Int64) -> Duration { .seconds(count * 3600) }
    /// `.days(1)`.
    public static func days(_ count: Int64) -> Duration { .seconds(count * 86_400) }
}
