/* test-import.c: CSV import, duplicates, dry run, rejects and undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "kontor-core.h"
#include "kontor-test-util.h"
#include "kontor-csv-reader.h"
#include "kontor-import.h"

typedef struct
{
  char             *dir;
  char             *path;
  KontorRepository *repo;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kontor-import-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->repo = kontor_repository_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->repo);
  /* The backups made before imports are in a folder of their own */
  kontor_test_remove_dir (f->dir);
  g_free (f->path);
  g_free (f->dir);
}

static gint64
query_int (Fixture    *f,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static char *
query_text (Fixture    *f,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *contents)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, -1, NULL));
  return path;
}

static KontorImportResult *
run_import (Fixture          *f,
            GType             type,
            const char       *path,
            KontorDuplicates  duplicates,
            gboolean          dry_run)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorImport) import = kontor_import_new (f->repo, type, path, NULL, &error);
  KontorImportResult *result;

  g_assert_no_error (error);
  kontor_import_set_duplicates (import, duplicates);
  result = kontor_import_run (import, dry_run, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (result);
  return result;
}

static void
test_bitrix_mapping (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = fixture_path ("bitrix24-win1251.csv");
  g_autoptr(KontorImport) import = kontor_import_new (f->repo, KONTOR_TYPE_CONTACT, path, NULL,
                                                      &error);
  const char *expected[] = { "first_name", "last_name", "middle_name", "phone", "email",
                             "position", "company", NULL, "responsible" };
  g_autoptr(GPtrArray) preview = NULL;
  GStrv row;

  g_assert_no_error (error);
  g_assert_true (kontor_import_get_has_header (import));
  g_assert_cmpstr (kontor_import_get_encoding (import), ==, "WINDOWS-1251");
  g_assert_cmpuint (kontor_import_get_n_columns (import), ==, 9);
  g_assert_cmpstr (kontor_import_get_column_title (import, 0), ==, "Имя");
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    g_assert_cmpstr (kontor_import_get_column_field (import, i), ==, expected[i]);

  preview = kontor_import_preview (import, 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (preview->len, ==, 3);
  row = g_ptr_array_index (preview, 0);
  g_assert_cmpstr (row[0], ==, "Иван");
  g_assert_cmpstr (row[3], ==, "+7 (912) 345-67-89");
  g_assert_cmpstr (row[6], ==, "ООО \"Ромашка\"");
  g_assert_cmpstr (row[7], ==, "");
  g_assert_cmpstr (row[9], ==, "");
  row = g_ptr_array_index (preview, 2);
  g_assert_nonnull (strstr (row[9], "oleg@bad"));
}

static void
test_bitrix_import (Fixture       *f,
                    gconstpointer  data)
{
  g_autofree char *path = fixture_path ("bitrix24-win1251.csv");
  g_autoptr(KontorImportResult) dry = NULL;
  g_autoptr(KontorImportResult) result = NULL;
  g_autofree char *company = NULL;

  dry = run_import (f, KONTOR_TYPE_CONTACT, path, KONTOR_DUPLICATES_SKIP, TRUE);
  g_assert_cmpuint (dry->rows, ==, 3);
  g_assert_cmpuint (dry->created, ==, 2);
  g_assert_cmpuint (dry->errors, ==, 1);
  g_assert_cmpint (dry->import_id, ==, 0);
  g_assert_cmpuint (dry->reasons->len, ==, 1);
  g_assert_true (g_str_has_prefix (g_ptr_array_index (dry->reasons, 0), "Row 4: "));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM companies"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM imports"), ==, 0);

  result = run_import (f, KONTOR_TYPE_CONTACT, path, KONTOR_DUPLICATES_SKIP, FALSE);
  g_assert_cmpuint (result->created, ==, 2);
  g_assert_cmpuint (result->errors, ==, 1);
  g_assert_cmpint (result->import_id, >, 0);
  g_assert_cmpint (kontor_repository_count (f->repo, KONTOR_TYPE_CONTACT, NULL), ==, 2);

  /* One company, created once and linked from both rows */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM companies"), ==, 1);
  company = query_text (f, "SELECT name FROM companies");
  g_assert_cmpstr (company, ==, "ООО \"Ромашка\"");
  g_assert_cmpint (query_int (f, "SELECT count(DISTINCT company_id) FROM contacts"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contact_points WHERE kind = 'phone' "
                                 "AND normalized = '79161112233'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contacts WHERE position = "
                                 "'Бухгалтер; главный'"), ==, 1);

  /* The search index has the phones of the new records */
  {
    g_autoptr(KontorListModel) list = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);

    kontor_list_model_set_search (list, "79123456789");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
    kontor_list_model_set_search (list, "Смирнова");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);
  }
}

static void
test_duplicates (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *first = write_file (f, "first.csv",
                                       "first_name,last_name,phone,email,position\n"
                                       "Ann,Lee,+7 912 000-00-01,ann@x.org,\n"
                                       "Bob,Ray,,bob@x.org,Buyer\n"
                                       "Cid,Fox,,,\n");
  g_autofree char *second = write_file (f, "second.csv",
                                        "first_name,last_name,phone,email,position\n"
                                        "Anna,Lee,89120000001,,Director\n"
                                        "Bob,Ray,,BOB@x.org,Seller\n"
                                        "Cid,Fox,,,Driver\n"
                                        "Dan,New,,dan@x.org,\n");
  g_autoptr(KontorImportResult) r1 = NULL;
  g_autoptr(KontorImportResult) r2 = NULL;
  g_autoptr(KontorImportResult) r3 = NULL;
  g_autoptr(KontorImportResult) r4 = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *position = NULL;

  r1 = run_import (f, KONTOR_TYPE_CONTACT, first, KONTOR_DUPLICATES_ALLOW, FALSE);
  g_assert_cmpuint (r1->created, ==, 3);

  /* Skip: matched on phone (normalised), e-mail (any case) and name */
  r2 = run_import (f, KONTOR_TYPE_CONTACT, second, KONTOR_DUPLICATES_SKIP, TRUE);
  g_assert_cmpuint (r2->skipped, ==, 3);
  g_assert_cmpuint (r2->created, ==, 1);

  /* Merge fills empty fields only */
  r3 = run_import (f, KONTOR_TYPE_CONTACT, second, KONTOR_DUPLICATES_MERGE, FALSE);
  g_assert_cmpuint (r3->updated, ==, 2);
  g_assert_cmpuint (r3->skipped, ==, 1);
  g_assert_cmpuint (r3->created, ==, 1);
  position = query_text (f, "SELECT position FROM contacts WHERE first_name = 'Ann'");
  g_assert_cmpstr (position, ==, "Director");
  g_free (position);
  position = query_text (f, "SELECT position FROM contacts WHERE first_name = 'Bob'");
  g_assert_cmpstr (position, ==, "Buyer");
  g_free (position);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contacts"), ==, 4);

  /* Undo the merge: Dan goes, Ann and Cid get their old values back */
  g_assert_true (kontor_import_undo (f->repo, r3->import_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contacts"), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contacts WHERE position IS NOT NULL"),
                   ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contact_points WHERE value = "
                                 "'89120000001'"), ==, 0);
  g_assert_false (kontor_import_undo (f->repo, r3->import_id, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Replace overwrites */
  r4 = run_import (f, KONTOR_TYPE_CONTACT, second, KONTOR_DUPLICATES_REPLACE, FALSE);
  g_assert_cmpuint (r4->updated, ==, 3);
  position = query_text (f, "SELECT position FROM contacts WHERE first_name = 'Bob'");
  g_assert_cmpstr (position, ==, "Seller");
  g_free (position);
  position = query_text (f, "SELECT first_name FROM contacts WHERE last_name = 'Lee'");
  g_assert_cmpstr (position, ==, "Anna");
}

static void
test_undo_created (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = fixture_path ("google-contacts.csv");
  g_autoptr(KontorImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorEntity) kept = NULL;
  g_autofree char *comment = NULL;

  kept = g_object_new (KONTOR_TYPE_CONTACT, "first-name", "Kept", NULL);
  g_assert_true (kontor_repository_save (f->repo, kept, &error));

  result = run_import (f, KONTOR_TYPE_CONTACT, path, KONTOR_DUPLICATES_ALLOW, FALSE);
  g_assert_cmpuint (result->created, ==, 2);
  g_assert_cmpuint (result->errors, ==, 0);
  comment = query_text (f, "SELECT comment FROM contacts WHERE first_name = 'Alice'");
  g_assert_cmpstr (comment, ==, "Met at the fair,\nlikes tea");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contact_points WHERE owner_id = "
                                 "(SELECT id FROM contacts WHERE first_name = 'Alice')"), ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM companies"), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM timeline WHERE event = 'created' AND "
                                 "text = 'google-contacts.csv'"), ==, 4);

  g_assert_true (kontor_import_undo (f->repo, result->import_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contacts"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM companies"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contact_points"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM search_index"), ==, 1);
  g_assert_cmpint (kontor_entity_get_id (kept), >, 0);
}

static void
test_excel_utf16 (Fixture       *f,
                  gconstpointer  data)
{
  g_autofree char *path = fixture_path ("excel-utf16le.csv");
  g_autoptr(KontorImportResult) result = NULL;
  g_autofree char *name = NULL;

  result = run_import (f, KONTOR_TYPE_CONTACT, path, KONTOR_DUPLICATES_SKIP, FALSE);
  g_assert_cmpuint (result->created, ==, 2);
  name = query_text (f, "SELECT first_name FROM contacts WHERE last_name = 'O''Neil'");
  g_assert_cmpstr (name, ==, "Anne \"Annie\"");
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM companies WHERE name = 'Acme'"), ==, 1);
}

static void
test_broken_files (Fixture       *f,
                   gconstpointer  data)
{
  const char *fatal[] = { "broken-unterminated.csv", "broken-binary.csv" };
  KontorCsvError codes[] = { KONTOR_CSV_ERROR_UNTERMINATED, KONTOR_CSV_ERROR_BINARY };

  for (guint i = 0; i < G_N_ELEMENTS (fatal); i++)
    {
      g_autofree char *path = fixture_path (fatal[i]);
      g_autoptr(GError) error = NULL;
      g_autoptr(KontorImport) import = kontor_import_new (f->repo, KONTOR_TYPE_CONTACT, path,
                                                          NULL, &error);
      g_autoptr(KontorImportResult) result = NULL;

      if (import != NULL)
        {
          result = kontor_import_run (import, FALSE, NULL, &error);
          g_assert_null (result);
        }
      g_assert_error (error, KONTOR_CSV_ERROR, (gint) codes[i]);
      g_assert_cmpint (query_int (f, "SELECT count(*) FROM contacts"), ==, 0);
      g_assert_cmpint (query_int (f, "SELECT count(*) FROM imports"), ==, 0);
    }

  {
    g_autofree char *path = fixture_path ("empty.csv");
    g_autoptr(GError) error = NULL;
    g_autoptr(KontorImport) import = kontor_import_new (f->repo, KONTOR_TYPE_CONTACT, path,
                                                        NULL, &error);

    g_assert_null (import);
    g_assert_error (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_EMPTY);
  }
}

static void
test_rejects_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = fixture_path ("broken-mixed-columns.csv");
  g_autofree char *rejects = g_build_filename (f->dir, "rejects.csv", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorImport) import = kontor_import_new (f->repo, KONTOR_TYPE_CONTACT, path, NULL,
                                                      &error);
  g_autoptr(KontorImportResult) result = NULL;
  g_autoptr(KontorCsvReader) reader = NULL;

  g_assert_no_error (error);
  kontor_import_set_rejects_path (import, rejects);
  result = kontor_import_run (import, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->created, ==, 2);
  g_assert_cmpuint (result->errors, ==, 2);

  /* The rejected rows with their reason, ready to fix and import again */
  reader = kontor_csv_reader_new_for_path (rejects, NULL, 0, &error);
  g_assert_no_error (error);
  g_assert_true (kontor_csv_reader_next_row (reader, NULL, &error));
  g_assert_cmpstrv (kontor_csv_reader_get_fields (reader),
                    ((const char *[]) { "first_name", "last_name", "email", "Error", NULL }));
  g_assert_true (kontor_csv_reader_next_row (reader, NULL, &error));
  g_assert_cmpstr (kontor_csv_reader_get_fields (reader)[0], ==, "Bob");
  g_assert_cmpstr (kontor_csv_reader_get_fields (reader)[1], ==,
                   "the row has 1 column instead of 3");
  g_assert_true (kontor_csv_reader_next_row (reader, NULL, &error));
  g_assert_cmpstr (kontor_csv_reader_get_fields (reader)[0], ==, "Carl");
  g_assert_false (kontor_csv_reader_next_row (reader, NULL, &error));
  g_assert_no_error (error);
}

static void
test_huge_field_rejected (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GString) contents = g_string_new ("first_name,comment\nAnn,ok\nBob,\"");
  g_autofree char *path = NULL;
  g_autoptr(KontorImportResult) result = NULL;

  for (guint i = 0; i < 10 * 1024 * 1024 / 8; i++)
    g_string_append (contents, "comment ");
  g_string_append (contents, "\"\nCid,ok\n");
  path = write_file (f, "huge.csv", contents->str);

  result = run_import (f, KONTOR_TYPE_CONTACT, path, KONTOR_DUPLICATES_ALLOW, FALSE);
  g_assert_cmpuint (result->created, ==, 2);
  g_assert_cmpuint (result->errors, ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (result->reasons, 0), "longer than 1 MiB"));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GString) contents = g_string_new ("first_name,phone\n");
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorImport) import = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(KontorImportResult) result = NULL;

  for (guint i = 0; i < 5000; i++)
    g_string_append_printf (contents, "Name%u,+7 900 %07u\n", i, i);
  path = write_file (f, "many.csv", contents->str);

  import = kontor_import_new (f->repo, KONTOR_TYPE_CONTACT, path, NULL, &error);
  g_assert_no_error (error);
  g_cancellable_cancel (cancellable);
  result = kontor_import_run (import, FALSE, cancellable, &error);
  g_assert_null (result);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM search_index"), ==, 0);
}

static void
on_import_done (GObject      *source,
                GAsyncResult *res,
                gpointer      user_data)
{
  KontorImportResult **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = kontor_import_run_finish (KONTOR_IMPORT (source), res, &error);
  g_assert_no_error (error);
}

static void
on_changed (KontorRepository *repo,
            const char       *kind,
            gint64            id,
            guint             change,
            gpointer          user_data)
{
  guint *count = user_data;

  if (g_strcmp0 (kind, "contact") == 0)
    (*count)++;
}

static void
test_async (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = write_file (f, "a.csv", "Фамилия;Имя\nИванов;Иван\nПетров;Пётр\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorImport) import = kontor_import_new (f->repo, KONTOR_TYPE_CONTACT, path, NULL,
                                                      &error);
  g_autoptr(KontorListModel) list = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);
  KontorImportResult *result = NULL;
  guint changes = 0;

  g_signal_connect (f->repo, "changed", G_CALLBACK (on_changed), &changes);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 0);
  kontor_import_run_async (import, FALSE, NULL, on_import_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  g_assert_cmpuint (result->created, ==, 2);
  g_assert_cmpfloat (kontor_import_get_fraction (import), ==, 1.0);
  /* The window's repository learns about the records of the worker */
  g_assert_cmpuint (changes, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 2);
  kontor_import_result_free (result);
}

static void
test_deals (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *path = NULL;
  g_autofree char *stage = NULL;
  g_autoptr(KontorImportResult) result = NULL;
  g_autofree char *csv = NULL;

  stage = query_text (f, "SELECT name FROM stages ORDER BY position LIMIT 1 OFFSET 1");
  csv = g_strdup_printf ("Название;Сумма;Стадия;Компания\n"
                         "Поставка;1500,50;%s;ООО Лес\n"
                         "Монтаж;abc;%s;\n"
                         "Ремонт;100;Нет такой стадии;\n", stage, stage);
  path = write_file (f, "deals.csv", csv);

  result = run_import (f, KONTOR_TYPE_DEAL, path, KONTOR_DUPLICATES_ALLOW, FALSE);
  g_assert_cmpuint (result->created, ==, 1);
  g_assert_cmpuint (result->errors, ==, 2);
  g_assert_cmpint (query_int (f, "SELECT amount FROM deals"), ==, 150050);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM deal_stage_history"), ==, 1);
  g_assert_nonnull (strstr (g_ptr_array_index (result->reasons, 1), "Нет такой стадии"));
}

static void
test_mapping_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *path = write_file (f, "m.csv", "A,B,C\nx,y,z\n");
  g_autofree char *mapping = write_file (f, "m.map", "# mine\nA=last_name\n3=comment\n");
  g_autofree char *bad = write_file (f, "bad.map", "A=nonsense\n");
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorImport) import = kontor_import_new (f->repo, KONTOR_TYPE_CONTACT, path, NULL,
                                                      &error);

  g_assert_no_error (error);
  g_assert_true (kontor_import_load_mapping (import, mapping, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kontor_import_get_column_field (import, 0), ==, "last_name");
  g_assert_null (kontor_import_get_column_field (import, 1));
  g_assert_cmpstr (kontor_import_get_column_field (import, 2), ==, "comment");
  g_assert_false (kontor_import_load_mapping (import, bad, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
}

/* No problem from kontor_repository_check(), the search index included */
static void
assert_consistent (Fixture *f)
{
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (kontor_repository_check (f->repo, &problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; problems != NULL && i < problems->len; i++)
    g_printerr ("%s\n", (const char *) g_ptr_array_index (problems, i));
  g_assert_true (problems == NULL || problems->len == 0);
}

/* More rows than one batch of the search index, numbered from 1 */
static char *
write_many (Fixture *f,
            guint    rows)
{
  g_autoptr(GString) contents = g_string_new ("Имя,Фамилия,Телефон,E-mail,Компания\n");

  for (guint i = 1; i <= rows; i++)
    g_string_append_printf (contents, "Имя%u,Фамилия%u,+7 (912) %03u-%02u-%02u,"
                            "user%u@example.com,%s\n", i, i, i / 10000 % 1000, i / 100 % 100,
                            i % 100, i, i % 1000 == 0 ? "Рога и копыта" : "");

  return write_file (f, "many.csv", contents->str);
}

static void
test_bulk_search_index (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *path = write_many (f, 10000);
  g_autoptr(KontorImportResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorEntity) kept = NULL;

  kept = g_object_new (KONTOR_TYPE_CONTACT, "first-name", "Kept", "last-name", "Фамилия7000",
                       NULL);
  g_assert_true (kontor_repository_save (f->repo, kept, &error));

  result = run_import (f, KONTOR_TYPE_CONTACT, path, KONTOR_DUPLICATES_ALLOW, FALSE);
  g_assert_cmpuint (result->created, ==, 10000);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM search_paused"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM companies"), ==, 1);
  assert_consistent (f);

  /* A record of the first batch, of the last one, its phone and e-mail, the
   * company created for the rows that name it */
  g_assert_cmpint (query_int (f, "SELECT c.id FROM search_index s JOIN contacts c "
                                 "ON s.rowid = (2 << 40) + c.id WHERE search_index MATCH "
                                 "'\"фамилия17\"' AND c.first_name = 'Имя17'"), >, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM search_index WHERE search_index MATCH "
                                 "'\"фамилия9999\"'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM search_index WHERE search_index MATCH "
                                 "'\"9120001234\"'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM search_index WHERE search_index MATCH "
                                 "'\"user1234\"'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM search_index WHERE search_index MATCH "
                                 "'\"копыта\"'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM search_index WHERE search_index MATCH "
                                 "'\"фамилия7000\"'"), ==, 2);
  /* Found by Find Duplicates too */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contacts WHERE normalized_name IS NULL"),
                   ==, 0);

  /* The triggers work again after the import */
  g_clear_object (&kept);
  kept = g_object_new (KONTOR_TYPE_CONTACT, "first-name", "Later", NULL);
  kontor_entity_append_to_list (kept, "phone", "+7 999 111-22-33");
  g_assert_true (kontor_repository_save (f->repo, kept, &error));
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM search_index WHERE search_index MATCH "
                                 "'\"79991112233\"'"), ==, 1);
  assert_consistent (f);

  g_assert_true (kontor_import_undo (f->repo, result->import_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contacts"), ==, 2);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM search_index WHERE search_index MATCH "
                                 "'\"фамилия7000\"'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM search_index WHERE search_index MATCH "
                                 "'\"79991112233\"'"), ==, 1);
  assert_consistent (f);
}

static void
test_duplicates_within_file (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GString) contents = g_string_new ("first_name,last_name,phone,email,position\n"
                                              "Ann,Lee,+7 912 000-00-01,,\n"
                                              "Bob,Ray,,,\n");
  g_autofree char *path = NULL;
  g_autoptr(KontorImportResult) skipped = NULL;
  g_autoptr(KontorImportResult) merged = NULL;
  g_autoptr(GError) error = NULL;

  /* Far enough apart that the first ones are no longer in the same batch */
  for (guint i = 0; i < 9000; i++)
    g_string_append_printf (contents, "N%u,M%u,,n%u@example.com,\n", i, i, i);
  g_string_append (contents, "Anna,Lee,89120000001,ann@x.org,Director\n"
                             "Bob,Ray,,,Buyer\n"
                             "N8999,M8999,,N8999@EXAMPLE.COM,Seller\n");
  path = write_file (f, "repeats.csv", contents->str);

  skipped = run_import (f, KONTOR_TYPE_CONTACT, path, KONTOR_DUPLICATES_SKIP, TRUE);
  g_assert_cmpuint (skipped->created, ==, 9002);
  g_assert_cmpuint (skipped->skipped, ==, 3);

  merged = run_import (f, KONTOR_TYPE_CONTACT, path, KONTOR_DUPLICATES_MERGE, FALSE);
  g_assert_cmpuint (merged->created, ==, 9002);
  g_assert_cmpuint (merged->updated, ==, 3);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contacts WHERE last_name = 'Lee'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contacts WHERE first_name = 'Bob' "
                                 "AND position = 'Buyer'"), ==, 1);
  /* The merged records are found by what the later rows added */
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM search_index WHERE search_index MATCH "
                                 "'\"director\"'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM search_index WHERE search_index MATCH "
                                 "'\"ann\" \"x\"'"), ==, 1);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM search_index WHERE search_index MATCH "
                                 "'\"seller\"'"), ==, 1);
  assert_consistent (f);

  g_assert_true (kontor_import_undo (f->repo, merged->import_id, &error));
  g_assert_no_error (error);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (query_int (f, "SELECT count(*) FROM search_index"), ==, 0);
  assert_consistent (f);
}

/* An import's UUIDs increase, so that its batches add to the end of the
 * UUID indexes instead of touching a page of them per record */
static void
test_uuids_increase (Fixture       *f,
                     gconstpointer  data)
{
  static const char * const tables[] = { "contacts", "companies", "contact_points", "timeline" };
  g_autofree char *path = write_many (f, 3000);
  g_autoptr(KontorImportResult) result = NULL;
  g_autofree char *uuid = NULL;

  result = run_import (f, KONTOR_TYPE_CONTACT, path, KONTOR_DUPLICATES_ALLOW, FALSE);
  g_assert_cmpuint (result->created, ==, 3000);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = NULL;

      /* Version 7, variant 10 */
      sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE uuid NOT LIKE "
                             "'________-____-7___-____-____________' "
                             "OR substr (uuid, 20, 1) NOT IN ('8', '9', 'a', 'b')", tables[i]);
      g_assert_cmpint (query_int (f, sql), ==, 0);
      g_free (sql);
      sql = g_strdup_printf ("SELECT count(*) FROM %s a JOIN %s b ON b.id = a.id + 1 "
                             "WHERE b.uuid <= a.uuid", tables[i], tables[i]);
      g_assert_cmpint (query_int (f, sql), ==, 0);
    }
  uuid = query_text (f, "SELECT uuid FROM contacts ORDER BY id DESC LIMIT 1");
  g_assert_true (g_uuid_string_is_valid (uuid));
}

/* Undoing an import deletes its records in bulk: every reference to them
 * must be found by an index, not by reading a whole table per record */
static void
test_undo_uses_indexes (Fixture       *f,
                        gconstpointer  data)
{
  static const char * const tables[] = { "deals", "leads", "contacts", "products", "companies" };
  g_autoptr(GString) scans = g_string_new (NULL);
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL), ==,
                   SQLITE_OK);
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("EXPLAIN QUERY PLAN DELETE FROM %s "
                                              "WHERE id BETWEEN 1 AND 2", tables[i]);
      sqlite3_stmt *stmt = NULL;

      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          const char *detail = (const char *) sqlite3_column_text (stmt, 3);

          if (g_str_has_prefix (detail, "SCAN "))
            g_string_append_printf (scans, "%s: %s\n", tables[i], detail);
        }
      sqlite3_finalize (stmt);
    }
  sqlite3_close (db);

  g_assert_cmpstr (scans->str, ==, "");
}

/* Issue 12: a copy of the database as it was before every import, none
 * for a dry run; the copy opens and holds the rows from before */
static void
test_backup_before_import (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *path = fixture_path ("bitrix24-win1251.csv");
  g_autoptr(KontorImportResult) dry = NULL;
  g_autoptr(KontorImportResult) result = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(KontorRepository) copy = NULL;
  g_autoptr(KontorEntity) before = kontor_test_add_contact (f->repo, "Vera", "Before");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  dry = run_import (f, KONTOR_TYPE_CONTACT, path, KONTOR_DUPLICATES_SKIP, TRUE);
  backups = kontor_backup_list (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 0);
  g_clear_pointer (&backups, g_ptr_array_unref);

  result = run_import (f, KONTOR_TYPE_CONTACT, path, KONTOR_DUPLICATES_SKIP, FALSE);
  g_assert_cmpuint (result->created, ==, 2);
  backups = kontor_backup_list (f->path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (backups->len, ==, 1);
  name = g_path_get_basename (g_ptr_array_index (backups, 0));
  g_assert_nonnull (strstr (name, "import"));

  g_assert_true (kontor_backup_verify (g_ptr_array_index (backups, 0), &error));
  g_assert_no_error (error);
  copy = kontor_repository_open (g_ptr_array_index (backups, 0), &error);
  g_assert_no_error (error);
  g_assert_cmpint (kontor_repository_count (copy, KONTOR_TYPE_CONTACT, NULL), ==, 1);
  g_assert_cmpint (kontor_repository_count (f->repo, KONTOR_TYPE_CONTACT, NULL), ==, 3);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/import/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("maps-bitrix24-russian-headers", test_bitrix_mapping);
  ADD ("dry-runs-then-imports-bitrix24-windows-1251", test_bitrix_import);
  ADD ("skips-merges-and-replaces-duplicates", test_duplicates);
  ADD ("undo-removes-what-it-created", test_undo_created);
  ADD ("reads-excel-utf16", test_excel_utf16);
  ADD ("imports-nothing-from-broken-files", test_broken_files);
  ADD ("writes-rejected-rows-with-reasons", test_rejects_file);
  ADD ("rejects-a-row-with-a-huge-field", test_huge_field_rejected);
  ADD ("cancel-leaves-nothing", test_cancel);
  ADD ("runs-in-a-thread-and-tells-the-window", test_async);
  ADD ("imports-deals-with-stages-and-amounts", test_deals);
  ADD ("reads-a-mapping-file", test_mapping_file);
  ADD ("indexes-imported-rows-for-search-in-bulk", test_bulk_search_index);
  ADD ("finds-duplicates-within-the-file", test_duplicates_within_file);
  ADD ("gives-imported-records-increasing-uuids", test_uuids_increase);
  ADD ("undo-finds-references-to-its-records-by-index", test_undo_uses_indexes);
  ADD ("backs-up-the-database-before-importing", test_backup_before_import);

  return g_test_run ();
}
