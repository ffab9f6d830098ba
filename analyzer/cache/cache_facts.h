/* cache_facts.h: one TU's facts <-> bytes (the facts section of a cache
 * file, docs/formats.md "Fact cache").
 *
 * Everything frontend_parse returns is kept except what --html's
 * cross-references need (tu->xref; --html bypasses the cache). Strings are
 * kept by identity: two fields that pointed at one string point at one
 * string again after decoding, two equal strings that were distinct stay
 * distinct, so code that compares names by address behaves as it did on
 * the parsed facts. */
#ifndef CA_CACHE_FACTS_H
#define CA_CACHE_FACTS_H
#include "cache/cache_buf.h"
#include "facts.h"

/* Appends tu's facts to w; false on OOM (w->failed). */
bool cache_facts_encode(wbuf *w, const facts_tu *tu);
/* Decodes facts from r into a new TU (main file: main_file). NULL with
 * *nomem false: the bytes are not well-formed facts (r->bad); NULL with
 * *nomem true: out of memory. */
facts_tu *cache_facts_decode(rbuf *r, const char *main_file, bool *nomem);
#endif
