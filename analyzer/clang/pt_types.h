/* pt_types.h: the questions pt_extract.c asks of C types (through libclang).
 * The predicates keep no state; pt_type_bits answers several at once and
 * remembers the answers per type. */
#ifndef CA_PT_TYPES_H
#define CA_PT_TYPES_H
#include "base/arena.h"
#include "base/ptrmap.h"
#include "pointsto/pt_facts.h"
#include <clang-c/Index.h>
#include <stdbool.h>

/* May a value of this type hold a pointer? Pointers, functions, aggregates
 * and integers as wide as a pointer (intptr_t laundering). */
bool pt_type_carries(CXType t);
/* An integer wide enough to hold a pointer (long, uintptr_t, a Datum), or
 * an array of them: the integers that may carry pointers. */
bool pt_type_int_carrier(CXType t);
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
/* A scalar leaf of a record's layout: at byte `at` from the record's start
 * lies member `field` of record `rec` (the record it belongs to directly,
 * a nested struct or union), at byte `off` of rec. Arrays of scalars are
 * one leaf; an array of records counts its first element. */
typedef struct pt_leaf { long at; CXType rec; long off; CXCursor field; } pt_leaf;
/* The leaves of record t (arrays stripped), in layout order, all of them,
 * in an array in a (*out); union members overlap (equal `at`). Returns how
 * many (0 for no record; on OOM, arena_failed tells). */
size_t pt_type_leaves(arena *a, CXType t, pt_leaf **out);
/* The first leaf of record t, without allocating; false if it has none. */
bool pt_type_first_leaf(CXType t, pt_leaf *first);
/* The predicates of one type as bits, remembered in memo (a ptrmap in the
 * TU's arena) by the type's identity: an expression asks several of them,
 * and each costs libclang a canonical type. */
enum { PT_T_ARRAY = 1, PT_T_RECORD = 2, PT_T_POINTER = 4, PT_T_CARRIES = 8,
       PT_T_INT_CARRIER = 16, PT_T_BYTES = 32 };
unsigned pt_type_bits(ptrmap *memo, CXType t);
/* The canonical spelling of a type ("struct sqlite3_vfs"), in the arena. */
const char *pt_type_name(arena *a, CXType t);
#endif
