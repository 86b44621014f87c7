/*
 * srcpos.h - a position in an input file (scenario YAML, a trace), kept
 * with whatever was read there so that an error found later can still
 * point at the line that asked for it.  Its own header because both the
 * core (distributions) and the scenario carry positions.
 */
#ifndef OFFERSIM_SRCPOS_H
#define OFFERSIM_SRCPOS_H

struct src_pos {
	int line, col;      /* 1-based; 0 when not from the file */
};

#endif
