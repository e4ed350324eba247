import JSONValue

/// `report merge --format text|markdown|html|json`: the roll-up per workspace, then every
/// image with its workspace, readiness and the findings that need a person.
extension MergedReport {
    public func json() throws -> String {
        try PythonJSONWriter.write(document, indent: 2) + "\n"
    }

    public func text() -> String {
        var out = "Merged: \(files.joined(separator: ", ")) (\(parts.count) workspace\(parts.count == 1 ? "" : "s"))\n\n"
        out += WorkspaceRollup.text(rollup)
        var table = [["WORKSPACE", "IMAGE", "READINESS", "FINDINGS"]]
        for (part, image) in images {
            table.append([part.workspace.label, image["id"]?.stringValue ?? "?", image["readiness"]?.stringValue ?? "?", findingList(image)])
        }
        if table.count > 1 { out += "\n" + TextTable.align(table) }
        return out + "\n" + summaryLine + "\n"
    }

    public func markdown() -> String {
        var out = "## image2env fleet: \(Markdown.escape(files.joined(separator: ", ")))\n\n" + WorkspaceRollup.markdown(rollup)
        out += "\n| workspace | image | readiness | findings |\n|---|---|---|---|\n"
        for (part, image) in images {
            out += "| \(Markdown.cell(part.workspace.label)) | \(Markdown.cell(image["id"]?.stringValue)) | \(image["readiness"]?.stringValue ?? "?") "
                + "| \(Markdown.escape(findingList(image))) |\n"
        }
        return out + "\n" + summaryLine + "\n"
    }

    public func html() -> String {
        let total = WorkspaceRollup.total(rollup)
        var out = HTML.head(title: "image2env fleet", source: files.joined(separator: ", "), counts: [total.ready, total.review, total.manual],
                            gateStyles: true)
        out += HTML.rollup(rollup) + HTML.filter(count: total.images)
        out += "<table id=\"images\"><thead><tr><th>workspace</th><th>image</th><th>readiness</th><th>findings</th></tr></thead><tbody>\n"
        for (part, image) in images {
            let readiness = image["readiness"]?.stringValue ?? "?"
            out += "<tr data-readiness=\"\(HTML.e(readiness))\"><td><code>\(HTML.e(part.workspace.label))</code></td>"
            out += "<td><code>\(HTML.e(image["id"]?.stringValue ?? "?"))</code></td><td class=\"\(HTML.e(readiness))\">\(HTML.e(readiness))</td>"
            out += "<td>\(HTML.e(findingList(image)))</td></tr>\n"
        }
        return out + "</tbody></table>\n" + HTML.foot
    }

    /// Every image with its part, in order.
    var images: [(part: Part, image: JSON)] {
        parts.flatMap { part in part.images.map { (part, $0) } }
    }

    /// `N images: R ready, V review, M manual`.
    public var summaryLine: String {
        let t = WorkspaceRollup.total(rollup)
        return "\(t.images) image\(t.images == 1 ? "" : "s"): \(t.ready) ready, \(t.review) review, \(t.manual) manual"
    }

    /// The review and manual findings' rules, each with the gate's marks: `docker-steps [suppressed], raise-python [new]`.
    func findingList(_ image: JSON) -> String {
        let list = (image["findings"]?.arrayValue ?? []).filter { $0["severity"]?.stringValue != "info" }.map { finding -> String in
            var marks = ""
            if finding["suppressed"]?.boolValue == true { marks += " [suppressed]" }
            if let state = finding["baselineState"]?.stringValue { marks += " [\(state)]" }
            return (finding["rule"]?.stringValue ?? "?") + marks
        }
        return list.isEmpty ? "-" : list.joined(separator: ", ")
    }
}
