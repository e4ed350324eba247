/// File names of the snapshot layout (docs/snapshot.md) for REST names and ids.
enum SnapshotNames {
    /// A name made safe as one file name component: `/`, `\`, `%`, control characters and a
    /// leading `.` are percent-escaped (so distinct names stay distinct).
    static func component(_ name: String) -> String {
        var out = ""
        for (i, scalar) in name.unicodeScalars.enumerated() {
            let unsafe = scalar == "/" || scalar == "\\" || scalar == "%" || scalar.value < 0x20 || scalar.value == 0x7F
                || (i == 0 && scalar == ".")
            if unsafe {
                for byte in String(scalar).utf8 {
                    let hex = String(byte, radix: 16, uppercase: true)
                    out += "%" + (hex.count == 1 ? "0" + hex : hex)
                }
            } else {
                out.unicodeScalars.append(scalar)
            }
        }
        return out.isEmpty ? "%00" : out
    }

    /// `images/<name>_<version>.json`.
    static func image(name: String, version: String) -> String {
        "images/" + component(name + "_" + version) + ".json"
    }

    /// `models/<name>_<version>.json`, from a model id `name:version`.
    static func model(id: String) -> String {
        guard let colon = id.lastIndex(of: ":") else { return "models/" + component(id) + ".json" }
        return "models/" + component(String(id[..<colon]) + "_" + String(id[id.index(after: colon)...])) + ".json"
    }

    /// `services/<name>.json`.
    static func service(name: String) -> String {
        "services/" + component(name) + ".json"
    }
}
