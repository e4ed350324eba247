import JSONValue
import LegacyImage
import MigrationRules
import Snapshot

/// The audit as a JSON document (`--format json`). The schema is versioned by `schemaVersion`.
public enum AuditJSON {
    public static let schemaVersion: Int64 = 1

    public static func render(_ report: AuditReport) throws -> String {
        try PythonJSONWriter.write(document(report), indent: 2) + "\n"
    }

    public static func document(_ report: AuditReport) -> JSON {
        document(workspace: report.workspace, images: report.rows.map(image),
                 counts: Readiness.allCases.map { report.count($0) }, imageIds: Set(report.rows.map(\.image.id)),
                 problems: report.problems)
    }

    /// The document from its parts: `counts` of ready, review, manual images.
    public static func document(workspace ws: LoadedWorkspace, images: [JSON], counts: [Int], imageIds knownIds: Set<String>,
                         problems: [InputProblem]) -> JSON {
        let services = ws.services.map(\.service).sorted { $0.name < $1.name }
        return obj([
            ("schemaVersion", .int(schemaVersion)),
            ("source", .string(ws.source)),
            ("sourceKind", .string(ws.kind.rawValue)),
            ("workspace", ws.info.map { info in
                obj([("subscriptionId", str(info.subscriptionId)), ("resourceGroup", str(info.resourceGroup)),
                     ("workspaceName", str(info.workspaceName)), ("region", str(info.region))])
            } ?? .null),
            ("summary", obj([
                ("images", .int(Int64(counts.reduce(0, +)))),
                ("ready", .int(Int64(counts[0]))),
                ("review", .int(Int64(counts[1]))),
                ("manual", .int(Int64(counts[2]))),
                ("services", .int(Int64(services.count))),
                ("errors", .int(Int64(problems.filter { $0.severity == .error }.count))),
                ("warnings", .int(Int64(problems.filter { $0.severity == .warning }.count))),
            ])),
            ("images", .array(images)),
            ("services", .array(services.map { s in
                obj([("name", .string(s.name)), ("computeType", str(s.computeType)), ("imageId", str(s.imageId)),
                     ("imageFound", .bool(s.imageId.map(knownIds.contains) ?? false)),
                     ("usesEnvironment", .bool(s.usesEnvironment)), ("state", str(s.state))])
            })),
            ("problems", .array(problems.map { p in
                obj([("severity", .string(p.severity.rawValue)), ("file", .string(p.file)), ("location", str(p.location)),
                     ("message", .string(p.message)), ("imageId", str(p.imageId))])
            })),
        ])
    }

    public static func image(_ row: AuditRow) -> JSON {
        let image = row.image
        let r = row.resolved
        let runtime = image.targetRuntime
        return obj([
            ("id", .string(image.id)),
            ("name", .string(image.name)),
            ("version", .int(image.version)),
            ("file", .string(r.record.origin.file)),
            ("jsonPath", .string(r.record.origin.path.description)),
            ("shape", .string(image.shape == .rest ? "rest" : "serialize")),
            ("flavor", .string(image.flavor.description)),
            ("runtime", str(runtime?.runtimeType.description)),
            ("architecture", str(runtime?.targetArchitecture)),
            ("gpu", .bool(image.usesGPU)),
            ("cudaVersion", str(runtime?.cudaVersion)),
            ("baseImage", str(image.baseImage)),
            ("registry", image.baseImageRegistry.map { reg in
                obj([("location", str(reg.location)), ("user", str(reg.user)), ("passwordSet", .bool(reg.password != nil))])
            } ?? .null),
            ("creationState", str(image.creationState)),
            ("createdTime", str(image.createdTime)),
            ("entryScript", str(r.entryScript)),
            ("schemaFile", str(r.schemaFile)),
            ("sourceRoot", str(r.sourceTree?.root)),
            ("sourceFiles", .array((r.sourceTree?.files ?? []).map { .string($0.path) })),
            ("conda", r.conda.map { c in
                obj([("name", str(c.name)), ("channels", strings(c.channels)), ("python", str(c.pythonVersion)),
                     ("condaPackages", strings(c.condaPackages)), ("pipPackages", strings(c.pipPackages)),
                     ("pipOptions", strings(c.pipOptions))])
            } ?? .null),
            ("hasDockerSteps", .bool(image.dockerFileUri != nil)),
            ("injectedRequirements", r.pipRequirements.map(strings) ?? .null),
            ("models", strings(image.modelIds)),
            ("services", strings(row.services.map(\.name))),
            ("readiness", .string(row.readiness.rawValue)),
            ("findings", .array(row.migration.findings.map { f in
                obj([("rule", .string(f.rule)), ("severity", .string(f.severity.rawValue)), ("message", .string(f.message)),
                     ("field", str(f.field))])
            })),
            ("notes", .array(r.notes.map { obj([("code", .string($0.code)), ("field", str($0.field)), ("message", .string($0.message))]) })),
            ("unknownFields", strings(image.unknownFields)),
        ])
    }

    static func obj(_ pairs: [(String, JSON)]) -> JSON { .object(JSONObject(uniqueKeys: pairs)) }  // literal keys: distinct
    static func str(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
    static func strings(_ list: [String]) -> JSON { .array(list.map(JSON.string)) }
}
