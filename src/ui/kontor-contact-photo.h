/* kontor-contact-photo.h: the photo of a contact, at the top of its page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-entity.h"
#include "kontor-repository.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_CONTACT_PHOTO (kontor_contact_photo_get_type ())

G_DECLARE_FINAL_TYPE (KontorContactPhoto, kontor_contact_photo, KONTOR, CONTACT_PHOTO, AdwBin)

GtkWidget *kontor_contact_photo_new        (KontorRepository   *repository,
                                            KontorEntity       *contact);
AdwAvatar *kontor_contact_photo_get_avatar (KontorContactPhoto *self);
gboolean   kontor_contact_photo_set_file   (KontorContactPhoto *self,
                                            GFile              *file,
                                            GError            **error);

G_END_DECLS
