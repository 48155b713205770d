/* kontor-cli.c: the command-line front of the core
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "kontor-cli-private.h"

gboolean
usage_error (GError     **error,
             const char  *format,
             ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);

  g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE, message);
  return FALSE;
}

GType
parse_entity (const char  *name,
              GError     **error)
{
  GType type = kontor_entity_type_from_name (name);

  if (type == G_TYPE_INVALID || type == KONTOR_TYPE_INVOICE_LINE)
    {
      usage_error (error, _("Unknown entity “%s”; use one of: leads contacts companies deals "
                            "activities products invoices pipelines stages"), name);
      return G_TYPE_INVALID;
    }

  return type;
}

gboolean
parse_id (const char  *text,
          gint64      *out_id,
          GError     **error)
{
  if (text == NULL || !g_ascii_string_to_signed (text, 10, 1, G_MAXINT64, out_id, NULL))
    return usage_error (error, _("“%s” is not a record id"), text ? text : "");

  return TRUE;
}

/* Finds a named option such as "--search TEXT" among the arguments and
 * removes it; returns FALSE for a flag without its value. */
gboolean
take_option (Cli         *cli,
             const char  *name,
             gboolean     has_value,
             char       **out_value,
             gboolean    *out_present,
             GError     **error)
{
  for (int i = 0; i < cli->argc; i++)
    {
      const char *arg = cli->argv[i];
      gsize len = strlen (name);
      int consumed = 1;

      if (!g_str_has_prefix (arg, name) || (arg[len] != '\0' && arg[len] != '='))
        continue;

      if (has_value)
        {
          if (arg[len] == '=')
            *out_value = g_strdup (arg + len + 1);
          else if (i + 1 < cli->argc)
            {
              *out_value = g_strdup (cli->argv[i + 1]);
              consumed = 2;
            }
          else
            return usage_error (error, _("%s needs a value"), name);
        }

      if (out_present)
        *out_present = TRUE;

      /* The arguments are owned (g_strdupv): free the taken ones and move
       * the NULL terminator along, or g_strfreev frees the tail twice */
      for (int j = 0; j < consumed; j++)
        g_free (cli->argv[i + j]);
      memmove (&cli->argv[i], &cli->argv[i + consumed],
               (cli->argc - i - consumed + 1) * sizeof (char *));
      cli->argc -= consumed;
      return TRUE;
    }

  return TRUE;
}

gboolean
no_more_options (Cli     *cli,
                 GError **error)
{
  for (int i = 0; i < cli->argc; i++)
    if (g_str_has_prefix (cli->argv[i], "--"))
      return usage_error (error, _("Unknown option “%s”"), cli->argv[i]);

  return TRUE;
}

/* Output ------------------------------------------------------------------ */

char *
ref_display_name (Cli        *cli,
                  const char *kind,
                  gint64      id)
{
  g_autoptr(KontorEntity) entity = NULL;

  if (id == 0)
    return NULL;

  entity = kontor_repository_find (cli->repository, kontor_entity_type_from_name (kind), id,
                                   NULL);
  return entity ? kontor_entity_dup_display_name (entity) : NULL;
}

JsonNode *
entity_to_json (Cli          *cli,
                KontorEntity *entity,
                gboolean      with_timeline)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (entity);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autofree char *display = kontor_entity_dup_display_name (entity);

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, kontor_entity_get_id (entity));
  json_builder_set_member_name (builder, "uuid");
  json_builder_add_string_value (builder, kontor_entity_get_uuid (entity));
  json_builder_set_member_name (builder, "display_name");
  json_builder_add_string_value (builder, display);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const KontorField *field = &klass->fields[i];

      json_builder_set_member_name (builder, field->name);

      switch (field->type)
        {
        case KONTOR_FIELD_LIST:
          {
            const char * const *values = kontor_entity_get_list (entity, field->name);

            json_builder_begin_array (builder);
            for (guint j = 0; values[j] != NULL; j++)
              json_builder_add_string_value (builder, values[j]);
            json_builder_end_array (builder);
          }
          break;

        case KONTOR_FIELD_BOOL:
          json_builder_add_boolean_value (builder, kontor_entity_get_bool (entity, field->name));
          break;

        case KONTOR_FIELD_INT:
          {
            gint64 value = kontor_entity_get_int (entity, field->name);

            if ((field->flags & KONTOR_FIELD_BASIS_POINTS) && value < 0)
              json_builder_add_null_value (builder);
            else
              json_builder_add_int_value (builder, value);
          }
          break;

        case KONTOR_FIELD_REF:
          {
            gint64 value = kontor_entity_get_int (entity, field->name);
            g_autofree char *member = g_strconcat (field->name, "_name", NULL);
            g_autofree char *name = ref_display_name (cli, field->ref_kind, value);

            if (value)
              json_builder_add_int_value (builder, value);
            else
              json_builder_add_null_value (builder);

            json_builder_set_member_name (builder, member);
            if (name)
              json_builder_add_string_value (builder, name);
            else
              json_builder_add_null_value (builder);
          }
          break;

        default:
          {
            g_autofree char *text = kontor_entity_dup_string (entity, field->name);

            if (text)
              json_builder_add_string_value (builder, text);
            else
              json_builder_add_null_value (builder);
          }
          break;
        }
    }

  json_builder_set_member_name (builder, "created_at");
  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (kontor_entity_get_created_at (entity));
    g_autofree char *text = dt ? g_date_time_format_iso8601 (dt) : NULL;
    json_builder_add_string_value (builder, text);
  }
  json_builder_set_member_name (builder, "updated_at");
  {
    g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (kontor_entity_get_updated_at (entity));
    g_autofree char *text = dt ? g_date_time_format_iso8601 (dt) : NULL;
    json_builder_add_string_value (builder, text);
  }
  json_builder_set_member_name (builder, "deleted");
  json_builder_add_boolean_value (builder, kontor_entity_is_deleted (entity));

  if (with_timeline)
    {
      g_autoptr(GListModel) timeline = kontor_repository_list_timeline (cli->repository, entity,
                                                                         NULL);

      json_builder_set_member_name (builder, "timeline");
      json_builder_begin_array (builder);
      for (guint i = 0; timeline && i < g_list_model_get_n_items (timeline); i++)
        {
          g_autoptr(KontorTimelineItem) item = g_list_model_get_item (timeline, i);
          g_autoptr(GDateTime) dt =
            g_date_time_new_from_unix_utc (kontor_timeline_item_get_created_at (item));
          g_autofree char *when = g_date_time_format_iso8601 (dt);

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "event");
          json_builder_add_string_value (builder, kontor_timeline_item_get_event (item));
          json_builder_set_member_name (builder, "text");
          json_builder_add_string_value (builder, kontor_timeline_item_get_text (item));
          json_builder_set_member_name (builder, "at");
          json_builder_add_string_value (builder, when);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
    }

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

void
print_json (JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autofree char *text = NULL;

  json_generator_set_pretty (generator, TRUE);
  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, NULL);
  g_print ("%s\n", text);
}

static const char * const *
summary_fields (GType type)
{
  static const char * const leads[] = { "status", "source", "phone", "email", NULL };
  static const char * const contacts[] = { "company", "phone", "email", NULL };
  static const char * const companies[] = { "industry", "phone", NULL };
  static const char * const deals[] = { "stage", "status", "amount", "currency", NULL };
  static const char * const activities[] = { "kind", "due_at", "done", NULL };
  static const char * const products[] = { "sku", "price", "currency", NULL };
  static const char * const invoices[] = { "status", "total", "currency", "due_on", NULL };
  static const char * const stages[] = { "pipeline", "position", "semantics", NULL };
  static const char * const none[] = { NULL };

  if (type == KONTOR_TYPE_LEAD) return leads;
  if (type == KONTOR_TYPE_CONTACT) return contacts;
  if (type == KONTOR_TYPE_COMPANY) return companies;
  if (type == KONTOR_TYPE_DEAL) return deals;
  if (type == KONTOR_TYPE_ACTIVITY) return activities;
  if (type == KONTOR_TYPE_PRODUCT) return products;
  if (type == KONTOR_TYPE_INVOICE) return invoices;
  if (type == KONTOR_TYPE_STAGE) return stages;
  return none;
}

static char *
field_text (Cli          *cli,
            KontorEntity *entity,
            const char   *name)
{
  const KontorField *field = kontor_entity_class_find_field (KONTOR_ENTITY_GET_CLASS (entity),
                                                             name);

  if (field->type == KONTOR_FIELD_REF)
    return ref_display_name (cli, field->ref_kind, kontor_entity_get_int (entity, name));

  return kontor_entity_dup_string (entity, name);
}

static void
print_entity_line (Cli          *cli,
                   KontorEntity *entity)
{
  const char * const *fields = summary_fields (G_OBJECT_TYPE (entity));
  g_autofree char *display = kontor_entity_dup_display_name (entity);
  GString *line = g_string_new (NULL);

  g_string_append_printf (line, "%" PRId64 "\t%s", kontor_entity_get_id (entity),
                          display);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      g_autofree char *text = field_text (cli, entity, fields[i]);
      g_string_append_printf (line, "\t%s", text ? text : "");
    }

  g_print ("%s\n", line->str);
  g_string_free (line, TRUE);
}

/* Commands ---------------------------------------------------------------- */

static gboolean
cmd_demo (Cli     *cli,
          GError **error)
{
  g_autofree char *records = NULL;
  g_autofree char *seed_text = NULL;
  gint64 n = 300, seed = 1;

  if (!take_option (cli, "--records", TRUE, &records, NULL, error) ||
      !take_option (cli, "--seed", TRUE, &seed_text, NULL, error) ||
      !no_more_options (cli, error))
    return FALSE;

  if (records && !g_ascii_string_to_signed (records, 10, 1, 10000000, &n, NULL))
    return usage_error (error, _("--records takes a number from 1 to 10000000"));
  if (seed_text && !g_ascii_string_to_signed (seed_text, 10, 0, G_MAXUINT32, &seed, NULL))
    return usage_error (error, _("--seed takes a whole number"));
  if (cli->argc > 0)
    return usage_error (error, _("Unexpected argument “%s”"), cli->argv[0]);

  if (!kontor_demo_fill (cli->repository, (guint) n, (guint32) seed, error))
    return FALSE;

  g_print (_("Added demo data (%" PRId64 " records requested)\n"), n);
  return TRUE;
}

static gboolean
parse_filter (const char      *arg,
              char           **out_field,
              KontorFilterOp  *out_op,
              char           **out_value)
{
  static const struct { const char *token; KontorFilterOp op; } ops[] = {
    { "!=", KONTOR_FILTER_NE }, { "<=", KONTOR_FILTER_LE }, { ">=", KONTOR_FILTER_GE },
    { "<", KONTOR_FILTER_LT }, { ">", KONTOR_FILTER_GT }, { "=", KONTOR_FILTER_EQ },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    {
      const char *at = strstr (arg, ops[i].token);

      if (at != NULL && at != arg)
        {
          *out_field = g_strndup (arg, at - arg);
          *out_op = ops[i].op;
          *out_value = g_strdup (at + strlen (ops[i].token));
          return TRUE;
        }
    }

  return FALSE;
}

gboolean
resolve_ref (Cli                *cli,
             const KontorField  *field,
             const char         *value,
             gint64              scope,
             char              **out_id,
             GError            **error)
{
  g_autoptr(KontorEntity) found = NULL;
  gint64 id;

  if (*value == '\0' || g_ascii_string_to_signed (value, 10, 1, G_MAXINT64, &id, NULL))
    {
      *out_id = g_strdup (value);
      return TRUE;
    }

  found = kontor_repository_find_by_name (cli->repository,
                                          kontor_entity_type_from_name (field->ref_kind),
                                          value, scope, error);
  if (found == NULL)
    return FALSE;

  *out_id = g_strdup_printf ("%" PRId64, kontor_entity_get_id (found));
  return TRUE;
}

static gboolean
cmd_list (Cli     *cli,
          GError **error)
{
  g_autofree char *search = NULL;
  g_autofree char *sort = NULL;
  g_autofree char *limit_text = NULL;
  g_autofree char *pipeline = NULL;
  g_autofree char *due = NULL;
  g_autofree char *status = NULL;
  g_autoptr(KontorListModel) model = NULL;
  gboolean json = FALSE, descending = FALSE;
  gint64 limit = G_MAXINT64;
  guint n_items;
  GType type;

  if (!take_option (cli, "--search", TRUE, &search, NULL, error) ||
      !take_option (cli, "--sort", TRUE, &sort, NULL, error) ||
      !take_option (cli, "--limit", TRUE, &limit_text, NULL, error) ||
      !take_option (cli, "--pipeline", TRUE, &pipeline, NULL, error) ||
      !take_option (cli, "--status", TRUE, &status, NULL, error) ||
      !take_option (cli, "--due", TRUE, &due, NULL, error) ||
      !take_option (cli, "--desc", FALSE, NULL, &descending, error) ||
      !take_option (cli, "--json", FALSE, NULL, &json, error) ||
      !no_more_options (cli, error))
    return FALSE;

  if (cli->argc < 1)
    return usage_error (error, _("Usage: kontor-cli list ENTITY [--search TEXT] [--json]"));

  type = parse_entity (cli->argv[0], error);
  if (type == G_TYPE_INVALID)
    return FALSE;

  if (limit_text && !g_ascii_string_to_signed (limit_text, 10, 0, G_MAXINT64, &limit, NULL))
    return usage_error (error, _("--limit takes a whole number"));

  model = kontor_list_model_new (cli->repository, type);
  if (status != NULL &&
      !kontor_list_model_add_filter (model, "status", KONTOR_FILTER_EQ, status, error))
    return FALSE;

  if (pipeline != NULL)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (type);
      const KontorField *field = kontor_entity_class_find_field (KONTOR_ENTITY_CLASS (klass),
                                                                 "pipeline");
      g_autofree char *id = NULL;

      if (field == NULL)
        return usage_error (error, _("--pipeline only applies to deals and stages"));
      if (!resolve_ref (cli, field, pipeline, 0, &id, error) ||
          !kontor_list_model_add_filter (model, "pipeline", KONTOR_FILTER_EQ, id, error))
        return FALSE;
    }

  if (due != NULL)
    {
      g_autoptr(GTimeZone) local = g_time_zone_new_local ();
      KontorDueGroup group;

      if (type != KONTOR_TYPE_ACTIVITY || !kontor_due_group_from_string (due, &group))
        return usage_error (error, _("--due applies to activities: today, overdue, upcoming or "
                                     "done"));
      if (!kontor_list_model_filter_due (model, group, kontor_now (), local, error))
        return FALSE;
      if (!sort)
        sort = g_strdup ("due_at");
    }

  for (int i = 1; i < cli->argc; i++)
    {
      g_autofree char *field_name = NULL;
      g_autofree char *value = NULL;
      g_autofree char *resolved = NULL;
      g_autoptr(GTypeClass) klass = g_type_class_ref (type);
      const KontorField *field;
      KontorFilterOp op;

      if (!parse_filter (cli->argv[i], &field_name, &op, &value))
        return usage_error (error, _("“%s” is not a filter like FIELD=VALUE"), cli->argv[i]);

      field = kontor_entity_class_find_field (KONTOR_ENTITY_CLASS (klass), field_name);
      if (field != NULL && field->type == KONTOR_FIELD_REF)
        {
          if (!resolve_ref (cli, field, value, 0, &resolved, error))
            return FALSE;
          g_free (value);
          value = g_steal_pointer (&resolved);
        }

      if (value && *value == '\0' && (op == KONTOR_FILTER_EQ || op == KONTOR_FILTER_NE))
        op = op == KONTOR_FILTER_EQ ? KONTOR_FILTER_IS_NULL : KONTOR_FILTER_NOT_NULL;

      if (!kontor_list_model_add_filter (model, field_name, op, value, error))
        return FALSE;
    }

  if (sort && !kontor_list_model_set_sort (model, sort, descending, error))
    return FALSE;

  kontor_list_model_set_search (model, search);
  n_items = g_list_model_get_n_items (G_LIST_MODEL (model));

  if (json)
    {
      g_autoptr(JsonNode) root = json_node_new (JSON_NODE_ARRAY);
      g_autoptr(JsonArray) array = json_array_new ();

      for (guint i = 0; i < n_items && i < limit; i++)
        {
          g_autoptr(KontorEntity) entity = g_list_model_get_item (G_LIST_MODEL (model), i);

          if (entity)
            json_array_add_element (array, entity_to_json (cli, entity, FALSE));
        }

      json_node_set_array (root, array);
      print_json (root);
    }
  else
    {
      for (guint i = 0; i < n_items && i < limit; i++)
        {
          g_autoptr(KontorEntity) entity = g_list_model_get_item (G_LIST_MODEL (model), i);

          if (entity)
            print_entity_line (cli, entity);
        }
    }

  return TRUE;
}

static KontorEntity *
find_record (Cli       *cli,
             gboolean   include_deleted,
             GType     *out_type,
             GError   **error)
{
  g_autoptr(KontorEntity) entity = NULL;
  GType type;
  gint64 id;

  if (cli->argc < 2)
    {
      usage_error (error, _("Give an entity and a record id, e.g. “contacts 12”"));
      return NULL;
    }

  type = parse_entity (cli->argv[0], error);
  if (type == G_TYPE_INVALID || !parse_id (cli->argv[1], &id, error))
    return NULL;

  entity = kontor_repository_find (cli->repository, type, id, error);
  if (entity == NULL)
    return NULL;

  if (!include_deleted && kontor_entity_is_deleted (entity))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND,
                   _("%s %" PRId64 " is deleted; “undelete” brings it back"),
                   cli->argv[0], id);
      return NULL;
    }

  if (out_type)
    *out_type = type;

  return g_steal_pointer (&entity);
}

static gboolean
cmd_show (Cli     *cli,
          GError **error)
{
  g_autoptr(KontorEntity) entity = NULL;
  KontorEntityClass *klass;
  gboolean json = FALSE;

  if (!take_option (cli, "--json", FALSE, NULL, &json, error) || !no_more_options (cli, error))
    return FALSE;

  entity = find_record (cli, TRUE, NULL, error);
  if (entity == NULL)
    return FALSE;

  if (json)
    {
      g_autoptr(JsonNode) root = entity_to_json (cli, entity, TRUE);
      cli_add_photo_json (cli, entity, root);
      print_json (root);
      return TRUE;
    }

  klass = KONTOR_ENTITY_GET_CLASS (entity);
  g_print ("%s: %" PRId64 "%s\n", "id", kontor_entity_get_id (entity),
           kontor_entity_is_deleted (entity) ? _(" (deleted)") : "");
  for (guint i = 0; i < klass->n_fields; i++)
    {
      g_autofree char *text = field_text (cli, entity, klass->fields[i].name);

      if (text != NULL && *text != '\0')
        g_print ("%s: %s\n", klass->fields[i].name, text);
    }
  cli_print_photo (cli, entity);

  return TRUE;
}

static int
field_order (const char *assignment)
{
  /* The currency decides how an amount is read, the pipeline where a
   * stage is looked up: set them first. */
  if (g_str_has_prefix (assignment, "currency="))
    return 0;
  if (g_str_has_prefix (assignment, "pipeline="))
    return 1;
  return 2;
}

static gboolean
apply_assignments (Cli           *cli,
                   KontorEntity  *entity,
                   int            first,
                   GError       **error)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (entity);
  g_autoptr(GHashTable) cleared = g_hash_table_new (g_str_hash, g_str_equal);

  if (first >= cli->argc)
    return usage_error (error, _("Give at least one FIELD=VALUE"));

  for (int pass = 0; pass < 3; pass++)
    for (int i = first; i < cli->argc; i++)
      {
        const char *arg = cli->argv[i];
        const char *eq = strchr (arg, '=');
        g_autofree char *name = NULL;
        g_autofree char *resolved = NULL;
        const KontorField *field;
        const char *value;

        if (field_order (arg) != pass)
          continue;

        if (eq == NULL || eq == arg)
          return usage_error (error, _("“%s” is not FIELD=VALUE"), arg);

        name = g_strndup (arg, eq - arg);
        value = eq + 1;
        field = kontor_entity_class_find_field (klass, name);
        if (field == NULL)
          {
            g_autoptr(GString) names = g_string_new (NULL);

            for (guint j = 0; j < klass->n_fields; j++)
              if (!(klass->fields[j].flags & KONTOR_FIELD_COMPUTED))
                g_string_append_printf (names, "%s%s", names->len ? " " : "",
                                        klass->fields[j].name);

            kontor_set_field_error (error, name, _("A %s has no field “%s”; fields: %s"),
                                    klass->kind, name, names->str);
            return FALSE;
          }

        if (field->type == KONTOR_FIELD_REF)
          {
            gint64 scope = g_str_equal (name, "stage")
                             ? kontor_entity_get_int (entity, "pipeline") : 0;

            if (!resolve_ref (cli, field, value, scope, &resolved, error))
              return FALSE;
            value = resolved;
          }

        /* Repeated FIELD=VALUE of a list field adds values; the first one
         * replaces what the record had. */
        if (field->type == KONTOR_FIELD_LIST && g_hash_table_add (cleared, (gpointer) field->name))
          kontor_entity_set_list (entity, field->name, NULL);

        if (!kontor_entity_set_from_string (entity, field->name, value, error))
          return FALSE;
      }

  return TRUE;
}

static gboolean
cmd_add (Cli     *cli,
         GError **error)
{
  g_autoptr(KontorEntity) entity = NULL;
  GType type;

  if (!no_more_options (cli, error))
    return FALSE;

  if (cli->argc < 1)
    return usage_error (error, _("Usage: kontor-cli add ENTITY FIELD=VALUE…"));

  type = parse_entity (cli->argv[0], error);
  if (type == G_TYPE_INVALID)
    return FALSE;
  if (type == KONTOR_TYPE_INVOICE)
    return cmd_add_invoice (cli, error);

  entity = g_object_new (type, NULL);
  if (!apply_assignments (cli, entity, 1, error) ||
      !kontor_repository_save (cli->repository, entity, error))
    return FALSE;

  g_print ("%" PRId64 "\n", kontor_entity_get_id (entity));
  return TRUE;
}

static gboolean
cmd_update (Cli     *cli,
            GError **error)
{
  g_autoptr(KontorEntity) entity = NULL;

  if (!no_more_options (cli, error))
    return FALSE;

  entity = find_record (cli, FALSE, NULL, error);
  if (entity == NULL)
    return FALSE;

  return apply_assignments (cli, entity, 2, error) &&
         kontor_repository_save (cli->repository, entity, error);
}

static gboolean
cmd_delete (Cli     *cli,
            GError **error)
{
  g_autoptr(KontorEntity) entity = NULL;

  if (!no_more_options (cli, error))
    return FALSE;

  entity = find_record (cli, TRUE, NULL, error);
  return entity != NULL && kontor_repository_delete (cli->repository, entity, error);
}

static gboolean
cmd_undelete (Cli     *cli,
              GError **error)
{
  g_autoptr(KontorEntity) entity = NULL;

  if (!no_more_options (cli, error))
    return FALSE;

  entity = find_record (cli, TRUE, NULL, error);
  return entity != NULL && kontor_repository_undelete (cli->repository, entity, error);
}

static gboolean
cmd_move_deal (Cli     *cli,
               GError **error)
{
  g_autoptr(KontorEntity) deal = NULL;
  g_autoptr(KontorEntity) stage = NULL;
  g_autofree char *reason = NULL;
  gint64 id, stage_id;

  if (!take_option (cli, "--reason", TRUE, &reason, NULL, error) ||
      !no_more_options (cli, error))
    return FALSE;

  if (cli->argc != 2)
    return usage_error (error, _("Usage: kontor-cli move-deal ID STAGE [--reason TEXT]"));

  if (!parse_id (cli->argv[0], &id, error))
    return FALSE;

  deal = kontor_repository_find (cli->repository, KONTOR_TYPE_DEAL, id, error);
  if (deal == NULL)
    return FALSE;

  if (g_ascii_string_to_signed (cli->argv[1], 10, 1, G_MAXINT64, &stage_id, NULL))
    stage = kontor_repository_find (cli->repository, KONTOR_TYPE_STAGE, stage_id, error);
  else
    stage = kontor_repository_find_by_name (cli->repository, KONTOR_TYPE_STAGE, cli->argv[1],
                                            kontor_entity_get_int (deal, "pipeline"), error);
  if (stage == NULL)
    return FALSE;

  return kontor_repository_move_deal (cli->repository, deal, kontor_entity_get_id (stage),
                                      reason, error);
}

static gboolean
cmd_comment (Cli     *cli,
             GError **error)
{
  g_autoptr(KontorEntity) entity = NULL;

  if (!no_more_options (cli, error))
    return FALSE;
  if (cli->argc != 3)
    return usage_error (error, _("Usage: kontor-cli comment ENTITY ID TEXT"));

  entity = find_record (cli, FALSE, NULL, error);
  return entity != NULL &&
         kontor_repository_add_comment (cli->repository, entity, cli->argv[2], error);
}

static gboolean
cmd_check (Cli     *cli,
           GError **error)
{
  g_autoptr(GPtrArray) problems = NULL;

  if (!no_more_options (cli, error))
    return FALSE;

  if (!kontor_repository_check (cli->repository, &problems, error))
    return FALSE;

  for (guint i = 0; i < problems->len; i++)
    g_print ("%s\n", (const char *) g_ptr_array_index (problems, i));

  if (problems->len > 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT,
                   g_dngettext (GETTEXT_PACKAGE, "%u problem found", "%u problems found",
                                problems->len),
                   problems->len);
      return FALSE;
    }

  g_print (_("The database is consistent\n"));
  return TRUE;
}

static const struct {
  const char  *name;
  CommandFunc  func;
  const char  *help;
} commands[] = {
  { "demo", cmd_demo, N_("demo [--records N]          fill the database with demo data") },
  { "list", cmd_list, N_("list ENTITY [FIELD=VALUE…] [--search TEXT] [--sort FIELD [--desc]] "
                         "[--json]") },
  { "show", cmd_show, N_("show ENTITY ID [--json]     one record with its timeline") },
  { "add", cmd_add, N_("add ENTITY FIELD=VALUE…      create a record, print its id") },
  { "update", cmd_update, N_("update ENTITY ID FIELD=VALUE…") },
  { "delete", cmd_delete, N_("delete ENTITY ID            move a record to the bin") },
  { "undelete", cmd_undelete, N_("undelete ENTITY ID          bring it back") },
  { "move-deal", cmd_move_deal, N_("move-deal ID STAGE [--reason TEXT]") },
  { "comment", cmd_comment, N_("comment ENTITY ID TEXT      add a comment to the timeline") },
  { "done", cmd_done, N_("done activity ID [--result TEXT]") },
  { "add-line", cmd_add_line, N_("add-line INVOICE \"NAME|QTY|PRICE|VAT%\"… [--product P] [--discount D]") },
  { "invoice-from-deal", cmd_invoice_from_deal, N_("invoice-from-deal DEAL     a new invoice with the deal's products") },
  { "invoice-pdf", cmd_invoice_pdf, N_("invoice-pdf ID FILE [--language ru|en]") },
  { "mark-paid", cmd_mark_paid, N_("mark-paid ID [--date YYYY-MM-DD]") },
  { "convert-lead", cmd_convert_lead, N_("convert-lead ID [--contact] [--company] [--deal [--pipeline NAME] [--stage NAME]]") },
  { "duplicates", cmd_duplicates, N_("duplicates ENTITY [--json]  groups of probable duplicates") },
  { "merge", cmd_merge, N_("merge ENTITY SURVIVOR_ID OTHER_ID…  merge records into the first one") },
  { "report", cmd_report, N_("report funnel|sales [--pipeline NAME] [--from DATE] [--to DATE] "
                             "[--period created|closed] [--responsible NAME] [--mode history|current] "
                             "[--by count|amount] [--json] [--png|--svg|--pdf FILE [--size WxH]]  "
                             "the sales funnel and the sales analysis") },
  { "backups", cmd_backups, N_("backups [--json]            list the backups, newest first") },
  { "backup-now", cmd_backup_now, N_("backup-now [REASON]         back up the database now") },
  { "restore-backup", cmd_restore_backup, N_("restore-backup FILE|--latest  replace the database by a backup") },
  { "import", cmd_import, N_("import csv ENTITY FILE [--mapping auto|FILE] [--duplicates allow|skip|merge|replace] [--dry-run] [--rejects FILE] [--encoding ENC]; import vcard FILE; import ical FILE") },
  { "export", cmd_export, N_("export csv ENTITY FILE [--fields A,B] [--search TEXT]; export vcard FILE [--version 2.1|3.0]; export ical FILE") },
  { "undo-import", cmd_undo_import, N_("undo-import ID              remove what an import created, restore what it changed") },
  { "backup", cmd_backup, N_("backup FILE                 every table to a JSON file") },
  { "restore", cmd_restore, N_("restore FILE                a JSON backup into an empty database") },
  { "photo", cmd_photo, N_("photo set|get|remove ID [FILE]  the photo of a contact") },
  { "check", cmd_check, N_("check                       integrity and consistency checks") },
};

static void
print_usage (FILE *stream)
{
  fprintf (stream, "%s\n", _("Usage: kontor-cli [--database PATH] COMMAND …"));
  fprintf (stream, "\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    fprintf (stream, "  %s\n", _(commands[i].help));
  fprintf (stream, "\n%s\n", _("Entities: leads contacts companies deals activities products "
                               "invoices pipelines stages"));
}

/* Run from the build folder, the catalogs meson built are used */
static const char *
locale_dir (void)
{
#ifdef KONTOR_BUILD_LOCALE_DIR
  g_autofree char *installed = g_build_filename (LOCALEDIR, "ru", "LC_MESSAGES",
                                                 GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *built = g_build_filename (KONTOR_BUILD_LOCALE_DIR, "ru", "LC_MESSAGES",
                                             GETTEXT_PACKAGE ".mo", NULL);

  if (!g_file_test (installed, G_FILE_TEST_EXISTS) && g_file_test (built, G_FILE_TEST_EXISTS))
    return KONTOR_BUILD_LOCALE_DIR;
#endif

  return LOCALEDIR;
}

/* The whole of kontor-cli: returns its exit status and never exits, so
 * that tests/fuzz/fuzz-cli.c can call it over and over */
int
kontor_cli_run (int   argc,
                char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *database = NULL;
  g_autofree char *currency = NULL;
  g_auto(GStrv) args = NULL;
  Cli cli = { 0, };
  CommandFunc func = NULL;
  int first = 1;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  /* Global options come before the command */
  while (first < argc && g_str_has_prefix (argv[first], "--"))
    {
      const char *arg = argv[first];

      if (g_str_equal (arg, "--help") || g_str_equal (arg, "-h"))
        {
          print_usage (stdout);
          return 0;
        }
      else if (g_str_equal (arg, "--version"))
        {
          g_print ("kontor-cli %s\n", PACKAGE_VERSION);
          return 0;
        }
      else if (g_str_equal (arg, "--database") && first + 1 < argc)
        {
          g_free (database);
          database = g_strdup (argv[first + 1]);
          first += 2;
        }
      else if (g_str_has_prefix (arg, "--database="))
        {
          g_free (database);
          database = g_strdup (arg + strlen ("--database="));
          first += 1;
        }
      else if (g_str_equal (arg, "--currency") && first + 1 < argc)
        {
          g_free (currency);
          currency = g_strdup (argv[first + 1]);
          first += 2;
        }
      else
        {
          g_printerr ("kontor-cli: %s\n", _("Unknown or incomplete option; see kontor-cli --help"));
          return 2;
        }
    }

  if (first >= argc)
    {
      print_usage (stderr);
      return 2;
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, argv[first]))
      func = commands[i].func;

  if (func == NULL)
    {
      g_printerr ("kontor-cli: ");
      g_printerr (_("Unknown command “%s”; see kontor-cli --help"), argv[first]);
      g_printerr ("\n");
      return 2;
    }

  /* "kontor-cli report funnel --help": what that command takes */
  for (int i = first + 1; i < argc; i++)
    if (g_str_equal (argv[i], "--help") || g_str_equal (argv[i], "-h"))
      {
        g_print ("%s\n", _("Usage: kontor-cli [--database PATH] COMMAND …"));
        for (guint c = 0; c < G_N_ELEMENTS (commands); c++)
          if (g_str_equal (commands[c].name, argv[first]))
            g_print ("  %s\n", _(commands[c].help));
        return 0;
      }

  if (currency != NULL && !kontor_currency_is_valid (currency))
    {
      g_printerr ("kontor-cli: ");
      g_printerr (_("“%s” is not an ISO 4217 currency code"), currency);
      g_printerr ("\n");
      return 2;
    }

  /* restore-backup replaces a file that may not open at all */
  cli.database = database;
  if (func != cmd_restore_backup)
    cli.repository = kontor_repository_open (database, &error);
  if (cli.repository == NULL && func != cmd_restore_backup)
    {
      g_printerr ("kontor-cli: %s\n", error->message);
      return 1;
    }

  if (currency != NULL && cli.repository != NULL)
    kontor_repository_set_default_currency (cli.repository, currency);

  args = g_strdupv (argv + first + 1);
  cli.argv = args;
  cli.argc = (int) g_strv_length (args);

  if (!func (&cli, &error))
    {
      gboolean usage = error->domain == G_OPTION_ERROR;

      g_printerr ("kontor-cli: %s\n", error->message);
      g_clear_object (&cli.repository);
      return usage ? 2 : 1;
    }

  g_clear_object (&cli.repository);
  return 0;
}

#ifndef KONTOR_CLI_NO_MAIN
int
main (int   argc,
      char *argv[])
{
  return kontor_cli_run (argc, argv);
}
#endif
