/// The computes a legacy webservice can be recreated on with `Model.deploy` and an Environment.
public enum ServiceCompute: String, Sendable, Equatable, CaseIterable {
    case aci = "ACI"
    case aks = "AKS"

    /// The compute of a service's `computeType`, compared case-insensitively.
    public init?(computeType: String?) {
        guard let type = computeType?.uppercased() else { return nil }
        self.init(rawValue: type)
    }

    /// The azureml-core class whose `deploy_configuration` builds the configuration.
    var webserviceClass: String {
        switch self {
        case .aci: return "AciWebservice"
        case .aks: return "AksWebservice"
        }
    }

    /// The old service's payload fields the new service keeps (JSON paths from the payload root),
    /// in the order `plan.json` records them. `imageId` is recorded too, to notice a service that
    /// moved to another image since the plan.
    var carriedPaths: [[String]] {
        switch self {
        case .aci:
            return [["imageId"], ["description"], ["kvTags"], ["containerResourceRequirements", "cpu"],
                    ["containerResourceRequirements", "memoryInGB"], ["location"], ["authEnabled"], ["sslEnabled"],
                    ["cname"], ["appInsightsEnabled"], ["dnsNameLabel"], ["dataCollection", "storageEnabled"],
                    ["vnetConfiguration", "vnetName"], ["vnetConfiguration", "subnetName"]]
        case .aks:
            return [["imageId"], ["description"], ["kvTags"], ["computeName"], ["numReplicas"],
                    ["autoScaler", "autoscaleEnabled"], ["autoScaler", "minReplicas"], ["autoScaler", "maxReplicas"],
                    ["autoScaler", "refreshPeriodInSeconds"], ["autoScaler", "targetUtilization"],
                    ["containerResourceRequirements", "cpu"], ["containerResourceRequirements", "cpuLimit"],
                    ["containerResourceRequirements", "memoryInGB"], ["containerResourceRequirements", "memoryInGBLimit"],
                    ["containerResourceRequirements", "gpu"], ["scoringTimeoutMs"], ["maxConcurrentRequestsPerContainer"],
                    ["maxQueueWaitMs"], ["namespace"], ["livenessProbeRequirements", "initialDelaySeconds"],
                    ["livenessProbeRequirements", "periodSeconds"], ["livenessProbeRequirements", "timeoutSeconds"],
                    ["livenessProbeRequirements", "successThreshold"], ["livenessProbeRequirements", "failureThreshold"],
                    ["authEnabled"], ["aadAuthEnabled"], ["appInsightsEnabled"], ["dataCollection", "storageEnabled"]]
        }
    }
}
