/// One comment as ruamel.yaml carries it (a `CommentToken`): its text, which runs from the `#`
/// (or from a line break, for blank lines) to the line end and takes in the comment lines and
/// blank lines that follow it, and the column it started at, where ruamel writes it again.
struct RuamelComment: Sendable, Equatable {
    var text: String
    var column: Int
}

/// Comments ruamel.yaml carried over from a loaded conda file, anchored the way its
/// `CommentedMap` / `CommentedSeq` anchor them (`ca.comment`, `ca.items[index]`), so that they
/// move with their item and go when it is deleted, as in the SDK. Comments on the value of
/// `name:` are not kept: azureml-core's `round_trip_dump` does not write them.
struct CondaComments: Sendable, Equatable {
    /// Comments of one sequence, and whether it was written `[a, b]` (ruamel keeps the style).
    struct Sequence: Sendable, Equatable {
        /// After `key:` on its line, with the lines that follow it (the sequence's `ca.comment[0]`);
        /// for a flow sequence, after its `]`.
        var eol: RuamelComment?
        /// Lines between `key:` and the first item of an indented sequence (`ca.comment[1]`).
        var head: [RuamelComment] = []
        /// Before item `i` (`ca.items[i][1]`): lines before the first item of a sequence whose
        /// dashes stand at their key's column.
        var leaders: [Int: [RuamelComment]] = [:]
        /// After item `i`, instead of its line end (`ca.items[i][0]`): an end-of-line comment
        /// and the comment and blank lines up to the next item or key.
        var trailers: [Int: RuamelComment] = [:]
        /// Written `[a, b]` (ruamel's `fa.flow_style()`): it stays so.
        var flow = false

        /// The list was left empty: the comments after its key go too (ruamel's writer keeps
        /// them and writes `[]` on a line of its own, breaking the file; image2env does not).
        mutating func forgetComments() {
            self = Sequence(flow: flow)
        }

        /// Items were deleted: item `i` is now item `moved[i]`; the comments of the others go
        /// (what `CommentedSeq.__delitem__` does for each, in one pass).
        mutating func keep(_ moved: [Int: Int]) {
            leaders = Self.moving(leaders, moved)
            trailers = Self.moving(trailers, moved)
        }

        static func moving<T>(_ items: [Int: T], _ moved: [Int: Int]) -> [Int: T] {
            var out: [Int: T] = [:]
            for (i, value) in items { if let j = moved[i] { out[j] = value } }
            return out
        }

        /// `CommentedSeq.__delitem__`: drops the comments of item `index`, moves later ones up.
        mutating func remove(at index: Int) {
            leaders = Self.removing(index, from: leaders)
            trailers = Self.removing(index, from: trailers)
        }

        static func removing<T>(_ index: Int, from items: [Int: T]) -> [Int: T] {
            var out: [Int: T] = [:]
            for (i, value) in items where i != index {
                out[i > index ? i - 1 : i] = value
            }
            return out
        }
    }

    /// Written before the first top-level key (the top mapping's `ca.comment[1]`).
    var header: [RuamelComment] = []
    /// Comments of the `channels:` items.
    var channels = Sequence()
    /// Comments of the `dependencies:` items.
    var dependencies = Sequence()
    /// Comments of the items of `pip:` lists, keyed by the index of their `dependencies` item.
    var pip: [Int: Sequence] = [:]
    /// Lines after a one-line `pip: [...]` and before what follows (the end of its mapping),
    /// keyed by the index of their `dependencies` item.
    var afterPip: [Int: [RuamelComment]] = [:]

    /// Dependencies items were deleted: item `i` is now item `moved[i]`; the comments of the
    /// others go.
    mutating func keepDependencies(_ moved: [Int: Int]) {
        dependencies.keep(moved)
        pip = Sequence.moving(pip, moved)
        afterPip = Sequence.moving(afterPip, moved)
    }

    /// A dependencies item was deleted: its comments go, later ones move up.
    mutating func removeDependency(at index: Int) {
        dependencies.remove(at: index)
        pip = Sequence.removing(index, from: pip)
        afterPip = Sequence.removing(index, from: afterPip)
    }
}
