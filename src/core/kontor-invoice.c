/* kontor-invoice.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-invoice"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-invoice.h"

struct _KontorInvoice
{
  KontorEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (KontorInvoice, kontor_invoice, KONTOR_TYPE_ENTITY)

static const char * const invoice_statuses[] = { "draft", "sent", "paid", "cancelled", NULL };

static const KontorField fields[] = {
  { "number", KONTOR_FIELD_TEXT, 0, 40, NULL, NULL, N_("Number") },
  { "status", KONTOR_FIELD_ENUM, KONTOR_FIELD_REQUIRED, 0, NULL, invoice_statuses, N_("Status") },
  { "deal", KONTOR_FIELD_REF, 0, 0, "deal", NULL, N_("Deal") },
  { "company", KONTOR_FIELD_REF, 0, 0, "company", NULL, N_("Company") },
  { "contact", KONTOR_FIELD_REF, 0, 0, "contact", NULL, N_("Contact") },
  { "currency", KONTOR_FIELD_TEXT, KONTOR_FIELD_CURRENCY, 3, NULL, NULL, N_("Currency") },
  { "issued_on", KONTOR_FIELD_DATE, 0, 0, NULL, NULL, N_("Issued") },
  { "due_on", KONTOR_FIELD_DATE, 0, 0, NULL, NULL, N_("Due") },
  { "paid_on", KONTOR_FIELD_DATE, 0, 0, NULL, NULL, N_("Paid") },
  { "subtotal", KONTOR_FIELD_MONEY, KONTOR_FIELD_COMPUTED, 0, NULL, NULL, N_("Subtotal") },
  { "vat_total", KONTOR_FIELD_MONEY, KONTOR_FIELD_COMPUTED, 0, NULL, NULL, N_("VAT") },
  { "total", KONTOR_FIELD_MONEY, KONTOR_FIELD_COMPUTED, 0, NULL, NULL, N_("Total") },
  { "comment", KONTOR_FIELD_TEXT, KONTOR_FIELD_MULTILINE, 10000, NULL, NULL, N_("Comment") },
};

static gboolean
kontor_invoice_validate (KontorEntity  *entity,
                         GError       **error)
{
  if (!KONTOR_ENTITY_CLASS (kontor_invoice_parent_class)->validate (entity, error))
    return FALSE;

  {
    const char *issued = kontor_entity_get_text (entity, "issued_on");
    const char *due = kontor_entity_get_text (entity, "due_on");

    if (issued != NULL && due != NULL && strcmp (due, issued) < 0)
      {
        kontor_set_field_error (error, "due_on", _("Due date is before the issue date"));
        return FALSE;
      }
  }

  return TRUE;
}

static void
kontor_invoice_class_init (KontorInvoiceClass *klass)
{
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);

  entity_class->kind = "invoice";
  entity_class->plural = "invoices";
  entity_class->table = "invoices";
  entity_class->search_code = 7;
  entity_class->validate = kontor_invoice_validate;

  kontor_entity_class_install_fields (entity_class, fields, G_N_ELEMENTS (fields));
}

static void
kontor_invoice_init (KontorInvoice *self)
{
  kontor_entity_set_text (KONTOR_ENTITY (self), "status", "draft");
}

KontorInvoice *
kontor_invoice_new (void)
{
  return g_object_new (KONTOR_TYPE_INVOICE, NULL);
}
