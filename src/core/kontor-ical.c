/* kontor-ical.c
 *
 * Meetings and calls with a time become VEVENTs; tasks, e-mails and
 * activities without a time become VTODOs, as GNOME Calendar, Evolution and
 * Thunderbird expect. An activity's UUID is the UID, so exporting and
 * importing again updates instead of duplicating. An import is all or
 * nothing: one broken component and nothing is written.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-ical"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libical/ical.h>
#include <stdlib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kontor-activity.h"
#include "kontor-error.h"
#include "kontor-ical.h"
#include "kontor-repository-private.h"

#define MAX_ICAL_SIZE (32 * 1024 * 1024)
#define UID_SUFFIX "@kontor"

static const char * const priorities[] = { "high", "normal", "low" };

static struct icaltimetype
utc_time (gint64 unix_time)
{
  return icaltime_from_timet_with_zone ((time_t) unix_time, 0, icaltimezone_get_utc_timezone ());
}

static void
add_text (icalcomponent *comp,
          icalproperty  *(*make) (const char *),
          const char    *text)
{
  if (text != NULL && *text != '\0')
    icalcomponent_add_property (comp, make (text));
}

static icalcomponent *
activity_to_component (KontorEntity *activity,
                       gint64        now)
{
  const char *kind = kontor_entity_get_text (activity, "kind");
  const char *priority = kontor_entity_get_text (activity, "priority");
  const char *reminder = kontor_entity_get_text (activity, "reminder");
  gint64 due = kontor_entity_get_int (activity, "due_at");
  gint64 duration = kontor_entity_get_int (activity, "duration");
  gboolean done = kontor_entity_get_bool (activity, "done");
  gboolean is_event = due != 0 && (g_strcmp0 (kind, "meeting") == 0 ||
                                   g_strcmp0 (kind, "call") == 0);
  g_autofree char *uid = g_strconcat (kontor_entity_get_uuid (activity), UID_SUFFIX, NULL);
  icalcomponent *comp;
  icalproperty *prop;

  comp = icalcomponent_new (is_event ? ICAL_VEVENT_COMPONENT : ICAL_VTODO_COMPONENT);
  icalcomponent_add_property (comp, icalproperty_new_uid (uid));
  icalcomponent_add_property (comp, icalproperty_new_dtstamp (utc_time (now)));
  icalcomponent_add_property (comp, icalproperty_new_summary (kontor_entity_get_text (activity,
                                                                                      "subject")));
  add_text (comp, icalproperty_new_description, kontor_entity_get_text (activity, "description"));
  add_text (comp, icalproperty_new_location, kontor_entity_get_text (activity, "location"));

  prop = icalproperty_new_x (kind);
  icalproperty_set_x_name (prop, "X-KONTOR-KIND");
  icalcomponent_add_property (comp, prop);

  for (guint i = 0; i < G_N_ELEMENTS (priorities); i++)
    if (g_strcmp0 (priority, priorities[i]) == 0)
      icalcomponent_add_property (comp, icalproperty_new_priority (1 + 4 * i));

  if (is_event)
    {
      icalcomponent_add_property (comp, icalproperty_new_dtstart (utc_time (due)));
      if (duration > 0)
        icalcomponent_add_property (comp, icalproperty_new_dtend (utc_time (due + duration * 60)));
      icalcomponent_add_property (comp, icalproperty_new_status (ICAL_STATUS_CONFIRMED));
    }
  else
    {
      if (due != 0)
        icalcomponent_add_property (comp, icalproperty_new_due (utc_time (due)));
      icalcomponent_add_property (comp, icalproperty_new_status (done ? ICAL_STATUS_COMPLETED
                                                                      : ICAL_STATUS_NEEDSACTION));
      if (done && kontor_entity_get_int (activity, "done_at") != 0)
        icalcomponent_add_property (comp,
                                    icalproperty_new_completed (utc_time (kontor_entity_get_int (activity,
                                                                                                 "done_at"))));
    }

  if (due != 0 && g_strcmp0 (reminder, "none") != 0 && reminder != NULL)
    {
      static const struct { const char *code; int minutes; } offsets[] = {
        { "at_time", 0 }, { "5m", 5 }, { "15m", 15 }, { "30m", 30 }, { "1h", 60 }, { "1d", 1440 },
      };

      for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
        if (g_str_equal (offsets[i].code, reminder))
          {
            icalcomponent *alarm = icalcomponent_new (ICAL_VALARM_COMPONENT);
            struct icaltriggertype trigger = { 0, };

            trigger.time = icaltime_null_time ();
            trigger.duration = icaldurationtype_from_int (-offsets[i].minutes * 60);
            icalcomponent_add_property (alarm, icalproperty_new_action (ICAL_ACTION_DISPLAY));
            icalcomponent_add_property (alarm, icalproperty_new_trigger (trigger));
            icalcomponent_add_property (alarm, icalproperty_new_description (kontor_entity_get_text (activity,
                                                                                                     "subject")));
            icalcomponent_add_component (comp, alarm);
          }
    }

  return comp;
}

char *
kontor_ical_export_to_string (KontorRepository  *repository,
                              gint64             from,
                              gint64             to,
                              guint             *out_count,
                              GError           **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(KontorStmt) stmt = NULL;
  icalcomponent *calendar;
  gint64 now = _kontor_now ();
  char *ical_text;
  char *result;
  int rc;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  stmt = _kontor_repository_prepare (repository,
                                     "SELECT id FROM activities WHERE deleted_at IS NULL "
                                     "AND (?1 = 0 OR due_at >= ?1) AND (?2 = 0 OR due_at < ?2) "
                                     "ORDER BY due_at, id", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, from);
  sqlite3_bind_int64 (stmt, 2, to);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  if (rc != SQLITE_DONE)
    {
      _kontor_set_sqlite_error (_kontor_repository_get_db (repository), rc, error);
      return NULL;
    }
  g_clear_pointer (&stmt, _kontor_stmt_done);

  calendar = icalcomponent_new (ICAL_VCALENDAR_COMPONENT);
  icalcomponent_add_property (calendar, icalproperty_new_version ("2.0"));
  icalcomponent_add_property (calendar, icalproperty_new_prodid ("-//Kontor//Kontor "
                                                                 PACKAGE_VERSION "//EN"));

  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(KontorEntity) activity = kontor_repository_find (repository, KONTOR_TYPE_ACTIVITY,
                                                                 g_array_index (ids, gint64, i),
                                                                 error);
      if (activity == NULL)
        {
          icalcomponent_free (calendar);
          return NULL;
        }

      icalcomponent_add_component (calendar, activity_to_component (activity, now));
    }

  ical_text = icalcomponent_as_ical_string_r (calendar);
  icalcomponent_free (calendar);

  result = g_strdup (ical_text);
  free (ical_text);

  if (out_count)
    *out_count = ids->len;

  return result;
}

gboolean
kontor_ical_export (KontorRepository  *repository,
                    const char        *path,
                    gint64             from,
                    gint64             to,
                    guint             *out_count,
                    GError           **error)
{
  g_autofree char *text = kontor_ical_export_to_string (repository, from, to, out_count, error);
  g_autoptr(GError) local_error = NULL;

  if (text == NULL)
    return FALSE;

  if (!g_file_set_contents_full (path, text, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600,
                                 &local_error))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }

  return TRUE;
}

/* Import ------------------------------------------------------------------ */

static gint64
time_to_unix (struct icaltimetype time)
{
  const icaltimezone *zone = icaltime_get_timezone (time);

  if (icaltime_is_null_time (time))
    return 0;

  if (time.is_date || (zone == NULL && !icaltime_is_utc (time)))
    {
      /* A floating time or a whole day is the user's local time */
      g_autoptr(GDateTime) local = g_date_time_new_local (time.year, time.month, time.day,
                                                          time.is_date ? 9 : time.hour,
                                                          time.is_date ? 0 : time.minute,
                                                          time.is_date ? 0 : time.second);
      return local ? g_date_time_to_unix (local) : 0;
    }

  return (gint64) icaltime_as_timet_with_zone (time, zone ? zone
                                                          : icaltimezone_get_utc_timezone ());
}

typedef struct
{
  KontorRepository *repository;
  GPtrArray        *activities;   /* to save */
  guint             created;
  guint             updated;
} ImportData;

static gboolean
import_cb (gpointer   user_data,
           GError   **error)
{
  ImportData *data = user_data;

  for (guint i = 0; i < data->activities->len; i++)
    {
      KontorEntity *activity = g_ptr_array_index (data->activities, i);
      gboolean is_new = kontor_entity_get_id (activity) == 0;

      if (!kontor_repository_save (data->repository, activity, error))
        {
          g_prefix_error (error, _("Component %u: "), i + 1);
          return FALSE;
        }

      if (is_new)
        data->created++;
      else
        data->updated++;
    }

  return TRUE;
}

static KontorEntity *
find_by_uid (KontorRepository *repository,
             const char       *uid)
{
  g_autofree char *uuid = NULL;
  g_autoptr(KontorStmt) stmt = NULL;
  gint64 id = 0;

  if (uid == NULL || !g_str_has_suffix (uid, UID_SUFFIX))
    return NULL;

  uuid = g_strndup (uid, strlen (uid) - strlen (UID_SUFFIX));
  stmt = _kontor_repository_prepare (repository, "SELECT id FROM activities WHERE uuid = ?", NULL);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    id = sqlite3_column_int64 (stmt, 0);
  g_clear_pointer (&stmt, _kontor_stmt_done);

  return id ? kontor_repository_find (repository, KONTOR_TYPE_ACTIVITY, id, NULL) : NULL;
}

static gboolean
has_parse_error (icalcomponent *comp,
                 char         **out_message)
{
  for (icalproperty *prop = icalcomponent_get_first_property (comp, ICAL_XLICERROR_PROPERTY);
       prop != NULL;
       prop = icalcomponent_get_next_property (comp, ICAL_XLICERROR_PROPERTY))
    {
      *out_message = g_strdup (icalproperty_get_xlicerror (prop));
      return TRUE;
    }

  for (icalcomponent *child = icalcomponent_get_first_component (comp, ICAL_ANY_COMPONENT);
       child != NULL;
       child = icalcomponent_get_next_component (comp, ICAL_ANY_COMPONENT))
    if (has_parse_error (child, out_message))
      return TRUE;

  return FALSE;
}

static KontorEntity *
component_to_activity (KontorRepository  *repository,
                       icalcomponent     *comp,
                       guint              number,
                       GError           **error)
{
  gboolean is_event = icalcomponent_isa (comp) == ICAL_VEVENT_COMPONENT;
  g_autoptr(KontorEntity) activity = NULL;
  icalproperty *prop;
  const char *summary = icalcomponent_get_summary (comp);
  const char *kind = NULL;
  struct icaltimetype start, end;
  gint64 start_unix = 0;

  activity = find_by_uid (repository, icalcomponent_get_uid (comp));
  if (activity == NULL)
    activity = KONTOR_ENTITY (kontor_activity_new ());

  for (prop = icalcomponent_get_first_property (comp, ICAL_X_PROPERTY);
       prop != NULL;
       prop = icalcomponent_get_next_property (comp, ICAL_X_PROPERTY))
    if (g_strcmp0 (icalproperty_get_x_name (prop), "X-KONTOR-KIND") == 0)
      kind = icalproperty_get_x (prop);

  if (kind == NULL || !g_strv_contains ((const char *[]) { "call", "email", "meeting", "task",
                                                           NULL }, kind))
    kind = is_event ? "meeting" : "task";

  if (is_event)
    {
      start = icalcomponent_get_dtstart (comp);
      if (icaltime_is_null_time (start))
        {
          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                       _("Event %u (“%s”) has no start time (DTSTART)"), number,
                       summary ? summary : "");
          return NULL;
        }
      start_unix = time_to_unix (start);
      end = icalcomponent_get_dtend (comp);
      if (!icaltime_is_null_time (end))
        {
          gint64 end_unix = time_to_unix (end);

          kontor_entity_set_int (activity, "duration",
                                 end_unix > start_unix ? (end_unix - start_unix) / 60 : 0);
        }
    }
  else
    {
      prop = icalcomponent_get_first_property (comp, ICAL_DUE_PROPERTY);
      if (prop != NULL)
        start_unix = time_to_unix (icalproperty_get_due (prop));
      else if (!icaltime_is_null_time (icalcomponent_get_dtstart (comp)))
        start_unix = time_to_unix (icalcomponent_get_dtstart (comp));

      kontor_entity_set_bool (activity, "done",
                              icalcomponent_get_status (comp) == ICAL_STATUS_COMPLETED);
    }

  kontor_entity_set_text (activity, "kind", kind);
  kontor_entity_set_text (activity, "subject",
                          summary && *summary ? summary : _("Untitled activity"));
  kontor_entity_set_text (activity, "description", icalcomponent_get_description (comp));
  kontor_entity_set_text (activity, "location", icalcomponent_get_location (comp));
  kontor_entity_set_int (activity, "due_at", start_unix);

  prop = icalcomponent_get_first_property (comp, ICAL_PRIORITY_PROPERTY);
  if (prop != NULL)
    {
      int priority = icalproperty_get_priority (prop);

      kontor_entity_set_text (activity, "priority",
                              priority == 0 ? "normal"
                                            : priority < 5 ? "high"
                                                           : priority == 5 ? "normal" : "low");
    }

  if (!kontor_entity_validate (activity, error))
    {
      g_prefix_error (error, _("Component %u (“%s”): "), number, summary ? summary : "");
      return NULL;
    }

  return g_steal_pointer (&activity);
}

gboolean
kontor_ical_import_data (KontorRepository  *repository,
                         const char        *data,
                         gsize              length,
                         guint             *out_created,
                         guint             *out_updated,
                         GError           **error)
{
  g_autoptr(GPtrArray) activities = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *text = NULL;
  g_autofree char *parse_error = NULL;
  icalcomponent *root;
  icalcomponent *calendar;
  ImportData import = { repository, activities, 0, 0 };
  guint number = 0;
  gboolean ok;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);

  if (length > MAX_ICAL_SIZE)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("The calendar file is too large (more than %u MB)"),
                   MAX_ICAL_SIZE / (1024 * 1024));
      return FALSE;
    }

  if (memchr (data, '\0', length) != NULL || !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("The file is not an iCalendar text file"));
      return FALSE;
    }

  text = g_strndup (data, length);
  root = icalparser_parse_string (text);
  if (root == NULL)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("The file is not an iCalendar file (no BEGIN:VCALENDAR)"));
      return FALSE;
    }

  if (icalcomponent_isa (root) == ICAL_VCALENDAR_COMPONENT)
    calendar = root;
  else if (icalcomponent_isa (root) == ICAL_XROOT_COMPONENT)
    calendar = icalcomponent_get_first_component (root, ICAL_VCALENDAR_COMPONENT);
  else
    calendar = NULL;

  if (calendar == NULL)
    {
      icalcomponent_free (root);
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("The file is not an iCalendar file (no BEGIN:VCALENDAR)"));
      return FALSE;
    }

  if (has_parse_error (root, &parse_error))
    {
      icalcomponent_free (root);
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("The calendar file is damaged: %s"), parse_error);
      return FALSE;
    }

  for (icalcomponent *comp = icalcomponent_get_first_component (calendar, ICAL_ANY_COMPONENT);
       comp != NULL;
       comp = icalcomponent_get_next_component (calendar, ICAL_ANY_COMPONENT))
    {
      icalcomponent_kind kind = icalcomponent_isa (comp);
      KontorEntity *activity;

      if (kind != ICAL_VEVENT_COMPONENT && kind != ICAL_VTODO_COMPONENT)
        continue;

      activity = component_to_activity (repository, comp, ++number, error);
      if (activity == NULL)
        {
          icalcomponent_free (root);
          return FALSE;
        }
      g_ptr_array_add (activities, activity);
    }

  icalcomponent_free (root);

  if (activities->len == 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("The calendar has no events or tasks"));
      return FALSE;
    }

  ok = kontor_repository_run_in_transaction (repository, import_cb, &import, error);
  if (!ok)
    {
      /* Nothing was written; objects that existed before are read again so
       * that no view shows values of the failed import */
      for (guint i = 0; i < activities->len; i++)
        {
          KontorEntity *activity = g_ptr_array_index (activities, i);

          if (kontor_entity_get_id (activity) != 0)
            kontor_repository_reload (repository, activity, NULL);
        }
      return FALSE;
    }

  if (out_created)
    *out_created = import.created;
  if (out_updated)
    *out_updated = import.updated;

  return TRUE;
}

gboolean
kontor_ical_import (KontorRepository  *repository,
                    const char        *path,
                    guint             *out_created,
                    guint             *out_updated,
                    GError           **error)
{
  g_autofree char *contents = NULL;
  g_autoptr(GError) local_error = NULL;
  gsize length;
  GStatBuf st;

  if (g_stat (path, &st) == 0 && st.st_size > MAX_ICAL_SIZE)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("The calendar file is too large (more than %u MB)"),
                   MAX_ICAL_SIZE / (1024 * 1024));
      return FALSE;
    }

  if (!g_file_get_contents (path, &contents, &length, &local_error))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_IO, "%s", local_error->message);
      return FALSE;
    }

  return kontor_ical_import_data (repository, contents, length, out_created, out_updated, error);
}
