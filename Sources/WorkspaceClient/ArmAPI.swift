/// The Azure Resource Manager API of `Microsoft.MachineLearningServices` that `redeploy --apply
/// --to v2` talks: one stable api-version for every request (azure-ai-ml 1.35's generated
/// client defaults to it), named here only.
public enum ArmAPI {
    /// The api-version of every managed online endpoint request.
    public static let version = "2025-12-01"
    /// The resource manager's public host.
    public static let defaultHost = "https://management.azure.com"
    /// The storage service version sent with blob requests (`x-ms-version`).
    static let storageVersion = "2021-08-06"
}
