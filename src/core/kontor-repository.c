/* kontor-repository.c
 *
 * The repository owns the SQLite connection, the prepared statement cache
 * and the identity map (one GObject per row), and is the only place that
 * writes: every write is validated, runs in a transaction, and is announced
 * by one "changed" signal per record after the outermost commit.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-repository"

#include "config.h"

#include <inttypes.h>

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "kontor-activities.h"
#include "kontor-activity.h"
#include "kontor-backup.h"
#include "kontor-company.h"
#include "kontor-contact.h"
#include "kontor-deal.h"
#include "kontor-duplicates.h"
#include "kontor-deal-product.h"
#include "kontor-entity-private.h"
#include "kontor-error.h"
#include "kontor-invoice.h"
#include "kontor-invoice-line.h"
#include "kontor-lead.h"
#include "kontor-leads-private.h"
#include "kontor-money.h"
#include "kontor-pipeline.h"
#include "kontor-pricing-private.h"
#include "kontor-product.h"
#include "kontor-repository-private.h"
#include "kontor-stage.h"
#include "kontor-timeline-item.h"

#define SQL_RESOURCE_PATH "/io/github/kontor/Kontor/sql"
#define MAX_SIGNALLED_CHANGES 64

typedef struct
{
  KontorRepository *repository;
  gint64            key;
  KontorEntity     *entity;  /* weak */
} IdentityEntry;

typedef struct
{
  char         *kind;
  gint64        id;
  KontorChange  change;
} PendingChange;

struct _KontorRepository
{
  GObject     parent_instance;

  char       *path;
  sqlite3    *db;
  GHashTable *statements;      /* SQL text → sqlite3_stmt */
  GHashTable *identity;        /* id * 16 + search code → IdentityEntry */
  guint       depth;           /* transaction nesting */
  GArray     *pending_changes; /* PendingChange, until the outermost commit */
  GArray     *pending_new;     /* identity keys of rows inserted in the open transaction */
  char       *default_currency;
  gint64      data_version;    /* PRAGMA data_version seen last */

  GThreadPool *checkpointer;   /* one thread copying the WAL into the file */
  sqlite3     *checkpoint_db;  /* its own connection, opened at first use */
  gint         checkpoint_queued;
  guint        checkpoint_mark;   /* thousands of pages in the log at the last commit */
  guint        n_checkpoints;
};

G_DEFINE_FINAL_TYPE (KontorRepository, kontor_repository, G_TYPE_OBJECT)

enum {
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean save_internal     (KontorRepository  *self,
                                   KontorEntity      *entity,
                                   GError           **error);
static gint64   read_data_version (KontorRepository  *self);

gint64
_kontor_now (void)
{
  const char *fixed = g_getenv ("KONTOR_NOW");
  gint64 value;

  /* Tests pin the clock so that timestamps can be asserted */
  if (fixed != NULL && g_ascii_string_to_signed (fixed, 10, 0, G_MAXINT64, &value, NULL))
    return value;

  return g_get_real_time () / G_USEC_PER_SEC;
}

/* The current time in seconds since the epoch; tests pin it with the
 * environment variable KONTOR_NOW. */
gint64
kontor_now (void)
{
  return _kontor_now ();
}

gboolean
_kontor_set_sqlite_error (sqlite3  *db,
                          int       rc,
                          GError  **error)
{
  const char *message = db ? sqlite3_errmsg (db) : sqlite3_errstr (rc);
  int primary = rc & 0xff;

  switch (primary)
    {
    case SQLITE_CONSTRAINT:
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT, "%s", message);
      break;
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT,
                   _("The database is damaged: %s"), message);
      break;
    case SQLITE_FULL:
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_IO,
                   _("The disk is full: %s"), message);
      break;
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_IO, "%s", message);
      break;
    default:
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_FAILED, "%s", message);
      break;
    }

  return FALSE;
}

void
_kontor_stmt_done (KontorStmt *stmt)
{
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
    }
}

sqlite3 *
_kontor_repository_get_db (KontorRepository *self)
{
  return self->db;
}

KontorStmt *
_kontor_repository_prepare (KontorRepository  *self,
                            const char        *sql,
                            GError           **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->statements, sql);
  int rc;

  if (stmt != NULL)
    return stmt;

  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      _kontor_set_sqlite_error (self->db, rc, error);
      g_prefix_error (error, "%s: ", sql);
      return NULL;
    }

  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
_kontor_repository_exec (KontorRepository  *self,
                         const char        *sql,
                         GError           **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return _kontor_set_sqlite_error (self->db, rc, error);

  return TRUE;
}

static gboolean
step_done (KontorStmt  *stmt,
           sqlite3     *db,
           GError     **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    return _kontor_set_sqlite_error (db, rc, error);

  return TRUE;
}

static void
bind_text_or_null (KontorStmt *stmt,
                   int         index,
                   const char *text)
{
  if (text == NULL)
    sqlite3_bind_null (stmt, index);
  else
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
}

/* Types ------------------------------------------------------------------ */

const GType *
kontor_entity_list_types (guint *n_types)
{
  static GType types[11];
  static gsize initialized = 0;

  if (g_once_init_enter (&initialized))
    {
      types[0] = KONTOR_TYPE_LEAD;
      types[1] = KONTOR_TYPE_CONTACT;
      types[2] = KONTOR_TYPE_COMPANY;
      types[3] = KONTOR_TYPE_DEAL;
      types[4] = KONTOR_TYPE_ACTIVITY;
      types[5] = KONTOR_TYPE_PRODUCT;
      types[6] = KONTOR_TYPE_INVOICE;
      types[7] = KONTOR_TYPE_PIPELINE;
      types[8] = KONTOR_TYPE_STAGE;
      types[9] = KONTOR_TYPE_INVOICE_LINE;
      types[10] = KONTOR_TYPE_DEAL_PRODUCT;
      g_once_init_leave (&initialized, 1);
    }

  if (n_types)
    *n_types = G_N_ELEMENTS (types);

  return types;
}

GType
kontor_entity_type_from_name (const char *name)
{
  guint n_types;
  const GType *types = kontor_entity_list_types (&n_types);

  if (name == NULL)
    return G_TYPE_INVALID;

  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (types[i]);
      KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);

      if (g_str_equal (entity_class->kind, name) || g_str_equal (entity_class->plural, name))
        return types[i];
    }

  return G_TYPE_INVALID;
}

static GType
type_from_kind (const char *kind)
{
  return kontor_entity_type_from_name (kind);
}

/* WAL checkpoints --------------------------------------------------------- */

/* SQLite copies the write-ahead log back into the database file (a
 * checkpoint, with an fsync) in the commit that takes the log past 1,000
 * pages: on a large file that commit took up to 110 ms instead of 2, a
 * dropped frame for whoever moved a card. Commits now only ask a thread
 * of the repository to do it, on a connection of its own; a PASSIVE
 * checkpoint waits for nobody and blocks no writer. The last connection
 * to close checkpoints what is left, as before. */
#define CHECKPOINT_PAGES 1000

/* A log is started again from its beginning only once it is all copied:
 * while commits follow each other without a pause, the thread never
 * catches up, and past this size the committing thread copies it after
 * all, as SQLite would have */
#define CHECKPOINT_PAGES_MAX (16 * CHECKPOINT_PAGES)

static void
checkpoint_thread (gpointer data,
                   gpointer user_data)
{
  KontorRepository *self = data;
  int rc;

  /* A commit from now on may ask for the next one */
  g_atomic_int_set (&self->checkpoint_queued, 0);

  if (self->checkpoint_db == NULL)
    {
      rc = sqlite3_open_v2 (self->path, &self->checkpoint_db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, NULL);
      if (rc != SQLITE_OK)
        {
          g_debug ("Could not open %s to checkpoint it: %s", self->path,
                   sqlite3_errmsg (self->checkpoint_db));
          g_clear_pointer (&self->checkpoint_db, sqlite3_close_v2);
          return;
        }
    }

  rc = sqlite3_wal_checkpoint_v2 (self->checkpoint_db, NULL, SQLITE_CHECKPOINT_PASSIVE,
                                  NULL, NULL);
  if (rc != SQLITE_OK)
    g_debug ("Checkpoint of %s: %s", self->path, sqlite3_errmsg (self->checkpoint_db));
  else
    g_atomic_int_inc (&self->n_checkpoints);
}

/* Runs in the thread that committed, after the commit */
static int
on_wal_commit (void       *data,
               sqlite3    *db,
               const char *name,
               int         n_pages)
{
  KontorRepository *self = data;
  guint mark = (guint) n_pages / CHECKPOINT_PAGES;

  /* Once per 1,000 pages the log grows, not after every commit while the
   * thread is behind: each checkpoint ends in an fsync */
  if (mark <= self->checkpoint_mark)
    {
      self->checkpoint_mark = mark;
      return SQLITE_OK;
    }
  self->checkpoint_mark = mark;

  if (n_pages >= CHECKPOINT_PAGES_MAX)
    sqlite3_wal_checkpoint (db, name);
  else if (g_atomic_int_compare_and_exchange (&self->checkpoint_queued, 0, 1))
    g_thread_pool_push (self->checkpointer, self, NULL);

  return SQLITE_OK;
}

static void
start_checkpointer (KontorRepository *self)
{
  /* Tests that make the file system fail on demand keep SQLite's own
   * checkpoints: no second connection does I/O behind their back */
  if (g_getenv ("KONTOR_SQLITE_VFS") != NULL)
    return;

  self->checkpointer = g_thread_pool_new (checkpoint_thread, NULL, 1, FALSE, NULL);
  /* Replaces the automatic checkpoint in the committing thread */
  sqlite3_wal_hook (self->db, on_wal_commit, self);
}

static void
stop_checkpointer (KontorRepository *self)
{
  if (self->checkpointer != NULL)
    {
      sqlite3_wal_hook (self->db, NULL, NULL);
      g_thread_pool_free (g_steal_pointer (&self->checkpointer), FALSE, TRUE);
    }
  g_clear_pointer (&self->checkpoint_db, sqlite3_close_v2);
}

/* How many checkpoints the repository's thread made, for tests */
guint
_kontor_repository_get_checkpoints (KontorRepository *self)
{
  return g_atomic_int_get (&self->n_checkpoints);
}

/* Opening and migrations -------------------------------------------------- */

char *
kontor_repository_dup_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "kontor", "kontor.db", NULL);
}

static int
compare_names (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(const char **) a, *(const char **) b);
}

static char **
list_migrations (void)
{
  g_auto(GStrv) names = g_resources_enumerate_children (SQL_RESOURCE_PATH,
                                                        G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  guint n;

  if (names == NULL)
    return g_new0 (char *, 1);

  n = g_strv_length (names);
  qsort (names, n, sizeof (char *), compare_names);
  return g_steal_pointer (&names);
}

guint
kontor_repository_get_schema_version (void)
{
  g_auto(GStrv) names = list_migrations ();
  guint version = 0;

  for (guint i = 0; names[i] != NULL; i++)
    version = MAX (version, (guint) g_ascii_strtoull (names[i], NULL, 10));

  return version;
}

static void
seed_defaults (KontorRepository *self)
{
  static const struct {
    const char *name;
    const char *semantics;
    const char *color;
  } stages[] = {
    { N_("New"), "open", "#62a0ea" },
    { N_("Qualification"), "open", "#3584e4" },
    { N_("Proposal"), "open", "#9141ac" },
    { N_("Negotiation"), "open", "#e5a50a" },
    { N_("Won"), "won", "#2ec27e" },
    { N_("Lost"), "lost", "#e01b24" },
  };
  g_autoptr(KontorPipeline) pipeline = kontor_pipeline_new ();
  g_autoptr(GError) error = NULL;

  kontor_entity_set_text (KONTOR_ENTITY (pipeline), "name", _("Sales"));
  if (!save_internal (self, KONTOR_ENTITY (pipeline), &error))
    {
      g_warning ("Could not create the default pipeline: %s", error->message);
      return;
    }

  for (guint i = 0; i < G_N_ELEMENTS (stages); i++)
    {
      g_autoptr(KontorStage) stage = kontor_stage_new ();

      kontor_entity_set_int (KONTOR_ENTITY (stage), "pipeline",
                             kontor_entity_get_id (KONTOR_ENTITY (pipeline)));
      kontor_entity_set_text (KONTOR_ENTITY (stage), "name", _(stages[i].name));
      kontor_entity_set_int (KONTOR_ENTITY (stage), "position", i);
      kontor_entity_set_text (KONTOR_ENTITY (stage), "color", stages[i].color);
      kontor_entity_set_text (KONTOR_ENTITY (stage), "semantics", stages[i].semantics);
      if (!save_internal (self, KONTOR_ENTITY (stage), &error))
        {
          g_warning ("Could not create a default stage: %s", error->message);
          return;
        }
    }
}

static gboolean
apply_migrations (KontorRepository  *self,
                  guint              from_version,
                  GError           **error)
{
  g_auto(GStrv) names = list_migrations ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_path ("/", SQL_RESOURCE_PATH, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *sql = NULL;
      g_autofree char *pragma = NULL;
      guint version = (guint) g_ascii_strtoull (names[i], NULL, 10);
      int rc;

      if (version <= from_version)
        continue;

      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, error);
      if (bytes == NULL)
        return FALSE;

      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      pragma = g_strdup_printf ("PRAGMA user_version = %u", version);

      /* One transaction per migration: a failed one leaves the file as it was */
      if (!_kontor_repository_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;

      rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);
      if (rc == SQLITE_OK)
        rc = sqlite3_exec (self->db, pragma, NULL, NULL, NULL);

      if (rc == SQLITE_OK && version == 1)
        {
          self->depth = 1;
          seed_defaults (self);
          self->depth = 0;
        }
      if (rc == SQLITE_OK && version == 2)
        {
          self->depth = 1;
          if (!_kontor_leads_after_migration (self, error))
            rc = SQLITE_ERROR;
          self->depth = 0;
        }

      if (rc != SQLITE_OK)
        {
          _kontor_set_sqlite_error (self->db, rc, error);
          g_prefix_error (error, _("Could not upgrade the database to version %u: "), version);
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }

      if (!_kontor_repository_exec (self, "COMMIT", error))
        return FALSE;
    }

  /* The seeding above queued changes nobody listens to yet */
  for (guint i = 0; i < self->pending_changes->len; i++)
    g_free (g_array_index (self->pending_changes, PendingChange, i).kind);
  g_array_set_size (self->pending_changes, 0);
  g_array_set_size (self->pending_new, 0);

  return TRUE;
}

static gboolean
prepare_file (const char  *path,
              GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  int fd;

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_IO,
                   _("Could not create the folder “%s”: %s"), dir, g_strerror (saved));
      return FALSE;
    }

  /* Create the file ourselves so that it is private from the first byte;
   * SQLite gives its -wal and -shm files the same mode. */
  fd = g_open (path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      int saved = errno;
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_IO,
                   _("Could not open “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  close (fd);

  return TRUE;
}

gboolean
_kontor_read_user_version (sqlite3  *db,
                           gint64   *out_version,
                           GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  int rc;

  rc = sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      _kontor_set_sqlite_error (db, rc, error);
      sqlite3_finalize (stmt);
      return FALSE;
    }

  *out_version = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return TRUE;
}

static char *
dump_schema (sqlite3 *db)
{
  GString *dump = g_string_new (NULL);
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT type, name, tbl_name, coalesce(sql, '') FROM sqlite_schema "
                          "ORDER BY type, name", -1, &stmt, NULL) != SQLITE_OK)
    return g_string_free (dump, FALSE);

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (dump, "%s|%s|%s|%s\n",
                            sqlite3_column_text (stmt, 0), sqlite3_column_text (stmt, 1),
                            sqlite3_column_text (stmt, 2), sqlite3_column_text (stmt, 3));

  sqlite3_finalize (stmt);
  return g_string_free (dump, FALSE);
}

/* The schema of an existing file must be exactly what our migrations make:
 * a table, index, view or trigger that somebody planted is refused before
 * any statement of ours could fire it. */
static gboolean
schema_is_ours (sqlite3 *db,
                guint    version)
{
  g_auto(GStrv) names = list_migrations ();
  g_autofree char *expected = NULL;
  g_autofree char *actual = NULL;
  sqlite3 *reference = NULL;
  gboolean ok = TRUE;

  if (sqlite3_open_v2 (":memory:", &reference, SQLITE_OPEN_READWRITE, NULL) != SQLITE_OK)
    {
      sqlite3_close (reference);
      return FALSE;
    }

  for (guint i = 0; ok && names[i] != NULL; i++)
    {
      g_autofree char *path = g_build_path ("/", SQL_RESOURCE_PATH, names[i], NULL);
      g_autoptr(GBytes) bytes = NULL;
      g_autofree char *sql = NULL;

      if ((guint) g_ascii_strtoull (names[i], NULL, 10) > version)
        continue;

      bytes = g_resources_lookup_data (path, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
      if (bytes == NULL)
        {
          ok = FALSE;
          break;
        }
      sql = g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
      ok = sqlite3_exec (reference, sql, NULL, NULL, NULL) == SQLITE_OK;
    }

  if (ok)
    {
      expected = dump_schema (reference);
      actual = dump_schema (db);
      ok = g_strcmp0 (expected, actual) == 0;
    }

  sqlite3_close (reference);
  return ok;
}

KontorRepository *
kontor_repository_open (const char  *path,
                        GError     **error)
{
  g_autoptr(KontorRepository) self = NULL;
  g_autofree char *default_path = NULL;
  gint64 version = 0;
  guint latest = kontor_repository_get_schema_version ();
  gboolean existed;
  int rc;

  if (path == NULL || *path == '\0')
    path = default_path = kontor_repository_dup_default_path ();

  self = g_object_new (KONTOR_TYPE_REPOSITORY, NULL);
  self->path = g_strdup (path);

  existed = g_file_test (path, G_FILE_TEST_EXISTS);
  if (existed && g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_IO,
                   _("“%s” is a folder, not a database file"), path);
      return NULL;
    }

  if (!existed && !prepare_file (path, error))
    return NULL;

  /* KONTOR_SQLITE_VFS: tests open through a VFS that fails on demand */
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, g_getenv ("KONTOR_SQLITE_VFS"));
  if (rc != SQLITE_OK)
    {
      _kontor_set_sqlite_error (self->db, rc, error);
      g_prefix_error (error, _("Could not open “%s”: "), path);
      return NULL;
    }

  /* writable_schema tricks are refused; the schema itself is compared with
   * ours below before anything is written. */
  sqlite3_db_config (self->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
  sqlite3_busy_timeout (self->db, 5000);
  sqlite3_extended_result_codes (self->db, 1);

  /* Read before anything is written: a damaged or too new file is refused
   * untouched (switching to WAL would already rewrite its header). */
  if (!_kontor_read_user_version (self->db, &version, error))
    {
      g_prefix_error (error, _("“%s” is not a Kontor database: "), path);
      return NULL;
    }

  /* user_version is a signed 32-bit number: ours are never negative */
  if (version < 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT,
                   _("“%s” has an impossible schema version (%" PRId64
                     "); it was not changed"), path, version);
      return NULL;
    }

  if (version > (gint64) latest)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_TOO_NEW,
                   _("“%s” was written by a newer version of Kontor (schema %" PRId64
                     ", this version knows up to %u); it was not changed"),
                   path, version, latest);
      return NULL;
    }

  if (version == 0)
    {
      sqlite3_stmt *stmt = NULL;
      gboolean empty = FALSE;

      if (sqlite3_prepare_v2 (self->db, "SELECT count(*) FROM sqlite_schema", -1, &stmt,
                              NULL) == SQLITE_OK &&
          sqlite3_step (stmt) == SQLITE_ROW)
        empty = sqlite3_column_int (stmt, 0) == 0;
      sqlite3_finalize (stmt);

      if (!empty)
        {
          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT,
                       _("“%s” is an SQLite database of another program; it was not changed"),
                       path);
          return NULL;
        }
    }
  else if (!schema_is_ours (self->db, (guint) version))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CORRUPT,
                   _("“%s” does not have the schema of a Kontor database; it was not changed"),
                   path);
      return NULL;
    }

  if (!_kontor_repository_exec (self, "PRAGMA journal_mode = WAL", error) ||
      !_kontor_repository_exec (self, "PRAGMA synchronous = NORMAL", error) ||
      !_kontor_repository_exec (self, "PRAGMA foreign_keys = ON", error))
    {
      g_prefix_error (error, _("Could not open “%s”: "), path);
      return NULL;
    }

  /* A file with data is backed up before its schema changes */
  if (version > 0 && version < (gint64) latest &&
      !kontor_backup_create (self, "migration", NULL, error))
    {
      g_prefix_error (error, _("The database was not upgraded: "));
      return NULL;
    }

  if (version < (gint64) latest && !apply_migrations (self, (guint) version, error))
    return NULL;

  start_checkpointer (self);
  self->data_version = read_data_version (self);

  return g_steal_pointer (&self);
}

const char *
kontor_repository_get_path (KontorRepository *self)
{
  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), NULL);

  return self->path;
}

const char *
kontor_repository_get_default_currency (KontorRepository *self)
{
  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), NULL);

  return self->default_currency;
}

void
kontor_repository_set_default_currency (KontorRepository *self,
                                        const char       *currency)
{
  g_return_if_fail (KONTOR_IS_REPOSITORY (self));
  g_return_if_fail (kontor_currency_is_valid (currency));

  g_free (self->default_currency);
  self->default_currency = g_strdup (currency);
}

/* Identity map ------------------------------------------------------------ */

static gint64
identity_key (GType  type,
              gint64 id)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);

  return id * 16 + KONTOR_ENTITY_CLASS (klass)->search_code;
}

static void
on_entity_finalized (gpointer  data,
                     GObject  *where_the_object_was)
{
  IdentityEntry *entry = data;

  g_hash_table_remove (entry->repository->identity, &entry->key);
}

static void
identity_entry_free (gpointer data)
{
  g_free (data);
}

static void
identity_add (KontorRepository *self,
              KontorEntity     *entity)
{
  IdentityEntry *entry = g_new0 (IdentityEntry, 1);

  entry->repository = self;
  entry->key = identity_key (G_OBJECT_TYPE (entity), kontor_entity_get_id (entity));
  entry->entity = entity;

  g_object_weak_ref (G_OBJECT (entity), on_entity_finalized, entry);
  g_hash_table_replace (self->identity, &entry->key, entry);
}

static void
identity_remove (KontorRepository *self,
                 KontorEntity     *entity,
                 gint64            id)
{
  gint64 key = identity_key (G_OBJECT_TYPE (entity), id);
  IdentityEntry *entry = g_hash_table_lookup (self->identity, &key);

  if (entry != NULL && entry->entity == entity)
    {
      g_object_weak_unref (G_OBJECT (entity), on_entity_finalized, entry);
      g_hash_table_remove (self->identity, &key);
    }
}

/* Reading records -------------------------------------------------------- */

static char *
build_select_sql (KontorEntityClass *klass)
{
  GString *sql = g_string_new ("SELECT id, uuid, created_at, updated_at, deleted_at");

  for (guint i = 0; i < klass->n_fields; i++)
    {
      g_autofree char *column = NULL;

      if (klass->fields[i].type == KONTOR_FIELD_LIST)
        continue;

      column = kontor_field_dup_column (&klass->fields[i]);
      g_string_append_printf (sql, ", %s", column);
    }

  g_string_append_printf (sql, " FROM %s WHERE id = ?", klass->table);
  return g_string_free (sql, FALSE);
}

static gboolean
load_lists (KontorRepository  *self,
            KontorEntity      *entity,
            GError           **error)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (entity);
  KontorStmt *stmt;

  for (guint i = 0; i < klass->n_fields; i++)
    {
      g_autoptr(GStrvBuilder) builder = NULL;
      g_auto(GStrv) values = NULL;
      g_autoptr(KontorStmt) guard = NULL;
      int rc;

      if (klass->fields[i].type != KONTOR_FIELD_LIST)
        continue;

      stmt = _kontor_repository_prepare (self,
                                         "SELECT value FROM contact_points "
                                         "WHERE owner_kind = ? AND owner_id = ? AND kind = ? "
                                         "ORDER BY position, id", error);
      if (stmt == NULL)
        return FALSE;
      guard = stmt;

      sqlite3_bind_text (stmt, 1, klass->kind, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 2, kontor_entity_get_id (entity));
      sqlite3_bind_text (stmt, 3, klass->fields[i].name, -1, SQLITE_STATIC);

      builder = g_strv_builder_new ();
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));

      if (rc != SQLITE_DONE)
        return _kontor_set_sqlite_error (self->db, rc, error);

      values = g_strv_builder_end (builder);
      kontor_entity_set_list (entity, klass->fields[i].name, (const char * const *) values);
    }

  return TRUE;
}

static gboolean
load_row (KontorRepository  *self,
          KontorEntity      *entity,
          gint64             id,
          GError           **error)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (entity);
  g_autofree char *sql = build_select_sql (klass);
  g_autoptr(KontorStmt) stmt = NULL;
  int column = 5;
  int rc;

  stmt = _kontor_repository_prepare (self, sql, error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, id);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND,
                   _("There is no %s with id %" PRId64), klass->kind, id);
      return FALSE;
    }
  if (rc != SQLITE_ROW)
    return _kontor_set_sqlite_error (self->db, rc, error);

  g_object_freeze_notify (G_OBJECT (entity));

  _kontor_entity_set_identity (entity,
                               sqlite3_column_int64 (stmt, 0),
                               (const char *) sqlite3_column_text (stmt, 1),
                               sqlite3_column_int64 (stmt, 2),
                               sqlite3_column_int64 (stmt, 3),
                               sqlite3_column_int64 (stmt, 4));

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const KontorField *field = &klass->fields[i];
      GValue value = G_VALUE_INIT;

      if (field->type == KONTOR_FIELD_LIST)
        continue;

      switch (field->type)
        {
        case KONTOR_FIELD_TEXT:
        case KONTOR_FIELD_ENUM:
        case KONTOR_FIELD_DATE:
          g_value_init (&value, G_TYPE_STRING);
          g_value_set_string (&value, (const char *) sqlite3_column_text (stmt, column));
          break;
        case KONTOR_FIELD_BOOL:
          g_value_init (&value, G_TYPE_BOOLEAN);
          g_value_set_boolean (&value, sqlite3_column_int64 (stmt, column) != 0);
          break;
        default:
          g_value_init (&value, G_TYPE_INT64);
          if (sqlite3_column_type (stmt, column) == SQLITE_NULL &&
              (field->flags & KONTOR_FIELD_BASIS_POINTS))
            g_value_set_int64 (&value, -1);
          else
            g_value_set_int64 (&value, sqlite3_column_int64 (stmt, column));
          break;
        }

      _kontor_entity_set_value (entity, i, &value);
      g_value_unset (&value);
      column++;
    }

  g_clear_pointer (&stmt, _kontor_stmt_done);

  if (!load_lists (self, entity, error))
    {
      g_object_thaw_notify (G_OBJECT (entity));
      return FALSE;
    }

  g_object_thaw_notify (G_OBJECT (entity));
  return TRUE;
}

gpointer
kontor_repository_find (KontorRepository  *self,
                        GType              type,
                        gint64             id,
                        GError           **error)
{
  g_autoptr(KontorEntity) entity = NULL;
  IdentityEntry *entry;
  gint64 key;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), NULL);
  g_return_val_if_fail (g_type_is_a (type, KONTOR_TYPE_ENTITY), NULL);

  if (id <= 0)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (type);
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND,
                   _("There is no %s with id %" PRId64),
                   KONTOR_ENTITY_CLASS (klass)->kind, id);
      return NULL;
    }

  key = identity_key (type, id);
  entry = g_hash_table_lookup (self->identity, &key);
  if (entry != NULL)
    return g_object_ref (entry->entity);

  entity = g_object_new (type, NULL);
  if (!load_row (self, entity, id, error))
    return NULL;

  identity_add (self, entity);
  return g_steal_pointer (&entity);
}

gpointer
kontor_repository_find_by_name (KontorRepository  *self,
                                GType              type,
                                const char        *name,
                                gint64             scope_id,
                                GError           **error)
{
  g_autoptr(GTypeClass) klass = NULL;
  KontorEntityClass *entity_class;
  g_autofree char *sql = NULL;
  g_autoptr(KontorStmt) stmt = NULL;
  const char *name_expr;
  gint64 id;
  int rc;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  klass = g_type_class_ref (type);
  entity_class = KONTOR_ENTITY_CLASS (klass);

  if (type == KONTOR_TYPE_CONTACT || type == KONTOR_TYPE_LEAD)
    name_expr = "trim(coalesce(first_name, '') || ' ' || coalesce(last_name, ''))";
  else if (kontor_entity_class_find_field (entity_class, "name"))
    name_expr = "name";
  else if (kontor_entity_class_find_field (entity_class, "title"))
    name_expr = "title";
  else if (kontor_entity_class_find_field (entity_class, "number"))
    name_expr = "number";
  else
    name_expr = "subject";

  sql = g_strdup_printf ("SELECT id FROM %s WHERE deleted_at IS NULL AND %s = ?1 %s "
                         "ORDER BY id LIMIT 1",
                         entity_class->table, name_expr,
                         type == KONTOR_TYPE_STAGE ? "AND (?2 = 0 OR pipeline_id = ?2)" : "");
  stmt = _kontor_repository_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, name, -1, SQLITE_TRANSIENT);
  if (type == KONTOR_TYPE_STAGE)
    sqlite3_bind_int64 (stmt, 2, scope_id);

  rc = sqlite3_step (stmt);
  if (rc == SQLITE_DONE)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND,
                   _("There is no %s named “%s”"), entity_class->kind, name);
      return NULL;
    }
  if (rc != SQLITE_ROW)
    {
      _kontor_set_sqlite_error (self->db, rc, error);
      return NULL;
    }

  id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, _kontor_stmt_done);

  return kontor_repository_find (self, type, id, error);
}

gboolean
kontor_repository_reload (KontorRepository  *self,
                          KontorEntity      *entity,
                          GError           **error)
{
  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (KONTOR_IS_ENTITY (entity), FALSE);

  return load_row (self, entity, kontor_entity_get_id (entity), error);
}

gint64
kontor_repository_count (KontorRepository  *self,
                         GType              type,
                         GError           **error)
{
  g_autoptr(GTypeClass) klass = g_type_class_ref (type);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE deleted_at IS NULL",
                                          KONTOR_ENTITY_CLASS (klass)->table);
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (self, sql, error);

  if (stmt == NULL)
    return -1;

  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      _kontor_set_sqlite_error (self->db, sqlite3_errcode (self->db), error);
      return -1;
    }

  return sqlite3_column_int64 (stmt, 0);
}

/* Transactions ------------------------------------------------------------ */

static gboolean
begin (KontorRepository  *self,
       GError           **error)
{
  g_autofree char *sql = NULL;

  if (self->depth == 0)
    sql = g_strdup ("BEGIN IMMEDIATE");
  else
    sql = g_strdup_printf ("SAVEPOINT kontor_%u", self->depth);

  if (!_kontor_repository_exec (self, sql, error))
    return FALSE;

  self->depth++;
  return TRUE;
}

static void
emit_pending_changes (KontorRepository *self)
{
  g_autoptr(GArray) changes = self->pending_changes;

  self->pending_changes = g_array_new (FALSE, TRUE, sizeof (PendingChange));

  if (changes->len > MAX_SIGNALLED_CHANGES)
    {
      /* A bulk write: one signal per kind with id 0 means "re-read all" */
      g_autoptr(GHashTable) kinds = g_hash_table_new (g_str_hash, g_str_equal);

      for (guint i = 0; i < changes->len; i++)
        {
          PendingChange *change = &g_array_index (changes, PendingChange, i);

          if (g_hash_table_add (kinds, change->kind))
            g_signal_emit (self, signals[CHANGED], 0, change->kind, (gint64) 0,
                           (guint) KONTOR_CHANGE_UPDATED);
        }
    }
  else
    {
      for (guint i = 0; i < changes->len; i++)
        {
          PendingChange *change = &g_array_index (changes, PendingChange, i);

          g_signal_emit (self, signals[CHANGED], 0, change->kind, change->id,
                         (guint) change->change);
        }
    }

  for (guint i = 0; i < changes->len; i++)
    g_free (g_array_index (changes, PendingChange, i).kind);
}

static gboolean
commit (KontorRepository  *self,
        GError           **error)
{
  g_autofree char *sql = NULL;

  g_assert (self->depth > 0);

  if (self->depth == 1)
    sql = g_strdup ("COMMIT");
  else
    sql = g_strdup_printf ("RELEASE kontor_%u", self->depth - 1);

  if (!_kontor_repository_exec (self, sql, error))
    return FALSE;

  self->depth--;

  if (self->depth == 0)
    {
      g_array_set_size (self->pending_new, 0);
      emit_pending_changes (self);
    }

  return TRUE;
}

static void
rollback (KontorRepository *self)
{
  g_assert (self->depth > 0);

  if (self->depth == 1)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      self->depth = 0;

      /* Records created in the transaction do not exist any more */
      /* Only objects still alive need to hear it: the map holds no refs */
      for (guint i = 0; i < self->pending_new->len; i++)
        {
          gint64 key = g_array_index (self->pending_new, gint64, i);
          IdentityEntry *entry = g_hash_table_lookup (self->identity, &key);
          KontorEntity *entity;

          if (entry == NULL)
            continue;

          entity = entry->entity;
          identity_remove (self, entity, kontor_entity_get_id (entity));
          _kontor_entity_set_identity (entity, 0, NULL, 0, 0, 0);
        }
      g_array_set_size (self->pending_new, 0);

      for (guint i = 0; i < self->pending_changes->len; i++)
        g_free (g_array_index (self->pending_changes, PendingChange, i).kind);
      g_array_set_size (self->pending_changes, 0);
    }
  else
    {
      g_autofree char *sql = g_strdup_printf ("ROLLBACK TO kontor_%u; RELEASE kontor_%u",
                                              self->depth - 1, self->depth - 1);
      sqlite3_exec (self->db, sql, NULL, NULL, NULL);
      self->depth--;
    }
}

gboolean
kontor_repository_run_in_transaction (KontorRepository      *self,
                                      KontorTransactionFunc  func,
                                      gpointer               user_data,
                                      GError               **error)
{
  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  if (!begin (self, error))
    return FALSE;

  if (!func (user_data, error))
    {
      rollback (self);
      return FALSE;
    }

  if (!commit (self, error))
    {
      rollback (self);
      return FALSE;
    }

  return TRUE;
}

void
_kontor_repository_queue_change (KontorRepository *self,
                                 const char       *kind,
                                 gint64            id,
                                 KontorChange      change)
{
  PendingChange pending = { g_strdup (kind), id, change };

  g_array_append_val (self->pending_changes, pending);
}

/* Timeline ---------------------------------------------------------------- */

gboolean
_kontor_repository_add_timeline (KontorRepository  *self,
                                 const char        *kind,
                                 gint64             id,
                                 const char        *event,
                                 const char        *text,
                                 GError           **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  gint64 now = _kontor_now ();

  stmt = _kontor_repository_prepare (self,
                                     "INSERT INTO timeline (uuid, created_at, updated_at, "
                                     "entity_kind, entity_id, event, text) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, id);
  sqlite3_bind_text (stmt, 6, event, -1, SQLITE_TRANSIENT);
  bind_text_or_null (stmt, 7, text);

  return step_done (stmt, self->db, error);
}

typedef struct
{
  KontorRepository *self;
  KontorEntity     *entity;
  const char       *text;
} CommentData;

static gboolean
add_comment_cb (gpointer   user_data,
                GError   **error)
{
  CommentData *data = user_data;
  const char *kind = kontor_entity_get_kind (data->entity);
  gint64 id = kontor_entity_get_id (data->entity);

  if (!_kontor_repository_add_timeline (data->self, kind, id, "comment", data->text, error))
    return FALSE;

  _kontor_repository_queue_change (data->self, "timeline", id, KONTOR_CHANGE_CREATED);
  return TRUE;
}

gboolean
kontor_repository_add_comment (KontorRepository  *self,
                               KontorEntity      *entity,
                               const char        *text,
                               GError           **error)
{
  g_autofree char *stripped = NULL;
  CommentData data = { self, entity, NULL };

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (KONTOR_IS_ENTITY (entity), FALSE);

  stripped = g_strstrip (g_strdup (text ? text : ""));
  if (*stripped == '\0')
    {
      kontor_set_field_error (error, "comment", _("The comment is empty"));
      return FALSE;
    }
  if (!g_utf8_validate (stripped, -1, NULL) || g_utf8_strlen (stripped, -1) > 10000)
    {
      kontor_set_field_error (error, "comment",
                              _("A comment must be valid text of at most 10000 characters"));
      return FALSE;
    }
  if (kontor_entity_get_id (entity) == 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("Save the record before commenting on it"));
      return FALSE;
    }

  data.text = stripped;
  return kontor_repository_run_in_transaction (self, add_comment_cb, &data, error);
}

GListModel *
kontor_repository_list_timeline (KontorRepository  *self,
                                 KontorEntity      *entity,
                                 GError           **error)
{
  g_autoptr(GListStore) store = g_list_store_new (KONTOR_TYPE_TIMELINE_ITEM);
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), NULL);
  g_return_val_if_fail (KONTOR_IS_ENTITY (entity), NULL);

  stmt = _kontor_repository_prepare (self,
                                     "SELECT id, event, text, created_at FROM timeline "
                                     "WHERE entity_kind = ? AND entity_id = ? "
                                     "AND deleted_at IS NULL "
                                     "ORDER BY created_at DESC, id DESC", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, kontor_entity_get_kind (entity), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, kontor_entity_get_id (entity));

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(KontorTimelineItem) item =
        kontor_timeline_item_new (sqlite3_column_int64 (stmt, 0),
                                  (const char *) sqlite3_column_text (stmt, 1),
                                  (const char *) sqlite3_column_text (stmt, 2),
                                  sqlite3_column_int64 (stmt, 3));
      g_list_store_append (store, item);
    }

  if (rc != SQLITE_DONE)
    {
      _kontor_set_sqlite_error (self->db, rc, error);
      return NULL;
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

GListModel *
kontor_repository_list_stages (KontorRepository  *self,
                               gint64             pipeline_id,
                               GError           **error)
{
  g_autoptr(GListStore) store = g_list_store_new (KONTOR_TYPE_STAGE);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), NULL);

  stmt = _kontor_repository_prepare (self,
                                     "SELECT id FROM stages WHERE pipeline_id = ? "
                                     "AND deleted_at IS NULL ORDER BY position, id", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, pipeline_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _kontor_set_sqlite_error (self->db, rc, error);
      return NULL;
    }
  g_clear_pointer (&stmt, _kontor_stmt_done);

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(KontorEntity) stage =
        kontor_repository_find (self, KONTOR_TYPE_STAGE, g_array_index (ids, gint64, i), error);

      if (stage == NULL)
        return NULL;
      g_list_store_append (store, stage);
    }

  return G_LIST_MODEL (g_steal_pointer (&store));
}

gint64
kontor_repository_get_default_pipeline (KontorRepository *self)
{
  g_autoptr(KontorStmt) stmt = NULL;
  gint64 id = 0;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), 0);

  stmt = _kontor_repository_prepare (self,
                                     "SELECT id FROM pipelines WHERE deleted_at IS NULL "
                                     "ORDER BY position, id LIMIT 1", NULL);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);

  return id;
}

/* Writing records --------------------------------------------------------- */

static gboolean
query_int64 (KontorRepository  *self,
             const char        *sql,
             gint64             param,
             gint64            *out_value,
             gboolean          *out_found,
             GError           **error)
{
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, param);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      *out_value = sqlite3_column_int64 (stmt, 0);
      if (out_found)
        *out_found = TRUE;
      return TRUE;
    }
  if (rc == SQLITE_DONE)
    {
      *out_value = 0;
      if (out_found)
        *out_found = FALSE;
      return TRUE;
    }

  return _kontor_set_sqlite_error (self->db, rc, error);
}

static gboolean
check_refs (KontorRepository  *self,
            KontorEntity      *entity,
            GError           **error)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (entity);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const KontorField *field = &klass->fields[i];
      g_autoptr(GTypeClass) ref_class = NULL;
      g_autofree char *sql = NULL;
      gint64 ref, found_id;
      gboolean found = FALSE;

      if (field->type != KONTOR_FIELD_REF)
        continue;

      ref = kontor_entity_get_int (entity, field->name);
      if (ref == 0)
        continue;

      ref_class = g_type_class_ref (type_from_kind (field->ref_kind));
      sql = g_strdup_printf ("SELECT id FROM %s WHERE id = ?",
                             KONTOR_ENTITY_CLASS (ref_class)->table);
      if (!query_int64 (self, sql, ref, &found_id, &found, error))
        return FALSE;

      if (!found)
        {
          kontor_set_field_error (error, field->name,
                                  _("%s: there is no %s with id %" PRId64),
                                  kontor_field_get_label (field), field->ref_kind, ref);
          return FALSE;
        }
    }

  return TRUE;
}

typedef struct
{
  gint64   old_stage;
  gboolean stage_changed;
  gboolean is_new;
  gboolean became_done;
} SaveState;

static gboolean
prepare_activity (KontorRepository  *self,
                  KontorEntity      *activity,
                  SaveState         *state,
                  GError           **error)
{
  gint64 due = kontor_entity_get_int (activity, "due_at");
  gint64 offset = kontor_activity_reminder_offset (kontor_entity_get_text (activity, "reminder"));
  gint64 remind_at = (due != 0 && offset >= 0) ? due - offset : 0;
  gboolean done = kontor_entity_get_bool (activity, "done");
  gboolean old_done = FALSE;

  if (!state->is_new)
    {
      g_autoptr(KontorStmt) stmt = NULL;

      stmt = _kontor_repository_prepare (self, "SELECT done, remind_at FROM activities "
                                         "WHERE id = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, kontor_entity_get_id (activity));
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          old_done = sqlite3_column_int (stmt, 0) != 0;

          /* A moved due time or a new reminder offset is a new reminder */
          if (sqlite3_column_int64 (stmt, 1) != remind_at)
            kontor_entity_set_int (activity, "reminded_at", 0);
        }
    }

  kontor_entity_set_int (activity, "remind_at", remind_at);

  if (done && !old_done)
    {
      state->became_done = TRUE;
      if (kontor_entity_get_int (activity, "done_at") == 0)
        kontor_entity_set_int (activity, "done_at", _kontor_now ());
    }
  else if (!done)
    kontor_entity_set_int (activity, "done_at", 0);

  return TRUE;
}

/* "Call done: the client is interested" goes on the timeline of every
 * record the activity is linked to. */
static gboolean
record_activity_done (KontorRepository  *self,
                      KontorEntity      *activity,
                      GError           **error)
{
  static const char * const links[] = { "lead", "contact", "company", "deal" };
  const char *subject = kontor_entity_get_text (activity, "subject");
  const char *result = kontor_entity_get_text (activity, "result");
  g_autofree char *text = NULL;

  if (result != NULL)
    text = g_strdup_printf ("%s: %s", subject, result);
  else
    text = g_strdup (subject);

  if (!_kontor_repository_add_timeline (self, "activity", kontor_entity_get_id (activity),
                                        "activity_done", result, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      gint64 id = kontor_entity_get_int (activity, links[i]);

      if (id == 0)
        continue;

      if (!_kontor_repository_add_timeline (self, links[i], id, "activity_done", text, error))
        return FALSE;
      _kontor_repository_queue_change (self, "timeline", id, KONTOR_CHANGE_CREATED);
    }

  return TRUE;
}

static gboolean
prepare_deal (KontorRepository  *self,
              KontorEntity      *deal,
              SaveState         *state,
              GError           **error)
{
  gint64 pipeline = kontor_entity_get_int (deal, "pipeline");
  gint64 stage = kontor_entity_get_int (deal, "stage");
  gint64 stage_pipeline = 0;
  g_autoptr(KontorEntity) stage_obj = NULL;
  const char *semantics;
  gboolean found = FALSE;

  if (pipeline == 0 && stage != 0)
    {
      if (!query_int64 (self, "SELECT pipeline_id FROM stages WHERE id = ?", stage,
                        &pipeline, &found, error))
        return FALSE;
    }
  if (pipeline == 0)
    pipeline = kontor_repository_get_default_pipeline (self);
  if (pipeline == 0)
    {
      kontor_set_field_error (error, "pipeline", _("There is no pipeline to put the deal in"));
      return FALSE;
    }

  if (stage == 0)
    {
      if (!query_int64 (self, "SELECT id FROM stages WHERE pipeline_id = ? "
                        "AND deleted_at IS NULL ORDER BY position, id LIMIT 1",
                        pipeline, &stage, &found, error))
        return FALSE;
      if (!found)
        {
          kontor_set_field_error (error, "stage", _("The pipeline has no stages"));
          return FALSE;
        }
    }

  if (!query_int64 (self, "SELECT pipeline_id FROM stages WHERE id = ? AND deleted_at IS NULL",
                    stage, &stage_pipeline, &found, error))
    return FALSE;

  if (!found)
    {
      kontor_set_field_error (error, "stage", _("Stage: there is no stage with id %" PRId64),
                              stage);
      return FALSE;
    }
  if (stage_pipeline != pipeline)
    {
      kontor_set_field_error (error, "stage", _("Stage: the stage belongs to another pipeline"));
      return FALSE;
    }

  kontor_entity_set_int (deal, "pipeline", pipeline);
  kontor_entity_set_int (deal, "stage", stage);

  if (!state->is_new)
    {
      if (!query_int64 (self, "SELECT stage_id FROM deals WHERE id = ?",
                        kontor_entity_get_id (deal), &state->old_stage, &found, error))
        return FALSE;
    }
  state->stage_changed = state->is_new || state->old_stage != stage;

  stage_obj = kontor_repository_find (self, KONTOR_TYPE_STAGE, stage, error);
  if (stage_obj == NULL)
    return FALSE;

  semantics = kontor_entity_get_text (stage_obj, "semantics");
  if (state->stage_changed || g_strcmp0 (kontor_entity_get_text (deal, "status"), semantics) != 0)
    {
      kontor_entity_set_text (deal, "status", semantics);
      if (g_str_equal (semantics, "open"))
        {
          kontor_entity_set_int (deal, "closed_at", 0);
          kontor_entity_set_text (deal, "loss_reason", NULL);
        }
      else if (state->stage_changed || kontor_entity_get_int (deal, "closed_at") == 0)
        kontor_entity_set_int (deal, "closed_at", _kontor_now ());
    }

  return TRUE;
}

static gboolean
update_invoice_totals (KontorRepository  *self,
                       gint64             invoice_id,
                       GError           **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  g_autoptr(KontorEntity) invoice = NULL;
  gint64 subtotal, vat_total, total;
  int rc;

  stmt = _kontor_repository_prepare (self,
                                     "SELECT coalesce(sum(net), 0), coalesce(sum(vat), 0), "
                                     "coalesce(sum(total), 0) FROM invoice_lines "
                                     "WHERE invoice_id = ? AND deleted_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, invoice_id);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return _kontor_set_sqlite_error (self->db, rc, error);

  subtotal = sqlite3_column_int64 (stmt, 0);
  vat_total = sqlite3_column_int64 (stmt, 1);
  total = sqlite3_column_int64 (stmt, 2);
  g_clear_pointer (&stmt, _kontor_stmt_done);

  if (total > KONTOR_MONEY_MAX)
    {
      kontor_set_field_error (error, "total", _("The invoice total is too large"));
      return FALSE;
    }

  invoice = kontor_repository_find (self, KONTOR_TYPE_INVOICE, invoice_id, error);
  if (invoice == NULL)
    return FALSE;

  kontor_entity_set_int (invoice, "subtotal", subtotal);
  kontor_entity_set_int (invoice, "vat_total", vat_total);
  kontor_entity_set_int (invoice, "total", total);

  return save_internal (self, invoice, error);
}

static gboolean
prepare_invoice (KontorRepository  *self,
                 KontorEntity      *invoice,
                 GError           **error)
{
  const char *number = kontor_entity_get_text (invoice, "number");
  gint64 other_id;
  gboolean found = FALSE;
  g_autoptr(KontorStmt) stmt = NULL;

  if (number == NULL)
    {
      if (!_kontor_pricing_number_invoice (self, invoice, error))
        return FALSE;
      number = kontor_entity_get_text (invoice, "number");
    }

  stmt = _kontor_repository_prepare (self, "SELECT id FROM invoices WHERE number = ? AND id != ?",
                                     error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, number, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, kontor_entity_get_id (invoice));
  found = sqlite3_step (stmt) == SQLITE_ROW;
  other_id = found ? sqlite3_column_int64 (stmt, 0) : 0;
  g_clear_pointer (&stmt, _kontor_stmt_done);

  if (found)
    {
      GError *local = NULL;

      kontor_set_field_error (&local, "number",
                              _("Number: invoice “%s” already exists (id %" PRId64 ")"),
                              number, other_id);
      local->code = KONTOR_ERROR_CONFLICT;
      g_propagate_error (error, local);
      return FALSE;
    }

  if (g_strcmp0 (kontor_entity_get_text (invoice, "status"), "paid") == 0 &&
      kontor_entity_get_text (invoice, "paid_on") == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (_kontor_now ());
      g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");

      kontor_entity_set_text (invoice, "paid_on", today);
    }

  return TRUE;
}

static void
bind_field (KontorStmt        *stmt,
            int                index,
            const KontorField *field,
            const GValue      *value)
{
  switch (field->type)
    {
    case KONTOR_FIELD_TEXT:
    case KONTOR_FIELD_ENUM:
    case KONTOR_FIELD_DATE:
      bind_text_or_null (stmt, index, g_value_get_string (value));
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

/* Orders "kind\nvalue" strings by kind only; the sort is stable, so values
 * of one kind keep their order */
static int
compare_kinds (gconstpointer a,
               gconstpointer b)
{
  const char *sa = *(const char **) a;
  const char *sb = *(const char **) b;
  gsize la = strcspn (sa, "\n");
  gsize lb = strcspn (sb, "\n");
  int result = strncmp (sa, sb, MIN (la, lb));

  return result != 0 ? result : (int) la - (int) lb;
}

/* TRUE when the phones, e-mails and messengers stored for the record are
 * already the ones it has: every rewrite re-indexes the record in the
 * search index once per value, which is most of the cost of a save. */
static gboolean
lists_unchanged (KontorRepository *self,
                 KontorEntity     *entity)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (entity);
  g_autoptr(GPtrArray) stored = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) current = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KontorStmt) stmt = NULL;

  stmt = _kontor_repository_prepare (self,
                                     "SELECT kind, value FROM contact_points "
                                     "WHERE owner_kind = ? AND owner_id = ? "
                                     "ORDER BY kind, position, id", NULL);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, klass->kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, kontor_entity_get_id (entity));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (stored, g_strdup_printf ("%s\n%s", sqlite3_column_text (stmt, 0),
                                              sqlite3_column_text (stmt, 1)));

  /* The same order as the query: by kind name, then position */
  for (guint i = 0; i < klass->n_fields; i++)
    {
      const char * const *values;

      if (klass->fields[i].type != KONTOR_FIELD_LIST)
        continue;

      values = kontor_entity_get_list (entity, klass->fields[i].name);
      for (guint j = 0; values[j] != NULL; j++)
        g_ptr_array_add (current, g_strdup_printf ("%s\n%s", klass->fields[i].name, values[j]));
    }
  g_ptr_array_sort (current, (GCompareFunc) compare_kinds);

  if (stored->len != current->len)
    return FALSE;

  for (guint i = 0; i < stored->len; i++)
    if (g_strcmp0 (g_ptr_array_index (stored, i), g_ptr_array_index (current, i)) != 0)
      return FALSE;

  return TRUE;
}

static gboolean
write_lists (KontorRepository  *self,
             KontorEntity      *entity,
             gboolean           is_new,
             GError           **error)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (entity);
  gint64 id = kontor_entity_get_id (entity);
  gboolean has_lists = FALSE;
  gint64 now = _kontor_now ();
  g_autoptr(KontorStmt) del = NULL;

  for (guint i = 0; i < klass->n_fields; i++)
    has_lists |= klass->fields[i].type == KONTOR_FIELD_LIST;
  if (!has_lists || (!is_new && lists_unchanged (self, entity)))
    return TRUE;

  del = _kontor_repository_prepare (self,
                                    "DELETE FROM contact_points WHERE owner_kind = ? "
                                    "AND owner_id = ?", error);
  if (del == NULL)
    return FALSE;
  sqlite3_bind_text (del, 1, klass->kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (del, 2, id);
  if (!step_done (del, self->db, error))
    return FALSE;
  g_clear_pointer (&del, _kontor_stmt_done);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const char * const *values;

      if (klass->fields[i].type != KONTOR_FIELD_LIST)
        continue;

      values = kontor_entity_get_list (entity, klass->fields[i].name);
      for (guint j = 0; values[j] != NULL; j++)
        {
          g_autoptr(KontorStmt) ins = NULL;
          g_autofree char *uuid = g_uuid_string_random ();
          g_autofree char *normalized = NULL;

          if (klass->fields[i].flags & KONTOR_FIELD_PHONE)
            normalized = _kontor_phone_normalize (values[j]);
          else if (klass->fields[i].flags & KONTOR_FIELD_EMAIL)
            normalized = g_utf8_strdown (values[j], -1);

          ins = _kontor_repository_prepare (self,
                                            "INSERT INTO contact_points (uuid, created_at, "
                                            "updated_at, owner_kind, owner_id, kind, value, "
                                            "normalized, position) "
                                            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
          if (ins == NULL)
            return FALSE;

          sqlite3_bind_text (ins, 1, uuid, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (ins, 2, now);
          sqlite3_bind_int64 (ins, 3, now);
          sqlite3_bind_text (ins, 4, klass->kind, -1, SQLITE_STATIC);
          sqlite3_bind_int64 (ins, 5, id);
          sqlite3_bind_text (ins, 6, klass->fields[i].name, -1, SQLITE_STATIC);
          sqlite3_bind_text (ins, 7, values[j], -1, SQLITE_TRANSIENT);
          bind_text_or_null (ins, 8, normalized);
          sqlite3_bind_int (ins, 9, (int) j);
          if (!step_done (ins, self->db, error))
            return FALSE;
        }
    }

  return TRUE;
}

static gboolean
write_row (KontorRepository  *self,
           KontorEntity      *entity,
           gboolean           is_new,
           gint64            *out_id,
           GError           **error)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (entity);
  GString *sql = g_string_new (NULL);
  g_autoptr(KontorStmt) stmt = NULL;
  g_autofree char *uuid = NULL;
  gint64 now = _kontor_now ();
  int index = 1;
  int rc;

  if (is_new)
    {
      g_string_append_printf (sql, "INSERT INTO %s (uuid, created_at, updated_at", klass->table);
      for (guint i = 0; i < klass->n_fields; i++)
        if (klass->fields[i].type != KONTOR_FIELD_LIST)
          {
            g_autofree char *column = kontor_field_dup_column (&klass->fields[i]);
            g_string_append_printf (sql, ", %s", column);
          }
      g_string_append (sql, ") VALUES (?, ?, ?");
      for (guint i = 0; i < klass->n_fields; i++)
        if (klass->fields[i].type != KONTOR_FIELD_LIST)
          g_string_append (sql, ", ?");
      g_string_append (sql, ")");
    }
  else
    {
      g_string_append_printf (sql, "UPDATE %s SET updated_at = ?", klass->table);
      for (guint i = 0; i < klass->n_fields; i++)
        if (klass->fields[i].type != KONTOR_FIELD_LIST)
          {
            g_autofree char *column = kontor_field_dup_column (&klass->fields[i]);
            g_string_append_printf (sql, ", %s = ?", column);
          }
      g_string_append (sql, " WHERE id = ?");
    }

  stmt = _kontor_repository_prepare (self, sql->str, error);
  g_string_free (sql, TRUE);
  if (stmt == NULL)
    return FALSE;

  if (is_new)
    {
      uuid = g_uuid_string_random ();
      sqlite3_bind_text (stmt, index++, uuid, -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (stmt, index++, now);
    }
  sqlite3_bind_int64 (stmt, index++, now);

  for (guint i = 0; i < klass->n_fields; i++)
    if (klass->fields[i].type != KONTOR_FIELD_LIST)
      bind_field (stmt, index++, &klass->fields[i], _kontor_entity_get_value (entity, i));

  if (!is_new)
    sqlite3_bind_int64 (stmt, index++, kontor_entity_get_id (entity));

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (self->db, rc, error);

  if (is_new)
    {
      *out_id = sqlite3_last_insert_rowid (self->db);
      _kontor_entity_set_identity (entity, *out_id, uuid, now, now, 0);
    }
  else
    {
      *out_id = kontor_entity_get_id (entity);
      _kontor_entity_set_identity (entity, *out_id, kontor_entity_get_uuid (entity),
                                   kontor_entity_get_created_at (entity), now,
                                   kontor_entity_get_deleted_at (entity));
    }

  return TRUE;
}

static char *
stage_name (KontorRepository *self,
            gint64            stage_id)
{
  g_autoptr(KontorEntity) stage = NULL;

  if (stage_id == 0)
    return NULL;

  stage = kontor_repository_find (self, KONTOR_TYPE_STAGE, stage_id, NULL);
  return stage ? g_strdup (kontor_entity_get_text (stage, "name")) : NULL;
}

static gboolean
record_stage_move (KontorRepository  *self,
                   KontorEntity      *deal,
                   gint64             from_stage,
                   GError           **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *from_name = stage_name (self, from_stage);
  g_autofree char *to_name = stage_name (self, kontor_entity_get_int (deal, "stage"));
  g_autofree char *text = NULL;
  gint64 now = _kontor_now ();

  stmt = _kontor_repository_prepare (self,
                                     "INSERT INTO deal_stage_history (uuid, created_at, "
                                     "updated_at, deal_id, from_stage_id, stage_id, moved_at) "
                                     "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, kontor_entity_get_id (deal));
  if (from_stage)
    sqlite3_bind_int64 (stmt, 5, from_stage);
  else
    sqlite3_bind_null (stmt, 5);
  sqlite3_bind_int64 (stmt, 6, kontor_entity_get_int (deal, "stage"));
  sqlite3_bind_int64 (stmt, 7, now);

  if (!step_done (stmt, self->db, error))
    return FALSE;

  if (from_stage == 0)
    return TRUE;

  /* Translators: a deal moved from one pipeline stage to another */
  text = g_strdup_printf (_("%s → %s"), from_name ? from_name : "?", to_name ? to_name : "?");
  if (g_strcmp0 (kontor_entity_get_text (deal, "status"), "lost") == 0 &&
      kontor_entity_get_text (deal, "loss_reason") != NULL)
    {
      g_autofree char *with_reason = g_strdup_printf ("%s (%s)", text,
                                                      kontor_entity_get_text (deal, "loss_reason"));
      g_free (text);
      text = g_steal_pointer (&with_reason);
    }

  return _kontor_repository_add_timeline (self, "deal", kontor_entity_get_id (deal), "stage",
                                          text, error);
}

static gboolean
save_internal (KontorRepository  *self,
               KontorEntity      *entity,
               GError           **error)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (entity);
  SaveState state = { 0, };
  gint64 id = 0;

  state.is_new = kontor_entity_get_id (entity) == 0;

  if (kontor_entity_class_find_field (klass, "currency") != NULL &&
      kontor_entity_get_text (entity, "currency") == NULL)
    kontor_entity_set_text (entity, "currency", self->default_currency);

  if ((KONTOR_IS_INVOICE_LINE (entity) || KONTOR_IS_DEAL_PRODUCT (entity)) &&
      !_kontor_pricing_prepare_line (self, entity, error))
    return FALSE;

  if (!kontor_entity_validate (entity, error))
    return FALSE;

  if (!check_refs (self, entity, error))
    return FALSE;

  if (KONTOR_IS_LEAD (entity) && !state.is_new && !_kontor_lead_check_editable (self, entity, error))
    return FALSE;

  if (KONTOR_IS_DEAL (entity) && !prepare_deal (self, entity, &state, error))
    return FALSE;

  if (KONTOR_IS_DEAL (entity) && !_kontor_pricing_prepare_deal (self, entity, error))
    return FALSE;

  if (KONTOR_IS_INVOICE (entity) && !prepare_invoice (self, entity, error))
    return FALSE;

  if (KONTOR_IS_INVOICE (entity) && !_kontor_pricing_prepare_invoice (self, entity, error))
    return FALSE;

  if (KONTOR_IS_ACTIVITY (entity) && !prepare_activity (self, entity, &state, error))
    return FALSE;

  if (!write_row (self, entity, state.is_new, &id, error))
    return FALSE;

  if (state.is_new)
    {
      gint64 key = identity_key (G_OBJECT_TYPE (entity), id);

      identity_add (self, entity);
      g_array_append_val (self->pending_new, key);
    }

  if (!write_lists (self, entity, state.is_new, error))
    return FALSE;

  if (!_kontor_duplicates_update_normalized (self, entity, error))
    return FALSE;

  if (KONTOR_IS_DEAL (entity) && state.stage_changed &&
      !record_stage_move (self, entity, state.old_stage, error))
    return FALSE;

  if (KONTOR_IS_INVOICE_LINE (entity) &&
      !update_invoice_totals (self, kontor_entity_get_int (entity, "invoice"), error))
    return FALSE;

  if (KONTOR_IS_DEAL_PRODUCT (entity) && !_kontor_pricing_line_changed (self, entity, error))
    return FALSE;

  if (state.became_done && !record_activity_done (self, entity, error))
    return FALSE;

  if (state.is_new && !KONTOR_IS_STAGE (entity) && !KONTOR_IS_PIPELINE (entity) &&
      !KONTOR_IS_INVOICE_LINE (entity) && !KONTOR_IS_DEAL_PRODUCT (entity) &&
      !_kontor_repository_add_timeline (self, klass->kind, id, "created", NULL, error))
    return FALSE;

  _kontor_repository_queue_change (self, klass->kind, id,
                                   state.is_new ? KONTOR_CHANGE_CREATED : KONTOR_CHANGE_UPDATED);
  return TRUE;
}

typedef struct
{
  KontorRepository *self;
  KontorEntity     *entity;
  gint64            stage;
  const char       *loss_reason;
  gint64            deleted_at;
} WriteData;

static gboolean
save_cb (gpointer   user_data,
         GError   **error)
{
  WriteData *data = user_data;

  return save_internal (data->self, data->entity, error);
}

gboolean
kontor_repository_save (KontorRepository  *self,
                        KontorEntity      *entity,
                        GError           **error)
{
  WriteData data = { self, entity, };

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (KONTOR_IS_ENTITY (entity), FALSE);

  /* Validate first: a record that cannot be saved does not open a write
   * transaction, and the object keeps everything the user typed. */
  if (!kontor_entity_validate (entity, error))
    return FALSE;

  return kontor_repository_run_in_transaction (self, save_cb, &data, error);
}

static gboolean
set_deleted_cb (gpointer   user_data,
                GError   **error)
{
  WriteData *data = user_data;
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (data->entity);
  g_autofree char *sql = g_strdup_printf ("UPDATE %s SET deleted_at = ?, updated_at = ? "
                                          "WHERE id = ?", klass->table);
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (data->self, sql, error);
  gint64 id = kontor_entity_get_id (data->entity);
  gint64 now = _kontor_now ();

  if (stmt == NULL)
    return FALSE;

  if (data->deleted_at)
    sqlite3_bind_int64 (stmt, 1, data->deleted_at);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, id);

  if (!step_done (stmt, data->self->db, error))
    return FALSE;
  g_clear_pointer (&stmt, _kontor_stmt_done);

  if (sqlite3_changes (data->self->db) == 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND,
                   _("There is no %s with id %" PRId64), klass->kind, id);
      return FALSE;
    }

  if (KONTOR_IS_INVOICE_LINE (data->entity) &&
      !update_invoice_totals (data->self, kontor_entity_get_int (data->entity, "invoice"), error))
    return FALSE;

  if (KONTOR_IS_DEAL_PRODUCT (data->entity) &&
      !_kontor_pricing_line_changed (data->self, data->entity, error))
    return FALSE;

  if (!_kontor_repository_add_timeline (data->self, klass->kind, id,
                                        data->deleted_at ? "deleted" : "restored", NULL, error))
    return FALSE;

  _kontor_entity_set_deleted_at (data->entity, data->deleted_at);
  _kontor_repository_queue_change (data->self, klass->kind, id,
                                   data->deleted_at ? KONTOR_CHANGE_DELETED
                                                    : KONTOR_CHANGE_CREATED);
  return TRUE;
}

gboolean
kontor_repository_delete (KontorRepository  *self,
                          KontorEntity      *entity,
                          GError           **error)
{
  WriteData data = { self, entity, 0, NULL, _kontor_now () };

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (KONTOR_IS_ENTITY (entity), FALSE);

  if (kontor_entity_is_deleted (entity))
    return TRUE;

  if (KONTOR_IS_STAGE (entity))
    {
      gint64 count = 0;

      if (!query_int64 (self, "SELECT count(*) FROM deals WHERE stage_id = ? "
                        "AND deleted_at IS NULL", kontor_entity_get_id (entity), &count, NULL,
                        error))
        return FALSE;

      if (count > 0)
        {
          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The stage still has %" PRId64 " deal; move it to "
                                    "another stage first",
                                    "The stage still has %" PRId64 " deals; move them "
                                    "to another stage first", (gulong) count),
                       count);
          return FALSE;
        }
    }

  return kontor_repository_run_in_transaction (self, set_deleted_cb, &data, error);
}

gboolean
kontor_repository_undelete (KontorRepository  *self,
                            KontorEntity      *entity,
                            GError           **error)
{
  WriteData data = { self, entity, 0, NULL, 0 };

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (KONTOR_IS_ENTITY (entity), FALSE);

  if (!kontor_entity_is_deleted (entity))
    return TRUE;

  return kontor_repository_run_in_transaction (self, set_deleted_cb, &data, error);
}

gboolean
kontor_repository_move_deal (KontorRepository  *self,
                             KontorEntity      *deal,
                             gint64             stage_id,
                             const char        *loss_reason,
                             GError           **error)
{
  gint64 old_stage, old_pipeline;
  g_autofree char *old_reason = NULL;
  g_autoptr(KontorEntity) stage = NULL;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), FALSE);
  g_return_val_if_fail (KONTOR_IS_DEAL (deal), FALSE);

  stage = kontor_repository_find (self, KONTOR_TYPE_STAGE, stage_id, error);
  if (stage == NULL)
    return FALSE;

  if (kontor_entity_get_int (stage, "pipeline") != kontor_entity_get_int (deal, "pipeline"))
    {
      kontor_set_field_error (error, "stage", _("Stage: the stage belongs to another pipeline"));
      return FALSE;
    }

  old_stage = kontor_entity_get_int (deal, "stage");
  old_pipeline = kontor_entity_get_int (deal, "pipeline");
  old_reason = g_strdup (kontor_entity_get_text (deal, "loss_reason"));

  kontor_entity_set_int (deal, "stage", stage_id);
  if (g_str_equal (kontor_entity_get_text (stage, "semantics"), "lost"))
    kontor_entity_set_text (deal, "loss_reason", loss_reason);

  if (!kontor_repository_save (self, deal, error))
    {
      kontor_entity_set_int (deal, "stage", old_stage);
      kontor_entity_set_int (deal, "pipeline", old_pipeline);
      kontor_entity_set_text (deal, "loss_reason", old_reason);
      return FALSE;
    }

  return TRUE;
}

/* Changes made by other connections -------------------------------------- */

static gint64
read_data_version (KontorRepository *self)
{
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (self, "PRAGMA data_version", NULL);

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);

  return -1;
}

/* Another connection (a worker thread's import, kontor-cli in another
 * process) committed: the objects of the identity map may be stale. They
 * are read again, and every list is told to re-read its rows. */
void
kontor_repository_reload_all (KontorRepository *self)
{
  g_autoptr(GPtrArray) live = g_ptr_array_new_with_free_func (g_object_unref);
  GHashTableIter iter;
  gpointer value;
  guint n_types;
  const GType *types = kontor_entity_list_types (&n_types);

  g_return_if_fail (KONTOR_IS_REPOSITORY (self));

  g_hash_table_iter_init (&iter, self->identity);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    g_ptr_array_add (live, g_object_ref (((IdentityEntry *) value)->entity));

  for (guint i = 0; i < live->len; i++)
    {
      KontorEntity *entity = g_ptr_array_index (live, i);
      g_autoptr(GError) error = NULL;

      if (!load_row (self, entity, kontor_entity_get_id (entity), &error))
        g_debug ("Could not reload a %s: %s", kontor_entity_get_kind (entity), error->message);
    }

  self->data_version = read_data_version (self);

  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (types[i]);

      g_signal_emit (self, signals[CHANGED], 0, KONTOR_ENTITY_CLASS (klass)->kind, (gint64) 0,
                     (guint) KONTOR_CHANGE_UPDATED);
    }
  g_signal_emit (self, signals[CHANGED], 0, "timeline", (gint64) 0,
                 (guint) KONTOR_CHANGE_UPDATED);
}

gboolean
kontor_repository_poll_external_changes (KontorRepository *self)
{
  gint64 version;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), FALSE);

  if (self->depth > 0)
    return FALSE;

  version = read_data_version (self);
  if (version == self->data_version)
    return FALSE;

  kontor_repository_reload_all (self);
  return TRUE;
}

/* Consistency ------------------------------------------------------------ */

static gboolean
collect_problems (KontorRepository  *self,
                  const char        *sql,
                  const char        *what,
                  GPtrArray         *problems,
                  GError           **error)
{
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (self, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *a = (const char *) sqlite3_column_text (stmt, 0);
      const char *b = (const char *) sqlite3_column_text (stmt, 1);

      g_ptr_array_add (problems, g_strdup_printf ("%s (%s, %s)", what, a ? a : "", b ? b : ""));
    }

  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (self->db, rc, error);

  return TRUE;
}

gboolean
kontor_repository_check (KontorRepository  *self,
                         GPtrArray        **problems,
                         GError           **error)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (self), FALSE);

  stmt = _kontor_repository_prepare (self, "PRAGMA integrity_check", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *line = (const char *) sqlite3_column_text (stmt, 0);

      if (g_strcmp0 (line, "ok") != 0)
        g_ptr_array_add (found, g_strdup_printf ("integrity: %s", line));
    }
  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (self->db, rc, error);
  g_clear_pointer (&stmt, _kontor_stmt_done);

  if (!collect_problems (self, "PRAGMA foreign_key_check",
                         "dangling link (table, missing table)", found, error) ||
      !collect_problems (self,
                         "SELECT d.id, d.stage_id FROM deals d LEFT JOIN stages s "
                         "ON s.id = d.stage_id WHERE s.pipeline_id IS NOT d.pipeline_id",
                         "stage of a deal not in its pipeline (deal, stage)", found, error) ||
      !collect_problems (self,
                         "SELECT d.id, d.status FROM deals d JOIN stages s "
                         "ON s.id = d.stage_id WHERE s.semantics != d.status",
                         "deal status does not match its stage (deal, status)", found, error) ||
      !collect_problems (self,
                         "SELECT i.id, i.total FROM invoices i WHERE i.total != "
                         "(SELECT coalesce(sum(l.total), 0) FROM invoice_lines l "
                         "WHERE l.invoice_id = i.id AND l.deleted_at IS NULL)",
                         "invoice total is not the sum of its lines (invoice, total)", found, error) ||
      !collect_problems (self,
                         "SELECT owner_kind, owner_id FROM contact_points p WHERE NOT EXISTS "
                         "(SELECT 1 FROM leads WHERE p.owner_kind = 'lead' AND id = p.owner_id "
                         "UNION ALL SELECT 1 FROM contacts WHERE p.owner_kind = 'contact' "
                         "AND id = p.owner_id UNION ALL SELECT 1 FROM companies "
                         "WHERE p.owner_kind = 'company' AND id = p.owner_id)",
                         "phone or e-mail of a missing record (kind, id)", found, error) ||
      !collect_problems (self,
                         "SELECT (SELECT count(*) FROM search_index), "
                         "(SELECT count(*) FROM leads) + (SELECT count(*) FROM contacts) + "
                         "(SELECT count(*) FROM companies) + (SELECT count(*) FROM deals) + "
                         "(SELECT count(*) FROM activities) + (SELECT count(*) FROM products) + "
                         "(SELECT count(*) FROM invoices) AS n "
                         "WHERE (SELECT count(*) FROM search_index) != n",
                         "search index out of step (index rows, records)", found, error))
    return FALSE;

  if (problems)
    *problems = g_steal_pointer (&found);

  return TRUE;
}

/* Search helpers ----------------------------------------------------------- */

/* Digits with the country code, parsed by libphonenumber (see
 * kontor-duplicates.c): "+7 (912) 345-67-89", "8 912 345 67 89" and
 * "9123456789" all give "79123456789". */
char *
_kontor_phone_normalize (const char *phone)
{
  return kontor_duplicates_normalize_phone (phone);
}

typedef struct
{
  GString *match;
  gboolean prefix;
} MatchBuilder;

static int
add_match_term (void       *data,
                int         flags,
                const char *token,
                int         n_token,
                int         start,
                int         end)
{
  MatchBuilder *builder = data;

  /* A token never holds a double quote: unicode61 splits words on it */
  if (n_token <= 0 || memchr (token, '"', (size_t) n_token) != NULL)
    return SQLITE_OK;
  if (builder->match->len > 0)
    g_string_append_c (builder->match, ' ');
  g_string_append_c (builder->match, '"');
  g_string_append_len (builder->match, token, n_token);
  g_string_append (builder->match, builder->prefix ? "\"*" : "\"");
  return SQLITE_OK;
}

static fts5_api *
get_fts5_api (sqlite3 *db)
{
  fts5_api *api = NULL;
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    return NULL;
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);

  return api;
}

/* Turns what the user typed into an FTS5 query of quoted terms, prefix
 * terms with @prefix, so that no character of the input is ever read as
 * FTS5 syntax. The words are cut by the index's own tokenizer, exactly as
 * the index cut the records: the index keeps no positions (detail=none,
 * 0013-search-kind-ranges.sql) and so takes no phrase of two words, and a
 * mark or letter the tokenizer does not count as part of a word would
 * otherwise make one. Returns %NULL when the text has no word. */
char *
_kontor_search_build_match (KontorRepository *self,
                            const char       *text,
                            gboolean          prefix)
{
  static const char *args[] = { "remove_diacritics", "2" };
  MatchBuilder builder = { NULL, prefix };
  g_autofree char *composed = NULL;
  g_autoptr(GString) folded = NULL;
  fts5_tokenizer tokenizer;
  Fts5Tokenizer *instance = NULL;
  fts5_api *api;
  void *user_data = NULL;

  if (text == NULL || *text == '\0' || !g_utf8_validate (text, -1, NULL))
    return NULL;

  /* Records are typed composed: "ё", not "е" and a combining diaeresis;
   * the index holds "ё" as "е" (0013-search-kind-ranges.sql) */
  composed = g_utf8_normalize (text, -1, G_NORMALIZE_NFC);
  if (composed == NULL)
    return NULL;
  folded = g_string_new (composed);
  g_string_replace (folded, "ё", "е", 0);
  g_string_replace (folded, "Ё", "Е", 0);

  api = get_fts5_api (self->db);
  if (api == NULL ||
      api->xFindTokenizer (api, "unicode61", &user_data, &tokenizer) != SQLITE_OK ||
      tokenizer.xCreate (user_data, args, G_N_ELEMENTS (args), &instance) != SQLITE_OK)
    {
      g_critical ("The FTS5 unicode61 tokenizer is missing from SQLite");
      return NULL;
    }

  builder.match = g_string_new (NULL);
  tokenizer.xTokenize (instance, &builder, FTS5_TOKENIZE_QUERY, folded->str,
                       (int) folded->len, add_match_term);
  tokenizer.xDelete (instance);

  if (builder.match->len == 0)
    {
      g_string_free (builder.match, TRUE);
      return NULL;
    }

  return g_string_free (builder.match, FALSE);
}

/* GObject ----------------------------------------------------------------- */

static void
statement_free (gpointer data)
{
  sqlite3_finalize (data);
}

static void
kontor_repository_finalize (GObject *object)
{
  KontorRepository *self = (KontorRepository *)object;
  GHashTableIter iter;
  gpointer value;

  g_hash_table_iter_init (&iter, self->identity);
  while (g_hash_table_iter_next (&iter, NULL, &value))
    {
      IdentityEntry *entry = value;

      g_object_weak_unref (G_OBJECT (entry->entity), on_entity_finalized, entry);
    }
  g_clear_pointer (&self->identity, g_hash_table_unref);

  g_clear_pointer (&self->statements, g_hash_table_unref);
  stop_checkpointer (self);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);

  for (guint i = 0; i < self->pending_changes->len; i++)
    g_free (g_array_index (self->pending_changes, PendingChange, i).kind);
  g_clear_pointer (&self->pending_changes, g_array_unref);
  g_clear_pointer (&self->pending_new, g_array_unref);
  g_clear_pointer (&self->path, g_free);
  g_clear_pointer (&self->default_currency, g_free);

  G_OBJECT_CLASS (kontor_repository_parent_class)->finalize (object);
}

static void
kontor_repository_class_init (KontorRepositoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kontor_repository_finalize;

  /**
   * KontorRepository::changed:
   * @kind: the kind of record ("contact", "deal", …)
   * @id: its id, or 0 after a bulk change of many records of that kind
   * @change: a #KontorChange
   *
   * Emitted after a transaction that changed records has been committed.
   */
  signals[CHANGED] =
    g_signal_new ("changed",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_UINT);
}

static void
kontor_repository_init (KontorRepository *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            statement_free);
  self->identity = g_hash_table_new_full (g_int64_hash, g_int64_equal, NULL,
                                          identity_entry_free);
  self->pending_changes = g_array_new (FALSE, TRUE, sizeof (PendingChange));
  self->pending_new = g_array_new (FALSE, FALSE, sizeof (gint64));
  self->default_currency = g_strdup ("RUB");
}
