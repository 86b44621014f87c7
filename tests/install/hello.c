/*
 * hello.c - the smallest program on the installed library: built by
 * tests/install/check.sh with `pkg-config --cflags --libs offersim`
 * against an install in a temporary prefix, it runs a scenario and
 * prints the summary's counts.
 */
#include <offersim.h>
#include <stdio.h>

int main(int argc, char **argv)
{
	struct offersim *s;
	if (argc != 3)
		return 2;
	int rc = offersim_open_file(&s, argv[1], NULL, 0, argv[2]);
	if (rc == 0)
		rc = offersim_run(s);
	for (int i = 0; i < offersim_ndiags(s); i++)
		fprintf(stderr, "%s\n", offersim_diag(s, i)->text);
	struct offersim_summary sum;
	if (rc == 0 && offersim_summary(s, &sum) == 0)
		printf("finished %llu of %llu tasks, mean wait %.3f s\n",
		       (unsigned long long)sum.finished,
		       (unsigned long long)sum.submitted, sum.mean_wait);
	offersim_free(s);
	return rc ? 1 : 0;
}
