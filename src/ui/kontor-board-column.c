/* kontor-board-column.c: the deals of one stage on the board
 *
 * A header (colour, name, count, sums per currency) over a lazy GtkListView
 * of a KontorListModel of the stage's deals in board order: only the
 * visible cards exist, so a column of 10,000 deals costs what a column of
 * twenty does. The column is the drop target for cards; where a card lands
 * is computed from the drop position.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kontor-board-column"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kontor-board-column.h"
#include "kontor-view-binding.h"
#include "kontor-deal-card.h"
#include "kontor-list-focus.h"

#define COLUMN_WIDTH 272
#define COLLAPSED_WIDTH 148

struct _KontorBoardColumn
{
  GtkWidget          parent_instance;

  KontorRepository  *repository;
  KontorEntity      *stage;
  KontorListModel   *model;
  GtkDropTarget     *drop_target;
  gint64             count;
  char              *totals_text;
  GdkRGBA            colour;

  GtkWidget         *box;
  GtkWidget         *colour_strip;
  GtkLabel          *name_label;
  GtkLabel          *count_label;
  GtkLabel          *totals_label;
  GtkToggleButton   *collapse_button;
  GtkWidget         *scroller;
  GtkListView       *list_view;
};

G_DEFINE_FINAL_TYPE (KontorBoardColumn, kontor_board_column, GTK_TYPE_WIDGET)

enum {
  DEAL_DROPPED,
  OPEN_RECORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
draw_strip (GtkDrawingArea *area,
            cairo_t        *cr,
            int             width,
            int             height,
            gpointer        user_data)
{
  KontorBoardColumn *self = user_data;

  gdk_cairo_set_source_rgba (cr, &self->colour);
  cairo_rectangle (cr, 0, 0, width, height);
  cairo_fill (cr);
}

static void
update_header (KontorBoardColumn *self)
{
  const char *semantics = kontor_entity_get_text (self->stage, "semantics");
  const char *colour = kontor_entity_get_text (self->stage, "color");

  gtk_label_set_text (self->name_label, kontor_entity_get_text (self->stage, "name"));
  if (colour == NULL || !gdk_rgba_parse (&self->colour, colour))
    gdk_rgba_parse (&self->colour, "#9a9996");
  gtk_widget_queue_draw (self->colour_strip);

  gtk_widget_remove_css_class (GTK_WIDGET (self), "won");
  gtk_widget_remove_css_class (GTK_WIDGET (self), "lost");
  if (!g_str_equal (semantics, "open"))
    gtk_widget_add_css_class (GTK_WIDGET (self), semantics);
  gtk_widget_set_visible (GTK_WIDGET (self->collapse_button), !g_str_equal (semantics, "open"));

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kontor_entity_get_text (self->stage, "name"), -1);
}

/* The deal a row of the list view shows */
static gpointer
row_deal (GtkWidget *row)
{
  GtkWidget *child = gtk_widget_get_first_child (row);

  return KONTOR_IS_DEAL_CARD (child) ? kontor_deal_card_get_deal (KONTOR_DEAL_CARD (child)) : NULL;
}

static KontorDealCard *
find_card (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      if (KONTOR_IS_DEAL_CARD (widget))
        return KONTOR_DEAL_CARD (widget);
      if (KONTOR_IS_BOARD_COLUMN (widget))
        break;
    }

  return NULL;
}

/* Where a card dropped at (x, y) of the column goes among the other deals
 * of the stage: before the card under the pointer when in its upper half,
 * after it otherwise; before all when dropped on the header, after all on
 * the empty space under the cards. */
static gint
position_from_point (KontorBoardColumn *self,
                     KontorEntity      *dragged,
                     double             x,
                     double             y)
{
  double lx, ly, cx, cy;
  KontorDealCard *card;
  gint index, dragged_index;

  if (!gtk_widget_translate_coordinates (GTK_WIDGET (self), GTK_WIDGET (self->list_view), x, y,
                                         &lx, &ly))
    return -1;

  if (ly < 0)
    return 0;

  card = find_card (gtk_widget_pick (GTK_WIDGET (self->list_view), lx, ly, GTK_PICK_DEFAULT));
  if (card == NULL || kontor_deal_card_get_deal (card) == NULL)
    return -1;

  index = kontor_list_model_find_id (self->model,
                                     kontor_entity_get_id (kontor_deal_card_get_deal (card)));
  if (index < 0)
    return -1;

  if (gtk_widget_translate_coordinates (GTK_WIDGET (self), GTK_WIDGET (card), x, y, &cx, &cy) &&
      cy > gtk_widget_get_height (GTK_WIDGET (card)) / 2.0)
    index++;

  /* Positions count the other deals only */
  dragged_index = kontor_list_model_find_id (self->model, kontor_entity_get_id (dragged));
  if (dragged_index >= 0 && dragged_index < index)
    index--;

  return index;
}

static gboolean
on_drop (GtkDropTarget     *target,
         const GValue      *value,
         double             x,
         double             y,
         KontorBoardColumn *self)
{
  KontorEntity *deal;

  if (!G_VALUE_HOLDS (value, KONTOR_TYPE_DEAL))
    return FALSE;

  deal = g_value_get_object (value);
  if (deal == NULL)
    return FALSE;

  g_signal_emit (self, signals[DEAL_DROPPED], 0, deal, position_from_point (self, deal, x, y));
  return TRUE;
}

static GdkDragAction
on_drop_enter (GtkDropTarget     *target,
               double             x,
               double             y,
               KontorBoardColumn *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "drop-highlight");
  return GDK_ACTION_MOVE;
}

static void
on_drop_leave (GtkDropTarget     *target,
               KontorBoardColumn *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "drop-highlight");
}

static void
on_setup (GtkSignalListItemFactory *factory,
          GtkListItem              *item,
          KontorBoardColumn        *self)
{
  gtk_list_item_set_child (item, kontor_deal_card_new (self->repository));
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         KontorBoardColumn        *self)
{
  kontor_deal_card_set_deal (KONTOR_DEAL_CARD (gtk_list_item_get_child (item)),
                             gtk_list_item_get_item (item));
}

static void
on_unbind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           KontorBoardColumn        *self)
{
  kontor_deal_card_set_deal (KONTOR_DEAL_CARD (gtk_list_item_get_child (item)), NULL);
}

static void
on_activate (GtkListView       *list_view,
             guint              position,
             KontorBoardColumn *self)
{
  g_autoptr(KontorEntity) deal = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (deal != NULL)
    g_signal_emit (self, signals[OPEN_RECORD], 0, deal);
}

static void
on_stage_notify (KontorBoardColumn *self)
{
  update_header (self);
}

static void
on_collapse_toggled (KontorBoardColumn *self)
{
  kontor_board_column_set_collapsed (self, gtk_toggle_button_get_active (self->collapse_button));
}

static void
kontor_board_column_dispose (GObject *object)
{
  KontorBoardColumn *self = KONTOR_BOARD_COLUMN (object);

  if (self->stage != NULL)
    g_signal_handlers_disconnect_by_data (self->stage, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), KONTOR_TYPE_BOARD_COLUMN);
  g_clear_object (&self->model);
  g_clear_object (&self->stage);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_board_column_parent_class)->dispose (object);
}

static void
kontor_board_column_finalize (GObject *object)
{
  KontorBoardColumn *self = KONTOR_BOARD_COLUMN (object);

  g_free (self->totals_text);

  G_OBJECT_CLASS (kontor_board_column_parent_class)->finalize (object);
}

static void
kontor_board_column_class_init (KontorBoardColumnClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kontor_board_column_dispose;
  object_class->finalize = kontor_board_column_finalize;

  /**
   * KontorBoardColumn::deal-dropped:
   * @position: where among the other deals of the stage, -1 for last
   */
  signals[DEAL_DROPPED] = g_signal_new ("deal-dropped", G_TYPE_FROM_CLASS (klass),
                                        G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 2,
                                        KONTOR_TYPE_ENTITY, G_TYPE_INT);
  signals[OPEN_RECORD] = g_signal_new ("open-record", G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE, 1,
                                       KONTOR_TYPE_ENTITY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kontor-board-column.ui");
  gtk_widget_class_bind_template_child (widget_class, KontorBoardColumn, box);
  gtk_widget_class_bind_template_child (widget_class, KontorBoardColumn, colour_strip);
  gtk_widget_class_bind_template_child (widget_class, KontorBoardColumn, name_label);
  gtk_widget_class_bind_template_child (widget_class, KontorBoardColumn, count_label);
  gtk_widget_class_bind_template_child (widget_class, KontorBoardColumn, totals_label);
  gtk_widget_class_bind_template_child (widget_class, KontorBoardColumn, collapse_button);
  gtk_widget_class_bind_template_child (widget_class, KontorBoardColumn, scroller);
  gtk_widget_class_bind_template_child (widget_class, KontorBoardColumn, list_view);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "boardcolumn");
}

static void
kontor_board_column_init (KontorBoardColumn *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_widget_set_size_request (GTK_WIDGET (self), COLUMN_WIDTH, -1);
  gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->colour_strip), draw_strip, self, NULL);
  g_signal_connect_swapped (self->collapse_button, "toggled",
                            G_CALLBACK (on_collapse_toggled), self);

  self->drop_target = gtk_drop_target_new (KONTOR_TYPE_DEAL, GDK_ACTION_MOVE);
  g_signal_connect (self->drop_target, "drop", G_CALLBACK (on_drop), self);
  g_signal_connect (self->drop_target, "enter", G_CALLBACK (on_drop_enter), self);
  g_signal_connect (self->drop_target, "leave", G_CALLBACK (on_drop_leave), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (self->drop_target));
}

GtkWidget *
kontor_board_column_new (KontorRepository *repository,
                         KontorEntity     *stage)
{
  KontorBoardColumn *self;
  g_autoptr(GtkListItemFactory) factory = NULL;
  g_autofree char *stage_id = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (KONTOR_IS_STAGE (stage), NULL);

  self = g_object_new (KONTOR_TYPE_BOARD_COLUMN, NULL);
  self->repository = g_object_ref (repository);
  self->stage = g_object_ref (stage);
  g_signal_connect_swapped (stage, "notify", G_CALLBACK (on_stage_notify), self);

  stage_id = g_strdup_printf ("%" PRId64, kontor_entity_get_id (stage));
  self->model = kontor_list_model_new (repository, KONTOR_TYPE_DEAL);
  if (!kontor_list_model_add_filter (self->model, "stage", KONTOR_FILTER_EQ, stage_id, &error) ||
      !kontor_list_model_set_sort (self->model, "board_rank", FALSE, &error))
    g_critical ("Could not list the deals of a stage: %s", error->message);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind), self);
  gtk_list_view_set_factory (self->list_view, factory);
  {
    g_autoptr(GtkNoSelection) selection = gtk_no_selection_new (g_object_ref (G_LIST_MODEL (self->model)));

    kontor_view_bind_while_mapped (GTK_WIDGET (self->list_view), GTK_SELECTION_MODEL (selection));
  }
  g_signal_connect (self->list_view, "activate", G_CALLBACK (on_activate), self);

  update_header (self);
  kontor_board_column_update_totals (self);

  return GTK_WIDGET (self);
}

KontorEntity *
kontor_board_column_get_stage (KontorBoardColumn *self)
{
  g_return_val_if_fail (KONTOR_IS_BOARD_COLUMN (self), NULL);

  return self->stage;
}

GListModel *
kontor_board_column_get_model (KontorBoardColumn *self)
{
  g_return_val_if_fail (KONTOR_IS_BOARD_COLUMN (self), NULL);

  return G_LIST_MODEL (self->model);
}

GtkDropTarget *
kontor_board_column_get_drop_target (KontorBoardColumn *self)
{
  g_return_val_if_fail (KONTOR_IS_BOARD_COLUMN (self), NULL);

  return self->drop_target;
}

/* Count and sums per currency, in the user's locale; computed in SQL */
void
kontor_board_column_update_totals (KontorBoardColumn *self)
{
  g_autoptr(GArray) totals = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *count = NULL;
  g_autofree char *accessible = NULL;

  g_return_if_fail (KONTOR_IS_BOARD_COLUMN (self));

  totals = kontor_board_get_stage_totals (self->repository, kontor_entity_get_id (self->stage),
                                          &error);
  if (totals == NULL)
    {
      g_warning ("Could not sum up a stage: %s", error->message);
      return;
    }

  for (guint i = 0; i < totals->len; i++)
    {
      KontorStageTotal *total = &g_array_index (totals, KontorStageTotal, i);
      g_autofree char *sum = kontor_money_format (total->amount, total->currency);

      if (text->len > 0)
        g_string_append (text, "\n");
      g_string_append (text, sum);
    }

  self->count = kontor_board_count_deals (totals);
  g_free (self->totals_text);
  self->totals_text = g_strdup (text->str);

  count = g_strdup_printf ("%" PRId64, self->count);
  gtk_label_set_text (self->count_label, count);
  gtk_label_set_text (self->totals_label, text->len > 0 ? text->str : "—");

  /* Translators: a column of the deal board: stage name, number of deals, sums */
  accessible = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s: %" PRId64 " deal, %s",
                                             "%s: %" PRId64 " deals, %s",
                                             (gulong) self->count),
                                kontor_entity_get_text (self->stage, "name"), self->count,
                                text->str);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

gint64
kontor_board_column_get_count (KontorBoardColumn *self)
{
  g_return_val_if_fail (KONTOR_IS_BOARD_COLUMN (self), 0);

  return self->count;
}

const char *
kontor_board_column_get_totals_text (KontorBoardColumn *self)
{
  g_return_val_if_fail (KONTOR_IS_BOARD_COLUMN (self), NULL);

  return self->totals_text;
}

gboolean
kontor_board_column_get_collapsed (KontorBoardColumn *self)
{
  g_return_val_if_fail (KONTOR_IS_BOARD_COLUMN (self), FALSE);

  return gtk_widget_has_css_class (GTK_WIDGET (self), "collapsed");
}

void
kontor_board_column_set_collapsed (KontorBoardColumn *self,
                                   gboolean           collapsed)
{
  g_return_if_fail (KONTOR_IS_BOARD_COLUMN (self));

  if (collapsed)
    gtk_widget_add_css_class (GTK_WIDGET (self), "collapsed");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "collapsed");

  gtk_widget_set_visible (self->scroller, !collapsed);
  gtk_widget_set_size_request (GTK_WIDGET (self), collapsed ? COLLAPSED_WIDTH : COLUMN_WIDTH, -1);
  gtk_button_set_icon_name (GTK_BUTTON (self->collapse_button),
                            collapsed ? "pan-end-symbolic" : "pan-start-symbolic");
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->collapse_button),
                               collapsed ? _("Expand") : _("Collapse"));
  gtk_toggle_button_set_active (self->collapse_button, collapsed);
}

/**
 * kontor_board_column_focus_deal:
 * @deal_id: a deal of the stage
 *
 * Scrolls to the card of the deal and gives it the keyboard focus, when
 * the column has read its deals; a collapsed column shows no cards, so its
 * expander gets the focus.
 */
void
kontor_board_column_focus_deal (KontorBoardColumn *self,
                                gint64             deal_id)
{
  g_return_if_fail (KONTOR_IS_BOARD_COLUMN (self));

  if (kontor_board_column_get_collapsed (self))
    {
      gtk_widget_grab_focus (GTK_WIDGET (self->collapse_button));
      return;
    }

  kontor_list_view_focus_record (self->list_view, self->model, deal_id, row_deal);
}
