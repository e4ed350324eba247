import JSONValue
import MigrationRules

/// The diff as a JSON document (`image2env diff --format json`); schema in docs/report-schema.md.
public enum DiffJSON {
    public static let schemaVersion: Int64 = 1

    public static func render(_ report: DiffReport) throws -> String {
        try PythonJSONWriter.write(document(report), indent: 2) + "\n"
    }

    public static func document(_ report: DiffReport) -> JSON {
        let rows = report.images.map(\.row)
        func c(_ r: Readiness) -> JSON { .int(Int64(rows.filter { $0.readiness == r }.count)) }
        return AuditJSON.obj([
            ("schemaVersion", .int(schemaVersion)),
            ("kind", .string("diff")),
            ("source", .string(report.audit.workspace.source)),
            ("sourceKind", .string(report.audit.workspace.kind.rawValue)),
            ("summary", AuditJSON.obj([("images", .int(Int64(rows.count))), ("ready", c(.ready)), ("review", c(.review)),
                                       ("manual", c(.manual))])),
            ("images", .array(report.images.map(image))),
        ])
    }

    static func image(_ diff: ImageDiff) -> JSON {
        let row = diff.row
        return AuditJSON.obj([
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
            ("findings", .array(row.migration.findings.map { f in
                AuditJSON.obj([("rule", .string(f.rule)), ("severity", .string(f.severity.rawValue)), ("message", .string(f.message)),
                               ("field", AuditJSON.str(f.field))])
            })),
            ("files", .array(diff.files.map { f in
                AuditJSON.obj([("title", .string(f.title)), ("unifiedDiff", AuditJSON.strings(f.lines))])
            })),
        ])
    }
}
