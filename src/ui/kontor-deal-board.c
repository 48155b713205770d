/* kontor-deal-board.c: the pipeline board of the Deals page
 *
 * One KontorBoardColumn per stage of the chosen pipeline. Cards move by
 * drag and drop, by Ctrl+Shift+Left/Right, by Alt+M ("Move to stage…") and
 * by their context menu; every move is saved at once through the core and
 * offers an Undo toast. The board shows toasts in its own overlay unless
 * somebody handles ::show-toast (the window, which has one for the page).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kontor-deal-board"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-board-column.h"
#include "kontor-deal-board.h"
#include "kontor-deal-card.h"
#include "kontor-move-deal-dialog.h"
#include "kontor-pipeline-editor.h"

typedef struct
{
  KontorEntity *deal;
  gint64        stage_id;
  gint64        board_rank;
  char         *loss_reason;
  gboolean      done;
} UndoMove;

struct _KontorDealBoard
{
  AdwBin            parent_instance;

  KontorRepository *repository;
  GListModel       *pipelines;
  gint64            pipeline_id;
  gulong            changed_id;
  guint             totals_idle_id;
  guint             rebuild_idle_id;
  GHashTable       *collapsed;     /* stage ids */
  GPtrArray        *moves;         /* of UndoMove, the last one last */

  AdwToastOverlay  *toast_overlay;
  GtkDropDown      *pipeline_dropdown;
  GtkWidget        *columns_box;
};

G_DEFINE_FINAL_TYPE (KontorDealBoard, kontor_deal_board, ADW_TYPE_BIN)

enum {
  OPEN_RECORD,
  SHOW_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
undo_move_free (gpointer data)
{
  UndoMove *undo = data;

  g_clear_object (&undo->deal);
  g_free (undo->loss_reason);
  g_free (undo);
}

static char *
dup_entity_name (KontorEntity *entity)
{
  return entity ? kontor_entity_dup_display_name (entity) : NULL;
}

static void
show_toast (KontorDealBoard *self,
            AdwToast        *toast)
{
  if (g_signal_has_handler_pending (self, signals[SHOW_TOAST], 0, FALSE))
    g_signal_emit (self, signals[SHOW_TOAST], 0, toast);
  else
    adw_toast_overlay_add_toast (self->toast_overlay, g_object_ref (toast));
}

static void
show_error (KontorDealBoard *self,
            const GError    *error)
{
  g_autoptr(AdwToast) toast = adw_toast_new (error->message);

  adw_toast_set_timeout (toast, 0);
  show_toast (self, toast);
}

static KontorBoardColumn *
find_column (KontorDealBoard *self,
             gint64           stage_id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (self->columns_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (kontor_entity_get_id (kontor_board_column_get_stage (KONTOR_BOARD_COLUMN (child))) ==
        stage_id)
      return KONTOR_BOARD_COLUMN (child);

  return NULL;
}

static gboolean
update_totals_cb (gpointer user_data)
{
  KontorDealBoard *self = user_data;

  self->totals_idle_id = 0;
  for (GtkWidget *child = gtk_widget_get_first_child (self->columns_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    kontor_board_column_update_totals (KONTOR_BOARD_COLUMN (child));

  return G_SOURCE_REMOVE;
}

static void on_deal_dropped (KontorDealBoard   *self,
                             KontorEntity      *deal,
                             gint               position,
                             KontorBoardColumn *column);

static void
on_column_open_record (KontorDealBoard *self,
                       KontorEntity    *deal)
{
  g_signal_emit (self, signals[OPEN_RECORD], 0, deal);
}

static void
rebuild_columns (KontorDealBoard *self)
{
  g_autoptr(GListModel) stages = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (self->columns_box)) != NULL)
    gtk_box_remove (GTK_BOX (self->columns_box), child);

  if (self->pipeline_id == 0)
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
      GtkWidget *column = kontor_board_column_new (self->repository, stage);

      if (g_hash_table_contains (self->collapsed, GINT_TO_POINTER (kontor_entity_get_id (stage))))
        kontor_board_column_set_collapsed (KONTOR_BOARD_COLUMN (column), TRUE);
      g_signal_connect_swapped (column, "deal-dropped", G_CALLBACK (on_deal_dropped), self);
      g_signal_connect_swapped (column, "open-record", G_CALLBACK (on_column_open_record), self);
      gtk_box_append (GTK_BOX (self->columns_box), column);
    }
}

static void
remember_collapsed (KontorDealBoard *self)
{
  for (GtkWidget *child = gtk_widget_get_first_child (self->columns_box);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      gpointer key = GINT_TO_POINTER (kontor_entity_get_id (
                                        kontor_board_column_get_stage (KONTOR_BOARD_COLUMN (child))));

      if (kontor_board_column_get_collapsed (KONTOR_BOARD_COLUMN (child)))
        g_hash_table_add (self->collapsed, key);
      else
        g_hash_table_remove (self->collapsed, key);
    }
}

static gboolean
rebuild_cb (gpointer user_data)
{
  KontorDealBoard *self = user_data;

  self->rebuild_idle_id = 0;
  remember_collapsed (self);
  rebuild_columns (self);

  return G_SOURCE_REMOVE;
}

static void
select_pipeline_in_dropdown (KontorDealBoard *self)
{
  guint n = g_list_model_get_n_items (self->pipelines);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KontorEntity) pipeline = g_list_model_get_item (self->pipelines, i);

      if (kontor_entity_get_id (pipeline) == self->pipeline_id)
        {
          if (gtk_drop_down_get_selected (self->pipeline_dropdown) != i)
            gtk_drop_down_set_selected (self->pipeline_dropdown, i);
          return;
        }
    }

  /* The pipeline went away: show the default one */
  if (n > 0)
    kontor_deal_board_set_pipeline (self, kontor_repository_get_default_pipeline (self->repository));
}

static void
on_pipelines_changed (KontorDealBoard *self)
{
  select_pipeline_in_dropdown (self);
}

static void
on_pipeline_selected (KontorDealBoard *self)
{
  g_autoptr(KontorEntity) pipeline = NULL;

  pipeline = g_list_model_get_item (self->pipelines,
                                    gtk_drop_down_get_selected (self->pipeline_dropdown));
  if (pipeline != NULL)
    kontor_deal_board_set_pipeline (self, kontor_entity_get_id (pipeline));
}

static void
on_repository_changed (KontorDealBoard *self,
                       const char      *kind,
                       gint64           id,
                       guint            change)
{
  if (g_str_equal (kind, "deal") && self->totals_idle_id == 0)
    self->totals_idle_id = g_idle_add (update_totals_cb, self);

  if ((g_str_equal (kind, "stage") || g_str_equal (kind, "pipeline")) &&
      self->rebuild_idle_id == 0)
    self->rebuild_idle_id = g_idle_add (rebuild_cb, self);
}

static void
on_undo_clicked (AdwToast        *toast,
                 KontorDealBoard *self)
{
  UndoMove *undo = g_object_get_data (G_OBJECT (toast), "undo");
  g_autoptr(GError) error = NULL;

  if (undo == NULL || undo->done)
    return;

  undo->done = TRUE;
  if (!kontor_board_restore_deal (self->repository, undo->deal, undo->stage_id, undo->board_rank,
                                  undo->loss_reason, &error))
    show_error (self, error);
}

/* After a move by keyboard or menu the focus follows the card: left in
 * the old column it would sit on the card that took the moved one's place,
 * and the next key press would move that one */
static void
focus_deal (KontorDealBoard *self,
            KontorEntity    *deal)
{
  KontorBoardColumn *column = find_column (self, kontor_entity_get_int (deal, "stage"));

  if (column != NULL)
    kontor_board_column_focus_deal (column, kontor_entity_get_id (deal));
}

static gboolean
perform_move (KontorDealBoard *self,
              KontorEntity    *deal,
              gint64           stage_id,
              gint             position,
              const char      *loss_reason,
              gboolean         follow_focus)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(AdwToast) toast = NULL;
  g_autoptr(KontorEntity) stage = NULL;
  g_autofree char *title = NULL;
  UndoMove *undo;

  undo = g_new0 (UndoMove, 1);
  undo->deal = g_object_ref (deal);
  undo->stage_id = kontor_entity_get_int (deal, "stage");
  undo->board_rank = kontor_entity_get_int (deal, "board_rank");
  undo->loss_reason = g_strdup (kontor_entity_get_text (deal, "loss_reason"));

  if (!kontor_board_move_deal (self->repository, deal, stage_id, position, loss_reason, &error))
    {
      undo_move_free (undo);
      show_error (self, error);
      return FALSE;
    }

  stage = kontor_repository_find (self->repository, KONTOR_TYPE_STAGE, stage_id, NULL);
  /* Translators: a toast after a deal was moved on the board */
  title = g_strdup_printf (_("“%s” moved to %s"), kontor_entity_get_text (deal, "title"),
                           stage ? kontor_entity_get_text (stage, "name") : "");
  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_ptr_array_add (self->moves, undo);
  g_object_set_data (G_OBJECT (toast), "undo", undo);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (on_undo_clicked), self, 0);
  show_toast (self, toast);

  /* The totals follow at once rather than on idle: the move is what the
   * user is looking at */
  g_clear_handle_id (&self->totals_idle_id, g_source_remove);
  update_totals_cb (self);

  if (follow_focus)
    focus_deal (self, deal);

  return TRUE;
}

typedef struct
{
  KontorDealBoard *self;
  KontorEntity    *deal;
  gint             position;
  gboolean         follow_focus;
} DialogData;

static void
dialog_data_free (gpointer  user_data,
                  GClosure *closure)
{
  DialogData *data = user_data;

  g_object_unref (data->self);
  g_object_unref (data->deal);
  g_free (data);
}

static void
on_move_dialog_response (KontorMoveDealDialog *dialog,
                         const char           *response,
                         DialogData           *data)
{
  if (g_str_equal (response, "move"))
    {
      g_autofree char *reason = kontor_move_deal_dialog_dup_loss_reason (dialog);

      perform_move (data->self, data->deal, kontor_move_deal_dialog_get_stage_id (dialog),
                    data->position, reason, data->follow_focus);
    }
}

static void
present_move_dialog (KontorDealBoard *self,
                     KontorEntity    *deal,
                     gint64           stage_id,
                     gint             position,
                     gboolean         follow_focus)
{
  GtkWidget *dialog;
  DialogData *data = g_new0 (DialogData, 1);

  data->self = g_object_ref (self);
  data->deal = g_object_ref (deal);
  data->position = position;
  data->follow_focus = follow_focus;

  dialog = kontor_move_deal_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                        self->repository, deal, stage_id);
  g_signal_connect_data (dialog, "response", G_CALLBACK (on_move_dialog_response), data,
                         dialog_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* Moves at once, or after asking for the reason of a loss */
static gboolean
move_deal (KontorDealBoard *self,
           KontorEntity    *deal,
           gint64           stage_id,
           gint             position,
           gboolean         follow_focus)
{
  g_autoptr(KontorEntity) stage = NULL;
  g_autoptr(GError) error = NULL;

  stage = kontor_repository_find (self->repository, KONTOR_TYPE_STAGE, stage_id, &error);
  if (stage == NULL)
    {
      show_error (self, error);
      return FALSE;
    }

  if (g_str_equal (kontor_entity_get_text (stage, "semantics"), "lost") &&
      kontor_entity_get_int (deal, "stage") != stage_id)
    {
      present_move_dialog (self, deal, stage_id, position, follow_focus);
      return FALSE;
    }

  return perform_move (self, deal, stage_id, position, NULL, follow_focus);
}

static void
on_deal_dropped (KontorDealBoard   *self,
                 KontorEntity      *deal,
                 gint               position,
                 KontorBoardColumn *column)
{
  kontor_deal_board_move_deal (self, deal, kontor_entity_get_id (
                                 kontor_board_column_get_stage (column)), position);
}

static KontorEntity *
find_deal (KontorDealBoard *self,
           GVariant        *parameter)
{
  g_autoptr(GError) error = NULL;
  KontorEntity *deal;

  deal = kontor_repository_find (self->repository, KONTOR_TYPE_DEAL,
                                 g_variant_get_int64 (parameter), &error);
  if (deal == NULL)
    show_error (self, error);

  return deal;
}

static void
open_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KontorDealBoard *self = KONTOR_DEAL_BOARD (widget);
  g_autoptr(KontorEntity) deal = find_deal (self, parameter);

  if (deal != NULL)
    g_signal_emit (self, signals[OPEN_RECORD], 0, deal);
}

static void
move_step_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  KontorDealBoard *self = KONTOR_DEAL_BOARD (widget);
  g_autoptr(KontorEntity) deal = find_deal (self, parameter);
  gint direction = g_str_equal (action_name, "board.move-next") ? 1 : -1;
  gint64 stage_id;

  if (deal == NULL)
    return;

  stage_id = kontor_board_get_adjacent_stage (self->repository,
                                              kontor_entity_get_int (deal, "stage"), direction,
                                              NULL);
  if (stage_id == 0)
    {
      gtk_widget_error_bell (widget);
      return;
    }

  move_deal (self, deal, stage_id, 0, TRUE);
}

static void
move_to_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KontorDealBoard *self = KONTOR_DEAL_BOARD (widget);
  g_autoptr(KontorEntity) deal = find_deal (self, parameter);

  if (deal != NULL)
    present_move_dialog (self, deal, 0, 0, TRUE);
}

static void
undo_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  kontor_deal_board_undo (KONTOR_DEAL_BOARD (widget));
}

static void
edit_pipelines_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KontorDealBoard *self = KONTOR_DEAL_BOARD (widget);
  GtkWidget *editor;

  editor = kontor_pipeline_editor_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                       self->repository, self->pipeline_id);
  gtk_window_present (GTK_WINDOW (editor));
}

/* The card that has the keyboard focus: the focus sits on the list row
 * that holds the card, or inside the card */
static KontorDealCard *
focused_card (KontorDealBoard *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self)))
    return NULL;

  if (KONTOR_IS_DEAL_CARD (gtk_widget_get_first_child (focus)))
    return KONTOR_DEAL_CARD (gtk_widget_get_first_child (focus));

  for (GtkWidget *widget = focus; widget != NULL; widget = gtk_widget_get_parent (widget))
    if (KONTOR_IS_DEAL_CARD (widget))
      return KONTOR_DEAL_CARD (widget);

  return NULL;
}

static gboolean
on_card_shortcut (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  KontorDealBoard *self = KONTOR_DEAL_BOARD (widget);
  KontorDealCard *card = focused_card (self);
  const char *action = user_data;

  if (card == NULL || kontor_deal_card_get_deal (card) == NULL)
    return FALSE;

  if (g_str_equal (action, "menu"))
    {
      kontor_deal_card_popup_menu (card);
      return TRUE;
    }

  return gtk_widget_activate_action (widget, action, "x",
                                     kontor_entity_get_id (kontor_deal_card_get_deal (card)));
}

static void
add_card_shortcut (GtkShortcutController *controller,
                   guint                  key,
                   GdkModifierType        modifiers,
                   const char            *action)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (key, modifiers),
                                                          gtk_callback_action_new (
                                                            on_card_shortcut, (gpointer) action,
                                                            NULL)));
}

static void
kontor_deal_board_dispose (GObject *object)
{
  KontorDealBoard *self = KONTOR_DEAL_BOARD (object);

  g_clear_signal_handler (&self->changed_id, self->repository);
  g_clear_handle_id (&self->totals_idle_id, g_source_remove);
  g_clear_handle_id (&self->rebuild_idle_id, g_source_remove);
  if (self->pipelines != NULL)
    g_signal_handlers_disconnect_by_data (self->pipelines, self);
  g_clear_object (&self->pipelines);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_deal_board_parent_class)->dispose (object);
}

static void
kontor_deal_board_finalize (GObject *object)
{
  KontorDealBoard *self = KONTOR_DEAL_BOARD (object);

  g_hash_table_unref (self->collapsed);
  g_ptr_array_unref (self->moves);

  G_OBJECT_CLASS (kontor_deal_board_parent_class)->finalize (object);
}

static void
kontor_deal_board_class_init (KontorDealBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kontor_deal_board_dispose;
  object_class->finalize = kontor_deal_board_finalize;

  /**
   * KontorDealBoard::open-record:
   * @deal: the deal to open
   */
  signals[OPEN_RECORD] = g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                       KONTOR_TYPE_ENTITY);
  /**
   * KontorDealBoard::show-toast:
   * @toast: an #AdwToast to show; when nobody handles the signal the board
   *   shows it in its own overlay
   */
  signals[SHOW_TOAST] = g_signal_new ("show-toast", G_TYPE_FROM_CLASS (klass),
                                      G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                      ADW_TYPE_TOAST);

  gtk_widget_class_install_action (widget_class, "board.open", "x", open_action);
  gtk_widget_class_install_action (widget_class, "board.move-next", "x", move_step_action);
  gtk_widget_class_install_action (widget_class, "board.move-previous", "x", move_step_action);
  gtk_widget_class_install_action (widget_class, "board.move-to", "x", move_to_action);
  gtk_widget_class_install_action (widget_class, "board.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "board.edit-pipelines", NULL,
                                   edit_pipelines_action);

  gtk_widget_class_set_css_name (widget_class, "dealboard");
}

static void
kontor_deal_board_init (KontorDealBoard *self)
{
  GtkWidget *box, *toolbar, *button, *scroller, *label;
  GtkEventController *shortcuts;

  self->collapsed = g_hash_table_new (NULL, NULL);
  self->moves = g_ptr_array_new_with_free_func (undo_move_free);

  self->toast_overlay = ADW_TOAST_OVERLAY (adw_toast_overlay_new ());
  adw_bin_set_child (ADW_BIN (self), GTK_WIDGET (self->toast_overlay));

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  adw_toast_overlay_set_child (self->toast_overlay, box);

  toolbar = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_widget_add_css_class (toolbar, "kontor-board-toolbar");
  gtk_box_append (GTK_BOX (box), toolbar);

  label = gtk_label_new_with_mnemonic (_("_Pipeline"));
  gtk_widget_add_css_class (label, "dim-label");
  gtk_box_append (GTK_BOX (toolbar), label);

  self->pipeline_dropdown = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  gtk_label_set_mnemonic_widget (GTK_LABEL (label), GTK_WIDGET (self->pipeline_dropdown));
  gtk_box_append (GTK_BOX (toolbar), GTK_WIDGET (self->pipeline_dropdown));

  button = gtk_button_new_from_icon_name ("document-edit-symbolic");
  gtk_widget_set_tooltip_text (button, _("Edit Pipelines and Stages"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "board.edit-pipelines");
  gtk_widget_add_css_class (button, "flat");
  gtk_box_append (GTK_BOX (toolbar), button);

  label = gtk_label_new (_("Drag cards between stages, or focus a card and press "
                           "Ctrl+Shift+←/→ or Alt+M"));
  gtk_label_set_xalign (GTK_LABEL (label), 1);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (toolbar), label);

  scroller = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scroller), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_widget_set_vexpand (scroller, TRUE);
  gtk_box_append (GTK_BOX (box), scroller);

  self->columns_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_add_css_class (self->columns_box, "kontor-board-columns");
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), self->columns_box);

  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  add_card_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Right,
                     GDK_CONTROL_MASK | GDK_SHIFT_MASK, "board.move-next");
  add_card_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Left,
                     GDK_CONTROL_MASK | GDK_SHIFT_MASK, "board.move-previous");
  add_card_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_m, GDK_ALT_MASK,
                     "board.move-to");
  add_card_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_Menu, 0, "menu");
  add_card_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts), GDK_KEY_F10, GDK_SHIFT_MASK, "menu");
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);
}

GtkWidget *
kontor_deal_board_new (KontorRepository *repository)
{
  KontorDealBoard *self;
  g_autoptr(GtkExpression) expression = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  self = g_object_new (KONTOR_TYPE_DEAL_BOARD, NULL);
  self->repository = g_object_ref (repository);
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
  g_signal_connect_swapped (self->pipelines, "items-changed",
                            G_CALLBACK (on_pipelines_changed), self);
  g_signal_connect_swapped (self->pipeline_dropdown, "notify::selected",
                            G_CALLBACK (on_pipeline_selected), self);

  kontor_deal_board_set_pipeline (self, kontor_repository_get_default_pipeline (repository));

  return GTK_WIDGET (self);
}

gint64
kontor_deal_board_get_pipeline (KontorDealBoard *self)
{
  g_return_val_if_fail (KONTOR_IS_DEAL_BOARD (self), 0);

  return self->pipeline_id;
}

void
kontor_deal_board_set_pipeline (KontorDealBoard *self,
                                gint64           pipeline_id)
{
  g_return_if_fail (KONTOR_IS_DEAL_BOARD (self));

  if (self->pipeline_id == pipeline_id)
    return;

  self->pipeline_id = pipeline_id;
  select_pipeline_in_dropdown (self);
  remember_collapsed (self);
  rebuild_columns (self);
}

/**
 * kontor_deal_board_get_column:
 *
 * Returns: (transfer none) (nullable): the KontorBoardColumn of a stage
 */
GtkWidget *
kontor_deal_board_get_column (KontorDealBoard *self,
                              gint64           stage_id)
{
  g_return_val_if_fail (KONTOR_IS_DEAL_BOARD (self), NULL);

  return GTK_WIDGET (find_column (self, stage_id));
}

/**
 * kontor_deal_board_move_deal:
 * @position: where among the other deals of the stage; -1 for last
 *
 * Moves a deal as a drop does: at once, with an Undo toast; to a lost
 * stage only after asking for the reason.
 *
 * Returns: %TRUE if the deal was moved now
 */
gboolean
kontor_deal_board_move_deal (KontorDealBoard *self,
                             KontorEntity    *deal,
                             gint64           stage_id,
                             gint             position)
{
  g_return_val_if_fail (KONTOR_IS_DEAL_BOARD (self), FALSE);
  g_return_val_if_fail (KONTOR_IS_DEAL (deal), FALSE);

  return move_deal (self, deal, stage_id, position, FALSE);
}

/* Undoes the last move that was not undone yet */
gboolean
kontor_deal_board_undo (KontorDealBoard *self)
{
  g_autoptr(GError) error = NULL;
  UndoMove *undo;

  g_return_val_if_fail (KONTOR_IS_DEAL_BOARD (self), FALSE);

  if (self->moves->len == 0)
    return FALSE;

  undo = g_ptr_array_index (self->moves, self->moves->len - 1);
  if (undo->done)
    return FALSE;

  undo->done = TRUE;
  if (!kontor_board_restore_deal (self->repository, undo->deal, undo->stage_id, undo->board_rank,
                                  undo->loss_reason, &error))
    {
      show_error (self, error);
      return FALSE;
    }

  g_clear_handle_id (&self->totals_idle_id, g_source_remove);
  update_totals_cb (self);
  return TRUE;
}
