/* version.c: the library's version, from the file VERSION at the top of the
 * tree (the Makefile passes it as CA_VERSION), so the commands, SARIF's
 * tool.driver.version and pkg-config all say the same. */
#include "canalyze.h"

const char *ca_version(void) { return CA_VERSION; }
