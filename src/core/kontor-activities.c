/* kontor-activities.c
 *
 * An activity's reminder time is stored (remind_at = due_at − offset) and
 * indexed, together with the time the reminder was shown. "Due now" is then
 * one indexed query, and a reminder that came due while Kontor was not
 * running is still there, unshown, at the next start: nothing is dropped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-activities"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "kontor-activities.h"
#include "kontor-activity.h"
#include "kontor-error.h"
#include "kontor-repository-private.h"

gint64
kontor_activity_reminder_offset (const char *reminder)
{
  static const struct { const char *code; gint64 seconds; } offsets[] = {
    { "at_time", 0 }, { "5m", 5 * 60 }, { "15m", 15 * 60 }, { "30m", 30 * 60 },
    { "1h", 60 * 60 }, { "1d", 24 * 60 * 60 },
  };

  for (guint i = 0; reminder != NULL && i < G_N_ELEMENTS (offsets); i++)
    if (g_str_equal (offsets[i].code, reminder))
      return offsets[i].seconds;

  return -1;
}

/* The start of the day after the one that contains now, in tz */
static gint64
end_of_today (gint64     now,
              GTimeZone *tz)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_utc (now);
  g_autoptr(GDateTime) in_zone = g_date_time_to_timezone (local, tz);
  g_autoptr(GDateTime) midnight = g_date_time_new (tz,
                                                   g_date_time_get_year (in_zone),
                                                   g_date_time_get_month (in_zone),
                                                   g_date_time_get_day_of_month (in_zone),
                                                   0, 0, 0);
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (midnight, 1);

  return g_date_time_to_unix (tomorrow);
}

KontorDueGroup
kontor_activity_get_due_group (KontorEntity *activity,
                               gint64        now,
                               GTimeZone    *tz)
{
  gint64 due;

  g_return_val_if_fail (KONTOR_IS_ACTIVITY (activity), KONTOR_DUE_UPCOMING);
  g_return_val_if_fail (tz != NULL, KONTOR_DUE_UPCOMING);

  if (kontor_entity_get_bool (activity, "done"))
    return KONTOR_DUE_DONE;

  due = kontor_entity_get_int (activity, "due_at");
  if (due == 0)
    return KONTOR_DUE_UPCOMING;
  if (due < now)
    return KONTOR_DUE_OVERDUE;
  if (due < end_of_today (now, tz))
    return KONTOR_DUE_TODAY;

  return KONTOR_DUE_UPCOMING;
}

gboolean
kontor_due_group_from_string (const char     *text,
                              KontorDueGroup *out_group)
{
  static const char * const names[] = { "overdue", "today", "upcoming", "done" };

  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (names); i++)
    if (g_str_equal (names[i], text))
      {
        *out_group = (KontorDueGroup) i;
        return TRUE;
      }

  return FALSE;
}

gboolean
kontor_list_model_filter_due (KontorListModel  *model,
                              KontorDueGroup    group,
                              gint64            now,
                              GTimeZone        *tz,
                              GError          **error)
{
  g_autofree char *now_text = g_strdup_printf ("%" PRId64, now);
  g_autofree char *end_text = g_strdup_printf ("%" PRId64, end_of_today (now, tz));

  g_return_val_if_fail (KONTOR_IS_LIST_MODEL (model), FALSE);
  g_return_val_if_fail (kontor_list_model_get_entity_type (model) == KONTOR_TYPE_ACTIVITY, FALSE);

  switch (group)
    {
    case KONTOR_DUE_DONE:
      return kontor_list_model_add_filter (model, "done", KONTOR_FILTER_EQ, "true", error);

    case KONTOR_DUE_OVERDUE:
      return kontor_list_model_add_filter (model, "done", KONTOR_FILTER_EQ, "false", error) &&
             kontor_list_model_add_filter (model, "due_at", KONTOR_FILTER_NOT_NULL, NULL, error) &&
             kontor_list_model_add_filter (model, "due_at", KONTOR_FILTER_LT, now_text, error);

    case KONTOR_DUE_TODAY:
      return kontor_list_model_add_filter (model, "done", KONTOR_FILTER_EQ, "false", error) &&
             kontor_list_model_add_filter (model, "due_at", KONTOR_FILTER_GE, now_text, error) &&
             kontor_list_model_add_filter (model, "due_at", KONTOR_FILTER_LT, end_text, error);

    case KONTOR_DUE_UPCOMING:
    default:
      /* Only dated ones: a view lists the undated (due_at IS NULL), which
       * kontor_activity_get_due_group() also counts as upcoming, after them
       * in an order of its own */
      return kontor_list_model_add_filter (model, "done", KONTOR_FILTER_EQ, "false", error) &&
             kontor_list_model_add_filter (model, "due_at", KONTOR_FILTER_GE, end_text, error);
    }
}

typedef struct
{
  KontorRepository *repository;
  KontorEntity     *activity;
  const char       *result;
  KontorEntity     *next;
} CompleteData;

static gboolean
complete_cb (gpointer   user_data,
             GError   **error)
{
  CompleteData *data = user_data;

  kontor_entity_set_bool (data->activity, "done", TRUE);
  if (data->result != NULL && *data->result != '\0')
    kontor_entity_set_text (data->activity, "result", data->result);

  if (!kontor_repository_save (data->repository, data->activity, error))
    return FALSE;

  if (data->next != NULL)
    {
      /* The next step toward the same client: same links unless given */
      static const char * const links[] = { "lead", "contact", "company", "deal" };
      gboolean linked = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (links); i++)
        linked |= kontor_entity_get_int (data->next, links[i]) != 0;

      if (!linked)
        for (guint i = 0; i < G_N_ELEMENTS (links); i++)
          kontor_entity_set_int (data->next, links[i],
                                 kontor_entity_get_int (data->activity, links[i]));

      if (kontor_entity_get_text (data->next, "responsible") == NULL)
        kontor_entity_set_text (data->next, "responsible",
                                kontor_entity_get_text (data->activity, "responsible"));

      if (!kontor_repository_save (data->repository, data->next, error))
        return FALSE;
    }

  return TRUE;
}

/* Marks the activity done with its result (recorded on the timelines of
 * the records it is linked to) and, in the same transaction, saves the
 * next planned activity if one is given ("done and plan next"). On failure
 * neither is saved and the activity is not marked done. */
gboolean
kontor_activity_complete (KontorRepository  *repository,
                          KontorEntity      *activity,
                          const char        *result,
                          KontorEntity      *next_activity,
                          GError           **error)
{
  CompleteData data = { repository, activity, result, next_activity };
  g_autofree char *old_result = NULL;
  gboolean was_done;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);
  g_return_val_if_fail (KONTOR_IS_ACTIVITY (activity), FALSE);
  g_return_val_if_fail (next_activity == NULL || KONTOR_IS_ACTIVITY (next_activity), FALSE);

  if (kontor_entity_get_id (activity) == 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("Save the activity before marking it done"));
      return FALSE;
    }

  was_done = kontor_entity_get_bool (activity, "done");
  old_result = g_strdup (kontor_entity_get_text (activity, "result"));

  if (!kontor_repository_run_in_transaction (repository, complete_cb, &data, error))
    {
      kontor_entity_set_bool (activity, "done", was_done);
      kontor_entity_set_text (activity, "result", old_result);
      return FALSE;
    }

  return TRUE;
}

GPtrArray *
kontor_reminders_list_due (KontorRepository  *repository,
                           gint64             now,
                           GError           **error)
{
  g_autoptr(GPtrArray) due = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  stmt = _kontor_repository_prepare (repository,
                                     "SELECT id FROM activities WHERE remind_at IS NOT NULL "
                                     "AND reminded_at IS NULL AND done = 0 "
                                     "AND deleted_at IS NULL AND remind_at <= ? "
                                     "ORDER BY remind_at, id", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, now);
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

  for (guint i = 0; i < ids->len; i++)
    {
      KontorEntity *activity = kontor_repository_find (repository, KONTOR_TYPE_ACTIVITY,
                                                       g_array_index (ids, gint64, i), error);
      if (activity == NULL)
        return NULL;
      g_ptr_array_add (due, activity);
    }

  return g_steal_pointer (&due);
}

gint64
kontor_reminders_get_next_time (KontorRepository *repository,
                                gint64            now)
{
  g_autoptr(KontorStmt) stmt = NULL;
  gint64 next = 0;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), 0);

  stmt = _kontor_repository_prepare (repository,
                                     "SELECT min(remind_at) FROM activities "
                                     "WHERE remind_at IS NOT NULL AND reminded_at IS NULL "
                                     "AND done = 0 AND deleted_at IS NULL AND remind_at > ?",
                                     NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    next = sqlite3_column_int64 (stmt, 0);

  return next;
}

gboolean
kontor_reminders_mark_shown (KontorRepository  *repository,
                             KontorEntity      *activity,
                             gint64             now,
                             GError           **error)
{
  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);
  g_return_val_if_fail (KONTOR_IS_ACTIVITY (activity), FALSE);

  kontor_entity_set_int (activity, "reminded_at", now);
  if (!kontor_repository_save (repository, activity, error))
    {
      kontor_entity_set_int (activity, "reminded_at", 0);
      return FALSE;
    }

  return TRUE;
}

gint64
kontor_activities_count_overdue (KontorRepository *repository,
                                 gint64            now)
{
  g_autoptr(KontorStmt) stmt = NULL;
  gint64 count = 0;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), 0);

  stmt = _kontor_repository_prepare (repository,
                                     "SELECT count(*) FROM activities WHERE done = 0 "
                                     "AND deleted_at IS NULL AND due_at < ?", NULL);
  if (stmt == NULL)
    return 0;

  sqlite3_bind_int64 (stmt, 1, now);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    count = sqlite3_column_int64 (stmt, 0);

  return count;
}
