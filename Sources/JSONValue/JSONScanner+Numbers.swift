/// Number and literal rules of `JSONScanner`: the JSON number grammar, the 64-bit integer
/// range, and `true`, `false`, `null`.
///
/// Scanners return the offset just past the token, or nil when `limit` cut it short before
/// the real end of the document.
extension JSONScanner {
    /// Scans a number: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`; an integer
    /// (no fraction, no exponent) must fit in `Int64`.
    func scanNumber(from start: Int, limit: Int, atEnd: Bool) throws(Failure) -> Int? {
        var i = start
        var isInteger = true
        if bytes[i] == UInt8(ascii: "-") { i += 1 }
        // Reads one or more digits at i; false when cut short by limit.
        func digits() throws(Failure) -> Bool {
            guard i < limit else {
                if atEnd { throw Failure(offset: i, message: "unexpected end of data in a number") }
                return false
            }
            guard Self.isDigit(bytes[i]) else {
                if i == start + 1, hasPrefix("Infinity", at: i) {
                    throw Failure(offset: start, message: "-Infinity is not allowed in JSON")
                }
                throw Failure(offset: i, message: "expected a digit after \(describe(at: i - 1)), found \(describe(at: i))")
            }
            while i < limit, Self.isDigit(bytes[i]) { i += 1 }
            return true
        }
        let intStart = i
        guard try digits() else { return nil }
        if bytes[intStart] == UInt8(ascii: "0"), i - intStart > 1 {
            throw Failure(offset: intStart, message: "leading zeros are not allowed in numbers")
        }
        if i < limit, bytes[i] == UInt8(ascii: ".") {
            isInteger = false
            i += 1
            guard try digits() else { return nil }
        }
        if i < limit, bytes[i] == UInt8(ascii: "e") || bytes[i] == UInt8(ascii: "E") {
            isInteger = false
            i += 1
            if i < limit, bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") { i += 1 }
            guard try digits() else { return nil }
        }
        if i == limit && !atEnd { return nil }
        if isInteger && !fitsInt64(digitsFrom: intStart, to: i, negative: intStart > start) {
            throw Failure(offset: start, message: "integer out of 64-bit range")
        }
        return i
    }

    private func fitsInt64(digitsFrom start: Int, to end: Int, negative: Bool) -> Bool {
        let count = end - start
        if count < 19 { return true }
        if count > 19 { return false }
        let maximum = negative ? "9223372036854775808" : "9223372036854775807"
        for (k, b) in maximum.utf8.enumerated() where bytes[start + k] != b {
            return bytes[start + k] < b
        }
        return true
    }

    /// Scans `true`, `false` or `null`.
    func scanLiteral(from start: Int, limit: Int, atEnd: Bool) throws(Failure) -> Int? {
        let word: StaticString
        switch bytes[start] {
        case UInt8(ascii: "t"): word = "true"
        case UInt8(ascii: "f"): word = "false"
        default: word = "null"
        }
        var i = start
        var p = word.utf8Start
        for _ in 0..<word.utf8CodeUnitCount {
            guard i < limit else {
                if atEnd { throw Failure(offset: i, message: "unexpected end of data in '\(word)'") }
                return nil
            }
            guard bytes[i] == p.pointee else {
                throw Failure(offset: start, message: "invalid literal (expected '\(word)')")
            }
            i += 1
            p += 1
        }
        return i
    }

    static func isDigit(_ b: UInt8) -> Bool {
        b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9")
    }
}
