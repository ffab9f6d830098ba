/* index.c: the site's front page (summary, search, errors, entry points,
 * the file tree with per-file counts) and the search data (search.js: the
 * defined functions, globals, types and macros, and the files, sorted by
 * name; searched in the browser, no server). */
#include "html/html.h"
#include <stdlib.h>
#include <string.h>

enum { MAX_ENTRIES = 500 };

static const char *const kind_name[XREF_NKINDS] = {
    [XREF_FUNC] = "function", [XREF_GLOBAL] = "global", [XREF_STRUCT] = "struct",
    [XREF_UNION] = "union", [XREF_ENUM] = "enum", [XREF_TYPEDEF] = "typedef",
    [XREF_MACRO] = "macro"};

typedef struct hit { const char *name, *kind, *href, *where; } hit;

static int cmp_hit(const void *a, const void *b) {
  const hit *x = a, *y = b;
  int c = strcmp(x->name, y->name);
  if (!c) c = strcmp(x->kind, y->kind);
  return c ? c : strcmp(x->where, y->where);
}

static bool write_search(site *s) {
  VEC(hit) hits = {0};
  for (size_t i = 0; i < s->x->syms.len; i++) {
    const xref_sym *xs = &s->x->syms.items[i];
    int fi = xs->defined && !xs->system && xs->file ? strmap_get(&s->pages, xs->file) : -1;
    if (fi < 0 || !kind_name[xs->kind] || !*xs->name) continue;
    hit h = {xs->name, kind_name[xs->kind], site_href(s->a, "index.html", s->page[fi], xs->line),
             arena_printf(s->a, "%s:%u", xs->file, xs->line)};
    if (h.href && h.where) VEC_PUSH(s->a, &hits, h);
  }
  for (size_t i = 0; i < s->x->files.len; i++) {
    hit h = {s->x->files.items[i].path, "file", site_href(s->a, "index.html", s->page[i], 0), ""};
    if (h.href) VEC_PUSH(s->a, &hits, h);
  }
  if (hits.len) qsort(hits.items, hits.len, sizeof *hits.items, cmp_hit);
  FILE *o = site_open(s, "search.js");
  if (!o) return false;
  fputs("window.CA_SEARCH=[", o);
  for (size_t i = 0; i < hits.len; i++) {
    const hit *h = &hits.items[i];
    if (i && cmp_hit(h, h - 1) == 0) continue; /* one definition seen from two TUs */
    fputs(i ? ",\n[" : "\n[", o);
    j_str(o, h->name), fputc(',', o), j_str(o, h->kind), fputc(',', o);
    j_str(o, h->href), fputc(',', o), j_str(o, h->where), fputc(']', o);
  }
  fputs("];\n", o);
  return site_close(s, o, "search.js");
}

static void summary_row(FILE *o, const char *what, size_t n) {
  fprintf(o, "<tr><th>%s</th><td>%zu</td></tr>\n", what, n);
}

static void write_summary(site *s, FILE *o) {
  const ca_program *p = s->p;
  ca_summary sum;
  ca_program_summary(p, &sum);
  size_t direct = 0, lines = 0;
  for (size_t i = 0; i < p->calls.len; i++) direct += !p->calls.items[i].indirect && p->calls.items[i].callee >= 0;
  for (size_t i = 0; i < s->x->files.len; i++) lines += s->nlines[i];
  fputs("<section><h2>Summary</h2>\n<table class=\"sum\">\n", o);
  summary_row(o, "translation units", sum.tus);
  summary_row(o, "translation units with errors", sum.tus_with_errors);
  summary_row(o, "files shown", s->x->files.len);
  summary_row(o, "lines shown", lines);
  summary_row(o, "functions defined", sum.defined);
  summary_row(o, "functions called but not defined", sum.functions - sum.defined);
  summary_row(o, "direct calls", direct);
  summary_row(o, "calls through pointers (sites)", sum.indirect_sites);
  if (p->pt.ran) {
    summary_row(o, "sites resolved by --pointer", p->pt.resolved);
    fprintf(o, "<tr><th>mean targets per resolved site</th><td>%.2f</td></tr>\n", p->pt.mean_targets);
    summary_row(o, "most targets at one site", p->pt.max_targets);
    summary_row(o, "unknown external functions", p->pt.unknown_externals);
  } else {
    fputs("<tr><th>calls through pointers</th><td>not resolved (run with --pointer)</td></tr>\n", o);
  }
  fputs("</table></section>\n", o);
}

static void link_to(site *s, FILE *o, const char *file, unsigned line, const char *text) {
  int fi = file ? strmap_get(&s->pages, file) : -1;
  const char *href = fi >= 0 ? site_href(s->a, "index.html", s->page[fi], line) : NULL;
  if (href) fprintf(o, "<a href=\"%s\">", href);
  h_str(o, text);
  if (href) fputs("</a>", o);
}

static void write_errors(site *s, FILE *o) {
  const ca_program *p = s->p;
  if (!p->errors.len) return;
  fputs("<section><h2>Compile errors</h2>\n<ul class=\"errs\">\n", o);
  for (size_t t = 0; t < p->errors.len; t++)
    for (size_t i = 0; i < p->errors.items[t].diags.len; i++) {
      const facts_diag *d = &p->errors.items[t].diags.items[i];
      const char *file = d->file ? d->file : p->errors.items[t].file;
      fputs("<li>", o);
      link_to(s, o, file, d->line, arena_printf(s->a, "%s:%u:%u", file, d->line, d->col));
      fprintf(o, ": %s: ", d->severity);
      h_str(o, d->message);
      fputs("</li>\n", o);
    }
  fputs("</ul></section>\n", o);
}

static void write_hotspots(site *s, FILE *o) {
  enum { INDEX_TOP = 20 };
  if (!s->hot) return;
  const ca_program *p = s->p;
  fprintf(o, "<section><h2>Hotspots (%zu)</h2>\n<ol class=\"hots\">\n", s->hot->nfindings);
  for (size_t i = 0; i < s->nhot && i < INDEX_TOP; i++) {
    const hot_finding *h = &s->hot->findings[i];
    fprintf(o, "<li><span class=\"score\">%.2f</span> %s ", h->score, hot_kind_name(h->kind));
    link_to(s, o, h->site->file, h->site->line,
            arena_printf(s->a, "%s:%u", h->site->file ? h->site->file : "?", h->site->line));
    fputs(" in ", o);
    h_str(o, p->funcs.items[h->site->caller].name);
    fputs("<br><span class=\"where\">", o);
    h_str(o, h->message);
    fputs("</span></li>\n", o);
  }
  fputs("</ol></section>\n", o);
}

static bool is_entry(const ca_program *p, size_t f) {
  if (!p->funcs.items[f].defined) return false;
  for (size_t k = 0; k < p->nin[f]; k++)
    if (p->calls.items[p->in[f][k]].caller != (int)f) return false;
  return true;
}

static int cmp_func(const void *a, const void *b) {
  const prog_func *x = *(const prog_func *const *)a, *y = *(const prog_func *const *)b;
  int c = strcmp(x->name, y->name);
  return c ? c : strcmp(x->file ? x->file : "", y->file ? y->file : "");
}

static void write_entries(site *s, FILE *o) {
  const ca_program *p = s->p;
  VEC(const prog_func *) roots = {0};
  for (size_t f = 0; f < p->funcs.len; f++)
    if (is_entry(p, f)) VEC_PUSH(s->a, &roots, &p->funcs.items[f]);
  if (roots.len) qsort(roots.items, roots.len, sizeof *roots.items, cmp_func);
  fprintf(o, "<section><h2>Entry points (%zu)</h2>\n<p>Functions no call in the program reaches: "
             "the roots of the call graph.</p>\n<ul class=\"cols\">\n", roots.len);
  for (size_t i = 0; i < roots.len && i < MAX_ENTRIES; i++) {
    fputs("<li>", o);
    link_to(s, o, roots.items[i]->file, roots.items[i]->line, roots.items[i]->name);
    fputs(" <span class=\"where\">", o);
    h_str(o, roots.items[i]->file);
    fputs("</span></li>\n", o);
  }
  fputs("</ul>\n", o);
  if (roots.len > MAX_ENTRIES) fprintf(o, "<p>and %zu more.</p>\n", roots.len - MAX_ENTRIES);
  fputs("</section>\n", o);
}

/* Folders common to a and b (whole components, a trailing '/' each). */
static size_t common_dirs(const char *a, const char *b) {
  size_t n = 0;
  for (size_t i = 0; a[i] && a[i] == b[i]; i++)
    if (a[i] == '/') n = i + 1;
  return n;
}

static unsigned count_dirs(const char *s, size_t n) {
  unsigned d = 0;
  for (size_t i = 0; i < n; i++) d += s[i] == '/';
  return d;
}

static void tree_file(site *s, FILE *o, size_t i, const char *name) {
  fprintf(o, "<li class=\"file\"><a href=\"%s\">", site_href(s->a, "index.html", s->page[i], 0));
  h_str(o, name);
  fprintf(o, "</a> <span class=\"meta\">%u lines, %zu functions, %zu calls", s->nlines[i],
          s->ffuncs[i].len, s->fcalls[i].len);
  if (s->nerrors[i]) fprintf(o, ", <span class=\"errn\">%u errors</span>", s->nerrors[i]);
  fputs("</span></li>\n", o);
}

static void write_tree(site *s, FILE *o) {
  fputs("<section><h2>Files</h2>\n<ul class=\"tree\">\n", o);
  const char *prev = "";
  unsigned depth = 0;
  for (size_t i = 0; i < s->x->files.len; i++) {
    const char *path = s->x->files.items[i].path;
    size_t keep = common_dirs(prev, path);
    unsigned kept = count_dirs(path, keep);
    for (; depth > kept; depth--) fputs("</ul></li>\n", o);
    for (const char *c = path + keep, *slash; (slash = strchr(c, '/')); c = slash + 1, depth++) {
      fputs("<li class=\"dir\"><span>", o);
      h_text(o, c, (size_t)(slash - c + 1));
      fputs("</span><ul>\n", o);
    }
    const char *base = strrchr(path, '/');
    tree_file(s, o, i, base ? base + 1 : path);
    prev = path;
  }
  for (; depth > 0; depth--) fputs("</ul></li>\n", o);
  fputs("</ul></section>\n", o);
}

ca_status index_write(site *s) {
  if (!write_search(s)) return CA_ERR_IO;
  FILE *o = site_open(s, "index.html");
  if (!o) return CA_ERR_IO;
  const char *root = strrchr(s->p->root, '/');
  root = root && root[1] ? root + 1 : s->p->root;
  fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>canalyze: ", o);
  h_str(o, root);
  fputs("</title>\n<link rel=\"stylesheet\" href=\"style.css\">\n"
        "<script src=\"search.js\" defer></script>\n<script src=\"site.js\" defer></script>\n"
        "</head>\n<body class=\"index\">\n<header><b>canalyze</b> ", o);
  h_str(o, root);
  fputs("</header>\n<main class=\"idx\">\n<section><h2>Search</h2>\n<input id=\"q\" type=\"search\" "
        "placeholder=\"functions, globals, types, macros, files\" autocomplete=\"off\">\n"
        "<ul id=\"hits\"></ul></section>\n", o);
  write_summary(s, o);
  write_errors(s, o);
  write_hotspots(s, o);
  write_entries(s, o);
  write_tree(s, o);
  fputs("</main>\n</body></html>\n", o);
  return site_close(s, o, "index.html") && !arena_failed(s->a) ? CA_OK : CA_ERR_IO;
}
