/*
 * metrics.c - measurement and output files of a run (see metrics.h).
 *
 * Definitions (all times in seconds):
 *   wait      = start - submit
 *   response  = end - submit
 *   slowdown  = response / run, over tasks with run > 0
 *   bounded slowdown = max(1, response / max(run, tau)), tau configurable
 *   utilization of a resource = time-weighted mean of (in use / total)
 *               over [0, sim_time]; "in use" means held by running tasks
 *               (offered but unused resources do not count)
 *   offered load of a resource = sum over submitted tasks of duration x
 *               demand / (capacity at the start x (last submit - first
 *               submit)), workloads/transform.h; a framework's share uses
 *               the span of all arrivals, so the shares add up
 * Percentiles are GSL's (gsl_stats_quantile_from_sorted_data: linear
 * interpolation between order statistics).
 */
#include "metrics.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <gsl/gsl_sort.h>
#include <gsl/gsl_statistics_double.h>

#include "diag.h"
#include "err.h"
#include "fmt.h"
#include "scenario.h"
#include "version.h"
#include "world.h"
#include "../workloads/transform.h"

static const char *const mf_names[MF_COUNT] = {
	"tasks.csv", "utilization.csv", "shares.csv", "offers.csv",
};

static int dvec_push(struct dvec *d, double x)
{
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 256;
		double *v = realloc(d->v, cap * sizeof *v);
		if (!v)
			return OS_ENOMEM;
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n++] = x;
	return 0;
}

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = malloc(n);
	if (p)
		snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* mkdir -p */
static int make_dirs(const char *path)
{
	char *p = strdup(path);
	if (!p)
		return -1;
	for (char *s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0777) && errno != EEXIST) {
			free(p);
			return -1;
		}
		*s = '/';
	}
	int rc = mkdir(p, 0777);
	free(p);
	return rc && errno != EEXIST ? -1 : 0;
}

int metrics_open(struct world *w, const char *dir)
{
	struct metrics *m = &w->met;
	m->bsd_tau = w->sc->bounded_slowdown_threshold > 0
			     ? w->sc->bounded_slowdown_threshold : 10;
	m->first_submit = -1;
	if (make_dirs(dir)) {
		diag_error(w->diag, dir, 0, 0, "cannot create output directory: %s",
			   strerror(errno));
		return OS_EIO;
	}
	m->dir = strdup(dir);
	if (!m->dir)
		return OS_ENOMEM;
	for (int i = 0; i < MF_COUNT; i++) {
		char tmpname[64];
		snprintf(tmpname, sizeof tmpname, ".%s.tmp", mf_names[i]);
		m->tmp[i] = path_join(dir, tmpname);
		m->final[i] = path_join(dir, mf_names[i]);
		if (!m->tmp[i] || !m->final[i])
			return OS_ENOMEM;
		/* A stale result of an earlier run must not survive a failed
		 * one and pass for its output. */
		unlink(m->final[i]);
		m->f[i] = fopen(m->tmp[i], "w");
		if (!m->f[i]) {
			diag_error(w->diag, m->tmp[i], 0, 0, "cannot write: %s",
				   strerror(errno));
			return OS_EIO;
		}
	}
	char *sj = path_join(dir, "summary.json");
	if (sj) {
		unlink(sj);
		free(sj);
	}
	const struct res_names *rn = &w->sc->res;
	fputs("framework,job_id,task_id,agent,submit,start,end,wait,response,slowdown,state,preemptions\n",
	      m->f[MF_TASKS]);
	fputs("time", m->f[MF_UTIL]);
	for (int r = 0; r < rn->n; r++)
		fprintf(m->f[MF_UTIL], ",%s", rn->name[r]);
	fputc('\n', m->f[MF_UTIL]);
	fputs("time", m->f[MF_SHARES]);
	for (int i = 0; i < w->nfws; i++)
		fprintf(m->f[MF_SHARES], ",%s", w->fws[i].name);
	fputc('\n', m->f[MF_SHARES]);
	fputs("offer,time,answered,framework,role,agent", m->f[MF_OFFERS]);
	for (int r = 0; r < rn->n; r++)
		fprintf(m->f[MF_OFFERS], ",%s", rn->name[r]);
	fputs(",tasks,outcome\n", m->f[MF_OFFERS]);
	return 0;
}

void metrics_before_use_change(struct world *w)
{
	struct metrics *m = &w->met;
	simtime_t dt = w->now - m->last_change;
	if (dt > 0)
		for (int r = 0; r < w->nres; r++)
			m->used_integral[r] += (double)w->used[r] * (double)dt;
	m->last_change = w->now;
}

void metrics_task_submitted(struct world *w, const struct task *t)
{
	struct metrics *m = &w->met;
	struct fw_metrics *fm = &w->fws[t->fw].m;
	fm->submitted++;
	if (m->first_submit < 0 || t->pt.submit < m->first_submit)
		m->first_submit = t->pt.submit;
	if (t->pt.submit > m->last_submit)
		m->last_submit = t->pt.submit;
	double dur = simtime_to_sec(t->pt.duration);
	for (int r = 0; r < w->nres; r++)
		fm->work[r] += dur * resq_to_double(t->res[r]);
}

static void task_row(struct world *w, const struct task *t, simtime_t end,
		     const char *state)
{
	char line[512];
	struct fmtbuf b = {line, line + sizeof line};
	const struct framework *fw = &w->fws[t->fw];
	fmt_str(&b, fw->name);
	fmt_char(&b, ',');
	fmt_i64(&b, t->pt.job_id);
	fmt_char(&b, ',');
	fmt_i64(&b, t->pt.task_id);
	fmt_char(&b, ',');
	if (t->agent >= 0)
		fmt_str(&b, w->agents[t->agent].name);
	fmt_char(&b, ',');
	fmt_fixed(&b, t->pt.submit, 6);
	fmt_char(&b, ',');
	if (t->start >= 0)
		fmt_fixed(&b, t->start, 6);
	fmt_char(&b, ',');
	if (end >= 0) {
		simtime_t run = t->pt.duration;
		simtime_t held = t->served + (end - t->pt.start);
		fmt_fixed(&b, end, 6);
		fmt_char(&b, ',');
		fmt_fixed(&b, end - t->pt.submit - held, 6);
		fmt_char(&b, ',');
		fmt_fixed(&b, end - t->pt.submit, 6);
		fmt_char(&b, ',');
		if (run > 0) {
			/* slowdown = response / run, to 6 decimals, rounded */
			double sd = (double)(end - t->pt.submit) / (double)run;
			fmt_fixed(&b, (int64_t)(sd * 1e6 + 0.5), 6);
		}
	} else if (t->start >= 0) {
		fmt_char(&b, ',');
		fmt_fixed(&b, t->start - t->pt.submit, 6);
		fmt_str(&b, ",,");
	} else {
		fmt_str(&b, ",,,");
	}
	fmt_char(&b, ',');
	fmt_str(&b, state);
	fmt_char(&b, ',');
	fmt_i64(&b, t->pt.preemptions);
	fmt_char(&b, '\n');
	fwrite(line, 1, (size_t)(b.p - line), w->met.f[MF_TASKS]);
}

void metrics_task_finished(struct world *w, const struct task *t,
			   simtime_t end)
{
	struct metrics *m = &w->met;
	struct fw_metrics *fm = &w->fws[t->fw].m;
	/* Time on resources, over every run of a preempted task; waiting is
	 * the rest of the response time.  Slowdowns divide by the work the
	 * task needs (its duration), so work lost to restarts counts against
	 * them. */
	simtime_t held = t->served + (end - t->pt.start);
	double resp = simtime_to_sec(end - t->pt.submit);
	double wait = resp - simtime_to_sec(held);
	double run = simtime_to_sec(t->pt.duration);
	fm->finished++;
	if (dvec_push(&fm->wait, wait) || dvec_push(&fm->response, resp))
		w->failed = OS_ENOMEM;
	if (run > 0) {
		fm->slowdown_sum += resp / run;
		fm->slowdown_n++;
	}
	double b = resp / (run > m->bsd_tau ? run : m->bsd_tau);
	fm->bsd_sum += b > 1 ? b : 1;
	if (end > m->last_end)
		m->last_end = end;
	task_row(w, t, end, "finished");
}

void metrics_task_rejected(struct world *w, const struct task *t)
{
	w->fws[t->fw].m.rejected++;
	task_row(w, t, -1, "rejected");
}

void metrics_offer_done(struct world *w, const struct offer *o,
			const char *outcome)
{
	if (!w->sc->offer_log)
		return;   /* counted in summary.json all the same */
	char line[1024];
	struct fmtbuf b = {line, line + sizeof line};
	const struct framework *fw = &w->fws[o->fw];
	fmt_u64(&b, o->number);
	fmt_char(&b, ',');
	fmt_fixed(&b, o->made, 6);
	fmt_char(&b, ',');
	fmt_fixed(&b, w->now, 6);
	fmt_char(&b, ',');
	fmt_str(&b, fw->name);
	fmt_char(&b, ',');
	fmt_str(&b, fw->role);
	fmt_char(&b, ',');
	fmt_str(&b, w->agents[o->agent].name);
	for (int r = 0; r < w->nres; r++) {
		fmt_char(&b, ',');
		fmt_trimmed(&b, o->res[r], 3);
	}
	fmt_char(&b, ',');
	fmt_i64(&b, o->launched);
	fmt_char(&b, ',');
	fmt_str(&b, outcome);
	fmt_char(&b, '\n');
	fwrite(line, 1, (size_t)(b.p - line), w->met.f[MF_OFFERS]);
}

void metrics_sample(struct world *w)
{
	struct metrics *m = &w->met;
	FILE *u = m->f[MF_UTIL], *s = m->f[MF_SHARES];
	fprintf(u, "%.6f", simtime_to_sec(w->now));
	for (int r = 0; r < w->nres; r++)
		fprintf(u, ",%.6f", w->total[r] > 0
				   ? (double)w->used[r] / (double)w->total[r] : 0.0);
	fputc('\n', u);
	fprintf(s, "%.6f", simtime_to_sec(w->now));
	for (int i = 0; i < w->nfws; i++)
		fprintf(s, ",%.6f", policy_dominant_share(w->fws[i].allocated,
							  w->total, w->nres));
	fputc('\n', s);
}

/* ------------------------------------------------------------------ */
/* Summary                                                              */

struct stats {
	size_t n;
	double mean, p50, p90, p95, p99, max;
};

static void stats_of(double *v, size_t n, struct stats *s)
{
	memset(s, 0, sizeof *s);
	s->n = n;
	if (n == 0)
		return;
	gsl_sort(v, 1, n);
	s->mean = gsl_stats_mean(v, 1, n);
	s->p50 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.50);
	s->p90 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.90);
	s->p95 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.95);
	s->p99 = gsl_stats_quantile_from_sorted_data(v, 1, n, 0.99);
	s->max = v[n - 1];
}

static void json_num(FILE *f, double x)
{
	if (!isfinite(x))
		fputs("null", f);
	else if (x == floor(x) && fabs(x) < 1e15)
		fprintf(f, "%.0f", x);
	else
		fprintf(f, "%.9g", x);
}

static void json_str(FILE *f, const char *s)
{
	fputc('"', f);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c < 0x20)
			fprintf(f, "\\u%04x", c);
		else
			fputc(c, f);
	}
	fputc('"', f);
}

static void json_stats(FILE *f, const char *key, const struct stats *s,
		       const char *ind)
{
	fprintf(f, "%s\"%s\": {", ind, key);
	if (s->n == 0) {
		fputs("\"mean\": null, \"p50\": null, \"p90\": null, \"p95\": null, \"p99\": null, \"max\": null}", f);
		return;
	}
	const char *names[] = {"mean", "p50", "p90", "p95", "p99", "max"};
	double vals[] = {s->mean, s->p50, s->p90, s->p95, s->p99, s->max};
	for (int i = 0; i < 6; i++) {
		fprintf(f, "%s\"%s\": ", i ? ", " : "", names[i]);
		json_num(f, vals[i]);
	}
	fputc('}', f);
}

struct fig {
	uint64_t submitted, finished, rejected, waiting, running;
	uint64_t offers, accepted, declined, rescinded;
	uint64_t preemptions;
	double wasted;
	struct stats wait, resp;
	double slowdown, bsd;
};

static int figures(struct fw_metrics *const *ms, int n, struct fig *g)
{
	memset(g, 0, sizeof *g);
	size_t total = 0;
	double sd = 0, bsd = 0;
	uint64_t sdn = 0;
	for (int i = 0; i < n; i++) {
		const struct fw_metrics *m = ms[i];
		g->submitted += m->submitted;
		g->finished += m->finished;
		g->rejected += m->rejected;
		g->offers += m->offers;
		g->accepted += m->accepted;
		g->declined += m->declined;
		g->rescinded += m->rescinded;
		g->preemptions += m->preemptions;
		g->wasted += m->wasted;
		total += m->wait.n;
		sd += m->slowdown_sum;
		sdn += m->slowdown_n;
		bsd += m->bsd_sum;
	}
	double *wv = malloc((total ? total : 1) * sizeof *wv);
	double *rv = malloc((total ? total : 1) * sizeof *rv);
	if (!wv || !rv) {
		free(wv);
		free(rv);
		return OS_ENOMEM;
	}
	size_t k = 0;
	for (int i = 0; i < n; i++) {
		if (ms[i]->wait.n == 0)
			continue;   /* v may be NULL: memcpy must not see it */
		memcpy(wv + k, ms[i]->wait.v, ms[i]->wait.n * sizeof *wv);
		memcpy(rv + k, ms[i]->response.v, ms[i]->response.n * sizeof *rv);
		k += ms[i]->wait.n;
	}
	stats_of(wv, total, &g->wait);
	stats_of(rv, total, &g->resp);
	g->slowdown = sdn ? sd / (double)sdn : NAN;
	g->bsd = total ? bsd / (double)total : NAN;
	free(wv);
	free(rv);
	return 0;
}

static void json_fig(FILE *f, const struct fig *g, const char *ind)
{
	fprintf(f, "%s\"tasks\": {\"submitted\": %llu, \"finished\": %llu, \"rejected\": %llu, \"waiting\": %llu, \"running\": %llu},\n",
		ind, (unsigned long long)g->submitted, (unsigned long long)g->finished,
		(unsigned long long)g->rejected, (unsigned long long)g->waiting,
		(unsigned long long)g->running);
	json_stats(f, "wait", &g->wait, ind);
	fputs(",\n", f);
	json_stats(f, "response", &g->resp, ind);
	fprintf(f, ",\n%s\"slowdown\": {\"mean\": ", ind);
	json_num(f, g->slowdown);
	fprintf(f, "},\n%s\"bounded_slowdown\": {\"mean\": ", ind);
	json_num(f, g->bsd);
	fprintf(f, "},\n%s\"preemptions\": %llu,\n%s\"wasted_work\": ", ind,
		(unsigned long long)g->preemptions, ind);
	json_num(f, g->wasted);
	fprintf(f, ",\n%s\"offers\": {\"made\": %llu, \"accepted\": %llu, \"declined\": %llu, \"rescinded\": %llu}",
		ind, (unsigned long long)g->offers, (unsigned long long)g->accepted,
		(unsigned long long)g->declined, (unsigned long long)g->rescinded);
}

static void human_stats(FILE *out, const char *what, const struct stats *s)
{
	if (s->n == 0) {
		fprintf(out, "  %-9s (no finished tasks)\n", what);
		return;
	}
	fprintf(out, "  %-9s mean %.3f  p50 %.3f  p95 %.3f  p99 %.3f  max %.3f s\n",
		what, s->mean, s->p50, s->p95, s->p99, s->max);
}

/* "offered_load": {"cpus": L, ...} of work over span (transform.h). */
static void json_load(FILE *f, const struct world *w, const double *work,
		      simtime_t span, const char *ind)
{
	double load[RES_MAX];
	wl_offered_load(w->sc, work, span, NULL, load);
	fprintf(f, "%s\"offered_load\": {", ind);
	for (int r = 0; r < w->nres; r++) {
		fprintf(f, "%s", r ? ", " : "");
		json_str(f, w->sc->res.name[r]);
		fputs(": ", f);
		json_num(f, load[r]);
	}
	fputc('}', f);
}

/* What time_scale or load_scale did to framework i's submit times. */
static void json_scale(FILE *f, const struct world *w, int i)
{
	const struct workload_spec *wl = &w->fws[i].spec->wl;
	double factor = wl_time_factor(w->fws[i].src);
	if (wl->load_scale > 0) {
		fputs(",\n      \"load_scale\": {\"target\": ", f);
		json_num(f, wl->load_scale);
		fputs(", \"resource\": ", f);
		json_str(f, wl->load_resource ? wl->load_resource : "most loaded");
		fputs(", \"time_factor\": ", f);
		json_num(f, factor);
		fputc('}', f);
	} else if (factor != 1) {
		fputs(",\n      \"time_scale\": ", f);
		json_num(f, factor);
	}
}

static void human_load(FILE *out, const struct world *w, const double *work,
		       simtime_t span)
{
	double load[RES_MAX];
	wl_offered_load(w->sc, work, span, NULL, load);
	fputs("  offered  ", out);
	for (int r = 0; r < w->nres; r++)
		fprintf(out, " %s %.3f", w->sc->res.name[r], load[r]);
	fprintf(out, " (arrivals over %.3f s)\n", simtime_to_sec(span));
	/* Once per scenario entry: the frameworks framework_by made of one
	 * entry share its factor. */
	for (int i = 0; i < w->nfws; i++) {
		const struct workload_spec *wl = &w->fws[i].spec->wl;
		int seen = 0;
		for (int j = 0; j < i && !seen; j++)
			seen = wl->origin && w->fws[j].spec->wl.origin &&
			       !strcmp(wl->origin, w->fws[j].spec->wl.origin);
		if (wl->load_scale > 0 && !seen)
			fprintf(out, "  load_scale %s: target %g of %s, submit "
				"times x %.6g\n", wl->origin ? wl->origin
				: w->fws[i].name, wl->load_scale,
				wl->load_resource ? wl->load_resource
				: "the most loaded resource",
				wl_time_factor(w->fws[i].src));
	}
}

static int write_summary(struct world *w, FILE *out)
{
	struct metrics *m = &w->met;
	int n = w->nfws;
	struct fw_metrics **ms = calloc((size_t)n, sizeof *ms);
	struct fig *per = calloc((size_t)n, sizeof *per);
	struct fig all;
	if (!ms || !per) {
		free(ms);
		free(per);
		return OS_ENOMEM;
	}
	for (int i = 0; i < n; i++)
		ms[i] = &w->fws[i].m;
	int rc = figures(ms, n, &all);
	for (int i = 0; i < n && !rc; i++) {
		if (n == 1)
			per[i] = all;   /* the same figures: do not sort twice */
		else
			rc = figures(&ms[i], 1, &per[i]);
	}
	if (rc)
		goto out;
	/* Count what is still waiting or running. */
	for (uint32_t id = 0; id < w->tasks.next_fresh; id++) {
		const struct task *t = W_TASK(w, id);
		if (t->state == TASK_WAITING || t->state == TASK_RUNNING) {
			struct fig *g = &per[t->fw];
			if (t->state == TASK_WAITING) {
				g->waiting++;
				all.waiting++;
			} else {
				g->running++;
				all.running++;
			}
		}
	}
	double simsec = simtime_to_sec(w->now);
	char *tmp = path_join(m->dir, ".summary.json.tmp");
	char *fin = path_join(m->dir, "summary.json");
	FILE *f = tmp ? fopen(tmp, "w") : NULL;
	if (!f) {
		diag_error(w->diag, tmp ? tmp : m->dir, 0, 0, "cannot write: %s",
			   strerror(errno));
		rc = OS_EIO;
		free(tmp);
		free(fin);
		goto out;
	}
	fputs("{\n  \"offersim_version\": ", f);
	json_str(f, OFFERSIM_VERSION);
	fputs(",\n  \"scenario\": ", f);
	json_str(f, w->sc->name);
	fprintf(f, ",\n  \"seed\": %llu,\n  \"generator\": \"mt19937\",\n",
		(unsigned long long)w->sc->seed);
	fputs("  \"allocator\": ", f);
	json_str(f, w->sc->allocator);
	fprintf(f, ",\n  \"events\": %llu,\n  \"sim_time\": ",
		(unsigned long long)w->events);
	json_num(f, simsec);
	fputs(",\n  \"makespan\": ", f);
	json_num(f, simtime_to_sec(m->last_end));
	fprintf(f, ",\n  \"allocation_passes\": %llu,\n", (unsigned long long)w->passes);
	fputs("  \"utilization\": {", f);
	double util[RES_MAX];
	for (int r = 0; r < w->nres; r++) {
		util[r] = w->now > 0 && w->total[r] > 0
				  ? m->used_integral[r] / ((double)w->total[r] * (double)w->now)
				  : 0.0;
		fprintf(f, "%s", r ? ", " : "");
		json_str(f, w->sc->res.name[r]);
		fputs(": ", f);
		json_num(f, util[r]);
	}
	fputs("},\n", f);
	double work[RES_MAX] = {0};
	simtime_t span = m->first_submit >= 0 ? m->last_submit - m->first_submit : 0;
	for (int i = 0; i < n; i++)
		for (int r = 0; r < w->nres; r++)
			work[r] += w->fws[i].m.work[r];
	json_load(f, w, work, span, "  ");
	fputs(",\n", f);
	json_fig(f, &all, "  ");
	fputs(",\n  \"bounded_slowdown_threshold\": ", f);
	json_num(f, m->bsd_tau);
	fputs(",\n  \"frameworks\": {", f);
	for (int i = 0; i < n; i++) {
		fprintf(f, "%s\n    ", i ? "," : "");
		json_str(f, w->fws[i].name);
		fputs(": {\n      \"role\": ", f);
		json_str(f, w->fws[i].role);
		fputs(",\n      \"policy\": ", f);
		json_str(f, w->fws[i].pol->name);
		fputs(",\n", f);
		json_fig(f, &per[i], "      ");
		fputs(",\n      \"final_dominant_share\": ", f);
		json_num(f, policy_dominant_share(w->fws[i].allocated, w->total, w->nres));
		fputs(",\n", f);
		json_load(f, w, w->fws[i].m.work, span, "      ");
		json_scale(f, w, i);
		fputs("\n    }", f);
	}
	fputs("\n  }\n}\n", f);
	if (ferror(f) | fclose(f)) {
		diag_error(w->diag, tmp, 0, 0, "write failed");
		rc = OS_EIO;
	} else if (rename(tmp, fin)) {
		diag_error(w->diag, fin, 0, 0, "cannot rename: %s", strerror(errno));
		rc = OS_EIO;
	}
	if (rc)
		unlink(tmp);
	free(tmp);
	free(fin);
	if (rc || !out)
		goto out;

	fprintf(out, "offersim %s: scenario %s, seed %llu, allocator %s\n",
		OFFERSIM_VERSION, w->sc->name, (unsigned long long)w->sc->seed,
		w->sc->allocator);
	fprintf(out, "  sim time %.3f s, %llu events, %llu allocation passes\n",
		simsec, (unsigned long long)w->events, (unsigned long long)w->passes);
	fprintf(out, "  tasks     %llu submitted, %llu finished, %llu running, %llu waiting, %llu rejected\n",
		(unsigned long long)all.submitted, (unsigned long long)all.finished,
		(unsigned long long)all.running, (unsigned long long)all.waiting,
		(unsigned long long)all.rejected);
	fputs("  util     ", out);
	for (int r = 0; r < w->nres; r++)
		fprintf(out, " %s %.3f", w->sc->res.name[r], util[r]);
	fputc('\n', out);
	human_load(out, w, work, span);
	human_stats(out, "wait", &all.wait);
	human_stats(out, "response", &all.resp);
	if (isnan(all.slowdown) && isnan(all.bsd))
		fprintf(out, "  slowdown  (no finished tasks)\n");
	else
		fprintf(out, "  slowdown  mean %.3f, bounded (tau %g s) mean %.3f\n",
			all.slowdown, m->bsd_tau, all.bsd);
	fprintf(out, "  offers    %llu made, %llu accepted, %llu declined, %llu rescinded\n",
		(unsigned long long)all.offers, (unsigned long long)all.accepted,
		(unsigned long long)all.declined, (unsigned long long)all.rescinded);
	if (n > 1)
		for (int i = 0; i < n; i++)
			fprintf(out, "  %-9s %llu finished, wait mean %.3f s, final share %.3f\n",
				w->fws[i].name, (unsigned long long)per[i].finished,
				per[i].wait.mean,
				policy_dominant_share(w->fws[i].allocated, w->total, w->nres));
out:
	free(ms);
	free(per);
	return rc;
}

int metrics_finish(struct world *w, FILE *out)
{
	struct metrics *m = &w->met;
	metrics_before_use_change(w);
	for (uint32_t id = 0; id < w->tasks.next_fresh; id++) {
		const struct task *t = W_TASK(w, id);
		if (t->state == TASK_WAITING)
			task_row(w, t, -1, "waiting");
		else if (t->state == TASK_RUNNING)
			task_row(w, t, -1, "running");
	}
	/* Offers still in a framework's hand when the run stopped (at the
	 * horizon, or held for a rigid job): every offer made has a row. */
	for (int i = 0; i < w->nfws; i++) {
		const struct framework *f = &w->fws[i];
		for (uint32_t id = f->held_head; id != POOL_NONE; id = W_OFFER(w, id)->next)
			metrics_offer_done(w, W_OFFER(w, id), "outstanding");
		for (uint32_t id = f->off_head; id != POOL_NONE; id = W_OFFER(w, id)->next)
			metrics_offer_done(w, W_OFFER(w, id), "outstanding");
	}
	int rc = 0;
	for (int i = 0; i < MF_COUNT; i++) {
		if (ferror(m->f[i]) | fclose(m->f[i])) {
			diag_error(w->diag, m->tmp[i], 0, 0, "write failed");
			rc = OS_EIO;
		}
		m->f[i] = NULL;
	}
	for (int i = 0; i < MF_COUNT && !rc; i++)
		if (rename(m->tmp[i], m->final[i])) {
			diag_error(w->diag, m->final[i], 0, 0, "cannot rename: %s",
				   strerror(errno));
			rc = OS_EIO;
		}
	/* summary.json last: its presence means the run is complete. */
	if (!rc)
		rc = write_summary(w, out);
	if (rc)
		for (int i = 0; i < MF_COUNT; i++)
			if (m->final[i])
				unlink(m->final[i]);
	return rc;
}

void metrics_abort(struct world *w)
{
	struct metrics *m = &w->met;
	for (int i = 0; i < MF_COUNT; i++) {
		if (m->f[i]) {
			fclose(m->f[i]);
			m->f[i] = NULL;
		}
		if (m->tmp[i])
			unlink(m->tmp[i]);
	}
}

void metrics_release(struct world *w)
{
	struct metrics *m = &w->met;
	for (int i = 0; i < MF_COUNT; i++) {
		if (m->f[i])
			fclose(m->f[i]);
		free(m->tmp[i]);
		free(m->final[i]);
	}
	free(m->dir);
	memset(m, 0, sizeof *m);
}
