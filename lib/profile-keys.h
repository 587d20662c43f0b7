/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* Every profile key, once. Everything else is made from this table: the ProfileField enum and the
 * members of Profile (profile.h), the parser's schema (profile-schema.c), inheritance, the defaults
 * and the JSON dump (profile.c, profile-dump.c), and the key list that ccsbx.conf(5) must document
 * (tests/man/lint.sh reads the rows below). Adding a key: a row here, its renderer in
 * unit-render.c (or where it is used), its entry in ccsbx.conf(5).
 *
 *   X(FIELD, GROUP, KEY, KIND, MEMBER, PARSE, CHECK, MIN, MAX, DEFAULT)
 *
 * FIELD    the ProfileField
 * GROUP    "limits", ..., or NULL for a top-level key
 * KEY      its name in the group
 * KIND     how Profile stores it: STRING (char *), STRV (char **, never NULL after defaults), U64,
 *          UNSIGNED, BOOL, MODE (NetworkMode), DISK (DiskLimit)
 * MEMBER   the member of Profile
 * PARSE    profile-schema.c's parser of its value; CHECK that of each element of a list (or NULL)
 * MIN, MAX bounds of an integer (0, 0: the parser's own)
 * DEFAULT  what a profile gets when neither it nor a parent sets the key: the safe end of each
 *          range (no network; bounded memory, CPU, tasks and time). A list is a parenthesized
 *          NULL-terminated array, or NULL for an empty list; a STRING's NULL means no default
 *          (description's is made from the profile's name, in profile.c).
 *
 * Rows keep the order in which "unknown key" messages list the keys. */

#define PROFILE_KEYS(X)                                                                                                \
        X(PF_DESCRIPTION, NULL, "description", STRING, description, parse_description, NULL, 0, 0, NULL)               \
        X(PF_INHERIT, NULL, "inherit", STRING, inherit, parse_profile_name, NULL, 0, 0, NULL)                          \
        X(PF_CAPABILITIES, NULL, "capabilities", STRV, capabilities, parse_strv, check_capability, 0, 0, NULL)         \
        X(PF_AGENT_COMMAND, "agent", "command", STRV, agent_command, parse_strv, check_command_arg, 0, 0,              \
          ((const char * const[]) { "/usr/bin/claude", "--dangerously-skip-permissions", NULL }))                     \
        X(PF_NETWORK_MODE, "network", "mode", MODE, network_mode, parse_mode, NULL, 0, 0, NETWORK_NONE)                \
        X(PF_NETWORK_ALLOW, "network", "allow", STRV, network_allow, parse_strv, check_cidr, 0, 0, NULL)               \
        X(PF_NETWORK_ALLOW_HOSTS, "network", "allow_hosts", STRV, network_allow_hosts, parse_strv, check_host_rule,    \
          0, 0, NULL)                                                                                                  \
        X(PF_NETWORK_ALLOW_ADDRESSES, "network", "allow_addresses", STRV, network_allow_addresses, parse_strv,         \
          check_address_range, 0, 0, NULL)                                                                             \
        X(PF_NETWORK_RESOLVER, "network", "resolver", BOOL, network_resolver, parse_bool, NULL, 0, 0, true)            \
        X(PF_LIMITS_MEMORY, "limits", "memory", U64, memory_max, parse_size_value, NULL, 16 << 20, 0,                  \
          UINT64_C(4) << 30)                                                                                           \
        X(PF_LIMITS_MEMORY_SWAP, "limits", "memory_swap", U64, memory_swap_max, parse_size_value, NULL, 0, 0, 0)       \
        X(PF_LIMITS_CPU, "limits", "cpu", UNSIGNED, cpu_percent, parse_percent_value, NULL, 0, 0, 200)                 \
        X(PF_LIMITS_TASKS, "limits", "tasks", U64, tasks_max, parse_u64, NULL, 8, 4194304, 512)                        \
        X(PF_LIMITS_RUNTIME, "limits", "runtime", U64, runtime_usec, parse_timespan_value, NULL, 0, 0,                 \
          UINT64_C(4) * 3600 * 1000000)                                                                                \
        X(PF_LIMITS_NOFILE, "limits", "nofile", U64, nofile, parse_u64, NULL, 64, 1048576, 8192)                       \
        X(PF_LIMITS_DISK, "limits", "disk", DISK, disk, parse_disk_value, NULL, 1 << 20, 0,                            \
          ((DiskLimit) { .percent = 10 }))                                                                             \
        X(PF_FS_READ_ONLY, "filesystem", "read_only", STRV, read_only, parse_strv, check_path, 0, 0, NULL)             \
        X(PF_FS_READ_WRITE, "filesystem", "read_write", STRV, read_write, parse_strv, check_path, 0, 0, NULL)          \
        X(PF_FS_HIDDEN, "filesystem", "hidden", STRV, hidden, parse_strv, check_path, 0, 0, NULL)                      \
        X(PF_FS_TMP_SIZE, "filesystem", "tmp_size", U64, tmp_size, parse_size_value, NULL, 1 << 20, 0,                 \
          UINT64_C(1) << 30)                                                                                           \
        X(PF_SYSCALLS_DENY, "syscalls", "deny", STRV, syscall_deny, parse_strv, check_syscall, 0, 0, NULL)             \
        X(PF_ACCESS_GROUPS, "access", "groups", STRV, access_groups, parse_strv, check_group, 0, 0,                    \
          ((const char * const[]) { "ccsbx", NULL }))                                                                  \
        X(PF_ACCESS_USERS, "access", "users", STRV, access_users, parse_strv, check_user, 0, 0, NULL)                  \
        X(PF_ACCESS_MAX_PER_USER, "access", "max_per_user", UNSIGNED, max_per_user, parse_u64, NULL, 1, 1000, 4)       \
        X(PF_ENVIRONMENT_PASS, "environment", "pass", STRV, env_pass, parse_strv, check_env, 0, 0, NULL)

/* How each KIND is stored in Profile. */
#define PROFILE_KIND_TYPE_STRING char *
#define PROFILE_KIND_TYPE_STRV char **
#define PROFILE_KIND_TYPE_U64 uint64_t
#define PROFILE_KIND_TYPE_UNSIGNED unsigned
#define PROFILE_KIND_TYPE_BOOL bool
#define PROFILE_KIND_TYPE_MODE NetworkMode
#define PROFILE_KIND_TYPE_DISK DiskLimit
