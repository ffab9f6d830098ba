/* stats.h: read access to a ht_stats for the report writers (stats_report.c).
 * Invariant: read-only; the struct stays private to stats.c. */
#ifndef HT_STATS_H
#define HT_STATS_H
#include "histogram.h"
#include "httptrace.h"

const ht_hist *stats_hist(const ht_stats *st, ht_metric m);
uint64_t stats_status(const ht_stats *st, int code);
uint64_t stats_code(const ht_stats *st, int code);
uint64_t stats_bytes(const ht_stats *st);
/* Connections opened (hops that connected), redirects followed. */
uint64_t stats_conns(const ht_stats *st);
uint64_t stats_redirects(const ht_stats *st);
/* The first error message seen for a curl code (the transfer's own text),
 * else curl's generic text for the code. */
const char *stats_message(const ht_stats *st, int code);
int stats_max_status(void);
int stats_max_code(void);

#endif
