/* hot_extract.h: the few extra facts the hotspots module needs from libclang.
 *
 * Hooks the frontend calls while it walks one TU:
 *   - hot_extract_call after it pushed a call into tu->calls (call_index is
 *     that call's index); it only remembers the cursor, which stays valid
 *     until the TU is disposed,
 *   - hot_extract_return on every ReturnStmt inside a function body (func is
 *     the enclosing function's index),
 *   - hot_extract_finish once the walk is over, before clang_disposeTranslationUnit.
 * finish fills facts_call.returned, arg_param and arg_grow, and releases the
 * scratch (tu->hot is NULL afterwards). Nothing is printed; OOM is the
 * arena's sticky failure. */
#ifndef CA_HOT_EXTRACT_H
#define CA_HOT_EXTRACT_H
#include "facts.h"
#include <clang-c/Index.h>

void hot_extract_call(facts_tu *tu, size_t call_index, CXCursor call_expr);
void hot_extract_return(facts_tu *tu, int func, CXCursor return_stmt);
void hot_extract_finish(facts_tu *tu);
#endif
