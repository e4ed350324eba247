import AsyncHTTPClient
import Foundation
import JSONValue
import NIOCore
import NIOHTTP1
import Snapshot

/// Which files a project publishes, read from the package index's JSON simple API (PEP 691),
/// for what uv does not say: whether a release that has no usable wheel has wheels at all (a
/// pure source release) and which Pythons its wheels are for. Each project is asked once.
public actor WheelIndex {
    /// The index's simple API root (`https://pypi.org/simple`), possibly with credentials.
    let root: String
    private var files: [String: [String]?] = [:]

    public init(root: String = "https://pypi.org/simple") {
        self.root = root.hasSuffix("/") ? String(root.dropLast()) : root
    }

    /// The files of one release (`nil`: the index could not be asked).
    public func files(of project: String, version: String?) async -> [String]? {
        let name = PipRequirement.normalize(project)
        let all: [String]?
        if let known = files[name] {
            all = known
        } else {
            all = await Self.fetch(root, name)
            files[name] = all
        }
        guard let all else { return nil }
        guard let version else { return all }
        return all.filter { Self.version(ofFile: $0, project: name) == version }
    }

    /// Whether the release has no wheel at all (only source archives); nil when unknown.
    public func isSourceOnly(_ project: String, version: String?) async -> Bool? {
        guard let list = await files(of: project, version: version), !list.isEmpty else { return nil }
        return !list.contains { $0.hasSuffix(".whl") }
    }

    /// The Python tags of the release's wheels, condensed: `cp27, cp33–cp36` (nil when unknown or none).
    public func wheelPythons(_ project: String, version: String?) async -> String? {
        guard let list = await files(of: project, version: version) else { return nil }
        return Self.condense(Self.pythonTags(list))
    }

    /// The Python tags (`cp36`, `py3`) of wheel file names.
    static func pythonTags(_ files: [String]) -> [String] {
        var tags: Set<String> = []
        for file in files where file.hasSuffix(".whl") {
            let parts = file.dropLast(4).split(separator: "-")
            guard parts.count >= 5 else { continue }
            for tag in parts[parts.count - 3].split(separator: ".") { tags.insert(String(tag)) }
        }
        return Array(tags)
    }

    /// `[cp36, cp27, cp34, cp35, py3, pp37]` → `cp27, cp34–cp36, py3` (CPython and generic tags;
    /// PyPy's are left out: the images run CPython).
    static func condense(_ tags: [String]) -> String? {
        var cp: [Int] = []
        var other: [String] = []
        for tag in Set(tags) {
            if tag.hasPrefix("cp"), let n = Int(tag.dropFirst(2)) { cp.append(n) } else if tag.hasPrefix("py") { other.append(tag) }
        }
        guard !cp.isEmpty || !other.isEmpty else { return nil }
        cp.sort()
        var ranges: [String] = []
        var i = 0
        while i < cp.count {
            var j = i
            while j + 1 < cp.count, cp[j + 1] == cp[j] + 1 { j += 1 }
            ranges.append(i == j ? "cp\(cp[i])" : "cp\(cp[i])–cp\(cp[j])")
            i = j + 1
        }
        return (ranges + other.sorted()).joined(separator: ", ")
    }

    /// The version of a distribution file name (`pandas-0.23.1-cp36-cp36m-manylinux1_x86_64.whl`,
    /// `pandas-0.23.1.tar.gz`), for a project of normalized name `project`.
    static func version(ofFile file: String, project: String) -> String? {
        var base = file
        for suffix in [".whl", ".tar.gz", ".zip", ".tar.bz2", ".tgz", ".egg"] where base.hasSuffix(suffix) {
            base = String(base.dropLast(suffix.count))
            break
        }
        if file.hasSuffix(".whl") {
            let parts = base.split(separator: "-")
            return parts.count >= 5 ? String(parts[1]) : nil
        }
        // A source archive: `<name>-<version>`, where the name may itself contain `-`.
        let normalized = PipRequirement.normalize(base)
        guard normalized.hasPrefix(project + "-") else { return nil }
        let nameParts = project.split(separator: "-").count
        let parts = base.split(separator: "-", maxSplits: nameParts, omittingEmptySubsequences: false)
        return parts.count > nameParts ? String(parts[nameParts]) : nil
    }

    /// `GET <root>/<project>/` as JSON; the file names, or nil when it cannot be read.
    static func fetch(_ root: String, _ project: String) async -> [String]? {
        guard var components = URLComponents(string: root + "/" + project + "/") else { return nil }
        var request = HTTPClientRequest(url: "")
        request.headers.add(name: "Accept", value: "application/vnd.pypi.simple.v1+json")
        if let user = components.user {
            let pair = user + ":" + (components.password ?? "")
            request.headers.add(name: "Authorization", value: "Basic " + Data(pair.utf8).base64EncodedString())
            components.user = nil
            components.password = nil
        }
        guard let url = components.string else { return nil }
        request.url = url
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            guard response.status == .ok else { return nil }
            let body = try await response.body.collect(upTo: 64 << 20)
            let json = try JSONParser.parse(Array(body.readableBytesView), file: url)
            guard case .array(let list)? = json["files"] else { return nil }
            return list.compactMap { $0["filename"]?.stringValue }
        } catch {
            return nil
        }
    }
}
