/* arena.h: bump allocation for analysis data that dies together.
 *
 * Facts, linked programs, points-to sets and findings are allocated here and
 * freed in one call. Blocks grow geometrically; nothing is freed one by one.
 * Blocks come from the allocation hook (base/alloc.h). Allocation failure is
 * sticky: arena_failed() tells, and every later call returns NULL, so
 * callers can check once at the end of a phase. */
#ifndef CA_ARENA_H
#define CA_ARENA_H
#include "base/alloc.h" /* the hook arenas draw from, and its wrappers for everything else */
#include <stddef.h>
#include <stdbool.h>

typedef struct arena arena;

arena *arena_new(void);
void arena_free(arena *a);
void *arena_alloc(arena *a, size_t size);          /* zeroed, 16-aligned */
/* Not zeroed, 16-aligned: for arrays written whole before they are read
 * (zeroing tens of megabytes of tokens costs a pass over them). */
void *arena_alloc_uninit(arena *a, size_t size);
char *arena_strdup(arena *a, const char *s);       /* NULL in, NULL out */
char *arena_strndup(arena *a, const char *s, size_t n);
char *arena_printf(arena *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* x, sep, y concatenated: arena_printf(a, "%s%s%s", x, sep, y) without a format */
char *arena_join(arena *a, const char *x, const char *sep, const char *y);
bool arena_failed(const arena *a);
size_t arena_bytes(const arena *a);                /* bytes reserved so far */

/* Growable arrays stored in an arena. The old storage is abandoned on growth
 * (at most as much again as the live data), which is the price of never
 * freeing individually.
 *   VEC(int) v = {0};  VEC_PUSH(a, &v, 3);  v.items[0] */
#define VEC(T) struct { T *items; size_t len, cap; }
void *vec_grow(arena *a, void *items, size_t *cap, size_t elem);
#define VEC_PUSH(ar, v, x)                                                     \
  ((v)->len < (v)->cap ||                                                      \
           ((v)->items = vec_grow((ar), (v)->items, &(v)->cap,                 \
                                  sizeof *(v)->items)) != NULL                 \
       ? ((v)->items[(v)->len++] = (x), 1)                                     \
       : 0)
#endif
