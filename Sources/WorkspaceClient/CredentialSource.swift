import Foundation
import LegacyImage
import Tooling

/// Where the bearer token comes from, in the order they are tried:
/// `--token-file`, `AZURE_ACCESS_TOKEN`, a service principal from `AZURE_TENANT_ID` /
/// `AZURE_CLIENT_ID` / `AZURE_CLIENT_SECRET`, then `az account get-access-token` when `az` is on PATH.
public enum CredentialSource: Sendable, Equatable, CustomStringConvertible {
    case tokenFile(path: String)
    case environmentToken(Secret)
    case servicePrincipal(tenantId: String, clientId: String, clientSecret: Secret)
    case azureCLI(executable: String)

    /// The resource every token is for.
    public static let resource = "https://management.azure.com/"

    /// Picks the first source available; throws a usage error naming all four when none is.
    public static func resolve(tokenFile: String?, environment: [String: String]) throws(WorkspaceClientError) -> CredentialSource {
        if let tokenFile { return .tokenFile(path: tokenFile) }
        if let token = environment["AZURE_ACCESS_TOKEN"], !token.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            return .environmentToken(Secret(token.trimmingCharacters(in: .whitespacesAndNewlines)))
        }
        if let tenant = environment["AZURE_TENANT_ID"], let client = environment["AZURE_CLIENT_ID"],
           let secret = environment["AZURE_CLIENT_SECRET"], !tenant.isEmpty, !client.isEmpty, !secret.isEmpty {
            return .servicePrincipal(tenantId: tenant, clientId: client, clientSecret: Secret(secret))
        }
        if let az = ExecutableSearch.find("az", path: environment["PATH"]) { return .azureCLI(executable: az) }
        throw WorkspaceClientError(.usage, "no Azure credentials found: give --token-file FILE, set AZURE_ACCESS_TOKEN, "
                                   + "set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET for a service principal, "
                                   + "or install the Azure CLI and run `az login`")
    }

    public var description: String {
        switch self {
        case .tokenFile(let path): return "token file \(path)"
        case .environmentToken: return "AZURE_ACCESS_TOKEN"
        case .servicePrincipal(let tenant, let client, _): return "service principal \(client) (tenant \(tenant))"
        case .azureCLI: return "Azure CLI (az account get-access-token)"
        }
    }
}
