import JSONValue

/// The resource manager resources of one served workspace that `redeploy --apply --to v2`
/// creates: environment and code versions, online endpoints and their deployments, keyed by
/// their names (`name/version`, `endpoint/deployment`), each as the service answers it.
struct ManagedResources: Sendable {
    var environments: [String: JSONObject] = [:]
    var codes: [String: JSONObject] = [:]
    var endpoints: [String: JSONObject] = [:]
    var deployments: [String: JSONObject] = [:]
    /// The long operation each endpoint or deployment (by its ARM path) is in, if any.
    var provisioning: [String: String] = [:]
}

/// A long resource manager operation (a PUT of an endpoint or deployment).
struct ArmOperation: Sendable {
    enum Kind: Sendable { case endpoint, deployment }
    var workspace: Int
    var kind: Kind
    /// The resource's key in `ManagedResources` and its ARM path.
    var key: String
    var path: String
    var polls = 0
    /// Set when it ended: nil for success, else the error.
    var ended = false
    var error: JSON?
}

/// One blob of the emulated storage account.
struct StoredBlob: Sendable {
    var bytes: [UInt8]
    var metadata: [(String, String)] = []
}

/// A container-scoped SAS the emulator issued: which blob paths (`host/container/prefix...`) it opens.
struct StorageGrant: Sendable, Equatable {
    var prefix: String
}
