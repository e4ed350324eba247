#!/usr/bin/env python3
"""Generates the writer golden files with CPython (3.11 was used).

For every input document N this writes
  writer-input-N.json            the input (hand-written text, some of it generated)
  writer-expected-N.json         json.dumps(json.loads(input), indent=4)
  writer-expected-compact-N.json json.dumps(json.loads(input))
with no trailing newline. The Swift tests parse each input with JSONParser, write it with
PythonJSONWriter and compare bytes.

Regenerate (only when adding cases; the output is deterministic):
  cd Tests/JSONValueTests/Golden && python3 make_golden.py
"""
import glob
import json
import os
import random
import struct

HERE = os.path.dirname(os.path.abspath(__file__))

KEY_ORDER = rb'''{"zeta": 1, "alpha": 2, "mid": {"y": [], "b": {}, "a": [[], {}, [[]], [{}], {"x": []}]},
 "dup": 1, "other": true, "dup": {"replaced": null}, "bools": [true, false, null],
 "": "empty key", "spaces in key": 0, "\u00fcn\u00efc\u00f6d\u00e9 k\u00e9y": "v",
 "nested": {"dup": 1, "second": 2, "dup": [3]}, "Z": {}, "a": [],
 "\u00e9": "precomposed", "e\u0301": "decomposed, a different key"}'''

UNICODE = '''{
  "accents": "caf\u00e9 na\u00efve r\u00e9sum\u00e9 \u00c5ngstr\u00f6m",
  "decomposed": "cafe\u0301",
  "cjk": "\u65e5\u672c\u8a9e\u30c6\u30ad\u30b9\u30c8 \u4e2d\u6587 \ud55c\uad6d\uc5b4",
  "emoji": "\U0001F600\U0001F389 \U0001F469\u200d\U0001F469\u200d\U0001F467 \U0001F1EB\U0001F1F7",
  "escaped pair": "\\ud83d\\ude00 and \\uD83D\\uDE00",
  "nul": "a\\u0000b",
  "controls": "\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\b\\t\\n\\u000b\\f\\r\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b\\u001c\\u001d\\u001e\\u001f",
  "del": "x\x7fy",
  "separators": "line\u2028para\u2029end",
  "bom inside": "\ufeffstart",
  "quotes": "she said \\"hi\\" \\\\ back\\\\slash \\/ slash / 'single'",
  "upper hex": "\\u00E9\\u00e9\\u00C9",
  "max bmp": "\uffff\ufffd",
  "astral": "\U0010FFFF\U0001D11E",
  "k\u00e9y \u65e5\u672c": {"\U0001F600": "\\t", "\\"quoted key\\"": "\\\\"},
  "printable ascii": " !#$%&'()*+,-./0123456789:;<=>?@ABCXYZ[]^_`abcxyz{|}~"
}'''.encode('utf-8')

FLOAT_TEXTS = [
    "0.0", "-0.0", "0e0", "-0E-0", "1.0", "-1.5", "12.50", "1E5", "1.0e+2", "1e-0",
    "0.1", "0.2", "0.30000000000000004", "0.3333333333333333", "0.6666666666666666",
    "1e-05", "0.0001", "0.00012345", "0.001", "1e-07", "1.5e-10", "5e-324",
    "2.2250738585072014e-308", "2.225073858507201e-308", "1.7976931348623157e308",
    "1e16", "9999999999999998.0", "1234567890123456.0", "12345678901234567.0",
    "123456789012345678.0", "1e15", "999999999999999.9", "1e22", "1e23", "1e+100",
    "100.0", "3.141592653589793", "2.718281828459045", "6.02214076e23", "-1e-300",
    "9007199254740993.0", "0.000001", "0.00001", "123456.789", "4.35", "0.1e1",
    "1.7976931348623157e+308", "4.9406564584124654e-324", "2.5", "1e-4", "1e-5",
]


def floats_document():
    rng = random.Random(20240611)
    items = list(FLOAT_TEXTS)
    while len(items) < 1600:
        (d,) = struct.unpack('<d', rng.getrandbits(64).to_bytes(8, 'little'))
        if d == d and abs(d) != float('inf'):
            items.append(repr(d))
    for _ in range(400):
        items.append(repr(round(rng.uniform(-1e6, 1e6), rng.randint(0, 8))))
    for e in range(-330, 310, 7):
        items.append(repr(rng.random() * 10.0 ** e))
    return ("[" + ", ".join(items) + "]").encode()


INTS = b'''[0, -0, 1, -1, 42, 9223372036854775807, -9223372036854775807, -9223372036854775808,
 9007199254740993, 1000000000000000000, -1000000000000000000, 2147483648, 4294967296,
 {"max": 9223372036854775807, "min": -9223372036854775808}]'''


def deep_document():
    depth = 150
    text = ""
    for i in range(depth):
        text += "[" if i % 2 == 0 else '{"k%d": ' % i
    text += '"bottom"'
    for i in reversed(range(depth)):
        text += "]" if i % 2 == 0 else ', "after": [1, {}]}'
    return text.encode()


REALISTIC = (b'{\r\n\t"value": [\r\n\t\t{"name": "img-a", "version": "3", "targetRuntime": "python",'
             b' "tags": {"owner": "team \\u00e9", "build": 17}, "score": 0.95},\r\n'
             b'\t\t{"name": "img-b", "version": "12", "targetRuntime": "spark-py",'
             b' "tags": {}, "score": 1e-06, "size": 123456789012},\r\n'
             b'\t\t{"name": "img-c", "dependencies": ["numpy==1.24", "pandas"], "created": null,'
             b' "enabled": false, "ratio": 100.0}\r\n\t]\r\n}\r\n')

DOCUMENTS = [
    KEY_ORDER,
    UNICODE,
    floats_document(),
    INTS,
    deep_document(),
    REALISTIC,
    b'  "top-level string \\u00e9\\n"\n',
    b'-1.25e-7',
    b'[[], {}, [[], {}], {"a": {}, "b": []}, [[[[]]]], {"x": {"y": {"z": {}}}}]',
]


def main():
    for old in glob.glob(os.path.join(HERE, "writer-*.json")):
        os.remove(old)
    for n, raw in enumerate(DOCUMENTS, start=1):
        value = json.loads(raw)
        with open(os.path.join(HERE, "writer-input-%d.json" % n), "wb") as f:
            f.write(raw)
        with open(os.path.join(HERE, "writer-expected-%d.json" % n), "w", encoding="ascii", newline="") as f:
            f.write(json.dumps(value, indent=4))
        with open(os.path.join(HERE, "writer-expected-compact-%d.json" % n), "w", encoding="ascii", newline="") as f:
            f.write(json.dumps(value))


if __name__ == "__main__":
    main()
