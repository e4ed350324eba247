"""image2env's entry-script analysis: CPython's own parser (the ast module) over the files given.

Run as `python3 -I -c <this file> REQUEST.json`. The request is
    {"files": [{"key": "...", "data": "<base64 of the file's bytes>"}, ...]}
and standard output gets one JSON object:
    {"python": "3.11.7", "files": {"<key>": FACTS, ...}}
FACTS describe one file as parsed; nothing is decided here (the rules decide):
    status      "parsed", "python2" (not Python 3, but Python 2 grammar), "syntax", "encoding"
    error       {"message", "line", "column"} unless parsed
    utf8        the bytes are UTF-8 (byte offsets below are offsets into them)
    imports     every import statement, anywhere in the file
    calls       every call of an attribute named get_model_path
    decorators  every decorator, with what its name resolves to through the imports
    references  every use of a name bound by an import of azureml.* (with what it resolves to)
    defined     the names bound at module level (def, class, assignment, import)
    insertAt    where a module-level helper may go: just after the leading imports
Positions: line (1-based), column (1-based, in Unicode code points), start/end (byte offsets
into the file, end exclusive), for UTF-8 files.
"""
import ast
import base64
import io
import json
import sys
import tokenize
import warnings

STDLIB = set(getattr(sys, "stdlib_module_names", ())) | set(sys.builtin_module_names)


class Positions(object):
    """Maps ast positions (line, UTF-8 byte column) to byte offsets and code point columns."""

    def __init__(self, data):
        self.data = data
        self.bom = 3 if data.startswith(b"\xef\xbb\xbf") else 0
        self.starts = [0]
        for line in data.splitlines(True):
            self.starts.append(self.starts[-1] + len(line))

    def offset(self, line, col):
        if line - 1 >= len(self.starts):
            return len(self.data)
        base = self.starts[line - 1] + (self.bom if line == 1 else 0)
        return base + col

    def column(self, line, col):
        start = self.offset(line, 0)
        return len(self.data[start:start + col].decode("utf-8", "replace")) + 1

    def at(self, node):
        return {"line": node.lineno, "column": self.column(node.lineno, node.col_offset),
                "start": self.offset(node.lineno, node.col_offset),
                "end": self.offset(node.end_lineno, node.end_col_offset)}

    def own_lines(self, node):
        """The node is alone on its lines: only blanks before it, only blanks or a comment after."""
        start = self.offset(node.lineno, 0)
        end_line = self.data[self.offset(node.end_lineno, 0):self.offset(node.end_lineno + 1, 0)]
        before = self.data[start:self.offset(node.lineno, node.col_offset)]
        after = end_line[node.end_col_offset:].strip()
        return before.strip() == b"" and (after == b"" or after.startswith(b"#"))

    def line_span(self, node):
        """Byte offsets of the node's whole lines (line ends included)."""
        return self.offset(node.lineno, 0), self.offset(node.end_lineno + 1, 0)


def dotted(node):
    """`a.b.c` for a Name or an Attribute chain on a Name; None otherwise."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def root_name(node):
    while isinstance(node, ast.Attribute):
        node = node.value
    return node if isinstance(node, ast.Name) else None


def literal(node):
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, int)) and not isinstance(node.value, bool):
        return {"kind": "str" if isinstance(node.value, str) else "int", "value": node.value}
    return {"kind": "other", "text": ast.unparse(node) if hasattr(ast, "unparse") else None}


def module_span(pos, node):
    """Byte offsets of the dotted module name of `from X import ...` (tokens, not text search)."""
    start = pos.offset(node.lineno, 0)
    text = pos.data[start:pos.offset(node.end_lineno + 1, 0)].decode("utf-8")
    first = None
    last = None
    seen_from = False
    try:
        for tok in tokenize.generate_tokens(io.StringIO(text).readline):
            if tok.type == tokenize.NAME and tok.string == "from" and not seen_from:
                seen_from = True
                continue
            if not seen_from:
                continue
            if tok.type == tokenize.NAME and tok.string == "import":
                break
            if tok.type in (tokenize.NL, tokenize.COMMENT):
                continue
            if tok.type == tokenize.OP and tok.string == ".":
                if first is None:
                    first = tok.start
                last = tok.end
                continue
            if tok.type == tokenize.NAME:
                if first is None:
                    first = tok.start
                last = tok.end
                continue
            return None
    except (tokenize.TokenError, SyntaxError):
        return None
    if first is None or last is None:
        return None

    def to_bytes(row, col):
        lines = text.splitlines(True)
        return start + sum(len(l.encode("utf-8")) for l in lines[:row - 1]) + len(lines[row - 1][:col].encode("utf-8"))
    return [to_bytes(*first), to_bytes(*last)]


def alias_span(pos, alias):
    """Byte offsets of an `import a.b.c [as x]` alias's dotted name (Python 3.10+ has alias positions)."""
    if not hasattr(alias, "lineno"):
        return None
    start = pos.offset(alias.lineno, alias.col_offset)
    end = start + len(alias.name.encode("utf-8"))
    if pos.data[start:end].decode("utf-8", "replace") != alias.name:
        return None
    return [start, end]


class Collector(ast.NodeVisitor):
    def __init__(self, pos):
        self.pos = pos
        self.imports = []
        self.bindings = {}      # name -> dotted target, from every import in the file
        self.calls = []
        self.decorators = []
        self.names = []         # (Name node) loads, resolved later
        self.depth = 0          # function/class nesting
        self.parents = []       # the body lists being visited

    def generic_visit(self, node):
        for field, value in ast.iter_fields(node):
            if isinstance(value, list):
                self.parents.append(value)
                for item in value:
                    if isinstance(item, ast.AST):
                        self.visit(item)
                self.parents.pop()
            elif isinstance(value, ast.AST):
                self.visit(value)

    def record_import(self, node, kind, module, level, names):
        entry = dict(self.pos.at(node))
        body = self.parents[-1] if self.parents else []
        entry.update({"kind": kind, "module": module, "level": level, "names": names, "topLevel": self.depth == 0,
                      "ownLines": self.pos.own_lines(node), "lines": list(self.pos.line_span(node)),
                      "siblings": len([s for s in body if isinstance(s, ast.stmt)]),
                      "stdlib": (module or "").split(".")[0] in STDLIB if level == 0 else False})
        self.imports.append(entry)
        return entry

    def visit_Import(self, node):
        names = []
        for a in node.names:
            bound = a.asname or a.name.split(".")[0]
            self.bindings[bound] = a.name if a.asname else a.name.split(".")[0]
            names.append({"name": a.name, "asname": a.asname, "span": alias_span(self.pos, a)})
        for n in names:
            entry = self.record_import(node, "import", n["name"], 0, [n])
            entry["stdlib"] = n["name"].split(".")[0] in STDLIB

    def visit_ImportFrom(self, node):
        names = []
        for a in node.names:
            if a.name != "*":
                target = (node.module + "." + a.name) if node.module and node.level == 0 else None
                if target:
                    self.bindings[a.asname or a.name] = target
            names.append({"name": a.name, "asname": a.asname})
        entry = self.record_import(node, "from", node.module, node.level, names)
        entry["moduleSpan"] = module_span(self.pos, node) if node.level == 0 else None

    def visit_FunctionDef(self, node):
        for d in node.decorator_list:
            target = d.func if isinstance(d, ast.Call) else d
            entry = dict(self.pos.at(d))
            entry.update({"text": dotted(target), "function": node.name})
            self.decorators.append(entry)
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node):
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    def visit_Call(self, node):
        if isinstance(node.func, ast.Attribute) and node.func.attr == "get_model_path":
            entry = dict(self.pos.at(node))
            root = root_name(node.func)
            entry.update({
                "func": dotted(node.func),
                "root": self.pos.offset(root.lineno, root.col_offset) if root is not None else None,
                "args": [literal(a) for a in node.args],
                "starred": any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords),
                "keywords": [dict(literal(k.value), name=k.arg) for k in node.keywords if k.arg is not None],
                "topLevel": self.depth == 0,
            })
            self.calls.append(entry)
        self.generic_visit(node)

    def visit_Name(self, node):
        if isinstance(node.ctx, ast.Load):
            self.names.append(node)


def resolve(bindings, text):
    if not text:
        return None
    head, _, rest = text.partition(".")
    target = bindings.get(head)
    if target is None:
        return None
    return target + ("." + rest if rest else "")


def module_names(tree):
    names = set()
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for a in node.names:
                names.add(a.asname or a.name.split(".")[0])
        elif isinstance(node, (ast.Assign, ast.AnnAssign, ast.AugAssign)):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for t in targets:
                for n in ast.walk(t):
                    if isinstance(n, ast.Name):
                        names.add(n.id)
    return sorted(names)


def insert_at(pos, tree):
    body = tree.body
    k = 0
    if body and isinstance(body[0], ast.Expr) and isinstance(getattr(body[0], "value", None), ast.Constant) \
            and isinstance(body[0].value.value, str):
        k = 1
    last = body[k - 1] if k > 0 else None
    while k < len(body) and isinstance(body[k], (ast.Import, ast.ImportFrom)):
        last = body[k]
        k += 1
    if last is None:
        return {"line": 1, "start": pos.bom}
    return {"line": last.end_lineno + 1, "start": pos.offset(last.end_lineno + 1, 0)}


def python2(data):
    """Whether the bytes parse with the Python 2 grammar (lib2to3's, where there still is one)."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from lib2to3 import pygram, pytree
            from lib2to3.pgen2 import driver
    except ImportError:
        return None
    try:
        d = driver.Driver(pygram.python_grammar, convert=pytree.convert)
        d.parse_string(data.decode("utf-8", "replace") + ("" if data.endswith(b"\n") else "\n"))
        return True
    except Exception:
        return False


PY2_HINTS = ("Missing parentheses in call to 'print'", "Missing parentheses in call to 'exec'",
             "multiple exception types must be parenthesized", "leading zeros in decimal integer literals")


def analyse(data):
    try:
        data.decode("utf-8")
        utf8 = True
    except UnicodeDecodeError:
        utf8 = False
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(data, type_comments=False)
    except SyntaxError as e:
        message = e.msg or "invalid syntax"
        if "encoding" in message or "codec" in message or isinstance(e, UnicodeError):
            status = "encoding"
        else:
            py2 = python2(data)
            if py2 is None:
                py2 = any(message.startswith(h) for h in PY2_HINTS)
            status = "python2" if py2 else "syntax"
        return {"status": status, "utf8": utf8,
                "error": {"message": message, "line": e.lineno or 1, "column": e.offset or 1}}
    except (ValueError, UnicodeError) as e:
        return {"status": "encoding", "utf8": utf8, "error": {"message": str(e), "line": 1, "column": 1}}
    pos = Positions(data)
    c = Collector(pos)
    c.visit(tree)
    references = []
    for n in c.names:
        target = c.bindings.get(n.id)
        if target is not None and target.split(".")[0] == "azureml":
            entry = dict(pos.at(n))
            entry.update({"name": n.id, "target": target})
            references.append(entry)
    for call in c.calls:
        call["target"] = resolve(c.bindings, call["func"])
    for d in c.decorators:
        d["target"] = resolve(c.bindings, d["text"])
    return {"status": "parsed", "utf8": utf8, "imports": c.imports, "calls": c.calls, "decorators": c.decorators,
            "references": references, "defined": module_names(tree), "insertAt": insert_at(pos, tree)}


def main():
    with open(sys.argv[1], "rb") as f:
        request = json.load(f)
    out = {}
    for item in request["files"]:
        out[item["key"]] = analyse(base64.b64decode(item["data"]))
    json.dump({"python": "%d.%d.%d" % sys.version_info[:3], "files": out}, sys.stdout, sort_keys=True)
    sys.stdout.write("\n")


main()
