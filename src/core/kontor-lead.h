/* kontor-lead.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-entity.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_LEAD (kontor_lead_get_type ())

G_DECLARE_FINAL_TYPE (KontorLead, kontor_lead, KONTOR, LEAD, KontorEntity)

KontorLead *kontor_lead_new (void);

G_END_DECLS
