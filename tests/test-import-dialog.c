/* test-import-dialog.c: the import dialog, from the file to "Undo import"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kontor-core.h"
#include "kontor-import-dialog.h"

static void
wait_for_step (KontorImportDialog *dialog,
               const char         *step)
{
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  while (g_strcmp0 (kontor_import_dialog_get_step (dialog), step) != 0)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

static void
test_import_and_undo (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kontor-import-dialog-XXXXXX", &error);
  g_autofree char *db = g_build_filename (dir, "test.db", NULL);
  g_autofree char *csv = g_test_build_filename (G_TEST_DIST, "data", "bitrix24-win1251.csv",
                                                NULL);
  g_autoptr(KontorRepository) repo = kontor_repository_open (db, &error);
  KontorImportDialog *dialog;

  g_assert_no_error (error);
  dialog = KONTOR_IMPORT_DIALOG (kontor_import_dialog_new (NULL, repo, KONTOR_TYPE_CONTACT));
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_cmpstr (kontor_import_dialog_get_step (dialog), ==, "choose");

  g_assert_true (kontor_import_dialog_open_file (dialog, csv));
  g_assert_cmpstr (kontor_import_dialog_get_step (dialog), ==, "mapping");

  /* Check: a dry run that writes nothing */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.check", NULL));
  wait_for_step (dialog, "summary");
  g_assert_cmpint (kontor_repository_count (repo, KONTOR_TYPE_CONTACT, NULL), ==, 0);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.run", NULL));
  wait_for_step (dialog, "result");
  g_assert_cmpint (kontor_repository_count (repo, KONTOR_TYPE_CONTACT, NULL), ==, 2);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.undo", NULL));
  g_assert_cmpint (kontor_repository_count (repo, KONTOR_TYPE_CONTACT, NULL), ==, 0);

  gtk_window_destroy (GTK_WINDOW (dialog));
  g_clear_object (&repo);
  {
    g_autofree char *wal = g_strconcat (db, "-wal", NULL);
    g_autofree char *shm = g_strconcat (db, "-shm", NULL);

    g_unlink (db);
    g_unlink (wal);
    g_unlink (shm);
    g_rmdir (dir);
  }
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/import-dialog/checks-imports-and-undoes", test_import_and_undo);

  return g_test_run ();
}
