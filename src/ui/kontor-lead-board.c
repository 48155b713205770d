/* kontor-lead-board.c: the board of the Leads page, one column per status
 *
 * Each column is a lazy list over the leads of one status. Cards move by
 * drag and drop and by Ctrl+Shift+Left/Right; moving to "Converted" opens
 * the conversion dialog and moving to "Junk" asks for the reason first, so
 * those two never change the status behind the user's back. A converted
 * lead is read-only and stays where it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-lead-board"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-lead-board.h"
#include "kontor-view-binding.h"
#include "kontor-lead-conversion.h"
#include "kontor-lead-convert-dialog.h"
#include "kontor-list-focus.h"
#include "kontor-money.h"
#include "kontor-ui-format.h"

static const char * const statuses[] = { "new", "in_progress", "processed", "converted", "junk" };

#define N_COLUMNS G_N_ELEMENTS (statuses)

typedef struct
{
  KontorLeadBoard *board;
  const char      *status;
  KontorListModel *model;
  GtkWidget       *box;
  GtkWidget       *count_label;
  GtkWidget       *list_view;
  GtkDropTarget   *drop_target;
} Column;

struct _KontorLeadBoard
{
  AdwBin            parent_instance;

  KontorRepository *repository;
  Column            columns[N_COLUMNS];
  GtkWidget        *dialog;        /* the junk reason being asked for */
};

G_DEFINE_FINAL_TYPE (KontorLeadBoard, kontor_lead_board, ADW_TYPE_BIN)

enum {
  OPEN_RECORD,
  SHOW_TOAST,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static Column *
find_column (KontorLeadBoard *self,
             const char      *status)
{
  for (guint i = 0; i < N_COLUMNS; i++)
    if (g_strcmp0 (statuses[i], status) == 0)
      return &self->columns[i];

  return NULL;
}

static void
show_error (KontorLeadBoard *self,
            const GError    *error)
{
  g_autoptr(AdwToast) toast = adw_toast_new (error->message);

  g_signal_emit (self, signals[SHOW_TOAST], 0, toast);
}

static gboolean
set_status (KontorLeadBoard *self,
            KontorEntity    *lead,
            const char      *status,
            const char      *junk_reason)
{
  g_autofree char *old_status = g_strdup (kontor_entity_get_text (lead, "status"));
  g_autofree char *old_reason = g_strdup (kontor_entity_get_text (lead, "junk_reason"));
  g_autoptr(GError) error = NULL;

  kontor_entity_set_text (lead, "status", status);
  kontor_entity_set_text (lead, "junk_reason", junk_reason);
  if (!kontor_repository_save (self->repository, lead, &error))
    {
      /* The shared object goes back to what the database holds */
      kontor_entity_set_text (lead, "status", old_status);
      kontor_entity_set_text (lead, "junk_reason", old_reason);
      show_error (self, error);
      return FALSE;
    }

  return TRUE;
}

static void
update_count (Column *column)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (column->model));
  g_autofree char *text = g_strdup_printf ("%u", n);
  g_autofree char *description = NULL;

  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u lead", "%u leads", n), n);
  gtk_label_set_text (GTK_LABEL (column->count_label), text);
  gtk_widget_set_tooltip_text (column->count_label, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (column->count_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Column     *column)
{
  update_count (column);
}

/* The lead a row of a list view shows */
static gpointer
row_lead (GtkWidget *row)
{
  GtkWidget *card = gtk_widget_get_first_child (row);
  GtkListItem *item = card ? g_object_get_data (G_OBJECT (card), "kontor-list-item") : NULL;

  return item ? gtk_list_item_get_item (item) : NULL;
}

/* After a move by keyboard the focus follows the card: left in the old
 * column it would sit on the card that took the moved one's place, and the
 * next key press would move that one */
static void
focus_lead (KontorLeadBoard *self,
            KontorEntity    *lead)
{
  Column *column = find_column (self, kontor_entity_get_text (lead, "status"));

  if (column != NULL)
    kontor_list_view_focus_record (GTK_LIST_VIEW (column->list_view), column->model,
                                   kontor_entity_get_id (lead), row_lead);
}

/* The lead of the card that has the keyboard focus, if any */
static KontorEntity *
get_focused_lead (KontorLeadBoard *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root ? gtk_root_get_focus (root) : NULL;

  for (GtkWidget *widget = focus; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      GtkWidget *child = gtk_widget_get_first_child (widget);
      GtkListItem *item = g_object_get_data (G_OBJECT (widget), "kontor-list-item");

      /* The row of the list view has the focus; the card is its child */
      if (item == NULL && child != NULL)
        item = g_object_get_data (G_OBJECT (child), "kontor-list-item");
      if (item != NULL)
        return gtk_list_item_get_item (item);
      if (widget == GTK_WIDGET (self))
        break;
    }

  return NULL;
}

static gboolean move_lead (KontorLeadBoard *self,
                           KontorEntity    *lead,
                           const char      *status,
                           gboolean         follow_focus);

static void
move_focused (KontorLeadBoard *self,
              int              direction)
{
  g_autoptr(KontorEntity) lead = NULL;
  const char *status;
  int index = -1;

  /* The row that shows the lead goes away with the move */
  g_set_object (&lead, get_focused_lead (self));
  if (lead == NULL)
    return;

  status = kontor_entity_get_text (lead, "status");
  for (guint i = 0; i < N_COLUMNS; i++)
    if (g_strcmp0 (statuses[i], status) == 0)
      index = (int) i;

  index += direction;
  if (index < 0 || index >= (int) N_COLUMNS)
    return;

  move_lead (self, lead, statuses[index], TRUE);
}

static void
move_next_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  move_focused (KONTOR_LEAD_BOARD (widget), 1);
}

static void
move_previous_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  move_focused (KONTOR_LEAD_BOARD (widget), -1);
}

static void
on_junk_reason_changed (GtkEditable      *entry,
                        AdwMessageDialog *dialog)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (entry)));

  adw_message_dialog_set_response_enabled (dialog, "junk", text[0] != '\0');
}

static void
on_junk_response (AdwMessageDialog *dialog,
                  const char       *response,
                  KontorLeadBoard  *self)
{
  KontorEntity *lead = g_object_get_data (G_OBJECT (dialog), "lead");
  GtkWidget *entry = adw_message_dialog_get_extra_child (dialog);

  if (self->dialog == GTK_WIDGET (dialog))
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
      self->dialog = NULL;
    }

  if (g_str_equal (response, "junk"))
    {
      g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

      if (set_status (self, lead, "junk", reason) &&
          g_object_get_data (G_OBJECT (dialog), "follow-focus") != NULL)
        focus_lead (self, lead);
    }
}

static void
ask_junk_reason (KontorLeadBoard *self,
                 KontorEntity    *lead,
                 gboolean         follow_focus)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *name = kontor_entity_dup_display_name (lead);
  GtkWidget *dialog;
  GtkWidget *entry;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Mark as Junk?"), NULL);
  /* Translators: %s is the name of a lead */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("Why is “%s” junk?"), name);
  entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("Reason"));
  gtk_entry_set_activates_default (GTK_ENTRY (entry), TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Junk reason"),
                                  -1);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), entry);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "junk", _("_Mark as Junk"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "junk",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_enabled (ADW_MESSAGE_DIALOG (dialog), "junk", FALSE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "junk");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "lead", g_object_ref (lead), g_object_unref);
  g_object_set_data (G_OBJECT (dialog), "follow-focus", GINT_TO_POINTER (follow_focus));
  g_signal_connect (entry, "changed", G_CALLBACK (on_junk_reason_changed), dialog);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_junk_response), self, 0);

  if (self->dialog != NULL)
    {
      GtkWidget *old = self->dialog;

      g_object_remove_weak_pointer (G_OBJECT (old), (gpointer *) &self->dialog);
      self->dialog = NULL;
      gtk_window_destroy (GTK_WINDOW (old));
    }
  self->dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_widget_grab_focus (entry);
}

static void
on_lead_converted (KontorLeadConvertDialog *dialog,
                   KontorLeadBoard         *self)
{
  KontorEntity *lead = g_object_get_data (G_OBJECT (dialog), "lead");
  g_autofree char *name = kontor_entity_dup_display_name (lead);
  g_autofree char *markup = g_markup_escape_text (name, -1);
  g_autofree char *title = NULL;
  g_autoptr(AdwToast) toast = NULL;

  /* Translators: %s is the name of a lead */
  title = g_strdup_printf (_("Converted “%s”"), markup);
  toast = adw_toast_new (title);
  g_signal_emit (self, signals[SHOW_TOAST], 0, toast);
}

static void
convert_lead (KontorLeadBoard *self,
              KontorEntity    *lead)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = kontor_lead_convert_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                           self->repository, lead);
  g_object_set_data_full (G_OBJECT (dialog), "lead", g_object_ref (lead), g_object_unref);
  g_signal_connect_object (dialog, "converted", G_CALLBACK (on_lead_converted), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static gboolean
on_drop (GtkDropTarget *target,
         const GValue  *value,
         double         x,
         double         y,
         Column        *column)
{
  KontorEntity *lead = g_value_get_object (value);

  if (!KONTOR_IS_LEAD (lead))
    return FALSE;

  return kontor_lead_board_move_lead (column->board, lead, column->status);
}

static void
on_drop_enter (GtkDropTarget *target,
               double         x,
               double         y,
               Column        *column)
{
  gtk_widget_add_css_class (column->box, "drop-highlight");
}

static void
on_drop_leave (GtkDropTarget *target,
               Column        *column)
{
  gtk_widget_remove_css_class (column->box, "drop-highlight");
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource *source,
                 double         x,
                 double         y,
                 GtkListItem   *item)
{
  KontorEntity *lead = gtk_list_item_get_item (item);

  if (lead == NULL || kontor_lead_is_read_only (lead))
    return NULL;

  return gdk_content_provider_new_typed (KONTOR_TYPE_LEAD, lead);
}

static void
on_drag_begin (GtkDragSource *source,
               GdkDrag       *drag,
               GtkListItem   *item)
{
  GtkWidget *card = gtk_list_item_get_child (item);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (card);

  gtk_drag_source_set_icon (source, paintable, 0, 0);
}

static GtkWidget *
create_card_label (const char *css_class)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
setup_card (GtkSignalListItemFactory *factory,
            GtkListItem              *item,
            KontorLeadBoard          *self)
{
  GtkWidget *card = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkDragSource *source = gtk_drag_source_new ();

  gtk_widget_add_css_class (card, "card");
  gtk_widget_add_css_class (card, "kontor-lead-card");
  gtk_widget_set_margin_start (card, 8);
  gtk_widget_set_margin_end (card, 8);
  gtk_widget_set_margin_top (card, 4);
  gtk_widget_set_margin_bottom (card, 4);
  gtk_box_append (GTK_BOX (card), create_card_label ("heading"));
  gtk_box_append (GTK_BOX (card), create_card_label (NULL));
  gtk_box_append (GTK_BOX (card), create_card_label ("numeric"));
  gtk_box_append (GTK_BOX (card), create_card_label ("dim-label"));
  for (GtkWidget *label = gtk_widget_get_first_child (card);
       label != NULL;
       label = gtk_widget_get_next_sibling (label))
    {
      gtk_widget_set_margin_start (label, 12);
      gtk_widget_set_margin_end (label, 12);
    }
  gtk_widget_set_margin_top (gtk_widget_get_first_child (card), 8);
  gtk_widget_set_margin_bottom (gtk_widget_get_last_child (card), 8);

  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare), item);
  g_signal_connect (source, "drag-begin", G_CALLBACK (on_drag_begin), item);
  gtk_widget_add_controller (card, GTK_EVENT_CONTROLLER (source));

  g_object_set_data (G_OBJECT (card), "kontor-list-item", item);
  gtk_list_item_set_child (item, card);
}

static void
set_card_text (GtkWidget  *label,
               const char *text)
{
  gtk_label_set_text (GTK_LABEL (label), text ? text : "");
  gtk_widget_set_visible (label, text != NULL && *text != '\0');
}

static void
bind_card (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           KontorLeadBoard          *self)
{
  KontorEntity *lead = gtk_list_item_get_item (item);
  GtkWidget *card = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (card);
  GtkWidget *who = gtk_widget_get_next_sibling (title);
  GtkWidget *amount = gtk_widget_get_next_sibling (who);
  GtkWidget *responsible = gtk_widget_get_next_sibling (amount);
  g_autofree char *name = kontor_entity_dup_display_name (lead);
  g_autofree char *person = NULL;
  g_autofree char *money = NULL;
  g_autofree char *description = NULL;
  const char *company = kontor_entity_get_text (lead, "company_name");
  g_autoptr(GString) people = g_string_new (NULL);

  person = g_strjoin (" ",
                      kontor_entity_get_text (lead, "first_name") ?: "",
                      kontor_entity_get_text (lead, "last_name") ?: "",
                      NULL);
  g_strstrip (person);
  if (kontor_entity_get_text (lead, "title") != NULL)
    g_string_append (people, person);
  if (company != NULL)
    {
      if (people->len > 0)
        g_string_append (people, " · ");
      g_string_append (people, company);
    }
  if (kontor_entity_get_int (lead, "amount") != 0)
    money = kontor_money_format (kontor_entity_get_int (lead, "amount"),
                                 kontor_entity_get_text (lead, "currency"));

  set_card_text (title, name);
  set_card_text (who, people->str);
  set_card_text (amount, money);
  set_card_text (responsible, kontor_entity_get_text (lead, "responsible"));

  if (kontor_lead_is_read_only (lead))
    gtk_widget_set_tooltip_text (card, _("This lead has already been converted"));
  else
    gtk_widget_set_tooltip_text (card, NULL);

  description = g_strjoin (", ", name, people->str, money ? money : "", NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (card),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
on_card_activated (GtkListView *list_view,
                   guint        position,
                   Column      *column)
{
  g_autoptr(KontorEntity) lead = g_list_model_get_item (G_LIST_MODEL (column->model), position);

  if (lead != NULL)
    g_signal_emit (column->board, signals[OPEN_RECORD], 0, lead);
}

static GtkWidget *
build_column (KontorLeadBoard *self,
              Column          *column)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkNoSelection *selection;
  GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *name = gtk_label_new (kontor_ui_status_label ("lead", "status", column->status));
  GtkWidget *scrolled = gtk_scrolled_window_new ();

  g_autoptr(GError) error = NULL;

  column->model = kontor_list_model_new (self->repository, KONTOR_TYPE_LEAD);
  if (!kontor_list_model_add_filter (column->model, "status", KONTOR_FILTER_EQ, column->status,
                                     &error))
    g_critical ("Cannot filter leads by status: %s", error->message);
  g_signal_connect (column->model, "items-changed", G_CALLBACK (on_items_changed), column);

  column->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_size_request (column->box, 240, -1);
  gtk_widget_add_css_class (column->box, "kontor-lead-column");
  gtk_widget_add_css_class (column->box, "view");
  gtk_widget_add_css_class (column->box, column->status);

  gtk_widget_set_margin_start (header, 12);
  gtk_widget_set_margin_end (header, 12);
  gtk_widget_set_margin_top (header, 8);
  gtk_widget_set_margin_bottom (header, 8);
  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  column->count_label = gtk_label_new (NULL);
  gtk_widget_add_css_class (column->count_label, "dim-label");
  gtk_widget_add_css_class (column->count_label, "numeric");
  gtk_box_append (GTK_BOX (header), name);
  gtk_box_append (GTK_BOX (header), column->count_label);
  gtk_box_append (GTK_BOX (column->box), header);

  g_signal_connect (factory, "setup", G_CALLBACK (setup_card), self);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_card), self);
  selection = gtk_no_selection_new (G_LIST_MODEL (g_object_ref (column->model)));
  column->list_view = gtk_list_view_new (NULL, factory);
  kontor_view_bind_while_mapped (column->list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  gtk_list_view_set_single_click_activate (GTK_LIST_VIEW (column->list_view), TRUE);
  gtk_widget_add_css_class (column->list_view, "navigation-sidebar");
  gtk_accessible_update_property (GTK_ACCESSIBLE (column->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kontor_ui_status_label ("lead", "status", column->status),
                                  -1);
  g_signal_connect (column->list_view, "activate", G_CALLBACK (on_card_activated), column);

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), column->list_view);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (column->box), scrolled);

  column->drop_target = gtk_drop_target_new (KONTOR_TYPE_LEAD, GDK_ACTION_MOVE);
  g_signal_connect (column->drop_target, "drop", G_CALLBACK (on_drop), column);
  g_signal_connect (column->drop_target, "enter", G_CALLBACK (on_drop_enter), column);
  g_signal_connect (column->drop_target, "leave", G_CALLBACK (on_drop_leave), column);
  gtk_widget_add_controller (column->box, GTK_EVENT_CONTROLLER (column->drop_target));

  update_count (column);
  return column->box;
}

/* Overrides */

static void
kontor_lead_board_dispose (GObject *object)
{
  KontorLeadBoard *self = KONTOR_LEAD_BOARD (object);

  if (self->dialog != NULL)
    {
      GtkWidget *dialog = self->dialog;

      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->dialog);
      self->dialog = NULL;
      gtk_window_destroy (GTK_WINDOW (dialog));
    }

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      if (self->columns[i].model != NULL)
        g_signal_handlers_disconnect_by_data (self->columns[i].model, &self->columns[i]);
      g_clear_object (&self->columns[i].model);
    }

  G_OBJECT_CLASS (kontor_lead_board_parent_class)->dispose (object);

  g_clear_object (&self->repository);
}

static void
kontor_lead_board_class_init (KontorLeadBoardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kontor_lead_board_dispose;

  /**
   * KontorLeadBoard::open-record:
   * @entity: the lead whose card was activated
   */
  signals[OPEN_RECORD] =
    g_signal_new ("open-record",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KONTOR_TYPE_ENTITY);

  /**
   * KontorLeadBoard::show-toast:
   * @toast: what to tell the user
   */
  signals[SHOW_TOAST] =
    g_signal_new ("show-toast",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, ADW_TYPE_TOAST);

  gtk_widget_class_set_css_name (widget_class, "leadboard");
  gtk_widget_class_install_action (widget_class, "lead-board.move-next", NULL, move_next_action);
  gtk_widget_class_install_action (widget_class, "lead-board.move-previous", NULL,
                                   move_previous_action);
}

static void
kontor_lead_board_init (KontorLeadBoard *self)
{
}

/* Public API */

/**
 * kontor_lead_board_new:
 * @repository: the open database
 *
 * Returns: (transfer floating): a new #KontorLeadBoard
 */
GtkWidget *
kontor_lead_board_new (KontorRepository *repository)
{
  KontorLeadBoard *self;
  GtkWidget *scrolled;
  GtkWidget *columns;
  GtkEventController *shortcuts;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  self = g_object_new (KONTOR_TYPE_LEAD_BOARD, NULL);
  self->repository = g_object_ref (repository);

  columns = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (columns, 12);
  gtk_widget_set_margin_end (columns, 12);
  gtk_widget_set_margin_top (columns, 6);
  gtk_widget_set_margin_bottom (columns, 12);
  for (guint i = 0; i < N_COLUMNS; i++)
    {
      self->columns[i].board = self;
      self->columns[i].status = statuses[i];
      gtk_box_append (GTK_BOX (columns), build_column (self, &self->columns[i]));
    }

  scrolled = gtk_scrolled_window_new ();
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_AUTOMATIC,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), columns);
  adw_bin_set_child (ADW_BIN (self), scrolled);

  /* Before the list views, which use Ctrl+Shift+arrows to move their cursor */
  shortcuts = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (shortcuts, GTK_PHASE_CAPTURE);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Right, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                      gtk_named_action_new ("lead-board.move-next")));
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (shortcuts),
    gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Left, GDK_CONTROL_MASK | GDK_SHIFT_MASK),
                      gtk_named_action_new ("lead-board.move-previous")));
  gtk_widget_add_controller (GTK_WIDGET (self), shortcuts);

  return GTK_WIDGET (self);
}

/**
 * kontor_lead_board_get_count:
 * @status: a lead status, e.g. "new"
 *
 * Returns: how many leads the column of @status shows
 */
guint
kontor_lead_board_get_count (KontorLeadBoard *self,
                             const char      *status)
{
  Column *column;

  g_return_val_if_fail (KONTOR_IS_LEAD_BOARD (self), 0);

  column = find_column (self, status);
  g_return_val_if_fail (column != NULL, 0);

  return g_list_model_get_n_items (G_LIST_MODEL (column->model));
}

/**
 * kontor_lead_board_get_count_text:
 *
 * Returns: the count in the header of the column of @status
 */
const char *
kontor_lead_board_get_count_text (KontorLeadBoard *self,
                                  const char      *status)
{
  Column *column;

  g_return_val_if_fail (KONTOR_IS_LEAD_BOARD (self), NULL);

  column = find_column (self, status);
  g_return_val_if_fail (column != NULL, NULL);

  return gtk_label_get_text (GTK_LABEL (column->count_label));
}

/**
 * kontor_lead_board_get_list_view:
 *
 * Returns: (transfer none): the cards of the column of @status
 */
GtkListView *
kontor_lead_board_get_list_view (KontorLeadBoard *self,
                                 const char      *status)
{
  Column *column;

  g_return_val_if_fail (KONTOR_IS_LEAD_BOARD (self), NULL);

  column = find_column (self, status);
  g_return_val_if_fail (column != NULL, NULL);

  return GTK_LIST_VIEW (column->list_view);
}

/**
 * kontor_lead_board_get_drop_target:
 *
 * Returns: (transfer none): where cards are dropped into the column of @status
 */
GtkDropTarget *
kontor_lead_board_get_drop_target (KontorLeadBoard *self,
                                   const char      *status)
{
  Column *column;

  g_return_val_if_fail (KONTOR_IS_LEAD_BOARD (self), NULL);

  column = find_column (self, status);
  g_return_val_if_fail (column != NULL, NULL);

  return column->drop_target;
}

/**
 * kontor_lead_board_get_dialog:
 *
 * Returns: (nullable) (transfer none): the question about a junk reason, while it is asked
 */
GtkWidget *
kontor_lead_board_get_dialog (KontorLeadBoard *self)
{
  g_return_val_if_fail (KONTOR_IS_LEAD_BOARD (self), NULL);

  return self->dialog;
}

/**
 * kontor_lead_board_move_lead:
 * @lead: a lead on the board
 * @status: the status of the column it goes to
 *
 * Moves @lead as a drop does: "converted" opens the conversion dialog and
 * "junk" asks for the reason first; a converted lead does not move.
 *
 * Returns: whether the status was changed now
 */
gboolean
kontor_lead_board_move_lead (KontorLeadBoard *self,
                             KontorEntity    *lead,
                             const char      *status)
{
  g_return_val_if_fail (KONTOR_IS_LEAD_BOARD (self), FALSE);
  g_return_val_if_fail (KONTOR_IS_LEAD (lead), FALSE);
  g_return_val_if_fail (find_column (self, status) != NULL, FALSE);

  return move_lead (self, lead, status, FALSE);
}

/* Moves at once, or after the conversion dialog or the junk reason */
static gboolean
move_lead (KontorLeadBoard *self,
           KontorEntity    *lead,
           const char      *status,
           gboolean         follow_focus)
{
  if (kontor_lead_is_read_only (lead) ||
      g_strcmp0 (kontor_entity_get_text (lead, "status"), status) == 0)
    return FALSE;

  if (g_str_equal (status, "converted"))
    {
      convert_lead (self, lead);
      return FALSE;
    }

  if (g_str_equal (status, "junk"))
    {
      ask_junk_reason (self, lead, follow_focus);
      return FALSE;
    }

  if (!set_status (self, lead, status, NULL))
    return FALSE;

  if (follow_focus)
    focus_lead (self, lead);
  return TRUE;
}
