/// String rules of `JSONScanner`: escapes, surrogate pairs, raw control characters and
/// well-formed UTF-8; and decoding of scanned strings (for keys in paths).
///
/// Scanners return the offset just past the token, or nil when `limit` cut it short before
/// the real end of the document.
extension JSONScanner {
    /// Scans the string whose opening quote is at `start`.
    func scanString(from start: Int, limit: Int, atEnd: Bool, isKey: Bool) throws(Failure) -> Int? {
        var i = start + 1
        while true {
            while i < limit {
                let c = bytes[i]
                guard c >= 0x20, c < 0x80, c != UInt8(ascii: "\""), c != UInt8(ascii: "\\") else { break }
                i += 1
            }
            guard i < limit else {
                if atEnd { throw Failure(offset: i, message: "unexpected end of data in a string") }
                return nil
            }
            let c = bytes[i]
            if c == UInt8(ascii: "\"") { return i + 1 }
            if c == UInt8(ascii: "\\") {
                guard let next = try scanEscape(at: i, limit: limit, atEnd: atEnd, isKey: isKey) else { return nil }
                i = next
            } else if c < 0x20 {
                throw Failure(offset: i, message: "unescaped \(describe(at: i)) in string")
            } else {
                guard let next = try scanUTF8(at: i, limit: limit, atEnd: atEnd) else { return nil }
                i = next
            }
        }
    }

    /// Scans the escape sequence starting with the backslash at `i`.
    private func scanEscape(at i: Int, limit: Int, atEnd: Bool, isKey: Bool) throws(Failure) -> Int? {
        guard i + 1 < limit else {
            if atEnd { throw Failure(offset: limit, message: "unexpected end of data in a string") }
            return nil
        }
        switch bytes[i + 1] {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"),
             UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
            return i + 2
        case UInt8(ascii: "u"):
            break
        default:
            let next = bytes[i + 1]
            throw Failure(offset: i, message: (0x21...0x7E).contains(next)
                ? "invalid escape sequence '\\\(Character(Unicode.Scalar(next)))' in string"
                : "invalid escape sequence in string: '\\' followed by \(describe(at: i + 1))")
        }
        let invalid = Failure(offset: i, message: "invalid \\u escape in string")
        guard let complete = hexDigitsComplete(at: i + 2, limit: limit) else { throw invalid }
        guard complete else {
            if atEnd { throw invalid }
            return nil
        }
        guard let unit = hex4(at: i + 2) else { throw invalid }
        if isKey && unit == 0 {
            throw Failure(offset: i, message: "object key containing U+0000 is not supported")
        }
        switch unit {
        case 0xD800...0xDBFF:
            // Needs `\uDC00`...`\uDFFF` right after; stop early only if what is there so far fits.
            let expected: [UInt8] = [UInt8(ascii: "\\"), UInt8(ascii: "u")]
            for k in 0..<2 where i + 6 + k < limit && bytes[i + 6 + k] != expected[k] {
                throw unpairedSurrogate(at: i)
            }
            if i + 8 > limit {
                if atEnd { throw unpairedSurrogate(at: i) }
                return nil
            }
            guard let lowComplete = hexDigitsComplete(at: i + 8, limit: limit) else { throw unpairedSurrogate(at: i) }
            guard lowComplete else {
                if atEnd { throw unpairedSurrogate(at: i) }
                return nil
            }
            guard let low = hex4(at: i + 8), (0xDC00...0xDFFF).contains(low) else { throw unpairedSurrogate(at: i) }
            return i + 12
        case 0xDC00...0xDFFF:
            throw unpairedSurrogate(at: i)
        default:
            return i + 6
        }
    }

    /// Whether the four bytes at `i` are all present before `limit` (true), cut short by it
    /// (false), or include a byte that is not a hex digit (nil).
    private func hexDigitsComplete(at i: Int, limit: Int) -> Bool? {
        for k in i..<(i + 4) {
            guard k < limit else { return false }
            guard Self.isHexDigit(bytes[k]) else { return nil }
        }
        return true
    }

    private func unpairedSurrogate(at i: Int) -> Failure {
        let text = String(decoding: bytes[(i + 2)..<(i + 6)], as: UTF8.self)
        return Failure(offset: i, message: "unpaired surrogate \\u\(text) in string")
    }

    private func hex4(at i: Int) -> UInt32? {
        var v: UInt32 = 0
        for k in i..<(i + 4) {
            let b = bytes[k]
            let d: UInt8
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = b - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = b - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = b - UInt8(ascii: "A") + 10
            default: return nil
            }
            v = v << 4 | UInt32(d)
        }
        return v
    }

    /// Checks one well-formed UTF-8 sequence (Unicode table 3-7: no overlong forms, no
    /// surrogates, nothing above U+10FFFF) whose lead byte is at `i`.
    private func scanUTF8(at i: Int, limit: Int, atEnd: Bool) throws(Failure) -> Int? {
        let lead = bytes[i]
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        let trailing: Int
        switch lead {
        case 0xC2...0xDF: trailing = 1
        case 0xE0: trailing = 2; low = 0xA0
        case 0xE1...0xEC, 0xEE, 0xEF: trailing = 2
        case 0xED: trailing = 2; high = 0x9F
        case 0xF0: trailing = 3; low = 0x90
        case 0xF1...0xF3: trailing = 3
        case 0xF4: trailing = 3; high = 0x8F
        default: throw Failure(offset: i, message: "invalid UTF-8 in string")
        }
        for k in 1...trailing {
            guard i + k < limit else {
                if atEnd { throw Failure(offset: i, message: "invalid UTF-8 in string") }
                return nil
            }
            let b = bytes[i + k]
            let range = k == 1 ? low...high : 0x80...0xBF
            guard range.contains(b) else { throw Failure(offset: i, message: "invalid UTF-8 in string") }
        }
        return i + 1 + trailing
    }

    /// Decodes the raw string bytes `start..<end` (quotes excluded) of an already scanned string.
    func decodeString(_ start: Int, _ end: Int) -> String {
        var scalars = String.UnicodeScalarView()
        var i = start
        var runStart = start
        func flushRun() {
            if runStart < i {
                scalars.append(contentsOf: String(decoding: bytes[runStart..<i], as: UTF8.self).unicodeScalars)
            }
        }
        while i < end {
            guard bytes[i] == UInt8(ascii: "\\"), i + 1 < end else {
                i += 1
                continue
            }
            flushRun()
            let e = bytes[i + 1]
            var width = 2
            var scalar: Unicode.Scalar?
            switch e {
            case UInt8(ascii: "b"): scalar = "\u{08}"
            case UInt8(ascii: "f"): scalar = "\u{0C}"
            case UInt8(ascii: "n"): scalar = "\n"
            case UInt8(ascii: "r"): scalar = "\r"
            case UInt8(ascii: "t"): scalar = "\t"
            case UInt8(ascii: "u"):
                width = 6
                if i + 6 <= end, let unit = hex4(at: i + 2) {
                    if (0xD800...0xDBFF).contains(unit), i + 12 <= end, let low = hex4(at: i + 8),
                       (0xDC00...0xDFFF).contains(low) {
                        width = 12
                        scalar = Unicode.Scalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                    } else {
                        scalar = Unicode.Scalar(unit)
                    }
                }
            default: scalar = Unicode.Scalar(e)
            }
            scalars.append(scalar ?? "\u{FFFD}")
            i = min(i + width, end)
            runStart = i
        }
        flushRun()
        return String(scalars)
    }

    static func isHexDigit(_ b: UInt8) -> Bool {
        isDigit(b) || ((b | 0x20) >= UInt8(ascii: "a") && (b | 0x20) <= UInt8(ascii: "f"))
    }
}
