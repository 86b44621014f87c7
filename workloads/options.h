/*
 * options.h - private to workloads/: the format-specific `options:` map of
 * a trace workload, read by each reader with diagnostics.
 *
 * sim/config/ stores `workload: {options: ...}` as key/value strings, nested
 * maps flattened to dotted keys (`scale: {cpus: 4}` is "scale.cpus" = "4"),
 * because only the reader knows which options its format takes.  A reader
 * asks for each option it knows through the getters below; a bad value is
 * reported at the option's position in the scenario.  wl_opt_finish() then
 * reports every option nobody asked for as an unknown key, with a
 * suggestion, so a misspelt option never passes silently.
 */
#ifndef OFFERSIM_WL_OPTIONS_H
#define OFFERSIM_WL_OPTIONS_H

struct scenario;
struct diag;
struct kv;

#define WL_OPT_MAX 32

struct wl_opts {
	const struct kv *kv;
	int n;
	const char *file;           /* the scenario, for positions */
	const char *format;         /* for messages */
	struct diag *d;
	int bad;                    /* errors reported so far */
	const char *asked[WL_OPT_MAX];
	int nasked;
	unsigned char used[WL_OPT_MAX * 4];
};

/* Bind to framework fw's workload options. */
void wl_opt_init(struct wl_opts *o, const struct scenario *sc, int fw,
		 struct diag *d);

/* A number >= min (def when absent). */
double wl_opt_num(struct wl_opts *o, const char *key, double def, double min);

/* true or false, spelt as sim/config/get.h says (def when absent). */
int wl_opt_bool(struct wl_opts *o, const char *key, int def);

/* The index of the value in choices[0..n) (def when absent). */
int wl_opt_choice(struct wl_opts *o, const char *key,
		  const char *const *choices, int n, int def);

/* Report unknown keys; returns 0, or OS_EINVAL when any option (unknown
 * or with a bad value) was reported. */
int wl_opt_finish(struct wl_opts *o);

#endif
