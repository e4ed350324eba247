import AsyncHTTPClient
import Foundation

/// `pull --all-workspaces`: lists the workspaces of each subscription over the resource manager
/// (every page) and pulls them concurrently into `<out>/<subscription>/<resource group>/<workspace>/`,
/// each snapshot written whole or not at all (see `Puller`). One workspace failing does not stop the others.
public enum FleetPuller {
    /// Pulls the fleet. Throws only for what stops everything (usage, credentials refused by the
    /// resource manager, no subscription listed); a workspace's failure is in its outcome.
    /// `endpoint` replaces every host (an emulator); `settings.concurrency` bounds the fetches in
    /// flight: that many workspaces at once, the fetches shared among them.
    public static func pull(_ options: FleetPullOptions, endpoint: String?, tokenFile: String?, settings: ClientSettings,
                            progress: (any PullProgress)? = nil) async throws -> FleetPullSummary {
        try prepare(output: options.output, resume: options.resume)
        if let endpoint { _ = try ServiceEndpoints.resolve(region: nil, endpoint: endpoint, environment: settings.environment) }
        let credentials = try CredentialSource.resolve(tokenFile: tokenFile, environment: settings.environment)
        if case .tokenFile(let path) = credentials { _ = try TokenProvider.read(tokenFile: path) }
        let deadline = RunDeadline(seconds: settings.deadlineSeconds)
        let armHost = endpoint.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 } ?? ResourceManager.defaultHost
        let authority = endpoint ?? settings.environment["AZURE_AUTHORITY_HOST"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "https://login.microsoftonline.com"
        return try await HTTPClient.withHTTPClient(configuration: WorkspaceSession.httpConfiguration(settings)) { http in
            let rest = RestClient(http: http, policy: settings.retry, deadline: deadline, requestTimeout: settings.requestTimeout)
            let arm = ResourceManager(host: armHost, rest: rest,
                                      tokens: TokenProvider(source: credentials, authorityHost: authority, environment: settings.environment))
            let (workspaces, listingFailures) = try await list(arm, subscriptions: options.subscriptions)
            progress?.report(.fleetPlanned(workspaces: workspaces.count))
            let atOnce = max(1, min(settings.concurrency, workspaces.count))
            var shared = settings
            shared.concurrency = max(1, settings.concurrency / atOnce)
            let each = shared
            let outcomes = try await concurrentMap(workspaces, limit: atOnce) { workspace in
                await pullOne(workspace, options: options, endpoint: endpoint, credentials: credentials, settings: each,
                              http: http, deadline: deadline, progress: progress)
            }
            progress?.report(.finished)
            return FleetPullSummary(outcomes: outcomes.sorted { precedes($0.workspace, $1.workspace) }, listingFailures: listingFailures)
        }
    }

    /// The workspaces of the subscriptions (the given ones, or every one listed), sorted; a
    /// subscription whose list fails is a listing failure when there are others.
    static func list(_ arm: ResourceManager, subscriptions given: [String]) async throws
        -> (workspaces: [WorkspaceRef], failures: [WorkspaceClientError]) {
        var subscriptions = given
        if subscriptions.isEmpty {
            subscriptions = try await arm.subscriptions()
            guard !subscriptions.isEmpty else {
                throw WorkspaceClientError(.usage, "the token can see no subscription; give --subscription ID, or check the "
                                           + "account's access (az account list)")
            }
        }
        var seen: Set<String> = []
        var workspaces: [WorkspaceRef] = []
        var failures: [WorkspaceClientError] = []
        for subscription in subscriptions where seen.insert(subscription.lowercased()).inserted {
            do {
                workspaces += try await arm.workspaces(subscription: subscription)
            } catch let error as WorkspaceClientError where subscriptions.count > 1 && error.kind != .authentication {
                failures.append(error)
            }
        }
        return (workspaces.sorted(by: precedes), failures)
    }

    private static func pullOne(_ workspace: WorkspaceRef, options: FleetPullOptions, endpoint: String?, credentials: CredentialSource,
                                settings: ClientSettings, http: HTTPClient, deadline: RunDeadline,
                                progress: (any PullProgress)?) async -> FleetPullOutcome {
        let names = [workspace.subscriptionId, workspace.resourceGroup, workspace.workspaceName]
        let folder = ([options.output] + names).joined(separator: "/")
        func outcome(_ result: FleetPullOutcome.Result) -> FleetPullOutcome {
            // A pull that went through reported its own end (`WorkspaceProgress`).
            switch result {
            case .pulled: break
            case .alreadyPulled: progress?.report(.workspaceFinished(failed: false))
            case .failed: progress?.report(.workspaceFinished(failed: true))
            }
            return FleetPullOutcome(workspace: workspace, folder: folder, result: result)
        }
        let label = names.joined(separator: "/")
        guard names.allSatisfy(isFolderName) else {
            return outcome(.failed(WorkspaceClientError(.invalidResponse, "workspace \(label): a name cannot be a folder name; not pulled")))
        }
        if options.resume, FileManager.default.fileExists(atPath: folder) { return outcome(.alreadyPulled) }
        do {
            try FileManager.default.createDirectory(atPath: ([options.output] + names.dropLast()).joined(separator: "/"),
                                                    withIntermediateDirectories: true)
            let endpoints = try ServiceEndpoints.resolve(region: workspace.region, endpoint: endpoint, environment: settings.environment)
            let session = WorkspaceSession(workspace: workspace, endpoints: endpoints, credentials: credentials, settings: settings,
                                           http: http, deadline: deadline)
            let summary = try await Puller(session: session, progress: progress.map(WorkspaceProgress.init)).pull(
                PullOptions(output: folder, filter: options.filter, resume: options.resume))
            return outcome(.pulled(summary))
        } catch let error as WorkspaceClientError {
            return outcome(.failed(WorkspaceClientError(error.kind, "workspace \(label): " + error.message, status: error.status)))
        } catch {
            return outcome(.failed(WorkspaceClientError(.io, "workspace \(label): \(error)")))
        }
    }

    /// The fleet folder: created when missing; an existing one that is not empty needs `resume`.
    static func prepare(output: String, resume: Bool) throws(WorkspaceClientError) {
        let url = URL(fileURLWithPath: output)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: output, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw WorkspaceClientError(.usage, "--out \(output) is a file; name a folder for the fleet") }
            let entries = (try? FileManager.default.contentsOfDirectory(atPath: output)) ?? []
            if !entries.isEmpty && !resume {
                throw WorkspaceClientError(.usage, "--out \(output) is not empty; rerun with --resume to finish an interrupted fleet "
                                           + "pull (workspaces already pulled are kept), or choose a new folder")
            }
            return
        }
        let parent = url.deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: parent, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw WorkspaceClientError(.usage, "--out \(output): the parent folder \(parent) does not exist; create it first")
        }
        do {
            try FileManager.default.createDirectory(atPath: output, withIntermediateDirectories: false)
        } catch {
            throw WorkspaceClientError(.io, "--out \(output): cannot create the folder: \(error.localizedDescription)")
        }
    }

    /// A name usable as one folder name (no `/`, not `.`/`..`, no control characters, not hidden).
    static func isFolderName(_ name: String) -> Bool {
        !name.isEmpty && name != "." && name != ".." && !name.hasPrefix(".") && name.utf8.count <= 255
            && !name.unicodeScalars.contains { $0 == "/" || $0.value < 0x20 || $0.value == 0x7F }
    }

    /// By subscription, resource group, then workspace name.
    static func precedes(_ a: WorkspaceRef, _ b: WorkspaceRef) -> Bool {
        [a.subscriptionId, a.resourceGroup, a.workspaceName].lexicographicallyPrecedes([b.subscriptionId, b.resourceGroup, b.workspaceName])
    }
}

/// One workspace's pull events passed on to the fleet's display, its end as `workspaceFinished`.
private struct WorkspaceProgress: PullProgress {
    let fleet: any PullProgress

    init(_ fleet: any PullProgress) { self.fleet = fleet }

    func report(_ event: PullEvent) {
        fleet.report(event == .finished ? .workspaceFinished(failed: false) : event)
    }
}
