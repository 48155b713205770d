/* kontor-deal-card.c: one deal on the board
 *
 * Title, client, amount, responsible manager and the next open activity
 * (red when overdue). The card is a drag source whose content is the deal
 * itself (a KontorDeal GValue); right click or the Menu key opens the same
 * actions the keyboard shortcuts of the board give.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kontor-deal-card"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-deal-card.h"

struct _KontorDealCard
{
  GtkWidget         parent_instance;

  KontorRepository *repository;
  KontorEntity     *deal;
  gulong            notify_id;
  gulong            changed_id;
  GtkWidget        *menu;

  GtkWidget        *box;
  GtkLabel         *title_label;
  GtkLabel         *client_label;
  GtkLabel         *amount_label;
  GtkLabel         *responsible_label;
  GtkWidget        *activity_box;
  GtkLabel         *activity_label;
  GtkWidget        *activity_separator;
  GtkLabel         *activity_due_label;
};

G_DEFINE_FINAL_TYPE (KontorDealCard, kontor_deal_card, GTK_TYPE_WIDGET)

static char *
dup_client_name (KontorDealCard *self)
{
  const char *fields[] = { "company", "contact" };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      gint64 id = kontor_entity_get_int (self->deal, fields[i]);
      g_autoptr(KontorEntity) linked = NULL;

      if (id == 0)
        continue;

      linked = kontor_repository_find (self->repository,
                                       i == 0 ? KONTOR_TYPE_COMPANY : KONTOR_TYPE_CONTACT, id,
                                       NULL);
      if (linked != NULL)
        return kontor_entity_dup_display_name (linked);
    }

  return NULL;
}

static void
update_activity (KontorDealCard *self)
{
  g_autoptr(KontorEntity) activity = NULL;
  g_autofree char *when = NULL;
  gint64 due;

  activity = kontor_board_find_next_activity (self->repository,
                                              kontor_entity_get_id (self->deal), NULL);
  gtk_widget_set_visible (self->activity_box, activity != NULL);
  gtk_widget_remove_css_class (self->activity_box, "error");
  if (activity == NULL)
    return;

  due = kontor_entity_get_int (activity, "due_at");
  if (due != 0)
    {
      g_autoptr(GDateTime) time = g_date_time_new_from_unix_local (due);

      /* Translators: when the next activity of a deal is due, as on a deal
       * card ("3 Dec, 19:00"); see g_date_time_format(). "%-d" is the day
       * without padding: "%e" would pad it with a space. */
      when = g_date_time_format (time, _("%-d %b, %H:%M"));
      if (due < g_get_real_time () / G_USEC_PER_SEC)
        gtk_widget_add_css_class (self->activity_box, "error");
    }

  gtk_label_set_text (self->activity_label, kontor_entity_get_text (activity, "subject"));
  gtk_label_set_text (self->activity_due_label, when ? when : "");
  gtk_widget_set_visible (self->activity_separator, when != NULL);
  gtk_widget_set_visible (GTK_WIDGET (self->activity_due_label), when != NULL);
}

static void
update (KontorDealCard *self)
{
  g_autofree char *client = NULL;
  g_autofree char *amount = NULL;
  g_autofree char *accessible = NULL;
  const char *responsible;

  if (self->deal == NULL)
    return;

  client = dup_client_name (self);
  amount = kontor_money_format (kontor_entity_get_int (self->deal, "amount"),
                                kontor_entity_get_text (self->deal, "currency"));
  responsible = kontor_entity_get_text (self->deal, "responsible");

  gtk_label_set_text (self->title_label, kontor_entity_get_text (self->deal, "title"));
  gtk_label_set_text (self->client_label, client ? client : "");
  gtk_widget_set_visible (GTK_WIDGET (self->client_label), client != NULL);
  gtk_label_set_text (self->amount_label, amount);
  gtk_label_set_text (self->responsible_label, responsible ? responsible : "");
  update_activity (self);

  /* Translators: what a screen reader says for a card on the deal board */
  accessible = g_strdup_printf (_("%s, %s, %s"), kontor_entity_get_text (self->deal, "title"),
                                client ? client : "", amount);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
}

static void
on_deal_notify (KontorDealCard *self)
{
  update (self);
}

static void
on_repository_changed (KontorDealCard *self,
                       const char     *kind,
                       gint64          id,
                       guint           change)
{
  if (self->deal != NULL &&
      (g_str_equal (kind, "activity") || g_str_equal (kind, "company") ||
       g_str_equal (kind, "contact")))
    update (self);
}

static GdkContentProvider *
on_drag_prepare (GtkDragSource  *source,
                 double          x,
                 double          y,
                 KontorDealCard *self)
{
  if (self->deal == NULL)
    return NULL;

  return gdk_content_provider_new_typed (KONTOR_TYPE_DEAL, self->deal);
}

static void
on_drag_begin (GtkDragSource  *source,
               GdkDrag        *drag,
               KontorDealCard *self)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (GTK_WIDGET (self));

  gtk_drag_source_set_icon (source, paintable, 20, 20);
  gtk_widget_add_css_class (GTK_WIDGET (self), "dragged");
}

static void
on_drag_end (GtkDragSource  *source,
             GdkDrag        *drag,
             gboolean        delete_data,
             KontorDealCard *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self), "dragged");
}

static void
on_secondary_pressed (GtkGestureClick *gesture,
                      int              n_press,
                      double           x,
                      double           y,
                      KontorDealCard  *self)
{
  gtk_gesture_set_state (GTK_GESTURE (gesture), GTK_EVENT_SEQUENCE_CLAIMED);
  kontor_deal_card_popup_menu (self);
}

static void
kontor_deal_card_dispose (GObject *object)
{
  KontorDealCard *self = KONTOR_DEAL_CARD (object);

  kontor_deal_card_set_deal (self, NULL);
  g_clear_signal_handler (&self->changed_id, self->repository);
  g_clear_pointer (&self->menu, gtk_widget_unparent);
  gtk_widget_dispose_template (GTK_WIDGET (self), KONTOR_TYPE_DEAL_CARD);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_deal_card_parent_class)->dispose (object);
}

static void
kontor_deal_card_class_init (KontorDealCardClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kontor_deal_card_dispose;

  gtk_widget_class_set_template_from_resource (widget_class, RESOURCE_BASE "/ui/kontor-deal-card.ui");
  gtk_widget_class_bind_template_child (widget_class, KontorDealCard, box);
  gtk_widget_class_bind_template_child (widget_class, KontorDealCard, title_label);
  gtk_widget_class_bind_template_child (widget_class, KontorDealCard, client_label);
  gtk_widget_class_bind_template_child (widget_class, KontorDealCard, amount_label);
  gtk_widget_class_bind_template_child (widget_class, KontorDealCard, responsible_label);
  gtk_widget_class_bind_template_child (widget_class, KontorDealCard, activity_box);
  gtk_widget_class_bind_template_child (widget_class, KontorDealCard, activity_label);
  gtk_widget_class_bind_template_child (widget_class, KontorDealCard, activity_separator);
  gtk_widget_class_bind_template_child (widget_class, KontorDealCard, activity_due_label);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "dealcard");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
kontor_deal_card_init (KontorDealCard *self)
{
  GtkDragSource *source;
  GtkGesture *click;

  gtk_widget_init_template (GTK_WIDGET (self));

  source = gtk_drag_source_new ();
  gtk_drag_source_set_actions (source, GDK_ACTION_MOVE);
  g_signal_connect (source, "prepare", G_CALLBACK (on_drag_prepare), self);
  g_signal_connect (source, "drag-begin", G_CALLBACK (on_drag_begin), self);
  g_signal_connect (source, "drag-end", G_CALLBACK (on_drag_end), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (source));

  click = gtk_gesture_click_new ();
  gtk_gesture_single_set_button (GTK_GESTURE_SINGLE (click), GDK_BUTTON_SECONDARY);
  g_signal_connect (click, "pressed", G_CALLBACK (on_secondary_pressed), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (click));
}

GtkWidget *
kontor_deal_card_new (KontorRepository *repository)
{
  KontorDealCard *self;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  self = g_object_new (KONTOR_TYPE_DEAL_CARD, NULL);
  self->repository = g_object_ref (repository);
  self->changed_id = g_signal_connect_swapped (repository, "changed",
                                               G_CALLBACK (on_repository_changed), self);

  return GTK_WIDGET (self);
}

KontorEntity *
kontor_deal_card_get_deal (KontorDealCard *self)
{
  g_return_val_if_fail (KONTOR_IS_DEAL_CARD (self), NULL);

  return self->deal;
}

void
kontor_deal_card_set_deal (KontorDealCard *self,
                           KontorEntity   *deal)
{
  g_return_if_fail (KONTOR_IS_DEAL_CARD (self));
  g_return_if_fail (deal == NULL || KONTOR_IS_DEAL (deal));

  if (self->deal == deal)
    return;

  g_clear_signal_handler (&self->notify_id, self->deal);
  g_set_object (&self->deal, deal);

  if (deal != NULL)
    {
      self->notify_id = g_signal_connect_swapped (deal, "notify", G_CALLBACK (on_deal_notify),
                                                  self);
      update (self);
    }
}

void
kontor_deal_card_refresh (KontorDealCard *self)
{
  g_return_if_fail (KONTOR_IS_DEAL_CARD (self));

  update (self);
}

void
kontor_deal_card_popup_menu (KontorDealCard *self)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) moves = g_menu_new ();
  gint64 id;

  g_return_if_fail (KONTOR_IS_DEAL_CARD (self));

  if (self->deal == NULL)
    return;

  id = kontor_entity_get_id (self->deal);
#define ADD_ITEM(target_menu, label, action)                                              \
  G_STMT_START {                                                                          \
    g_autoptr(GMenuItem) item = g_menu_item_new (label, NULL);                            \
    g_menu_item_set_action_and_target_value (item, action, g_variant_new_int64 (id));     \
    g_menu_append_item (target_menu, item);                                               \
  } G_STMT_END

  ADD_ITEM (menu, _("_Open"), "board.open");
  ADD_ITEM (moves, _("Move to _Stage…"), "board.move-to");
  ADD_ITEM (moves, _("Move to _Previous Stage"), "board.move-previous");
  ADD_ITEM (moves, _("Move to _Next Stage"), "board.move-next");
#undef ADD_ITEM
  g_menu_append_section (menu, NULL, G_MENU_MODEL (moves));

  g_clear_pointer (&self->menu, gtk_widget_unparent);
  self->menu = gtk_popover_menu_new_from_model (G_MENU_MODEL (menu));
  gtk_widget_set_parent (self->menu, GTK_WIDGET (self));
  gtk_popover_set_has_arrow (GTK_POPOVER (self->menu), FALSE);
  gtk_popover_popup (GTK_POPOVER (self->menu));
}
