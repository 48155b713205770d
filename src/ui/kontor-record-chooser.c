/* kontor-record-chooser.c
 *
 * A search entry over a lazy list of records of one kind. The list view
 * only materialises the visible rows, so this stays quick with a million
 * companies.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-record-chooser"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-list-model.h"
#include "kontor-record-chooser.h"

struct _KontorRecordChooser
{
  GtkPopover       parent_instance;

  KontorListModel *model;
  GtkWidget       *search_entry;
  GtkWidget       *list_view;
  GtkWidget       *empty_label;
};

G_DEFINE_FINAL_TYPE (KontorRecordChooser, kontor_record_chooser, GTK_TYPE_POPOVER)

enum {
  RECORD_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
update_empty (KontorRecordChooser *self)
{
  gboolean empty = g_list_model_get_n_items (G_LIST_MODEL (self->model)) == 0;

  gtk_widget_set_visible (self->empty_label, empty);
  gtk_widget_set_visible (gtk_widget_get_parent (self->list_view), !empty);
}

static void
on_search_changed (GtkSearchEntry      *entry,
                   KontorRecordChooser *self)
{
  kontor_list_model_set_search (self->model, gtk_editable_get_text (GTK_EDITABLE (entry)));
  update_empty (self);
}

static void
on_search_activate (GtkSearchEntry      *entry,
                    KontorRecordChooser *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->model)) > 0)
    kontor_record_chooser_choose (self, 0);
}

static void
on_stop_search (GtkSearchEntry      *entry,
                KontorRecordChooser *self)
{
  gtk_popover_popdown (GTK_POPOVER (self));
}

static void
on_list_activate (GtkListView         *list_view,
                  guint                position,
                  KontorRecordChooser *self)
{
  kontor_record_chooser_choose (self, position);
}

static void
on_setup_item (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_margin_start (label, 6);
  gtk_widget_set_margin_end (label, 6);
  gtk_widget_set_margin_top (label, 6);
  gtk_widget_set_margin_bottom (label, 6);
  gtk_list_item_set_child (item, label);
}

static void
on_bind_item (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  KontorEntity *entity = gtk_list_item_get_item (item);
  g_autofree char *name = kontor_entity_dup_display_name (entity);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)), name);
}

static void
on_popover_show (GtkWidget           *widget,
                 KontorRecordChooser *self)
{
  update_empty (self);
  gtk_widget_grab_focus (self->search_entry);
}

static void
kontor_record_chooser_dispose (GObject *object)
{
  KontorRecordChooser *self = KONTOR_RECORD_CHOOSER (object);

  g_clear_object (&self->model);

  G_OBJECT_CLASS (kontor_record_chooser_parent_class)->dispose (object);
}

static void
kontor_record_chooser_class_init (KontorRecordChooserClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kontor_record_chooser_dispose;

  /**
   * KontorRecordChooser::record-chosen:
   * @entity: the chosen record
   */
  signals[RECORD_CHOSEN] =
    g_signal_new ("record-chosen",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KONTOR_TYPE_ENTITY);
}

static void
kontor_record_chooser_init (KontorRecordChooser *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  self->search_entry = gtk_search_entry_new ();
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Search"), -1);
  g_signal_connect (self->search_entry, "search-changed", G_CALLBACK (on_search_changed), self);
  g_signal_connect (self->search_entry, "activate", G_CALLBACK (on_search_activate), self);
  g_signal_connect (self->search_entry, "stop-search", G_CALLBACK (on_stop_search), self);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_min_content_height (GTK_SCROLLED_WINDOW (scrolled), 240);
  gtk_scrolled_window_set_min_content_width (GTK_SCROLLED_WINDOW (scrolled), 280);

  self->empty_label = gtk_label_new (_("Nothing found"));
  gtk_widget_add_css_class (self->empty_label, "dim-label");
  gtk_widget_set_margin_top (self->empty_label, 24);
  gtk_widget_set_margin_bottom (self->empty_label, 24);
  gtk_widget_set_visible (self->empty_label, FALSE);

  gtk_box_append (GTK_BOX (box), self->search_entry);
  gtk_box_append (GTK_BOX (box), scrolled);
  gtk_box_append (GTK_BOX (box), self->empty_label);
  gtk_popover_set_child (GTK_POPOVER (self), box);
  gtk_popover_set_default_widget (GTK_POPOVER (self), NULL);

  g_signal_connect (self, "show", G_CALLBACK (on_popover_show), self);
}

GtkWidget *
kontor_record_chooser_new (KontorRepository *repository,
                           GType             entity_type)
{
  KontorRecordChooser *self;
  GtkListItemFactory *factory;
  GtkSelectionModel *selection;
  GtkWidget *scrolled;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (g_type_is_a (entity_type, KONTOR_TYPE_ENTITY), NULL);

  self = g_object_new (KONTOR_TYPE_RECORD_CHOOSER, NULL);
  self->model = kontor_list_model_new (repository, entity_type);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_item), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_item), NULL);

  selection = GTK_SELECTION_MODEL (gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->model))));
  self->list_view = gtk_list_view_new (selection, factory);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (self->list_view), TRUE);
  gtk_widget_add_css_class (self->list_view, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Records"), -1);
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_list_activate), self);

  scrolled = gtk_widget_get_next_sibling (self->search_entry);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), self->list_view);

  return GTK_WIDGET (self);
}

/**
 * kontor_record_chooser_get_model:
 *
 * Returns: (transfer none): the list of records offered
 */
GListModel *
kontor_record_chooser_get_model (KontorRecordChooser *self)
{
  g_return_val_if_fail (KONTOR_IS_RECORD_CHOOSER (self), NULL);

  return G_LIST_MODEL (self->model);
}

void
kontor_record_chooser_set_search (KontorRecordChooser *self,
                                  const char          *text)
{
  g_return_if_fail (KONTOR_IS_RECORD_CHOOSER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* Don't wait for the search entry's delay */
  kontor_list_model_set_search (self->model, text);
  update_empty (self);
}

void
kontor_record_chooser_choose (KontorRecordChooser *self,
                              guint                position)
{
  g_autoptr(KontorEntity) entity = NULL;

  g_return_if_fail (KONTOR_IS_RECORD_CHOOSER (self));

  entity = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (entity == NULL)
    return;

  gtk_popover_popdown (GTK_POPOVER (self));
  g_signal_emit (self, signals[RECORD_CHOSEN], 0, entity);
}
