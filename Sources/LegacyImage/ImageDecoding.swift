import JSONValue

extension LegacyImage {
    /// Decodes one image payload of either shape (REST or `Image.serialize()`).
    ///
    /// Every problem is reported with its JSON path, below `path`. Unknown fields are not
    /// problems: they are listed in `unknownFields`.
    public static func decode(_ json: JSON, at path: JSONPath) throws(DecodeFailure) -> LegacyImage {
        var r = try ObjectReader.make(json, at: path, what: "an image payload")

        let hasKvTags = r.has("kvTags")
        let hasTags = r.has("tags")
        let hasWorkspaceName = r.has("workspaceName")
        let shape: PayloadShape = (!hasKvTags && (hasTags || hasWorkspaceName)) ? .serialized : .rest

        let id = r.requiredString("id")
        let name = r.requiredString("name")
        var version = r.int("version")
        if version == nil, r.object["version"] == nil || r.object["version"]?.isNull == true,
           let id, let suffix = id.split(separator: ":").last, let v = Int64(suffix) {
            version = v
        }
        if version == nil, r.issues.allSatisfy({ $0.path != path.appending("version") }) {
            r.fail("version", "required field is missing (and the id has no \":<version>\" suffix)")
        }

        let tags = (shape == .rest ? r.stringMap("kvTags") : r.stringMap("tags")) ?? []
        let properties = r.stringMap("properties") ?? []
        let flavor = ImageFlavor(r.string("imageFlavor"))
        let runtime = r.nested("targetRuntime") { (j, p) throws(DecodeFailure) in try TargetRuntime.decode(j, at: p) }
        let assets = r.nestedArray("assets") { (j, p) throws(DecodeFailure) in try Asset.decode(j, at: p) } ?? []
        let models = r.nestedArray("modelDetails") { (j, p) throws(DecodeFailure) in try LegacyModel.decode(j, at: p) } ?? []
        let registry = r.nested("baseImageRegistryInfo") { (j, p) throws(DecodeFailure) in try RegistryInfo.decode(j, at: p) }

        let image = LegacyImage(
            id: id ?? "",
            name: name ?? "",
            version: version ?? 0,
            shape: shape,
            description: r.string("description"),
            tags: tags,
            properties: properties,
            createdTime: r.string("createdTime"),
            creationState: r.string("creationState"),
            imageType: r.string("imageType"),
            flavor: flavor,
            imageLocation: r.string("imageLocation"),
            imageBuildLogUri: r.string("imageBuildLogUri"),
            generatedDockerFileUri: r.string("generatedDockerFileUri"),
            modelIds: r.stringArray("modelIds") ?? [],
            models: models,
            driverProgram: r.string("driverProgram"),
            assets: assets,
            targetRuntime: runtime,
            dockerFileUri: r.nonEmptyString("dockerFileUri"),
            baseImage: r.nonEmptyString("baseImage"),
            baseImageRegistry: registry,
            workspaceName: r.string("workspaceName"),
            error: r.raw("error"),
            unknownFields: []
        )
        var result = image
        result.unknownFields = r.unknownKeys.map { JSONPath.root.appending($0).description }
        if let rt = json["targetRuntime"]?.objectValue {
            let known: Set<String> = ["runtimeType", "targetArchitecture", "properties"]
            result.unknownFields += rt.keys.filter { !known.contains($0) }
                .map { JSONPath.root.appending("targetRuntime").appending($0).description }
        }
        try r.finish()
        if let id, let name, !id.isEmpty, !name.isEmpty, let version,
           !(id == "\(name):\(version)") {
            throw DecodeFailure([DecodeIssue(path: path.appending("id"),
                                             message: "id \(quotedForMessage(id)) does not match name \(quotedForMessage(name)) and version \(version) (expected \(quotedForMessage("\(name):\(version)")))")])
        }
        return result
    }
}

extension TargetRuntime {
    static func decode(_ json: JSON, at path: JSONPath) throws(DecodeFailure) -> TargetRuntime {
        var r = try ObjectReader.make(json, at: path, what: "targetRuntime")
        let type = r.requiredString("runtimeType")
        let arch = r.string("targetArchitecture") ?? "amd64"
        var runtime = TargetRuntime(runtimeType: RuntimeType(type ?? ""), targetArchitecture: arch)
        if let props = r.object("properties") {
            var p = ObjectReader(props, at: path.appending("properties"))
            runtime.condaEnvFile = p.nonEmptyString("condaEnvFile")
            runtime.pipRequirements = p.nonEmptyString("pipRequirements")
            runtime.installCuda = p.lenientBool("installCuda")
            runtime.cudaVersion = p.versionString("cudaVersion")
            runtime.otherProperties = p.unknownKeys.map { KeyValue(key: $0, value: ObjectReader.text(props[$0] ?? .null)) }
            r.absorb(p.issues)
        }
        try r.finish()
        return runtime
    }
}

extension Asset {
    static func decode(_ json: JSON, at path: JSONPath) throws(DecodeFailure) -> Asset {
        var r = try ObjectReader.make(json, at: path, what: "an asset")
        let id = r.requiredString("id")
        let url = r.requiredString("url")
        let asset = Asset(id: id ?? "", mimeType: r.string("mimeType"), unpack: r.lenientBool("unpack") ?? false, url: url ?? "")
        try r.finish()
        return asset
    }
}

extension RegistryInfo {
    static func decode(_ json: JSON, at path: JSONPath) throws(DecodeFailure) -> RegistryInfo {
        var r = try ObjectReader.make(json, at: path, what: "baseImageRegistryInfo")
        let info = RegistryInfo(location: r.string("location"), user: r.string("user"), password: r.string("password").map(Secret.init))
        try r.finish()
        return info
    }
}

extension LegacyModel {
    /// Decodes a model payload in the REST (`kvTags`) or `Model.serialize()` (`tags`) naming.
    public static func decode(_ json: JSON, at path: JSONPath) throws(DecodeFailure) -> LegacyModel {
        var r = try ObjectReader.make(json, at: path, what: "a model payload")
        let id = r.requiredString("id")
        let tags = r.stringMap("kvTags") ?? r.stringMap("tags") ?? []
        // Fields of either naming that this tool reads or knows to be harmless.
        for known in ["createdBy", "unpack", "experimentName", "runId", "runDetails", "datasets",
                      "resourceConfiguration", "resourceRequirements", "sampleInputDatasetId",
                      "sampleOutputDatasetId", "sampleInputData", "sampleOutputData", "parentModelId",
                      "derivedModelIds", "modifiedTime", "workspaceName"] {
            _ = r.has(known)
        }
        let model = LegacyModel(
            id: id ?? "",
            name: r.string("name"),
            version: r.int("version"),
            url: r.string("url"),
            mimeType: r.string("mimeType"),
            framework: r.string("framework"),
            frameworkVersion: r.string("frameworkVersion"),
            description: r.string("description"),
            createdTime: r.string("createdTime"),
            tags: tags,
            properties: r.stringMap("properties") ?? [],
            unknownFields: []
        )
        var result = model
        result.unknownFields = r.unknownKeys.map { JSONPath.root.appending($0).description }
        try r.finish()
        return result
    }
}
