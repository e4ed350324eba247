/// Runs `body` for every item with at most `limit` running at once (a task group fed as
/// tasks finish); the first error cancels the rest and is rethrown. Results come in
/// completion order.
func concurrentMap<T: Sendable, R: Sendable>(_ items: [T], limit: Int,
                                             _ body: @escaping @Sendable (T) async throws -> R) async throws -> [R] {
    try await withThrowingTaskGroup(of: R.self) { group in
        var results: [R] = []
        results.reserveCapacity(items.count)
        var iterator = items.makeIterator()
        for _ in 0..<max(limit, 1) {
            guard let item = iterator.next() else { break }
            group.addTask { try await body(item) }
        }
        while let result = try await group.next() {
            results.append(result)
            if let item = iterator.next() {
                group.addTask { try await body(item) }
            }
        }
        return results
    }
}
