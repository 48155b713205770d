/* kontor-deal.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-deal"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-deal.h"

struct _KontorDeal
{
  KontorEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (KontorDeal, kontor_deal, KONTOR_TYPE_ENTITY)

static const char * const deal_statuses[] = { "open", "won", "lost", NULL };

static const KontorField fields[] = {
  { "title", KONTOR_FIELD_TEXT, KONTOR_FIELD_REQUIRED, 255, NULL, NULL, N_("Title") },
  { "pipeline", KONTOR_FIELD_REF, 0, 0, "pipeline", NULL, N_("Pipeline") },
  { "stage", KONTOR_FIELD_REF, 0, 0, "stage", NULL, N_("Stage") },
  { "status", KONTOR_FIELD_ENUM, KONTOR_FIELD_COMPUTED, 0, NULL, deal_statuses, N_("Status") },
  { "amount", KONTOR_FIELD_MONEY, 0, 0, NULL, NULL, N_("Amount") },
  { "currency", KONTOR_FIELD_TEXT, KONTOR_FIELD_CURRENCY, 3, NULL, NULL, N_("Currency") },
  { "amount_follows_products", KONTOR_FIELD_BOOL, 0, 0, NULL, NULL, N_("Amount follows products") },
  { "contact", KONTOR_FIELD_REF, 0, 0, "contact", NULL, N_("Contact") },
  { "company", KONTOR_FIELD_REF, 0, 0, "company", NULL, N_("Company") },
  { "expected_close", KONTOR_FIELD_DATE, 0, 0, NULL, NULL, N_("Expected close") },
  { "probability", KONTOR_FIELD_INT, KONTOR_FIELD_PERCENT, 0, NULL, NULL, N_("Probability") },
  { "responsible", KONTOR_FIELD_TEXT, 0, 100, NULL, NULL, N_("Responsible") },
  { "lead", KONTOR_FIELD_REF, 0, 0, "lead", NULL, N_("From lead") },
  { "closed_at", KONTOR_FIELD_TIMESTAMP, KONTOR_FIELD_COMPUTED, 0, NULL, NULL, N_("Closed") },
  { "loss_reason", KONTOR_FIELD_TEXT, 0, 255, NULL, NULL, N_("Loss reason") },
  { "comment", KONTOR_FIELD_TEXT, KONTOR_FIELD_MULTILINE, 10000, NULL, NULL, N_("Comment") },
  { "board_rank", KONTOR_FIELD_INT, KONTOR_FIELD_COMPUTED, 0, NULL, NULL, N_("Board order") },
};

static void
kontor_deal_class_init (KontorDealClass *klass)
{
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);

  entity_class->kind = "deal";
  entity_class->plural = "deals";
  entity_class->table = "deals";
  entity_class->search_code = 4;

  kontor_entity_class_install_fields (entity_class, fields, G_N_ELEMENTS (fields));
}

static void
kontor_deal_init (KontorDeal *self)
{
  kontor_entity_set_text (KONTOR_ENTITY (self), "status", "open");
}

KontorDeal *
kontor_deal_new (void)
{
  return g_object_new (KONTOR_TYPE_DEAL, NULL);
}
