/* crash-worker.c: writes to a Kontor database until it is killed
 *
 * Used by test-crash: every transaction does some real work (demo data,
 * bulk contact edits, deal moves, invoice lines, comments) and adds one
 * comment to the marker contact whose position holds the number of
 * transactions, so that a half-applied transaction shows.
 *
 * Usage: crash-worker DATABASE SEED
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>

#include "kontor-core.h"
#include "kontor-duplicates.h"
#include "kontor-import.h"
#include "kontor-repository-private.h"

typedef struct
{
  KontorRepository *repo;
  GRand            *rand;
  KontorEntity     *marker;
  char             *csv_path;
} Worker;

static gint64
max_id (KontorRepository *repo,
        const char       *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT coalesce(max(id), 0) FROM %s "
                                          "WHERE deleted_at IS NULL", table);
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (repo, sql, NULL);

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    return sqlite3_column_int64 (stmt, 0);

  return 0;
}

static gpointer
find_random (Worker     *w,
             GType       type,
             const char *table)
{
  gint64 top = max_id (w->repo, table);

  if (top == 0)
    return NULL;

  return kontor_repository_find (w->repo, type, g_rand_int_range (w->rand, 1, top + 1), NULL);
}

static gboolean
edit_contacts (Worker  *w,
               GError **error)
{
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(KontorEntity) contact = find_random (w, KONTOR_TYPE_CONTACT, "contacts");
      g_autofree char *position = NULL;

      if (contact == NULL || contact == w->marker)
        continue;

      position = g_strdup_printf ("Role %u", g_rand_int (w->rand));
      kontor_entity_set_text (contact, "position", position);
      if (!kontor_repository_save (w->repo, contact, error))
        return FALSE;
    }

  return TRUE;
}

static gboolean
move_deal (Worker  *w,
           GError **error)
{
  g_autoptr(KontorEntity) deal = find_random (w, KONTOR_TYPE_DEAL, "deals");
  g_autoptr(GListModel) stages = NULL;
  g_autoptr(KontorEntity) stage = NULL;
  guint n;

  if (deal == NULL)
    return TRUE;

  stages = kontor_repository_list_stages (w->repo, kontor_entity_get_int (deal, "pipeline"),
                                          error);
  if (stages == NULL)
    return FALSE;
  n = g_list_model_get_n_items (stages);
  if (n == 0)
    return TRUE;

  stage = g_list_model_get_item (stages, g_rand_int_range (w->rand, 0, n));
  if (kontor_entity_get_id (stage) == kontor_entity_get_int (deal, "stage"))
    return TRUE;

  return kontor_repository_move_deal (w->repo, deal, kontor_entity_get_id (stage),
                                      "crash test", error);
}

static gboolean
add_line (Worker  *w,
          GError **error)
{
  g_autoptr(KontorEntity) invoice = find_random (w, KONTOR_TYPE_INVOICE, "invoices");
  g_autoptr(KontorEntity) line = NULL;

  if (invoice == NULL)
    return TRUE;

  line = KONTOR_ENTITY (kontor_invoice_line_new ());
  kontor_entity_set_int (line, "invoice", kontor_entity_get_id (invoice));
  kontor_entity_set_text (line, "name", "Crash test service");
  kontor_entity_set_int (line, "quantity", 1000 * g_rand_int_range (w->rand, 1, 5));
  kontor_entity_set_int (line, "price", g_rand_int_range (w->rand, 100, 1000000));
  return kontor_repository_save (w->repo, line, error);
}

static gboolean
add_comment (Worker  *w,
             GError **error)
{
  g_autoptr(KontorEntity) contact = find_random (w, KONTOR_TYPE_CONTACT, "contacts");

  if (contact == NULL || contact == w->marker)
    return TRUE;

  return kontor_repository_add_comment (w->repo, contact, "Called back, no answer", error);
}

/* An import of a few hundred contacts, some of them already there: its
 * own transaction on its own connection, as the import dialog runs it */
static gboolean
run_import (Worker  *w,
            GError **error)
{
  g_autoptr(GString) csv = g_string_new ("First name,Last name,Phone,E-mail,Company\n");
  g_autoptr(KontorImport) import = NULL;
  g_autoptr(KontorImportResult) result = NULL;
  guint32 batch = g_rand_int (w->rand);

  for (guint i = 0; i < 300; i++)
    {
      /* One row in ten repeats an earlier import's contact */
      guint32 key = i % 10 == 0 ? i : batch ^ i;

      g_string_append_printf (csv, "Imported%u,Row%u,+7 916 %03u-%02u-%02u,row%u@example.ru,"
                              "Company %u\n", key, key, key % 1000, key % 100, (key / 7) % 100,
                              key, key % 20);
    }
  if (!g_file_set_contents (w->csv_path, csv->str, (gssize) csv->len, error))
    return FALSE;

  import = kontor_import_new (w->repo, KONTOR_TYPE_CONTACT, w->csv_path, NULL, error);
  if (import == NULL)
    return FALSE;
  kontor_import_set_duplicates (import, g_rand_boolean (w->rand) ? KONTOR_DUPLICATES_SKIP
                                                                 : KONTOR_DUPLICATES_MERGE);
  result = kontor_import_run (import, FALSE, NULL, error);
  return result != NULL;
}

/* Two contacts merged into one, in a transaction of their own */
static gboolean
run_merge (Worker  *w,
           GError **error)
{
  g_autoptr(KontorEntity) survivor = find_random (w, KONTOR_TYPE_CONTACT, "contacts");
  g_autoptr(KontorEntity) other = find_random (w, KONTOR_TYPE_CONTACT, "contacts");
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(KontorMergeRecord) record = NULL;

  if (survivor == NULL || other == NULL || survivor == other ||
      survivor == w->marker || other == w->marker ||
      kontor_entity_get_deleted_at (survivor) != 0 || kontor_entity_get_deleted_at (other) != 0)
    return TRUE;

  g_ptr_array_add (others, other);
  record = kontor_merge (w->repo, survivor, others, NULL, error);
  return record != NULL;
}

static gboolean
transaction_cb (gpointer   user_data,
                GError   **error)
{
  Worker *w = user_data;
  gint64 count = g_ascii_strtoll (kontor_entity_get_text (w->marker, "position"), NULL, 10);
  g_autofree char *text = g_strdup_printf ("transaction %" G_GINT64_FORMAT, count + 1);
  g_autofree char *position = g_strdup_printf ("%" G_GINT64_FORMAT, count + 1);
  gboolean ok = TRUE;

  switch (g_rand_int_range (w->rand, 0, 5))
    {
    case 0:
      ok = kontor_demo_fill (w->repo, 4, g_rand_int (w->rand), error);
      break;
    case 1:
      ok = edit_contacts (w, error);
      break;
    case 2:
      ok = move_deal (w, error);
      break;
    case 3:
      ok = add_line (w, error);
      break;
    default:
      ok = add_comment (w, error);
      break;
    }

  if (!ok)
    return FALSE;

  kontor_entity_set_text (w->marker, "position", position);
  return kontor_repository_save (w->repo, w->marker, error) &&
         kontor_repository_add_comment (w->repo, w->marker, text, error);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorRepository) repo = NULL;
  g_autoptr(GRand) rand = NULL;
  g_autoptr(KontorEntity) marker = NULL;
  Worker w = { 0, };
  guint limit = 0;

  setlocale (LC_ALL, "");

  if (argc < 3)
    {
      g_printerr ("Usage: crash-worker DATABASE SEED [TRANSACTIONS]\n");
      return 2;
    }
  if (argc > 3)
    limit = (guint) g_ascii_strtoull (argv[3], NULL, 10);

  repo = kontor_repository_open (argv[1], &error);
  if (repo == NULL)
    {
      g_printerr ("crash-worker: %s\n", error->message);
      return 1;
    }

  rand = g_rand_new_with_seed ((guint32) g_ascii_strtoull (argv[2], NULL, 10));

  if (kontor_repository_count (repo, KONTOR_TYPE_DEAL, NULL) == 0 &&
      !kontor_demo_fill (repo, 40, 7, &error))
    {
      g_printerr ("crash-worker: %s\n", error->message);
      return 1;
    }

  marker = kontor_repository_find_by_name (repo, KONTOR_TYPE_CONTACT, "Crash Marker", 0, NULL);
  if (marker == NULL)
    {
      marker = KONTOR_ENTITY (kontor_contact_new ());
      kontor_entity_set_text (marker, "first_name", "Crash");
      kontor_entity_set_text (marker, "last_name", "Marker");
      kontor_entity_set_text (marker, "position", "0");
      if (!kontor_repository_save (repo, marker, &error))
        {
          g_printerr ("crash-worker: %s\n", error->message);
          return 1;
        }
    }

  /* The test starts its clock now */
  g_print ("ready\n");
  fflush (stdout);

  w.repo = repo;
  w.rand = rand;
  w.marker = marker;

  w.csv_path = g_strconcat (argv[1], ".import.csv", NULL);

  /* limit counts the marker's transactions */
  for (guint n = 0, i = 0; limit == 0 || n < limit; i++)
    {
      gboolean ok;

      /* Now and then an import or a merge, each its own transaction */
      if (i % 8 == 3)
        ok = run_import (&w, &error);
      else if (i % 8 == 6)
        ok = run_merge (&w, &error);
      else
        {
          ok = kontor_repository_run_in_transaction (repo, transaction_cb, &w, &error);
          n++;
        }

      if (!ok)
        {
          g_printerr ("crash-worker: %s\n", error->message);
          return 1;
        }
    }
  g_free (w.csv_path);

  return 0;
}
