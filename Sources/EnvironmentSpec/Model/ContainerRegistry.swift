/// `docker.base_image_registry` (azureml-core's `ContainerRegistry`).
///
/// There is deliberately no password: registry passwords never reach output. The v1 JSON
/// always says `"password": null`; users set the password again (or use a managed identity).
public struct ContainerRegistry: Sendable, Equatable {
    /// `address`: the registry's DNS name, e.g. `myacr.azurecr.io`.
    public var address: String?
    /// `username`.
    public var username: String?
    /// `registry_identity`: a user-assigned managed identity used to pull.
    public var registryIdentity: RegistryIdentity?

    /// A registry; all nil by default as in `ContainerRegistry()`.
    public init(address: String? = nil, username: String? = nil, registryIdentity: RegistryIdentity? = nil) {
        self.address = address
        self.username = username
        self.registryIdentity = registryIdentity
    }
}

/// `ContainerRegistry.registry_identity` (azureml-core's `RegistryIdentity`).
public struct RegistryIdentity: Sendable, Equatable {
    /// `resource_id` of the user-assigned managed identity.
    public var resourceId: String?
    /// `client_id` of the user-assigned managed identity.
    public var clientId: String?

    /// An identity; nil fields by default.
    public init(resourceId: String? = nil, clientId: String? = nil) {
        self.resourceId = resourceId
        self.clientId = clientId
    }
}
