/* bench-import.c: Kontor's CSV import beside the sqlite3 shell's .import
 *
 * kontor-bench-import [ROWS] [--keep] [--undo]
 *
 * Generates ROWS contacts (1,000,000 by default) with phones and e-mails,
 * imports them with the full path (validation, normalisation, search index,
 * duplicate check), times `sqlite3 new.db .import` of the same file into a
 * plain table in the same run, and prints both rates, their ratio and the
 * peak memory. With --undo it then times undoing the import.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>

#include "kontor-core.h"
#include "kontor-import.h"

static const char * const first_names[] = {
  "Иван", "Мария", "Пётр", "Анна", "Сергей", "Ольга", "John", "Emily", "Дмитрий", "Елена",
};
static const char * const last_names[] = {
  "Иванов", "Смирнова", "Кузнецов", "Попова", "Васильев", "Петрова", "Smith", "Brown",
  "Соколов", "Михайлова",
};
static const char * const positions[] = {
  "Директор", "Менеджер", "Бухгалтер", "Head of Sales", "Инженер",
};

static char *
peak_rss (void)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return g_strdup ("?");
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], "VmHWM:"))
      return g_strdup (g_strstrip (lines[i] + 6));

  return g_strdup ("?");
}

/* Seconds of processor time, user and system, of this process or of its
 * finished children: the fair figure on a busy machine */
static double
cpu_seconds (int who)
{
  struct rusage usage;

  getrusage (who, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static void
generate (const char *path,
          guint       rows)
{
  FILE *file = fopen (path, "w");
  GRand *rand = g_rand_new_with_seed (42);

  g_assert (file != NULL);
  fputs ("Имя,Фамилия,Телефон,E-mail,Должность\n", file);
  for (guint i = 0; i < rows; i++)
    fprintf (file, "%s,%s,+7 (9%02u) %03u-%02u-%02u,user%u@example.com,%s\n",
             first_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (first_names))],
             last_names[g_rand_int_range (rand, 0, G_N_ELEMENTS (last_names))],
             i / 10000000 % 100, i / 10000 % 1000, i / 100 % 100, i % 100, i,
             positions[g_rand_int_range (rand, 0, G_N_ELEMENTS (positions))]);
  fclose (file);
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("kontor-bench-import-XXXXXX", &error);
  g_autofree char *csv = NULL;
  g_autofree char *raw_db = NULL;
  g_autofree char *kontor_db = NULL;
  g_autofree char *rss_before = NULL;
  g_autofree char *rss_after = NULL;
  g_autoptr(KontorRepository) repo = NULL;
  g_autoptr(KontorImport) import = NULL;
  g_autoptr(KontorImportResult) result = NULL;
  g_autoptr(GTimer) timer = g_timer_new ();
  guint rows = 1000000;
  gboolean keep = FALSE;
  gboolean undo = FALSE;
  double raw_seconds, kontor_seconds, raw_cpu, kontor_cpu;
  int status = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--keep"))
        keep = TRUE;
      else if (g_str_equal (argv[i], "--undo"))
        undo = TRUE;
      else
        rows = (guint) g_ascii_strtoull (argv[i], NULL, 10);
    }

  g_assert_no_error (error);
  csv = g_build_filename (dir, "contacts.csv", NULL);
  raw_db = g_build_filename (dir, "raw.db", NULL);
  kontor_db = g_build_filename (dir, "kontor.db", NULL);

  g_timer_start (timer);
  generate (csv, rows);
  printf ("generated %u rows in %.2f s: %s\n", rows, g_timer_elapsed (timer, NULL), csv);

  /* The sqlite3 shell's own .import into a plain table */
  {
    const char *args[] = { "sqlite3", raw_db, ".mode csv", NULL, NULL };
    g_autofree char *import_arg = g_strdup_printf (".import %s t", csv);

    args[3] = import_arg;
    raw_cpu = cpu_seconds (RUSAGE_CHILDREN);
    g_timer_start (timer);
    if (!g_spawn_sync (NULL, (char **) args, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL,
                       &status, &error))
      {
        g_printerr ("sqlite3: %s\n", error->message);
        return 1;
      }
    raw_seconds = g_timer_elapsed (timer, NULL);
    raw_cpu = cpu_seconds (RUSAGE_CHILDREN) - raw_cpu;
    printf ("sqlite3 .import: %.2f s (%.2f s of CPU), %.0f rows/s\n", raw_seconds, raw_cpu,
            rows / raw_seconds);
  }

  rss_before = peak_rss ();
  repo = kontor_repository_open (kontor_db, &error);
  g_assert_no_error (error);

  kontor_cpu = cpu_seconds (RUSAGE_SELF);
  g_timer_start (timer);
  import = kontor_import_new (repo, KONTOR_TYPE_CONTACT, csv, NULL, &error);
  g_assert_no_error (error);
  kontor_import_set_duplicates (import, KONTOR_DUPLICATES_SKIP);
  result = kontor_import_run (import, FALSE, NULL, &error);
  g_assert_no_error (error);
  kontor_seconds = g_timer_elapsed (timer, NULL);
  kontor_cpu = cpu_seconds (RUSAGE_SELF) - kontor_cpu;
  rss_after = peak_rss ();

  printf ("kontor import:   %.2f s (%.2f s of CPU), %.0f rows/s (created %" G_GUINT64_FORMAT
          ", skipped %" G_GUINT64_FORMAT ", errors %" G_GUINT64_FORMAT ")\n",
          kontor_seconds, kontor_cpu, rows / kontor_seconds, result->created, result->skipped,
          result->errors);
  printf ("ratio:           %.2f× the sqlite3 shell in time, %.2f× in CPU (target ≤ 3×)\n",
          kontor_seconds / raw_seconds, kontor_cpu / MAX (raw_cpu, 0.001));
  printf ("peak RSS:        %s before the import, %s after\n", rss_before, rss_after);

  if (undo)
    {
      double undo_seconds, undo_cpu = cpu_seconds (RUSAGE_SELF);

      g_timer_start (timer);
      if (!kontor_import_undo (repo, result->import_id, &error))
        {
          g_printerr ("undo: %s\n", error->message);
          return 1;
        }
      undo_seconds = g_timer_elapsed (timer, NULL);
      undo_cpu = cpu_seconds (RUSAGE_SELF) - undo_cpu;
      printf ("undo:            %.2f s (%.2f s of CPU), %" G_GINT64_FORMAT " contacts left\n",
              undo_seconds, undo_cpu,
              kontor_repository_count (repo, KONTOR_TYPE_CONTACT, NULL));
    }

  g_clear_object (&import);
  g_clear_object (&repo);
  if (!keep)
    {
      g_autofree char *wal = g_strconcat (kontor_db, "-wal", NULL);
      g_autofree char *shm = g_strconcat (kontor_db, "-shm", NULL);

      g_unlink (csv);
      g_unlink (raw_db);
      g_unlink (kontor_db);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }

  return result->created == rows ? 0 : 1;
}
