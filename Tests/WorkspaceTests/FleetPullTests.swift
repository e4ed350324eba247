import AsyncHTTPClient
import Foundation
import JSONValue
import Snapshot
import Synth
import WorkspaceClient
import WorkspaceEmulator
import XCTest

/// `pull --all-workspaces` against the emulator serving a fleet: the resource manager's lists
/// (every page), concurrent pulls, one workspace failing, and `--resume`.
final class FleetPullTests: XCTestCase {
    func testOneFailingWorkspaceDoesNotStopTheOthersAndResumeFinishesTheFleet() async throws {
        let fleet = try makeFleet()
        let out = try TestSupport.temporaryFolder(self) + "/pulled"
        // Every request of ws-vision's MMS and artifact routes answers 503: retried, then given up.
        let failing = try WorkspaceEmulator(configuration: fleetConfiguration(fleet, faults: [
            ScriptedFault(pathContains: "workspaces/ws-vision/", count: 10_000, fault: .status(503)),
        ]))
        let summary = try await failing.withRunning { base in
            try await FleetPuller.pull(FleetPullOptions(output: out), endpoint: base, tokenFile: nil,
                                       settings: TestSupport.settings(attempts: 3, concurrency: 4))
        }
        XCTAssertEqual(summary.outcomes.map { "\($0.workspace.subscriptionId)/\($0.workspace.resourceGroup)/\($0.workspace.workspaceName)" },
                       fleetWorkspaces)
        XCTAssertEqual(summary.listingFailures.count, 0)
        let failures = summary.failures
        XCTAssertEqual(failures.count, 1)
        XCTAssertEqual(failures.first?.kind, .unavailable)
        XCTAssertTrue(failures.first?.message.hasPrefix("workspace 11111111-1111-1111-1111-111111111111/rg-vision/ws-vision: listing images") == true,
                      failures.first?.message ?? "")
        for (outcome, images) in zip(summary.outcomes.prefix(2), [3, 22]) {
            guard case .pulled(let pulled) = outcome.result else { return XCTFail("\(outcome.workspace) was not pulled") }
            XCTAssertEqual(pulled.images, images)
            XCTAssertEqual(try SourceLoader().load(outcome.folder).images.count, images)
        }
        // Every page of both resource manager lists was read.
        let paths = await failing.requests().map(\.path)
        XCTAssertEqual(paths.filter { $0 == "/subscriptions" }.count, 2)
        XCTAssertEqual(paths.filter { $0.hasSuffix("/providers/Microsoft.MachineLearningServices/workspaces") }.count, 3)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/11111111-1111-1111-1111-111111111111/rg-vision/ws-vision"))

        // Again without --resume: refused. With it: the two are kept, the third pulled.
        let healthy = try WorkspaceEmulator(configuration: fleetConfiguration(fleet))
        try await healthy.withRunning { base in
            do {
                _ = try await FleetPuller.pull(FleetPullOptions(output: out), endpoint: base, tokenFile: nil, settings: TestSupport.settings())
                XCTFail("an existing fleet folder needs --resume")
            } catch let error as WorkspaceClientError {
                XCTAssertEqual(error.kind, .usage)
            }
            let resumed = try await FleetPuller.pull(FleetPullOptions(output: out, resume: true), endpoint: base, tokenFile: nil,
                                                     settings: TestSupport.settings())
            XCTAssertEqual(resumed.outcomes.map { outcome -> String in
                switch outcome.result {
                case .pulled: return "pulled"
                case .alreadyPulled: return "kept"
                case .failed(let e): return "failed: \(e)"
                }
            }, ["kept", "kept", "pulled"])
        }
        try TestSupport.assertSameWorkspace(out + "/00000000-0000-0000-0000-000000000000/rg-ml/ws-legacy")
    }
}
