/*
 * machreader.h - private to workloads/: what a format's machine-table
 * reader (struct wl_machine_format's read, in the format's own file)
 * shares with machines.c: adding machines to the groups being built, and
 * reading the header and rows of a CSV table with diagnostics of the form
 * FILE:LINE:COL: error: ...
 *
 * Machines of the same shape and base name join one group; the groups
 * keep their order of first appearance, so the cluster is the same in
 * every run.
 */
#ifndef OFFERSIM_WL_MACHREADER_H
#define OFFERSIM_WL_MACHREADER_H

#include "../sim/core/res.h"

struct tr_file;
struct wl_machine_groups;

/*
 * Add count machines of capacities res to the group of that shape whose
 * name is base (numbered: base1, base2, ... one per shape; else base,
 * then base_2, base_3 ... for further shapes), creating it when new.
 * Returns 0, or a negative code after reporting through f.
 */
int wl_mt_add(struct wl_machine_groups *gs, struct tr_file *f,
	      const char *base, int numbered, const resq_t *res, long count);

/*
 * Record a machine event of the machine whose group is called name (a
 * table read per machine): kind (enum wl_mevent_kind) at trace second
 * at, on f's current line.  An unknown machine is ignored.  Returns 0 or
 * a negative code.
 */
int wl_mt_event(struct wl_machine_groups *gs, struct tr_file *f,
		const char *name, double at, int kind);

/* How many groups gs holds: the index the next new group gets. */
int wl_mt_ngroups(const struct wl_machine_groups *gs);

/* wl_mt_event() for group g (0 <= g < wl_mt_ngroups()), found by the
 * caller (a reader with its own map of machine ids). */
int wl_mt_event_group(struct wl_machine_groups *gs, struct tr_file *f,
		      int g, double at, int kind);

/*
 * A header line naming columns (blank lines before it skipped): the
 * index of each of names[0..n) into col[] (-1 when absent), the first
 * `required` of them reported when missing (tr_fatal: a lenient trace
 * cannot skip its header); what names the table in messages.  Returns
 * the number of fields, or a negative code.
 */
int wl_mt_header(struct tr_file *f, const char *const *names, int n,
		 int required, int *col, const char *what);

/* Split a data line of a CSV with nf columns; 0 or OS_EPARSE. */
int wl_mt_row(struct tr_file *f, int nf);

/* A non-negative number in field i (called name); 0 or OS_EPARSE. */
int wl_mt_nonneg(struct tr_file *f, int i, const char *name, double *v);

#endif
