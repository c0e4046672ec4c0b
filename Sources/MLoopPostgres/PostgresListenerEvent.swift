/// What a `PostgresListener` reports.
public enum PostgresListenerEvent: Sendable, Hashable {
    case notification(PostgresNotification)
    /// The connection was re-established; NOTIFYs may have been missed meanwhile, so re-read the tables.
    case reconnected
}
