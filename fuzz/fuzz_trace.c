/*
 * fuzz_trace.c - libFuzzer harness for one trace reader: the input is a
 * trace file of the format FZ_FORMAT (a C string given when compiling),
 * wrapped in a gzip stream first when FZ_GZIP is 1.  It is read to the end
 * through wl_open() and wl_next(), as a run or `offersim trace info` reads
 * it: one framework whose workload is the file, with the format's own
 * resources (and the native CSV header's), no transforms.
 *
 * Every record delivered is checked against what the source interface
 * promises (non-decreasing submit times, durations >= 0, demands >= 0);
 * a broken promise aborts, which libFuzzer reports as a crash.
 *
 * At most FZ_MAX_RECORDS records are read from one input: a line may
 * legitimately stand for up to WL_JOB_TASKS_MAX records (an Alibaba task
 * of a million instances), each delivered by the same O(1) step, so a
 * small input can hold a workload of tens of millions of tasks whose
 * reading past the first records exercises nothing new and only slows
 * the fuzzer to its timeout.  (Lines beyond the bound are still rejected
 * at once: tests/test_traces.c.)
 *
 * A format whose machine reader takes a trace directory (google2011's
 * machine_events/) gets the same input a second time as that directory's
 * one part file, read as `cluster: {from_trace: ...}` reads it: per
 * machine with its events or grouped by shape, by the first byte's second
 * bit.  Every group it returns must have a machine and every event a
 * group.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../sim/config/scenario.h"
#include "../sim/core/diag.h"
#include "../workloads/formats.h"
#include "../workloads/machines.h"
#include "../workloads/source.h"
#include "common.h"

#ifndef FZ_FORMAT
#error "compile with -DFZ_FORMAT='\"name\"'"
#endif
#ifndef FZ_GZIP
#define FZ_GZIP 0
#endif

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { FZ_MAX_RECORDS = 200000 };

static int build(struct scenario *sc, const char *path, struct diag *d)
{
	const struct wl_format *f = wl_format_find(FZ_FORMAT);
	if (!f)
		abort();
	for (const char *const *n = f->res; *n; n++)
		res_intern(&sc->res, *n);
	if (f->file_res && f->file_res(path, &sc->res, d) < 0)
		return -1;
	sc->file = strdup("fuzz.yaml");
	sc->name = strdup("fuzz");
	sc->seed = 1;
	sc->fws = calloc(1, sizeof *sc->fws);
	if (!sc->file || !sc->name || !sc->fws)
		return -1;
	sc->nfws = 1;
	struct framework_spec *fs = &sc->fws[0];
	fs->name = strdup("trace");
	fs->wl.kind = WL_TRACE;
	fs->wl.trace = strdup(path);
	fs->wl.format = strdup(FZ_FORMAT);
	fs->wl.pos.line = 1;
	fs->wl.pos.col = 1;
	/* Half the inputs read leniently, by the first byte, so the skip
	 * paths are fuzzed as well as the stops. */
	return fs->name && fs->wl.trace && fs->wl.format ? 0 : -1;
}

/* The input as DIR/machine_events/part-00000-of-00001.csv[.gz] of a
 * scratch trace directory, read by the format's machine reader. */
static void machine_events(const uint8_t *data, size_t size, struct diag *d)
{
	const struct wl_format *f = wl_format_find(FZ_FORMAT);
	if (!f || !f->machines || !f->machines->takes_dir || !fz_dir())
		return;
	char root[4200], part[4300];
	snprintf(root, sizeof root, "%s/cell", fz_dir());
	snprintf(part, sizeof part, "%s/machine_events", root);
	mkdir(root, 0700);
	mkdir(part, 0700);
	snprintf(part, sizeof part, "%s/machine_events/part-00000-of-00001.csv%s",
		 root, FZ_GZIP ? ".gz" : "");
	const char *tmp = FZ_GZIP ? fz_write_gz(data, size, ".mev.csv.gz")
				  : fz_write(data, size, ".mev.csv");
	if (!tmp || rename(tmp, part) != 0)
		return;
	struct res_names rn;
	memset(&rn, 0, sizeof rn);
	struct wl_machine_stats st;
	struct wl_machine_opts o = {
		.format = FZ_FORMAT, .path = root, .scale_cpus = 100,
		.scale_mem = 100, .per_machine = size > 0 && (data[0] & 2),
		.stats = &st,
	};
	struct wl_machine_group *g = NULL;
	struct wl_machine_event *ev = NULL;
	int nev = 0;
	int n = wl_machines_read_events(&o, &rn, d, &g, &ev, &nev);
	for (int i = 0; i < n; i++)
		if (g[i].count < 1)
			abort();
	for (int i = 0; i < nev; i++)
		if (ev[i].group < 0 || ev[i].group >= n || !(ev[i].at >= 0))
			abort();
	free(g);
	free(ev);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct wl_format *f = wl_format_find(FZ_FORMAT);
	const char *ext = f && f->exts && f->exts[0] ? f->exts[0] : ".txt";
	char suffix[64];
	strcpy(suffix, strlen(ext) < 32 ? ext : ".txt");
	if (FZ_GZIP)
		strcat(suffix, ".gz");
	const char *path = FZ_GZIP ? fz_write_gz(data, size, suffix)
				   : fz_write(data, size, suffix);
	if (!path)
		return 0;
	struct diag d;
	fz_diag(&d);
	struct scenario sc;
	memset(&sc, 0, sizeof sc);
	if (build(&sc, path, &d) == 0) {
		sc.fws[0].wl.lenient = size > 0 && (data[0] & 1);
		struct wl_source *src = NULL;
		if (wl_open(&sc, 0, &d, &src) == 0) {
			struct wl_task t;
			simtime_t last = INT64_MIN;
			long nrec = 0;
			int r;
			while (nrec++ < FZ_MAX_RECORDS &&
			       (r = wl_next(src, &t)) > 0) {
				if (t.submit < last || t.duration < 0 ||
				    t.estimate < 0)
					abort();
				for (int i = 0; i < sc.res.n; i++)
					if (t.res[i] < 0)
						abort();
				last = t.submit;
			}
			struct wl_stats st;
			memset(&st, 0, sizeof st);
			wl_stats(src, &st);
			wl_close(src);
		}
	}
	scenario_release(&sc);
	machine_events(data, size, &d);
	return 0;
}
