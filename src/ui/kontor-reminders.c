/* kontor-reminders.c: desktop notifications for activity reminders
 *
 * Owned by the application. At start, reminders that came due while Kontor
 * was not running are listed once in a dialog and marked shown; after that
 * each reminder is a GNotification with "Open" and "Done" buttons when its
 * time comes. The timeout wakes at most a minute apart, so a suspended
 * laptop or a changed clock delays a reminder by a minute at worst, and
 * "changed" on activities schedules again at once.
 *
 * With the run-in-background setting the application holds itself, so it
 * keeps running for reminders after its window is closed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-ui"

#include "config.h"

#include <inttypes.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "kontor-reminders.h"
#include "kontor-plan-activity.h"
#include "kontor-ui-format.h"
#include "kontor-window.h"

#define MAX_SLEEP_SECONDS 60

struct _KontorReminders
{
  GObject           parent_instance;

  GApplication     *application;
  KontorRepository *repository;
  GSettings        *settings;
  gboolean          holding;
  gboolean          started;
  guint             timeout_id;
  guint             schedule_id;
  gint64            scheduled;
  gulong            changed_id;
};

G_DEFINE_FINAL_TYPE (KontorReminders, kontor_reminders, G_TYPE_OBJECT)

static void schedule (KontorReminders *self);

static char *
dup_summary (KontorReminders *self,
             KontorEntity    *activity)
{
  static const char * const links[] = { "deal", "contact", "company", "lead" };
  const char *kind = kontor_entity_get_text (activity, "kind");
  g_autoptr(GString) text = g_string_new (kontor_activity_kind_get_label (kind));
  gint64 due = kontor_entity_get_int (activity, "due_at");

  if (due != 0)
    {
      g_autofree char *when = kontor_ui_format_timestamp (due);
      g_string_append_printf (text, " · %s", when);
    }

  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autofree char *name = kontor_ui_dup_linked_name (self->repository, activity, links[i]);

      if (name != NULL)
        {
          g_string_append_printf (text, " · %s", name);
          break;
        }
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
open_activity (KontorReminders *self,
               gint64           id)
{
  g_autoptr(KontorEntity) activity = NULL;
  GtkWindow *window = NULL;

  activity = kontor_repository_find (self->repository, KONTOR_TYPE_ACTIVITY, id, NULL);
  if (activity == NULL || self->application == NULL || !GTK_IS_APPLICATION (self->application))
    return;

  window = gtk_application_get_active_window (GTK_APPLICATION (self->application));
  if (window == NULL)
    {
      /* Running in the background: bring the window back first */
      g_application_activate (self->application);
      window = gtk_application_get_active_window (GTK_APPLICATION (self->application));
    }

  if (KONTOR_IS_WINDOW (window))
    {
      kontor_window_open_record (KONTOR_WINDOW (window), activity);
      gtk_window_present (window);
    }
}

static void
open_activity_action (GSimpleAction *action,
                      GVariant      *parameter,
                      gpointer       user_data)
{
  open_activity (KONTOR_REMINDERS (user_data), g_variant_get_int64 (parameter));
}

static void
complete_activity_action (GSimpleAction *action,
                          GVariant      *parameter,
                          gpointer       user_data)
{
  KontorReminders *self = KONTOR_REMINDERS (user_data);
  g_autoptr(KontorEntity) activity = NULL;
  g_autoptr(GError) error = NULL;

  activity = kontor_repository_find (self->repository, KONTOR_TYPE_ACTIVITY,
                                     g_variant_get_int64 (parameter), &error);
  if (activity == NULL ||
      !kontor_activity_complete (self->repository, activity, NULL, NULL, &error))
    {
      g_autoptr(GNotification) notification = NULL;

      notification = g_notification_new (_("Cannot Mark the Activity Done"));

      g_notification_set_body (notification, error->message);
      if (self->application != NULL && g_application_get_is_registered (self->application))
        g_application_send_notification (self->application, NULL, notification);
    }
}

static const GActionEntry actions[] = {
  { "open-activity", open_activity_action, "x" },
  { "complete-activity", complete_activity_action, "x" },
};

static void
send_notification (KontorReminders *self,
                   KontorEntity    *activity)
{
  gint64 id = kontor_entity_get_id (activity);
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = dup_summary (self, activity);
  g_autofree char *notification_id = g_strdup_printf ("activity-%" PRId64, id);

  notification = g_notification_new (kontor_entity_get_text (activity, "subject"));
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.open-activity", "x", id);
  g_notification_add_button_with_target (notification, C_("notification", "Open"),
                                         "app.open-activity", "x", id);
  g_notification_add_button_with_target (notification, _("Done"), "app.complete-activity",
                                         "x", id);

  if (self->application != NULL && g_application_get_is_registered (self->application))
    g_application_send_notification (self->application, notification_id, notification);
}

static gboolean
on_timeout (gpointer user_data)
{
  KontorReminders *self = user_data;

  self->timeout_id = 0;
  schedule (self);
  return G_SOURCE_REMOVE;
}

/* Notifies what is due now and waits for the next reminder */
static void
schedule (KontorReminders *self)
{
  g_autoptr(GArray) fired = NULL;
  gint64 now = kontor_now ();
  gint64 next;

  g_clear_handle_id (&self->timeout_id, g_source_remove);

  fired = kontor_reminders_fire_due (self, now);
  next = kontor_reminders_get_next_time (self->repository, now);
  self->scheduled = next;
  self->timeout_id = g_timeout_add_seconds (next != 0
                                              ? (guint) CLAMP (next - now, 1, MAX_SLEEP_SECONDS)
                                              : MAX_SLEEP_SECONDS,
                                            on_timeout, self);
}

static gboolean
schedule_cb (gpointer user_data)
{
  KontorReminders *self = user_data;

  self->schedule_id = 0;
  schedule (self);
  return G_SOURCE_REMOVE;
}

static void
on_repository_changed (KontorRepository *repository,
                       const char       *kind,
                       gint64            id,
                       const char       *change,
                       KontorReminders  *self)
{
  if (g_strcmp0 (kind, "activity") == 0 && self->schedule_id == 0)
    self->schedule_id = g_idle_add (schedule_cb, self);
}

/* Under Flatpak, the Background portal lets the application keep running
 * without a window; the answer comes later and a refusal only means the
 * sandbox may stop Kontor when its window closes. */
static void
request_background (void)
{
  g_autoptr(GDBusConnection) bus = NULL;
  GVariantBuilder options;

  if (!g_file_test ("/.flatpak-info", G_FILE_TEST_EXISTS))
    return;

  bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  if (bus == NULL)
    return;

  g_variant_builder_init (&options, G_VARIANT_TYPE_VARDICT);
  g_variant_builder_add (&options, "{sv}", "reason",
                         g_variant_new_string (_("Show activity reminders while the window "
                                                 "is closed")));
  g_variant_builder_add (&options, "{sv}", "autostart", g_variant_new_boolean (FALSE));
  g_dbus_connection_call (bus, "org.freedesktop.portal.Desktop",
                          "/org/freedesktop/portal/desktop",
                          "org.freedesktop.portal.Background", "RequestBackground",
                          g_variant_new ("(sa{sv})", "", &options), NULL,
                          G_DBUS_CALL_FLAGS_NONE, -1, NULL, NULL, NULL);
}

static void
update_hold (KontorReminders *self)
{
  gboolean wanted = self->settings != NULL &&
                    g_settings_get_boolean (self->settings, "run-in-background");

  if (self->application == NULL || wanted == self->holding)
    return;

  self->holding = wanted;
  if (wanted)
    {
      g_application_hold (self->application);
      request_background ();
    }
  else
    g_application_release (self->application);
}

static void
on_run_in_background_changed (GSettings       *settings,
                              const char      *key,
                              KontorReminders *self)
{
  update_hold (self);
}

static void
on_open_clicked (GtkButton       *button,
                 KontorReminders *self)
{
  gint64 *id = g_object_get_data (G_OBJECT (button), "kontor-id");
  GtkRoot *dialog = gtk_widget_get_root (GTK_WIDGET (button));

  open_activity (self, *id);
  if (GTK_IS_WINDOW (dialog))
    gtk_window_close (GTK_WINDOW (dialog));
}

static GtkWidget *
create_missed_row (KontorReminders *self,
                   KontorEntity    *activity)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));
  g_autofree char *summary = dup_summary (self, activity);
  gint64 *id = g_new (gint64, 1);

  *id = kontor_entity_get_id (activity);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 kontor_entity_get_text (activity, "subject"));
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (
                               kontor_activity_kind_get_icon_name (
                                 kontor_entity_get_text (activity, "kind"))));
  gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (open), "kontor-id", id, g_free);
  g_signal_connect (open, "clicked", G_CALLBACK (on_open_clicked), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);

  return row;
}

static void
on_missed_response (AdwMessageDialog *dialog,
                    const char       *response,
                    gpointer          user_data)
{
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
kontor_reminders_dispose (GObject *object)
{
  KontorReminders *self = KONTOR_REMINDERS (object);

  g_clear_handle_id (&self->timeout_id, g_source_remove);
  g_clear_handle_id (&self->schedule_id, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->repository);
  if (self->holding && self->application != NULL)
    g_application_release (self->application);
  self->holding = FALSE;
  if (self->application != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->application),
                                  (gpointer *) &self->application);
  self->application = NULL;
  g_clear_object (&self->settings);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_reminders_parent_class)->dispose (object);
}

static void
kontor_reminders_class_init (KontorRemindersClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kontor_reminders_dispose;
}

static void
kontor_reminders_init (KontorReminders *self)
{
}

/**
 * kontor_reminders_new:
 * @application: the application that sends the notifications; not referenced
 *
 * Returns: (transfer full): the reminders; call kontor_reminders_start()
 * once the window is shown
 */
KontorReminders *
kontor_reminders_new (GApplication     *application,
                      KontorRepository *repository)
{
  KontorReminders *self;
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_val_if_fail (G_IS_APPLICATION (application), NULL);
  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  self = g_object_new (KONTOR_TYPE_REMINDERS, NULL);
  self->application = application;
  g_object_add_weak_pointer (G_OBJECT (application), (gpointer *) &self->application);
  self->repository = g_object_ref (repository);

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new (APP_ID);
      g_signal_connect (self->settings, "changed::run-in-background",
                        G_CALLBACK (on_run_in_background_changed), self);
      update_hold (self);
    }

  return self;
}

/**
 * kontor_reminders_get_repository:
 *
 * Returns: (transfer none): the repository
 */
KontorRepository *
kontor_reminders_get_repository (KontorReminders *self)
{
  g_return_val_if_fail (KONTOR_IS_REMINDERS (self), NULL);

  return self->repository;
}

/**
 * kontor_reminders_install_actions:
 * @map: the application
 *
 * Adds app.open-activity(x) and app.complete-activity(x), the actions of
 * the notifications' buttons.
 */
void
kontor_reminders_install_actions (KontorReminders *self,
                                  GActionMap      *map)
{
  g_return_if_fail (KONTOR_IS_REMINDERS (self));
  g_return_if_fail (G_IS_ACTION_MAP (map));

  g_action_map_add_action_entries (map, actions, G_N_ELEMENTS (actions), self);
}

/**
 * kontor_reminders_start:
 * @parent: (nullable): the main window
 *
 * Lists the reminders missed while Kontor was not running, once, marks them
 * shown and starts waiting for the next ones. Does nothing the second time.
 *
 * Returns: (transfer none) (nullable): the dialog of missed reminders, if
 * there were any
 */
GtkWidget *
kontor_reminders_start (KontorReminders *self,
                        GtkWindow       *parent)
{
  g_autoptr(GPtrArray) missed = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog = NULL;
  gint64 now = kontor_now ();

  g_return_val_if_fail (KONTOR_IS_REMINDERS (self), NULL);

  if (self->started)
    return NULL;
  self->started = TRUE;

  missed = kontor_reminders_list_due (self->repository, now, &error);
  if (missed == NULL)
    g_message ("Cannot read the reminders: %s", error->message);

  if (missed != NULL && missed->len > 0)
    {
      GtkWidget *list = gtk_list_box_new ();
      GtkWidget *scroller = gtk_scrolled_window_new ();

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      for (guint i = 0; i < missed->len; i++)
        {
          KontorEntity *activity = g_ptr_array_index (missed, i);
          g_autoptr(GError) mark_error = NULL;

          gtk_list_box_append (GTK_LIST_BOX (list), create_missed_row (self, activity));
          if (!kontor_reminders_mark_shown (self->repository, activity, now, &mark_error))
            g_message ("Cannot mark a reminder shown: %s", mark_error->message);
        }

      gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), list);
      gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                      GTK_POLICY_AUTOMATIC);
      gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (scroller), TRUE);
      gtk_scrolled_window_set_max_content_height (GTK_SCROLLED_WINDOW (scroller), 360);

      dialog = adw_message_dialog_new (parent,
                                       ngettext ("Missed Reminder", "Missed Reminders",
                                                 missed->len),
                                       ngettext ("This reminder came due while Kontor was "
                                                 "not running.",
                                                 "These reminders came due while Kontor was "
                                                 "not running.", missed->len));
      adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), scroller);
      adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
      adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "close");
      g_signal_connect (dialog, "response", G_CALLBACK (on_missed_response), NULL);
      if (self->application != NULL && GTK_IS_APPLICATION (self->application))
        gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (self->application));
      gtk_window_present (GTK_WINDOW (dialog));
    }

  self->changed_id = g_signal_connect (self->repository, "changed",
                                       G_CALLBACK (on_repository_changed), self);
  schedule (self);

  return dialog;
}

/**
 * kontor_reminders_fire_due:
 * @now: the current time
 *
 * Sends a notification for every reminder due at @now that has not been
 * shown, and marks them shown.
 *
 * Returns: (transfer full) (element-type gint64): the ids of the activities notified
 */
GArray *
kontor_reminders_fire_due (KontorReminders *self,
                           gint64           now)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KONTOR_IS_REMINDERS (self), NULL);

  due = kontor_reminders_list_due (self->repository, now, &error);
  if (due == NULL)
    {
      g_message ("Cannot read the reminders: %s", error->message);
      return g_steal_pointer (&ids);
    }

  for (guint i = 0; i < due->len; i++)
    {
      KontorEntity *activity = g_ptr_array_index (due, i);
      gint64 id = kontor_entity_get_id (activity);
      g_autoptr(GError) mark_error = NULL;

      send_notification (self, activity);
      if (!kontor_reminders_mark_shown (self->repository, activity, now, &mark_error))
        g_message ("Cannot mark a reminder shown: %s", mark_error->message);
      g_array_append_val (ids, id);
    }

  return g_steal_pointer (&ids);
}

/* The reminder time the timer waits for; 0 if none is planned */
gint64
kontor_reminders_get_scheduled (KontorReminders *self)
{
  g_return_val_if_fail (KONTOR_IS_REMINDERS (self), 0);

  return self->scheduled;
}

/* Whether the application is kept running for reminders */
gboolean
kontor_reminders_get_holding (KontorReminders *self)
{
  g_return_val_if_fail (KONTOR_IS_REMINDERS (self), FALSE);

  return self->holding;
}
