import JSONValue

/// The Azure Resource Manager: the lists a fleet pull starts from (the subscriptions the token
/// sees, each subscription's Azure ML workspaces, both paged), the workspaces, and below them the
/// resources of managed online endpoints (`EmulatorState+Managed`).
extension EmulatorState {
    /// `/subscriptions[...]` (`segments` start with `subscriptions`).
    func arm(method: String, segments s: [String], target: RequestTarget, body: [UInt8]) -> Reply {
        if s.count == 8, s[2] == "providers", s[4] == "locations", s[6] == "mfeOperationsStatus" || s[6] == "mfeOperationResults" {
            guard method == "GET" else { return .error(405, code: "MethodNotAllowed", message: "use GET") }
            return armOperation(s[7], results: s[6] == "mfeOperationResults", target: target)
        }
        if s.count > 8, let w = workspaceIndex(ArraySlice(s.prefix(8))) {
            return managed(w, method: method, rest: Array(s[8...]), target: target, body: body)
        }
        guard method == "GET" else { return .error(405, code: "MethodNotAllowed", message: "use GET") }
        if s.count == 1 {
            var seen: Set<String> = []
            let subscriptions = served.map(\.subscriptionId).filter { seen.insert($0.lowercased()).inserted }
            return page(subscriptions.map { id in
                .object(JSONObject([("id", .string("/subscriptions/" + id)), ("authorizationSource", .string("RoleBased")),
                                    ("subscriptionId", .string(id)), ("displayName", .string("image2env-emulator " + id)),
                                    ("state", .string("Enabled"))]))
            }, target: target)
        }
        let subscription = s[1]
        let mine = served.filter { $0.subscriptionId.lowercased() == subscription.lowercased() }
        guard !mine.isEmpty else {
            return .error(404, code: "SubscriptionNotFound", message: "The subscription '\(subscription)' could not be found.")
        }
        if s.count == 5, s[2] == "providers", s[3].lowercased() == "microsoft.machinelearningservices", s[4] == "workspaces" {
            return page(mine.map(Self.workspaceResource), target: target)
        }
        if s.count == 8, let w = workspaceIndex(ArraySlice(s)) {
            return .json(Self.workspaceResource(served[w]))
        }
        return .notFound("no resource manager route GET \(target.rawPath)")
    }

    /// A workspace as ARM lists it.
    static func workspaceResource(_ workspace: ServedWorkspace) -> JSON {
        .object(JSONObject([
            ("id", .string(workspace.path)),
            ("name", .string(workspace.workspaceName)),
            ("type", .string("Microsoft.MachineLearningServices/workspaces")),
            ("location", .string(workspace.region ?? "westeurope")),
            ("kind", .string("Default")),
            ("properties", .object(JSONObject([("friendlyName", .string(workspace.workspaceName)),
                                               ("provisioningState", .string("Succeeded"))]))),
        ]))
    }
}
