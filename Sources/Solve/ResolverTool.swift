import Foundation
import Tooling

/// The resolver binary (uv): where it is and which version it is.
public struct ResolverTool: Sendable, Equatable {
    public var path: String
    /// `0.13.9`.
    public var version: String

    /// `uv 0.13.9`, as recorded in `migration.json`.
    public var label: String { "uv \(version)" }

    /// Why no resolver could be used.
    public struct Unavailable: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    /// Where `make deps` installs uv when it is not on PATH: `.tools/uv/bin/uv` in the source tree.
    public static let projectToolFolder: String? = {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".tools/uv/bin").path
    }()

    /// The resolver to use: `explicit` (`--resolver PATH`), else `IMAGE2ENV_UV`, else `uv` on
    /// PATH, else the project's tool folder; checked by running `uv --version`.
    public static func locate(explicit: String?, environment: [String: String] = ProcessInfo.processInfo.environment) async
        -> Result<ResolverTool, Unavailable>
    {
        let candidate: (path: String, from: String)?
        if let explicit, !explicit.isEmpty {
            candidate = (explicit, "--resolver")
        } else if let env = environment["IMAGE2ENV_UV"], !env.isEmpty {
            candidate = (env, "IMAGE2ENV_UV")
        } else if let onPath = ExecutableSearch.find("uv", path: environment["PATH"]) {
            candidate = (onPath, "PATH")
        } else if let folder = projectToolFolder, FileManager.default.isExecutableFile(atPath: folder + "/uv") {
            candidate = (folder + "/uv", "the project's tool folder")
        } else {
            candidate = nil
        }
        guard let candidate else {
            return .failure(Unavailable(message: "no resolver: uv is not on PATH (install it with `make deps`, or set IMAGE2ENV_UV or --resolver)"))
        }
        guard FileManager.default.isExecutableFile(atPath: candidate.path) else {
            return .failure(Unavailable(message: "the resolver \(candidate.path) (from \(candidate.from)) is not an executable file"))
        }
        let outcome = await ToolProcess.run(candidate.path, ["--version"], environment: ["NO_COLOR": "1"], timeout: .seconds(30))
        let words = outcome.stdout.split(separator: " ")
        guard outcome.succeeded, words.count >= 2, words[0] == "uv" else {
            return .failure(Unavailable(message: "the resolver \(candidate.path) (from \(candidate.from)) does not answer `--version` as uv does"))
        }
        return .success(ResolverTool(path: candidate.path, version: String(words[1]).trimmingCharacters(in: .whitespacesAndNewlines)))
    }
}
