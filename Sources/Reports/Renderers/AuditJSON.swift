import Emit
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
        if !report.fleet.isEmpty { return fleetDocument(report) }
        return document(workspace: report.workspace, images: report.rows.map { image($0) },
                        counts: Readiness.allCases.map { report.count($0) }, imageIds: Set(report.rows.map(\.image.id)),
                        problems: report.problems, gate: report.gate)
    }

    /// The document from its parts: `counts` of ready, review, manual images.
    public static func document(workspace ws: LoadedWorkspace, images: [JSON], counts: [Int], imageIds knownIds: Set<String>,
                                problems: [InputProblem], gate: GateSummary? = nil) -> JSON {
        let services = ws.services.map(\.service).sorted { $0.name < $1.name }
        var pairs: [(String, JSON)] = [
            ("schemaVersion", .int(schemaVersion)),
            ("source", .string(ws.source)),
            ("sourceKind", .string(ws.kind.rawValue)),
            ("workspace", ws.info.map { info in
                obj([("subscriptionId", str(info.subscriptionId)), ("resourceGroup", str(info.resourceGroup)),
                     ("workspaceName", str(info.workspaceName)), ("region", str(info.region))])
            } ?? .null),
            ("summary", summary(counts: counts, services: services.count, problems: problems)),
        ]
        if let gate { pairs.append(("gate", Self.gate(gate, fleet: false))) }
        pairs += [
            ("images", .array(images)),
            ("services", .array(services.map { service($0, knownIds: knownIds) })),
            ("problems", .array(problems.map { problem($0) })),
        ]
        return obj(pairs)
    }

    /// `summary`: images by readiness, services, errors and warnings.
    static func summary(counts: [Int], services: Int, problems: [InputProblem]) -> JSON {
        obj([
            ("images", .int(Int64(counts.reduce(0, +)))),
            ("ready", .int(Int64(counts[0]))),
            ("review", .int(Int64(counts[1]))),
            ("manual", .int(Int64(counts[2]))),
            ("services", .int(Int64(services))),
            ("errors", .int(Int64(problems.filter { $0.severity == .error }.count))),
            ("warnings", .int(Int64(problems.filter { $0.severity == .warning }.count))),
        ])
    }

    /// One webservice; `imageFound` when its image is among `knownIds`.
    static func service(_ s: Webservice, knownIds: Set<String>, workspace: FleetWorkspace? = nil) -> JSON {
        obj((workspace.map { [("workspace", $0.json)] } ?? []) + [
            ("name", .string(s.name)), ("computeType", str(s.computeType)), ("imageId", str(s.imageId)),
            ("imageFound", .bool(s.imageId.map(knownIds.contains) ?? false)),
            ("usesEnvironment", .bool(s.usesEnvironment)), ("state", str(s.state)),
        ])
    }

    static func problem(_ p: InputProblem, workspace: FleetWorkspace? = nil) -> JSON {
        obj((workspace.map { [("workspace", $0.json)] } ?? []) + [
            ("severity", .string(p.severity.rawValue)), ("file", .string(p.file)), ("location", str(p.location)),
            ("message", .string(p.message)), ("imageId", str(p.imageId)),
        ])
    }

    /// `gate`: what the suppressions and the baseline made of the findings.
    static func gate(_ g: GateSummary, fleet: Bool) -> JSON {
        func suppression(_ s: Suppression) -> JSON {
            obj([("rule", .string(s.rule)), ("image", .string(s.image)), ("reason", .string(s.reason)), ("until", str(s.until)),
                 ("source", .string(s.source))])
        }
        let hasBaseline = g.baselineFile != nil
        return obj([
            ("suppressed", .int(Int64(g.suppressed))),
            ("expiredSuppressions", .array(g.expired.map(suppression))),
            ("unusedSuppressions", .array(g.unused.map(suppression))),
            ("baseline", str(g.baselineFile)),
            ("new", hasBaseline ? .int(Int64(g.new)) : .null),
            ("unchanged", hasBaseline ? .int(Int64(g.unchanged)) : .null),
            ("absent", .array(g.absent.map { e in
                obj((fleet ? [("workspace", e.workspace?.json ?? .null)] : []) + [
                    ("image", .string(e.imageId)), ("rule", .string(e.rule)), ("severity", .string(e.severity)),
                    ("message", .string(e.message)), ("field", str(e.field)),
                ])
            })),
        ])
    }

    /// One finding, with the gate's marks when it has any: `suppressed` and `suppression`
    /// (`reason`, `until`, `source`, `expired`), `baselineState`.
    static func finding(_ f: Finding, _ status: FindingStatus) -> JSON {
        var pairs: [(String, JSON)] = [("rule", .string(f.rule)), ("severity", .string(f.severity.rawValue)),
                                       ("message", .string(f.message)), ("field", str(f.field)),
                                       ("location", Conversion.locationJSON(f.location))]
        if let s = status.suppression {
            pairs.append(("suppressed", .bool(!s.expired)))
            pairs.append(("suppression", obj([("reason", .string(s.reason)), ("until", str(s.until)), ("source", .string(s.source)),
                                              ("expired", .bool(s.expired))])))
        }
        if let b = status.baseline { pairs.append(("baselineState", .string(b.rawValue))) }
        return obj(pairs)
    }

    /// One image; in a fleet `workspace` names its workspace (the first key).
    public static func image(_ row: AuditRow, workspace: FleetWorkspace? = nil) -> JSON {
        let image = row.image
        let r = row.resolved
        let runtime = image.targetRuntime
        return obj((workspace.map { [("workspace", $0.json)] } ?? []) + [
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
            ("findings", .array(row.gatedFindings.map { finding($0.finding, $0.status) })),
            ("resolution", ResolutionJSON.object(row.migration.resolution)),
            ("notes", .array(r.notes.map { obj([("code", .string($0.code)), ("field", str($0.field)), ("message", .string($0.message))]) })),
            ("unknownFields", strings(image.unknownFields)),
        ])
    }

    static func obj(_ pairs: [(String, JSON)]) -> JSON { .object(JSONObject(uniqueKeys: pairs)) }  // literal keys: distinct
    static func str(_ s: String?) -> JSON { s.map(JSON.string) ?? .null }
    static func strings(_ list: [String]) -> JSON { .array(list.map(JSON.string)) }
}
