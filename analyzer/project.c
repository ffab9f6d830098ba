/* project.c: turns PATH... (and -p DIR, and `-- FLAGS`) into parse jobs.
 * Invariant: every job's file is an absolute path to a readable text file,
 * or the job says why not (frontend_job.unusable: a compile database entry
 * for a file since deleted or run in a folder since removed, a binary or
 * unreadable .c) and is reported as
 * that TU's error while the others are analysed, as a file that does not
 * compile is; at least one job is usable. Jobs are sorted by file, then by
 * meaningful flags, with no (file, meaningful flags) pair twice: a file
 * built twice with different macros (a library's and a tool's copy) is two
 * TUs, a file built twice with the same ones (libtool's PIC and non-PIC
 * objects) is one. */
#include "project.h"
#include "base/json_read.h"
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

typedef VEC(const char *) str_vec;

typedef struct loader {
  project *proj;
  const ca_options *opt;
  char *err;
  size_t errlen;
  ca_status first_status; /* the first unusable job's, and its one-line message: */
  const char *first_err;  /* what the run fails with when no job is usable */
} loader;

static ca_status failf(loader *l, ca_status s, const char *path, const char *what) {
  snprintf(l->err, l->errlen, "%s: %s", path, what);
  return s;
}

static bool ends_with(const char *s, const char *suffix) {
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcmp(s + n - m, suffix) == 0;
}

static const char *path_error(int e) {
  return e == ELOOP ? "symbolic link loop" : strerror(e);
}

/* A .c file must be readable text: a NUL byte in its first 4 KiB means a
 * binary file that only carries the name. *what: why not. */
static ca_status check_source(const char *file, const char **what) {
  int fd = open(file, O_RDONLY);
  if (fd < 0) return *what = path_error(errno), errno == ENOENT ? CA_ERR_NOENT : CA_ERR_IO;
  char buf[4096];
  ssize_t n = read(fd, buf, sizeof buf);
  int e = errno;
  close(fd);
  if (n < 0) return *what = strerror(e), CA_ERR_IO;
  if (memchr(buf, 0, (size_t)n)) return *what = "binary file, not C source", CA_ERR_INPUT;
  return CA_OK;
}

/* Job j cannot be parsed: its one diagnostic, what, is at file:line:col
 * (the compile database entry, or the file itself), and msg (a whole
 * "path: what" line) is what the run fails with if no job can be
 * parsed. */
static ca_status set_unusable(loader *l, frontend_job *j, ca_status s, const char *file,
                              unsigned line, unsigned col, const char *what, const char *msg) {
  arena *a = l->proj->arena;
  j->unusable = (facts_diag){.file = file, .line = line, .col = col, .severity = "error",
                             .message = arena_printf(a, "%s; not analysed", what)};
  if (!j->unusable.message) return failf(l, CA_ERR_NOMEM, j->file, "out of memory");
  if (!l->first_err) l->first_status = s, l->first_err = msg;
  return CA_OK;
}

/* ---- meaningful flags ---- */

/* Options that change what the preprocessor and the parser see. value: the
 * option has a value, attached ("-DX", "-isystemDIR", "-std=c99") or in the
 * next argument ("-D X", "-include cfg.h"); the others match exactly. */
typedef struct opt_rule { const char *name; bool value; } opt_rule;
static const opt_rule meaningful[] = {
    {"-D", true}, {"-U", true}, {"-I", true}, {"-include", true}, {"-imacros", true},
    {"-isystem", true}, {"-iquote", true}, {"-idirafter", true}, {"-isysroot", true},
    {"--sysroot", true}, {"-std", true}, {"--std", true}, {"-x", true}, {"-target", true},
    {"--target", true}, {"-ansi", false}, {"-m32", false}, {"-m64", false}, {"-mx32", false},
    {"-funsigned-char", false}, {"-fsigned-char", false}, {"-nostdinc", false},
    {"-trigraphs", false}, {NULL, false}};

/* Is arg meaningful; *next: its value is the next argument. */
static bool is_meaningful(const char *arg, bool *next) {
  for (const opt_rule *r = meaningful; r->name; r++) {
    size_t n = strlen(r->name);
    if (strncmp(arg, r->name, n) != 0 || (arg[n] && !r->value)) continue;
    *next = r->value && arg[n] == 0;
    return true;
  }
  return false;
}

static bool position_independent(const char *const *args, int nargs) {
  for (int i = 0; i < nargs; i++)
    if (!strcmp(args[i], "-fPIC") || !strcmp(args[i], "-fpic") || !strcmp(args[i], "-fPIE") ||
        !strcmp(args[i], "-fpie"))
      return true;
  return false;
}

static char *append(char *w, char sep, const char *text) {
  size_t n = strlen(text);
  *w++ = sep;
  memcpy(w, text, n);
  return w + n;
}

/* The working directory and the meaningful arguments, in order, joined by
 * newlines. Everything else (-o, -MF, -O2, -g, -W..., -fPIC, -fvisibility)
 * changes the object file, not the code. libtool compiles each file of a
 * shared library twice, once with its PIC flags "-fPIC -DPIC": with -fPIC
 * present, -DPIC is part of them, not of the code's configuration. */
static const char *meaning_of(arena *a, const char *dir, const char *const *args, int nargs) {
  bool pic = position_independent(args, nargs);
  size_t len = strlen(dir ? dir : "") + 2;
  for (int i = 0; i < nargs; i++) len += strlen(args[i]) + 1;
  char *s = arena_alloc(a, len), *w = s;
  if (!s) return NULL;
  w = append(w, '@', dir ? dir : "");
  for (int i = 0; i < nargs; i++) {
    bool next = false;
    if (!is_meaningful(args[i], &next)) continue;
    bool pic_macro = !strcmp(args[i], "-DPIC") || (!strcmp(args[i], "-D") && i + 1 < nargs &&
                                                   !strcmp(args[i + 1], "PIC"));
    if (pic && pic_macro) {
      i += next;
      continue;
    }
    w = append(w, '\n', args[i]);
    if (next && i + 1 < nargs) w = append(w, ' ', args[++i]);
  }
  *w = 0;
  return s;
}

static ca_status add_job(loader *l, const char *file, const char *dir, const char *const *args,
                         int nargs) {
  frontend_job job = {.file = arena_strdup(l->proj->arena, file), .directory = dir, .args = args,
                      .nargs = nargs, .meaning = meaning_of(l->proj->arena, dir, args, nargs),
                      .order = l->proj->jobs.len};
  if (!job.meaning) return failf(l, CA_ERR_NOMEM, file, "out of memory");
  if (!job.file || !VEC_PUSH(l->proj->arena, &l->proj->jobs, job))
    return failf(l, CA_ERR_NOMEM, file, "out of memory");
  return CA_OK;
}

/* ---- directory walk (no compile database) ---- */

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static ca_status walk(loader *l, const char *dir, int depth);

static ca_status walk_entry(loader *l, const char *path, int depth) {
  struct stat st;
  if (lstat(path, &st) != 0) return failf(l, CA_ERR_IO, path, strerror(errno));
  if (S_ISLNK(st.st_mode)) {
    /* Links are followed to files only: following links to folders is how
     * walks loop forever. A link that loops is an error worth reporting. */
    if (stat(path, &st) != 0)
      return errno == ELOOP ? failf(l, CA_ERR_INPUT, path, "symbolic link loop") : CA_OK;
    if (!S_ISREG(st.st_mode)) return CA_OK;
  }
  if (S_ISDIR(st.st_mode)) return walk(l, path, depth + 1);
  if (S_ISREG(st.st_mode) && ends_with(path, ".c"))
    return add_job(l, path, NULL, l->opt->extra_args, (int)l->opt->nextra);
  return CA_OK;
}

static ca_status walk(loader *l, const char *dir, int depth) {
  if (depth > 64) return failf(l, CA_ERR_INPUT, dir, "folders nested too deep");
  DIR *d = opendir(dir);
  if (!d) return failf(l, CA_ERR_IO, dir, strerror(errno));
  VEC(char *) names = {0};
  ca_status s = CA_OK;
  for (struct dirent *e; (e = readdir(d)) != NULL;) {
    if (e->d_name[0] == '.') continue; /* ., .., .git and other hidden folders */
    char *p = arena_printf(l->proj->arena, "%s/%s", dir, e->d_name);
    if (!p || !VEC_PUSH(l->proj->arena, &names, p)) { s = failf(l, CA_ERR_NOMEM, dir, "out of memory"); break; }
  }
  closedir(d);
  if (names.len) qsort(names.items, names.len, sizeof *names.items, cmp_str);
  for (size_t i = 0; s == CA_OK && i < names.len; i++) s = walk_entry(l, names.items[i], depth);
  return s;
}

/* ---- compile_commands.json ---- */

/* Splits a shell command line: whitespace separates, quotes group, a
 * backslash escapes the next character (outside single quotes). */
static ca_status split_command(loader *l, const char *cmd, str_vec *out) {
  arena *a = l->proj->arena;
  char *buf = arena_alloc(a, strlen(cmd) + 1);
  if (!buf) return CA_ERR_NOMEM;
  const char *p = cmd;
  while (*p) {
    while (*p == ' ' || *p == '\t' || *p == '\n') p++;
    if (!*p) break;
    char *start = buf, quote = 0;
    for (; *p && (quote || (*p != ' ' && *p != '\t' && *p != '\n')); p++) {
      if (quote && *p == quote) quote = 0;
      else if (!quote && (*p == '"' || *p == '\'')) quote = *p;
      else if (*p == '\\' && quote != '\'' && p[1]) *buf++ = *++p;
      else *buf++ = *p;
    }
    *buf++ = 0;
    if (!VEC_PUSH(a, out, start)) return CA_ERR_NOMEM;
  }
  return CA_OK;
}

/* The source file as it appears in the arguments, however it is spelled
 * (absolute, "x.c", "sub/x.c", "./sub/../sub/x.c"): same real path. */
static bool is_the_source(const char *arg, const char *dir, const char *real) {
  if (arg[0] == '-' || !ends_with(arg, ".c")) return false;
  char joined[PATH_MAX], resolved[PATH_MAX];
  int n = arg[0] == '/' ? snprintf(joined, sizeof joined, "%s", arg)
                        : snprintf(joined, sizeof joined, "%s/%s", dir, arg);
  return n > 0 && (size_t)n < sizeof joined && realpath(joined, resolved) &&
         strcmp(resolved, real) == 0;
}

/* Options that make no sense for parsing (output, dependency files) are
 * dropped; so are the compiler and the source file itself. */
static bool drop_arg(const char *arg, const char *dir, const char *real, int *skip_next) {
  static const char *const with_value[] = {"-o", "-MF", "-MT", "-MQ", NULL};
  for (int i = 0; with_value[i]; i++)
    if (strcmp(arg, with_value[i]) == 0) return *skip_next = 1, true;
  if (strcmp(arg, "-c") == 0 || strncmp(arg, "-M", 2) == 0) return true;
  return is_the_source(arg, dir, real);
}

static ca_status entry_args(loader *l, const jv *e, const char *real, const char *dir,
                            str_vec *args) {
  arena *a = l->proj->arena;
  str_vec raw = {0};
  const jv *argv = json_get(e, "arguments"), *cmd = json_get(e, "command");
  if (argv && argv->kind == JV_ARR) {
    for (size_t i = 0; i < argv->n; i++)
      if (argv->items[i]->kind == JV_STR && !VEC_PUSH(a, &raw, argv->items[i]->str)) return CA_ERR_NOMEM;
  } else if (cmd && cmd->kind == JV_STR) {
    if (split_command(l, cmd->str, &raw) != CA_OK) return CA_ERR_NOMEM;
  } else {
    return CA_ERR_COMPDB;
  }
  if (!VEC_PUSH(a, args, "-working-directory") || !VEC_PUSH(a, args, dir)) return CA_ERR_NOMEM;
  int skip = 0;
  for (size_t i = 1; i < raw.len; i++) {
    if (skip) { skip = 0; continue; }
    if (drop_arg(raw.items[i], dir, real, &skip)) continue;
    if (!VEC_PUSH(a, args, raw.items[i])) return CA_ERR_NOMEM;
  }
  return CA_OK;
}

static char *read_file(arena *a, const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  char *buf = NULL;
  if (fseek(f, 0, SEEK_END) == 0) {
    long n = ftell(f);
    rewind(f);
    if (n >= 0 && (buf = arena_alloc(a, (size_t)n + 1)) && fread(buf, 1, (size_t)n, f) == (size_t)n)
      *len = (size_t)n;
    else
      buf = NULL;
  }
  fclose(f);
  return buf;
}

/* Keeps the database entries for the C files below one of the given paths. */
static bool wanted(const project *proj, const char *const *paths, size_t n, const char *file) {
  (void)proj;
  if (!ends_with(file, ".c")) return false;
  for (size_t i = 0; i < n; i++) {
    size_t m = strlen(paths[i]);
    if (strncmp(file, paths[i], m) == 0 && (file[m] == '/' || file[m] == 0)) return true;
  }
  return false;
}

/* The real path abs would have: its folder's real path and its name (a
 * deleted file's folder often still exists), else abs as it is. */
static const char *would_be(arena *a, const char *abs) {
  const char *slash = strrchr(abs, '/');
  char *dir = slash && slash != abs ? arena_printf(a, "%.*s", (int)(slash - abs), abs) : NULL;
  char real[PATH_MAX];
  if (!dir || !realpath(dir, real)) return abs;
  const char *name = arena_printf(a, "%s/%s", strcmp(real, "/") ? real : "", slash + 1);
  return name ? name : abs;
}

/* An entry the compiler could not run today: a job for file whose one
 * diagnostic (what) is at the entry's place in db. */
static ca_status unusable_entry(loader *l, const char *db, const jv *e, const char *file, const char *what) {
  const char *msg = what ? arena_printf(l->proj->arena, "%s: %u:%u: %s", db, e->line, e->col, what) : NULL;
  ca_status s = add_job(l, file, NULL, NULL, 0);
  if (s != CA_OK) return s;
  if (!what || !msg) return failf(l, CA_ERR_NOMEM, db, "out of memory");
  return set_unusable(l, &l->proj->jobs.items[l->proj->jobs.len - 1], CA_ERR_COMPDB, db, e->line,
                      e->col, what, msg);
}

/* An entry for a file that is not there (deleted since the database was
 * written): a TU that reports it, when the file is one asked for. */
static ca_status stale_entry(loader *l, const char *db, const jv *e, const char *abs,
                             const char *const *paths, size_t n) {
  int err = errno;
  const char *file = would_be(l->proj->arena, abs);
  if (!wanted(l->proj, paths, n, file)) return CA_OK;
  return unusable_entry(l, db, e, file, arena_printf(l->proj->arena, "%s: %s", abs, path_error(err)));
}

static ca_status load_entry(loader *l, const char *db, const jv *e, const char *const *paths, size_t n) {
  arena *a = l->proj->arena;
  const jv *dir = json_get(e, "directory"), *file = json_get(e, "file");
  char where[64];
  snprintf(where, sizeof where, "%u:%u: ", e->line, e->col);
  if (e->kind != JV_OBJ || !dir || dir->kind != JV_STR || !file || file->kind != JV_STR) {
    char *msg = arena_printf(a, "%sentry needs \"directory\" and \"file\" strings", where);
    return failf(l, CA_ERR_COMPDB, db, msg ? msg : "bad entry");
  }
  char *abs = file->str[0] == '/' ? arena_strdup(a, file->str)
                                  : arena_printf(a, "%s/%s", dir->str, file->str);
  char real[PATH_MAX];
  if (!abs) return failf(l, CA_ERR_NOMEM, db, "out of memory");
  if (!realpath(abs, real)) return stale_entry(l, db, e, abs, paths, n);
  if (!wanted(l->proj, paths, n, real)) return CA_OK;
  /* the entry's working directory, where its relative -I and -include
     start: gone, libclang parses nothing and cannot say why */
  struct stat st;
  if (stat(dir->str, &st) != 0)
    return unusable_entry(l, db, e, real, arena_printf(a, "directory %s: %s", dir->str, path_error(errno)));
  if (!S_ISDIR(st.st_mode))
    return unusable_entry(l, db, e, real, arena_printf(a, "directory %s: not a folder", dir->str));
  str_vec args = {0};
  ca_status s = entry_args(l, e, real, dir->str, &args);
  if (s == CA_ERR_COMPDB) {
    char *msg = arena_printf(a, "%sentry needs \"arguments\" or \"command\"", where);
    return failf(l, s, db, msg ? msg : "bad entry");
  }
  if (s != CA_OK) return failf(l, s, db, "out of memory");
  return add_job(l, real, dir->str, args.items, (int)args.len);
}

static ca_status load_compdb(loader *l, const char *db, const char *const *paths, size_t n) {
  arena *a = l->proj->arena;
  size_t len = 0;
  char *text = read_file(a, db, &len), msg[200];
  if (!text) return failf(l, CA_ERR_COMPDB, db, errno ? strerror(errno) : "cannot read");
  jv *root = json_parse(a, text, len, msg, sizeof msg);
  if (!root) return failf(l, CA_ERR_COMPDB, db, msg);
  if (root->kind != JV_ARR) return failf(l, CA_ERR_COMPDB, db, "1:1: expected an array of entries");
  for (size_t i = 0; i < root->n; i++) {
    ca_status s = load_entry(l, db, root->items[i], paths, n);
    if (s != CA_OK) return s;
  }
  if (l->proj->jobs.len == 0) return failf(l, CA_ERR_NOINPUT, db, "no C files for the given paths");
  return CA_OK;
}

/* The first compile_commands.json in the folder dir or a folder above it,
 * as clang's tools look; NULL when there is none up to the root. */
static char *find_compdb(arena *a, const char *dir) {
  char *d = arena_strdup(a, dir);
  for (char *slash; d && *d; *slash = 0) {
    char *db = arena_printf(a, "%s/compile_commands.json", strcmp(d, "/") == 0 ? "" : d);
    if (db && access(db, F_OK) == 0) return db;
    if (strcmp(d, "/") == 0 || !(slash = strrchr(d, '/'))) break;
    if (slash == d) slash++; /* "/x" -> "/" */
  }
  return NULL;
}

static char *common_root(arena *a, char *const *reals, const bool *is_dir, size_t n) {
  char *root = arena_strdup(a, reals[0]);
  if (!root) return NULL;
  if (!is_dir[0]) *strrchr(root, '/') = 0;
  for (size_t i = 1; i < n; i++) {
    size_t m = strlen(root);
    while (m && !(strncmp(reals[i], root, m) == 0 && (reals[i][m] == '/' || reals[i][m] == 0))) {
      while (m && root[m - 1] != '/') m--;
      if (m) m--;
      root[m] = 0;
    }
  }
  return *root ? root : arena_strdup(a, "/");
}

static ca_status resolve_paths(loader *l, char **reals, bool *is_dir) {
  const ca_options *opt = l->opt;
  for (size_t i = 0; i < opt->npaths; i++) {
    const char *path = opt->paths[i];
    struct stat st;
    char real[PATH_MAX];
    if (stat(path, &st) != 0 || !realpath(path, real))
      return failf(l, errno == ENOENT ? CA_ERR_NOENT : CA_ERR_INPUT, path, path_error(errno));
    is_dir[i] = S_ISDIR(st.st_mode);
    if (!is_dir[i] && !(S_ISREG(st.st_mode) && ends_with(path, ".c")))
      return failf(l, CA_ERR_INPUT, path, "not a folder or a .c file");
    if (!(reals[i] = arena_strdup(l->proj->arena, real))) return failf(l, CA_ERR_NOMEM, path, "out of memory");
  }
  return CA_OK;
}

static int cmp_job(const void *pa, const void *pb) {
  const frontend_job *a = pa, *b = pb;
  int c = strcmp(a->file, b->file);
  if (c) return c;
  if ((c = strcmp(a->meaning, b->meaning))) return c;
  return a->order < b->order ? -1 : a->order > b->order; /* the first entry of equals wins */
}

static ca_status finish(loader *l) {
  project *proj = l->proj;
  if (proj->jobs.len == 0) return CA_ERR_NOINPUT;
  qsort(proj->jobs.items, proj->jobs.len, sizeof *proj->jobs.items, cmp_job);
  size_t out = 0;
  for (size_t i = 0; i < proj->jobs.len; i++)
    if (out == 0 || strcmp(proj->jobs.items[out - 1].file, proj->jobs.items[i].file) != 0 ||
        strcmp(proj->jobs.items[out - 1].meaning, proj->jobs.items[i].meaning) != 0)
      proj->jobs.items[out++] = proj->jobs.items[i];
  proj->jobs.len = out;
  size_t usable = 0;
  for (size_t i = 0; i < out; i++) {
    frontend_job *j = &proj->jobs.items[i];
    const char *what = NULL;
    ca_status s = j->unusable.message ? CA_ERR_INPUT : check_source(j->file, &what);
    if (s == CA_OK) {
      usable++;
      continue;
    }
    if (!what) continue; /* set when loaded */
    const char *msg = arena_printf(proj->arena, "%s: %s", j->file, what);
    if (!msg || set_unusable(l, j, s, j->file, 1, 1, what, msg) != CA_OK)
      return failf(l, CA_ERR_NOMEM, j->file, "out of memory");
  }
  if (usable) return CA_OK;
  snprintf(l->err, l->errlen, "%s", l->first_err);
  return l->first_status;
}

/* canalyze.conf in the folder of the compile database used (db), or in
 * dir without one, when it exists. */
static const char *find_config(arena *a, const char *db, const char *dir) {
  char *d = db ? arena_strdup(a, db) : NULL, *slash = d ? strrchr(d, '/') : NULL;
  if (slash) *slash = 0, dir = d;
  const char *path = dir ? arena_printf(a, "%s/%s", dir, CA_CONFIG_NAME) : NULL;
  return path && access(path, F_OK) == 0 ? path : NULL;
}

/* The folder the upward search starts in: PATH itself, or a file's folder. */
static char *start_dir(arena *a, const char *real, bool is_dir) {
  char *d = arena_strdup(a, real);
  if (d && !is_dir) {
    char *slash = strrchr(d, '/');
    if (slash == d) slash[1] = 0; /* a file in / */
    else if (slash) *slash = 0;
  }
  return d;
}

/* Without -p: the nearest database in the first PATH's folder or above it.
 * One above it with no entries for the given paths (the database of an
 * enclosing project) is passed over and the search goes on upwards. */
static ca_status search_compdb(loader *l, char **reals, const bool *is_dir, bool *found) {
  arena *a = l->proj->arena;
  char *start = start_dir(a, reals[0], is_dir[0]), *dir = start;
  *found = false;
  for (char *db; dir && (db = find_compdb(a, dir)) != NULL;) {
    ca_status s = load_compdb(l, db, (const char *const *)reals, l->opt->npaths);
    char *slash = strrchr(db, '/');
    bool own = (size_t)(slash - db) == strlen(start) && strncmp(db, start, (size_t)(slash - db)) == 0;
    if (s != CA_ERR_NOINPUT || own) return *found = true, l->proj->compdb = db, s;
    l->proj->jobs.len = 0;
    if (!(db = arena_strdup(a, db))) return failf(l, CA_ERR_NOMEM, start, "out of memory");
    slash = strrchr(db, '/');
    *slash = 0; /* db is now its folder: go on from the one above */
    slash = strrchr(db, '/');
    if (!slash || slash == db) break;
    *slash = 0;
    dir = db;
  }
  return CA_OK;
}

static ca_status gather(loader *l, char **reals, const bool *is_dir) {
  const ca_options *opt = l->opt;
  arena *a = l->proj->arena;
  if (opt->compdb_dir) {
    const char *db = arena_printf(a, "%s/compile_commands.json", opt->compdb_dir);
    if (db && access(db, F_OK) != 0) return failf(l, CA_ERR_COMPDB, db, strerror(errno));
    l->proj->compdb = db;
    return load_compdb(l, db, (const char *const *)reals, opt->npaths);
  }
  bool found;
  ca_status s = search_compdb(l, reals, is_dir, &found);
  if (found || s != CA_OK) return s;
  for (size_t i = 0; i < opt->npaths; i++) {
    s = is_dir[i] ? walk(l, reals[i], 0) : add_job(l, reals[i], NULL, opt->extra_args, (int)opt->nextra);
    if (s != CA_OK) return s;
    if (l->proj->jobs.len == 0 && i + 1 == opt->npaths && opt->npaths == 1)
      return failf(l, CA_ERR_NOINPUT, opt->paths[i], "no .c files found");
  }
  return CA_OK;
}

ca_status project_load(project *proj, arena *a, const ca_options *opt, char *err, size_t errlen) {
  loader l = {.proj = proj, .opt = opt, .err = err, .errlen = errlen};
  memset(proj, 0, sizeof *proj);
  proj->arena = a;
  if (!opt->npaths) return failf(&l, CA_ERR_USAGE, "canalyze", "no PATH given");
  char **reals = arena_alloc(a, opt->npaths * sizeof *reals);
  bool *is_dir = arena_alloc(a, opt->npaths * sizeof *is_dir);
  if (!reals || !is_dir) return failf(&l, CA_ERR_NOMEM, opt->paths[0], "out of memory");
  ca_status s = resolve_paths(&l, reals, is_dir);
  if (s == CA_OK) s = gather(&l, reals, is_dir);
  if (s != CA_OK) return s;
  if (!(proj->root = common_root(a, reals, is_dir, opt->npaths)))
    return failf(&l, CA_ERR_NOMEM, opt->paths[0], "out of memory");
  s = finish(&l);
  if (s == CA_ERR_NOINPUT) return failf(&l, s, opt->paths[0], "no .c files found");
  if (s == CA_OK) proj->config = find_config(a, proj->compdb, proj->root);
  return s;
}
