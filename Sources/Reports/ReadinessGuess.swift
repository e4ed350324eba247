import LegacyImage
import Snapshot

/// A first readiness guess from the decoded image alone. The rule files replace it with
/// rule-driven findings; until then it follows what azureml-core's
/// `convert_parts_to_environment` converts (ready) and refuses (manual or review).
enum ReadinessGuess {
    static func reasons(for resolved: ResolvedImage) -> [ReadinessReason] {
        let image = resolved.image
        var out: [ReadinessReason] = []
        func add(_ r: Readiness, _ code: String, _ message: String) {
            out.append(ReadinessReason(readiness: r, code: code, message: message))
        }
        switch image.flavor {
        case .webApiContainer: break
        case .accelContainer: add(.manual, "flavor-accel", "FPGA (AccelContainer) images have no Environment equivalent")
        case .iotContainer: add(.manual, "flavor-iot", "IoT Edge images (IoTContainer) are not deployed with Environments")
        case .unknown(let raw): add(.manual, "flavor-unknown", "unknown image flavor \(raw.map { "\"\($0)\"" } ?? "(none given)")")
        }
        if let runtime = image.targetRuntime {
            switch runtime.runtimeType {
            case .python: break
            case .pythonSlim: add(.review, "runtime-slim", "python-slim runtime: the Environment uses the full default image")
            case .sparkPython: add(.manual, "runtime-spark", "spark-py runtime has no Environment equivalent")
            case .pythonCustom:
                if image.baseImage == nil {
                    add(.manual, "custom-base-unknown", image.shape == .serialized
                        ? "custom base image not recorded: Image.serialize() drops baseImage"
                        : "PythonCustom runtime without baseImage")
                } else if image.usesGPU {
                    add(.review, "custom-base-gpu", "custom base image combined with GPU settings")
                }
                if image.baseImageRegistry?.password != nil {
                    add(.review, "registry-credentials", "private registry credentials are not carried over: supply them from an environment variable or a registry identity")
                }
            case .other(let raw): add(.manual, "runtime-unknown", "unknown runtime type \"\(raw)\"")
            }
            if runtime.targetArchitecture != "amd64" {
                add(.manual, "architecture", "target architecture \(runtime.targetArchitecture)")
            }
            if let cuda = runtime.cudaVersion, cuda.hasPrefix("9.") {
                add(.review, "cuda-9", "CUDA \(cuda) images are retired; the current GPU image uses a newer CUDA")
            }
        } else if case .webApiContainer = image.flavor {
            add(.manual, "runtime-missing", "container image without targetRuntime")
        }
        if image.dockerFileUri != nil { add(.review, "docker-steps", "extra Docker steps become a base Dockerfile") }
        if resolved.schemaFile != nil { add(.review, "schema-file", "schema file: use inference-schema decorators instead") }
        if let state = image.creationState, state != "Succeeded" {
            add(.review, "creation-state", "image creation state is \(state)")
        }
        if !resolved.problems.isEmpty { add(.review, "unreadable-artifact", "some artifacts could not be read") }
        if resolved.notes.contains(where: { $0.code == "artifact-missing" }) {
            add(.review, "artifact-missing", "some artifacts are missing from the snapshot")
        }
        return out
    }
}
