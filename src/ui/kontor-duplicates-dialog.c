/* kontor-duplicates-dialog.c
 *
 * Scans the whole database for one kind of record in a worker thread
 * (progress bar, cancel button), lists the groups of probable duplicates
 * and merges a group: the user picks the record to keep, the records to
 * merge into it and the value of every field that differs. A toast offers
 * to undo the merge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-duplicates-dialog"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kontor-core.h"
#include "kontor-duplicates-dialog.h"

typedef struct
{
  const KontorField *field;
  AdwComboRow       *row;
  GPtrArray         *sources;  /* KontorEntity per choice in the row */
} FieldChoice;

struct _KontorDuplicatesDialog
{
  AdwWindow             parent_instance;

  KontorRepository     *repository;
  GType                 entity_type;
  GCancellable         *cancellable;
  GPtrArray            *groups;       /* KontorDuplicateGroup */
  KontorDuplicateGroup *current;      /* being merged, in groups */
  GPtrArray            *records;      /* KontorEntity of current */
  GPtrArray            *include;      /* GtkSwitch per record */
  GArray               *choices;      /* FieldChoice */
  AdwComboRow          *survivor_row;
  KontorMergeRecord    *last_merge;
  GtkWidget            *group_list;

  AdwToastOverlay      *toasts;
  GtkStack             *stack;
  GtkProgressBar       *progress;
  GtkWidget            *back_button;
  GtkWidget            *merge_button;
  AdwPreferencesGroup  *groups_group;
  GtkBox               *merge_box;
};

G_DEFINE_FINAL_TYPE (KontorDuplicatesDialog, kontor_duplicates_dialog, ADW_TYPE_WINDOW)

static void show_groups (KontorDuplicatesDialog *self);

static void
field_choice_clear (gpointer data)
{
  FieldChoice *choice = data;

  g_clear_pointer (&choice->sources, g_ptr_array_unref);
}

static void
clear_merge_page (KontorDuplicatesDialog *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->merge_box))) != NULL)
    gtk_box_remove (self->merge_box, child);

  g_array_set_size (self->choices, 0);
  g_ptr_array_set_size (self->records, 0);
  g_ptr_array_set_size (self->include, 0);
  self->survivor_row = NULL;
  self->current = NULL;
}

static void
set_page (KontorDuplicatesDialog *self,
          const char             *name)
{
  gboolean merging = g_str_equal (name, "merge");

  gtk_stack_set_visible_child_name (self->stack, name);
  gtk_widget_set_visible (self->back_button, merging);
  gtk_widget_set_visible (self->merge_button, merging);
}

static char *
dup_group_title (KontorDuplicatesDialog *self,
                 KontorDuplicateGroup   *group)
{
  g_autoptr(GString) title = g_string_new (NULL);

  for (guint i = 0; i < group->ids->len; i++)
    {
      g_autoptr(KontorEntity) entity =
        kontor_repository_find (self->repository, self->entity_type,
                                g_array_index (group->ids, gint64, i), NULL);
      g_autofree char *name = entity ? kontor_entity_dup_display_name (entity) : NULL;

      if (i > 0)
        g_string_append (title, ", ");
      g_string_append (title, name ? name : "?");
    }

  return g_string_free (g_steal_pointer (&title), FALSE);
}

static void
add_choice_row (KontorDuplicatesDialog *self,
                AdwPreferencesGroup    *values,
                const KontorField      *field)
{
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) sources = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) seen = g_ptr_array_new_with_free_func (g_free);
  FieldChoice choice = { field, NULL, NULL };

  for (guint i = 0; i < self->records->len; i++)
    {
      KontorEntity *entity = g_ptr_array_index (self->records, i);
      g_autofree char *value = kontor_entity_dup_string (entity, field->name);

      if (value == NULL || *value == '\0' ||
          g_ptr_array_find_with_equal_func (seen, value, g_str_equal, NULL))
        continue;

      gtk_string_list_append (strings, value);
      g_ptr_array_add (sources, g_object_ref (entity));
      g_ptr_array_add (seen, g_steal_pointer (&value));
    }

  /* Only fields whose values differ need a choice */
  if (sources->len < 2)
    return;

  choice.row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (choice.row), kontor_field_get_label (field));
  adw_combo_row_set_model (choice.row, G_LIST_MODEL (strings));
  adw_preferences_group_add (values, GTK_WIDGET (choice.row));
  choice.sources = g_steal_pointer (&sources);
  g_array_append_val (self->choices, choice);
}

static void
show_merge (KontorDuplicatesDialog *self,
            KontorDuplicateGroup   *group)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GTypeClass) klass = g_type_class_ref (self->entity_type);
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);
  GtkWidget *keep, *merged, *values;

  clear_merge_page (self);
  self->current = group;

  for (guint i = 0; i < group->ids->len; i++)
    {
      KontorEntity *entity = kontor_repository_find (self->repository, self->entity_type,
                                                     g_array_index (group->ids, gint64, i),
                                                     NULL);
      g_autofree char *name = NULL;

      if (entity == NULL || kontor_entity_is_deleted (entity))
        {
          g_clear_object (&entity);
          continue;
        }
      name = kontor_entity_dup_display_name (entity);
      gtk_string_list_append (names, name);
      g_ptr_array_add (self->records, entity);
    }

  keep = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (keep), _("Record to Keep"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (keep),
                                         _("The others are moved to the bin with a link to it; "
                                           "their phones, e-mails, deals, activities, invoices "
                                           "and history move to it."));
  self->survivor_row = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->survivor_row), _("Keep"));
  adw_combo_row_set_model (self->survivor_row, G_LIST_MODEL (names));
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (keep), GTK_WIDGET (self->survivor_row));
  gtk_box_append (self->merge_box, keep);

  merged = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (merged), _("Records to Merge"));
  for (guint i = 0; i < self->records->len; i++)
    {
      KontorEntity *entity = g_ptr_array_index (self->records, i);
      g_autofree char *name = kontor_entity_dup_display_name (entity);
      g_autofree char *id = g_strdup_printf ("#%" PRId64, kontor_entity_get_id (entity));
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *toggle = gtk_switch_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), id);
      gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
      gtk_widget_set_valign (toggle, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), toggle);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), toggle);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (merged), row);
      g_ptr_array_add (self->include, toggle);
    }
  gtk_box_append (self->merge_box, merged);

  values = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (values), _("Values That Differ"));
  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (values),
                                         _("Choose the value the kept record gets. Phones and "
                                           "e-mails of all records are kept."));
  for (guint i = 0; i < entity_class->n_fields; i++)
    {
      const KontorField *field = &entity_class->fields[i];

      if (field->type == KONTOR_FIELD_LIST || (field->flags & KONTOR_FIELD_COMPUTED))
        continue;
      add_choice_row (self, ADW_PREFERENCES_GROUP (values), field);
    }
  if (self->choices->len > 0)
    gtk_box_append (self->merge_box, values);
  else
    {
      g_object_ref_sink (values);
      g_object_unref (values);
    }

  set_page (self, "merge");
}

static void
on_merge_group_clicked (GtkButton              *button,
                        KontorDuplicatesDialog *self)
{
  KontorDuplicateGroup *group = g_object_get_data (G_OBJECT (button), "group");

  show_merge (self, group);
}

static void
show_groups (KontorDuplicatesDialog *self)
{
  if (self->group_list != NULL)
    adw_preferences_group_remove (self->groups_group, self->group_list);

  clear_merge_page (self);

  if (self->groups == NULL || self->groups->len == 0)
    {
      self->group_list = NULL;
      set_page (self, "empty");
      return;
    }

  self->group_list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->group_list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->group_list, "boxed-list");

  for (guint i = 0; i < self->groups->len; i++)
    {
      KontorDuplicateGroup *group = g_ptr_array_index (self->groups, i);
      g_autofree char *title = dup_group_title (self, group);
      g_autofree char *reasons = kontor_duplicate_reason_to_string (group->reasons);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Merge…"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), reasons);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (button), "group", group);
      g_signal_connect (button, "clicked", G_CALLBACK (on_merge_group_clicked), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (GTK_LIST_BOX (self->group_list), row);
    }

  adw_preferences_group_add (self->groups_group, self->group_list);
  set_page (self, "groups");
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  KontorDuplicatesDialog *self = user_data;

  gtk_progress_bar_set_fraction (self->progress, fraction);
}

static void
on_scan_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(KontorDuplicatesDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  GPtrArray *groups;

  groups = kontor_duplicates_scan_finish (self->repository, result, &error);
  if (groups == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          /* Cancel pressed: close; a newer scan replacing this one: wait */
          if (self->cancellable != NULL && g_cancellable_is_cancelled (self->cancellable) &&
              gtk_widget_get_visible (GTK_WIDGET (self)))
            gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      set_page (self, "empty");
      return;
    }

  g_clear_pointer (&self->groups, g_ptr_array_unref);
  self->groups = groups;
  show_groups (self);
}

static void
start_scan (KontorDuplicatesDialog *self)
{
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  gtk_progress_bar_set_fraction (self->progress, 0.0);
  set_page (self, "scanning");

  /* The progress callback needs the dialog alive until the scan ends */
  kontor_duplicates_scan_async (self->repository, self->entity_type, self->cancellable,
                                on_progress, self, on_scan_done, g_object_ref (self));
}

static void
on_undo_clicked (AdwToast               *toast,
                 KontorDuplicatesDialog *self)
{
  g_autoptr(GError) error = NULL;

  if (self->last_merge == NULL)
    return;

  if (!kontor_merge_undo (self->repository, self->last_merge, &error))
    adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));

  g_clear_pointer (&self->last_merge, kontor_merge_record_free);
  start_scan (self);
}

static void
merge_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KontorDuplicatesDialog *self = KONTOR_DUPLICATES_DIALOG (widget);
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(GHashTable) field_choices = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GError) error = NULL;
  KontorMergeRecord *record;
  KontorEntity *survivor;
  guint survivor_index;
  AdwToast *toast;

  if (self->survivor_row == NULL || self->records->len == 0)
    return;

  survivor_index = adw_combo_row_get_selected (self->survivor_row);
  if (survivor_index >= self->records->len)
    return;
  survivor = g_ptr_array_index (self->records, survivor_index);

  for (guint i = 0; i < self->records->len; i++)
    if (i != survivor_index &&
        gtk_switch_get_active (GTK_SWITCH (g_ptr_array_index (self->include, i))))
      g_ptr_array_add (others, g_ptr_array_index (self->records, i));

  if (others->len == 0)
    {
      adw_toast_overlay_add_toast (self->toasts,
                                   adw_toast_new (_("Choose at least one other record to merge")));
      return;
    }

  for (guint i = 0; i < self->choices->len; i++)
    {
      FieldChoice *choice = &g_array_index (self->choices, FieldChoice, i);
      guint selected = adw_combo_row_get_selected (choice->row);

      if (selected < choice->sources->len)
        g_hash_table_insert (field_choices, (gpointer) choice->field->name,
                             g_ptr_array_index (choice->sources, selected));
    }

  record = kontor_merge (self->repository, survivor, others, field_choices, &error);
  if (record == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }

  g_clear_pointer (&self->last_merge, kontor_merge_record_free);
  self->last_merge = record;

  toast = adw_toast_new (_("Records merged"));
  adw_toast_set_button_label (toast, _("_Undo"));
  g_signal_connect (toast, "button-clicked", G_CALLBACK (on_undo_clicked), self);
  adw_toast_overlay_add_toast (self->toasts, toast);

  g_ptr_array_remove (self->groups, self->current);
  self->current = NULL;
  show_groups (self);
}

static void
back_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  show_groups (KONTOR_DUPLICATES_DIALOG (widget));
}

static void
cancel_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KontorDuplicatesDialog *self = KONTOR_DUPLICATES_DIALOG (widget);

  g_cancellable_cancel (self->cancellable);
}

static gboolean
kontor_duplicates_dialog_close_request (GtkWindow *window)
{
  KontorDuplicatesDialog *self = KONTOR_DUPLICATES_DIALOG (window);

  g_cancellable_cancel (self->cancellable);

  return GTK_WINDOW_CLASS (kontor_duplicates_dialog_parent_class)->close_request (window);
}

static void
kontor_duplicates_dialog_dispose (GObject *object)
{
  KontorDuplicatesDialog *self = KONTOR_DUPLICATES_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_pointer (&self->include, g_ptr_array_unref);
  g_clear_pointer (&self->choices, g_array_unref);
  g_clear_pointer (&self->groups, g_ptr_array_unref);
  g_clear_pointer (&self->last_merge, kontor_merge_record_free);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_duplicates_dialog_parent_class)->dispose (object);
}

static void
kontor_duplicates_dialog_class_init (KontorDuplicatesDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = kontor_duplicates_dialog_dispose;
  window_class->close_request = kontor_duplicates_dialog_close_request;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kontor/Kontor/ui/"
                                               "kontor-duplicates-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KontorDuplicatesDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, KontorDuplicatesDialog, stack);
  gtk_widget_class_bind_template_child (widget_class, KontorDuplicatesDialog, progress);
  gtk_widget_class_bind_template_child (widget_class, KontorDuplicatesDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, KontorDuplicatesDialog, merge_button);
  gtk_widget_class_bind_template_child (widget_class, KontorDuplicatesDialog, groups_group);
  gtk_widget_class_bind_template_child (widget_class, KontorDuplicatesDialog, merge_box);

  gtk_widget_class_install_action (widget_class, "duplicates.merge", NULL, merge_action);
  gtk_widget_class_install_action (widget_class, "duplicates.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "duplicates.cancel", NULL, cancel_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
kontor_duplicates_dialog_init (KontorDuplicatesDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->records = g_ptr_array_new_with_free_func (g_object_unref);
  self->include = g_ptr_array_new ();
  self->choices = g_array_new (FALSE, TRUE, sizeof (FieldChoice));
  g_array_set_clear_func (self->choices, field_choice_clear);
}

/**
 * kontor_duplicates_dialog_new:
 * @entity_type: KONTOR_TYPE_LEAD, KONTOR_TYPE_CONTACT or KONTOR_TYPE_COMPANY
 *
 * Returns: (transfer floating): the dialog; the scan starts right away
 */
GtkWidget *
kontor_duplicates_dialog_new (GtkWindow        *parent,
                              KontorRepository *repository,
                              GType             entity_type)
{
  KontorDuplicatesDialog *self;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  self = g_object_new (KONTOR_TYPE_DUPLICATES_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->repository = g_object_ref (repository);
  self->entity_type = entity_type;

  start_scan (self);

  return GTK_WIDGET (self);
}
