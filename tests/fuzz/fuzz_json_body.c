/* SPDX-License-Identifier: Apache-2.0 */
/* Fuzz target: request-input checks of src/server/http.c, compiled into this target as it is, with
 * xy_req_header() and xy_req_arg() answered from the input instead of libmicrohttpd (they are the
 * only server.c functions http.c calls). Byte 0 chooses the check (its value modulo 4):
 *   0, 1  the rest is a JSON body for xy_req_json_object() with the known and required fields of
 *         POST /api/v1/admin/keys (0) or POST /api/v1/admin/depts (1);
 *   2     the rest is "limit\0cursor" for xy_req_page();
 *   3     the rest is an {id} path segment for xy_req_id().
 * Bits 2-3 of byte 0 choose the Content-Type: application/json, with "; charset=utf-8", text/plain,
 * none. With bit 4 set, checks 0 and 1 become xy_req_json() (an object of known members of any
 * type) with the members of the joint rewards and punishments routes: bits 0 and 5 choose which.
 * Checked: an accepted body is an object of strings holding every required field; anything refused
 * gets a 4xx problem document that is itself valid JSON. */
#include <jansson.h>
#include <string.h>
#include <strings.h>

#include "fuzz_check.h"
#include "server/server_int.h"

static const char *arg_limit, *arg_cursor, *content_type;

const char *xy_req_header(struct xy_http_req *rq, const char *name)
{
    (void)rq;
    return strcasecmp(name, "Content-Type") == 0 ? content_type : NULL;
}

const char *xy_req_arg(struct xy_http_req *rq, const char *name)
{
    (void)rq;
    return strcmp(name, "limit") == 0 ? arg_limit : strcmp(name, "cursor") == 0 ? arg_cursor : NULL;
}

static void check_problem(const struct xy_resp *rs)
{
    json_error_t jerr;
    FUZZ_CHECK(rs->status >= 400 && rs->status < 500);
    json_t *doc = json_loadb(rs->body.data, rs->body.len, 0, &jerr);
    FUZZ_CHECK(doc && json_is_object(doc));
    FUZZ_CHECK(json_integer_value(json_object_get(doc, "status")) == rs->status);
    json_decref(doc);
}

static void json_body(struct xy_http_req *rq, struct xy_resp *rs, const char *known, const char *required)
{
    json_t *o = xy_req_json_object(rq, rs, known, required);
    if (!o) {
        check_problem(rs);
        return;
    }
    const char *key;
    json_t *v;
    FUZZ_CHECK(json_is_object(o));
    json_object_foreach(o, key, v) FUZZ_CHECK(json_is_string(v));
    for (const char *p = required; *p;) {
        const char *sp = strchr(p, ' ');
        size_t l = sp ? (size_t)(sp - p) : strlen(p);
        char name[64];
        snprintf(name, sizeof name, "%.*s", (int)l, p);
        FUZZ_CHECK(json_object_get(o, name) != NULL);
        p = sp ? sp + 1 : p + l;
    }
    json_decref(o);
}

/* The member lists the joint rewards and punishments handlers (h_jrp.c) pass to xy_req_json(). */
static const char *const jrp_known[] = {"subject legal_rep_id matter dept", "subjects matter dept", "items",
                                        "check measure title summary"};

static void json_members(struct xy_http_req *rq, struct xy_resp *rs, const char *known)
{
    json_t *o = xy_req_json(rq, rs, known);
    const char *key;
    json_t *v;
    if (!o) {
        check_problem(rs);
        return;
    }
    FUZZ_CHECK(json_is_object(o));
    json_object_foreach(o, key, v) {
        /* Every member is one of the known names. */
        size_t kl = strlen(key);
        const char *hit = strstr(known, key);
        while (hit && !((hit == known || hit[-1] == ' ') && (hit[kl] == ' ' || hit[kl] == '\0')))
            hit = strstr(hit + 1, key);
        FUZZ_CHECK(kl > 0 && hit != NULL && v != NULL);
    }
    json_decref(o);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xy_http_req rq;
    struct xy_resp rs = {.status = 500, .fd = -1};
    char *copy = NULL;
    if (size < 1)
        return 0;
    memset(&rq, 0, sizeof rq);
    xy_buf_init(&rq.body, 1u << 20);
    xy_buf_init(&rs.body, 64u << 20);
    static const char *const ctypes[] = {"application/json", "application/json; charset=utf-8", "text/plain", NULL};
    content_type = ctypes[(data[0] >> 2) & 3];
    const char *rest = (const char *)data + 1;
    size_t n = size - 1;
    switch (data[0] % 4) {
    case 0:
    case 1:
        /* The body as the server holds it: an xy_buf, not NUL-terminated in its length. */
        if (n && xy_buf_add(&rq.body, rest, n) != XY_OK)
            goto out;
        if (data[0] & 0x10)
            json_members(&rq, &rs, jrp_known[(data[0] & 1) | (data[0] >> 4 & 2)]);
        else if (data[0] % 4 == 0)
            json_body(&rq, &rs, "role dept name", "role");
        else
            json_body(&rq, &rs, "uscc name", "uscc name");
        break;
    case 2: {
        int limit;
        int64_t cursor;
        /* Query values arrive as C strings: cut at the first NUL, the rest after it is the cursor. */
        if (!(copy = malloc(n + 2)))
            goto out;
        memcpy(copy, rest, n);
        copy[n] = copy[n + 1] = '\0';
        arg_limit = copy[0] == 0x7F ? NULL : copy;
        arg_cursor = copy + strlen(copy) + 1;
        if (xy_req_page(&rq, &rs, 20, XY_MAX_PAGE, &limit, &cursor) == 0) {
            FUZZ_CHECK(limit >= 1 && limit <= XY_MAX_PAGE);
            FUZZ_CHECK(cursor >= 0);
        } else {
            check_problem(&rs);
        }
        arg_limit = arg_cursor = NULL;
        break;
    }
    case 3: {
        long long id;
        if (!(copy = malloc(n + 1)))
            goto out;
        memcpy(copy, rest, n);
        copy[n] = '\0';
        rq.params[0] = copy;
        rq.nparams = 1;
        if (xy_req_id(&rq, &rs, "record", &id) == 0)
            FUZZ_CHECK(id > 0);
        else
            check_problem(&rs);
        break;
    }
    }
out:
    free(copy);
    xy_buf_release(&rq.body);
    xy_buf_release(&rs.body);
    return 0;
}
