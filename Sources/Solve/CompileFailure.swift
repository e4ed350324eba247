import Foundation
import Snapshot

/// Why the resolver found no solution (or could not look), read from what uv prints.
public struct CompileFailure: Error, Sendable, Equatable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        /// The release has wheels, none for this Python or platform (uv lists the tags it found).
        case noMatchingWheels
        /// Wheels are required and the release has none that can be used here.
        case noUsableWheels
        /// The release's metadata cannot be parsed.
        case invalidMetadata
        /// No such release or project on the index.
        case notFound
        /// Building a source release (for its metadata) failed.
        case buildFailed
        /// The requirements contradict each other.
        case conflict
        /// A requirement line the resolver cannot read.
        case badRequirement
        /// The index could not be reached.
        case network
        /// `--offline` and the answer is not in the resolver's cache.
        case offline
        /// The resolver failed otherwise (crashed, timed out, an error it printed).
        case toolFailed

        /// Whether the same question always gets this answer.
        var isDeterministic: Bool {
            switch self {
            case .network, .offline, .toolFailed: return false
            default: return true
            }
        }
    }

    public var kind: Kind
    /// The normalized project the explanation is about, and its version, when it names one.
    public var package: String?
    public var version: String?
    /// The Python tags of the wheels uv found for that release (`cp27mu`, `cp36m`), when it says.
    public var wheelTags: [String]
    /// The resolver's explanation in one line, credentials removed.
    public var detail: String
    /// Every project the explanation names, normalized, in order.
    public var mentioned: [String]

    /// Reads uv's standard error (exit status non-zero).
    public static func parse(_ stderr: String) -> CompileFailure {
        let text = Redaction.text(stderr)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        let mentioned = mentionedProjects(text)
        let errorLine = lines.first { $0.hasPrefix("error: ") }.map { String($0.dropFirst(7)) } ?? ""
        let causes = lines.compactMap { line -> String? in
            let t = line.trimmingCharacters(in: .whitespaces)
            return t.hasPrefix("cause: ") ? String(t.dropFirst(7)) : nil
        }
        if text.contains("because the network was disabled") || errorLine.contains("network connectivity is disabled") {
            return CompileFailure(kind: .offline, package: nil, version: nil, wheelTags: [],
                                  detail: "offline, and the resolver's cache does not hold what is needed", mentioned: mentioned)
        }
        if errorLine.hasPrefix("No solution found") {
            let first = causes.first ?? errorLine
            let sentence = Self.firstClause(first)
            let subject = Self.subject(sentence)
            var kind = Kind.conflict
            if sentence.contains("has no wheels with a matching") || sentence.contains("have no wheels with a matching") {
                kind = .noMatchingWheels
            } else if sentence.contains("no usable wheels") {
                kind = .noUsableWheels
            } else if sentence.contains("has invalid metadata") {
                kind = .invalidMetadata
            } else if sentence.hasPrefix("there is no version of") || sentence.contains("was not found in the package registry")
                        || sentence.contains("was not found in the provided package locations") {
                kind = .notFound
            }
            var detail = sentence
            if kind == .invalidMetadata, let hint = Self.invalidMetadataHint(lines) { detail += " (" + hint + ")" }
            // Subjects of the first clause only when the clause is about one release.
            let about = kind == .conflict ? nil : subject
            return CompileFailure(kind: kind, package: about?.name, version: about?.version, wheelTags: Self.abiTags(text),
                                  detail: detail, mentioned: mentioned)
        }
        if errorLine.hasPrefix("Failed to build") || errorLine.hasPrefix("Failed to download and build") {
            let subject = Self.backticked(errorLine).first.flatMap(Self.release)
            let why = Self.buildReason(lines)
            let spec = subject.map { $0.name + ($0.version.map { "==" + $0 } ?? "") } ?? "a source release"
            return CompileFailure(kind: .buildFailed, package: subject?.name, version: subject?.version, wheelTags: [],
                                  detail: "building \(spec) from source failed" + (why.map { ": " + $0 } ?? ""), mentioned: mentioned)
        }
        if errorLine.hasPrefix("Couldn't parse requirement") || errorLine.hasPrefix("Failed to parse") {
            let why = causes.first.map { ": " + $0 } ?? ""
            return CompileFailure(kind: .badRequirement, package: nil, version: nil, wheelTags: [],
                                  detail: "a requirement cannot be read" + why, mentioned: mentioned)
        }
        if errorLine.contains("Failed to fetch") || errorLine.hasPrefix("Request failed") || text.contains("dns error")
            || text.contains("error sending request") || text.contains("Connection refused") || text.contains("timed out") {
            let url = (causes + [errorLine]).lazy.compactMap(Self.fetchedURL).first
            let host = url.flatMap { URL(string: $0)?.host }
            let why = text.contains("dns error") ? "its name does not resolve"
                : text.contains("Connection refused") ? "the connection was refused"
                : text.contains("timed out") ? "the request timed out" : "the request failed"
            return CompileFailure(kind: .network, package: nil, version: nil, wheelTags: [],
                                  detail: "the index \(host ?? "host") cannot be reached (\(why))", mentioned: mentioned)
        }
        let line = errorLine.isEmpty ? (lines.last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } ?? "no message") : errorLine
        return CompileFailure(kind: .toolFailed, package: nil, version: nil, wheelTags: [],
                              detail: "the resolver failed: " + line.trimmingCharacters(in: .whitespaces), mentioned: mentioned)
    }

    /// `Because A and you require B, we can conclude ...` → `A and you require B`.
    static func firstClause(_ cause: String) -> String {
        var s = cause
        if s.hasPrefix("Because ") { s = String(s.dropFirst(8)) }
        if let r = s.range(of: ", we can conclude") { s = String(s[..<r.lowerBound]) }
        return s.trimmingCharacters(in: CharacterSet(charactersIn: " ."))
    }

    /// The release a clause starts with: `tensorflow-gpu==1.12.0 has ...`, `all versions of sklearn have ...`,
    /// `there is no version of x==1`, `x was not found ...`.
    static func subject(_ clause: String) -> (name: String, version: String?)? {
        var s = Substring(clause)
        for prefix in ["all versions of ", "there is no version of "] where s.hasPrefix(prefix) { s = s.dropFirst(prefix.count) }
        guard let word = s.split(separator: " ").first else { return nil }
        return release(String(word))
    }

    /// `name==1.0` or `name` (also `name[extra]==1.0`), normalized.
    static func release(_ word: String) -> (name: String, version: String?)? {
        let parts = word.components(separatedBy: "==")
        var name = parts[0]
        if let bracket = name.firstIndex(of: "[") { name = String(name[..<bracket]) }
        guard PipRequirement.isValidName(name) else { return nil }
        return (PipRequirement.normalize(name), parts.count > 1 ? parts[1] : nil)
    }

    /// The ABI tags of uv's hint: "... with the following Python ABI tags: `cp27mu`, `cp33m`".
    static func abiTags(_ text: String) -> [String] {
        guard let r = text.range(of: "with the following Python ABI tags:") ?? text.range(of: "with the following Python implementation tags:") else {
            return []
        }
        let line = text[r.upperBound...].prefix { $0 != "\n" }
        return backticked(String(line))
    }

    /// The `...` spans of a line.
    static func backticked(_ line: String) -> [String] {
        let parts = line.split(separator: "`", omittingEmptySubsequences: false)
        return stride(from: 1, to: parts.count, by: 2).map { String(parts[$0]) }
    }

    /// uv's hint after "could not be parsed:": the parser's complaint.
    static func invalidMetadataHint(_ lines: [String]) -> String? {
        guard let i = lines.firstIndex(where: { $0.contains("could not be parsed") }), i + 1 < lines.count else { return nil }
        let complaint = lines[i + 1].trimmingCharacters(in: .whitespaces)
        let offending = i + 2 < lines.count ? lines[i + 2].trimmingCharacters(in: .whitespaces) : ""
        return offending.isEmpty ? complaint : "\(complaint) in `\(offending)`"
    }

    /// The first line the build printed on its standard error, when uv shows it.
    static func buildReason(_ lines: [String]) -> String? {
        guard let i = lines.firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "[stderr]" }) else { return nil }
        return lines[(i + 1)...].map { $0.trimmingCharacters(in: .whitespaces) }.first { !$0.isEmpty }
    }

    /// `Failed to fetch: https://host/simple/x/` → the URL.
    static func fetchedURL(_ line: String) -> String? {
        guard let r = line.range(of: "Failed to fetch: ") else { return nil }
        return line[r.upperBound...].split(separator: " ").first.map { String($0).trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
    }

    /// Every `name==x`, `name>=x`, `name<x`, ..., and `you require name`, normalized, in order.
    static func mentionedProjects(_ text: String) -> [String] {
        var out: [String] = []
        var seen: Set<String> = []
        let pattern = #"([A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]|[A-Za-z0-9])(?:\[[^\]]*\])?(?:==|>=|<=|!=|~=|<|>)"#
        let requirePattern = #"you require ([A-Za-z0-9][A-Za-z0-9._-]*[A-Za-z0-9]|[A-Za-z0-9])"#
        for p in [pattern, requirePattern] {
            guard let regex = try? NSRegularExpression(pattern: p) else { continue }
            for match in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let r = Range(match.range(at: 1), in: text) else { continue }
                let name = PipRequirement.normalize(String(text[r]))
                if seen.insert(name).inserted { out.append(name) }
            }
        }
        return out
    }
}
