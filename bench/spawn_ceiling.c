/* The machine's ceiling for running shell jobs: start `/bin/sh -c true` TOTAL times with posix_spawn,
 * keeping CONCURRENCY children in flight (a new one starts as soon as any finishes), and wait for each.
 * Prints one line: the spawns per second over the whole run (first spawn to last reap), then the CPU milliseconds
 * used per spawn by the children and by this program together.
 *
 *   gcc -O2 -o spawn_ceiling bench/spawn_ceiling.c && ./spawn_ceiling 2000 4
 */
#include <errno.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>

extern char **environ;

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int parse_positive(const char *text, const char *what)
{
    char *end;
    long value = strtol(text, &end, 10);
    if (*text == '\0' || *end != '\0' || value < 1 || value > 10000000) {
        fprintf(stderr, "spawn_ceiling: %s must be a positive integer, not '%s'\n", what, text);
        exit(2);
    }
    return (int)value;
}

static double cpu_seconds(int who)
{
    struct rusage usage;
    getrusage(who, &usage);
    return (double)usage.ru_utime.tv_sec + (double)usage.ru_utime.tv_usec / 1e6
         + (double)usage.ru_stime.tv_sec + (double)usage.ru_stime.tv_usec / 1e6;
}

static int reap_one(void)
{
    int status;
    for (;;) {
        pid_t pid = waitpid(-1, &status, 0);
        if (pid > 0) {
            if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
                fprintf(stderr, "spawn_ceiling: child %d did not exit 0 (status %d)\n", (int)pid, status);
                return -1;
            }
            return 0;
        }
        if (errno != EINTR) {
            perror("spawn_ceiling: waitpid");
            return -1;
        }
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: spawn_ceiling TOTAL CONCURRENCY\n");
        return 2;
    }
    int total = parse_positive(argv[1], "TOTAL");
    int concurrency = parse_positive(argv[2], "CONCURRENCY");
    char *child_argv[] = {"sh", "-c", "true", NULL};

    int started = 0, finished = 0, in_flight = 0;
    double t0 = now();
    while (finished < total) {
        while (in_flight < concurrency && started < total) {
            pid_t pid;
            int rc = posix_spawn(&pid, "/bin/sh", NULL, NULL, child_argv, environ);
            if (rc != 0) {
                fprintf(stderr, "spawn_ceiling: posix_spawn: %s\n", strerror(rc));
                return 1;
            }
            started++;
            in_flight++;
        }
        if (reap_one() != 0) {
            return 1;
        }
        in_flight--;
        finished++;
    }
    double elapsed = now() - t0;
    double cpu = cpu_seconds(RUSAGE_SELF) + cpu_seconds(RUSAGE_CHILDREN);
    printf("%.1f %.2f\n", total / elapsed, cpu * 1000 / total);
    return 0;
}
