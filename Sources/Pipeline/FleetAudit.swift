import LegacyImage
import MigrationRules
import Reports
import ScriptAnalysis
import Snapshot
import Solve

/// The audit of a folder of snapshots: each workspace read and audited in turn (its images over
/// every core), as one report with a roll-up per workspace.
public enum FleetAudit {
    /// The fleet's report; `source` is the folder as the user named it.
    public static func report(source: String, members: [FleetFolder.Member], loader: SourceLoader,
                              ruleSet: RuleSet, solve: SolveStage? = nil, analysis: ScriptAnalyzer? = nil,
                              selected: @escaping @Sendable (LegacyImage) -> Bool = { _ in true }) async -> AuditReport {
        var parts: [(workspace: FleetWorkspace, report: AuditReport)] = []
        for member in members {
            let workspace: LoadedWorkspace
            do {
                workspace = try loader.load(member.path)
            } catch {
                var empty = LoadedWorkspace(source: member.path, kind: .snapshot)
                empty.problems.append(InputProblem(.error, file: member.path, message: error.description))
                workspace = empty
            }
            parts.append((FleetWorkspace(info: workspace.info, relative: member.relative),
                          await AuditReport.parallel(workspace: workspace, ruleSet: ruleSet, solve: solve, analysis: analysis,
                                                     selected: selected)))
        }
        return AuditReport(fleet: source, members: parts)
    }
}
