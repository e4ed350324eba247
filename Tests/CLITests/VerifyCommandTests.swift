import Foundation
import XCTest

/// `image2env verify` end to end: the serving fixtures (fixtures/serving, real scikit-learn
/// models in fixtures/serving-inputs) converted with the real solve, then served by the real
/// azureml-inference-server-http from PyPI in a uv venv (cached under
/// .build/image2env-test-cache/verify, keyed by the solved set). Three real server runs: v2 with
/// the rewritten code and the swagger's sample, v1 with azureml-defaults and a sample file, and
/// an init() that raises.
final class VerifyCommandTests: XCTestCase {
    static let models = "fixtures/serving-inputs/models"
    static let cache = CLI.packageRoot.appendingPathComponent(".build/image2env-test-cache").path

    /// fixtures/serving converted once for every test of the class.
    nonisolated(unsafe) static var converted: String?

    func out() throws -> String {
        if let done = Self.converted { return done }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-verify-\(UUID().uuidString)").path
        let r = try CLI.run(["convert", "fixtures/serving", "--out", folder] + CLI.solve)
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual(r.stdout, "Wrote 3 images to \(folder): 3 ready, 0 review, 0 manual\n")
        Self.converted = folder
        return folder
    }

    override class func tearDown() {
        if let folder = converted { try? FileManager.default.removeItem(atPath: folder) }
    }

    func verify(_ args: [String]) throws -> CLIResult {
        try CLI.run(["verify"] + args, env: ["IMAGE2ENV_CACHE_DIR": Self.cache])
    }

    func report(_ path: String) throws -> [String: Any] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    func testV2ServesTheRewrittenCodeWithTheSampleItsSchemaDeclares() throws {
        let out = try out()
        let folder = try TestFolder(self)
        XCTAssertEqual(try String(contentsOfFile: "\(out)/iris-schema/1/v2/code.patch", encoding: .utf8).contains("+    model = joblib.load(_azureml_model_path())"), true)
        let start = Date()
        let r = try verify(["\(out)/iris-schema/1", "--model-dir", Self.models, "--report", folder.path + "/r.json"])
        print("verify iris-schema v2: \(Date().timeIntervalSince(start)) s")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("iris-schema:1 (v2): passed, POST /score → 200 in "), r.stdout)
        XCTAssertTrue(r.stdout.contains("  response: {\"predictions\": [0, 2]}\n"), r.stdout)
        let rep = try report(folder.path + "/r.json")
        XCTAssertEqual(rep["result"] as? String, "passed")
        XCTAssertEqual(rep["status"] as? Int, 200)
        XCTAssertEqual(rep["sample"] as? String, "swagger")
        XCTAssertEqual(rep["python"] as? String, "3.11")
        XCTAssertEqual((rep["response"] as? [String: Any])?["predictions"] as? [Int], [0, 2])
        XCTAssertEqual(rep["logTail"] as? [String], [])
        XCTAssertNotNil(rep["latencyMs"] as? Int)
    }

    func testV1ServesTheSourceWithAzuremlDefaults() throws {
        let out = try out()
        let start = Date()
        let r = try verify(["\(out)/iris-sk/1", "--model-dir", Self.models, "--target", "v1", "--sample", "fixtures/serving-inputs/samples/iris.json"])
        print("verify iris-sk v1: \(Date().timeIntervalSince(start)) s")
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("iris-sk:1 (v1): passed, POST /score → 200 in "), r.stdout)
        XCTAssertTrue(r.stdout.contains("  response: {\"predictions\": [0, 1, 2]}\n"), r.stdout)
    }

    func testAnInitThatRaisesFailsWithItsException() throws {
        let out = try out()
        let folder = try TestFolder(self)
        let r = try verify(["\(out)/iris-broken/1", "--model-dir", Self.models, "--sample", "fixtures/serving-inputs/samples/iris.json",
                            "--report", folder.path + "/r.json"])
        XCTAssertEqual(r.status, 3, r.stdout + r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("iris-broken:1 (v2): FAILED"), r.stdout)
        let rep = try report(folder.path + "/r.json")
        XCTAssertEqual(rep["result"] as? String, "failed")
        let reason = try XCTUnwrap(rep["reason"] as? String)
        XCTAssertTrue(reason.contains("FileNotFoundError: [Errno 2] No such file or directory: '"), reason)
        XCTAssertTrue(reason.hasSuffix("/model/model.joblib'"), reason)
        XCTAssertFalse((rep["logTail"] as? [String] ?? []).isEmpty)
        // Nothing is left running.
        let ps = Process()
        ps.executableURL = URL(fileURLWithPath: "/bin/sh")
        ps.arguments = ["-c", "ps -eo args | grep -c '[a]zureml_inference_server_http.amlserver' || true"]
        let pipe = Pipe()
        ps.standardOutput = pipe
        try ps.run()
        ps.waitUntilExit()
        XCTAssertEqual(String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self), "0\n")
    }

    func testWhatCannotBeVerifiedSaysWhyWithItsExitCode() throws {
        let out = try out()
        var r = try verify(["fixtures/serving", "--model-dir", Self.models])
        XCTAssertEqual(r.status, 64)
        XCTAssertEqual(r.stderr, "image2env: error: fixtures/serving: no migration.json; give the folder convert wrote for one image (OUT/NAME/VERSION)\n")
        r = try verify(["\(out)/iris-sk/1", "--model-dir", "fixtures"])
        XCTAssertEqual(r.status, 64)
        XCTAssertEqual(r.stderr, "image2env: error: --model-dir fixtures has no folder iris-sk/1/ (it is laid out like the v1 container's azureml-models/: <model name>/<version>/<files>)\n")
        // A Python that is not installed here: uv downloads none.
        let folder = try TestFolder(self)
        let copy = folder.path + "/iris-sk/1"
        try FileManager.default.createDirectory(atPath: folder.path + "/iris-sk", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: "\(out)/iris-sk/1", toPath: copy)
        let record = try String(contentsOfFile: copy + "/migration.json", encoding: .utf8)
        try record.replacingOccurrences(of: "\"python\": \"3.11\"", with: "\"python\": \"3.4\"").write(toFile: copy + "/migration.json", atomically: true, encoding: .utf8)
        r = try verify([copy, "--model-dir", Self.models])
        XCTAssertEqual(r.status, 69, r.stdout + r.stderr)
        XCTAssertEqual(r.stdout, "iris-sk:1 (v2): not run\n  reason: no local interpreter for Python 3.4 (the Python the solve stage chose): install CPython 3.4 where uv finds it (`uv python find 3.4` must answer), or convert for a Python that is installed here\n")
    }

    func testConvertVerifyServesWhatHasAModelFolder() throws {
        let folder = try TestFolder(self)
        let r = try CLI.run(["convert", "fixtures/serving", "--out", folder.path + "/out", "--image", "iris-schema", "--verify",
                             "--model-dir", Self.models] + CLI.solve, env: ["IMAGE2ENV_CACHE_DIR": Self.cache])
        XCTAssertEqual(r.status, 0, r.stdout + r.stderr)
        let lines = r.stdout.split(separator: "\n").map(String.init)
        XCTAssertEqual(lines.first, "Wrote 1 image to \(folder.path)/out: 1 ready, 0 review, 0 manual")
        XCTAssertTrue(lines.contains { $0.hasPrefix("iris-schema:1 (v2): passed, POST /score → 200 in ") }, r.stdout)
        XCTAssertEqual(lines.last, "Verified 1 image with a model folder under \(Self.models)")
        XCTAssertEqual(try CLI.run(["convert", "fixtures/serving", "--out", folder.path + "/x", "--verify"]).stderr,
                       "Error: --verify needs --model-dir\nUsage: image2env convert [<options>] [<source>] --out <out>\n  See 'image2env convert --help' for more information.\n")
    }
}
