import Foundation
import MigrationRules
import Reports
import Snapshot
import Yams

/// The project file, `.image2env.yml`: a team's settings for every run in a repository (found in
/// the working folder or its nearest parent that has one, or named by `--project-file`). Every
/// key has a command-line option, which wins.
///
/// ```yaml
/// rules: [team-rules/]            # --rules (folders, relative to this file)
/// disableRules: [raise-python]    # --disable-rule
/// failOn: review                  # --fail-on
/// format: sarif                   # --format
/// baseline: reports/main.json     # --baseline (relative to this file)
/// suppress:                       # --suppress (added before these)
///   - rule: docker-steps
///     image: "ocr-*"              # a glob on the name or name:version
///     reason: the Docker steps were reviewed in PLAT-1234
///     until: 2026-12-31           # optional: after it the suppression no longer applies
/// ```
public struct ProjectFile: Sendable, Equatable {
    /// The file's name, looked up from the working folder upward.
    public static let fileName = ".image2env.yml"
    static let keys = ["rules", "disableRules", "failOn", "format", "baseline", "suppress"]
    static let suppressionKeys = ["rule", "image", "reason", "until"]

    /// The file as reported in messages and reports.
    public var path: String
    /// Rule folders, relative paths resolved against the file's folder.
    public var rules: [String]?
    public var disableRules: [String]?
    public var failOn: FailOn?
    public var format: ReportFormat?
    /// The baseline report, a relative path resolved against the file's folder.
    public var baseline: String?
    public var suppress: [Suppression] = []

    public init(path: String) {
        self.path = path
    }

    /// The nearest `.image2env.yml` (a regular file) in `directory` or a parent, if any.
    public static func find(from directory: String) -> String? {
        var url = URL(fileURLWithPath: directory).standardizedFileURL
        while true {
            let candidate = url.appendingPathComponent(fileName).path
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue { return candidate }
            let parent = url.deletingLastPathComponent()
            if parent.path == url.path { return nil }
            url = parent
        }
    }

    /// Reads `path`; `shown` is how messages and reports name it (a path relative to the
    /// working folder). Every mistake is an error with `FILE:LINE:COLUMN`.
    public static func load(_ path: String, shown: String? = nil, limits: YAMLLimits = .default) throws(ProjectFileError) -> ProjectFile {
        let name = shown ?? path
        let text: String
        do {
            text = try RuleFileLoader.text(of: path, limits: limits)
        } catch {
            throw ProjectFileError(RuleError(file: name, line: error.line, column: error.column, ruleId: nil, message: error.message))
        }
        do {
            return try parse(text, file: name, folder: URL(fileURLWithPath: path).deletingLastPathComponent().path, limits: limits)
        } catch {
            throw ProjectFileError(error)
        }
    }

    /// Parses the text of a project file named `file`, whose relative paths are relative to `folder`.
    public static func parse(_ text: String, file: String, folder: String, limits: YAMLLimits = .default) throws(RuleError) -> ProjectFile {
        var project = ProjectFile(path: file)
        guard let root = try RuleFileLoader.compose(text, file: file, limits: limits) else { return project }
        let r = NodeReader(file: file, ruleId: nil)
        func resolved(_ path: String) -> String {
            path.hasPrefix("/") ? path : URL(fileURLWithPath: folder).appendingPathComponent(path).standardizedFileURL.path
        }
        for (key, value) in try r.mapping(root, "the project file (a mapping of \(keys.joined(separator: ", ")))") {
            switch key.string {
            case "rules": project.rules = try r.strings(value, "\"rules\" (rule folders)").map(resolved)
            case "disableRules": project.disableRules = try r.strings(value, "\"disableRules\" (rule ids)")
            case "failOn":
                let text = try r.string(value, "\"failOn\"")
                guard let failOn = FailOn(rawValue: text) else {
                    throw r.error(value, "failOn must be one of \(FailOn.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(text)\"")
                }
                project.failOn = failOn
            case "format":
                let text = try r.string(value, "\"format\"")
                guard let format = ReportFormat(rawValue: text) else {
                    throw r.error(value, "format must be one of \(ReportFormat.allCases.map(\.rawValue).joined(separator: ", ")), not \"\(text)\"")
                }
                project.format = format
            case "baseline": project.baseline = resolved(try r.string(value, "\"baseline\" (a report of image2env audit --format json)"))
            case "suppress":
                for (i, item) in try r.sequence(value, "\"suppress\"").enumerated() {
                    project.suppress.append(try suppression(item, index: i, reader: r))
                }
            default:
                throw r.error(key, "unknown key \"\(key.string ?? "?")\" (known: \(keys.joined(separator: ", ")))")
            }
        }
        return project
    }

    static func suppression(_ node: Node, index: Int, reader r: NodeReader) throws(RuleError) -> Suppression {
        let what = "suppress[\(index)]"
        let map = try r.mapping(node, "\(what) (a mapping of rule, image, reason and optionally until)")
        for (key, _) in map where !suppressionKeys.contains(key.string ?? "") {
            throw r.error(key, "\(what): unknown key \"\(key.string ?? "?")\" (known: \(suppressionKeys.joined(separator: ", ")))")
        }
        func required(_ key: String, _ hint: String) throws(RuleError) -> String {
            guard let value = map[key] else { throw r.error(node, "\(what): \"\(key)\" is required (\(hint))") }
            let text = try r.string(value, "\(what).\(key)")
            guard !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw r.error(value, "\(what): \"\(key)\" must not be empty (\(hint))")
            }
            return text
        }
        let rule = try required("rule", "a rule id, or a glob such as cuda-*")
        let image = try required("image", "a glob on the image name or name:version; \"*\" for every image")
        let reason = try required("reason", "say why the finding is accepted, e.g. a ticket")
        var until: String?
        if let value = map["until"] {
            let text = try r.string(value, "\(what).until")
            guard Suppression.isDate(text) else { throw r.error(value, "\(what): until must be a date written YYYY-MM-DD, not \"\(text)\"") }
            until = text
        }
        let mark = node.mark.map { ":\($0.line):\($0.column)" } ?? ""
        return Suppression(rule: rule, image: image, reason: reason, until: until, source: r.file + mark)
    }
}

/// A mistake in the project file: `FILE:LINE:COLUMN: what is wrong` (exit 64).
public struct ProjectFileError: Error, Sendable, CustomStringConvertible {
    public var underlying: RuleError

    public init(_ underlying: RuleError) {
        self.underlying = underlying
    }

    public var description: String { underlying.description }
}
