import XCTest

@testable import EnvironmentSpec

/// `YAMLNode(pythonLoading:)` and `pythonDump` against PyYAML 6: the expected text is what
/// `yaml.dump(yaml.safe_load(text), sort_keys=True)` printed for the same input (azure-ai-ml's
/// `condaFile` of an environment version).
final class YAMLNodePyYAMLTests: XCTestCase {
    func testDumpIsPyYAMLsSortedDumpOfItsSafeLoad() throws {
        let text = """
            name: café-env
            channels:
              - conda-forge
              - "yes"
            dependencies:
              - python=3.9
              - "1.10"
              - pip
              - pip:
                  - --index-url https://pkgs.example/simple/
                  - "numpy>=1.16, <2"
                  - it's-a-name
                  - "~"
                  - "null"
                  - ""
            variables:
              COUNT: 3
              FLAG: true
              EMPTY:
              A_LONG_LINE: this is a fairly long value that goes past eighty columns of text so that the emitter has to fold it somewhere

            """
        let expected = "channels:\n- conda-forge\n- 'yes'\ndependencies:\n- python=3.9\n- '1.10'\n- pip\n- pip:\n"
            + "  - --index-url https://pkgs.example/simple/\n  - numpy>=1.16, <2\n  - it's-a-name\n  - '~'\n  - 'null'\n  - ''\n"
            + "name: \"caf\\xE9-env\"\nvariables:\n  A_LONG_LINE: this is a fairly long value that goes past eighty columns of text so\n"
            + "    that the emitter has to fold it somewhere\n  COUNT: 3\n  EMPTY: null\n  FLAG: true\n"
        XCTAssertEqual(try YAMLNode(pythonLoading: text).pythonDump, expected)
    }

    func testWhatPyYAMLReadsAsAnotherTypeIsRefusedWithItsLine() {
        XCTAssertThrowsError(try YAMLNode(pythonLoading: "a: 1\nversion: 1.5\n")) {
            XCTAssertEqual(($0 as? YAMLNode.LoadError)?.description,
                           "line 2: 1.5 reads as a number or date in YAML 1.1, which image2env does not reproduce; quote it")
        }
        XCTAssertThrowsError(try YAMLNode(pythonLoading: "on: x\n")) {
            XCTAssertEqual(($0 as? YAMLNode.LoadError)?.description, "line 1: a key that is not a string")
        }
    }
}
