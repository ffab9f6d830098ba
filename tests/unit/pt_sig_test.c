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
    {"void (int) __attribute__((noreturn))", false, "i"},
    {"void (int, void *) __attribute__((noreturn)) __attribute__((cdecl))", false, "ip"},
    {"int (*(char))(int) __attribute__((noreturn))", false, "?"},
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
  /* 60 parameters of about 40 bytes each: a shape of 2,000 bytes, whole. */
  char ta[4096], tb[4096];
  size_t na = 0, nb = 0;
  na += (size_t)snprintf(ta + na, sizeof ta - na, "void (");
  for (int i = 0; i < 60; i++)
    na += (size_t)snprintf(ta + na, sizeof ta - na, "%sstruct parameter_number_%02d *", i ? ", " : "", i);
  memcpy(tb, ta, na), nb = na;
  snprintf(ta + na, sizeof ta - na, ", struct last_a *)");
  snprintf(tb + nb, sizeof tb - nb, ", struct last_b *)");
  const char *sa = pt_sig_shape(a, ta, false), *sb = pt_sig_shape(a, tb, false);
  ok(sa && strlen(sa) == 60 * strlen("p{struct parameter_number_00}") + strlen("p{struct last_a}") &&
         strcmp(sa + strlen(sa) - strlen("p{struct last_a}"), "p{struct last_a}") == 0,
     "a 61-parameter shape is kept whole (%zu bytes)", sa ? strlen(sa) : 0);
  ok(!pt_sig_fits(sa, sb), "shapes that differ in parameter 61 only do not fit");
  ok(pt_sig_fits(sa, sa), "a long shape fits itself");
  ok(pt_model_known("__builtin___memcpy_chk") && pt_model_known("__memcpy_chk") &&
         !pt_model_known("memcpy_") && !pt_model_known("memcp"),
     "model names: prefix and _chk dropped, otherwise whole");
  const char *bad = pt_model_unsorted();
  ok(bad == NULL, "library model table sorted (first out of order: %s)", bad ? bad : "none");
  ok(pt_model_known("qsort") && pt_model_known("__builtin___memcpy_chk") && !pt_model_known("frobnicate"),
     "models found by name, builtin and _chk forms included");
  arena_free(a);
  return tap_done();
}
