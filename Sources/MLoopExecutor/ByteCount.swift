/// Byte sizes in words: `512 bytes`, `64 KiB`, `2.3 MiB`.
enum ByteCount {
    static func describe(_ bytes: Int) -> String {
        if bytes < 1024 { return bytes == 1 ? "1 byte" : "\(bytes) bytes" }
        if bytes < 1 << 20 { return number(Double(bytes) / 1024) + " KiB" }
        if bytes < 1 << 30 { return number(Double(bytes) / Double(1 << 20)) + " MiB" }
        return number(Double(bytes) / Double(1 << 30)) + " GiB"
    }

    private static func number(_ value: Double) -> String {
        let tenths = (value * 10).rounded()
        return tenths.truncatingRemainder(dividingBy: 10) == 0 ? String(Int(tenths / 10)) : String(tenths / 10)
    }
}
