/* test-privacy.c: every file Kontor writes is private
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sys/stat.h>

#include "kontor-core.h"
#include "kontor-test-util.h"

static guint
file_mode (const char *path)
{
  GStatBuf st;

  g_assert_cmpint (g_stat (path, &st), ==, 0);
  return st.st_mode & 0777;
}

static void
assert_private_file (const char *path)
{
  g_autofree char *folder = g_path_get_dirname (path);

  g_test_message ("%s", path);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (file_mode (path), ==, 0600);
  g_assert_cmpuint (file_mode (folder), ==, 0700);
}

static void
test_every_file_is_private (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = kontor_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "data", "kontor", "kontor.db", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *backup = NULL;
  g_autoptr(GHashTable) fields = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) drafts = NULL;
  g_autofree char *drafts_dir = g_build_filename (dir, "data", "kontor", "drafts", NULL);
  g_autoptr(GDir) listing = NULL;
  const char *name;
  KontorRepository *repo;
  mode_t old_umask;

  /* Even with a careless umask */
  old_umask = umask (0);

  repo = kontor_repository_open_checked (path, KONTOR_OPEN_CHECKED_DEFAULT, &error);
  g_assert_no_error (error);
  g_assert_true (kontor_demo_fill (repo, 20, 1, &error));
  g_assert_no_error (error);

  assert_private_file (path);
  assert_private_file (wal);
  assert_private_file (shm);

  g_assert_true (kontor_backup_create (repo, "import", &backup, &error));
  g_assert_no_error (error);
  assert_private_file (backup);

  g_hash_table_insert (fields, "last_name", "Секретова");
  g_assert_true (kontor_drafts_save (path, "contact", 3, fields, &error));
  g_assert_no_error (error);
  listing = g_dir_open (drafts_dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *draft = g_build_filename (drafts_dir, name, NULL);

      assert_private_file (draft);
    }
  drafts = kontor_drafts_list (path, &error);
  g_assert_cmpuint (drafts->len, ==, 1);

  g_assert_true (kontor_check_folder_private (path, &error));
  g_assert_no_error (error);

  g_assert_finalize_object (repo);
  kontor_repository_mark_closed (path);
  umask (old_umask);
  kontor_test_remove_dir (dir);
}

static void
test_shared_folder_is_warned_about (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = kontor_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "kontor.db", NULL);
  KontorRepository *repo;

  repo = kontor_repository_open (path, &error);
  g_assert_no_error (error);
  g_assert_finalize_object (repo);

  g_assert_true (kontor_check_folder_private (path, &error));
  g_assert_no_error (error);

  /* A folder others can write to (like /tmp) */
  g_assert_cmpint (g_chmod (dir, 01777), ==, 0);
  g_assert_false (kontor_check_folder_private (path, &error));
  g_assert_nonnull (error);
  g_test_message ("%s", error->message);
  g_assert_nonnull (strstr (error->message, dir));
  g_clear_error (&error);

  g_assert_cmpint (g_chmod (dir, 0770), ==, 0);
  g_assert_false (kontor_check_folder_private (path, &error));
  g_clear_error (&error);

  /* A private folder with a database others can read */
  g_assert_cmpint (g_chmod (dir, 0700), ==, 0);
  g_assert_cmpint (g_chmod (path, 0644), ==, 0);
  g_assert_false (kontor_check_folder_private (path, &error));
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);

  kontor_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/privacy/database-wal-backups-and-drafts-are-private",
                   test_every_file_is_private);
  g_test_add_func ("/privacy/a-folder-others-can-write-is-warned-about",
                   test_shared_folder_is_warned_about);

  return g_test_run ();
}
