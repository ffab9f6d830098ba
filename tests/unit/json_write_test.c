/* The JSON writer's numbers: json_num4 and json_fixed write what printf's
 * %.4g, %.2f and %.4f write, also when values repeat (the remembered
 * text) and when one value is asked in several formats (one slot each). */
#include "base/json_write.h"
#include "tap.h"
#include <string.h>

/* What json_num4 (num4 given) or json_fixed wrote for v, read back from a
 * temporary file. */
static const char *written(void (*num4)(FILE *, double), int decimals, double v, char *buf, size_t size) {
  FILE *f = tmpfile();
  if (!f) return "";
  if (num4) num4(f, v);
  else json_fixed(f, v, decimals);
  size_t n = (size_t)ftell(f);
  rewind(f);
  n = fread(buf, 1, n < size - 1 ? n : size - 1, f);
  buf[n] = '\0';
  fclose(f);
  return buf;
}

int main(void) {
  static const double values[] = {0, 1, 0.5, 2.675, 1.005, 0.0003334, 1e-12, 12345.678, 3.14159, 99.995, 0.125};
  char got[64], want[64];
  for (int round = 0; round < 2; round++) /* the second round reads the remembered text */
    for (size_t i = 0; i < sizeof values / sizeof *values; i++) {
      double v = values[i];
      snprintf(want, sizeof want, "%.4g", v);
      ok(strcmp(written(json_num4, 0, v, got, sizeof got), want) == 0, "%%.4g of %.17g: %s (got %s)", v, want, got);
      snprintf(want, sizeof want, "%.2f", v);
      ok(strcmp(written(NULL, 2, v, got, sizeof got), want) == 0, "%%.2f of %.17g: %s (got %s)", v, want, got);
      snprintf(want, sizeof want, "%.4f", v);
      ok(strcmp(written(NULL, 4, v, got, sizeof got), want) == 0, "%%.4f of %.17g: %s (got %s)", v, want, got);
    }
  return tap_done();
}
