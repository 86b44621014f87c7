/*
 * fuzz_json.c - libFuzzer harness for the JSON reader that merge, compare,
 * sweep and the reports use on summary.json files (sim/core/json_read.c):
 * the input is parsed, every value of the tree is visited through the
 * public accessors, a few dotted paths are looked up, and the tree is
 * freed.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "../sim/core/json_read.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void walk(const struct jr_value *v, int depth)
{
	if (depth > 200)
		abort();        /* the reader promises a depth limit of 64 */
	int n = jr_count(v);
	for (int i = 0; i < n; i++) {
		const char *k = jr_key(v, i);
		if (jr_type(v) == JR_OBJECT && !k)
			abort();
		if (k)
			(void)jr_get(v, k);
		walk(jr_at(v, i), depth + 1);
	}
	(void)jr_string(v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char err[256];
	struct jr_value *root = jr_parse((const char *)data, size, err,
					 sizeof err);
	if (!root)
		return 0;
	walk(root, 0);
	(void)jr_number(root, "wait.p95");
	(void)jr_get(root, "frameworks.a.b");
	(void)jr_get(root, "");
	jr_free(root);
	return 0;
}
