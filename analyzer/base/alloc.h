/* alloc.h: the one allocation hook of libcanalyze.
 *
 * Every block the library allocates comes from the hook and goes back to it:
 * arenas and their blocks, solver tables, points-to sets, scratch arrays.
 * A test installs a hook that fails the Nth allocation and checks that each
 * failure ends in CA_ERR_NOMEM, without a crash or a leak (Lua's lua_Alloc,
 * curl's torture tests). Memory that libclang, libc (realpath(NULL),
 * open_memstream) or Graphviz allocate is theirs and goes back their way.
 *
 * Internal: canalyze.h does not declare it, so it is not exported; unit
 * tests reach it through the internal archive. */
#ifndef CA_ALLOC_H
#define CA_ALLOC_H
#include <stddef.h>

/* The hook, realloc-shaped like Lua's lua_Alloc (without the old size):
 * size > 0 resizes ptr (NULL: a new block) to size bytes and returns it, or
 * returns NULL and leaves ptr as it was; size == 0 frees ptr (NULL: nothing)
 * and returns NULL. It is called from the frontend's worker threads at once,
 * so it must be thread-safe. */
typedef void *alloc_fn(void *user, void *ptr, size_t size);

/* Installs fn with its user pointer; NULL restores the C library's
 * realloc/free. Only while no analysis or report runs: blocks allocated by
 * one hook must be freed by the same one. */
void alloc_set_hook(alloc_fn *fn, void *user);

/* The wrappers every library file uses. NULL means out of memory and
 * nothing else: a size of 0 is served as 1 byte. */
void *ca_xmalloc(size_t size);
void *ca_xcalloc(size_t n, size_t size);   /* zeroed; NULL if n * size overflows */
void *ca_xrealloc(void *ptr, size_t size); /* on NULL, ptr is untouched */
/* ca_xrealloc(ptr, n * size); NULL if n * size overflows. */
void *ca_xreallocarray(void *ptr, size_t n, size_t size);
void ca_xfree(void *ptr);
#endif
