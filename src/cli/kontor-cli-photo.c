/* kontor-cli-photo.c: photo set|get|remove, and the photo line of show
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <inttypes.h>

#include "kontor-cli-private.h"

/* A line under the fields of a contact that has a photo */
void
cli_print_photo (Cli          *cli,
                 KontorEntity *entity)
{
  g_autofree char *mime = NULL;
  g_autofree char *size = NULL;
  g_autoptr(GBytes) photo = NULL;

  if (!KONTOR_IS_CONTACT (entity))
    return;
  photo = kontor_repository_get_contact_photo (cli->repository, kontor_entity_get_id (entity),
                                               &mime, NULL);
  if (photo == NULL)
    return;

  size = g_format_size (g_bytes_get_size (photo));
  g_print ("photo: %s, %s\n", kontor_photo_get_format_name (mime), size);
}

/* The same, as "photo": { "mime", "size" } of show --json */
void
cli_add_photo_json (Cli          *cli,
                    KontorEntity *entity,
                    JsonNode     *root)
{
  g_autofree char *mime = NULL;
  g_autoptr(GBytes) photo = NULL;
  JsonObject *object;

  if (!KONTOR_IS_CONTACT (entity) || !JSON_NODE_HOLDS_OBJECT (root))
    return;
  photo = kontor_repository_get_contact_photo (cli->repository, kontor_entity_get_id (entity),
                                               &mime, NULL);
  if (photo == NULL)
    return;

  object = json_object_new ();
  json_object_set_string_member (object, "mime", mime);
  json_object_set_int_member (object, "size", (gint64) g_bytes_get_size (photo));
  json_object_set_object_member (json_node_get_object (root), "photo", object);
}

/* photo set|get|remove ID [FILE] */
gboolean
cmd_photo (Cli     *cli,
           GError **error)
{
  const char *verb;
  gint64 id = 0;

  if (!no_more_options (cli, error))
    return FALSE;
  if (cli->argc < 2)
    return usage_error (error, _("Usage: photo set ID FILE | photo get ID FILE | "
                                 "photo remove ID"));
  verb = cli->argv[0];
  if (!parse_id (cli->argv[1], &id, error))
    return FALSE;

  if (g_str_equal (verb, "set") && cli->argc == 3)
    {
      g_autoptr(GFile) file = g_file_new_for_commandline_arg (cli->argv[2]);
      g_autoptr(GFileInfo) info = NULL;
      g_autoptr(GBytes) bytes = NULL;

      /* Not a whole big file read only to be refused */
      info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                                NULL, error);
      if (info == NULL)
        return FALSE;
      if (g_file_info_get_size (info) > KONTOR_PHOTO_MAX_SIZE)
        {
          g_autofree char *limit = g_format_size (KONTOR_PHOTO_MAX_SIZE);
          g_autofree char *actual = g_format_size (g_file_info_get_size (info));

          g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                       _("The photo is too big (%s): at most %s is kept"), actual, limit);
          return FALSE;
        }
      bytes = g_file_load_bytes (file, NULL, NULL, error);
      return bytes != NULL && kontor_repository_set_contact_photo (cli->repository, id, bytes,
                                                                   error);
    }

  if (g_str_equal (verb, "get") && cli->argc == 3)
    {
      g_autoptr(GBytes) photo = kontor_repository_get_contact_photo (cli->repository, id, NULL,
                                                                      error);

      if (photo == NULL)
        {
          if (error != NULL && *error == NULL)
            g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND,
                         _("Contact #%" PRId64 " has no photo"), id);
          return FALSE;
        }
      return g_file_set_contents (cli->argv[2], g_bytes_get_data (photo, NULL),
                                  g_bytes_get_size (photo), error);
    }

  if (g_str_equal (verb, "remove") && cli->argc == 2)
    return kontor_repository_set_contact_photo (cli->repository, id, NULL, error);

  return usage_error (error, _("Usage: photo set ID FILE | photo get ID FILE | photo remove ID"));
}
