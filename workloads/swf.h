/*
 * swf.h - the header of a Standard Workload Format log, for whoever needs
 * the machine it describes (the reader's per_node split, the cluster of
 * `from_trace: {format: swf}`, tests) without reading the jobs.
 */
#ifndef OFFERSIM_SWF_H
#define OFFERSIM_SWF_H

struct diag;

struct swf_header {
	long max_procs;         /* "; MaxProcs:", -1 when absent */
	long max_nodes;         /* "; MaxNodes:", -1 when absent */
	long long unix_start;   /* "; UnixStartTime:", -1 when absent */
};

/*
 * Read the `;` comment lines at the top of the SWF file at path (plain or
 * gzip) into *h.  Returns 0, or a negative code after reporting through d
 * (a file that cannot be opened, or a header value that is not a number).
 */
int wl_swf_header(const char *path, struct swf_header *h, struct diag *d);

#endif
