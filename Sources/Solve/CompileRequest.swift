import Snapshot

/// One question to the resolver: do these requirements solve for this Python on this
/// platform, with packages no newer than `excludeNewer`, wheels only (but for `sourceAllowed`)?
public struct CompileRequest: Sendable, Hashable {
    /// Requirement lines, as given to the resolver.
    public var requirements: [String]
    /// Index lines for the requirements file (`--index-url URL`, `--extra-index-url URL`,
    /// `--find-links PATH`, `--no-index`); they may carry credentials and are never printed.
    public var indexOptions: [String]
    /// Hosts pip was told to trust (`--trusted-host`), passed as `--allow-insecure-host`.
    public var insecureHosts: [String]
    /// Pre-releases allowed (`--pre`).
    public var prerelease: Bool
    /// `3.12`.
    public var python: String
    /// `x86_64-manylinux_2_35`.
    public var platform: String
    /// Projects that may be built from source (sorted, normalized); every other one needs a wheel.
    public var sourceAllowed: [String]
    /// RFC 3339.
    public var excludeNewer: String
    /// Use only the resolver's cache.
    public var offline: Bool

    /// The command-line arguments after `uv`, for a requirements file at `file`.
    func arguments(file: String) -> [String] {
        var args = ["pip", "compile", file, "--python-version", python, "--python-platform", platform,
                    "--exclude-newer", excludeNewer, "--no-header", "--no-annotate", "--no-config", "--no-python-downloads",
                    "--color", "never", "--no-progress", "--only-binary", ":all:"]
        for name in sourceAllowed { args += ["--no-binary", name] }
        for host in insecureHosts { args += ["--allow-insecure-host", host] }
        if prerelease { args += ["--prerelease", "allow"] }
        if offline { args.append("--offline") }
        return args
    }

    /// The requirements file's text: index lines first, then the requirements.
    var fileText: String { (indexOptions + requirements).joined(separator: "\n") + "\n" }

    /// A stable key for caching the answer (SHA-256 of everything that decides it). Offline or
    /// not is not part of it: an answer about the index is the same either way (only answers
    /// that do not depend on the network are kept).
    func cacheKey(resolver: String) -> String {
        let canonical = ([resolver, python, platform, excludeNewer, prerelease ? "pre" : "final"]
            + ["--"] + sourceAllowed + ["--"] + insecureHosts + ["--"] + indexOptions + ["--"] + requirements).joined(separator: "\n")
        return SHA256.hex(Array(canonical.utf8))
    }
}

/// A release the resolver chose.
public struct SolvedRelease: Sendable, Equatable, Hashable {
    /// Normalized name.
    public var name: String
    public var version: String
}

/// What the resolver answered.
public enum CompileOutcome: Sendable, Equatable {
    case solved([SolvedRelease])
    case failed(CompileFailure)

    /// Whether the same request always gets the same answer (so it may be cached): a solution
    /// or a proof that there is none, not a network or tool problem.
    var isDeterministic: Bool {
        switch self {
        case .solved: return true
        case .failed(let f): return f.kind.isDeterministic
        }
    }
}
