/// A strict, non-recursive JSON scanner over raw bytes (RFC 8259, as Python's `json` reads it,
/// minus NaN/Infinity and integers outside 64 bits).
///
/// It builds no values. It tracks where it is (a stack of open containers with the current
/// index or key) so that it can answer three questions with one state machine:
/// - which value was being read at a byte offset (`run(limit:)` then `path`),
/// - where the value at a path starts (`run(limit:target:)` returning `.found`),
/// - whether the document breaks a rule that json-c lets through (`run(limit:)` throwing).
///
/// Nesting depth only costs heap memory (the stack is an array), so deep documents are fine.
struct JSONScanner {
    /// A rule broken at `offset`.
    struct Failure: Error {
        let offset: Int
        let message: String
    }

    /// How `run` ended.
    enum Outcome: Equatable {
        /// The whole document was read and is valid.
        case finished
        /// `limit` was reached before the end of the document.
        case reachedLimit
        /// The value at the target path starts at this byte offset.
        case found(offset: Int)
    }

    private enum State {
        case value              // top level, or after ':'
        case firstElementOrEnd  // after '['
        case elementAfterComma  // after ',' in an array
        case firstKeyOrEnd      // after '{'
        case keyAfterComma      // after ',' in an object
        case colon              // after a key
        case commaOrEnd         // after a value inside a container
        case done               // after the top-level value
    }

    private struct Frame {
        var isObject: Bool
        var index = 0          // arrays: index of the current element
        var keyStart = 0       // objects: raw bytes of the current key, quotes excluded
        var keyEnd = 0
    }

    let bytes: UnsafeBufferPointer<UInt8>
    private(set) var position = 0
    private var state = State.value
    private var frames: [Frame] = []
    private var target: [JSONPath.Component] = []
    /// How many leading frames have the same component as `target` (only kept with a target).
    private var matched = 0
    private var hasTarget = false

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// Scans up to (not including) byte `limit`. With a `target`, stops at the first byte of
    /// the value at that path. Throws the first broken rule found before `limit`; at the real
    /// end of the document an unfinished value is a failure ("unexpected end of data").
    mutating func run(limit requested: Int, target: JSONPath? = nil) throws(Failure) -> Outcome {
        if let target {
            self.target = target.components
            hasTarget = true
        }
        let atEnd = requested >= bytes.count
        let limit = min(requested, bytes.count)
        while true {
            while position < limit, Self.isWhitespace(bytes[position]) { position += 1 }
            guard position < limit else {
                if !atEnd { return .reachedLimit }
                if state == .done { return .finished }
                throw Failure(offset: position, message: "unexpected end of data")
            }
            let c = bytes[position]
            switch state {
            case .value, .firstElementOrEnd, .elementAfterComma:
                if c == UInt8(ascii: "]") {
                    if state == .firstElementOrEnd {
                        position += 1
                        endContainer()
                        continue
                    }
                    if state == .elementAfterComma {
                        throw Failure(offset: position, message: "trailing comma before ']'")
                    }
                }
                if hasTarget, frames.count == self.target.count, matched == frames.count {
                    return .found(offset: position)
                }
                guard try scanValueStart(c, limit: limit, atEnd: atEnd) else { return .reachedLimit }
            case .firstKeyOrEnd, .keyAfterComma:
                if c == UInt8(ascii: "}") {
                    if state == .keyAfterComma {
                        throw Failure(offset: position, message: "trailing comma before '}'")
                    }
                    position += 1
                    endContainer()
                    continue
                }
                guard c == UInt8(ascii: "\"") else {
                    throw Failure(offset: position, message: c == UInt8(ascii: "'")
                        ? "single-quoted strings are not allowed in JSON"
                        : "expected a double-quoted object key, found \(describe(at: position))")
                }
                guard let end = try scanString(from: position, limit: limit, atEnd: atEnd, isKey: true) else {
                    return .reachedLimit
                }
                frames[frames.count - 1].keyStart = position + 1
                frames[frames.count - 1].keyEnd = end - 1
                topComponentChanged()
                position = end
                state = .colon
            case .colon:
                guard c == UInt8(ascii: ":") else {
                    throw Failure(offset: position, message: "expected ':' after object key, found \(describe(at: position))")
                }
                position += 1
                state = .value
            case .commaOrEnd:
                try scanSeparator(c)
            case .done:
                throw Failure(offset: position, message: "extra data after the JSON value, found \(describe(at: position))")
            }
        }
    }

    /// The value being read at `position`: with the current key or index of the innermost
    /// container while a value or key is pending, without it between a value and `,`/`]`/`}`
    /// or while a key is being read.
    var path: JSONPath {
        var components: [JSONPath.Component] = []
        components.reserveCapacity(frames.count)
        for (i, frame) in frames.enumerated() {
            if i == frames.count - 1 {
                switch state {
                case .value, .firstElementOrEnd, .elementAfterComma, .colon: break
                case .firstKeyOrEnd, .keyAfterComma, .commaOrEnd, .done: continue
                }
            }
            components.append(component(of: frame))
        }
        return JSONPath(components)
    }

    // MARK: - Structure

    /// Starts the value whose first byte is `c`. Returns false if `limit` cut a token short.
    private mutating func scanValueStart(_ c: UInt8, limit: Int, atEnd: Bool) throws(Failure) -> Bool {
        switch c {
        case UInt8(ascii: "{"):
            frames.append(Frame(isObject: true))
            position += 1
            state = .firstKeyOrEnd
        case UInt8(ascii: "["):
            frames.append(Frame(isObject: false))
            topComponentChanged()
            position += 1
            state = .firstElementOrEnd
        case UInt8(ascii: "\""):
            guard let end = try scanString(from: position, limit: limit, atEnd: atEnd, isKey: false) else { return false }
            position = end
            endValue()
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            guard let end = try scanNumber(from: position, limit: limit, atEnd: atEnd) else { return false }
            position = end
            endValue()
        case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
            guard let end = try scanLiteral(from: position, limit: limit, atEnd: atEnd) else { return false }
            position = end
            endValue()
        default:
            throw unexpectedValue(at: position)
        }
        return true
    }

    private mutating func scanSeparator(_ c: UInt8) throws(Failure) {
        let isObject = frames[frames.count - 1].isObject
        switch c {
        case UInt8(ascii: ","):
            if isObject {
                state = .keyAfterComma
            } else {
                frames[frames.count - 1].index += 1
                topComponentChanged()
                state = .elementAfterComma
            }
        case UInt8(ascii: "}") where isObject, UInt8(ascii: "]") where !isObject:
            endContainer()
        default:
            let expected = isObject ? "expected ',' or '}' in object" : "expected ',' or ']' in array"
            throw Failure(offset: position, message: "\(expected), found \(describe(at: position))")
        }
        position += 1
    }

    private mutating func endContainer() {
        frames.removeLast()
        if matched > frames.count { matched = frames.count }
        endValue()
    }

    private mutating func endValue() {
        state = frames.isEmpty ? .done : .commaOrEnd
    }

    // MARK: - Target path

    /// Re-checks the innermost frame against the target after its index or key changed.
    private mutating func topComponentChanged() {
        guard hasTarget else { return }
        let t = frames.count - 1
        guard matched >= t else { return }
        matched = t
        guard t < target.count else { return }
        let frame = frames[t]
        switch target[t] {
        case .index(let i):
            if !frame.isObject && frame.index == i { matched = t + 1 }
        case .key(let k):
            if frame.isObject && decodeString(frame.keyStart, frame.keyEnd).utf8.elementsEqual(k.utf8) {
                matched = t + 1
            }
        }
    }

    private func component(of frame: Frame) -> JSONPath.Component {
        frame.isObject ? .key(decodeString(frame.keyStart, frame.keyEnd)) : .index(frame.index)
    }

    // MARK: - Messages

    private func unexpectedValue(at offset: Int) -> Failure {
        for word in ["NaN", "Infinity", "-Infinity"] where hasPrefix(word, at: offset) {
            return Failure(offset: offset, message: "\(word) is not allowed in JSON")
        }
        if bytes[offset] == UInt8(ascii: "'") {
            return Failure(offset: offset, message: "single-quoted strings are not allowed in JSON")
        }
        if hasPrefix("\u{FEFF}", at: offset) {
            return Failure(offset: offset, message: "unexpected UTF-8 byte order mark")
        }
        return Failure(offset: offset, message: "expected a value, found \(describe(at: offset))")
    }

    func hasPrefix(_ word: String, at offset: Int) -> Bool {
        var i = offset
        for b in word.utf8 {
            guard i < bytes.count, bytes[i] == b else { return false }
            i += 1
        }
        return true
    }

    /// `'x'` for printable ASCII, `U+000A` for control characters, `byte 0xC3` otherwise.
    func describe(at offset: Int) -> String {
        let b = bytes[offset]
        switch b {
        case 0x21...0x7E: return "'\(Character(Unicode.Scalar(b)))'"
        case 0..<0x20, 0x7F: return "control character \(Self.hex(UInt32(b), prefix: "U+"))"
        default: return "byte \(Self.hex(UInt32(b), prefix: "0x", width: 2))"
        }
    }

    static func hex(_ v: UInt32, prefix: String, width: Int = 4) -> String {
        let digits = String(v, radix: 16, uppercase: true)
        return prefix + String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    static func isWhitespace(_ b: UInt8) -> Bool {
        b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09
    }
}
