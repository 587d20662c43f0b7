/* SPDX-License-Identifier: LGPL-2.1-or-later */

/* The agent's seccomp filter (launcher/agent-seccomp.c), seen from the outside. Every check runs in a
 * forked child, which sets no_new_privs, installs the filter, makes one call (mostly raw syscall(2), so
 * that libc cannot answer for the kernel) and sends the outcome to the parent over a pipe; the parent
 * prints one TAP line.
 *
 * The denied calls get arguments that are invalid or harmless: a missing rule must end in EINVAL,
 * EBADF, ENOENT, or a namespace that dies with the child, never in a reboot or an unmounted /. The
 * same calls are also made without the filter first: as root, they must not fail with the filter's
 * errno there, or the check would prove nothing about the filter (reported as a diagnostic only, since
 * a non-root run or a host that forbids them already is not a failure of the filter).
 *
 * Under valgrind, which does not implement seccomp(2), the filter cannot be loaded: the checks under it
 * are made in the plain and ASan builds. There, the filter is built (and must fail to load, closed) and
 * the calls are made without it, so that valgrind sees our code and the children's; a child with a
 * valgrind error exits with --error-exitcode, which fails its check. */

#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <linux/kcmp.h>
#include <linux/perf_event.h>
#include <netinet/in.h>
#include <pthread.h>
#include <sched.h>
#include <seccomp.h>
#include <signal.h>
#include <spawn.h>
#include <stdint.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/personality.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define HAVE_VALGRIND_H 1
#endif
#endif

#include "agent-seccomp.h"
#include "cleanup.h"
#include "tap.h"

/* What a call did: 0 = it worked, > 0 = its errno, or one of these. */
#define RESULT_FAILED (-1) /* the call "worked" but not as it should (a child exited badly...) */
#define EXPECT_KILLED (-2) /* the filter must kill the process with SIGSYS */
#define EXIT_EXEC_FAILED 127

enum {
        CHECK_NO_PRCTL = 1 << 0,     /* the child does not set no_new_privs before installing */
        CHECK_SELF_INSTALL = 1 << 1, /* run() installs the filter itself, at the moment it needs */
        CHECK_NEEDS_ABI = 1 << 2,    /* fails if the call does not work without the filter either: the
                                      * kernel lacks the ABI, and the filter cannot be checked against it */
        CHECK_FILTER_ONLY = 1 << 3,  /* not made without the filter under valgrind: it looks at the filter
                                      * itself, or valgrind does not pass the call on to the kernel */
};

typedef struct Check {
        const char *rule; /* the rule exercised (as agent_seccomp_rule_name()), NULL for allowed calls */
        const char *what;
        int (*run)(uint64_t arg);
        uint64_t arg;
        int expect; /* under the filter: 0, an errno or EXPECT_KILLED */
        unsigned flags;
} Check;

typedef struct Outcome {
        int install; /* 0, or why the filter could not be installed (negative errno) */
        int result;
} Outcome;

typedef struct ChildRun {
        bool reported; /* the child sent an Outcome */
        Outcome outcome;
        int status; /* from waitpid() */
} ChildRun;

static int result_of(long r) {
        return r < 0 ? (errno > 0 ? errno : EIO) : 0;
}

/* Like the results of the calls, a positive errno. */
static int wait_for(pid_t pid, int *ret_status) {
        int status;

        while (waitpid(pid, &status, 0) < 0)
                if (errno != EINTR)
                        return errno;
        *ret_status = status;
        return 0;
}

/* Reap a grandchild that should simply have exited 0. */
static int wait_exit0(pid_t pid) {
        int status, r;

        r = wait_for(pid, &status);
        if (r > 0)
                return r;
        return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : RESULT_FAILED;
}

/* ---- the calls ---- */

static int try_unshare(uint64_t flags) {
        return result_of(syscall(SYS_unshare, (unsigned long) flags));
}

static int try_clone(uint64_t flags) {
        /* No CLONE_VM and no new stack: the child runs on a copy of ours, like fork(). Flags first, as
         * everywhere but s390. */
        long pid = syscall(SYS_clone, (unsigned long) flags | SIGCHLD, 0UL, NULL, NULL, 0UL);

        if (pid < 0)
                return result_of(pid);
        if (pid == 0)
                _exit(0);
        return wait_exit0((pid_t) pid);
}

static int try_clone3(uint64_t flags) {
        struct {
                uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
        } args = { .flags = flags, .exit_signal = SIGCHLD }; /* CLONE_ARGS_SIZE_VER0 */
        long pid = syscall(SYS_clone3, &args, sizeof(args));

        if (pid < 0)
                return result_of(pid);
        if (pid == 0)
                _exit(0);
        return wait_exit0((pid_t) pid);
}

static int try_setns(uint64_t arg) {
        return result_of(syscall(SYS_setns, -1, 0));
}

static int try_ptrace(uint64_t arg) {
        /* pid 0 is nobody we trace: ESRCH */
        return result_of(syscall(SYS_ptrace, PTRACE_CONT, 0, NULL, NULL));
}

static int try_process_vm(uint64_t write) {
        /* Our own memory: harmless, and it works without the filter. */
        char a[8] = "ccsbx", b[8] = "";
        struct iovec local = { .iov_base = b, .iov_len = sizeof(b) };
        struct iovec remote = { .iov_base = a, .iov_len = sizeof(a) };

        return result_of(syscall(write ? SYS_process_vm_writev : SYS_process_vm_readv, getpid(), &local, 1UL,
                                 &remote, 1UL, 0UL));
}

static int try_kcmp(uint64_t arg) {
        return result_of(syscall(SYS_kcmp, getpid(), getpid(), KCMP_VM, 0UL, 0UL));
}

static int try_pidfd_getfd(uint64_t arg) {
        return result_of(syscall(SYS_pidfd_getfd, -1, 0, 0U));
}

static int try_keyctl(uint64_t arg) {
        return result_of(syscall(SYS_keyctl, 0x7fff /* no such command */, 0UL, 0UL, 0UL, 0UL));
}

static int try_add_key(uint64_t arg) {
        /* Keyring 0 does not exist (EINVAL): no keyring gets created. */
        return result_of(syscall(SYS_add_key, "ccsbx-test-no-such-type", "ccsbx-test", NULL, 0UL, 0));
}

static int try_request_key(uint64_t arg) {
        /* An invalid destination keyring fails before the key type is looked up or anything upcalled. */
        return result_of(syscall(SYS_request_key, "ccsbx-test-no-such-type", "ccsbx-test", NULL, INT32_MIN));
}

static int try_bpf(uint64_t arg) {
        static char attr[128];

        return result_of(syscall(SYS_bpf, 0x7fff /* no such command */, attr, 0U));
}

static int try_perf_event_open(uint64_t arg) {
        static struct perf_event_attr attr;

        return result_of(syscall(SYS_perf_event_open, &attr, 0, -1, -1, ~0UL /* invalid flags */));
}

static int try_userfaultfd(uint64_t arg) {
        return result_of(syscall(SYS_userfaultfd, -1 /* invalid flags */));
}

static int try_io_uring(uint64_t which) {
        static char params[256]; /* zeroed struct io_uring_params; 0 entries: EINVAL */

        switch (which) {
        case 0:
                return result_of(syscall(SYS_io_uring_setup, 0U, params));
        case 1:
                return result_of(syscall(SYS_io_uring_enter, -1, 0U, 0U, 0U, NULL, 0UL));
        default:
                return result_of(syscall(SYS_io_uring_register, -1, 0U, NULL, 0U));
        }
}

static int try_ioctl(uint64_t request) {
        char c = 0;

        return result_of(syscall(SYS_ioctl, -1, (unsigned long) request, &c));
}

enum {
        MOUNT,
        UMOUNT2,
        PIVOT_ROOT,
        MOVE_MOUNT,
        OPEN_TREE,
        FSOPEN,
        FSCONFIG,
        FSMOUNT,
        FSPICK,
        MOUNT_SETATTR,
        CHROOT,
};

static int try_mount_family(uint64_t which) {
        /* "" never resolves (ENOENT) and ~0 is never a valid set of flags (EINVAL). */
        switch (which) {
        case MOUNT:
                return result_of(syscall(SYS_mount, "", "", "", 0UL, NULL));
        case UMOUNT2:
                return result_of(syscall(SYS_umount2, "", ~0U));
        case PIVOT_ROOT:
                return result_of(syscall(SYS_pivot_root, "", ""));
        case MOVE_MOUNT:
                return result_of(syscall(SYS_move_mount, -1, "", -1, "", ~0U));
        case OPEN_TREE:
                return result_of(syscall(SYS_open_tree, -1, "", ~0U));
        case FSOPEN:
                return result_of(syscall(SYS_fsopen, "", ~0U));
        case FSCONFIG:
                return result_of(syscall(SYS_fsconfig, -1, ~0U, NULL, NULL, 0));
        case FSMOUNT:
                return result_of(syscall(SYS_fsmount, -1, ~0U, 0U));
        case FSPICK:
                return result_of(syscall(SYS_fspick, -1, "", ~0U));
        case MOUNT_SETATTR:
                return result_of(syscall(SYS_mount_setattr, -1, "", ~0U, NULL, 0UL));
        default:
                return result_of(syscall(SYS_chroot, ""));
        }
}

enum {
        INIT_MODULE,
        FINIT_MODULE,
        DELETE_MODULE,
        KEXEC_LOAD,
        KEXEC_FILE_LOAD,
        REBOOT,
        SWAPON,
        SWAPOFF,
        ACCT,
        QUOTACTL,
        QUOTACTL_FD,
        LOOKUP_DCOOKIE,
};

static int try_host(uint64_t which) {
        static char image[64];

        switch (which) {
        case INIT_MODULE:
                return result_of(syscall(SYS_init_module, image, 0UL, "")); /* too short: ENOEXEC */
        case FINIT_MODULE:
                return result_of(syscall(SYS_finit_module, -1, "", ~0));
        case DELETE_MODULE:
                return result_of(syscall(SYS_delete_module, "", 0U)); /* no module has an empty name */
        case KEXEC_LOAD:
                /* Not 0 flags with 0 segments: that would unload a loaded kernel. */
                return result_of(syscall(SYS_kexec_load, 0UL, 0UL, NULL, ~0UL));
        case KEXEC_FILE_LOAD:
                return result_of(syscall(SYS_kexec_file_load, -1, -1, 0UL, "", ~0UL));
        case REBOOT:
                return result_of(syscall(SYS_reboot, 0, 0, 0U, NULL)); /* no magic numbers: EINVAL */
        case SWAPON:
                return result_of(syscall(SYS_swapon, "", ~0));
        case SWAPOFF:
                return result_of(syscall(SYS_swapoff, ""));
        case ACCT:
                return result_of(syscall(SYS_acct, "")); /* not NULL: that would turn accounting off */
        case QUOTACTL:
                return result_of(syscall(SYS_quotactl, 0xff /* no such quota type */, "", 0, NULL));
        case QUOTACTL_FD:
                return result_of(syscall(SYS_quotactl_fd, -1, 0xffU, 0, NULL));
        default:
                return result_of(syscall(SYS_lookup_dcookie, 0ULL, NULL, 0UL));
        }
}

static int try_personality(uint64_t persona) {
        return result_of(syscall(SYS_personality, (unsigned long) persona));
}

static int try_personality_sweep(uint64_t arg) {
        /* The 64 values with exactly one bit set or one bit clear: each matches exactly one of the 32
         * rules personality() is written as, so every one of them is tried. */
        for (unsigned i = 0; i < 64; i++) {
                uint32_t bit = UINT32_C(1) << (i % 32);
                int r = try_personality(i < 32 ? bit : ~bit);

                if (r != EPERM)
                        return r;
        }
        return EPERM;
}

static int try_personality_libc(uint64_t persona) {
        return result_of(personality((unsigned long) persona));
}

/* The first thing the program does when started with "--unshare-user" (from try_exec_unshare). */
static _Noreturn void unshare_user_and_exit(void) {
        /* _exit(), not return: under ASan, LeakSanitizer's exit-time check needs ptrace, which the
         * filter denies. */
        _exit(unshare(CLONE_NEWUSER) < 0 ? errno : 0);
}

/* This program, for execve(): /proc/self/exe would be valgrind itself under valgrind. */
static char *self_path = NULL;

static int try_exec_unshare(uint64_t arg) {
        char *argv[] = { (char *) "test-agent-seccomp", (char *) "--unshare-user", NULL };
        int status, r;
        pid_t pid;

        pid = fork();
        if (pid < 0)
                return errno;
        if (pid == 0) {
                execve(self_path ?: "/proc/self/exe", argv, environ);
                _exit(EXIT_EXEC_FAILED);
        }
        r = wait_for(pid, &status);
        if (r > 0)
                return r;
        if (!WIFEXITED(status) || WEXITSTATUS(status) == EXIT_EXEC_FAILED)
                return RESULT_FAILED;
        return WEXITSTATUS(status); /* unshare()'s errno */
}

typedef struct TsyncThread {
        int go; /* read end: the main thread has installed the filter */
        int result;
} TsyncThread;

static void *tsync_thread(void *p) {
        TsyncThread *t = p;
        char c;

        if (read(t->go, &c, 1) != 1)
                t->result = RESULT_FAILED;
        else
                t->result = try_unshare(CLONE_NEWUSER);
        return NULL;
}

static int try_tsync(uint64_t arg) {
        _cleanup_close_ int go_read = -EBADF, go_write = -EBADF;
        TsyncThread t = { .result = RESULT_FAILED };
        int fds[2], r;
        pthread_t thread;

        if (pipe2(fds, O_CLOEXEC) < 0)
                return errno;
        go_read = fds[0];
        go_write = fds[1];
        t.go = go_read;

        r = pthread_create(&thread, NULL, tsync_thread, &t);
        if (r != 0)
                return r;
        if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0 || agent_seccomp_install() < 0)
                r = RESULT_FAILED;
        if (write(go_write, "x", 1) != 1)
                r = RESULT_FAILED;
        (void) pthread_join(thread, NULL);
        return r != 0 ? r : t.result;
}

#if defined(__x86_64__)
static int try_i386_getpid(uint64_t arg) {
        long r;

        /* Kernels without the i386 ABI answer int $0x80 with SIGSEGV: die of it quietly, without an
         * ASan report. */
        (void) signal(SIGSEGV, SIG_DFL);

        __asm__ volatile("int $0x80"
                         : "=a"(r)
                         : "a"(20L /* getpid on i386 */)
                         : "r8", "r9", "r10", "r11", "memory");
        return r < 0 ? (int) -r : 0;
}

static int try_x32_getpid(uint64_t arg) {
        return result_of(syscall(0x40000000L /* __X32_SYSCALL_BIT */ | SYS_getpid));
}

static void *x32_thread(void *p) {
        *(int *) p = try_x32_getpid(0);
        return NULL;
}

static int try_x32_getpid_in_thread(uint64_t arg) {
        /* SCMP_ACT_KILL would end this thread only, and the join below would return. */
        pthread_t thread;
        int r, result = RESULT_FAILED;

        r = pthread_create(&thread, NULL, x32_thread, &result);
        if (r != 0)
                return r;
        (void) pthread_join(thread, NULL);
        return result;
}
#endif

/* Allowed things. */

static int try_fork(uint64_t arg) {
        pid_t pid = fork();

        if (pid < 0)
                return errno;
        if (pid == 0)
                _exit(0);
        return wait_exit0(pid);
}

static void *thread_main(void *p) {
        return p;
}

static int try_pthread_create(uint64_t arg) {
        pthread_t thread;
        void *ret = NULL;
        int r;

        r = pthread_create(&thread, NULL, thread_main, (void *) 42);
        if (r != 0)
                return r;
        r = pthread_join(thread, &ret);
        if (r != 0)
                return r;
        return ret == (void *) 42 ? 0 : RESULT_FAILED;
}

static int try_posix_spawn(uint64_t arg) {
        char *argv[] = { (char *) "true", NULL };
        pid_t pid;
        int r;

        r = posix_spawn(&pid, "/bin/true", NULL, NULL, argv, environ);
        if (r != 0)
                return r;
        return wait_exit0(pid);
}

static int try_execve(uint64_t arg) {
        char *argv[] = { (char *) "true", NULL };
        pid_t pid = fork();

        if (pid < 0)
                return errno;
        if (pid == 0) {
                execve("/bin/true", argv, environ);
                _exit(EXIT_EXEC_FAILED);
        }
        return wait_exit0(pid);
}

static int try_socket(uint64_t arg) {
        int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

        if (fd < 0)
                return errno;
        safe_close(fd);
        return 0;
}

/* arg: the protocol in the low 32 bits, AF_INET6 instead of AF_INET if bit 32 is set, SOCK_SEQPACKET
 * instead of SOCK_STREAM if bit 33 is. */
static int try_socket_proto(uint64_t arg) {
        int family = arg & (UINT64_C(1) << 32) ? AF_INET6 : AF_INET;
        int type = arg & (UINT64_C(1) << 33) ? SOCK_SEQPACKET : SOCK_STREAM;
        int fd = socket(family, type | SOCK_CLOEXEC, (int) (uint32_t) arg);

        if (fd < 0)
                return errno;
        safe_close(fd);
        return 0;
}

static int run_code(void *p) {
#if defined(__x86_64__)
        int (*f)(void) = (int (*)(void)) p;

        return f() == 42 ? 0 : RESULT_FAILED;
#else
        return 0; /* mapping it executable is what we check; the code is x86-64 only */
#endif
}

static int try_jit(uint64_t wx) {
#if defined(__x86_64__)
        static const unsigned char code[] = { 0xb8, 0x2a, 0x00, 0x00, 0x00, 0xc3 }; /* mov $42, %eax; ret */
#else
        static const unsigned char code[] = { 0 };
#endif
        size_t size = (size_t) sysconf(_SC_PAGESIZE);
        void *p;
        int r;

        /* wx: one writable and executable mapping; otherwise write first, then mprotect() to r-x. */
        p = mmap(NULL, size, PROT_READ | PROT_WRITE | (wx ? PROT_EXEC : 0), MAP_PRIVATE | MAP_ANONYMOUS, -1,
                 0);
        if (p == MAP_FAILED)
                return errno;
        memcpy(p, code, sizeof(code));
        if (!wx && mprotect(p, size, PROT_READ | PROT_EXEC) < 0)
                r = errno;
        else
                r = run_code(p);
        (void) munmap(p, size);
        return r;
}

static int try_fionread(uint64_t arg) {
        _cleanup_close_ int in = -EBADF, out = -EBADF;
        int fds[2], n = -1;

        if (pipe2(fds, O_CLOEXEC) < 0)
                return errno;
        in = fds[0];
        out = fds[1];
        if (write(out, "abc", 3) != 3)
                return RESULT_FAILED;
        if (ioctl(in, FIONREAD, &n) < 0)
                return errno;
        return n == 3 ? 0 : RESULT_FAILED;
}

static int try_tcgets(uint64_t arg) {
        _cleanup_close_ int fd = -EBADF;
        struct termios t;

        /* No pty here is a failure too (its errno): Debian has /dev/ptmx, and the agent's tools need it. */
        fd = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
        if (fd < 0)
                return errno;
        return result_of(ioctl(fd, TCGETS, &t));
}

/* From /proc/self/status: whether no_new_privs is set, and whether a seccomp filter is loaded. */
static int read_status(bool *ret_nnp, bool *ret_filtered) {
        _cleanup_fclose_ FILE *f = NULL;
        bool nnp = false, filtered = false;
        char line[128]; /* /proc/self/status: short lines of our own process, not user data */

        f = fopen("/proc/self/status", "re");
        if (!f)
                return errno;
        while (fgets(line, sizeof(line), f)) {
                nnp = nnp || strcmp(line, "NoNewPrivs:\t1\n") == 0;
                filtered = filtered || strcmp(line, "Seccomp:\t2\n") == 0;
        }
        *ret_nnp = nnp;
        *ret_filtered = filtered;
        return 0;
}

static int try_status(uint64_t arg) {
        bool nnp, filtered;
        int r;

        r = read_status(&nnp, &filtered);
        if (r > 0)
                return r;
        return nnp && filtered ? 0 : RESULT_FAILED;
}

/* Under valgrind, which lacks seccomp(2): the install must fail, closed, loading no filter; 0 if it did.
 * Told API level 3 (seccomp_api_set(), for tests), libseccomp takes seccomp(2) to be there: every
 * attribute and rule is added and the filter compiled, no_new_privs set, and only the load fails (with
 * whatever errno valgrind leaves); no_new_privs shows that it got that far. At the level libseccomp
 * finds itself, the install fails earlier, at SCMP_ACT_KILL_PROCESS (EINVAL), without no_new_privs. */
static int try_install(uint64_t api) {
        bool nnp, filtered;
        int r;

        if (api > 0 && seccomp_api_set((unsigned) api) < 0)
                return RESULT_FAILED;
        r = agent_seccomp_install();
        if (r >= 0)
                return RESULT_FAILED;
        if (api < 3 && r != -EINVAL)
                return -r;
        r = read_status(&nnp, &filtered);
        if (r > 0)
                return r;
        return !filtered && nnp == (api >= 3) ? 0 : RESULT_FAILED;
}

static const Check checks[] = {
        /* Namespaces */
        { "unshare(CLONE_NEWUSER)", "unshare(CLONE_NEWUSER)", try_unshare, CLONE_NEWUSER, EPERM },
        { "unshare(CLONE_NEWNS)", "unshare(CLONE_NEWNS)", try_unshare, CLONE_NEWNS, EPERM },
        { "unshare(CLONE_NEWNET)", "unshare(CLONE_NEWNET)", try_unshare, CLONE_NEWNET, EPERM },
        { "unshare(CLONE_NEWPID)", "unshare(CLONE_NEWPID)", try_unshare, CLONE_NEWPID, EPERM },
        { "unshare(CLONE_NEWIPC)", "unshare(CLONE_NEWIPC)", try_unshare, CLONE_NEWIPC, EPERM },
        { "unshare(CLONE_NEWUTS)", "unshare(CLONE_NEWUTS)", try_unshare, CLONE_NEWUTS, EPERM },
        { "unshare(CLONE_NEWCGROUP)", "unshare(CLONE_NEWCGROUP)", try_unshare, CLONE_NEWCGROUP, EPERM },
        { "unshare(CLONE_NEWTIME)", "unshare(CLONE_NEWTIME)", try_unshare, CLONE_NEWTIME, EPERM },
        { "unshare(CLONE_NEWNS)", "unshare(CLONE_FILES|CLONE_FS|CLONE_NEWNS)", try_unshare,
          CLONE_FILES | CLONE_FS | CLONE_NEWNS, EPERM },
        { "clone(CLONE_NEWUSER)", "clone(CLONE_NEWUSER)", try_clone, CLONE_NEWUSER, EPERM },
        { "clone(CLONE_NEWNS)", "clone(CLONE_NEWNS)", try_clone, CLONE_NEWNS, EPERM },
        { "clone(CLONE_NEWNET)", "clone(CLONE_NEWNET)", try_clone, CLONE_NEWNET, EPERM },
        { "clone(CLONE_NEWPID)", "clone(CLONE_NEWPID)", try_clone, CLONE_NEWPID, EPERM },
        { "clone(CLONE_NEWIPC)", "clone(CLONE_NEWIPC)", try_clone, CLONE_NEWIPC, EPERM },
        { "clone(CLONE_NEWUTS)", "clone(CLONE_NEWUTS)", try_clone, CLONE_NEWUTS, EPERM },
        { "clone(CLONE_NEWCGROUP)", "clone(CLONE_NEWCGROUP)", try_clone, CLONE_NEWCGROUP, EPERM },
        { "clone(CLONE_NEWUSER)", "clone(CLONE_SYSVSEM|CLONE_NEWUSER|CLONE_NEWNET)", try_clone,
          CLONE_SYSVSEM | CLONE_NEWUSER | CLONE_NEWNET, EPERM },
        { "clone3", "clone3() without namespace flags", try_clone3, 0, ENOSYS },
        { "clone3", "clone3(CLONE_NEWUSER)", try_clone3, CLONE_NEWUSER, ENOSYS },
        { "setns", "setns()", try_setns, 0, EPERM },
        { "unshare(CLONE_NEWUSER)", "unshare(CLONE_NEWUSER) in a program execve()d after the filter",
          try_exec_unshare, 0, EPERM },
        { "unshare(CLONE_NEWUSER)", "unshare(CLONE_NEWUSER) in a thread started before the filter (TSYNC)",
          try_tsync, 0, EPERM, CHECK_SELF_INSTALL },

        /* Other processes */
        { "ptrace", "ptrace()", try_ptrace, 0, EPERM },
        { "process_vm_readv", "process_vm_readv() of our own memory", try_process_vm, 0, EPERM },
        { "process_vm_writev", "process_vm_writev() of our own memory", try_process_vm, 1, EPERM },
        { "kcmp", "kcmp(KCMP_VM) with ourselves", try_kcmp, 0, EPERM },
        { "pidfd_getfd", "pidfd_getfd()", try_pidfd_getfd, 0, EPERM },

        /* Keyrings, kernel attack surface, terminals */
        { "keyctl", "keyctl()", try_keyctl, 0, EPERM },
        { "add_key", "add_key()", try_add_key, 0, EPERM },
        { "request_key", "request_key()", try_request_key, 0, EPERM },
        { "bpf", "bpf()", try_bpf, 0, EPERM },
        { "perf_event_open", "perf_event_open()", try_perf_event_open, 0, EPERM },
        { "userfaultfd", "userfaultfd()", try_userfaultfd, 0, EPERM },
        { "io_uring_setup", "io_uring_setup()", try_io_uring, 0, EPERM },
        { "io_uring_enter", "io_uring_enter()", try_io_uring, 1, EPERM },
        { "io_uring_register", "io_uring_register()", try_io_uring, 2, EPERM },
        { "ioctl(TIOCSTI)", "ioctl(TIOCSTI)", try_ioctl, TIOCSTI, EPERM },
        { "ioctl(TIOCSTI)", "ioctl(TIOCSTI with bit 32 set, which the kernel ignores)", try_ioctl,
          TIOCSTI | (UINT64_C(1) << 32), EPERM },
        { "ioctl(TIOCLINUX)", "ioctl(TIOCLINUX)", try_ioctl, TIOCLINUX, EPERM },
        { "ioctl(FS_IOC_FSSETXATTR)", "ioctl(FS_IOC_FSSETXATTR) (chattr -p: project ID)", try_ioctl, FS_IOC_FSSETXATTR,
          EPERM },
        { "ioctl(FS_IOC_SETFLAGS)", "ioctl(FS_IOC_SETFLAGS) (chattr -P: project inherit)", try_ioctl, FS_IOC_SETFLAGS,
          EPERM },
        { "ioctl(FS_IOC32_SETFLAGS)", "ioctl(FS_IOC32_SETFLAGS)", try_ioctl, FS_IOC32_SETFLAGS, EPERM },

        /* Protocols whose modules a socket would load */
        { "socket(IPPROTO_SCTP)", "socket(AF_INET, SOCK_STREAM, IPPROTO_SCTP)", try_socket_proto, IPPROTO_SCTP, EPERM },
        { "socket(IPPROTO_SCTP)", "socket(AF_INET6, SOCK_SEQPACKET, IPPROTO_SCTP)", try_socket_proto,
          (UINT64_C(3) << 32) | IPPROTO_SCTP, EPERM },
        { "socket(IPPROTO_DCCP)", "socket(AF_INET, SOCK_STREAM, IPPROTO_DCCP)", try_socket_proto, IPPROTO_DCCP, EPERM },
        { "socket(IPPROTO_L2TP)", "socket(AF_INET6, SOCK_STREAM, IPPROTO_L2TP)", try_socket_proto,
          (UINT64_C(1) << 32) | 115, EPERM },

        /* Mounts */
        { "mount", "mount()", try_mount_family, MOUNT, EPERM },
        { "umount2", "umount2()", try_mount_family, UMOUNT2, EPERM },
        { "pivot_root", "pivot_root()", try_mount_family, PIVOT_ROOT, EPERM },
        { "move_mount", "move_mount()", try_mount_family, MOVE_MOUNT, EPERM },
        { "open_tree", "open_tree()", try_mount_family, OPEN_TREE, EPERM },
        { "fsopen", "fsopen()", try_mount_family, FSOPEN, EPERM },
        { "fsconfig", "fsconfig()", try_mount_family, FSCONFIG, EPERM },
        { "fsmount", "fsmount()", try_mount_family, FSMOUNT, EPERM },
        { "fspick", "fspick()", try_mount_family, FSPICK, EPERM },
        { "mount_setattr", "mount_setattr()", try_mount_family, MOUNT_SETATTR, EPERM },
        { "chroot", "chroot()", try_mount_family, CHROOT, EPERM },

        /* The host */
        { "init_module", "init_module()", try_host, INIT_MODULE, EPERM },
        { "finit_module", "finit_module()", try_host, FINIT_MODULE, EPERM },
        { "delete_module", "delete_module()", try_host, DELETE_MODULE, EPERM },
        { "kexec_load", "kexec_load()", try_host, KEXEC_LOAD, EPERM },
        { "kexec_file_load", "kexec_file_load()", try_host, KEXEC_FILE_LOAD, EPERM },
        { "reboot", "reboot()", try_host, REBOOT, EPERM },
        { "swapon", "swapon()", try_host, SWAPON, EPERM },
        { "swapoff", "swapoff()", try_host, SWAPOFF, EPERM },
        { "acct", "acct()", try_host, ACCT, EPERM },
        { "quotactl", "quotactl()", try_host, QUOTACTL, EPERM },
        { "quotactl_fd", "quotactl_fd()", try_host, QUOTACTL_FD, EPERM },
        { "lookup_dcookie", "lookup_dcookie()", try_host, LOOKUP_DCOOKIE, EPERM },

        /* Execution domains */
#define PERSONALITY_RULE "personality(not PER_LINUX or 0xffffffff)"
        { PERSONALITY_RULE, "personality(PER_LINUX32)", try_personality, PER_LINUX32, EPERM },
        { PERSONALITY_RULE, "personality(ADDR_NO_RANDOMIZE)", try_personality, ADDR_NO_RANDOMIZE, EPERM },
        { PERSONALITY_RULE, "personality(READ_IMPLIES_EXEC)", try_personality, READ_IMPLIES_EXEC, EPERM },
        { PERSONALITY_RULE, "personality(0x80000000)", try_personality, 0x80000000, EPERM },
        { PERSONALITY_RULE, "personality(0xfffffffe)", try_personality, 0xfffffffe, EPERM },
        { PERSONALITY_RULE, "personality() of all 64 values with one bit set or one bit clear",
          try_personality_sweep, 0, EPERM },
        { PERSONALITY_RULE, "personality(0x100000008): PER_LINUX32 to the kernel", try_personality,
          UINT64_C(0x100000008), EPERM },

        /* Other ABIs */
#if defined(__x86_64__)
        { NULL, "getpid() through the i386 ABI (int $0x80)", try_i386_getpid, 0, EXPECT_KILLED,
          CHECK_NEEDS_ABI | CHECK_FILTER_ONLY },
        { NULL, "getpid() through the x32 ABI (bit 30 set)", try_x32_getpid, 0, EXPECT_KILLED,
          CHECK_FILTER_ONLY },
        { NULL, "getpid() through the x32 ABI in a second thread: the whole process",
          try_x32_getpid_in_thread, 0, EXPECT_KILLED, CHECK_FILTER_ONLY },
#endif

        /* What the agent and its tools need */
        { NULL, "fork()", try_fork, 0, 0 },
        { NULL, "pthread_create() (glibc: clone3, then clone)", try_pthread_create, 0, 0 },
        { NULL, "clone(SIGCHLD)", try_clone, 0, 0 },
        { NULL, "clone(CLONE_SYSVSEM|CLONE_IO)", try_clone, CLONE_SYSVSEM | CLONE_IO, 0 },
        { NULL, "posix_spawn(\"/bin/true\") (glibc: clone3, then clone(CLONE_VM|CLONE_VFORK))",
          try_posix_spawn, 0, 0 },
        { NULL, "execve(\"/bin/true\")", try_execve, 0, 0 },
        { NULL, "socket(AF_INET, SOCK_STREAM)", try_socket, 0, 0 },
        { NULL, "socket(AF_INET6, SOCK_STREAM, IPPROTO_TCP)", try_socket_proto,
          (UINT64_C(1) << 32) | IPPROTO_TCP, 0 },
        { NULL, "mmap(PROT_READ|PROT_WRITE|PROT_EXEC) and running code from it (JIT)", try_jit, 1, 0 },
        { NULL, "mmap(PROT_READ|PROT_WRITE), mprotect(PROT_READ|PROT_EXEC) and running code (W^X JIT)",
          try_jit, 0, 0 },
        { NULL, "ioctl(FIONREAD) on a pipe", try_fionread, 0, 0 },
        { NULL, "ioctl(TCGETS) on a pty", try_tcgets, 0, 0 },
        { NULL, "ioctl(FS_IOC_FSGETXATTR) reaches the kernel (EBADF): reading a project ID (lsattr -p)", try_ioctl,
          FS_IOC_FSGETXATTR, EBADF },
        { NULL, "ioctl(FS_IOC_GETFLAGS) reaches the kernel (EBADF): lsattr", try_ioctl, FS_IOC_GETFLAGS, EBADF },
        { NULL, "unshare(CLONE_FILES|CLONE_FS|CLONE_SYSVSEM)", try_unshare,
          CLONE_FILES | CLONE_FS | CLONE_SYSVSEM, 0 },
        { NULL, "personality(0xffffffff) through glibc (query)", try_personality_libc, 0xffffffff, 0 },
        { NULL, "personality(0xffffffff) (query)", try_personality, 0xffffffff, 0 },
        { NULL, "personality(PER_LINUX)", try_personality, PER_LINUX, 0 },
        { NULL, "personality(0x100000000): PER_LINUX to the kernel", try_personality,
          UINT64_C(0x100000000), 0 },
        { NULL, "/proc/self/status: NoNewPrivs 1, Seccomp 2", try_status, 0, 0, CHECK_FILTER_ONLY },
        { NULL, "/proc/self/status: NoNewPrivs 1, Seccomp 2 without prctl() first (libseccomp sets it)",
          try_status, 0, 0, CHECK_NO_PRCTL | CHECK_FILTER_ONLY },
};

/* ---- running them ---- */

static bool running_on_valgrind(void) {
        const char *p;

#ifdef HAVE_VALGRIND_H
        if (RUNNING_ON_VALGRIND)
                return true;
#endif
        p = getenv("LD_PRELOAD");
        return p && strstr(p, "vgpreload");
}

static _Noreturn void child(const Check *c, bool filtered, int fd) {
        Outcome o = {};

        if (c->expect == EXPECT_KILLED) {
                /* No core file, nor a systemd-coredump entry, for a death we asked for. */
                (void) setrlimit(RLIMIT_CORE, &(struct rlimit){});
                (void) prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
        }

        if (filtered && !(c->flags & CHECK_SELF_INSTALL)) {
                if (!(c->flags & CHECK_NO_PRCTL) && prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
                        o.install = negative_errno();
                else
                        o.install = agent_seccomp_install();
        }
        if (o.install == 0)
                o.result = c->run(c->arg);

        if (write(fd, &o, sizeof(o)) != sizeof(o))
                _exit(EXIT_FAILURE);
        /* Closed, or valgrind's --track-fds reports it open at exit, from every child. */
        safe_close(fd);
        _exit(EXIT_SUCCESS);
}

static int run_child(const Check *c, bool filtered, ChildRun *ret) {
        _cleanup_close_ int in = -EBADF, out = -EBADF;
        ChildRun run = {};
        int fds[2], r;
        ssize_t n;
        pid_t pid;

        if (pipe2(fds, O_CLOEXEC) < 0)
                return negative_errno();
        in = fds[0];
        out = fds[1];

        fflush(stdout);
        pid = fork();
        if (pid < 0)
                return negative_errno();
        if (pid == 0) {
                in = safe_close(in);
                child(c, filtered, out);
        }
        out = safe_close(out);

        do
                n = read(in, &run.outcome, sizeof(run.outcome));
        while (n < 0 && errno == EINTR);
        run.reported = n == sizeof(run.outcome);

        r = wait_for(pid, &run.status);
        if (r > 0)
                return -r;
        *ret = run;
        return 0;
}

static const char *result_to_string(int result, char *buf, size_t size) {
        switch (result) {
        case 0:
                return "success";
        case RESULT_FAILED:
                return "wrong result";
        default:
                if (result > 0 && strerrorname_np(result))
                        return strerrorname_np(result);
                snprintf(buf, size, "%d", result);
                return buf;
        }
}

static const char *child_run_to_string(const ChildRun *run, char *buf, size_t size) {
        char rbuf[16];
        bool clean_exit = WIFEXITED(run->status) && WEXITSTATUS(run->status) == 0;

        if (run->reported && run->outcome.install < 0)
                snprintf(buf, size, "installing the filter failed: %s", strerror(-run->outcome.install));
        else if (run->reported && clean_exit)
                snprintf(buf, size, "%s", result_to_string(run->outcome.result, rbuf, sizeof(rbuf)));
        else if (run->reported)
                /* e.g. valgrind's --error-exitcode, after the report */
                snprintf(buf, size, "%s, then the child %s %d",
                         result_to_string(run->outcome.result, rbuf, sizeof(rbuf)),
                         WIFEXITED(run->status) ? "exited with status" : "was killed by signal",
                         WIFEXITED(run->status) ? WEXITSTATUS(run->status) : WTERMSIG(run->status));
        else if (WIFSIGNALED(run->status))
                snprintf(buf, size, "killed by %s", sigabbrev_np(WTERMSIG(run->status)) ?: "a signal");
        else
                snprintf(buf, size, "child exited with status %d, no report",
                         WIFEXITED(run->status) ? WEXITSTATUS(run->status) : -1);
        return buf;
}

static bool child_run_matches(const ChildRun *run, int expect) {
        if (expect == EXPECT_KILLED)
                return !run->reported && WIFSIGNALED(run->status) && WTERMSIG(run->status) == SIGSYS;
        return run->reported && run->outcome.install == 0 && run->outcome.result == expect &&
               WIFEXITED(run->status) && WEXITSTATUS(run->status) == 0;
}

/* The child made its call, whatever the outcome, reported it and exited cleanly. */
static bool child_run_clean(const ChildRun *run) {
        return run->reported && run->outcome.install == 0 && run->outcome.result != RESULT_FAILED &&
               WIFEXITED(run->status) && WEXITSTATUS(run->status) == 0;
}

static const char *expect_to_string(int expect, char *buf, size_t size) {
        if (expect == EXPECT_KILLED)
                return "is killed by SIGSYS";
        if (expect == 0)
                return "works";
        snprintf(buf, size, "fails with %s", strerrorname_np(expect));
        return buf;
}

/* Every check, each call in a child under the filter. */
static void test_checks(void) {
        unsigned n_denied = 0, n_proven = 0;

        tap_diag("each call in a child with the filter installed%s; in parentheses, the same call without it",
                 geteuid() == 0 ? ", as root" : "");

        for (size_t i = 0; i < ELEMENTSOF(checks); i++) {
                const Check *c = &checks[i];
                char ebuf[32], bbuf[128], gbuf[128], base_note[160] = "";
                const char *expect = expect_to_string(c->expect, ebuf, sizeof(ebuf));
                ChildRun base = {}, run = {};
                int r;

                /* The same call without the filter: is the filter what makes the difference? */
                if (c->expect != 0 && !(c->flags & CHECK_SELF_INSTALL)) {
                        r = run_child(c, /* filtered= */ false, &base);
                        if (r < 0)
                                snprintf(base_note, sizeof(base_note),
                                         " (could not run it without the filter: %s)", strerror(-r));
                        else {
                                child_run_to_string(&base, bbuf, sizeof(bbuf));
                                snprintf(base_note, sizeof(base_note), " (without the filter: %s)", bbuf);
                                n_denied++;
                                if (child_run_matches(&base, c->expect))
                                        tap_diag("without the filter, %s %s too: "
                                                 "this check proves nothing here",
                                                 c->what, expect);
                                else
                                        n_proven++;
                                if (c->run == try_unshare && c->arg == CLONE_NEWUSER)
                                        tap_diag("without the filter, unshare(CLONE_NEWUSER): %s%s", bbuf,
                                                 base.reported && base.outcome.result == 0
                                                         ? ""
                                                         : ": EPERM below then proves less (not root?)");
                        }
                }

                if ((c->flags & CHECK_NEEDS_ABI) && !child_run_matches(&base, 0)) {
                        /* Such a call never reaches seccomp, so the filter cannot be checked against it
                         * on this kernel (int $0x80: no IA32_EMULATION, ia32_emulation=0, or a
                         * hypervisor such as PVM). Then it is no check of this run: the VM suite runs
                         * this test on Debian 12's kernel, which has the ABI, with
                         * CCSBX_SECCOMP_ABI_REQUIRED=1, where it fails instead (scenario 53). */
                        if (secure_getenv("CCSBX_SECCOMP_ABI_REQUIRED")) {
                                tap_ok(false, "%s %s%s", c->what, expect, base_note);
                                tap_diag("  calls through this ABI do not work on this kernel even without the "
                                         "filter, and CCSBX_SECCOMP_ABI_REQUIRED is set");
                        } else
                                tap_diag("not checked here: %s (calls through this ABI do not work on this "
                                         "kernel even without the filter; VM scenario 53 checks it on "
                                         "Debian 12's kernel)", c->what);
                        continue;
                }

                r = run_child(c, /* filtered= */ true, &run);
                if (r < 0) {
                        tap_ok(false, "%s %s", c->what, expect);
                        tap_diag("  could not run the child: %s", strerror(-r));
                        continue;
                }
                if (!tap_ok(child_run_matches(&run, c->expect), "%s %s%s", c->what, expect, base_note))
                        tap_diag("  got: %s", child_run_to_string(&run, gbuf, sizeof(gbuf)));
        }
        tap_diag("%u of %u denied calls do something else without the filter", n_proven, n_denied);
}

static void check_unfiltered(const Check *c) {
        char ebuf[32], gbuf[128];
        ChildRun run = {};
        int r;

        r = run_child(c, /* filtered= */ false, &run);
        if (r < 0) {
                tap_ok(false, "without the filter, %s", c->what);
                tap_diag("  could not run the child: %s", strerror(-r));
                return;
        }
        child_run_to_string(&run, gbuf, sizeof(gbuf));
        if (c->rule)
                /* What a denied call does without the filter depends on the user and the kernel. */
                tap_ok(child_run_clean(&run), "without the filter, %s: made and reported (%s)", c->what,
                       gbuf);
        else if (!tap_ok(child_run_matches(&run, c->expect), "without the filter, %s %s", c->what,
                         expect_to_string(c->expect, ebuf, sizeof(ebuf))))
                tap_diag("  got: %s", gbuf);
}

/* Under valgrind, which cannot load the filter: it is built, and the calls are made without it. */
static void test_unfiltered(void) {
        static const Check installs[] = {
                { NULL,
                  "agent_seccomp_install() where libseccomp finds no seccomp(2): fails at "
                  "SCMP_ACT_KILL_PROCESS, loads nothing",
                  try_install, 0, 0 },
                { NULL,
                  "agent_seccomp_install() with libseccomp at API level 3: every rule added and compiled "
                  "(no_new_privs set), loads nothing",
                  try_install, 3, 0 },
        };

        tap_diag("valgrind does not implement seccomp(2): the checks under the filter are in the plain and "
                 "ASan builds; here the filter is built, and the calls are made without it");

        for (size_t i = 0; i < ELEMENTSOF(installs); i++) {
                char gbuf[128];
                ChildRun run = {};
                int r;

                r = run_child(&installs[i], /* filtered= */ false, &run);
                if (!tap_ok(r >= 0 && child_run_matches(&run, 0), "%s", installs[i].what))
                        tap_diag("  got: %s",
                                 r < 0 ? strerror(-r) : child_run_to_string(&run, gbuf, sizeof(gbuf)));
        }
        for (size_t i = 0; i < ELEMENTSOF(checks); i++)
                if (!(checks[i].flags & (CHECK_SELF_INSTALL | CHECK_FILTER_ONLY)))
                        check_unfiltered(&checks[i]);
}

/* valgrind 3.19 does not implement seccomp(2) (amd64 "unhandled syscall: 317"), so libseccomp finds API
 * level 1: no SCMP_ACT_KILL_PROCESS, no TSYNC, and the install fails, closed, with -EINVAL. If a later
 * valgrind can load the filter, every check runs under it. Anywhere else, the filter must load. */
static bool filter_loads_here(void) {
        static const Check probe = { NULL, "probe", try_status, 0, 0 };
        ChildRun run = {};

        if (!running_on_valgrind())
                return true;
        return run_child(&probe, /* filtered= */ true, &run) >= 0 && child_run_matches(&run, 0);
}

static void test_rule_table(void) {
        size_t n = agent_seccomp_rule_count();

        tap_diag("rule table");
        tap_ok(n > 0, "the filter has %zu rules", n);
        tap_ok(agent_seccomp_rule_name(n) == NULL, "no rule past the end");

        for (size_t i = 0; i < n; i++) {
                const char *name = agent_seccomp_rule_name(i);
                _cleanup_free_ char *syscall_name = NULL;
                bool native, unique = true, exercised = false;

                if (!name || !*name) {
                        tap_ok(false, "rule %zu has a name", i);
                        continue;
                }
                syscall_name = strndup(name, strcspn(name, "("));
                if (!syscall_name) {
                        tap_ok(false, "out of memory");
                        return;
                }
                /* A pseudo number (another architecture's call) would silently match nothing. */
                native = seccomp_syscall_resolve_name(syscall_name) >= 0;
                for (size_t j = 0; j < n; j++) {
                        const char *other = agent_seccomp_rule_name(j);

                        if (j != i && other && strcmp(other, name) == 0)
                                unique = false;
                }
                for (size_t j = 0; j < ELEMENTSOF(checks); j++)
                        if (checks[j].rule && strcmp(checks[j].rule, name) == 0)
                                exercised = true;
                if (!tap_ok(native && unique && exercised,
                            "rule %s: a native call, once in the table, checked below", name))
                        tap_diag("  %s%s%s", native ? "" : "not a native system call; ",
                                 unique ? "" : "listed twice; ", exercised ? "" : "no check below names it");
        }

        for (size_t j = 0; j < ELEMENTSOF(checks); j++) {
                bool found = !checks[j].rule;

                for (size_t i = 0; i < n && !found; i++)
                        found = strcmp(checks[j].rule, agent_seccomp_rule_name(i)) == 0;
                if (!found)
                        tap_ok(false, "check \"%s\" names rule \"%s\", which is not in the table",
                               checks[j].what, checks[j].rule);
        }
}

int main(int argc, char *argv[]) {
        if (argc == 2 && strcmp(argv[1], "--unshare-user") == 0)
                unshare_user_and_exit();

        /* valgrind answers readlink("/proc/self/exe") with its client's name. */
        self_path = realpath("/proc/self/exe", NULL);

        test_rule_table();
        if (filter_loads_here())
                test_checks();
        else
                test_unfiltered();
        free(self_path);
        return tap_done();
}
