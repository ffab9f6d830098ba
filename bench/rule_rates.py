#!/usr/bin/python3
"""rule_rates.py JSON DIR [JSON DIR ...] [-- JSON DIR ...]: how often the
sides that each branch heuristic of canalyze --hotspots predicts rare
really run. Programs after -- are held out: shown, and pooled, apart.

JSON is `canalyze --hotspots --format json` of a program's sources, DIR the
same sources built with --coverage and run (their .gcda files next to
them). The report's "call_frequencies" say, for every call on a
condition's side, which heuristics hold for that condition and which side
each predicts rare (docs/formats.md); gcov says how often the call's line
ran and how often its function was entered. A call counts when it sits on
exactly one side, outside any loop and on no parameter test (so its runs
per entry measure that one side), its function ran, and its line holds no
condition of its own (`if (x) f();` on one line runs as often as the
test) and names the callee where the call is (a call a macro expands
runs as often as the macro's whole statement, tests and all). Calls on one side of one condition give one sample (same function,
same side, same count). For each heuristic alone (the condition's only
rule) and for a condition nothing is known about, prints the conditions
measured, the probability the estimator gives the rare side, the mean
measured share of runs that took it (the estimate the estimator needs: one
probability per static condition), the mean weighted by entries, and how
many were below 10% and above 90%. A side the rule predicts common
contributes 1 - its share. Conditions where several rules hold are
grouped by the rules, each oriented to the side their combined
probability calls rarer. Calls in loops on no side measure the loops'
passes per entry against the estimator's trips (10 when the bound is
unknown)."""
import json
import math
import os
import re
import subprocess
import sys

# a line that holds a test itself: its count is the test's, not a side's
CONDITION = re.compile(r"\b(if|while|for|switch|case|default)\b|\?|&&|\|\|")


def gcov_files(d):
    """(basename, function) -> entries and (basename, line) -> runs, from
    gcov's JSON over every .gcda of d."""
    entries, runs = {}, {}
    for g in sorted(os.listdir(d)):
        if not g.endswith(".gcda"):
            continue
        stem = g[:-5].split("-")[-1]
        src = next((s for s in (stem + ".c",) if os.path.exists(os.path.join(d, s))), None)
        if src is None:
            continue
        text = subprocess.run(["gcov", "-t", "-j", "-o", g, src], cwd=d,
                              capture_output=True, text=True).stdout
        for f in json.loads(text or '{"files": []}')["files"]:
            base = os.path.basename(f["file"])
            for fn in f["functions"]:
                key = (base, fn["name"])
                entries[key] = entries.get(key, 0) + fn["execution_count"]
            for ln in f["lines"]:
                key = (base, ln["line_number"])
                runs[key] = runs.get(key, 0) + ln["count"]
    return entries, runs


def source_line(d, base, line, cache):
    if base not in cache:
        try:
            with open(os.path.join(d, base), errors="replace") as fh:
                cache[base] = fh.read().split("\n")
        except OSError:
            cache[base] = []
    lines = cache[base]
    return lines[line - 1] if 0 < line <= len(lines) else ""


def measured(c, d, entries, runs, text):
    """(basename, entries of the call's function, runs of its line), or
    None when the line's count is not the call's own: the function never
    ran, the line has no count, holds a test of its own or does not name
    the callee at the call's column (a macro expanded it)."""
    base = os.path.basename(c["file"])
    n = entries.get((base, c["function"]), 0)
    count = runs.get((base, c["line"]))
    if not n or count is None:
        return None
    src = source_line(d, base, c["line"], text)
    if CONDITION.search(src) or not src[c["column"] - 1:].startswith(c["callee"] or "\0"):
        return None
    return base, n, count


def loop_sample(c, d, entries, runs, text, seen, out):
    """A call in loops and on no side: its runs per entry are the loops'
    passes, against the estimator's trips."""
    m = measured(c, d, entries, runs, text)
    if m is None:
        return
    base, n, count = m
    key = (base, c["function"], "loop", c["trips"], count)
    if key not in seen:
        seen.add(key)
        out.append(("loop", c["trips"], count / n, n, "loop"))


def passes_row(label, passes):
    """A Markdown row: label, how many, the median, the geometric mean (a
    loop that never ran counts as 0.01 passes), the mean, how many below 1
    and above 100. Shared with bench/loop_rates.py."""
    g = sorted(passes)
    geo = 10 ** (sum(math.log10(max(v, 0.01)) for v in g) / len(g))
    return "| %s | %d | %.3g | %.3g | %.3g | %d | %d |" % (
        label, len(g), g[len(g) // 2], geo, sum(g) / len(g),
        sum(1 for v in g if v < 1), sum(1 for v in g if v > 100))


def table_head(title, cells):
    """'### title' and the header of a Markdown table whose first column is
    a label and the others numbers (right-aligned). Shared with
    bench/loop_rates.py, null_rates.py and flag_rates.py."""
    print("\n### %s\n" % title)
    print("| %s |" % " | ".join(cells))
    print("|---|" + "---:|" * (len(cells) - 1))


def group_rows(groups, xs, row):
    """row(g, samples) for each group g, in order, that has samples (a
    sample's first item names its group)."""
    for g in groups:
        sel = [x for x in xs if x[0] == g]
        if sel:
            print(row(g, sel))


def loop_table(xs):
    loops = [x for x in xs if len(x) == 5 and x[4] == "loop"]
    if not loops:
        return
    print("\nLoops (calls in loops on no side: passes per entry of the function):\n")
    print("| estimator's trips | loops | measured median | geometric mean | mean | below 1 | above 100 |")
    print("|---:|---:|---:|---:|---:|---:|---:|")
    for trips in sorted({x[1] for x in loops}):
        g = [x[2] for x in loops if x[1] == trips]
        if len(g) >= 3:
            print(passes_row("%.4g" % trips, g))


def samples(report, d):
    """(class, model p of the rare side, measured share of the rare side, entries)."""
    with open(report) as fh:
        calls = json.load(fh)["call_frequencies"]
    entries, runs = gcov_files(d)
    text, seen, out = {}, set(), []
    for c in calls:
        sides = c["sides"]
        if not sides and c["trips"] != 1:
            loop_sample(c, d, entries, runs, text, seen, out)
            continue
        if len(sides) != 1 or c["trips"] != 1:
            continue
        s = sides[0]
        if s["case"] is not None or s["parameter"] is not None:
            continue
        m = measured(c, d, entries, runs, text)
        if m is None or m[2] > m[1]:
            continue
        base, n, count = m
        key = (base, c["function"], tuple(s["rare"]), tuple(s["common"]), count)
        if key in seen:
            continue
        seen.add(key)
        share = count / n
        rules = s["rare"] + s["common"]
        if not rules:
            out.append(("none", 0.5, share, n))
        elif len(rules) == 1:
            rare = bool(s["rare"])
            p = s["p"] if rare else 1 - s["p"]
            out.append((rules[0], p, share if rare else 1 - share, n))
        else:
            # the side the rules together call rarer, and its measured share
            p, share = (s["p"], share) if s["p"] <= 0.5 else (1 - s["p"], 1 - share)
            out.append(("+".join(sorted(rules)), p, share, n, "several"))
    return out


def row(name, xs):
    n = len(xs)
    model = sum(x[1] for x in xs) / n
    mean = sum(x[2] for x in xs) / n
    w = sum(x[3] for x in xs)
    weighted = sum(x[2] * x[3] for x in xs) / w if w else 0
    low = sum(1 for x in xs if x[2] < 0.1)
    high = sum(1 for x in xs if x[2] > 0.9)
    return "| %s | %d | %.3g | %.2f | %.2f | %d | %d |" % (name, n, model, mean, weighted, low, high)


def table(title, xs):
    one = [x for x in xs if len(x) == 4]
    several = [x for x in xs if len(x) == 5 and x[4] == "several"]
    table_head(title, ["rule", "conditions", "estimator's p", "measured mean", "weighted by entries",
                       "below 10%", "above 90%"])
    group_rows(sorted({x[0] for x in one}), one, row)
    print("\nSeveral rules on one condition (their combined p of the side they call rarer, as a mean):\n")
    print("| rules | conditions | estimator's p | measured mean | weighted by entries | below 10% | above 90% |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in sorted({x[0] for x in several}):
        group = [x for x in several if x[0] == name]
        if len(group) >= 3:
            print(row(name, group))
    print("\n%d conditions with several rules, %d of them in combinations seen fewer than 3 times (not shown)." %
          (len(several), sum(1 for x in several if sum(1 for y in several if y[0] == x[0]) < 3)))
    loop_table(xs)


def held_out(args, per, usage, heading, measure, print_table):
    """Prints heading, then runs measure(*item) over the items of args
    (per words each, the last a folder), then over those after --, the
    held-out ones: a table per folder, and one pooled per group of more
    than one."""
    held = args[args.index("--") + 1:] if "--" in args else []
    args = args[:args.index("--")] if "--" in args else args
    if not args or len(args) % per or len(held) % per:
        sys.exit(usage)
    print(heading)
    for group, title in ((args, "pooled"), (held, "held out, pooled")):
        pooled = []
        for i in range(0, len(group), per):
            item = group[i:i + per]
            xs = measure(*item[:-1], os.path.abspath(item[-1]))
            pooled += xs
            print_table(os.path.basename(os.path.abspath(item[-1])) + (" (held out)" if group is held else ""), xs)
        if len(group) > per:
            print_table(title, pooled)


def main():
    held_out(sys.argv[1:], 2, "usage: rule_rates.py JSON DIR [JSON DIR ...] [-- JSON DIR ...]",
             "# How often the rare sides run (bench/rule_rates.sh)", samples, table)


if __name__ == "__main__":
    main()
