// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "image2env",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "image2env", targets: ["image2env"]),
        .library(name: "Image2EnvKit", targets: ["JSONValue", "LegacyImage", "Archive", "Snapshot", "Reports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    ],
    targets: [
        // C libraries from Debian packages (installed by `make deps`).
        .systemLibrary(name: "CJSONC", pkgConfig: "json-c", providers: [.apt(["libjson-c-dev"])]),
        .systemLibrary(name: "CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),

        // Order-keeping JSON value over json-c; Python-compatible writer.
        .target(name: "JSONValue", dependencies: ["CJSONC"]),
        // gzip + a careful tar reader.
        .target(name: "Archive", dependencies: ["CZlib"]),
        // Legacy Image / Webservice / Model payloads and their decoding.
        .target(name: "LegacyImage", dependencies: ["JSONValue"]),
        // Sources (files, folders, stdin, snapshot folders) and offline artifact resolution.
        .target(name: "Snapshot", dependencies: ["JSONValue", "LegacyImage", "Archive", .product(name: "Yams", package: "Yams")]),
        // Audit documents and their renderers.
        .target(name: "Reports", dependencies: ["JSONValue", "LegacyImage", "Snapshot"]),
        // The command line: thin.
        .executableTarget(name: "image2env", dependencies: [
            "JSONValue", "LegacyImage", "Snapshot", "Reports",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .testTarget(name: "JSONValueTests", dependencies: ["JSONValue"], resources: [.copy("Golden")]),
        .testTarget(name: "ArchiveTests", dependencies: ["Archive"], resources: [.copy("Data")]),
        .testTarget(name: "LegacyImageTests", dependencies: ["LegacyImage", "JSONValue"]),
        .testTarget(name: "SnapshotTests", dependencies: ["Snapshot", "LegacyImage", "JSONValue", "Archive"]),
        .testTarget(name: "CLITests", dependencies: ["Reports", "Snapshot"]),
    ],
    swiftLanguageModes: [.v6]
)
