/*
 * err.h - error codes shared by every module, and the BUG() macro.
 *
 * Library code never exits: it returns 0 on success or one of the negative
 * codes below.  The codes come from one X-macro table so the enum and the
 * strings cannot drift apart.  BUG() is for broken invariants only (a task in
 * two states, resources over-committed): those are defects of offersim, not
 * of the user's input, so it reports where and aborts.
 */
#ifndef OFFERSIM_ERR_H
#define OFFERSIM_ERR_H

#define OS_ERRORS(X)                                          \
	X(OS_OK, 0, "success")                                \
	X(OS_ENOMEM, -1, "out of memory")                     \
	X(OS_EINVAL, -2, "invalid argument")                  \
	X(OS_EIO, -3, "input/output error")                   \
	X(OS_EPARSE, -4, "malformed input")                   \
	X(OS_ENOENT, -5, "no such file or name")              \
	X(OS_ERANGE, -6, "value out of range")                \
	X(OS_EGSL, -7, "numerical library error")              \
	X(OS_EWRITE, -8, "cannot write output")                 \
	X(OS_ECHECK, -9, "invariant violated (--check)")

enum os_err {
#define OS_ERR_ENUM(name, val, str) name = val,
	OS_ERRORS(OS_ERR_ENUM)
#undef OS_ERR_ENUM
};

/* The message for an error code; never NULL. */
const char *os_strerror(int code);

/* Report a broken invariant with its location and abort. */
_Noreturn void os_bug(const char *file, int line, const char *msg);
#define BUG(msg) os_bug(__FILE__, __LINE__, (msg))
#define BUG_ON(cond) do { if (cond) os_bug(__FILE__, __LINE__, #cond); } while (0)

#endif
