import ArgumentParser
import Foundation
import MigrationRules
import Pipeline
import Redeploy
import Reports
import ScriptAnalysis
import Snapshot

struct RedeployCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "redeploy",
        abstract: "Plan (and with --apply, run) the recreation of legacy webservices from their new Environments.",
        discussion: """
        A dry run by default: for every ACI or AKS webservice that runs a legacy image the rules convert, writes OUT/<service>/ with plan.json (the carried settings and the exact POST /services body, secrets redacted), deploy.py (azureml-core: Environment.load_from_directory, InferenceConfig, Model.deploy), environment/ (the v1 Environment), source/ (what is deployed) and v2/ (endpoint.yml and deployment.yml for a managed online endpoint); OUT/README.md and OUT/redeploy.json list what is recreated and what is not, with the reason. The old services are never changed or deleted; the new ones are named <old name><suffix>.

        --apply creates what the plan in OUT describes (see docs/redeploy.md): it checks that the workspace did not change since the plan, asks for confirmation (--yes to skip it; required without a terminal), and keeps a journal so that a rerun after an interruption neither creates anything twice nor skips a step. With --to v2 (the default) each service becomes a managed online endpoint over the Azure Resource Manager: the environment and code versions (the code uploaded), the endpoint (key auth) and its deployment, exactly as azure-ai-ml sends them for the v2 files, and with --traffic 100 all of the endpoint's traffic once the deployment succeeded (OUT/journal-v2.json). With --to v1 the ACI/AKS webservices are recreated over MMS as Model.deploy does: the driver and source tarball uploaded, each service posted and its deployment awaited (OUT/journal.json).

        Examples:
          image2env redeploy fixtures/workspace --out redeploy
          image2env redeploy snap --out plan --services churn-aci --name-suffix -v2
          image2env redeploy --config config.json --out redeploy
          image2env redeploy --apply --out redeploy --config config.json
          image2env redeploy --apply --out redeploy --config config.json --traffic 100
          CI=true image2env redeploy --apply --yes --out redeploy --config config.json --to v1
        """
    )

    @OptionGroup var input: SourceOptions

    @Option(help: "The plan folder: written by the dry run, read by --apply.")
    var out: String

    @Option(name: .customLong("services"), parsing: .upToNextOption,
            help: ArgumentHelp("Only these webservices (names; repeatable or several after one --services).", valueName: "name"))
    var services: [String] = []

    @Option(name: .customLong("name-suffix"), parsing: .unconditional,
            help: ArgumentHelp("Appended to each old service name (and ACI DNS label) for the new service (taken as is, also when it starts with -).",
                               valueName: "suffix"))
    var nameSuffix = "-env"

    @Flag(help: "Replace the content of a non-empty --out folder (dry run).")
    var force = false

    @Flag(help: "Create the planned services over REST instead of only writing the plan.")
    var apply = false

    @Flag(help: "With --apply: do not ask for confirmation.")
    var yes = false

    @Flag(help: "With --apply: replace an existing service (or, --to v2, update an endpoint) that has the new name (never a service on a legacy image).")
    var overwrite = false

    /// Where `--apply` recreates the services.
    enum Target: String, ExpressibleByArgument, CaseIterable {
        case v1, v2
    }

    @Option(name: .customLong("to"),
            help: ArgumentHelp("With --apply: v2 (the default) creates managed online endpoints over the Azure Resource Manager; v1 recreates ACI/AKS webservices over MMS.",
                               valueName: "v1|v2"))
    var to: Target?

    @Option(name: .customLong("traffic"),
            help: ArgumentHelp("With --apply --to v2: the endpoint's traffic (percent) the new deployment gets once it succeeded; default 0, so nothing changes for callers. The new endpoint has one deployment: 0 or 100.",
                               valueName: "percent"))
    var traffic: Int64?

    /// `--to`, v2 unless given.
    var target: Target { to ?? .v2 }

    @Option(name: .customLong("poll-interval"), help: ArgumentHelp("With --apply: seconds between deployment status checks.", valueName: "seconds"))
    var pollInterval: Double = 5

    @Option(name: .customLong("deploy-timeout"), help: ArgumentHelp("With --apply: seconds to wait for each deployment.", valueName: "seconds"))
    var deployTimeout: Double = 1800

    @OptionGroup var ruleOptions: RuleOptions

    @OptionGroup(title: "Solve stage") var resolveOptions: ResolveOptions

    @OptionGroup var quiet: QuietOption

    func validate() throws {
        if nameSuffix.isEmpty {
            throw ValidationError("--name-suffix must not be empty: the new service must not take the old one's name")
        }
        if !apply && (yes || overwrite || to != nil || traffic != nil) {
            throw ValidationError("--yes, --overwrite, --to and --traffic only go with --apply")
        }
        if let traffic {
            guard target == .v2 else { throw ValidationError("--traffic goes with --to v2 (a v1 webservice takes all of its traffic)") }
            guard traffic == 0 || traffic == 100 else {
                throw ValidationError("--traffic \(traffic): the new endpoint holds one deployment, so it gets all of the traffic or none: give 100 or 0")
            }
        }
        if pollInterval <= 0 || deployTimeout <= 0 {
            throw ValidationError("--poll-interval and --deploy-timeout must be positive numbers of seconds")
        }
    }

    func run() async throws {
        quiet.apply()
        if apply {
            try await ApplyRun(command: self).run()
            return
        }
        let ruleSet = try ruleOptions.load()
        let (workspace, cleanUp) = try await input.load()
        defer { cleanUp() }
        let solve = try await resolveOptions.stage(ruleSet)
        let report = await AuditReport.parallel(workspace: workspace, ruleSet: ruleSet, solve: solve, analysis: ScriptAnalyzer(tables: ruleSet.tables))
        let redeploy = try plan(report, ruleSet: ruleSet)
        try write(redeploy)
        printSummary(redeploy)
        let problems = report.problems + redeploy.skipped.compactMap(\.problem)
        for problem in problems where problem.severity == .error { Console.error(problem.description) }
        if let unavailable = await resolveOptions.unavailable(solve) {
            Console.error(unavailable)
            throw ExitCode(Exit.unavailable)
        }
        if problems.contains(where: { $0.severity == .error }) { throw ExitCode(Exit.dataError) }
    }

    /// The plans of an audit; unknown `--services` names are usage errors.
    func plan(_ report: AuditReport, ruleSet: RuleSet) throws -> RedeployPlan {
        let known = Set(report.workspace.services.map(\.service.name))
        for name in services where !known.contains(name) {
            Console.error("--services \(name): no such webservice in \(report.workspace.source) (known: \(known.sorted().joined(separator: ", ")))")
            throw ExitCode(Exit.usage)
        }
        let planner: Planner
        do {
            planner = try Planner(ruleSet: ruleSet, nameSuffix: nameSuffix)
        } catch {
            Console.error(error.description)
            throw ExitCode(Exit.usage)
        }
        return planner.plan(report, services: services)
    }

    /// Writes the plan folder whole (or not at all); a folder holding an apply journal is kept.
    func write(_ redeploy: RedeployPlan) throws {
        for name in [ApplyJournal.fileName, ApplyJournal.managedFileName]
        where FileManager.default.fileExists(atPath: (out as NSString).appendingPathComponent(name)) {
            Console.error("\(out) holds the journal of an --apply run (\(name)); finish it with --apply, or plan into another folder")
            throw ExitCode(Exit.usage)
        }
        let folder = try outputFolder(out, force: force)
        do {
            for file in try PlanFolder.files(for: redeploy) { try folder.write(file.path, file.bytes) }
            try folder.commit()
        } catch {
            Console.error("\(out): \(error)")
            throw ExitCode.failure
        }
    }

    private func printSummary(_ redeploy: RedeployPlan) {
        if Console.quiet { return }
        var text = "Planned \(redeploy.plans.count) service\(redeploy.plans.count == 1 ? "" : "s") in \(out) (dry run: nothing was deployed)\n"
        let width = max(redeploy.plans.map(\.service.count).max() ?? 0, redeploy.skipped.map(\.service.count).max() ?? 0)
        for plan in redeploy.plans {
            text += "  \(plan.service.padding(toLength: width, withPad: " ", startingAt: 0))  \(plan.compute.rawValue)  \(plan.imageId) -> \(plan.newService)\n"
        }
        if !redeploy.skipped.isEmpty {
            text += "Not recreated:\n"
            for skip in redeploy.skipped {
                text += "  \(skip.service.padding(toLength: width, withPad: " ", startingAt: 0))  \(skip.reason)\n"
            }
        }
        if !redeploy.plans.isEmpty {
            text += "Review \(out)/README.md, then: image2env redeploy --apply --out \(out) (managed online endpoints; "
                + "--to v1 recreates ACI/AKS webservices, as each deploy.py does)\n"
        }
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
