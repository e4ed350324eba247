import Snapshot
import Solve
import XCTest

/// Pip requirement lines and conda specs in the solve stage's terms.
final class RequirementTests: XCTestCase {
    func testPipLines() throws {
        let r = try XCTUnwrap(PipRequirement("Scikit_Learn[alldeps] == 1.0.2 ; python_version >= '3.8'"))
        XCTAssertEqual(r.name, "Scikit_Learn")
        XCTAssertEqual(r.normalizedName, "scikit-learn")
        XCTAssertEqual(r.extras, "[alldeps]")
        XCTAssertEqual(r.specifier, "==1.0.2")
        XCTAssertEqual(r.marker, "python_version >= '3.8'")
        XCTAssertEqual(r.exactPin, "1.0.2")
        XCTAssertEqual(r.with(specifier: "==1.3.2"), "Scikit_Learn[alldeps]==1.3.2; python_version >= '3.8'")
        XCTAssertEqual(PipRequirement("numpy==1.16.*")?.exactPin, nil)
        XCTAssertEqual(PipRequirement("numpy==1.16.*")?.isEqualityPin, true)
        XCTAssertEqual(PipRequirement("numpy>=1.16,<2")?.isEqualityPin, false)
        XCTAssertEqual(PipRequirement("pkg (>=1.0)")?.specifier, ">=1.0")
        XCTAssertEqual(PipRequirement("featurizer @ https://example.com/f.whl")?.isDirectReference, true)
        XCTAssertEqual(PipRequirement("git+https://github.com/contoso/f@v1")?.isDirectReference, true)
        XCTAssertEqual(PipRequirement("./local/pkg")?.isDirectReference, true)
        XCTAssertNil(PipRequirement("numpy===="))
        XCTAssertNil(PipRequirement("--extra-index-url https://x"))
        XCTAssertNil(PipRequirement("-e ."))
        XCTAssertNil(PipRequirement("# a comment"))
        XCTAssertNil(PipRequirement("bad name"))
    }

    func testCondaSpecsInPipTerms() {
        XCTAssertEqual(PipRequirement.fromConda("numpy=1.16", pipName: "numpy"), "numpy==1.16.*")
        XCTAssertEqual(PipRequirement.fromConda("numpy=1.16.4", pipName: "numpy"), "numpy==1.16.4")
        XCTAssertEqual(PipRequirement.fromConda("numpy==1.16", pipName: "numpy"), "numpy==1.16")
        XCTAssertEqual(PipRequirement.fromConda("numpy 1.16", pipName: "numpy"), "numpy==1.16.*")
        XCTAssertEqual(PipRequirement.fromConda("numpy=1.16*", pipName: "numpy"), "numpy==1.16.*")
        XCTAssertEqual(PipRequirement.fromConda("numpy=1.16.4=py36_0", pipName: "numpy"), "numpy==1.16.4")
        XCTAssertEqual(PipRequirement.fromConda("conda-forge::py-xgboost>=1.0,<2", pipName: "xgboost"), "xgboost>=1.0,<2")
        XCTAssertEqual(PipRequirement.fromConda("pytorch", pipName: "torch"), "torch")
        XCTAssertNil(PipRequirement.fromConda("numpy[version='>=1.16']", pipName: "numpy"))
        XCTAssertNil(PipRequirement.fromConda("numpy=1.16|1.17", pipName: "numpy"))
    }
}

/// One rule for every cache folder (the solve stage's answers, verify's venvs).
final class CacheFolderTests: XCTestCase {
    func testTheCacheFolderOfEachSetting() {
        XCTAssertEqual(CacheFolder.path("resolve", environment: ["IMAGE2ENV_CACHE_DIR": "/c", "XDG_CACHE_HOME": "/x", "HOME": "/h"]), "/c/resolve")
        XCTAssertNil(CacheFolder.path("resolve", environment: ["IMAGE2ENV_CACHE_DIR": "none", "HOME": "/h"]))
        XCTAssertEqual(CacheFolder.path("verify", environment: ["IMAGE2ENV_CACHE_DIR": "", "XDG_CACHE_HOME": "/x", "HOME": "/h"]), "/x/image2env/verify")
        XCTAssertEqual(CacheFolder.path("verify", environment: ["HOME": "/h"]), "/h/.cache/image2env/verify")
        XCTAssertNil(CacheFolder.path("verify", environment: [:]))
    }
}
