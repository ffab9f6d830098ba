#!/usr/bin/env python3
"""hot_compare.py: static hotspot ranking vs allocations counted at run time.

usage: hot_compare.py NAME FINDINGS.json ALLOCS.txt MODULE [OUT.md] [--summary TSV] [--rows N]

FINDINGS.json is `canalyze --hotspots --format json` (all findings, ranked);
ALLOCS.txt is what tests/tools/hot_preload.c wrote while the program ran;
MODULE is the program binary (built with -g) whose frames are symbolised
with addr2line. Each run-time stack is attributed to the innermost frame
that is a static finding's site (same file, same line, unless the frame it
called is another call of that line). canalyze reports an allocation at
the outermost wrapper's call site and lists no call inside a wrapper that
hands the memory on, so the innermost finding on a stack is the one whose
estimate covers the block; a site listed on its own (a loop inside a
constructor, a parser below its entry point) keeps its blocks. The one
exception: a wrapper the call graph gives no caller (reached only through
a pointer, as Lua's l_alloc without --pointer) keeps its inner site as a
stand-in, and a finding further out on the stack takes the block. Prints a
markdown summary (and writes it to OUT.md): coverage, where the sites that
allocate most at run time rank in the static list, and the rank correlation.
Only allocation findings count (not locks, I/O or memset clears).

Findings in .c files the binary was not built from (its debug information's
sources, llvm-dwarfdump --show-sources) are left out of the ranking: a
tree that builds several programs (Redis's server, redis-cli and
redis-benchmark) has findings in the other programs' own files, which
this program's run cannot reach. A binary without debug sources keeps
every finding.

precision@10: of the static top 10 allocation findings, how many sites make
at least 1% of the blocks the program allocated at run time. Blocks in the
top 10 and top 50: the share of those blocks made at the sites of the
static top 10 and top 50 allocation findings.
--rows N lists N sites in each table (default 10).
--summary TSV appends one line: NAME, hits, of, Spearman, sites, attributed%,
sites >= 1% (the most precision@10 can count), blocks in the top 10, in the
top 50.
"""
import json, os, subprocess, sys
from collections import defaultdict


ALLOC_KINDS = {"alloc", "small-alloc", "realloc-growth", "transient-alloc", "growth-retry",
               "reused-buffer", "geometric-growth", "cache-fill"}
TOP, SHARE = 10, 0.01
COVER = (10, 50)  # blocks made at the sites of the static top N


def spearman(xs, ys):
    """Spearman's rho with average ranks for ties."""
    def ranks(v):
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2.0
            i = j + 1
        return r
    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0


def load_stacks(path, module):
    stacks, total = [], 0
    for line in open(path):
        if line.startswith("#"):
            continue
        parts = line.split()
        count, frames = int(parts[0]), []
        for f in parts[1:]:
            mod, _, off = f.rpartition("+0x")
            frames.append((mod, int(off, 16)))
        stacks.append((count, frames))
        total += count
    return stacks, total


def symbolise(module, offsets):
    """offset -> [(file, line, function), ...] via addr2line -a -i -f, for
    return addresses (offset - 1): the call's location and the function it
    is in, innermost inlined function first, so an -O2 build whose wrappers
    were inlined still names the outer call."""
    offsets = sorted(offsets)
    if not offsets:
        return {}
    inp = "\n".join(hex(o - 1) for o in offsets) + "\n"
    out = subprocess.run(["addr2line", "-a", "-i", "-f", "-e", module], input=inp, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    res, cur, func = {}, None, None
    for line in out:
        if line.startswith("0x"):
            cur, func = int(line, 16) + 1, None
            res[cur] = []
            continue
        if func is None:               # -f: the function's name comes first
            func = line.strip()
            continue
        file, _, num = line.rpartition(":")
        num = num.split(" ")[0]
        if cur is not None:
            res[cur].append((file, int(num) if num.isdigit() else 0, func))
        func = None
    return res


def same_file(runtime_file, static_file):
    return runtime_file == static_file or runtime_file.endswith("/" + static_file)


def built_sources(module):
    """The .c files the binary's debug information names, or None."""
    for tool in ("llvm-dwarfdump-19", "llvm-dwarfdump"):
        try:
            out = subprocess.run([tool, "--show-sources", module], capture_output=True, text=True,
                                 check=True).stdout
        except (OSError, subprocess.CalledProcessError):
            continue
        files = {line.strip() for line in out.splitlines() if line.strip().endswith(".c")}
        return files or None
    return None


def in_program(f, built):
    """A header's function (a static inline) may be in any program."""
    return built is None or not f["file"].endswith(".c") or any(same_file(b, f["file"]) for b in built)


def main():
    args = sys.argv[1:]
    summary = None
    if "--summary" in args:
        i = args.index("--summary")
        summary = args[i + 1]
        del args[i:i + 2]
    rows = 10
    if "--rows" in args:
        i = args.index("--rows")
        rows = int(args[i + 1])
        del args[i:i + 2]
    name, fjson, allocs, module = args[:4]
    out_md = args[4] if len(args) > 4 else None
    report = json.load(open(fjson))
    built = built_sources(module)
    findings = [f for f in report["findings"] if f["kind"] in ALLOC_KINDS]
    elsewhere = [f for f in findings if not in_program(f, built)]
    findings = [f for f in findings if in_program(f, built)]
    names = {fn["id"]: fn["name"] for fn in report.get("functions", [])}
    # canalyze's wrappers; a report from before the "allocators" member
    # (commit 7f65770, say) lets any function stand in.
    wrappers = ({a["function"] for a in report["allocators"]} if "allocators" in report
                else set(names.values()))
    called = {names[c["callee"]] for c in report.get("calls", []) if c.get("callee") in names}
    callees_at = defaultdict(lambda: defaultdict(set))  # (file, line) -> column -> callees
    for c in report.get("calls", []):
        if c.get("callee") in names:
            callees_at[(c.get("file"), c.get("line"))][c.get("column")].add(names[c["callee"]])

    def calls_it(f, line, inner):
        """False when inner is called on f's line by another call than f's."""
        at = callees_at.get((f["file"], line), {})
        own = at.get(f.get("column"), set()) | {f.get("callee")}
        return inner in own or not any(inner in cs for col, cs in at.items() if col != f.get("column"))
    by_line = defaultdict(list)
    for f in findings:
        by_line[f["line"]].append(f)
    module = os.path.realpath(module)
    stacks, total = load_stacks(allocs, module)
    mine = {off for _, fr in stacks for mod, off in fr if os.path.realpath(mod) == module}
    where = symbolise(module, mine)

    counts = defaultdict(int)          # finding rank -> allocations
    unmatched = defaultdict(int)       # innermost program frame -> allocations
    program_total = 0
    for count, frames in stacks:
        locs = [loc for mod, off in frames if os.path.realpath(mod) == module and off in where
                for loc in where[off]]
        if not locs:
            continue                   # the C library or loader allocating for itself
        program_total += count
        # The findings on the stack, innermost first. A frame on a finding's
        # line is not that finding's site when the frame it called is
        # another call of the same line
        # (acceptCommonHandler(connCreateAcceptedSocket(fd), ..)): only a
        # contradiction rejects, as tail calls and inlining may hide the
        # callee's own frame.
        hits = []
        for k, (file, line, _) in enumerate(locs):
            inner = locs[k - 1][2] if k else None
            for f in by_line.get(line, []):
                if not same_file(file, f["file"]):
                    continue
                if inner and not calls_it(f, line, inner):
                    continue
                hits.append(f)
                break
        # The innermost, unless it stands in for a wrapper with no known caller.
        hit = None
        for i, f in enumerate(hits):
            if i + 1 < len(hits) and f["function"] in wrappers and f["function"] not in called:
                continue
            hit = f
            break
        if hit:
            counts[hit["rank"]] += count
        else:
            unmatched["%s:%d" % (os.path.basename(locs[0][0]), locs[0][1])] += count

    matched = sum(counts.values())
    runtime = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    byrank = {f["rank"]: f for f in findings}
    lines = ["### %s" % name, "",
             "%d static findings%s; %d allocations at run time from the program, %d (%.1f%%) "
             "attributed to a static finding." % (
                 len(findings), " (and %d in files the program is not built from, left out)"
                 % len(elsewhere) if elsewhere else "", program_total, matched,
                 100.0 * matched / max(program_total, 1)), "",
             "| run-time rank | allocations | static rank | score | kind | site |",
             "|---:|---:|---:|---:|---|---|"]
    for i, (rank, c) in enumerate(runtime[:rows], 1):
        f = byrank[rank]
        lines.append("| %d | %d | %d | %.2f | %s | %s:%d %s |" % (i, c, rank, f["score"], f["kind"],
                                                                 f["file"], f["line"], f["function"]))
    # Spearman's rho between static score and run-time count, over the
    # findings that allocated at all.
    rho = None
    if len(runtime) > 2:
        rho = spearman([byrank[r]["score"] for r, _ in runtime], [c for _, c in runtime])
        lines += ["", "Spearman rank correlation (static vs run-time, %d sites that allocated): %.2f"
                  % (len(runtime), rho)]
    top = findings[:TOP]
    hits = sum(1 for f in top if counts.get(f["rank"], 0) >= SHARE * max(program_total, 1))
    lines += ["", "precision@%d: %d/%d of the static top %d allocation findings make >= 1%% of "
              "the blocks." % (TOP, hits, len(top), TOP)]
    # How many sites reach the threshold at all: the most precision@10 can count.
    ceiling = sum(1 for _, c in runtime if c >= SHARE * max(program_total, 1))
    lines += ["", "Sites that make >= 1%% of the blocks: %d." % ceiling]
    # The blocks made at the sites of the static top N: how much of the
    # run's allocation the top of the report points at, whatever the 1% line.
    covered = {n: 100.0 * sum(counts.get(f["rank"], 0) for f in findings[:n]) / max(program_total, 1)
               for n in COVER}
    lines += ["", "Blocks made at the sites of the static top %s: %s." % (
        ", ".join(str(n) for n in COVER), ", ".join("%.0f%%" % covered[n] for n in COVER))]
    if summary:
        with open(summary, "a") as s:
            s.write("%s\t%d\t%d\t%s\t%d\t%.1f%%\t%d\t%s\n" % (
                name, hits, len(top), "%.2f" % rho if rho is not None else "-", len(runtime),
                100.0 * matched / max(program_total, 1), ceiling,
                "\t".join("%.0f%%" % covered[n] for n in COVER)))
    top5 = [rank for rank, _ in runtime[:5]]
    if top5:
        lines += ["", "The 5 sites that allocate most at run time have static ranks %s (of %d)."
                  % (", ".join(str(r) for r in top5), len(findings))]
    lines += ["", "The static top %d and what they did at run time:" % rows, "",
              "| static rank | score | kind | site | allocations |", "|---:|---:|---|---|---:|"]
    for f in findings[:rows]:
        lines.append("| %d | %.2f | %s | %s:%d %s | %d |" % (f["rank"], f["score"], f["kind"], f["file"],
                                                          f["line"], f["function"], counts.get(f["rank"], 0)))
    if unmatched:
        worst = sorted(unmatched.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
        lines += ["", "Not attributed (innermost program frame): " +
                  ", ".join("%s (%d)" % kv for kv in worst)]
    text = "\n".join(lines) + "\n"
    sys.stdout.write(text)
    if out_md:
        open(out_md, "w").write(text)


if __name__ == "__main__":
    main()
