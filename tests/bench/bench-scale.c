/* bench-scale.c: kontor-bench, a million records through Kontor's real objects
 *
 * Builds (or reuses, with --database PATH) a file with generated contacts,
 * companies, deals and activities, then prints one line per figure: the
 * time through Kontor's list model, board, funnel and report code, and
 * beside it, where one exists, the same query through bare SQLite
 * (sqlite3_prepare/step without Kontor's objects) with the ratio.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "kontor-board.h"
#include "kontor-core.h"
#include "kontor-funnel.h"
#include "../kontor-ticker.h"
#include "kontor-sales-report.h"

#define START_TIME G_GINT64_CONSTANT (1672531200)  /* 2023-01-01 */
#define SPAN       (3 * 365 * 86400)
#define SCREEN     50
#define N_WRITES   20

static gint64 n_contacts = 1000000;
static gint64 n_companies = 100000;
static gint64 n_deals = 1000000;
static gint64 n_activities = 2000000;
static char *database;
static gboolean json;
static gboolean memory_child;
static char *only;
static int n_queries = 100;

static const GOptionEntry entries[] = {
  { "contacts", 0, 0, G_OPTION_ARG_INT64, &n_contacts, "Contacts to generate", "N" },
  { "companies", 0, 0, G_OPTION_ARG_INT64, &n_companies, "Companies to generate", "N" },
  { "deals", 0, 0, G_OPTION_ARG_INT64, &n_deals, "Deals to generate", "N" },
  { "activities", 0, 0, G_OPTION_ARG_INT64, &n_activities, "Activities to generate", "N" },
  { "database", 0, 0, G_OPTION_ARG_FILENAME, &database, "Database file (reused if it exists)",
    "PATH" },
  { "json", 0, 0, G_OPTION_ARG_NONE, &json, "Print the figures as JSON", NULL },
  { "queries", 0, 0, G_OPTION_ARG_INT, &n_queries, "Search queries per figure (100)", "N" },
  { "only", 0, 0, G_OPTION_ARG_STRING, &only,
    "Measure one group: open, list, search, responsive, board, write, report or memory", "GROUP" },
  { "memory-child", 0, G_OPTION_FLAG_HIDDEN, G_OPTION_ARG_NONE, &memory_child, NULL, NULL },
  { NULL }
};

static const char *latin_first[] = {
  "James", "Mary", "Robert", "Patricia", "John", "Jennifer", "Michael", "Linda", "David",
  "Elizabeth", "William", "Barbara", "Richard", "Susan", "Joseph", "Jessica", "Thomas", "Sarah",
  "Charles", "Karen", "Daniel", "Nancy", "Matthew", "Lisa", "Anthony", "Betty", "Mark", "Sandra",
  "Paul", "Ashley", "Steven", "Emily", "Andrew", "Donna", "Kenneth", "Michelle", "Brian", "Carol",
};
static const char *latin_last[] = {
  "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez",
  "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore",
  "Jackson", "Martin", "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez",
  "Lewis", "Robinson", "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen",
  "Hill", "Flores", "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell",
};
static const char *cyrillic_first[] = {
  "Александр", "Мария", "Дмитрий", "Анна", "Максим", "Елена", "Сергей", "Ольга", "Андрей",
  "Наталья", "Алексей", "Татьяна", "Артём", "Ирина", "Илья", "Светлана", "Кирилл", "Юлия",
  "Михаил", "Екатерина", "Никита", "Анастасия", "Матвей", "Дарья", "Роман", "Ксения", "Егор",
  "Виктория", "Арсений", "Полина", "Иван", "Вера", "Денис", "Любовь", "Евгений", "Галина",
};
static const char *cyrillic_last[] = {
  "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов",
  "Новиков", "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров",
  "Павлов", "Козлов", "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин",
  "Захаров", "Зайцев", "Соловьёв", "Борисов", "Яковлев", "Григорьев", "Романов", "Воробьёв",
  "Сергеев", "Кузьмин", "Фролов", "Александров", "Дмитриев", "Королёв", "Гусев", "Киселёв",
};
static const char *positions[] = {
  "CEO", "CTO", "Sales manager", "Accountant", "Buyer", "Engineer", "Директор",
  "Главный бухгалтер", "Менеджер по закупкам", "Инженер", "Юрист", "Логист",
};
static const char *company_words[] = {
  "Alpha", "Nord", "Vector", "Prime", "Global", "Techno", "Stroy", "Trade", "Logistic", "Soft",
  "Альфа", "Север", "Вектор", "Прайм", "Глобал", "Техно", "Строй", "Торг", "Логистик", "Софт",
};

#define PICK(rand, array) ((array)[g_rand_int_range ((rand), 0, G_N_ELEMENTS (array))])

/* Output ------------------------------------------------------------------ */

static GString *json_out;

static void
report (const char *name,
        double      value,
        const char *unit,
        double      baseline,
        double      target)
{
  if (json)
    {
      if (json_out->len > 1)
        g_string_append (json_out, ",\n");
      g_string_append_printf (json_out, "  {\"figure\": \"%s\", \"value\": %.3f, \"unit\": \"%s\"",
                              name, value, unit);
      if (baseline >= 0)
        g_string_append_printf (json_out, ", \"sqlite\": %.3f, \"ratio\": %.2f", baseline,
                                baseline > 0 ? value / baseline : 0);
      if (target >= 0)
        g_string_append_printf (json_out, ", \"target\": %.0f, \"ok\": %s", target,
                                value < target ? "true" : "false");
      g_string_append (json_out, "}");
      return;
    }

  printf ("%-50s %9.2f %-2s", name, value, unit);
  if (baseline >= 0)
    printf ("  sqlite %8.2f %-2s  ×%5.2f", baseline, unit, baseline > 0 ? value / baseline : 0);
  else
    printf ("  %-27s", "");
  if (target >= 0)
    printf ("  target < %.0f %s %s", target, unit, value < target ? "ok" : "MISSED");
  printf ("\n");
}

static double
now_ms (void)
{
  return g_get_monotonic_time () / 1000.0;
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

static double
median (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len / 2);
}

static double
worst (GArray *times)
{
  g_array_sort (times, compare_doubles);
  return g_array_index (times, double, times->len - 1);
}

/* Bare SQLite ------------------------------------------------------------- */

static void
check (sqlite3 *db,
       int      rc,
       int      expected)
{
  if (rc != expected)
    g_error ("SQLite: %s", sqlite3_errmsg (db));
}

static void
exec (sqlite3    *db,
      const char *sql)
{
  check (db, sqlite3_exec (db, sql, NULL, NULL, NULL), SQLITE_OK);
}

static sqlite3_stmt *
prepare (sqlite3    *db,
         const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  check (db, sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), SQLITE_OK);
  return stmt;
}

static void
step (sqlite3      *db,
      sqlite3_stmt *stmt)
{
  check (db, sqlite3_step (stmt), SQLITE_DONE);
  sqlite3_reset (stmt);
}

/* Reads every column of a row and its contact points, as a row object
 * needs them */
static void
bare_read_rows (sqlite3 *db,
                const char *table,
                const char *owner_kind,
                const gint64 *ids,
                guint        n_ids)
{
  g_autofree char *sql = g_strdup_printf ("SELECT * FROM %s WHERE id = ?", table);
  sqlite3_stmt *row = prepare (db, sql);
  sqlite3_stmt *points = prepare (db, "SELECT kind, value, normalized FROM contact_points "
                                      "WHERE owner_kind = ? AND owner_id = ? "
                                      "AND deleted_at IS NULL ORDER BY position, id");

  for (guint i = 0; i < n_ids; i++)
    {
      sqlite3_bind_int64 (row, 1, ids[i]);
      while (sqlite3_step (row) == SQLITE_ROW)
        for (int c = 0; c < sqlite3_column_count (row); c++)
          sqlite3_column_text (row, c);
      sqlite3_reset (row);

      if (owner_kind == NULL)
        continue;
      sqlite3_bind_text (points, 1, owner_kind, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (points, 2, ids[i]);
      while (sqlite3_step (points) == SQLITE_ROW)
        sqlite3_column_text (points, 1);
      sqlite3_reset (points);
    }

  sqlite3_finalize (row);
  sqlite3_finalize (points);
}

/* The ids of a query in order, as the list model reads them, and the
 * first rows */
static double
bare_list (sqlite3    *db,
           const char *sql,
           const char *match,
           guint       skip_rows)
{
  double start = now_ms ();
  sqlite3_stmt *stmt = prepare (db, sql);
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  if (match != NULL)
    sqlite3_bind_text (stmt, 1, match, -1, SQLITE_TRANSIENT);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (ids, id);
    }
  sqlite3_finalize (stmt);

  if (!skip_rows)
    bare_read_rows (db, "contacts", "contact", (gint64 *) ids->data, MIN (ids->len, SCREEN));

  return now_ms () - start;
}

/* Generation -------------------------------------------------------------- */

static void
make_name (GRand      *rand,
           gboolean    cyrillic,
           const char **first,
           const char **last)
{
  *first = cyrillic ? PICK (rand, cyrillic_first) : PICK (rand, latin_first);
  *last = cyrillic ? PICK (rand, cyrillic_last) : PICK (rand, latin_last);
}

static void
generate (const char *path)
{
  g_autoptr(KontorRepository) repo = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  gint64 stages[8], pipeline = 0;
  guint n_stages = 0;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt;
  double start = now_ms ();
  gint64 point_id = 1;

  repo = kontor_repository_open (path, &error);
  if (repo == NULL)
    g_error ("%s", error->message);
  g_clear_object (&repo);

  check (db, sqlite3_open (path, &db), SQLITE_OK);
  /* A throw-away file while loading; the repository turns WAL back on */
  exec (db, "PRAGMA journal_mode = OFF");
  exec (db, "PRAGMA synchronous = OFF");
  exec (db, "PRAGMA cache_size = -500000");

  stmt = prepare (db, "SELECT p.id, s.id FROM pipelines p JOIN stages s ON s.pipeline_id = p.id "
                      "WHERE p.deleted_at IS NULL AND s.deleted_at IS NULL "
                      "ORDER BY p.position, p.id, s.position, s.id");
  while (sqlite3_step (stmt) == SQLITE_ROW && n_stages < 6)
    {
      pipeline = sqlite3_column_int64 (stmt, 0);
      stages[n_stages++] = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  g_assert (n_stages == 6);  /* 4 open, won, lost */

  exec (db, "BEGIN");

  /* The search index triggers stay on: the index is filled as by the app */
  {
    sqlite3_stmt *company = prepare (db, "INSERT INTO companies (id, uuid, created_at, updated_at, "
                                         "name, responsible) VALUES (?, ?, ?, ?, ?, ?)");

    for (gint64 id = 1; id <= n_companies; id++)
      {
        char uuid[32], name[96], manager[32];
        gint64 created = START_TIME + g_rand_int_range (rand, 0, SPAN);

        g_snprintf (uuid, sizeof uuid, "c%" G_GINT64_FORMAT, id);
        g_snprintf (name, sizeof name, "%s%s %" G_GINT64_FORMAT, PICK (rand, company_words),
                    PICK (rand, company_words), id);
        g_snprintf (manager, sizeof manager, "Manager %d", g_rand_int_range (rand, 0, 20));
        sqlite3_bind_int64 (company, 1, id);
        sqlite3_bind_text (company, 2, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (company, 3, created);
        sqlite3_bind_int64 (company, 4, created);
        sqlite3_bind_text (company, 5, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text (company, 6, manager, -1, SQLITE_TRANSIENT);
        step (db, company);
      }
    sqlite3_finalize (company);
  }

  {
    sqlite3_stmt *contact = prepare (db, "INSERT INTO contacts (id, uuid, created_at, updated_at, "
                                         "first_name, last_name, position, company_id, "
                                         "responsible) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
    sqlite3_stmt *point = prepare (db, "INSERT INTO contact_points (id, uuid, created_at, "
                                       "updated_at, owner_kind, owner_id, kind, value, "
                                       "normalized, position) "
                                       "VALUES (?, ?, 0, 0, 'contact', ?, ?, ?, ?, ?)");

    for (gint64 id = 1; id <= n_contacts; id++)
      {
        char uuid[32], phone[32], digits[32], email[64], manager[32];
        const char *first, *last;
        gint64 created = START_TIME + g_rand_int_range (rand, 0, SPAN);
        guint32 number = g_rand_int_range (rand, 0, 10000000);

        make_name (rand, g_rand_boolean (rand), &first, &last);
        g_snprintf (phone, sizeof phone, "+7 9%02u %03u-%02u-%02u", number % 100,
                    number / 100 % 1000, number / 100000 % 100, (guint) (id % 100));
        g_snprintf (digits, sizeof digits, "79%02u%03u%02u%02u", number % 100,
                    number / 100 % 1000, number / 100000 % 100, (guint) (id % 100));
        g_snprintf (email, sizeof email, "user%" G_GINT64_FORMAT "@example.com", id);

        for (int k = 0; k < 2; k++)
          {
            g_snprintf (uuid, sizeof uuid, "p%" G_GINT64_FORMAT, point_id);
            sqlite3_bind_int64 (point, 1, point_id++);
            sqlite3_bind_text (point, 2, uuid, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64 (point, 3, id);
            sqlite3_bind_text (point, 4, k == 0 ? "phone" : "email", -1, SQLITE_STATIC);
            sqlite3_bind_text (point, 5, k == 0 ? phone : email, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text (point, 6, k == 0 ? digits : email, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int (point, 7, 0);
            step (db, point);
          }

        g_snprintf (uuid, sizeof uuid, "k%" G_GINT64_FORMAT, id);
        g_snprintf (manager, sizeof manager, "Manager %d", g_rand_int_range (rand, 0, 20));
        sqlite3_bind_int64 (contact, 1, id);
        sqlite3_bind_text (contact, 2, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (contact, 3, created);
        sqlite3_bind_int64 (contact, 4, created + g_rand_int_range (rand, 0, 86400 * 30));
        sqlite3_bind_text (contact, 5, first, -1, SQLITE_STATIC);
        sqlite3_bind_text (contact, 6, last, -1, SQLITE_STATIC);
        sqlite3_bind_text (contact, 7, PICK (rand, positions), -1, SQLITE_STATIC);
        if (n_companies > 0)
          sqlite3_bind_int64 (contact, 8, g_rand_int_range (rand, 1, n_companies + 1));
        else
          sqlite3_bind_null (contact, 8);
        sqlite3_bind_text (contact, 9, manager, -1, SQLITE_TRANSIENT);
        step (db, contact);
      }
    sqlite3_finalize (contact);
    sqlite3_finalize (point);
  }

  {
    sqlite3_stmt *deal = prepare (db, "INSERT INTO deals (id, uuid, created_at, updated_at, title, "
                                      "pipeline_id, stage_id, status, amount, currency, "
                                      "contact_id, company_id, responsible, closed_at, "
                                      "board_rank, reached_stage_id) "
                                      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    /* A tenth of the deals are open, the rest won or lost */
    gint64 n_open = n_deals / 10;

    for (gint64 id = 1; id <= n_deals; id++)
      {
        char uuid[32], title[96], manager[32];
        gint64 created = START_TIME + g_rand_int_range (rand, 0, SPAN);
        gboolean open = id % 10 == 0 && id / 10 <= n_open;
        int stage = open ? g_rand_int_range (rand, 0, 4) : g_rand_boolean (rand) ? 4 : 5;

        g_snprintf (uuid, sizeof uuid, "d%" G_GINT64_FORMAT, id);
        g_snprintf (title, sizeof title, "%s %s", PICK (rand, company_words),
                    g_rand_boolean (rand) ? "supply" : "поставка");
        g_snprintf (manager, sizeof manager, "Manager %d", g_rand_int_range (rand, 0, 20));
        sqlite3_bind_int64 (deal, 1, id);
        sqlite3_bind_text (deal, 2, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (deal, 3, created);
        sqlite3_bind_int64 (deal, 4, created);
        sqlite3_bind_text (deal, 5, title, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (deal, 6, pipeline);
        sqlite3_bind_int64 (deal, 7, stages[stage]);
        sqlite3_bind_text (deal, 8, stage == 4 ? "won" : stage == 5 ? "lost" : "open", -1,
                           SQLITE_STATIC);
        sqlite3_bind_int64 (deal, 9, g_rand_int_range (rand, 1000, 100000000));
        sqlite3_bind_text (deal, 10, g_rand_int_range (rand, 0, 10) == 0 ? "USD" : "RUB", -1,
                           SQLITE_STATIC);
        if (n_contacts > 0)
          sqlite3_bind_int64 (deal, 11, g_rand_int_range (rand, 1, n_contacts + 1));
        else
          sqlite3_bind_null (deal, 11);
        if (n_companies > 0)
          sqlite3_bind_int64 (deal, 12, g_rand_int_range (rand, 1, n_companies + 1));
        else
          sqlite3_bind_null (deal, 12);
        sqlite3_bind_text (deal, 13, manager, -1, SQLITE_TRANSIENT);
        if (stage >= 4)
          sqlite3_bind_int64 (deal, 14, created + g_rand_int_range (rand, 86400, 90 * 86400));
        else
          sqlite3_bind_null (deal, 14);
        sqlite3_bind_int64 (deal, 15, id * KONTOR_BOARD_RANK_STEP);
        sqlite3_bind_int64 (deal, 16, stages[stage < 4 ? stage : 3]);
        step (db, deal);
      }
    sqlite3_finalize (deal);
  }

  {
    sqlite3_stmt *activity = prepare (db, "INSERT INTO activities (id, uuid, created_at, "
                                          "updated_at, kind, subject, due_at, done, responsible, "
                                          "contact_id, deal_id) "
                                          "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    static const char *kinds[] = { "call", "email", "meeting", "task" };
    static const char *subjects[] = { "Call back", "Send the offer", "Meeting at the office",
                                      "Перезвонить", "Отправить КП", "Встреча в офисе" };

    for (gint64 id = 1; id <= n_activities; id++)
      {
        char uuid[32], manager[32];
        gint64 due = START_TIME + g_rand_int_range (rand, 0, SPAN + 90 * 86400);

        g_snprintf (uuid, sizeof uuid, "a%" G_GINT64_FORMAT, id);
        g_snprintf (manager, sizeof manager, "Manager %d", g_rand_int_range (rand, 0, 20));
        sqlite3_bind_int64 (activity, 1, id);
        sqlite3_bind_text (activity, 2, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64 (activity, 3, due);
        sqlite3_bind_int64 (activity, 4, due);
        sqlite3_bind_text (activity, 5, PICK (rand, kinds), -1, SQLITE_STATIC);
        sqlite3_bind_text (activity, 6, PICK (rand, subjects), -1, SQLITE_STATIC);
        sqlite3_bind_int64 (activity, 7, due);
        sqlite3_bind_int (activity, 8, g_rand_int_range (rand, 0, 3) != 0);
        sqlite3_bind_text (activity, 9, manager, -1, SQLITE_TRANSIENT);
        if (n_contacts > 0)
          sqlite3_bind_int64 (activity, 10, g_rand_int_range (rand, 1, n_contacts + 1));
        else
          sqlite3_bind_null (activity, 10);
        if (n_deals > 0)
          sqlite3_bind_int64 (activity, 11, g_rand_int_range (rand, 1, n_deals + 1));
        else
          sqlite3_bind_null (activity, 11);
        step (db, activity);
      }
    sqlite3_finalize (activity);
  }

  exec (db, "COMMIT");
  sqlite3_close (db);

  report ("generate (contacts, companies, deals, activities)", (now_ms () - start) / 1000.0, "s",
          -1, -1);
}

/* Kontor ------------------------------------------------------------------ */

static void
materialise (GListModel *model,
             guint       position,
             guint       n)
{
  guint n_items = g_list_model_get_n_items (model);

  for (guint i = position; i < position + n && i < n_items; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (model, i);

      g_assert (item != NULL);
    }
}

static void
model_ids (KontorListModel *model,
           guint            position,
           gint64          *ids,
           guint           *n_ids)
{
  guint n_items = g_list_model_get_n_items (G_LIST_MODEL (model));

  *n_ids = 0;
  for (guint i = position; i < position + SCREEN && i < n_items; i++)
    ids[(*n_ids)++] = kontor_list_model_get_id (model, i);
}

static KontorRepository *
open_repository (const char *path)
{
  g_autoptr(GError) error = NULL;
  KontorRepository *repo = kontor_repository_open (path, &error);

  if (repo == NULL)
    g_error ("%s", error->message);
  return repo;
}

static KontorListModel *
contacts_by_name (KontorRepository *repo)
{
  g_autoptr(GError) error = NULL;
  KontorListModel *model = kontor_list_model_new (repo, KONTOR_TYPE_CONTACT);

  if (!kontor_list_model_set_sort (model, "name", FALSE, &error))
    g_error ("%s", error->message);
  /* Shown: the list is read at the first look, before anyone types */
  g_list_model_get_n_items (G_LIST_MODEL (model));
  return model;
}

static const char *name_order =
  "SELECT t.id FROM contacts t WHERE t.deleted_at IS NULL "
  "ORDER BY t.last_name COLLATE NOCASE ASC, t.first_name COLLATE NOCASE ASC, t.id ASC";

static double
time_open (const char *path)
{
  double start = now_ms ();
  g_autoptr(KontorRepository) repo = open_repository (path);
  g_autoptr(KontorListModel) model = contacts_by_name (repo);

  materialise (G_LIST_MODEL (model), 0, SCREEN);
  return now_ms () - start;
}

static double
time_bare_open (const char *path)
{
  double start = now_ms ();
  sqlite3 *db = NULL;
  double ms;

  check (db, sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
  bare_list (db, name_order, NULL, FALSE);
  ms = now_ms () - start;
  sqlite3_close (db);
  return ms;
}

static void
bench_open (const char *path)
{
  g_autoptr(GArray) kontor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  double first = time_open (path);

  report ("open: first rows, first open in this process", first, "ms", -1, -1);
  for (int i = 0; i < 5; i++)
    {
      double k = time_open (path), b = time_bare_open (path);

      g_array_append_val (kontor, k);
      g_array_append_val (bare, b);
    }
  report ("open: first rows, warm", median (kontor), "ms", median (bare), 300);
}

static void
bench_screens (sqlite3         *db,
               KontorListModel *model,
               const char      *label)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (model));
  struct { const char *where; guint position; } places[] = {
    { "start", 0 }, { "middle", n / 2 }, { "end", n > SCREEN ? n - SCREEN : 0 },
  };

  for (guint p = 0; p < G_N_ELEMENTS (places); p++)
    {
      g_autoptr(GArray) kontor = g_array_new (FALSE, FALSE, sizeof (double));
      g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
      g_autofree char *name = g_strdup_printf ("list: 50 rows at the %s, %s", places[p].where,
                                               label);

      for (int run = 0; run < 9; run++)
        {
          /* A new screenful each run: no object is still in the identity map */
          guint position = MIN (places[p].position + run * SCREEN * 3,
                                n > SCREEN ? n - SCREEN : 0);
          gint64 ids[SCREEN];
          guint n_ids;
          double start, k, b;

          if (places[p].position > 0 && p == 2)
            position = places[p].position - run * SCREEN * 3;
          start = now_ms ();
          materialise (G_LIST_MODEL (model), position, SCREEN);
          k = now_ms () - start;
          model_ids (model, MIN (position + SCREEN * 2, n - SCREEN), ids, &n_ids);
          start = now_ms ();
          bare_read_rows (db, "contacts", "contact", ids, n_ids);
          b = now_ms () - start;
          g_array_append_val (kontor, k);
          g_array_append_val (bare, b);
        }
      report (name, median (kontor), "ms", median (bare), 5);
    }
}

static void
bench_list (KontorRepository *repo,
            sqlite3          *db)
{
  g_autoptr(KontorListModel) model = contacts_by_name (repo);
  g_autoptr(GArray) kontor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;

  report ("list: contacts shown", g_list_model_get_n_items (G_LIST_MODEL (model)), "", -1, -1);
  bench_screens (db, model, "by name");

  for (int i = 0; i < 3; i++)
    {
      double start = now_ms (), k, b;

      if (!kontor_list_model_set_sort (model, "updated_at", TRUE, &error))
        g_error ("%s", error->message);
      g_list_model_get_n_items (G_LIST_MODEL (model));
      materialise (G_LIST_MODEL (model), 0, SCREEN);
      k = now_ms () - start;
      b = bare_list (db, "SELECT t.id FROM contacts t WHERE t.deleted_at IS NULL "
                         "ORDER BY t.updated_at DESC, t.id DESC", NULL, FALSE);
      g_array_append_val (kontor, k);
      g_array_append_val (bare, b);

      start = now_ms ();
      if (!kontor_list_model_set_sort (model, "name", FALSE, &error))
        g_error ("%s", error->message);
      materialise (G_LIST_MODEL (model), 0, SCREEN);
      k = now_ms () - start;
      b = bare_list (db, name_order, NULL, FALSE);
      g_array_append_val (kontor, k);
      g_array_append_val (bare, b);
    }
  report ("list: re-sort (name ⇄ updated time)", median (kontor), "ms", median (bare), 500);

  if (!kontor_list_model_set_sort (model, "updated_at", TRUE, &error))
    g_error ("%s", error->message);
  bench_screens (db, model, "by updated time");
}

static void
bench_search (KontorRepository *repo,
              sqlite3          *db)
{
  g_autoptr(KontorListModel) model = contacts_by_name (repo);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  static const guint lengths[] = { 1, 2, 3, 5 };

  for (int cyrillic = 0; cyrillic < 2; cyrillic++)
    for (guint l = 0; l < G_N_ELEMENTS (lengths); l++)
      {
        g_autoptr(GArray) kontor = g_array_new (FALSE, FALSE, sizeof (double));
        g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
        g_autofree char *name = NULL;
        g_autofree char *worst_name = NULL;
        gint64 matches = 0;

        for (int q = 0; q < n_queries; q++)
          {
            const char *first, *last;
            char text[64];
            g_autofree char *match = NULL;
            g_autofree char *sql = NULL;
            double start, k, b;

            make_name (rand, cyrillic, &first, &last);
            g_utf8_strncpy (text, g_rand_boolean (rand) ? first : last, lengths[l]);

            start = now_ms ();
            kontor_list_model_set_search (model, text);
            matches += g_list_model_get_n_items (G_LIST_MODEL (model));
            materialise (G_LIST_MODEL (model), 0, SCREEN);
            k = now_ms () - start;

            match = g_strdup_printf ("\"%s\"*", text);
            b = bare_list (db, "SELECT t.id FROM contacts t WHERE t.deleted_at IS NULL "
                               "AND t.id IN (SELECT rowid - (2 << 40) FROM search_index "
                               "WHERE search_index MATCH ? "
                               "AND rowid BETWEEN (2 << 40) AND (3 << 40) - 1) "
                               "ORDER BY t.last_name COLLATE NOCASE ASC, "
                               "t.first_name COLLATE NOCASE ASC, t.id ASC", match, FALSE);
            g_array_append_val (kontor, k);
            g_array_append_val (bare, b);
          }

        name = g_strdup_printf ("search: %u %s letter%s, median (%" G_GINT64_FORMAT " found)",
                                lengths[l], cyrillic ? "Cyrillic" : "Latin",
                                lengths[l] > 1 ? "s" : "", matches / n_queries);
        worst_name = g_strdup_printf ("search: %u %s letter%s, worst", lengths[l],
                                      cyrillic ? "Cyrillic" : "Latin", lengths[l] > 1 ? "s" : "");
        report (name, median (kontor), "ms", median (bare), 20);
        report (worst_name, worst (kontor), "ms", worst (bare), 100);
      }
}

/* How long the UI thread is held while a list reads in the background:
 * the time the call takes, and the longest gap between two turns of the
 * main loop (a 1 ms timeout stands for the frame clock) until the rows
 * are there */
static void
measure_background (KontorListModel *model,
                    const char      *what,
                    const char      *search)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *blocked_name = g_strdup_printf ("responsive: %s, UI thread blocked", what);
  g_autofree char *gap_name = g_strdup_printf ("responsive: %s, longest main-loop gap", what);
  g_autofree char *done_name = g_strdup_printf ("responsive: %s, rows there after", what);
  KontorTicker ticker;
  double start = now_ms (), blocked;
  guint source;

  if (search == NULL && !kontor_list_model_set_sort (model, "name", FALSE, &error))
    g_error ("%s", error->message);
  else if (search != NULL)
    kontor_list_model_set_search (model, search);
  g_list_model_get_n_items (G_LIST_MODEL (model));
  blocked = now_ms () - start;

  source = kontor_ticker_start (&ticker);
  while (kontor_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (source);
  materialise (G_LIST_MODEL (model), 0, SCREEN);

  report (blocked_name, blocked, "ms", -1, 16);
  report (gap_name, ticker.longest / 1000.0, "ms", -1, 16);
  report (done_name, now_ms () - start, "ms", -1, -1);
}

static void
bench_responsive (KontorRepository *repo)
{
  g_autoptr(KontorListModel) model = kontor_list_model_new (repo, KONTOR_TYPE_CONTACT);

  kontor_list_model_set_background (model, TRUE);
  measure_background (model, "contacts list opens", NULL);
  measure_background (model, "search 1 letter", "м");
  measure_background (model, "search 3 letters", "мар");

  /* Let the workers of superseded reads finish before the model goes */
  while (kontor_list_model_get_loading (model))
    g_main_context_iteration (NULL, TRUE);
}

static GPtrArray *
open_board (KontorRepository *repo,
            gint64            pipeline,
            GArray           *totals_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) stages = kontor_repository_list_stages (repo, pipeline, &error);
  GPtrArray *columns = g_ptr_array_new_with_free_func (g_object_unref);
  double start = now_ms ();

  if (stages == NULL)
    g_error ("%s", error->message);

  for (guint i = 0; i < g_list_model_get_n_items (stages); i++)
    {
      g_autoptr(KontorEntity) stage = g_list_model_get_item (stages, i);
      g_autoptr(GArray) totals = NULL;
      g_autofree char *stage_id = g_strdup_printf ("%" G_GINT64_FORMAT,
                                                   kontor_entity_get_id (stage));
      KontorListModel *column;

      if (g_strcmp0 (kontor_entity_get_text (stage, "semantics"), "open") != 0)
        continue;

      totals = kontor_board_get_stage_totals (repo, kontor_entity_get_id (stage), &error);
      if (totals == NULL)
        g_error ("%s", error->message);

      column = kontor_list_model_new (repo, KONTOR_TYPE_DEAL);
      if (!kontor_list_model_add_filter (column, "stage", KONTOR_FILTER_EQ, stage_id, &error) ||
          !kontor_list_model_set_sort (column, "board_rank", FALSE, &error))
        g_error ("%s", error->message);
      materialise (G_LIST_MODEL (column), 0, SCREEN);
      g_ptr_array_add (columns, column);
      g_array_unref (g_steal_pointer (&totals));
    }

  if (totals_ms != NULL)
    {
      double ms = now_ms () - start;

      g_array_append_val (totals_ms, ms);
    }
  return columns;
}

static double
bare_board (sqlite3 *db,
            gint64   pipeline)
{
  double start = now_ms ();
  sqlite3_stmt *stages = prepare (db, "SELECT id FROM stages WHERE pipeline_id = ? "
                                      "AND deleted_at IS NULL AND semantics = 'open' "
                                      "ORDER BY position, id");
  sqlite3_stmt *totals = prepare (db, "SELECT currency, count(*), sum(amount) FROM deals "
                                      "WHERE stage_id = ? AND deleted_at IS NULL "
                                      "GROUP BY currency");
  sqlite3_stmt *cards = prepare (db, "SELECT t.id FROM deals t WHERE t.deleted_at IS NULL "
                                     "AND t.stage_id = ? ORDER BY t.board_rank, t.id");

  sqlite3_bind_int64 (stages, 1, pipeline);
  while (sqlite3_step (stages) == SQLITE_ROW)
    {
      gint64 stage = sqlite3_column_int64 (stages, 0);
      g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (gint64));

      sqlite3_bind_int64 (totals, 1, stage);
      while (sqlite3_step (totals) == SQLITE_ROW)
        sqlite3_column_int64 (totals, 2);
      sqlite3_reset (totals);

      sqlite3_bind_int64 (cards, 1, stage);
      while (sqlite3_step (cards) == SQLITE_ROW)
        {
          gint64 id = sqlite3_column_int64 (cards, 0);
          g_array_append_val (ids, id);
        }
      sqlite3_reset (cards);
      bare_read_rows (db, "deals", NULL, (gint64 *) ids->data, MIN (ids->len, SCREEN));
    }
  sqlite3_finalize (stages);
  sqlite3_finalize (totals);
  sqlite3_finalize (cards);
  return now_ms () - start;
}

static void
bench_board (KontorRepository *repo,
             sqlite3          *db)
{
  g_autoptr(GArray) kontor = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) bare = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 pipeline = kontor_repository_get_default_pipeline (repo);
  gint64 open = 0;

  for (int i = 0; i < 5; i++)
    {
      g_autoptr(GPtrArray) columns = open_board (repo, pipeline, kontor);
      double b = bare_board (db, pipeline);

      g_array_append_val (bare, b);
      open = 0;
      for (guint c = 0; c < columns->len; c++)
        open += g_list_model_get_n_items (g_ptr_array_index (columns, c));
    }
  report ("board: open deals on the board", open, "", -1, -1);
  report ("board: totals + first 50 cards per column", median (kontor), "ms", median (bare), 300);
}

static void
bench_write (KontorRepository *repo)
{
  g_autoptr(GPtrArray) models = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) saves = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) moves = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) bare_saves = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GPtrArray) columns = NULL;
  KontorListModel *contacts;
  gint64 n_rows = kontor_repository_count (repo, KONTOR_TYPE_CONTACT, NULL);

  /* The save alone, no list open: what the lists' updates add comes on top */
  for (int i = 0; i < N_WRITES; i++)
    {
      g_autoptr(KontorEntity) contact = kontor_repository_find (repo, KONTOR_TYPE_CONTACT,
                                                                1 + (i * 7919) % n_rows, NULL);
      double start;

      if (contact == NULL)
        continue;
      kontor_entity_set_text (contact, "position", i % 2 ? "CEO" : "CTO");
      start = now_ms ();
      if (!kontor_repository_save (repo, contact, &error))
        g_error ("%s", error->message);
      start = now_ms () - start;
      g_array_append_val (bare_saves, start);
    }
  report ("write: save a contact, no list open", median (bare_saves), "ms", -1, -1);

  columns = open_board (repo, kontor_repository_get_default_pipeline (repo), NULL);
  contacts = contacts_by_name (repo);
  KontorListModel *recent = kontor_list_model_new (repo, KONTOR_TYPE_CONTACT);
  KontorListModel *deals = kontor_list_model_new (repo, KONTOR_TYPE_DEAL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (3);

  g_ptr_array_add (models, contacts);
  g_ptr_array_add (models, recent);
  g_ptr_array_add (models, deals);
  if (!kontor_list_model_set_sort (recent, "updated_at", TRUE, &error) ||
      !kontor_list_model_set_sort (deals, "updated_at", TRUE, &error))
    g_error ("%s", error->message);
  /* Open lists are read: a list nobody looked at has nothing to update */
  g_list_model_get_n_items (G_LIST_MODEL (recent));
  g_list_model_get_n_items (G_LIST_MODEL (deals));

  for (int i = 0; i < N_WRITES; i++)
    {
      guint n = g_list_model_get_n_items (G_LIST_MODEL (contacts));
      g_autoptr(KontorEntity) contact = g_list_model_get_item (G_LIST_MODEL (contacts),
                                                               g_rand_int_range (rand, 0, n));
      const char *first, *last;
      double start;

      make_name (rand, g_rand_boolean (rand), &first, &last);
      kontor_entity_set_text (contact, "last_name", last);
      start = now_ms ();
      if (!kontor_repository_save (repo, contact, &error))
        g_error ("%s", error->message);
      start = now_ms () - start;
      g_array_append_val (saves, start);
    }
  report ("write: save a contact, 7 lists open", median (saves), "ms", -1, 16);
  report ("write: save a contact, worst", worst (saves), "ms", -1, -1);

  for (int i = 0; i < N_WRITES; i++)
    {
      KontorListModel *from = g_ptr_array_index (columns, i % columns->len);
      KontorListModel *to = g_ptr_array_index (columns, (i + 1) % columns->len);
      g_autoptr(KontorEntity) deal = g_list_model_get_item (G_LIST_MODEL (from), 0);
      g_autoptr(KontorEntity) card = g_list_model_get_item (G_LIST_MODEL (to), 0);
      gint64 stage = kontor_entity_get_int (card, "stage");
      double start;

      start = now_ms ();
      if (!kontor_board_move_deal (repo, deal, stage, 3, NULL, &error))
        g_error ("%s", error->message);
      start = now_ms () - start;
      g_array_append_val (moves, start);
    }
  report ("write: move a deal on the board, 7 lists open", median (moves), "ms", -1, 16);
  report ("write: move a deal, worst", worst (moves), "ms", -1, -1);
}

static gboolean
run_funnel (KontorRepository *repo)
{
  g_autoptr(GError) error = NULL;
  KontorReportFilter filter = { 0, };
  g_autoptr(KontorFunnel) funnel = kontor_funnel_compute (repo, &filter, NULL, &error);

  if (funnel == NULL)
    g_error ("%s", error->message);
  return funnel->bands->len > 0;
}

static gboolean
run_sales (KontorRepository *repo)
{
  g_autoptr(GError) error = NULL;
  KontorReportFilter filter = { 0, };
  g_autoptr(KontorSalesReport) report = kontor_sales_report_compute (repo, &filter, NULL, &error);

  if (report == NULL)
    g_error ("%s", error->message);
  return report->won_count > 0;
}

static void
bench_reports (KontorRepository *repo)
{
  g_autoptr(GArray) funnel = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) sales = g_array_new (FALSE, FALSE, sizeof (double));

  for (int i = 0; i < 3; i++)
    {
      double start = now_ms ();

      run_funnel (repo);
      start = now_ms () - start;
      g_array_append_val (funnel, start);
      start = now_ms ();
      run_sales (repo);
      start = now_ms () - start;
      g_array_append_val (sales, start);
    }
  report ("report: funnel of all deals", median (funnel), "ms", -1, -1);
  report ("report: sales report of all deals", median (sales), "ms", -1, -1);
}

/* Memory ------------------------------------------------------------------ */

static double
status_mb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, key);
  if (line == NULL)
    return -1;
  return g_ascii_strtoll (line + strlen (key) + 1, NULL, 10) / 1024.0;
}

/* Run in a process of its own so that the peak is this list's */
static int
measure_memory (const char *path)
{
  g_autoptr(KontorRepository) repo = open_repository (path);
  g_autoptr(KontorListModel) model = NULL;
  double before = status_mb ("VmRSS:");
  double start = now_ms ();
  guint n;

  model = contacts_by_name (repo);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  for (guint i = 0; i < n; i += SCREEN)
    materialise (G_LIST_MODEL (model), i, SCREEN);

  g_print ("%f %f %f %u\n", status_mb ("VmHWM:") - before, status_mb ("VmRSS:") - before,
           now_ms () - start, n);
  return 0;
}

static void
bench_memory (const char *self_path,
              const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  const char *argv[] = { self_path, "--memory-child", "--database", path, NULL };
  double peak = 0, rss = 0, ms = 0;
  guint n = 0;
  int status;

  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, &error) ||
      !g_spawn_check_wait_status (status, &error))
    g_error ("%s", error->message);
  if (sscanf (out, "%lf %lf %lf %u", &peak, &rss, &ms, &n) != 4)
    g_error ("Unexpected output of the memory run: %s", out);

  report ("memory: peak RSS, list shown and scrolled to end", peak, "MB", -1, 100);
  report ("memory: RSS after scrolling", rss, "MB", -1, -1);
  report ("memory: time to scroll every row", ms / 1000.0, "s", -1, -1);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— time Kontor on a million records");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(KontorRepository) repo = NULL;
  sqlite3 *db = NULL;
  double run_start, start_cpu_ms;

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  if (memory_child)
    return measure_memory (database);
  n_queries = MAX (n_queries, 1);

  json_out = g_string_new ("[\n");
  if (database != NULL)
    path = g_strdup (database);
  else
    {
      dir = g_dir_make_tmp ("kontor-bench-XXXXXX", &error);
      if (dir == NULL)
        g_error ("%s", error->message);
      path = g_build_filename (dir, "bench.db", NULL);
    }

  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    generate (path);

  {
    struct timespec ts;

    clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
    start_cpu_ms = ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6;
  }

  run_start = now_ms ();
#define WANT(group) (only == NULL || g_str_equal (only, group))
  if (WANT ("open"))
    bench_open (path);

  repo = open_repository (path);
  check (db, sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);

  if (WANT ("list"))
    bench_list (repo, db);
  if (WANT ("search"))
    bench_search (repo, db);
  if (WANT ("responsive"))
    bench_responsive (repo);
  if (WANT ("board"))
    bench_board (repo, db);
  if (WANT ("write"))
    bench_write (repo);
  if (WANT ("report"))
    bench_reports (repo);
  if (WANT ("memory"))
    bench_memory (argv[0], path);
#undef WANT

  /* Other programs on the machine stretch every wall time above: this
   * says by how much (1.0 when the benchmark had a core to itself) */
  {
    struct timespec ts;

    clock_gettime (CLOCK_PROCESS_CPUTIME_ID, &ts);
    report ("run: wall time / CPU time of the measurements",
            (now_ms () - run_start) / (ts.tv_sec * 1000.0 + ts.tv_nsec / 1e6 - start_cpu_ms),
            "", -1, -1);
  }

  sqlite3_close (db);
  g_clear_object (&repo);

  if (json)
    g_print ("%s\n]\n", json_out->str);
  g_string_free (json_out, TRUE);

  if (dir != NULL)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      g_rmdir (dir);
    }

  return 0;
}
