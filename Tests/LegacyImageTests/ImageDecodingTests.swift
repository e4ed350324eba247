import JSONValue
import LegacyImage
import XCTest

func parse(_ text: String) throws -> JSON {
    try JSONParser.parse(Array(text.utf8), file: "test.json")
}

/// A REST payload as `GET /images/{id}` returns it (shape from azureml-core's ContainerImage).
let restPayload = #"""
{
    "createdTime": "2019-05-02T10:11:12.123456+00:00",
    "creationState": "Succeeded",
    "description": "churn model",
    "id": "churn-img:3",
    "imageBuildLogUri": "https://acct.blob.core.windows.net/logs/build.log?sv=2019-02-02&sr=b&sig=abc%3D",
    "imageLocation": "wsacr.azurecr.io/churn-img:3",
    "generatedDockerFileUri": "https://acct.blob.core.windows.net/docker/Dockerfile",
    "imageType": "Docker",
    "imageFlavor": "WebApiContainer",
    "modelIds": ["churn:1"],
    "modelDetails": [{"id": "churn:1", "name": "churn", "version": 1, "kvTags": {"team": "a"}, "framework": "ScikitLearn", "url": "aml://asset/abc", "mimeType": "application/octet-stream", "createdTime": "2019-05-01T00:00:00+00:00", "properties": {}}],
    "name": "churn-img",
    "kvTags": {"env": "prod", "owner": "alice"},
    "properties": {"azureml.git.repository_uri": "x"},
    "version": 3,
    "driverProgram": "driver",
    "assets": [
        {"id": "driver", "mimeType": "application/x-python", "unpack": false, "url": "aml://artifact/LocalUpload/aaaa1111/tmpx.py"},
        {"id": "bbbb2222.tar.gz", "mimeType": "application/octet-stream", "unpack": true, "url": "aml://artifact/LocalUpload/bbbb2222/bbbb2222.tar.gz"}
    ],
    "targetRuntime": {
        "runtimeType": "PythonCustom",
        "targetArchitecture": "amd64",
        "properties": {
            "pipRequirements": "aml://artifact/LocalUpload/cccc3333/requirements.txt",
            "condaEnvFile": "aml://artifact/LocalUpload/dddd4444/env.yml",
            "installCuda": "True",
            "cudaVersion": "10.0"
        }
    },
    "dockerFileUri": "aml://artifact/LocalUpload/eeee5555/steps.docker",
    "baseImage": "myregistry.azurecr.io/base:1",
    "baseImageRegistryInfo": {"location": "myregistry.azurecr.io", "user": "puller", "password": "S3CRET-PW"},
    "newServiceField": {"a": 1}
}
"""#

final class ImageDecodingTests: XCTestCase {
    func testRESTPayload() throws {
        let image = try LegacyImage.decode(parse(restPayload), at: .root)
        XCTAssertEqual(image.shape, .rest)
        XCTAssertEqual(image.id, "churn-img:3")
        XCTAssertEqual(image.version, 3)
        XCTAssertEqual(image.flavor, .webApiContainer)
        XCTAssertEqual(image.tags, [KeyValue(key: "env", value: "prod"), KeyValue(key: "owner", value: "alice")])
        XCTAssertEqual(image.targetRuntime?.runtimeType, .pythonCustom)
        XCTAssertEqual(image.targetRuntime?.installCuda, true)
        XCTAssertEqual(image.targetRuntime?.cudaVersion, "10.0")
        XCTAssertEqual(image.targetRuntime?.condaEnvFile, "aml://artifact/LocalUpload/dddd4444/env.yml")
        XCTAssertEqual(image.assets.map(\.unpack), [false, true])
        XCTAssertEqual(image.driverAsset?.url, "aml://artifact/LocalUpload/aaaa1111/tmpx.py")
        XCTAssertEqual(image.baseImage, "myregistry.azurecr.io/base:1")
        XCTAssertEqual(image.baseImageRegistry?.location, "myregistry.azurecr.io")
        XCTAssertEqual(image.baseImageRegistry?.password?.exposedValue, "S3CRET-PW")
        XCTAssertEqual("\(image.baseImageRegistry?.password as Any)", "Optional(<redacted>)")
        XCTAssertEqual(image.models.map(\.tags), [[KeyValue(key: "team", value: "a")]])
        XCTAssertEqual(image.unknownFields, ["$.newServiceField"])
        XCTAssertTrue(image.usesGPU)
    }

    func testSerializedShape() throws {
        // Image.serialize(): tags not kvTags, workspaceName, no baseImage/dockerFileUri/registry;
        // models in Model.serialize() naming.
        let text = #"""
        {"createdTime": "2019-05-02T10:11:12.123456+00:00", "creationState": "Succeeded", "description": null,
         "id": "slim:1", "imageBuildLogUri": null, "imageLocation": "wsacr.azurecr.io/slim:1",
         "generatedDockerFileUri": null, "imageType": "Docker", "imageFlavor": "WebApiContainer",
         "modelIds": ["m:2"], "modelDetails": [{"createdTime": null, "createdBy": null, "description": null, "id": "m:2",
         "mimeType": "application/octet-stream", "name": "m", "framework": "Custom", "frameworkVersion": null,
         "tags": {"k": "v"}, "properties": {}, "unpack": false, "url": "aml://asset/x", "version": 2,
         "experimentName": null, "runId": null, "runDetails": "None", "datasets": [], "resourceConfiguration": null,
         "sampleInputDatasetId": null, "sampleOutputDatasetId": null}],
         "name": "slim", "tags": {"a": "b"}, "properties": {}, "version": 1, "workspaceName": "ws",
         "assets": [{"id": "driver", "mimeType": "application/x-python", "url": "aml://artifact/LocalUpload/x/main.py"}],
         "driverProgram": "driver",
         "targetRuntime": {"properties": {"installCuda": false}, "runtimeType": "PythonSlim", "targetArchitecture": "amd64"}}
        """#
        let image = try LegacyImage.decode(parse(text), at: .root)
        XCTAssertEqual(image.shape, .serialized)
        XCTAssertEqual(image.workspaceName, "ws")
        XCTAssertEqual(image.tags, [KeyValue(key: "a", value: "b")])
        XCTAssertEqual(image.targetRuntime?.runtimeType, .pythonSlim)
        XCTAssertEqual(image.targetRuntime?.installCuda, false)
        XCTAssertFalse(image.usesGPU)
        XCTAssertNil(image.baseImage)
        XCTAssertEqual(image.assets.first?.unpack, false, "a driver without unpack defaults to false")
        XCTAssertEqual(image.models.first?.tags, [KeyValue(key: "k", value: "v")])
        XCTAssertEqual(image.models.first?.unknownFields, [])
        XCTAssertEqual(image.unknownFields, [])
    }

    func testFlavorsAndRuntimes() throws {
        for (flavor, expected) in [("\"AccelContainer\"", ImageFlavor.accelContainer), ("\"IoTContainer\"", .iotContainer),
                                   ("\"Quantum\"", .unknown("Quantum")), ("null", .unknown(nil))] {
            let image = try LegacyImage.decode(parse(#"{"id": "a:1", "name": "a", "version": 1, "imageFlavor": \#(flavor)}"#), at: .root)
            XCTAssertEqual(image.flavor, expected)
        }
        XCTAssertEqual(ImageFlavor.unknown(nil).description, "Unknown")
        for raw in ["Python", "SparkPython", "PythonSlim", "PythonCustom", "Lua"] {
            let image = try LegacyImage.decode(parse(#"{"id": "a:1", "name": "a", "version": 1, "targetRuntime": {"runtimeType": "\#(raw)", "properties": {}}}"#), at: .root)
            XCTAssertEqual(image.targetRuntime?.runtimeType.description, raw)
            XCTAssertEqual(image.targetRuntime?.targetArchitecture, "amd64", "the SDK's default architecture")
        }
    }

    func testVersionFromIdWhenMissing() throws {
        let image = try LegacyImage.decode(parse(#"{"id": "a:7", "name": "a"}"#), at: .root)
        XCTAssertEqual(image.version, 7)
    }

    func testBadPayloadsReportEveryIssueWithItsPath() throws {
        func issues(_ text: String, at path: JSONPath = .root) throws -> [String] {
            do {
                _ = try LegacyImage.decode(parse(text), at: path)
                return []
            } catch {
                return (error as? DecodeFailure)?.issues.map(\.description) ?? ["\(error)"]
            }
        }
        XCTAssertEqual(try issues(#"{"id": "a:1", "name": "a", "version": "x"}"#),
                       [#"$.version: expected an integer, found string "x""#])
        XCTAssertEqual(try issues(#"{"name": "a", "version": 1}"#), ["$.id: required field is missing"])
        XCTAssertEqual(try issues(#"{"id": "a:1", "version": 1}"#, at: JSONPath.root.appending("value").appending(4)),
                       ["$.value[4].name: required field is missing"])
        XCTAssertEqual(try issues(#"{"id": "a", "name": "a"}"#),
                       [#"$.version: required field is missing (and the id has no ":<version>" suffix)"#])
        XCTAssertEqual(try issues(#"{"id": "a:1", "name": "a", "version": 1, "targetRuntime": {"runtimeType": "Python", "properties": {"installCuda": "yes"}}, "assets": [{"id": "driver"}, 3]}"#),
                       [#"$.targetRuntime.properties.installCuda: expected a boolean (or "true"/"false"), found string "yes""#,
                        "$.assets[0].url: required field is missing",
                        "$.assets[1]: expected an asset as a JSON object, found integer"])
        XCTAssertEqual(try issues(#"{"id": "b:1", "name": "a", "version": 1}"#),
                       [#"$.id: id "b:1" does not match name "a" and version 1 (expected "a:1")"#])
        XCTAssertEqual(try issues("[1]"), ["$: expected an image payload as a JSON object, found array"])
        XCTAssertEqual(try issues(#"{"id": "a:1", "name": "a", "version": 1, "kvTags": []}"#),
                       ["$.kvTags: expected an object, found array"])
    }

    func testPayloadDocuments() throws {
        let (kind, items) = try PayloadDocument.items(of: parse(#"{"value": [{"id": "a:1"}, {"id": "b:1"}], "nextLink": "https://x/next"}"#))
        XCTAssertEqual(kind, .listPage(nextLink: "https://x/next"))
        XCTAssertEqual(items.map(\.1.description), ["$.value[0]", "$.value[1]"])
        let (kind2, items2) = try PayloadDocument.items(of: parse(#"[{"id": "a:1"}]"#))
        XCTAssertEqual(kind2, .array)
        XCTAssertEqual(items2.map(\.1.description), ["$[0]"])
        let (kind3, _) = try PayloadDocument.items(of: parse(#"{"id": "a:1", "value": 3}"#))
        XCTAssertEqual(kind3, .single)
        XCTAssertThrowsError(try PayloadDocument.items(of: parse("3"))) { error in
            XCTAssertEqual((error as? DecodeFailure)?.issues.map(\.description), ["$: expected a payload object, a list page or an array, found integer"])
        }
    }

    func testWebservices() throws {
        let aci = try Webservice.decode(parse(#"{"name": "churn-aci", "computeType": "ACI", "imageId": "churn-img:3", "state": "Healthy", "kvTags": {"a": "b"}, "containerResourceRequirements": {"cpu": 0.5, "memoryInGB": 1.0}}"#), at: .root)
        XCTAssertEqual(aci.imageId, "churn-img:3")
        XCTAssertEqual(aci.computeType, "ACI")
        XCTAssertFalse(aci.usesEnvironment)
        XCTAssertEqual(aci.raw["containerResourceRequirements"]?["memoryInGB"], .double(1.0))
        let aks = try Webservice.decode(parse(#"{"name": "churn-aks", "computeType": "AKS", "imageDetails": {"id": "churn-img:2"}, "computeName": "aks1"}"#), at: .root)
        XCTAssertEqual(aks.imageId, "churn-img:2")
        XCTAssertEqual(aks.computeName, "aks1")
        let env = try Webservice.decode(parse(#"{"name": "new", "computeType": "AKS", "environment": {"name": "e"}}"#), at: .root)
        XCTAssertNil(env.imageId)
        XCTAssertTrue(env.usesEnvironment)
        XCTAssertThrowsError(try Webservice.decode(parse(#"{"computeType": "ACI"}"#), at: .root)) { error in
            XCTAssertEqual((error as? DecodeFailure)?.issues.map(\.description), ["$.name: required field is missing"])
        }
    }
}
