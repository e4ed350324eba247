import Emit
import EnvironmentSpec
import LegacyImage
import MigrationRules
import Snapshot

/// One change the migration makes to one aspect of an image, old → new.
public struct FieldChange: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case added, removed, changed, kept, dropped
    }

    /// The aspect, in the normalized view both sides share (`baseImage`, `pipPackages`, ...).
    public var section: String
    public var kind: Kind
    /// The item within a list section (a package name), nil for a single-valued section.
    public var item: String?
    public var old: String?
    public var new: String?
    /// The rule that set the new value, and what it says.
    public var rule: String?
    public var message: String?
}

/// A unified diff of one file: old artifact against the new Environment file.
public struct FileDiff: Sendable, Equatable {
    public var title: String
    /// `---`/`+++` headers then hunks; empty when both sides are the same.
    public var lines: [String]
}

/// What the migration changes for one image.
public struct ImageDiff: Sendable {
    public var row: AuditRow
    public var changes: [FieldChange]
    public var files: [FileDiff]

    /// The sections of the normalized view, in report order.
    public static let sections = ["baseImage", "gpu", "channels", "condaPackages", "pipPackages", "pipOptions",
                                  "dockerSteps", "environmentVariables", "entryScript", "sourceFiles", "registry",
                                  "inferencingStack", "schemaFile", "injectedRequirements"]

    public init(row: AuditRow, ruleSet: RuleSet) {
        self.row = row
        let r = row.resolved
        let facts = ImageFacts(r, script: row.migration.script)
        let env = row.migration.environment
        let trace = Dictionary(row.migration.trace.map { ($0.field, $0.rule) }, uniquingKeysWith: { _, b in b })
        func attribution(_ fields: [String]) -> (String?, String?) {
            guard let rule = fields.lazy.compactMap({ trace[$0] }).first else { return (nil, nil) }
            let message = row.migration.findings.first { $0.rule == rule }?.message ?? ruleSet.rule(rule)?.title
            return (rule, message)
        }
        var changes: [FieldChange] = []
        func single(_ section: String, _ old: String?, _ new: String?, fields: [String], kind: FieldChange.Kind? = nil) {
            guard old != new || kind != nil else { return }
            let (rule, message) = attribution(fields)
            let k = kind ?? (old == nil ? .added : new == nil ? .removed : .changed)
            changes.append(FieldChange(section: section, kind: k, item: nil, old: old, new: new, rule: rule, message: message))
        }
        // Packages moved from conda to pip are the moving rule's, whatever changed the lists later.
        let movedNames = Set(env.movedToPip.compactMap { $0.components(separatedBy: " → ").first.map(PackageSpec.name) }
            + env.movedToPip.compactMap { $0.components(separatedBy: " → ").last.map(PackageSpec.name) })
        let moved = attribution(["movedToPip"])
        func list(_ section: String, _ old: [String], _ new: [String], fields: [String], byName: Bool) {
            let (listRule, listMessage) = attribution(fields)
            let key: (String) -> String = byName ? { PackageSpec.name($0) } : { $0 }
            func ruleFor(_ item: String, _ kind: FieldChange.Kind) -> (String?, String?) {
                let isMove = byName && moved.0 != nil && movedNames.contains(item)
                    && ((section == "condaPackages" && kind == .removed) || (section == "pipPackages" && kind == .added))
                return isMove ? moved : (listRule, listMessage)
            }
            let oldByKey = Dictionary(old.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
            let newByKey = Dictionary(new.map { (key($0), $0) }, uniquingKeysWith: { a, _ in a })
            for spec in old {
                let k = key(spec)
                if let n = newByKey[k] {
                    if n != spec {
                        let (rule, message) = ruleFor(k, .changed)
                        changes.append(FieldChange(section: section, kind: .changed, item: k, old: spec, new: n, rule: rule, message: message))
                    }
                } else {
                    let (rule, message) = ruleFor(k, .removed)
                    changes.append(FieldChange(section: section, kind: .removed, item: k, old: spec, new: nil, rule: rule, message: message))
                }
            }
            for spec in new where oldByKey[key(spec)] == nil {
                let (rule, message) = ruleFor(key(spec), .added)
                changes.append(FieldChange(section: section, kind: .added, item: key(spec), old: nil, new: spec, rule: rule, message: message))
            }
        }

        let oldBase = facts.baseImage ?? "(legacy default for \(facts.runtime ?? "?") \(facts.gpu ? "gpu" : "cpu"))"
        let newBase = env.baseImage ?? (env.baseDockerfile != nil ? "(base Dockerfile)" : nil)
        single("baseImage", oldBase, newBase, fields: ["baseImage", "baseDockerfile"])
        let oldGPU = facts.cudaVersion.map { "cuda " + $0 } ?? (facts.gpu ? "gpu" : "cpu")
        let newGPU = Self.gpu(of: env)
        single("gpu", oldGPU, newGPU, fields: ["baseImage"])
        let conda = r.conda
        list("channels", conda?.channels ?? [], env.channels, fields: ["channels"], byName: false)
        list("condaPackages", conda?.condaPackages ?? [], env.condaPackages, fields: ["condaPackages"], byName: true)
        list("pipPackages", conda?.pipPackages ?? [], env.pipPackages, fields: ["pipPackages"], byName: true)
        list("pipOptions", conda?.pipOptions ?? [], env.pipOptions, fields: ["pipOptions"], byName: false)
        let oldSteps = r.dockerSteps.map { "\(UnifiedDiff.lines($0).count) lines of extra Docker steps" }
        let newSteps = env.baseDockerfile.map { "base Dockerfile, \(UnifiedDiff.lines($0).count) lines" }
        single("dockerSteps", oldSteps, newSteps, fields: ["baseDockerfile"])
        // Legacy images carry no environment variables; the Environment sets none either.
        let entry = r.sourceTree?.entryScript ?? r.entryScript
        if row.readiness == .manual {
            // A manual image keeps its source (source/, beside MANUAL.md) but gets no InferenceConfig.
            if let kept = r.sourceTree?.entryScript {
                single("entryScript", kept, kept + " (source/, see MANUAL.md)", fields: [], kind: .kept)
            } else {
                single("entryScript", entry, nil, fields: [], kind: entry == nil ? nil : .removed)
            }
        } else if let entry {
            single("entryScript", entry, entry + " (InferenceConfig entry_script)", fields: [], kind: .kept)
        }
        let sources = r.sourceTree?.files.count ?? 0
        if sources > 0 {
            let count = "\(sources) file\(sources == 1 ? "" : "s")"
            single("sourceFiles", count, count + " (source/)", fields: [], kind: .kept)
        }
        let oldRegistry = facts.registryAddress.map { $0 + (facts.registryUser.map { " (user \($0))" } ?? "") }
        let newRegistry = env.registryAddress.map { $0 + (env.registryUsername.map { " (user \($0))" } ?? "") }
        single("registry", oldRegistry, newRegistry, fields: ["registryAddress", "registryUsername"])
        single("inferencingStack", nil, env.inferencingStackVersion, fields: ["inferencingStackVersion"])
        if let schema = r.schemaFile {
            single("schemaFile", schema, nil, fields: [], kind: .dropped)
        }
        if facts.hasInjectedRequirements, let injected = r.pipRequirements, !injected.isEmpty {
            single("injectedRequirements", injected.joined(separator: ", "), nil, fields: [], kind: .dropped)
        }
        // Dropped items get the rule of a finding that names them, if any.
        for index in changes.indices where changes[index].kind == .dropped || changes[index].rule == nil {
            let section = changes[index].section
            let kebab = section.reduce(into: "") { out, ch in out += ch.isUppercase ? "-" + ch.lowercased() : String(ch) }
            if let finding = row.migration.findings.first(where: { $0.field == section || $0.rule == kebab }) {
                changes[index].rule = finding.rule
                changes[index].message = finding.message
            }
        }
        self.changes = changes

        var newFiles: [String: String] = [:]
        if let files = try? Conversion.files(for: r, migration: row.migration, ruleSet: ruleSet, target: .v1) {
            for file in files { newFiles[file.path] = String(decoding: file.bytes, as: UTF8.self) }
        }
        let name = "\(row.image.name)/\(row.image.version)"
        files = [
            FileDiff(title: "conda", lines: UnifiedDiff.render(
                old: r.condaText ?? "", new: newFiles["v1/conda_dependencies.yml"] ?? "",
                oldName: "a/\(name)/conda (image)", newName: "b/\(name)/v1/conda_dependencies.yml")),
            FileDiff(title: "docker", lines: UnifiedDiff.render(
                old: r.dockerSteps ?? "", new: newFiles["v1/BaseDockerfile"] ?? "",
                oldName: "a/\(name)/docker steps (image)", newName: "b/\(name)/v1/BaseDockerfile")),
        ]
        // v2/code.patch: what the v2 code folder changes in the recovered source.
        if row.readiness != .manual, row.migration.resolution?.v2Unavailable == nil, let tree = r.sourceTree {
            let patch = V2Code.patchLines(tree, row.migration.script.v2Edits, oldPrefix: "a/\(name)/source/", newPrefix: "b/\(name)/v2/code/")
            if !patch.isEmpty { files.append(FileDiff(title: "v2 code", lines: patch)) }
        }
    }

    /// GPU/CUDA of the new Environment, read from its base image's name.
    static func gpu(of env: EnvironmentDraft) -> String {
        let base = (env.baseImage ?? "").lowercased()
        if let range = base.range(of: "cuda") {
            let version = base[range.upperBound...].prefix { $0.isNumber || $0 == "." }
            return version.isEmpty ? "gpu" : "cuda " + version
        }
        return base.contains("gpu") ? "gpu" : "cpu"
    }
}

/// The diff report: for each selected image of an audit, what the migration changes.
public struct DiffReport: Sendable {
    public var audit: AuditReport
    public var images: [ImageDiff]

    /// `selectors` are `NAME` or `NAME:VERSION`; empty selects every image.
    public init(audit: AuditReport, ruleSet: RuleSet, selectors: [String] = []) {
        self.audit = audit
        images = audit.rows.filter { row in
            selectors.isEmpty || selectors.contains { $0 == row.image.name || $0 == row.image.id }
        }.map { ImageDiff(row: $0, ruleSet: ruleSet) }
    }

    public var summaryLine: String {
        let rows = images.map(\.row)
        let n = rows.count
        func c(_ r: Readiness) -> Int { rows.filter { $0.readiness == r }.count }
        return "\(n) image\(n == 1 ? "" : "s"): \(c(.ready)) ready, \(c(.review)) review, \(c(.manual)) manual"
    }
}
