import Archive
import Snapshot
import WorkspaceClient

/// A file `--apply` uploads as an artifact before `POST /services`, as `Model.deploy` does:
/// the driver wrapper and the source folder's tarball. Its artifact URL is derived from its
/// SHA-256, so a rerun uploads to the same place and the plan can name it in advance.
public struct PlannedAsset: Sendable, Equatable {
    /// The asset id in the request (`main.py`, `source.tar.gz`).
    public var id: String
    /// `aml://artifact/LocalUpload/<container>/<id>`.
    public var url: String
    public var sha256: String
    public var size: Int
    /// The bytes (rebuilt from the plan folder at apply time).
    public var bytes: [UInt8]

    /// The origin `Model.deploy` uploads to.
    public static let origin = "LocalUpload"

    init(id: String, bytes: [UInt8]) {
        self.id = id
        self.bytes = bytes
        sha256 = SHA256.hex(bytes)
        size = bytes.count
        url = "aml://artifact/\(Self.origin)/\(Self.container(sha256: sha256))/\(id)"
    }

    /// The artifact container: `i2e-` and the first 16 hex digits of the content's SHA-256.
    static func container(sha256: String) -> String { "i2e-" + sha256.prefix(16) }

    /// `origin/container/path` of the URL.
    public var artifactPath: String { String(url.dropFirst("aml://artifact/".count)) }
}

/// The driver wrapper and source tarball of an Environment deployment.
enum DeploymentAssets {
    /// The driver asset's id.
    static let driverId = "main.py"
    /// The source tarball's id.
    static let sourceId = "source.tar.gz"

    /// azureml-core's `generate_main` over `main_template.txt` for
    /// `wrap_execution_script_with_source_directory(sourceFolder, entryScript, True)`.
    static func driver(sourceFolder: String, entryScript: String) -> PlannedAsset {
        let userScript = sourceFolder + "/" + entryScript
        let importLine = "sys.path.append(os.path.join(os.path.dirname(os.path.realpath(__file__)), \(pythonRepr(sourceFolder))))"
        let text = template.replacingOccurrences(of: "<user_script>", with: userScript)
            .replacingOccurrences(of: "<source_directory_import>", with: importLine)
        return PlannedAsset(id: driverId, bytes: Array(text.utf8))
    }

    /// `upload_dependency(ws, source_directory, create_tar=True, arcname=basename)`: the folder's
    /// files under `sourceFolder/` (directories too), sorted, in a deterministic tar.gz.
    static func sourceTarball(sourceFolder: String, files: [(path: String, bytes: [UInt8])]) throws(ArchiveError) -> PlannedAsset {
        var entries = [TarEntry(path: sourceFolder, kind: .directory, mode: 0o755)]
        var directories: Set<String> = [sourceFolder]
        for file in files.sorted(by: { Array($0.path.utf8).lexicographicallyPrecedes(Array($1.path.utf8)) }) {
            let parts = file.path.split(separator: "/").map(String.init)
            var prefix = sourceFolder
            for part in parts.dropLast() {
                prefix += "/" + part
                if directories.insert(prefix).inserted { entries.append(TarEntry(path: prefix, kind: .directory, mode: 0o755)) }
            }
            entries.append(TarEntry(path: sourceFolder + "/" + file.path, kind: .file, data: file.bytes, mode: 0o644))
        }
        return PlannedAsset(id: sourceId, bytes: try Gzip.compress(try TarWriter.archive(entries)))
    }

    /// Python's `repr` of a plain string (single quotes unless the text has one and no double quote).
    static func pythonRepr(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case quote: out += "\\" + String(c)
            default: out.append(c)
            }
        }
        return out + String(quote)
    }

    /// `azureml/_model_management/data/main_template.txt` of azureml-core 1.61.
    static let template = """
        import os
        import inspect
        import importlib.util as imp
        import logging
        import sys
        <source_directory_import>


        script_location = os.path.join(os.path.dirname(os.path.realpath(__file__)), '<user_script>')
        driver_module_spec = imp.spec_from_file_location('service_driver', script_location)
        driver_module = imp.module_from_spec(driver_module_spec)
        driver_module_spec.loader.exec_module(driver_module)

        def run(http_body, request_headers):
            global run_supports_request_headers

            arguments = {run_input_parameter_name: http_body}
            if run_supports_request_headers:
                arguments["request_headers"] = request_headers

            return_obj = driver_module.run(**arguments)

            return return_obj


        def init():
            global run_input_parameter_name
            global run_supports_request_headers

            run_args = inspect.signature(driver_module.run).parameters.keys()
            run_args_list = list(run_args)
            run_input_parameter_name = run_args_list[0] if run_args_list[0] != "request_headers" else run_args_list[1]
            run_supports_request_headers = "request_headers" in run_args_list

            driver_module.init()
        """
}
