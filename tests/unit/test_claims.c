/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of the subject's claims: the objection state machine (src/core/objection.c, DOMAIN
 * §4.3): every allowed move with the limit it hands on, every other (state, action) pair refused,
 * the single extension, who moves, names; credit repair (src/core/repair.c, §4.2): its moves and the
 * first day a repair may be asked for; and the catalogue's "time_limits" (src/core/catalog.c):
 * defaults, the real values, custom values and malformed ones, on catalogue texts made from the real
 * catalogue ($XY_CATALOG) with that member replaced or removed. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "testutil.h"

#include "common/xy_date.h"
#include "common/xy_error.h"
#include "core/catalog.h"
#include "core/objection.h"
#include "core/repair.h"

/* ---- objections ------------------------------------------------------------------------------ */

/* Limits that differ from each other, so that a wrong field would show. */
static const struct xy_obj_limits LIMITS = {.accept = 11, .forward = 12, .decide = 13, .extend = 14, .close = 15};

/* The allowed moves, written out from DOMAIN §4.3, with the limit each hands on. */
static const struct {
    enum xy_obj_state from;
    enum xy_obj_action action;
    enum xy_obj_state to;
    int limit;
} ALLOWED[] = {
    {XY_OBJ_SUBMITTED, XY_OBJ_ACCEPT, XY_OBJ_ACCEPTED, 12},  /* then forward within forward */
    {XY_OBJ_SUBMITTED, XY_OBJ_REJECT, XY_OBJ_REJECTED, 0},   /* over */
    {XY_OBJ_ACCEPTED, XY_OBJ_FORWARD, XY_OBJ_FORWARDED, 13}, /* the department decides within decide */
    {XY_OBJ_FORWARDED, XY_OBJ_EXTEND, XY_OBJ_FORWARDED, 14}, /* extend more days */
    {XY_OBJ_FORWARDED, XY_OBJ_DECIDE, XY_OBJ_DECIDED, 15},   /* the office closes within close */
    {XY_OBJ_DECIDED, XY_OBJ_CLOSE, XY_OBJ_CLOSED, 0},        /* over */
};

static int allowed_index(enum xy_obj_state s, enum xy_obj_action a)
{
    for (size_t i = 0; i < sizeof ALLOWED / sizeof *ALLOWED; i++)
        if (ALLOWED[i].from == s && ALLOWED[i].action == a)
            return (int)i;
    return -1;
}

static void test_obj_defaults(void **state)
{
    struct xy_obj_limits l;
    (void)state;
    memset(&l, 0x7f, sizeof l);
    xy_obj_limits_default(&l);
    assert_int_equal(l.accept, 1);
    assert_int_equal(l.forward, 2);
    assert_int_equal(l.decide, 5);
    assert_int_equal(l.extend, 5);
    assert_int_equal(l.close, 2);
}

/* Each allowed move, by hand. */
static void test_obj_moves(void **state)
{
    struct xy_error err;
    enum xy_obj_state next;
    int limit;
    (void)state;
    xy_error_clear(&err);
    assert_int_equal(xy_obj_next(XY_OBJ_SUBMITTED, XY_OBJ_ACCEPT, 0, &LIMITS, &next, &limit, &err), 0);
    assert_int_equal(next, XY_OBJ_ACCEPTED);
    assert_int_equal(limit, LIMITS.forward);
    assert_int_equal(xy_obj_next(XY_OBJ_SUBMITTED, XY_OBJ_REJECT, 0, &LIMITS, &next, &limit, &err), 0);
    assert_int_equal(next, XY_OBJ_REJECTED);
    assert_int_equal(limit, 0);
    assert_int_equal(xy_obj_next(XY_OBJ_ACCEPTED, XY_OBJ_FORWARD, 0, &LIMITS, &next, &limit, &err), 0);
    assert_int_equal(next, XY_OBJ_FORWARDED);
    assert_int_equal(limit, LIMITS.decide);
    assert_int_equal(xy_obj_next(XY_OBJ_FORWARDED, XY_OBJ_EXTEND, 0, &LIMITS, &next, &limit, &err), 0);
    assert_int_equal(next, XY_OBJ_FORWARDED);
    assert_int_equal(limit, LIMITS.extend);
    assert_int_equal(xy_obj_next(XY_OBJ_FORWARDED, XY_OBJ_DECIDE, 0, &LIMITS, &next, &limit, &err), 0);
    assert_int_equal(next, XY_OBJ_DECIDED);
    assert_int_equal(limit, LIMITS.close);
    assert_int_equal(xy_obj_next(XY_OBJ_DECIDED, XY_OBJ_CLOSE, 0, &LIMITS, &next, &limit, &err), 0);
    assert_int_equal(next, XY_OBJ_CLOSED);
    assert_int_equal(limit, 0);
}

/* A whole objection with one extension; the second extension is refused, the decision still comes. */
static void test_obj_extend_once(void **state)
{
    struct xy_error err;
    enum xy_obj_state s = XY_OBJ_SUBMITTED, next = XY_OBJ__COUNT;
    int limit = -1, extended = 0;
    (void)state;
    xy_error_clear(&err);
    assert_int_equal(xy_obj_next(s, XY_OBJ_ACCEPT, extended, &LIMITS, &s, &limit, &err), 0);
    assert_int_equal(xy_obj_next(s, XY_OBJ_FORWARD, extended, &LIMITS, &s, &limit, &err), 0);
    assert_int_equal(s, XY_OBJ_FORWARDED);
    assert_int_equal(xy_obj_next(s, XY_OBJ_EXTEND, extended, &LIMITS, &s, &limit, &err), 0);
    assert_int_equal(s, XY_OBJ_FORWARDED);
    assert_int_equal(limit, 14);
    extended = 1;
    limit = -1;
    assert_int_equal(xy_obj_next(s, XY_OBJ_EXTEND, extended, &LIMITS, &next, &limit, &err), XY_ESTATE);
    assert_non_null(strstr(err.msg, "extended"));
    assert_bilingual(err.msg);
    assert_int_equal(next, XY_OBJ__COUNT); /* untouched */
    assert_int_equal(limit, -1);
    assert_int_equal(xy_obj_next(s, XY_OBJ_DECIDE, extended, &LIMITS, &s, &limit, &err), 0);
    assert_int_equal(s, XY_OBJ_DECIDED);
    assert_int_equal(limit, 15);
    assert_int_equal(xy_obj_next(s, XY_OBJ_CLOSE, extended, &LIMITS, &s, &limit, &err), 0);
    assert_int_equal(s, XY_OBJ_CLOSED);
    assert_int_equal(limit, 0);
}

/* Every (state, action) pair, extended or not: the allowed ones move as the table says, all the others
 * are refused with XY_ESTATE and leave the outputs alone. */
static void test_obj_all_pairs(void **state)
{
    (void)state;
    int allowed = 0, refused = 0;
    for (int ext = 0; ext <= 1; ext++)
        for (int s = 0; s < XY_OBJ__COUNT; s++)
            for (int a = 0; a < XY_OBJ__ACTIONS; a++) {
                struct xy_error err;
                enum xy_obj_state next = XY_OBJ__COUNT;
                int limit = -7;
                xy_error_clear(&err);
                int rc = xy_obj_next((enum xy_obj_state)s, (enum xy_obj_action)a, ext, &LIMITS, &next, &limit, &err);
                int k = allowed_index((enum xy_obj_state)s, (enum xy_obj_action)a);
                if (k >= 0 && !(ext && a == XY_OBJ_EXTEND)) {
                    if (rc != 0)
                        fail_msg("%s + %s (extended %d) refused: %s", xy_obj_state_name(s), xy_obj_action_name(a),
                                 ext, err.msg);
                    assert_int_equal(next, ALLOWED[k].to);
                    assert_int_equal(limit, ALLOWED[k].limit);
                    allowed++;
                } else {
                    if (rc != XY_ESTATE)
                        fail_msg("%s + %s (extended %d): rc %d, expected XY_ESTATE", xy_obj_state_name(s),
                                 xy_obj_action_name(a), ext, rc);
                    assert_int_equal(err.rc, XY_ESTATE);
                    assert_bilingual(err.msg);
                    assert_int_equal(next, XY_OBJ__COUNT);
                    assert_int_equal(limit, -7);
                    refused++;
                }
            }
    assert_int_equal(allowed, 6 + 5);
    assert_int_equal(refused, 2 * 36 - 11);
    /* Out of range: not a state error. */
    struct xy_error err;
    enum xy_obj_state next;
    int limit;
    assert_int_equal(xy_obj_next(XY_OBJ__COUNT, XY_OBJ_ACCEPT, 0, &LIMITS, &next, &limit, &err), XY_EINVAL);
    assert_int_equal(xy_obj_next(XY_OBJ_SUBMITTED, XY_OBJ__ACTIONS, 0, &LIMITS, &next, &limit, &err), XY_EINVAL);
    assert_int_equal(xy_obj_next((enum xy_obj_state)-1, XY_OBJ_ACCEPT, 0, &LIMITS, &next, &limit, &err), XY_EINVAL);
}

static void test_obj_actor(void **state)
{
    (void)state;
    assert_int_equal(xy_obj_actor(XY_OBJ_ACCEPT), XY_OBJ_BY_OFFICE);
    assert_int_equal(xy_obj_actor(XY_OBJ_REJECT), XY_OBJ_BY_OFFICE);
    assert_int_equal(xy_obj_actor(XY_OBJ_FORWARD), XY_OBJ_BY_OFFICE);
    assert_int_equal(xy_obj_actor(XY_OBJ_EXTEND), XY_OBJ_BY_SOURCE);
    assert_int_equal(xy_obj_actor(XY_OBJ_DECIDE), XY_OBJ_BY_SOURCE);
    assert_int_equal(xy_obj_actor(XY_OBJ_CLOSE), XY_OBJ_BY_OFFICE);
}

static void test_obj_open_marks(void **state)
{
    (void)state;
    assert_true(xy_obj_open(XY_OBJ_SUBMITTED));
    assert_true(xy_obj_open(XY_OBJ_ACCEPTED));
    assert_true(xy_obj_open(XY_OBJ_FORWARDED));
    assert_true(xy_obj_open(XY_OBJ_DECIDED));
    assert_false(xy_obj_open(XY_OBJ_CLOSED));
    assert_false(xy_obj_open(XY_OBJ_REJECTED));
    /* Marked from acceptance until the office closes it; not before acceptance, not if rejected. */
    assert_false(xy_obj_marks_record(XY_OBJ_SUBMITTED));
    assert_true(xy_obj_marks_record(XY_OBJ_ACCEPTED));
    assert_true(xy_obj_marks_record(XY_OBJ_FORWARDED));
    assert_true(xy_obj_marks_record(XY_OBJ_DECIDED));
    assert_false(xy_obj_marks_record(XY_OBJ_CLOSED));
    assert_false(xy_obj_marks_record(XY_OBJ_REJECTED));
}

static void test_obj_names(void **state)
{
    (void)state;
    static const char *const states[] = {"submitted", "accepted", "forwarded", "decided", "closed", "rejected"};
    static const enum xy_obj_state svals[] = {XY_OBJ_SUBMITTED, XY_OBJ_ACCEPTED, XY_OBJ_FORWARDED,
                                              XY_OBJ_DECIDED,   XY_OBJ_CLOSED,   XY_OBJ_REJECTED};
    for (size_t i = 0; i < 6; i++) {
        enum xy_obj_state s = XY_OBJ__COUNT;
        assert_string_equal(xy_obj_state_name(svals[i]), states[i]);
        assert_int_equal(xy_obj_state_parse(states[i], &s), 0);
        assert_int_equal(s, svals[i]);
    }
    static const char *const actions[] = {"accept", "reject", "forward", "extend", "decide", "close"};
    static const enum xy_obj_action avals[] = {XY_OBJ_ACCEPT, XY_OBJ_REJECT, XY_OBJ_FORWARD,
                                               XY_OBJ_EXTEND, XY_OBJ_DECIDE, XY_OBJ_CLOSE};
    for (size_t i = 0; i < 6; i++) {
        enum xy_obj_action a = XY_OBJ__ACTIONS;
        assert_string_equal(xy_obj_action_name(avals[i]), actions[i]);
        assert_int_equal(xy_obj_action_parse(actions[i], &a), 0);
        assert_int_equal(a, avals[i]);
    }
    static const char *const decisions[] = {"correct", "delete", "uphold"};
    static const enum xy_obj_decision dvals[] = {XY_OBJ_CORRECT, XY_OBJ_DELETE, XY_OBJ_UPHOLD};
    for (size_t i = 0; i < 3; i++) {
        enum xy_obj_decision d = XY_OBJ_NONE;
        assert_string_equal(xy_obj_decision_name(dvals[i]), decisions[i]);
        assert_int_equal(xy_obj_decision_parse(decisions[i], &d), 0);
        assert_int_equal(d, dvals[i]);
    }
    assert_string_equal(xy_obj_decision_name(XY_OBJ_NONE), "");
    assert_string_equal(xy_obj_decision_name((enum xy_obj_decision)9), "");
    assert_string_equal(xy_obj_state_name(XY_OBJ__COUNT), "?");
    assert_string_equal(xy_obj_state_name((enum xy_obj_state)-1), "?");
    assert_string_equal(xy_obj_action_name(XY_OBJ__ACTIONS), "?");

    /* Unknown names: -1 and the output left alone. "" is not the name of "no decision". */
    enum xy_obj_state s = XY_OBJ_DECIDED;
    enum xy_obj_action a = XY_OBJ_CLOSE;
    enum xy_obj_decision d = XY_OBJ_UPHOLD;
    static const char *const bad[] = {"", "?", "Accepted", "accepted ", "submit", "none", "correct", "accept"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        assert_int_equal(xy_obj_state_parse(bad[i], &s), -1);
    assert_int_equal(xy_obj_state_parse(NULL, &s), -1);
    assert_int_equal(s, XY_OBJ_DECIDED);
    assert_int_equal(xy_obj_action_parse("", &a), -1);
    assert_int_equal(xy_obj_action_parse("Accept", &a), -1);
    assert_int_equal(xy_obj_action_parse("accepted", &a), -1);
    assert_int_equal(xy_obj_action_parse(NULL, &a), -1);
    assert_int_equal(a, XY_OBJ_CLOSE);
    assert_int_equal(xy_obj_decision_parse("", &d), -1);
    assert_int_equal(xy_obj_decision_parse("none", &d), -1);
    assert_int_equal(xy_obj_decision_parse("Delete", &d), -1);
    assert_int_equal(xy_obj_decision_parse("decide", &d), -1);
    assert_int_equal(xy_obj_decision_parse(NULL, &d), -1);
    assert_int_equal(d, XY_OBJ_UPHOLD);
}

/* ---- repairs --------------------------------------------------------------------------------- */

static void test_rep_moves(void **state)
{
    struct xy_error err;
    enum xy_rep_state next;
    (void)state;
    xy_error_clear(&err);
    next = XY_REP__COUNT;
    assert_int_equal(xy_rep_next(XY_REP_SUBMITTED, XY_REP_APPROVE, &next, &err), 0);
    assert_int_equal(next, XY_REP_APPROVED);
    next = XY_REP__COUNT;
    assert_int_equal(xy_rep_next(XY_REP_SUBMITTED, XY_REP_REFUSE, &next, &err), 0);
    assert_int_equal(next, XY_REP_REFUSED);
    static const enum xy_rep_state done[] = {XY_REP_APPROVED, XY_REP_REFUSED};
    static const enum xy_rep_action acts[] = {XY_REP_APPROVE, XY_REP_REFUSE};
    for (size_t i = 0; i < 2; i++)
        for (size_t j = 0; j < 2; j++) {
            next = XY_REP__COUNT;
            xy_error_clear(&err);
            assert_int_equal(xy_rep_next(done[i], acts[j], &next, &err), XY_ESTATE);
            assert_int_equal(err.rc, XY_ESTATE);
            assert_non_null(strstr(err.msg, xy_rep_state_name(done[i])));
            assert_bilingual(err.msg);
            assert_int_equal(next, XY_REP__COUNT);
        }
    assert_int_equal(xy_rep_next(XY_REP__COUNT, XY_REP_APPROVE, &next, &err), XY_EINVAL);
    assert_int_equal(xy_rep_next(XY_REP_SUBMITTED, XY_REP__ACTIONS, &next, &err), XY_EINVAL);
}

static void test_rep_names(void **state)
{
    (void)state;
    static const char *const states[] = {"submitted", "approved", "refused"};
    for (int i = 0; i < 3; i++) {
        enum xy_rep_state s = XY_REP__COUNT;
        assert_string_equal(xy_rep_state_name((enum xy_rep_state)i), states[i]);
        assert_int_equal(xy_rep_state_parse(states[i], &s), 0);
        assert_int_equal(s, i);
    }
    enum xy_rep_action a = XY_REP__ACTIONS;
    assert_string_equal(xy_rep_action_name(XY_REP_APPROVE), "approve");
    assert_string_equal(xy_rep_action_name(XY_REP_REFUSE), "refuse");
    assert_int_equal(xy_rep_action_parse("approve", &a), 0);
    assert_int_equal(a, XY_REP_APPROVE);
    assert_int_equal(xy_rep_action_parse("refuse", &a), 0);
    assert_int_equal(a, XY_REP_REFUSE);
    assert_string_equal(xy_rep_state_name(XY_REP__COUNT), "?");
    assert_string_equal(xy_rep_action_name(XY_REP__ACTIONS), "?");
    enum xy_rep_state s = XY_REP_REFUSED;
    a = XY_REP_REFUSE;
    assert_int_equal(xy_rep_state_parse("", &s), -1);
    assert_int_equal(xy_rep_state_parse("Approved", &s), -1);
    assert_int_equal(xy_rep_state_parse("approve", &s), -1);
    assert_int_equal(xy_rep_state_parse(NULL, &s), -1);
    assert_int_equal(s, XY_REP_REFUSED);
    assert_int_equal(xy_rep_action_parse("", &a), -1);
    assert_int_equal(xy_rep_action_parse("approved", &a), -1);
    assert_int_equal(xy_rep_action_parse(NULL, &a), -1);
    assert_int_equal(a, XY_REP_REFUSE);
}

static void expect_allowed(const char *min_until, const char *decision, int is_list, int y, int m, int d)
{
    struct xy_date out = {0, 0, 0};
    if (xy_repair_allowed_from(min_until, decision, is_list, &out) != 0)
        fail_msg("allowed_from(%s, %s, %d) failed", min_until ? min_until : "NULL", decision ? decision : "NULL",
                 is_list);
    if (out.y != y || out.m != m || out.d != d)
        fail_msg("allowed_from(%s, %s, %d) = %04d-%02d-%02d, expected %04d-%02d-%02d",
                 min_until ? min_until : "NULL", decision ? decision : "NULL", is_list, out.y, out.m, out.d, y, m, d);
}

static void expect_none(const char *min_until, const char *decision, int is_list)
{
    struct xy_date out = {1999, 9, 9};
    assert_int_equal(xy_repair_allowed_from(min_until, decision, is_list, &out), -1);
    assert_int_equal(out.y, 1999); /* untouched */
    assert_int_equal(out.m, 9);
    assert_int_equal(out.d, 9);
}

static void test_repair_allowed_from(void **state)
{
    (void)state;
    assert_int_equal(XY_REPAIR_LIST_MONTHS, 12);
    /* min_until wins, list entry or not. */
    expect_allowed("2027-03-15", "2024-02-29", 1, 2027, 3, 15);
    expect_allowed("2027-03-15", "2024-02-29", 0, 2027, 3, 15);
    expect_allowed("2027-03-15", NULL, 0, 2027, 3, 15);
    expect_allowed("2023-01-01", "2024-06-01", 1, 2023, 1, 1); /* even when earlier than a year on */
    /* A list entry without one: the decision date plus twelve months, the day clamped to the month. */
    expect_allowed(NULL, "2024-02-29", 1, 2025, 2, 28);
    expect_allowed(NULL, "2024-05-10", 1, 2025, 5, 10);
    expect_allowed(NULL, "2023-02-28", 1, 2024, 2, 28);
    expect_allowed(NULL, "2025-12-31", 1, 2026, 12, 31);
    expect_allowed(NULL, "2024-01-31", 1, 2025, 1, 31);
    expect_allowed("", "2024-05-10", 1, 2025, 5, 10); /* an empty min_until is none */
    /* Not a list entry and no min_until: unknown. */
    expect_none(NULL, "2024-02-29", 0);
    expect_none("", "2024-02-29", 0);
    expect_none(NULL, NULL, 1);
    expect_none(NULL, NULL, 0);
    expect_none(NULL, "soon", 1);
    expect_none("2024-02-30", NULL, 0); /* not a real day */
}

/* ---- the catalogue's time limits ------------------------------------------------------------- */

/* The real catalogue's text with its "time_limits" member replaced by `"time_limits": value`, or
 * removed (with its comma) when value is NULL. Caller frees. */
static char *catalog_with_limits(const char *value, size_t *outlen)
{
    size_t len = 0;
    const char *path = getenv("XY_CATALOG");
    if (!path)
        fail_msg("XY_CATALOG is not set (run through ctest)");
    char *text = read_all(path, &len);
    assert_non_null(text);
    char *key = strstr(text, "\"time_limits\"");
    assert_non_null(key);
    assert_null(strstr(key + 1, "\"time_limits\"")); /* only one */
    char *open = strchr(key, '{');
    assert_non_null(open);
    /* The end of the object value: braces outside strings. */
    char *p = open;
    int depth = 0, in_str = 0;
    for (;; p++) {
        assert_true(*p != '\0');
        if (in_str) {
            if (*p == '\\')
                p++;
            else if (*p == '"')
                in_str = 0;
        } else if (*p == '"') {
            in_str = 1;
        } else if (*p == '{') {
            depth++;
        } else if (*p == '}' && --depth == 0) {
            break;
        }
    }
    char *after = p + 1;
    if (!value) { /* drop the member and the comma after it (it is not the last member) */
        while (*after == ' ' || *after == '\n' || *after == '\r' || *after == '\t')
            after++;
        assert_int_equal(*after, ',');
        after++;
    }
    size_t head = (size_t)(key - text), tail = len - (size_t)(after - text);
    size_t vlen = value ? strlen("\"time_limits\": ") + strlen(value) : 0;
    char *out = malloc(head + vlen + tail + 1);
    assert_non_null(out);
    memcpy(out, text, head);
    if (value)
        snprintf(out + head, vlen + 1, "\"time_limits\": %s", value);
    memcpy(out + head + vlen, after, tail);
    out[head + vlen + tail] = '\0';
    *outlen = head + vlen + tail;
    free(text);
    return out;
}

static int parse_with_limits(const char *value, struct xy_catalog **cat, struct xy_error *err)
{
    size_t len = 0;
    char *text = catalog_with_limits(value, &len);
    xy_error_clear(err);
    int rc = xy_catalog_parse(text, len, cat, err);
    free(text);
    return rc;
}

static void expect_limits(const struct xy_catalog *cat, int accept, int forward, int decide, int extend, int close,
                          int repair)
{
    assert_int_equal(cat->objection.accept, accept);
    assert_int_equal(cat->objection.forward, forward);
    assert_int_equal(cat->objection.decide, decide);
    assert_int_equal(cat->objection.extend, extend);
    assert_int_equal(cat->objection.close, close);
    assert_int_equal(cat->repair_decide, repair);
}

/* catalog/catalog.json: objection 1, 2, 5, +5, 2; repair 5. */
static void test_limits_real(void **state)
{
    (void)state;
    struct xy_catalog *cat = load_test_catalog();
    assert_non_null(cat);
    expect_limits(cat, 1, 2, 5, 5, 2, 5);
    xy_catalog_free(cat);
}

/* The text manipulation itself: replacing the member by the same values parses alike; removing it
 * leaves a catalogue without time_limits. */
static void test_limits_text(void **state)
{
    size_t len = 0;
    (void)state;
    char *t = catalog_with_limits(NULL, &len);
    assert_null(strstr(t, "time_limits"));
    assert_int_equal(strlen(t), len);
    free(t);
    t = catalog_with_limits("{\"objection\": {\"accept\": 33}}", &len);
    assert_non_null(strstr(t, "\"time_limits\": {\"objection\": {\"accept\": 33}}"));
    assert_null(strstr(t, "\"basis\": \"异议处理时限"));
    assert_int_equal(strlen(t), len);
    free(t);
}

static void test_limits_absent(void **state)
{
    struct xy_catalog *cat;
    struct xy_error err;
    (void)state;
    assert_int_equal(parse_with_limits(NULL, &cat, &err), 0);
    assert_non_null(cat);
    expect_limits(cat, 1, 2, 5, 5, 2, 5);
    xy_catalog_free(cat);
    /* Empty objects: defaults too. */
    assert_int_equal(parse_with_limits("{}", &cat, &err), 0);
    expect_limits(cat, 1, 2, 5, 5, 2, 5);
    xy_catalog_free(cat);
    assert_int_equal(parse_with_limits("{\"objection\": {}, \"repair\": {}}", &cat, &err), 0);
    expect_limits(cat, 1, 2, 5, 5, 2, 5);
    xy_catalog_free(cat);
}

static void test_limits_custom(void **state)
{
    struct xy_catalog *cat;
    struct xy_error err;
    (void)state;
    assert_int_equal(parse_with_limits("{\"basis\": \"test\", \"objection\": {\"accept\": 3, \"forward\": 4, "
                                       "\"decide\": 7, \"extend\": 9, \"close\": 11}, \"repair\": {\"decide\": 13}}",
                                       &cat, &err),
                     0);
    expect_limits(cat, 3, 4, 7, 9, 11, 13);
    xy_catalog_free(cat);
    /* Partial: the rest keep their defaults. */
    assert_int_equal(parse_with_limits("{\"objection\": {\"decide\": 10}}", &cat, &err), 0);
    expect_limits(cat, 1, 2, 10, 5, 2, 5);
    xy_catalog_free(cat);
    assert_int_equal(parse_with_limits("{\"repair\": {\"decide\": 8}}", &cat, &err), 0);
    expect_limits(cat, 1, 2, 5, 5, 2, 8);
    xy_catalog_free(cat);
    /* The bounds 0 and 60 are allowed. */
    assert_int_equal(parse_with_limits("{\"objection\": {\"accept\": 0, \"close\": 60}, \"repair\": {\"decide\": 0}}",
                                       &cat, &err),
                     0);
    expect_limits(cat, 0, 2, 5, 5, 60, 0);
    xy_catalog_free(cat);
    assert_int_equal(parse_with_limits("{\"objection\": {\"extend\": 60}, \"repair\": {\"decide\": 60}}", &cat, &err),
                     0);
    expect_limits(cat, 1, 2, 5, 60, 2, 60);
    assert_int_equal(cat->jrp_feedback, 5); /* the default: feedback on a check in 5 working days */
    xy_catalog_free(cat);
    assert_int_equal(parse_with_limits("{\"jrp\": {\"feedback\": 7}}", &cat, &err), 0);
    expect_limits(cat, 1, 2, 5, 5, 2, 5);
    assert_int_equal(cat->jrp_feedback, 7);
    xy_catalog_free(cat);
}

static void test_limits_errors(void **state)
{
    (void)state;
    static const struct {
        const char *value, *msg;
    } cases[] = {
        {"{\"objection\": {\"accept\": -1}}", "time_limits.objection.accept"},
        {"{\"objection\": {\"forward\": 61}}", "time_limits.objection.forward"},
        {"{\"objection\": {\"decide\": 1000000000000}}", "time_limits.objection.decide"},
        {"{\"objection\": {\"extend\": 2.5}}", "time_limits.objection.extend"},
        {"{\"objection\": {\"close\": 2.0}}", "time_limits.objection.close"},
        {"{\"objection\": {\"close\": \"2\"}}", "time_limits.objection.close"},
        {"{\"objection\": {\"accept\": true}}", "time_limits.objection.accept"},
        {"{\"objection\": {\"accept\": null}}", "time_limits.objection.accept"},
        {"{\"objection\": {\"accept\": [1]}}", "time_limits.objection.accept"},
        {"{\"objection\": {\"accept\": 1, \"close\": -5}}", "time_limits.objection.close"},
        {"{\"repair\": {\"decide\": -1}}", "time_limits.repair.decide"},
        {"{\"repair\": {\"decide\": 61}}", "time_limits.repair.decide"},
        {"{\"repair\": {\"decide\": \"five\"}}", "time_limits.repair.decide"},
        {"{\"repair\": {\"decide\": 5.5}}", "time_limits.repair.decide"},
        {"[]", "time_limits must be an object"},
        {"[1, 2, 5, 5, 2]", "time_limits must be an object"},
        {"\"1,2,5,5,2\"", "time_limits must be an object"},
        {"5", "time_limits must be an object"},
        {"null", "time_limits must be an object"},
        {"{\"objection\": [1, 2, 5, 5, 2]}", "time_limits must be an object"},
        {"{\"objection\": 5}", "time_limits must be an object"},
        {"{\"repair\": 5}", "time_limits must be an object"},
        {"{\"objection\": {}, \"repair\": \"x\"}", "time_limits must be an object"},
        {"{\"jrp\": 5}", "time_limits must be an object"},
        {"{\"jrp\": {\"feedback\": 61}}", "time_limits.jrp.feedback"},
        {"{\"jrp\": {\"feedback\": \"5\"}}", "time_limits.jrp.feedback"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        static struct xy_catalog dummy;
        struct xy_catalog *cat = &dummy; /* not NULL, to see it cleared */
        struct xy_error err;
        int rc = parse_with_limits(cases[i].value, &cat, &err);
        if (rc != XY_EINVAL)
            fail_msg("time_limits %s: rc %d, expected XY_EINVAL", cases[i].value, rc);
        assert_null(cat);
        if (!strstr(err.msg, cases[i].msg))
            fail_msg("time_limits %s: message \"%s\" does not say \"%s\"", cases[i].value, err.msg, cases[i].msg);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_obj_defaults),
        cmocka_unit_test(test_obj_moves),
        cmocka_unit_test(test_obj_extend_once),
        cmocka_unit_test(test_obj_all_pairs),
        cmocka_unit_test(test_obj_actor),
        cmocka_unit_test(test_obj_open_marks),
        cmocka_unit_test(test_obj_names),
        cmocka_unit_test(test_rep_moves),
        cmocka_unit_test(test_rep_names),
        cmocka_unit_test(test_repair_allowed_from),
        cmocka_unit_test(test_limits_real),
        cmocka_unit_test(test_limits_text),
        cmocka_unit_test(test_limits_absent),
        cmocka_unit_test(test_limits_custom),
        cmocka_unit_test(test_limits_errors),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
