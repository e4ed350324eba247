/// Writes a `CondaDependenciesSpec` byte for byte as azureml-core's `CondaDependencies.save`
/// does (ruamel.yaml's `round_trip_dump`): block style, sequences not indented under their
/// key (`- item` at the key's column), nested `pip:` lists at two spaces, strings plain where
/// YAML 1.2 reads them back as strings and quoted otherwise, plain and quoted scalars folded
/// past column 80, and the comments ruamel kept of a loaded file.
enum CondaYAMLWriter {
    /// The file's text. `bestWidth: Int.max` writes long lines unfolded; `readers:
    /// .yaml11And12` also quotes what YAML 1.1 readers (PyYAML) would not read as a string.
    static func text(for conda: CondaDependenciesSpec, keepComments: Bool = true, bestWidth: Int = 80,
                     readers: YAMLImplicitTypes.Readers = .yaml12) -> String {
        let comments = keepComments ? conda.comments : CondaComments()
        var e = RuamelEmitter(bestWidth: bestWidth, readers: readers)
        e.writePreComments(comments.header)
        for key in conda.keys {
            e.writeKey(key.rawValue, indent: 0)
            switch key {
            case .name:
                if let name = conda.name { e.writeScalar(name, indent: 2) } else { e.writeScalar("", indent: 2) }
            case .channels:
                writeSequence(conda.channels.map(CondaDependency.package), comments: comments.channels, indent: 0, into: &e)
            case .dependencies:
                writeSequence(conda.dependencies, comments: comments.dependencies, pip: comments.pip, afterPip: comments.afterPip,
                              indent: 0, into: &e)
            }
        }
        e.finish()
        return String(e.output)
    }

    /// A block sequence as the value of the key just written (ruamel's `expect_node` for a
    /// `SequenceStartEvent`, then `expect_block_sequence_item` for each item): its dashes at
    /// the key's column, a `pip:` item's list two columns in.
    private static func writeSequence(_ items: [CondaDependency], comments: CondaComments.Sequence,
                                      pip: [Int: CondaComments.Sequence] = [:], afterPip: [Int: [RuamelComment]] = [:],
                                      indent: Int, into e: inout RuamelEmitter) {
        if comments.flow {
            let specs = items.compactMap { if case .package(let p) = $0 { return p } else { return nil } }
            return writeFlowSequence(specs, eol: comments.eol, indent: indent, into: &e)
        }
        guard !items.isEmpty else { return e.writeEmptyFlow("[]") }
        let indention = e.indention
        if let eol = comments.eol {
            e.writeComment(eol, pre: false)
            e.indention = false
            e.noNewline = true
        }
        if !comments.head.isEmpty {
            e.writePreComments(comments.head)
            e.indention = indention
            e.noNewline = !indention
        }
        for (index, item) in items.enumerated() {
            e.writePreComments(comments.leaders[index] ?? [])
            let noNewline = e.column == 0 ? e.noNewline : false
            e.writeSequenceDash(indent: indent)
            if noNewline { e.noNewline = true }
            switch item {
            case .package(let spec):
                e.writeIndent(indent + 2)
                e.writeScalar(spec, indent: indent + 2)
                if let trailer = comments.trailers[index] { e.writeComment(trailer, pre: false) }
            case .pip(let lines):
                e.writeKey("pip", indent: indent + 2)
                writeSequence(lines.map(CondaDependency.package), comments: pip[index] ?? CondaComments.Sequence(),
                              indent: indent + 2, into: &e)
                e.writePreComments(afterPip[index] ?? [])
            }
        }
    }

    /// A sequence kept in flow style (`expect_flow_sequence`): `[a, b]` after the key, a comment
    /// after `]`; past column 80 the next item goes on a new line two columns in.
    private static func writeFlowSequence(_ items: [String], eol: RuamelComment?, indent: Int, into e: inout RuamelEmitter) {
        let flowIndent = indent + 2
        e.writeIndicator("[", needWhitespace: true, whitespace: true)
        for (index, item) in items.enumerated() {
            if index > 0 { e.writeIndicator(",", needWhitespace: false) }
            if e.column > e.bestWidth { e.writeIndent(flowIndent) }
            e.writeScalar(item, indent: flowIndent + 2, flow: true)
        }
        e.writeIndicator("]", needWhitespace: false)
        if let eol {
            e.writeComment(eol, pre: false)
        } else if items.isEmpty {
            e.writeLineBreak()
        } else {
            e.noNewline = false
        }
    }
}
