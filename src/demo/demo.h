/* SPDX-License-Identifier: Apache-2.0 */
/* The demo data generator: a realistic, deterministic data set for Wuhan (武汉市) written as
 * standard-format CSV files that `xinyong import` accepts: departments, subjects (organisations,
 * individual businesses, natural persons) and their licences, penalties, list entries,
 * commitments and arrears (欠缴信息, consent scope), plus a file of deliberately broken rows and a
 * GB18030-encoded file. */
#ifndef XY_DEMO_H
#define XY_DEMO_H

#include <stdint.h>

#include "common/xy_date.h"
#include "common/xy_error.h"

/* The record classes the generator writes, in import order. */
enum xy_demo_class {
    XY_DEMO_LICENSE = 0,
    XY_DEMO_PENALTY,
    XY_DEMO_RED_LIST,
    XY_DEMO_BLACK_LIST,
    XY_DEMO_WATCH_LIST,
    XY_DEMO_COMMITMENT,
    XY_DEMO_ARREARS, /* from their own random stream: the classes above do not depend on it */
    /* The work plan's further classes (classes.c), from a stream of their own as well. */
    XY_DEMO_DEFAULTER,
    XY_DEMO_GOV_INTEGRITY,
    XY_DEMO_INSPECTION,
    XY_DEMO_ENFORCEMENT,
    XY_DEMO_CONFIRMATION,
    XY_DEMO_REWARD,
    XY_DEMO_HONOUR,
    XY_DEMO_NCLASSES
};

/* The most subjects one run generates. */
#define XY_DEMO_MAX_SUBJECTS 100000000L

/* The catalogue name of a class ("license", "penalty", ..., "arrears"), or NULL when out of
 * range. */
const char *xy_demo_class_name(int cls);

struct xy_demo_opts {
    const char *out_dir;    /* created when missing (one level); files in it are overwritten */
    long subjects;          /* 1 .. XY_DEMO_MAX_SUBJECTS */
    uint64_t seed;          /* same subjects, seed and today: byte-identical files */
    struct xy_date today;   /* no decision date lies after it; must be 2019-01-01 or later */
    long only_penalty_rows; /* > 0: write only DIR/penalty.csv with exactly this many penalty rows
                               of the first department (plus departments.tsv and manifest.tsv);
                               subjects is then ignored */
};

/* Fills o with the defaults: 1000 subjects, seed 42, today 2026-11-28, no output directory. */
void xy_demo_opts_init(struct xy_demo_opts *o);

struct xy_demo_summary {
    long subjects;
    long organisations;
    long individual_businesses;
    long persons;
    long rows[XY_DEMO_NCLASSES]; /* rows written per class (manifest files only) */
    long files;                  /* CSV files listed in manifest.tsv */
    long departments;
    long broken_rows; /* rows in broken/penalty-broken.csv */
    long broken_bad;  /* of which carry a mistake */
    long gbk_rows;    /* rows in broken/penalty-gbk.csv */
    /* An organisation with licences, penalties and a list entry; "" in the penalty-only mode. */
    char demo_code[19];
    char demo_name[256];
    long demo_licences;
    long demo_penalties;
    long demo_lists;
};

/* Generates the data set into opts->out_dir:
 *   departments.tsv              USCC<TAB>NAME, one line per department
 *   <dept USCC>/<class>.csv      UTF-8, RFC 4180, a header row of the catalogue's field codes
 *   manifest.tsv                 CLASS<TAB>DEPT_USCC<TAB>RELATIVE_PATH per CSV file, in import
 *                                order (licences and penalties first, arrears last)
 *   broken/penalty-broken.csv    ~20 penalty rows of the first department, half with one mistake
 *   broken/penalty-gbk.csv       a few good penalty rows encoded in GB18030
 *   broken/README.txt            the mistakes, row by row, in Chinese and English
 * Arrears (a few per cent of organisations and some individual businesses, one record each, from
 * the tax bureau or the human resources and social security bureau) are drawn from a random stream
 * of their own: adding them left every other file byte-identical for the same options.
 * In the penalty-only mode: departments.tsv, penalty.csv and a one-line manifest.tsv.
 * OUT: *out (may be NULL). Errors: XY_EINVAL (bad options), XY_EIO (a file could not be created
 * or written; err names it), XY_ENOMEM. Files written before an error are left in place. */
int xy_demo_generate(const struct xy_demo_opts *opts, struct xy_demo_summary *out,
                     struct xy_error *err);

#endif
