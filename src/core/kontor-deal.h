/* kontor-deal.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-entity.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_DEAL (kontor_deal_get_type ())

G_DECLARE_FINAL_TYPE (KontorDeal, kontor_deal, KONTOR, DEAL, KontorEntity)

KontorDeal *kontor_deal_new (void);

G_END_DECLS
