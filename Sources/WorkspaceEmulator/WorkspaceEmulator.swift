import Hummingbird
import JSONValue
import Logging
import Snapshot

/// A local, MMS-compatible server over a snapshot folder, for tests and demos.
///
/// It serves, under one base URL on 127.0.0.1: the Model Management Service routes
/// (`/modelmanagement/v1.0/subscriptions/.../workspaces/{ws}/images|models|services|operations`),
/// the artifact `contentinfo` route (`/artifact/v2.0/...`), SAS-signed blob downloads
/// (`/blob/...`) and a client-credentials token endpoint (`/{tenant}/oauth2/v2.0/token`),
/// with bearer-token checks, paging, latency and fault injection. With `fleet`, it serves every
/// snapshot of a folder as its own workspace, and the resource manager's lists of subscriptions
/// (`/subscriptions`) and of each subscription's workspaces. Below each workspace's resource
/// manager path it serves what managed online endpoints need (environment and code versions,
/// models, the default datastore, online endpoints and deployments with long operations), and
/// an emulated storage account (`/storage/{account host}/...`) for the uploads.
///
/// ```swift
/// let emulator = try WorkspaceEmulator(configuration: .init(snapshot: "fixtures/workspace", token: "t"))
/// try await emulator.withRunning { baseURL in
///     // talk to baseURL
/// }
/// ```
public final class WorkspaceEmulator: Sendable {
    /// How it serves (snapshot, credentials, paging, faults).
    public let configuration: EmulatorConfiguration
    let state: EmulatorState

    /// The workspaces served, in the order of their folders.
    let served: [ServedWorkspace]

    /// Reads the snapshot (or every snapshot of the fleet folder); throws when one is not a
    /// snapshot folder, a file in it is unreadable, or two serve the same workspace.
    public init(configuration: EmulatorConfiguration) throws(EmulatorError) {
        self.configuration = configuration
        var folders = [configuration.snapshot]
        if let fleet = configuration.fleet {
            guard let members = FleetFolder.members(of: fleet) else {
                throw EmulatorError("\(fleet): no snapshot folders in it (subfolders, up to \(FleetFolder.maxDepth) levels deep, "
                                    + "each with images/ and a workspace.json); see docs/live-workspaces.md")
            }
            folders = members.map(\.path)
        }
        var served: [ServedWorkspace] = []
        var identities: [String: String] = [:]
        for folder in folders {
            let workspace = ServedWorkspace(catalog: try SnapshotCatalog.load(folder))
            if let other = identities[workspace.identity] {
                throw EmulatorError("\(other) and \(folder) both serve workspace \(workspace.subscriptionId)/\(workspace.resourceGroup)/"
                                    + "\(workspace.workspaceName); give each snapshot its own workspace.json")
            }
            identities[workspace.identity] = folder
            served.append(workspace)
        }
        self.served = served
        self.state = EmulatorState(configuration: configuration, served: served)
    }

    /// The (first) workspace the emulator answers for (from the snapshot's `workspace.json`, or defaults).
    public var subscriptionId: String { served[0].subscriptionId }
    public var resourceGroup: String { served[0].resourceGroup }
    public var workspaceName: String { served[0].workspaceName }
    /// The region of `workspace.json`, if any.
    public var region: String? { served[0].region }
    /// Every workspace served: `subscription/resource group/workspace`, in the order of their folders.
    public var workspaces: [String] { served.map { "\($0.subscriptionId)/\($0.resourceGroup)/\($0.workspaceName)" } }

    /// Serves until the task is cancelled. `onListening` gets the base URL
    /// (`http://127.0.0.1:<port>`) once the port is bound, before any request is answered.
    public func run(onListening: @escaping @Sendable (String) async -> Void) async throws {
        var logger = Logger(label: "image2env-emulator")
        logger.logLevel = .critical
        let state = self.state
        let port = configuration.port
        let app = Application(
            responder: EmulatorResponder(state: state),
            configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: port)),
            onServerRunning: { channel in
                let url = "http://127.0.0.1:\(channel.localAddress?.port ?? port)"
                await state.setBaseURL(url)
                await onListening(url)
            },
            logger: logger
        )
        try await app.run()
    }

    /// Starts the server on its port, runs `body` with the base URL, then stops the server
    /// (also when `body` throws).
    public func withRunning<T>(_ body: (String) async throws -> T) async throws -> T {
        let (urls, continuation) = AsyncStream<String>.makeStream()
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                do {
                    try await self.run { url in
                        continuation.yield(url)
                        continuation.finish()
                    }
                    continuation.finish()
                } catch {
                    continuation.finish()
                    throw error
                }
            }
            var iterator = urls.makeAsyncIterator()
            guard let url = await iterator.next() else {
                try await group.next()
                throw EmulatorError("the emulator stopped before it listened on 127.0.0.1:\(configuration.port)")
            }
            do {
                let result = try await body(url)
                group.cancelAll()
                return result
            } catch {
                group.cancelAll()
                throw error
            }
        }
    }

    /// Every request answered so far, in order.
    public func requests() async -> [RequestRecord] { await state.records }

    /// Every `PUT`, `POST` and `PATCH` handled so far, in order (bodies verbatim).
    public func journal() async -> [JournalEntry] { await state.journal }

    /// The resource manager resources created so far in the (first) workspace, as `kind/key` ->
    /// the resource (`environments/<name>/<version>`, `codes/...`, `onlineEndpoints/<name>`,
    /// `deployments/<endpoint>/<name>`).
    public func managedResources() async -> [String: JSONObject] {
        let managed = await state.served[0].managed
        var out: [String: JSONObject] = [:]
        for (key, value) in managed.environments { out["environments/" + key] = value }
        for (key, value) in managed.codes { out["codes/" + key] = value }
        for (key, value) in managed.endpoints { out["onlineEndpoints/" + key] = value }
        for (key, value) in managed.deployments { out["deployments/" + key] = value }
        return out
    }

    /// The blobs of the emulated storage accounts below `prefix` (`host/container/path/`).
    public func storedBlobs(below prefix: String) async -> [String: [UInt8]] { await state.blobs(below: prefix) }

    /// The bytes of an artifact uploaded over the API (`origin/container/path`), if any.
    public func uploadedArtifact(_ relative: String) async -> [UInt8]? {
        for workspace in await state.served {
            if let bytes = workspace.uploadedArtifacts[relative] ?? nil { return bytes }
        }
        return nil
    }

    /// Changes how many polls of a deployment operation answer `Running` before it ends.
    public func setOperationPollsBeforeDone(_ polls: Int) async { await state.setOperationPollsBeforeDone(polls) }

    /// Adds a scripted fault while running.
    public func addFault(_ fault: ScriptedFault) async { await state.addFault(fault) }
}
