// swift-tools-version:6.2
import PackageDescription

let package = Package(
    name: "image2env",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "image2env", targets: ["image2env"]),
        .executable(name: "image2env-emulator", targets: ["image2env-emulator"]),
        .library(name: "Image2EnvKit", targets: ["JSONValue", "LegacyImage", "Archive", "Snapshot", "EnvironmentSpec",
                                                 "MigrationRules", "Tooling", "ScriptAnalysis", "Solve", "Verify", "Emit", "Reports", "Pipeline", "Project",
                                                 "WorkspaceClient", "Redeploy"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        .package(url: "https://github.com/swiftlang/swift-subprocess", from: "1.0.0"),
    ],
    targets: [
        // C libraries from Debian packages (installed by `make deps`).
        .systemLibrary(name: "CJSONC", pkgConfig: "json-c", providers: [.apt(["libjson-c-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Order-keeping JSON value over json-c; Python-compatible writer.
        .target(name: "JSONValue", dependencies: ["CJSONC"]),
        // One seeded generator for everything that must be reproducible.
        .target(name: "SeededRandom"),
        // gzip + a careful tar reader.
        .target(name: "Archive", dependencies: ["CZlib"]),
        // Legacy Image / Webservice / Model payloads and their decoding.
        .target(name: "LegacyImage", dependencies: ["JSONValue"]),
        // Sources (files, folders, stdin, snapshot folders) and offline artifact resolution.
        .target(name: "Snapshot", dependencies: ["JSONValue", "LegacyImage", "Archive", .product(name: "Yams", package: "Yams")]),
        // The target Environment: model, SDK v1 folder writer, v2 YAML writer.
        .target(name: "EnvironmentSpec", dependencies: ["JSONValue", .product(name: "Yams", package: "Yams")]),
        // Rule files: schema, loading, engine, examples, trace.
        .target(name: "MigrationRules", dependencies: ["JSONValue", "LegacyImage", "Snapshot", "EnvironmentSpec",
                                                       .product(name: "Yams", package: "Yams")]),
        // Command-line tools run to their end with swift-subprocess (uv, python3).
        .target(name: "Tooling", dependencies: [.product(name: "Subprocess", package: "swift-subprocess")]),
        // The solve stage: every Environment solved against the real package index by uv (a subprocess).
        .target(name: "Solve", dependencies: ["JSONValue", "Snapshot", "MigrationRules", "Tooling",
                                              .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        // Entry-script analysis (CPython's ast through a helper shipped in the binary) and the v2 code rewrite.
        .target(name: "ScriptAnalysis", dependencies: ["JSONValue", "LegacyImage", "Snapshot", "MigrationRules", "Tooling"],
                resources: [.embedInCode("Helper/analyze.py")]),
        // `verify`: a converted image served on this machine by the real inference server (uv venv, azmlinfsrv).
        .target(name: "Verify", dependencies: ["JSONValue", "Snapshot", "Solve", "Tooling",
                                               .product(name: "AsyncHTTPClient", package: "async-http-client"),
                                               .product(name: "Subprocess", package: "swift-subprocess")]),
        // The emit stage: the files `convert` writes for an image and their folder layout.
        .target(name: "Emit", dependencies: ["JSONValue", "LegacyImage", "Archive", "Snapshot", "MigrationRules", "EnvironmentSpec"]),
        // Audit and diff documents and their renderers.
        .target(name: "Reports", dependencies: ["JSONValue", "LegacyImage", "Snapshot", "MigrationRules", "EnvironmentSpec", "Emit"]),
        // The stages run over a stream of images: audit rows, streamed JSON audits, conversion runs.
        .target(name: "Pipeline", dependencies: ["JSONValue", "LegacyImage", "Snapshot", "MigrationRules", "ScriptAnalysis", "Solve", "Emit",
                                                 "Reports"]),
        // The project file (.image2env.yml): rules, gate settings and suppressions for a repository.
        .target(name: "Project", dependencies: ["MigrationRules", "Reports", "Snapshot", .product(name: "Yams", package: "Yams")]),
        // Auth, the MMS and artifact REST clients, pull.
        .target(name: "WorkspaceClient", dependencies: ["JSONValue", "LegacyImage", "Snapshot", "Tooling",
                                                        .product(name: "AsyncHTTPClient", package: "async-http-client")]),
        // A local MMS-compatible server for tests and demos, with fault injection.
        .target(name: "WorkspaceEmulator", dependencies: ["JSONValue", "LegacyImage", "Snapshot", "SeededRandom",
                                                          .product(name: "Hummingbird", package: "hummingbird"),
                                                          .product(name: "Logging", package: "swift-log")]),
        // Deployment plans, deploy.py and v2 files, REST apply with a journal.
        .target(name: "Redeploy", dependencies: ["JSONValue", "LegacyImage", "Archive", "Snapshot", "EnvironmentSpec",
                                                 "MigrationRules", "Emit", "Reports", "WorkspaceClient"]),
        // Synthetic snapshots for benchmarks (`image2env dev synth`).
        .target(name: "Synth", dependencies: ["JSONValue", "LegacyImage", "Archive", "SeededRandom"]),
        .executableTarget(name: "image2env-emulator", dependencies: [
            "WorkspaceEmulator", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // The command line: thin.
        .executableTarget(name: "image2env", dependencies: [
            "JSONValue", "LegacyImage", "Snapshot", "EnvironmentSpec", "MigrationRules", "ScriptAnalysis", "Solve", "Verify", "Emit", "Reports",
            "Pipeline",
            "WorkspaceClient",
            "Redeploy", "Synth", "Project",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "JSONValueTests", dependencies: ["JSONValue", "SeededRandom"], resources: [.copy("Golden")]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive"], resources: [.copy("Data")]),
        .testTarget(name: "LegacyImageTests", dependencies: ["LegacyImage", "JSONValue"], exclude: ["Golden"]),
        .testTarget(name: "SnapshotTests", dependencies: ["Snapshot", "LegacyImage", "JSONValue", "Archive", "SeededRandom"]),
        .testTarget(name: "EnvironmentSpecTests", dependencies: ["EnvironmentSpec", "JSONValue", "Snapshot"]),
        .testTarget(name: "MigrationRulesTests", dependencies: ["MigrationRules", "Emit", "EnvironmentSpec", "Snapshot", "LegacyImage", "JSONValue"]),
        .testTarget(name: "WorkspaceTests", dependencies: ["WorkspaceClient", "WorkspaceEmulator", "Snapshot", "LegacyImage", "JSONValue", "Synth"]),
        .testTarget(name: "SolveTests", dependencies: ["Solve", "MigrationRules", "Snapshot", "JSONValue"]),
        .testTarget(name: "ScriptAnalysisTests", dependencies: ["ScriptAnalysis", "MigrationRules", "Snapshot", "LegacyImage", "JSONValue"]),
        .testTarget(name: "VerifyTests", dependencies: ["Verify", "Solve", "Snapshot", "JSONValue"]),
        .testTarget(name: "ReportsTests", dependencies: ["Reports", "Pipeline", "Emit", "MigrationRules", "Snapshot", "LegacyImage", "JSONValue", "Synth", "ScriptAnalysis",
                                                         "Project"]),
        .testTarget(name: "CLITests", dependencies: ["Reports", "Pipeline", "Emit", "Snapshot", "MigrationRules", "WorkspaceEmulator", "JSONValue",
                                                     "Archive"]),
        .testTarget(name: "RedeployTests", dependencies: ["Redeploy", "Reports", "Pipeline", "Emit", "MigrationRules", "Snapshot", "LegacyImage",
                                                          "JSONValue", "EnvironmentSpec"]),
    ],
    swiftLanguageModes: [.v6]
)

// Fuzz targets (libFuzzer), only with IMAGE2ENV_FUZZ=1 so that the normal build never sees
// them: `make fuzz` builds them with `-sanitize=fuzzer,address` into .build-fuzz.
if Context.environment["IMAGE2ENV_FUZZ"] == "1" {
    let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
        ("fuzz-json", ["JSONValue"]),
        ("fuzz-payload", ["JSONValue", "LegacyImage", "Snapshot", "MigrationRules", "Emit", "Reports", "Pipeline"]),
        ("fuzz-conda", ["Snapshot"]),
        ("fuzz-rules", ["MigrationRules"]),
        ("fuzz-targz", ["Archive"]),
    ]
    package.targets.append(.target(name: "CFuzzDriver", path: "Fuzz/Sources/CFuzzDriver"))
    for target in fuzzTargets {
        package.targets.append(.executableTarget(name: target.name, dependencies: ["CFuzzDriver"] + target.dependencies,
                                                 path: "Fuzz/Sources/\(target.name)"))
        package.products.append(.executable(name: target.name, targets: [target.name]))
    }
}
