import Foundation
import XCTest

/// A started `image2env` whose output goes to two files.
struct RunningCLI {
    var process: Process
    var folder: URL
    var out: FileHandle
    var err: FileHandle

    /// What it printed and how it ended (call after it exited); removes the output files.
    func result() throws -> CLIResult {
        try out.close()
        try err.close()
        defer { try? FileManager.default.removeItem(at: folder) }
        let outData = try Data(contentsOf: folder.appendingPathComponent("out"))
        let errData = try Data(contentsOf: folder.appendingPathComponent("err"))
        return CLIResult(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
                         stderr: String(decoding: errData, as: UTF8.self))
    }
}

/// Runs the built `image2env` binary, as a user would, and captures what it prints.
struct CLIResult {
    var status: Int32
    var stdout: String
    var stderr: String
}

enum CLI {
    /// The solve stage for real: the real resolver against the real index, packages no newer
    /// than a fixed date (so that the golden files hold still).
    static let solve = ["--resolve", "auto", "--exclude-newer", "2026-11-01"]

    /// The package root (where Package.swift is), found from this source file.
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `.build/<config>/image2env`, beside the test bundle.
    static var binary: URL {
        var dir = Bundle.main.bundleURL
        for bundle in Bundle.allBundles where bundle.bundlePath.hasSuffix(".xctest") {
            dir = bundle.bundleURL.deletingLastPathComponent()
        }
        return dir.appendingPathComponent("image2env")
    }

    static func run(_ args: [String], stdin: Data? = nil, cwd: URL = packageRoot, env: [String: String] = [:]) throws -> CLIResult {
        let running = try start(args, stdin: stdin, cwd: cwd, env: env)
        running.process.waitUntilExit()
        return try running.result()
    }

    /// Starts the binary without waiting: for tests that stop it part-way.
    static func start(_ args: [String], stdin: Data? = nil, cwd: URL = packageRoot, env: [String: String] = [:]) throws -> RunningCLI {
        let process = Process()
        process.executableURL = binary
        process.arguments = args
        process.currentDirectoryURL = cwd
        var environment = ProcessInfo.processInfo.environment
        // The solve stage runs the real resolver against the real index: only the tests that
        // are about it ask for it (--resolve auto or IMAGE2ENV_RESOLVE=auto).
        environment["IMAGE2ENV_RESOLVE"] = "off"
        for (k, v) in env { environment[k] = v }
        process.environment = environment
        // Output goes to files, so a large output can never block the child on a full pipe.
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        let outURL = tmp.appendingPathComponent("out"), errURL = tmp.appendingPathComponent("err")
        FileManager.default.createFile(atPath: outURL.path, contents: nil)
        FileManager.default.createFile(atPath: errURL.path, contents: nil)
        let out = try FileHandle(forWritingTo: outURL), err = try FileHandle(forWritingTo: errURL)
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        // The tool may stop reading early (a size limit): a broken pipe is not a test failure.
        signal(SIGPIPE, SIG_IGN)
        if let stdin { try? input.fileHandleForWriting.write(contentsOf: stdin) }
        try? input.fileHandleForWriting.close()
        return RunningCLI(process: process, folder: tmp, out: out, err: err)
    }

    /// Starts `image2env-emulator` over fixtures/workspace with `args` and returns it with its
    /// base URL (its first line of output).
    static func startEmulator(_ args: [String]) throws -> (Process, String) {
        try launchEmulator(["fixtures/workspace"] + args)
    }

    /// Starts `image2env-emulator --workspaces fleet` (a fleet of snapshots) with `args`.
    static func startFleetEmulator(_ fleet: String, _ args: [String]) throws -> (Process, String) {
        try launchEmulator(["--workspaces", fleet] + args)
    }

    private static func launchEmulator(_ arguments: [String]) throws -> (Process, String) {
        let process = Process()
        process.executableURL = binary.deletingLastPathComponent().appendingPathComponent("image2env-emulator")
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = pipe.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        let url = String(decoding: line, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        XCTAssertTrue(url.hasPrefix("http://127.0.0.1:"), url)
        return (process, url)
    }

    /// Compares `actual` with `Tests/CLITests/Golden/<name>`; with UPDATE_GOLDEN=1 rewrites it.
    static func assertGolden(_ actual: String, _ name: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let url = packageRoot.appendingPathComponent("Tests/CLITests/Golden/\(name)")
        if ProcessInfo.processInfo.environment["UPDATE_GOLDEN"] == "1" {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(actual.utf8).write(to: url)
            return
        }
        let expected = try String(contentsOf: url, encoding: .utf8)
        if expected != actual {
            let diffFile = FileManager.default.temporaryDirectory.appendingPathComponent("actual-\(name)")
            try? Data(actual.utf8).write(to: diffFile)
            XCTFail("output differs from Golden/\(name); actual written to \(diffFile.path) (UPDATE_GOLDEN=1 to accept)", file: file, line: line)
        }
    }
}
