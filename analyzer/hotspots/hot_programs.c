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

/* A walk over carrying calls: direct calls only (what a program links),
 * or any call that may enter its callee for the program whose direct
 * files are own. */
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

typedef struct scratch {
  const ca_program *p;
  const bool *carry;
  int *file, *stack, *mains;
  size_t nmains;
  unsigned char **own;  /* per program, per file: among its direct files */
  unsigned *claims;     /* per file: how many programs hold it among their direct files */
  unsigned char *tmp;
} scratch;

/* Each program's direct files, and how many programs hold each file. */
static bool direct_files(scratch *s, arena *a) {
  size_t n = s->p->funcs.len;
  memset(s->claims, 0, (n + 1) * sizeof *s->claims);
  for (size_t k = 0; k < s->nmains; k++) {
    walk w = {s->p, s->carry, s->file, NULL, NULL, true};
    memset(s->tmp, 0, n + 1);
    s->tmp[s->mains[k]] = 1;
    spread(&w, s->tmp, s->stack);
    if (!(s->own[k] = arena_alloc(a, n + 1))) return false;
    memset(s->own[k], 0, n + 1);
    for (size_t f = 0; f < n; f++)
      if (s->tmp[f] && !s->own[k][s->file[f]]) s->own[k][s->file[f]] = 1, s->claims[s->file[f]]++;
  }
  return true;
}

/* Program k's functions: from its main and the entry points no main
 * reaches (any: what some main reaches). */
static unsigned char *program(scratch *s, size_t k, const bool *start, const unsigned char *any, arena *a) {
  size_t n = s->p->funcs.len;
  unsigned char *r = arena_alloc(a, n + 1);
  if (!r) return NULL;
  memset(r, 0, n + 1);
  r[s->mains[k]] = 1;
  for (size_t f = 0; any && f < n; f++)
    if (start[f] && !any[f] && !is_main(&s->p->funcs.items[f])) r[f] = 1;
  walk w = {s->p, s->carry, s->file, s->own[k], s->claims, false};
  spread(&w, r, s->stack);
  return r;
}

ca_status hot_programs_find(const ca_program *p, const bool *carry, const bool *start, arena *a,
                            hot_programs *out) {
  size_t n = p->funcs.len, nmains = 0;
  out->n = 0, out->reach = NULL;
  for (size_t f = 0; f < n; f++) nmains += is_main(&p->funcs.items[f]);
  if (nmains < 2) return CA_OK;
  scratch s = {p, carry, file_ids(p, a), arena_alloc(a, (n + 1) * sizeof(int)),
               arena_alloc(a, (nmains + 1) * sizeof(int)), nmains,
               arena_alloc(a, (nmains + 1) * sizeof(unsigned char *)), arena_alloc(a, (n + 1) * sizeof(unsigned)),
               arena_alloc(a, n + 1)};
  unsigned char *any = arena_alloc(a, n + 1);
  out->reach = arena_alloc(a, (nmains + 1) * sizeof *out->reach);
  if (!s.file || !s.stack || !s.mains || !s.own || !s.claims || !s.tmp || !any || !out->reach)
    return CA_ERR_NOMEM;
  for (size_t f = 0, k = 0; f < n; f++)
    if (is_main(&p->funcs.items[f])) s.mains[k++] = (int)f;
  if (!direct_files(&s, a)) return CA_ERR_NOMEM;
  memset(any, 0, n + 1);
  for (size_t k = 0; k < nmains; k++) {
    unsigned char *r = program(&s, k, start, NULL, a);
    if (!r) return CA_ERR_NOMEM;
    for (size_t f = 0; f < n; f++) any[f] |= r[f];
  }
  for (size_t k = 0; k < nmains; k++)
    if (!(out->reach[k] = program(&s, k, start, any, a))) return CA_ERR_NOMEM;
  out->n = nmains;
  return CA_OK;
}
