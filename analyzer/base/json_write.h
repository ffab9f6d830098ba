/* json_write.h: the pieces every JSON/SARIF writer shares. */
#ifndef CA_JSON_WRITE_H
#define CA_JSON_WRITE_H
#include <stdio.h>

/* Writes s as a JSON string literal (with quotes); NULL writes null. */
void json_str(FILE *out, const char *s);
#endif
