/* Table-driven tests of the compile_commands.json reader: what it accepts,
 * and the line:column and message of what it rejects. */
#include "base/json_read.h"
#include "tap.h"
#include <string.h>

static const struct { const char *text, *error; } cases[] = {
    {"[]", NULL},
    {" [ {\"a\": \"b\", \"n\": -1.5e3, \"t\": true, \"f\": false, \"z\": null} ] ", NULL},
    {"\"\\u00e9\\n\\\"\"", NULL},
    {"", "1:1: unexpected end of file"},
    {"[1,]", "1:4: expected a value"},
    {"[1 2]", "1:4: expected ',' or ']'"},
    {"{\"a\" 1}", "1:6: expected ':' after key"},
    {"{1: 2}", "1:2: expected a string key"},
    {"[\"abc", "1:2: unterminated string"},
    {"[\n  \"a\\q\"]", "2:5: invalid escape in string"},
    {"[] x", "1:4: trailing characters after the document"},
    {"[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]", "1:65: nesting too deep"},
};

int main(void) {
  for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
    arena *a = arena_new();
    char err[128] = "";
    jv *v = json_parse(a, cases[i].text, strlen(cases[i].text), err, sizeof err);
    if (!cases[i].error) ok(v != NULL, "accepts case %zu (%s)", i, err);
    else if (ok(v == NULL && strcmp(err, cases[i].error) == 0, "rejects case %zu: %s", i, cases[i].error))
      ;
    else printf("#   got: %s\n", err);
    arena_free(a);
  }
  arena *a = arena_new();
  char err[128];
  const char *doc = "[{\"directory\": \"/d\", \"file\": \"x\\u00e9.c\"}]";
  jv *v = json_parse(a, doc, strlen(doc), err, sizeof err);
  const jv *file = v ? json_get(v->items[0], "file") : NULL;
  ok(file && strcmp(file->str, "x\xc3\xa9.c") == 0, "decodes \\u escapes to UTF-8");
  ok(json_get(v->items[0], "missing") == NULL, "json_get on a missing key is NULL");
  is_int(v->items[0]->line * 100 + v->items[0]->col, 102, "values carry their position");
  arena_free(a);
  return tap_done();
}
