import JSONValue
import LegacyImage

extension RestClient {
    /// All items of a paged list (`{"value": [...], "nextLink": ...}` or a plain array) from
    /// `url`, following every `nextLink`, which must stay on `host` (the token is only sent there).
    func allItems(_ url: String, host: String, hostName: String, what: String,
                  token: () async throws -> AccessToken) async throws -> [JSONObject] {
        var next: String? = url
        var seen: Set<String> = []
        var items: [JSONObject] = []
        while let url = next {
            guard seen.insert(url).inserted else {
                throw WorkspaceClientError(.invalidResponse, "\(what): the service sent the same nextLink twice (\(url)); stopped")
            }
            guard url.hasPrefix(host + "/") else {
                throw WorkspaceClientError(.invalidResponse, "\(what): nextLink \(url) leaves \(hostName) \(host); "
                                           + "refused (the token is only sent to that host)")
            }
            let page = try await json(.init(url: url, token: try await token(), what: what + " (page \(seen.count))"))
            let entries: [(JSON, JSONPath)]
            let document: PayloadDocument
            do {
                (document, entries) = try PayloadDocument.items(of: page)
            } catch {
                throw WorkspaceClientError(.invalidResponse, "\(what): \(url): \(error.issues.map(\.description).joined(separator: "; "))")
            }
            for (entry, path) in entries {
                guard let object = entry.objectValue else {
                    throw WorkspaceClientError(.invalidResponse, "\(what): \(url): \(path): expected an object, found \(entry.typeName)")
                }
                items.append(object)
            }
            if case .listPage(let link) = document, let link, !link.isEmpty { next = link } else { next = nil }
        }
        return items
    }
}
