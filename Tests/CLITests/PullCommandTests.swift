import Foundation
import XCTest

/// `image2env pull` end to end: the real emulator executable on loopback, the real CLI.
final class PullCommandTests: XCTestCase {
    let workspaceArgs = ["--subscription", "00000000-0000-0000-0000-000000000000", "--resource-group", "rg-ml",
                         "--workspace", "ws-legacy", "--region", "westeurope"]

    func startEmulator(_ args: [String]) throws -> (Process, String) {
        try CLI.startEmulator(args)
    }

    func testPulledSnapshotAuditsLikeTheFolderAndTheTokenNeverShows() throws {
        let token = "tok-\(UUID().uuidString)"
        let (emulator, base) = try startEmulator(["--token", token, "--page-size", "1"])
        defer { emulator.terminate(); emulator.waitUntilExit() }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("pull-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let out = tmp.appendingPathComponent("snap").path

        let pull = try CLI.run(["pull", "--out", out, "--endpoint", base] + workspaceArgs, env: ["AZURE_ACCESS_TOKEN": token])
        XCTAssertEqual(pull.status, 0, pull.stderr)
        XCTAssertFalse((pull.stdout + pull.stderr).contains(token))

        let direct = try CLI.run(["audit", "fixtures/workspace", "--format", "json", "--fail-on", "never"])
        let pulled = try CLI.run(["audit", out, "--format", "json", "--fail-on", "never"])
        XCTAssertEqual(pulled.status, 0, pulled.stderr)
        // Equal but for where each payload was read: pull writes one file per image.
        func comparable(_ text: String) -> [Substring] {
            text.replacingOccurrences(of: out, with: "fixtures/workspace").split(separator: "\n")
                .filter { !$0.contains("\"file\": \"fixtures/workspace/images/") && !$0.contains("\"jsonPath\": ") }
        }
        XCTAssertEqual(comparable(pulled.stdout), comparable(direct.stdout))

        // No file of the snapshot holds the token.
        let files = FileManager.default.enumerator(atPath: out)?.compactMap { $0 as? String } ?? []
        XCTAssertGreaterThan(files.count, 50)
        for file in files {
            let data = (try? Data(contentsOf: URL(fileURLWithPath: out + "/" + file))) ?? Data()
            XCTAssertNil(data.range(of: Data(token.utf8)), file)
        }
    }

    func testWrongTokenAndUnreachableServiceAndUsage() throws {
        let (emulator, base) = try startEmulator(["--token", "right"])
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("pull-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        let wrong = try CLI.run(["pull", "--out", tmp.appendingPathComponent("a").path, "--endpoint", base] + workspaceArgs,
                                env: ["AZURE_ACCESS_TOKEN": "wrong-token-value"])
        XCTAssertEqual(wrong.status, 1, wrong.stderr)
        XCTAssertFalse(wrong.stderr.contains("wrong-token-value"))
        emulator.terminate()
        emulator.waitUntilExit()

        let down = try CLI.run(["pull", "--out", tmp.appendingPathComponent("b").path, "--endpoint", base, "--deadline", "20"] + workspaceArgs,
                               env: ["AZURE_ACCESS_TOKEN": "t"])
        XCTAssertEqual(down.status, 69, down.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: tmp.appendingPathComponent("b").path), "no half-written snapshot")

        let usage = try CLI.run(["pull", "--out", tmp.appendingPathComponent("c").path], env: ["AZURE_ACCESS_TOKEN": "t"])
        XCTAssertEqual(usage.status, 64, usage.stderr)
    }
}

extension PullCommandTests {
    func testConvertPullsALiveWorkspaceWhenNoSourceIsGiven() throws {
        let (emulator, base) = try startEmulator(["--token", "t1"])
        defer { emulator.terminate(); emulator.waitUntilExit() }
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("pull-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: tmp) }
        let live = try CLI.run(["convert", "--out", tmp.appendingPathComponent("live").path, "--endpoint", base] + workspaceArgs,
                               env: ["AZURE_ACCESS_TOKEN": "t1"])
        XCTAssertEqual(live.status, 0, live.stderr)
        XCTAssertEqual(live.stdout, "Wrote 22 images to \(tmp.appendingPathComponent("live").path): 0 ready, 16 review, 6 manual\n")
        let both = try CLI.run(["convert", "fixtures/workspace", "--out", tmp.appendingPathComponent("x").path, "--endpoint", base])
        XCTAssertEqual(both.status, 64)
        XCTAssertTrue(both.stderr.contains("give either SOURCE or the live workspace options, not both"), both.stderr)
    }
}

extension PullCommandTests {
    func testAuditAndDiffPullALiveWorkspaceWhenNoSourceIsGiven() throws {
        let (emulator, base) = try startEmulator(["--token", "t2"])
        defer { emulator.terminate(); emulator.waitUntilExit() }
        let audit = try CLI.run(["audit", "--endpoint", base, "--fail-on", "never"] + workspaceArgs, env: ["AZURE_ACCESS_TOKEN": "t2"])
        XCTAssertEqual(audit.status, 0, audit.stderr)
        XCTAssertTrue(audit.stdout.hasSuffix("\n22 images: 0 ready, 16 review, 6 manual\n"), audit.stdout)
        let diff = try CLI.run(["diff", "--endpoint", base, "--image", "ocr-tesseract:1"] + workspaceArgs, env: ["AZURE_ACCESS_TOKEN": "t2"])
        XCTAssertEqual(diff.status, 0, diff.stderr)
        XCTAssertTrue(diff.stdout.contains("ocr-tesseract:1"), diff.stdout)
    }
}
