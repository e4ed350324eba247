@testable import EnvironmentSpec
import XCTest

/// `CondaDependenciesSpec` follows azureml-core's `CondaDependencies` rules.
final class CondaDependenciesSpecTests: XCTestCase {
    func testPythonVersionIsTheTrailingVersionOfTheFirstPythonPackage() {
        func version(_ packages: [String]) -> String? {
            CondaDependenciesSpec(name: nil, channels: [], condaPackages: packages, pipPackages: [], pipOptions: [])
                .pythonVersion
        }
        XCTAssertEqual(version(["python=3.8.13"]), "3.8.13")
        XCTAssertEqual(version(["python>=3.8,<3.11"]), "3.11")
        XCTAssertEqual(version(["python=3.11.0b4"]), "3.11.0b4")
        XCTAssertEqual(version(["python=3.9.*"]), nil)
        XCTAssertEqual(version(["python-dateutil=2.9", "numpy"]), nil)
        XCTAssertEqual(version(["python"]), nil)
        XCTAssertEqual(version(["numpy=1.26", "python=3.10", "python=3.9"]), "3.10")
    }

    func testPackageNamesFollowTheSDK() {
        XCTAssertEqual(CondaPackageName.name(of: "azureml-defaults==1.61"), "azureml-defaults")
        XCTAssertEqual(CondaPackageName.name(of: "inference-schema[numpy-support]>=1.8"), "inference-schema")
        XCTAssertEqual(CondaPackageName.name(of: "pkg~=1.0"), "pkg")
        XCTAssertEqual(CondaPackageName.name(of: "https://x.example/wheels/my_pkg-1.0-py3-none-any.whl"), "my_pkg")
        XCTAssertEqual(CondaPackageName.name(of: "pkg @ git+https://x"), "pkg @ git+https://x")
        XCTAssertEqual(CondaPackageName.firstWord("--extra-index-url  https://x"), "--extra-index-url")
    }

    func testAddPipPackageReplacesAnEarlierPinAtTheEnd() throws {
        var conda = CondaDependenciesSpec(name: nil, channels: [], condaPackages: ["python=3.10"],
                                          pipPackages: ["azureml-defaults==1.44", "joblib"], pipOptions: ["--pre"])
        try conda.addPipPackage("azureml-defaults~=1.61")
        XCTAssertEqual(conda.dependencies, [.package("python=3.10"), .pip(["--pre", "joblib", "azureml-defaults~=1.61"])])
        XCTAssertEqual(conda.pipPackages, ["joblib", "azureml-defaults~=1.61"])
        XCTAssertEqual(conda.pipOptions, ["--pre"])
        XCTAssertThrowsError(try conda.addPipPackage("--index-url x"))
    }

    func testSetPipOptionReplacesByFirstWord() throws {
        var conda = CondaDependenciesSpec(name: nil, channels: [], condaPackages: ["python=3.10"], pipPackages: ["a"],
                                          pipOptions: ["--extra-index-url https://one"])
        try conda.setPipOption("--extra-index-url https://two")
        try conda.setPipOption("--pre")
        XCTAssertEqual(conda.pipOptions, ["--extra-index-url https://two", "--pre"])
        XCTAssertThrowsError(try conda.setPipOption("not-an-option"))
    }

    func testCondaPackagesAndPython() throws {
        var conda = CondaDependenciesSpec(name: "n", channels: [], condaPackages: ["python=3.8", "numpy"], pipPackages: [],
                                          pipOptions: [])
        try conda.addCondaPackage("python=3.10")
        try conda.addCondaPackage("numpy")
        try conda.addCondaPackage("scipy")
        XCTAssertEqual(conda.condaPackages, ["python=3.10", "numpy", "scipy"])
        XCTAssertThrowsError(try conda.addCondaPackage("python"))
        XCTAssertThrowsError(try conda.removeCondaPackage("python=3.10"))
        try conda.removeCondaPackage("numpy")
        XCTAssertEqual(conda.condaPackages, ["python=3.10", "scipy"])
        conda.addChannel("conda-forge")
        conda.addChannel("conda-forge")
        XCTAssertEqual(conda.channels, ["conda-forge"])
        XCTAssertEqual(conda.keys, [.name, .dependencies, .channels])
    }

    func testRemovingAnItemMovesLaterComments() throws {
        var conda = CondaDependenciesSpec.sdkDefault
        try conda.addCondaPackage("numpy")
        try conda.addCondaPackage("scipy")
        XCTAssertEqual(conda.comments.dependencies.trailers, [0: RuamelComment(text: "\n\n", column: 4)])
        try conda.removeCondaPackage("numpy")
        XCTAssertEqual(conda.dependencies, [.package("python=3.8.13"), .pip(["azureml-defaults"]), .package("scipy")])
        XCTAssertEqual(conda.comments.pip.keys.sorted(), [1])
        try conda.removePipPackage("azureml-defaults")
        XCTAssertEqual(conda.comments.pip, [:])
    }

    func testForV2InferenceSwapsTheServingPackageInPlace() {
        let conda = CondaDependenciesSpec(name: nil, channels: [], condaPackages: ["python=3.10"],
                                          pipPackages: ["joblib", "AzureML_Defaults[extra]==1.44", "x"], pipOptions: [])
        XCTAssertEqual(conda.forV2Inference().pipPackages, ["joblib", "azureml-inference-server-http", "x"])
        let both = CondaDependenciesSpec(name: nil, channels: [], condaPackages: ["python=3.10"],
                                         pipPackages: ["azureml-defaults", "azureml-inference-server-http==1.3"],
                                         pipOptions: [])
        XCTAssertEqual(both.forV2Inference().pipPackages, ["azureml-inference-server-http==1.3"])
        let none = CondaDependenciesSpec(name: nil, channels: [], condaPackages: ["python=3.10"], pipPackages: [],
                                         pipOptions: [])
        XCTAssertEqual(none.forV2Inference().dependencies, none.dependencies)
        XCTAssertEqual(none.forV2Inference(ensuringInferenceServer: true).pipPackages, ["azureml-inference-server-http"])
        XCTAssertEqual(CondaDependenciesSpec.sdkDefault.forV2Inference().comments, CondaComments())
    }
}
