/* kontor-cli-import.c: import, export, backup and restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "kontor-cli-private.h"
#include "kontor-export.h"
#include "kontor-import.h"
#include "kontor-vcard.h"

static void
print_result (KontorImportResult *result,
              gboolean            dry_run)
{
  if (dry_run)
    {
      g_print ("%s\n", _("Dry run: nothing was imported."));
      g_print (_("Rows: %" PRIu64 ", to create: %" PRIu64 ", to update: %"
                 PRIu64 ", to skip: %" PRIu64 ", with errors: %"
                 PRIu64 "\n"),
               result->rows, result->created, result->updated, result->skipped, result->errors);
    }
  else
    g_print (_("Rows: %" PRIu64 ", created: %" PRIu64 ", updated: %"
               PRIu64 ", skipped: %" PRIu64 ", with errors: %"
               PRIu64 "\n"),
             result->rows, result->created, result->updated, result->skipped, result->errors);

  for (guint i = 0; i < result->reasons->len; i++)
    g_print ("  %s\n", (const char *) g_ptr_array_index (result->reasons, i));

  if (!dry_run)
    /* Translators: the number of the import, then the command that undoes it */
    g_print (_("Import #%" PRId64 " done; undo it with: kontor-cli undo-import %"
               PRId64 "\n"), result->import_id, result->import_id);
}

static gboolean
run_import (Cli           *cli,
            KontorImport  *import,
            GError       **error)
{
  g_autofree char *duplicates = NULL;
  g_autofree char *rejects = NULL;
  g_autoptr(KontorImportResult) result = NULL;
  gboolean dry_run = FALSE;
  KontorDuplicates mode = KONTOR_DUPLICATES_SKIP;

  if (!take_option (cli, "--duplicates", TRUE, &duplicates, NULL, error) ||
      !take_option (cli, "--rejects", TRUE, &rejects, NULL, error) ||
      !take_option (cli, "--dry-run", FALSE, NULL, &dry_run, error) ||
      !no_more_options (cli, error))
    return FALSE;

  if (duplicates != NULL && !kontor_import_parse_duplicates (duplicates, &mode))
    return usage_error (error, _("--duplicates takes allow, skip, merge or replace, not “%s”"),
                        duplicates);

  kontor_import_set_duplicates (import, mode);
  if (rejects != NULL)
    kontor_import_set_rejects_path (import, rejects);

  result = kontor_import_run (import, dry_run, NULL, error);
  if (result == NULL)
    return FALSE;

  print_result (result, dry_run);
  if (rejects != NULL && result->errors > 0)
    g_print (_("Rejected rows written to %s\n"), rejects);

  return TRUE;
}

static gboolean
import_csv (Cli     *cli,
            GError **error)
{
  g_autofree char *mapping = NULL;
  g_autofree char *encoding = NULL;
  g_autoptr(KontorImport) import = NULL;
  GType type;

  if (!take_option (cli, "--mapping", TRUE, &mapping, NULL, error) ||
      !take_option (cli, "--encoding", TRUE, &encoding, NULL, error))
    return FALSE;

  /* argv: "csv" ENTITY FILE [options] */
  if (cli->argc < 3 || g_str_has_prefix (cli->argv[1], "--") ||
      g_str_has_prefix (cli->argv[2], "--"))
    return usage_error (error, _("Usage: kontor-cli import csv ENTITY FILE [--mapping auto|FILE] "
                                 "[--duplicates allow|skip|merge|replace] [--dry-run] "
                                 "[--rejects FILE] [--encoding ENCODING]"));

  type = parse_entity (cli->argv[1], error);
  if (type == G_TYPE_INVALID)
    return FALSE;

  import = kontor_import_new (cli->repository, type, cli->argv[2], encoding, error);
  if (import == NULL)
    return FALSE;

  if (mapping != NULL && !g_str_equal (mapping, "auto") &&
      !kontor_import_load_mapping (import, mapping, error))
    return FALSE;

  g_print (_("Encoding %s, delimiter “%s”, %s\n"), kontor_import_get_encoding (import),
           kontor_import_get_delimiter (import) == '\t' ? "\\t"
             : (char[]) { kontor_import_get_delimiter (import), '\0' },
           kontor_import_get_has_header (import) ? _("with a header row") : _("no header row"));
  for (guint i = 0; i < kontor_import_get_n_columns (import); i++)
    {
      const char *field = kontor_import_get_column_field (import, i);

      g_print ("  %s → %s\n", kontor_import_get_column_title (import, i),
               field ? field : _("(ignored)"));
    }

  /* The rest of the arguments are options */
  g_free (cli->argv[1]);
  g_free (cli->argv[2]);
  memmove (&cli->argv[1], &cli->argv[3], (cli->argc - 3 + 1) * sizeof (char *));
  cli->argc -= 2;

  if (cli->argc > 1 && !g_str_has_prefix (cli->argv[1], "--"))
    return usage_error (error, _("Unexpected argument “%s”"), cli->argv[1]);

  return run_import (cli, import, error);
}

static gboolean
import_vcard (Cli     *cli,
              GError **error)
{
  g_autoptr(KontorImport) import = NULL;

  if (cli->argc < 2 || g_str_has_prefix (cli->argv[1], "--"))
    return usage_error (error, _("Usage: kontor-cli import vcard FILE "
                                 "[--duplicates allow|skip|merge|replace] [--dry-run]"));

  import = kontor_vcard_import_new (cli->repository, cli->argv[1], error);
  if (import == NULL)
    return FALSE;

  g_free (cli->argv[1]);
  memmove (&cli->argv[1], &cli->argv[2], (cli->argc - 2 + 1) * sizeof (char *));
  cli->argc -= 1;

  return run_import (cli, import, error);
}

gboolean
cmd_import (Cli     *cli,
            GError **error)
{
  if (cli->argc >= 1 && g_str_equal (cli->argv[0], "csv"))
    return import_csv (cli, error);
  if (cli->argc >= 1 && g_str_equal (cli->argv[0], "vcard"))
    return import_vcard (cli, error);
  if (cli->argc >= 1 && g_str_equal (cli->argv[0], "ical"))
    return cli_import_ical (cli, error);

  return usage_error (error, _("Usage: kontor-cli import csv|vcard|ical …"));
}

static gboolean
export_csv (Cli     *cli,
            GError **error)
{
  g_autofree char *fields = NULL;
  g_autofree char *search = NULL;
  g_autoptr(KontorListModel) list = NULL;
  g_auto(GStrv) field_names = NULL;
  GType type;

  if (!take_option (cli, "--fields", TRUE, &fields, NULL, error) ||
      !take_option (cli, "--search", TRUE, &search, NULL, error) ||
      !no_more_options (cli, error))
    return FALSE;

  if (cli->argc != 3)
    return usage_error (error, _("Usage: kontor-cli export csv ENTITY FILE [--fields A,B,…] "
                                 "[--search TEXT]"));

  type = parse_entity (cli->argv[1], error);
  if (type == G_TYPE_INVALID)
    return FALSE;

  list = kontor_list_model_new (cli->repository, type);
  if (search != NULL)
    kontor_list_model_set_search (list, search);
  if (fields != NULL)
    field_names = g_strsplit (fields, ",", -1);

  if (!kontor_export_csv (list, (const char * const *) field_names, cli->argv[2], NULL, error))
    return FALSE;

  g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %u record\n", "Exported %u records\n",
                        g_list_model_get_n_items (G_LIST_MODEL (list))),
           g_list_model_get_n_items (G_LIST_MODEL (list)));
  return TRUE;
}

static gboolean
export_vcard (Cli     *cli,
              GError **error)
{
  g_autofree char *version = NULL;
  g_autoptr(KontorListModel) list = NULL;
  KontorVCardVersion format = KONTOR_VCARD_30;
  guint count = 0;

  if (!take_option (cli, "--version", TRUE, &version, NULL, error) ||
      !no_more_options (cli, error))
    return FALSE;

  if (cli->argc != 2)
    return usage_error (error, _("Usage: kontor-cli export vcard FILE [--version 2.1|3.0]"));

  if (g_strcmp0 (version, "2.1") == 0)
    format = KONTOR_VCARD_21;
  else if (version != NULL && !g_str_equal (version, "3.0"))
    return usage_error (error, _("--version takes 2.1 or 3.0, not “%s”"), version);

  list = kontor_list_model_new (cli->repository, KONTOR_TYPE_CONTACT);
  if (!kontor_vcard_export (list, cli->argv[1], format, &count, error))
    return FALSE;

  g_print (g_dngettext (GETTEXT_PACKAGE, "Exported %u contact\n", "Exported %u contacts\n",
                        count), count);
  return TRUE;
}

gboolean
cmd_export (Cli     *cli,
            GError **error)
{
  if (cli->argc >= 1 && g_str_equal (cli->argv[0], "csv"))
    return export_csv (cli, error);
  if (cli->argc >= 1 && g_str_equal (cli->argv[0], "vcard"))
    return export_vcard (cli, error);
  if (cli->argc >= 1 && g_str_equal (cli->argv[0], "ical"))
    return cli_export_ical (cli, error);

  return usage_error (error, _("Usage: kontor-cli export csv|vcard|ical …"));
}

gboolean
cmd_backup (Cli     *cli,
            GError **error)
{
  if (!no_more_options (cli, error))
    return FALSE;
  if (cli->argc != 1)
    return usage_error (error, _("Usage: kontor-cli backup FILE"));

  if (!kontor_backup (cli->repository, cli->argv[0], error))
    return FALSE;

  g_print (_("Backup written to %s\n"), cli->argv[0]);
  return TRUE;
}

gboolean
cmd_restore (Cli     *cli,
             GError **error)
{
  if (!no_more_options (cli, error))
    return FALSE;
  if (cli->argc != 1)
    return usage_error (error, _("Usage: kontor-cli restore FILE"));

  if (!kontor_restore (cli->repository, cli->argv[0], error))
    return FALSE;

  g_print (_("Restored %s\n"), cli->argv[0]);
  return TRUE;
}

gboolean
cmd_undo_import (Cli     *cli,
                 GError **error)
{
  gint64 id = 0;

  if (!no_more_options (cli, error))
    return FALSE;
  if (cli->argc != 1)
    return usage_error (error, _("Usage: kontor-cli undo-import ID"));
  if (!parse_id (cli->argv[0], &id, error))
    return FALSE;

  if (!kontor_import_undo (cli->repository, id, error))
    return FALSE;

  g_print (_("Import #%" PRId64 " undone\n"), id);
  return TRUE;
}
