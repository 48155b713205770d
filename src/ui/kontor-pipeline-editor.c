/* kontor-pipeline-editor.c: create, rename, reorder, recolour and delete
 * pipelines and their stages
 *
 * Every change is saved at once through the core; what the core refuses
 * (a stage that still has deals, the last pipeline) is shown as a toast
 * with the core's message.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kontor-pipeline-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-pipeline-editor.h"

struct _KontorPipelineEditor
{
  AdwWindow         parent_instance;

  KontorRepository *repository;
  GListModel       *pipelines;
  gint64            pipeline_id;
  gulong            changed_id;
  guint             rebuild_id;

  AdwToastOverlay  *toast_overlay;
  GtkDropDown      *pipeline_dropdown;
  GtkEntry         *pipeline_entry;
  GtkListBox       *stage_list;
};

G_DEFINE_FINAL_TYPE (KontorPipelineEditor, kontor_pipeline_editor, ADW_TYPE_WINDOW)

static const char * const semantics_values[] = { "open", "won", "lost", NULL };

static char *
dup_entity_name (KontorEntity *entity)
{
  return entity ? kontor_entity_dup_display_name (entity) : NULL;
}

static void
show_error (KontorPipelineEditor *self,
            const GError         *error)
{
  AdwToast *toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static KontorEntity *
current_pipeline (KontorPipelineEditor *self)
{
  if (self->pipeline_id == 0)
    return NULL;

  return kontor_repository_find (self->repository, KONTOR_TYPE_PIPELINE, self->pipeline_id, NULL);
}

static void
save (KontorPipelineEditor *self,
      KontorEntity         *entity)
{
  g_autoptr(GError) error = NULL;

  if (!kontor_repository_save (self->repository, entity, &error))
    {
      show_error (self, error);
      kontor_repository_reload (self->repository, entity, NULL);
    }
}

static KontorEntity *
row_stage (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  return row ? g_object_get_data (G_OBJECT (row), "stage") : NULL;
}

static void
on_stage_name_activate (GtkEntry             *entry,
                        KontorPipelineEditor *self)
{
  KontorEntity *stage = row_stage (GTK_WIDGET (entry));
  const char *text = gtk_editable_get_text (GTK_EDITABLE (entry));

  if (stage != NULL && g_strcmp0 (text, kontor_entity_get_text (stage, "name")) != 0)
    {
      kontor_entity_set_text (stage, "name", text);
      save (self, stage);
    }
}

static void
on_stage_colour_set (GtkColorButton       *button,
                     KontorPipelineEditor *self)
{
  KontorEntity *stage = row_stage (GTK_WIDGET (button));
  GdkRGBA rgba;
  g_autofree char *colour = NULL;

  if (stage == NULL)
    return;

  gtk_color_chooser_get_rgba (GTK_COLOR_CHOOSER (button), &rgba);
  colour = g_strdup_printf ("#%02x%02x%02x", (guint) (rgba.red * 255 + 0.5),
                            (guint) (rgba.green * 255 + 0.5), (guint) (rgba.blue * 255 + 0.5));
  kontor_entity_set_text (stage, "color", colour);
  save (self, stage);
}

static void
on_stage_semantics_selected (GtkDropDown          *dropdown,
                             GParamSpec           *pspec,
                             KontorPipelineEditor *self)
{
  KontorEntity *stage = row_stage (GTK_WIDGET (dropdown));
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (stage == NULL || selected >= G_N_ELEMENTS (semantics_values) - 1 ||
      g_str_equal (kontor_entity_get_text (stage, "semantics"), semantics_values[selected]))
    return;

  kontor_entity_set_text (stage, "semantics", semantics_values[selected]);
  save (self, stage);
}

static void
on_stage_move (GtkButton            *button,
               KontorPipelineEditor *self)
{
  KontorEntity *stage = row_stage (GTK_WIDGET (button));
  gint delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "delta"));
  g_autoptr(GError) error = NULL;

  if (stage != NULL && !kontor_board_reorder (self->repository, stage, delta, &error))
    show_error (self, error);
}

static void
on_stage_delete (GtkButton            *button,
                 KontorPipelineEditor *self)
{
  KontorEntity *stage = row_stage (GTK_WIDGET (button));
  g_autoptr(GError) error = NULL;

  if (stage != NULL && !kontor_repository_delete (self->repository, stage, &error))
    show_error (self, error);
}

static GtkWidget *
icon_button (const char           *icon,
             const char           *tooltip,
             GCallback             callback,
             gint                  delta,
             KontorPipelineEditor *self)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_object_set_data (G_OBJECT (button), "delta", GINT_TO_POINTER (delta));
  g_signal_connect (button, "clicked", callback, self);

  return button;
}

static GtkWidget *
stage_row (KontorPipelineEditor *self,
           KontorEntity         *stage)
{
  static const char *semantics_labels[] = { N_("Open"), N_("Won"), N_("Lost"), NULL };
  const char *labels[G_N_ELEMENTS (semantics_labels)] = { NULL, };
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *colour, *entry, *dropdown;
  GdkRGBA rgba;

  g_object_set_data_full (G_OBJECT (row), "stage", g_object_ref (stage), g_object_unref);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  colour = gtk_color_button_new ();
  if (!gdk_rgba_parse (&rgba, kontor_entity_get_text (stage, "color") ?
                              kontor_entity_get_text (stage, "color") : "#9a9996"))
    gdk_rgba_parse (&rgba, "#9a9996");
  gtk_color_chooser_set_rgba (GTK_COLOR_CHOOSER (colour), &rgba);
  gtk_widget_set_tooltip_text (colour, _("Colour"));
  gtk_widget_set_valign (colour, GTK_ALIGN_CENTER);
  g_signal_connect (colour, "color-set", G_CALLBACK (on_stage_colour_set), self);
  gtk_box_append (GTK_BOX (box), colour);

  entry = gtk_entry_new ();
  gtk_editable_set_text (GTK_EDITABLE (entry), kontor_entity_get_text (stage, "name"));
  gtk_widget_set_hexpand (entry, TRUE);
  gtk_widget_set_tooltip_text (entry, _("Name; press Enter to save"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Stage name"), -1);
  g_signal_connect (entry, "activate", G_CALLBACK (on_stage_name_activate), self);
  gtk_box_append (GTK_BOX (box), entry);

  for (guint i = 0; semantics_labels[i] != NULL; i++)
    labels[i] = _(semantics_labels[i]);
  dropdown = gtk_drop_down_new_from_strings (labels);
  for (guint i = 0; semantics_values[i] != NULL; i++)
    if (g_str_equal (semantics_values[i], kontor_entity_get_text (stage, "semantics")))
      gtk_drop_down_set_selected (GTK_DROP_DOWN (dropdown), i);
  gtk_widget_set_tooltip_text (dropdown, _("Kind"));
  gtk_widget_set_valign (dropdown, GTK_ALIGN_CENTER);
  g_signal_connect (dropdown, "notify::selected", G_CALLBACK (on_stage_semantics_selected), self);
  gtk_box_append (GTK_BOX (box), dropdown);

  gtk_box_append (GTK_BOX (box), icon_button ("go-up-symbolic", _("Move Up"),
                                              G_CALLBACK (on_stage_move), -1, self));
  gtk_box_append (GTK_BOX (box), icon_button ("go-down-symbolic", _("Move Down"),
                                              G_CALLBACK (on_stage_move), 1, self));
  gtk_box_append (GTK_BOX (box), icon_button ("user-trash-symbolic", _("Delete Stage"),
                                              G_CALLBACK (on_stage_delete), 0, self));

  return row;
}

static void
rebuild (KontorPipelineEditor *self)
{
  g_autoptr(KontorEntity) pipeline = current_pipeline (self);
  g_autoptr(GListModel) stages = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->stage_list))) != NULL)
    gtk_list_box_remove (self->stage_list, child);

  gtk_editable_set_text (GTK_EDITABLE (self->pipeline_entry),
                         pipeline ? kontor_entity_get_text (pipeline, "name") : "");
  if (pipeline == NULL)
    return;

  stages = kontor_repository_list_stages (self->repository, self->pipeline_id, &error);
  if (stages == NULL)
    {
      show_error (self, error);
      return;
    }

  for (guint i = 0; i < g_list_model_get_n_items (stages); i++)
    {
      g_autoptr(KontorEntity) stage = g_list_model_get_item (stages, i);
      gtk_list_box_append (self->stage_list, stage_row (self, stage));
    }
}

static gboolean
rebuild_cb (gpointer user_data)
{
  KontorPipelineEditor *self = user_data;
  guint n = g_list_model_get_n_items (self->pipelines);
  g_autoptr(KontorEntity) pipeline = current_pipeline (self);

  self->rebuild_id = 0;
  if ((pipeline == NULL || kontor_entity_is_deleted (pipeline)) && n > 0)
    self->pipeline_id = kontor_repository_get_default_pipeline (self->repository);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KontorEntity) item = g_list_model_get_item (self->pipelines, i);

      if (kontor_entity_get_id (item) == self->pipeline_id &&
          gtk_drop_down_get_selected (self->pipeline_dropdown) != i)
        gtk_drop_down_set_selected (self->pipeline_dropdown, i);
    }

  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
on_repository_changed (KontorPipelineEditor *self,
                       const char           *kind)
{
  if ((g_str_equal (kind, "stage") || g_str_equal (kind, "pipeline")) && self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_cb, self);
}

static void
on_pipeline_selected (KontorPipelineEditor *self)
{
  g_autoptr(KontorEntity) pipeline = NULL;

  pipeline = g_list_model_get_item (self->pipelines,
                                    gtk_drop_down_get_selected (self->pipeline_dropdown));
  if (pipeline != NULL && kontor_entity_get_id (pipeline) != self->pipeline_id)
    {
      self->pipeline_id = kontor_entity_get_id (pipeline);
      rebuild (self);
    }
}

static void
on_pipeline_rename (KontorPipelineEditor *self)
{
  g_autoptr(KontorEntity) pipeline = current_pipeline (self);

  if (pipeline != NULL)
    {
      kontor_entity_set_text (pipeline, "name",
                              gtk_editable_get_text (GTK_EDITABLE (self->pipeline_entry)));
      save (self, pipeline);
    }
}

static void
on_pipeline_add (KontorPipelineEditor *self)
{
  g_autoptr(KontorPipeline) pipeline = kontor_pipeline_new ();
  g_autoptr(KontorStage) stage = kontor_stage_new ();
  g_autoptr(GError) error = NULL;

  kontor_entity_set_text (KONTOR_ENTITY (pipeline), "name", _("New Pipeline"));
  kontor_entity_set_int (KONTOR_ENTITY (pipeline), "position",
                         g_list_model_get_n_items (self->pipelines));
  if (!kontor_repository_save (self->repository, KONTOR_ENTITY (pipeline), &error))
    {
      show_error (self, error);
      return;
    }

  kontor_entity_set_text (KONTOR_ENTITY (stage), "name", _("New"));
  kontor_entity_set_int (KONTOR_ENTITY (stage), "pipeline",
                         kontor_entity_get_id (KONTOR_ENTITY (pipeline)));
  kontor_entity_set_text (KONTOR_ENTITY (stage), "color", "#62a0ea");
  if (!kontor_repository_save (self->repository, KONTOR_ENTITY (stage), &error))
    show_error (self, error);

  self->pipeline_id = kontor_entity_get_id (KONTOR_ENTITY (pipeline));
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_cb, self);
}

static void
on_pipeline_move (GtkButton            *button,
                  KontorPipelineEditor *self)
{
  g_autoptr(KontorEntity) pipeline = current_pipeline (self);
  g_autoptr(GError) error = NULL;
  gint delta = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "delta"));

  if (pipeline != NULL && !kontor_board_reorder (self->repository, pipeline, delta, &error))
    show_error (self, error);
}

static void
on_pipeline_delete (KontorPipelineEditor *self)
{
  g_autoptr(KontorEntity) pipeline = current_pipeline (self);
  g_autoptr(GError) error = NULL;

  if (pipeline != NULL && !kontor_board_delete_pipeline (self->repository, pipeline, &error))
    show_error (self, error);
}

static void
on_stage_add (KontorPipelineEditor *self)
{
  g_autoptr(KontorStage) stage = kontor_stage_new ();
  g_autoptr(GError) error = NULL;

  if (self->pipeline_id == 0)
    return;

  kontor_entity_set_text (KONTOR_ENTITY (stage), "name", _("New Stage"));
  kontor_entity_set_int (KONTOR_ENTITY (stage), "pipeline", self->pipeline_id);
  kontor_entity_set_int (KONTOR_ENTITY (stage), "position", G_MAXINT);
  kontor_entity_set_text (KONTOR_ENTITY (stage), "color", "#3584e4");
  if (!kontor_repository_save (self->repository, KONTOR_ENTITY (stage), &error) ||
      !kontor_board_reorder (self->repository, KONTOR_ENTITY (stage), 0, &error))
    show_error (self, error);
}

static void
kontor_pipeline_editor_dispose (GObject *object)
{
  KontorPipelineEditor *self = KONTOR_PIPELINE_EDITOR (object);

  g_clear_signal_handler (&self->changed_id, self->repository);
  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  g_clear_object (&self->pipelines);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_pipeline_editor_parent_class)->dispose (object);
}

static void
kontor_pipeline_editor_class_init (KontorPipelineEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kontor_pipeline_editor_dispose;
}

static void
kontor_pipeline_editor_init (KontorPipelineEditor *self)
{
  GtkWidget *content, *header, *box, *row, *button, *scroller, *label;

  gtk_window_set_title (GTK_WINDOW (self), _("Pipelines"));
  gtk_window_set_default_size (GTK_WINDOW (self), 640, 560);

  content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  adw_window_set_content (ADW_WINDOW (self), content);
  header = adw_header_bar_new ();
  gtk_box_append (GTK_BOX (content), header);

  self->toast_overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  gtk_widget_set_vexpand (GTK_WIDGET (self->toast_overlay), TRUE);
  gtk_box_append (GTK_BOX (content), GTK_WIDGET (self->toast_overlay));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 12);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_toast_overlay_set_child (self->toast_overlay, box);

  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_box_append (GTK_BOX (box), row);
  self->pipeline_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pipeline_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pipeline"), -1);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->pipeline_dropdown));
  self->pipeline_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_widget_set_hexpand (GTK_WIDGET (self->pipeline_entry), TRUE);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->pipeline_entry),
                               _("Pipeline name; press Enter to save"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->pipeline_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Pipeline name"), -1);
  g_signal_connect_swapped (self->pipeline_entry, "activate",
                            G_CALLBACK (on_pipeline_rename), self);
  gtk_box_append (GTK_BOX (row), GTK_WIDGET (self->pipeline_entry));
  gtk_box_append (GTK_BOX (row), icon_button ("go-up-symbolic", _("Move Pipeline Up"),
                                              G_CALLBACK (on_pipeline_move), -1, self));
  gtk_box_append (GTK_BOX (row), icon_button ("go-down-symbolic", _("Move Pipeline Down"),
                                              G_CALLBACK (on_pipeline_move), 1, self));
  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_tooltip_text (button, _("Delete Pipeline"));
  gtk_widget_add_css_class (button, "flat");
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_pipeline_delete), self);
  gtk_box_append (GTK_BOX (row), button);
  button = gtk_button_new_with_mnemonic (_("New _Pipeline"));
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_pipeline_add), self);
  gtk_box_append (GTK_BOX (row), button);

  label = gtk_label_new (_("Stages"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  scroller = gtk_scrolled_window_new ();
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_box_append (GTK_BOX (box), scroller);
  self->stage_list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (self->stage_list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (self->stage_list), "boxed-list");
  gtk_widget_set_valign (GTK_WIDGET (self->stage_list), GTK_ALIGN_START);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), GTK_WIDGET (self->stage_list));

  button = gtk_button_new_with_mnemonic (_("_Add Stage"));
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  g_signal_connect_swapped (button, "clicked", G_CALLBACK (on_stage_add), self);
  gtk_box_append (GTK_BOX (box), button);
}

GtkWidget *
kontor_pipeline_editor_new (GtkWindow        *parent,
                            KontorRepository *repository,
                            gint64            pipeline_id)
{
  KontorPipelineEditor *self;
  g_autoptr(GtkExpression) expression = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  self = g_object_new (KONTOR_TYPE_PIPELINE_EDITOR,
                       "transient-for", parent,
                       "modal", TRUE,
                       NULL);
  self->repository = g_object_ref (repository);
  self->pipeline_id = pipeline_id ? pipeline_id
                                  : kontor_repository_get_default_pipeline (repository);
  self->changed_id = g_signal_connect_swapped (repository, "changed",
                                               G_CALLBACK (on_repository_changed), self);

  self->pipelines = kontor_board_list_pipelines (repository, &error);
  if (self->pipelines == NULL)
    {
      g_warning ("Could not list the pipelines: %s", error->message);
      self->pipelines = G_LIST_MODEL (g_list_store_new (KONTOR_TYPE_PIPELINE));
    }
  expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                            G_CALLBACK (dup_entity_name), NULL, NULL);
  gtk_drop_down_set_expression (self->pipeline_dropdown, expression);
  gtk_drop_down_set_model (self->pipeline_dropdown, self->pipelines);
  g_signal_connect_swapped (self->pipeline_dropdown, "notify::selected",
                            G_CALLBACK (on_pipeline_selected), self);

  rebuild_cb (self);

  return GTK_WIDGET (self);
}
