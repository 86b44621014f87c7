/*
 * fit.c - the packing placement rules: best fit, worst fit and Tetris.
 *
 * Each scores every offer that fits the task and takes the best score,
 * ties going to the lower offer index (the order the master made them in).
 * Quantities are normalized by the agent's capacity so that cpus and
 * megabytes weigh alike:
 *
 *   best_fit   least leftover after placing: sum_r (free_r - d_r) / cap_r
 *   worst_fit  most leftover (spreads load, keeps big holes)
 *   tetris     largest alignment sum_r (d_r / cap_r) * (free_r / cap_r), the
 *              packing score of Grandl et al., "Multi-Resource Packing for
 *              Cluster Schedulers", SIGCOMM 2014
 */
#include "policy.h"

enum fit_kind { FIT_BEST, FIT_WORST, FIT_TETRIS };

static double score(const struct place_view *v, int i, enum fit_kind k)
{
	double s = 0;
	for (int r = 0; r < v->nres; r++) {
		double cap = (double)v->agent_total[i][r];
		if (cap <= 0)
			continue;
		double fr = (double)v->free[i][r] / cap;
		double d = (double)v->demand[r] / cap;
		if (k == FIT_TETRIS)
			s += d * fr;
		else
			s += fr - d;
	}
	return k == FIT_BEST ? -s : s;   /* higher is better */
}

static int choose(const struct place_view *v, enum fit_kind k)
{
	int best = v->fits[0];
	double bs = score(v, best, k);
	for (int j = 1; j < v->nfits; j++) {
		double s = score(v, v->fits[j], k);
		if (s > bs) {
			bs = s;
			best = v->fits[j];
		}
	}
	return best;
}

static int best_choose(void *st, const struct place_view *v)
{
	(void)st;
	return choose(v, FIT_BEST);
}

static int worst_choose(void *st, const struct place_view *v)
{
	(void)st;
	return choose(v, FIT_WORST);
}

static int tetris_choose(void *st, const struct place_view *v)
{
	(void)st;
	return choose(v, FIT_TETRIS);
}

static double best_score(void *st, const struct place_view *v, int i)
{
	(void)st;
	return score(v, i, FIT_BEST);
}

static double worst_score(void *st, const struct place_view *v, int i)
{
	(void)st;
	return score(v, i, FIT_WORST);
}

static double tetris_score(void *st, const struct place_view *v, int i)
{
	(void)st;
	return score(v, i, FIT_TETRIS);
}

const struct placement_policy place_best_fit = {
	.name = "best_fit",
	.summary = "the fitting offer with the least normalized leftover",
	.choose = best_choose,
	.score = best_score,
};

const struct placement_policy place_worst_fit = {
	.name = "worst_fit",
	.summary = "the fitting offer with the most normalized leftover",
	.choose = worst_choose,
	.score = worst_score,
};

const struct placement_policy place_tetris = {
	.name = "tetris",
	.summary = "largest dot product of demand and free resources (Grandl et al., SIGCOMM'14)",
	.choose = tetris_choose,
	.score = tetris_score,
};
