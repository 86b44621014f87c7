/*
 * common.c - the scratch files and the quiet diag of the fuzz harnesses
 * (see common.h).  Only the harnesses link it; nothing here is part of
 * offersim.
 */
#define _XOPEN_SOURCE 700
#include "common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zlib.h>

#include "../sim/core/diag.h"

static const char *tmp_root(void)
{
	const char *t = getenv("TMPDIR");
	return t && *t ? t : P_tmpdir;
}

void fz_diag(struct diag *d)
{
	static FILE *null;
	if (!null)
		null = fopen("/dev/null", "w");
	diag_init(d, null);
	d->quiet_warnings = 1;
}

static const char *scratch_path(const char *suffix)
{
	static char path[4096];
	snprintf(path, sizeof path, "%s/offersim-fuzz-%ld%s", tmp_root(),
		 (long)getpid(), suffix);
	return path;
}

const char *fz_write(const uint8_t *data, size_t size, const char *suffix)
{
	const char *path = scratch_path(suffix);
	FILE *f = fopen(path, "wb");
	if (!f)
		return NULL;
	size_t w = size ? fwrite(data, 1, size, f) : 0;
	if (fclose(f) != 0 || w != size)
		return NULL;
	return path;
}

const char *fz_write_gz(const uint8_t *data, size_t size, const char *suffix)
{
	z_stream z;
	memset(&z, 0, sizeof z);
	/* 15 + 16: a gzip header and trailer around the deflate stream. */
	if (deflateInit2(&z, 1, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK)
		return NULL;
	uLong cap = deflateBound(&z, (uLong)size) + 32;
	uint8_t *out = malloc(cap);
	if (!out) {
		deflateEnd(&z);
		return NULL;
	}
	z.next_in = (Bytef *)(uintptr_t)data;
	z.avail_in = (uInt)size;
	z.next_out = out;
	z.avail_out = (uInt)cap;
	int r = deflate(&z, Z_FINISH);
	size_t n = z.total_out;
	deflateEnd(&z);
	const char *path = r == Z_STREAM_END ? fz_write(out, n, suffix) : NULL;
	free(out);
	return path;
}

const char *fz_dir(void)
{
	static char path[4096];
	if (!path[0]) {
		snprintf(path, sizeof path, "%s/offersim-fuzz-%ld.d", tmp_root(),
			 (long)getpid());
		if (mkdir(path, 0700) != 0) {
			struct stat st;
			if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode)) {
				path[0] = '\0';
				return NULL;
			}
		}
	}
	return path;
}
