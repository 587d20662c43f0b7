/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The agent's seccomp filter. The policy is the two tables below, meant to be read by a reviewer
 * without reading the code under them: filter attributes, then deny rules. Everything else is
 * allowed: the agent is a JIT runtime that runs bash, git, python, gcc, make and node, and needs a
 * normal userland. The unit's SystemCallFilter= already forbids most of this; the filter must also
 * hold when that one is missing or changed, so it repeats what matters instead of relying on it.
 *
 * Errors: every libseccomp call used here (seccomp_attr_set, seccomp_rule_add_exact, seccomp_load)
 * returns 0 or a negative errno-style code, documented in its man page (2.5); seccomp_init() is the
 * exception and returns NULL, which only happens when out of memory. System call numbers come from
 * SCMP_SYS() at compile time, so a misspelt name does not build, and no runtime name lookup (whose
 * __NR_SCMP_ERROR is not an errno) is needed. */

#include <errno.h>
#include <sched.h>
#include <seccomp.h>
#include <stdint.h>
#include <linux/fs.h>
#include <netinet/in.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "agent-seccomp.h"
#include "cleanup.h"

/* glibc's <netinet/in.h> lacks it; the number is the kernel's (<linux/in.h>). */
#ifndef IPPROTO_L2TP
#define IPPROTO_L2TP 115
#endif

#if SCMP_VER_MAJOR < 2 || (SCMP_VER_MAJOR == 2 && SCMP_VER_MINOR < 5)
#error "libseccomp 2.5 or newer is needed (SCMP_FLTATR_API_SYSRAWRC)"
#endif

/* clone(2) takes its flags in the first argument, except on s390, where the first two are swapped. */
#if defined(__s390__) || defined(__s390x__)
#define CLONE_FLAGS_ARG 1
#else
#define CLONE_FLAGS_ARG 0
#endif

typedef enum ArgMatch {
        MATCH_ALWAYS,                /* every call */
        MATCH_FLAG,                  /* (arg & value) == value: the flag is set, whatever else is */
        MATCH_U32_EQ,                /* (unsigned int) arg == value: the kernel reads an unsigned int, so
                                      * the upper 32 bits must not be compared (CVE-2019-10063) */
        MATCH_U32_NOT_0_OR_ALL_ONES, /* (unsigned int) arg is neither 0 nor 0xffffffff */
        MATCH_INET_PROTOCOL,         /* socket(AF_INET or AF_INET6, any type, value) */
} ArgMatch;

typedef struct AgentSeccompRule {
        const char *name;
        int syscall;
        int error; /* what the call fails with */
        ArgMatch match;
        unsigned arg; /* which argument match and value are about */
        uint64_t value;
        const char *reason;
} AgentSeccompRule;

#define DENY(sc, why)                                                                                      \
        { .name = #sc, .syscall = SCMP_SYS(sc), .error = EPERM, .match = MATCH_ALWAYS, .reason = why }
#define DENY_INET_PROTOCOL(proto, why)                                                                     \
        {                                                                                                  \
                .name = "socket(" #proto ")", .syscall = SCMP_SYS(socket), .error = EPERM,                 \
                .match = MATCH_INET_PROTOCOL, .arg = 2, .value = proto, .reason = why                      \
        }
#define DENY_ENOSYS(sc, why)                                                                               \
        { .name = #sc, .syscall = SCMP_SYS(sc), .error = ENOSYS, .match = MATCH_ALWAYS, .reason = why }
#define DENY_FLAG(sc, a, flag, why)                                                                        \
        {                                                                                                  \
                .name = #sc "(" #flag ")", .syscall = SCMP_SYS(sc), .error = EPERM, .match = MATCH_FLAG,   \
                .arg = a, .value = flag, .reason = why                                                     \
        }
#define DENY_U32_EQ(sc, a, v, why)                                                                         \
        {                                                                                                  \
                .name = #sc "(" #v ")", .syscall = SCMP_SYS(sc), .error = EPERM, .match = MATCH_U32_EQ,    \
                .arg = a, .value = v, .reason = why                                                        \
        }

static const struct {
        enum scmp_filter_attr attr;
        uint32_t value;
        const char *reason;
} filter_attrs[] = {
        /* seccomp_init() adds the native architecture only, and we add no other (on x86-64: neither
         * x86 nor x32), so the table below speaks native numbers only. A call through another ABI
         * (int 0x80, or an x32 number with bit 30 set, which libseccomp's x86-64 filter also sends
         * here) kills the whole process: fail closed, like the unit's SystemCallArchitectures=native.
         * libseccomp's default is SCMP_ACT_KILL, which kills the calling thread only. */
        { SCMP_FLTATR_ACT_BADARCH, SCMP_ACT_KILL_PROCESS, "another ABI: kill the process" },
        /* libseccomp sets no_new_privs itself right before loading (1 is also its default; we say so
         * rather than rely on it). The launcher has set it already; prctl() is idempotent. */
        { SCMP_FLTATR_CTL_NNP, 1, "no_new_privs: no setuid gain under the filter; needed unprivileged" },
        /* KILL_PROCESS and TSYNC need the seccomp(2) system call (libseccomp API level 3); where it is
         * missing (kernels before 4.14, valgrind 3.19) seccomp_attr_set() fails and so does the install:
         * closed, never a weaker filter. */
        { SCMP_FLTATR_CTL_TSYNC, 1, "every thread gets the filter, or loading fails (-ESRCH)" },
        { SCMP_FLTATR_API_SYSRAWRC, 1, "seccomp_load() returns the kernel's errno, not -ECANCELED" },
};

static const AgentSeccompRule rules[] = {
        /* Namespaces. A user namespace gives its creator every capability inside it; every other type
         * needs CAP_SYS_ADMIN, which the agent only gets that way. Each is denied on its own anyway, so
         * that nothing rests on that ordering. The agent's own inner bwrap sandbox needs these and is
         * kept off by managed settings (DESIGN.md). */
        DENY_FLAG(unshare, 0, CLONE_NEWUSER, "user namespace: all capabilities inside, huge attack surface"),
        DENY_FLAG(unshare, 0, CLONE_NEWNS, "mount namespace: remount what the unit made read-only or hid"),
        DENY_FLAG(unshare, 0, CLONE_NEWNET, "network namespace: netfilter & co. with CAP_NET_ADMIN"),
        DENY_FLAG(unshare, 0, CLONE_NEWPID, "PID namespace: a private init and process tree"),
        DENY_FLAG(unshare, 0, CLONE_NEWIPC, "IPC namespace: private SysV and POSIX message queue objects"),
        DENY_FLAG(unshare, 0, CLONE_NEWUTS, "UTS namespace: a private host name, no use here"),
        DENY_FLAG(unshare, 0, CLONE_NEWCGROUP, "cgroup namespace: hides the unit's cgroup path"),
        DENY_FLAG(unshare, 0, CLONE_NEWTIME, "time namespace: private clock offsets"),
        /* The same at process creation. No CLONE_NEWTIME here: for clone(2) 0x80 is part of the exit
         * signal (CSIGNAL), the kernel never reads it as a namespace flag; only unshare() and clone3()
         * can make a time namespace. */
        DENY_FLAG(clone, CLONE_FLAGS_ARG, CLONE_NEWUSER, "as unshare(CLONE_NEWUSER), at process creation"),
        DENY_FLAG(clone, CLONE_FLAGS_ARG, CLONE_NEWNS, "as unshare(CLONE_NEWNS), at process creation"),
        DENY_FLAG(clone, CLONE_FLAGS_ARG, CLONE_NEWNET, "as unshare(CLONE_NEWNET), at process creation"),
        DENY_FLAG(clone, CLONE_FLAGS_ARG, CLONE_NEWPID, "as unshare(CLONE_NEWPID), at process creation"),
        DENY_FLAG(clone, CLONE_FLAGS_ARG, CLONE_NEWIPC, "as unshare(CLONE_NEWIPC), at process creation"),
        DENY_FLAG(clone, CLONE_FLAGS_ARG, CLONE_NEWUTS, "as unshare(CLONE_NEWUTS), at process creation"),
        DENY_FLAG(clone, CLONE_FLAGS_ARG, CLONE_NEWCGROUP, "as unshare(CLONE_NEWCGROUP), at creation"),
        DENY_ENOSYS(clone3, "flags in memory seccomp cannot read; on ENOSYS glibc falls back to clone()"),
        DENY(setns, "joining another namespace, e.g. through a /proc/PID/ns/ file"),

        /* Other processes. The owner's other processes (her login shell, her editor) run as the same
         * user outside the sandbox: with these, the agent could steer them. */
        DENY(ptrace, "steering the owner's processes outside the sandbox, which lack this filter"),
        DENY(process_vm_readv, "reading other processes' memory (ptrace rights)"),
        DENY(process_vm_writev, "writing other processes' memory (ptrace rights): code injection"),
        DENY(kcmp, "comparing other processes' kernel objects (ptrace rights): kernel pointer order leaks"),
        DENY(pidfd_getfd, "copying a file descriptor out of another process (ptrace rights)"),

        /* Kernel keyrings are not namespaced: the owner's session and user keyrings (Kerberos, NFS,
         * ecryptfs keys) are shared with everything else she runs. */
        DENY(keyctl, "the owner's kernel keys outside the sandbox"),
        DENY(add_key, "the owner's kernel keyrings outside the sandbox"),
        DENY(request_key, "kernel keys, and /sbin/request-key upcalls that run as root"),

        /* Large kernel attack surface that a coding agent does not need. */
        DENY(bpf, "eBPF verifier and maps: a long line of local privilege escalations"),
        DENY(perf_event_open, "performance counters: side channels and many kernel bugs"),
        DENY(userfaultfd, "stalls kernel accesses to user memory at will: a standard exploit step"),
        DENY(io_uring_setup, "io_uring operations bypass seccomp entirely; many kernel bugs"),
        DENY(io_uring_enter, "io_uring, as io_uring_setup"),
        DENY(io_uring_register, "io_uring, as io_uring_setup"),

        /* Terminal input injection: pushed characters are read by whatever reads the terminal next,
         * e.g. the owner's shell if a terminal were ever shared. */
        DENY_U32_EQ(ioctl, 1, TIOCSTI, "pushes characters into a terminal's input queue"),
        DENY_U32_EQ(ioctl, 1, TIOCLINUX, "console selection paste: the same injection on virtual consoles"),

        /* limits.disk: the task's files are in a project quota of their own, and their owner may
         * move her files to another project or clear the inherit flag of a directory (chattr -p,
         * chattr -P): what the agent then writes would count nowhere. (file_setattr(2), newer than
         * libseccomp here, is outside the unit's SystemCallFilter= allow-list.) */
        DENY_U32_EQ(ioctl, 1, FS_IOC_FSSETXATTR, "moves files out of the task's disk quota (project ID)"),
        DENY_U32_EQ(ioctl, 1, FS_IOC_SETFLAGS, "clears a directory's project-inherit flag: out of the disk quota"),
        DENY_U32_EQ(ioctl, 1, FS_IOC32_SETFLAGS, "as FS_IOC_SETFLAGS, its 32-bit number"),

        /* Kernel modules by the back door: a socket of a protocol whose module is not loaded makes
         * the kernel load it (as root, outside the sandbox), and with it code nobody here needs.
         * RestrictAddressFamilies= stops other families; within AF_INET and AF_INET6 these remain. */
        DENY_INET_PROTOCOL(IPPROTO_SCTP, "loads the sctp module: a large, rarely used protocol stack"),
        DENY_INET_PROTOCOL(IPPROTO_DCCP, "loads the dccp module: a protocol with a record of local exploits"),
        DENY_INET_PROTOCOL(IPPROTO_L2TP, "loads the l2tp modules (L2TPv3 over IP)"),

        /* Mounts: the unit's read-only system, hidden paths and bind mounts are the sandbox. */
        DENY(mount, "changing the unit's mounts"),
        DENY(umount2, "unmounting what hides the host's files"),
        DENY(pivot_root, "replacing the root file system"),
        DENY(move_mount, "new mount API: as mount()"),
        DENY(open_tree, "new mount API: detached copies of mounts"),
        DENY(fsopen, "new mount API: new file system instances"),
        DENY(fsconfig, "new mount API: configuring file system instances"),
        DENY(fsmount, "new mount API: as mount()"),
        DENY(fspick, "new mount API: reconfiguring existing mounts"),
        DENY(mount_setattr, "new mount API: changing read-only and other mount flags"),
        DENY(chroot, "a changed root: the classic jail escape ingredient, never needed here"),

        /* The host itself. */
        DENY(init_module, "kernel modules: arbitrary kernel code"),
        DENY(finit_module, "kernel modules: arbitrary kernel code"),
        DENY(delete_module, "unloading kernel modules"),
        DENY(kexec_load, "replacing the running kernel"),
        DENY(kexec_file_load, "replacing the running kernel"),
        DENY(reboot, "rebooting or halting the host"),
        DENY(swapon, "the host's swap"),
        DENY(swapoff, "the host's swap"),
        DENY(acct, "process accounting: the kernel writes a file for every exiting process"),
        DENY(quotactl, "the host's disk quotas"),
        DENY(quotactl_fd, "the host's disk quotas"),
        DENY(lookup_dcookie, "profiling cookies to paths: an old information leak"),

        /* Execution domains: ADDR_NO_RANDOMIZE turns ASLR off for an exploit, READ_IMPLIES_EXEC makes
         * data executable, PER_LINUX32 changes uname. PER_LINUX (0) and the query 0xffffffff stay. */
        {
                .name = "personality(not PER_LINUX or 0xffffffff)",
                .syscall = SCMP_SYS(personality),
                .error = EPERM,
                .match = MATCH_U32_NOT_0_OR_ALL_ONES,
                .arg = 0,
                .reason = "ASLR off, executable data, other execution domains",
        },
};

DEFINE_TRIVIAL_CLEANUP_FUNC(scmp_filter_ctx, seccomp_release);

static int agent_seccomp_rule_add(scmp_filter_ctx ctx, const AgentSeccompRule *rule) {
        uint32_t action = SCMP_ACT_ERRNO(rule->error);
        struct scmp_arg_cmp cmp;
        int r;

        /* _exact: fail rather than let libseccomp rewrite a rule into something else. */
        switch (rule->match) {
        case MATCH_ALWAYS:
                return seccomp_rule_add_exact(ctx, action, rule->syscall, 0);
        case MATCH_FLAG:
                cmp = SCMP_CMP(rule->arg, SCMP_CMP_MASKED_EQ, rule->value, rule->value);
                return seccomp_rule_add_exact(ctx, action, rule->syscall, 1, cmp);
        case MATCH_U32_EQ:
                cmp = SCMP_CMP(rule->arg, SCMP_CMP_MASKED_EQ, UINT32_MAX, rule->value);
                return seccomp_rule_add_exact(ctx, action, rule->syscall, 1, cmp);
        case MATCH_U32_NOT_0_OR_ALL_ONES:
                /* libseccomp 2.5 takes one comparison per argument in a rule (-EINVAL otherwise), so
                 * "neither 0 nor 0xffffffff" is not one rule. Every other 32-bit value has a bit set
                 * whose next higher bit (cyclically, bit 31 -> bit 0) is clear; 0 and 0xffffffff have
                 * none. So the 32 rules "bit i set and bit i+1 clear" match exactly the refused values.
                 * Only the low 32 bits are compared, like the kernel does. */
                for (unsigned i = 0; i < 32; i++) {
                        uint64_t set = UINT64_C(1) << i, clear = UINT64_C(1) << ((i + 1) % 32);

                        cmp = SCMP_CMP(rule->arg, SCMP_CMP_MASKED_EQ, set | clear, set);
                        r = seccomp_rule_add_exact(ctx, action, rule->syscall, 1, cmp);
                        if (r < 0)
                                return r;
                }
                return 0;
        case MATCH_INET_PROTOCOL: {
                static const int families[] = { AF_INET, AF_INET6 };

                for (size_t i = 0; i < ELEMENTSOF(families); i++) {
                        r = seccomp_rule_add_exact(ctx, action, rule->syscall, 2,
                                                   SCMP_CMP(0, SCMP_CMP_MASKED_EQ, UINT32_MAX, families[i]),
                                                   SCMP_CMP(rule->arg, SCMP_CMP_MASKED_EQ, UINT32_MAX, rule->value));
                        if (r < 0)
                                return r;
                }
                return 0;
        }
        }
        return -EINVAL;
}

int agent_seccomp_install(void) {
        _cleanup_(seccomp_releasep) scmp_filter_ctx ctx = NULL;
        int r;

        ctx = seccomp_init(SCMP_ACT_ALLOW);
        if (!ctx)
                return -ENOMEM;

        for (size_t i = 0; i < ELEMENTSOF(filter_attrs); i++) {
                r = seccomp_attr_set(ctx, filter_attrs[i].attr, filter_attrs[i].value);
                if (r < 0)
                        return r;
        }

        for (size_t i = 0; i < ELEMENTSOF(rules); i++) {
                r = agent_seccomp_rule_add(ctx, &rules[i]);
                if (r < 0)
                        return r;
        }

        r = seccomp_load(ctx);
        return r < 0 ? r : 0;
}

size_t agent_seccomp_rule_count(void) {
        return ELEMENTSOF(rules);
}

const char *agent_seccomp_rule_name(size_t i) {
        return i < ELEMENTSOF(rules) ? rules[i].name : NULL;
}
