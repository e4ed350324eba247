/// Scalars: ruamel's `choose_scalar_style`, `write_plain`, `write_single_quoted` and
/// `write_double_quoted`, line folding included.
extension RuamelEmitter {
    /// A string scalar in the style ruamel chooses for it; `indent` is where folded lines go;
    /// `flow`: inside a flow sequence.
    mutating func writeScalar(_ text: String, indent: Int, flow: Bool = false) {
        let scalars = Array(text.unicodeScalars)
        let analysis = ScalarAnalysis(scalars, allowUnicode: flavor == .ruamel)
        if YAMLImplicitTypes.isPlainString(text, readers: readers) && (flow ? analysis.allowFlowPlain : analysis.allowBlockPlain) {
            writePlain(scalars, indent: indent)
        } else if flavor == .ruamel && (text.contains("'") || text.unicodeScalars.contains("\n")) {
            writeDoubleQuoted(scalars, indent: indent)
        } else if analysis.allowSingleQuoted {
            writeSingleQuoted(scalars, indent: indent)
        } else {
            writeDoubleQuoted(scalars, indent: indent)
        }
    }

    private mutating func writePlain(_ text: [Unicode.Scalar], indent: Int) {
        guard !text.isEmpty else { return }
        if !whitespace {
            append(" ")
            column += 1
        }
        whitespace = false
        indention = false
        var spaces = false
        var start = 0
        var end = 0
        while end <= text.count {
            let ch: Unicode.Scalar? = end < text.count ? text[end] : nil
            if spaces {
                if ch != " " {
                    if start + 1 == end && column > bestWidth {
                        writeIndent(indent)
                        whitespace = false
                        indention = false
                    } else {
                        writeSlice(text, start, end)
                    }
                    start = end
                }
            } else if ch == nil || ch == " " {
                writeSlice(text, start, end)
                start = end
            }
            if let ch { spaces = ch == " " }
            end += 1
        }
    }

    private mutating func writeSingleQuoted(_ text: [Unicode.Scalar], indent: Int) {
        writeIndicator("'", needWhitespace: true)
        var spaces = false
        var breaks = false
        var start = 0
        var end = 0
        while end <= text.count {
            let ch: Unicode.Scalar? = end < text.count ? text[end] : nil
            if spaces {
                if ch == nil || ch != " " {
                    if start + 1 == end && column > bestWidth && start != 0 && end != text.count {
                        writeIndent(indent)
                    } else {
                        writeSlice(text, start, end)
                    }
                    start = end
                }
            } else if breaks {
                if ch == nil || !ScalarAnalysis.isBreak(ch ?? " ") {
                    if text[start] == "\n" { writeLineBreak() }
                    for br in text[start..<end] {
                        writeLineBreak(br == "\n" ? "\n" : String(Character(br)))
                    }
                    writeIndent(indent)
                    start = end
                }
            } else if ch == nil || ch == " " || ch == "'" || ScalarAnalysis.isBreak(ch ?? " ") {
                if start < end {
                    writeSlice(text, start, end)
                    start = end
                }
            }
            if ch == "'" {
                append("''")
                column += 2
                start = end + 1
            }
            if let ch {
                spaces = ch == " "
                breaks = ScalarAnalysis.isBreak(ch)
            }
            end += 1
        }
        writeIndicator("'", needWhitespace: false)
    }

    private static let escapes: [Unicode.Scalar: String] = [
        "\0": "0", "\u{07}": "a", "\u{08}": "b", "\u{09}": "t", "\u{0A}": "n", "\u{0B}": "v", "\u{0C}": "f",
        "\u{0D}": "r", "\u{1B}": "e", "\"": "\"", "\\": "\\", "\u{85}": "N", "\u{A0}": "_", "\u{2028}": "L",
        "\u{2029}": "P",
    ]

    private mutating func writeDoubleQuoted(_ text: [Unicode.Scalar], indent: Int) {
        writeIndicator("\"", needWhitespace: true)
        var start = 0
        var end = 0
        while end <= text.count {
            let ch: Unicode.Scalar? = end < text.count ? text[end] : nil
            if let c = ch, !Self.needsEscape(c, allowUnicode: flavor == .ruamel) {
                // part of the current run
            } else {
                if start < end {
                    writeSlice(text, start, end)
                    start = end
                }
                if let c = ch {
                    let data: String
                    if let short = Self.escapes[c] {
                        data = "\\" + short
                    } else if c.value <= 0xFF {
                        data = "\\x" + Self.hex(c.value, width: 2)
                    } else if c.value <= 0xFFFF {
                        data = "\\u" + Self.hex(c.value, width: 4)
                    } else {
                        data = "\\U" + Self.hex(c.value, width: 8)
                    }
                    column += data.unicodeScalars.count
                    append(data)
                    start = end + 1
                }
            }
            if end > 0 && end < text.count - 1 && (ch == " " || start >= end)
                && column + (end - start) > bestWidth {
                let data = String(String.UnicodeScalarView(text[min(start, end)..<end])) + "\\"
                if start < end { start = end }
                column += data.unicodeScalars.count
                append(data)
                writeIndent(indent)
                whitespace = false
                indention = false
                if text[start] == " " {
                    append("\\")
                    column += 1
                }
            }
            end += 1
        }
        writeIndicator("\"", needWhitespace: false)
    }

    private static func needsEscape(_ c: Unicode.Scalar, allowUnicode: Bool) -> Bool {
        if c == "\"" || c == "\\" || c == "\u{85}" || c == "\u{2028}" || c == "\u{2029}" || c == "\u{FEFF}" { return true }
        let v = c.value
        return !((0x20...0x7E).contains(v) || (allowUnicode && ((0xA0...0xD7FF).contains(v) || (0xE000...0xFFFD).contains(v))))
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
