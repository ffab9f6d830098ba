/* hot.h: the hotspots analysis shared by its writers (text, JSON, SARIF) and
 * by render (node heat, --hot). Internal to libcanalyze.
 *
 * Heat is an estimate of how often code runs, as log10 of executions per run
 * of the program: a call runs as often as its function times its local
 * frequency (hot_freq.c: the conditions it sits behind and its loops), a
 * call passes that on (summed over call sites, over call paths of at most
 * 8 calls: see hot_heat.c), but a call that closes a cycle (a back
 * edge) only 0.1% of it, and a function in a cycle of calls (recursion) is
 * multiplied by its expected trips round the cycle, at most 10. A site's
 * heat is its caller's heat plus log10
 * of its local frequency (with the sides its callers' constant arguments
 * decide) and of its allocator's rate.
 *
 * Invariants of a hot_result: findings are sorted by score (highest first),
 * then file, line, column and kind, so every writer ranks them the same way;
 * everything lives in the result's own arena, freed by hot_free. */
#ifndef CA_HOT_H
#define CA_HOT_H
#include "program.h"

typedef enum hot_kind {
  HOT_ALLOC,         /* an allocation; ranked by heat alone */
  HOT_SMALL,         /* small constant size, in a hot place */
  HOT_REALLOC_GROW,  /* realloc growing by a constant, in a loop */
  HOT_TRANSIENT,     /* allocated and freed in the same loop iteration */
  HOT_LARGE_CLEAR,   /* large calloc or memset, in a hot place */
  HOT_LOCK,          /* mutex or rwlock taken in a hot place */
  HOT_SMALL_IO,      /* read/write/send/recv/fread/fwrite of a small constant size */
  HOT_NKINDS
} hot_kind;

/* Stable names used in JSON, SARIF rule ids and text: "alloc", "small-alloc", ... */
const char *hot_kind_name(hot_kind k);
const char *hot_kind_title(hot_kind k); /* one-line rule description */

/* How much a finding matters: its estimated share of allocations (or of
 * executions): hot >= 1%, warm >= 0.1%, cold below. */
typedef enum hot_class { HOT_CLASS_HOT, HOT_CLASS_WARM, HOT_CLASS_COLD } hot_class;
const char *hot_class_name(hot_class c); /* "hot", "warm", "cold" */

typedef struct hot_finding {
  hot_kind kind;
  int call;            /* the site: an index into p->calls */
  const prog_call *site; /* &p->calls.items[call] */
  const char *what;    /* the allocator, wrapper or function called */
  double heat, score;
  int *path;           /* call indices from the hot loop's call down to the site */
  size_t npath;
  int *loops;          /* prog_loop indices: the site's loops, then those along the path */
  size_t nloops;
  int recursion;       /* a recursive function on the path (heat from recursion), or -1 */
  const char *message; /* one line: what and what to do */
  bool allocates;      /* an allocation site (alloc, small-alloc, realloc-growth, ...) */
  double share;        /* estimated share of all allocations (allocating findings), or
                          of the executions of the findings of its kind, in [0, 1] */
  hot_class cls;       /* hot, warm or cold, by share (hot_class_of) */
} hot_finding;

typedef struct hot_result {
  arena *arena;
  size_t nfuncs;
  double *heat;        /* per function: log10 of estimated calls per run */
  int *best_in;        /* per function: the call that brings it most heat, or -1 */
  bool *recursive;     /* per function: in a cycle of calls (recursion) */
  double *trips;       /* per function: its cycle's expected passes per entry (1 outside
                          cycles; at most 10) */
  bool *head;          /* per function: a cycle returns to it (target of a back edge) */
  bool *back;          /* per call: closes a cycle (a DFS from main, most frequent calls
                          first); carries only 0.1% of its frequency */
  bool *wrapper;       /* per function: returns fresh heap memory (an allocator or wrapper) */
  unsigned char *failing; /* per call: 1 + the arm that tests an allocator's result for
                          null (hot_find_failing), 0 if none; NULL before it is known */
  double *local;       /* per call: executions per entry of its caller (hot_local_freq),
                          averaged over the callers' constant arguments (hot_heat.c) */
  struct hot_model *models; /* per function: what it does to memory (hot_model.c, hot_wrap.c) */
  hot_finding *findings;
  size_t nfindings;
} hot_result;

/* Can call c reach its callee? Always for a direct call; for a resolved
 * target of a call through a pointer, only if the target takes that many
 * arguments (or is variadic, or unprototyped): points-to sets are
 * over-approximations and a 3-argument callback cannot be the 4-argument
 * allocator. */
bool hot_call_fits(const ca_program *p, const prog_call *c);

/* Analyses p into *out. On CA_ERR_NOMEM out holds nothing to free. */
ca_status hot_analyze(const ca_program *p, hot_result *out);
void hot_free(hot_result *r);

/* ---- steps, one file each ---- */

/* hot_model.c: what the library functions do. */
typedef enum hot_role {
  ROLE_NONE,
  ROLE_ALLOC,        /* returns fresh heap memory */
  ROLE_FILL,         /* grows a buffer the caller passes (getline): no new object */
  ROLE_FREE,
  ROLE_MEMSET,
  ROLE_LOCK,
  ROLE_IO
} hot_role;

typedef struct hot_model {
  hot_role role;
  signed char size_arg;  /* the argument holding the size in bytes, or -1 */
  signed char count_arg; /* calloc/fread-style element count, or -1 */
  signed char ptr_arg;   /* ROLE_FREE: the argument freed, or -1 */
  bool resizes;          /* realloc-style: it takes the old block */
  bool zeroes;           /* calloc: the memory is cleared */
  long long bytes;       /* a wrapper that always allocates this many bytes; 0 unknown */
  double rate;           /* allocations per call: 1 for the library; a wrapper that
                            allocates behind a capacity check, much less */
  bool reuses;           /* getline/getdelim: grows the caller's buffer, reusing it */
  signed char out_arg;   /* ROLE_ALLOC: the argument (T **) the memory is stored
                            through (posix_memalign, int make(T **out)); -1: returned */
} hot_model;

/* The model of a function by name; role ROLE_NONE when it has none. */
hot_model hot_model_of(const char *name);
/* An allocator named by the user (--allocator, canalyze.conf): fresh
 * memory, size unknown. */
hot_model hot_model_named(void);
/* The model of an unresolved call through a pointer named *alloc*
 * (c->alloc_ptr, c->callee -1): an allocator whose size is its last
 * argument (frealloc(ud, p, osize, nsize), xMalloc(n)); ROLE_NONE otherwise. */
hot_model hot_model_of_pointer(const prog_call *c);
/* The model of what c calls: its callee's (models), or for an unresolved
 * call through a pointer hot_model_of_pointer's, built in *scratch. */
const hot_model *hot_model_at(const hot_model *models, const prog_call *c, hot_model *scratch);

/* The constant number of bytes call c to a function modelled by m asks for
 * (size x count, or the wrapper's fixed size); false when unknown. */
bool hot_const_bytes(const prog_call *c, const hot_model *m, long long *bytes);

/* hot_freq.c: static frequencies inside a function. */
/* Probability that a call on this side (a facts_call.arms entry) runs. */
double hot_side_prob(unsigned arm);
/* A heuristic's name in JSON and docs/hotspots.md's table: "grow", "null", .. */
const char *hot_hint_name(facts_hint h);
/* Expected iterations of loop per entry (its trip, else 10). */
double hot_loop_trip(const ca_program *p, int loop);
/* The product of the trips of the loops around call c (1 outside loops). */
double hot_loop_trips(const ca_program *p, const prog_call *c);
/* Expected executions of call c per entry of its function: the product of
 * its sides' probabilities and its loops' trips. r (may be NULL) tells
 * which null tests test an allocator's result (hot_find_failing). */
double hot_local_freq(const ca_program *p, const hot_result *r, const prog_call *c);
/* The same for a call that closes a cycle of calls (recursion): only the
 * heuristics that mark a side as exceptional count (growth, cache, limit,
 * error, exit, expect, once, dead). A recursion's own base case (if (!n) return)
 * is its loop exit, so the pointer, return and flag heuristics, switch
 * cases and unknown conditions leave the recursive side at 1. */
double hot_cycle_freq(const ca_program *p, const hot_result *r, const prog_call *c);
/* The probability of the side call c is on at its arm i, as the two
 * above read it. */
double hot_side_freq(const ca_program *p, const hot_result *r, const prog_call *c, unsigned i);
/* Is c's arm i a null test of what an allocator returned? */
bool hot_failing(const ca_program *p, const hot_result *r, const prog_call *c, unsigned i);
/* The side (0 the condition holds, 1 it does not) a null test's arm
 * marks null, by its null or cache bits. */
unsigned hot_null_side(unsigned arm);
/* Marks, per call, the arm (1 + index) whose condition tests for null a
 * variable whose last assignment before the call is an allocator's result
 * (p = alloc(n); if (!p) oom(n);): its null side is the allocation
 * failing. Needs the models (hot_wrappers). */
ca_status hot_find_failing(const ca_program *p, hot_result *r, const hot_model *models);
/* Is c on the side a constant condition never takes (facts: the dead
 * hint)? Such a call cannot run: no finding. */
bool hot_dead(const prog_call *c);
/* Call c's local frequency (hot_local_freq) when its function is entered
 * by call in, whose constant arguments decide some of c's conditions
 * (facts_ptest: _sdsnewlen(.., 0) never takes `if (trymalloc)`): 0 when
 * one excludes c's side, the estimate again with each side they confirm
 * taken for certain, local (c's hot_local_freq, known to the caller)
 * when none is decided. A test of one operand of a chain
 * (facts_ptest.only) can exclude its side, never confirm it. */
double hot_args_freq(const ca_program *p, const hot_result *r, const prog_call *c, const prog_call *in,
                     double local);
/* The same for the loops around c that count up to a parameter
 * (prog_loop.bound_param) when in passes a constant k there: k trips
 * in place of the estimate's (clear(page, 10): 10; 0: the loop never
 * runs). 1 when no such loop is decided. */
double hot_loop_args_factor(const ca_program *p, const prog_call *c, const prog_call *in);
/* Is c inside a loop that counts up to a parameter? */
bool hot_loop_bound_by_param(const ca_program *p, const prog_call *c);

/* hot_programs.c: in a tree with several mains, the functions each
 * program reaches (reach[k][f]); n 0 when there is one program. start:
 * per function, an entry point of the walk (nothing carries a call to it,
 * or no entry point reaches it). */
typedef struct hot_programs { size_t n; unsigned char **reach; } hot_programs;
ca_status hot_programs_find(const ca_program *p, const bool *carry, const bool *start, arena *a,
                            hot_programs *out);

/* hot_heat.c: fills heat, best_in, recursive, head and back. */
ca_status hot_heat(const ca_program *p, hot_result *r);

/* hot_wrap.c: fills wrapper[] and, per function, the model a wrapper
 * inherits from what it returns (its size parameter, realloc-ness); with
 * rates, also how many blocks each makes per call (constructors folded),
 * which needs the heat's back edges and local frequencies. */
ca_status hot_wrappers(const ca_program *p, hot_result *r, hot_model *models, bool rates);
/* Is c an allocation a constructor makes besides what it returns (in a
 * wrapper that has callers, outside its loops)? Counted in the wrapper's
 * rate and reported at its callers' sites instead of its own. */
bool hot_folded(const ca_program *p, const hot_result *r, const hot_model *models, const prog_call *c);
/* How call c hands the memory its callee (model m) makes to c's caller:
 * FACTS_HAND_NONE, FACTS_HAND_RETURN, or FACTS_HAND_PARAM + k (stored
 * through the caller's parameter k). */
int hot_hands(const prog_call *c, const hot_model *m);
/* Is c the call through which its caller, a wrapper, hands memory on (by
 * the wrapper's own channel: its return value or its out argument)? */
bool hot_wrapping(const ca_program *p, const hot_result *r, const hot_model *models, const prog_call *c);

/* hot_find.c: the findings, ranked. */
ca_status hot_findings(const ca_program *p, hot_result *r, const hot_model *models);

/* Where to cut: --top N, or everything. */
size_t hot_count(const hot_result *r, const ca_view *v);
#endif
