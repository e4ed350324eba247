/// What the user said about the workspace and credentials (the command line's workspace
/// options), resolved into a `WorkspaceRef`, service endpoints and a credential source.
public struct WorkspaceSelection: Sendable, Equatable {
    /// `--config FILE`: a `config.json` to read instead of looking one up.
    public var configFile: String?
    public var subscriptionId: String?
    public var resourceGroup: String?
    public var workspaceName: String?
    public var region: String?
    /// `--endpoint URL`: one base URL for the MMS, artifact and token routes (an emulator, a proxy).
    public var endpoint: String?
    /// `--token-file FILE`: a bearer token for `https://management.azure.com/`.
    public var tokenFile: String?

    public init(configFile: String? = nil, subscriptionId: String? = nil, resourceGroup: String? = nil,
                workspaceName: String? = nil, region: String? = nil, endpoint: String? = nil, tokenFile: String? = nil) {
        self.configFile = configFile
        self.subscriptionId = subscriptionId
        self.resourceGroup = resourceGroup
        self.workspaceName = workspaceName
        self.region = region
        self.endpoint = endpoint
        self.tokenFile = tokenFile
    }

    /// The workspace: options given on the command line win over the config file's values; the
    /// config file is `--config`, or else `config.json` / `.azureml/config.json` looked up from
    /// `directory` upward (only when the three names are not all given).
    public func resolveWorkspace(from directory: String) throws(WorkspaceClientError) -> WorkspaceRef {
        var config: WorkspaceConfigFile?
        if let configFile {
            config = try WorkspaceConfigFile.read(configFile)
        } else if subscriptionId == nil || resourceGroup == nil || workspaceName == nil,
                  let found = WorkspaceConfigFile.find(from: directory) {
            config = try WorkspaceConfigFile.read(found)
        }
        let sub = subscriptionId ?? config?.subscriptionId
        let rg = resourceGroup ?? config?.resourceGroup
        let ws = workspaceName ?? config?.workspaceName
        guard let sub, let rg, let ws, !sub.isEmpty, !rg.isEmpty, !ws.isEmpty else {
            var missing: [String] = []
            if sub?.isEmpty ?? true { missing.append("subscription (--subscription / subscription_id)") }
            if rg?.isEmpty ?? true { missing.append("resource group (--resource-group / resource_group)") }
            if ws?.isEmpty ?? true { missing.append("workspace (--workspace / workspace_name)") }
            let source = config.map { "in \($0.path) or on the command line" }
                ?? "on the command line, and no config.json or .azureml/config.json was found in \(directory) or its parents"
            throw WorkspaceClientError(.usage, "no workspace given: missing \(missing.joined(separator: ", ")) \(source); "
                                       + "give --config FILE or --subscription, --resource-group and --workspace")
        }
        return WorkspaceRef(subscriptionId: sub, resourceGroup: rg, workspaceName: ws, region: region ?? config?.region)
    }
}
