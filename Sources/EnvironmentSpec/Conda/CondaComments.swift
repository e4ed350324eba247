/// Comments ruamel.yaml carried over from a loaded conda file, as the exact text its emitter
/// writes (including the `\r\n` line ends of the SDK's template), anchored to list positions
/// the way ruamel's `CommentedSeq` anchors them (`ca.items[index]`). Only the SDK's default
/// file has any: a `CondaDependenciesSpec` built from parts has none.
struct CondaComments: Sendable, Equatable {
    /// Comments of one sequence: before item `i`, and instead of the line end after item `i`.
    struct Sequence: Sendable, Equatable {
        var leaders: [Int: String] = [:]
        var trailers: [Int: String] = [:]

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

    /// Written before the first top-level key.
    var header: String?
    /// Written before the first item of `dependencies:` (the sequence's own comment).
    var dependenciesHead: String?
    /// Comments of the `dependencies:` items.
    var dependencies = Sequence()
    /// Comments of the items of `pip:` lists, keyed by the index of their `dependencies` item.
    var pip: [Int: Sequence] = [:]

    /// A dependencies item was deleted: its comments go, later ones move up.
    mutating func removeDependency(at index: Int) {
        dependencies.remove(at: index)
        pip = Sequence.removing(index, from: pip)
    }
}
