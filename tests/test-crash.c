/* test-crash.c: killing a writer at random moments, and a full disk
 *
 * A crash-worker process writes real transactions in a loop and is killed
 * with SIGKILL after a random 5–200 ms, many times over (KONTOR_CRASH_KILLS,
 * 50 by default); after each kill the file must open and pass SQLite's and
 * Kontor's checks, and every transaction must be wholly there or absent.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>
#include <signal.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "kontor-core.h"
#include "kontor-test-util.h"

/* Whole transactions ------------------------------------------------------ */

static void
assert_consistent (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *integrity = NULL;
  KontorRepository *repo;

  repo = kontor_repository_open (path, &error);
  g_assert_no_error (error);

  g_assert_true (kontor_repository_check (repo, &problems, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) g_ptr_array_index (problems, i));
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_finalize_object (repo);

  integrity = kontor_test_query_text (path, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");

  /* The marker's count and its comments come from the same transactions */
  g_assert_cmpint (kontor_test_query_int (path,
                     "SELECT count(*) FROM contacts c WHERE c.first_name = 'Crash' "
                     "AND c.last_name = 'Marker' AND CAST(c.position AS INTEGER) != "
                     "(SELECT count(*) FROM timeline t WHERE t.entity_kind = 'contact' "
                     "AND t.entity_id = c.id AND t.event = 'comment')"), ==, 0);

  /* An import is all there or absent: the records of every range it
   * created exist (merged ones stay, marked as merged) */
  g_assert_cmpint (kontor_test_query_int (path,
                     "SELECT count(*) FROM import_items i JOIN imports m ON m.id = i.import_id "
                     "WHERE i.action = 'created' AND m.undone_at IS NULL AND i.entity_kind = "
                     "'contact' AND (SELECT count(*) FROM contacts c WHERE c.id BETWEEN "
                     "i.first_id AND i.last_id) != i.last_id - i.first_id + 1"), ==, 0);
  g_assert_cmpint (kontor_test_query_int (path,
                     "SELECT count(*) FROM imports m WHERE m.undone_at IS NULL AND m.created != "
                     "(SELECT coalesce(sum(i.last_id - i.first_id + 1), 0) FROM import_items i "
                     "WHERE i.import_id = m.id AND i.action = 'created' "
                     "AND i.entity_kind = m.entity_kind)"), ==, 0);

  /* One stage history row per recorded move, plus the one of its creation */
  g_assert_cmpint (kontor_test_query_int (path,
                     "SELECT count(*) FROM deals d WHERE "
                     "(SELECT count(*) FROM deal_stage_history h WHERE h.deal_id = d.id) != "
                     "(SELECT count(*) FROM timeline t WHERE t.entity_kind = 'deal' "
                     "AND t.entity_id = d.id AND t.event = 'stage') + 1"), ==, 0);
}

/* Starts a worker; with @wait_ready, returns once it has opened the file
 * and begins its transactions */
static GPid
spawn_worker (const char *path,
              guint       seed,
              const char *limit,
              gboolean    wait_ready,
              int        *out_fd)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *worker = g_test_build_filename (G_TEST_BUILT, "crash-worker", NULL);
  g_autofree char *seed_text = g_strdup_printf ("%u", seed);
  const char *argv[] = { worker, path, seed_text, limit, NULL };
  GPid pid = 0;
  char c = 0;

  g_spawn_async_with_pipes (NULL, (char **) argv, NULL, G_SPAWN_DO_NOT_REAP_CHILD, NULL, NULL,
                            &pid, NULL, out_fd, NULL, &error);
  g_assert_no_error (error);

  while (wait_ready && c != '\n' && read (*out_fd, &c, 1) == 1)
    ;

  return pid;
}

static void
test_worker_runs_clean (void)
{
  g_autofree char *dir = kontor_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "kontor.db", NULL);
  int out = -1;
  GPid pid = spawn_worker (path, 1, "60", FALSE, &out);
  int status = 0;

  g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
  close (out);
  g_assert_true (WIFEXITED (status));
  g_assert_cmpint (WEXITSTATUS (status), ==, 0);

  assert_consistent (path);
  g_assert_cmpint (kontor_test_query_int (path, "SELECT position FROM contacts "
                                                "WHERE first_name = 'Crash'"), ==, 60);
  kontor_test_remove_dir (dir);
}

static void
test_kills_leave_whole_transactions (void)
{
  g_autofree char *dir = kontor_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "kontor.db", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (20261129);
  const char *env = g_getenv ("KONTOR_CRASH_KILLS");
  guint kills = env ? (guint) g_ascii_strtoull (env, NULL, 10) : 50;
  guint killed = 0;
  gint64 transactions = 0, imports = 0, merged = 0;

  for (guint i = 0; i < kills; i++)
    {
      /* One kill in five may come while the file is being opened */
      int out = -1;
      GPid pid = spawn_worker (path, i + 1, NULL, i % 5 != 0, &out);
      int status = 0;

      g_usleep (1000 * g_rand_int_range (rand, 5, 201));
      kill (pid, SIGKILL);
      g_assert_cmpint (waitpid (pid, &status, 0), ==, pid);
      close (out);

      /* The worker never stops by itself: it must have been killed */
      if (!WIFSIGNALED (status))
        g_error ("crash-worker exited with status %d before the kill", WEXITSTATUS (status));
      g_assert_cmpint (WTERMSIG (status), ==, SIGKILL);
      killed++;

      assert_consistent (path);
    }

  transactions = kontor_test_query_int (path, "SELECT coalesce(max(CAST(position AS INTEGER)), 0) "
                                              "FROM contacts WHERE first_name = 'Crash'");
  imports = kontor_test_query_int (path, "SELECT count(*) FROM imports");
  merged = kontor_test_query_int (path, "SELECT count(*) FROM contacts "
                                        "WHERE merged_into_id IS NOT NULL");
  g_test_message ("%u kills survived with zero integrity errors, %" G_GINT64_FORMAT
                  " transactions, %" G_GINT64_FORMAT " imports and %" G_GINT64_FORMAT
                  " merged contacts committed", killed, transactions, imports, merged);
  g_assert_cmpuint (killed, ==, kills);
  kontor_test_remove_dir (dir);
}

/* A full disk ------------------------------------------------------------- */

/* A VFS that forwards to the default one and fails writes with SQLITE_FULL
 * once write_budget bytes are spent (-1: no limit) */
typedef struct
{
  sqlite3_file  base;
  sqlite3_file *real;
} FaultyFile;

static sqlite3_vfs faulty_vfs;
static sqlite3_io_methods faulty_methods;
static sqlite3_vfs *real_vfs;
static gint64 write_budget = -1;

#define REAL(f) (((FaultyFile *) (f))->real)

static int
faulty_close (sqlite3_file *file)
{
  int rc = REAL (file)->pMethods->xClose (REAL (file));

  sqlite3_free (REAL (file));
  return rc;
}

static int
faulty_read (sqlite3_file *file, void *buffer, int amount, sqlite3_int64 offset)
{
  return REAL (file)->pMethods->xRead (REAL (file), buffer, amount, offset);
}

static int
faulty_write (sqlite3_file *file, const void *buffer, int amount, sqlite3_int64 offset)
{
  if (write_budget >= 0)
    {
      if (write_budget < amount)
        return SQLITE_FULL;
      write_budget -= amount;
    }

  return REAL (file)->pMethods->xWrite (REAL (file), buffer, amount, offset);
}

static int
faulty_truncate (sqlite3_file *file, sqlite3_int64 size)
{
  return REAL (file)->pMethods->xTruncate (REAL (file), size);
}

static int
faulty_sync (sqlite3_file *file, int flags)
{
  return REAL (file)->pMethods->xSync (REAL (file), flags);
}

static int
faulty_file_size (sqlite3_file *file, sqlite3_int64 *size)
{
  return REAL (file)->pMethods->xFileSize (REAL (file), size);
}

static int
faulty_lock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xLock (REAL (file), level);
}

static int
faulty_unlock (sqlite3_file *file, int level)
{
  return REAL (file)->pMethods->xUnlock (REAL (file), level);
}

static int
faulty_check_reserved (sqlite3_file *file, int *out)
{
  return REAL (file)->pMethods->xCheckReservedLock (REAL (file), out);
}

static int
faulty_file_control (sqlite3_file *file, int op, void *arg)
{
  return REAL (file)->pMethods->xFileControl (REAL (file), op, arg);
}

static int
faulty_sector_size (sqlite3_file *file)
{
  return REAL (file)->pMethods->xSectorSize (REAL (file));
}

static int
faulty_device_characteristics (sqlite3_file *file)
{
  return REAL (file)->pMethods->xDeviceCharacteristics (REAL (file));
}

static int
faulty_shm_map (sqlite3_file *file, int page, int size, int extend, void volatile **out)
{
  return REAL (file)->pMethods->xShmMap (REAL (file), page, size, extend, out);
}

static int
faulty_shm_lock (sqlite3_file *file, int offset, int n, int flags)
{
  return REAL (file)->pMethods->xShmLock (REAL (file), offset, n, flags);
}

static void
faulty_shm_barrier (sqlite3_file *file)
{
  REAL (file)->pMethods->xShmBarrier (REAL (file));
}

static int
faulty_shm_unmap (sqlite3_file *file, int delete_flag)
{
  return REAL (file)->pMethods->xShmUnmap (REAL (file), delete_flag);
}

static int
faulty_open (sqlite3_vfs *vfs, const char *name, sqlite3_file *file, int flags, int *out_flags)
{
  FaultyFile *faulty = (FaultyFile *) file;
  int rc;

  faulty->base.pMethods = NULL;
  faulty->real = sqlite3_malloc (real_vfs->szOsFile);
  if (faulty->real == NULL)
    return SQLITE_NOMEM;
  memset (faulty->real, 0, real_vfs->szOsFile);

  rc = real_vfs->xOpen (real_vfs, name, faulty->real, flags, out_flags);
  if (faulty->real->pMethods == NULL)
    {
      sqlite3_free (faulty->real);
      return rc;
    }

  faulty->base.pMethods = &faulty_methods;
  return rc;
}

static void
register_faulty_vfs (void)
{
  real_vfs = sqlite3_vfs_find (NULL);

  faulty_methods = (sqlite3_io_methods) {
    .iVersion = 2,
    .xClose = faulty_close,
    .xRead = faulty_read,
    .xWrite = faulty_write,
    .xTruncate = faulty_truncate,
    .xSync = faulty_sync,
    .xFileSize = faulty_file_size,
    .xLock = faulty_lock,
    .xUnlock = faulty_unlock,
    .xCheckReservedLock = faulty_check_reserved,
    .xFileControl = faulty_file_control,
    .xSectorSize = faulty_sector_size,
    .xDeviceCharacteristics = faulty_device_characteristics,
    .xShmMap = faulty_shm_map,
    .xShmLock = faulty_shm_lock,
    .xShmBarrier = faulty_shm_barrier,
    .xShmUnmap = faulty_shm_unmap,
  };

  faulty_vfs = *real_vfs;
  faulty_vfs.zName = "kontor-faulty";
  faulty_vfs.szOsFile = sizeof (FaultyFile);
  faulty_vfs.xOpen = faulty_open;
  faulty_vfs.pNext = NULL;
  g_assert_cmpint (sqlite3_vfs_register (&faulty_vfs, 0), ==, SQLITE_OK);
}

static void
test_full_disk_keeps_file_and_typing (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = kontor_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "kontor.db", NULL);
  g_autofree char *name = NULL;
  g_autofree char *integrity = NULL;
  g_autoptr(KontorEntity) kept = NULL;
  g_autoptr(KontorEntity) contact = NULL;
  KontorRepository *repo;
  gint64 n_contacts;

  g_setenv ("KONTOR_SQLITE_VFS", "kontor-faulty", TRUE);
  repo = kontor_repository_open (path, &error);
  g_assert_no_error (error);
  kept = kontor_test_add_contact (repo, "Анна", "Сохранённая");
  n_contacts = kontor_repository_count (repo, KONTOR_TYPE_CONTACT, NULL);

  /* The disk fills up while a new contact is saved */
  contact = KONTOR_ENTITY (kontor_contact_new ());
  kontor_entity_set_text (contact, "first_name", "Борис");
  kontor_entity_set_text (contact, "last_name", "Набранный");
  write_budget = 0;
  g_assert_false (kontor_repository_save (repo, contact, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_IO);
  g_test_message ("save failed: %s", error->message);
  g_assert_nonnull (strstr (error->message, "full"));
  g_clear_error (&error);

  /* What was typed is still in the object, which is still new */
  g_assert_cmpstr (kontor_entity_get_text (contact, "last_name"), ==, "Набранный");
  g_assert_cmpint (kontor_entity_get_id (contact), ==, 0);

  /* A bigger write fails in its middle */
  write_budget = 20000;
  g_assert_false (kontor_demo_fill (repo, 200, 5, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_IO);
  g_clear_error (&error);

  /* With space again, the same object saves */
  write_budget = -1;
  g_assert_true (kontor_repository_save (repo, contact, &error));
  g_assert_no_error (error);
  g_clear_object (&contact);
  g_clear_object (&kept);
  g_assert_finalize_object (repo);
  g_unsetenv ("KONTOR_SQLITE_VFS");

  integrity = kontor_test_query_text (path, "PRAGMA integrity_check");
  g_assert_cmpstr (integrity, ==, "ok");
  g_assert_cmpint (kontor_test_query_int (path, "SELECT count(*) FROM contacts"), ==,
                   n_contacts + 1);
  name = kontor_test_query_text (path, "SELECT last_name FROM contacts ORDER BY id LIMIT 1");
  g_assert_cmpstr (name, ==, "Сохранённая");
  assert_consistent (path);
  kontor_test_remove_dir (dir);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  register_faulty_vfs ();

  g_test_add_func ("/crash/worker-leaves-a-consistent-file", test_worker_runs_clean);
  g_test_add_func ("/crash/kills-leave-whole-transactions", test_kills_leave_whole_transactions);
  g_test_add_func ("/crash/full-disk-keeps-the-file-and-the-typing",
                   test_full_disk_keeps_file_and_typing);

  return g_test_run ();
}
