/// The set of values one field of a cron expression matches, as a bit set (bit n set when value n matches).
struct CronField: Hashable, Sendable {
    let kind: CronFieldKind
    let bits: UInt64
    /// Whether the field was written starting with `*` (`*`, `*/15`). Vixie cron keys two rules on this: the
    /// day-of-month/day-of-week OR rule and the daylight-saving-time treatment (see `CronExpression`).
    let startsWithStar: Bool

    init(kind: CronFieldKind, values: some Sequence<Int>, startsWithStar: Bool) {
        var bits: UInt64 = 0
        // Day-of-week 7 is Sunday, stored as 0.
        for value in values { bits |= 1 << UInt64(kind == .dayOfWeek && value == 7 ? 0 : value) }
        self.kind = kind
        self.bits = bits
        self.startsWithStar = startsWithStar
    }

    func contains(_ value: Int) -> Bool { value >= 0 && value < 64 && bits & (1 << UInt64(value)) != 0 }

    /// The smallest matching value that is at least `value`.
    func next(atOrAfter value: Int) -> Int? {
        guard value < 64 else { return nil }
        let remaining = bits & (~0 << UInt64(max(value, 0)))
        return remaining == 0 ? nil : remaining.trailingZeroBitCount
    }

    /// The largest matching value that is at most `value`.
    func previous(atOrBefore value: Int) -> Int? {
        guard value >= 0 else { return nil }
        let remaining = value >= 63 ? bits : bits & ((1 << UInt64(value + 1)) - 1)
        return remaining == 0 ? nil : 63 - remaining.leadingZeroBitCount
    }

    var minimum: Int? { next(atOrAfter: 0) }

    /// Whether every value of the field's range matches (`*`, `*/1`, `0-59`).
    var isFull: Bool {
        let range = kind == .dayOfWeek ? 0...6 : kind.range
        return range.allSatisfy(contains)
    }
}
