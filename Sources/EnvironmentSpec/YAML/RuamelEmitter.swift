/// The part of ruamel.yaml 0.17's emitter (as vendored by azureml-core and used by
/// `round_trip_dump`) that block mappings and sequences of strings need: style choice, plain,
/// single- and double-quoted scalars with its line folding at `bestWidth`, indentation and
/// comment placement. Columns count Unicode scalars, as Python's `len` does.
struct RuamelEmitter {
    /// Whose emitter: ruamel.yaml's (azureml-core's `round_trip_dump`) or PyYAML's (`yaml.dump`
    /// with its defaults, as azure-ai-ml calls it). They differ in the quoting style they choose
    /// and in `allow_unicode`.
    enum Flavor: Sendable {
        case ruamel
        /// `allow_unicode=False`: non-ASCII text is double-quoted with escapes; a string holding
        /// `'` is still single-quoted.
        case pyyaml
    }

    /// ruamel's `best_width` (80); `Int.max` never folds.
    var bestWidth = 80
    var flavor = Flavor.ruamel
    /// Which YAML readers plain strings must survive (ruamel's own: 1.2).
    var readers = YAMLImplicitTypes.Readers.yaml12
    /// What was written so far.
    private(set) var output = String.UnicodeScalarView()
    /// ruamel's `column`: Unicode scalars since the last line break.
    var column = 0
    /// ruamel's `whitespace`: the last thing written was whitespace (or nothing).
    var whitespace = true
    /// ruamel's `indention`: only indentation was written on this line.
    var indention = true
    /// ruamel's `no_newline`: the next `writeIndent` that would break the line does not.
    var noNewline = false

    init(bestWidth: Int = 80, readers: YAMLImplicitTypes.Readers = .yaml12, flavor: Flavor = .ruamel) {
        self.bestWidth = bestWidth
        self.readers = readers
        self.flavor = flavor
    }

    // MARK: Structure

    /// Starts a line at `indent` unless the current one is still empty up to there.
    mutating func writeIndent(_ indent: Int) {
        if !indention || column > indent || (column == indent && !whitespace) {
            if noNewline {
                noNewline = false
            } else {
                writeLineBreak()
            }
        }
        if column < indent {
            whitespace = true
            append(String(repeating: " ", count: indent - column))
            column = indent
        }
    }

    /// `write_indicator`.
    mutating func writeIndicator(_ indicator: String, needWhitespace: Bool, whitespace isWhitespace: Bool = false,
                                 indention isIndention: Bool = false) {
        let data = (whitespace || !needWhitespace) ? indicator : " " + indicator
        whitespace = isWhitespace
        indention = indention && isIndention
        column += data.unicodeScalars.count
        append(data)
    }

    /// `write_line_break`.
    mutating func writeLineBreak(_ data: String = "\n") {
        whitespace = true
        indention = true
        column = 0
        append(data)
    }

    /// `write_comment`: a comment at the column it was read at (at least one space after
    /// text on the line; no padding for one that starts with a line break), then, unless it is
    /// a pre-comment, the line end. ruamel does not move its column for comment text.
    mutating func writeComment(_ comment: RuamelComment, pre: Bool) {
        var value = comment.text
        if !pre, value.hasSuffix("\n") { value.removeLast() }
        let col = comment.text.hasPrefix("\n") ? column : comment.column
        var spaces = col - column
        if column != 0, !value.allSatisfy({ $0.isWhitespace }), spaces < 1, !value.hasPrefix("\n") { spaces = 1 }
        append(String(repeating: " ", count: max(0, spaces)) + value)
        if !pre { writeLineBreak() }
    }

    /// `write_pre_comment`: comments on lines of their own, before what follows.
    mutating func writePreComments(_ comments: [RuamelComment]) {
        for comment in comments {
            if column != 0 { writeLineBreak() }
            writeComment(comment, pre: true)
        }
    }

    /// A mapping key (plain, at the current position).
    mutating func writeKey(_ key: String, indent: Int) {
        writeIndent(indent)
        writeScalar(key, indent: indent + 2)
        writeIndicator(":", needWhitespace: false)
    }

    /// The `-` of a block sequence item at `indent`.
    mutating func writeSequenceDash(indent: Int) {
        writeIndent(indent)
        writeIndicator("-", needWhitespace: true, indention: true)
    }

    /// `[]` or `{}` after a key or dash.
    mutating func writeEmptyFlow(_ text: String) {
        writeIndicator(text, needWhitespace: true)
    }

    /// Ends the document: ruamel ends the last line.
    mutating func finish() {
        if column != 0 { writeLineBreak() }
    }

    /// Writes `text` as is (the caller keeps `column`).
    mutating func append(_ text: String) {
        output.append(contentsOf: text.unicodeScalars)
    }

    /// Writes `text[start..<end]`, moving the column.
    mutating func writeSlice(_ text: [Unicode.Scalar], _ start: Int, _ end: Int) {
        guard start < end else { return }
        output.append(contentsOf: text[start..<end])
        column += end - start
    }
}
