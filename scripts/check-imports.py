#!/usr/bin/env python3
"""Checks that Package.swift declares exactly the modules each target imports, and that no module in
Sources/ imports one listed below it in docs/architecture.md's module table.

Also checks that docs/architecture.md's module diagram (the mermaid block after the line
`<!-- module diagram: scripts/check-imports.py --diagram -->`) is the one the imports give.

Usage: scripts/check-imports.py [PACKAGE_DIR]   (exit 1 and one line per problem when they disagree)
       scripts/check-imports.py --diagram [PACKAGE_DIR]   (prints the diagram)
"""
import json, os, re, subprocess, sys

arguments = [a for a in sys.argv[1:] if a != "--diagram"]
root = arguments[0] if arguments else os.path.join(os.path.dirname(__file__), "..")
# Modules of the toolchain and the system, never declared in Package.swift.
SYSTEM = {"Foundation", "FoundationEssentials", "FoundationNetworking", "Glibc", "Darwin", "Dispatch",
          "Testing", "XCTest", "Synchronization", "os", "Musl"}
IMPORT = re.compile(r"^\s*(?:@testable\s+|@_implementationOnly\s+|@preconcurrency\s+|public\s+|internal\s+|package\s+)*"
                    r"import\s+(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?([A-Za-z_][A-Za-z0-9_]*)")

manifest = json.loads(subprocess.run(["swift", "package", "--package-path", root, "dump-package"],
                                     check=True, capture_output=True, text=True).stdout)
problems = []
# Imports Package.swift cannot declare, each with its reason. Yams builds libyaml as its module CYaml
# but exports only the Yams product; DocumentShape walks libyaml's event stream before Yams composes
# (alias bombs and deep nesting do their harm while composing), which Yams' public API cannot do.
UNDECLARABLE = {("ScenarioModel", "CYaml")}


def declared(target):
    names = set()
    for dep in target["dependencies"]:
        kind, value = next(iter(dep.items()))
        names.add(value[0])
    return names


def imported(directory):
    found = {}
    for dirpath, _, files in os.walk(directory):
        for name in files:
            if not name.endswith(".swift"):
                continue
            path = os.path.join(dirpath, name)
            in_literal = False  # inside a multi-line string literal (the notebook's Python, say)
            for number, line in enumerate(open(path, encoding="utf-8"), 1):
                if line.count('"""') % 2 == 1:
                    in_literal = not in_literal
                    continue
                m = None if in_literal else IMPORT.match(line)
                if m and m.group(1) not in SYSTEM:
                    found.setdefault(m.group(1), f"{os.path.relpath(path, root)}:{number}")
    return found


for target in manifest["targets"]:
    if target["type"] in ("system", "binary", "plugin", "macro"):
        continue
    folder = target.get("path") or os.path.join("Tests" if target["type"] == "test" else "Sources", target["name"])
    uses = imported(os.path.join(root, folder))
    has = declared(target)
    for module, where in sorted(uses.items()):
        if module not in has and (target["name"], module) not in UNDECLARABLE:
            problems.append(f"{where}: {target['name']} imports {module}, which Package.swift does not declare for it")
    for module in sorted(has - set(uses)):
        if target["type"] == "test" and module in ("onestop",):
            continue  # CLI tests run the built binary: the dependency builds it, nothing imports it
        problems.append(f"Package.swift: {target['name']} declares {module} but no file of it imports it")

# The module order: the first column of docs/architecture.md's module table, top to bottom.
order = []
for line in open(os.path.join(root, "docs", "architecture.md"), encoding="utf-8"):
    m = re.match(r"^\|\s*`([A-Za-z_-]+)`\s*\|", line)
    if m:
        order.append(m.group(1))
rank = {name: i for i, name in enumerate(order)}
for target in manifest["targets"]:
    if target["type"] not in ("regular", "executable"):
        continue
    if target["name"] not in rank:
        problems.append(f"docs/architecture.md: the module table does not list {target['name']}")
        continue
    for module, where in sorted(imported(os.path.join(root, "Sources", target["name"])).items()):
        if module in rank and rank[module] >= rank[target["name"]]:
            problems.append(f"{where}: {target['name']} imports {module}, listed below it in docs/architecture.md")

def diagram():
    """Each Sources module and the project modules it imports, direct edges only, in table order."""
    lines = ["```mermaid", "graph BT"]
    for name in order:
        target = next((t for t in manifest["targets"] if t["name"] == name), None)
        if target is None or target["type"] == "system":
            continue
        uses = [m for m in imported(os.path.join(root, "Sources", name)) if m in rank]
        for module in sorted(uses, key=rank.get):
            lines.append(f"    {name.replace('-', '_')} --> {module.replace('-', '_')}")
    return "\n".join(lines + ["```"])


if "--diagram" in sys.argv:
    print(diagram())
    sys.exit(0)
text = open(os.path.join(root, "docs", "architecture.md"), encoding="utf-8").read()
marker = "<!-- module diagram: scripts/check-imports.py --diagram -->\n"
if marker not in text:
    problems.append("docs/architecture.md: no module diagram (" + marker.strip() + ")")
elif not text.split(marker, 1)[1].startswith(diagram() + "\n"):
    problems.append("docs/architecture.md: the module diagram differs from the imports; replace it with the output of scripts/check-imports.py --diagram")

for p in problems:
    print(p)
if problems:
    sys.exit(1)
print(f"imports agree with Package.swift and docs/architecture.md ({len(manifest['targets'])} targets)")
