/* hot_preload.c: counts heap allocations per call stack at run time, to check
 * canalyze's static hotspot ranking against reality (bench/hot_check.sh).
 *
 * Built as a shared object and preloaded:
 *   cc -shared -fPIC -O1 -DHOT_PRELOAD_SO -o hot_preload.so tests/tools/hot_preload.c -ldl
 *   HOT_PRELOAD_OUT=allocs.txt LD_PRELOAD=./hot_preload.so ./program
 * It interposes malloc, calloc, realloc (size > 0), reallocarray, strdup,
 * strndup, aligned_alloc, posix_memalign and memalign, and at exit writes one
 * line per distinct stack: "COUNT MODULE+0xOFFSET ..." (innermost caller
 * first, return addresses), appended, so several processes of one workload
 * share one file. bench/hot_compare.py turns those into file:line
 * with addr2line and matches them to the static findings.
 *
 * Invariant: the interposer itself never allocates through malloc: stacks
 * live in a fixed table (a full table drops new stacks and counts them as
 * dropped), dlsym's early calloc is served from a static buffer, and a
 * thread-local flag stops recursion through backtrace().
 *
 * Compiled without HOT_PRELOAD_SO (as the test build does for every
 * file in tests/tools), it is only a usage message: a sanitized executable must
 * not replace malloc. */
#ifndef HOT_PRELOAD_SO
#include <stdio.h>
int main(void) {
  puts("hot_preload: build me with cc -shared -fPIC -DHOT_PRELOAD_SO ... -ldl and LD_PRELOAD me");
  return 0;
}
#else
#define _GNU_SOURCE 1 /* RTLD_NEXT, dladdr */
#include <dlfcn.h>
#include <execinfo.h>
#include <link.h>
#include <unistd.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { DEPTH = 16, SLOTS = 1 << 16 };

typedef struct slot {
  uintptr_t frames[DEPTH];
  int nframes;
  unsigned long count;
} slot;

static slot table[SLOTS];
static unsigned long dropped, total;
static volatile int table_lock;
static __thread int inside;

static void *(*real_malloc)(size_t);
static void *(*real_calloc)(size_t, size_t);
static void *(*real_realloc)(void *, size_t);
static void *(*real_reallocarray)(void *, size_t, size_t);
static char *(*real_strdup)(const char *);
static char *(*real_strndup)(const char *, size_t);
static void *(*real_aligned_alloc)(size_t, size_t);
static int (*real_posix_memalign)(void **, size_t, size_t);
static void *(*real_memalign)(size_t, size_t);

/* dlsym may calloc before real_calloc is known. */
static char boot[4096];
static size_t boot_used;

static void *boot_alloc(size_t n) {
  n = (n + 15) & ~(size_t)15;
  if (boot_used + n > sizeof boot) return NULL;
  void *p = boot + boot_used;
  boot_used += n;
  return p;
}

static void resolve(void) {
  static int resolving;
  if (real_malloc || resolving) return;
  resolving = 1;
  real_calloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "calloc");
  real_realloc = (void *(*)(void *, size_t))dlsym(RTLD_NEXT, "realloc");
  real_reallocarray = (void *(*)(void *, size_t, size_t))dlsym(RTLD_NEXT, "reallocarray");
  real_strdup = (char *(*)(const char *))dlsym(RTLD_NEXT, "strdup");
  real_strndup = (char *(*)(const char *, size_t))dlsym(RTLD_NEXT, "strndup");
  real_aligned_alloc = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "aligned_alloc");
  real_posix_memalign = (int (*)(void **, size_t, size_t))dlsym(RTLD_NEXT, "posix_memalign");
  real_memalign = (void *(*)(size_t, size_t))dlsym(RTLD_NEXT, "memalign");
  real_malloc = (void *(*)(size_t))dlsym(RTLD_NEXT, "malloc");
  resolving = 0;
}

/* The real function runs with recording off: glibc's strdup, for one,
 * calls malloc through the PLT and would count twice. */
#define REAL(call) (inside++, tmp = (call), inside--, tmp)

static uint64_t hash(const uintptr_t *f, int n) {
  uint64_t h = 1469598103934665603ULL;
  for (int i = 0; i < n; i++) h = (h ^ f[i]) * 1099511628211ULL;
  return h;
}

/* Records the current stack, skipping the interposer's own frames (2). */
static void record(void) {
  if (inside) return;
  inside = 1;
  void *raw[DEPTH + 2];
  int n = backtrace(raw, DEPTH + 2) - 2;
  uintptr_t f[DEPTH];
  for (int i = 0; i < n; i++) f[i] = (uintptr_t)raw[i + 2];
  if (n < 0) n = 0;
  while (__sync_lock_test_and_set(&table_lock, 1)) {}
  total++;
  uint64_t h = hash(f, n);
  for (uint64_t probe = 0; probe < SLOTS; probe++) {
    slot *s = &table[(h + probe) & (SLOTS - 1)];
    if (s->count == 0) {
      memcpy(s->frames, f, sizeof(uintptr_t) * (size_t)n);
      s->nframes = n, s->count = 1;
      goto done;
    }
    if (s->nframes == n && memcmp(s->frames, f, sizeof(uintptr_t) * (size_t)n) == 0) {
      s->count++;
      goto done;
    }
  }
  dropped++;
done:
  __sync_lock_release(&table_lock);
  inside = 0;
}

void *malloc(size_t n) {
  resolve();
  if (!real_malloc) return boot_alloc(n);
  record();
  void *tmp;
  return REAL(real_malloc(n));
}

void *calloc(size_t n, size_t size) {
  resolve();
  if (!real_calloc) return boot_alloc(n * size); /* static: already zero */
  record();
  void *tmp;
  return REAL(real_calloc(n, size));
}

void *realloc(void *p, size_t n) {
  resolve();
  if (n) record();
  void *tmp;
  return REAL(real_realloc(p, n));
}

void *reallocarray(void *p, size_t n, size_t size) {
  resolve();
  if (n && size) record();
  void *tmp;
  return REAL(real_reallocarray(p, n, size));
}

char *strdup(const char *s) {
  resolve();
  record();
  char *tmp;
  return REAL(real_strdup(s));
}

char *strndup(const char *s, size_t n) {
  resolve();
  record();
  char *tmp;
  return REAL(real_strndup(s, n));
}

void *aligned_alloc(size_t align, size_t n) {
  resolve();
  record();
  void *tmp;
  return REAL(real_aligned_alloc(align, n));
}

int posix_memalign(void **out, size_t align, size_t n) {
  resolve();
  record();
  int tmp;
  return REAL(real_posix_memalign(out, align, n));
}

void *memalign(size_t align, size_t n) {
  resolve();
  record();
  void *tmp;
  return REAL(real_memalign(align, n));
}

void free(void *p) {
  static void (*real_free)(void *);
  if ((char *)p >= boot && (char *)p < boot + sizeof boot) return;
  if (!real_free) real_free = (void (*)(void *))dlsym(RTLD_NEXT, "free");
  real_free(p);
}

/* The program itself: dladdr names it after argv[0], which programs such
 * as redis-server rewrite into a process title; /proc/self/exe does not lie. */
static char exe_path[4096];
static uintptr_t exe_base;

static int first_object(struct dl_phdr_info *info, size_t size, void *data) {
  (void)size, (void)data;
  exe_base = (uintptr_t)info->dlpi_addr;
  return 1; /* the first object is the program */
}

/* "module+0xoffset", so PIE executables and libraries symbolise. */
static void write_frame(FILE *out, uintptr_t addr) {
  Dl_info info;
  if (dladdr((void *)addr, &info) && (uintptr_t)info.dli_fbase == exe_base && exe_path[0])
    fprintf(out, " %s+0x%lx", exe_path, (unsigned long)(addr - exe_base));
  else if (dladdr((void *)addr, &info) && info.dli_fname && info.dli_fname[0])
    fprintf(out, " %s+0x%lx", info.dli_fname, (unsigned long)(addr - (uintptr_t)info.dli_fbase));
  else
    fprintf(out, " ?+0x%lx", (unsigned long)addr);
}

__attribute__((destructor)) static void dump(void) {
  const char *path = getenv("HOT_PRELOAD_OUT");
  inside = 1; /* fopen allocates: not the program's allocation */
  FILE *out = path ? fopen(path, "a") : NULL; /* appends: one file for several processes */
  if (!out) return;
  fprintf(out, "# total %lu dropped %lu\n", total, dropped);
  for (size_t i = 0; i < SLOTS; i++) {
    if (!table[i].count) continue;
    fprintf(out, "%lu", table[i].count);
    for (int k = 0; k < table[i].nframes; k++) write_frame(out, table[i].frames[k]);
    fputc('\n', out);
  }
  fclose(out);
}

/* backtrace() loads libgcc_s (allocating) on first use: do it before main. */
__attribute__((constructor)) static void warm_up(void) {
  void *f[2];
  inside = 1;
  resolve();
  backtrace(f, 2);
  ssize_t n = readlink("/proc/self/exe", exe_path, sizeof exe_path - 1);
  exe_path[n > 0 ? n : 0] = 0;
  dl_iterate_phdr(first_object, NULL);
  inside = 0;
}
#endif
