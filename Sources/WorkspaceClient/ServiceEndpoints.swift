import Snapshot
/// The hosts the client talks to: the Model Management Service, the artifact (run history)
/// service, the Microsoft Entra authority, the resource manager and storage accounts.
public struct ServiceEndpoints: Sendable, Equatable {
    /// `https://{region}.api.azureml.ms` by default.
    public var mmsHost: String
    /// `https://{region}.experiments.azureml.net` by default.
    public var artifactHost: String
    /// `https://login.microsoftonline.com` by default; `AZURE_AUTHORITY_HOST` overrides it.
    public var authorityHost: String
    /// `https://management.azure.com` by default.
    public var armHost: String
    /// With `--endpoint`: where storage URLs go instead of their own hosts
    /// (`https://ACCOUNT.blob.core.windows.net/c/b` becomes `{proxy}/storage/ACCOUNT.blob.core.windows.net/c/b`).
    public var storageProxy: String?

    public init(mmsHost: String, artifactHost: String, authorityHost: String, armHost: String = ArmAPI.defaultHost,
                storageProxy: String? = nil) {
        self.mmsHost = Self.trimmed(mmsHost)
        self.artifactHost = Self.trimmed(artifactHost)
        self.authorityHost = Self.trimmed(authorityHost)
        self.armHost = Self.trimmed(armHost)
        self.storageProxy = storageProxy.map(Self.trimmed)
    }

    /// `endpoint` (when given) is the one host for everything; otherwise the region's hosts and
    /// the authority from `AZURE_AUTHORITY_HOST` or the public cloud.
    public static func resolve(region: String?, endpoint: String?,
                               environment: [String: String]) throws(WorkspaceClientError) -> ServiceEndpoints {
        if let endpoint {
            guard endpoint.hasPrefix("http://") || endpoint.hasPrefix("https://"), endpoint.count > "https://".count else {
                throw WorkspaceClientError(.usage, "--endpoint \(Redaction.url(endpoint)): expected an http:// or https:// URL")
            }
            return ServiceEndpoints(mmsHost: endpoint, artifactHost: endpoint, authorityHost: endpoint, armHost: endpoint,
                                    storageProxy: endpoint)
        }
        guard let region, !region.isEmpty else {
            throw WorkspaceClientError(.usage, "the workspace region is unknown: give --region (e.g. westeurope), put \"location\" "
                                       + "in config.json, or give --endpoint URL")
        }
        guard region.allSatisfy({ $0.isLetter || $0.isNumber }) else {
            throw WorkspaceClientError(.usage, "--region \(region): expected an Azure region name such as westeurope")
        }
        let authority = environment["AZURE_AUTHORITY_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? "https://login.microsoftonline.com"
        return ServiceEndpoints(mmsHost: "https://\(region.lowercased()).api.azureml.ms",
                                artifactHost: "https://\(region.lowercased()).experiments.azureml.net",
                                authorityHost: authority)
    }

    /// The MMS base of a workspace: `{mms}/modelmanagement/v1.0/subscriptions/.../workspaces/{ws}`.
    public func mmsBase(_ workspace: WorkspaceRef) -> String {
        mmsHost + "/modelmanagement/v1.0" + workspace.resourcePath
    }

    /// The artifact base of a workspace: `{artifacts}/artifact/v2.0/subscriptions/.../workspaces/{ws}`.
    public func artifactBase(_ workspace: WorkspaceRef) -> String {
        artifactHost + "/artifact/v2.0" + workspace.resourcePath
    }

    /// The resource manager URL of a workspace: `{arm}/subscriptions/.../workspaces/{ws}`.
    public func armBase(_ workspace: WorkspaceRef) -> String {
        armHost + workspace.resourcePath
    }

    /// Where a storage URL (`https://ACCOUNT.blob.SUFFIX/...`) is sent: itself, or through the
    /// `--endpoint` proxy.
    public func storageURL(_ url: String) -> String {
        guard let storageProxy else { return url }
        for scheme in ["https://", "http://"] where url.hasPrefix(scheme) {
            return storageProxy + "/storage/" + url.dropFirst(scheme.count)
        }
        return url
    }

    private static func trimmed(_ url: String) -> String {
        var u = url
        while u.hasSuffix("/") { u.removeLast() }
        return u
    }
}
