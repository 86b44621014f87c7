/*
 * linereader.c - read a plain or gzip trace file line by line (see
 * linereader.h).
 *
 * The file is read in 256 KB blocks, the first ones smaller (8 KB, then
 * doubling, for reads and inflates alike): a reader on its own thread
 * then hands over its first line after a few pages, not after faulting in
 * two fresh blocks, which kept the simulation waiting.  A file that opens
 * with gzip's magic bytes is inflated by ISA-L's igzip
 * (isa-l/igzip_lib.h), which checks each member's header, CRC and length
 * as zlib does at several times zlib's speed: inflating was the largest
 * single cost of replaying a large trace.  Any other file is read as it
 * is.  Either way the bytes go through one output block from which lines
 * are cut.
 *
 * What a reader sees is what zlib's gzopen/gzgets gave before, byte for
 * byte: members one after the other, anything after the last member that
 * does not begin with the magic bytes ignored, a stream that stops inside
 * a member an error after the lines before it.  Lines are cut as gzgets
 * cuts them (take_line), into a buffer doubled when a line fills it, so a
 * line costs amortized O(length).  Known limit, kept from then: a NUL byte
 * inside a line ends what the readers see of it there, the rest of that
 * line is dropped and the next line is read on after the NUL's place;
 * that only matters for binary junk, which is an error anyway.
 */
#include "linereader.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <isa-l/igzip_lib.h>

#include "../sim/core/err.h"

#define LR_BLOCK (256u * 1024u)
#define LR_RAMP0 (8u * 1024u)
#define LR_FIRST 256u

/* The stream under the lines: the file, and for gzip the inflater. */
struct lr_in {
	int fd;
	int gz;                   /* the file is gzip */
	int eof;                  /* the file has no more bytes */
	int ended;                /* no more output: the file, or the last
				     member, ended */
	int past;                 /* a line was cut short by the end (gzeof) */
	const char *err;          /* the error that stopped the stream */
	int err_soft;             /* ... a truncation: lines before it stand */
	long long consumed;       /* bytes of the file read */
	unsigned char *in;        /* gzip: input block */
	unsigned char *out;       /* output block */
	unsigned char *next;      /* output not yet taken */
	size_t have;
	uint32_t in_lim;          /* bytes the next refill reads up to */
	uint32_t out_lim;         /* bytes the next fetch makes, at most */
	struct inflate_state st;
};

int lr_open(struct linereader *r, const char *path)
{
	memset(r, 0, sizeof *r);
	struct lr_in *s = calloc(1, sizeof *s);
	if (!s)
		return -ENOMEM;
	s->out = malloc(LR_BLOCK);
	if (!s->out) {
		free(s);
		return -ENOMEM;
	}
	errno = 0;
	s->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s->fd < 0) {
		int e = errno ? errno : EIO;
		free(s->out);
		free(s);
		return -e;
	}
	s->gz = -1;               /* not known until the first bytes */
	s->in_lim = s->out_lim = LR_RAMP0;
	r->in = s;
	return 0;
}

/* Up to n bytes of the file into p; the count, 0 at its end, or -1 with
 * s->err set. */
static long read_some(struct lr_in *s, unsigned char *p, size_t n)
{
	for (;;) {
		ssize_t k = read(s->fd, p, n);
		if (k >= 0) {
			s->consumed += k;
			if (k == 0)
				s->eof = 1;
			return (long)k;
		}
		if (errno != EINTR) {
			s->err = strerror(errno);
			return -1;
		}
	}
}

/* The size for the next read or inflate, doubling *lim towards LR_BLOCK. */
static uint32_t ramp(uint32_t *lim)
{
	uint32_t n = *lim;
	if (*lim < LR_BLOCK)
		*lim *= 2;
	return n;
}

/* Fill the input block up to its next size (ramp), after the avail_in bytes
 * still waiting at next_in. */
static int refill(struct lr_in *s)
{
	size_t keep = s->st.avail_in;
	memmove(s->in, s->st.next_in, keep);
	size_t got = keep, lim = ramp(&s->in_lim);
	while (got < lim && !s->eof) {
		long k = read_some(s, s->in + got, lim - got);
		if (k < 0)
			return -1;
		got += (size_t)k;
	}
	s->st.next_in = s->in;
	s->st.avail_in = (uint32_t)got;
	return 0;
}

/* The message for an igzip error, in zlib's words where it has them. */
static const char *inflate_error(int rc)
{
	switch (rc) {
	case ISAL_INVALID_BLOCK: return "invalid block type";
	case ISAL_INVALID_SYMBOL: return "invalid code in compressed data";
	case ISAL_INVALID_LOOKBACK: return "invalid distance too far back";
	case ISAL_INVALID_WRAPPER: return "incorrect header check";
	case ISAL_UNSUPPORTED_METHOD: return "unknown compression method";
	case ISAL_INCORRECT_CHECKSUM: return "incorrect data check";
	case ISAL_NEED_DICT: return "compressed data needs a dictionary";
	default: return "invalid compressed data";
	}
}

/* A new member starts at next_in: zlib reads on when the magic bytes
 * follow the last member and ignores anything else there. */
static int next_member(struct lr_in *s)
{
	if (s->st.avail_in < 2 && !s->eof && refill(s) < 0)
		return -1;
	if (s->st.avail_in < 2 || s->st.next_in[0] != 0x1f ||
	    s->st.next_in[1] != 0x8b) {
		s->ended = 1;
		return 0;
	}
	unsigned char *next_in = s->st.next_in;
	uint32_t avail_in = s->st.avail_in;
	isal_inflate_init(&s->st);
	s->st.crc_flag = ISAL_GZIP;
	s->st.next_in = next_in;
	s->st.avail_in = avail_in;
	return 1;
}

/* The first bytes tell gzip from plain: 0, or -1 with s->err set. */
static int start(struct lr_in *s)
{
	s->in = malloc(LR_BLOCK);
	if (!s->in) {
		s->err = "out of memory reading a trace";
		return -1;
	}
	isal_inflate_init(&s->st);
	s->st.next_in = s->in;
	s->st.avail_in = 0;
	if (refill(s) < 0)
		return -1;
	s->gz = s->st.avail_in >= 2 && s->in[0] == 0x1f && s->in[1] == 0x8b;
	if (s->gz) {
		s->st.crc_flag = ISAL_GZIP;
		return 0;
	}
	/* Plain: what was read is the first output. */
	memcpy(s->out, s->in, s->st.avail_in);
	s->next = s->out;
	s->have = s->st.avail_in;
	s->st.avail_in = 0;
	free(s->in);
	s->in = NULL;
	return 0;
}

/* More output into the empty output block: 0 (have is 0 only at the end
 * of the stream), or -1 with s->err set. */
static int fetch(struct lr_in *s)
{
	if (s->err || s->ended)
		return s->err && !s->err_soft ? -1 : 0;
	if (s->gz < 0) {
		if (start(s) < 0)
			return -1;
		if (s->have)
			return 0;
	}
	s->next = s->out;
	s->have = 0;
	if (!s->gz) {
		long k = s->eof ? 0 : read_some(s, s->out, ramp(&s->out_lim));
		if (k < 0)
			return -1;
		s->have = (size_t)k;
		if (k == 0)
			s->ended = 1;
		return 0;
	}
	while (s->have == 0) {
		if (s->st.block_state == ISAL_BLOCK_FINISH) {
			int m = next_member(s);
			if (m < 0)
				return -1;
			if (m == 0)
				return 0;
		}
		if (s->st.avail_in == 0) {
			if (s->eof) {
				/* Input done inside a member: zlib's
				 * "unexpected end of file". */
				s->err = "unexpected end of compressed data "
					 "(truncated file?)";
				s->err_soft = 1;
				return 0;
			}
			if (refill(s) < 0)
				return -1;
			continue;
		}
		uint32_t before = s->st.avail_in;
		uint32_t lim = ramp(&s->out_lim);
		s->st.next_out = s->out;
		s->st.avail_out = lim;
		int rc = isal_inflate(&s->st);
		s->have = lim - s->st.avail_out;
		if (rc != ISAL_DECOMP_OK) {
			/* zlib keeps nothing of the output it was making
			 * when it met the error. */
			s->have = 0;
			s->err = inflate_error(rc);
			return -1;
		}
		if (s->have == 0 && s->st.avail_in == before &&
		    s->st.block_state != ISAL_BLOCK_FINISH) {
			/* Nothing taken: it needs more than is here. */
			if (s->eof) {
				s->err = "unexpected end of compressed data "
					 "(truncated file?)";
				s->err_soft = 1;
				return 0;
			}
			if (before == LR_BLOCK) {
				s->err = "invalid compressed data";
				return -1;
			}
			if (refill(s) < 0)
				return -1;
		}
	}
	return 0;
}

/*
 * gzgets: up to n - 1 bytes into buf, through the first newline, and a
 * NUL after them; NULL when nothing was read (the end, or an error), and
 * also on an error met after some bytes, which are then dropped.
 */
static char *take_line(struct lr_in *s, char *buf, size_t n)
{
	char *p = buf;
	size_t left = n - 1;
	while (left) {
		if (s->have == 0) {
			if (fetch(s) < 0)
				return NULL;
			if (s->have == 0) {
				s->past = 1;
				break;
			}
		}
		size_t k = s->have < left ? s->have : left;
		unsigned char *eol = memchr(s->next, '\n', k);
		if (eol)
			k = (size_t)(eol - s->next) + 1;
		memcpy(p, s->next, k);
		s->next += k;
		s->have -= k;
		p += k;
		left -= k;
		if (eol)
			break;
	}
	if (p == buf)
		return NULL;
	*p = '\0';
	return buf;
}

/* The buffer holds cap bytes for take_line and LR_SLACK more past them,
 * all of them set (linereader.h): what grows is zeroed, since take_line
 * writes only as far as each line reaches. */
static int grow(struct linereader *r)
{
	size_t ncap = r->cap ? r->cap * 2 : LR_FIRST;
	if (ncap > (size_t)INT32_MAX)
		return OS_ENOMEM;   /* lines stay below INT32_MAX bytes */
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
	struct lr_in *s = r->in;
	size_t len = 0;
	if (!s) {
		if (why)
			*why = "file not open";
		return OS_EIO;
	}
	if (!r->cap && grow(r) < 0)
		goto nomem;
	for (;;) {
		char *got = take_line(s, r->line + len, r->cap - len);
		if (!got) {
			if (s->err) {
				if (why)
					*why = s->err;
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
			if (s->past)
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
	const struct lr_in *s = r->in;
	if (!s)
		return 0;
	return s->consumed - (s->gz > 0 ? (long long)s->st.avail_in : 0);
}

void lr_close(struct linereader *r)
{
	struct lr_in *s = r->in;
	if (s) {
		close(s->fd);
		free(s->in);
		free(s->out);
		free(s);
	}
	free(r->line);
	memset(r, 0, sizeof *r);
}
