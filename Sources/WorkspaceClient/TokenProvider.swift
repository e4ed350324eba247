import Foundation
import JSONValue

/// Gets (and caches until shortly before it expires) the bearer token from a `CredentialSource`.
actor TokenProvider {
    let source: CredentialSource
    let authorityHost: String
    let environment: [String: String]
    private var cached: AccessToken?

    init(source: CredentialSource, authorityHost: String, environment: [String: String]) {
        self.source = source
        self.authorityHost = authorityHost
        self.environment = environment
    }

    /// A fresh token; `rest` is used for the service-principal flow.
    func token(using rest: RestClient) async throws -> AccessToken {
        if let cached, cached.isFresh() { return cached }
        let token: AccessToken
        switch source {
        case .tokenFile(let path):
            token = try Self.read(tokenFile: path)
        case .environmentToken(let secret):
            token = AccessToken(secret.exposedValue)
        case .servicePrincipal(let tenant, let client, let secret):
            token = try await clientCredentials(tenant: tenant, clientId: client, secret: secret.exposedValue, rest: rest)
        case .azureCLI(let executable):
            token = try await AzureCLI.token(executable: executable, environment: environment)
        }
        cached = token
        return token
    }

    static func read(tokenFile path: String) throws(WorkspaceClientError) -> AccessToken {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw WorkspaceClientError(.usage, "--token-file \(path): cannot read the file")
        }
        let text = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !text.isEmpty, !text.contains(where: { $0.isNewline || $0 == " " }) else {
            throw WorkspaceClientError(.usage, "--token-file \(path): expected one bearer token (for \(CredentialSource.resource)) "
                                       + "and nothing else, e.g. from `az account get-access-token --query accessToken -o tsv`")
        }
        return AccessToken(text)
    }

    /// The OAuth 2.0 client-credentials grant against `{authority}/{tenant}/oauth2/v2.0/token`.
    private func clientCredentials(tenant: String, clientId: String, secret: String, rest: RestClient) async throws -> AccessToken {
        let url = authorityHost + "/" + PercentEncoding.segment(tenant) + "/oauth2/v2.0/token"
        let form = [("grant_type", "client_credentials"), ("client_id", clientId), ("client_secret", secret),
                    ("scope", CredentialSource.resource + ".default")]
            .map { PercentEncoding.value($0.0) + "=" + PercentEncoding.value($0.1) }
            .joined(separator: "&")
        let call = RestClient.Call(method: "POST", url: url, headers: [("Content-Type", "application/x-www-form-urlencoded")],
                                   body: Array(form.utf8), token: nil,
                                   what: "getting a token for service principal \(clientId)")
        let json: JSON
        do {
            json = try await rest.json(call)
        } catch let error as WorkspaceClientError where error.status == 400 || error.status == 401 {
            throw WorkspaceClientError(.authentication, error.message + ". Check AZURE_TENANT_ID, AZURE_CLIENT_ID and "
                                       + "AZURE_CLIENT_SECRET", status: error.status)
        }
        guard let token = json["access_token"]?.stringValue, !token.isEmpty else {
            throw WorkspaceClientError(.invalidResponse, "\(call.what): the answer from \(url) has no access_token")
        }
        let lifetime = json["expires_in"]?.intValue ?? (json["expires_in"]?.stringValue).flatMap { Int64($0) } ?? 3599
        return AccessToken(token, expiresAt: ContinuousClock.now + .seconds(lifetime))
    }
}
