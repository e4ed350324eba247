import Foundation
import XCTest

/// `image2env convert` end to end over the bundled fixtures.
final class ConvertCommandTests: XCTestCase {
    var tmp: URL!

    override func setUpWithError() throws {
        tmp = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-convert-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: tmp)
    }

    /// Every file under `dir`, relative, sorted.
    func tree(_ dir: URL) -> [String] {
        let base = dir.path + "/"
        let all = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? []
        return all.filter { !FileManager.default.isDirectory(base + $0) }.sorted()
    }

    func testResolutionAskedForThatCannotBeDoneAtAllExits69() throws {
        // churn-scorer:2 installs from a private feed that cannot be reached from here.
        let out = tmp.appendingPathComponent("out")
        let explicit = try CLI.run(["convert", "fixtures/workspace", "--out", out.path, "--image", "churn-scorer:2"] + CLI.solve)
        XCTAssertEqual(explicit.status, 69)
        XCTAssertEqual(explicit.stderr, "image2env: error: nothing could be resolved: the index pkgs.contoso.example cannot be reached (its name does not resolve)\n")
        XCTAssertEqual(explicit.stdout, "Wrote 1 image to \(out.path): 0 ready, 1 review, 0 manual\n")
        // Without --resolve on the command line it is a finding, not a failure.
        let implicit = try CLI.run(["convert", "fixtures/workspace", "--out", out.path, "--force", "--image", "churn-scorer:2",
                                    "--exclude-newer", "2026-11-01"], env: ["IMAGE2ENV_RESOLVE": "auto"])
        XCTAssertEqual(implicit.status, 0, implicit.stderr)
        // A resolver that does not exist, asked for explicitly.
        let missing = try CLI.run(["audit", "fixtures/workspace", "--image-selector-free", "--resolver", "/nonexistent/uv"] + CLI.solve)
        XCTAssertEqual(missing.status, 64, "unknown option first")
        let noResolver = try CLI.run(["audit", "fixtures/workspace", "--format", "json", "--fail-on", "never", "--resolver", "/nonexistent/uv"] + CLI.solve)
        XCTAssertEqual(noResolver.status, 69)
        XCTAssertEqual(noResolver.stderr, "image2env: error: nothing could be resolved: the resolver /nonexistent/uv (from --resolver) is not an executable file\n")
        let migration = try String(contentsOf: out.appendingPathComponent("churn-scorer/2/migration.json"), encoding: .utf8)
        XCTAssertTrue(migration.contains("\"reason\": \"the index pkgs.contoso.example cannot be reached (its name does not resolve)\""), migration)
    }

    func testConvertFixturesWritesTheTreeAndIsReproducible() throws {
        let out = tmp.appendingPathComponent("out")
        let result = try CLI.run(["convert", "fixtures/workspace", "--out", out.path] + CLI.solve)
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "Wrote 22 images to \(out.path): 2 ready, 9 review, 11 manual\n")
        let files = tree(out)
        try CLI.assertGolden(files.joined(separator: "\n") + "\n", "convert-fixtures-tree.txt")
        try CLI.assertGolden(String(contentsOf: out.appendingPathComponent("churn-scorer/1/migration.json"), encoding: .utf8), "convert-churn-scorer-1-migration.json")
        try CLI.assertGolden(String(contentsOf: out.appendingPathComponent("ocr-tesseract/1/v1/BaseDockerfile"), encoding: .utf8), "convert-ocr-tesseract-1-BaseDockerfile")
        try CLI.assertGolden(String(contentsOf: out.appendingPathComponent("fraud-custom/3/v1/azureml_environment.json"), encoding: .utf8), "convert-fraud-custom-3-azureml_environment.json")
        try CLI.assertGolden(String(contentsOf: out.appendingPathComponent("fraud-custom/3/v2/environment.yml"), encoding: .utf8), "convert-fraud-custom-3-environment.yml")

        // Manual images get migration.json and MANUAL.md, and source/ when it can be recovered.
        XCTAssertEqual(files.filter { $0.hasPrefix("resnet50-fpga/") }, ["resnet50-fpga/1/MANUAL.md", "resnet50-fpga/1/migration.json"])
        // No password or SAS signature from the input reaches any file.
        for file in files {
            let text = String(decoding: try Data(contentsOf: out.appendingPathComponent(file)), as: UTF8.self)
            XCTAssertFalse(text.contains("FAKE-REGISTRY-PASSWORD"), file)
            XCTAssertFalse(text.contains("FAKESIGNATURE"), file)
        }

        // Same input, same bytes; an existing non-empty --out needs --force.
        let again = try CLI.run(["convert", "fixtures/workspace", "--out", out.path])
        XCTAssertEqual(again.status, 64)
        XCTAssertEqual(again.stderr, "image2env: error: \(out.path): folder is not empty; use --force to replace its content\n")
        let second = tmp.appendingPathComponent("second")
        XCTAssertEqual(try CLI.run(["convert", "fixtures/workspace", "--out", second.path] + CLI.solve).status, 0)
        XCTAssertEqual(tree(second), files)
        for file in files {
            XCTAssertEqual(try Data(contentsOf: out.appendingPathComponent(file)), try Data(contentsOf: second.appendingPathComponent(file)), file)
        }
        let forced = try CLI.run(["convert", "fixtures/workspace", "--out", out.path, "--force", "--image", "echo-noconda", "--target", "v1"])
        XCTAssertEqual(forced.status, 0, forced.stderr)
        XCTAssertEqual(tree(out), ["echo-noconda/1/migration.json", "echo-noconda/1/source/echo_score.py",
                                   "echo-noconda/1/v1/azureml_environment.json", "echo-noconda/1/v1/conda_dependencies.yml"])
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: tmp.path).sorted(), ["out", "second"], "no staging folder left")
    }

    /// A manual image (a Spark scorer) gets its recovered source and a MANUAL.md saying what
    /// blocks it and what to do about each finding; no Environment.
    func testManualImageGetsItsSourceAndManualReadme() throws {
        let out = tmp.appendingPathComponent("out")
        let result = try CLI.run(["convert", "fixtures/workspace", "--out", out.path, "--image", "sentiment-spark:1", "--image", "resnet50-fpga"])
        XCTAssertEqual(result.status, 0, result.stderr)
        XCTAssertEqual(result.stdout, "Wrote 2 images to \(out.path): 0 ready, 0 review, 2 manual\n")
        XCTAssertEqual(tree(out), ["resnet50-fpga/1/MANUAL.md", "resnet50-fpga/1/migration.json",
                                   "sentiment-spark/1/MANUAL.md", "sentiment-spark/1/migration.json",
                                   "sentiment-spark/1/source/sentiment_score.py", "sentiment-spark/1/source/vocab.txt"])
        let folder = out.appendingPathComponent("sentiment-spark/1")
        try CLI.assertGolden(String(contentsOf: folder.appendingPathComponent("MANUAL.md"), encoding: .utf8), "convert-sentiment-spark-1-MANUAL.md")
        try CLI.assertGolden(String(contentsOf: folder.appendingPathComponent("migration.json"), encoding: .utf8), "convert-sentiment-spark-1-migration.json")
        XCTAssertEqual(try String(contentsOf: folder.appendingPathComponent("source/vocab.txt"), encoding: .utf8), "good\nbad\ngreat\nterrible\nfine\n")
        try CLI.assertGolden(String(contentsOf: out.appendingPathComponent("resnet50-fpga/1/MANUAL.md"), encoding: .utf8), "convert-resnet50-fpga-1-MANUAL.md")
    }

    /// An IoT image built by azureml-contrib-iot: the driver asset is the user's own main.py
    /// (an IoT Edge module loop, no init/run), reported as the entry script and placed at the
    /// root of the recovered tree beside its dependencies.
    func testIoTDriverIsTheEntryScriptAndItsTreeIsRecovered() throws {
        let out = tmp.appendingPathComponent("out")
        let result = try CLI.run(["convert", "fixtures/workspace", "--out", out.path, "--image", "edge-vibration:1"])
        XCTAssertEqual(result.status, 0, result.stderr)
        let folder = out.appendingPathComponent("edge-vibration/1")
        XCTAssertEqual(tree(folder), ["MANUAL.md", "migration.json", "source/main.py", "source/thresholds.json",
                                      "source/vibration/__init__.py", "source/vibration/features.py", "source/vibration/model.py"])
        try CLI.assertGolden(String(contentsOf: folder.appendingPathComponent("migration.json"), encoding: .utf8), "convert-edge-vibration-1-migration.json")
        try CLI.assertGolden(String(contentsOf: folder.appendingPathComponent("MANUAL.md"), encoding: .utf8), "convert-edge-vibration-1-MANUAL.md")
        let driver = CLI.packageRoot.appendingPathComponent("fixtures/workspace/artifacts/LocalUpload/4166df94/main.py")
        XCTAssertEqual(try Data(contentsOf: folder.appendingPathComponent("source/main.py")), try Data(contentsOf: driver))

        let audit = try CLI.run(["audit", "fixtures/workspace", "--format", "json", "--fail-on", "never"])
        let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(audit.stdout.utf8)) as? [String: Any])
        let image = try XCTUnwrap((doc["images"] as? [[String: Any]])?.first { $0["id"] as? String == "edge-vibration:1" })
        XCTAssertEqual(image["entryScript"] as? String, "main.py")
        XCTAssertEqual(image["sourceFiles"] as? [String], ["main.py", "thresholds.json", "vibration/__init__.py", "vibration/features.py",
                                                           "vibration/model.py"])
    }

    func testBadInputStillConvertsTheRestAndExits65() throws {
        let src = tmp.appendingPathComponent("src")
        try FileManager.default.createDirectory(at: src, withIntermediateDirectories: true)
        try Data(contentsOf: CLI.packageRoot.appendingPathComponent("fixtures/workspace/images/export.json")).write(to: src.appendingPathComponent("a.json"))
        try Data(#"[{"id": "../evil:1", "name": "../evil", "version": 1, "imageFlavor": "WebApiContainer", "targetRuntime": {"runtimeType": "Python", "properties": {}}}, {"id": "x:1"}]"#.utf8)
            .write(to: src.appendingPathComponent("b.json"))
        let out = tmp.appendingPathComponent("out")
        let result = try CLI.run(["convert", src.path, "--out", out.path])
        XCTAssertEqual(result.status, 65)
        XCTAssertEqual(result.stdout, "Wrote 3 images to \(out.path): 0 ready, 2 review, 1 manual\n")
        XCTAssertEqual(result.stderr.replacingOccurrences(of: src.path, with: "SRC"), """
        image2env: error: SRC/b.json: $[1].name: required field is missing
        image2env: error: SRC/b.json: $[0].name: image name "../evil" cannot be a folder name; not converted

        """)
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("evil").path))
    }

    func testUsageErrors() throws {
        let noOut = try CLI.run(["convert", "fixtures/workspace"])
        XCTAssertEqual(noOut.status, 64)
        let badImage = try CLI.run(["convert", "fixtures/workspace", "--out", tmp.appendingPathComponent("o").path, "--image", "nope"])
        XCTAssertEqual(badImage.status, 64)
        XCTAssertEqual(badImage.stderr, "image2env: error: --image nope: no such image in fixtures/workspace\n")
        let badRules = try CLI.run(["convert", "fixtures/workspace", "--out", tmp.appendingPathComponent("o").path, "--rules", "/nonexistent"])
        XCTAssertEqual(badRules.status, 64)
        XCTAssertEqual(badRules.stderr, "image2env: error: /nonexistent: not a folder of rule files\n")
    }
}

extension FileManager {
    func isDirectory(_ path: String) -> Bool {
        var isDir: ObjCBool = false
        return fileExists(atPath: path, isDirectory: &isDir) && isDir.boolValue
    }
}
