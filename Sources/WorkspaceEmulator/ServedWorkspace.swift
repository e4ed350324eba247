/// One workspace an emulator answers for: its names (from the snapshot's `workspace.json`, or
/// defaults), its payloads, and the artifacts created over the API.
struct ServedWorkspace: Sendable {
    var subscriptionId: String
    var resourceGroup: String
    var workspaceName: String
    var region: String?
    var catalog: SnapshotCatalog
    /// Artifacts created over the API (`origin/container/path` -> bytes; nil until uploaded).
    var uploadedArtifacts: [String: [UInt8]?] = [:]
    /// Environment and code versions, online endpoints and deployments created over the resource manager.
    var managed = ManagedResources()

    /// Used when the snapshot has no `workspace.json` (or lacks a key).
    static let defaultSubscription = "00000000-0000-0000-0000-000000000000"
    static let defaultResourceGroup = "rg-emulator"
    static let defaultWorkspace = "ws-emulator"

    init(catalog: SnapshotCatalog) {
        self.catalog = catalog
        subscriptionId = catalog.info.subscriptionId ?? Self.defaultSubscription
        resourceGroup = catalog.info.resourceGroup ?? Self.defaultResourceGroup
        workspaceName = catalog.info.workspaceName ?? Self.defaultWorkspace
        region = catalog.info.region
    }

    /// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}`.
    var path: String {
        "/subscriptions/\(URLText.encode(subscriptionId))/resourceGroups/\(URLText.encode(resourceGroup))"
            + "/providers/Microsoft.MachineLearningServices/workspaces/\(URLText.encode(workspaceName))"
    }

    /// Whether `segments` (8 of them) name this workspace; Azure compares resource ids case-insensitively.
    func isNamed(by segments: ArraySlice<String>) -> Bool {
        let expected = ["subscriptions", subscriptionId, "resourceGroups", resourceGroup, "providers",
                        "Microsoft.MachineLearningServices", "workspaces", workspaceName]
        return segments.count == expected.count
            && zip(segments, expected).allSatisfy { $0.lowercased() == $1.lowercased() }
    }

    /// The host of its emulated storage account (the default datastore's, and the code uploads').
    static func storageHost(_ index: Int) -> String { "image2envemulator\(index).blob.core.windows.net" }
    /// The default datastore's container.
    static let storageContainer = "azureml-blobstore"

    /// `sub/rg/ws`, lower-cased: two snapshots may not serve the same workspace.
    var identity: String { [subscriptionId, resourceGroup, workspaceName].joined(separator: "/").lowercased() }
}

/// A SAS signature the emulator issued: the workspace and the artifact (`origin/container/path`) it grants.
struct SignedBlob: Sendable, Equatable {
    var workspace: Int
    var relative: String
}
