import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import JSONValue
import WorkspaceEmulator
import XCTest

/// `image2env redeploy --apply` to managed online endpoints (`--to v2`, the default) end to
/// end: the real CLI against the emulator's resource manager routes on loopback, with faults
/// and killed runs. Two services with different code and environments (churn-aci: an image and
/// a conda file; ocr-aci: a Docker build context).
extension RedeployApplyTests {
    static let v2Services = ["churn-aci", "ocr-aci"]

    func applyV2Args(_ out: String, _ base: String, _ extra: [String] = []) -> [String] {
        ["redeploy", "--apply", "--yes", "--out", out, "--endpoint", base, "--poll-interval", "0.01"] + workspaceArgs + extra
    }

    func applyV2(_ out: String, _ base: String, _ extra: [String] = []) async throws -> CLIResult {
        try await Self.run(applyV2Args(out, base, extra), env: ["AZURE_ACCESS_TOKEN": Self.token])
    }

    /// plan.json's v2 requests of `service`, by step: (path, body).
    func plannedV2(_ out: String, _ service: String) throws -> [String: (path: String, body: JSON)] {
        let plan = try json(out + "/" + service + "/plan.json")
        var out: [String: (path: String, body: JSON)] = [:]
        for request in plan["v2"]?["requests"]?.arrayValue ?? [] {
            out[request["step"]?.stringValue ?? ""] = (request["path"]?.stringValue ?? "", request["body"] ?? .null)
        }
        XCTAssertEqual(out.keys.sorted(), ["code", "deployment", "endpoint", "environment"], service)
        return out
    }

    /// The `PUT`s the emulator handled with a 2xx answer to exactly `path`.
    func puts(_ emulator: WorkspaceEmulator, _ path: String) async -> [JSON] {
        await emulator.journal().filter { $0.method == "PUT" && $0.path == path && (200..<300).contains($0.status) }.map(\.body)
    }

    /// `body` with the string at `keys` replaced.
    func replacing(_ body: JSON, _ keys: [String], with value: JSON) -> JSON {
        guard let key = keys.first, var object = body.objectValue else { return body }
        object[key] = keys.count == 1 ? value : replacing(object[key] ?? .null, Array(keys.dropFirst()), with: value)
        return .object(object)
    }

    func testV2ApplyCreatesOneOfEachPerServiceWithThePlannedBodiesAndARerunCreatesNothing() async throws {
        let out = try plan(Self.v2Services)
        let emulator = try emulator()
        try await emulator.withRunning { base in
            let first = try await applyV2(out, base)
            XCTAssertEqual(first.status, 0, first.stdout + first.stderr)
            XCTAssertEqual(first.stderr, "")
            try CLI.assertGolden(stable(first.stdout, base), "redeploy/apply-v2-stdout.txt")

            let resources = await emulator.managedResources()
            XCTAssertEqual(resources.keys.filter { $0.hasPrefix("environments/") }.count, 2)
            XCTAssertEqual(resources.keys.filter { $0.hasPrefix("codes/") }.count, 2)
            XCTAssertEqual(resources.keys.filter { $0.hasPrefix("onlineEndpoints/") }.sorted(),
                           ["onlineEndpoints/churn-aci-env", "onlineEndpoints/ocr-aci-env"])
            XCTAssertEqual(resources.keys.filter { $0.hasPrefix("deployments/") }.sorted(),
                           ["deployments/churn-aci-env/blue", "deployments/ocr-aci-env/blue"])
            for service in Self.v2Services {
                let planned = try plannedV2(out, service)
                // Each resource is PUT once, with the planned body (the upload URIs filled in).
                let endpoint = await puts(emulator, planned["endpoint"]?.path ?? "")
                XCTAssertEqual(endpoint, [try XCTUnwrap(planned["endpoint"]?.body)], service)
                let deployment = await puts(emulator, planned["deployment"]?.path ?? "")
                XCTAssertEqual(deployment, [try XCTUnwrap(planned["deployment"]?.body)], service)
                let code = await puts(emulator, planned["code"]?.path ?? "")
                XCTAssertEqual(code.count, 1, service)
                let codeURI = try XCTUnwrap(code.first?["properties"]?["codeUri"]?.stringValue)
                XCTAssertEqual(code, [replacing(try XCTUnwrap(planned["code"]?.body), ["properties", "codeUri"], with: .string(codeURI))])
                let environment = await puts(emulator, planned["environment"]?.path ?? "")
                XCTAssertEqual(environment.count, 1, service)
                var expectedEnvironment = try XCTUnwrap(planned["environment"]?.body)
                if let context = environment.first?["properties"]?["build"]?["contextUri"] {
                    expectedEnvironment = replacing(expectedEnvironment, ["properties", "build", "contextUri"], with: context)
                    // In the default datastore, under the build context's hash (azure-ai-ml's get_object_hash).
                    let hash = try json(out + "/" + service + "/plan.json")["v2"]?["uploads"]?.arrayValue?
                        .first { $0["for"] == .string("environment") }?["hash"]?.stringValue
                    XCTAssertEqual(context.stringValue, "https://image2envemulator0.blob.core.windows.net/azureml-blobstore/LocalUpload/"
                                   + (hash ?? "?") + "/docker/")
                }
                XCTAssertEqual(environment, [expectedEnvironment], service)

                // The code folder is uploaded byte for byte under the code's URI.
                let prefix = String(codeURI.dropFirst("https://".count)) + "/"
                let blobs = await emulator.storedBlobs(below: prefix)
                let files = RedeployCommandTests.files(out + "/" + service + "/v2/code")
                XCTAssertEqual(blobs.keys.map { String($0.dropFirst(prefix.count)) }.sorted(), files, service)
                for file in files {
                    XCTAssertEqual(blobs[prefix + file], [UInt8](FileManager.default.contents(atPath: out + "/" + service + "/v2/code/" + file) ?? Data()))
                }
                // The provisioned state, and no traffic without --traffic.
                let name = service + "-env"
                XCTAssertEqual(resources["onlineEndpoints/" + name]?["properties"]?["provisioningState"], .string("Succeeded"))
                XCTAssertEqual(resources["onlineEndpoints/" + name]?["properties"]?["traffic"], .object(JSONObject()))
                XCTAssertEqual(resources["deployments/\(name)/blue"]?["properties"]?["provisioningState"], .string("Succeeded"))
            }
            let journal = try json(out + "/journal-v2.json")
            for service in Self.v2Services {
                XCTAssertEqual(journal["services"]?[service]?["state"], .string("succeeded"), service)
            }
            // The old services were only read; nothing went over MMS.
            let writes = await emulator.requests().filter { $0.method != "GET" && $0.path.contains("/modelmanagement/") }
            XCTAssertEqual(writes.map(\.path), [])
            // The token: nowhere in what the tool printed or wrote.
            for text in [first.stdout, first.stderr] + RedeployCommandTests.files(out).map({
                String(decoding: FileManager.default.contents(atPath: out + "/" + $0) ?? Data(), as: UTF8.self)
            }) {
                XCTAssertFalse(text.contains(Self.token))
                XCTAssertFalse(text.contains("sig="), "a SAS signature was written")
            }

            let writesBefore = await emulator.journal().count
            let second = try await applyV2(out, base)
            XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
            XCTAssertEqual(stable(second.stdout, base), """
                Workspace 00000000-0000-0000-0000-000000000000/rg-ml/ws-legacy (managed online endpoints):
                  continue (created by an earlier run): endpoint churn-aci-env, deployment blue (Standard_DS1_v2 x1) from churn-aci
                  continue (created by an earlier run): endpoint ocr-aci-env, deployment blue (Standard_DS2_v2 x1) from ocr-aci
                churn-aci-env: already created by an earlier run (endpoint and deployment blue Succeeded)
                ocr-aci-env: already created by an earlier run (endpoint and deployment blue Succeeded)
                2 of 2 services as managed online endpoints; journal: SCRATCH/plan/journal-v2.json

                """)
            let writesAfter = await emulator.journal().count
            XCTAssertEqual(writesAfter, writesBefore, "a rerun sends no PUT, POST or PATCH")
        }
    }

    func testV2ApplyAfterAnEarlierPlanOfTheSameCodeUploadsNothing() async throws {
        // churn-aci and churn-aks-prod deploy the same source: one code version serves both.
        let out = try plan(["churn-aci", "churn-aks-prod"])
        let emulator = try emulator()
        try await emulator.withRunning { base in
            let result = try await applyV2(out, base)
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            XCTAssertTrue(result.stdout.contains("churn-aks-prod-env: code 6d39c440-2c81-d993-032d-2605a97c5b39:1 has this content already; nothing uploaded\n"),
                          result.stdout)
            let resources = await emulator.managedResources()
            XCTAssertEqual(resources.keys.filter { $0.hasPrefix("codes/") }, ["codes/6d39c440-2c81-d993-032d-2605a97c5b39/1"])
            let uploads = await emulator.journal().filter { $0.path.hasPrefix("/storage/") && !$0.path.hasSuffix("/schema.json") }
            XCTAssertEqual(uploads.count, 5, "the source's files uploaded once (schema.json, the indicator, is also confirmed)")
        }
    }

    func testV2TrafficMovesOnlyAfterTheDeploymentSucceeded() async throws {
        let out = try plan(["churn-aci"])
        let emulator = try emulator(polls: 3)
        try await emulator.withRunning { base in
            let result = try await applyV2(out, base, ["--traffic", "100"])
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            XCTAssertTrue(result.stdout.contains("churn-aci-env: deployment blue: Succeeded (https://churn-aci-env.westeurope.inference.ml.azure.com/score)\n"
                                                 + "churn-aci-env: traffic blue=100\n"), result.stdout)
            let planned = try plannedV2(out, "churn-aci")
            let endpointPath = try XCTUnwrap(planned["endpoint"]?.path)
            let journal = await emulator.journal().filter { $0.method == "PUT" && $0.path.contains("/onlineEndpoints/") }
            // The endpoint without traffic, the deployment, then the endpoint with all of it.
            XCTAssertEqual(journal.map(\.path), [endpointPath, endpointPath + "/deployments/blue", endpointPath])
            XCTAssertEqual(journal.map(\.status), [201, 201, 200])
            XCTAssertEqual(journal.last?.body, replacing(try XCTUnwrap(planned["endpoint"]?.body), ["properties", "traffic"],
                                                         with: .object(JSONObject([("blue", .int(100))]))))
            // The deployment had succeeded when the traffic was asked for: its operation was
            // polled to Succeeded before.
            let requests = await emulator.requests()
            let trafficAt = try XCTUnwrap(requests.lastIndex { $0.method == "PUT" && $0.path == endpointPath })
            let deploymentAt = try XCTUnwrap(requests.firstIndex { $0.method == "PUT" && $0.path == endpointPath + "/deployments/blue" })
            let polls = requests[deploymentAt..<trafficAt].filter { $0.path.contains("/mfeOperationsStatus/") }
            XCTAssertEqual(polls.count, 4, "InProgress three times, then Succeeded")
            let resources = await emulator.managedResources()
            XCTAssertEqual(resources["onlineEndpoints/churn-aci-env"]?["properties"]?["traffic"], .object(JSONObject([("blue", .int(100))])))

            let again = try await applyV2(out, base, ["--traffic", "100"])
            XCTAssertEqual(again.status, 0, again.stdout + again.stderr)
            XCTAssertTrue(again.stdout.contains("churn-aci-env: already created by an earlier run"), again.stdout)
            let count = await emulator.journal().filter { $0.method == "PUT" && $0.path == endpointPath }.count
            XCTAssertEqual(count, 2, "the traffic is in place: nothing is sent")
        }
    }

    func testV2ADeploymentEndingFailedIsReportedWithItsLogsAndGetsNoTraffic() async throws {
        let out = try plan(["churn-aci"])
        let emulator = try emulator(failing: ["churn-aci-env"])
        try await emulator.withRunning { base in
            let first = try await applyV2(out, base, ["--traffic", "100"])
            XCTAssertEqual(first.status, 1)
            let error = "ResourceNotReady: User container has crashed or terminated: the scoring script's init() raised "
                + "(injected by image2env-emulator). See the deployment logs."
            XCTAssertTrue(first.stdout.contains("""
                churn-aci-env: deployment blue: Failed: \(error)
                churn-aci-env: the deployment's logs end with:
                """), first.stdout)
            XCTAssertTrue(first.stdout.contains("    RuntimeError: init() raised (injected by image2env-emulator)\n    Worker exiting (pid: 42)\n"),
                          first.stdout)
            XCTAssertTrue(first.stdout.hasSuffix("0 of 1 service as managed online endpoint; journal: \(out)/journal-v2.json\n"
                                                 + "  failed: churn-aci-env: deployment blue Failed: \(error)\n"), first.stdout)
            let getLogs = await emulator.journal().filter { $0.method == "POST" && $0.path.hasSuffix("/deployments/blue/getLogs") }
            XCTAssertEqual(getLogs.map(\.body), [.object(JSONObject([("tail", .int(20))]))])
            let journal = try json(out + "/journal-v2.json")
            XCTAssertEqual(journal["services"]?["churn-aci"]?["state"], .string("failed"))
            let planned = try plannedV2(out, "churn-aci")
            let endpointPuts = await puts(emulator, planned["endpoint"]?.path ?? "")
            XCTAssertEqual(endpointPuts.count, 1, "no traffic for a failed deployment")

            let again = try await applyV2(out, base)
            XCTAssertEqual(again.status, 1)
            XCTAssertTrue(again.stdout.contains("churn-aci-env: created by an earlier run, but deployment blue Failed: \(error)"), again.stdout)
            XCTAssertTrue(again.stdout.contains("(fix the cause, then rerun with --overwrite to replace it)"), again.stdout)
            var deploymentPuts = await puts(emulator, planned["deployment"]?.path ?? "")
            XCTAssertEqual(deploymentPuts.count, 1, "no second PUT without --overwrite")

            let replaced = try await applyV2(out, base, ["--overwrite"])
            XCTAssertEqual(replaced.status, 1, "the emulator fails it again")
            deploymentPuts = await puts(emulator, planned["deployment"]?.path ?? "")
            XCTAssertEqual(deploymentPuts.count, 2)
        }
    }

    func testV2A500OnTheDeploymentPutIsRetriedAfterALookupAndCreatesItOnce() async throws {
        let out = try plan(["churn-aci"])
        let emulator = try emulator(faults: [ScriptedFault(pathContains: "/deployments/blue", method: "PUT", count: 1, fault: .status(500))])
        try await emulator.withRunning { base in
            let result = try await applyV2(out, base)
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            let planned = try plannedV2(out, "churn-aci")
            let path = try XCTUnwrap(planned["deployment"]?.path)
            let requests = await emulator.requests().filter { $0.path == path }
            // The refused PUT, the lookup (nothing there), the PUT again; then the polls.
            XCTAssertEqual(requests.prefix(3).map { "\($0.method) \($0.status)" }, ["PUT 500", "GET 404", "PUT 201"])
            let deploymentPuts = await puts(emulator, path)
            XCTAssertEqual(deploymentPuts.count, 1)
        }
    }

    func testV2ADeploymentPutRefusedEveryTimeEndsWithExit69AndTheRerunCreatesIt() async throws {
        let out = try plan(["churn-aci"])
        let emulator = try emulator(faults: [ScriptedFault(pathContains: "/deployments/blue", method: "PUT", count: 6, fault: .status(500))])
        try await emulator.withRunning { base in
            let first = try await applyV2(out, base)
            XCTAssertEqual(first.status, 69, first.stdout + first.stderr)
            XCTAssertTrue(first.stderr.contains("failed 6 times; last error: HTTP 500 Internal Server Error: fault injected by image2env-emulator: 500. "
                                                + "The resource manager is unreachable or overloaded: rerun --apply to continue"), first.stderr)
            let journal = try json(out + "/journal-v2.json")
            XCTAssertEqual(journal["services"]?["churn-aci"]?["state"], .string("deploymentCreating"))
            let second = try await applyV2(out, base)
            XCTAssertEqual(second.status, 0, second.stdout + second.stderr)
            let planned = try plannedV2(out, "churn-aci")
            let deploymentPuts = await puts(emulator, planned["deployment"]?.path ?? "")
            XCTAssertEqual(deploymentPuts.count, 1)
            let endpointPuts = await puts(emulator, planned["endpoint"]?.path ?? "")
            XCTAssertEqual(endpointPuts.count, 1, "the endpoint made by the first run is not sent again")
        }
    }

    func testV2AConnectionDroppedAfterAPutIsResolvedByLookingTheResourceUp() async throws {
        let out = try plan(["churn-aci"])
        let emulator = try emulator(faults: [
            ScriptedFault(pathContains: "/onlineEndpoints/churn-aci-env", method: "PUT", count: 1, fault: .dropAfterHandling),
            ScriptedFault(pathContains: "/deployments/blue", method: "PUT", count: 1, fault: .dropAfterHandling),
        ])
        try await emulator.withRunning { base in
            let result = try await applyV2(out, base)
            XCTAssertEqual(result.status, 0, result.stdout + result.stderr)
            XCTAssertTrue(result.stdout.contains("churn-aci-env: deployment blue: Succeeded"), result.stdout)
            let planned = try plannedV2(out, "churn-aci")
            for step in ["endpoint", "deployment"] {
                let sent = await puts(emulator, planned[step]?.path ?? "")
                XCTAssertEqual(sent.count, 1, "\(step): the dropped PUT took effect and was not sent again")
            }
        }
    }

    func testV2KilledAfterEveryRequestTheRerunNeitherDuplicatesNorSkips() async throws {
        let out = try plan(Self.v2Services)
        let killedRuns = try await killedAtEveryPoint(out, args: applyV2Args) { copy, base, emulator, point in
            let rerun = try await self.applyV2(copy, base)
            XCTAssertEqual(rerun.status, 0, "killed after \(point) requests: " + rerun.stdout + rerun.stderr)
            let journal = try self.json(copy + "/journal-v2.json")
            let resources = await emulator.managedResources()
            XCTAssertEqual(resources.keys.filter { $0.hasPrefix("codes/") }.count, 2, "killed after \(point) requests")
            XCTAssertEqual(resources.keys.filter { $0.hasPrefix("environments/") }.count, 2, "killed after \(point) requests")
            for service in Self.v2Services {
                XCTAssertEqual(journal["services"]?[service]?["state"], .string("succeeded"), "killed after \(point) requests")
                let planned = try self.plannedV2(copy, service)
                for step in ["endpoint", "deployment"] {
                    let sent = await self.puts(emulator, planned[step]?.path ?? "")
                    XCTAssertEqual(sent.count, 1, "\(service) \(step), killed after \(point) requests")
                }
                XCTAssertEqual(resources["deployments/\(service)-env/blue"]?["properties"]?["provisioningState"], .string("Succeeded"))
            }
        }
        print("redeploy --apply --to v2 killed at \(killedRuns) points, each rerun completed without a duplicate")
        XCTAssertGreaterThan(killedRuns, 20, "a full run makes more requests than that")
    }

    func testV2AnEndpointOfTheNameNotMadeByThePlanStopsEverythingUnlessOverwrite() async throws {
        let out = try plan(Self.v2Services)
        let emulator = try emulator()
        try await emulator.withRunning { base in
            let planned = try plannedV2(out, "ocr-aci")
            let path = try XCTUnwrap(planned["endpoint"]?.path)
            var request = URLRequest(url: try XCTUnwrap(URL(string: base + path + "?api-version=2025-12-01")))
            request.httpMethod = "PUT"
            request.setValue("Bearer " + Self.token, forHTTPHeaderField: "Authorization")
            request.httpBody = Data(#"{"location": "westeurope", "properties": {"authMode": "Key"}}"#.utf8)
            let (_, response) = try await URLSession.shared.data(for: request)
            XCTAssertEqual((response as? HTTPURLResponse)?.statusCode, 201)

            let refused = try await applyV2(out, base)
            XCTAssertEqual(refused.status, 1)
            XCTAssertEqual(refused.stderr, """
                image2env: error: nothing was created: the checks before --apply failed:
                image2env: error:   ocr-aci-env: an online endpoint of that name already exists (not made by this plan); give --overwrite to update it, or plan again with another --name-suffix

                """)
            let created = await emulator.journal().filter { $0.method != "GET" && $0.path != path }
            XCTAssertEqual(created.count, 0, "nothing was created, not even for churn-aci")

            let overwritten = try await applyV2(out, base, ["--overwrite"])
            XCTAssertEqual(overwritten.status, 0, overwritten.stdout + overwritten.stderr)
            XCTAssertTrue(overwritten.stdout.contains("  update (--overwrite): endpoint ocr-aci-env, deployment blue"), overwritten.stdout)
            let sent = await puts(emulator, path)
            XCTAssertEqual(sent.last, planned["endpoint"]?.body)
        }
    }
}
