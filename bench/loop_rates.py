#!/usr/bin/python3
"""loop_rates.py DIR... [-- DIR...]: how many passes a loop makes per
entry of its function, by the loop's shape. DIRs after -- are held out:
shown and pooled apart.

Each DIR holds C sources built with --coverage and run, as for
bench/bit_rates.py. A loop counts when it is a statement of its
function's body itself (not inside an if or another loop) and no return
or goto comes before it in the body, so that it starts once per entry
of the function; its passes per entry are the count gcov gives the
first line of its body over the function's entries (loops whose body
starts on the loop's own line, and functions that never ran, are left
out). canalyze gives a loop of unknown bound 10 trips
(analyzer/hotspots/hot_freq.c, LOOP_TRIP) unless its shape is one of
the first three below. Shapes:
  walk     the loop follows a pointer from node to node: its condition
           tests a pointer (p, p != NULL, or a field of its node: p->kind
           == AND) that its step (or a statement of its body, for a
           while) sets from a field or a call (p = p->next, p = only ?
           NULL : p->next, TAILQ_FOREACH, RB_FOREACH's successor call), or
           from a variable the body sets so (p = next, next =
           p->next, or Node *next = p->next declared), as
           clang/hot_branch.c's walk_loop reads it
  field count  a for loop whose counter (i++, i += k, --i; i++, p++) is compared
           with a count kept in a field (i < list->n), as
           clang/hot_branch.c's field_count_loop reads it
  variable count  a for loop whose counter (as for field count) is
           compared with a variable (i < n), as clang/hot_branch.c's
           variable_count_loop reads it (3 trips, or the constant a
           caller passes for a parameter bound)
  counted  any other for loop whose condition compares a counter (i < 8,
           i != n, i-- > 0) that its step counts
  forever  a constant condition (for (;;), while (1)): left by break,
           return or goto
  other    every other while, for and do loop
Prints per shape the loops, the median passes per entry, the geometric
mean (a loop that never ran counts as 0.01 passes), the mean, and how
many made fewer than 1 and more than 100. Uses Debian's
python3-clang-19."""
import os
import sys

import clang.cindex as ci
from bit_rates import strip
from null_rates import is_pointer
from rule_rates import gcov_files, group_rows, held_out, passes_row, table_head

K = ci.CursorKind
LOOPS = (K.FOR_STMT, K.WHILE_STMT, K.DO_STMT)
SHAPES = ("walk", "field count", "variable count", "counted", "forever", "other")
ORDERING = (ci.BinaryOperator.LT, ci.BinaryOperator.LE, ci.BinaryOperator.GT, ci.BinaryOperator.GE)


def kids(c):
    return list(c.get_children())


def referenced(e):
    """The declaration e (stripped) names, through fields: p, p->next."""
    e = strip(e)
    if e.kind in (K.DECL_REF_EXPR, K.MEMBER_REF_EXPR):
        return e.referenced
    return None


def tested_pointers(cond):
    """The declarations of the pointers the condition tests while they are
    set (p, p != NULL, p->next; both sides of p != end, two pointers; not
    !p or p == NULL: a search that runs until something is found), the
    pointer whose node a comparison reads (p in p->kind == AND, p->op !=
    END: a walk down a chain while its nodes are of one kind), in each
    operand of a chain of && (rc == OK && p), as a set; empty for
    any other condition (an assignment tested in place, while ((p =
    next(it))), is none)."""
    c = strip(cond)
    ks = kids(c)
    if c.kind == K.BINARY_OPERATOR and len(ks) == 2 and c.binary_operator == ci.BinaryOperator.LAnd:
        return tested_pointers(ks[0]) | tested_pointers(ks[1])
    kinds = set()
    if c.kind == K.BINARY_OPERATOR and len(ks) == 2 and \
            c.binary_operator in (ci.BinaryOperator.EQ, ci.BinaryOperator.NE):
        # p->kind == AND: a walk down a chain while its nodes are of one kind
        for side in (strip(ks[0]), strip(ks[1])):
            base = strip(kids(side)[0]) if side.kind == K.MEMBER_REF_EXPR and kids(side) else None
            if base is not None and base.kind == K.DECL_REF_EXPR and is_pointer(base) and \
                    base.referenced is not None:
                kinds.add(base.referenced.hash)
        if c.binary_operator == ci.BinaryOperator.EQ:
            return kinds
    return kinds | plain_tested(c, ks)


def plain_tested(c, ks):
    """tested_pointers of one operand that is no comparison of a node's field."""
    if c.kind == K.BINARY_OPERATOR and len(ks) == 2 and c.binary_operator == ci.BinaryOperator.NE:
        a, b = strip(ks[0]), strip(ks[1])
        if is_pointer(a) and is_pointer(b) and K.GNU_NULL_EXPR not in (a.kind, b.kind) and \
                not null_literal(a) and not null_literal(b):
            return {e.referenced.hash for e in (a, b)
                    if e.kind in (K.DECL_REF_EXPR, K.MEMBER_REF_EXPR) and e.referenced is not None}
    if c.kind == K.UNARY_OPERATOR and len(ks) == 1 and not is_pointer(c):
        return set()
    if c.kind == K.BINARY_OPERATOR and len(ks) == 2 and c.binary_operator == ci.BinaryOperator.NE:
        a, b = strip(ks[0]), strip(ks[1])
        c = a if is_pointer(a) and not is_pointer(b) or b.kind == K.GNU_NULL_EXPR else \
            b if is_pointer(b) and not is_pointer(a) or a.kind == K.GNU_NULL_EXPR else a
    if c.kind in (K.DECL_REF_EXPR, K.MEMBER_REF_EXPR) and is_pointer(c) and c.referenced is not None:
        return {c.referenced.hash}
    return set()


def null_literal(e):
    """0 or (void *)0 once stripped: NULL."""
    return e.kind == K.INTEGER_LITERAL and [t.spelling for t in e.get_tokens()][:1] == ["0"]


def steps_value(r):
    """A step's stripped right-hand side: a field, a call, or a choice of
    one (p = only ? NULL : p->next)."""
    if r.kind in (K.MEMBER_REF_EXPR, K.CALL_EXPR):
        return True
    return r.kind == K.CONDITIONAL_OPERATOR and \
        any(strip(a).kind in (K.MEMBER_REF_EXPR, K.CALL_EXPR) for a in kids(r)[1:3])


def sets_from_field(stmt, decls, via=None):
    """stmt assigns one of decls from a field or a call (p = p->next,
    p = next(p)); via, when given, collects the variables it assigns
    them from instead (p = next)."""
    for c in stmt.walk_preorder():
        # Node *next = p->next; ..; p = next: the copy declared with its value
        if c.kind == K.VAR_DECL and c.hash in decls:
            init = kids(c)[-1:] if kids(c) else []
            if init and init[0].kind.is_expression() and steps_value(strip(init[0])):
                return True
            continue
        if c.kind == K.BINARY_OPERATOR and c.binary_operator == ci.BinaryOperator.Assign:
            lhs, rhs = kids(c)[:2] if len(kids(c)) >= 2 else (None, None)
            if lhs is None:
                continue
            d = referenced(lhs)
            if d is None or d.hash not in decls:
                continue
            r = strip(rhs)
            if steps_value(r):
                return True
            if r.kind == K.DECL_REF_EXPR and via is not None and r.referenced is not None:
                via.add(r.referenced.hash)
    return False


def constant(c):
    c = strip(c)
    return c.kind == K.INTEGER_LITERAL or (c.kind == K.CXX_BOOL_LITERAL_EXPR)


def counts_step(step):
    """i++, --i, i += k, i = i + k."""
    s = strip(step)
    if s.kind == K.BINARY_OPERATOR and s.binary_operator == ci.BinaryOperator.Comma:
        return any(counts_step(k) for k in kids(s))
    if s.kind == K.UNARY_OPERATOR:
        return True
    if s.kind in (K.COMPOUND_ASSIGNMENT_OPERATOR,):
        return True
    return s.kind == K.BINARY_OPERATOR and s.binary_operator == ci.BinaryOperator.Assign and \
        strip(kids(s)[1]).kind == K.BINARY_OPERATOR


def steps_counter(step):
    """i++, i += k, or a comma one of whose operands is (i++, p++)."""
    s = strip(step)
    if s.kind == K.BINARY_OPERATOR and s.binary_operator == ci.BinaryOperator.Comma:
        return any(steps_counter(k) for k in kids(s))
    return s.kind in (K.UNARY_OPERATOR, K.COMPOUND_ASSIGNMENT_OPERATOR)


def shape(loop):
    parts = kids(loop)
    if loop.kind == K.DO_STMT:
        body, cond, step = parts[0], parts[-1], None
    elif loop.kind == K.WHILE_STMT:
        cond, body, step = parts[0], parts[-1], None
    else:
        # for: the children present, in order init, cond, step, body; which
        # are missing cannot be told from the bindings, so read the tokens
        toks = [t.spelling for t in loop.get_tokens()]
        try:
            open_at = toks.index("(")
            semi1 = toks.index(";", open_at)
            semi2 = toks.index(";", semi1 + 1)
        except ValueError:
            return "other", parts[-1]
        has = [semi1 > open_at + 1, semi2 > semi1 + 1, toks[semi2 + 1] != ")"]
        it = iter(parts[:-1])
        init, cond, step = (next(it, None) if h else None for h in has)
        body = parts[-1]
        if cond is None:
            return "forever", body
    if cond is not None and constant(cond):
        return "forever", body
    ptrs = tested_pointers(cond) if cond is not None else set()
    # as clang/hot_branch.c's walk_loop: a for's step, a while's body, or
    # a variable the step copies that the body sets so (p = next)
    via = set()
    if ptrs and (sets_from_field(cond, ptrs) or
                 (loop.kind == K.FOR_STMT and step is not None and sets_from_field(step, ptrs, via)) or
                 (loop.kind == K.WHILE_STMT and sets_from_field(body, ptrs, via)) or
                 (via and sets_from_field(body, via))):
        return "walk", body
    if loop.kind == K.FOR_STMT and step is not None and cond is not None and \
            strip(cond).kind == K.BINARY_OPERATOR and counts_step(step):
        # as clang/hot_branch.c's field_count_loop: i < list->n
        ks = kids(strip(cond))
        if len(ks) == 2 and strip(cond).binary_operator in ORDERING and \
                strip(ks[0]).kind == K.DECL_REF_EXPR and strip(ks[1]).kind == K.MEMBER_REF_EXPR and \
                steps_counter(step):
            return "field count", body
        # i < n, n a variable
        if len(ks) == 2 and strip(cond).binary_operator in ORDERING and \
                strip(ks[0]).kind == K.DECL_REF_EXPR and strip(ks[1]).kind == K.DECL_REF_EXPR and \
                steps_counter(step):
            return "variable count", body
        return "counted", body
    return "other", body


def first_line(body):
    if body.kind == K.COMPOUND_STMT:
        inner = kids(body)
        return inner[0].location.line if inner else None
    return body.location.line


def file_loops(path, args):
    """(function name, loop line, body's first line, shape) of the loops
    that start once per entry of their function."""
    tu = ci.Index.create().parse(path, args=args)
    out = []
    for fn in tu.cursor.get_children():
        if fn.kind != K.FUNCTION_DECL or not fn.is_definition() or fn.location.file is None:
            continue
        if fn.location.file.name != path:
            continue
        body = [k for k in kids(fn) if k.kind == K.COMPOUND_STMT]
        if not body:
            continue
        for st in kids(body[0]):
            if st.kind in LOOPS:
                s, b = shape(st)
                line = first_line(b)
                if line and line > st.location.line:
                    out.append((fn.spelling, st.location.line, line, s))
            if any(c.kind in (K.RETURN_STMT, K.GOTO_STMT) for c in st.walk_preorder()):
                break
    return out


def measure(d):
    """(shape, passes per entry, entries) per loop whose function ran."""
    entries, runs = gcov_files(d)
    ran = {base for base, _ in runs}
    xs = []
    for name in sorted(os.listdir(d)):
        if not name.endswith(".c") or name not in ran:
            continue
        src = os.path.join(d, name)
        for fn, line, body, s in file_loops(src, ["-I" + d]):
            n = entries.get((name, fn), 0)
            count = runs.get((name, body))
            if not n or count is None:
                continue
            xs.append((s, count / n, n))
    return xs


def row(name, xs):
    return passes_row(name, [p for _, p, _ in xs])


def table(title, xs):
    table_head(title, ["shape", "loops", "median passes per entry", "geometric mean", "mean", "below 1",
                       "above 100"])
    group_rows(SHAPES, xs, row)
    if xs:
        print(row("all", xs))


def main():
    held_out(sys.argv[1:], 1, "usage: loop_rates.py DIR... [-- DIR...]",
             "# How many passes a loop makes per entry of its function (bench/loop_rates.py)", measure, table)


if __name__ == "__main__":
    main()
