import XCTest
@testable import ScriptAnalysis
import MigrationRules

/// The entry-script analysis over real files parsed by the real CPython `ast` (the helper the
/// binary embeds), each fact at its exact file, line and column, and the v2 rewrite byte for byte.
final class PlannerTests: XCTestCase {
    static let moves = ["azureml.contrib.services.aml_request": "azureml_inference_server_http.api.aml_request",
                        "azureml.contrib.services.aml_response": "azureml_inference_server_http.api.aml_response"]

    /// `files` parsed by the helper and planned as one image's source tree.
    func analyse(_ files: [(String, String)], entry: String = "score.py",
                 models: [ScriptPlanner.Model] = [.init(name: "iris-svc", version: "2")]) async throws -> (ScriptFacts, [String: [UInt8]]) {
        let python = try PythonInterpreter.locate().get()
        let request = files.map { (key: $0.0, bytes: Array($0.1.utf8)) }
        guard case .parsed(_, let facts) = await HelperRun.run(python, request, timeout: .seconds(120)) else {
            XCTFail("the helper did not run")
            return (.none, [:])
        }
        let planner = ScriptPlanner(files: files.map { ScriptPlanner.File(path: $0.0, bytes: Array($0.1.utf8), facts: facts[$0.0]) },
                                    entryScript: entry, models: models, moves: Self.moves)
        let plan = planner.plan(python: "3")
        var rewritten: [String: [UInt8]] = [:]
        for (path, text) in files {
            let edits = plan.v2Edits.filter { $0.file == path }
            if !edits.isEmpty { rewritten[path] = SourceEdit.apply(edits, to: Array(text.utf8)) }
        }
        return (plan, rewritten)
    }

    func places(_ facts: ScriptFacts, _ list: ForEachList) -> [String] {
        facts.items(list).map { "\($0.location.file):\($0.location.line):\($0.location.column)" }
    }

    func testHelperIsEmbedded() {
        XCTAssertTrue(HelperRun.source.contains("import ast"))
    }

    static let score = """
        import json
        import os
        from azureml.core.model import Model
        from azureml.contrib.services.aml_request import AMLRequest, rawhttp
        from azureml.contrib.services.aml_response import AMLResponse
        from inference_schema.schema_decorators import input_schema
        from inference_schema.parameter_types.standard_py_parameter_type import StandardPythonParameterType
        import sklearn.tree
        import utils.features


        def init():
            global path
            path = Model.get_model_path("iris-svc")


        @rawhttp
        @input_schema("data", StandardPythonParameterType([1]))
        def run(request):
            return AMLResponse(json.dumps({"path": path}), 200)

        """

    func testEveryFindingAtItsExactPlace() async throws {
        let (facts, _) = try await analyse([("score.py", Self.score), ("utils/features.py", "X = 1\n"),
                                            ("utils/old.py", "def f():\n    print \"hi\"\n"), ("utils/bad.py", "x = (1,\n")])
        XCTAssertEqual(facts.status, .analysed)
        XCTAssertEqual(places(facts, .azuremlImports), ["score.py:3:1", "score.py:4:1", "score.py:5:1"])
        XCTAssertEqual(facts.items(.azuremlImports).map { $0.fields["v2"] ?? "" }, [
            "removed from v2/code: nothing uses it once get_model_path is rewritten",
            "v2/code imports it from azureml_inference_server_http.api.aml_request",
            "v2/code imports it from azureml_inference_server_http.api.aml_response",
        ])
        XCTAssertEqual(places(facts, .modelPathCalls), ["score.py:14:12"])
        XCTAssertEqual(facts.items(.modelPathCalls).first?.fields, [
            "call": "Model.get_model_path(\"iris-svc\")", "model": "iris-svc", "version": "2",
            "v1Path": "azureml-models/iris-svc/2/<file>", "replacement": "AZUREML_MODEL_DIR/<file>",
            "v2": "v2/code calls _azureml_model_path()",
        ])
        XCTAssertEqual(places(facts, .rawHttp), ["score.py:17:2", "score.py:20:12"])
        XCTAssertEqual(facts.items(.rawHttp).map { $0.fields["name"] ?? "" }, ["rawhttp", "AMLResponse"])
        XCTAssertEqual(places(facts, .schemaDecorators), ["score.py:18:2"])
        XCTAssertEqual(facts.items(.schemaDecorators).first?.fields, ["name": "input_schema", "function": "run"])
        XCTAssertTrue(facts.usesInferenceSchema)
        XCTAssertEqual(places(facts, .missingFunctions), [])
        XCTAssertEqual(places(facts, .python2Syntax), ["utils/old.py:2:5"])
        XCTAssertEqual(places(facts, .syntaxErrors), ["utils/bad.py:1:5"])
        XCTAssertEqual(places(facts, .manualEdits), [])
        // Imports: the standard library, the tree's own modules and the others told apart.
        let imports = facts.imports.map { "\($0.module)@\($0.location.line) stdlib=\($0.stdlib) local=\($0.local) v2=\($0.keptInV2)" }
        XCTAssertEqual(imports, [
            "json@1 stdlib=true local=false v2=true", "os@2 stdlib=true local=false v2=true",
            "azureml.core.model@3 stdlib=false local=false v2=false",
            "azureml.contrib.services.aml_request@4 stdlib=false local=false v2=false",
            "azureml.contrib.services.aml_response@5 stdlib=false local=false v2=false",
            "inference_schema.schema_decorators@6 stdlib=false local=false v2=true",
            "inference_schema.parameter_types.standard_py_parameter_type@7 stdlib=false local=false v2=true",
            "sklearn.tree@8 stdlib=false local=false v2=true", "utils.features@9 stdlib=false local=true v2=true",
        ])
    }

    func testTheRewriteIsExactAndParses() async throws {
        let (facts, rewritten) = try await analyse([("score.py", Self.score)])
        let expected = """
            import json
            import os
            from azureml_inference_server_http.api.aml_request import AMLRequest, rawhttp
            from azureml_inference_server_http.api.aml_response import AMLResponse
            from inference_schema.schema_decorators import input_schema
            from inference_schema.parameter_types.standard_py_parameter_type import StandardPythonParameterType
            import sklearn.tree
            import utils.features


            \(ScriptPlanner.helperSource)

            def init():
                global path
                path = _azureml_model_path()


            @rawhttp
            @input_schema("data", StandardPythonParameterType([1]))
            def run(request):
                return AMLResponse(json.dumps({"path": path}), 200)

            """
        XCTAssertEqual(String(decoding: rewritten["score.py"] ?? [], as: UTF8.self), expected)
        XCTAssertEqual(facts.v2Edits.count, 5)
    }

    func testWhatCannotBeRewrittenStaysWithAManualItemAtItsLine() async throws {
        let source = """
            from azureml.core import Model, Run
            import azureml.contrib.services.aml_request


            def init():
                global model, ctx
                model = Model.get_model_path(name)
                other = Model.get_model_path("nope")
                ctx = Run.get_context()
            """
        let (facts, rewritten) = try await analyse([("score.py", source)])
        XCTAssertEqual(places(facts, .manualEdits), ["score.py:1:1", "score.py:2:1", "score.py:7:13", "score.py:8:13"])
        XCTAssertEqual(facts.items(.manualEdits).map { $0.fields["reason"] ?? "" }, [
            "azureml.core.Model is used at line 7, and v2 deployments have no azureml-core",
            "the code names the module azureml.contrib.services.aml_request where it uses it (import it with `as`, or from it)",
            "the model name is not a string literal",
            "the image packaged no model nope (it packaged iris-svc:2)",
        ])
        XCTAssertEqual(places(facts, .missingFunctions), ["score.py:1:1"])
        XCTAssertEqual(facts.items(.missingFunctions).first?.fields["name"], "run")
        XCTAssertNil(rewritten["score.py"])
    }

    func testSeveralModelsUseTheirNameAndVersion() async throws {
        let source = """
            import os
            from azureml.core.model import Model


            def init():
                global a, b
                a = Model.get_model_path("enc", 1)
                b = Model.get_model_path(model_name="clf")


            def run(data):
                return data
            """
        let (facts, rewritten) = try await analyse([("score.py", source)],
                                                   models: [.init(name: "enc", version: "1"), .init(name: "clf", version: "3"),
                                                            .init(name: "clf", version: "10")])
        XCTAssertEqual(facts.items(.modelPathCalls).map { $0.fields["replacement"] ?? "" },
                       ["AZUREML_MODEL_DIR/enc/1/<file>", "AZUREML_MODEL_DIR/clf/10/<file>"])
        let text = String(decoding: rewritten["score.py"] ?? [], as: UTF8.self)
        XCTAssertTrue(text.contains("    a = _azureml_model_path(\"enc\", \"1\")\n    b = _azureml_model_path(\"clf\", \"10\")\n"), text)
        XCTAssertFalse(text.contains("azureml.core"), text)
    }
}
