import JSONValue
import MigrationRules
import Snapshot

/// The stable identity of a finding across runs: the image's name (not its version, so that
/// `churn:3` replacing `churn:2` with the same finding is the same finding), the rule and the
/// field, and the workspace when it is known.
public struct FindingKey: Sendable, Hashable {
    /// `FleetWorkspace.matchKey`, or "" when the workspace is not known.
    public var workspace: String
    public var image: String
    public var rule: String
    public var field: String

    public init(workspace: String, image: String, rule: String, field: String?) {
        self.workspace = workspace
        self.image = image
        self.rule = rule
        self.field = field ?? ""
    }

    /// The same key without its workspace.
    public var anywhere: FindingKey { FindingKey(workspace: "", image: image, rule: rule, field: field) }
}

/// A previous `audit --format json` report, as `--baseline` compares with it: every finding it
/// lists, by key. Where both the baseline's finding and the run's image name their workspace
/// (a snapshot's `workspace.json`, a fleet), only the same workspace's finding matches.
public struct Baseline: Sendable {
    /// One finding of the baseline report.
    public struct Entry: Sendable, Equatable {
        public var workspace: FleetWorkspace?
        public var imageId: String
        public var imageName: String
        public var rule: String
        public var severity: String
        public var message: String
        public var field: String?

        /// Its key, with its workspace when it names one.
        public var key: FindingKey {
            FindingKey(workspace: workspace?.matchKey ?? "", image: imageName, rule: rule, field: field)
        }
    }

    /// The report file as given.
    public var file: String
    /// Every finding, in the report's order.
    public var entries: [Entry]
    /// Every key without its workspace; the keys of entries with a workspace; of those without.
    private let anywhere: Set<FindingKey>
    private let placed: Set<FindingKey>
    private let unplaced: Set<FindingKey>

    public init(file: String, entries: [Entry]) {
        self.file = file
        self.entries = entries
        anywhere = Set(entries.map(\.key.anywhere))
        placed = Set(entries.filter { $0.workspace != nil }.map(\.key))
        unplaced = Set(entries.filter { $0.workspace == nil }.map(\.key))
    }

    /// Reads a report (audit, diff or merged); errors name the file and the JSON path.
    public static func load(_ path: String, limits: InputLimits = .default) throws(ReportFile.ReadError) -> Baseline {
        try parse(try ReportFile.read(path, limits: limits), file: path)
    }

    public static func parse(_ json: JSON, file: String) throws(ReportFile.ReadError) -> Baseline {
        let documentWorkspace = FleetWorkspace(json: json["workspace"])
        var entries: [Entry] = []
        for (i, image) in (json["images"]?.arrayValue ?? []).enumerated() {
            let path = "$.images[\(i)]"
            let id = try ReportFile.string(image, "id", at: path, file: file)
            // A diff report's images have no name: it is the id without its version.
            let name = image["name"]?.stringValue ?? String(id[..<(id.lastIndex(of: ":") ?? id.endIndex)])
            guard let findings = image["findings"]?.arrayValue else {
                throw ReportFile.ReadError("\(file): \(path).findings: expected a list, found \(image["findings"]?.typeName ?? "nothing")")
            }
            for (j, finding) in findings.enumerated() {
                let at = "\(path).findings[\(j)]"
                entries.append(Entry(workspace: FleetWorkspace(json: image["workspace"]) ?? documentWorkspace, imageId: id, imageName: name,
                                     rule: try ReportFile.string(finding, "rule", at: at, file: file),
                                     severity: finding["severity"]?.stringValue ?? "", message: finding["message"]?.stringValue ?? "",
                                     field: finding["field"]?.stringValue))
            }
        }
        return Baseline(file: file, entries: entries)
    }

    /// Whether the baseline has this finding: the same workspace's when both name theirs.
    public func contains(_ key: FindingKey) -> Bool {
        key.workspace.isEmpty ? anywhere.contains(key) : placed.contains(key) || unplaced.contains(key.anywhere)
    }

    /// The baseline's findings that no key of `seen` (the run's findings) matches: gone since
    /// the baseline. Each image's finding once, in the baseline's order.
    public func absent(seen: Set<FindingKey>) -> [Entry] {
        let seenAnywhere = Set(seen.map(\.anywhere))
        var listed: Set<String> = []
        return entries.filter { entry in
            let key = entry.key
            let matched = key.workspace.isEmpty ? seenAnywhere.contains(key) : seen.contains(key) || seen.contains(key.anywhere)
            return !matched && listed.insert([key.workspace, entry.imageId, entry.rule, entry.field ?? ""].joined(separator: "\u{0}")).inserted
        }
    }
}
