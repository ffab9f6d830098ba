/* xref_extract.h: the cross-references of one parsed TU, for --html (see
 * html/xref.h for what is kept). Private to clang/. */
#ifndef CA_XREF_EXTRACT_H
#define CA_XREF_EXTRACT_H
#include "facts.h"
#include <clang-c/Index.h>

/* Tokenizes every project file the TU read (not system headers) that
 * claims (html/xref.h: xref_claim) gives it, ties each
 * identifier to the declaration it names and describes those declarations,
 * into tu->xref (an xref_tu in tu->arena). 0, or -1 on OOM. Touches nothing
 * but tu: it runs on a worker thread. */
int xref_extract(facts_tu *tu, CXTranslationUnit unit, void *claims);
#endif
