#!/usr/bin/env python3
"""hot_rescore.py REPORT.json CALLS.tsv: the report's allocation findings
ranked with measured function frequencies in place of estimated ones.

A finding's heat is its function's heat (the report's "frequencies": log10
of estimated calls per run) plus log10 of the site's frequency inside the
function and of its allocator's rate. This replaces the function's part by
log10 of the calls CALLS.tsv counted (name TAB calls, from
callgrind_calls.py; a function never called gets -1, below every one that
was), keeps the per-site part and the kind's bonus, and writes the report
again with the findings re-sorted, for hot_compare.py. precision@10 on the
result says how well the ranking would hold if the call-graph estimate
were exact: what is left is the per-site estimate's error.

Functions are matched by name, as callgrind merges them; a finding whose
function the report gives no frequency keeps its score. Heat below 0 is
reported as 0, so the per-site part of a finding at 0 is an upper bound."""
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from heat_compare import read_calls  # noqa: E402  (the same CALLS.tsv reader)


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: hot_rescore.py REPORT.json CALLS.tsv")
    with open(sys.argv[1]) as f:
        report = json.load(f)
    calls = read_calls(sys.argv[2])
    heat = {}
    for e in report.get("frequencies", []):
        heat[(e["file"], e["function"])] = e["heat"]
    findings = report["findings"]
    for x in findings:
        fh = heat.get((x["file"], x["function"]))
        if fh is None:
            continue
        n = calls.get(x["function"], 0)
        measured = math.log10(n) if n > 0 else -1.0
        shift = measured - fh
        x["heat"] = round(x["heat"] + shift, 2)
        x["score"] = round(x["score"] + shift, 2)
    findings.sort(key=lambda x: (-x["score"], x["file"], x["line"], x["column"], x["kind"]))
    for i, x in enumerate(findings):
        x["rank"] = i + 1
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
