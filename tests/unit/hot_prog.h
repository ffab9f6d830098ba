/* hot_prog.h: builds a small ca_program by hand for the hotspots and render
 * unit tests, without libclang: functions, loops and calls, then the
 * adjacency (callgraph_index). Funcs must be added in id order. */
#ifndef HOT_PROG_H
#define HOT_PROG_H
#include "callgraph.h"
#include <string.h>

static inline ca_program *prog_new(void) {
  arena *a = arena_new();
  ca_program *p = arena_alloc(a, sizeof *p);
  p->arena = a;
  p->root = "/src";
  return p;
}

static inline int prog_func_add(ca_program *p, const char *name, const char *file, bool defined) {
  prog_func f = {.id = arena_printf(p->arena, "c:@F@%s", name), .name = name, .file = file,
                 .line = 1 + (unsigned)p->funcs.len, .col = 1, .defined = defined};
  VEC_PUSH(p->arena, &p->funcs, f);
  return (int)p->funcs.len - 1;
}

static inline int prog_loop_add(ca_program *p, int func, int parent, unsigned line) {
  prog_loop l = {.func = func, .parent = parent, .kind = FACTS_LOOP_FOR,
                 .file = p->funcs.items[func].file, .line = line, .col = 3,
                 .depth = parent >= 0 ? p->loops.items[parent].depth + 1 : 1};
  VEC_PUSH(p->arena, &p->loops, l);
  return (int)p->loops.len - 1;
}

/* A call at line; loop is the innermost loop or -1; size is argument 0's
 * constant value when >= 0. Returns the call's index. */
static inline int prog_call_add(ca_program *p, int caller, int callee, int loop, unsigned line,
                         long long size) {
  prog_call c = {.caller = caller, .callee = callee, .site = -1, .loop = loop, .line = line,
                 .col = 5, .file = p->funcs.items[caller].file, .nargs = 2,
                 .loop_depth = loop >= 0 ? p->loops.items[loop].depth : 0};
  if (size >= 0) c.argconst[0] = size, c.argconst_ok[0] = true;
  VEC_PUSH(p->arena, &p->calls, c);
  return (int)p->calls.len - 1;
}

static inline void prog_free(ca_program *p) { arena_free(p->arena); }
#endif
