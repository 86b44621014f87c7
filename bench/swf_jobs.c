/*
 * swf_jobs.c - the SWF log reader shared by the textbook schedulers (see
 * swf_jobs.h).  It reads the 18 numeric fields with strtod and keeps the
 * five a batch scheduler needs; it validates nothing further, since the
 * logs it reads are the ones offersim's own reader accepts.
 */
#include "swf_jobs.h"

#include <stdlib.h>

#include <zlib.h>

#define SWF_FIELDS 18

/* Parse one line's fields into x; 1 for a job line, 0 for anything else
 * (a comment, a blank line, fewer than 18 numbers). */
static int parse_line(const char *p, double x[SWF_FIELDS])
{
	while (*p == ' ' || *p == '\t')
		p++;
	if (*p == ';' || *p == '\n' || *p == '\0')
		return 0;
	for (int k = 0; k < SWF_FIELDS; k++) {
		char *e;
		x[k] = strtod(p, &e);
		if (e == p)
			return 0;
		p = e;
	}
	return 1;
}

long swf_jobs_read(const char *path, struct swf_job **out)
{
	gzFile f = gzopen(path, "rb");
	if (!f)
		return -1;
	long n = 0, cap = 256;
	struct swf_job *v = malloc(sizeof *v * (size_t)cap);
	char line[1024];
	while (v && gzgets(f, line, sizeof line)) {
		double x[SWF_FIELDS];
		if (!parse_line(line, x))
			continue;
		long procs = (long)(x[4] > x[7] ? x[4] : x[7]);
		if (x[3] <= 0 || procs <= 0)
			continue;
		if (n == cap) {
			cap *= 2;
			struct swf_job *nv = realloc(v, sizeof *v * (size_t)cap);
			if (!nv) {
				free(v);
				v = NULL;
				break;
			}
			v = nv;
		}
		v[n].id = (long)x[0];
		v[n].submit = (long)x[1];
		v[n].run = (long)x[3];
		v[n].est = x[8] > 0 ? (long)x[8] : (long)x[3];
		v[n].procs = procs;
		v[n].start = -1;
		n++;
	}
	gzclose(f);
	if (!v)
		return -1;
	long origin = n > 0 ? v[0].submit : 0;
	for (long i = 0; i < n; i++)
		v[i].submit -= origin;
	*out = v;
	return n;
}
