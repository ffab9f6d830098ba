/* render_id.c: a cgraph id discipline whose ids follow creation order.
 *
 * cgraph's default discipline uses the address of the interned name as a
 * named object's id, and orders subgraphs by id: cluster order in DOT and in
 * layouts would then depend on malloc. Here named objects get even ids
 * 2, 4, 6, ... in the order their names first appear, anonymous ones odd
 * ids, as the default does. Invariant: print(map(name)) == name; names are
 * cgraph strings of the root graph (freed by agclose); the index lives in
 * the arena passed to render_open, which outlives the graph. */
#include "render/render_int.h"
#include "base/strmap.h"

typedef struct id_disc {
  Agdisc_t disc;          /* first: cgraph hands it back to open() */
  Agiddisc_t id;
  arena *a;
  Agraph_t *g;            /* the root graph, which owns the name strings */
  strmap by_name;         /* name -> index into names */
  VEC(const char *) names;
  IDTYPE anon;
} id_disc;

static void *id_open(Agraph_t *g, Agdisc_t *disc) {
  ((id_disc *)disc)->g = g;
  return disc; /* the state is the discipline itself */
}

static long id_map(void *state, int objtype, char *str, IDTYPE *id, int createflag) {
  (void)objtype;
  id_disc *d = state;
  if (!str) {
    *id = d->anon += 2;
    return 1;
  }
  int k = strmap_get(&d->by_name, str);
  if (k < 0) {
    if (!createflag) return 0;
    /* agwrite looks at a name's refstr header (HTML-like or not), so names
     * must be cgraph strings, not ours. */
    const char *copy = agstrdup(d->g, str);
    if (!copy || !VEC_PUSH(d->a, &d->names, copy)) return 0;
    k = (int)d->names.len - 1;
    if (!strmap_put(&d->by_name, copy, k)) return 0;
  }
  *id = 2 * ((IDTYPE)k + 1);
  return 1;
}

static long id_alloc(void *state, int objtype, IDTYPE request) {
  (void)state, (void)objtype, (void)request;
  return 0; /* callers cannot pick ids */
}

static void id_free(void *state, int objtype, IDTYPE id) {
  (void)state, (void)objtype, (void)id; /* names die with the arena */
}

static char *id_print(void *state, int objtype, IDTYPE id) {
  (void)objtype;
  id_disc *d = state;
  if (id % 2 || id == 0 || id / 2 > d->names.len) return NULL;
  return (char *)d->names.items[id / 2 - 1];
}

static void id_close(void *state) { (void)state; }

static void id_register(void *state, int objtype, void *obj) {
  (void)state, (void)objtype, (void)obj;
}

Agraph_t *render_open(const char *name, arena *a) {
  id_disc *d = arena_alloc(a, sizeof *d);
  if (!d) return NULL;
  d->a = a;
  d->anon = 1;
  strmap_init(&d->by_name, a);
  d->id = (Agiddisc_t){id_open, id_map, id_alloc, id_free, id_print, id_close, id_register};
  d->disc = (Agdisc_t){&AgMemDisc, &d->id, &AgIoDisc};
  return agopen((char *)name, Agdirected, &d->disc);
}

void render_close(Agraph_t *g) {
  if (g) agclose(g);
}

void render_set(void *obj, const char *name, const char *value, const char *def) {
  agsafeset(obj, (char *)name, (char *)value, (char *)def);
}
