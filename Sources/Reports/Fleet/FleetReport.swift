import JSONValue
import MigrationRules
import Snapshot

extension AuditReport {
    /// The report of a folder of snapshots: every workspace's own audit, in workspace order
    /// (`FleetWorkspace` order; ties keep the given order), its rows naming their workspace.
    public init(fleet source: String, members: [(workspace: FleetWorkspace, report: AuditReport)]) {
        let sorted = members.enumerated().sorted { a, b in
            a.element.workspace < b.element.workspace || (a.element.workspace == b.element.workspace && a.offset < b.offset)
        }.map(\.element)
        var rows: [AuditRow] = []
        for (index, member) in sorted.enumerated() {
            rows += member.report.rows.map { row in
                var tagged = row
                tagged.member = index
                return tagged
            }
        }
        self.init(workspace: LoadedWorkspace(source: source, kind: .fleet), rows: rows)
        fleet = sorted.map { FleetMember(workspace: $0.workspace, source: $0.report.workspace) }
        otherServices = sorted.flatMap(\.report.otherServices)
        problems = sorted.flatMap(\.report.problems)
    }

    /// Workspace `index` of a fleet as its own report: its rows (with the gate's marks), services and problems.
    public func member(_ index: Int) -> AuditReport {
        var report = AuditReport(workspace: fleet[index].source, rows: rows.filter { $0.member == index })
        report.gate = nil
        return report
    }

    /// Each workspace's counts, in report order (empty outside a fleet).
    public var rollup: [WorkspaceRollup] { WorkspaceRollup.lines(fleet: fleet, rows: rows) }

    /// The workspace of a row in a fleet (nil outside one).
    public func workspace(of row: AuditRow) -> FleetWorkspace? {
        row.member.map { fleet[$0].workspace }
    }
}

extension DiffReport {
    /// Each workspace's counts of the selected images, in report order (empty outside a fleet).
    public var rollup: [WorkspaceRollup] { WorkspaceRollup.lines(fleet: audit.fleet, rows: images.map(\.row)) }
}

extension AuditJSON {
    /// A fleet's document: the usual keys (`workspace` null), the roll-up `workspaces` after
    /// the summary, and every image, service and problem naming its `workspace` first.
    static func fleetDocument(_ report: AuditReport) -> JSON {
        var services: [JSON] = []
        var problems: [JSON] = []
        var serviceCount = 0
        for index in report.fleet.indices {
            let member = report.member(index)
            let workspace = report.fleet[index].workspace
            let ids = Set(member.rows.map(\.image.id))
            let memberServices = member.workspace.services.map(\.service).sorted { $0.name < $1.name }
            serviceCount += memberServices.count
            services += memberServices.map { service($0, knownIds: ids, workspace: workspace) }
            problems += member.problems.map { problem($0, workspace: workspace) }
        }
        var pairs: [(String, JSON)] = [
            ("schemaVersion", .int(schemaVersion)),
            ("source", .string(report.workspace.source)),
            ("sourceKind", .string(report.workspace.kind.rawValue)),
            ("workspace", .null),
            ("summary", summary(counts: Readiness.allCases.map { report.count($0) }, services: serviceCount, problems: report.problems)),
        ]
        if let gate = report.gate { pairs.append(("gate", Self.gate(gate, fleet: true))) }
        pairs += [
            ("workspaces", WorkspaceRollup.json(report.rollup)),
            ("images", .array(report.rows.map { image($0, workspace: report.workspace(of: $0)) })),
            ("services", .array(services)),
            ("problems", .array(problems)),
        ]
        return obj(pairs)
    }
}
