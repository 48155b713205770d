/* kontor-leads-private.h: hooks of the lead workflow in the repository
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-repository.h"

G_BEGIN_DECLS

/* Refuses to save a lead that has been converted (comments are not saves) */
gboolean _kontor_lead_check_editable         (KontorRepository  *self,
                                              KontorEntity      *entity,
                                              GError           **error);
/* Writes the normalized name columns of a lead, contact or company */
gboolean _kontor_duplicates_update_normalized (KontorRepository  *self,
                                               KontorEntity      *entity,
                                               GError           **error);
/* After migration 2: default lead sources, normalized names of old rows */
gboolean _kontor_leads_after_migration       (KontorRepository  *self,
                                              GError           **error);

G_END_DECLS
