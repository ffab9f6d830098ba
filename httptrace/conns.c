/* conns.c: which connections are idle in libcurl's pool and since when, for
 * got_conn's was_idle and idle_us (Go's GotConnInfo.WasIdle, IdleTime).
 * A connection is known by its local address "ip:port", unique while it is
 * open. got_conn counts a user; put_idle_conn drops it and, when none is
 * left, notes the time; a closed connection is forgotten.
 * Invariant: fixed size, no allocation after ht_conns_new; a key lives in
 * one of PROBE slots from its hash, and when all are taken the first is
 * reused (that older connection is then unknown, not wrong). Used from one
 * thread: the one running the tracers' transfers. */
#include "internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { PROBE = 8 };

struct ht_conns {
  int size;              /* a power of two */
  ht_conn_entry *slots;
};

ht_conns *ht_conns_new(int size_hint) {
  ht_conns *c = calloc(1, sizeof *c);
  if (!c) return NULL;
  c->size = 64;
  while (c->size < size_hint * 4 && c->size < (1 << 18)) c->size *= 2;
  c->slots = calloc((size_t)c->size, sizeof *c->slots);
  if (!c->slots) {
    free(c);
    return NULL;
  }
  return c;
}

void ht_conns_free(ht_conns *c) {
  if (!c) return;
  free(c->slots);
  free(c);
}

void ht_share_conns(ht_trace *tr, ht_conns *conns) {
  if (tr) tr->conns = conns;
}

static unsigned hash(const char *key) {
  unsigned h = 2166136261u; /* FNV-1a */
  for (; *key; key++) h = (h ^ (unsigned char)*key) * 16777619u;
  return h;
}

/* The slot for key: the tracer's own one, or in the shared table the slot
 * that holds key, else a free one, else the first of the probe window. */
static ht_conn_entry *slot_of(ht_trace *tr, const char *key) {
  if (!tr->conns) return &tr->own_conn;
  unsigned mask = (unsigned)(tr->conns->size - 1), h = hash(key);
  ht_conn_entry *free_slot = NULL;
  for (unsigned i = 0; i < PROBE; i++) {
    ht_conn_entry *e = &tr->conns->slots[(h + i) & mask];
    if (strcmp(e->key, key) == 0) return e;
    if (!free_slot && !e->key[0]) free_slot = e;
  }
  return free_slot ? free_slot : &tr->conns->slots[h & mask];
}

/* libcurl gives an HTTP/1 connection back at the end of the transfer, but
 * the tracer learns it only at ht_finish, after CURLMSG_DONE: by then, in
 * the same curl_multi_perform, another handle may have taken it. So an
 * HTTP/1 entry records its owner; a return by an earlier owner is stale and
 * ignored, and a connection taken from a transfer not yet finished was idle
 * for a time the table does not know. */
void conns_taken(ht_trace *tr, const char *key, int reused, int multiplexed, int64_t now_abs,
                 ht_event *ev) {
  ht_conn_entry *e = slot_of(tr, key);
  int known = strcmp(e->key, key) == 0;
  if (!known) {
    memset(e, 0, sizeof *e);
    snprintf(e->key, sizeof e->key, "%s", key);
  }
  e->multiplexed = multiplexed;
  int free_now = multiplexed ? e->users == 0 : e->owner == NULL;
  /* HTTP/1 reuse is always from the idle pool; an HTTP/2 connection is
   * idle only if no other transfer was using it */
  ev->was_idle = reused && (!multiplexed || free_now);
  ev->idle_us = reused && known && free_now && e->idle_since > 0 ? now_abs - e->idle_since : -1;
  e->idle_since = 0;
  if (multiplexed) {
    e->users++;
  } else {
    e->owner = tr;
    e->owner_req = tr->req;
  }
}

void conns_returned(ht_trace *tr, const char *key, int idle, int64_t now_abs) {
  ht_conn_entry *e = slot_of(tr, key);
  if (strcmp(e->key, key) != 0) return;
  if (e->multiplexed) {
    if (e->users > 0) e->users--;
    if (e->users > 0) return;
  } else {
    if (e->owner != tr || e->owner_req != tr->req) return; /* stale: taken again since */
    e->owner = NULL;
  }
  if (idle)
    e->idle_since = now_abs;
  else
    e->key[0] = '\0';
}
