#!/usr/bin/env python3
"""hot_compare.py: static hotspot ranking vs allocations counted at run time.

usage: hot_compare.py NAME FINDINGS.json ALLOCS.txt MODULE [OUT.md]

FINDINGS.json is `canalyze --hotspots --format json` (all findings, ranked);
ALLOCS.txt is what tests/tools/hot_preload.c wrote while the program ran;
MODULE is the program binary (built with -g) whose frames are symbolised
with addr2line. Each run-time stack is attributed to the outermost frame
that is a static finding's site (same file, same line): the outermost-wrapper
call site canalyze reports. Prints a
markdown summary (and writes it to OUT.md): coverage, where the sites that
allocate most at run time rank in the static list, and the rank correlation.
"""
import json, os, subprocess, sys
from collections import defaultdict


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
    """offset -> [(file, line), ...] via addr2line -a -i, for return addresses
    (offset - 1): the call's location, innermost inlined function first, so
    an -O2 build whose wrappers were inlined still names the outer call."""
    offsets = sorted(offsets)
    if not offsets:
        return {}
    inp = "\n".join(hex(o - 1) for o in offsets) + "\n"
    out = subprocess.run(["addr2line", "-a", "-i", "-e", module], input=inp, capture_output=True,
                         text=True, check=True).stdout.splitlines()
    res, cur = {}, None
    for line in out:
        if line.startswith("0x"):
            cur = int(line, 16) + 1
            res[cur] = []
            continue
        file, _, num = line.rpartition(":")
        num = num.split(" ")[0]
        if cur is not None:
            res[cur].append((file, int(num) if num.isdigit() else 0))
    return res


def same_file(runtime_file, static_file):
    return runtime_file == static_file or runtime_file.endswith("/" + static_file)


def main():
    name, fjson, allocs, module = sys.argv[1:5]
    out_md = sys.argv[5] if len(sys.argv) > 5 else None
    findings = json.load(open(fjson))["findings"]
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
        # The outermost frame that is a finding's site: canalyze reports at the
        # outermost wrapper; an inner site can only be a wrapper no code calls
        # directly (Lua's l_alloc, reached through a pointer).
        hit = None
        for file, line in locs:
            for f in by_line.get(line, []):
                if same_file(file, f["file"]):
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
             "%d static findings; %d allocations at run time from the program, %d (%.1f%%) "
             "attributed to a static finding." % (len(findings), program_total, matched,
                                                   100.0 * matched / max(program_total, 1)), "",
             "| run-time rank | allocations | static rank | score | kind | site |",
             "|---:|---:|---:|---:|---|---|"]
    for i, (rank, c) in enumerate(runtime[:10], 1):
        f = byrank[rank]
        lines.append("| %d | %d | %d | %.2f | %s | %s:%d %s |" % (i, c, rank, f["score"], f["kind"],
                                                                 f["file"], f["line"], f["function"]))
    # Spearman's rho between static rank and run-time rank, over the findings
    # that allocated at all (ties broken by order; enough for a summary).
    if len(runtime) > 2:
        rt_rank = {rank: i for i, (rank, _) in enumerate(runtime)}
        st_sorted = sorted(rt_rank, key=lambda r: r)
        st_rank = {rank: i for i, rank in enumerate(st_sorted)}
        n = len(runtime)
        d2 = sum((rt_rank[r] - st_rank[r]) ** 2 for r in rt_rank)
        rho = 1 - 6.0 * d2 / (n * (n * n - 1))
        lines += ["", "Spearman rank correlation (static vs run-time, %d sites that allocated): %.2f" % (n, rho)]
    top5 = [rank for rank, _ in runtime[:5]]
    if top5:
        lines += ["", "The 5 sites that allocate most at run time have static ranks %s (of %d)."
                  % (", ".join(str(r) for r in top5), len(findings))]
    lines += ["", "The static top 10 and what they did at run time:", "",
              "| static rank | score | kind | site | allocations |", "|---:|---:|---|---|---:|"]
    for f in findings[:10]:
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
