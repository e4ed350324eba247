import Foundation
import Snapshot
import XCTest

/// Hostile conda files: alias bombs, deep nesting, tabs, wrong types, huge files. Each gives an
/// exact error with line and column, quickly.
final class HostileYAMLTests: XCTestCase {
    func error(_ text: String, limits: YAMLLimits = .default) -> String? {
        let start = Date()
        defer { XCTAssertLessThan(Date().timeIntervalSince(start), 10, "conda file took too long to refuse") }
        do {
            _ = try CondaSpec.parse(text, limits: limits)
            return nil
        } catch {
            return error.description
        }
    }

    /// A "billion laughs" document: nine levels of ten aliases each (10^9 nodes expanded).
    static func aliasBomb(levels: Int = 9) -> String {
        var text = "a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
        for level in 1...levels {
            text += "a\(level): &a\(level) [" + Array(repeating: "*a\(level - 1)", count: 10).joined(separator: ", ") + "]\n"
        }
        return text + "dependencies:\n  - pip: *a\(levels)\n"
    }

    func testAliasBombIsRefusedBeforeAnyTreeIsBuilt() {
        XCTAssertEqual(error(Self.aliasBomb()),
                       "5:45: the YAML has more than 100000 nodes with its aliases expanded (IMAGE2ENV_MAX_YAML_NODES)")
        // Aliases as mapping keys make Yams hash the expanded key; refused the same way.
        let keys = Self.aliasBomb(levels: 6) + "? *a6\n: x\n"
        XCTAssertEqual(error(keys), "5:45: the YAML has more than 100000 nodes with its aliases expanded (IMAGE2ENV_MAX_YAML_NODES)")
        // A small alias use is fine, and the limit is configurable.
        XCTAssertNil(error("x: &v python=3.8\ndependencies:\n  - *v\n  - *v\n"))
        XCTAssertEqual(error("x: &v [a, b]\ndependencies: *v\ny: *v\n", limits: YAMLLimits(maxNodes: 6)),
                       "2:15: the YAML has more than 6 nodes with its aliases expanded (IMAGE2ENV_MAX_YAML_NODES)")
    }

    func testDeepNestingDirectAndThroughAliases() {
        let deep = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        // libyaml's own limit (1000 levels) stops the scanner first...
        XCTAssertEqual(error("dependencies: " + deep),
                       "1:16: invalid YAML: while parsing Maximum nesting level reached, set with yaml_set_max_nest_level())")
        // ...below it, the guard's (64, configurable).
        let hundred = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        XCTAssertEqual(error("dependencies: " + hundred), "1:78: the YAML nests deeper than 64 levels (IMAGE2ENV_MAX_YAML_DEPTH)")
        XCTAssertNil(error("dependencies: [" + String(repeating: "[", count: 99) + String(repeating: "]", count: 99) + "]",
                           limits: YAMLLimits(maxDepth: 200)).map { $0.contains("nests") ? $0 : nil } ?? nil)
        let block = (0..<100).map { String(repeating: "  ", count: $0) + "- " }.joined(separator: "\n")
        XCTAssertEqual(error("dependencies:\n" + block + "x\n"), "65:127: the YAML nests deeper than 64 levels (IMAGE2ENV_MAX_YAML_DEPTH)")
        let aliased = "a: &a " + String(repeating: "[", count: 40) + String(repeating: "]", count: 40)
            + "\nb: &b " + String(repeating: "[", count: 30) + "*a" + String(repeating: "]", count: 30) + "\n"
        XCTAssertEqual(error(aliased), "2:37: an alias nests the YAML deeper than 64 levels (IMAGE2ENV_MAX_YAML_DEPTH)")
    }

    func testAliasCycleIsAnUndefinedAlias() {
        XCTAssertEqual(error("a: &a [*a]\ndependencies: []\n"), "1:8: invalid YAML: found undefined alias")
    }

    func testTabsWrongTypesAndOtherMistakes() {
        XCTAssertEqual(error("name: x\ndependencies:\n\t- numpy\n"),
                       "3:1: invalid YAML: while scanning for the next token found character that cannot start any token")
        XCTAssertEqual(error("name: [x]\n"), "1:7: expected \"name\" to be a string")
        XCTAssertEqual(error("channels: conda-forge\n"), "1:11: expected \"channels\" to be a list")
        XCTAssertEqual(error("channels: [[a]]\n"), "1:12: expected the items of \"channels\" to be strings")
        XCTAssertEqual(error("dependencies: {numpy: 1}\n"), "1:15: expected \"dependencies\" to be a list")
        XCTAssertEqual(error("dependencies:\n  - pip: x\n"), "2:10: expected \"pip\" to be a list")
        XCTAssertEqual(error("dependencies:\n  - {a: 1, b: 2}\n"), "2:5: expected a package spec or a \"pip:\" list in \"dependencies\"")
        XCTAssertEqual(error("[1, 2]\n"), "1:1: expected a mapping with name, channels and dependencies")
        XCTAssertEqual(error("? [a, b]\n: 1\n"), "1:3: expected a string key")
        XCTAssertEqual(error(""), "1:1: empty conda file")
        XCTAssertEqual(error("a: 1\na: 2\n"), "1:1: invalid YAML: duplicate key \"a\" in a mapping")
        XCTAssertEqual(error("--- 1\n--- 2\n"), "2:1: invalid YAML: expected a single document in the stream but found another document")
    }

    func testHugeConda() {
        let big = "name: x\ndependencies:\n" + String(repeating: "  - numpy\n", count: 500_000)
        XCTAssertEqual(error(big), "1:1: the YAML document is 5000022 bytes, more than the limit of 4194304 bytes (IMAGE2ENV_MAX_YAML_BYTES)")
    }
}
