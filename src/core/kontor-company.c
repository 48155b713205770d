/* kontor-company.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-company"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-company.h"

struct _KontorCompany
{
  KontorEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (KontorCompany, kontor_company, KONTOR_TYPE_ENTITY)

static const KontorField fields[] = {
  { "name", KONTOR_FIELD_TEXT, KONTOR_FIELD_REQUIRED, 255, NULL, NULL, N_("Name") },
  { "industry", KONTOR_FIELD_TEXT, 0, 100, NULL, NULL, N_("Industry") },
  { "tax_id", KONTOR_FIELD_TEXT, 0, 20, NULL, NULL, N_("Tax ID") },
  { "kpp", KONTOR_FIELD_TEXT, 0, 20, NULL, NULL, N_("KPP") },
  { "bank_name", KONTOR_FIELD_TEXT, 0, 255, NULL, NULL, N_("Bank") },
  { "bank_account", KONTOR_FIELD_TEXT, 0, 34, NULL, NULL, N_("Bank account") },
  { "bank_bic", KONTOR_FIELD_TEXT, 0, 11, NULL, NULL, N_("BIC or SWIFT") },
  { "address", KONTOR_FIELD_TEXT, KONTOR_FIELD_MULTILINE, 1000, NULL, NULL, N_("Address") },
  { "website", KONTOR_FIELD_TEXT, 0, 255, NULL, NULL, N_("Website") },
  { "phone", KONTOR_FIELD_LIST, KONTOR_FIELD_PHONE, 40, NULL, NULL, N_("Phone") },
  { "email", KONTOR_FIELD_LIST, KONTOR_FIELD_EMAIL, 254, NULL, NULL, N_("E-mail") },
  { "messenger", KONTOR_FIELD_LIST, 0, 100, NULL, NULL, N_("Messenger") },
  { "responsible", KONTOR_FIELD_TEXT, 0, 100, NULL, NULL, N_("Responsible") },
  { "lead", KONTOR_FIELD_REF, 0, 0, "lead", NULL, N_("From lead") },
  { "comment", KONTOR_FIELD_TEXT, KONTOR_FIELD_MULTILINE, 10000, NULL, NULL, N_("Comment") },
};

static void
kontor_company_class_init (KontorCompanyClass *klass)
{
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);

  entity_class->kind = "company";
  entity_class->plural = "companies";
  entity_class->table = "companies";
  entity_class->search_code = 3;

  kontor_entity_class_install_fields (entity_class, fields, G_N_ELEMENTS (fields));
}

static void
kontor_company_init (KontorCompany *self)
{
}

KontorCompany *
kontor_company_new (void)
{
  return g_object_new (KONTOR_TYPE_COMPANY, NULL);
}
