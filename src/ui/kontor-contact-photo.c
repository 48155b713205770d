/* kontor-contact-photo.c
 *
 * The photo of a contact in an AdwAvatar (its initials when it has none),
 * with buttons to choose another picture and to remove it. The photo lives
 * in the core (kontor-photo.h), which checks its size and type; the avatar
 * follows the repository's changed signal, so a photo set elsewhere (the
 * command line, an import) shows up here as well. A contact not saved yet
 * gets its photo once it is saved.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-contact-photo"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-contact-photo.h"
#include "kontor-error.h"
#include "kontor-photo.h"

struct _KontorContactPhoto
{
  AdwBin                parent_instance;

  KontorRepository     *repository;
  KontorEntity         *contact;
  gulong                changed_id;
  gulong                notify_id;
  gboolean              has_photo;
  GtkFileChooserNative *chooser;

  AdwAvatar            *avatar;
  GtkWidget            *choose_button;
  GtkWidget            *remove_button;
};

G_DEFINE_FINAL_TYPE (KontorContactPhoto, kontor_contact_photo, ADW_TYPE_BIN)

static void
show_error (KontorContactPhoto *self,
            const char         *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Could Not Set the Photo"), message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_actions (KontorContactPhoto *self)
{
  gboolean saved = kontor_entity_get_id (self->contact) > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photo.choose", saved);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "photo.remove", saved && self->has_photo);
  gtk_widget_set_visible (self->remove_button, self->has_photo);
  gtk_widget_set_tooltip_text (self->choose_button,
                               saved ? NULL : _("Save the contact to give it a photo"));
}

static void
update_name (KontorContactPhoto *self)
{
  g_autofree char *name = kontor_entity_dup_display_name (self->contact);

  adw_avatar_set_text (self->avatar, name);
}

static void
load_photo (KontorContactPhoto *self)
{
  gint64 id = kontor_entity_get_id (self->contact);
  g_autoptr(GBytes) photo = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autoptr(GError) error = NULL;

  if (id > 0)
    photo = kontor_repository_get_contact_photo (self->repository, id, NULL, &error);
  if (error != NULL)
    g_warning ("Could not read the photo of contact %" G_GINT64_FORMAT ": %s", id,
               error->message);

  /* A picture that does not decode shows the initials */
  if (photo != NULL)
    texture = gdk_texture_new_from_bytes (photo, NULL);

  self->has_photo = photo != NULL;
  adw_avatar_set_custom_image (self->avatar, GDK_PAINTABLE (texture));
  update_actions (self);
}

static void
on_repository_changed (KontorRepository   *repository,
                       const char         *kind,
                       gint64              id,
                       KontorChange        change,
                       KontorContactPhoto *self)
{
  if (g_strcmp0 (kind, "contact") == 0 &&
      (id == 0 || id == kontor_entity_get_id (self->contact)))
    load_photo (self);
}

static void
on_contact_notify (KontorEntity       *contact,
                   GParamSpec         *pspec,
                   KontorContactPhoto *self)
{
  update_name (self);
  update_actions (self);
}

static void
on_chooser_response (GtkNativeDialog    *chooser,
                     int                 response,
                     KontorContactPhoto *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file != NULL && !kontor_contact_photo_set_file (self, file, &error))
    show_error (self, error->message);
}

static void
choose_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KontorContactPhoto *self = KONTOR_CONTACT_PHOTO (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;

  gtk_file_filter_set_name (filter, _("Images"));
  gtk_file_filter_add_mime_type (filter, "image/jpeg");
  gtk_file_filter_add_mime_type (filter, "image/png");
  gtk_file_filter_add_mime_type (filter, "image/gif");

  self->chooser = gtk_file_chooser_native_new (_("Choose Photo"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Choose"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
remove_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KontorContactPhoto *self = KONTOR_CONTACT_PHOTO (widget);
  g_autoptr(GError) error = NULL;

  if (!kontor_repository_set_contact_photo (self->repository,
                                            kontor_entity_get_id (self->contact), NULL, &error))
    show_error (self, error->message);
}

static void
kontor_contact_photo_dispose (GObject *object)
{
  KontorContactPhoto *self = KONTOR_CONTACT_PHOTO (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_signal_handler (&self->changed_id, self->repository);
  g_clear_signal_handler (&self->notify_id, self->contact);

  gtk_widget_dispose_template (GTK_WIDGET (self), KONTOR_TYPE_CONTACT_PHOTO);

  g_clear_object (&self->contact);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_contact_photo_parent_class)->dispose (object);
}

static void
kontor_contact_photo_class_init (KontorContactPhotoClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kontor_contact_photo_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kontor-contact-photo.ui");
  gtk_widget_class_bind_template_child (widget_class, KontorContactPhoto, avatar);
  gtk_widget_class_bind_template_child (widget_class, KontorContactPhoto, choose_button);
  gtk_widget_class_bind_template_child (widget_class, KontorContactPhoto, remove_button);

  gtk_widget_class_install_action (widget_class, "photo.choose", NULL, choose_action);
  gtk_widget_class_install_action (widget_class, "photo.remove", NULL, remove_action);
}

static void
kontor_contact_photo_init (KontorContactPhoto *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * kontor_contact_photo_new:
 * @contact: a contact, saved or new
 *
 * Returns: (transfer floating): a new #KontorContactPhoto
 */
GtkWidget *
kontor_contact_photo_new (KontorRepository *repository,
                          KontorEntity     *contact)
{
  KontorContactPhoto *self;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (KONTOR_IS_ENTITY (contact), NULL);

  self = g_object_new (KONTOR_TYPE_CONTACT_PHOTO, NULL);
  self->repository = g_object_ref (repository);
  self->contact = g_object_ref (contact);
  self->changed_id = g_signal_connect (repository, "changed",
                                       G_CALLBACK (on_repository_changed), self);
  self->notify_id = g_signal_connect (contact, "notify", G_CALLBACK (on_contact_notify), self);

  update_name (self);
  load_photo (self);

  return GTK_WIDGET (self);
}

/**
 * kontor_contact_photo_get_avatar:
 *
 * Returns: (transfer none): the avatar that shows the photo
 */
AdwAvatar *
kontor_contact_photo_get_avatar (KontorContactPhoto *self)
{
  g_return_val_if_fail (KONTOR_IS_CONTACT_PHOTO (self), NULL);

  return self->avatar;
}

/**
 * kontor_contact_photo_set_file:
 * @file: an image file, as chosen by the user
 *
 * Reads @file and makes it the photo of the contact.
 */
gboolean
kontor_contact_photo_set_file (KontorContactPhoto  *self,
                               GFile               *file,
                               GError             **error)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GFileInfo) info = NULL;

  g_return_val_if_fail (KONTOR_IS_CONTACT_PHOTO (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  /* Not a whole big file read only to be refused */
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, error);
  if (info == NULL)
    return FALSE;
  if (g_file_info_get_size (info) > KONTOR_PHOTO_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size (KONTOR_PHOTO_MAX_SIZE);
      g_autofree char *actual = g_format_size (g_file_info_get_size (info));

      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("The photo is too big (%s): at most %s is kept"), actual, limit);
      return FALSE;
    }

  bytes = g_file_load_bytes (file, NULL, NULL, error);
  if (bytes == NULL)
    return FALSE;

  return kontor_repository_set_contact_photo (self->repository,
                                              kontor_entity_get_id (self->contact), bytes,
                                              error);
}
