import Foundation
import WorkspaceClient
import WorkspaceEmulator
import XCTest

/// Injected faults are survived by retries, or end with the "unavailable" error; resume completes.
final class FaultTests: XCTestCase {
    /// Each kind of transient fault, twice on every kind of route, is retried away.
    func testScriptedFaultsAreSurvived() async throws {
        let kinds: [Fault] = [.status(429), .status(500), .status(503), .status(408), .dropConnection, .truncatedBody, .slowBody]
        for kind in kinds {
            let out = try TestSupport.temporaryFolder(self) + "/snap"
            let faults = ["/images", "/models/", "/services", "/contentinfo/", "/blob/"].map {
                ScriptedFault(pathContains: $0, count: 2, fault: kind)
            }
            let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration(pageSize: 1, faults: faults))
            let summary = try await emulator.withRunning { base in
                try await TestSupport.pull(base, into: out, filter: ImageFilter(names: ["churn-scorer"]))
            }
            XCTAssertEqual([summary.images, summary.services, summary.models, summary.artifacts], [3, 2, 3, 21], "fault \(kind)")
            try TestSupport.assertSubsetOfFixture(out)
            let injected = await emulator.requests().filter { $0.fault == kind }.count
            XCTAssertEqual(injected, 10, "fault \(kind)")
        }
    }

    /// A random 30% of requests fail (seeded); the pull still completes.
    func testRandomFaultsAreSurvived() async throws {
        let out = try TestSupport.temporaryFolder(self) + "/snap"
        let configuration = TestSupport.emulatorConfiguration(pageSize: 4, failRate: 0.3, seed: 42,
                                                              kinds: [.status(429), .status(500), .status(503), .dropConnection,
                                                                      .truncatedBody])
        let emulator = try WorkspaceEmulator(configuration: configuration)
        try await emulator.withRunning { base in
            _ = try await TestSupport.pull(base, into: out, settings: TestSupport.settings(attempts: 12))
        }
        try TestSupport.assertSameWorkspace(out)
        let faults = await emulator.requests().filter { $0.fault != nil }.count
        XCTAssertGreaterThan(faults, 10)
    }

    /// A service that keeps failing ends with `.unavailable`, a message naming the route and
    /// the last error, only the partial folder left; a rerun with --resume completes and reuses
    /// what was already fetched.
    func testPersistentFailureThenResume() async throws {
        let tmp = try TestSupport.temporaryFolder(self)
        let out = tmp + "/snap"
        // The blob of one artifact fails 100 times: artifacts before it land, then the pull gives up.
        let victim = "LocalUpload/48dd8706/ocr_env.yml"
        let configuration = TestSupport.emulatorConfiguration(faults: [
            ScriptedFault(pathContains: "/blob/" + victim, count: 100, fault: .status(503)),
        ])
        let emulator = try WorkspaceEmulator(configuration: configuration)
        try await emulator.withRunning { base in
            do {
                _ = try await TestSupport.pull(base, into: out, settings: TestSupport.settings(attempts: 3, concurrency: 1))
                XCTFail("expected the pull to fail")
            } catch let error as WorkspaceClientError {
                XCTAssertEqual(error.kind, .unavailable)
                XCTAssertTrue(error.message.contains("downloading artifact \(victim)"), error.message)
                XCTAssertTrue(error.message.contains("failed 3 times"), error.message)
                XCTAssertTrue(error.message.contains("HTTP 503"), error.message)
                XCTAssertTrue(error.message.contains("--resume"), error.message)
                XCTAssertTrue(error.message.contains("sig=REDACTED"), error.message)
                XCTAssertFalse(error.message.contains(TestSupport.token))
            }
            XCTAssertFalse(FileManager.default.fileExists(atPath: out))
            XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp), [".snap.partial"])
            let landed = TestSupport.files(under: tmp + "/.snap.partial/artifacts").count
            XCTAssertGreaterThan(landed, 0)

            // Without --resume the partial folder is not touched.
            do {
                _ = try await TestSupport.pull(base, into: out)
                XCTFail("expected a usage error")
            } catch let error as WorkspaceClientError {
                XCTAssertEqual(error.kind, .usage)
                XCTAssertTrue(error.message.contains("--resume"), error.message)
            }

            // Corrupt one landed artifact: resume must fetch it again (SHA-256 check).
            let corrupted = TestSupport.files(under: tmp + "/.snap.partial/artifacts")[0]
            try Data("garbage".utf8).write(to: URL(fileURLWithPath: tmp + "/.snap.partial/artifacts/" + corrupted))

            let blobsBefore = await emulator.requests().filter { $0.path.hasPrefix("/blob/") && $0.status == 200 }.count
            let summary = try await TestSupport.pull(base, into: out, resume: true,
                                                     settings: TestSupport.settings(attempts: 200, concurrency: 1))
            let blobsAfter = await emulator.requests().filter { $0.path.hasPrefix("/blob/") && $0.status == 200 }.count
            XCTAssertEqual(summary.artifacts, 101)
            XCTAssertEqual(blobsAfter - blobsBefore, 101 - landed + 1, "only the missing and the corrupted artifact are fetched")
            XCTAssertGreaterThanOrEqual(summary.reused, landed - 1)
        }
        try TestSupport.assertSameWorkspace(out)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp), ["snap"])
    }

    /// An unreachable host ends with `.unavailable` and names the URL.
    func testUnreachableHostIsUnavailable() async throws {
        let tmp = try TestSupport.temporaryFolder(self)
        // A port that was free a moment ago: start an emulator, note its URL, stop it.
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration())
        let base = try await emulator.withRunning { $0 }
        do {
            _ = try await TestSupport.pull(base, into: tmp + "/snap", settings: TestSupport.settings(attempts: 2))
            XCTFail("expected the pull to fail")
        } catch let error as WorkspaceClientError {
            XCTAssertEqual(error.kind, .unavailable)
            XCTAssertTrue(error.message.contains(base), error.message)
        }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp), [], "nothing is left behind")
    }

    /// `--deadline`: a slow service makes the pull stop in time with `.unavailable`.
    func testDeadlineStopsTheRun() async throws {
        let tmp = try TestSupport.temporaryFolder(self)
        var configuration = TestSupport.emulatorConfiguration(pageSize: 1)
        configuration.latency = .milliseconds(100)
        let emulator = try WorkspaceEmulator(configuration: configuration)
        let start = ContinuousClock.now
        try await emulator.withRunning { base in
            do {
                _ = try await TestSupport.pull(base, into: tmp + "/snap", settings: TestSupport.settings(deadline: 0.5))
                XCTFail("expected the deadline to pass")
            } catch let error as WorkspaceClientError {
                XCTAssertEqual(error.kind, .unavailable)
                XCTAssertTrue(error.message.contains("--deadline 0.5 s"), error.message)
            }
        }
        XCTAssertLessThan(ContinuousClock.now - start, .seconds(3))
    }

    /// A 4xx that is not worth retrying fails at once with the service's message.
    func testNonRetryableErrorFailsAtOnce() async throws {
        let tmp = try TestSupport.temporaryFolder(self)
        let emulator = try WorkspaceEmulator(configuration: TestSupport.emulatorConfiguration(faults: [
            ScriptedFault(pathContains: "/services", count: 100, fault: .status(400)),
        ]))
        try await emulator.withRunning { base in
            do {
                _ = try await TestSupport.pull(base, into: tmp + "/snap")
                XCTFail("expected a refusal")
            } catch let error as WorkspaceClientError {
                XCTAssertEqual(error.kind, .rejected)
                XCTAssertEqual(error.status, 400)
                XCTAssertTrue(error.message.contains("listing services"), error.message)
                XCTAssertTrue(error.message.contains("fault injected"), error.message)
            }
        }
        let attempts = await emulator.requests().filter { $0.path.hasSuffix("/services") }.count
        XCTAssertEqual(attempts, 1)
    }
}
