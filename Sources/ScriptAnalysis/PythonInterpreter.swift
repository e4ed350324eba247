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
}
