/* kontor-sales-report.c: figures of the sales analysis
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-sales-report"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-money.h"
#include "kontor-report-private.h"
#include "kontor-repository-private.h"
#include "kontor-sales-report.h"

/* At most this many months are listed (50 years) */
#define MAX_MONTHS 600

static void
row_free (gpointer data)
{
  KontorReportRow *row = data;

  g_free (row->key);
  g_free (row->label);
  g_clear_pointer (&row->amounts, g_array_unref);
  g_free (row);
}

static KontorReportRow *
row_new (const char *key,
         const char *label)
{
  KontorReportRow *row = g_new0 (KontorReportRow, 1);

  row->key = g_strdup (key);
  row->label = g_strdup (label ? label : key);
  row->amounts = kontor_amounts_new ();
  row->conversion = KONTOR_CONVERSION_NONE;
  return row;
}

static KontorReportRow *
find_row (GPtrArray  *rows,
          GHashTable *index,
          const char *key,
          const char *label)
{
  KontorReportRow *row = g_hash_table_lookup (index, key);

  if (row == NULL)
    {
      row = row_new (key, label);
      g_ptr_array_add (rows, row);
      g_hash_table_insert (index, row->key, row);
    }
  return row;
}

static int
compare_rows_by_value (gconstpointer a,
                       gconstpointer b,
                       gpointer      user_data)
{
  const char *report_currency = user_data;
  KontorReportRow *ra = *(KontorReportRow * const *) a;
  KontorReportRow *rb = *(KontorReportRow * const *) b;
  gint64 va = kontor_amounts_get (ra->amounts, report_currency);
  gint64 vb = kontor_amounts_get (rb->amounts, report_currency);

  if (va != vb)
    return va > vb ? -1 : 1;
  if (ra->count != rb->count)
    return ra->count > rb->count ? -1 : 1;
  return g_strcmp0 (ra->label, rb->label);
}

static gboolean
sql_error (KontorRepository  *repository,
           int                rc,
           GError           **error)
{
  return _kontor_set_sqlite_error (_kontor_repository_get_db (repository), rc, error);
}

static void
bind_optional_text (KontorStmt *stmt,
                    int         index,
                    const char *text)
{
  if (text != NULL && text[0] != '\0')
    sqlite3_bind_text (stmt, index, text, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, index);
}

static gboolean
query_bound (KontorRepository  *repository,
             const char        *sql,
             gint64             from,
             gint64             to,
             gint64            *out_value,
             gboolean          *out_found,
             GError           **error)
{
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (repository, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    return sql_error (repository, rc, error);
  *out_found = sqlite3_column_type (stmt, 0) != SQLITE_NULL;
  *out_value = sqlite3_column_int64 (stmt, 0);
  return TRUE;
}

static char *
local_date (gint64 time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (time);

  return dt ? g_date_time_format (dt, "%Y-%m-%d") : g_strdup ("9999-12-31");
}

/* Won and lost deals, month by month: a range scan of deals_closed per
 * month, so that no local-time conversion runs per row. */
/* Closed deals that share a month, an outcome, a currency and a manager;
 * the strings are interned, so groups compare by pointer */
typedef struct
{
  guint       month;
  gboolean    won;
  const char *currency;
  const char *manager;
  gint64      count;
  gint64      amount;
  gint64      cycle;
} DealGroup;

static guint
deal_group_hash (gconstpointer data)
{
  const DealGroup *group = data;

  return ((group->month * 2 + group->won) * 31 + g_direct_hash (group->currency)) * 31
         + g_direct_hash (group->manager);
}

static gboolean
deal_group_equal (gconstpointer a,
                  gconstpointer b)
{
  const DealGroup *x = a, *y = b;

  return x->month == y->month && x->won == y->won && x->currency == y->currency
         && x->manager == y->manager;
}

static gboolean
compute_deals (KontorRepository          *repository,
               const KontorReportFilter  *filter,
               KontorSalesReport         *report,
               GHashTable                *won_per_currency,
               GCancellable              *cancellable,
               GError                   **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  g_autoptr(GHashTable) managers = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) month = NULL;
  g_autoptr(GArray) starts = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GHashTable) strings = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GHashTable) groups = g_hash_table_new_full (deal_group_hash, deal_group_equal,
                                                        g_free, NULL);
  g_autoptr(GStringChunk) chunk = g_string_chunk_new (256);
  GHashTableIter iter;
  gpointer item;
  gint64 first = G_MAXINT64, last = G_MININT64, value = 0, cycle_sum = 0, end = 0;
  guint n_rows = 0;
  int rc;
  gint64 from = filter->from, to = filter->to > 0 ? filter->to : G_MAXINT64;
  gboolean found = FALSE;
  static const char *bounds[] = {
    "SELECT min(closed_at) FROM deals WHERE status = 'won' AND closed_at >= ?1 AND closed_at < ?2",
    "SELECT min(closed_at) FROM deals WHERE status = 'lost' AND closed_at >= ?1 "
    "AND closed_at < ?2",
    "SELECT max(closed_at) FROM deals WHERE status = 'won' AND closed_at >= ?1 AND closed_at < ?2",
    "SELECT max(closed_at) FROM deals WHERE status = 'lost' AND closed_at >= ?1 "
    "AND closed_at < ?2",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bounds); i++)
    {
      if (!query_bound (repository, bounds[i], from, to, &value, &found, error))
        return FALSE;
      if (found && i < 2)
        first = MIN (first, value);
      else if (found)
        last = MAX (last, value);
    }

  /* Without a period, the months that have closed deals; with one, all of them */
  if (filter->from > 0)
    first = filter->from;
  if (filter->to > 0)
    last = filter->to - 1;
  if (first > last)
    return TRUE;

  /* One read of the period's range of deals_closed, added up here by
   * month, status, currency and manager: GROUP BY would sort every deal */
  stmt = _kontor_repository_prepare (repository,
                                     "SELECT status, currency, responsible, amount, "
                                     "closed_at - created_at, closed_at "
                                     "FROM deals INDEXED BY deals_closed "
                                     "WHERE status IN ('won', 'lost') "
                                     "AND closed_at >= ?1 AND closed_at < ?2 "
                                     "AND deleted_at IS NULL "
                                     "AND (?3 = 0 OR pipeline_id = ?3) "
                                     "AND (?4 IS NULL OR responsible = ?4)", error);
  if (stmt == NULL)
    return FALSE;

  {
    g_autoptr(GDateTime) start = g_date_time_new_from_unix_local (first);

    if (start == NULL)
      return TRUE;
    month = g_date_time_new_local (g_date_time_get_year (start),
                                   g_date_time_get_month (start), 1, 0, 0, 0);
  }

  /* The months, and where each begins */
  for (guint n = 0; month != NULL && g_date_time_to_unix (month) <= last && n < MAX_MONTHS; n++)
    {
      g_autoptr(GDateTime) next = g_date_time_add_months (month, 1);
      g_autofree char *key = g_date_time_format (month, "%Y-%m");
      /* Translators: a month in a chart, strftime format */
      g_autofree char *label = g_date_time_format (month, C_("chart month", "%b %Y"));
      gint64 begin = MAX (g_date_time_to_unix (month), from);

      g_ptr_array_add (report->by_month, row_new (key, label));
      g_array_append_val (starts, begin);
      end = MIN (next ? g_date_time_to_unix (next) : G_MAXINT64, to);

      g_date_time_unref (month);
      month = g_steal_pointer (&next);
    }
  if (starts->len == 0)
    return TRUE;

  sqlite3_bind_int64 (stmt, 1, g_array_index (starts, gint64, 0));
  sqlite3_bind_int64 (stmt, 2, end);
  sqlite3_bind_int64 (stmt, 3, filter->pipeline_id);
  bind_optional_text (stmt, 4, filter->responsible);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      DealGroup key, *group;
      gint64 closed_at = sqlite3_column_int64 (stmt, 5);
      guint lo = 0, hi = starts->len;

      /* The last month that begins at or before closed_at */
      while (hi - lo > 1)
        {
          guint mid = (lo + hi) / 2;

          if (g_array_index (starts, gint64, mid) <= closed_at)
            lo = mid;
          else
            hi = mid;
        }

      key.month = lo;
      key.won = g_str_equal ((const char *) sqlite3_column_text (stmt, 0), "won");
      key.currency = _kontor_report_intern (strings, chunk,
                                            (const char *) sqlite3_column_text (stmt, 1));
      key.manager = _kontor_report_intern (strings, chunk,
                                           (const char *) sqlite3_column_text (stmt, 2));
      group = g_hash_table_lookup (groups, &key);
      if (group == NULL)
        {
          group = g_memdup2 (&key, sizeof key);
          group->count = group->amount = group->cycle = 0;
          g_hash_table_add (groups, group);
        }
      group->count++;
      if (__builtin_add_overflow (group->amount, sqlite3_column_int64 (stmt, 3), &group->amount) ||
          __builtin_add_overflow (group->cycle, sqlite3_column_int64 (stmt, 4), &group->cycle))
        {
          g_set_error_literal (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                               _("The amounts are too large to add up"));
          return FALSE;
        }

      if (++n_rows % 65536 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }
  if (rc != SQLITE_DONE)
    return sql_error (repository, rc, error);

  g_hash_table_iter_init (&iter, groups);
  while (g_hash_table_iter_next (&iter, &item, NULL))
    {
      const DealGroup *group = item;
      KontorReportRow *row = g_ptr_array_index (report->by_month, group->month);
      const char *currency = group->currency;
      const char *manager = group->manager;
      KontorReportRow *by_manager;
      gpointer old;

      if (!group->won)
        {
          report->lost_count += group->count;
          continue;
        }

      report->won_count += group->count;
      cycle_sum += group->cycle;
      kontor_amounts_add (report->revenue, currency, group->amount);
      row->count += group->count;
      kontor_amounts_add (row->amounts, currency, group->amount);

      by_manager = find_row (report->by_manager, managers, manager ? manager : "",
                             manager && manager[0] ? manager : _("Nobody"));
      by_manager->count += group->count;
      kontor_amounts_add (by_manager->amounts, currency, group->amount);

      old = g_hash_table_lookup (won_per_currency, currency ? currency : "");
      g_hash_table_insert (won_per_currency, g_strdup (currency ? currency : ""),
                           GSIZE_TO_POINTER (GPOINTER_TO_SIZE (old) + (gsize) group->count));
    }

  if (report->won_count > 0)
    report->average_cycle = cycle_sum / report->won_count;

  return TRUE;
}

static gboolean
compute_products (KontorRepository          *repository,
                  const KontorReportFilter  *filter,
                  KontorSalesReport         *report,
                  GError                   **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  g_autoptr(GHashTable) products = g_hash_table_new (g_str_hash, g_str_equal);
  g_autofree char *from = filter->from > 0 ? local_date (filter->from) : g_strdup ("0000-00-00");
  g_autofree char *to = filter->to > 0 ? local_date (filter->to) : g_strdup ("9999-99-99");
  int rc;

  /* Two constant statements: without a deal filter the planner must not
   * build the list of every deal */
  if (filter->pipeline_id == 0 && (filter->responsible == NULL || filter->responsible[0] == '\0'))
    stmt = _kontor_repository_prepare (repository,
                                       "SELECT coalesce (p.name, l.name), i.currency, "
                                       "sum(l.quantity), sum(l.total) "
                                       "FROM invoices i "
                                       "JOIN invoice_lines l ON l.invoice_id = i.id "
                                       "LEFT JOIN products p ON p.id = l.product_id "
                                       "WHERE i.status = 'paid' AND i.paid_on >= ?1 "
                                       "AND i.paid_on < ?2 AND i.deleted_at IS NULL "
                                       "AND l.deleted_at IS NULL AND ?3 = ?3 AND ?4 IS NULL "
                                       "GROUP BY 1, 2", error);
  else
    stmt = _kontor_repository_prepare (repository,
                                       "SELECT coalesce (p.name, l.name), i.currency, "
                                       "sum(l.quantity), sum(l.total) "
                                       "FROM invoices i "
                                       "JOIN deals d ON d.id = i.deal_id "
                                       "JOIN invoice_lines l ON l.invoice_id = i.id "
                                       "LEFT JOIN products p ON p.id = l.product_id "
                                       "WHERE i.status = 'paid' AND i.paid_on >= ?1 "
                                       "AND i.paid_on < ?2 AND i.deleted_at IS NULL "
                                       "AND l.deleted_at IS NULL "
                                       "AND (?3 = 0 OR d.pipeline_id = ?3) "
                                       "AND (?4 IS NULL OR d.responsible = ?4) "
                                       "GROUP BY 1, 2", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, from, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, to, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, filter->pipeline_id);
  bind_optional_text (stmt, 4, filter->responsible);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      KontorReportRow *row = find_row (report->by_product, products, name ? name : "", NULL);

      row->count += sqlite3_column_int64 (stmt, 2);
      kontor_amounts_add (row->amounts, (const char *) sqlite3_column_text (stmt, 1),
                          sqlite3_column_int64 (stmt, 3));
    }
  if (rc != SQLITE_DONE)
    return sql_error (repository, rc, error);

  return TRUE;
}

static gboolean
compute_leads (KontorRepository          *repository,
               const KontorReportFilter  *filter,
               KontorSalesReport         *report,
               GError                   **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  stmt = _kontor_repository_prepare (repository,
                                     "SELECT coalesce (source, ''), count(*), "
                                     "sum(deal_id IS NOT NULL OR EXISTS (SELECT 1 FROM deals d "
                                     "    WHERE d.lead_id = leads.id AND d.deleted_at IS NULL)) "
                                     "FROM leads WHERE created_at >= ?1 AND created_at < ?2 "
                                     "AND deleted_at IS NULL "
                                     "AND (?3 IS NULL OR responsible = ?3) "
                                     "GROUP BY 1 ORDER BY 2 DESC, 1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, filter->from);
  sqlite3_bind_int64 (stmt, 2, filter->to > 0 ? filter->to : G_MAXINT64);
  bind_optional_text (stmt, 3, filter->responsible);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *source = (const char *) sqlite3_column_text (stmt, 0);
      KontorReportRow *row = row_new (source, kontor_lead_source_label (source));

      row->count = sqlite3_column_int64 (stmt, 1);
      row->converted = sqlite3_column_int64 (stmt, 2);
      row->conversion = kontor_conversion (row->converted, row->count);
      g_ptr_array_add (report->lead_sources, row);
    }
  if (rc != SQLITE_DONE)
    return sql_error (repository, rc, error);

  return TRUE;
}

static gboolean
compute_overdue (KontorRepository          *repository,
                 const KontorReportFilter  *filter,
                 KontorSalesReport         *report,
                 GError                   **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  stmt = _kontor_repository_prepare (repository,
                                     "SELECT coalesce (responsible, ''), count(*) FROM activities "
                                     "WHERE done = 0 AND due_at < ?1 AND deleted_at IS NULL "
                                     "AND (?2 IS NULL OR responsible = ?2) "
                                     "GROUP BY 1 ORDER BY 2 DESC, 1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, _kontor_now ());
  bind_optional_text (stmt, 2, filter->responsible);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *manager = (const char *) sqlite3_column_text (stmt, 0);
      KontorReportRow *row = row_new (manager, manager[0] ? manager : _("Nobody"));

      row->count = sqlite3_column_int64 (stmt, 1);
      report->overdue_count += row->count;
      g_ptr_array_add (report->overdue, row);
    }
  if (rc != SQLITE_DONE)
    return sql_error (repository, rc, error);

  return TRUE;
}

/* Public API ------------------------------------------------------------- */

const char *
kontor_lead_source_label (const char *source)
{
  static const struct {
    const char *code;
    const char *label;
  } sources[] = {
    { "call", N_("Call") },
    { "email", N_("E-mail") },
    { "web", N_("Web form") },
    { "web_form", N_("Web form") },
    { "social", N_("Social network or messenger") },
    { "visit", N_("Visit") },
    { "other", N_("Other") },
    { "", N_("Not given") },
  };

  for (guint i = 0; i < G_N_ELEMENTS (sources); i++)
    if (g_strcmp0 (source, sources[i].code) == 0)
      return _(sources[i].label);

  return source ? source : _("Not given");
}

gint64
kontor_report_row_get_value (KontorReportRow *row,
                             const char      *currency)
{
  if (currency == NULL)
    return row->count;
  return kontor_amounts_get (row->amounts, currency);
}

/* The headline figures as label, value pairs (a NULL-terminated array of
 * 2 × n strings), formatted for people */
char **
kontor_sales_report_dup_figures (KontorSalesReport *report)
{
  GPtrArray *out = g_ptr_array_new ();
  g_autofree char *cycle = NULL;

  if (report->average_cycle >= 0)
    cycle = g_strdup_printf (_("%.1f days"), report->average_cycle / 86400.0);

  g_ptr_array_add (out, g_strdup (_("Revenue won")));
  g_ptr_array_add (out, kontor_amounts_format_in (report->revenue, report->main_currency));
  g_ptr_array_add (out, g_strdup (_("Deals won")));
  g_ptr_array_add (out, g_strdup_printf ("%" PRId64, report->won_count));
  g_ptr_array_add (out, g_strdup (_("Deals lost")));
  g_ptr_array_add (out, g_strdup_printf ("%" PRId64, report->lost_count));
  g_ptr_array_add (out, g_strdup (_("Win rate")));
  g_ptr_array_add (out, kontor_conversion_format (report->win_rate));
  g_ptr_array_add (out, g_strdup (_("Average deal size")));
  g_ptr_array_add (out, report->average_deal->len > 0 ? kontor_amounts_format (report->average_deal)
                                                      : g_strdup ("—"));
  g_ptr_array_add (out, g_strdup (_("Average sales cycle")));
  g_ptr_array_add (out, cycle ? g_steal_pointer (&cycle) : g_strdup ("—"));
  g_ptr_array_add (out, g_strdup (_("Overdue activities")));
  g_ptr_array_add (out, g_strdup_printf ("%" PRId64, report->overdue_count));
  g_ptr_array_add (out, NULL);

  return (char **) g_ptr_array_free (out, FALSE);
}

/**
 * kontor_report_list_managers:
 * @repository: a #KontorRepository
 * @error: return location for a #GError
 *
 * The managers responsible for at least one deal, for the reports'
 * manager filter: read from the index deals_responsible.
 *
 * Returns: (transfer full): the names, sorted case-insensitively
 */
char **
kontor_report_list_managers (KontorRepository  *repository,
                             GError           **error)
{
  g_autoptr(GStrvBuilder) names = g_strv_builder_new ();
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  stmt = _kontor_repository_prepare (repository,
                                     "SELECT DISTINCT responsible FROM deals "
                                     "WHERE responsible > '' AND deleted_at IS NULL "
                                     "ORDER BY responsible COLLATE NOCASE, responsible", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (names, (const char *) sqlite3_column_text (stmt, 0));
  if (rc != SQLITE_DONE)
    {
      sql_error (repository, rc, error);
      return NULL;
    }

  return g_strv_builder_end (names);
}

void
kontor_sales_report_free (KontorSalesReport *report)
{
  if (report == NULL)
    return;

  g_clear_pointer (&report->revenue, g_array_unref);
  g_clear_pointer (&report->average_deal, g_array_unref);
  g_free (report->main_currency);
  g_clear_pointer (&report->by_month, g_ptr_array_unref);
  g_clear_pointer (&report->by_manager, g_ptr_array_unref);
  g_clear_pointer (&report->by_product, g_ptr_array_unref);
  g_clear_pointer (&report->lead_sources, g_ptr_array_unref);
  g_clear_pointer (&report->overdue, g_ptr_array_unref);
  g_free (report);
}

/* The period of the filter applies to the closing time of won and lost
 * deals, to the creation of leads and to the payment date of invoices;
 * overdue activities are counted as of now. */
KontorSalesReport *
kontor_sales_report_compute (KontorRepository          *repository,
                             const KontorReportFilter  *filter,
                             GCancellable              *cancellable,
                             GError                   **error)
{
  g_autoptr(KontorSalesReport) report = g_new0 (KontorSalesReport, 1);
  g_autoptr(GHashTable) won_per_currency = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                  g_free, NULL);
  gint64 best = -1;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  /* Reports read big indexes: map the file (up to SQLite's 2 GB limit)
   * instead of copying its pages through the page cache */
  _kontor_repository_exec (repository, "PRAGMA mmap_size = 2147418112", NULL);

  report->from = filter->from;
  report->to = filter->to;
  report->revenue = kontor_amounts_new ();
  report->average_deal = kontor_amounts_new ();
  report->average_cycle = -1;
  report->by_month = g_ptr_array_new_with_free_func (row_free);
  report->by_manager = g_ptr_array_new_with_free_func (row_free);
  report->by_product = g_ptr_array_new_with_free_func (row_free);
  report->lead_sources = g_ptr_array_new_with_free_func (row_free);
  report->overdue = g_ptr_array_new_with_free_func (row_free);

  if (!compute_deals (repository, filter, report, won_per_currency, cancellable, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !compute_products (repository, filter, report, error) ||
      g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !compute_leads (repository, filter, report, error) ||
      !compute_overdue (repository, filter, report, error))
    return NULL;

  report->win_rate = kontor_conversion (report->won_count,
                                        report->won_count + report->lost_count);

  for (guint i = 0; i < report->revenue->len; i++)
    {
      KontorAmount *a = &g_array_index (report->revenue, KontorAmount, i);
      gint64 n = (gint64) GPOINTER_TO_SIZE (g_hash_table_lookup (won_per_currency, a->currency));
      gint64 average = 0;

      if (n > 0 && kontor_div_round (a->amount, n, &average))
        kontor_amounts_add (report->average_deal, a->currency, average);
      if (n > best)
        {
          best = n;
          g_free (report->main_currency);
          report->main_currency = g_strdup (a->currency);
        }
    }
  if (report->main_currency == NULL)
    report->main_currency = g_strdup (kontor_repository_get_default_currency (repository));

  g_ptr_array_sort_with_data (report->by_manager, compare_rows_by_value, report->main_currency);
  g_ptr_array_sort_with_data (report->by_product, compare_rows_by_value, report->main_currency);

  return g_steal_pointer (&report);
}
