/* kontor-week-view.c: one week of activities, days as columns
 *
 * Monday to Sunday of one week in the local time zone. Each activity with a
 * due time is a button placed by its start and duration; activities that
 * overlap on one day share the column side by side. The grid, today's
 * column and the current time are drawn in snapshot().
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-ui"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kontor-ui-format.h"
#include "kontor-week-view.h"

#define HEADER_HEIGHT  36
#define GUTTER_WIDTH   52
#define MIN_DAY_WIDTH  96
#define MIN_HOUR_HEIGHT 44
#define DEFAULT_DURATION 30
#define MIN_BLOCK_MINUTES 30

typedef struct
{
  GtkWidget *button;
  int        day;    /* 0 = Monday */
  int        start;  /* minutes since midnight */
  int        end;
  int        lane;
  int        lanes;
} Block;

struct _KontorWeekView
{
  GtkWidget         parent_instance;

  KontorRepository *repository;
  KontorListModel  *model;
  GDateTime        *week_start;
  gint64            now;
  char             *kind;
  char             *responsible;

  GtkWidget        *day_labels[7];
  GPtrArray        *hour_labels;
  GArray           *blocks;
  int               first_hour;
  int               last_hour;
  guint             rebuild_id;
};

G_DEFINE_FINAL_TYPE (KontorWeekView, kontor_week_view, GTK_TYPE_WIDGET)

enum {
  OPEN_RECORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GDateTime *
week_start_of (gint64 time)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (time);
  g_autoptr(GDateTime) midnight = g_date_time_new_local (g_date_time_get_year (local),
                                                         g_date_time_get_month (local),
                                                         g_date_time_get_day_of_month (local),
                                                         0, 0, 0);

  return g_date_time_add_days (midnight, 1 - g_date_time_get_day_of_week (midnight));
}

static void
clear_blocks (KontorWeekView *self)
{
  for (guint i = 0; i < self->blocks->len; i++)
    gtk_widget_unparent (g_array_index (self->blocks, Block, i).button);
  g_array_set_size (self->blocks, 0);
}

static void
on_block_clicked (GtkButton      *button,
                  KontorWeekView *self)
{
  KontorEntity *activity = g_object_get_data (G_OBJECT (button), "kontor-activity");

  g_signal_emit (self, signals[OPEN_RECORD], 0, activity);
}

static GtkWidget *
create_block_button (KontorWeekView *self,
                     KontorEntity   *activity,
                     GDateTime      *due)
{
  g_autofree char *time = g_date_time_format (due, "%H:%M");
  g_autofree char *text = g_strdup_printf ("%s %s", time,
                                           kontor_entity_get_text (activity, "subject"));
  g_autofree char *linked = NULL;
  g_autofree char *tooltip = NULL;
  g_autofree char *kind_class = g_strdup_printf ("kind-%s",
                                                 kontor_entity_get_text (activity, "kind"));
  static const char * const links[] = { "deal", "contact", "company", "lead" };
  GtkWidget *button = gtk_button_new ();
  GtkWidget *label = gtk_label_new (text);

  for (guint i = 0; linked == NULL && i < G_N_ELEMENTS (links); i++)
    linked = kontor_ui_dup_linked_name (self->repository, activity, links[i]);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_label_set_lines (GTK_LABEL (label), 3);
  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_yalign (GTK_LABEL (label), 0.0);
  gtk_widget_set_valign (label, GTK_ALIGN_START);
  gtk_button_set_child (GTK_BUTTON (button), label);

  gtk_widget_add_css_class (button, "activity-block");
  gtk_widget_add_css_class (button, kind_class);
  if (kontor_entity_get_bool (activity, "done"))
    gtk_widget_add_css_class (button, "done");
  tooltip = linked != NULL ? g_strdup_printf ("%s\n%s", text, linked) : g_strdup (text);
  gtk_widget_set_tooltip_text (button, tooltip);

  g_object_set_data_full (G_OBJECT (button), "kontor-activity", g_object_ref (activity),
                          g_object_unref);
  g_signal_connect (button, "clicked", G_CALLBACK (on_block_clicked), self);

  return button;
}

static int
compare_blocks (gconstpointer a,
                gconstpointer b)
{
  const Block *x = a;
  const Block *y = b;

  if (x->day != y->day)
    return x->day - y->day;
  return x->start - y->start;
}

/* Blocks that overlap on one day share its width: each gets the first free
 * lane, and the day is split into as many lanes as it needed. */
static void
assign_lanes (KontorWeekView *self)
{
  g_array_sort (self->blocks, compare_blocks);

  for (int day = 0; day < 7; day++)
    {
      int lane_end[16] = { 0 };
      int n_lanes = 0;
      guint first = G_MAXUINT;

      for (guint i = 0; i < self->blocks->len; i++)
        {
          Block *block = &g_array_index (self->blocks, Block, i);
          int lane;

          if (block->day != day)
            continue;
          if (first == G_MAXUINT)
            first = i;

          for (lane = 0; lane < n_lanes && lane_end[lane] > block->start; lane++)
            ;
          if (lane == G_N_ELEMENTS (lane_end))
            lane = G_N_ELEMENTS (lane_end) - 1;
          lane_end[lane] = block->end;
          block->lane = lane;
          n_lanes = MAX (n_lanes, lane + 1);
        }

      for (guint i = 0; first != G_MAXUINT && i < self->blocks->len; i++)
        if (g_array_index (self->blocks, Block, i).day == day)
          g_array_index (self->blocks, Block, i).lanes = n_lanes;
    }
}

static void
update_hour_labels (KontorWeekView *self)
{
  /* The array's free function unparents them */
  g_ptr_array_set_size (self->hour_labels, 0);

  for (int hour = self->first_hour; hour < self->last_hour; hour++)
    {
      g_autofree char *text = g_strdup_printf ("%02d:00", hour);
      GtkWidget *label = gtk_label_new (text);

      gtk_label_set_xalign (GTK_LABEL (label), 1.0);
      gtk_widget_add_css_class (label, "dim-label");
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_set_parent (label, GTK_WIDGET (self));
      g_ptr_array_add (self->hour_labels, label);
    }
}

static void
update_day_labels (KontorWeekView *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (self->now);

  for (int day = 0; day < 7; day++)
    {
      g_autoptr(GDateTime) date = g_date_time_add_days (self->week_start, day);
      /* Translators: a week view column header, "Mon 30"; see g_date_time_format() */
      g_autofree char *text = g_date_time_format (date, _("%a %-d"));
      gboolean today = g_date_time_get_year (date) == g_date_time_get_year (now) &&
                       g_date_time_get_day_of_year (date) == g_date_time_get_day_of_year (now);

      gtk_label_set_text (GTK_LABEL (self->day_labels[day]), g_strstrip (text));
      if (today)
        gtk_widget_add_css_class (self->day_labels[day], "today");
      else
        gtk_widget_remove_css_class (self->day_labels[day], "today");
    }
}

static void
rebuild (KontorWeekView *self)
{
  GListModel *model = G_LIST_MODEL (self->model);
  guint n = g_list_model_get_n_items (model);
  int first_hour = 8;
  int last_hour = 20;

  clear_blocks (self);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KontorEntity) activity = g_list_model_get_item (model, i);
      g_autoptr(GDateTime) due = NULL;
      gint64 minutes;
      Block block = { 0 };

      if (activity == NULL || kontor_entity_get_int (activity, "due_at") == 0)
        continue;

      due = g_date_time_new_from_unix_local (kontor_entity_get_int (activity, "due_at"));
      block.day = g_date_time_get_day_of_week (due) - 1;
      block.start = g_date_time_get_hour (due) * 60 + g_date_time_get_minute (due);
      minutes = kontor_entity_get_int (activity, "duration");
      if (minutes <= 0)
        minutes = DEFAULT_DURATION;
      block.end = (int) MIN (block.start + MAX (minutes, MIN_BLOCK_MINUTES), 24 * 60);
      block.button = create_block_button (self, activity, due);
      gtk_widget_set_parent (block.button, GTK_WIDGET (self));
      g_array_append_val (self->blocks, block);

      first_hour = MIN (first_hour, block.start / 60);
      last_hour = MAX (last_hour, (block.end + 59) / 60);
    }

  assign_lanes (self);

  if (first_hour != self->first_hour || last_hour != self->last_hour ||
      self->hour_labels->len == 0)
    {
      self->first_hour = first_hour;
      self->last_hour = last_hour;
      update_hour_labels (self);
    }

  update_day_labels (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

static gboolean
rebuild_cb (gpointer user_data)
{
  KontorWeekView *self = user_data;

  self->rebuild_id = 0;
  rebuild (self);
  return G_SOURCE_REMOVE;
}

static void
on_items_changed (GListModel     *model,
                  guint           position,
                  guint           removed,
                  guint           added,
                  KontorWeekView *self)
{
  if (self->rebuild_id == 0)
    self->rebuild_id = g_idle_add (rebuild_cb, self);
}

static void
apply_filters (KontorWeekView *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) end = g_date_time_add_days (self->week_start, 7);
  g_autofree char *from = g_strdup_printf ("%" PRId64,
                                           g_date_time_to_unix (self->week_start));
  g_autofree char *to = g_strdup_printf ("%" PRId64, g_date_time_to_unix (end));

  g_signal_handlers_block_by_func (self->model, on_items_changed, self);
  kontor_list_model_clear_filters (self->model);
  if (!kontor_list_model_add_filter (self->model, "due_at", KONTOR_FILTER_GE, from, &error) ||
      !kontor_list_model_add_filter (self->model, "due_at", KONTOR_FILTER_LT, to, &error) ||
      (self->kind != NULL &&
       !kontor_list_model_add_filter (self->model, "kind", KONTOR_FILTER_EQ, self->kind, &error)) ||
      (self->responsible != NULL &&
       !kontor_list_model_add_filter (self->model, "responsible", KONTOR_FILTER_EQ,
                                      self->responsible, &error)))
    g_warning ("Could not read the week: %s", error->message);
  g_signal_handlers_unblock_by_func (self->model, on_items_changed, self);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  rebuild (self);
}

static void
kontor_week_view_measure (GtkWidget      *widget,
                          GtkOrientation  orientation,
                          int             for_size,
                          int            *minimum,
                          int            *natural,
                          int            *minimum_baseline,
                          int            *natural_baseline)
{
  KontorWeekView *self = KONTOR_WEEK_VIEW (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = GUTTER_WIDTH + 7 * MIN_DAY_WIDTH;
  else
    *minimum = *natural = HEADER_HEIGHT + (self->last_hour - self->first_hour) * MIN_HOUR_HEIGHT;
}

static double
hour_height (KontorWeekView *self,
             int             height)
{
  int hours = MAX (1, self->last_hour - self->first_hour);

  return MAX ((double) MIN_HOUR_HEIGHT, (double) (height - HEADER_HEIGHT) / hours);
}

static void
allocate_child (GtkWidget *child,
                double     x,
                double     y,
                double     width,
                double     height)
{
  int min_width, min_height;

  gtk_widget_measure (child, GTK_ORIENTATION_HORIZONTAL, -1, &min_width, NULL, NULL, NULL);
  gtk_widget_measure (child, GTK_ORIENTATION_VERTICAL, MAX (min_width, (int) width),
                      &min_height, NULL, NULL, NULL);
  gtk_widget_size_allocate (child,
                            &(GtkAllocation) { (int) x, (int) y,
                                               MAX (min_width, (int) width),
                                               MAX (min_height, (int) height) },
                            -1);
}

static void
kontor_week_view_size_allocate (GtkWidget *widget,
                                int        width,
                                int        height,
                                int        baseline)
{
  KontorWeekView *self = KONTOR_WEEK_VIEW (widget);
  double day_width = (double) (width - GUTTER_WIDTH) / 7;
  double hour_h = hour_height (self, height);

  for (int day = 0; day < 7; day++)
    allocate_child (self->day_labels[day], GUTTER_WIDTH + day * day_width, 0,
                    day_width, HEADER_HEIGHT);

  for (guint i = 0; i < self->hour_labels->len; i++)
    allocate_child (g_ptr_array_index (self->hour_labels, i), 0,
                    HEADER_HEIGHT + i * hour_h + 2, GUTTER_WIDTH - 8, 16);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      Block *block = &g_array_index (self->blocks, Block, i);
      double lane_width = day_width / MAX (1, block->lanes);
      double y = HEADER_HEIGHT + (block->start - self->first_hour * 60) * hour_h / 60;
      double h = (block->end - block->start) * hour_h / 60;

      allocate_child (block->button,
                      GUTTER_WIDTH + block->day * day_width + block->lane * lane_width + 2,
                      y + 1, lane_width - 4, h - 2);
    }
}

static void
append_rect (GtkSnapshot   *snapshot,
             const GdkRGBA *color,
             double         x,
             double         y,
             double         width,
             double         height)
{
  gtk_snapshot_append_color (snapshot, color, &GRAPHENE_RECT_INIT (x, y, width, height));
}

static void
kontor_week_view_snapshot (GtkWidget   *widget,
                           GtkSnapshot *snapshot)
{
  KontorWeekView *self = KONTOR_WEEK_VIEW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double day_width = (double) (width - GUTTER_WIDTH) / 7;
  double hour_h = hour_height (self, height);
  gint64 start = g_date_time_to_unix (self->week_start);
  GdkRGBA color, line, faint, today, now_color = { 0.88, 0.11, 0.14, 1.0 };

  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  line = faint = today = color;
  line.alpha = 0.15;
  faint.alpha = 0.06;
  today.alpha = 0.05;

  /* Today's column */
  if (self->now >= start && self->now < start + 7 * 24 * 3600 + 3600)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (self->now);
      int day = g_date_time_get_day_of_week (now) - 1;
      double minutes = g_date_time_get_hour (now) * 60 + g_date_time_get_minute (now);
      double y = HEADER_HEIGHT + (minutes - self->first_hour * 60) * hour_h / 60;

      if (g_date_time_compare (now, self->week_start) >= 0)
        {
          append_rect (snapshot, &today, GUTTER_WIDTH + day * day_width, 0, day_width, height);
          if (y >= HEADER_HEIGHT && y <= height)
            append_rect (snapshot, &now_color, GUTTER_WIDTH + day * day_width, y - 1,
                         day_width, 2);
        }
    }

  append_rect (snapshot, &line, 0, HEADER_HEIGHT - 1, width, 1);
  for (int hour = 0; hour < self->last_hour - self->first_hour; hour++)
    {
      double y = HEADER_HEIGHT + hour * hour_h;

      append_rect (snapshot, &line, GUTTER_WIDTH, y + hour_h - 1, width - GUTTER_WIDTH, 1);
      append_rect (snapshot, &faint, GUTTER_WIDTH, y + hour_h / 2, width - GUTTER_WIDTH, 1);
    }
  for (int day = 0; day < 7; day++)
    append_rect (snapshot, &line, GUTTER_WIDTH + day * day_width, 0, 1, height);

  GTK_WIDGET_CLASS (kontor_week_view_parent_class)->snapshot (widget, snapshot);
}

static void
kontor_week_view_dispose (GObject *object)
{
  KontorWeekView *self = KONTOR_WEEK_VIEW (object);

  g_clear_handle_id (&self->rebuild_id, g_source_remove);
  if (self->model != NULL)
    g_signal_handlers_disconnect_by_func (self->model, on_items_changed, self);
  g_clear_object (&self->model);
  g_clear_object (&self->repository);

  if (self->blocks != NULL)
    clear_blocks (self);
  if (self->hour_labels != NULL)
    g_ptr_array_set_size (self->hour_labels, 0);
  for (int day = 0; day < 7; day++)
    g_clear_pointer (&self->day_labels[day], gtk_widget_unparent);

  G_OBJECT_CLASS (kontor_week_view_parent_class)->dispose (object);
}

static void
kontor_week_view_finalize (GObject *object)
{
  KontorWeekView *self = KONTOR_WEEK_VIEW (object);

  g_clear_pointer (&self->week_start, g_date_time_unref);
  g_clear_pointer (&self->blocks, g_array_unref);
  g_clear_pointer (&self->hour_labels, g_ptr_array_unref);
  g_free (self->kind);
  g_free (self->responsible);

  G_OBJECT_CLASS (kontor_week_view_parent_class)->finalize (object);
}

static void
kontor_week_view_class_init (KontorWeekViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kontor_week_view_dispose;
  object_class->finalize = kontor_week_view_finalize;
  widget_class->measure = kontor_week_view_measure;
  widget_class->size_allocate = kontor_week_view_size_allocate;
  widget_class->snapshot = kontor_week_view_snapshot;

  /**
   * KontorWeekView::open-record:
   * @activity: the activity whose block was clicked
   */
  signals[OPEN_RECORD] =
    g_signal_new ("open-record",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KONTOR_TYPE_ENTITY);

  gtk_widget_class_set_css_name (widget_class, "weekview");
}

static void
kontor_week_view_init (KontorWeekView *self)
{
  self->blocks = g_array_new (FALSE, TRUE, sizeof (Block));
  self->hour_labels = g_ptr_array_new_with_free_func ((GDestroyNotify) gtk_widget_unparent);
  self->first_hour = 8;
  self->last_hour = 20;

  for (int day = 0; day < 7; day++)
    {
      self->day_labels[day] = gtk_label_new (NULL);
      gtk_widget_add_css_class (self->day_labels[day], "day-header");
      gtk_widget_set_parent (self->day_labels[day], GTK_WIDGET (self));
    }

  gtk_widget_set_overflow (GTK_WIDGET (self), GTK_OVERFLOW_HIDDEN);
}

GtkWidget *
kontor_week_view_new (KontorRepository *repository)
{
  KontorWeekView *self;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  self = g_object_new (KONTOR_TYPE_WEEK_VIEW, NULL);
  self->repository = g_object_ref (repository);
  self->model = kontor_list_model_new (repository, KONTOR_TYPE_ACTIVITY);
  kontor_list_model_set_sort (self->model, "due_at", FALSE, NULL);
  g_signal_connect (self->model, "items-changed", G_CALLBACK (on_items_changed), self);
  self->now = kontor_now ();
  self->week_start = week_start_of (self->now);
  apply_filters (self);

  return GTK_WIDGET (self);
}

/**
 * kontor_week_view_set_week:
 * @any_time_in_week: a unix time; the view shows the Monday–Sunday week around it
 */
void
kontor_week_view_set_week (KontorWeekView *self,
                           gint64          any_time_in_week)
{
  g_autoptr(GDateTime) start = NULL;

  g_return_if_fail (KONTOR_IS_WEEK_VIEW (self));

  start = week_start_of (any_time_in_week);
  if (g_date_time_equal (start, self->week_start))
    return;

  g_clear_pointer (&self->week_start, g_date_time_unref);
  self->week_start = g_steal_pointer (&start);
  apply_filters (self);
}

gint64
kontor_week_view_get_week_start (KontorWeekView *self)
{
  g_return_val_if_fail (KONTOR_IS_WEEK_VIEW (self), 0);

  return g_date_time_to_unix (self->week_start);
}

gint64
kontor_week_view_get_week_end (KontorWeekView *self)
{
  g_autoptr(GDateTime) end = NULL;

  g_return_val_if_fail (KONTOR_IS_WEEK_VIEW (self), 0);

  end = g_date_time_add_days (self->week_start, 7);
  return g_date_time_to_unix (end);
}

/* "30 Nov – 6 Dec 2026" */
char *
kontor_week_view_dup_title (KontorWeekView *self)
{
  g_autoptr(GDateTime) last = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  g_return_val_if_fail (KONTOR_IS_WEEK_VIEW (self), NULL);

  last = g_date_time_add_days (self->week_start, 6);
  /* Translators: the first day of a week in the week view title; see g_date_time_format() */
  from = g_date_time_format (self->week_start, _("%-d %b"));
  /* Translators: the last day of a week in the week view title; see g_date_time_format() */
  to = g_date_time_format (last, _("%-d %b %Y"));

  /* Translators: a week: "30 Nov – 6 Dec 2026" */
  return g_strdup_printf (_("%s – %s"), g_strstrip (from), g_strstrip (to));
}

/**
 * kontor_week_view_set_filters:
 * @kind: (nullable): "call", "email", "meeting", "task" or %NULL for all
 * @responsible: (nullable): a manager or %NULL for all
 */
void
kontor_week_view_set_filters (KontorWeekView *self,
                              const char     *kind,
                              const char     *responsible)
{
  g_return_if_fail (KONTOR_IS_WEEK_VIEW (self));

  if (g_strcmp0 (kind, self->kind) == 0 && g_strcmp0 (responsible, self->responsible) == 0)
    return;

  g_free (self->kind);
  self->kind = g_strdup (kind);
  g_free (self->responsible);
  self->responsible = g_strdup (responsible);
  apply_filters (self);
}

/* The current time, for today's column and the red line */
void
kontor_week_view_set_now (KontorWeekView *self,
                          gint64          now)
{
  g_return_if_fail (KONTOR_IS_WEEK_VIEW (self));

  self->now = now;
  update_day_labels (self);
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

guint
kontor_week_view_get_n_blocks (KontorWeekView *self)
{
  g_return_val_if_fail (KONTOR_IS_WEEK_VIEW (self), 0);

  return self->blocks->len;
}

/**
 * kontor_week_view_get_block:
 * @out_day: (out) (optional): the column, 0 = Monday
 *
 * Returns: (transfer none): the button of the @index-th activity, by day and time
 */
GtkWidget *
kontor_week_view_get_block (KontorWeekView *self,
                            guint           index,
                            int            *out_day)
{
  Block *block;

  g_return_val_if_fail (KONTOR_IS_WEEK_VIEW (self), NULL);
  g_return_val_if_fail (index < self->blocks->len, NULL);

  block = &g_array_index (self->blocks, Block, index);
  if (out_day != NULL)
    *out_day = block->day;
  return block->button;
}
