/* kontor-drafts.c
 *
 * A draft is one JSON file in "drafts" next to the database (for the
 * default database <data dir>/kontor/drafts), private (0600 in a 0700
 * folder) and written atomically, so that a form survives closing its
 * window and a crash. The file stays until the form is saved or given up
 * (kontor_drafts_discard).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-drafts"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "kontor-drafts.h"
#include "kontor-error.h"
#include "kontor-repository.h"

#define DRAFT_SUFFIX ".json"

G_DEFINE_BOXED_TYPE (KontorDraft, kontor_draft, kontor_draft_copy, kontor_draft_free)

/* Helpers ----------------------------------------------------------------- */

static gboolean
kind_is_valid (const char *kind)
{
  if (kind == NULL || *kind == '\0' || strlen (kind) > 32)
    return FALSE;

  for (const char *p = kind; *p; p++)
    if (!g_ascii_islower (*p) && *p != '_')
      return FALSE;

  return TRUE;
}

static char *
dup_folder (const char *repo_path)
{
  g_autofree char *dir = g_path_get_dirname (repo_path);

  return g_build_filename (dir, "drafts", NULL);
}

/* Databases sharing a folder keep their drafts apart */
static char *
dup_prefix (const char *repo_path)
{
  g_autofree char *absolute = g_canonicalize_filename (repo_path, NULL);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, absolute, -1);

  return g_strndup (sum, 12);
}

static char *
dup_draft_path (const char *repo_path,
                const char *kind,
                gint64      id)
{
  g_autofree char *folder = dup_folder (repo_path);
  g_autofree char *prefix = dup_prefix (repo_path);
  g_autofree char *name = g_strdup_printf ("%s-%s-%" PRId64 DRAFT_SUFFIX,
                                           prefix, kind, id);

  return g_build_filename (folder, name, NULL);
}

static const char *
resolve_path (const char  *repo_path,
              char       **default_path)
{
  if (repo_path == NULL || *repo_path == '\0')
    return *default_path = kontor_repository_dup_default_path ();

  return repo_path;
}

static KontorDraft *
read_draft (const char  *path,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(KontorDraft) draft = g_new0 (KontorDraft, 1);
  g_autoptr(GError) local_error = NULL;
  JsonObject *root;
  JsonObject *fields;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  if (!json_parser_load_from_file (parser, path, &local_error))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT,
                   _("Could not read the draft “%s”: %s"), path, local_error->message);
      return NULL;
    }

  root = JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser))
    ? json_node_get_object (json_parser_get_root (parser)) : NULL;
  fields = root ? json_object_get_object_member (root, "fields") : NULL;
  if (root == NULL || fields == NULL ||
      !kind_is_valid (json_object_get_string_member_with_default (root, "kind", NULL)))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT,
                   _("“%s” is not a draft of Kontor"), path);
      return NULL;
    }

  draft->kind = g_strdup (json_object_get_string_member (root, "kind"));
  draft->id = json_object_get_int_member_with_default (root, "id", 0);
  draft->saved_at = json_object_get_int_member_with_default (root, "saved_at", 0);
  draft->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  json_object_iter_init (&iter, fields);
  while (json_object_iter_next (&iter, &name, &value))
    if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
      g_hash_table_insert (draft->fields, g_strdup (name), g_strdup (json_node_get_string (value)));

  return g_steal_pointer (&draft);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const KontorDraft *draft_a = *(const KontorDraft **) a;
  const KontorDraft *draft_b = *(const KontorDraft **) b;

  return (draft_b->saved_at > draft_a->saved_at) - (draft_b->saved_at < draft_a->saved_at);
}

/* Public API -------------------------------------------------------------- */

KontorDraft *
kontor_draft_copy (const KontorDraft *draft)
{
  KontorDraft *copy = g_new0 (KontorDraft, 1);
  GHashTableIter iter;
  gpointer key, value;

  copy->kind = g_strdup (draft->kind);
  copy->id = draft->id;
  copy->saved_at = draft->saved_at;
  copy->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);

  g_hash_table_iter_init (&iter, draft->fields);
  while (g_hash_table_iter_next (&iter, &key, &value))
    g_hash_table_insert (copy->fields, g_strdup (key), g_strdup (value));

  return copy;
}

void
kontor_draft_free (KontorDraft *draft)
{
  if (draft == NULL)
    return;

  g_free (draft->kind);
  g_clear_pointer (&draft->fields, g_hash_table_unref);
  g_free (draft);
}

/**
 * kontor_drafts_save:
 * @repo_path: (nullable): the database the record belongs to
 * @kind: the kind of record ("contact")
 * @id: its id, 0 for a new record
 * @fields: (element-type utf8 utf8): field name → text as typed
 * @error: return location for a #GError
 *
 * Keeps what was typed into the form of a record, replacing the previous
 * draft of that record.
 */
gboolean
kontor_drafts_save (const char  *repo_path,
                    const char  *kind,
                    gint64       id,
                    GHashTable  *fields,
                    GError     **error)
{
  g_autofree char *default_path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *path = NULL;
  g_autofree char *json = NULL;
  g_autoptr(JsonBuilder) builder = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GList) names = NULL;

  g_return_val_if_fail (kind_is_valid (kind), FALSE);
  g_return_val_if_fail (id >= 0, FALSE);
  g_return_val_if_fail (fields != NULL, FALSE);

  repo_path = resolve_path (repo_path, &default_path);
  folder = dup_folder (repo_path);
  path = dup_draft_path (repo_path, kind, id);

  if (g_mkdir_with_parents (folder, 0700) != 0 || g_chmod (folder, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_IO,
                   _("Could not create the folder “%s”: %s"), folder, g_strerror (saved));
      return FALSE;
    }

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "database");
  json_builder_add_string_value (builder, repo_path);
  json_builder_set_member_name (builder, "kind");
  json_builder_add_string_value (builder, kind);
  json_builder_set_member_name (builder, "id");
  json_builder_add_int_value (builder, id);
  json_builder_set_member_name (builder, "saved_at");
  json_builder_add_int_value (builder, kontor_now ());
  json_builder_set_member_name (builder, "fields");
  json_builder_begin_object (builder);
  names = g_list_sort (g_hash_table_get_keys (fields), (GCompareFunc) strcmp);
  for (GList *l = names; l != NULL; l = l->next)
    {
      const char *value = g_hash_table_lookup (fields, l->data);

      if (!g_utf8_validate (l->data, -1, NULL) || value == NULL ||
          !g_utf8_validate (value, -1, NULL))
        continue;
      json_builder_set_member_name (builder, l->data);
      json_builder_add_string_value (builder, value);
    }
  json_builder_end_object (builder);
  json_builder_end_object (builder);

  root = json_builder_get_root (builder);
  json = json_to_string (root, TRUE);

  return g_file_set_contents_full (path, json, -1,
                                   G_FILE_SET_CONTENTS_CONSISTENT |
                                   G_FILE_SET_CONTENTS_DURABLE,
                                   0600, error);
}

/**
 * kontor_drafts_list:
 * @repo_path: (nullable): the database
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (element-type KontorDraft): the drafts of
 * @repo_path, newest first (a damaged draft file is skipped)
 */
GPtrArray *
kontor_drafts_list (const char  *repo_path,
                    GError     **error)
{
  g_autofree char *default_path = NULL;
  g_autofree char *folder = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GPtrArray) drafts = g_ptr_array_new_with_free_func ((GDestroyNotify) kontor_draft_free);
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  repo_path = resolve_path (repo_path, &default_path);
  folder = dup_folder (repo_path);
  prefix = dup_prefix (repo_path);

  dir = g_dir_open (folder, 0, &local_error);
  if (dir == NULL)
    {
      if (g_error_matches (local_error, G_FILE_ERROR, G_FILE_ERROR_NOENT))
        return g_steal_pointer (&drafts);

      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_IO, "%s", local_error->message);
      return NULL;
    }

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autoptr(GError) read_error = NULL;
      KontorDraft *draft;

      if (!g_str_has_prefix (name, prefix) || name[strlen (prefix)] != '-' ||
          !g_str_has_suffix (name, DRAFT_SUFFIX))
        continue;

      path = g_build_filename (folder, name, NULL);
      draft = read_draft (path, &read_error);
      if (draft == NULL)
        {
          g_debug ("%s", read_error->message);
          continue;
        }
      g_ptr_array_add (drafts, draft);
    }

  g_ptr_array_sort (drafts, compare_newest_first);
  return g_steal_pointer (&drafts);
}

/**
 * kontor_drafts_take:
 * @repo_path: (nullable): the database
 * @kind: the kind of record
 * @id: its id, 0 for a new record
 * @error: return location for a #GError
 *
 * Returns: (transfer full) (nullable): the draft of that record, %NULL
 * without an error when there is none. The file stays until
 * kontor_drafts_discard(), so a crash right after still keeps it.
 */
KontorDraft *
kontor_drafts_take (const char  *repo_path,
                    const char  *kind,
                    gint64       id,
                    GError     **error)
{
  g_autofree char *default_path = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (kind_is_valid (kind), NULL);

  repo_path = resolve_path (repo_path, &default_path);
  path = dup_draft_path (repo_path, kind, id);
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    return NULL;

  return read_draft (path, error);
}

/**
 * kontor_drafts_discard:
 * @repo_path: (nullable): the database
 * @kind: the kind of record
 * @id: its id, 0 for a new record
 * @error: return location for a #GError
 *
 * Deletes the draft of that record (after it was saved or given up).
 * Returns: %TRUE also when there was none
 */
gboolean
kontor_drafts_discard (const char  *repo_path,
                       const char  *kind,
                       gint64       id,
                       GError     **error)
{
  g_autofree char *default_path = NULL;
  g_autofree char *path = NULL;

  g_return_val_if_fail (kind_is_valid (kind), FALSE);

  repo_path = resolve_path (repo_path, &default_path);
  path = dup_draft_path (repo_path, kind, id);
  if (g_unlink (path) != 0 && errno != ENOENT)
    {
      int saved = errno;

      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_IO,
                   _("Could not delete the draft “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }

  return TRUE;
}
