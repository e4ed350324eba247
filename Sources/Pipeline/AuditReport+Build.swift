import LegacyImage
import MigrationRules
import Reports
import ScriptAnalysis
import Snapshot
import Solve

extension AuditReport {
    /// The audit with resolution off and no script analysis: artifacts resolved and the rules
    /// applied, one image at a time, no resolver run (no image is `ready`).
    public init(workspace: LoadedWorkspace, ruleSet: RuleSet, resolver: ImageResolver? = nil) {
        let pipeline = AuditPipeline(workspace: workspace, ruleSet: ruleSet, resolver: resolver)
        self.init(workspace: workspace, rows: workspace.images.map(pipeline.row))
    }

    /// The audit, the images worked on over every core at once, their scripts analysed by `analysis`
    /// and solved by `solve` (nil: resolution off).
    /// Only `selected` images are solved (the others keep the rules' draft).
    public static func parallel(workspace: LoadedWorkspace, ruleSet: RuleSet, solve: SolveStage? = nil, analysis: ScriptAnalyzer? = nil,
                                selected: @escaping @Sendable (LegacyImage) -> Bool = { _ in true }) async -> AuditReport {
        let pipeline = AuditPipeline(workspace: workspace, ruleSet: ruleSet, solve: solve, analysis: analysis, selected: selected)
        return AuditReport(workspace: workspace, rows: await pipeline.map(workspace.images) { $0 })
    }
}
