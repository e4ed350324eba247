import AsyncHTTPClient
import Foundation
import JSONValue
import Synth
import WorkspaceEmulator
import XCTest

/// The emulator serving a fleet (`--workspaces DIR`): every snapshot its own workspace, and the
/// resource manager's subscription and workspace lists, paged.
final class FleetEmulatorTests: XCTestCase {
    func testTheEmulatorListsSubscriptionsAndWorkspacesPageByPage() async throws {
        let emulator = try WorkspaceEmulator(configuration: fleetConfiguration(try makeFleet()))
        XCTAssertEqual(emulator.workspaces, fleetWorkspaces.sorted { a, b in
            // Served in the order of their folders: byte order of sub/rg/ws.
            Array(a.utf8).lexicographicallyPrecedes(Array(b.utf8))
        })
        try await emulator.withRunning { base in
            try await HTTPClient.withHTTPClient { http in
                func get(_ url: String) async throws -> JSON {
                    var request = HTTPClientRequest(url: url)
                    request.headers.add(name: "Authorization", value: "Bearer " + TestSupport.token)
                    let response = try await http.execute(request, timeout: .seconds(10))
                    var bytes: [UInt8] = []
                    for try await chunk in response.body { bytes.append(contentsOf: chunk.readableBytesView) }
                    XCTAssertEqual(response.status.code, 200, String(decoding: bytes, as: UTF8.self))
                    return try JSONParser.parse(bytes, file: url)
                }
                let first = try await get(base + "/subscriptions?api-version=2022-12-01")
                XCTAssertEqual(first["value"]?.arrayValue?.map { $0["subscriptionId"]?.stringValue }, ["00000000-0000-0000-0000-000000000000"])
                let second = try await get(try XCTUnwrap(first["nextLink"]?.stringValue))
                XCTAssertEqual(second["value"]?.arrayValue?.map { $0["subscriptionId"]?.stringValue }, ["11111111-1111-1111-1111-111111111111"])
                XCTAssertNil(second["nextLink"])
                let list = base + "/subscriptions/00000000-0000-0000-0000-000000000000/providers/Microsoft.MachineLearningServices/workspaces"
                let page = try await get(list + "?api-version=2024-04-01")
                XCTAssertEqual(page["value"]?.arrayValue?.first?["id"]?.stringValue,
                               "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg-ml/providers/Microsoft.MachineLearningServices/workspaces/ws-churn")
                XCTAssertEqual(page["value"]?.arrayValue?.first?["location"]?.stringValue, "westeurope")
                XCTAssertTrue(page["nextLink"]?.stringValue?.contains("api-version=2024-04-01") == true)
            }
        }
    }
}

extension XCTestCase {
    /// A fleet of three snapshots in two subscriptions (`FleetSynthesizer`), removed at the end.
    func makeFleet() throws -> String {
        let root = try TestSupport.temporaryFolder(self) + "/fleet"
        try FleetSynthesizer.write(template: TestSupport.fixture, to: root)
        return root
    }

    /// An emulator configuration serving `fleet`, one item per page.
    func fleetConfiguration(_ fleet: String, faults: [ScriptedFault] = []) -> EmulatorConfiguration {
        var c = TestSupport.emulatorConfiguration(pageSize: 1, faults: faults)
        c.fleet = fleet
        return c
    }
}

/// The fleet's workspaces, in order.
let fleetWorkspaces = ["00000000-0000-0000-0000-000000000000/rg-ml/ws-churn", "00000000-0000-0000-0000-000000000000/rg-ml/ws-legacy",
                       "11111111-1111-1111-1111-111111111111/rg-vision/ws-vision"]
