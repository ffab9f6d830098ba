/* json_write.h: the pieces every JSON/SARIF writer shares. */
#ifndef CA_JSON_WRITE_H
#define CA_JSON_WRITE_H
#include <stdio.h>

/* Writes s as a JSON string literal (with quotes); NULL writes null. */
void json_str(FILE *out, const char *s);
/* Writes v in decimal. */
void json_uint(FILE *out, unsigned long long v);
/* Writes v as printf's %.4g does (finite v); the text of the last few
 * hundred values is remembered per thread, as a report repeats a few
 * probabilities thousands of times and formatting a double is costly. */
void json_num4(FILE *out, double v);
/* Writes v as printf's %.2f does (decimals 2) or %.4f (decimals 4),
 * remembered as json_num4's are. */
void json_fixed(FILE *out, double v, int decimals);
#endif
