/* pt_check.c: does the call graph hold every call that really happened?
 *
 *   pt_check NM_FILE RECORD_FILE JSON_FILE
 *
 * NM_FILE is `nm -n --defined-only` of the instrumented binary, RECORD_FILE
 * the log of fixtures/pointer/recorder.c ("SITE CALLEE" offsets, SITE "-"
 * when the caller is library code), JSON_FILE `canalyze --pointer --format
 * json`. Functions are matched by name. An observed call from one program
 * function to another must be a call of the graph; a call from library code
 * (qsort's comparator, a thread start, a handler) must be an edge from some
 * undefined (library) function to the callee; main is the root. Prints one
 * summary line and one line per missing edge; exit status 1 if any. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct sym { unsigned long addr; char name[128]; } sym;
typedef struct fn { char id[512], name[128]; int defined; } fn;

static sym *syms;
static size_t nsyms;
static fn *fns;
static size_t nfns;
static char **edges;      /* "caller\x01callee", sorted */
static size_t nedges;
static char **libedges;   /* callee names with an edge from an undefined function, sorted */
static size_t nlib;

static int cmp_sym(const void *a, const void *b) {
  unsigned long x = ((const sym *)a)->addr, y = ((const sym *)b)->addr;
  return (x > y) - (x < y);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void load_nm(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) perror(path), exit(2);
  char line[512], type;
  unsigned long addr;
  char name[128];
  size_t cap = 0;
  while (fgets(line, sizeof line, f)) {
    if (sscanf(line, "%lx %c %127s", &addr, &type, name) != 3) continue;
    if (type != 'T' && type != 't' && type != 'W' && type != 'w') continue;
    if (nsyms == cap) syms = realloc(syms, (cap = cap ? cap * 2 : 256) * sizeof *syms);
    syms[nsyms].addr = addr;
    snprintf(syms[nsyms++].name, sizeof syms->name, "%s", name);
  }
  fclose(f);
  if (nsyms) qsort(syms, nsyms, sizeof *syms, cmp_sym);
}

/* The function containing an address (the last symbol at or below it). */
static const char *containing(unsigned long addr) {
  size_t lo = 0, hi = nsyms;
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (syms[mid].addr <= addr) lo = mid + 1;
    else hi = mid;
  }
  return lo ? syms[lo - 1].name : "?";
}

/* The value of "key": "..." on a JSON line, or NULL for null/absent. */
static int field(const char *line, const char *key, char *out, size_t n) {
  char pat[64];
  snprintf(pat, sizeof pat, "\"%s\": \"", key);
  const char *p = strstr(line, pat);
  if (!p) return 0;
  p += strlen(pat);
  size_t i = 0;
  for (; *p && *p != '"' && i + 1 < n; p++) {
    if (*p == '\\' && p[1]) p++;
    out[i++] = *p;
  }
  out[i] = 0;
  return 1;
}

static const fn *find_fn(const char *id) {
  for (size_t i = 0; i < nfns; i++)
    if (strcmp(fns[i].id, id) == 0) return &fns[i];
  return NULL;
}

static void load_json(const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) perror(path), exit(2);
  static char line[8192];
  size_t capf = 0, cape = 0, capl = 0;
  char a[512], b[512];
  while (fgets(line, sizeof line, f)) {
    if (strncmp(line, "  {\"id\": ", 9) == 0 && field(line, "id", a, sizeof a)) {
      if (nfns == capf) fns = realloc(fns, (capf = capf ? capf * 2 : 256) * sizeof *fns);
      snprintf(fns[nfns].id, sizeof fns->id, "%s", a);
      field(line, "name", fns[nfns].name, sizeof fns->name);
      fns[nfns++].defined = strstr(line, "\"defined\": true") != NULL;
    } else if (strncmp(line, "  {\"caller\": ", 13) == 0 && strstr(line, "\"kind\"") &&
               field(line, "caller", a, sizeof a) && field(line, "callee", b, sizeof b)) {
      const fn *caller = find_fn(a), *callee = find_fn(b);
      if (!caller || !callee) continue;
      if (nedges == cape) edges = realloc(edges, (cape = cape ? cape * 2 : 256) * sizeof *edges);
      edges[nedges] = malloc(strlen(caller->name) + strlen(callee->name) + 2);
      sprintf(edges[nedges++], "%s\x01%s", caller->name, callee->name);
      if (caller->defined) continue;
      if (nlib == capl) libedges = realloc(libedges, (capl = capl ? capl * 2 : 64) * sizeof *libedges);
      libedges[nlib++] = strdup(callee->name);
    }
  }
  fclose(f);
  if (nedges) qsort(edges, nedges, sizeof *edges, cmp_str);
  if (nlib) qsort(libedges, nlib, sizeof *libedges, cmp_str);
}

static int has(char **set, size_t n, const char *key) {
  return n && bsearch(&key, set, n, sizeof *set, cmp_str) != NULL;
}

int main(int argc, char **argv) {
  if (argc != 4) return fprintf(stderr, "usage: pt_check NM RECORD JSON\n"), 2;
  load_nm(argv[1]);
  load_json(argv[3]);
  FILE *f = fopen(argv[2], "r");
  if (!f) return perror(argv[2]), 2;
  char site[64], line[256], key[300];
  unsigned long callee_addr;
  char **seen = NULL;
  size_t nseen = 0, cap = 0, missing = 0, fromlib = 0;
  while (fgets(line, sizeof line, f)) {
    if (sscanf(line, "%63s %lx", site, &callee_addr) != 2) continue;
    const char *callee = containing(callee_addr);
    /* the call instruction is just before the return address: after a call
     * to a noreturn function the return address may lie in the next function */
    const char *caller = strcmp(site, "-") == 0 ? "-" : containing(strtoul(site, NULL, 16) - 1);
    snprintf(key, sizeof key, "%s\x01%s", caller, callee);
    int dup = 0;
    for (size_t i = 0; i < nseen && !dup; i++) dup = strcmp(seen[i], key) == 0;
    if (dup) continue;
    if (nseen == cap) seen = realloc(seen, (cap = cap ? cap * 2 : 256) * sizeof *seen);
    seen[nseen++] = strdup(key);
    int found;
    if (strcmp(caller, "-") == 0) {
      fromlib++;
      found = strcmp(callee, "main") == 0 || has(libedges, nlib, callee);
    } else {
      found = has(edges, nedges, key);
    }
    if (!found) printf("missing: %s -> %s\n", caller, callee), missing++;
  }
  fclose(f);
  printf("observed %zu distinct calls (%zu from library code), %zu missing from the graph\n", nseen,
         fromlib, missing);
  for (size_t i = 0; i < nseen; i++) free(seen[i]);
  for (size_t i = 0; i < nedges; i++) free(edges[i]);
  for (size_t i = 0; i < nlib; i++) free(libedges[i]);
  free(seen), free(edges), free(libedges), free(syms), free(fns);
  return missing ? 1 : 0;
}
