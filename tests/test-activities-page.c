/* test-activities-page.c: the agenda, the week view, planning and reminders
 *
 * The clock is pinned with KONTOR_NOW to Wednesday 11 March 2026, 12:00 in
 * Moscow (the test environment sets TZ).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kontor-activities-page.h"
#include "kontor-plan-activity.h"
#include "kontor-reminders.h"
#include "kontor-ui-test.h"
#include "kontor-week-view.h"

static gint64 now;

typedef struct
{
  UiFixture     ui;
  GtkWidget    *window;
  GtkWidget    *page;
  KontorEntity *opened;
  KontorEntity *deal;
  KontorEntity *contact;
  KontorEntity *overdue;
  KontorEntity *today;
  KontorEntity *upcoming;
  KontorEntity *no_time;
  KontorEntity *done;
} Fixture;

static KontorEntity *
add_activity (Fixture    *fixture,
              const char *kind,
              const char *subject,
              gint64      due_at,
              gint64      duration)
{
  g_autoptr(GError) error = NULL;
  KontorEntity *activity = KONTOR_ENTITY (kontor_activity_new ());

  kontor_entity_set_text (activity, "kind", kind);
  kontor_entity_set_text (activity, "subject", subject);
  kontor_entity_set_int (activity, "due_at", due_at);
  kontor_entity_set_int (activity, "duration", duration);
  kontor_entity_set_text (activity, "responsible", "Petrov");
  kontor_repository_save (fixture->ui.repository, activity, &error);
  g_assert_no_error (error);

  return activity;
}

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  ui_fixture_open_repository (&fixture->ui);
  fixture->deal = ui_add (fixture->ui.repository, KONTOR_TYPE_DEAL, "title", "Supply", NULL);
  fixture->contact = ui_add (fixture->ui.repository, KONTOR_TYPE_CONTACT,
                             "first_name", "Anna", "phone", "+7 495 123-45-67",
                             "email", "anna@example.com", NULL);

  fixture->overdue = add_activity (fixture, "call", "Call Anna", now - 2 * 3600, 15);
  kontor_entity_set_int (fixture->overdue, "deal", kontor_entity_get_id (fixture->deal));
  kontor_entity_set_int (fixture->overdue, "contact", kontor_entity_get_id (fixture->contact));
  kontor_repository_save (fixture->ui.repository, fixture->overdue, &error);
  g_assert_no_error (error);

  fixture->today = add_activity (fixture, "meeting", "Demo", now + 2 * 3600, 60);
  fixture->upcoming = add_activity (fixture, "task", "Send the contract", now + 2 * 86400, 30);
  fixture->no_time = add_activity (fixture, "email", "Follow up", 0, 0);
  kontor_entity_set_text (fixture->no_time, "responsible", "Sidorova");
  kontor_repository_save (fixture->ui.repository, fixture->no_time, &error);
  g_assert_no_error (error);
  fixture->done = add_activity (fixture, "task", "Old task", now - 86400, 30);
  kontor_activity_complete (fixture->ui.repository, fixture->done, "Finished", NULL, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  if (fixture->window != NULL)
    {
      gtk_window_destroy (GTK_WINDOW (fixture->window));
      ui_iterate ();
    }
  g_clear_object (&fixture->opened);
  g_clear_object (&fixture->deal);
  g_clear_object (&fixture->contact);
  g_clear_object (&fixture->overdue);
  g_clear_object (&fixture->today);
  g_clear_object (&fixture->upcoming);
  g_clear_object (&fixture->no_time);
  g_clear_object (&fixture->done);
  ui_fixture_teardown (&fixture->ui, data);
}

static void
on_open_record (GtkWidget    *page,
                KontorEntity *entity,
                Fixture      *fixture)
{
  g_set_object (&fixture->opened, entity);
}

static KontorActivitiesPage *
open_page (Fixture *fixture)
{
  fixture->page = kontor_activities_page_new (fixture->ui.repository);
  g_signal_connect (fixture->page, "open-record", G_CALLBACK (on_open_record), fixture);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 1000, 760);
  gtk_window_set_child (GTK_WINDOW (fixture->window), fixture->page);
  gtk_window_present (GTK_WINDOW (fixture->window));
  for (guint i = 0; i < 200 && !gtk_widget_get_mapped (fixture->window); i++)
    ui_wait (10);
  ui_wait (50);

  return KONTOR_ACTIVITIES_PAGE (fixture->page);
}

static void
collect_visible_text (GtkWidget *widget,
                      GString   *text)
{
  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;

  if (GTK_IS_LABEL (widget))
    g_string_append_printf (text, "%s\n", gtk_label_get_text (GTK_LABEL (widget)));

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_visible_text (child, text);
}

/* What the visible labels show, one a line; closed popovers are left out */
static char *
dup_visible_text (GtkWidget *widget)
{
  GString *text = g_string_new (NULL);

  ui_iterate ();
  collect_visible_text (widget, text);
  return g_string_free (text, FALSE);
}

static guint
group_count (KontorActivitiesPage *page,
             KontorDueGroup        group)
{
  return g_list_model_get_n_items (kontor_activities_page_get_group (page, group));
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *dir = g_build_filename (g_test_get_dir (G_TEST_BUILT), "screenshots", NULL);
  g_autofree char *file = g_strconcat (name, ".png", NULL);
  g_autofree char *path = g_build_filename (dir, file, NULL);
  GtkSnapshot *snapshot;
  int width, height;

  ui_wait (200);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_mkdir_with_parents (dir, 0755);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Wrote %s", path);
}

static GtkWidget *
find_named (GtkWidget  *widget,
            const char *name)
{
  if (g_strcmp0 (gtk_widget_get_name (widget), name) == 0)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_named (child, name);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* The first widget under @widget with the style class @css_class */
/* The check button of the agenda row showing @activity */
static GtkWidget *
find_check (GtkWidget    *widget,
            KontorEntity *activity)
{
  if (GTK_IS_CHECK_BUTTON (widget) && g_strcmp0 (gtk_widget_get_name (widget), "check") == 0 &&
      g_object_get_data (G_OBJECT (gtk_widget_get_parent (widget)), "kontor-activity") == activity)
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_check (child, activity);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_groups (Fixture       *fixture,
             gconstpointer  data)
{
  KontorActivitiesPage *page = open_page (fixture);
  g_autofree char *text = NULL;

  g_assert_cmpuint (group_count (page, KONTOR_DUE_OVERDUE), ==, 1);
  g_assert_cmpuint (group_count (page, KONTOR_DUE_TODAY), ==, 1);
  g_assert_cmpuint (group_count (page, KONTOR_DUE_UPCOMING), ==, 2);
  g_assert_cmpuint (group_count (page, KONTOR_DUE_DONE), ==, 1);

  /* Headers with their counts, then the rows, in group order */
  text = dup_visible_text (fixture->page);
  g_assert_nonnull (strstr (text, "Overdue\n1\nCall Anna\n"));
  g_assert_nonnull (strstr (text, "Today\n1\nDemo\n"));
  g_assert_nonnull (strstr (text, "Upcoming\n2\n"));
  g_assert_nonnull (strstr (text, "Done\n1\nOld task\n"));
  g_assert_nonnull (strstr (text, "Call · Supply · Petrov"));
  g_assert_nonnull (strstr (text, "Finished"));
  g_assert_true (strstr (text, "Overdue") < strstr (text, "Today\n1"));
  g_assert_true (strstr (text, "Today\n1") < strstr (text, "Upcoming"));

  /* The overdue call can reach its contact in one click */
  {
    GtkWidget *check = find_check (fixture->page, fixture->overdue);
    GtkWidget *row = gtk_widget_get_parent (check);
    GtkWidget *tel = g_object_get_data (G_OBJECT (row), "tel");
    GtkWidget *mail = g_object_get_data (G_OBJECT (row), "mail");

    g_assert_true (gtk_widget_get_visible (tel));
    g_assert_cmpstr (g_object_get_data (G_OBJECT (tel), "kontor-uri"), ==, "tel:+74951234567");
    g_assert_cmpstr (g_object_get_data (G_OBJECT (mail), "kontor-uri"), ==,
                     "mailto:anna@example.com");
  }

  save_png (fixture->window, "activities-agenda");

  /* Activating a row opens its activity; a header opens nothing */
  {
    GtkWidget *list = ui_find_with_class (fixture->page, "activities-agenda");

    g_assert_nonnull (list);
    g_signal_emit_by_name (list, "activate", 0);
    g_assert_null (fixture->opened);
    g_signal_emit_by_name (list, "activate", 1);
    g_assert_true (fixture->opened == fixture->overdue);
  }

  /* Filters by kind and by manager */
  kontor_activities_page_set_filters (page, "call", NULL);
  g_assert_cmpuint (group_count (page, KONTOR_DUE_OVERDUE), ==, 1);
  g_assert_cmpuint (group_count (page, KONTOR_DUE_TODAY), ==, 0);
  g_assert_cmpuint (group_count (page, KONTOR_DUE_UPCOMING), ==, 0);
  g_assert_cmpuint (group_count (page, KONTOR_DUE_DONE), ==, 0);
  kontor_activities_page_set_filters (page, NULL, "Sidorova");
  g_assert_cmpuint (group_count (page, KONTOR_DUE_OVERDUE), ==, 0);
  g_assert_cmpuint (group_count (page, KONTOR_DUE_UPCOMING), ==, 1);
  kontor_activities_page_set_filters (page, NULL, NULL);
  g_assert_cmpuint (group_count (page, KONTOR_DUE_UPCOMING), ==, 2);

  /* Three hours later the demo is overdue */
  {
    g_autofree char *later = g_strdup_printf ("%" G_GINT64_FORMAT, now + 3 * 3600);

    g_setenv ("KONTOR_NOW", later, TRUE);
    kontor_activities_page_refresh (page);
    g_assert_cmpuint (group_count (page, KONTOR_DUE_OVERDUE), ==, 2);
    g_assert_cmpuint (group_count (page, KONTOR_DUE_TODAY), ==, 0);
    g_free (later);
    later = g_strdup_printf ("%" G_GINT64_FORMAT, now);
    g_setenv ("KONTOR_NOW", later, TRUE);
    kontor_activities_page_refresh (page);
    g_assert_cmpuint (group_count (page, KONTOR_DUE_TODAY), ==, 1);
  }

  /* A new activity lands in its group */
  {
    g_autoptr(KontorEntity) later = add_activity (fixture, "call", "Call later", now + 600, 15);

    ui_iterate ();
    g_assert_cmpuint (group_count (page, KONTOR_DUE_TODAY), ==, 2);
  }
}

static void
test_complete_from_row (Fixture       *fixture,
                        gconstpointer  data)
{
  KontorActivitiesPage *page = open_page (fixture);
  g_autoptr(GListModel) timeline = NULL;
  GtkWidget *check = find_check (fixture->page, fixture->overdue);
  GtkWidget *popover = NULL;
  gboolean found = FALSE;

  g_assert_nonnull (check);
  g_assert_true (gtk_widget_get_sensitive (check));

  /* Checking asks for the result first */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  ui_wait (50);
  for (GtkWidget *child = gtk_widget_get_first_child (check); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      popover = child;
  g_assert_nonnull (popover);
  g_assert_true (gtk_widget_get_visible (popover));
  g_assert_false (kontor_entity_get_bool (fixture->overdue, "done"));
  save_png (fixture->window, "activities-complete-popover");

  gtk_editable_set_text (GTK_EDITABLE (find_named (popover, "result")), "Interested");
  g_signal_emit_by_name (find_named (popover, "done"), "clicked");
  ui_wait (50);

  g_assert_true (kontor_entity_get_bool (fixture->overdue, "done"));
  g_assert_cmpstr (kontor_entity_get_text (fixture->overdue, "result"), ==, "Interested");
  g_assert_cmpuint (group_count (page, KONTOR_DUE_OVERDUE), ==, 0);
  g_assert_cmpuint (group_count (page, KONTOR_DUE_DONE), ==, 2);

  /* The result is on the deal's timeline */
  timeline = kontor_repository_list_timeline (fixture->ui.repository, fixture->deal, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(KontorTimelineItem) item = g_list_model_get_item (timeline, i);

      found |= g_strcmp0 (kontor_timeline_item_get_text (item), "Call Anna: Interested") == 0;
    }
  g_assert_true (found);

  /* Its row in Done is checked and cannot be unchecked */
  check = find_check (fixture->page, fixture->overdue);
  g_assert_nonnull (check);
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_false (gtk_widget_get_sensitive (check));

  /* Dismissing the popover leaves an activity open */
  check = find_check (fixture->page, fixture->today);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  ui_wait (20);
  for (GtkWidget *child = gtk_widget_get_first_child (check); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      gtk_popover_popdown (GTK_POPOVER (child));
  ui_wait (20);
  g_assert_false (gtk_check_button_get_active (GTK_CHECK_BUTTON (check)));
  g_assert_false (kontor_entity_get_bool (fixture->today, "done"));

  /* Done and Plan Next opens the planning window; planning completes both */
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), TRUE);
  ui_wait (20);
  for (GtkWidget *child = gtk_widget_get_first_child (check); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_POPOVER (child))
      popover = child;
  gtk_editable_set_text (GTK_EDITABLE (find_named (popover, "result")), "Agreed on a pilot");
  g_signal_emit_by_name (find_named (popover, "done-and-plan-next"), "clicked");
  ui_wait (50);
  g_assert_false (kontor_entity_get_bool (fixture->today, "done"));
  {
    GListModel *toplevels = gtk_window_get_toplevels ();
    KontorPlanActivity *plan = NULL;
    KontorEntity *next;

    for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
      {
        g_autoptr(GObject) window = g_list_model_get_item (toplevels, i);

        if (KONTOR_IS_PLAN_ACTIVITY (window))
          plan = KONTOR_PLAN_ACTIVITY (window);
      }
    g_assert_nonnull (plan);
    kontor_plan_activity_set_subject (plan, "Start the pilot");
    g_assert_true (kontor_plan_activity_save (plan, NULL));
    next = kontor_plan_activity_get_activity (plan);
    g_assert_true (kontor_entity_get_bool (fixture->today, "done"));
    g_assert_cmpstr (kontor_entity_get_text (fixture->today, "result"), ==, "Agreed on a pilot");
    g_assert_cmpstr (kontor_entity_get_text (next, "kind"), ==, "meeting");
    g_assert_cmpint (kontor_entity_get_id (next), >, 0);
    gtk_window_destroy (GTK_WINDOW (plan));
  }
  ui_iterate ();
  g_assert_cmpuint (group_count (page, KONTOR_DUE_DONE), ==, 3);
}

static void
test_week_view (Fixture       *fixture,
                gconstpointer  data)
{
  KontorActivitiesPage *page = open_page (fixture);
  KontorWeekView *week = KONTOR_WEEK_VIEW (kontor_activities_page_get_week_view (page));
  g_autofree char *title = NULL;
  GtkWidget *task_block = NULL;
  guint n;

  kontor_activities_page_show_week (page, TRUE);
  ui_wait (50);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (week)));

  title = kontor_week_view_dup_title (week);
  g_assert_cmpstr (title, ==, "9 Mar – 15 Mar 2026");

  /* Four with a time; the e-mail without one is not in the week */
  n = kontor_week_view_get_n_blocks (week);
  g_assert_cmpuint (n, ==, 4);
  for (guint i = 0; i < n; i++)
    {
      int day;
      GtkWidget *block = kontor_week_view_get_block (week, i, &day);
      KontorEntity *activity = g_object_get_data (G_OBJECT (block), "kontor-activity");

      if (activity == fixture->upcoming)
        {
          g_assert_cmpint (day, ==, 4);  /* Friday */
          task_block = block;
        }
      else if (activity == fixture->done)
        g_assert_cmpint (day, ==, 1);
      else
        g_assert_cmpint (day, ==, 2);
    }
  g_assert_nonnull (task_block);

  /* Later in the day is lower; longer is taller */
  {
    GtkWidget *call = NULL, *demo = NULL;
    graphene_rect_t call_bounds, demo_bounds;

    for (guint i = 0; i < n; i++)
      {
        GtkWidget *block = kontor_week_view_get_block (week, i, NULL);
        KontorEntity *activity = g_object_get_data (G_OBJECT (block), "kontor-activity");

        if (activity == fixture->overdue)
          call = block;
        else if (activity == fixture->today)
          demo = block;
      }
    g_assert_true (gtk_widget_compute_bounds (call, GTK_WIDGET (week), &call_bounds));
    g_assert_true (gtk_widget_compute_bounds (demo, GTK_WIDGET (week), &demo_bounds));
    g_assert_cmpfloat (demo_bounds.origin.y, >, call_bounds.origin.y + call_bounds.size.height);
    g_assert_cmpfloat (demo_bounds.size.height, >, call_bounds.size.height);
  }

  save_png (fixture->window, "activities-week");

  /* A click opens the activity */
  g_signal_emit_by_name (task_block, "clicked");
  g_assert_true (fixture->opened == fixture->upcoming);

  /* The next week is empty; Today comes back */
  kontor_week_view_set_week (week, now + 7 * 86400);
  g_assert_cmpuint (kontor_week_view_get_n_blocks (week), ==, 0);
  kontor_week_view_set_week (week, now);
  g_assert_cmpuint (kontor_week_view_get_n_blocks (week), ==, 4);

  /* Filters apply to the week too */
  kontor_activities_page_set_filters (page, "meeting", NULL);
  g_assert_cmpuint (kontor_week_view_get_n_blocks (week), ==, 1);
  kontor_activities_page_set_filters (page, NULL, NULL);

  /* An early call stretches the day up to 07:00 */
  {
    g_autoptr(KontorEntity) early = add_activity (fixture, "call", "Early call",
                                                  now + 86400 - 5 * 3600, 15);

    ui_wait (20);
    g_assert_cmpuint (kontor_week_view_get_n_blocks (week), ==, 5);
    save_png (fixture->window, "activities-week-early");
  }
}

static void
test_plan_activity (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  GtkWidget *window;
  GtkWidget *buttons;
  KontorEntity *planned;
  gint64 count = kontor_repository_count (fixture->ui.repository, KONTOR_TYPE_ACTIVITY, NULL);

  /* From the deal's page: the link and a subject are filled in */
  window = kontor_plan_activity_new (NULL, fixture->ui.repository, "call", fixture->deal);
  g_object_ref_sink (window);
  planned = kontor_plan_activity_get_activity (KONTOR_PLAN_ACTIVITY (window));
  kontor_plan_activity_set_due (KONTOR_PLAN_ACTIVITY (window), now + 86400);
  gtk_window_present (GTK_WINDOW (window));
  for (guint i = 0; i < 200 && !gtk_widget_get_mapped (window); i++)
    ui_wait (10);
  save_png (window, "activities-plan-call");
  g_assert_cmpint (kontor_plan_activity_get_due (KONTOR_PLAN_ACTIVITY (window)), ==, now + 86400);
  g_assert_true (kontor_plan_activity_save (KONTOR_PLAN_ACTIVITY (window), &error));
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_id (planned), >, 0);
  g_assert_cmpstr (kontor_entity_get_text (planned, "subject"), ==, "Call Supply");
  g_assert_cmpstr (kontor_entity_get_text (planned, "kind"), ==, "call");
  g_assert_cmpstr (kontor_entity_get_text (planned, "reminder"), ==, "15m");
  g_assert_cmpint (kontor_entity_get_int (planned, "deal"), ==,
                   kontor_entity_get_id (fixture->deal));
  g_assert_cmpint (kontor_entity_get_int (planned, "due_at"), ==, now + 86400);
  g_assert_cmpint (kontor_repository_count (fixture->ui.repository, KONTOR_TYPE_ACTIVITY, NULL),
                   ==, count + 1);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  /* A subject is required: nothing is saved */
  window = kontor_plan_activity_new (NULL, fixture->ui.repository, "task", fixture->contact);
  g_object_ref_sink (window);
  g_assert_false (kontor_plan_activity_save (KONTOR_PLAN_ACTIVITY (window), &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_clear_error (&error);
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  /* Done and plan next: one step */
  window = kontor_plan_activity_new (NULL, fixture->ui.repository, "call", NULL);
  g_object_ref_sink (window);
  kontor_plan_activity_set_completing (KONTOR_PLAN_ACTIVITY (window), fixture->overdue,
                                       "Call back Friday");
  kontor_plan_activity_set_subject (KONTOR_PLAN_ACTIVITY (window), "Call back");
  g_assert_true (kontor_plan_activity_save (KONTOR_PLAN_ACTIVITY (window), &error));
  g_assert_no_error (error);
  planned = kontor_plan_activity_get_activity (KONTOR_PLAN_ACTIVITY (window));
  g_assert_true (kontor_entity_get_bool (fixture->overdue, "done"));
  g_assert_cmpstr (kontor_entity_get_text (fixture->overdue, "result"), ==, "Call back Friday");
  g_assert_cmpint (kontor_entity_get_int (planned, "deal"), ==,
                   kontor_entity_get_id (fixture->deal));
  g_assert_cmpstr (kontor_entity_get_text (planned, "responsible"), ==, "Petrov");
  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (window);

  /* The buttons for record pages */
  buttons = g_object_ref_sink (kontor_plan_activity_buttons_new (fixture->ui.repository,
                                                                 fixture->deal));
  g_assert_true (gtk_widget_get_sensitive (buttons));
  g_assert_nonnull (find_named (buttons, "call"));
  g_assert_nonnull (find_named (buttons, "email"));
  g_assert_nonnull (find_named (buttons, "meeting"));
  g_assert_nonnull (find_named (buttons, "task"));
  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 720, 60);
  gtk_window_set_child (GTK_WINDOW (fixture->window), buttons);
  gtk_window_present (GTK_WINDOW (fixture->window));
  save_png (fixture->window, "activities-plan-buttons");
  g_object_unref (buttons);
}

static void
test_export_import (Fixture       *fixture,
                    gconstpointer  data)
{
  KontorActivitiesPage *page = open_page (fixture);
  g_autofree char *path = g_build_filename (fixture->ui.dir, "out.ics", NULL);
  g_autofree char *bad = g_build_filename (fixture->ui.dir, "bad.ics", NULL);
  g_autofree char *good = g_build_filename (fixture->ui.dir, "good.ics", NULL);
  g_autofree char *contents = NULL;
  g_autoptr(GError) error = NULL;
  gint64 count = kontor_repository_count (fixture->ui.repository, KONTOR_TYPE_ACTIVITY, NULL);
  guint exported = 0;

  g_assert_true (kontor_activities_page_export (page, path, &exported, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (exported, ==, 5);
  g_assert_true (g_file_get_contents (path, &contents, NULL, NULL));
  g_assert_nonnull (strstr (contents, "SUMMARY:Call Anna"));

  /* The week view exports its week */
  kontor_activities_page_show_week (page, TRUE);
  kontor_week_view_set_week (KONTOR_WEEK_VIEW (kontor_activities_page_get_week_view (page)),
                             now + 7 * 86400);
  g_assert_true (kontor_activities_page_export (page, path, &exported, &error));
  g_assert_cmpuint (exported, ==, 0);

  g_assert_true (g_file_set_contents (bad, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\n"
                                      "UID:x1\r\nSUMMARY:No start\r\nEND:VEVENT\r\n"
                                      "END:VCALENDAR\r\n", -1, NULL));
  g_assert_false (kontor_activities_page_import (page, bad, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpint (kontor_repository_count (fixture->ui.repository, KONTOR_TYPE_ACTIVITY, NULL),
                   ==, count);

  g_assert_true (g_file_set_contents (good, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
                                      "PRODID:-//test//EN\r\nBEGIN:VEVENT\r\n"
                                      "UID:x2\r\nDTSTAMP:20260301T100000Z\r\n"
                                      "DTSTART:20260312T070000Z\r\nSUMMARY:Imported meeting\r\n"
                                      "END:VEVENT\r\nEND:VCALENDAR\r\n", -1, NULL));
  g_assert_true (kontor_activities_page_import (page, good, &error));
  g_assert_no_error (error);
  ui_iterate ();
  g_assert_cmpint (kontor_repository_count (fixture->ui.repository, KONTOR_TYPE_ACTIVITY, NULL),
                   ==, count + 1);
  g_assert_cmpuint (group_count (page, KONTOR_DUE_UPCOMING), ==, 3);
}

/* A stand-in for the desktop's notification service (org.gtk.Notifications) */
typedef struct
{
  GPtrArray *titles;
  guint      registration;
  guint      owner;
  gboolean   acquired;
} MockNotifications;

static const char notifications_xml[] =
  "<node><interface name='org.gtk.Notifications'>"
  "<method name='AddNotification'><arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "<arg type='a{sv}' direction='in'/></method>"
  "<method name='RemoveNotification'><arg type='s' direction='in'/>"
  "<arg type='s' direction='in'/></method>"
  "</interface></node>";

static void
on_notification_call (GDBusConnection       *connection,
                      const char            *sender,
                      const char            *object_path,
                      const char            *interface_name,
                      const char            *method_name,
                      GVariant              *parameters,
                      GDBusMethodInvocation *invocation,
                      gpointer               user_data)
{
  MockNotifications *mock = user_data;

  if (g_str_equal (method_name, "AddNotification"))
    {
      g_autoptr(GVariant) dict = g_variant_get_child_value (parameters, 2);
      const char *title = NULL;
      g_autoptr(GVariant) buttons = NULL;

      g_variant_lookup (dict, "title", "&s", &title);
      buttons = g_variant_lookup_value (dict, "buttons", NULL);
      g_assert_nonnull (buttons);
      g_assert_cmpuint (g_variant_n_children (buttons), ==, 2);
      g_ptr_array_add (mock->titles, g_strdup (title));
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

static void
on_name_acquired (GDBusConnection *connection,
                  const char      *name,
                  gpointer         user_data)
{
  ((MockNotifications *) user_data)->acquired = TRUE;
}

static const GDBusInterfaceVTable notifications_vtable = {
  on_notification_call, NULL, NULL, { 0 }
};

static gboolean
mock_start (MockNotifications *mock)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);
  g_autoptr(GDBusNodeInfo) info = NULL;

  if (bus == NULL)
    return FALSE;

  info = g_dbus_node_info_new_for_xml (notifications_xml, NULL);
  mock->titles = g_ptr_array_new_with_free_func (g_free);
  mock->registration = g_dbus_connection_register_object (bus, "/org/gtk/Notifications",
                                                          info->interfaces[0],
                                                          &notifications_vtable, mock, NULL,
                                                          NULL);
  mock->owner = g_bus_own_name_on_connection (bus, "org.gtk.Notifications",
                                              G_BUS_NAME_OWNER_FLAGS_NONE,
                                              on_name_acquired, NULL, mock, NULL);
  for (guint i = 0; i < 200 && !mock->acquired; i++)
    ui_wait (10);

  return mock->acquired;
}

static void
mock_stop (MockNotifications *mock)
{
  g_autoptr(GDBusConnection) bus = g_bus_get_sync (G_BUS_TYPE_SESSION, NULL, NULL);

  if (mock->registration != 0)
    g_dbus_connection_unregister_object (bus, mock->registration);
  if (mock->owner != 0)
    g_bus_unown_name (mock->owner);
  g_clear_pointer (&mock->titles, g_ptr_array_unref);
}

static void
test_reminders (Fixture       *fixture,
                gconstpointer  data)
{
  MockNotifications mock = { 0 };
  g_autoptr(GApplication) app = NULL;
  g_autoptr(KontorReminders) reminders = NULL;
  g_autoptr(KontorEntity) missed = add_activity (fixture, "call", "Missed call",
                                                 now + 10 * 60, 15);
  g_autoptr(KontorEntity) later = add_activity (fixture, "meeting", "Later meeting",
                                                now + 2 * 3600, 60);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GArray) fired = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkWidget *dialog;

  if (!mock_start (&mock))
    {
      mock_stop (&mock);
      g_test_skip ("No session bus for notifications");
      return;
    }

  kontor_entity_set_text (missed, "reminder", "15m");
  kontor_repository_save (fixture->ui.repository, missed, &error);
  kontor_entity_set_text (later, "reminder", "15m");
  kontor_repository_save (fixture->ui.repository, later, &error);
  g_assert_no_error (error);

  app = g_application_new ("io.github.kontor.RemindersTest", G_APPLICATION_DEFAULT_FLAGS);
  g_assert_true (g_application_register (app, NULL, &error));
  g_assert_no_error (error);

  reminders = kontor_reminders_new (app, fixture->ui.repository);
  kontor_reminders_install_actions (reminders, G_ACTION_MAP (app));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "open-activity"));
  g_assert_true (g_action_group_has_action (G_ACTION_GROUP (app), "complete-activity"));

  /* The one that came due while Kontor was off is listed, once */
  fixture->window = gtk_window_new ();
  gtk_window_present (GTK_WINDOW (fixture->window));
  dialog = kontor_reminders_start (reminders, GTK_WINDOW (fixture->window));
  g_assert_nonnull (dialog);
  text = ui_dup_text (dialog);
  g_assert_nonnull (strstr (text, "Missed Reminder"));
  g_assert_nonnull (strstr (text, "Missed call"));
  g_assert_null (strstr (text, "Later meeting"));
  save_png (dialog, "activities-missed-reminders");
  gtk_window_destroy (GTK_WINDOW (dialog));

  due = kontor_reminders_list_due (fixture->ui.repository, now, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 0);
  g_assert_null (kontor_reminders_start (reminders, NULL));
  ui_wait (20);
  g_assert_cmpuint (mock.titles->len, ==, 0);
  g_assert_cmpint (kontor_reminders_get_scheduled (reminders), ==, now + 2 * 3600 - 15 * 60);

  /* When its time comes, the later one is a notification */
  fired = kontor_reminders_fire_due (reminders, now + 2 * 3600 - 15 * 60);
  g_assert_cmpuint (fired->len, ==, 1);
  g_assert_cmpint (g_array_index (fired, gint64, 0), ==, kontor_entity_get_id (later));
  for (guint i = 0; i < 200 && mock.titles->len == 0; i++)
    ui_wait (10);
  g_assert_cmpuint (mock.titles->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (mock.titles, 0), ==, "Later meeting");
  g_clear_pointer (&fired, g_array_unref);
  fired = kontor_reminders_fire_due (reminders, now + 3 * 3600);
  g_assert_cmpuint (fired->len, ==, 0);

  /* Its Done button */
  g_action_group_activate_action (G_ACTION_GROUP (app), "complete-activity",
                                  g_variant_new_int64 (kontor_entity_get_id (later)));
  g_assert_true (kontor_entity_get_bool (later, "done"));

  /* Run in background keeps the application alive */
  g_assert_false (kontor_reminders_get_holding (reminders));
  g_settings_set_boolean (settings, "run-in-background", TRUE);
  g_assert_true (kontor_reminders_get_holding (reminders));
  g_settings_set_boolean (settings, "run-in-background", FALSE);
  g_assert_false (kontor_reminders_get_holding (reminders));

  g_clear_object (&reminders);
  ui_iterate ();
  mock_stop (&mock);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GTimeZone) moscow = g_time_zone_new_identifier ("Europe/Moscow");
  g_autoptr(GDateTime) noon = g_date_time_new (moscow, 2026, 3, 11, 12, 0, 0);
  g_autofree char *text = NULL;

  now = g_date_time_to_unix (noon);
  text = g_strdup_printf ("%" G_GINT64_FORMAT, now);
  g_setenv ("KONTOR_NOW", text, TRUE);

  ui_test_init (&argc, &argv);

  g_test_add ("/activities-page/groups-counts-and-filters", Fixture, NULL,
              fixture_setup, test_groups, fixture_teardown);
  g_test_add ("/activities-page/complete-from-the-row-check", Fixture, NULL,
              fixture_setup, test_complete_from_row, fixture_teardown);
  g_test_add ("/activities-page/week-view-places-blocks-by-day-and-time", Fixture, NULL,
              fixture_setup, test_week_view, fixture_teardown);
  g_test_add ("/activities-page/plan-activity-prefills-the-link", Fixture, NULL,
              fixture_setup, test_plan_activity, fixture_teardown);
  g_test_add ("/activities-page/export-and-import-icalendar", Fixture, NULL,
              fixture_setup, test_export_import, fixture_teardown);
  g_test_add ("/reminders/missed-listed-once-due-notified", Fixture, NULL,
              fixture_setup, test_reminders, fixture_teardown);

  return g_test_run ();
}
