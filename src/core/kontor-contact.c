/* kontor-contact.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-contact"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-contact.h"

struct _KontorContact
{
  KontorEntity parent_instance;
};

G_DEFINE_FINAL_TYPE (KontorContact, kontor_contact, KONTOR_TYPE_ENTITY)

static const KontorField fields[] = {
  { "first_name", KONTOR_FIELD_TEXT, 0, 100, NULL, NULL, N_("First name") },
  { "middle_name", KONTOR_FIELD_TEXT, 0, 100, NULL, NULL, N_("Middle name") },
  { "last_name", KONTOR_FIELD_TEXT, 0, 100, NULL, NULL, N_("Last name") },
  { "position", KONTOR_FIELD_TEXT, 0, 255, NULL, NULL, N_("Position") },
  { "company", KONTOR_FIELD_REF, 0, 0, "company", NULL, N_("Company") },
  { "phone", KONTOR_FIELD_LIST, KONTOR_FIELD_PHONE, 40, NULL, NULL, N_("Phone") },
  { "email", KONTOR_FIELD_LIST, KONTOR_FIELD_EMAIL, 254, NULL, NULL, N_("E-mail") },
  { "messenger", KONTOR_FIELD_LIST, 0, 100, NULL, NULL, N_("Messenger") },
  { "birthday", KONTOR_FIELD_DATE, 0, 0, NULL, NULL, N_("Birthday") },
  { "address", KONTOR_FIELD_TEXT, KONTOR_FIELD_MULTILINE, 1000, NULL, NULL, N_("Address") },
  { "responsible", KONTOR_FIELD_TEXT, 0, 100, NULL, NULL, N_("Responsible") },
  { "lead", KONTOR_FIELD_REF, 0, 0, "lead", NULL, N_("From lead") },
  { "comment", KONTOR_FIELD_TEXT, KONTOR_FIELD_MULTILINE, 10000, NULL, NULL, N_("Comment") },
};

static gboolean
is_blank (const char *text)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isspace (g_utf8_get_char (p)))
      return FALSE;

  return TRUE;
}

static gboolean
kontor_contact_validate (KontorEntity  *entity,
                         GError       **error)
{
  if (!KONTOR_ENTITY_CLASS (kontor_contact_parent_class)->validate (entity, error))
    return FALSE;

  if (is_blank (kontor_entity_get_text (entity, "first_name")) &&
      is_blank (kontor_entity_get_text (entity, "last_name")))
    {
      kontor_set_field_error (error, "first_name", _("A contact needs a first or last name"));
      return FALSE;
    }

  return TRUE;
}

static char *
kontor_contact_dup_display_name (KontorEntity *entity)
{
  const char *parts[] = {
    kontor_entity_get_text (entity, "first_name"),
    kontor_entity_get_text (entity, "middle_name"),
    kontor_entity_get_text (entity, "last_name"),
  };
  g_autoptr(GString) name = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
    {
      if (parts[i] == NULL)
        continue;
      if (name->len > 0)
        g_string_append_c (name, ' ');
      g_string_append (name, parts[i]);
    }

  if (name->len == 0)
    {
      g_autofree char *id_text = g_strdup_printf ("%" PRId64, kontor_entity_get_id (entity));
      g_string_printf (name, _("Contact #%s"), id_text);
    }

  return g_string_free (g_steal_pointer (&name), FALSE);
}

static void
kontor_contact_class_init (KontorContactClass *klass)
{
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);

  entity_class->kind = "contact";
  entity_class->plural = "contacts";
  entity_class->table = "contacts";
  entity_class->search_code = 2;
  entity_class->validate = kontor_contact_validate;
  entity_class->dup_display_name = kontor_contact_dup_display_name;

  kontor_entity_class_install_fields (entity_class, fields, G_N_ELEMENTS (fields));
}

static void
kontor_contact_init (KontorContact *self)
{
}

KontorContact *
kontor_contact_new (void)
{
  return g_object_new (KONTOR_TYPE_CONTACT, NULL);
}
