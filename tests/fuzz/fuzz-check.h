/* SPDX-License-Identifier: LGPL-2.1-or-later */
#pragma once

/* For the libFuzzer targets: a promise of the code under test that does not hold aborts, with the
 * condition, so that libFuzzer keeps the input as a reproducer and run.sh reports it. */

#include <stdio.h>
#include <stdlib.h>

#define check(cond)                                                                                        \
        do {                                                                                               \
                if (!(cond)) {                                                                             \
                        fprintf(stderr, "%s:%d: broken promise: %s\n", __FILE__, __LINE__, #cond);         \
                        abort();                                                                           \
                }                                                                                          \
        } while (0)
