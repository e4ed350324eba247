import Archive
import Foundation
import JSONValue
import LegacyImage
import SeededRandom

/// Writes a large synthetic snapshot for benchmarks, made from the payloads of a template
/// snapshot (the bundled fixtures, built through the real azureml-core code path): every
/// flavor, runtime and payload shape the templates have, with new names, new artifacts and
/// realistic variety — conda files of 5 to 60 dependencies (some shared between images), a
/// driver wrapper per image, a tarball with the entry script per image plus shared library
/// tarballs, models, and a webservice for about one image in four.
///
/// The same template, count and seed give the same snapshot, byte for byte.
public struct SnapshotSynthesizer {
    public var images: Int
    public var seed: UInt64
    /// Only this template image (`name:version`), when set.
    public var templateImage: String?
    /// When set, every conda file is one of this many real, resolvable dependency sets (real
    /// packages and releases, for the solve stage's benchmark) instead of the usual variety.
    public var dependencySets: Int?

    public init(images: Int, seed: UInt64 = 1, templateImage: String? = nil, dependencySets: Int? = nil) {
        self.images = max(images, 0)
        self.seed = seed
        self.templateImage = templateImage
        self.dependencySets = dependencySets.map { max($0, 1) }
    }

    /// What was written.
    public struct Summary: Sendable {
        public var images = 0
        public var artifacts = 0
        public var services = 0
        public var models = 0
        public var bytes = 0
    }

    /// Writes the snapshot into `output` (which must not exist yet).
    public func write(template: String, to output: String) throws -> Summary {
        guard !FileManager.default.fileExists(atPath: output) else {
            throw SynthError("\(output) exists; give a new folder")
        }
        let templates = try Self.payloads(template + "/images").filter { t in templateImage.map { t["id"]?.stringValue == $0 } ?? true }
        let serviceTemplates = try Self.payloads(template + "/services")
        let modelTemplates = try Self.payloads(template + "/models")
        guard !templates.isEmpty else {
            throw SynthError("\(template)/images holds no image payloads" + (templateImage.map { " with the id \($0)" } ?? ""))
        }
        let driverTemplate = try Self.driverTemplate(template)
        var writer = try Writer(root: output)
        var rng = SplitMix64(seed: seed)
        let pools = Pools()

        try writer.json("workspace.json", .object(JSONObject([
            ("subscriptionId", .string("00000000-0000-0000-0000-000000000000")), ("resourceGroup", .string("rg-synth")),
            ("workspaceName", .string("ws-synth")), ("region", .string("westeurope")),
        ])))
        let injected = try writer.artifact("shared/requirements.txt", Array("azureml-model-management-sdk==1.0.1b6.post1".utf8))
        var sharedConda: [String: String] = [:]
        var sharedTarballs: [Int: String] = [:]
        var pageREST: [JSON] = []
        var pageSerialized: [JSON] = []
        var services: [JSON] = []
        var models: [String: JSONObject] = [:]

        for i in 0..<images {
            var image = templates[i % templates.count]
            let base = image["name"]?.stringValue ?? "image"
            let name = "\(base)-\(String(i, radix: 36))"
            let version = Int64(1 + i % 3)
            let serialized = image["workspaceName"] != nil
            image["name"] = .string(name)
            image["version"] = .int(version)
            image["id"] = .string("\(name):\(version)")
            if let location = image["imageLocation"]?.stringValue, let slash = location.firstIndex(of: "/") {
                image["imageLocation"] = .string(location[..<slash] + "/\(name):\(version)")
            }
            // Models: one or two per image, from a pool of a few hundred.
            var ids: [String] = []
            for (k, id) in (image["modelIds"]?.arrayValue ?? []).compactMap(\.stringValue).enumerated() {
                let modelName = (id.split(separator: ":").first.map(String.init) ?? "model") + "-\((i + k) % 400)"
                let modelId = modelName + ":1"
                ids.append(modelId)
                if models[modelId] == nil, var model = modelTemplates.first(where: { $0["id"]?.stringValue == id }) ?? modelTemplates.first {
                    model["id"] = .string(modelId)
                    model["name"] = .string(modelName)
                    model["version"] = .int(1)
                    models[modelId] = model
                }
            }
            image["modelIds"] = .array(ids.map(JSON.string))
            if image["modelDetails"] != nil { image["modelDetails"] = .array(ids.compactMap { models[$0].map(JSON.object) }) }

            // Artifacts.
            let entry = "score_\(String(i, radix: 36)).py"
            let user = "user\(i % 97)"
            let project = "home/\(user)/proj-\(String(i, radix: 36))"
            if var runtime = image["targetRuntime"]?.objectValue, var properties = runtime["properties"]?.objectValue {
                if properties["condaEnvFile"] != nil {
                    // One of the dependency sets, or 30 % from a shared pool and the rest each its own.
                    let set = dependencySets.map { i % $0 }
                    let shared = set != nil || rng.below(10) < 3
                    let key = set.map { "set-\($0)" } ?? (shared ? "pool-\(rng.below(max(images / 50, 10)))" : "own-\(i)")
                    if let url = sharedConda[key] {
                        properties["condaEnvFile"] = .string(url)
                    } else {
                        let text = set.map(pools.resolvableConda(set:)) ?? pools.conda(name: key, rng: &rng)
                        let url = try writer.artifact("\(key)/environment.yml", Array(text.utf8))
                        if shared { sharedConda[key] = url }
                        properties["condaEnvFile"] = .string(url)
                    }
                }
                if properties["pipRequirements"] != nil, image["imageFlavor"]?.stringValue != "IoTContainer" {
                    properties["pipRequirements"] = .string(injected)
                }
                runtime["properties"] = .object(properties)
                image["targetRuntime"] = .object(runtime)
            }
            if image["dockerFileUri"]?.stringValue != nil {
                image["dockerFileUri"] = .string(try writer.artifact("docker-\(i % 7)/dockersteps", Array(pools.dockerSteps[i % 7].utf8)))
            }
            var assets: [JSON] = []
            var firstTarball = true
            for asset in image["assets"]?.arrayValue ?? [] {
                guard var a = asset.objectValue else { continue }
                if a["id"]?.stringValue == "driver" {
                    let text = image["imageFlavor"]?.stringValue == "IoTContainer"
                        ? pools.scoringScript(i) : driverTemplate.replacingOccurrences(of: "<user_script>", with: entry)
                    a["url"] = .string(try writer.artifact("drv-\(i)/main_\(i).py", Array(text.utf8)))
                } else if firstTarball {
                    // The project: the entry script, a schema now and then, a module or two.
                    var files = [("\(project)/\(entry)", pools.scoringScript(i))]
                    if rng.below(4) == 0 { files.append(("\(project)/schema.json", "{\"input\": {\"data\": []}}\n")) }
                    for m in 0..<Int(rng.below(3)) { files.append(("\(project)/lib/mod\(m).py", pools.module(i, m))) }
                    let id = "\(String(i, radix: 16))-src.tar.gz"
                    a["id"] = .string(id)
                    a["url"] = .string(try writer.artifact("src-\(i)/\(id)", try Self.tarball(files)))
                    firstTarball = false
                } else {
                    // Libraries shared by many images (a dependency folder outside the project).
                    let k = Int(rng.below(20))
                    if sharedTarballs[k] == nil {
                        let files = (0..<3).map { ("home/shared/lib\(k)/util\($0).py", pools.module(k, $0)) }
                        sharedTarballs[k] = try writer.artifact("lib-\(k)/lib\(k).tar.gz", try Self.tarball(files))
                    }
                    a["id"] = .string("lib\(k).tar.gz")
                    a["url"] = .string(sharedTarballs[k] ?? "")
                }
                assets.append(.object(a))
            }
            if image["assets"] != nil { image["assets"] = .array(assets) }

            // About one image in four has a webservice.
            if i % 4 == 0, image["imageFlavor"]?.stringValue == "WebApiContainer", !serviceTemplates.isEmpty {
                var service = serviceTemplates[(i / 4) % serviceTemplates.count]
                if service["computeType"]?.stringValue != "IOT" {
                    service["name"] = .string("svc-\(String(i, radix: 36))")
                    service["imageId"] = .string("\(name):\(version)")
                    services.append(.object(service))
                }
            }

            // Layout: most images one file each; every 10th in list pages; serialize() ones in arrays.
            if serialized {
                pageSerialized.append(.object(image))
                if pageSerialized.count == 100 { try writer.json("images/export-\(i).json", .array(pageSerialized)); pageSerialized = [] }
            } else if i % 10 == 9 {
                pageREST.append(.object(image))
                if pageREST.count == 50 {
                    try writer.json("images/page-\(i).json", .object(JSONObject([("value", .array(pageREST)), ("nextLink", .null)])))
                    pageREST = []
                }
            } else {
                try writer.json("images/\(name)_\(version).json", .object(image))
            }
        }
        if !pageSerialized.isEmpty { try writer.json("images/export-end.json", .array(pageSerialized)) }
        if !pageREST.isEmpty { try writer.json("images/page-end.json", .object(JSONObject([("value", .array(pageREST))]))) }
        for start in stride(from: 0, to: services.count, by: 100) {
            try writer.json("services/services-\(start).json", .object(JSONObject([("value", .array(Array(services[start..<min(start + 100, services.count)])))])))
        }
        let sortedModels = models.keys.sorted().compactMap { models[$0].map(JSON.object) }
        for start in stride(from: 0, to: sortedModels.count, by: 100) {
            try writer.json("models/models-\(start).json", .array(Array(sortedModels[start..<min(start + 100, sortedModels.count)])))
        }
        writer.summary.images = images
        writer.summary.services = services.count
        writer.summary.models = models.count
        return writer.summary
    }

    // MARK: - Pieces

    static func tarball(_ files: [(String, String)]) throws -> [UInt8] {
        try Gzip.compress(try TarWriter.archive(files.map { TarEntry(path: $0.0, kind: .file, data: Array($0.1.utf8), mode: 0o644) }))
    }

    /// Every payload object of every `*.json` file of `folder`, in file name order.
    static func payloads(_ folder: String) throws -> [JSONObject] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".json") }.sorted()
        var out: [JSONObject] = []
        for name in names { out += try payloads(atFile: folder + "/" + name) }
        return out
    }

    /// The payloads of one JSON file (one payload, a list page or an array).
    static func payloads(atFile path: String) throws -> [JSONObject] {
        guard let data = FileManager.default.contents(atPath: path) else { throw SynthError("\(path): cannot read") }
        let json = try JSONParser.parse([UInt8](data), file: path)
        return try PayloadDocument.items(of: json).1.compactMap { $0.0.objectValue }
    }

    /// The fixture's driver wrapper with `<user_script>` where the script name goes.
    static func driverTemplate(_ template: String) throws -> String {
        let root = template + "/artifacts/LocalUpload"
        for container in ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).sorted() {
            for file in ((try? FileManager.default.contentsOfDirectory(atPath: root + "/" + container)) ?? []) where file.hasPrefix("tmp") && file.hasSuffix(".py") {
                guard let text = try? String(contentsOfFile: root + "/" + container + "/" + file, encoding: .utf8),
                      let range = text.range(of: #"'[^']+\.py'\)"#, options: .regularExpression) else { continue }
                return text.replacingCharacters(in: range, with: "'<user_script>')")
            }
        }
        throw SynthError("\(template): no driver wrapper (tmp*.py) among the artifacts")
    }
}

public struct SynthError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

/// Writes files below the snapshot root, creating folders as needed.
private struct Writer {
    let root: String
    var summary = SnapshotSynthesizer.Summary()
    var folders: Set<String> = []

    init(root: String) throws {
        self.root = root
        for folder in ["images", "services", "models", "artifacts/LocalUpload"] {
            try FileManager.default.createDirectory(atPath: root + "/" + folder, withIntermediateDirectories: true)
        }
    }

    mutating func file(_ relative: String, _ bytes: [UInt8]) throws {
        let path = root + "/" + relative
        let folder = (path as NSString).deletingLastPathComponent
        if folders.insert(folder).inserted {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        }
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else { throw SynthError("\(path): cannot write") }
        summary.bytes += bytes.count
    }

    mutating func json(_ relative: String, _ value: JSON) throws {
        try file(relative, Array((try PythonJSONWriter.write(value, indent: 4) + "\n").utf8))
    }

    /// Stores an artifact under `LocalUpload/<relative>` and answers its URL.
    mutating func artifact(_ relative: String, _ bytes: [UInt8]) throws -> String {
        try file("artifacts/LocalUpload/" + relative, bytes)
        summary.artifacts += 1
        return "aml://artifact/LocalUpload/" + relative
    }
}

/// Text that images are made of.
private struct Pools {
    let condaPackages = ["numpy", "pandas", "scikit-learn", "scipy", "lightgbm", "xgboost", "py-xgboost", "pillow", "matplotlib",
                         "statsmodels", "joblib", "requests", "pyyaml", "h5py", "protobuf", "cython", "numba", "pyarrow", "dask",
                         "nltk", "spacy", "opencv", "tqdm", "sqlalchemy", "psycopg2", "pymongo", "boto3", "click", "jinja2", "pytz"]
    let pipPackages = ["azureml-defaults", "inference-schema[numpy-support]", "tensorflow", "torch", "torchvision", "keras",
                       "transformers", "onnxruntime", "fastapi", "flask", "gunicorn", "applicationinsights", "azure-storage-blob",
                       "mlflow", "shap", "lime", "catboost", "prophet", "gensim", "sentencepiece", "tokenizers", "pydantic",
                       "uvicorn", "redis", "kafka-python", "opencensus", "pyodbc", "cryptography", "attrs", "six"]
    let dockerSteps: [String] = (0..<7).map { k in
        "RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 tool\(k) && rm -rf /var/lib/apt/lists/*\nENV SYNTH_STEP=\(k)\n"
    }

    /// A conda file of 5 to 60 dependencies, a pip section in most.
    func conda(name: String, rng: inout SplitMix64) -> String {
        let count = 5 + rng.below(56)
        let python = ["3.6.8", "3.6.2", "3.7.3", "3.8.13", "3.5.6"][rng.below(5)]
        var text = "name: \(name)\nchannels:\n  - conda-forge\n  - defaults\ndependencies:\n  - python=\(python)\n  - pip\n"
        let condaCount = min(count / 2, condaPackages.count)
        for k in 0..<condaCount { text += "  - \(condaPackages[(k * 7 + count) % condaPackages.count])=1.\(k % 10).\(rng.below(5))\n" }
        let pipCount = min(count - condaCount, pipPackages.count)
        if pipCount > 0 {
            text += "  - pip:\n"
            for k in 0..<pipCount { text += "    - \(pipPackages[(k * 11 + count) % pipPackages.count])==\(1 + k % 4).\(rng.below(9)).0\n" }
        }
        return text
    }

    /// Dependency set `k` (distinct for k < 105): a Python pin, scikit-learn and pandas pinned to
    /// real releases or not, and one of seven groups of extra real packages.
    func resolvableConda(set k: Int) -> String {
        let sklearn = ["==1.3.2", "==1.4.2", "==1.5.2", "==1.6.1", ""][k % 5]
        let pandas = ["==2.1.4", "==2.2.3", ""][(k / 5) % 3]
        let extras = [[], ["xgboost==2.0.3"], ["lightgbm==4.5.0"], ["joblib"], ["requests", "pyyaml"], ["scipy"], ["matplotlib"]][(k / 15) % 7]
        let python = ["3.7", "3.8", "3.9"][k % 3]
        var text = "name: set-\(k)\ndependencies:\n  - python=\(python)\n  - pip\n  - pip:\n    - azureml-defaults\n"
        text += "    - scikit-learn\(sklearn)\n    - pandas\(pandas)\n"
        for extra in extras { text += "    - \(extra)\n" }
        return text
    }

    func scoringScript(_ i: Int) -> String {
        "import json\nimport os\n\n\ndef init():\n    global model\n    model = os.path.join(os.getenv('AZUREML_MODEL_DIR', '.'), 'model-\(i).pkl')\n\n\ndef run(raw_data):\n    return json.dumps({'model': model, 'n': len(json.loads(raw_data)['data'])})\n"
    }

    func module(_ i: Int, _ m: Int) -> String {
        "def helper_\(m)(x):\n    return x * \(i % 13 + m)\n"
    }
}
