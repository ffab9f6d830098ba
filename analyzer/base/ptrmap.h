/* ptrmap.h: address -> int map in an arena (open addressing, linear probing).
 * Keys are compared by identity and never dereferenced: libclang's
 * declaration and file handles, anything whose address names it. NULL is
 * never stored (a lookup of it misses). Values are >= 0 by convention, so
 * -1 can say "absent", as in strmap. */
#ifndef CA_PTRMAP_H
#define CA_PTRMAP_H
#include "base/arena.h"

typedef struct ptrmap { arena *arena; const void **keys; int *vals; size_t cap, len; } ptrmap;

void ptrmap_init(ptrmap *m, arena *a);
int ptrmap_get(const ptrmap *m, const void *key);          /* -1 when absent */
bool ptrmap_put(ptrmap *m, const void *key, int val);      /* false on OOM */
#endif
