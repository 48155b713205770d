/* test-export.c: CSV export round trips and the JSON backup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "kontor-core.h"
#include "kontor-test-util.h"
#include "kontor-demo.h"
#include "kontor-export.h"
#include "kontor-import.h"
#include "kontor-vcard.h"

typedef struct
{
  char             *dir;
  char             *path;
  char             *path2;
  KontorRepository *repo;
  KontorRepository *repo2;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kontor-export-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "a.db", NULL);
  f->path2 = g_build_filename (f->dir, "b.db", NULL);
  f->repo = kontor_repository_open (f->path, &error);
  g_assert_no_error (error);
  f->repo2 = kontor_repository_open (f->path2, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->repo);
  g_clear_object (&f->repo2);
  /* The backups made before imports are in a folder of their own */
  kontor_test_remove_dir (f->dir);
  g_free (f->path);
  g_free (f->path2);
  g_free (f->dir);
}

/* Every row of every table (the search index too) as text */
static char *
dump_database (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *tables = NULL;
  GString *out = g_string_new (NULL);

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT "
                      "LIKE 'search_index_%' AND name NOT LIKE 'sqlite_%' ORDER BY name",
                      -1, &tables, NULL);
  while (sqlite3_step (tables) == SQLITE_ROW)
    {
      const char *table = (const char *) sqlite3_column_text (tables, 0);
      g_autofree char *sql = NULL;
      sqlite3_stmt *rows = NULL;

      if (g_str_equal (table, "search_index"))
        sql = g_strdup ("SELECT rowid, body FROM search_index ORDER BY rowid");
      else
        sql = g_strdup_printf ("SELECT * FROM \"%s\" ORDER BY rowid", table);
      g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &rows, NULL), ==, SQLITE_OK);
      g_string_append_printf (out, "[%s]\n", table);
      while (sqlite3_step (rows) == SQLITE_ROW)
        {
          for (int c = 0; c < sqlite3_column_count (rows); c++)
            g_string_append_printf (out, "%d:%s|", sqlite3_column_type (rows, c),
                                    sqlite3_column_text (rows, c)
                                    ? (const char *) sqlite3_column_text (rows, c) : "");
          g_string_append_c (out, '\n');
        }
      sqlite3_finalize (rows);
    }
  sqlite3_finalize (tables);
  sqlite3_close (db);

  return g_string_free (out, FALSE);
}

static void
assert_same_lines (const char *a,
                   const char *b)
{
  g_auto(GStrv) la = g_strsplit (a, "\n", -1);
  g_auto(GStrv) lb = g_strsplit (b, "\n", -1);

  /* The first difference, rather than two whole databases */
  for (guint i = 0; la[i] != NULL || lb[i] != NULL; i++)
    {
      g_assert_cmpstr (la[i], ==, lb[i]);
      if (la[i] == NULL || lb[i] == NULL)
        break;
    }
}

static void
test_backup_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *backup = g_build_filename (f->dir, "backup.json", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;

  g_assert_true (kontor_demo_fill (f->repo, 150, 7, &error));
  g_assert_no_error (error);

  g_assert_true (kontor_backup (f->repo, backup, &error));
  g_assert_no_error (error);
  g_assert_true (kontor_restore (f->repo2, backup, &error));
  g_assert_no_error (error);

  before = dump_database (f->path);
  after = dump_database (f->path2);
  g_assert_cmpuint (strlen (before), >, 10000);
  assert_same_lines (before, after);
  g_assert_cmpint (kontor_repository_count (f->repo2, KONTOR_TYPE_DEAL, NULL), ==,
                   kontor_repository_count (f->repo, KONTOR_TYPE_DEAL, NULL));

  /* Not into a database that has records */
  g_assert_false (kontor_restore (f->repo, backup, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT);
}

static void
test_restore_refuses_other_files (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, "x.json", NULL);

  g_assert_true (g_file_set_contents (path, "{\"format\": \"other\"}", -1, NULL));
  g_assert_false (kontor_restore (f->repo2, path, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

static char *
describe_contacts_fields (KontorRepository    *repo,
                          const char * const  *fields)
{
  g_autoptr(KontorListModel) list = kontor_list_model_new (repo, KONTOR_TYPE_CONTACT);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (list)); i++)
    {
      g_autoptr(KontorEntity) contact = g_list_model_get_item (G_LIST_MODEL (list), i);
      GString *line = g_string_new (NULL);

      for (guint j = 0; fields[j] != NULL; j++)
        {
          g_autofree char *value = NULL;

          if (g_str_equal (fields[j], "company"))
            {
              g_autoptr(KontorEntity) company =
                kontor_repository_find (repo, KONTOR_TYPE_COMPANY,
                                        kontor_entity_get_int (contact, "company"), NULL);
              value = company ? g_strdup (kontor_entity_get_text (company, "name")) : NULL;
            }
          else if (g_str_equal (fields[j], "lead"))
            continue;
          else
            value = kontor_entity_dup_string (contact, fields[j]);
          g_string_append_printf (line, "%s=%s;", fields[j], value ? value : "");
        }
      g_ptr_array_add (lines, g_string_free (line, FALSE));
    }

  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (GStrv) lines->pdata);
}

static char *
describe_contacts (KontorRepository *repo)
{
  g_auto(GStrv) fields = kontor_export_list_fields (KONTOR_TYPE_CONTACT);

  return describe_contacts_fields (repo, (const char * const *) fields);
}

static void
test_csv_round_trip (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_build_filename (f->dir, "contacts.csv", NULL);
  g_autoptr(KontorListModel) list = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);
  g_autoptr(KontorImport) import = NULL;
  g_autoptr(KontorImportResult) result = NULL;
  g_autoptr(KontorEntity) odd = g_object_new (KONTOR_TYPE_CONTACT, "first-name", "Quote \"Q\"",
                                              "last-name", "Comma, Semi; \"Q\"",
                                              "comment", "two\nlines", NULL);
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_auto(GStrv) fields = kontor_export_list_fields (KONTOR_TYPE_CONTACT);

  g_assert_true (kontor_demo_fill (f->repo, 100, 3, &error));
  g_assert_true (kontor_repository_save (f->repo, odd, &error));
  g_assert_no_error (error);

  g_assert_true (kontor_export_csv (list, NULL, csv, NULL, &error));
  g_assert_no_error (error);

  import = kontor_import_new (f->repo2, KONTOR_TYPE_CONTACT, csv, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; fields[i] != NULL; i++)
    if (!g_str_equal (fields[i], "lead"))
      g_assert_cmpstr (kontor_import_get_column_field (import, i), ==, fields[i]);
  result = kontor_import_run (import, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->errors, ==, 0);
  g_assert_cmpuint (result->created, ==, g_list_model_get_n_items (G_LIST_MODEL (list)));

  before = describe_contacts (f->repo);
  after = describe_contacts (f->repo2);
  assert_same_lines (before, after);
}

static void
test_csv_as_shown (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *csv = g_build_filename (f->dir, "some.csv", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(KontorListModel) list = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);
  const char *fields[] = { "last_name", "first_name", NULL };
  const char *names[][2] = { { "Ann", "Zeta" }, { "Bob", "Alpha" }, { "Ann", "Beta" } };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(KontorEntity) c = g_object_new (KONTOR_TYPE_CONTACT, "first-name", names[i][0],
                                                "last-name", names[i][1], NULL);
      g_assert_true (kontor_repository_save (f->repo, c, &error));
    }

  kontor_list_model_set_search (list, "Ann");
  kontor_list_model_set_sort (list, "last_name", FALSE, NULL);
  g_assert_true (kontor_export_csv (list, fields, csv, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (csv, &contents, NULL, NULL));
  g_assert_cmpstr (contents, ==, "\xef\xbb\xbfLast name,First name\r\nBeta,Ann\r\nZeta,Ann\r\n");
}

static char *
query_text (const char *path,
            const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  return value;
}

static void
test_vcard_21 (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "contacts-21-qp.vcf", NULL);
  g_autoptr(KontorImport) import = kontor_vcard_import_new (f->repo, path, &error);
  g_autoptr(KontorImportResult) result = NULL;
  g_autofree char *name = NULL;
  g_autofree char *company = NULL;
  g_autofree char *phones = NULL;
  g_autofree char *second = NULL;

  g_assert_no_error (error);
  result = kontor_import_run (import, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (result->created, ==, 2);

  /* Quoted-printable UTF-8 and Windows-1251 come out as Cyrillic */
  name = query_text (f->path, "SELECT first_name || ' ' || middle_name || ' ' || last_name || "
                              "' / ' || position || ' / ' || comment FROM contacts ORDER BY id");
  g_assert_cmpstr (name, ==, "Иван Сергеевич Петров / Директор / Звонить после 10");
  company = query_text (f->path, "SELECT name FROM companies");
  g_assert_cmpstr (company, ==, "ООО Ромашка");
  phones = query_text (f->path, "SELECT group_concat(normalized, ' ') FROM (SELECT normalized "
                                "FROM contact_points WHERE owner_id = 1 AND owner_kind = "
                                "'contact' ORDER BY id)");
  g_assert_cmpstr (phones, ==, "79123456789 74951234567 ivan@example.ru");
  second = query_text (f->path, "SELECT first_name || ' ' || last_name FROM contacts WHERE id = 2");
  g_assert_cmpstr (second, ==, "Мария Смирнова");

  /* One undo unit, as any import */
  g_assert_true (kontor_import_undo (f->repo, result->import_id, &error));
  g_assert_cmpint (kontor_repository_count (f->repo, KONTOR_TYPE_CONTACT, NULL), ==, 0);
}

static void
test_vcard_40 (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "contacts-40.vcf", NULL);
  g_autoptr(KontorImport) import = kontor_vcard_import_new (f->repo, path, &error);
  g_autoptr(KontorImportResult) result = NULL;
  g_autofree char *row = NULL;

  g_assert_no_error (error);
  result = kontor_import_run (import, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (result->reasons->len ? g_ptr_array_index (result->reasons, 0) : NULL, ==, NULL);
  g_assert_cmpuint (result->created, ==, 1);
  row = query_text (f->path, "SELECT first_name || '|' || middle_name || '|' || last_name || '|' "
                             "|| position || '|' || birthday || '|' || address || '|' || comment "
                             "FROM contacts");
  g_assert_cmpstr (row, ==, "Alice|Jane|Brown|Buyer|1985-04-12|1 Main Street, London, EC1A 1BB, "
                            "United Kingdom|Met at the fair, likes tea");
  g_free (row);
  row = query_text (f->path, "SELECT group_concat(value, ' ') FROM contact_points");
  g_assert_nonnull (strstr (row, "alice@globex.com"));
  g_assert_nonnull (strstr (row, "+44 7700 900123"));
}

static void
test_vcard_round_trip (Fixture       *f,
                       gconstpointer  data)
{
  KontorVCardVersion versions[] = { KONTOR_VCARD_21, KONTOR_VCARD_30 };
  const char * const vcard_fields[] = { "first_name", "middle_name", "last_name", "position",
                                        "company", "phone", "email", "birthday", "address",
                                        "comment", NULL };

  for (guint v = 0; v < G_N_ELEMENTS (versions); v++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *vcf = g_build_filename (f->dir, "out.vcf", NULL);
      g_autoptr(KontorListModel) list = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);
      g_autoptr(KontorImport) import = NULL;
      g_autoptr(KontorImportResult) result = NULL;
      g_autofree char *before = NULL;
      g_autofree char *after = NULL;
      g_autofree char *contents = NULL;
      guint count = 0;

      if (v == 0)
        {
          g_autoptr(KontorEntity) odd = g_object_new (KONTOR_TYPE_CONTACT,
                                                      "first-name", "Ёжик",
                                                      "last-name", "В тумане, \"и\" сказка",
                                                      "comment", "строка 1,\nстрока 2", NULL);
          g_assert_true (kontor_demo_fill (f->repo, 40, 5, &error));
          g_assert_true (kontor_repository_save (f->repo, odd, &error));
        }

      g_assert_true (kontor_vcard_export (list, vcf, versions[v], &count, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (count, ==, g_list_model_get_n_items (G_LIST_MODEL (list)));
      g_assert_true (g_file_get_contents (vcf, &contents, NULL, NULL));
      g_assert_nonnull (strstr (contents, v == 0 ? "VERSION:2.1" : "VERSION:3.0"));

      import = kontor_vcard_import_new (f->repo2, vcf, &error);
      g_assert_no_error (error);
      result = kontor_import_run (import, FALSE, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (result->errors, ==, 0);

      /* What a vCard carries */
      before = describe_contacts_fields (f->repo, vcard_fields);
      after = describe_contacts_fields (f->repo2, vcard_fields);
      assert_same_lines (before, after);

      /* Empty the second database for the next version */
      g_assert_true (kontor_import_undo (f->repo2, result->import_id, &error));
      g_assert_no_error (error);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/export/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("backup-restore-gives-an-identical-database", test_backup_round_trip);
  ADD ("restore-refuses-other-files", test_restore_refuses_other_files);
  ADD ("csv-export-then-import-gives-the-same-contacts", test_csv_round_trip);
  ADD ("csv-export-writes-the-list-as-shown", test_csv_as_shown);
  ADD ("imports-vcard-21-quoted-printable-cyrillic", test_vcard_21);
  ADD ("imports-vcard-40", test_vcard_40);
  ADD ("vcard-export-then-import-gives-the-same-contacts", test_vcard_round_trip);

  return g_test_run ();
}
