import ArgumentParser
import WorkspaceClient

/// The options that name a live workspace and how to reach it; shared by the commands that
/// talk to Azure ML (`pull`, and later `audit`, `convert`, `diff` on a live workspace).
struct WorkspaceOptions: ParsableArguments {
    @Option(help: ArgumentHelp("A workspace config.json (subscription_id, resource_group, workspace_name, optional location). "
                               + "Default: config.json or .azureml/config.json in this folder or a parent.",
                               valueName: "file"))
    var config: String?

    @Option(help: ArgumentHelp("The Azure subscription id (overrides config.json); with pull --all-workspaces, a subscription "
                               + "to pull every workspace of (repeatable; default: every subscription the token can see).", valueName: "id"))
    var subscription: [String] = []

    @Option(help: ArgumentHelp("The resource group (overrides config.json).", valueName: "name"))
    var resourceGroup: String?

    @Option(help: ArgumentHelp("The Azure ML workspace name (overrides config.json).", valueName: "name"))
    var workspace: String?

    @Option(help: ArgumentHelp("The workspace's Azure region, e.g. westeurope (overrides config.json's location).",
                               valueName: "region"))
    var region: String?

    @Option(help: ArgumentHelp("One base URL for the MMS, artifact and token routes instead of Azure's hosts "
                               + "(e.g. an image2env-emulator).", valueName: "url"))
    var endpoint: String?

    @Option(help: ArgumentHelp("A file holding a bearer token for https://management.azure.com/ (tried before "
                               + "AZURE_ACCESS_TOKEN, a service principal from AZURE_TENANT_ID/AZURE_CLIENT_ID/"
                               + "AZURE_CLIENT_SECRET, and `az account get-access-token`).", valueName: "file"))
    var tokenFile: String?

    /// One workspace takes at most one `--subscription`.
    func checkOneSubscription() throws {
        if subscription.count > 1 {
            throw ValidationError("--subscription is given \(subscription.count) times; one workspace has one subscription "
                                  + "(several go with pull --all-workspaces)")
        }
    }

    /// The options as the client library takes them.
    var selection: WorkspaceSelection {
        WorkspaceSelection(configFile: config, subscriptionId: subscription.last, resourceGroup: resourceGroup,
                           workspaceName: workspace, region: region, endpoint: endpoint, tokenFile: tokenFile)
    }
}
