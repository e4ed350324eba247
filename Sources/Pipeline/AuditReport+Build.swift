import MigrationRules
import Reports
import Snapshot

extension AuditReport {
    /// Builds the audit: resolves each image's artifacts and applies the rules.
    public init(workspace: LoadedWorkspace, ruleSet: RuleSet, resolver: ImageResolver? = nil) {
        let pipeline = AuditPipeline(workspace: workspace, ruleSet: ruleSet, resolver: resolver)
        self.init(workspace: workspace, rows: workspace.images.map(pipeline.row))
    }

    /// The same audit, the images worked on over every core at once.
    public static func parallel(workspace: LoadedWorkspace, ruleSet: RuleSet) async -> AuditReport {
        let pipeline = AuditPipeline(workspace: workspace, ruleSet: ruleSet)
        return AuditReport(workspace: workspace, rows: await pipeline.map(workspace.images) { $0 })
    }
}
