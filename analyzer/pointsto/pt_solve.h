/* pt_solve.h: the Andersen (inclusion-based) points-to solver on plain
 * constraints. No libclang: pt_run.c feeds it linked facts, and the unit
 * test feeds it tables.
 *
 * Model
 * - Objects are abstract memory: a variable, a heap allocation site, a
 *   function, a string literal, a temporary, the unknown object. A node is
 *   one field of an object, named by its byte offset (arrays are one
 *   element, so an index adds nothing; union members at the same offset are
 *   one node). Byte offsets make accesses through a cast to another struct
 *   type with a common layout prefix land on the same nodes.
 * - Nodes hold points-to sets of nodes (the locations they may point to).
 * - An object of known size (a variable, string or function; not the
 *   heap, whose blocks outgrow their types) folds offsets modulo its
 *   element size (arrays are one element; a cycle that keeps adding an
 *   offset ends), and bounds what lands in it: a member access through a
 *   T * needs a whole T to fit (in the object, and inside an array of
 *   scalars if the location is in one), and a memcpy copies no more than
 *   fits at the destination and no more than the source holds. An array
 *   of scalars inside a record is one element too (its offsets fold to
 *   its start). A frame slot (the varargs va_start points to) is one cell:
 *   offsets from it stay on it. An object is collapsed to a single node when
 *   it is accessed at an unknown offset (byte arithmetic), gets more than
 *   PTS_MAXFIELDS fields, or receives a memcpy from a collapsed object:
 *   sound before precise.
 * - Calls through pointers: a site names the node holding the callee
 *   pointer; each function object reaching it is a target, and its formals,
 *   varargs and return are bound to the site's arguments and result when the
 *   target appears (the call graph is built on the fly).
 *
 * Solver: worklist with difference propagation, sparse bit sets, union-find
 * node merging with lazy cycle detection (Hardekopf and Lin, PLDI'07).
 * Every function returns 0 or -1 on allocation failure (sticky). */
#ifndef CA_PT_SOLVE_H
#define CA_PT_SOLVE_H
#include "pointsto/pt_set.h"
#include <stdbool.h>
#include <stddef.h>

typedef struct pts pts;

enum pts_objkind {
  PTS_VAR, PTS_FUNC, PTS_HEAP, PTS_STRING, PTS_TEMP, PTS_UNKNOWN, PTS_FRAME
};

enum { PTS_ANY = -1,          /* offset for byte arithmetic: collapses the object */
       PTS_MAXFIELDS = 1024 };

pts *pts_new(void);
void pts_free(pts *s);

/* Room for this many objects and nodes in all, made before they are
 * (optional: the tables grow anyway; one allocation instead of a doubling
 * series). -1 on OOM. */
int pts_reserve(pts *s, size_t objects, size_t nodes);

/* A new object; func is the program function of a PTS_FUNC object, else -1. */
int pts_object(pts *s, enum pts_objkind kind, int func);
/* The node of obj at byte offset off (>= 0), created on first use. On a
 * collapsed object every offset is the base node. -1 on OOM. */
int pts_node(pts *s, int obj, long off);

/* The bytes of one element of obj (of the variable's type, arrays
 * stripped), where offsets fold, and of the whole object, which bounds
 * member accesses (pts_field). Call before its first node; ignored if it
 * has fields past size already. <= 0: unknown (no folding, no bound). */
int pts_set_size(pts *s, int obj, long size, long total);
/* The arrays of scalars inside obj's record, as n [from, to) byte pairs:
 * a member access (pts_field) at an offset inside one needs the whole
 * struct to fit in that array. Set once; the array is copied. */
int pts_set_arrays(pts *s, int obj, const long *ranges, unsigned n);

/* What the nodes of obj may point to, by their declared type (type
 * filtering, as Spark does for Java): a pointer to a record never points
 * to a string literal or a function, a function pointer only to functions
 * (or the unknown object). Sets stay small where C's types say they can.
 * Filters apply while solving; merged nodes of different kinds hold any. */
enum pts_holds { PTS_HOLDS_ANY, PTS_HOLDS_DATA, PTS_HOLDS_CODE };
int pts_set_holds(pts *s, int obj, enum pts_holds holds);

/* Makes obj a single node now (the unknown object has no fields). */
int pts_collapse(pts *s, int obj);

/* A function's calling convention, for binding at indirect calls: formal i
 * is node params[i] (i < nparams), extra actuals go to va (variadic), the
 * result comes from ret. Nodes may be -1 (nothing to bind). Functions
 * without a body are registered with nparams 0 and no nodes. */
int pts_function(pts *s, int func, int fnobj, const int *params, unsigned nparams, int ret, int va,
                 bool variadic);

/* Constraints (node ids):
 *   addr   dst ⊇ {loc}
 *   copy   dst ⊇ src
 *   load   dst ⊇ *(ptr + off)       for every location ptr points to
 *   store  *(ptr + off) ⊇ src
 *   gep    dst ⊇ {ptr + off}        off == PTS_ANY collapses each target
 *   memcpy *dst ⊇ *src, field by field (memcpy, memmove, struct assignment):
 *          the source's fields from src's offset on, `size` bytes of them
 *          (0: to the end of the object) */
int pts_addr(pts *s, int dst, int loc);
int pts_copy(pts *s, int dst, int src);
int pts_load(pts *s, int dst, int ptr, long off);
int pts_store(pts *s, int ptr, int src, long off);
int pts_gep(pts *s, int dst, int ptr, long off);
/* A member access p->f, p a T * of tsize bytes: gep, except that a
 * location where no T fits (past its object's known total size, or past
 * the end of an array of scalars the location lies in) gives nothing. */
int pts_field(pts *s, int dst, int ptr, long off, long tsize);
int pts_memcpy(pts *s, int dstptr, int srcptr, long size);
/* realloc: memcpy from the heap objects oldptr points to, not from others. */
int pts_realloc(pts *s, int freshptr, int oldptr);
/* dst ⊇ the heap locations in src: what realloc may return of its old
 * pointer (reallocating anything else is undefined behaviour, and a
 * realloc wrapper's parameter reaches every buffer it was ever given). */
int pts_copy_heap(pts *s, int dst, int src);
/* Typed heap: dst ⊇ src, except that an untyped heap object is replaced by
 * its clone of type `type` (a small int naming a struct type). A clone
 * receives everything written to the untyped object (as by memcpy), not the
 * other way round: an allocator returning void * to many types yields one
 * object per type instead of one for the whole program. A clone converted
 * from void * to another struct type becomes the clone of that type. The price: a write
 * through one struct type is not seen through another struct type reached
 * by a separate conversion from void * (a type-punning that C's aliasing
 * rules do not allow anyway). */
int pts_retype(pts *s, int dst, int src, int type);
/* What the clones of type `type` may point to (pts_set_holds); before the
 * first pts_retype of that type. */
int pts_type_holds(pts *s, int type, enum pts_holds holds);

/* Pointer arithmetic from a member's address (int **q = &s.f1; q + i) may
 * reach every member of the record. pts_set_group gives object obj (a
 * member's cell) the node group, which holds the addresses of its
 * record's cells; pts_siblings: dst ⊇ what the group node of each location
 * ptr points to holds (nothing for a location without a group). */
int pts_set_group(pts *s, int obj, int group);
int pts_siblings(pts *s, int dst, int ptr);

/* An indirect call: callee is the node holding the function pointer; args
 * (-1 for an argument that carries no pointer) and ret (-1 when unused).
 * The array is copied. Returns the site id, or -1 on OOM. */
int pts_site(pts *s, int callee, const int *args, unsigned nargs, int ret);

/* Optional: a target is bound to a site only when fits(user, site, func)
 * says the function's signature fits the call (see pt_run.c). Rejected
 * targets are counted in pts_stats.rejected. */
typedef bool pts_fits_fn(void *user, int site, int func);
void pts_set_filter(pts *s, pts_fits_fn *fits, void *user);

int pts_solve(pts *s);

/* Results. */
const ptset *pts_pointsto(const pts *s, int node);   /* node ids; empty set for -1 */
int pts_node_obj(const pts *s, int node);
long pts_node_off(const pts *s, int node);           /* 0 on a collapsed object */
enum pts_objkind pts_obj_kind(const pts *s, int obj);
int pts_obj_func(const pts *s, int obj);
bool pts_obj_collapsed(const pts *s, int obj);
int pts_obj_raw(const pts *s, int obj);              /* a typed clone's untyped object, else -1 */
/* Target functions of a site, in the order found; *unknown tells whether the
 * callee may also be the unknown object. */
const ptset *pts_site_targets(const pts *s, int site, bool *unknown);

typedef struct pts_stats {
  size_t nodes, objects, constraints, iterations, merged, cycles, collapsed, rejected, substituted;
  size_t shared;          /* constraints folded into another's hub (same pointer, kind, offset) */
  /* collapsed objects by cause (pts_why); collapsed also counts PTS_WHY_ASKED */
  size_t collapsed_bytes, collapsed_fields, collapsed_unknown, collapsed_copied;
} pts_stats;

/* Why an object was collapsed to one node. */
enum pts_why {
  PTS_WHY_ASKED,   /* pts_collapse (the unknown object) */
  PTS_WHY_BYTES,   /* accessed at an unknown offset (PTS_ANY) */
  PTS_WHY_FIELDS,  /* more than PTS_MAXFIELDS fields, or an offset out of range */
  PTS_WHY_UNKNOWN, /* a memcpy from the unknown object (unknown code's memory) */
  PTS_WHY_COPY     /* a memcpy from another collapsed object reached it */
};
/* The i-th object, in solving order, collapsed by a cause of its own (byte
 * arithmetic, the field limit, a copy of unknown memory; the copies of a
 * collapsed object follow it), or -1 past the last kept (up to 32); *why
 * its cause. The first is where the analysis began to lose precision:
 * --pointer names the first that has a name (not a temporary). */
int pts_own_collapse(const pts *s, unsigned i, enum pts_why *why);
void pts_get_stats(const pts *s, pts_stats *out);
#endif
