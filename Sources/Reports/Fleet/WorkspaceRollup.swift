import JSONValue

/// One workspace's line of a fleet roll-up: its images by readiness.
public struct WorkspaceRollup: Sendable, Equatable {
    public var workspace: FleetWorkspace
    public var images: Int
    public var ready: Int
    public var review: Int
    public var manual: Int

    public init(workspace: FleetWorkspace, images: Int, ready: Int, review: Int, manual: Int) {
        self.workspace = workspace
        self.images = images
        self.ready = ready
        self.review = review
        self.manual = manual
    }

    /// The counts of `rows` per workspace of `fleet`, in its order (a workspace without rows too).
    public static func lines(fleet: [FleetMember], rows: [AuditRow]) -> [WorkspaceRollup] {
        var counts = [[Int]](repeating: [0, 0, 0], count: fleet.count)
        for row in rows {
            guard let m = row.member, m < fleet.count else { continue }
            counts[m][row.readiness == .ready ? 0 : row.readiness == .review ? 1 : 2] += 1
        }
        return fleet.indices.map { i in
            WorkspaceRollup(workspace: fleet[i].workspace, images: counts[i].reduce(0, +), ready: counts[i][0], review: counts[i][1],
                            manual: counts[i][2])
        }
    }

    /// `workspaces: [{subscriptionId, resourceGroup, workspaceName, summary: {images, ready, review, manual}}]`.
    public static func json(_ lines: [WorkspaceRollup]) -> JSON {
        .array(lines.map { line in
            AuditJSON.obj([
                ("subscriptionId", AuditJSON.str(line.workspace.subscriptionId)),
                ("resourceGroup", AuditJSON.str(line.workspace.resourceGroup)),
                ("workspaceName", AuditJSON.str(line.workspace.workspaceName)),
                ("summary", AuditJSON.obj([("images", .int(Int64(line.images))), ("ready", .int(Int64(line.ready))),
                                           ("review", .int(Int64(line.review))), ("manual", .int(Int64(line.manual)))])),
            ])
        })
    }

    /// The roll-up as aligned text: one line per workspace, then the totals.
    public static func text(_ lines: [WorkspaceRollup]) -> String {
        var table = [["SUBSCRIPTION", "RESOURCE GROUP", "WORKSPACE", "IMAGES", "READY", "REVIEW", "MANUAL"]]
        for line in lines {
            table.append([line.workspace.subscriptionId ?? "-", line.workspace.resourceGroup ?? "-", line.workspace.workspaceName ?? "-",
                          String(line.images), String(line.ready), String(line.review), String(line.manual)])
        }
        let t = total(lines)
        table.append(["total", "", "\(lines.count) workspace\(lines.count == 1 ? "" : "s")", String(t.images), String(t.ready),
                      String(t.review), String(t.manual)])
        return TextTable.align(table)
    }

    /// The roll-up as a Markdown table, totals last.
    public static func markdown(_ lines: [WorkspaceRollup]) -> String {
        var out = "| subscription | resource group | workspace | images | ready | review | manual |\n|---|---|---|---:|---:|---:|---:|\n"
        for line in lines {
            out += "| \(Markdown.cell(line.workspace.subscriptionId)) | \(Markdown.cell(line.workspace.resourceGroup)) "
                + "| \(Markdown.cell(line.workspace.workspaceName)) | \(line.images) | \(line.ready) | \(line.review) | \(line.manual) |\n"
        }
        let t = total(lines)
        return out + "| **total** | | \(lines.count) workspace\(lines.count == 1 ? "" : "s") | \(t.images) | \(t.ready) | \(t.review) | \(t.manual) |\n"
    }

    /// The sums over all workspaces.
    public static func total(_ lines: [WorkspaceRollup]) -> (images: Int, ready: Int, review: Int, manual: Int) {
        lines.reduce((0, 0, 0, 0)) { ($0.0 + $1.images, $0.1 + $1.ready, $0.2 + $1.review, $0.3 + $1.manual) }
    }
}
