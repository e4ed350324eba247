// The json-c bridge under valgrind (`make sanitize`): compiled with swiftc together with
// Sources/JSONValue (DWARF 4, which valgrind reads), it parses and writes every seed of
// Fuzz/corpus/json and Fuzz/corpus/payload and a generated hostile set (truncations, deep
// nesting, invalid UTF-8, numbers past 64 bits, a large string), success and error paths
// alike, several times over. valgrind then reports any invalid access or lost block.
import Foundation

var inputs: [(String, [UInt8])] = []
for folder in CommandLine.arguments.dropFirst() {
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []
    for name in names.sorted() {
        if let data = FileManager.default.contents(atPath: folder + "/" + name) { inputs.append((name, [UInt8](data))) }
    }
}
let seeds = inputs
for (name, bytes) in seeds {
    for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 64)) {
        inputs.append(("\(name) cut at \(length)", Array(bytes.prefix(length))))
    }
}
inputs.append(("deep arrays", Array((String(repeating: "[", count: 2_000) + String(repeating: "]", count: 2_000)).utf8)))
inputs.append(("deep objects", Array((String(repeating: #"{"a": "#, count: 600) + "1" + String(repeating: "}", count: 600)).utf8)))
inputs.append(("invalid UTF-8", Array(#"{"a": ""#.utf8) + [0xED, 0xA0, 0x80] + Array(#""}"#.utf8)))
inputs.append(("big integer", Array(#"{"a": [1, 18446744073709551616]}"#.utf8)))
inputs.append(("huge float", Array("[1e400]".utf8)))
inputs.append(("NUL in key", Array(#"{"a\u0000b": 1}"#.utf8)))
inputs.append(("large string", Array(#"{"s": ""#.utf8) + [UInt8](repeating: 0x61, count: 1 << 20) + Array(#""}"#.utf8)))

var parsed = 0, failed = 0, written = 0
for _ in 0..<3 {
    for (name, bytes) in inputs {
        do {
            let json = try JSONParser.parse(bytes, file: name)
            parsed += 1
            if let text = try? PythonJSONWriter.write(json, indent: 4) {
                written += 1
                _ = try JSONParser.parse(Array(text.utf8), file: name)
            }
            _ = JSONParser.lineOfValue(at: JSONPath.root.appending("id"), in: bytes)
        } catch {
            failed += 1
            _ = error.description
        }
    }
}
print("json-c bridge: \(inputs.count) inputs x 3: \(parsed) parsed, \(written) written back, \(failed) errors")
