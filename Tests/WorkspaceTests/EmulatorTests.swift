import AsyncHTTPClient
import Foundation
import JSONValue
import WorkspaceEmulator
import XCTest

/// The emulator's routes, spoken to directly.
final class EmulatorTests: XCTestCase {
    struct Answer {
        var status: Int
        var headers: [String: String]
        var json: JSON?
        var text: String
    }

    private func send(_ http: HTTPClient, _ method: String, _ url: String, token: String? = TestSupport.token,
                      body: String? = nil, contentType: String = "application/json") async throws -> Answer {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        if let token { request.headers.add(name: "Authorization", value: "Bearer " + token) }
        if let body {
            request.body = .bytes(Array(body.utf8))
            request.headers.add(name: "Content-Type", value: contentType)
        }
        let response = try await http.execute(request, timeout: .seconds(10))
        var bytes: [UInt8] = []
        for try await chunk in response.body { bytes.append(contentsOf: chunk.readableBytesView) }
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), headers: headers,
                      json: try? JSONParser.parse(bytes, file: url), text: String(decoding: bytes, as: UTF8.self))
    }

    private let workspacePath = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/"
        + "Microsoft.MachineLearningServices/workspaces/ws-legacy"

    func testRoutesPagingAndAuthentication() async throws {
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration(pageSize: 5))
        XCTAssertEqual(emulator.workspaceName, "ws-legacy")
        XCTAssertEqual(emulator.region, "westeurope")
        try await emulator.withRunning { base in
            XCTAssertTrue(base.hasPrefix("http://127.0.0.1:"), base)
            let mms = base + "/modelmanagement/v1.0" + workspacePath
            try await HTTPClient.withHTTPClient { http in
                let noToken = try await send(http, "GET", mms + "/images?expand=true", token: nil)
                XCTAssertEqual(noToken.status, 401)
                XCTAssertEqual(noToken.json?["code"], .string("Unauthorized"))
                let wrongToken = try await send(http, "GET", mms + "/images?expand=true", token: "nope")
                XCTAssertEqual(wrongToken.status, 401)

                let otherWorkspace = try await send(http, "GET", mms.replacingOccurrences(of: "ws-legacy", with: "ws-other") + "/images")
                XCTAssertEqual(otherWorkspace.status, 404)

                let first = try await send(http, "GET", mms + "/images?expand=true&tags=team")
                XCTAssertEqual(first.status, 200)
                XCTAssertEqual(first.json?["value"]?.arrayValue?.count, 5)
                guard let next = first.json?["nextLink"]?.stringValue else { return XCTFail("expected a nextLink") }
                XCTAssertTrue(next.hasPrefix(mms + "/images?"), next)
                XCTAssertTrue(next.contains("tags=team"), next)
                let second = try await send(http, "GET", next)
                XCTAssertEqual(second.json?["value"]?.arrayValue?.count, 1, "6 images have a team tag")
                XCTAssertNil(second.json?["nextLink"])

                let one = try await send(http, "GET", mms + "/images/churn-scorer:2")
                XCTAssertEqual(one.json?["id"], .string("churn-scorer:2"))
                let answer1 = try await send(http, "GET", mms + "/images/nope:1")
                XCTAssertEqual(answer1.status, 404)
                let answer2 = try await send(http, "GET", mms + "/models/churn-model:4")
                XCTAssertEqual(answer2.json?["id"], .string("churn-model:4"))
                let aci = try await send(http, "GET", mms + "/services?computeType=aci")
                XCTAssertEqual(aci.json?["value"]?.arrayValue?.count, 3)
                let byImage = try await send(http, "GET", mms + "/services?imageId=churn-scorer:2")
                XCTAssertEqual(byImage.json?["value"]?.arrayValue?.compactMap { $0["name"]?.stringValue }.sorted(),
                               ["churn-aci", "churn-aks-prod"])
                let answer3 = try await send(http, "GET", mms + "/services/fraud-aci")
                XCTAssertEqual(answer3.json?["name"], .string("fraud-aci"))
            }
        }
    }

    func testArtifactContentInfoAndSignedBlobs() async throws {
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration())
        try await emulator.withRunning { base in
            let info = base + "/artifact/v2.0" + workspacePath + "/artifacts/contentinfo/LocalUpload/48dd8706/ocr_env.yml"
            try await HTTPClient.withHTTPClient { http in
                let answer4 = try await send(http, "GET", info, token: nil)
                XCTAssertEqual(answer4.status, 401)
                let answer = try await send(http, "GET", info)
                XCTAssertEqual(answer.status, 200)
                XCTAssertEqual(answer.json?["origin"], .string("LocalUpload"))
                XCTAssertEqual(answer.json?["container"], .string("48dd8706"))
                XCTAssertEqual(answer.json?["path"], .string("ocr_env.yml"))
                guard let uri = answer.json?["contentUri"]?.stringValue else { return XCTFail("no contentUri") }
                XCTAssertTrue(uri.hasPrefix(base + "/blob/LocalUpload/48dd8706/ocr_env.yml?sv=2019-02-02&sr=b&sig="), uri)
                let blob = try await send(http, "GET", uri, token: nil)
                XCTAssertEqual(blob.status, 200)
                XCTAssertEqual(Array(blob.text.utf8),
                               TestSupport.bytes(TestSupport.fixture + "/artifacts/LocalUpload/48dd8706/ocr_env.yml"))
                // The SAS URL alone: a bearer token alongside it is refused, a forged signature too.
                let answer5 = try await send(http, "GET", uri)
                XCTAssertEqual(answer5.status, 400)
                let forged = uri.replacingOccurrences(of: "sig=", with: "sig=x")
                let answer6 = try await send(http, "GET", forged, token: nil)
                XCTAssertEqual(answer6.status, 403)
                let elsewhere = uri.replacingOccurrences(of: "ocr_env.yml", with: "other.yml")
                let answer7 = try await send(http, "GET", elsewhere, token: nil)
                XCTAssertEqual(answer7.status, 403)
                let answer8 = try await send(http, "GET", info.replacingOccurrences(of: "ocr_env", with: "nope"))
                XCTAssertEqual(answer8.status, 404)
                let answer9 = try await send(http, "GET", info.replacingOccurrences(of: "48dd8706", with: ".."))
                XCTAssertEqual(answer9.status, 400)
            }
        }
    }

    func testCreateServiceOperationAndJournal() async throws {
        let tmp = try TestSupport.temporaryFolder(self)
        var configuration = TestSupport.emulatorConfiguration()
        configuration.journalFile = tmp + "/journal.json"
        let emulator = try WorkspaceEmulator(configuration: configuration)
        let body = #"{"name": "churn-env", "computeType": "ACI", "environmentImageRequest": {"driverProgram": "tmp6amji9ua.py", "#
            + #""assets": [{"id": "tmp6amji9ua.py", "url": "aml://artifact/LocalUpload/f79d107e/tmp6amji9ua.py"}], "environment": {"name": "e"}}}"#
        try await emulator.withRunning { base in
            let mms = base + "/modelmanagement/v1.0" + workspacePath
            try await HTTPClient.withHTTPClient { http in
                let created = try await send(http, "POST", mms + "/services", body: body)
                XCTAssertEqual(created.status, 202)
                guard let location = created.headers["operation-location"] else { return XCTFail("no Operation-Location") }
                XCTAssertTrue(location.hasPrefix(mms + "/operations/"), location)
                let answer10 = try await send(http, "GET", location)
                XCTAssertEqual(answer10.json?["state"], .string("Running"))
                let listed = try await send(http, "GET", mms + "/services/churn-env")
                XCTAssertEqual(listed.json?["state"], .string("Transitioning"))
                let done = try await send(http, "GET", location)
                XCTAssertEqual(done.json?["state"], .string("Succeeded"))
                XCTAssertEqual(done.json?["resourceLocation"]?.stringValue?.hasSuffix("/services/churn-env"), true)
                let all = try await send(http, "GET", mms + "/services")
                XCTAssertTrue(all.json?["value"]?.arrayValue?.contains { $0["name"] == .string("churn-env")
                    && $0["state"] == .string("Healthy") } ?? false)
                let second = try await send(http, "POST", mms + "/services", body: #"{"name": "other-env", "computeType": "ACI"}"#)
                XCTAssertEqual(second.status, 202)
                let answer11 = try await send(http, "POST", mms + "/services", body: body)
                XCTAssertEqual(answer11.status, 409)
                XCTAssertEqual(answer11.json?["message"], .string("a service named churn-env already exists in workspace ws-legacy"))
                let noCompute = try await send(http, "POST", mms + "/services", body: #"{"name": "x-env"}"#)
                XCTAssertEqual(noCompute.json?["message"], .string("computeType must be one of ACI, AKS, AKSENDPOINT, MIR"))
                let noCluster = try await send(http, "POST", mms + "/services", body: #"{"name": "x-env", "computeType": "AKS"}"#)
                XCTAssertEqual(noCluster.json?["message"], .string("an AKS service needs \"computeName\" (the cluster)"))
                let missingAsset = try await send(http, "POST", mms + "/services", body: body.replacingOccurrences(of: "churn-env", with: "y-env")
                    .replacingOccurrences(of: "f79d107e", with: "00000000"))
                XCTAssertEqual(missingAsset.status, 400)
                XCTAssertEqual(missingAsset.json?["message"],
                               .string("asset tmp6amji9ua.py (aml://artifact/LocalUpload/00000000/tmp6amji9ua.py) does not exist or was never uploaded"))
                let answer12 = try await send(http, "POST", mms + "/services", body: "{")
                XCTAssertEqual(answer12.status, 400)
                let answer13 = try await send(http, "POST", mms + "/services", token: nil, body: body)
                XCTAssertEqual(answer13.status, 401)
            }
        }
        let journal = await emulator.journal()
        // Every POST is journaled with the status it got; the file has {method, path, body}.
        XCTAssertEqual(journal.map(\.status), [202, 202, 409, 400, 400, 400, 400, 401])
        XCTAssertEqual(journal.filter { $0.status == 202 }.compactMap { $0.body["name"]?.stringValue }, ["churn-env", "other-env"])
        XCTAssertEqual(journal.first?.body, try JSONParser.parse(Array(body.utf8), file: "body"))
        let file = try JSONParser.parse(TestSupport.bytes(tmp + "/journal.json"), file: "journal")
        XCTAssertEqual(file.arrayValue?.compactMap { $0["body"]?["name"]?.stringValue },
                       ["churn-env", "other-env", "churn-env", "x-env", "x-env", "y-env", "churn-env"])
        XCTAssertEqual(file.arrayValue?.first?.objectValue?.keys, ["method", "path", "body"])
        XCTAssertEqual(file.arrayValue?.first?["path"], .string("/modelmanagement/v1.0" + workspacePath + "/services"))
    }

    func testResourceManagerRoutesOfManagedOnlineEndpoints() async throws {
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration())
        try await emulator.withRunning { base in
            let arm = base + workspacePath
            let v = "?api-version=2025-12-01"
            try await HTTPClient.withHTTPClient { http in
                // A bearer token and an api-version on every route.
                let noToken = try await send(http, "GET", arm + "/onlineEndpoints/ep1" + v, token: nil)
                XCTAssertEqual(noToken.status, 401)
                let noVersion = try await send(http, "GET", arm + "/onlineEndpoints/ep1")
                XCTAssertEqual(noVersion.status, 400)
                XCTAssertEqual(noVersion.json?["error"]?["code"], .string("MissingApiVersionParameter"))
                let answer1 = try await send(http, "GET", arm + "/onlineEndpoints/ep1" + v)
                XCTAssertEqual(answer1.status, 404)

                // Environment versions are immutable.
                let image = #"{"properties": {"image": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04", "isAnonymous": true}}"#
                let answer2 = try await send(http, "PUT", arm + "/environments/E/versions/1" + v, body: image)
                XCTAssertEqual(answer2.status, 201)
                let answer3 = try await send(http, "PUT", arm + "/environments/E/versions/1" + v, body: image)
                XCTAssertEqual(answer3.status, 200)
                let other = try await send(http, "PUT", arm + "/environments/E/versions/1" + v, body: image.replacingOccurrences(of: "22.04", with: "20.04"))
                XCTAssertEqual(other.status, 409)

                // A code version needs uploaded blobs: startPendingUpload, a PUT with the SAS alone, then the version.
                let pending = try await send(http, "POST", arm + "/codes/c/versions/1/startPendingUpload" + v,
                                             body: #"{"pendingUploadType": "TemporaryBlobReference"}"#)
                let blobURI = try XCTUnwrap(pending.json?["blobReferenceForConsumption"]?["blobUri"]?.stringValue)
                let sas = try XCTUnwrap(pending.json?["blobReferenceForConsumption"]?["credential"]?["sasUri"]?.stringValue)
                let code = #"{"properties": {"codeUri": "\#(blobURI)/src", "isAnonymous": true}}"#
                let answer4 = try await send(http, "PUT", arm + "/codes/c/versions/1" + v, body: code)
                XCTAssertEqual(answer4.status, 400, "nothing uploaded yet")
                let query = String(sas.split(separator: "?")[1])
                let blob = base + "/storage/" + blobURI.dropFirst("https://".count) + "/src/score.py?" + query
                var put = HTTPClientRequest(url: blob)
                put.method = .PUT
                put.headers.add(name: "x-ms-blob-type", value: "BlockBlob")
                put.body = .bytes(Array("def init(): pass\n".utf8))
                let answer5 = try await http.execute(put, timeout: .seconds(10))
                XCTAssertEqual(answer5.status.code, 201)
                let answer6 = try await send(http, "PUT", blob, body: "x")
                XCTAssertEqual(answer6.status, 400, "a SAS URL with a bearer token is refused")
                let answer7 = try await send(http, "PUT", arm + "/codes/c/versions/1" + v, body: code)
                XCTAssertEqual(answer7.status, 201)

                // An endpoint: 201 with Azure-AsyncOperation and Location, Creating until the operation ends.
                let endpoint = try await send(http, "PUT", arm + "/onlineEndpoints/ep1" + v,
                                              body: #"{"location": "westeurope", "properties": {"authMode": "Key", "traffic": {}}}"#)
                XCTAssertEqual(endpoint.status, 201)
                XCTAssertEqual(endpoint.json?["properties"]?["provisioningState"], .string("Creating"))
                let operation = try XCTUnwrap(endpoint.headers["azure-asyncoperation"])
                XCTAssertTrue(operation.hasPrefix(base + "/subscriptions/00000000-0000-0000-0000-000000000000/providers/"
                                                  + "Microsoft.MachineLearningServices/locations/westeurope/mfeOperationsStatus/"), operation)
                XCTAssertNotNil(endpoint.headers["location"])
                let answer8 = try await send(http, "GET", operation)
                XCTAssertEqual(answer8.json?["status"], .string("InProgress"))
                let answer9 = try await send(http, "GET", operation)
                XCTAssertEqual(answer9.json?["status"], .string("Succeeded"))
                let answer10 = try await send(http, "GET", arm + "/onlineEndpoints/ep1" + v)
                XCTAssertEqual(answer10.json?["properties"]?["provisioningState"],
                               .string("Succeeded"))
                // Traffic only to a deployment that succeeded.
                let traffic = try await send(http, "PUT", arm + "/onlineEndpoints/ep1" + v,
                                             body: #"{"location": "westeurope", "properties": {"authMode": "Key", "traffic": {"blue": 100}}}"#)
                XCTAssertEqual(traffic.status, 400)
                XCTAssertEqual(traffic.json?["error"]?["message"], .string("traffic goes only to deployments that succeeded; blue is not there"))
            }
        }
        let journal = await emulator.journal()
        XCTAssertEqual(journal.map { "\($0.method) \($0.status)" },
                       ["PUT 201", "PUT 200", "PUT 409", "POST 200", "PUT 400", "PUT 201", "PUT 400", "PUT 201", "PUT 201", "PUT 400"])
    }

    func testArtifactUploadAndOverwrite() async throws {
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration())
        try await emulator.withRunning { base in
            let artifacts = base + "/artifact/v2.0" + workspacePath + "/artifacts"
            let mms = base + "/modelmanagement/v1.0" + workspacePath
            try await HTTPClient.withHTTPClient { http in
                let created = try await send(http, "POST", artifacts + "/batch/metadata/LocalUpload/c1",
                                             body: #"{"paths": [{"path": "main.py"}]}"#)
                XCTAssertEqual(created.status, 200, created.text)
                XCTAssertEqual(created.json?["artifacts"]?["main.py"]?["artifactId"], .string("LocalUpload/c1/main.py"))
                guard let sas = created.json?["artifactContentInformation"]?["main.py"]?["contentUri"]?.stringValue else {
                    return XCTFail("no contentUri: \(created.text)")
                }
                let body = #"{"name": "up-env", "computeType": "ACI", "environmentImageRequest": {"assets": [{"id": "main.py", "#
                    + #""url": "aml://artifact/LocalUpload/c1/main.py"}], "environment": {}}}"#
                let empty = try await send(http, "POST", mms + "/services", body: body)
                XCTAssertEqual(empty.status, 400, "created but never uploaded")

                var put = HTTPClientRequest(url: sas)
                put.method = .PUT
                put.body = .bytes(Array("print(1)\n".utf8))
                let noType = try await http.execute(put, timeout: .seconds(10))
                XCTAssertEqual(noType.status.code, 400)
                put.headers.add(name: "x-ms-blob-type", value: "BlockBlob")
                let stored = try await http.execute(put, timeout: .seconds(10))
                XCTAssertEqual(stored.status.code, 201)
                let forged = try await send(http, "PUT", sas.replacingOccurrences(of: "sig=", with: "sig=x"), token: nil, body: "x")
                XCTAssertEqual(forged.status, 403)
                let uploaded = await emulator.uploadedArtifact("LocalUpload/c1/main.py")
                XCTAssertEqual(uploaded, Array("print(1)\n".utf8))

                let first = try await send(http, "POST", mms + "/services", body: body)
                XCTAssertEqual(first.status, 202, first.text)
                let again = try await send(http, "POST", mms + "/services", body: body)
                XCTAssertEqual(again.status, 409)
                let replaced = try await send(http, "POST", mms + "/services", body: body.replacingOccurrences(of: "\"name\"", with: "\"overwrite\": true, \"name\""))
                XCTAssertEqual(replaced.status, 202, replaced.text)
                let service = try await send(http, "GET", mms + "/services/up-env")
                XCTAssertNil(service.json?["overwrite"])
                XCTAssertEqual(service.json?["operationId"]?.stringValue.map { replaced.headers["operation-location"]?.hasSuffix($0) }, true)
            }
        }
    }

    func testTokenEndpoint() async throws {
        let principal = EmulatorConfiguration.ServicePrincipal(clientId: "app", clientSecret: "s3cret&=")
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration(principal: principal, token: nil))
        try await emulator.withRunning { base in
            try await HTTPClient.withHTTPClient { http in
                let form = "grant_type=client_credentials&client_id=app&client_secret=s3cret%26%3D"
                    + "&scope=https%3A%2F%2Fmanagement.azure.com%2F.default"
                let ok = try await send(http, "POST", base + "/any-tenant/oauth2/v2.0/token", token: nil, body: form,
                                        contentType: "application/x-www-form-urlencoded")
                XCTAssertEqual(ok.status, 200)
                XCTAssertEqual(ok.json?["token_type"], .string("Bearer"))
                XCTAssertEqual(ok.json?["expires_in"], .int(3599))
                guard let token = ok.json?["access_token"]?.stringValue else { return XCTFail("no token") }
                let mms = base + "/modelmanagement/v1.0" + workspacePath
                let answer14 = try await send(http, "GET", mms + "/images", token: token)
                XCTAssertEqual(answer14.status, 200)
                let answer15 = try await send(http, "GET", mms + "/images", token: "made-up")
                XCTAssertEqual(answer15.status, 401)
                let bad = try await send(http, "POST", base + "/t/oauth2/v2.0/token", token: nil,
                                         body: form.replacingOccurrences(of: "s3cret", with: "wrong"),
                                         contentType: "application/x-www-form-urlencoded")
                XCTAssertEqual(bad.status, 401)
                XCTAssertEqual(bad.json?["error"], .string("invalid_client"))
            }
        }
    }

    func testRefusesAFolderThatIsNotASnapshot() throws {
        let tmp = try TestSupport.temporaryFolder(self)
        XCTAssertThrowsError(try WorkspaceEmulator(configuration: EmulatorConfiguration(snapshot: tmp))) {
            XCTAssertTrue("\($0)".contains("not a snapshot folder"), "\($0)")
        }
    }

    func testSeededRandomFaultsAreReproducible() async throws {
        func faults(seed: UInt64) async throws -> [Fault?] {
            let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration(failRate: 0.5, seed: seed,
                                                                                                  kinds: [.status(500), .status(503)]))
            try await emulator.withRunning { base in
                try await HTTPClient.withHTTPClient { http in
                    for _ in 0..<20 { _ = try await self.send(http, "GET", base + "/nowhere") }
                }
            }
            return await emulator.requests().map(\.fault)
        }
        let a = try await faults(seed: 7)
        let b = try await faults(seed: 7)
        XCTAssertEqual(a, b)
        XCTAssertTrue(a.contains(nil) && a.contains(.status(500)) && a.contains(.status(503)), "\(a)")
    }
}
