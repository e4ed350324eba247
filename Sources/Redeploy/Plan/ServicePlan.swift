import Archive
import EnvironmentSpec
import JSONValue
import LegacyImage
import MigrationRules
import Snapshot

/// A value of the request body that is read when `--apply` runs, never written anywhere.
public struct PlanInput: Sendable, Equatable {
    public enum Kind: String, Sendable, Equatable {
        /// The environment variable holds a secret (a registry password).
        case secret
        /// The environment variable names a file whose text goes in (a PEM certificate).
        case file
        /// The environment variable names a file whose text is a secret (a PEM key).
        case secretFile
    }

    /// Where it goes in the body, as a JSON path (`$.sslKey`).
    public var path: [String]
    public var variable: String
    public var kind: Kind

    public var pathText: String { "$." + path.joined(separator: ".") }

    /// What the variable must hold, for people.
    public var purpose: String {
        switch kind {
        case .secret: return "the password of the base image's private registry"
        case .file: return "the path of the service's PEM certificate (the workspace does not give it out)"
        case .secretFile: return "the path of the service's PEM private key (the workspace does not give it out)"
        }
    }
}

/// A carried setting changed to fit what managed online deployments allow.
public struct Clamp: Sendable, Equatable {
    /// The setting in `deployment.yml` (`request_settings.request_timeout_ms`).
    public var setting: String
    public var from: Int64
    public var to: Int64
    /// The limit, for people (`managed online endpoints allow at most 180000 ms`).
    public var limit: String

    /// The clamp as a note of the plan.
    public var note: String { "\(setting) was \(from) on the old service; \(limit): it is \(to)." }
}

/// How the instance type was chosen: what the old service had, and the first type of the
/// `managedInstanceTypes` table that has it.
public struct InstanceTypeChoice: Sendable, Equatable {
    public var cores: Double
    public var memoryGB: Double
    public var gpus: Int
    /// Whether a type of the table fits; otherwise the last type is a placeholder.
    public var fits: Bool
}

/// What the v2 files say about the managed online deployment.
public struct ManagedDeployment: Sendable, Equatable {
    public var instanceType: String
    public var instanceCount: Int64
    public var authMode: String
    /// The model of `model:` (a managed deployment holds one).
    public var model: String?
    /// `request_settings` (keys of deployment.yml, in order), clamped.
    public var requestSettings: [(key: String, value: Int64)]
    /// `liveness_probe` (keys of deployment.yml, in order), clamped.
    public var livenessProbe: [(key: String, value: Int64)]
    public var choice: InstanceTypeChoice
    public var clamps: [Clamp]
    public var notes: [String]

    public static func == (a: ManagedDeployment, b: ManagedDeployment) -> Bool {
        a.instanceType == b.instanceType && a.instanceCount == b.instanceCount && a.authMode == b.authMode && a.model == b.model
            && a.requestSettings.elementsEqual(b.requestSettings, by: { $0 == $1 })
            && a.livenessProbe.elementsEqual(b.livenessProbe, by: { $0 == $1 })
            && a.choice == b.choice && a.clamps == b.clamps && a.notes == b.notes
    }
}

/// Everything needed to recreate one legacy webservice from its new Environment.
public struct ServicePlan: Sendable {
    public var service: String
    public var newService: String
    public var compute: ServiceCompute
    public var imageId: String
    public var workspace: WorkspaceInfo?
    /// The old service's carried settings, as it had them.
    public var recorded: RecordedSettings
    public var configuration: DeploymentConfiguration
    public var modelIds: [String]
    /// The entry script, relative to `source/`.
    public var entryScript: String
    /// The Environment (v1 form: no description or tags).
    public var environment: EnvironmentDefinition
    /// The Environment with the v2 description and tags and the v2 solution; nil when the solve
    /// stage found that the v2 inference stack cannot install (no v2 files are planned).
    public var environmentV2: EnvironmentDefinition?
    /// Why there are no v2 files (the solve stage's reason), when there are none.
    public var v2Unavailable: String?
    public var sourceFiles: [RecoveredSourceTree.File]
    /// The entry-script analysis's edits that make `v2/code` from `source/`.
    public var v2Edits: [SourceEdit]
    public var driver: PlannedAsset
    public var sourceTarball: PlannedAsset
    public var inputs: [PlanInput]
    /// The `POST /services` body, with `<redacted>` where an input goes.
    public var body: JSONObject
    /// SHA-256 of the body before the digest went into its properties (`image2env.plan`).
    public var digest: String
    public var readiness: Readiness
    public var findings: [Finding]
    public var notes: [String]
    public var managed: ManagedDeployment
}

/// A service that is not recreated, and why.
public struct SkippedService: Error, Sendable, Equatable {
    public var service: String
    public var computeType: String?
    public var imageId: String?
    public var reason: String
    /// When bad input data is to blame (exit 65) rather than what the service is: the file and
    /// JSON path of the bad value.
    public var problem: InputProblem?

    public var isDataError: Bool { problem != nil }
}

/// The plans of one source.
public struct RedeployPlan: Sendable {
    public var source: String
    public var workspace: WorkspaceInfo?
    public var nameSuffix: String
    public var plans: [ServicePlan]
    public var skipped: [SkippedService]
}
