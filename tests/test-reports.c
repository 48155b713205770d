/* test-reports.c: the sales analysis figures on hand-built data
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kontor-core.h"
#include "kontor-sales-report.h"

/* 2026-01-10, 2026-01-20, 2026-02-10 and 2026-03-01, 12:00 UTC */
#define JAN   G_GINT64_CONSTANT (1768046400)
#define JAN20 (JAN + 10 * 86400)
#define FEB   G_GINT64_CONSTANT (1770724800)
#define MAR   G_GINT64_CONSTANT (1772366400)

typedef struct
{
  char             *dir;
  char             *path;
  KontorRepository *repo;
  gint64            won;
  gint64            lost;
  gint64            first;
} Fixture;

static void
set_now (gint64 time)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, time);

  g_setenv ("KONTOR_NOW", text, TRUE);
}

static void
exec (Fixture    *fixture,
      const char *sql)
{
  sqlite3 *db = NULL;
  char *message = NULL;

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    g_error ("%s: %s", sql, message);
  sqlite3_close (db);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) stages = NULL;
  g_autoptr(KontorEntity) first = NULL;
  g_autoptr(KontorEntity) won = NULL;
  g_autoptr(KontorEntity) lost = NULL;

  fixture->dir = g_dir_make_tmp ("kontor-reports-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->repo = kontor_repository_open (fixture->path, &error);
  g_assert_no_error (error);

  stages = kontor_repository_list_stages (fixture->repo,
                                          kontor_repository_get_default_pipeline (fixture->repo),
                                          &error);
  g_assert_no_error (error);
  first = g_list_model_get_item (stages, 0);
  won = g_list_model_get_item (stages, 4);
  lost = g_list_model_get_item (stages, 5);
  g_assert_cmpstr (kontor_entity_get_text (won, "semantics"), ==, "won");
  g_assert_cmpstr (kontor_entity_get_text (lost, "semantics"), ==, "lost");
  fixture->first = kontor_entity_get_id (first);
  fixture->won = kontor_entity_get_id (won);
  fixture->lost = kontor_entity_get_id (lost);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (fixture->dir, 0, NULL);
  const char *name;

  g_assert_finalize_object (fixture->repo);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fixture->dir, name, NULL);

      g_unlink (path);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->dir);
  g_free (fixture->path);
  g_unsetenv ("KONTOR_NOW");
}

/* A deal created at `created`, closed (won or lost) at `closed` when that
 * is not 0 */
static gint64
add_deal (Fixture    *fixture,
          gint64      created,
          gint64      closed,
          gint64      stage,
          const char *responsible,
          gint64      amount,
          const char *currency)
{
  g_autoptr(KontorEntity) deal = KONTOR_ENTITY (kontor_deal_new ());
  g_autoptr(GError) error = NULL;

  set_now (created);
  kontor_entity_set_text (deal, "title", "Deal");
  kontor_entity_set_text (deal, "currency", currency);
  kontor_entity_set_text (deal, "responsible", responsible);
  kontor_entity_set_int (deal, "amount", amount);
  kontor_entity_set_int (deal, "stage", fixture->first);
  kontor_repository_save (fixture->repo, deal, &error);
  g_assert_no_error (error);

  if (closed != 0)
    {
      set_now (closed);
      kontor_repository_move_deal (fixture->repo, deal, stage, "Price", &error);
      g_assert_no_error (error);
    }

  return kontor_entity_get_id (deal);
}

/* Deals:
 *  w1  1000 RUB  Anna   created Jan 10, won Feb 10  (31 days)
 *  w2  3000 RUB  Boris  created Jan 10, won Jan 20  (10 days)
 *  w3   500 USD  Anna   created Feb 10, won Feb 10  (0 days)
 *  l1   700 RUB  Boris  created Jan 10, lost Feb 10
 *  o1  9999 RUB  Anna   open
 * Leads: L1 call Jan (deal w1 points to it), L2 call Feb (leads.deal_id
 * set), L3 call Feb, L4 web Feb, L5 no source Feb.
 * Activities, as of Mar 1: Anna two overdue, one overdue but done, one due
 * later; Boris one overdue.
 * Invoices: paid Feb 15 with Widget 1000 + Widget 2000 + Service 500 RUB;
 * paid Jan 15 with Widget 100; a draft with Widget 7777. */
static void
add_sample (Fixture *fixture)
{
  gint64 w1;
  g_autofree char *sql = NULL;

  w1 = add_deal (fixture, JAN, FEB, fixture->won, "Anna", 1000, "RUB");
  add_deal (fixture, JAN, JAN20, fixture->won, "Boris", 3000, "RUB");
  add_deal (fixture, FEB, FEB, fixture->won, "Anna", 500, "USD");
  add_deal (fixture, JAN, FEB, fixture->lost, "Boris", 700, "RUB");
  add_deal (fixture, JAN, 0, 0, "Anna", 9999, "RUB");

  sql = g_strdup_printf (
    "INSERT INTO leads (id, uuid, created_at, updated_at, source, deal_id) VALUES "
    " (1, 'l1', %1$" G_GINT64_FORMAT ", 0, 'call', NULL),"
    " (2, 'l2', %2$" G_GINT64_FORMAT ", 0, 'call', %3$" G_GINT64_FORMAT "),"
    " (3, 'l3', %2$" G_GINT64_FORMAT ", 0, 'call', NULL),"
    " (4, 'l4', %2$" G_GINT64_FORMAT ", 0, 'web', NULL),"
    " (5, 'l5', %2$" G_GINT64_FORMAT ", 0, NULL, NULL);"
    "UPDATE deals SET lead_id = 1 WHERE id = %3$" G_GINT64_FORMAT ";"
    "INSERT INTO activities (uuid, created_at, updated_at, kind, subject, due_at, done, "
    "responsible) VALUES"
    " ('a1', 0, 0, 'call', 'x', %2$" G_GINT64_FORMAT ", 0, 'Anna'),"
    " ('a2', 0, 0, 'call', 'x', %1$" G_GINT64_FORMAT ", 0, 'Anna'),"
    " ('a3', 0, 0, 'call', 'x', %1$" G_GINT64_FORMAT ", 1, 'Anna'),"
    " ('a4', 0, 0, 'call', 'x', %4$" G_GINT64_FORMAT " + 86400, 0, 'Anna'),"
    " ('a5', 0, 0, 'task', 'x', %2$" G_GINT64_FORMAT ", 0, 'Boris');"
    "INSERT INTO products (id, uuid, created_at, updated_at, name, currency) VALUES "
    " (1, 'p1', 0, 0, 'Widget', 'RUB');"
    "INSERT INTO invoices (id, uuid, created_at, updated_at, number, status, currency, paid_on)"
    " VALUES (1, 'i1', 0, 0, '1', 'paid', 'RUB', '2026-02-15'),"
    " (2, 'i2', 0, 0, '2', 'paid', 'RUB', '2026-01-15'),"
    " (3, 'i3', 0, 0, '3', 'draft', 'RUB', NULL);"
    "INSERT INTO invoice_lines (uuid, created_at, updated_at, invoice_id, product_id, name, "
    "quantity, total) VALUES"
    " ('n1', 0, 0, 1, 1, 'Widget', 1000, 1000),"
    " ('n2', 0, 0, 1, 1, 'Widget', 2000, 2000),"
    " ('n3', 0, 0, 1, NULL, 'Service', 1000, 500),"
    " ('n4', 0, 0, 2, 1, 'Widget', 1000, 100),"
    " ('n5', 0, 0, 3, 1, 'Widget', 1000, 7777);",
    JAN, FEB, w1, MAR);
  exec (fixture, sql);
  set_now (MAR);
}

static KontorSalesReport *
compute (Fixture            *fixture,
         KontorReportFilter *filter)
{
  g_autoptr(GError) error = NULL;
  KontorSalesReport *report = kontor_sales_report_compute (fixture->repo, filter, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static KontorReportRow *
row (GPtrArray *rows,
     guint      index)
{
  g_assert_cmpuint (index, <, rows->len);
  return g_ptr_array_index (rows, index);
}

static void
test_all_time (Fixture       *fixture,
               gconstpointer  data)
{
  KontorReportFilter filter = { 0, };
  g_autoptr(KontorSalesReport) report = NULL;

  add_sample (fixture);
  report = compute (fixture, &filter);

  /* 3 won, 1 lost: 75 %; the open deal counts nowhere */
  g_assert_cmpint (report->won_count, ==, 3);
  g_assert_cmpint (report->lost_count, ==, 1);
  g_assert_cmpint (report->win_rate, ==, 7500);
  g_assert_cmpint (kontor_amounts_get (report->revenue, "RUB"), ==, 4000);
  g_assert_cmpint (kontor_amounts_get (report->revenue, "USD"), ==, 500);
  g_assert_cmpint (kontor_amounts_get (report->average_deal, "RUB"), ==, 2000);
  g_assert_cmpint (kontor_amounts_get (report->average_deal, "USD"), ==, 500);
  g_assert_cmpstr (report->main_currency, ==, "RUB");
  /* (31 + 10 + 0) days / 3 */
  g_assert_cmpint (report->average_cycle, ==, 41 * 86400 / 3);

  /* Months with closed deals: January (w2), February (w1, w3) */
  g_assert_cmpuint (report->by_month->len, ==, 2);
  g_assert_cmpstr (row (report->by_month, 0)->key, ==, "2026-01");
  g_assert_cmpint (row (report->by_month, 0)->count, ==, 1);
  g_assert_cmpint (kontor_amounts_get (row (report->by_month, 0)->amounts, "RUB"), ==, 3000);
  g_assert_cmpstr (row (report->by_month, 1)->key, ==, "2026-02");
  g_assert_cmpint (row (report->by_month, 1)->count, ==, 2);
  g_assert_cmpint (kontor_amounts_get (row (report->by_month, 1)->amounts, "RUB"), ==, 1000);
  g_assert_cmpint (kontor_amounts_get (row (report->by_month, 1)->amounts, "USD"), ==, 500);

  /* By manager, largest RUB revenue first */
  g_assert_cmpuint (report->by_manager->len, ==, 2);
  g_assert_cmpstr (row (report->by_manager, 0)->key, ==, "Boris");
  g_assert_cmpint (kontor_report_row_get_value (row (report->by_manager, 0), "RUB"), ==, 3000);
  g_assert_cmpstr (row (report->by_manager, 1)->key, ==, "Anna");
  g_assert_cmpint (row (report->by_manager, 1)->count, ==, 2);
  g_assert_cmpint (kontor_report_row_get_value (row (report->by_manager, 1), "USD"), ==, 500);

  /* Paid invoices only: Widget 1000 + 2000 + 100, Service 500; not the draft */
  g_assert_cmpuint (report->by_product->len, ==, 2);
  g_assert_cmpstr (row (report->by_product, 0)->key, ==, "Widget");
  g_assert_cmpint (kontor_report_row_get_value (row (report->by_product, 0), "RUB"), ==, 3100);
  g_assert_cmpint (row (report->by_product, 0)->count, ==, 4000);  /* quantity, thousandths */
  g_assert_cmpstr (row (report->by_product, 1)->key, ==, "Service");
  g_assert_cmpint (kontor_report_row_get_value (row (report->by_product, 1), "RUB"), ==, 500);

  /* Leads: call 3 (L1 by deals.lead_id, L2 by leads.deal_id), then no
   * source and web with 1 each */
  g_assert_cmpuint (report->lead_sources->len, ==, 3);
  g_assert_cmpstr (row (report->lead_sources, 0)->key, ==, "call");
  g_assert_cmpint (row (report->lead_sources, 0)->count, ==, 3);
  g_assert_cmpint (row (report->lead_sources, 0)->converted, ==, 2);
  g_assert_cmpint (row (report->lead_sources, 0)->conversion, ==, 6667);
  g_assert_cmpstr (row (report->lead_sources, 1)->key, ==, "");
  g_assert_cmpstr (row (report->lead_sources, 2)->key, ==, "web");
  g_assert_cmpint (row (report->lead_sources, 2)->conversion, ==, 0);

  /* Overdue on Mar 1: Anna 2 (not the done one nor the future one), Boris 1 */
  g_assert_cmpint (report->overdue_count, ==, 3);
  g_assert_cmpuint (report->overdue->len, ==, 2);
  g_assert_cmpstr (row (report->overdue, 0)->key, ==, "Anna");
  g_assert_cmpint (row (report->overdue, 0)->count, ==, 2);
  g_assert_cmpstr (row (report->overdue, 1)->key, ==, "Boris");
  g_assert_cmpint (row (report->overdue, 1)->count, ==, 1);
}

static void
test_period (Fixture       *fixture,
             gconstpointer  data)
{
  KontorReportFilter filter = { 0, };
  g_autoptr(KontorSalesReport) report = NULL;

  add_sample (fixture);
  g_assert_true (kontor_report_parse_date ("2026-02-01", FALSE, &filter.from));
  g_assert_true (kontor_report_parse_date ("2026-02-28", TRUE, &filter.to));
  report = compute (fixture, &filter);

  /* Closed in February: w1, w3 won, l1 lost: 2/3 */
  g_assert_cmpint (report->won_count, ==, 2);
  g_assert_cmpint (report->lost_count, ==, 1);
  g_assert_cmpint (report->win_rate, ==, 6667);
  g_assert_cmpint (kontor_amounts_get (report->revenue, "RUB"), ==, 1000);
  /* (31 + 0) / 2 days */
  g_assert_cmpint (report->average_cycle, ==, 31 * 86400 / 2);
  g_assert_cmpuint (report->by_month->len, ==, 1);
  g_assert_cmpstr (row (report->by_month, 0)->key, ==, "2026-02");

  /* Only the February invoice */
  g_assert_cmpint (kontor_report_row_get_value (row (report->by_product, 0), "RUB"), ==, 3000);

  /* Leads created in February: call L2 (converted), L3; web; none */
  g_assert_cmpstr (row (report->lead_sources, 0)->key, ==, "call");
  g_assert_cmpint (row (report->lead_sources, 0)->count, ==, 2);
  g_assert_cmpint (row (report->lead_sources, 0)->conversion, ==, 5000);
}

static void
test_responsible (Fixture       *fixture,
                  gconstpointer  data)
{
  KontorReportFilter filter = { 0, };
  g_autoptr(KontorSalesReport) report = NULL;

  add_sample (fixture);
  filter.responsible = g_strdup ("Boris");
  report = compute (fixture, &filter);

  /* w2 won, l1 lost */
  g_assert_cmpint (report->won_count, ==, 1);
  g_assert_cmpint (report->lost_count, ==, 1);
  g_assert_cmpint (report->win_rate, ==, 5000);
  g_assert_cmpuint (report->by_manager->len, ==, 1);
  g_assert_cmpint (report->overdue_count, ==, 1);
  kontor_report_filter_clear (&filter);
}

/* The manager filter's choices: everyone with a live deal, once each, in
 * alphabetical order regardless of case; nobody without a name */
static void
test_managers (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(KontorEntity) gone = NULL;
  gint64 id;

  names = kontor_report_list_managers (fixture->repo, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 0);
  g_clear_pointer (&names, g_strfreev);

  add_deal (fixture, 1000, 0, 0, "boris", 100, "RUB");
  add_deal (fixture, 1000, 0, 0, "Anna", 100, "RUB");
  add_deal (fixture, 1000, 0, 0, "Anna", 100, "RUB");
  add_deal (fixture, 1000, 0, 0, NULL, 100, "RUB");
  id = add_deal (fixture, 1000, 0, 0, "Zoya", 100, "RUB");
  gone = kontor_repository_find (fixture->repo, KONTOR_TYPE_DEAL, id, &error);
  g_assert_true (kontor_repository_delete (fixture->repo, gone, &error));

  names = kontor_report_list_managers (fixture->repo, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (names), ==, 2);
  g_assert_cmpstr (names[0], ==, "Anna");
  g_assert_cmpstr (names[1], ==, "boris");
}

static void
test_empty (Fixture       *fixture,
            gconstpointer  data)
{
  KontorReportFilter filter = { 0, };
  g_autoptr(KontorSalesReport) report = compute (fixture, &filter);

  /* Nothing closed: no division by zero, no months */
  g_assert_cmpint (report->won_count, ==, 0);
  g_assert_cmpint (report->win_rate, ==, KONTOR_CONVERSION_NONE);
  g_assert_cmpint (report->average_cycle, ==, -1);
  g_assert_cmpuint (report->revenue->len, ==, 0);
  g_assert_cmpuint (report->by_month->len, ==, 0);
  g_assert_cmpuint (report->lead_sources->len, ==, 0);
  g_assert_nonnull (report->main_currency);

  /* No revenue is a zero in money, not a bare "0" */
  {
    g_autofree char *zero = kontor_money_format (0, report->main_currency);
    g_autofree char *revenue = kontor_amounts_format_in (report->revenue,
                                                         report->main_currency);
    g_autofree char *bare = kontor_amounts_format_in (report->revenue, NULL);
    g_auto(GStrv) figures = kontor_sales_report_dup_figures (report);

    g_assert_cmpstr (revenue, ==, zero);
    g_assert_cmpstr (bare, ==, "0");
    g_assert_cmpstr (figures[0], ==, "Revenue won");
    g_assert_cmpstr (figures[1], ==, zero);
  }
}

/* Demo deals have a past: created over months, closed after days in
 * their stages, lost at several stages for the board's own reasons */
static void
test_demo_has_a_past (Fixture       *fixture,
                      gconstpointer  data)
{
  KontorReportFilter filter = { 0, };
  g_autoptr(KontorSalesReport) report = NULL;
  g_autoptr(GError) error = NULL;
  guint months_with_sales = 0;
  g_auto(GStrv) reasons = NULL;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_unsetenv ("KONTOR_NOW");
  g_assert_true (kontor_demo_fill (fixture->repo, 600, 11, &error));
  g_assert_no_error (error);

  report = compute (fixture, &filter);
  g_assert_cmpint (report->won_count, >, 3);
  g_assert_cmpint (report->average_cycle, >, 2 * 86400);
  for (guint i = 0; i < report->by_month->len; i++)
    {
      KontorReportRow *row = g_ptr_array_index (report->by_month, i);

      months_with_sales += row->count > 0;
    }
  g_assert_cmpuint (months_with_sales, >=, 3);

  /* The board's reasons, as the user would pick them */
  reasons = kontor_board_list_loss_reasons (fixture->repo, &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) reasons, "Price too high"));

  g_assert_cmpint (sqlite3_open (fixture->path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
                                       "SELECT min (created_at), max (created_at), "
                                       "(SELECT count (DISTINCT loss_reason) FROM deals "
                                       "WHERE status = 'lost'), "
                                       "(SELECT count (*) FROM deals d WHERE status = 'lost' AND "
                                       "loss_reason NOT IN (SELECT name FROM loss_reasons)), "
                                       "(SELECT count (*) FROM deal_stage_history h JOIN deals d "
                                       "ON d.id = h.deal_id WHERE h.moved_at < d.created_at "
                                       "OR h.moved_at > ?1), "
                                       "(SELECT count (*) FROM deals WHERE closed_at IS NOT NULL "
                                       "AND (closed_at < created_at OR closed_at > ?1)) "
                                       "FROM deals", -1, &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, now + 60);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 1) - sqlite3_column_int64 (stmt, 0), >,
                   90 * 86400);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 2), >=, 2);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 3), ==, 0);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 4), ==, 0);
  g_assert_cmpint (sqlite3_column_int64 (stmt, 5), ==, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/reports/sales/all-time-figures", test_all_time);
  ADD ("/reports/sales/period-by-closing-date", test_period);
  ADD ("/reports/sales/responsible-filter", test_responsible);
  ADD ("/reports/managers-to-choose-from", test_managers);
  ADD ("/reports/sales/empty-database-has-no-division-by-zero", test_empty);
  ADD ("/reports/demo-deals-have-a-past", test_demo_has_a_past);

  return g_test_run ();
}
