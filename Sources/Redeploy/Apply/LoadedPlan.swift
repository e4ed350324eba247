import Foundation
import JSONValue
import Snapshot
import WorkspaceClient

/// Why a plan folder cannot be applied as it is.
public struct PlanFolderError: Error, Sendable, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// One service's `plan.json` as `--apply` reads it back, with its folder checked against the
/// plan: every file as planned (SHA-256), no file added to `source/`, and the driver and source
/// tarball rebuilt to the bytes the plan's asset URLs name.
public struct LoadedPlan: Sendable {
    public var folder: String
    public var service: String
    public var newService: String
    public var recorded: RecordedSettings
    public var workspace: WorkspaceInfo?
    public var digest: String
    public var inputs: [PlanInput]
    public var assets: [PlannedAsset]
    /// The `POST /services` body with `<redacted>` placeholders.
    public var body: JSONObject
    /// What `--apply --to v2` can do with the service.
    public var managed: ManagedTarget

    /// The managed online endpoint of a plan, as `--apply --to v2` finds it.
    public enum ManagedTarget: Sendable {
        /// The requests, rebuilt from the folder's files and equal to the plan's.
        case ready(ManagedRequests)
        /// The plan has no v2 requests, and why (no v2 Environment, no workspace region, ...).
        case unavailable(String)
        /// The plan's v2 requests do not match its files (edited, or made by another version).
        case invalid(String)
    }

    /// Reads `folder/redeploy.json` and every plan it lists (only `services`, when given).
    public static func loadAll(_ folder: String, services: [String] = []) throws(PlanFolderError) -> (workspace: WorkspaceInfo?, plans: [LoadedPlan]) {
        let indexFile = folder + "/" + PlanFolder.indexFile
        let index = try readJSON(indexFile)
        guard index["schemaVersion"]?.intValue == PlanFolder.schemaVersion, let entries = index["services"]?.arrayValue else {
            throw PlanFolderError("\(indexFile): not a redeploy index of schemaVersion \(PlanFolder.schemaVersion); make the plan again with image2env redeploy")
        }
        var plans: [LoadedPlan] = []
        var names: [String] = []
        for (i, entry) in entries.enumerated() {
            guard let name = entry["service"]?.stringValue, let sub = entry["folder"]?.stringValue,
                  PlanFolder.isPlainName(sub) else {
                throw PlanFolderError("\(indexFile): $.services[\(i)]: needs a \"service\" and a plain \"folder\" name")
            }
            names.append(name)
            if services.isEmpty || services.contains(name) { plans.append(try load(folder + "/" + sub)) }
        }
        for name in services where !names.contains(name) {
            throw PlanFolderError("--services \(name): not in the plan of \(folder) (planned: \(names.joined(separator: ", ")))")
        }
        return (workspace(index["workspace"]), plans)
    }

    /// Reads and checks one service folder.
    static func load(_ folder: String) throws(PlanFolderError) -> LoadedPlan {
        let file = folder + "/" + PlanFolder.planFile
        let plan = try readJSON(file)
        func string(_ key: String) throws(PlanFolderError) -> String {
            guard let s = plan[key]?.stringValue else { throw PlanFolderError("\(file): $.\(key): expected a string") }
            return s
        }
        guard plan["schemaVersion"]?.intValue == PlanFolder.schemaVersion else {
            throw PlanFolderError("\(file): $.schemaVersion: expected \(PlanFolder.schemaVersion); make the plan again with image2env redeploy")
        }
        let computeType = try string("computeType")
        guard let compute = ServiceCompute(computeType: computeType) else {
            throw PlanFolderError("\(file): $.computeType: \(computeType) is not ACI or AKS")
        }
        guard let settings = plan["settings"]?.objectValue, let body = plan["request"]?["body"]?.objectValue,
              let manifest = plan["files"]?.objectValue else {
            throw PlanFolderError("\(file): needs \"settings\", \"files\" and \"request\".\"body\" objects")
        }
        var inputs: [PlanInput] = []
        for (i, item) in (plan["inputs"]?.arrayValue ?? []).enumerated() {
            guard let path = item["path"]?.stringValue, path.hasPrefix("$."), let variable = item["environmentVariable"]?.stringValue,
                  let kind = item["kind"]?.stringValue.flatMap(PlanInput.Kind.init(rawValue:)) else {
                throw PlanFolderError("\(file): $.inputs[\(i)]: needs \"path\", \"environmentVariable\" and \"kind\"")
            }
            inputs.append(PlanInput(path: path.dropFirst(2).split(separator: ".").map(String.init), variable: variable, kind: kind))
        }

        // The folder's files, as planned.
        var contents: [String: [UInt8]] = [:]
        for (path, digest) in manifest.entries {
            guard PlanFolder.isPlainPath(path), let data = FileManager.default.contents(atPath: folder + "/" + path) else {
                throw PlanFolderError("\(folder)/\(path): missing (the plan lists it); make the plan again with image2env redeploy")
            }
            contents[path] = [UInt8](data)
            guard SHA256.hex([UInt8](data)) == digest.stringValue else {
                throw PlanFolderError("\(folder)/\(path): changed since the plan was made; --apply deploys only what was reviewed: "
                                      + "make the plan again (image2env redeploy), or deploy the edited folder with its deploy.py")
            }
        }
        let sourceFolder = plan["sourceDirectory"]?.stringValue ?? Planner.sourceFolder
        let planned = Set(manifest.keys.filter { $0.hasPrefix(sourceFolder + "/") })
        let present = Set(filesBelow(folder + "/" + sourceFolder).map { sourceFolder + "/" + $0 })
        if let extra = present.subtracting(planned).sorted().first {
            throw PlanFolderError("\(folder)/\(extra): not in the plan; --apply deploys only what was reviewed: make the plan again")
        }
        let files = planned.sorted().compactMap { path -> (path: String, bytes: [UInt8])? in
            FileManager.default.contents(atPath: folder + "/" + path).map { (String(path.dropFirst(sourceFolder.count + 1)), [UInt8]($0)) }
        }
        let driver = DeploymentAssets.driver(sourceFolder: sourceFolder, entryScript: try string("entryScript"))
        let tarball: PlannedAsset
        do {
            tarball = try DeploymentAssets.sourceTarball(sourceFolder: sourceFolder, files: files)
        } catch {
            throw PlanFolderError("\(folder)/\(sourceFolder): cannot pack: \(error)")
        }
        let plannedAssets = plan["assets"]?.arrayValue ?? []
        for asset in [driver, tarball] {
            guard plannedAssets.contains(where: { $0["url"]?.stringValue == asset.url && $0["sha256"]?.stringValue == asset.sha256 }) else {
                throw PlanFolderError("\(file): $.assets: no asset \(asset.id) with SHA-256 \(asset.sha256); the plan was made by another "
                                      + "version of image2env or edited: make it again")
            }
        }
        let info = workspace(plan["workspace"])
        return LoadedPlan(folder: folder, service: try string("service"), newService: try string("newService"),
                          recorded: RecordedSettings(compute: compute, json: settings), workspace: info,
                          digest: try string("digest"), inputs: inputs, assets: [driver, tarball], body: body,
                          managed: managedTarget(plan["v2"], files: contents, workspace: info, file: file))
    }

    /// The v2 requests rebuilt from `files`, checked against the plan's `v2.requests`.
    static func managedTarget(_ v2: JSON?, files: [String: [UInt8]], workspace: WorkspaceInfo?, file: String) -> ManagedTarget {
        guard let v2 = v2?.objectValue else {
            return .unavailable("the plan has no v2 section; make the plan again with this version of image2env")
        }
        if let why = v2["unavailable"]?.stringValue { return .unavailable(why) }
        guard let sub = workspace?.subscriptionId, let rg = workspace?.resourceGroup, let ws = workspace?.workspaceName,
              let location = v2["location"]?.stringValue, let planned = v2["requests"]?.arrayValue else {
            return .invalid("\(file): $.v2: needs \"location\", \"requests\" and the plan's workspace; make the plan again")
        }
        let rebuilt: ManagedRequests
        do {
            rebuilt = try ManagedRequests.build(files: files, subscription: sub, resourceGroup: rg, workspace: ws, location: location)
        } catch {
            return .invalid(error.description)
        }
        for (step, request) in [("environment", rebuilt.environment), ("code", rebuilt.code), ("endpoint", rebuilt.endpoint),
                                ("deployment", rebuilt.deployment)] {
            guard let entry = planned.first(where: { $0["step"]?.stringValue == step }),
                  entry["path"]?.stringValue == request.path, entry["body"]?.objectValue == request.body else {
                return .invalid("\(file): $.v2.requests: the \(step) request is not what the folder's files give; the plan was made "
                                + "by another version of image2env or edited: make it again")
            }
        }
        return .ready(rebuilt)
    }

    static func workspace(_ json: JSON?) -> WorkspaceInfo? {
        guard let o = json?.objectValue else { return nil }
        return WorkspaceInfo(subscriptionId: o["subscriptionId"]?.stringValue, resourceGroup: o["resourceGroup"]?.stringValue,
                             workspaceName: o["workspaceName"]?.stringValue)
    }

    private static func readJSON(_ file: String) throws(PlanFolderError) -> JSONObject {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw PlanFolderError("\(file): cannot read it; is this a folder written by image2env redeploy?")
        }
        do {
            guard let object = try JSONParser.parse([UInt8](data), file: file).objectValue else {
                throw PlanFolderError("\(file): $: expected an object")
            }
            return object
        } catch let error as JSONParseError {
            throw PlanFolderError("\(error)")
        } catch let error as PlanFolderError {
            throw error
        } catch {
            throw PlanFolderError("\(file): \(error)")
        }
    }

    /// Every regular file below `folder`, relative to it, sorted.
    private static func filesBelow(_ folder: String) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: folder) else { return [] }
        var out: [String] = []
        while let path = walker.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDir), !isDir.boolValue { out.append(path) }
        }
        return out.sorted()
    }
}
