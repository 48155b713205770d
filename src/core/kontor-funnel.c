/* kontor-funnel.c: the sales funnel of a pipeline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-funnel"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-error.h"
#include "kontor-funnel.h"
#include "kontor-money.h"
#include "kontor-report-private.h"
#include "kontor-repository-private.h"

typedef struct
{
  gint64  id;
  char   *name;
  char   *color;
  char   *semantics;
} StageInfo;

static void
stage_info_free (gpointer data)
{
  StageInfo *info = data;

  g_free (info->name);
  g_free (info->color);
  g_free (info->semantics);
  g_free (info);
}

static void
band_free (gpointer data)
{
  KontorFunnelBand *band = data;

  g_free (band->name);
  g_free (band->color);
  g_free (band->reason);
  g_clear_pointer (&band->amounts, g_array_unref);
  g_free (band);
}

static KontorFunnelBand *
band_new (gint64      stage_id,
          const char *name,
          const char *color)
{
  KontorFunnelBand *band = g_new0 (KontorFunnelBand, 1);

  band->stage_id = stage_id;
  band->name = g_strdup (name);
  band->color = g_strdup (color);
  band->amounts = kontor_amounts_new ();
  band->conversion_prev = KONTOR_CONVERSION_NONE;
  band->conversion_top = KONTOR_CONVERSION_NONE;
  return band;
}

void
kontor_amounts_add (GArray     *amounts,
                    const char *currency,
                    gint64      amount)
{
  KontorAmount item = { { 0, }, 0 };
  guint i;

  if (currency == NULL)
    currency = "";

  for (i = 0; i < amounts->len; i++)
    {
      KontorAmount *a = &g_array_index (amounts, KontorAmount, i);
      int cmp = strncmp (a->currency, currency, 3);

      if (cmp == 0)
        {
          a->amount += amount;
          return;
        }
      if (cmp > 0)
        break;
    }

  g_strlcpy (item.currency, currency, sizeof item.currency);
  item.amount = amount;
  g_array_insert_val (amounts, i, item);
}

static void
band_add (KontorFunnelBand *band,
          gint64            count,
          const char       *currency,
          gint64            amount)
{
  band->count += count;
  kontor_amounts_add (band->amounts, currency, amount);
}

static KontorFunnelBand *
find_reason (GPtrArray  *reasons,
             const char *reason)
{
  KontorFunnelBand *band;

  if (reason != NULL && reason[0] == '\0')
    reason = NULL;

  for (guint i = 0; i < reasons->len; i++)
    {
      band = g_ptr_array_index (reasons, i);
      if (g_strcmp0 (band->reason, reason) == 0)
        return band;
    }

  band = band_new (0, reason ? reason : _("No reason given"), NULL);
  band->reason = g_strdup (reason);
  g_ptr_array_add (reasons, band);
  return band;
}

static int
compare_reasons (gconstpointer a,
                 gconstpointer b)
{
  const KontorFunnelBand *ba = *(KontorFunnelBand * const *) a;
  const KontorFunnelBand *bb = *(KontorFunnelBand * const *) b;

  if (ba->count != bb->count)
    return ba->count > bb->count ? -1 : 1;
  /* "No reason given" last among equals */
  if ((ba->reason == NULL) != (bb->reason == NULL))
    return ba->reason == NULL ? 1 : -1;
  return g_strcmp0 (ba->reason, bb->reason);
}

static gboolean
load_stages (KontorRepository  *repository,
             gint64             pipeline_id,
             GPtrArray         *stages,
             GError           **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  stmt = _kontor_repository_prepare (repository,
                                     "SELECT id, name, color, semantics FROM stages "
                                     "WHERE pipeline_id = ? AND deleted_at IS NULL "
                                     "ORDER BY position, id", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, pipeline_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      StageInfo *info = g_new0 (StageInfo, 1);

      info->id = sqlite3_column_int64 (stmt, 0);
      info->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      info->color = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      info->semantics = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      g_ptr_array_add (stages, info);
    }

  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (repository), rc, error);

  return TRUE;
}

static int
open_rank (GPtrArray *open_stages,
           gint64     stage_id)
{
  for (guint i = 0; i < open_stages->len; i++)
    if (((StageInfo *) g_ptr_array_index (open_stages, i))->id == stage_id)
      return (int) i;
  return -1;
}

static char *
pipeline_name (KontorRepository *repository,
               gint64            pipeline_id)
{
  g_autoptr(KontorStmt) stmt = NULL;

  stmt = _kontor_repository_prepare (repository, "SELECT name FROM pipelines WHERE id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, pipeline_id);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return NULL;
}

static gboolean
check_cancelled (GCancellable  *cancellable,
                 GError       **error)
{
  return !g_cancellable_set_error_if_cancelled (cancellable, error);
}

/* Public API ------------------------------------------------------------- */

void
kontor_report_filter_clear (KontorReportFilter *filter)
{
  g_clear_pointer (&filter->responsible, g_free);
}

/* "YYYY-MM-DD" in local time to unix seconds: its midnight, or with
 * end_of_day the next midnight (an exclusive end). */
gboolean
kontor_report_parse_date (const char *text,
                          gboolean    end_of_day,
                          gint64     *out_time)
{
  g_autoptr(GDateTime) dt = NULL;
  guint64 y, m, d;
  char *end;

  if (text == NULL || strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  y = g_ascii_strtoull (text, &end, 10);
  if (end != text + 4)
    return FALSE;
  m = g_ascii_strtoull (text + 5, &end, 10);
  if (end != text + 7)
    return FALSE;
  d = g_ascii_strtoull (text + 8, &end, 10);
  if (end != text + 10)
    return FALSE;

  if (!g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
    return FALSE;

  dt = g_date_time_new_local ((int) y, (int) m, (int) d, 0, 0, 0);
  if (dt == NULL)
    return FALSE;
  if (end_of_day)
    {
      GDateTime *next = g_date_time_add_days (dt, 1);

      g_date_time_unref (dt);
      dt = next;
    }

  *out_time = g_date_time_to_unix (dt);
  return TRUE;
}

/* numerator / denominator in basis points, rounded half away from zero;
 * KONTOR_CONVERSION_NONE when the denominator is zero. */
int
kontor_conversion (gint64 numerator,
                   gint64 denominator)
{
  gint64 result;

  if (denominator <= 0 || numerator < 0 || numerator > G_MAXINT64 / 10000)
    return KONTOR_CONVERSION_NONE;
  if (!kontor_div_round (numerator * 10000, denominator, &result))
    return KONTOR_CONVERSION_NONE;

  return (int) MIN (result, G_MAXINT);
}

char *
kontor_conversion_format (int conversion)
{
  if (conversion == KONTOR_CONVERSION_NONE)
    return g_strdup ("—");

  /* Translators: a conversion rate, e.g. "45.5 %" */
  return g_strdup_printf (_("%.1f %%"), conversion / 100.0);
}

GArray *
kontor_amounts_new (void)
{
  return g_array_new (FALSE, TRUE, sizeof (KontorAmount));
}

gint64
kontor_amounts_get (GArray     *amounts,
                    const char *currency)
{
  if (amounts == NULL || currency == NULL)
    return 0;

  for (guint i = 0; i < amounts->len; i++)
    {
      KontorAmount *a = &g_array_index (amounts, KontorAmount, i);

      if (strncmp (a->currency, currency, 3) == 0)
        return a->amount;
    }
  return 0;
}

/**
 * kontor_funnel_format_sum:
 * @funnel: the funnel @amounts belong to
 * @amounts: a band's sums per currency
 *
 * Returns: @amounts as kontor_amounts_format() writes them; a band with no
 *   deals gets a zero in the funnel's main currency, not a bare "0"
 */
char *
kontor_funnel_format_sum (KontorFunnel *funnel,
                          GArray       *amounts)
{
  return kontor_amounts_format_in (amounts, funnel->main_currency);
}

/**
 * kontor_amounts_format_in:
 * @amounts: (nullable): sums per currency
 * @currency: (nullable): the currency a zero is shown in
 *
 * Returns: @amounts as kontor_amounts_format() writes them, but no amounts
 *   at all as a zero in @currency ("0,00 ₽"), not a bare "0"
 */
char *
kontor_amounts_format_in (GArray     *amounts,
                          const char *currency)
{
  if ((amounts == NULL || amounts->len == 0) && currency != NULL)
    return kontor_money_format (0, currency);
  return kontor_amounts_format (amounts);
}

/* "1 234,00 ₽ + $56.00"; "0" for no amounts */
char *
kontor_amounts_format (GArray *amounts)
{
  GString *text = g_string_new (NULL);

  for (guint i = 0; amounts != NULL && i < amounts->len; i++)
    {
      KontorAmount *a = &g_array_index (amounts, KontorAmount, i);
      g_autofree char *money = NULL;

      if (a->amount == 0 && amounts->len > 1)
        continue;
      money = kontor_money_format (a->amount, a->currency);
      if (text->len > 0)
        g_string_append (text, " + ");
      g_string_append (text, money);
    }

  if (text->len == 0)
    g_string_append (text, "0");

  return g_string_free (text, FALSE);
}

KontorFunnelBand *
kontor_funnel_get_band (KontorFunnel *funnel,
                        guint         index)
{
  g_return_val_if_fail (funnel != NULL, NULL);
  g_return_val_if_fail (index < funnel->bands->len, NULL);

  return g_ptr_array_index (funnel->bands, index);
}

gint64
kontor_funnel_band_get_value (KontorFunnel     *funnel,
                              KontorFunnelBand *band,
                              gboolean          by_amount)
{
  if (!by_amount)
    return band->count;
  return kontor_amounts_get (band->amounts, funnel->main_currency);
}

void
kontor_funnel_free (KontorFunnel *funnel)
{
  if (funnel == NULL)
    return;

  g_free (funnel->pipeline_name);
  g_free (funnel->main_currency);
  g_clear_pointer (&funnel->bands, g_ptr_array_unref);
  g_clear_pointer (&funnel->lost_by_stage, g_ptr_array_unref);
  g_clear_pointer (&funnel->lost_by_reason, g_ptr_array_unref);
  g_clear_pointer (&funnel->lost_amounts, g_array_unref);
  g_free (funnel);
}

/* Deals that share everything the funnel looks at. Strings are interned
 * in a Tally, so that groups compare by pointer. */
typedef struct
{
  const char *status;
  const char *currency;
  const char *reason;
  gint64      reached;  /* -1: none */
  gint64      stage_id;
  gint64      count;
  gint64      amount;
} Group;

typedef struct
{
  GStringChunk *chunk;
  GHashTable   *strings;
  GHashTable   *groups;  /* Group → itself */
} Tally;

static guint
group_hash (gconstpointer data)
{
  const Group *group = data;
  guint hash = g_direct_hash (group->status);

  hash = hash * 31 + g_direct_hash (group->currency);
  hash = hash * 31 + g_direct_hash (group->reason);
  hash = hash * 31 + (guint) group->reached;
  return hash * 31 + (guint) group->stage_id;
}

static gboolean
group_equal (gconstpointer a,
             gconstpointer b)
{
  const Group *x = a, *y = b;

  return x->status == y->status && x->currency == y->currency && x->reason == y->reason
         && x->reached == y->reached && x->stage_id == y->stage_id;
}

static void
tally_init (Tally *tally)
{
  tally->chunk = g_string_chunk_new (256);
  tally->strings = g_hash_table_new (g_str_hash, g_str_equal);
  tally->groups = g_hash_table_new_full (group_hash, group_equal, g_free, NULL);
}

static void
tally_clear (Tally *tally)
{
  g_clear_pointer (&tally->groups, g_hash_table_unref);
  g_clear_pointer (&tally->strings, g_hash_table_unref);
  g_clear_pointer (&tally->chunk, g_string_chunk_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Tally, tally_clear)

/* One copy of each string seen, so that groups compare strings by
 * pointer; NULL stays NULL. strings holds the copies in chunk. */
const char *
_kontor_report_intern (GHashTable   *strings,
                       GStringChunk *chunk,
                       const char   *text)
{
  char *interned;

  if (text == NULL)
    return NULL;
  interned = g_hash_table_lookup (strings, text);
  if (interned == NULL)
    {
      interned = g_string_chunk_insert (chunk, text);
      g_hash_table_add (strings, interned);
    }
  return interned;
}

static const char *
tally_intern (Tally      *tally,
              const char *text)
{
  return _kontor_report_intern (tally->strings, tally->chunk, text);
}

/* Adds the statement's rows (status, reached_stage_id, stage_id, currency,
 * count, amount, loss_reason) up by group. A period filter reads a range
 * of its index in date order: adding up here costs a hash look-up per
 * deal, where GROUP BY would sort them all first. */
static gboolean
tally_rows (Tally             *tally,
            KontorRepository  *repository,
            sqlite3_stmt      *stmt,
            GCancellable      *cancellable,
            GError           **error)
{
  guint n = 0;
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Group key, *group;

      key.status = tally_intern (tally, (const char *) sqlite3_column_text (stmt, 0));
      key.reached = sqlite3_column_type (stmt, 1) == SQLITE_NULL
                    ? -1 : sqlite3_column_int64 (stmt, 1);
      key.stage_id = sqlite3_column_int64 (stmt, 2);
      key.currency = tally_intern (tally, (const char *) sqlite3_column_text (stmt, 3));
      key.reason = tally_intern (tally, (const char *) sqlite3_column_text (stmt, 6));

      group = g_hash_table_lookup (tally->groups, &key);
      if (group == NULL)
        {
          group = g_memdup2 (&key, sizeof key);
          group->count = 0;
          group->amount = 0;
          g_hash_table_add (tally->groups, group);
        }
      group->count += sqlite3_column_int64 (stmt, 4);
      if (__builtin_add_overflow (group->amount, sqlite3_column_int64 (stmt, 5), &group->amount))
        {
          g_set_error_literal (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                               _("The amounts are too large to add up"));
          return FALSE;
        }

      if (++n % 65536 == 0 && g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
    }

  if (rc != SQLITE_DONE)
    {
      _kontor_set_sqlite_error (_kontor_repository_get_db (repository), rc, error);
      return FALSE;
    }
  return TRUE;
}

/* One scan of the covering index deals_funnel, grouped; see the README
 * section "The sales funnel" for what the figures mean. */
KontorFunnel *
kontor_funnel_compute (KontorRepository         *repository,
                       const KontorReportFilter *filter,
                       GCancellable             *cancellable,
                       GError                  **error)
{
  g_autoptr(KontorFunnel) funnel = g_new0 (KontorFunnel, 1);
  g_autoptr(GPtrArray) stages = g_ptr_array_new_with_free_func (stage_info_free);
  g_autoptr(GPtrArray) open_stages = g_ptr_array_new ();
  g_autoptr(GPtrArray) lost_at = g_ptr_array_new_with_free_func (band_free);
  g_autoptr(GHashTable) currencies = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(KontorStmt) stmt = NULL;
  g_auto(Tally) tally = { NULL, };
  KontorFunnelBand *won_band, *before_first;
  const char *won_name = NULL, *won_color = NULL;
  gint64 best_count = 0;
  GHashTableIter iter;
  gpointer key, value;
  guint n_open;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  tally_init (&tally);

  /* Reports read big indexes: map the file (up to SQLite's 2 GB limit)
   * instead of copying its pages through the page cache */
  _kontor_repository_exec (repository, "PRAGMA mmap_size = 2147418112", NULL);

  funnel->pipeline_id = filter->pipeline_id;
  if (funnel->pipeline_id == 0)
    funnel->pipeline_id = kontor_repository_get_default_pipeline (repository);
  funnel->mode = filter->mode;
  funnel->pipeline_name = pipeline_name (repository, funnel->pipeline_id);
  if (funnel->pipeline_name == NULL)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND,
                   _("There is no pipeline with id %" PRId64), funnel->pipeline_id);
      return NULL;
    }

  funnel->bands = g_ptr_array_new_with_free_func (band_free);
  funnel->lost_by_stage = g_ptr_array_new_with_free_func (band_free);
  funnel->lost_by_reason = g_ptr_array_new_with_free_func (band_free);
  funnel->lost_amounts = g_array_new (FALSE, TRUE, sizeof (KontorAmount));

  if (!load_stages (repository, funnel->pipeline_id, stages, error))
    return NULL;

  for (guint i = 0; i < stages->len; i++)
    {
      StageInfo *info = g_ptr_array_index (stages, i);

      if (g_str_equal (info->semantics, "open"))
        {
          g_ptr_array_add (open_stages, info);
          g_ptr_array_add (funnel->bands, band_new (info->id, info->name, info->color));
          g_ptr_array_add (lost_at, band_new (info->id, info->name, info->color));
        }
      else if (g_str_equal (info->semantics, "won") && won_name == NULL)
        {
          won_name = info->name;
          won_color = info->color;
        }
    }
  n_open = open_stages->len;

  won_band = band_new (0, won_name ? won_name : _("Won"), won_color);
  won_band->won = TRUE;
  g_ptr_array_add (funnel->bands, won_band);
  before_first = band_new (0, _("Before the first stage"), NULL);

  if (!check_cancelled (cancellable, error))
    {
      band_free (before_first);
      return NULL;
    }

  /* The SQL is put together from constant pieces only, so that each
   * filter gets the plan of its own covering index */
  {
    g_autofree char *sql = NULL;
    gboolean by_responsible = filter->responsible != NULL && filter->responsible[0] != '\0';
    const char *index = "deals_funnel";
    const char *period = "";

    if (filter->period == KONTOR_REPORT_PERIOD_CREATED)
      {
        index = "deals_funnel_created";
        period = "AND created_at >= ?3 AND created_at < ?4 ";
      }
    else if (filter->period == KONTOR_REPORT_PERIOD_CLOSED)
      {
        index = "deals_closed";
        period = "AND closed_at >= ?3 AND closed_at < ?4 ";
      }
    else if (by_responsible)
      index = "deals_responsible";

    /* Without a period the index is in group order and GROUP BY streams;
     * a period's range is in date order, added up by tally_rows */
    sql = g_strconcat ("SELECT status, reached_stage_id, stage_id, currency, ",
                       period[0] ? "1, amount, " : "count(*), sum(amount), ",
                       "loss_reason "
                       "FROM deals INDEXED BY ", index, " "
                       "WHERE pipeline_id = ?1 AND deleted_at IS NULL AND ?2 = ?2 ",
                       period,
                       by_responsible ? "AND responsible = ?5 " : "AND ?5 IS NULL ",
                       period[0] ? "" : "GROUP BY status, reached_stage_id, stage_id, currency, "
                                        "loss_reason",
                       NULL);
    stmt = _kontor_repository_prepare (repository, sql, error);
  }
  if (stmt == NULL)
    {
      band_free (before_first);
      return NULL;
    }

  sqlite3_bind_int64 (stmt, 1, funnel->pipeline_id);
  sqlite3_bind_int (stmt, 2, filter->period);
  sqlite3_bind_int64 (stmt, 3, filter->from);
  sqlite3_bind_int64 (stmt, 4, filter->to > 0 ? filter->to : G_MAXINT64);
  if (filter->responsible != NULL && filter->responsible[0] != '\0')
    sqlite3_bind_text (stmt, 5, filter->responsible, -1, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 5);

  if (!tally_rows (&tally, repository, stmt, cancellable, error))
    {
      band_free (before_first);
      return NULL;
    }

  g_hash_table_iter_init (&iter, tally.groups);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      const Group *group = key;
      const char *status = group->status;
      int reached = group->reached < 0 ? -1 : open_rank (open_stages, group->reached);
      int current = open_rank (open_stages, group->stage_id);
      const char *currency = group->currency;
      gint64 count = group->count;
      gint64 amount = group->amount;
      const char *reason = group->reason;
      int furthest = MAX (reached, current);
      gpointer old;

      funnel->total_deals += count;
      old = g_hash_table_lookup (currencies, currency ? currency : "");
      g_hash_table_insert (currencies, g_strdup (currency ? currency : ""),
                           GINT_TO_POINTER (GPOINTER_TO_INT (old) + (int) count));

      if (g_strcmp0 (status, "won") == 0)
        {
          if (filter->mode == KONTOR_FUNNEL_MODE_HISTORY)
            for (guint k = 0; k < n_open; k++)
              band_add (g_ptr_array_index (funnel->bands, k), count, currency, amount);
          band_add (won_band, count, currency, amount);
        }
      else if (g_strcmp0 (status, "lost") == 0)
        {
          if (filter->mode == KONTOR_FUNNEL_MODE_HISTORY)
            for (int k = 0; k <= furthest; k++)
              band_add (g_ptr_array_index (funnel->bands, k), count, currency, amount);
          band_add (furthest >= 0 ? g_ptr_array_index (lost_at, furthest) : before_first,
                    count, currency, amount);
          band_add (find_reason (funnel->lost_by_reason, reason), count, currency, amount);
          funnel->lost_count += count;
          kontor_amounts_add (funnel->lost_amounts, currency, amount);
        }
      else if (filter->mode == KONTOR_FUNNEL_MODE_HISTORY)
        {
          for (int k = 0; k <= furthest; k++)
            band_add (g_ptr_array_index (funnel->bands, k), count, currency, amount);
        }
      else if (current >= 0)
        band_add (g_ptr_array_index (funnel->bands, current), count, currency, amount);
    }

  /* Lost deals, in stage order, leaving out stages nobody was lost at */
  if (before_first->count > 0)
    g_ptr_array_add (funnel->lost_by_stage, before_first);
  else
    band_free (before_first);
  for (guint i = 0; i < lost_at->len; i++)
    {
      KontorFunnelBand *band = g_ptr_array_index (lost_at, i);

      if (band->count > 0)
        g_ptr_array_add (funnel->lost_by_stage, g_ptr_array_steal_index (lost_at, i--));
    }
  g_ptr_array_sort (funnel->lost_by_reason, compare_reasons);

  for (guint k = 0; k < funnel->bands->len; k++)
    {
      KontorFunnelBand *band = g_ptr_array_index (funnel->bands, k);
      KontorFunnelBand *first = g_ptr_array_index (funnel->bands, 0);

      if (k > 0)
        {
          KontorFunnelBand *prev = g_ptr_array_index (funnel->bands, k - 1);

          band->conversion_prev = kontor_conversion (band->count, prev->count);
        }
      band->conversion_top = kontor_conversion (band->count, first->count);
    }

  /* Widths by amount use the currency most deals are in; the default
   * currency when there are none */
  g_hash_table_iter_init (&iter, currencies);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      gint64 n = GPOINTER_TO_INT (value);

      if (n > best_count || (n == best_count && g_strcmp0 (key, funnel->main_currency) < 0))
        {
          best_count = n;
          g_free (funnel->main_currency);
          funnel->main_currency = g_strdup (key);
        }
    }
  if (funnel->main_currency == NULL)
    funnel->main_currency = g_strdup (kontor_repository_get_default_currency (repository));

  return g_steal_pointer (&funnel);
}
