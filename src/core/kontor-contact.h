/* kontor-contact.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-entity.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_CONTACT (kontor_contact_get_type ())

G_DECLARE_FINAL_TYPE (KontorContact, kontor_contact, KONTOR, CONTACT, KontorEntity)

KontorContact *kontor_contact_new (void);

G_END_DECLS
