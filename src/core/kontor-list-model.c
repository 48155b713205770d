/* kontor-list-model.c
 *
 * Holds the ordered ids of the rows that match a query, never the rows:
 * an object is made (through the repository's identity map) only when a
 * view asks for that position. When the repository's "changed" signal
 * names one record, only that record's place is looked up again (see
 * update_row); otherwise the ids are read again and the smallest
 * items-changed that turns the old list into the new one is emitted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-list-model"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-entity-private.h"
#include "kontor-error.h"
#include "kontor-list-model.h"
#include "kontor-repository-private.h"

typedef struct
{
  char           *column;
  KontorFilterOp  op;
  GValue          value;
  const char     *condition;  /* a derived value: SQL with one parameter, the value */
} Filter;

struct _KontorListModel
{
  GObject           parent_instance;

  KontorRepository *repository;
  GType             entity_type;
  GArray           *ids;
  gboolean          loaded;   /* ids were read since the model was made */
  GArray           *base_ids; /* the ids without the search, while nothing changes */
  gint64            base_max_id;
  GHashTable       *bits_cache; /* match → GBytes of the ids it matches, short searches */
  gboolean          background;  /* big lists are read in a worker thread */
  gboolean          loading;     /* a worker is reading the ids */
  guint             generation;  /* of the newest read */
  GCancellable     *job_cancellable;
  char             *search;
  char             *sort_field;
  char             *sort_expr;
  gboolean          sort_descending;
  GPtrArray        *filters;
  gulong            changed_id;
};

static void     list_model_iface_init (GListModelInterface  *iface);
static gboolean refresh_ids           (KontorListModel      *self,
                                       GError              **error);

G_DEFINE_FINAL_TYPE_WITH_CODE (KontorListModel, kontor_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_SEARCH,
  PROP_LOADING,
  N_PROPS
};

/* Lists that may have this many rows or more are read in a worker thread
 * when the model is in background mode (KONTOR_BACKGROUND_ROWS overrides) */
#define BACKGROUND_ROWS 20000

static GParamSpec *properties[N_PROPS];

static void
filter_free (gpointer data)
{
  Filter *filter = data;

  g_free (filter->column);
  if (G_IS_VALUE (&filter->value))
    g_value_unset (&filter->value);
  g_free (filter);
}

static KontorEntityClass *
entity_class (KontorListModel *self)
{
  return g_type_class_peek (self->entity_type);
}

static const char *
op_sql (KontorFilterOp op)
{
  switch (op)
    {
    case KONTOR_FILTER_EQ: return "=";
    case KONTOR_FILTER_NE: return "IS NOT";
    case KONTOR_FILTER_LT: return "<";
    case KONTOR_FILTER_LE: return "<=";
    case KONTOR_FILTER_GT: return ">";
    case KONTOR_FILTER_GE: return ">=";
    case KONTOR_FILTER_IS_NULL: return "IS NULL";
    case KONTOR_FILTER_NOT_NULL: return "IS NOT NULL";
    default: g_assert_not_reached ();
    }
}

/* The WHERE clause of the list; with single_row, of one row (parameter 1
 * is its id), where the search checks that row's entry of the index. */
static void
append_where (KontorListModel *self,
              GString         *sql,
              const char      *match,
              gboolean         single_row)
{
  KontorEntityClass *klass = entity_class (self);

  /* The unary + keeps SQLite from walking a whole "live rows" index
   * (0008-list-indexes.sql) when the order or the search has a better plan */
  if (single_row)
    g_string_append_printf (sql, " FROM %s t WHERE t.id = ? AND +t.deleted_at IS NULL",
                            klass->table);
  else if (self->sort_expr == NULL || match != NULL)
    g_string_append_printf (sql, " FROM %s t WHERE +t.deleted_at IS NULL", klass->table);
  else
    g_string_append_printf (sql, " FROM %s t WHERE t.deleted_at IS NULL", klass->table);

  for (guint i = 0; i < self->filters->len; i++)
    {
      Filter *filter = g_ptr_array_index (self->filters, i);

      if (filter->condition != NULL)
        g_string_append_printf (sql, " AND (%s)", filter->condition);
      else if (filter->op == KONTOR_FILTER_IS_NULL || filter->op == KONTOR_FILTER_NOT_NULL)
        g_string_append_printf (sql, " AND t.%s %s", filter->column, op_sql (filter->op));
      else
        g_string_append_printf (sql, " AND t.%s %s ?", filter->column, op_sql (filter->op));
    }

  if (match != NULL && single_row)
    g_string_append_printf (sql, " AND EXISTS (SELECT 1 FROM search_index "
                            "WHERE search_index MATCH ? AND rowid = %" G_GINT64_FORMAT " + t.id)",
                            KONTOR_SEARCH_ROWID (klass->search_code, 0));
  else if (match != NULL)
    g_string_append_printf (sql, " AND t.id IN (SELECT rowid - %" G_GINT64_FORMAT
                            " FROM search_index WHERE search_index MATCH ?"
                            " AND rowid BETWEEN %" G_GINT64_FORMAT " AND %" G_GINT64_FORMAT ")",
                            KONTOR_SEARCH_ROWID (klass->search_code, 0),
                            KONTOR_SEARCH_ROWID (klass->search_code, 0),
                            KONTOR_SEARCH_ROWID (klass->search_code + 1, -1));
}

static void
append_order (KontorListModel *self,
              GString         *sql)
{
  g_string_append_printf (sql, " ORDER BY %s %s, t.id %s",
                          self->sort_expr ? self->sort_expr : "t.id",
                          self->sort_descending ? "DESC" : "ASC",
                          self->sort_descending ? "DESC" : "ASC");
}

static char *
build_query (KontorListModel *self,
             const char      *match)
{
  GString *sql = g_string_new ("SELECT t.id");

  append_where (self, sql, match, FALSE);
  append_order (self, sql);

  return g_string_free (sql, FALSE);
}

static void
bind_value (sqlite3_stmt *stmt,
            int           index,
            const GValue *value)
{
  if (G_VALUE_HOLDS_STRING (value))
    sqlite3_bind_text (stmt, index, g_value_get_string (value), -1, SQLITE_TRANSIENT);
  else if (G_VALUE_HOLDS_BOOLEAN (value))
    sqlite3_bind_int (stmt, index, g_value_get_boolean (value));
  else
    sqlite3_bind_int64 (stmt, index, g_value_get_int64 (value));
}

static gboolean
filter_has_value (Filter *filter)
{
  return filter->op != KONTOR_FILTER_IS_NULL && filter->op != KONTOR_FILTER_NOT_NULL;
}

/* Binds the filters' values and the search from parameter index on */
static void
bind_where (KontorListModel *self,
            sqlite3_stmt    *stmt,
            int              index,
            const char      *match)
{
  for (guint i = 0; i < self->filters->len; i++)
    {
      Filter *filter = g_ptr_array_index (self->filters, i);

      if (filter_has_value (filter))
        bind_value (stmt, index++, &filter->value);
    }

  if (match != NULL)
    sqlite3_bind_text (stmt, index++, match, -1, SQLITE_TRANSIENT);
}

/* Appends the ids a statement reads; checks for cancellation now and then */
static int
step_ids (sqlite3_stmt *stmt,
          GArray       *ids,
          GCancellable *cancellable)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);

      g_array_append_val (ids, id);
      if ((ids->len & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
        return SQLITE_INTERRUPT;
    }
  return rc;
}

static gint64
max_id (GArray *ids)
{
  gint64 max = 0;

  for (guint i = 0; i < ids->len; i++)
    max = MAX (max, g_array_index (ids, gint64, i));
  return max;
}

/* Search as you type. Ordering the matches of a short prefix by the
 * list's sort costs a sort of tens of thousands of rows per keystroke;
 * instead the ids the list shows without the search are kept (they are
 * already in order) and filtered by the set of ids the search index
 * matches (fts_stmt), read in the index's own order into a bitmap. */
static int
read_match_bits (sqlite3_stmt  *fts_stmt,
                 guint          search_code,
                 gint64         base_max_id,
                 GBytes       **out_bits,
                 GCancellable  *cancellable)
{
  gsize size = (gsize) (base_max_id / 64 + 1) * sizeof (guint64);
  g_autofree guint64 *bits = g_malloc0 (size);
  gint64 first = KONTOR_SEARCH_ROWID (search_code, 0);
  guint n = 0;
  int rc;

  /* Only the rowids of the list's kind and of ids it can show: FTS5 seeks
   * to that range of the index instead of reading every kind's matches */
  sqlite3_bind_int64 (fts_stmt, 2, first + 1);
  sqlite3_bind_int64 (fts_stmt, 3, first + base_max_id);
  while ((rc = sqlite3_step (fts_stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (fts_stmt, 0) - first;

      if (id > 0 && id <= base_max_id)
        bits[id / 64] |= G_GUINT64_CONSTANT (1) << (id % 64);
      if ((++n & 0xffff) == 0 && g_cancellable_is_cancelled (cancellable))
        return SQLITE_INTERRUPT;
    }
  if (rc != SQLITE_DONE)
    return rc;

  *out_bits = g_bytes_new_take (g_steal_pointer (&bits), size);
  return SQLITE_DONE;
}

static GArray *
filter_base (GArray *base,
             GBytes *bytes)
{
  gsize size;
  const guint64 *bits = g_bytes_get_data (bytes, &size);
  gint64 n_bits = (gint64) (size / sizeof (guint64)) * 64;
  GArray *ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), 1024);

  for (guint i = 0; i < base->len; i++)
    {
      gint64 id = g_array_index (base, gint64, i);

      if (id < n_bits && (bits[id / 64] & (G_GUINT64_CONSTANT (1) << (id % 64))))
        g_array_append_val (ids, id);
    }

  return ids;
}

/* The matches of the shortest searches, the ones typed again and again
 * (and the densest: a letter that begins a word in every record), are
 * kept while the rows do not change */
#define BITS_CACHE_MAX 16

static gboolean
search_is_short (const char *search)
{
  return search != NULL && g_utf8_strlen (search, -1) <= 2;
}

static GBytes *
lookup_bits (KontorListModel *self,
             const char      *match)
{
  GBytes *bits;

  if (!search_is_short (self->search) || self->bits_cache == NULL)
    return NULL;
  bits = g_hash_table_lookup (self->bits_cache, match);
  return bits != NULL ? g_bytes_ref (bits) : NULL;
}

static void
store_bits (KontorListModel *self,
            const char      *match,
            GBytes          *bits)
{
  if (!search_is_short (self->search))
    return;
  if (self->bits_cache == NULL)
    self->bits_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                              (GDestroyNotify) g_bytes_unref);
  if (g_hash_table_size (self->bits_cache) >= BITS_CACHE_MAX)
    g_hash_table_remove_all (self->bits_cache);
  g_hash_table_insert (self->bits_cache, g_strdup (match), g_bytes_ref (bits));
}

static void
drop_bits (KontorListModel *self)
{
  g_clear_pointer (&self->bits_cache, g_hash_table_unref);
}

#define SEARCH_SQL "SELECT rowid FROM search_index WHERE search_index MATCH ?1 " \
                   "AND rowid BETWEEN ?2 AND ?3"

static GArray *
read_ids (KontorListModel  *self,
          const char       *match,
          guint             size_hint,
          GError          **error)
{
  g_autofree char *sql = build_query (self, match);
  g_autoptr(GArray) ids = NULL;
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  stmt = _kontor_repository_prepare (self->repository, sql, error);
  if (stmt == NULL)
    return NULL;

  ids = g_array_sized_new (FALSE, FALSE, sizeof (gint64), size_hint);
  bind_where (self, stmt, 1, match);

  rc = step_ids (stmt, ids, NULL);
  if (rc != SQLITE_DONE)
    {
      _kontor_set_sqlite_error (_kontor_repository_get_db (self->repository), rc, error);
      return NULL;
    }

  return g_steal_pointer (&ids);
}

/* The base is a copy, never changed in place: update_row edits the ids
 * the list shows, and a worker thread may be reading the base */
static void
set_base (KontorListModel *self,
          GArray          *ids,
          gint64           base_max_id)
{
  g_clear_pointer (&self->base_ids, g_array_unref);
  drop_bits (self);
  self->base_ids = ids;
  self->base_max_id = base_max_id;
}

static GArray *
search_ids (KontorListModel  *self,
            const char       *match,
            GError          **error)
{
  g_autoptr(GBytes) bits = NULL;

  if (self->base_ids == NULL)
    {
      GArray *base = read_ids (self, NULL, self->ids->len + 16, error);

      if (base == NULL)
        return NULL;
      set_base (self, base, max_id (base));
    }

  bits = lookup_bits (self, match);
  if (bits == NULL)
    {
      g_autoptr(KontorStmt) stmt = NULL;
      int rc;

      stmt = _kontor_repository_prepare (self->repository, SEARCH_SQL, error);
      if (stmt == NULL)
        return NULL;
      sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);

      rc = read_match_bits (stmt, entity_class (self)->search_code, self->base_max_id,
                            &bits, NULL);
      if (rc != SQLITE_DONE)
        {
          _kontor_set_sqlite_error (_kontor_repository_get_db (self->repository), rc, error);
          return NULL;
        }
      store_bits (self, match, bits);
    }

  return filter_base (self->base_ids, bits);
}

static GArray *
query_ids (KontorListModel  *self,
           GError          **error)
{
  g_autofree char *match = _kontor_search_build_match (self->repository, self->search, TRUE);
  GArray *ids;

  /* Searching for punctuation only matches nothing rather than everything */
  if (self->search != NULL && *self->search != '\0' && match == NULL)
    return g_array_new (FALSE, FALSE, sizeof (gint64));

  if (match != NULL)
    return search_ids (self, match, error);

  /* Room for the rows of the last read: a refresh rarely changes the size */
  ids = read_ids (self, NULL, self->ids->len + 16, error);
  if (ids != NULL)
    set_base (self, g_array_copy (ids), max_id (ids));
  return ids;
}

/* Replaces the ids and emits one items-changed covering only the part
 * between the common head and the common tail of the two lists. */
static void
update_ids (KontorListModel *self,
            GArray          *ids)
{
  GArray *old = self->ids;
  guint old_len = old->len;
  guint new_len = ids->len;
  guint head = 0, tail = 0;

  while (head < old_len && head < new_len &&
         g_array_index (old, gint64, head) == g_array_index (ids, gint64, head))
    head++;

  while (tail < old_len - head && tail < new_len - head &&
         g_array_index (old, gint64, old_len - 1 - tail) ==
         g_array_index (ids, gint64, new_len - 1 - tail))
    tail++;

  self->ids = g_array_ref (ids);
  g_array_unref (old);

  if (head + tail == old_len && old_len == new_len)
    return;

  g_list_model_items_changed (G_LIST_MODEL (self), head,
                              old_len - head - tail, new_len - head - tail);
  if (old_len != new_len)
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* Whether the row with this id belongs in the list */
static gboolean
row_matches (KontorListModel  *self,
             gint64            id,
             const char       *match,
             gboolean         *matches,
             GError          **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT 1");
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  append_where (self, sql, match, TRUE);
  stmt = _kontor_repository_prepare (self->repository, sql->str, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  bind_where (self, stmt, 2, match);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      _kontor_set_sqlite_error (_kontor_repository_get_db (self->repository), rc, error);
      return FALSE;
    }

  *matches = rc == SQLITE_ROW;
  return TRUE;
}

/* Where the row goes among the others, whose order did not change: a
 * binary search whose comparisons are the list's own ORDER BY applied to
 * two rows, so that collations, NULLs and ties sort exactly as a full read. */
static gboolean
find_position (KontorListModel  *self,
               gint64            id,
               guint            *position,
               GError          **error)
{
  g_autoptr(GString) sql = g_string_new ("SELECT t.id");
  guint low = 0, high = self->ids->len;

  g_string_append_printf (sql, " FROM %s t WHERE t.id IN (?, ?)", entity_class (self)->table);
  append_order (self, sql);
  g_string_append (sql, " LIMIT 1");

  while (low < high)
    {
      guint middle = low + (high - low) / 2;
      g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (self->repository, sql->str, error);
      int rc;

      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, id);
      sqlite3_bind_int64 (stmt, 2, g_array_index (self->ids, gint64, middle));
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        {
          _kontor_set_sqlite_error (_kontor_repository_get_db (self->repository), rc, error);
          return FALSE;
        }

      if (rc == SQLITE_ROW && sqlite3_column_int64 (stmt, 0) == id)
        high = middle;
      else
        low = middle + 1;
    }

  *position = low;
  return TRUE;
}

/* One record changed: takes it out of the ids and puts it back where it
 * now sorts, if it still matches, instead of reading every id again. */
static gboolean
update_row (KontorListModel  *self,
            gint64            id,
            GError          **error)
{
  g_autofree char *match = _kontor_search_build_match (self->repository, self->search, TRUE);
  gint old_position = kontor_list_model_find_id (self, id);
  guint new_position = 0;
  gboolean matches = FALSE;

  if (self->search != NULL && *self->search != '\0' && match == NULL)
    matches = FALSE;
  else if (!row_matches (self, id, match, &matches, error))
    return FALSE;

  if (old_position >= 0)
    g_array_remove_index (self->ids, old_position);

  if (matches && !find_position (self, id, &new_position, error))
    {
      if (old_position >= 0)
        g_array_insert_val (self->ids, old_position, id);
      return FALSE;
    }

  if (matches)
    g_array_insert_val (self->ids, new_position, id);

  if (old_position >= 0 && matches)
    {
      guint first = MIN ((guint) old_position, new_position);
      guint last = MAX ((guint) old_position, new_position);

      /* An edited row that stays where it is still needs its row redrawn:
       * the views follow the object's notify signals for that. */
      if (first != last)
        g_list_model_items_changed (G_LIST_MODEL (self), first, last - first + 1,
                                    last - first + 1);
    }
  else if (old_position >= 0)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), old_position, 1, 0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  else if (matches)
    {
      g_list_model_items_changed (G_LIST_MODEL (self), new_position, 0, 1);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }

  return TRUE;
}

/* Reading in a worker thread. A job takes a copy of everything the read
 * needs (the SQL, the filters' values, the search, the base) and its own
 * read-only connection; a newer job or a change of the rows makes its
 * result stale, recognised by the generation. */
typedef struct
{
  char      *path;
  char      *sql;
  GPtrArray *values;        /* GValue *, in the order of the parameters */
  char      *match;
  guint      search_code;
  GArray    *base;          /* the ids without the search, or NULL */
  gint64     base_max_id;
  guint      generation;
  GArray    *ids;           /* the result */
  GArray    *new_base;      /* read by the job when it had no base */
  gboolean   nothing;       /* a search that matches nothing */
  GBytes    *bits;          /* the matches, known before, or read by the job */
  gboolean   bits_read;     /* bits were read by the job */
} Job;

static void
free_value (gpointer data)
{
  GValue *value = data;

  g_value_unset (value);
  g_free (value);
}

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->path);
  g_free (job->sql);
  g_clear_pointer (&job->values, g_ptr_array_unref);
  g_free (job->match);
  g_clear_pointer (&job->base, g_array_unref);
  g_clear_pointer (&job->ids, g_array_unref);
  g_clear_pointer (&job->new_base, g_array_unref);
  g_clear_pointer (&job->bits, g_bytes_unref);
  g_free (job);
}

static int
on_progress (void *data)
{
  return g_cancellable_is_cancelled (data);
}

static int
run_job (sqlite3      *db,
         Job          *job,
         GCancellable *cancellable)
{
  sqlite3_stmt *stmt = NULL;
  GArray *base = job->base;
  gint64 base_max_id = job->base_max_id;
  int rc;

  if (job->nothing)
    {
      job->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
      return SQLITE_DONE;
    }

  if (base == NULL)
    {
      rc = sqlite3_prepare_v2 (db, job->sql, -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        return rc;
      for (guint i = 0; i < job->values->len; i++)
        bind_value (stmt, (int) i + 1, g_ptr_array_index (job->values, i));

      job->new_base = g_array_new (FALSE, FALSE, sizeof (gint64));
      rc = step_ids (stmt, job->new_base, cancellable);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return rc;
      base = job->new_base;
      base_max_id = job->base_max_id = max_id (base);
    }

  if (job->match == NULL)
    {
      job->ids = g_array_copy (base);
      return SQLITE_DONE;
    }

  if (job->bits == NULL)
    {
      rc = sqlite3_prepare_v2 (db, SEARCH_SQL, -1, &stmt, NULL);
      if (rc != SQLITE_OK)
        return rc;
      sqlite3_bind_text (stmt, 1, job->match, -1, SQLITE_STATIC);
      rc = read_match_bits (stmt, job->search_code, base_max_id, &job->bits, cancellable);
      sqlite3_finalize (stmt);
      if (rc != SQLITE_DONE)
        return rc;
      job->bits_read = TRUE;
    }

  job->ids = filter_base (base, job->bits);
  return SQLITE_DONE;
}

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      data,
             GCancellable *cancellable)
{
  Job *job = data;
  sqlite3 *db = NULL;
  GError *error = NULL;
  int rc;

  rc = sqlite3_open_v2 (job->path, &db, SQLITE_OPEN_READONLY, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_busy_timeout (db, 5000);
      sqlite3_progress_handler (db, 10000, on_progress, cancellable);
      rc = run_job (db, job, cancellable);
    }

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    g_task_return_error (task, error);
  else if (rc != SQLITE_DONE)
    {
      _kontor_set_sqlite_error (db, rc, &error);
      g_task_return_error (task, error);
    }
  else
    g_task_return_boolean (task, TRUE);

  sqlite3_close (db);
}

static void
set_loading (KontorListModel *self,
             gboolean         loading)
{
  if (self->loading == loading)
    return;
  self->loading = loading;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LOADING]);
}

static void
on_job_done (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  KontorListModel *self = KONTOR_LIST_MODEL (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the list: %s", error->message);
      if (job->generation == self->generation)
        set_loading (self, FALSE);
      return;
    }

  /* A newer read is on its way */
  if (job->generation != self->generation)
    return;

  if (job->new_base != NULL)
    set_base (self, g_steal_pointer (&job->new_base), job->base_max_id);
  if (job->bits_read)
    store_bits (self, job->match, job->bits);
  update_ids (self, job->ids);
  set_loading (self, FALSE);
}

/* Whether the list may be big enough to read in a worker: the highest id
 * bounds the number of rows and costs one look-up */
static gboolean
wants_background (KontorListModel *self)
{
  static gint64 threshold = -1;
  const char *path = kontor_repository_get_path (self->repository);
  g_autofree char *sql = NULL;
  g_autoptr(KontorStmt) stmt = NULL;

  if (!self->background || path == NULL || *path == '\0' || g_str_has_prefix (path, ":memory:")
      || g_str_has_prefix (path, "file:"))
    return FALSE;

  if (threshold < 0)
    {
      const char *env = g_getenv ("KONTOR_BACKGROUND_ROWS");

      threshold = env != NULL ? g_ascii_strtoll (env, NULL, 10) : BACKGROUND_ROWS;
    }

  sql = g_strdup_printf ("SELECT max(id) FROM %s", entity_class (self)->table);
  stmt = _kontor_repository_prepare (self->repository, sql, NULL);
  return stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW
         && sqlite3_column_int64 (stmt, 0) >= threshold;
}

static void
start_job (KontorListModel *self)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *match = _kontor_search_build_match (self->repository, self->search, TRUE);
  Job *job = g_new0 (Job, 1);

  job->path = g_strdup (kontor_repository_get_path (self->repository));
  job->sql = build_query (self, NULL);
  job->values = g_ptr_array_new_with_free_func (free_value);
  for (guint i = 0; i < self->filters->len; i++)
    {
      Filter *filter = g_ptr_array_index (self->filters, i);
      GValue *value;

      if (!filter_has_value (filter))
        continue;
      value = g_new0 (GValue, 1);
      g_value_init (value, G_VALUE_TYPE (&filter->value));
      g_value_copy (&filter->value, value);
      g_ptr_array_add (job->values, value);
    }
  job->search_code = entity_class (self)->search_code;
  if (self->base_ids != NULL)
    {
      job->base = g_array_ref (self->base_ids);
      job->base_max_id = self->base_max_id;
    }
  job->generation = ++self->generation;

  /* Searching for punctuation only matches nothing rather than everything */
  job->nothing = self->search != NULL && *self->search != '\0' && match == NULL;
  job->match = g_steal_pointer (&match);
  /* Matches known before are sized for the base the job is given */
  if (job->base != NULL && job->match != NULL)
    job->bits = lookup_bits (self, job->match);

  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->job_cancellable);
  self->job_cancellable = g_cancellable_new ();

  task = g_task_new (self, self->job_cancellable, on_job_done, NULL);
  g_task_set_source_tag (task, start_job);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, load_thread);
  set_loading (self, TRUE);
}

static void
on_repository_changed (KontorRepository *repository,
                       const char       *kind,
                       gint64            id,
                       guint             change,
                       KontorListModel  *self)
{
  g_autoptr(GError) error = NULL;

  /* What a record is found by may come from others (a contact by its
   * company's name): known matches go with any change */
  drop_bits (self);

  if (g_strcmp0 (kind, entity_class (self)->kind) != 0)
    return;

  /* The ids are patched in place below: they are no longer the base */
  g_clear_pointer (&self->base_ids, g_array_unref);

  /* Nobody has read the rows yet: the first look reads them. Someone who
   * listens without having looked saw an empty list, and gets the rows as
   * added ones. */
  if (!self->loaded)
    {
      if (!g_signal_has_handler_pending (self,
                                         g_signal_lookup ("items-changed", G_TYPE_LIST_MODEL),
                                         0, FALSE))
        return;
      self->loaded = TRUE;
      id = 0;
    }

  /* A worker reading the ids may not have seen this change: read again */
  if (self->loading)
    {
      start_job (self);
      return;
    }

  if (id != 0 && update_row (self, id, &error))
    return;

  g_clear_error (&error);
  if (!kontor_list_model_refresh (self, &error))
    g_warning ("Could not refresh the %s list: %s", kind, error->message);
}

/* The ids are read when they are first needed, so that a model made and
 * then sorted or filtered reads the table once, not twice */
static void
ensure_loaded (KontorListModel *self)
{
  g_autoptr(GError) error = NULL;

  if (!self->loaded && !refresh_ids (self, &error))
    g_warning ("Could not read the list: %s", error->message);
}

static GType
kontor_list_model_get_item_type (GListModel *model)
{
  KontorListModel *self = KONTOR_LIST_MODEL (model);

  return self->entity_type;
}

static guint
kontor_list_model_get_n_items (GListModel *model)
{
  KontorListModel *self = KONTOR_LIST_MODEL (model);

  ensure_loaded (self);
  return self->ids->len;
}

static gpointer
kontor_list_model_get_item (GListModel *model,
                            guint       position)
{
  KontorListModel *self = KONTOR_LIST_MODEL (model);
  g_autoptr(GError) error = NULL;
  gpointer item;

  ensure_loaded (self);
  if (position >= self->ids->len)
    return NULL;

  item = kontor_repository_find (self->repository, self->entity_type,
                                 g_array_index (self->ids, gint64, position), &error);
  if (item == NULL)
    g_warning ("Could not read row %u: %s", position, error->message);

  return item;
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = kontor_list_model_get_item_type;
  iface->get_n_items = kontor_list_model_get_n_items;
  iface->get_item = kontor_list_model_get_item;
}

static void
kontor_list_model_dispose (GObject *object)
{
  KontorListModel *self = (KontorListModel *)object;

  g_clear_signal_handler (&self->changed_id, self->repository);
  g_clear_object (&self->repository);
  if (self->job_cancellable != NULL)
    g_cancellable_cancel (self->job_cancellable);
  g_clear_object (&self->job_cancellable);

  G_OBJECT_CLASS (kontor_list_model_parent_class)->dispose (object);
}

static void
kontor_list_model_finalize (GObject *object)
{
  KontorListModel *self = (KontorListModel *)object;

  g_clear_pointer (&self->ids, g_array_unref);
  g_clear_pointer (&self->base_ids, g_array_unref);
  drop_bits (self);
  g_clear_pointer (&self->filters, g_ptr_array_unref);
  g_clear_pointer (&self->search, g_free);
  g_clear_pointer (&self->sort_field, g_free);
  g_clear_pointer (&self->sort_expr, g_free);

  G_OBJECT_CLASS (kontor_list_model_parent_class)->finalize (object);
}

static void
kontor_list_model_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  KontorListModel *self = KONTOR_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      ensure_loaded (self);
      g_value_set_uint (value, self->ids->len);
      break;
    case PROP_SEARCH:
      g_value_set_string (value, self->search);
      break;
    case PROP_LOADING:
      g_value_set_boolean (value, self->loading);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kontor_list_model_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  KontorListModel *self = KONTOR_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_SEARCH:
      kontor_list_model_set_search (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kontor_list_model_class_init (KontorListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kontor_list_model_dispose;
  object_class->finalize = kontor_list_model_finalize;
  object_class->get_property = kontor_list_model_get_property;
  object_class->set_property = kontor_list_model_set_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCH] =
    g_param_spec_string ("search", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  /**
   * KontorListModel:loading:
   *
   * Whether a worker thread is reading the rows (background mode only)
   */
  properties[PROP_LOADING] =
    g_param_spec_boolean ("loading", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kontor_list_model_init (KontorListModel *self)
{
  self->ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->filters = g_ptr_array_new_with_free_func (filter_free);
}

KontorListModel *
kontor_list_model_new (KontorRepository *repository,
                       GType             entity_type)
{
  KontorListModel *self;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (g_type_is_a (entity_type, KONTOR_TYPE_ENTITY), NULL);

  g_type_class_ref (entity_type);

  self = g_object_new (KONTOR_TYPE_LIST_MODEL, NULL);
  self->repository = g_object_ref (repository);
  self->entity_type = entity_type;
  self->changed_id = g_signal_connect (repository, "changed",
                                       G_CALLBACK (on_repository_changed), self);

  return self;
}

KontorRepository *
kontor_list_model_get_repository (KontorListModel *self)
{
  g_return_val_if_fail (KONTOR_IS_LIST_MODEL (self), NULL);

  return self->repository;
}

GType
kontor_list_model_get_entity_type (KontorListModel *self)
{
  g_return_val_if_fail (KONTOR_IS_LIST_MODEL (self), G_TYPE_INVALID);

  return self->entity_type;
}

const char *
kontor_list_model_get_search (KontorListModel *self)
{
  g_return_val_if_fail (KONTOR_IS_LIST_MODEL (self), NULL);

  return self->search;
}

void
kontor_list_model_set_search (KontorListModel *self,
                              const char      *text)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KONTOR_IS_LIST_MODEL (self));

  if (text != NULL && *text == '\0')
    text = NULL;

  if (g_strcmp0 (self->search, text) == 0)
    return;

  g_free (self->search);
  self->search = g_strdup (text);

  if (self->loaded && !refresh_ids (self, &error))
    g_warning ("Could not search: %s", error->message);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCH]);
}

const char *
kontor_list_model_get_sort_field (KontorListModel *self)
{
  g_return_val_if_fail (KONTOR_IS_LIST_MODEL (self), NULL);

  return self->sort_field;
}

gboolean
kontor_list_model_get_sort_descending (KontorListModel *self)
{
  g_return_val_if_fail (KONTOR_IS_LIST_MODEL (self), FALSE);

  return self->sort_descending;
}

/* A link sorts by what the user sees of the linked record, not its id */
static char *
ref_sort_expression (const KontorField *field)
{
  GType type = kontor_entity_type_from_name (field->ref_kind);
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  KontorEntityClass *ref_class = KONTOR_ENTITY_CLASS (klass);
  const char *name_expr;

  if (kontor_entity_class_find_field (ref_class, "last_name"))
    name_expr = "coalesce(r.last_name, '') || ' ' || coalesce(r.first_name, '')";
  else if (kontor_entity_class_find_field (ref_class, "name"))
    name_expr = "r.name";
  else if (kontor_entity_class_find_field (ref_class, "title"))
    name_expr = "r.title";
  else if (kontor_entity_class_find_field (ref_class, "number"))
    name_expr = "r.number";
  else
    name_expr = "r.id";

  return g_strdup_printf ("(SELECT %s FROM %s r WHERE r.id = t.%s_id)",
                          name_expr, ref_class->table, field->name);
}

gboolean
kontor_list_model_set_sort (KontorListModel  *self,
                            const char       *field_name,
                            gboolean          descending,
                            GError          **error)
{
  g_autofree char *expr = NULL;

  g_return_val_if_fail (KONTOR_IS_LIST_MODEL (self), FALSE);

  if (field_name == NULL || g_str_equal (field_name, "id"))
    expr = NULL;
  else if (g_str_equal (field_name, "created_at") || g_str_equal (field_name, "updated_at"))
    expr = g_strdup_printf ("t.%s", field_name);
  else if (g_str_equal (field_name, "name") &&
           kontor_entity_class_find_field (entity_class (self), "last_name"))
    expr = g_strdup_printf ("t.last_name COLLATE NOCASE %s, t.first_name COLLATE NOCASE",
                            descending ? "DESC" : "ASC");
  else
    {
      const KontorField *field = kontor_entity_class_find_field (entity_class (self),
                                                                 field_name);

      if (field == NULL)
        {
          kontor_set_field_error (error, field_name, _("A list of %s cannot be sorted by “%s”"),
                                  entity_class (self)->plural, field_name);
          return FALSE;
        }

      /* A list of phones or e-mails sorts by its first value, as the lists show it.
       * The kind and the field come from the class tables, not from the user. */
      if (field->type == KONTOR_FIELD_LIST)
        expr = g_strdup_printf ("(SELECT p.value FROM contact_points p WHERE p.owner_kind = '%s' "
                                "AND p.owner_id = t.id AND p.kind = '%s' "
                                "ORDER BY p.position, p.id LIMIT 1) COLLATE NOCASE",
                                entity_class (self)->kind, field->name);
      else if (field->type == KONTOR_FIELD_REF)
        expr = ref_sort_expression (field);
      else
        expr = g_strdup_printf ("t.%s", field->name);
    }

  g_free (self->sort_field);
  self->sort_field = g_strdup (field_name);
  g_free (self->sort_expr);
  self->sort_expr = g_steal_pointer (&expr);
  self->sort_descending = descending;

  return kontor_list_model_refresh (self, error);
}

gboolean
kontor_list_model_add_filter (KontorListModel  *self,
                              const char       *field_name,
                              KontorFilterOp    op,
                              const char       *value,
                              GError          **error)
{
  const KontorField *field;
  g_autoptr(KontorEntity) scratch = NULL;
  KontorEntityClass *klass;
  Filter *filter;
  gint index;

  g_return_val_if_fail (KONTOR_IS_LIST_MODEL (self), FALSE);
  g_return_val_if_fail (field_name != NULL, FALSE);

  klass = entity_class (self);
  field = kontor_entity_class_find_field (klass, field_name);
  if (field == NULL || field->type == KONTOR_FIELD_LIST)
    {
      kontor_set_field_error (error, field_name, _("A list of %s cannot be filtered by “%s”"),
                              klass->plural, field_name);
      return FALSE;
    }

  filter = g_new0 (Filter, 1);
  filter->column = kontor_field_dup_column (field);
  filter->op = op;

  /* "Overdue" is not stored: an invoice is overdue when its due date has
   * passed and it is neither paid nor cancelled. */
  if (g_str_equal (klass->kind, "invoice") && g_str_equal (field_name, "status") &&
      g_strcmp0 (value, "overdue") == 0 && (op == KONTOR_FILTER_EQ || op == KONTOR_FILTER_NE))
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (_kontor_now ());

      filter->condition = op == KONTOR_FILTER_EQ
        ? "t.due_on < ? AND t.status NOT IN ('paid', 'cancelled')"
        : "NOT (coalesce(t.due_on < ?, 0) AND t.status NOT IN ('paid', 'cancelled'))";
      g_value_init (&filter->value, G_TYPE_STRING);
      g_value_take_string (&filter->value, g_date_time_format (now, "%Y-%m-%d"));
      g_ptr_array_add (self->filters, filter);
      return kontor_list_model_refresh (self, error);
    }

  if (op != KONTOR_FILTER_IS_NULL && op != KONTOR_FILTER_NOT_NULL)
    {
      /* The field's own parser turns "1500.50" into minor units, a date
       * into a timestamp, "yes" into TRUE… */
      scratch = g_object_new (self->entity_type, NULL);
      if (field->flags & KONTOR_FIELD_COMPUTED)
        {
          GValue text = G_VALUE_INIT;
          gint64 number;

          g_value_init (&text, G_TYPE_STRING);
          g_value_set_string (&text, value);
          index = field - klass->fields;
          if (field->type == KONTOR_FIELD_ENUM || field->type == KONTOR_FIELD_TEXT ||
              field->type == KONTOR_FIELD_DATE)
            _kontor_entity_set_value (scratch, index, &text);
          else if (g_ascii_string_to_signed (value, 10, G_MININT64, G_MAXINT64, &number, NULL))
            kontor_entity_set_int (scratch, field->name, number);
          g_value_unset (&text);
        }
      else if (!kontor_entity_set_from_string (scratch, field->name, value, error))
        {
          filter_free (filter);
          return FALSE;
        }

      index = field - klass->fields;
      g_value_init (&filter->value, G_VALUE_TYPE (_kontor_entity_get_value (scratch, index)));
      g_value_copy (_kontor_entity_get_value (scratch, index), &filter->value);

      /* A list field's parser appends; other types are plain values */
      if (G_VALUE_HOLDS (&filter->value, G_TYPE_STRV))
        {
          filter_free (filter);
          return FALSE;
        }
    }

  g_ptr_array_add (self->filters, filter);
  return kontor_list_model_refresh (self, error);
}

void
kontor_list_model_clear_filters (KontorListModel *self)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (KONTOR_IS_LIST_MODEL (self));

  if (self->filters->len == 0)
    return;

  g_ptr_array_set_size (self->filters, 0);
  if (!kontor_list_model_refresh (self, &error))
    g_warning ("Could not read the list: %s", error->message);
}

gboolean
kontor_list_model_refresh (KontorListModel  *self,
                           GError          **error)
{
  g_return_val_if_fail (KONTOR_IS_LIST_MODEL (self), FALSE);

  /* The sort, the filters or the rows changed: the base is read again */
  g_clear_pointer (&self->base_ids, g_array_unref);
  drop_bits (self);

  /* Nobody has looked at the rows yet: the first look reads them once,
   * however many sorts and filters were set before (a board column read
   * every deal of its stage in id order before its own order was set) */
  if (!self->loaded)
    return TRUE;

  return refresh_ids (self, error);
}

static gboolean
refresh_ids (KontorListModel  *self,
             GError          **error)
{
  g_autoptr(GArray) ids = NULL;

  /* The rows arrive in on_job_done, with one items-changed; until then
   * the list shows what it showed */
  if (self->loading || wants_background (self))
    {
      self->loaded = TRUE;
      start_job (self);
      return TRUE;
    }

  ids = query_ids (self, error);
  if (ids == NULL)
    return FALSE;

  /* Nobody has seen the rows before the first read: nothing changed */
  if (!self->loaded)
    {
      self->loaded = TRUE;
      g_array_unref (self->ids);
      self->ids = g_steal_pointer (&ids);
      return TRUE;
    }

  update_ids (self, ids);
  return TRUE;
}

gint64
kontor_list_model_get_id (KontorListModel *self,
                          guint            position)
{
  g_return_val_if_fail (KONTOR_IS_LIST_MODEL (self), 0);

  ensure_loaded (self);
  if (position >= self->ids->len)
    return 0;

  return g_array_index (self->ids, gint64, position);
}

gint
kontor_list_model_find_id (KontorListModel *self,
                           gint64           id)
{
  g_return_val_if_fail (KONTOR_IS_LIST_MODEL (self), -1);

  ensure_loaded (self);
  for (guint i = 0; i < self->ids->len; i++)
    if (g_array_index (self->ids, gint64, i) == id)
      return (gint) i;

  return -1;
}

/**
 * kontor_list_model_set_background:
 * @self: a #KontorListModel
 * @background: whether big lists are read in a worker thread
 *
 * In background mode, reading a list that may have many rows (sorting,
 * filtering, searching, the first look) happens in a worker thread on a
 * read-only connection of its own: the model keeps showing its rows until
 * the new ones arrive with one items-changed, and #KontorListModel:loading
 * is %TRUE meanwhile. A single changed record is still put in place at once.
 */
void
kontor_list_model_set_background (KontorListModel *self,
                                  gboolean         background)
{
  g_return_if_fail (KONTOR_IS_LIST_MODEL (self));

  self->background = !!background;
}

gboolean
kontor_list_model_get_loading (KontorListModel *self)
{
  g_return_val_if_fail (KONTOR_IS_LIST_MODEL (self), FALSE);

  return self->loading;
}
