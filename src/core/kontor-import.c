/* kontor-import.c: CSV import with mapping, duplicates, dry run and undo
 *
 * An import runs on its own connection to the database, in one write
 * transaction: a cancelled or failed import leaves nothing behind. A dry
 * run is the same import rolled back at the end, so its counts are exact.
 *
 * Contacts and companies take a fast path: statements prepared once, ids
 * chosen up front, and the search index paused (see
 * resources/sql/0009-bulk-search.sql) and filled from the records a few
 * thousand at a time. Duplicates are found with the same indexed queries
 * for the records already there and for those of the file itself. Other
 * records go through kontor_repository_save(), which knows their rules
 * (deal stages…).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-import"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "kontor-backup.h"
#include "kontor-company.h"
#include "kontor-contact.h"
#include "kontor-csv-reader.h"
#include "kontor-deal.h"
#include "kontor-duplicates.h"
#include "kontor-entity-private.h"
#include "kontor-error.h"
#include "kontor-import-private.h"
#include "kontor-import.h"
#include "kontor-lead.h"
#include "kontor-photo.h"
#include "kontor-product.h"
#include "kontor-repository-private.h"
#include "kontor-stage.h"

#define MAX_REASONS 1000

struct _KontorImport
{
  GObject           parent_instance;

  KontorRepository *repository;
  GType             entity_type;
  char             *path;
  char             *encoding;
  char              delimiter;
  gboolean          has_header;
  GPtrArray        *titles;    /* char *, one per column */
  GPtrArray        *mapping;   /* char * field name or NULL, one per column */
  KontorDuplicates  duplicates;
  char             *rejects_path;
  gint              permille;  /* progress of a run, atomic */
  gboolean          delete_file;
  GPtrArray        *photos;    /* GBytes or NULL per row of data, from the cards of a vCard */
};

G_DEFINE_FINAL_TYPE (KontorImport, kontor_import, G_TYPE_OBJECT)

/* Known column titles: Bitrix24 codes and Russian headers, Google Contacts,
 * Outlook and Kontor's own export. Candidates are tried in order against
 * the fields of the entity imported. */
static const struct
{
  const char *title;
  const char *fields;
} aliases[] = {
  /* Bitrix24 */
  { "name", "first_name|name" },
  { "last_name", "last_name" },
  { "second_name", "middle_name" },
  { "phone_work", "phone" }, { "phone_mobile", "phone" }, { "phone_home", "phone" },
  { "phone_other", "phone" }, { "phone", "phone" },
  { "email_work", "email" }, { "email_home", "email" }, { "email_other", "email" },
  { "email", "email" },
  { "post", "position" },
  { "address", "address" },
  { "comments", "comment" },
  { "source_id", "source" },
  { "title", "title|name" },
  { "company_title", "company|company_name|name" },
  { "assigned_by_id", "responsible" },
  { "opportunity", "amount" },
  { "currency_id", "currency" },
  { "stage_id", "stage" },
  { "birthdate", "birthday" },
  { "web", "website" },
  /* Russian headers */
  { "имя", "first_name" },
  { "фамилия", "last_name" },
  { "отчество", "middle_name" },
  { "телефон", "phone" }, { "рабочий телефон", "phone" }, { "мобильный телефон", "phone" },
  { "домашний телефон", "phone" },
  { "e-mail", "email" }, { "email", "email" }, { "рабочий e-mail", "email" },
  { "электронная почта", "email" }, { "личный e-mail", "email" },
  { "должность", "position" },
  { "компания", "company|company_name|name" },
  { "название компании", "company|company_name|name" },
  { "источник", "source" },
  { "ответственный", "responsible" },
  { "адрес", "address" },
  { "комментарий", "comment" },
  { "название", "title|name" },
  { "название лида", "title" },
  { "название сделки", "title" },
  { "сумма", "amount" },
  { "валюта", "currency" },
  { "стадия", "stage" },
  { "стадия сделки", "stage" },
  { "дата рождения", "birthday" },
  { "сайт", "website" },
  { "инн", "tax_id" },
  { "кпп", "kpp" },
  { "цена", "price" },
  { "артикул", "sku" },
  { "описание", "description" },
  { "единица измерения", "unit" },
  /* Google Contacts */
  { "given name", "first_name" },
  { "additional name", "middle_name" },
  { "family name", "last_name" },
  { "organization 1 - name", "company|company_name" },
  { "organization 1 - title", "position" },
  { "organization name", "company|company_name" },
  { "organization title", "position" },
  { "e-mail 1 - value", "email" }, { "e-mail 2 - value", "email" },
  { "e-mail 3 - value", "email" },
  { "phone 1 - value", "phone" }, { "phone 2 - value", "phone" }, { "phone 3 - value", "phone" },
  { "address 1 - formatted", "address" },
  { "notes", "comment" },
  { "birthday", "birthday" },
  /* Outlook */
  { "first name", "first_name" },
  { "middle name", "middle_name" },
  { "last name", "last_name" },
  { "company", "company|company_name|name" },
  { "job title", "position" },
  { "e-mail address", "email" }, { "e-mail 2 address", "email" }, { "e-mail 3 address", "email" },
  { "business phone", "phone" }, { "mobile phone", "phone" }, { "home phone", "phone" },
  { "business phone 2", "phone" }, { "other phone", "phone" },
  { "business street", "address" },
  { "web page", "website" },
};

static gboolean
field_is_importable (const KontorField *field)
{
  if (field->flags & KONTOR_FIELD_COMPUTED)
    return FALSE;
  if (field->type == KONTOR_FIELD_REF)
    return g_strv_contains ((const char *[]) { "company", "contact", "stage", "pipeline", NULL },
                            field->ref_kind);
  return TRUE;
}

static const KontorField *
find_importable_field (GType       type,
                       const char *name)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  const KontorField *field = kontor_entity_class_find_field (KONTOR_ENTITY_CLASS (klass), name);

  return field != NULL && field_is_importable (field) ? field : NULL;
}

static const char *
guess_field (GType       type,
             const char *title)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);
  g_autofree char *folded = g_utf8_strdown (title, -1);
  g_autofree char *key = g_strstrip (g_strdup (folded));

  for (guint i = 0; i < G_N_ELEMENTS (aliases); i++)
    {
      g_auto(GStrv) candidates = NULL;

      if (!g_str_equal (aliases[i].title, key))
        continue;
      candidates = g_strsplit (aliases[i].fields, "|", -1);
      for (guint j = 0; candidates[j] != NULL; j++)
        {
          const KontorField *field = find_importable_field (type, candidates[j]);

          if (field != NULL)
            return field->name;
        }
    }

  /* Kontor's own names and labels */
  for (guint i = 0; i < entity_class->n_fields; i++)
    {
      const KontorField *field = &entity_class->fields[i];
      g_autofree char *label = g_utf8_strdown (kontor_field_get_label (field), -1);
      g_autofree char *untranslated = g_utf8_strdown (field->label, -1);

      if (!field_is_importable (field))
        continue;
      if (g_str_equal (field->name, key) || g_str_equal (label, key) ||
          g_str_equal (untranslated, key))
        return field->name;
    }

  return NULL;
}

static void
auto_map (KontorImport *self)
{
  g_ptr_array_set_size (self->mapping, 0);
  for (guint i = 0; i < self->titles->len; i++)
    {
      const char *field = self->has_header ? guess_field (self->entity_type,
                                                          g_ptr_array_index (self->titles, i))
                                           : NULL;
      g_ptr_array_add (self->mapping, g_strdup (field));
    }
}

void
kontor_import_result_free (KontorImportResult *result)
{
  if (result == NULL)
    return;
  g_clear_pointer (&result->reasons, g_ptr_array_unref);
  g_free (result);
}

static void
kontor_import_finalize (GObject *object)
{
  KontorImport *self = (KontorImport *) object;

  g_clear_object (&self->repository);
  if (self->delete_file)
    g_unlink (self->path);
  g_free (self->path);
  g_free (self->encoding);
  g_free (self->rejects_path);
  g_ptr_array_unref (self->titles);
  g_ptr_array_unref (self->mapping);
  g_clear_pointer (&self->photos, g_ptr_array_unref);

  G_OBJECT_CLASS (kontor_import_parent_class)->finalize (object);
}

static void
kontor_import_class_init (KontorImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = kontor_import_finalize;
}

static void
kontor_import_init (KontorImport *self)
{
  self->titles = g_ptr_array_new_with_free_func (g_free);
  self->mapping = g_ptr_array_new_with_free_func (g_free);
  /* A client already in Kontor is not added twice unless asked */
  self->duplicates = KONTOR_DUPLICATES_SKIP;
}

/**
 * kontor_import_new:
 * @encoding: (nullable): an encoding name, or %NULL to detect it
 *
 * Opens @path, detects its encoding, delimiter and header, and maps the
 * columns it recognises.
 */
KontorImport *
kontor_import_new (KontorRepository  *repository,
                   GType              entity_type,
                   const char        *path,
                   const char        *encoding,
                   GError           **error)
{
  g_autoptr(KontorImport) self = NULL;
  g_autoptr(KontorCsvReader) reader = NULL;
  const char * const *fields;
  guint n;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (g_type_is_a (entity_type, KONTOR_TYPE_ENTITY), NULL);

  reader = kontor_csv_reader_new_for_path (path, encoding, 0, error);
  if (reader == NULL)
    return NULL;

  if (!kontor_csv_reader_next_row (reader, NULL, error))
    {
      if (error != NULL && *error == NULL)
        g_set_error_literal (error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_EMPTY,
                             _("The file is empty"));
      return NULL;
    }

  self = g_object_new (KONTOR_TYPE_IMPORT, NULL);
  self->repository = g_object_ref (repository);
  self->entity_type = entity_type;
  self->path = g_strdup (path);
  self->encoding = g_strdup (kontor_csv_reader_get_encoding (reader));
  self->delimiter = kontor_csv_reader_get_delimiter (reader);

  fields = kontor_csv_reader_get_fields (reader);
  n = kontor_csv_reader_get_n_fields (reader);
  self->has_header = kontor_csv_row_looks_like_header (fields, n);
  for (guint i = 0; i < n; i++)
    {
      if (self->has_header)
        g_ptr_array_add (self->titles, g_strdup (fields[i]));
      else
        g_ptr_array_add (self->titles, g_strdup_printf (_("Column %u"), i + 1));
    }

  /* Even a header with a number in it is a header when we know its names */
  if (!self->has_header)
    {
      guint known = 0;

      for (guint i = 0; i < n; i++)
        known += guess_field (entity_type, fields[i]) != NULL ? 1 : 0;
      if (known * 2 >= n)
        {
          self->has_header = TRUE;
          for (guint i = 0; i < n; i++)
            {
              g_free (self->titles->pdata[i]);
              self->titles->pdata[i] = g_strdup (fields[i]);
            }
        }
    }

  auto_map (self);

  return g_steal_pointer (&self);
}

GType
kontor_import_get_entity_type (KontorImport *self)
{
  g_return_val_if_fail (KONTOR_IS_IMPORT (self), G_TYPE_INVALID);

  return self->entity_type;
}

const char *
kontor_import_get_encoding (KontorImport *self)
{
  g_return_val_if_fail (KONTOR_IS_IMPORT (self), NULL);

  return self->encoding;
}

char
kontor_import_get_delimiter (KontorImport *self)
{
  g_return_val_if_fail (KONTOR_IS_IMPORT (self), 0);

  return self->delimiter;
}

gboolean
kontor_import_get_has_header (KontorImport *self)
{
  g_return_val_if_fail (KONTOR_IS_IMPORT (self), FALSE);

  return self->has_header;
}

void
kontor_import_set_has_header (KontorImport *self,
                              gboolean      has_header)
{
  g_return_if_fail (KONTOR_IS_IMPORT (self));

  self->has_header = !!has_header;
}

guint
kontor_import_get_n_columns (KontorImport *self)
{
  g_return_val_if_fail (KONTOR_IS_IMPORT (self), 0);

  return self->titles->len;
}

const char *
kontor_import_get_column_title (KontorImport *self,
                                guint         column)
{
  g_return_val_if_fail (KONTOR_IS_IMPORT (self), NULL);
  g_return_val_if_fail (column < self->titles->len, NULL);

  return g_ptr_array_index (self->titles, column);
}

/* The field a column goes to, or %NULL when it is ignored */
const char *
kontor_import_get_column_field (KontorImport *self,
                                guint         column)
{
  g_return_val_if_fail (KONTOR_IS_IMPORT (self), NULL);
  g_return_val_if_fail (column < self->mapping->len, NULL);

  return g_ptr_array_index (self->mapping, column);
}

gboolean
kontor_import_set_column_field (KontorImport *self,
                                guint         column,
                                const char   *field)
{
  const KontorField *found = NULL;

  g_return_val_if_fail (KONTOR_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (column < self->mapping->len, FALSE);

  if (field != NULL && *field != '\0')
    {
      found = find_importable_field (self->entity_type, field);
      if (found == NULL)
        return FALSE;
    }

  g_free (self->mapping->pdata[column]);
  self->mapping->pdata[column] = found ? g_strdup (found->name) : NULL;
  return TRUE;
}

/* A mapping file has one line per column: "TITLE=FIELD" or "NUMBER=FIELD"
 * (counting from 1); an empty FIELD ignores the column. Columns it does not
 * name keep their automatic mapping. */
gboolean
kontor_import_load_mapping (KontorImport  *self,
                            const char    *path,
                            GError       **error)
{
  g_autofree char *contents = NULL;
  g_auto(GStrv) lines = NULL;

  g_return_val_if_fail (KONTOR_IS_IMPORT (self), FALSE);

  if (!g_file_get_contents (path, &contents, NULL, error))
    return FALSE;

  lines = g_strsplit (contents, "\n", -1);
  for (guint l = 0; lines[l] != NULL; l++)
    {
      char *line = g_strstrip (lines[l]);
      char *eq = strrchr (line, '=');
      const char *key, *field;
      guint64 number = 0;
      gint column = -1;

      if (*line == '\0' || *line == '#')
        continue;
      if (eq == NULL)
        {
          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                       _("%s, line %u: expected COLUMN=FIELD"), path, l + 1);
          return FALSE;
        }
      *eq = '\0';
      key = g_strstrip (line);
      field = g_strstrip (eq + 1);

      for (guint i = 0; i < self->titles->len; i++)
        if (g_str_equal (g_ptr_array_index (self->titles, i), key))
          column = i;
      if (column < 0 && g_ascii_string_to_unsigned (key, 10, 1, self->titles->len, &number, NULL))
        column = number - 1;
      if (column < 0)
        {
          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                       _("%s, line %u: the file has no column “%s”"), path, l + 1, key);
          return FALSE;
        }
      if (!kontor_import_set_column_field (self, column, field))
        {
          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                       _("%s, line %u: no field “%s” can be imported"), path, l + 1, field);
          return FALSE;
        }
    }

  return TRUE;
}

/* The names of the fields a column can be mapped to */
GStrv
kontor_import_list_fields (GType entity_type)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (entity_type);
  KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < entity_class->n_fields; i++)
    if (field_is_importable (&entity_class->fields[i]))
      g_strv_builder_add (builder, entity_class->fields[i].name);

  return g_strv_builder_end (builder);
}

KontorDuplicates
kontor_import_get_duplicates (KontorImport *self)
{
  g_return_val_if_fail (KONTOR_IS_IMPORT (self), KONTOR_DUPLICATES_ALLOW);

  return self->duplicates;
}

void
kontor_import_set_duplicates (KontorImport     *self,
                              KontorDuplicates  duplicates)
{
  g_return_if_fail (KONTOR_IS_IMPORT (self));

  self->duplicates = duplicates;
}

static const char * const duplicate_names[] = { "allow", "skip", "merge", "replace", NULL };

gboolean
kontor_import_parse_duplicates (const char       *text,
                                KontorDuplicates *out_duplicates)
{
  for (guint i = 0; duplicate_names[i] != NULL; i++)
    if (g_strcmp0 (text, duplicate_names[i]) == 0)
      {
        *out_duplicates = i;
        return TRUE;
      }

  return FALSE;
}

/* Whether the file is removed with the import (a converted temporary file) */
void
kontor_import_set_delete_file (KontorImport *self,
                               gboolean      delete_file)
{
  g_return_if_fail (KONTOR_IS_IMPORT (self));

  self->delete_file = !!delete_file;
}

void
kontor_import_set_rejects_path (KontorImport *self,
                                const char   *path)
{
  g_return_if_fail (KONTOR_IS_IMPORT (self));

  g_free (self->rejects_path);
  self->rejects_path = g_strdup (path);
}

double
kontor_import_get_fraction (KontorImport *self)
{
  g_return_val_if_fail (KONTOR_IS_IMPORT (self), 0.0);

  return g_atomic_int_get (&self->permille) / 1000.0;
}

/* The run ------------------------------------------------------------------ */

typedef struct
{
  gint64 first;
  gint64 last;
} IdRange;

typedef struct
{
  gint64   id;
  GBytes  *photo;
  gboolean replace;
} PhotoItem;

static void
photo_item_free (gpointer data)
{
  PhotoItem *item = data;

  g_bytes_unref (item->photo);
  g_free (item);
}

typedef struct
{
  KontorImport       *self;
  KontorRepository   *repo;
  KontorEntityClass  *klass;
  gboolean            dry_run;
  gboolean            fast;
  GCancellable       *cancellable;
  KontorImportResult *result;
  KontorCsvReader    *reader;
  guint64             total_bytes;
  GHashTable         *companies;    /* name → id */
  GPtrArray          *keep;         /* entities saved in the transaction */
  GHashTable         *created;      /* kind → IdRange */
  gint64              next_id;      /* fast path: the id of the next record */
  gint64              company_next_id;
  gint64              indexed_to;   /* fast path: the last record in the search index */
  gint64              company_indexed_to;
  guint               pending;      /* records written but not yet indexed */
  gboolean            paused;       /* the search index triggers are */
  GRand              *rand;         /* for UUIDs */
  guint64             uuid_ms;
  guint64             uuid_counter;
  GHashTable         *batch_keys;   /* phones, e-mails and names of the staged rows → id */
  sqlite3_stmt       *insert_stmt;  /* fast path statements, prepared once */
  sqlite3_stmt       *company_insert_stmt;
  sqlite3_stmt       *point_stmt;
  sqlite3_stmt       *timeline_stmt;
  sqlite3_stmt       *find_point_stmt;
  sqlite3_stmt       *find_name_stmt;
  guint              *order;        /* columns, the currency first */
  GString            *rejects;
  GOutputStream      *rejects_out;
  char               *file_name;
  gint64              now;
  char               *company_name;  /* of the row being imported */
  const char         *company_field;
  GPtrArray          *photos;       /* PhotoItem, written once every record is in its table */
} Run;

static void
add_reason (Run        *run,
            guint64     row,
            const char *reason)
{
  if (run->result->reasons->len < MAX_REASONS)
    g_ptr_array_add (run->result->reasons,
                     g_strdup_printf (_("Row %" PRIu64 ": %s"), row, reason));
}

static gboolean
write_reject (Run                 *run,
              const char * const  *fields,
              guint                n_fields,
              const char          *reason,
              GError             **error)
{
  if (run->rejects_out == NULL)
    return TRUE;

  g_string_truncate (run->rejects, 0);
  for (guint i = 0; i < n_fields; i++)
    {
      kontor_csv_write_field (run->rejects, fields[i], run->self->delimiter);
      g_string_append_c (run->rejects, run->self->delimiter);
    }
  kontor_csv_write_field (run->rejects, reason, run->self->delimiter);
  g_string_append (run->rejects, "\r\n");

  return g_output_stream_write_all (run->rejects_out, run->rejects->str, run->rejects->len,
                                    NULL, NULL, error);
}

static gboolean
reject (Run                 *run,
        guint64              row,
        const char * const  *fields,
        guint                n_fields,
        const char          *reason,
        GError             **error)
{
  run->result->errors++;
  add_reason (run, row, reason);
  return write_reject (run, fields, n_fields, reason, error);
}

static void
note_created (Run        *run,
              const char *kind,
              gint64      id)
{
  IdRange *range = g_hash_table_lookup (run->created, kind);

  if (range == NULL)
    {
      range = g_new0 (IdRange, 1);
      range->first = id;
      g_hash_table_insert (run->created, (gpointer) g_intern_string (kind), range);
    }
  range->first = MIN (range->first, id);
  range->last = MAX (range->last, id);
}

static gboolean
step (KontorRepository  *repo,
      KontorStmt        *stmt,
      GError           **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (repo), rc, error);

  return TRUE;
}

static gint64
query_id (KontorRepository *repo,
          const char       *sql,
          GError          **error)
{
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (repo, sql, error);

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _kontor_set_sqlite_error (_kontor_repository_get_db (repo),
                                sqlite3_errcode (_kontor_repository_get_db (repo)), error);
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

static char *
dup_columns (KontorEntityClass *klass)
{
  GString *sql = g_string_new ("id, uuid, created_at, updated_at");

  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].type != KONTOR_FIELD_LIST)
      {
        g_autofree char *column = kontor_field_dup_column (&klass->fields[i]);
        g_string_append_printf (sql, ", %s", column);
      }

  return g_string_free (sql, FALSE);
}

/* Into the table itself or into the staging table, with the reduced name
 * used to find duplicates */
static char *
build_insert_sql (KontorEntityClass *klass,
                  gboolean           staged)
{
  GString *sql = g_string_new (NULL);
  g_autofree char *columns = dup_columns (klass);

  g_string_append_printf (sql, "INSERT INTO %s (%s, normalized_name) VALUES (?, ?, ?, ?",
                          staged ? "temp.import_rows" : klass->table, columns);
  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].type != KONTOR_FIELD_LIST)
      g_string_append (sql, ", ?");
  g_string_append (sql, ", ?)");

  return g_string_free (sql, FALSE);
}

static gboolean
prepare (Run            *run,
         const char     *sql,
         sqlite3_stmt  **stmt,
         GError        **error)
{
  sqlite3 *db = _kontor_repository_get_db (run->repo);
  int rc = sqlite3_prepare_v3 (db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt, NULL);

  if (rc != SQLITE_OK)
    return _kontor_set_sqlite_error (db, rc, error);

  return TRUE;
}

/* Steps a statement of the run and makes it ready for the next row */
static gboolean
step_reset (Run           *run,
            sqlite3_stmt  *stmt,
            GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (run->repo), rc, error);

  return TRUE;
}

/* A version 7 UUID (RFC 9562): the time of the run in milliseconds, then
 * a counter started at a random value, then random bits. The UUIDs of an
 * import increase, so they go to the end of the tables' UUID indexes instead
 * of into random pages: random ones made every batch touch (and journal, see
 * INDEX_BATCH) a page per UUID, more pages the bigger the tables. Formatted
 * here: g_uuid_string_random() locks the global generator and formats with
 * printf, a good part of the cost of a row. */
static void
next_uuid (Run  *run,
           char  out[37])
{
  static const char hex[] = "0123456789abcdef";
  guint64 counter = run->uuid_counter++;
  guint32 r = g_rand_int (run->rand);
  guint8 bytes[16];
  guint j = 0;

  for (guint i = 0; i < 6; i++)
    bytes[i] = (guint8) (run->uuid_ms >> (40 - 8 * i));
  bytes[6] = 0x70 | ((counter >> 38) & 0x0f);
  bytes[7] = (guint8) (counter >> 30);
  bytes[8] = 0x80 | ((counter >> 24) & 0x3f);
  bytes[9] = (guint8) (counter >> 16);
  bytes[10] = (guint8) (counter >> 8);
  bytes[11] = (guint8) counter;
  memcpy (bytes + 12, &r, 4);

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        out[j++] = '-';
      out[j++] = hex[bytes[i] >> 4];
      out[j++] = hex[bytes[i] & 0xf];
    }
  out[j] = '\0';
}

/* Writing records one statement each costs a statement journal per row
 * (the tables have triggers and several indexes: SQLite saves every page a
 * statement touches, to undo a half-done statement) and, with the search
 * index triggers on, a flush of the index's pending terms per statement
 * (FTS5 syncs at every statement savepoint). New records are therefore
 * staged in temporary tables without indexes or triggers and moved over
 * this many at a time with the search triggers paused; then they are
 * indexed from the search body views, one statement per kind. */
#define INDEX_BATCH 8192

static gboolean
create_staging (Run     *run,
                GError **error)
{
  g_autofree char *columns = dup_columns (run->klass);
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("DROP TABLE IF EXISTS temp.import_rows;"
                         "DROP TABLE IF EXISTS temp.import_points;"
                         "CREATE TEMP TABLE import_rows AS SELECT %s, normalized_name "
                         "FROM %s WHERE 0;"
                         "CREATE TEMP TABLE import_points AS SELECT uuid, created_at, "
                         "updated_at, owner_kind, owner_id, kind, value, normalized, position "
                         "FROM contact_points WHERE 0;",
                         columns, run->klass->table);

  return _kontor_repository_exec (run->repo, sql, error);
}

/* Moves the staged records to their tables */
static gboolean
flush_staging (Run     *run,
               GError **error)
{
  g_autofree char *columns = dup_columns (run->klass);
  g_autofree char *sql = NULL;

  sql = g_strdup_printf ("INSERT INTO %s (%s, normalized_name) "
                         "SELECT %s, normalized_name FROM temp.import_rows ORDER BY id;"
                         "INSERT INTO contact_points (uuid, created_at, updated_at, owner_kind, "
                         "owner_id, kind, value, normalized, position) "
                         "SELECT * FROM temp.import_points;"
                         "DELETE FROM temp.import_rows;"
                         "DELETE FROM temp.import_points;",
                         run->klass->table, columns, columns);
  if (!_kontor_repository_exec (run->repo, sql, error))
    return FALSE;

  g_hash_table_remove_all (run->batch_keys);
  return TRUE;
}

static gboolean
set_paused (Run       *run,
            gboolean   paused,
            GError   **error)
{
  if (run->paused == paused)
    return TRUE;
  if (!_kontor_repository_exec (run->repo,
                                paused ? "INSERT INTO search_paused (reason) VALUES ('import')"
                                       : "DELETE FROM search_paused WHERE reason = 'import'",
                                error))
    return FALSE;

  run->paused = paused;
  return TRUE;
}

static gboolean
index_range (Run                *run,
             KontorEntityClass  *klass,
             gint64              first,
             gint64              last,
             GError            **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  g_autofree char *sql = NULL;

  if (first > last)
    return TRUE;

  sql = g_strdup_printf ("INSERT INTO search_index (rowid, body) SELECT ?3 + id, body "
                         "FROM %s_search_body WHERE id BETWEEN ?1 AND ?2", klass->table);
  stmt = _kontor_repository_prepare (run->repo, sql, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, first);
  sqlite3_bind_int64 (stmt, 2, last);
  sqlite3_bind_int64 (stmt, 3, KONTOR_SEARCH_ROWID (klass->search_code, 0));

  return step (run->repo, stmt, error);
}

/* Puts the records written since the last time into the search index */
static gboolean
flush_index (Run     *run,
             GError **error)
{
  g_autoptr(GTypeClass) company_class = NULL;

  /* Records written with the triggers on are in the index already */
  if (run->pending == 0 || !run->paused)
    {
      run->pending = 0;
      return TRUE;
    }

  company_class = g_type_class_ref (KONTOR_TYPE_COMPANY);
  if ((run->fast && !flush_staging (run, error)) ||
      !index_range (run, run->klass, run->indexed_to + 1, run->next_id - 1, error) ||
      (run->company_next_id > 0 &&
       !index_range (run, KONTOR_ENTITY_CLASS (company_class), run->company_indexed_to + 1,
                     run->company_next_id - 1, error)))
    return FALSE;

  run->indexed_to = run->next_id - 1;
  if (run->company_next_id > 0)
    run->company_indexed_to = run->company_next_id - 1;
  run->pending = 0;
  return TRUE;
}

static gboolean
prepare_fast (Run     *run,
              GError **error)
{
  g_autoptr(GTypeClass) company_class = g_type_class_ref (KONTOR_TYPE_COMPANY);
  g_autofree char *insert_sql = build_insert_sql (run->klass, TRUE);
  g_autofree char *company_sql = build_insert_sql (KONTOR_ENTITY_CLASS (company_class), FALSE);
  g_autofree char *find_point_sql = NULL;
  g_autofree char *find_name_sql = NULL;
  KontorEntityClass *klass = run->klass;

  find_point_sql = g_strdup_printf ("SELECT cp.owner_id FROM contact_points cp JOIN %s t "
                                    "ON t.id = cp.owner_id WHERE cp.kind = ?1 "
                                    "AND cp.normalized = ?2 AND cp.owner_kind = ?3 "
                                    "AND cp.deleted_at IS NULL AND t.deleted_at IS NULL LIMIT 1",
                                    klass->table);
  if (kontor_entity_class_find_field (klass, "last_name") != NULL)
    find_name_sql = g_strdup_printf ("SELECT id FROM %s WHERE last_name = ?1 "
                                     "AND first_name = ?2 AND deleted_at IS NULL LIMIT 1",
                                     klass->table);
  else if (kontor_entity_class_find_field (klass, "name") != NULL)
    find_name_sql = g_strdup_printf ("SELECT id FROM %s WHERE name = ?1 "
                                     "AND deleted_at IS NULL LIMIT 1", klass->table);
  else if (kontor_entity_class_find_field (klass, "title") != NULL)
    find_name_sql = g_strdup_printf ("SELECT id FROM %s WHERE title = ?1 "
                                     "AND deleted_at IS NULL LIMIT 1", klass->table);

  return (!run->fast || create_staging (run, error)) &&
         (!run->fast || prepare (run, insert_sql, &run->insert_stmt, error)) &&
         prepare (run, company_sql, &run->company_insert_stmt, error) &&
         prepare (run, run->fast
                       ? "INSERT INTO temp.import_points (uuid, created_at, updated_at, "
                         "owner_kind, owner_id, kind, value, normalized, position) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
                       : "INSERT INTO contact_points (uuid, created_at, updated_at, "
                         "owner_kind, owner_id, kind, value, normalized, position) "
                         "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", &run->point_stmt, error) &&
         prepare (run, "INSERT INTO timeline (uuid, created_at, updated_at, entity_kind, "
                  "entity_id, event, text) VALUES (?, ?, ?, ?, ?, 'created', ?)",
                  &run->timeline_stmt, error) &&
         prepare (run, find_point_sql, &run->find_point_stmt, error) &&
         (find_name_sql == NULL || prepare (run, find_name_sql, &run->find_name_stmt, error));
}

static void
bind_value (KontorStmt        *stmt,
            int                index,
            const KontorField *field,
            const GValue      *value)
{
  switch (field->type)
    {
    case KONTOR_FIELD_TEXT:
    case KONTOR_FIELD_ENUM:
    case KONTOR_FIELD_DATE:
      if (g_value_get_string (value) == NULL)
        sqlite3_bind_null (stmt, index);
      else
        sqlite3_bind_text (stmt, index, g_value_get_string (value), -1, SQLITE_STATIC);
      break;
    case KONTOR_FIELD_BOOL:
      sqlite3_bind_int (stmt, index, g_value_get_boolean (value) ? 1 : 0);
      break;
    case KONTOR_FIELD_REF:
    case KONTOR_FIELD_TIMESTAMP:
      if (g_value_get_int64 (value) == 0)
        sqlite3_bind_null (stmt, index);
      else
        sqlite3_bind_int64 (stmt, index, g_value_get_int64 (value));
      break;
    default:
      sqlite3_bind_int64 (stmt, index, g_value_get_int64 (value));
      break;
    }
}

/* An international number written with only digits, spaces, dashes and
 * parentheses ("+7 (912) 345-67-89") is its digits in E.164: the answer
 * libphonenumber gives, without its cost (a regular expression match per
 * number, most of an import's time). Anything else goes to it. */
static char *
normalize_phone (const char *phone)
{
  char digits[32];
  guint n = 0;

  if (phone[0] != '+' || strstr (phone, "(0)") != NULL)
    return _kontor_phone_normalize (phone);

  for (const char *p = phone + 1; *p; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          if (n == 0 && *p == '0')
            return _kontor_phone_normalize (phone);
          if (n >= 15)
            return _kontor_phone_normalize (phone);
          digits[n++] = *p;
        }
      else if (!strchr (" -()", *p))
        return _kontor_phone_normalize (phone);
    }

  if (n < 8)
    return _kontor_phone_normalize (phone);

  return g_strndup (digits, n);
}

static char *
normalize_point (const KontorField *field,
                 const char        *value)
{
  if (field->flags & KONTOR_FIELD_PHONE)
    return normalize_phone (value);
  if (field->flags & KONTOR_FIELD_EMAIL)
    return g_utf8_strdown (value, -1);
  return NULL;
}

/* The key under which a staged row is found as a duplicate: a phone or
 * e-mail, or a name */
static char *
dup_batch_key (const char *kind,
               const char *first,
               const char *second)
{
  return g_strconcat (kind, "\n", first, "\n", second ? second : "", NULL);
}

static void
add_batch_keys (Run          *run,
                KontorEntity *entity,
                gint64        id)
{
  KontorEntityClass *klass = run->klass;
  gpointer value = GSIZE_TO_POINTER ((gsize) id);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const KontorField *field = &klass->fields[i];
      const char * const *values;

      if (field->type != KONTOR_FIELD_LIST ||
          !(field->flags & (KONTOR_FIELD_PHONE | KONTOR_FIELD_EMAIL)))
        continue;

      values = kontor_entity_get_list (entity, field->name);
      for (guint j = 0; values[j] != NULL; j++)
        {
          g_autofree char *normalized = normalize_point (field, values[j]);

          if (normalized != NULL && *normalized != '\0')
            g_hash_table_insert (run->batch_keys,
                                 dup_batch_key (field->name, normalized, NULL), value);
        }
    }

  if (kontor_entity_class_find_field (klass, "last_name") != NULL)
    {
      if (kontor_entity_get_text (entity, "first_name") != NULL &&
          kontor_entity_get_text (entity, "last_name") != NULL)
        g_hash_table_insert (run->batch_keys,
                             dup_batch_key ("", kontor_entity_get_text (entity, "last_name"),
                                            kontor_entity_get_text (entity, "first_name")),
                             value);
    }
  else if (kontor_entity_class_find_field (klass, "name") != NULL &&
           kontor_entity_get_text (entity, "name") != NULL)
    g_hash_table_insert (run->batch_keys,
                         dup_batch_key ("", kontor_entity_get_text (entity, "name"), NULL), value);
}

/* The reduced name that finds duplicates, as
 * _kontor_duplicates_update_normalized() writes it on every save */
static char *
dup_normalized_name (KontorEntity *entity)
{
  if (KONTOR_IS_CONTACT (entity))
    return kontor_duplicates_normalize_person (kontor_entity_get_text (entity, "first_name"),
                                               kontor_entity_get_text (entity, "last_name"));

  return kontor_duplicates_normalize_company (kontor_entity_get_text (entity, "name"));
}

/* Writes a new record of the fast path with its phones, e-mails and
 * timeline entry; it is indexed for search with the next batch */
static gboolean
fast_insert (Run           *run,
             KontorEntity  *entity,
             sqlite3_stmt  *stmt,
             gint64         id,
             GError       **error)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (entity);
  g_autofree char *normalized_name = dup_normalized_name (entity);
  char uuid[37];
  int index = 1;

  next_uuid (run, uuid);
  sqlite3_bind_int64 (stmt, index++, id);
  sqlite3_bind_text (stmt, index++, uuid, 36, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, index++, run->now);
  sqlite3_bind_int64 (stmt, index++, run->now);
  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].type != KONTOR_FIELD_LIST)
      bind_value (stmt, index++, &klass->fields[i], _kontor_entity_get_value (entity, i));
  if (normalized_name != NULL)
    sqlite3_bind_text (stmt, index, normalized_name, -1, SQLITE_STATIC);
  if (!step_reset (run, stmt, error))
    return FALSE;

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const char * const *values;

      if (klass->fields[i].type != KONTOR_FIELD_LIST)
        continue;

      values = kontor_entity_get_list (entity, klass->fields[i].name);
      for (guint j = 0; values[j] != NULL; j++)
        {
          g_autofree char *normalized = normalize_point (&klass->fields[i], values[j]);

          next_uuid (run, uuid);
          sqlite3_bind_text (run->point_stmt, 1, uuid, 36, SQLITE_STATIC);
          sqlite3_bind_int64 (run->point_stmt, 2, run->now);
          sqlite3_bind_int64 (run->point_stmt, 3, run->now);
          sqlite3_bind_text (run->point_stmt, 4, klass->kind, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (run->point_stmt, 5, id);
          sqlite3_bind_text (run->point_stmt, 6, klass->fields[i].name, -1, SQLITE_STATIC);
          sqlite3_bind_text (run->point_stmt, 7, values[j], -1, SQLITE_STATIC);
          if (normalized != NULL)
            sqlite3_bind_text (run->point_stmt, 8, normalized, -1, SQLITE_STATIC);
          sqlite3_bind_int (run->point_stmt, 9, (int) j);
          if (!step_reset (run, run->point_stmt, error))
            return FALSE;
        }
    }

  next_uuid (run, uuid);
  sqlite3_bind_text (run->timeline_stmt, 1, uuid, 36, SQLITE_STATIC);
  sqlite3_bind_int64 (run->timeline_stmt, 2, run->now);
  sqlite3_bind_int64 (run->timeline_stmt, 3, run->now);
  sqlite3_bind_text (run->timeline_stmt, 4, klass->kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (run->timeline_stmt, 5, id);
  sqlite3_bind_text (run->timeline_stmt, 6, run->file_name, -1, SQLITE_STATIC);
  if (!step_reset (run, run->timeline_stmt, error))
    return FALSE;

  if (stmt == run->insert_stmt && run->self->duplicates != KONTOR_DUPLICATES_ALLOW)
    add_batch_keys (run, entity, id);

  note_created (run, klass->kind, id);
  if (++run->pending >= INDEX_BATCH)
    return flush_index (run, error);

  return TRUE;
}

static gint64
find_company (Run         *run,
              const char  *name,
              GError     **error)
{
  gpointer cached = NULL;
  g_autoptr(KontorStmt) stmt = NULL;
  g_autoptr(KontorEntity) company = NULL;
  gint64 id = 0;

  if (g_hash_table_lookup_extended (run->companies, name, NULL, &cached))
    return GPOINTER_TO_SIZE (cached);

  stmt = _kontor_repository_prepare (run->repo,
                                     "SELECT id FROM companies WHERE name = ? "
                                     "AND deleted_at IS NULL ORDER BY id LIMIT 1", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, _kontor_stmt_done);

  if (id == 0)
    {
      /* A company named in a contact row: created with the import */
      company = g_object_new (KONTOR_TYPE_COMPANY, NULL);
      kontor_entity_set_text (company, "name", name);
      if (!kontor_entity_validate (company, error))
        return -1;
      if (run->company_next_id == 0)
        {
          run->company_next_id = query_id (run->repo,
                                           "SELECT coalesce(max(id), 0) + 1 FROM companies",
                                           error);
          if (run->company_next_id < 0)
            return -1;
          run->company_indexed_to = run->company_next_id - 1;
        }
      id = run->company_next_id++;
      if (!fast_insert (run, company, run->company_insert_stmt, id, error))
        return -1;
    }

  g_hash_table_insert (run->companies, g_strdup (name), GSIZE_TO_POINTER ((gsize) id));
  return id;
}

static gboolean
resolve_ref (Run                *run,
             KontorEntity       *entity,
             const KontorField  *field,
             const char         *text,
             GError            **error)
{
  gint64 id = 0;

  if (g_str_equal (field->ref_kind, "company") && run != NULL)
    {
      /* Found or created once the row is known to be good */
      g_free (run->company_name);
      run->company_name = g_strdup (text);
      run->company_field = field->name;
      return TRUE;
    }
  else if (run != NULL)
    {
      GType type = kontor_entity_type_from_name (field->ref_kind);
      gint64 scope = 0;
      g_autoptr(KontorEntity) found = NULL;

      if (g_str_equal (field->ref_kind, "stage"))
        {
          scope = kontor_entity_get_int (entity, "pipeline");
          if (scope == 0)
            scope = kontor_repository_get_default_pipeline (run->repo);
        }
      found = kontor_repository_find_by_name (run->repo, type, text, scope, NULL);
      if (found == NULL)
        {
          kontor_set_field_error (error, field->name, _("%s: there is no “%s”"),
                                  kontor_field_get_label (field), text);
          return FALSE;
        }
      id = kontor_entity_get_id (found);
    }

  kontor_entity_set_int (entity, field->name, id);
  return TRUE;
}

/* Sets the mapped fields of @entity from one row. With @run %NULL (preview)
 * references are not looked up. */
static gboolean
fill_entity (KontorImport        *self,
             Run                 *run,
             const guint         *order,
             KontorEntity        *entity,
             const char * const  *fields,
             GError             **error)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (entity);

  for (guint k = 0; k < self->mapping->len; k++)
    {
      guint i = order[k];
      const char *name = g_ptr_array_index (self->mapping, i);
      const KontorField *field;
      g_autofree char *text = NULL;

      if (name == NULL)
        continue;

      text = g_strstrip (g_strdup (fields[i]));
      if (*text == '\0')
        continue;

      field = kontor_entity_class_find_field (klass, name);
      if (field->type == KONTOR_FIELD_LIST)
        {
          /* Several values in one cell: "a, b", "a; b", Google's "a ::: b" */
          char *start = text;

          for (char *p = text;; p++)
            {
              gboolean end = *p == '\0';

              if (end || *p == ',' || *p == ';' || g_str_has_prefix (p, ":::"))
                {
                  char *next = p + (g_str_has_prefix (p, ":::") ? 3 : 1);

                  *p = '\0';
                  g_strstrip (start);
                  if (*start != '\0')
                    kontor_entity_append_to_list (entity, name, start);
                  if (end)
                    break;
                  start = next;
                  p = next - 1;
                }
            }
          continue;
        }

      if (field->type == KONTOR_FIELD_REF)
        {
          if (!resolve_ref (run, entity, field, text, error))
            return FALSE;
          continue;
        }

      if (!kontor_entity_set_from_string (entity, name, text, error))
        return FALSE;
    }

  if (kontor_entity_class_find_field (klass, "currency") != NULL &&
      kontor_entity_get_text (entity, "currency") == NULL)
    kontor_entity_set_text (entity, "currency",
                            kontor_repository_get_default_currency (self->repository));

  return kontor_entity_validate (entity, error);
}

static guint *
column_order (KontorImport *self)
{
  guint *order = g_new (guint, self->mapping->len + 1);
  guint n = 0;

  /* The currency first, the pipeline before the stage: amounts and stage
   * names are read in their light */
  for (guint pass = 0; pass < 3; pass++)
    for (guint i = 0; i < self->mapping->len; i++)
      {
        const char *name = g_ptr_array_index (self->mapping, i);
        guint rank = g_strcmp0 (name, "currency") == 0 ? 0 :
                     g_strcmp0 (name, "pipeline") == 0 ? 1 : 2;

        if (rank == pass)
          order[n++] = i;
      }

  return order;
}

static gint64
find_by_point (Run                *run,
               const char         *kind,
               const char         *normalized,
               GError            **error)
{
  sqlite3_stmt *stmt = run->find_point_stmt;
  gint64 id = 0;
  int rc;

  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, normalized, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, run->klass->kind, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (run->repo), rc, error) ? 0 : -1;

  return id;
}

/* A record that the row duplicates: same phone, same e-mail, or, for a row
 * with neither, the same name. 0 when there is none. The records of this
 * import are in their tables already, so that a row that repeats an earlier
 * one of the file is found by the same indexed queries. */
static gint64
find_duplicate (Run           *run,
                KontorEntity  *entity,
                GError       **error)
{
  KontorEntityClass *klass = run->klass;
  sqlite3_stmt *stmt = run->find_name_stmt;
  gboolean has_points = FALSE;
  char *key = NULL;
  gint64 id = 0;
  int rc;

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const KontorField *field = &klass->fields[i];
      const char * const *values;

      if (field->type != KONTOR_FIELD_LIST ||
          !(field->flags & (KONTOR_FIELD_PHONE | KONTOR_FIELD_EMAIL)))
        continue;

      values = kontor_entity_get_list (entity, field->name);
      for (guint j = 0; values[j] != NULL; j++)
        {
          g_autofree char *normalized = normalize_point (field, values[j]);

          has_points = TRUE;
          if (normalized == NULL || *normalized == '\0')
            continue;
          key = dup_batch_key (field->name, normalized, NULL);
          id = GPOINTER_TO_SIZE (g_hash_table_lookup (run->batch_keys, key));
          g_clear_pointer (&key, g_free);
          if (id == 0)
            id = find_by_point (run, field->name, normalized, error);
          if (id != 0)
            return id;
        }
    }

  if (has_points || stmt == NULL)
    return 0;

  if (kontor_entity_class_find_field (klass, "last_name") != NULL)
    {
      if (kontor_entity_get_text (entity, "first_name") == NULL ||
          kontor_entity_get_text (entity, "last_name") == NULL)
        return 0;
      key = dup_batch_key ("", kontor_entity_get_text (entity, "last_name"),
                           kontor_entity_get_text (entity, "first_name"));
      sqlite3_bind_text (stmt, 1, kontor_entity_get_text (entity, "last_name"), -1,
                         SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, kontor_entity_get_text (entity, "first_name"), -1,
                         SQLITE_STATIC);
    }
  else
    {
      const char *value = kontor_entity_get_text (entity,
                                                   kontor_entity_class_find_field (klass, "name")
                                                   ? "name" : "title");

      if (value == NULL)
        return 0;
      key = dup_batch_key ("", value, NULL);
      sqlite3_bind_text (stmt, 1, value, -1, SQLITE_STATIC);
    }

  id = GPOINTER_TO_SIZE (g_hash_table_lookup (run->batch_keys, key));
  g_free (key);
  if (id != 0)
    {
      sqlite3_clear_bindings (stmt);
      return id;
    }

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (run->repo), rc, error) ? 0 : -1;

  return id;
}

/* The row of a record and its phones and e-mails, as JSON, to undo */
static char *
dump_previous (KontorRepository  *repo,
               const char        *table,
               const char        *kind,
               gint64             id)
{
  sqlite3 *db = _kontor_repository_get_db (repo);
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s WHERE id = ?", table);
  sqlite3_stmt *stmt = NULL;

  json_builder_begin_object (builder);
  for (guint pass = 0; pass < 2; pass++)
    {
      if (pass == 1)
        {
          g_free (sql);
          sql = g_strdup ("SELECT * FROM contact_points WHERE owner_kind = ? AND owner_id = ? "
                          "ORDER BY id");
          json_builder_set_member_name (builder, "contact_points");
          json_builder_begin_array (builder);
        }
      sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
      if (pass == 0)
        sqlite3_bind_int64 (stmt, 1, id);
      else
        {
          sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (stmt, 2, id);
        }
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          if (pass == 1)
            json_builder_begin_object (builder);
          for (int c = 0; c < sqlite3_column_count (stmt); c++)
            {
              json_builder_set_member_name (builder, sqlite3_column_name (stmt, c));
              switch (sqlite3_column_type (stmt, c))
                {
                case SQLITE_INTEGER:
                  json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, c));
                  break;
                case SQLITE_NULL:
                  json_builder_add_null_value (builder);
                  break;
                default:
                  json_builder_add_string_value (builder,
                                                 (const char *) sqlite3_column_text (stmt, c));
                  break;
                }
            }
          if (pass == 1)
            json_builder_end_object (builder);
        }
      sqlite3_finalize (stmt);
    }
  json_builder_end_array (builder);

  /* A contact's photo, or null for none: an import may add or replace it */
  if (g_str_equal (kind, "contact"))
    {
      json_builder_set_member_name (builder, "photo");
      sqlite3_prepare_v2 (db, "SELECT mime, data, updated_at FROM contact_photos "
                          "WHERE contact_id = ?", -1, &stmt, NULL);
      sqlite3_bind_int64 (stmt, 1, id);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *data = g_base64_encode (sqlite3_column_blob (stmt, 1),
                                                   (gsize) sqlite3_column_bytes (stmt, 1));

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "mime");
          json_builder_add_string_value (builder, (const char *) sqlite3_column_text (stmt, 0));
          json_builder_set_member_name (builder, "data");
          json_builder_add_string_value (builder, data);
          json_builder_set_member_name (builder, "updated_at");
          json_builder_add_int_value (builder, sqlite3_column_int64 (stmt, 2));
          json_builder_end_object (builder);
        }
      else
        json_builder_add_null_value (builder);
      sqlite3_finalize (stmt);
    }
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  return json_to_string (root, FALSE);
}

static gboolean
log_item (Run         *run,
          const char  *kind,
          const char  *action,
          gint64       first,
          gint64       last,
          const char  *previous,
          GError     **error)
{
  g_autoptr(KontorStmt) stmt = NULL;

  stmt = _kontor_repository_prepare (run->repo,
                                     "INSERT INTO import_items (import_id, entity_kind, action, "
                                     "first_id, last_id, previous) VALUES (?, ?, ?, ?, ?, ?)",
                                     error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run->result->import_id);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, action, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, first);
  sqlite3_bind_int64 (stmt, 5, last);
  if (previous != NULL)
    sqlite3_bind_text (stmt, 6, previous, -1, SQLITE_STATIC);

  return step (run->repo, stmt, error);
}

static gboolean
value_is_empty (KontorEntity      *entity,
                const KontorField *field)
{
  switch (field->type)
    {
    case KONTOR_FIELD_LIST:
      return kontor_entity_get_list (entity, field->name)[0] == NULL;
    case KONTOR_FIELD_TEXT:
    case KONTOR_FIELD_ENUM:
    case KONTOR_FIELD_DATE:
      return kontor_entity_get_text (entity, field->name) == NULL;
    case KONTOR_FIELD_BOOL:
      return FALSE;
    default:
      return kontor_entity_get_int (entity, field->name) == 0;
    }
}

static gboolean
list_has_value (const KontorField  *field,
                const char * const *values,
                const char         *value)
{
  g_autofree char *wanted = normalize_point (field, value);

  for (guint i = 0; values[i] != NULL; i++)
    {
      g_autofree char *normalized = normalize_point (field, values[i]);

      if (g_strcmp0 (wanted ? wanted : value, normalized ? normalized : values[i]) == 0)
        return TRUE;
    }

  return FALSE;
}

/* Copies the mapped fields of @row into @existing: only into empty fields
 * when merging. Returns whether anything changed. */
static gboolean
copy_fields (KontorImport *self,
             KontorEntity *existing,
             KontorEntity *row,
             gboolean      only_empty)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (existing);
  gboolean changed = FALSE;

  for (guint c = 0; c < self->mapping->len; c++)
    {
      const char *name = g_ptr_array_index (self->mapping, c);
      const KontorField *field;
      guint index = 0;

      if (name == NULL)
        continue;
      field = kontor_entity_class_find_field (klass, name);
      index = field - klass->fields;
      if (value_is_empty (row, field))
        continue;

      if (field->type == KONTOR_FIELD_LIST && only_empty)
        {
          const char * const *values = kontor_entity_get_list (row, name);

          /* Merging adds the phones and e-mails the record lacks */
          for (guint j = 0; values[j] != NULL; j++)
            if (!list_has_value (field, kontor_entity_get_list (existing, name), values[j]))
              {
                kontor_entity_append_to_list (existing, name, values[j]);
                changed = TRUE;
              }
          continue;
        }

      if (only_empty && !value_is_empty (existing, field))
        continue;

      if (g_param_values_cmp (klass->field_pspecs[index], _kontor_entity_get_value (existing, index),
                              _kontor_entity_get_value (row, index)) != 0)
        {
          _kontor_entity_set_value (existing, index, _kontor_entity_get_value (row, index));
          changed = TRUE;
        }
    }

  return changed;
}

/* The photo of the row being imported (from a vCard), if it is one to keep */
static GBytes *
row_photo (Run     *run,
           guint64  row)
{
  guint64 index = run->result->rows - 1;
  g_autoptr(GError) photo_error = NULL;
  GBytes *photo;

  if (run->self->photos == NULL || index >= run->self->photos->len)
    return NULL;
  photo = g_ptr_array_index (run->self->photos, index);
  if (photo == NULL)
    return NULL;

  if (!kontor_photo_check (photo, NULL, &photo_error))
    {
      g_autofree char *reason = g_strdup_printf (_("the photo was left out: %s"),
                                                 photo_error->message);
      add_reason (run, row, reason);
      return NULL;
    }

  return photo;
}

/* Whether writing @photo to the existing record @id changes it */
static gboolean
photo_changes (Run     *run,
               gint64   id,
               GBytes  *photo,
               gboolean replace)
{
  g_autoptr(KontorStmt) stmt = NULL;
  gboolean changes = TRUE;

  stmt = _kontor_repository_prepare (run->repo, "SELECT data FROM contact_photos "
                                     "WHERE contact_id = ?", NULL);
  if (stmt == NULL)
    return TRUE;
  sqlite3_bind_int64 (stmt, 1, id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    changes = replace &&
              ((gsize) sqlite3_column_bytes (stmt, 0) != g_bytes_get_size (photo) ||
               memcmp (sqlite3_column_blob (stmt, 0), g_bytes_get_data (photo, NULL),
                       g_bytes_get_size (photo)) != 0);

  return changes;
}

/* The photo goes to record @id at the end, when every record is in its table */
static void
queue_photo (Run      *run,
             gint64    id,
             GBytes   *photo,
             gboolean  replace)
{
  PhotoItem *item;

  if (photo == NULL)
    return;

  item = g_new0 (PhotoItem, 1);
  item->id = id;
  item->photo = g_bytes_ref (photo);
  item->replace = replace;
  g_ptr_array_add (run->photos, item);
}

static gboolean
write_photos (Run     *run,
              GError **error)
{
  for (guint i = 0; i < run->photos->len; i++)
    {
      PhotoItem *item = g_ptr_array_index (run->photos, i);
      g_autoptr(KontorStmt) stmt = NULL;
      gsize size = 0;
      const guint8 *data = g_bytes_get_data (item->photo, &size);

      /* Merging fills only what the record lacks */
      stmt = _kontor_repository_prepare (run->repo, item->replace
                                         ? "INSERT INTO contact_photos (contact_id, mime, data, "
                                           "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT "
                                           "(contact_id) DO UPDATE SET mime = excluded.mime, "
                                           "data = excluded.data, "
                                           "updated_at = excluded.updated_at"
                                         : "INSERT INTO contact_photos (contact_id, mime, data, "
                                           "updated_at) VALUES (?, ?, ?, ?) ON CONFLICT "
                                           "(contact_id) DO NOTHING", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, item->id);
      sqlite3_bind_text (stmt, 2, kontor_photo_sniff_mime (data, size), -1, SQLITE_STATIC);
      sqlite3_bind_blob64 (stmt, 3, data, size, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, run->now);
      if (!step (run->repo, stmt, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
import_row (Run                 *run,
            const char * const  *fields,
            guint                n_fields,
            GError             **error)
{
  KontorImport *self = run->self;
  guint64 row = kontor_csv_reader_get_row_number (run->reader);
  g_autoptr(KontorEntity) entity = g_object_new (self->entity_type, NULL);
  g_autoptr(GError) row_error = NULL;
  gint64 duplicate = 0;

  g_clear_pointer (&run->company_name, g_free);

  if (n_fields != self->titles->len)
    {
      g_autofree char *reason =
        g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "the row has %u column instead of %u",
                                      "the row has %u columns instead of %u", n_fields),
                         n_fields, self->titles->len);
      return reject (run, row, fields, n_fields, reason, error);
    }

  if (!fill_entity (self, run, run->order, entity, fields, &row_error))
    {
      if (!g_error_matches (row_error, KONTOR_ERROR, KONTOR_ERROR_INVALID))
        {
          g_propagate_error (error, g_steal_pointer (&row_error));
          return FALSE;
        }
      return reject (run, row, fields, n_fields, row_error->message, error);
    }

  if (self->duplicates != KONTOR_DUPLICATES_ALLOW)
    {
      duplicate = find_duplicate (run, entity, error);
      if (duplicate < 0)
        return FALSE;
    }

  if (run->company_name != NULL &&
      !(duplicate > 0 && self->duplicates == KONTOR_DUPLICATES_SKIP))
    {
      gint64 company = find_company (run, run->company_name, error);

      if (company < 0)
        return FALSE;
      kontor_entity_set_int (entity, run->company_field, company);
    }

  if (duplicate > 0)
    {
      g_autoptr(KontorEntity) existing = NULL;
      g_autofree char *previous = NULL;
      g_autofree char *reason = NULL;
      gboolean replace = self->duplicates == KONTOR_DUPLICATES_REPLACE;
      GBytes *photo;
      gboolean saved;

      if (self->duplicates == KONTOR_DUPLICATES_SKIP)
        {
          reason = g_strdup_printf (_("skipped: the same as %s #%" PRId64),
                                    run->klass->kind, duplicate);
          run->result->skipped++;
          add_reason (run, row, reason);
          return TRUE;
        }

      existing = kontor_repository_find (run->repo, self->entity_type, duplicate, error);
      if (existing == NULL)
        return FALSE;
      previous = dump_previous (run->repo, run->klass->table, run->klass->kind, duplicate);
      photo = row_photo (run, row);
      if (!copy_fields (self, existing, entity, self->duplicates == KONTOR_DUPLICATES_MERGE))
        {
          /* A new photo alone is worth an update */
          if (photo != NULL && photo_changes (run, duplicate, photo, replace))
            {
              queue_photo (run, duplicate, photo, replace);
              run->result->updated++;
              return log_item (run, run->klass->kind, "updated", duplicate, duplicate, previous,
                               error);
            }
          run->result->skipped++;
          reason = g_strdup_printf (_("skipped: %s #%" PRId64 " already has it all"),
                                    run->klass->kind, duplicate);
          add_reason (run, row, reason);
          return TRUE;
        }
      /* The record may be one of this file, not yet in the search index:
       * it goes there first, and the save re-indexes it with the triggers */
      if (!flush_index (run, error) || !set_paused (run, FALSE, error))
        return FALSE;
      saved = kontor_repository_save (run->repo, existing, &row_error);
      if (!set_paused (run, run->fast, error))
        return FALSE;
      if (!saved)
        {
          kontor_repository_reload (run->repo, existing, NULL);
          if (row_error->domain != KONTOR_ERROR || row_error->code != KONTOR_ERROR_INVALID)
            {
              g_propagate_error (error, g_steal_pointer (&row_error));
              return FALSE;
            }
          return reject (run, row, fields, n_fields, row_error->message, error);
        }
      g_ptr_array_add (run->keep, g_steal_pointer (&existing));
      queue_photo (run, duplicate, photo, replace);
      run->result->updated++;
      return log_item (run, run->klass->kind, "updated", duplicate, duplicate, previous, error);
    }

  if (run->fast)
    {
      if (!fast_insert (run, entity, run->insert_stmt, run->next_id, error))
        return FALSE;
      queue_photo (run, run->next_id, row_photo (run, row), TRUE);
      run->next_id++;
    }
  else
    {
      if (!kontor_repository_save (run->repo, entity, &row_error))
        {
          if (row_error->domain != KONTOR_ERROR || row_error->code != KONTOR_ERROR_INVALID)
            {
              g_propagate_error (error, g_steal_pointer (&row_error));
              return FALSE;
            }
          return reject (run, row, fields, n_fields, row_error->message, error);
        }
      note_created (run, run->klass->kind, kontor_entity_get_id (entity));
      queue_photo (run, kontor_entity_get_id (entity), row_photo (run, row), TRUE);
      g_ptr_array_add (run->keep, g_steal_pointer (&entity));
    }

  run->result->created++;
  return TRUE;
}

static gboolean
run_cb (gpointer   user_data,
        GError   **error)
{
  Run *run = user_data;
  KontorImport *self = run->self;
  g_autoptr(KontorStmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  GHashTableIter iter;
  gpointer key, value;

  stmt = _kontor_repository_prepare (run->repo,
                                     "INSERT INTO imports (uuid, created_at, updated_at, "
                                     "entity_kind, file_name, duplicates) "
                                     "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, run->now);
  sqlite3_bind_int64 (stmt, 3, run->now);
  sqlite3_bind_text (stmt, 4, run->klass->kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, run->file_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, duplicate_names[self->duplicates], -1, SQLITE_STATIC);
  if (!step (run->repo, stmt, error))
    return FALSE;
  g_clear_pointer (&stmt, _kontor_stmt_done);
  run->result->import_id = sqlite3_last_insert_rowid (_kontor_repository_get_db (run->repo));

  if (run->fast)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(id), 0) + 1 FROM %s",
                                              run->klass->table);
      run->next_id = query_id (run->repo, sql, error);
      if (run->next_id < 0)
        return FALSE;
      run->indexed_to = run->next_id - 1;
    }
  if (!prepare_fast (run, error) || !set_paused (run, run->fast, error))
    return FALSE;

  if (self->has_header && !kontor_csv_reader_next_row (run->reader, run->cancellable, error))
    return FALSE;

  for (;;)
    {
      g_autoptr(GError) row_error = NULL;

      if (!kontor_csv_reader_next_row (run->reader, run->cancellable, &row_error))
        {
          if (row_error == NULL)
            break;
          if (g_error_matches (row_error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_FIELD_TOO_LONG))
            {
              run->result->rows++;
              run->result->errors++;
              add_reason (run, kontor_csv_reader_get_row_number (run->reader),
                          row_error->message);
              if (!write_reject (run, (const char *[]) { NULL }, 0, row_error->message, error))
                return FALSE;
              continue;
            }
          g_propagate_error (error, g_steal_pointer (&row_error));
          return FALSE;
        }

      run->result->rows++;
      if (!import_row (run, kontor_csv_reader_get_fields (run->reader),
                       kontor_csv_reader_get_n_fields (run->reader), error))
        return FALSE;

      if ((run->result->rows & 1023) == 0)
        {
          if (g_cancellable_set_error_if_cancelled (run->cancellable, error))
            return FALSE;
          if (run->total_bytes > 0)
            g_atomic_int_set (&self->permille,
                              (gint) MIN (999, kontor_csv_reader_get_bytes_read (run->reader) *
                                               1000 / run->total_bytes));
        }
    }

  if (!flush_index (run, error) || !set_paused (run, FALSE, error) ||
      (run->fast && !_kontor_repository_exec (run->repo, "DROP TABLE temp.import_rows;"
                                              "DROP TABLE temp.import_points", error)) ||
      !write_photos (run, error))
    return FALSE;

  g_hash_table_iter_init (&iter, run->created);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      IdRange *range = value;

      if (!log_item (run, key, "created", range->first, range->last, NULL, error))
        return FALSE;
      _kontor_repository_queue_change (run->repo, key, 0, KONTOR_CHANGE_CREATED);
    }

  stmt = _kontor_repository_prepare (run->repo,
                                     "UPDATE imports SET created = ?, updated = ?, skipped = ?, "
                                     "errors = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, run->result->created);
  sqlite3_bind_int64 (stmt, 2, run->result->updated);
  sqlite3_bind_int64 (stmt, 3, run->result->skipped);
  sqlite3_bind_int64 (stmt, 4, run->result->errors);
  sqlite3_bind_int64 (stmt, 5, run->result->import_id);
  if (!step (run->repo, stmt, error))
    return FALSE;

  if (run->dry_run)
    {
      /* Everything rolls back; the counts stay */
      g_set_error_literal (error, KONTOR_ERROR, KONTOR_ERROR_CANCELLED, "dry run");
      return FALSE;
    }

  return TRUE;
}

static gboolean
open_rejects (KontorImport  *self,
              Run           *run,
              GError       **error)
{
  g_autoptr(GFile) file = NULL;

  if (self->rejects_path == NULL)
    return TRUE;

  file = g_file_new_for_path (self->rejects_path);
  run->rejects_out = G_OUTPUT_STREAM (g_file_replace (file, NULL, FALSE, G_FILE_CREATE_NONE,
                                                      NULL, error));
  if (run->rejects_out == NULL)
    return FALSE;

  /* The header of the file, with the reason last */
  run->rejects = g_string_new (NULL);
  g_ptr_array_add (self->titles, (char *) _("Error"));
  if (!write_reject (run, (const char * const *) self->titles->pdata, self->titles->len - 1,
                     _("Error"), error))
    {
      g_ptr_array_steal_index (self->titles, self->titles->len - 1);
      return FALSE;
    }
  g_ptr_array_steal_index (self->titles, self->titles->len - 1);
  return TRUE;
}

/**
 * kontor_import_run:
 * @dry_run: import everything, count, and roll back
 *
 * Imports the file in one transaction on a connection of its own: it may
 * run in a worker thread. Rejected rows are counted (and written to the
 * rejects file if one is set); an I/O error, a broken file or a
 * cancellation fails the whole import and leaves the database untouched.
 */
KontorImportResult *
kontor_import_run (KontorImport  *self,
                   gboolean       dry_run,
                   GCancellable  *cancellable,
                   GError       **error)
{
  g_autoptr(KontorImportResult) result = g_new0 (KontorImportResult, 1);
  g_autoptr(KontorRepository) repo = NULL;
  g_autoptr(KontorCsvReader) reader = NULL;
  g_autoptr(GTypeClass) klass = g_type_class_ref (self->entity_type);
  g_autoptr(GTypeClass) company_class = g_type_class_ref (KONTOR_TYPE_COMPANY);
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) local_error = NULL;
  const char *path;
  Run run = { 0, };
  gboolean ok;

  g_return_val_if_fail (KONTOR_IS_IMPORT (self), NULL);

  result->reasons = g_ptr_array_new_with_free_func (g_free);
  g_atomic_int_set (&self->permille, 0);

  path = kontor_repository_get_path (self->repository);
  if (path == NULL || g_str_equal (path, ":memory:") || g_str_equal (path, ""))
    repo = g_object_ref (self->repository);
  else
    {
      repo = kontor_repository_open (path, error);
      if (repo == NULL)
        return NULL;
      kontor_repository_set_default_currency (repo,
                                              kontor_repository_get_default_currency (self->repository));
      /* A big cache. Temporary files, not memory, for the statement
       * journal of each batch moved from the staging tables: it keeps a
       * copy of every page the batch changes in the tables' indexes, more
       * pages the bigger the tables (over 100 MB a batch at a million
       * contacts). The staging tables stay in the temporary database's
       * cache. */
      _kontor_repository_exec (repo, "PRAGMA cache_size = -65536", NULL);
      _kontor_repository_exec (repo, "PRAGMA temp_store = FILE", NULL);
      _kontor_repository_exec (repo, "PRAGMA temp.cache_size = -8192", NULL);
    }

  reader = kontor_csv_reader_new_for_path (self->path, self->encoding, self->delimiter, error);
  if (reader == NULL)
    return NULL;

  /* A copy of the database as it was before every import, made here in
   * the import's worker with its own connection (rotated away with the
   * daily ones); no copy, no import */
  if (!dry_run && repo != self->repository)
    {
      g_autoptr(GError) backup_error = NULL;

      if (!kontor_backup_create (repo, "import", NULL, &backup_error))
        {
          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_IO,
                       _("Could not back up the database before importing: %s"),
                       backup_error->message);
          return NULL;
        }
    }

  file = g_file_new_for_path (self->path);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, NULL);

  run.self = self;
  run.repo = repo;
  run.klass = KONTOR_ENTITY_CLASS (klass);
  run.dry_run = dry_run;
  run.fast = self->entity_type == KONTOR_TYPE_CONTACT || self->entity_type == KONTOR_TYPE_COMPANY;
  run.cancellable = cancellable;
  run.result = result;
  run.reader = reader;
  run.total_bytes = info ? g_file_info_get_size (info) : 0;
  run.companies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run.keep = g_ptr_array_new_with_free_func (g_object_unref);
  run.created = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  run.rand = g_rand_new ();
  run.uuid_ms = (guint64) g_get_real_time () / 1000;
  /* 42 bits of counter, started low enough never to wrap */
  run.uuid_counter = ((guint64) g_rand_int (run.rand) << 8) ^ g_rand_int (run.rand);
  run.batch_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  run.order = column_order (self);
  run.file_name = g_file_get_basename (file);
  run.now = _kontor_now ();
  run.photos = g_ptr_array_new_with_free_func (photo_item_free);

  ok = open_rejects (self, &run, error) &&
       kontor_repository_run_in_transaction (repo, run_cb, &run, &local_error);

  if (run.rejects_out != NULL)
    g_output_stream_close (run.rejects_out, NULL, ok ? error : NULL);
  g_clear_object (&run.rejects_out);
  if (run.rejects != NULL)
    g_string_free (run.rejects, TRUE);
  g_hash_table_unref (run.companies);
  g_ptr_array_unref (run.keep);
  g_hash_table_unref (run.created);
  g_rand_free (run.rand);
  g_hash_table_unref (run.batch_keys);
  sqlite3_finalize (run.insert_stmt);
  sqlite3_finalize (run.company_insert_stmt);
  sqlite3_finalize (run.point_stmt);
  sqlite3_finalize (run.timeline_stmt);
  sqlite3_finalize (run.find_point_stmt);
  sqlite3_finalize (run.find_name_stmt);
  g_free (run.order);
  g_free (run.file_name);
  g_free (run.company_name);
  g_ptr_array_unref (run.photos);

  if (dry_run && g_error_matches (local_error, KONTOR_ERROR, KONTOR_ERROR_CANCELLED))
    {
      result->import_id = 0;
      g_atomic_int_set (&self->permille, 1000);
      return g_steal_pointer (&result);
    }

  if (!ok)
    {
      if (local_error != NULL)
        g_propagate_error (error, g_steal_pointer (&local_error));
      return NULL;
    }

  g_atomic_int_set (&self->permille, 1000);
  return g_steal_pointer (&result);
}

static void
run_thread (GTask        *task,
            gpointer      source_object,
            gpointer      task_data,
            GCancellable *cancellable)
{
  KontorImport *self = source_object;
  GError *error = NULL;
  KontorImportResult *result = kontor_import_run (self, GPOINTER_TO_INT (task_data), cancellable,
                                                  &error);

  if (result == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, (GDestroyNotify) kontor_import_result_free);
}

void
kontor_import_run_async (KontorImport        *self,
                         gboolean             dry_run,
                         GCancellable        *cancellable,
                         GAsyncReadyCallback  callback,
                         gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (KONTOR_IS_IMPORT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, kontor_import_run_async);
  g_task_set_task_data (task, GINT_TO_POINTER (dry_run), NULL);
  g_task_run_in_thread (task, run_thread);
}

/* Call in the thread of the repository: it then sees the imported records */
KontorImportResult *
kontor_import_run_finish (KontorImport  *self,
                          GAsyncResult  *result,
                          GError       **error)
{
  KontorImportResult *ret;

  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  ret = g_task_propagate_pointer (G_TASK (result), error);
  if (ret != NULL && ret->import_id != 0)
    kontor_repository_poll_external_changes (self->repository);

  return ret;
}

/**
 * kontor_import_preview:
 *
 * The first @n_rows data rows as they will be imported: for each row a
 * #GStrv with the value of each column as it will be stored ("" for an
 * ignored column), and one more string, the reason the row would be
 * rejected or "".
 */
GPtrArray *
kontor_import_preview (KontorImport  *self,
                       guint          n_rows,
                       GError       **error)
{
  g_autoptr(KontorCsvReader) reader = NULL;
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autofree guint *order = column_order (self);

  g_return_val_if_fail (KONTOR_IS_IMPORT (self), NULL);

  reader = kontor_csv_reader_new_for_path (self->path, self->encoding, self->delimiter, error);
  if (reader == NULL)
    return NULL;
  if (self->has_header && !kontor_csv_reader_next_row (reader, NULL, error))
    return NULL;

  while (rows->len < n_rows)
    {
      g_autoptr(GError) row_error = NULL;
      g_autoptr(KontorEntity) entity = NULL;
      const char * const *fields;
      guint n;
      GStrv row;

      if (!kontor_csv_reader_next_row (reader, NULL, &row_error))
        {
          if (row_error == NULL)
            break;
          if (!g_error_matches (row_error, KONTOR_CSV_ERROR, KONTOR_CSV_ERROR_FIELD_TOO_LONG))
            {
              g_propagate_error (error, g_steal_pointer (&row_error));
              return NULL;
            }
          row = g_new0 (char *, self->titles->len + 2);
          for (guint i = 0; i < self->titles->len; i++)
            row[i] = g_strdup ("");
          row[self->titles->len] = g_strdup (row_error->message);
          g_ptr_array_add (rows, row);
          continue;
        }

      fields = kontor_csv_reader_get_fields (reader);
      n = kontor_csv_reader_get_n_fields (reader);
      row = g_new0 (char *, self->titles->len + 2);
      entity = g_object_new (self->entity_type, NULL);

      if (n != self->titles->len)
        row[self->titles->len] =
          g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "the row has %u column instead of %u",
                                        "the row has %u columns instead of %u", n),
                           n, self->titles->len);
      else if (!fill_entity (self, NULL, order, entity, fields, &row_error) &&
               !(kontor_error_get_field (row_error) != NULL &&
                 find_importable_field (self->entity_type, kontor_error_get_field (row_error)) &&
                 find_importable_field (self->entity_type,
                                        kontor_error_get_field (row_error))->type ==
                   KONTOR_FIELD_REF))
        row[self->titles->len] = g_strdup (row_error->message);
      else
        row[self->titles->len] = g_strdup ("");

      for (guint i = 0; i < self->titles->len; i++)
        {
          const char *name = g_ptr_array_index (self->mapping, i);
          const KontorField *field = name ? find_importable_field (self->entity_type, name) : NULL;

          if (name == NULL || i >= n)
            row[i] = g_strdup ("");
          else if (field->type == KONTOR_FIELD_REF)
            row[i] = g_strstrip (g_strdup (fields[i]));
          else if (field->type == KONTOR_FIELD_LIST)
            row[i] = g_strjoinv (", ", (GStrv) kontor_entity_get_list (entity, name));
          else
            row[i] = kontor_entity_dup_string (entity, name);
          if (row[i] == NULL)
            row[i] = g_strdup ("");
        }
      g_ptr_array_add (rows, row);
    }

  return g_steal_pointer (&rows);
}

/* Undo --------------------------------------------------------------------- */

static const char * const undo_order[] = {
  "deal", "lead", "contact", "product", "company", NULL
};

typedef struct
{
  KontorRepository *repo;
  gint64            import_id;
} UndoData;

static gboolean
exec_range (KontorRepository  *repo,
            const char        *sql,
            const char        *kind,
            gint64             first,
            gint64             last,
            GError           **error)
{
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (repo, sql, error);

  if (stmt == NULL)
    return FALSE;
  if (kind != NULL)
    {
      sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, first);
      sqlite3_bind_int64 (stmt, 3, last);
    }
  else
    {
      sqlite3_bind_int64 (stmt, 1, first);
      sqlite3_bind_int64 (stmt, 2, last);
    }

  return step (repo, stmt, error);
}

static void
bind_json (sqlite3_stmt *stmt,
           int           index,
           JsonNode     *node)
{
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    sqlite3_bind_null (stmt, index);
  else if (json_node_get_value_type (node) == G_TYPE_INT64)
    sqlite3_bind_int64 (stmt, index, json_node_get_int (node));
  else
    sqlite3_bind_text (stmt, index, json_node_get_string (node), -1, SQLITE_TRANSIENT);
}

/* The members of a dumped record that are not columns of its table */
static gboolean
is_column (const char *member)
{
  return !g_str_equal (member, "id") && !g_str_equal (member, "contact_points") &&
         !g_str_equal (member, "photo");
}

static gboolean
restore_photo (KontorRepository  *repo,
               gint64             id,
               JsonNode          *node,
               GError           **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  JsonObject *photo;
  g_autofree guchar *data = NULL;
  gsize size = 0;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      stmt = _kontor_repository_prepare (repo, "DELETE FROM contact_photos WHERE contact_id = ?",
                                         error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, id);
      return step (repo, stmt, error);
    }

  photo = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
  if (photo == NULL || !json_object_has_member (photo, "data"))
    {
      g_set_error_literal (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT,
                           _("The import's record of a photo is damaged"));
      return FALSE;
    }

  data = g_base64_decode (json_object_get_string_member (photo, "data"), &size);
  stmt = _kontor_repository_prepare (repo, "INSERT OR REPLACE INTO contact_photos "
                                     "(contact_id, mime, data, updated_at) VALUES (?, ?, ?, ?)",
                                     error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, id);
  sqlite3_bind_text (stmt, 2, json_object_get_string_member_with_default (photo, "mime",
                                                                          "image/jpeg"),
                     -1, SQLITE_TRANSIENT);
  sqlite3_bind_blob64 (stmt, 3, data, size, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, json_object_get_int_member_with_default (photo, "updated_at", 0));
  return step (repo, stmt, error);
}

static gboolean
restore_previous (KontorRepository  *repo,
                  const char        *kind,
                  gint64             id,
                  const char        *previous,
                  GError           **error)
{
  sqlite3 *db = _kontor_repository_get_db (repo);
  GType type = kontor_entity_type_from_name (kind);
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  g_autoptr(JsonNode) root = json_from_string (previous, error);
  JsonObject *object;
  JsonArray *points;
  g_autoptr(GList) members = NULL;
  GString *sql = NULL;
  sqlite3_stmt *stmt = NULL;
  int index = 1;
  int rc;

  if (root == NULL)
    return FALSE;
  object = json_node_get_object (root);
  points = json_object_get_array_member (object, "contact_points");

  sql = g_string_new (NULL);
  g_string_append_printf (sql, "UPDATE %s SET id = id", KONTOR_ENTITY_CLASS (klass)->table);
  members = json_object_get_members (object);
  for (GList *l = members; l != NULL; l = l->next)
    if (is_column (l->data))
      g_string_append_printf (sql, ", \"%s\" = ?", (const char *) l->data);
  g_string_append (sql, " WHERE id = ?");

  rc = sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL);
  g_string_free (sql, TRUE);
  if (rc != SQLITE_OK)
    return _kontor_set_sqlite_error (db, rc, error);
  for (GList *l = members; l != NULL; l = l->next)
    if (is_column (l->data))
      bind_json (stmt, index++, json_object_get_member (object, l->data));
  sqlite3_bind_int64 (stmt, index, id);
  rc = sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (db, rc, error);

  if (!exec_range (repo, "DELETE FROM contact_points WHERE owner_kind = ? AND owner_id "
                   "BETWEEN ? AND ?", kind, id, id, error))
    return FALSE;

  for (guint i = 0; points != NULL && i < json_array_get_length (points); i++)
    {
      JsonObject *point = json_array_get_object_element (points, i);
      static const char * const columns[] = {
        "id", "uuid", "created_at", "updated_at", "deleted_at", "owner_kind", "owner_id",
        "kind", "value", "normalized", "position",
      };

      rc = sqlite3_prepare_v2 (db, "INSERT INTO contact_points (id, uuid, created_at, "
                               "updated_at, deleted_at, owner_kind, owner_id, kind, value, "
                               "normalized, position) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                               -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        return _kontor_set_sqlite_error (db, rc, error);
      for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
        bind_json (stmt, c + 1, json_object_get_member (point, columns[c]));
      rc = sqlite3_step (stmt);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return _kontor_set_sqlite_error (db, rc, error);
    }

  /* Imports from before photos were kept for undo have no "photo" */
  if (json_object_has_member (object, "photo") &&
      !restore_photo (repo, id, json_object_get_member (object, "photo"), error))
    return FALSE;

  _kontor_repository_queue_change (repo, kind, id, KONTOR_CHANGE_UPDATED);
  return TRUE;
}

static gboolean
undo_cb (gpointer   user_data,
         GError   **error)
{
  UndoData *data = user_data;
  KontorRepository *repo = data->repo;
  sqlite3 *db = _kontor_repository_get_db (repo);
  g_autoptr(KontorStmt) check = NULL;
  sqlite3_stmt *items = NULL;
  int rc;

  check = _kontor_repository_prepare (repo, "SELECT undone_at FROM imports WHERE id = ?", error);
  if (check == NULL)
    return FALSE;
  sqlite3_bind_int64 (check, 1, data->import_id);
  if (sqlite3_step (check) != SQLITE_ROW)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND,
                   _("There is no import #%" PRId64), data->import_id);
      return FALSE;
    }
  if (sqlite3_column_type (check, 0) != SQLITE_NULL)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT,
                   _("Import #%" PRId64 " has already been undone"), data->import_id);
      return FALSE;
    }
  g_clear_pointer (&check, _kontor_stmt_done);

  /* What it changed gets its previous values back, newest change first */
  rc = sqlite3_prepare_v2 (db, "SELECT entity_kind, first_id, previous FROM import_items "
                           "WHERE import_id = ? AND action = 'updated' ORDER BY id DESC",
                           -1, &items, NULL);
  if (rc != SQLITE_OK)
    return _kontor_set_sqlite_error (db, rc, error);
  sqlite3_bind_int64 (items, 1, data->import_id);
  while ((rc = sqlite3_step (items)) == SQLITE_ROW)
    if (!restore_previous (repo, (const char *) sqlite3_column_text (items, 0),
                           sqlite3_column_int64 (items, 1),
                           (const char *) sqlite3_column_text (items, 2), error))
      {
        sqlite3_finalize (items);
        return FALSE;
      }
  sqlite3_finalize (items);

  /* What it created goes, the records that refer to others first. Their
   * phones and e-mails go before them without re-indexing their owners
   * each time: the owners' delete triggers take them out of the index. */
  if (!_kontor_repository_exec (repo, "INSERT INTO search_paused (reason) VALUES ('undo')",
                                error))
    return FALSE;
  for (guint k = 0; undo_order[k] != NULL; k++)
    {
      const char *kind = undo_order[k];
      GType type = kontor_entity_type_from_name (kind);
      g_autoptr(GTypeClass) klass = g_type_class_ref (type);
      g_autofree char *delete_sql = g_strdup_printf ("DELETE FROM %s WHERE id BETWEEN ? AND ?",
                                                     KONTOR_ENTITY_CLASS (klass)->table);

      rc = sqlite3_prepare_v2 (db, "SELECT first_id, last_id FROM import_items "
                               "WHERE import_id = ? AND action = 'created' AND entity_kind = ?",
                               -1, &items, NULL);
      if (rc != SQLITE_OK)
        return _kontor_set_sqlite_error (db, rc, error);
      sqlite3_bind_int64 (items, 1, data->import_id);
      sqlite3_bind_text (items, 2, kind, -1, SQLITE_STATIC);
      while (sqlite3_step (items) == SQLITE_ROW)
        {
          gint64 first = sqlite3_column_int64 (items, 0);
          gint64 last = sqlite3_column_int64 (items, 1);

          if (!exec_range (repo, "DELETE FROM contact_points WHERE owner_kind = ? AND owner_id "
                           "BETWEEN ? AND ?", kind, first, last, error) ||
              !exec_range (repo, "DELETE FROM timeline WHERE entity_kind = ? AND entity_id "
                           "BETWEEN ? AND ?", kind, first, last, error) ||
              (g_str_equal (kind, "deal") &&
               !exec_range (repo, "DELETE FROM deal_stage_history WHERE deal_id BETWEEN ? AND ?",
                            NULL, first, last, error)) ||
              !exec_range (repo, delete_sql, NULL, first, last, error))
            {
              sqlite3_finalize (items);
              if (g_error_matches (*error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT))
                g_prefix_error (error, _("Records of this import are now used elsewhere: "));
              return FALSE;
            }
          _kontor_repository_queue_change (repo, kind, 0, KONTOR_CHANGE_DELETED);
        }
      sqlite3_finalize (items);
    }

  if (!_kontor_repository_exec (repo, "DELETE FROM search_paused WHERE reason = 'undo'", error))
    return FALSE;

  check = _kontor_repository_prepare (repo, "UPDATE imports SET undone_at = ?, updated_at = ? "
                                      "WHERE id = ?", error);
  if (check == NULL)
    return FALSE;
  sqlite3_bind_int64 (check, 1, _kontor_now ());
  sqlite3_bind_int64 (check, 2, _kontor_now ());
  sqlite3_bind_int64 (check, 3, data->import_id);
  return step (repo, check, error);
}

/**
 * kontor_import_undo:
 *
 * Removes exactly what import @import_id created and gives what it changed
 * its previous values back, in one transaction.
 */
gboolean
kontor_import_undo (KontorRepository  *repository,
                    gint64             import_id,
                    GError           **error)
{
  UndoData data = { repository, import_id };
  gboolean ok;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);

  ok = kontor_repository_run_in_transaction (repository, undo_cb, &data, error);
  if (ok)
    kontor_repository_reload_all (repository);

  return ok;
}

/* Photos of the rows, in the order of the file: only for contacts */
void
_kontor_import_set_photos (KontorImport *self,
                           GPtrArray    *photos)
{
  g_return_if_fail (KONTOR_IS_IMPORT (self));
  g_return_if_fail (self->entity_type == KONTOR_TYPE_CONTACT);

  g_clear_pointer (&self->photos, g_ptr_array_unref);
  self->photos = photos != NULL ? g_ptr_array_ref (photos) : NULL;
}
