# SPDX-License-Identifier: Apache-2.0
# Reads `perf script -F comm,tid,ip,sym,dso` (DWARF call graphs) of `xinyong serve` under load and splits the samples into
# exclusive phases of a request: each sample goes to the first rule below whose pattern its stack matches
# (the stack is written leaf first, frames separated by ";"). Prints the share of each phase.
function flush() {
    if (stack == "") return
    n++
    for (i = 1; i <= nr; i++)
        if (stack ~ pat[i]) { hit[i]++; stack = ""; return }
    hit[nr + 1]++
    stack = ""
}
BEGIN {
    r = 0
    # leaf-side patterns first: libmicrohttpd's own memset (pool reset) and kernel work
    pat[++r] = "^__memset[^;]*;[^;]*libmicrohttpd";   lab[r] = "libmicrohttpd: memset of the connection memory pool"
    pat[++r] = "access_log";                          lab[r] = "access_log (json_pack + dump + write, even to /dev/null)"
    pat[++r] = "json_loads";                          lab[r] = "jansson: json_loads of stored record fields (xy_record_json)"
    pat[++r] = "json_dump_callback";                  lab[r] = "jansson: json_dump_callback of the response (xy_resp_json)"
    pat[++r] = "xy_metrics_request";                  lab[r] = "metrics"
    pat[++r] = "sqlite3[^;]*;([^;]*;)*[^;]*(s|xy_sqlite)_subject_get"; lab[r] = "SQLite: subject by USCC (subject_get)"
    pat[++r] = "sqlite3[^;]*;([^;]*;)*[^;]*(s|xy_sqlite)_subject_names"; lab[r] = "SQLite: former names (subject_names)"
    pat[++r] = "sqlite3[^;]*;([^;]*;)*[^;]*each_record";   lab[r] = "SQLite: records of the subject (each_record, steps)"
    pat[++r] = "sqlite3[^;]*;([^;]*;)*[^;]*s_search";     lab[r] = "SQLite: name search (s_search: bigram count, scan, probes, rows)"
    pat[++r] = "s_search|xy_subject_search";          lab[r] = "search other (subject_json of hits, ranking)"
    pat[++r] = "xy_record_json";                      lab[r] = "xy_record_json other (json_pack meta, object_del hidden)"
    pat[++r] = "json_delete|json_decref";             lab[r] = "jansson: freeing the documents"
    pat[++r] = "xy_subject_show";                     lab[r] = "xy_subject_show other (json building)"
    pat[++r] = "xy_resp_json|subject;on_request|xy_h_search";     lab[r] = "handler other"
    pat[++r] = "MHD_destroy_response|MHD_create_response|MHD_add_response_header|MHD_queue_response"; lab[r] = "libmicrohttpd response objects"
    pat[++r] = "on_completed|on_request";             lab[r] = "on_request/on_completed other (routing, args, auth, free)"
    pat[++r] = "sendmsg|sendto|writev|sendfile";      lab[r] = "send (syscall and kernel TCP)"
    pat[++r] = "recvfrom|recvmsg|__libc_recv|tcp_recvmsg|sock_read_iter"; lab[r] = "receive (syscall and kernel TCP)"
    pat[++r] = "epoll_wait|ep_poll";                  lab[r] = "epoll_wait"
    pat[++r] = "\\[k\\]|kallsyms";                    lab[r] = "kernel: other"
    pat[++r] = "libmicrohttpd";                       lab[r] = "libmicrohttpd other"
    nr = r
    lab[nr + 1] = "other"
}
/^[^ \t]/ { flush(); next }
/^[ \t]*$/ { next }
{
    sym = $2
    if (sym == "[unknown]") { d = $NF; gsub(/[()]/, "", d); sub(/.*\//, "", d); sym = d }
    if ($NF ~ /kernel/) sym = sym "[k]"
    stack = stack sym ";"
}
END {
    flush()
    for (i = 1; i <= nr + 1; i++)
        if (hit[i]) printf "%6.1f%%  %s\n", 100 * hit[i] / n, lab[i] | "sort -rn"
    close("sort -rn")
    printf "(%d samples)\n", n
}
