/*
 * split.c - framework_by: one framework entry becomes one framework per
 * part of its workload (per user, class or priority, or per band).
 *
 * For users, or classes and priorities without bands, the parts come from
 * a scan of the workload (workloads/transform.c), so this runs only while
 * the whole scenario has no error: the scan opens the workload.
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

#include "../core/diag.h"
#include "../../workloads/source.h"
#include "../../workloads/transform.h"
#include "get.h"
#include "keys.h"

/* framework_by as written under one framework entry. */
struct split_band {
	const char *name;           /* points into the tree */
	struct int_range r;
};

struct split_req {
	enum wl_split_key key;      /* WL_SPLIT_NONE: no framework_by */
	int top;
	struct split_band *bands;
	int nbands;
	const struct node *at;
};

/* One framework a split entry becomes. */
struct split_part {
	char name[64];
	struct wl_split sel;
};

static const char *const split_key_names[] = {
	[WL_SPLIT_USER] = "user", [WL_SPLIT_CLASS] = "class",
	[WL_SPLIT_PRIORITY] = "priority",
};

#define SPLIT_TOP_DEFAULT 4
#define SPLIT_TOP_MAX 1000

/* A band or framework name part: letters, digits, '-' and '_'. */
static int part_name_ok(const char *s)
{
	if (!*s || strlen(s) > 40)
		return 0;
	for (; *s; s++)
		if (!(*s >= 'a' && *s <= 'z') && !(*s >= 'A' && *s <= 'Z') &&
		    !(*s >= '0' && *s <= '9') && *s != '-' && *s != '_')
			return 0;
	return 1;
}

/* framework_by: KEY, or {key: KEY, top: N, bands: {NAME: RANGE, ...}}. */
static int load_split(struct cfg *c, const struct node *v,
		      struct split_req *q)
{
	const char *names[] = {"user", "class", "priority"};
	char desc[64], sug[128];
	const struct node *k = v;
	q->at = v;
	q->top = SPLIT_TOP_DEFAULT;
	if (v->kind == NODE_MAP) {
		cfg_check_section(c, v, "framework_by", &cfg_sec_split);
		k = node_get(v, "key");
		if (!k) {
			cfg_err(c, v, "missing required key 'key' in "
				"framework_by (user, class or priority)");
			return 0;
		}
	}
	if (k->kind != NODE_SCALAR || node_is_null(k)) {
		cfg_err(c, k, "framework_by must be user, class or priority, or "
			"a mapping such as {key: user, top: 4}, got %s",
			node_desc(k, desc, sizeof desc));
		return 0;
	}
	for (int i = WL_SPLIT_USER; i <= WL_SPLIT_PRIORITY; i++)
		if (!strcmp(k->text, split_key_names[i]))
			q->key = (enum wl_split_key)i;
	if (q->key == WL_SPLIT_NONE) {
		cfg_err(c, k, "framework_by cannot split by '%s'%s; valid keys: "
			"user, class, priority", k->text,
			cfg_suggest(k->text, names, 3, sug, sizeof sug));
		return 0;
	}
	if (v->kind != NODE_MAP)
		return 1;
	const struct node *t = node_get(v, "top"), *b = node_get(v, "bands");
	if (t && q->key != WL_SPLIT_USER)
		cfg_err(c, t, "'top' applies to framework_by: user; class and "
			"priority take 'bands'");
	else if (t)
		q->top = (int)cfg_get_int(c, v, "top", SPLIT_TOP_DEFAULT, 1,
				      SPLIT_TOP_MAX);
	if (b && q->key == WL_SPLIT_USER) {
		cfg_err(c, b, "'bands' apply to framework_by: class or "
			"priority; users are split with 'top'");
	} else if (b && cfg_want_map(c, b, "'bands'")) {
		cfg_check_dups(c, b, "bands");
		if (!b->n)
			cfg_err(c, b, "'bands' lists no bands");
		q->bands = cfg_calloc(c, (size_t)(b->n / 2), sizeof *q->bands);
		for (int i = 0; q->bands && i + 1 < b->n; i += 2) {
			const struct node *bn = b->kid[i], *bv = b->kid[i + 1];
			struct split_band *sb = &q->bands[q->nbands];
			if (!part_name_ok(bn->text)) {
				cfg_err(c, bn, "band name '%s' must be 1-40 "
					"letters, digits, '-' or '_'", bn->text);
				continue;
			}
			if (bv->kind != NODE_SCALAR || node_is_null(bv) ||
			    !cfg_parse_range(bv->text, &sb->r)) {
				cfg_err(c, bv, "band '%s' must be an integer or "
					"a range such as 2..8, got %s", bn->text,
					node_desc(bv, desc, sizeof desc));
				continue;
			}
			sb->name = bn->text;
			for (int j = 0; j < q->nbands; j++)
				if (q->bands[j].r.lo <= sb->r.hi &&
				    sb->r.lo <= q->bands[j].r.hi) {
					cfg_err(c, bv, "band '%s' overlaps band "
						"'%s'", bn->text,
						q->bands[j].name);
					sb->name = NULL;
					break;
				}
			if (sb->name)
				q->nbands++;
		}
	}
	return 1;
}

static struct kv *kv_dup(struct cfg *c, const struct kv *src, int n)
{
	if (!n)
		return NULL;
	struct kv *kv = cfg_calloc(c, (size_t)n, sizeof *kv);
	for (int i = 0; kv && i < n; i++) {
		kv[i] = src[i];
		kv[i].key = src[i].key ? cfg_strdup(c, src[i].key) : NULL;
		kv[i].value = src[i].value ? cfg_strdup(c, src[i].value) : NULL;
	}
	return kv;
}

static void *mem_dup(struct cfg *c, const void *src, size_t n, size_t size)
{
	if (!n)
		return NULL;
	void *p = cfg_calloc(c, n, size);
	if (p)
		memcpy(p, src, n * size);
	return p;
}

static char *str_dup_or_null(struct cfg *c, const char *s)
{
	return s ? cfg_strdup(c, s) : NULL;
}

/* dst = a deep copy of src (for the frameworks of a split entry). */
static void fw_dup(struct cfg *c, const struct framework_spec *src,
		   struct framework_spec *dst)
{
	*dst = *src;
	dst->name = str_dup_or_null(c, src->name);
	dst->role = str_dup_or_null(c, src->role);
	dst->policy = str_dup_or_null(c, src->policy);
	dst->policy_ref.so = str_dup_or_null(c, src->policy_ref.so);
	dst->policy_opts = kv_dup(c, src->policy_opts, src->npolicy_opts);
	dst->placement = str_dup_or_null(c, src->placement);
	struct workload_spec *w = &dst->wl;
	const struct workload_spec *s = &src->wl;
	w->trace = str_dup_or_null(c, s->trace);
	w->format = str_dup_or_null(c, s->format);
	w->opts = kv_dup(c, s->opts, s->nopts);
	w->load_resource = str_dup_or_null(c, s->load_resource);
	w->origin = str_dup_or_null(c, s->origin);
	w->filter.users = mem_dup(c, s->filter.users, (size_t)s->filter.nusers,
				  sizeof *s->filter.users);
	w->filter.prio = mem_dup(c, s->filter.prio, (size_t)s->filter.nprio,
				 sizeof *s->filter.prio);
	w->filter.cls = mem_dup(c, s->filter.cls, (size_t)s->filter.ncls,
				sizeof *s->filter.cls);
	w->filter.fws = s->filter.nfws ? cfg_calloc(c, (size_t)s->filter.nfws,
						    sizeof *w->filter.fws)
				       : NULL;
	for (int i = 0; w->filter.fws && i < s->filter.nfws; i++)
		w->filter.fws[i] = cfg_strdup(c, s->filter.fws[i]);
	w->split.others = mem_dup(c, s->split.others,
				  (size_t)s->split.nothers,
				  sizeof *s->split.others);
	/* Synthetic classes and the hourly profile; histograms (dist_spec
	 * hist) belong to the scenario and are shared. */
	w->synth.proc.profile = mem_dup(c, s->synth.proc.profile,
					(size_t)s->synth.proc.nprofile,
					sizeof *s->synth.proc.profile);
	w->synth.classes = mem_dup(c, s->synth.classes,
				   (size_t)s->synth.nclasses,
				   sizeof *s->synth.classes);
	for (int i = 0; w->synth.classes && i < s->synth.nclasses; i++)
		w->synth.classes[i].name =
			str_dup_or_null(c, s->synth.classes[i].name);
}

/* Users by demand, largest first; equal demands by id. */
static int user_rank_cmp(const void *a, const void *b)
{
	const struct wl_key_stat *x = a, *y = b;
	if (x->demand != y->demand)
		return x->demand < y->demand ? 1 : -1;
	return (x->value > y->value) - (x->value < y->value);
}

/*
 * The parts of entry i: its bands as written, or what a scan of its
 * workload finds (the top users by demand and the rest; every class or
 * priority present).  A scan also computes load_scale's factor, once for
 * all parts.  Returns the number of parts (*out to free), 0 after an
 * error.
 */
static int split_parts(struct cfg *c, int i, const struct split_req *q,
		       struct split_part **out, double *factor)
{
	struct scenario *sc = c->sc;
	const struct framework_spec *fs = &sc->fws[i];
	struct split_part *p = NULL;
	int n = 0;
	*out = NULL;
	*factor = 0;
	if (q->nbands) {
		p = cfg_calloc(c, (size_t)q->nbands, sizeof *p);
		for (int b = 0; p && b < q->nbands; b++) {
			snprintf(p[b].name, sizeof p[b].name, "%s",
				 q->bands[b].name);
			p[b].sel.key = q->key;
			p[b].sel.range = q->bands[b].r;
		}
		*out = p;
		return p ? q->nbands : 0;
	}
	struct wl_scan s;
	if (wl_scan(sc, i, q->key, c->d, &s) < 0) {
		wl_scan_release(&s);
		return 0;
	}
	if (fs->wl.load_scale > 0 &&
	    wl_load_factor(sc, i, &s, c->d, factor) < 0) {
		wl_scan_release(&s);
		return 0;
	}
	if (q->key == WL_SPLIT_USER) {
		/* Unknown users (-1) are nobody's: they go to "other". */
		int known = 0, unknown = 0;
		for (int k = 0; k < s.nkeys; k++) {
			if (s.keys[k].value < 0)
				unknown = 1;
			else
				s.keys[known++] = s.keys[k];
		}
		if (!known) {
			cfg_err(c, q->at, "framework_by: user: the workload of "
				"'%s' names no users%s", fs->name,
				s.records ? " (its format has none)" : "");
			wl_scan_release(&s);
			return 0;
		}
		qsort(s.keys, (size_t)known, sizeof *s.keys, user_rank_cmp);
		int top = known < q->top ? known : q->top;
		int other = known > top || unknown;
		p = cfg_calloc(c, (size_t)(top + other), sizeof *p);
		for (int k = 0; p && k < top; k++) {
			snprintf(p[k].name, sizeof p[k].name, "user%d", k + 1);
			p[k].sel.key = WL_SPLIT_USER;
			p[k].sel.range.lo = p[k].sel.range.hi = s.keys[k].value;
		}
		if (p && other) {
			struct wl_split *o = &p[top].sel;
			snprintf(p[top].name, sizeof p[top].name, "other");
			o->key = WL_SPLIT_USER;
			o->other = 1;
			o->others = cfg_calloc(c, (size_t)top, sizeof *o->others);
			for (int k = 0; o->others && k < top; k++)
				o->others[o->nothers++] = s.keys[k].value;
		}
		n = p ? top + other : 0;
	} else {
		if (!s.nkeys)
			cfg_err(c, q->at, "framework_by: the workload of '%s' "
				"has no records to split", fs->name);
		p = s.nkeys ? cfg_calloc(c, (size_t)s.nkeys, sizeof *p) : NULL;
		for (int k = 0; p && k < s.nkeys; k++) {
			snprintf(p[k].name, sizeof p[k].name, "%s%lld",
				 q->key == WL_SPLIT_CLASS ? "class" : "prio",
				 (long long)s.keys[k].value);
			p[k].sel.key = q->key;
			p[k].sel.range.lo = p[k].sel.range.hi = s.keys[k].value;
		}
		n = p ? s.nkeys : 0;
	}
	wl_scan_release(&s);
	*out = p;
	return n;
}

/*
 * Replace every framework entry that has framework_by with the frameworks
 * it splits into, named ENTRY/PART, in place (so framework order, which
 * breaks allocator ties, stays the order of the file).  Each is a copy of
 * the entry that keeps only its part of the entry's workload (struct
 * wl_split) and reads the workload under the entry's name (wl.origin), so
 * the parts share one stream and one clock.  This runs before roles and
 * events are read, so events may name the parts.  It needs a valid
 * scenario so far: after any error it only checks the framework_by keys.
 */
void cfg_expand_splits(struct cfg *c, const struct node *root)
{
	struct scenario *sc = c->sc;
	const struct node *fl = node_get(root, "frameworks");
	if (!fl || fl->kind != NODE_SEQ || !sc->fws || sc->nfws != fl->n)
		return;
	int n0 = sc->nfws;
	struct split_req *q = cfg_calloc(c, (size_t)sc->nfws, sizeof *q);
	struct split_part **parts = cfg_calloc(c, (size_t)sc->nfws,
					       sizeof *parts);
	int *nparts = cfg_calloc(c, (size_t)sc->nfws, sizeof *nparts);
	double *factors = cfg_calloc(c, (size_t)sc->nfws, sizeof *factors);
	int any = 0, total = 0;
	for (int i = 0; q && i < sc->nfws; i++) {
		const struct node *f = fl->kid[i];
		const struct node *wl = f->kind == NODE_MAP
					? node_get(f, "workload") : NULL;
		const struct node *by = wl && wl->kind == NODE_MAP
					? node_get(wl, "framework_by") : NULL;
		if (by && !sc->fws[i].scripted)
			any |= load_split(c, by, &q[i]);
	}
	if (!any || !parts || !nparts || !factors || c->oom ||
	    diag_errors(c->d) > c->errors0)
		goto out;
	for (int i = 0; i < sc->nfws; i++) {
		if (q[i].key == WL_SPLIT_NONE) {
			total++;
			continue;
		}
		nparts[i] = split_parts(c, i, &q[i], &parts[i], &factors[i]);
		if (!nparts[i])
			goto out;
		total += nparts[i];
	}
	struct framework_spec *nf = cfg_calloc(c, (size_t)total, sizeof *nf);
	char **names = cfg_calloc(c, (size_t)sc->nfws, sizeof *names);
	if (!nf || !names) {
		free(nf);
		free(names);
		goto out;
	}
	int k = 0, nnames = 0;
	for (int i = 0; i < sc->nfws; i++) {
		struct framework_spec *fs = &sc->fws[i];
		if (q[i].key == WL_SPLIT_NONE) {
			nf[k++] = *fs;
			memset(fs, 0, sizeof *fs);
			continue;
		}
		for (int p = 0; p < nparts[i]; p++) {
			struct framework_spec *d = &nf[k++];
			fw_dup(c, fs, d);
			size_t len = strlen(fs->name) + strlen(parts[i][p].name) + 2;
			free(d->name);
			d->name = malloc(len);
			if (d->name)
				snprintf(d->name, len, "%s/%s", fs->name,
					 parts[i][p].name);
			else
				c->oom = 1;
			d->wl.split = parts[i][p].sel;
			d->wl.split.quiet = p > 0;
			parts[i][p].sel.others = NULL;  /* moved */
			d->wl.load_factor = factors[i];
		}
		names[nnames++] = fs->name;
		fs->name = NULL;
		cfg_fw_release(fs);
	}
	free(sc->fws);
	sc->fws = nf;
	sc->nfws = total;
	c->split_names = names;
	c->nsplit_names = nnames;
	/* A part may take the name of another entry. */
	for (int i = 0; i < total; i++)
		for (int j = 0; j < i; j++)
			if (nf[i].name && nf[j].name &&
			    !strcmp(nf[i].name, nf[j].name)) {
				cfg_err_at(c, c->file, nf[i].pos.line,
					   nf[i].pos.col, "framework_by makes "
					   "a framework '%s', a name already "
					   "taken", nf[i].name);
				break;
			}
out:
	for (int i = 0; q && parts && nparts && i < n0; i++) {
		free(q[i].bands);
		for (int p = 0; parts[i] && p < nparts[i]; p++)
			free(parts[i][p].sel.others);
		free(parts[i]);
	}
	free(q);
	free(parts);
	free(nparts);
	free(factors);
}
