/* xref_lex_test.c: the pages' C lexer: keywords against identifiers,
 * strings and characters with escapes (and unterminated ones), both kinds
 * of comment, directives (their '#' and name), #define bodies with line
 * continuations and parameters, numbers, punctuators, and bytes that are
 * not UTF-8 kept as tokens of their own. */
#include "html/xref.h"
#include "tap.h"
#include <stdlib.h>
#include <string.h>

static xref_tok *toks;
static size_t ntoks;
static const char *src;

static void lex(const char *text) {
  ca_xfree(toks);
  src = text;
  if (!xref_lex(text, strlen(text), &toks, &ntoks)) toks = NULL, ntoks = 0;
}

/* "text:kind" of token i, kind as one letter (k i l c p .), with "+b"
 * when it is flagged as a #define body identifier. */
static const char *tok(size_t i) {
  static char buf[256];
  if (i >= ntoks) return "(none)";
  static const char kinds[] = ".kilcp";
  snprintf(buf, sizeof buf, "%.*s:%c%s", (int)toks[i].len, src + toks[i].off, kinds[toks[i].kind],
           toks[i].body ? "+b" : "");
  return buf;
}

#define is_tok(i, want) \
  do { \
    const char *g_ = tok(i); \
    if (!ok(strcmp(g_, (want)) == 0, "token %d is %s", (int)(i), (want))) printf("#   got %s\n", g_); \
  } while (0)

int main(void) {
  lex("static int x_1 = sizeof(long) + __attribute__;");
  is_int((long long)ntoks, 11, "a declaration: 11 tokens");
  is_tok(0, "static:k");
  is_tok(1, "int:k");
  is_tok(2, "x_1:i");
  is_tok(3, "=:.");
  is_tok(4, "sizeof:k");
  is_tok(6, "long:k");
  is_tok(9, "__attribute__:k");
  lex("integer intx _Bool bool");
  is_tok(0, "integer:i");
  is_tok(1, "intx:i");
  is_tok(2, "_Bool:k");
  is_tok(3, "bool:i");

  lex("s = \"a\\\"b\\\\\" 'x' '\\'' L\"w\" u8\"u\" \"open\nnext");
  is_tok(2, "\"a\\\"b\\\\\":l");
  is_tok(3, "'x':l");
  is_tok(4, "'\\'':l");
  is_tok(5, "L\"w\":l");
  is_tok(6, "u8\"u\":l");
  is_tok(7, "\"open:l");
  is_tok(8, "next:i");

  lex("a /* x\n y */ b // c \\\n still comment\nd");
  is_int((long long)ntoks, 5, "comments: 5 tokens");
  is_tok(1, "/* x\n y */:c");
  is_tok(3, "// c \\\n still comment:c");
  is_tok(4, "d:i");
  lex("/* never closed");
  is_tok(0, "/* never closed:c");

  lex("  # include \"x.h\"\nint a; # b\n#if A\n");
  is_tok(0, "#:p");
  is_tok(1, "include:p");
  is_tok(2, "\"x.h\":l");
  is_tok(5, ";:.");
  is_tok(6, "#:.");
  is_tok(7, "b:i");
  is_tok(8, "#:p");
  is_tok(9, "if:p");
  is_tok(10, "A:i");

  lex("#define F(a, b) ((a) + B + \\\n  C(b))\nD\n#define E (a)\n#define G\\\n H");
  is_tok(0, "#:p");
  is_tok(1, "define:p");
  is_tok(2, "F:i");
  is_tok(4, "a:i");
  is_tok(10, "a:i");
  is_tok(13, "B:i+b");
  is_tok(15, "C:i+b");
  is_tok(17, "b:i");
  is_int(toks[16].off, (long long)(strchr(src, 'C') - src) + 1, "C( after a line continuation");
  is_tok(20, "D:i");
  is_tok(23, "E:i");
  is_tok(25, "a:i+b");
  is_tok(30, "H:i+b");

  lex("x = 0x1fULL + 1.5e+10f + .5 + 1'000 + 08;");
  is_tok(2, "0x1fULL:l");
  is_tok(4, "1.5e+10f:l");
  is_tok(6, ".5:l");
  is_tok(8, "1'000:l");
  is_tok(10, "08:l");

  lex("p->q <<= r ... s##t");
  is_tok(1, "->:.");
  is_tok(3, "<<=:.");
  is_tok(5, "...:.");
  is_tok(7, "##:.");

  lex("a \xff\xfe b \"\x80\" @");
  is_int((long long)ntoks, 5, "bytes that are not UTF-8: a token of their own");
  is_tok(1, "\xff\xfe:i");
  is_tok(3, "\"\x80\":l");
  is_tok(4, "@:.");
  size_t covered = 0;
  for (size_t i = 0; i < ntoks; i++) covered += toks[i].len;
  is_int((long long)covered, 8, "every byte but white space is in a token");
  lex("a @ ` b");
  is_tok(1, "@:.");
  is_tok(2, "`:.");

  lex("");
  is_int((long long)ntoks, 0, "empty text: no tokens");
  bool all_unlinked = true;
  lex("int main(void) { return 0; }");
  for (size_t i = 0; i < ntoks; i++) all_unlinked &= toks[i].sym == -1 && !toks[i].decl;
  ok(all_unlinked, "tokens start with no symbol");
  ca_xfree(toks);
  return tap_done();
}
