/// ruamel.yaml 0.17's `Emitter.analyze_scalar` (as vendored by azureml-core), for a dumper
/// with no YAML version directive: which styles may write `text`. Block-context results equal
/// PyYAML 6's; `allowUnicode: false` (PyYAML's `yaml.dump` default) makes any non-ASCII
/// character special, so that only double quotes (with escapes) can write it.
struct ScalarAnalysis {
    var empty = false
    var multiline = false
    var allowBlockPlain = true
    /// Plain inside a flow collection (`[a, b]`): no `,[]{}` either.
    var allowFlowPlain = true
    var allowSingleQuoted = true

    /// A line break: `\n`, NEL, LS, PS (compared, not hashed: this runs for every character written).
    static func isBreak(_ ch: Unicode.Scalar) -> Bool {
        switch ch.value {
        case 0x0A, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }

    /// A break or `\0`, space, tab, `\r`.
    static func isWhitespace(_ ch: Unicode.Scalar) -> Bool {
        switch ch.value {
        case 0x00, 0x20, 0x09, 0x0D: true
        default: isBreak(ch)
        }
    }

    init(_ text: [Unicode.Scalar], allowUnicode: Bool = true) {
        guard !text.isEmpty else {
            empty = true
            return
        }
        var blockIndicators = false
        var flowIndicators = false
        var lineBreaks = false
        var special = false
        var leadingSpace = false, leadingBreak = false, trailingSpace = false, trailingBreak = false
        var breakSpace = false, spaceBreak = false

        let start = String(String.UnicodeScalarView(text.prefix(3)))
        if start == "---" || start == "..." {
            blockIndicators = true
            flowIndicators = true
        }
        var precededByWhitespace = true
        var followedByWhitespace = text.count == 1 || Self.isWhitespace(text[1])
        var previousSpace = false, previousBreak = false

        for (index, ch) in text.enumerated() {
            if index == 0 {
                if "#,[]{}&*!|>'\"%@`".unicodeScalars.contains(ch) {
                    blockIndicators = true
                    flowIndicators = true
                }
                if ch == "?" || ch == ":" {
                    if text.count == 1 { flowIndicators = true }
                    if followedByWhitespace { blockIndicators = true }
                }
                if ch == "-" && followedByWhitespace {
                    blockIndicators = true
                    flowIndicators = true
                }
            } else {
                if ",[]{}".unicodeScalars.contains(ch) { flowIndicators = true }
                if (ch == ":" && followedByWhitespace) || (ch == "#" && precededByWhitespace) {
                    blockIndicators = true
                    flowIndicators = true
                }
            }
            if Self.isBreak(ch) { lineBreaks = true }
            if !(ch == "\n" || (0x20...0x7E).contains(ch.value)) {
                let v = ch.value
                let printable = v == 0x85 || (0xA0...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v)
                    || (0x10000...0x10FFFF).contains(v)
                if !printable || v == 0xFEFF || !allowUnicode { special = true }
            }
            if ch == " " {
                if index == 0 { leadingSpace = true }
                if index == text.count - 1 { trailingSpace = true }
                if previousBreak { breakSpace = true }
                previousSpace = true
                previousBreak = false
            } else if Self.isBreak(ch) {
                if index == 0 { leadingBreak = true }
                if index == text.count - 1 { trailingBreak = true }
                if previousSpace { spaceBreak = true }
                previousSpace = false
                previousBreak = true
            } else {
                previousSpace = false
                previousBreak = false
            }
            precededByWhitespace = Self.isWhitespace(ch)
            followedByWhitespace = index + 2 >= text.count || Self.isWhitespace(text[index + 2])
        }

        if leadingSpace || leadingBreak || trailingSpace || trailingBreak || lineBreaks {
            allowBlockPlain = false
            allowFlowPlain = false
        }
        if breakSpace || special || spaceBreak {
            allowBlockPlain = false
            allowFlowPlain = false
            allowSingleQuoted = false
        }
        if blockIndicators { allowBlockPlain = false }
        if flowIndicators { allowFlowPlain = false }
        multiline = lineBreaks
    }
}
