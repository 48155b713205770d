/* test-fuzz-replay.c: the inputs kept from fuzzing, fed to their readers
 *
 * tests/data/fuzz/<target>-<name> is an input that once crashed, leaked or
 * hung the target tests/fuzz/fuzz-<target>.c; this test gives it to the same
 * entry point and only checks that the reader answers: TRUE, or FALSE with
 * an error. Files without such a prefix are CSV inputs (see test-csv.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sys/wait.h>

#include "kontor-test-util.h"
#include "kontor-vcard.h"

typedef void (*ReplayFunc) (const char *path,
                            const char *data,
                            gsize       length);

/* Calls func for every file of dir_path whose name starts with prefix */
static guint
replay_dir (const char *dir_path,
            const char *prefix,
            ReplayFunc  func)
{
  g_autoptr(GDir) dir = g_dir_open (dir_path, 0, NULL);
  const char *name;
  guint n_files = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (dir_path, name, NULL);
      g_autofree char *data = NULL;
      gsize length = 0;

      if (!g_str_has_prefix (name, prefix))
        continue;
      g_test_message ("%s", path);
      g_assert_true (g_file_get_contents (path, &data, &length, NULL));
      func (path, data, length);
      n_files++;
    }

  return n_files;
}

/* The inputs kept in tests/data/fuzz/<target>-*, then the seed corpus
 * tests/fuzz/corpus/<target>/ */
static void
replay_target (const char *target,
               ReplayFunc  func)
{
  g_autofree char *data_dir = g_test_build_filename (G_TEST_DIST, "data", "fuzz", NULL);
  g_autofree char *corpus_dir = g_test_build_filename (G_TEST_DIST, "fuzz", "corpus", target, NULL);
  g_autofree char *prefix = g_strconcat (target, "-", NULL);

  replay_dir (data_dir, prefix, func);
  g_assert_cmpuint (replay_dir (corpus_dir, "", func), >, 0);
}

static void
replay_ical (const char *path,
             const char *data,
             gsize       length)
{
  g_autofree char *dir = kontor_test_make_dir ();
  g_autofree char *db = g_build_filename (dir, "kontor.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorRepository) repo = kontor_repository_open (db, &error);
  guint created = 0;
  guint updated = 0;

  g_assert_no_error (error);
  if (kontor_ical_import_data (repo, data, length, &created, &updated, &error))
    g_assert_no_error (error);
  else
    g_assert_nonnull (error);
  g_clear_object (&repo);
  kontor_test_remove_dir (dir);
}

static void
test_ical (void)
{
  replay_target ("ical", replay_ical);
}

static void
replay_vcard (const char *path,
              const char *data,
              gsize       length)
{
  g_autofree char *dir = kontor_test_make_dir ();
  g_autofree char *db = g_build_filename (dir, "kontor.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorRepository) repo = kontor_repository_open (db, &error);
  g_autoptr(KontorImport) import = NULL;
  g_autoptr(KontorImportResult) result = NULL;

  g_assert_no_error (error);
  import = kontor_vcard_import_new (repo, path, &error);
  if (import != NULL)
    {
      g_assert_no_error (error);
      result = kontor_import_run (import, FALSE, NULL, &error);
      if (result != NULL)
        g_assert_no_error (error);
    }
  g_assert_true ((import != NULL && result != NULL) || error != NULL);
  g_clear_object (&import);
  g_clear_object (&repo);
  kontor_test_remove_dir (dir);
}

static void
test_vcard (void)
{
  replay_target ("vcard", replay_vcard);
}

/* As tests/fuzz/fuzz-cli.c: arguments split on NUL bytes after
 * --database <file>, run in a scratch folder */
static void
replay_cli (const char *path,
            const char *data,
            gsize       length)
{
  g_autofree char *dir = kontor_test_make_dir ();
  g_autofree char *db = g_build_filename (dir, "kontor.db", NULL);
  g_autoptr(GPtrArray) args = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) error = NULL;
  gsize start = 0;
  int status = 0;

  g_ptr_array_add (args, g_strdup (g_getenv ("KONTOR_CLI")));
  g_ptr_array_add (args, g_strdup ("--database"));
  g_ptr_array_add (args, g_strdup (db));
  for (gsize i = 0; i <= length; i++)
    if (i == length || data[i] == '\0')
      {
        if (i > start || i < length)
          g_ptr_array_add (args, g_strndup (data + start, i - start));
        start = i + 1;
      }
  g_ptr_array_add (args, NULL);

  g_assert_true (g_spawn_sync (dir, (char **) args->pdata, NULL,
                               G_SPAWN_STDOUT_TO_DEV_NULL | G_SPAWN_STDERR_TO_DEV_NULL,
                               NULL, NULL, NULL, NULL, &status, &error));
  g_assert_no_error (error);
  /* 0, 1 (error) or 2 (usage): an exit, not a crash */
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), <=, 2);
  kontor_test_remove_dir (dir);
}

static void
test_cli (void)
{
  if (g_getenv ("KONTOR_CLI") == NULL)
    {
      g_test_skip ("KONTOR_CLI is not set");
      return;
    }
  replay_target ("cli", replay_cli);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/fuzz-replay/ical-inputs-are-imported-or-refused", test_ical);
  g_test_add_func ("/fuzz-replay/vcard-inputs-are-imported-or-refused", test_vcard);
  g_test_add_func ("/fuzz-replay/cli-inputs-exit-without-a-crash", test_cli);

  return g_test_run ();
}
