/*
 * linereader.c - read a plain or gzip trace file line by line (see
 * linereader.h).
 *
 * gzgets() fills the buffer up to a newline or its end; when the buffer
 * fills before a newline, it is doubled and the read continues where it
 * stopped, so a line costs amortized O(length).  A 256 KB zlib buffer
 * (gzbuffer) makes large traces read at the speed of decompression rather
 * than of small read() calls.  Known limit: a NUL byte inside a line ends
 * the line as far as the readers are concerned (gzgets has no length
 * result), which only matters for binary junk that is an error anyway.
 */
#include "linereader.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <zlib.h>

#include "../sim/core/err.h"

#define LR_GZBUF (256u * 1024u)
#define LR_FIRST 256u

int lr_open(struct linereader *r, const char *path)
{
	memset(r, 0, sizeof *r);
	errno = 0;
	gzFile f = gzopen(path, "rb");
	if (!f)
		return errno ? -errno : -ENOMEM;
	gzbuffer(f, LR_GZBUF);
	r->gz = f;
	return 0;
}

/* The buffer holds cap bytes for gzgets and LR_SLACK more past them,
 * all of them set (linereader.h): what grows is zeroed, since gzgets
 * writes only as far as each line reaches. */
static int grow(struct linereader *r)
{
	size_t ncap = r->cap ? r->cap * 2 : LR_FIRST;
	if (ncap > (size_t)INT32_MAX)
		return OS_ENOMEM;   /* gzgets takes an int length */
	char *nl = realloc(r->line, ncap + LR_SLACK);
	if (!nl)
		return OS_ENOMEM;
	memset(nl + r->cap, 0, ncap - r->cap + LR_SLACK);
	r->line = nl;
	r->cap = ncap;
	return 0;
}

int lr_next(struct linereader *r, const char **why)
{
	gzFile f = r->gz;
	size_t len = 0;
	if (!f) {
		if (why)
			*why = "file not open";
		return OS_EIO;
	}
	if (!r->cap && grow(r) < 0)
		goto nomem;
	for (;;) {
		char *got = gzgets(f, r->line + len, (int)(r->cap - len));
		if (!got) {
			int err;
			const char *msg = gzerror(f, &err);
			if (err != Z_OK && err != Z_BUF_ERROR) {
				if (why)
					*why = err == Z_ERRNO ? strerror(errno)
							      : msg;
				return OS_EIO;
			}
			/* A stream that stops inside a gzip member is
			 * truncated, not finished. */
			if (err == Z_BUF_ERROR) {
				if (why)
					*why = "unexpected end of compressed "
					       "data (truncated file?)";
				return OS_EIO;
			}
			if (len == 0)
				return 0;
			break;      /* a last line without a newline */
		}
		len += strlen(r->line + len);
		if (len > 0 && r->line[len - 1] == '\n')
			break;
		if (len + 1 < r->cap) {
			/* Short read without a newline: end of file, or an
			 * embedded NUL; either way the line ends here. */
			if (gzeof(f))
				break;
			continue;
		}
		if (grow(r) < 0)
			goto nomem;
	}
	while (len > 0 && (r->line[len - 1] == '\n' || r->line[len - 1] == '\r'))
		len--;
	r->line[len] = '\0';
	r->len = len;
	r->lineno++;
	return 1;
nomem:
	if (why)
		*why = "out of memory reading a line";
	return OS_ENOMEM;
}

long long lr_offset(const struct linereader *r)
{
	if (!r->gz)
		return 0;
	long long off = (long long)gzoffset((gzFile)r->gz);
	return off > 0 ? off : 0;
}

void lr_close(struct linereader *r)
{
	if (r->gz)
		gzclose((gzFile)r->gz);
	free(r->line);
	memset(r, 0, sizeof *r);
}
