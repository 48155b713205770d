/* bench-reports.c: times the funnel and the sales report on a big database
 *
 * Builds (or reuses, with --database PATH) a file with 1,000,000 deals and
 * 5,000,000 stage history rows, then prints the median time of each figure.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kontor-core.h"
#include "kontor-funnel.h"
#include "kontor-sales-report.h"

#define N_DEALS       1000000
#define N_HISTORY     5      /* rows per deal */
#define N_LEADS       200000
#define N_ACTIVITIES  200000
#define N_INVOICES    100000
#define N_MANAGERS    20
#define RUNS          7
#define START_TIME    G_GINT64_CONSTANT (1672531200)  /* 2023-01-01 */
#define SPAN          (3 * 365 * 86400)

static void
check (sqlite3 *db,
       int      rc,
       int      expected)
{
  if (rc != expected)
    g_error ("SQLite: %s", sqlite3_errmsg (db));
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  check (db, sqlite3_exec (db, sql, NULL, NULL, NULL), SQLITE_OK);
}

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  check (db, sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), SQLITE_OK);
  return stmt;
}

static void
step (sqlite3      *db,
      sqlite3_stmt *stmt)
{
  check (db, sqlite3_step (stmt), SQLITE_DONE);
  sqlite3_reset (stmt);
}

/* Test data generation: straight SQL inserts in one transaction through
 * prepared statements. The triggers of the big tables are dropped during
 * the load and put back word for word, so that the schema stays what the
 * migrations made (the generator sets deals.reached_stage_id itself). */
static void
generate (const char *path)
{
  g_autoptr(KontorRepository) repo = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) triggers = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GRand) rand = g_rand_new_with_seed (42);
  gint64 stages[16], pipeline = 0;
  guint n_stages = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt;
  gint64 t0 = g_get_monotonic_time ();

  repo = kontor_repository_open (path, &error);
  if (repo == NULL)
    g_error ("%s", error->message);
  g_clear_object (&repo);

  check (db, sqlite3_open (path, &db), SQLITE_OK);
  /* A throw-away file: no journal while loading; the repository turns WAL
   * back on when it opens it */
  exec (db, "PRAGMA journal_mode = OFF");
  exec (db, "PRAGMA synchronous = OFF");
  exec (db, "PRAGMA cache_size = -400000");

  stmt = prepare (db, "SELECT p.id, s.id FROM pipelines p JOIN stages s ON s.pipeline_id = p.id "
                      "ORDER BY p.position, p.id, s.position, s.id");
  while (sqlite3_step (stmt) == SQLITE_ROW && n_stages < 6)
    {
      pipeline = sqlite3_column_int64 (stmt, 0);
      stages[n_stages++] = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  g_assert (n_stages == 6);  /* 4 open, won, lost */

  exec (db, "BEGIN");

  stmt = prepare (db, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' AND tbl_name IN "
                      "('deals', 'deal_stage_history', 'leads', 'activities', 'invoices', "
                      "'invoice_lines')");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (triggers, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  stmt = prepare (db, "SELECT name FROM sqlite_schema WHERE type = 'trigger' AND tbl_name IN "
                      "('deals', 'deal_stage_history', 'leads', 'activities', 'invoices', "
                      "'invoice_lines')");
  {
    g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);

    while (sqlite3_step (stmt) == SQLITE_ROW)
      g_ptr_array_add (names, g_strdup_printf ("DROP TRIGGER \"%s\"",
                                               sqlite3_column_text (stmt, 0)));
    sqlite3_finalize (stmt);
    for (guint i = 0; i < names->len; i++)
      exec (db, g_ptr_array_index (names, i));
  }

  {
    sqlite3_stmt *deal = prepare (db, "INSERT INTO deals (id, uuid, created_at, updated_at, title, "
                                      "pipeline_id, stage_id, status, amount, currency, "
                                      "responsible, closed_at, loss_reason, lead_id, "
                                      "reached_stage_id) "
                                      "VALUES (?, ?, ?, ?, 'Deal', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    sqlite3_stmt *history = prepare (db, "INSERT INTO deal_stage_history (uuid, created_at, "
                                         "updated_at, deal_id, from_stage_id, stage_id, moved_at) "
                                         "VALUES (?, ?, ?, ?, ?, ?, ?)");
    static const char *reasons[] = { "Price", "Competitor", "No budget", NULL };

    for (gint64 id = 1; id <= N_DEALS; id++)
      {
        char uuid[32];
        int path_stages[N_HISTORY];
        int reached = 0, outcome = g_rand_int_range (rand, 0, 100);
        gint64 created = START_TIME + g_rand_int_range (rand, 0, SPAN);
        gint64 moved = created;
        int final;

        /* A walk through the open stages, mostly forward, sometimes
         * skipping or stepping back; then won, lost or still open */
        path_stages[0] = 0;
        for (int k = 1; k < N_HISTORY - 1; k++)
          {
            int prev = path_stages[k - 1];
            int r = g_rand_int_range (rand, 0, 10);

            path_stages[k] = r < 6 ? MIN (prev + 1, 3) : r < 8 ? MIN (prev + 2, 3)
                                   : MAX (prev - 1, 0);
          }
        final = outcome < 30 ? 4 : outcome < 55 ? 5 : MIN (path_stages[N_HISTORY - 2] + 1, 3);
        path_stages[N_HISTORY - 1] = final;
        for (int k = 0; k < N_HISTORY; k++)
          if (path_stages[k] < 4)
            reached = MAX (reached, path_stages[k]);

        for (int k = 0; k < N_HISTORY; k++)
          {
            g_snprintf (uuid, sizeof uuid, "h%" G_GINT64_FORMAT "-%d", id, k);
            moved += g_rand_int_range (rand, 3600, 10 * 86400);
            sqlite3_bind_text (history, 1, uuid, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64 (history, 2, moved);
            sqlite3_bind_int64 (history, 3, moved);
            sqlite3_bind_int64 (history, 4, id);
            if (k > 0)
              sqlite3_bind_int64 (history, 5, stages[path_stages[k - 1]]);
            else
              sqlite3_bind_null (history, 5);
            sqlite3_bind_int64 (history, 6, stages[path_stages[k]]);
            sqlite3_bind_int64 (history, 7, moved);
            step (db, history);
          }

        g_snprintf (uuid, sizeof uuid, "d%" G_GINT64_FORMAT, id);
        sqlite3_bind_int64 (deal, 1, id);
        sqlite3_bind_text (deal, 2, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (deal, 3, created);
        sqlite3_bind_int64 (deal, 4, moved);
        sqlite3_bind_int64 (deal, 5, pipeline);
        sqlite3_bind_int64 (deal, 6, stages[final]);
        sqlite3_bind_text (deal, 7, final == 4 ? "won" : final == 5 ? "lost" : "open", -1,
                           SQLITE_STATIC);
        sqlite3_bind_int64 (deal, 8, g_rand_int_range (rand, 1000, 100000000));
        sqlite3_bind_text (deal, 9, g_rand_int_range (rand, 0, 10) == 0 ? "USD" : "RUB", -1,
                           SQLITE_STATIC);
        {
          char manager[32];

          g_snprintf (manager, sizeof manager, "Manager %d", g_rand_int_range (rand, 0, N_MANAGERS));
          sqlite3_bind_text (deal, 10, manager, -1, SQLITE_TRANSIENT);
        }
        if (final >= 4)
          sqlite3_bind_int64 (deal, 11, moved);
        else
          sqlite3_bind_null (deal, 11);
        if (final == 5)
          sqlite3_bind_text (deal, 12, reasons[g_rand_int_range (rand, 0, 4)], -1, SQLITE_STATIC);
        else
          sqlite3_bind_null (deal, 12);
        if (id <= N_LEADS / 2)
          sqlite3_bind_int64 (deal, 13, id * 2);
        else
          sqlite3_bind_null (deal, 13);
        sqlite3_bind_int64 (deal, 14, stages[reached]);
        step (db, deal);
      }
    sqlite3_finalize (deal);
    sqlite3_finalize (history);
  }

  {
    sqlite3_stmt *lead = prepare (db, "INSERT INTO leads (id, uuid, created_at, updated_at, title, "
                                      "source, responsible) VALUES (?, ?, ?, ?, 'Lead', ?, ?)");
    static const char *sources[] = { "call", "email", "web", "social", "visit", "other" };

    for (gint64 id = 1; id <= N_LEADS; id++)
      {
        char uuid[32], manager[32];
        gint64 created = START_TIME + g_rand_int_range (rand, 0, SPAN);

        g_snprintf (uuid, sizeof uuid, "l%" G_GINT64_FORMAT, id);
        g_snprintf (manager, sizeof manager, "Manager %d", g_rand_int_range (rand, 0, N_MANAGERS));
        sqlite3_bind_int64 (lead, 1, id);
        sqlite3_bind_text (lead, 2, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (lead, 3, created);
        sqlite3_bind_int64 (lead, 4, created);
        sqlite3_bind_text (lead, 5, sources[g_rand_int_range (rand, 0, 6)], -1, SQLITE_STATIC);
        sqlite3_bind_text (lead, 6, manager, -1, SQLITE_TRANSIENT);
        step (db, lead);
      }
    sqlite3_finalize (lead);
  }

  {
    sqlite3_stmt *activity = prepare (db, "INSERT INTO activities (uuid, created_at, updated_at, "
                                          "kind, subject, due_at, done, responsible) "
                                          "VALUES (?, ?, ?, 'call', 'Call', ?, ?, ?)");

    for (gint64 id = 1; id <= N_ACTIVITIES; id++)
      {
        char uuid[32], manager[32];
        gint64 due = START_TIME + g_rand_int_range (rand, 0, SPAN + 90 * 86400);

        g_snprintf (uuid, sizeof uuid, "a%" G_GINT64_FORMAT, id);
        g_snprintf (manager, sizeof manager, "Manager %d", g_rand_int_range (rand, 0, N_MANAGERS));
        sqlite3_bind_text (activity, 1, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (activity, 2, due);
        sqlite3_bind_int64 (activity, 3, due);
        sqlite3_bind_int64 (activity, 4, due);
        sqlite3_bind_int (activity, 5, g_rand_int_range (rand, 0, 3) != 0);
        sqlite3_bind_text (activity, 6, manager, -1, SQLITE_TRANSIENT);
        step (db, activity);
      }
    sqlite3_finalize (activity);
  }

  {
    sqlite3_stmt *product = prepare (db, "INSERT INTO products (id, uuid, created_at, updated_at, "
                                         "name, currency, price) VALUES (?, ?, 0, 0, ?, 'RUB', ?)");
    sqlite3_stmt *invoice = prepare (db, "INSERT INTO invoices (id, uuid, created_at, updated_at, "
                                         "number, status, deal_id, currency, paid_on, total) "
                                         "VALUES (?, ?, 0, 0, ?, ?, ?, 'RUB', ?, 0)");
    sqlite3_stmt *line = prepare (db, "INSERT INTO invoice_lines (uuid, created_at, updated_at, "
                                      "invoice_id, position, product_id, name, quantity, price, "
                                      "total) VALUES (?, 0, 0, ?, ?, ?, ?, 1000, ?, ?)");

    for (gint64 id = 1; id <= 50; id++)
      {
        char uuid[32], name[32];

        g_snprintf (uuid, sizeof uuid, "p%" G_GINT64_FORMAT, id);
        g_snprintf (name, sizeof name, "Product %" G_GINT64_FORMAT, id);
        sqlite3_bind_int64 (product, 1, id);
        sqlite3_bind_text (product, 2, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (product, 3, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (product, 4, id * 10000);
        step (db, product);
      }

    for (gint64 id = 1; id <= N_INVOICES; id++)
      {
        char uuid[32], number[32];
        gboolean paid = g_rand_int_range (rand, 0, 3) != 0;
        g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (START_TIME +
                                                                  g_rand_int_range (rand, 0, SPAN));
        g_autofree char *paid_on = g_date_time_format (dt, "%Y-%m-%d");

        g_snprintf (uuid, sizeof uuid, "i%" G_GINT64_FORMAT, id);
        g_snprintf (number, sizeof number, "INV-%" G_GINT64_FORMAT, id);
        sqlite3_bind_int64 (invoice, 1, id);
        sqlite3_bind_text (invoice, 2, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (invoice, 3, number, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (invoice, 4, paid ? "paid" : "sent", -1, SQLITE_STATIC);
        sqlite3_bind_int64 (invoice, 5, id * 7);
        if (paid)
          sqlite3_bind_text (invoice, 6, paid_on, -1, SQLITE_TRANSIENT);
        else
          sqlite3_bind_null (invoice, 6);
        step (db, invoice);

        for (int k = 0; k < 2; k++)
          {
            gint64 product_id = g_rand_int_range (rand, 1, 51);

            g_snprintf (uuid, sizeof uuid, "n%" G_GINT64_FORMAT "-%d", id, k);
            sqlite3_bind_text (line, 1, uuid, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64 (line, 2, id);
            sqlite3_bind_int (line, 3, k);
            sqlite3_bind_int64 (line, 4, product_id);
            sqlite3_bind_text (line, 5, "Line", -1, SQLITE_STATIC);
            sqlite3_bind_int64 (line, 6, product_id * 10000);
            sqlite3_bind_int64 (line, 7, product_id * 10000);
            step (db, line);
          }
      }
    sqlite3_finalize (product);
    sqlite3_finalize (invoice);
    sqlite3_finalize (line);
  }

  for (guint i = 0; i < triggers->len; i++)
    exec (db, g_ptr_array_index (triggers, i));

  exec (db, "COMMIT");
  sqlite3_close (db);

  g_print ("generated %d deals, %d history rows in %.1f s\n", N_DEALS, N_DEALS * N_HISTORY,
           (g_get_monotonic_time () - t0) / 1e6);
}

static int
compare_times (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

typedef gboolean (*Figure) (KontorRepository *repo, KontorReportFilter *filter);

static gboolean
run_funnel (KontorRepository   *repo,
            KontorReportFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorFunnel) funnel = kontor_funnel_compute (repo, filter, NULL, &error);

  if (funnel == NULL)
    g_error ("%s", error->message);
  return funnel->bands->len > 0;
}

static gboolean
run_sales (KontorRepository   *repo,
           KontorReportFilter *filter)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorSalesReport) report = kontor_sales_report_compute (repo, filter, NULL, &error);

  if (report == NULL)
    g_error ("%s", error->message);
  return report->won_count > 0;
}

static gint64
cpu_time (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
  return (gint64) ts.tv_sec * G_USEC_PER_SEC + ts.tv_nsec / 1000;
}

/* Wall time is what a user waits; CPU time is what the work costs when
 * other programs share the machine */
static void
time_figure (KontorRepository   *repo,
             const char         *name,
             Figure              figure,
             KontorReportFilter *filter,
             double              target_ms)
{
  gint64 times[RUNS], cpu[RUNS];
  double median, cpu_median;

  figure (repo, filter);  /* warm the cache */
  for (int i = 0; i < RUNS; i++)
    {
      gint64 start = g_get_monotonic_time ();
      gint64 cpu_start = cpu_time ();

      figure (repo, filter);
      times[i] = g_get_monotonic_time () - start;
      cpu[i] = cpu_time () - cpu_start;
    }
  qsort (times, RUNS, sizeof (gint64), compare_times);
  qsort (cpu, RUNS, sizeof (gint64), compare_times);
  median = times[RUNS / 2] / 1000.0;
  cpu_median = cpu[RUNS / 2] / 1000.0;

  g_print ("%-36s median %7.1f ms wall, %7.1f ms CPU (wall min %.1f; target < %.0f ms) %s\n",
           name, median, cpu_median, times[0] / 1000.0, target_ms,
           median < target_ms ? "ok" : "SLOW");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorRepository) repo = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  KontorReportFilter filter = { 0, };
  gboolean keep = FALSE;

  setvbuf (stdout, NULL, _IOLBF, 0);
  if (argc == 3 && g_str_equal (argv[1], "--database"))
    {
      path = g_strdup (argv[2]);
      keep = TRUE;
    }
  else
    {
      dir = g_dir_make_tmp ("kontor-bench-XXXXXX", &error);
      if (dir == NULL)
        g_error ("%s", error->message);
      path = g_build_filename (dir, "bench.db", NULL);
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    generate (path);

  repo = kontor_repository_open (path, &error);
  if (repo == NULL)
    g_error ("%s", error->message);

  time_figure (repo, "funnel (history, all deals)", run_funnel, &filter, 200);
  filter.mode = KONTOR_FUNNEL_MODE_CURRENT;
  time_figure (repo, "funnel (classic, all deals)", run_funnel, &filter, 200);
  filter.mode = KONTOR_FUNNEL_MODE_HISTORY;
  filter.responsible = g_strdup ("Manager 7");
  time_figure (repo, "funnel (history, one manager)", run_funnel, &filter, 200);
  kontor_report_filter_clear (&filter);
  filter.period = KONTOR_REPORT_PERIOD_CREATED;
  kontor_report_parse_date ("2025-01-01", FALSE, &filter.from);
  kontor_report_parse_date ("2025-12-31", TRUE, &filter.to);
  time_figure (repo, "funnel (history, created in 2025)", run_funnel, &filter, 200);
  filter.period = KONTOR_REPORT_PERIOD_CLOSED;
  time_figure (repo, "funnel (history, closed in 2025)", run_funnel, &filter, 200);

  memset (&filter, 0, sizeof filter);
  time_figure (repo, "sales report (all time)", run_sales, &filter, 1000);
  kontor_report_parse_date ("2025-01-01", FALSE, &filter.from);
  kontor_report_parse_date ("2025-12-31", TRUE, &filter.to);
  time_figure (repo, "sales report (2025)", run_sales, &filter, 1000);
  filter.responsible = g_strdup ("Manager 7");
  time_figure (repo, "sales report (2025, one manager)", run_sales, &filter, 1000);
  kontor_report_filter_clear (&filter);

  g_clear_object (&repo);
  if (!keep)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }

  return 0;
}
