/* SPDX-License-Identifier: LGPL-2.1-or-later */

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cleanup.h"
#include "instance.h"
#include "parse-util.h"

bool task_name_is_valid(const char *s) {
        size_t n = strlen(s);

        if (n == 0 || n > TASK_NAME_MAX)
                return false;
        for (size_t i = 0; i < n; i++) {
                char c = s[i];
                bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');

                if (!alnum && (i == 0 || !strchr("_.-", c)))
                        return false;
        }
        /* The first character is alphanumeric, so "." and ".." themselves cannot occur; refuse ".."
         * anywhere too, so a task name can never look like a path step wherever it is used. */
        return !strstr(s, "..");
}

static void set_why(const char **ret_why, const char *why) {
        if (ret_why)
                *ret_why = why;
}

int instance_parse(const char *instance, char **ret_user, char **ret_task, const char **ret_why) {
        _cleanup_free_ char *user = NULL, *task = NULL;
        const char *colon;

        if (!instance || !*instance) {
                set_why(ret_why, "empty instance name; expected USER:TASK");
                return -EINVAL;
        }
        if (strchr(instance, '\\')) {
                set_why(ret_why, "instance name contains an escape sequence; expected plain USER:TASK");
                return -EINVAL;
        }
        colon = strchr(instance, ':');
        if (!colon) {
                set_why(ret_why, "instance name has no ':'; expected USER:TASK");
                return -EINVAL;
        }
        if (strchr(colon + 1, ':')) {
                set_why(ret_why, "instance name has more than one ':'; expected USER:TASK");
                return -EINVAL;
        }

        user = strndup(instance, (size_t) (colon - instance));
        task = strdup(colon + 1);
        if (!user || !task)
                return -ENOMEM;

        if (!user_name_is_valid(user)) {
                set_why(ret_why, "invalid user name before ':' (allowed: [A-Za-z_][A-Za-z0-9_.-], at most 32)");
                return -EINVAL;
        }
        if (!task_name_is_valid(task)) {
                set_why(ret_why, "invalid task name after ':' (allowed: [A-Za-z0-9][A-Za-z0-9_.-], at most 64, no \"..\")");
                return -EINVAL;
        }

        if (ret_user)
                *ret_user = TAKE_PTR(user);
        if (ret_task)
                *ret_task = TAKE_PTR(task);
        return 0;
}

int instance_unit_name(const char *profile, const char *user, const char *task, char **ret) {
        int r;

        if (!profile_name_is_valid(profile) || !user_name_is_valid(user) || !task_name_is_valid(task))
                return -EINVAL;
        if (strcmp(profile, "default") == 0)
                r = asprintf(ret, "ccsbx@%s:%s.service", user, task);
        else
                r = asprintf(ret, "ccsbx-%s@%s:%s.service", profile, user, task);
        return r < 0 ? -ENOMEM : 0;
}

int instance_unit_name_parse(const char *unit, char **ret_profile, char **ret_user, char **ret_task) {
        _cleanup_free_ char *profile = NULL, *instance = NULL;
        size_t n = strlen(unit);
        const char *at;
        int r;

        if (n < 8 || strcmp(unit + n - 8, ".service") != 0 || strncmp(unit, "ccsbx", 5) != 0)
                return -EINVAL;
        at = strchr(unit, '@');
        if (!at)
                return -EINVAL;
        if (at == unit + 5)
                profile = strdup("default");
        else if (unit[5] == '-')
                profile = strndup(unit + 6, (size_t) (at - unit - 6));
        else
                return -EINVAL;
        if (!profile)
                return -ENOMEM;
        /* "ccsbx-default@" is not a name instance_unit_name() makes: one spelling per unit. */
        if (!profile_name_is_valid(profile) || (at != unit + 5 && strcmp(profile, "default") == 0))
                return -EINVAL;
        instance = strndup(at + 1, (size_t) (unit + n - 8 - at - 1));
        if (!instance)
                return -ENOMEM;
        r = instance_parse(instance, ret_user, ret_task, NULL);
        if (r < 0)
                return r;
        if (ret_profile)
                *ret_profile = TAKE_PTR(profile);
        return 0;
}

bool instance_unit_populated(int slice_fd, const char *unit) {
        _cleanup_free_ char *path = NULL;
        _cleanup_close_ int fd = -EBADF;
        char buf[512];
        ssize_t k;

        if (asprintf(&path, "%s/cgroup.events", unit) < 0)
                return false;
        fd = openat(slice_fd, path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK);
        if (fd < 0)
                return false;
        k = read(fd, buf, sizeof buf - 1);
        if (k <= 0)
                return false;
        buf[k] = '\0';
        return strncmp(buf, "populated 1\n", 12) == 0 || strstr(buf, "\npopulated 1\n");
}
