/*
 * test_sorter.c - the client sorters against Mesos's own sorter tests
 * (src/tests/sorter_tests.cpp: DRFSorterTest.DRF, WDRF,
 * AllocationCountTieBreak, HierarchicalAllocation and
 * HierarchicalIterationOrder), restated call for call with the same
 * numbers and expected orders, and the random sorter's first-place
 * frequencies against its weights.  The allocators come from the policy
 * table by name, as the master finds them; a tiny allocator defined here
 * shows that the order hook is all a new one needs.
 */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "harness.h"
#include "../policies/registry.h"
#include "../policies/table.h"
#include "../sim/model/sorter.h"

/* A sorter ordered by the allocator of the table called name. */
static struct sorter *make(const char *name, uint64_t seed)
{
	int i = policy_index(POLICY_ALLOCATOR, name);
	CU_ASSERT_FATAL(i >= 0);
	struct policy_params p = {.seed = seed, .owner = "test"};
	struct sorter *s = NULL;
	CU_ASSERT_FATAL(sorter_new(&s, alloc_policies[i], &p, "test", 2) == 0);
	return s;
}

/* Two resources, cpus and mem, as in the Mesos tests. */
static void alloc2(struct sorter *s, const char *path, double cpus, double mem)
{
	resq_t r[2] = {resq_from_double(cpus), resq_from_double(mem)};
	sorter_allocated(s, sorter_find(s, path), r);
}

static void unalloc2(struct sorter *s, const char *path, double cpus, double mem)
{
	resq_t r[2] = {resq_from_double(cpus), resq_from_double(mem)};
	sorter_unallocated(s, sorter_find(s, path), r);
}

static void total2(struct sorter *s, double cpus, double mem)
{
	resq_t r[2] = {resq_from_double(cpus), resq_from_double(mem)};
	sorter_set_total(s, r);
}

static void add_active(struct sorter *s, const char *path)
{
	int h = sorter_add(s, path);
	CU_ASSERT_FATAL(h > 0);
	sorter_activate(s, h);
}

static void act(struct sorter *s, const char *path, int on)
{
	if (on)
		sorter_activate(s, sorter_find(s, path));
	else
		sorter_deactivate(s, sorter_find(s, path));
}

/* Does the sort give exactly the NULL-terminated list of paths? */
static int order_is(struct sorter *s, ...)
{
	int out[64];
	int n = sorter_sort(s, out);
	va_list ap;
	va_start(ap, s);
	int ok = 1, i = 0;
	for (const char *p = va_arg(ap, const char *); p;
	     p = va_arg(ap, const char *), i++)
		if (i >= n || strcmp(sorter_path(s, out[i]), p) != 0)
			ok = 0;
	va_end(ap);
	if (i != n)
		ok = 0;
	if (!ok) {
		printf("\n    got:");
		for (int k = 0; k < n; k++)
			printf(" %s", sorter_path(s, out[k]));
	}
	return ok;
}

static void test_drf(void)
{
	struct sorter *s = make("drf", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	total2(s, 100, 100);
	CU_ASSERT(order_is(s, NULL));
	add_active(s, "a");
	alloc2(s, "a", 5, 5);
	add_active(s, "b");
	alloc2(s, "b", 6, 6);
	/* shares: a = .05, b = .06 */
	CU_ASSERT(order_is(s, "a", "b", NULL));
	add_active(s, "c");
	alloc2(s, "c", 1, 1);
	add_active(s, "d");
	alloc2(s, "d", 3, 1);
	/* shares: a = .05, b = .06, c = .01, d = .03 */
	CU_ASSERT(order_is(s, "c", "d", "a", "b", NULL));
	sorter_remove(s, sorter_find(s, "a"));
	unalloc2(s, "b", 4, 4);
	/* shares: b = .02, c = .01, d = .03 */
	CU_ASSERT(order_is(s, "c", "b", "d", NULL));
	add_active(s, "e");
	alloc2(s, "e", 1, 5);
	total2(s, 50, 100);
	/* shares: b = .04, c = .02, d = .06, e = .05 */
	CU_ASSERT(order_is(s, "c", "b", "e", "d", NULL));
	total2(s, 50, 200);
	add_active(s, "f");
	alloc2(s, "f", 5, 1);
	alloc2(s, "c", 0, 15);
	/* shares: b = .04, c = .08, d = .06, e = .025, f = .1 */
	CU_ASSERT(order_is(s, "e", "b", "d", "c", "f", NULL));
	CU_ASSERT(sorter_find(s, "b") > 0);
	CU_ASSERT(sorter_find(s, "a") < 0);
	CU_ASSERT_EQUAL(sorter_count(s), 5);
	act(s, "d", 0);
	CU_ASSERT(order_is(s, "e", "b", "c", "f", NULL));
	CU_ASSERT_EQUAL(sorter_count(s), 5);
	act(s, "d", 1);
	CU_ASSERT(order_is(s, "e", "b", "d", "c", "f", NULL));
	sorter_free(s);
}

static void test_wdrf(void)
{
	struct sorter *s = make("drf", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	total2(s, 100, 100);
	add_active(s, "a");
	alloc2(s, "a", 5, 5);
	add_active(s, "b");
	sorter_update_weight(s, "b", 2);
	alloc2(s, "b", 6, 6);
	/* shares: a = .05, b = .03 */
	CU_ASSERT(order_is(s, "b", "a", NULL));
	add_active(s, "c");
	alloc2(s, "c", 4, 4);
	/* shares: a = .05, b = .03, c = .04 */
	CU_ASSERT(order_is(s, "b", "c", "a", NULL));
	add_active(s, "d");
	sorter_update_weight(s, "d", 10);
	alloc2(s, "d", 10, 20);
	/* shares: a = .05, b = .03, c = .04, d = .02 */
	CU_ASSERT(order_is(s, "d", "b", "c", "a", NULL));
	sorter_remove(s, sorter_find(s, "b"));
	CU_ASSERT(order_is(s, "d", "c", "a", NULL));
	alloc2(s, "d", 10, 25);
	/* shares: a = .05, c = .04, d = .045 */
	CU_ASSERT(order_is(s, "c", "d", "a", NULL));
	add_active(s, "e");
	sorter_update_weight(s, "e", 0.1);
	alloc2(s, "e", 1, 1);
	/* shares: a = .05, c = .04, d = .045, e = .1 */
	CU_ASSERT(order_is(s, "c", "d", "a", "e", NULL));
	sorter_remove(s, sorter_find(s, "a"));
	CU_ASSERT(order_is(s, "c", "d", "e", NULL));
	sorter_free(s);
}

static void test_allocation_count_tie_break(void)
{
	struct sorter *s = make("drf", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	total2(s, 100, 100);
	const char *names[] = {"a", "b", "c", "d", "e"};
	for (int i = 0; i < 5; i++)
		sorter_add(s, names[i]);
	for (int i = 0; i < 5; i++)
		act(s, names[i], 1);
	/* Same amounts; c gets three allocations, d two, the others one. */
	alloc2(s, "a", 3, 3);
	alloc2(s, "b", 3, 3);
	alloc2(s, "c", 1, 1);
	alloc2(s, "c", 1, 1);
	alloc2(s, "c", 1, 1);
	alloc2(s, "d", 2, 2);
	alloc2(s, "d", 1, 1);
	alloc2(s, "e", 3, 3);
	CU_ASSERT(order_is(s, "a", "b", "e", "d", "c", NULL));
	/* Giving back does not reset the count. */
	unalloc2(s, "c", 3, 3);
	CU_ASSERT(order_is(s, "c", "a", "b", "e", "d", NULL));
	alloc2(s, "c", 3, 3);
	/* counts: a, b, e 1; d 2; c 4 */
	CU_ASSERT(order_is(s, "a", "b", "e", "d", "c", NULL));
	act(s, "c", 0);
	act(s, "c", 1);
	CU_ASSERT(order_is(s, "a", "b", "e", "d", "c", NULL));
	unalloc2(s, "c", 3, 3);
	alloc2(s, "c", 3, 3);
	CU_ASSERT(order_is(s, "a", "b", "e", "d", "c", NULL));
	/* Allocations to an inactive client count too. */
	act(s, "a", 0);
	unalloc2(s, "a", 1, 3);
	alloc2(s, "a", 1, 3);
	CU_ASSERT(order_is(s, "b", "e", "d", "c", NULL));
	act(s, "a", 1);
	/* counts: b, e 1; a, d 2; c 5 */
	CU_ASSERT(order_is(s, "b", "e", "a", "d", "c", NULL));
	sorter_free(s);
}

static void test_hierarchical_allocation(void)
{
	struct sorter *s = make("drf", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	total2(s, 100, 100);
	add_active(s, "a");
	add_active(s, "b/c");
	add_active(s, "b/d");
	CU_ASSERT_EQUAL(sorter_count(s), 3);
	CU_ASSERT(sorter_find(s, "a") > 0);
	CU_ASSERT(sorter_find(s, "b") < 0);
	CU_ASSERT(sorter_find(s, "b/c") > 0);
	CU_ASSERT(order_is(s, "a", "b/c", "b/d", NULL));
	alloc2(s, "a", 6, 6);
	/* a = .06, b/c = 0, b/d = 0 */
	CU_ASSERT(order_is(s, "b/c", "b/d", "a", NULL));
	alloc2(s, "b/c", 4, 4);
	alloc2(s, "b/d", 3, 3);
	/* a = .06, b = .07 (b/d = .03, b/c = .04) */
	CU_ASSERT(order_is(s, "a", "b/d", "b/c", NULL));
	alloc2(s, "a", 2, 2);
	/* b/d = .03, b/c = .04, a = .08 */
	CU_ASSERT(order_is(s, "b/d", "b/c", "a", NULL));
	add_active(s, "b/e/f");
	CU_ASSERT(sorter_find(s, "b/e") < 0);
	CU_ASSERT(order_is(s, "b/e/f", "b/d", "b/c", "a", NULL));
	alloc2(s, "b/e/f", 3.5, 3.5);
	/* a = .08, b = .105: b/d = .03, b/e/f = .035, b/c = .04 */
	CU_ASSERT(order_is(s, "a", "b/d", "b/e/f", "b/c", NULL));
	sorter_remove(s, sorter_find(s, "b/e/f"));
	CU_ASSERT(sorter_find(s, "b/e/f") < 0);
	CU_ASSERT_EQUAL(sorter_count(s), 3);
	CU_ASSERT(order_is(s, "b/d", "b/c", "a", NULL));
	/* Mesos's update(b/c, 4 -> 1). */
	resq_t one[2] = {resq_from_double(1), resq_from_double(1)};
	sorter_set_allocation(s, sorter_find(s, "b/c"), one);
	CU_ASSERT(order_is(s, "b/c", "b/d", "a", NULL));
	add_active(s, "b/e/f");
	alloc2(s, "b/e/f", 3.5, 3.5);
	CU_ASSERT(order_is(s, "b/c", "b/d", "b/e/f", "a", NULL));
	CU_ASSERT_EQUAL(sorter_count(s), 4);
	sorter_free(s);
}

static void test_hierarchical_iteration_order(void)
{
	struct sorter *s = make("drf", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	total2(s, 100, 100);
	sorter_add(s, "a/b");
	sorter_add(s, "c");
	sorter_add(s, "d");
	sorter_add(s, "d/e");
	act(s, "a/b", 1);
	act(s, "c", 1);
	act(s, "d", 1);
	act(s, "d/e", 1);
	CU_ASSERT(order_is(s, "a/b", "c", "d", "d/e", NULL));
	alloc2(s, "c", 8, 8);
	CU_ASSERT(order_is(s, "a/b", "d", "d/e", "c", NULL));
	alloc2(s, "d", 3, 3);
	alloc2(s, "d/e", 2, 2);
	/* a/b = 0, d/e = .02, d = .03, c = .08 */
	CU_ASSERT(order_is(s, "a/b", "d/e", "d", "c", NULL));
	alloc2(s, "a/b", 6, 6);
	/* d/e = .02, d = .03, a/b = .06, c = .08 */
	CU_ASSERT(order_is(s, "d/e", "d", "a/b", "c", NULL));
	sorter_free(s);
}

/* Random sorter: each client comes first with probability equal to its
 * relative weight (within 0.05 over 1000 draws), flat and nested. */
static void check_first_place(struct sorter *s, const char *const *paths,
			      const double *want, int n)
{
	int first[8] = {0};
	int out[16];
	for (int i = 0; i < 1000; i++) {
		int k = sorter_sort(s, out);
		CU_ASSERT_EQUAL_FATAL(k, n);
		for (int j = 0; j < n; j++)
			if (strcmp(sorter_path(s, out[0]), paths[j]) == 0)
				first[j]++;
	}
	for (int j = 0; j < n; j++) {
		double f = first[j] / 1000.0;
		if (fabs(f - want[j]) > 0.05)
			printf("\n    %s first %.3f, weight %.3f", paths[j], f, want[j]);
		CU_ASSERT(fabs(f - want[j]) <= 0.05);
	}
}

/* With one active client the DRF sorter answers without comparing shares;
 * the answer must follow every change of the active set, whatever the
 * allocations say. */
static void test_single_active(void)
{
	struct sorter *s = make("drf", 0);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	total2(s, 100, 100);
	add_active(s, "a");
	sorter_add(s, "b");
	sorter_add(s, "c/x");
	alloc2(s, "a", 50, 0);
	CU_ASSERT(order_is(s, "a", NULL));
	act(s, "a", 0);
	CU_ASSERT(order_is(s, NULL));
	act(s, "c/x", 1);
	CU_ASSERT(order_is(s, "c/x", NULL));
	act(s, "a", 1);          /* two again: by share, c/x (0) first */
	CU_ASSERT(order_is(s, "c/x", "a", NULL));
	act(s, "c/x", 0);
	CU_ASSERT(order_is(s, "a", NULL));
	sorter_remove(s, sorter_find(s, "a"));
	CU_ASSERT(order_is(s, NULL));
	act(s, "b", 1);
	CU_ASSERT(order_is(s, "b", NULL));
	sorter_free(s);
}

static void test_random_weights(void)
{
	struct sorter *s = make("random", 1);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	total2(s, 100, 100);
	const char *flat[] = {"a", "b", "c", "d"};
	double w[] = {1, 2, 3, 4};
	for (int i = 0; i < 4; i++) {
		add_active(s, flat[i]);
		sorter_update_weight(s, flat[i], w[i]);
	}
	const double want[] = {0.1, 0.2, 0.3, 0.4};
	check_first_place(s, flat, want, 4);
	/* Inactive clients never appear; the others share the rest. */
	act(s, "d", 0);
	const double want3[] = {1 / 6.0, 2 / 6.0, 3 / 6.0};
	check_first_place(s, flat, want3, 3);
	sorter_free(s);

	/* Nested: x (weight 3) holds x/p and x/q (1 each); y weight 1.
	 * Relative weights: x/p = x/q = 3/4 * 1/2, y = 1/4. */
	s = make("random", 2);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	total2(s, 100, 100);
	add_active(s, "x/p");
	add_active(s, "x/q");
	add_active(s, "y");
	sorter_update_weight(s, "x", 3);
	const char *nested[] = {"x/p", "x/q", "y"};
	const double wn[] = {0.375, 0.375, 0.25};
	check_first_place(s, nested, wn, 3);
	sorter_free(s);
}

/*
 * A new allocator is one struct with an order hook; nothing in the role
 * tree changes.  "reverse" orders each level by path, last first, and
 * counts its calls; "heaviest" takes the leaves by relative weight,
 * heaviest first (ties: path).
 */
static int order_calls;

struct count_state {
	int calls;
	int last_n;
	int saw_total;
};

static int path_desc(const void *pa, const void *pb)
{
	const struct alloc_cand *a = pa, *b = pb;
	int c = strcmp(b->path, a->path);
	return c ? c : a->self - b->self;
}

static void reverse_order(void *st, const struct alloc_level *lv,
			  struct alloc_cand *c, int n)
{
	struct count_state *cs = st;
	order_calls++;
	cs->calls++;
	cs->last_n = n;
	cs->saw_total = lv->nres == 2 && lv->total[0] == resq_from_double(100);
	qsort(c, (size_t)n, sizeof *c, path_desc);
}

static int weight_desc(const void *pa, const void *pb)
{
	const struct alloc_cand *a = pa, *b = pb;
	if (a->weight != b->weight)
		return a->weight > b->weight ? -1 : 1;
	return strcmp(a->path, b->path);
}

static void heaviest_order(void *st, const struct alloc_level *lv,
			   struct alloc_cand *c, int n)
{
	struct count_state *cs = st;
	order_calls++;
	cs->calls++;
	cs->last_n = n;
	cs->saw_total = lv->parent == NULL;
	qsort(c, (size_t)n, sizeof *c, weight_desc);
}

static int inits, releases;

static int count_init(void *st, const struct policy_params *p,
		      const char *sorter)
{
	(void)st;
	(void)p;
	if (strcmp(sorter, "test") == 0)
		inits++;
	return 0;
}

static void count_release(void *st)
{
	(void)st;
	releases++;
}

static void test_new_allocator(void)
{
	const struct alloc_policy reverse = {
		.name = "reverse", .summary = "test: paths last first",
		.state_size = sizeof(struct count_state),
		.scope = ALLOC_EACH_LEVEL, .pure = 1,
		.init = count_init, .release = count_release,
		.order = reverse_order,
	};
	inits = releases = 0;
	struct sorter *s = NULL;
	CU_ASSERT_FATAL(sorter_new(&s, &reverse, NULL, "test", 2) == 0);
	CU_ASSERT_EQUAL(inits, 1);
	total2(s, 100, 100);
	add_active(s, "a");
	/* Pure, one active client: listed without asking. */
	CU_ASSERT(order_is(s, "a", NULL));
	add_active(s, "b/c");
	add_active(s, "b/d");
	add_active(s, "b");
	alloc2(s, "a", 1, 1);
	/* Per level, depth first: top (b, a), then under b (b/d, b/c, and
	 * b's own client, which shares its path and comes after). */
	CU_ASSERT(order_is(s, "b/d", "b/c", "b", "a", NULL));
	sorter_free(s);
	CU_ASSERT_EQUAL(releases, 1);

	/* The tree tells the hook the totals; a pure order is reused while
	 * nothing changes. */
	CU_ASSERT_FATAL(sorter_new(&s, &reverse, NULL, "test", 2) == 0);
	total2(s, 100, 100);
	add_active(s, "x");
	add_active(s, "y");
	int out[8];
	order_calls = 0;
	CU_ASSERT_EQUAL(sorter_sort(s, out), 2);
	CU_ASSERT_STRING_EQUAL(sorter_path(s, out[0]), "y");
	CU_ASSERT_EQUAL(order_calls, 1);
	sorter_sort(s, out);
	CU_ASSERT_EQUAL(order_calls, 1);
	alloc2(s, "x", 1, 1);
	sorter_sort(s, out);
	CU_ASSERT_EQUAL(order_calls, 2);
	sorter_free(s);

	const struct alloc_policy heaviest = {
		.name = "heaviest", .summary = "test: relative weight first",
		.state_size = sizeof(struct count_state),
		.scope = ALLOC_ALL_LEAVES,
		.order = heaviest_order,
	};
	CU_ASSERT_FATAL(sorter_new(&s, &heaviest, NULL, "test", 2) == 0);
	total2(s, 100, 100);
	add_active(s, "y");
	/* Not pure: asked even for one leaf, and at every sort. */
	order_calls = 0;
	CU_ASSERT(order_is(s, "y", NULL));
	CU_ASSERT(order_is(s, "y", NULL));
	CU_ASSERT_EQUAL(order_calls, 2);
	add_active(s, "x/p");
	add_active(s, "x/q");
	sorter_update_weight(s, "x", 3);
	/* Relative weights x/p = x/q = .375, y = .25. */
	CU_ASSERT(order_is(s, "x/p", "x/q", "y", NULL));
	sorter_update_weight(s, "y", 9);
	/* y = 9/12, x/p = x/q = 3/12 * 1/2. */
	CU_ASSERT(order_is(s, "y", "x/p", "x/q", NULL));
	sorter_free(s);
}

/* The counters above, checked through a state the test can see. */
static void test_hook_calls(void)
{
	struct count_state cs = {0};
	const struct alloc_policy reverse = {
		.name = "reverse", .summary = "",
		.scope = ALLOC_EACH_LEVEL, .pure = 1, .order = reverse_order,
	};
	/* Call the hook the way the tree does, on a hand-made level. */
	resq_t tot[2] = {resq_from_double(100), resq_from_double(100)};
	resq_t z[2] = {0, 0};
	struct alloc_cand c[3] = {
		{.path = "a", .weight = 1, .alloc = z},
		{.path = "c", .weight = 1, .alloc = z},
		{.path = "b", .weight = 1, .alloc = z},
	};
	struct alloc_level lv = {.sorter = "t", .parent = "", .total = tot,
				 .nres = 2};
	reverse.order(&cs, &lv, c, 3);
	CU_ASSERT_EQUAL(cs.calls, 1);
	CU_ASSERT_EQUAL(cs.last_n, 3);
	CU_ASSERT(cs.saw_total);
	CU_ASSERT_STRING_EQUAL(c[0].path, "c");
	CU_ASSERT_STRING_EQUAL(c[2].path, "a");
}

static const struct test_case cases[] = {
	{"mesos_DRF", test_drf},
	{"mesos_WDRF", test_wdrf},
	{"mesos_AllocationCountTieBreak", test_allocation_count_tie_break},
	{"mesos_HierarchicalAllocation", test_hierarchical_allocation},
	{"mesos_HierarchicalIterationOrder", test_hierarchical_iteration_order},
	{"one_active_client_follows_activation", test_single_active},
	{"random_first_place_matches_weights", test_random_weights},
	{"new_allocator_needs_only_its_hook", test_new_allocator},
	{"hook_orders_a_level", test_hook_calls},
	{NULL, NULL},
};

const struct test_suite suite_sorter = {"sorter", cases};
