import Foundation
import XCTest

/// `image2env dev conda-readers`: both conda readers agree on a snapshot's conda files, and are timed.
final class DevCondaReadersTests: XCTestCase {
    func testFixturesAgreeAndAreTimed() throws {
        let result = try CLI.run(["dev", "conda-readers", "fixtures/workspace", "--rounds", "1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let lines = result.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first?.hasPrefix("18 conda files (0 with errors, same for both readers), 1 rounds"), true, result.stdout)
        XCTAssertEqual(lines.dropFirst().map { $0.split(separator: ":").first.map(String.init) ?? "" },
                       ["events", "yams", "libyaml event walk alone (YAMLGuard.check)", "ratio"], result.stdout)
    }

    func testNotASnapshotFolder() throws {
        let result = try CLI.run(["dev", "conda-readers", "fixtures/workspace/images"])
        XCTAssertEqual(result.status, 1)
        XCTAssertEqual(result.stderr, "image2env: error: fixtures/workspace/images is not a snapshot folder (no artifacts)\n")
    }
}
