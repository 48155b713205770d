/* test-activities.c: due groups, reminders, completion and iCalendar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <libical/ical.h>
#include <stdlib.h>
#include <string.h>

#include "kontor-test-util.h"

/* 2026-11-29 23:30 in Moscow (UTC+3) = 20:30 UTC */
#define NOW G_GINT64_CONSTANT (1795984200)

static KontorEntity *
add_activity (KontorRepository *repo,
              const char       *kind,
              const char       *subject,
              gint64            due_at,
              const char       *reminder)
{
  g_autoptr(GError) error = NULL;
  KontorEntity *activity = KONTOR_ENTITY (kontor_activity_new ());

  kontor_entity_set_text (activity, "kind", kind);
  kontor_entity_set_text (activity, "subject", subject);
  kontor_entity_set_int (activity, "due_at", due_at);
  if (reminder)
    kontor_entity_set_text (activity, "reminder", reminder);
  g_assert_true (kontor_repository_save (repo, activity, &error));
  g_assert_no_error (error);

  return activity;
}

static void
test_due_groups_across_midnight (KontorTestFixture *fixture,
                                 gconstpointer      data)
{
  g_autoptr(GTimeZone) moscow = g_time_zone_new_identifier ("Europe/Moscow");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(KontorEntity) late_today = add_activity (fixture->repo, "call", "At 23:45",
                                                     NOW + 15 * 60, NULL);
  g_autoptr(KontorEntity) after_midnight = add_activity (fixture->repo, "call", "At 00:15",
                                                         NOW + 45 * 60, NULL);
  g_autoptr(KontorEntity) earlier = add_activity (fixture->repo, "task", "At 23:00",
                                                  NOW - 30 * 60, NULL);
  g_autoptr(KontorEntity) no_time = add_activity (fixture->repo, "task", "Someday", 0, NULL);

  g_assert_nonnull (moscow);

  /* In Moscow 00:15 is tomorrow; in UTC it is still 21:15 today */
  g_assert_cmpint (kontor_activity_get_due_group (late_today, NOW, moscow), ==, KONTOR_DUE_TODAY);
  g_assert_cmpint (kontor_activity_get_due_group (after_midnight, NOW, moscow), ==,
                   KONTOR_DUE_UPCOMING);
  g_assert_cmpint (kontor_activity_get_due_group (after_midnight, NOW, utc), ==, KONTOR_DUE_TODAY);
  g_assert_cmpint (kontor_activity_get_due_group (earlier, NOW, moscow), ==, KONTOR_DUE_OVERDUE);
  g_assert_cmpint (kontor_activity_get_due_group (no_time, NOW, moscow), ==, KONTOR_DUE_UPCOMING);

  kontor_entity_set_bool (earlier, "done", TRUE);
  g_assert_cmpint (kontor_activity_get_due_group (earlier, NOW, moscow), ==, KONTOR_DUE_DONE);
}

static guint
count_due (KontorRepository *repo,
           KontorDueGroup    group,
           GTimeZone        *tz)
{
  g_autoptr(KontorListModel) model = kontor_list_model_new (repo, KONTOR_TYPE_ACTIVITY);
  g_autoptr(GError) error = NULL;

  g_assert_true (kontor_list_model_filter_due (model, group, NOW, tz, &error));
  g_assert_no_error (error);

  return g_list_model_get_n_items (G_LIST_MODEL (model));
}

static void
test_due_filters_in_lists (KontorTestFixture *fixture,
                           gconstpointer      data)
{
  g_autoptr(GTimeZone) moscow = g_time_zone_new_identifier ("Europe/Moscow");
  g_autoptr(GTimeZone) utc = g_time_zone_new_utc ();
  g_autoptr(KontorEntity) a = add_activity (fixture->repo, "call", "Today", NOW + 60, NULL);
  g_autoptr(KontorEntity) b = add_activity (fixture->repo, "call", "Tomorrow", NOW + 3600, NULL);
  g_autoptr(KontorEntity) c = add_activity (fixture->repo, "call", "Late", NOW - 3600, NULL);
  g_autoptr(KontorEntity) d = add_activity (fixture->repo, "call", "Done", NOW - 7200, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (kontor_activity_complete (fixture->repo, d, NULL, NULL, &error));
  g_assert_no_error (error);

  g_assert_cmpuint (count_due (fixture->repo, KONTOR_DUE_OVERDUE, moscow), ==, 1);
  g_assert_cmpuint (count_due (fixture->repo, KONTOR_DUE_TODAY, moscow), ==, 1);
  g_assert_cmpuint (count_due (fixture->repo, KONTOR_DUE_UPCOMING, moscow), ==, 1);
  g_assert_cmpuint (count_due (fixture->repo, KONTOR_DUE_DONE, moscow), ==, 1);
  g_assert_cmpuint (count_due (fixture->repo, KONTOR_DUE_TODAY, utc), ==, 2);
  g_assert_cmpint (kontor_activities_count_overdue (fixture->repo, NOW), ==, 1);
}

static gboolean
contains_activity (GPtrArray    *list,
                   KontorEntity *activity)
{
  for (guint i = 0; list && i < list->len; i++)
    if (g_ptr_array_index (list, i) == activity)
      return TRUE;

  return FALSE;
}

static void
test_reminders_fire_once_and_survive_restart (KontorTestFixture *fixture,
                                              gconstpointer      data)
{
  g_autoptr(KontorEntity) soon = add_activity (fixture->repo, "meeting", "Meeting",
                                               NOW + 3600, "15m");
  g_autoptr(KontorEntity) silent = add_activity (fixture->repo, "call", "No reminder",
                                                 NOW + 600, "none");
  g_autoptr(GPtrArray) due = NULL;
  g_autoptr(GError) error = NULL;
  gint64 remind_at = NOW + 3600 - 15 * 60;
  gint64 missed_id;

  g_assert_cmpint (kontor_entity_get_int (soon, "remind_at"), ==, remind_at);
  g_assert_cmpint (kontor_entity_get_int (silent, "remind_at"), ==, 0);
  g_assert_cmpint (kontor_reminders_get_next_time (fixture->repo, NOW), ==, remind_at);

  due = kontor_reminders_list_due (fixture->repo, NOW, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_ptr_array_unref);

  due = kontor_reminders_list_due (fixture->repo, remind_at, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_true (contains_activity (due, soon));
  g_clear_pointer (&due, g_ptr_array_unref);

  g_assert_true (kontor_reminders_mark_shown (fixture->repo, soon, remind_at, &error));
  due = kontor_reminders_list_due (fixture->repo, remind_at + 60, &error);
  g_assert_cmpuint (due->len, ==, 0);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* Moving the meeting makes a new reminder */
  kontor_entity_set_int (soon, "due_at", NOW + 7200);
  g_assert_true (kontor_repository_save (fixture->repo, soon, &error));
  g_assert_cmpint (kontor_entity_get_int (soon, "reminded_at"), ==, 0);
  due = kontor_reminders_list_due (fixture->repo, NOW + 7200, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_clear_pointer (&due, g_ptr_array_unref);
  missed_id = kontor_entity_get_id (soon);

  /* The laptop was off for a day: at the next start the reminder is still
   * there, unshown */
  g_clear_object (&soon);
  g_clear_object (&silent);
  g_clear_object (&fixture->repo);
  fixture->repo = kontor_repository_open (fixture->path, &error);
  g_assert_no_error (error);

  due = kontor_reminders_list_due (fixture->repo, NOW + 86400, &error);
  g_assert_cmpuint (due->len, ==, 1);
  g_assert_cmpint (kontor_entity_get_id (g_ptr_array_index (due, 0)), ==, missed_id);
  g_clear_pointer (&due, g_ptr_array_unref);

  /* Done activities are not reminded of */
  soon = kontor_repository_find (fixture->repo, KONTOR_TYPE_ACTIVITY, missed_id, &error);
  g_assert_true (kontor_activity_complete (fixture->repo, soon, "Met", NULL, &error));
  due = kontor_reminders_list_due (fixture->repo, NOW + 86400, &error);
  g_assert_cmpuint (due->len, ==, 0);
}

static guint
count_timeline (KontorRepository *repo,
                KontorEntity     *entity,
                const char       *event,
                const char       *text)
{
  g_autoptr(GListModel) timeline = kontor_repository_list_timeline (repo, entity, NULL);
  guint count = 0;

  for (guint i = 0; i < g_list_model_get_n_items (timeline); i++)
    {
      g_autoptr(KontorTimelineItem) item = g_list_model_get_item (timeline, i);

      if (g_strcmp0 (kontor_timeline_item_get_event (item), event) == 0 &&
          (text == NULL || g_strcmp0 (kontor_timeline_item_get_text (item), text) == 0))
        count++;
    }

  return count;
}

static void
test_complete_records_result_and_plans_next (KontorTestFixture *fixture,
                                             gconstpointer      data)
{
  g_autoptr(KontorEntity) deal = kontor_test_add_deal (fixture->repo, "Supply",
                                                       kontor_test_stage_id (fixture->repo, 0));
  g_autoptr(KontorEntity) call = NULL;
  g_autoptr(KontorActivity) next = kontor_activity_new ();
  g_autoptr(KontorActivity) bad_next = kontor_activity_new ();
  g_autoptr(GError) error = NULL;
  gint64 before;

  call = add_activity (fixture->repo, "call", "Call the buyer", NOW, NULL);
  kontor_entity_set_int (call, "deal", kontor_entity_get_id (deal));
  g_assert_true (kontor_repository_save (fixture->repo, call, &error));

  /* A next step that does not validate: nothing is saved, not even done */
  kontor_entity_set_text (KONTOR_ENTITY (bad_next), "subject", NULL);
  before = kontor_test_query_int (fixture->path, "SELECT count(*) FROM activities");
  g_assert_false (kontor_activity_complete (fixture->repo, call, "Interested",
                                            KONTOR_ENTITY (bad_next), &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (kontor_entity_get_bool (call, "done"));
  g_assert_cmpint (kontor_test_query_int (fixture->path, "SELECT count(*) FROM activities"), ==,
                   before);
  g_assert_cmpint (kontor_test_query_int (fixture->path,
                                          "SELECT done FROM activities WHERE subject = "
                                          "'Call the buyer'"), ==, 0);

  kontor_entity_set_text (KONTOR_ENTITY (next), "kind", "meeting");
  kontor_entity_set_text (KONTOR_ENTITY (next), "subject", "Meet the buyer");
  kontor_entity_set_int (KONTOR_ENTITY (next), "due_at", NOW + 86400);
  g_assert_true (kontor_activity_complete (fixture->repo, call, "Interested",
                                           KONTOR_ENTITY (next), &error));
  g_assert_no_error (error);

  g_assert_true (kontor_entity_get_bool (call, "done"));
  g_assert_cmpstr (kontor_entity_get_text (call, "result"), ==, "Interested");
  g_assert_cmpint (kontor_entity_get_int (call, "done_at"), >, 0);
  g_assert_cmpint (kontor_entity_get_id (KONTOR_ENTITY (next)), >, 0);
  g_assert_cmpint (kontor_entity_get_int (KONTOR_ENTITY (next), "deal"), ==,
                   kontor_entity_get_id (deal));
  g_assert_cmpuint (count_timeline (fixture->repo, deal, "activity_done",
                                    "Call the buyer: Interested"), ==, 1);

  /* Saving again does not record it twice */
  g_assert_true (kontor_repository_save (fixture->repo, call, &error));
  g_assert_cmpuint (count_timeline (fixture->repo, deal, "activity_done", NULL), ==, 1);
}

static void
count_components (const char *text,
                  guint      *out_events,
                  guint      *out_todos)
{
  icalcomponent *calendar = icalparser_parse_string (text);

  g_assert_nonnull (calendar);
  g_assert_cmpint (icalcomponent_isa (calendar), ==, ICAL_VCALENDAR_COMPONENT);
  *out_events = icalcomponent_count_components (calendar, ICAL_VEVENT_COMPONENT);
  *out_todos = icalcomponent_count_components (calendar, ICAL_VTODO_COMPONENT);

  for (icalcomponent *event = icalcomponent_get_first_component (calendar, ICAL_VEVENT_COMPONENT);
       event != NULL;
       event = icalcomponent_get_next_component (calendar, ICAL_VEVENT_COMPONENT))
    {
      g_assert_false (icaltime_is_null_time (icalcomponent_get_dtstart (event)));
      g_assert_nonnull (icalcomponent_get_uid (event));
      g_assert_nonnull (icalcomponent_get_summary (event));
    }

  icalcomponent_free (calendar);
}

static void
test_ical_round_trip (KontorTestFixture *fixture,
                      gconstpointer      data)
{
  g_autoptr(KontorEntity) meeting = add_activity (fixture->repo, "meeting", "Встреча в офисе",
                                                  NOW + 3600, "15m");
  g_autoptr(KontorEntity) task = add_activity (fixture->repo, "task", "Send the contract",
                                               NOW + 7200, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *path = g_build_filename (fixture->dir, "out.ics", NULL);
  guint count = 0, events = 0, todos = 0, created = 99, updated = 0;

  kontor_entity_set_int (meeting, "duration", 45);
  kontor_entity_set_text (meeting, "location", "Москва, Тверская 1");
  g_assert_true (kontor_repository_save (fixture->repo, meeting, &error));

  text = kontor_ical_export_to_string (fixture->repo, 0, 0, &count, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count, ==, 2);
  count_components (text, &events, &todos);
  g_assert_cmpuint (events, ==, 1);
  g_assert_cmpuint (todos, ==, 1);
  g_assert_nonnull (strstr (text, "SUMMARY:Встреча в офисе"));
  g_assert_nonnull (strstr (text, "BEGIN:VALARM"));

  g_assert_true (kontor_ical_export (fixture->repo, path, 0, 0, &count, &error));
  g_assert_no_error (error);

  /* Importing our own export updates the same activities */
  g_assert_true (kontor_ical_import (fixture->repo, path, &created, &updated, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (created, ==, 0);
  g_assert_cmpuint (updated, ==, 2);
  g_assert_cmpint (kontor_repository_count (fixture->repo, KONTOR_TYPE_ACTIVITY, NULL), ==, 2);
  g_assert_cmpint (kontor_entity_get_int (meeting, "due_at"), ==, NOW + 3600);
  g_assert_cmpint (kontor_entity_get_int (meeting, "duration"), ==, 45);
  g_assert_cmpstr (kontor_entity_get_text (meeting, "location"), ==, "Москва, Тверская 1");
}

static const char foreign_ics[] =
  "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//GNOME//Calendar//EN\r\n"
  "BEGIN:VEVENT\r\nUID:abc-1@example.com\r\nDTSTAMP:20261101T100000Z\r\n"
  "DTSTART:20261201T070000Z\r\nDTEND:20261201T080000Z\r\nSUMMARY:Demo for Contoso\r\n"
  "END:VEVENT\r\n"
  "BEGIN:VTODO\r\nUID:abc-2@example.com\r\nDTSTAMP:20261101T100000Z\r\n"
  "DUE:20261202T090000Z\r\nSUMMARY:Prepare offer\r\nSTATUS:NEEDS-ACTION\r\n"
  "PRIORITY:1\r\nEND:VTODO\r\n"
  "END:VCALENDAR\r\n";

static void
test_ical_import_foreign (KontorTestFixture *fixture,
                          gconstpointer      data)
{
  g_autoptr(KontorListModel) model = kontor_list_model_new (fixture->repo, KONTOR_TYPE_ACTIVITY);
  g_autoptr(KontorEntity) event = NULL;
  g_autoptr(KontorEntity) todo = NULL;
  g_autoptr(GError) error = NULL;
  guint created = 0, updated = 0;

  g_assert_true (kontor_ical_import_data (fixture->repo, foreign_ics, strlen (foreign_ics),
                                          &created, &updated, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (created, ==, 2);

  g_assert_true (kontor_list_model_set_sort (model, "due_at", FALSE, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 2);
  event = g_list_model_get_item (G_LIST_MODEL (model), 0);
  todo = g_list_model_get_item (G_LIST_MODEL (model), 1);

  g_assert_cmpstr (kontor_entity_get_text (event, "kind"), ==, "meeting");
  g_assert_cmpstr (kontor_entity_get_text (event, "subject"), ==, "Demo for Contoso");
  g_assert_cmpint (kontor_entity_get_int (event, "due_at"), ==, 1796108400);
  g_assert_cmpint (kontor_entity_get_int (event, "duration"), ==, 60);
  g_assert_cmpstr (kontor_entity_get_text (todo, "kind"), ==, "task");
  g_assert_cmpstr (kontor_entity_get_text (todo, "priority"), ==, "high");
}

static void
assert_import_refused (KontorTestFixture *fixture,
                       const char        *data,
                       gsize              length)
{
  g_autoptr(GError) error = NULL;
  gint64 before = kontor_test_query_int (fixture->path, "SELECT count(*) FROM activities");
  guint created = 0;

  g_assert_false (kontor_ical_import_data (fixture->repo, data, length, &created, NULL, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_cmpstr (error->message, !=, "");
  g_assert_cmpint (kontor_test_query_int (fixture->path, "SELECT count(*) FROM activities"), ==,
                   before);
}

static void
test_ical_bad_input_imports_nothing (KontorTestFixture *fixture,
                                     gconstpointer      data)
{
  static const char no_dtstart[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nUID:1\r\nDTSTART:20261201T070000Z\r\nSUMMARY:Good\r\nEND:VEVENT\r\n"
    "BEGIN:VEVENT\r\nUID:2\r\nSUMMARY:No start\r\nEND:VEVENT\r\n"
    "END:VCALENDAR\r\n";
  static const char broken_lines[] =
    "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n"
    "BEGIN:VEVENT\r\nUID:1\r\nDTSTART:2026-12-01 not a time\r\nSUMMARY:Broken\r\n"
    "END:VEVENT\r\nEND:VCALENDAR\r\n";
  static const char not_ical[] = "Name,Phone\r\nIvan,+79123456789\r\n";
  static const char garbage[] = "\x00\x01\xff\xfe BEGIN:VCALENDAR";
  static const char empty_calendar[] = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n";
  g_autoptr(GString) huge = g_string_new ("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n");

  assert_import_refused (fixture, no_dtstart, strlen (no_dtstart));
  assert_import_refused (fixture, broken_lines, strlen (broken_lines));
  assert_import_refused (fixture, not_ical, strlen (not_ical));
  assert_import_refused (fixture, garbage, sizeof garbage - 1);
  assert_import_refused (fixture, empty_calendar, strlen (empty_calendar));
  assert_import_refused (fixture, "", 0);

  while (huge->len <= 33 * 1024 * 1024)
    g_string_append (huge, "BEGIN:VTODO\r\nUID:x\r\nSUMMARY:Filler filler filler\r\nEND:VTODO\r\n");
  g_string_append (huge, "END:VCALENDAR\r\n");
  assert_import_refused (fixture, huge->str, huge->len);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, KontorTestFixture, NULL, kontor_test_fixture_setup, func, \
              kontor_test_fixture_teardown)

  ADD ("/activities/due-groups-across-midnight-and-time-zones", test_due_groups_across_midnight);
  ADD ("/activities/due-filters-in-lists", test_due_filters_in_lists);
  ADD ("/activities/reminders-fire-once-and-survive-a-restart",
       test_reminders_fire_once_and_survive_restart);
  ADD ("/activities/complete-records-the-result-and-plans-the-next",
       test_complete_records_result_and_plans_next);
  ADD ("/activities/ical-round-trip", test_ical_round_trip);
  ADD ("/activities/ical-import-of-a-foreign-calendar", test_ical_import_foreign);
  ADD ("/activities/ical-bad-input-imports-nothing", test_ical_bad_input_imports_nothing);

  return g_test_run ();
}
