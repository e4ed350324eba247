/// Which images to list: by name (`NAME` or `NAME:VERSION`) and by tags (`k=v` or `k`).
public struct ImageFilter: Sendable, Equatable {
    /// Image names, or `name:version` ids; empty means every image.
    public var names: [String]
    /// Tag conditions: `key=value` (the tag has that value) or `key` (the tag is present).
    public var tags: [String]

    public init(names: [String] = [], tags: [String] = []) {
        self.names = names
        self.tags = tags
    }

    /// Whether the filter lets every image through.
    public var isEmpty: Bool { names.isEmpty && tags.isEmpty }

    /// Whether a listed image payload passes the filter (applied again on the client, so a
    /// service that ignores a query parameter cannot widen the pull).
    func matches(_ image: [String: String], tags imageTags: [String: String]) -> Bool {
        let id = image["id"] ?? ""
        let name = image["name"] ?? ""
        if !names.isEmpty, !names.contains(where: { $0 == name || $0 == id }) { return false }
        for condition in tags {
            let kv = condition.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let value = imageTags[String(kv[0])] else { return false }
            if kv.count == 2, value != String(kv[1]) { return false }
        }
        return true
    }
}
