import MigrationRules

/// One self-contained HTML file (`--format html`): summary counts, a table of images that can
/// be filtered by readiness, and each image's findings and diff with colouring. No network.
public enum HTML {
    public static func render(_ report: AuditReport) -> String {
        page(title: "image2env audit", source: report.workspace.source, rows: report.rows, problems: report.problems.map(\.description),
             openFirst: false) { _ in "" }
    }

    public static func render(_ report: DiffReport) -> String {
        let byId = Dictionary(report.images.map { ($0.row.image.id, $0) }, uniquingKeysWith: { a, _ in a })
        return page(title: "image2env diff", source: report.audit.workspace.source, rows: report.images.map(\.row),
                    problems: report.audit.problems.map(\.description), openFirst: true) { row in
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

    static func page(title: String, source: String, rows: [AuditRow], problems: [String], openFirst: Bool,
                     details: (AuditRow) -> String) -> String {
        func c(_ r: Readiness) -> Int { rows.filter { $0.readiness == r }.count }
        var out = """
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
        </style>
        </head>
        <body>
        <h1>\(e(title)): <code>\(e(source))</code></h1>
        <p class="counts"><span>\(rows.count) images</span><span class="ready">\(c(.ready)) ready</span><span class="review">\(c(.review)) review</span><span class="manual">\(c(.manual)) manual</span></p>
        <p id="filter">Show: <button data-filter="all" class="on">all</button><button data-filter="ready">ready</button><button data-filter="review">review</button><button data-filter="manual">manual</button> <span id="shown">\(rows.count) shown</span></p>
        <table id="images"><thead><tr><th>image</th><th>environment</th><th>readiness</th><th>findings</th></tr></thead><tbody>

        """
        for row in rows {
            let rules = row.migration.findings.filter { $0.severity != .info }.map { "<code>\(e($0.rule))</code>" }
            out += "<tr data-readiness=\"\(row.readiness.rawValue)\"><td><a href=\"#\(anchor(row))\"><code>\(e(row.image.id))</code></a></td>"
            out += "<td><code>\(e(row.migration.environment.name))</code></td><td class=\"\(row.readiness.rawValue)\">\(row.readiness.rawValue)</td>"
            out += "<td>\(rules.isEmpty ? "-" : rules.joined(separator: ", "))</td></tr>\n"
        }
        out += "</tbody></table>\n"
        for (index, row) in rows.enumerated() {
            let open = openFirst && index == 0 ? " open" : ""
            out += "<details\(open) id=\"\(anchor(row))\" data-readiness=\"\(row.readiness.rawValue)\"><summary><code>\(e(row.image.id))</code> → <code>\(e(row.migration.environment.name))</code>: <span class=\"\(row.readiness.rawValue)\">\(row.readiness.rawValue)</span></summary>\n"
            if row.migration.findings.isEmpty {
                out += "<p>No findings.</p>\n"
            } else {
                out += "<ul>\n" + row.migration.findings.map { f in
                    "<li><span class=\"\(f.severity.rawValue == "info" ? "" : f.severity.rawValue)\">\(f.severity.rawValue)</span> <code>\(e(f.rule))</code>: \(e(f.message))</li>\n"
                }.joined() + "</ul>\n"
            }
            out += details(row)
            out += "</details>\n"
        }
        if !problems.isEmpty {
            out += "<h2>Problems</h2>\n<ul>\n" + problems.map { "<li>\(e($0))</li>\n" }.joined() + "</ul>\n"
        }
        out += """
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
        return out
    }

    static func anchor(_ row: AuditRow) -> String {
        "image-" + String(row.image.id.map { $0.isLetter || $0.isNumber ? $0 : "-" })
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
