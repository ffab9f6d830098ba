/* json_read.h: a small JSON reader for compile_commands.json.
 * Parses a whole document into an arena tree; on error reports line:column
 * and what was expected, so a broken database gets a precise message. */
#ifndef CA_JSON_READ_H
#define CA_JSON_READ_H
#include "base/arena.h"

typedef enum { JV_NULL, JV_BOOL, JV_NUM, JV_STR, JV_ARR, JV_OBJ } jv_kind;

typedef struct jv {
  jv_kind kind;
  const char *str;          /* JV_STR (decoded), JV_NUM (text) */
  bool b;
  struct jv **items;        /* JV_ARR values, JV_OBJ values */
  const char **keys;        /* JV_OBJ keys */
  size_t n;
  unsigned line, col;       /* where the value starts */
} jv;

/* NULL on error, with "LINE:COL: message" in err. Nesting is capped at 64. */
jv *json_parse(arena *a, const char *text, size_t len, char *err, size_t errlen);
const jv *json_get(const jv *obj, const char *key); /* NULL if absent or not an object */
#endif
