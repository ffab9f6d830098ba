/* httptrace_exec.h: `httptrace [output options] -- COMMAND [ARGS...]`. */
#ifndef HTTPTRACE_EXEC_H
#define HTTPTRACE_EXEC_H

/* 1 when argv asks to run a command: a "--" followed by something that is
 * not a URL. */
int cli_exec_wanted(int argc, char **argv);
/* Runs COMMAND with libhttptrace-preload.so preloaded; returns COMMAND's exit
 * status (128+N when killed by signal N), 2 on a usage error, 127 when
 * COMMAND is not found, 126 when it cannot run, 125 when httptrace cannot
 * set the trace up. */
int cli_run_exec(int argc, char **argv);

#endif
