/*
 * config.c - read a scenario YAML file into a validated struct scenario:
 * the top level, master, frameworks, roles and metrics, and the order in
 * which every part is read (README.md in this folder maps the modules).
 *
 * The file becomes a document tree (tree.c), the --set overrides are
 * grafted onto it, then one validating walk fills struct scenario; the
 * walk never stops at the first mistake: it reports every one it can find
 * and keeps going.  Two parts read files other than the scenario, because
 * the scenario's shape depends on them: cluster.from_trace (workload.c)
 * and framework_by (split.c).
 */
#include "config.h"

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

#include "../core/diag.h"
#include "../core/err.h"
#include "../core/hist.h"
#include "get.h"
#include "keys.h"
#include "reader.h"

/*
 * min_allocatable_resources: a list of resource maps; an offer must hold
 * at least every quantity of one of them.  Mesos's default is
 * cpus:0.01|mem:32 (either one), used when the key is absent; a
 * scenario without cpus and mem makes any positive quantity allocatable.
 */
static void load_min_alloc(struct cfg *c, const struct node *m)
{
	struct scenario *sc = c->sc;
	char desc[64];
	const struct node *v = m ? node_get(m, "min_allocatable_resources")
				 : NULL;
	if (!v) {
		int cpus = res_find(&sc->res, "cpus");
		int mem = res_find(&sc->res, "mem");
		if (cpus >= 0) {
			sc->min_alloc[sc->nmin_alloc][cpus] = 10;
			sc->min_alloc_has[sc->nmin_alloc++][cpus] = 1;
		}
		if (mem >= 0) {
			sc->min_alloc[sc->nmin_alloc][mem] = 32 * RES_SCALE;
			sc->min_alloc_has[sc->nmin_alloc++][mem] = 1;
		}
		return;
	}
	if (v->kind != NODE_SEQ) {
		cfg_err(c, v, "'min_allocatable_resources' must be a list of "
			"resource maps such as [{cpus: 0.01}, {mem: 32}], got %s",
			node_desc(v, desc, sizeof desc));
		return;
	}
	for (int i = 0; i < v->n; i++) {
		if (i == MIN_ALLOC_SETS) {
			cfg_err(c, v->kid[i], "at most %d sets in "
				"'min_allocatable_resources'", MIN_ALLOC_SETS);
			break;
		}
		cfg_load_res_map(c, v->kid[i], "an entry of "
			     "'min_allocatable_resources'",
			     sc->min_alloc[i], sc->min_alloc_has[i]);
		sc->nmin_alloc++;
	}
}

/*
 * A list of names, each one of names[0..n): flags[i] is set for each name
 * given.  what names the key in messages.
 */
static void load_name_list(struct cfg *c, const struct node *v,
			   const char *what, const char *const *names, int n,
			   int *flags)
{
	char desc[64], sug[128], list[512];
	if (v->kind != NODE_SEQ) {
		cfg_err(c, v, "'%s' must be a list of names such as [%s], got %s",
			what, n > 0 ? names[0] : "", node_desc(v, desc, sizeof desc));
		return;
	}
	for (int i = 0; i < v->n; i++) {
		const struct node *e = v->kid[i];
		const char *s = cfg_str_of(c, e, what);
		if (!s)
			continue;
		int k = 0;
		while (k < n && strcmp(names[k], s) != 0)
			k++;
		if (k == n) {
			cfg_err(c, e, "'%s': unknown name '%.80s'%s; valid: %s",
				what, s, cfg_suggest(s, names, n, sug, sizeof sug),
				cfg_join(names, n, list, sizeof list));
			continue;
		}
		flags[k] = 1;
	}
}

static void load_master(struct cfg *c, const struct node *root)
{
	struct scenario *sc = c->sc;
	const struct node *m = node_get(root, "master");
	if (m && node_is_null(m))
		m = NULL;
	if (m && !cfg_want_map(c, m, "'master'"))
		m = NULL;
	load_min_alloc(c, m);
	if (m)
		cfg_check_section(c, m, "master", &cfg_sec_master);
	/* Without master: every default, the allocator's checked at root. */
	cfg_read_keys(c, m, m ? m : root, &cfg_sec_master, sc, 0);
	if (m) {
		cfg_get_kvs(c, m, "allocator_options", "allocator_options",
			    &sc->allocator_opts, &sc->nallocator_opts);
		cfg_get_policy_params(c, m, "allocator", "allocator_options",
				      &sc->allocator_opts,
				      &sc->nallocator_opts);
	}
	const struct node *x = m ? node_get(m, "fair_sharing_excluded_resource_names")
				 : NULL;
	if (x) {
		const char *rn[RES_MAX];
		for (int r = 0; r < sc->res.n; r++)
			rn[r] = sc->res.name[r];
		load_name_list(c, x, "fair_sharing_excluded_resource_names",
			       rn, sc->res.n, sc->fair_excluded);
	}
}

static void load_framework(struct cfg *c, const struct node *f, int idx,
			   struct framework_spec *fs)
{
	char where[96], desc[64], label[48];
	fs->pos = node_pos(f);
	fs->weight = 1;
	fs->refuse_seconds = 5;
	if (f->kind != NODE_MAP) {
		cfg_err(c, f, "framework #%d must be a mapping, got %s",
			idx + 1, node_desc(f, desc, sizeof desc));
		return;
	}
	const char *nm = node_name(f);
	if (nm && *nm)
		snprintf(label, sizeof label, "%.40s", nm);
	else
		snprintf(label, sizeof label, "#%d", idx + 1);
	snprintf(where, sizeof where, "framework '%s'", label);
	cfg_check_section(c, f, where, &cfg_sec_frameworks);
	if (!node_get(f, "name"))
		cfg_err(c, f, "missing required key 'name' in framework #%d",
			idx + 1);
	cfg_read_keys(c, f, f, &cfg_sec_frameworks, fs, 0);
	cfg_get_kvs(c, f, "policy_options", "policy_options", &fs->policy_opts,
		    &fs->npolicy_opts);
	cfg_get_policy_params(c, f, "policy", "policy_options",
			      &fs->policy_opts, &fs->npolicy_opts);
	const struct node *cap = node_get(f, "capabilities");
	if (cap) {
		/* The one capability the allocator looks at (Mesos has more:
		 * none of the others changes what is offered here). */
		static const char *const caps[] = {"gpu_resources"};
		load_name_list(c, cap, "capabilities", caps, 1, &fs->gpu_capable);
	}
	if (fs->min_revive_interval > 0 && !fs->suppress_idle)
		cfg_err(c, node_get(f, "min_revive_interval"), "framework '%s': "
			"'min_revive_interval' spaces the revives of a framework "
			"that suppresses while idle; with suppress_idle: false "
			"it never revives", label);
	/* A scripted framework runs no workload: its launches are accept
	 * events. */
	if (fs->scripted) {
		cfg_workload_none(c, &fs->wl);
		if (node_get(f, "workload"))
			cfg_err(c, node_get(f, "workload"), "framework '%s' is "
				"scripted: its tasks come from accept events, "
				"not a workload", label);
		return;
	}
	cfg_load_workload(c, f, label, &fs->wl);
	if (fs->name)
		fs->wl.origin = cfg_strdup(c, fs->name);
}

static void load_frameworks(struct cfg *c, const struct node *root)
{
	struct scenario *sc = c->sc;
	const struct node *fl = node_get(root, "frameworks");
	if (!fl) {
		cfg_err(c, root, "missing required key 'frameworks'");
		return;
	}
	if (!cfg_want_list(c, fl, "frameworks", "frameworks", "framework"))
		return;
	sc->fws = cfg_calloc(c, (size_t)fl->n, sizeof *sc->fws);
	if (!sc->fws)
		return;
	sc->nfws = fl->n;
	for (int i = 0; i < fl->n; i++)
		load_framework(c, fl->kid[i], i, &sc->fws[i]);
	for (int i = 0; i < fl->n; i++)
		for (int j = 0; j < i; j++) {
			const char *a = sc->fws[i].name, *b = sc->fws[j].name;
			if (!a || !b || strcmp(a, b))
				continue;
			cfg_dup_name(c, node_get(fl->kid[i], "name"),
				     "framework", a, sc->fws[j].pos.line);
			break;
		}
}

/* roles: {name: {weight: 2, quota: {guarantee: {...}, limit: {...}}}} */
static void load_roles(struct cfg *c, const struct node *root)
{
	struct scenario *sc = c->sc;
	const struct node *m = node_get(root, "roles");
	if (!m || node_is_null(m) || !cfg_want_map(c, m, "'roles'"))
		return;
	cfg_check_dups(c, m, "roles");
	sc->roles = cfg_calloc(c, (size_t)(m->n / 2), sizeof *sc->roles);
	if (!sc->roles)
		return;
	for (int i = 0; i + 1 < m->n; i += 2) {
		const struct node *k = m->kid[i], *v = m->kid[i + 1];
		struct role_spec *rs = &sc->roles[sc->nroles++];
		char where[96];
		rs->weight = 1;
		rs->pos = node_pos(k);
		for (int r = 0; r < RES_MAX; r++)
			rs->quota.limit[r] = QUOTA_NO_LIMIT;
		rs->name = cfg_strdup(c, k->text);
		cfg_check_role_name(c, k, k->text);
		if (node_is_null(v) || !cfg_want_map(c, v, "a role"))
			continue;
		snprintf(where, sizeof where, "role '%.40s'", k->text);
		cfg_check_section(c, v, where, &cfg_sec_roles);
		cfg_read_keys(c, v, v, &cfg_sec_roles, rs, 0);
		const struct node *q = node_get(v, "quota");
		if (q && !node_is_null(q))
			cfg_load_quota(c, q, &rs->quota);
	}
}

/* The node of framework f's key (or of f, or root, when there is no such
 * node), found by name: framework_by may have shifted the list. */
static const struct node *fw_key_node(const struct node *root,
				      const struct framework_spec *f,
				      const char *key)
{
	const struct node *fl = node_get(root, "frameworks");
	const struct node *fn = root;
	for (int j = 0; fl && fl->kind == NODE_SEQ && j < fl->n; j++) {
		const char *nm = node_name(fl->kid[j]);
		if (nm && f->name && !strcmp(nm, f->name))
			fn = fl->kid[j];
	}
	const struct node *k = fn->kind == NODE_MAP ? node_get(fn, key) : NULL;
	return k ? k : fn;
}

/*
 * A framework's weight divides its share among the frameworks of its role
 * only (the sorter of each role; Mesos's weights are per role): alone in
 * its role, a weight other than 1 changes nothing, and the user most
 * likely meant the role's weight.
 */
static void check_lone_weights(struct cfg *c, const struct node *root)
{
	const struct scenario *sc = c->sc;
	for (int i = 0; i < sc->nfws; i++) {
		const struct framework_spec *f = &sc->fws[i];
		const char *role = f->role ? f->role : "*";
		if (f->weight == 1)
			continue;
		int others = 0;
		for (int j = 0; j < sc->nfws && !others; j++)
			others = j != i && !strcmp(sc->fws[j].role ? sc->fws[j].role
						   : "*", role);
		if (others)
			continue;
		cfg_warn(c, fw_key_node(root, f, "weight"), "framework '%s' is "
			 "alone in role '%s', so its weight %g cannot matter (a "
			 "framework's weight divides shares within its role); to "
			 "weigh the role against others, set roles: {'%s': "
			 "{weight: %g}}", f->name ? f->name : "?", role,
			 f->weight, role, f->weight);
	}
}

/* Checks across sections, once everything is read. */
static void check_mesos_model(struct cfg *c, const struct node *root)
{
	struct scenario *sc = c->sc;
	for (int i = 0; i < sc->nfws; i++) {
		const struct framework_spec *f = &sc->fws[i];
		if (f->scripted && sc->horizon <= 0) {
			cfg_err(c, fw_key_node(root, f, "scripted"), "framework "
				"'%s' is scripted and never finishes by itself: "
				"set 'horizon'", f->name ? f->name : "?");
			break;
		}
	}
	check_lone_weights(c, root);
}

/* offer_log: auto, for the cluster as loaded (SC_OFFER_LOG_AUTO_AGENTS:
 * every group's agents, absent ones too). */
static int offer_log_auto(const struct scenario *sc)
{
	long n = 0;
	for (int g = 0; g < sc->ngroups; g++)
		n += sc->groups[g].count;
	return n <= SC_OFFER_LOG_AUTO_AGENTS;
}

static void load_metrics(struct cfg *c, const struct node *root)
{
	const struct node *m = node_get(root, "metrics");
	if (m && (node_is_null(m) || !cfg_want_map(c, m, "'metrics'")))
		m = NULL;
	if (m)
		cfg_check_section(c, m, "metrics", &cfg_sec_metrics);
	cfg_read_keys(c, m, root, &cfg_sec_metrics, c->sc, 0);
	if (c->sc->offer_log == 2)
		c->sc->offer_log = offer_log_auto(c->sc);
	/* 0: no limit; else room for the first row, two merged steps and
	 * the last row (core/steps.h). */
	if (c->sc->max_rows > 0 && c->sc->max_rows < 4) {
		cfg_err(c, node_get(m, "max_rows"),
			"'max_rows' must be 0 (no limit) or at least 4, got %ld",
			c->sc->max_rows);
		c->sc->max_rows = 4;
	}
}

/* The file's base name without .yaml / .yml: the default scenario name. */
static char *base_name(struct cfg *c, const char *path)
{
	const char *b = strrchr(path, '/');
	b = b ? b + 1 : path;
	size_t n = strlen(b);
	if (n > 5 && !strcmp(b + n - 5, ".yaml"))
		n -= 5;
	else if (n > 4 && !strcmp(b + n - 4, ".yml"))
		n -= 4;
	if (n == 0)
		return cfg_strdup(c, "scenario");
	char *s = malloc(n + 1);
	if (!s) {
		c->oom = 1;
		return NULL;
	}
	memcpy(s, b, n);
	s[n] = '\0';
	return s;
}

static char *dir_name(struct cfg *c, const char *path)
{
	const char *slash = strrchr(path, '/');
	if (!slash)
		return cfg_strdup(c, ".");
	size_t n = slash == path ? 1 : (size_t)(slash - path);
	char *s = malloc(n + 1);
	if (!s) {
		c->oom = 1;
		return NULL;
	}
	memcpy(s, path, n);
	s[n] = '\0';
	return s;
}

static void load_seed(struct cfg *c, const struct node *root)
{
	const struct node *v = node_get(root, "seed");
	char desc[64], *end;
	c->sc->seed = 1;
	if (!v)
		return;
	const char *t = v->kind == NODE_SCALAR ? v->text : "";
	if (v->kind != NODE_SCALAR || node_is_null(v) || !*t ||
	    strspn(t, "0123456789") != strlen(t)) {
		cfg_err(c, v, "'seed' must be a non-negative integer, got %s",
			node_desc(v, desc, sizeof desc));
		return;
	}
	errno = 0;
	unsigned long long s = strtoull(t, &end, 10);
	if (errno == ERANGE) {
		cfg_err(c, v, "'seed' is too large (at most %llu), got %s",
			(unsigned long long)UINT64_MAX, t);
		return;
	}
	c->sc->seed = (uint64_t)s;
}

static void load_root(struct cfg *c, const struct node *root)
{
	struct scenario *sc = c->sc;
	char desc[64];
	if (root->kind != NODE_MAP) {
		cfg_err(c, root, "a scenario must be a mapping of keys (name, "
			"cluster, master, frameworks, ...), got %s",
			node_desc(root, desc, sizeof desc));
		return;
	}
	cfg_check_section(c, root, "the scenario", &cfg_sec_top);
	/* name, horizon, output; the defaults of name and output depend on
	 * the file and the name, so they are filled here. */
	cfg_read_keys(c, root, root, &cfg_sec_top, sc, 0);
	if (!sc->name)
		sc->name = base_name(c, c->file);
	load_seed(c, root);
	cfg_load_cluster(c, root);
	load_master(c, root);
	load_frameworks(c, root);
	cfg_check_synth_fit(c);
	cfg_expand_splits(c, root);
	load_roles(c, root);
	cfg_load_events(c, root);
	check_mesos_model(c, root);
	load_metrics(c, root);
	if (!node_get(root, "output") && sc->name) {
		size_t n = strlen(sc->name) + sizeof "results/";
		sc->output = malloc(n);
		if (sc->output)
			snprintf(sc->output, n, "results/%s", sc->name);
		else
			c->oom = 1;
	}
}

/* The reader proper; src is the document (malloc'ed, freed here) or NULL
 * to read path. */
static int load_doc(const char *path, char *src, size_t len,
		    const struct cfg_override *ov, int noverrides,
		    struct scenario *sc, struct diag *d)
{
	struct cfg c = {.d = d, .file = path, .sc = sc, .errors0 = d->errors};
	int errors0 = d->errors, rc = 0, empty = 0;
	memset(sc, 0, sizeof *sc);
	if (!src && (rc = tree_read_file(&c, path, &src, &len)))
		goto out;
	c.src = src;
	c.srclen = len;
	struct node *root = tree_parse(&c, path, src, len, &empty);
	if (empty)
		cfg_err_at(&c, path, 0, 0, "scenario file is empty");
	if (root) {
		if (root->kind == NODE_MAP)
			for (int i = 0; i < noverrides; i++)
				tree_graft(&c, root, &ov[i]);
		sc->file = cfg_strdup(&c, path);
		sc->dir = dir_name(&c, path);
		load_root(&c, root);
		node_free(root);
	}
out:
	free(src);
	for (int i = 0; i < c.nsplit_names; i++)
		free(c.split_names[i]);
	free(c.split_names);
	if (c.oom) {
		diag_error(d, path, 0, 0, "out of memory");
		rc = OS_ENOMEM;
	}
	if (rc || d->errors > errors0) {
		scenario_release(sc);
		return rc ? rc : OS_EPARSE;
	}
	return 0;
}

int cfg_load(const char *path, const struct cfg_override *ov, int noverrides,
	     struct scenario *sc, struct diag *d)
{
	return load_doc(path, NULL, 0, ov, noverrides, sc, d);
}

int cfg_load_string(const char *name, const char *text,
		    const struct cfg_override *ov, int noverrides,
		    struct scenario *sc, struct diag *d)
{
	size_t len = strlen(text);
	char *src = malloc(len + 1);
	if (!src) {
		memset(sc, 0, sizeof *sc);
		diag_error(d, name, 0, 0, "out of memory");
		return OS_ENOMEM;
	}
	memcpy(src, text, len + 1);
	return load_doc(name, src, len, ov, noverrides, sc, d);
}

static void kv_free(struct kv *kv, int n)
{
	for (int i = 0; kv && i < n; i++) {
		free(kv[i].key);
		free(kv[i].value);
	}
	free(kv);
}

void cfg_fw_release(struct framework_spec *f)
{
	struct workload_spec *w = &f->wl;
	free(f->name);
	free(f->role);
	free(f->policy);
	free(f->policy_ref.so);
	kv_free(f->policy_opts, f->npolicy_opts);
	free(f->placement);
	free(w->trace);
	free(w->format);
	kv_free(w->opts, w->nopts);
	free(w->filter.users);
	free(w->filter.prio);
	free(w->filter.cls);
	for (int i = 0; w->filter.fws && i < w->filter.nfws; i++)
		free(w->filter.fws[i]);
	free(w->filter.fws);
	free(w->load_resource);
	free(w->split.others);
	free(w->origin);
	for (int k = 0; k < w->synth.nclasses; k++)
		free(w->synth.classes[k].name);
	free(w->synth.classes);
	free(w->synth.proc.profile);
	memset(f, 0, sizeof *f);
}

void scenario_release(struct scenario *sc)
{
	if (!sc)
		return;
	free(sc->file);
	free(sc->dir);
	free(sc->name);
	for (int i = 0; sc->groups && i < sc->ngroups; i++) {
		for (int k = 0; k < sc->groups[i].nresv; k++)
			free(sc->groups[i].resv[k].role);
		free(sc->groups[i].name);
		kv_free(sc->groups[i].attrs, sc->groups[i].nattrs);
	}
	free(sc->groups);
	free(sc->allocator);
	free(sc->allocator_ref.so);
	kv_free(sc->allocator_opts, sc->nallocator_opts);
	for (int i = 0; sc->fws && i < sc->nfws; i++)
		cfg_fw_release(&sc->fws[i]);
	free(sc->fws);
	for (int i = 0; i < sc->nhists; i++)
		hist_free(sc->hists[i]);
	free(sc->hists);
	for (int i = 0; sc->roles && i < sc->nroles; i++)
		free(sc->roles[i].name);
	free(sc->roles);
	for (int i = 0; sc->events && i < sc->nevents; i++)
		free(sc->events[i].role);
	free(sc->events);
	free(sc->output);
	memset(sc, 0, sizeof *sc);
}
