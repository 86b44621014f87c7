/*
 * res.c - resource names, formatting of fixed-point quantities, and the
 * dominant share (the measure DRF orders by).
 */
#include "res.h"

#include <stdio.h>
#include <string.h>

int res_find(const struct res_names *rn, const char *name)
{
	for (int i = 0; i < rn->n; i++)
		if (strcmp(rn->name[i], name) == 0)
			return i;
	return -1;
}

int res_intern(struct res_names *rn, const char *name)
{
	int i = res_find(rn, name);
	if (i >= 0)
		return i;
	if (rn->n >= RES_MAX || strlen(name) >= RES_NAME_MAX)
		return -1;
	strcpy(rn->name[rn->n], name);
	return rn->n++;
}

char *resq_format(resq_t q, char *buf, unsigned long size)
{
	const char *sign = q < 0 ? "-" : "";
	resq_t a = q < 0 ? -q : q;
	resq_t whole = a / RES_SCALE, frac = a % RES_SCALE;
	if (frac == 0)
		snprintf(buf, size, "%s%lld", sign, (long long)whole);
	else if (frac % 100 == 0)
		snprintf(buf, size, "%s%lld.%01lld", sign, (long long)whole,
			 (long long)(frac / 100));
	else if (frac % 10 == 0)
		snprintf(buf, size, "%s%lld.%02lld", sign, (long long)whole,
			 (long long)(frac / 10));
	else
		snprintf(buf, size, "%s%lld.%03lld", sign, (long long)whole,
			 (long long)frac);
	return buf;
}

char *res_format(const struct res_names *rn, const resq_t *v, char *buf,
		 unsigned long size)
{
	size_t used = 0;
	buf[0] = '\0';
	for (int i = 0; i < rn->n && used + 1 < size; i++) {
		char q[32];
		int w = snprintf(buf + used, size - used, "%s%s:%s",
				 i ? " " : "", rn->name[i],
				 resq_format(v[i], q, sizeof q));
		if (w < 0)
			break;
		used += (size_t)w;
	}
	return buf;
}

double res_dominant_share(const resq_t *alloc, const resq_t *total, int n)
{
	double s = 0;
	for (int r = 0; r < n; r++)
		if (total[r] > 0) {
			double x = (double)alloc[r] / (double)total[r];
			if (x > s)
				s = x;
		}
	return s;
}
