import JSONValue

/// What the helper (`Helper/analyze.py`, CPython's `ast`) found in one Python file. Positions:
/// `line` and `column` 1-based (column in Unicode code points); `start`/`end` byte offsets into the
/// file (end exclusive).
struct FileFacts: Sendable, Equatable {
    enum Status: String, Sendable {
        case parsed, python2, syntax, encoding
    }

    /// A span of the file.
    struct Span: Sendable, Equatable {
        var line: Int
        var column: Int
        var start: Int
        var end: Int
    }

    struct ImportName: Sendable, Equatable {
        var name: String
        var asname: String?
        /// The dotted name's bytes in an `import a.b as c` (Python 3.10+).
        var span: Range<Int>?
    }

    struct Import: Sendable, Equatable {
        var at: Span
        /// `import` or `from`.
        var isFrom: Bool
        /// The imported module (`from X import ...`: X; `import a.b`: `a.b`); nil for `from . import x`.
        var module: String?
        var level: Int
        var names: [ImportName]
        var topLevel: Bool
        /// Alone on its lines (only blanks before, blanks or a comment after).
        var ownLines: Bool
        /// The byte offsets of its whole lines.
        var lines: Range<Int>
        /// Statements in the body that holds it (removing the only one would empty the body).
        var siblings: Int
        var stdlib: Bool
        /// The dotted module name of `from X import ...` (bytes).
        var moduleSpan: Range<Int>?
    }

    struct Literal: Sendable, Equatable {
        enum Kind: String, Sendable { case str, int, other }
        var kind: Kind
        var value: String?
        /// A keyword argument's name.
        var keyword: String?
    }

    struct Call: Sendable, Equatable {
        var at: Span
        /// The called attribute chain as written (`Model.get_model_path`).
        var function: String?
        /// What the chain resolves to through the file's imports.
        var target: String?
        /// The byte offset of the chain's root name.
        var root: Int?
        var args: [Literal]
        var keywords: [Literal]
        /// `*args` or `**kwargs`.
        var starred: Bool
    }

    struct Decorator: Sendable, Equatable {
        var at: Span
        var text: String?
        var target: String?
        var function: String
    }

    struct Reference: Sendable, Equatable {
        var at: Span
        var name: String
        var target: String
    }

    struct ParseError: Sendable, Equatable {
        var message: String
        var line: Int
        var column: Int
    }

    var status: Status
    var utf8: Bool
    var error: ParseError?
    var imports: [Import] = []
    var calls: [Call] = []
    var decorators: [Decorator] = []
    var references: [Reference] = []
    /// Names bound at module level.
    var defined: [String] = []
    /// Where a module-level helper may be inserted (just after the leading imports).
    var insertLine: Int = 1
    var insertAt: Int = 0
}

extension FileFacts {
    /// The facts of one file from the helper's JSON; nil when it is not what the helper writes.
    init?(json: JSON) {
        guard let statusText = json["status"]?.stringValue, let status = Status(rawValue: statusText) else { return nil }
        self.status = status
        utf8 = json["utf8"]?.boolValue ?? false
        if let e = json["error"], !e.isNull {
            error = ParseError(message: e["message"]?.stringValue ?? "invalid syntax", line: Self.int(e["line"]) ?? 1,
                               column: Self.int(e["column"]) ?? 1)
        }
        guard status == .parsed else { return }
        imports = (json["imports"]?.arrayValue ?? []).compactMap(Self.importFact)
        calls = (json["calls"]?.arrayValue ?? []).compactMap(Self.call)
        decorators = (json["decorators"]?.arrayValue ?? []).compactMap { d in
            Self.span(d).map { Decorator(at: $0, text: d["text"]?.stringValue, target: d["target"]?.stringValue,
                                         function: d["function"]?.stringValue ?? "") }
        }
        references = (json["references"]?.arrayValue ?? []).compactMap { r in
            guard let span = Self.span(r), let name = r["name"]?.stringValue, let target = r["target"]?.stringValue else { return nil }
            return Reference(at: span, name: name, target: target)
        }.sorted { $0.at.start < $1.at.start }
        defined = (json["defined"]?.arrayValue ?? []).compactMap(\.stringValue)
        insertLine = Self.int(json["insertAt"]?["line"]) ?? 1
        insertAt = Self.int(json["insertAt"]?["start"]) ?? 0
    }

    static func int(_ j: JSON?) -> Int? { j?.intValue.map { Int($0) } }

    static func span(_ j: JSON) -> Span? {
        guard let line = int(j["line"]), let column = int(j["column"]), let start = int(j["start"]), let end = int(j["end"]),
              start <= end else { return nil }
        return Span(line: line, column: column, start: start, end: end)
    }

    static func range(_ j: JSON?) -> Range<Int>? {
        guard let a = j?.arrayValue, a.count == 2, let lo = int(a[0]), let hi = int(a[1]), lo <= hi else { return nil }
        return lo..<hi
    }

    static func importFact(_ j: JSON) -> Import? {
        guard let span = span(j), let lines = range(j["lines"]) else { return nil }
        let names: [ImportName] = (j["names"]?.arrayValue ?? []).compactMap { n in
            guard let name = n["name"]?.stringValue else { return nil }
            return ImportName(name: name, asname: n["asname"]?.stringValue, span: range(n["span"]))
        }
        return Import(at: span, isFrom: j["kind"]?.stringValue == "from", module: j["module"]?.stringValue, level: int(j["level"]) ?? 0,
                      names: names, topLevel: j["topLevel"]?.boolValue ?? false, ownLines: j["ownLines"]?.boolValue ?? false, lines: lines,
                      siblings: int(j["siblings"]) ?? 0, stdlib: j["stdlib"]?.boolValue ?? false, moduleSpan: range(j["moduleSpan"]))
    }

    static func literal(_ j: JSON) -> Literal {
        let kind = Literal.Kind(rawValue: j["kind"]?.stringValue ?? "other") ?? .other
        var value: String?
        switch kind {
        case .str: value = j["value"]?.stringValue
        case .int: value = j["value"]?.intValue.map { String($0) }
        case .other: value = j["text"]?.stringValue
        }
        return Literal(kind: kind, value: value, keyword: j["name"]?.stringValue)
    }

    static func call(_ j: JSON) -> Call? {
        guard let span = span(j) else { return nil }
        return Call(at: span, function: j["func"]?.stringValue, target: j["target"]?.stringValue, root: int(j["root"]),
                    args: (j["args"]?.arrayValue ?? []).map(literal), keywords: (j["keywords"]?.arrayValue ?? []).map(literal),
                    starred: j["starred"]?.boolValue ?? false)
    }
}
