/* httptrace_exec.c: `httptrace [-q] [--events FILE] [--chrome FILE] --
 * COMMAND [ARGS...]` runs COMMAND with libhttptrace-preload.so in LD_PRELOAD
 * and the shim's outputs named in its environment, which children inherit
 * (git runs git-remote-http), then reports what the shim could not: that
 * nothing was traced, or that libcurl was too old.
 * Invariant: httptrace adds nothing to COMMAND's stdout, and its exit status
 * is COMMAND's. */
#include "httptrace_exec.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

enum { EXIT_SETUP = 125, EXIT_CANNOT_RUN = 126, EXIT_NOT_FOUND = 127 };

typedef struct exec_opts {
  int quiet;            /* -q: no bar */
  const char *events;   /* --events FILE */
  const char *chrome;   /* --chrome FILE */
  char **command;       /* argv after "--" */
} exec_opts;

int cli_exec_wanted(int argc, char **argv) {
  for (int i = 1; i < argc; i++)
    if (strcmp(argv[i], "--") == 0) return i + 1 < argc && !strstr(argv[i + 1], "://");
  return 0;
}

static void exec_usage(FILE *out) {
  fputs("usage: httptrace [-q] [--events FILE] [--chrome FILE] -- COMMAND [ARGS...]\n"
        "  runs COMMAND with every libcurl transfer traced (see docs/httptrace-preload.md)\n"
        "  -q              no per-transfer bar on COMMAND's stderr\n"
        "  --events FILE   every event as JSON lines (with pid and tid)\n"
        "  --chrome FILE   a Chrome/Perfetto trace of every transfer\n",
        out);
}

/* Returns 0 when ready, 2 on a usage error (after one line on stderr), 1
 * when help was printed. */
static int exec_parse(int argc, char **argv, exec_opts *o) {
  memset(o, 0, sizeof *o);
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    if (strcmp(a, "--") == 0) {
      o->command = argv + i + 1;
      return 0;
    }
    if (strcmp(a, "-q") == 0 || strcmp(a, "--quiet") == 0) o->quiet = 1;
    else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) return exec_usage(stdout), 1;
    else if ((strcmp(a, "--events") == 0 || strcmp(a, "--chrome") == 0) && i + 1 < argc)
      *(a[2] == 'e' ? &o->events : &o->chrome) = argv[++i];
    else {
      fprintf(stderr, "httptrace: %s: not an option before -- COMMAND (try -h)\n", a);
      return 2;
    }
  }
  return 2; /* not reached: cli_exec_wanted saw the "--" */
}

/* HTTPTRACE_PRELOAD, else next to the executable (build/), one level up
 * (build/asan/ -> build/), or PREFIX/lib beside PREFIX/bin. */
static int find_preload(char *path) {
  const char *env = getenv("HTTPTRACE_PRELOAD");
  if (env && *env) return realpath(env, path) ? 0 : -1;
  char exe[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (n <= 0) return -1;
  exe[n] = '\0';
  char *slash = strrchr(exe, '/');
  if (!slash) return -1;
  *slash = '\0';
  static const char *const rel[] = {"", "/..", "/../lib"};
  for (size_t i = 0; i < sizeof rel / sizeof *rel; i++) {
    char cand[PATH_MAX + 64];
    int len = snprintf(cand, sizeof cand, "%s%s/libhttptrace-preload.so", exe, rel[i]);
    if (len > 0 && (size_t)len < sizeof cand && access(cand, R_OK) == 0 && realpath(cand, path))
      return 0;
  }
  return -1;
}

/* Sets or clears one variable of COMMAND's environment. */
static int env_set(const char *name, const char *value) {
  return value ? setenv(name, value, 1) : unsetenv(name);
}

/* LD_PRELOAD gets the shim first, then whatever was preloaded already. */
static int env_preload(const char *shim) {
  const char *old = getenv("LD_PRELOAD");
  if (!old || !*old) return setenv("LD_PRELOAD", shim, 1);
  size_t len = strlen(shim) + strlen(old) + 2;
  char *both = malloc(len);
  if (!both) return -1;
  snprintf(both, len, "%s:%s", shim, old);
  int rc = setenv("LD_PRELOAD", both, 1);
  free(both);
  return rc;
}

/* Empties FILE now: the shim in every process appends to it. */
static int truncate_file(const char *path) {
  FILE *f = fopen(path, "w");
  if (!f) {
    fprintf(stderr, "httptrace: %s: %s\n", path, strerror(errno));
    return -1;
  }
  fclose(f);
  return 0;
}

/* A private temporary file; path gets its name. */
static int temp_file(char *path, size_t cap, const char *what) {
  const char *dir = getenv("TMPDIR");
  snprintf(path, cap, "%s/httptrace-%s.XXXXXX", dir && *dir ? dir : "/tmp", what);
  int fd = mkstemp(path);
  if (fd < 0) return -1;
  close(fd);
  return 0;
}

static int exec_env(const exec_opts *o, const char *shim, const char *status, const char *chrome_tmp) {
  if (o->events && truncate_file(o->events) != 0) return -1;
  if (env_preload(shim) != 0 || env_set("HTTPTRACE_STATUS", status) != 0 ||
      env_set("HTTPTRACE_EVENTS", o->events) != 0 ||
      env_set("HTTPTRACE_SUMMARY", o->quiet ? NULL : "-") != 0 ||
      env_set("HTTPTRACE_CHROME", chrome_tmp) != 0 ||
      env_set("HTTPTRACE_COLOR", isatty(2) ? "1" : NULL) != 0) {
    fputs("httptrace: cannot set the environment\n", stderr);
    return -1;
  }
  return 0;
}

/* Runs COMMAND and waits; returns its exit status the way a shell does.
 * *spawned tells whether COMMAND ran at all. */
static int run_command(char **command, int *spawned) {
  pid_t pid;
  *spawned = 0;
  int err = posix_spawnp(&pid, command[0], NULL, NULL, command, environ);
  if (err) {
    fprintf(stderr, "httptrace: %s: %s\n", command[0],
            err == ENOENT ? "command not found" : strerror(err));
    return err == ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
  }
  *spawned = 1;
  /* A ^C reaches COMMAND; httptrace stays to report and pass its status. */
  signal(SIGINT, SIG_IGN);
  signal(SIGQUIT, SIG_IGN);
  int st;
  while (waitpid(pid, &st, 0) < 0)
    if (errno != EINTR) return EXIT_SETUP;
  if (WIFSIGNALED(st)) return 128 + WTERMSIG(st);
  return WEXITSTATUS(st);
}

/* One line when the status file shows nothing was traced: the shim's
 * reason when it gave one (libcurl too old, loaded out of reach). */
static void report_status(const char *status, const char *command) {
  FILE *f = fopen(status, "r");
  char line[256], reason[256] = "";
  int traced = 0;
  while (f && fgets(line, sizeof line, f)) {
    if (strncmp(line, "traced ", 7) == 0) traced = 1;
    else if (!reason[0]) snprintf(reason, sizeof reason, "%.*s", (int)strcspn(line, "\n"), line);
  }
  if (f) fclose(f);
  if (traced) return;
  if (reason[0]) fprintf(stderr, "httptrace: %s: %s; nothing traced\n", command, reason);
  else
    fprintf(stderr, "httptrace: %s: no transfer traced (it made no libcurl transfer, or its "
                    "libcurl is linked statically)\n", command);
}

/* The shim writes Chrome's JSON Array Format (no closing bracket, a comma
 * after each event); the file given to --chrome gets a complete document. */
static int chrome_finish(const char *tmp, const char *path) {
  FILE *in = fopen(tmp, "r"), *out = fopen(path, "w");
  int rc = in && out ? 0 : -1;
  char line[4096];
  int any = 0;
  if (out) fputs("{\"traceEvents\":[\n", out);
  while (in && out && fgets(line, sizeof line, in)) {
    size_t n = strcspn(line, "\n");
    if (n > 0 && line[n - 1] == ',') n--;
    if (n == 0 || (n == 1 && line[0] == '[')) continue;
    fprintf(out, "%s%.*s", any ? ",\n" : "", (int)n, line);
    any = 1;
  }
  if (out && (fputs("\n],\"displayTimeUnit\":\"ms\"}\n", out) < 0 || fclose(out) != 0)) rc = -1;
  if (in) fclose(in);
  if (rc) fprintf(stderr, "httptrace: cannot write %s\n", path);
  return rc;
}

int cli_run_exec(int argc, char **argv) {
  exec_opts o;
  int rc = exec_parse(argc, argv, &o);
  if (rc) return rc == 1 ? 0 : rc;
  char shim[PATH_MAX], status[PATH_MAX], chrome_tmp[PATH_MAX];
  if (find_preload(shim) != 0) {
    fputs("httptrace: cannot find libhttptrace-preload.so (set HTTPTRACE_PRELOAD to its path)\n",
          stderr);
    return EXIT_SETUP;
  }
  if (temp_file(status, sizeof status, "status") != 0 ||
      (o.chrome && temp_file(chrome_tmp, sizeof chrome_tmp, "chrome") != 0)) {
    fprintf(stderr, "httptrace: cannot create a temporary file: %s\n", strerror(errno));
    return EXIT_SETUP;
  }
  int spawned = 0;
  if (exec_env(&o, shim, status, o.chrome ? chrome_tmp : NULL) != 0) rc = EXIT_SETUP;
  else rc = run_command(o.command, &spawned);
  if (spawned) report_status(status, o.command[0]);
  if (o.chrome && chrome_finish(chrome_tmp, o.chrome) != 0 && rc == 0) rc = EXIT_SETUP;
  unlink(status);
  if (o.chrome) unlink(chrome_tmp);
  return rc;
}
