import Foundation

/// `README.md` of a redeploy folder: what is recreated, from what, and what is not, for the
/// people who review the plan before anyone applies it.
enum PlanReadme {
    static func text(for redeploy: RedeployPlan) -> String {
        var out = "# Redeploy plan\n\n"
        out += "Made by `image2env redeploy` from `\(redeploy.source)`. Nothing has been deployed: review the folders, then "
            + "`image2env redeploy --apply --out <this folder>` creates each as a managed online endpoint (`--to v1`: as an "
            + "ACI/AKS webservice, as each `deploy.py` does; see docs/redeploy.md). "
            + "The old services keep running until you delete them. Auth keys are not carried: each new service gets keys "
            + "of its own, to hand to its clients.\n\n"
        if redeploy.plans.isEmpty {
            out += "No service is recreated.\n"
        } else {
            out += "| old service | compute | image | new service | Environment | readiness |\n|---|---|---|---|---|---|\n"
            for plan in redeploy.plans {
                out += "| \(cell(plan.service)) | \(plan.compute.rawValue) | \(cell(plan.imageId)) | [\(cell(plan.newService))](\(plan.service)/) | \(cell(plan.environment.name)) | \(plan.readiness.rawValue) |\n"
            }
        }
        for plan in redeploy.plans where !plan.notes.isEmpty || !plan.inputs.isEmpty || plan.readiness != .ready
            || !plan.managed.clamps.isEmpty {
            out += "\n## \(plan.service) → \(plan.newService)\n\n"
            for finding in plan.findings where finding.severity != .info {
                out += "- review (\(finding.rule)): \(finding.message)\n"
            }
            for note in plan.notes { out += "- \(note)\n" }
            for clamp in plan.managed.clamps {
                out += "- v2: \(clamp.note)\n"
            }
            for input in plan.inputs { out += "- Needs `\(input.variable)` when it is deployed: \(input.purpose).\n" }
        }
        if !redeploy.skipped.isEmpty {
            out += "\n## Not recreated\n\n| service | compute | image | why |\n|---|---|---|---|\n"
            for skip in redeploy.skipped {
                out += "| \(cell(skip.service)) | \(cell(skip.computeType ?? "-")) | \(cell(skip.imageId ?? "-")) | \(cell(skip.reason)) |\n"
            }
        }
        return out
    }

    private static func cell(_ text: String) -> String {
        text.replacingOccurrences(of: "|", with: "\\|").replacingOccurrences(of: "\n", with: " ")
    }
}
