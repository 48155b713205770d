/* kontor-application.c: the Kontor application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-application.h"
#include "kontor-core.h"
#include "kontor-list-page.h"
#include "kontor-preferences-window.h"
#include "kontor-reminders.h"
#include "kontor-search-provider.h"
#include "kontor-window.h"

struct _KontorApplication
{
  AdwApplication  parent_instance;

  char            *database_path;
  GSettings       *settings;
  KontorReminders *reminders;
  KontorSearchProvider *search_provider;
  char            *opened_path;   /* marked as closed cleanly at shutdown */
  GCancellable    *backup_cancellable;  /* of the daily backup while it runs */
};

G_DEFINE_FINAL_TYPE (KontorApplication, kontor_application, ADW_TYPE_APPLICATION)

static void
on_open_failed_response (AdwMessageDialog *dialog,
                         const char       *response,
                         gpointer          user_data)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
show_open_error (KontorApplication *self,
                 const char        *path,
                 const GError      *error)
{
  g_autofree char *default_path = NULL;
  GtkWidget *dialog;

  if (path == NULL)
    path = default_path = kontor_repository_dup_default_path ();

  dialog = adw_message_dialog_new (NULL, _("Cannot Open the Database"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* Translators: the first %s is a file, the second the reason */
                                  _("Kontor cannot open “%s”: %s\n\nThe file has not been changed."),
                                  path, error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Quit"));
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "quit");
  g_signal_connect (dialog, "response", G_CALLBACK (on_open_failed_response), self);
  gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  GtkApplication *app = GTK_APPLICATION (user_data);
  const char *developers[] = { _("The Kontor developers"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", gtk_application_get_active_window (app),
                        "application-name", _("Kontor"),
                        "application-icon", APP_ID,
                        "developer-name", _("The Kontor developers"),
                        "version", PACKAGE_VERSION,
                        "comments", _("A customer relationship manager for sales teams: leads, "
                                      "contacts, companies, deals, activities, products and "
                                      "invoices, kept on your own computer."),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        /* Translators: your names, one per line */
                        "translator-credits", _("translator-credits"),
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  GApplication *app = G_APPLICATION (user_data);
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (app));

  /* Closing the windows lets them save their state */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *window = l->data;

      l = l->next;
      gtk_window_close (window);
    }

  g_application_quit (app);
}

static void
on_color_scheme_changed (GSettings         *settings,
                         const char        *key,
                         KontorApplication *self)
{
  g_autofree char *scheme = g_settings_get_string (settings, "color-scheme");
  AdwColorScheme color_scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (g_str_equal (scheme, "light"))
    color_scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_str_equal (scheme, "dark"))
    color_scheme = ADW_COLOR_SCHEME_FORCE_DARK;

  adw_style_manager_set_color_scheme (adw_application_get_style_manager (ADW_APPLICATION (self)),
                                      color_scheme);
}

static KontorWindow *
get_main_window (KontorApplication *self)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (self));

  for (GList *l = windows; l != NULL; l = l->next)
    if (KONTOR_IS_WINDOW (l->data))
      return l->data;

  return NULL;
}

static void
on_search_open_record (KontorSearchProvider *provider,
                       const char           *kind,
                       gint64                id,
                       guint                 timestamp,
                       KontorApplication    *self)
{
  KontorWindow *window;

  kontor_application_open_record (self, kind, id);
  window = get_main_window (self);
  if (window != NULL)
    gtk_window_present_with_time (GTK_WINDOW (window), timestamp);
}

static void
on_search_launch (KontorSearchProvider *provider,
                  const char           *text,
                  guint                 timestamp,
                  KontorApplication    *self)
{
  KontorWindow *window;
  GtkWidget *page;

  g_application_activate (G_APPLICATION (self));
  window = get_main_window (self);
  if (window == NULL)
    return;

  kontor_window_show_page (window, "contacts");
  page = kontor_window_get_page (window, "contacts");
  if (KONTOR_IS_LIST_PAGE (page))
    kontor_list_page_set_search_text (KONTOR_LIST_PAGE (page), text);
  gtk_window_present_with_time (GTK_WINDOW (window), timestamp);
}

typedef struct
{
  KontorApplication *self;
  char              *path;
  char              *backup_path;
} SwitchData;

static void
switch_data_free (SwitchData *data)
{
  g_object_unref (data->self);
  g_free (data->path);
  g_free (data->backup_path);
  g_free (data);
}

/* Runs once the preferences window and every other window of the old
 * database are gone: restores @backup_path over @path if given, then opens
 * @path */
static gboolean
switch_database_cb (gpointer user_data)
{
  SwitchData *data = user_data;
  KontorApplication *self = data->self;
  g_autoptr(GError) error = NULL;

  if (data->backup_path != NULL)
    kontor_backup_restore (data->backup_path, data->path, &error);

  if (error != NULL)
    show_open_error (self, data->path, error);
  else
    {
      g_free (self->database_path);
      self->database_path = g_strdup (data->path);
      g_application_activate (G_APPLICATION (self));
    }

  g_application_release (G_APPLICATION (self));
  return G_SOURCE_REMOVE;
}

static void
on_switch_database (KontorPreferencesWindow *preferences,
                    const char              *path,
                    const char              *backup_path,
                    KontorApplication       *self)
{
  g_autoptr(GPtrArray) windows = g_ptr_array_new_with_free_func (g_object_unref);
  SwitchData *data = g_new0 (SwitchData, 1);

  g_application_hold (G_APPLICATION (self));

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (self)); l != NULL; l = l->next)
    g_ptr_array_add (windows, g_object_ref (l->data));
  for (guint i = 0; i < windows->len; i++)
    gtk_window_destroy (g_ptr_array_index (windows, i));
  gtk_window_destroy (GTK_WINDOW (preferences));

  if (self->reminders != NULL)
    {
      g_action_map_remove_action (G_ACTION_MAP (self), "open-activity");
      g_action_map_remove_action (G_ACTION_MAP (self), "complete-activity");
      g_clear_object (&self->reminders);
    }
  if (self->search_provider != NULL)
    kontor_search_provider_set_repository (self->search_provider, NULL);

  /* Restoring replaces the file: wait until the signal that brought us here
   * has returned and the windows have let go of the old connection */
  data->self = g_object_ref (self);
  data->path = g_strdup (path);
  data->backup_path = g_strdup (backup_path);
  g_idle_add_full (G_PRIORITY_LOW, switch_database_cb, data, (GDestroyNotify) switch_data_free);
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  KontorApplication *self = KONTOR_APPLICATION (user_data);
  KontorWindow *window = get_main_window (self);
  GtkWidget *preferences;

  if (window == NULL)
    return;

  preferences = kontor_preferences_window_new (GTK_WINDOW (window),
                                               kontor_window_get_repository (window));
  g_signal_connect_object (preferences, "switch-database",
                           G_CALLBACK (on_switch_database), self, 0);
  gtk_window_present (GTK_WINDOW (preferences));
}

static const GActionEntry app_actions[] = {
  { "about", about_action },
  { "preferences", preferences_action },
  { "quit", quit_action },
};

static int
kontor_application_handle_local_options (GApplication *application,
                                         GVariantDict *options)
{
  KontorApplication *self = KONTOR_APPLICATION (application);
  g_autofree char *path = NULL;

  if (g_variant_dict_lookup (options, "database", "^ay", &path))
    {
      g_free (self->database_path);
      self->database_path = g_canonicalize_filename (path, NULL);
    }

  return -1;
}

static void
kontor_application_startup (GApplication *application)
{
  KontorApplication *self = KONTOR_APPLICATION (application);
  const char *new_accels[] = { "<Control>n", NULL };
  const char *quit_accels[] = { "<Control>q", NULL };
  const char *close_accels[] = { "<Control>w", NULL };
  const char *search_accels[] = { "<Control>f", NULL };
  const char *preferences_accels[] = { "<Control>comma", NULL };

  G_APPLICATION_CLASS (kontor_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "window.close", close_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.new", new_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "win.search", search_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         preferences_accels);

  self->settings = g_settings_new (APP_ID);
  g_signal_connect_object (self->settings, "changed::color-scheme",
                           G_CALLBACK (on_color_scheme_changed), self, 0);
  on_color_scheme_changed (self->settings, "color-scheme", self);
}

static void
on_daily_backup_done (GObject      *source,
                      GAsyncResult *result,
                      gpointer      user_data)
{
  g_autoptr(KontorApplication) self = user_data;
  g_autoptr(GError) error = NULL;
  KontorWindow *window;

  g_clear_object (&self->backup_cancellable);

  if (kontor_backup_maybe_daily_finish (result, NULL, &error) ||
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  window = get_main_window (self);
  if (window != NULL)
    {
      g_autofree char *title = g_strdup_printf (_("Could not back up the database: %s"),
                                                error->message);
      kontor_window_add_toast (window, adw_toast_new (title));
    }
  else
    g_message ("Could not back up the database: %s", error->message);
}

/* Once a day, after the window is on screen: a copy made with SQLite's
 * online backup API in a worker, and the old ones rotated away */
static gboolean
daily_backup_cb (gpointer user_data)
{
  g_autoptr(KontorWindow) window = user_data;
  KontorApplication *self = KONTOR_APPLICATION (gtk_window_get_application (GTK_WINDOW (window)));
  KontorRepository *repository = kontor_window_get_repository (window);

  if (self == NULL || repository == NULL || self->backup_cancellable != NULL ||
      !g_settings_get_boolean (self->settings, "backup-enabled"))
    return G_SOURCE_REMOVE;

  self->backup_cancellable = g_cancellable_new ();
  kontor_backup_maybe_daily_async (repository,
                                   (guint) g_settings_get_int (self->settings,
                                                               "backup-keep-daily"),
                                   (guint) g_settings_get_int (self->settings,
                                                               "backup-keep-weekly"),
                                   self->backup_cancellable,
                                   on_daily_backup_done, g_object_ref (self));

  return G_SOURCE_REMOVE;
}

static void
warn_if_not_private (KontorApplication *self,
                     KontorWindow      *window,
                     const char        *path)
{
  g_autoptr(GError) error = NULL;

  if (!kontor_check_folder_private (path, &error) && error != NULL)
    {
      AdwToast *toast = adw_toast_new (error->message);

      adw_toast_set_timeout (toast, 0);
      kontor_window_add_toast (window, toast);
    }
}

/* The rest of activate(), once the database is open (@repository) or
 * could not be (@error) */
static void
finish_activate (KontorApplication *self,
                 const char        *path,
                 KontorRepository  *repository,
                 const GError      *error)
{
  g_autofree char *currency = NULL;
  GtkWindow *window;

  if (repository == NULL)
    {
      show_open_error (self, path, error);
      return;
    }

  currency = g_settings_get_string (self->settings, "default-currency");
  if (kontor_currency_is_valid (currency))
    kontor_repository_set_default_currency (repository, currency);

  if (self->search_provider != NULL)
    kontor_search_provider_set_repository (self->search_provider, repository);

  window = GTK_WINDOW (kontor_window_new (GTK_APPLICATION (self), repository));
  gtk_window_present (window);

  g_free (self->opened_path);
  self->opened_path = g_strdup (kontor_repository_get_path (repository));
  warn_if_not_private (self, KONTOR_WINDOW (window), self->opened_path);
  g_timeout_add_seconds_full (G_PRIORITY_LOW, 2, daily_backup_cb, g_object_ref (window), NULL);

  if (self->reminders == NULL)
    {
      self->reminders = kontor_reminders_new (G_APPLICATION (self), repository);
      kontor_reminders_install_actions (self->reminders, G_ACTION_MAP (self));
    }
  kontor_reminders_start (self->reminders, window);
}

static void
open_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  GError *error = NULL;
  KontorRepository *repository;

  repository = kontor_repository_open_checked (data, KONTOR_OPEN_CHECKED_DEFAULT, &error);
  if (repository == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, repository, g_object_unref);
}

static void
on_opened (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  KontorApplication *self = KONTOR_APPLICATION (source);
  GtkWindow *waiting = user_data;
  g_autoptr(KontorRepository) repository = NULL;
  g_autoptr(GError) error = NULL;

  repository = g_task_propagate_pointer (G_TASK (result), &error);
  finish_activate (self, g_task_get_task_data (G_TASK (result)), repository, error);
  gtk_window_destroy (waiting);
  g_application_release (G_APPLICATION (self));
}

/* While a large file is checked or upgraded in a worker thread: a window
 * that says so, not a program that seems not to start */
static GtkWindow *
show_waiting (KontorApplication *self,
              const char        *path)
{
  g_autofree char *default_path = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  GtkWidget *window = adw_window_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *status = adw_status_page_new ();
  GtkWidget *spinner = gtk_spinner_new ();

  if (path == NULL || *path == '\0')
    path = default_path = kontor_repository_dup_default_path ();
  name = g_filename_display_basename (path);
  /* Translators: %s is a database file */
  description = g_strdup_printf (_("Kontor is checking “%s” and bringing it up to date. "
                                   "On a large database this takes a while; a backup is "
                                   "made first."), name);

  adw_status_page_set_icon_name (ADW_STATUS_PAGE (status), "io.github.kontor.Kontor");
  adw_status_page_set_title (ADW_STATUS_PAGE (status), _("Opening the Database"));
  adw_status_page_set_description (ADW_STATUS_PAGE (status), description);
  gtk_spinner_start (GTK_SPINNER (spinner));
  gtk_widget_set_size_request (spinner, 32, 32);
  adw_status_page_set_child (ADW_STATUS_PAGE (status), spinner);
  gtk_widget_set_vexpand (status, TRUE);
  gtk_box_append (GTK_BOX (box), adw_header_bar_new ());
  gtk_box_append (GTK_BOX (box), status);
  adw_window_set_content (ADW_WINDOW (window), box);

  gtk_window_set_title (GTK_WINDOW (window), _("Opening the Database"));
  gtk_window_set_default_size (GTK_WINDOW (window), 500, 460);
  /* Closing it would not stop the upgrade, only hide it */
  gtk_window_set_deletable (GTK_WINDOW (window), FALSE);
  gtk_window_set_application (GTK_WINDOW (window), GTK_APPLICATION (self));
  gtk_window_present (GTK_WINDOW (window));

  return GTK_WINDOW (window);
}

static void
kontor_application_activate (GApplication *application)
{
  KontorApplication *self = KONTOR_APPLICATION (application);
  g_autoptr(KontorRepository) repository = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *settings_path = NULL;
  const char *path = self->database_path;
  GtkWindow *window;

  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (window != NULL)
    {
      gtk_window_present (window);
      return;
    }

  settings_path = g_settings_get_string (self->settings, "database-path");
  if (path == NULL && settings_path != NULL && *settings_path != '\0')
    path = settings_path;

  /* Running in the background for reminders: the file is open already */
  if (self->reminders != NULL)
    {
      repository = g_object_ref (kontor_reminders_get_repository (self->reminders));
      finish_activate (self, path, repository, NULL);
      return;
    }

  /* A check of every page or a schema upgrade runs in a thread */
  if (kontor_repository_open_checked_is_long (path, KONTOR_OPEN_CHECKED_DEFAULT))
    {
      g_autoptr(GTask) task = g_task_new (self, NULL, on_opened,
                                          show_waiting (self, path));

      g_application_hold (application);
      g_task_set_source_tag (task, kontor_application_activate);
      g_task_set_task_data (task, g_strdup (path), g_free);
      g_task_run_in_thread (task, open_thread);
      return;
    }

  repository = kontor_repository_open_checked (path, KONTOR_OPEN_CHECKED_DEFAULT, &error);
  finish_activate (self, path, repository, error);
}

static gboolean
kontor_application_dbus_register (GApplication     *application,
                                  GDBusConnection  *connection,
                                  const char       *object_path,
                                  GError          **error)
{
  KontorApplication *self = KONTOR_APPLICATION (application);
  g_autoptr(GSettings) settings = NULL;
  g_autofree char *settings_path = NULL;

  if (!G_APPLICATION_CLASS (kontor_application_parent_class)->dbus_register (application,
                                                                             connection,
                                                                             object_path,
                                                                             error))
    return FALSE;

  /* Started by GNOME Shell only to search, the provider opens the file
   * itself; activate() gives it the window's repository later */
  settings = g_settings_new (APP_ID);
  settings_path = g_settings_get_string (settings, "database-path");
  self->search_provider = kontor_search_provider_new (application);
  kontor_search_provider_set_database_path (self->search_provider,
                                            self->database_path != NULL ? self->database_path
                                                                        : settings_path);
  g_signal_connect_object (self->search_provider, "open-record",
                           G_CALLBACK (on_search_open_record), self, 0);
  g_signal_connect_object (self->search_provider, "launch-search",
                           G_CALLBACK (on_search_launch), self, 0);

  return kontor_search_provider_register (self->search_provider, connection,
                                          KONTOR_SEARCH_PROVIDER_PATH, error);
}

static void
kontor_application_dbus_unregister (GApplication    *application,
                                    GDBusConnection *connection,
                                    const char      *object_path)
{
  KontorApplication *self = KONTOR_APPLICATION (application);

  if (self->search_provider != NULL)
    kontor_search_provider_unregister (self->search_provider);
  g_clear_object (&self->search_provider);

  G_APPLICATION_CLASS (kontor_application_parent_class)->dbus_unregister (application,
                                                                          connection,
                                                                          object_path);
}

static void
kontor_application_shutdown (GApplication *application)
{
  KontorApplication *self = KONTOR_APPLICATION (application);

  /* A backup cut short leaves no file; waiting costs one step of the copy */
  if (self->backup_cancellable != NULL)
    {
      g_cancellable_cancel (self->backup_cancellable);
      while (self->backup_cancellable != NULL)
        g_main_context_iteration (NULL, TRUE);
    }

  G_APPLICATION_CLASS (kontor_application_parent_class)->shutdown (application);

  /* The next start can skip the slow integrity check */
  if (self->opened_path != NULL)
    kontor_repository_mark_closed (self->opened_path);
}

static void
kontor_application_finalize (GObject *object)
{
  KontorApplication *self = (KontorApplication *) object;

  g_free (self->database_path);
  g_free (self->opened_path);
  g_clear_object (&self->reminders);
  g_clear_object (&self->search_provider);
  g_clear_object (&self->settings);
  g_clear_object (&self->backup_cancellable);

  G_OBJECT_CLASS (kontor_application_parent_class)->finalize (object);
}

static void
kontor_application_class_init (KontorApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = kontor_application_finalize;
  app_class->handle_local_options = kontor_application_handle_local_options;
  app_class->startup = kontor_application_startup;
  app_class->activate = kontor_application_activate;
  app_class->shutdown = kontor_application_shutdown;
  app_class->dbus_register = kontor_application_dbus_register;
  app_class->dbus_unregister = kontor_application_dbus_unregister;
}

static void
kontor_application_init (KontorApplication *self)
{
  const GOptionEntry options[] = {
    { "database", 'd', 0, G_OPTION_ARG_FILENAME, NULL,
      N_("Open the database in FILE instead of the default one"), N_("FILE") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

KontorApplication *
kontor_application_new (void)
{
  return g_object_new (KONTOR_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", RESOURCE_BASE,
                       NULL);
}

/**
 * kontor_application_open_record:
 * @kind: "contact", "company", "deal" or another entity kind
 * @id: the record's id
 *
 * Opens the window if needed and shows the record in it.
 */
void
kontor_application_open_record (KontorApplication *self,
                                const char        *kind,
                                gint64             id)
{
  g_autoptr(KontorEntity) entity = NULL;
  KontorWindow *window;
  GType type;

  g_return_if_fail (KONTOR_IS_APPLICATION (self));
  g_return_if_fail (kind != NULL);

  g_application_activate (G_APPLICATION (self));
  window = get_main_window (self);
  type = kontor_entity_type_from_name (kind);
  if (window == NULL || type == G_TYPE_INVALID)
    return;

  entity = kontor_repository_find (kontor_window_get_repository (window), type, id, NULL);
  if (entity != NULL && !kontor_entity_is_deleted (entity))
    kontor_window_open_record (window, entity);
}
