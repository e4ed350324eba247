import Foundation
import JSONValue
import XCTest

/// `image2env redeploy` (dry run) end to end over the bundled fixtures: golden plan files,
/// the services not carried and why, exit codes.
final class RedeployCommandTests: XCTestCase {
    func temporaryFolder() throws -> URL {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("redeploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(at: tmp) }
        return tmp
    }

    /// Every file of a folder, relative, sorted.
    static func files(_ folder: String) -> [String] {
        (FileManager.default.enumerator(atPath: folder)?.compactMap { $0 as? String } ?? [])
            .filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: folder + "/" + $0, isDirectory: &d) && !d.boolValue }
            .sorted()
    }

    func testPlanOfTheFixturesMatchesTheGoldenFiles() throws {
        let out = try temporaryFolder().appendingPathComponent("plan").path
        let result = try CLI.run(["redeploy", "fixtures/workspace", "--out", out] + CLI.solve)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stderr, "")
        try CLI.assertGolden(result.stdout.replacingOccurrences(of: out, with: "OUT"), "redeploy/stdout.txt")

        let listing = Self.files(out)
        try CLI.assertGolden(listing.joined(separator: "\n") + "\n", "redeploy/files.txt")
        for file in listing where !file.contains("/source/") && !file.contains("/environment/") {
            let text = try String(contentsOfFile: out + "/" + file, encoding: .utf8)
            try CLI.assertGolden(text, "redeploy/" + file)
        }
        // The v1 Environment and the sources are exactly what `convert` writes for the image.
        let converted = try temporaryFolder().appendingPathComponent("converted").path
        let resolving = ["IMAGE2ENV_RESOLVE": "auto"]
        XCTAssertEqual(try CLI.run(["convert", "fixtures/workspace", "--out", converted, "--image", "churn-scorer:2", "--exclude-newer", "2026-11-01"],
                                   env: resolving).status, 0)
        for file in Self.files(converted + "/churn-scorer/2/v1") {
            XCTAssertEqual(FileManager.default.contents(atPath: converted + "/churn-scorer/2/v1/" + file),
                           FileManager.default.contents(atPath: out + "/churn-aci/environment/" + file), file)
        }
        XCTAssertEqual(Self.files(converted + "/churn-scorer/2/source"), Self.files(out + "/churn-aks-prod/source"))

        // The same input gives the same bytes.
        let again = try temporaryFolder().appendingPathComponent("plan").path
        XCTAssertEqual(try CLI.run(["redeploy", "fixtures/workspace", "--out", again] + CLI.solve).status, 0)
        for file in listing {
            XCTAssertEqual(FileManager.default.contents(atPath: out + "/" + file), FileManager.default.contents(atPath: again + "/" + file), file)
        }
        // No secret of the fixtures anywhere.
        for file in listing {
            let data = FileManager.default.contents(atPath: out + "/" + file) ?? Data()
            for secret in ["FAKE-REGISTRY-PASSWORD-1234", "FAKESIGNATURE"] {
                XCTAssertNil(data.range(of: Data(secret.utf8)), "\(secret) in \(file)")
            }
        }
    }

    func testServicesAndSuffixOptions() throws {
        let out = try temporaryFolder().appendingPathComponent("plan").path
        let result = try CLI.run(["redeploy", "fixtures/workspace", "--out", out, "--services", "churn-aci", "vision-aks",
                                  "--name-suffix", "-v2"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout.replacingOccurrences(of: out, with: "OUT"), """
            Planned 2 services in OUT (dry run: nothing was deployed)
              churn-aci   ACI  churn-scorer:2 -> churn-aci-v2
              vision-aks  AKS  resnet-cuda100:1 -> vision-aks-v2
            Review OUT/README.md, then: image2env redeploy --apply --out OUT (managed online endpoints; --to v1 recreates ACI/AKS webservices, as each deploy.py does)

            """)
        let deploy = try String(contentsOfFile: out + "/churn-aci/deploy.py", encoding: .utf8)
        XCTAssertTrue(deploy.contains("dns_name_label=\"churn-aci-5b1e-v2\","), deploy)
        XCTAssertTrue(deploy.contains("service = Model.deploy(ws, \"churn-aci-v2\", models, inference_config, deployment_config)"))
    }

    func testUsageErrors() throws {
        let out = try temporaryFolder().appendingPathComponent("plan").path
        let unknown = try CLI.run(["redeploy", "fixtures/workspace", "--out", out, "--services", "nope"])
        XCTAssertEqual(unknown.status, 64)
        XCTAssertEqual(unknown.stderr, "image2env: error: --services nope: no such webservice in fixtures/workspace (known: churn-aci, "
                       + "churn-aks-prod, edge-anomaly-iot, fraud-aci, ocr-aci, vision-aks)\n")
        XCTAssertFalse(FileManager.default.fileExists(atPath: out))

        let empty = try CLI.run(["redeploy", "fixtures/workspace", "--out", out, "--name-suffix", ""])
        XCTAssertEqual(empty.status, 64)
        XCTAssertTrue(empty.stderr.contains("--name-suffix must not be empty: the new service must not take the old one's name"), empty.stderr)

        let yes = try CLI.run(["redeploy", "fixtures/workspace", "--out", out, "--yes"])
        XCTAssertEqual(yes.status, 64)
        XCTAssertTrue(yes.stderr.contains("--yes, --overwrite, --to and --traffic only go with --apply"), yes.stderr)
        let to = try CLI.run(["redeploy", "fixtures/workspace", "--out", out, "--to", "v2"])
        XCTAssertEqual(to.status, 64)
        XCTAssertTrue(to.stderr.contains("--yes, --overwrite, --to and --traffic only go with --apply"), to.stderr)
        let half = try CLI.run(["redeploy", "--out", out, "--apply", "--yes", "--traffic", "50"])
        XCTAssertEqual(half.status, 64)
        XCTAssertTrue(half.stderr.contains("--traffic 50: the new endpoint holds one deployment, so it gets all of the traffic or none: give 100 or 0"),
                      half.stderr)
        let v1Traffic = try CLI.run(["redeploy", "--out", out, "--apply", "--yes", "--to", "v1", "--traffic", "100"])
        XCTAssertEqual(v1Traffic.status, 64)
        XCTAssertTrue(v1Traffic.stderr.contains("--traffic goes with --to v2 (a v1 webservice takes all of its traffic)"), v1Traffic.stderr)
        let badTarget = try CLI.run(["redeploy", "--out", out, "--apply", "--yes", "--to", "v3"])
        XCTAssertEqual(badTarget.status, 64)

        XCTAssertEqual(try CLI.run(["redeploy", "fixtures/workspace", "--out", out]).status, 0)
        let again = try CLI.run(["redeploy", "fixtures/workspace", "--out", out])
        XCTAssertEqual(again.status, 64)
        XCTAssertEqual(again.stderr, "image2env: error: \(out): folder is not empty; use --force to replace its content\n")
        XCTAssertEqual(try CLI.run(["redeploy", "fixtures/workspace", "--out", out, "--force"]).status, 0)

        let withSource = try CLI.run(["redeploy", "fixtures/workspace", "--out", out, "--apply", "--yes"])
        XCTAssertEqual(withSource.status, 64)
        XCTAssertTrue(withSource.stderr.hasPrefix("image2env: error: --apply creates the services of the plan in --out, from the live workspace: leave out SOURCE"),
                      withSource.stderr)

        let ci = try CLI.run(["redeploy", "--out", out, "--apply", "--endpoint", "http://127.0.0.1:9"], env: ["CI": "true"])
        XCTAssertEqual(ci.status, 64)
        XCTAssertEqual(ci.stderr, "image2env: error: --apply needs --yes when there is no terminal to confirm on (CI=true)\n")
    }
}

extension RedeployCommandTests {
    func testV2SettingsOutsideWhatManagedEndpointsAllowAreClampedEachWithANote() throws {
        let root = try temporaryFolder().appendingPathComponent("snap").path
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent("fixtures/workspace").path, toPath: root)
        let file = root + "/services/churn-aks-prod.json"
        var text = try String(contentsOfFile: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "\"scoringTimeoutMs\": 60000", with: "\"scoringTimeoutMs\": 300000")
            .replacingOccurrences(of: "\"successThreshold\": 1", with: "\"successThreshold\": 3")
        try Data(text.utf8).write(to: URL(fileURLWithPath: file))
        let out = try temporaryFolder().appendingPathComponent("plan").path
        let result = try CLI.run(["redeploy", root, "--out", out, "--services", "churn-aks-prod"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let plan = try JSONParser.parse([UInt8](try Data(contentsOf: URL(fileURLWithPath: out + "/churn-aks-prod/plan.json"))), file: "plan.json")
        let clamps = try PythonJSONWriter.write(try XCTUnwrap(plan["v2"]?["clamps"]), indent: nil)
        XCTAssertEqual(clamps, #"[{"setting": "request_settings.request_timeout_ms", "from": 300000, "to": 180000, "#
                       + #""limit": "managed online endpoints allow 1 to 180000 ms"}, {"setting": "liveness_probe.success_threshold", "#
                       + #""from": 3, "to": 1, "limit": "a liveness probe's success_threshold is 1 on managed online endpoints"}]"#)
        let notes = plan["v2"]?["notes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        XCTAssertTrue(notes.contains("request_settings.request_timeout_ms was 300000 on the old service; managed online endpoints allow 1 to 180000 ms: it is 180000."), "\(notes)")
        XCTAssertTrue(notes.contains("liveness_probe.success_threshold was 3 on the old service; a liveness probe's success_threshold is 1 on managed online endpoints: it is 1."), "\(notes)")
        let deployment = try String(contentsOfFile: out + "/churn-aks-prod/v2/deployment.yml", encoding: .utf8)
        XCTAssertTrue(deployment.contains("  request_timeout_ms: 180000\n"), deployment)
        XCTAssertTrue(deployment.contains("  success_threshold: 1\n"), deployment)
        let body = plan["v2"]?["requests"]?.arrayValue?.first { $0["step"] == .string("deployment") }?["body"]
        XCTAssertEqual(body?["properties"]?["requestSettings"]?["requestTimeout"], .string("PT3M"))
        XCTAssertEqual(body?["properties"]?["livenessProbe"]?["successThreshold"], .int(1))
        // The settings recorded for --apply's checks stay the old service's own.
        XCTAssertEqual(plan["settings"]?["scoringTimeoutMs"], .int(300000))
        let readme = try String(contentsOfFile: out + "/README.md", encoding: .utf8)
        XCTAssertTrue(readme.contains("request_settings.request_timeout_ms was 300000 on the old service"), readme)
    }

    /// A copy of the fixtures with more services: every reason a service is not carried.
    func snapshotWithMoreServices() throws -> String {
        let root = try temporaryFolder().appendingPathComponent("snap").path
        try FileManager.default.copyItem(atPath: CLI.packageRoot.appendingPathComponent("fixtures/workspace").path, toPath: root)
        let aci = #""computeType": "ACI", "containerResourceRequirements": {"cpu": 0.5, "memoryInGB": 1.0}, "location": "westeurope""#
        let extra = """
            [
            {"name": "mir-svc", "computeType": "MIR", "imageId": "churn-scorer:2"},
            {"name": "aks-endpoint", "computeType": "AKSENDPOINT", "imageId": "churn-scorer:2"},
            {"name": "k8s-svc", "computeType": "K8S", "imageId": "churn-scorer:2"},
            {"name": "no-compute", "imageId": "churn-scorer:2"},
            {"name": "env-svc", "computeType": "ACI", "environmentImageRequest": {"environment": {}}},
            {"name": "gone-image", \(aci), "imageId": "deleted-image:9"},
            {"name": "a-very-long-service-name-for-aci", \(aci), "imageId": "churn-scorer:2"},
            {"name": "churn", \(aci), "imageId": "churn-scorer:2"},
            {"name": "churn-env", \(aci), "imageId": "churn-scorer:1"},
            {"name": "bad-cpu", "computeType": "ACI", "containerResourceRequirements": {"cpu": "one"}, "imageId": "churn-scorer:2"},
            {"name": "manual-svc", \(aci), "imageId": "legacy-noflavor:1"}
            ]
            """
        try Data(extra.utf8).write(to: URL(fileURLWithPath: root + "/services/zz-extra.json"))
        return root
    }

    func testEveryReasonAServiceIsNotCarried() throws {
        let snapshot = try snapshotWithMoreServices()
        let out = try temporaryFolder().appendingPathComponent("plan").path
        let result = try CLI.run(["redeploy", snapshot, "--out", out])
        XCTAssertEqual(result.status, 65, "bad-cpu is a data error: \(result.stderr)")
        XCTAssertEqual(result.stderr, "image2env: error: \(snapshot)/services/zz-extra.json: $[9].containerResourceRequirements.cpu: "
                       + "expected a number, found string; service bad-cpu is not recreated\n")
        try CLI.assertGolden(result.stdout.replacingOccurrences(of: out, with: "OUT"), "redeploy/skipped-stdout.txt")
        let index = try String(contentsOfFile: out + "/redeploy.json", encoding: .utf8)
        XCTAssertTrue(index.contains(#""reason": "its settings cannot be carried: $.containerResourceRequirements.cpu: expected a number, found string""#), index)
    }
}
