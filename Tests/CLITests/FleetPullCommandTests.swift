import Foundation
import XCTest

/// `pull --all-workspaces` end to end: the real emulator serving a fleet, the real CLI.
extension FleetCommandTests {
    func testFleetPullOfThreeWorkspacesInTwoSubscriptionsWithOneFailing() throws {
        let tmp = try TestFolder(self)
        let fleet = try fleet(tmp)
        let env = ["AZURE_ACCESS_TOKEN": "fleet-token"]
        let out = tmp.path + "/pulled"
        do {
            // ws-vision refuses every request (403): the other two are pulled all the same.
            let (emulator, base) = try CLI.startFleetEmulator(fleet, ["--token", "fleet-token", "--page-size", "1",
                                                                                            "--fault", "workspaces/ws-vision/=403x1000"])
            defer { emulator.terminate(); emulator.waitUntilExit() }
            let pull = try CLI.run(["pull", "--all-workspaces", "--out", out, "--endpoint", base], env: env)
            XCTAssertEqual(pull.status, 1, pull.stderr)
            try CLI.assertGolden(tmp.normalized(pull.stdout), "pull-fleet-one-failing.txt")
            XCTAssertTrue(pull.stderr.hasPrefix("image2env: error: workspace \(Self.subscriptionB)/rg-vision/ws-vision: listing images (page 1): GET "),
                          pull.stderr)
            XCTAssertTrue(pull.stderr.contains(" answered 403 "), pull.stderr)
            XCTAssertFalse(pull.stderr.contains("fleet-token"))
            let audit = try jsonObject(try CLI.run(["audit", out, "--format", "json", "--fail-on", "never"]).stdout)
            XCTAssertEqual(rollup(audit), Array(expectedRollup.prefix(2)))
            XCTAssertFalse(FileManager.default.fileExists(atPath: "\(out)/\(Self.subscriptionB)/rg-vision/ws-vision"))
            // Without --resume an existing fleet folder is refused.
            let again = try CLI.run(["pull", "--all-workspaces", "--out", out, "--endpoint", base], env: env)
            XCTAssertEqual(again.status, 64)
            XCTAssertTrue(again.stderr.contains("rerun with --resume"), again.stderr)
        }
        // The service is back: --resume keeps the two and pulls the third.
        let (emulator, base) = try CLI.startFleetEmulator(fleet, ["--token", "fleet-token", "--page-size", "2"])
        defer { emulator.terminate(); emulator.waitUntilExit() }
        let resumed = try CLI.run(["pull", "--all-workspaces", "--out", out, "--endpoint", base, "--resume",
                                   "--subscription", Self.subscriptionB, "--subscription", Self.subscriptionA], env: env)
        XCTAssertEqual(resumed.status, 0, resumed.stderr)
        try CLI.assertGolden(tmp.normalized(resumed.stdout), "pull-fleet-resumed.txt")
        let audit = try jsonObject(try CLI.run(["audit", out, "--format", "json", "--fail-on", "never"]).stdout)
        XCTAssertEqual(rollup(audit), expectedRollup)
        // No file of the fleet holds the token.
        let files = FileManager.default.enumerator(atPath: out)?.compactMap { $0 as? String } ?? []
        XCTAssertGreaterThan(files.count, 100)
        for file in files {
            XCTAssertNil((try? Data(contentsOf: URL(fileURLWithPath: out + "/" + file)))?.range(of: Data("fleet-token".utf8)), file)
        }
        let single = try CLI.run(["pull", "--out", tmp.path + "/x", "--subscription", "a", "--subscription", "b"], env: env)
        XCTAssertEqual(single.status, 64)
    }
}
