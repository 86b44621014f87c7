/*
 * no_symbol.c - a test shared object that exports no offersim_policy:
 * loading it must be refused with a positioned error.
 */
int offersim_not_a_policy(void);

int offersim_not_a_policy(void)
{
	return 0;
}
