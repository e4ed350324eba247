import Foundation
import Snapshot
import XCTest

/// The top-level help, and the documentation it points to instead of listing the limits.
final class HelpCommandTests: XCTestCase {
    /// `image2env --help` is short: the sources, the exit codes, one line on the limits, then
    /// the subcommands (the `IMAGE2ENV_MAX_*` variables are in docs/security.md).
    func testTopLevelHelp() throws {
        let help = try CLI.run(["--help"], env: ["COLUMNS": "100"])
        XCTAssertEqual(help.status, 0, help.stderr)
        XCTAssertEqual(help.stderr, "")
        try CLI.assertGolden(help.stdout, "help.txt")
        XCTAssertFalse(help.stdout.contains("IMAGE2ENV_MAX_JSON_BYTES"))
    }

    /// docs/security.md has one row for every limit the code reads.
    func testSecurityDocListsEveryLimit() throws {
        let doc = try String(contentsOf: CLI.packageRoot.appendingPathComponent("docs/security.md"), encoding: .utf8)
        let rows = doc.split(separator: "\n").filter { $0.hasPrefix("| ") }
        XCTAssertEqual(InputLimits.variables.count, 9)
        for variable in InputLimits.variables {
            XCTAssertEqual(rows.filter { $0.contains("`\(variable.name)`") }.count, 1, "one row of docs/security.md for \(variable.name)")
        }
    }
}
