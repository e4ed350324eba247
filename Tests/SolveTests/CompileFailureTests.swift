import Snapshot
@testable import Solve
import XCTest

/// What uv 0.13.9 printed for real requests (captured from `uv pip compile` against PyPI), read
/// into failures.
final class CompileFailureTests: XCTestCase {
    func testNoWheelsWithAMatchingABITag() {
        let f = CompileFailure.parse("""
            warning: The requested Python version 3.12 is not available; 3.11.7 will be used to build dependencies instead.
            error: No solution found when resolving dependencies
              cause: Because tensorflow-gpu==1.12.0 has no wheels with a matching Python ABI tag (e.g., `cp312`) and you require tensorflow-gpu==1.12.0, we can conclude that your requirements are unsatisfiable.

            hint: You require CPython 3.12 (`cp312`), but we only found wheels for `tensorflow-gpu` (v1.12.0) with the following Python ABI tags: `cp27mu`, `cp33m`, `cp34m`, `cp35m`, `cp36m`
            """)
        XCTAssertEqual(f.kind, .noMatchingWheels)
        XCTAssertEqual(f.package, "tensorflow-gpu")
        XCTAssertEqual(f.version, "1.12.0")
        XCTAssertEqual(f.wheelTags, ["cp27mu", "cp33m", "cp34m", "cp35m", "cp36m"])
        XCTAssertEqual(f.detail, "tensorflow-gpu==1.12.0 has no wheels with a matching Python ABI tag (e.g., `cp312`) and you require tensorflow-gpu==1.12.0")
        XCTAssertEqual(f.mentioned, ["tensorflow-gpu"])
    }

    func testNoUsableWheelsAndInvalidMetadata() {
        let wheels = CompileFailure.parse("""
            error: No solution found when resolving dependencies
              cause: Because pandas==0.23.1 has no usable wheels and you require pandas==0.23.1, we can conclude that your requirements are unsatisfiable.

            hint: Wheels are required for `pandas` because building from source is disabled for all packages (i.e., with `--no-build`)
            """)
        XCTAssertEqual(wheels.kind, .noUsableWheels)
        XCTAssertEqual(wheels.package, "pandas")
        XCTAssertEqual(wheels.version, "0.23.1")
        let metadata = CompileFailure.parse("""
            error: No solution found when resolving dependencies
              cause: Because pandas==0.23.1 has invalid metadata and you require pandas==0.23.1, we can conclude that your requirements are unsatisfiable.

            hint: Metadata for `pandas` (v0.23.1) could not be parsed:
              after parsing `2011`, found `k`, which is not part of a valid version
              pytz (>=2011k)
                    ^^^^^^^
            """)
        XCTAssertEqual(metadata.kind, .invalidMetadata)
        XCTAssertEqual(metadata.detail, "pandas==0.23.1 has invalid metadata and you require pandas==0.23.1 "
                       + "(after parsing `2011`, found `k`, which is not part of a valid version in `pytz (>=2011k)`)")
        XCTAssertTrue(metadata.kind.isDeterministic)
    }

    func testAllVersionsAndNotFound() {
        let all = CompileFailure.parse("""
            error: No solution found when resolving dependencies
              cause: Because all versions of sklearn have no usable wheels and you require sklearn, we can conclude that your requirements are unsatisfiable.
            """)
        XCTAssertEqual(all.kind, .noUsableWheels)
        XCTAssertEqual(all.package, "sklearn")
        XCTAssertNil(all.version)
        let missing = CompileFailure.parse("""
            error: No solution found when resolving dependencies
              cause: Because nonexistent-pkg-image2env was not found in the package registry and you require nonexistent-pkg-image2env, we can conclude that your requirements are unsatisfiable.
            """)
        XCTAssertEqual(missing.kind, .notFound)
        XCTAssertEqual(missing.package, "nonexistent-pkg-image2env")
    }

    func testAConflictNamesEveryProject() {
        let f = CompileFailure.parse("""
            error: No solution found when resolving dependencies
              cause: Because fusepy==3.0.1 has no usable wheels and only fusepy<=3.0.1 is available, we can conclude that fusepy>=3.0.1 cannot be used.
                     And because azureml-dataset-runtime[fuse]>=1.48.0 depends on fusepy>=3.0.1, we can conclude that azureml-dataset-runtime[fuse]>=1.48.0 cannot be used.
                     And because you require azureml-defaults>=1.48, we can conclude that your requirements are unsatisfiable.
            """)
        XCTAssertEqual(f.kind, .noUsableWheels)
        XCTAssertEqual(f.package, "fusepy")
        XCTAssertEqual(f.mentioned, ["fusepy", "azureml-dataset-runtime", "azureml-defaults"])
    }

    func testBuildFailuresBadLinesNetworkAndOffline() {
        let build = CompileFailure.parse("""
            error: Failed to build `sklearn==0.0.post12`
              cause: The build backend returned an error
              cause: Call to `setuptools.build_meta:__legacy__.get_requires_for_build_wheel` failed (exit status: 1)

                     [stderr]
                     The 'sklearn' PyPI package is deprecated, use 'scikit-learn'
                     rather than 'sklearn' for pip commands.
            """)
        XCTAssertEqual(build.kind, .buildFailed)
        XCTAssertEqual(build.detail, "building sklearn==0.0.post12 from source failed: The 'sklearn' PyPI package is deprecated, use 'scikit-learn'")
        let bad = CompileFailure.parse("""
            error: Couldn't parse requirement in `r.in` at position 0
              cause: after parsing `1.2.3.4.5`, found `x`, which is not part of a valid version
            """)
        XCTAssertEqual(bad.kind, .badRequirement)
        XCTAssertEqual(bad.detail, "a requirement cannot be read: after parsing `1.2.3.4.5`, found `x`, which is not part of a valid version")
        let network = CompileFailure.parse("""
            error: Request failed after 3 retries in 8.0s
              cause: Failed to fetch: https://build:s3cr3t@pkgs.contoso.example/simple/numpy/
              cause: dns error
            """)
        XCTAssertEqual(network.kind, .network)
        XCTAssertEqual(network.detail, "the index pkgs.contoso.example cannot be reached (its name does not resolve)")
        XCTAssertFalse(network.kind.isDeterministic)
        let offline = CompileFailure.parse("""
            error: No solution found when resolving dependencies
              cause: Because scikit-learn==1.3.2 needs to be downloaded from a registry and you require scikit-learn==1.3.2, we can conclude that your requirements are unsatisfiable.

            hint: Packages were unavailable because the network was disabled. When the network is disabled, registry packages may only be read from the cache.
            """)
        XCTAssertEqual(offline.kind, .offline)
    }

    func testCredentialsInURLsAreRedacted() {
        XCTAssertEqual(Redaction.text("see https://build:s3cr3t@pkgs.contoso.example/simple and git+https://tok@github.com/x, mail@host"),
                       "see https://build:REDACTED@pkgs.contoso.example/simple and git+https://REDACTED@github.com/x, mail@host")
    }

    func testWheelTagsAreCondensed() {
        XCTAssertEqual(WheelIndex.condense(["cp36", "cp27", "cp34", "cp35", "py3", "pp37"]), "cp27, cp34–cp36, py3")
        XCTAssertEqual(WheelIndex.pythonTags(["pandas-0.23.1-cp36-cp36m-manylinux1_x86_64.whl", "pandas-0.23.1.tar.gz",
                                              "six-1.0-py2.py3-none-any.whl"]).sorted(), ["cp36", "py2", "py3"])
        XCTAssertEqual(WheelIndex.version(ofFile: "azureml_dataset_runtime-1.62.0-py3-none-any.whl", project: "azureml-dataset-runtime"), "1.62.0")
        XCTAssertEqual(WheelIndex.version(ofFile: "json-logging-py-0.2.tar.gz", project: "json-logging-py"), "0.2")
        XCTAssertNil(WheelIndex.condense(["pp37"]))
    }
}
