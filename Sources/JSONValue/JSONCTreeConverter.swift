import CJSONC

/// Turns a json-c tree into a `JSON` value without recursion (an explicit stack of open
/// containers), keeping object key order (json-c keeps insertion order, and for a duplicate
/// key the last value at the position of the first).
struct JSONCTreeConverter {
    /// A value json-c built that `JSON` cannot hold faithfully.
    struct Problem: Error {
        let path: JSONPath
        let message: String
    }

    /// An open container. Frames are changed in place (`stack[top]`), never copied out, so
    /// appending to `items` or `entries` does not copy them.
    private struct Frame {
        let node: OpaquePointer
        let isObject: Bool
        // Arrays: element count, index of the child being converted, converted children.
        var count = 0
        var index = 0
        var items: [JSON] = []
        // Objects: position, end, key of the child being converted, converted entries.
        var iterator = json_object_iterator()
        var end = json_object_iterator()
        var key = ""
        var entries = JSONObject()

        /// The component of the child being converted.
        var component: JSONPath.Component { isObject ? .key(key) : .index(index) }
    }

    private var stack: [Frame] = []

    /// Converts `root` (nil is json-c's `null`).
    static func convert(_ root: OpaquePointer?) throws(Problem) -> JSON {
        var converter = JSONCTreeConverter()
        return try converter.run(root)
    }

    private mutating func run(_ root: OpaquePointer?) throws(Problem) -> JSON {
        var node = root
        while true {
            // Convert `node`; containers with children are opened and their first child taken.
            var value: JSON
            switch json_object_get_type(node) {
            case json_type_boolean:
                value = .bool(json_object_get_boolean(node) != 0)
            case json_type_int:
                value = .int(try int64(node))
            case json_type_double:
                let d = json_object_get_double(node)
                guard d.isFinite else { throw problem("number out of range of a 64-bit float") }
                value = .double(d)
            case json_type_string:
                value = .string(try string(node))
            case json_type_array:
                guard let array = node, json_object_array_length(array) > 0 else {
                    value = .array([])
                    break
                }
                var frame = Frame(node: array, isObject: false)
                frame.count = json_object_array_length(array)
                frame.items.reserveCapacity(frame.count)
                stack.append(frame)
                node = json_object_array_get_idx(array, 0)
                continue
            case json_type_object:
                guard let object = node else { throw problem("unreadable object") }
                var frame = Frame(node: object, isObject: true)
                frame.iterator = json_object_iter_begin(object)
                frame.end = json_object_iter_end(object)
                if json_object_iter_equal(&frame.iterator, &frame.end) != 0 {
                    value = .object(JSONObject())
                    break
                }
                frame.entries = JSONObject(reservingCapacity: Int(json_object_object_length(object)))
                frame.key = try keyString(&frame.iterator)
                node = json_object_iter_peek_value(&frame.iterator)
                stack.append(frame)
                continue
            default:
                value = .null
            }
            // Hand the value to its container; close the containers that are complete.
            while !stack.isEmpty {
                let top = stack.count - 1
                if stack[top].isObject {
                    // json-c's objects are hash tables: their keys are unique already.
                    let key = stack[top].key
                    stack[top].entries.appendUnchecked(key, value)
                    json_object_iter_next(&stack[top].iterator)
                    if json_object_iter_equal(&stack[top].iterator, &stack[top].end) == 0 {
                        stack[top].key = try keyString(&stack[top].iterator)
                        node = json_object_iter_peek_value(&stack[top].iterator)
                        break
                    }
                    var done = stack.removeLast().entries
                    done.finishAppending()
                    value = .object(done)
                } else {
                    stack[top].items.append(value)
                    stack[top].index += 1
                    if stack[top].index < stack[top].count {
                        node = json_object_array_get_idx(stack[top].node, stack[top].index)
                        break
                    }
                    value = .array(stack.removeLast().items)
                }
            }
            if stack.isEmpty { return value }
        }
    }

    /// json-c keeps integers above `Int64.max` as uint64 (and clamps beyond `UInt64.max`);
    /// `json_object_get_int64` would silently clamp those to `Int64.max`.
    private func int64(_ node: OpaquePointer?) throws(Problem) -> Int64 {
        let value = json_object_get_int64(node)
        if value == Int64.max && json_object_get_uint64(node) != UInt64(Int64.max) {
            throw problem("integer out of 64-bit range")
        }
        return value
    }

    /// A string value; it may contain NUL, so its length comes from json-c, not strlen.
    private func string(_ node: OpaquePointer?) throws(Problem) -> String {
        guard let chars = json_object_get_string(node) else { return "" }
        let count = Int(json_object_get_string_len(node))
        let buffer = UnsafeRawBufferPointer(start: UnsafeRawPointer(chars), count: count)
        guard let s = String(validating: buffer.assumingMemoryBound(to: UInt8.self), as: UTF8.self) else {
            throw problem("invalid UTF-8 in string")
        }
        return s
    }

    private func keyString(_ it: inout json_object_iterator) throws(Problem) -> String {
        guard let name = json_object_iter_peek_name(&it), let key = String(validatingCString: name) else {
            throw problem("invalid UTF-8 in object key")
        }
        return key
    }

    private func problem(_ message: String) -> Problem {
        Problem(path: JSONPath(stack.map(\.component)), message: message)
    }
}
