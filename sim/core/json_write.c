/*
 * json_write.c - strings and numbers for the JSON files (see
 * json_write.h).
 */
#include "json_write.h"

#include <math.h>

void json_str(FILE *f, const char *s)
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

void json_num(FILE *f, double x)
{
	if (!isfinite(x))
		fputs("null", f);
	else if (x == floor(x) && fabs(x) < 1e15)
		fprintf(f, "%.0f", x);
	else
		fprintf(f, "%.9g", x);
}
