/* test-contact-photo.c: the photo of a contact on its record page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kontor-contact-photo.h"
#include "kontor-record-page.h"
#include "kontor-ui-test.h"

static GBytes *
load_data (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", name, NULL);
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length = 0;

  g_file_get_contents (path, &contents, &length, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (contents, length);
}

static KontorContactPhoto *
find_photo (GtkWidget *widget)
{
  if (KONTOR_IS_CONTACT_PHOTO (widget))
    return KONTOR_CONTACT_PHOTO (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      KontorContactPhoto *found = find_photo (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_button (GtkWidget  *widget,
             const char *action_name)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action_name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button (child, action_name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
show_page (KontorRepository *repository,
           KontorEntity     *entity)
{
  GtkWidget *window = gtk_window_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), 600, 420);
  gtk_window_set_child (GTK_WINDOW (window), kontor_record_page_new (repository, entity));
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < 200 && !gtk_widget_get_mapped (window); i++)
    ui_wait (10);
  ui_wait (50);

  return window;
}

/* The header of the page, as a PNG next to the test's other output */
static void
save_header (GtkWidget  *widget,
             const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("contact-photo-%s.png", name);
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), file, NULL);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GtkSnapshot *snapshot = gtk_snapshot_new ();

  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Wrote %s", path);
}

static void
test_shows_photo (UiFixture     *fixture,
                  gconstpointer  data)
{
  g_autoptr(KontorEntity) contact = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                            "first_name", "Anna", "last_name", "Smirnova",
                                            NULL);
  g_autoptr(GBytes) png = load_data ("photo.png");
  g_autoptr(GError) error = NULL;
  KontorContactPhoto *photo;
  AdwAvatar *avatar;
  GtkWidget *window;
  GdkPaintable *image;

  g_assert_true (kontor_repository_set_contact_photo (fixture->repository,
                                                      kontor_entity_get_id (contact), png,
                                                      &error));
  window = show_page (fixture->repository, contact);
  photo = find_photo (window);
  g_assert_nonnull (photo);
  avatar = kontor_contact_photo_get_avatar (photo);

  image = adw_avatar_get_custom_image (avatar);
  g_assert_true (GDK_IS_TEXTURE (image));
  g_assert_cmpint (gdk_texture_get_width (GDK_TEXTURE (image)), ==, 32);
  g_assert_cmpstr (adw_avatar_get_text (avatar), ==, "Anna Smirnova");
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (photo)));
  save_header (GTK_WIDGET (photo), "set");

  /* Removed elsewhere: the initials come back */
  g_assert_true (kontor_repository_set_contact_photo (fixture->repository,
                                                      kontor_entity_get_id (contact), NULL,
                                                      &error));
  ui_iterate ();
  g_assert_null (adw_avatar_get_custom_image (avatar));
  g_assert_true (adw_avatar_get_show_initials (avatar));
  save_header (GTK_WIDGET (photo), "initials");

  gtk_window_destroy (GTK_WINDOW (window));
  ui_iterate ();
}

static void
test_choose_file (UiFixture     *fixture,
                  gconstpointer  data)
{
  g_autoptr(KontorEntity) contact = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                            "first_name", "Ivan", NULL);
  g_autofree char *jpeg_path = g_test_build_filename (G_TEST_DIST, "data", "photo.jpg", NULL);
  g_autofree char *text_path = g_test_build_filename (G_TEST_DIST, "data", "photo-30.vcf",
                                                      NULL);
  g_autoptr(GFile) jpeg = g_file_new_for_path (jpeg_path);
  g_autoptr(GFile) text = g_file_new_for_path (text_path);
  g_autoptr(GError) error = NULL;
  GtkWidget *window = show_page (fixture->repository, contact);
  KontorContactPhoto *photo = find_photo (window);
  AdwAvatar *avatar = kontor_contact_photo_get_avatar (photo);

  g_assert_null (adw_avatar_get_custom_image (avatar));
  g_assert_true (gtk_widget_is_sensitive (find_button (GTK_WIDGET (photo), "photo.choose")));
  g_assert_false (gtk_widget_get_visible (find_button (GTK_WIDGET (photo), "photo.remove")));
  g_assert_true (kontor_contact_photo_set_file (photo, jpeg, &error));
  g_assert_no_error (error);
  ui_iterate ();
  g_assert_true (GDK_IS_TEXTURE (adw_avatar_get_custom_image (avatar)));
  g_assert_true (gtk_widget_get_visible (find_button (GTK_WIDGET (photo), "photo.remove")));

  /* A file that is no picture changes nothing */
  g_assert_false (kontor_contact_photo_set_file (photo, text, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_true (GDK_IS_TEXTURE (adw_avatar_get_custom_image (avatar)));

  /* Remove Photo */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (photo), "photo.remove", NULL));
  ui_iterate ();
  g_assert_null (adw_avatar_get_custom_image (avatar));

  gtk_window_destroy (GTK_WINDOW (window));
  ui_iterate ();
}

static void
test_new_contact (UiFixture     *fixture,
                  gconstpointer  data)
{
  g_autoptr(KontorEntity) contact = g_object_new (KONTOR_TYPE_CONTACT, NULL);
  g_autoptr(KontorEntity) deal = ui_add (fixture->repository, KONTOR_TYPE_DEAL,
                                         "title", "Supply", NULL);
  GtkWidget *window = show_page (fixture->repository, contact);
  GtkWidget *deal_window = show_page (fixture->repository, deal);
  KontorContactPhoto *photo = find_photo (window);

  /* Saved first, then given a photo */
  g_assert_nonnull (photo);
  g_assert_false (gtk_widget_is_sensitive (find_button (GTK_WIDGET (photo), "photo.choose")));
  g_assert_false (gtk_widget_get_visible (find_button (GTK_WIDGET (photo), "photo.remove")));
  g_assert_null (find_photo (deal_window));

  gtk_window_destroy (GTK_WINDOW (window));
  gtk_window_destroy (GTK_WINDOW (deal_window));
  ui_iterate ();
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/contact-photo/" name, UiFixture, NULL, ui_fixture_setup, func, \
              ui_fixture_teardown)

  ADD ("shows-the-photo-or-the-initials", test_shows_photo);
  ADD ("takes-a-chosen-file-and-removes-it", test_choose_file);
  ADD ("waits-for-a-new-contact-to-be-saved", test_new_contact);

  return g_test_run ();
}
