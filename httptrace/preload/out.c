/* out.c: the shim's outputs. Each destination is named by an environment
 * variable read once per process and opened with O_APPEND, and each record
 * (a JSON line, one bar, the slices of one hop) is built in memory and
 * written with a single write(2): records from threads and from child
 * processes (git runs git-remote-http) never interleave within a line.
 * Events carry "pid" and "tid" so a shared file can be split again. */
#include "preload.h"
#include "buf.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static struct {
  int events, summary, chrome, status;
  int color;
  int on;
} out = {-1, -1, -1, -1, 0, 0};
static pthread_once_t out_once = PTHREAD_ONCE_INIT;
static atomic_uint_fast64_t next_id;
static atomic_int traced;

/* "-" means this process's stderr (fd 2): the default of the command. */
static int open_append(const char *var) {
  const char *path = getenv(var);
  if (!path || !*path) return -1;
  if (strcmp(path, "-") == 0) return 2;
  return open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
}

/* A Chrome trace in JSON Array Format: the first process to write it puts
 * the opening bracket (under flock, as several may start at once); the
 * closing bracket is optional in that format and never written. */
static void chrome_header(int fd) {
  struct stat st;
  if (fd < 0 || flock(fd, LOCK_EX) != 0) return;
  if (fstat(fd, &st) == 0 && st.st_size == 0 && write(fd, "[\n", 2) != 2) {
    /* nothing to do: the file stays empty and readers see no trace */
  }
  flock(fd, LOCK_UN);
}

static void out_open(void) {
  out.events = open_append("HTTPTRACE_EVENTS");
  out.summary = open_append("HTTPTRACE_SUMMARY");
  out.chrome = open_append("HTTPTRACE_CHROME");
  out.status = open_append("HTTPTRACE_STATUS");
  const char *color = getenv("HTTPTRACE_COLOR");
  out.color = color && strcmp(color, "1") == 0;
  chrome_header(out.chrome);
  out.on = out.events >= 0 || out.summary >= 0 || out.chrome >= 0 || out.status >= 0;
}

int preload_out_init(void) {
  pthread_once(&out_once, out_open);
  return out.on;
}

uint64_t preload_next_id(void) { return atomic_fetch_add(&next_id, 1) + 1; }

/* Not cached: a child made by fork (without exec) has a new id. */
static long thread_id(void) { return (long)syscall(SYS_gettid); }

/* One write; a short write to a regular file means the disk is full, and a
 * tracer has nowhere to report that, so the rest is dropped. */
static void write_all(int fd, const char *text, size_t len) {
  while (len > 0) {
    ssize_t n = write(fd, text, len);
    if (n <= 0) return;
    text += n;
    len -= (size_t)n;
  }
}

void preload_out_status(const char *line) {
  if (preload_out_init() && out.status >= 0) write_all(out.status, line, strlen(line));
}

/* JSON lines are gathered per thread and written when a request ends (or
 * the buffer fills): one write per request instead of one per event, which
 * measured about 15 microseconds of CPU less per request on loopback. A
 * thread's leftover lines are written when it exits (pthread key
 * destructor) or, for the thread calling exit, by the shim's destructor. */
enum { LINES_CAP = 16384 };
typedef struct lines {
  size_t len;
  char text[LINES_CAP];
} lines;
static pthread_key_t lines_key;
static pthread_once_t lines_once = PTHREAD_ONCE_INIT;
static int lines_ready; /* lines_key exists: another library may own key 0 */

static void lines_flush(lines *l) {
  if (l && l->len) write_all(out.events, l->text, l->len);
  if (l) l->len = 0;
}

static void lines_free(void *l) {
  lines_flush(l);
  free(l);
}

static void lines_after_fork(void);
static void lines_key_make(void) {
  if (pthread_key_create(&lines_key, lines_free) != 0) return;
  pthread_atfork(NULL, NULL, lines_after_fork);
  lines_ready = 1;
}

static lines *lines_get(void) {
  pthread_once(&lines_once, lines_key_make);
  if (!lines_ready) return NULL;
  lines *l = pthread_getspecific(lines_key);
  if (!l && (l = malloc(sizeof *l)) != NULL) {
    l->len = 0;
    if (pthread_setspecific(lines_key, l) != 0) free(l), l = NULL;
  }
  return l;
}

/* A child made by fork would write its parent's pending lines again. */
static void lines_after_fork(void) {
  lines *l = pthread_getspecific(lines_key);
  if (l) l->len = 0;
}

__attribute__((destructor)) static void lines_at_exit(void) {
  if (out.events >= 0 && lines_ready) lines_flush(pthread_getspecific(lines_key));
}

/* The library's JSON line with pid and tid added before the closing brace. */
static void write_json(const ht_event *ev) {
  char text[8192];
  size_t len = ht_json_format(ev, text, sizeof text - 64);
  if (len >= sizeof text - 64 || len < 2 || text[len - 2] != '}') return;
  int n = snprintf(text + len - 2, 64, ",\"pid\":%d,\"tid\":%ld}\n", (int)getpid(), thread_id());
  if (n <= 0 || n >= 64) return;
  len = len - 2 + (size_t)n;
  lines *l = lines_get();
  if (!l) {
    write_all(out.events, text, len);
    return;
  }
  if (l->len + len > LINES_CAP) lines_flush(l);
  memcpy(l->text + l->len, text, len);
  l->len += len;
  if (ev->kind == HT_DONE) lines_flush(l);
}

/* The httpstat bar of one hop, under a line naming the process and URL. */
static void write_summary(const ht_event *ev, const char *url) {
  char *text = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&text, &len);
  if (!mem) return;
  fprintf(mem, "httptrace: pid %d request %llu hop %d: %s -> %ld%s%s\n", (int)getpid(),
          (unsigned long long)ev->req, ev->hop, url && *url ? url : "(unknown URL)", ev->status,
          ev->error_msg ? " " : "", ev->error_msg ? ev->error_msg : "");
  ht_summary_write(mem, ev, out.color);
  if (fclose(mem) == 0) write_all(out.summary, text, len);
  free(text);
}

/* One "X" slice; ts is CLOCK_MONOTONIC microseconds, the same clock in
 * every process, so slices of parent and children line up. */
static void chrome_slice(ht_buf *b, const ht_event *ev, const char *name, int64_t at, int64_t dur) {
  if (at < 0) return;
  buf_printf(b,
             "{\"name\":\"%s\",\"cat\":\"http\",\"ph\":\"X\",\"ts\":%lld,\"dur\":%lld,"
             "\"pid\":%d,\"tid\":%llu,\"args\":{\"hop\":%d}},\n",
             name, (long long)(ev->start_us + at), (long long)dur, (int)getpid(),
             (unsigned long long)ev->req, ev->hop);
}

/* Slices of one hop (and of the whole request at done): one track per
 * request, so concurrent requests never overlap on a track. */
static void write_chrome(const ht_event *ev, const char *url) {
  char text[4096];
  ht_buf b = {text, sizeof text, 0};
  const ht_phases *p = &ev->phases;
  if (ev->kind == HT_DONE) {
    buf_printf(&b, "{\"name\":\"thread_name\",\"ph\":\"M\",\"pid\":%d,\"tid\":%llu,"
                   "\"args\":{\"name\":\"request %llu\"}},\n",
               (int)getpid(), (unsigned long long)ev->req, (unsigned long long)ev->req);
    buf_printf(&b, "{\"name\":\"request\",\"cat\":\"http\",\"ph\":\"X\",\"ts\":%lld,\"dur\":%lld,"
                   "\"pid\":%d,\"tid\":%llu,\"args\":{\"status\":%ld,\"url\":",
               (long long)ev->start_us, (long long)ev->total_us, (int)getpid(),
               (unsigned long long)ev->req, ev->status);
    buf_json_string(&b, url);
    buf_printf(&b, ",\"error\":");
    buf_json_string(&b, ev->error_msg);
    buf_printf(&b, "}},\n");
  }
  chrome_slice(&b, ev, "dns", p->dns_at, p->dns);
  chrome_slice(&b, ev, "connect", p->connect_at, p->connect);
  chrome_slice(&b, ev, "tls", p->tls_at, p->tls);
  chrome_slice(&b, ev, "server", p->server_at, p->server);
  chrome_slice(&b, ev, "transfer", p->transfer_at, p->transfer);
  if (b.len < sizeof text) write_all(out.chrome, text, b.len);
}

static void note_traced(void) {
  if (out.status < 0 || atomic_exchange(&traced, 1)) return;
  char line[64];
  int n = snprintf(line, sizeof line, "traced %d\n", (int)getpid());
  if (n > 0 && (size_t)n < sizeof line) write_all(out.status, line, (size_t)n);
}

/* user is the handle's URL buffer (PRELOAD_URL_MAX bytes): request_start
 * fills it, the bar and the request slice name it. */
void preload_out_event(const ht_event *ev, void *user) {
  char *url = user;
  if (ev->kind == HT_REQUEST_START && ev->url) {
    size_t n = strlen(ev->url);
    if (n >= PRELOAD_URL_MAX) n = PRELOAD_URL_MAX - 1;
    memcpy(url, ev->url, n);
    url[n] = '\0';
  }
  if (out.events >= 0) write_json(ev);
  if (ev->kind != HT_REDIRECT && ev->kind != HT_DONE) return;
  if (out.summary >= 0) write_summary(ev, url);
  if (out.chrome >= 0) write_chrome(ev, url);
  if (ev->kind == HT_DONE) note_traced();
}
