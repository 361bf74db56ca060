/* SPDX-License-Identifier: Apache-2.0 */
/* Tests of the trusted proxy (src/server/proxy.c): the list parsed, and the client and scheme taken
 * from the forwarding headers only when the peer is listed, right-most untrusted entry first. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "server/server_int.h"

static void test_parse(void **state)
{
    (void)state;
    struct xy_proxies p;
    struct xy_error err = {0};
    assert_int_equal(xy_proxy_parse(NULL, &p, &err), XY_OK);
    assert_int_equal(p.n, 0);
    assert_int_equal(xy_proxy_parse("127.0.0.1, 10.0.0.2,::1", &p, &err), XY_OK);
    assert_int_equal(p.n, 3);
    assert_string_equal(p.addr[2], "::1");
    assert_int_equal(xy_proxy_parse("0:0:0:0:0:0:0:1", &p, &err), XY_OK);
    assert_string_equal(p.addr[0], "::1"); /* as the peer's text is written */
    assert_int_equal(xy_proxy_parse("127.0.0.1,nginx", &p, &err), XY_EINVAL);
    assert_non_null(strstr(err.msg, "nginx"));
    assert_int_equal(xy_proxy_parse("127.0.0.1,,", &p, &err), XY_EINVAL);
    assert_int_equal(xy_proxy_parse("10.0.0.0/8", &p, &err), XY_EINVAL);
}

static void test_client(void **state)
{
    (void)state;
    struct xy_proxies p;
    char c[64];
    int tls = 0;
    assert_int_equal(xy_proxy_parse("127.0.0.1,10.0.0.2", &p, NULL), XY_OK);
    /* Not from a listed peer: the headers are ignored. */
    xy_proxy_client(&p, "192.0.2.5", "198.51.100.1", "https", c, sizeof c, &tls);
    assert_string_equal(c, "192.0.2.5");
    assert_int_equal(tls, 0);
    /* From a listed peer: the right-most entry that is not a proxy of ours. */
    xy_proxy_client(&p, "127.0.0.1", "198.51.100.1", "https", c, sizeof c, &tls);
    assert_string_equal(c, "198.51.100.1");
    assert_int_equal(tls, 1);
    xy_proxy_client(&p, "127.0.0.1", "6.6.6.6, 198.51.100.1 , 10.0.0.2", "http", c, sizeof c, &tls);
    assert_string_equal(c, "198.51.100.1"); /* what the client itself wrote (6.6.6.6) is not believed */
    assert_int_equal(tls, 0);
    xy_proxy_client(&p, "127.0.0.1", "2001:db8:0:0::1", NULL, c, sizeof c, &tls);
    assert_string_equal(c, "2001:db8::1");
    /* Garbage at the right: the proxy's own address, not anything to its left. */
    xy_proxy_client(&p, "127.0.0.1", "198.51.100.1, evil", NULL, c, sizeof c, &tls);
    assert_string_equal(c, "127.0.0.1");
    /* Only proxies: the peer. No header: the peer. */
    xy_proxy_client(&p, "127.0.0.1", "10.0.0.2, 127.0.0.1", NULL, c, sizeof c, &tls);
    assert_string_equal(c, "127.0.0.1");
    xy_proxy_client(&p, "10.0.0.2", NULL, NULL, c, sizeof c, &tls);
    assert_string_equal(c, "10.0.0.2");
    /* No proxies configured. */
    assert_int_equal(xy_proxy_parse("", &p, NULL), XY_OK);
    xy_proxy_client(&p, "127.0.0.1", "198.51.100.1", "https", c, sizeof c, &tls);
    assert_string_equal(c, "127.0.0.1");
    assert_int_equal(tls, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_client),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
