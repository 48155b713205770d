/* main.c: start Kontor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "kontor-application.h"

/* Run from the build folder, Kontor finds its settings schema there. The
 * default schema source must not be created before GSETTINGS_SCHEMA_DIR
 * is set, so the installed schema is looked for by hand. */
static gboolean
schema_is_installed (void)
{
  const char * const *system_dirs = g_get_system_data_dirs ();
  const char *env_dir = g_getenv ("GSETTINGS_SCHEMA_DIR");
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);

  if (env_dir != NULL)
    g_ptr_array_add (dirs, g_strdup (env_dir));
  g_ptr_array_add (dirs, g_build_filename (g_get_user_data_dir (), "glib-2.0", "schemas", NULL));
  for (guint i = 0; system_dirs[i] != NULL; i++)
    g_ptr_array_add (dirs, g_build_filename (system_dirs[i], "glib-2.0", "schemas", NULL));

  for (guint i = 0; i < dirs->len; i++)
    {
      g_autoptr(GSettingsSchemaSource) source = NULL;
      g_autoptr(GSettingsSchema) schema = NULL;

      source = g_settings_schema_source_new_from_directory (g_ptr_array_index (dirs, i),
                                                            NULL, TRUE, NULL);
      if (source != NULL)
        schema = g_settings_schema_source_lookup (source, APP_ID, FALSE);
      if (schema != NULL)
        return TRUE;
    }

  return FALSE;
}

static void
use_build_schema_if_needed (void)
{
#ifdef KONTOR_BUILD_SCHEMA_DIR
  g_autofree char *compiled = NULL;

  if (schema_is_installed ())
    return;

  compiled = g_build_filename (KONTOR_BUILD_SCHEMA_DIR, "gschemas.compiled", NULL);
  if (g_file_test (compiled, G_FILE_TEST_EXISTS))
    g_setenv ("GSETTINGS_SCHEMA_DIR", KONTOR_BUILD_SCHEMA_DIR, TRUE);
#endif
}

/* Run from the build folder, the catalogs meson built are used; an
 * installed Kontor uses the installed ones */
static const char *
locale_dir (void)
{
#ifdef KONTOR_BUILD_LOCALE_DIR
  g_autofree char *installed = g_build_filename (LOCALEDIR, "ru", "LC_MESSAGES",
                                                 GETTEXT_PACKAGE ".mo", NULL);
  g_autofree char *built = g_build_filename (KONTOR_BUILD_LOCALE_DIR, "ru", "LC_MESSAGES",
                                             GETTEXT_PACKAGE ".mo", NULL);

  if (!g_file_test (installed, G_FILE_TEST_EXISTS) && g_file_test (built, G_FILE_TEST_EXISTS))
    return KONTOR_BUILD_LOCALE_DIR;
#endif

  return LOCALEDIR;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(KontorApplication) app = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, locale_dir ());
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  use_build_schema_if_needed ();

  app = kontor_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
