import Snapshot
import XCTest

final class ArtifactParsingTests: XCTestCase {
    func testCondaSpec() throws {
        let spec = try CondaSpec.parse("""
        name: churn
        channels:
          - conda-forge
          - defaults
        dependencies:
          - python=3.6.2
          - conda-forge::numpy>=1.16
          - pip:
            - --index-url https://pkgs.example.com/simple
            - azureml-defaults==1.0.45
            - inference-schema[numpy-support]
        variables:
          A: b
        """)
        XCTAssertEqual(spec.name, "churn")
        XCTAssertEqual(spec.channels, ["conda-forge", "defaults"])
        XCTAssertEqual(spec.condaPackages, ["python=3.6.2", "conda-forge::numpy>=1.16"])
        XCTAssertEqual(spec.pipPackages, ["azureml-defaults==1.0.45", "inference-schema[numpy-support]"])
        XCTAssertEqual(spec.pipOptions, ["--index-url https://pkgs.example.com/simple"])
        XCTAssertEqual(spec.otherKeys, ["variables"])
        XCTAssertEqual(spec.pythonVersion, "3.6.2")
        XCTAssertEqual(PackageSpec.name("conda-forge::numpy>=1.16"), "numpy")
        XCTAssertEqual(try CondaSpec.parse("dependencies: [python>=3.5]").pythonVersion, "3.5")
        XCTAssertNil(try CondaSpec.parse("dependencies: [numpy]").pythonVersion)
    }

    func testCondaSpecErrors() {
        func message(_ text: String) -> String {
            do {
                _ = try CondaSpec.parse(text)
                return "no error"
            } catch {
                return error.description
            }
        }
        XCTAssertEqual(message(""), "1:1: empty conda file")
        XCTAssertEqual(message("- a\n- b\n"), "1:1: expected a mapping with name, channels and dependencies")
        XCTAssertEqual(message("name: x\ndependencies: numpy\n"), "2:15: expected \"dependencies\" to be a list")
        XCTAssertEqual(message("dependencies:\n  - {a: 1}\n"), "2:5: expected a package spec or a \"pip:\" list in \"dependencies\"")
        XCTAssertEqual(message("channels: [[a]]\n"), "1:12: expected the items of \"channels\" to be strings")
        XCTAssertEqual(message("name: [\n"), "2:1: invalid YAML: while parsing a flow node did not find expected node content")
    }

    func testDriverScript() {
        let wrapper = """
        import os
        import sys


        script_location = os.path.join(os.path.dirname(os.path.realpath(__file__)), 'score.py')
        driver_module_spec = imp.spec_from_file_location('service_driver', script_location)
        """
        XCTAssertEqual(DriverScript.entryScript(in: wrapper), "score.py")
        XCTAssertEqual(DriverScript.entryScript(in: wrapper.replacingOccurrences(of: "'score.py'", with: "\"src/app.py\"")), "src/app.py")
        XCTAssertNil(DriverScript.entryScript(in: "print(1)\n"))
        XCTAssertTrue(DriverScript.isScoringScript("def init():\n    pass\n\ndef run(data):\n    return data\n"))
        XCTAssertFalse(DriverScript.isScoringScript(wrapper))
    }

    func testArtifactURLs() throws {
        XCTAssertEqual(try ArtifactStore.relativePath(of: "aml://artifact/LocalUpload/abc/dir/env%20x.yml"), "LocalUpload/abc/dir/env x.yml")
        for bad in ["aml://artifact/LocalUpload/abc", "https://x/y/z", "aml://artifact/LocalUpload/../x", "aml://artifact/LocalUpload//x",
                    "aml://artifact/LocalUpload/%2E%2E/x", "aml://artifact/LocalUpload/a/b%00c"] {
            XCTAssertThrowsError(try ArtifactStore.relativePath(of: bad), bad)
        }
    }
}
