import Foundation
import JSONValue

/// The Microsoft Entra client-credentials token endpoint: `POST /{tenant}/oauth2/v2.0/token`.
extension EmulatorState {
    func token(tenant: String, form body: [UInt8]) -> Reply {
        var form: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (s: Substring) in String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            form[decode(kv[0])] = kv.count > 1 ? decode(kv[1]) : ""
        }
        guard form["grant_type"] == "client_credentials" else {
            return Self.oauthError(400, "unsupported_grant_type", "AADSTS70003: the emulator supports grant_type=client_credentials only.")
        }
        guard let scope = form["scope"], scope.split(separator: " ").contains("https://management.azure.com/.default") else {
            return Self.oauthError(400, "invalid_scope", "AADSTS70011: scope must be https://management.azure.com/.default.")
        }
        guard let principal = configuration.servicePrincipal else {
            return Self.oauthError(401, "invalid_client", "AADSTS7000215: no service principal is configured in the emulator.")
        }
        if let expected = principal.tenantId, expected.lowercased() != tenant.lowercased() {
            return Self.oauthError(400, "invalid_request", "AADSTS90002: tenant \(tenant) not found.")
        }
        guard form["client_id"] == principal.clientId, form["client_secret"] == principal.clientSecret else {
            return Self.oauthError(401, "invalid_client", "AADSTS7000215: invalid client id or client secret provided.")
        }
        let token = "emu." + Self.randomSecret(bytes: 32).replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "+", with: "-")
        issuedTokens.insert(token)
        return .json(.object(JSONObject([
            ("token_type", .string("Bearer")), ("expires_in", .int(3599)), ("ext_expires_in", .int(3599)),
            ("access_token", .string(token)),
        ])))
    }

    static func oauthError(_ status: Int, _ code: String, _ description: String) -> Reply {
        .json(.object(JSONObject([("error", .string(code)), ("error_description", .string(description))])), status: status)
    }
}
