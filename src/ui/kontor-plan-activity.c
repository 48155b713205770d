/* kontor-plan-activity.c: plan a call, e-mail, meeting or task for a record
 *
 * A small modal window with the few fields a manager fills when planning
 * the next step: what, when, how long, the reminder. The link to the record
 * it was opened from is set already. Opened for "Done and Plan Next…", it
 * saves the new activity and completes the previous one in one transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-plan-activity.h"

struct _KontorPlanActivity
{
  AdwWindow         parent_instance;

  KontorRepository *repository;
  KontorEntity     *activity;
  KontorEntity     *previous;
  char             *result;

  AdwWindowTitle   *title;
  GtkLabel         *error_label;
  AdwEntryRow      *subject_row;
  AdwComboRow      *kind_row;
  GtkMenuButton    *date_button;
  GtkCalendar      *calendar;
  GtkSpinButton    *hour_spin;
  GtkSpinButton    *minute_spin;
  GtkSpinButton    *duration_spin;
  AdwComboRow      *reminder_row;
  AdwEntryRow      *location_row;
  AdwEntryRow      *responsible_row;
  AdwEntryRow      *notes_row;
};

G_DEFINE_FINAL_TYPE (KontorPlanActivity, kontor_plan_activity, ADW_TYPE_WINDOW)

enum {
  PLANNED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct
{
  const char *kind;
  const char *label;
  const char *plan;
  const char *subject;
  const char *icon_name;
  int         duration;
} kinds[] = {
  { "call", N_("Call"), N_("Plan a Call"), N_("Call %s"), "call-start-symbolic", 15 },
  { "email", N_("E-mail"), N_("Plan an E-mail"), N_("E-mail %s"), "mail-unread-symbolic", 15 },
  { "meeting", N_("Meeting"), N_("Plan a Meeting"), N_("Meeting with %s"),
    "x-office-calendar-symbolic", 60 },
  { "task", N_("Task"), N_("Add a Task"), NULL, "object-select-symbolic", 30 },
};

static const struct
{
  const char *code;
  const char *label;
} reminders[] = {
  { "none", N_("No reminder") },
  { "at_time", N_("At the time") },
  { "5m", N_("5 minutes before") },
  { "15m", N_("15 minutes before") },
  { "30m", N_("30 minutes before") },
  { "1h", N_("1 hour before") },
  { "1d", N_("1 day before") },
};

static guint
kind_index (const char *kind)
{
  for (guint i = 0; kind != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (g_str_equal (kinds[i].kind, kind))
      return i;

  return G_N_ELEMENTS (kinds) - 1;
}

static void
update_date_label (KontorPlanActivity *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (self->calendar);
  /* Translators: the date of a planned activity; see g_date_time_format() */
  g_autofree char *text = g_date_time_format (date, _("%a, %-d %B %Y"));

  gtk_menu_button_set_label (self->date_button, g_strstrip (text));
}

static void
on_day_selected (GtkCalendar        *calendar,
                 KontorPlanActivity *self)
{
  update_date_label (self);
  gtk_menu_button_popdown (self->date_button);
}

static void
on_kind_selected (AdwComboRow        *row,
                  GParamSpec         *pspec,
                  KontorPlanActivity *self)
{
  guint index = adw_combo_row_get_selected (row);

  if (index < G_N_ELEMENTS (kinds) && self->previous == NULL)
    adw_window_title_set_title (self->title, _(kinds[index].plan));
}

static void
on_cancel_clicked (GtkButton          *button,
                   KontorPlanActivity *self)
{
  gtk_window_close (GTK_WINDOW (self));
}

static void
on_plan_clicked (GtkWidget          *widget,
                 KontorPlanActivity *self)
{
  g_autoptr(GError) error = NULL;

  if (!kontor_plan_activity_save (self, &error))
    {
      gtk_label_set_text (self->error_label, error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->error_label), TRUE);
      return;
    }

  gtk_window_close (GTK_WINDOW (self));
}

static GtkWidget *
spin_new (double      min,
          double      max,
          double      step,
          const char *name)
{
  GtkWidget *spin = gtk_spin_button_new_with_range (min, max, step);

  gtk_spin_button_set_numeric (GTK_SPIN_BUTTON (spin), TRUE);
  gtk_widget_set_valign (spin, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (spin), GTK_ACCESSIBLE_PROPERTY_LABEL, name, -1);
  return spin;
}

static gboolean
on_minute_output (GtkSpinButton *spin,
                  gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static void
build_ui (KontorPlanActivity *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *cancel = gtk_button_new_with_mnemonic (_("_Cancel"));
  GtkWidget *plan = gtk_button_new_with_mnemonic (_("_Plan"));
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *when = adw_preferences_group_new ();
  GtkWidget *more = adw_preferences_group_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *row, *time_box;
  g_autoptr(GtkStringList) kind_labels = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) reminder_labels = gtk_string_list_new (NULL);

  self->title = ADW_WINDOW_TITLE (adw_window_title_new (_("Plan an Activity"), NULL));
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header), GTK_WIDGET (self->title));
  adw_header_bar_set_show_end_title_buttons (ADW_HEADER_BAR (header), FALSE);
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), cancel);
  adw_header_bar_pack_end (ADW_HEADER_BAR (header), plan);
  gtk_widget_add_css_class (plan, "suggested-action");
  g_signal_connect (cancel, "clicked", G_CALLBACK (on_cancel_clicked), self);
  g_signal_connect (plan, "clicked", G_CALLBACK (on_plan_clicked), self);
  gtk_box_append (GTK_BOX (box), header);

  self->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (self->error_label, TRUE);
  gtk_widget_add_css_class (GTK_WIDGET (self->error_label), "error");
  gtk_widget_set_margin_top (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_margin_start (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (self->error_label), 12);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), FALSE);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->error_label));

  /* What */
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (kind_labels, _(kinds[i].label));
  self->kind_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->kind_row), _("Kind"));
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (kind_labels));
  g_signal_connect (self->kind_row, "notify::selected", G_CALLBACK (on_kind_selected), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->kind_row));

  self->subject_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->subject_row), _("Subject"));
  g_signal_connect (self->subject_row, "entry-activated", G_CALLBACK (on_plan_clicked), self);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (self->subject_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));

  /* When */
  self->calendar = GTK_CALENDAR (gtk_calendar_new ());
  g_signal_connect (self->calendar, "day-selected", G_CALLBACK (on_day_selected), self);
  gtk_popover_set_child (GTK_POPOVER (popover), GTK_WIDGET (self->calendar));
  self->date_button = GTK_MENU_BUTTON (gtk_menu_button_new ());
  gtk_menu_button_set_popover (self->date_button, popover);
  gtk_widget_set_valign (GTK_WIDGET (self->date_button), GTK_ALIGN_CENTER);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Date"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->date_button));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (when), row);

  self->hour_spin = GTK_SPIN_BUTTON (spin_new (0, 23, 1, _("Hour")));
  self->minute_spin = GTK_SPIN_BUTTON (spin_new (0, 59, 5, _("Minute")));
  gtk_spin_button_set_wrap (self->hour_spin, TRUE);
  gtk_spin_button_set_wrap (self->minute_spin, TRUE);
  g_signal_connect (self->hour_spin, "output", G_CALLBACK (on_minute_output), NULL);
  g_signal_connect (self->minute_spin, "output", G_CALLBACK (on_minute_output), NULL);
  time_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 4);
  gtk_box_append (GTK_BOX (time_box), GTK_WIDGET (self->hour_spin));
  gtk_box_append (GTK_BOX (time_box), gtk_label_new (":"));
  gtk_box_append (GTK_BOX (time_box), GTK_WIDGET (self->minute_spin));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Time"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), time_box);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (when), row);

  self->duration_spin = GTK_SPIN_BUTTON (spin_new (0, 24 * 60, 15, _("Duration, minutes")));
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Duration, minutes"));
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->duration_spin));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (when), row);

  for (guint i = 0; i < G_N_ELEMENTS (reminders); i++)
    gtk_string_list_append (reminder_labels, _(reminders[i].label));
  self->reminder_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->reminder_row), _("Reminder"));
  adw_combo_row_set_model (self->reminder_row, G_LIST_MODEL (reminder_labels));
  adw_combo_row_set_selected (self->reminder_row, 3);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (when), GTK_WIDGET (self->reminder_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (when));

  /* More */
  self->location_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->location_row), _("Location"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (more), GTK_WIDGET (self->location_row));
  self->responsible_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->responsible_row), _("Responsible"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (more), GTK_WIDGET (self->responsible_row));
  self->notes_row = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->notes_row), _("Notes"));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (more), GTK_WIDGET (self->notes_row));
  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (more));

  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);
  adw_window_set_content (ADW_WINDOW (self), box);
  gtk_window_set_default_widget (GTK_WINDOW (self), plan);
}

static void
set_linked (KontorPlanActivity *self,
            KontorEntity       *record)
{
  static const char * const links[] = { "lead", "contact", "company", "deal" };
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (record);
  const char *kind = kontor_entity_get_kind (record);

  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      if (g_str_equal (kind, links[i]))
        kontor_entity_set_int (self->activity, links[i], kontor_entity_get_id (record));
      /* A deal's contact and company see the call on their timelines too */
      else if (!g_str_equal (kind, "lead") && kontor_entity_class_find_field (klass, links[i]) &&
               !g_str_equal (links[i], "lead"))
        kontor_entity_set_int (self->activity, links[i],
                               kontor_entity_get_int (record, links[i]));
    }

  if (kontor_entity_class_find_field (klass, "responsible") != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->responsible_row),
                           kontor_entity_get_text (record, "responsible") ?: "");
}

static void
kontor_plan_activity_dispose (GObject *object)
{
  KontorPlanActivity *self = KONTOR_PLAN_ACTIVITY (object);

  g_clear_object (&self->repository);
  g_clear_object (&self->activity);
  g_clear_object (&self->previous);

  G_OBJECT_CLASS (kontor_plan_activity_parent_class)->dispose (object);
}

static void
kontor_plan_activity_finalize (GObject *object)
{
  KontorPlanActivity *self = KONTOR_PLAN_ACTIVITY (object);

  g_free (self->result);

  G_OBJECT_CLASS (kontor_plan_activity_parent_class)->finalize (object);
}

static void
kontor_plan_activity_class_init (KontorPlanActivityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kontor_plan_activity_dispose;
  object_class->finalize = kontor_plan_activity_finalize;

  /**
   * KontorPlanActivity::planned:
   * @activity: the saved activity
   */
  signals[PLANNED] =
    g_signal_new ("planned",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KONTOR_TYPE_ENTITY);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kontor_plan_activity_init (KontorPlanActivity *self)
{
  build_ui (self);
  gtk_window_set_modal (GTK_WINDOW (self), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (self), 440, 640);
}

/**
 * kontor_plan_activity_new:
 * @parent: (nullable): the window to stay on top of
 * @kind: "call", "email", "meeting" or "task"
 * @linked_record: (nullable): the lead, contact, company or deal the activity is for
 *
 * Returns: (transfer floating): the window; present it
 */
GtkWidget *
kontor_plan_activity_new (GtkWindow        *parent,
                          KontorRepository *repository,
                          const char       *kind,
                          KontorEntity     *linked_record)
{
  KontorPlanActivity *self;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) start = NULL;
  g_autofree char *name = NULL;
  guint index = kind_index (kind);

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (linked_record == NULL || KONTOR_IS_ENTITY (linked_record), NULL);

  self = g_object_new (KONTOR_TYPE_PLAN_ACTIVITY, NULL);
  if (parent != NULL)
    gtk_window_set_transient_for (GTK_WINDOW (self), parent);
  self->repository = g_object_ref (repository);
  self->activity = KONTOR_ENTITY (kontor_activity_new ());
  kontor_entity_set_text (self->activity, "kind", kinds[index].kind);

  adw_combo_row_set_selected (self->kind_row, index);
  adw_window_title_set_title (self->title, _(kinds[index].plan));
  gtk_spin_button_set_value (self->duration_spin, kinds[index].duration);

  if (linked_record != NULL && kontor_entity_get_id (linked_record) != 0)
    {
      name = kontor_entity_dup_display_name (linked_record);
      adw_window_title_set_subtitle (self->title, name);
      set_linked (self, linked_record);
      if (kinds[index].subject != NULL && name != NULL)
        {
          g_autofree char *subject = NULL;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
          subject = g_strdup_printf (_(kinds[index].subject), name);
#pragma GCC diagnostic pop
          gtk_editable_set_text (GTK_EDITABLE (self->subject_row), subject);
        }
    }

  /* The next full hour */
  now = g_date_time_new_from_unix_local (kontor_now () + 3600);
  start = g_date_time_new_local (g_date_time_get_year (now), g_date_time_get_month (now),
                                 g_date_time_get_day_of_month (now),
                                 g_date_time_get_hour (now), 0, 0);
  kontor_plan_activity_set_due (self, g_date_time_to_unix (start));

  return GTK_WIDGET (self);
}

/**
 * kontor_plan_activity_set_completing:
 * @previous: the activity to mark done when this one is planned
 * @result: (nullable): the result of @previous
 *
 * Makes this the "Done and Plan Next" window: saving completes @previous
 * with @result and saves the new activity in one transaction.
 */
void
kontor_plan_activity_set_completing (KontorPlanActivity *self,
                                     KontorEntity       *previous,
                                     const char         *result)
{
  g_autofree char *name = NULL;

  g_return_if_fail (KONTOR_IS_PLAN_ACTIVITY (self));
  g_return_if_fail (KONTOR_IS_ACTIVITY (previous));

  g_set_object (&self->previous, previous);
  g_free (self->result);
  self->result = g_strdup (result);

  name = kontor_entity_dup_display_name (previous);
  adw_window_title_set_title (self->title, _("Plan the Next Step"));
  adw_window_title_set_subtitle (self->title, name);
  adw_combo_row_set_selected (self->kind_row,
                              kind_index (kontor_entity_get_text (previous, "kind")));
  gtk_editable_set_text (GTK_EDITABLE (self->responsible_row),
                         kontor_entity_get_text (previous, "responsible") ?: "");
}

/**
 * kontor_plan_activity_get_activity:
 *
 * Returns: (transfer none): the activity being planned
 */
KontorEntity *
kontor_plan_activity_get_activity (KontorPlanActivity *self)
{
  g_return_val_if_fail (KONTOR_IS_PLAN_ACTIVITY (self), NULL);

  return self->activity;
}

void
kontor_plan_activity_set_subject (KontorPlanActivity *self,
                                  const char         *subject)
{
  g_return_if_fail (KONTOR_IS_PLAN_ACTIVITY (self));

  gtk_editable_set_text (GTK_EDITABLE (self->subject_row), subject ?: "");
}

void
kontor_plan_activity_set_due (KontorPlanActivity *self,
                              gint64              due_at)
{
  g_autoptr(GDateTime) local = NULL;

  g_return_if_fail (KONTOR_IS_PLAN_ACTIVITY (self));

  local = g_date_time_new_from_unix_local (due_at);
  g_signal_handlers_block_by_func (self->calendar, on_day_selected, self);
  gtk_calendar_select_day (self->calendar, local);
  g_signal_handlers_unblock_by_func (self->calendar, on_day_selected, self);
  gtk_spin_button_set_value (self->hour_spin, g_date_time_get_hour (local));
  gtk_spin_button_set_value (self->minute_spin, g_date_time_get_minute (local));
  update_date_label (self);
}

gint64
kontor_plan_activity_get_due (KontorPlanActivity *self)
{
  g_autoptr(GDateTime) date = NULL;
  g_autoptr(GDateTime) due = NULL;

  g_return_val_if_fail (KONTOR_IS_PLAN_ACTIVITY (self), 0);

  date = gtk_calendar_get_date (self->calendar);
  due = g_date_time_new_local (g_date_time_get_year (date), g_date_time_get_month (date),
                               g_date_time_get_day_of_month (date),
                               gtk_spin_button_get_value_as_int (self->hour_spin),
                               gtk_spin_button_get_value_as_int (self->minute_spin), 0);
  return g_date_time_to_unix (due);
}

static void
set_text_or_null (KontorEntity *entity,
                  const char   *field,
                  const char   *text)
{
  g_autofree char *copy = g_strstrip (g_strdup (text));

  kontor_entity_set_text (entity, field, *copy != '\0' ? copy : NULL);
}

/* Saves the activity (and completes the previous one, for "Done and Plan
 * Next"); emits ::planned */
gboolean
kontor_plan_activity_save (KontorPlanActivity  *self,
                           GError             **error)
{
  guint kind = adw_combo_row_get_selected (self->kind_row);
  guint reminder = adw_combo_row_get_selected (self->reminder_row);

  g_return_val_if_fail (KONTOR_IS_PLAN_ACTIVITY (self), FALSE);

  kontor_entity_set_text (self->activity, "kind", kinds[MIN (kind, G_N_ELEMENTS (kinds) - 1)].kind);
  set_text_or_null (self->activity, "subject",
                    gtk_editable_get_text (GTK_EDITABLE (self->subject_row)));
  kontor_entity_set_int (self->activity, "due_at", kontor_plan_activity_get_due (self));
  kontor_entity_set_int (self->activity, "duration",
                         gtk_spin_button_get_value_as_int (self->duration_spin));
  kontor_entity_set_text (self->activity, "reminder",
                          reminders[MIN (reminder, G_N_ELEMENTS (reminders) - 1)].code);
  set_text_or_null (self->activity, "location",
                    gtk_editable_get_text (GTK_EDITABLE (self->location_row)));
  set_text_or_null (self->activity, "responsible",
                    gtk_editable_get_text (GTK_EDITABLE (self->responsible_row)));
  set_text_or_null (self->activity, "description",
                    gtk_editable_get_text (GTK_EDITABLE (self->notes_row)));

  if (self->previous != NULL)
    {
      if (!kontor_activity_complete (self->repository, self->previous, self->result,
                                     self->activity, error))
        return FALSE;
    }
  else if (!kontor_repository_save (self->repository, self->activity, error))
    return FALSE;

  g_signal_emit (self, signals[PLANNED], 0, self->activity);
  return TRUE;
}

static void
on_plan_button_clicked (GtkButton *button,
                        GtkWidget *box)
{
  KontorRepository *repository = g_object_get_data (G_OBJECT (box), "kontor-repository");
  KontorEntity *record = g_object_get_data (G_OBJECT (box), "kontor-record");
  const char *kind = g_object_get_data (G_OBJECT (button), "kontor-kind");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));
  GtkWidget *window;

  window = kontor_plan_activity_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                     repository, kind, record);
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_record_id_changed (KontorEntity *record,
                      GParamSpec   *pspec,
                      GtkWidget    *box)
{
  gtk_widget_set_sensitive (box, kontor_entity_get_id (record) != 0);
}

/**
 * kontor_plan_activity_buttons_new:
 * @record: the lead, contact, company or deal
 *
 * Returns: (transfer floating): a row of "Plan a Call", "Plan an E-mail"…
 * buttons for the record's page
 */
GtkWidget *
kontor_plan_activity_buttons_new (KontorRepository *repository,
                                  KontorEntity     *record)
{
  GtkWidget *box;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (KONTOR_IS_ENTITY (record), NULL);

  box = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (box), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (box), 4);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (box), 6);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (box), 6);
  gtk_widget_add_css_class (box, "plan-activity-buttons");
  gtk_widget_set_valign (box, GTK_ALIGN_START);
  g_object_set_data_full (G_OBJECT (box), "kontor-repository", g_object_ref (repository),
                          g_object_unref);
  g_object_set_data_full (G_OBJECT (box), "kontor-record", g_object_ref (record),
                          g_object_unref);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      GtkWidget *button = gtk_button_new ();
      GtkWidget *content = adw_button_content_new ();

      adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), kinds[i].icon_name);
      adw_button_content_set_label (ADW_BUTTON_CONTENT (content), _(kinds[i].plan));
      gtk_button_set_child (GTK_BUTTON (button), content);
      g_object_set_data (G_OBJECT (button), "kontor-kind", (gpointer) kinds[i].kind);
      gtk_widget_set_name (button, kinds[i].kind);
      g_signal_connect (button, "clicked", G_CALLBACK (on_plan_button_clicked), box);
      gtk_flow_box_append (GTK_FLOW_BOX (box), button);
    }

  gtk_widget_set_sensitive (box, kontor_entity_get_id (record) != 0);
  g_signal_connect_object (record, "notify::id", G_CALLBACK (on_record_id_changed), box, 0);

  return box;
}

const char *
kontor_activity_kind_get_label (const char *kind)
{
  return _(kinds[kind_index (kind)].label);
}

const char *
kontor_activity_kind_get_icon_name (const char *kind)
{
  return kinds[kind_index (kind)].icon_name;
}
