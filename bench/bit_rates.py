#!/usr/bin/python3
"""bit_rates.py DIR...: how often the set side of a bit test runs.

Each DIR holds C sources built with --coverage and run (their .gcda files
next to them; gcov reads them as bench/rule_rates.py does). For every
`if` whose condition is a test of bits of a flag
word against a constant mask (x & K, !(x & K), (x & K) == 0, (x & K) != 0:
what clang/hot_branch.c reads as FACTS_HINT_BITS; not a conjunction of
it with other tests), the share of the condition's runs that took the
side where the bits are set: the count gcov gives the first line of the
then side over the count of the condition's line (only sides that start
on a later line, and conditions that ran). Prints, per DIR and pooled,
the number of conditions, their mean share (the probability the
estimator gives such a side: one per static condition) and the mean
weighted by runs. Uses Debian's python3-clang-19."""
import os
import sys

import clang.cindex as ci
from rule_rates import gcov_files

ci.Config.set_library_file("/usr/lib/llvm-19/lib/libclang-19.so.1")
K = ci.CursorKind
WRAPPERS = (K.PAREN_EXPR, K.UNEXPOSED_EXPR, K.CSTYLE_CAST_EXPR)
CONSTANT_PARTS = (K.INTEGER_LITERAL, K.PAREN_EXPR, K.UNEXPOSED_EXPR, K.BINARY_OPERATOR,
                  K.UNARY_OPERATOR, K.CSTYLE_CAST_EXPR, K.CXX_UNARY_EXPR)


def strip(c):
    while c.kind in WRAPPERS:
        kids = list(c.get_children())
        if len(kids) != 1:
            break
        c = kids[0]
    return c


def constant(c):
    """An expression of literals and enum constants only."""
    if c.kind == K.DECL_REF_EXPR:
        return c.referenced is not None and c.referenced.kind == K.ENUM_CONSTANT_DECL
    return c.kind in CONSTANT_PARTS and all(constant(k) for k in c.get_children())


def zero(c):
    """The literal 0 (one character: tokenizing a macro's expansion is slow)."""
    c = strip(c)
    if c.kind != K.INTEGER_LITERAL or c.extent.end.offset - c.extent.start.offset != 1:
        return False
    return [t.spelling for t in c.get_tokens()][:1] == ["0"]


def set_side(c, depth=0):
    """True: the condition holds when the bits are set; False: when they
    are clear; None: no bit test."""
    c = strip(c)
    if depth > 4:
        return None
    kids = list(c.get_children())
    if c.kind == K.UNARY_OPERATOR and len(kids) == 1:
        # around a truth value in a condition only ! makes sense (the
        # bindings do not say which operator; reading its token is slow)
        s = set_side(kids[0], depth + 1)
        return None if s is None else not s
    if c.kind != K.BINARY_OPERATOR or len(kids) != 2:
        return None
    op = c.binary_operator
    if op in (ci.BinaryOperator.EQ, ci.BinaryOperator.NE):
        for a, b in ((kids[0], kids[1]), (kids[1], kids[0])):
            if zero(b):
                s = set_side(a, depth + 1)
                return None if s is None else (s if op == ci.BinaryOperator.NE else not s)
        return None
    if op == ci.BinaryOperator.And and constant(strip(kids[0])) != constant(strip(kids[1])):
        return True
    return None


STATEMENTS = (K.COMPOUND_STMT, K.IF_STMT, K.FOR_STMT, K.WHILE_STMT, K.DO_STMT, K.SWITCH_STMT,
              K.CASE_STMT, K.DEFAULT_STMT, K.LABEL_STMT)


def statements(c):
    """c and the statements inside it, not descending into expressions."""
    yield c
    if c.kind in STATEMENTS:
        for k in c.get_children():
            yield from statements(k)


def file_ifs(path, args):
    """(condition, its line, the first line of the then side) of every if
    in the functions the file itself defines."""
    tu = ci.Index.create().parse(path, args=args)
    for fn in tu.cursor.get_children():
        if fn.kind != K.FUNCTION_DECL or not fn.is_definition() or fn.location.file is None:
            continue
        if fn.location.file.name != path:
            continue
        body = [k for k in fn.get_children() if k.kind == K.COMPOUND_STMT]
        for c in (s for b in body for s in statements(b)):
            if c.kind != K.IF_STMT:
                continue
            kids = list(c.get_children())
            if len(kids) < 2:
                continue
            then = kids[1]
            first = next(iter(then.get_children()), then) if then.kind == K.COMPOUND_STMT else then
            yield kids[0], kids[0].location.line, first.location.line


def bit_tests(path, args):
    """(condition line, then line, bits-set side holds, None) of the file's own ifs."""
    out = []
    for cond, line, then in file_ifs(path, args):
        side = set_side(cond)
        if side is not None:
            out.append((line, then, side, None))
    return out


def side_shares(d, tests):
    """(tag, share of the side, runs of the condition) for every condition
    tests(source, args) finds, as (line, then line, side holds, tag), in
    the sources of d that ran."""
    shares = []
    _, counts = gcov_files(d)
    ran = {base for base, _ in counts}
    for name in sorted(os.listdir(d)):
        src = os.path.join(d, name)
        if not name.endswith(".c") or name not in ran:
            continue
        for line, then, holds, tag in tests(src, ["-I" + d]):
            runs, taken = counts.get((name, line), 0), counts.get((name, then))
            if then <= line or not runs or taken is None or taken > runs:
                continue
            p = taken / runs
            shares.append((tag, p if holds else 1 - p, runs))
    return shares


def measure(d):
    return [(p, runs) for _, p, runs in side_shares(d, bit_tests)]


def row(name, shares):
    n = len(shares)
    mean = sum(p for p, _ in shares) / n if n else 0
    runs = sum(r for _, r in shares)
    weighted = sum(p * r for p, r in shares) / runs if runs else 0
    low = sum(1 for p, _ in shares if p < 0.1)
    high = sum(1 for p, _ in shares if p > 0.9)
    return "| %s | %d | %.2f | %.2f | %d | %d |" % (name, n, mean, weighted, low, high)


def main():
    if len(sys.argv) < 2:
        sys.exit("usage: bit_rates.py DIR...")
    print("| sources | bit tests that ran | mean share of the set side | weighted by runs | below 10% | above 90% |")
    print("|---|---:|---:|---:|---:|---:|")
    pooled = []
    for d in sys.argv[1:]:
        shares = measure(os.path.abspath(d))
        pooled += shares
        print(row(os.path.basename(os.path.abspath(d)), shares))
    print(row("pooled", pooled))


if __name__ == "__main__":
    main()
