/* test-funnel-chart.c: the funnel widget and the reports page, drawn to PNG
 *
 * The pictures land in <build>/tests/screenshots/ (funnel-chart-light.png,
 * funnel-chart-dark.png, reports-page.png) for people to look at.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kontor-ui-test.h"

#include "kontor-funnel-chart.h"
#include "kontor-funnel.h"
#include "kontor-reports-page.h"

static char *
picture_path (const char *name)
{
  g_autofree char *dir = g_build_filename (g_test_get_dir (G_TEST_BUILT), "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);

  g_mkdir_with_parents (dir, 0755);
  return g_build_filename (dir, file, NULL);
}

static GdkTexture *
render_widget (GtkWidget  *widget,
               const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autofree char *path = picture_path (name);
  GtkSnapshot *snapshot;
  GdkTexture *texture;
  GskRenderer *renderer;
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);

  /* The paintable shows the widget's last frame: none while a new one is
   * queued and not drawn yet, so wait for it */
  for (guint i = 0; i < 100 && node == NULL; i++)
    {
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (snapshot);
      if (node == NULL)
        ui_wait (20);
    }
  g_assert_nonnull (node);

  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Wrote %s", path);
  return texture;
}

static guint
count_colours (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) width * height * 4);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);

  gdk_texture_download (texture, data, (gsize) width * 4);
  for (int y = 0; y < height; y += 5)
    for (int x = 0; x < width; x += 5)
      {
        guint32 pixel;

        memcpy (&pixel, data + ((gsize) y * width + x) * 4, 4);
        g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
      }

  return g_hash_table_size (colours);
}

static GtkWidget *
show_in_window (GtkWidget *child,
                int        width,
                int        height)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_window_set_child (GTK_WINDOW (window), child);
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < 200 && !gtk_widget_get_mapped (window); i++)
    ui_wait (10);
  g_assert_true (gtk_widget_get_mapped (window));
  ui_wait (100);
  return window;
}

static void
test_chart (UiFixture     *fixture,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KontorReportFilter filter = { 0, };
  KontorFunnel *funnel;
  GtkWidget *chart = kontor_funnel_chart_new ();
  GtkWidget *window;
  g_autoptr(GdkTexture) light = NULL;
  g_autoptr(GdkTexture) dark = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();

  g_assert_true (kontor_demo_fill (fixture->repository, 150, 7, &error));
  g_assert_no_error (error);
  funnel = kontor_funnel_compute (fixture->repository, &filter, NULL, &error);
  g_assert_no_error (error);

  kontor_funnel_chart_set_funnel (KONTOR_FUNNEL_CHART (chart), funnel);
  g_assert_true (kontor_funnel_chart_get_funnel (KONTOR_FUNNEL_CHART (chart)) == funnel);
  window = show_in_window (chart, 900, 760);

  /* The window, so that the picture has the style's background */
  light = render_widget (window, "funnel-chart-light");
  g_assert_cmpint (gdk_texture_get_width (light), ==, gtk_widget_get_width (window));
  g_assert_cmpuint (count_colours (light), >, 20);

  /* The table holds the same figures: one row per band after the heading */
  {
    GtkWidget *table = gtk_widget_get_last_child (chart);
    GtkWidget *cell = gtk_grid_get_child_at (GTK_GRID (table), 0, 1);
    GtkWidget *count = gtk_grid_get_child_at (GTK_GRID (table), 1, 1);
    g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                 kontor_funnel_get_band (funnel, 0)->count);

    g_assert_true (GTK_IS_GRID (table));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (cell)), ==,
                     kontor_funnel_get_band (funnel, 0)->name);
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (count)), ==, expected);
  }

  kontor_funnel_chart_set_by_amount (KONTOR_FUNNEL_CHART (chart), TRUE);
  g_assert_true (kontor_funnel_chart_get_by_amount (KONTOR_FUNNEL_CHART (chart)));
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  ui_wait (100);
  dark = render_widget (window, "funnel-chart-dark");
  g_assert_cmpuint (count_colours (dark), >, 20);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);

  gtk_window_destroy (GTK_WINDOW (window));
  ui_iterate ();
}

static void
test_page (UiFixture     *fixture,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *page;
  GtkWidget *window;
  g_autoptr(GdkTexture) texture = NULL;

  g_assert_true (kontor_demo_fill (fixture->repository, 200, 3, &error));
  g_assert_no_error (error);

  page = kontor_reports_page_new (fixture->repository);
  window = show_in_window (page, 1100, 1500);

  /* The figures come from a worker thread */
  for (guint i = 0; i < 500 && kontor_reports_page_is_busy (KONTOR_REPORTS_PAGE (page)); i++)
    ui_wait (10);
  g_assert_false (kontor_reports_page_is_busy (KONTOR_REPORTS_PAGE (page)));
  ui_wait (200);

  texture = render_widget (page, "reports-page");
  g_assert_cmpuint (count_colours (texture), >, 20);

  gtk_window_destroy (GTK_WINDOW (window));
  ui_iterate ();
}

static GtkWidget *
find_type (GtkWidget *widget,
           GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_type (child, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* A change of filter is read after 300 ms without another one */
static void
wait_for_figures (GtkWidget *page)
{
  ui_wait (400);
  for (guint i = 0; i < 500 && kontor_reports_page_is_busy (KONTOR_REPORTS_PAGE (page)); i++)
    ui_wait (10);
  g_assert_false (kontor_reports_page_is_busy (KONTOR_REPORTS_PAGE (page)));
}

/* Picks a day in a calendar as a click would */
static void
pick_day (GtkWidget *calendar,
          GDateTime *day)
{
  gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
  g_signal_emit_by_name (calendar, "day-selected");
}

static gint64
deals_created_between (KontorRepository *repository,
                       GDateTime        *first_day,
                       GDateTime        *last_day)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) end = g_date_time_add_days (last_day, 1);
  KontorReportFilter filter = { 0, };
  g_autoptr(KontorFunnel) funnel = NULL;

  filter.period = KONTOR_REPORT_PERIOD_CREATED;
  filter.from = g_date_time_to_unix (first_day);
  filter.to = g_date_time_to_unix (end);
  funnel = kontor_funnel_compute (repository, &filter, NULL, &error);
  g_assert_no_error (error);
  return funnel->total_deals;
}

/* "Custom range" shows From and To; the figures are those of the deals
 * created from the first day to the end of the last, either way round */
static void
test_custom_range (UiFixture     *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now),
                                                      g_date_time_get_day_of_month (now),
                                                      0, 0, 0);
  g_autoptr(GDateTime) first = g_date_time_add_days (today, -200);
  g_autoptr(GDateTime) last = g_date_time_add_days (today, -20);
  g_autofree char *first_text = NULL;
  GtkWidget *page, *window, *period, *from, *to, *from_button;
  KontorFunnelChart *chart;
  gint64 all, expected;

  g_assert_true (kontor_demo_fill (fixture->repository, 300, 5, &error));
  g_assert_no_error (error);

  page = kontor_reports_page_new (fixture->repository);
  window = show_in_window (page, 1100, 900);
  wait_for_figures (page);
  chart = KONTOR_FUNNEL_CHART (find_type (page, KONTOR_TYPE_FUNNEL_CHART));
  all = kontor_funnel_chart_get_funnel (chart)->total_deals;

  period = ui_find_with_class (page, "report-period");
  from = ui_find_with_class (page, "report-from");
  to = ui_find_with_class (page, "report-to");
  g_assert_nonnull (period);
  g_assert_nonnull (from);
  g_assert_nonnull (to);
  from_button = gtk_widget_get_ancestor (from, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (from_button);
  g_assert_false (gtk_widget_is_visible (from_button));

  gtk_drop_down_set_selected (GTK_DROP_DOWN (period), 5);
  g_assert_true (gtk_widget_is_visible (from_button));

  pick_day (from, first);
  pick_day (to, last);
  wait_for_figures (page);

  expected = deals_created_between (fixture->repository, first, last);
  g_assert_cmpint (expected, >, 0);
  g_assert_cmpint (expected, <, all);
  g_assert_cmpint (kontor_funnel_chart_get_funnel (chart)->total_deals, ==, expected);

  first_text = g_date_time_format (first, "%-d %b %Y");
  g_assert_cmpstr (gtk_menu_button_get_label (GTK_MENU_BUTTON (from_button)), ==,
                   g_strstrip (first_text));
  ui_save_screenshot (window, "reports-custom-range");

  /* The days the wrong way round give the same period */
  pick_day (from, last);
  pick_day (to, first);
  wait_for_figures (page);
  g_assert_cmpint (kontor_funnel_chart_get_funnel (chart)->total_deals, ==, expected);

  /* Back to all time: the days are hidden, every deal counts again */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (period), 0);
  g_assert_false (gtk_widget_is_visible (from_button));
  wait_for_figures (page);
  g_assert_cmpint (kontor_funnel_chart_get_funnel (chart)->total_deals, ==, all);

  gtk_window_destroy (GTK_WINDOW (window));
  ui_iterate ();
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/funnel-chart/draws-light-and-dark-with-a-table", UiFixture, NULL,
              ui_fixture_setup, test_chart, ui_fixture_teardown);
  g_test_add ("/funnel-chart/reports-page-computes-off-the-ui-thread", UiFixture, NULL,
              ui_fixture_setup, test_page, ui_fixture_teardown);
  g_test_add ("/funnel-chart/custom-range-of-days", UiFixture, NULL,
              ui_fixture_setup, test_custom_range, ui_fixture_teardown);

  return g_test_run ();
}
