/* fuzz-util.c: a scratch database shared by the inputs of a fuzz target
 *
 * Opening a repository runs the migrations, far too slow to do for every
 * input; so the target opens one on a temporary file and keeps it, and
 * starts again on a fresh file when it has grown.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "fuzz-util.h"

#define MAX_DATABASE_SIZE (8 * 1024 * 1024)
#define MAX_INPUTS_PER_DATABASE 2000

static char *dir_path;
static char *database_path;
static KontorRepository *repository;
static guint n_inputs;

const char *
fuzz_get_database_path (void)
{
  if (database_path == NULL)
    {
      g_autoptr(GError) error = NULL;

      dir_path = g_dir_make_tmp ("kontor-fuzz-XXXXXX", &error);
      g_assert_no_error (error);
      database_path = g_build_filename (dir_path, "kontor.db", NULL);
    }

  return database_path;
}

static void
remove_database (void)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *path = g_strconcat (fuzz_get_database_path (), suffixes[i], NULL);

      g_unlink (path);
    }
}

/* Starts again on an empty file once the database is large or old */
void
fuzz_trim_database (void)
{
  GStatBuf buf;

  n_inputs++;
  if (n_inputs < MAX_INPUTS_PER_DATABASE
      && (g_stat (fuzz_get_database_path (), &buf) != 0 || buf.st_size < MAX_DATABASE_SIZE))
    return;

  n_inputs = 0;
  g_clear_object (&repository);
  remove_database ();
}

KontorRepository *
fuzz_get_repository (void)
{
  fuzz_trim_database ();
  if (repository == NULL)
    {
      g_autoptr(GError) error = NULL;

      repository = kontor_repository_open (fuzz_get_database_path (), &error);
      g_assert_no_error (error);
    }

  return repository;
}
