#!/usr/bin/python3
"""flag_rates.py DIR... [-- DIR...]: how often an integer tested for
truth is set (not 0), by what it is. DIRs after -- are held out: shown
and pooled apart.

Each DIR holds C sources built with --coverage and run, as for
bench/bit_rates.py. For every `if` whose whole condition tests one
integer variable or field for truth (x, !x, x == 0, x != 0: not a
pointer, not bits against a mask, not a call), the share of the
condition's runs that took the side where it is not 0: the count gcov
gives the first line of the then side over the count of the condition's
line (sides that start on a later line, conditions that ran).
Conditions are grouped as bench/null_rates.py groups pointers, by the
root the value is reached from (a variable of static storage or a field
of one, a field of a parameter, a parameter, an automatic variable, a
field of one), and apart by the value's type: a one-byte or boolean
value or a bit-field ("flag": hasOr, mallocFailed, isRecursive) or a
wider integer ("count": n, nErr, len). canalyze's frontend reads a test
of a lasting value as the flag heuristic's (clang/hot_branch.c) and
knows nothing of the others (50%). Prints per group the conditions,
their mean share of the set side, the mean weighted by runs, and how
many were below 10% and above 90%. Uses Debian's python3-clang-19."""
import sys

import clang.cindex as ci
from bit_rates import file_ifs, set_side, side_shares, strip, zero
from null_rates import SHARE_CELLS, group, is_pointer, row
from rule_rates import held_out, table_head

K = ci.CursorKind
T = ci.TypeKind
FLAG_TYPES = (T.BOOL, T.CHAR_U, T.UCHAR, T.CHAR_S, T.SCHAR)
INT_TYPES = FLAG_TYPES + (T.SHORT, T.USHORT, T.INT, T.UINT, T.LONG, T.ULONG, T.LONGLONG,
                          T.ULONGLONG, T.ENUM)
ROOTS = ("lasting", "parameter field", "parameter", "local", "local field")


def tested(c, depth=0):
    """(integer expression, condition holds when it is not 0) or None."""
    c = strip(c)
    kids = list(c.get_children())
    if depth > 3:
        return None
    if c.kind == K.UNARY_OPERATOR and len(kids) == 1 and not is_pointer(strip(kids[0])):
        t = tested(kids[0], depth + 1)  # around a truth value only ! makes sense
        return None if t is None else (t[0], not t[1])
    if c.kind == K.BINARY_OPERATOR and len(kids) == 2 and \
            c.binary_operator in (ci.BinaryOperator.EQ, ci.BinaryOperator.NE):
        for a, b in ((kids[0], kids[1]), (kids[1], kids[0])):
            if zero(b):
                t = tested(a, depth + 1)
                if t is None:
                    return None
                return t[0], t[1] == (c.binary_operator == ci.BinaryOperator.NE)
        return None
    if c.kind in (K.DECL_REF_EXPR, K.MEMBER_REF_EXPR) and \
            c.type.get_canonical().kind in INT_TYPES and set_side(c) is None:
        if c.kind == K.DECL_REF_EXPR and (c.referenced is None or c.referenced.kind == K.ENUM_CONSTANT_DECL):
            return None
        return c, True
    return None


def width(e):
    """flag: one byte, boolean or a bit-field; count: wider."""
    d = e.referenced
    if d is not None and d.kind == K.FIELD_DECL and d.is_bitfield():
        return "flag"
    return "flag" if e.type.get_canonical().kind in FLAG_TYPES else "count"


def flag_tests(path, args):
    """(condition line, then line, set side holds, (root, width)) of the file's own ifs."""
    out = []
    for cond, line, then in file_ifs(path, args):
        t = tested(cond)
        g = group(t[0]) if t else None
        if g in ROOTS:
            out.append((line, then, t[1], (g, width(t[0]))))
    return out


def measure(d):
    """((root, width), share of the set side, runs) per condition that ran."""
    return side_shares(d, flag_tests)


def table(title, xs):
    table_head(title, ["value"] + SHARE_CELLS)
    for w in ("flag", "count"):
        for g in ROOTS:
            sel = [x for x in xs if x[0] == (g, w)]
            if sel:
                print(row("%s, %s" % (w, g), sel))
        of_width = [x for x in xs if x[0][1] == w]
        if of_width:
            print(row("%s, all" % w, of_width))
    print(row("all", xs))


def main():
    held_out(sys.argv[1:], 1, "usage: flag_rates.py DIR... [-- DIR...]",
             "# How often an integer tested for truth is set (bench/flag_rates.py)", measure, table)


if __name__ == "__main__":
    main()
