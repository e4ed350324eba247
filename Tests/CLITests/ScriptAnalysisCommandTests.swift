import Foundation
import XCTest

/// The entry-script analysis end to end on the serving fixtures: located findings in SARIF, and
/// one clear finding per image without a Python.
final class ScriptAnalysisCommandTests: XCTestCase {
    func testSARIFLocatesEachFindingInTheRecoveredSource() throws {
        let r = try CLI.run(["audit", "fixtures/serving", "--format", "sarif", "--fail-on", "never"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let sarif = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let results = try XCTUnwrap((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]])
        let located: [String] = results.compactMap { result in
            guard let place = ((result["locations"] as? [[String: Any]])?.first?["physicalLocation"]) as? [String: Any],
                  let uri = (place["artifactLocation"] as? [String: Any])?["uri"] as? String, uri.contains("/source/"),
                  let region = place["region"] as? [String: Any] else { return nil }
            return "\(result["ruleId"] ?? "") \(uri):\(region["startLine"] ?? ""):\(region["startColumn"] ?? "")"
        }
        XCTAssertEqual(located, [
            "azureml-import iris-schema/1/source/score.py:3:1",
            "model-path iris-schema/1/source/score.py:11:25",
            "inference-schema-decorator iris-schema/1/source/score.py:14:2",
            "inference-schema-decorator iris-schema/1/source/score.py:15:2",
            "azureml-import iris-sk/1/source/score.py:5:1",
            "model-path iris-sk/1/source/score.py:10:18",
        ])
    }

    func testWithoutAPythonEachImageSaysWhyItsScriptWasNotAnalysed() throws {
        let r = try CLI.run(["audit", "fixtures/serving", "--fail-on", "never"], env: ["IMAGE2ENV_PYTHON": "/nonexistent/python3"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("""
              iris-sk:1
                [review] script-not-analysed: The entry script was not analysed: IMAGE2ENV_PYTHON=/nonexistent/python3 is not an executable file.

            """), r.stdout)
        XCTAssertEqual(r.stdout.components(separatedBy: "script-not-analysed").count - 1, 3)
        XCTAssertFalse(r.stdout.contains("model-path"))
    }

    /// A `python3` that is a launcher (here a shell script, like a pyenv shim) is run once, to
    /// ask for the interpreter; the helpers then run the interpreter itself.
    func testAPythonLauncherIsRunOnceThenTheInterpreterItself() throws {
        let folder = try TestFolder(self)
        let python = try XCTUnwrap(["/usr/bin/python3", "/usr/local/bin/python3"].first { FileManager.default.isExecutableFile(atPath: $0) }
            ?? ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map { "\($0)/python3" }
                .first { FileManager.default.isExecutableFile(atPath: $0) })
        let log = folder.url.appendingPathComponent("runs.log").path
        let shim = try folder.write("bin/python3", "#!/bin/sh\necho run >> '\(log)'\nexec '\(python)' \"$@\"\n")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: shim)
        let direct = try CLI.run(["audit", "fixtures/serving", "--fail-on", "never"])
        let launched = try CLI.run(["audit", "fixtures/serving", "--fail-on", "never"], env: ["IMAGE2ENV_PYTHON": shim])
        XCTAssertEqual(launched.status, 0, launched.stderr)
        XCTAssertEqual(launched.stdout, direct.stdout)
        XCTAssertFalse(launched.stdout.contains("script-not-analysed"), launched.stdout)
        XCTAssertEqual(try String(contentsOfFile: log, encoding: .utf8), "run\n")
    }
}
