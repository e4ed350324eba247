import JSONValue
import MigrationRules

/// Findings as SARIF 2.1.0 (`--format sarif`) for GitHub code scanning: one result per
/// finding, rule metadata from the rule files, locations at the image in its input JSON file
/// (findings of the entry-script analysis: at their line of `NAME/VERSION/source/FILE`, the file
/// as `convert` writes it).
public enum SARIF {
    public static let version = "2.1.0"
    public static let schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"

    /// `lines`: `SourceLines.key(row)` → line of the image in its input file (`SourceLines.read`).
    /// `fleet`: the workspaces of a fleet report (the rows' `member`s), for fingerprints and properties.
    /// Suppressed findings carry `suppressions` (`kind` external, the reason as `justification`);
    /// with a baseline every result has its `baselineState`.
    /// `base`: paths under this folder (the working directory) are written relative to it.
    public static func render(_ rows: [AuditRow], ruleSet: RuleSet, lines: [String: Int], toolVersion: String, base: String? = nil,
                              fleet: [FleetMember] = []) throws -> String {
        try PythonJSONWriter.write(document(rows, ruleSet: ruleSet, lines: lines, toolVersion: toolVersion, base: base, fleet: fleet),
                                   indent: 2) + "\n"
    }

    public static func level(_ severity: Severity) -> String {
        switch severity {
        case .manual: return "error"
        case .review: return "warning"
        case .info: return "note"
        }
    }

    public static func document(_ rows: [AuditRow], ruleSet: RuleSet, lines: [String: Int], toolVersion: String, base: String? = nil,
                                fleet: [FleetMember] = []) -> JSON {
        func relative(_ path: String) -> String {
            guard let base, !base.isEmpty else { return path }
            let prefix = base.hasSuffix("/") ? base : base + "/"
            return path.hasPrefix(prefix) ? String(path.dropFirst(prefix.count)) : path
        }
        // The rules that fired, sorted by id, so the output does not depend on the rule set's size.
        let ids = Set(rows.flatMap { $0.migration.findings.map(\.rule) }).sorted()
        let index = Dictionary(uniqueKeysWithValues: ids.enumerated().map { ($1, $0) })
        let rules: [JSON] = ids.map { id in
            let rule = ruleSet.rule(id)
            var pairs: [(String, JSON)] = [("id", .string(id))]
            if let rule {
                pairs.append(("name", .string(camel(id))))
                pairs.append(("shortDescription", AuditJSON.obj([("text", .string(rule.title))])))
                if let remediation = rule.remediation {
                    pairs.append(("help", AuditJSON.obj([("text", .string(remediation.generic))])))
                }
                if let link = rule.link { pairs.append(("helpUri", .string(link))) }
                pairs.append(("defaultConfiguration", AuditJSON.obj([("level", .string(level(rule.severity)))])))
                pairs.append(("properties", AuditJSON.obj([("ruleFile", .string(relative(rule.file))), ("ruleLine", .int(Int64(rule.line)))])))
            }
            return AuditJSON.obj(pairs)
        }
        var results: [JSON] = []
        for row in rows {
            let origin = row.resolved.record.origin
            let workspace = row.member.flatMap { $0 < fleet.count ? fleet[$0].workspace : nil }
            for (finding, status) in row.gatedFindings {
                var region: [(String, JSON)] = []
                var physical: [(String, JSON)]
                if let place = finding.location {
                    // A finding of the entry-script analysis: at its file under source/, as convert writes it.
                    region = [("startLine", .int(Int64(place.line))), ("startColumn", .int(Int64(place.column)))]
                    let file = "\(row.image.name)/\(row.image.version)/source/\(place.file)"
                    physical = [("artifactLocation", AuditJSON.obj([("uri", .string(uri(file)))]))]
                } else {
                    if let line = lines[SourceLines.key(row)] { region.append(("startLine", .int(Int64(line)))) }
                    physical = [("artifactLocation", AuditJSON.obj([("uri", .string(uri(relative(origin.file))))]))]
                }
                if !region.isEmpty { physical.append(("region", AuditJSON.obj(region))) }
                var pairs: [(String, JSON)] = [
                    ("ruleId", .string(finding.rule)),
                ]
                if let i = index[finding.rule] { pairs.append(("ruleIndex", .int(Int64(i)))) }
                pairs += [
                    ("level", .string(level(finding.severity))),
                    ("message", AuditJSON.obj([("text", .string("\(row.image.id): \(finding.message)"))])),
                    ("locations", .array([AuditJSON.obj([
                        ("physicalLocation", AuditJSON.obj(physical)),
                        ("logicalLocations", .array([AuditJSON.obj([("name", .string(row.image.id)),
                                                                    ("fullyQualifiedName", .string(origin.path.description))])])),
                    ])])),
                    ("partialFingerprints", AuditJSON.obj([("image2env/v1", .string(
                        (workspace.map { $0.matchKey + "|" } ?? "") + "\(row.image.id)|\(finding.rule)|\(finding.field ?? "")"
                            + (finding.sourcePlace.map { "|" + $0 } ?? "")))])),
                ]
                if let s = status.suppression, !s.expired {
                    var properties: [(String, JSON)] = [("source", .string(s.source))]
                    if let until = s.until { properties.append(("until", .string(until))) }
                    pairs.append(("suppressions", .array([AuditJSON.obj([
                        ("kind", .string("external")), ("status", .string("accepted")), ("justification", .string(s.reason)),
                        ("properties", AuditJSON.obj(properties)),
                    ])])))
                }
                if let b = status.baseline { pairs.append(("baselineState", .string(b.rawValue))) }
                pairs.append(("properties", AuditJSON.obj((workspace.map { [("workspace", .string($0.label))] } ?? []) + [
                    ("image", .string(row.image.id)), ("readiness", .string(row.readiness.rawValue)), ("field", AuditJSON.str(finding.field)),
                ])))
                results.append(AuditJSON.obj(pairs))
            }
        }
        return AuditJSON.obj([
            ("$schema", .string(schemaURI)),
            ("version", .string(version)),
            ("runs", .array([AuditJSON.obj([
                ("tool", AuditJSON.obj([("driver", AuditJSON.obj([
                    ("name", .string("image2env")),
                    ("version", .string(toolVersion)),
                    ("rules", .array(rules)),
                ]))])),
                ("columnKind", .string("unicodeCodePoints")),
                ("results", .array(results)),
            ])])),
        ])
    }

    /// A relative path as a URI reference (spaces and `%` escaped); `-` becomes `stdin`.
    static func uri(_ path: String) -> String {
        if path == "-" { return "stdin" }
        var out = ""
        for ch in path.unicodeScalars {
            switch ch {
            case " ": out += "%20"
            case "%": out += "%25"
            case "#": out += "%23"
            case "?": out += "%3F"
            default: out.unicodeScalars.append(ch)
            }
        }
        return out
    }

    static func camel(_ id: String) -> String {
        id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }
}
