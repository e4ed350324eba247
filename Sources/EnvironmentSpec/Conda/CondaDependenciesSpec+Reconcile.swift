/// The lists an Environment's conda dependencies must end up with, whatever changed them (rules,
/// a solver): what `CondaDependenciesSpec.reconciled(with:samePackage:)` brings a file to.
public struct CondaParts: Sendable, Equatable {
    public var name: String?
    public var channels: [String]
    public var condaPackages: [String]
    public var pipPackages: [String]
    public var pipOptions: [String]

    public init(name: String?, channels: [String], condaPackages: [String], pipPackages: [String], pipOptions: [String]) {
        self.name = name
        self.channels = channels
        self.condaPackages = condaPackages
        self.pipPackages = pipPackages
        self.pipOptions = pipOptions
    }
}

extension CondaDependenciesSpec {
    /// This file changed as little as possible to hold `target`, so that it keeps the user's
    /// order, layout and comments where azureml-core's round trip keeps them:
    /// - an item `target` still has stays where it is, with its comments;
    /// - an item whose package (`samePackage` of both specs) or pip option (its first word)
    ///   `target` has with another spec is replaced in place (as `set_python_version` and
    ///   `set_pip_option` do), keeping its comments;
    /// - an item `target` no longer has is deleted with its comments (`_remove_from_list`);
    /// - the rest of `target` is appended where the SDK's methods append: conda packages at the
    ///   end of `dependencies` (`add_conda_package`), pip options then packages at the end of
    ///   the `pip:` section, which is added last to `dependencies` when there is none
    ///   (`set_pip_option`, `add_pip_package`), channels at the end of `channels:`, which is
    ///   added as the last key when missing (`add_channel`).
    /// Only the last `pip:` section is the SDK's `pip_packages`; a loaded file has at most one.
    public func reconciled(with target: CondaParts, samePackage: (String) -> String) -> CondaDependenciesSpec {
        var out = self
        if out.name != target.name {
            out.name = target.name
            if target.name == nil {
                out.keys.removeAll { $0 == .name }
            } else if !out.keys.contains(.name) {
                out.keys.append(.name)
            }
        }
        out.reconcileChannels(target.channels)
        out.reconcileCondaPackages(target.condaPackages, samePackage: samePackage)
        out.reconcilePip(packages: target.pipPackages, options: target.pipOptions, samePackage: samePackage)
        return out
    }

    private mutating func reconcileChannels(_ target: [String]) {
        guard keys.contains(.channels) || !target.isEmpty else { return }
        if !keys.contains(.channels) { keys.append(.channels) }
        let plan = Self.match(channels, to: target, sameItem: { $0 })
        var kept: [String] = []
        var moved: [Int: Int] = [:]
        for (index, decision) in plan.decisions.enumerated() {
            guard let new = decision else { continue }
            moved[index] = kept.count
            kept.append(new)
        }
        comments.channels.keep(moved)
        channels = kept + plan.added
        if channels.isEmpty { comments.channels.forgetComments() }
    }

    private mutating func reconcileCondaPackages(_ target: [String], samePackage: (String) -> String) {
        guard keys.contains(.dependencies) || !target.isEmpty else { return }
        if !keys.contains(.dependencies) { keys.append(.dependencies) }
        let packages = dependencies.compactMap { if case .package(let p) = $0 { return p } else { return nil } }
        let plan = Self.match(packages, to: target, sameItem: samePackage)
        var kept: [CondaDependency] = []
        var moved: [Int: Int] = [:]
        var next = 0
        for (index, item) in dependencies.enumerated() {
            if case .package = item {
                defer { next += 1 }
                guard let new = plan.decisions[next] else { continue }
                moved[index] = kept.count
                kept.append(.package(new))
            } else {
                moved[index] = kept.count
                kept.append(item)
            }
        }
        comments.keepDependencies(moved)
        dependencies = kept + plan.added.map(CondaDependency.package)
    }

    private mutating func reconcilePip(packages: [String], options: [String], samePackage: (String) -> String) {
        guard let section = dependencies.lastIndex(where: \.isPip) else {
            if !options.isEmpty || !packages.isEmpty {
                if !keys.contains(.dependencies) { keys.append(.dependencies) }
                dependencies.append(.pip(options + packages))
            }
            return
        }
        guard case .pip(let lines) = dependencies[section] else { return }
        let optionPlan = Self.match(lines.filter(Self.isOption), to: options, sameItem: CondaPackageName.firstWord)
        let packagePlan = Self.match(lines.filter { !Self.isOption($0) }, to: packages, sameItem: samePackage)
        var nextOption = 0, nextPackage = 0
        var kept: [String] = []
        var moved: [Int: Int] = [:]
        for (index, line) in lines.enumerated() {
            let decision: String?
            if Self.isOption(line) {
                decision = optionPlan.decisions[nextOption]
                nextOption += 1
            } else {
                decision = packagePlan.decisions[nextPackage]
                nextPackage += 1
            }
            guard let new = decision else { continue }
            moved[index] = kept.count
            kept.append(new)
        }
        var sectionComments = comments.pip[section] ?? CondaComments.Sequence()
        sectionComments.keep(moved)
        let all = kept + optionPlan.added + packagePlan.added
        if all.isEmpty { sectionComments.forgetComments() }
        dependencies[section] = .pip(all)
        comments.pip[section] = sectionComments == CondaComments.Sequence() ? nil : sectionComments
    }

    /// For each of `old`, what it becomes (itself, a same-named `target` spec, or nil: deleted),
    /// and the specs of `target` no item of `old` took, in `target` order. Exact matches are
    /// made first, so that a same-named item never takes a spec another item has as is; each
    /// takes the first `target` spec still free. Linear in the sizes (hostile files are large).
    static func match(_ old: [String], to target: [String], sameItem: (String) -> String)
        -> (decisions: [String?], added: [String]) {
        var taken = [Bool](repeating: false, count: target.count)
        var decisions = [String?](repeating: nil, count: old.count)
        var exact = FreeIndices(target.indices.map { (target[$0], $0) })
        for (i, spec) in old.enumerated() {
            if let j = exact.take(spec, skipping: taken) {
                taken[j] = true
                decisions[i] = spec
            }
        }
        var named = FreeIndices(target.indices.map { (sameItem(target[$0]), $0) })
        for (i, spec) in old.enumerated() where decisions[i] == nil {
            if let j = named.take(sameItem(spec), skipping: taken) {
                taken[j] = true
                decisions[i] = target[j]
            }
        }
        return (decisions, target.indices.filter { !taken[$0] }.map { target[$0] })
    }

    /// The indices of `target` by key, in order, handed out first to last.
    private struct FreeIndices {
        private var lists: [String: (indices: [Int], next: Int)] = [:]

        init(_ pairs: [(String, Int)]) {
            for (key, index) in pairs { lists[key, default: ([], 0)].indices.append(index) }
        }

        /// The first index under `key` not `taken` yet (each index is looked at once per list).
        mutating func take(_ key: String, skipping taken: [Bool]) -> Int? {
            guard var list = lists[key] else { return nil }
            defer { lists[key] = list }
            while list.next < list.indices.count {
                let index = list.indices[list.next]
                list.next += 1
                if !taken[index] { return index }
            }
            return nil
        }
    }
}
