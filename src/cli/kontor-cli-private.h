/* kontor-cli-private.h: what the command files of kontor-cli share
 *
 * Each group of commands lives in its own kontor-cli-<group>.c and is listed
 * in the commands table of kontor-cli.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "kontor-core.h"

G_BEGIN_DECLS

typedef struct
{
  KontorRepository *repository;
  const char       *database;  /* as given with --database, or NULL */
  int               argc;   /* arguments after the command name */
  char            **argv;
} Cli;

typedef gboolean (*CommandFunc) (Cli *cli, GError **error);

/* Usage errors exit with status 2, other errors with 1 */
gboolean  usage_error      (GError            **error,
                            const char         *format,
                            ...) G_GNUC_PRINTF (2, 3);
GType     parse_entity     (const char         *name,
                            GError            **error);
gboolean  parse_id         (const char         *text,
                            gint64             *out_id,
                            GError            **error);
gboolean  take_option      (Cli                *cli,
                            const char         *name,
                            gboolean            has_value,
                            char              **out_value,
                            gboolean           *out_present,
                            GError            **error);
gboolean  no_more_options  (Cli                *cli,
                            GError            **error);
char     *ref_display_name (Cli                *cli,
                            const char         *kind,
                            gint64              id);
JsonNode *entity_to_json   (Cli                *cli,
                            KontorEntity       *entity,
                            gboolean            with_timeline);
void      print_json       (JsonNode           *root);
gboolean  resolve_ref      (Cli                *cli,
                            const KontorField  *field,
                            const char         *value,
                            gint64              scope,
                            char              **out_id,
                            GError            **error);

/* main () of kontor-cli; the exit status */
int       kontor_cli_run   (int                 argc,
                            char              **argv);

/* Commands and subcommands defined in the kontor-cli-<group>.c files */
gboolean  cmd_done         (Cli *cli, GError **error);
gboolean  cli_export_ical  (Cli *cli, GError **error);
gboolean  cli_import_ical  (Cli *cli, GError **error);

/* kontor-cli-leads.c */
gboolean  cmd_convert_lead (Cli *cli, GError **error);
gboolean  cmd_duplicates   (Cli *cli, GError **error);
gboolean  cmd_merge        (Cli *cli, GError **error);

/* kontor-cli-invoice.c */
gboolean  cmd_add_invoice  (Cli *cli, GError **error);
gboolean  cmd_add_line     (Cli *cli, GError **error);
gboolean  cmd_invoice_from_deal (Cli *cli, GError **error);
gboolean  cmd_invoice_pdf  (Cli *cli, GError **error);
gboolean  cmd_mark_paid    (Cli *cli, GError **error);
gboolean  cmd_report       (Cli *cli, GError **error);

/* kontor-cli-backup.c */
gboolean  cmd_backups        (Cli *cli, GError **error);
gboolean  cmd_backup_now     (Cli *cli, GError **error);
gboolean  cmd_restore_backup (Cli *cli, GError **error);

/* kontor-cli-import.c */
gboolean  cmd_import       (Cli *cli, GError **error);
gboolean  cmd_export       (Cli *cli, GError **error);
gboolean  cmd_backup       (Cli *cli, GError **error);
gboolean  cmd_restore      (Cli *cli, GError **error);
gboolean  cmd_undo_import  (Cli *cli, GError **error);

/* kontor-cli-photo.c */
gboolean  cmd_photo          (Cli *cli, GError **error);
void      cli_print_photo    (Cli *cli, KontorEntity *entity);
void      cli_add_photo_json (Cli *cli, KontorEntity *entity, JsonNode *root);

G_END_DECLS
