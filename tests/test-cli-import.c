/* test-cli-import.c: kontor-cli import, export, backup and restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include <glib.h>

typedef struct
{
  char *dir;
  char *db;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kontor-cli-import-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "a.db", NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_unlink (path);
    }
  g_rmdir (f->dir);
  g_free (f->db);
  g_free (f->dir);
}

/* Runs kontor-cli on @db; returns its exit status */
static int
run_cli (const char  *db,
         char       **out,
         char       **err,
         ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL;
  g_autofree char *stderr_text = NULL;
  const char *cli = g_getenv ("KONTOR_CLI");
  const char *arg;
  int status = 0;
  va_list ap;

  g_assert_nonnull (cli);
  g_ptr_array_add (args, (char *) cli);
  g_ptr_array_add (args, (char *) "--database");
  g_ptr_array_add (args, (char *) db);
  va_start (ap, err);
  while ((arg = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (args, (char *) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_assert_true (g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               &stdout_text, &stderr_text, &status, &error));
  g_assert_no_error (error);

  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);

  return WIFEXITED (status) ? WEXITSTATUS (status) : -1;
}

static guint
count_records (const char *db,
               const char *entity)
{
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  guint n = 0;

  g_assert_cmpint (run_cli (db, &out, NULL, "list", entity, NULL), ==, 0);
  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    n += *lines[i] != '\0' ? 1 : 0;

  return n;
}

static char *
fixture_path (const char *name)
{
  return g_test_build_filename (G_TEST_DIST, "data", name, NULL);
}

static void
test_import_csv (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *csv = fixture_path ("bitrix24-win1251.csv");
  g_autofree char *rejects = g_build_filename (f->dir, "rejects.csv", NULL);
  g_autofree char *out = NULL;
  g_autofree char *rejected = NULL;
  guint before;

  before = count_records (f->db, "contacts");
  g_assert_cmpuint (before, ==, 0);

  g_assert_cmpint (run_cli (f->db, &out, NULL, "import", "csv", "contacts", csv,
                            "--duplicates", "skip", "--dry-run", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "WINDOWS-1251"));
  g_assert_nonnull (strstr (out, "Фамилия → last_name"));
  g_assert_nonnull (strstr (out, "to create: 2"));
  g_assert_nonnull (strstr (out, "with errors: 1"));
  g_assert_nonnull (strstr (out, "Row 4: "));
  g_assert_cmpuint (count_records (f->db, "contacts"), ==, 0);
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (f->db, &out, NULL, "import", "csv", "contacts", csv,
                            "--rejects", rejects, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Import #1 done"));
  g_assert_cmpuint (count_records (f->db, "contacts"), ==, 2);
  g_assert_true (g_file_get_contents (rejects, &rejected, NULL, NULL));
  g_assert_nonnull (strstr (rejected, "Олег"));
  g_assert_nonnull (strstr (rejected, "oleg@bad"));
  g_clear_pointer (&out, g_free);

  /* The same file again: its clients are skipped unless asked otherwise */
  g_assert_cmpint (run_cli (f->db, &out, NULL, "import", "csv", "contacts", csv, "--dry-run",
                            NULL), ==, 0);
  g_assert_nonnull (strstr (out, "to create: 0"));
  g_assert_nonnull (strstr (out, "to skip: 2"));
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (f->db, &out, NULL, "import", "csv", "contacts", csv, NULL), ==, 0);
  g_assert_cmpuint (count_records (f->db, "contacts"), ==, 2);
  g_clear_pointer (&out, g_free);

  /* What the command takes */
  g_assert_cmpint (run_cli (f->db, &out, NULL, "import", "csv", "--help", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "--duplicates"));
  g_clear_pointer (&out, g_free);

  g_assert_cmpint (run_cli (f->db, &out, NULL, "undo-import", "1", NULL), ==, 0);
  g_assert_cmpuint (count_records (f->db, "contacts"), ==, 0);
  g_assert_cmpuint (count_records (f->db, "companies"), ==, 0);
}

static void
test_mapping_and_encoding (Fixture       *f,
                           gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "x.csv", NULL);
  g_autofree char *map = g_build_filename (f->dir, "x.map", NULL);
  g_autofree char *out = NULL;

  g_assert_true (g_file_set_contents (csv, "Who;Where\n\xc8\xe2\xe0\xed;\xcc\xee\xf1\xea\xe2\xe0\n",
                                      -1, NULL));
  g_assert_true (g_file_set_contents (map, "Who=first_name\nWhere=address\n", -1, NULL));
  g_assert_cmpint (run_cli (f->db, &out, NULL, "import", "csv", "contacts", csv, "--mapping", map,
                            "--encoding", "CP1251", NULL), ==, 0);
  g_clear_pointer (&out, g_free);
  g_assert_cmpint (run_cli (f->db, &out, NULL, "show", "contacts", "1", "--json", NULL), ==, 0);
  g_assert_nonnull (strstr (out, "Иван"));
  g_assert_nonnull (strstr (out, "Москва"));
}

static void
test_bad_input (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *broken = fixture_path ("broken-unterminated.csv");
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (f->db, NULL, NULL, "import", "csv", "contacts", NULL), ==, 2);
  g_assert_cmpint (run_cli (f->db, NULL, NULL, "import", "csv", "contacts", broken,
                            "--duplicates", "sometimes", NULL), ==, 2);
  g_assert_cmpint (run_cli (f->db, NULL, NULL, "import", "xls", broken, NULL), ==, 2);
  g_assert_cmpint (run_cli (f->db, NULL, &err, "import", "csv", "contacts", broken, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "Row 2 (line 2), column 2"));
  g_assert_cmpuint (count_records (f->db, "contacts"), ==, 0);
}

static void
test_export_round_trip (Fixture       *f,
                        gconstpointer  data)
{
  g_autofree char *csv = g_build_filename (f->dir, "contacts.csv", NULL);
  g_autofree char *vcf = g_build_filename (f->dir, "contacts.vcf", NULL);
  g_autofree char *db2 = g_build_filename (f->dir, "b.db", NULL);
  g_autofree char *db3 = g_build_filename (f->dir, "c.db", NULL);
  g_autofree char *list1 = NULL;
  g_autofree char *list2 = NULL;
  g_autofree char *list3 = NULL;
  g_autofree char *vcards = NULL;

  g_assert_cmpint (run_cli (f->db, NULL, NULL, "demo", "--records", "30", NULL), ==, 0);
  g_assert_cmpint (run_cli (f->db, NULL, NULL, "export", "csv", "contacts", csv, NULL), ==, 0);
  g_assert_cmpint (run_cli (db2, NULL, NULL, "import", "csv", "contacts", csv, NULL), ==, 0);
  g_assert_cmpint (run_cli (f->db, NULL, NULL, "export", "vcard", vcf, NULL), ==, 0);
  g_assert_cmpint (run_cli (db3, NULL, NULL, "import", "vcard", vcf, NULL), ==, 0);
  g_assert_true (g_file_get_contents (vcf, &vcards, NULL, NULL));
  g_assert_true (g_str_has_prefix (vcards, "BEGIN:VCARD"));

  g_assert_cmpint (run_cli (f->db, &list1, NULL, "list", "contacts", "--sort", "email", NULL),
                   ==, 0);
  g_assert_cmpint (run_cli (db2, &list2, NULL, "list", "contacts", "--sort", "email", NULL),
                   ==, 0);
  g_assert_cmpint (run_cli (db3, &list3, NULL, "list", "contacts", "--sort", "email", NULL),
                   ==, 0);
  g_assert_cmpuint (count_records (f->db, "contacts"), >, 5);
  g_assert_cmpuint (count_records (db2, "contacts"), ==, count_records (f->db, "contacts"));
  g_assert_cmpuint (count_records (db3, "contacts"), ==, count_records (f->db, "contacts"));
}

static void
test_backup_restore (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *backup = g_build_filename (f->dir, "backup.json", NULL);
  g_autofree char *db2 = g_build_filename (f->dir, "b.db", NULL);
  const char *entities[] = { "deals", "contacts", "companies", "leads", "invoices" };
  g_autofree char *err = NULL;

  g_assert_cmpint (run_cli (f->db, NULL, NULL, "demo", "--records", "40", NULL), ==, 0);
  g_assert_cmpint (run_cli (f->db, NULL, NULL, "backup", backup, NULL), ==, 0);
  g_assert_cmpint (run_cli (db2, NULL, NULL, "restore", backup, NULL), ==, 0);

  for (guint i = 0; i < G_N_ELEMENTS (entities); i++)
    {
      g_autofree char *a = NULL;
      g_autofree char *b = NULL;

      g_assert_cmpint (run_cli (f->db, &a, NULL, "list", entities[i], "--json", NULL), ==, 0);
      g_assert_cmpint (run_cli (db2, &b, NULL, "list", entities[i], "--json", NULL), ==, 0);
      g_assert_cmpstr (a, ==, b);
    }

  /* Not twice */
  g_assert_cmpint (run_cli (db2, NULL, &err, "restore", backup, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "empty"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/cli-import/" name, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("imports-csv-with-dry-run-rejects-and-undo", test_import_csv);
  ADD ("takes-a-mapping-file-and-an-encoding", test_mapping_and_encoding);
  ADD ("reports-bad-usage-and-broken-files", test_bad_input);
  ADD ("exports-csv-and-vcard-that-import-back", test_export_round_trip);
  ADD ("backup-then-restore-lists-the-same", test_backup_restore);

  return g_test_run ();
}
