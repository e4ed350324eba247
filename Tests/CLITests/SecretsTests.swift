import Foundation
import XCTest

/// Every secret-bearing field seeded with a unique value: the registry password, SAS `sig=`
/// values (build log and Dockerfile URLs, a model URL, a tag, an asset URL the tool refuses, a
/// wrong-typed field the error message quotes), a bearer token and a client secret. Then every
/// command, report format, file, log line and error message the tool can produce is searched
/// for them.
final class SecretsTests: XCTestCase {
    let password = "SEEDPW-\(UUID().uuidString)"
    let signature = "SEEDSIG\(UUID().uuidString.replacingOccurrences(of: "-", with: ""))"
    let token = "seedtoken.\(UUID().uuidString)"
    let clientSecret = "seed-client-secret-\(UUID().uuidString)"
    var secrets: [String] { [password, signature, token, clientSecret] }

    /// Fails for each secret found in `text`.
    func assertClean(_ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for secret in secrets where text.contains(secret) {
            XCTFail("\(what) contains the secret \(secret.prefix(8))…", file: file, line: line)
        }
    }

    /// Every file under `folder` must be clean; returns how many were read.
    @discardableResult
    func assertFilesClean(_ folder: String, file: StaticString = #filePath, line: UInt = #line) -> Int {
        let names = FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? []
        var count = 0
        for name in names where !FileManager.default.isDirectory(folder + "/" + name) {
            let data = (try? Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))) ?? Data()
            assertClean(String(decoding: data, as: UTF8.self), "\(folder)/\(name)", file: file, line: line)
            count += 1
        }
        return count
    }

    func seededSnapshot() throws -> HostileSnapshot {
        let snap = try HostileSnapshot()
        let sas = "?sv=2019-02-02&sr=b&sig=\(signature)%3D&se=2030-01-01&sp=r"
        let secretImage = HostileSnapshot.payload(name: "secret", version: 1, tarball: "aml://artifact/LocalUpload/t1/src.tar.gz", extra: """
            , "kvTags": {"buildLogs": "https://acct.blob.core.windows.net/logs/x\(sas)"},
            "imageBuildLogUri": "https://acct.blob.core.windows.net/logs/build.log\(sas)",
            "generatedDockerFileUri": "https://acct.blob.core.windows.net/logs/Dockerfile\(sas)",
            "baseImage": "privreg.azurecr.io/base:1",
            "baseImageRegistryInfo": {"location": "privreg.azurecr.io", "user": "puller", "password": "\(password)"},
            "modelIds": ["m:1"], "modelDetails": [{"id": "m:1", "name": "m", "version": 1, "url": "https://acct.blob.core.windows.net/m/model.pkl\(sas)"}]
            """).replacingOccurrences(of: "\"runtimeType\": \"Python\"", with: "\"runtimeType\": \"PythonCustom\"")
        let refusedAsset = HostileSnapshot.payload(name: "badasset", version: 1, tarball: "https://acct.blob.core.windows.net/x/deps.tar.gz\(sas)")
        let wrongType = #"{"id": "wt:1", "name": "wt", "version": "sig=\#(signature)", "imageFlavor": "WebApiContainer"}"#
        let wrongPassword = #"{"id": "wp:1", "name": "wp", "version": 1, "baseImageRegistryInfo": {"password": ["\#(password)"]}}"#
        try snap.write("images/secrets.json", "[\(secretImage), \(refusedAsset), \(wrongType), \(wrongPassword)]")
        try snap.write("services/svc.json", #"{"name": "svc", "computeType": "ACI", "imageId": "secret:1", "state": "Healthy", "scoringUri": "https://svc.azurecontainer.io/score\#(sas)"}"#)
        return snap
    }

    func testNoSecretReachesAnyReportFileOrMessage() throws {
        let snap = try seededSnapshot()
        let env = ["AZURE_ACCESS_TOKEN": token, "AZURE_CLIENT_SECRET": clientSecret, "AZURE_CLIENT_ID": "c", "AZURE_TENANT_ID": "t"]
        let reports = snap.root.appendingPathComponent("reports")
        try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
        var runs = 0
        func check(_ args: [String], expect status: Int32) throws {
            let result = try CLI.run(args, env: env)
            XCTAssertEqual(result.status, status, "\(args): \(result.stderr)")
            assertClean(result.stdout, "stdout of \(args.prefix(3))")
            assertClean(result.stderr, "stderr of \(args.prefix(3))")
            runs += 1
        }
        for command in ["audit", "diff"] {
            for format in ["text", "json", "markdown", "sarif", "junit", "html"] {
                try check([command, snap.path, "--format", format, "--fail-on", "never"], expect: 65)
                try check([command, snap.path, "--format", format, "--fail-on", "never",
                           "--output", reports.appendingPathComponent("\(command).\(format)").path], expect: 65)
            }
        }
        let out = snap.root.appendingPathComponent("out").path
        try check(["convert", snap.path, "--out", out], expect: 65)
        try check(["convert", snap.path, "--out", out], expect: 64)  // not empty: a usage error
        try check(["convert", snap.path, "--out", out, "--force", "--target", "v2", "--image", "secret"], expect: 65)
        try check(["audit", snap.path, "--output", "/nonexistent/folder/a.txt"], expect: 1)
        try check(["audit", snap.path + "/images/secrets.json", "--format", "json", "--fail-on", "never"], expect: 65)
        try check(["rules", "list"], expect: 0)
        let plan = snap.root.appendingPathComponent("plan").path
        try check(["redeploy", snap.path, "--out", plan], expect: 65)
        XCTAssertEqual(runs, 31)
        XCTAssertGreaterThan(assertFilesClean(plan), 5, "the plan of svc: plan.json, deploy.py, environment/, v2/")
        let planText = try String(contentsOfFile: plan + "/svc/plan.json", encoding: .utf8)
        XCTAssertTrue(planText.contains("\"password\": \"<redacted>\""), planText)
        XCTAssertEqual(assertFilesClean(reports.path), 12)
        XCTAssertGreaterThan(assertFilesClean(out), 3)
        // The places that held a signature are still reported, with the signature redacted.
        let json = try CLI.run(["audit", snap.path, "--format", "json", "--fail-on", "never"])
        XCTAssertTrue(json.stdout.contains("sig=REDACTED"), json.stdout)
        XCTAssertTrue(json.stderr.contains(#"$[2].version: expected an integer, found string "sig=REDACTED""#), json.stderr)
        XCTAssertTrue(json.stderr.contains(#"$[1].assets[1].url: "https://acct.blob.core.windows.net/x/deps.tar.gz?sv=2019-02-02&sr=b&sig=REDACTED&se=2030-01-01&sp=r" is not an aml://artifact/<origin>/<container>/<path> URL"#), json.stderr)
        // What the registry keeps: the address and the user, never the password.
        let v2 = try String(contentsOfFile: out + "/secret/1/v2/environment.yml", encoding: .utf8)
        XCTAssertTrue(v2.contains("privreg.azurecr.io/base:1"), v2)
    }

    func testPullNeverWritesTheTokenOrTheClientSecret() throws {
        let start = CLI.startEmulator
        let workspace = ["--subscription", "00000000-0000-0000-0000-000000000000", "--resource-group", "rg-ml",
                         "--workspace", "ws-legacy", "--region", "westeurope"]
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("secrets-pull-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }

        // A bearer token, from the environment and from a token file.
        let (tokenEmulator, tokenBase) = try start(["--token", token])
        defer { tokenEmulator.terminate(); tokenEmulator.waitUntilExit() }
        let tokenFile = tmp.appendingPathComponent("token.txt").path
        try Data((token + "\n").utf8).write(to: URL(fileURLWithPath: tokenFile))
        for (name, args, env) in [("env", [String](), ["AZURE_ACCESS_TOKEN": token]), ("file", ["--token-file", tokenFile], [:])] {
            let snapshot = tmp.appendingPathComponent("snap-\(name)").path
            let pull = try CLI.run(["pull", "--out", snapshot, "--endpoint", tokenBase] + args + workspace, env: env)
            XCTAssertEqual(pull.status, 0, pull.stderr)
            assertClean(pull.stdout + pull.stderr, "pull output (\(name))")
            XCTAssertGreaterThan(assertFilesClean(snapshot), 50)
            let audit = try CLI.run(["audit", snapshot, "--format", "json", "--fail-on", "never"])
            assertClean(audit.stdout + audit.stderr, "audit of the pulled snapshot")
            for secret in ["FAKE-REGISTRY-PASSWORD", "FAKESIGNATURE"] { XCTAssertFalse(audit.stdout.contains(secret)) }
        }
        // A wrong token: refused, and the message does not repeat it.
        let wrong = try CLI.run(["pull", "--out", tmp.appendingPathComponent("w").path, "--endpoint", tokenBase] + workspace,
                                env: ["AZURE_ACCESS_TOKEN": "wrong-" + token])
        XCTAssertEqual(wrong.status, 1, wrong.stderr)
        assertClean(wrong.stdout + wrong.stderr, "refused pull")

        // A service principal: the client secret goes to the token endpoint only.
        let (spEmulator, spBase) = try start(["--client-id", "app-1", "--client-secret", clientSecret, "--tenant", "tenant-1"])
        defer { spEmulator.terminate(); spEmulator.waitUntilExit() }
        let principal = ["AZURE_TENANT_ID": "tenant-1", "AZURE_CLIENT_ID": "app-1", "AZURE_CLIENT_SECRET": clientSecret]
        let snapshot = tmp.appendingPathComponent("snap-sp").path
        let pull = try CLI.run(["pull", "--out", snapshot, "--endpoint", spBase] + workspace, env: principal)
        XCTAssertEqual(pull.status, 0, pull.stderr)
        assertClean(pull.stdout + pull.stderr, "pull output (service principal)")
        XCTAssertGreaterThan(assertFilesClean(snapshot), 50)
        var badSecret = principal
        badSecret["AZURE_CLIENT_SECRET"] = clientSecret + "-wrong"
        let refused = try CLI.run(["pull", "--out", tmp.appendingPathComponent("x").path, "--endpoint", spBase] + workspace, env: badSecret)
        XCTAssertEqual(refused.status, 1, refused.stderr)
        assertClean(refused.stdout + refused.stderr, "refused service principal")
        let converted = try CLI.run(["convert", snapshot, "--out", tmp.appendingPathComponent("conv").path])
        XCTAssertEqual(converted.status, 0, converted.stderr)
        assertFilesClean(tmp.appendingPathComponent("conv").path)
    }

    /// A private feed's credentials in a conda file's pip options (`https://user:token@host`):
    /// the resolver is given them, nothing the tool writes or prints holds them.
    func testFeedCredentialsInPipOptionsAreNeverWritten() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-feed-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let snapshot = tmp.appendingPathComponent("snap")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("fixtures/workspace"), to: snapshot)
        let conda = snapshot.appendingPathComponent("artifacts/LocalUpload/11ab5ff3/churn_env.yml")
        let text = try String(contentsOf: conda, encoding: .utf8)
        try text.replacingOccurrences(of: "https://pypi.contoso.example/simple", with: "https://build:\(password)@pypi.contoso.example/simple")
            .write(to: conda, atomically: true, encoding: .utf8)
        let out = tmp.appendingPathComponent("out").path
        let convert = try CLI.run(["convert", snapshot.path, "--out", out, "--image", "churn-scorer:1", "--exclude-newer", "2026-11-01"],
                                  env: ["IMAGE2ENV_RESOLVE": "auto"])
        XCTAssertEqual(convert.status, 0, convert.stderr)
        assertClean(convert.stdout + convert.stderr, "convert output")
        XCTAssertEqual(assertFilesClean(out + "/churn-scorer/1/v1"), 2)
        assertFilesClean(out)
        let v1 = try String(contentsOfFile: out + "/churn-scorer/1/v1/conda_dependencies.yml", encoding: .utf8)
        XCTAssertTrue(v1.contains("--extra-index-url https://build:REDACTED@pypi.contoso.example/simple"), v1)
        for format in ["text", "json", "sarif", "html"] {
            for command in ["audit", "diff"] {
                let result = try CLI.run([command, snapshot.path, "--format", format, "--fail-on", "never", "--exclude-newer", "2026-11-01"],
                                         env: ["IMAGE2ENV_RESOLVE": "auto"])
                XCTAssertEqual(result.status, 0, result.stderr)
                assertClean(result.stdout + result.stderr, "\(command) --format \(format)")
            }
        }
    }
}
