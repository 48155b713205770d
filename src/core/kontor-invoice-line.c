/* kontor-invoice-line.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-invoice-line"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-invoice-line.h"

struct _KontorInvoiceLine
{
  KontorEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (KontorInvoiceLine, kontor_invoice_line, KONTOR_TYPE_ENTITY)

static const KontorField fields[] = {
  { "invoice", KONTOR_FIELD_REF, KONTOR_FIELD_REQUIRED, 0, "invoice", NULL, N_("Invoice") },
  { "position", KONTOR_FIELD_INT, 0, 0, NULL, NULL, N_("Position") },
  { "product", KONTOR_FIELD_REF, 0, 0, "product", NULL, N_("Product") },
  { "name", KONTOR_FIELD_TEXT, KONTOR_FIELD_REQUIRED, 255, NULL, NULL, N_("Name") },
  { "quantity", KONTOR_FIELD_QUANTITY, 0, 0, NULL, NULL, N_("Quantity") },
  { "unit", KONTOR_FIELD_TEXT, 0, 20, NULL, NULL, N_("Unit") },
  { "price", KONTOR_FIELD_MONEY, 0, 0, NULL, NULL, N_("Price") },
  { "discount", KONTOR_FIELD_MONEY, 0, 0, NULL, NULL, N_("Discount") },
  { "discount_percent", KONTOR_FIELD_INT, KONTOR_FIELD_BASIS_POINTS, 0, NULL, NULL, N_("Discount, %") },
  { "vat_rate", KONTOR_FIELD_INT, KONTOR_FIELD_BASIS_POINTS, 0, NULL, NULL, N_("VAT rate") },
  { "vat_included", KONTOR_FIELD_BOOL, 0, 0, NULL, NULL, N_("VAT included in price") },
  { "net", KONTOR_FIELD_MONEY, KONTOR_FIELD_COMPUTED, 0, NULL, NULL, N_("Net") },
  { "vat", KONTOR_FIELD_MONEY, KONTOR_FIELD_COMPUTED, 0, NULL, NULL, N_("VAT") },
  { "total", KONTOR_FIELD_MONEY, KONTOR_FIELD_COMPUTED, 0, NULL, NULL, N_("Total") },
};

static void
kontor_invoice_line_class_init (KontorInvoiceLineClass *klass)
{
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);

  entity_class->kind = "invoice_line";
  entity_class->plural = "invoice_lines";
  entity_class->table = "invoice_lines";
  entity_class->search_code = 10;

  kontor_entity_class_install_fields (entity_class, fields, G_N_ELEMENTS (fields));
}

static void
kontor_invoice_line_init (KontorInvoiceLine *self)
{
  kontor_entity_set_int (KONTOR_ENTITY (self), "quantity", 1000);
}

KontorInvoiceLine *
kontor_invoice_line_new (void)
{
  return g_object_new (KONTOR_TYPE_INVOICE_LINE, NULL);
}
