/* kontor-cli-leads.c: convert-lead, duplicates and merge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <stdio.h>

#include "kontor-cli-private.h"

static GType
parse_person_or_company (const char  *name,
                         GError     **error)
{
  GType type = parse_entity (name, error);

  if (type == G_TYPE_INVALID)
    return G_TYPE_INVALID;

  if (type != KONTOR_TYPE_LEAD && type != KONTOR_TYPE_CONTACT && type != KONTOR_TYPE_COMPANY)
    {
      usage_error (error, _("Only leads, contacts and companies have duplicates"));
      return G_TYPE_INVALID;
    }

  return type;
}

/* convert-lead ID [--contact] [--company] [--deal [--pipeline NAME] [--stage NAME]]
 * Without any of the three, it does what the dialog proposes. */
gboolean
cmd_convert_lead (Cli     *cli,
                  GError **error)
{
  g_autoptr(KontorEntity) lead = NULL;
  g_autoptr(KontorLeadConversion) options = NULL;
  g_autoptr(KontorEntity) contact = NULL;
  g_autoptr(KontorEntity) company = NULL;
  g_autoptr(KontorEntity) deal = NULL;
  g_autofree char *pipeline_name = NULL;
  g_autofree char *stage_name = NULL;
  gboolean want_contact = FALSE, want_company = FALSE, want_deal = FALSE;
  gint64 id;

  if (!take_option (cli, "--contact", FALSE, NULL, &want_contact, error) ||
      !take_option (cli, "--company", FALSE, NULL, &want_company, error) ||
      !take_option (cli, "--deal", FALSE, NULL, &want_deal, error) ||
      !take_option (cli, "--pipeline", TRUE, &pipeline_name, NULL, error) ||
      !take_option (cli, "--stage", TRUE, &stage_name, NULL, error) ||
      !no_more_options (cli, error))
    return FALSE;

  if (cli->argc != 1)
    return usage_error (error, _("Usage: kontor-cli convert-lead ID [--contact] [--company] "
                                 "[--deal [--pipeline NAME] [--stage NAME]]"));
  if ((pipeline_name || stage_name) && !want_deal &&
      (want_contact || want_company))
    return usage_error (error, _("--pipeline and --stage go with --deal"));

  if (!parse_id (cli->argv[0], &id, error))
    return FALSE;

  lead = kontor_repository_find (cli->repository, KONTOR_TYPE_LEAD, id, error);
  if (lead == NULL)
    return FALSE;

  options = kontor_lead_conversion_new (cli->repository, lead);
  if (want_contact || want_company || want_deal)
    {
      options->contact_action = want_contact ? KONTOR_CONVERT_CREATE : KONTOR_CONVERT_SKIP;
      options->company_action = want_company ? KONTOR_CONVERT_CREATE : KONTOR_CONVERT_SKIP;
      options->deal_action = want_deal ? KONTOR_CONVERT_CREATE : KONTOR_CONVERT_SKIP;
    }

  if (pipeline_name != NULL)
    {
      g_autoptr(KontorEntity) pipeline = NULL;
      gint64 pipeline_id;

      if (g_ascii_string_to_signed (pipeline_name, 10, 1, G_MAXINT64, &pipeline_id, NULL))
        pipeline = kontor_repository_find (cli->repository, KONTOR_TYPE_PIPELINE, pipeline_id,
                                           error);
      else
        pipeline = kontor_repository_find_by_name (cli->repository, KONTOR_TYPE_PIPELINE,
                                                   pipeline_name, 0, error);
      if (pipeline == NULL)
        return FALSE;
      kontor_entity_set_int (options->deal, "pipeline", kontor_entity_get_id (pipeline));
    }

  if (stage_name != NULL)
    {
      g_autoptr(KontorEntity) stage = NULL;
      gint64 stage_id;

      if (g_ascii_string_to_signed (stage_name, 10, 1, G_MAXINT64, &stage_id, NULL))
        stage = kontor_repository_find (cli->repository, KONTOR_TYPE_STAGE, stage_id, error);
      else
        stage = kontor_repository_find_by_name (cli->repository, KONTOR_TYPE_STAGE, stage_name,
                                                kontor_entity_get_int (options->deal, "pipeline"),
                                                error);
      if (stage == NULL)
        return FALSE;
      kontor_entity_set_int (options->deal, "stage", kontor_entity_get_id (stage));
    }

  if (!kontor_lead_convert (cli->repository, lead, options, &contact, &company, &deal, error))
    return FALSE;

  if (contact)
    g_print (_("contact: %" PRId64 "\n"), kontor_entity_get_id (contact));
  if (company)
    g_print (_("company: %" PRId64 "\n"), kontor_entity_get_id (company));
  if (deal)
    g_print (_("deal: %" PRId64 "\n"), kontor_entity_get_id (deal));

  return TRUE;
}

/* duplicates ENTITY [--json]: groups of probable duplicates, one per line */
gboolean
cmd_duplicates (Cli     *cli,
                GError **error)
{
  g_autoptr(GPtrArray) groups = NULL;
  gboolean json = FALSE;
  GType type;

  if (!take_option (cli, "--json", FALSE, NULL, &json, error) || !no_more_options (cli, error))
    return FALSE;

  if (cli->argc != 1)
    return usage_error (error, _("Usage: kontor-cli duplicates ENTITY [--json]"));

  type = parse_person_or_company (cli->argv[0], error);
  if (type == G_TYPE_INVALID)
    return FALSE;

  groups = kontor_duplicates_scan (cli->repository, type, NULL, NULL, NULL, error);
  if (groups == NULL)
    return FALSE;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < groups->len; i++)
        {
          KontorDuplicateGroup *group = g_ptr_array_index (groups, i);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "kind");
          json_builder_add_string_value (builder, group->kind);
          json_builder_set_member_name (builder, "reasons");
          json_builder_begin_array (builder);
          if (group->reasons & KONTOR_DUPLICATE_PHONE)
            json_builder_add_string_value (builder, "phone");
          if (group->reasons & KONTOR_DUPLICATE_EMAIL)
            json_builder_add_string_value (builder, "email");
          if (group->reasons & KONTOR_DUPLICATE_NAME)
            json_builder_add_string_value (builder, "name");
          json_builder_end_array (builder);
          json_builder_set_member_name (builder, "records");
          json_builder_begin_array (builder);
          for (guint j = 0; j < group->ids->len; j++)
            {
              gint64 id = g_array_index (group->ids, gint64, j);
              g_autofree char *name = ref_display_name (cli, group->kind, id);

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "id");
              json_builder_add_int_value (builder, id);
              json_builder_set_member_name (builder, "name");
              json_builder_add_string_value (builder, name ? name : "");
              json_builder_end_object (builder);
            }
          json_builder_end_array (builder);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);

      root = json_builder_get_root (builder);
      print_json (root);
      return TRUE;
    }

  for (guint i = 0; i < groups->len; i++)
    {
      KontorDuplicateGroup *group = g_ptr_array_index (groups, i);
      g_autofree char *reasons = kontor_duplicate_reason_to_string (group->reasons);
      g_autoptr(GString) line = g_string_new (NULL);

      for (guint j = 0; j < group->ids->len; j++)
        {
          gint64 id = g_array_index (group->ids, gint64, j);
          g_autofree char *name = ref_display_name (cli, group->kind, id);

          if (j > 0)
            g_string_append (line, ", ");
          g_string_append_printf (line, "%" PRId64 " %s", id, name ? name : "");
        }
      g_print ("%s (%s)\n", line->str, reasons);
    }

  return TRUE;
}

/* merge ENTITY SURVIVOR_ID OTHER_ID…: the survivor keeps its own values */
gboolean
cmd_merge (Cli     *cli,
           GError **error)
{
  g_autoptr(KontorEntity) survivor = NULL;
  g_autoptr(GPtrArray) others = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KontorMergeRecord) record = NULL;
  GType type;
  gint64 id;

  if (!no_more_options (cli, error))
    return FALSE;

  if (cli->argc < 3)
    return usage_error (error, _("Usage: kontor-cli merge ENTITY SURVIVOR_ID OTHER_ID…"));

  type = parse_person_or_company (cli->argv[0], error);
  if (type == G_TYPE_INVALID)
    return FALSE;

  if (!parse_id (cli->argv[1], &id, error))
    return FALSE;
  survivor = kontor_repository_find (cli->repository, type, id, error);
  if (survivor == NULL)
    return FALSE;

  for (int i = 2; i < cli->argc; i++)
    {
      KontorEntity *other;

      if (!parse_id (cli->argv[i], &id, error))
        return FALSE;
      other = kontor_repository_find (cli->repository, type, id, error);
      if (other == NULL)
        return FALSE;
      g_ptr_array_add (others, other);
    }

  record = kontor_merge (cli->repository, survivor, others, NULL, error);
  if (record == NULL)
    return FALSE;

  g_print (g_dngettext (GETTEXT_PACKAGE,
                        "Merged %u record into %" PRId64 ", %u linked records moved\n",
                        "Merged %u records into %" PRId64 ", %u linked records moved\n",
                        others->len),
           others->len, kontor_entity_get_id (survivor), kontor_merge_record_get_n_moved (record));

  return TRUE;
}
