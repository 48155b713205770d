/* kontor-deal-product.h: one product line of a deal
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-entity.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_DEAL_PRODUCT (kontor_deal_product_get_type ())

G_DECLARE_FINAL_TYPE (KontorDealProduct, kontor_deal_product, KONTOR, DEAL_PRODUCT, KontorEntity)

KontorDealProduct *kontor_deal_product_new (void);

G_END_DECLS
