/// Plain-text tables for the text renderers.
public enum TextTable {
    /// Left-aligned columns separated by two spaces; no trailing blanks; a final newline.
    public static func align(_ rows: [[String]]) -> String {
        let widths = (0..<(rows.first?.count ?? 0)).map { c in rows.map { $0[c].count }.max() ?? 0 }
        return rows.map { row in
            var line = ""
            for (c, cell) in row.enumerated() {
                line += cell
                if c < row.count - 1 { line += String(repeating: " ", count: widths[c] - cell.count + 2) }
            }
            return line
        }.joined(separator: "\n") + "\n"
    }
}
