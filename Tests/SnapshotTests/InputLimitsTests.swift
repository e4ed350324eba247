import Archive
import Snapshot
import XCTest

/// The IMAGE2ENV_MAX_* variables: each sets its limit; a bad value names the variable.
final class InputLimitsTests: XCTestCase {
    func testEveryVariableSetsItsLimit() throws {
        let limits = try InputLimits.fromEnvironment([
            "IMAGE2ENV_MAX_JSON_BYTES": "1", "IMAGE2ENV_MAX_JSON_DEPTH": "2", "IMAGE2ENV_MAX_ARTIFACT_BYTES": "3",
            "IMAGE2ENV_MAX_YAML_BYTES": "4", "IMAGE2ENV_MAX_YAML_DEPTH": "5", "IMAGE2ENV_MAX_YAML_NODES": "6",
            "IMAGE2ENV_MAX_TAR_MEMBERS": "7", "IMAGE2ENV_MAX_TAR_BYTES": " 8 ", "IMAGE2ENV_MAX_TAR_NAME_BYTES": "9",
            "OTHER": "x",
        ])
        XCTAssertEqual(limits, InputLimits(maxJSONBytes: 1, maxJSONDepth: 2, maxArtifactBytes: 3,
                                           yaml: YAMLLimits(maxBytes: 4, maxDepth: 5, maxNodes: 6),
                                           tar: TarLimits(maxMembers: 7, maxTotalBytes: 8, maxNameLength: 9)))
        XCTAssertEqual(try InputLimits.fromEnvironment([:]), .default)
        XCTAssertEqual(InputLimits.variables.map(\.name).sorted(), [
            "IMAGE2ENV_MAX_ARTIFACT_BYTES", "IMAGE2ENV_MAX_JSON_BYTES", "IMAGE2ENV_MAX_JSON_DEPTH", "IMAGE2ENV_MAX_TAR_BYTES",
            "IMAGE2ENV_MAX_TAR_MEMBERS", "IMAGE2ENV_MAX_TAR_NAME_BYTES", "IMAGE2ENV_MAX_YAML_BYTES", "IMAGE2ENV_MAX_YAML_DEPTH",
            "IMAGE2ENV_MAX_YAML_NODES",
        ])
        for bad in ["", "0", "-5", "1.5", "1e6", "99999999999999999999"] {
            XCTAssertThrowsError(try InputLimits.fromEnvironment(["IMAGE2ENV_MAX_TAR_BYTES": bad])) { error in
                XCTAssertEqual("\(error)", "IMAGE2ENV_MAX_TAR_BYTES=\(bad): expected a positive whole number (see docs/security.md)")
            }
        }
    }

    func testArtifactSizeLimit() throws {
        let dir = try TempDir()
        let file = try dir.write("artifacts/LocalUpload/a/env.yml", String(repeating: "x", count: 100))
        let store = ArtifactStore(root: dir.path + "/artifacts", maxBytes: 99)
        XCTAssertThrowsError(try store.read("aml://artifact/LocalUpload/a/env.yml")) { error in
            XCTAssertEqual("\(error)", "artifact \(file) is 100 bytes, more than the limit of 99 bytes (raise it with IMAGE2ENV_MAX_ARTIFACT_BYTES)")
        }
        XCTAssertEqual(try ArtifactStore(root: dir.path + "/artifacts", maxBytes: 100).read("aml://artifact/LocalUpload/a/env.yml").bytes.count, 100)
    }
}
