/* kontor-backup-private.h: what tests may change in how backups are copied
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Called in the worker after each step with the pages still to copy and the
 * pages in all */
typedef void (*KontorBackupStepFunc) (int      remaining,
                                      int      page_count,
                                      gpointer user_data);

void _kontor_backup_set_step_func (int                  pages_per_step,
                                   KontorBackupStepFunc func,
                                   gpointer             user_data);

G_END_DECLS
