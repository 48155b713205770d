/* test-deal-board.c: the deal board in a real window, on demo data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <adwaita.h>
#include <glib/gstdio.h>

#include "kontor-board-column.h"
#include "kontor-deal-board.h"
#include "kontor-deal-card.h"
#include "kontor-move-deal-dialog.h"

typedef struct
{
  char             *dir;
  KontorRepository *repo;
  GtkWidget        *window;
  KontorDealBoard  *board;
  gint64            stages[6];
  guint             opened;
} Fixture;

static void
wait_for_frames (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static void
on_open_record (KontorDealBoard *board,
                KontorEntity    *deal,
                Fixture         *fixture)
{
  g_assert_true (KONTOR_IS_DEAL (deal));
  fixture->opened++;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) stages = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("kontor-deal-board-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->repo = kontor_repository_open (path, &error);
  g_assert_no_error (error);
  kontor_demo_fill (fixture->repo, 400, 7, &error);
  g_assert_no_error (error);

  stages = kontor_repository_list_stages (fixture->repo,
                                          kontor_repository_get_default_pipeline (fixture->repo),
                                          &error);
  g_assert_no_error (error);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(KontorEntity) stage = g_list_model_get_item (stages, i);
      fixture->stages[i] = kontor_entity_get_id (stage);
    }

  fixture->window = adw_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1280, 800);
  fixture->board = KONTOR_DEAL_BOARD (kontor_deal_board_new (fixture->repo));
  g_signal_connect (fixture->board, "open-record", G_CALLBACK (on_open_record), fixture);
  adw_window_set_content (ADW_WINDOW (fixture->window), GTK_WIDGET (fixture->board));
  gtk_window_present (GTK_WINDOW (fixture->window));
  wait_for_frames (300);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  gtk_window_destroy (GTK_WINDOW (fixture->window));
  wait_for_frames (50);
  g_object_unref (fixture->repo);

  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *file = g_build_filename (fixture->dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
}

static KontorBoardColumn *
column (Fixture *fixture,
        guint    stage)
{
  GtkWidget *widget = kontor_deal_board_get_column (fixture->board, fixture->stages[stage]);

  g_assert_true (KONTOR_IS_BOARD_COLUMN (widget));
  return KONTOR_BOARD_COLUMN (widget);
}

/* The sum of the stage's deals in one currency, straight from the core */
static gint64
stage_sum (Fixture    *fixture,
           guint       stage,
           const char *currency)
{
  g_autoptr(GArray) totals = NULL;
  gint64 sum = 0;

  totals = kontor_board_get_stage_totals (fixture->repo, fixture->stages[stage], NULL);
  for (guint i = 0; i < totals->len; i++)
    if (g_str_equal (g_array_index (totals, KontorStageTotal, i).currency, currency))
      sum += g_array_index (totals, KontorStageTotal, i).amount;

  return sum;
}

static KontorEntity *
first_deal (Fixture *fixture,
            guint    stage)
{
  GListModel *model = kontor_board_column_get_model (column (fixture, stage));

  g_assert_cmpuint (g_list_model_get_n_items (model), >, 0);
  return g_list_model_get_item (model, 0);
}

static void
test_drop_moves_and_undo (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = first_deal (fixture, 0);
  g_autoptr(KontorEntity) top = NULL;
  g_auto(GValue) value = G_VALUE_INIT;
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  const char *currency = kontor_entity_get_text (deal, "currency");
  gint64 amount = kontor_entity_get_int (deal, "amount");
  gint64 from_count = kontor_board_column_get_count (column (fixture, 0));
  gint64 to_count = kontor_board_column_get_count (column (fixture, 2));
  gint64 from_sum = stage_sum (fixture, 0, currency);
  gint64 to_sum = stage_sum (fixture, 2, currency);
  gboolean handled = FALSE;

  g_assert_cmpint (from_count, >, 0);
  from_text = g_strdup (kontor_board_column_get_totals_text (column (fixture, 0)));
  to_text = g_strdup (kontor_board_column_get_totals_text (column (fixture, 2)));

  /* Dropped on the header of the Proposal column: first in it */
  g_value_init (&value, KONTOR_TYPE_DEAL);
  g_value_set_object (&value, deal);
  g_signal_emit_by_name (kontor_board_column_get_drop_target (column (fixture, 2)), "drop",
                         &value, 40.0, 10.0, &handled);
  g_assert_true (handled);
  wait_for_frames (50);

  g_assert_cmpint (kontor_entity_get_int (deal, "stage"), ==, fixture->stages[2]);
  g_assert_cmpint (kontor_board_column_get_count (column (fixture, 0)), ==, from_count - 1);
  g_assert_cmpint (kontor_board_column_get_count (column (fixture, 2)), ==, to_count + 1);
  g_assert_cmpint (stage_sum (fixture, 0, currency), ==, from_sum - amount);
  g_assert_cmpint (stage_sum (fixture, 2, currency), ==, to_sum + amount);
  if (amount != 0)
    {
      g_assert_cmpstr (kontor_board_column_get_totals_text (column (fixture, 0)), !=, from_text);
      g_assert_cmpstr (kontor_board_column_get_totals_text (column (fixture, 2)), !=, to_text);
    }
  top = first_deal (fixture, 2);
  g_assert_true (top == deal);

  /* Undo */
  gtk_widget_activate_action (GTK_WIDGET (fixture->board), "board.undo", NULL);
  wait_for_frames (50);
  g_assert_cmpint (kontor_entity_get_int (deal, "stage"), ==, fixture->stages[0]);
  g_assert_cmpint (kontor_board_column_get_count (column (fixture, 0)), ==, from_count);
  g_assert_cmpint (kontor_board_column_get_count (column (fixture, 2)), ==, to_count);
  g_assert_cmpstr (kontor_board_column_get_totals_text (column (fixture, 0)), ==, from_text);
  g_assert_cmpstr (kontor_board_column_get_totals_text (column (fixture, 2)), ==, to_text);
}

static void
test_drop_on_won_and_lost (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = first_deal (fixture, 1);
  g_autoptr(KontorEntity) other = first_deal (fixture, 0);
  g_auto(GValue) value = G_VALUE_INIT;
  gboolean handled = FALSE;
  GtkWidget *dialog = NULL;
  g_autoptr(GList) toplevels = NULL;

  g_value_init (&value, KONTOR_TYPE_DEAL);
  g_value_set_object (&value, deal);
  g_signal_emit_by_name (kontor_board_column_get_drop_target (column (fixture, 4)), "drop",
                         &value, 40.0, 400.0, &handled);
  g_assert_true (handled);
  g_assert_cmpstr (kontor_entity_get_text (deal, "status"), ==, "won");
  g_assert_cmpint (kontor_entity_get_int (deal, "closed_at"), !=, 0);

  /* A lost stage asks for the reason first */
  g_assert_false (kontor_deal_board_move_deal (fixture->board, other, fixture->stages[5], 0));
  g_assert_cmpstr (kontor_entity_get_text (other, "status"), ==, "open");
  toplevels = gtk_window_list_toplevels ();
  for (GList *l = toplevels; l != NULL; l = l->next)
    if (KONTOR_IS_MOVE_DEAL_DIALOG (l->data))
      dialog = l->data;
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "move");
  wait_for_frames (50);
  g_assert_cmpstr (kontor_entity_get_text (other, "status"), ==, "lost");
  g_assert_cmpstr (kontor_entity_get_text (other, "loss_reason"), ==, "Price too high");
}

static void
test_keyboard_path (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = first_deal (fixture, 1);
  gint64 id = kontor_entity_get_id (deal);
  gint64 count1 = kontor_board_column_get_count (column (fixture, 1));
  gint64 count2 = kontor_board_column_get_count (column (fixture, 2));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->board), "board.move-next",
                                             "x", id));
  wait_for_frames (50);
  g_assert_cmpint (kontor_entity_get_int (deal, "stage"), ==, fixture->stages[2]);
  g_assert_cmpint (kontor_board_column_get_count (column (fixture, 1)), ==, count1 - 1);
  g_assert_cmpint (kontor_board_column_get_count (column (fixture, 2)), ==, count2 + 1);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->board), "board.move-previous",
                                             "x", id));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->board), "board.move-previous",
                                             "x", id));
  wait_for_frames (50);
  g_assert_cmpint (kontor_entity_get_int (deal, "stage"), ==, fixture->stages[0]);

  /* Undo goes back one move at a time */
  g_assert_true (kontor_deal_board_undo (fixture->board));
  g_assert_cmpint (kontor_entity_get_int (deal, "stage"), ==, fixture->stages[1]);
  g_assert_cmpint (kontor_board_column_get_count (column (fixture, 1)), ==, count1);

  gtk_widget_activate_action (GTK_WIDGET (fixture->board), "board.open", "x", id);
  g_assert_cmpuint (fixture->opened, ==, 1);
}

static GtkWidget *
find_list_view (GtkWidget *widget)
{
  if (GTK_IS_LIST_VIEW (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_list_view (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The row of the list view of a stage that shows the deal, if it exists */
static GtkWidget *
find_row (Fixture      *fixture,
          guint         stage,
          KontorEntity *deal)
{
  GtkWidget *list_view = find_list_view (GTK_WIDGET (column (fixture, stage)));

  g_assert_nonnull (list_view);
  for (GtkWidget *row = gtk_widget_get_first_child (list_view);
       row != NULL;
       row = gtk_widget_get_next_sibling (row))
    {
      GtkWidget *card = gtk_widget_get_first_child (row);

      if (KONTOR_IS_DEAL_CARD (card) && kontor_deal_card_get_deal (KONTOR_DEAL_CARD (card)) == deal)
        return row;
    }

  return NULL;
}

/* Presses a shortcut of the board the way its shortcut controller does */
static void
press_shortcut (Fixture         *fixture,
                guint            keyval,
                GdkModifierType  modifiers)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (fixture->board));
  gboolean pressed = FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          GtkShortcutTrigger *trigger = gtk_shortcut_get_trigger (shortcut);

          if (GTK_IS_KEYVAL_TRIGGER (trigger) &&
              gtk_keyval_trigger_get_keyval (GTK_KEYVAL_TRIGGER (trigger)) == keyval &&
              gtk_keyval_trigger_get_modifiers (GTK_KEYVAL_TRIGGER (trigger)) == modifiers)
            {
              g_assert_true (gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0,
                                                           GTK_WIDGET (fixture->board), NULL));
              pressed = TRUE;
            }
        }
    }

  g_assert_true (pressed);
}

/* The keyboard focus is on the row of the deal in the list of the stage,
 * and that row is in sight */
static void
assert_focus_on (Fixture      *fixture,
                 guint         stage,
                 KontorEntity *deal)
{
  GtkWidget *list_view = find_list_view (GTK_WIDGET (column (fixture, stage)));
  GtkWidget *scroller = gtk_widget_get_parent (list_view);
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  GtkWidget *row = find_row (fixture, stage, deal);
  graphene_rect_t bounds;

  g_assert_nonnull (focus);
  g_assert_nonnull (row);
  g_assert_true (focus == row || gtk_widget_is_ancestor (focus, row));
  g_assert_true (gtk_widget_is_ancestor (focus, list_view));

  g_assert_true (GTK_IS_SCROLLED_WINDOW (scroller));
  g_assert_true (gtk_widget_compute_bounds (row, scroller, &bounds));
  g_assert_cmpfloat (bounds.origin.y, >=, 0);
  g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (scroller));
}

static void
scroll_to_end (Fixture *fixture,
               guint    stage)
{
  GtkWidget *list_view = find_list_view (GTK_WIDGET (column (fixture, stage)));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list_view));

  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  wait_for_frames (100);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >, 0);
}

static void render_png (Fixture    *fixture,
                        const char *name);

static void
test_keyboard_move_keeps_focus (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = first_deal (fixture, 0);
  g_autoptr(KontorEntity) next = NULL;
  GListModel *model = kontor_board_column_get_model (column (fixture, 0));
  GtkWidget *row;

  g_assert_cmpuint (g_list_model_get_n_items (model), >, 1);
  next = g_list_model_get_item (model, 1);

  /* Where the card lands is out of sight at first: the target column is
   * scrolled to its end, the card goes first */
  scroll_to_end (fixture, 1);
  scroll_to_end (fixture, 2);

  row = find_row (fixture, 0, deal);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_grab_focus (row));
  wait_for_frames (50);

  press_shortcut (fixture, GDK_KEY_Right, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  wait_for_frames (100);
  g_assert_cmpint (kontor_entity_get_int (deal, "stage"), ==, fixture->stages[1]);
  assert_focus_on (fixture, 1, deal);

  /* The second press moves the same deal, not the one that took its place */
  press_shortcut (fixture, GDK_KEY_Right, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  wait_for_frames (100);
  g_assert_cmpint (kontor_entity_get_int (deal, "stage"), ==, fixture->stages[2]);
  g_assert_cmpint (kontor_entity_get_int (next, "stage"), ==, fixture->stages[0]);
  assert_focus_on (fixture, 2, deal);
  /* As right after a key press (GTK hides the ring a few seconds later) */
  gtk_window_set_focus_visible (GTK_WINDOW (fixture->window), TRUE);
  wait_for_frames (50);
  render_png (fixture, "deal-board-after-keyboard-move.png");

  /* And back, by the other shortcut */
  press_shortcut (fixture, GDK_KEY_Left, GDK_CONTROL_MASK | GDK_SHIFT_MASK);
  wait_for_frames (100);
  g_assert_cmpint (kontor_entity_get_int (deal, "stage"), ==, fixture->stages[1]);
  assert_focus_on (fixture, 1, deal);
}

static void
test_live_update_from_elsewhere (Fixture       *fixture,
                                 gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = first_deal (fixture, 3);
  gint64 count = kontor_board_column_get_count (column (fixture, 3));
  g_autoptr(GError) error = NULL;

  kontor_repository_delete (fixture->repo, deal, &error);
  g_assert_no_error (error);
  wait_for_frames (50);
  g_assert_cmpint (kontor_board_column_get_count (column (fixture, 3)), ==, count - 1);
  g_assert_cmpuint (g_list_model_get_n_items (kontor_board_column_get_model (column (fixture, 3))),
                    ==, count - 1);
}

static void
render_png (Fixture    *fixture,
            const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (fixture->window);
  GtkSnapshot *snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (fixture->window);
  int height = gtk_widget_get_height (fixture->window);

  g_assert_cmpint (width, >=, 1200);
  g_assert_cmpint (height, >=, 700);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (GTK_NATIVE (fixture->window));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (g_getenv ("G_TEST_BUILDDIR") ? g_getenv ("G_TEST_BUILDDIR") : ".",
                           name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Rendered the board to %s", path);
}

static void
test_render_png (Fixture       *fixture,
                 gconstpointer  data)
{
  render_png (fixture, "deal-board.png");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add ("/deal-board/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("drop-moves-deal-updates-totals-and-undoes", test_drop_moves_and_undo);
  ADD ("drop-on-won-and-lost-stages", test_drop_on_won_and_lost);
  ADD ("keyboard-actions-move-between-stages", test_keyboard_path);
  ADD ("keyboard-move-keeps-the-focus-on-the-moved-card", test_keyboard_move_keeps_focus);
  ADD ("follows-changes-made-elsewhere", test_live_update_from_elsewhere);
  ADD ("renders-to-png", test_render_png);

  return g_test_run ();
}
