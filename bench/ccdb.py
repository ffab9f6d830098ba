#!/usr/bin/env python3
"""Reads a compile_commands.json and prints one TU per line as a shell-quoted
command for a clang-like tool: `cd DIR && TOOL ARGS... FILE`.

The compiler (argv[0]), `-c`, `-o OUT`, dependency-file flags (-MD, -MF X,
...) and the source file itself are dropped; what is left is the TU's own
flags. The file is printed last, absolute.

Usage: ccdb.py COMPILE_COMMANDS.JSON TOOL [EXTRA_ARG...]
  TOOL and EXTRA_ARG are inserted verbatim (e.g. `clang-19 -fsyntax-only`).
Only .c files are kept; duplicates (same file) keep their first entry.
"""
import json
import os
import shlex
import signal
import sys

DROP_WITH_VALUE = {"-o", "-MF", "-MT", "-MQ"}
DROP_ALONE = {"-c", "-MD", "-MMD", "-M", "-MM", "-MP"}


def entry_args(entry):
    if "arguments" in entry:
        return list(entry["arguments"])
    return shlex.split(entry["command"])


def tu_flags(entry, path):
    args = entry_args(entry)[1:]
    out = []
    skip = False
    for arg in args:
        if skip:
            skip = False
            continue
        if arg in DROP_WITH_VALUE:
            skip = True
            continue
        if arg in DROP_ALONE or arg.startswith("-Wp,-M"):
            continue
        if arg == entry["file"] or os.path.normpath(
                os.path.join(entry["directory"], arg)) == path:
            continue
        out.append(arg)
    return out


def main():
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)
    if len(sys.argv) < 3:
        sys.exit("usage: ccdb.py COMPILE_COMMANDS.JSON TOOL [ARG...]")
    with open(sys.argv[1]) as f:
        db = json.load(f)
    tool = sys.argv[2:]
    seen = set()
    for entry in db:
        path = os.path.normpath(os.path.join(entry["directory"], entry["file"]))
        if not path.endswith(".c") or path in seen:
            continue
        seen.add(path)
        cmd = tool + tu_flags(entry, path) + [path]
        print("cd %s && %s" % (shlex.quote(entry["directory"]),
                               " ".join(shlex.quote(a) for a in cmd)))


if __name__ == "__main__":
    main()
