/* xref_claims.c: which TU tokenizes a header (see xref.h).
 *
 * A header included by many TUs is tokenized and annotated by as few of
 * them as thread timing allows, and always by the first of them in job
 * order: a TU claims a file unless a TU earlier in job order (jobs are
 * sorted by main file name) already has. The first includer always claims,
 * and xref_link() takes a file from the first TU that gave it, so the site
 * is the same whatever the timing; later includers skip the work. */
#include "html/xref.h"
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

struct xref_claims {
  pthread_mutex_t lock;
  arena *a;
  strmap owner;                /* file -> index into owners */
  VEC(const char *) owners;    /* main file of the TU that claimed it */
};

xref_claims *xref_claims_new(void) {
  arena *a = arena_new();
  xref_claims *c = a ? arena_alloc(a, sizeof *c) : NULL;
  if (!c) return arena_free(a), NULL;
  c->a = a;
  strmap_init(&c->owner, a);
  pthread_mutex_init(&c->lock, NULL);
  return c;
}

void xref_claims_free(xref_claims *c) {
  if (!c) return;
  pthread_mutex_destroy(&c->lock);
  arena_free(c->a);
}

bool xref_claim(xref_claims *c, const char *path, const char *tu_file) {
  if (!c) return true;
  pthread_mutex_lock(&c->lock);
  int i = strmap_get(&c->owner, path);
  bool mine = i < 0 || strcmp(tu_file, c->owners.items[i]) <= 0;
  if (i >= 0 && mine) c->owners.items[i] = arena_strdup(c->a, tu_file);
  else if (i < 0) {
    const char *key = arena_strdup(c->a, path), *owner = arena_strdup(c->a, tu_file);
    if (key && owner && VEC_PUSH(c->a, &c->owners, owner)) strmap_put(&c->owner, key, (int)c->owners.len - 1);
  }
  pthread_mutex_unlock(&c->lock);
  return mine;
}
