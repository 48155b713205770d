/* bench-duplicates.c: duplicate look-up while typing and the whole-database scan
 *
 * kontor-bench-duplicates [CONTACTS] [--keep] [--database PATH]
 *
 * Fills a new database with CONTACTS contacts (1,000,000 by default), each
 * with a phone and an e-mail, one in a hundred a duplicate of its
 * neighbour (the phone written another way, the name in another order),
 * then times kontor_duplicates_find_for() for a contact being typed (the
 * issue asks for under 50 ms) and kontor_duplicates_scan() of all contacts
 * (under 30 s). A second series types a common name ("Иван Иванов",
 * shared by a tenth of the contacts in its words), the worst case of the
 * search-index look-up. --database reuses a file that --keep left.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kontor-core.h"

static const char * const first_names[] = {
  "Иван", "Мария", "Пётр", "Анна", "Сергей", "Ольга", "John", "Emily", "Дмитрий", "Елена",
};
static const char * const last_names[] = {
  "Иванов", "Смирнова", "Кузнецов", "Попова", "Васильев", "Петрова", "Smith", "Brown",
  "Соколов", "Михайлова",
};

static void
check (int         rc,
       sqlite3    *db,
       const char *what)
{
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      g_printerr ("%s: %s\n", what, sqlite3_errmsg (db));
      exit (1);
    }
}

/* A last name made unique by a suffix, so that names rarely collide */
static char *
make_last_name (gint64 i)
{
  GString *name = g_string_new (last_names[i % G_N_ELEMENTS (last_names)]);
  gint64 n = i / G_N_ELEMENTS (last_names);

  g_string_append_c (name, '-');
  do
    {
      g_string_append_c (name, 'a' + (char) (n % 26));
      n /= 26;
    }
  while (n > 0);

  return g_string_free (name, FALSE);
}

static void
fill (const char *path,
      gint64      n)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *contact = NULL, *point = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  check (sqlite3_open (path, &db), db, "open");
  check (sqlite3_exec (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF; BEGIN",
                       NULL, NULL, NULL), db, "begin");
  check (sqlite3_prepare_v2 (db, "INSERT INTO contacts (id, uuid, created_at, updated_at, "
                             "first_name, last_name, normalized_name) VALUES (?, ?, ?, ?, ?, ?, ?)",
                             -1, &contact, NULL), db, "prepare");
  check (sqlite3_prepare_v2 (db, "INSERT INTO contact_points (uuid, created_at, updated_at, "
                             "owner_kind, owner_id, kind, value, normalized) "
                             "VALUES (?, ?, ?, 'contact', ?, ?, ?, ?)", -1, &point, NULL),
         db, "prepare");

  for (gint64 i = 1; i <= n; i++)
    {
      gboolean duplicate = i % 100 == 0;
      gint64 number = duplicate ? i - 1 : i;
      const char *first = first_names[number % G_N_ELEMENTS (first_names)];
      g_autofree char *last = make_last_name (number);
      g_autofree char *normalized_name = kontor_duplicates_normalize_person (first, last);
      g_autofree char *phone = NULL;
      g_autofree char *phone_normalized = NULL;
      g_autofree char *email = NULL;
      g_autofree char *email_normalized = NULL;
      char uuid[3][37];

      /* "+7 912 …" or, for the duplicate, "8 (912) …" of the same number */
      phone = duplicate
              ? g_strdup_printf ("8 (9%02d) %03d-%02d-%02d", (int) (number / 10000000 % 100),
                                 (int) (number / 10000 % 1000), (int) (number / 100 % 100),
                                 (int) (number % 100))
              : g_strdup_printf ("+7 9%02d %03d %02d %02d", (int) (number / 10000000 % 100),
                                 (int) (number / 10000 % 1000), (int) (number / 100 % 100),
                                 (int) (number % 100));
      phone_normalized = g_strdup_printf ("79%09" G_GINT64_FORMAT, number % 1000000000);
      email = g_strdup_printf (duplicate ? "User%" G_GINT64_FORMAT "@Example.com"
                                         : "user%" G_GINT64_FORMAT "@example.com", number);
      email_normalized = g_ascii_strdown (email, -1);

      for (int u = 0; u < 3; u++)
        {
          g_autofree char *random = g_uuid_string_random ();
          memcpy (uuid[u], random, 37);
        }

      sqlite3_bind_text (point, 1, uuid[1], -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (point, 2, now);
      sqlite3_bind_int64 (point, 3, now);
      sqlite3_bind_int64 (point, 4, i);
      sqlite3_bind_text (point, 5, "phone", -1, SQLITE_STATIC);
      sqlite3_bind_text (point, 6, phone, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (point, 7, phone_normalized, -1, SQLITE_TRANSIENT);
      check (sqlite3_step (point), db, "phone");
      sqlite3_reset (point);

      sqlite3_bind_text (point, 1, uuid[2], -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (point, 5, "email", -1, SQLITE_STATIC);
      sqlite3_bind_text (point, 6, email, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (point, 7, email_normalized, -1, SQLITE_TRANSIENT);
      check (sqlite3_step (point), db, "email");
      sqlite3_reset (point);

      /* Inserted after its points: the search index trigger reads them */
      sqlite3_bind_int64 (contact, 1, i);
      sqlite3_bind_text (contact, 2, uuid[0], -1, SQLITE_TRANSIENT);
      sqlite3_bind_int64 (contact, 3, now);
      sqlite3_bind_int64 (contact, 4, now);
      sqlite3_bind_text (contact, 5, duplicate ? last : first, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (contact, 6, duplicate ? first : last, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (contact, 7, normalized_name, -1, SQLITE_TRANSIENT);
      check (sqlite3_step (contact), db, "contact");
      sqlite3_reset (contact);

      if (i % 100000 == 0)
        g_printerr ("  %" G_GINT64_FORMAT " contacts\n", i);
    }

  sqlite3_finalize (contact);
  sqlite3_finalize (point);
  check (sqlite3_exec (db, "COMMIT", NULL, NULL, NULL), db, "commit");
  sqlite3_close (db);
}

static int
compare_double (gconstpointer a,
                gconstpointer b)
{
  double da = *(const double *) a, db = *(const double *) b;

  return da < db ? -1 : da > db;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorRepository) repo = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) common_times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  gboolean keep = FALSE;
  gint64 n = 1000000;
  gint64 start;
  double fill_s = 0, scan_s, total_ms = 0, common_ms = 0;
  guint found_total = 0;

  for (int i = 1; i < argc; i++)
    {
      if (g_str_equal (argv[i], "--keep"))
        keep = TRUE;
      else if (g_str_equal (argv[i], "--database") && i + 1 < argc)
        path = g_strdup (argv[++i]);
      else
        n = g_ascii_strtoll (argv[i], NULL, 10);
    }
  if (n < 100)
    n = 100;

  if (path != NULL)
    keep = TRUE;
  else
    {
      dir = g_dir_make_tmp ("kontor-bench-XXXXXX", &error);
      g_assert_no_error (error);
      path = g_build_filename (dir, "kontor.db", NULL);

      /* The schema, from the program itself */
      repo = kontor_repository_open (path, &error);
      g_assert_no_error (error);
      g_clear_object (&repo);

      g_printerr ("Filling %" G_GINT64_FORMAT " contacts…\n", n);
      start = g_get_monotonic_time ();
      fill (path, n);
      fill_s = (g_get_monotonic_time () - start) / 1e6;
    }

  repo = kontor_repository_open (path, &error);
  g_assert_no_error (error);
  n = kontor_repository_count (repo, KONTOR_TYPE_CONTACT, NULL);

  /* While typing: a new contact whose phone, e-mail or name exists */
  for (int round = 0; round < 200; round++)
    {
      g_autoptr(KontorEntity) typed = KONTOR_ENTITY (kontor_contact_new ());
      g_autoptr(GPtrArray) found = NULL;
      gint64 target = g_random_int_range (1, (gint32) MIN (n, G_MAXINT32));
      g_autofree char *last = make_last_name (target);
      g_autofree char *phone = g_strdup_printf ("89%09" G_GINT64_FORMAT, target % 1000000000);
      g_autofree char *email = g_strdup_printf ("USER%" G_GINT64_FORMAT "@EXAMPLE.COM", target);
      double ms;

      kontor_entity_set_text (typed, "first_name", last);
      kontor_entity_set_text (typed, "last_name",
                              first_names[target % G_N_ELEMENTS (first_names)]);
      kontor_entity_append_to_list (typed, "phone", phone);
      kontor_entity_append_to_list (typed, "email", email);

      start = g_get_monotonic_time ();
      found = kontor_duplicates_find_for (repo, typed, &error);
      ms = (g_get_monotonic_time () - start) / 1e3;
      g_assert_no_error (error);

      found_total += found->len;
      total_ms += ms;
      g_array_append_val (times, ms);
    }
  g_array_sort (times, compare_double);

  /* A common name: many records hold each of its words */
  for (int round = 0; round < 50; round++)
    {
      g_autoptr(KontorEntity) typed = KONTOR_ENTITY (kontor_contact_new ());
      g_autoptr(GPtrArray) found = NULL;
      double ms;

      kontor_entity_set_text (typed, "first_name", first_names[round % G_N_ELEMENTS (first_names)]);
      kontor_entity_set_text (typed, "last_name", last_names[round % G_N_ELEMENTS (last_names)]);

      start = g_get_monotonic_time ();
      found = kontor_duplicates_find_for (repo, typed, &error);
      ms = (g_get_monotonic_time () - start) / 1e3;
      g_assert_no_error (error);

      common_ms += ms;
      g_array_append_val (common_times, ms);
    }
  g_array_sort (common_times, compare_double);

  start = g_get_monotonic_time ();
  groups = kontor_duplicates_scan (repo, KONTOR_TYPE_CONTACT, NULL, NULL, NULL, &error);
  scan_s = (g_get_monotonic_time () - start) / 1e6;
  g_assert_no_error (error);

  printf ("contacts:               %" G_GINT64_FORMAT "\n", n);
  printf ("fill (raw SQL + FTS):   %.1f s\n", fill_s);
  printf ("find_for, 200 lookups:  mean %.2f ms, median %.2f ms, max %.2f ms "
          "(%.1f candidates each)\n",
          total_ms / times->len, g_array_index (times, double, times->len / 2),
          g_array_index (times, double, times->len - 1), (double) found_total / times->len);
  printf ("find_for, common name:  mean %.2f ms, median %.2f ms, max %.2f ms\n",
          common_ms / common_times->len,
          g_array_index (common_times, double, common_times->len / 2),
          g_array_index (common_times, double, common_times->len - 1));
  printf ("scan of all contacts:   %.2f s, %u groups\n", scan_s, groups->len);

  g_clear_object (&repo);
  if (keep)
    printf ("database kept: %s\n", path);
  else
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_remove (path);
      g_remove (wal);
      g_remove (shm);
      if (dir != NULL)
        g_rmdir (dir);
    }

  return 0;
}
