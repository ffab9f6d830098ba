/* ht_faultserver.c: a small HTTP/1.1 server on loopback that misbehaves on
 * purpose, for httptrace's tests:
 *   /ok              200 "hello\n" (keep-alive)
 *   /slow?ms=N       waits N ms before the first byte, then 200
 *   /reset           reads the request, then resets the connection (RST)
 *   /truncated       promises 100 bytes, sends 10, closes
 *   /early           103 Early Hints, then 200
 *   /continue        100 Continue, then 200
 *   /redirect/N      302 to /redirect/N-1; /redirect/0 is 200
 *   /weird           a status code of 22 digits
 *   /longloc         302 with a 600-byte Location
 *   /http09          no status line at all ("hello"), then closes
 *   /cutheaders      "HTTP/1.1 200 OK", half a header line, then closes
 *   /flaky           every other request (server-wide) is reset, the others
 *                    answered 200 with Connection: close (no client retries)
 *   /head            answers 200 with the request's head (request line and
 *                    headers) as the body
 *   /echo            answers 200 with the request body (Content-Length only);
 *                    with "Expect: 100-continue" sends 100 Continue first
 * An absolute URL in the request line ("GET http://host/ok", as sent to a
 * proxy) is served by its path, so the server also stands in for a proxy.
 * Usage: ht_faultserver [--max-seconds S] [--max-conns N]: prints its port on
 * stdout, serves until S seconds passed (default 30) or N connections were
 * accepted (default 1000). `ht_faultserver --free-port` prints a free
 * loopback port and exits (for starting nginx); `ht_faultserver --probe P`
 * exits 0 when something accepts connections on 127.0.0.1:P.
 * Invariant: binds 127.0.0.1 only, and always ends by itself (alarm). */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static int listen_loopback(int *port) {
  int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t len = sizeof a;
  if (fd < 0) return -1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  if (bind(fd, (struct sockaddr *)&a, sizeof a) || listen(fd, 128) ||
      getsockname(fd, (struct sockaddr *)&a, &len)) {
    close(fd);
    return -1;
  }
  *port = ntohs(a.sin_port);
  return fd;
}

static int send_all(int fd, const char *buf, size_t len) {
  while (len) {
    ssize_t n = send(fd, buf, len, MSG_NOSIGNAL);
    if (n <= 0) return -1;
    buf += n;
    len -= (size_t)n;
  }
  return 0;
}

static int send_str(int fd, const char *s) { return send_all(fd, s, strlen(s)); }

static int ok_response(int fd) {
  return send_str(fd, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 6\r\n\r\nhello\n");
}

/* Reads one request head into buf; returns its length, 0 on EOF/error.
 * Bytes read past the head (the start of a body) stay in buf after it. */
static size_t read_request(int fd, char *buf, size_t cap) {
  size_t used = 0;
  while (used + 1 < cap) {
    ssize_t n = recv(fd, buf + used, cap - 1 - used, 0);
    if (n <= 0) return 0;
    used += (size_t)n;
    buf[used] = '\0';
    if (strstr(buf, "\r\n\r\n")) return used;
  }
  return 0;
}

/* The value of a request header (case-insensitive name), or NULL. */
static const char *header_value(const char *req, const char *name) {
  size_t n = strlen(name);
  for (const char *p = strstr(req, "\r\n"); p && p[2] != '\r'; p = strstr(p + 2, "\r\n"))
    if (strncasecmp(p + 2, name, n) == 0 && p[2 + n] == ':') return p + 3 + n;
  return NULL;
}

/* /echo: reads the Content-Length body (part may already be in req after
 * the head) and sends it back. */
static int echo(int fd, const char *req, size_t got) {
  const char *cl = header_value(req, "Content-Length"), *expect = header_value(req, "Expect");
  long len = cl ? strtol(cl, NULL, 10) : 0;
  if (len < 0 || len > 64L << 20) return -1;
  size_t head = (size_t)(strstr(req, "\r\n\r\n") + 4 - req), have = got - head;
  if (expect && strncasecmp(expect + strspn(expect, " "), "100-continue", 12) == 0 && !have &&
      send_str(fd, "HTTP/1.1 100 Continue\r\n\r\n"))
    return -1;
  char *body = malloc((size_t)len + 1);
  if (!body) return -1;
  memcpy(body, req + head, have < (size_t)len ? have : (size_t)len);
  while (have < (size_t)len) {
    ssize_t n = recv(fd, body + have, (size_t)len - have, 0);
    if (n <= 0) return free(body), -1;
    have += (size_t)n;
  }
  char top[128];
  snprintf(top, sizeof top, "HTTP/1.1 200 OK\r\nContent-Length: %ld\r\n\r\n", len);
  int rc = send_str(fd, top) || send_all(fd, body, (size_t)len) ? -1 : 0;
  free(body);
  return rc;
}

static void reset(int fd) {
  struct linger lg = {1, 0}; /* close() now sends RST */
  setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
}

static int redirect(int fd, const char *path) {
  long n = strtol(path + strlen("/redirect/"), NULL, 10);
  if (n <= 0) return ok_response(fd);
  char head[256];
  snprintf(head, sizeof head,
           "HTTP/1.1 302 Found\r\nLocation: /redirect/%ld\r\nContent-Length: 0\r\n\r\n", n - 1);
  return send_str(fd, head);
}

static int slow(int fd, const char *path) {
  const char *q = strstr(path, "ms=");
  long ms = q ? strtol(q + 3, NULL, 10) : 1000;
  if (ms < 0 || ms > 20000) ms = 1000;
  struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
  nanosleep(&ts, NULL);
  return ok_response(fd);
}

/* Answers one request; returns 0 to keep the connection, -1 to close it. */
static int answer(int fd, const char *path, const char *req, size_t got) {
  if (strncmp(path, "/ok", 3) == 0) return ok_response(fd);
  if (strncmp(path, "/echo", 5) == 0) return echo(fd, req, got);
  if (strncmp(path, "/head", 5) == 0) {
    char top[128];
    size_t len = (size_t)(strstr(req, "\r\n\r\n") + 4 - req);
    snprintf(top, sizeof top, "HTTP/1.1 200 OK\r\nContent-Length: %zu\r\n\r\n", len);
    return send_str(fd, top) || send_all(fd, req, len) ? -1 : 0;
  }
  if (strncmp(path, "/flaky", 6) == 0) {
    static unsigned long served;
    if (__atomic_fetch_add(&served, 1, __ATOMIC_RELAXED) % 2 == 0) return reset(fd), -1;
    send_str(fd, "HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 6\r\n\r\nhello\n");
    return -1;
  }
  if (strncmp(path, "/http09", 7) == 0) return send_str(fd, "hello\n"), -1;
  if (strncmp(path, "/cutheaders", 11) == 0)
    return send_str(fd, "HTTP/1.1 200 OK\r\nContent-Le"), -1;
  if (strncmp(path, "/slow", 5) == 0) return slow(fd, path);
  if (strncmp(path, "/redirect/", 10) == 0) return redirect(fd, path);
  if (strncmp(path, "/early", 6) == 0)
    return send_str(fd, "HTTP/1.1 103 Early Hints\r\nLink: </s.css>; rel=preload\r\n\r\n") ||
           ok_response(fd);
  if (strncmp(path, "/continue", 9) == 0)
    return send_str(fd, "HTTP/1.1 100 Continue\r\n\r\n") || ok_response(fd);
  if (strncmp(path, "/weird", 6) == 0) {
    char head[1024];
    snprintf(head, sizeof head, "HTTP/1.1 3000000000000000000000 Odd\r\nContent-Length: 0\r\n\r\n");
    return send_str(fd, head);
  }
  if (strncmp(path, "/longloc", 8) == 0) {
    char head[1024];
    snprintf(head, sizeof head, "HTTP/1.1 302 Found\r\nLocation: /%0600d\r\nContent-Length: 0\r\n\r\n", 0);
    return send_str(fd, head);
  }
  if (strncmp(path, "/reset", 6) == 0) {
    reset(fd);
    return -1;
  }
  if (strncmp(path, "/truncated", 10) == 0) {
    send_str(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789");
    return -1;
  }
  send_str(fd, "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n");
  return 0;
}

static void *serve(void *arg) {
  int fd = (int)(intptr_t)arg;
  char req[8192], path[1024];
  size_t got;
  while ((got = read_request(fd, req, sizeof req))) {
    if (sscanf(req, "%*s %1023s", path) != 1) break;
    const char *p = path;
    if (strncmp(p, "http://", 7) == 0) p = strchr(p + 7, '/') ? strchr(p + 7, '/') : "/";
    if (answer(fd, p, req, got) != 0) break;
  }
  close(fd);
  return NULL;
}

static long arg_value(int argc, char **argv, const char *name, long dflt) {
  for (int i = 1; i + 1 < argc; i++)
    if (strcmp(argv[i], name) == 0) return strtol(argv[i + 1], NULL, 10);
  return dflt;
}

static int probe(const char *port_text) {
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
                          .sin_port = htons((uint16_t)strtol(port_text, NULL, 10))};
  int rc = fd >= 0 && connect(fd, (struct sockaddr *)&a, sizeof a) == 0 ? 0 : 1;
  if (fd >= 0) close(fd);
  return rc;
}

/* The lifetime limit is a safety net, not a failure: end quietly (the shell
 * would print "Alarm clock" for a process killed by SIGALRM). */
static void lifetime_over(int sig) {
  (void)sig;
  _exit(0);
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--probe") == 0) return probe(argv[2]);
  int port, fd = listen_loopback(&port);
  if (fd < 0) {
    perror("ht_faultserver: listen");
    return 1;
  }
  printf("%d\n", port);
  fflush(stdout);
  if (argc > 1 && strcmp(argv[1], "--free-port") == 0) return close(fd), 0;
  signal(SIGALRM, lifetime_over);
  alarm((unsigned)arg_value(argc, argv, "--max-seconds", 30));
  for (long conns = arg_value(argc, argv, "--max-conns", 1000); conns > 0; conns--) {
    int c = accept(fd, NULL, NULL);
    pthread_t t;
    if (c < 0) continue;
    if (pthread_create(&t, NULL, serve, (void *)(intptr_t)c) != 0) {
      close(c);
      continue;
    }
    pthread_detach(t);
  }
  sleep(1); /* let the last connections finish */
  return 0;
}
