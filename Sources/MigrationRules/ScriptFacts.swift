/// Where a finding is, in the recovered `source/` tree: a file (relative to `source/`), a line
/// and a column (1-based, in Unicode code points).
public struct SourceLocation: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var column: Int

    public init(file: String, line: Int, column: Int) {
        self.file = file
        self.line = line
        self.column = column
    }

    /// `score.py:12`, as reports show it.
    public var description: String { "\(file):\(line)" }

    /// By file (UTF-8 byte order), line, column.
    public static func < (a: SourceLocation, b: SourceLocation) -> Bool {
        if a.file != b.file { return a.file.utf8.lexicographicallyPrecedes(b.file.utf8) }
        return (a.line, a.column) < (b.line, b.column)
    }
}

/// One fact of the entry-script analysis that a `forEach` rule turns into a finding: where it is
/// and its `${item.*}` fields (which fields a list's items have: `ForEachList.fields`).
public struct ScriptItem: Sendable, Equatable {
    public var location: SourceLocation
    public var fields: [String: String]

    public init(_ location: SourceLocation, _ fields: [String: String]) {
        self.location = location
        self.fields = fields
    }

    /// A field, or one of the location's (`file`, `line`, `column`, `location` = `file:line`).
    public func field(_ name: String) -> String? {
        switch name {
        case "file": return location.file
        case "line": return String(location.line)
        case "column": return String(location.column)
        case "location": return location.description
        default: return fields[name]
        }
    }
}

/// A module an analysed file imports (level-0 imports only), for the imports the solved
/// Environment does not provide (which needs the solution, so it is decided after the solve stage).
public struct ImportedModule: Sendable, Equatable {
    /// `sklearn.tree`, `azureml.core.model`.
    public var module: String
    public var location: SourceLocation
    /// The module is in the analysing interpreter's standard library.
    public var stdlib: Bool
    /// The module is a file or folder of the recovered source tree.
    public var local: Bool
    /// What `v2/code` does with the import: kept, or gone (rewritten or removed).
    public var keptInV2: Bool
    /// The import has a `manualEdits` item of its own (it is reported there for v2).
    public var manualInV2: Bool

    public init(module: String, location: SourceLocation, stdlib: Bool, local: Bool, keptInV2: Bool, manualInV2: Bool) {
        self.module = module
        self.location = location
        self.stdlib = stdlib
        self.local = local
        self.keptInV2 = keptInV2
        self.manualInV2 = manualInV2
    }
}

/// A change of one file of the recovered source, at exact byte offsets of the parsed code:
/// bytes `start..<end` become `replacement` (an insertion when they are equal).
public struct SourceEdit: Sendable, Equatable {
    public var file: String
    public var start: Int
    public var end: Int
    public var replacement: String

    public init(file: String, start: Int, end: Int, replacement: String) {
        self.file = file
        self.start = start
        self.end = end
        self.replacement = replacement
    }

    /// `edits` (of one file, not overlapping) applied to `bytes`; nil when one is out of range
    /// or two overlap.
    public static func apply(_ edits: [SourceEdit], to bytes: [UInt8]) -> [UInt8]? {
        let sorted = edits.sorted { ($0.start, $0.end) > ($1.start, $1.end) }
        var out = bytes
        var limit = bytes.count
        for edit in sorted {
            guard edit.start >= 0, edit.start <= edit.end, edit.end <= limit else { return nil }
            out.replaceSubrange(edit.start..<edit.end, with: Array(edit.replacement.utf8))
            limit = edit.start
        }
        return out
    }
}

/// What the entry-script analysis (target `ScriptAnalysis`) found in an image's recovered
/// source: the facts that the script rules (`rules/80-scripts.yml`) turn into findings, and the
/// edits that make the v2 code folder.
public struct ScriptFacts: Sendable, Equatable {
    public enum Status: String, Sendable, CaseIterable {
        /// Every Python file of the source tree was parsed (or found not to parse).
        case analysed
        /// The analysis could not run (no Python on PATH); `reason` says why.
        case skipped
        /// The image has no recovered source (no snapshot, no tarballs).
        case none
    }

    public var status: Status
    public var reason: String?
    /// The parsing interpreter's version (`3.11.7`).
    public var python: String?
    /// The entry script, relative to `source/`.
    public var entryScript: String?
    /// The items of each script list (`ForEachList.scriptLists`), in file and position order.
    public var items: [ForEachList: [ScriptItem]]
    /// Every level-0 import of the analysed files.
    public var imports: [ImportedModule]
    /// The edits that turn `source/` into `v2/code/`.
    public var v2Edits: [SourceEdit]

    public init(status: Status, reason: String? = nil, python: String? = nil, entryScript: String? = nil,
                items: [ForEachList: [ScriptItem]] = [:], imports: [ImportedModule] = [], v2Edits: [SourceEdit] = []) {
        self.status = status
        self.reason = reason
        self.python = python
        self.entryScript = entryScript
        self.items = items
        self.imports = imports
        self.v2Edits = v2Edits
    }

    /// No source to analyse.
    public static let none = ScriptFacts(status: .none)

    public func items(_ list: ForEachList) -> [ScriptItem] { items[list] ?? [] }

    /// The script uses `inference_schema` decorators.
    public var usesInferenceSchema: Bool { !items(.schemaDecorators).isEmpty }
}
