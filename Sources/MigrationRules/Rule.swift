/// One migration rule, as read from a rule file in `rules/` or a user's `--rules` folder.
public struct Rule: Sendable, Equatable {
    /// Stable identifier; a user rule with the same id replaces the built-in one.
    public var id: String
    public var title: String
    public var severity: Severity
    /// All must hold for the rule to fire (a mapping of conditions is their conjunction).
    public var when: [Condition]
    /// Applied in order when the rule fires.
    public var then: [Action]
    /// The finding's text; may use the placeholders of `Template`.
    public var message: Template
    /// What a person should do (shown with review and manual findings); may use placeholders.
    public var remediation: Template?
    /// A documentation link.
    public var link: String?
    /// One finding per item of a list the solve stage or the entry-script analysis made (each
    /// relaxed pin, each `get_model_path` call, ...), with `${item.*}` placeholders; nil for one
    /// finding per image.
    public var forEach: ForEachList?
    public var examples: [RuleExample]
    /// Where the rule is defined (file and line), for reports.
    public var file: String
    public var line: Int
}

/// The lists a rule can make one finding per item of (`forEach:`).
public enum ForEachList: String, Sendable, Equatable, Hashable, CaseIterable {
    /// `Resolution.relaxed`: `${item.name}`, `${item.from}`, `${item.to}`, `${item.version}`, `${item.reason}`.
    case relaxedPins
    /// `Resolution.sourceBuilds`: `${item.name}`.
    case sourceBuilds
    /// Every import from `azureml.core` or `azureml.contrib.services`.
    case azuremlImports
    /// Every `get_model_path` call of azureml-core's `Model`.
    case modelPathCalls
    /// Every `@rawhttp`, `AMLRequest` and `AMLResponse` of `azureml.contrib.services`.
    case rawHttp
    /// Every `inference_schema` decorator.
    case schemaDecorators
    /// `init` and `run`, when the entry script does not define them.
    case missingFunctions
    /// Every file that is Python 2 only (it parses with the Python 2 grammar, not with Python 3's).
    case python2Syntax
    /// Every other file that does not parse.
    case syntaxErrors
    /// Every v1-only use that `v2/code` keeps as it is, because it cannot be rewritten safely.
    case manualEdits
    /// Every import of a top-level module that no package of the solved Environment provides
    /// (after the solve stage).
    case unprovidedImports

    /// The `${item.*}` fields of the list's items (script items also have `file`, `line`,
    /// `column` and `location`).
    public var fields: [String] {
        let located = ["file", "line", "column", "location"]
        switch self {
        case .relaxedPins: return ["name", "from", "to", "version", "reason"]
        case .sourceBuilds: return ["name"]
        case .azuremlImports: return located + ["module", "statement", "v2"]
        case .modelPathCalls: return located + ["call", "model", "version", "v1Path", "replacement", "v2"]
        case .rawHttp: return located + ["name", "module", "v2"]
        case .schemaDecorators: return located + ["name", "function"]
        case .missingFunctions: return located + ["name"]
        case .python2Syntax, .syntaxErrors: return located + ["message"]
        case .manualEdits: return located + ["what", "reason"]
        case .unprovidedImports: return located + ["module", "targets", "packages"]
        }
    }

    /// Whether the list is made by the solve stage (or needs its solution).
    public var readsResolution: Bool {
        switch self {
        case .relaxedPins, .sourceBuilds, .unprovidedImports: return true
        default: return false
        }
    }

    /// The lists the entry-script analysis makes (the others come from the solve stage).
    public static let scriptLists: [ForEachList] = [.azuremlImports, .modelPathCalls, .rawHttp, .schemaDecorators, .missingFunctions,
                                                     .python2Syntax, .syntaxErrors, .manualEdits]
}

extension Rule {
    /// Whether the rule runs after the solve stage: it reads the resolution (a condition, a
    /// placeholder or `forEach`). Every other rule runs before it, on the image and the draft.
    public var afterResolution: Bool {
        (forEach?.readsResolution ?? false) || when.contains(where: \.readsResolution) || then.contains(.pinSolvedVersions)
            || ([message] + [remediation].compactMap { $0 }).contains(where: \.readsResolution)
    }
}

/// A typed condition on the image being migrated or the Environment being built.
public indirect enum Condition: Sendable, Equatable {
    /// `imageFlavor`: `WebApiContainer`, `AccelContainer`, `IoTContainer`, `Unknown`.
    case flavor([String])
    /// `targetRuntime.runtimeType`: `Python`, `SparkPython`, `PythonSlim`, `PythonCustom`, or any other
    /// value; `none` when the image has no targetRuntime.
    case runtime([String])
    case architecture([String])
    /// `installCuda` or a CUDA version is set.
    case gpu(Bool)
    case cudaVersion([String])
    /// `targetRuntime.properties.installCuda` (what `enable_gpu=True` sets).
    case installCuda(Bool)
    /// The payload names a custom `baseImage`.
    case customBaseImage(Bool)
    /// The custom `baseImage` matches this regular expression.
    case baseImageMatches(String)
    /// The custom `baseImage` is a key of this table (e.g. `retiredImages`).
    case baseImageInTable(String)
    /// A `PythonCustom` runtime whose payload does not say which base image (serialize() drops it).
    case customRuntimeWithoutBaseImage(Bool)
    case hasDockerSteps(Bool)
    case hasSchema(Bool)
    /// The image references a conda file (whether or not its bytes could be read).
    case hasCondaFile(Bool)
    /// The image references a conda file that the source does not have.
    case condaFileMissing(Bool)
    /// The SDK-injected requirements file (`azureml-model-management-sdk`) is present.
    case hasInjectedRequirements(Bool)
    /// The registry info carries a password.
    case hasRegistryPassword(Bool)
    /// The Environment being built has this conda package (optionally with a version in range).
    case condaPackage(name: String, version: VersionConstraint?)
    /// The Environment being built has this pip package (optionally with a version in range).
    case pipPackage(name: String, version: VersionConstraint?)
    /// The Environment's pinned Python version is below this one.
    case pythonBelow(String)
    /// The Environment being built has a conda package whose name is a key of this table.
    case condaPackageInTable(String)
    /// After the solve stage: its status (`resolved`, `blocked`, `unresolved`, `off`).
    case resolution([String])
    /// After the solve stage: what blocks (`noWheels`, `invalidMetadata`, `notFound`, `buildFailed`, `conflict`).
    case blockKind([String])
    /// After the solve stage: the blocking package is model-critical (its pin is kept exactly).
    case blockingModelCritical(Bool)
    /// After the solve stage: the chosen Python differs from the image's.
    case pythonChanged(Bool)
    /// After the solve stage: the chosen Python is the last resort (end of life).
    case lastResortPython(Bool)
    /// After the solve stage: pins were relaxed.
    case relaxedPins(Bool)
    /// After the solve stage: resolved releases have no wheel for the platform.
    case sourceBuilds(Bool)
    /// After the solve stage: conda packages the resolver does not check remain.
    case condaOnly(Bool)
    /// After the solve stage: requirement lines were not given to the resolver (URLs, paths).
    case uncheckedRequirements(Bool)
    /// After the solve stage: the v2 Environment cannot meet its inference stack floor.
    case v2Unavailable(Bool)
    /// After the solve stage: the base image is not in the platform table (platform assumed).
    case platformAssumed(Bool)
    /// The entry-script analysis: `analysed`, `skipped` (no Python), `none` (no source).
    case scriptAnalysis([String])
    /// The entry script (or a file beside it) uses `inference_schema` decorators.
    case usesInferenceSchema(Bool)
    case creationState([String])
    /// `rest` or `serialize` (Image.serialize() output).
    case payloadShape(String)
    case all([Condition])
    case any([Condition])
    case not(Condition)
}

/// A typed change to the Environment being built.
public enum Action: Sendable, Equatable {
    /// `docker.base_image` from a template (`${tables.defaultImages.gpu}`, `${image.baseImage}`, ...).
    case setBaseImage(Template)
    /// `docker.base_dockerfile` from a template; unsets `docker.base_image` (the SDK forbids both).
    case setBaseDockerfile(Template)
    case addPipPackage(String)
    case removePipPackage(String)
    case replacePipPackage(from: String, to: String)
    case addCondaPackage(String)
    case removeCondaPackage(String)
    case replaceCondaPackage(from: String, to: String)
    /// Moves the conda packages whose name is a key of the table into the pip section, under the
    /// table's value as name (`pytorch` → `torch`), with the version spec in pip's terms.
    case moveCondaPackagesToPip(table: String)
    /// Raises a Python pin below this version to it (`python=3.6` → `python=3.8`).
    case raisePython(String)
    case setInferencingStackVersion(String)
    /// Keeps the private registry's address and user name (never its password).
    case keepRegistryAddress
    /// Drops the requirements file the SDK injected into every legacy image.
    case dropInjectedRequirements
    /// After the solve stage: writes its result into the Environment (the chosen Python as the
    /// conda `python` pin, every solved requirement pinned `==` to its version).
    case pinSolvedVersions
    /// Blocks the conversion: the image is `manual`.
    case block
}

/// One example of a rule: a small image and what the whole rule set makes of it.
public struct RuleExample: Sendable, Equatable {
    public var name: String
    public var image: ImageFacts
    public var expectReadiness: Readiness?
    /// The ids of the rules whose findings are expected, in order.
    public var expectFindings: [String]?
    /// Expected Environment fields (see `EnvironmentDraft.field(_:)`), by name.
    public var expectEnvironment: [(field: String, value: ExampleValue)]
    /// What the solve stage found, for rules that run after it; nil: the Environment resolved as it is.
    public var resolution: Resolution?
    public var line: Int

    public static func == (a: RuleExample, b: RuleExample) -> Bool {
        a.name == b.name && a.image == b.image && a.expectReadiness == b.expectReadiness && a.expectFindings == b.expectFindings
            && a.expectEnvironment.map(\.field) == b.expectEnvironment.map(\.field)
            && a.expectEnvironment.map(\.value) == b.expectEnvironment.map(\.value) && a.resolution == b.resolution && a.line == b.line
    }
}

/// An expected value in an example: a string, a list of strings, or null (absent).
public enum ExampleValue: Sendable, Equatable, CustomStringConvertible {
    case string(String)
    case list([String])
    case null

    public var description: String {
        switch self {
        case .string(let s): return "\"\(s)\""
        case .list(let l): return "[" + l.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
        case .null: return "null"
        }
    }
}

extension Condition {
    /// Whether the condition looks at the solve stage's result.
    public var readsResolution: Bool {
        switch self {
        case .resolution, .blockKind, .blockingModelCritical, .pythonChanged, .lastResortPython, .relaxedPins,
             .sourceBuilds, .condaOnly, .uncheckedRequirements, .v2Unavailable, .platformAssumed:
            return true
        case .all(let list), .any(let list): return list.contains(where: \.readsResolution)
        case .not(let c): return c.readsResolution
        default: return false
        }
    }
}
