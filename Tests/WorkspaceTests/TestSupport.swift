import Foundation
import JSONValue
import Snapshot
import WorkspaceClient
import WorkspaceEmulator
import XCTest

/// Shared helpers: the fixture snapshot, temporary folders, a fast client, an emulator.
enum TestSupport {
    /// `fixtures/workspace` of this repository.
    static let fixture: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.appendingPathComponent("fixtures/workspace").path
    }()

    static let token = "test-token-5f1d8c2e9a7b4e3f"
    static let subscription = "00000000-0000-0000-0000-000000000000"

    /// A new empty folder, removed at the end of the test.
    static func temporaryFolder(_ testCase: XCTestCase) throws -> String {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("image2env-ws-\(UUID().uuidString.prefix(8))").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        testCase.addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    /// An emulator configuration for tests: no latency, `Retry-After: 0`.
    static func emulatorConfiguration(snapshot: String = fixture, pageSize: Int = 100, failRate: Double = 0,
                                      seed: UInt64 = 0, faults: [ScriptedFault] = [], kinds: [Fault] = Fault.defaultRandomKinds,
                                      principal: EmulatorConfiguration.ServicePrincipal? = nil,
                                      token: String? = TestSupport.token) -> EmulatorConfiguration {
        EmulatorConfiguration(snapshot: snapshot, token: token, servicePrincipal: principal, pageSize: pageSize,
                              failRate: failRate, seed: seed, randomFaultKinds: kinds, scriptedFaults: faults,
                              retryAfterSeconds: 0, slowBodyDelay: .milliseconds(2))
    }

    /// Client settings for tests: tiny backoff, a few attempts.
    static func settings(environment: [String: String] = ["AZURE_ACCESS_TOKEN": token], attempts: Int = 5,
                         concurrency: Int = 8, deadline: Double? = nil) -> ClientSettings {
        ClientSettings(concurrency: concurrency, requestTimeout: .seconds(10), downloadTimeout: .seconds(10),
                       retry: RetryPolicy(maxAttempts: attempts, baseDelay: .milliseconds(1), maxDelay: .milliseconds(5),
                                          maxRetryAfter: .milliseconds(10)),
                       deadlineSeconds: deadline, environment: environment)
    }

    /// The fixture's workspace, reached through `base`.
    static func selection(_ base: String, tokenFile: String? = nil) -> WorkspaceSelection {
        WorkspaceSelection(subscriptionId: subscription, resourceGroup: "rg-ml", workspaceName: "ws-legacy",
                           region: "westeurope", endpoint: base, tokenFile: tokenFile)
    }

    /// Pulls through the emulator at `base` into `out`.
    @discardableResult
    static func pull(_ base: String, into out: String, filter: ImageFilter = ImageFilter(), resume: Bool = false,
                     settings: ClientSettings = TestSupport.settings(),
                     selection: WorkspaceSelection? = nil) async throws -> PullSummary {
        try await Puller.pull(PullOptions(output: out, filter: filter, resume: resume),
                              selection: selection ?? self.selection(base), settings: settings,
                              workingDirectory: URL(fileURLWithPath: out).deletingLastPathComponent().path)
    }

    /// Every regular file under `root`, relative, sorted.
    static func files(under root: String) -> [String] {
        guard let enumerator = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let item = enumerator.nextObject() as? String {
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + item, isDirectory: &isDir), !isDir.boolValue {
                out.append(item)
            }
        }
        return out.sorted()
    }

    static func bytes(_ path: String) -> [UInt8] {
        FileManager.default.contents(atPath: path).map { [UInt8]($0) } ?? []
    }

    /// Whether any file under `root` contains `needle`.
    static func anyFile(under root: String, contains needle: String) -> String? {
        let n = Array(needle.utf8)
        for file in files(under: root) {
            let b = bytes(root + "/" + file)
            if b.count >= n.count, (0...(b.count - n.count)).contains(where: { b[$0..<($0 + n.count)].elementsEqual(n) }) {
                return file
            }
        }
        return nil
    }

    /// Asserts that the pulled snapshot holds what the fixture holds.
    /// The fixture as `pull` writes it: every JSON payload without its secrets (`Puller.withoutSecrets`).
    static let fixtureWithoutSecrets: String = {
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-fixture-redacted-\(getpid())").path
        try? FileManager.default.removeItem(atPath: copy)
        try? FileManager.default.copyItem(atPath: fixture, toPath: copy)
        for file in files(under: copy) where file.hasSuffix(".json") && !file.hasPrefix("artifacts/") {
            guard let json = try? JSONParser.parse(bytes(copy + "/" + file), file: file),
                  let text = try? PythonJSONWriter.write(Puller.withoutSecrets(json), indent: 4) else { continue }
            try? Data((text + "\n").utf8).write(to: URL(fileURLWithPath: copy + "/" + file))
        }
        return copy
    }()

    static func assertSameWorkspace(_ pulled: String, _ expected: String = fixtureWithoutSecrets,
                                    file: StaticString = #filePath, line: UInt = #line) throws {
        let a = try SourceLoader().load(expected)
        let b = try SourceLoader().load(pulled)
        XCTAssertEqual(b.kind, .snapshot, file: file, line: line)
        XCTAssertEqual(b.problems.filter { $0.severity == .error }, [], file: file, line: line)
        let imagesA = Dictionary(a.images.map { ($0.image.id, $0.image) }, uniquingKeysWith: { x, _ in x })
        let imagesB = Dictionary(b.images.map { ($0.image.id, $0.image) }, uniquingKeysWith: { x, _ in x })
        XCTAssertEqual(imagesA.keys.sorted(), imagesB.keys.sorted(), file: file, line: line)
        for (id, image) in imagesA {
            XCTAssertEqual(imagesB[id], image, "image \(id)", file: file, line: line)
        }
        let servicesA = Dictionary(a.services.map { ($0.service.name, $0.service) }, uniquingKeysWith: { x, _ in x })
        let servicesB = Dictionary(b.services.map { ($0.service.name, $0.service) }, uniquingKeysWith: { x, _ in x })
        XCTAssertEqual(servicesA, servicesB, file: file, line: line)
        XCTAssertEqual(a.models.sorted { $0.id < $1.id }, b.models.sorted { $0.id < $1.id }, file: file, line: line)
        XCTAssertEqual(b.info, WorkspaceInfo(subscriptionId: subscription, resourceGroup: "rg-ml",
                                             workspaceName: "ws-legacy", region: "westeurope"), file: file, line: line)
        let artifactsA = files(under: expected + "/artifacts")
        XCTAssertEqual(artifactsA, files(under: pulled + "/artifacts"), file: file, line: line)
        for artifact in artifactsA {
            XCTAssertEqual(bytes(expected + "/artifacts/" + artifact), bytes(pulled + "/artifacts/" + artifact),
                           "artifacts/\(artifact)", file: file, line: line)
        }
    }

    /// Asserts that everything in the pulled snapshot is as in the fixture (for filtered pulls).
    static func assertSubsetOfFixture(_ pulled: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let a = try SourceLoader().load(fixtureWithoutSecrets)
        let b = try SourceLoader().load(pulled)
        XCTAssertEqual(b.problems.filter { $0.severity == .error }, [], file: file, line: line)
        XCTAssertFalse(b.images.isEmpty, file: file, line: line)
        for record in b.images {
            XCTAssertEqual(a.images.first { $0.image.id == record.image.id }?.image, record.image, file: file, line: line)
        }
        for record in b.services {
            XCTAssertEqual(a.services.first { $0.service.name == record.service.name }?.service, record.service,
                           file: file, line: line)
        }
        for model in b.models {
            XCTAssertEqual(a.models.first { $0.id == model.id }, model, file: file, line: line)
        }
        for artifact in files(under: pulled + "/artifacts") {
            XCTAssertEqual(bytes(fixture + "/artifacts/" + artifact), bytes(pulled + "/artifacts/" + artifact),
                           "artifacts/\(artifact)", file: file, line: line)
        }
    }
}
