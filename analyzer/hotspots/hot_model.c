/* hot_model.c: what the C library functions that matter for hotspots do:
 * which ones return fresh heap memory, free it, clear it, take a lock or do
 * unbuffered I/O, and which argument holds the size.
 * Invariant: the table is sorted by name (bsearch), names are exact. */
#include "hotspots/hot.h"
#include <stdlib.h>
#include <string.h>

typedef struct entry { const char *name; hot_model m; } entry;

#define ALLOC(sz, cnt, rs, z) {ROLE_ALLOC, sz, cnt, -1, rs, z, 0, 1, false, -1}
#define OUT(out, sz) {ROLE_ALLOC, sz, -1, -1, false, false, 0, 1, false, out} /* through argument out */
#define REUSE {ROLE_FILL, -1, -1, -1, false, false, 0, 1, true, -1}
#define FREE(arg) {ROLE_FREE, -1, -1, arg, false, false, 0, 1, false, -1}
#define CLEAR(sz) {ROLE_MEMSET, sz, -1, -1, false, false, 0, 1, false, -1}
#define LOCK {ROLE_LOCK, -1, -1, -1, false, false, 0, 1, false, -1}
#define IO(sz, cnt) {ROLE_IO, sz, cnt, -1, false, false, 0, 1, false, -1}

static const entry table[] = {
    {"aligned_alloc", ALLOC(1, -1, false, false)},
    {"asprintf", OUT(0, -1)},
    {"bzero", CLEAR(1)},
    {"calloc", ALLOC(1, 0, false, true)},
    {"explicit_bzero", CLEAR(1)},
    {"fread", IO(1, 2)},
    {"fread_unlocked", IO(1, 2)},
    {"free", FREE(0)},
    {"fwrite", IO(1, 2)},
    {"fwrite_unlocked", IO(1, 2)},
    {"getdelim", REUSE},
    {"getline", REUSE},
    {"malloc", ALLOC(0, -1, false, false)},
    {"memalign", ALLOC(1, -1, false, false)},
    {"memset", CLEAR(2)},
    {"mtx_lock", LOCK},
    {"mtx_timedlock", LOCK},
    {"mtx_trylock", LOCK},
    {"open_memstream", ALLOC(-1, -1, false, false)},
    {"posix_memalign", OUT(0, 2)},
    {"pread", IO(2, -1)},
    {"pthread_mutex_lock", LOCK},
    {"pthread_mutex_timedlock", LOCK},
    {"pthread_mutex_trylock", LOCK},
    {"pthread_rwlock_rdlock", LOCK},
    {"pthread_rwlock_timedrdlock", LOCK},
    {"pthread_rwlock_timedwrlock", LOCK},
    {"pthread_rwlock_tryrdlock", LOCK},
    {"pthread_rwlock_trywrlock", LOCK},
    {"pthread_rwlock_wrlock", LOCK},
    {"pthread_spin_lock", LOCK},
    {"pvalloc", ALLOC(0, -1, false, false)},
    {"pwrite", IO(2, -1)},
    {"read", IO(2, -1)},
    {"realloc", ALLOC(1, -1, true, false)},
    {"reallocarray", ALLOC(2, 1, true, false)},
    {"recv", IO(2, -1)},
    {"recvfrom", IO(2, -1)},
    {"send", IO(2, -1)},
    {"sendto", IO(2, -1)},
    {"strdup", ALLOC(-1, -1, false, false)},
    {"strndup", ALLOC(-1, -1, false, false)},
    {"valloc", ALLOC(0, -1, false, false)},
    {"vasprintf", OUT(0, -1)},
    {"write", IO(2, -1)},
};

static int by_name(const void *key, const void *elem) {
  return strcmp(key, ((const entry *)elem)->name);
}

hot_model hot_model_of(const char *name) {
  static const hot_model none = {ROLE_NONE, -1, -1, -1, false, false, 0, 1, false, -1};
  if (!name) return none;
  const entry *e = bsearch(name, table, sizeof table / sizeof *table, sizeof *table, by_name);
  return e ? e->m : none;
}

hot_model hot_model_named(void) {
  return (hot_model){ROLE_ALLOC, -1, -1, -1, false, false, 0, 1, false, -1};
}

const hot_model *hot_model_at(const hot_model *models, const prog_call *c, hot_model *scratch) {
  if (c->callee >= 0) return &models[c->callee];
  *scratch = hot_model_of_pointer(c);
  return scratch;
}

hot_model hot_model_of_pointer(const prog_call *c) {
  hot_model m = hot_model_of(NULL);
  if (c->callee >= 0 || !c->alloc_ptr || !c->nargs) return m;
  bool calloc_like = strcasestr(c->alloc_ptr, "calloc") != NULL;
  m.role = ROLE_ALLOC;
  m.size_arg = c->nargs - 1 < FACTS_MAXARGS ? (signed char)(c->nargs - 1) : -1;
  m.count_arg = calloc_like && c->nargs >= 2 ? 0 : -1;
  m.resizes = strcasestr(c->alloc_ptr, "realloc") != NULL;
  m.zeroes = calloc_like;
  return m;
}

static bool const_arg(const prog_call *c, int i, long long *v) {
  if (i < 0 || i >= FACTS_MAXARGS || (unsigned)i >= c->nargs || !c->argconst_ok[i]) return false;
  *v = c->argconst[i];
  return true;
}

bool hot_const_bytes(const prog_call *c, const hot_model *m, long long *bytes) {
  long long size, count = 1;
  if (m->size_arg < 0 && m->bytes > 0) return *bytes = m->bytes, true;
  if (!const_arg(c, m->size_arg, &size)) return false;
  if (m->count_arg >= 0 && !const_arg(c, m->count_arg, &count)) return false;
  *bytes = size * count;
  return true;
}
