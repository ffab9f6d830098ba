/* pt_types.h: the questions pt_extract.c asks of C types (through libclang).
 * No state: every answer is computed from the type. */
#ifndef CA_PT_TYPES_H
#define CA_PT_TYPES_H
#include "arena.h"
#include "pt_facts.h"
#include <clang-c/Index.h>
#include <stdbool.h>

/* May a value of this type hold a pointer? Pointers, functions, aggregates
 * and integers as wide as a pointer (intptr_t laundering). */
bool pt_type_carries(CXType t);
/* Record or array: such an expression's value is the address of its storage. */
bool pt_type_aggregate(CXType t);
bool pt_type_record(CXType t);
bool pt_type_array(CXType t);
bool pt_type_pointer(CXType t);
/* Pointer to char, void (or an integer): arithmetic on it moves by bytes. */
bool pt_type_bytes(CXType t);
/* Element type of an array (arrays nest); t itself otherwise. */
CXType pt_type_elem(CXType t);
/* The record a member access reads: t, or what t points to, arrays stripped. */
CXType pt_type_record_of(CXType t);
/* Byte offset of the field named by member (a FieldDecl or a reference to
 * one) inside record type t, anonymous members included; -1 if unknown. */
long pt_field_offset(CXType t, CXCursor member);
/* The named leaf fields of t with their offsets and paths ("a.b"), for
 * naming nodes in reports; at most a few dozen, NULL for scalars. */
pt_field *pt_type_fields(arena *a, CXType t, unsigned *n);
/* The arrays of scalars (chars, ints, pointers) inside record t (arrays
 * stripped), as byte ranges, at most a few dozen; NULL if none. A struct
 * reached inside one must fit in it (pts_set_arrays). Arrays that are the
 * first member of a record are left out: their start is also the record's. */
pt_range *pt_type_arrays(arena *a, CXType t, unsigned *n);

/* A scalar leaf of a record's layout: at byte `at` from the record's start
 * lies member `name` of record `rec` (the record it belongs to directly,
 * a nested struct or union), at byte `off` of rec. Arrays of scalars are
 * one leaf; an array of records counts its first element. */
typedef struct pt_leaf { long at; CXType rec; long off; CXCursor field; } pt_leaf;
/* The leaves of record t (arrays stripped), in layout order, at most max;
 * union members overlap (equal `at`). Returns how many. */
unsigned pt_type_leaves(CXType t, pt_leaf *out, unsigned max);
/* The canonical spelling of a type ("struct sqlite3_vfs"), in the arena. */
const char *pt_type_name(arena *a, CXType t);
#endif
