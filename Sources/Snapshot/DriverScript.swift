import Foundation

/// The `main.py` wrapper the SDK generated around the user's execution script.
public enum DriverScript {
    static let marker = "script_location = os.path.join(os.path.dirname(os.path.realpath(__file__)), "

    /// The user's execution script as the wrapper names it (`score.py`, or a relative path),
    /// read from the line `script_location = os.path.join(..., '<user_script>')`.
    public static func entryScript(in text: String) -> String? {
        // Byte by byte: find the marker, check that only blanks stand before it on its line.
        let bytes = Array(text.utf8)
        let marker = Array(Self.marker.utf8)
        var i = 0
        while let found = Self.find(marker, in: bytes, from: i) {
            var lineStart = found
            while lineStart > 0, bytes[lineStart - 1] == 0x20 || bytes[lineStart - 1] == 0x09 { lineStart -= 1 }
            i = found + marker.count
            guard lineStart == 0 || bytes[lineStart - 1] == 0x0A || bytes[lineStart - 1] == 0x0D else { continue }
            guard i < bytes.count, bytes[i] == 0x27 || bytes[i] == 0x22 else { return nil }
            let quote = bytes[i]
            var end = i + 1
            while end < bytes.count, bytes[end] != quote, bytes[end] != 0x0A { end += 1 }
            guard end < bytes.count, bytes[end] == quote, end > i + 1 else { return nil }
            return String(decoding: bytes[(i + 1)..<end], as: UTF8.self)
        }
        return nil
    }

    /// The first index of `needle` in `haystack` at or after `start`.
    static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard let first = needle.first, haystack.count >= needle.count else { return nil }
        var i = start
        let last = haystack.count - needle.count
        while i <= last {
            if haystack[i] == first {
                var k = 1
                while k < needle.count, haystack[i + k] == needle[k] { k += 1 }
                if k == needle.count { return i }
            }
            i += 1
        }
        return nil
    }

    /// Whether a script defines the scoring entry points `init()` and `run(...)` itself.
    public static func isScoringScript(_ text: String) -> Bool {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.contains { $0.hasPrefix("def init(") } && lines.contains { $0.hasPrefix("def run(") }
    }
}
