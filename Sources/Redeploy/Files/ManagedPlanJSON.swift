import JSONValue
import WorkspaceClient

/// `plan.json`'s `v2` section: the managed online deployment's settings (instance type and how
/// it was chosen, every clamp, notes) and the exact ARM requests `--apply --to v2` sends, or
/// why it cannot.
enum ManagedPlanJSON {
    static func section(_ plan: ServicePlan, _ managed: Result<ManagedRequests, ManagedRequestError>?) -> JSON {
        guard let managed else {
            return .object(JSONObject([("unavailable", .string("No v2 files: " + (plan.v2Unavailable ?? "no v2 Environment")))]))
        }
        let m = plan.managed
        var out = JSONObject([
            ("endpoint", .string(ManagedRequests.endpointFile)), ("deployment", .string(ManagedRequests.deploymentFile)),
            ("instanceType", .string(m.instanceType)), ("instanceCount", .int(m.instanceCount)), ("authMode", .string(m.authMode)),
            ("instanceTypeChoice", .object(JSONObject([
                ("table", .string(InstanceTypes.tableName)), ("cores", .double(m.choice.cores)), ("memoryGB", .double(m.choice.memoryGB)),
                ("gpus", .int(Int64(m.choice.gpus))), ("chosen", .string(m.instanceType)), ("fits", .bool(m.choice.fits)),
            ]))),
            ("clamps", .array(m.clamps.map { clamp in
                .object(JSONObject([("setting", .string(clamp.setting)), ("from", .int(clamp.from)), ("to", .int(clamp.to)),
                                    ("limit", .string(clamp.limit))]))
            })),
            ("notes", .array(m.notes.map(JSON.string))),
        ])
        switch managed {
        case .failure(let error):
            out["unavailable"] = .string(error.description)
        case .success(let requests):
            out["unavailable"] = .null
            out["apiVersion"] = .string(ArmAPI.version)
            out["location"] = requests.endpoint.body["location"] ?? .null
            out["digest"] = requests.digest.map(JSON.string) ?? .null
            var uploads: [JSON] = [upload("code", requests.codeUpload, hashVersion: ContentHash.codeHashVersion)]
            if let context = requests.buildContext { uploads.append(upload("environment", context, hashVersion: nil)) }
            out["uploads"] = .array(uploads)
            out["requests"] = .array([("environment", requests.environment), ("code", requests.code),
                                      ("endpoint", requests.endpoint), ("deployment", requests.deployment)].map { step, request in
                .object(JSONObject([("step", .string(step)), ("method", .string("PUT")), ("path", .string(request.path)),
                                    ("body", .object(request.body))]))
            })
        }
        return .object(out)
    }

    private static func upload(_ what: String, _ upload: ManagedRequests.Upload, hashVersion: Int64?) -> JSON {
        var out = JSONObject([("for", .string(what)), ("folder", .string(upload.folder)), ("files", .int(Int64(upload.files.count))),
                              ("hash", .string(upload.hash))])
        if let hashVersion { out["hashVersion"] = .int(hashVersion) }
        return .object(out)
    }
}
