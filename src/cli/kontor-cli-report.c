/* kontor-cli-report.c: report funnel, report sales
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "kontor-chart-render.h"
#include "kontor-cli-private.h"
#include "kontor-funnel-render.h"
#include "kontor-funnel.h"
#include "kontor-sales-report.h"

/* Pads to a width in characters (not bytes), for Cyrillic columns */
static void
print_cell (const char *text,
            int         width,
            gboolean    right)
{
  int pad = MAX (0, width - (int) g_utf8_strlen (text, -1));

  if (right)
    g_print ("%*s%s ", pad, "", text);
  else
    g_print ("%s%*s ", text, pad, "");
}

static JsonNode *
amounts_to_json (GArray *amounts)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; amounts != NULL && i < amounts->len; i++)
    {
      KontorAmount *a = &g_array_index (amounts, KontorAmount, i);
      g_autofree char *plain = kontor_money_to_plain (a->amount, a->currency);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "currency");
      json_builder_add_string_value (builder, a->currency);
      json_builder_set_member_name (builder, "amount");
      json_builder_add_string_value (builder, plain);
      json_builder_set_member_name (builder, "minor");
      json_builder_add_int_value (builder, a->amount);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static void
add_conversion (JsonBuilder *builder,
                const char  *name,
                int          conversion)
{
  json_builder_set_member_name (builder, name);
  if (conversion == KONTOR_CONVERSION_NONE)
    json_builder_add_null_value (builder);
  else
    json_builder_add_int_value (builder, conversion);
}

static JsonNode *
band_to_json (KontorFunnelBand *band,
              gboolean          with_conversion)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "stage_id");
  if (band->stage_id != 0)
    json_builder_add_int_value (builder, band->stage_id);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "name");
  json_builder_add_string_value (builder, band->name);
  if (with_conversion)
    {
      json_builder_set_member_name (builder, "won");
      json_builder_add_boolean_value (builder, band->won);
    }
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, band->count);
  json_builder_set_member_name (builder, "amounts");
  json_builder_add_value (builder, amounts_to_json (band->amounts));
  if (with_conversion)
    {
      /* basis points: 10000 = 100 %; null when divided by zero */
      add_conversion (builder, "conversion_prev_bp", band->conversion_prev);
      add_conversion (builder, "conversion_top_bp", band->conversion_top);
    }
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
funnel_to_json (KontorFunnel *funnel)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "pipeline_id");
  json_builder_add_int_value (builder, funnel->pipeline_id);
  json_builder_set_member_name (builder, "pipeline");
  json_builder_add_string_value (builder, funnel->pipeline_name);
  json_builder_set_member_name (builder, "mode");
  json_builder_add_string_value (builder, funnel->mode == KONTOR_FUNNEL_MODE_HISTORY
                                          ? "history" : "current");
  json_builder_set_member_name (builder, "main_currency");
  json_builder_add_string_value (builder, funnel->main_currency);
  json_builder_set_member_name (builder, "deals");
  json_builder_add_int_value (builder, funnel->total_deals);

  json_builder_set_member_name (builder, "bands");
  json_builder_begin_array (builder);
  for (guint i = 0; i < funnel->bands->len; i++)
    json_builder_add_value (builder, band_to_json (g_ptr_array_index (funnel->bands, i), TRUE));
  json_builder_end_array (builder);

  json_builder_set_member_name (builder, "lost");
  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "count");
  json_builder_add_int_value (builder, funnel->lost_count);
  json_builder_set_member_name (builder, "amounts");
  json_builder_add_value (builder, amounts_to_json (funnel->lost_amounts));
  json_builder_set_member_name (builder, "by_stage");
  json_builder_begin_array (builder);
  for (guint i = 0; i < funnel->lost_by_stage->len; i++)
    json_builder_add_value (builder, band_to_json (g_ptr_array_index (funnel->lost_by_stage, i),
                                                   FALSE));
  json_builder_end_array (builder);
  json_builder_set_member_name (builder, "by_reason");
  json_builder_begin_array (builder);
  for (guint i = 0; i < funnel->lost_by_reason->len; i++)
    {
      KontorFunnelBand *band = g_ptr_array_index (funnel->lost_by_reason, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "reason");
      if (band->reason)
        json_builder_add_string_value (builder, band->reason);
      else
        json_builder_add_null_value (builder);
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, band->count);
      json_builder_set_member_name (builder, "amounts");
      json_builder_add_value (builder, amounts_to_json (band->amounts));
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);

  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

static void
print_funnel (KontorFunnel *funnel)
{
  g_autofree char *lost_sum = kontor_funnel_format_sum (funnel, funnel->lost_amounts);

  if (funnel->mode == KONTOR_FUNNEL_MODE_HISTORY)
    g_print (_("Funnel of “%s”: furthest stage reached, %" PRId64 " deals\n"),
             funnel->pipeline_name, funnel->total_deals);
  else
    g_print (_("Deals of “%s” by current stage, %" PRId64 " deals\n"),
             funnel->pipeline_name, funnel->total_deals);

  print_cell (_("Stage"), 22, FALSE);
  print_cell (_("Deals"), 7, TRUE);
  print_cell (_("Amount"), 26, TRUE);
  print_cell (_("Of previous"), 12, TRUE);
  print_cell (_("Of top"), 9, TRUE);
  g_print ("\n");

  for (guint i = 0; i < funnel->bands->len; i++)
    {
      KontorFunnelBand *band = g_ptr_array_index (funnel->bands, i);
      g_autofree char *count = g_strdup_printf ("%" PRId64, band->count);
      g_autofree char *sum = kontor_funnel_format_sum (funnel, band->amounts);
      g_autofree char *prev = kontor_conversion_format (band->conversion_prev);
      g_autofree char *top = kontor_conversion_format (band->conversion_top);

      print_cell (band->name, 22, FALSE);
      print_cell (count, 7, TRUE);
      print_cell (sum, 26, TRUE);
      print_cell (prev, 12, TRUE);
      print_cell (top, 9, TRUE);
      g_print ("\n");
    }

  g_print ("\n");
  g_print (_("Lost: %" PRId64 " (%s)\n"), funnel->lost_count, lost_sum);
  for (guint i = 0; i < funnel->lost_by_stage->len; i++)
    {
      KontorFunnelBand *band = g_ptr_array_index (funnel->lost_by_stage, i);
      g_autofree char *sum = kontor_funnel_format_sum (funnel, band->amounts);

      g_print (_("  at %s: %" PRId64 " (%s)\n"), band->name, band->count, sum);
    }
  for (guint i = 0; i < funnel->lost_by_reason->len; i++)
    {
      KontorFunnelBand *band = g_ptr_array_index (funnel->lost_by_reason, i);
      g_autofree char *sum = kontor_funnel_format_sum (funnel, band->amounts);

      g_print (_("  reason %s: %" PRId64 " (%s)\n"), band->name, band->count, sum);
    }
}

/* --from/--to/--period/--responsible/--pipeline, shared by both reports */
static gboolean
parse_filter (Cli                 *cli,
              gboolean             with_pipeline,
              KontorReportFilter  *filter,
              GError             **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *period = NULL;
  g_autofree char *pipeline = NULL;

  if (!take_option (cli, "--from", TRUE, &from, NULL, error) ||
      !take_option (cli, "--to", TRUE, &to, NULL, error) ||
      !take_option (cli, "--period", TRUE, &period, NULL, error) ||
      !take_option (cli, "--responsible", TRUE, &filter->responsible, NULL, error) ||
      !take_option (cli, "--pipeline", TRUE, &pipeline, NULL, error))
    return FALSE;

  if (from && !kontor_report_parse_date (from, FALSE, &filter->from))
    return usage_error (error, _("--from takes a date YYYY-MM-DD"));
  if (to && !kontor_report_parse_date (to, TRUE, &filter->to))
    return usage_error (error, _("--to takes a date YYYY-MM-DD"));

  if (from || to)
    filter->period = KONTOR_REPORT_PERIOD_CREATED;
  if (period != NULL)
    {
      if (g_str_equal (period, "created"))
        filter->period = KONTOR_REPORT_PERIOD_CREATED;
      else if (g_str_equal (period, "closed"))
        filter->period = KONTOR_REPORT_PERIOD_CLOSED;
      else
        return usage_error (error, _("--period takes created or closed"));
    }

  if (pipeline != NULL)
    {
      g_autoptr(KontorEntity) found = NULL;
      gint64 id;

      if (!with_pipeline)
        return usage_error (error, _("Unknown option “%s”"), "--pipeline");
      if (g_ascii_string_to_signed (pipeline, 10, 1, G_MAXINT64, &id, NULL))
        found = kontor_repository_find (cli->repository, KONTOR_TYPE_PIPELINE, id, error);
      else
        found = kontor_repository_find_by_name (cli->repository, KONTOR_TYPE_PIPELINE, pipeline,
                                                0, error);
      if (found == NULL)
        return FALSE;
      filter->pipeline_id = kontor_entity_get_id (found);
    }

  return TRUE;
}

static gboolean
report_funnel (Cli     *cli,
               GError **error)
{
  KontorReportFilter filter = { 0, };
  g_autoptr(KontorFunnel) funnel = NULL;
  g_autofree char *by = NULL;
  g_autofree char *mode = NULL;
  g_autofree char *size = NULL;
  char *files[3] = { NULL, NULL, NULL };
  gboolean json = FALSE, by_amount = FALSE, ok = FALSE;
  gint64 width = 1000, height = 700;

  if (!parse_filter (cli, TRUE, &filter, error) ||
      !take_option (cli, "--by", TRUE, &by, NULL, error) ||
      !take_option (cli, "--mode", TRUE, &mode, NULL, error) ||
      !take_option (cli, "--size", TRUE, &size, NULL, error) ||
      !take_option (cli, "--png", TRUE, &files[0], NULL, error) ||
      !take_option (cli, "--svg", TRUE, &files[1], NULL, error) ||
      !take_option (cli, "--pdf", TRUE, &files[2], NULL, error) ||
      !take_option (cli, "--json", FALSE, NULL, &json, error) ||
      !no_more_options (cli, error))
    goto out;

  if (cli->argc > 0)
    {
      usage_error (error, _("Unexpected argument “%s”"), cli->argv[0]);
      goto out;
    }
  if (by != NULL && !g_str_equal (by, "count") && !g_str_equal (by, "amount"))
    {
      usage_error (error, _("--by takes count or amount"));
      goto out;
    }
  by_amount = g_strcmp0 (by, "amount") == 0;
  if (mode != NULL && !g_str_equal (mode, "history") && !g_str_equal (mode, "current"))
    {
      usage_error (error, _("--mode takes history or current"));
      goto out;
    }
  filter.mode = g_strcmp0 (mode, "current") == 0 ? KONTOR_FUNNEL_MODE_CURRENT
                                                 : KONTOR_FUNNEL_MODE_HISTORY;
  if (size != NULL)
    {
      g_auto(GStrv) parts = g_strsplit (size, "x", 2);

      if (g_strv_length (parts) != 2 ||
          !g_ascii_string_to_signed (parts[0], 10, 100, 10000, &width, NULL) ||
          !g_ascii_string_to_signed (parts[1], 10, 100, 10000, &height, NULL))
        {
          usage_error (error, _("--size takes WIDTHxHEIGHT, 100 to 10000 each"));
          goto out;
        }
    }

  funnel = kontor_funnel_compute (cli->repository, &filter, NULL, error);
  if (funnel == NULL)
    goto out;

  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    {
      if (files[i] == NULL)
        continue;
      if (!kontor_funnel_render_to_file (funnel, files[i], (KontorRenderFormat) i, (int) width,
                                         (int) height, by_amount, error))
        goto out;
      if (!json)
        g_print (_("Wrote %s\n"), files[i]);
    }

  if (json)
    {
      g_autoptr(JsonNode) root = funnel_to_json (funnel);

      print_json (root);
    }
  else if (files[0] == NULL && files[1] == NULL && files[2] == NULL)
    print_funnel (funnel);

  ok = TRUE;

out:
  kontor_report_filter_clear (&filter);
  for (guint i = 0; i < G_N_ELEMENTS (files); i++)
    g_free (files[i]);
  return ok;
}

static JsonNode *
rows_to_json (GPtrArray *rows,
              gboolean   leads)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_array (builder);
  for (guint i = 0; i < rows->len; i++)
    {
      KontorReportRow *row = g_ptr_array_index (rows, i);

      json_builder_begin_object (builder);
      json_builder_set_member_name (builder, "key");
      json_builder_add_string_value (builder, row->key);
      json_builder_set_member_name (builder, "label");
      json_builder_add_string_value (builder, row->label);
      json_builder_set_member_name (builder, "count");
      json_builder_add_int_value (builder, row->count);
      if (leads)
        {
          json_builder_set_member_name (builder, "converted");
          json_builder_add_int_value (builder, row->converted);
          add_conversion (builder, "conversion_bp", row->conversion);
        }
      else
        {
          json_builder_set_member_name (builder, "amounts");
          json_builder_add_value (builder, amounts_to_json (row->amounts));
        }
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);

  return json_builder_get_root (builder);
}

static JsonNode *
sales_to_json (KontorSalesReport *report)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  json_builder_begin_object (builder);
  json_builder_set_member_name (builder, "won");
  json_builder_add_int_value (builder, report->won_count);
  json_builder_set_member_name (builder, "lost");
  json_builder_add_int_value (builder, report->lost_count);
  add_conversion (builder, "win_rate_bp", report->win_rate);
  json_builder_set_member_name (builder, "revenue");
  json_builder_add_value (builder, amounts_to_json (report->revenue));
  json_builder_set_member_name (builder, "average_deal");
  json_builder_add_value (builder, amounts_to_json (report->average_deal));
  json_builder_set_member_name (builder, "average_cycle_seconds");
  if (report->average_cycle >= 0)
    json_builder_add_int_value (builder, report->average_cycle);
  else
    json_builder_add_null_value (builder);
  json_builder_set_member_name (builder, "main_currency");
  json_builder_add_string_value (builder, report->main_currency);
  json_builder_set_member_name (builder, "by_month");
  json_builder_add_value (builder, rows_to_json (report->by_month, FALSE));
  json_builder_set_member_name (builder, "by_manager");
  json_builder_add_value (builder, rows_to_json (report->by_manager, FALSE));
  json_builder_set_member_name (builder, "by_product");
  json_builder_add_value (builder, rows_to_json (report->by_product, FALSE));
  json_builder_set_member_name (builder, "lead_sources");
  json_builder_add_value (builder, rows_to_json (report->lead_sources, TRUE));
  json_builder_set_member_name (builder, "overdue_activities");
  json_builder_add_value (builder, rows_to_json (report->overdue, FALSE));
  json_builder_end_object (builder);

  return json_builder_get_root (builder);
}

static void
print_rows (const char *title,
            GPtrArray  *rows,
            gboolean    leads,
            gboolean    quantities,
            const char *currency)
{
  g_print ("\n%s\n", title);
  if (rows->len == 0)
    g_print ("  —\n");

  for (guint i = 0; i < rows->len; i++)
    {
      KontorReportRow *row = g_ptr_array_index (rows, i);
      g_autofree char *count = quantities ? kontor_quantity_to_plain (row->count)
                                          : g_strdup_printf ("%" PRId64, row->count);
      g_autofree char *value = NULL;

      if (leads)
        {
          g_autofree char *percent = kontor_conversion_format (row->conversion);

          value = g_strdup_printf (_("%" PRId64 " converted, %s"), row->converted,
                                   percent);
        }
      else if (currency == NULL && (row->amounts == NULL || row->amounts->len == 0))
        value = g_strdup ("");  /* a count only, as overdue activities */
      else
        value = kontor_amounts_format_in (row->amounts, currency);

      g_print ("  ");
      print_cell (row->label, 28, FALSE);
      print_cell (count, 8, TRUE);
      g_print ("%s\n", value);
    }
}

static gboolean
report_sales (Cli     *cli,
              GError **error)
{
  KontorReportFilter filter = { 0, };
  g_autoptr(KontorSalesReport) report = NULL;
  g_autofree char *pdf = NULL;
  gboolean json = FALSE, ok = FALSE;

  if (!parse_filter (cli, TRUE, &filter, error) ||
      !take_option (cli, "--pdf", TRUE, &pdf, NULL, error) ||
      !take_option (cli, "--json", FALSE, NULL, &json, error) ||
      !no_more_options (cli, error))
    goto out;
  if (cli->argc > 0)
    {
      usage_error (error, _("Unexpected argument “%s”"), cli->argv[0]);
      goto out;
    }

  report = kontor_sales_report_compute (cli->repository, &filter, NULL, error);
  if (report == NULL)
    goto out;

  if (pdf != NULL)
    {
      g_autoptr(KontorFunnel) funnel = NULL;

      funnel = kontor_funnel_compute (cli->repository, &filter, NULL, error);
      if (funnel == NULL || !kontor_reports_render_pdf (funnel, report, FALSE, pdf, error))
        goto out;
    }

  if (json)
    {
      g_autoptr(JsonNode) root = sales_to_json (report);

      print_json (root);
    }
  else
    {
      g_auto(GStrv) figures = kontor_sales_report_dup_figures (report);

      for (guint i = 0; figures[i] != NULL && figures[i + 1] != NULL; i += 2)
        {
          print_cell (figures[i], 24, FALSE);
          g_print ("%s\n", figures[i + 1]);
        }
      print_rows (_("Revenue by month"), report->by_month, FALSE, FALSE,
                  report->main_currency);
      print_rows (_("Revenue by manager"), report->by_manager, FALSE, FALSE,
                  report->main_currency);
      print_rows (_("Revenue by product (paid invoices)"), report->by_product, FALSE, TRUE,
                  report->main_currency);
      print_rows (_("Leads by source"), report->lead_sources, TRUE, FALSE, NULL);
      print_rows (_("Overdue activities by manager"), report->overdue, FALSE, FALSE, NULL);
    }

  ok = TRUE;

out:
  kontor_report_filter_clear (&filter);
  return ok;
}

gboolean
cmd_report (Cli     *cli,
            GError **error)
{
  const char *which;

  if (cli->argc < 1)
    return usage_error (error, _("Usage: kontor-cli report funnel|sales [OPTION…]"));

  which = cli->argv[0];
  cli->argc--;
  cli->argv++;

  if (g_str_equal (which, "funnel"))
    return report_funnel (cli, error);
  if (g_str_equal (which, "sales"))
    return report_sales (cli, error);

  return usage_error (error, _("Unknown report “%s”: funnel or sales"), which);
}
