extension CondaDependenciesSpec {
    /// What `CondaDependencies()` loads: azureml-core's `base_project_files/conda_dependencies.yml`
    /// (`python=3.8.13`, pip `azureml-defaults`, channels `anaconda`, `conda-forge`) with the
    /// comments ruamel.yaml keeps of it, `\r\n` line ends included.
    public static let sdkDefault = CondaDependenciesSpec(
        name: "project_environment",
        channels: ["anaconda", "conda-forge"],
        dependencies: [.package("python=3.8.13"), .pip(["azureml-defaults"])],
        keys: [.name, .dependencies, .channels],
        comments: CondaComments(
            header: [RuamelComment(
                text: "# Conda environment specification. The dependencies defined in this file will\r\n"
                    + "# be automatically provisioned for runs with userManagedDependencies=False.\r\n\n"
                    + "# Details about the Conda environment file format:\r\n"
                    + "# https://conda.io/docs/user-guide/tasks/manage-environments.html#create-env-file-manually\r\n\n",
                column: 0)],
            dependencies: .init(
                head: [RuamelComment(text: "# The python interpreter version.\r\n", column: 2),
                       RuamelComment(text: "# Currently Azure ML only supports 3.8 and later.\r\n", column: 2)],
                trailers: [0: RuamelComment(text: "\n\n", column: 4)]),
            pip: [1: .init(leaders: [0: [RuamelComment(text: "# Required packages for AzureML execution, history, and data preparation.\r\n",
                                                       column: 4)]],
                           trailers: [0: RuamelComment(text: "\n\n", column: 6)])]
        )
    )

    /// A copy without the comments ruamel carried (the same content, plain layout).
    public var withoutComments: CondaDependenciesSpec {
        var copy = self
        copy.comments = CondaComments()
        return copy
    }
}
