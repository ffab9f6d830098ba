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
import shutil
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ccdb  # noqa: E402

DUMP_LINE = re.compile(r"^\s*Function: (.*?) calls:(.*)$")
STDERR_CAP = 4000


def clang_tu(clang, entry, path):
    args = [clang, "--analyze", "--analyzer-no-default-checks",
            "-Xclang", "-analyzer-checker=debug.DumpCallGraph",
            "-o", "/dev/null", "-w"] + ccdb.tu_flags(entry, path) + [
                # --analyze defines it; code under #ifdef __clang_analyzer__
                # (curl has some) is not what a compiler or canalyze sees.
                "-U__clang_analyzer__", path]
    proc = subprocess.run(args, cwd=entry["directory"], stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True, errors="replace")
    return path, proc.returncode, proc.stderr


def clang_edges(clang, dbpath, rawout):
    """Returns (edge set, caller names, TU count, failed TUs, per-TU Counters
    of call sites by edge: the dump lists a callee once per call expression)."""
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
    per_tu = []
    with ThreadPoolExecutor(max_workers=2) as pool, open(rawout, "w") as raw:
        for path, rc, err in pool.map(lambda j: clang_tu(clang, *j), jobs):
            raw.write("### %s (exit %d)\n%s" % (path, rc, err))
            if rc != 0:
                failed.append(path)
            sites = Counter()
            for line in err.splitlines():
                m = DUMP_LINE.match(line)
                if not m or m.group(1) == "< root >":
                    continue
                caller = m.group(1)
                nodes.add(caller)
                for callee in m.group(2).split():
                    edges.add((caller, callee))
                    sites[(caller, callee)] += 1
            per_tu.append(sites)
    return edges, nodes, len(jobs), failed, per_tu


BUILTIN_PREFIXES = ("__builtin_", "__sync_", "__atomic_", "__c11_atomic_")


def is_builtin(name):
    """canalyze leaves compiler builtins out of the call graph by design
    (frontend.c is_builtin); clang's dump lists them."""
    return name.startswith(BUILTIN_PREFIXES)


def canalyze_edges(canalyze, directory, jsonout):
    """Returns (edge set, functions by name, call-site Counter by edge,
    number of calls, number of indirect calls, duplicate call records, stderr)."""
    cmd = [canalyze, "--format", "json", directory]
    with open(jsonout, "w") as out:
        proc = subprocess.run(cmd, stdout=out, stderr=subprocess.PIPE,
                              text=True, errors="replace")
    if proc.returncode != 0:
        sys.stderr.write("canalyze exited %d: %s\n%s\n" % (
            proc.returncode, " ".join(map(shlex.quote, cmd)),
            "\n".join(proc.stderr[-STDERR_CAP:].splitlines()[-4:])))
    try:
        with open(jsonout) as f:
            doc = json.load(f)
    except ValueError as e:
        sys.stderr.write("canalyze JSON unreadable (%s)\n" % e)
        sys.exit(2)
    funcs = {fn["id"]: fn for fn in doc["functions"]}
    edges = set()
    records = Counter()
    indirect = 0
    for call in doc["calls"]:
        if call["kind"] != "direct" or call["callee"] is None:
            indirect += 1
            continue
        edge = (funcs[call["caller"]]["name"], funcs[call["callee"]]["name"])
        edges.add(edge)
        records[edge + (call["file"], call["line"], call["column"])] += 1
    # Two calls in one macro expansion share a position: each is a record.
    sites = Counter()
    for rec, n in records.items():
        sites[rec[:2]] += n
    dups = sum(n - 1 for n in records.values())
    byname = {}
    for fn in doc["functions"]:
        byname.setdefault(fn["name"], []).append(fn)
    return (edges, byname, sites, len(doc["calls"]), indirect, dups,
            proc.stderr)


def clang_sites(per_tu, byname):
    """Call sites per edge over the program: a caller defined in a header is
    one function seen by many TUs (max over TUs); otherwise TUs add up
    (static functions of the same name in several files)."""
    total = Counter()
    for sites in per_tu:
        for edge, n in sites.items():
            fns = byname.get(edge[0], [])
            if fns and all(fn["file"].endswith(".h") for fn in fns):
                total[edge] = max(total[edge], n)
            else:
                total[edge] += n
    return total


def cause(edge, byname, clang_nodes, side, sysdefs):
    """A short label saying why an edge may be on one side only."""
    caller, callee = edge
    if is_builtin(callee):
        return "callee is a compiler builtin (left out by design)"
    if caller in sysdefs:
        return "caller defined in a system header (library bodies not walked, by design)"
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


def section(title, edges, byname, clang_nodes, side, maxex, sysdefs):
    lines = ["", "%s: %d" % (title, len(edges))]
    groups = {}
    for edge in sorted(edges):
        groups.setdefault(cause(edge, byname, clang_nodes, side, sysdefs), []).append(edge)
    for label, items in sorted(groups.items(), key=lambda kv: -len(kv[1])):
        ex = ", ".join("%s -> %s" % e for e in items[:maxex])
        more = " ..." if len(items) > maxex else ""
        lines.append("- %s: %d (e.g. %s%s)" % (label, len(items), ex, more))
    return lines


def site_section(cl_sites, ca_sites, maxex):
    """Per common edge, clang's call-site count against canalyze's."""
    fewer, more = [], []
    for edge in sorted(set(cl_sites) & set(ca_sites)):
        d = ca_sites[edge] - cl_sites[edge]
        if d < 0:
            fewer.append((edge, cl_sites[edge], ca_sites[edge]))
        elif d > 0:
            more.append((edge, cl_sites[edge], ca_sites[edge]))
    lines = [""]
    for label, items in (("Edges where canalyze has fewer call sites", fewer),
                         ("Edges where canalyze has more call sites", more)):
        ex = ", ".join("%s -> %s (clang %d, canalyze %d)" % (e[0], e[1], a, b)
                       for e, a, b in items[:maxex])
        lines.append("- %s: %d%s" % (label, len(items),
                                     " (e.g. %s)" % ex if items else ""))
    return lines, sum(a - b for _, a, b in fewer), sum(b - a for _, a, b in more)


QUERY_ROOT = re.compile(r'^(.*?):(\d+):(\d+): note: "root" binds here')


def c_sources(dbpath):
    """The database's folder and its C sources (absolute, sorted, unique)."""
    with open(dbpath) as f:
        db = json.load(f)
    directory = os.path.dirname(os.path.abspath(dbpath))
    return directory, sorted({os.path.normpath(os.path.join(e["directory"], e["file"]))
                              for e in db if e["file"].endswith(".c")})


def run_query(query, directory, files, commands):
    """clang-query over FILES with -c COMMANDS; its stdout lines."""
    args = [query, "-p", directory] + files
    for c in commands:
        args += ["-c", c]
    proc = subprocess.run(args, cwd=directory, stdout=subprocess.PIPE,
                          stderr=subprocess.DEVNULL, text=True, errors="replace")
    return proc.stdout.splitlines()


def query_indirect(query, dbpath):
    """Indirect call sites (call expressions whose callee is not a function
    declaration) by clang-query, as a set of (real path, line, column)."""
    directory, files = c_sources(dbpath)
    lines = run_query(query, directory, files, [
        "set output diag",
        "match callExpr(unless(callee(functionDecl())), unless(isExpansionInSystemHeader()))"])
    sites = set()
    for line in lines:
        m = QUERY_ROOT.match(line)
        if m:
            sites.add((os.path.realpath(os.path.join(directory, m.group(1))),
                       int(m.group(2)), int(m.group(3))))
    return sites


QUERY_FUNC = re.compile(
    r"^FunctionDecl 0x[0-9a-f]+ .*?> \S+ (?:(?:used|referenced|implicit|invalid) )*"
    r"([A-Za-z_]\w*) '")


def query_system_defs(query, dbpath):
    """Names of the functions defined in system headers (glibc's extern
    inline wrappers such as atoi or tolower at -O2), by clang-query."""
    directory, files = c_sources(dbpath)
    lines = run_query(query, directory, files, [
        "set output dump",
        "match functionDecl(isDefinition(), isExpansionInSystemHeader())"])
    names = set()
    for line in lines:
        m = QUERY_FUNC.match(line)
        if m:
            names.add(m.group(1))
    return names


def pair_near(only_a, only_b, lines=12):
    """Pairs sites of the two sides that are in one file a few lines apart
    (clang reports a call written in a macro argument where it is spelled,
    canalyze at the macro's expansion site). Both sides may repeat a
    position. Returns (pairs, rest_a, rest_b)."""
    rest_b = sorted(only_b)
    pairs = []
    rest_a = []
    for a in sorted(only_a):
        near = [i for i, b in enumerate(rest_b) if b[0] == a[0] and abs(b[1] - a[1]) <= lines]
        if near:
            pairs.append((a, rest_b.pop(near[0])))
        else:
            rest_a.append(a)
    return pairs, rest_a, rest_b


INDIRECT_SUMMARY = {}
# A loop around call "c", as canalyze counts loops: a for's init clause runs
# once per entry, so a call in it is not inside that for.
NOT_IN_INIT = ('forStmt(unless(hasLoopInit(anyOf(callExpr(equalsBoundNode("c")),'
               ' hasDescendant(callExpr(equalsBoundNode("c")))))))')
# do { ... } while (0) runs once: canalyze does not count it as a loop.
ONCE = "doStmt(hasCondition(ignoringParenImpCasts(integerLiteral(equals(0)))))"
LOOP = "stmt(anyOf(whileStmt(), doStmt(unless(%s)), %s)" % (ONCE, NOT_IN_INIT)


def loop_matcher(depth, extra=""):
    """Calls (not builtins, not in system headers) under at least DEPTH loops."""
    inner = LOOP + ")"
    for _ in range(depth - 1):
        inner = "%s, hasAncestor(%s))" % (LOOP, inner)
    return ('callExpr(expr().bind("c"), unless(isExpansionInSystemHeader()),'
            ' unless(callee(functionDecl(matchesName("^::__builtin")))),'
            ' hasAncestor(%s)%s)' % (inner, extra))


QUERY_CALL = re.compile(r'^(.*?):(\d+):(\d+): note: "c" binds here')
QUERY_COUNT = re.compile(r"^\d+ match(es)?\.$")


def query_loop_sites(query, dbpath, maxdepth):
    """For depth 1..MAXDEPTH, a Counter of call positions under >= depth
    loops, by clang-query run per TU. clang-query matches a call inside an
    initializer list twice (the list's syntactic and semantic forms), so
    those are counted once. A position seen in several TUs (a header
    function) counts as in the TU where it is seen most."""
    directory, files = c_sources(dbpath)
    cmds = ["-c", "set output diag", "-c", "set bind-root false"]
    for depth in range(1, maxdepth + 1):
        cmds += ["-c", "match " + loop_matcher(depth),
                 "-c", "match " + loop_matcher(depth, ", hasAncestor(initListExpr())")]

    def one(path):
        proc = subprocess.run([query, "-p", directory, path] + cmds,
                              cwd=directory, stdout=subprocess.PIPE,
                              stderr=subprocess.DEVNULL, text=True, errors="replace")
        blocks = [Counter()]
        for line in proc.stdout.splitlines():
            m = QUERY_CALL.match(line)
            if m:
                blocks[-1][(os.path.realpath(os.path.join(directory, m.group(1))),
                            int(m.group(2)), int(m.group(3)))] += 1
            elif QUERY_COUNT.match(line.strip()):
                blocks.append(Counter())
        out = []
        for depth in range(maxdepth):
            sites = blocks[2 * depth] if 2 * depth < len(blocks) else Counter()
            twice = blocks[2 * depth + 1] if 2 * depth + 1 < len(blocks) else Counter()
            for pos, n in twice.items():
                sites[pos] -= n // 2
            out.append(sites)
        return out
    totals = [Counter() for _ in range(maxdepth)]
    with ThreadPoolExecutor(max_workers=2) as pool:
        for per_depth in pool.map(one, files):
            for total, sites in zip(totals, per_depth):
                for pos, n in sites.items():
                    total[pos] = max(total[pos], n)
    return totals


def expand(counter):
    """(position, k) for each of the counter's n records at a position."""
    return {pos + (k,) for pos, n in counter.items() for k in range(n)}


def loop_section(query, dbpath, directory, jsonout, maxdepth=3):
    """Calls under >= d loops: clang-query against canalyze's loop_depth.
    Records are matched by position; what is left is paired within a few
    lines (a call in a macro argument: clang gives the spelling, canalyze
    the expansion site). Returns markdown lines."""
    if not query:
        return []
    with open(jsonout) as f:
        doc = json.load(f)
    cells = []
    bad = 0
    by_depth = query_loop_sites(query, dbpath, maxdepth)
    for depth in range(1, maxdepth + 1):
        cq = expand(by_depth[depth - 1])
        ca = expand(Counter((os.path.realpath(os.path.join(directory, c["file"])),
                             c["line"], c["column"])
                            for c in doc["calls"] if c["loop_depth"] >= depth))
        only_cq = sorted(p[:3] for p in cq - ca)
        only_ca = sorted(p[:3] for p in ca - cq)
        pairs, rest_cq, rest_ca = pair_near(only_cq, only_ca)
        bad += len(rest_cq) + len(rest_ca)
        cells.append(">= %d: %d / %d (%d unpaired clang, %d unpaired canalyze)" % (
            depth, len(cq), len(ca), len(rest_cq), len(rest_ca)))
        if rest_cq or rest_ca:
            cells[-1] += " e.g. %s" % ", ".join(
                "%s:%d:%d" % (os.path.basename(p[0]), p[1], p[2])
                for p in (rest_cq + rest_ca)[:3])
    LOOP_SUMMARY["text"] = "%d unpaired" % bad
    return ["", "Calls by loop depth, clang-query (calls under nested"
            " `for`/`while`/`do`, a for's init clause outside its loop) / canalyze"
            " `loop_depth`: " + "; ".join(cells) + "."
            " (Unpaired: not at the same position, nor within 12 lines in one file.)"]


LOOP_SUMMARY = {}


def indirect_section(query, dbpath, directory, jsonout, maxex):
    if not query:
        return ["", "Indirect call sites: not checked (clang-query not found)."]
    cq = query_indirect(query, dbpath)
    with open(jsonout) as f:
        doc = json.load(f)
    ca = {(os.path.realpath(os.path.join(directory, c["file"])), c["line"], c["column"])
          for c in doc["calls"] if c["kind"] == "indirect"}
    pairs, cq_only, ca_only = pair_near(cq - ca, ca - cq)
    INDIRECT_SUMMARY["text"] = "%d / %d (%d only clang)" % (len(cq), len(ca), len(cq_only))
    short = lambda s: "%s:%d:%d" % (os.path.basename(s[0]), s[1], s[2])
    lines = ["", "Indirect call sites outside system headers, clang-query"
             " `callExpr(unless(callee(functionDecl())), unless(isExpansionInSystemHeader()))`"
             " vs canalyze `kind: indirect`: clang-query %d, canalyze %d, same position %d,"
             " a few lines apart (macro argument vs expansion site) %d,"
             " **only clang-query %d**, only canalyze %d." % (
                 len(cq), len(ca), len(cq & ca), len(pairs), len(cq_only), len(ca_only))]
    for label, items in (("only clang-query", cq_only), ("only canalyze", ca_only)):
        if items:
            lines.append("- %s: %s%s" % (label, ", ".join(short(s) for s in items[:maxex]),
                                          " ..." if len(items) > maxex else ""))
    if pairs:
        lines.append("- apart, e.g. %s" % ", ".join(
            "%s (clang) ~ %s (canalyze)" % (short(a), short(b)) for a, b in pairs[:3]))
    return lines


def main():
    if len(sys.argv) < 6:
        sys.exit(__doc__)
    name, directory, canalyze, clang, outdir = sys.argv[1:6]
    maxex = int(sys.argv[6]) if len(sys.argv) > 6 else 5
    os.makedirs(outdir, exist_ok=True)
    dbpath = os.path.join(directory, "compile_commands.json")
    cl_edges, cl_nodes, ntu, failed, per_tu = clang_edges(
        clang, dbpath, os.path.join(outdir, name + ".clang.txt"))
    ca_edges, byname, ca_sites, ncalls, nind, dups, ca_err = canalyze_edges(
        canalyze, directory, os.path.join(outdir, name + ".canalyze.json"))
    query = os.environ.get("CLANG_QUERY") or shutil.which("clang-query-19") or (
        "/usr/lib/llvm-19/bin/clang-query"
        if os.access("/usr/lib/llvm-19/bin/clang-query", os.X_OK) else None)
    sysdefs = query_system_defs(query, dbpath) if query else set()
    cl_sites = clang_sites(per_tu, byname)
    # Left out by design: builtin callees, callers that are library code.
    builtin = {e for e in cl_edges if is_builtin(e[1]) or e[0] in sysdefs}
    for e in builtin:
        cl_sites.pop(e, None)
    missing = cl_edges - ca_edges
    real_missing = missing - builtin
    extra = ca_edges - cl_edges
    with open(os.path.join(outdir, name + ".diff.txt"), "w") as f:
        for e in sorted(missing):
            f.write("missing %s -> %s\n" % e)
        for e in sorted(extra):
            f.write("extra %s -> %s\n" % e)
        for e in sorted(set(cl_sites) & set(ca_sites)):
            if cl_sites[e] != ca_sites[e]:
                f.write("sites %s -> %s clang %d canalyze %d\n" % (
                    e + (cl_sites[e], ca_sites[e])))
    sites_lines, fewer_n, more_n = site_section(cl_sites, ca_sites, maxex)
    ca_err_tus = re.search(r"(\d+) of \d+ translation units had errors", ca_err)
    out = ["### %s: canalyze direct edges vs clang DumpCallGraph" % name, "",
           "| TUs | clang edges (left out by design) | canalyze edges | common |"
           " **missing** (not by design) | extra | clang / canalyze direct call sites |"
           " TUs with errors: clang / canalyze |",
           "|---|---|---|---|---|---|---|---|",
           "| %d | %d (%d) | %d | %d | **%d** | %d | %d / %d | %d / %s |" % (
               ntu, len(cl_edges), len(builtin), len(ca_edges),
               len(cl_edges & ca_edges), len(real_missing), len(extra),
               sum(cl_sites.values()),
               sum(ca_sites.values()), len(failed),
               ca_err_tus.group(1) if ca_err_tus else "0")]
    out.append("")
    out.append("canalyze: %d call records, %d of them indirect; %d direct records share"
               " caller, callee and position with another (calls in one macro"
               " expansion)." % (ncalls, nind, dups))
    if failed:
        out.append("clang failed on %d TU(s): %s" % (
            len(failed), ", ".join(os.path.basename(p) for p in failed[:5])))
    if ca_err_tus:
        first = [l for l in ca_err.splitlines() if ": error: " in l
                 or ": fatal error: " in l][:3]
        out.append("canalyze reported TUs with errors; first: `%s`" %
                   "`, `".join(first))
    out += section("Missing edges (in clang, not in canalyze)", missing, byname,
                   cl_nodes, "missing", maxex, sysdefs)
    out += section("Extra edges (in canalyze, not in clang)", extra, byname,
                   cl_nodes, "extra", maxex, sysdefs)
    out += sites_lines
    out += indirect_section(query, dbpath, directory,
                            os.path.join(outdir, name + ".canalyze.json"), maxex)
    out += loop_section(query, dbpath, directory,
                        os.path.join(outdir, name + ".canalyze.json"))
    print("\n".join(out))
    with open(os.path.join(outdir, "summary.rows"), "a") as f:
        f.write("| %s | %d | %d | %d | %d | **%d** | %d | %d / %d | %s | %s | %s |\n" % (
            name, ntu, len(cl_edges), len(builtin), len(ca_edges), len(real_missing),
            len(extra), sum(cl_sites.values()), sum(ca_sites.values()),
            INDIRECT_SUMMARY.get("text", "-"), LOOP_SUMMARY.get("text", "-"),
            ca_err_tus.group(1) if ca_err_tus else "0"))
    sys.exit(1 if real_missing else 0)


if __name__ == "__main__":
    main()
