/* kontor-cli-activities.c: done, and iCalendar import/export
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "kontor-cli-private.h"

gboolean
cmd_done (Cli     *cli,
          GError **error)
{
  g_autoptr(KontorEntity) activity = NULL;
  g_autofree char *result = NULL;
  gint64 id;

  if (!take_option (cli, "--result", TRUE, &result, NULL, error) ||
      !no_more_options (cli, error))
    return FALSE;

  if (cli->argc != 2 || parse_entity (cli->argv[0], NULL) != KONTOR_TYPE_ACTIVITY)
    return usage_error (error, _("Usage: kontor-cli done activity ID [--result TEXT]"));

  if (!parse_id (cli->argv[1], &id, error))
    return FALSE;

  activity = kontor_repository_find (cli->repository, KONTOR_TYPE_ACTIVITY, id, error);
  if (activity == NULL)
    return FALSE;

  if (kontor_entity_is_deleted (activity))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND,
                   _("Activity %" PRId64 " is deleted"), id);
      return FALSE;
    }

  return kontor_activity_complete (cli->repository, activity, result, NULL, error);
}

static gboolean
parse_day (const char  *text,
           gboolean     end_of_day,
           gint64      *out_time,
           GError     **error)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;

  if (text == NULL)
    {
      *out_time = 0;
      return TRUE;
    }

  iso = g_strconcat (text, "T00:00:00", NULL);
  dt = g_date_time_new_from_iso8601 (iso, local);
  if (dt == NULL || strlen (text) != 10)
    return usage_error (error, _("“%s” is not a date like 2026-12-31"), text);

  if (end_of_day)
    {
      g_autoptr(GDateTime) next = g_date_time_add_days (dt, 1);
      *out_time = g_date_time_to_unix (next);
    }
  else
    *out_time = g_date_time_to_unix (dt);

  return TRUE;
}

gboolean
cli_export_ical (Cli     *cli,
                 GError **error)
{
  g_autofree char *from_text = NULL;
  g_autofree char *to_text = NULL;
  gint64 from, to;
  guint count = 0;

  if (!take_option (cli, "--from", TRUE, &from_text, NULL, error) ||
      !take_option (cli, "--to", TRUE, &to_text, NULL, error) ||
      !no_more_options (cli, error))
    return FALSE;

  /* argv: "ical" FILE */
  if (cli->argc != 2)
    return usage_error (error, _("Usage: kontor-cli export ical FILE [--from DATE] [--to DATE]"));

  if (!parse_day (from_text, FALSE, &from, error) || !parse_day (to_text, TRUE, &to, error))
    return FALSE;

  if (!kontor_ical_export (cli->repository, cli->argv[1], from, to, &count, error))
    return FALSE;

  g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %u activity\n", "Exported %u activities\n",
                        count), count);
  return TRUE;
}

gboolean
cli_import_ical (Cli     *cli,
                 GError **error)
{
  guint created = 0, updated = 0;

  if (!no_more_options (cli, error))
    return FALSE;

  if (cli->argc != 2)
    return usage_error (error, _("Usage: kontor-cli import ical FILE"));

  if (!kontor_ical_import (cli->repository, cli->argv[1], &created, &updated, error))
    return FALSE;

  g_print (_("Imported %u new and %u updated activities\n"), created, updated);
  return TRUE;
}
