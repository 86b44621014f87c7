/*
 * json_write.h - the two pieces every JSON file offersim writes is made
 * of: a string with its escapes and a number.
 *
 * summary.json (metrics.c) and `offersim trace info --json` (trace.c)
 * print their objects with fprintf and share these, so both files spell
 * numbers and strings the same way and json_read.h reads them back.
 */
#ifndef OFFERSIM_JSON_WRITE_H
#define OFFERSIM_JSON_WRITE_H

#include <stdio.h>

/* s in double quotes: '"' and '\' escaped, control characters as \u00XX;
 * other bytes as they are (UTF-8 passes through). */
void json_str(FILE *f, const char *s);
/* x as an integer when it is one (below 1e15), else with 9 significant
 * digits; null when it is not finite (JSON has no NaN or infinity). */
void json_num(FILE *f, double x);

#endif
