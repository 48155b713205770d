/* kontor-product.h
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "kontor-entity.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_PRODUCT (kontor_product_get_type ())

G_DECLARE_FINAL_TYPE (KontorProduct, kontor_product, KONTOR, PRODUCT, KontorEntity)

KontorProduct *kontor_product_new (void);

G_END_DECLS
