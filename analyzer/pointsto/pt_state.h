/* pt_state.h: the solved points-to analysis kept in p->pt_state, shared by
 * pt_run.c (which builds it) and pt_report.c (which answers
 * --points-to queries and writes the summaries).
 *
 * The solver owns its sets (freed by pt_state_free through p->pt_free);
 * names, files, maps and the info table live in the program's arena. Every solver object
 * that a report can name (not temporaries or frames) has an info entry. */
#ifndef CA_PT_STATE_H
#define CA_PT_STATE_H
#include "program.h"
#include "pointsto/pt_facts.h"
#include "pointsto/pt_solve.h"
#include "base/strmap.h"

typedef struct pt_objinfo {
  unsigned char kind;    /* enum pt_okind, or PT_O_TEMP for the unknown object */
  bool unknown;
  int func;              /* FUNC: the function; LOCAL/static local: its function; else -1 */
  const char *name, *file;
  unsigned line;
  const pt_field *fields;
  unsigned nfields;
} pt_objinfo;

typedef struct pt_state {
  pts *s;
  int *info;             /* solver object -> index into infos, or -1 */
  size_t ninfo;
  VEC(pt_objinfo) infos;
  strmap pos;            /* "file:line:col" -> solver node (also "basename:line:col") */
  strmap globals;        /* global name -> solver node */
  strmap locals;         /* "function:name" -> solver node */
  double baseline_mean;  /* type-signature baseline: address-taken functions of the site's type */
  size_t baseline_sites;
  size_t unknown_sites;  /* sites whose pointer may come from the unknown object */
  pts_stats solver;
} pt_state;

void pt_state_free(void *state);
/* Info of the object a solver node belongs to, or NULL (temporary). */
const pt_objinfo *pt_state_info(const pt_state *st, int node);
/* The same for a solver object (a typed heap clone: its allocation site). */
const pt_objinfo *pt_state_obj_info(const pt_state *st, int obj);
#endif
