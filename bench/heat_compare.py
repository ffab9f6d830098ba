#!/usr/bin/env python3
"""heat_compare.py TITLE REPORT.json CALLS.tsv [--summary TSV]: how well
canalyze's per-function heat (the "frequencies" of a --hotspots JSON
report: log10 of estimated calls per run) ranks the functions a program
really calls, against CALLS.tsv (name TAB calls, from callgrind_calls.py).

Prints a markdown section: the Spearman rank correlation over every
function the program defines (a function never called ranks below all
that were) and over the functions that ran; how far off the estimate is
in size over the functions that ran, which ranks do not show: the errors
heat - log10(calls) taken about their median (the one factor between
calls per run and the workload's calls over all its processes, which
shifts every function alike), their mean absolute value in log10 and
the share of functions within 10x; and the ten functions the estimate
overrates most (static heat minus log10 of the real calls).
Functions are matched by name; a name defined in several files keeps its
highest heat (callgrind merges them by name too). With --module BIN,
only the functions of the program BIN is built from count: a function in
a .c file its debug information does not name belongs to another program
of the tree (Redis's redis-benchmark has its own freeClient, and a
function no run of this program can call is not an estimate it missed);
a header's function counts wherever it is (hot_compare.in_program, the
test the findings pass too)."""
import argparse
import json
import math
import os
import statistics
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import hot_compare  # noqa: E402  (bench/hot_compare.py: the same measure)


def spearman(a, b):
    """hot_compare's Spearman (average ranks for ties); None below 3 pairs."""
    return hot_compare.spearman(a, b) if len(a) >= 3 else None


def read_calls_tsv(path):
    """CALLS.tsv (name TAB calls, callgrind_calls.py) as {name: calls}."""
    calls = {}
    with open(path) as f:
        for line in f:
            name, n = line.rstrip("\n").split("\t")
            calls[name] = calls.get(name, 0) + int(n)
    return calls


def size_error(errors):
    """(mean |e - median|, share with |e - median| <= 1) over the errors
    in log10; (None, None) when there are none."""
    if not errors:
        return None, None
    median = statistics.median(errors)
    dev = [abs(x - median) for x in errors]
    return sum(dev) / len(dev), sum(1 for d in dev if d <= 1) / len(dev)


def pct(share):
    return "-" if share is None else "%d%%" % round(100 * share)


def main():
    ap = argparse.ArgumentParser(description="function heat vs callgrind's call counts")
    ap.add_argument("title")
    ap.add_argument("report")
    ap.add_argument("calls")
    ap.add_argument("--summary", help="append a summary row to this TSV")
    ap.add_argument("--module", help="the measured binary: count only the functions it is built from")
    a = ap.parse_args()
    title, report, calls_path, summary = a.title, a.report, a.calls, a.summary
    with open(report) as f:
        freqs = json.load(f).get("frequencies")
    if freqs is None:
        sys.exit("heat_compare: %s has no \"frequencies\" (canalyze too old?)" % report)
    built = hot_compare.built_sources(a.module) if a.module else None
    heat = {}
    for e in freqs:
        if not hot_compare.in_program(e, built):
            continue
        heat[e["function"]] = max(heat.get(e["function"], 0.0), e["heat"])
    calls = read_calls_tsv(calls_path)
    names = sorted(heat)
    real = [math.log10(calls[n]) if calls.get(n) else -1.0 for n in names]
    ran = [n for n in names if calls.get(n)]
    s_all = spearman([heat[n] for n in names], real)
    s_ran = spearman([heat[n] for n in ran], [math.log10(calls[n]) for n in ran])
    fmt = lambda s: "-" if s is None else "%.2f" % s
    spread, within = size_error([heat[n] - math.log10(calls[n]) for n in ran])
    print("### %s\n" % title)
    print("%d functions defined, %d called at run time. Spearman (static heat vs "
          "log10 calls): %s over all defined functions, %s over those called. "
          "Size of the error over those called, about its median: %s in log10 on average, "
          "%s within 10x.\n"
          % (len(names), len(ran), fmt(s_all), fmt(s_ran), fmt(spread), pct(within)))
    over = sorted(names, key=lambda n: (-(heat[n] - (math.log10(calls[n]) if calls.get(n) else 0)), n))
    print("The ten functions the estimate overrates most:\n")
    print("| function | static heat | log10 calls | calls |\n|---|---:|---:|---:|")
    for n in over[:10]:
        c = calls.get(n, 0)
        print("| %s | %.2f | %s | %d |" % (n, heat[n], "%.2f" % math.log10(c) if c else "-", c))
    print()
    if summary:
        with open(summary, "a") as f:
            f.write("%s\t%d\t%d\t%s\t%s\t%s\t%s\n" % (title, len(names), len(ran), fmt(s_all), fmt(s_ran),
                                                     fmt(spread), pct(within)))


if __name__ == "__main__":
    main()
