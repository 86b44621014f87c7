/*
 * fuzz_scenario.c - libFuzzer harness for the scenario reader: the input
 * is a scenario file, read by cfg_load() exactly as `offersim validate`
 * reads one, and released.  Relative trace paths in it name files next to
 * the scratch file, which mostly do not exist: that path is an error
 * report like any other.
 */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "../sim/config/config.h"
#include "../sim/config/scenario.h"
#include "../sim/core/diag.h"
#include "common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fz_write(data, size, ".yaml");
	if (!path)
		return 0;
	struct diag d;
	fz_diag(&d);
	struct scenario sc;
	memset(&sc, 0, sizeof sc);
	if (cfg_load(path, NULL, 0, &sc, &d) == 0)
		scenario_release(&sc);
	return 0;
}
