/// The tokens ruamel.yaml 0.17's round-trip scanner (as vendored by azureml-core) makes of a
/// conda file, with the comments it hangs on them (`RoundTripScanner.get_token` and
/// `_gather_comments`). Only what conda files use is read: block mappings and sequences, flow
/// sequences on one line, plain and quoted one-line scalars, comments and blank lines. Anything
/// else (flow mappings, anchors, tags, block or multi-line scalars, escapes in double quotes,
/// tabs, document markers) is refused with `nil`, and the caller lays the file out without its
/// comments.
struct RuamelTokens {
    /// A position: 0-based line and column (Unicode scalars, as Python counts).
    struct Mark: Equatable {
        var line: Int
        var column: Int
    }

    enum Kind: Equatable {
        case mappingStart, sequenceStart, blockEnd, key, value, entry
        case flowStart, flowEnd, flowEntry
        case scalar(String)
    }

    /// One token with the comments attached to it.
    struct Token {
        var kind: Kind
        var start: Mark
        var end: Mark
        /// `_comment[0]`: what follows the token on its line and after it.
        var post: RuamelComment?
        /// `_comment[1]`: comment lines before it.
        var pre: [RuamelComment] = []
    }

    /// A `CommentToken` before it is attached.
    private struct Comment {
        var text: String
        var start: Mark
    }

    private enum Item {
        case token(Token)
        case comment(Comment)
    }

    private let s: [Unicode.Scalar]
    private var index = 0
    private var line = 0
    private var column = 0
    private var indent = -1
    private var indents: [Int] = []
    private var flowLevel = 0
    private var items: [Item] = []

    /// The tokens of `text` read as Python's `open` reads it (`\r\n` and `\r` are `\n`), comments
    /// attached; nil for YAML outside the subset read here.
    static func scan(_ text: String) -> [Token]? {
        var scanner = RuamelTokens(text)
        guard scanner.scanAll() else { return nil }
        return scanner.attach()
    }

    private init(_ text: String) {
        var scalars: [Unicode.Scalar] = []
        scalars.reserveCapacity(text.unicodeScalars.count)
        var afterCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" && afterCR {
                afterCR = false
                continue
            }
            afterCR = scalar == "\r"
            scalars.append(afterCR ? "\n" : scalar)
        }
        if scalars.first == "\u{FEFF}" { scalars.removeFirst() }
        s = scalars
    }

    /// `get_token` and `_gather_comments`: the comments after a scalar (or after a `:` when the
    /// first is on its line) become its post comment, each later one prefixed with spaces up to
    /// its column; the comments after anything else become the pre comments of the next token.
    private func attach() -> [Token]? {
        var tokens: [Token] = []
        var pending: [Comment] = []
        var i = 0
        while i < items.count {
            guard case .token(var token) = items[i] else {
                if case .comment(let comment) = items[i] { pending.append(comment) }
                i += 1
                continue
            }
            token.pre = pending.map { RuamelComment(text: $0.text, column: $0.start.column) }
            pending = []
            var following: [Comment] = []
            i += 1
            while i < items.count, case .comment(let comment) = items[i] {
                following.append(comment)
                i += 1
            }
            if let first = following.first {
                var merged = first.text
                for comment in following.dropFirst() {
                    merged += String(repeating: " ", count: comment.start.column)
                    merged += comment.text
                }
                let isScalar: Bool
                if case .scalar = token.kind { isScalar = true } else { isScalar = false }
                if (isScalar || token.kind == .value || token.kind == .flowEnd) && first.start.line == token.end.line {
                    token.post = RuamelComment(text: merged, column: first.start.column)
                } else if isScalar {
                    let lead = String(repeating: "\n", count: first.start.line - token.end.line) + String(repeating: " ", count: first.start.column)
                    token.post = RuamelComment(text: lead + merged, column: first.start.column)
                } else {
                    pending = following
                }
            }
            tokens.append(token)
        }
        return pending.isEmpty ? tokens : nil
    }

    // MARK: Reader

    private func peek(_ offset: Int = 0) -> Unicode.Scalar {
        index + offset < s.count ? s[index + offset] : "\0"
    }

    private var mark: Mark { Mark(line: line, column: column) }

    private mutating func forward(_ count: Int = 1) {
        for _ in 0..<count where index < s.count {
            if s[index] == "\n" {
                line += 1
                column = 0
            } else {
                column += 1
            }
            index += 1
        }
    }

    private static let end: Set<Unicode.Scalar> = ["\n", "\0", "\r", "\u{85}", "\u{2028}", "\u{2029}"]
    private static func isEndSpaceTab(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || end.contains(c) }

    // MARK: Scanning

    private mutating func scanAll() -> Bool {
        // Line breaks other than \n are left to the full parser.
        guard !s.contains(where: { $0 == "\u{85}" || $0 == "\u{2028}" || $0 == "\u{2029}" }) else { return false }
        while true {
            let before = line
            while let comment = scanToNextToken() {
                guard flowLevel == 0 else { return false }
                items.append(.comment(comment))
            }
            guard flowLevel == 0 || line == before else { return false }  // one-line flow sequences only
            if flowLevel == 0 { unwindIndent(column) }
            let ch = peek()
            if ch == "\0" {
                unwindIndent(-1)
                return true
            }
            if column == 0, ch == "%" || (["-", "."].contains(ch) && peek(1) == ch && peek(2) == ch && Self.isEndSpaceTab(peek(3))) {
                return false
            }
            if let flow = ["[": Kind.flowStart, "]": .flowEnd, ",": .flowEntry][ch] {
                if flow == .flowStart { flowLevel += 1 } else if flow == .flowEnd { flowLevel -= 1 }
                guard flowLevel >= 0, flowLevel <= 1 else { return false }
                let start = mark
                forward()
                append(flow, start, mark)
                continue
            }
            if ch == "-", flowLevel == 0, Self.isEndSpaceTab(peek(1)) {
                if addIndent(column) { append(.sequenceStart, mark, mark) }
                let start = mark
                forward()
                append(.entry, start, mark)
                continue
            }
            let start = mark
            var scalar: (value: String, end: Mark, post: RuamelComment?)
            if ch == "'" || ch == "\"" {
                guard let quoted = scanQuoted(ch) else { return false }
                scalar = (quoted, mark, nil)
            } else if "{}#&*!|>%@`?\t".unicodeScalars.contains(ch) || (ch == ":" && Self.isEndSpaceTab(peek(1))) {
                return false
            } else {
                guard let plain = scanPlain(start) else { return false }
                scalar = plain
            }
            if peek() == ":", flowLevel == 0, Self.isEndSpaceTab(peek(1)), scalar.post == nil, scalar.end == mark {
                // A simple key: KEY (after BLOCK-MAPPING-START when it opens a mapping) goes before it.
                if addIndent(start.column) { append(.mappingStart, start, start) }
                append(.key, start, start)
                append(.scalar(scalar.value), start, scalar.end)
                let colon = mark
                forward()
                append(.value, colon, mark)
            } else if peek() == ":" {
                return false
            } else {
                append(.scalar(scalar.value), start, scalar.end, post: scalar.post)
            }
        }
    }

    private mutating func append(_ kind: Kind, _ start: Mark, _ end: Mark, post: RuamelComment? = nil) {
        items.append(.token(Token(kind: kind, start: start, end: end, post: post)))
    }

    private mutating func addIndent(_ column: Int) -> Bool {
        guard indent < column else { return false }
        indents.append(indent)
        indent = column
        return true
    }

    private mutating func unwindIndent(_ column: Int) {
        while indent > column, let last = indents.popLast() {
            indent = last
            append(.blockEnd, mark, mark)
        }
    }

    /// `RoundTripScanner.scan_to_next_token`: skips spaces and line breaks; returns one comment
    /// (a `#` line with the empty lines after it, or a run of empty lines).
    private mutating func scanToNextToken() -> Comment? {
        while true {
            while peek() == " " { forward() }
            if peek() == "#" {
                let start = mark
                var text = String.UnicodeScalarView()
                var ch = peek()
                text.append(ch)
                forward()
                while !Self.end.contains(ch) {
                    ch = peek()
                    if ch == "\0" {
                        text.append("\n")
                        break
                    }
                    text.append(ch)
                    forward()
                }
                var brk = scanLineBreak()
                while !brk.isEmpty {
                    text.append(contentsOf: brk.unicodeScalars)
                    brk = scanLineBreak()
                }
                var value = String(text)
                while value.hasSuffix(" ") { value.removeLast() }
                return Comment(text: value, start: start)
            }
            guard !scanLineBreak().isEmpty else { return nil }
            if peek() == "\n" {
                let start = mark
                var text = ""
                var brk = "\n"
                while !brk.isEmpty {
                    brk = scanLineBreak(emptyLine: true)
                    text += brk
                }
                if peek() == "#", let last = text.lastIndex(of: "\n") {
                    text = String(text[..<last]) + "\n"
                }
                while text.hasSuffix(" ") { text.removeLast() }
                return Comment(text: text, start: start)
            }
        }
    }

    /// `scan_line_break`: `\n`, or with `emptyLine` also one space or tab.
    private mutating func scanLineBreak(emptyLine: Bool = false) -> String {
        let ch = peek()
        if ch == "\n" || (emptyLine && (ch == " " || ch == "\t")) {
            forward()
            return String(ch)
        }
        return ""
    }

    /// `scan_plain` in block context, for a scalar on one line ("numpy 1.16.*" included; a
    /// continuation on the next line leaves the subset), with the post comment ruamel makes of
    /// the empty lines after it.
    private mutating func scanPlain(_ start: Mark) -> (value: String, end: Mark, post: RuamelComment?)? {
        let plainIndent = indent + 1
        var value = String.UnicodeScalarView()
        var end = start
        var pending = 0
        while true {
            guard peek() != "#" else { break }
            var length = 0
            while true {
                let ch = peek(length)
                if ch == ":" && !Self.isEndSpaceTab(peek(length + 1)) {
                    length += 1
                } else if Self.isEndSpaceTab(ch) || ch == ":" || (flowLevel > 0 && ",[]{}".unicodeScalars.contains(ch)) {
                    break
                } else {
                    length += 1
                }
            }
            guard length > 0 else { break }
            value.append(contentsOf: String(repeating: " ", count: pending).unicodeScalars)
            value.append(contentsOf: s[index..<index + length])
            forward(length)
            end = mark
            // scan_plain_spaces
            var blanks = 0
            while peek(blanks) == " " { blanks += 1 }
            if peek(blanks) == "\n" {
                guard flowLevel == 0 else { return nil }
                forward(blanks + 1)
                var breaks = 0
                while peek() == " " || peek() == "\n" {
                    if peek() == "\n" { breaks += 1 }
                    forward()
                }
                if peek() != "#", peek() != "\0", column >= plainIndent { return nil }
                let post = breaks > 0 ? RuamelComment(text: String(repeating: "\n", count: breaks + 1), column: start.column) : nil
                return (String(value), end, post)
            }
            guard blanks > 0 else { break }
            forward(blanks)
            pending = blanks
        }
        return value.isEmpty ? nil : (String(value), end, nil)
    }

    /// A quoted scalar on one line: single-quoted (`''` is a quote), or double-quoted without
    /// escapes.
    private mutating func scanQuoted(_ quote: Unicode.Scalar) -> String? {
        forward()
        var value = String.UnicodeScalarView()
        while true {
            let ch = peek()
            if quote == "\"" && ch == "\\" { return nil }
            if ch == quote {
                if quote == "'" && peek(1) == "'" {
                    value.append("'")
                    forward(2)
                    continue
                }
                forward()
                return String(value)
            }
            if Self.end.contains(ch) { return nil }
            value.append(ch)
            forward()
        }
    }
}
