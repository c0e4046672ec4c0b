/// What a new password must be. bcrypt reads only the first 72 bytes, so longer ones are refused rather than
/// silently cut.
public enum PasswordPolicy {
    public static let minimumLength = 8
    public static let maximumBytes = 72

    /// Why `password` cannot be used, or nil when it can.
    public static func problem(_ password: String) -> String? {
        if password.count < minimumLength { return "the password must have at least \(minimumLength) characters" }
        if password.utf8.count > maximumBytes { return "the password must be at most \(maximumBytes) bytes (bcrypt)" }
        return nil
    }
}
