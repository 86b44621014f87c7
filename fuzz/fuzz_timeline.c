/*
 * fuzz_timeline.c - libFuzzer harness for the timeline: the input is the
 * body of an `events:` list, appended to a small fixed scenario (two
 * agents, a scripted and a synthetic framework, two roles, a horizon of
 * 30 s), read by cfg_load() and, when it is valid, run to the horizon
 * with sim_run(), so the events are not only parsed but also applied to
 * the offer cycle.  Outputs go to a scratch directory and are overwritten
 * by the next input.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../sim/config/config.h"
#include "../sim/config/scenario.h"
#include "../sim/core/diag.h"
#include "../sim/core/err.h"
#include "../sim/model/engine.h"
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char prefix[] =
	"name: fuzz-timeline\n"
	"horizon: 30\n"
	"cluster:\n"
	"  agents:\n"
	"    - {name: a1, resources: {cpus: 2, mem: 1024}}\n"
	"    - {name: a2, resources: {cpus: 4, mem: 2048, gpus: 1}}\n"
	"master:\n"
	"  allocation_interval: 1\n"
	"  agent_order: id\n"
	"roles:\n"
	"  r1: {weight: 2}\n"
	"frameworks:\n"
	"  - {name: f, role: r1, scripted: true, absent: true, "
	"refuse_seconds: 0}\n"
	"  - name: g\n"
	"    role: r2\n"
	"    workload:\n"
	"      synthetic:\n"
	"        jobs: 20\n"
	"        arrival: {dist: exponential, mean: 1}\n"
	"        duration: {dist: exponential, mean: 3}\n"
	"        tasks_per_job: 2\n"
	"        resources: {cpus: 1, mem: 256}\n"
	"events:\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	size_t n = sizeof prefix - 1;
	uint8_t *doc = malloc(n + size);
	if (!doc)
		return 0;
	memcpy(doc, prefix, n);
	if (size)
		memcpy(doc + n, data, size);
	const char *path = fz_write(doc, n + size, ".yaml");
	free(doc);
	const char *dir = fz_dir();
	if (!path || !dir)
		return 0;
	struct diag d;
	fz_diag(&d);
	struct scenario sc;
	memset(&sc, 0, sizeof sc);
	if (cfg_load(path, NULL, 0, &sc, &d) == 0) {
		if (!diag_errors(&d)) {
			struct sim_options o;
			memset(&o, 0, sizeof o);
			o.outdir = dir;
			o.quiet = 1;
			/* The invariant checker turns a silent accounting
			 * fault into a finding: abort, so libFuzzer keeps
			 * the input. */
			o.check = 1;
			if (sim_run(&sc, &o, &d) == OS_ECHECK)
				abort();
		}
		scenario_release(&sc);
	}
	return 0;
}
