#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# The router and its description agree: the (method, path) pairs of src/server/routes.c and of
# docs/api/openapi.yaml are the same set, and for each route the query parameters and the roles
# (x-roles) are the same. Read with awk and sed only (CI machines may lack python).
set -eu
: "${XY_SRC:?XY_SRC must name the source tree}"
ROUTES=$XY_SRC/src/server/routes.c
SPEC=$XY_SRC/docs/api/openapi.yaml
[ -f "$ROUTES" ] || { echo "FAIL: no $ROUTES" >&2; exit 1; }
[ -f "$SPEC" ] || { echo "FAIL: no $SPEC" >&2; exit 1; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/xy-test.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# ---- routes.c: one line per route, "METHOD PATH|roles|params" (roles and params sorted, comma
# separated). The roles of a route are an expression of macros defined in the file (PUBLIC, DEPT,
# ...) over R(XY_ROLE_x) and XY_ANYONE; XY_ANYONE (anyone, with or without a key) is "public".
from_c() {
    awk '
    function role_of(tok,   t) {
        t = tok
        gsub(/[ \t()]/, "", t)
        if (t in macro) t = macro[t]
        gsub(/[ \t()]/, "", t)
        if (t == "XY_ANYONE") return "public"
        if (t ~ /^RXY_ROLE_/) { sub(/^RXY_ROLE_/, "", t); return tolower(t) }
        return "?" tok
    }
    /^#define[ \t]+[A-Z_]+[ \t]/ {
        name = $2; $1 = ""; $2 = ""; v = $0; gsub(/^[ \t]+|[ \t]+$/, "", v); macro[name] = v
        next
    }
    /xy_routes\[\][ \t]*=[ \t]*\{/ { intable = 1; next }
    intable && /^[ \t]*\};/ { intable = 0; next }
    intable { table = table " " $0 }
    END {
        n = split(table, ents, /\}[ \t]*,/)
        for (i = 1; i <= n; i++) {
            e = ents[i]
            if (e !~ /\{[ \t]*"/) continue
            sub(/^[^{]*\{/, "", e)
            # "METHOD", "PATTERN", ROLES, "PARAMS", BODY, FN, "NAME"
            nf = split(e, f, /,/)
            method = f[1]; path = f[2]; roles = f[3]; params = f[4]
            gsub(/[ \t"]/, "", method); gsub(/[ \t"]/, "", path)
            gsub(/"/, "", params); gsub(/^[ \t]+|[ \t]+$/, "", params)
            nr = split(roles, rr, /\|/)
            rl = ""
            for (j = 1; j <= nr; j++) rl = rl " " role_of(rr[j])
            print method " " path "|" rl "|" params
        }
    }' "$ROUTES" | normalise
}

# ---- openapi.yaml: the same shape. Operations are the method keys (get, put, post, delete, patch)
# at indent 4 under a path at indent 2 under "paths:"; query parameters come inline (- name: X /
# in: query) or as $ref to components/parameters, at path level (indent 4) or operation level
# (indent 6); x-roles: [a, b] at indent 6.
from_yaml() {
    awk '
    function indent(s) { match(s, /^ */); return RLENGTH }
    BEGIN { Q = sprintf("%c", 39) }
    function unquote(s) { gsub("^[ \t]*[\"" Q "]?", "", s); gsub("[\"" Q "]?[ \t]*$", "", s); return s }
    function flush_item() {
        if (item_name != "" && item_in == "query") add_param(item_name)
        if (item_ref != "") add_param("REF:" item_ref) # resolved at the end: components come later
        item_name = ""; item_in = ""; item_ref = ""
    }
    function resolve(list,   n, a, i, out, r) {
        n = split(list, a, / +/); out = ""
        for (i = 1; i <= n; i++) {
            if (a[i] == "") continue
            if (a[i] !~ /^REF:/) { out = out " " a[i]; continue }
            r = substr(a[i], 5)
            if (r in refq) out = out " " refq[r]
            else if (!(r in refp)) unresolved = unresolved " " r
        }
        return out
    }
    function add_param(p) {
        if (plevel == "path") pathq[path] = pathq[path] " " p
        else opq[path, op] = opq[path, op] " " p
    }
    { line = $0; sub(/[ \t]+#.*$/, "", line) }
    line ~ /^[ \t]*$/ { next }
    # top-level sections
    line ~ /^[^ ]/ {
        if (inparams) { flush_item(); inparams = 0 }
        section = line; sub(/:.*/, "", section); sub2 = ""; next
    }
    # components.parameters.X: name and in
    section == "components" && indent(line) == 2 { sub2 = line; gsub(/^ +|:.*$/, "", sub2); next }
    section == "components" && sub2 == "parameters" {
        if (indent(line) == 4) { cur = line; gsub(/^ +|:.*$/, "", cur); next }
        if (indent(line) == 6 && line ~ /^ +name:/) { v = line; sub(/^ +name:/, "", v); cname[cur] = unquote(v) }
        if (indent(line) == 6 && line ~ /^ +in:/) {
            v = line; sub(/^ +in:/, "", v); v = unquote(v)
            if (v == "query") refq["#/components/parameters/" cur] = cname[cur]
            else refp["#/components/parameters/" cur] = v
        }
        next
    }
    section != "paths" { next }
    {
        ind = indent(line)
        if (inparams && ind <= pind) { flush_item(); inparams = 0 }
        if (ind == 2 && line ~ /^  \//) {
            path = line; sub(/^ +/, "", path); sub(/:[ \t]*$/, "", path); op = ""
            paths[path] = 1; next
        }
        if (ind == 4 && line ~ /^    (get|put|post|delete|patch|head|options|trace):/) {
            op = line; gsub(/^ +|:.*$/, "", op); ops[path, op] = 1; opl[++nops] = path SUBSEP op; next
        }
        if (ind == 4 && line ~ /^    parameters:/) { inparams = 1; pind = 4; plevel = "path"; next }
        if (ind == 6 && op != "" && line ~ /^      parameters:/) { inparams = 1; pind = 6; plevel = "op"; next }
        if (ind == 6 && op != "" && line ~ /^      x-roles:/) {
            v = line; sub(/^ +x-roles:[ \t]*/, "", v); gsub("[][ \t\"" Q "]", "", v); gsub(/,/, " ", v)
            roles[path, op] = v; next
        }
        if (inparams) {
            if (line ~ /^ *- /) {
                flush_item()
                v = line; sub(/^ *- */, "", v)
                if (v ~ /^\$ref:/) { sub(/^\$ref:/, "", v); item_ref = unquote(v) }
                else if (v ~ /^name:/) { sub(/^name:/, "", v); item_name = unquote(v) }
                else if (v ~ /^in:/) { sub(/^in:/, "", v); item_in = unquote(v) }
            } else if (line ~ /^ +name:/ && ind == pind + 4) {
                v = line; sub(/^ +name:/, "", v); item_name = unquote(v)
            } else if (line ~ /^ +in:/ && ind == pind + 4) {
                v = line; sub(/^ +in:/, "", v); item_in = unquote(v)
            }
        }
    }
    END {
        if (inparams) flush_item()
        for (i = 1; i <= nops; i++) {
            split(opl[i], k, SUBSEP)
            print toupper(k[2]) " " k[1] "|" roles[k[1], k[2]] "|" resolve(pathq[k[1]] " " opq[k[1], k[2]])
        }
        if (unresolved != "") print "UNRESOLVED|" unresolved
    }' "$SPEC" | normalise
}

# Sorts the words of the roles and params fields; sorts the lines.
# shellcheck disable=SC2086 # the fields are split into words on purpose
normalise() {
    while IFS='|' read -r route roles params; do
        roles=$(printf '%s\n' $roles | sed '/^$/d' | sort -u | paste -sd, -)
        params=$(printf '%s\n' $params | sed '/^$/d' | sort -u | paste -sd, -)
        printf '%s|%s|%s\n' "$route" "$roles" "$params"
    done | LC_ALL=C sort
}

from_c >"$WORK/c"
from_yaml >"$WORK/yaml"
status=0

if grep -q '^UNRESOLVED' "$WORK/yaml"; then
    echo "FAIL: openapi.yaml refers to parameters it does not define:$(grep '^UNRESOLVED' "$WORK/yaml" | cut -d'|' -f2)" >&2
    status=1
    sed -i '/^UNRESOLVED/d' "$WORK/yaml"
fi
if grep -q '|?' "$WORK/c" || grep -q ',?' "$WORK/c"; then
    echo "FAIL: routes.c uses a role this test cannot read:" >&2
    grep -e '|?' -e ',?' "$WORK/c" >&2
    status=1
fi
nc=$(wc -l <"$WORK/c" | tr -d ' ')
ny=$(wc -l <"$WORK/yaml" | tr -d ' ')
# Guard against a parser that reads nothing: both sides must have found the table.
[ "$nc" -ge 10 ] || { echo "FAIL: read only $nc routes from $ROUTES" >&2; status=1; }
[ "$ny" -ge 10 ] || { echo "FAIL: read only $ny operations from $SPEC" >&2; status=1; }

# 1. The same (method, path) pairs.
cut -d"|" -f1 "$WORK/c" | LC_ALL=C sort >"$WORK/c.routes"
cut -d"|" -f1 "$WORK/yaml" | LC_ALL=C sort >"$WORK/yaml.routes"
dups=$(uniq -d "$WORK/c.routes")
[ -z "$dups" ] || { echo "FAIL: routes.c lists a route twice: $dups" >&2; status=1; }
only_c=$(LC_ALL=C comm -23 "$WORK/c.routes" "$WORK/yaml.routes")
only_y=$(LC_ALL=C comm -13 "$WORK/c.routes" "$WORK/yaml.routes")
if [ -n "$only_c" ]; then
    echo "FAIL: routes in src/server/routes.c but not in docs/api/openapi.yaml:" >&2
    printf '%s\n' "$only_c" | sed 's/^/  /' >&2
    status=1
fi
if [ -n "$only_y" ]; then
    echo "FAIL: routes in docs/api/openapi.yaml but not in src/server/routes.c:" >&2
    printf '%s\n' "$only_y" | sed 's/^/  /' >&2
    status=1
fi

# 2. For each route in both: the same query parameters and the same roles.
while IFS='|' read -r route croles cparams; do
    yline=$(grep -F -x -e "$route|$croles|$cparams" "$WORK/yaml" || true)
    [ -z "$yline" ] || continue
    yline=$(awk -F'|' -v r="$route" '$1 == r' "$WORK/yaml")
    [ -n "$yline" ] || continue # reported above
    yroles=$(printf '%s' "$yline" | cut -d'|' -f2)
    yparams=$(printf '%s' "$yline" | cut -d'|' -f3)
    if [ "$croles" != "$yroles" ]; then
        echo "FAIL: $route: roles differ: routes.c [$croles], openapi.yaml x-roles [$yroles]" >&2
        status=1
    fi
    if [ "$cparams" != "$yparams" ]; then
        echo "FAIL: $route: query parameters differ: routes.c [$cparams], openapi.yaml [$yparams]" >&2
        status=1
    fi
done <"$WORK/c"

if [ "$status" = 0 ]; then
    echo "api_routes: $nc routes agree (method, path, query parameters, roles)"
    echo "api_routes: all checks passed"
fi
exit "$status"
