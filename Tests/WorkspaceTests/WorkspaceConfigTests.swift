import Foundation
import WorkspaceClient
import XCTest

/// config.json lookup, command-line overrides and service hosts.
final class WorkspaceConfigTests: XCTestCase {
    private func write(_ text: String, to path: String) throws {
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
    }

    func testConfigIsFoundUpwardAndInDotAzureml() throws {
        let tmp = try TestSupport.temporaryFolder(self)
        let deep = tmp + "/a/b/c"
        try FileManager.default.createDirectory(atPath: deep, withIntermediateDirectories: true)
        try write(#"{"subscription_id": "s1", "resource_group": "rg1", "workspace_name": "ws1", "location": "eastus"}"#,
                  to: tmp + "/a/.azureml/config.json")
        XCTAssertEqual(WorkspaceConfigFile.find(from: deep), tmp + "/a/.azureml/config.json")
        XCTAssertEqual(try WorkspaceSelection().resolveWorkspace(from: deep),
                       WorkspaceRef(subscriptionId: "s1", resourceGroup: "rg1", workspaceName: "ws1", region: "eastus"))

        // A nearer config.json wins; ./config.json comes before ./.azureml/config.json.
        try write(#"{"subscription_id": "s2", "resource_group": "rg2", "workspace_name": "ws2", "region": "westus2"}"#,
                  to: tmp + "/a/b/config.json")
        try write(#"{"subscription_id": "s3", "resource_group": "rg3", "workspace_name": "ws3"}"#,
                  to: tmp + "/a/b/.azureml/config.json")
        XCTAssertEqual(WorkspaceConfigFile.find(from: deep), tmp + "/a/b/config.json")
        XCTAssertEqual(try WorkspaceSelection(workspaceName: "override").resolveWorkspace(from: deep),
                       WorkspaceRef(subscriptionId: "s2", resourceGroup: "rg2", workspaceName: "override", region: "westus2"))

        // --config wins over the lookup.
        XCTAssertEqual(try WorkspaceSelection(configFile: tmp + "/a/.azureml/config.json").resolveWorkspace(from: deep).workspaceName, "ws1")
        // All three names on the command line: no lookup needed.
        XCTAssertEqual(try WorkspaceSelection(subscriptionId: "x", resourceGroup: "y", workspaceName: "z").resolveWorkspace(from: "/"),
                       WorkspaceRef(subscriptionId: "x", resourceGroup: "y", workspaceName: "z"))
    }

    func testMissingWorkspaceIsAUsageError() throws {
        let tmp = try TestSupport.temporaryFolder(self)
        XCTAssertThrowsError(try WorkspaceSelection(subscriptionId: "x").resolveWorkspace(from: tmp)) {
            let error = $0 as? WorkspaceClientError
            XCTAssertEqual(error?.kind, .usage)
            let message = error?.message ?? ""
            XCTAssertTrue(message.contains("resource group") && message.contains("workspace (--workspace"), message)
            XCTAssertTrue(message.contains("no config.json"), message)
        }
        try write(#"{"subscription_id": 5}"#, to: tmp + "/bad.json")
        XCTAssertThrowsError(try WorkspaceSelection(configFile: tmp + "/bad.json").resolveWorkspace(from: tmp)) {
            XCTAssertTrue(($0 as? WorkspaceClientError)?.message.contains("$.subscription_id: expected a string") ?? false, "\($0)")
        }
        XCTAssertThrowsError(try WorkspaceSelection(configFile: tmp + "/none.json").resolveWorkspace(from: tmp)) {
            XCTAssertEqual(($0 as? WorkspaceClientError)?.kind, .usage)
        }
    }

    func testServiceHosts() throws {
        let ws = WorkspaceRef(subscriptionId: "sub", resourceGroup: "rg ml", workspaceName: "ws", region: "westeurope")
        let defaults = try ServiceEndpoints.resolve(region: "westeurope", endpoint: nil, environment: [:])
        XCTAssertEqual(defaults.mmsBase(ws), "https://westeurope.api.azureml.ms/modelmanagement/v1.0/subscriptions/sub/"
                       + "resourceGroups/rg%20ml/providers/Microsoft.MachineLearningServices/workspaces/ws")
        XCTAssertEqual(defaults.artifactHost, "https://westeurope.experiments.azureml.net")
        XCTAssertEqual(defaults.authorityHost, "https://login.microsoftonline.com")
        let sovereign = try ServiceEndpoints.resolve(region: "chinaeast2", endpoint: nil,
                                                     environment: ["AZURE_AUTHORITY_HOST": "https://login.chinacloudapi.cn/"])
        XCTAssertEqual(sovereign.authorityHost, "https://login.chinacloudapi.cn")
        let local = try ServiceEndpoints.resolve(region: nil, endpoint: "http://127.0.0.1:8080/", environment: [:])
        XCTAssertEqual(local, ServiceEndpoints(mmsHost: "http://127.0.0.1:8080", artifactHost: "http://127.0.0.1:8080",
                                               authorityHost: "http://127.0.0.1:8080", armHost: "http://127.0.0.1:8080",
                                               storageProxy: "http://127.0.0.1:8080"))
        XCTAssertEqual(local.storageURL("https://acct.blob.core.windows.net/c/LocalUpload/x?sv=1&sig=s"),
                       "http://127.0.0.1:8080/storage/acct.blob.core.windows.net/c/LocalUpload/x?sv=1&sig=s")
        XCTAssertEqual(defaults.storageURL("https://acct.blob.core.windows.net/c/x"), "https://acct.blob.core.windows.net/c/x")
        XCTAssertEqual(defaults.armBase(ws), "https://management.azure.com/subscriptions/sub/resourceGroups/rg%20ml/providers/"
                       + "Microsoft.MachineLearningServices/workspaces/ws")
        XCTAssertThrowsError(try ServiceEndpoints.resolve(region: nil, endpoint: nil, environment: [:])) {
            XCTAssertTrue(($0 as? WorkspaceClientError)?.message.contains("--region") ?? false)
        }
        XCTAssertThrowsError(try ServiceEndpoints.resolve(region: nil, endpoint: "ftp://x", environment: [:]))
    }
}
