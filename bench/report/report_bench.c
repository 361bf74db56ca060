/* SPDX-License-Identifier: Apache-2.0 */
/* Credit report benchmark (bench/report/run.sh): issues reports of given subjects through the
 * project's library, as the server does (xy_report_issue: read, number, sign, render, register), PDF
 * and JSON, and prints the time per report, pages per second and the process's peak memory.
 * usage: bench_report DB ROUNDS CODE... */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "app/app.h"
#include "app/auth.h"
#include "app/report.h"

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* CPU time of the process (user + system): on a shared machine the wall time also holds the time
 * other work had the cores. */
static double cpu(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int one(struct xy_app *app, const struct xy_principal *op, const char *code, enum xy_report_format f,
               int *pages, size_t *bytes)
{
    struct xy_report_request req = {.subject = code, .format = f};
    struct xy_buf out;
    struct xy_error err = {0};
    char number[XY_REPORT_NUMBER_SIZE];
    xy_buf_init(&out, XY_REPORT_MAX_BYTES);
    int rc = xy_report_issue(app, NULL, op, &req, &out, number, pages, &err);
    *bytes = out.len;
    xy_buf_release(&out);
    if (rc)
        fprintf(stderr, "bench_report: %s: %s\n", code, err.msg);
    return rc;
}

int main(int argc, char **argv)
{
    if (argc < 4) {
        fprintf(stderr, "usage: bench_report DB ROUNDS CODE:RECORDS...\n");
        return 2;
    }
    struct xy_clock clock;
    struct xy_error err = {0};
    struct xy_app *app = NULL;
    if (xy_clock_init(&clock, getenv("XY_TODAY"), &err) || xy_app_open(argv[1], &clock, &app, &err)) {
        fprintf(stderr, "bench_report: %s\n", err.msg);
        return 1;
    }
    int rounds = (int)strtol(argv[2], NULL, 10);
    struct xy_principal op;
    xy_principal_operator(&op);
    printf("%-8s %6s %10s %11s %11s %10s %11s %11s %10s\n", "records", "pages", "PDF bytes", "PDF ms", "PDF cpu-ms",
           "pages/s", "JSON ms", "JSON cpu-ms", "JSON bytes");
    for (int i = 3; i < argc; i++) {
        char code[64];
        const char *colon = strchr(argv[i], ':');
        snprintf(code, sizeof code, "%.*s", colon ? (int)(colon - argv[i]) : (int)strlen(argv[i]), argv[i]);
        int pages = 0;
        size_t pdf = 0, json = 0;
        /* One of each first: fonts loaded, caches warm, as in a running server. */
        if (one(app, &op, code, XY_REPORT_PDF, &pages, &pdf) || one(app, &op, code, XY_REPORT_JSON, &pages, &json))
            return 1;
        double t0 = now(), c0 = cpu();
        for (int r = 0; r < rounds; r++)
            if (one(app, &op, code, XY_REPORT_PDF, &pages, &pdf))
                return 1;
        double t_pdf = (now() - t0) / rounds, c_pdf = (cpu() - c0) / rounds;
        int jp = 0;
        t0 = now();
        c0 = cpu();
        for (int r = 0; r < rounds; r++)
            if (one(app, &op, code, XY_REPORT_JSON, &jp, &json))
                return 1;
        double t_json = (now() - t0) / rounds, c_json = (cpu() - c0) / rounds;
        /* pages/s on CPU time: what one core turns out. */
        printf("%-8s %6d %10zu %11.1f %11.1f %10.1f %11.1f %11.1f %10zu\n", colon ? colon + 1 : "?", pages, pdf,
               t_pdf * 1e3, c_pdf * 1e3, pages / c_pdf, t_json * 1e3, c_json * 1e3, json);
    }
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("peak memory (max RSS): %.1f MiB; load average when done: ", ru.ru_maxrss / 1024.0);
    FILE *f = fopen("/proc/loadavg", "r");
    char load[64] = "?";
    if (f && fgets(load, sizeof load, f))
        load[strcspn(load, " ")] = '\0';
    if (f)
        fclose(f);
    printf("%s\n", load);
    xy_app_close(app);
    return 0;
}
