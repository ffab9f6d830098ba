/* analyze.c: ca_analyze, the pipeline project -> cache or frontend
 * (parallel) -> link -> call graph index -> points-to (with --pointer).
 *
 * Workers take the next job from a shared counter and write its facts into
 * the job's own slot, so the result is the same whatever the thread timing.
 * A job's facts come from the fact cache when its inputs are unchanged,
 * else from parsing (and then go into the cache); both give the same facts.
 * Each worker owns its frontend (a libclang index). Per-TU facts are freed once linked.
 *
 * Between parsing and linking a TU's facts wait in the fact cache's byte
 * form (cache_facts.h), decoded into a fresh arena when linking starts: a
 * parse leaves its arena with the storage vectors abandoned on growth and
 * fixed-width records, and the bytes are several times smaller (on
 * PostgreSQL's backend the facts of all TUs were 2.5 GB of the peak). The
 * decoded facts are the ones the cache would give: same output. TUs kept
 * for --html (cross-references, which the codec does not keep) and TUs
 * with diagnostics (which the cache never holds) stay as parsed, and so do
 * the first TUs while their arenas stay within PACK_FREE: a small program
 * (SQLite: 50 MB of parsed facts) saves nothing worth the encoding and
 * decoding, 0.18 G instructions of 6.1 G. */
#include "cache/cache.h"
#include "cache/cache_facts.h"
#include "callgraph.h"
#include "clang/frontend.h"
#include "html/xref.h"
#include "link.h"
#include "pointsto/pointsto.h"
#include "project.h"
#include "config.h"
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

typedef struct pool {
  const project *proj;
  const ca_options *opt;
  facts_tu **tus;
  wbuf *packed;         /* per job: its facts as bytes (tus[i] NULL), or empty */
  atomic_size_t next;
  atomic_bool oom;
  size_t done;
  pthread_mutex_t lock; /* serialises progress callbacks */
  xref_claims *claims;  /* with opt->xref: who tokenizes each header */
  tucache *cache;       /* NULL: every TU is parsed */
  atomic_size_t cached; /* TUs read from the cache */
  atomic_size_t held;   /* arena bytes of the TUs kept as parsed */
} pool;

enum { PACK_FREE = 64 << 20 };

static double realtime_now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A job whose file cannot be parsed (project.c): a TU with no facts and
 * the reason as its one error, so the report says what was left out. */
static facts_tu *unusable_facts(const frontend_job *job) {
  facts_tu *tu = facts_tu_new(job->file);
  if (!tu) return NULL;
  facts_diag d = job->unusable;
  d.file = arena_strdup(tu->arena, d.file), d.message = arena_strdup(tu->arena, d.message);
  tu->parse_failed = true, tu->nerrors = 1;
  if (!tu->main_file || !d.file || !d.message || !VEC_PUSH(tu->arena, &tu->diags, d))
    return facts_tu_free(tu), NULL;
  return tu;
}

/* The facts of one job: from the cache when it has them, else parsed (and
 * then stored). NULL on OOM. */
static facts_tu *job_facts(pool *pl, frontend *fe, const frontend_job *job, unsigned flags) {
  if (job->unusable.message) return unusable_facts(job);
  if (!pl->cache) return frontend_parse(fe, job, flags);
  flags |= FRONTEND_BRANCHES; /* an entry serves every report (the flags are in its key) */
  cache_result res;
  facts_tu *tu = cache_load(pl->cache, job, flags, &res);
  if (tu) atomic_fetch_add(&pl->cached, 1);
  if (tu || res == CACHE_NOMEM) return tu;
  double start = realtime_now();
  tu = frontend_parse(fe, job, flags | FRONTEND_INPUTS);
  if (tu) cache_store(pl->cache, job, flags, tu, start);
  return tu;
}

/* Job i's facts into their byte form; as parsed when that fails. TUs with
 * diagnostics stay as parsed, as the cache keeps none: the report points
 * into their strings. */
static void pack(pool *pl, size_t i) {
  facts_tu *tu = pl->tus[i];
  if (!pl->packed || !tu || tu->xref || tu->parse_failed || tu->diags.len || tu->cmdline.len) return;
  size_t bytes = arena_bytes(tu->arena);
  if (atomic_fetch_add(&pl->held, bytes) + bytes <= PACK_FREE) return;
  atomic_fetch_sub(&pl->held, bytes);
  wbuf w = {0};
  if (!cache_facts_encode(&w, tu)) return wbuf_free(&w);
  unsigned char *fit = ca_xrealloc(w.data, w.len ? w.len : 1); /* the buffer grew by doubling */
  if (fit) w.data = fit, w.cap = w.len;
  pl->packed[i] = w;
  facts_tu_free(tu);
  pl->tus[i] = NULL;
}

/* Every packed TU decoded again (main file: its job's). */
static ca_status unpack(pool *pl) {
  for (size_t i = 0; pl->packed && i < pl->proj->jobs.len; i++) {
    if (!pl->packed[i].data) continue;
    rbuf r = {pl->packed[i].data, pl->packed[i].data + pl->packed[i].len, false};
    bool nomem = false;
    pl->tus[i] = cache_facts_decode(&r, pl->proj->jobs.items[i].file, &nomem);
    wbuf_free(&pl->packed[i]);
    if (!pl->tus[i]) return CA_ERR_NOMEM; /* our own bytes: only memory can fail */
  }
  return CA_OK;
}

static void *worker(void *arg) {
  pool *pl = arg;
  frontend *fe = frontend_new();
  if (fe) frontend_set_xref_claims(fe, pl->claims);
  size_t n = pl->proj->jobs.len;
  for (size_t i; fe && (i = atomic_fetch_add(&pl->next, 1)) < n;) {
    const frontend_job *job = &pl->proj->jobs.items[i];
    unsigned pt = pl->opt->pointer ? FRONTEND_POINTER : 0;
    if (pt && pl->opt->positions) pt |= FRONTEND_POSITIONS;
    if (pl->opt->xref) pt |= FRONTEND_XREF;
    if (pl->opt->hotspots) pt |= FRONTEND_BRANCHES;
    pl->tus[i] = job_facts(pl, fe, job, pt);
    if (!pl->tus[i]) atomic_store(&pl->oom, true);
    pack(pl, i);
    pthread_mutex_lock(&pl->lock);
    size_t done = ++pl->done;
    if (pl->opt->progress) pl->opt->progress(pl->opt->progress_user, done, n, job->file);
    pthread_mutex_unlock(&pl->lock);
  }
  if (!fe) atomic_store(&pl->oom, true);
  frontend_free(fe);
  return NULL;
}

static unsigned thread_count(const ca_options *opt, size_t njobs) {
  long cores = sysconf(_SC_NPROCESSORS_ONLN);
  unsigned n = opt->jobs ? opt->jobs : (cores > 0 ? (unsigned)cores : 1);
  if (n > njobs) n = (unsigned)njobs;
  return n ? n : 1;
}

static ca_status run_workers(pool *pl) {
  unsigned n = thread_count(pl->opt, pl->proj->jobs.len);
  pthread_t *threads = ca_xcalloc(n, sizeof *threads);
  if (!threads) return CA_ERR_NOMEM;
  unsigned started = 0;
  for (; started < n; started++)
    if (pthread_create(&threads[started], NULL, worker, pl) != 0) break;
  if (started == 0) worker(pl); /* no threads to be had: parse on this one */
  for (unsigned i = 0; i < started; i++) pthread_join(threads[i], NULL);
  ca_xfree(threads);
  return atomic_load(&pl->oom) ? CA_ERR_NOMEM : CA_OK;
}

static ca_status all_failed(facts_tu *const *tus, size_t n, char *err, size_t errlen) {
  for (size_t i = 0; i < n; i++)
    if (!tus[i]->parse_failed) return CA_OK;
  snprintf(err, errlen, "%s: libclang could not parse any translation unit", tus[0]->main_file);
  return CA_ERR_PARSE;
}

/* The fact cache, unless none is asked for or --html needs what it does
 * not keep (tokens; and which TU tokenizes a header depends on timing). */
static ca_status open_cache(pool *pl, ca_program *p) {
  if (!pl->opt->cache_dir || pl->opt->xref) return CA_OK;
  const char *tool = cache_tool_id(p->arena);
  pl->cache = tool ? cache_open(pl->opt->cache_dir, tool) : NULL;
  return pl->cache ? CA_OK : CA_ERR_NOMEM;
}

/* How the cache did, into p: hits, and one line on problem files. */
static void close_cache(pool *pl, ca_program *p) {
  if (!pl->cache) return;
  p->ntus_cached = atomic_load(&pl->cached);
  size_t bad, unwritable;
  char first[4400];
  cache_problems(pl->cache, &bad, &unwritable, first, sizeof first);
  if (bad && unwritable)
    p->cache_warning = arena_printf(p->arena, "fact cache: %zu unreadable, %zu not written; first: %s",
                                    bad, unwritable, first);
  else if (bad)
    p->cache_warning = arena_printf(p->arena, "fact cache: %zu file%s unreadable, ignored and rebuilt; first: %s",
                                    bad, bad == 1 ? "" : "s", first);
  else if (unwritable)
    p->cache_warning = arena_printf(p->arena, "fact cache: %zu file%s not written; first: %s",
                                    unwritable, unwritable == 1 ? "" : "s", first);
  cache_close(pl->cache);
  pl->cache = NULL;
}

static ca_status build(ca_program *p, const ca_options *opt, project *proj, char *err, size_t errlen) {
  size_t n = proj->jobs.len;
  pool pl = {.proj = proj, .opt = opt, .tus = ca_xcalloc(n, sizeof *pl.tus)};
  if (opt->xref && !(pl.claims = xref_claims_new())) return ca_xfree(pl.tus), CA_ERR_NOMEM;
  if (!pl.tus) return xref_claims_free(pl.claims), CA_ERR_NOMEM;
  if (!opt->xref && !(pl.packed = ca_xcalloc(n, sizeof *pl.packed)))
    return xref_claims_free(pl.claims), ca_xfree(pl.tus), CA_ERR_NOMEM;
  ca_status s = open_cache(&pl, p);
  p->hot_facts = opt->hotspots || pl.cache; /* job_facts extracts them for the cache */
  pthread_mutex_init(&pl.lock, NULL);
  if (s == CA_OK) s = run_workers(&pl);
  pthread_mutex_destroy(&pl.lock);
  xref_claims_free(pl.claims);
  close_cache(&pl, p);
  if (s == CA_OK) s = unpack(&pl);
  if (s == CA_OK) s = all_failed(pl.tus, n, err, errlen);
  int **funcmap = NULL;
  if (s == CA_OK) s = link_program(p, pl.tus, n, &funcmap, err, errlen);
  if (s == CA_OK && opt->xref) s = xref_link(p, pl.tus, n); /* before pt_run frees the TUs */
  if (s == CA_OK && opt->pointer) s = pt_run(p, pl.tus, n, funcmap, err, errlen);
  if (s == CA_OK) s = callgraph_index(p);
  for (size_t i = 0; i < n; i++) facts_tu_free(pl.tus[i]);
  for (size_t i = 0; pl.packed && i < n; i++) wbuf_free(&pl.packed[i]);
  ca_xfree(pl.tus), ca_xfree(pl.packed);
  return s;
}

ca_status ca_analyze(const ca_options *opt, ca_program **out, char *err, size_t errlen) {
  *out = NULL;
  if (errlen) *err = 0;
  arena *a = arena_new(), *scratch = arena_new();
  ca_program *p = a ? arena_alloc(a, sizeof *p) : NULL;
  if (!p || !scratch) {
    arena_free(a), arena_free(scratch);
    snprintf(err, errlen, "out of memory");
    return CA_ERR_NOMEM;
  }
  p->arena = a;
  project proj;
  ca_status s = project_load(&proj, scratch, opt, err, errlen);
  if (s == CA_OK && !(p->root = arena_strdup(a, proj.root))) s = CA_ERR_NOMEM;
  if (s == CA_OK && proj.compdb && !(p->compdb = arena_strdup(a, proj.compdb))) s = CA_ERR_NOMEM;
  if (s == CA_OK) s = config_allocators(p, opt, err, errlen);
  if (s == CA_OK && proj.config) s = config_load(p, proj.config, err, errlen);
  if (s == CA_OK) s = build(p, opt, &proj, err, errlen);
  arena_free(scratch);
  /* Every stage that runs out of memory says so; the ones without more to
   * say than that leave the message to this line. */
  if (s == CA_ERR_NOMEM && errlen && !*err) snprintf(err, errlen, "out of memory");
  if (s != CA_OK) return ca_program_free(p), s;
  *out = p;
  return CA_OK;
}

void ca_program_free(ca_program *p) {
  if (!p) return;
  if (p->pt_free && p->pt_state) p->pt_free(p->pt_state);
  xref_prog_free(p->xref);
  arena_free(p->arena);
}
