// Fuzz target: the JSON layer (json-c tokener bridge, strict scanner, tree conversion, writer).
//
// Invariants checked on every input:
// - parsing never crashes, and an error names a line and column inside the document;
// - a document that parses writes back (Python json.dump style) and re-parses to the same value;
// - the line of every top-level member can be found again.
import CFuzzDriver
import Foundation
import JSONValue

/// One input. Also exported as `LLVMFuzzerTestOneInput`, which libFuzzer's own (unused) `main`
/// refers to.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOne(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    let json: JSON
    do {
        json = try JSONParser.parse(bytes, file: "fuzz.json", maxDepth: 64)
    } catch {
        precondition(error.line >= 1 && error.column >= 1, "bad position in \(error)")
        precondition(error.offset >= 0 && error.offset <= bytes.count, "offset outside the document: \(error)")
        precondition(!error.description.isEmpty)
        return 0
    }
    for indent in [nil, 4] as [Int?] {
        guard let text = try? PythonJSONWriter.write(json, indent: indent) else { continue }
        do {
            let again = try JSONParser.parse(Array(text.utf8), file: "rewritten.json", maxDepth: 64)
            precondition(again == json, "write/parse round trip changed the value")
        } catch {
            preconditionFailure("written JSON does not parse: \(error)")
        }
    }
    if let object = json.objectValue {
        for key in object.keys.prefix(8) {
            precondition(JSONParser.lineOfValue(at: JSONPath.root.appending(key), in: bytes) != nil,
                         "no line for the member \(key)")
        }
    }
    return 0
}

exit(image2env_fuzz_run(CommandLine.argc, CommandLine.unsafeArgv, fuzzOne))
