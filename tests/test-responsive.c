/* test-responsive.c: the window keeps answering while lists and reports read
 *
 * KONTOR_BACKGROUND_ROWS=0 makes every list count as big, so that the
 * list pages read in a worker thread even on a test's small database.
 * A 1 ms timeout stands for the frame clock: it must keep firing while the
 * work is done, and the longest gap between two of its turns is reported.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "kontor-reports-page.h"
#include "kontor-ticker.h"
#include "kontor-ui-test.h"
#include "kontor-window-private.h"

static void
setup (UiFixture     *fixture,
       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  ui_fixture_open_repository (fixture);
  g_assert_true (kontor_demo_fill (fixture->repository, 600, 5, &error));
  g_assert_no_error (error);
}

static void
teardown (UiFixture     *fixture,
          gconstpointer  data)
{
  if (fixture->window != NULL)
    gtk_window_destroy (GTK_WINDOW (fixture->window));
  g_clear_object (&fixture->window);
  /* Workers of superseded reads let go of their models a little later */
  ui_wait (100);
  g_clear_object (&fixture->repository);
  remove_dir (fixture->dir);
  g_free (fixture->dir);
}

static KontorListPage *
contacts_page (UiFixture *fixture)
{
  kontor_window_show_page (fixture->window, "contacts");
  return KONTOR_LIST_PAGE (_kontor_window_get_list_page (fixture->window));
}

/* What a synchronous read shows */
static guint
count_contacts (UiFixture  *fixture,
                const char *search)
{
  g_autoptr(KontorListModel) model = kontor_list_model_new (fixture->repository,
                                                            KONTOR_TYPE_CONTACT);

  kontor_list_model_set_search (model, search);
  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

static void
test_list_reads_in_the_background (UiFixture     *fixture,
                                   gconstpointer  data)
{
  KontorListPage *page;
  KontorListModel *model;
  g_autofree char *expected = NULL;
  guint before, n_found, source;
  KontorTicker ticker;

  /* The window is built with its lists' first reads on their way */
  fixture->window = g_object_ref_sink (kontor_window_new (NULL, fixture->repository));
  page = contacts_page (fixture);
  model = kontor_list_page_get_model (page);
  g_assert_true (kontor_list_model_get_loading (model));
  g_assert_cmpstr (kontor_list_page_get_visible_state (page), ==, "loading");
  g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "Loading…");

  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 700);
  gtk_window_present (GTK_WINDOW (fixture->window));
  source = kontor_ticker_start (&ticker);
  while (kontor_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  before = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (before, ==, count_contacts (fixture, NULL));
  g_assert_cmpuint (before, >, 0);
  g_assert_cmpstr (kontor_list_page_get_visible_state (page), ==, "list");
  ui_wait (50);

  /* Typing a search: the call returns at once, the rows shown stay until
   * the worker's arrive */
  kontor_list_page_set_search_text (page, "p");
  g_assert_true (kontor_list_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, before);
  g_assert_cmpstr (kontor_list_page_get_visible_state (page), ==, "list");

  source = kontor_ticker_start (&ticker);
  while (kontor_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  ui_iterate ();
  g_source_remove (source);

  n_found = count_contacts (fixture, "p");
  g_assert_cmpuint (n_found, >, 0);
  g_assert_cmpuint (n_found, <, before);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_found);
  expected = g_strdup_printf (ngettext ("%u contact", "%u contacts", n_found), n_found);
  g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, expected);
  g_test_message ("search: %u main-loop turns, longest gap %.1f ms", ticker.ticks,
                  ticker.longest / 1000.0);
  /* Generous for a loaded CI machine: a blocked UI thread would show as
   * the whole read, a worker as a few frames at most */
  g_assert_cmpint (ticker.longest, <, 500 * 1000);

  /* Nothing matches: the empty result is the "no results" page */
  kontor_list_page_set_search_text (page, "zzzzqqq");
  while (kontor_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  ui_iterate ();
  g_assert_cmpstr (kontor_list_page_get_visible_state (page), ==, "no-results");
}

static void
test_report_runs_in_the_background (UiFixture     *fixture,
                                    gconstpointer  data)
{
  GtkWidget *page = kontor_reports_page_new (fixture->repository);
  GtkWidget *window = gtk_window_new ();
  guint source, busy_turns = 0;
  KontorTicker ticker;

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 800);
  gtk_window_present (GTK_WINDOW (window));

  source = kontor_ticker_start (&ticker);
  for (guint i = 0; i < 1000 && !kontor_reports_page_is_busy (KONTOR_REPORTS_PAGE (page)); i++)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < 100000 && kontor_reports_page_is_busy (KONTOR_REPORTS_PAGE (page)); i++)
    {
      g_main_context_iteration (NULL, TRUE);
      busy_turns++;
    }
  g_source_remove (source);

  g_assert_false (kontor_reports_page_is_busy (KONTOR_REPORTS_PAGE (page)));
  /* The result came back through the main loop, which went on turning */
  g_assert_cmpuint (busy_turns, >, 0);
  g_test_message ("report: %u main-loop turns while busy, longest gap %.1f ms", busy_turns,
                  ticker.longest / 1000.0);
  g_assert_cmpint (ticker.longest, <, 500 * 1000);

  gtk_window_destroy (GTK_WINDOW (window));
  ui_iterate ();
}

/* GTK 4.8's list views keep up to 200 rows each: a page not shown gives
 * its rows back, and gets them again, at the same place, when shown */
static void
test_hidden_lists_hold_no_rows (UiFixture     *fixture,
                                gconstpointer  data)
{
  KontorListPage *page;
  GtkColumnView *view;
  GtkAdjustment *adjustment;
  double scrolled;

  fixture->window = g_object_ref_sink (kontor_window_new (NULL, fixture->repository));
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 500);
  gtk_window_present (GTK_WINDOW (fixture->window));
  page = contacts_page (fixture);
  view = kontor_list_page_get_column_view (page);
  while (kontor_list_model_get_loading (kontor_list_page_get_model (page)))
    g_main_context_iteration (NULL, TRUE);
  ui_wait (200);
  g_assert_nonnull (gtk_column_view_get_model (view));

  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (view));
  g_assert_cmpfloat (gtk_adjustment_get_upper (adjustment), >,
                     gtk_adjustment_get_page_size (adjustment) * 2);
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_page_size (adjustment));
  ui_wait (100);
  scrolled = gtk_adjustment_get_value (adjustment);
  g_assert_cmpfloat (scrolled, >, 0);

  kontor_window_show_page (fixture->window, "companies");
  ui_wait (200);
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (view)));
  g_assert_null (gtk_column_view_get_model (view));

  kontor_window_show_page (fixture->window, "contacts");
  ui_wait (300);
  g_assert_nonnull (gtk_column_view_get_model (view));
  g_assert_cmpfloat_with_epsilon (gtk_adjustment_get_value (adjustment), scrolled, 1.0);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("KONTOR_BACKGROUND_ROWS", "0", TRUE);
  ui_test_init (&argc, &argv);

  g_test_add ("/responsive/list-reads-in-the-background", UiFixture, NULL, setup,
              test_list_reads_in_the_background, teardown);
  g_test_add ("/responsive/report-runs-in-the-background", UiFixture, NULL, setup,
              test_report_runs_in_the_background, teardown);
  g_test_add ("/responsive/hidden-lists-hold-no-rows", UiFixture, NULL, setup,
              test_hidden_lists_hold_no_rows, teardown);

  return g_test_run ();
}
