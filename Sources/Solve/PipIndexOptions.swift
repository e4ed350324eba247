import Snapshot

/// The index options of a conda file's pip section, in uv's terms: what the solve stage and
/// `verify` give uv (`--flag value` or `--flag=value`; pip-only options are left out).
public struct PipIndexOptions: Sendable, Equatable {
    public var lines: [String] = []
    /// The index URLs named (`--index-url`, `--extra-index-url`).
    public var urls: [String] = []
    public var insecureHosts: [String] = []
    public var prerelease = false
    public var root = "https://pypi.org/simple"

    public init(_ options: [String]) {
        for option in options {
            let trimmed = option.trimmed(" \t")
            let (flag, value) = Self.split(trimmed)
            switch flag {
            case "--index-url", "-i":
                lines.append("--index-url " + value)
                urls.append(value)
                if !value.isEmpty { root = value }
            case "--extra-index-url":
                lines.append("--extra-index-url " + value)
                urls.append(value)
            case "--find-links", "-f": lines.append("--find-links " + value)
            case "--no-index": lines.append("--no-index")
            case "--trusted-host": if !value.isEmpty { insecureHosts.append(value) }
            case "--pre": prerelease = true
            default: break  // pip-only options (--use-feature, ...) do not change what is solved.
            }
        }
    }

    /// `--flag value` or `--flag=value`.
    static func split(_ option: String) -> (String, String) {
        if let space = option.firstIndex(where: { $0 == " " || $0 == "\t" }) {
            return (String(option[..<space]), String(option[option.index(after: space)...]).trimmed(" \t"))
        }
        if let eq = option.firstIndex(of: "=") { return (String(option[..<eq]), String(option[option.index(after: eq)...])) }
        return (option, "")
    }
}
