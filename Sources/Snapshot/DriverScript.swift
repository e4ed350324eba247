import Foundation

/// The `main.py` wrapper the SDK generated around the user's execution script.
public enum DriverScript {
    static let marker = "script_location = os.path.join(os.path.dirname(os.path.realpath(__file__)), "

    /// The user's execution script as the wrapper names it (`score.py`, or a relative path),
    /// read from the line `script_location = os.path.join(..., '<user_script>')`.
    public static func entryScript(in text: String) -> String? {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            guard trimmed.hasPrefix(marker) else { continue }
            var rest = trimmed.dropFirst(marker.count)
            guard let quote = rest.first, quote == "'" || quote == "\"" else { return nil }
            rest = rest.dropFirst()
            guard let end = rest.firstIndex(of: quote) else { return nil }
            let name = String(rest[..<end])
            return name.isEmpty ? nil : name
        }
        return nil
    }

    /// Whether a script defines the scoring entry points `init()` and `run(...)` itself.
    public static func isScoringScript(_ text: String) -> Bool {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
        return lines.contains { $0.hasPrefix("def init(") } && lines.contains { $0.hasPrefix("def run(") }
    }
}
