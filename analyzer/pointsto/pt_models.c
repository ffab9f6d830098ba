/* pt_models.c: library models for the points-to analysis (see pt_models.h).
 *
 * One table, sorted by name, searched by bsearch. A model is a kind plus a
 * few argument positions; the callback kinds list which argument is called
 * and what it is called with (A0..A9 = that argument of the library call,
 * UNK = the unknown object, NONE = no pointer). Invariant: the table stays
 * sorted (the unit test checks it). */
#include "pointsto/pt_models.h"
#include <stdlib.h>
#include <string.h>

enum mkind {
  M_NOEFFECT,   /* no pointer flows (strlen, printf, free, ...) */
  M_ALLOC,      /* result: a fresh heap object */
  M_REALLOC,    /* result: fresh heap or arg a, contents of arg a copied */
  M_RETARG,     /* result: argument a (strchr, strcpy, memset, ...) */
  M_COPY,       /* *arg a ⊇ *arg b field by field, result arg a (memcpy) */
  M_ENDPTR,     /* *arg b ⊇ arg a (strtol's end pointer) */
  M_CALL,       /* calls argument a with the arguments in cb[]; result r */
  M_SIGNAL,     /* signal: calls arg 1; returns an earlier handler */
  M_SIGACTION,  /* sigaction: calls the handler stored in *arg 1 */
  M_TSEARCH,    /* tsearch/tfind/tdelete: cmp(key, key), result a node holding key */
  M_UNKNOWN_RET,/* result: the unknown object (dlsym) */
  M_ALLOC_OUT   /* *arg a: a fresh heap object (posix_memalign, asprintf) */
};

enum { NONE = -1, UNK = -2 };

typedef struct model {
  const char *name;
  unsigned char kind;
  signed char a, b, r;   /* r: for M_CALL, the argument the result comes from (or NONE) */
  signed char cb[4];     /* callee's arguments */
  unsigned char ncb;
} model;

#define NOEFF(n) {n, M_NOEFFECT, 0, 0, NONE, {0}, 0}
#define ALLOC(n) {n, M_ALLOC, 0, 0, NONE, {0}, 0}
#define RETARG(n, i) {n, M_RETARG, i, 0, NONE, {0}, 0}
#define CALL(n, f, r, k, ...) {n, M_CALL, f, 0, r, {__VA_ARGS__}, k}

/* Sorted by strcmp. */
static const model models[] = {
    NOEFF("_exit"), NOEFF("_longjmp"), NOEFF("_setjmp"), NOEFF("abort"), NOEFF("abs"),
    NOEFF("accept4"), NOEFF("access"), NOEFF("acos"), ALLOC("aligned_alloc"), ALLOC("alloca"),
    NOEFF("asin"), {"asprintf", M_ALLOC_OUT, 0, 0, NONE, {0}, 0}, NOEFF("assert_fail"),
    NOEFF("atan"), NOEFF("atan2"), CALL("atexit", 0, NONE, 0, 0), NOEFF("atof"), NOEFF("atoi"),
    NOEFF("atol"), NOEFF("atoll"), NOEFF("backtrace"), NOEFF("backtrace_symbols_fd"),
    {"bcopy", M_COPY, 1, 0, NONE, {0}, 0}, NOEFF("bind"), CALL("bsearch", 4, 1, 2, 0, 1),
    NOEFF("bzero"), CALL("call_once", 1, NONE, 0, 0), ALLOC("calloc"), NOEFF("ceil"),
    NOEFF("ceill"), NOEFF("chdir"), NOEFF("chmod"), NOEFF("clearenv"), NOEFF("clearerr"),
    NOEFF("clock"), NOEFF("clock_gettime"), NOEFF("close"), NOEFF("closedir"), NOEFF("connect"),
    NOEFF("cos"), NOEFF("cosh"), ALLOC("ctime"), RETARG("ctime_r", 1), ALLOC("ctype_b_loc"),
    ALLOC("ctype_tolower_loc"), ALLOC("ctype_toupper_loc"), NOEFF("difftime"), RETARG("dirname", 0),
    CALL("dl_iterate_phdr", 0, NONE, 3, UNK, NONE, 1), NOEFF("dlclose"), ALLOC("dlerror"),
    ALLOC("dlopen"), {"dlsym", M_UNKNOWN_RET, 0, 0, NONE, {0}, 0}, NOEFF("dup"), NOEFF("dup2"),
    ALLOC("errno_location"), NOEFF("execve"), NOEFF("exit"), NOEFF("exp"), NOEFF("fabs"),
    NOEFF("fchmod"), NOEFF("fchown"), NOEFF("fclose"), NOEFF("fcntl"), NOEFF("fdatasync"),
    ALLOC("fdopen"), NOEFF("feof"), NOEFF("ferror"), NOEFF("fflush"), NOEFF("fgetc"),
    RETARG("fgets", 0), NOEFF("fileno"), NOEFF("flock"), NOEFF("flockfile"), NOEFF("floor"),
    NOEFF("fmod"), ALLOC("fopen"), NOEFF("fork"), NOEFF("fprintf"), NOEFF("fputc"), NOEFF("fputs"),
    NOEFF("fread"), NOEFF("free"), NOEFF("freeaddrinfo"), ALLOC("freopen"), NOEFF("frexp"),
    NOEFF("fscanf"), NOEFF("fseek"), NOEFF("fseeko"), NOEFF("fstat"), NOEFF("fsync"),
    NOEFF("ftell"), NOEFF("ftello"), NOEFF("ftruncate"), CALL("ftw", 1, NONE, 3, 0, UNK, NONE),
    NOEFF("funlockfile"), NOEFF("fwrite"), ALLOC("gai_strerror"), ALLOC("get_current_dir_name"),
    NOEFF("getc"), NOEFF("getc_unlocked"), NOEFF("getchar"), ALLOC("getcwd"), ALLOC("getenv"),
    NOEFF("geteuid"), NOEFF("getpagesize"), NOEFF("getpeername"), NOEFF("getpid"),
    ALLOC("getpwnam"), ALLOC("getpwuid"), NOEFF("getrlimit"), NOEFF("getrusage"),
    NOEFF("getsockname"), NOEFF("getsockopt"), NOEFF("gettimeofday"), NOEFF("getuid"),
    ALLOC("gmtime"), RETARG("gmtime_r", 1), RETARG("inet_ntop", 2), NOEFF("inet_pton"),
    NOEFF("ioctl"), NOEFF("isalnum"), NOEFF("isalpha"), NOEFF("isatty"), NOEFF("isdigit"),
    NOEFF("islower"), NOEFF("isprint"), NOEFF("isspace"), NOEFF("isupper"), NOEFF("isxdigit"),
    NOEFF("kill"), NOEFF("labs"), NOEFF("ldexp"), CALL("lfind", 4, 1, 2, 0, 1), NOEFF("listen"),
    NOEFF("llabs"), NOEFF("llrint"), NOEFF("llroundl"), ALLOC("localeconv"), ALLOC("localtime"),
    RETARG("localtime_r", 1), NOEFF("log"), NOEFF("log10"), NOEFF("log2"), NOEFF("longjmp"),
    NOEFF("lround"), CALL("lsearch", 4, 1, 2, 0, 1), NOEFF("lseek"), NOEFF("lstat"),
    ALLOC("malloc"), NOEFF("malloc_usable_size"), RETARG("memchr", 0), NOEFF("memcmp"),
    {"memcpy", M_COPY, 0, 1, NONE, {0}, 0}, {"memmove", M_COPY, 0, 1, NONE, {0}, 0},
    {"mempcpy", M_COPY, 0, 1, NONE, {0}, 0}, RETARG("memrchr", 0), RETARG("memset", 0),
    NOEFF("mkdir"), NOEFF("mkostemp"), NOEFF("mkstemp"), NOEFF("mktime"), ALLOC("mmap"),
    NOEFF("modf"), {"mremap", M_REALLOC, 0, 0, NONE, {0}, 0}, NOEFF("munmap"), NOEFF("nanosleep"),
    CALL("nftw", 1, NONE, 4, 0, UNK, NONE, UNK), CALL("on_exit", 0, NONE, 2, NONE, 1),
    NOEFF("open"), ALLOC("opendir"), NOEFF("openlog"), NOEFF("overflow"), NOEFF("pclose"),
    NOEFF("perror"), NOEFF("pipe"), NOEFF("pipe2"), NOEFF("poll"), ALLOC("popen"),
    {"posix_memalign", M_ALLOC_OUT, 0, 0, NONE, {0}, 0}, NOEFF("pow"), NOEFF("prctl"),
    NOEFF("pread"), NOEFF("pread64"), NOEFF("printf"), NOEFF("pthread_attr_destroy"),
    NOEFF("pthread_attr_getstacksize"), NOEFF("pthread_attr_init"),
    NOEFF("pthread_attr_setstacksize"), NOEFF("pthread_cancel"), NOEFF("pthread_cond_broadcast"),
    NOEFF("pthread_cond_destroy"), NOEFF("pthread_cond_init"), NOEFF("pthread_cond_signal"),
    NOEFF("pthread_cond_wait"), CALL("pthread_create", 2, NONE, 1, 3), NOEFF("pthread_detach"),
    NOEFF("pthread_join"), CALL("pthread_key_create", 1, NONE, 1, UNK),
    NOEFF("pthread_mutex_destroy"), NOEFF("pthread_mutex_init"), NOEFF("pthread_mutex_lock"),
    NOEFF("pthread_mutex_trylock"), NOEFF("pthread_mutex_unlock"),
    NOEFF("pthread_mutexattr_destroy"), NOEFF("pthread_mutexattr_init"),
    NOEFF("pthread_mutexattr_settype"), CALL("pthread_once", 1, NONE, 0, 0), NOEFF("pthread_self"),
    NOEFF("pthread_setcancelstate"), NOEFF("pthread_setcanceltype"), NOEFF("pthread_setname_np"),
    NOEFF("pthread_sigmask"), NOEFF("putc"), NOEFF("putc_unlocked"), NOEFF("putchar"),
    NOEFF("puts"), NOEFF("pwrite"), NOEFF("pwrite64"), CALL("qsort", 3, NONE, 2, 0, 0),
    CALL("qsort_r", 3, NONE, 3, 0, 0, 4), NOEFF("raise"), NOEFF("rand"), NOEFF("random"),
    NOEFF("read"), ALLOC("readdir"), NOEFF("readlink"), {"realloc", M_REALLOC, 0, 0, NONE, {0}, 0},
    {"reallocarray", M_REALLOC, 0, 0, NONE, {0}, 0}, ALLOC("realpath"), NOEFF("remove"),
    NOEFF("rename"), NOEFF("rewind"), NOEFF("rmdir"), NOEFF("round"),
    CALL("scandir", 2, NONE, 1, UNK), NOEFF("sched_setaffinity"), NOEFF("select"), NOEFF("setbuf"),
    NOEFF("setenv"), NOEFF("setitimer"), NOEFF("setjmp"), ALLOC("setlocale"), NOEFF("setrlimit"),
    NOEFF("setsid"), NOEFF("setsockopt"), NOEFF("setvbuf"),
    {"sigaction", M_SIGACTION, 1, 0, NONE, {0}, 0}, NOEFF("sigaddset"), NOEFF("sigemptyset"),
    NOEFF("sigfillset"), NOEFF("siglongjmp"), {"signal", M_SIGNAL, 1, 0, NONE, {0}, 0},
    NOEFF("sigprocmask"), NOEFF("sigsetjmp"), NOEFF("sin"), NOEFF("sinh"), NOEFF("sleep"),
    NOEFF("snprintf"), NOEFF("socket"), NOEFF("sprintf"), NOEFF("sqrt"), NOEFF("srand"),
    NOEFF("srandom"), NOEFF("sscanf"), NOEFF("stat"), RETARG("stpcpy", 0), NOEFF("strcasecmp"),
    RETARG("strcat", 0), RETARG("strchr", 0), NOEFF("strcmp"), NOEFF("strcoll"),
    RETARG("strcpy", 0), NOEFF("strcspn"), ALLOC("strdup"), ALLOC("strerror"), NOEFF("strftime"),
    NOEFF("strlen"), NOEFF("strncasecmp"), RETARG("strncat", 0), NOEFF("strncmp"),
    RETARG("strncpy", 0), ALLOC("strndup"), NOEFF("strnlen"), RETARG("strpbrk", 0),
    RETARG("strrchr", 0), NOEFF("strspn"), RETARG("strstr", 0),
    {"strtod", M_ENDPTR, 0, 1, NONE, {0}, 0}, {"strtof", M_ENDPTR, 0, 1, NONE, {0}, 0},
    RETARG("strtok", 0), RETARG("strtok_r", 0), {"strtol", M_ENDPTR, 0, 1, NONE, {0}, 0},
    {"strtold", M_ENDPTR, 0, 1, NONE, {0}, 0}, {"strtoll", M_ENDPTR, 0, 1, NONE, {0}, 0},
    {"strtoul", M_ENDPTR, 0, 1, NONE, {0}, 0}, {"strtoull", M_ENDPTR, 0, 1, NONE, {0}, 0},
    NOEFF("strxfrm"), NOEFF("symlink"), NOEFF("sync_file_range"), NOEFF("sysconf"), NOEFF("syslog"),
    NOEFF("system"), NOEFF("tan"), NOEFF("tanh"), {"tdelete", M_TSEARCH, 2, 0, NONE, {0}, 0},
    CALL("tdestroy", 1, NONE, 1, UNK), {"tfind", M_TSEARCH, 2, 0, NONE, {0}, 0},
    CALL("thrd_create", 1, NONE, 1, 2), NOEFF("time"), ALLOC("tmpfile"), NOEFF("tolower"),
    NOEFF("toupper"), NOEFF("truncate"), {"tsearch", M_TSEARCH, 2, 0, NONE, {0}, 0},
    CALL("twalk", 1, NONE, 3, 0, NONE, NONE), CALL("twalk_r", 1, NONE, 3, 0, NONE, 2),
    NOEFF("tzset"), NOEFF("uflow"), NOEFF("umask"), NOEFF("uname"), NOEFF("ungetc"),
    NOEFF("unlink"), NOEFF("unsetenv"), NOEFF("usleep"), NOEFF("utime"), NOEFF("utimes"),
    ALLOC("valloc"), NOEFF("vfprintf"), NOEFF("vprintf"), NOEFF("vsnprintf"), NOEFF("vsprintf"),
    NOEFF("waitpid"), NOEFF("write"), NOEFF("writev"),
};

/* The part of a name a model is known by: "__builtin___memcpy_chk" ->
 * "memcpy" (a prefix and _FORTIFY_SOURCE's suffix dropped), as a span of
 * the name itself, so a name of any length is looked up whole. */
typedef struct span { const char *s; size_t n; } span;

static span model_name(const char *name) {
  if (strncmp(name, "__builtin_", 10) == 0) name += 10;
  while (name[0] == '_' && name[1] == '_') name += 2;
  span k = {name, strlen(name)};
  if (k.n > 4 && strncmp(name + k.n - 4, "_chk", 4) == 0) k.n -= 4;
  return k;
}

/* Orders as strcmp would the span's text against the model's name. */
static int cmp_model(const void *key, const void *m) {
  const span *k = key;
  const char *name = ((const model *)m)->name;
  int c = strncmp(k->s, name, k->n);
  return c ? c : name[k->n] ? -1 : 0;
}

static const model *find(const char *name) {
  span k = model_name(name);
  return bsearch(&k, models, sizeof models / sizeof *models, sizeof *models, cmp_model);
}

bool pt_model_known(const char *name) { return find(name) != NULL; }

bool pt_model_allocates(const char *name) {
  const model *m = find(name);
  return m && (m->kind == M_ALLOC || m->kind == M_REALLOC || m->kind == M_ALLOC_OUT || m->kind == M_TSEARCH);
}

bool pt_model_copies(const char *name, int *dst, int *src) {
  const model *m = find(name);
  if (!m || m->kind != M_COPY) return false;
  *dst = m->a, *src = m->b;
  return true;
}

bool pt_model_reads_records(const char *name) {
  const model *m = find(name);
  return m && m->kind == M_SIGACTION;
}

const char *pt_model_unsorted(void) {
  for (size_t i = 1; i < sizeof models / sizeof *models; i++)
    if (strcmp(models[i - 1].name, models[i].name) >= 0) return models[i].name;
  return NULL;
}

static int arg(const int *args, unsigned n, int i) { return i >= 0 && (unsigned)i < n ? args[i] : -1; }

static int temp(pts *s) { return pts_node(s, pts_object(s, PTS_TEMP, -1), 0); }

/* A node that points to loc. */
static int addr_of(pts *s, int loc) {
  int t = temp(s);
  pts_addr(s, t, loc);
  return t;
}

/* *dst ⊇ *src: objects are one cell each (record members live in field
 * cells of their type, which a copy of a record shares), so a memcpy is a
 * load and a store through one temporary. */
static void copy_cells(pts *s, int dst, int src) {
  if (dst < 0 || src < 0) return;
  int t = temp(s);
  pts_load(s, t, src, 0);
  pts_store(s, dst, t, 0);
}

static void callback(const pt_model_env *env, const model *m, const int *args, unsigned n, int ret) {
  int cargs[4];
  for (unsigned i = 0; i < m->ncb; i++)
    cargs[i] = m->cb[i] == UNK ? env->unknown : m->cb[i] == NONE ? -1 : arg(args, n, m->cb[i]);
  int site = pts_site(env->s, arg(args, n, m->a), cargs, m->ncb, -1);
  if (site >= 0) env->callback(env->user, site);
  if (m->r != NONE && ret >= 0) pts_copy(env->s, ret, arg(args, n, m->r));
}

static void heap_result(const pt_model_env *env, const model *m, int ret) {
  if (ret < 0) return;
  int h = env->heap(env->user, m->name);
  if (h >= 0) pts_addr(env->s, ret, h);
}

static void signal_model(const pt_model_env *env, const int *args, unsigned n, int ret) {
  int handler = arg(args, n, 1), unk = env->unknown;
  int site = pts_site(env->s, handler, (int[]){-1}, 1, -1);
  if (site >= 0) env->callback(env->user, site);
  /* the previous handler: any handler ever installed (kept in the unknown object) */
  if (handler >= 0) pts_copy(env->s, unk, handler);
  if (ret >= 0) pts_copy(env->s, ret, unk);
}

static void sigaction_model(const pt_model_env *env, const int *args, unsigned n) {
  int act = arg(args, n, 1);
  if (act < 0) return;
  int h = temp(env->s); /* sa_handler and sa_sigaction share offset 0 */
  pts_load(env->s, h, act, 0);
  int site = pts_site(env->s, h, (int[]){-1, env->unknown, env->unknown}, 3, -1);
  if (site >= 0) env->callback(env->user, site);
}

static void tsearch_model(const pt_model_env *env, const int *args, unsigned n, int ret) {
  int key = arg(args, n, 0);
  int site = pts_site(env->s, arg(args, n, 2), (int[]){key, key}, 2, -1);
  if (site >= 0) env->callback(env->user, site);
  if (ret < 0) return;
  int node = env->heap(env->user, "tsearch"); /* a tree node: its first member is the key */
  if (node < 0) return;
  pts_addr(env->s, ret, node);
  pts_copy(env->s, node, key);
}

static void unknown_external(const pt_model_env *env, const int *args, unsigned n, const bool *fnarg,
                             int ret) {
  int unk = env->unknown;
  for (unsigned i = 0; i < n; i++) {
    if (args[i] < 0) continue;
    pts_copy(env->s, unk, args[i]);
    if (fnarg && fnarg[i]) {
      int site = pts_site(env->s, args[i], (int[]){unk, unk, unk, unk}, 4, unk);
      if (site >= 0) env->callback(env->user, site);
    }
  }
  if (ret >= 0) pts_copy(env->s, ret, unk);
}

bool pt_model_apply(const pt_model_env *env, const char *name, const int *args, unsigned nargs,
                    const bool *fnarg, int ret) {
  const model *m = find(name);
  /* compiler builtins without a model compute values, they keep no pointers */
  if (!m && strncmp(name, "__builtin_", 10) == 0) return true;
  if (!m) return unknown_external(env, args, nargs, fnarg, ret), false;
  pts *s = env->s;
  switch (m->kind) {
  case M_NOEFFECT: break;
  case M_ALLOC: heap_result(env, m, ret); break;
  case M_REALLOC: {
    int old = arg(args, nargs, m->a), fresh = temp(s);
    heap_result(env, m, fresh);
    copy_cells(s, fresh, old);
    if (ret >= 0) pts_copy(s, ret, fresh), pts_copy_heap(s, ret, old);
    break;
  }
  case M_RETARG: if (ret >= 0) pts_copy(s, ret, arg(args, nargs, m->a)); break;
  case M_COPY:
    copy_cells(s, arg(args, nargs, m->a), arg(args, nargs, m->b));
    if (ret >= 0) pts_copy(s, ret, arg(args, nargs, m->a));
    break;
  case M_ENDPTR: pts_store(s, arg(args, nargs, m->b), arg(args, nargs, m->a), 0); break;
  case M_CALL: callback(env, m, args, nargs, ret); break;
  case M_SIGNAL: signal_model(env, args, nargs, ret); break;
  case M_SIGACTION: sigaction_model(env, args, nargs); break;
  case M_TSEARCH: tsearch_model(env, args, nargs, ret); break;
  case M_UNKNOWN_RET: if (ret >= 0) pts_copy(s, ret, env->unknown); break;
  case M_ALLOC_OUT: {
    int h = env->heap(env->user, m->name);
    if (h >= 0) pts_store(s, arg(args, nargs, m->a), h < 0 ? -1 : addr_of(s, h), 0);
    break;
  }
  }
  return true;
}
