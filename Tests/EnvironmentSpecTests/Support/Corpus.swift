/// The conformance corpus: environments covering what the migration produces.
enum Corpus {
    static let churnConda = CorpusCase.Conda.file(
        name: "churn-scorer-env",
        channels: ["conda-forge", "defaults"],
        condaPackages: ["python=3.9", "numpy=1.26.4", "scikit-learn>=1.3"],
        pipOptions: ["--extra-index-url https://pkgs.example.com/simple", "--trusted-host pkgs.example.com"],
        pipPackages: ["azureml-defaults==1.61.0", "joblib", "inference-schema[numpy-support]==1.8"])

    static let cases: [CorpusCase] = [
        CorpusCase(id: "sdk-default", name: "x"),
        CorpusCase(id: "conda-spec", name: "churn-scorer-env", conda: churnConda),
        CorpusCase(id: "conda-no-python", name: "no-python-env",
                   conda: .file(name: nil, channels: [], condaPackages: ["numpy"], pipOptions: [],
                                pipPackages: ["azureml-defaults", "pandas==2.2.2"])),
        CorpusCase(id: "conda-no-pip", name: "conda-only-env",
                   conda: .file(name: "conda-only", channels: ["conda-forge"], condaPackages: ["python=3.11", "xgboost"],
                                pipOptions: [], pipPackages: [])),
        CorpusCase(id: "no-conda-user-managed", name: "user-managed-env", conda: .none, userManaged: true,
                   baseImage: "contosoacr.azurecr.io/scoring/full-stack:3"),
        CorpusCase(id: "custom-image-registry", name: "custom-image-env", version: "3", conda: churnConda,
                   baseImage: "inference/scoring-base:2024.06",
                   registry: (address: "contosoacr.azurecr.io", username: "contosoacr", password: "not-a-real-password-7Qx"),
                   inferencingStackVersion: "latest"),
        CorpusCase(id: "gpu-default", name: "gpu-env", gpu: true),
        CorpusCase(id: "base-dockerfile", name: "dockerfile-env", conda: churnConda,
                   baseDockerfile: "FROM mcr.microsoft.com/azureml/openmpi4.1.0-ubuntu22.04:20251130.v1\n"
                       + "RUN apt-get update && apt-get install -y --no-install-recommends libgomp1 \\\n"
                       + "    && rm -rf /var/lib/apt/lists/*\nENV OMP_NUM_THREADS=1\n"),
        CorpusCase(id: "dockerfile-no-conda", name: "dockerfile-only-env", conda: .none, userManaged: true,
                   baseDockerfile: "FROM python:3.11-slim\nRUN pip install azureml-inference-server-http"),
        CorpusCase(id: "inference-stack-latest", name: "stack-env", baseImage: "python:3.10-slim",
                   inferencingStackVersion: "latest"),
        CorpusCase(id: "env-vars", name: "env-vars-env",
                   environmentVariables: [("OMP_NUM_THREADS", "4"), ("GREETING", "gr\u{FC}\u{DF}e \u{2713} \u{1F600}"),
                                          ("EMPTY", ""), ("QUOTED", "say \"hi\"\\n")]),
        CorpusCase(id: "unicode", name: "mod\u{E8}le-\u{FC}n\u{EF}c\u{F8}d\u{E9}-\u{74B0}\u{5883}",
                   description: "Migr\u{E9} depuis l\u{2019}image \u{AB}scorer\u{BB}\nseconde ligne",
                   tags: [("\u{E9}quipe", "donn\u{E9}es"), ("emoji", "\u{1F680}"), ("source", "image2env")],
                   conda: .file(name: "\u{E9}nv", channels: ["conda-forge"], condaPackages: ["python=3.10"],
                                pipOptions: [], pipPackages: ["azureml-defaults", "na\u{EF}ve-utils==1.0"]),
                   environmentVariables: [("LANGUE", "fran\u{E7}ais \u{1F1EB}\u{1F1F7}")]),
        CorpusCase(id: "yaml-edge-strings", name: "edge-env", description: "no",
                   tags: [("yes", "on"), ("1.0", "null"), ("0777", "1:30"), ("key: x", "#v")],
                   conda: .file(
                       name: "yes", channels: ["conda-forge", "https://conda.example.com/channel #1"],
                       condaPackages: ["python=3.10", "conda-forge::lightgbm=4.3.0", "1.0", "null", "a: b"],
                       pipOptions: ["--index-url https://a.example.com/simple --extra-index-url https://b.example.com/simple "
                                    + "--trusted-host a.example.com --trusted-host b.example.com"],
                       pipPackages: [
                           "azureml-defaults", "pkg @ git+https://github.com/org/repo.git@v1.0#egg=pkg", "x #y", "it's",
                           "'quoted'", "\"double\"", "tab\there", "emoji\u{1F600}", "~", "true", "0x1F", "2024-01-01",
                           "!bang", "&anchor", "*alias", "@at", "`tick", "%pct", "? q", "?q", ":c", "back\\slash",
                           "trailing ", " leading", "a long requirement line with many words that goes past the eighty "
                               + "column limit of the emitter so it folds",
                           "it's a long requirement line with many words that goes past the eighty column limit and is "
                               + "double quoted",
                           "#a long comment-like requirement line with many words that goes past the eighty column limit",
                           "tab\tand a long requirement line with many words that goes past the eighty column limit so "
                               + "that it folds in double quotes \u{E9}\u{1F600} and then goes on for a second fold",
                           "spaces    in   a   long   line   that   goes   past   the   eighty   column   limit   of   it",
                           "line\u{2028}sep", "bom\u{FEFF}x", "ctl\u{01}x", "nbsp\u{A0}x", "cr\rx",
                           "multi\nline", "no", "off", "0777", "1:30", "-", "---", "...x", "a,b", "[x]", "{y}", "|", ">", "=", "<<",
                       ])),
        CorpusCase(id: "yaml-fold", name: "fold-env",
                   conda: .file(
                       name: "a\tconda environment name that is long enough to fold past the eighty column limit, twice "
                           + "over, yes twice over and again",
                       channels: ["#a channel that is long enough to fold past the eighty column limit and that is single"
                           + " quoted"],
                       condaPackages: ["python=3.10"], pipOptions: [], pipPackages: [])),
        CorpusCase(id: "sdk-default-ops", name: "default-ops-env",
                   condaOps: [("add_pip_package", "numpy==1.26.4"),
                              ("set_pip_option", "--extra-index-url https://pkgs.example.com/simple"),
                              ("add_channel", "pytorch"), ("add_conda_package", "pip=23.3"),
                              ("set_python_version", "3.10.18")]),
        CorpusCase(id: "sdk-default-swap", name: "swap-env",
                   condaOps: [("add_pip_package", "azureml-inference-server-http"),
                              ("remove_pip_package", "azureml-defaults")]),
        CorpusCase(id: "conda-ops-on-file", name: "file-ops-env", conda: churnConda,
                   condaOps: [("remove_pip_package", "joblib"), ("add_pip_package", "azureml-defaults~=1.61"),
                              ("remove_conda_package", "numpy=1.26.4"), ("add_conda_package", "python=3.10")]),
    ]
}
