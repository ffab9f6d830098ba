/* arena.c: bump allocator. Invariant: a->cur points into the newest block and
 * [cur, end) is free; every block is on the list and freed by arena_free. */
#include "base/arena.h"
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>

struct block { struct block *next; size_t size; max_align_t data[]; };
struct arena { struct block *blocks; char *cur, *end; size_t reserved; bool failed; };

arena *arena_new(void) {
  return ca_xcalloc(1, sizeof(arena));
}

void arena_free(arena *a) {
  if (!a) return;
  for (struct block *b = a->blocks, *next; b; b = next) {
    next = b->next;
    ca_xfree(b);
  }
  ca_xfree(a);
}

enum { HUGE_PAGE = 2u << 20 };

/* Blocks of megabytes are written through once, page by page: asking for
 * transparent huge pages (where the system leaves them to madvise) takes a
 * fault per 2 MiB instead of per 4 KiB. Advice only: a refusal changes
 * nothing. */
static void advise_huge(void *start, size_t size) {
  uintptr_t from = ((uintptr_t)start + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
  uintptr_t to = ((uintptr_t)start + size) & ~(uintptr_t)(HUGE_PAGE - 1);
  if (to > from) (void)madvise((void *)from, to - from, MADV_HUGEPAGE);
}

static bool add_block(arena *a, size_t need) {
  size_t size = a->blocks ? a->blocks->size * 2 : 64 * 1024;
  if (size > (64u << 20)) size = 64u << 20;
  if (size < need) size = need;
  struct block *b = ca_xmalloc(sizeof *b + size);
  if (!b) return a->failed = true, false;
  b->next = a->blocks;
  b->size = size;
  a->blocks = b;
  a->cur = (char *)b->data;
  a->end = a->cur + size;
  a->reserved += size;
  if (size >= 2 * HUGE_PAGE) advise_huge(b->data, size);
  return true;
}

void *arena_alloc_uninit(arena *a, size_t size) {
  if (!a || a->failed) return NULL;
  if (size > SIZE_MAX / 2) return a->failed = true, NULL; /* a size computation overflowed */
  size = (size + 15) & ~(size_t)15;
  if (size == 0) size = 16;
  if ((size_t)(a->end - a->cur) < size && !add_block(a, size)) return NULL;
  void *p = a->cur;
  a->cur += size;
  return p;
}

void *arena_alloc(arena *a, size_t size) {
  void *p = arena_alloc_uninit(a, size);
  if (p) memset(p, 0, size);
  return p;
}

char *arena_strndup(arena *a, const char *s, size_t n) {
  if (!s) return NULL;
  char *d = n < SIZE_MAX ? arena_alloc_uninit(a, n + 1) : NULL;
  if (d) memcpy(d, s, n), d[n] = 0;
  return d;
}

char *arena_strdup(arena *a, const char *s) {
  return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

/* Most results (keys, names) are short: they are formatted once, into a
 * buffer on the stack, and copied; only a longer one is formatted again. */
char *arena_printf(arena *a, const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  if (n < 0) return NULL;
  if ((size_t)n < sizeof buf) return arena_strndup(a, buf, (size_t)n);
  char *d = arena_alloc_uninit(a, (size_t)n + 1);
  if (!d) return NULL;
  va_start(ap, fmt);
  vsnprintf(d, (size_t)n + 1, fmt, ap);
  va_end(ap);
  return d;
}

bool arena_failed(const arena *a) { return !a || a->failed; }
size_t arena_bytes(const arena *a) { return a ? a->reserved : 0; }

void *vec_grow(arena *a, void *items, size_t *cap, size_t elem) {
  size_t ncap = *cap ? *cap * 2 : 16;
  /* Unzeroed: VEC_PUSH writes each element before len covers it. */
  void *n = arena_alloc_uninit(a, ncap <= SIZE_MAX / 2 / elem ? ncap * elem : SIZE_MAX);
  if (!n) return NULL;
  if (items) memcpy(n, items, *cap * elem);
  *cap = ncap;
  return n;
}

char *arena_join(arena *a, const char *x, const char *sep, const char *y) {
  size_t nx = strlen(x), ns = strlen(sep), ny = strlen(y);
  char *d = arena_alloc_uninit(a, nx + ns + ny + 1);
  if (!d) return NULL;
  memcpy(d, x, nx), memcpy(d + nx, sep, ns), memcpy(d + nx + ns, y, ny + 1);
  return d;
}
