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
function the report gives no frequency keeps its score. A report's heat
below 0 is written as 0, so a finding at 0 hides its per-site part;
with --call-frequencies the report carries each call's runs per entry of
its function (per_entry), and the per-site part is taken from there
(times the allocator's rate from the report's "allocators", 1 for one
it does not list or a call through a pointer) for every finding whose
call is listed."""
import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from heat_compare import read_calls_tsv  # noqa: E402  (the same CALLS.tsv reader)


def site_parts(report):
    """(file, line, column, callee) -> log10(per_entry x the callee's rate)
    for the calls the report's call_frequencies list (none without
    --call-frequencies); callee None for a call through a pointer, which
    a finding names by the pointer (Curl_cmalloc)."""
    rate = {}
    for a in report.get("allocators", []):
        rate[a["function"]] = max(rate.get(a["function"], 0), a["rate"] or 0)
    parts = {}
    for c in report.get("call_frequencies", []):
        v = c["per_entry"] * (rate.get(c["callee"]) or 1)
        if v > 0:
            parts[(c["file"], c["line"], c["column"], c["callee"])] = math.log10(v)
    return parts


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: hot_rescore.py REPORT.json CALLS.tsv")
    with open(sys.argv[1]) as f:
        report = json.load(f)
    calls = read_calls_tsv(sys.argv[2])
    heat = {}
    for e in report.get("frequencies", []):
        heat[(e["file"], e["function"])] = e["heat"]
    findings = report["findings"]
    parts = site_parts(report)
    for x in findings:
        fh = heat.get((x["file"], x["function"]))
        if fh is None:
            continue
        n = calls.get(x["function"], 0)
        measured = math.log10(n) if n > 0 else -1.0
        place = (x["file"], x["line"], x["column"])
        site = parts.get(place + (x.get("callee"),), parts.get(place + (None,), x["heat"] - fh))
        bonus = x["score"] - x["heat"]
        x["heat"] = round(measured + site, 2)
        x["score"] = round(measured + site + bonus, 2)
    findings.sort(key=lambda x: (-x["score"], x["file"], x["line"], x["column"], x["kind"]))
    for i, x in enumerate(findings):
        x["rank"] = i + 1
    json.dump(report, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
