/* kontor-ui-test.h: what the UI tests share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
#include <glib/gstdio.h>
#include <stdarg.h>

#include "kontor-core.h"
#include "kontor-list-page.h"
#include "kontor-window.h"

typedef struct
{
  char             *dir;
  KontorRepository *repository;
  KontorWindow     *window;
} UiFixture;

static inline void
ui_test_init (int    *argc,
              char ***argv)
{
  /* A test that checks accessibility sets GTK_A11Y=test before this */
  g_setenv ("GTK_A11Y", "none", FALSE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_setenv ("GDK_DEBUG", "", TRUE);
  g_test_init (argc, argv, NULL);
  gtk_init ();
  adw_init ();
  /* Stack transitions finish at once: what a test sees does not depend on timing */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* Kontor's own style and icon, which KontorApplication would load */
  gtk_icon_theme_add_resource_path (gtk_icon_theme_get_for_display (gdk_display_get_default ()),
                                    "/io/github/kontor/Kontor/icons");
  {
    GtkCssProvider *provider = gtk_css_provider_new ();

    gtk_css_provider_load_from_resource (provider, "/io/github/kontor/Kontor/style.css");
    gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                                GTK_STYLE_PROVIDER (provider),
                                                GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
  }
}

static inline void
ui_iterate (void)
{
  for (guint i = 0; i < 5; i++)
    while (g_main_context_pending (NULL))
      g_main_context_iteration (NULL, FALSE);
}

static inline gboolean
ui_timeout_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms milliseconds */
static inline void
ui_wait (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, ui_timeout_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  ui_iterate ();
}

static inline void
ui_fixture_open_repository (UiFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  fixture->dir = g_dir_make_tmp ("kontor-ui-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "kontor.db", NULL);
  fixture->repository = kontor_repository_open (path, &error);
  g_assert_no_error (error);
  kontor_repository_set_default_currency (fixture->repository, "RUB");
}

static inline void
ui_fixture_open_window (UiFixture *fixture,
                        int        width,
                        int        height)
{
  fixture->window = kontor_window_new (NULL, fixture->repository);
  g_object_ref_sink (fixture->window);
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), width, height);
  gtk_window_present (GTK_WINDOW (fixture->window));

  for (guint i = 0; i < 200 && !gtk_widget_get_mapped (GTK_WIDGET (fixture->window)); i++)
    ui_wait (10);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (fixture->window)));
  ui_wait (50);
}

static inline void
ui_fixture_setup (UiFixture     *fixture,
                  gconstpointer  data)
{
  ui_fixture_open_repository (fixture);
}

static inline void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      /* The drafts record pages keep next to the database */
      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_dir (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static inline void
ui_fixture_teardown (UiFixture     *fixture,
                     gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      ui_iterate ();
      g_clear_object (&fixture->window);
    }
  g_clear_object (&fixture->repository);
  ui_iterate ();
  remove_dir (fixture->dir);
  g_free (fixture->dir);
}

/* Saves a new record: ui_add (repo, KONTOR_TYPE_CONTACT, "first_name", "Anna", NULL) */
static inline KontorEntity *
ui_add (KontorRepository *repository,
        GType             type,
        ...)
{
  g_autoptr(KontorEntity) entity = g_object_new (type, NULL);
  g_autoptr(GError) error = NULL;
  const char *field;
  va_list args;

  va_start (args, type);
  while ((field = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      kontor_entity_set_from_string (entity, field, value, &error);
      g_assert_no_error (error);
    }
  va_end (args);

  kontor_repository_save (repository, entity, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&entity);
}

static inline void
collect_text (GtkWidget *widget,
              GString   *text)
{
  if (!gtk_widget_get_child_visible (widget))
    return;

  if (GTK_IS_LABEL (widget) && gtk_widget_get_visible (widget))
    {
      g_string_append (text, gtk_label_get_text (GTK_LABEL (widget)));
      g_string_append_c (text, '\n');
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_text (child, text);
}

/* Everything the labels under @widget show, one label a line */
static inline char *
ui_dup_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  ui_iterate ();
  collect_text (widget, text);
  return g_string_free (text, FALSE);
}

static inline KontorListPage *
ui_show_list (UiFixture  *fixture,
              const char *name)
{
  GtkWidget *page;

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", name);
  ui_wait (20);
  g_assert_cmpstr (kontor_window_get_page_name (fixture->window), ==, name);
  page = kontor_window_get_page (fixture->window, name);
  g_assert_true (KONTOR_IS_LIST_PAGE (page));

  return KONTOR_LIST_PAGE (page);
}

/* The first widget at or under @widget with @css_class */
static inline GtkWidget *
ui_find_with_class (GtkWidget  *widget,
                    const char *css_class)
{
  if (gtk_widget_has_css_class (widget, css_class))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = ui_find_with_class (child, css_class);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* Renders @window, once it has settled, to screenshots/@name.png in the
 * build folder, to look at; returns the picture */
static inline GdkTexture *
ui_save_screenshot (GtkWidget  *window,
                    const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (window);
  g_autoptr(GskRenderNode) node = NULL;
  g_autofree char *dir = g_build_filename (g_test_get_dir (G_TEST_BUILT), "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  GdkTexture *texture;
  GtkSnapshot *snapshot;
  int width, height;

  ui_wait (300);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);

  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_mkdir_with_parents (dir, 0755);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Wrote %s", path);
  return texture;
}
