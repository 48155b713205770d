/* test-funnel.c: the funnel figures on hand-built stage histories
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kontor-core.h"
#include "kontor-funnel.h"

/* The default pipeline: New, Qualification, Proposal, Negotiation (open),
 * Won, Lost. Called A, B, C, D below. */
enum { A, B, C, D, WON, LOST };

/* 2026-01-10 and 2026-02-10, 12:00 UTC */
#define JAN G_GINT64_CONSTANT (1768046400)
#define FEB G_GINT64_CONSTANT (1770724800)

typedef struct
{
  char             *dir;
  KontorRepository *repo;
  gint64            stages[6];
} Fixture;

static void
set_now (gint64 time)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, time);

  g_setenv ("KONTOR_NOW", text, TRUE);
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GListModel) stages = NULL;

  fixture->dir = g_dir_make_tmp ("kontor-funnel-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->repo = kontor_repository_open (path, &error);
  g_assert_no_error (error);

  stages = kontor_repository_list_stages (fixture->repo,
                                          kontor_repository_get_default_pipeline (fixture->repo),
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (stages), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(KontorEntity) stage = g_list_model_get_item (stages, i);

      fixture->stages[i] = kontor_entity_get_id (stage);
    }
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
  g_unsetenv ("KONTOR_NOW");
}

/* Creates a deal at the first stage of the list and moves it through the
 * others; the last one may be lost with a reason. */
static void
add_deal (Fixture    *fixture,
          gint64      created,
          const char *responsible,
          gint64      amount,
          const char *currency,
          const char *reason,
          int         first,
          ...)
{
  g_autoptr(KontorEntity) deal = KONTOR_ENTITY (kontor_deal_new ());
  g_autoptr(GError) error = NULL;
  va_list args;
  int stage;

  set_now (created);
  kontor_entity_set_text (deal, "title", "Deal");
  kontor_entity_set_text (deal, "currency", currency);
  kontor_entity_set_text (deal, "responsible", responsible);
  kontor_entity_set_int (deal, "amount", amount);
  kontor_entity_set_int (deal, "stage", fixture->stages[first]);
  kontor_repository_save (fixture->repo, deal, &error);
  g_assert_no_error (error);

  va_start (args, first);
  while ((stage = va_arg (args, int)) >= 0)
    {
      kontor_repository_move_deal (fixture->repo, deal, fixture->stages[stage],
                                   stage == LOST ? reason : NULL, &error);
      g_assert_no_error (error);
    }
  va_end (args);
}

/* Ten deals; furthest open stage reached in brackets:
 *  d1  A                       open  100 RUB  Anna  Jan  [A]
 *  d2  A → B → C               open  200 RUB  Anna  Jan  [C]
 *  d3  A → D (skips B, C)      open  300 RUB        Jan  [D]
 *  d4  A → C → B (backwards)   open  400 RUB        Jan  [C]
 *  d5  A → Won (skips all)     won   500 RUB        Jan  [all]
 *  d6  A → B → C → D → Won     won   600 RUB        Feb  [all]
 *  d7  A → B → Lost "Price"    lost  700 RUB        Feb  [B]
 *  d8  A → D → C → Lost "Price" lost 800 RUB        Feb  [D]
 *  d9  created in Lost         lost  900 RUB        Feb  [none]
 *  d10 A → C                   open 1000 USD        Feb  [C]
 */
static void
add_sample (Fixture *fixture)
{
  add_deal (fixture, JAN, "Anna", 100, "RUB", NULL, A, -1);
  add_deal (fixture, JAN, "Anna", 200, "RUB", NULL, A, B, C, -1);
  add_deal (fixture, JAN, "Boris", 300, "RUB", NULL, A, D, -1);
  add_deal (fixture, JAN, "Boris", 400, "RUB", NULL, A, C, B, -1);
  add_deal (fixture, JAN, "Boris", 500, "RUB", NULL, A, WON, -1);
  add_deal (fixture, FEB, "Boris", 600, "RUB", NULL, A, B, C, D, WON, -1);
  add_deal (fixture, FEB, "Boris", 700, "RUB", "Price", A, B, LOST, -1);
  add_deal (fixture, FEB, "Boris", 800, "RUB", "Price", A, D, C, LOST, -1);
  add_deal (fixture, FEB, "Boris", 900, "RUB", NULL, LOST, -1);
  add_deal (fixture, FEB, "Boris", 1000, "USD", NULL, A, C, -1);
}

static KontorFunnel *
compute (Fixture            *fixture,
         KontorReportFilter *filter)
{
  g_autoptr(GError) error = NULL;
  KontorFunnel *funnel = kontor_funnel_compute (fixture->repo, filter, NULL, &error);

  g_assert_no_error (error);
  g_assert_nonnull (funnel);
  return funnel;
}

static void
assert_counts (KontorFunnel *funnel,
               gint64        a,
               gint64        b,
               gint64        c,
               gint64        d,
               gint64        won)
{
  gint64 expected[] = { a, b, c, d, won };

  g_assert_cmpuint (funnel->bands->len, ==, 5);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (kontor_funnel_get_band (funnel, i)->count, ==, expected[i]);
  g_assert_true (kontor_funnel_get_band (funnel, 4)->won);
}

static void
test_history (Fixture       *fixture,
              gconstpointer  data)
{
  KontorReportFilter filter = { 0, };
  g_autoptr(KontorFunnel) funnel = NULL;
  KontorFunnelBand *band;
  /* A: all but d9 = 9; B: not d1 = 8; C: not d7 either = 7;
   * D: d3, d5, d6, d8 = 4; Won: d5, d6 = 2 */
  const gint64 rub[] = { 3600, 3500, 2800, 2200, 1100 };
  const gint64 usd[] = { 1000, 1000, 1000, 0, 0 };
  /* 8/9, 7/8, 4/7, 2/4 and 9/9, 8/9, 7/9, 4/9, 2/9 in basis points */
  const int prev[] = { KONTOR_CONVERSION_NONE, 8889, 8750, 5714, 5000 };
  const int top[] = { 10000, 8889, 7778, 4444, 2222 };

  add_sample (fixture);
  funnel = compute (fixture, &filter);

  g_assert_cmpstr (funnel->pipeline_name, ==, "Sales");
  g_assert_cmpint (funnel->total_deals, ==, 10);
  g_assert_cmpstr (funnel->main_currency, ==, "RUB");
  assert_counts (funnel, 9, 8, 7, 4, 2);
  for (guint i = 0; i < 5; i++)
    {
      band = kontor_funnel_get_band (funnel, i);
      g_assert_cmpint (kontor_amounts_get (band->amounts, "RUB"), ==, rub[i]);
      g_assert_cmpint (kontor_amounts_get (band->amounts, "USD"), ==, usd[i]);
      g_assert_cmpint (kontor_funnel_band_get_value (funnel, band, TRUE), ==, rub[i]);
      g_assert_cmpint (band->conversion_prev, ==, prev[i]);
      g_assert_cmpint (band->conversion_top, ==, top[i]);
    }
  g_assert_cmpstr (kontor_funnel_get_band (funnel, 0)->name, ==, "New");
  g_assert_cmpstr (kontor_funnel_get_band (funnel, 4)->name, ==, "Won");

  /* Lost: d9 before any open stage, d7 at B, d8 at D (its furthest, not C) */
  g_assert_cmpint (funnel->lost_count, ==, 3);
  g_assert_cmpint (kontor_amounts_get (funnel->lost_amounts, "RUB"), ==, 2400);
  g_assert_cmpuint (funnel->lost_by_stage->len, ==, 3);
  band = g_ptr_array_index (funnel->lost_by_stage, 0);
  g_assert_cmpint (band->stage_id, ==, 0);
  g_assert_cmpint (band->count, ==, 1);
  g_assert_cmpint (kontor_amounts_get (band->amounts, "RUB"), ==, 900);
  band = g_ptr_array_index (funnel->lost_by_stage, 1);
  g_assert_cmpint (band->stage_id, ==, fixture->stages[B]);
  g_assert_cmpint (kontor_amounts_get (band->amounts, "RUB"), ==, 700);
  band = g_ptr_array_index (funnel->lost_by_stage, 2);
  g_assert_cmpint (band->stage_id, ==, fixture->stages[D]);
  g_assert_cmpint (kontor_amounts_get (band->amounts, "RUB"), ==, 800);

  /* By reason: Price (d7, d8), then no reason (d9) */
  g_assert_cmpuint (funnel->lost_by_reason->len, ==, 2);
  band = g_ptr_array_index (funnel->lost_by_reason, 0);
  g_assert_cmpstr (band->reason, ==, "Price");
  g_assert_cmpint (band->count, ==, 2);
  g_assert_cmpint (kontor_amounts_get (band->amounts, "RUB"), ==, 1500);
  band = g_ptr_array_index (funnel->lost_by_reason, 1);
  g_assert_null (band->reason);
  g_assert_cmpint (band->count, ==, 1);
}

static void
test_classic (Fixture       *fixture,
              gconstpointer  data)
{
  KontorReportFilter filter = { .mode = KONTOR_FUNNEL_MODE_CURRENT };
  g_autoptr(KontorFunnel) funnel = NULL;
  KontorFunnelBand *band;

  add_sample (fixture);
  funnel = compute (fixture, &filter);

  /* Current stages: d1 A; d4 B; d2, d10 C; d3 D; d5, d6 won. Lost deals
   * are only beside the funnel. */
  assert_counts (funnel, 1, 1, 2, 1, 2);
  band = kontor_funnel_get_band (funnel, 2);
  g_assert_cmpint (kontor_amounts_get (band->amounts, "RUB"), ==, 200);
  g_assert_cmpint (kontor_amounts_get (band->amounts, "USD"), ==, 1000);
  /* 1/1, 2/1, 1/2, 2/1 */
  g_assert_cmpint (kontor_funnel_get_band (funnel, 1)->conversion_prev, ==, 10000);
  g_assert_cmpint (kontor_funnel_get_band (funnel, 2)->conversion_prev, ==, 20000);
  g_assert_cmpint (kontor_funnel_get_band (funnel, 3)->conversion_prev, ==, 5000);
  g_assert_cmpint (kontor_funnel_get_band (funnel, 4)->conversion_top, ==, 20000);
  g_assert_cmpint (funnel->lost_count, ==, 3);
  g_assert_cmpuint (funnel->lost_by_stage->len, ==, 3);
}

static void
test_filters (Fixture       *fixture,
              gconstpointer  data)
{
  KontorReportFilter filter = { 0, };
  KontorFunnel *funnel;

  add_sample (fixture);

  /* Anna: d1 [A], d2 [C]. Nothing reached D: D/C = 0, Won/D = 0/0 */
  filter.responsible = g_strdup ("Anna");
  funnel = compute (fixture, &filter);
  assert_counts (funnel, 2, 1, 1, 0, 0);
  g_assert_cmpint (kontor_funnel_get_band (funnel, 3)->conversion_prev, ==, 0);
  g_assert_cmpint (kontor_funnel_get_band (funnel, 4)->conversion_prev, ==,
                   KONTOR_CONVERSION_NONE);
  g_assert_cmpint (funnel->lost_count, ==, 0);
  kontor_funnel_free (funnel);
  kontor_report_filter_clear (&filter);

  /* Created in February: d6 [won], d7 [B], d8 [D], d9 [-], d10 [C] */
  filter.period = KONTOR_REPORT_PERIOD_CREATED;
  g_assert_true (kontor_report_parse_date ("2026-02-01", FALSE, &filter.from));
  g_assert_true (kontor_report_parse_date ("2026-02-28", TRUE, &filter.to));
  funnel = compute (fixture, &filter);
  assert_counts (funnel, 4, 4, 3, 2, 1);
  g_assert_cmpint (funnel->lost_count, ==, 3);
  kontor_funnel_free (funnel);

  /* Closed in February: d6 won, d7, d8, d9 lost (d5 closed in January) */
  filter.period = KONTOR_REPORT_PERIOD_CLOSED;
  funnel = compute (fixture, &filter);
  assert_counts (funnel, 3, 3, 2, 2, 1);
  kontor_funnel_free (funnel);

  /* Created in January: d1 [A], d2 [C], d3 [D], d4 [C], d5 [won] */
  filter.period = KONTOR_REPORT_PERIOD_CREATED;
  g_assert_true (kontor_report_parse_date ("2026-01-01", FALSE, &filter.from));
  g_assert_true (kontor_report_parse_date ("2026-01-31", TRUE, &filter.to));
  funnel = compute (fixture, &filter);
  assert_counts (funnel, 5, 4, 4, 2, 1);
  kontor_funnel_free (funnel);
}

/* A period wide enough for every deal is added up in C (tally_rows), the
 * whole pipeline by GROUP BY: both must give the same funnel */
static void
test_period_matches_all (Fixture       *fixture,
                         gconstpointer  data)
{
  KontorReportFilter filter = { 0, };
  g_autoptr(KontorFunnel) all = NULL;
  g_autoptr(KontorFunnel) period = NULL;
  g_autofree char *all_text = NULL;
  g_autofree char *period_text = NULL;

  add_sample (fixture);
  all = compute (fixture, &filter);

  filter.period = KONTOR_REPORT_PERIOD_CREATED;
  g_assert_true (kontor_report_parse_date ("2000-01-01", FALSE, &filter.from));
  g_assert_true (kontor_report_parse_date ("2100-12-31", TRUE, &filter.to));
  period = compute (fixture, &filter);

  g_assert_cmpint (period->total_deals, ==, all->total_deals);
  g_assert_cmpint (period->lost_count, ==, all->lost_count);
  g_assert_cmpuint (period->lost_by_reason->len, ==, all->lost_by_reason->len);
  for (guint i = 0; i < all->bands->len; i++)
    {
      KontorFunnelBand *a = kontor_funnel_get_band (all, i);
      KontorFunnelBand *p = kontor_funnel_get_band (period, i);

      g_assert_cmpint (p->count, ==, a->count);
      g_assert_cmpint (kontor_amounts_get (p->amounts, "RUB"), ==,
                       kontor_amounts_get (a->amounts, "RUB"));
      g_assert_cmpint (kontor_amounts_get (p->amounts, "USD"), ==,
                       kontor_amounts_get (a->amounts, "USD"));
    }
  for (guint i = 0; i < all->lost_by_reason->len; i++)
    {
      KontorFunnelBand *a = g_ptr_array_index (all->lost_by_reason, i);
      KontorFunnelBand *p = g_ptr_array_index (period->lost_by_reason, i);

      g_assert_cmpstr (p->name, ==, a->name);
      g_assert_cmpint (p->count, ==, a->count);
    }
  g_assert_cmpstr (period->main_currency, ==, all->main_currency);
}

static void
test_empty_pipeline (Fixture       *fixture,
                     gconstpointer  data)
{
  g_autoptr(KontorEntity) pipeline = KONTOR_ENTITY (kontor_pipeline_new ());
  g_autoptr(GError) error = NULL;
  KontorReportFilter filter = { 0, };
  g_autoptr(KontorFunnel) funnel = NULL;
  g_autoptr(KontorFunnel) unused = NULL;
  KontorFunnelBand *band;

  kontor_entity_set_text (pipeline, "name", "Empty");
  kontor_repository_save (fixture->repo, pipeline, &error);
  g_assert_no_error (error);
  add_sample (fixture);

  filter.pipeline_id = kontor_entity_get_id (pipeline);
  funnel = compute (fixture, &filter);
  g_assert_cmpstr (funnel->pipeline_name, ==, "Empty");
  g_assert_cmpuint (funnel->bands->len, ==, 1);
  band = kontor_funnel_get_band (funnel, 0);
  g_assert_true (band->won);
  g_assert_cmpint (band->count, ==, 0);
  g_assert_cmpint (band->conversion_top, ==, KONTOR_CONVERSION_NONE);
  g_assert_cmpint (funnel->total_deals, ==, 0);
  g_assert_cmpuint (funnel->lost_by_stage->len, ==, 0);

  /* A band without deals shows a zero in money, not a bare "0" */
  {
    g_autofree char *zero = kontor_funnel_format_sum (funnel, band->amounts);
    g_autofree char *expected = kontor_money_format (0, funnel->main_currency);

    g_assert_cmpstr (zero, !=, "0");
    g_assert_cmpstr (zero, ==, expected);
  }

  /* No deals at all in the default pipeline of a fresh file: zeros, no
   * conversion anywhere */
  filter.pipeline_id = 0;
  filter.responsible = g_strdup ("Nobody");
  unused = compute (fixture, &filter);
  assert_counts (unused, 0, 0, 0, 0, 0);
  for (guint i = 0; i < 5; i++)
    {
      g_assert_cmpint (kontor_funnel_get_band (unused, i)->conversion_prev, ==,
                       KONTOR_CONVERSION_NONE);
      g_assert_cmpint (kontor_funnel_get_band (unused, i)->conversion_top, ==,
                       KONTOR_CONVERSION_NONE);
    }
  kontor_report_filter_clear (&filter);

  /* A pipeline that does not exist */
  filter.pipeline_id = 999;
  g_assert_null (kontor_funnel_compute (fixture->repo, &filter, NULL, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND);
}

static void
test_one_stage (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(KontorEntity) pipeline = KONTOR_ENTITY (kontor_pipeline_new ());
  g_autoptr(KontorEntity) stage = KONTOR_ENTITY (kontor_stage_new ());
  g_autoptr(KontorEntity) deal = KONTOR_ENTITY (kontor_deal_new ());
  g_autoptr(GError) error = NULL;
  KontorReportFilter filter = { 0, };
  g_autoptr(KontorFunnel) funnel = NULL;

  kontor_entity_set_text (pipeline, "name", "Single");
  kontor_repository_save (fixture->repo, pipeline, &error);
  g_assert_no_error (error);
  kontor_entity_set_int (stage, "pipeline", kontor_entity_get_id (pipeline));
  kontor_entity_set_text (stage, "name", "Only");
  kontor_entity_set_text (stage, "semantics", "open");
  kontor_repository_save (fixture->repo, stage, &error);
  g_assert_no_error (error);

  kontor_entity_set_text (deal, "title", "Alone");
  kontor_entity_set_text (deal, "currency", "EUR");
  kontor_entity_set_int (deal, "amount", 4200);
  kontor_entity_set_int (deal, "pipeline", kontor_entity_get_id (pipeline));
  kontor_repository_save (fixture->repo, deal, &error);
  g_assert_no_error (error);

  filter.pipeline_id = kontor_entity_get_id (pipeline);
  funnel = compute (fixture, &filter);
  /* Only: 1 deal, 100 % from the top; Won (no won stage): 0, 0/1 = 0 % */
  g_assert_cmpuint (funnel->bands->len, ==, 2);
  g_assert_cmpstr (kontor_funnel_get_band (funnel, 0)->name, ==, "Only");
  g_assert_cmpint (kontor_funnel_get_band (funnel, 0)->count, ==, 1);
  g_assert_cmpint (kontor_funnel_get_band (funnel, 0)->conversion_top, ==, 10000);
  g_assert_cmpint (kontor_funnel_get_band (funnel, 1)->count, ==, 0);
  g_assert_cmpint (kontor_funnel_get_band (funnel, 1)->conversion_prev, ==, 0);
  g_assert_cmpstr (funnel->main_currency, ==, "EUR");
  g_assert_cmpint (kontor_funnel_band_get_value (funnel, kontor_funnel_get_band (funnel, 0),
                                                 TRUE), ==, 4200);
}

static void
test_reorder (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(KontorEntity) stage = NULL;
  g_autoptr(GError) error = NULL;
  KontorReportFilter filter = { 0, };
  g_autoptr(KontorFunnel) funnel = NULL;

  add_sample (fixture);

  /* Proposal (C) moves after Negotiation (D): order A B D C. d4 (A → C → B)
   * still reached C, now the last open stage; d3 (A → D) reached D only. */
  stage = kontor_repository_find (fixture->repo, KONTOR_TYPE_STAGE, fixture->stages[C], &error);
  g_assert_no_error (error);
  kontor_entity_set_int (stage, "position", 35);
  kontor_repository_save (fixture->repo, stage, &error);
  g_assert_no_error (error);

  funnel = compute (fixture, &filter);
  g_assert_cmpstr (kontor_funnel_get_band (funnel, 2)->name, ==, "Negotiation");
  g_assert_cmpstr (kontor_funnel_get_band (funnel, 3)->name, ==, "Proposal");
  /* A 9; B 8; D: d2 [C], d3 [D], d4 [C], d10 [C], d8 [C now], won 2 = 7
   * (d7 [B] out); C: d2, d4, d10, d8, won 2 = 6 */
  assert_counts (funnel, 9, 8, 7, 6, 2);
}

static void
test_conversion (void)
{
  g_autofree char *none = kontor_conversion_format (KONTOR_CONVERSION_NONE);

  g_assert_cmpint (kontor_conversion (5, 0), ==, KONTOR_CONVERSION_NONE);
  g_assert_cmpint (kontor_conversion (0, 0), ==, KONTOR_CONVERSION_NONE);
  g_assert_cmpint (kontor_conversion (0, 7), ==, 0);
  g_assert_cmpint (kontor_conversion (1, 3), ==, 3333);
  g_assert_cmpint (kontor_conversion (2, 3), ==, 6667);
  g_assert_cmpint (kontor_conversion (1, 20000), ==, 1);   /* 0.5 bp rounds up */
  g_assert_cmpstr (none, ==, "—");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/funnel/history/counts-furthest-stage-reached", test_history);
  ADD ("/funnel/classic/counts-current-stage", test_classic);
  ADD ("/funnel/filters/responsible-created-closed", test_filters);
  ADD ("/funnel/filters/wide-period-matches-whole-pipeline", test_period_matches_all);
  ADD ("/funnel/empty-pipeline-has-only-won-band", test_empty_pipeline);
  ADD ("/funnel/one-stage-pipeline", test_one_stage);
  ADD ("/funnel/reordered-stages-change-furthest", test_reorder);
  g_test_add_func ("/funnel/conversion/zero-division", test_conversion);

  return g_test_run ();
}
