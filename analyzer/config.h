/* config.h: named allocators, from --allocator and canalyze.conf (config.c). */
#ifndef CA_CONFIG_H
#define CA_CONFIG_H
#include "program.h"

/* Reads the settings file at path into p (p->allocators). On a line it
 * does not understand: CA_ERR_USAGE and "FILE:LINE: ..." in err. */
ca_status config_load(ca_program *p, const char *path, char *err, size_t errlen);
/* Adds opt's --allocator names to p->allocators. */
ca_status config_allocators(ca_program *p, const ca_options *opt, char *err, size_t errlen);
#endif
