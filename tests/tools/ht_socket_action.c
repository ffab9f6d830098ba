/* ht_socket_action.c: a libcurl program driven the way event-loop
 * applications drive it (curl_multi_socket_action with socket and timer
 * callbacks, poll(2) as the loop), for tests/httptrace_preload.t: N
 * transfers of URL at once on one multi handle. Prints "done N ok M" and
 * exits 0 when every transfer succeeded.
 *   ht_socket_action URL N */
#include <curl/curl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>

enum { MAX_FDS = 64, MAX_XFERS = 32 };

typedef struct loop {
  struct pollfd fds[MAX_FDS];
  int nfds;
  long timeout_ms; /* -1: no timer */
} loop;

/* Keeps the poll set in step with what libcurl wants to watch. */
static int on_socket(CURL *easy, curl_socket_t s, int what, void *user, void *socketp) {
  (void)easy;
  (void)socketp;
  loop *lp = user;
  int i = 0;
  while (i < lp->nfds && lp->fds[i].fd != s) i++;
  if (what == CURL_POLL_REMOVE) {
    if (i < lp->nfds) lp->fds[i] = lp->fds[--lp->nfds];
    return 0;
  }
  if (i == lp->nfds) {
    if (lp->nfds == MAX_FDS) return -1;
    lp->nfds++;
  }
  lp->fds[i].fd = s;
  lp->fds[i].events = (short)((what & CURL_POLL_IN ? POLLIN : 0) | (what & CURL_POLL_OUT ? POLLOUT : 0));
  return 0;
}

static int on_timer(CURLM *multi, long timeout_ms, void *user) {
  (void)multi;
  ((loop *)user)->timeout_ms = timeout_ms;
  return 0;
}

static size_t discard(char *buf, size_t size, size_t n, void *user) {
  (void)buf;
  (void)user;
  return size * n;
}

/* One round: wait, then tell libcurl which sockets are ready (or that the
 * timer expired). */
static void step(CURLM *multi, loop *lp, int *running) {
  int ready = poll(lp->fds, (nfds_t)lp->nfds, lp->timeout_ms < 0 ? 100 : (int)lp->timeout_ms);
  if (ready <= 0) {
    curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, running);
    return;
  }
  struct pollfd snap[MAX_FDS];
  int n = lp->nfds;
  for (int i = 0; i < n; i++) snap[i] = lp->fds[i];
  for (int i = 0; i < n; i++) {
    int ev = (snap[i].revents & POLLIN ? CURL_CSELECT_IN : 0) |
             (snap[i].revents & POLLOUT ? CURL_CSELECT_OUT : 0) |
             (snap[i].revents & (POLLERR | POLLHUP) ? CURL_CSELECT_ERR : 0);
    if (ev) curl_multi_socket_action(multi, snap[i].fd, ev, running);
  }
}

int main(int argc, char **argv) {
  int n = argc == 3 ? atoi(argv[2]) : 0, running = 0, done = 0, ok = 0, queued;
  if (n < 1 || n > MAX_XFERS) {
    fputs("usage: ht_socket_action URL N (1..32)\n", stderr);
    return 2;
  }
  curl_global_init(CURL_GLOBAL_DEFAULT);
  CURLM *multi = curl_multi_init();
  loop lp = {.nfds = 0, .timeout_ms = -1};
  curl_multi_setopt(multi, CURLMOPT_SOCKETFUNCTION, on_socket);
  curl_multi_setopt(multi, CURLMOPT_SOCKETDATA, &lp);
  curl_multi_setopt(multi, CURLMOPT_TIMERFUNCTION, on_timer);
  curl_multi_setopt(multi, CURLMOPT_TIMERDATA, &lp);
  CURL *easy[MAX_XFERS];
  for (int i = 0; i < n; i++) {
    easy[i] = curl_easy_init();
    curl_easy_setopt(easy[i], CURLOPT_URL, argv[1]);
    curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, discard);
    curl_multi_add_handle(multi, easy[i]);
  }
  curl_multi_socket_action(multi, CURL_SOCKET_TIMEOUT, 0, &running);
  for (int rounds = 0; done < n && rounds < 100000; rounds++) {
    step(multi, &lp, &running);
    CURLMsg *msg;
    while ((msg = curl_multi_info_read(multi, &queued)) != NULL)
      if (msg->msg == CURLMSG_DONE) done++, ok += msg->data.result == CURLE_OK;
  }
  for (int i = 0; i < n; i++) {
    curl_multi_remove_handle(multi, easy[i]);
    curl_easy_cleanup(easy[i]);
  }
  curl_multi_cleanup(multi);
  curl_global_cleanup();
  printf("done %d ok %d\n", done, ok);
  return ok == n ? 0 : 1;
}
