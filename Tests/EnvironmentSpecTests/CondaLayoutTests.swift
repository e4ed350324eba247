import EnvironmentSpec
import Foundation
import Snapshot
import XCTest

/// A user's conda file read as azureml-core's `CondaDependencies` holds it and brought to new
/// lists: the expected texts are what azureml-core 1.61 writes (`save_to_directory`) for the
/// same file and the same changes (conformance/layout_corpus.py checks 400 more such files).
final class CondaLayoutTests: XCTestCase {
    static let file = """
    # Scoring environment.
    name: churn
    channels:
      - conda-forge   # first
      - defaults
    dependencies:
      # the interpreter
      - python=3.6.8
      - numpy=1.16.4  # numeric

      # data
      - pandas=0.24.2
      - pip:
        - --index-url https://pkgs.example/simple
        - azureml-defaults==1.0.45   # serving
        - joblib
    # the end

    """

    private func text(_ conda: CondaDependenciesSpec) throws -> String {
        var env = EnvironmentDefinition.inference(name: "layout")
        env.python.condaDependencies = conda
        let file = try XCTUnwrap(try V1Writer.files(for: env).first { $0.path == V1Writer.condaFileName })
        return String(decoding: file.bytes, as: UTF8.self)
    }

    /// Comments, blank lines, key and item order stay; list items move to their key's column
    /// and end-of-line comments keep their column, as ruamel's round trip writes them.
    func testLoadedFileIsWrittenAsAzuremlCoreWritesIt() throws {
        let loaded = try XCTUnwrap(CondaDependenciesSpec.loading(Self.file))
        XCTAssertEqual(loaded.condaPackages, ["python=3.6.8", "numpy=1.16.4", "pandas=0.24.2"])
        XCTAssertEqual(loaded.pipOptions, ["--index-url https://pkgs.example/simple"])
        XCTAssertEqual(try text(loaded), """
        # Scoring environment.
        name: churn
        channels:
        - conda-forge     # first
        - defaults
        dependencies:
          # the interpreter
        - python=3.6.8
        - numpy=1.16.4    # numeric

          # data
        - pandas=0.24.2
        - pip:
          - --index-url https://pkgs.example/simple
          - azureml-defaults==1.0.45     # serving
          - joblib
        # the end

        """)
    }

    /// Same package, new spec: in place with its comments; gone: deleted with the comments ruamel
    /// hangs on it (here `# numeric` and the `# data` lines after it); new: appended where the
    /// SDK's add_conda_package / add_pip_package append (after the comments that end the list).
    func testReconciledFileChangesOnlyWhatChanged() throws {
        let loaded = try XCTUnwrap(CondaDependenciesSpec.loading(Self.file))
        let target = CondaParts(name: "churn", channels: ["conda-forge", "defaults"],
                                condaPackages: ["python=3.8", "pandas=0.24.2", "scipy=1.10.1"],
                                pipPackages: ["azureml-defaults==1.0.45", "joblib==1.3.2", "mlflow"],
                                pipOptions: ["--index-url https://mirror.example/simple"])
        XCTAssertEqual(try text(loaded.reconciled(with: target, samePackage: PackageSpec.name)), """
        # Scoring environment.
        name: churn
        channels:
        - conda-forge     # first
        - defaults
        dependencies:
          # the interpreter
        - python=3.8
        - pandas=0.24.2
        - pip:
          - --index-url https://mirror.example/simple
          - azureml-defaults==1.0.45     # serving
          - joblib==1.3.2
        # the end
          - mlflow
        - scipy=1.10.1

        """)
    }

    /// Nothing to change: the same file, whichever stage made the lists.
    func testReconcilingWithTheSameListsChangesNothing() throws {
        let loaded = try XCTUnwrap(CondaDependenciesSpec.loading(Self.file))
        let same = CondaParts(name: loaded.name, channels: loaded.channels, condaPackages: loaded.condaPackages,
                              pipPackages: loaded.pipPackages, pipOptions: loaded.pipOptions)
        XCTAssertEqual(loaded.reconciled(with: same, samePackage: PackageSpec.name), loaded)
        XCTAssertEqual(CondaDependenciesSpec.sdkDefault.reconciled(
            with: CondaParts(name: "project_environment", channels: ["anaconda", "conda-forge"], condaPackages: ["python=3.8.13"],
                             pipPackages: ["azureml-defaults"], pipOptions: []),
            samePackage: PackageSpec.name), .sdkDefault)
    }

    /// A list left empty loses the comments after its key (ruamel would write `[]` on a line of
    /// its own and lose a later line break); `[a, b]` lists keep their style and comment, which
    /// keeps the column it was read at.
    func testEmptiedListsAndFlowLists() throws {
        let loaded = try XCTUnwrap(CondaDependenciesSpec.loading("""
        channels:  # where from
          - defaults
        dependencies:
          - python=3.7
          - pip: [joblib, requests]   # serving
        name: x

        """))
        let target = CondaParts(name: "x", channels: [], condaPackages: ["python=3.8"], pipPackages: ["requests", "mlflow"], pipOptions: [])
        XCTAssertEqual(try text(loaded.reconciled(with: target, samePackage: PackageSpec.name)), """
        channels: []
        dependencies:
        - python=3.8
        - pip: [requests, mlflow]     # serving
        name: x

        """)
    }

    /// Time stays linear in the file: 50,000 comment lines after one item (ruamel merges them
    /// into that item's comment), 20,000 items read and reconciled.
    func testLargeFilesReadInLinearTime() throws {
        let comments = "dependencies:\n- python=3.8  # pin\n" + String(repeating: "  # more\n\n", count: 50_000)
        let start = Date()
        let loaded = try XCTUnwrap(CondaDependenciesSpec.loading(comments))
        XCTAssertEqual(loaded.condaPackages, ["python=3.8"])
        let items = "dependencies:\n" + (0..<20_000).map { "  - package-\($0)=1.0  # c\n" }.joined()
        let many = try XCTUnwrap(CondaDependenciesSpec.loading(items))
        XCTAssertEqual(many.condaPackages.count, 20_000)
        // Every other item removed, every one renamed in place, 20,000 duplicates matched.
        let half = many.condaPackages.enumerated().filter { $0.offset % 2 == 0 }.map { $0.element.replacingOccurrences(of: "=1.0", with: "=2.0") }
        let target = CondaParts(name: nil, channels: [], condaPackages: half + ["python=3.8"], pipPackages: [], pipOptions: [])
        XCTAssertEqual(many.reconciled(with: target, samePackage: PackageSpec.name).condaPackages.count, 10_001)
        let same = CondaParts(name: nil, channels: [], condaPackages: Array(repeating: "x", count: 20_000), pipPackages: [], pipOptions: [])
        XCTAssertEqual(CondaDependenciesSpec.loading("dependencies:\n" + String(repeating: "- x\n", count: 20_000))?
            .reconciled(with: same, samePackage: PackageSpec.name).condaPackages.count, 20_000)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
    }

    /// YAML outside what the reader models is left to the parts layout (nil), and `\\r\\n`
    /// files are read as Python's open reads them.
    func testWhatTheReaderLeavesToThePartsLayout() throws {
        for text in ["dependencies: [python=3.8, {pip: [a]}]\n", "dependencies:\n- &p python=3.8\n", "dependencies:\n- \"python\\x3d3.8\"\n",
                     "dependencies:\n- python=3.8\nprefix: /opt/env\n", "dependencies:\n- pip:\n  - a\n- pip:\n  - b\n",
                     "dependencies:\n- numpy\n  - 1.2\n", "channels: [a,\n  b]\ndependencies:\n- python\n", "---\ndependencies:\n- python\n"] {
            XCTAssertNil(CondaDependenciesSpec.loading(text), text)
        }
        let crlf = try XCTUnwrap(CondaDependenciesSpec.loading("name: x\r\ndependencies:\r\n  - python=3.8   # pin\r\n"))
        XCTAssertEqual(try text(crlf), "name: x\ndependencies:\n- python=3.8     # pin\n")
    }
}
