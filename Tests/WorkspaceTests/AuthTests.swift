import Foundation
import WorkspaceClient
import WorkspaceEmulator
import XCTest

/// Credentials: their order, the service-principal flow, refusals, and that no token leaks.
final class AuthTests: XCTestCase {
    func testServicePrincipalFlowAgainstTheTokenEndpoint() async throws {
        let tmp = try TestSupport.temporaryFolder(self)
        let secret = "sp-secret-9c41e7a2"
        let principal = EmulatorConfiguration.ServicePrincipal(tenantId: "tenant-1", clientId: "app-1", clientSecret: secret)
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration(principal: principal, token: nil))
        let environment = ["AZURE_TENANT_ID": "tenant-1", "AZURE_CLIENT_ID": "app-1", "AZURE_CLIENT_SECRET": secret]
        try await emulator.withRunning { base in
            _ = try await TestSupport.pull(base, into: tmp + "/snap", settings: TestSupport.settings(environment: environment))

            // A wrong secret is an authentication error that names the variables, not the secret.
            var wrong = environment
            wrong["AZURE_CLIENT_SECRET"] = "not-the-secret"
            do {
                _ = try await TestSupport.pull(base, into: tmp + "/other", settings: TestSupport.settings(environment: wrong))
                XCTFail("expected an authentication error")
            } catch let error as WorkspaceClientError {
                XCTAssertEqual(error.kind, .authentication)
                XCTAssertTrue(error.message.contains("AZURE_CLIENT_SECRET"), error.message)
                XCTAssertTrue(error.message.contains("401"), error.message)
                XCTAssertFalse(error.message.contains("not-the-secret"), error.message)
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: tmp + "/.other.partial"))
        }
        try TestSupport.assertSameWorkspace(tmp + "/snap")
        let requests = await emulator.requests()
        XCTAssertEqual(requests.filter { $0.path == "/tenant-1/oauth2/v2.0/token" }.map(\.status), [200, 401])
        XCTAssertNil(TestSupport.anyFile(under: tmp, contains: secret))
    }

    func testRefusedTokenIsAnAuthenticationError() async throws {
        let tmp = try TestSupport.temporaryFolder(self)
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration())
        try await emulator.withRunning { base in
            do {
                _ = try await TestSupport.pull(base, into: tmp + "/snap",
                                               settings: TestSupport.settings(environment: ["AZURE_ACCESS_TOKEN": "wrong-token-123"]))
                XCTFail("expected an authentication error")
            } catch let error as WorkspaceClientError {
                XCTAssertEqual(error.kind, .authentication)
                XCTAssertEqual(error.status, 401)
                XCTAssertTrue(error.message.contains("listing images"), error.message)
                XCTAssertFalse(error.message.contains("wrong-token-123"), error.message)
            }
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp), [])
    }

    /// The token goes to the MMS and artifact routes, never to the SAS blob URLs, and it is in
    /// no pulled file and no message.
    func testTokenNeverLeaves() async throws {
        let tmp = try TestSupport.temporaryFolder(self)
        let tokenFile = tmp + "/token.txt"
        try Data((TestSupport.token + "\n").utf8).write(to: URL(fileURLWithPath: tokenFile))
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration(faults: [
            ScriptedFault(pathContains: "/images", count: 1, fault: .status(503)),
        ]))
        let summary = try await emulator.withRunning { base in
            try await TestSupport.pull(base, into: tmp + "/snap", settings: TestSupport.settings(environment: [:]),
                                       selection: TestSupport.selection(base, tokenFile: tokenFile))
        }
        let requests = await emulator.requests()
        let blobs = requests.filter { $0.path.hasPrefix("/blob/") }
        XCTAssertEqual(blobs.count, 101)
        XCTAssertTrue(blobs.allSatisfy { !$0.hadAuthorization }, "the bearer token must not go to SAS URLs")
        XCTAssertTrue(requests.filter { !$0.path.hasPrefix("/blob/") }.allSatisfy(\.hadAuthorization))
        XCTAssertNil(TestSupport.anyFile(under: tmp + "/snap", contains: TestSupport.token))
        XCTAssertFalse("\(summary)".contains(TestSupport.token))
    }

    func testCredentialOrder() throws {
        let sp = ["AZURE_TENANT_ID": "t", "AZURE_CLIENT_ID": "c", "AZURE_CLIENT_SECRET": "s"]
        XCTAssertEqual(try CredentialSource.resolve(tokenFile: "f", environment: sp.merging(["AZURE_ACCESS_TOKEN": "x"]) { a, _ in a }),
                       .tokenFile(path: "f"))
        guard case .environmentToken = try CredentialSource.resolve(tokenFile: nil, environment: sp.merging(["AZURE_ACCESS_TOKEN": "x"]) { a, _ in a }) else {
            return XCTFail("AZURE_ACCESS_TOKEN comes second")
        }
        guard case .servicePrincipal(let tenant, let client, _) = try CredentialSource.resolve(tokenFile: nil, environment: sp) else {
            return XCTFail("the service principal comes third")
        }
        XCTAssertEqual([tenant, client], ["t", "c"])
        // Incomplete service principal variables are skipped.
        XCTAssertThrowsError(try CredentialSource.resolve(tokenFile: nil, environment: ["AZURE_CLIENT_ID": "c", "PATH": "/nonexistent"])) {
            let error = $0 as? WorkspaceClientError
            XCTAssertEqual(error?.kind, .usage)
            XCTAssertTrue(error?.message.contains("az login") ?? false)
        }
        XCTAssertEqual("\(try CredentialSource.resolve(tokenFile: nil, environment: sp))", "service principal c (tenant t)")
    }

    /// The Azure CLI fallback, with a stand-in `az` script on PATH.
    func testAzureCLIFallback() async throws {
        let tmp = try TestSupport.temporaryFolder(self)
        let bin = tmp + "/bin"
        try FileManager.default.createDirectory(atPath: bin, withIntermediateDirectories: true)
        let script = """
            #!/bin/sh
            [ "$1 $2 $3 $4" = "account get-access-token --resource https://management.azure.com/" ] || exit 2
            echo '{"accessToken": "\(TestSupport.token)", "expiresOn": "2099-01-01 00:00:00.000000", "tokenType": "Bearer"}'
            """
        try Data(script.utf8).write(to: URL(fileURLWithPath: bin + "/az"))
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: bin + "/az")
        let source = try CredentialSource.resolve(tokenFile: nil, environment: ["PATH": "/nonexistent:" + bin])
        XCTAssertEqual(source, .azureCLI(executable: bin + "/az"))
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration())
        try await emulator.withRunning { base in
            _ = try await TestSupport.pull(base, into: tmp + "/snap", filter: ImageFilter(names: ["tiny-slim"]),
                                           settings: TestSupport.settings(environment: ["PATH": bin]))
        }
        XCTAssertEqual(TestSupport.files(under: tmp + "/snap/images"), ["tiny-slim_1.json"])

        // A failing az is an authentication error that says what to do.
        try Data("#!/bin/sh\necho 'ERROR: Please run az login' >&2\nexit 1\n".utf8).write(to: URL(fileURLWithPath: bin + "/az"))
        try await emulator.withRunning { base in
            do {
                _ = try await TestSupport.pull(base, into: tmp + "/snap2", settings: TestSupport.settings(environment: ["PATH": bin]))
                XCTFail("expected an authentication error")
            } catch let error as WorkspaceClientError {
                XCTAssertEqual(error.kind, .authentication)
                XCTAssertTrue(error.message.contains("az login"), error.message)
            }
        }
    }

    func testTokenFileProblemsAreUsageErrors() async throws {
        let tmp = try TestSupport.temporaryFolder(self)
        try Data("two\nlines\n".utf8).write(to: URL(fileURLWithPath: tmp + "/bad.txt"))
        for file in [tmp + "/missing.txt", tmp + "/bad.txt"] {
            do {
                _ = try await TestSupport.pull("http://127.0.0.1:9", into: tmp + "/snap", settings: TestSupport.settings(environment: [:]),
                                               selection: TestSupport.selection("http://127.0.0.1:9", tokenFile: file))
                XCTFail("expected a usage error")
            } catch let error as WorkspaceClientError {
                XCTAssertEqual(error.kind, .usage)
                XCTAssertTrue(error.message.contains("--token-file"), error.message)
                XCTAssertFalse(error.message.contains("lines"), error.message)
            }
        }
    }
}
