/* kontor-export.c: CSV export of a list, JSON backup and restore
 *
 * The backup holds every table of the database, column by column, with the
 * schema version; restoring it into an empty database gives the same rows,
 * ids, UUIDs and times. The search index is not saved: the triggers build
 * it again as the rows come back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-export"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "kontor-csv-reader.h"
#include "kontor-error.h"
#include "kontor-export.h"
#include "kontor-repository-private.h"

#define BACKUP_FORMAT "kontor-backup"

/* Fields worth a column in a CSV file: all but the computed ones */
GStrv
kontor_export_list_fields (GType entity_type)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (entity_type);
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < entity_class->n_fields; i++)
    if (!(entity_class->fields[i].flags & KONTOR_FIELD_COMPUTED))
      g_strv_builder_add (builder, entity_class->fields[i].name);

  return g_strv_builder_end (builder);
}

static char *
dup_cell (KontorRepository  *repository,
          KontorEntity      *entity,
          const KontorField *field)
{
  if (field->type == KONTOR_FIELD_LIST)
    return g_strjoinv (", ", (GStrv) kontor_entity_get_list (entity, field->name));

  if (field->type == KONTOR_FIELD_REF)
    {
      gint64 id = kontor_entity_get_int (entity, field->name);
      GType type = kontor_entity_type_from_name (field->ref_kind);
      g_autoptr(KontorEntity) target = NULL;

      if (id == 0)
        return NULL;
      /* The name, which an import links back */
      target = kontor_repository_find (repository, type, id, NULL);
      return target ? kontor_entity_dup_display_name (target) : NULL;
    }

  return kontor_entity_dup_string (entity, field->name);
}

/**
 * kontor_export_csv:
 * @fields: (nullable): the fields to write, in order; %NULL for all
 *
 * Writes the rows of @model as shown (its search, filters and sort) to a
 * UTF-8 CSV file with a header of field labels, which kontor_import_new()
 * maps back.
 */
gboolean
kontor_export_csv (KontorListModel     *model,
                   const char * const  *fields,
                   const char          *path,
                   GCancellable        *cancellable,
                   GError             **error)
{
  GType type = kontor_list_model_get_entity_type (model);
  KontorRepository *repository = kontor_list_model_get_repository (model);
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);
  g_auto(GStrv) all = NULL;
  g_autoptr(GPtrArray) columns = g_ptr_array_new ();
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileOutputStream) stream = NULL;
  g_autoptr(GString) line = g_string_new ("\xef\xbb\xbf");
  guint n_items;

  g_return_val_if_fail (KONTOR_IS_LIST_MODEL (model), FALSE);

  if (fields == NULL)
    fields = (const char * const *) (all = kontor_export_list_fields (type));

  for (guint i = 0; fields[i] != NULL; i++)
    {
      const KontorField *field = kontor_entity_class_find_field (entity_class, fields[i]);

      if (field == NULL)
        {
          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID, _("A %s has no field “%s”"),
                       entity_class->kind, fields[i]);
          return FALSE;
        }
      g_ptr_array_add (columns, (gpointer) field);
    }

  stream = g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE, cancellable, error);
  if (stream == NULL)
    return FALSE;

  for (guint c = 0; c < columns->len; c++)
    {
      if (c > 0)
        g_string_append_c (line, ',');
      kontor_csv_write_field (line,
                              kontor_field_get_label (g_ptr_array_index (columns, c)), ',');
    }
  g_string_append (line, "\r\n");

  n_items = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; i <= n_items; i++)
    {
      g_autoptr(KontorEntity) entity = NULL;

      if (line->len > 64 * 1024 || i == n_items)
        {
          if (!g_output_stream_write_all (G_OUTPUT_STREAM (stream), line->str, line->len, NULL,
                                          cancellable, error))
            return FALSE;
          g_string_truncate (line, 0);
        }
      if (i == n_items)
        break;

      entity = g_list_model_get_item (G_LIST_MODEL (model), i);
      if (entity == NULL)
        continue;
      for (guint c = 0; c < columns->len; c++)
        {
          g_autofree char *value = dup_cell (repository, entity, g_ptr_array_index (columns, c));

          if (c > 0)
            g_string_append_c (line, ',');
          kontor_csv_write_field (line, value, ',');
        }
      g_string_append (line, "\r\n");
    }

  return g_output_stream_close (G_OUTPUT_STREAM (stream), cancellable, error);
}

/* Backup ------------------------------------------------------------------- */

static gboolean
is_saved_table (const char *name)
{
  /* SQLite's own tables and the storage of the search index are derived;
   * the index itself is saved, so that it comes back as it was */
  return !g_str_has_prefix (name, "sqlite_") && !g_str_has_prefix (name, "search_index_");
}

static GPtrArray *
list_tables (sqlite3 *db)
{
  GPtrArray *tables = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (db, "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name",
                      -1, &stmt, NULL);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);

      if (is_saved_table (name))
        g_ptr_array_add (tables, g_strdup (name));
    }
  sqlite3_finalize (stmt);

  return tables;
}

static char *
quote_name (const char *name)
{
  g_auto(GStrv) parts = g_strsplit (name, "\"", -1);
  g_autofree char *joined = g_strjoinv ("\"\"", parts);

  return g_strdup_printf ("\"%s\"", joined);
}

static gboolean
dump_table (sqlite3      *db,
            const char   *table,
            JsonBuilder  *builder,
            GError      **error)
{
  g_autofree char *quoted = quote_name (table);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int rc;
  int n;

  if (g_str_equal (table, "search_index"))
    sql = g_strdup ("SELECT rowid, body FROM search_index ORDER BY rowid");
  else
    sql = g_strdup_printf ("SELECT * FROM %s ORDER BY rowid", quoted);
  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return _kontor_set_sqlite_error (db, rc, error);

  n = sqlite3_column_count (stmt);
  json_builder_set_member_name (builder, table);
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "columns");
  json_builder_begin_array (builder);
  for (int c = 0; c < n; c++)
    json_builder_add_string_value (builder, sqlite3_column_name (stmt, c));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "rows");
  json_builder_begin_array (builder);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      json_builder_begin_array (builder);
      for (int c = 0; c < n; c++)
        switch (sqlite3_column_type (stmt, c))
          {
          case SQLITE_INTEGER:
            json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, c));
            break;
          case SQLITE_FLOAT:
            {
              /* As text, so that the value comes back to the last bit */
              char buf[G_ASCII_DTOSTR_BUF_SIZE];

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "real");
              json_builder_add_string_value (builder,
                                             g_ascii_dtostr (buf, sizeof buf,
                                                             sqlite3_column_double (stmt, c)));
              json_builder_end_object (builder);
            }
            break;
          case SQLITE_BLOB:
            {
              g_autofree char *encoded = g_base64_encode (sqlite3_column_blob (stmt, c),
                                                          sqlite3_column_bytes (stmt, c));

              json_builder_begin_object (builder);
              json_builder_set_member_name (builder, "blob");
              json_builder_add_string_value (builder, encoded);
              json_builder_end_object (builder);
            }
            break;
          case SQLITE_NULL:
            json_builder_add_null_value (builder);
            break;
          default:
            json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, c));
            break;
          }
      json_builder_end_array (builder);
    }
  sqlite3_finalize (stmt);
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (db, rc, error);

  return TRUE;
}

typedef struct
{
  KontorRepository *repository;
  JsonBuilder      *builder;
} BackupData;

static gboolean
backup_cb (gpointer   user_data,
           GError   **error)
{
  BackupData *data = user_data;
  sqlite3 *db = _kontor_repository_get_db (data->repository);
  g_autoptr(GPtrArray) tables = list_tables (db);

  json_builder_begin_object (data->builder);
  json_builder_set_member_name (data->builder, "format");
  json_builder_add_string_value (data->builder, BACKUP_FORMAT);
  json_builder_set_member_name (data->builder, "schema_version");
  json_builder_add_int_value (data->builder, kontor_repository_get_schema_version ());
  json_builder_set_member_name (data->builder, "created_at");
  json_builder_add_int_value (data->builder, _kontor_now ());
  json_builder_set_member_name (data->builder, "tables");
  json_builder_begin_object (data->builder);
  for (guint i = 0; i < tables->len; i++)
    if (!dump_table (db, g_ptr_array_index (tables, i), data->builder, error))
      return FALSE;
  json_builder_end_object (data->builder);
  json_builder_end_object (data->builder);

  return TRUE;
}

/**
 * kontor_backup:
 *
 * Writes every table of the database to a JSON file, from one consistent
 * snapshot.
 */
gboolean
kontor_backup (KontorRepository  *repository,
               const char        *path,
               GError           **error)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonGenerator) generator = NULL;
  g_autoptr(JsonNode) root = NULL;
  BackupData data = { repository, builder };

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);

  if (!kontor_repository_run_in_transaction (repository, backup_cb, &data, error))
    return FALSE;

  root = json_builder_get_root (builder);
  generator = json_generator_new ();
  json_generator_set_root (generator, root);
  return json_generator_to_file (generator, path, error);
}

/* Restore ------------------------------------------------------------------ */

typedef struct
{
  KontorRepository *repository;
  JsonObject       *tables;
} RestoreData;

static gboolean
restore_table (sqlite3      *db,
               const char   *table,
               JsonObject   *object,
               GError      **error)
{
  JsonArray *columns = json_object_get_array_member (object, "columns");
  JsonArray *rows = json_object_get_array_member (object, "rows");
  g_autofree char *quoted = quote_name (table);
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;
  guint n;
  int rc;

  if (columns == NULL || rows == NULL)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT,
                   _("The backup of table “%s” is damaged"), table);
      return FALSE;
    }

  n = json_array_get_length (columns);
  g_string_append_printf (sql, "INSERT INTO %s (", quoted);
  for (guint c = 0; c < n; c++)
    {
      g_autofree char *column = quote_name (json_array_get_string_element (columns, c));
      g_string_append_printf (sql, "%s%s", c ? ", " : "", column);
    }
  g_string_append (sql, ") VALUES (");
  for (guint c = 0; c < n; c++)
    g_string_append (sql, c ? ", ?" : "?");
  g_string_append (sql, ")");

  rc = sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _kontor_set_sqlite_error (db, rc, error);
      g_prefix_error (error, _("Table “%s” does not fit this version of Kontor: "), table);
      return FALSE;
    }

  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonArray *row = json_array_get_array_element (rows, r);

      if (row == NULL || json_array_get_length (row) != n)
        {
          sqlite3_finalize (stmt);
          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT,
                       _("The backup of table “%s” is damaged at row %u"), table, r + 1);
          return FALSE;
        }

      for (guint c = 0; c < n; c++)
        {
          JsonNode *node = json_array_get_element (row, c);

          if (JSON_NODE_HOLDS_NULL (node))
            sqlite3_bind_null (stmt, c + 1);
          else if (JSON_NODE_HOLDS_OBJECT (node))
            {
              JsonObject *value = json_node_get_object (node);

              if (json_object_has_member (value, "blob"))
                {
                  gsize len = 0;
                  guchar *bytes = g_base64_decode (json_object_get_string_member (value, "blob"),
                                                   &len);
                  sqlite3_bind_blob (stmt, c + 1, bytes, len, g_free);
                }
              else
                sqlite3_bind_double (stmt, c + 1,
                                     g_ascii_strtod (json_object_get_string_member_with_default (
                                                       value, "real", "0"), NULL));
            }
          else if (json_node_get_value_type (node) == G_TYPE_INT64)
            sqlite3_bind_int64 (stmt, c + 1, json_node_get_int (node));
          else if (json_node_get_value_type (node) == G_TYPE_STRING)
            sqlite3_bind_text (stmt, c + 1, json_node_get_string (node), -1, SQLITE_TRANSIENT);
          else
            sqlite3_bind_null (stmt, c + 1);
        }

      rc = sqlite3_step (stmt);
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      if (rc != SQLITE_DONE)
        {
          sqlite3_finalize (stmt);
          _kontor_set_sqlite_error (db, rc, error);
          g_prefix_error (error, _("Table “%s”, row %u: "), table, r + 1);
          return FALSE;
        }
    }

  sqlite3_finalize (stmt);
  return TRUE;
}

static int
compare_search_index_last (gconstpointer a,
                           gconstpointer b)
{
  const char *ta = *(const char * const *) a;
  const char *tb = *(const char * const *) b;
  gboolean ia = g_str_equal (ta, "search_index");
  gboolean ib = g_str_equal (tb, "search_index");

  if (ia != ib)
    return ia ? 1 : -1;
  return strcmp (ta, tb);
}

static gboolean
restore_cb (gpointer   user_data,
            GError   **error)
{
  RestoreData *data = user_data;
  sqlite3 *db = _kontor_repository_get_db (data->repository);
  g_autoptr(GPtrArray) tables = list_tables (db);
  static const char * const records[] = {
    "leads", "contacts", "companies", "deals", "activities", "products", "invoices", NULL
  };

  /* Only into a database without records: the default pipeline, stages and
   * settings of a new file are replaced by those of the backup */
  for (guint i = 0; records[i] != NULL; i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT EXISTS (SELECT 1 FROM %s)", records[i]);
      sqlite3_stmt *stmt = NULL;
      gboolean any = FALSE;

      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        any = sqlite3_column_int (stmt, 0);
      sqlite3_finalize (stmt);
      if (any)
        {
          g_set_error_literal (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT,
                               _("A backup can only be restored into an empty database"));
          return FALSE;
        }
    }

  if (!_kontor_repository_exec (data->repository, "PRAGMA defer_foreign_keys = ON", error))
    return FALSE;

  for (guint i = 0; i < tables->len; i++)
    {
      g_autofree char *quoted = quote_name (g_ptr_array_index (tables, i));
      g_autofree char *sql = g_strdup_printf ("DELETE FROM %s", quoted);

      if (!_kontor_repository_exec (data->repository, sql, error))
        return FALSE;
    }

  /* The search index last: the triggers fill it as rows come back, and then
   * it gets exactly what it held */
  g_ptr_array_sort (tables, compare_search_index_last);
  for (guint i = 0; i < tables->len; i++)
    {
      const char *table = g_ptr_array_index (tables, i);
      JsonObject *object = json_object_get_object_member (data->tables, table);

      if (g_str_equal (table, "search_index") &&
          !_kontor_repository_exec (data->repository, "DELETE FROM search_index", error))
        return FALSE;

      if (object == NULL)
        {
          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT,
                       _("The backup has no table “%s”"), table);
          return FALSE;
        }
      if (!restore_table (db, table, object, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * kontor_restore:
 *
 * Fills an empty database from a backup made by kontor_backup() with the
 * same schema version, in one transaction.
 */
gboolean
kontor_restore (KontorRepository  *repository,
                const char        *path,
                GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonObject *root;
  RestoreData data = { repository, NULL };
  gint64 version;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);

  if (!json_parser_load_from_mapped_file (parser, path, error))
    return FALSE;

  root = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
         ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  if (root == NULL ||
      g_strcmp0 (json_object_get_string_member_with_default (root, "format", ""),
                 BACKUP_FORMAT) != 0 ||
      !json_object_has_member (root, "tables"))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT,
                   _("%s is not a Kontor backup"), path);
      return FALSE;
    }

  version = json_object_get_int_member_with_default (root, "schema_version", 0);
  if (version != kontor_repository_get_schema_version ())
    {
      g_set_error (error, KONTOR_ERROR, version > kontor_repository_get_schema_version ()
                   ? KONTOR_ERROR_TOO_NEW : KONTOR_ERROR_INVALID,
                   _("The backup has schema version %" PRId64 "; this Kontor needs "
                     "version %u"), version, kontor_repository_get_schema_version ());
      return FALSE;
    }

  data.tables = json_object_get_object_member (root, "tables");
  if (!kontor_repository_run_in_transaction (repository, restore_cb, &data, error))
    return FALSE;

  kontor_repository_reload_all (repository);
  return TRUE;
}
