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
        files.append(OutputFile(path: "deploy.py", text: DeployScript.text(for: plan)))
        // What we generate carries no SAS signature or bearer token (a tag may hold one); the
        // user's own source files are copied as they are.
        files = files.map(redactedUnlessSource)
        let managed = try managedFiles(for: plan, others: files)
        files = sorted(files + managed.files)
        files.append(redacted(OutputFile(path: planFile, text: json(document(for: plan, files: files, managed: managed.requests)))))
        return files
    }

    /// The v2 files (none without a v2 Environment) and the ARM requests built from them, or why
    /// they cannot be: the files are written once without the digest of those requests, which
    /// then goes into their `image2env.plan` properties.
    static func managedFiles(for plan: ServicePlan, others: [OutputFile])
        throws(EnvironmentSpecError) -> (files: [OutputFile], requests: Result<ManagedRequests, ManagedRequestError>?) {
        guard plan.environmentV2 != nil else { return ([], nil) }
        let draft = try ManagedEndpointFiles.files(for: plan, digest: nil).map(redactedUnlessSource)
        guard let ws = plan.workspace, let sub = ws.subscriptionId, let rg = ws.resourceGroup, let name = ws.workspaceName,
              let location = ws.region else {
            return (draft, .failure(ManagedRequestError("the source names no workspace and region (workspace.json): plan from "
                                                        + "the live workspace, or from a snapshot that has them, to apply with --to v2")))
        }
        func build(_ v2: [OutputFile]) throws(ManagedRequestError) -> ManagedRequests {
            var view: [String: [UInt8]] = [:]
            for file in others + v2 { view[file.path] = file.bytes }
            return try ManagedRequests.build(files: view, subscription: sub, resourceGroup: rg, workspace: name, location: location)
        }
        do {
            let digest = try build(draft).bodiesDigest
            let final = try ManagedEndpointFiles.files(for: plan, digest: digest).map(redactedUnlessSource)
            return (final, .success(try build(final)))
        } catch let error as ManagedRequestError {
            return (draft, .failure(error))
        } catch {
            return (draft, .failure(ManagedRequestError("\(error)")))
        }
    }

    /// Generated files are redacted; the user's own source files (`source/`, and `v2/code/`
    /// when the plan has one) are copied as they are.
    private static func redactedUnlessSource(_ file: OutputFile) -> OutputFile {
        file.path.hasPrefix(Planner.sourceFolder + "/") || file.path.hasPrefix("v2/code/") ? file : redacted(file)
    }

    /// The v1 Environment, the sources, the v2 files and deploy.py, in the order they are listed.
    private static func sorted(_ files: [OutputFile]) -> [OutputFile] {
        let rank: (String) -> Int = { path in
            if path.hasPrefix(Planner.environmentFolder + "/") { return 0 }
            if path.hasPrefix(Planner.sourceFolder + "/") { return 1 }
            if path.hasPrefix("v2/") { return 2 }
            return 3
        }
        return files.enumerated().sorted { (rank($0.element.path), $0.offset) < (rank($1.element.path), $1.offset) }.map(\.element)
    }

    /// `plan.json`.
    static func document(for plan: ServicePlan, files: [OutputFile], managed: Result<ManagedRequests, ManagedRequestError>?) -> JSON {
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
            ("v2", ManagedPlanJSON.section(plan, managed)),
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
