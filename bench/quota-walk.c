/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* quota-walk DIR PROJID [untag]: the walk prepare runs as the owner for limits.disk
 * (launcher/disk-walk.c, the same code), on DIR as the calling user, without the rest of the
 * launcher. For bench/quota-walk.sh. Prints how many inodes it put into (or took out of) the
 * project; on failure the path and why, and exits 1. */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "disk-walk.h"

int main(int argc, char *argv[]) {
        struct stat st;
        char *end;

        if (argc < 3 || argc > 4 || (argc == 4 && strcmp(argv[3], "untag") != 0)) {
                fprintf(stderr, "usage: %s DIR PROJID [untag]\n", argv[0]);
                return 2;
        }
        if (stat(argv[1], &st) < 0) {
                fprintf(stderr, "%s: %s\n", argv[1], strerror(errno));
                return 1;
        }
        DiskTree tree = { .path = argv[1], .dev = st.st_dev, .ino = st.st_ino, .fd = -EBADF };
        DiskWalk w = { .trees = &tree, .n_trees = 1, .projid = (uint32_t) strtoul(argv[2], &end, 10),
                       .untag = argc == 4 };
        if (*end || !*argv[2]) {
                fprintf(stderr, "%s: not a project ID\n", argv[2]);
                return 2;
        }
        int r = disk_walk(&w, STDOUT_FILENO);
        printf("\n");
        return r < 0 ? 1 : 0;
}
