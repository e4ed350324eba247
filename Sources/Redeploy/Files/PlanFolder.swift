import EnvironmentSpec
import JSONValue
import LegacyImage
import MigrationRules
import Snapshot
import WorkspaceClient

/// The files of a redeploy folder: for each planned service `<service>/` with `plan.json`,
/// `deploy.py`, `environment/` (the v1 Environment), `source/` (what is deployed) and `v2/`;
/// at the top `redeploy.json` (the index `--apply` reads) and `README.md` (for reviewers).
public enum PlanFolder {
    /// The name of a service's plan file.
    public static let planFile = "plan.json"
    /// The index at the top of the folder.
    public static let indexFile = "redeploy.json"
    /// The format of `plan.json` and `redeploy.json`.
    public static let schemaVersion: Int64 = 1

    /// Every file of the folder, paths relative to it.
    public static func files(for redeploy: RedeployPlan) throws(EnvironmentSpecError) -> [OutputFile] {
        var out: [OutputFile] = []
        for plan in redeploy.plans {
            out += try files(for: plan).map { OutputFile(path: plan.service + "/" + $0.path, bytes: $0.bytes) }
        }
        out.append(redacted(OutputFile(path: indexFile, text: json(index(redeploy)))))
        out.append(redacted(OutputFile(path: "README.md", text: PlanReadme.text(for: redeploy))))
        return out
    }

    /// The files of one service's folder; `plan.json` last, with the digests of the others.
    public static func files(for plan: ServicePlan) throws(EnvironmentSpecError) -> [OutputFile] {
        var files = try V1Writer.files(for: plan.environment).map {
            OutputFile(path: Planner.environmentFolder + "/" + $0.path, bytes: $0.bytes)
        }
        files += plan.sourceFiles.map { OutputFile(path: Planner.sourceFolder + "/" + $0.path, bytes: $0.data) }
        files += try ManagedEndpointFiles.files(for: plan)
        files.append(OutputFile(path: "deploy.py", text: DeployScript.text(for: plan)))
        // What we generate carries no SAS signature or bearer token (a tag may hold one); the
        // user's own source files are copied as they are.
        files = files.map { $0.path.hasPrefix(Planner.sourceFolder + "/") || $0.path.hasPrefix("v2/code/") ? $0 : redacted($0) }
        files.append(redacted(OutputFile(path: planFile, text: json(document(for: plan, files: files)))))
        return files
    }

    /// `plan.json`.
    static func document(for plan: ServicePlan, files: [OutputFile]) -> JSON {
        func strings(_ values: [String]) -> JSON { .array(values.map(JSON.string)) }
        let c = plan.configuration
        var arguments = JSONObject()
        for argument in c.arguments {
            if case .environment(let variable) = argument.value {
                arguments[argument.name] = .object(JSONObject([("fromEnvironment", .string(variable))]))
            } else {
                arguments[argument.name] = argument.value.json
            }
        }
        let manifest = JSONObject(files.sorted { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }
            .map { ($0.path, JSON.string(SHA256.hex($0.bytes))) })
        return .object(JSONObject([
            ("schemaVersion", .int(schemaVersion)),
            ("service", .string(plan.service)),
            ("newService", .string(plan.newService)),
            ("computeType", .string(plan.compute.rawValue)),
            ("image", .string(plan.imageId)),
            ("readiness", .string(plan.readiness.rawValue)),
            ("workspace", workspace(plan.workspace)),
            ("settings", .object(plan.recorded.json)),
            ("deployConfiguration", .object(JSONObject([
                ("class", .string(plan.compute.webserviceClass)),
                ("arguments", .object(arguments)),
                ("computeTarget", c.computeTarget.map(JSON.string) ?? .null),
            ]))),
            ("models", strings(plan.modelIds)),
            ("entryScript", .string(plan.entryScript)),
            ("sourceDirectory", .string(Planner.sourceFolder)),
            ("environment", .object(JSONObject([("name", .string(plan.environment.name)),
                                                ("folder", .string(Planner.environmentFolder))]))),
            ("inputs", .array(plan.inputs.map { input in
                .object(JSONObject([("path", .string(input.pathText)), ("environmentVariable", .string(input.variable)),
                                    ("kind", .string(input.kind.rawValue))]))
            })),
            ("assets", .array([plan.driver, plan.sourceTarball].map { asset in
                .object(JSONObject([("id", .string(asset.id)), ("url", .string(asset.url)), ("sha256", .string(asset.sha256)),
                                    ("size", .int(Int64(asset.size)))]))
            })),
            ("findings", .array(plan.findings.map { f in
                .object(JSONObject([("rule", .string(f.rule)), ("severity", .string(f.severity.rawValue)), ("message", .string(f.message))]))
            })),
            ("notes", strings(plan.notes)),
            ("v2", .object(JSONObject([
                ("endpoint", .string("v2/endpoint.yml")), ("deployment", .string("v2/deployment.yml")),
                ("instanceType", .string(plan.managed.instanceType)), ("instanceCount", .int(plan.managed.instanceCount)),
                ("authMode", .string(plan.managed.authMode)), ("notes", strings(plan.managed.notes)),
            ]))),
            ("digest", .string(plan.digest)),
            ("files", .object(manifest)),
            ("request", .object(JSONObject([("method", .string("POST")), ("path", .string("/services")),
                                            ("body", .object(plan.body))]))),
        ]))
    }

    /// `redeploy.json`: what was planned and what was not.
    static func index(_ redeploy: RedeployPlan) -> JSON {
        .object(JSONObject([
            ("schemaVersion", .int(schemaVersion)),
            ("source", .string(redeploy.source)),
            ("workspace", workspace(redeploy.workspace)),
            ("nameSuffix", .string(redeploy.nameSuffix)),
            ("services", .array(redeploy.plans.map { plan in
                .object(JSONObject([("service", .string(plan.service)), ("newService", .string(plan.newService)),
                                    ("computeType", .string(plan.compute.rawValue)), ("image", .string(plan.imageId)),
                                    ("folder", .string(plan.service))]))
            })),
            ("skipped", .array(redeploy.skipped.map { skip in
                .object(JSONObject([("service", .string(skip.service)), ("computeType", skip.computeType.map(JSON.string) ?? .null),
                                    ("image", skip.imageId.map(JSON.string) ?? .null), ("reason", .string(skip.reason))]))
            })),
        ]))
    }

    static func workspace(_ info: WorkspaceInfo?) -> JSON {
        guard let info, info.subscriptionId != nil || info.resourceGroup != nil || info.workspaceName != nil else { return .null }
        return .object(JSONObject([("subscriptionId", info.subscriptionId.map(JSON.string) ?? .null),
                                   ("resourceGroup", info.resourceGroup.map(JSON.string) ?? .null),
                                   ("workspaceName", info.workspaceName.map(JSON.string) ?? .null)]))
    }

    static func redacted(_ file: OutputFile) -> OutputFile { file.mappingText(Redaction.text) }

    /// A name usable as one folder: not empty, `.` or `..`, no `/` or NUL.
    static func isPlainName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.contains("/") && !name.contains("\0")
    }

    /// A relative path of plain names.
    static func isPlainPath(_ path: String) -> Bool {
        !path.isEmpty && path.split(separator: "/", omittingEmptySubsequences: false).allSatisfy { isPlainName(String($0)) }
    }

    /// Strings, numbers, booleans and nulls only: the writer cannot fail on them.
    static func json(_ value: JSON) -> String {
        ((try? PythonJSONWriter.write(value, indent: 4)) ?? "{}") + "\n"
    }
}
