/* strmap.h: string -> int map in an arena (open addressing, linear probing).
 * Keys are not copied: they must live as long as the map (arena strings). */
#ifndef CA_STRMAP_H
#define CA_STRMAP_H
#include "base/arena.h"

typedef struct strmap { arena *arena; const char **keys; int *vals; size_t cap, len; } strmap;

void strmap_init(strmap *m, arena *a);
int strmap_get(const strmap *m, const char *key);          /* -1 when absent */
bool strmap_put(strmap *m, const char *key, int val);      /* false on OOM */
unsigned long strmap_hash(const char *s);
#endif
