/// The Dockerfile steps that give a v2 Docker build context the conda environment a v1
/// Environment built on top of its base Dockerfile.
enum DockerfileCondaLayer {
    /// Where the environment is created in the image.
    static let prefix = "/azureml-envs/image2env"

    /// Steps to append to `dockerfile` (which they follow on a new line).
    static func steps(after dockerfile: String, condaFileName: String) -> String {
        let separator = dockerfile.hasSuffix("\n") ? "" : "\n"
        return separator + """

            # image2env: the conda environment Azure ML v1 built on top of this Dockerfile.
            COPY \(condaFileName) /tmp/image2env/\(condaFileName)
            RUN conda env create -p \(prefix) -f /tmp/image2env/\(condaFileName) && \\
                conda clean -a -y && rm -rf /tmp/image2env
            ENV AZUREML_CONDA_ENVIRONMENT_PATH=\(prefix)
            ENV PATH=\(prefix)/bin:$PATH

            """
    }
}
