/*
 * synth.c - synthetic workloads: the distributions every generated
 * quantity is drawn from (a number is a constant; empirical ones read a
 * histogram file now, so that `validate` catches a bad file), arrival
 * processes (poisson, fixed, empirical, diurnal, bursty) and job classes.
 *
 * Every distribution here is over non-negative reals (durations, counts,
 * resources), so a negative constant or uniform minimum is an error.
 */
#include "reader.h"

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../../workloads/source.h"

#include "../core/diag.h"
#include "../core/err.h"
#include "../core/hist.h"
#include "get.h"
#include "keys.h"

static const struct {
	const char *name;
	const char *param[2];
	int nparam;
} dists[] = {
	[DIST_CONSTANT] = {"constant", {"value", NULL}, 1},
	[DIST_UNIFORM] = {"uniform", {"min", "max"}, 2},
	[DIST_EXPONENTIAL] = {"exponential", {"mean", NULL}, 1},
	[DIST_LOGNORMAL] = {"lognormal", {"mu", "sigma"}, 2},
	[DIST_PARETO] = {"pareto", {"shape", "scale"}, 2},
	[DIST_WEIBULL] = {"weibull", {"shape", "scale"}, 2},
	[DIST_GAMMA] = {"gamma", {"shape", "scale"}, 2},
	[DIST_NORMAL] = {"normal", {"mean", "stddev"}, 2},
	[DIST_EMPIRICAL] = {"empirical", {"file", NULL}, 1},
};
_Static_assert(sizeof dists / sizeof dists[0] == DIST_KINDS,
	       "one entry per enum dist_kind");

static const char *dist_names(char *buf, size_t size)
{
	const char *names[DIST_KINDS];
	for (int i = 0; i < DIST_KINDS; i++)
		names[i] = dists[i].name;
	return cfg_join(names, DIST_KINDS, buf, size);
}

/*
 * The histogram named by the `file:` node f (relative to the scenario),
 * read now so that `validate` catches a bad file, and kept in the
 * scenario's list: every dist_spec naming it shares it.  NULL after an
 * error (reported: the file's own errors are file:LINE:COL, followed by a
 * note naming the scenario line that asked for it).
 */
static const struct hist *load_hist(struct cfg *c, const struct node *f,
				    const char *what)
{
	struct scenario *sc = c->sc;
	const char *rel = cfg_str_of(c, f, "file");
	struct hist *h = NULL;
	if (!rel)
		return NULL;
	char *path = cfg_resolve_path(c, rel);
	if (!path)
		return NULL;
	if (access(path, R_OK) != 0) {
		int e = errno;
		if (e == ENOENT || e == ENOTDIR)
			cfg_err(c, f, "histogram file '%s' not found", rel);
		else
			cfg_err(c, f, "cannot read histogram file '%s': %s",
				rel, strerror(e));
		if (strcmp(rel, path))
			diag_note(c->d, "looked for '%s'", path);
		free(path);
		return NULL;
	}
	int rc = hist_load(path, NULL, c->d, &h);
	if (rc) {
		if (f->file == cfg_set_file)
			diag_note(c->d, "histogram of '%s', from --set", what);
		else
			diag_note(c->d, "histogram of '%s', named at %s:%d:%d",
				  what, f->file, f->line, f->col);
		if (rc == OS_ENOMEM)
			c->oom = 1;
		free(path);
		return NULL;
	}
	free(path);
	struct hist **v = realloc(sc->hists,
				  sizeof *v * (size_t)(sc->nhists + 1));
	if (!v) {
		hist_free(h);
		c->oom = 1;
		return NULL;
	}
	sc->hists = v;
	sc->hists[sc->nhists++] = h;
	return h;
}

/*
 * A distribution: a plain number (constant) or {dist: NAME, params...}.
 * Every distribution here is over non-negative reals (durations, counts,
 * resources), so a negative constant or uniform minimum is an error.
 */
void cfg_load_dist(struct cfg *c, const struct node *v, const char *what,
		      struct dist_spec *ds)
{
	char desc[64], list[256], sug[128];
	ds->pos = node_pos(v);
	ds->kind = DIST_CONSTANT;
	if (v->kind == NODE_SCALAR && !node_is_null(v)) {
		double x;
		if (!cfg_parse_num(v->text, &x))
			cfg_err(c, v, "'%s' must be a number or a distribution "
				"such as {dist: exponential, mean: 2}, got %s",
				what, node_desc(v, desc, sizeof desc));
		else if (x < 0)
			cfg_err(c, v, "'%s' must not be negative, got %.80s",
				what, v->text);
		else if (x > CFG_MAX_RES)
			cfg_err(c, v, "'%s' is too large (at most %.0g), got "
				"%.80s", what, CFG_MAX_RES, v->text);
		else
			ds->p[0] = x;
		return;
	}
	if (v->kind != NODE_MAP) {
		cfg_err(c, v, "'%s' must be a number or a distribution "
			"mapping, got %s", what,
			node_desc(v, desc, sizeof desc));
		return;
	}
	const struct node *dn = node_get(v, "dist");
	if (!dn) {
		cfg_err(c, v, "distribution '%s' needs 'dist' (one of %s)",
			what, dist_names(list, sizeof list));
		cfg_check_dups(c, v, what);
		return;
	}
	const char *name = cfg_str_of(c, dn, "dist");
	if (!name) {
		cfg_check_dups(c, v, what);
		return;
	}
	int k = -1;
	for (int i = 0; i < DIST_KINDS && k < 0; i++)
		if (!strcmp(dists[i].name, name))
			k = i;
	if (k < 0) {
		const char *names[DIST_KINDS];
		for (int i = 0; i < DIST_KINDS; i++)
			names[i] = dists[i].name;
		cfg_err(c, dn, "unknown distribution '%s'%s; valid: %s", name,
			cfg_suggest(name, names, DIST_KINDS, sug, sizeof sug),
			dist_names(list, sizeof list));
		cfg_check_dups(c, v, what);
		return;
	}
	ds->kind = (enum dist_kind)k;
	const char *keys[3] = {"dist", dists[k].param[0], dists[k].param[1]};
	char where[96];
	snprintf(where, sizeof where, "%s distribution '%s'", name, what);
	cfg_check_keys(c, v, where, keys, 1 + dists[k].nparam);
	if (ds->kind == DIST_EMPIRICAL) {
		const struct node *fn = node_get(v, "file");
		if (!fn)
			cfg_err(c, v, "empirical distribution '%s' needs 'file' "
				"(a histogram: rows of lower,upper,count)",
				what);
		else
			ds->hist = load_hist(c, fn, what);
		return;
	}

	const struct node *pn[2] = {NULL, NULL};
	int ok = 1;
	for (int j = 0; j < dists[k].nparam; j++) {
		const char *pname = dists[k].param[j];
		pn[j] = node_get(v, pname);
		if (!pn[j]) {
			cfg_err(c, v, "%s distribution '%s' needs '%s'", name,
				what, pname);
			ok = 0;
		} else if (!cfg_num_of(c, pn[j], pname, CFG_ANY, &ds->p[j])) {
			ok = 0;
		}
	}
	if (!ok)
		return;
	/* Which parameter must be >= 0 / > 0, per kind (first, second). */
	enum cfg_bound need[2] = {CFG_ANY, CFG_ANY};
	switch (ds->kind) {
	case DIST_CONSTANT: need[0] = CFG_NONNEG; break;
	case DIST_UNIFORM: need[0] = CFG_NONNEG; need[1] = CFG_NONNEG; break;
	case DIST_EXPONENTIAL: need[0] = CFG_POS; break;
	case DIST_LOGNORMAL: need[1] = CFG_POS; break;
	case DIST_PARETO:
	case DIST_WEIBULL:
	case DIST_GAMMA: need[0] = CFG_POS; need[1] = CFG_POS; break;
	/* Resampling a normal truncated at 0 must terminate: mean >= 0. */
	case DIST_NORMAL: need[0] = CFG_NONNEG; need[1] = CFG_POS; break;
	default: break;
	}
	for (int j = 0; j < dists[k].nparam; j++) {
		double x = ds->p[j];
		if (need[j] == CFG_NONNEG && x < 0)
			cfg_err(c, pn[j], "'%s' of '%s' must not be negative, "
				"got %s", dists[k].param[j], what, pn[j]->text);
		else if (need[j] == CFG_POS && !(x > 0))
			cfg_err(c, pn[j], "'%s' of '%s' must be positive, "
				"got %s", dists[k].param[j], what, pn[j]->text);
	}
	if (ds->kind == DIST_UNIFORM && ds->p[0] > ds->p[1])
		cfg_err(c, pn[0], "'min' of '%s' (%s) must not exceed 'max' "
			"(%s)", what, pn[0]->text, pn[1]->text);
}

/* The largest diurnal profile: a minute per bin over a week is 10080. */
#define CFG_MAX_PROFILE 100000

static const char *const arrival_procs[] = {
	"poisson", "diurnal", "bursty", "fixed", "empirical",
};

/* arrival: {process: NAME, ...} */
static void load_process(struct cfg *c, const struct node *v,
			 const struct node *pn, struct synth_spec *sy)
{
	static const char *const keys[][6] = {
		{"process", "rate", "mean"},
		{"process", "rate", "amplitude", "profile", "period", "phase"},
		{"process", "rates", "sojourn"},
		{"process", "interval"},
		{"process", "file"},
	};
	static const int nkeys[] = {3, 6, 3, 2, 2};
	struct arrival_spec *p = &sy->proc;
	char sug[128], list[256], where[64];
	const char *name = cfg_str_of(c, pn, "process");
	const struct node *x;
	int k = -1;
	if (!name) {
		cfg_check_dups(c, v, "arrival");
		return;
	}
	for (int i = 0; i < N_OF(arrival_procs) && k < 0; i++)
		if (!strcmp(arrival_procs[i], name))
			k = i;
	if (k < 0) {
		cfg_err(c, pn, "unknown arrival process '%s'%s; valid: %s",
			name, cfg_suggest(name, arrival_procs, N_OF(arrival_procs),
				      sug, sizeof sug),
			cfg_join(arrival_procs, N_OF(arrival_procs), list,
				   sizeof list));
		cfg_check_dups(c, v, "arrival");
		return;
	}
	snprintf(where, sizeof where, "%s arrival process", name);
	cfg_check_keys(c, v, where, keys[k], nkeys[k]);
	p->kind = ARRIVAL_RENEWAL;
	sy->arrival.pos = node_pos(v);
	switch (k) {
	case 0: {   /* poisson: exponential gaps */
		const struct node *r = node_get(v, "rate");
		const struct node *m = node_get(v, "mean");
		double x1;
		sy->arrival.kind = DIST_EXPONENTIAL;
		sy->arrival.p[0] = 1;
		if (r && m)
			cfg_err(c, m, "poisson arrivals take 'rate' (jobs per "
				"second) or 'mean' (seconds between jobs), "
				"not both");
		else if (!r && !m)
			cfg_err(c, v, "poisson arrivals need 'rate' (jobs per "
				"second) or 'mean' (seconds between jobs)");
		else if (r && cfg_num_of(c, r, "rate", CFG_POS, &x1))
			sy->arrival.p[0] = 1 / x1;
		else if (m && cfg_num_of(c, m, "mean", CFG_POS, &x1))
			sy->arrival.p[0] = x1;
		break;
	}
	case 1:     /* diurnal */
		p->kind = ARRIVAL_DIURNAL;
		p->pos = node_pos(v);
		if (!node_get(v, "rate"))
			cfg_err(c, v, "diurnal arrivals need 'rate' (the mean "
				"rate over the period, jobs per second)");
		p->rate = cfg_get_num(c, v, "rate", 1, CFG_POS);
		p->period = cfg_get_num(c, v, "period", 86400, CFG_POS);
		p->phase = cfg_get_num(c, v, "phase", 0, CFG_ANY);
		x = node_get(v, "profile");
		if (x && node_get(v, "amplitude")) {
			cfg_err(c, node_get(v, "amplitude"), "diurnal arrivals "
				"take 'amplitude' (a sinusoid) or 'profile' "
				"(relative rates), not both");
		} else if (x) {
			cfg_num_list(c, x, "profile", 0, CFG_MAX_PROFILE,
				 CFG_NONNEG, 1, &p->profile, &p->nprofile);
		} else if (!node_get(v, "amplitude")) {
			cfg_err(c, v, "diurnal arrivals need 'amplitude' (of a "
				"sinusoid, 0 to 1) or 'profile' (relative "
				"rates, e.g. 24 hourly values)");
		} else {
			p->amplitude = cfg_get_num(c, v, "amplitude", 0,
					       CFG_NONNEG);
			if (p->amplitude > 1)
				cfg_err(c, node_get(v, "amplitude"),
					"'amplitude' must be between 0 and 1 "
					"(the rate would go negative), got %s",
					node_get(v, "amplitude")->text);
		}
		break;
	case 2: {   /* bursty */
		double *a;
		int n;
		p->kind = ARRIVAL_BURSTY;
		p->pos = node_pos(v);
		p->rates[0] = p->rates[1] = 1;
		p->sojourn[0] = p->sojourn[1] = 1;
		if (!node_get(v, "rates") || !node_get(v, "sojourn"))
			cfg_err(c, v, "bursty arrivals need 'rates' (jobs per "
				"second in each of the two states) and "
				"'sojourn' (mean seconds in each)");
		if ((x = node_get(v, "rates")) &&
		    cfg_num_list(c, x, "rates", 2, 2, CFG_NONNEG, 1, &a, &n)) {
			memcpy(p->rates, a, sizeof p->rates);
			free(a);
		}
		if ((x = node_get(v, "sojourn")) &&
		    cfg_num_list(c, x, "sojourn", 2, 2, CFG_POS, 0, &a, &n)) {
			memcpy(p->sojourn, a, sizeof p->sojourn);
			free(a);
		}
		break;
	}
	case 3:     /* fixed: constant gaps */
		sy->arrival.kind = DIST_CONSTANT;
		if (!(x = node_get(v, "interval")))
			cfg_err(c, v, "fixed arrivals need 'interval' (seconds "
				"between jobs)");
		else
			cfg_num_of(c, x, "interval", CFG_NONNEG,
				   &sy->arrival.p[0]);
		break;
	case 4:     /* empirical: gaps from a histogram */
		sy->arrival.kind = DIST_EMPIRICAL;
		if (!(x = node_get(v, "file")))
			cfg_err(c, v, "empirical arrivals need 'file' (a "
				"histogram of interarrival times: rows of "
				"lower,upper,count)");
		else
			sy->arrival.hist = load_hist(c, x, "arrival");
		break;
	}
}

/* arrival: a number or distribution (a renewal process), or a process. */
static void load_arrival(struct cfg *c, const struct node *v,
			 struct synth_spec *sy)
{
	char list[256];
	const struct node *pn = v->kind == NODE_MAP ? node_get(v, "process")
						    : NULL;
	const struct node *dn = v->kind == NODE_MAP ? node_get(v, "dist")
						    : NULL;
	if (pn && dn) {
		cfg_err(c, dn, "'arrival' takes 'process' (an arrival "
			"process) or 'dist' (an interarrival distribution), "
			"not both");
	} else if (pn) {
		load_process(c, v, pn, sy);
	} else if (v->kind == NODE_MAP && !dn) {
		cfg_err(c, v, "'arrival' needs 'process' (one of %s) or 'dist' "
			"(an interarrival distribution)",
			cfg_join(arrival_procs, N_OF(arrival_procs), list,
				   sizeof list));
		cfg_check_dups(c, v, "arrival");
	} else {
		cfg_load_dist(c, v, "arrival", &sy->arrival);
	}
}

/*
 * priority: an integer (of any sign) or a distribution, rounded per job.
 */
static void load_priority(struct cfg *c, const struct node *v,
			  struct dist_spec *ds)
{
	long long x;
	if (v->kind == NODE_SCALAR) {
		ds->kind = DIST_CONSTANT;
		ds->pos = node_pos(v);
		if (cfg_int_of(c, v, "priority", INT_MIN, INT_MAX, &x))
			ds->p[0] = (double)x;
		return;
	}
	cfg_load_dist(c, v, "priority", ds);
}

/* estimate: {factor: DIST} */
static void load_estimate(struct cfg *c, const struct node *v,
			  struct synth_class *k)
{
	const struct node *f;
	if (!cfg_want_map(c, v, "'estimate'"))
		return;
	cfg_check_section(c, v, "estimate", &cfg_sec_estimate);
	if (!(f = node_get(v, "factor"))) {
		cfg_err(c, v, "'estimate' needs 'factor' (the user's estimate "
			"is the duration times a draw of it), e.g. {factor: "
			"{dist: uniform, min: 1, max: 5}}");
		return;
	}
	cfg_load_dist(c, f, "factor", &k->estimate);
	k->has_estimate = 1;
}

/*
 * The keys a job class shares with the workload level: duration,
 * tasks_per_job, resources, priority, estimate.  Keys that m does not
 * have leave k as it is, and resources merge name by name, so a class
 * starts from the workload's settings and overrides what it names.
 * *has_duration is set when m gives a duration.
 */
static void load_class_keys(struct cfg *c, const struct node *m,
			    struct synth_class *k, int *has_duration)
{
	struct scenario *sc = c->sc;
	const struct node *v;
	char list[512];
	if ((v = node_get(m, "duration"))) {
		cfg_load_dist(c, v, "duration", &k->duration);
		*has_duration = 1;
	}
	if ((v = node_get(m, "tasks_per_job"))) {
		int before = diag_errors(c->d);
		cfg_load_dist(c, v, "tasks_per_job", &k->tasks_per_job);
		/* A job of zero tasks is a mistake, not a rounding detail. */
		if (diag_errors(c->d) == before &&
		    k->tasks_per_job.kind == DIST_CONSTANT &&
		    k->tasks_per_job.p[0] < 1)
			cfg_err(c, v, "'tasks_per_job' must be at least 1");
		else if (diag_errors(c->d) == before &&
			 k->tasks_per_job.kind == DIST_CONSTANT &&
			 k->tasks_per_job.p[0] > WL_JOB_TASKS_MAX)
			cfg_err(c, v, "'tasks_per_job' must be at most 1048576 "
				"(the limit of tasks per job)");
	}
	if ((v = node_get(m, "priority")))
		load_priority(c, v, &k->priority);
	if ((v = node_get(m, "estimate")))
		load_estimate(c, v, k);

	const struct node *r = node_get(m, "resources");
	if (!r || node_is_null(r) || !cfg_want_map(c, r, "'resources'"))
		return;
	cfg_check_dups(c, r, "resources");
	const char *have[RES_MAX];
	int seen[RES_MAX] = {0};
	for (int i = 0; i < sc->res.n; i++)
		have[i] = sc->res.name[i];
	for (int i = 0; i + 1 < r->n; i += 2) {
		const struct node *kn = r->kid[i];
		int ri = res_find(&sc->res, kn->text);
		if (ri < 0) {
			/* With no resources at all, the cluster already
			 * failed; one error there is enough. */
			if (sc->res.n == 0)
				continue;
			cfg_err(c, kn, "resource '%s' is not provided by any "
				"agent (agents provide: %s)", kn->text,
				cfg_join(have, sc->res.n, list, sizeof list));
			continue;
		}
		if (seen[ri])
			continue;   /* a duplicate key, reported above */
		seen[ri] = 1;
		cfg_load_dist(c, r->kid[i + 1], kn->text, &k->res[ri]);
		k->has_res[ri] = 1;
	}
}

/* Class names become part of stream names ("duration/web/short"). */
static int class_name_ok(const char *s)
{
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '_' || *s == '-' ||
		      *s == '.'))
			return 0;
	return 1;
}

static void load_classes(struct cfg *c, const struct node *l, const char *fw,
			 const struct synth_class *def, int def_duration,
			 struct synth_spec *sy)
{
	char desc[64], where[128];
	if (!cfg_want_list(c, l, "classes", "job classes", "class"))
		return;
	sy->classes = cfg_calloc(c, (size_t)l->n, sizeof *sy->classes);
	if (!sy->classes)
		return;
	sy->nclasses = l->n;
	for (int i = 0; i < l->n; i++) {
		const struct node *e = l->kid[i];
		struct synth_class *k = &sy->classes[i];
		int has_duration = def_duration;
		*k = *def;
		k->name = NULL;
		k->pos = node_pos(e);
		if (e->kind != NODE_MAP) {
			cfg_err(c, e, "class #%d must be a mapping, got %s",
				i + 1, node_desc(e, desc, sizeof desc));
			continue;
		}
		const char *nm = node_name(e);
		if (nm && *nm)
			snprintf(where, sizeof where, "class '%.40s' of "
				 "framework '%.40s'", nm, fw);
		else
			snprintf(where, sizeof where, "class #%d of framework "
				 "'%.40s'", i + 1, fw);
		cfg_check_section(c, e, where, &cfg_sec_class);
		if (!node_get(e, "name"))
			cfg_err(c, e, "missing required key 'name' in %s",
				where);
		cfg_read_keys(c, e, e, &cfg_sec_class, k, 0); /* name, weight */
		if (k->name && !class_name_ok(k->name))
			cfg_err(c, node_get(e, "name"), "class name '%s' may "
				"only hold letters, digits, '_', '-' and '.'",
				k->name);
		for (int j = 0; k->name && j < i; j++) {
			const struct synth_class *o = &sy->classes[j];
			if (!o->name || strcmp(o->name, k->name))
				continue;
			cfg_dup_name(c, node_get(e, "name"), "class", k->name,
				     o->pos.line);
			break;
		}
		load_class_keys(c, e, k, &has_duration);
		if (!has_duration)
			cfg_err(c, e, "%s needs 'duration' (or give one for "
				"the whole workload)", where);
	}
}

void cfg_load_synth(struct cfg *c, const struct node *s, const char *fw,
		       struct synth_spec *sy)
{
	struct synth_class def;
	char where[96];
	const struct node *v, *cl;
	int has_duration = 0;
	memset(&def, 0, sizeof def);
	def.tasks_per_job.kind = DIST_CONSTANT;
	def.tasks_per_job.p[0] = 1;
	def.weight = 1;
	sy->tasks_per_job = def.tasks_per_job;
	if (!cfg_want_map(c, s, "'synthetic'"))
		return;
	snprintf(where, sizeof where, "synthetic workload of framework "
		 "'%.40s'", fw);
	cfg_check_section(c, s, where, &cfg_sec_synth);
	cl = node_get(s, "classes");
	if (!node_get(s, "jobs"))
		cfg_err(c, s, "missing required key 'jobs' in %s", where);
	if (!node_get(s, "arrival"))
		cfg_err(c, s, "missing required key 'arrival' in %s", where);
	cfg_read_keys(c, s, s, &cfg_sec_synth, sy, 0);    /* jobs, start */
	if ((v = node_get(s, "arrival")))
		load_arrival(c, v, sy);

	/* The workload-level keys: the one class, or the classes'
	 * defaults. */
	load_class_keys(c, s, &def, &has_duration);
	sy->duration = def.duration;
	sy->tasks_per_job = def.tasks_per_job;
	memcpy(sy->res, def.res, sizeof sy->res);
	memcpy(sy->has_res, def.has_res, sizeof sy->has_res);
	sy->priority = def.priority;
	sy->estimate = def.estimate;
	sy->has_estimate = def.has_estimate;
	if (cl)
		load_classes(c, cl, fw, &def, has_duration, sy);
	else if (!has_duration)
		cfg_err(c, s, "missing required key 'duration' in %s", where);
}

/* Whether some agent group holds the constant demands of res/has. */
static int constant_fits(const struct scenario *sc,
			 const struct dist_spec *res, const int *has)
{
	for (int g = 0; g < sc->ngroups; g++) {
		int ok = 1;
		for (int i = 0; i < sc->res.n && ok; i++)
			if (has[i] && res[i].kind == DIST_CONSTANT &&
			    resq_from_double(res[i].p[0]) > sc->groups[g].res[i])
				ok = 0;
		if (ok)
			return 1;
	}
	return 0;
}

void cfg_check_synth_fit(struct cfg *c)
{
	const struct scenario *sc = c->sc;
	if (sc->ngroups == 0)
		return;         /* reported elsewhere */
	for (int f = 0; f < sc->nfws; f++) {
		const struct framework_spec *fs = &sc->fws[f];
		if (fs->wl.kind != WL_SYNTHETIC)
			continue;
		const struct synth_spec *sy = &fs->wl.synth;
		int n = sy->nclasses > 0 ? sy->nclasses : 1;
		for (int k = 0; k < n; k++) {
			const struct synth_class *cl =
				sy->nclasses > 0 ? &sy->classes[k] : NULL;
			const struct dist_spec *res = cl ? cl->res : sy->res;
			const int *has = cl ? cl->has_res : sy->has_res;
			if (constant_fits(sc, res, has))
				continue;
			/* At the first constant demand no agent holds. */
			struct src_pos at = cl ? cl->pos : fs->wl.pos;
			for (int i = 0; i < sc->res.n; i++)
				if (has[i] && res[i].kind == DIST_CONSTANT &&
				    res[i].pos.line) {
					at = res[i].pos;
					break;
				}
			cfg_err_at(c, c->file, at.line, at.col,
				   "every task of %s%s%sframework '%s' needs more "
				   "than any agent has (its constant demands fit "
				   "no agent group), so none could run",
				   cl ? "class '" : "", cl ? cl->name : "",
				   cl ? "' of " : "", fs->name ? fs->name : "");
		}
	}
}
