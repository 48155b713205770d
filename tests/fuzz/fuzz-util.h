/* fuzz-util.h: a scratch database shared by the inputs of a fuzz target
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-core.h"

G_BEGIN_DECLS

int               LLVMFuzzerTestOneInput (const guint8 *data,
                                          size_t        size);

const char       *fuzz_get_database_path (void);
KontorRepository *fuzz_get_repository    (void);
void              fuzz_trim_database     (void);

G_END_DECLS
