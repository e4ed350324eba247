import Emit
import JSONValue
import MigrationRules

/// The diff as a JSON document (`image2env diff --format json`); schema in docs/report-schema.md.
public enum DiffJSON {
    public static let schemaVersion: Int64 = 1

    public static func render(_ report: DiffReport) throws -> String {
        try PythonJSONWriter.write(document(report), indent: 2) + "\n"
    }

    /// In a fleet, the roll-up `workspaces` follows the summary and every image names its
    /// `workspace`; with a gate, `gate` follows the summary.
    public static func document(_ report: DiffReport) -> JSON {
        let rows = report.images.map(\.row)
        func c(_ r: Readiness) -> JSON { .int(Int64(rows.filter { $0.readiness == r }.count)) }
        var pairs: [(String, JSON)] = [
            ("schemaVersion", .int(schemaVersion)),
            ("kind", .string("diff")),
            ("source", .string(report.audit.workspace.source)),
            ("sourceKind", .string(report.audit.workspace.kind.rawValue)),
            ("summary", AuditJSON.obj([("images", .int(Int64(rows.count))), ("ready", c(.ready)), ("review", c(.review)),
                                       ("manual", c(.manual))])),
        ]
        if let gate = report.audit.gate { pairs.append(("gate", AuditJSON.gate(gate, fleet: !report.audit.fleet.isEmpty))) }
        if !report.audit.fleet.isEmpty { pairs.append(("workspaces", WorkspaceRollup.json(report.rollup))) }
        pairs.append(("images", .array(report.images.map { image($0, workspace: report.audit.workspace(of: $0.row)) })))
        return AuditJSON.obj(pairs)
    }

    static func image(_ diff: ImageDiff, workspace: FleetWorkspace?) -> JSON {
        let row = diff.row
        return AuditJSON.obj((workspace.map { [("workspace", $0.json)] } ?? []) + [
            ("id", .string(row.image.id)),
            ("environment", .string(row.migration.environment.name)),
            ("readiness", .string(row.readiness.rawValue)),
            ("file", .string(row.resolved.record.origin.file)),
            ("jsonPath", .string(row.resolved.record.origin.path.description)),
            ("changes", .array(diff.changes.map { c in
                AuditJSON.obj([("section", .string(c.section)), ("change", .string(c.kind.rawValue)), ("item", AuditJSON.str(c.item)),
                               ("old", AuditJSON.str(c.old)), ("new", AuditJSON.str(c.new)), ("rule", AuditJSON.str(c.rule)),
                               ("message", AuditJSON.str(c.message))])
            })),
            ("findings", .array(row.gatedFindings.map { AuditJSON.finding($0.finding, $0.status) })),
            ("resolution", ResolutionJSON.object(row.migration.resolution)),
            ("files", .array(diff.files.map { f in
                AuditJSON.obj([("title", .string(f.title)), ("unifiedDiff", AuditJSON.strings(f.lines))])
            })),
        ])
    }
}
