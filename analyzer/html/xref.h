/* xref.h: cross-references for the browsable site (--html), as plain structs.
 *
 * clang/xref_extract.c fills one xref_tu per translation unit (in the TU's
 * arena): the tokens of every project file the TU reads (its main file and
 * the headers that are not system headers), each identifier token tied to
 * the declaration it names, and those declarations (xref_sym) with kind,
 * declared type, definition position and, for structs and unions, layout.
 * xref_link() merges the TUs into one xref_prog in the program's arena: a
 * file's tokens come from the first TU (in job order) that read it, so the
 * result does not depend on thread timing; symbols unify by USR, and a
 * definition seen in any TU wins over a declaration. No libclang type here. */
#ifndef CA_XREF_H
#define CA_XREF_H
#include "program.h"

typedef enum xref_kind {
  XREF_NONE, XREF_FUNC, XREF_GLOBAL, XREF_LOCAL, XREF_PARAM, XREF_FIELD, XREF_STRUCT,
  XREF_UNION, XREF_ENUM, XREF_TYPEDEF, XREF_ENUMC, XREF_MACRO, XREF_LABEL,
  XREF_FILE,             /* the file a #include "..." names */
  XREF_NKINDS
} xref_kind;

typedef struct xref_field {
  const char *name, *type;
  unsigned long long offset_bits, size_bytes;
  unsigned bitwidth;     /* 0: not a bit-field */
} xref_field;

typedef struct xref_layout {
  unsigned long long size, align; /* bytes */
  xref_field *fields;
  size_t nfields;
} xref_layout;

typedef struct xref_sym {
  const char *usr;       /* link key (clang USR); NULL once linked */
  const char *name;
  const char *decl;      /* what hover shows: "static int f(int a)", "Table *t", ... */
  const char *file;      /* definition, else first declaration seen (TU: absolute; linked: relpath) */
  unsigned line, col;
  unsigned char kind;    /* xref_kind */
  bool defined;
  bool tentative;        /* defined by `int x;` alone (C's tentative definition) */
  bool system;           /* declared in a system header: no page to link to */
  bool pointer;          /* a variable, parameter or member of pointer type */
  const char *scope;     /* pointer local or parameter: its function; member: its
                            record type as --points-to names it ("struct T"); else NULL */
  xref_layout *layout;   /* complete struct or union definitions */
} xref_sym;

/* Token classes, for highlighting. */
enum { XTOK_PUNCT, XTOK_KEYWORD, XTOK_IDENT, XTOK_LITERAL, XTOK_COMMENT, XTOK_PP };

typedef struct xref_tok {
  unsigned off, len;     /* bytes in the file */
  unsigned char kind;    /* XTOK_* */
  bool decl;             /* this token is the name in a declaration of sym */
  bool body;             /* an identifier in a #define's replacement list, not a parameter */
  int sym;               /* index into the syms of its TU (then of the program), or -1 */
} xref_tok;

typedef struct xref_file {
  const char *path;      /* TU: absolute real path; linked: relpath (link_relpath) */
  const char *abs;       /* absolute real path, to read the text from */
  size_t size;           /* bytes, as libclang read it */
  xref_tok *toks;        /* malloc'd, owned by the file: linking moves it, not copies */
  size_t ntoks;
} xref_file;

typedef struct xref_tu {
  VEC(xref_sym) syms;
  VEC(xref_file) files;
} xref_tu;

typedef struct xref_prog {
  VEC(xref_sym) syms;
  VEC(xref_file) files;  /* sorted by path */
} xref_prog;

/* Cuts text into C tokens (xref_lex.c): comments, keywords, identifiers,
 * literals, punctuation, and XTOK_PP for a directive's '#' and name. Every
 * token has sym -1. *toks is malloc'd (ca_xfree); false on OOM. No
 * libclang: the classes are all the pages need. */
bool xref_lex(const char *text, size_t size, xref_tok **toks, size_t *ntoks);

/* Shared by the parsing threads: which TU tokenizes each file (xref_claims.c). */
typedef struct xref_claims xref_claims;
xref_claims *xref_claims_new(void);   /* NULL on OOM */
void xref_claims_free(xref_claims *c);
/* Should the TU whose main file is tu_file tokenize path? Yes unless a TU
 * earlier in job order already does; the first includer always does.
 * Thread-safe; a NULL c says yes. */
bool xref_claim(xref_claims *c, const char *path, const char *tu_file);

/* Merges tus[i]->xref (NULL ones skipped) into p->xref, moving the token
 * arrays of the files it keeps. CA_OK or CA_ERR_NOMEM. */
ca_status xref_link(ca_program *p, facts_tu *const *tus, size_t ntus);
/* Free the token arrays a TU's or the program's files still hold (the
 * rest lives in their arenas). NULL is fine. */
void xref_tu_free(xref_tu *x);
void xref_prog_free(xref_prog *x);
#endif
