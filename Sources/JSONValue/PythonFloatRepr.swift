/// Python's `repr(float)` (CPython 3.11, `float_repr_style == 'short'`): the shortest digits
/// that read back to the same double, written in positional form when the decimal exponent
/// is in -4..<16 (`0.0001`, `1234567890123456.0`) and in scientific form otherwise
/// (`1e-05`, `1e+16`, `1.2345678901234568e+17`).
enum PythonFloatRepr {
    /// The repr of a finite double (`1.0`, `-0.0`, `5e-324`).
    static func repr(_ value: Double) -> String {
        let sign = value.sign == .minus ? "-" : ""
        guard value != 0 else { return sign + "0.0" }
        let (digits, pointPosition) = shortestDigits(value.magnitude)
        // Python's rule: scientific when decpt <= -4 or decpt > 16 (value = 0.DIGITS * 10^decpt).
        if pointPosition <= -4 || pointPosition > 16 {
            let exponent = pointPosition - 1
            var mantissa = String(digits.prefix(1))
            if digits.count > 1 { mantissa += "." + digits.dropFirst() }
            let exponentDigits = String(abs(exponent))
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+")
                + (exponentDigits.count < 2 ? "0" : "") + exponentDigits
        }
        if pointPosition <= 0 {
            return sign + "0." + String(repeating: "0", count: -pointPosition) + digits
        }
        if pointPosition >= digits.count {
            return sign + digits + String(repeating: "0", count: pointPosition - digits.count) + ".0"
        }
        let cut = digits.index(digits.startIndex, offsetBy: pointPosition)
        return sign + digits[..<cut] + "." + digits[cut...]
    }

    /// The shortest round-tripping decimal digits of a positive finite double (no leading or
    /// trailing zeros) and the position of the decimal point: value = 0.DIGITS × 10^point.
    /// Swift's `description` produces the same shortest (and closest) digits as Python's
    /// `repr`; only its layout differs, so it is taken apart here.
    private static func shortestDigits(_ value: Double) -> (digits: String, point: Int) {
        let text = value.description
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...]) ?? 0
        }
        var integerPart = mantissa
        var fraction: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fraction = mantissa[mantissa.index(after: dot)...]
        }
        var digits = Array(integerPart.utf8) + Array(fraction.utf8)
        var point = integerPart.utf8.count + exponent
        let leadingZeros = digits.prefix { $0 == UInt8(ascii: "0") }.count
        digits.removeFirst(leadingZeros)
        point -= leadingZeros
        while digits.last == UInt8(ascii: "0") { digits.removeLast() }
        return (String(decoding: digits, as: UTF8.self), point)
    }
}
