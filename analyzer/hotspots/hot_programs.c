/* hot_programs.c: which functions each program of a tree reaches.
 *
 * A tree that builds several programs (Redis's server, redis-cli and
 * redis-benchmark each define main) is one call graph, and the code the
 * programs share (an event loop, string and list helpers) would add up
 * what every program's loops bring it: the benchmark's loop around the
 * shared event loop then runs the server's callbacks, reached through
 * the loop's pointers, a thousand times over. Heat is therefore worked
 * out per program (hot_heat.c takes, per function, the largest over the
 * programs that reach it).
 *
 * A program is a defined main. Its files are those of the functions its
 * main reaches through direct calls: those are linked into it. Beyond
 * them it reaches, through any carrying call, every function a direct
 * call leads to, and through a pointer only functions in its own files
 * or in files no other program's direct calls reach (a command table's
 * handlers, reached only through pointers, belong to whoever calls
 * them); the same for a call that binds to one of several definitions
 * of a function. Functions no main reaches (entry points of their own: a
 * callback without --pointer, dead code) start every program's walk as
 * they start the single walk of a tree with one main.
 * Invariant: n == 0 (one program: nothing to split) or n >= 2 and reach
 * holds n arrays of p->funcs.len flags. */
#include "hotspots/hot.h"
#include <stdlib.h>
#include <string.h>

typedef struct named { const char *file; int func; } named;

static int by_file(const void *a, const void *b) {
  const named *x = a, *y = b;
  int d = strcmp(x->file, y->file);
  return d ? d : x->func - y->func;
}

/* Per function, a number for its file (equal files, equal numbers). */
static int *file_ids(const ca_program *p, arena *a) {
  size_t n = p->funcs.len;
  named *order = arena_alloc(a, (n + 1) * sizeof *order);
  int *id = arena_alloc(a, (n + 1) * sizeof *id);
  if (!order || !id) return NULL;
  for (size_t i = 0; i < n; i++) order[i] = (named){p->funcs.items[i].file ? p->funcs.items[i].file : "", (int)i};
  qsort(order, n, sizeof *order, by_file);
  int next = -1;
  for (size_t i = 0; i < n; i++) {
    if (i == 0 || strcmp(order[i - 1].file, order[i].file) != 0) next++;
    id[order[i].func] = next;
  }
  return id;
}

static bool is_main(const prog_func *f) { return f->defined && f->name && strcmp(f->name, "main") == 0; }

/* Marks what the walk from the marked functions in seen reaches: over
 * direct carrying calls only (direct), or over any carrying call whose
 * callee may belong to program k (mine: its file's count of reaching
 * programs, own[]: program k's direct files). */
typedef struct walk {
  const ca_program *p;
  const bool *carry;
  const int *file;
  const unsigned char *own;     /* per file: in this program's direct files */
  const unsigned *claims;       /* per file: how many programs' direct files hold it */
  bool direct;
} walk;

/* A call through a pointer, or to a function the tree defines in several
 * places (the candidates of a call with no definition in its own TU:
 * _serverAssert in the server's debug.c and in the tools' redisassert.c),
 * says nothing of what the program links. */
static bool may_enter(const walk *w, const prog_call *c) {
  if (!c->indirect && !w->p->funcs.items[c->callee].duplicate) return true;
  if (w->direct) return false;
  int f = w->file[c->callee];
  return w->own[f] || w->claims[f] == 0;
}

static void spread(const walk *w, unsigned char *seen, int *stack) {
  size_t n = w->p->funcs.len, top = 0;
  for (size_t f = 0; f < n; f++)
    if (seen[f]) stack[top++] = (int)f;
  while (top) {
    int f = stack[--top];
    for (size_t e = 0; e < w->p->nout[f]; e++) {
      int ci = w->p->out[f][e];
      const prog_call *c = &w->p->calls.items[ci];
      if (!w->carry[ci] || seen[c->callee] || !may_enter(w, c)) continue;
      seen[c->callee] = 1, stack[top++] = c->callee;
    }
  }
}

ca_status hot_programs_find(const ca_program *p, const bool *carry, const bool *start, arena *a,
                            hot_programs *out) {
  size_t n = p->funcs.len, nmains = 0;
  out->n = 0, out->reach = NULL;
  for (size_t f = 0; f < n; f++) nmains += is_main(&p->funcs.items[f]);
  if (nmains < 2) return CA_OK;
  int *file = file_ids(p, a), *stack = arena_alloc(a, (n + 1) * sizeof *stack);
  int *mains = arena_alloc(a, (nmains + 1) * sizeof *mains);
  unsigned char **own = arena_alloc(a, (nmains + 1) * sizeof *own);
  unsigned *claims = arena_alloc(a, (n + 1) * sizeof *claims);
  unsigned char *any = arena_alloc(a, n + 1), *tmp = arena_alloc(a, n + 1);
  out->reach = arena_alloc(a, (nmains + 1) * sizeof *out->reach);
  if (!file || !stack || !mains || !own || !claims || !any || !tmp || !out->reach) return CA_ERR_NOMEM;
  memset(claims, 0, (n + 1) * sizeof *claims);
  memset(any, 0, n + 1);
  size_t k = 0;
  for (size_t f = 0; f < n; f++)
    if (is_main(&p->funcs.items[f])) mains[k++] = (int)f;
  /* each program's direct files; what any main reaches at all */
  for (k = 0; k < nmains; k++) {
    walk w = {p, carry, file, NULL, NULL, true};
    memset(tmp, 0, n + 1);
    tmp[mains[k]] = 1;
    spread(&w, tmp, stack);
    if (!(own[k] = arena_alloc(a, n + 1))) return CA_ERR_NOMEM;
    memset(own[k], 0, n + 1);
    for (size_t f = 0; f < n; f++)
      if (tmp[f] && !own[k][file[f]]) own[k][file[f]] = 1, claims[file[f]]++;
  }
  for (k = 0; k < nmains; k++) {
    walk w = {p, carry, file, own[k], claims, false};
    memset(tmp, 0, n + 1);
    tmp[mains[k]] = 1;
    spread(&w, tmp, stack);
    for (size_t f = 0; f < n; f++) any[f] |= tmp[f];
  }
  for (k = 0; k < nmains; k++) {
    unsigned char *r = out->reach[k] = arena_alloc(a, n + 1);
    if (!r) return CA_ERR_NOMEM;
    memset(r, 0, n + 1);
    r[mains[k]] = 1;
    for (size_t f = 0; f < n; f++)
      if (start[f] && !any[f] && !is_main(&p->funcs.items[f])) r[f] = 1; /* an entry no main reaches */
    walk w = {p, carry, file, own[k], claims, false};
    spread(&w, r, stack);
  }
  out->n = nmains;
  return CA_OK;
}
