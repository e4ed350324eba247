#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Removes secrets from text before it is printed: SAS `sig=` values, bearer tokens, and the
/// credentials of URLs (a private package feed's `https://user:token@host/...`).
public enum Redaction {
    /// `sig=<anything up to & or whitespace or quote>` becomes `sig=REDACTED` (any case of `sig`),
    /// `Bearer <token>` becomes `Bearer REDACTED` (`Bearer` capitalized, as in headers), and
    /// `scheme://user:secret@` becomes `scheme://user:REDACTED@` (`scheme://token@`:
    /// `scheme://REDACTED@`).
    public static func text(_ text: String) -> String {
        var out = redactValues(after: "sig=", caseSensitive: false, in: text)
        out = redactValues(after: "Bearer ", caseSensitive: true, in: out)
        out = redactURLCredentials(in: out)
        return out
    }

    /// The userinfo of every `scheme://userinfo@host` in `text`: the password part (after `:`),
    /// or all of it when it has no `:` (a token used as a user name).
    static func redactURLCredentials(in text: String) -> String {
        let bytes = Array(text.utf8)
        // Fast path: no "://" or no "@" means no credentials.
        guard bytes.contains(0x40), let first = findSchemeSeparator(bytes, from: 0) else { return text }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var copied = 0
        var at = Optional(first)
        while let sep = at {
            let start = sep + 3
            var end = start
            // userinfo runs to '@' and stops at '/', whitespace, quotes or the end of the authority.
            while end < bytes.count, !isAuthorityEnd(bytes[end]), bytes[end] != 0x40 { end += 1 }
            if end < bytes.count, bytes[end] == 0x40, end > start {
                out.append(contentsOf: bytes[copied..<start])
                if let colon = bytes[start..<end].firstIndex(of: 0x3A) {
                    out.append(contentsOf: bytes[start...colon])
                }
                out.append(contentsOf: Array("REDACTED".utf8))
                copied = end
            }
            at = findSchemeSeparator(bytes, from: max(start, end))
        }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    private static func findSchemeSeparator(_ bytes: [UInt8], from: Int) -> Int? {
        var i = from
        while i + 2 < bytes.count {
            if bytes[i] == 0x3A, bytes[i + 1] == 0x2F, bytes[i + 2] == 0x2F, i > 0, isSchemeByte(bytes[i - 1]) { return i }
            i += 1
        }
        return nil
    }

    private static func isSchemeByte(_ b: UInt8) -> Bool {
        (0x41...0x5A).contains(b) || (0x61...0x7A).contains(b) || (0x30...0x39).contains(b) || b == 0x2B || b == 0x2D || b == 0x2E
    }

    private static func isAuthorityEnd(_ b: UInt8) -> Bool {
        b == 0x2F || b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D || b == 0x22 || b == 0x27 || b == 0x60 || b == 0x3F || b == 0x23
            || b == 0x3C || b == 0x3E || b == 0x5C
    }

    /// A URL safe to print: its SAS signature redacted.
    public static func url(_ url: String) -> String { text(url) }

    private static func redactValues(after marker: String, caseSensitive: Bool, in text: String) -> String {
        let lowerMarker = Array((caseSensitive ? marker : marker.lowercased()).utf8)
        let bytes = Array(text.utf8)
        // Most text has no secret at all: give it back untouched after one quick scan for the
        // marker's last byte (`=` or the space), the only place a match can end.
        guard let last = lowerMarker.last, bytes.contains(last), mayContain(lowerMarker, in: bytes, caseSensitive: caseSensitive) else {
            return text
        }
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if i + lowerMarker.count <= bytes.count,
               zip(bytes[i..<(i + lowerMarker.count)], lowerMarker).allSatisfy({ (caseSensitive ? $0 : lower($0)) == $1 }),
               i == 0 || !isWordByte(bytes[i - 1]) {
                out.append(contentsOf: bytes[i..<(i + lowerMarker.count)])
                i += lowerMarker.count
                var j = i
                while j < bytes.count, !isTerminator(bytes[j]) { j += 1 }
                if j > i { out.append(contentsOf: Array("REDACTED".utf8)) }
                i = j
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Whether `marker` occurs anywhere in `bytes` (ASCII case folded unless `caseSensitive`):
    /// memchr(3) finds each candidate for the marker's last byte (`=` or a space, never a
    /// letter), then the bytes before it are compared.
    private static func mayContain(_ marker: [UInt8], in bytes: [UInt8], caseSensitive: Bool) -> Bool {
        guard let last = marker.last, marker.count <= bytes.count else { return false }
        return bytes.withUnsafeBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            var from = marker.count - 1
            while from < buffer.count, let hit = memchr(base + from, Int32(last), buffer.count - from) {
                let end = base.distance(to: hit.assumingMemoryBound(to: UInt8.self))
                let start = end - (marker.count - 1)
                var k = 0
                while k < marker.count - 1, (caseSensitive ? buffer[start + k] : lower(buffer[start + k])) == marker[k] { k += 1 }
                if k == marker.count - 1 { return true }
                from = end + 1
            }
            return false
        }
    }

    private static func lower(_ b: UInt8) -> UInt8 { (65...90).contains(b) ? b + 32 : b }

    private static func isWordByte(_ b: UInt8) -> Bool {
        (48...57).contains(b) || (65...90).contains(b) || (97...122).contains(b) || b == 95
    }

    private static func isTerminator(_ b: UInt8) -> Bool {
        b == UInt8(ascii: "&") || b == UInt8(ascii: " ") || b == UInt8(ascii: "\"") || b == UInt8(ascii: "'")
            || b == UInt8(ascii: "\n") || b == UInt8(ascii: "\t") || b == UInt8(ascii: "\r") || b == UInt8(ascii: ",")
            || b == UInt8(ascii: ")") || b == UInt8(ascii: ">") || b == UInt8(ascii: "<")
    }
}
