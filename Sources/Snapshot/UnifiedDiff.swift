/// Unified line diffs (`diff -u` style) computed with the standard library's `CollectionDifference`.
public enum UnifiedDiff {
    /// One line of an edit script.
    public enum Line: Sendable, Equatable {
        case same(String), removed(String), added(String)
    }

    /// The lines of a text, without the final newline's empty line.
    public static func lines(_ text: String) -> [String] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        return lines
    }

    /// The full edit script turning `old` into `new`.
    public static func script(_ old: [String], _ new: [String]) -> [Line] {
        let difference = new.difference(from: old)
        var removed = Set<Int>()
        var inserted = Set<Int>()
        for change in difference {
            switch change {
            case .remove(let offset, _, _): removed.insert(offset)
            case .insert(let offset, _, _): inserted.insert(offset)
            }
        }
        var out: [Line] = []
        var i = 0, j = 0
        while i < old.count || j < new.count {
            if i < old.count, removed.contains(i) {
                out.append(.removed(old[i])); i += 1
            } else if j < new.count, inserted.contains(j) {
                out.append(.added(new[j])); j += 1
            } else if i < old.count, j < new.count {
                out.append(.same(old[i])); i += 1; j += 1
            } else if i < old.count {
                out.append(.removed(old[i])); i += 1
            } else {
                out.append(.added(new[j])); j += 1
            }
        }
        return out
    }

    /// The unified diff (hunks with `context` lines around each change) of two texts, with
    /// `---`/`+++` headers; empty when the texts have the same lines. With `markMissingNewline`
    /// (a patch that `patch` applies) a last line without its newline is followed by
    /// `\ No newline at end of file`, and a change of the final newline alone is a change.
    public static func render(old: String, new: String, oldName: String, newName: String, context: Int = 3,
                              markMissingNewline: Bool = false) -> [String] {
        var a = lines(old), b = lines(new)
        let oldOpen = markMissingNewline && !old.isEmpty && !old.hasSuffix("\n")
        let newOpen = markMissingNewline && !new.isEmpty && !new.hasSuffix("\n")
        // A last line without its newline is another line than the same text with one.
        let open = "\u{0}no-newline"
        if oldOpen, let last = a.popLast() { a.append(last + open) }
        if newOpen, let last = b.popLast() { b.append(last + open) }
        let script = script(a, b)
        let changed = script.indices.filter { if case .same = script[$0] { return false } else { return true } }
        guard let first = changed.first else { return [] }
        // Group changes whose context windows touch.
        var groups: [(Int, Int)] = []
        var start = first, end = first
        for index in changed.dropFirst() {
            if index - end > 2 * context { groups.append((start, end)); start = index }
            end = index
        }
        groups.append((start, end))
        // Old/new line numbers before each script position.
        var oldBefore: [Int] = [], newBefore: [Int] = []
        var o = 0, n = 0
        for line in script {
            oldBefore.append(o); newBefore.append(n)
            switch line {
            case .same: o += 1; n += 1
            case .removed: o += 1
            case .added: n += 1
            }
        }
        var out = ["--- " + oldName, "+++ " + newName]
        for (s, e) in groups {
            let lo = max(0, s - context), hi = min(script.count - 1, e + context)
            let slice = script[lo...hi]
            let oldCount = slice.filter { if case .added = $0 { return false } else { return true } }.count
            let newCount = slice.filter { if case .removed = $0 { return false } else { return true } }.count
            let oldStart = oldCount == 0 ? oldBefore[lo] : oldBefore[lo] + 1
            let newStart = newCount == 0 ? newBefore[lo] : newBefore[lo] + 1
            out.append("@@ -\(range(oldStart, oldCount)) +\(range(newStart, newCount)) @@")
            for line in slice {
                let (mark, text): (String, String)
                switch line {
                case .same(let t): (mark, text) = (" ", t)
                case .removed(let t): (mark, text) = ("-", t)
                case .added(let t): (mark, text) = ("+", t)
                }
                if text.hasSuffix(open) {
                    out.append(mark + String(text.dropLast(open.count)))
                    out.append("\\ No newline at end of file")
                } else {
                    out.append(mark + text)
                }
            }
        }
        return out
    }

    private static func range(_ start: Int, _ count: Int) -> String { count == 1 ? "\(start)" : "\(start),\(count)" }
}
