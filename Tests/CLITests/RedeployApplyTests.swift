import Archive
import Foundation
import JSONValue
import WorkspaceEmulator
import XCTest

/// `image2env redeploy --apply` end to end: the real CLI against the workspace emulator on
/// loopback (in this process, so that the tests can read what it received), with faults and
/// killed runs.
final class RedeployApplyTests: XCTestCase {
    static let token = "apply-token-\(UUID().uuidString.prefix(8))"
    let password = "registry-pw-\(UUID().uuidString)"
    let key = "-----BEGIN PRIVATE KEY-----\nsecret-key-\(UUID().uuidString)\n-----END PRIVATE KEY-----\n"
    let workspaceArgs = ["--subscription", "00000000-0000-0000-0000-000000000000", "--resource-group", "rg-ml",
                         "--workspace", "ws-legacy"]

    var scratch: URL!

    override func setUpWithError() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("apply-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        try Data(key.utf8).write(to: scratch.appendingPathComponent("key.pem"))
        try Data("-----BEGIN CERTIFICATE-----\ncert\n-----END CERTIFICATE-----\n".utf8).write(to: scratch.appendingPathComponent("cert.pem"))
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: scratch)
    }

    /// The inputs of the fixture plans and a token.
    var environment: [String: String] {
        ["AZURE_ACCESS_TOKEN": Self.token, "IMAGE2ENV_FRAUD_ACI_REGISTRY_PASSWORD": password,
         "IMAGE2ENV_OCR_ACI_SSL_CERT_FILE": scratch.appendingPathComponent("cert.pem").path,
         "IMAGE2ENV_OCR_ACI_SSL_KEY_FILE": scratch.appendingPathComponent("key.pem").path]
    }

    /// A dry-run plan of the fixtures (of `services` only, when given).
    func plan(_ services: [String] = []) throws -> String {
        let out = scratch.appendingPathComponent("plan").path
        let result = try CLI.run(["redeploy", "fixtures/workspace", "--out", out] + (services.isEmpty ? [] : ["--services"] + services))
        XCTAssertEqual(result.status, 0, result.stderr)
        return out
    }

    func emulator(snapshot: String = "fixtures/workspace", faults: [ScriptedFault] = [], failing: [String] = [],
                  polls: Int = 1) throws -> WorkspaceEmulator {
        try WorkspaceEmulator(configuration: EmulatorConfiguration(
            snapshot: snapshot.hasPrefix("/") ? snapshot : CLI.packageRoot.appendingPathComponent(snapshot).path, token: Self.token, scriptedFaults: faults,
            retryAfterSeconds: 0, operationPollsBeforeDone: polls, failingDeployments: failing))
    }

    func applyArgs(_ out: String, _ base: String, _ extra: [String] = []) -> [String] {
        ["redeploy", "--apply", "--to", "v1", "--yes", "--out", out, "--endpoint", base, "--poll-interval", "0.01"] + workspaceArgs + extra
    }

    /// Runs the CLI off the cooperative pool (the emulator answers on it meanwhile).
    func apply(_ out: String, _ base: String, _ extra: [String] = []) async throws -> CLIResult {
        try await Self.run(applyArgs(out, base, extra), env: environment)
    }

    static func run(_ args: [String], env: [String: String]) async throws -> CLIResult {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try CLI.run(args, env: env) })
            }
        }
    }

    /// Output with operation ids and the base URL made stable.
    func stable(_ text: String, _ base: String) -> String {
        text.replacingOccurrences(of: base, with: "BASE")
            .replacingOccurrences(of: "operation [0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", with: "operation <id>",
                                  options: .regularExpression)
            .replacingOccurrences(of: scratch.path, with: "SCRATCH")
    }

    func json(_ path: String) throws -> JSON {
        try JSONParser.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: path))), file: path)
    }

    /// The POST bodies the emulator received, by service name.
    func posts(_ emulator: WorkspaceEmulator) async -> [String: [JSON]] {
        var out: [String: [JSON]] = [:]
        for entry in await emulator.journal() where entry.method == "POST" && entry.path.hasSuffix("/services") && entry.status == 202 {
            out[entry.body["name"]?.stringValue ?? "", default: []].append(entry.body)
        }
        return out
    }

    /// How many services were posted (and accepted).
    func postCount(_ emulator: WorkspaceEmulator) async -> Int {
        await posts(emulator).values.map(\.count).reduce(0, +)
    }

    /// The plan's body with the inputs filled in, as --apply must send it.
    func expectedBody(_ out: String, service: String) throws -> JSON {
        let plan = try json(out + "/" + service + "/plan.json")
        var text = try PythonJSONWriter.write(try XCTUnwrap(plan["request"]?["body"]), indent: nil)
        for input in plan["inputs"]?.arrayValue ?? [] {
            let value: String
            switch input["kind"]?.stringValue {
            case "secret": value = password
            case "secretFile": value = key
            default: value = "-----BEGIN CERTIFICATE-----\ncert\n-----END CERTIFICATE-----\n"
            }
            let encoded = try PythonJSONWriter.write(.string(value), indent: nil)
            // Each input sits where a "<redacted>" is, in order of the plan's inputs.
            guard let range = text.range(of: "\"<redacted>\"") else { XCTFail("no placeholder for \(input)"); break }
            text.replaceSubrange(range, with: encoded)
        }
        return try JSONParser.parse(Array(text.utf8), file: "expected")
    }

    func testApplyCreatesEveryPlannedServiceWithThePlannedBodyAndARerunCreatesNothing() async throws {
        let out = try plan()
        let emulator = try emulator()
        try await emulator.withRunning { base in
            let first = try await apply(out, base)
            XCTAssertEqual(first.status, 0, first.stderr)
            XCTAssertEqual(first.stderr, "")
            try CLI.assertGolden(stable(first.stdout, base), "redeploy/apply-stdout.txt")

            let posts = await posts(emulator)
            XCTAssertEqual(posts.keys.sorted(), ["churn-aci-env", "churn-aks-prod-env", "fraud-aci-env", "ocr-aci-env", "vision-aks-env"])
            for service in ["churn-aci", "churn-aks-prod", "fraud-aci", "ocr-aci", "vision-aks"] {
                XCTAssertEqual(posts[service + "-env"], [try expectedBody(out, service: service)], service)
                // The assets are uploaded, byte for byte; the tarball holds the plan's source/.
                let plan = try json(out + "/" + service + "/plan.json")
                for asset in plan["assets"]?.arrayValue ?? [] {
                    let url = try XCTUnwrap(asset["url"]?.stringValue)
                    let bytes = await emulator.uploadedArtifact(String(url.dropFirst("aml://artifact/".count)))
                    XCTAssertEqual(bytes.map { $0.count }, asset["size"]?.intValue.map(Int.init), url)
                    if url.hasSuffix(".tar.gz"), let bytes {
                        let members = try TarGz.read(bytes).filter { $0.kind == .file }
                        let files = RedeployCommandTests.files(out + "/" + service + "/source").map { "source/" + $0 }
                        XCTAssertEqual(members.map(\.path), files)
                        for member in members {
                            XCTAssertEqual(member.data, [UInt8](FileManager.default.contents(atPath: out + "/" + service + "/" + member.path) ?? Data()))
                        }
                    }
                }
            }
            let journal = try json(out + "/journal.json")
            for (_, entry) in journal["services"]?.objectValue?.entries ?? [] {
                XCTAssertEqual(entry["state"], .string("succeeded"))
            }

            // Secrets: nowhere in what the tool printed or wrote.
            var texts = [first.stdout, first.stderr]
            for file in RedeployCommandTests.files(out) {
                texts.append(String(decoding: FileManager.default.contents(atPath: out + "/" + file) ?? Data(), as: UTF8.self))
            }
            for text in texts {
                XCTAssertFalse(text.contains(password))
                XCTAssertFalse(text.contains("secret-key-"))
                XCTAssertFalse(text.contains(Self.token))
            }

            let second = try await apply(out, base)
            XCTAssertEqual(second.status, 0, second.stderr)
            XCTAssertEqual(stable(second.stdout, base), """
                Workspace 00000000-0000-0000-0000-000000000000/rg-ml/ws-legacy:
                  continue (created by an earlier run): churn-aci-env from churn-aci
                  continue (created by an earlier run): churn-aks-prod-env from churn-aks-prod
                  continue (created by an earlier run): fraud-aci-env from fraud-aci
                  continue (created by an earlier run): ocr-aci-env from ocr-aci
                  continue (created by an earlier run): vision-aks-env from vision-aks
                churn-aci-env: already created by an earlier run (Healthy)
                churn-aks-prod-env: already created by an earlier run (Healthy)
                fraud-aci-env: already created by an earlier run (Healthy)
                ocr-aci-env: already created by an earlier run (Healthy)
                vision-aks-env: already created by an earlier run (Healthy)
                5 of 5 services in place; journal: SCRATCH/plan/journal.json

                """)
            let count = await postCount(emulator)
            XCTAssertEqual(count, 5, "a rerun posts nothing")
            // The old services were only read.
            let writes = await emulator.requests().filter { $0.method != "GET" && $0.path.contains("/services/") }
            XCTAssertEqual(writes.map(\.path), [])
        }
    }

    func testAFailedCreateIsReportedAndARerunCreatesIt() async throws {
        let out = try plan(["churn-aci", "vision-aks"])
        let emulator = try emulator(faults: [ScriptedFault(pathContains: "/services", method: "POST", count: 1, fault: .status(500))])
        try await emulator.withRunning { base in
            let first = try await apply(out, base)
            XCTAssertEqual(first.status, 1)
            let text = stable(first.stdout, base)
            let refusal = "creating service churn-aci-env: POST BASE/modelmanagement/v1.0/subscriptions/00000000-0000-0000-0000-000000000000/"
                + "resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-legacy/services answered 500 "
                + "Internal Server Error: fault injected by image2env-emulator: 500"
            XCTAssertTrue(text.contains("churn-aci-env: not created: \(refusal)\n"), text)
            XCTAssertTrue(text.contains("vision-aks-env: Succeeded"), text)
            XCTAssertTrue(text.hasSuffix("1 of 2 services in place; journal: SCRATCH/plan/journal.json\n  not created: churn-aci-env: \(refusal)\n"), text)
            let journal = try json(out + "/journal.json")
            XCTAssertEqual(journal["services"]?["churn-aci"]?["state"], .string("pending"))

            let second = try await apply(out, base)
            XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
            let posts = await posts(emulator)
            XCTAssertEqual(posts["churn-aci-env"]?.count, 1, "the refused POST created nothing; the rerun created it once")
            XCTAssertEqual(posts["vision-aks-env"]?.count, 1)
        }
    }

    func testADeploymentThatFailsIsReportedWithTheServiceErrorAndIsReplacedOnlyWithOverwrite() async throws {
        let out = try plan(["churn-aci"])
        let emulator = try emulator(failing: ["churn-aci-env"])
        try await emulator.withRunning { base in
            let first = try await apply(out, base)
            XCTAssertEqual(first.status, 1)
            let error = "DeploymentFailed: Container crashed during startup: the scoring script's init() raised (injected by image2env-emulator)"
            XCTAssertTrue(first.stdout.contains("churn-aci-env: deployment Failed: \(error)\n"), first.stdout)
            XCTAssertTrue(first.stdout.hasSuffix("0 of 1 service in place; journal: \(out)/journal.json\n  failed: churn-aci-env: deployment Failed: \(error)\n"),
                          first.stdout)
            let journal = try json(out + "/journal.json")
            XCTAssertEqual(journal["services"]?["churn-aci"]?["state"], .string("failed"))
            XCTAssertEqual(journal["services"]?["churn-aci"]?["error"], .string("deployment Failed: \(error)"))

            let again = try await apply(out, base)
            XCTAssertEqual(again.status, 1)
            XCTAssertTrue(again.stdout.contains("churn-aci-env: created by an earlier run, but Failed: \(error) "
                                                + "(fix the cause, then rerun with --overwrite to replace it)"), again.stdout)
            var received = await posts(emulator)
            XCTAssertEqual(received["churn-aci-env"]?.count, 1, "no second POST without --overwrite")

            let replaced = try await apply(out, base, ["--overwrite"])
            XCTAssertEqual(replaced.status, 1, "the emulator fails it again")
            received = await posts(emulator)
            XCTAssertEqual(received["churn-aci-env"]?.count, 2)
            XCTAssertEqual(received["churn-aci-env"]?.last?["overwrite"], .bool(true))
        }
    }

    func testAConnectionDroppedAfterThePostIsResolvedByLookingTheServiceUp() async throws {
        let out = try plan(["churn-aks-prod"])
        let emulator = try emulator(faults: [ScriptedFault(pathContains: "/services", method: "POST", count: 1, fault: .dropAfterHandling)])
        try await emulator.withRunning { base in
            let result = try await apply(out, base)
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            XCTAssertTrue(result.stdout.contains("churn-aks-prod-env: the create was not answered, but the service exists; waiting for its deployment\n"),
                          result.stdout)
            XCTAssertTrue(result.stdout.contains("churn-aks-prod-env: Succeeded"), result.stdout)
            let posts = await posts(emulator)
            XCTAssertEqual(posts["churn-aks-prod-env"]?.count, 1)
        }
    }

    /// Starts --apply, waits until the emulator has answered `requests` requests (or the run
    /// ended), then kills it with SIGKILL. Returns whether it was killed.
    func killApply(_ out: String, _ base: String, _ emulator: WorkspaceEmulator, afterRequests requests: Int,
                   args: [String]? = nil) async throws -> Bool {
        let running = try CLI.start(args ?? applyArgs(out, base), env: environment)
        defer { _ = try? running.result() }
        let start = Date()
        while running.process.isRunning {
            if await emulator.requests().count >= requests {
                kill(running.process.processIdentifier, SIGKILL)
                running.process.waitUntilExit()
                return true
            }
            if Date().timeIntervalSince(start) > 60 { XCTFail("the apply run hangs"); break }
            try await Task.sleep(for: .milliseconds(2))
        }
        running.process.waitUntilExit()
        return false
    }

    /// For kill points 1, 2, ...: a fresh copy of the plan `out` (the journal is per folder) and
    /// a fresh emulator, a run of `args(copy, base)` killed after that many requests, then
    /// `check(copy, base, emulator, point)`; until a run ends before its kill point. Returns how
    /// many runs were killed.
    func killedAtEveryPoint(_ out: String, args: (String, String, [String]) -> [String],
                            check: (String, String, WorkspaceEmulator, Int) async throws -> Void) async throws -> Int {
        var killedRuns = 0
        for point in 1... {
            let copy = scratch.appendingPathComponent("kill-\(point)").path
            try FileManager.default.copyItem(atPath: out, toPath: copy)
            let emulator = try emulator(polls: 2)
            let killed = try await emulator.withRunning { base -> Bool in
                let killed = try await killApply(copy, base, emulator, afterRequests: point, args: args(copy, base, []))
                try await check(copy, base, emulator, point)
                return killed
            }
            if !killed { return killedRuns }
            killedRuns += 1
        }
        return killedRuns
    }

    func testKilledBetweenCreateAndPollAndRerunCreatesNoDuplicate() async throws {
        let out = try plan(["churn-aci", "fraud-aci"])
        let emulator = try emulator(polls: 1_000_000)
        try await emulator.withRunning { base in
            let running = try CLI.start(applyArgs(out, base), env: environment)
            let start = Date()
            while await postCount(emulator) == 0, running.process.isRunning, Date().timeIntervalSince(start) < 60 {
                try await Task.sleep(for: .milliseconds(2))
            }
            // Polling has begun (or is about to): kill it mid-deployment.
            try await Task.sleep(for: .milliseconds(50))
            kill(running.process.processIdentifier, SIGKILL)
            running.process.waitUntilExit()
            _ = try running.result()
            XCTAssertEqual(running.process.terminationReason, .uncaughtSignal)
            await emulator.setOperationPollsBeforeDone(1)

            let rerun = try await apply(out, base)
            XCTAssertEqual(rerun.status, 0, rerun.stdout + rerun.stderr)
            XCTAssertTrue(rerun.stdout.contains("continue (created by an earlier run): churn-aci-env from churn-aci"), rerun.stdout)
            XCTAssertTrue(rerun.stdout.contains("churn-aci-env: created by an earlier run; waiting for its deployment"), rerun.stdout)
            let posts = await posts(emulator)
            XCTAssertEqual(posts["churn-aci-env"]?.count, 1)
            XCTAssertEqual(posts["fraud-aci-env"]?.count, 1)
        }
    }

    func testKilledAtAnyPointTheRerunNeitherDuplicatesNorSkips() async throws {
        let out = try plan(["churn-aci", "vision-aks"])
        let killedRuns = try await killedAtEveryPoint(out, args: applyArgs) { out, base, emulator, point in
            let rerun = try await self.apply(out, base)
            XCTAssertEqual(rerun.status, 0, "killed after \(point) requests: " + rerun.stdout + rerun.stderr)
            let posts = await self.posts(emulator)
            XCTAssertEqual(posts["churn-aci-env"]?.count, 1, "killed after \(point) requests")
            XCTAssertEqual(posts["vision-aks-env"]?.count, 1, "killed after \(point) requests")
            let journal = try self.json(out + "/journal.json")
            XCTAssertEqual(journal["services"]?["churn-aci"]?["state"], .string("succeeded"), "killed after \(point) requests")
            XCTAssertEqual(journal["services"]?["vision-aks"]?["state"], .string("succeeded"), "killed after \(point) requests")
        }
        print("redeploy --apply killed at \(killedRuns) points, each rerun completed without a duplicate")
        XCTAssertGreaterThan(killedRuns, 10, "a full run makes more requests than that")
    }

    func testAWorkspaceThatChangedSinceThePlanStopsEverything() async throws {
        let out = try plan()
        let snapshot = scratch.appendingPathComponent("changed").path
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent("fixtures/workspace").path, toPath: snapshot)
        let file = snapshot + "/services/churn-aci.json"
        let text = try String(contentsOfFile: file, encoding: .utf8)
            .replacingOccurrences(of: "\"cpu\": 1.0", with: "\"cpu\": 2.0")
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        try FileManager.default.removeItem(atPath: snapshot + "/services/vision-aks.json")
        let emulator = try emulator(snapshot: snapshot)
        try await emulator.withRunning { base in
            let result = try await apply(out, base)
            XCTAssertEqual(result.status, 1)
            XCTAssertEqual(result.stderr, """
                image2env: error: nothing was created: the checks before --apply failed:
                image2env: error:   churn-aci: changed since the plan: containerResourceRequirements.cpu: 1.0 in the plan, 2.0 now
                image2env: error:   vision-aks: the old service no longer exists in the workspace; make the plan again

                """)
            let count = await postCount(emulator)
            XCTAssertEqual(count, 0)
        }
    }

    func testAnExistingServiceOfTheNewNameIsReplacedOnlyWithOverwriteAndNeverALegacyOne() async throws {
        let out = try plan(["churn-aci", "fraud-aci"])
        let snapshot = scratch.appendingPathComponent("taken").path
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent("fixtures/workspace").path, toPath: snapshot)
        let taken = """
            [{"name": "churn-aci-env", "computeType": "ACI", "state": "Healthy", "environmentImageRequest": {"environment": {}}},
             {"name": "fraud-aci-env", "computeType": "ACI", "state": "Healthy", "imageId": "fraud-custom:3"}]
            """
        try Data(taken.utf8).write(to: URL(fileURLWithPath: snapshot + "/services/zz-taken.json"))
        let emulator = try emulator(snapshot: snapshot)
        try await emulator.withRunning { base in
            let refused = try await apply(out, base)
            XCTAssertEqual(refused.status, 1)
            XCTAssertEqual(refused.stderr, """
                image2env: error: nothing was created: the checks before --apply failed:
                image2env: error:   churn-aci-env: a service of that name already exists (not made by this plan); give --overwrite to replace it, or plan again with another --name-suffix
                image2env: error:   fraud-aci-env: a service of that name runs the legacy image fraud-custom:3; it is never replaced: plan again with another --name-suffix

                """)
            let withOverwrite = try await apply(out, base, ["--overwrite"])
            XCTAssertEqual(withOverwrite.status, 1)
            XCTAssertTrue(withOverwrite.stderr.contains("fraud-aci-env: a service of that name runs the legacy image fraud-custom:3; it is never replaced"))
            XCTAssertFalse(withOverwrite.stderr.contains("churn-aci-env"))
            var count = await postCount(emulator)
            XCTAssertEqual(count, 0)

            let only = try await apply(out, base, ["--overwrite", "--services", "churn-aci"])
            XCTAssertEqual(only.status, 0, only.stdout + only.stderr)
            XCTAssertTrue(only.stdout.contains("  replace (--overwrite): churn-aci-env from churn-aci\n"), only.stdout)
            let posts = await posts(emulator)
            XCTAssertEqual(posts["churn-aci-env"]?.first?["overwrite"], .bool(true))
            count = await postCount(emulator)
            XCTAssertEqual(count, 1)
        }
    }

    func testAnEditedPlanFolderOrAnotherWorkspaceIsRefused() async throws {
        let out = try plan(["churn-aci"])
        let emulator = try emulator()
        try await emulator.withRunning { base in
            let score = out + "/churn-aci/source/score.py"
            let original = try Data(contentsOf: URL(fileURLWithPath: score))
            try Data("print('edited')\n".utf8).write(to: URL(fileURLWithPath: score))
            let edited = try await apply(out, base)
            XCTAssertEqual(edited.status, 65)
            XCTAssertEqual(edited.stderr, "image2env: error: \(out)/churn-aci/source/score.py: changed since the plan was made; --apply deploys "
                           + "only what was reviewed: make the plan again (image2env redeploy), or deploy the edited folder with its deploy.py\n")
            try original.write(to: URL(fileURLWithPath: score))
            try Data().write(to: URL(fileURLWithPath: out + "/churn-aci/source/extra.py"))
            let added = try await apply(out, base)
            XCTAssertEqual(added.status, 65)
            XCTAssertEqual(added.stderr, "image2env: error: \(out)/churn-aci/source/extra.py: not in the plan; --apply deploys only what was reviewed: make the plan again\n")
            try FileManager.default.removeItem(atPath: out + "/churn-aci/source/extra.py")

            let other = try await Self.run(applyArgs(out, base).map { $0 == "ws-legacy" ? "ws-other" : $0 }, env: environment)
            XCTAssertEqual(other.status, 1)
            XCTAssertEqual(other.stderr, "image2env: error: nothing was created: the checks before --apply failed:\n"
                           + "image2env: error:   the plan is for workspace 00000000-0000-0000-0000-000000000000/rg-ml/ws-legacy, not "
                           + "00000000-0000-0000-0000-000000000000/rg-ml/ws-other; check --config and the workspace options\n")

            let missing = try await Self.run(applyArgs(out, base), env: ["AZURE_ACCESS_TOKEN": Self.token])
            XCTAssertEqual(missing.status, 0, "churn-aci needs no input: " + missing.stderr)
            let count = await postCount(emulator)
            XCTAssertEqual(count, 1)
        }
    }
}
