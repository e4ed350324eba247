import Foundation
import Tooling

/// The Python that parses the scripts: `IMAGE2ENV_PYTHON` (a path or a name on PATH), else
/// `python3`, else `python` on PATH. Only its parser is used (the helper imports nothing but the
/// standard library), so any CPython 3.8 or later will do.
public struct PythonInterpreter: Sendable, Equatable {
    public var path: String

    public init(path: String) { self.path = path }

    /// Why no interpreter can be used.
    public struct Unavailable: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { message }
    }

    public static func locate(environment: [String: String] = ProcessInfo.processInfo.environment) -> Result<PythonInterpreter, Unavailable> {
        let path = environment["PATH"]
        if let given = environment["IMAGE2ENV_PYTHON"], !given.isEmpty {
            if given.contains("/") {
                return FileManager.default.isExecutableFile(atPath: given) ? .success(PythonInterpreter(path: given))
                    : .failure(Unavailable(message: "IMAGE2ENV_PYTHON=\(given) is not an executable file"))
            }
            guard let found = ExecutableSearch.find(given, path: path) else {
                return .failure(Unavailable(message: "IMAGE2ENV_PYTHON=\(given) is not on PATH"))
            }
            return .success(PythonInterpreter(path: found))
        }
        for name in ["python3", "python"] {
            if let found = ExecutableSearch.find(name, path: path) { return .success(PythonInterpreter(path: found)) }
        }
        return .failure(Unavailable(message: "no Python on PATH (python3 or python; or set IMAGE2ENV_PYTHON)"))
    }

    /// The interpreter itself when `path` is a launcher (a pyenv or asdf shim, a wrapper script):
    /// it is run once to ask for `sys.executable`, and that file runs the helpers, so the
    /// launcher's own start-up (a shell and a `pyenv` process for each run on a pyenv machine)
    /// is paid once. `self` when the answer is not an executable file or the question fails.
    public func direct(timeout: Duration = .seconds(30)) async -> PythonInterpreter {
        let outcome = await ToolProcess.run(path, ["-I", "-S", "-c", "import sys; sys.stdout.write(sys.executable)"],
                                            outputLimit: 1 << 16, timeout: timeout)
        guard case .exited(0) = outcome.ending, outcome.stdout.hasPrefix("/"),
              FileManager.default.isExecutableFile(atPath: outcome.stdout) else { return self }
        return PythonInterpreter(path: outcome.stdout)
    }
}
