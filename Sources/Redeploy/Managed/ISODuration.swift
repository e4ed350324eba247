/// `isodate.duration_isoformat(timedelta(...))`, which azure-ai-ml uses for the durations of a
/// deployment's request settings and probes (`PT1M`, `PT0.5S`, `PT5M10S`).
enum ISODuration {
    /// A duration of `milliseconds`; nil for 0, which azure-ai-ml leaves out (`... if time else None`).
    static func milliseconds(_ milliseconds: Int64) -> String? {
        milliseconds == 0 ? nil : format(microseconds: milliseconds.magnitude * 1000, negative: milliseconds < 0)
    }

    /// A duration of `seconds`; nil for 0.
    static func seconds(_ seconds: Int64) -> String? {
        seconds == 0 ? nil : format(microseconds: seconds.magnitude * 1_000_000, negative: seconds < 0)
    }

    /// isodate's `%P` over the absolute value: days, then `T` with hours, minutes and seconds
    /// (fractions without trailing zeros); a negative duration gets a leading `-`.
    private static func format(microseconds total: UInt64, negative: Bool) -> String {
        var usecs = total
        var seconds = usecs / 1_000_000
        usecs %= 1_000_000
        var minutes = seconds / 60
        seconds %= 60
        var hours = minutes / 60
        minutes %= 60
        let days = hours / 24
        hours %= 24
        var out = "P"
        if days > 0 { out += "\(days)D" }
        if hours > 0 || minutes > 0 || seconds > 0 || usecs > 0 {
            out += "T"
            if hours > 0 { out += "\(hours)H" }
            if minutes > 0 { out += "\(minutes)M" }
            if seconds > 0 || usecs > 0 {
                if usecs > 0 {
                    var fraction = String(usecs)
                    fraction = String(repeating: "0", count: 6 - fraction.count) + fraction
                    while fraction.hasSuffix("0") { fraction.removeLast() }
                    out += "\(seconds).\(fraction)"
                } else {
                    out += "\(seconds)"
                }
                out += "S"
            }
        }
        if out == "P" { out = "P0D" }
        return (negative ? "-" : "") + out
    }
}
