import MigrationRules
import Snapshot
import XCTest

/// Rules that read the solve stage's result: their syntax, when they run, and what they make of
/// a resolution.
final class ResolutionRuleTests: XCTestCase {
    let head = """
    rules:
      - id: r1
        title: t
        severity: review

    """

    func testMistakesInResolutionRulesGiveLineAndColumn() {
        XCTAssertEqual(ruleFileError(head + "    when: {}\n    message: \"${item.name}\"\n"),
                       #"my.yml:6:14: rule "r1": ${item.*} placeholders need "forEach" (one of relaxedPins, sourceBuilds, azuremlImports, modelPathCalls, rawHttp, schemaDecorators, missingFunctions, python2Syntax, syntaxErrors, manualEdits, unprovidedImports)"#)
        XCTAssertEqual(ruleFileError(head + "    when: {}\n    forEach: imports\n    message: m\n"),
                       #"my.yml:6:14: rule "r1": unknown forEach list "imports" (known: relaxedPins, sourceBuilds, azuremlImports, modelPathCalls, rawHttp, schemaDecorators, missingFunctions, python2Syntax, syntaxErrors, manualEdits, unprovidedImports)"#)
        XCTAssertEqual(ruleFileError(head + "    when: {resolution: solved}\n    message: m\n"),
                       #"my.yml:5:24: rule "r1": resolution must be one of resolved, blocked, unresolved, off (not "solved")"#)
        XCTAssertEqual(ruleFileError(head + "    when: {blockKind: missing}\n    message: m\n"),
                       #"my.yml:5:23: rule "r1": blockKind must be one of noWheels, invalidMetadata, notFound, buildFailed, conflict (not "missing")"#)
        XCTAssertEqual(ruleFileError(head + "    when: {}\n    message: \"${resolution.colour}\"\n").hasPrefix(
            #"my.yml:6:14: rule "r1": unknown placeholder ${resolution.colour} in "${resolution.colour}" (known: "#), true)
        XCTAssertEqual(ruleFileError(head + "    when: {}\n    message: m\n    examples: [{name: e, resolution: {python: \"3.12\"}, expect: {}}]\n"),
                       #"my.yml:7:38: rule "r1": "resolution" needs a "status""#)
        XCTAssertEqual(ruleFileError(head + "    when: {}\n    message: m\n    examples: [{name: e, resolution: {status: resolved, colour: red}, expect: {}}]\n"),
                       #"my.yml:7:57: rule "r1": unknown resolution fact "colour" (known: status, reason, python, platform, platformAssumed, resolver, excludeNewer, blocking, blockingPackage, blockKind, wheelTags, modelCritical, lastResort, solved, relaxed, sourceBuilds, condaOnly, unchecked, v2Unavailable, installed, installedV2)"#)
    }

    func testRulesThatReadTheResolutionRunAfterTheSolveStage() throws {
        let set = try RuleSet.load(builtIn: builtInRules)
        let after = set.rules.filter(\.afterResolution).map(\.id)
        XCTAssertEqual(after, ["resolved", "python-chosen", "python-last-resort", "v2-unavailable", "relaxed-pin", "builds-from-source",
                               "conda-only-packages", "unchecked-requirements", "platform-assumed", "no-wheels", "unresolvable",
                               "not-resolved", "raise-python", "unprovided-import"])
        let explained = RuleExplanation.text(try XCTUnwrap(set.rule("relaxed-pin")))
        XCTAssertTrue(explained.contains("Runs after the solve stage (it reads the resolution).\n"), explained)
        XCTAssertTrue(explained.contains("For each:\n  item of relaxedPins (one finding each)\n"), explained)
    }

    func testAForEachRuleMakesOneFindingPerItemAndAnUnresolvedImageIsNeverReady() throws {
        var set = try RuleSet.load(builtIn: builtInRules)
        var facts = ImageFacts()
        facts.conda = try CondaSpec.parse("dependencies:\n  - python=3.10\n  - pip:\n    - azureml-defaults\n    - a==1\n    - b==2\n")
        facts.hasCondaFile = true
        let first = set.migrate(facts)
        var resolution = Resolution(status: .resolved)
        resolution.python = "3.12"
        resolution.imagePython = "3.10"
        resolution.platform = "x86_64-manylinux_2_35"
        resolution.resolver = "uv 0.13.9"
        resolution.excludeNewer = "2026-11-01T00:00:00Z"
        resolution.packages = [Resolution.Package(name: "azureml-defaults", requirement: "azureml-defaults", v1: "1.62.0", v2: nil),
                               Resolution.Package(name: "a", requirement: "a", v1: "3", v2: "3"),
                               Resolution.Package(name: "b", requirement: "b", v1: "4", v2: "4")]
        resolution.relaxed = [Resolution.Relaxed(name: "a", from: "a==1", to: "a", version: "3", reason: "a==1 has no wheel"),
                              Resolution.Relaxed(name: "b", from: "b==2", to: "b", version: "4", reason: "b==2 has no wheel")]
        let done = set.finish(first, facts: facts, resolution: resolution)
        XCTAssertEqual(done.findings.filter { $0.rule == "relaxed-pin" }.map(\.message), [
            "a==1 is relaxed to a (solved: 3): a==1 has no wheel.",
            "b==2 is relaxed to b (solved: 4): b==2 has no wheel.",
        ])
        XCTAssertEqual(done.environment.pipPackages, ["azureml-defaults==1.62.0", "a==3", "b==4"])
        XCTAssertEqual(done.environment.condaPackages, ["python=3.12"])
        XCTAssertEqual(done.trace.map(\.field), ["condaPackages", "pipPackages"])
        XCTAssertEqual(done.resolution, resolution)

        // With every rule that would say so switched off, a not-resolved image is still not ready.
        set = try RuleSet.load(builtIn: builtInRules, disabled: ["not-resolved", "raise-python"])
        let off = set.finish(set.migrate(ImageFacts()), facts: ImageFacts(), resolution: Resolution(status: .off, reason: "resolution is switched off"))
        XCTAssertEqual(off.readiness, .review)
        XCTAssertEqual(off.findings.last, Finding(rule: "not-resolved", severity: .review,
                                                  message: "The Environment was not resolved (resolution is switched off), so it is not known to install."))
    }
}
