/* kontor-field-row.c
 *
 * One KontorFieldRow drives the widget that edits one field of a record:
 * an AdwEntryRow for text and numbers, a combo row for choices, a switch,
 * a date entry with a calendar, a linked-record row with a chooser, or a
 * KontorValuesEditor for phones and e-mails. It loads the value from an
 * entity, applies what the user typed to another (scratch) entity and
 * shows a validation error next to itself.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-field-row"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-field-row.h"
#include "kontor-list-model.h"
#include "kontor-money.h"
#include "kontor-record-chooser.h"
#include "kontor-ui-format.h"
#include "kontor-values-editor.h"

typedef enum
{
  ROW_ENTRY,
  ROW_TEXT_VIEW,
  ROW_DATE,
  ROW_TIMESTAMP,
  ROW_ENUM,
  ROW_CURRENCY,
  ROW_BOOL,
  ROW_REF,
  ROW_REF_COMBO,
  ROW_LIST,
  ROW_READ_ONLY,
} RowKind;

struct _KontorFieldRow
{
  GObject            parent_instance;

  KontorRepository  *repository;
  const char        *kind_name;    /* of the record: "deal" */
  const KontorField *field;
  RowKind            kind;
  GtkWidget         *widget;
  char              *title;

  GtkTextBuffer     *buffer;       /* ROW_TEXT_VIEW */
  GtkWidget         *text_view;
  GtkWidget         *caption;
  GtkWidget         *toggle;       /* ROW_BOOL */
  GtkWidget         *calendar;     /* ROW_DATE, ROW_TIMESTAMP */
  GtkWidget         *hour;
  GtkWidget         *minute;
  GtkStringList     *strings;      /* ROW_ENUM, ROW_CURRENCY */
  gboolean           has_none;
  GListModel        *records;      /* ROW_REF_COMBO */
  GtkWidget         *chooser_button; /* ROW_REF */
  GtkWidget         *clear_button;

  gint64             ref_id;
  gboolean           edited;
  gboolean           loading;
  gboolean           has_error;
};

G_DEFINE_FINAL_TYPE (KontorFieldRow, kontor_field_row, G_TYPE_OBJECT)

enum {
  CHANGED,
  OPEN_RECORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const common_currencies[] = {
  "RUB", "USD", "EUR", "CNY", "KZT", "BYN", "UAH", "GBP", "CHF", "JPY", "TRY", "AED", "INR", NULL
};

/* Choices that kontor_ui_status_label() does not cover */
static const struct
{
  const char *field;
  const char *value;
  const char *label;
} choice_labels[] = {
  { "reminder", "none", N_("No reminder") },
  { "reminder", "at_time", N_("At the due time") },
  { "reminder", "5m", N_("5 minutes before") },
  { "reminder", "15m", N_("15 minutes before") },
  { "reminder", "30m", N_("30 minutes before") },
  { "reminder", "1h", N_("1 hour before") },
  { "reminder", "1d", N_("1 day before") },
  { "semantics", "open", N_("Open") },
  { "semantics", "won", N_("Won") },
  { "semantics", "lost", N_("Lost") },
};

static gboolean
is_combo_ref (const KontorField *field)
{
  return field->type == KONTOR_FIELD_REF &&
         (g_strcmp0 (field->ref_kind, "pipeline") == 0 ||
          g_strcmp0 (field->ref_kind, "stage") == 0);
}

static GtkWidget *
make_icon_button (const char *icon_name,
                  const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  return button;
}

static void
mark_edited (KontorFieldRow *self)
{
  if (self->loading)
    return;

  self->edited = TRUE;
  if (self->has_error)
    kontor_field_row_set_error (self, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

static char *
dup_entity_name (KontorFieldRow *self,
                 gint64          id)
{
  GType type = kontor_entity_type_from_name (self->field->ref_kind);
  g_autoptr(KontorEntity) entity = NULL;

  if (id == 0 || type == G_TYPE_INVALID)
    return NULL;

  entity = kontor_repository_find (self->repository, type, id, NULL);
  if (entity == NULL)
    return g_strdup_printf ("#%" PRId64, id);

  return kontor_entity_dup_display_name (entity);
}

static char *
format_timestamp (gint64 seconds)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (seconds == 0)
    return g_strdup ("");

  utc = g_date_time_new_from_unix_utc (seconds);
  local = g_date_time_to_local (utc);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

static char *
format_read_only (KontorFieldRow *self,
                  KontorEntity   *entity)
{
  const KontorField *field = self->field;
  gint64 number;

  switch (field->type)
    {
    case KONTOR_FIELD_ENUM:
      return g_strdup (kontor_field_get_choice_label (self->kind_name, field,
                                                      kontor_entity_get_text (entity, field->name)));
    case KONTOR_FIELD_MONEY:
      {
        const char *currency = NULL;

        if (kontor_entity_class_find_field (KONTOR_ENTITY_GET_CLASS (entity), "currency"))
          currency = kontor_entity_get_text (entity, "currency");
        if (currency == NULL)
          currency = kontor_repository_get_default_currency (self->repository);
        return kontor_money_format (kontor_entity_get_int (entity, field->name), currency);
      }
    case KONTOR_FIELD_TIMESTAMP:
      number = kontor_entity_get_int (entity, field->name);
      if (number == 0)
        return g_strdup (_("Not yet"));
      return kontor_ui_format_timestamp (number);
    default:
      {
        g_autofree char *text = kontor_entity_dup_string (entity, field->name);

        return g_strdup (text && *text ? text : "—");
      }
    }
}

static char *
format_basis_points (gint64 bp)
{
  if (bp < 0)
    return g_strdup ("");
  if (bp % 100 == 0)
    return g_strdup_printf ("%" PRId64, bp / 100);
  if (bp % 10 == 0)
    return g_strdup_printf ("%" PRId64 ".%" PRId64, bp / 100, (bp % 100) / 10);
  return g_strdup_printf ("%" PRId64 ".%02" PRId64, bp / 100, bp % 100);
}

static gboolean
parse_date (const char *text,
            int        *year,
            int        *month,
            int        *day)
{
  return sscanf (text, "%4d-%2d-%2d", year, month, day) == 3 &&
         g_date_valid_dmy ((GDateDay) *day, (GDateMonth) *month, (GDateYear) *year);
}

static void
update_ref_row (KontorFieldRow *self)
{
  g_autofree char *name = dup_entity_name (self, self->ref_id);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->widget), name ? name : _("None"));
  gtk_widget_set_visible (self->clear_button, self->ref_id != 0);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (self->widget), self->ref_id != 0);
}

/* Callbacks */

static void
update_clear_button (KontorFieldRow *self)
{
  if (self->kind == ROW_DATE || self->kind == ROW_TIMESTAMP)
    gtk_widget_set_visible (self->clear_button,
                            *gtk_editable_get_text (GTK_EDITABLE (self->widget)) != '\0');
}

static void
on_editable_changed (GtkEditable    *editable,
                     KontorFieldRow *self)
{
  update_clear_button (self);
  mark_edited (self);
}

static void
on_buffer_changed (GtkTextBuffer  *buffer,
                   KontorFieldRow *self)
{
  mark_edited (self);
}

static void
on_selected_changed (GObject        *object,
                     GParamSpec     *pspec,
                     KontorFieldRow *self)
{
  if (self->kind == ROW_REF_COMBO)
    {
      guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (self->widget));
      g_autoptr(KontorEntity) entity = NULL;

      if (position != GTK_INVALID_LIST_POSITION && self->records != NULL)
        entity = g_list_model_get_item (self->records, position);
      if (entity != NULL)
        self->ref_id = kontor_entity_get_id (entity);
    }

  mark_edited (self);
}

static void
on_toggle_active (GObject        *object,
                  GParamSpec     *pspec,
                  KontorFieldRow *self)
{
  mark_edited (self);
}

static void
on_values_changed (KontorValuesEditor *editor,
                   KontorFieldRow     *self)
{
  mark_edited (self);
}

static void
on_record_chosen (KontorRecordChooser *chooser,
                  KontorEntity        *entity,
                  KontorFieldRow      *self)
{
  kontor_field_row_set_ref_id (self, kontor_entity_get_id (entity));
  gtk_widget_grab_focus (self->widget);
}

static void
on_create_chooser (GtkMenuButton *button,
                   gpointer       user_data)
{
  KontorFieldRow *self = user_data;
  GtkWidget *chooser;
  GType type;

  if (gtk_menu_button_get_popover (button) != NULL)
    return;

  type = kontor_entity_type_from_name (self->field->ref_kind);
  chooser = kontor_record_chooser_new (self->repository, type);
  g_signal_connect (chooser, "record-chosen", G_CALLBACK (on_record_chosen), self);
  gtk_menu_button_set_popover (button, chooser);
}

static void
on_clear_clicked (GtkButton      *button,
                  KontorFieldRow *self)
{
  if (self->kind == ROW_REF)
    {
      kontor_field_row_set_ref_id (self, 0);
      gtk_widget_grab_focus (self->widget);
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->widget), "");
      gtk_widget_grab_focus (self->widget);
    }
}

static void
on_ref_activated (AdwActionRow   *row,
                  KontorFieldRow *self)
{
  GType type = kontor_entity_type_from_name (self->field->ref_kind);
  g_autoptr(KontorEntity) entity = NULL;

  if (self->ref_id == 0)
    return;

  entity = kontor_repository_find (self->repository, type, self->ref_id, NULL);
  if (entity != NULL)
    g_signal_emit (self, signals[OPEN_RECORD], 0, entity);
}

static void
write_calendar_to_entry (KontorFieldRow *self)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (GTK_CALENDAR (self->calendar));
  g_autofree char *text = NULL;

  if (self->kind == ROW_TIMESTAMP)
    text = g_strdup_printf ("%s %02d:%02d", g_date_time_format (date, "%Y-%m-%d"),
                            gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->hour)),
                            gtk_spin_button_get_value_as_int (GTK_SPIN_BUTTON (self->minute)));
  else
    text = g_date_time_format (date, "%Y-%m-%d");

  gtk_editable_set_text (GTK_EDITABLE (self->widget), text);
}

static void
on_day_selected (GtkCalendar    *calendar,
                 KontorFieldRow *self)
{
  if (!self->loading)
    write_calendar_to_entry (self);
}

static void
on_time_changed (GtkSpinButton  *spin,
                 KontorFieldRow *self)
{
  if (!self->loading)
    write_calendar_to_entry (self);
}

static void
on_calendar_popover_show (GtkWidget      *popover,
                          KontorFieldRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->widget));
  g_autoptr(GDateTime) date = NULL;
  int year, month, day, hour = 9, minute = 0;

  if (parse_date (text, &year, &month, &day))
    {
      if (self->kind == ROW_TIMESTAMP && strlen (text) >= 16)
        sscanf (text + 11, "%2d:%2d", &hour, &minute);
      date = g_date_time_new_local (year, month, day, 0, 0, 0);
    }
  else
    date = g_date_time_new_now_local ();

  self->loading = TRUE;
  if (date != NULL)
    gtk_calendar_select_day (GTK_CALENDAR (self->calendar), date);
  if (self->hour != NULL)
    {
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->hour), hour);
      gtk_spin_button_set_value (GTK_SPIN_BUTTON (self->minute), minute);
    }
  self->loading = FALSE;
}

static gboolean
on_spin_output (GtkSpinButton *spin,
                gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%02d", gtk_spin_button_get_value_as_int (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

static char *
combo_display_name (KontorEntity *entity)
{
  return entity ? kontor_entity_dup_display_name (entity) : g_strdup ("");
}

/* Construction */

static void
build_entry (KontorFieldRow *self)
{
  self->widget = adw_entry_row_new ();
  g_signal_connect (self->widget, "changed", G_CALLBACK (on_editable_changed), self);

  if (self->field->type == KONTOR_FIELD_MONEY || self->field->type == KONTOR_FIELD_QUANTITY ||
      self->field->type == KONTOR_FIELD_INT)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self->widget), GTK_INPUT_PURPOSE_NUMBER);
  if (self->field->flags & KONTOR_FIELD_BASIS_POINTS)
    {
      /* Translators: a field label with a percent unit, e.g. "VAT rate, %" */
      g_autofree char *title = g_strdup_printf (_("%s, %%"), self->title);

      g_free (self->title);
      self->title = g_steal_pointer (&title);
    }
}

static void
build_date (KontorFieldRow *self)
{
  GtkWidget *button;
  GtkWidget *popover;
  GtkWidget *box;
  GtkWidget *clear;

  build_entry (self);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  self->calendar = gtk_calendar_new ();
  g_signal_connect (self->calendar, "day-selected", G_CALLBACK (on_day_selected), self);
  gtk_box_append (GTK_BOX (box), self->calendar);

  if (self->kind == ROW_TIMESTAMP)
    {
      GtkWidget *time_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *colon = gtk_label_new (":");

      gtk_widget_set_halign (time_box, GTK_ALIGN_CENTER);
      self->hour = gtk_spin_button_new_with_range (0, 23, 1);
      self->minute = gtk_spin_button_new_with_range (0, 59, 5);
      gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (self->hour), TRUE);
      gtk_spin_button_set_wrap (GTK_SPIN_BUTTON (self->minute), TRUE);
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->hour), GTK_ORIENTATION_VERTICAL);
      gtk_orientable_set_orientation (GTK_ORIENTABLE (self->minute), GTK_ORIENTATION_VERTICAL);
      g_signal_connect (self->hour, "output", G_CALLBACK (on_spin_output), NULL);
      g_signal_connect (self->minute, "output", G_CALLBACK (on_spin_output), NULL);
      g_signal_connect (self->hour, "value-changed", G_CALLBACK (on_time_changed), self);
      g_signal_connect (self->minute, "value-changed", G_CALLBACK (on_time_changed), self);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->hour),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Hour"), -1);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->minute),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Minute"), -1);
      gtk_box_append (GTK_BOX (time_box), self->hour);
      gtk_box_append (GTK_BOX (time_box), colon);
      gtk_box_append (GTK_BOX (time_box), self->minute);
      gtk_box_append (GTK_BOX (box), time_box);
    }

  popover = gtk_popover_new ();
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  g_signal_connect (popover, "show", G_CALLBACK (on_calendar_popover_show), self);

  button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, _("Choose a Date"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Choose a Date"), -1);

  clear = self->clear_button = make_icon_button ("edit-clear-symbolic", _("Clear"));
  gtk_widget_set_visible (clear, FALSE);
  g_signal_connect (clear, "clicked", G_CALLBACK (on_clear_clicked), self);

  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self->widget), clear);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self->widget), button);
}

static void
build_text_view (KontorFieldRow *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *frame;

  self->widget = g_object_new (ADW_TYPE_PREFERENCES_ROW,
                               "activatable", FALSE,
                               "focusable", FALSE,
                               NULL);

  self->caption = gtk_label_new (self->title);
  gtk_label_set_xalign (GTK_LABEL (self->caption), 0);
  gtk_label_set_wrap (GTK_LABEL (self->caption), TRUE);
  gtk_widget_add_css_class (self->caption, "caption");
  gtk_widget_add_css_class (self->caption, "dim-label");

  self->text_view = gtk_text_view_new ();
  gtk_text_view_set_wrap_mode (GTK_TEXT_VIEW (self->text_view), GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_accepts_tab (GTK_TEXT_VIEW (self->text_view), FALSE);
  gtk_widget_set_size_request (self->text_view, -1, 72);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->text_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title, -1);
  self->buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->text_view));
  g_signal_connect (self->buffer, "changed", G_CALLBACK (on_buffer_changed), self);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 8);
  gtk_widget_set_margin_bottom (box, 10);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), self->text_view);
  gtk_widget_set_margin_top (self->text_view, 6);
  gtk_widget_set_margin_bottom (self->text_view, 6);
  gtk_widget_set_margin_start (self->text_view, 6);
  gtk_widget_set_margin_end (self->text_view, 6);
  gtk_box_append (GTK_BOX (box), self->caption);
  gtk_box_append (GTK_BOX (box), frame);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->widget), box);
}

static void
build_combo (KontorFieldRow *self)
{
  self->widget = adw_combo_row_new ();
  self->strings = gtk_string_list_new (NULL);

  if (self->kind == ROW_ENUM)
    {
      self->has_none = !(self->field->flags & KONTOR_FIELD_REQUIRED);
      if (self->has_none)
        gtk_string_list_append (self->strings, _("Not set"));
      for (guint i = 0; self->field->choices[i] != NULL; i++)
        gtk_string_list_append (self->strings,
                                kontor_field_get_choice_label (self->kind_name, self->field,
                                                               self->field->choices[i]));
    }
  else
    {
      for (guint i = 0; common_currencies[i] != NULL; i++)
        gtk_string_list_append (self->strings, common_currencies[i]);
    }

  adw_combo_row_set_model (ADW_COMBO_ROW (self->widget), G_LIST_MODEL (self->strings));
  g_signal_connect (self->widget, "notify::selected", G_CALLBACK (on_selected_changed), self);
}

static void
build_ref_combo (KontorFieldRow *self)
{
  self->widget = adw_combo_row_new ();
  adw_combo_row_set_expression (ADW_COMBO_ROW (self->widget),
                                gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                             G_CALLBACK (combo_display_name),
                                                             NULL, NULL));

  if (g_strcmp0 (self->field->ref_kind, "pipeline") == 0)
    {
      KontorListModel *model = kontor_list_model_new (self->repository,
                                                      kontor_entity_type_from_name ("pipeline"));

      kontor_list_model_set_sort (model, "position", FALSE, NULL);
      self->records = G_LIST_MODEL (model);
      adw_combo_row_set_model (ADW_COMBO_ROW (self->widget), self->records);
    }

  g_signal_connect (self->widget, "notify::selected", G_CALLBACK (on_selected_changed), self);
}

static void
build_ref (KontorFieldRow *self)
{
  self->widget = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->widget), FALSE);
  g_signal_connect (self->widget, "activated", G_CALLBACK (on_ref_activated), self);

  self->clear_button = make_icon_button ("edit-clear-symbolic", _("Clear"));
  g_signal_connect (self->clear_button, "clicked", G_CALLBACK (on_clear_clicked), self);

  self->chooser_button = gtk_menu_button_new ();
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (self->chooser_button), "edit-find-symbolic");
  gtk_menu_button_set_create_popup_func (GTK_MENU_BUTTON (self->chooser_button),
                                         on_create_chooser, self, NULL);
  gtk_widget_set_valign (self->chooser_button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (self->chooser_button, "flat");
  {
    /* Translators: the tooltip of the button that picks a linked record, e.g. "Choose Company" */
    g_autofree char *tooltip = g_strdup_printf (_("Choose %s"), self->title);

    gtk_widget_set_tooltip_text (self->chooser_button, tooltip);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->chooser_button),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
  }

  adw_action_row_add_suffix (ADW_ACTION_ROW (self->widget), self->clear_button);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->widget), self->chooser_button);
  update_ref_row (self);
}

static void
build_bool (KontorFieldRow *self)
{
  self->widget = adw_action_row_new ();
  self->toggle = gtk_switch_new ();
  gtk_widget_set_valign (self->toggle, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->title, -1);
  g_signal_connect (self->toggle, "notify::active", G_CALLBACK (on_toggle_active), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->widget), self->toggle);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (self->widget), self->toggle);
}

static void
build_read_only (KontorFieldRow *self)
{
  self->widget = adw_action_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->widget), FALSE);
  gtk_widget_add_css_class (self->widget, "property");
}

/* Overrides */

static void
kontor_field_row_dispose (GObject *object)
{
  KontorFieldRow *self = KONTOR_FIELD_ROW (object);

  if (self->buffer != NULL)
    g_signal_handlers_disconnect_by_data (self->buffer, self);
  g_clear_object (&self->widget);
  g_clear_object (&self->strings);
  g_clear_object (&self->records);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_field_row_parent_class)->dispose (object);
}

static void
kontor_field_row_finalize (GObject *object)
{
  KontorFieldRow *self = KONTOR_FIELD_ROW (object);

  g_free (self->title);

  G_OBJECT_CLASS (kontor_field_row_parent_class)->finalize (object);
}

static void
kontor_field_row_class_init (KontorFieldRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kontor_field_row_dispose;
  object_class->finalize = kontor_field_row_finalize;

  /**
   * KontorFieldRow::changed:
   *
   * Emitted when the user changed the value in the widget.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * KontorFieldRow::open-record:
   * @entity: the linked record
   *
   * Emitted when the user activates a linked-record row.
   */
  signals[OPEN_RECORD] =
    g_signal_new ("open-record",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KONTOR_TYPE_ENTITY);
}

static void
kontor_field_row_init (KontorFieldRow *self)
{
}

/* Public API */

/**
 * kontor_field_get_choice_label:
 * @field: an ENUM field
 * @value: (nullable): one of its choices
 *
 * Returns: the translated label of @value
 */
const char *
kontor_field_get_choice_label (const char        *kind,
                               const KontorField *field,
                               const char        *value)
{
  const char *label;

  if (value == NULL)
    return _("Not set");

  if (kind != NULL)
    {
      label = kontor_ui_status_label (kind, field->name, value);
      if (label != value)
        return label;
    }
  else
    {
      static const char * const kinds[] = { "lead", "deal", "invoice", "activity", NULL };

      for (guint i = 0; kinds[i] != NULL; i++)
        {
          label = kontor_ui_status_label (kinds[i], field->name, value);
          if (label != value)
            return label;
        }
    }

  for (guint i = 0; i < G_N_ELEMENTS (choice_labels); i++)
    if (g_str_equal (choice_labels[i].field, field->name) &&
        g_str_equal (choice_labels[i].value, value))
      return _(choice_labels[i].label);

  return value;
}

KontorFieldRow *
kontor_field_row_new (KontorRepository  *repository,
                      const KontorField *field)
{
  return kontor_field_row_new_for_kind (repository, NULL, field);
}

/**
 * kontor_field_row_new_for_kind:
 * @kind: (nullable): the kind of record the field belongs to, for its labels
 */
KontorFieldRow *
kontor_field_row_new_for_kind (KontorRepository  *repository,
                               const char        *kind,
                               const KontorField *field)
{
  KontorFieldRow *self;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (field != NULL, NULL);

  self = g_object_new (KONTOR_TYPE_FIELD_ROW, NULL);
  self->repository = g_object_ref (repository);
  self->kind_name = kind;
  self->field = field;
  self->title = g_strdup (kontor_field_get_label (field));

  if (field->flags & KONTOR_FIELD_COMPUTED)
    self->kind = ROW_READ_ONLY;
  else
    switch (field->type)
      {
      case KONTOR_FIELD_TEXT:
        if (field->flags & KONTOR_FIELD_MULTILINE)
          self->kind = ROW_TEXT_VIEW;
        else if (field->flags & KONTOR_FIELD_CURRENCY)
          self->kind = ROW_CURRENCY;
        else
          self->kind = ROW_ENTRY;
        break;
      case KONTOR_FIELD_ENUM:
        self->kind = ROW_ENUM;
        break;
      case KONTOR_FIELD_DATE:
        self->kind = ROW_DATE;
        break;
      case KONTOR_FIELD_TIMESTAMP:
        self->kind = ROW_TIMESTAMP;
        break;
      case KONTOR_FIELD_BOOL:
        self->kind = ROW_BOOL;
        break;
      case KONTOR_FIELD_REF:
        self->kind = is_combo_ref (field) ? ROW_REF_COMBO : ROW_REF;
        break;
      case KONTOR_FIELD_LIST:
        self->kind = ROW_LIST;
        break;
      case KONTOR_FIELD_INT:
      case KONTOR_FIELD_MONEY:
      case KONTOR_FIELD_QUANTITY:
      default:
        self->kind = ROW_ENTRY;
        break;
      }

  switch (self->kind)
    {
    case ROW_ENTRY:
      build_entry (self);
      break;
    case ROW_DATE:
    case ROW_TIMESTAMP:
      build_date (self);
      break;
    case ROW_TEXT_VIEW:
      build_text_view (self);
      break;
    case ROW_ENUM:
    case ROW_CURRENCY:
      build_combo (self);
      break;
    case ROW_REF_COMBO:
      build_ref_combo (self);
      break;
    case ROW_REF:
      build_ref (self);
      break;
    case ROW_BOOL:
      build_bool (self);
      break;
    case ROW_LIST:
      self->widget = kontor_values_editor_new (field);
      g_signal_connect (self->widget, "changed", G_CALLBACK (on_values_changed), self);
      break;
    case ROW_READ_ONLY:
    default:
      build_read_only (self);
      break;
    }

  g_object_ref_sink (self->widget);

  if (ADW_IS_PREFERENCES_ROW (self->widget))
    {
      /* Titles carry error messages that quote what the user typed */
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (self->widget), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->widget), self->title);
      /* An entry row's text is already labelled by its title; a second
       * label makes screen readers say the name twice */
      if (!ADW_IS_ENTRY_ROW (self->widget))
        gtk_accessible_update_property (GTK_ACCESSIBLE (self->widget),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, self->title, -1);
    }

  return self;
}

const KontorField *
kontor_field_row_get_field (KontorFieldRow *self)
{
  g_return_val_if_fail (KONTOR_IS_FIELD_ROW (self), NULL);

  return self->field;
}

/**
 * kontor_field_row_get_widget:
 *
 * Returns: (transfer none): the row widget (an #AdwPreferencesRow) or a
 *   #KontorValuesEditor for a list field
 */
GtkWidget *
kontor_field_row_get_widget (KontorFieldRow *self)
{
  g_return_val_if_fail (KONTOR_IS_FIELD_ROW (self), NULL);

  return self->widget;
}

gboolean
kontor_field_row_get_edited (KontorFieldRow *self)
{
  g_return_val_if_fail (KONTOR_IS_FIELD_ROW (self), FALSE);

  return self->edited;
}

/**
 * kontor_field_row_load:
 *
 * Shows the value of the field in @entity and forgets the user's edits.
 */
void
kontor_field_row_load (KontorFieldRow *self,
                       KontorEntity   *entity)
{
  const KontorField *field;
  g_autofree char *text = NULL;

  g_return_if_fail (KONTOR_IS_FIELD_ROW (self));
  g_return_if_fail (KONTOR_IS_ENTITY (entity));

  field = self->field;
  self->loading = TRUE;

  switch (self->kind)
    {
    case ROW_ENTRY:
      if (field->flags & KONTOR_FIELD_BASIS_POINTS)
        text = format_basis_points (kontor_entity_get_int (entity, field->name));
      else if ((field->type == KONTOR_FIELD_MONEY || field->type == KONTOR_FIELD_INT ||
                field->type == KONTOR_FIELD_QUANTITY) &&
               kontor_entity_get_id (entity) == 0 && kontor_entity_get_int (entity, field->name) == 0)
        text = g_strdup ("");
      else
        text = kontor_entity_dup_string (entity, field->name);
      gtk_editable_set_text (GTK_EDITABLE (self->widget), text ? text : "");
      break;

    case ROW_DATE:
      gtk_editable_set_text (GTK_EDITABLE (self->widget),
                             kontor_entity_get_text (entity, field->name) ?: "");
      break;

    case ROW_TIMESTAMP:
      text = format_timestamp (kontor_entity_get_int (entity, field->name));
      gtk_editable_set_text (GTK_EDITABLE (self->widget), text);
      break;

    case ROW_TEXT_VIEW:
      gtk_text_buffer_set_text (self->buffer, kontor_entity_get_text (entity, field->name) ?: "", -1);
      break;

    case ROW_ENUM:
      {
        const char *value = kontor_entity_get_text (entity, field->name);
        guint position = 0;

        for (guint i = 0; value != NULL && field->choices[i] != NULL; i++)
          if (g_str_equal (field->choices[i], value))
            position = i + (self->has_none ? 1 : 0);
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->widget), position);
      }
      break;

    case ROW_CURRENCY:
      {
        const char *value = kontor_entity_get_text (entity, field->name);
        guint n, position = GTK_INVALID_LIST_POSITION;

        if (value == NULL)
          value = kontor_repository_get_default_currency (self->repository);
        n = g_list_model_get_n_items (G_LIST_MODEL (self->strings));
        for (guint i = 0; i < n; i++)
          if (g_strcmp0 (gtk_string_list_get_string (self->strings, i), value) == 0)
            position = i;
        if (position == GTK_INVALID_LIST_POSITION && value != NULL)
          {
            gtk_string_list_append (self->strings, value);
            position = n;
          }
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->widget), position);
      }
      break;

    case ROW_BOOL:
      gtk_switch_set_active (GTK_SWITCH (self->toggle), kontor_entity_get_bool (entity, field->name));
      break;

    case ROW_REF:
      self->ref_id = kontor_entity_get_int (entity, field->name);
      update_ref_row (self);
      break;

    case ROW_REF_COMBO:
      self->ref_id = kontor_entity_get_int (entity, field->name);
      if (g_strcmp0 (field->ref_kind, "stage") == 0)
        {
          gint64 pipeline = kontor_entity_get_int (entity, "pipeline");

          if (pipeline == 0)
            pipeline = kontor_repository_get_default_pipeline (self->repository);
          kontor_field_row_set_pipeline (self, pipeline);
        }
      else
        kontor_field_row_set_ref_id (self, self->ref_id);
      break;

    case ROW_LIST:
      kontor_values_editor_set_values (KONTOR_VALUES_EDITOR (self->widget),
                                       kontor_entity_get_list (entity, field->name));
      break;

    case ROW_READ_ONLY:
    default:
      text = format_read_only (self, entity);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->widget), text);
      break;
    }

  self->loading = FALSE;
  self->edited = FALSE;
}

/**
 * kontor_field_row_apply:
 * @target: the (scratch) record to write the value into
 *
 * Parses what the user typed into @target.
 *
 * Returns: %FALSE with a field error if the text cannot be parsed
 */
gboolean
kontor_field_row_apply (KontorFieldRow  *self,
                        KontorEntity    *target,
                        GError         **error)
{
  const KontorField *field;

  g_return_val_if_fail (KONTOR_IS_FIELD_ROW (self), FALSE);
  g_return_val_if_fail (KONTOR_IS_ENTITY (target), FALSE);

  field = self->field;

  switch (self->kind)
    {
    case ROW_ENTRY:
    case ROW_DATE:
    case ROW_TIMESTAMP:
      {
        const char *text = gtk_editable_get_text (GTK_EDITABLE (self->widget));
        g_autofree char *stripped = NULL;

        if (field->type != KONTOR_FIELD_TEXT)
          text = stripped = g_strstrip (g_strdup (text));

        if (field->flags & KONTOR_FIELD_BASIS_POINTS)
          {
            gint64 thousandths = -10;

            if (*text != '\0' && (!kontor_quantity_parse (text, &thousandths, NULL) ||
                                  thousandths % 10 != 0 || thousandths < 0))
              {
                kontor_set_field_error (error, field->name,
                                        _("%s: “%s” is not a percentage"),
                                        kontor_field_get_label (field), text);
                return FALSE;
              }
            kontor_entity_set_int (target, field->name, thousandths / 10);
            return TRUE;
          }

        return kontor_entity_set_from_string (target, field->name, text, error);
      }

    case ROW_TEXT_VIEW:
      {
        GtkTextIter start, end;
        g_autofree char *text = NULL;

        gtk_text_buffer_get_bounds (self->buffer, &start, &end);
        text = gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
        return kontor_entity_set_from_string (target, field->name, text, error);
      }

    case ROW_ENUM:
      {
        guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (self->widget));
        const char *value = NULL;

        if (position != GTK_INVALID_LIST_POSITION)
          {
            if (self->has_none && position == 0)
              value = NULL;
            else
              value = field->choices[position - (self->has_none ? 1 : 0)];
          }
        kontor_entity_set_text (target, field->name, value);
        return TRUE;
      }

    case ROW_CURRENCY:
      {
        guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (self->widget));

        if (position != GTK_INVALID_LIST_POSITION)
          kontor_entity_set_text (target, field->name,
                                  gtk_string_list_get_string (self->strings, position));
        return TRUE;
      }

    case ROW_BOOL:
      kontor_entity_set_bool (target, field->name,
                              gtk_switch_get_active (GTK_SWITCH (self->toggle)));
      return TRUE;

    case ROW_REF:
    case ROW_REF_COMBO:
      kontor_entity_set_int (target, field->name, self->ref_id);
      return TRUE;

    case ROW_LIST:
      {
        g_auto(GStrv) values = kontor_values_editor_dup_values (KONTOR_VALUES_EDITOR (self->widget));

        kontor_entity_set_list (target, field->name, (const char * const *) values);
        return TRUE;
      }

    case ROW_READ_ONLY:
    default:
      return TRUE;
    }
}

/**
 * kontor_field_row_dup_text:
 *
 * What the row shows, as text: what was typed into an entry, the value of
 * a choice, "yes"/"no" of a switch, the id of a linked record, or the
 * values of a list one a line. kontor_field_row_set_text() takes it back.
 *
 * Returns: (transfer full) (nullable): the text, %NULL for a read-only row
 */
char *
kontor_field_row_dup_text (KontorFieldRow *self)
{
  g_return_val_if_fail (KONTOR_IS_FIELD_ROW (self), NULL);

  switch (self->kind)
    {
    case ROW_ENTRY:
    case ROW_DATE:
    case ROW_TIMESTAMP:
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->widget)));

    case ROW_TEXT_VIEW:
      {
        GtkTextIter start, end;

        gtk_text_buffer_get_bounds (self->buffer, &start, &end);
        return gtk_text_buffer_get_text (self->buffer, &start, &end, FALSE);
      }

    case ROW_ENUM:
      {
        guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (self->widget));

        if (position == GTK_INVALID_LIST_POSITION || (self->has_none && position == 0))
          return g_strdup ("");
        return g_strdup (self->field->choices[position - (self->has_none ? 1 : 0)]);
      }

    case ROW_CURRENCY:
      {
        guint position = adw_combo_row_get_selected (ADW_COMBO_ROW (self->widget));

        if (position == GTK_INVALID_LIST_POSITION)
          return g_strdup ("");
        return g_strdup (gtk_string_list_get_string (self->strings, position));
      }

    case ROW_BOOL:
      return g_strdup (gtk_switch_get_active (GTK_SWITCH (self->toggle)) ? "yes" : "no");

    case ROW_REF:
    case ROW_REF_COMBO:
      return g_strdup_printf ("%" PRId64, self->ref_id);

    case ROW_LIST:
      {
        KontorValuesEditor *editor = KONTOR_VALUES_EDITOR (self->widget);
        g_auto(GStrv) values = kontor_values_editor_dup_values (editor);

        return g_strjoinv ("\n", values);
      }

    case ROW_READ_ONLY:
    default:
      return NULL;
    }
}

/**
 * kontor_field_row_set_text:
 * @text: what kontor_field_row_dup_text() gave
 *
 * Puts @text into the row as if the user had typed or chosen it: the row
 * counts as edited.
 */
void
kontor_field_row_set_text (KontorFieldRow *self,
                           const char     *text)
{
  gint64 id = 0;

  g_return_if_fail (KONTOR_IS_FIELD_ROW (self));
  g_return_if_fail (text != NULL);

  switch (self->kind)
    {
    case ROW_ENTRY:
    case ROW_DATE:
    case ROW_TIMESTAMP:
      gtk_editable_set_text (GTK_EDITABLE (self->widget), text);
      break;

    case ROW_TEXT_VIEW:
      gtk_text_buffer_set_text (self->buffer, text, -1);
      break;

    case ROW_ENUM:
      {
        guint position = 0;

        for (guint i = 0; self->field->choices[i] != NULL; i++)
          if (g_str_equal (self->field->choices[i], text))
            position = i + (self->has_none ? 1 : 0);
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->widget), position);
      }
      break;

    case ROW_CURRENCY:
      {
        guint n = g_list_model_get_n_items (G_LIST_MODEL (self->strings));
        guint position = GTK_INVALID_LIST_POSITION;

        if (*text == '\0')
          break;
        for (guint i = 0; i < n; i++)
          if (g_strcmp0 (gtk_string_list_get_string (self->strings, i), text) == 0)
            position = i;
        if (position == GTK_INVALID_LIST_POSITION)
          {
            gtk_string_list_append (self->strings, text);
            position = n;
          }
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->widget), position);
      }
      break;

    case ROW_BOOL:
      gtk_switch_set_active (GTK_SWITCH (self->toggle), g_str_equal (text, "yes"));
      break;

    case ROW_REF:
    case ROW_REF_COMBO:
      if (g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &id, NULL))
        kontor_field_row_set_ref_id (self, id);
      break;

    case ROW_LIST:
      {
        g_auto(GStrv) values = *text != '\0' ? g_strsplit (text, "\n", -1) : g_new0 (char *, 1);

        kontor_values_editor_set_values (KONTOR_VALUES_EDITOR (self->widget),
                                         (const char * const *) values);
      }
      break;

    case ROW_READ_ONLY:
    default:
      return;
    }

  mark_edited (self);
}

/**
 * kontor_field_row_set_error:
 * @message: (nullable): the error to show next to the field, or %NULL
 */
void
kontor_field_row_set_error (KontorFieldRow *self,
                            const char     *message)
{
  g_return_if_fail (KONTOR_IS_FIELD_ROW (self));

  self->has_error = message != NULL;

  if (message != NULL)
    gtk_widget_add_css_class (self->widget, "error");
  else
    gtk_widget_remove_css_class (self->widget, "error");

  switch (self->kind)
    {
    case ROW_LIST:
      kontor_values_editor_set_error (KONTOR_VALUES_EDITOR (self->widget), message);
      break;

    case ROW_TEXT_VIEW:
      gtk_label_set_text (GTK_LABEL (self->caption), message ? message : self->title);
      if (message != NULL)
        {
          gtk_widget_remove_css_class (self->caption, "dim-label");
          gtk_widget_add_css_class (self->caption, "error");
        }
      else
        {
          gtk_widget_add_css_class (self->caption, "dim-label");
          gtk_widget_remove_css_class (self->caption, "error");
        }
      break;

    case ROW_ENTRY:
    case ROW_DATE:
    case ROW_TIMESTAMP:
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->widget),
                                     message ? message : self->title);
      break;

    case ROW_REF:
      if (message != NULL)
        adw_action_row_set_subtitle (ADW_ACTION_ROW (self->widget), message);
      else
        update_ref_row (self);
      break;

    default:
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->widget), message ? message : "");
      break;
    }

  if (message != NULL)
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->widget),
                                    GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, message, -1);
  else
    gtk_accessible_reset_property (GTK_ACCESSIBLE (self->widget),
                                   GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
}

gboolean
kontor_field_row_has_error (KontorFieldRow *self)
{
  g_return_val_if_fail (KONTOR_IS_FIELD_ROW (self), FALSE);

  return self->has_error;
}

void
kontor_field_row_focus (KontorFieldRow *self)
{
  g_return_if_fail (KONTOR_IS_FIELD_ROW (self));

  if (self->kind == ROW_LIST)
    kontor_values_editor_focus (KONTOR_VALUES_EDITOR (self->widget));
  else if (self->kind == ROW_TEXT_VIEW)
    gtk_widget_grab_focus (self->text_view);
  else if (self->kind == ROW_BOOL)
    gtk_widget_grab_focus (self->toggle);
  else if (self->kind == ROW_REF)
    gtk_widget_grab_focus (self->chooser_button);
  else
    gtk_widget_grab_focus (self->widget);
}

gint64
kontor_field_row_get_ref_id (KontorFieldRow *self)
{
  g_return_val_if_fail (KONTOR_IS_FIELD_ROW (self), 0);

  return self->ref_id;
}

/**
 * kontor_field_row_set_ref_id:
 *
 * Sets the linked record as if the user had chosen it.
 */
void
kontor_field_row_set_ref_id (KontorFieldRow *self,
                             gint64          id)
{
  g_return_if_fail (KONTOR_IS_FIELD_ROW (self));
  g_return_if_fail (self->kind == ROW_REF || self->kind == ROW_REF_COMBO);

  if (self->kind == ROW_REF_COMBO)
    {
      guint n = self->records ? g_list_model_get_n_items (self->records) : 0;
      guint position = n > 0 ? 0 : GTK_INVALID_LIST_POSITION;

      for (guint i = 0; i < n; i++)
        {
          g_autoptr(KontorEntity) entity = g_list_model_get_item (self->records, i);

          if (kontor_entity_get_id (entity) == id)
            position = i;
        }

      self->ref_id = id;
      adw_combo_row_set_selected (ADW_COMBO_ROW (self->widget), position);
      /* An id that is not offered falls back to the first record */
      on_selected_changed (NULL, NULL, self);
      return;
    }

  if (self->ref_id == id)
    return;

  self->ref_id = id;
  update_ref_row (self);
  mark_edited (self);
}

/**
 * kontor_field_row_set_pipeline:
 *
 * Offers the stages of @pipeline_id in a deal's stage row, keeping the
 * current stage if it belongs to that pipeline.
 */
void
kontor_field_row_set_pipeline (KontorFieldRow *self,
                               gint64          pipeline_id)
{
  g_autoptr(GListModel) stages = NULL;

  g_return_if_fail (KONTOR_IS_FIELD_ROW (self));
  g_return_if_fail (self->kind == ROW_REF_COMBO);

  stages = kontor_repository_list_stages (self->repository, pipeline_id, NULL);
  if (stages == NULL)
    stages = G_LIST_MODEL (g_list_store_new (KONTOR_TYPE_ENTITY));

  g_set_object (&self->records, stages);
  g_signal_handlers_block_by_func (self->widget, on_selected_changed, self);
  adw_combo_row_set_model (ADW_COMBO_ROW (self->widget), self->records);
  g_signal_handlers_unblock_by_func (self->widget, on_selected_changed, self);
  kontor_field_row_set_ref_id (self, self->ref_id);
}
