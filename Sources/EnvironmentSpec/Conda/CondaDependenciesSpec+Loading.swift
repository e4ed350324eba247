extension CondaDependenciesSpec {
    /// What azureml-core's `CondaDependencies(conda_file)` holds of a user's conda file: its keys
    /// in file order, `dependencies` with its `pip:` section where it stands, and the comments
    /// ruamel.yaml's round trip keeps, attached as ruamel attaches them (so `save` writes them
    /// back, and a deleted item takes its own with it). The file is read as Python's `open`
    /// reads it (`\r\n` and `\r` become `\n`).
    ///
    /// Returns nil for a file this reader does not model: keys other than `name`, `channels`
    /// and `dependencies`, several `pip:` sections, flow mappings, flow sequences over several
    /// lines or with comments inside, anchors, tags, block or multi-line scalars, escapes in
    /// double quotes, tabs, document markers. Such a file is then written from its parts,
    /// without comments.
    public static func loading(_ text: String) -> CondaDependenciesSpec? {
        guard let tokens = RuamelTokens.scan(text) else { return nil }
        var parser = CondaTokenParser(tokens: tokens)
        return parser.document()
    }
}

/// The block structure of a conda file read from its tokens (ruamel's parser and constructor
/// for this subset): where each comment lands in `CondaComments`.
struct CondaTokenParser {
    var tokens: [RuamelTokens.Token]
    var position = 0

    init(tokens: [RuamelTokens.Token]) {
        self.tokens = tokens
    }

    private var next: RuamelTokens.Token? { position < tokens.count ? tokens[position] : nil }

    private mutating func take(_ kind: RuamelTokens.Kind) -> RuamelTokens.Token? {
        guard let token = next, token.kind == kind else { return nil }
        position += 1
        return token
    }

    private mutating func takeScalar() -> (String, RuamelTokens.Token)? {
        guard let token = next, case .scalar(let value) = token.kind else { return nil }
        position += 1
        return (value, token)
    }

    /// A token that must carry no comment (ruamel would put it somewhere this model has no place for).
    private mutating func takeBare(_ kind: RuamelTokens.Kind) -> Bool {
        guard let token = take(kind) else { return false }
        return token.pre.isEmpty && token.post == nil
    }

    mutating func document() -> CondaDependenciesSpec? {
        guard let start = take(.mappingStart), start.post == nil else { return nil }
        var spec = CondaDependenciesSpec(name: nil, channels: [], dependencies: [], keys: [], comments: CondaComments())
        spec.comments.header = start.pre
        while next?.kind != .blockEnd {
            // Lines before a key that no scalar took (after a flow sequence): round_trip_dump drops them.
            guard let keyStart = take(.key), keyStart.post == nil, let (key, keyToken) = takeScalar(), keyToken.pre.isEmpty,
                  keyToken.post == nil, let colon = take(.value), colon.pre.isEmpty,
                  let name = CondaDependenciesSpec.Key(rawValue: key), !spec.keys.contains(name) else { return nil }
            spec.keys.append(name)
            switch name {
            case .name:
                // ruamel keeps a comment after the name's value, but round_trip_dump does not write it.
                guard colon.post == nil, let (value, token) = takeScalar(), token.pre.isEmpty else { return nil }
                spec.name = value
            case .channels:
                guard let read = sequence(eol: colon.post, pip: false) else { return nil }
                spec.channels = read.strings
                spec.comments.channels = read.comments
            case .dependencies:
                guard let read = sequence(eol: colon.post, pip: true) else { return nil }
                spec.dependencies = read.items
                spec.comments.dependencies = read.comments
                spec.comments.pip = read.pip
                spec.comments.afterPip = read.afterPip
            }
        }
        // Lines at the end that no scalar took (after a flow sequence): round_trip_dump drops them.
        guard let end = take(.blockEnd), end.post == nil, position == tokens.count else { return nil }
        return spec
    }

    /// A block sequence after `key:`: indented (`BLOCK-SEQUENCE-START`, its comments the
    /// sequence's head) or at the key's column (comments before the first dash are the first
    /// item's). With `pip`, one item may be a `pip:` mapping holding a list of strings.
    private mutating func sequence(eol: RuamelComment?, pip: Bool) -> SequenceRead? {
        var comments = CondaComments.Sequence(eol: eol)
        var pipComments: [Int: CondaComments.Sequence] = [:]
        var afterPip: [Int: [RuamelComment]] = [:]
        if next?.kind == .flowStart {
            // `[a, b]` on one line: ruamel keeps the flow style and the comment after `]`. (Not
            // for `dependencies`, where a `pip:` section would have to be a flow mapping.)
            guard !pip, eol == nil, takeBare(.flowStart) else { return nil }
            var items: [CondaDependency] = []
            while let (value, token) = takeScalar() {
                guard token.pre.isEmpty, token.post == nil else { return nil }
                items.append(.package(value))
                guard takeBare(.flowEntry) else { break }
            }
            guard let end = take(.flowEnd), end.pre.isEmpty else { return nil }
            comments.flow = true
            comments.eol = end.post
            return SequenceRead(items: items, comments: comments, pip: [:], afterPip: [:])
        }
        let indented = next?.kind == .sequenceStart
        if indented, let start = take(.sequenceStart) {
            guard start.post == nil, eol == nil || start.pre.isEmpty else { return nil }
            comments.head = start.pre
        }
        var items: [CondaDependency] = []
        // Lines after a `pip: [...]`: the next item's own (its leaders), or, when none follows,
        // the end of the pip mapping's.
        var afterFlowPip: [RuamelComment] = []
        while let entry = take(.entry) {
            guard entry.post == nil, entry.pre.isEmpty || (!indented && items.isEmpty) else { return nil }
            if !entry.pre.isEmpty { comments.leaders[items.count] = entry.pre }
            if !afterFlowPip.isEmpty { comments.leaders[items.count] = afterFlowPip }
            afterFlowPip = []
            if let (value, token) = takeScalar() {
                guard token.pre.isEmpty else { return nil }
                if let post = token.post { comments.trailers[items.count] = post }
                items.append(.package(value))
            } else if pip, !items.contains(where: \.isPip),
                      takeBare(.mappingStart), takeBare(.key), let (key, keyToken) = takeScalar(), key == "pip",
                      keyToken.pre.isEmpty, keyToken.post == nil, let colon = take(.value), colon.pre.isEmpty,
                      let nested = sequence(eol: colon.post, pip: false), let end = take(.blockEnd), end.post == nil,
                      end.pre.isEmpty || nested.comments.flow {
                afterFlowPip = end.pre
                if nested.comments != CondaComments.Sequence() { pipComments[items.count] = nested.comments }
                items.append(.pip(nested.strings))
            } else {
                return nil
            }
        }
        if !afterFlowPip.isEmpty { afterPip[items.count - 1] = afterFlowPip }
        guard !items.isEmpty, !indented || takeBare(.blockEnd) else { return nil }
        return SequenceRead(items: items, comments: comments, pip: pipComments, afterPip: afterPip)
    }

    /// A sequence's items and where its comments go.
    struct SequenceRead {
        var items: [CondaDependency]
        var comments: CondaComments.Sequence
        var pip: [Int: CondaComments.Sequence]
        var afterPip: [Int: [RuamelComment]]

        var strings: [String] { items.compactMap { if case .package(let p) = $0 { return p } else { return nil } } }
    }
}

extension CondaDependency {
    var isPip: Bool {
        if case .pip = self { return true } else { return false }
    }
}
