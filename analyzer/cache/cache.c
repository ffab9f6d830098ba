/* cache.c: the fact cache's files: keys, lookup with input validation,
 * atomic stores (cache.h; the format is in docs/formats.md).
 *
 * File layout: magic "CAFACTS\n", format version (varint), key (16 bytes),
 * payload length (varint), payload, hash of the payload (16 bytes). The
 * payload is the input list (count; per input: path, size, content hash)
 * then the facts (cache_facts.c). Every check that fails on a file that
 * exists makes it a "bad" file: ignored, and replaced once the TU is parsed. */
#include "cache/cache.h"
#include "cache/cache_buf.h"
#include "cache/cache_facts.h"
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum { FORMAT_VERSION = 41 };
static const char MAGIC[8] = {'C', 'A', 'F', 'A', 'C', 'T', 'S', '\n'};
static const size_t MAX_FILE = (size_t)1 << 30; /* a TU's facts are megabytes at most */

/* An input file's size and content hash, computed once per run. */
typedef struct content { bool ok; uint64_t size; cache_digest digest; } content;

struct tucache {
  const char *dir, *tool;
  arena *a;                   /* dir, tool, the content memo */
  pthread_mutex_t lock;       /* guards a, memo, contents and the problem counts */
  strmap memo;                /* path -> index into contents */
  VEC(content) contents;
  size_t bad, unwritable;
  char first[4400];
  atomic_uint serial;         /* makes temporary names unique within the process */
};

tucache *cache_open(const char *dir, const char *tool) {
  arena *a = arena_new();
  tucache *c = a ? arena_alloc(a, sizeof *c) : NULL;
  if (!c) return arena_free(a), NULL;
  c->a = a;
  c->dir = arena_strdup(a, dir), c->tool = arena_strdup(a, tool);
  strmap_init(&c->memo, a);
  if (!c->dir || !c->tool) return arena_free(a), NULL;
  pthread_mutex_init(&c->lock, NULL);
  return c;
}

void cache_close(tucache *c) {
  if (!c) return;
  pthread_mutex_destroy(&c->lock);
  arena_free(c->a);
}

static void problem(tucache *c, size_t *counter, const char *path, const char *what) {
  pthread_mutex_lock(&c->lock);
  if (!c->bad && !c->unwritable) snprintf(c->first, sizeof c->first, "%.4200s: %s", path, what);
  ++*counter;
  pthread_mutex_unlock(&c->lock);
}

void cache_problems(const tucache *c, size_t *bad, size_t *unwritable, char *first, size_t len) {
  *bad = c ? c->bad : 0, *unwritable = c ? c->unwritable : 0;
  if (len) snprintf(first, len, "%s", c ? c->first : "");
}

/* ---- keys and paths ---- */

static cache_digest command_key(const tucache *c, const frontend_job *job, unsigned flags) {
  cache_hasher h;
  cache_hash_init(&h, FORMAT_VERSION);
  cache_hash_str(&h, c->tool);
  char mode[16];
  snprintf(mode, sizeof mode, "%u", flags);
  cache_hash_str(&h, mode);
  cache_hash_str(&h, job->file);
  cache_hash_str(&h, job->directory);
  for (int i = 0; i < job->nargs; i++) cache_hash_str(&h, job->args[i]);
  char cwd[4096]; /* relative names in the arguments are relative to it */
  if (!frontend_job_dir(job)) cache_hash_str(&h, getcwd(cwd, sizeof cwd));
  /* Variables clang reads as include paths (the headers found are hashed;
   * these decide which are found). */
  cache_hash_str(&h, getenv("CPATH"));
  cache_hash_str(&h, getenv("C_INCLUDE_PATH"));
  return cache_hash_end(&h);
}

/* DIR/ab/cdef....caf: 256 subfolders keep folders small on big projects. */
static void entry_path(const tucache *c, cache_digest key, char *out, size_t len) {
  char hex[33];
  cache_digest_hex(key, hex);
  snprintf(out, len, "%s/%.2s/%s.caf", c->dir, hex, hex + 2);
}

/* ---- reading files ---- */

/* The whole file in a heap buffer; NULL with errno set when unreadable
 * (ENOENT: no such file; EFBIG: not a regular file of a sane size). */
static unsigned char *slurp(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) return NULL;
  struct stat st;
  unsigned char *buf = NULL;
  int error = EFBIG;
  if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && (uint64_t)st.st_size <= MAX_FILE) {
    size_t got = 0, want = (size_t)st.st_size;
    ssize_t n = 1;
    if (!(buf = ca_xmalloc(want + 1))) error = ENOMEM;
    while (buf && got < want && (n = read(fd, buf + got, want - got)) > 0) got += (size_t)n;
    if (buf && got != want) ca_xfree(buf), buf = NULL, error = n < 0 ? errno : EIO;
    *len = got;
  }
  close(fd);
  if (!buf) errno = error;
  return buf;
}

/* Size and hash of an input's content now, each path read once per run. */
static content input_content(tucache *c, const char *path) {
  pthread_mutex_lock(&c->lock);
  int i = strmap_get(&c->memo, path);
  content known = i >= 0 ? c->contents.items[i] : (content){0};
  pthread_mutex_unlock(&c->lock);
  if (i >= 0) return known;
  size_t len = 0;
  unsigned char *buf = slurp(path, &len);
  content now = {.ok = buf != NULL, .size = len};
  if (buf) now.digest = cache_hash(buf, len);
  ca_xfree(buf);
  pthread_mutex_lock(&c->lock); /* two threads may hash one file: both get the same answer */
  const char *key = strmap_get(&c->memo, path) < 0 ? arena_strdup(c->a, path) : NULL;
  if (key && VEC_PUSH(c->a, &c->contents, now)) strmap_put(&c->memo, key, (int)c->contents.len - 1);
  pthread_mutex_unlock(&c->lock);
  return now;
}

/* Checks the frame (magic, version, key, length, payload hash) and leaves r
 * on the payload. False: not a whole file of ours for this key. */
static bool open_frame(rbuf *r, cache_digest key) {
  const unsigned char *magic = rbuf_bytes(r, sizeof MAGIC);
  if (!magic || memcmp(magic, MAGIC, sizeof MAGIC) != 0) return false;
  if (rbuf_u(r) != FORMAT_VERSION || !cache_digest_eq(rbuf_digest(r), key)) return false;
  uint64_t n = rbuf_u(r);
  if (r->bad || n > (uint64_t)(r->end - r->p) || (uint64_t)(r->end - r->p) - n != 16) return false;
  const unsigned char *payload = r->p;
  r->p += n;
  cache_digest sum = rbuf_digest(r);
  if (r->bad || !cache_digest_eq(sum, cache_hash(payload, (size_t)n))) return false;
  *r = (rbuf){.p = payload, .end = payload + n};
  return true;
}

/* Are the recorded inputs unchanged? r->bad tells a malformed list apart. */
static bool inputs_unchanged(tucache *c, rbuf *r) {
  size_t n = (size_t)rbuf_max(r, (uint64_t)(r->end - r->p));
  bool same = n > 0;
  char path[4096];
  for (size_t i = 0; i < n && !r->bad; i++) {
    size_t len = (size_t)rbuf_max(r, sizeof path - 1);
    const unsigned char *p = rbuf_bytes(r, len);
    uint64_t size = rbuf_u(r);
    cache_digest d = rbuf_digest(r);
    if (r->bad || !same) continue; /* still walk the list: the facts follow it */
    memcpy(path, p, len), path[len] = 0;
    content now = input_content(c, path);
    same = now.ok && now.size == size && cache_digest_eq(now.digest, d);
  }
  return same && !r->bad;
}

facts_tu *cache_load(tucache *c, const frontend_job *job, unsigned flags, cache_result *res) {
  *res = CACHE_MISS;
  char path[4096];
  cache_digest key = command_key(c, job, flags);
  entry_path(c, key, path, sizeof path);
  size_t len = 0;
  unsigned char *buf = slurp(path, &len);
  if (!buf) {
    if (errno == ENOMEM) *res = CACHE_NOMEM;
    else if (errno != ENOENT && errno != ENOTDIR) problem(c, &c->bad, path, strerror(errno));
    return NULL;
  }
  rbuf r = {.p = buf, .end = buf + len};
  facts_tu *tu = NULL;
  bool nomem = false;
  if (!open_frame(&r, key)) {
    problem(c, &c->bad, path, len ? "not a whole canalyze fact file" : "empty");
  } else if (inputs_unchanged(c, &r)) {
    tu = cache_facts_decode(&r, job->file, &nomem);
    if (!tu && !nomem) problem(c, &c->bad, path, "malformed facts");
  } else if (r.bad) {
    problem(c, &c->bad, path, "malformed input list");
  }
  ca_xfree(buf);
  *res = tu ? CACHE_HIT : nomem ? CACHE_NOMEM : CACHE_MISS;
  return tu;
}

/* ---- writing ---- */

static double mtime_of(const struct stat *st) {
  return (double)st->st_mtim.tv_sec + (double)st->st_mtim.tv_nsec / 1e9;
}

/* The input list, or false when an input cannot be recorded (unreadable,
 * relative, or modified too close to the parse to trust). */
static bool put_inputs(tucache *c, wbuf *w, const facts_tu *tu, double parse_start) {
  wbuf_u(w, tu->inputs.len);
  for (size_t i = 0; i < tu->inputs.len; i++) {
    const char *path = tu->inputs.items[i];
    struct stat st;
    if (!path || path[0] != '/' || strlen(path) >= 4096 || stat(path, &st) != 0 ||
        mtime_of(&st) >= parse_start - 1.0)
      return false;
    content now = input_content(c, path);
    if (!now.ok) return false;
    wbuf_u(w, strlen(path)), wbuf_bytes(w, path, strlen(path));
    wbuf_u(w, now.size), wbuf_digest(w, now.digest);
  }
  return true;
}

static bool make_dirs(const char *file) {
  char dir[4200];
  snprintf(dir, sizeof dir, "%s", file);
  for (char *s = dir + 1; *s; s++) {
    if (*s != '/') continue;
    *s = 0;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) return false;
    *s = '/';
  }
  return true;
}

/* Writes the bytes under a unique temporary name, then renames it over
 * path: rename is atomic, so no reader sees a partial file. */
static bool write_atomically(tucache *c, const char *path, const wbuf *w) {
  char tmp[4200]; /* path is below 4096 */
  snprintf(tmp, sizeof tmp, "%.4096s.%ld.%u.tmp", path, (long)getpid(), atomic_fetch_add(&c->serial, 1));
  int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0 && errno == ENOENT && make_dirs(tmp))
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0) return false;
  size_t done = 0;
  ssize_t n;
  while (done < w->len && (n = write(fd, w->data + done, w->len - done)) > 0) done += (size_t)n;
  bool ok = done == w->len;
  int error = ok ? 0 : errno ? errno : EIO;
  if (close(fd) != 0 && ok) ok = false, error = errno;
  if (ok && rename(tmp, path) != 0) ok = false, error = errno;
  if (!ok) unlink(tmp), errno = error;
  return ok;
}

void cache_store(tucache *c, const frontend_job *job, unsigned flags, const facts_tu *tu,
                 double parse_start) {
  if (tu->parse_failed || tu->nerrors || !tu->inputs.len) return;
  cache_digest key = command_key(c, job, flags);
  wbuf payload = {0}, file = {0};
  if (put_inputs(c, &payload, tu, parse_start) && cache_facts_encode(&payload, tu)) {
    wbuf_bytes(&file, MAGIC, sizeof MAGIC);
    wbuf_u(&file, FORMAT_VERSION);
    wbuf_digest(&file, key);
    wbuf_u(&file, payload.len);
    wbuf_bytes(&file, payload.data, payload.len);
    wbuf_digest(&file, cache_hash(payload.data, payload.len));
    char path[4096];
    entry_path(c, key, path, sizeof path);
    if (!file.failed && !write_atomically(c, path, &file)) problem(c, &c->unwritable, path, strerror(errno));
  }
  wbuf_free(&payload), wbuf_free(&file);
}
