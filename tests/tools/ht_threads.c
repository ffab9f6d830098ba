/* ht_threads.c: a libcurl program that knows nothing of httptrace, for
 * tests/httptrace_preload.t. THREADS threads at once each run REQUESTS
 * transfers of URL: half on one easy handle with curl_easy_perform, half on
 * a curl_easy_duphandle copy of it, then one more after curl_easy_reset.
 * Each handle's header callback is set before its first transfer and
 * counts status lines; the program prints one line per thread and exits 0
 * only if every transfer succeeded and the callback saw each one.
 *   ht_threads URL THREADS REQUESTS */
#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAX_THREADS = 16 };

typedef struct worker {
  const char *url;
  int requests;
  int transfers, failed, status_lines;
} worker;

static size_t on_header(char *buf, size_t size, size_t n, void *user) {
  worker *w = user;
  if (size * n >= 5 && memcmp(buf, "HTTP/", 5) == 0) w->status_lines++;
  return size * n;
}

static size_t discard(char *buf, size_t size, size_t n, void *user) {
  (void)buf;
  (void)user;
  return size * n;
}

static void setup(CURL *easy, worker *w) {
  curl_easy_setopt(easy, CURLOPT_HEADERFUNCTION, on_header);
  curl_easy_setopt(easy, CURLOPT_HEADERDATA, w);
  curl_easy_setopt(easy, CURLOPT_WRITEFUNCTION, discard);
  curl_easy_setopt(easy, CURLOPT_URL, w->url);
}

static void run(CURL *easy, worker *w, int times) {
  for (int i = 0; i < times; i++) {
    w->transfers++;
    if (curl_easy_perform(easy) != CURLE_OK) w->failed++;
  }
}

static void *work(void *arg) {
  worker *w = arg;
  CURL *easy = curl_easy_init();
  if (!easy) {
    w->failed = 1;
    return NULL;
  }
  setup(easy, w);
  run(easy, w, w->requests / 2);
  CURL *copy = curl_easy_duphandle(easy);
  if (copy) run(copy, w, w->requests - w->requests / 2);
  else w->failed++;
  curl_easy_reset(easy);
  setup(easy, w);
  run(easy, w, 1);
  curl_easy_cleanup(copy);
  curl_easy_cleanup(easy);
  return NULL;
}

int main(int argc, char **argv) {
  if (argc != 4) {
    fputs("usage: ht_threads URL THREADS REQUESTS\n", stderr);
    return 2;
  }
  int threads = atoi(argv[2]), requests = atoi(argv[3]), bad = 0;
  if (threads < 1 || threads > MAX_THREADS || requests < 1) return 2;
  curl_global_init(CURL_GLOBAL_DEFAULT);
  worker w[MAX_THREADS];
  pthread_t tid[MAX_THREADS];
  for (int i = 0; i < threads; i++) {
    w[i] = (worker){argv[1], requests, 0, 0, 0};
    if (pthread_create(&tid[i], NULL, work, &w[i]) != 0) return 1;
  }
  for (int i = 0; i < threads; i++) {
    pthread_join(tid[i], NULL);
    printf("thread %d: %d transfers, %d failed, %d status lines\n", i, w[i].transfers,
           w[i].failed, w[i].status_lines);
    bad |= w[i].failed || w[i].status_lines != w[i].transfers;
  }
  curl_global_cleanup();
  return bad;
}
