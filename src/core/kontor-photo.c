/* kontor-photo.c: photos of contacts
 *
 * A photo is kept as the bytes of the image file, in the contact_photos
 * table (resources/sql/0011-contact-photos.sql). Only images the user
 * interface can show are taken: the core has no image library, so the type
 * is told by the first bytes of the file, whatever name or MIME type came
 * with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-photo"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-photo.h"
#include "kontor-repository-private.h"

static const struct
{
  const char *mime;
  const char *name;
  const char *magic;
  gsize       magic_length;
} formats[] = {
  { "image/jpeg", "JPEG", "\xff\xd8\xff", 3 },
  { "image/png", "PNG", "\x89PNG\r\n\x1a\n", 8 },
  { "image/gif", "GIF", "GIF87a", 6 },
  { "image/gif", "GIF", "GIF89a", 6 },
};

typedef struct
{
  KontorRepository *self;
  gint64            contact_id;
  GBytes           *photo;
  const char       *mime;
} SetData;

static gboolean
set_photo_cb (gpointer   user_data,
              GError   **error)
{
  SetData *data = user_data;
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  stmt = _kontor_repository_prepare (data->self, "SELECT 1 FROM contacts WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, data->contact_id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND,
                   _("There is no contact #%" PRId64), data->contact_id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (data->self), rc, error);
  g_clear_pointer (&stmt, _kontor_stmt_done);

  if (data->photo == NULL)
    {
      stmt = _kontor_repository_prepare (data->self,
                                         "DELETE FROM contact_photos WHERE contact_id = ?",
                                         error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, data->contact_id);
    }
  else
    {
      gsize size = 0;
      const void *bytes = g_bytes_get_data (data->photo, &size);

      stmt = _kontor_repository_prepare (data->self,
                                         "INSERT INTO contact_photos (contact_id, mime, data, "
                                         "updated_at) VALUES (?, ?, ?, ?) "
                                         "ON CONFLICT (contact_id) DO UPDATE SET "
                                         "mime = excluded.mime, data = excluded.data, "
                                         "updated_at = excluded.updated_at", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, data->contact_id);
      sqlite3_bind_text (stmt, 2, data->mime, -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (stmt, 3, bytes, size, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, _kontor_now ());
    }

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (data->self), rc, error);

  if (sqlite3_changes (_kontor_repository_get_db (data->self)) > 0)
    _kontor_repository_queue_change (data->self, "contact", data->contact_id,
                                     KONTOR_CHANGE_UPDATED);
  return TRUE;
}

/**
 * kontor_photo_sniff_mime:
 *
 * Returns: (nullable): the MIME type of the image in @data — JPEG, PNG or
 *   GIF, which every GTK can show — or %NULL for anything else
 */
const char *
kontor_photo_sniff_mime (const guint8 *data,
                         gsize         size)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (size > formats[i].magic_length &&
        memcmp (data, formats[i].magic, formats[i].magic_length) == 0)
      return formats[i].mime;

  return NULL;
}

/**
 * kontor_photo_get_format_name:
 *
 * Returns: "JPEG", "PNG" or "GIF" for a MIME type of a photo, else @mime
 */
const char *
kontor_photo_get_format_name (const char *mime)
{
  for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
    if (g_strcmp0 (mime, formats[i].mime) == 0)
      return formats[i].name;

  return mime;
}

/**
 * kontor_photo_check:
 * @out_mime: (out) (optional): the type of the image
 *
 * Checks that @photo is a picture Kontor keeps: not empty, not bigger than
 * %KONTOR_PHOTO_MAX_SIZE, and a JPEG, PNG or GIF image.
 */
gboolean
kontor_photo_check (GBytes      *photo,
                    const char **out_mime,
                    GError     **error)
{
  gsize size = 0;
  const guint8 *data = g_bytes_get_data (photo, &size);
  const char *mime;

  if (size > KONTOR_PHOTO_MAX_SIZE)
    {
      g_autofree char *limit = g_format_size (KONTOR_PHOTO_MAX_SIZE);
      g_autofree char *actual = g_format_size (size);

      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("The photo is too big (%s): at most %s is kept"), actual, limit);
      return FALSE;
    }

  mime = data != NULL ? kontor_photo_sniff_mime (data, size) : NULL;
  if (mime == NULL)
    {
      g_set_error_literal (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                           _("The photo is not a JPEG, PNG or GIF image"));
      return FALSE;
    }

  if (out_mime != NULL)
    *out_mime = mime;
  return TRUE;
}

/**
 * kontor_repository_get_contact_photo:
 * @out_mime: (out) (optional): the type of the image
 *
 * Returns: (transfer full) (nullable): the photo of the contact, or %NULL
 *   (without an error) when it has none
 */
GBytes *
kontor_repository_get_contact_photo (KontorRepository  *self,
                                     gint64             contact_id,
                                     char             **out_mime,
                                     GError           **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), NULL);

  stmt = _kontor_repository_prepare (self, "SELECT mime, data FROM contact_photos "
                                     "WHERE contact_id = ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, contact_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    return NULL;
  if (rc != SQLITE_ROW)
    {
      _kontor_set_sqlite_error (_kontor_repository_get_db (self), rc, error);
      return NULL;
    }

  if (out_mime != NULL)
    *out_mime = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return g_bytes_new (sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
}

/**
 * kontor_repository_set_contact_photo:
 * @photo: (nullable): the bytes of an image file, or %NULL to remove the photo
 *
 * Stores the photo of a contact (deleted or not), after kontor_photo_check().
 * Emits #KontorRepository::changed for the contact when something changed.
 */
gboolean
kontor_repository_set_contact_photo (KontorRepository  *self,
                                     gint64             contact_id,
                                     GBytes            *photo,
                                     GError           **error)
{
  SetData data = { self, contact_id, photo, NULL };

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (contact_id > 0, FALSE);

  if (photo != NULL && !kontor_photo_check (photo, &data.mime, error))
    return FALSE;

  return kontor_repository_run_in_transaction (self, set_photo_cb, &data, error);
}
