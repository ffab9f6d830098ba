#!/usr/bin/python3
"""null_rates.py DIR... [-- DIR...]: how often a pointer tested against
null is set, by what the pointer is. DIRs after -- are held out: shown
and pooled apart.

Each DIR holds C sources built with --coverage and run, as for
bench/bit_rates.py. For every `if` whose whole condition tests one
pointer against null (p, !p, p == NULL, p != 0: what canalyze's pointer
heuristic reads, which calls the set side common, 60%), the share of
the condition's runs that took the side where the pointer is set: the
count gcov gives the first line of the then side over the count of the
condition's line (sides that start on a later line, conditions that
ran). Conditions are grouped by the pointer's root: a variable of
static storage or a field reached from one ("lasting": configuration,
caches, global state), a field reached from a parameter ("parameter
field": the state a caller hands in), a parameter itself, an automatic
variable ("local": often a call's result), a field reached from one,
and a call's result tested in place. Prints per group the conditions,
their mean share of the set side, the mean weighted by runs, and how
many were below 10% and above 90%. Uses Debian's python3-clang-19."""
import sys

import clang.cindex as ci
from bit_rates import file_ifs, side_shares, strip, zero
from rule_rates import group_rows, held_out, table_head

K = ci.CursorKind
ROOT_STEPS = (K.MEMBER_REF_EXPR, K.ARRAY_SUBSCRIPT_EXPR, K.UNARY_OPERATOR, K.PAREN_EXPR,
              K.UNEXPOSED_EXPR, K.CSTYLE_CAST_EXPR)
GROUPS = ("lasting", "parameter field", "parameter", "local", "local field", "call")


SOURCES = {}


def spelled_null(c):
    """The literal is written NULL (read from the file: tokenizing a
    macro's expansion with libclang is slow)."""
    start, end = c.extent.start, c.extent.end
    if start.file is None or end.offset - start.offset != 4:
        return False
    name = start.file.name
    if name not in SOURCES:
        try:
            with open(name, "rb") as f:
                SOURCES[name] = f.read()
        except OSError:
            SOURCES[name] = b""
    return SOURCES[name][start.offset:end.offset] == b"NULL"


def null_literal(c):
    c = strip(c)
    return c.kind == K.GNU_NULL_EXPR or zero(c) or (c.kind == K.INTEGER_LITERAL and spelled_null(c))


def is_pointer(c):
    return c.type.get_canonical().kind == ci.TypeKind.POINTER


def tested(c, depth=0):
    """(pointer expression, condition holds when it is set) or None."""
    c = strip(c)
    kids = list(c.get_children())
    if depth > 3:
        return None
    if c.kind == K.UNARY_OPERATOR and len(kids) == 1 and not is_pointer(c):
        t = tested(kids[0], depth + 1)  # only ! yields a truth value from a pointer
        return None if t is None else (t[0], not t[1])
    if c.kind == K.BINARY_OPERATOR and len(kids) == 2 and \
            c.binary_operator in (ci.BinaryOperator.EQ, ci.BinaryOperator.NE):
        for a, b in ((kids[0], kids[1]), (kids[1], kids[0])):
            if null_literal(b) and is_pointer(strip(a)):
                return strip(a), c.binary_operator == ci.BinaryOperator.NE
        return None
    if is_pointer(c) and c.kind in (K.DECL_REF_EXPR, K.MEMBER_REF_EXPR, K.ARRAY_SUBSCRIPT_EXPR,
                                    K.CALL_EXPR):
        return c, True
    return None


def group(e):
    """What the tested pointer is rooted in (GROUPS)."""
    if e.kind == K.CALL_EXPR:
        return "call"
    field = False
    for _ in range(12):
        if e.kind == K.DECL_REF_EXPR:
            d = e.referenced
            if d is None:
                return None
            if d.kind == K.PARM_DECL:
                return "parameter field" if field else "parameter"
            if d.kind != K.VAR_DECL:
                return None
            lasting = d.storage_class == ci.StorageClass.STATIC or \
                d.semantic_parent is None or d.semantic_parent.kind == K.TRANSLATION_UNIT
            return "lasting" if lasting else ("local field" if field else "local")
        if e.kind not in ROOT_STEPS:
            return None
        field = field or e.kind in (K.MEMBER_REF_EXPR, K.ARRAY_SUBSCRIPT_EXPR)
        kids = list(e.get_children())
        if not kids:
            return None
        e = kids[0]
    return None


def null_tests(path, args):
    """(condition line, then line, set side holds, group) of the file's own ifs."""
    out = []
    for cond, line, then in file_ifs(path, args):
        t = tested(cond)
        g = group(t[0]) if t else None
        if g is not None:
            out.append((line, then, t[1], g))
    return out


def measure(d):
    """(group, share of the set side, runs) per condition that ran."""
    return side_shares(d, null_tests)


# The columns after the label of row()'s tables (here and bench/flag_rates.py).
SHARE_CELLS = ["conditions that ran", "mean share of the set side", "weighted by runs", "below 10%", "above 90%"]


def row(name, xs):
    n = len(xs)
    mean = sum(p for _, p, _ in xs) / n if n else 0
    runs = sum(r for _, _, r in xs)
    weighted = sum(p * r for _, p, r in xs) / runs if runs else 0
    low = sum(1 for _, p, _ in xs if p < 0.1)
    high = sum(1 for _, p, _ in xs if p > 0.9)
    return "| %s | %d | %.2f | %.2f | %d | %d |" % (name, n, mean, weighted, low, high)


def table(title, xs):
    table_head(title, ["pointer"] + SHARE_CELLS)
    group_rows(GROUPS, xs, row)
    print(row("all", xs))


def main():
    held_out(sys.argv[1:], 1, "usage: null_rates.py DIR... [-- DIR...]",
             "# How often a pointer tested against null is set (bench/null_rates.py)", measure, table)


if __name__ == "__main__":
    main()
