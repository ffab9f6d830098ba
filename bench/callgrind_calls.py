#!/usr/bin/env python3
"""callgrind_calls.py OUT... : calls per function, summed over callgrind
output files, as "name TAB calls" lines sorted by name. A function's
calls are the calls= counts of the cfn= records naming it (callgrind's
recursion suffixes, name'2, fold into name)."""
import re
import sys


def main():
    calls = {}
    for path in sys.argv[1:]:
        names, cfn = {}, None
        with open(path, errors="replace") as f:
            for line in f:
                if line.startswith("fn=") or line.startswith("cfn="):
                    spec = line.rstrip("\n").split("=", 1)[1]
                    m = re.match(r"\((\d+)\)(?: (.*))?$", spec)
                    if m and m.group(2):
                        names[m.group(1)] = m.group(2)
                    name = names.get(m.group(1)) if m else spec  # uncompressed names
                    if line.startswith("cfn="):
                        cfn = name
                elif line.startswith("calls=") and cfn:
                    name = cfn.split("'")[0]
                    calls[name] = calls.get(name, 0) + int(line[6:].split()[0])
    for name in sorted(calls):
        print("%s\t%d" % (name, calls[name]))


if __name__ == "__main__":
    main()
