import Foundation
import JSONValue
import Snapshot
import WorkspaceClient
import WorkspaceEmulator
import XCTest

/// Pulls the fixture workspace through the emulator and compares with the fixture.
final class PullRoundTripTests: XCTestCase {
    func testPullReproducesTheFixture() async throws {
        let tmp = try TestSupport.temporaryFolder(self)
        let out = tmp + "/snapshot"
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration())
        let summary = try await emulator.withRunning { base in
            try await TestSupport.pull(base, into: out)
        }
        XCTAssertEqual(summary.images, 22)
        XCTAssertEqual(summary.services, 6)
        XCTAssertEqual(summary.models, 16)
        XCTAssertEqual(summary.artifacts, 101)
        XCTAssertEqual(summary.warnings, [])
        try TestSupport.assertSameWorkspace(out)

        // The layout of docs/snapshot.md, and nothing else (no partial folder, no manifest).
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp), ["snapshot"])
        let tree = TestSupport.files(under: out)
        XCTAssertTrue(tree.allSatisfy { $0 == "workspace.json" || $0.hasPrefix("images/") || $0.hasPrefix("services/")
                || $0.hasPrefix("models/") || $0.hasPrefix("artifacts/") }, "\(tree)")
        let loaded = try SourceLoader().load(TestSupport.fixture)
        XCTAssertEqual(Set(tree.filter { $0.hasPrefix("images/") }),
                       Set(loaded.images.map { "images/\($0.image.name)_\($0.image.version).json" }))
        XCTAssertEqual(TestSupport.files(under: out + "/models"), TestSupport.files(under: TestSupport.fixture + "/models"))

        // Single REST payload files come back byte for byte (Python json.dump(indent=4) + newline),
        // but for their secrets: the registry password and every SAS signature are redacted.
        var redactions = 0
        for file in TestSupport.files(under: TestSupport.fixture) where !file.hasPrefix("artifacts/")
            && !file.hasSuffix("page-0001.json") && !file.hasSuffix("export.json") && file != "workspace.json" {
            let original = String(decoding: TestSupport.bytes(TestSupport.fixture + "/" + file), as: UTF8.self)
            let expected = original.replacingOccurrences(of: "\"password\": \"FAKE-REGISTRY-PASSWORD-1234\"", with: "\"password\": \"<redacted>\"")
                .replacingOccurrences(of: "sig=FAKESIGNATURE%3D", with: "sig=REDACTED")
            if expected != original { redactions += 1 }
            XCTAssertEqual(String(decoding: TestSupport.bytes(out + "/" + file), as: UTF8.self), expected, file)
        }
        XCTAssertGreaterThan(redactions, 10)
        for file in TestSupport.files(under: out) where !file.hasPrefix("artifacts/") {
            let text = String(decoding: TestSupport.bytes(out + "/" + file), as: UTF8.self)
            XCTAssertFalse(text.contains("FAKE-REGISTRY-PASSWORD") || text.contains("FAKESIGNATURE"), file)
        }
        let workspaceJSON = String(decoding: TestSupport.bytes(out + "/workspace.json"), as: UTF8.self)
        XCTAssertEqual(workspaceJSON, """
            {
                "subscriptionId": "00000000-0000-0000-0000-000000000000",
                "resourceGroup": "rg-ml",
                "workspaceName": "ws-legacy",
                "region": "westeurope"
            }

            """)
    }

    func testPageSizeOneFollowsEveryNextLink() async throws {
        let out = try TestSupport.temporaryFolder(self) + "/snap"
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration(pageSize: 1))
        try await emulator.withRunning { base in
            _ = try await TestSupport.pull(base, into: out, settings: TestSupport.settings(concurrency: 3))
        }
        try TestSupport.assertSameWorkspace(out)
        let pages = await emulator.requests().filter { $0.path.hasSuffix("/images") }
        XCTAssertEqual(pages.count, 22, "22 images, one per page")
    }

    func testImageAndTagFilters() async throws {
        let tmp = try TestSupport.temporaryFolder(self)
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration(pageSize: 2))
        try await emulator.withRunning { base in
            let byName = try await TestSupport.pull(base, into: tmp + "/a",
                                                    filter: ImageFilter(names: ["churn-scorer", "resnet-gpu:1"]))
            XCTAssertEqual(byName.images, 4)
            XCTAssertEqual(TestSupport.files(under: tmp + "/a/images"),
                           ["churn-scorer_1.json", "churn-scorer_2.json", "churn-scorer_3.json", "resnet-gpu_1.json"])
            // Only the services running the pulled images.
            XCTAssertEqual(TestSupport.files(under: tmp + "/a/services"), ["churn-aci.json", "churn-aks-prod.json"])
            let loaded = try SourceLoader().load(tmp + "/a")
            XCTAssertEqual(loaded.problems.filter { $0.severity == .error }, [])

            let none = try await TestSupport.pull(base, into: tmp + "/b", filter: ImageFilter(tags: ["no-such-tag=x"]))
            XCTAssertEqual(none.images, 0)
            XCTAssertEqual(none.warnings.count, 1)
            XCTAssertTrue(none.warnings[0].contains("no image"), none.warnings[0])
        }
        // Tags present in the fixture.
        let fixture = try SourceLoader().load(TestSupport.fixture)
        guard let tagged = fixture.images.first(where: { !$0.image.tags.isEmpty && $0.image.shape == .rest }) else {
            return XCTFail("the fixture has a tagged REST image")
        }
        let tag = tagged.image.tags[0]
        let expected = fixture.images.filter { $0.image.tags.contains(tag) }.map(\.image.id).sorted()
        try await emulator.withRunning { base in
            let summary = try await TestSupport.pull(base, into: tmp + "/c", filter: ImageFilter(tags: ["\(tag.key)=\(tag.value)"]))
            XCTAssertEqual(summary.images, expected.count)
            let pulled = try SourceLoader().load(tmp + "/c").images.map(\.image.id).sorted()
            XCTAssertEqual(pulled, expected)
        }
    }

    func testArtifactNamesNeedingEscapesRoundTrip() async throws {
        // A snapshot of our own: one image whose artifacts have spaces, '%', unicode and nested folders.
        let tmp = try TestSupport.temporaryFolder(self)
        let source = tmp + "/source"
        let paths = ["LocalUpload/c1/my env.yml", "LocalUpload/c1/deep/er/50%25 off.txt", "Other/c2/caf\u{E9}.py"]
        try FileManager.default.createDirectory(atPath: source + "/images", withIntermediateDirectories: true)
        var assets: [JSON] = []
        for (i, path) in paths.enumerated() {
            let decoded = path.removingPercentEncoding ?? path
            let file = source + "/artifacts/" + decoded
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            try Data("content \(i)\n".utf8).write(to: URL(fileURLWithPath: file))
            let url = "aml://artifact/" + path.replacingOccurrences(of: " ", with: "%20")
            assets.append(.object(JSONObject([("id", .string("a\(i)")), ("mimeType", .string("text/plain")),
                                              ("unpack", .bool(false)), ("url", .string(url))])))
        }
        let image = JSON.object(JSONObject([
            ("id", .string("odd:1")), ("name", .string("odd")), ("version", .int(1)), ("kvTags", .object(JSONObject())),
            ("imageFlavor", .string("WebApiContainer")), ("assets", .array(assets)),
        ]))
        try Data((try PythonJSONWriter.write(image, indent: 4) + "\n").utf8)
            .write(to: URL(fileURLWithPath: source + "/images/odd_1.json"))
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration(snapshot: source))
        let out = tmp + "/out"
        try await emulator.withRunning { base in
            var selection = TestSupport.selection(base)
            selection.subscriptionId = "00000000-0000-0000-0000-000000000000"
            selection.resourceGroup = "rg-emulator"
            selection.workspaceName = "ws-emulator"
            let summary = try await TestSupport.pull(base, into: out, selection: selection)
            XCTAssertEqual(summary.artifacts, 3)
            XCTAssertEqual(summary.warnings, [])
        }
        XCTAssertEqual(TestSupport.files(under: out + "/artifacts"), TestSupport.files(under: source + "/artifacts"))
        for file in TestSupport.files(under: source + "/artifacts") {
            XCTAssertEqual(TestSupport.bytes(out + "/artifacts/" + file), TestSupport.bytes(source + "/artifacts/" + file))
        }
    }

    func testMissingArtifactIsAWarningAndTheRestIsPulled() async throws {
        let tmp = try TestSupport.temporaryFolder(self)
        let source = tmp + "/source"
        try FileManager.default.copyItem(atPath: TestSupport.fixture, toPath: source)
        let victim = "LocalUpload/48dd8706/ocr_env.yml"
        try FileManager.default.removeItem(atPath: source + "/artifacts/" + victim)
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration(snapshot: source))
        let summary = try await emulator.withRunning { base in
            try await TestSupport.pull(base, into: tmp + "/out")
        }
        XCTAssertEqual(summary.artifacts, 100)
        XCTAssertEqual(summary.warnings.count, 1)
        XCTAssertTrue(summary.warnings[0].contains(victim) && summary.warnings[0].contains("404"), summary.warnings[0])
        XCTAssertEqual(TestSupport.files(under: tmp + "/out/artifacts"), TestSupport.files(under: source + "/artifacts"))
    }

    func testExistingOutputIsRefusedBeforeAnyRequest() async throws {
        let tmp = try TestSupport.temporaryFolder(self)
        try FileManager.default.createDirectory(atPath: tmp + "/taken", withIntermediateDirectories: true)
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration())
        try await emulator.withRunning { base in
            do {
                try await TestSupport.pull(base, into: tmp + "/taken")
                XCTFail("expected a usage error")
            } catch let error as WorkspaceClientError {
                XCTAssertEqual(error.kind, .usage)
                XCTAssertTrue(error.message.contains("already exists"), error.message)
            }
        }
        let count = await emulator.requests().count
        XCTAssertEqual(count, 0)
    }
}
