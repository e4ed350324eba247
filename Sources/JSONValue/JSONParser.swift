import CJSONC

/// Reads JSON documents the way Python's `json.loads` does, with json-c's tokener.
///
/// Rules (Python's, except where noted):
/// - json-c runs in strict mode: no trailing commas, single quotes or comments.
/// - Only space, tab, `\n` and `\r` count as whitespace; content after the value is an error;
///   an empty or whitespace-only document is an error (`"empty document"`).
/// - Strings must be valid UTF-8, must not contain raw control characters (U+0000...U+001F)
///   and must not contain unpaired `\u` surrogates (Python keeps them, `String` cannot).
///   Object keys must not contain U+0000 (json-c cuts such keys short).
/// - Integers (no fraction, no exponent) must fit in `Int64`; json-c would silently clamp
///   them, so anything outside is the error `"integer out of 64-bit range"`. Numbers with a
///   fraction or exponent are `Double`; one that overflows to infinity is an error, and so are
///   the literals `NaN`, `Infinity` and `-Infinity` (Python accepts those; this does not).
/// - A duplicate object key keeps the last value at the position of the first (as Python).
/// - Nesting is limited to `maxDepth` levels (see `defaultMaxDepth`).
///
/// Errors carry the file, 1-based line and byte column, and the path of the value being read.
public enum JSONParser {
    /// The deepest nesting accepted by default: 512 levels of arrays/objects
    /// (`[[...]]` with 512 `[` is fine, 513 is the error
    /// `"nesting deeper than 512 levels (limit of the parser)"`). json-c's tokener does not
    /// recurse, and neither does the conversion to `JSON`, so this is a sanity limit rather
    /// than a stack-size one. Python's own limit comes from its recursion limit (about 1000).
    public static let defaultMaxDepth = 512

    /// Parses a whole document.
    ///
    /// - Parameters:
    ///   - bytes: the document, UTF-8 (no byte order mark).
    ///   - file: the name printed in errors.
    ///   - maxDepth: the deepest nesting accepted (values below 1 count as 1).
    /// - Throws: `JSONParseError` with the position and path of the first problem.
    public static func parse(_ bytes: [UInt8], file: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSON {
        let result: Result<JSON, JSONParseError> = bytes.withUnsafeBufferPointer { buffer in
            do throws(JSONParseError) {
                return .success(try parse(buffer, file: file, maxDepth: maxDepth))
            } catch {
                return .failure(error)
            }
        }
        return try result.get()
    }

    /// The 1-based line on which the value at `path` starts in `bytes`, or nil when there is
    /// no such value (or the document breaks before reaching it).
    public static func lineOfValue(at path: JSONPath, in bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBufferPointer { buffer in
            guard let offset = offsetOfValue(at: path, in: buffer) else { return nil }
            return JSONParseError.lineAndColumn(of: offset, in: buffer).line
        }
    }

    // MARK: - Implementation

    private static func parse(_ bytes: UnsafeBufferPointer<UInt8>, file: String, maxDepth: Int) throws(JSONParseError) -> JSON {
        func fail(_ offset: Int, _ path: JSONPath, _ message: String) -> JSONParseError {
            JSONParseError(file: file, offset: offset, in: bytes, path: path, message: message)
        }
        guard bytes.contains(where: { !JSONScanner.isWhitespace($0) }) else {
            throw fail(bytes.count, .root, "empty document")
        }
        guard bytes.count < Int(Int32.max) else {
            throw fail(0, .root, "document larger than 2 GiB (limit of the parser)")
        }
        let depth = Int32(clamping: max(1, maxDepth))
        guard let tokener = json_tokener_new_ex(depth) else {
            throw fail(0, .root, "out of memory")
        }
        defer { json_tokener_free(tokener) }
        json_tokener_set_flags(tokener, JSON_TOKENER_STRICT | JSON_TOKENER_VALIDATE_UTF8)

        let base = UnsafeRawPointer(bytes.baseAddress).map { $0.assumingMemoryBound(to: CChar.self) }
        var root = json_tokener_parse_ex(tokener, base, Int32(bytes.count))
        var error = json_tokener_get_error(tokener)
        var end = json_tokener_get_parse_end(tokener)
        if error == json_tokener_continue {
            // A top-level number (or an unfinished document): tell json-c the input ended.
            root = json_tokener_parse_ex(tokener, "", 1)
            error = json_tokener_get_error(tokener)
            end = bytes.count + json_tokener_get_parse_end(tokener)
        }
        defer { json_object_put(root) }

        if error != json_tokener_success {
            throw explain(error, at: min(end, bytes.count), in: bytes, maxDepth: Int(depth), fail: fail)
        }
        if let extra = bytes[min(end, bytes.count)...].firstIndex(where: { !JSONScanner.isWhitespace($0) }) {
            throw fail(extra, .root, "extra data after the JSON value, found \(JSONScanner(bytes).describe(at: extra))")
        }
        // json-c is lenient in places (see the type's documentation): check the rules it skips.
        var scanner = JSONScanner(bytes)
        do throws(JSONScanner.Failure) {
            _ = try scanner.run(limit: bytes.count)
        } catch {
            throw fail(error.offset, scanner.path, error.message)
        }
        do throws(JSONCTreeConverter.Problem) {
            return try JSONCTreeConverter.convert(root)
        } catch {
            throw fail(offsetOfValue(at: error.path, in: bytes) ?? 0, error.path, error.message)
        }
    }

    /// The error for a json-c failure at `offset`: the scanner's own message if it finds a
    /// problem at or before that byte (it knows more, e.g. a trailing comma), else json-c's
    /// reason; the path is that of the value being read at `offset`.
    private static func explain(_ error: json_tokener_error, at offset: Int, in bytes: UnsafeBufferPointer<UInt8>,
                                maxDepth: Int, fail: (Int, JSONPath, String) -> JSONParseError) -> JSONParseError {
        var scanner = JSONScanner(bytes)
        do throws(JSONScanner.Failure) {
            _ = try scanner.run(limit: offset)
        } catch {
            return fail(error.offset, scanner.path, error.message)
        }
        let pathAtOffset = scanner.path
        do throws(JSONScanner.Failure) {
            _ = try scanner.run(limit: offset + 1)
        } catch {
            return fail(error.offset, scanner.path, error.message)
        }
        return fail(offset, pathAtOffset, reason(error, maxDepth: maxDepth))
    }

    private static func reason(_ error: json_tokener_error, maxDepth: Int) -> String {
        switch error {
        case json_tokener_error_depth: return "nesting deeper than \(maxDepth) levels (limit of the parser)"
        case json_tokener_error_parse_eof, json_tokener_continue: return "unexpected end of data"
        case json_tokener_error_parse_utf8_string: return "invalid UTF-8 in string"
        default: return json_tokener_error_desc(error).map { String(cString: $0) } ?? "invalid JSON"
        }
    }

    /// Byte offset where the value at `path` starts.
    static func offsetOfValue(at path: JSONPath, in bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        var scanner = JSONScanner(bytes)
        guard case .found(let offset)? = try? scanner.run(limit: bytes.count, target: path) else { return nil }
        return offset
    }
}
