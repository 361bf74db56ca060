/* SPDX-License-Identifier: Apache-2.0 */
/* Unit tests of src/server/budget.c: the memory request bodies in flight may hold, in all and per
 * client address. A small table makes addresses share probe chains, so that giving back one
 * client's bytes (which empties its slot and moves others back) must leave every other client's
 * count where it was; a reference model of plain arrays checks thousands of random steps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "common/xy_error.h"
#include "server/server_int.h"

static void test_limits(void **state)
{
    struct xy_budget b;
    int per_client = -1;
    (void)state;
    assert_int_equal(xy_budget_init(&b, 100, 60, 16), XY_OK);
    assert_int_equal(xy_budget_take(&b, "10.0.0.1", 60, &per_client), XY_OK);
    assert_int_equal(per_client, 0);
    /* The address's share is full: refused as the client's, nothing reserved. */
    assert_int_equal(xy_budget_take(&b, "10.0.0.1", 1, &per_client), XY_EBUSY);
    assert_int_equal(per_client, 1);
    assert_int_equal(xy_budget_held(&b, "10.0.0.1"), 60);
    /* Another address fits its own share only up to what the server has left (40). */
    assert_int_equal(xy_budget_take(&b, "10.0.0.2", 41, &per_client), XY_EBUSY);
    assert_int_equal(per_client, 0);
    assert_int_equal(xy_budget_take(&b, "10.0.0.2", 40, &per_client), XY_OK);
    assert_int_equal(xy_budget_held(&b, NULL), 100);
    assert_int_equal(xy_budget_take(&b, "10.0.0.3", 1, &per_client), XY_EBUSY);
    assert_int_equal(per_client, 0);
    /* More than a share at once is refused even on an empty server. */
    xy_budget_give(&b, "10.0.0.1", 60);
    xy_budget_give(&b, "10.0.0.2", 40);
    assert_int_equal(xy_budget_held(&b, NULL), 0);
    assert_int_equal(xy_budget_take(&b, "10.0.0.4", 61, &per_client), XY_EBUSY);
    assert_int_equal(per_client, 1);
    /* Nothing costs nothing, even when everything is taken. */
    assert_int_equal(xy_budget_take(&b, "10.0.0.4", 60, &per_client), XY_OK);
    assert_int_equal(xy_budget_take(&b, "10.0.0.4", 0, &per_client), XY_OK);
    xy_budget_give(&b, "10.0.0.4", 60);
    xy_budget_release(&b);
}

static void test_addresses(void **state)
{
    struct xy_budget b;
    int per_client;
    (void)state;
    assert_int_equal(xy_budget_init(&b, 1000, 10, 8), XY_OK);
    /* An unknown address is one client of its own, and so is an IPv6 address of full length. */
    const char *v6 = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255";
    assert_int_equal(xy_budget_take(&b, "", 10, &per_client), XY_OK);
    assert_int_equal(xy_budget_take(&b, "", 1, &per_client), XY_EBUSY);
    assert_int_equal(xy_budget_take(&b, v6, 10, &per_client), XY_OK);
    assert_int_equal(xy_budget_held(&b, v6), 10);
    assert_int_equal(xy_budget_held(&b, ""), 10);
    assert_int_equal(xy_budget_held(&b, "10.0.0.1"), 0);
    xy_budget_give(&b, "", 10);
    xy_budget_give(&b, v6, 10);
    /* Giving back what a client never took changes nothing. */
    xy_budget_give(&b, "10.9.9.9", 5);
    assert_int_equal(xy_budget_held(&b, NULL), 0);
    /* A full table refuses a new client rather than losing count. */
    char name[32];
    for (int i = 0; i < 8; i++) {
        snprintf(name, sizeof name, "10.1.0.%d", i);
        assert_int_equal(xy_budget_take(&b, name, 1, &per_client), XY_OK);
    }
    assert_int_equal(xy_budget_take(&b, "10.2.0.0", 1, &per_client), XY_EBUSY);
    assert_int_equal(xy_budget_take(&b, "10.1.0.3", 1, &per_client), XY_OK); /* a known one still may */
    xy_budget_give(&b, "10.1.0.3", 2);
    assert_int_equal(xy_budget_take(&b, "10.2.0.0", 1, &per_client), XY_OK); /* its slot was freed */
    xy_budget_release(&b);
}

/* Random takes and gives from 40 addresses through a table of 64 slots (long probe chains, slots
 * emptied and refilled all the time), against plain arrays. */
static void test_churn(void **state)
{
    enum { CLIENTS = 40, STEPS = 200000 };
    struct xy_budget b;
    size_t held[CLIENTS] = {0}, total = 0;
    char names[CLIENTS][32];
    unsigned seed = 12345;
    int per_client;
    (void)state;
    for (int i = 0; i < CLIENTS; i++)
        snprintf(names[i], sizeof names[i], "192.168.%d.%d", i % 3, i * 7);
    assert_int_equal(xy_budget_init(&b, 3000, 200, CLIENTS), XY_OK);
    for (int step = 0; step < STEPS; step++) {
        seed = seed * 1103515245u + 12345u;
        int c = (int)((seed >> 16) % CLIENTS);
        size_t n = (seed >> 8) % 120;
        if ((seed >> 4) & 1) {
            int want = total + n <= 3000 && held[c] + n <= 200;
            int rc = xy_budget_take(&b, names[c], n, &per_client);
            assert_int_equal(rc, want ? XY_OK : XY_EBUSY);
            if (rc == XY_OK) {
                held[c] += n;
                total += n;
            } else {
                assert_int_equal(per_client, total + n <= 3000);
            }
        } else {
            n = held[c] ? n % (held[c] + 1) : 0;
            if (step % 5 == 0)
                n = held[c]; /* often all of it: the slot empties */
            xy_budget_give(&b, names[c], n);
            held[c] -= n;
            total -= n;
        }
        if (step % 997 == 0) {
            for (int i = 0; i < CLIENTS; i++)
                assert_int_equal(xy_budget_held(&b, names[i]), held[i]);
            assert_int_equal(xy_budget_held(&b, NULL), total);
        }
    }
    for (int i = 0; i < CLIENTS; i++) {
        assert_int_equal(xy_budget_held(&b, names[i]), held[i]);
        xy_budget_give(&b, names[i], held[i]);
    }
    assert_int_equal(xy_budget_held(&b, NULL), 0);
    xy_budget_release(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_limits),
        cmocka_unit_test(test_addresses),
        cmocka_unit_test(test_churn),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
