import JSONValue

/// `workspace.json` of a snapshot: which workspace it was taken from.
public struct WorkspaceInfo: Sendable, Equatable {
    public var subscriptionId: String?
    public var resourceGroup: String?
    public var workspaceName: String?
    public var region: String?

    public init(subscriptionId: String? = nil, resourceGroup: String? = nil, workspaceName: String? = nil, region: String? = nil) {
        self.subscriptionId = subscriptionId
        self.resourceGroup = resourceGroup
        self.workspaceName = workspaceName
        self.region = region
    }

    /// Reads the four keys; a non-string value is a problem at its JSON path.
    static func decode(_ json: JSON, file: String) -> (WorkspaceInfo, [InputProblem]) {
        guard let object = json.objectValue else {
            return (WorkspaceInfo(), [InputProblem(.error, file: file, location: "$", message: "expected an object, found \(json.typeName)")])
        }
        var problems: [InputProblem] = []
        func field(_ key: String) -> String? {
            guard let value = object[key], !value.isNull else { return nil }
            guard let s = value.stringValue else {
                problems.append(InputProblem(.error, file: file, location: JSONPath.root.appending(key).description,
                                             message: "expected a string, found \(value.typeName)"))
                return nil
            }
            return s
        }
        let info = WorkspaceInfo(subscriptionId: field("subscriptionId"), resourceGroup: field("resourceGroup"),
                                 workspaceName: field("workspaceName"), region: field("region"))
        return (info, problems)
    }
}
