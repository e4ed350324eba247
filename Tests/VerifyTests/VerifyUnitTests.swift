import Snapshot
import XCTest
@testable import Verify

final class VerifyUnitTests: XCTestCase {
    func testTheSwaggerExampleIsTheSample() {
        let swagger = """
            {"swagger": "2.0", "paths": {"/score": {"post": {"parameters": [{"name": "Inputs", "in": "body", "required": true,
             "schema": {"$ref": "#/definitions/ServiceInput"}}]}}},
             "definitions": {"ServiceInput": {"type": "object", "example": {"data": [[5.1, 3.5, 1.4, 0.2]]}}}}
            """
        XCTAssertEqual(SampleInput.fromSwagger(Array(swagger.utf8)).map { String(decoding: $0, as: UTF8.self) },
                       "{\"data\": [[5.1, 3.5, 1.4, 0.2]]}")
        XCTAssertNil(SampleInput.fromSwagger(Array("{\"swagger\": \"2.0\", \"paths\": {}}".utf8)))
        XCTAssertNil(SampleInput.fromSwagger(Array("not json".utf8)))
        // What the server writes for a script without inference_schema: an empty example is no sample.
        XCTAssertNil(SampleInput.fromSwagger(Array("{\"definitions\": {\"ServiceInput\": {\"type\": \"object\", \"example\": {}}}}".utf8)))
    }

    /// The venv gets the index options as the solve stage gave them to uv: `--flag=value` read,
    /// pip-only options (uv refuses them in a requirements file) left out.
    func testTheVenvGetsTheIndexOptionsTheSolveStageUsed() {
        let conda = CondaSpec(pipPackages: ["numpy==1.26.4"],
                              pipOptions: ["--extra-index-url=https://pkgs.example/simple", "--trusted-host pkgs.example", "--pre",
                                           "--use-feature=truststore"])
        let requirements = ServingEnvironment.Requirements(conda)
        XCTAssertEqual(requirements.fileText, "--extra-index-url https://pkgs.example/simple\nnumpy==1.26.4\n")
        XCTAssertEqual(requirements.insecureHosts, ["pkgs.example"])
        XCTAssertTrue(requirements.prerelease)
    }

    func testTheReasonIsTheLastExceptionOfTheLog() {
        let log = """
            2026-12-02 03:00:00,000 I [1] azmlinfsrv - Starting
            Traceback (most recent call last):
              File "/tmp/app/score.py", line 9, in init
                model = joblib.load(path)
            FileNotFoundError: [Errno 2] No such file or directory: '/tmp/model/model.joblib'
            The above exception was the direct cause of the following exception:
            azureml_inference_server_http.server.user_script.UserScriptException: Caught an unhandled exception from the user script
            Worker exiting (pid: 12)
            """
        XCTAssertEqual(VerifyRun.exception(in: log), "FileNotFoundError: [Errno 2] No such file or directory: '/tmp/model/model.joblib'")
        XCTAssertNil(VerifyRun.exception(in: "all good\nListening at: http://127.0.0.1:5001\n"))
        XCTAssertEqual(VerifyRun.tail("a\nb\nc\n", lines: 2), ["b", "c"])
    }

    func testAFolderWithoutMigrationJSONIsAUsageError() {
        XCTAssertThrowsError(try ConvertedImage.load("/nonexistent/iris/1", target: .v2)) { error in
            let e = error as? ConvertedImage.LoadError
            XCTAssertEqual(e?.kind, .usage)
            XCTAssertEqual(e?.message, "/nonexistent/iris/1: no migration.json; give the folder convert wrote for one image (OUT/NAME/VERSION)")
        }
    }

    /// The `IMAGE2ENV_MAX_*` limits hold for what verify reads, as for every other input.
    func testMigrationJSONOverTheLimitIsUnreadable() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("verify-limit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: folder) }
        try Data("{\"image\": \"iris:1\", \"entryScript\": \"score.py\"}".utf8).write(to: URL(fileURLWithPath: folder + "/migration.json"))
        var limits = InputLimits.default
        limits.maxJSONBytes = 16
        XCTAssertThrowsError(try ConvertedImage.load(folder, target: .v2, limits: limits)) { error in
            let e = error as? ConvertedImage.LoadError
            XCTAssertEqual(e?.kind, .data)
            XCTAssertEqual(e?.message, folder + "/migration.json: is 46 bytes, more than the limit of 16 bytes (raise it with IMAGE2ENV_MAX_JSON_BYTES)")
        }
    }

    func testExitCodes() {
        XCTAssertEqual([VerifyReport.Result.passed, .failed, .cannotRunHere, .usage, .unreadable].map(\.exitCode), [0, 3, 69, 64, 65])
    }
}
