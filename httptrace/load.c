/* load.c: the load driver. Each thread runs one curl multi event loop with
 * its share of the easy handles, each handle traced.
 * Closed loop (requests / duration): a handle that finishes starts the next
 * request at once, as hey does. Open loop (rate): request k of a thread is
 * due at t0 + k / thread_rate whether or not the server kept up; a request
 * that starts late, because every handle was busy, carries the delay as
 * queued time, and its latency counts from when it was due (wrk2's fix for
 * coordinated omission).
 * Invariant: threads share only atomics (request budget, ids, progress) and
 * the caller's output streams (one fwrite per line); each thread fills its
 * own ht_stats, merged after join. */
#include "httptrace.h"
#include "schedule.h"

#include <math.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

typedef struct load_thread load_thread;

typedef struct load_slot {
  load_thread *th;
  CURL *easy;
  ht_trace *tr;       /* NULL with no_trace */
  int64_t queued_us;
  uint64_t untraced_id;
  int busy;
  int has_redirect;   /* redirect holds a hop not yet in the statistics */
  ht_event redirect;  /* its phases and hop (no strings kept) */
  char errbuf[CURL_ERROR_SIZE]; /* no_trace: the transfer's own error text */
} load_slot;

struct load_thread {
  ht_load *ld;
  pthread_t tid;
  int index, nslots, busy; /* busy: handles in flight */
  load_slot *slots;
  ht_stats *stats;
  CURLM *multi;
  ht_conns *conns;   /* idle connections of this multi, shared by its tracers */
  int open_loop;
  ht_sched sched;    /* open loop: this thread's share of the rate */
  int timer_fd;      /* open loop: wakes the poll when a request is due */
  int64_t armed_us;  /* the time timer_fd is set to, -1 when disarmed */
};

struct ht_load {
  ht_load_config cfg;
  atomic_uint_fast64_t issued, next_id, done, errors;
  atomic_int running;
  int64_t start_us, deadline_us;
  int nthreads;
  load_thread *threads;
};

static int64_t now_us(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* A redirect's hop enters the statistics once the request went on to
 * another hop: without -L the 3xx is the response, and done reports the
 * same hop again. */
static void on_hop_end(load_slot *slot, const ht_event *ev) {
  if (slot->has_redirect && ev->hop > slot->redirect.hop) ht_stats_add(slot->th->stats, &slot->redirect, 0);
  slot->has_redirect = ev->kind == HT_REDIRECT;
  if (slot->has_redirect) {
    slot->redirect = *ev;
    slot->redirect.location = NULL;
  }
}

static void on_event(const ht_event *ev, void *user) {
  load_slot *slot = user;
  ht_load *ld = slot->th->ld;
  if (ld->cfg.events) ht_json_sink(ev, ld->cfg.events);
  if (ld->cfg.chrome) ht_chrome_sink(ev, ld->cfg.chrome);
  if (ev->kind == HT_REDIRECT || ev->kind == HT_DONE) on_hop_end(slot, ev);
  if (ev->kind != HT_DONE) return;
  ht_stats_add(slot->th->stats, ev, slot->queued_us);
  if (ld->cfg.csv) ht_csv_row(ld->cfg.csv, ev, slot->queued_us);
  atomic_fetch_add(&ld->done, 1);
  if (ev->error) atomic_fetch_add(&ld->errors, 1);
}

/* May one more request start? Closed loop by budget or by deadline. */
static int closed_may_start(ht_load *ld) {
  if (ld->cfg.requests) return atomic_fetch_add(&ld->issued, 1) < ld->cfg.requests;
  return now_us() < ld->deadline_us;
}

static int start(load_thread *th, load_slot *slot, int64_t queued_us) {
  slot->queued_us = queued_us;
  uint64_t id = atomic_fetch_add(&th->ld->next_id, 1);
  if (!slot->tr) {
    slot->untraced_id = id;
    if (curl_multi_add_handle(th->multi, slot->easy) != CURLM_OK) return -1;
  } else {
    ht_set_next_id(slot->tr, id);
    if (ht_multi_add(slot->tr, th->multi) != CURLM_OK) return -1;
  }
  slot->busy = 1;
  th->busy++;
  return 0;
}

/* Open loop: starts every due request that has a free handle. */
static void open_launch(load_thread *th, int64_t now) {
  for (int i = 0; i < th->nslots; i++) {
    if (!sched_pending(&th->sched)) return;
    int64_t due = sched_due(&th->sched, th->sched.next_k);
    if (due > now) return;
    if (th->slots[i].busy) continue;
    start(th, &th->slots[i], now - due); /* a request libcurl refused is lost */
    th->sched.next_k++;
  }
}

/* The baseline's done: what any client reads after a transfer anyway. */
static void untraced_done(load_slot *slot, CURLcode result) {
  ht_event ev = {.kind = HT_DONE, .req = slot->untraced_id, .error = result};
  curl_off_t total = 0, bytes = 0;
  curl_easy_getinfo(slot->easy, CURLINFO_RESPONSE_CODE, &ev.status);
  curl_easy_getinfo(slot->easy, CURLINFO_TOTAL_TIME_T, &total);
  curl_easy_getinfo(slot->easy, CURLINFO_SIZE_DOWNLOAD_T, &bytes);
  ev.total_us = ev.t_us = total;
  ev.bytes = bytes;
  ev.phases.dns_at = ev.phases.connect_at = ev.phases.tls_at = -1;
  ev.phases.server_at = ev.phases.transfer_at = -1;
  if (result) {
    ev.error_kind = ht_error_kind(result);
    ev.error_msg = slot->errbuf[0] ? slot->errbuf : curl_easy_strerror(result);
  }
  on_event(&ev, slot);
}

static void reap(load_thread *th) {
  CURLMsg *msg;
  int left;
  while ((msg = curl_multi_info_read(th->multi, &left))) {
    if (msg->msg != CURLMSG_DONE) continue;
    load_slot *slot = NULL;
    curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, (char **)&slot);
    CURLcode result = msg->data.result;
    /* before removing: put_idle_conn reads the kept connection from the multi */
    if (slot->tr)
      ht_finish(slot->tr, result);
    else
      untraced_done(slot, result);
    curl_multi_remove_handle(th->multi, msg->easy_handle);
    slot->busy = 0;
    th->busy--;
    if (!th->open_loop && closed_may_start(th->ld)) start(th, slot, 0);
  }
}

/* Waits for socket activity, libcurl's own timers, or (open loop) the next
 * request's due time. curl_multi_poll's timeout is in whole milliseconds,
 * which would send nearly every request late; the timerfd among the polled
 * descriptors wakes it at the due microsecond instead. */
static void wait_for_work(load_thread *th) {
  struct curl_waitfd timer = {.fd = th->timer_fd, .events = POLLIN};
  int64_t wake = th->open_loop ? sched_wake(&th->sched, th->nslots - th->busy) : -1;
  if (wake >= 0 && wake <= now_us()) return; /* due already */
  if (wake != th->armed_us) {
    struct itimerspec its = {.it_value = sched_timespec(wake)};
    if (wake < 0) its.it_value.tv_nsec = 0; /* all zeros: disarm */
    if (timerfd_settime(th->timer_fd, TFD_TIMER_ABSTIME, &its, NULL) == 0) th->armed_us = wake;
  }
  curl_multi_poll(th->multi, th->open_loop ? &timer : NULL, th->open_loop, 100, NULL);
  if (timer.revents & POLLIN) {
    uint64_t expirations;
    if (read(th->timer_fd, &expirations, sizeof expirations) > 0) th->armed_us = -1;
  }
}

static void *thread_main(void *arg) {
  load_thread *th = arg;
  if (th->open_loop)
    th->sched.t0_us = th->ld->start_us + (int64_t)(1e6 * th->index / th->ld->cfg.rate);
  th->sched.deadline_us = th->ld->deadline_us;
  if (!th->open_loop)
    for (int i = 0; i < th->nslots && closed_may_start(th->ld); i++) start(th, &th->slots[i], 0);
  for (;;) {
    if (th->open_loop) open_launch(th, now_us());
    if (!th->busy && (!th->open_loop || !sched_pending(&th->sched))) break;
    int running = 0;
    curl_multi_perform(th->multi, &running);
    reap(th);
    wait_for_work(th);
  }
  atomic_fetch_sub(&th->ld->running, 1);
  return NULL;
}

static int slot_setup(ht_load *ld, load_thread *th, load_slot *slot) {
  ht_hooks hooks = {0};
  hooks.done = hooks.redirect = on_event; /* statistics per hop */
  if (ld->cfg.events) ht_hooks_all(&hooks, on_event);
  slot->th = th;
  slot->easy = curl_easy_init();
  if (!slot->easy) return -1;
  if (!ld->cfg.no_trace && !(slot->tr = ht_attach(slot->easy, &hooks, slot))) return -1;
  ht_share_conns(slot->tr, th->conns);
  if (!slot->tr && curl_easy_setopt(slot->easy, CURLOPT_ERRORBUFFER, slot->errbuf) != CURLE_OK)
    return -1;
  if (slot->tr && ld->cfg.precise && ht_set_precise(slot->tr, 1) != CURLE_OK) return -1;
  if (ld->cfg.setup(slot->easy, ld->cfg.setup_user) != 0) return -1;
  curl_easy_setopt(slot->easy, CURLOPT_PRIVATE, slot);
  return 0;
}

static void thread_free(load_thread *th) {
  for (int i = 0; th->slots && i < th->nslots; i++) {
    ht_detach(th->slots[i].tr);
    if (th->slots[i].easy) curl_easy_cleanup(th->slots[i].easy);
  }
  free(th->slots);
  if (th->multi) curl_multi_cleanup(th->multi);
  ht_conns_free(th->conns);
  if (th->timer_fd >= 0) close(th->timer_fd);
  ht_stats_free(th->stats);
}

static int thread_setup(ht_load *ld, load_thread *th, int index) {
  int c = ld->cfg.concurrency, t = ld->nthreads;
  th->ld = ld;
  th->index = index;
  th->nslots = c / t + (index < c % t);
  th->open_loop = ld->cfg.rate > 0;
  th->sched.rate = ld->cfg.rate / t;
  th->timer_fd = -1;
  th->armed_us = -1;
  if (th->open_loop && (th->timer_fd = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC)) < 0)
    return -1;
  th->slots = calloc((size_t)th->nslots, sizeof *th->slots);
  th->stats = ht_stats_new();
  th->multi = curl_multi_init();
  if (!th->slots || !th->stats || !th->multi) return -1;
  if (!ld->cfg.no_trace && !(th->conns = ht_conns_new(th->nslots))) return -1;
  /* libcurl's cache keeps 4 connections per handle *added*: in the open
   * loop few are in flight, so it would close connections and reconnect.
   * One connection per handle is what the run may use, and keep. */
  if (curl_multi_setopt(th->multi, CURLMOPT_MAXCONNECTS, (long)th->nslots) != CURLM_OK) return -1;
  for (int i = 0; i < th->nslots; i++)
    if (slot_setup(ld, th, &th->slots[i]) != 0) return -1;
  return 0;
}

static const char *check_config(const ht_load_config *cfg) {
  if (!cfg->setup) return "no setup function";
  if (cfg->threads < 1) return "threads must be at least 1";
  if (cfg->concurrency < cfg->threads) return "concurrency must be at least the number of threads";
  if (cfg->rate < 0 || !isfinite(cfg->rate)) return "rate must be positive";
  if (cfg->rate > 0 && cfg->duration_s <= 0) return "a rate needs a duration";
  if (cfg->rate == 0 && cfg->requests == 0 && cfg->duration_s <= 0)
    return "give a number of requests or a duration";
  if (cfg->no_trace && (cfg->events || cfg->chrome)) return "events need tracing";
  return NULL;
}

static void load_free(ht_load *ld, int started) {
  for (int i = 0; i < ld->nthreads; i++) {
    if (i < started) pthread_join(ld->threads[i].tid, NULL);
    thread_free(&ld->threads[i]);
  }
  free(ld->threads);
  free(ld);
}

ht_load *ht_load_start(const ht_load_config *cfg, const char **err) {
  *err = check_config(cfg);
  if (*err) return NULL;
  ht_load *ld = calloc(1, sizeof *ld);
  if (!ld || !(ld->threads = calloc((size_t)cfg->threads, sizeof *ld->threads))) {
    free(ld);
    *err = "out of memory";
    return NULL;
  }
  ld->cfg = *cfg;
  ld->nthreads = cfg->threads;
  for (int i = 0; i < ld->nthreads; i++) ld->threads[i].timer_fd = -1; /* freed if setup fails */
  atomic_init(&ld->next_id, 1);
  for (int i = 0; i < ld->nthreads; i++)
    if (thread_setup(ld, &ld->threads[i], i) != 0) {
      load_free(ld, 0);
      *err = "cannot set up the curl handles";
      return NULL;
    }
  ld->start_us = now_us();
  ld->deadline_us = ld->start_us + (int64_t)(cfg->duration_s * 1e6);
  atomic_init(&ld->running, ld->nthreads);
  for (int i = 0; i < ld->nthreads; i++)
    if (pthread_create(&ld->threads[i].tid, NULL, thread_main, &ld->threads[i]) != 0) {
      ld->deadline_us = 0; /* the started ones stop at once */
      atomic_fetch_sub(&ld->running, ld->nthreads - i);
      atomic_store(&ld->issued, cfg->requests);
      load_free(ld, i);
      *err = "cannot start a thread";
      return NULL;
    }
  return ld;
}

void ht_load_progress(const ht_load *ld, uint64_t *done, uint64_t *errors) {
  *done = atomic_load(&((ht_load *)ld)->done);
  *errors = atomic_load(&((ht_load *)ld)->errors);
}

int ht_load_running(const ht_load *ld) { return atomic_load(&((ht_load *)ld)->running) > 0; }

ht_stats *ht_load_wait(ht_load *ld, double *elapsed_s) {
  ht_stats *all = ht_stats_new();
  for (int i = 0; i < ld->nthreads; i++) pthread_join(ld->threads[i].tid, NULL);
  *elapsed_s = (double)(now_us() - ld->start_us) / 1e6;
  for (int i = 0; i < ld->nthreads; i++)
    if (all) ht_stats_merge(all, ld->threads[i].stats);
  load_free(ld, 0); /* already joined */
  return all;
}
