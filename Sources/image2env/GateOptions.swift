import ArgumentParser
import Foundation
import LegacyImage
import MigrationRules
import Pipeline
import Project
import Reports
import ScriptAnalysis
import Snapshot
import Solve

/// `--baseline` and `--suppress`, for the commands with a `--fail-on` gate (`audit`, `diff`).
struct GateOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A previous report of image2env audit --format json: findings are new or unchanged against it, "
                               + "and --fail-on counts only new ones.", valueName: "report.json"),
            completion: .file(extensions: ["json"]))
    var baseline: String?

    @Option(help: ArgumentHelp("Accept the findings of RULE on the images matching IMAGE (a glob on name or name:version), "
                               + "for REASON: kept in every report, marked suppressed, never counted for --fail-on (repeatable; "
                               + "added before the project file's suppress list).", valueName: "rule@image=reason"))
    var suppress: [String] = []

    func validate() throws {
        for text in suppress where Self.parse(text) == nil {
            throw ValidationError("--suppress \"\(text)\": expected RULE@IMAGE=REASON, e.g. docker-steps@ocr-*=reviewed in PLAT-12")
        }
    }

    static func parse(_ text: String) -> Suppression? {
        guard let at = text.firstIndex(of: "@"), let equals = text[at...].firstIndex(of: "=") else { return nil }
        let rule = String(text[..<at]), image = String(text[text.index(after: at)..<equals])
        let reason = String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        guard !rule.isEmpty, !image.isEmpty, !reason.isEmpty else { return nil }
        return Suppression(rule: rule, image: image, reason: reason, source: "--suppress")
    }

    /// The gate: the command line's suppressions, then the project file's; `--baseline`, else
    /// the project file's. A baseline that cannot be read is a usage error (exit 64).
    func gate(project: ProjectFile?) throws -> FindingGate {
        var gate = FindingGate(suppressions: suppress.compactMap(Self.parse) + (project?.suppress ?? []))
        if let path = baseline ?? project?.baseline {
            let limits = try inputLimits()
            do {
                gate.baseline = try Baseline.load(path, limits: limits)
            } catch {
                Console.error("--baseline: \(error.description)")
                throw ExitCode(Exit.usage)
            }
        }
        return gate
    }
}

/// What `audit` and `diff` run with: the project file, the rules, the format, the threshold and
/// the gate, each from the command line or else the project file.
struct ReportSettings {
    var project: ProjectFile?
    var ruleSet: RuleSet
    var format: ReportFormat
    var failOn: FailOn
    var gate: FindingGate

    init(rules: RuleOptions, gate: GateOptions, format: ReportFormat?, failOn: FailOn?, defaultFailOn: FailOn) throws {
        project = try rules.project()
        ruleSet = try rules.load(project)
        self.format = format ?? project?.format ?? .text
        self.failOn = failOn ?? project?.failOn ?? defaultFailOn
        self.gate = try gate.gate(project: project)
    }
}

/// The audit of an opened source: one source's images over every core, or a fleet's, each
/// workspace in turn; the gate applied.
func auditReport(_ opened: SourceOptions.Opened, settings: ReportSettings, solve: SolveStage,
                 selected: @escaping @Sendable (LegacyImage) -> Bool = { _ in true }) async -> AuditReport {
    var report: AuditReport
    switch opened {
    case .single(var stream):
        report = await AuditReport.parallel(workspace: stream.readAll(), ruleSet: settings.ruleSet, solve: solve,
                                            analysis: ScriptAnalyzer(tables: settings.ruleSet.tables), selected: selected)
    case .fleet(let source, let members, let loader):
        report = await FleetAudit.report(source: source, members: members, loader: loader, ruleSet: settings.ruleSet,
                                         solve: solve, analysis: ScriptAnalyzer(tables: settings.ruleSet.tables), selected: selected)
    }
    settings.gate.apply(to: &report)
    return report
}

/// Warns about suppressions that expired (their findings count again) or match nothing.
func warnAbout(_ gate: GateSummary?) {
    guard let gate else { return }
    for s in gate.expired {
        Console.warning("the suppression at \(s.source) (\(s.rule) on \(s.image)) expired after \(s.until ?? "?"); its findings count again")
    }
    for s in gate.unused {
        Console.warning("the suppression at \(s.source) (\(s.rule) on \(s.image)) matches no finding; remove it")
    }
}
