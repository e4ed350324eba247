import MigrationRules
import Snapshot

/// The solve stage for one request: choose the Python, relax what must be relaxed, and say
/// exactly what blocks when nothing solves.
///
/// 1. The candidates (`3.12`, `3.11`, ...) in order, v1 (with the `azureml-defaults` floor) and
///    v2 (with the `azureml-inference-server-http` floor) both; the first on which both solve wins.
/// 2. When every candidate fails, an `==` pin of a package that is not model-critical that the
///    failure on the lowest candidate names is relaxed (one per round), and the candidates are
///    tried again.
/// 3. When that does not help, the last-resort Python for v1 alone (v2 is then not written).
/// 4. Otherwise the image is blocked, with the resolver's explanation condensed to one line.
///
/// Wheels are required, but for the table's pure-Python source projects and for releases the
/// index publishes without any wheel (those are reported as source builds).
struct ImageSolver {
    let service: CompileService
    let index: WheelIndex
    let hosts: HostCheck
    let tables: SolveTables
    let excludeNewer: String
    let offline: Bool

    /// One direct requirement, as the stage works on it.
    struct Pin: Sendable {
        var name: String
        /// The line given to the resolver.
        var line: String
        /// The line as the image had it.
        var original: String
        var requirement: PipRequirement
        var relaxable: Bool
    }

    enum AttemptResult {
        case solved(python: String, v1: [SolvedRelease]?, v2: [SolvedRelease]?, pins: [Pin], relaxed: [Resolution.Relaxed], sourceBuilds: [String])
        case blocked(python: String, failure: CompileFailure, pins: [Pin], relaxed: [Resolution.Relaxed])
        case unavailable(CompileFailure)
    }

    func resolve(_ request: SolveRequest) async -> Resolution {
        var base = Resolution(status: .resolved)
        base.imagePython = request.imagePython
        let platform = tables.platform(baseImage: request.baseImage, baseDockerfile: request.baseDockerfile)
        base.platform = platform.platform
        base.platformAssumed = platform.assumed
        base.resolver = service.tool.label
        base.excludeNewer = excludeNewer
        base.condaOnly = request.condaOnly
        var pins: [Pin] = []
        for line in request.pipPackages {
            guard let requirement = PipRequirement(line) else {
                return unresolved(base, "the pip requirement \"\(line)\" cannot be read (PEP 508: name, extras, version specifier, marker)")
            }
            if requirement.isDirectReference {
                base.unchecked.append(Redaction.text(line))
                continue
            }
            guard let name = requirement.normalizedName else { continue }
            pins.append(Pin(name: name, line: line, original: line, requirement: requirement,
                            relaxable: requirement.isEqualityPin && tables.modelCritical[name] == nil))
        }
        let options = PipIndexOptions(request.pipOptions)
        let context = Context(request: request, platform: platform.platform, options: options)
        if !offline, let host = await hosts.unreachable(options.urls) {
            return unresolved(base, "the index \(host) cannot be reached (its name does not resolve)")
        }

        var targets = request.targets
        if !targets.v1 && !targets.v2 { targets = .both }
        let first = await attempt(tables.pythonCandidates, targets: targets, pins: pins, context)
        switch first {
        case .solved: return await finish(base, first, targets: targets, context, lastResort: false)
        case .unavailable(let failure): return unresolved(base, failure.detail)
        case .blocked(_, let failure, let triedPins, _):
            if targets.v1, let last = tables.pythonLastResort {
                let second = await attempt([last], targets: SolveRequest.Targets(v1: true, v2: false), pins: pins, context)
                switch second {
                case .solved:
                    var resolution = await finish(base, second, targets: targets, context, lastResort: true)
                    if targets.v2 {
                        resolution.v2Unavailable = "\(tables.v2Floor) needs Python \(tables.v2MinimumPython) or later, where "
                            + (await condensed(failure, pythons: range(tables.pythonCandidates), context))
                    }
                    return resolution
                case .unavailable(let f): return unresolved(base, f.detail)
                case .blocked: break
                }
            }
            let tried = tables.pythonCandidates + (targets.v1 ? [tables.pythonLastResort].compactMap { $0 } : [])
            return await blocked(base, failure, triedPins, pythons: range(tried), context)
        }
    }

    struct Context {
        var request: SolveRequest
        var platform: String
        var options: PipIndexOptions
    }

    /// Tries `candidates` in order, relaxing blocking pins (one per round) while that helps.
    func attempt(_ candidates: [String], targets: SolveRequest.Targets, pins start: [Pin], _ c: Context) async -> AttemptResult {
        var pins = start
        var relaxed: [Resolution.Relaxed] = []
        for _ in 0...max(1, pins.count) {
            var last: (String, CompileFailure)?
            for python in candidates {
                switch await solve(at: python, targets: targets, pins: pins, c) {
                case .success(let solved):
                    return .solved(python: python, v1: solved.v1, v2: solved.v2, pins: pins, relaxed: relaxed, sourceBuilds: solved.sourceBuilds)
                case .failure(let failure):
                    if !failure.kind.isDeterministic { return .unavailable(failure) }
                    last = (python, failure)
                }
            }
            guard let (python, failure) = last else { break }
            guard let i = blocker(failure, pins) else { return .blocked(python: python, failure: failure, pins: pins, relaxed: relaxed) }
            let pin = pins[i]
            let loose = pin.requirement.with(specifier: "")
            relaxed.append(Resolution.Relaxed(name: pin.name, from: pin.original, to: loose, version: nil,
                                              reason: await condensed(failure, pythons: range(candidates), c)))
            pins[i].line = loose
            pins[i].relaxable = false
        }
        return .blocked(python: candidates.last ?? "", failure: CompileFailure(kind: .conflict, package: nil, version: nil, wheelTags: [],
                                                                           detail: "the requirements do not resolve", mentioned: []),
                        pins: pins, relaxed: relaxed)
    }

    /// The pin to relax: the first relaxable one the failure names (the release it is about first).
    func blocker(_ failure: CompileFailure, _ pins: [Pin]) -> Int? {
        let names = (failure.package.map { [$0] } ?? []) + failure.mentioned
        for name in names {
            if let i = pins.firstIndex(where: { $0.name == name && $0.relaxable }) { return i }
        }
        return nil
    }

    struct Solved {
        var v1: [SolvedRelease]?
        var v2: [SolvedRelease]?
        var sourceBuilds: [String]
    }

    /// v1 then v2 at one Python (v2 only where its floor can install), allowing source builds
    /// for releases that publish no wheel at all.
    func solve(at python: String, targets: SolveRequest.Targets, pins: [Pin], _ c: Context) async -> Result<Solved, CompileFailure> {
        var allowed = tables.sourcePackages
        var discovered: [String] = []
        let v2Possible = VersionConstraint.compare(VersionConstraint.components(python), VersionConstraint.components(tables.v2MinimumPython)) >= 0
        var wanted: [Bool] = []
        if targets.v1 { wanted.append(true) }
        if targets.v2 && v2Possible { wanted.append(false) }
        restart: for _ in 0..<8 {
            var solved = Solved(v1: nil, v2: nil, sourceBuilds: [])
            for isV1 in wanted {
                let request = CompileRequest(requirements: requirements(pins, v1: isV1), indexOptions: c.options.lines,
                                             insecureHosts: c.options.insecureHosts, prerelease: c.options.prerelease,
                                             python: python, platform: c.platform, sourceAllowed: allowed.sorted(),
                                             excludeNewer: excludeNewer, offline: offline)
                switch await service.compile(request) {
                case .solved(let releases):
                    if isV1 { solved.v1 = releases } else { solved.v2 = releases }
                case .failed(let failure):
                    if failure.kind == .noUsableWheels, let package = failure.package, !allowed.contains(package), !offline,
                       await index(c).isSourceOnly(package, version: failure.version) == true {
                        allowed.insert(package)
                        discovered.append(package)
                        continue restart
                    }
                    return .failure(failure)
                }
            }
            let names = Set((solved.v1 ?? []).map(\.name) + (solved.v2 ?? []).map(\.name))
            solved.sourceBuilds = discovered.filter(names.contains)
            if targets.v2 && !v2Possible { solved.v2 = nil }
            return .success(solved)
        }
        return .failure(CompileFailure(kind: .toolFailed, package: nil, version: nil, wheelTags: [],
                                       detail: "too many source-only releases to allow", mentioned: []))
    }

    /// The lines for the v1 (with `azureml-defaults`) or v2 (with `azureml-inference-server-http`) Environment.
    func requirements(_ pins: [Pin], v1: Bool) -> [String] {
        let floor = v1 ? tables.v1Floor : tables.v2Floor
        let stack = PipRequirement(floor)?.normalizedName ?? ""
        let other = PipRequirement(v1 ? tables.v2Floor : tables.v1Floor)?.normalizedName ?? ""
        var lines: [String] = []
        var hasStack = false
        for pin in pins {
            if !v1 && pin.name == other { continue }  // v2 images do not carry the v1 stack
            if pin.name == stack {
                hasStack = true
                lines.append(Self.withFloor(pin, floor: floor))
            } else {
                lines.append(pin.line)
            }
        }
        if !hasStack { lines.append(floor) }
        return lines
    }

    /// The inference stack's requirement with its floor: an unpinned one becomes the floor, a
    /// pin below the floor is raised to it, any other specifier gets the floor added.
    static func withFloor(_ pin: Pin, floor: String) -> String {
        guard let floorRequirement = PipRequirement(floor) else { return pin.line }
        let spec = PipRequirement(pin.line)?.specifier ?? ""
        if spec.isEmpty { return pin.requirement.with(specifier: floorRequirement.specifier) }
        if let exact = PipRequirement(pin.line)?.exactPin, floorRequirement.specifier.hasPrefix(">=") {
            let minimum = String(floorRequirement.specifier.dropFirst(2))
            if VersionConstraint.compare(VersionConstraint.components(exact), VersionConstraint.components(minimum)) < 0 {
                return pin.requirement.with(specifier: floorRequirement.specifier)
            }
            return pin.line
        }
        return pin.requirement.with(specifier: spec + "," + floorRequirement.specifier)
    }

    /// The floor changes of the inference stack pins, as relaxations.
    func floorRelaxations(_ pins: [Pin], targets: SolveRequest.Targets) -> [Resolution.Relaxed] {
        var out: [Resolution.Relaxed] = []
        for (floor, wanted) in [(tables.v1Floor, targets.v1), (tables.v2Floor, targets.v2)] where wanted {
            guard let stack = PipRequirement(floor)?.normalizedName else { continue }
            for pin in pins where pin.name == stack {
                let line = Self.withFloor(pin, floor: floor)
                if line != pin.line, !(PipRequirement(pin.line)?.specifier.isEmpty ?? true) {
                    out.append(Resolution.Relaxed(name: pin.name, from: pin.original, to: line, version: nil,
                                                  reason: "the inference stack floor is \(floor)"))
                }
            }
        }
        return out
    }

    func finish(_ base: Resolution, _ result: AttemptResult, targets: SolveRequest.Targets, _ c: Context, lastResort: Bool) async -> Resolution {
        guard case .solved(let python, let v1, let v2, let pins, let relaxed, let sourceBuilds) = result else { return base }
        var r = base
        r.python = python
        r.lastResortPython = lastResort
        r.sourceBuilds = sourceBuilds
        r.installedV1 = v1.map { Array(Set($0.map(\.name))).sorted() }
        r.installedV2 = v2.map { Array(Set($0.map(\.name))).sorted() }
        func version(_ releases: [SolvedRelease]?, _ name: String) -> String? { releases?.first { $0.name == name }?.version }
        for pin in pins {
            r.packages.append(Resolution.Package(name: pin.name, requirement: pin.line, v1: version(v1, pin.name), v2: version(v2, pin.name)))
        }
        // A floor the image does not name is a direct dependency of its own Environment only.
        for (floor, isV1) in [(tables.v1Floor, true), (tables.v2Floor, false)] {
            guard let name = PipRequirement(floor)?.normalizedName, !pins.contains(where: { $0.name == name }) else { continue }
            let solved = isV1 ? version(v1, name) : version(v2, name)
            if solved != nil {
                r.packages.append(Resolution.Package(name: name, requirement: floor, v1: isV1 ? solved : nil, v2: isV1 ? nil : solved))
            }
        }
        r.relaxed = (floorRelaxations(pins, targets: targets) + relaxed).map { item in
            var item = item
            item.version = version(v1, item.name) ?? version(v2, item.name)
            return item
        }
        return r
    }

    func unresolved(_ base: Resolution, _ reason: String) -> Resolution {
        var r = Resolution(status: .unresolved, reason: reason)
        r.imagePython = base.imagePython
        r.platform = base.platform
        r.platformAssumed = base.platformAssumed
        r.resolver = base.resolver
        r.excludeNewer = base.excludeNewer
        r.condaOnly = base.condaOnly
        r.unchecked = base.unchecked
        return r
    }

    func blocked(_ base: Resolution, _ failure: CompileFailure, _ pins: [Pin], pythons: String, _ c: Context) async -> Resolution {
        var r = unresolved(base, await condensed(failure, pythons: pythons, c))
        r.status = .blocked
        let names = (failure.package.map { [$0] } ?? []) + failure.mentioned
        let pin = names.lazy.compactMap { name in pins.first { $0.name == name } }.first
        let package = pin?.name ?? failure.package
        r.blockingPackage = package
        r.blocking = pin?.original ?? failure.package.map { $0 + (failure.version.map { "==" + $0 } ?? "") }
        r.blockingIsModelCritical = package.map { tables.modelCritical[$0] != nil } ?? false
        switch failure.kind {
        case .noMatchingWheels, .noUsableWheels: r.blockKind = .noWheels
        case .invalidMetadata: r.blockKind = .invalidMetadata
        case .notFound: r.blockKind = .notFound
        case .buildFailed: r.blockKind = .buildFailed
        default: r.blockKind = .conflict
        }
        if r.blockKind == .noWheels, let package { r.wheelTags = await wheelTags(failure, package, c) }
        return r
    }

    /// The failure in one line, naming the release and, for missing wheels, the Pythons that have them.
    /// `3.9–3.12` for the candidates tried (all of them failed).
    func range(_ candidates: [String]) -> String {
        let sorted = candidates.sorted { VersionConstraint.compare(VersionConstraint.components($0), VersionConstraint.components($1)) < 0 }
        guard let low = sorted.first, let high = sorted.last else { return "" }
        return low == high ? low : low + "–" + high
    }

    func condensed(_ failure: CompileFailure, pythons: String, _ c: Context) async -> String {
        let release = failure.package.map { p in p + (failure.version.map { "==" + $0 } ?? "") }
        switch failure.kind {
        case .noMatchingWheels, .noUsableWheels:
            guard let package = failure.package, let release else { return failure.detail }
            if let tags = await wheelTags(failure, package, c) {
                return "\(release) has wheels only for \(tags) (none for Python \(pythons) on \(c.platform))"
            }
            if !offline, await index(c).isSourceOnly(package, version: failure.version) == true {
                return "\(release) is published only as a source archive, which is not built for the check"
            }
            return "\(release) has no wheel for Python \(pythons) on \(c.platform)"
        case .invalidMetadata:
            let hint = failure.detail.range(of: " (").map { String(failure.detail[$0.lowerBound...]) } ?? ""
            return "\(release ?? "a release") has metadata that cannot be parsed\(hint)"
        case .notFound:
            return release.map { "\($0) is not on the package index" } ?? failure.detail
        case .buildFailed, .conflict, .badRequirement, .network, .offline, .toolFailed:
            return failure.detail
        }
    }

    /// `cp27, cp33–cp36`: uv's hint, or the index's file list.
    func wheelTags(_ failure: CompileFailure, _ package: String, _ c: Context) async -> String? {
        if !failure.wheelTags.isEmpty {
            let pythons = failure.wheelTags.map { tag -> String in
                // ABI tags: cp36m → cp36, cp27mu → cp27.
                var t = tag
                while let last = t.last, last.isLetter, t.count > 4 { t.removeLast() }
                return t
            }
            return WheelIndex.condense(Array(Set(pythons)))
        }
        guard !offline else { return nil }
        return await index(c).wheelPythons(package, version: failure.version)
    }

    func index(_ c: Context) -> WheelIndex {
        c.options.root == "https://pypi.org/simple" ? index : WheelIndex(root: c.options.root)
    }
}
