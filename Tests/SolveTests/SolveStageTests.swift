import Foundation
import MigrationRules
@testable import Solve
import XCTest

/// The solve stage against the real package index (PyPI) with the real resolver (uv, installed
/// by `make deps`), packages no newer than a fixed date: each outcome with its exact figures.
final class SolveStageTests: XCTestCase {
    static let date = "2026-11-01T00:00:00Z"
    static let ubuntu2204 = "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20251130.v1"

    static func rules() throws -> RuleSet { try RuleSet.load(builtIn: RuleSet.builtInFolder()) }

    func stage(_ options: SolveOptions = SolveOptions(excludeNewer: date)) async throws -> SolveStage {
        let stage = try await SolveStage.make(options, ruleSet: try Self.rules())
        XCTAssertNil(stage.unavailableReason, "the resolver is missing: run `make deps` (it installs uv into .tools/uv)")
        return stage
    }

    func request(_ pip: [String], conda: [String] = ["python=3.6.2"], options: [String] = [], base: String? = ubuntu2204,
                 targets: SolveRequest.Targets = .both) -> SolveRequest {
        SolveRequest(pipPackages: pip, pipOptions: options, condaPackages: conda, baseImage: base, baseDockerfile: nil, targets: targets)
    }

    func testAnUnpinnedEnvironmentLandsOnTheFirstCandidate() async throws {
        let r = try await stage().resolve(request(["azureml-defaults", "scikit-learn"], conda: ["python=3.7", "pip", "libgomp"]))
        XCTAssertEqual(r.status, .resolved)
        XCTAssertEqual(r.python, "3.12")
        XCTAssertEqual(r.imagePython, "3.7")
        XCTAssertFalse(r.lastResortPython)
        XCTAssertEqual(r.platform, "x86_64-manylinux_2_35")
        XCTAssertFalse(r.platformAssumed)
        XCTAssertEqual(r.resolver, "uv 0.13.9")
        XCTAssertEqual(r.excludeNewer, Self.date)
        XCTAssertEqual(r.condaOnly, ["libgomp"])
        XCTAssertEqual(r.packages.map(\.name), ["azureml-defaults", "scikit-learn", "azureml-inference-server-http"])
        XCTAssertEqual(r.packages[0].v1, "1.62.0")
        XCTAssertNil(r.packages[0].v2, "v2 Environments do not carry azureml-defaults")
        XCTAssertEqual(r.packages[2].v2, "1.5.1")
        XCTAssertNotNil(r.packages[1].v1)
        XCTAssertNotNil(r.packages[1].v2)
        XCTAssertEqual(r.relaxed, [])
        XCTAssertNil(r.v2Unavailable)
    }

    func testAModelPinThatCapsPythonAt38KeepsV1Only() async throws {
        let r = try await stage().resolve(request(["azureml-defaults", "scikit-learn==0.22.1"]))
        XCTAssertEqual(r.status, .resolved)
        XCTAssertEqual(r.python, "3.8")
        XCTAssertTrue(r.lastResortPython)
        XCTAssertEqual(r.packages.first { $0.name == "azureml-defaults" }?.v1, "1.60.0")
        XCTAssertEqual(r.packages.first { $0.name == "scikit-learn" }?.v1, "0.22.1")
        XCTAssertEqual(r.v2Unavailable, "azureml-inference-server-http>=1.4 needs Python 3.9 or later, where scikit-learn==0.22.1 has wheels "
                       + "only for cp35–cp38 (none for Python 3.9–3.12 on x86_64-manylinux_2_35)")
    }

    func testAModelPinWithoutWheelsForAnyCandidateBlocks() async throws {
        let r = try await stage().resolve(request(["azureml-defaults", "tensorflow-gpu==1.12.0"]))
        XCTAssertEqual(r.status, .blocked)
        XCTAssertEqual(r.blocking, "tensorflow-gpu==1.12.0")
        XCTAssertEqual(r.blockingPackage, "tensorflow-gpu")
        XCTAssertEqual(r.blockKind, .noWheels)
        XCTAssertTrue(r.blockingIsModelCritical)
        XCTAssertEqual(r.wheelTags, "cp27, cp33–cp36")
        XCTAssertEqual(r.reason, "tensorflow-gpu==1.12.0 has wheels only for cp27, cp33–cp36 (none for Python 3.8–3.12 on x86_64-manylinux_2_35)")
        XCTAssertNil(r.python)
    }

    func testAPinThatBlocksEveryCandidateIsRelaxed() async throws {
        let r = try await stage().resolve(request(["azureml-defaults", "pandas==0.23.1"]))
        XCTAssertEqual(r.status, .resolved)
        XCTAssertEqual(r.python, "3.12")
        XCTAssertEqual(r.relaxed.count, 1)
        XCTAssertEqual(r.relaxed.first?.from, "pandas==0.23.1")
        XCTAssertEqual(r.relaxed.first?.to, "pandas")
        XCTAssertEqual(r.relaxed.first?.version, r.packages.first { $0.name == "pandas" }?.v1)
        XCTAssertEqual(r.relaxed.first?.reason, "pandas==0.23.1 has wheels only for cp27, cp35–cp36 (none for Python 3.9–3.12 on x86_64-manylinux_2_35)")
    }

    func testAnInferenceStackPinBelowTheFloorIsRaised() async throws {
        let r = try await stage().resolve(request(["azureml-defaults==1.0.65", "numpy"]))
        XCTAssertEqual(r.status, .resolved)
        XCTAssertEqual(r.python, "3.12")
        XCTAssertEqual(r.relaxed, [Resolution.Relaxed(name: "azureml-defaults", from: "azureml-defaults==1.0.65", to: "azureml-defaults>=1.48",
                                                      version: "1.62.0", reason: "the inference stack floor is azureml-defaults>=1.48")])
    }

    func testDirectReferencesAreNotGivenToTheResolver() async throws {
        let r = try await stage().resolve(request(["azureml-defaults", "git+https://user:secret@github.com/contoso/featurizer@v1.2"]))
        XCTAssertEqual(r.status, .resolved)
        XCTAssertEqual(r.unchecked, ["git+https://user:REDACTED@github.com/contoso/featurizer@v1.2"])
    }

    func testAMalformedRequirementIsNotResolved() async throws {
        let r = try await stage().resolve(request(["azureml-defaults", "numpy===="]))
        XCTAssertEqual(r.status, .unresolved)
        XCTAssertEqual(r.reason, "the pip requirement \"numpy====\" cannot be read (PEP 508: name, extras, version specifier, marker)")
    }

    func testAnUnreachablePrivateFeedIsNotResolvedAndNoCredentialIsPrinted() async throws {
        let r = try await stage().resolve(request(["azureml-defaults"], options: ["--extra-index-url https://build:s3cr3t@pkgs.contoso.example/simple"]))
        XCTAssertEqual(r.status, .unresolved)
        XCTAssertEqual(r.reason, "the index pkgs.contoso.example cannot be reached (its name does not resolve)")
    }

    func testAMissingResolverIsSaidPerImage() async throws {
        let stage = try await SolveStage.make(SolveOptions(excludeNewer: Self.date, resolver: "/nonexistent/uv"), ruleSet: try Self.rules())
        XCTAssertEqual(stage.unavailableReason, "the resolver /nonexistent/uv (from --resolver) is not an executable file")
        let r = await stage.resolve(request(["azureml-defaults"]))
        XCTAssertEqual(r.status, .unresolved)
        XCTAssertEqual(r.reason, "the resolver /nonexistent/uv (from --resolver) is not an executable file")
        let nothing = await stage.nothingAnswered
        XCTAssertTrue(nothing)
    }

    func testOfflineWithAnEmptyCacheIsNotResolved() async throws {
        let empty = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-uv-empty-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: empty) }
        setenv("UV_CACHE_DIR", empty.path, 1)
        defer { unsetenv("UV_CACHE_DIR") }
        let stage = try await stage(SolveOptions(mode: .offline, excludeNewer: Self.date, cacheFolder: nil))
        let r = await stage.resolve(request(["azureml-defaults", "scikit-learn==1.3.2"]))
        XCTAssertEqual(r.status, .unresolved)
        XCTAssertEqual(r.reason, "offline, and the resolver's cache does not hold what is needed")
    }

    func testIdenticalRequestsAreSolvedOnce() async throws {
        let cache = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-resolve-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: cache) }
        let first = try await stage(SolveOptions(excludeNewer: Self.date, jobs: 2, cacheFolder: cache.path))
        let one = request(["azureml-defaults", "joblib"])
        async let a = first.resolve(one)
        async let b = first.resolve(one)
        let (ra, rb) = await (a, b)
        XCTAssertEqual(ra, rb)
        let counts = await first.counts()
        XCTAssertEqual(counts?.resolverCalls, 2, "one v1 and one v2 solve for both requests")
        // A new run reads the answers kept in the cache folder.
        let second = try await stage(SolveOptions(excludeNewer: Self.date, jobs: 2, cacheFolder: cache.path))
        let rc = await second.resolve(one)
        XCTAssertEqual(rc, ra)
        let again = await second.counts()
        XCTAssertEqual(again?.resolverCalls, 0)
        XCTAssertEqual(again?.cacheHits, 2)
    }

    func testAnUnknownBaseImageIsSolvedForTheConservativePlatform() async throws {
        let r = try await stage().resolve(request(["azureml-defaults"], base: "contoso.azurecr.io/base:1"))
        XCTAssertEqual(r.status, .resolved)
        XCTAssertEqual(r.platform, "x86_64-manylinux_2_17")
        XCTAssertTrue(r.platformAssumed)
    }
}
