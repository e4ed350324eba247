import Foundation
import JSONValue
import Snapshot

/// `image2env pull`: copies a workspace's legacy images, their models, webservices and
/// artifacts into a snapshot folder (docs/snapshot.md). The snapshot is built in
/// `.<name>.partial/` beside the output and renamed into place when complete; an interrupted
/// pull leaves only that folder, and `resume` continues it, fetching only what is missing.
public struct Puller: Sendable {
    /// The workspace connection pulled from.
    public let session: WorkspaceSession
    /// Receives progress events (nil: quiet).
    public let progress: (any PullProgress)?

    public init(session: WorkspaceSession, progress: (any PullProgress)? = nil) {
        self.session = session
        self.progress = progress
    }

    /// Resolves the workspace, endpoints and credentials from `selection`, checks the output
    /// (all before any network traffic), then pulls.
    public static func pull(_ options: PullOptions, selection: WorkspaceSelection, settings: ClientSettings,
                            workingDirectory: String = FileManager.default.currentDirectoryPath,
                            progress: (any PullProgress)? = nil) async throws -> PullSummary {
        try await WorkspaceSession.open(selection, settings: settings, workingDirectory: workingDirectory,
                                        beforeTraffic: { _ in _ = try PullLayout.check(output: options.output, resume: options.resume) }) { session in
            try await Puller(session: session, progress: progress).pull(options)
        }
    }

    /// Pulls into `options.output`. Credentials are checked before anything is written; a pull
    /// that fails before it fetched any model or artifact removes its partial folder again.
    public func pull(_ options: PullOptions) async throws -> PullSummary {
        _ = try PullLayout.check(output: options.output, resume: options.resume)
        try await session.authenticate()
        let (layout, resumed) = try PullLayout.prepare(output: options.output, resume: options.resume)
        let manifest = PullManifest(root: layout.partial)
        let ws = session.workspace
        let identity = "\(ws.subscriptionId)/\(ws.resourceGroup)/\(ws.workspaceName)"
        if resumed, let previous = await manifest.workspace, previous.lowercased() != identity.lowercased() {
            throw WorkspaceClientError(.usage, "the interrupted pull in \(layout.partial) is of workspace \(previous), not "
                                       + "\(identity); remove that folder or pull into another --out")
        }
        if await manifest.workspace == nil { try await manifest.begin(workspace: identity) }
        do {
            return try await pull(options, layout: layout, manifest: manifest)
        } catch {
            if !resumed, await manifest.recordedCount == 0 { layout.discard() }
            throw error
        }
    }

    private func pull(_ options: PullOptions, layout: PullLayout, manifest: PullManifest) async throws -> PullSummary {
        let ws = session.workspace
        var summary = PullSummary(output: layout.output)
        let images = try await session.listImages(options.filter)
        progress?.report(.imagesListed(images.count))
        if images.isEmpty {
            summary.warnings.append(options.filter.isEmpty
                ? "workspace \(ws.workspaceName) has no images; the snapshot is empty"
                : "no image of workspace \(ws.workspaceName) matches --images/--tags; the snapshot is empty")
        }
        for image in images {
            let id = WorkspaceSession.imageId(image) ?? "?"
            let name = image["name"]?.stringValue ?? String(id.split(separator: ":").first ?? "image")
            let version = image["version"].map(Self.versionText) ?? String(id.split(separator: ":").last ?? "0")
            try Self.writeJSON(.object(image), to: layout.partial + "/" + SnapshotNames.image(name: name, version: version))
        }
        summary.images = images.count

        let modelIds = Self.modelIds(of: images)
        let artifacts = Self.artifactReferences(of: images, warnings: &summary.warnings)
        progress?.report(.planned(models: modelIds.count, artifacts: artifacts.count))

        let modelResults = try await concurrentMap(modelIds, limit: session.settings.concurrency) { id in
            try await self.fetchModel(id, layout: layout, manifest: manifest)
        }
        for result in modelResults {
            if let warning = result.warning { summary.warnings.append(warning) } else { summary.models += 1 }
            if result.reused { summary.reused += 1 }
        }

        let services = try await fetchServices(images: images, filtered: !options.filter.isEmpty, layout: layout)
        summary.services = services

        let artifactResults = try await concurrentMap(artifacts, limit: session.settings.concurrency) { reference in
            try await self.fetchArtifact(reference, layout: layout, manifest: manifest)
        }
        for result in artifactResults {
            if let warning = result.warning { summary.warnings.append(warning); continue }
            summary.artifacts += 1
            summary.bytes += result.bytes
            if result.reused { summary.reused += 1 }
        }

        var info = JSONObject([("subscriptionId", .string(ws.subscriptionId)), ("resourceGroup", .string(ws.resourceGroup)),
                               ("workspaceName", .string(ws.workspaceName))])
        if let region = ws.region { info["region"] = .string(region) }
        try Self.writeJSON(.object(info), to: layout.partial + "/workspace.json")
        try layout.complete(manifest: manifest.file)
        progress?.report(.finished)
        summary.warnings.sort()
        return summary
    }

    // MARK: - Models and services

    struct FetchResult: Sendable {
        var bytes: Int64 = 0
        var reused = false
        var warning: String?
    }

    private func fetchModel(_ id: String, layout: PullLayout, manifest: PullManifest) async throws -> FetchResult {
        let relative = SnapshotNames.model(id: id)
        defer { progress?.report(.modelFetched) }
        if await manifest.isIntact(relative) { return FetchResult(reused: true) }
        let model: JSONObject
        do {
            model = try await session.model(id: id)
        } catch let error as WorkspaceClientError where error.status == 404 {
            return FetchResult(warning: "model \(id) is referenced by an image but the workspace does not have it (404); "
                               + "the snapshot lacks models/\(id)")
        }
        let bytes = try Self.writeJSON(.object(model), to: layout.partial + "/" + relative)
        try await manifest.record(.init(path: relative, size: Int64(bytes.count), sha256: SHA256.hex(bytes)))
        return FetchResult()
    }

    private func fetchServices(images: [JSONObject], filtered: Bool, layout: PullLayout) async throws -> Int {
        var services = try await session.listServices()
        if filtered {
            let ids = Set(images.compactMap(WorkspaceSession.imageId))
            services = services.filter { service in
                let imageId = (service["imageId"] ?? service["imageDetails"]?["id"])?.stringValue
                return imageId.map(ids.contains) ?? false
            }
        }
        var names: Set<String> = []
        for service in services {
            guard let name = service["name"]?.stringValue, names.insert(name).inserted else { continue }
            try Self.writeJSON(.object(service), to: layout.partial + "/" + SnapshotNames.service(name: name))
        }
        progress?.report(.servicesListed(names.count))
        return names.count
    }

    // MARK: - Artifacts

    /// An artifact URL and its validated place under `artifacts/`.
    struct ArtifactReference: Sendable {
        var url: String
        var relative: String
        var imageId: String
    }

    private func fetchArtifact(_ reference: ArtifactReference, layout: PullLayout,
                               manifest: PullManifest) async throws -> FetchResult {
        let relative = "artifacts/" + reference.relative
        let destination = layout.partial + "/" + relative
        if await manifest.isIntact(relative) {
            let size = Self.fileSize(destination)
            progress?.report(.artifactFetched(bytes: size))
            return FetchResult(bytes: size, reused: true)
        }
        let scratch = layout.downloads + "/" + UUID().uuidString
        let file: DownloadedFile
        do {
            file = try await session.downloadArtifact(reference.url, to: scratch)
        } catch let error as WorkspaceClientError where error.status == 404 {
            try? FileManager.default.removeItem(atPath: scratch)
            return FetchResult(warning: "artifact \(reference.relative) of image \(reference.imageId) is missing from the "
                               + "workspace (404); the snapshot lacks it")
        }
        do {
            let parent = URL(fileURLWithPath: destination).deletingLastPathComponent().path
            try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        } catch {
            throw WorkspaceClientError(.io, "\(destination): cannot create its folder: \(error.localizedDescription)")
        }
        try FileReplacement.move(scratch, to: destination)
        try await manifest.record(.init(path: relative, size: file.size, sha256: file.sha256))
        progress?.report(.artifactFetched(bytes: file.size))
        return FetchResult(bytes: file.size)
    }

    /// Every `aml://artifact/...` string in the image payloads, in order, once per path. An
    /// unsafe URL (`..`, empty components) is skipped with a warning.
    static func artifactReferences(of images: [JSONObject], warnings: inout [String]) -> [ArtifactReference] {
        var out: [ArtifactReference] = []
        var seen: Set<String> = []
        for image in images {
            let id = WorkspaceSession.imageId(image) ?? "?"
            var urls: [String] = []
            collectStrings(.object(image), prefix: "aml://artifact/", into: &urls)
            for url in urls {
                do {
                    let relative = try ArtifactStore.relativePath(of: url)
                    if seen.insert(relative).inserted { out.append(ArtifactReference(url: url, relative: relative, imageId: id)) }
                } catch {
                    warnings.append("image \(id): \(error.description)")
                }
            }
        }
        return out
    }

    private static func collectStrings(_ json: JSON, prefix: String, into out: inout [String]) {
        switch json {
        case .string(let s) where s.hasPrefix(prefix): out.append(s)
        case .array(let items): for item in items { collectStrings(item, prefix: prefix, into: &out) }
        case .object(let object): for (_, value) in object.entries { collectStrings(value, prefix: prefix, into: &out) }
        default: break
        }
    }

    /// The `modelIds` of all images, in order, once each.
    static func modelIds(of images: [JSONObject]) -> [String] {
        var out: [String] = []
        var seen: Set<String> = []
        for image in images {
            for id in image["modelIds"]?.arrayValue ?? [] {
                if let s = id.stringValue, seen.insert(s).inserted { out.append(s) }
            }
        }
        return out
    }

    // MARK: - Files

    /// Writes `json` without its secrets (`withoutSecrets`) as Python's `json.dump(indent=4)`
    /// plus a final newline, atomically; returns the bytes.
    @discardableResult
    static func writeJSON(_ json: JSON, to path: String) throws(WorkspaceClientError) -> [UInt8] {
        let bytes: [UInt8]
        do {
            bytes = Array((try PythonJSONWriter.write(withoutSecrets(json), indent: 4) + "\n").utf8)
        } catch {
            throw WorkspaceClientError(.invalidResponse, "\(path): cannot write the payload as JSON: \(error)")
        }
        try FileReplacement.write(bytes, to: path)
        return bytes
    }

    /// Fields that hold a secret when they hold a string: a registry password, service keys.
    static let secretKeys: Set<String> = ["password", "primarykey", "secondarykey", "sslkey"]

    /// A payload as a snapshot keeps it: every secret field's string is `<redacted>` (so that a
    /// password is still known to be set) and SAS signatures and bearer tokens in any string are
    /// redacted. Nothing offline needs them; `redeploy --apply` takes passwords from the environment.
    public static func withoutSecrets(_ json: JSON) -> JSON {
        switch json {
        case .string(let s):
            return .string(Redaction.text(s))
        case .array(let items):
            return .array(items.map(withoutSecrets))
        case .object(let object):
            var out = object
            for (key, value) in object.entries {
                if secretKeys.contains(key.lowercased()), case .string = value {
                    out[key] = .string("<redacted>")
                } else {
                    out[key] = withoutSecrets(value)
                }
            }
            return .object(out)
        default:
            return json
        }
    }

    static func versionText(_ json: JSON) -> String {
        switch json {
        case .int(let i): return String(i)
        case .string(let s): return s
        case .double(let d): return String(d)
        default: return "0"
        }
    }

    static func fileSize(_ path: String) -> Int64 {
        PullManifest.size(ofFile: path) ?? 0
    }
}
