#!/usr/bin/env python3
"""The layout corpus: how a user's conda file comes out of a migration, against azureml-core.

    python conformance/layout_corpus.py make DIR [COUNT [SEED]]   # write DIR/<case>/input.yml, target.json
    python conformance/layout_corpus.py check DIR          # compare DIR/<case>/ours.yml with the SDK

`make` writes COUNT (default 400) conda files laid out the ways users lay them out (key order,
indented or not, comments at the end of lines, on lines of their own, before the first item,
blank and whitespace-only lines, a header, quotes, CRLF line ends, no final newline, the
`pip:` section anywhere, `[a, b]` lists) and, for each, the lists a migration brings it to (a Python pin raised,
a spec changed in place, an item removed or added, pip options set, channels changed, or
nothing), from a fixed seed. A few use YAML image2env does not lay out (escapes in double
quotes): there image2env falls back to writing the file from its parts, and target.json says so
("supported": false).

Between the two, the Swift test EnvironmentSpecTests.CondaLayoutCorpus writes ours.yml (or
ours.unsupported).

`check` loads each input.yml with azureml-core's CondaDependencies (ruamel.yaml's round trip,
as Environment.from_conda_specification does), makes the same changes with the SDK's methods
(add_conda_package, add_pip_package, set_pip_option, add_channel) and ruamel's own list
operations (an item replaced in place, as set_python_version does; deleted with pop, as
_remove_from_list does; the comments of a list left empty dropped, where image2env deliberately
differs from the SDK, whose writer breaks such a file), saves it with Environment.save_to_directory and compares the bytes of
conda_dependencies.yml with ours.yml. Prints FAIL lines and closes with
"layout: N passed, M failed"; exits 1 on any failure.
"""
import json
import os
import random
import re
import shutil
import sys
import tempfile
import warnings

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tally import Tally  # noqa: E402

warnings.filterwarnings("ignore")

CONDA = ["numpy=1.16.4", "pandas=0.24.2", "scikit-learn=0.20.3", "pip", "lightgbm", "pillow=6.0.0",
         "conda-forge::py-xgboost=0.82", "libgcc-ng>=7.3", "numpy 1.16.*"]
PIP = ["azureml-defaults==1.0.45", "inference-schema[numpy-support]==1.0.2", "contoso-churn-features==0.3.1",
       "joblib", "Flask>=1.0,<2", "azureml-monitoring==0.1.0a21", "requests"]
OPTIONS = ["--index-url https://pkgs.dev.azure.com/contoso/_packaging/ml-feed/pypi/simple/",
           "--extra-index-url https://pypi.contoso.example/simple", "--trusted-host pypi.contoso.example"]
CHANNELS = ["conda-forge", "defaults", "anaconda", "pytorch"]
PYTHONS = ["python=3.6.8", "python=3.7", "python=3.6.2", "python>=3.5", "python=3.8.13"]
COMMENTS = ["# pinned for the model", "# TODO: drop", "#no space", "# trailing spaces   ", "# üñí ©"]


def package_name(spec):
    """As PackageSpec.name: lower case, channel:: prefix and version or extras cut."""
    spec = spec.strip()
    if "::" in spec:
        spec = spec.split("::", 1)[1]
    return re.split(r"[=<>!~ \[;@\t]", spec)[0].lower()


class Writer(object):
    """Lines of one conda file, with the comments and blank lines sprinkled around items."""

    def __init__(self, rng):
        self.rng = rng
        self.lines = []

    def maybe_lines(self, indent):
        r = self.rng.random()
        if r < 0.12:
            self.lines.append("")
        elif r < 0.18:
            self.lines.append(" " * self.rng.choice([1, 2, 4]))
        elif r < 0.30:
            self.lines.append(" " * self.rng.choice([0, indent, indent + 2]) + self.rng.choice(COMMENTS))
        elif r < 0.34:
            self.lines.append("")
            self.lines.append(" " * indent + self.rng.choice(COMMENTS))

    def item(self, indent, text):
        quoted = self.rng.random() < 0.1 and ":" not in text and "'" not in text
        value = "'%s'" % text if quoted else text
        eol = ""
        if self.rng.random() < 0.25:
            eol = " " * self.rng.choice([1, 2, 5]) + self.rng.choice(COMMENTS)
        self.lines.append(" " * indent + "- " + value + eol)
        self.maybe_lines(indent)

    def key(self, indent, name, value=None):
        eol = ""
        if self.rng.random() < 0.15:
            eol = " " * self.rng.choice([1, 2]) + self.rng.choice(COMMENTS)
        self.lines.append(" " * indent + name + ":" + ((" " + value) if value is not None else "") + eol)
        if value is None and self.rng.random() < 0.15:
            self.lines.append(" " * self.rng.choice([0, indent + 2]) + self.rng.choice(COMMENTS))


def make_case(rng):
    """One conda file and the parts it has (conda packages, pip packages, options, channels)."""
    w = Writer(rng)
    supported = True
    if rng.random() < 0.05:
        w.lines += ["", ""]
    if rng.random() < 0.4:
        w.lines.append("# Conda environment for a scoring service.")
        if rng.random() < 0.5:
            w.lines.append("")
            w.lines.append("# Details: https://conda.io/docs/user-guide/tasks/manage-environments.html")
        if rng.random() < 0.5:
            w.lines.append("")
    name = rng.choice([None, "project_environment", "churn-scoring", "my env"])
    channels = rng.sample(CHANNELS, rng.choice([0, 1, 2, 3]))
    conda = [rng.choice(PYTHONS)] + rng.sample(CONDA, rng.choice([0, 1, 2, 4]))
    rng.shuffle(conda)
    pip = rng.sample(PIP, rng.choice([0, 1, 2, 4]))
    options = rng.sample(OPTIONS, rng.choice([0, 0, 1, 2]))
    pip_lines = options + pip
    if rng.random() < 0.3:
        rng.shuffle(pip_lines)
    keys = ["dependencies"] + (["name"] if name is not None else []) + (["channels"] if channels else [])
    rng.shuffle(keys)
    pip_at = rng.randint(0, len(conda)) if pip_lines else None
    flow = rng.random() < 0.15
    pip_flow = rng.random() < 0.1 and not any(line.startswith("-") or "[" in line for line in pip_lines)
    for key in keys:
        if key == "name":
            w.key(0, "name", name)
            w.maybe_lines(0)
        elif key == "channels":
            if flow:
                eol = (" " * rng.choice([1, 2]) + rng.choice(COMMENTS)) if rng.random() < 0.4 else ""
                w.lines.append("channels: [%s]%s" % (", ".join(channels), eol))
                w.maybe_lines(0)
                continue
            w.key(0, "channels")
            indent = rng.choice([0, 2, 4])
            for c in channels:
                w.item(indent, c)
        else:
            w.key(0, "dependencies")
            indent = rng.choice([0, 2, 2, 4])
            for i, spec in enumerate(conda + [None]):
                if i == pip_at:
                    pip_eol = (" " * rng.choice([1, 2]) + rng.choice(COMMENTS)) if rng.random() < 0.2 else ""
                    w.lines.append(" " * indent + "- pip:" + pip_eol)
                    if pip_flow:
                        w.lines[-1] = " " * indent + "- pip: [%s]%s" % (", ".join(pip_lines), pip_eol)
                        w.maybe_lines(indent)
                    else:
                        nested = indent + 2 + rng.choice([0, 0, 2])
                        if rng.random() < 0.2:
                            w.lines.append(" " * rng.choice([nested, nested + 2]) + rng.choice(COMMENTS))
                        for line in pip_lines:
                            w.item(nested, line)
                if spec is not None:
                    if rng.random() < 0.05:
                        escaped = "=" in spec and rng.random() < 0.4
                        w.lines.append(" " * indent + '- "%s"' % (spec.replace("=", "\\x3d", 1) if escaped else spec))
                        supported = supported and not escaped
                        w.maybe_lines(indent)
                    else:
                        w.item(indent, spec)
    w.lines += rng.choice([[], [], [], [""], ["", ""], ["   "], ["# end of file"]])
    text = "\n".join(w.lines) + ("\n" if rng.random() < 0.92 else "")
    if rng.random() < 0.06:
        text = text.replace("\n", "\r\n")
    parts = dict(name=name, channels=channels, conda_packages=conda, pip_packages=pip, pip_options=options)
    return text, parts, supported


def mutate(rng, parts):
    """The lists a migration brings the file to: a few of the changes rules and the solver make."""
    t = json.loads(json.dumps(parts))
    for _ in range(rng.choice([0, 1, 1, 2, 3])):
        op = rng.choice(["python", "python", "conda-spec", "conda-remove", "conda-add", "pip-spec", "pip-remove",
                         "pip-add", "option-set", "option-add", "option-remove", "channel-remove", "channel-add",
                         "pip-clear", "name", "conda-to-pip"])
        conda, pip = t["conda_packages"], t["pip_packages"]
        if op == "python":
            for i, spec in enumerate(conda):
                if package_name(spec) == "python":
                    conda[i] = rng.choice(["python=3.8", "python=3.10.18", "python==3.9.19"])
        elif op == "conda-spec":
            others = [i for i, s in enumerate(conda) if package_name(s) not in ("python", "pip")]
            if others:
                i = rng.choice(others)
                conda[i] = package_name(conda[i]) + "==1.26.4"
        elif op == "conda-remove":
            others = [i for i, s in enumerate(conda) if package_name(s) != "python"]
            if others:
                del conda[rng.choice(others)]
        elif op == "conda-add":
            new = rng.choice(["scipy=1.10.1", "libstdcxx-ng", "zlib"])
            if package_name(new) not in map(package_name, conda):
                conda.append(new)
        elif op == "pip-spec" and pip:
            i = rng.randrange(len(pip))
            pip[i] = package_name(pip[i]) + "==9.9.9"
        elif op == "pip-remove" and pip:
            del pip[rng.randrange(len(pip))]
        elif op == "pip-add":
            new = rng.choice(["azureml-inference-server-http==1.5.1", "mlflow", "azureml-defaults"])
            if package_name(new) not in map(package_name, pip):
                pip.append(new)
        elif op == "option-set" and t["pip_options"]:
            i = rng.randrange(len(t["pip_options"]))
            t["pip_options"][i] = t["pip_options"][i].split()[0] + " https://mirror.contoso.example/simple"
        elif op == "option-add":
            opt = "--pre"
            if opt not in t["pip_options"]:
                t["pip_options"].append(opt)
        elif op == "option-remove" and t["pip_options"]:
            del t["pip_options"][rng.randrange(len(t["pip_options"]))]
        elif op == "channel-remove" and t["channels"]:
            del t["channels"][rng.randrange(len(t["channels"]))]
        elif op == "channel-add":
            if "nvidia" not in t["channels"]:
                t["channels"].append("nvidia")
        elif op == "pip-clear":
            del pip[:]
        elif op == "name" and t["name"] is not None:
            t["name"] = "renamed"
        elif op == "conda-to-pip":
            movable = [i for i, s in enumerate(conda) if package_name(s) not in ("python", "pip")]
            if movable:
                spec = conda.pop(rng.choice(movable))
                if package_name(spec) not in map(package_name, pip):
                    pip.append(package_name(spec) + "==1.0.0")
    return t


def make(out, count, seed=20261116):
    if os.path.exists(out):
        shutil.rmtree(out)
    os.makedirs(out)
    rng = random.Random(seed)
    for n in range(count):
        text, parts, supported = make_case(rng)
        target = mutate(rng, parts)
        target["supported"] = supported
        folder = os.path.join(out, "case-%04d" % n)
        os.makedirs(folder)
        with open(os.path.join(folder, "input.yml"), "w", encoding="utf-8", newline="") as f:
            f.write(text)
        with open(os.path.join(folder, "target.json"), "w", encoding="utf-8") as f:
            json.dump(target, f, indent=2, ensure_ascii=False)
    print("wrote %d cases to %s" % (count, out))


def sdk_file(input_path, target):
    """What azureml-core writes for the file brought to the target lists (see the module doc)."""
    import azureml.core  # noqa: F401
    from azureml.core.conda_dependencies import CondaDependencies

    return saved(reconcile(CondaDependencies(input_path), target))


def target_of(path):
    """The lists of a conda file as azureml-core reads them (name, channels, packages, options)."""
    import azureml.core  # noqa: F401
    from azureml.core.conda_dependencies import CondaDependencies

    cd = CondaDependencies(path)
    return dict(name=cd._conda_dependencies.get("name"), channels=list(cd.conda_channels),
                conda_packages=list(cd.conda_packages), pip_packages=list(cd.pip_packages),
                pip_options=list(cd.pip_options))


def reconcile(cd, target):
    """CondaDependenciesSpec.reconciled, made with the SDK's methods and ruamel's list operations."""
    d = cd._conda_dependencies
    if d.get("name") != target["name"]:
        if target["name"] is None:
            del d["name"]
        else:
            d["name"] = target["name"]
    if "channels" in d:
        keep = match(list(d["channels"]), target["channels"], lambda s: s)[0]
        for i in reversed(range(len(keep))):
            if keep[i] is None:
                d["channels"].pop(i)
    for channel in match(list(d.get("channels") or []), target["channels"], lambda s: s)[1]:
        cd.add_channel(channel)
    deps = d.get("dependencies")
    if deps is not None:
        positions = [i for i, item in enumerate(deps) if isinstance(item, str)]
        decisions, added = match([deps[i] for i in positions], target["conda_packages"], package_name)
        for i, decision in reversed(list(zip(positions, decisions))):
            if decision is None:
                deps.pop(i)
            elif decision != deps[i]:
                deps[i] = decision
    else:
        added = list(target["conda_packages"])
    for spec in added:
        cd.add_conda_package(spec)
    deps = d.get("dependencies") or []
    sections = [item for item in deps if isinstance(item, dict) and "pip" in item]
    new_options, new_packages = list(target["pip_options"]), list(target["pip_packages"])
    if sections:
        lines = sections[-1]["pip"]
        options = [(i, s) for i, s in enumerate(lines) if s.startswith("-")]
        packages = [(i, s) for i, s in enumerate(lines) if not s.startswith("-")]
        o_dec, new_options = match([s for _, s in options], target["pip_options"], lambda s: s.split()[0])
        p_dec, new_packages = match([s for _, s in packages], target["pip_packages"], package_name)
        changes = sorted([(i, d_) for (i, _), d_ in zip(options, o_dec)] + [(i, d_) for (i, _), d_ in zip(packages, p_dec)])
        for i, decision in reversed(changes):
            if decision is None:
                lines.pop(i)
            elif decision != lines[i]:
                lines[i] = decision
    for option in new_options:
        cd.set_pip_option(option)
    for package in new_packages:
        cd.add_pip_package(package)
    # A list emptied with comments on it (after `key:`, before its first item) makes ruamel's
    # emitter write a broken file (`[]` on a line of its own, a later line break lost): image2env
    # drops those comments with the last item, and so does this reference.
    forget_comments_if_empty(d, "channels")
    for item in d.get("dependencies") or []:
        if isinstance(item, dict) and "pip" in item:
            forget_comments_if_empty(item, "pip")
    return cd


def saved(cd):
    """The bytes of conda_dependencies.yml that Environment.save_to_directory writes for cd."""
    from azureml.core import Environment

    env = Environment("layout")
    env.python.conda_dependencies = cd
    folder = tempfile.mkdtemp()
    try:
        env.save_to_directory(os.path.join(folder, "env"))
        with open(os.path.join(folder, "env", "conda_dependencies.yml"), "rb") as f:
            return f.read()
    finally:
        shutil.rmtree(folder)


def forget_comments_if_empty(mapping, key):
    seq = mapping.get(key)
    if seq is not None and len(seq) == 0:
        if hasattr(seq, "ca"):
            seq.ca.comment = None
        item = mapping.ca.items.get(key) if hasattr(mapping, "ca") else None
        if item:
            item[2] = item[3] = None


def match(old, target, same):
    """CondaDependenciesSpec.match: exact matches first, then a same-named spec in place."""
    taken = [False] * len(target)
    decisions = [None] * len(old)
    for i, spec in enumerate(old):
        for j, t in enumerate(target):
            if not taken[j] and t == spec:
                taken[j] = True
                decisions[i] = spec
                break
    for i, spec in enumerate(old):
        if decisions[i] is None:
            for j, t in enumerate(target):
                if not taken[j] and same(t) == same(spec):
                    taken[j] = True
                    decisions[i] = t
                    break
    return decisions, [t for j, t in enumerate(target) if not taken[j]]


def check(out):
    tally = Tally()
    unsupported = 0
    for name in sorted(os.listdir(out)):
        folder = os.path.join(out, name)
        with open(os.path.join(folder, "target.json"), encoding="utf-8") as f:
            target = json.load(f)
        ours_path = os.path.join(folder, "ours.yml")
        if os.path.exists(os.path.join(folder, "ours.unsupported")):
            unsupported += 1
            tally.check(not target["supported"], "%s: laid out from its parts only where the YAML is outside the subset" % name)
            continue
        if not os.path.exists(ours_path):
            tally.check(False, "%s: the Swift test wrote ours.yml" % name)
            continue
        with open(ours_path, "rb") as f:
            ours = f.read()
        theirs = sdk_file(os.path.join(folder, "input.yml"), target)
        if ours != theirs:
            with open(os.path.join(folder, "sdk.yml"), "wb") as f:
                f.write(theirs)
        tally.check(ours == theirs, "%s: conda_dependencies.yml equals azureml-core's, byte for byte" % name)
    print("layout: %d cases laid out from their parts (outside the subset)" % unsupported)
    result = tally.close()
    return result


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "make":
        make(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 400, int(sys.argv[4]) if len(sys.argv) > 4 else 20261116)
    elif len(sys.argv) == 3 and sys.argv[1] == "check":
        sys.exit(check(sys.argv[2]))
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
