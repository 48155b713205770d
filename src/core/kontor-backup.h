/* kontor-backup.h: backups, restoring them, and opening a file safely
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "kontor-repository.h"

G_BEGIN_DECLS

typedef enum
{
  KONTOR_OPEN_CHECKED_DEFAULT      = 0,
  KONTOR_OPEN_CHECKED_ALWAYS_CHECK = 1 << 0,
} KontorOpenCheckedFlags;

#define KONTOR_BACKUP_KEEP_DAILY  7
#define KONTOR_BACKUP_KEEP_WEEKLY 4

char             *kontor_backup_dup_folder        (const char              *db_path);
gboolean          kontor_backup_create            (KontorRepository        *repository,
                                                   const char              *reason,
                                                   char                   **out_path,
                                                   GError                 **error);
void              kontor_backup_create_async      (KontorRepository        *repository,
                                                   const char              *reason,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
char             *kontor_backup_create_finish     (GAsyncResult            *result,
                                                   GError                 **error);
gboolean          kontor_backup_maybe_daily       (KontorRepository        *repository,
                                                   guint                    keep_daily,
                                                   guint                    keep_weekly,
                                                   char                   **out_path,
                                                   GError                 **error);
void              kontor_backup_maybe_daily_async (KontorRepository        *repository,
                                                   guint                    keep_daily,
                                                   guint                    keep_weekly,
                                                   GCancellable            *cancellable,
                                                   GAsyncReadyCallback      callback,
                                                   gpointer                 user_data);
gboolean          kontor_backup_maybe_daily_finish (GAsyncResult           *result,
                                                   char                   **out_path,
                                                   GError                 **error);
gboolean          kontor_backup_rotate            (const char              *db_path,
                                                   guint                    keep_daily,
                                                   guint                    keep_weekly,
                                                   GError                 **error);
GPtrArray        *kontor_backup_list              (const char              *db_path,
                                                   GError                 **error);
GDateTime        *kontor_backup_get_time          (const char              *backup_path);
char             *kontor_backup_dup_reason        (const char              *backup_path);
gboolean          kontor_backup_verify            (const char              *backup_path,
                                                   GError                 **error);
char             *kontor_backup_find_newest_good  (const char              *db_path);
gboolean          kontor_backup_restore           (const char              *backup_path,
                                                   const char              *target_path,
                                                   GError                 **error);

KontorRepository *kontor_repository_open_checked  (const char              *path,
                                                   KontorOpenCheckedFlags   flags,
                                                   GError                 **error);
gboolean          kontor_repository_open_checked_is_long (const char        *path,
                                                   KontorOpenCheckedFlags   flags);
void              kontor_repository_mark_closed   (const char              *path);

gboolean          kontor_check_folder_private     (const char              *path,
                                                   GError                 **error);

G_END_DECLS
