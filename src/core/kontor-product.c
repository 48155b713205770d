/* kontor-product.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-product"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-product.h"

struct _KontorProduct
{
  KontorEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (KontorProduct, kontor_product, KONTOR_TYPE_ENTITY)

static const KontorField fields[] = {
  { "name", KONTOR_FIELD_TEXT, KONTOR_FIELD_REQUIRED, 255, NULL, NULL, N_("Name") },
  { "sku", KONTOR_FIELD_TEXT, 0, 64, NULL, NULL, N_("SKU") },
  { "description", KONTOR_FIELD_TEXT, KONTOR_FIELD_MULTILINE, 10000, NULL, NULL, N_("Description") },
  { "unit", KONTOR_FIELD_TEXT, 0, 20, NULL, NULL, N_("Unit") },
  { "price", KONTOR_FIELD_MONEY, 0, 0, NULL, NULL, N_("Price") },
  { "currency", KONTOR_FIELD_TEXT, KONTOR_FIELD_CURRENCY, 3, NULL, NULL, N_("Currency") },
  { "vat_rate", KONTOR_FIELD_INT, KONTOR_FIELD_BASIS_POINTS, 0, NULL, NULL, N_("VAT rate") },
  { "vat_included", KONTOR_FIELD_BOOL, 0, 0, NULL, NULL, N_("VAT included in price") },
  { "active", KONTOR_FIELD_BOOL, 0, 0, NULL, NULL, N_("Active") },
  { "section", KONTOR_FIELD_TEXT, 0, 100, NULL, NULL, N_("Section") },
};

static void
kontor_product_class_init (KontorProductClass *klass)
{
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);

  entity_class->kind = "product";
  entity_class->plural = "products";
  entity_class->table = "products";
  entity_class->search_code = 6;

  kontor_entity_class_install_fields (entity_class, fields, G_N_ELEMENTS (fields));
}

static void
kontor_product_init (KontorProduct *self)
{
  kontor_entity_set_bool (KONTOR_ENTITY (self), "active", TRUE);
}

KontorProduct *
kontor_product_new (void)
{
  return g_object_new (KONTOR_TYPE_PRODUCT, NULL);
}
