/*
 * err.c - strings for the error codes of err.h and the BUG() reporter.
 */
#include "err.h"

#include <stdio.h>
#include <stdlib.h>

const char *os_strerror(int code)
{
	switch (code) {
#define OS_ERR_CASE(name, val, str) case name: return str;
	OS_ERRORS(OS_ERR_CASE)
#undef OS_ERR_CASE
	}
	return "unknown error";
}

void os_bug(const char *file, int line, const char *msg)
{
	fprintf(stderr, "%s:%d: BUG: %s\n", file, line, msg);
	fflush(stderr);
	abort();
}
