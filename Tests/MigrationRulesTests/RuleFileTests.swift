import MigrationRules
import Snapshot
import XCTest

let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let builtInRules = repoRoot.appendingPathComponent("rules").path

/// The error `RuleFileLoader` gives for `yaml` read as `my.yml`, or "no error".
func ruleFileError(_ yaml: String) -> String {
    do {
        _ = try RuleFileLoader.parse(yaml, file: "my.yml")
        return "no error"
    } catch {
        return error.description
    }
}

final class RuleFileTests: XCTestCase {
    /// The built-in rules' own examples (what `image2env rules test` runs).
    func testBuiltInExamples() throws {
        let set = try RuleSet.load(builtIn: builtInRules)
        let result = ExampleRunner.run(set)
        XCTAssertEqual(result.mismatches.map(\.description), [])
        XCTAssertGreaterThanOrEqual(result.examples, 27)
        XCTAssertTrue(set.rules.allSatisfy { !$0.examples.isEmpty }, "every built-in rule documents itself with an example")
    }

    func error(_ yaml: String) -> String { ruleFileError(yaml) }

    let minimal = """
    rules:
      - id: r1
        title: t
        severity: info
        when: {}
        message: m
    """

    func testMalformedRuleFilesGiveFileLineColumnAndRuleId() {
        XCTAssertEqual(error(minimal), "no error")
        XCTAssertEqual(error(minimal.replacingOccurrences(of: "when: {}", with: "when: {flavour: IoTContainer}")),
                       #"my.yml:5:12: rule "r1": unknown condition "flavour" (known: flavor, runtime, architecture, cudaVersion, creationState, resolution, blockKind, scriptAnalysis, gpu, installCuda, customBaseImage, customRuntimeWithoutBaseImage, hasDockerSteps, hasSchema, hasCondaFile, condaFileMissing, hasInjectedRequirements, hasRegistryPassword, blockingModelCritical, pythonChanged, lastResortPython, relaxedPins, sourceBuilds, condaOnly, uncheckedRequirements, v2Unavailable, platformAssumed, usesInferenceSchema, baseImageMatches, baseImageInTable, condaPackageInTable, condaPackage, pipPackage, pythonBelow, payloadShape, all, any, not)"#)
        XCTAssertEqual(error(minimal + "\n    then: [{setBaseImag: x}]"),
                       #"my.yml:7:13: rule "r1": unknown action "setBaseImag" (known: setBaseImage, setBaseDockerfile, addPipPackage, removePipPackage, replacePipPackage, addCondaPackage, removeCondaPackage, replaceCondaPackage, moveCondaPackagesToPip, raisePython, setInferencingStackVersion, keepRegistryAddress, dropInjectedRequirements, pinSolvedVersions, block)"#)
        XCTAssertEqual(error(minimal + "\n    then: [{setBaseImage: \"${image.base}\"}]"),
                       #"my.yml:7:27: rule "r1": unknown placeholder ${image.base} in "${image.base}" (known: image.baseImage, image.dockerSteps, image.cudaVersion, image.name, image.version, image.registryAddress, env.baseImage, env.name, env.movedToPip, resolution.python, resolution.imagePython, resolution.platform, resolution.resolver, resolution.excludeNewer, resolution.reason, resolution.blocking, resolution.blockingPackage, resolution.wheelTags, resolution.relaxed, resolution.sourceBuilds, resolution.condaOnly, resolution.unchecked, resolution.v2Unavailable, item.name, item.from, item.to, item.version, item.reason, item.file, item.line, item.column, item.location, item.module, item.statement, item.v2, item.call, item.model, item.v1Path, item.replacement, item.function, item.message, item.what, item.targets, item.packages, script.reason, script.python, script.entryScript, tables.NAME.KEY, tables.NAME[image.FACT])"#)
        XCTAssertEqual(error(minimal.replacingOccurrences(of: "severity: info", with: "severity: high")),
                       #"my.yml:4:15: rule "r1": severity must be one of info, review, manual"#)
        XCTAssertEqual(error(minimal + "\n    colour: red"), #"my.yml:7:5: rule "r1": unknown key "colour" (known: id, title, severity, when, forEach, then, message, remediation, link, examples)"#)
        XCTAssertEqual(error(minimal.replacingOccurrences(of: "\n    message: m", with: "")), #"my.yml:2:5: rule "r1": missing "message""#)
        XCTAssertEqual(error("rules:\n  - title: x\n"), "my.yml:2:5: rule without \"id\"")
        XCTAssertEqual(error("rules:\n  - id: Bad_Id\n"), #"my.yml:2:9: rule ids must be lower-case letters, digits, '-' and '.'"#.replacingOccurrences(of: "rule ids must", with: "rule id \"Bad_Id\" must"))
        XCTAssertEqual(error("rules: [\n"), "my.yml:2:1: invalid YAML: while parsing a flow node did not find expected node content")
        XCTAssertEqual(error("ruls: []"), #"my.yml:1:1: unknown top-level key "ruls" (known: rules, tables)"#)
        XCTAssertEqual(error(minimal.replacingOccurrences(of: "when: {}", with: "when: {pipPackage: {name: x, version: \"about 1\"}}")),
                       #"my.yml:5:43: rule "r1": "about 1" is not a version constraint (like "<1.0" or ">=1.0,<2")"#)
        XCTAssertEqual(error(minimal.replacingOccurrences(of: "when: {}", with: "when: {baseImageMatches: \"([\"}")),
                       #"my.yml:5:30: rule "r1": "([" is not a valid regular expression"#)
        XCTAssertEqual(error(minimal + "\n    examples: [{name: e, image: {cuda: \"9.0\"}, expect: {readiness: ready}}]"),
                       #"my.yml:7:34: rule "r1": unknown image fact "cuda" (known: name, version, flavor, runtime, architecture, installCuda, cudaVersion, baseImage, registryAddress, registryUser, registryPassword, dockerSteps, hasDockerSteps, schema, conda, condaFileMissing, injectedRequirements, creationState, shape, script)"#)
    }

    func testLayeringReplacesByIdDisablesAndMergesTables() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("rules-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        tables:
          defaultImages:
            gpu: myacr.azurecr.io/gpu:1
        rules:
          - id: schema-file
            title: schema files are fine here
            severity: info
            when: {hasSchema: true}
            message: ok
          - id: team-extra
            title: extra
            severity: review
            when: {payloadShape: serialize}
            message: exported
        """.write(to: dir.appendingPathComponent("team.yml"), atomically: true, encoding: .utf8)
        let base = try RuleSet.load(builtIn: builtInRules)
        let set = try RuleSet.load(builtIn: builtInRules, userFolders: [dir.path], disabled: ["python-runtime"])
        XCTAssertEqual(set.rules.map(\.id), base.rules.map(\.id).filter { $0 != "python-runtime" } + ["team-extra"])
        XCTAssertEqual(set.rule("schema-file")?.severity, .info)
        var facts = ImageFacts()
        facts.installCuda = true
        facts.hasSchema = true
        let m = set.migrate(facts)
        XCTAssertEqual(m.environment.baseImage, "myacr.azurecr.io/gpu:1")
        XCTAssertEqual(m.readiness, .ready)
        XCTAssertEqual(m.findings.map(\.rule), ["gpu-default-image", "schema-file"])
        XCTAssertEqual(m.trace.map { "\($0.field)=\($0.rule)" }, ["baseImage=gpu-default-image"])

        XCTAssertThrowsError(try RuleSet.load(builtIn: builtInRules, disabled: ["no-such-rule"])) { error in
            XCTAssertEqual("\(error)", #"--disable-rule: no rule has the id "no-such-rule""#)
        }
    }

    func testRuleThatCannotApplyBecomesManual() throws {
        // Docker steps whose artifact could not be read: the template has no ${image.dockerSteps}.
        let set = try RuleSet.load(builtIn: builtInRules)
        var facts = ImageFacts()
        facts.hasDockerSteps = true
        let m = set.migrate(facts)
        XCTAssertEqual(m.readiness, .manual)
        XCTAssertEqual(m.findings.last, Finding(rule: "docker-steps", severity: .manual,
                                                message: "rule could not be applied: the image has no dockerSteps for ${image.dockerSteps}",
                                                field: nil, remediation: nil, link: nil))
    }

    func testVersionConstraintsAndPackageSpecs() {
        XCTAssertEqual(VersionConstraint("<1.30")?.matches("1.0.45"), true)
        XCTAssertEqual(VersionConstraint("<1.30")?.matches("1.30"), false)
        XCTAssertEqual(VersionConstraint(">=3.8,<3.10")?.matches("3.9.7"), true)
        XCTAssertEqual(VersionConstraint(">=3.8,<3.10")?.matches("3.10"), false)
        XCTAssertNil(VersionConstraint("about 1"))
        XCTAssertEqual(PackageSpec.name("conda-forge::NumPy>=1.16"), "numpy")
        XCTAssertEqual(PackageSpec.name("inference-schema[numpy-support]==1.0.2"), "inference-schema")
        XCTAssertEqual(PackageSpec.pinnedVersion("inference-schema[numpy-support]==1.0.2"), "1.0.2")
        XCTAssertEqual(PackageSpec.pinnedVersion("python=3.6.2"), "3.6.2")
        XCTAssertEqual(PackageSpec.pinnedVersion("numpy 1.16.4"), "1.16.4")
        XCTAssertNil(PackageSpec.pinnedVersion("numpy>=1.16"))
        XCTAssertNil(PackageSpec.pinnedVersion("numpy"))
    }
}
