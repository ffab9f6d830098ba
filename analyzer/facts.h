/* facts.h: what the frontend extracts from one translation unit.
 *
 * Facts are the only thing that crosses from libclang to the rest of the
 * analysis: plain structs, no libclang types, every string and array in the
 * TU's arena. A TU's facts die with facts_tu_free(). Indices (func, loop)
 * refer to this TU's own arrays until link.c merges TUs into a program.
 *
 * File names are as libclang reports them (absolute when the compile command
 * used absolute paths); report code makes them relative to the analysed root. */
#ifndef CA_FACTS_H
#define CA_FACTS_H
#include "base/arena.h"
#include "base/strmap.h"
#include <stdbool.h>

typedef struct facts_func {
  const char *usr;    /* clang USR; internal ones name only the file's basename */
  const char *name;
  const char *file;   /* of the definition, else of the first declaration seen */
  unsigned line, col;
  bool internal;      /* static (or static inline) */
  bool defined;       /* has a body in this TU */
  bool variadic;
  bool implicit;      /* implicitly declared (C89 call without a prototype) */
  unsigned nparams;
  const char *type;   /* canonical type spelling, e.g. "int (int, char *)" */
  bool ends_process;  /* its body ends in a call that never returns (exit, abort):
                         it runs at most once per process (hot_branch.c) */
} facts_func;

typedef enum facts_loop_kind { FACTS_LOOP_FOR, FACTS_LOOP_WHILE, FACTS_LOOP_DO } facts_loop_kind;

typedef struct facts_loop {
  int func;           /* enclosing function (index into funcs) */
  int parent;         /* enclosing loop, or -1 */
  facts_loop_kind kind;
  const char *file;
  unsigned line, col;
  unsigned depth;     /* 1 for an outermost loop */
  /* 1 + the function's parameter k when the loop counts up to it (for
   * (i = 0; i < n; i++) with n parameter k) and its trip is unknown:
   * a caller that passes a constant there decides the trips (hot_freq.c). */
  unsigned char bound_param;
  /* Expected iterations per entry (hot_branch.c), 0 when unknown: a small
   * constant bound (for (i = 0; i < 8; i++): 8), a loop that retries only
   * while an allocation failed or, a few attempts at most, while a status
   * says try again (FACTS_TRIP_RETRY; FACTS_TRIP_RETRIED for such a
   * do-while, whose body runs once first), a grow-and-retry loop
   * that leaves as soon as the data fits (1), a main loop that runs until
   * a flag says stop (FACTS_TRIP_MAIN), a loop that drains a queue other
   * code fills (FACTS_TRIP_DRAIN: about once a pass; not 1, which says
   * grow-and-retry to the advice, and a whole number of hundredths, as
   * the fact cache keeps trips), a walk along a chain of nodes
   * (FACTS_TRIP_WALK), a count kept in a field (FACTS_TRIP_FIELD), a
   * counter up to a variable (FACTS_TRIP_COUNT). */
  double trip;
} facts_loop;

#define FACTS_TRIP_RETRY 0.05
#define FACTS_TRIP_RETRIED 1.05
#define FACTS_TRIP_MAIN 1000
#define FACTS_TRIP_DRAIN 0.99
/* A loop along a chain of nodes (p = p->next): see hot_branch.c walk_loop. */
#define FACTS_TRIP_WALK 2
/* A counter against a count in a field (i < list->n): field_count_loop. */
#define FACTS_TRIP_FIELD 2
/* A counter against a variable (i < n): variable_count_loop. */
#define FACTS_TRIP_COUNT 3

/* Branch facts (hot_branch.c). For each condition that encloses a call, what
 * it tests and which side the call is on: one bit per heuristic and side,
 * set when that heuristic predicts the side to be taken rarely. The
 * estimator (analyzer/hotspots/hot_freq.c) turns them into probabilities. */
typedef enum facts_hint {
  FACTS_HINT_GROW,    /* capacity check: the side that writes a compared variable (growth) */
  FACTS_HINT_CACHE,   /* null test whose null side fills the tested pointer (a cache) */
  FACTS_HINT_NULL,    /* null test: the null side (pointer heuristic) */
  FACTS_HINT_RETURN,  /* the side ends in a return */
  FACTS_HINT_ERROR,   /* the side ends in a goto (cleanup label) or returns -1, -E.., NULL */
  FACTS_HINT_EXIT,    /* the side calls a function that never returns (abort, exit, longjmp) */
  FACTS_HINT_EXPECT,  /* __builtin_expect(cond, k): the side the programmer expects not */
  FACTS_HINT_ONCE,    /* a static flag's clear side that sets it: once per process */
  FACTS_HINT_FLAG,    /* a global or static flag's raised side: work done now and then */
  FACTS_HINT_LIMIT,   /* a comparison with a constant limit: the side past it (a fallback
                         to the heap when a stack buffer is too small) */
  FACTS_HINT_DEAD,    /* a constant condition (sizeof tests in macros, if (0)): the side
                         it never takes */
  FACTS_HINT_BITS,    /* a test of bits of a flag word (flags & K): the side where they are set */
  FACTS_NHINTS
} facts_hint;

enum { FACTS_MAXARMS = 6 };

/* A condition that tests one of its function's parameters against a
 * constant (if (trymalloc), if (size == 0), if (flags & F)): a caller
 * that passes a constant there decides the side (hot_freq.c). */
typedef enum facts_ptest_op {
  FACTS_PTEST_EQ, FACTS_PTEST_NE, FACTS_PTEST_LT, FACTS_PTEST_LE, FACTS_PTEST_GT, FACTS_PTEST_GE,
  FACTS_PTEST_AND,  /* param & k is not 0 */
  FACTS_PTEST_NAND, /* param & k is 0 */
  FACTS_PTEST_NOPS
} facts_ptest_op;

typedef struct facts_ptest {
  unsigned char param; /* 1 + the parameter's index; 0: the condition is no such test */
  unsigned char op;    /* facts_ptest_op: the condition holds when param op k */
  unsigned char only;  /* 0: the condition is that test. 1 + s: an operand of a chain
                          that side s needs (0 holds, 1 does not): `p && x` holds only
                          where p != 0, `p || x` fails only where p == 0 (op is then
                          what that side needs); the other side says nothing of it */
  long long k;
} facts_ptest;
/* Bit of hint h predicting side (0 the condition holds, 1 it does not) rare. */
#define FACTS_RARE(h, side) (1u << (2 * (unsigned)(h) + (unsigned)(side)))
#define FACTS_ARM_ELSE (1u << 30) /* the call is on the side where the condition does not hold */
/* The call is in one of n cases of a switch (n < 1024): taken 1 time in n. */
#define FACTS_ARM_CASE (1u << 31)
#define FACTS_ARM_CASES(n) (FACTS_ARM_CASE | ((unsigned)((n) < 1023 ? (n) : 1023) << 20))
#define FACTS_ARM_NCASES(arm) (((arm) >> 20) & 1023u)
/* The call's side ends by leaving every loop around its condition (a
 * return, a call that never returns, a goto past them: FACTS_ARM_LEAVES)
 * or the innermost one (a break: FACTS_ARM_BREAKS): taken at most once
 * per entry of the loop it leaves, however many times the loops inside
 * that one run. Not for a switch case. */
#define FACTS_ARM_LEAVES (1u << 29)
#define FACTS_ARM_BREAKS (1u << 28)
#define FACTS_ARM_LEAVING(arm) (!((arm) & FACTS_ARM_CASE) && ((arm) & (FACTS_ARM_LEAVES | FACTS_ARM_BREAKS)))
/* How many loops of the function enclose the arm's condition (at most
 * 15): bits 24-27, or 0-3 for a switch case, whose hint bits are free. */
#define FACTS_ARM_DEPTH(arm) ((arm) & FACTS_ARM_CASE ? (arm) & 15u : ((arm) >> 24) & 15u)
#define FACTS_ARM_AT_DEPTH(arm, d) \
  ((arm) | ((arm) & FACTS_ARM_CASE ? ((unsigned)(d) & 15u) : ((unsigned)(d) & 15u) << 24))
/* Is the call of this arm on the side hint h predicts rare? (A switch
 * case's bits hold its count, no hint.) */
#define FACTS_ARM_RARE(arm, h) \
  (!((arm) & FACTS_ARM_CASE) && ((arm) & FACTS_RARE(h, ((arm) & FACTS_ARM_ELSE) ? 1 : 0)))

enum { FACTS_MAXARGS = 4 };

typedef struct facts_call {
  int caller;         /* index into funcs (the function whose body holds the call) */
  int callee;         /* index into funcs for a direct call, -1 when indirect */
  const char *file;   /* expansion location: a call in a macro counts where it is expanded */
  unsigned line, col;
  unsigned loop_depth;
  int loop;           /* innermost enclosing loop, or -1 */
  unsigned nargs;
  /* Integer constant arguments (sizes, for hotspots): argconst_ok[i] tells. */
  long long argconst[FACTS_MAXARGS];
  bool argconst_ok[FACTS_MAXARGS];
  /* Names of plain variables involved, for alloc/free pairing in one loop body:
   * the variable the result is assigned to ("p" in p = f(n)) and the
   * variable passed as first argument ("p" in free(p)); NULL when not simple. */
  const char *result_var;
  const char *arg0_var;
  /* Filled by hot_extract.c (allocation wrappers and growth, for hotspots): */
  bool returned;      /* the caller returns this call's value: return f(..); or v = f(..); return v; */
  bool carved;        /* ..or a pointer carved from it (p + HDR, c->block + c->used):
                         the caller hands out pieces of the block on every call */
  /* Memory handed back through a parameter (int make(T **out) { *out = p; }):
   * stored is 1 + the caller's parameter k when `*pk = <this call>` (or
   * v = <this call>; *pk = v;), else 0. out_arg is 1 + i for the first
   * argument i that is &v (out_var names v: "p", or "c.buf" for &c->buf),
   * else 0; out_hand says how the caller hands v on: FACTS_HAND_RETURN
   * (return v;), FACTS_HAND_PARAM + k (*pk = v;) or FACTS_HAND_NONE. */
  unsigned char stored, out_arg, out_hand;
  const char *out_var;
  unsigned char arg_param[FACTS_MAXARGS]; /* 1 + the caller's parameter passed as argument i; 0 if none */
  unsigned char arg_grow[FACTS_MAXARGS];  /* FACTS_GROW_*: argument i is x + k or x * k, k constant */
  /* For a call through a pointer: the pointer's name when it says it
   * allocates ("frealloc" in (*g->frealloc)(..), "xMalloc", "Curl_cmalloc"),
   * else NULL. Lets hotspots see allocation wrappers without --pointer. */
  const char *alloc_ptr;
  /* The conditions around the call in its function, innermost first (at
   * most FACTS_MAXARMS): FACTS_RARE bits | FACTS_ARM_ELSE. */
  unsigned arms[FACTS_MAXARMS];
  facts_ptest *ptests; /* NULL when no arm's condition tests a parameter, else narms
                          entries: arms[i]'s condition as a parameter test */
  unsigned char narms;
  /* The innermost arm whose condition is a null test of a plain variable
   * (if (!p), if ((p = f(n)) == NULL), or an operand of && that holds for
   * null: if (!p && n != 0)): 1 + its index, and the variable's
   * name; 0 and NULL when none. hotspots reads a test of an allocator's
   * result as an allocation failure (hot_freq.c). */
  unsigned char null_arm;
  const char *null_var;
} facts_call;

/* FACTS_GROW_EXIT marks argument 0 of a call to a *free* function that a
 * return follows on the same or the next line: an error-path free, not the
 * end of an object's life in a loop iteration. */
enum { FACTS_GROW_NONE, FACTS_GROW_ADD, FACTS_GROW_MUL, FACTS_GROW_EXIT };

/* facts_call.out_hand: how the caller hands on the variable an out argument filled. */
enum { FACTS_HAND_NONE, FACTS_HAND_RETURN, FACTS_HAND_PARAM };

typedef struct facts_diag {
  const char *file;
  unsigned line, col;
  const char *severity; /* "error" or "fatal" */
  const char *message;
} facts_diag;

enum { FACTS_MAXDIAGS = 5 };

typedef struct facts_tu {
  arena *arena;
  const char *main_file;
  VEC(facts_func) funcs;
  VEC(facts_loop) loops;
  VEC(facts_call) calls;
  unsigned nerrors;              /* error + fatal diagnostics */
  VEC(facts_diag) diags;         /* the first FACTS_MAXDIAGS of them */
  VEC(facts_diag) cmdline;       /* warnings about the arguments (no position; file NULL),
                                    the first FACTS_MAXDIAGS */
  bool parse_failed;             /* libclang produced no TU at all */
  strmap usr_index;              /* USR -> index into funcs */
  void *pt;                      /* points-to constraints (pointsto module); NULL unless --pointer */
  void *hot;                     /* hot_extract.c scratch while the TU is walked; NULL after */
  void *branch;                  /* hot_branch.c side stack while the TU is walked */
  void *xref;                    /* cross-references for --html (html/xref.h); NULL unless asked */
  VEC(const char *) inputs;      /* FRONTEND_INPUTS: every file the TU read, main file first */
} facts_tu;

facts_tu *facts_tu_new(const char *main_file);
void facts_tu_free(facts_tu *tu);
/* "for", "while" or "do": how reports name a loop kind. */
const char *facts_loop_kind_name(facts_loop_kind kind);
/* Index of the function with this USR in tu, adding it if new; -1 on OOM. */
int facts_func_intern(facts_tu *tu, const char *usr, const char *name);
#endif
