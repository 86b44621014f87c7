/*
 * json_read.h - a minimal JSON reader, enough to read back the
 * summary.json files offersim writes (for compare, sweep, merge and the
 * HTML reports).
 *
 * The whole document is parsed into a tree of values (each allocated on
 * its own; documents are a few kilobytes); objects keep their keys in file order, so callers that list
 * "utilization" resources or "frameworks" see them in the order the run
 * wrote them.  Numbers are doubles; strings are decoded except that \u
 * escapes above 0x7f become '?' (offersim never writes them).  Limits:
 * nesting depth 64, no streaming.
 */
#ifndef OFFERSIM_JSON_READ_H
#define OFFERSIM_JSON_READ_H

#include <stddef.h>

enum jr_type { JR_NULL, JR_BOOL, JR_NUMBER, JR_STRING, JR_ARRAY, JR_OBJECT };

struct jr_value;

/*
 * Parse text[0..len).  Returns the root value, or NULL with a message
 * "line L col C: ..." in err (size errsize) for malformed input or when
 * out of memory.  Free the document with jr_free(root).
 */
struct jr_value *jr_parse(const char *text, size_t len, char *err,
			  size_t errsize);

/* Read and parse a file; NULL with err filled when it cannot. */
struct jr_value *jr_parse_file(const char *path, char *err, size_t errsize);

/* Free a document returned by jr_parse; NULL is a no-op. */
void jr_free(struct jr_value *root);

enum jr_type jr_type(const struct jr_value *v);

/*
 * The value at a dotted path below v ("wait.p95",
 * "frameworks.alpha.final_dominant_share"), or NULL when any step is
 * missing or not an object.  Each step takes the longest key that is a
 * whole prefix of the rest of the path, so a framework named "a.b" is
 * found too.  An empty path is v itself.
 */
const struct jr_value *jr_get(const struct jr_value *v, const char *path);

/* The number at path, or NAN when absent, null or not a number. */
double jr_number(const struct jr_value *v, const char *path);

/* A string value's text, or NULL when v is not a string. */
const char *jr_string(const struct jr_value *v);

/* Members of an object or elements of an array (0 for anything else). */
int jr_count(const struct jr_value *v);
/* The i-th member's key of an object (NULL for arrays). */
const char *jr_key(const struct jr_value *v, int i);
/* The i-th member's value. */
const struct jr_value *jr_at(const struct jr_value *v, int i);

#endif
