/* kontor-lead.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-lead"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-lead.h"

struct _KontorLead
{
  KontorEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (KontorLead, kontor_lead, KONTOR_TYPE_ENTITY)

static const char * const lead_sources[] = { "call", "email", "web_form", "social", "visit", "partner", "other", NULL };

static const char * const lead_statuses[] = { "new", "in_progress", "processed", "converted", "junk", NULL };

static const KontorField fields[] = {
  { "title", KONTOR_FIELD_TEXT, 0, 255, NULL, NULL, N_("Title") },
  { "first_name", KONTOR_FIELD_TEXT, 0, 100, NULL, NULL, N_("First name") },
  { "middle_name", KONTOR_FIELD_TEXT, 0, 100, NULL, NULL, N_("Middle name") },
  { "last_name", KONTOR_FIELD_TEXT, 0, 100, NULL, NULL, N_("Last name") },
  { "company_name", KONTOR_FIELD_TEXT, 0, 255, NULL, NULL, N_("Company name") },
  { "position", KONTOR_FIELD_TEXT, 0, 255, NULL, NULL, N_("Position") },
  { "phone", KONTOR_FIELD_LIST, KONTOR_FIELD_PHONE, 40, NULL, NULL, N_("Phone") },
  { "email", KONTOR_FIELD_LIST, KONTOR_FIELD_EMAIL, 254, NULL, NULL, N_("E-mail") },
  { "messenger", KONTOR_FIELD_LIST, 0, 100, NULL, NULL, N_("Messenger") },
  { "source", KONTOR_FIELD_ENUM, 0, 0, NULL, lead_sources, N_("Source") },
  { "status", KONTOR_FIELD_ENUM, KONTOR_FIELD_REQUIRED, 0, NULL, lead_statuses, N_("Status") },
  { "junk_reason", KONTOR_FIELD_TEXT, 0, 255, NULL, NULL, N_("Junk reason") },
  { "amount", KONTOR_FIELD_MONEY, 0, 0, NULL, NULL, N_("Expected amount") },
  { "currency", KONTOR_FIELD_TEXT, KONTOR_FIELD_CURRENCY, 3, NULL, NULL, N_("Currency") },
  { "responsible", KONTOR_FIELD_TEXT, 0, 100, NULL, NULL, N_("Responsible") },
  { "comment", KONTOR_FIELD_TEXT, KONTOR_FIELD_MULTILINE, 10000, NULL, NULL, N_("Comment") },
  { "contact", KONTOR_FIELD_REF, 0, 0, "contact", NULL, N_("Contact") },
  { "company", KONTOR_FIELD_REF, 0, 0, "company", NULL, N_("Company") },
  { "deal", KONTOR_FIELD_REF, 0, 0, "deal", NULL, N_("Deal") },
};

static gboolean
kontor_lead_validate (KontorEntity  *entity,
                      GError       **error)
{
  if (!KONTOR_ENTITY_CLASS (kontor_lead_parent_class)->validate (entity, error))
    return FALSE;

  if (kontor_entity_get_text (entity, "title") == NULL &&
      kontor_entity_get_text (entity, "first_name") == NULL &&
      kontor_entity_get_text (entity, "last_name") == NULL &&
      kontor_entity_get_text (entity, "company_name") == NULL)
    {
      kontor_set_field_error (error, "title",
                              _("A lead needs a title, a person’s name or a company name"));
      return FALSE;
    }
  if (g_strcmp0 (kontor_entity_get_text (entity, "status"), "junk") != 0 &&
      kontor_entity_get_text (entity, "junk_reason") != NULL)
    kontor_entity_set_text (entity, "junk_reason", NULL);

  return TRUE;
}

static char *
kontor_lead_dup_display_name (KontorEntity *entity)
{
  const char *title = kontor_entity_get_text (entity, "title");
  const char *company = kontor_entity_get_text (entity, "company_name");
  const char *first = kontor_entity_get_text (entity, "first_name");
  const char *last = kontor_entity_get_text (entity, "last_name");
  g_autofree char *id_text = NULL;

  if (title != NULL)
    return g_strdup (title);
  if (first != NULL || last != NULL)
    return g_strjoin (" ", first ? first : last, first ? last : NULL, NULL);
  if (company != NULL)
    return g_strdup (company);

  id_text = g_strdup_printf ("%" PRId64, kontor_entity_get_id (entity));
  return g_strdup_printf (_("Lead #%s"), id_text);
}

static void
kontor_lead_class_init (KontorLeadClass *klass)
{
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);

  entity_class->kind = "lead";
  entity_class->plural = "leads";
  entity_class->table = "leads";
  entity_class->search_code = 1;
  entity_class->validate = kontor_lead_validate;
  entity_class->dup_display_name = kontor_lead_dup_display_name;

  kontor_entity_class_install_fields (entity_class, fields, G_N_ELEMENTS (fields));
}

static void
kontor_lead_init (KontorLead *self)
{
  kontor_entity_set_text (KONTOR_ENTITY (self), "status", "new");
}

KontorLead *
kontor_lead_new (void)
{
  return g_object_new (KONTOR_TYPE_LEAD, NULL);
}
