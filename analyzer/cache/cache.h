/* cache.h: the per-TU fact cache (docs/formats.md "Fact cache").
 *
 * One file per compile command and extraction mode, named by the hash of
 * the command (file, arguments, working directory), the mode (--pointer,
 * positions), the format version and the extractor's identity (canalyze's
 * version and build, libclang's version). The file records every input the
 * TU read (main file and headers, from libclang's inclusion list) with its
 * size and content hash, then the TU's facts. A lookup re-hashes those
 * inputs (each file once per run, shared by all TUs) and reuses the facts
 * only when all are unchanged, so an edit to one header re-parses exactly
 * the TUs that include it.
 *
 * Safe under concurrency: a file is written under a unique temporary name
 * and renamed into place, so readers (this run's threads or another
 * canalyze) see a whole old file or a whole new one. A file that is
 * damaged, truncated or not ours is counted as a problem, ignored, and
 * overwritten by the TU's fresh facts. The cache is thread-safe. */
#ifndef CA_CACHE_H
#define CA_CACHE_H
#include "clang/frontend.h"

typedef struct tucache tucache;

/* A cache in folder dir (created when first written), for an extractor
 * whose identity is the string tool. NULL on OOM. */
tucache *cache_open(const char *dir, const char *tool);
void cache_close(tucache *c);

typedef enum cache_result {
  CACHE_HIT,     /* facts returned */
  CACHE_MISS,    /* no entry, or an input changed: parse the TU */
  CACHE_NOMEM
} cache_result;

/* The facts of job as extracted with frontend flags `flags`, when a valid
 * entry exists and every input is unchanged; else NULL and why. */
facts_tu *cache_load(tucache *c, const frontend_job *job, unsigned flags, cache_result *res);

/* Records tu (parsed from job with flags, tu->inputs filled, started at
 * parse_start, CLOCK_REALTIME). TUs with errors, without inputs, or with an
 * input modified since one second before the parse started (the parse may
 * have read it half-written, or a coarse clock may hide a later edit) are
 * not stored. Failure to write is counted (cache_problems), not fatal. */
void cache_store(tucache *c, const frontend_job *job, unsigned flags, const facts_tu *tu,
                 double parse_start);

/* What went wrong with cache files this run: how many were unreadable
 * (damaged, truncated, foreign) and rebuilt, how many could not be
 * written, and a line naming the first problem (empty if none). */
void cache_problems(const tucache *c, size_t *bad, size_t *unwritable, char *first, size_t len);

/* canalyze's identity for cache keys: version, build id, libclang version. */
const char *cache_tool_id(arena *a);
#endif
