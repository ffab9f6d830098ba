/* config.c: canalyze.conf, the per-project settings file, found next to
 * compile_commands.json (or in the analysed root without one).
 *
 * Format: one setting per line, `allocator NAME` (a function that returns
 * fresh heap memory, for allocators the analysis cannot see: a pool behind
 * a library, an allocator in assembly); `#` starts a comment; blank lines
 * are ignored. Anything else is an error naming the file and line. The
 * names join those given with --allocator in p->allocators. */
#include "config.h"
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

enum { LINE_MAX_LEN = 1024 };

static char *trim(char *s) {
  while (isspace((unsigned char)*s)) s++;
  char *end = s + strlen(s);
  while (end > s && isspace((unsigned char)end[-1])) *--end = 0;
  return s;
}

/* One line: a setting, a comment or nothing. false: not understood. */
static bool one_line(ca_program *p, char *line) {
  char *hash = strchr(line, '#');
  if (hash) *hash = 0;
  line = trim(line);
  if (!*line) return true;
  if (strncmp(line, "allocator", 9) != 0 || !isspace((unsigned char)line[9])) return false;
  char *name = trim(line + 9);
  for (const char *c = name; *c; c++)
    if (!isalnum((unsigned char)*c) && *c != '_') return false;
  const char *copy = arena_strdup(p->arena, name);
  return copy && VEC_PUSH(p->arena, &p->allocators, copy);
}

ca_status config_load(ca_program *p, const char *path, char *err, size_t errlen) {
  FILE *f = fopen(path, "r");
  if (!f) {
    snprintf(err, errlen, "%s: %s", path, strerror(errno));
    return CA_ERR_IO;
  }
  char line[LINE_MAX_LEN];
  unsigned n = 0;
  ca_status s = CA_OK;
  while (s == CA_OK && fgets(line, sizeof line, f)) {
    n++;
    if (!one_line(p, line)) {
      snprintf(err, errlen, "%s:%u: expected `allocator NAME` or a # comment", path, n);
      s = CA_ERR_USAGE;
    }
  }
  fclose(f);
  return s;
}

ca_status config_allocators(ca_program *p, const ca_options *opt, char *err, size_t errlen) {
  for (size_t i = 0; i < opt->nallocators; i++) {
    const char *copy = arena_strdup(p->arena, opt->allocators[i]);
    if (!copy || !VEC_PUSH(p->arena, &p->allocators, copy)) return CA_ERR_NOMEM;
  }
  (void)err, (void)errlen;
  return CA_OK;
}
