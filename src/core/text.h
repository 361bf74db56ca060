/* SPDX-License-Identifier: Apache-2.0 */
/* Text rules shared by the import, the name index and the front ends: which characters a field may
 * not hold (control, bidirectional and invisible characters), and the key under which names are
 * matched (NFKC, so that full-width letters, compatibility ideographs and radicals match their
 * ordinary forms). Pure: no I/O. docs/privacy-ids.md, "Clean text". */
#ifndef XY_TEXT_H
#define XY_TEXT_H

#include <stddef.h>
#include <stdint.h>

/* What is wrong with a code point, as stored text. */
enum xy_text_class {
    XY_TEXT_OK = 0,
    XY_TEXT_CONTROL,   /* C0 (U+0000-001F), DEL, C1 (U+0080-009F), U+2028/2029 line/paragraph separators */
    XY_TEXT_BIDI,      /* U+202A-202E embeddings and overrides, U+2066-2069 isolates, U+200E/200F, U+061C marks */
    XY_TEXT_INVISIBLE, /* U+200B-200D zero-width space/non-joiner/joiner, U+2060-2064, U+FEFF */
};

/* The class of one code point. */
enum xy_text_class xy_text_class(uint32_t cp);

/* A stable reason code for a class: "control_char", "bidi_char", "invisible_char" ("" for OK). */
const char *xy_text_class_code(enum xy_text_class c);

/* Finds the first code point of p[0..n) (valid UTF-8) that a field may not hold. long_text: tab,
 * line feed and carriage return are allowed (long free-text fields); elsewhere they are refused
 * like every other control character. OUT: *cp, *pos (1-based code point index), set only when
 * something is found. Returns its class, or XY_TEXT_OK. */
enum xy_text_class xy_text_check(const char *p, size_t n, int long_text, uint32_t *cp, size_t *pos);

/* Fields whose catalogue length is above this many code points (or unlimited) are long text: they
 * may hold tabs and line breaks. Names, codes and other short fields may not. */
#define XY_TEXT_SHORT_MAX 200

/* Appends p[0..n) (valid UTF-8) to out with every code point xy_text_class() refuses, except tab, line
 * feed and carriage return, written as the six ASCII characters \uXXXX: what a rejected value shows
 * of the characters it was rejected for, harmless in a file or on a terminal. Returns XY_OK,
 * XY_ENOMEM or XY_ETOOBIG. */
struct xy_buf;
int xy_text_escape(const char *p, size_t n, struct xy_buf *out);

#define XY_NAME_KEY_MAX 256 /* code points of a name key kept */

/* The matching key of a name: NFKC (Unicode compatibility composition: full-width letters and
 * digits to ASCII, （） to (), compatibility ideographs and Kangxi radicals to unified ideographs),
 * then ASCII lower case, with white space and the characters xy_text_class() refuses dropped.
 * Invalid UTF-8 is decoded leniently and folded the old way (full-width ASCII only), so that any
 * query text has a key. name: n bytes. OUT: cps (max code points), *ncps. Returns 0, or -1 when out
 * of memory. */
int xy_name_key(const char *name, size_t n, uint32_t *cps, size_t max, size_t *ncps);

/* 1 when a and b (NUL-terminated) have the same name key, 0 when not, -1 when out of memory. */
int xy_name_same(const char *a, const char *b);

#endif
