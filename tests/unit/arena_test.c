/* The arena, its vectors, the string map, and allocation failure through
 * the one allocation hook (every library allocation can be made to fail). */
#include "base/arena.h"
#include "base/strmap.h"
#include "tap.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int fail_after = -1;
static void *failing_alloc(void *user, void *ptr, size_t n) {
  (void)user;
  if (n == 0) return free(ptr), NULL;
  if (fail_after == 0) return NULL;
  if (fail_after > 0) fail_after--;
  return realloc(ptr, n);
}

int main(void) {
  arena *a = arena_new();
  char *s = arena_strdup(a, "hello");
  ok(s && strcmp(s, "hello") == 0, "strdup copies");
  ok(((uintptr_t)arena_alloc(a, 3) & 15) == 0, "allocations are 16-aligned");
  void *big = arena_alloc(a, 1 << 20);
  ok(big != NULL, "allocation larger than a block");
  char *f = arena_printf(a, "%s-%d", "x", 42);
  ok(f && strcmp(f, "x-42") == 0, "printf formats");
  char *j = arena_join(a, "main", ":", "ctx");
  ok(j && strcmp(j, "main:ctx") == 0, "join concatenates");

  VEC(int) v = {0};
  for (int i = 0; i < 10000; i++) VEC_PUSH(a, &v, i);
  ok(v.len == 10000 && v.items[9999] == 9999 && v.items[0] == 0, "vector keeps every element");

  strmap m;
  strmap_init(&m, a);
  char key[32];
  for (int i = 0; i < 5000; i++) {
    snprintf(key, sizeof key, "k%d", i);
    strmap_put(&m, arena_strdup(a, key), i);
  }
  int found = 0;
  for (int i = 0; i < 5000; i++) {
    snprintf(key, sizeof key, "k%d", i);
    found += strmap_get(&m, key) == i;
  }
  is_int(found, 5000, "map finds every key");
  is_int(strmap_get(&m, "absent"), -1, "map: absent key is -1");
  arena_free(a);

  /* Fail the Nth allocation for each N: no crash, failure is sticky. */
  alloc_set_hook(failing_alloc, NULL);
  int clean = 1;
  for (int n = 0; n < 8; n++) {
    fail_after = n;
    arena *b = arena_new();
    if (!b) continue;
    bool got_null = false;
    for (int i = 0; i < 64; i++) got_null |= arena_alloc(b, 100000) == NULL;
    if (got_null && !arena_failed(b)) clean = 0;
    arena_free(b);
  }
  fail_after = -1;
  alloc_set_hook(NULL, NULL);
  ok(clean, "allocation failure is reported and sticky");
  return tap_done();
}
