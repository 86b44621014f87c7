/*
 * linereader.h - a streamed line reader for trace files, plain or gzip.
 *
 * Every trace reader (native CSV, SWF, Google, Alibaba) reads its file one
 * line at a time through this, so each format gets gzip support and line
 * numbers for its diagnostics for free, and none ever holds more than one
 * line.  A file is gzip when its first bytes say so, whatever its name,
 * so a reader never looks at the file name: `trace.csv` and
 * `trace.csv.gz` are opened the same way.  The line buffer is reused and grows to the longest
 * line met, so lines may be of any length.
 */
#ifndef OFFERSIM_LINEREADER_H
#define OFFERSIM_LINEREADER_H

#include <stddef.h>

/* Bytes past a line's terminator that may be read (see len). */
#define LR_SLACK 16

struct linereader {
	char *line;     /* the current line, NUL-terminated, without its end
			   of line ("\n" or "\r\n"); owned by the reader and
			   valid until the next lr_next() */
	size_t len;     /* strlen(line) unless the line holds a NUL byte;
			   the LR_SLACK bytes after line[len] may be read
			   (their values are set but mean nothing), so a
			   scan may take a word at a time up to the end */
	long lineno;    /* 1-based number of the current line; 0 before the
			   first lr_next() */
	/* private */
	struct lr_in *in;
	size_t cap;
};

/*
 * Open path for reading.  Returns 0, or -errno (for example -ENOENT) when
 * the file cannot be opened; the caller reports it, since only the caller
 * knows which scenario line asked for the file.
 */
int lr_open(struct linereader *r, const char *path);

/*
 * Read the next line.  Returns 1, 0 at the end of the file, or a negative
 * code (OS_EIO for a read or decompression error, OS_ENOMEM) with a
 * message in *why (a static string) when why is not NULL.  A truncated gzip stream is an error, not a
 * silent end.
 */
int lr_next(struct linereader *r, const char **why);

/*
 * Bytes of the file consumed so far: compressed bytes for a gzip file, so
 * that it compares with the file's size (a progress bar).  It moves in
 * steps of the reader's 256 KB input block, not line by line.
 */
long long lr_offset(const struct linereader *r);

/* Close and free the buffer; safe on a reader that failed to open or was
 * zeroed. */
void lr_close(struct linereader *r);

#endif
