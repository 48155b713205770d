/* kontor-test-util.c: a fresh temporary database for each test
 *
 * The raw queries open a second SQLite connection, so that a test sees what
 * is really in the file and not what the repository believes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kontor-test-util.h"

char *
kontor_test_make_dir (void)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp ("kontor-test-XXXXXX", &error);

  g_assert_no_error (error);
  g_assert_nonnull (dir);
  return dir;
}

void
kontor_test_remove_dir (const char *dir)
{
  g_autoptr(GDir) handle = NULL;
  const char *name;

  if (dir == NULL)
    return;

  handle = g_dir_open (dir, 0, NULL);
  if (handle != NULL)
    {
      while ((name = g_dir_read_name (handle)) != NULL)
        {
          g_autofree char *child = g_build_filename (dir, name, NULL);

          if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
            kontor_test_remove_dir (child);
          else
            g_unlink (child);
        }
    }

  g_rmdir (dir);
}

void
kontor_test_fixture_setup (KontorTestFixture *fixture,
                           gconstpointer      data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = kontor_test_make_dir ();
  fixture->path = g_build_filename (fixture->dir, "kontor.db", NULL);
  fixture->repo = kontor_repository_open (fixture->path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (fixture->repo);
}

void
kontor_test_fixture_teardown (KontorTestFixture *fixture,
                              gconstpointer      data)
{
  if (fixture->repo != NULL)
    g_assert_finalize_object (g_steal_pointer (&fixture->repo));
  kontor_test_remove_dir (fixture->dir);
  g_clear_pointer (&fixture->path, g_free);
  g_clear_pointer (&fixture->dir, g_free);
}

static sqlite3 *
open_raw (const char *path)
{
  sqlite3 *db = NULL;
  int rc = sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);

  if (rc != SQLITE_OK)
    g_error ("Could not open %s: %s", path, sqlite3_errmsg (db));
  sqlite3_busy_timeout (db, 5000);
  return db;
}

gint64
kontor_test_query_int (const char *path,
                       const char *sql)
{
  sqlite3 *db = open_raw (path);
  sqlite3_stmt *stmt = NULL;
  gint64 result = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("Could not prepare %s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return result;
}

char *
kontor_test_query_text (const char *path,
                        const char *sql)
{
  sqlite3 *db = open_raw (path);
  sqlite3_stmt *stmt = NULL;
  char *result = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("Could not prepare %s: %s", sql, sqlite3_errmsg (db));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    result = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return result;
}

void
kontor_test_exec (const char *path,
                  const char *sql)
{
  sqlite3 *db = open_raw (path);
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("Could not run %s: %s", sql, message);
  sqlite3_close (db);
}

char *
kontor_test_file_checksum (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);

  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) contents, length);
}

KontorEntity *
kontor_test_add_contact (KontorRepository *repo,
                         const char       *first_name,
                         const char       *last_name)
{
  g_autoptr(GError) error = NULL;
  KontorEntity *contact = KONTOR_ENTITY (kontor_contact_new ());

  kontor_entity_set_text (contact, "first_name", first_name);
  kontor_entity_set_text (contact, "last_name", last_name);
  kontor_repository_save (repo, contact, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_id (contact), >, 0);

  return contact;
}

KontorEntity *
kontor_test_add_deal (KontorRepository *repo,
                      const char       *title,
                      gint64            stage_id)
{
  g_autoptr(GError) error = NULL;
  KontorEntity *deal = KONTOR_ENTITY (kontor_deal_new ());

  kontor_entity_set_text (deal, "title", title);
  kontor_entity_set_int (deal, "stage", stage_id);
  kontor_repository_save (repo, deal, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_id (deal), >, 0);

  return deal;
}

/* The id of the stage at @position (0-based) of the default pipeline */
gint64
kontor_test_stage_id (KontorRepository *repo,
                      guint             position)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) stages = NULL;
  g_autoptr(KontorEntity) stage = NULL;

  stages = kontor_repository_list_stages (repo, kontor_repository_get_default_pipeline (repo),
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (position, <, g_list_model_get_n_items (stages));
  stage = g_list_model_get_item (stages, position);

  return kontor_entity_get_id (stage);
}

void
kontor_cli_fixture_setup (KontorCliFixture *f,
               gconstpointer  data)
{
  f->dir = kontor_test_make_dir ();
  f->path = g_build_filename (f->dir, "kontor.db", NULL);
}

void
kontor_cli_fixture_teardown (KontorCliFixture *f,
                  gconstpointer  data)
{
  kontor_test_remove_dir (f->dir);
  g_clear_pointer (&f->dir, g_free);
  g_clear_pointer (&f->path, g_free);
  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
}

/* Runs kontor-cli --database <tmp> ARGS…; returns its exit status and keeps
 * its output in f->out and f->err. */
int
kontor_cli_run (KontorCliFixture *f,
     const char *first_arg,
     ...)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  const char *cli = g_getenv ("KONTOR_CLI");
  const char *arg;
  int wait_status = 0;
  va_list args;

  g_assert_nonnull (cli);

  g_ptr_array_add (argv, (gpointer) cli);
  g_ptr_array_add (argv, (gpointer) "--database");
  g_ptr_array_add (argv, f->path);
  va_start (args, first_arg);
  for (arg = first_arg; arg != NULL; arg = va_arg (args, const char *))
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);

  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &f->out, &f->err, &wait_status, &error);
  g_assert_no_error (error);

  if (g_spawn_check_wait_status (wait_status, &error))
    return 0;
  g_assert_true (error->domain == G_SPAWN_EXIT_ERROR);
  return error->code;
}

/* Runs the migration files up to @last on a new file, as an older Kontor
 * left it (without the C steps of versions 1 and 2: no default stages) */
void
kontor_test_create_old_schema (const char *path,
                               guint       last)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  for (guint version = 1; version <= last; version++)
    {
      g_autofree char *pattern = g_strdup_printf ("%04u-", version);
      g_autoptr(GError) error = NULL;
      g_auto(GStrv) names = g_resources_enumerate_children ("/io/github/kontor/Kontor/sql", 0,
                                                           &error);
      gboolean found = FALSE;

      g_assert_no_error (error);
      for (guint i = 0; names[i] != NULL; i++)
        {
          g_autofree char *resource = NULL;
          g_autoptr(GBytes) bytes = NULL;
          g_autofree char *sql = NULL;

          if (!g_str_has_prefix (names[i], pattern))
            continue;
          resource = g_strconcat ("/io/github/kontor/Kontor/sql/", names[i], NULL);
          bytes = g_resources_lookup_data (resource, 0, &error);
          g_assert_no_error (error);
          sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
          g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
          found = TRUE;
        }
      g_assert_true (found);
    }
  sqlite3_close (db);
}
