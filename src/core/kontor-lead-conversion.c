/* kontor-lead-conversion.c
 *
 * A conversion creates or links a contact, a company and a deal, links them
 * to the lead and marks the lead converted, all in one transaction: a
 * record that fails validation leaves the database and the lead as they
 * were. A converted lead is read-only (comments are timeline entries, not
 * saves); the conversion can be undone right after it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-lead-conversion"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-company.h"
#include "kontor-contact.h"
#include "kontor-deal.h"
#include "kontor-error.h"
#include "kontor-lead.h"
#include "kontor-lead-conversion.h"
#include "kontor-leads-private.h"
#include "kontor-repository-private.h"

static const char * const ref_fields[] = { "contact", "company", "deal" };

static void
copy_text (KontorEntity *from,
           const char   *from_field,
           KontorEntity *to,
           const char   *to_field)
{
  kontor_entity_set_text (to, to_field, kontor_entity_get_text (from, from_field));
}

static void
copy_lists (KontorEntity *from,
            KontorEntity *to)
{
  static const char * const lists[] = { "phone", "email", "messenger" };

  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    kontor_entity_set_list (to, lists[i], kontor_entity_get_list (from, lists[i]));
}

static gboolean
has_person (KontorEntity *lead)
{
  return kontor_entity_get_text (lead, "first_name") != NULL ||
         kontor_entity_get_text (lead, "last_name") != NULL;
}

/**
 * kontor_lead_conversion_new:
 *
 * Returns: (transfer full): a contact made from the lead's person fields
 *   (created when the lead names a person), a company from its company name
 *   (created when it has one) and a deal in the default pipeline with the
 *   lead's amount (always created); every record can still be edited.
 */
KontorLeadConversion *
kontor_lead_conversion_new (KontorRepository *repository,
                            KontorEntity     *lead)
{
  KontorLeadConversion *self;
  KontorEntity *contact, *company, *deal;
  g_autofree char *title = NULL;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (KONTOR_IS_LEAD (lead), NULL);

  self = g_new0 (KontorLeadConversion, 1);

  contact = KONTOR_ENTITY (kontor_contact_new ());
  copy_text (lead, "first_name", contact, "first_name");
  copy_text (lead, "middle_name", contact, "middle_name");
  copy_text (lead, "last_name", contact, "last_name");
  copy_text (lead, "position", contact, "position");
  copy_text (lead, "responsible", contact, "responsible");
  copy_text (lead, "comment", contact, "comment");
  if (has_person (lead))
    copy_lists (lead, contact);
  self->contact = contact;
  self->contact_action = has_person (lead) ? KONTOR_CONVERT_CREATE : KONTOR_CONVERT_SKIP;

  company = KONTOR_ENTITY (kontor_company_new ());
  copy_text (lead, "company_name", company, "name");
  copy_text (lead, "responsible", company, "responsible");
  if (!has_person (lead))
    copy_lists (lead, company);
  self->company = company;
  self->company_action = kontor_entity_get_text (lead, "company_name") != NULL
                         ? KONTOR_CONVERT_CREATE : KONTOR_CONVERT_SKIP;

  deal = KONTOR_ENTITY (kontor_deal_new ());
  title = kontor_entity_dup_display_name (lead);
  kontor_entity_set_text (deal, "title", title);
  kontor_entity_set_int (deal, "pipeline", kontor_repository_get_default_pipeline (repository));
  kontor_entity_set_int (deal, "amount", kontor_entity_get_int (lead, "amount"));
  copy_text (lead, "currency", deal, "currency");
  copy_text (lead, "responsible", deal, "responsible");
  self->deal = deal;
  self->deal_action = KONTOR_CONVERT_CREATE;

  return self;
}

void
kontor_lead_conversion_free (KontorLeadConversion *self)
{
  if (self == NULL)
    return;

  g_clear_object (&self->contact);
  g_clear_object (&self->company);
  g_clear_object (&self->deal);
  g_free (self->previous_status);
  g_free (self);
}

gboolean
kontor_lead_is_read_only (KontorEntity *lead)
{
  g_return_val_if_fail (KONTOR_IS_LEAD (lead), FALSE);

  return kontor_entity_get_id (lead) != 0 &&
         g_strcmp0 (kontor_entity_get_text (lead, "status"), "converted") == 0;
}

gboolean
_kontor_lead_check_editable (KontorRepository  *self,
                             KontorEntity      *entity,
                             GError           **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  gboolean converted;

  if (!KONTOR_IS_LEAD (entity) || kontor_entity_get_id (entity) == 0)
    return TRUE;

  stmt = _kontor_repository_prepare (self, "SELECT status FROM leads WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, kontor_entity_get_id (entity));
  converted = sqlite3_step (stmt) == SQLITE_ROW &&
              g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "converted") == 0;

  if (converted)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT,
                   _("This lead has been converted and can no longer be changed; "
                     "comments can still be added"));
      return FALSE;
    }

  return TRUE;
}

typedef struct
{
  KontorRepository     *self;
  KontorEntity         *lead;
  KontorLeadConversion *options;
  KontorEntity         *records[3];  /* contact, company, deal; owned */
} ConvertData;

static gboolean
take_record (ConvertData          *data,
             guint                 index,
             GType                 type,
             KontorConvertAction   action,
             KontorEntity         *prefilled,
             gint64                link_id,
             GError              **error)
{
  switch (action)
    {
    case KONTOR_CONVERT_SKIP:
      return TRUE;

    case KONTOR_CONVERT_CREATE:
      if (prefilled == NULL || kontor_entity_get_id (prefilled) != 0 ||
          G_OBJECT_TYPE (prefilled) != type)
        {
          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                       _("The conversion needs a new record to create"));
          return FALSE;
        }
      data->records[index] = g_object_ref (prefilled);
      return TRUE;

    case KONTOR_CONVERT_LINK:
    default:
      data->records[index] = kontor_repository_find (data->self, type, link_id, error);
      if (data->records[index] == NULL)
        return FALSE;
      if (kontor_entity_is_deleted (data->records[index]))
        {
          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND,
                       _("The %s to link is in the bin"), ref_fields[index]);
          return FALSE;
        }
      return TRUE;
    }
}

static gboolean
save_created (ConvertData  *data,
              guint         index,
              GError      **error)
{
  KontorEntity *record = data->records[index];
  KontorEntity *contact = data->records[0];
  KontorEntity *company = data->records[1];
  KontorConvertAction actions[] = {
    data->options->contact_action, data->options->company_action, data->options->deal_action,
  };

  if (record == NULL || actions[index] != KONTOR_CONVERT_CREATE)
    return TRUE;

  kontor_entity_set_int (record, "lead", kontor_entity_get_id (data->lead));
  if (index != 1 && company != NULL && kontor_entity_get_int (record, "company") == 0)
    kontor_entity_set_int (record, "company", kontor_entity_get_id (company));
  if (index == 2 && contact != NULL && kontor_entity_get_int (record, "contact") == 0)
    kontor_entity_set_int (record, "contact", kontor_entity_get_id (contact));

  return kontor_repository_save (data->self, record, error);
}

static gboolean
convert_cb (gpointer   user_data,
            GError   **error)
{
  ConvertData *data = user_data;
  KontorLeadConversion *options = data->options;
  KontorConvertAction actions[] = {
    options->contact_action, options->company_action, options->deal_action,
  };
  g_autofree char *lead_name = kontor_entity_dup_display_name (data->lead);
  g_autoptr(GString) summary = g_string_new (NULL);
  gint64 lead_id = kontor_entity_get_id (data->lead);

  if (!take_record (data, 0, KONTOR_TYPE_CONTACT, options->contact_action, options->contact,
                    options->contact_id, error) ||
      !take_record (data, 1, KONTOR_TYPE_COMPANY, options->company_action, options->company,
                    options->company_id, error) ||
      !take_record (data, 2, KONTOR_TYPE_DEAL, options->deal_action, options->deal,
                    options->deal_id, error))
    return FALSE;

  /* The company first: the contact and the deal link to it */
  if (!save_created (data, 1, error) ||
      !save_created (data, 0, error) ||
      !save_created (data, 2, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (ref_fields); i++)
    kontor_entity_set_int (data->lead, ref_fields[i],
                           data->records[i] ? kontor_entity_get_id (data->records[i]) : 0);
  kontor_entity_set_text (data->lead, "status", "converted");
  kontor_entity_set_text (data->lead, "junk_reason", NULL);

  if (!kontor_repository_save (data->self, data->lead, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (ref_fields); i++)
    {
      g_autofree char *name = NULL;
      g_autofree char *text = NULL;
      KontorEntity *record = data->records[i];

      if (record == NULL)
        continue;

      name = kontor_entity_dup_display_name (record);
      if (summary->len > 0)
        g_string_append (summary, ", ");
      g_string_append (summary, name);

      if (actions[i] == KONTOR_CONVERT_CREATE)
        /* Translators: timeline of a record made from a lead */
        text = g_strdup_printf (_("Created from lead “%s”"), lead_name);
      else
        /* Translators: timeline of an existing record a lead was linked to */
        text = g_strdup_printf (_("Linked to lead “%s”"), lead_name);

      if (!_kontor_repository_add_timeline (data->self, ref_fields[i],
                                            kontor_entity_get_id (record), "lead_converted",
                                            text, error))
        return FALSE;
      _kontor_repository_queue_change (data->self, "timeline", kontor_entity_get_id (record),
                                       KONTOR_CHANGE_CREATED);
    }

  {
    /* Translators: timeline of a converted lead; %s lists what it became */
    g_autofree char *text = g_strdup_printf (_("Converted into %s"),
                                             summary->len ? summary->str : "—");

    if (!_kontor_repository_add_timeline (data->self, "lead", lead_id, "converted", text, error))
      return FALSE;
    _kontor_repository_queue_change (data->self, "timeline", lead_id, KONTOR_CHANGE_CREATED);
  }

  return TRUE;
}

/**
 * kontor_lead_convert:
 * @options: what to create or link, from kontor_lead_conversion_new()
 * @out_contact: (out) (optional) (nullable): the contact the lead became
 * @out_company: (out) (optional) (nullable): its company
 * @out_deal: (out) (optional) (nullable): its deal
 *
 * Returns: %TRUE when everything was saved; on %FALSE nothing was
 */
gboolean
kontor_lead_convert (KontorRepository      *self,
                     KontorEntity          *lead,
                     KontorLeadConversion  *options,
                     KontorEntity         **out_contact,
                     KontorEntity         **out_company,
                     KontorEntity         **out_deal,
                     GError               **error)
{
  ConvertData data = { self, lead, options, { NULL, } };
  g_autofree char *old_status = NULL;
  g_autofree char *old_junk = NULL;
  gint64 old_refs[3];
  gboolean ok;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (KONTOR_IS_LEAD (lead), FALSE);
  g_return_val_if_fail (options != NULL, FALSE);

  if (kontor_entity_get_id (lead) == 0 || kontor_entity_is_deleted (lead))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("Only a saved lead that is not in the bin can be converted"));
      return FALSE;
    }
  if (g_strcmp0 (kontor_entity_get_text (lead, "status"), "converted") == 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT,
                   _("This lead has been converted already"));
      return FALSE;
    }
  if (options->contact_action == KONTOR_CONVERT_SKIP &&
      options->company_action == KONTOR_CONVERT_SKIP &&
      options->deal_action == KONTOR_CONVERT_SKIP)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("Choose a contact, a company or a deal to convert the lead into"));
      return FALSE;
    }

  old_status = g_strdup (kontor_entity_get_text (lead, "status"));
  old_junk = g_strdup (kontor_entity_get_text (lead, "junk_reason"));
  for (guint i = 0; i < G_N_ELEMENTS (ref_fields); i++)
    old_refs[i] = kontor_entity_get_int (lead, ref_fields[i]);

  ok = kontor_repository_run_in_transaction (self, convert_cb, &data, error);

  if (!ok)
    {
      /* The lead shows what it was; records stay as the user edited them */
      kontor_entity_set_text (lead, "status", old_status);
      kontor_entity_set_text (lead, "junk_reason", old_junk);
      for (guint i = 0; i < G_N_ELEMENTS (ref_fields); i++)
        kontor_entity_set_int (lead, ref_fields[i], old_refs[i]);
      if (options->contact != NULL && kontor_entity_get_id (options->contact) == 0)
        kontor_entity_set_int (options->contact, "lead", 0);
      if (options->company != NULL && kontor_entity_get_id (options->company) == 0)
        kontor_entity_set_int (options->company, "lead", 0);
      if (options->deal != NULL && kontor_entity_get_id (options->deal) == 0)
        kontor_entity_set_int (options->deal, "lead", 0);
    }
  else
    {
      options->converted = TRUE;
      g_free (options->previous_status);
      options->previous_status = g_steal_pointer (&old_status);
      memcpy (options->previous_refs, old_refs, sizeof old_refs);

      if (out_contact)
        *out_contact = data.records[0] ? g_object_ref (data.records[0]) : NULL;
      if (out_company)
        *out_company = data.records[1] ? g_object_ref (data.records[1]) : NULL;
      if (out_deal)
        *out_deal = data.records[2] ? g_object_ref (data.records[2]) : NULL;
    }

  for (guint i = 0; i < G_N_ELEMENTS (data.records); i++)
    g_clear_object (&data.records[i]);

  return ok;
}

typedef struct
{
  KontorRepository     *self;
  KontorEntity         *lead;
  KontorLeadConversion *conversion;
} UndoData;

static gboolean
undo_cb (gpointer   user_data,
         GError   **error)
{
  UndoData *data = user_data;
  KontorLeadConversion *conversion = data->conversion;
  KontorEntity *created[] = {
    conversion->deal_action == KONTOR_CONVERT_CREATE ? conversion->deal : NULL,
    conversion->contact_action == KONTOR_CONVERT_CREATE ? conversion->contact : NULL,
    conversion->company_action == KONTOR_CONVERT_CREATE ? conversion->company : NULL,
  };
  g_autoptr(KontorStmt) stmt = NULL;
  gint64 id = kontor_entity_get_id (data->lead);
  int rc;

  for (guint i = 0; i < G_N_ELEMENTS (created); i++)
    if (created[i] != NULL && kontor_entity_get_id (created[i]) != 0 &&
        !kontor_repository_delete (data->self, created[i], error))
      return FALSE;

  /* Past the read-only rule on purpose: this restores what it was */
  stmt = _kontor_repository_prepare (data->self,
                                     "UPDATE leads SET status = ?, contact_id = ?, "
                                     "company_id = ?, deal_id = ?, updated_at = ? "
                                     "WHERE id = ? AND status = 'converted'", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, conversion->previous_status, -1, SQLITE_TRANSIENT);
  for (int i = 0; i < 3; i++)
    {
      if (conversion->previous_refs[i])
        sqlite3_bind_int64 (stmt, 2 + i, conversion->previous_refs[i]);
      else
        sqlite3_bind_null (stmt, 2 + i);
    }
  sqlite3_bind_int64 (stmt, 5, _kontor_now ());
  sqlite3_bind_int64 (stmt, 6, id);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (data->self), rc, error);
  if (sqlite3_changes (_kontor_repository_get_db (data->self)) == 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT,
                   _("The lead is not converted any more"));
      return FALSE;
    }
  g_clear_pointer (&stmt, _kontor_stmt_done);

  if (!_kontor_repository_add_timeline (data->self, "lead", id, "conversion_undone", NULL, error))
    return FALSE;

  _kontor_repository_queue_change (data->self, "lead", id, KONTOR_CHANGE_UPDATED);
  return TRUE;
}

/**
 * kontor_lead_conversion_undo:
 * @conversion: the options kontor_lead_convert() succeeded with
 *
 * Moves the records the conversion created to the bin and gives the lead
 * back its status and links, in one transaction.
 */
gboolean
kontor_lead_conversion_undo (KontorRepository      *self,
                             KontorEntity          *lead,
                             KontorLeadConversion  *conversion,
                             GError               **error)
{
  UndoData data = { self, lead, conversion };

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (KONTOR_IS_LEAD (lead), FALSE);
  g_return_val_if_fail (conversion != NULL, FALSE);

  if (!conversion->converted)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("There is no conversion to undo"));
      return FALSE;
    }

  if (!kontor_repository_run_in_transaction (self, undo_cb, &data, error))
    return FALSE;

  conversion->converted = FALSE;
  return kontor_repository_reload (self, lead, error);
}

/**
 * kontor_lead_sources_list:
 * @out_codes: (out): the source codes a lead's "source" field holds, in order
 * @out_names: (out): their names, as the user edited them
 *
 * The lead sources of the lead_sources table, which Kontor fills in the
 * user's language when it creates the database.
 */
gboolean
kontor_lead_sources_list (KontorRepository  *self,
                          GStrv             *out_codes,
                          GStrv             *out_names,
                          GError           **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  g_autoptr(GStrvBuilder) codes = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  int rc;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), FALSE);

  stmt = _kontor_repository_prepare (self, "SELECT code, name FROM lead_sources "
                                     "WHERE deleted_at IS NULL ORDER BY position, id", error);
  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_strv_builder_add (codes, (const char *) sqlite3_column_text (stmt, 0));
      g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 1));
    }
  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (self), rc, error);

  if (out_codes)
    *out_codes = g_strv_builder_end (codes);
  if (out_names)
    *out_names = g_strv_builder_end (names);

  return TRUE;
}

typedef struct
{
  KontorRepository *self;
  const char       *code;
  const char       *name;
} RenameData;

static gboolean
rename_cb (gpointer   user_data,
           GError   **error)
{
  RenameData *data = user_data;
  g_autoptr(KontorStmt) stmt = NULL;
  sqlite3 *db = _kontor_repository_get_db (data->self);
  int rc;

  stmt = _kontor_repository_prepare (data->self, "UPDATE lead_sources SET name = ?, "
                                     "updated_at = ? WHERE code = ? AND deleted_at IS NULL",
                                     error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, data->name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, _kontor_now ());
  sqlite3_bind_text (stmt, 3, data->code, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (db, rc, error);

  if (sqlite3_changes (db) == 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND,
                   _("There is no lead source “%s”"), data->code);
      return FALSE;
    }

  _kontor_repository_queue_change (data->self, "lead_source", 0, KONTOR_CHANGE_UPDATED);
  return TRUE;
}

/**
 * kontor_lead_source_rename:
 * @name: the new name, shown in lists and forms
 */
gboolean
kontor_lead_source_rename (KontorRepository  *self,
                           const char        *code,
                           const char        *name,
                           GError           **error)
{
  RenameData data = { self, code, name };
  g_autofree char *trimmed = NULL;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (code != NULL, FALSE);

  trimmed = g_strstrip (g_strdup (name ? name : ""));
  if (*trimmed == '\0' || !g_utf8_validate (trimmed, -1, NULL) ||
      g_utf8_strlen (trimmed, -1) > 100)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("A lead source needs a name of up to 100 characters"));
      return FALSE;
    }
  data.name = trimmed;

  return kontor_repository_run_in_transaction (self, rename_cb, &data, error);
}
