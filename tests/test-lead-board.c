/* test-lead-board.c: the board of the Leads page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kontor-lead-board.h"
#include "kontor-ui-test.h"

typedef struct
{
  UiFixture        ui;
  GtkWidget       *window;
  KontorLeadBoard *board;
  KontorEntity    *opened;
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  ui_fixture_open_repository (&fixture->ui);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  ui_iterate ();
  g_clear_object (&fixture->opened);
  ui_fixture_teardown (&fixture->ui, data);
}

static void
on_open_record (KontorLeadBoard *board,
                KontorEntity    *entity,
                Fixture         *fixture)
{
  g_set_object (&fixture->opened, entity);
}

static KontorEntity *
add_lead (Fixture    *fixture,
          const char *title,
          const char *status)
{
  return ui_add (fixture->ui.repository, KONTOR_TYPE_LEAD,
                 "title", title, "first_name", "Иван", "last_name", "Петров",
                 "company_name", "ООО Ромашка", "amount", "150000", "currency", "RUB",
                 "responsible", "Мария", "status", status, NULL);
}

static void
open_board (Fixture *fixture)
{
  GtkWidget *board = kontor_lead_board_new (fixture->ui.repository);

  g_signal_connect (board, "open-record", G_CALLBACK (on_open_record), fixture);
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1400, 600);
  gtk_window_set_child (GTK_WINDOW (fixture->window), board);
  gtk_window_present (GTK_WINDOW (fixture->window));
  ui_wait (50);
  fixture->board = KONTOR_LEAD_BOARD (board);
}

static char *
status_on_disk (Fixture      *fixture,
                KontorEntity *lead)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorEntity) stored = NULL;

  kontor_repository_reload (fixture->ui.repository, lead, &error);
  g_assert_no_error (error);
  stored = kontor_repository_find (fixture->ui.repository, KONTOR_TYPE_LEAD,
                                   kontor_entity_get_id (lead), &error);
  g_assert_no_error (error);
  return g_strdup (kontor_entity_get_text (stored, "status"));
}

static gboolean
drop (Fixture      *fixture,
      KontorEntity *lead,
      const char   *status)
{
  GtkDropTarget *target = kontor_lead_board_get_drop_target (fixture->board, status);
  GValue value = G_VALUE_INIT;
  gboolean accepted = FALSE;

  g_value_init (&value, KONTOR_TYPE_LEAD);
  g_value_set_object (&value, lead);
  g_signal_emit_by_name (target, "drop", &value, 10.0, 10.0, &accepted);
  g_value_unset (&value);
  ui_iterate ();
  return accepted;
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Saved %s", path);
}

static void
test_counts (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(KontorEntity) a = add_lead (fixture, "Сайт", "new");
  g_autoptr(KontorEntity) b = add_lead (fixture, "Звонок", "new");
  g_autoptr(KontorEntity) c = add_lead (fixture, "Выставка", "in_progress");
  g_autoptr(KontorEntity) d = add_lead (fixture, "Спам", "junk");

  open_board (fixture);
  g_assert_cmpuint (kontor_lead_board_get_count (fixture->board, "new"), ==, 2);
  g_assert_cmpuint (kontor_lead_board_get_count (fixture->board, "in_progress"), ==, 1);
  g_assert_cmpuint (kontor_lead_board_get_count (fixture->board, "processed"), ==, 0);
  g_assert_cmpuint (kontor_lead_board_get_count (fixture->board, "converted"), ==, 0);
  g_assert_cmpuint (kontor_lead_board_get_count (fixture->board, "junk"), ==, 1);
  g_assert_cmpstr (kontor_lead_board_get_count_text (fixture->board, "new"), ==, "2");
  g_assert_cmpstr (kontor_lead_board_get_count_text (fixture->board, "processed"), ==, "0");

  /* Activating a card opens its lead */
  g_signal_emit_by_name (kontor_lead_board_get_list_view (fixture->board, "in_progress"),
                         "activate", 0);
  g_assert_true (fixture->opened == c);

  save_png (fixture->window, "lead-board.png");
}

static void
test_drop_moves (Fixture       *fixture,
                 gconstpointer  data)
{
  g_autoptr(KontorEntity) a = add_lead (fixture, "Сайт", "new");
  g_autoptr(KontorEntity) b = add_lead (fixture, "Звонок", "new");
  g_autofree char *status = NULL;

  open_board (fixture);
  g_assert_true (drop (fixture, a, "processed"));
  status = status_on_disk (fixture, a);
  g_assert_cmpstr (status, ==, "processed");
  g_assert_cmpuint (kontor_lead_board_get_count (fixture->board, "new"), ==, 1);
  g_assert_cmpuint (kontor_lead_board_get_count (fixture->board, "processed"), ==, 1);
  g_assert_cmpstr (kontor_lead_board_get_count_text (fixture->board, "processed"), ==, "1");
  g_assert_cmpstr (kontor_lead_board_get_count_text (fixture->board, "new"), ==, "1");

  /* Dropping where it already is changes nothing */
  g_assert_false (drop (fixture, a, "processed"));
}

static GtkWidget *
find_card (GtkWidget *widget)
{
  if (gtk_widget_has_css_class (widget, "kontor-lead-card"))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_card (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_keyboard_moves (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(KontorEntity) a = add_lead (fixture, "Сайт", "new");
  g_autofree char *status = NULL;
  GtkListView *list;
  GtkWidget *card;

  open_board (fixture);
  list = kontor_lead_board_get_list_view (fixture->board, "new");
  card = find_card (GTK_WIDGET (list));
  g_assert_nonnull (card);
  /* The row around the card takes the focus */
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (card)));
  ui_iterate ();

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->board),
                                             "lead-board.move-next", NULL));
  ui_iterate ();
  status = status_on_disk (fixture, a);
  g_assert_cmpstr (status, ==, "in_progress");
  g_assert_cmpuint (kontor_lead_board_get_count (fixture->board, "new"), ==, 0);
  g_assert_cmpuint (kontor_lead_board_get_count (fixture->board, "in_progress"), ==, 1);

  /* Nothing focused, nothing moves */
  gtk_window_set_focus (GTK_WINDOW (fixture->window), NULL);
  gtk_widget_activate_action (GTK_WIDGET (fixture->board), "lead-board.move-previous", NULL);
  ui_iterate ();
  g_assert_cmpuint (kontor_lead_board_get_count (fixture->board, "in_progress"), ==, 1);
}

/* The lead whose card has the keyboard focus, and the list that shows it */
static KontorEntity *
focused_lead (Fixture      *fixture,
              const char   *status)
{
  GtkWidget *list = GTK_WIDGET (kontor_lead_board_get_list_view (fixture->board, status));
  GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  GtkWidget *card;
  GtkListItem *item;

  if (focus == NULL || !gtk_widget_is_ancestor (focus, list))
    return NULL;

  card = find_card (focus);
  g_assert_nonnull (card);
  item = g_object_get_data (G_OBJECT (card), "kontor-list-item");
  g_assert_nonnull (item);
  return gtk_list_item_get_item (item);
}

static void
test_keyboard_move_keeps_focus (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(KontorEntity) a = add_lead (fixture, "Сайт", "new");
  g_autoptr(KontorEntity) b = add_lead (fixture, "Магазин", "new");
  g_autofree char *status_a = NULL;
  g_autofree char *status_b = NULL;
  GtkWidget *card;

  open_board (fixture);
  card = find_card (GTK_WIDGET (kontor_lead_board_get_list_view (fixture->board, "new")));
  g_assert_nonnull (card);
  g_assert_true (gtk_widget_grab_focus (gtk_widget_get_parent (card)));
  ui_iterate ();
  g_assert_true (focused_lead (fixture, "new") == a || focused_lead (fixture, "new") == b);
  if (focused_lead (fixture, "new") == b)
    {
      KontorEntity *swap = a;

      a = b;
      b = swap;
    }

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->board),
                                             "lead-board.move-next", NULL));
  ui_wait (50);
  g_assert_true (focused_lead (fixture, "in_progress") == a);

  /* The second press moves the same lead, not the one left in "new" */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->board),
                                             "lead-board.move-next", NULL));
  ui_wait (50);
  g_assert_true (focused_lead (fixture, "processed") == a);
  status_a = status_on_disk (fixture, a);
  status_b = status_on_disk (fixture, b);
  g_assert_cmpstr (status_a, ==, "processed");
  g_assert_cmpstr (status_b, ==, "new");
}

static void
test_junk_asks_reason (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(KontorEntity) a = add_lead (fixture, "Спам", "new");
  g_autofree char *status = NULL;
  AdwMessageDialog *dialog;
  GtkWidget *entry;

  open_board (fixture);
  g_assert_false (drop (fixture, a, "junk"));
  dialog = ADW_MESSAGE_DIALOG (kontor_lead_board_get_dialog (fixture->board));
  g_assert_nonnull (dialog);
  g_assert_cmpstr (kontor_entity_get_text (a, "status"), ==, "new");
  save_png (GTK_WIDGET (dialog), "lead-board-junk.png");

  /* Cancel leaves the lead where it was */
  adw_message_dialog_response (dialog, "cancel");
  ui_iterate ();
  g_assert_null (kontor_lead_board_get_dialog (fixture->board));
  status = status_on_disk (fixture, a);
  g_assert_cmpstr (status, ==, "new");
  g_clear_pointer (&status, g_free);

  /* No reason, no junk */
  g_assert_false (drop (fixture, a, "junk"));
  dialog = ADW_MESSAGE_DIALOG (kontor_lead_board_get_dialog (fixture->board));
  g_assert_false (adw_message_dialog_get_response_enabled (dialog, "junk"));
  entry = adw_message_dialog_get_extra_child (dialog);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Рассылка");
  g_assert_true (adw_message_dialog_get_response_enabled (dialog, "junk"));
  adw_message_dialog_response (dialog, "junk");
  ui_iterate ();

  status = status_on_disk (fixture, a);
  g_assert_cmpstr (status, ==, "junk");
  g_assert_cmpstr (kontor_entity_get_text (a, "junk_reason"), ==, "Рассылка");
  g_assert_cmpuint (kontor_lead_board_get_count (fixture->board, "junk"), ==, 1);
  g_assert_cmpuint (kontor_lead_board_get_count (fixture->board, "new"), ==, 0);
}

static void
test_converted_stays (Fixture       *fixture,
                      gconstpointer  data)
{
  g_autoptr(KontorEntity) a = add_lead (fixture, "Сайт", "in_progress");
  g_autoptr(GError) error = NULL;
  g_autofree char *status = NULL;
  GListModel *toplevels = gtk_window_get_toplevels ();
  gboolean convert_dialog = FALSE;

  open_board (fixture);

  /* Dropping on Converted opens the conversion dialog instead of setting the status */
  g_assert_false (drop (fixture, a, "converted"));
  status = status_on_disk (fixture, a);
  g_assert_cmpstr (status, ==, "in_progress");
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_str_equal (G_OBJECT_TYPE_NAME (window), "KontorLeadConvertDialog"))
        {
          convert_dialog = TRUE;
          gtk_window_destroy (window);
          break;
        }
    }
  g_assert_true (convert_dialog);
  ui_iterate ();
  g_clear_pointer (&status, g_free);

  /* A converted lead does not move */
  kontor_entity_set_text (a, "status", "converted");
  kontor_repository_save (fixture->ui.repository, a, &error);
  g_assert_no_error (error);
  ui_iterate ();
  g_assert_cmpuint (kontor_lead_board_get_count (fixture->board, "converted"), ==, 1);
  g_assert_false (drop (fixture, a, "new"));
  status = status_on_disk (fixture, a);
  g_assert_cmpstr (status, ==, "converted");
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/lead-board/counts-leads-per-status-and-opens-them", test_counts);
  ADD ("/lead-board/drop-changes-the-status-and-the-counts", test_drop_moves);
  ADD ("/lead-board/ctrl-shift-arrow-moves-the-focused-card", test_keyboard_moves);
  ADD ("/lead-board/keyboard-move-keeps-the-focus-on-the-moved-card",
       test_keyboard_move_keeps_focus);
  ADD ("/lead-board/junk-asks-for-the-reason", test_junk_asks_reason);
  ADD ("/lead-board/converted-opens-the-dialog-and-stays", test_converted_stays);

  return g_test_run ();
}
