/* hooks.c: libcurl's entry points, wrapped for LD_PRELOAD. Each wrapper
 * calls the real function found with dlsym(RTLD_NEXT) (whichever libcurl
 * the program loaded: OpenSSL or GnuTLS flavour) and keeps one tracer per
 * easy handle, attached at the handle's first curl_easy_setopt, so every
 * callback the application sets afterwards goes through ht_setopt and is
 * chained rather than replaced.
 * Invariants: the handle table is the only shared state and is guarded by
 * one mutex; a tracer is used only by the thread running its handle (as
 * libcurl requires of the handle itself); while the shim is inside the
 * library (in_lib), the library's own curl_easy_setopt calls, which resolve
 * to this file's wrapper, go straight to libcurl. */
#include "preload.h"

#include <dlfcn.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>

#undef curl_easy_setopt /* curl.h's type-checking macro */

/* The library is built with hidden visibility; the wrappers must not be. */
#define EXPORT __attribute__((visibility("default")))

typedef CURLcode (*setopt_fn)(CURL *, CURLoption, ...);
static struct {
  setopt_fn setopt;
  CURLcode (*perform)(CURL *);
  CURL *(*duphandle)(CURL *);
  void (*reset)(CURL *);
  void (*cleanup)(CURL *);
  CURLMcode (*multi_add)(CURLM *, CURL *);
  CURLMcode (*multi_remove)(CURLM *, CURL *);
  CURLMsg *(*info_read)(CURLM *, int *);
  curl_version_info_data *(*version_info)(CURLversion);
  /* libcurl is in the global scope, where the tracer's own calls to it
   * (curl_easy_getinfo...) bind; without it they cannot, and the shim only
   * passes calls through. */
  int global;
} real;
static pthread_once_t real_once = PTHREAD_ONCE_INIT;
static _Thread_local int in_lib;
/* curl_easy_perform runs a private multi handle through the same exported
 * curl_multi_* functions, which land in these wrappers: inside it they pass
 * straight through, so a transfer is begun and finished once. */
static _Thread_local int in_perform;

/* RTLD_NEXT searches the global scope; a libcurl that came in with a
 * module loaded RTLD_LOCAL (a Python extension, say) is not in it, but its
 * calls still reach these wrappers, so the loaded libcurl is asked for by
 * name (RTLD_NOLOAD: never loads one). */
static void *real_find(const char *name) {
  static const char *const libs[] = {"libcurl.so.4", "libcurl-gnutls.so.4", "libcurl-nss.so.4"};
  void *fn = dlsym(RTLD_NEXT, name);
  for (size_t i = 0; !fn && i < sizeof libs / sizeof *libs; i++) {
    void *lib = dlopen(libs[i], RTLD_LAZY | RTLD_NOLOAD);
    if (lib) fn = dlsym(lib, name);
    if (lib) dlclose(lib);
  }
  return fn;
}

static void real_load(void) {
  *(void **)&real.setopt = real_find("curl_easy_setopt");
  *(void **)&real.perform = real_find("curl_easy_perform");
  *(void **)&real.duphandle = real_find("curl_easy_duphandle");
  *(void **)&real.reset = real_find("curl_easy_reset");
  *(void **)&real.cleanup = real_find("curl_easy_cleanup");
  *(void **)&real.multi_add = real_find("curl_multi_add_handle");
  *(void **)&real.multi_remove = real_find("curl_multi_remove_handle");
  *(void **)&real.info_read = real_find("curl_multi_info_read");
  *(void **)&real.version_info = real_find("curl_version_info");
  real.global = dlsym(RTLD_NEXT, "curl_easy_getinfo") != NULL;
}

static void real_init(void) { pthread_once(&real_once, real_load); }

/* ---- one option argument, typed by libcurl's option-number ranges ------ */
typedef void (*any_fn)(void);
typedef struct opt_arg {
  enum { ARG_LONG, ARG_PTR, ARG_FN, ARG_OFF } type;
  long l;
  void *p;
  any_fn f;
  curl_off_t o;
} opt_arg;

static opt_arg arg_read(CURLoption opt, va_list *ap) {
  opt_arg a = {0};
  if (opt < CURLOPTTYPE_OBJECTPOINT) a.type = ARG_LONG, a.l = va_arg(*ap, long);
  else if (opt < CURLOPTTYPE_FUNCTIONPOINT || (opt >= CURLOPTTYPE_BLOB && opt < 50000))
    a.type = ARG_PTR, a.p = va_arg(*ap, void *);
  else if (opt < CURLOPTTYPE_OFF_T) a.type = ARG_FN, a.f = va_arg(*ap, any_fn);
  else a.type = ARG_OFF, a.o = va_arg(*ap, curl_off_t);
  return a;
}

/* Calls a setopt-like function with the argument in its real type. */
static CURLcode arg_apply(setopt_fn fn, CURL *easy, CURLoption opt, const opt_arg *a) {
  switch (a->type) {
  case ARG_LONG: return fn(easy, opt, a->l);
  case ARG_PTR: return fn(easy, opt, a->p);
  case ARG_FN: return fn(easy, opt, a->f);
  default: return fn(easy, opt, a->o);
  }
}

/* ---- the handle table --------------------------------------------------- */
/* The options the tracer chains, as the application last set them, so that
 * curl_easy_duphandle can give the copy's tracer the same callbacks. */
enum { CHAINED_MAX = 11 };
static const CURLoption chained[CHAINED_MAX] = {
    CURLOPT_RESOLVER_START_FUNCTION, CURLOPT_RESOLVER_START_DATA, CURLOPT_OPENSOCKETFUNCTION,
    CURLOPT_OPENSOCKETDATA, CURLOPT_PREREQFUNCTION, CURLOPT_PREREQDATA, CURLOPT_SSL_CTX_FUNCTION,
    CURLOPT_SSL_CTX_DATA, CURLOPT_HEADERFUNCTION, CURLOPT_HEADERDATA, CURLOPT_ERRORBUFFER};

typedef struct handle {
  CURL *easy;
  ht_trace *tr;
  struct handle *next;
  opt_arg kept[CHAINED_MAX];
  int set[CHAINED_MAX];
  char url[PRELOAD_URL_MAX];
} handle;

enum { BUCKETS = 256 };
static handle *table[BUCKETS];
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;

static handle **bucket(CURL *easy) { return &table[((uintptr_t)easy >> 4) % BUCKETS]; }

static handle *table_find(CURL *easy) {
  pthread_mutex_lock(&table_lock);
  handle *h = *bucket(easy);
  while (h && h->easy != easy) h = h->next;
  pthread_mutex_unlock(&table_lock);
  return h;
}

/* Unlinks and returns the handle's entry, NULL when untraced. */
static handle *table_take(CURL *easy) {
  pthread_mutex_lock(&table_lock);
  handle **at = bucket(easy);
  while (*at && (*at)->easy != easy) at = &(*at)->next;
  handle *h = *at;
  if (h) *at = h->next;
  pthread_mutex_unlock(&table_lock);
  return h;
}

/* The hooks need PREREQ (7.80.0); an older libcurl is left untraced, and the
 * command is told through the status file. */
static int libcurl_usable(void) {
  static atomic_int usable = -1;
  if (usable >= 0) return usable;
  const curl_version_info_data *v = real.version_info ? real.version_info(CURLVERSION_NOW) : NULL;
  int ok = v && v->version_num >= 0x075000;
  if (!ok) {
    char line[128];
    snprintf(line, sizeof line, "old libcurl %s (the tracer needs 7.80.0 or newer)\n",
             v && v->version ? v->version : "?");
    preload_out_status(line);
  }
  usable = ok;
  return ok;
}

/* Tells the command, once, why a libcurl call is passed through. */
static int libcurl_reachable(void) {
  static atomic_int said;
  if (real.global) return 1;
  if (preload_out_init() && !atomic_exchange(&said, 1))
    preload_out_status("libcurl loaded privately (RTLD_LOCAL), out of the tracer's reach\n");
  return 0;
}

/* The handle's entry, attaching a tracer on first sight; NULL when tracing
 * is off or the tracer could not be attached (the program then runs as if
 * the shim were not there). */
static handle *handle_get(CURL *easy) {
  handle *h = table_find(easy);
  if (h || !easy || in_lib || !libcurl_reachable() || !preload_out_init() || !libcurl_usable())
    return h;
  h = calloc(1, sizeof *h);
  if (!h) return NULL;
  ht_hooks hooks;
  ht_hooks_all(&hooks, preload_out_event);
  h->easy = easy;
  in_lib++;
  h->tr = ht_attach(easy, &hooks, h->url);
  in_lib--;
  if (!h->tr) {
    free(h);
    return NULL;
  }
  pthread_mutex_lock(&table_lock);
  h->next = *bucket(easy);
  *bucket(easy) = h;
  pthread_mutex_unlock(&table_lock);
  return h;
}

static void handle_free(handle *h) {
  if (!h) return;
  in_lib++;
  ht_detach(h->tr);
  in_lib--;
  free(h);
}

static void keep(handle *h, CURLoption opt, const opt_arg *a) {
  for (int i = 0; i < CHAINED_MAX; i++)
    if (chained[i] == opt) h->kept[i] = *a, h->set[i] = 1;
}

static CURLcode trace_apply(ht_trace *tr, CURLoption opt, const opt_arg *a) {
  switch (a->type) {
  case ARG_LONG: return ht_setopt(tr, opt, a->l);
  case ARG_PTR: return ht_setopt(tr, opt, a->p);
  case ARG_FN: return ht_setopt(tr, opt, a->f);
  default: return ht_setopt(tr, opt, a->o);
  }
}

static CURLcode trace_setopt(handle *h, CURLoption opt, const opt_arg *a) {
  keep(h, opt, a);
  in_lib++;
  CURLcode rc = trace_apply(h->tr, opt, a);
  in_lib--;
  return rc;
}

/* ---- the wrappers ------------------------------------------------------- */
EXPORT CURLcode curl_easy_setopt(CURL *easy, CURLoption opt, ...) {
  real_init();
  va_list ap;
  va_start(ap, opt);
  opt_arg a = arg_read(opt, &ap);
  va_end(ap);
  if (!real.setopt) return CURLE_FAILED_INIT;
  handle *h = in_lib ? NULL : handle_get(easy);
  if (!h) return arg_apply(real.setopt, easy, opt, &a);
  return trace_setopt(h, opt, &a);
}

/* Starts a request with a process-wide id. */
static void begin(handle *h) {
  in_lib++;
  ht_set_next_id(h->tr, preload_next_id());
  ht_begin(h->tr);
  in_lib--;
}

static void finish(handle *h, CURLcode result) {
  in_lib++;
  ht_finish(h->tr, result);
  in_lib--;
}

EXPORT CURLcode curl_easy_perform(CURL *easy) {
  real_init();
  if (!real.perform) return CURLE_FAILED_INIT;
  handle *h = handle_get(easy);
  if (!h) return real.perform(easy);
  begin(h);
  in_perform++;
  CURLcode rc = real.perform(easy);
  in_perform--;
  finish(h, rc);
  return rc;
}

EXPORT CURLMcode curl_multi_add_handle(CURLM *multi, CURL *easy) {
  real_init();
  if (!real.multi_add) return CURLM_INTERNAL_ERROR;
  handle *h = in_perform ? NULL : handle_get(easy);
  if (h) begin(h);
  CURLMcode rc = real.multi_add(multi, easy);
  if (h && rc != CURLM_OK) {
    in_lib++;
    ht_finish(h->tr, CURLE_FAILED_INIT);
    in_lib--;
  }
  return rc;
}

EXPORT CURLMsg *curl_multi_info_read(CURLM *multi, int *queued) {
  real_init();
  if (!real.info_read) return NULL;
  CURLMsg *msg = real.info_read(multi, queued);
  if (msg && msg->msg == CURLMSG_DONE && !in_perform) {
    handle *h = table_find(msg->easy_handle);
    if (h) finish(h, msg->data.result);
  }
  return msg;
}

/* A transfer removed before its CURLMSG_DONE was read ends as aborted (a
 * no-op when info_read already ended it). */
EXPORT CURLMcode curl_multi_remove_handle(CURLM *multi, CURL *easy) {
  real_init();
  if (!real.multi_remove) return CURLM_INTERNAL_ERROR;
  handle *h = in_perform ? NULL : table_find(easy);
  if (h) finish(h, CURLE_ABORTED_BY_CALLBACK);
  return real.multi_remove(multi, easy);
}

/* A copy left untraced (out of memory) gets the application's callbacks,
 * or libcurl's defaults, instead of the original tracer's. */
static void untrace_copy(CURL *copy, const handle *from) {
  for (int i = 0; i < CHAINED_MAX; i++) {
    opt_arg none = {.type = chained[i] < CURLOPTTYPE_FUNCTIONPOINT ? ARG_PTR : ARG_FN};
    arg_apply(real.setopt, copy, chained[i], from->set[i] ? &from->kept[i] : &none);
  }
}

/* The copy carries the original's callbacks pointing at the original's
 * tracer; it gets a tracer of its own and the application's callbacks. */
EXPORT CURL *curl_easy_duphandle(CURL *easy) {
  real_init();
  if (!real.duphandle) return NULL;
  CURL *copy = real.duphandle(easy);
  handle *from = copy ? table_find(easy) : NULL;
  if (!from) return copy;
  handle *to = handle_get(copy);
  if (!to) {
    untrace_copy(copy, from);
    return copy;
  }
  for (int i = 0; i < CHAINED_MAX; i++)
    if (from->set[i]) trace_setopt(to, chained[i], &from->kept[i]);
  return copy;
}

/* Every option goes back to its default, the tracer's callbacks too: the
 * tracer is dropped and the next setopt attaches a fresh one. */
EXPORT void curl_easy_reset(CURL *easy) {
  real_init();
  handle_free(table_take(easy));
  if (real.reset) real.reset(easy);
}

EXPORT void curl_easy_cleanup(CURL *easy) {
  real_init();
  handle_free(table_take(easy));
  if (real.cleanup) real.cleanup(easy);
}
