import JSONValue
import Snapshot

/// Which workspace a part of a fleet report belongs to: the names of its `workspace.json` (or of
/// its place in the fleet folder, `<subscription>/<resource group>/<workspace>`).
public struct FleetWorkspace: Sendable, Hashable, Comparable {
    public var subscriptionId: String?
    public var resourceGroup: String?
    public var workspaceName: String?

    public init(subscriptionId: String?, resourceGroup: String?, workspaceName: String?) {
        self.subscriptionId = subscriptionId
        self.resourceGroup = resourceGroup
        self.workspaceName = workspaceName
    }

    /// A snapshot's workspace: its `workspace.json`, with the names it lacks taken from the
    /// folder's place in the fleet (`relative`, e.g. `SUB/RG/WS`, last part the workspace).
    public init(info: WorkspaceInfo?, relative: String) {
        let parts = relative.split(separator: "/").map(String.init)
        let fromPath: [String?] = parts.count >= 3 ? Array(parts.suffix(3)) : [nil, nil, parts.last]
        self.init(subscriptionId: info?.subscriptionId ?? fromPath[0], resourceGroup: info?.resourceGroup ?? fromPath[1],
                  workspaceName: info?.workspaceName ?? fromPath[2])
    }

    /// A snapshot's workspace from its `workspace.json` alone; nil when it names none.
    public init?(known info: WorkspaceInfo?) {
        guard let info, info.subscriptionId != nil || info.resourceGroup != nil || info.workspaceName != nil else { return nil }
        self.init(subscriptionId: info.subscriptionId, resourceGroup: info.resourceGroup, workspaceName: info.workspaceName)
    }

    /// The `workspace` object of a report (`subscriptionId`, `resourceGroup`, `workspaceName`).
    public init?(json: JSON?) {
        guard let object = json?.objectValue else { return nil }
        self.init(subscriptionId: object["subscriptionId"]?.stringValue, resourceGroup: object["resourceGroup"]?.stringValue,
                  workspaceName: object["workspaceName"]?.stringValue)
    }

    /// `SUBSCRIPTION/RESOURCE GROUP/WORKSPACE` (`-` for a name not known).
    public var label: String {
        [subscriptionId, resourceGroup, workspaceName].map { $0 ?? "-" }.joined(separator: "/")
    }

    /// The label as Azure compares resource ids: case-insensitively.
    public var matchKey: String { label.lowercased() }

    /// `{"subscriptionId", "resourceGroup", "workspaceName"}`.
    public var json: JSON {
        .object(JSONObject(uniqueKeys: [("subscriptionId", AuditJSON.str(subscriptionId)), ("resourceGroup", AuditJSON.str(resourceGroup)),
                                        ("workspaceName", AuditJSON.str(workspaceName))]))
    }

    /// By subscription, resource group, then workspace name (byte order; unknown names first).
    public static func < (a: FleetWorkspace, b: FleetWorkspace) -> Bool {
        let x = [a.subscriptionId, a.resourceGroup, a.workspaceName].map { Array(($0 ?? "").utf8) }
        let y = [b.subscriptionId, b.resourceGroup, b.workspaceName].map { Array(($0 ?? "").utf8) }
        return x.lexicographicallyPrecedes(y) { $0.lexicographicallyPrecedes($1) }
    }
}

/// One workspace of a fleet report.
public struct FleetMember: Sendable {
    public var workspace: FleetWorkspace
    /// The workspace's snapshot as read (its images are the report's rows naming this member).
    public var source: LoadedWorkspace

    public init(workspace: FleetWorkspace, source: LoadedWorkspace) {
        self.workspace = workspace
        self.source = source
    }
}
