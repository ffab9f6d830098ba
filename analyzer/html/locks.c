/* locks.c: lock peers for the pages (--html --pointer), C's counterpart of
 * godoc's channel peers: at each call that takes or releases a lock
 * (pthread mutex, rwlock and spin lock, C11 mtx), the other such calls that
 * may act on the same lock.
 *
 * A call's lock is read from its first argument, by its tokens: &v (a
 * variable v, or an element of the array v), &e->m or &e.m (member m of
 * every struct of that type, as the points-to analysis names members), or
 * a pointer p (every object p may point to, by the points-to analysis).
 * Each names a set of lock objects as keys ("v:file:line:name",
 * "m:struct T.m", "h:file:line:allocator"); two calls are peers when their
 * sets meet. An argument of another shape has no peers: unknown, not none. */
#include "html/html.h"
#include "html/pt_panel.h"
#include "pointsto/pt_state.h"
#include <stdlib.h>
#include <string.h>

static const char *const lock_funcs[] = {
    "pthread_mutex_lock", "pthread_mutex_trylock", "pthread_mutex_timedlock", "pthread_mutex_unlock",
    "pthread_rwlock_rdlock", "pthread_rwlock_wrlock", "pthread_rwlock_tryrdlock",
    "pthread_rwlock_trywrlock", "pthread_rwlock_timedrdlock", "pthread_rwlock_timedwrlock",
    "pthread_rwlock_unlock", "pthread_spin_lock", "pthread_spin_trylock", "pthread_spin_unlock",
    "mtx_lock", "mtx_trylock", "mtx_timedlock", "mtx_unlock"};

static bool is_lock_func(const char *name) {
  for (size_t i = 0; i < sizeof lock_funcs / sizeof *lock_funcs; i++)
    if (strcmp(name, lock_funcs[i]) == 0) return true;
  return false;
}

typedef VEC(const char *) keylist;

typedef struct ltext { const char *text; size_t size; VEC(unsigned) lines; const xref_file *f; } ltext;

static bool read_file(site *s, const xref_file *f, ltext *t) {
  FILE *in = fopen(f->abs, "rb");
  char *buf = in ? arena_alloc_uninit(s->a, f->size + 1) : NULL; /* zeroing 8 MB cost more than reading it */
  size_t n = buf ? fread(buf, 1, f->size, in) : 0;
  if (in) fclose(in);
  if (!buf) return false;
  buf[n] = 0;
  *t = (ltext){.text = buf, .size = n, .f = f};
  VEC_PUSH(s->a, &t->lines, 0u);
  for (size_t i = 0; i < n; i++)
    if (buf[i] == '\n') VEC_PUSH(s->a, &t->lines, (unsigned)(i + 1));
  return true;
}

/* The token starting at line:col, or -1. */
static long token_at(const ltext *t, unsigned line, unsigned col) {
  if (!line || line > t->lines.len || !col) return -1;
  unsigned off = t->lines.items[line - 1] + col - 1;
  size_t lo = 0, hi = t->f->ntoks;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (t->f->toks[mid].off < off) lo = mid + 1;
    else hi = mid;
  }
  return lo < t->f->ntoks && t->f->toks[lo].off == off ? (long)lo : -1;
}

static bool is(const ltext *t, size_t i, const char *p) {
  const xref_tok *k = &t->f->toks[i];
  size_t n = strlen(p);
  return i < t->f->ntoks && k->len == n && memcmp(t->text + k->off, p, n) == 0 && k->kind != XTOK_IDENT;
}

static const char *var_key(site *s, const xref_sym *v) {
  return arena_printf(s->a, "v:%s:%u:%s", v->file ? v->file : "", v->line, v->name);
}

/* Keys of what pointer symbol sym may point to. */
static void pointer_keys(site *s, int sym, keylist *keys) {
  int g = site_ptgroup(s, sym);
  if (g < 0) return;
  const pt_group *grp = &s->ptgroups.items[g];
  for (size_t i = 0; i < grp->n; i++) {
    const pt_objinfo *in = grp->t[i];
    const char *k = NULL;
    if (in->unknown) continue;
    if (in->kind == PT_O_FIELD) k = arena_printf(s->a, "m:%s", in->name);
    else if (in->kind == PT_O_HEAP) k = arena_printf(s->a, "h:%s:%u:%s", in->file ? in->file : "", in->line, in->name ? in->name : "");
    else if (in->kind != PT_O_FUNC && in->kind != PT_O_STRING && in->kind != PT_O_LITERAL)
      k = arena_printf(s->a, "v:%s:%u:%s", in->file ? in->file : "", in->line, in->name);
    if (k) VEC_PUSH(s->a, keys, k);
  }
}

/* The lock keys of the argument that starts at token i (after the '('). */
static void argument_keys(site *s, const ltext *t, size_t i, keylist *keys) {
  size_t end = i;
  int depth = 0;
  for (; end < t->f->ntoks; end++) { /* the argument: up to ',' or ')' at depth 0 */
    if (is(t, end, "(") || is(t, end, "[")) depth++;
    else if ((is(t, end, ")") || is(t, end, "]")) && depth-- == 0) break;
    else if (is(t, end, ",") && depth == 0) break;
  }
  while (i < end && is(t, i, "(") && is(t, end - 1, ")")) i++, end--; /* (x) */
  if (i >= end) return;
  const xref_tok *first = &t->f->toks[i], *last = &t->f->toks[end - 1];
  const xref_sym *syms = s->x->syms.items;
  if (is(t, i, "&") && i + 1 < end) {
    const xref_tok *v = &t->f->toks[i + 1];
    if (end - i >= 3 && last->sym >= 0 && syms[last->sym].kind == XREF_FIELD && syms[last->sym].scope &&
        (is(t, end - 2, "->") || is(t, end - 2, ".")))
      VEC_PUSH(s->a, keys, arena_printf(s->a, "m:%s.%s", syms[last->sym].scope, syms[last->sym].name));
    else if (v->sym >= 0 && (syms[v->sym].kind == XREF_GLOBAL || syms[v->sym].kind == XREF_LOCAL) &&
             (end - i == 2 || is(t, i + 2, "[")))
      VEC_PUSH(s->a, keys, var_key(s, &syms[v->sym]));
  } else if (end - i == 1 && first->sym >= 0 && syms[first->sym].pointer) {
    pointer_keys(s, first->sym, keys);
  } else if (last->sym >= 0 && syms[last->sym].pointer && syms[last->sym].kind == XREF_FIELD) {
    pointer_keys(s, last->sym, keys); /* q->mutexp */
  }
}

static int cmp_int(const void *a, const void *b) {
  int x = *(const int *)a, y = *(const int *)b;
  return (x > y) - (x < y);
}

/* Peers of each lock site: the others that share a key, sorted. */
static void link_peers(site *s, const keylist *keys) {
  strmap index;
  strmap_init(&index, s->a);
  VEC(int_list) bykey = {0};
  for (size_t l = 0; l < s->locks.len; l++)
    for (size_t k = 0; k < keys[l].len; k++) {
      int i = strmap_get(&index, keys[l].items[k]);
      if (i < 0) {
        int_list none = {0};
        if (!VEC_PUSH(s->a, &bykey, none)) return;
        i = (int)bykey.len - 1;
        strmap_put(&index, keys[l].items[k], i);
      }
      VEC_PUSH(s->a, &bykey.items[i], (int)l);
    }
  for (size_t l = 0; l < s->locks.len; l++) {
    lock_site *ls = &s->locks.items[l];
    for (size_t k = 0; k < keys[l].len; k++) {
      int i = strmap_get(&index, keys[l].items[k]);
      for (size_t j = 0; i >= 0 && j < bykey.items[i].len; j++)
        if (bykey.items[i].items[j] != (int)l) VEC_PUSH(s->a, &ls->peers, bykey.items[i].items[j]);
    }
    if (ls->peers.len) qsort(ls->peers.items, ls->peers.len, sizeof(int), cmp_int);
    size_t kept = 0;
    for (size_t j = 0; j < ls->peers.len; j++)
      if (!kept || ls->peers.items[kept - 1] != ls->peers.items[j]) ls->peers.items[kept++] = ls->peers.items[j];
    ls->peers.len = kept;
  }
}

bool locks_index(site *s) {
  const ca_program *p = s->p;
  if (!p->pt_state) return true;
  s->flocks = arena_alloc(s->a, (s->x->files.len + 1) * sizeof *s->flocks);
  if (!s->flocks) return false;
  VEC(keylist) keys = {0};
  for (size_t fi = 0; fi < s->x->files.len; fi++) {
    ltext t;
    bool read = false;
    for (size_t k = 0; k < s->fcalls[fi].len; k++) {
      const prog_call *c = &p->calls.items[s->fcalls[fi].items[k]];
      if (c->callee < 0 || c->indirect || !is_lock_func(p->funcs.items[c->callee].name)) continue;
      if (!read && !(read = read_file(s, &s->x->files.items[fi], &t))) break;
      long tok = token_at(&t, c->line, c->col);
      if (tok < 0 || !is(&t, (size_t)tok + 1, "(")) continue;
      lock_site ls = {.call = s->fcalls[fi].items[k]};
      keylist mine = {0};
      argument_keys(s, &t, (size_t)tok + 2, &mine);
      if (!VEC_PUSH(s->a, &s->locks, ls) || !VEC_PUSH(s->a, &keys, mine)) return false;
      VEC_PUSH(s->a, &s->flocks[fi], (int)s->locks.len - 1);
    }
  }
  link_peers(s, keys.items);
  return !arena_failed(s->a);
}
