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
        if let header = comments.header { e.writePreComment(header) }
        for key in conda.keys {
            e.writeKey(key.rawValue, indent: 0)
            switch key {
            case .name:
                if let name = conda.name { e.writeScalar(name, indent: 2) } else { e.writeScalar("", indent: 2) }
            case .channels:
                writeStrings(conda.channels, comments: nil, indent: 0, into: &e)
            case .dependencies:
                writeDependencies(conda.dependencies, comments: comments, into: &e)
            }
        }
        e.finish()
        return String(e.output)
    }

    private static func writeDependencies(_ items: [CondaDependency], comments: CondaComments,
                                          into e: inout RuamelEmitter) {
        guard !items.isEmpty else { return e.writeEmptyFlow("[]") }
        if let head = comments.dependenciesHead { e.writePreComment(head) }
        for (index, item) in items.enumerated() {
            if let leader = comments.dependencies.leaders[index] { e.writePreComment(leader) }
            e.writeSequenceDash(indent: 0)
            switch item {
            case .package(let spec):
                e.writeScalar(spec, indent: 2)
                if let trailer = comments.dependencies.trailers[index] { e.writePostComment(trailer) }
            case .pip(let lines):
                e.writeKey("pip", indent: 2)
                writeStrings(lines, comments: comments.pip[index], indent: 2, into: &e)
            }
        }
    }

    private static func writeStrings(_ items: [String], comments: CondaComments.Sequence?, indent: Int,
                                     into e: inout RuamelEmitter) {
        guard !items.isEmpty else { return e.writeEmptyFlow("[]") }
        for (index, item) in items.enumerated() {
            if let leader = comments?.leaders[index] { e.writePreComment(leader) }
            e.writeSequenceDash(indent: indent)
            e.writeScalar(item, indent: indent + 2)
            if let trailer = comments?.trailers[index] { e.writePostComment(trailer) }
        }
    }
}
