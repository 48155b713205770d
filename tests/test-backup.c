/* test-backup.c: backups, rotation, restoring, opening a damaged file, drafts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>
#include <utime.h>

#include "kontor-backup-private.h"
#include "kontor-core.h"
#include "kontor-test-util.h"

#define DAY 86400
#define START 1767261600  /* 2026-01-01 13:00 Moscow */

typedef KontorTestFixture Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_setenv ("KONTOR_NOW", G_STRINGIFY (START), TRUE);
  kontor_test_fixture_setup (f, data);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kontor_test_fixture_teardown (f, data);
  g_unsetenv ("KONTOR_NOW");
}

static void
set_now (gint64 now)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, now);

  g_setenv ("KONTOR_NOW", text, TRUE);
}

static void
add_contacts (KontorRepository *repo,
              guint             n)
{
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KontorEntity) contact = kontor_test_add_contact (repo, "Иван", "Петров");
    }
}

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
test_create_makes_a_private_copy (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *wal = NULL;

  add_contacts (f->repo, 3);
  g_assert_true (kontor_backup_create (f->repo, "Import", &path, &error));
  g_assert_no_error (error);

  folder = g_build_filename (f->dir, "backups", NULL);
  g_assert_true (g_str_has_prefix (path, folder));
  name = g_path_get_basename (path);
  g_assert_cmpstr (name, ==, "kontor-20260101-130000-import.db");
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpuint (file_mode (folder), ==, 0700);

  /* One self-contained file with the data */
  wal = g_strconcat (path, "-wal", NULL);
  g_assert_false (g_file_test (wal, G_FILE_TEST_EXISTS));
  g_assert_true (kontor_backup_verify (path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kontor_test_query_int (path, "SELECT count(*) FROM contacts"), ==, 3);

  /* A path relative to the current folder, as kontor-cli may get it */
  {
    g_autofree char *cwd = g_get_current_dir ();

    g_assert_cmpint (g_chdir (f->dir), ==, 0);
    g_assert_true (kontor_backup_verify ("backups/kontor-20260101-130000-import.db", &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_chdir (cwd), ==, 0);
  }

  /* A second one in the same second gets a name of its own */
  g_clear_pointer (&path, g_free);
  g_assert_true (kontor_backup_create (f->repo, NULL, &path, &error));
  g_assert_no_error (error);
  g_clear_pointer (&name, g_free);
  name = g_path_get_basename (path);
  g_assert_cmpstr (name, ==, "kontor-20260101-130000.db");

  list = kontor_backup_list (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);
  reason = kontor_backup_dup_reason (g_ptr_array_index (list, 1));
  g_assert_cmpstr (reason, ==, "import");
}

static void
test_daily_backup_and_rotation (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *first = NULL;
  g_autofree char *again = NULL;
  g_autofree char *newest = NULL;

  g_assert_true (kontor_backup_maybe_daily (f->repo, 7, 4, &first, &error));
  g_assert_no_error (error);
  g_assert_nonnull (first);

  /* Later the same day: nothing new */
  set_now (START + 3600);
  g_assert_true (kontor_backup_maybe_daily (f->repo, 7, 4, &again, &error));
  g_assert_no_error (error);
  g_assert_null (again);

  /* Sixty days of work, one start a day */
  for (guint day = 1; day <= 60; day++)
    {
      g_autofree char *made = NULL;

      set_now (START + day * DAY);
      add_contacts (f->repo, 1);
      g_assert_true (kontor_backup_maybe_daily (f->repo, 7, 4, &made, &error));
      g_assert_no_error (error);
      g_assert_nonnull (made);
      if (day == 60)
        newest = g_steal_pointer (&made);
    }

  list = kontor_backup_list (f->path, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    g_test_message ("kept %s", (const char *) g_ptr_array_index (list, i));

  /* The last 7 days, and the newest of each of the 4 newest weeks */
  g_assert_cmpuint (list->len, >=, 7);
  g_assert_cmpuint (list->len, <=, 7 + 4);
  g_assert_cmpstr (g_ptr_array_index (list, 0), ==, newest);
  for (guint i = 0; i < 7; i++)
    {
      g_autoptr(GDateTime) time = kontor_backup_get_time (g_ptr_array_index (list, i));

      g_assert_cmpint (g_date_time_to_unix (time), ==, START + (60 - i) * DAY);
    }
  {
    g_autoptr(GDateTime) oldest = kontor_backup_get_time (g_ptr_array_index (list,
                                                                             list->len - 1));

    g_assert_cmpint (g_date_time_to_unix (oldest), >, START + 60 * DAY - 5 * 7 * DAY);
    g_assert_cmpint (g_date_time_to_unix (oldest), <, START + 60 * DAY - 7 * DAY);
  }
  g_assert_false (g_file_test (first, G_FILE_TEST_EXISTS));
}

static void
on_async_done (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return *result;
}

static void
assert_same_count (const char *a,
                   const char *b,
                   const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s", table);
  gint64 count = kontor_test_query_int (a, sql);

  g_assert_cmpint (count, >, 0);
  g_assert_cmpint (kontor_test_query_int (b, sql), ==, count);
}

static void
test_daily_async_copies_in_a_worker (Fixture       *f,
                                     gconstpointer  data)
{
  const char * const tables[] = { "contacts", "companies", "deals", "activities", "timeline" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) again = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *path = NULL;
  g_autofree char *none = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *mode = NULL;
  gboolean ok;

  g_assert_true (kontor_demo_fill (f->repo, 60, 3, &error));
  g_assert_no_error (error);

  kontor_backup_maybe_daily_async (f->repo, 7, 4, NULL, on_async_done, &result);
  g_assert_null (result);
  ok = kontor_backup_maybe_daily_finish (wait_for_result (&result), &path, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_nonnull (path);

  /* A whole, private copy with every row, found among the backups */
  g_assert_true (kontor_backup_verify (path, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    assert_same_count (f->path, path, tables[i]);
  mode = kontor_test_query_text (path, "PRAGMA journal_mode");
  g_assert_cmpstr (mode, ==, "delete");
  folder = g_path_get_dirname (path);
  g_assert_cmpuint (file_mode (folder), ==, 0700);
  g_assert_cmpuint (file_mode (path), ==, 0600);
  list = kontor_backup_list (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (list, 0), ==, path);

  /* Later the same day there is nothing to do */
  set_now (START + 3600);
  kontor_backup_maybe_daily_async (f->repo, 7, 4, NULL, on_async_done, &again);
  ok = kontor_backup_maybe_daily_finish (wait_for_result (&again), &none, &error);
  g_assert_no_error (error);
  g_assert_true (ok);
  g_assert_null (none);
}

typedef struct
{
  GMutex   mutex;
  GCond    cond;
  gboolean copying;
  gboolean written;
} Meanwhile;

/* In the worker: the first step waits until the window has written */
static void
wait_for_write (int      remaining,
                int      page_count,
                gpointer user_data)
{
  Meanwhile *meanwhile = user_data;

  g_mutex_lock (&meanwhile->mutex);
  meanwhile->copying = TRUE;
  g_cond_broadcast (&meanwhile->cond);
  while (!meanwhile->written)
    g_cond_wait (&meanwhile->cond, &meanwhile->mutex);
  g_mutex_unlock (&meanwhile->mutex);
}

static void
test_daily_async_lets_the_window_write (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autofree char *path = NULL;
  Meanwhile meanwhile = { 0, };
  gint64 before;

  g_mutex_init (&meanwhile.mutex);
  g_cond_init (&meanwhile.cond);
  g_assert_true (kontor_demo_fill (f->repo, 60, 3, &error));
  g_assert_no_error (error);
  before = kontor_repository_count (f->repo, KONTOR_TYPE_CONTACT, NULL);

  _kontor_backup_set_step_func (4, wait_for_write, &meanwhile);
  kontor_backup_maybe_daily_async (f->repo, 7, 4, NULL, on_async_done, &result);

  /* While the copy is half done the window's connection saves at once */
  g_mutex_lock (&meanwhile.mutex);
  while (!meanwhile.copying)
    g_cond_wait (&meanwhile.cond, &meanwhile.mutex);
  g_mutex_unlock (&meanwhile.mutex);
  {
    g_autoptr(KontorEntity) contact = kontor_test_add_contact (f->repo, "Ольга", "Белова");
  }
  g_mutex_lock (&meanwhile.mutex);
  meanwhile.written = TRUE;
  g_cond_broadcast (&meanwhile.cond);
  g_mutex_unlock (&meanwhile.mutex);

  g_assert_true (kontor_backup_maybe_daily_finish (wait_for_result (&result), &path, &error));
  _kontor_backup_set_step_func (0, NULL, NULL);
  g_assert_no_error (error);

  /* The backup is the state from when the copy began */
  g_assert_true (kontor_backup_verify (path, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kontor_test_query_int (path, "SELECT count(*) FROM contacts"), ==, before);
  g_assert_cmpint (kontor_repository_count (f->repo, KONTOR_TYPE_CONTACT, NULL), ==, before + 1);

  g_mutex_clear (&meanwhile.mutex);
  g_cond_clear (&meanwhile.cond);
}

typedef struct
{
  GCancellable *cancellable;
  int           remaining;
  int           page_count;
  guint         steps;
} CancelMidway;

/* In the worker, after each step */
static void
cancel_after_first_step (int      remaining,
                         int      page_count,
                         gpointer user_data)
{
  CancelMidway *midway = user_data;

  if (midway->steps++ == 0)
    {
      midway->remaining = remaining;
      midway->page_count = page_count;
      g_cancellable_cancel (midway->cancellable);
    }
}

static void
test_daily_async_cancelled_leaves_nothing (Fixture       *f,
                                           gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDir) dir = NULL;
  g_autofree char *folder = g_build_filename (f->dir, "backups", NULL);
  g_autofree char *path = NULL;
  g_autofree char *stale = NULL;
  g_autofree char *fresh = NULL;
  struct utimbuf times;
  CancelMidway midway = { cancellable, -1, -1, 0 };

  g_assert_true (kontor_demo_fill (f->repo, 60, 3, &error));
  g_assert_no_error (error);

  _kontor_backup_set_step_func (4, cancel_after_first_step, &midway);
  kontor_backup_maybe_daily_async (f->repo, 7, 4, cancellable, on_async_done, &result);
  g_assert_false (kontor_backup_maybe_daily_finish (wait_for_result (&result), &path, &error));
  _kontor_backup_set_step_func (0, NULL, NULL);

  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (path);
  g_clear_error (&error);

  /* It stopped midway, after one step of four pages */
  g_assert_cmpuint (midway.steps, ==, 1);
  g_assert_cmpint (midway.page_count, >, 8);
  g_assert_cmpint (midway.remaining, ==, midway.page_count - 4);

  /* Neither a backup nor the part of one is left */
  list = kontor_backup_list (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  dir = g_dir_open (folder, 0, NULL);
  if (dir != NULL)
    g_assert_null (g_dir_read_name (dir));

  /* The next try makes a whole one, and clears away what a crash left two
   * days ago, not what another backup is writing now */
  stale = g_build_filename (folder, ".kontor-20251230-120000.db.tmp-A1B2C3", NULL);
  fresh = g_build_filename (folder, ".kontor-20260101-125959.db.tmp-D4E5F6", NULL);
  g_assert_true (g_file_set_contents (stale, "half", -1, &error));
  g_assert_true (g_file_set_contents (fresh, "half", -1, &error));
  g_assert_no_error (error);
  times.actime = times.modtime = time (NULL) - 2 * DAY;
  g_assert_cmpint (g_utime (stale, &times), ==, 0);

  g_clear_object (&result);
  kontor_backup_maybe_daily_async (f->repo, 7, 4, NULL, on_async_done, &result);
  g_assert_true (kontor_backup_maybe_daily_finish (wait_for_result (&result), &path, &error));
  g_assert_no_error (error);
  g_assert_true (kontor_backup_verify (path, &error));
  g_assert_no_error (error);
  g_assert_false (g_file_test (stale, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
}

static void
test_restore_replaces_whole_file (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *before = g_strconcat (f->path, ".before-restore", NULL);
  g_autofree char *newest = NULL;
  g_autoptr(GPtrArray) leftovers = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  add_contacts (f->repo, 2);
  g_assert_true (kontor_backup_create (f->repo, NULL, &backup, &error));
  g_assert_no_error (error);
  add_contacts (f->repo, 5);
  g_clear_object (&f->repo);

  newest = kontor_backup_find_newest_good (f->path);
  g_assert_cmpstr (newest, ==, backup);

  g_assert_true (kontor_backup_restore (backup, f->path, &error));
  g_assert_no_error (error);

  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM contacts"), ==, 2);
  g_assert_cmpint (kontor_test_query_int (before, "SELECT count(*) FROM contacts"), ==, 7);
  g_assert_cmpuint (file_mode (f->path), ==, 0600);

  /* No temporary file is left behind */
  dir = g_dir_open (f->dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (dir)) != NULL)
    g_assert_false (g_str_has_prefix (name, "."));

  f->repo = kontor_repository_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kontor_repository_count (f->repo, KONTOR_TYPE_CONTACT, NULL), ==, 2);
}

static void
damage_pages (const char *path,
              guint       first_page)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (length, >, (first_page + 4) * 4096);
  for (gsize i = first_page * 4096; i < length; i += 7)
    contents[i] = (char) 0xA5;
  g_file_set_contents (path, contents, length, &error);
  g_assert_no_error (error);
}

static void
test_restore_refuses_damaged_backup (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (kontor_demo_fill (f->repo, 40, 2, &error));
  g_assert_true (kontor_backup_create (f->repo, NULL, &backup, &error));
  g_assert_no_error (error);
  g_clear_object (&f->repo);

  damage_pages (backup, 2);
  g_assert_null (kontor_backup_find_newest_good (f->path));

  before = kontor_test_file_checksum (f->path);
  g_assert_false (kontor_backup_restore (backup, f->path, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  after = kontor_test_file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_migration_is_backed_up_first (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = kontor_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "kontor.db", NULL);
  g_autoptr(GBytes) sql = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *reason = NULL;
  g_autofree char *text = NULL;
  KontorRepository *repo;

  /* A file of schema version 1 with a record in it */
  sql = g_resources_lookup_data ("/io/github/kontor/Kontor/sql/0001-initial.sql",
                                 G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));
  kontor_test_exec (path, text);
  kontor_test_exec (path, "PRAGMA user_version = 1");

  repo = kontor_repository_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kontor_test_query_int (path, "PRAGMA user_version"), ==,
                   kontor_repository_get_schema_version ());
  g_assert_finalize_object (repo);

  list = kontor_backup_list (path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  reason = kontor_backup_dup_reason (g_ptr_array_index (list, 0));
  g_assert_cmpstr (reason, ==, "migration");
  g_assert_cmpint (kontor_test_query_int (g_ptr_array_index (list, 0), "PRAGMA user_version"),
                   ==, 1);

  /* A new file has nothing to back up */
  kontor_test_remove_dir (dir);
  repo = kontor_repository_open (path, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (repo);
  g_clear_pointer (&list, g_ptr_array_unref);
  list = kontor_backup_list (path, &error);
  g_assert_cmpuint (list->len, ==, 0);
  kontor_test_remove_dir (dir);
}

static void
test_damaged_file_is_refused_untouched (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = NULL;
  g_autofree char *marker = g_strconcat (f->path, ".open", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  KontorRepository *repo;

  g_assert_true (kontor_demo_fill (f->repo, 60, 4, &error));
  g_assert_true (kontor_backup_create (f->repo, NULL, &backup, &error));
  g_assert_no_error (error);
  g_clear_object (&f->repo);

  /* A clean session: the marker comes and goes */
  repo = kontor_repository_open_checked (f->path, KONTOR_OPEN_CHECKED_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (g_file_test (marker, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (file_mode (marker), ==, 0600);
  g_assert_finalize_object (repo);
  kontor_repository_mark_closed (f->path);
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));

  /* A session that crashed, and a file damaged since */
  repo = kontor_repository_open_checked (f->path, KONTOR_OPEN_CHECKED_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (repo);
  damage_pages (f->path, 3);

  before = kontor_test_file_checksum (f->path);
  repo = kontor_repository_open_checked (f->path, KONTOR_OPEN_CHECKED_DEFAULT, &error);
  g_assert_null (repo);
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, backup));
  after = kontor_test_file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);

  /* Offered the backup, the user restores it */
  g_clear_error (&error);
  g_assert_true (kontor_backup_restore (backup, f->path, &error));
  g_assert_no_error (error);
  repo = kontor_repository_open_checked (f->path, KONTOR_OPEN_CHECKED_ALWAYS_CHECK, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (repo);
  kontor_repository_mark_closed (f->path);
}

static char *
run_cli (const char  *database,
         int         *out_status,
         const char  *first,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  char *out = NULL;
  const char *arg;
  va_list ap;

  g_ptr_array_add (args, (gpointer) g_getenv ("KONTOR_CLI"));
  g_ptr_array_add (args, (gpointer) "--database");
  g_ptr_array_add (args, (gpointer) database);
  va_start (ap, first);
  for (arg = first; arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &out, NULL, out_status, &error);
  g_assert_no_error (error);
  return out;
}

static void
test_cli_restore_latest (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *made = NULL;
  g_autofree char *restored = NULL;
  int status = -1;

  if (g_getenv ("KONTOR_CLI") == NULL)
    {
      g_test_skip ("KONTOR_CLI is not set");
      return;
    }

  add_contacts (f->repo, 4);
  g_clear_object (&f->repo);
  made = run_cli (f->path, &status, "backup-now", NULL);
  g_assert_cmpint (status, ==, 0);

  g_assert_true (g_file_set_contents (f->path, "not a database at all", -1, NULL));
  restored = run_cli (f->path, &status, "restore-backup", "--latest", NULL);
  g_assert_cmpint (status, ==, 0);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM contacts"), ==, 4);

  f->repo = kontor_repository_open (f->path, NULL);
  g_assert_nonnull (f->repo);
}

static void
test_drafts_survive_and_go (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(KontorDraft) draft = NULL;
  g_autoptr(GPtrArray) drafts = NULL;
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);

  g_hash_table_insert (fields, "first_name", "Мария");
  g_hash_table_insert (fields, "comment", "Позвонить в среду\nпосле обеда");
  g_assert_true (kontor_drafts_save (f->path, "contact", 0, fields, &error));
  g_assert_no_error (error);

  set_now (START + 60);
  g_hash_table_insert (fields, "first_name", "Пётр");
  g_assert_true (kontor_drafts_save (f->path, "deal", 12, fields, &error));
  g_assert_no_error (error);

  drafts = kontor_drafts_list (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (drafts->len, ==, 2);
  g_assert_cmpstr (((KontorDraft *) g_ptr_array_index (drafts, 0))->kind, ==, "deal");
  g_assert_cmpint (((KontorDraft *) g_ptr_array_index (drafts, 0))->id, ==, 12);

  /* Another database in the same folder has its own drafts */
  g_clear_pointer (&drafts, g_ptr_array_unref);
  drafts = kontor_drafts_list (other, &error);
  g_assert_cmpuint (drafts->len, ==, 0);

  draft = kontor_drafts_take (f->path, "contact", 0, &error);
  g_assert_no_error (error);
  g_assert_nonnull (draft);
  g_assert_cmpint (draft->saved_at, ==, START);
  g_assert_cmpstr (g_hash_table_lookup (draft->fields, "first_name"), ==, "Мария");
  g_assert_cmpstr (g_hash_table_lookup (draft->fields, "comment"), ==,
                   "Позвонить в среду\nпосле обеда");

  /* Taking keeps the file until the form is saved or given up */
  g_clear_pointer (&draft, kontor_draft_free);
  draft = kontor_drafts_take (f->path, "contact", 0, &error);
  g_assert_nonnull (draft);
  g_assert_true (kontor_drafts_discard (f->path, "contact", 0, &error));
  g_assert_no_error (error);
  g_clear_pointer (&draft, kontor_draft_free);
  draft = kontor_drafts_take (f->path, "contact", 0, &error);
  g_assert_no_error (error);
  g_assert_null (draft);
  g_assert_true (kontor_drafts_discard (f->path, "contact", 0, &error));
}

/* "Back Up Now": a copy in a worker, named by its reason, made however
 * recently the last one was */
static void
test_create_async (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GAsyncResult) first = NULL;
  g_autoptr(GAsyncResult) second = NULL;
  g_autofree char *path = NULL;
  g_autofree char *again = NULL;
  g_autofree char *name = NULL;
  g_autoptr(GPtrArray) list = NULL;

  g_assert_true (kontor_demo_fill (f->repo, 30, 5, &error));
  g_assert_no_error (error);

  kontor_backup_create_async (f->repo, "manual", NULL, on_async_done, &first);
  g_assert_null (first);
  path = kontor_backup_create_finish (wait_for_result (&first), &error);
  g_assert_no_error (error);
  g_assert_nonnull (path);
  name = g_path_get_basename (path);
  g_assert_nonnull (strstr (name, "manual"));
  g_assert_true (kontor_backup_verify (path, &error));
  g_assert_no_error (error);
  assert_same_count (f->path, path, "contacts");
  g_assert_cmpuint (file_mode (path), ==, 0600);

  set_now (START + 60);
  kontor_backup_create_async (f->repo, NULL, NULL, on_async_done, &second);
  again = kontor_backup_create_finish (wait_for_result (&second), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, !=, path);
  list = kontor_backup_list (f->path, &error);
  g_assert_cmpuint (list->len, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/backup/create-makes-a-private-self-contained-copy", test_create_makes_a_private_copy);
  ADD ("/backup/daily-once-a-day-and-rotated", test_daily_backup_and_rotation);
  ADD ("/backup/daily-async-copies-every-row-in-a-worker", test_daily_async_copies_in_a_worker);
  ADD ("/backup/create-async-copies-in-a-worker", test_create_async);
  ADD ("/backup/daily-async-lets-the-window-write-meanwhile",
       test_daily_async_lets_the_window_write);
  ADD ("/backup/daily-async-cancelled-midway-leaves-no-file",
       test_daily_async_cancelled_leaves_nothing);
  ADD ("/backup/restore-replaces-the-whole-file-and-keeps-the-old",
       test_restore_replaces_whole_file);
  ADD ("/backup/restore-refuses-a-damaged-backup", test_restore_refuses_damaged_backup);
  g_test_add_func ("/backup/migration-is-backed-up-first", test_migration_is_backed_up_first);
  ADD ("/backup/damaged-file-is-refused-untouched-with-the-newest-backup",
       test_damaged_file_is_refused_untouched);
  ADD ("/backup/cli-restores-the-latest-over-a-ruined-file", test_cli_restore_latest);
  ADD ("/drafts/survive-until-discarded", test_drafts_survive_and_go);

  return g_test_run ();
}
