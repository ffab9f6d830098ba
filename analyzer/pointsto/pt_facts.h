/* pt_facts.h: the points-to constraints of one translation unit, as
 * pt_extract.c records them in tu->pt and pt_run.c links them.
 *
 * Plain data in the TU's arena. Objects are TU-local; a global with external
 * linkage carries its USR so that link can unify it across TUs, functions
 * refer to tu->funcs indices (mapped by link's funcmap). A node is an
 * (object, byte offset) pair. File names are absolute, as frontend_location
 * gives them. */
#ifndef CA_PT_FACTS_H
#define CA_PT_FACTS_H
#include "base/arena.h"
#include <stdbool.h>

enum pt_okind {
  PT_O_GLOBAL,   /* file-scope or static local variable */
  PT_O_LOCAL,    /* automatic variable or parameter */
  PT_O_FUNC,     /* a function's code (its address is a function pointer) */
  PT_O_HEAP,     /* an allocation site */
  PT_O_STRING,   /* a string literal */
  PT_O_LITERAL,  /* a compound literal */
  PT_O_TEMP,     /* an expression's value */
  PT_O_FRAME,    /* a function's interface: node 0 result, 1 varargs, 2+i parameter i */
  PT_O_FIELD     /* a member of a record type: what every record of that type holds there */
};
enum { PT_FRAME_RET = 0, PT_FRAME_VA = 1, PT_FRAME_PARAM = 2 };

typedef struct pt_field { long off; const char *path; } pt_field;
typedef struct pt_range { long from, to; } pt_range;

typedef struct pt_obj {
  unsigned char kind;
  bool internal;         /* GLOBAL: not linked by USR (static) */
  int func;              /* FUNC, FRAME: the function; LOCAL, GLOBAL static local, HEAP: enclosing one, or -1 */
  const char *usr;       /* GLOBAL with external linkage, FIELD (its key): linked across TUs */
  const char *name;      /* variable name, allocator, "string", ... */
  const char *file;
  unsigned line;
  long size, total;      /* bytes of one element (arrays stripped) and of all; 0 if unknown */
  unsigned char holds;   /* enum pts_holds: what its declared type lets it point to */
  pt_field *fields;      /* leaf fields by offset, for naming paths (may be NULL) */
  pt_range *arrays;      /* arrays of scalars inside the record (pt_type_arrays) */
  unsigned narrays;
  unsigned nfields;
} pt_obj;

typedef struct pt_ref { int obj; long off; } pt_ref;   /* obj -1: no pointer */

enum pt_ckind { PT_C_ADDR, PT_C_COPY, PT_C_LOAD, PT_C_STORE, PT_C_GEP, PT_C_FIELD, PT_C_MEMCPY,
                PT_C_RETYPE, PT_C_GROUP, PT_C_SIBLINGS, PT_C_NKINDS /* how many: keep last */ };

/* ADDR: dst ⊇ {src}; COPY: dst ⊇ src; LOAD: dst ⊇ *(src+off);
 * STORE: *(dst+off) ⊇ src; GEP: dst ⊇ {src+off} (off -1: unknown);
 * FIELD: GEP for a member access through a pointer to a `tsize`-byte record;
 * MEMCPY: *dst ⊇ *src field by field, off bytes of them (0: all);
 * RETYPE: dst ⊇ src, an untyped heap object replaced by its clone typed
 * `type` (a void * converted to a pointer to pointers), which may hold
 * what tsize says (enum pts_holds);
 * GROUP: dst's object (a field cell) belongs to the record whose cells the
 * node src holds; SIBLINGS: dst ⊇ the cells of the records whose cells src
 * points to (pointer arithmetic from a member's address). */
typedef struct pt_con { unsigned char kind; pt_ref dst, src; long off, tsize; const char *type; } pt_con;

typedef struct pt_call {
  int caller;            /* TU function, or -1 */
  int callee;            /* TU function of a direct call, else -1 */
  pt_ref fp;             /* indirect: the node holding the pointer */
  pt_ref *args;
  unsigned nargs;
  bool *fnarg;           /* per argument: is it a function pointer? NULL: none is */
  pt_ref ret;            /* where the result goes (obj -1: unused) */
  const char *fntype;    /* indirect: canonical type of the called function */
  const char *file;      /* position, as frontend_location gives it */
  unsigned line, col;
} pt_call;

/* The value of a pointer expression that starts at a position, for
 * --points-to FILE:LINE:COL. The last entry for a position is the outermost
 * expression. */
typedef struct pt_pos { const char *file; unsigned line, col; pt_ref ref; } pt_pos;

typedef struct pt_tu {
  VEC(pt_obj) objs;
  VEC(pt_con) cons;
  VEC(pt_call) calls;
  VEC(pt_pos) pos;
  bool *addr_taken;      /* per TU function (tu->funcs.len at the end of extraction) */
  size_t naddr_taken;
} pt_tu;
#endif
