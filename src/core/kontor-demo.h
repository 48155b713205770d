/* kontor-demo.h: realistic demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-repository.h"

G_BEGIN_DECLS

gboolean kontor_demo_fill (KontorRepository  *repository,
                           guint              n_records,
                           guint32            seed,
                           GError           **error);
void     kontor_demo_fill_async  (KontorRepository    *repository,
                                  guint                n_records,
                                  guint32              seed,
                                  GCancellable        *cancellable,
                                  GAsyncReadyCallback  callback,
                                  gpointer             user_data);
gboolean kontor_demo_fill_finish (KontorRepository    *repository,
                                  GAsyncResult        *result,
                                  GError             **error);

G_END_DECLS
