/* test-screenshots.c: render every page, light and dark, to PNG files
 *
 * The pictures land in <build>/tests/screenshots/ for people to look at;
 * the test checks that each one was drawn at the window's size and is not
 * blank. The window is 1280×800 with its resize frame; the picture is what
 * lies inside the frame.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kontor-ui-test.h"

#define WIDTH 1280
#define HEIGHT 800

/* How many different colours a sample of the pixels has */
static guint
count_colours (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = g_malloc ((gsize) width * height * 4);
  g_autoptr(GHashTable) colours = g_hash_table_new (NULL, NULL);

  gdk_texture_download (texture, data, (gsize) width * 4);
  for (int y = 0; y < height; y += 7)
    for (int x = 0; x < width; x += 7)
      {
        guint32 pixel;

        memcpy (&pixel, data + ((gsize) y * width + x) * 4, 4);
        g_hash_table_add (colours, GUINT_TO_POINTER (pixel));
      }

  return g_hash_table_size (colours);
}

static void
save_screenshot (GtkWidget  *window,
                 const char *name)
{
  g_autoptr(GdkTexture) texture = ui_save_screenshot (window, name);
  int width = gtk_widget_get_width (window);
  int height = gtk_widget_get_height (window);

  g_assert_cmpint (gdk_texture_get_width (texture), ==, width);
  g_assert_cmpint (gdk_texture_get_height (texture), ==, height);
  g_assert_cmpuint (count_colours (texture), >, 10);
}

static void
test_welcome (UiFixture     *fixture,
              gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();

  ui_fixture_open_window (fixture, WIDTH, HEIGHT);
  g_assert_true (kontor_window_get_welcome_shown (fixture->window));

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  save_screenshot (GTK_WIDGET (fixture->window), "welcome-light");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  save_screenshot (GTK_WIDGET (fixture->window), "welcome-dark");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_pages (UiFixture     *fixture,
            gconstpointer  data)
{
  const char * const pages[] = {
    "leads", "deals", "contacts", "companies", "activities", "products", "invoices", "reports",
  };
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GError) error = NULL;

  kontor_demo_fill (fixture->repository, 300, 20261129, &error);
  g_assert_no_error (error);

  ui_fixture_open_window (fixture, WIDTH, HEIGHT);
  g_assert_false (kontor_window_get_welcome_shown (fixture->window));

  for (guint scheme = 0; scheme < 2; scheme++)
    {
      adw_style_manager_set_color_scheme (style, scheme == 0 ? ADW_COLOR_SCHEME_FORCE_LIGHT
                                                             : ADW_COLOR_SCHEME_FORCE_DARK);

      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        {
          g_autofree char *name = NULL;

          if (kontor_window_get_page (fixture->window, pages[i]) == NULL)
            continue;

          gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s",
                                      pages[i]);
          name = g_strdup_printf ("%s-%s", pages[i], scheme == 0 ? "light" : "dark");
          save_screenshot (GTK_WIDGET (fixture->window), name);
        }

      /* A record page with its back button */
      {
        KontorListPage *contacts = KONTOR_LIST_PAGE (kontor_window_get_page (fixture->window,
                                                                             "contacts"));
        g_autoptr(KontorEntity) first = NULL;
        g_autofree char *name = g_strdup_printf ("record-contact-%s",
                                                 scheme == 0 ? "light" : "dark");

        gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s",
                                    "contacts");
        first = g_list_model_get_item (G_LIST_MODEL (kontor_list_page_get_model (contacts)), 0);
        kontor_window_open_record (fixture->window, first);
        if (kontor_window_get_record_page (fixture->window) != NULL)
          {
            save_screenshot (GTK_WIDGET (fixture->window), name);
            kontor_window_go_back (fixture->window);
          }
      }

      /* The lists too, where another view comes first (the deal board, the agenda) */
      for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
        {
          GtkWidget *page = kontor_window_get_page (fixture->window, pages[i]);
          g_autofree char *name = NULL;

          if (!KONTOR_IS_LIST_PAGE (page) ||
              !kontor_list_page_get_alternate_shown (KONTOR_LIST_PAGE (page)))
            continue;

          name = g_strdup_printf ("%s-list-%s", pages[i], scheme == 0 ? "light" : "dark");
          gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s",
                                      pages[i]);
          kontor_list_page_set_alternate_shown (KONTOR_LIST_PAGE (page), FALSE);
          save_screenshot (GTK_WIDGET (fixture->window), name);
          kontor_list_page_set_alternate_shown (KONTOR_LIST_PAGE (page), TRUE);
        }
    }

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

static void
test_narrow (UiFixture     *fixture,
             gconstpointer  data)
{
  AdwStyleManager *style = adw_style_manager_get_default ();
  g_autoptr(GError) error = NULL;

  kontor_demo_fill (fixture->repository, 100, 7, &error);
  g_assert_no_error (error);

  ui_fixture_open_window (fixture, 360, 640);
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_LIGHT);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", "contacts");
  save_screenshot (GTK_WIDGET (fixture->window), "narrow-contacts-light");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 360);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", "deals");
  kontor_list_page_set_alternate_shown (KONTOR_LIST_PAGE (kontor_window_get_page (fixture->window,
                                                                                  "deals")),
                                        FALSE);
  save_screenshot (GTK_WIDGET (fixture->window), "narrow-deals-light");
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (fixture->window)), <=, 360);
  kontor_window_go_back (fixture->window);
  save_screenshot (GTK_WIDGET (fixture->window), "narrow-sidebar-light");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  g_test_add ("/screenshots/welcome-page", UiFixture, NULL,
              ui_fixture_setup, test_welcome, ui_fixture_teardown);
  g_test_add ("/screenshots/every-page-light-and-dark", UiFixture, NULL,
              ui_fixture_setup, test_pages, ui_fixture_teardown);
  g_test_add ("/screenshots/narrow-window", UiFixture, NULL,
              ui_fixture_setup, test_narrow, ui_fixture_teardown);

  return g_test_run ();
}
