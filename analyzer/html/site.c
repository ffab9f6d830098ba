/* site.c: ca_write_html, the browsable site in a folder.
 *
 * The folder is the user's: canalyze writes into a new or empty one, or
 * replaces a site it wrote before, and refuses anything else. A site is
 * known by its marker file, which lists every file the site holds; that
 * list is written before the files, so an interrupted run can be replaced
 * too, and replacing removes exactly the listed files. A file the list
 * does not name (or a symlink) makes canalyze refuse and touch nothing. */
#include "html/html.h"
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MARKER ".canalyze-html"
static const char marker_head[] = "canalyze html site 1\n";

/* ---- the folder ---- */

typedef struct listing { VEC(const char *) files, dirs; } listing; /* relative to DIR */

static bool list_dir(site *s, const char *rel, listing *out, int depth) {
  const char *full = rel[0] ? arena_printf(s->a, "%s/%s", s->dir, rel) : s->dir;
  DIR *d = full && depth < 64 ? opendir(full) : NULL;
  if (!d) {
    snprintf(s->err, s->errlen, "%s: %s", full ? full : s->dir, strerror(errno ? errno : ELOOP));
    return false;
  }
  bool ok = true;
  for (struct dirent *e; ok && (e = readdir(d));) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) continue;
    const char *child = rel[0] ? arena_printf(s->a, "%s/%s", rel, e->d_name) : arena_strdup(s->a, e->d_name);
    const char *path = arena_printf(s->a, "%s/%s", s->dir, child);
    struct stat st;
    if (!child || !path || lstat(path, &st) != 0) ok = false;
    else if (S_ISDIR(st.st_mode)) ok = VEC_PUSH(s->a, &out->dirs, child) && list_dir(s, child, out, depth + 1);
    else ok = VEC_PUSH(s->a, &out->files, child);
    if (!ok && !s->err[0]) snprintf(s->err, s->errlen, "%s: %s", path ? path : s->dir, strerror(errno));
  }
  closedir(d);
  return ok;
}

/* The files an earlier site listed in its marker, or false if DIR has no marker. */
static bool read_marker(site *s, strmap *listed) {
  const char *path = arena_printf(s->a, "%s/%s", s->dir, MARKER);
  FILE *f = path ? fopen(path, "rb") : NULL;
  if (!f) return false;
  char line[4096];
  bool ok = fgets(line, sizeof line, f) && strcmp(line, marker_head) == 0;
  while (ok && fgets(line, sizeof line, f)) {
    line[strcspn(line, "\n")] = 0;
    const char *name = arena_strdup(s->a, line);
    if (name && *name && !strstr(name, "..")) strmap_put(listed, name, 1);
  }
  fclose(f);
  return ok;
}

static ca_status refuse(site *s, const char *what) {
  snprintf(s->err, s->errlen,
           "%s holds %s that canalyze did not write; give --html a new or empty folder, or one an "
           "earlier --html run wrote", s->dir, what);
  return CA_ERR_IO;
}

/* Removes an earlier site: its listed files, then the folders left empty. */
static void remove_site(site *s, const listing *l) {
  for (size_t i = 0; i < l->files.len; i++)
    unlink(arena_printf(s->a, "%s/%s", s->dir, l->files.items[i]));
  for (size_t i = l->dirs.len; i-- > 0;) /* children were listed after parents */
    rmdir(arena_printf(s->a, "%s/%s", s->dir, l->dirs.items[i]));
}

static ca_status prepare_dir(site *s) {
  struct stat st;
  if (stat(s->dir, &st) != 0) {
    if (errno == ENOENT && mkdir(s->dir, 0777) == 0) return CA_OK;
    snprintf(s->err, s->errlen, "%s: cannot create the folder: %s", s->dir, strerror(errno));
    return CA_ERR_IO;
  }
  if (!S_ISDIR(st.st_mode)) {
    snprintf(s->err, s->errlen, "%s: not a folder", s->dir);
    return CA_ERR_IO;
  }
  listing l = {0};
  if (!list_dir(s, "", &l, 0)) return CA_ERR_IO;
  strmap listed;
  strmap_init(&listed, s->a);
  bool ours = read_marker(s, &listed);
  for (size_t i = 0; i < l.files.len; i++) {
    const char *f = l.files.items[i];
    if (strcmp(f, MARKER) == 0 ? !ours : !ours || strmap_get(&listed, f) < 0)
      return refuse(s, arena_printf(s->a, "files (%s)", f));
  }
  if (access(s->dir, W_OK) != 0) {
    snprintf(s->err, s->errlen, "%s: %s", s->dir, strerror(errno));
    return CA_ERR_IO;
  }
  remove_site(s, &l);
  return CA_OK;
}

/* ---- the site ---- */

typedef struct call_key { unsigned line, col; int call; } call_key;

static int cmp_calls(const void *a, const void *b) {
  const call_key *x = a, *y = b;
  if (x->line != y->line) return x->line < y->line ? -1 : 1;
  if (x->col != y->col) return x->col < y->col ? -1 : 1;
  return (x->call > y->call) - (x->call < y->call);
}

/* A file's calls in position order (line, column, then program order). */
static bool sort_calls(site *s, size_t fi) {
  size_t n = s->fcalls[fi].len;
  call_key *k = n ? arena_alloc(s->a, n * sizeof *k) : NULL;
  if (n && !k) return false;
  for (size_t i = 0; i < n; i++) {
    const prog_call *c = &s->p->calls.items[s->fcalls[fi].items[i]];
    k[i] = (call_key){c->line, c->col, s->fcalls[fi].items[i]};
  }
  if (n) qsort(k, n, sizeof *k, cmp_calls);
  for (size_t i = 0; i < n; i++) s->fcalls[fi].items[i] = k[i].call;
  return true;
}

static bool index_program(site *s) {
  const ca_program *p = s->p;
  size_t n = s->x->files.len;
  s->fcalls = arena_alloc(s->a, (n + 1) * sizeof *s->fcalls);
  s->ffuncs = arena_alloc(s->a, (n + 1) * sizeof *s->ffuncs);
  s->page = arena_alloc(s->a, (n + 1) * sizeof *s->page);
  s->nlines = arena_alloc(s->a, (n + 1) * sizeof *s->nlines);
  s->nerrors = arena_alloc(s->a, (n + 1) * sizeof *s->nerrors);
  s->ptgroup = arena_alloc(s->a, (s->x->syms.len + 1) * sizeof *s->ptgroup);
  if (!s->fcalls || !s->ffuncs || !s->page || !s->nlines || !s->nerrors || !s->ptgroup) return false;
  for (size_t i = 0; i < s->x->syms.len; i++) s->ptgroup[i] = -2;
  ptrmap_init(&s->setgroup, s->a);
  strmap_init(&s->pages, s->a);
  for (size_t i = 0; i < n; i++) {
    s->page[i] = site_page(s->a, s->x->files.items[i].path, ".html");
    strmap_put(&s->pages, s->x->files.items[i].path, (int)i);
  }
  for (size_t c = 0; c < p->calls.len; c++) {
    int f = p->calls.items[c].file ? strmap_get(&s->pages, p->calls.items[c].file) : -1;
    if (f >= 0) VEC_PUSH(s->a, &s->fcalls[f], (int)c);
  }
  for (size_t i = 0; i < n; i++)
    if (!sort_calls(s, i)) return false;
  for (size_t f = 0; f < p->funcs.len; f++) {
    const prog_func *pf = &p->funcs.items[f];
    int fi = pf->defined && pf->file ? strmap_get(&s->pages, pf->file) : -1;
    if (fi >= 0) VEC_PUSH(s->a, &s->ffuncs[fi], (int)f);
  }
  return !arena_failed(s->a);
}

static bool write_marker(site *s) {
  FILE *o = site_open(s, MARKER);
  if (!o) return false;
  fputs(marker_head, o);
  static const char *const fixed[] = {"index.html", "style.css", "site.js", "search.js", "calls.html",
                                      "callgraph.js", "callview.js"};
  for (size_t i = 0; i < sizeof fixed / sizeof *fixed; i++) fprintf(o, "%s\n", fixed[i]);
  for (size_t i = 0; i < s->x->files.len; i++) {
    size_t n = strlen(s->page[i]);
    fprintf(o, "%s\n%.*s.js\n", s->page[i], (int)(n - 5), s->page[i]);
  }
  return site_close(s, o, MARKER);
}

static bool write_asset(site *s, const char *name, const char *text) {
  FILE *o = site_open(s, name);
  if (!o) return false;
  fputs(text, o);
  return site_close(s, o, name);
}

/* With --hotspots: the findings, and per file those whose site is in it. */
static ca_status index_hotspots(site *s, const ca_view *v, hot_result *r) {
  if (!v || !v->hotspots) return CA_OK;
  if (hot_analyze(s->p, r) != CA_OK) return CA_ERR_NOMEM;
  s->hot = r;
  s->nhot = hot_count(r, v);
  s->fhot = arena_alloc(s->a, (s->x->files.len + 1) * sizeof *s->fhot);
  if (!s->fhot) return CA_ERR_NOMEM;
  for (size_t i = 0; i < s->nhot; i++) {
    const char *file = r->findings[i].site->file;
    int fi = file ? strmap_get(&s->pages, file) : -1;
    if (fi >= 0) VEC_PUSH(s->a, &s->fhot[fi], (int)i);
  }
  return CA_OK;
}

static ca_status write_files(site *s);

static ca_status write_site(site *s, const ca_view *v) {
  if (!index_program(s)) return CA_ERR_NOMEM;
  if (!locks_index(s)) return CA_ERR_NOMEM;
  hot_result hot;
  ca_status hs = index_hotspots(s, v, &hot);
  if (hs != CA_OK) return hs;
  ca_status st = write_files(s);
  if (s->hot) hot_free(&hot);
  return st;
}

static ca_status write_files(site *s) {
  if (!write_marker(s) || !write_asset(s, "style.css", site_css) || !write_asset(s, "site.js", site_js) ||
      !write_asset(s, "callview.js", callview_js))
    return CA_ERR_IO;
  for (size_t i = 0; i < s->x->files.len; i++) {
    ca_status st = page_write(s, i);
    if (st != CA_OK) return st;
  }
  ca_status st = calltree_write(s);
  return st == CA_OK ? index_write(s) : st;
}

ca_status ca_write_html(const ca_program *p, const ca_view *v, const char *dir, char *err,
                        size_t errlen) {
  char scratch[8];
  if (!err || !errlen) err = scratch, errlen = sizeof scratch;
  *err = 0;
  if (!p->xref) {
    snprintf(err, errlen, "the program was analysed without cross-references (ca_options.xref)");
    return CA_ERR_USAGE;
  }
  if (v && v->hotspots && !p->hot_facts) {
    snprintf(err, errlen, "the program was analysed without hotspot facts (ca_options.hotspots)");
    return CA_ERR_USAGE;
  }
  size_t n = strlen(dir);
  while (n > 1 && dir[n - 1] == '/') n--;
  site s = {.p = p, .x = p->xref, .a = arena_new(), .err = err, .errlen = errlen};
  if (!s.a || !(s.dir = arena_strndup(s.a, dir, n))) {
    arena_free(s.a);
    snprintf(err, errlen, "canalyze: out of memory");
    return CA_ERR_NOMEM;
  }
  ca_status st = prepare_dir(&s);
  if (st == CA_OK) st = write_site(&s, v);
  if (st == CA_OK && arena_failed(s.a)) st = CA_ERR_NOMEM;
  if (st == CA_ERR_NOMEM && !*err) snprintf(err, errlen, "canalyze: out of memory");
  ca_xfree(s.objbuf), ca_xfree(s.ptslots);
  arena_free(s.a);
  return st;
}
