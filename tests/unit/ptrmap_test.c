/* ptrmap_test.c: the address-keyed map: every key found after growth,
 * keys one byte apart (same hash) kept apart, overwrite, absent and NULL
 * keys, and a failed allocation reported without losing what was stored. */
#include "base/ptrmap.h"
#include "tap.h"
#include <stdlib.h>

enum { N = 20000 };

static int fail_after = -1;
/* The library's hook: after fail_after more allocations, fails them all. */
static void *failing_alloc(void *user, void *ptr, size_t size) {
  (void)user;
  if (size == 0) return free(ptr), NULL;
  if (fail_after == 0) return NULL;
  if (fail_after > 0) fail_after--;
  return realloc(ptr, size);
}

int main(void) {
  static char bytes[N];
  arena *a = arena_new();
  ptrmap m;
  ptrmap_init(&m, a);
  is_int(ptrmap_get(&m, bytes), -1, "empty map: absent");

  bool put = true;
  for (int i = 0; i < N; i++) put &= ptrmap_put(&m, bytes + i, i);
  ok(put, "%d keys stored", N);
  is_int((long long)m.len, N, "one entry per key");
  int found = 0;
  for (int i = 0; i < N; i++) found += ptrmap_get(&m, bytes + i) == i;
  is_int(found, N, "every key found, neighbours one byte apart kept apart");

  ok(ptrmap_put(&m, bytes + 7, 70000) && ptrmap_get(&m, bytes + 7) == 70000, "put overwrites");
  is_int((long long)m.len, N, "overwriting adds no entry");
  is_int(ptrmap_get(&m, &m), -1, "an address never stored: absent");
  ok(ptrmap_put(&m, NULL, 5) && ptrmap_get(&m, NULL) == -1 && m.len == N, "NULL is never stored");
  arena_free(a);

  /* The table must grow past its first block: fail that allocation. */
  alloc_set_hook(failing_alloc, NULL);
  fail_after = 2; /* the arena and its first block succeed, the second fails */
  arena *b = arena_new();
  ptrmap_init(&m, b);
  int stored = 0;
  while (stored < N && ptrmap_put(&m, bytes + stored, stored)) stored++;
  fail_after = -1;
  alloc_set_hook(NULL, NULL);
  ok(stored > 0 && stored < N, "a failed allocation stops put (after %d keys)", stored);
  found = 0;
  for (int i = 0; i < stored; i++) found += ptrmap_get(&m, bytes + i) == i;
  is_int(found, stored, "what was stored before the failure is still found");
  ok(arena_failed(b), "the arena says it failed");
  arena_free(b);
  return tap_done();
}
