/*
 * version.h - offersim's version, stamped into summary.json and reports.
 */
#ifndef OFFERSIM_VERSION_H
#define OFFERSIM_VERSION_H

#define OFFERSIM_VERSION "0.1.0"

#endif
