/* calltree.c: the expandable call tree (calls.html?f=N), as godoc's call
 * graph view: a function's callees and its callers, unrolled on click, a
 * function already on the path marked as a cycle instead of unrolled again.
 *
 * The whole call graph goes into one data file, callgraph.js, that only
 * calls.html loads: per function its name, link and position, and its
 * distinct callees and callers (a target reached only through a pointer is
 * written as -1 - index). Source pages never load it. */
#include "html/html.h"
#include <stdlib.h>
#include <string.h>

static int end_key(int e) { return e < 0 ? 2 * (-1 - e) + 1 : 2 * e; }

static int cmp_end(const void *a, const void *b) {
  int x = end_key(*(const int *)a), y = end_key(*(const int *)b);
  return (x > y) - (x < y);
}

/* Distinct functions at the other end of f's calls (out or in), each once,
 * direct when any call is direct, in ascending order. */
static size_t ends(site *s, int f, bool out, int **res) {
  const ca_program *p = s->p;
  size_t n = out ? p->nout[f] : p->nin[f];
  int *e = arena_alloc(s->a, (n + 1) * sizeof *e);
  *res = e;
  if (!e) return 0;
  for (size_t k = 0; k < n; k++) {
    const prog_call *c = &p->calls.items[out ? p->out[f][k] : p->in[f][k]];
    int other = out ? c->callee : c->caller;
    e[k] = c->indirect ? -1 - other : other;
  }
  qsort(e, n, sizeof *e, cmp_end); /* by function, a direct call first */
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    int f_i = e[i] < 0 ? -1 - e[i] : e[i];
    int f_k = kept ? (e[kept - 1] < 0 ? -1 - e[kept - 1] : e[kept - 1]) : -1;
    if (!kept || f_i != f_k) e[kept++] = e[i];
  }
  return kept;
}

static void write_ends(site *s, FILE *o, int f, bool out) {
  int *e;
  size_t n = ends(s, f, out, &e);
  fputc('[', o);
  for (size_t i = 0; i < n; i++) fprintf(o, "%s%d", i ? "," : "", e[i]);
  fputc(']', o);
}

static bool write_graph(site *s) {
  const ca_program *p = s->p;
  FILE *o = site_open(s, "callgraph.js");
  if (!o) return false;
  fputs("window.CA_GRAPH=[", o);
  for (size_t f = 0; f < p->funcs.len; f++) {
    const prog_func *pf = &p->funcs.items[f];
    int fi = pf->file ? strmap_get(&s->pages, pf->file) : -1;
    const char *href = fi >= 0 && pf->defined ? site_href(s->a, "calls.html", s->page[fi], pf->line) : NULL;
    const char *where = pf->file ? arena_printf(s->a, "%s:%u", pf->file, pf->line) : NULL;
    fputs(f ? ",\n[" : "\n[", o);
    j_str(o, pf->name), fputc(',', o), j_str(o, href ? href : ""), fputc(',', o);
    j_str(o, where ? where : ""), fputc(',', o);
    write_ends(s, o, (int)f, true);
    fputc(',', o);
    write_ends(s, o, (int)f, false);
    fputc(']', o);
  }
  fputs("];\n", o);
  return site_close(s, o, "callgraph.js");
}

ca_status calltree_write(site *s) {
  if (!write_graph(s)) return CA_ERR_IO;
  FILE *o = site_open(s, "calls.html");
  if (!o) return CA_ERR_IO;
  fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>call graph</title>\n"
        "<link rel=\"stylesheet\" href=\"style.css\">\n<script src=\"callgraph.js\" defer></script>\n"
        "<script src=\"site.js\" defer></script>\n<script src=\"callview.js\" defer></script>\n</head>\n<body class=\"calls\">\n"
        "<header><a href=\"index.html\">index</a> / call graph of <span id=\"root\"></span></header>\n"
        "<main class=\"idx\">\n<section><h2>Neighbourhood</h2><div id=\"graph\" class=\"cgbox\"></div>\n"
        "<p class=\"meta\">Each box opens that function's view; the thick box, its definition. "
        "Dashed: a call through a pointer; blue: a call back to the function (recursion); "
        "at most 12 functions a column.</p></section>\n<section><h2>Calls</h2><ul id=\"callees\" class=\"tree\"></ul></section>\n"
        "<section><h2>Called by</h2><ul id=\"callers\" class=\"tree\"></ul></section>\n"
        "<p class=\"meta\">&#9656; unrolls a level; &#8635; marks a function already on the path "
        "(a cycle); <i>via pointer</i> a call through a function pointer.</p>\n</main>\n</body></html>\n", o);
  return site_close(s, o, "calls.html") ? CA_OK : CA_ERR_IO;
}
