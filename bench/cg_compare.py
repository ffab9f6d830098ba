#!/usr/bin/env python3
"""Compares canalyze's direct call edges with clang's own call graph.

clang side: for every .c TU of a compile_commands.json, run
  clang --analyze --analyzer-no-default-checks \
        -Xclang -analyzer-checker=debug.DumpCallGraph
with the TU's own flags and parse the dump on stderr
  ("  Function: CALLER calls: CALLEE CALLEE ...").
canalyze side: `canalyze --format json DIR` (DIR holds the
compile_commands.json); direct calls are mapped from ids to names.
Both become sets of (caller name, callee name) pairs, unioned over TUs, and
the differences are printed as a markdown section: counts, a breakdown of the
differences by cause, and the first examples of each.

Usage: cg_compare.py NAME DIR CANALYZE CLANG OUTDIR [MAX_EXAMPLES]
Writes OUTDIR/NAME.clang.txt (raw dumps), OUTDIR/NAME.canalyze.json and
OUTDIR/NAME.diff.txt (every missing/extra edge); prints markdown on stdout.
Exit status 0 when nothing is missing, 1 otherwise, 2 on a tool failure.
"""
import json
import os
import re
import shlex
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ccdb  # noqa: E402

DUMP_LINE = re.compile(r"^\s*Function: (.*?) calls:(.*)$")
STDERR_CAP = 4000


def clang_tu(clang, entry, path):
    args = [clang, "--analyze", "--analyzer-no-default-checks",
            "-Xclang", "-analyzer-checker=debug.DumpCallGraph",
            "-o", "/dev/null", "-w"] + ccdb.tu_flags(entry, path) + [path]
    proc = subprocess.run(args, cwd=entry["directory"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, errors="replace")
    return path, proc.returncode, proc.stderr


def clang_edges(clang, dbpath, rawout):
    with open(dbpath) as f:
        db = json.load(f)
    jobs = []
    seen = set()
    for entry in db:
        path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
        if path.endswith(".c") and path not in seen:
            seen.add(path)
            jobs.append((entry, path))
    edges = set()
    nodes = set()
    failed = []
    with ThreadPoolExecutor(max_workers=2) as pool, open(rawout, "w") as raw:
        for path, rc, err in pool.map(lambda j: clang_tu(clang, *j), jobs):
            raw.write("### %s (exit %d)\n%s" % (path, rc, err))
            if rc != 0:
                failed.append(path)
            for line in err.splitlines():
                m = DUMP_LINE.match(line)
                if not m or m.group(1) == "< root >":
                    continue
                caller = m.group(1)
                nodes.add(caller)
                for callee in m.group(2).split():
                    edges.add((caller, callee))
    return edges, nodes, len(jobs), failed


def canalyze_edges(canalyze, directory, jsonout):
    cmd = [canalyze, "--format", "json", directory]
    with open(jsonout, "w") as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE,
                              text=True, errors="replace")
    if proc.returncode != 0:
        sys.stderr.write("canalyze exited %d: %s\n%s\n" % (
            proc.returncode, " ".join(map(shlex.quote, cmd)),
            proc.stderr[:STDERR_CAP]))
    try:
        with open(jsonout) as f:
            doc = json.load(f)
    except ValueError as e:
        sys.stderr.write("canalyze JSON unreadable (%s)\n" % e)
        sys.exit(2)
    funcs = {fn["id"]: fn for fn in doc["functions"]}
    edges = set()
    indirect = 0
    for call in doc["calls"]:
        if call["kind"] != "direct" or call["callee"] is None:
            indirect += 1
            continue
        edges.add((funcs[call["caller"]]["name"], funcs[call["callee"]]["name"]))
    byname = {}
    for fn in doc["functions"]:
        byname.setdefault(fn["name"], []).append(fn)
    return edges, byname, len(doc["calls"]), indirect, proc.stderr


def cause(edge, byname, clang_nodes, side):
    """A short label saying why an edge may be on one side only."""
    caller, callee = edge
    if callee.startswith("__builtin") or callee.startswith("__atomic") \
            or callee.startswith("__sync"):
        return "callee is a compiler builtin"
    if side == "missing":
        if caller not in byname:
            return "caller unknown to canalyze"
        if callee not in byname:
            return "callee unknown to canalyze"
        return "both functions known, edge missing"
    fns = byname.get(callee, [])
    if fns and not any(fn["defined"] for fn in fns):
        return "callee undefined (declared only)"
    if caller not in clang_nodes:
        return "caller not in clang's graph"
    return "both in clang's graph, edge absent there"


def section(title, edges, byname, clang_nodes, side, maxex):
    lines = ["", "%s: %d" % (title, len(edges))]
    groups = {}
    for edge in sorted(edges):
        groups.setdefault(cause(edge, byname, clang_nodes, side), []).append(edge)
    for label, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        ex = ", ".join("%s -> %s" % e for e in items[:maxex])
        more = " ..." if len(items) > maxex else ""
        lines.append("- %s: %d (e.g. %s%s)" % (label, len(items), ex, more))
    return lines


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    name, directory, canalyze, clang, outdir = sys.argv[1:6]
    maxex = int(sys.argv[6]) if len(sys.argv) > 6 else 5
    os.makedirs(outdir, exist_ok=True)
    dbpath = os.path.join(directory, "compile_commands.json")
    cl_edges, cl_nodes, ntu, failed = clang_edges(
        clang, dbpath, os.path.join(outdir, name + ".clang.txt"))
    ca_edges, byname, ncalls, nind, ca_err = canalyze_edges(
        canalyze, directory, os.path.join(outdir, name + ".canalyze.json"))
    missing = cl_edges - ca_edges
    extra = ca_edges - cl_edges
    with open(os.path.join(outdir, name + ".diff.txt"), "w") as f:
        for e in sorted(missing):
            f.write("missing %s -> %s\n" % e)
        for e in sorted(extra):
            f.write("extra %s -> %s\n" % e)
    out = ["### %s: canalyze direct edges vs clang DumpCallGraph" % name, "",
           "| TUs | clang edges | canalyze edges | common | missing | extra |"
           " canalyze call sites (indirect) |",
           "|---|---|---|---|---|---|---|",
           "| %d | %d | %d | %d | %d | %d | %d (%d) |" % (
               ntu, len(cl_edges), len(ca_edges), len(cl_edges & ca_edges),
               len(missing), len(extra), ncalls, nind)]
    if failed:
        out.append("")
        out.append("clang failed on %d TU(s): %s" % (
            len(failed), ", ".join(os.path.basename(p) for p in failed[:5])))
    out += section("Missing (in clang, not in canalyze)", missing, byname,
                   cl_nodes, "missing", maxex)
    out += section("Extra (in canalyze, not in clang)", extra, byname,
                   cl_nodes, "extra", maxex)
    print("\n".join(out))
    sys.exit(1 if missing else 0)


if __name__ == "__main__":
    main()
