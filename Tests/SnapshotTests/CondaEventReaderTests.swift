import Foundation
import SeededRandom
@testable import Snapshot
import XCTest
import Yams

/// The libyaml event reader of conda files gives exactly what the Yams path gives (the same
/// spec, or the same error at the same place) and takes the common files itself.
final class CondaEventReaderTests: XCTestCase {
    typealias Outcome = Result<CondaSpec, CondaSpec.ParseError>

    func outcome(_ text: String, _ reader: CondaSpec.Reader, limits: YAMLLimits = .default) -> Outcome {
        do throws(CondaSpec.ParseError) {
            return .success(try CondaSpec.parse(text, limits: limits, reader: reader))
        } catch {
            return .failure(error)
        }
    }

    /// What the event reader does with `text` on its own: read it (`true`) or leave it to Yams (`false`).
    func takenByEvents(_ text: String, limits: YAMLLimits = .default) -> Bool {
        CondaEventReader.read(CondaSpec.withoutByteOrderMark(text), limits: limits) != .fallback
    }

    /// Both readers agree on `text`; `taken` says whether the event reader answers without Yams.
    @discardableResult
    func assertSame(_ text: String, limits: YAMLLimits = .default, taken: Bool? = nil,
                    file: StaticString = #filePath, line: UInt = #line) -> Outcome {
        let yams = outcome(text, .yams, limits: limits)
        let events = outcome(text, .events, limits: limits)
        XCTAssertEqual(events, yams, "the readers differ on \(text.prefix(200).debugDescription)", file: file, line: line)
        if let taken {
            XCTAssertEqual(takenByEvents(text, limits: limits), taken,
                           taken ? "left to Yams: \(text.prefix(200).debugDescription)" : "not left to Yams: \(text.prefix(200).debugDescription)",
                           file: file, line: line)
        }
        return events
    }

    func spec(_ outcome: Outcome, file: StaticString = #filePath, line: UInt = #line) -> CondaSpec? {
        switch outcome {
        case .success(let spec): return spec
        case .failure(let error):
            XCTFail("unexpected error \(error)", file: file, line: line)
            return nil
        }
    }

    func error(_ outcome: Outcome, file: StaticString = #filePath, line: UInt = #line) -> String? {
        switch outcome {
        case .success(let spec):
            XCTFail("unexpected success \(spec)", file: file, line: line)
            return nil
        case .failure(let error): return error.description
        }
    }

    // MARK: - The real conda files of the fixtures

    func testFixtureCondaFilesAreReadByEventsAsByYams() throws {
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(at: fixturesRoot, includingPropertiesForKeys: nil))
        var count = 0
        for case let url as URL in enumerator where url.pathExtension == "yml" && url.path.contains("/artifacts/") {
            let text = try String(contentsOf: url, encoding: .utf8)
            let result = assertSame(text, taken: true)
            if case .failure(let error) = result { XCTFail("\(url.path): \(error)") }
            count += 1
        }
        XCTAssertGreaterThanOrEqual(count, 21, "the fixtures' conda files were not found")
    }

    func testFuzzSeedCorpus() throws {
        let folder = fixturesRoot.deletingLastPathComponent().appendingPathComponent("Fuzz/corpus/conda")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()
        XCTAssertFalse(names.isEmpty)
        for name in names {
            let bytes = try Data(contentsOf: folder.appendingPathComponent(name))
            guard let text = String(data: bytes, encoding: .utf8) else { continue }
            assertSame(text)
        }
    }

    /// Seeded random edits of the fixtures' conda files (characters that matter to YAML put in,
    /// taken out, lines doubled): the readers agree on every one.
    func testMutatedFixturesAgree() throws {
        let enumerator = try XCTUnwrap(FileManager.default.enumerator(at: fixturesRoot, includingPropertiesForKeys: nil))
        var texts: [[Character]] = []
        for case let url as URL in enumerator where url.pathExtension == "yml" && url.path.contains("/artifacts/") {
            texts.append(Array(try String(contentsOf: url, encoding: .utf8)))
        }
        texts.sort { String($0) < String($1) }
        let alphabet: [Character] = Array("-:[]{},&*!|>'\"#?%@` \n\t<~=ax1.\u{FEFF}\u{E9}\\")
        var random = SplitMix64(seed: 17)
        var taken = 0
        let rounds = 3000
        for round in 0..<rounds {
            var text = texts[round % texts.count]
            for _ in 0...(random.next() % 3) {
                guard !text.isEmpty else { break }
                let at = Int(random.next() % UInt64(text.count))
                switch random.next() % 4 {
                case 0: text.remove(at: at)
                case 1: text.insert(alphabet[Int(random.next() % UInt64(alphabet.count))], at: at)
                case 2: text[at] = alphabet[Int(random.next() % UInt64(alphabet.count))]
                default:
                    // A line doubled (a duplicate key or item).
                    let start = text[..<at].lastIndex(of: "\n").map { $0 + 1 } ?? 0
                    let end = text[at...].firstIndex(of: "\n").map { $0 + 1 } ?? text.count
                    text.insert(contentsOf: text[start..<end], at: start)
                }
            }
            let string = String(text)
            assertSame(string)
            if takenByEvents(string) { taken += 1 }
        }
        // Most edits leave a file the event reader reads itself.
        XCTAssertGreaterThan(taken, rounds / 3)
    }

    // MARK: - Exact values

    func testGoldenSpec() throws {
        let text = """
        # a comment
        name: churn   # trailing comment
        channels:
          - conda-forge
          - 'defaults'
        dependencies:
          - python=3.6.2
          - "conda-forge::numpy>=1.16"
          - pip:
            - --index-url https://pkgs.example.com/simple
            - azureml-defaults==1.0.45
            - -e git+https://example.com/x.git#egg=x
          - scikit-learn
        prefix: /opt/conda/envs/churn
        variables:
          A: 1
          B: [x, y]

        """
        let spec = try XCTUnwrap(spec(assertSame(text, taken: true)))
        XCTAssertEqual(spec, CondaSpec(name: "churn", channels: ["conda-forge", "defaults"],
                                       condaPackages: ["python=3.6.2", "conda-forge::numpy>=1.16", "scikit-learn"],
                                       pipPackages: ["azureml-defaults==1.0.45"],
                                       pipOptions: ["--index-url https://pkgs.example.com/simple", "-e git+https://example.com/x.git#egg=x"],
                                       otherKeys: ["prefix", "variables"]))
    }

    func testGoldenErrors() {
        XCTAssertEqual(error(assertSame("name: x\ndependencies: numpy\n", taken: false)), "2:15: expected \"dependencies\" to be a list")
        XCTAssertEqual(error(assertSame("name: a\nname: b\n", taken: false)), "1:1: invalid YAML: duplicate key \"name\" in a mapping")
        XCTAssertEqual(error(assertSame("other: " + String(repeating: "[", count: 70) + String(repeating: "]", count: 70) + "\n", taken: true)),
                       "1:71: the YAML nests deeper than 64 levels (IMAGE2ENV_MAX_YAML_DEPTH)")
    }

    // MARK: - Scalars

    func testScalarStyles() {
        assertSame("name: 'my env'\n", taken: true)
        assertSame("name: \"tab\\tand \\u00e9\"\n", taken: true)
        assertSame("name: |\n  literal\n  text\n", taken: true)
        assertSame("name: >\n  folded\n  text\n", taken: true)
        assertSame("name: plain text with spaces  \n", taken: true)
        assertSame("name: 3.10\nchannels: [true, 1, null, ~, 2020-01-01]\n", taken: true)
        assertSame("name: \"nul \\0 inside\"\n", taken: true)
        assertSame("name: multi\n  line plain\n", taken: true)
        // Null-ish values are read as their text: "" and "~".
        XCTAssertEqual(spec(assertSame("name:\n", taken: true))?.name, "")
        XCTAssertEqual(spec(assertSame("name: ~\n", taken: true))?.name, "~")
        XCTAssertEqual(spec(assertSame("name: null\n", taken: true))?.name, "null")
        XCTAssertEqual(spec(assertSame("name: ''\n", taken: true))?.name, "")
        // A byte order mark at the start of a scalar is dropped by Yams' String(bytes:encoding:).
        assertSame("name: \"\u{FEFF}x\"\n", taken: false)
        assertSame("name: \"\\uFEFFx\"\n", taken: false)
        assertSame("name: \"x\u{FEFF}\"\n", taken: true)
        // Canonically equivalent keys are duplicates for Yams (Swift String equality).
        assertSame("x:\n  \u{E9}: 1\n  e\u{301}: 2\n", taken: false)
    }

    func testFlowCollectionsAndComments() {
        assertSame("name: x\nchannels: [conda-forge, defaults]\ndependencies: [python=3.8, numpy, {pip: [requests, --extra-index-url https://x]}]\n",
                   taken: true)
        assertSame("{name: x, dependencies: [a, b]}\n", taken: true)
        assertSame("# only a comment\nname: x # here\n# between\ndependencies: # there\n  - a # and there\n", taken: true)
        assertSame("---\nname: x\n...\n", taken: true)
        assertSame("%YAML 1.1\n---\nname: x\n", taken: true)
    }

    func testPipSection() {
        XCTAssertEqual(spec(assertSame("dependencies:\n  - pip:\n    - --index-url https://a/simple\n    - b==1\n", taken: true)),
                       CondaSpec(pipPackages: ["b==1"], pipOptions: ["--index-url https://a/simple"]))
        XCTAssertEqual(spec(assertSame("dependencies:\n  - pip: []\n", taken: true)), CondaSpec())
        XCTAssertEqual(spec(assertSame("dependencies: []\nchannels: []\n", taken: true)), CondaSpec())
        assertSame("dependencies:\n  - 'pip': [a]\n", taken: true)
        assertSame("dependencies:\n  - pip:\n", taken: false)
        assertSame("dependencies:\n  - pip: x\n", taken: false)
        assertSame("dependencies:\n  - pip: [a, [b]]\n", taken: false)
        assertSame("dependencies:\n  - pip: [a]\n    conda: [b]\n", taken: false)
        assertSame("dependencies:\n  - npm: [a]\n", taken: false)
        assertSame("dependencies:\n  - pip: [a]\n  - pip: [b]\n", taken: true)
        assertSame("dependencies:\n  - {pip: [a], pip: [b]}\n", taken: false)
        assertSame("dependencies:\n  - [a]\n", taken: false)
    }

    // MARK: - What the event reader leaves to Yams

    func testAnchorsAliasesMergeKeysAndTags() {
        assertSame("x: &v python=3.8\ndependencies:\n  - *v\n  - *v\n", taken: false)
        assertSame("base: &b {name: x}\n<<: *b\n", taken: false)
        assertSame("<<: {name: x}\ndependencies: []\n", taken: false)
        assertSame("\"<<\": 1\n<<: 2\n", taken: false)
        assertSame("name: !!str 3\n", taken: false)
        assertSame("name: !custom x\n", taken: false)
        assertSame("dependencies: !!seq [a]\n", taken: false)
        assertSame("!!map {name: x}\n", taken: false)
        assertSame("name: ! x\n", taken: false)
        assertSame("%TAG !e! tag:example.com,2000:\n---\nname: !e!x y\n", taken: false)
        assertSame("a: &a [*a]\ndependencies: []\n", taken: false)
        assertSame("dependencies: [*nothing]\n", taken: false)
    }

    func testKeysAndStructure() {
        assertSame("name: a\nname: b\n", taken: false)
        assertSame("name: a\n'name': b\n", taken: false)
        assertSame("variables:\n  A: 1\n  A: 2\n", taken: false)
        assertSame("variables:\n  - {A: 1, A: 2}\n", taken: false)
        assertSame("variables:\n  A: 1\n  B: 2\nother:\n  A: 3\n", taken: true)
        assertSame("? [a, b]\n: 1\n", taken: false)
        assertSame("variables:\n  ? {a: 1}\n  : 2\n", taken: false)
        assertSame("1: x\ntrue: y\n", taken: true)
        assertSame("[1, 2]\n", taken: false)
        assertSame("just a scalar\n", taken: false)
        assertSame("- a\n- b\n", taken: false)
        assertSame("name: [x]\n", taken: false)
        assertSame("channels: conda-forge\n", taken: false)
        assertSame("channels: [[a]]\n", taken: false)
        assertSame("channels:\n", taken: false)
        assertSame("dependencies: {numpy: 1}\n", taken: false)
        assertSame("dependencies:\n  - {a: 1, b: 2}\n", taken: false)
        assertSame("--- 1\n--- 2\n", taken: false)
        assertSame("name: x\n---\nname: y\n", taken: false)
        assertSame("name: x\ndependencies:\n\t- numpy\n", taken: false)
        assertSame("name: [x\n", taken: false)
        assertSame("name: x\n  bad: indent\n", taken: false)
    }

    func testLineEndingsAndOddKeys() {
        XCTAssertEqual(spec(assertSame("name: x\r\nchannels:\r\n  - defaults\r\ndependencies:\r\n  - numpy\r\n", taken: true)),
                       CondaSpec(name: "x", channels: ["defaults"], condaPackages: ["numpy"]))
        assertSame("name: x\rdependencies: [a]\r", taken: true)
        assertSame("? name\n: x\n", taken: true)
        assertSame(": x\n", taken: false)
        assertSame("name:\ndependencies:\n", taken: false)
        assertSame("dependencies: [pip: [a]]\n", taken: true)
        assertSame("dependencies: [pip: a]\n", taken: false)
        assertSame(String(repeating: "k", count: 2000) + ": x\n", taken: false)
        assertSame("\"a\\0b\": x\n\"a\\0c\": y\n", taken: true)
        assertSame("\"\\0\": x\n\"\\0\": y\n", taken: false)
        assertSame("dependencies:\n- a\n-  b  \n-\n", taken: true)
    }

    func testEmptyFiles() {
        XCTAssertEqual(error(assertSame("", taken: false)), "1:1: empty conda file")
        assertSame("# nothing\n", taken: false)
        assertSame("---\n", taken: false)
        assertSame("\n\n", taken: false)
        assertSame("{}\n", taken: true)
    }

    // MARK: - Byte order mark

    func testByteOrderMarkIsIgnored() throws {
        let text = "\u{FEFF}name: x\ndependencies:\n  - numpy\n"
        for reader in CondaSpec.Reader.allCases {
            XCTAssertEqual(try CondaSpec.parse(text, reader: reader), CondaSpec(name: "x", condaPackages: ["numpy"]), "\(reader)")
        }
        assertSame(text, taken: true)
        // Why it is stripped: libyaml, told the input is UTF-8 (as Yams tells it), skips the mark
        // but counts it as a column, so the first key is indented and the second line is not.
        XCTAssertThrowsError(try Yams.compose(yaml: text, CondaSpec.resolver, .default, .utf8)) { error in
            XCTAssertEqual(YAMLErrorText(error).message, "invalid YAML: did not find expected <document start>")
        }
        // Positions are those of the file without it.
        XCTAssertEqual(error(assertSame("\u{FEFF}name: [x]\n", taken: false)), "1:7: expected \"name\" to be a string")
        XCTAssertEqual(error(assertSame("\u{FEFF}", taken: false)), "1:1: empty conda file")
        // Only one, at the very start.
        assertSame("\u{FEFF}\u{FEFF}name: x\n")
        assertSame("name: x\n\u{FEFF}channels: [a]\n")
    }

    // MARK: - Limits

    func testLimitViolations() {
        let limits = YAMLLimits(maxBytes: 100, maxDepth: 4, maxNodes: 12)
        // Too big.
        XCTAssertEqual(error(assertSame("name: x\ndependencies:\n" + String(repeating: "  - numpy\n", count: 20), limits: limits, taken: true)),
                       "1:1: the YAML document is 222 bytes, more than the limit of 100 bytes (IMAGE2ENV_MAX_YAML_BYTES)")
        // Too deep, in a value the event reader skips and in one it reads.
        XCTAssertEqual(error(assertSame("other: [[[[[x]]]]]\n", limits: limits, taken: true)),
                       "1:11: the YAML nests deeper than 4 levels (IMAGE2ENV_MAX_YAML_DEPTH)")
        assertSame("dependencies: [[[[[x]]]]]\n", limits: limits, taken: false)
        assertSame("other: [[[x]]]\n", limits: limits, taken: true)
        // Too many nodes, directly and through aliases.
        XCTAssertEqual(error(assertSame("dependencies: [a, b, c, d, e, f, g, h, i, j, k]\n", limits: limits, taken: true)),
                       "1:43: the YAML has more than 12 nodes with its aliases expanded (IMAGE2ENV_MAX_YAML_NODES)")
        assertSame("dependencies: [a, b, c, d, e, f, g, h, i]\n", limits: limits, taken: true)
        assertSame("x: &v [a, b]\ndependencies: *v\ny: *v\n", limits: YAMLLimits(maxNodes: 6), taken: false)
        assertSame(HostileYAMLTests.aliasBomb(), taken: false)
        assertSame(HostileYAMLTests.aliasBomb(levels: 6) + "? *a6\n: x\n", taken: false)
        // The guard's limit error comes before a type error or a duplicate key later in the file...
        assertSame("other: [[[[[x]]]]]\nname: [x]\n", limits: limits, taken: true)
        assertSame("other: [[[[[x]]]]]\nother: 1\n", limits: limits, taken: true)
        // ...and after a syntax error earlier in it.
        assertSame("name: [x\nother: [[[[[x]]]]]\n", limits: limits, taken: false)
        // The default limits.
        let hundred = String(repeating: "[", count: 100) + String(repeating: "]", count: 100)
        assertSame("dependencies: " + hundred, taken: false)
        assertSame("variables: " + hundred, taken: true)
        // libyaml's own nesting limit (1000) fails first: Yams reports it.
        assertSame("variables: " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000), taken: false)
        assertSame("name: x\ndependencies:\n" + String(repeating: "  - numpy\n", count: 500_000), taken: true)
        assertSame("dependencies:\n" + String(repeating: "  - numpy\n", count: 100_001), taken: true)
    }

    func testEnvironmentSwitchDefault() {
        // The tests run without IMAGE2ENV_CONDA_READER.
        if ProcessInfo.processInfo.environment["IMAGE2ENV_CONDA_READER"] == nil {
            XCTAssertEqual(CondaSpec.defaultReader, .events)
        }
    }
}
