#!/usr/bin/env python3
"""callgrind_calls.py OUT... : calls per function, summed over callgrind
output files, as "name TAB calls" lines sorted by name. A function's
calls are the calls= counts of the cfn= records naming it (callgrind's
recursion suffixes, name'2, fold into name). read_calls() also gives the
call edges (bench/edge_compare.py)."""
import collections
import re
import sys


def read_calls(paths):
    """(edges, calls): calls per caller -> callee edge (a function calling
    itself left out) and per function, over the callgrind files."""
    edges, calls = collections.Counter(), collections.Counter()
    for path in paths:
        names, fn, cfn = {}, None, None
        with open(path, errors="replace") as f:
            for line in f:
                if line.startswith("fn=") or line.startswith("cfn="):
                    spec = line.rstrip("\n").split("=", 1)[1]
                    m = re.match(r"\((\d+)\)(?: (.*))?$", spec)
                    if m and m.group(2):
                        names[m.group(1)] = m.group(2)
                    name = names.get(m.group(1)) if m else spec  # uncompressed names
                    name = name.split("'")[0] if name else None
                    if line.startswith("cfn="):
                        cfn = name
                    else:
                        fn = name
                elif line.startswith("calls=") and cfn:
                    n = int(line[6:].split()[0])
                    calls[cfn] += n
                    if fn and fn != cfn:
                        edges[(fn, cfn)] += n
    return edges, calls


def main():
    _, calls = read_calls(sys.argv[1:])
    for name in sorted(calls):
        print("%s\t%d" % (name, calls[name]))


if __name__ == "__main__":
    main()
