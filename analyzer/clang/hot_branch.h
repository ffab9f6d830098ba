/* hot_branch.h: branch and loop facts for static frequency estimation, read
 * from libclang while the frontend walks a function body.
 *
 * The frontend calls:
 *   - hot_branch_push_if / hot_branch_pop around each side of an if, ?:,
 *     && or || it is about to walk (with the statements that follow an if
 *     whose taken side leaves the block: they are its implicit else), and
 *     hot_branch_push / hot_branch_pop around a switch's cases,
 *   - hot_branch_arms for each call, which copies the current sides into
 *     the call's facts (innermost first),
 *   - hot_branch_loop_enter / hot_branch_loop_leave around each loop.
 * Only facts: which heuristic holds for which side (facts.h, FACTS_RARE);
 * the probabilities live in analyzer/hotspots/hot_freq.c.
 * Cost: each test walks a bounded number of cursors (BRANCH_BUDGET). */
#ifndef CA_HOT_BRANCH_H
#define CA_HOT_BRANCH_H
#include "facts.h"
#include <clang-c/Index.h>

/* Whether this thread's walk wants the facts (FRONTEND_BRANCHES): when
 * off, every function below answers "nothing known" (0, false, no arms)
 * at once, and the walk costs no cursor steps for them. Per thread, as the
 * walk is; set before each TU's walk. */
void hot_branch_enable(bool on);

/* Does statement s leave the enclosing block (return, goto, break,
 * continue, or a call that never returns) as its last step? */
bool hot_branch_leaves(CXCursor s);

/* Does a function body end in a call that never returns (exit(0) after a
 * tool's main work), with no return anywhere in it? */
bool hot_branch_ends_process(CXCursor body);

/* The number of case labels (case and default) of a switch's body. */
unsigned hot_branch_cases(CXCursor body);

/* The side stack: one entry per condition side being walked.
 * hot_branch_push_if: a side of `if (cond) then else els` (the else side
 * when else_side): with skip 0, els is the else side (a null cursor if
 * none); with skip > 0, the if is the skip-th statement of block els, its
 * then side leaves the block, and the statements after it are its implicit
 * else. Its FACTS_RARE bits are worked out when a call under it first
 * needs them; the two sides of one condition, pushed one after the other,
 * share them. && and || push their left operand as cond and the right as
 * then (&&) or els (||).
 * hot_branch_push: a side whose arm is known (a switch case), with the
 * condition (a null cursor for a switch case) for its parameter test. */
void hot_branch_push_if(facts_tu *tu, CXCursor cond, CXCursor then, CXCursor els, unsigned skip,
                        bool else_side);
void hot_branch_push(facts_tu *tu, unsigned arm, CXCursor cond);
void hot_branch_pop(facts_tu *tu);
void hot_branch_arms(facts_tu *tu, facts_call *c);

/* A loop about to be walked: its expected iterations per entry, 0 when
 * unknown. kind is the loop's kind, parts its children (the body last),
 * first the index of the first child after a for's init clause. Until
 * hot_branch_loop_leave, the branches walked inside learn what moves the
 * loop on (what its condition and increment read). */
double hot_branch_loop_enter(facts_tu *tu, facts_loop_kind kind, const CXCursor *parts, unsigned n,
                             unsigned first);
void hot_branch_loop_leave(facts_tu *tu);
/* A function about to be walked, and a write the walk met in it (lhs of
 * an assignment, ++, --): a parameter written before a test no longer
 * holds what its caller passed (p = grow(p, n); if (!p)), so the test
 * is no parameter test (facts_ptest) and a loop up to it no bound-param. */
void hot_branch_function(CXCursor decl);
void hot_branch_write(CXCursor lhs);
/* 1 + the parameter a for loop counts up to (i < n, n the function's
 * parameter), else 0 (facts_loop.bound_param). */
unsigned char hot_branch_loop_bound(facts_loop_kind kind, const CXCursor *parts, unsigned n, unsigned first);
#endif
