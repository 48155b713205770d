/* kontor-import-private.h: what other readers of the core give an import
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-import.h"

G_BEGIN_DECLS

void _kontor_import_set_photos (KontorImport *self,
                                GPtrArray    *photos);

G_END_DECLS
