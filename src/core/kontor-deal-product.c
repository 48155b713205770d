/* kontor-deal-product.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-deal-product"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "kontor-deal-product.h"

struct _KontorDealProduct
{
  KontorEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (KontorDealProduct, kontor_deal_product, KONTOR_TYPE_ENTITY)

/* The same money columns as an invoice line, so that one computation
 * (kontor-pricing.c) serves both and a deal's lines copy to an invoice. */
static const KontorField fields[] = {
  { "deal", KONTOR_FIELD_REF, KONTOR_FIELD_REQUIRED, 0, "deal", NULL, N_("Deal") },
  { "position", KONTOR_FIELD_INT, 0, 0, NULL, NULL, N_("Position") },
  { "product", KONTOR_FIELD_REF, 0, 0, "product", NULL, N_("Product") },
  { "name", KONTOR_FIELD_TEXT, KONTOR_FIELD_REQUIRED, 255, NULL, NULL, N_("Name") },
  { "quantity", KONTOR_FIELD_QUANTITY, 0, 0, NULL, NULL, N_("Quantity") },
  { "unit", KONTOR_FIELD_TEXT, 0, 20, NULL, NULL, N_("Unit") },
  { "price", KONTOR_FIELD_MONEY, 0, 0, NULL, NULL, N_("Price") },
  { "discount", KONTOR_FIELD_MONEY, 0, 0, NULL, NULL, N_("Discount") },
  { "discount_percent", KONTOR_FIELD_INT, KONTOR_FIELD_BASIS_POINTS, 0, NULL, NULL,
    N_("Discount, %") },
  { "vat_rate", KONTOR_FIELD_INT, KONTOR_FIELD_BASIS_POINTS, 0, NULL, NULL, N_("VAT rate") },
  { "vat_included", KONTOR_FIELD_BOOL, 0, 0, NULL, NULL, N_("VAT included in price") },
  { "net", KONTOR_FIELD_MONEY, KONTOR_FIELD_COMPUTED, 0, NULL, NULL, N_("Net") },
  { "vat", KONTOR_FIELD_MONEY, KONTOR_FIELD_COMPUTED, 0, NULL, NULL, N_("VAT") },
  { "total", KONTOR_FIELD_MONEY, KONTOR_FIELD_COMPUTED, 0, NULL, NULL, N_("Total") },
};

static void
kontor_deal_product_class_init (KontorDealProductClass *klass)
{
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);

  entity_class->kind = "deal_product";
  entity_class->plural = "deal_products";
  entity_class->table = "deal_products";
  entity_class->search_code = 11;

  kontor_entity_class_install_fields (entity_class, fields, G_N_ELEMENTS (fields));
}

static void
kontor_deal_product_init (KontorDealProduct *self)
{
  kontor_entity_set_int (KONTOR_ENTITY (self), "quantity", 1000);
}

KontorDealProduct *
kontor_deal_product_new (void)
{
  return g_object_new (KONTOR_TYPE_DEAL_PRODUCT, NULL);
}
