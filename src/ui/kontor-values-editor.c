/* kontor-values-editor.c
 *
 * A boxed list of entry rows, one per value of a LIST field (phones,
 * e-mails, messengers), with a remove button on each, a button that opens
 * tel: or mailto: through the desktop, and an "Add" row at the end.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-values-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "kontor-values-editor.h"

struct _KontorValuesEditor
{
  AdwBin             parent_instance;

  const KontorField *field;
  GtkWidget         *list_box;
  GtkWidget         *add_row;
  GtkWidget         *error_label;
  GPtrArray         *entries;      /* AdwEntryRow, in order */
  GtkWidget         *error_entry;
  gboolean           loading;
};

G_DEFINE_FINAL_TYPE (KontorValuesEditor, kontor_values_editor, ADW_TYPE_BIN)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char *
uri_scheme (KontorValuesEditor *self)
{
  if (self->field->flags & KONTOR_FIELD_PHONE)
    return "tel";
  if (self->field->flags & KONTOR_FIELD_EMAIL)
    return "mailto";
  return NULL;
}

static const char *
add_label (KontorValuesEditor *self)
{
  if (self->field->flags & KONTOR_FIELD_PHONE)
    return _("Add Phone");
  if (self->field->flags & KONTOR_FIELD_EMAIL)
    return _("Add E-mail");
  return _("Add Messenger");
}

static void
emit_changed (KontorValuesEditor *self)
{
  if (!self->loading)
    g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_entry_changed (GtkEditable        *editable,
                  KontorValuesEditor *self)
{
  emit_changed (self);
}

static void
on_remove_clicked (GtkButton          *button,
                   KontorValuesEditor *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "kontor-row");
  guint index;

  if (!g_ptr_array_find (self->entries, row, &index))
    return;

  if (row == self->error_entry)
    self->error_entry = NULL;
  g_ptr_array_remove_index (self->entries, index);
  gtk_list_box_remove (GTK_LIST_BOX (self->list_box), row);

  if (index < self->entries->len)
    gtk_widget_grab_focus (g_ptr_array_index (self->entries, index));
  else
    gtk_widget_grab_focus (self->add_row);

  emit_changed (self);
}

static void
on_open_clicked (GtkButton          *button,
                 KontorValuesEditor *self)
{
  GtkWidget *row = g_object_get_data (G_OBJECT (button), "kontor-row");
  g_autofree char *value = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autofree char *escaped = NULL;
  g_autofree char *uri = NULL;
  GtkRoot *root;

  if (*value == '\0')
    return;

  if (self->field->flags & KONTOR_FIELD_PHONE)
    {
      GString *compact = g_string_new (NULL);

      for (const char *p = value; *p; p++)
        if (g_ascii_isdigit (*p) || *p == '+')
          g_string_append_c (compact, *p);
      g_free (value);
      value = g_string_free (compact, FALSE);
    }

  escaped = g_uri_escape_string (value, "@+", FALSE);
  uri = g_strconcat (uri_scheme (self), ":", escaped, NULL);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static GtkWidget *
make_button (const char *icon_name,
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
on_row_activated (GtkListBox         *list_box,
                  GtkListBoxRow      *row,
                  KontorValuesEditor *self)
{
  if (GTK_WIDGET (row) == self->add_row)
    {
      GtkWidget *entry = kontor_values_editor_add_value (self, NULL);

      gtk_widget_grab_focus (entry);
      emit_changed (self);
    }
}

static void
kontor_values_editor_dispose (GObject *object)
{
  KontorValuesEditor *self = KONTOR_VALUES_EDITOR (object);

  g_clear_pointer (&self->entries, g_ptr_array_unref);

  G_OBJECT_CLASS (kontor_values_editor_parent_class)->dispose (object);
}

static void
kontor_values_editor_class_init (KontorValuesEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kontor_values_editor_dispose;

  /**
   * KontorValuesEditor::changed:
   *
   * Emitted when the user adds, removes or edits a value.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);
}

static void
kontor_values_editor_init (KontorValuesEditor *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);

  self->entries = g_ptr_array_new ();

  self->list_box = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list_box), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list_box, "boxed-list");
  g_signal_connect (self->list_box, "row-activated", G_CALLBACK (on_row_activated), self);

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_add_css_class (self->error_label, "caption");
  gtk_widget_set_visible (self->error_label, FALSE);

  gtk_box_append (GTK_BOX (box), self->list_box);
  gtk_box_append (GTK_BOX (box), self->error_label);
  adw_bin_set_child (ADW_BIN (self), box);
}

GtkWidget *
kontor_values_editor_new (const KontorField *field)
{
  KontorValuesEditor *self;
  GtkWidget *label;

  g_return_val_if_fail (field != NULL && field->type == KONTOR_FIELD_LIST, NULL);

  self = g_object_new (KONTOR_TYPE_VALUES_EDITOR, NULL);
  self->field = field;

  self->add_row = gtk_list_box_row_new ();
  label = gtk_label_new (add_label (self));
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (self->add_row), label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, add_label (self), -1);
  gtk_list_box_append (GTK_LIST_BOX (self->list_box), self->add_row);

  return GTK_WIDGET (self);
}

/**
 * kontor_values_editor_add_value:
 * @value: (nullable): the initial text
 *
 * Returns: (transfer none): the new entry row
 */
GtkWidget *
kontor_values_editor_add_value (KontorValuesEditor *self,
                                const char         *value)
{
  GtkWidget *row;
  GtkWidget *button;
  const char *label;

  g_return_val_if_fail (KONTOR_IS_VALUES_EDITOR (self), NULL);

  label = kontor_field_get_label (self->field);
  row = adw_entry_row_new ();
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  if (self->field->flags & KONTOR_FIELD_PHONE)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_PHONE);
  else if (self->field->flags & KONTOR_FIELD_EMAIL)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (row), GTK_INPUT_PURPOSE_EMAIL);
  gtk_editable_set_text (GTK_EDITABLE (row), value ? value : "");
  g_signal_connect (row, "changed", G_CALLBACK (on_entry_changed), self);

  if (uri_scheme (self) != NULL)
    {
      button = make_button ((self->field->flags & KONTOR_FIELD_PHONE) ? "call-start-symbolic"
                                                                       : "mail-send-symbolic",
                            (self->field->flags & KONTOR_FIELD_PHONE) ? _("Call")
                                                                      : _("Write E-mail"));
      g_object_set_data (G_OBJECT (button), "kontor-row", row);
      g_signal_connect (button, "clicked", G_CALLBACK (on_open_clicked), self);
      adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);
    }

  button = make_button ("user-trash-symbolic", _("Remove"));
  g_object_set_data (G_OBJECT (button), "kontor-row", row);
  g_signal_connect (button, "clicked", G_CALLBACK (on_remove_clicked), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (row), button);

  gtk_list_box_insert (GTK_LIST_BOX (self->list_box), row, (int) self->entries->len);
  g_ptr_array_add (self->entries, row);

  return row;
}

void
kontor_values_editor_set_values (KontorValuesEditor *self,
                                 const char * const *values)
{
  g_return_if_fail (KONTOR_IS_VALUES_EDITOR (self));

  self->loading = TRUE;

  while (self->entries->len > 0)
    {
      GtkWidget *row = g_ptr_array_steal_index (self->entries, self->entries->len - 1);

      if (row == self->error_entry)
        self->error_entry = NULL;
      gtk_list_box_remove (GTK_LIST_BOX (self->list_box), row);
    }

  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    kontor_values_editor_add_value (self, values[i]);

  self->loading = FALSE;
}

/**
 * kontor_values_editor_dup_values:
 *
 * Returns: (transfer full): the non-empty values, stripped, in order
 */
GStrv
kontor_values_editor_dup_values (KontorValuesEditor *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  g_return_val_if_fail (KONTOR_IS_VALUES_EDITOR (self), NULL);

  for (guint i = 0; i < self->entries->len; i++)
    {
      const char *text = gtk_editable_get_text (g_ptr_array_index (self->entries, i));
      g_autofree char *stripped = g_strstrip (g_strdup (text));

      if (*stripped != '\0')
        g_strv_builder_add (builder, stripped);
    }

  return g_strv_builder_end (builder);
}

guint
kontor_values_editor_get_n_values (KontorValuesEditor *self)
{
  g_return_val_if_fail (KONTOR_IS_VALUES_EDITOR (self), 0);

  return self->entries->len;
}

/**
 * kontor_values_editor_get_entry:
 *
 * Returns: (transfer none) (nullable): the entry row at @position
 */
GtkWidget *
kontor_values_editor_get_entry (KontorValuesEditor *self,
                                guint               position)
{
  g_return_val_if_fail (KONTOR_IS_VALUES_EDITOR (self), NULL);

  if (position >= self->entries->len)
    return NULL;

  return g_ptr_array_index (self->entries, position);
}

/* The core names the bad value in its message (“…”); mark that entry, or
 * all of them when it does not say. */
static gboolean
entry_is_named (GtkWidget  *entry,
                const char *message)
{
  g_autofree char *stripped = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));
  g_autofree char *quoted = g_strdup_printf ("“%s”", stripped);

  return *stripped != '\0' && strstr (message, quoted) != NULL;
}

void
kontor_values_editor_set_error (KontorValuesEditor *self,
                                const char         *message)
{
  gboolean any_named = FALSE;

  g_return_if_fail (KONTOR_IS_VALUES_EDITOR (self));

  gtk_label_set_text (GTK_LABEL (self->error_label), message ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
  self->error_entry = NULL;

  for (guint i = 0; message != NULL && i < self->entries->len; i++)
    any_named |= entry_is_named (g_ptr_array_index (self->entries, i), message);

  for (guint i = 0; i < self->entries->len; i++)
    {
      GtkWidget *entry = g_ptr_array_index (self->entries, i);

      if (message != NULL && (!any_named || entry_is_named (entry, message)))
        {
          gtk_widget_add_css_class (entry, "error");
          if (self->error_entry == NULL)
            self->error_entry = entry;
        }
      else
        gtk_widget_remove_css_class (entry, "error");
    }
}

void
kontor_values_editor_focus (KontorValuesEditor *self)
{
  g_return_if_fail (KONTOR_IS_VALUES_EDITOR (self));

  if (self->error_entry != NULL)
    gtk_widget_grab_focus (self->error_entry);
  else if (self->entries->len > 0)
    gtk_widget_grab_focus (g_ptr_array_index (self->entries, 0));
  else
    gtk_widget_grab_focus (self->add_row);
}
