/* test-hostile-db.c: files made to fool Kontor are refused untouched
 *
 * test-migrations.c covers random bytes, truncated files, another
 * program's database, a user_version from the future and a planted
 * trigger; these are the other tricks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>

#include "kontor-core.h"
#include "kontor-test-util.h"

typedef struct
{
  char *dir;
  char *path;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorEntity) contact = NULL;
  KontorRepository *repo;

  f->dir = kontor_test_make_dir ();
  f->path = g_build_filename (f->dir, "kontor.db", NULL);

  repo = kontor_repository_open (f->path, &error);
  g_assert_no_error (error);
  contact = kontor_test_add_contact (repo, "Ольга", "Настоящая");
  g_clear_object (&contact);
  g_assert_finalize_object (repo);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kontor_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Like kontor_test_exec, with writable_schema allowed */
static void
exec_unsafe (const char *path,
             const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sqlite3_db_config (db, SQLITE_DBCONFIG_DEFENSIVE, 0, NULL);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

/* Both ways of opening refuse the file, say why, and change no byte */
static void
assert_refused_unchanged (Fixture *f)
{
  g_autofree char *before = kontor_test_file_checksum (f->path);
  g_autofree char *marker = g_strconcat (f->path, ".open", NULL);
  g_autofree char *after = NULL;

  for (guint checked = 0; checked < 2; checked++)
    {
      g_autoptr(GError) error = NULL;
      KontorRepository *repo;

      if (checked)
        repo = kontor_repository_open_checked (f->path, KONTOR_OPEN_CHECKED_ALWAYS_CHECK, &error);
      else
        repo = kontor_repository_open (f->path, &error);

      g_assert_null (repo);
      g_assert_nonnull (error);
      g_assert_true (error->domain == KONTOR_ERROR);
      g_assert_nonnull (strstr (error->message, f->path));
      g_test_message ("refused: %s", error->message);
    }

  after = kontor_test_file_checksum (f->path);
  g_assert_cmpstr (before, ==, after);
  g_assert_false (g_file_test (marker, G_FILE_TEST_EXISTS));
}

static void
test_planted_view (Fixture       *f,
                   gconstpointer  data)
{
  kontor_test_exec (f->path, "CREATE VIEW planted AS SELECT first_name, last_name FROM contacts");
  assert_refused_unchanged (f);
}

static void
test_planted_index (Fixture       *f,
                    gconstpointer  data)
{
  kontor_test_exec (f->path, "CREATE INDEX planted ON contacts (lower(last_name))");
  assert_refused_unchanged (f);
}

static void
test_planted_table (Fixture       *f,
                    gconstpointer  data)
{
  kontor_test_exec (f->path, "CREATE TABLE planted (payload BLOB)");
  assert_refused_unchanged (f);
}

static void
test_changed_table_definition (Fixture       *f,
                               gconstpointer  data)
{
  /* A column default that would run on every insert */
  exec_unsafe (f->path, "PRAGMA writable_schema = ON;"
                        "UPDATE sqlite_schema SET sql = replace(sql, 'position', "
                        "'position DEFAULT (load_extension(''/tmp/evil''))') "
                        "WHERE name = 'contacts';"
                        "PRAGMA writable_schema = OFF;");
  assert_refused_unchanged (f);
}

static void
test_trigger_disguised_as_index (Fixture       *f,
                                 gconstpointer  data)
{
  exec_unsafe (f->path, "PRAGMA writable_schema = ON;"
                        "INSERT INTO sqlite_schema (type, name, tbl_name, rootpage, sql) "
                        "VALUES ('trigger', 'contacts_search_ai', 'contacts', 0, "
                        "'CREATE TRIGGER contacts_search_ai AFTER INSERT ON contacts "
                        "BEGIN DELETE FROM deals; END');"
                        "PRAGMA writable_schema = OFF;");
  assert_refused_unchanged (f);
}

static void
test_missing_column (Fixture       *f,
                     gconstpointer  data)
{
  kontor_test_exec (f->path, "ALTER TABLE contacts DROP COLUMN responsible");
  assert_refused_unchanged (f);
}

static void
test_negative_user_version (Fixture       *f,
                            gconstpointer  data)
{
  kontor_test_exec (f->path, "PRAGMA user_version = -1");
  assert_refused_unchanged (f);
}

static void
test_earlier_version_with_later_schema (Fixture       *f,
                                        gconstpointer  data)
{
  /* Claims version 1 but has every later table: migrations would fail */
  kontor_test_exec (f->path, "PRAGMA user_version = 1");
  assert_refused_unchanged (f);
}

static void
test_bad_header (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;

  /* A page size of 1 and a damaged page count */
  g_file_get_contents (f->path, &contents, &length, &error);
  g_assert_no_error (error);
  contents[16] = 0;
  contents[17] = 1;
  contents[28] = (char) 0x7f;
  g_file_set_contents (f->path, contents, length, &error);
  g_assert_no_error (error);
  assert_refused_unchanged (f);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/hostile-db/planted-view-is-refused", test_planted_view);
  ADD ("/hostile-db/planted-index-is-refused", test_planted_index);
  ADD ("/hostile-db/planted-table-is-refused", test_planted_table);
  ADD ("/hostile-db/table-rewritten-through-writable-schema-is-refused",
       test_changed_table_definition);
  ADD ("/hostile-db/trigger-smuggled-into-the-schema-is-refused",
       test_trigger_disguised_as_index);
  ADD ("/hostile-db/missing-column-is-refused", test_missing_column);
  ADD ("/hostile-db/negative-user-version-is-refused", test_negative_user_version);
  ADD ("/hostile-db/old-version-with-new-schema-is-refused",
       test_earlier_version_with_later_schema);
  ADD ("/hostile-db/damaged-header-is-refused", test_bad_header);

  return g_test_run ();
}
