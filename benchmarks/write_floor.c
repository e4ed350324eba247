/* The file-writing floor of `image2env convert`: what it costs this file system to write the
 * files convert wrote, with nothing else done.
 *
 *   write_floor TREE OUT
 *
 * Reads every file under TREE (a convert output) into memory first (not timed), then, timed:
 * makes OUT's staging folder beside it, writes each file there with one thread and plain
 * open/write/close, making each folder once with mkdir, and renames the staging folder to OUT
 * (what convert's OutputFolder does). Prints "N files, F folders, B bytes, S s". OUT must not exist.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct entry { char *relative; int folder; char *bytes; size_t size; };
static struct entry *entries;
static size_t count, capacity, root_length;

static void fail(const char *what, const char *path) {
    fprintf(stderr, "write_floor: %s %s: %s\n", what, path, strerror(errno));
    exit(1);
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)ftw;
    if (strlen(path) <= root_length) return 0;  /* TREE itself */
    if (count == capacity) {
        capacity = capacity ? capacity * 2 : 4096;
        entries = realloc(entries, capacity * sizeof *entries);
        if (!entries) fail("out of memory reading", path);
    }
    struct entry *e = &entries[count++];
    e->relative = strdup(path + root_length + 1);
    e->folder = type == FTW_D;
    e->bytes = NULL;
    e->size = 0;
    if (type == FTW_F) {
        int fd = open(path, O_RDONLY | O_CLOEXEC);
        if (fd < 0) fail("cannot open", path);
        e->size = (size_t)st->st_size;
        e->bytes = malloc(e->size ? e->size : 1);
        size_t done = 0;
        while (done < e->size) {
            ssize_t n = read(fd, e->bytes + done, e->size - done);
            if (n <= 0) fail("cannot read", path);
            done += (size_t)n;
        }
        close(fd);
    } else if (type != FTW_D) {
        errno = EINVAL;
        fail("not a file or folder:", path);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 3) {
        fprintf(stderr, "usage: write_floor TREE OUT\n");
        return 64;
    }
    const char *tree = argv[1], *out = argv[2];
    root_length = strlen(tree);
    while (root_length > 1 && tree[root_length - 1] == '/') root_length--;
    if (nftw(tree, visit, 64, FTW_PHYS) != 0) fail("cannot walk", tree);  /* folders before their files */

    char staging[4096];
    snprintf(staging, sizeof staging, "%s.partial-%d", out, (int)getpid());
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    if (mkdir(staging, 0755) != 0) fail("cannot create", staging);
    size_t files = 0, folders = 0, bytes = 0;
    char path[8192];
    for (size_t i = 0; i < count; i++) {
        struct entry *e = &entries[i];
        snprintf(path, sizeof path, "%s/%s", staging, e->relative);
        if (e->folder) {
            if (mkdir(path, 0755) != 0) fail("cannot create", path);
            folders++;
            continue;
        }
        int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
        if (fd < 0) fail("cannot create", path);
        size_t done = 0;
        while (done < e->size) {
            ssize_t n = write(fd, e->bytes + done, e->size - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) fail("cannot write", path);
            done += (size_t)n;
        }
        close(fd);
        files++;
        bytes += e->size;
    }
    if (rename(staging, out) != 0) fail("cannot rename to", out);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%zu files, %zu folders, %zu bytes, %.3f s\n", files, folders, bytes, seconds);
    return 0;
}
