/* SPDX-License-Identifier: Apache-2.0 */
/* Money as the double-publicity standard writes it (万元, ten thousand yuan, up to six decimals) and
 * as the platform stores it: an exact integer count of fen (0.01 yuan). 1 万元 = 1,000,000 fen. */
#ifndef XY_MONEY_H
#define XY_MONEY_H

#include <stddef.h>
#include <stdint.h>

enum xy_money_err {
    XY_MONEY_OK = 0,
    XY_MONEY_SYNTAX,    /* not a plain decimal number */
    XY_MONEY_NEGATIVE,  /* below zero */
    XY_MONEY_PRECISION, /* finer than a fen (more than six decimals in 万元) */
    XY_MONEY_RANGE,     /* does not fit decimal(18,6) */
};

/* Parses a non-negative decimal amount in 万元 ("0.2", "12", "3.500000", surrounding spaces allowed)
 * into fen. Trailing zeros beyond six decimals are allowed; other digits there are a precision error. */
enum xy_money_err xy_money_parse_wan(const char *s, size_t n, int64_t *fen);

/* Writes fen back as 万元 with the trailing zeros dropped ("0.2"); out needs 32 bytes. */
void xy_money_format_wan(int64_t fen, char *out);

#endif
