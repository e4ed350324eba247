import Foundation
import MigrationRules
import Snapshot
import XCTest

/// Hostile rule files and folders: unknown keys at every level, alias cycles and bombs, deep
/// nesting, files that are not files. Each gives one exact error naming the file and the place.
final class HostileRuleFileTests: XCTestCase {
    func error(_ yaml: String) -> String { ruleFileError(yaml) }

    let rule = "rules:\n  - id: r1\n    title: t\n    severity: info\n    message: m\n"

    func testUnknownKeysAtEveryLevel() {
        XCTAssertEqual(error(rule + "    when: {pipPackage: {name: x, pinned: true}}\n"),
                       #"my.yml:6:34: rule "r1": unknown key "pinned" in "pipPackage" (known: name, version)"#)
        XCTAssertEqual(error(rule + "    when: {not: {colour: red}}\n"), #"my.yml:6:18: rule "r1": unknown condition "colour" (known: flavor, runtime, architecture, cudaVersion, creationState, resolution, blockKind, scriptAnalysis, gpu, installCuda, customBaseImage, customRuntimeWithoutBaseImage, hasDockerSteps, hasSchema, hasCondaFile, condaFileMissing, hasInjectedRequirements, hasRegistryPassword, blockingModelCritical, pythonChanged, lastResortPython, relaxedPins, sourceBuilds, condaOnly, uncheckedRequirements, v2Unavailable, platformAssumed, usesInferenceSchema, baseImageMatches, baseImageInTable, condaPackageInTable, condaPackage, pipPackage, pythonBelow, payloadShape, all, any, not)"#)
        XCTAssertEqual(error(rule + "    when: {}\n    examples: [{name: e, image: {}, expect: {readyness: ready}}]\n"),
                       #"my.yml:7:46: rule "r1": unknown key "readyness" in "expect" (known: readiness, findings, environment)"#)
        XCTAssertEqual(error(rule + "    when: {}\n    examples: [{name: e, image: {}, expected: {}}]\n"), #"my.yml:7:37: rule "r1": unknown key "expected" in an example (known: name, image, resolution, expect)"#)
        XCTAssertEqual(error("tables: {t: {k: {nested: map}}}\n"), #"my.yml:1:17: expected table "t" key "k" to be a string"#)
        XCTAssertEqual(error("tables: [a]\n"), #"my.yml:1:9: expected "tables" to be a mapping"#)
    }

    func testAliasCyclesAndBombs() {
        // YAML cannot close a cycle: the alias names an anchor that is not complete yet.
        XCTAssertEqual(error(rule + "    when: &w {not: *w}\n"), "my.yml:6:20: invalid YAML: found undefined alias")
        XCTAssertEqual(error("rules: &r [*r]\n"), "my.yml:1:12: invalid YAML: found undefined alias")
        var bomb = "x0: &x0 [a, a, a, a, a, a, a, a, a, a]\n"
        for level in 1...8 { bomb += "x\(level): &x\(level) [" + Array(repeating: "*x\(level - 1)", count: 10).joined(separator: ", ") + "]\n" }
        XCTAssertEqual(error(bomb + "rules: *x8\n"),
                       "my.yml:5:45: the YAML has more than 100000 nodes with its aliases expanded (IMAGE2ENV_MAX_YAML_NODES)")
        let deep = String(repeating: "{not: ", count: 200) + "{}" + String(repeating: "}", count: 200)
        XCTAssertEqual(error(rule + "    when: " + deep + "\n"),
                       "my.yml:6:377: the YAML nests deeper than 64 levels (IMAGE2ENV_MAX_YAML_DEPTH)")
    }

    func testFilesThatAreNotRuleFiles() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        func load(_ name: String) -> String {
            do {
                _ = try RuleFileLoader.load(file: dir.appendingPathComponent(name).path)
                return "no error"
            } catch {
                return error.description.replacingOccurrences(of: dir.path, with: "DIR")
            }
        }
        XCTAssertEqual(mkfifo(dir.appendingPathComponent("fifo.yml").path, 0o644), 0)
        XCTAssertEqual(load("fifo.yml"), "DIR/fifo.yml: is a FIFO, not a regular file; refused")
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("zero.yml").path, withDestinationPath: "/dev/zero")
        XCTAssertEqual(load("zero.yml"), "DIR/zero.yml: is a character device, not a regular file; refused")
        try FileManager.default.createSymbolicLink(atPath: dir.appendingPathComponent("loop.yml").path, withDestinationPath: "loop.yml")
        XCTAssertEqual(load("loop.yml"), "DIR/loop.yml: cannot read the file: Too many levels of symbolic links")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("folder.yml"), withIntermediateDirectories: true)
        XCTAssertEqual(load("folder.yml"), "DIR/folder.yml: is a folder, not a regular file; refused")
        try Data([0x72, 0x75, 0xFF]).write(to: dir.appendingPathComponent("latin1.yml"))
        XCTAssertEqual(load("latin1.yml"), "DIR/latin1.yml: not valid UTF-8")
        try Data(repeating: 0x20, count: (4 << 20) + 1).write(to: dir.appendingPathComponent("huge.yml"))
        XCTAssertEqual(load("huge.yml"), "DIR/huge.yml: is 4194305 bytes, more than the limit of 4194304 bytes (raise it with IMAGE2ENV_MAX_YAML_BYTES)")

        // A folder that contains a link to itself is read one level deep: no loop.
        let folder = dir.appendingPathComponent("rules")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("self").path, withDestinationPath: ".")
        try Data((rule + "    when: {}\n").utf8).write(to: folder.appendingPathComponent("mine.yml"))
        let set = try RuleSet.load(builtIn: builtInRules, userFolders: [folder.path, folder.path])
        XCTAssertEqual(set.rules.filter { $0.id == "r1" }.count, 1, "the same folder twice replaces, never duplicates")
    }
}
