/* test-preferences.c: the preferences window and its settings
 *
 * The pages are also rendered to <build>/tests/screenshots/preferences-*.png.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kontor-application.h"
#include "kontor-preferences-window.h"
#include "kontor-test-util.h"
#include "kontor-ui-test.h"

static const char * const keys[] = {
  "default-currency", "default-vat-rate", "invoice-number-pattern", "color-scheme",
  "run-in-background", "seller-name", "seller-tax-id", "database-path", "backup-enabled",
  "backup-keep-daily", "backup-keep-weekly", NULL,
};

typedef struct
{
  UiFixture                ui;
  KontorPreferencesWindow *prefs;
  GSettings               *settings;
} Fixture;

/* The template child called @name, found by its widget name or buildable id */
static GtkWidget *
find_child (GtkWidget  *widget,
            const char *id)
{
  const char *buildable_id = gtk_buildable_get_buildable_id (GTK_BUILDABLE (widget));

  if (g_strcmp0 (buildable_id, id) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_child (child, id);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  ui_fixture_open_repository (&f->ui);

  f->settings = g_settings_new (APP_ID);
  for (guint i = 0; keys[i] != NULL; i++)
    g_settings_reset (f->settings, keys[i]);

  f->prefs = KONTOR_PREFERENCES_WINDOW (kontor_preferences_window_new (NULL, f->ui.repository));
  g_object_ref_sink (f->prefs);
  gtk_window_set_default_size (GTK_WINDOW (f->prefs), 640, 760);
  gtk_window_present (GTK_WINDOW (f->prefs));
  for (guint i = 0; i < 200 && !gtk_widget_get_mapped (GTK_WIDGET (f->prefs)); i++)
    ui_wait (10);
  ui_wait (50);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  gtk_window_destroy (GTK_WINDOW (f->prefs));
  ui_iterate ();
  g_assert_finalize_object (f->prefs);
  g_clear_object (&f->settings);
  ui_fixture_teardown (&f->ui, NULL);
}

static void
test_money_settings (Fixture       *f,
                     gconstpointer  data)
{
  AdwComboRow *currency = ADW_COMBO_ROW (find_child (GTK_WIDGET (f->prefs), "currency_row"));
  GtkSpinButton *vat = GTK_SPIN_BUTTON (find_child (GTK_WIDGET (f->prefs), "vat_spin"));
  g_autofree char *key = NULL;

  g_assert_nonnull (currency);
  g_assert_nonnull (vat);

  /* The key's value is shown... */
  g_assert_cmpuint (adw_combo_row_get_selected (currency), ==, 0);
  g_assert_cmpfloat (gtk_spin_button_get_value (vat), ==, 20.0);

  /* ...a choice is saved at once, and new records use it */
  adw_combo_row_set_selected (currency, 2);
  key = g_settings_get_string (f->settings, "default-currency");
  g_assert_cmpstr (key, ==, "EUR");
  g_assert_cmpstr (kontor_repository_get_default_currency (f->ui.repository), ==, "EUR");

  gtk_spin_button_set_value (vat, 12.5);
  g_assert_cmpint (g_settings_get_int (f->settings, "default-vat-rate"), ==, 1250);

  /* A currency outside the common ones is added to the list */
  g_settings_set_string (f->settings, "default-currency", "SEK");
  g_assert_cmpstr (gtk_string_object_get_string (adw_combo_row_get_selected_item (currency)), ==,
                   "SEK");
}

static void
test_invoice_example_follows_pattern (Fixture       *f,
                                      gconstpointer  data)
{
  AdwEntryRow *pattern = ADW_ENTRY_ROW (find_child (GTK_WIDGET (f->prefs), "pattern_row"));
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *expected = g_strdup_printf ("%d-0007", g_date_time_get_year (now));
  g_autofree char *example = kontor_preferences_window_dup_example (f->prefs);
  g_autofree char *custom = NULL;
  g_autofree char *bad = NULL;

  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (pattern)), ==, "{year}-{n:04}");
  g_assert_cmpstr (example, ==, expected);

  gtk_editable_set_text (GTK_EDITABLE (pattern), "INV/{n:03}");
  custom = kontor_preferences_window_dup_example (f->prefs);
  g_assert_cmpstr (custom, ==, "INV/007");
  g_assert_false (gtk_widget_has_css_class (GTK_WIDGET (pattern), "error"));

  /* Without {n} the pattern is marked and the example says why */
  gtk_editable_set_text (GTK_EDITABLE (pattern), "INV");
  bad = kontor_preferences_window_dup_example (f->prefs);
  g_assert_nonnull (strstr (bad, "{n}"));
  g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (pattern), "error"));
}

static void
test_seller_and_appearance (Fixture       *f,
                            gconstpointer  data)
{
  GtkEditable *name = GTK_EDITABLE (find_child (GTK_WIDGET (f->prefs), "seller_name_row"));
  GtkEditable *tax_id = GTK_EDITABLE (find_child (GTK_WIDGET (f->prefs), "seller_tax_id_row"));
  AdwComboRow *style = ADW_COMBO_ROW (find_child (GTK_WIDGET (f->prefs), "style_row"));
  GtkSwitch *background = GTK_SWITCH (find_child (GTK_WIDGET (f->prefs), "background_switch"));
  g_autofree char *seller = NULL;
  g_autofree char *scheme = NULL;

  gtk_editable_set_text (name, "ООО «Ромашка»");
  seller = g_settings_get_string (f->settings, "seller-name");
  g_assert_cmpstr (seller, ==, "ООО «Ромашка»");

  g_settings_set_string (f->settings, "seller-tax-id", "7701234567");
  g_assert_cmpstr (gtk_editable_get_text (tax_id), ==, "7701234567");

  adw_combo_row_set_selected (style, 2);
  scheme = g_settings_get_string (f->settings, "color-scheme");
  g_assert_cmpstr (scheme, ==, "dark");

  gtk_switch_set_active (background, TRUE);
  g_assert_true (g_settings_get_boolean (f->settings, "run-in-background"));
}

static void
test_back_up_now (Fixture       *f,
                  gconstpointer  data)
{
  const char *path = kontor_repository_get_path (f->ui.repository);
  g_autoptr(GPtrArray) before = kontor_backup_list (path, NULL);
  g_autoptr(GPtrArray) after = NULL;
  g_autofree char *folder = kontor_backup_dup_folder (path);

  AdwActionRow *restore = ADW_ACTION_ROW (find_child (GTK_WIDGET (f->prefs), "restore_row"));

  g_assert_cmpuint (before->len, ==, 0);
  g_assert_cmpstr (adw_action_row_get_subtitle (restore), ==, "There are no backups yet");

  /* The copy is made in a worker: the button waits for it, the window does not */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->prefs), "prefs.back-up", NULL));
  for (guint i = 0; i < 500; i++)
    {
      g_clear_pointer (&after, g_ptr_array_unref);
      after = kontor_backup_list (path, NULL);
      if (after->len > 0 && strstr (adw_action_row_get_subtitle (restore), "1 backup") != NULL)
        break;
      ui_wait (10);
    }
  g_assert_cmpuint (after->len, ==, 1);
  g_assert_cmpstr (adw_action_row_get_subtitle (restore), ==,
                   "Replace the data with an earlier copy; 1 backup");

  /* Now there is something to restore: the subpage lists it */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->prefs), "prefs.restore", NULL));
  ui_wait (50);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->prefs), "prefs.close-subpage", NULL));

  for (guint i = 0; i < after->len; i++)
    g_remove (g_ptr_array_index (after, i));
  g_rmdir (folder);
}

static void
test_move_database (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KontorEntity) anna = ui_add (f->ui.repository, KONTOR_TYPE_CONTACT,
                                         "first_name", "Anna", NULL);
  g_autofree char *target = g_build_filename (f->ui.dir, "moved.db", NULL);
  g_autofree char *folder = kontor_backup_dup_folder (kontor_repository_get_path (f->ui.repository));
  g_autofree char *key = NULL;
  g_autoptr(KontorRepository) moved = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;

  /* Moving onto itself is refused */
  g_assert_false (kontor_preferences_window_move_database (f->prefs,
                                                           kontor_repository_get_path (f->ui.repository),
                                                           &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (kontor_preferences_window_move_database (f->prefs, target, &error));
  g_assert_no_error (error);
  key = g_settings_get_string (f->settings, "database-path");
  g_assert_cmpstr (key, ==, target);

  moved = kontor_repository_open (target, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kontor_repository_count (moved, KONTOR_TYPE_CONTACT, NULL), ==, 1);
  g_clear_object (&moved);

  backups = kontor_backup_list (kontor_repository_get_path (f->ui.repository), NULL);
  for (guint i = 0; i < backups->len; i++)
    g_remove (g_ptr_array_index (backups, i));
  g_rmdir (folder);
}

static KontorPreferencesWindow *
find_preferences (KontorPreferencesWindow *other)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

      if (KONTOR_IS_PREFERENCES_WINDOW (window) && (gpointer) window != (gpointer) other &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return KONTOR_PREFERENCES_WINDOW (window);
    }

  return NULL;
}

/* What the window does after its file chooser or confirmation */
static void
emit_switch (KontorPreferencesWindow *prefs,
             const char              *path,
             const char              *backup)
{
  kontor_preferences_window_switch_database (prefs, path, backup);
}

static KontorRepository *
app_repository (KontorApplication *app)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  g_assert_true (KONTOR_IS_WINDOW (window));
  return kontor_window_get_repository (KONTOR_WINDOW (window));
}

/* app.preferences opens the window; moving the database and restoring a
 * backup reopen the application's window on the right file */
static void
test_application_switches_database (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(KontorApplication) app = NULL;
  g_autoptr(GPtrArray) backups = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *target = g_build_filename (f->ui.dir, "moved.db", NULL);
  g_autofree char *folder = kontor_backup_dup_folder (kontor_repository_get_path (f->ui.repository));
  g_autofree char *before_restore = g_strconcat (target, ".before-restore", NULL);
  KontorPreferencesWindow *prefs;
  KontorRepository *repository;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("needs a session bus (dbus-run-session)");
      return;
    }

  g_object_unref (ui_add (f->ui.repository, KONTOR_TYPE_CONTACT, "first_name", "Anna", NULL));
  g_settings_set_string (f->settings, "database-path", kontor_repository_get_path (f->ui.repository));

  app = kontor_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));
  ui_wait (50);

  g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
  ui_wait (50);
  prefs = find_preferences (f->prefs);
  g_assert_nonnull (prefs);
  g_assert_true (kontor_preferences_window_get_repository (prefs) == app_repository (app));

  /* Move: the window now shows the new file, with the same records */
  g_assert_true (kontor_preferences_window_move_database (prefs, target, &error));
  g_assert_no_error (error);
  emit_switch (prefs, target, NULL);
  ui_wait (50);
  repository = app_repository (app);
  g_assert_cmpstr (kontor_repository_get_path (repository), ==, target);
  g_assert_cmpint (kontor_repository_count (repository, KONTOR_TYPE_CONTACT, NULL), ==, 1);

  /* Restore: a backup of the moved file taken with only Anna in it comes
   * back over the file, which by then also had Boris */
  {
    g_autofree char *backup = NULL;
    g_autofree char *moved_folder = kontor_backup_dup_folder (target);

    g_assert_true (kontor_backup_create (repository, "manual", &backup, &error));
    g_assert_no_error (error);
    g_object_unref (ui_add (repository, KONTOR_TYPE_CONTACT, "first_name", "Boris", NULL));
    g_assert_cmpint (kontor_repository_count (repository, KONTOR_TYPE_CONTACT, NULL), ==, 2);

    g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
    ui_wait (50);
    prefs = find_preferences (f->prefs);
    g_assert_nonnull (prefs);
    emit_switch (prefs, target, backup);
    repository = NULL;
    ui_wait (300);

    repository = app_repository (app);
    g_assert_cmpstr (kontor_repository_get_path (repository), ==, target);
    g_assert_cmpint (kontor_repository_count (repository, KONTOR_TYPE_CONTACT, NULL), ==, 1);
    g_assert_true (g_file_test (before_restore, G_FILE_TEST_EXISTS));
    g_remove (backup);
  }

  backups = kontor_backup_list (kontor_repository_get_path (f->ui.repository), NULL);
  g_assert_cmpuint (backups->len, ==, 1);

  gtk_window_destroy (gtk_application_get_active_window (GTK_APPLICATION (app)));
  ui_wait (50);

  for (guint i = 0; i < backups->len; i++)
    g_remove (g_ptr_array_index (backups, i));
  g_rmdir (folder);
  g_remove (before_restore);
  {
    g_autofree char *moved_backups = kontor_backup_dup_folder (target);
    g_autoptr(GPtrArray) more = kontor_backup_list (target, NULL);

    for (guint i = 0; more != NULL && i < more->len; i++)
      g_remove (g_ptr_array_index (more, i));
    g_rmdir (moved_backups);
  }
}

/* A file that must be upgraded opens in a worker thread behind a window
 * that says so; the application's window comes when it is done */
static void
test_upgrade_behind_a_window (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(KontorApplication) app = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->ui.dir, "old.db", NULL);
  g_autofree char *backups = kontor_backup_dup_folder (path);
  GtkWindow *window;

  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      g_test_skip ("needs a session bus (dbus-run-session)");
      return;
    }

  /* In a process of its own: the application of another test of this
   * program stays on the bus under the same name */
  if (!g_test_subprocess ())
    {
      g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_INHERIT_STDERR);
      g_test_trap_assert_passed ();
      return;
    }

  kontor_test_create_old_schema (path, 12);
  kontor_test_exec (path, "INSERT INTO contacts (uuid, created_at, updated_at, first_name, "
                          "last_name) VALUES ('u1', 1, 1, 'Анна', 'Старая');"
                          "PRAGMA user_version = 12;");
  g_assert_true (kontor_repository_open_checked_is_long (path, KONTOR_OPEN_CHECKED_DEFAULT));
  g_settings_set_string (f->settings, "database-path", path);

  app = kontor_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (app));

  /* At once: the waiting window, not the application's */
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_nonnull (window);
  g_assert_false (KONTOR_IS_WINDOW (window));
  g_assert_cmpstr (gtk_window_get_title (window), ==, "Opening the Database");
  g_assert_false (gtk_window_get_deletable (window));

  for (guint i = 0; i < 500 && !KONTOR_IS_WINDOW (gtk_application_get_active_window
                                                   (GTK_APPLICATION (app))); i++)
    ui_wait (20);
  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (KONTOR_IS_WINDOW (window));
  g_assert_cmpint (kontor_repository_count (app_repository (app), KONTOR_TYPE_CONTACT, NULL),
                   ==, 1);
  g_assert_cmpint (kontor_test_query_int (path, "PRAGMA user_version"), ==,
                   kontor_repository_get_schema_version ());

  /* The waiting window is gone */
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (app))), ==, 1);

  gtk_window_destroy (window);
  ui_wait (50);
  {
    g_autoptr(GPtrArray) list = kontor_backup_list (path, NULL);

    for (guint i = 0; list != NULL && i < list->len; i++)
      g_remove (g_ptr_array_index (list, i));
    g_rmdir (backups);
  }
}

static void
test_screenshots (Fixture       *f,
                  gconstpointer  data)
{
  g_settings_set_string (f->settings, "seller-name", "ООО «Ромашка»");
  g_settings_set_string (f->settings, "seller-tax-id", "7701234567");

  g_object_unref (ui_save_screenshot (GTK_WIDGET (f->prefs), "preferences-general"));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (f->prefs), "seller");
  g_object_unref (ui_save_screenshot (GTK_WIDGET (f->prefs), "preferences-seller"));
  adw_preferences_window_set_visible_page_name (ADW_PREFERENCES_WINDOW (f->prefs), "data");
  g_object_unref (ui_save_screenshot (GTK_WIDGET (f->prefs), "preferences-data"));
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/preferences/money-settings-apply-at-once", test_money_settings);
  ADD ("/preferences/invoice-example-follows-the-pattern", test_invoice_example_follows_pattern);
  ADD ("/preferences/seller-and-appearance-are-saved", test_seller_and_appearance);
  ADD ("/preferences/back-up-now", test_back_up_now);
  ADD ("/preferences/move-database-copies-the-records", test_move_database);
  ADD ("/preferences/screenshots", test_screenshots);
  ADD ("/preferences/upgrade-behind-a-window", test_upgrade_behind_a_window);
  ADD ("/preferences/application-switches-database", test_application_switches_database);

#undef ADD

  return g_test_run ();
}
