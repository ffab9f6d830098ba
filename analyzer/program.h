/* program.h: the whole program after link.c merged every TU's facts.
 *
 * Invariants once ca_analyze returns:
 * - funcs are sorted by id and ids are unique: an external function is one
 *   node however many TUs declare or define it, unless TUs define it in
 *   several places (the main of each program of a tree): then each place is
 *   a node marked duplicate, and they form a ring through next_def; an internal one is one
 *   node per defining file (a static inline in a header is one node).
 * - a call binds to the definition in its own TU when there is one, else to
 *   every definition in the ring (a call per candidate).
 * - calls are sorted by (caller id, file, line, col, callee id); every call
 *   has a caller. An indirect call site is one call with callee -1 until the
 *   points-to analysis resolves it; then each (site, target) pair is a call
 *   with indirect set and that target as callee, and the -1 entry remains
 *   only for sites with no target.
 * - indirect call sites (isites) are sorted like calls; after the points-to
 *   analysis each holds its resolved targets (sorted by func index).
 * - file names are relative to p->root where they lie below it.
 * Everything lives in p->arena. */
#ifndef CA_PROGRAM_H
#define CA_PROGRAM_H
#include "canalyze.h"
#include "facts.h"

typedef struct prog_func {
  const char *id, *name, *file;
  unsigned line, col;
  bool internal, defined, variadic, implicit;
  unsigned nparams;
  const char *type;
  bool address_taken;   /* filled by the points-to analysis */
  bool ends_process;    /* copied from facts_func */
  bool duplicate;       /* an external function defined in several places ... */
  int next_def;         /* ... and the next of them (a ring, in id order) */
} prog_func;

typedef struct prog_loop {
  int func, parent;
  facts_loop_kind kind;
  const char *file;
  unsigned line, col, depth;
  double trip;          /* copied from facts_loop: expected iterations, 0 unknown */
  unsigned char bound_param; /* copied from facts_loop */
} prog_loop;

typedef struct prog_call {
  int caller;
  int callee;           /* the called function; -1 for an unresolved indirect call */
  bool indirect;        /* through a pointer: callee is a resolved target, or -1 */
  int site;             /* index into isites for an indirect call, else -1 */
  const char *file;
  unsigned line, col, loop_depth;
  int loop;             /* index into loops, or -1 */
  unsigned nargs;
  long long argconst[FACTS_MAXARGS];
  bool argconst_ok[FACTS_MAXARGS];
  const char *result_var, *arg0_var;
  unsigned ordinal;     /* n-th call with this caller, position and callee in its
                           TU (two calls in one macro expansion share a position) */
  bool returned, carved; /* copied from facts_call (hot_extract.c) */
  unsigned char stored, out_arg, out_hand; /* copied from facts_call (hot_extract.c) */
  const char *out_var;  /* copied from facts_call; in p->arena */
  unsigned char arg_param[FACTS_MAXARGS], arg_grow[FACTS_MAXARGS];
  const char *alloc_ptr;  /* copied from facts_call (hot_extract.c); in p->arena */
  unsigned arms[FACTS_MAXARMS]; /* copied from facts_call (hot_branch.c) */
  const facts_ptest *ptests; /* copied from facts_call (hot_branch.c); in p->arena */
  unsigned char narms;
  unsigned char null_arm;  /* copied from facts_call (hot_branch.c) */
  const char *null_var;    /* copied from facts_call; in p->arena */
} prog_call;

typedef struct prog_site {
  int call;             /* the prog_call of this site */
  int *targets;         /* resolved callees (func indices), sorted */
  size_t ntargets;
} prog_site;

typedef struct prog_diag_tu {
  const char *file;     /* the TU's main file */
  bool unparsed;        /* nothing of it analysed: libclang made no TU, or the
                           file could not be read (project.c) */
  unsigned nerrors;
  VEC(facts_diag) diags;
} prog_diag_tu;

/* A warning about the command line, once for all the TUs that got it. */
typedef struct prog_warning {
  const char *message;
  VEC(const char *) tus; /* main files, in TU order */
} prog_warning;

/* Results of --pointer, for the text summary and JSON. */
typedef struct prog_pt_stats {
  bool ran;
  size_t sites, resolved, max_targets, unknown_externals, iterations;
  double mean_targets, solve_ms;
} prog_pt_stats;

/* A file's absolute path and its name in reports (link_relpath). */
typedef struct prog_relpath { const char *abs, *rel; } prog_relpath;

struct ca_program {
  arena *arena;
  const char *root;     /* absolute path the report is relative to */
  const char *compdb;   /* the compile_commands.json used, or NULL */
  VEC(prog_func) funcs;
  VEC(prog_loop) loops;
  VEC(prog_call) calls;
  VEC(prog_site) isites;
  VEC(prog_diag_tu) errors; /* TUs that had errors, sorted by file */
  VEC(prog_warning) warnings; /* distinct command-line warnings, in order of first TU */
  size_t ntus;
  size_t ntus_cached;   /* of them, read from the fact cache */
  bool hot_facts;       /* branch sides and loop trip counts were extracted (ca_options.hotspots) */
  const char *cache_warning; /* cache files ignored or not written, or NULL */
  /* Adjacency, built by callgraph_index(): out[f] / in[f] list call indices. */
  int **out, **in;
  size_t *nout, *nin;
  strmap relpath_index;  /* absolute path -> index into relpaths (link_relpath) */
  VEC(prog_relpath) relpaths;
  int relpath_last;      /* link_relpath's last answer + 1; 0: none yet */
  prog_pt_stats pt;
  VEC(const char *) allocators; /* named allocators: --allocator and canalyze.conf */
  void *pt_state;       /* the solved points-to graph, for --points-to queries */
  void (*pt_free)(void *);
  struct xref_prog *xref; /* tokens and cross-references for --html (html/xref.h), or NULL */
};

int program_find_func(const ca_program *p, const char *name_or_id); /* -1 if none */
#endif
