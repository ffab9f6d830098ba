/* alloc.c: the allocation hook (see alloc.h). Invariant: every block the
 * wrappers return came from the installed hook (or realloc), and ca_xfree
 * hands it back to the same one. */
#include "base/alloc.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static alloc_fn *hook;
static void *hook_user;

void alloc_set_hook(alloc_fn *fn, void *user) { hook = fn, hook_user = user; }

/* The only place the library reaches the C allocator. */
static void *call(void *ptr, size_t size) {
  if (hook) return hook(hook_user, ptr, size);
  if (size) return realloc(ptr, size);
  free(ptr);
  return NULL;
}

void *ca_xmalloc(size_t size) { return call(NULL, size ? size : 1); }

void *ca_xrealloc(void *ptr, size_t size) { return call(ptr, size ? size : 1); }

void *ca_xreallocarray(void *ptr, size_t n, size_t size) {
  if (size && n > SIZE_MAX / size) return NULL;
  return ca_xrealloc(ptr, n * size);
}

void *ca_xcalloc(size_t n, size_t size) {
  void *p = ca_xreallocarray(NULL, n, size);
  if (p) memset(p, 0, n * size);
  return p;
}

void ca_xfree(void *ptr) {
  if (ptr) call(ptr, 0);
}
