/// Which Azure ML workspace to talk to.
public struct WorkspaceRef: Sendable, Equatable {
    public var subscriptionId: String
    public var resourceGroup: String
    public var workspaceName: String
    /// The Azure region (`westeurope`); needed for the default service hosts.
    public var region: String?

    public init(subscriptionId: String, resourceGroup: String, workspaceName: String, region: String? = nil) {
        self.subscriptionId = subscriptionId
        self.resourceGroup = resourceGroup
        self.workspaceName = workspaceName
        self.region = region
    }

    /// `/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.MachineLearningServices/workspaces/{ws}`,
    /// each name percent-encoded.
    public var resourcePath: String {
        "/subscriptions/\(PercentEncoding.segment(subscriptionId))/resourceGroups/\(PercentEncoding.segment(resourceGroup))"
            + "/providers/Microsoft.MachineLearningServices/workspaces/\(PercentEncoding.segment(workspaceName))"
    }
}
