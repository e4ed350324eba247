@testable import EnvironmentSpec
import XCTest

/// `V2Writer`'s exact files.
final class V2WriterTests: XCTestCase {
    private func files(_ env: EnvironmentDefinition) throws -> [String: String] {
        var out: [String: String] = [:]
        for file in try V2Writer.files(for: env) { out[file.path] = String(decoding: file.bytes, as: UTF8.self) }
        return out
    }

    func testImageWithRegistryAndCondaFile() throws {
        var env = EnvironmentDefinition.fromCondaSpecification(
            name: "churn-env",
            conda: CondaDependenciesSpec(name: "churn", channels: ["conda-forge"], condaPackages: ["python=3.10"],
                                         pipPackages: ["azureml-defaults==1.61.0", "joblib"], pipOptions: []))
        env.version = "2"
        env.description = "Migrated from image churn-scorer:2"
        env.tags = [("migrated-from", "image/churn-scorer:2"), ("yes", "true")]
        env.docker.baseImage = "scoring/base:1"
        env.docker.baseImageRegistry = ContainerRegistry(address: "contosoacr.azurecr.io", username: "contosoacr")
        env.inferencingStackVersion = "latest"
        XCTAssertEqual(try V2Writer.files(for: env).map(\.path), ["environment.yml", "conda.yml"])
        let out = try files(env)
        XCTAssertEqual(out["environment.yml"], """
            $schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json
            name: churn-env
            version: '2'
            description: Migrated from image churn-scorer:2
            tags:
              migrated-from: image/churn-scorer:2
              'yes': 'true'
            image: contosoacr.azurecr.io/scoring/base:1
            conda_file: conda.yml

            """)
        XCTAssertEqual(out["conda.yml"], """
            name: churn
            channels:
            - conda-forge
            dependencies:
            - python=3.10
            - pip:
              - azureml-inference-server-http
              - joblib

            """)
    }

    func testBaseDockerfileBecomesABuildContextWithTheCondaLayer() throws {
        var env = EnvironmentDefinition.inference(name: "df-env")
        env.docker.baseImage = nil
        env.docker.baseDockerfile = "FROM python:3.11-slim\nRUN echo hi"
        let out = try files(env)
        XCTAssertEqual(try V2Writer.files(for: env, condaFileName: "env.yml").map(\.path),
                       ["environment.yml", "docker/Dockerfile", "docker/env.yml"])
        XCTAssertEqual(out["environment.yml"], """
            $schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json
            name: df-env
            build:
              path: docker
              dockerfile_path: Dockerfile

            """)
        XCTAssertEqual(out["docker/Dockerfile"], """
            FROM python:3.11-slim
            RUN echo hi

            # image2env: the conda environment Azure ML v1 built on top of this Dockerfile.
            COPY conda.yml /tmp/image2env/conda.yml
            RUN conda env create -p /azureml-envs/image2env -f /tmp/image2env/conda.yml && \\
                conda clean -a -y && rm -rf /tmp/image2env
            ENV AZUREML_CONDA_ENVIRONMENT_PATH=/azureml-envs/image2env
            ENV PATH=/azureml-envs/image2env/bin:$PATH

            """)
        XCTAssertEqual(out["docker/conda.yml"], """
            name: project_environment
            dependencies:
            - python=3.8.13
            - pip:
              - azureml-inference-server-http
            channels:
            - anaconda
            - conda-forge

            """)
    }

    func testUserManagedDependenciesHaveNoCondaFile() throws {
        var env = EnvironmentDefinition.inference(name: "um")
        env.python.userManagedDependencies = true
        env.docker.baseImage = "registry.example.io:5000/full:1"
        env.docker.baseImageRegistry.address = "other.example.io"
        XCTAssertEqual(try files(env), ["environment.yml": """
            $schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json
            name: um
            image: registry.example.io:5000/full:1

            """])
    }

    func testGitBuildContext() throws {
        var env = EnvironmentDefinition.inference(name: "git-env")
        env.docker.baseImage = nil
        env.docker.buildContext = DockerBuildContext(locationType: .git, location: "https://github.com/org/repo.git#main",
                                                     dockerfilePath: "docker/Dockerfile")
        env.python.condaDependencies = nil
        XCTAssertEqual(try files(env)["environment.yml"], """
            $schema: https://azuremlschemas.azureedge.net/latest/environment.schema.json
            name: git-env
            build:
              path: https://github.com/org/repo.git#main
              dockerfile_path: docker/Dockerfile

            """)
    }

    func testNoImageIsAnError() {
        var env = EnvironmentDefinition.inference(name: "bare")
        env.docker.baseImage = nil
        XCTAssertThrowsError(try V2Writer.files(for: env)) { error in
            XCTAssertEqual(error as? EnvironmentSpecError, .noImage(environment: "bare"))
        }
    }

    func testQualifiedImage() {
        XCTAssertEqual(V2Writer.qualifiedImage("a/b:1", registry: "acr.io/"), "acr.io/a/b:1")
        XCTAssertEqual(V2Writer.qualifiedImage("b:1", registry: "acr.io"), "acr.io/b:1")
        XCTAssertEqual(V2Writer.qualifiedImage("localhost/b:1", registry: "acr.io"), "localhost/b:1")
        XCTAssertEqual(V2Writer.qualifiedImage("mcr.microsoft.com/x:1", registry: "acr.io"), "mcr.microsoft.com/x:1")
        XCTAssertEqual(V2Writer.qualifiedImage("x:1", registry: nil), "x:1")
    }
}
