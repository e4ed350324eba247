import JSONValue
import LegacyImage
import MigrationRules
import XCTest

@testable import Redeploy

final class DeploymentConfigurationTests: XCTestCase {
    private let ssl = (certificate: "CERT_VAR", key: "KEY_VAR")

    private func payload(_ text: String) throws -> JSONObject {
        try XCTUnwrap(JSONParser.parse(Array(text.utf8), file: "test").objectValue)
    }

    private func make(_ compute: ServiceCompute, _ text: String) throws -> DeploymentConfiguration {
        let recorded = RecordedSettings(compute: compute, payload: try payload(text))
        return try DeploymentConfiguration.make(recorded, properties: [], nameSuffix: "-env", sslVariables: ssl)
    }

    private func error(_ compute: ServiceCompute, _ text: String) throws -> String {
        do {
            _ = try make(compute, text)
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    func testRecordedSettingsKeepOnlyCarriedFieldsAndReportDifferences() throws {
        let old = try payload(#"{"name": "a", "state": "Healthy", "imageId": "img:1", "containerResourceRequirements": {"cpu": 1.0, "memoryInGB": 2}, "scoringUri": "x", "location": "westeurope"}"#)
        let recorded = RecordedSettings(compute: .aci, payload: old)
        XCTAssertEqual(try PythonJSONWriter.write(.object(recorded.json), indent: nil),
                       #"{"imageId": "img:1", "containerResourceRequirements": {"cpu": 1.0, "memoryInGB": 2}, "location": "westeurope"}"#)
        var live = old
        live["containerResourceRequirements"] = .object(JSONObject([("cpu", .double(2)), ("memoryInGB", .int(2))]))
        live["imageId"] = nil
        live["state"] = .string("Unhealthy")  // not carried: no difference
        XCTAssertEqual(recorded.differences(from: RecordedSettings(compute: .aci, payload: live)), [
            "imageId: \"img:1\" in the plan, absent now",
            "containerResourceRequirements.cpu: 1.0 in the plan, 2.0 now",
        ])
    }

    func testAutoscalingOnPassesTheAutoscalerOnly() throws {
        let c = try make(.aks, #"{"computeName": "k", "numReplicas": null, "autoScaler": {"autoscaleEnabled": true, "minReplicas": 2, "maxReplicas": 8, "refreshPeriodInSeconds": 10, "targetUtilization": 70}}"#)
        XCTAssertEqual(c.arguments.map(\.name), ["autoscale_enabled", "autoscale_min_replicas", "autoscale_max_replicas",
                                                 "autoscale_refresh_seconds", "autoscale_target_utilization", "properties"])
        XCTAssertEqual(c.computeTarget, "k")
    }

    func testAutoscalingOffPassesTheReplicasOnly() throws {
        let c = try make(.aks, #"{"computeName": "k", "numReplicas": 3, "autoScaler": {"autoscaleEnabled": false, "minReplicas": 1, "maxReplicas": 10}}"#)
        XCTAssertEqual(c.arguments.map(\.name), ["autoscale_enabled", "num_replicas", "properties"])
        XCTAssertEqual(c["num_replicas"], .int(3))
    }

    func testSettingsTheSDKWouldRefuse() throws {
        XCTAssertEqual(try error(.aks, #"{"computeName": "k", "autoScaler": {"autoscaleEnabled": false}}"#),
                       "$.numReplicas: autoscaling is off but numReplicas is not set; the SDK refuses such a configuration")
        XCTAssertEqual(try error(.aks, #"{"computeName": "k", "authEnabled": true, "aadAuthEnabled": true}"#),
                       "$.aadAuthEnabled: key auth and token auth are both on; the SDK allows only one")
        XCTAssertEqual(try error(.aks, #"{"numReplicas": 1}"#),
                       "$.computeName: an AKS service without computeName: the cluster to deploy to is unknown")
        XCTAssertEqual(try error(.aci, #"{"containerResourceRequirements": {"cpu": 0}}"#),
                       "cpu_cores is 0.0; the SDK needs a positive value")
        XCTAssertEqual(try error(.aci, #"{"sslEnabled": true}"#),
                       "$.cname: SSL is enabled but the service has no cname; the SDK needs one to recreate it")
        XCTAssertEqual(try error(.aci, #"{"containerResourceRequirements": {"cpu": "1"}}"#),
                       "$.containerResourceRequirements.cpu: expected a number, found string")
        XCTAssertEqual(try error(.aks, #"{"computeName": "k", "numReplicas": 1.5}"#), "$.numReplicas: expected an integer, found number")
        XCTAssertEqual(try error(.aci, #"{"kvTags": {"a": 1}}"#), "$.kvTags.a: expected a string, found integer")
    }

    func testSSLReadsTheCertificateAndKeyFromTheEnvironment() throws {
        let c = try make(.aci, #"{"sslEnabled": true, "cname": "ocr.example", "dnsNameLabel": "ocr-1"}"#)
        XCTAssertEqual(c["ssl_cert_pem_file"], .environment("CERT_VAR"))
        XCTAssertEqual(c["ssl_key_pem_file"], .environment("KEY_VAR"))
        XCTAssertEqual(c["ssl_cname"], .string("ocr.example"))
        XCTAssertEqual(c["dns_name_label"], .string("ocr-1-env"))
        XCTAssertEqual(c["ssl_cert_pem_file"]?.python, "os.environ[\"CERT_VAR\"]")
    }

    func testPythonLiterals() {
        XCTAssertEqual(PythonSource.string("a\"b\\c\nd\u{7}é"), #""a\"b\\c\nd\x07é""#)
        XCTAssertEqual(PythonSource.dict([KeyValue(key: "k", value: "v'")]), #"{"k": "v'"}"#)
        XCTAssertEqual(ConfigValue.double(1).python, "1.0")
        XCTAssertEqual(ConfigValue.double(0.1).python, "0.1")
        XCTAssertEqual(ConfigValue.bool(false).python, "False")
        XCTAssertEqual(DeploymentAssets.pythonRepr("source"), "'source'")
        XCTAssertEqual(DeploymentAssets.pythonRepr("it's"), "\"it's\"")
        XCTAssertEqual(DeploymentAssets.pythonRepr("a'\"b"), #"'a\'"b'"#)
    }

    func testServiceNamesAndVariables() {
        XCTAssertTrue(Planner.isValidServiceName("churn-aci-env"))
        for bad in ["ab", "Churn", "1abc", "abc-", String(repeating: "a", count: 33), "a_b"] {
            XCTAssertFalse(Planner.isValidServiceName(bad), bad)
        }
        XCTAssertEqual(Planner.variablePrefix("fraud-aci.v2"), "IMAGE2ENV_FRAUD_ACI_V2")
    }

    func testInstanceTypesTable() throws {
        var tables = Tables()
        tables.merge(InstanceTypes.tableName, [("Small", .list(["cores=2", "memoryGB=7"])),
                                               ("Gpu", .list(["cores=6", "memoryGB=112", "gpus=1"]))], from: "t.yml")
        let types = try InstanceTypes(tables: tables)
        XCTAssertEqual(types.choose(cores: 0.5, memoryGB: 1, gpus: 0)?.name, "Small")
        XCTAssertEqual(types.choose(cores: 2, memoryGB: 8, gpus: 0)?.name, "Gpu")
        XCTAssertEqual(types.choose(cores: 1, memoryGB: 1, gpus: 1)?.name, "Gpu")
        XCTAssertNil(types.choose(cores: 8, memoryGB: 1, gpus: 0))

        var bad = Tables()
        bad.merge(InstanceTypes.tableName, [("X", .list(["cores=two"]))], from: "t.yml")
        XCTAssertThrowsError(try InstanceTypes(tables: bad)) { error in
            XCTAssertEqual("\(error)", "t.yml: table managedInstanceTypes key X: \"cores=two\" is not cores=N, memoryGB=N or gpus=N")
        }
        XCTAssertThrowsError(try InstanceTypes(tables: Tables())) { error in
            XCTAssertEqual("\(error)", "no rule file defines the table managedInstanceTypes (rules/00-tables.yml has it)")
        }
    }
}
