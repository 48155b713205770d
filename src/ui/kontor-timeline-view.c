/* kontor-timeline-view.c
 *
 * The history of one record, newest first, with a field to add a comment.
 * It re-reads the timeline when the repository reports a change of the
 * record or a new timeline entry for it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-timeline-view"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-timeline-item.h"
#include "kontor-timeline-view.h"
#include "kontor-ui-format.h"

struct _KontorTimelineView
{
  AdwBin            parent_instance;

  KontorRepository *repository;
  KontorEntity     *entity;
  GListStore       *items;
  GtkWidget        *comment_entry;
  GtkWidget        *add_button;
  GtkWidget        *list_box;
  GtkWidget        *error_label;
  gulong            changed_id;
};

G_DEFINE_FINAL_TYPE (KontorTimelineView, kontor_timeline_view, ADW_TYPE_BIN)

static const struct
{
  const char *event;
  const char *icon_name;
  const char *label;
} events[] = {
  { "created", "document-new-symbolic", N_("Created") },
  { "updated", "document-edit-symbolic", N_("Changed") },
  { "stage", "go-next-symbolic", N_("Stage changed") },
  { "comment", "chat-message-new-symbolic", N_("Comment") },
  { "deleted", "user-trash-symbolic", N_("Deleted") },
  { "restored", "edit-undo-symbolic", N_("Restored") },
  { "converted", "object-select-symbolic", N_("Converted") },
  { "activity_done", "object-select-symbolic", N_("Activity done") },
  { "paid", "object-select-symbolic", N_("Paid") },
  { "sent", "mail-send-symbolic", N_("Sent") },
  { "imported", "document-open-symbolic", N_("Imported") },
};

static const char *
event_icon_name (const char *event)
{
  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    if (g_strcmp0 (events[i].event, event) == 0)
      return events[i].icon_name;

  return "emblem-documents-symbolic";
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  KontorTimelineItem *entry = item;
  const char *event = kontor_timeline_item_get_event (entry);
  g_autofree char *title = kontor_timeline_dup_event_text (event,
                                                           kontor_timeline_item_get_text (entry));
  g_autofree char *when = kontor_ui_format_timestamp (kontor_timeline_item_get_created_at (entry));
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *icon = gtk_image_new_from_icon_name (event_icon_name (event));

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), when);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
  gtk_widget_add_css_class (icon, "dim-label");
  gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), icon);

  return row;
}

static void
show_error (KontorTimelineView *self,
            const GError       *error)
{
  gtk_label_set_text (GTK_LABEL (self->error_label), error ? error->message : "");
  gtk_widget_set_visible (self->error_label, error != NULL);
}

static void
on_add_clicked (GtkButton          *button,
                KontorTimelineView *self)
{
  g_autoptr(GError) error = NULL;
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->comment_entry));

  if (kontor_timeline_view_add_comment (self, text, &error))
    gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");
  show_error (self, error);
}

static void
on_entry_activated (AdwEntryRow        *entry,
                    KontorTimelineView *self)
{
  on_add_clicked (NULL, self);
}

static void
on_entry_changed (GtkEditable        *editable,
                  KontorTimelineView *self)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  gtk_widget_set_sensitive (self->add_button, *text != '\0');
}

static void
on_repository_changed (KontorRepository   *repository,
                       const char         *kind,
                       gint64              id,
                       guint               change,
                       KontorTimelineView *self)
{
  if (self->entity == NULL || (id != 0 && id != kontor_entity_get_id (self->entity)))
    return;

  if (g_strcmp0 (kind, "timeline") == 0 ||
      g_strcmp0 (kind, kontor_entity_get_kind (self->entity)) == 0)
    kontor_timeline_view_refresh (self);
}

static void
kontor_timeline_view_dispose (GObject *object)
{
  KontorTimelineView *self = KONTOR_TIMELINE_VIEW (object);

  g_clear_signal_handler (&self->changed_id, self->repository);
  g_clear_object (&self->repository);
  g_clear_object (&self->entity);
  g_clear_object (&self->items);

  G_OBJECT_CLASS (kontor_timeline_view_parent_class)->dispose (object);
}

static void
kontor_timeline_view_class_init (KontorTimelineViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kontor_timeline_view_dispose;
}

static void
kontor_timeline_view_init (KontorTimelineView *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("Timeline"));

  self->items = g_list_store_new (KONTOR_TYPE_TIMELINE_ITEM);

  self->comment_entry = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->comment_entry), _("Comment"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->comment_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Comment"), -1);
  g_signal_connect (self->comment_entry, "changed", G_CALLBACK (on_entry_changed), self);
  g_signal_connect (self->comment_entry, "entry-activated",
                    G_CALLBACK (on_entry_activated), self);
  adw_entry_row_set_activates_default (ADW_ENTRY_ROW (self->comment_entry), FALSE);

  self->add_button = gtk_button_new_with_mnemonic (_("_Add Comment"));
  gtk_widget_set_valign (self->add_button, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (self->add_button, FALSE);
  g_signal_connect (self->add_button, "clicked", G_CALLBACK (on_add_clicked), self);
  adw_entry_row_add_suffix (ADW_ENTRY_ROW (self->comment_entry), self->add_button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), self->comment_entry);

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);

  self->list_box = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list_box), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list_box, "boxed-list");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_box),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Timeline"), -1);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->list_box), G_LIST_MODEL (self->items),
                           create_row, NULL, NULL);

  gtk_box_append (GTK_BOX (box), group);
  gtk_box_append (GTK_BOX (box), self->error_label);
  gtk_box_append (GTK_BOX (box), self->list_box);
  adw_bin_set_child (ADW_BIN (self), box);
}

GtkWidget *
kontor_timeline_view_new (KontorRepository *repository,
                          KontorEntity     *entity)
{
  KontorTimelineView *self;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (KONTOR_IS_ENTITY (entity), NULL);

  self = g_object_new (KONTOR_TYPE_TIMELINE_VIEW, NULL);
  self->repository = g_object_ref (repository);
  self->entity = g_object_ref (entity);
  self->changed_id = g_signal_connect (repository, "changed",
                                       G_CALLBACK (on_repository_changed), self);
  kontor_timeline_view_refresh (self);

  return GTK_WIDGET (self);
}

/**
 * kontor_timeline_view_get_items:
 *
 * Returns: (transfer none): the #KontorTimelineItems shown, newest first
 */
GListModel *
kontor_timeline_view_get_items (KontorTimelineView *self)
{
  g_return_val_if_fail (KONTOR_IS_TIMELINE_VIEW (self), NULL);

  return G_LIST_MODEL (self->items);
}

/**
 * kontor_timeline_view_get_comment_entry:
 *
 * Returns: (transfer none): the comment entry row
 */
GtkWidget *
kontor_timeline_view_get_comment_entry (KontorTimelineView *self)
{
  g_return_val_if_fail (KONTOR_IS_TIMELINE_VIEW (self), NULL);

  return self->comment_entry;
}

void
kontor_timeline_view_refresh (KontorTimelineView *self)
{
  g_autoptr(GListModel) items = NULL;
  g_autoptr(GPtrArray) array = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GError) error = NULL;
  guint n;

  g_return_if_fail (KONTOR_IS_TIMELINE_VIEW (self));

  if (kontor_entity_get_id (self->entity) == 0)
    {
      g_list_store_remove_all (self->items);
      return;
    }

  items = kontor_repository_list_timeline (self->repository, self->entity, &error);
  if (items == NULL)
    {
      show_error (self, error);
      return;
    }

  n = g_list_model_get_n_items (items);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, g_list_model_get_item (items, i));

  g_list_store_splice (self->items, 0, g_list_model_get_n_items (G_LIST_MODEL (self->items)),
                       array->pdata, array->len);
}

gboolean
kontor_timeline_view_add_comment (KontorTimelineView  *self,
                                  const char          *text,
                                  GError             **error)
{
  g_return_val_if_fail (KONTOR_IS_TIMELINE_VIEW (self), FALSE);

  if (!kontor_repository_add_comment (self->repository, self->entity, text, error))
    return FALSE;

  /* The repository's "changed" signal refreshes us too; this makes the
   * comment visible even where that signal is held back. */
  kontor_timeline_view_refresh (self);
  return TRUE;
}

/**
 * kontor_timeline_dup_event_text:
 * @event: the event code ("created", "stage", "comment"…)
 * @text: (nullable): the event's text
 *
 * Returns: (transfer full): the line shown for the event
 */
char *
kontor_timeline_dup_event_text (const char *event,
                                const char *text)
{
  const char *label = NULL;

  if (g_strcmp0 (event, "comment") == 0 && text != NULL)
    return g_strdup (text);

  for (guint i = 0; i < G_N_ELEMENTS (events); i++)
    if (g_strcmp0 (events[i].event, event) == 0)
      label = _(events[i].label);

  if (label == NULL)
    label = event;

  if (text != NULL && *text != '\0')
    /* Translators: a timeline event and its details, e.g. "Stage changed: New → Won" */
    return g_strdup_printf (_("%s: %s"), label, text);

  return g_strdup (label);
}
