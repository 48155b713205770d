/* kontor-backup.c
 *
 * Backups are whole copies made with SQLite's online backup API into
 * "backups" next to the database (for the default database that is
 * <data dir>/kontor/backups), named kontor-YYYYMMDD-HHMMSS[-reason].db in
 * local time. Restoring never leaves a half-written file: the backup is
 * checked, copied to a temporary file in the target's folder, synced and
 * renamed over the target, whose old version stays as *.before-restore.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-backup"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "kontor-backup.h"
#include "kontor-backup-private.h"
#include "kontor-error.h"
#include "kontor-repository-private.h"

#define NAME_PREFIX    "kontor-"
#define NAME_TIME_LEN  15  /* YYYYMMDD-HHMMSS */
#define NAME_SUFFIX    ".db"
#define SECONDS_PER_DAY 86400
#define MAX_BUSY_RETRIES 250  /* of 20 ms each */

/* Helpers ----------------------------------------------------------------- */

static gboolean set_errno_error (GError     **error,
                                 int          saved_errno,
                                 const char  *format,
                                 ...) G_GNUC_PRINTF (3, 4);

static gboolean
set_errno_error (GError     **error,
                 int          saved_errno,
                 const char  *format,
                 ...)
{
  g_autofree char *what = NULL;
  va_list args;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_IO, "%s: %s", what, g_strerror (saved_errno));
  return FALSE;
}

static gboolean
make_private_folder (const char  *folder,
                     GError     **error)
{
  if (g_mkdir_with_parents (folder, 0700) != 0)
    return set_errno_error (error, errno, _("Could not create the folder “%s”"), folder);

  if (g_chmod (folder, 0700) != 0)
    return set_errno_error (error, errno, _("Could not make the folder “%s” private"), folder);

  return TRUE;
}

static gboolean
fsync_path (const char  *path,
            gboolean     is_folder,
            GError     **error)
{
  int fd = g_open (path, (is_folder ? O_RDONLY | O_DIRECTORY : O_RDWR) | O_CLOEXEC, 0);
  int saved;

  if (fd < 0)
    return set_errno_error (error, errno, _("Could not open “%s”"), path);

  if (fsync (fd) != 0)
    {
      saved = errno;
      close (fd);
      return set_errno_error (error, saved, _("Could not write “%s” to the disk"), path);
    }

  close (fd);
  return TRUE;
}

/* A new empty file, private from the first byte, next to @final_path */
static char *
make_temp_file (const char  *final_path,
                GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (final_path);
  g_autofree char *base = g_path_get_basename (final_path);
  g_autofree char *name = g_strdup_printf (".%s.tmp-XXXXXX", base);
  char *tmpl = g_build_filename (dir, name, NULL);
  int fd = g_mkstemp_full (tmpl, O_RDWR | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      set_errno_error (error, errno, _("Could not create a file in “%s”"), dir);
      g_free (tmpl);
      return NULL;
    }

  close (fd);
  return tmpl;
}

/* Only lower-case letters, digits and dashes go into a file name */
static char *
clean_reason (const char *reason)
{
  GString *clean = g_string_new (NULL);

  for (const char *p = reason; p != NULL && *p != '\0' && clean->len < 32; p++)
    {
      if (g_ascii_isalnum (*p))
        g_string_append_c (clean, g_ascii_tolower (*p));
      else if (clean->len > 0 && clean->str[clean->len - 1] != '-')
        g_string_append_c (clean, '-');
    }

  while (clean->len > 0 && clean->str[clean->len - 1] == '-')
    g_string_truncate (clean, clean->len - 1);

  return g_string_free (clean, FALSE);
}

static gboolean
is_backup_name (const char *name)
{
  gsize length = strlen (name);

  if (!g_str_has_prefix (name, NAME_PREFIX) || !g_str_has_suffix (name, NAME_SUFFIX))
    return FALSE;
  if (length < strlen (NAME_PREFIX) + NAME_TIME_LEN + strlen (NAME_SUFFIX))
    return FALSE;

  name += strlen (NAME_PREFIX);
  for (guint i = 0; i < NAME_TIME_LEN; i++)
    if (i == 8 ? name[i] != '-' : !g_ascii_isdigit (name[i]))
      return FALSE;

  return name[NAME_TIME_LEN] == '.' || name[NAME_TIME_LEN] == '-';
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  g_autofree char *name_a = g_path_get_basename (*(const char **) a);
  g_autofree char *name_b = g_path_get_basename (*(const char **) b);
  int by_time = strncmp (name_b, name_a, strlen (NAME_PREFIX) + NAME_TIME_LEN);

  GStatBuf st_a, st_b;

  if (by_time != 0)
    return by_time;

  /* Made in the same second: the file written last is the newer */
  if (g_stat (*(const char **) a, &st_a) == 0 && g_stat (*(const char **) b, &st_b) == 0)
    {
      if (st_a.st_mtim.tv_sec != st_b.st_mtim.tv_sec)
        return st_a.st_mtim.tv_sec < st_b.st_mtim.tv_sec ? 1 : -1;
      if (st_a.st_mtim.tv_nsec != st_b.st_mtim.tv_nsec)
        return st_a.st_mtim.tv_nsec < st_b.st_mtim.tv_nsec ? 1 : -1;
    }

  return strcmp (name_b, name_a);
}

static gboolean
check_one (sqlite3     *db,
           const char  *pragma,
           char       **out_result)
{
  sqlite3_stmt *stmt = NULL;
  GString *result = g_string_new (NULL);
  int rc;

  rc = sqlite3_prepare_v2 (db, pragma, -1, &stmt, NULL);
  while ((rc == SQLITE_OK || rc == SQLITE_ROW) && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      if (result->len > 0)
        g_string_append (result, "; ");
      g_string_append (result, (const char *) sqlite3_column_text (stmt, 0));
    }
  if (rc != SQLITE_DONE)
    g_string_assign (result, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);

  *out_result = g_string_free (result, FALSE);
  return rc == SQLITE_DONE && g_strcmp0 (*out_result, "ok") == 0;
}

/* Backups ----------------------------------------------------------------- */

/**
 * kontor_backup_dup_folder:
 * @db_path: (nullable): the database, %NULL for the default one
 *
 * Returns: the folder of the backups of @db_path: "backups" next to it.
 */
char *
kontor_backup_dup_folder (const char *db_path)
{
  g_autofree char *default_path = NULL;
  g_autofree char *dir = NULL;

  if (db_path == NULL || *db_path == '\0')
    db_path = default_path = kontor_repository_dup_default_path ();

  dir = g_path_get_dirname (db_path);
  return g_build_filename (dir, "backups", NULL);
}

static char *
free_backup_path (const char *folder,
                  const char *reason,
                  gint64      now)
{
  g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (now);
  g_autofree char *stamp = g_date_time_format (time, "%Y%m%d-%H%M%S");
  g_autofree char *clean = clean_reason (reason);

  for (guint n = 1;; n++)
    {
      g_autofree char *suffix = NULL;
      g_autofree char *name = NULL;
      char *path;

      if (*clean != '\0' && n > 1)
        suffix = g_strdup_printf ("-%s-%u", clean, n);
      else if (*clean != '\0')
        suffix = g_strdup_printf ("-%s", clean);
      else if (n > 1)
        suffix = g_strdup_printf ("-%u", n);
      else
        suffix = g_strdup ("");

      name = g_strconcat (NAME_PREFIX, stamp, suffix, NAME_SUFFIX, NULL);
      path = g_build_filename (folder, name, NULL);
      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        return path;
      g_free (path);
    }
}

/* Stepping through the copy lets a cancelled backup stop early; tests make
 * the steps small and look at each of them */
static int step_pages = 256;
static KontorBackupStepFunc step_func;
static gpointer step_data;

void
_kontor_backup_set_step_func (int                  pages_per_step,
                              KontorBackupStepFunc func,
                              gpointer             user_data)
{
  step_pages = pages_per_step > 0 ? pages_per_step : 256;
  step_func = func;
  step_data = user_data;
}

/* Copies @source into a private temporary file next to the backups and
 * gives it its backup name only when it is whole: a copy cut short (an
 * error, @cancellable, the program killed) never looks like a backup.
 * @pages_per_step -1 copies in one step. */
static gboolean
write_backup (sqlite3       *source,
              const char    *db_path,
              const char    *reason,
              gint64         now,
              int            pages_per_step,
              GCancellable  *cancellable,
              char         **out_path,
              GError       **error)
{
  g_autofree char *folder = NULL;
  g_autofree char *final_path = NULL;
  g_autofree char *tmp_path = NULL;
  sqlite3 *dest = NULL;
  sqlite3_backup *backup;
  guint busy = 0;
  int rc;

  folder = kontor_backup_dup_folder (db_path);
  if (!make_private_folder (folder, error))
    return FALSE;

  final_path = free_backup_path (folder, reason, now);
  tmp_path = make_temp_file (final_path, error);
  if (tmp_path == NULL)
    return FALSE;

  rc = sqlite3_open_v2 (tmp_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      backup = sqlite3_backup_init (dest, "main", source, "main");
      if (backup == NULL)
        rc = sqlite3_errcode (dest);
      else
        {
          do
            {
              if (g_cancellable_is_cancelled (cancellable))
                break;

              rc = sqlite3_backup_step (backup, pages_per_step);
              if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && busy++ < MAX_BUSY_RETRIES)
                sqlite3_sleep (20);
              else if (step_func != NULL && pages_per_step > 0)
                step_func (sqlite3_backup_remaining (backup), sqlite3_backup_pagecount (backup),
                           step_data);
            }
          while (rc == SQLITE_OK ||
                 ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) && busy <= MAX_BUSY_RETRIES));

          if (rc == SQLITE_DONE)
            rc = sqlite3_backup_finish (backup);
          else
            sqlite3_backup_finish (backup);
        }
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    {
      sqlite3_close (dest);
      g_unlink (tmp_path);
      return FALSE;
    }

  /* The copy of a WAL file says WAL in its header: make it one file */
  if (rc == SQLITE_OK)
    rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    {
      _kontor_set_sqlite_error (dest, rc, error);
      g_prefix_error (error, _("Could not back up the database to “%s”: "), final_path);
      sqlite3_close (dest);
      g_unlink (tmp_path);
      return FALSE;
    }
  sqlite3_close (dest);

  if (!fsync_path (tmp_path, FALSE, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  /* Another backup may have taken the name while this one was copied */
  if (g_file_test (final_path, G_FILE_TEST_EXISTS))
    {
      g_free (final_path);
      final_path = free_backup_path (folder, reason, now);
    }

  if (g_rename (tmp_path, final_path) != 0)
    {
      int saved = errno;

      g_unlink (tmp_path);
      return set_errno_error (error, saved, _("Could not save the backup “%s”"), final_path);
    }

  if (!fsync_path (folder, TRUE, error))
    return FALSE;

  g_debug ("Backed up %s to %s", db_path, final_path);
  if (out_path != NULL)
    *out_path = g_steal_pointer (&final_path);

  return TRUE;
}

/**
 * kontor_backup_create:
 * @repository: the open database
 * @reason: (nullable): a word for the file name ("import", "migration")
 * @out_path: (out) (optional): the new backup
 * @error: return location for a #GError
 *
 * Copies the committed state of @repository into a new backup. Call it
 * outside of a transaction.
 */
gboolean
kontor_backup_create (KontorRepository  *repository,
                      const char        *reason,
                      char             **out_path,
                      GError           **error)
{
  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);

  return write_backup (_kontor_repository_get_db (repository),
                       kontor_repository_get_path (repository), reason, _kontor_now (), -1,
                       NULL, out_path, error);
}

/**
 * kontor_backup_list:
 * @db_path: (nullable): the database, %NULL for the default one
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type utf8): the paths of the backups of
 * @db_path, newest first; empty when there is none.
 */
GPtrArray *
kontor_backup_list (const char  *db_path,
                    GError     **error)
{
  g_autofree char *folder = kontor_backup_dup_folder (db_path);
  g_autoptr(GPtrArray) paths = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = g_dir_open (folder, 0, &local_error);
  const char *name;

  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&paths);

      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_IO, "%s", local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    if (is_backup_name (name))
      g_ptr_array_add (paths, g_build_filename (folder, name, NULL));

  g_ptr_array_sort (paths, compare_newest_first);
  return g_steal_pointer (&paths);
}

/**
 * kontor_backup_get_time:
 * @backup_path: a path from kontor_backup_list()
 *
 * Returns: (transfer full) (nullable): when the backup was made, local time
 */
GDateTime *
kontor_backup_get_time (const char *backup_path)
{
  g_autofree char *name = g_path_get_basename (backup_path);
  g_autoptr(GTimeZone) zone = g_time_zone_new_local ();
  const char *t;

  if (!is_backup_name (name))
    return NULL;

  t = name + strlen (NAME_PREFIX);
  {
    char year[5] = { t[0], t[1], t[2], t[3], 0 };
    char month[3] = { t[4], t[5], 0 };
    char day[3] = { t[6], t[7], 0 };
    char hour[3] = { t[9], t[10], 0 };
    char minute[3] = { t[11], t[12], 0 };
    char second[3] = { t[13], t[14], 0 };

    return g_date_time_new (zone, atoi (year), atoi (month), atoi (day), atoi (hour),
                            atoi (minute), atoi (second));
  }
}

/**
 * kontor_backup_dup_reason:
 * @backup_path: a path from kontor_backup_list()
 *
 * Returns: (transfer full): the reason part of the name ("import",
 * "migration", "" for a daily or manual backup)
 */
char *
kontor_backup_dup_reason (const char *backup_path)
{
  g_autofree char *name = g_path_get_basename (backup_path);
  const char *rest;

  if (!is_backup_name (name))
    return g_strdup ("");

  rest = name + strlen (NAME_PREFIX) + NAME_TIME_LEN;
  if (*rest != '-')
    return g_strdup ("");

  return g_strndup (rest + 1, strlen (rest + 1) - strlen (NAME_SUFFIX));
}

/* A copy cut short by a crash leaves its temporary file; a day later it
 * is surely no copy still being written */
static void
remove_stale_temp_files (const char *db_path)
{
  g_autofree char *folder = kontor_backup_dup_folder (db_path);
  g_autoptr(GDir) dir = g_dir_open (folder, 0, NULL);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      GStatBuf st;

      if (!g_str_has_prefix (name, "." NAME_PREFIX) || strstr (name, ".tmp-") == NULL)
        continue;

      path = g_build_filename (folder, name, NULL);
      if (g_stat (path, &st) == 0 && now - (gint64) st.st_mtime > SECONDS_PER_DAY)
        g_unlink (path);
    }
}

static gboolean
rotate_at (const char  *db_path,
           guint        keep_daily,
           guint        keep_weekly,
           gint64       now,
           GError     **error)
{
  g_autoptr(GPtrArray) paths = kontor_backup_list (db_path, error);
  g_autoptr(GHashTable) days = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) weeks = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (paths == NULL)
    return FALSE;

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(GDateTime) time = kontor_backup_get_time (path);
      g_autofree char *day = NULL;
      g_autofree char *week = NULL;
      gboolean keep = i == 0;

      if (time == NULL)
        continue;

      keep |= now - g_date_time_to_unix (time) < SECONDS_PER_DAY;

      day = g_date_time_format (time, "%Y%m%d");
      if (!g_hash_table_contains (days, day) && g_hash_table_size (days) < keep_daily)
        keep = TRUE;
      g_hash_table_add (days, g_steal_pointer (&day));

      week = g_date_time_format (time, "%G%V");
      if (!g_hash_table_contains (weeks, week) && g_hash_table_size (weeks) < keep_weekly)
        keep = TRUE;
      g_hash_table_add (weeks, g_steal_pointer (&week));

      if (!keep && g_unlink (path) != 0 && errno != ENOENT)
        return set_errno_error (error, errno, _("Could not delete the old backup “%s”"), path);
    }

  remove_stale_temp_files (db_path);
  return TRUE;
}

/**
 * kontor_backup_rotate:
 * @db_path: (nullable): the database
 * @keep_daily: how many days keep their newest backup
 * @keep_weekly: how many weeks keep their newest backup
 * @error: return location for a #GError
 *
 * Deletes the backups nobody needs: kept are the newest one, every backup of
 * the last 24 hours, the newest of each of the last @keep_daily days that
 * have backups and the newest of each of the last @keep_weekly weeks.
 */
gboolean
kontor_backup_rotate (const char  *db_path,
                      guint        keep_daily,
                      guint        keep_weekly,
                      GError     **error)
{
  return rotate_at (db_path, keep_daily, keep_weekly, _kontor_now (), error);
}

static gboolean
backed_up_on_day_of (const char  *db_path,
                     gint64       now,
                     gboolean    *out_done,
                     GError     **error)
{
  g_autoptr(GPtrArray) paths = kontor_backup_list (db_path, error);
  g_autoptr(GDateTime) time_now = g_date_time_new_from_unix_local (now);
  g_autofree char *today = g_date_time_format (time_now, "%Y%m%d");
  gboolean done = FALSE;

  if (paths == NULL)
    return FALSE;

  for (guint i = 0; i < paths->len && !done; i++)
    {
      g_autoptr(GDateTime) time = kontor_backup_get_time (g_ptr_array_index (paths, i));
      g_autofree char *day = time ? g_date_time_format (time, "%Y%m%d") : NULL;

      done = g_strcmp0 (day, today) == 0;
    }

  *out_done = done;
  return TRUE;
}

/**
 * kontor_backup_maybe_daily:
 * @repository: the database just opened
 * @keep_daily: see kontor_backup_rotate()
 * @keep_weekly: see kontor_backup_rotate()
 * @out_path: (out) (optional) (nullable): the new backup, %NULL if none was
 *   needed
 * @error: return location for a #GError
 *
 * Makes a backup unless one was made today, then rotates the backups. See
 * kontor_backup_maybe_daily_async() for the one that does not block.
 */
gboolean
kontor_backup_maybe_daily (KontorRepository  *repository,
                           guint              keep_daily,
                           guint              keep_weekly,
                           char             **out_path,
                           GError           **error)
{
  const char *db_path = kontor_repository_get_path (repository);
  gint64 now = _kontor_now ();
  gboolean done_today = FALSE;

  if (!backed_up_on_day_of (db_path, now, &done_today, error))
    return FALSE;

  if (!done_today && !kontor_backup_create (repository, NULL, out_path, error))
    return FALSE;
  if (done_today && out_path != NULL)
    *out_path = NULL;

  return rotate_at (db_path, keep_daily, keep_weekly, now, error);
}

typedef struct
{
  char   *db_path;
  char   *reason;
  guint   keep_daily;
  guint   keep_weekly;
  gint64  now;
} DailyJob;

static void
daily_job_free (DailyJob *job)
{
  g_free (job->db_path);
  g_free (job->reason);
  g_free (job);
}

/* A connection of the worker's own, which never writes */
static gboolean
backup_with_own_connection (const char    *db_path,
                            const char    *reason,
                            gint64         now,
                            GCancellable  *cancellable,
                            char         **out_path,
                            GError       **error)
{
  sqlite3 *source = NULL;
  gboolean ok;
  int rc;

  rc = sqlite3_open_v2 (db_path, &source, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (source, 5000);
      /* One read transaction for the whole copy: what the window writes
       * meanwhile goes to the WAL and does not make the copy start over */
      rc = sqlite3_exec (source, "BEGIN; SELECT count(*) FROM sqlite_schema", NULL, NULL, NULL);
    }

  if (rc != SQLITE_OK)
    {
      _kontor_set_sqlite_error (source, rc, error);
      g_prefix_error (error, _("Could not open “%s”: "), db_path);
      sqlite3_close (source);
      return FALSE;
    }

  ok = write_backup (source, db_path, reason, now, step_pages, cancellable, out_path, error);

  sqlite3_exec (source, "ROLLBACK", NULL, NULL, NULL);
  sqlite3_close (source);
  return ok;
}

static void
daily_thread (GTask        *task,
              gpointer      source_object,
              gpointer      task_data,
              GCancellable *cancellable)
{
  DailyJob *job = task_data;
  g_autofree char *path = NULL;
  gboolean done_today = FALSE;
  GError *error = NULL;

  if (!backed_up_on_day_of (job->db_path, job->now, &done_today, &error) ||
      (!done_today &&
       !backup_with_own_connection (job->db_path, NULL, job->now, cancellable, &path,
                                    &error)) ||
      !rotate_at (job->db_path, job->keep_daily, job->keep_weekly, job->now, &error))
    {
      g_task_return_error (task, error);
      return;
    }

  /* "" when no backup was needed today */
  g_task_return_pointer (task, path != NULL ? g_steal_pointer (&path) : g_strdup (""), g_free);
}

/**
 * kontor_backup_maybe_daily_async:
 * @repository: the database just opened
 * @keep_daily: see kontor_backup_rotate()
 * @keep_weekly: see kontor_backup_rotate()
 * @cancellable: (nullable): stops the copy between two steps
 * @callback: called when done
 * @user_data: for @callback
 *
 * Like kontor_backup_maybe_daily(), in a worker thread that reads the file
 * through a read-only connection of its own, so the window goes on using
 * @repository meanwhile. The copy is of the state committed when it starts.
 * A cancelled or failed copy leaves no backup behind.
 */
void
kontor_backup_maybe_daily_async (KontorRepository    *repository,
                                 guint                keep_daily,
                                 guint                keep_weekly,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DailyJob *job;

  g_return_if_fail (KONTOR_IS_REPOSITORY (repository));

  job = g_new0 (DailyJob, 1);
  job->db_path = g_strdup (kontor_repository_get_path (repository));
  job->keep_daily = keep_daily;
  job->keep_weekly = keep_weekly;
  job->now = _kontor_now ();

  /* No source object: the repository must never be dropped in the worker */
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kontor_backup_maybe_daily_async);
  g_task_set_task_data (task, job, (GDestroyNotify) daily_job_free);
  g_task_run_in_thread (task, daily_thread);
}

/**
 * kontor_backup_maybe_daily_finish:
 * @result: the result given to the callback
 * @out_path: (out) (optional) (nullable): the new backup, %NULL if none was
 *   needed
 * @error: return location for a #GError; %G_IO_ERROR_CANCELLED when
 *   cancelled
 */
gboolean
kontor_backup_maybe_daily_finish (GAsyncResult  *result,
                                  char         **out_path,
                                  GError       **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) ==
                        kontor_backup_maybe_daily_async, FALSE);

  path = g_task_propagate_pointer (G_TASK (result), error);
  if (path == NULL)
    return FALSE;

  if (out_path != NULL)
    *out_path = *path != '\0' ? g_steal_pointer (&path) : NULL;

  return TRUE;
}

static void
create_thread (GTask        *task,
               gpointer      source_object,
               gpointer      task_data,
               GCancellable *cancellable)
{
  DailyJob *job = task_data;
  char *path = NULL;
  GError *error = NULL;

  if (!backup_with_own_connection (job->db_path, job->reason, job->now, cancellable, &path,
                                   &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, path, g_free);
}

/**
 * kontor_backup_create_async:
 * @repository: the open database
 * @reason: (nullable): a word for the file name
 * @cancellable: (nullable): stops the copy between two steps
 * @callback: called when done
 * @user_data: for @callback
 *
 * Like kontor_backup_create(), in a worker thread with a read-only
 * connection of its own (see kontor_backup_maybe_daily_async()): "Back Up
 * Now" does not hold the window while a big file is copied.
 */
void
kontor_backup_create_async (KontorRepository    *repository,
                            const char          *reason,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  DailyJob *job;

  g_return_if_fail (KONTOR_IS_REPOSITORY (repository));

  job = g_new0 (DailyJob, 1);
  job->db_path = g_strdup (kontor_repository_get_path (repository));
  job->reason = g_strdup (reason);
  job->now = _kontor_now ();

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, kontor_backup_create_async);
  g_task_set_task_data (task, job, (GDestroyNotify) daily_job_free);
  g_task_run_in_thread (task, create_thread);
}

/**
 * kontor_backup_create_finish:
 * @result: the result given to the callback
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the new backup, %NULL on error
 */
char *
kontor_backup_create_finish (GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == kontor_backup_create_async,
                        NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/**
 * kontor_backup_verify:
 * @backup_path: a backup (or any Kontor database file)
 * @error: return location for a #GError
 *
 * Checks, without writing to it, that @backup_path is a whole SQLite file
 * (PRAGMA integrity_check) of a schema version this Kontor can open.
 */
gboolean
kontor_backup_verify (const char  *backup_path,
                      GError     **error)
{
  g_autofree char *result = NULL;
  g_autofree char *absolute = NULL;
  g_autofree char *uri = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 version = -1;
  int rc;

  /* immutable: no lock, no journal, no WAL is created or replayed */
  absolute = g_canonicalize_filename (backup_path, NULL);
  uri = g_filename_to_uri (absolute, NULL, NULL);
  if (uri != NULL)
    {
      g_autofree char *with_query = g_strconcat (uri, "?immutable=1", NULL);

      rc = sqlite3_open_v2 (with_query, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    }
  else
    rc = SQLITE_CANTOPEN;

  if (rc == SQLITE_OK)
    {
      sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
      if (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        version = sqlite3_column_int64 (stmt, 0);
      sqlite3_finalize (stmt);
    }

  if (rc != SQLITE_OK || version < 0 || !check_one (db, "PRAGMA integrity_check", &result))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT,
                   _("The backup “%s” is damaged: %s"), backup_path,
                   result != NULL ? result : sqlite3_errstr (rc));
      sqlite3_close (db);
      return FALSE;
    }
  sqlite3_close (db);

  if (version == 0 || version > (gint64) kontor_repository_get_schema_version ())
    {
      g_set_error (error, KONTOR_ERROR,
                   version == 0 ? KONTOR_ERROR_CORRUPT : KONTOR_ERROR_TOO_NEW,
                   _("“%s” is not a Kontor database this version can open (schema %"
                     PRId64 ")"), backup_path, version);
      return FALSE;
    }

  return TRUE;
}

/**
 * kontor_backup_find_newest_good:
 * @db_path: (nullable): the database
 *
 * Returns: (transfer full) (nullable): the newest backup of @db_path that
 * passes kontor_backup_verify(), or %NULL
 */
char *
kontor_backup_find_newest_good (const char *db_path)
{
  g_autoptr(GPtrArray) paths = kontor_backup_list (db_path, NULL);

  for (guint i = 0; paths != NULL && i < paths->len; i++)
    {
      g_autoptr(GError) error = NULL;

      if (kontor_backup_verify (g_ptr_array_index (paths, i), &error))
        return g_strdup (g_ptr_array_index (paths, i));
      g_debug ("Skipping a backup: %s", error->message);
    }

  return NULL;
}

static gboolean
copy_file_contents (const char  *from,
                    const char  *to,
                    GError     **error)
{
  char buffer[64 * 1024];
  int in = g_open (from, O_RDONLY | O_CLOEXEC, 0);
  int out;
  int saved = 0;
  gssize n = 0;

  if (in < 0)
    return set_errno_error (error, errno, _("Could not open “%s”"), from);

  out = g_open (to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (out < 0)
    {
      saved = errno;
      close (in);
      return set_errno_error (error, saved, _("Could not open “%s”"), to);
    }

  while ((n = read (in, buffer, sizeof buffer)) != 0)
    {
      gssize written = 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          saved = errno;
          break;
        }
      while (written < n)
        {
          gssize w = write (out, buffer + written, n - written);

          if (w < 0 && errno == EINTR)
            continue;
          if (w < 0)
            {
              saved = errno;
              break;
            }
          written += w;
        }
      if (saved != 0)
        break;
    }

  if (saved == 0 && fsync (out) != 0)
    saved = errno;

  close (in);
  if (close (out) != 0 && saved == 0)
    saved = errno;

  if (saved != 0)
    return set_errno_error (error, saved, _("Could not write “%s”"), to);

  return TRUE;
}

/**
 * kontor_backup_restore:
 * @backup_path: the backup to bring back
 * @target_path: (nullable): the database to replace, %NULL for the default
 * @error: return location for a #GError
 *
 * Replaces @target_path by a copy of @backup_path after checking the
 * backup. The replaced file (and its -wal file) are kept as
 * "@target_path.before-restore". No repository may have @target_path open.
 */
gboolean
kontor_backup_restore (const char  *backup_path,
                       const char  *target_path,
                       GError     **error)
{
  g_autofree char *default_path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *tmp_path = NULL;
  g_autofree char *before = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *before_wal = NULL;
  g_autofree char *shm = NULL;

  g_return_val_if_fail (backup_path != NULL, FALSE);

  if (target_path == NULL || *target_path == '\0')
    target_path = default_path = kontor_repository_dup_default_path ();

  if (!kontor_backup_verify (backup_path, error))
    return FALSE;

  folder = g_path_get_dirname (target_path);
  if (g_mkdir_with_parents (folder, 0700) != 0)
    return set_errno_error (error, errno, _("Could not create the folder “%s”"), folder);

  tmp_path = make_temp_file (target_path, error);
  if (tmp_path == NULL)
    return FALSE;

  if (!copy_file_contents (backup_path, tmp_path, error) ||
      !kontor_backup_verify (tmp_path, error))
    {
      g_unlink (tmp_path);
      return FALSE;
    }

  before = g_strconcat (target_path, ".before-restore", NULL);
  before_wal = g_strconcat (before, "-wal", NULL);
  wal = g_strconcat (target_path, "-wal", NULL);
  shm = g_strconcat (target_path, "-shm", NULL);

  if (g_file_test (target_path, G_FILE_TEST_EXISTS))
    {
      /* The old file keeps its inode under the new name: no copy, no gap.
       * Where hard links are not possible it is copied. */
      if ((g_unlink (before) != 0 && errno != ENOENT) ||
          (g_unlink (before_wal) != 0 && errno != ENOENT) ||
          (link (target_path, before) != 0 && !copy_file_contents (target_path, before, NULL)))
        {
          int saved = errno;

          g_unlink (tmp_path);
          return set_errno_error (error, saved, _("Could not keep the old database as “%s”"),
                                  before);
        }
    }

  /* A -wal left next to the new file would be replayed into it */
  if ((g_file_test (wal, G_FILE_TEST_EXISTS) && g_rename (wal, before_wal) != 0) ||
      (g_unlink (shm) != 0 && errno != ENOENT))
    {
      int saved = errno;

      g_unlink (tmp_path);
      return set_errno_error (error, saved, _("Could not move “%s” aside"), wal);
    }

  if (g_rename (tmp_path, target_path) != 0)
    {
      int saved = errno;

      g_unlink (tmp_path);
      return set_errno_error (error, saved, _("Could not replace “%s”"), target_path);
    }

  return fsync_path (folder, TRUE, error);
}

/* Opening safely ---------------------------------------------------------- */

static char *
dup_marker_path (const char *path)
{
  return g_strconcat (path, ".open", NULL);
}

/* quick_check reads every page: about 0.7 s on a database of 100 000
 * records, so it runs only after a session that did not end cleanly. */
static gboolean
quick_check (const char  *path,
             GError     **error)
{
  g_autofree char *result = NULL;
  g_autofree char *backup = NULL;
  sqlite3 *db = NULL;
  int rc;

  rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
  if (rc == SQLITE_OK)
    {
      /* Closing must not checkpoint a damaged WAL into the file */
      sqlite3_db_config (db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
      sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
      if (check_one (db, "PRAGMA quick_check", &result))
        {
          sqlite3_close (db);
          return TRUE;
        }
    }
  else
    result = g_strdup (sqlite3_errstr (rc));
  sqlite3_close (db);

  backup = kontor_backup_find_newest_good (path);
  if (backup != NULL)
    g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT,
                 _("The database “%s” is damaged (%s). It was not changed. "
                   "The newest good backup is “%s”."), path, result, backup);
  else
    g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT,
                 _("The database “%s” is damaged (%s). It was not changed. "
                   "No good backup of it was found."), path, result);

  return FALSE;
}

/**
 * kontor_repository_open_checked:
 * @path: (nullable): the database, %NULL for the default one
 * @flags: #KontorOpenCheckedFlags
 * @error: return location for a #GError
 *
 * Like kontor_repository_open(), but when the previous session did not end
 * with kontor_repository_mark_closed() (or with
 * %KONTOR_OPEN_CHECKED_ALWAYS_CHECK) the file is first checked with
 * PRAGMA quick_check; a damaged file is refused untouched with
 * %KONTOR_ERROR_CORRUPT and a message naming the newest good backup (see
 * kontor_backup_find_newest_good() to offer it).
 *
 * Returns: (transfer full) (nullable): the repository
 */
KontorRepository *
kontor_repository_open_checked (const char              *path,
                                KontorOpenCheckedFlags   flags,
                                GError                 **error)
{
  g_autofree char *default_path = NULL;
  g_autofree char *marker = NULL;
  g_autoptr(KontorRepository) repository = NULL;
  g_autoptr(GError) marker_error = NULL;
  g_autofree char *pid = NULL;

  if (path == NULL || *path == '\0')
    path = default_path = kontor_repository_dup_default_path ();

  marker = dup_marker_path (path);

  if (g_file_test (path, G_FILE_TEST_IS_REGULAR) &&
      ((flags & KONTOR_OPEN_CHECKED_ALWAYS_CHECK) || g_file_test (marker, G_FILE_TEST_EXISTS)) &&
      !quick_check (path, error))
    return NULL;

  repository = kontor_repository_open (path, error);
  if (repository == NULL)
    return NULL;

  pid = g_strdup_printf ("%d\n", (int) getpid ());
  if (!g_file_set_contents_full (marker, pid, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &marker_error))
    g_debug ("Could not write %s: %s", marker, marker_error->message);

  return g_steal_pointer (&repository);
}

/**
 * kontor_repository_open_checked_is_long:
 * @path: (nullable): the database file, %NULL for the default one
 * @flags: as for kontor_repository_open_checked()
 *
 * Whether kontor_repository_open_checked() will have more to do than open
 * the file: check every page of it after a session that did not end
 * cleanly, or upgrade its schema (backing it up first). On a large
 * database either takes seconds to minutes, which a window should show
 * rather than freeze through. Reads the file's version only.
 *
 * Returns: %TRUE when the open will check or upgrade the file
 */
gboolean
kontor_repository_open_checked_is_long (const char             *path,
                                        KontorOpenCheckedFlags  flags)
{
  g_autofree char *default_path = NULL;
  g_autofree char *marker = NULL;
  sqlite3 *db = NULL;
  gint64 version = 0;

  if (path == NULL || *path == '\0')
    path = default_path = kontor_repository_dup_default_path ();

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return FALSE;

  marker = dup_marker_path (path);
  if ((flags & KONTOR_OPEN_CHECKED_ALWAYS_CHECK) || g_file_test (marker, G_FILE_TEST_EXISTS))
    return TRUE;

  if (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK ||
      !_kontor_read_user_version (db, &version, NULL))
    version = 0;
  sqlite3_close (db);

  /* A file of another program or from the future is refused at once */
  return version > 0 && version < (gint64) kontor_repository_get_schema_version ();
}

/**
 * kontor_repository_mark_closed:
 * @path: (nullable): the database opened with kontor_repository_open_checked()
 *
 * Records that the session ended cleanly, so that the next start skips the
 * check. Call it after the last reference to the repository is dropped.
 */
void
kontor_repository_mark_closed (const char *path)
{
  g_autofree char *default_path = NULL;
  g_autofree char *marker = NULL;

  if (path == NULL || *path == '\0')
    path = default_path = kontor_repository_dup_default_path ();

  marker = dup_marker_path (path);
  g_unlink (marker);
}

/* Privacy ----------------------------------------------------------------- */

/**
 * kontor_check_folder_private:
 * @path: (nullable): a database file, %NULL for the default one
 * @error: return location for a #GError
 *
 * Returns: %FALSE with a translated warning for the user in @error when the
 * folder holding @path (or the file itself) can be written or read by other
 * users of this computer.
 */
gboolean
kontor_check_folder_private (const char  *path,
                             GError     **error)
{
  g_autofree char *default_path = NULL;
  g_autofree char *folder = NULL;
  GStatBuf st;

  if (path == NULL || *path == '\0')
    path = default_path = kontor_repository_dup_default_path ();

  folder = g_path_get_dirname (path);
  if (g_stat (folder, &st) == 0 && (st.st_mode & (S_IWGRP | S_IWOTH)) != 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_FAILED,
                   _("Other users of this computer can change the folder “%s” that holds "
                     "the database. Move the database to a private folder."), folder);
      return FALSE;
    }

  if (g_stat (path, &st) == 0 && (st.st_mode & (S_IRWXG | S_IRWXO)) != 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_FAILED,
                   _("Other users of this computer can read the database “%s”."), path);
      return FALSE;
    }

  return TRUE;
}
