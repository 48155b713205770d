/* kontor-reports-page.c: the funnel and the sales analysis
 *
 * The figures are computed in a worker thread on a connection of its own
 * (WAL lets it read while the window writes); a new filter cancels the
 * computation under way. Charts are drawn by the core renderers in the
 * colours of the style. Everything can be saved: the funnel as PNG, SVG or
 * PDF, each report as CSV, the page as PDF.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-reports-page"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "kontor-chart-render.h"
#include "kontor-core.h"
#include "kontor-funnel-chart.h"
#include "kontor-funnel-render.h"
#include "kontor-funnel.h"
#include "kontor-reports-page.h"
#include "kontor-sales-report.h"

#define N_CHARTS 4

struct _KontorReportsPage
{
  AdwBin             parent_instance;

  KontorRepository  *repository;
  GCancellable      *cancellable;
  guint              refresh_id;
  gboolean           busy;

  GtkDropDown       *pipeline_drop;
  GArray            *pipeline_ids;
  GtkDropDown       *period_drop;
  GtkDropDown       *period_kind_drop;
  GtkWidget         *range_box;      /* From and To, for a custom period */
  GtkMenuButton     *from_button;
  GtkMenuButton     *to_button;
  GtkCalendar       *from_calendar;
  GtkCalendar       *to_calendar;
  GtkDropDown       *manager_drop;
  GtkStringList     *managers;       /* "All managers", then the names */
  gboolean           managers_stale; /* read them again with the next figures */
  GtkToggleButton   *by_amount_button;
  GtkToggleButton   *current_button;
  GtkSpinner        *spinner;
  GtkLabel          *status_label;
  KontorFunnelChart *chart;
  GtkFlowBox        *figures_box;
  GtkWidget         *charts[N_CHARTS];

  KontorSalesReport *report;
  GtkFileChooserNative *chooser;
};

G_DEFINE_FINAL_TYPE (KontorReportsPage, kontor_reports_page, ADW_TYPE_BIN)

static const KontorSalesChart chart_kinds[N_CHARTS] = {
  KONTOR_SALES_CHART_REVENUE_BY_MONTH,
  KONTOR_SALES_CHART_REVENUE_BY_MANAGER,
  KONTOR_SALES_CHART_REVENUE_BY_PRODUCT,
  KONTOR_SALES_CHART_LEAD_CONVERSION,
};

typedef struct
{
  char               *path;
  KontorReportFilter  filter;
  KontorFunnel       *funnel;
  KontorSalesReport  *report;
  gboolean            want_managers;
  char              **managers;
} Job;

static void
job_free (gpointer data)
{
  Job *job = data;

  g_free (job->path);
  kontor_report_filter_clear (&job->filter);
  g_clear_pointer (&job->funnel, kontor_funnel_free);
  g_clear_pointer (&job->report, kontor_sales_report_free);
  g_strfreev (job->managers);
  g_free (job);
}

/* Worker thread: its own connection, both reports */
static void
compute_thread (GTask        *task,
                gpointer      source_object,
                gpointer      task_data,
                GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(KontorRepository) repository = NULL;
  GError *error = NULL;

  repository = kontor_repository_open (job->path, &error);
  if (repository == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job->funnel = kontor_funnel_compute (repository, &job->filter, cancellable, &error);
  if (job->funnel == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  job->report = kontor_sales_report_compute (repository, &job->filter, cancellable, &error);
  if (job->report == NULL)
    {
      g_task_return_error (task, error);
      return;
    }

  if (job->want_managers)
    {
      job->managers = kontor_report_list_managers (repository, &error);
      if (job->managers == NULL)
        {
          g_task_return_error (task, error);
          return;
        }
    }

  g_task_return_boolean (task, TRUE);
}

#define PERIOD_CUSTOM 5

/* Midnight at the start of @date's day, local time */
static GDateTime *
start_of_day (GDateTime *date)
{
  return g_date_time_new_local (g_date_time_get_year (date), g_date_time_get_month (date),
                                g_date_time_get_day_of_month (date), 0, 0, 0);
}

static GDateTime *
calendar_day (GtkCalendar *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);

  return start_of_day (date);
}

static void
period_range (KontorReportsPage *self,
              gint64            *out_from,
              gint64            *out_to)
{
  guint preset = gtk_drop_down_get_selected (self->period_drop);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) month = g_date_time_new_local (g_date_time_get_year (now),
                                                      g_date_time_get_month (now), 1, 0, 0, 0);
  g_autoptr(GDateTime) year = g_date_time_new_local (g_date_time_get_year (now), 1, 1, 0, 0, 0);
  g_autoptr(GDateTime) start = NULL;
  g_autoptr(GDateTime) end = NULL;

  switch (preset)
    {
    case 1:  /* this month */
      start = g_date_time_ref (month);
      end = g_date_time_add_months (month, 1);
      break;
    case 2:  /* the last three months */
      start = g_date_time_add_months (month, -2);
      end = g_date_time_add_months (month, 1);
      break;
    case 3:  /* this year */
      start = g_date_time_ref (year);
      end = g_date_time_add_years (year, 1);
      break;
    case 4:  /* last year */
      start = g_date_time_add_years (year, -1);
      end = g_date_time_ref (year);
      break;
    case PERIOD_CUSTOM:  /* from the first day to the end of the last one, either way round */
      {
        g_autoptr(GDateTime) from = calendar_day (self->from_calendar);
        g_autoptr(GDateTime) to = calendar_day (self->to_calendar);
        gboolean reversed = g_date_time_compare (from, to) > 0;

        start = g_date_time_ref (reversed ? to : from);
        end = g_date_time_add_days (reversed ? from : to, 1);
      }
      break;
    default:
      *out_from = 0;
      *out_to = 0;
      return;
    }

  *out_from = g_date_time_to_unix (start);
  *out_to = g_date_time_to_unix (end);
}

static void
set_busy (KontorReportsPage *self,
          gboolean           busy,
          const char        *message)
{
  self->busy = busy;
  gtk_spinner_set_spinning (self->spinner, busy);
  gtk_widget_set_visible (GTK_WIDGET (self->spinner), busy);
  gtk_label_set_text (self->status_label, message ? message : "");
}

static GtkWidget *
figure_card (const char *label,
             const char *value)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *caption = gtk_label_new (label);
  GtkWidget *number = gtk_label_new (value);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_set_margin_start (caption, 12);
  gtk_widget_set_margin_end (caption, 12);
  gtk_widget_set_margin_top (caption, 10);
  gtk_widget_add_css_class (caption, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (caption), 0);
  gtk_widget_set_margin_start (number, 12);
  gtk_widget_set_margin_end (number, 12);
  gtk_widget_set_margin_bottom (number, 10);
  gtk_widget_add_css_class (number, "title-3");
  gtk_label_set_xalign (GTK_LABEL (number), 0);
  gtk_label_set_selectable (GTK_LABEL (number), TRUE);
  gtk_label_set_wrap (GTK_LABEL (number), TRUE);
  gtk_box_append (GTK_BOX (box), caption);
  gtk_box_append (GTK_BOX (box), number);
  return box;
}

static void
update_chart_description (KontorReportsPage *self,
                          guint              index)
{
  GPtrArray *rows = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  switch (chart_kinds[index])
    {
    case KONTOR_SALES_CHART_REVENUE_BY_MONTH:
      rows = self->report->by_month;
      break;
    case KONTOR_SALES_CHART_REVENUE_BY_MANAGER:
      rows = self->report->by_manager;
      break;
    case KONTOR_SALES_CHART_REVENUE_BY_PRODUCT:
      rows = self->report->by_product;
      break;
    case KONTOR_SALES_CHART_LEAD_CONVERSION:
    case KONTOR_SALES_CHART_OVERDUE:
    default:
      rows = self->report->lead_sources;
      break;
    }

  for (guint i = 0; i < rows->len; i++)
    {
      KontorReportRow *row = g_ptr_array_index (rows, i);
      g_autofree char *value = NULL;

      if (chart_kinds[index] == KONTOR_SALES_CHART_LEAD_CONVERSION)
        value = kontor_conversion_format (row->conversion);
      else if (chart_kinds[index] == KONTOR_SALES_CHART_OVERDUE)
        value = kontor_amounts_format (row->amounts);
      else
        value = kontor_amounts_format_in (row->amounts, self->report->main_currency);
      g_string_append_printf (text, "%s%s: %s", i > 0 ? "; " : "", row->label, value);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self->charts[index]),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  kontor_sales_chart_get_title (chart_kinds[index]),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text->str,
                                  -1);
}

static void
show_report (KontorReportsPage *self)
{
  g_auto(GStrv) figures = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->figures_box))) != NULL)
    gtk_flow_box_remove (self->figures_box, child);

  if (self->report == NULL)
    return;

  figures = kontor_sales_report_dup_figures (self->report);
  for (guint i = 0; figures[i] != NULL && figures[i + 1] != NULL; i += 2)
    gtk_flow_box_append (self->figures_box, figure_card (figures[i], figures[i + 1]));

  for (guint i = 0; i < N_CHARTS; i++)
    {
      update_chart_description (self, i);
      gtk_widget_queue_draw (self->charts[i]);
    }
}

static void on_filter_changed (KontorReportsPage *self);

/* The filter's choices, keeping the chosen manager if still there */
static void
set_managers (KontorReportsPage  *self,
              char              **names)
{
  guint selected = gtk_drop_down_get_selected (self->manager_drop);
  g_autofree char *chosen = NULL;
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->managers));

  if (selected > 0 && selected < n)
    chosen = g_strdup (gtk_string_list_get_string (self->managers, selected));

  g_signal_handlers_block_by_func (self->manager_drop, on_filter_changed, self);
  gtk_string_list_splice (self->managers, 1, n - 1, (const char * const *) names);
  selected = 0;
  for (guint i = 0; chosen != NULL && names[i] != NULL; i++)
    if (g_str_equal (names[i], chosen))
      selected = i + 1;
  gtk_drop_down_set_selected (self->manager_drop, selected);
  g_signal_handlers_unblock_by_func (self->manager_drop, on_filter_changed, self);

  self->managers_stale = FALSE;

  /* The chosen manager has no deals any more: the figures of everybody */
  if (chosen != NULL && selected == 0)
    on_filter_changed (self);
}

static void
compute_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KontorReportsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Job *job = g_task_get_task_data (G_TASK (result));

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_busy (self, FALSE, error->message);
      return;
    }

  set_busy (self, FALSE, NULL);
  if (job->managers != NULL)
    set_managers (self, job->managers);
  kontor_funnel_chart_set_funnel (self->chart, g_steal_pointer (&job->funnel));
  g_clear_pointer (&self->report, kontor_sales_report_free);
  self->report = g_steal_pointer (&job->report);
  show_report (self);
}

static void
refresh (KontorReportsPage *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job = g_new0 (Job, 1);
  guint pipeline = gtk_drop_down_get_selected (self->pipeline_drop);
  guint manager_index = gtk_drop_down_get_selected (self->manager_drop);
  const char *path = kontor_repository_get_path (self->repository);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  job->path = g_strdup (path);
  if (self->pipeline_ids != NULL && pipeline < self->pipeline_ids->len)
    job->filter.pipeline_id = g_array_index (self->pipeline_ids, gint64, pipeline);
  job->filter.mode = gtk_toggle_button_get_active (self->current_button)
                     ? KONTOR_FUNNEL_MODE_CURRENT : KONTOR_FUNNEL_MODE_HISTORY;
  period_range (self, &job->filter.from, &job->filter.to);
  if (job->filter.from != 0 || job->filter.to != 0)
    job->filter.period = gtk_drop_down_get_selected (self->period_kind_drop) == 1
                         ? KONTOR_REPORT_PERIOD_CLOSED : KONTOR_REPORT_PERIOD_CREATED;
  if (manager_index > 0 &&
      manager_index < g_list_model_get_n_items (G_LIST_MODEL (self->managers)))
    job->filter.responsible = g_strdup (gtk_string_list_get_string (self->managers,
                                                                    manager_index));
  job->want_managers = self->managers_stale;

  set_busy (self, TRUE, _("Calculating…"));

  task = g_task_new (NULL, self->cancellable, compute_cb, g_object_ref (self));
  g_task_set_source_tag (task, refresh);
  g_task_set_task_data (task, job, job_free);
  g_task_run_in_thread (task, compute_thread);
}

static gboolean
refresh_timeout_cb (gpointer user_data)
{
  KontorReportsPage *self = user_data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (KontorReportsPage *self)
{
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->refresh_id = g_timeout_add (300, refresh_timeout_cb, self);
}

static void
load_pipelines (KontorReportsPage *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(KontorListModel) pipelines = kontor_list_model_new (self->repository,
                                                                KONTOR_TYPE_PIPELINE);
  gint64 default_id = kontor_repository_get_default_pipeline (self->repository);
  guint selected = 0;

  kontor_list_model_set_sort (pipelines, "position", FALSE, NULL);
  g_clear_pointer (&self->pipeline_ids, g_array_unref);
  self->pipeline_ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pipelines)); i++)
    {
      g_autoptr(KontorEntity) pipeline = g_list_model_get_item (G_LIST_MODEL (pipelines), i);
      gint64 id = kontor_entity_get_id (pipeline);

      if (id == default_id)
        selected = i;
      g_array_append_val (self->pipeline_ids, id);
      gtk_string_list_append (names, kontor_entity_get_text (pipeline, "name"));
    }

  gtk_drop_down_set_model (self->pipeline_drop, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->pipeline_drop, selected);
}

/* Saving ------------------------------------------------------------------ */

static void
csv_field (GString    *out,
           const char *text,
           gboolean    last)
{
  if (text == NULL)
    text = "";
  if (strpbrk (text, ",\"\n\r") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = text; *p; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else
    g_string_append (out, text);
  g_string_append (out, last ? "\r\n" : ",");
}

static void
csv_amounts (GString    *out,
             const char *label,
             const char *count,
             GArray     *amounts,
             const char *extra1,
             const char *extra2)
{
  for (guint i = 0; i == 0 || i < amounts->len; i++)
    {
      g_autofree char *plain = NULL;
      const char *currency = "";

      if (i < amounts->len)
        {
          KontorAmount *a = &g_array_index (amounts, KontorAmount, i);

          plain = kontor_money_to_plain (a->amount, a->currency);
          currency = a->currency;
        }
      csv_field (out, label, FALSE);
      csv_field (out, count, FALSE);
      csv_field (out, plain, FALSE);
      csv_field (out, currency, extra1 == NULL);
      if (extra1 != NULL)
        {
          csv_field (out, extra1, FALSE);
          csv_field (out, extra2, TRUE);
        }
    }
}

static char *
build_csv (KontorReportsPage *self,
           const char        *which)
{
  GString *out = g_string_new (NULL);
  KontorFunnel *funnel = kontor_funnel_chart_get_funnel (self->chart);

  if (g_str_equal (which, "funnel") && funnel != NULL)
    {
      g_string_append (out, "stage,deals,amount,currency,of_previous_percent,of_top_percent\r\n");
      for (guint i = 0; i < funnel->bands->len; i++)
        {
          KontorFunnelBand *band = g_ptr_array_index (funnel->bands, i);
          g_autofree char *count = g_strdup_printf ("%" PRId64, band->count);
          g_autofree char *prev = band->conversion_prev == KONTOR_CONVERSION_NONE ? g_strdup ("")
            : g_strdup_printf ("%d.%02d", band->conversion_prev / 100, band->conversion_prev % 100);
          g_autofree char *top = band->conversion_top == KONTOR_CONVERSION_NONE ? g_strdup ("")
            : g_strdup_printf ("%d.%02d", band->conversion_top / 100, band->conversion_top % 100);

          csv_amounts (out, band->name, count, band->amounts, prev, top);
        }
      for (guint i = 0; i < funnel->lost_by_stage->len; i++)
        {
          KontorFunnelBand *band = g_ptr_array_index (funnel->lost_by_stage, i);
          g_autofree char *count = g_strdup_printf ("%" PRId64, band->count);
          g_autofree char *label = g_strdup_printf (_("Lost at %s"), band->name);

          csv_amounts (out, label, count, band->amounts, "", "");
        }
    }
  else if (self->report != NULL && g_str_equal (which, "leads"))
    {
      g_string_append (out, "source,leads,converted,conversion_percent\r\n");
      for (guint i = 0; i < self->report->lead_sources->len; i++)
        {
          KontorReportRow *row = g_ptr_array_index (self->report->lead_sources, i);
          g_autofree char *count = g_strdup_printf ("%" PRId64, row->count);
          g_autofree char *converted = g_strdup_printf ("%" PRId64, row->converted);
          g_autofree char *percent = row->conversion == KONTOR_CONVERSION_NONE ? g_strdup ("")
            : g_strdup_printf ("%d.%02d", row->conversion / 100, row->conversion % 100);

          csv_field (out, row->label, FALSE);
          csv_field (out, count, FALSE);
          csv_field (out, converted, FALSE);
          csv_field (out, percent, TRUE);
        }
    }
  else if (self->report != NULL)
    {
      GPtrArray *rows = g_str_equal (which, "month") ? self->report->by_month
                        : g_str_equal (which, "manager") ? self->report->by_manager
                        : g_str_equal (which, "product") ? self->report->by_product
                        : self->report->overdue;

      g_string_append (out, "name,count,amount,currency\r\n");
      for (guint i = 0; i < rows->len; i++)
        {
          KontorReportRow *row = g_ptr_array_index (rows, i);
          g_autofree char *count = rows == self->report->by_product
                                   ? kontor_quantity_to_plain (row->count)
                                   : g_strdup_printf ("%" PRId64, row->count);

          csv_amounts (out, row->label, count, row->amounts, NULL, NULL);
        }
    }

  return g_string_free (out, FALSE);
}

static void
on_chooser_response (GtkNativeDialog   *dialog,
                     int                response,
                     KontorReportsPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  const char *kind = g_object_get_data (G_OBJECT (dialog), "kontor-kind");
  const char *which = g_object_get_data (G_OBJECT (dialog), "kontor-which");
  KontorFunnel *funnel = kontor_funnel_chart_get_funnel (self->chart);
  gboolean by_amount = kontor_funnel_chart_get_by_amount (self->chart);

  if (response != GTK_RESPONSE_ACCEPT)
    goto out;

  file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  path = file ? g_file_get_path (file) : NULL;
  if (path == NULL)
    goto out;

  if (g_str_equal (kind, "funnel") && funnel != NULL)
    {
      KontorRenderFormat format = KONTOR_RENDER_PNG;

      kontor_render_format_from_path (path, &format);
      if (g_str_equal (which, "svg"))
        format = KONTOR_RENDER_SVG;
      else if (g_str_equal (which, "pdf"))
        format = KONTOR_RENDER_PDF;
      kontor_funnel_render_to_file (funnel, path, format, 1200, 800, by_amount, &error);
    }
  else if (g_str_equal (kind, "pdf") && self->report != NULL)
    kontor_reports_render_pdf (funnel, self->report, by_amount, path, &error);
  else if (g_str_equal (kind, "csv"))
    {
      g_autofree char *csv = build_csv (self, which);

      g_file_set_contents (path, csv, -1, &error);
    }

  if (error != NULL)
    set_busy (self, FALSE, error->message);
  else
    {
      g_autofree char *message = g_strdup_printf (_("Saved %s"), path);

      set_busy (self, FALSE, message);
    }

out:
  g_clear_object (&self->chooser);
}

static void
save_as (KontorReportsPage *self,
         const char        *kind,
         const char        *which,
         const char        *title,
         const char        *name)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root) ? GTK_WINDOW (root)
                                                                            : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"),
                                               _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  g_object_set_data_full (G_OBJECT (self->chooser), "kontor-kind", g_strdup (kind), g_free);
  g_object_set_data_full (G_OBJECT (self->chooser), "kontor-which", g_strdup (which), g_free);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
export_funnel_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KontorReportsPage *self = KONTOR_REPORTS_PAGE (widget);
  const char *format = g_variant_get_string (parameter, NULL);
  /* Translators: the file name offered when saving the funnel, without extension */
  g_autofree char *name = g_strdup_printf ("%s.%s", _("funnel"), format);

  save_as (self, "funnel", format, _("Save the Funnel"), name);
}

static void
export_csv_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KontorReportsPage *self = KONTOR_REPORTS_PAGE (widget);
  const char *which = g_variant_get_string (parameter, NULL);
  g_autofree char *name = g_strdup_printf ("%s.csv", which);

  save_as (self, "csv", which, _("Save the Report as CSV"), name);
}

static void
export_pdf_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KontorReportsPage *self = KONTOR_REPORTS_PAGE (widget);
  /* Translators: the file name offered when saving the reports page */
  g_autofree char *name = g_strdup_printf ("%s.pdf", _("sales-report"));

  save_as (self, "pdf", "pdf", _("Save the Reports as PDF"), name);
}

/* Building ---------------------------------------------------------------- */

static void
draw_sales_chart (GtkDrawingArea *area,
                  cairo_t        *cr,
                  int             width,
                  int             height,
                  gpointer        user_data)
{
  KontorReportsPage *self = user_data;
  KontorChartTheme theme;

  if (self->report == NULL)
    return;

  kontor_chart_theme_from_widget (GTK_WIDGET (area), &theme);
  for (guint i = 0; i < N_CHARTS; i++)
    if (self->charts[i] == GTK_WIDGET (area))
      kontor_sales_chart_render (self->report, chart_kinds[i], cr, width, height, &theme);
}

static void
on_filter_changed (KontorReportsPage *self)
{
  queue_refresh (self);
}

static void
on_by_amount_toggled (KontorReportsPage *self)
{
  kontor_funnel_chart_set_by_amount (self->chart,
                                     gtk_toggle_button_get_active (self->by_amount_button));
}

static void
on_repository_changed (KontorReportsPage *self,
                       const char        *kind)
{
  if (g_strcmp0 (kind, "pipeline") == 0 || g_strcmp0 (kind, "stage") == 0)
    load_pipelines (self);
  if (g_strcmp0 (kind, "deal") == 0)
    self->managers_stale = TRUE;
  queue_refresh (self);
}

static GtkWidget *
labelled (const char *text,
          GtkWidget  *widget)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new_with_mnemonic (text);

  gtk_label_set_mnemonic_widget (GTK_LABEL (label), widget);
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), widget);
  return box;
}

static GtkWidget *
segmented (const char       *first,
           const char       *second,
           GtkToggleButton **out_second)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  GtkWidget *a = gtk_toggle_button_new_with_mnemonic (first);
  GtkWidget *b = gtk_toggle_button_new_with_mnemonic (second);

  gtk_widget_add_css_class (box, "linked");
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (b), GTK_TOGGLE_BUTTON (a));
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (a), TRUE);
  gtk_box_append (GTK_BOX (box), a);
  gtk_box_append (GTK_BOX (box), b);
  *out_second = GTK_TOGGLE_BUTTON (b);
  return box;
}

static GtkWidget *
heading (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_widget_add_css_class (label, "title-2");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_accessible_update_property (GTK_ACCESSIBLE (label), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  return label;
}

static GtkWidget *
export_menu_button (void)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenu) funnel = g_menu_new ();
  g_autoptr(GMenu) csv = g_menu_new ();
  GtkWidget *button = gtk_menu_button_new ();

  g_menu_append (funnel, _("Funnel as _PNG…"), "reports.export-funnel::png");
  g_menu_append (funnel, _("Funnel as _SVG…"), "reports.export-funnel::svg");
  g_menu_append (funnel, _("Funnel as P_DF…"), "reports.export-funnel::pdf");
  g_menu_append (funnel, _("Whole Page as PDF…"), "reports.export-pdf");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (funnel));
  g_menu_append (csv, _("Funnel as CSV…"), "reports.export-csv::funnel");
  g_menu_append (csv, _("Revenue by Month as CSV…"), "reports.export-csv::month");
  g_menu_append (csv, _("Revenue by Manager as CSV…"), "reports.export-csv::manager");
  g_menu_append (csv, _("Revenue by Product as CSV…"), "reports.export-csv::product");
  g_menu_append (csv, _("Leads by Source as CSV…"), "reports.export-csv::leads");
  g_menu_append (csv, _("Overdue Activities as CSV…"), "reports.export-csv::overdue");
  g_menu_append_section (menu, NULL, G_MENU_MODEL (csv));

  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "document-save-symbolic");
  gtk_widget_set_tooltip_text (button, _("Save"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Save the reports"), -1);
  return button;
}

static void
show_day (GtkMenuButton *button,
          GtkCalendar   *calendar)
{
  g_autoptr(GDateTime) date = gtk_calendar_get_date (calendar);
  /* Translators: a due date in another year; see g_date_time_format() */
  g_autofree char *text = g_date_time_format (date, _("%-d %b %Y"));

  gtk_menu_button_set_label (button, g_strstrip (text));
}

static void
on_day_selected (KontorReportsPage *self,
                 GtkCalendar       *calendar)
{
  GtkMenuButton *button = calendar == self->from_calendar ? self->from_button : self->to_button;

  show_day (button, calendar);
  gtk_menu_button_popdown (button);
  on_filter_changed (self);
}

static void
on_period_changed (KontorReportsPage *self)
{
  /* The flow box's child around it, or its place stays */
  gtk_widget_set_visible (gtk_widget_get_parent (self->range_box),
                          gtk_drop_down_get_selected (self->period_drop) == PERIOD_CUSTOM);
}

/* A button that shows a day and picks it in a calendar */
static GtkWidget *
date_button (KontorReportsPage  *self,
             GDateTime          *day,
             const char         *css_class,
             GtkMenuButton     **out_button,
             GtkCalendar       **out_calendar)
{
  GtkWidget *button = gtk_menu_button_new ();
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *calendar = gtk_calendar_new ();

  gtk_calendar_select_day (GTK_CALENDAR (calendar), day);
  gtk_widget_add_css_class (calendar, css_class);
  gtk_popover_set_child (GTK_POPOVER (popover), calendar);
  gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
  show_day (GTK_MENU_BUTTON (button), GTK_CALENDAR (calendar));
  g_signal_connect_swapped (calendar, "day-selected", G_CALLBACK (on_day_selected), self);

  *out_button = GTK_MENU_BUTTON (button);
  *out_calendar = GTK_CALENDAR (calendar);
  return button;
}

static void
build (KontorReportsPage *self)
{
  static const char * const periods[] = {
    N_("All time"), N_("This month"), N_("Last 3 months"), N_("This year"), N_("Last year"),
    N_("Custom range"), NULL
  };
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) today = start_of_day (now);
  g_autoptr(GDateTime) month_ago = g_date_time_add_months (today, -1);
  static const char * const period_kinds[] = { N_("Created"), N_("Closed"), NULL };
  /* gtk_drop_down_new () takes these */
  GtkStringList *period_list = gtk_string_list_new (NULL);
  GtkStringList *kind_list = gtk_string_list_new (NULL);
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 18);
  GtkWidget *filters = gtk_flow_box_new ();
  GtkWidget *switches = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *status = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *charts = gtk_flow_box_new ();

  for (guint i = 0; periods[i] != NULL; i++)
    gtk_string_list_append (period_list, _(periods[i]));
  for (guint i = 0; period_kinds[i] != NULL; i++)
    gtk_string_list_append (kind_list, _(period_kinds[i]));

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 1200);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  gtk_widget_set_margin_top (box, 12);
  gtk_widget_set_margin_bottom (box, 24);

  /* Filters */
  self->pipeline_drop = GTK_DROP_DOWN (gtk_drop_down_new (NULL, NULL));
  self->period_drop = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (period_list), NULL));
  self->period_kind_drop = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (kind_list), NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->period_drop), "report-period");
  self->managers = gtk_string_list_new ((const char * const []) { _("All managers"), NULL });
  self->managers_stale = TRUE;
  self->manager_drop = GTK_DROP_DOWN (gtk_drop_down_new (G_LIST_MODEL (g_object_ref (self->managers)),
                                                         NULL));
  gtk_drop_down_set_expression (self->manager_drop,
                                gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                             "string"));
  gtk_drop_down_set_enable_search (self->manager_drop, TRUE);
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (filters), GTK_SELECTION_NONE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (filters), 6);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (filters), 12);
  gtk_flow_box_append (GTK_FLOW_BOX (filters),
                       labelled (_("_Pipeline"), GTK_WIDGET (self->pipeline_drop)));
  gtk_flow_box_append (GTK_FLOW_BOX (filters),
                       labelled (_("P_eriod"), GTK_WIDGET (self->period_drop)));
  /* A custom period's days: a month up to today to begin with */
  self->range_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_box_append (GTK_BOX (self->range_box),
                  labelled (_("_From"), date_button (self, month_ago, "report-from",
                                                     &self->from_button, &self->from_calendar)));
  gtk_box_append (GTK_BOX (self->range_box),
                  labelled (_("_To"), date_button (self, today, "report-to",
                                                   &self->to_button, &self->to_calendar)));
  gtk_flow_box_append (GTK_FLOW_BOX (filters), self->range_box);
  on_period_changed (self);
  gtk_flow_box_append (GTK_FLOW_BOX (filters),
                       labelled (_("Deals"), GTK_WIDGET (self->period_kind_drop)));
  gtk_flow_box_append (GTK_FLOW_BOX (filters),
                       labelled (_("_Manager"), GTK_WIDGET (self->manager_drop)));
  gtk_box_append (GTK_BOX (box), filters);

  /* Switches, status and saving */
  gtk_box_append (GTK_BOX (switches), segmented (_("By _Count"), _("By _Amount"),
                                                 &self->by_amount_button));
  gtk_box_append (GTK_BOX (switches), segmented (_("_Furthest Stage"), _("C_urrent Stage"),
                                                 &self->current_button));
  self->spinner = GTK_SPINNER (gtk_spinner_new ());
  self->status_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
  gtk_label_set_ellipsize (self->status_label, PANGO_ELLIPSIZE_END);
  gtk_widget_set_hexpand (status, TRUE);
  gtk_box_append (GTK_BOX (status), GTK_WIDGET (self->spinner));
  gtk_box_append (GTK_BOX (status), GTK_WIDGET (self->status_label));
  gtk_box_append (GTK_BOX (switches), status);
  gtk_box_append (GTK_BOX (switches), export_menu_button ());
  gtk_box_append (GTK_BOX (box), switches);

  /* The funnel */
  self->chart = KONTOR_FUNNEL_CHART (kontor_funnel_chart_new ());
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->chart));

  /* Sales analysis */
  gtk_box_append (GTK_BOX (box), heading (_("Sales Analysis")));
  self->figures_box = GTK_FLOW_BOX (gtk_flow_box_new ());
  gtk_flow_box_set_selection_mode (self->figures_box, GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (self->figures_box, TRUE);
  gtk_flow_box_set_min_children_per_line (self->figures_box, 2);
  gtk_flow_box_set_max_children_per_line (self->figures_box, 4);
  gtk_flow_box_set_column_spacing (self->figures_box, 12);
  gtk_flow_box_set_row_spacing (self->figures_box, 12);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (self->figures_box));

  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (charts), GTK_SELECTION_NONE);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (charts), TRUE);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (charts), 2);
  gtk_flow_box_set_column_spacing (GTK_FLOW_BOX (charts), 12);
  gtk_flow_box_set_row_spacing (GTK_FLOW_BOX (charts), 12);
  for (guint i = 0; i < N_CHARTS; i++)
    {
      self->charts[i] = gtk_drawing_area_new ();
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (self->charts[i]), 320);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (self->charts[i]), 280);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (self->charts[i]), draw_sales_chart,
                                      self, NULL);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->charts[i]),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      kontor_sales_chart_get_title (chart_kinds[i]), -1);
      gtk_flow_box_append (GTK_FLOW_BOX (charts), self->charts[i]);
    }
  gtk_box_append (GTK_BOX (box), charts);

  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  adw_bin_set_child (ADW_BIN (self), scrolled);

  g_signal_connect_swapped (self->pipeline_drop, "notify::selected",
                            G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->period_drop, "notify::selected",
                            G_CALLBACK (on_period_changed), self);
  g_signal_connect_swapped (self->period_drop, "notify::selected",
                            G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->period_kind_drop, "notify::selected",
                            G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->manager_drop, "notify::selected",
                            G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->current_button, "toggled",
                            G_CALLBACK (on_filter_changed), self);
  g_signal_connect_swapped (self->by_amount_button, "toggled",
                            G_CALLBACK (on_by_amount_toggled), self);
}

static void
kontor_reports_page_dispose (GObject *object)
{
  KontorReportsPage *self = KONTOR_REPORTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->repository != NULL)
    g_signal_handlers_disconnect_by_data (self->repository, self);
  g_clear_object (&self->repository);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }

  G_OBJECT_CLASS (kontor_reports_page_parent_class)->dispose (object);
}

static void
kontor_reports_page_finalize (GObject *object)
{
  KontorReportsPage *self = KONTOR_REPORTS_PAGE (object);

  g_clear_pointer (&self->pipeline_ids, g_array_unref);
  g_clear_pointer (&self->report, kontor_sales_report_free);
  g_clear_object (&self->managers);

  G_OBJECT_CLASS (kontor_reports_page_parent_class)->finalize (object);
}

static void
kontor_reports_page_class_init (KontorReportsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kontor_reports_page_dispose;
  object_class->finalize = kontor_reports_page_finalize;

  gtk_widget_class_install_action (widget_class, "reports.export-funnel", "s",
                                   export_funnel_action);
  gtk_widget_class_install_action (widget_class, "reports.export-csv", "s", export_csv_action);
  gtk_widget_class_install_action (widget_class, "reports.export-pdf", NULL, export_pdf_action);
}

static void
kontor_reports_page_init (KontorReportsPage *self)
{
  build (self);
}

GtkWidget *
kontor_reports_page_new (KontorRepository *repository)
{
  KontorReportsPage *self;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  self = g_object_new (KONTOR_TYPE_REPORTS_PAGE, NULL);
  self->repository = g_object_ref (repository);
  g_signal_connect_swapped (repository, "changed", G_CALLBACK (on_repository_changed), self);
  load_pipelines (self);
  refresh (self);

  return GTK_WIDGET (self);
}

/* TRUE while figures are being computed (for tests) */
gboolean
kontor_reports_page_is_busy (KontorReportsPage *self)
{
  g_return_val_if_fail (KONTOR_IS_REPORTS_PAGE (self), FALSE);

  return self->busy;
}
