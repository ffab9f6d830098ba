/* canalyze.h: the public interface of libcanalyze.
 *
 * Analyse a C source tree (ca_analyze), then render what was found
 * (ca_report). The library never prints and never exits: every function
 * returns a ca_status, and on failure writes a one-line message that names
 * what and where into the caller's buffer. The program handle is opaque and
 * owns all analysis data; ca_program_free releases it in one call. */
#ifndef CANALYZE_H
#define CANALYZE_H
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* Only what this header declares is exported from the library; everything
 * else in it is built with hidden visibility and localised. */
#if defined(__GNUC__)
#pragma GCC visibility push(default)
#endif

typedef struct ca_program ca_program;

typedef enum ca_status {
  CA_OK = 0,
  CA_ERR_USAGE,     /* bad option value (unknown function, format, ...) */
  CA_ERR_NOENT,     /* a path does not exist */
  CA_ERR_IO,        /* a file cannot be read, or output cannot be written */
  CA_ERR_NOINPUT,   /* no C file found below a path */
  CA_ERR_COMPDB,    /* compile_commands.json cannot be loaded */
  CA_ERR_INPUT,     /* an input is not C source (binary, symlink loop, ...) */
  CA_ERR_PARSE,     /* libclang could not parse any translation unit */
  CA_ERR_NOMEM,
  CA_ERR_TOOBIG,    /* a graph is above the node limit */
  CA_ERR_RENDER     /* Graphviz could not lay out or render */
} ca_status;

const char *ca_strerror(ca_status s);

/* The library's version, "MAJOR.MINOR.PATCH". */
const char *ca_version(void);

/* Called from worker threads (serialised by the library) as TUs finish. */
typedef void ca_progress_fn(void *user, size_t done, size_t total, const char *file);

typedef struct ca_options {
  const char *const *paths;   /* directories or .c files */
  size_t npaths;
  const char *compdb_dir;     /* folder holding compile_commands.json (-p), or NULL */
  const char *const *extra_args; /* compiler args after `--` (no compile db) */
  size_t nextra;
  unsigned jobs;              /* worker threads; 0 = one per core */
  bool pointer;               /* run the points-to analysis (--pointer) */
  bool positions;             /* with pointer: keep expression positions, for FILE:LINE:COL
                                 queries (ca_query_is_position); they cost time */
  bool xref;                  /* keep tokens and cross-references, for ca_write_html */
  bool hotspots;              /* extract what hotspot findings weigh calls by (the
                                 conditions around each call, loop trip counts): reports
                                 with hotspots (--hotspots, --hot, SARIF, graph formats)
                                 need it; it costs parse time. With a fact cache it is
                                 always extracted, so that one entry serves every report */
  const char *cache_dir;      /* the per-TU fact cache's folder (created if missing), or
                                 NULL for none; with xref the cache is not used */
  const char *const *allocators; /* functions to treat as allocators (--allocator NAME), */
  size_t nallocators;         /* besides those in canalyze.conf next to the compile database */
  ca_progress_fn *progress;
  void *progress_user;
} ca_options;

/* Parses every TU below opt->paths and builds the whole-program call graph.
 * TUs with compile errors are analysed as far as libclang recovered; their
 * diagnostics are kept in the program and appear in reports. */
ca_status ca_analyze(const ca_options *opt, ca_program **out, char *err, size_t errlen);
void ca_program_free(ca_program *p);

/* Counts for the caller's own summary line. */
typedef struct ca_summary {
  size_t tus, tus_with_errors, functions, defined, calls, indirect_sites;
  bool compile_db;            /* the TUs came from a compile_commands.json */
  size_t tus_cached;          /* TUs whose facts came from the cache (not parsed) */
  const char *cache_warning;  /* one line on cache files ignored or not written, or NULL */
} ca_summary;
void ca_program_summary(const ca_program *p, ca_summary *out);

/* Writes the first per_tu diagnostics of each TU with errors, one per line,
 * as "file:line:col: error: message", then the warnings about the command
 * line as "file: warning: message". A line that several TUs share (an error
 * in a header, a flag every command has) is written once, followed by
 * " (in N translation units: a.c, b.c, c.c and M more)". */
void ca_write_diagnostics(const ca_program *p, FILE *out, size_t per_tu);

typedef enum ca_format {
  CA_FMT_TEXT, CA_FMT_JSON, CA_FMT_DOT, CA_FMT_SVG, CA_FMT_PNG, CA_FMT_PDF, CA_FMT_SARIF
} ca_format;

/* What to show. Zeroed means: the whole program, as text. */
typedef struct ca_view {
  const char *focus;          /* function name (or id): its callers and callees */
  unsigned depth;             /* for focus; 0 = unlimited */
  const char *callers;        /* list the transitive callers of this function */
  const char *callees;        /* list the transitive callees of this function */
  bool hotspots;              /* findings only (--hotspots) */
  bool hot;                   /* graph of the paths from hot loops to top hotspots */
  unsigned top;               /* keep the top N findings; 0 = all */
  unsigned max_nodes;         /* graph formats refuse larger graphs; 0 = 300 */
  const char *const *queries; /* --points-to QUERY... */
  size_t nqueries;
  bool call_frequencies;      /* with hotspots, JSON: each call's runs per entry of its
                                 function and the conditions behind them */
} ca_view;

/* Is a --points-to query a position FILE:LINE:COL (not a name)? */
bool ca_query_is_position(const char *query);

ca_status ca_report(const ca_program *p, const ca_view *v, ca_format fmt, FILE *out,
                    char *err, size_t errlen);

/* Writes the program as a browsable static site into the folder dir
 * (index.html, a page per project source file and header, their data
 * files, style.css, site.js): source with highlighting, every identifier
 * linked to its definition, callers, call targets, layouts, errors. p must
 * have been analysed with ca_options.xref. dir is created if missing; an
 * earlier site canalyze wrote there is replaced; a folder holding anything
 * else is refused (CA_ERR_IO, nothing touched). The output depends only on
 * the program and the view: no timestamps, everything sorted. Of the view
 * (NULL: none), hotspots puts the findings in the pages' margins and the
 * top ones on the index (top: how many; 0 = all). */
ca_status ca_write_html(const ca_program *p, const ca_view *v, const char *dir, char *err,
                        size_t errlen);
#if defined(__GNUC__)
#pragma GCC visibility pop
#endif
#endif
