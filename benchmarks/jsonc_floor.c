/* The floor for `audit`: json-c alone parsing every image file of a snapshot (images/*.json),
 * nothing else. Prints "<files> files, <bytes> bytes, <seconds> s".
 *   cc -O2 benchmarks/jsonc_floor.c $(pkg-config --cflags --libs json-c) -o jsonc_floor && ./jsonc_floor SNAPSHOT */
#include <dirent.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: jsonc_floor SNAPSHOT\n");
        return 64;
    }
    char folder[4096];
    snprintf(folder, sizeof folder, "%s/images", argv[1]);
    struct timespec start, end;
    clock_gettime(CLOCK_MONOTONIC, &start);
    DIR *dir = opendir(folder);
    if (!dir) {
        perror(folder);
        return 66;
    }
    long files = 0, bytes = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL) {
        size_t n = strlen(entry->d_name);
        if (n < 6 || strcmp(entry->d_name + n - 5, ".json") != 0) continue;
        char path[8192];
        snprintf(path, sizeof path, "%s/%s", folder, entry->d_name);
        FILE *f = fopen(path, "rb");
        if (!f) continue;
        fseek(f, 0, SEEK_END);
        long size = ftell(f);
        fseek(f, 0, SEEK_SET);
        char *text = malloc((size_t)size + 1);
        if (!text || fread(text, 1, (size_t)size, f) != (size_t)size) {
            fclose(f);
            free(text);
            continue;
        }
        fclose(f);
        text[size] = 0;
        json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
        json_object *obj = json_tokener_parse_ex(tok, text, (int)size);
        if (!obj || json_tokener_get_error(tok) != json_tokener_success) fprintf(stderr, "%s: not JSON\n", path);
        json_object_put(obj);
        json_tokener_free(tok);
        free(text);
        files++;
        bytes += size;
    }
    closedir(dir);
    clock_gettime(CLOCK_MONOTONIC, &end);
    double seconds = (double)(end.tv_sec - start.tv_sec) + (double)(end.tv_nsec - start.tv_nsec) / 1e9;
    printf("%ld files, %ld bytes, %.3f s\n", files, bytes, seconds);
    return 0;
}
