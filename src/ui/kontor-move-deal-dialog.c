/* kontor-move-deal-dialog.c: "Move to stage…" and the loss reason question
 *
 * With a stage given (a card dropped on a lost stage) it only asks why the
 * deal was lost; without one it offers the stages of the deal's pipeline,
 * and the reason too when a lost stage is chosen. The "move" response
 * means go ahead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kontor-move-deal-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-move-deal-dialog.h"

struct _KontorMoveDealDialog
{
  AdwMessageDialog  parent_instance;

  KontorRepository *repository;
  GListModel       *stages;
  GStrv             reasons;
  gint64            fixed_stage_id;

  GtkDropDown      *stage_dropdown;
  GtkWidget        *reason_box;
  GtkDropDown      *reason_dropdown;
  GtkEntry         *reason_entry;
};

G_DEFINE_FINAL_TYPE (KontorMoveDealDialog, kontor_move_deal_dialog, ADW_TYPE_MESSAGE_DIALOG)

static char *
dup_stage_name (KontorEntity *stage)
{
  return stage ? g_strdup (kontor_entity_get_text (stage, "name")) : NULL;
}

static gboolean
stage_is_lost (KontorMoveDealDialog *self,
               gint64                stage_id)
{
  g_autoptr(KontorEntity) stage = NULL;

  stage = kontor_repository_find (self->repository, KONTOR_TYPE_STAGE, stage_id, NULL);
  return stage != NULL && g_strcmp0 (kontor_entity_get_text (stage, "semantics"), "lost") == 0;
}

static void
update_reason_visibility (KontorMoveDealDialog *self)
{
  gtk_widget_set_visible (self->reason_box,
                          stage_is_lost (self, kontor_move_deal_dialog_get_stage_id (self)));
}

static void
kontor_move_deal_dialog_dispose (GObject *object)
{
  KontorMoveDealDialog *self = KONTOR_MOVE_DEAL_DIALOG (object);

  g_clear_object (&self->stages);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_move_deal_dialog_parent_class)->dispose (object);
}

static void
kontor_move_deal_dialog_finalize (GObject *object)
{
  KontorMoveDealDialog *self = KONTOR_MOVE_DEAL_DIALOG (object);

  g_strfreev (self->reasons);

  G_OBJECT_CLASS (kontor_move_deal_dialog_parent_class)->finalize (object);
}

static void
kontor_move_deal_dialog_class_init (KontorMoveDealDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kontor_move_deal_dialog_dispose;
  object_class->finalize = kontor_move_deal_dialog_finalize;
}

static void
kontor_move_deal_dialog_init (KontorMoveDealDialog *self)
{
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (self),
                                    "cancel", _("_Cancel"),
                                    "move", _("_Move"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (self), "move",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (self), "move");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (self), "cancel");
}

/**
 * kontor_move_deal_dialog_new:
 * @stage_id: the stage the deal goes to, or 0 to let the user choose
 */
GtkWidget *
kontor_move_deal_dialog_new (GtkWindow        *parent,
                             KontorRepository *repository,
                             KontorEntity     *deal,
                             gint64            stage_id)
{
  KontorMoveDealDialog *self;
  GtkWidget *box;
  GtkWidget *label;
  g_autoptr(GtkExpression) expression = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (KONTOR_IS_DEAL (deal), NULL);

  self = g_object_new (KONTOR_TYPE_MOVE_DEAL_DIALOG,
                       "transient-for", parent,
                       "modal", TRUE,
                       "heading", stage_id ? _("Why Was the Deal Lost?") : _("Move to Stage"),
                       "body", kontor_entity_get_text (deal, "title"),
                       NULL);
  self->repository = g_object_ref (repository);
  self->fixed_stage_id = stage_id;

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (self), box);

  if (stage_id == 0)
    {
      guint n, selected = 0;
      gint64 current = kontor_entity_get_int (deal, "stage");

      self->stages = kontor_repository_list_stages (repository,
                                                    kontor_entity_get_int (deal, "pipeline"),
                                                    &error);
      if (self->stages == NULL)
        {
          g_warning ("Could not list the stages: %s", error->message);
          self->stages = G_LIST_MODEL (g_list_store_new (KONTOR_TYPE_STAGE));
        }

      n = g_list_model_get_n_items (self->stages);
      for (guint i = 0; i < n; i++)
        {
          g_autoptr(KontorEntity) stage = g_list_model_get_item (self->stages, i);

          /* Offer the next stage: moving forward is what happens most */
          if (kontor_entity_get_id (stage) == current)
            selected = MIN (i + 1, n - 1);
        }

      expression = gtk_cclosure_expression_new (G_TYPE_STRING, NULL, 0, NULL,
                                                G_CALLBACK (dup_stage_name), NULL, NULL);
      self->stage_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (g_object_ref (self->stages),
                                                               g_steal_pointer (&expression)));
      gtk_drop_down_set_selected (self->stage_dropdown, selected);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->stage_dropdown),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Stage"), -1);
      g_signal_connect_swapped (self->stage_dropdown, "notify::selected",
                                G_CALLBACK (update_reason_visibility), self);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->stage_dropdown));
    }

  self->reason_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), self->reason_box);

  label = gtk_label_new_with_mnemonic (_("_Reason"));
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_box_append (GTK_BOX (self->reason_box), label);

  self->reasons = kontor_board_list_loss_reasons (repository, &error);
  if (self->reasons == NULL)
    {
      g_warning ("Could not list the loss reasons: %s", error->message);
      self->reasons = g_new0 (char *, 1);
    }
  self->reason_dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (
                                           (const char * const *) self->reasons));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->reason_dropdown));
  gtk_box_append (GTK_BOX (self->reason_box), GTK_WIDGET (self->reason_dropdown));

  self->reason_entry = GTK_ENTRY (gtk_entry_new ());
  gtk_entry_set_placeholder_text (self->reason_entry, _("Details (optional)"));
  gtk_entry_set_activates_default (self->reason_entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->reason_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Details"), -1);
  gtk_box_append (GTK_BOX (self->reason_box), GTK_WIDGET (self->reason_entry));

  update_reason_visibility (self);

  return GTK_WIDGET (self);
}

gint64
kontor_move_deal_dialog_get_stage_id (KontorMoveDealDialog *self)
{
  g_autoptr(KontorEntity) stage = NULL;

  g_return_val_if_fail (KONTOR_IS_MOVE_DEAL_DIALOG (self), 0);

  if (self->fixed_stage_id != 0)
    return self->fixed_stage_id;

  stage = g_list_model_get_item (self->stages, gtk_drop_down_get_selected (self->stage_dropdown));
  return stage ? kontor_entity_get_id (stage) : 0;
}

/* "Reason" or "Reason: details"; NULL unless the stage is a lost one */
char *
kontor_move_deal_dialog_dup_loss_reason (KontorMoveDealDialog *self)
{
  guint selected;
  const char *reason = NULL;
  g_autofree char *details = NULL;
  g_autofree char *text = NULL;

  g_return_val_if_fail (KONTOR_IS_MOVE_DEAL_DIALOG (self), NULL);

  if (!gtk_widget_get_visible (self->reason_box))
    return NULL;

  selected = gtk_drop_down_get_selected (self->reason_dropdown);
  if (selected < g_strv_length (self->reasons))
    reason = self->reasons[selected];

  details = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_entry))));
  if (reason != NULL && *details != '\0')
    /* Translators: a loss reason from the list, then what the user typed */
    text = g_strdup_printf (_("%s: %s"), reason, details);
  else if (*details != '\0')
    text = g_steal_pointer (&details);
  else
    text = g_strdup (reason);

  if (text != NULL && g_utf8_strlen (text, -1) > 255)
    {
      char *end = g_utf8_offset_to_pointer (text, 255);
      *end = '\0';
    }

  return g_steal_pointer (&text);
}
