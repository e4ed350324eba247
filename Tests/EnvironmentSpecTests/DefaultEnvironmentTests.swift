@testable import EnvironmentSpec
import XCTest

/// `EnvironmentDefinition.inference(name:)` is `Environment(name)`.
final class DefaultEnvironmentTests: XCTestCase {
    func testDefaultDefinitionJSONIsTheSDKs() throws {
        let files = try V1Writer.files(for: .inference(name: "x"))
        let json = try XCTUnwrap(files.first { $0.path == "azureml_environment.json" })
        XCTAssertEqual(String(decoding: json.bytes, as: UTF8.self), """
            {
                "name": "x",
                "version": null,
                "environmentVariables": {
                    "EXAMPLE_ENV_VAR": "EXAMPLE_VALUE"
                },
                "python": {
                    "userManagedDependencies": false,
                    "interpreterPath": "python",
                    "condaDependenciesFile": null,
                    "baseCondaEnvironment": null
                },
                "docker": {
                    "enabled": false,
                    "baseImage": "mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20251130.v1",
                    "baseDockerfile": null,
                    "buildContext": null,
                    "sharedVolumes": true,
                    "shmSize": "2g",
                    "arguments": [],
                    "baseImageRegistry": {
                        "address": null,
                        "username": null,
                        "password": null,
                        "registryIdentity": null
                    },
                    "platform": {
                        "os": "Linux",
                        "architecture": "amd64"
                    }
                },
                "spark": {
                    "repositories": [],
                    "packages": [],
                    "precachePackages": true
                },
                "databricks": {
                    "mavenLibraries": [],
                    "pypiLibraries": [],
                    "rcranLibraries": [],
                    "jarLibraries": [],
                    "eggLibraries": []
                },
                "r": null,
                "inferencingStackVersion": null,
                "assetId": null
            }
            """)
    }

    func testDefaultCondaFileKeepsTheTemplatesCommentsAndLineEnds() throws {
        let files = try V1Writer.files(for: .inference(name: "x"))
        let conda = try XCTUnwrap(files.first { $0.path == "conda_dependencies.yml" })
        XCTAssertEqual(String(decoding: conda.bytes, as: UTF8.self),
                       "# Conda environment specification. The dependencies defined in this file will\r\n"
                       + "# be automatically provisioned for runs with userManagedDependencies=False.\r\n\n"
                       + "# Details about the Conda environment file format:\r\n"
                       + "# https://conda.io/docs/user-guide/tasks/manage-environments.html#create-env-file-manually\r\n\n"
                       + "name: project_environment\ndependencies:\n"
                       + "  # The python interpreter version.\r\n"
                       + "  # Currently Azure ML only supports 3.8 and later.\r\n"
                       + "- python=3.8.13\n\n- pip:\n"
                       + "    # Required packages for AzureML execution, history, and data preparation.\r\n"
                       + "  - azureml-defaults\n\nchannels:\n- anaconda\n- conda-forge\n")
    }

    func testDefaultsMirrorTheSDK() {
        let env = EnvironmentDefinition.inference(name: "svc-env")
        XCTAssertEqual(env.docker.baseImage, DefaultImages.cpu)
        XCTAssertEqual(env.docker.shmSize, "2g")
        XCTAssertEqual(env.python.condaDependencies, .sdkDefault)
        XCTAssertEqual(env.python.condaDependencies?.pythonVersion, "3.8.13")
        XCTAssertEqual(env.python.condaDependencies?.pipPackages, ["azureml-defaults"])
        XCTAssertEqual(env.python.condaDependencies?.channels, ["anaconda", "conda-forge"])
        XCTAssertEqual(env.environmentVariables.map(\.name), ["EXAMPLE_ENV_VAR"])
        XCTAssertNil(env.r)
        XCTAssertNil(env.inferencingStackVersion)
    }

    func testFromCondaSpecificationAppendsTheDefaultPythonLast() {
        let parts = CondaDependenciesSpec(name: nil, channels: [], condaPackages: ["numpy"], pipPackages: ["joblib"],
                                          pipOptions: [])
        let env = EnvironmentDefinition.fromCondaSpecification(name: "e", conda: parts)
        XCTAssertEqual(env.python.condaDependencies?.dependencies,
                       [.package("numpy"), .pip(["joblib"]), .package("python=3.10.18")])
        let pinned = CondaDependenciesSpec(name: nil, channels: [], condaPackages: ["python=3.9"], pipPackages: [],
                                           pipOptions: [])
        XCTAssertEqual(EnvironmentDefinition.fromCondaSpecification(name: "e", conda: pinned).python.condaDependencies,
                       pinned)
    }

    func testCondaDependenciesWithoutPythonAreRefused() {
        var env = EnvironmentDefinition.inference(name: "no-python")
        env.python.condaDependencies = CondaDependenciesSpec(name: nil, channels: [], condaPackages: ["numpy"],
                                                             pipPackages: [], pipOptions: [])
        XCTAssertThrowsError(try V1Writer.files(for: env)) { error in
            XCTAssertEqual(error as? EnvironmentSpecError, .pythonPackageMissing(environment: "no-python"))
        }
    }

    func testNoPasswordEverReachesTheDefinition() throws {
        var env = EnvironmentDefinition.inference(name: "r")
        env.docker.baseImage = "scoring:1"
        env.docker.baseImageRegistry = ContainerRegistry(address: "acr.example.io", username: "bot",
                                                         registryIdentity: RegistryIdentity(clientId: "c1"))
        let json = try XCTUnwrap(V1Writer.files(for: env).last)
        let text = String(decoding: json.bytes, as: UTF8.self)
        XCTAssertTrue(text.contains("""
                    "baseImageRegistry": {
                        "address": "acr.example.io",
                        "username": "bot",
                        "password": null,
                        "registryIdentity": {
                            "resourceId": null,
                            "clientId": "c1"
                        }
                    },
            """), text)
    }
}
