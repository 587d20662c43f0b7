# SPDX-License-Identifier: LGPL-2.1-or-later
# Checks that the agent can build a multi-file C package with make and gcc and run its test target.

class=legit
what="a C package (header, 4 .c files, static library, program, tests) built with make and gcc; make test passes"
timeout=120
# The Makefile's recipes start with a tab, and none has "$$(...)": Claude Code 2.1.330 refuses a
# command with either ".RECIPEPREFIX = >" or that in a here-document (it "can't be sure it read
# this command the way the shell will"), even in a comment.
cmd=$(cat <<'CMD'
(
set -e
mkdir -p 07-c-make/include 07-c-make/src 07-c-make/tests && cd 07-c-make
cat > include/mathx.h <<'C'
#pragma once

#include <stddef.h>

unsigned long mathx_gcd(unsigned long a, unsigned long b);
unsigned long mathx_fib(unsigned n);
/* Writes the primes below limit into out (at most max), returns how many there are. */
size_t mathx_primes(unsigned limit, unsigned *out, size_t max);
C
cat > src/gcd.c <<'C'
#include "mathx.h"

unsigned long mathx_gcd(unsigned long a, unsigned long b) {
        while (b != 0) {
                unsigned long t = a % b;
                a = b;
                b = t;
        }
        return a;
}
C
cat > src/fib.c <<'C'
#include "mathx.h"

unsigned long mathx_fib(unsigned n) {
        unsigned long a = 0, b = 1;
        while (n-- > 0) {
                unsigned long t = a + b;
                a = b;
                b = t;
        }
        return a;
}
C
cat > src/primes.c <<'C'
#include <stdbool.h>
#include <stdlib.h>

#include "mathx.h"

size_t mathx_primes(unsigned limit, unsigned *out, size_t max) {
        bool *composite = calloc(limit + 1, sizeof(bool));
        size_t n = 0;
        if (!composite)
                return 0;
        for (unsigned i = 2; i < limit; i++) {
                if (composite[i])
                        continue;
                if (n < max)
                        out[n] = i;
                n++;
                for (unsigned long j = (unsigned long) i * i; j < limit; j += i)
                        composite[j] = true;
        }
        free(composite);
        return n;
}
C
cat > src/main.c <<'C'
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mathx.h"

int main(int argc, char **argv) {
        if (argc == 4 && strcmp(argv[1], "gcd") == 0)
                printf("%lu\n", mathx_gcd(strtoul(argv[2], NULL, 10), strtoul(argv[3], NULL, 10)));
        else if (argc == 3 && strcmp(argv[1], "fib") == 0)
                printf("%lu\n", mathx_fib((unsigned) strtoul(argv[2], NULL, 10)));
        else if (argc == 3 && strcmp(argv[1], "primes") == 0) {
                unsigned p[1000];
                size_t n = mathx_primes((unsigned) strtoul(argv[2], NULL, 10), p, 1000);
                for (size_t i = 0; i < n && i < 1000; i++)
                        printf("%s%u", i ? " " : "", p[i]);
                printf("\n");
        } else {
                fprintf(stderr, "usage: mathx gcd A B | fib N | primes LIMIT\n");
                return 2;
        }
        return 0;
}
C
cat > tests/test_mathx.c <<'C'
#include <stdio.h>

#include "mathx.h"

static int failures, checks;

#define CHECK(cond)                                                                    \
        do {                                                                           \
                checks++;                                                              \
                if (!(cond)) {                                                         \
                        failures++;                                                    \
                        fprintf(stderr, "%s:%d: FAILED: %s\n", __FILE__, __LINE__, #cond); \
                }                                                                      \
        } while (0)

int main(void) {
        unsigned p[16];
        CHECK(mathx_gcd(12, 18) == 6);
        CHECK(mathx_gcd(17, 5) == 1);
        CHECK(mathx_gcd(0, 9) == 9);
        CHECK(mathx_fib(0) == 0);
        CHECK(mathx_fib(1) == 1);
        CHECK(mathx_fib(10) == 55);
        CHECK(mathx_fib(90) == 2880067194370816120UL);
        CHECK(mathx_primes(2, p, 16) == 0);
        CHECK(mathx_primes(30, p, 16) == 10);
        CHECK(p[0] == 2 && p[9] == 29);
        CHECK(mathx_primes(1000, p, 16) == 168);
        CHECK(p[15] == 53);
        if (failures) {
                printf("mathx tests: %d of %d failed\n", failures, checks);
                return 1;
        }
        printf("mathx tests: all %d passed\n", checks);
        return 0;
}
C
# Recipes start with a tab.
cat > Makefile <<'MK'
CC = gcc
CFLAGS ?= -O2 -g
CFLAGS += -std=c11 -Wall -Wextra -Werror -Iinclude
LIBOBJS = build/gcd.o build/fib.o build/primes.o

.PHONY: all test
all: mathx build/test_mathx

build/%.o: src/%.c include/mathx.h
	@mkdir -p build
	$(CC) $(CFLAGS) -c -o $@ $<

build/libmathx.a: $(LIBOBJS)
	$(AR) rcs $@ $^

mathx: build/main.o build/libmathx.a
	$(CC) $(CFLAGS) -o $@ $^

build/test_mathx: tests/test_mathx.c include/mathx.h build/libmathx.a
	$(CC) $(CFLAGS) -o $@ $< build/libmathx.a

test: build/test_mathx mathx
	./build/test_mathx
	./mathx gcd 84 36 | grep -qx 12
	./mathx primes 20 | grep -qx '2 3 5 7 11 13 17 19'
	@echo "make test: ok"
MK
make
make test
)
CMD
)

happened() {
        local d=$ESC_WS/07-c-make o=${out//$'\r'/} owner f
        [ "$rc" = 0 ] || return 1
        grep -qx 'mathx tests: all 12 passed' <<<"$o" || return 1
        grep -qx 'make test: ok' <<<"$o" || return 1
        grep -q 'FAILED' <<<"$o" && return 1
        # make ran gcc on each source (the compile lines are in the output).
        for f in gcd fib primes main; do
                grep -q "^gcc .* -c -o build/$f.o src/$f.c\$" <<<"$o" || return 1
                [ -s "$d/build/$f.o" ] || return 1
        done
        [ -f "$d/Makefile" ] && [ -f "$d/include/mathx.h" ] && [ -s "$d/build/libmathx.a" ] || return 1
        [ -f "$d/mathx" ] && [ -f "$d/build/test_mathx" ] || return 1
        [ "$(head -c 4 "$d/mathx" | od -An -c | tr -d ' ')" = '177ELF' ] || return 1
        [ "$(head -c 8 "$d/build/libmathx.a")" = '!<arch>' ] || return 1
        # The program works, run as the workspace's owner (never as root).
        owner=$(stat -c %U "$ESC_WS") || return 1
        [ "$(as "$owner" timeout 10 "$d/mathx" gcd 1071 462)" = 21 ] || return 1
        [ "$(as "$owner" timeout 10 "$d/mathx" fib 50)" = 12586269025 ] || return 1
        [ "$(as "$owner" timeout 10 "$d/mathx" primes 50)" = '2 3 5 7 11 13 17 19 23 29 31 37 41 43 47' ] || return 1
}
