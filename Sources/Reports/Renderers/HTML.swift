import MigrationRules

/// One self-contained HTML file (`--format html`): summary counts, a table of images that can
/// be filtered by readiness, and each image's findings and diff with colouring. No network.
public enum HTML {
    /// A fleet's report opens with the roll-up and a chart of readiness per workspace.
    public static func render(_ report: AuditReport) -> String {
        page(title: "image2env audit", source: report.workspace.source, rows: report.rows, problems: report.problems.map(\.description),
             openFirst: false, fleet: Fleet(report), gate: report.gate) { _ in "" }
    }

    public static func render(_ report: DiffReport) -> String {
        let byId = Dictionary(report.images.map { ($0.row.image.id, $0) }, uniquingKeysWith: { a, _ in a })
        return page(title: "image2env diff", source: report.audit.workspace.source, rows: report.images.map(\.row),
                    problems: report.audit.problems.map(\.description), openFirst: true,
                    fleet: report.audit.fleet.isEmpty ? nil : Fleet(members: report.audit.fleet, rollup: report.rollup),
                    gate: report.audit.gate) { row in
            guard let diff = byId[row.image.id] else { return "" }
            var out = ""
            if !diff.changes.isEmpty {
                out += "<table class=\"changes\"><thead><tr><th>section</th><th>change</th><th>item</th><th>old</th><th>new</th><th>rule</th></tr></thead><tbody>\n"
                for c in diff.changes {
                    out += "<tr class=\"\(c.kind.rawValue)\"><td>\(e(c.section))</td><td>\(c.kind.rawValue)</td><td>\(e(c.item ?? "-"))</td>"
                    out += "<td><code>\(e(c.old ?? "-"))</code></td><td><code>\(e(c.new ?? "-"))</code></td>"
                    out += "<td>\(c.rule.map { "<code title=\"\(e(c.message ?? ""))\">\(e($0))</code>" } ?? "-")</td></tr>\n"
                }
                out += "</tbody></table>\n"
            }
            for file in diff.files where !file.lines.isEmpty {
                out += "<pre class=\"diff\">"
                out += file.lines.map { line -> String in
                    let cls = line.hasPrefix("+++") || line.hasPrefix("---") ? "hdr" : line.hasPrefix("@@") ? "hunk"
                        : line.hasPrefix("+") ? "add" : line.hasPrefix("-") ? "del" : "ctx"
                    return "<span class=\"\(cls)\">\(e(line))</span>"
                }.joined()
                out += "</pre>\n"
            }
            return out
        }
    }

    /// What a fleet's page adds: the roll-up first, and each row's workspace.
    struct Fleet {
        var members: [FleetMember]
        var rollup: [WorkspaceRollup]

        init(members: [FleetMember], rollup: [WorkspaceRollup]) {
            self.members = members
            self.rollup = rollup
        }

        init?(_ report: AuditReport) {
            guard !report.fleet.isEmpty else { return nil }
            self.init(members: report.fleet, rollup: report.rollup)
        }

        func label(_ row: AuditRow) -> String { row.member.map { members[$0].workspace.label } ?? "-" }

        /// The workspace's name, its whole `subscription/group/name` as the tooltip.
        func cell(_ row: AuditRow) -> String {
            let workspace = row.member.map { members[$0].workspace }
            return "<code title=\"\(e(label(row)))\">\(e(workspace?.workspaceName ?? "-"))</code>"
        }
    }

    static func page(title: String, source: String, rows: [AuditRow], problems: [String], openFirst: Bool,
                     fleet: Fleet? = nil, gate: GateSummary? = nil, details: (AuditRow) -> String) -> String {
        var out = head(title: title, source: source, counts: Readiness.allCases.map { r in rows.filter { $0.readiness == r }.count },
                       gateStyles: fleet != nil || gate != nil)
        if let fleet { out += rollup(fleet.rollup) }
        out += filter(count: rows.count)
        out += "<table id=\"images\"><thead><tr>\(fleet == nil ? "" : "<th>workspace</th>")<th>image</th><th>environment</th><th>readiness</th><th>findings</th></tr></thead><tbody>\n"
        for row in rows {
            let rules = row.gatedFindings.filter { $0.finding.severity != .info }.map { "<code>\(e($0.finding.rule))</code>\(e(GateText.marks($0.status)))" }
            out += "<tr data-readiness=\"\(row.readiness.rawValue)\">" + (fleet.map { "<td>\($0.cell(row))</td>" } ?? "")
            out += "<td><a href=\"#\(anchor(row))\"><code>\(e(row.image.id))</code></a></td>"
            out += "<td><code>\(e(row.migration.environment.name))</code></td><td class=\"\(row.readiness.rawValue)\">\(row.readiness.rawValue)</td>"
            out += "<td>\(rules.isEmpty ? "-" : rules.joined(separator: ", "))</td></tr>\n"
        }
        out += "</tbody></table>\n"
        for (index, row) in rows.enumerated() {
            let open = openFirst && index == 0 ? " open" : ""
            let place = fleet.map { $0.cell(row) + " " } ?? ""
            out += "<details\(open) id=\"\(anchor(row))\" data-readiness=\"\(row.readiness.rawValue)\"><summary>\(place)<code>\(e(row.image.id))</code> → <code>\(e(row.migration.environment.name))</code>: <span class=\"\(row.readiness.rawValue)\">\(row.readiness.rawValue)</span></summary>\n"
            if row.migration.findings.isEmpty {
                out += "<p>No findings.</p>\n"
            } else {
                out += "<ul>\n" + row.gatedFindings.map { f, status in
                    var item = "<li><span class=\"\(f.severity.rawValue == "info" ? "" : f.severity.rawValue)\">\(f.severity.rawValue)</span>"
                    item += marks(status) + " <code>\(e(f.rule))</code>" + (f.sourcePlace.map { " at <code class=\"place\">\(e($0))</code>" } ?? "")
                    item += ": \(e(f.message))"
                    if let line = GateText.suppressionLine(status) { item += " <em class=\"why\">\(e(line))</em>" }
                    return item + "</li>\n"
                }.joined() + "</ul>\n"
            }
            out += details(row)
            out += "</details>\n"
        }
        if !problems.isEmpty {
            out += "<h2>Problems</h2>\n<ul>\n" + problems.map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n"
        }
        if let gate { out += gateSection(gate, fleet: fleet != nil) }
        return out + foot
    }

    /// The badges of a finding's gate status.
    static func marks(_ status: FindingStatus) -> String {
        var out = ""
        if let s = status.suppression {
            out += s.expired ? " <span class=\"badge expired\">suppression expired \(e(s.until ?? ""))</span>"
                : " <span class=\"badge suppressed\" title=\"\(e(s.reason))\">suppressed</span>"
        }
        if let b = status.baseline { out += " <span class=\"badge \(b.rawValue)\">\(b.rawValue)</span>" }
        return out
    }

    static func gateSection(_ gate: GateSummary, fleet: Bool) -> String {
        var out = "<h2>Gate</h2>\n<p id=\"gate\">\(e(GateText.headline(gate)))</p>\n"
        let items = gate.absent.map { entry in
            "<li>absent: " + (fleet ? "<code>\(e(entry.workspace?.label ?? "-"))</code> " : "")
                + "<code>\(e(entry.imageId))</code> \(e(entry.severity)) <code>\(e(entry.rule))</code></li>\n"
        } + gate.expired.map { "<li>expired suppression: \(e(GateText.describe($0)))</li>\n" }
            + gate.unused.map { "<li>unused suppression: \(e(GateText.describe($0)))</li>\n" }
        if !items.isEmpty { out += "<ul>\n" + items.joined() + "</ul>\n" }
        return out
    }

    /// The styles of the gate's badges and the fleet's chart (only on pages that have them).
    static let gateStyles = """
        .badge { font-size: 11px; padding: 0 .4em; border-radius: 3px; border: 1px solid #d0d7de; }
        .badge.suppressed { color: #57606a; background: #f6f8fa; } .badge.expired { color: #9a6700; }
        .badge.new { color: #cf222e; border-color: #cf222e; } .badge.unchanged { color: #57606a; }
        em.why { color: #57606a; }
        svg.chart text { font: 12px system-ui, sans-serif; fill: #1f2328; }

        """

    /// The top of the page: styles, title and the counts of ready, review and manual images.
    static func head(title: String, source: String, counts: [Int], gateStyles: Bool) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(e(title)): \(e(source))</title>
        <style>
        body { font: 14px/1.4 system-ui, sans-serif; margin: 2em; color: #1f2328; }
        h1 { font-size: 1.4em; }
        .counts span { display: inline-block; margin-right: 1em; padding: .3em .8em; border-radius: 4px; background: #f0f0f0; }
        .ready { color: #116329; } .review { color: #9a6700; } .manual { color: #cf222e; }
        table { border-collapse: collapse; margin: .5em 0 1em; }
        th, td { border: 1px solid #d0d7de; padding: .25em .6em; text-align: left; vertical-align: top; }
        th { background: #f6f8fa; }
        pre.diff { background: #f6f8fa; padding: .6em; overflow-x: auto; font-size: 12px; }
        pre.diff .add { color: #116329; background: #dafbe1; display: block; }
        pre.diff .del { color: #82071e; background: #ffebe9; display: block; }
        pre.diff .hunk { color: #0550ae; display: block; }
        pre.diff .hdr { font-weight: bold; display: block; }
        pre.diff span { min-height: 1.2em; }
        pre.diff .ctx { display: block; }
        details { margin: .4em 0; border: 1px solid #d0d7de; border-radius: 4px; padding: .3em .8em; }
        summary { cursor: pointer; }
        #filter button { margin-right: .4em; }
        #filter button.on { font-weight: bold; }
        \(gateStyles ? Self.gateStyles : "")</style>
        </head>
        <body>
        <h1>\(e(title)): <code>\(e(source))</code></h1>
        <p class="counts"><span>\(counts.reduce(0, +)) images</span><span class="ready">\(counts[0]) ready</span><span class="review">\(counts[1]) review</span><span class="manual">\(counts[2]) manual</span></p>

        """
    }

    /// The readiness filter buttons.
    static func filter(count: Int) -> String {
        "<p id=\"filter\">Show: <button data-filter=\"all\" class=\"on\">all</button><button data-filter=\"ready\">ready</button><button data-filter=\"review\">review</button><button data-filter=\"manual\">manual</button> <span id=\"shown\">\(count) shown</span></p>\n"
    }

    /// The filter script and the end of the page.
    static let foot = """
        <script>
        (function () {
          var buttons = document.querySelectorAll('#filter button');
          function apply(value) {
            var shown = 0;
            document.querySelectorAll('#images tbody tr, details[data-readiness]').forEach(function (el) {
              var visible = value === 'all' || el.getAttribute('data-readiness') === value;
              el.style.display = visible ? '' : 'none';
              if (visible && el.tagName === 'TR') { shown += 1; }
            });
            buttons.forEach(function (b) { b.classList.toggle('on', b.getAttribute('data-filter') === value); });
            document.getElementById('shown').textContent = shown + ' shown';
            document.body.setAttribute('data-filter', value);
          }
          buttons.forEach(function (b) { b.addEventListener('click', function () { apply(b.getAttribute('data-filter')); }); });
          apply('all');
          document.body.setAttribute('data-report-ready', 'yes');
        })();
        </script>
        </body>
        </html>

        """

    /// The roll-up of a fleet: a table and a bar per workspace, its images by readiness.
    static func rollup(_ lines: [WorkspaceRollup]) -> String {
        var out = "<h2>Workspaces</h2>\n<table id=\"workspaces\"><thead><tr><th>subscription</th><th>resource group</th><th>workspace</th>"
            + "<th>images</th><th>ready</th><th>review</th><th>manual</th></tr></thead><tbody>\n"
        for line in lines {
            out += "<tr><td><code>\(e(line.workspace.subscriptionId ?? "-"))</code></td><td><code>\(e(line.workspace.resourceGroup ?? "-"))</code></td>"
            out += "<td><code>\(e(line.workspace.workspaceName ?? "-"))</code></td><td>\(line.images)</td><td class=\"ready\">\(line.ready)</td>"
            out += "<td class=\"review\">\(line.review)</td><td class=\"manual\">\(line.manual)</td></tr>\n"
        }
        out += "</tbody></table>\n"
        // The chart: bars scaled to the largest workspace, 480 pixels wide.
        let widest = max(lines.map(\.images).max() ?? 0, 1)
        let height = 24 * lines.count + 8
        out += "<svg class=\"chart\" id=\"readiness-chart\" role=\"img\" aria-label=\"Readiness per workspace\" width=\"800\" height=\"\(height)\" "
            + "viewBox=\"0 0 800 \(height)\" xmlns=\"http://www.w3.org/2000/svg\">\n"
        for (i, line) in lines.enumerated() {
            let y = 24 * i + 4
            out += "<text x=\"0\" y=\"\(y + 14)\">\(e(line.workspace.workspaceName ?? line.workspace.label))</text>\n"
            var x = 260
            for (count, name, colour) in [(line.ready, "ready", "#2da44e"), (line.review, "review", "#d4a72c"), (line.manual, "manual", "#cf222e")] where count > 0 {
                let width = max(count * 480 / widest, 1)
                out += "<rect x=\"\(x)\" y=\"\(y)\" width=\"\(width)\" height=\"18\" fill=\"\(colour)\"><title>\(e(line.workspace.label)): \(count) \(name)</title></rect>\n"
                x += width
            }
            out += "<text x=\"\(x + 6)\" y=\"\(y + 14)\">\(line.ready)/\(line.review)/\(line.manual)</text>\n"
        }
        return out + "</svg>\n"
    }

    static func anchor(_ row: AuditRow) -> String {
        "image-" + (row.member.map { "w\($0)-" } ?? "") + String(row.image.id.map { $0.isLetter || $0.isNumber ? $0 : "-" })
    }

    static func e(_ s: String) -> String {
        var out = ""
        for ch in s {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            default: out.append(ch)
            }
        }
        return out
    }
}
