import Foundation
import JSONValue

/// The Azure Resource Manager lists a fleet pull starts from: the subscriptions the token can
/// see (`GET /subscriptions`) and each subscription's Azure ML workspaces
/// (`GET /subscriptions/{id}/providers/Microsoft.MachineLearningServices/workspaces`), every page.
struct ResourceManager: Sendable {
    static let defaultHost = ArmAPI.defaultHost
    static let subscriptionsAPIVersion = "2022-12-01"
    static let workspacesAPIVersion = "2024-04-01"

    /// `https://management.azure.com`, or `--endpoint`.
    let host: String
    let rest: RestClient
    let tokens: TokenProvider

    /// The ids of the subscriptions the token can see, in the order listed (disabled and deleted ones left out).
    func subscriptions() async throws -> [String] {
        let items = try await rest.allItems(host + "/subscriptions?api-version=" + Self.subscriptionsAPIVersion,
                                            host: host, hostName: "the resource manager", what: "listing subscriptions") {
            try await tokens.token(using: rest)
        }
        return items.compactMap { item in
            guard let id = item["subscriptionId"]?.stringValue, !id.isEmpty else { return nil }
            let state = item["state"]?.stringValue?.lowercased()
            return state == "disabled" || state == "deleted" ? nil : id
        }
    }

    /// The Azure ML workspaces of `subscription`, each with its resource group (from its
    /// resource id) and region (its `location`).
    func workspaces(subscription: String) async throws -> [WorkspaceRef] {
        let url = host + "/subscriptions/" + PercentEncoding.segment(subscription)
            + "/providers/Microsoft.MachineLearningServices/workspaces?api-version=" + Self.workspacesAPIVersion
        let what = "listing the workspaces of subscription \(subscription)"
        let items = try await rest.allItems(url, host: host, hostName: "the resource manager", what: what) {
            try await tokens.token(using: rest)
        }
        return try items.map { item throws(WorkspaceClientError) in
            guard let id = item["id"]?.stringValue, let ref = Self.workspace(resourceId: id, location: item["location"]?.stringValue) else {
                throw WorkspaceClientError(.invalidResponse, "\(what): an item has no workspace resource id "
                                           + "(/subscriptions/.../resourceGroups/.../providers/Microsoft.MachineLearningServices/workspaces/...)")
            }
            return ref
        }
    }

    /// The workspace a resource id names (names compared case-insensitively, as Azure does).
    static func workspace(resourceId: String, location: String?) -> WorkspaceRef? {
        let parts = resourceId.split(separator: "/").map { String($0).removingPercentEncodingOrSelf }
        guard parts.count == 8, parts[0].lowercased() == "subscriptions", parts[2].lowercased() == "resourcegroups",
              parts[4].lowercased() == "providers", parts[5].lowercased() == "microsoft.machinelearningservices",
              parts[6].lowercased() == "workspaces", !parts[1].isEmpty, !parts[3].isEmpty, !parts[7].isEmpty else { return nil }
        return WorkspaceRef(subscriptionId: parts[1], resourceGroup: parts[3], workspaceName: parts[7], region: location)
    }
}

extension String {
    /// Percent-decoded, or unchanged when it is not valid percent-encoding.
    var removingPercentEncodingOrSelf: String { removingPercentEncoding ?? self }
}
