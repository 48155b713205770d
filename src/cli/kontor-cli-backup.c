/* kontor-cli-backup.c: backups, backup-now and restore-backup
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "kontor-cli-private.h"

/* backups [--json] */
gboolean
cmd_backups (Cli     *cli,
             GError **error)
{
  g_autoptr(GPtrArray) paths = NULL;
  gboolean json = FALSE;

  if (!take_option (cli, "--json", FALSE, NULL, &json, error) ||
      !no_more_options (cli, error))
    return FALSE;
  if (cli->argc > 0)
    return usage_error (error, _("Usage: backups [--json]"));

  paths = kontor_backup_list (kontor_repository_get_path (cli->repository), error);
  if (paths == NULL)
    return FALSE;

  if (json)
    {
      g_autoptr(JsonBuilder) builder = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (builder);
      for (guint i = 0; i < paths->len; i++)
        {
          const char *path = g_ptr_array_index (paths, i);
          g_autoptr(GDateTime) time = kontor_backup_get_time (path);
          g_autofree char *reason = kontor_backup_dup_reason (path);
          GStatBuf st;

          json_builder_begin_object (builder);
          json_builder_set_member_name (builder, "path");
          json_builder_add_string_value (builder, path);
          json_builder_set_member_name (builder, "time");
          json_builder_add_int_value (builder, time ? g_date_time_to_unix (time) : 0);
          json_builder_set_member_name (builder, "reason");
          json_builder_add_string_value (builder, reason);
          json_builder_set_member_name (builder, "size");
          json_builder_add_int_value (builder, g_stat (path, &st) == 0 ? st.st_size : 0);
          json_builder_end_object (builder);
        }
      json_builder_end_array (builder);
      root = json_builder_get_root (builder);
      print_json (root);
      return TRUE;
    }

  if (paths->len == 0)
    g_print ("%s\n", _("No backups yet"));

  for (guint i = 0; i < paths->len; i++)
    {
      const char *path = g_ptr_array_index (paths, i);
      g_autoptr(GDateTime) time = kontor_backup_get_time (path);
      g_autofree char *when = time ? g_date_time_format (time, "%Y-%m-%d %H:%M:%S") : NULL;
      g_autofree char *reason = kontor_backup_dup_reason (path);

      g_print ("%s  %-10s  %s\n", when ? when : "?", reason, path);
    }

  return TRUE;
}

/* backup-now [REASON] */
gboolean
cmd_backup_now (Cli     *cli,
                GError **error)
{
  g_autofree char *path = NULL;

  if (!no_more_options (cli, error))
    return FALSE;
  if (cli->argc > 1)
    return usage_error (error, _("Usage: backup-now [REASON]"));

  if (!kontor_backup_create (cli->repository, cli->argc == 1 ? cli->argv[0] : "manual",
                             &path, error))
    return FALSE;

  g_print ("%s\n", path);
  return TRUE;
}

/* restore-backup FILE|--latest: runs without an open repository, since the
 * file to replace may not open at all */
gboolean
cmd_restore_backup (Cli     *cli,
                    GError **error)
{
  g_autofree char *default_path = NULL;
  g_autofree char *backup = NULL;
  const char *target = cli->database;
  gboolean latest = FALSE;

  if (target == NULL || *target == '\0')
    target = default_path = kontor_repository_dup_default_path ();

  if (!take_option (cli, "--latest", FALSE, NULL, &latest, error) ||
      !no_more_options (cli, error))
    return FALSE;
  if ((latest && cli->argc != 0) || (!latest && cli->argc != 1))
    return usage_error (error, _("Usage: restore-backup FILE|--latest"));

  if (latest)
    {
      backup = kontor_backup_find_newest_good (target);
      if (backup == NULL)
        {
          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND,
                       _("No good backup of “%s” was found"), target);
          return FALSE;
        }
    }
  else
    backup = g_strdup (cli->argv[0]);

  if (!kontor_backup_restore (backup, target, error))
    return FALSE;

  g_print (_("Restored “%s” from “%s”; the replaced file is kept as “%s.before-restore”\n"),
           target, backup, target);
  return TRUE;
}
