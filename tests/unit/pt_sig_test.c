/* pt_sig_test.c: signature shapes and the fit of a call to a target. */
#include "pointsto/pt_sig.h"
#include "pointsto/pt_models.h"
#include "tap.h"
#include <string.h>

static const struct { const char *type; bool variadic; const char *shape; } shapes[] = {
    {"int (void *, int)", false, "pi"},
    {"void (void)", false, ""},
    {"int ()", false, "*"},
    {"int (const char *, ...)", true, "p."},
    {"double (double, struct point)", false, "fr"},
    {"void *(void *, void *, unsigned long, unsigned long)", false, "ppii"},
    {"int (int (*)(int, int), char **)", false, "pp"},
    {"int (*(char))(int, int)", false, "?"},
    {"int (struct sqlite3_file *, const struct a *, void *)", false, "p{struct sqlite3_file}p{struct a}p"},
    {"void (union u *, struct s **)", false, "p{union u}p"},
};

static const struct { const char *call, *fn; bool fits; } fitting[] = {
    {"pi", "pi", true},   {"pi", "ip", false}, {"pi", "p", false}, {"pip", "p.", true},
    {"", "p.", false},    {"pi", "*", true},   {"*", "pi", true},  {"?", "pi", true},
    {"p.", "p.", true},   {"p", "pp.", false},
    {"p{struct a}i", "p{struct a}i", true}, {"p{struct a}i", "p{struct b}i", false},
    {"pi", "p{struct b}i", true}, {"p{struct a}", "p", true}, {"p{struct a}pp", "p{struct a}.", true},
    {"p{struct a}p{struct b}", "p{struct a}p{struct c}", false}, {"pi.", "pi.", true}, {"pi", "pi.", true},
};

int main(void) {
  arena *a = arena_new();
  for (size_t i = 0; i < sizeof shapes / sizeof *shapes; i++) {
    const char *got = pt_sig_shape(a, shapes[i].type, shapes[i].variadic);
    if (!ok(strcmp(got, shapes[i].shape) == 0, "shape of %s", shapes[i].type))
      printf("#   got \"%s\", want \"%s\"\n", got, shapes[i].shape);
  }
  for (size_t i = 0; i < sizeof fitting / sizeof *fitting; i++)
    ok(pt_sig_fits(fitting[i].call, fitting[i].fn) == fitting[i].fits, "call %s %s %s", fitting[i].call,
       fitting[i].fits ? "fits" : "does not fit", fitting[i].fn);
  const char *bad = pt_model_unsorted();
  ok(bad == NULL, "library model table sorted (first out of order: %s)", bad ? bad : "none");
  ok(pt_model_known("qsort") && pt_model_known("__builtin___memcpy_chk") && !pt_model_known("frobnicate"),
     "models found by name, builtin and _chk forms included");
  arena_free(a);
  return tap_done();
}
