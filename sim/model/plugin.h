/*
 * plugin.h - policies that are not built in: loading a shared object's
 * struct offersim_policy (include/offersim_policy.h), and the two
 * adapters that make such a struct look like a built-in framework policy
 * or allocator to the framework runtime and the role tree.
 *
 * The adapters are ordinary struct task_policy / struct alloc_policy
 * values, so nothing else in the model knows plug-ins exist: the only
 * difference is that their init reads the plug-in from
 * policy_params.plugin, which the framework runtime and the master set.
 */
#ifndef OFFERSIM_PLUGIN_H
#define OFFERSIM_PLUGIN_H

#include <stddef.h>

struct offersim_policy;

/* The adapters (their state is the core's; see plugin.c): the task
 * policy table for pol, and the allocator table. */
const struct task_policy *plugin_task_for(const struct offersim_policy *pol);
extern const struct alloc_policy plugin_alloc_adapter;

/*
 * Open the shared object at path and check its struct offersim_policy:
 * the symbol is there, the ABI version is one this build knows, the kind
 * is kind (enum offersim_policy_kind) and the hooks that kind needs are
 * set.  On success *handle is the dlopen handle (close it with
 * plugin_close) and *pol the struct, and the result is 0.  Otherwise the
 * result is < 0, nothing stays open and err holds the reason (the
 * loader's message where it has one).
 */
int plugin_open(const char *path, int kind, void **handle,
		const struct offersim_policy **pol, char *err, size_t errsize);

/* The same checks on a struct the embedding program supplies. */
int plugin_check(const struct offersim_policy *pol, int kind, char *err,
		 size_t errsize);

void plugin_close(void *handle);

struct world;
struct policy_ref;
struct src_pos;

/*
 * The plug-in a scenario names for policy name (kind as above): the
 * shared object ref->so, opened again (the reader checked it), or the
 * host-supplied struct called name.  On success *pol is set, *handle is
 * the dlopen handle or NULL, and the result is 0; otherwise the error is
 * reported at pos and the result is < 0.
 */
int plugin_resolve(struct world *w, const struct policy_ref *ref,
		   const char *name, int kind, const struct src_pos *pos,
		   void **handle, const struct offersim_policy **pol);

#endif
