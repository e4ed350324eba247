import Foundation
import JSONValue
import Tooling

/// Gets a token from the Azure CLI: `az account get-access-token --resource https://management.azure.com/`.
enum AzureCLI {
    /// Runs `az` and reads `accessToken` from its JSON output. Nothing `az` prints is echoed.
    static func token(executable: String, environment: [String: String]) async throws(WorkspaceClientError) -> AccessToken {
        let result: (status: Int32, output: Data)
        do {
            result = try await run(executable, ["account", "get-access-token", "--resource", CredentialSource.resource,
                                                "--output", "json"], environment: environment)
        } catch {
            throw WorkspaceClientError(.authentication, "cannot run \(executable): \(error.localizedDescription); "
                                       + "install the Azure CLI or use another credential (--token-file, AZURE_ACCESS_TOKEN)")
        }
        guard result.status == 0 else {
            throw WorkspaceClientError(.authentication, "`az account get-access-token` failed (exit \(result.status)); "
                                       + "run `az login` (and `az account set --subscription ...`) and try again")
        }
        guard let json = try? JSONParser.parse([UInt8](result.output), file: "az output"),
              let token = json["accessToken"]?.stringValue, !token.isEmpty else {
            throw WorkspaceClientError(.authentication, "`az account get-access-token` printed no accessToken; "
                                       + "update the Azure CLI or use --token-file")
        }
        var expiry: ContinuousClock.Instant?
        if let epoch = json["expires_on"]?.intValue {
            let seconds = Double(epoch) - Date().timeIntervalSince1970
            expiry = ContinuousClock.now + .milliseconds(Int64(max(seconds, 0) * 1000))
        }
        return AccessToken(token, expiresAt: expiry)
    }

    /// Runs a process to its end off the cooperative pool; returns its status and standard output.
    private static func run(_ executable: String, _ arguments: [String],
                            environment: [String: String]) async throws -> (status: Int32, output: Data) {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
                process.environment = environment
                let out = Pipe()
                process.standardOutput = out
                process.standardError = FileHandle.nullDevice
                process.standardInput = FileHandle.nullDevice
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let data = out.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, data))
            }
        }
    }
}
