import Foundation
import XCTest

final class RulesCommandTests: XCTestCase {
    func testRulesTestPassesOnBuiltInsAndFailsOnAWrongUserExample() throws {
        let ok = try CLI.run(["rules", "test"])
        XCTAssertEqual(ok.status, 0, ok.stderr)
        XCTAssertTrue(ok.stdout.hasSuffix(" passed, 0 failed\n"), ok.stdout)

        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        rules:
          - id: team-no-slim
            title: no slim
            severity: manual
            when: {creationState: Running}
            then: [block]
            message: slim images are not allowed here
            examples:
              - name: wrong on purpose
                image: {creationState: Running}
                expect: {readiness: review}
        """.write(to: dir.appendingPathComponent("team.yml"), atomically: true, encoding: .utf8)
        let bad = try CLI.run(["rules", "test", dir.path])
        XCTAssertEqual(bad.status, 1)
        XCTAssertTrue(bad.stdout.hasSuffix(" passed, 1 failed\n"), bad.stdout)
        XCTAssertEqual(bad.stderr, """
        image2env: error: \(dir.path)/team.yml:9: rule "team-no-slim", example "wrong on purpose":
            readiness: expected review, got manual

        """)
    }

    func testListAndExplain() throws {
        let list = try CLI.run(["rules", "list"])
        XCTAssertEqual(list.status, 0)
        XCTAssertTrue(list.stdout.hasPrefix("ID "), list.stdout)
        XCTAssertTrue(list.stdout.contains("\ncuda-9-retired "))
        let explain = try CLI.run(["rules", "explain", "docker-steps"])
        XCTAssertEqual(explain.status, 0)
        XCTAssertTrue(explain.stdout.hasPrefix("docker-steps (review): Extra Docker steps become a base Dockerfile\n"), explain.stdout)
        let missing = try CLI.run(["rules", "explain", "nope"])
        XCTAssertEqual(missing.status, 64)
        XCTAssertEqual(missing.stderr, "image2env: error: no rule has the id \"nope\" (see: image2env rules list)\n")
    }
}

final class BuiltInRulesLocationTests: XCTestCase {
    /// Installed as `make install` lays it out: PREFIX/bin/image2env and PREFIX/share/image2env/rules.
    func testInstalledBinaryFindsItsRulesFromAnywhere() throws {
        let prefix = FileManager.default.temporaryDirectory.appendingPathComponent("prefix-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: prefix) }
        let bin = prefix.appendingPathComponent("bin"), rules = prefix.appendingPathComponent("share/image2env/rules")
        try FileManager.default.createDirectory(at: bin, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: rules, withIntermediateDirectories: true)
        try FileManager.default.copyItem(at: CLI.binary, to: bin.appendingPathComponent("image2env"))
        // Only the tables and one rule file, so the listing shows which folder was read.
        for file in ["00-tables.yml", "10-flavors.yml"] {
            try FileManager.default.copyItem(at: CLI.packageRoot.appendingPathComponent("rules/\(file)"), to: rules.appendingPathComponent(file))
        }
        let process = Process()
        process.executableURL = bin.appendingPathComponent("image2env")
        process.arguments = ["rules", "list"]
        process.currentDirectoryURL = FileManager.default.temporaryDirectory
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0)
        XCTAssertTrue(output.hasSuffix("\n4 rules from \(rules.path)\n"), output)
    }
}
