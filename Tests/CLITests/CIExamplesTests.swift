import Foundation
import XCTest

/// Runs the `image2env` command lines of examples/ci/*.yml, as written, over fixtures/workspace.
final class CIExamplesTests: XCTestCase {
    func testExampleCommandLinesRunAsWritten() throws {
        for example in ["github-actions.yml", "azure-pipelines.yml"] {
            let yaml = try String(contentsOf: CLI.packageRoot.appendingPathComponent("examples/ci/\(example)"), encoding: .utf8)
            let commands = yaml.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("image2env ") }
            XCTAssertGreaterThanOrEqual(commands.count, 5, example)
            XCTAssertTrue(commands.contains { $0.contains("audit") && $0.contains("--format sarif --output image2env.sarif") }, example)
            XCTAssertTrue(commands.contains { $0.hasPrefix("image2env convert ") }, example)
            XCTAssertTrue(commands.contains { $0.hasPrefix("image2env diff ") }, example)

            let dir = FileManager.default.temporaryDirectory.appendingPathComponent("image2env-ci-\(UUID().uuidString)")
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let path = CLI.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
            let source = CLI.packageRoot.appendingPathComponent("fixtures/workspace").path
            for command in commands {
                let result = try shell(command, cwd: dir, env: ["PATH": path, "SOURCE": source,
                                                                "IMAGE2ENV_RULES": CLI.packageRoot.appendingPathComponent("rules").path])
                // The gate fails on fixtures/workspace: it has images that need manual work.
                let expected: Int32 = command.contains("--fail-on manual") ? 3 : 0
                XCTAssertEqual(result.status, expected, "\(example): \(command)\n\(result.stderr)")
            }
            let sarif = try Data(contentsOf: dir.appendingPathComponent("image2env.sarif"))
            let doc = try XCTUnwrap(JSONSerialization.jsonObject(with: sarif) as? [String: Any])
            XCTAssertEqual(doc["version"] as? String, "2.1.0")
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("diff.md").path))
            XCTAssertTrue(FileManager.default.fileExists(atPath: dir.appendingPathComponent("converted").path))
        }
    }

    /// The matrix examples: each workspace's job (pull, then audit) against the emulator serving
    /// a fleet, then the roll-up job merging the jobs' reports.
    func testFleetMatrixExamplesRunAgainstTheEmulator() throws {
        let tmp = try TestFolder(self)
        let fleet = tmp.path + "/fleet"
        XCTAssertEqual(try CLI.run(["dev", "fleet", "--out", fleet]).status, 0)
        let (emulator, base) = try CLI.startFleetEmulator(fleet, ["--token", "ci-token"])
        defer { emulator.terminate(); emulator.waitUntilExit() }
        let path = CLI.binary.deletingLastPathComponent().path + ":" + (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin")
        let matrix = [("00000000-0000-0000-0000-000000000000", "rg-ml", "ws-legacy"), ("00000000-0000-0000-0000-000000000000", "rg-ml", "ws-churn"),
                      ("11111111-1111-1111-1111-111111111111", "rg-vision", "ws-vision")]
        for example in ["github-actions-fleet.yml", "azure-pipelines-fleet.yml"] {
            let yaml = try String(contentsOf: CLI.packageRoot.appendingPathComponent("examples/ci/\(example)"), encoding: .utf8)
            let commands = yaml.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("image2env ") }
            let jobs = commands.filter { !$0.hasPrefix("image2env report merge") }
            let merges = commands.filter { $0.hasPrefix("image2env report merge") }
            XCTAssertTrue(jobs.contains { $0.hasPrefix("image2env pull ") } && jobs.contains { $0.contains("--format json --output") }, example)
            XCTAssertGreaterThanOrEqual(merges.count, 3, example)
            let reports = tmp.url.appendingPathComponent("\(example)/reports")
            try FileManager.default.createDirectory(at: reports, withIntermediateDirectories: true)
            for (subscription, group, workspace) in matrix {
                XCTAssertTrue(yaml.contains(workspace) && yaml.contains(group) && yaml.contains(subscription), "\(example): \(workspace)")
                let job = tmp.url.appendingPathComponent("\(example)/job-\(workspace)")
                try FileManager.default.createDirectory(at: job, withIntermediateDirectories: true)
                for command in jobs {
                    // The emulator stands in for Azure: pull gets its base URL.
                    let line = command.hasPrefix("image2env pull ") ? command + " --endpoint \(base)" : command
                    let result = try shell(line, cwd: job, env: ["PATH": path, "AZURE_ACCESS_TOKEN": "ci-token", "SUBSCRIPTION": subscription,
                                                                 "RESOURCE_GROUP": group, "WORKSPACE": workspace, "REGION": "westeurope"])
                    XCTAssertEqual(result.status, 0, "\(example) \(workspace): \(line)\n\(result.stderr)")
                }
                try FileManager.default.copyItem(at: job.appendingPathComponent("audit-\(workspace).json"),
                                                 to: reports.appendingPathComponent("audit-\(workspace).json"))
            }
            let merge = reports.deletingLastPathComponent()
            for command in merges {
                let result = try shell(command, cwd: merge, env: ["PATH": path])
                // The fleet has manual images: the gate fails.
                XCTAssertEqual(result.status, command.contains("--fail-on manual") ? 3 : 0, "\(example): \(command)\n\(result.stderr)")
            }
            let doc = try jsonObject(try String(contentsOf: merge.appendingPathComponent("fleet.json"), encoding: .utf8))
            XCTAssertEqual((doc["workspaces"] as? [[String: Any]])?.map { $0["workspaceName"] as? String }, ["ws-churn", "ws-legacy", "ws-vision"])
            XCTAssertTrue(FileManager.default.fileExists(atPath: merge.appendingPathComponent("fleet.html").path))
        }
    }

    private func shell(_ command: String, cwd: URL, env: [String: String]) throws -> CLIResult {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", command]
        process.currentDirectoryURL = cwd
        var environment = ProcessInfo.processInfo.environment
        for (k, v) in env { environment[k] = v }
        process.environment = environment
        let err = Pipe()
        process.standardError = err
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return CLIResult(status: process.terminationStatus, stdout: "", stderr: String(decoding: errData, as: UTF8.self))
    }
}
