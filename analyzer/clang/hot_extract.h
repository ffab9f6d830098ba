/* hot_extract.h: the few extra facts the hotspots module needs from libclang.
 *
 * Hooks the frontend calls while it walks one TU:
 *   - hot_extract_call after it pushed a call into tu->calls (call_index is
 *     that call's index); it only remembers the cursor, which stays valid
 *     until the TU is disposed,
 *   - hot_extract_return on every ReturnStmt inside a function body (func is
 *     the enclosing function's index, fdecl its definition: a pointer carved
 *     from a block counts as a fresh block only if the function moves the
 *     offset it adds),
 *   - hot_extract_store on an assignment to anything but a variable (only
 *     *param = value matters: memory handed back through a parameter),
 *   - hot_extract_finish once the walk is over, before clang_disposeTranslationUnit.
 * finish fills facts_call.returned, stored, out_arg, out_hand, arg_param and arg_grow, and releases the
 * scratch (tu->hot is NULL afterwards). Nothing is printed; OOM is the
 * arena's sticky failure. */
#ifndef CA_HOT_EXTRACT_H
#define CA_HOT_EXTRACT_H
#include "facts.h"
#include <clang-c/Index.h>

void hot_extract_call(facts_tu *tu, size_t call_index, CXCursor call_expr);
void hot_extract_return(facts_tu *tu, int func, CXCursor fdecl, CXCursor return_stmt);
/* For a direct call's argument that is a variable (ref, a DeclRefExpr):
 * 1 + the index of the enclosing function's T ** parameter it names, else
 * 0. The frontend asks while it walks (the argument is stripped there
 * already); the callee may store memory through it for the caller. */
unsigned char hot_extract_out_param(CXCursor ref);
/* On an assignment whose left side is no plain variable (lhs = rhs). */
void hot_extract_store(facts_tu *tu, int func, CXCursor lhs, CXCursor rhs);
void hot_extract_finish(facts_tu *tu);
#endif
