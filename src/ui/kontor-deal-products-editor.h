/* kontor-deal-products-editor.h: a deal's products and "create invoice"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "kontor-repository.h"

G_BEGIN_DECLS

#define KONTOR_TYPE_DEAL_PRODUCTS_EDITOR (kontor_deal_products_editor_get_type ())

G_DECLARE_FINAL_TYPE (KontorDealProductsEditor, kontor_deal_products_editor,
                      KONTOR, DEAL_PRODUCTS_EDITOR, AdwBin)

GtkWidget    *kontor_deal_products_editor_new            (KontorRepository         *repository,
                                                          KontorEntity             *deal);
GtkWidget    *kontor_deal_products_editor_get_lines      (KontorDealProductsEditor *self);
KontorEntity *kontor_deal_products_editor_create_invoice (KontorDealProductsEditor *self,
                                                          GError                  **error);

G_END_DECLS
