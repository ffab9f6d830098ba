/* preload.h: the LD_PRELOAD shim's two halves. hooks.c wraps libcurl's entry
 * points and keeps one tracer per easy handle; out.c writes the events to the
 * destinations named in the environment (HTTPTRACE_EVENTS, HTTPTRACE_SUMMARY,
 * HTTPTRACE_CHROME, HTTPTRACE_STATUS). Invariant: every output is an fd opened
 * with O_APPEND and every record is one write(2), so threads and child
 * processes share a file without interleaving lines. */
#ifndef HT_PRELOAD_H
#define HT_PRELOAD_H
#include "httptrace.h"

enum { PRELOAD_URL_MAX = 512 };

/* Opens the outputs once per process (thread-safe); returns 1 when tracing
 * is on (some output or the status file is set), 0 to stay out of the way. */
int preload_out_init(void);
/* The hook given to ht_attach for every event; user is the handle's URL
 * buffer of PRELOAD_URL_MAX bytes. */
void preload_out_event(const ht_event *ev, void *user);
/* Appends one line to HTTPTRACE_STATUS ("traced PID" or a problem). */
void preload_out_status(const char *line);
/* A request id unique in this process (ids restart at 1 in each process;
 * events carry pid to tell processes apart). */
uint64_t preload_next_id(void);

#endif
