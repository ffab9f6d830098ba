#!/usr/bin/env python3
"""edge_compare.py REPORT.json CALLGRIND.out... : where the estimate across
functions goes wrong, call edge by call edge.

REPORT is `canalyze --hotspots --format json --call-frequencies`; the
callgrind files come from a run of the same program (callgrind's call
records: fn= caller, cfn= callee, calls= count). For each edge caller ->
callee the estimate is 10^heat(caller) times the sum over its call sites
of their runs per entry (call_frequencies' per_entry; 1 for a call on no
side and in no loop), as hot_heat.c would pass it on if paths were not
cut and cycles not damped. Its error, in log10, splits in two:

  upstream = heat(caller) - log10 calls(caller)
  local    = log10 per-entry sum - log10 (edge calls / calls(caller))

upstream is what the caller brings; local is what the caller's own code
adds (its sides and loops). For the functions the estimate overrates
most, the chain of their largest incoming edges is walked up until the
caller is no longer overrated: the edge where that happens is where the
overestimate starts (its local error), not where it shows; for the
functions it underrates, the same up the edges that carried the most
calls. Prints Markdown: the origins, counted by how many functions they
feed, and the edges with the largest local error among those that ran."""
import collections
import json
import math
import sys

from callgrind_calls import read_calls


def estimated_edges(report):
    names = {f["id"]: f["name"] for f in report["functions"]}
    heat = {f["function"]: f["heat"] for f in report["frequencies"]}
    per = {}
    for c in report.get("call_frequencies", []):
        key = (c["function"], c["file"], c["line"], c["column"], c["callee"])
        per[key] = c["per_entry"]
    est = collections.defaultdict(float)
    for c in report["calls"]:
        caller, callee = names.get(c["caller"]), names.get(c["callee"])
        if not caller or not callee or caller == callee or caller not in heat or callee not in heat:
            continue  # calls into libraries: callgrind names them otherwise (PLT, ifuncs)
        est[(caller, callee)] += per.get((caller, c["file"], c["line"], c["column"], callee), 1.0)
    return heat, est


def main():
    if len(sys.argv) < 3:
        sys.exit("usage: edge_compare.py REPORT.json CALLGRIND.out...")
    with open(sys.argv[1]) as f:
        report = json.load(f)
    heat, local = estimated_edges(report)
    edges, calls = read_calls(sys.argv[2:])

    def up(fn):  # the caller's error in log10 (calls + 1: never called is 0)
        return heat.get(fn, 0) - math.log10(calls.get(fn, 0) + 1)

    def local_err(e):
        caller = e[0]
        measured = (edges.get(e, 0) + 1) / (calls.get(caller, 0) + 1)
        return math.log10(local[e]) - math.log10(measured)

    incoming = collections.defaultdict(list)
    for e in local:
        incoming[e[1]].append(e)

    def origins_of(wrong, weight, sign):
        """For each function wrong by more than 10^2 (sign 1: over, -1:
        under), the first edge up its heaviest path (by weight) whose
        caller is estimated within 10^1."""
        found = collections.Counter()
        for f in wrong:
            seen, g, origin = {f}, f, None
            while True:
                ins = [e for e in incoming.get(g, []) if e[0] in heat]
                if not ins:
                    break
                e = max(ins, key=weight)
                origin = e
                if sign * up(e[0]) <= 1 or e[0] in seen:
                    break
                seen.add(e[0])
                g = e[0]
            if origin:
                found[origin] += 1
        return found

    def origin_table(found, what):
        print("| caller -> callee | %s functions it feeds | caller error | local error | "
              "estimated per entry | measured per call of the caller |" % what)
        print("|---|---:|---:|---:|---:|---:|")
        for e, n in found.most_common(15):
            measured = "%.3g" % (edges.get(e, 0) / calls[e[0]]) if calls.get(e[0]) else "-"
            print("| %s -> %s | %d | %.1f | %.1f | %.3g | %s |"
                  % (e[0], e[1], n, up(e[0]), local_err(e), local[e], measured))

    over = sorted((f for f in heat if up(f) > 2), key=lambda f: -up(f))
    under = sorted((f for f in heat if up(f) < -2), key=up)
    print("# Where the estimate across functions goes wrong (bench/edge_compare.py)\n")
    print("%d functions defined; %d overrated by more than 10^2 (heat - log10(calls + 1) > 2), "
          "%d underrated by more than 10^2.\n" % (len(heat), len(over), len(under)))
    print("## Overestimates start at: the first edge up each overrated function's path of "
          "heaviest estimate whose caller is estimated within 10^1\n")
    origin_table(origins_of(over, lambda e: heat[e[0]] + math.log10(local[e]), 1), "overrated")
    print("\n## Underestimates start at: the same, up the path that carried the most calls\n")
    origin_table(origins_of(under, lambda e: edges.get(e, 0), -1), "underrated")
    print("\n## Edges with the largest local error, among callers that ran\n")
    print("| caller -> callee | local error | estimated per entry | measured per call | caller's calls |")
    print("|---|---:|---:|---:|---:|")
    ran = [e for e in local if calls.get(e[0], 0) > 0]
    for e in sorted(ran, key=lambda e: -local_err(e))[:15]:
        print("| %s -> %s | %.1f | %.3g | %.3g | %d |" % (
            e[0], e[1], local_err(e), local[e], edges.get(e, 0) / calls[e[0]], calls[e[0]]))


if __name__ == "__main__":
    main()
