/* project.h: which translation units to parse, with which arguments.
 *
 * With a compile_commands.json (in -p DIR, else the nearest one in PATH's
 * folder or a folder above it that has entries for the paths)
 * each C entry is a TU with its own arguments and working directory; without
 * one, every .c file below PATH is a TU parsed with the `--` flags. Inputs
 * are validated here (exists, readable, text) so the frontend only parses. */
#ifndef CA_PROJECT_H
#define CA_PROJECT_H
#include "canalyze.h"
#include "clang/frontend.h"

/* The per-project settings file (analyzer/config.c). */
#define CA_CONFIG_NAME "canalyze.conf"

typedef struct project {
  arena *arena;
  const char *root;       /* absolute; reports are relative to it */
  const char *compdb;     /* the compile database used, or NULL */
  VEC(frontend_job) jobs; /* sorted by file, one per file */
  const char *config;     /* canalyze.conf next to compile_commands.json (or in the
                             root without one), if it exists; else NULL */
} project;

/* Fills proj (allocated in a) from opt. On failure returns the status and a
 * one-line "path: what is wrong" message in err. */
ca_status project_load(project *proj, arena *a, const ca_options *opt, char *err, size_t errlen);
#endif
