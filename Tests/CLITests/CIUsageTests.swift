import Foundation
import XCTest

/// What CI users rely on besides reports: shell completions and `--quiet`.
final class CIUsageTests: XCTestCase {
    func testShellCompletionScriptsKnowEveryCommandAndOption() throws {
        for shell in ["bash", "zsh", "fish"] {
            let result = try CLI.run(["--generate-completion-script", shell])
            XCTAssertEqual(result.status, 0, result.stderr)
            // fish writes options without their dashes (-l 'quiet').
            for word in ["audit", "diff", "convert", "pull", "report", "merge", "all-workspaces", "project-file", "baseline",
                         "suppress", "quiet", "fail-on"] {
                XCTAssertTrue(result.stdout.contains(word), "\(shell) completion lacks \(word)")
            }
            XCTAssertTrue(result.stdout.contains("manual") && result.stdout.contains("sarif"), "\(shell): the values of --fail-on and --format")
        }
        XCTAssertNotEqual(try CLI.run(["--generate-completion-script", "tcsh"]).status, 0)
    }

    func testQuietPrintsOnlyErrors() throws {
        let tmp = try TestFolder(self)
        let pass = try CLI.run(["audit", "fixtures/workspace", "--quiet", "--fail-on", "never"])
        XCTAssertEqual([pass.stdout, pass.stderr], ["", ""])
        XCTAssertEqual(pass.status, 0)
        // The gate still decides the exit code; warnings (an unused suppression) are not printed.
        let gate = try CLI.run(["audit", "fixtures/workspace", "-q", "--suppress", "nothing@none=stale"])
        XCTAssertEqual(gate.status, 3)
        XCTAssertEqual([gate.stdout, gate.stderr], ["", ""])
        // --output still writes the report.
        let file = tmp.path + "/audit.json"
        let json = try CLI.run(["audit", "fixtures/workspace", "--quiet", "--format", "json", "--output", file, "--fail-on", "never"])
        XCTAssertEqual([json.stdout, json.stderr], ["", ""])
        XCTAssertTrue(try String(contentsOfFile: file, encoding: .utf8).hasPrefix("{\n  \"schemaVersion\": 1,"))
        let convert = try CLI.run(["convert", "fixtures/workspace", "--out", tmp.path + "/out", "--quiet"])
        XCTAssertEqual([convert.stdout, convert.stderr], ["", ""])
        XCTAssertEqual(convert.status, 0)
        let redeploy = try CLI.run(["redeploy", "fixtures/workspace", "--out", tmp.path + "/plan", "--quiet"])
        XCTAssertEqual([redeploy.stdout, redeploy.stderr], ["", ""])
        XCTAssertEqual(redeploy.status, 0)
        XCTAssertTrue(FileManager.default.fileExists(atPath: tmp.path + "/plan/README.md"))
        let merge = try CLI.run(["report", "merge", file, "--quiet"])
        XCTAssertEqual([merge.stdout, merge.stderr], ["", ""])
        // Errors are still printed.
        try tmp.write("bad/a.json", "{")
        let bad = try CLI.run(["audit", tmp.path + "/bad", "--quiet"])
        XCTAssertEqual(bad.status, 65)
        XCTAssertEqual(bad.stdout, "")
        XCTAssertTrue(bad.stderr.hasPrefix("image2env: error: \(tmp.path)/bad/a.json:1:2: "), bad.stderr)
    }
}
