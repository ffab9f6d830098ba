/* html.h: the site writer's parts (ca_write_html, --html DIR).
 *
 * site.c owns the folder (safety marker, manifest, assets) and the shared
 * indexes; page.c writes one source page and its data file; index.c the
 * summary page and the search data; hout.c the escaping every byte from a
 * source file or a name passes through. Every page and data file is written
 * in a fixed order from sorted data, so a site is byte-for-byte repeatable. */
#ifndef CA_HTML_H
#define CA_HTML_H
#include "base/ptrmap.h"
#include "hotspots/hot.h"
#include "html/xref.h"
#include <stdio.h>

typedef VEC(int) int_list;
typedef struct lock_site { int call; int_list peers; } lock_site; /* peers: indices into locks */

typedef struct pt_group { const void **t; size_t n; unsigned hash; } pt_group; /* objects of a points-to set */

typedef struct site {
  const ca_program *p;
  const xref_prog *x;
  arena *a;              /* the writer's own allocations, freed at the end */
  const char *dir;
  strmap pages;          /* relpath -> index into x->files (every file with a page) */
  VEC(int) *fcalls;      /* per file: indices into p->calls made in it, by position */
  VEC(int) *ffuncs;      /* per file: functions defined in it, by position */
  const char **page;     /* per file: site path of its page ("src/x.c.html") */
  unsigned *nlines;      /* per file: lines, counted when its page is written */
  unsigned *nerrors;     /* per file: diagnostics marked on its page */
  const hot_result *hot; /* with --hotspots: the findings, ranked; else NULL */
  size_t nhot;           /* how many of them are shown (--top) */
  VEC(int) *fhot;        /* per file: indices into hot->findings at sites in it */
  int *ptgroup;          /* per symbol: its points-to set in ptgroups, -1 none, -2 not asked yet */
  VEC(struct pt_group) ptgroups; /* distinct points-to sets (many pointers share one) */
  int *ptslots;          /* hash table of ptgroups by contents: index + 1, 0 empty (malloc'd) */
  size_t ptslotcap;
  ptrmap setgroup;       /* a solver set's address -> 1 + its index in ptgroups (0: empty) */
  const void **objbuf;   /* scratch for one set being read (malloc'd) */
  size_t objcap;
  VEC(lock_site) locks;  /* --pointer: calls that take or release a lock */
  int_list *flocks;      /* per file: indices into locks of calls made in it */
  char *err;
  size_t errlen;
} site;

/* ---- hout.c ---- */
/* Text as HTML: & < > " ' escaped; bytes that are not UTF-8 (and control
 * characters other than tab) shown as \xNN in a marked span. */
void h_text(FILE *o, const char *s, size_t n);
void h_str(FILE *o, const char *s);
/* v in decimal into buf (no NUL); its length. */
size_t h_utoa(char *buf, unsigned long v);
/* prefix (an attribute's ` name="`), v in decimal, and the closing quote. */
void h_attr_int(FILE *o, const char *prefix, int v);
/* A JavaScript string literal (JSON syntax) safe anywhere in a page: < > &
 * and line separators escaped; bytes that are not UTF-8 become "\xNN" text. */
void j_str(FILE *o, const char *s);
/* A path as a URL path: bytes outside [A-Za-z0-9._~/-] percent-encoded. */
void h_url(FILE *o, const char *path);
char *url_path(arena *a, const char *path);
/* The link from site path from to site path to (at #L<line> if line):
 * "#L<line>" within one page, else relative ("../" per folder of from). */
char *site_href(arena *a, const char *from, const char *to, unsigned line);
/* The site path of a source file's page ("src/<relpath><ext>"; absolute
 * paths go below "src/_abs/"), in a. */
const char *site_page(arena *a, const char *relpath, const char *ext);
/* "../" once per folder level of the site path from, so that a site path
 * can be appended. */
void h_up(FILE *o, const char *from);
/* Opens DIR/path for writing (creating folders); NULL with site->err set. */
FILE *site_open(site *s, const char *path);
/* Closes f; false with site->err set when a write failed. */
bool site_close(site *s, FILE *f, const char *path);

/* ---- pt_panel.c ---- */
/* The points-to set of symbol sym, shared by every pointer with the same
 * contents; -1 if it has none. Computed once per symbol for the whole site. */
int site_ptgroup(site *s, int sym);

/* ---- locks.c ---- */
/* Finds the lock calls and their peers (with --pointer; else none). */
bool locks_index(site *s);

/* ---- page.c ---- */
ca_status page_write(site *s, size_t file);

/* ---- index.c ---- */
ca_status index_write(site *s);

/* ---- calltree.c ---- */
ca_status calltree_write(site *s);

/* ---- assets.c ---- */
extern const char site_css[], site_js[], callview_js[];
#endif
