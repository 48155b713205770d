/* kontor-photo.h: photos of contacts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "kontor-repository.h"

G_BEGIN_DECLS

/* The largest photo stored, in bytes: a contact's picture, not an album */
#define KONTOR_PHOTO_MAX_SIZE (1024 * 1024)

const char *kontor_photo_sniff_mime              (const guint8      *data,
                                                  gsize              size);
const char *kontor_photo_get_format_name         (const char        *mime);
gboolean    kontor_photo_check                   (GBytes            *photo,
                                                  const char       **out_mime,
                                                  GError           **error);

GBytes     *kontor_repository_get_contact_photo  (KontorRepository  *self,
                                                  gint64             contact_id,
                                                  char             **out_mime,
                                                  GError           **error);
gboolean    kontor_repository_set_contact_photo  (KontorRepository  *self,
                                                  gint64             contact_id,
                                                  GBytes            *photo,
                                                  GError           **error);

G_END_DECLS
