/* test-migrations.c: opening, creating and refusing database files
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <sys/stat.h>

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
  f->dir = kontor_test_make_dir ();
  f->path = g_build_filename (f->dir, "kontor.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kontor_test_remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

/* Creates a Kontor database at @path with one contact and closes it */
static gint64
create_database (const char *path)
{
  g_autoptr(GError) error = NULL;
  KontorRepository *repo = kontor_repository_open (path, &error);
  g_autoptr(KontorEntity) contact = NULL;
  gint64 id;

  g_assert_no_error (error);
  contact = kontor_test_add_contact (repo, "Сохранённый", "Контакт");
  id = kontor_entity_get_id (contact);
  g_clear_object (&contact);
  g_assert_finalize_object (repo);

  return id;
}

/* Opening must fail with @code and leave every byte of the file as it was */
static void
assert_refused_unchanged (const char *path,
                          gint        code)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *before = kontor_test_file_checksum (path);
  g_autofree char *after = NULL;
  KontorRepository *repo;

  repo = kontor_repository_open (path, &error);
  g_assert_null (repo);
  g_assert_error (error, KONTOR_ERROR, code);
  g_assert_nonnull (strstr (error->message, path));
  g_test_message ("refused: %s", error->message);

  after = kontor_test_file_checksum (path);
  g_assert_cmpstr (before, ==, after);
}

static void
test_fresh_file (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nested_dir = g_build_filename (f->dir, "data", "kontor", NULL);
  g_autofree char *path = g_build_filename (nested_dir, "kontor.db", NULL);
  KontorRepository *repo;
  GStatBuf st;

  repo = kontor_repository_open (path, &error);
  g_assert_no_error (error);
  g_assert_nonnull (repo);
  g_assert_cmpstr (kontor_repository_get_path (repo), ==, path);
  g_assert_cmpuint (kontor_repository_get_schema_version (), >=, 1);
  g_assert_cmpint (kontor_test_query_int (path, "PRAGMA user_version"), ==,
                   kontor_repository_get_schema_version ());
  g_assert_cmpint (kontor_test_query_int (path, "SELECT count(*) FROM stages"), ==, 6);
  g_assert_cmpint (kontor_test_query_int (path, "SELECT count(*) FROM pipelines"), ==, 1);

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (nested_dir, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);

  g_assert_finalize_object (repo);
}

static void
test_reopen_keeps_data (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorEntity) contact = NULL;
  gint64 id = create_database (f->path);
  gint64 version = kontor_test_query_int (f->path, "PRAGMA user_version");
  KontorRepository *repo;

  for (guint round = 0; round < 2; round++)
    {
      repo = kontor_repository_open (f->path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (kontor_repository_count (repo, KONTOR_TYPE_CONTACT, NULL), ==, 1);
      g_assert_cmpint (kontor_repository_count (repo, KONTOR_TYPE_STAGE, NULL), ==, 6);

      contact = kontor_repository_find (repo, KONTOR_TYPE_CONTACT, id, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (kontor_entity_get_text (contact, "first_name"), ==, "Сохранённый");
      g_assert_cmpstr (kontor_entity_get_text (contact, "last_name"), ==, "Контакт");
      g_clear_object (&contact);
      g_assert_finalize_object (repo);

      g_assert_cmpint (kontor_test_query_int (f->path, "PRAGMA user_version"), ==, version);
      /* Reopening seeds no second default pipeline */
      g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM pipelines"), ==, 1);
    }
}

static void
test_too_new_is_refused (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *sql = NULL;

  create_database (f->path);
  sql = g_strdup_printf ("PRAGMA user_version = %u", kontor_repository_get_schema_version () + 1);
  kontor_test_exec (f->path, sql);

  assert_refused_unchanged (f->path, KONTOR_ERROR_TOO_NEW);
  g_assert_cmpint (kontor_test_query_int (f->path, "PRAGMA user_version"), ==,
                   kontor_repository_get_schema_version () + 1);
}

static void
test_random_bytes_are_refused (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (1234);
  guint8 bytes[8192];
  KontorRepository *repo;

  for (guint i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) g_rand_int_range (rand, 0, 256);
  g_file_set_contents (f->path, (const char *) bytes, sizeof bytes, &error);
  g_assert_no_error (error);

  {
    g_autofree char *before = kontor_test_file_checksum (f->path);
    g_autofree char *after = NULL;

    repo = kontor_repository_open (f->path, &error);
    g_assert_null (repo);
    g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT);
    g_assert_nonnull (strstr (error->message, "not a Kontor database"));
    after = kontor_test_file_checksum (f->path);
    g_assert_cmpstr (before, ==, after);
  }

  /* A text file is no better */
  g_clear_error (&error);
  g_file_set_contents (f->path, "name,phone\nIvan,+7 912 345-67-89\n", -1, &error);
  g_assert_no_error (error);
  assert_refused_unchanged (f->path, KONTOR_ERROR_CORRUPT);
}

static void
test_truncated_is_refused (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize length = 0;
  KontorRepository *repo;
  gsize cuts[] = { 4096, 100 };

  repo = kontor_repository_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (kontor_demo_fill (repo, 40, 3, &error));
  g_assert_no_error (error);
  g_assert_finalize_object (repo);

  g_file_get_contents (f->path, &contents, &length, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (cuts); i++)
    {
      g_autoptr(GError) open_error = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;

      g_assert_cmpuint (length, >, cuts[i]);
      g_file_set_contents (f->path, contents, cuts[i], &error);
      g_assert_no_error (error);

      before = kontor_test_file_checksum (f->path);
      repo = kontor_repository_open (f->path, &open_error);
      g_assert_null (repo);
      g_assert_nonnull (open_error);
      g_assert_true (open_error->domain == KONTOR_ERROR);
      g_assert_nonnull (strstr (open_error->message, f->path));
      g_test_message ("truncated to %" G_GSIZE_FORMAT ": %s", cuts[i], open_error->message);
      after = kontor_test_file_checksum (f->path);
      g_assert_cmpstr (before, ==, after);
    }
}

static void
test_other_program_is_refused (Fixture       *f,
                               gconstpointer  data)
{
  g_autofree char *other = g_build_filename (f->dir, "other.db", NULL);

  kontor_test_exec (f->path, "CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
                             "INSERT INTO notes (body) VALUES ('keep me');");
  assert_refused_unchanged (f->path, KONTOR_ERROR_CORRUPT);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM notes"), ==, 1);

  /* With a user_version of its own it is refused as well */
  kontor_test_exec (other, "CREATE TABLE contacts (id INTEGER PRIMARY KEY, name TEXT);"
                           "PRAGMA user_version = 1;");
  assert_refused_unchanged (other, KONTOR_ERROR_CORRUPT);
}

static void
test_planted_trigger_is_refused (Fixture       *f,
                                 gconstpointer  data)
{
  create_database (f->path);
  kontor_test_exec (f->path, "CREATE TRIGGER planted AFTER INSERT ON contacts "
                             "BEGIN DELETE FROM deals; END;");
  assert_refused_unchanged (f->path, KONTOR_ERROR_CORRUPT);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM sqlite_schema "
                                                   "WHERE name = 'planted'"), ==, 1);
}

static void
test_folder_is_refused (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KontorRepository *repo = kontor_repository_open (f->dir, &error);

  g_assert_null (repo);
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_IO);
}

/* Version 13 moved the kind of a search index entry from the low bits of
 * its rowid to the high ones: the entries written by version 12's triggers
 * must still be found, under their new rowids, and new ones written so */
static void
test_search_index_moves_to_kind_ranges (Fixture       *f,
                                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorRepository) repo = NULL;
  g_autoptr(KontorListModel) contacts = NULL;
  g_autoptr(KontorListModel) leads = NULL;
  g_autoptr(KontorEntity) contact = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(KontorEntity) typed = NULL;

  kontor_test_create_old_schema (f->path, 12);
  kontor_test_exec (f->path,
                    "INSERT INTO contacts (id, uuid, created_at, updated_at, first_name, last_name) "
                    "VALUES (1, 'c1', 1, 1, 'Иван', 'Петров'), (2, 'c2', 1, 1, 'Anna', 'Smith');"
                    "INSERT INTO contact_points (uuid, created_at, updated_at, owner_kind, "
                    "owner_id, kind, value, normalized) VALUES ('p1', 1, 1, 'contact', 2, "
                    "'email', 'anna@example.com', 'anna@example.com');"
                    "INSERT INTO leads (id, uuid, created_at, updated_at, first_name, last_name, "
                    "normalized_name) VALUES (1, 'l1', 1, 1, 'Иван', 'Петров', 'ivan petrov');"
                    "INSERT INTO companies (id, uuid, created_at, updated_at, name) "
                    "VALUES (2, 'o2', 1, 1, 'Smith & Sons');"
                    "INSERT INTO activities (id, uuid, created_at, updated_at, kind, subject) "
                    "VALUES (1, 'a1', 1, 1, 'call', 'Call Smith');"
                    "PRAGMA user_version = 12;");
  /* Version 12 wrote id * 16 + kind */
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM search_index "
                                          "WHERE rowid = 2 * 16 + 2"), ==, 1);

  repo = kontor_repository_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kontor_test_query_int (f->path, "PRAGMA user_version"), ==,
                   kontor_repository_get_schema_version ());

  /* Every entry moved, with its text: kind in the high bits */
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM search_index"), ==, 5);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM search_index "
                                          "WHERE rowid IN ((1 << 40) + 1, (2 << 40) + 1, "
                                          "(2 << 40) + 2, (3 << 40) + 2, (5 << 40) + 1)"), ==, 5);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT rowid FROM search_index "
                                          "WHERE search_index MATCH '\"anna\" \"example\"'"),
                   ==, (G_GINT64_CONSTANT (2) << 40) + 2);
  g_assert_true (kontor_repository_check (repo, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);

  /* A search over one kind finds that kind only, though "smith" is in a
   * company and an activity with the same ids as well */
  contacts = kontor_list_model_new (repo, KONTOR_TYPE_CONTACT);
  kontor_list_model_set_search (contacts, "smi");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 1);
  g_assert_cmpint (kontor_list_model_get_id (contacts, 0), ==, 2);
  kontor_list_model_set_search (contacts, "s");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 1);
  leads = kontor_list_model_new (repo, KONTOR_TYPE_LEAD);
  kontor_list_model_set_search (leads, "пет");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (leads)), ==, 1);
  kontor_list_model_set_search (leads, "smith");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (leads)), ==, 0);

  /* The new triggers: an edit replaces the entry under the new rowid */
  contact = kontor_repository_find (repo, KONTOR_TYPE_CONTACT, 1, &error);
  g_assert_no_error (error);
  kontor_entity_set_text (contact, "last_name", "Сидоров");
  g_assert_true (kontor_repository_save (repo, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM search_index"), ==, 5);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT rowid FROM search_index "
                                          "WHERE search_index MATCH '\"сидоров\"'"),
                   ==, (G_GINT64_CONSTANT (2) << 40) + 1);
  kontor_list_model_set_search (contacts, "сид");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 1);

  /* Duplicates by name still come from the index: the lead Иван Петров */
  typed = KONTOR_ENTITY (kontor_contact_new ());
  kontor_entity_set_text (typed, "first_name", "Иван");
  kontor_entity_set_text (typed, "last_name", "Петров");
  found = kontor_duplicates_find_for (repo, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  g_clear_pointer (&found, g_ptr_array_unref);
  g_clear_object (&contact);
  g_clear_object (&contacts);
  g_clear_object (&leads);
  g_assert_finalize_object (g_steal_pointer (&repo));
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/migrations/fresh-file-gets-the-latest-schema", test_fresh_file);
  ADD ("/migrations/reopening-keeps-the-data", test_reopen_keeps_data);
  ADD ("/migrations/newer-schema-is-refused-untouched", test_too_new_is_refused);
  ADD ("/migrations/random-bytes-are-refused-untouched", test_random_bytes_are_refused);
  ADD ("/migrations/truncated-file-is-refused-untouched", test_truncated_is_refused);
  ADD ("/migrations/other-program-database-is-refused", test_other_program_is_refused);
  ADD ("/migrations/planted-trigger-is-refused", test_planted_trigger_is_refused);
  ADD ("/migrations/folder-is-refused", test_folder_is_refused);
  ADD ("/migrations/search-index-moves-to-kind-ranges", test_search_index_moves_to_kind_ranges);

#undef ADD

  return g_test_run ();
}
