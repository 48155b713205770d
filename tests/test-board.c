/* test-board.c: the rules behind the deal board
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include <glib/gstdio.h>
#include <sqlite3.h>

#include "kontor-core.h"

typedef struct
{
  char             *dir;
  char             *path;
  KontorRepository *repo;
  gint64            stages[6];  /* New, Qualification, Proposal, Negotiation, Won, Lost */
} Fixture;

static void
fixture_setup (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) stages = NULL;

  fixture->dir = g_dir_make_tmp ("kontor-board-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->repo = kontor_repository_open (fixture->path, &error);
  g_assert_no_error (error);

  stages = kontor_repository_list_stages (fixture->repo,
                                          kontor_repository_get_default_pipeline (fixture->repo),
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (stages), ==, 6);
  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(KontorEntity) stage = g_list_model_get_item (stages, i);
      fixture->stages[i] = kontor_entity_get_id (stage);
    }
}

static void
fixture_teardown (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_assert_finalize_object (fixture->repo);
  dir = g_dir_open (fixture->dir, 0, NULL);
  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *file = g_build_filename (fixture->dir, name, NULL);
      g_unlink (file);
    }
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static gint64
query_int (Fixture    *fixture,
           const char *sql)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return value;
}

static KontorEntity *
add_deal (Fixture    *fixture,
          const char *title,
          guint       stage,
          const char *amount,
          const char *currency)
{
  g_autoptr(GError) error = NULL;
  KontorEntity *deal = KONTOR_ENTITY (kontor_deal_new ());

  kontor_entity_set_text (deal, "title", title);
  kontor_entity_set_int (deal, "stage", fixture->stages[stage]);
  kontor_entity_set_text (deal, "currency", currency);
  kontor_entity_set_from_string (deal, "amount", amount, &error);
  g_assert_no_error (error);
  kontor_repository_save (fixture->repo, deal, &error);
  g_assert_no_error (error);

  return deal;
}

/* The titles of the deals of a stage in board order, "A B C" */
static char *
column_titles (Fixture *fixture,
               guint    stage)
{
  g_autoptr(KontorListModel) model = kontor_list_model_new (fixture->repo, KONTOR_TYPE_DEAL);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->stages[stage]);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) titles = NULL;

  kontor_list_model_add_filter (model, "stage", KONTOR_FILTER_EQ, id, &error);
  g_assert_no_error (error);
  kontor_list_model_set_sort (model, "board_rank", FALSE, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (model)); i++)
    {
      g_autoptr(KontorEntity) deal = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_strv_builder_add (builder, kontor_entity_get_text (deal, "title"));
    }
  titles = g_strv_builder_end (builder);

  return g_strjoinv (" ", titles);
}

static void
test_move_records_history_and_timeline (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = add_deal (fixture, "A", 0, "100", "RUB");
  g_autoptr(GListModel) timeline = NULL;
  g_autoptr(KontorTimelineItem) item = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sql = NULL;

  kontor_board_move_deal (fixture->repo, deal, fixture->stages[2], 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_int (deal, "stage"), ==, fixture->stages[2]);
  g_assert_cmpstr (kontor_entity_get_text (deal, "status"), ==, "open");

  sql = g_strdup_printf ("SELECT count (*) FROM deal_stage_history WHERE deal_id = %"
                         G_GINT64_FORMAT " AND from_stage_id = %" G_GINT64_FORMAT
                         " AND stage_id = %" G_GINT64_FORMAT, kontor_entity_get_id (deal),
                         fixture->stages[0], fixture->stages[2]);
  g_assert_cmpint (query_int (fixture, sql), ==, 1);

  timeline = kontor_repository_list_timeline (fixture->repo, deal, &error);
  g_assert_no_error (error);
  item = g_list_model_get_item (timeline, 0);
  g_assert_cmpstr (kontor_timeline_item_get_event (item), ==, "stage");
  g_assert_nonnull (strstr (kontor_timeline_item_get_text (item), "Proposal"));
}

static void
test_won_and_lost (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = add_deal (fixture, "A", 1, "100", "RUB");
  g_autoptr(GError) error = NULL;

  kontor_board_move_deal (fixture->repo, deal, fixture->stages[4], -1, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kontor_entity_get_text (deal, "status"), ==, "won");
  g_assert_cmpint (kontor_entity_get_int (deal, "closed_at"), ==, 1700000000);

  kontor_board_move_deal (fixture->repo, deal, fixture->stages[5], -1, "Price too high", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kontor_entity_get_text (deal, "status"), ==, "lost");
  g_assert_cmpstr (kontor_entity_get_text (deal, "loss_reason"), ==, "Price too high");
  g_assert_cmpint (kontor_entity_get_int (deal, "closed_at"), !=, 0);

  kontor_board_move_deal (fixture->repo, deal, fixture->stages[0], 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kontor_entity_get_text (deal, "status"), ==, "open");
  g_assert_cmpint (kontor_entity_get_int (deal, "closed_at"), ==, 0);
  g_assert_null (kontor_entity_get_text (deal, "loss_reason"));

  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM deals WHERE status = 'open' "
                              "AND closed_at IS NULL AND loss_reason IS NULL"), ==, 1);
}

static void
test_stage_of_another_pipeline_refused (Fixture       *fixture,
                                        gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = add_deal (fixture, "A", 1, "100", "RUB");
  g_autoptr(KontorPipeline) pipeline = kontor_pipeline_new ();
  g_autoptr(KontorStage) stage = kontor_stage_new ();
  g_autoptr(GError) error = NULL;
  gint64 rank = kontor_entity_get_int (deal, "board_rank");

  kontor_entity_set_text (KONTOR_ENTITY (pipeline), "name", "Partners");
  kontor_repository_save (fixture->repo, KONTOR_ENTITY (pipeline), &error);
  g_assert_no_error (error);
  kontor_entity_set_text (KONTOR_ENTITY (stage), "name", "Talks");
  kontor_entity_set_int (KONTOR_ENTITY (stage), "pipeline",
                         kontor_entity_get_id (KONTOR_ENTITY (pipeline)));
  kontor_repository_save (fixture->repo, KONTOR_ENTITY (stage), &error);
  g_assert_no_error (error);

  g_assert_false (kontor_board_move_deal (fixture->repo, deal,
                                          kontor_entity_get_id (KONTOR_ENTITY (stage)), 0, NULL,
                                          &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_cmpstr (kontor_error_get_field (error), ==, "stage");
  g_assert_cmpint (kontor_entity_get_int (deal, "stage"), ==, fixture->stages[1]);
  g_assert_cmpint (kontor_entity_get_int (deal, "board_rank"), ==, rank);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM deal_stage_history"), ==, 1);
}

static void
test_stage_totals_per_currency (Fixture       *fixture,
                                gconstpointer  data)
{
  g_autoptr(KontorEntity) a = add_deal (fixture, "A", 2, "100.50", "RUB");
  g_autoptr(KontorEntity) b = add_deal (fixture, "B", 2, "50", "RUB");
  g_autoptr(KontorEntity) c = add_deal (fixture, "C", 2, "10", "USD");
  g_autoptr(KontorEntity) d = add_deal (fixture, "D", 3, "7", "RUB");
  g_autoptr(GArray) totals = NULL;
  g_autoptr(GError) error = NULL;
  KontorStageTotal *total;

  kontor_repository_delete (fixture->repo, b, &error);
  g_assert_no_error (error);
  g_clear_object (&b);
  b = add_deal (fixture, "B2", 2, "49.50", "RUB");

  totals = kontor_board_get_stage_totals (fixture->repo, fixture->stages[2], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (totals->len, ==, 2);
  g_assert_cmpint (kontor_board_count_deals (totals), ==, 3);

  total = &g_array_index (totals, KontorStageTotal, 0);
  g_assert_cmpstr (total->currency, ==, "RUB");
  g_assert_cmpint (total->count, ==, 2);
  g_assert_cmpint (total->amount, ==, 15000);
  total = &g_array_index (totals, KontorStageTotal, 1);
  g_assert_cmpstr (total->currency, ==, "USD");
  g_assert_cmpint (total->count, ==, 1);
  g_assert_cmpint (total->amount, ==, 1000);

  g_clear_pointer (&totals, g_array_unref);
  totals = kontor_board_get_stage_totals (fixture->repo, fixture->stages[0], &error);
  g_assert_no_error (error);
  g_assert_cmpuint (totals->len, ==, 0);
}

static void
test_rank_ordering (Fixture       *fixture,
                    gconstpointer  data)
{
  g_autoptr(KontorEntity) a = add_deal (fixture, "A", 0, "1", "RUB");
  g_autoptr(KontorEntity) b = add_deal (fixture, "B", 0, "1", "RUB");
  g_autoptr(KontorEntity) c = add_deal (fixture, "C", 0, "1", "RUB");
  g_autoptr(KontorEntity) x = add_deal (fixture, "X", 1, "1", "RUB");
  g_autoptr(KontorEntity) y = add_deal (fixture, "Y", 1, "1", "RUB");
  g_autoptr(GError) error = NULL;
  g_autofree char *order = NULL;
  gint64 old_stage, old_rank;

  order = column_titles (fixture, 0);
  g_assert_cmpstr (order, ==, "A B C");
  g_clear_pointer (&order, g_free);

  /* Within a column: C to the top, then A to the end */
  kontor_board_move_deal (fixture->repo, c, fixture->stages[0], 0, NULL, &error);
  g_assert_no_error (error);
  order = column_titles (fixture, 0);
  g_assert_cmpstr (order, ==, "C A B");
  g_clear_pointer (&order, g_free);

  kontor_board_move_deal (fixture->repo, a, fixture->stages[0], -1, NULL, &error);
  g_assert_no_error (error);
  order = column_titles (fixture, 0);
  g_assert_cmpstr (order, ==, "C B A");
  g_clear_pointer (&order, g_free);

  /* Across columns, between two cards whose ranks tie (never placed) */
  old_stage = kontor_entity_get_int (b, "stage");
  old_rank = kontor_entity_get_int (b, "board_rank");
  kontor_board_move_deal (fixture->repo, b, fixture->stages[1], 1, NULL, &error);
  g_assert_no_error (error);
  order = column_titles (fixture, 1);
  g_assert_cmpstr (order, ==, "X B Y");
  g_clear_pointer (&order, g_free);

  /* Many cards put into the same gap force a renumbering; the order holds,
   * and objects in memory see the new ranks */
  for (guint i = 0; i < 40; i++)
    {
      KontorEntity *mover = (i % 2 == 0) ? a : c;

      kontor_board_move_deal (fixture->repo, mover, fixture->stages[1], 1, NULL, &error);
      g_assert_no_error (error);
    }
  order = column_titles (fixture, 1);
  g_assert_cmpstr (order, ==, "X C A B Y");
  g_clear_pointer (&order, g_free);
  g_assert_cmpint (kontor_entity_get_int (y, "board_rank"), ==,
                   query_int (fixture, "SELECT board_rank FROM deals WHERE title = 'Y'"));

  /* Undo puts B back where it was */
  kontor_board_restore_deal (fixture->repo, b, old_stage, old_rank, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_int (b, "stage"), ==, fixture->stages[0]);
  g_assert_cmpint (kontor_entity_get_int (b, "board_rank"), ==, old_rank);
  order = column_titles (fixture, 1);
  g_assert_cmpstr (order, ==, "X C A Y");
  g_clear_pointer (&order, g_free);
}

/* A card as the file has it */
typedef struct
{
  gint64 id;
  gint64 rank;
} Card;

/* The live deals of a stage in board order, read straight from the file */
static GArray *
read_column (Fixture *fixture,
             guint    stage)
{
  GArray *cards = g_array_new (FALSE, FALSE, sizeof (Card));
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (fixture->path, &db, SQLITE_OPEN_READONLY, NULL), ==,
                   SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id, board_rank FROM deals WHERE stage_id = ? "
                                       "AND deleted_at IS NULL ORDER BY board_rank, id", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_int64 (stmt, 1, fixture->stages[stage]);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Card card = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };
      g_array_append_val (cards, card);
    }
  sqlite3_finalize (stmt);
  sqlite3_close (db);

  return cards;
}

static gint64
column_rank (GArray *column,
             gint64  id)
{
  for (guint i = 0; i < column->len; i++)
    if (g_array_index (column, Card, i).id == id)
      return g_array_index (column, Card, i).rank;

  g_assert_not_reached ();
}

typedef struct
{
  Fixture *fixture;
  guint    stage;
  guint    n;
  GArray  *ids;
} AddDeals;

static gboolean
add_deals_cb (gpointer   user_data,
              GError   **error)
{
  AddDeals *add = user_data;

  for (guint i = 0; i < add->n; i++)
    {
      g_autofree char *title = g_strdup_printf ("S%u-%03u", add->stage, i);
      g_autoptr(KontorEntity) deal = add_deal (add->fixture, title, add->stage, "1", "RUB");
      gint64 id = kontor_entity_get_id (deal);

      g_array_append_val (add->ids, id);
    }

  return TRUE;
}

/* @n new deals in @stage, never placed: their ranks all tie at 0. The
 * objects are not kept in memory. */
static GArray *
add_deals (Fixture *fixture,
           guint    stage,
           guint    n)
{
  AddDeals add = { fixture, stage, n, g_array_new (FALSE, FALSE, sizeof (gint64)) };
  g_autoptr(GError) error = NULL;

  kontor_repository_run_in_transaction (fixture->repo, add_deals_cb, &add, &error);
  g_assert_no_error (error);

  return add.ids;
}

/* Moves @deal to @position of @stage, checks that the column is @expected
 * with the deal put at @position, and returns how many other deals of the
 * column got a new rank */
static guint
move_and_check (Fixture      *fixture,
                KontorEntity *deal,
                guint         stage,
                gint          position,
                GArray       *expected)
{
  g_autoptr(GArray) before = read_column (fixture, stage);
  g_autoptr(GArray) after = NULL;
  g_autoptr(GHashTable) old_ranks = g_hash_table_new_full (g_int64_hash, g_int64_equal,
                                                           g_free, g_free);
  g_autoptr(GError) error = NULL;
  gint64 id = kontor_entity_get_id (deal);
  guint changed = 0;

  for (guint i = 0; i < before->len; i++)
    g_hash_table_insert (old_ranks, g_memdup2 (&g_array_index (before, Card, i).id, 8),
                         g_memdup2 (&g_array_index (before, Card, i).rank, 8));

  kontor_board_move_deal (fixture->repo, deal, fixture->stages[stage], position, NULL, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < expected->len; i++)
    if (g_array_index (expected, gint64, i) == id)
      {
        g_array_remove_index (expected, i);
        break;
      }
  if (position < 0 || (guint) position > expected->len)
    g_array_append_val (expected, id);
  else
    g_array_insert_val (expected, position, id);

  after = read_column (fixture, stage);
  g_assert_cmpuint (after->len, ==, expected->len);
  for (guint i = 0; i < after->len; i++)
    {
      const Card *card = &g_array_index (after, Card, i);
      const gint64 *old_rank = g_hash_table_lookup (old_ranks, &card->id);

      g_assert_cmpint (card->id, ==, g_array_index (expected, gint64, i));
      if (card->id != id && old_rank != NULL && *old_rank != card->rank)
        changed++;
    }
  g_assert_cmpint (kontor_entity_get_int (deal, "board_rank"), ==, column_rank (after, id));

  return changed;
}

static GArray *
column_ids (Fixture *fixture,
            guint    stage)
{
  g_autoptr(GArray) column = read_column (fixture, stage);
  GArray *ids = g_array_new (FALSE, FALSE, sizeof (gint64));

  for (guint i = 0; i < column->len; i++)
    g_array_append_val (ids, g_array_index (column, Card, i).id);

  return ids;
}

/* Cards dropped one after another into one gap: the order holds, and a
 * move spreads out a few neighbours, never the column */
static void
test_rank_repeated_moves (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(GArray) column = add_deals (fixture, 0, 500);
  g_autoptr(GArray) movers = add_deals (fixture, 1, 400);
  g_autoptr(GArray) expected = column_ids (fixture, 0);
  g_autoptr(GArray) final = NULL;
  g_autoptr(KontorListModel) model = kontor_list_model_new (fixture->repo, KONTOR_TYPE_DEAL);
  g_autoptr(GPtrArray) loaded = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *stage_id = g_strdup_printf ("%" G_GINT64_FORMAT, fixture->stages[0]);
  g_autoptr(GError) error = NULL;
  guint changed, most = 0, spreads = 0, wide_spreads = 0;

  g_assert_cmpint (expected->len, ==, 500);

  /* A board column is open, and a few cards are in memory */
  kontor_list_model_add_filter (model, "stage", KONTOR_FILTER_EQ, stage_id, &error);
  g_assert_no_error (error);
  kontor_list_model_set_sort (model, "board_rank", FALSE, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 500);
  for (guint i = 0; i < 500; i += 25)
    {
      KontorEntity *deal = kontor_repository_find (fixture->repo, KONTOR_TYPE_DEAL,
                                                   g_array_index (column, gint64, i), &error);
      g_assert_no_error (error);
      g_ptr_array_add (loaded, deal);
    }

  /* The first card in the middle of a column never placed spreads out the
   * cards on one side of it only */
  {
    g_autoptr(KontorEntity) deal = kontor_repository_find (fixture->repo, KONTOR_TYPE_DEAL,
                                                           g_array_index (movers, gint64, 0),
                                                           &error);
    g_assert_no_error (error);
    changed = move_and_check (fixture, deal, 0, 250, expected);
    g_assert_cmpuint (changed, >, 0);
    g_assert_cmpuint (changed, <=, 250);
  }

  /* 200 cards into the gap after the first card, then 199 into one in
   * the middle of the column */
  for (guint i = 1; i < movers->len; i++)
    {
      g_autoptr(KontorEntity) deal = kontor_repository_find (fixture->repo, KONTOR_TYPE_DEAL,
                                                             g_array_index (movers, gint64, i),
                                                             &error);
      g_assert_no_error (error);

      changed = move_and_check (fixture, deal, 0, i <= 200 ? 1 : 300, expected);
      g_assert_cmpuint (changed, <=, 64);
      most = MAX (most, changed);
      if (changed > 0)
        spreads++;
      if (changed > 1)
        wide_spreads++;
    }

  /* Ranks run out in a gap every few moves: the spreads did happen, and
   * some took a window of cards on both sides of the gap */
  g_test_message ("%u spreads, %u of more than one card, at most %u cards", spreads,
                  wide_spreads, most);
  g_assert_cmpuint (spreads, >=, 20);
  g_assert_cmpuint (wide_spreads, >=, 5);
  g_assert_cmpuint (most, >, 1);

  /* The open column followed without reading its rows again, and the
   * objects in memory have the ranks of the file */
  final = read_column (fixture, 0);
  g_assert_cmpuint (final->len, ==, 900);
  g_assert_false (kontor_list_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 900);
  for (guint i = 0; i < final->len; i++)
    g_assert_cmpint (kontor_list_model_get_id (model, i), ==, g_array_index (final, Card, i).id);
  for (guint i = 0; i < loaded->len; i++)
    {
      KontorEntity *deal = g_ptr_array_index (loaded, i);

      g_assert_cmpint (kontor_entity_get_int (deal, "board_rank"), ==,
                       column_rank (final, kontor_entity_get_id (deal)));
    }
}

/* A column of cards never placed (all ranks 0): a card put near its top
 * moves a few ranks, not the column's */
static void
test_rank_tied_column (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(GArray) column = add_deals (fixture, 2, 500);
  g_autoptr(GArray) expected = column_ids (fixture, 2);
  g_autoptr(KontorEntity) mover = add_deal (fixture, "M", 3, "1", "RUB");
  g_autoptr(KontorEntity) inside = NULL;
  g_autoptr(KontorEntity) middle = NULL;
  g_autoptr(GError) error = NULL;
  guint changed;

  g_assert_cmpint (query_int (fixture, "SELECT count (DISTINCT board_rank) FROM deals "
                              "WHERE title LIKE 'S2-%'"), ==, 1);
  g_assert_cmpint (query_int (fixture, "SELECT max (abs (board_rank)) FROM deals "
                              "WHERE title LIKE 'S2-%'"), ==, 0);

  changed = move_and_check (fixture, mover, 2, 3, expected);
  g_assert_cmpuint (changed, >, 0);
  g_assert_cmpuint (changed, <=, 16);

  /* A card of the column itself, from far down to near the top */
  inside = kontor_repository_find (fixture->repo, KONTOR_TYPE_DEAL,
                                   g_array_index (column, gint64, 400), &error);
  g_assert_no_error (error);
  changed = move_and_check (fixture, inside, 2, 3, expected);
  g_assert_cmpuint (changed, <=, 16);

  /* Into the middle of the ties: at most the half on the nearer side */
  middle = kontor_repository_find (fixture->repo, KONTOR_TYPE_DEAL,
                                   g_array_index (column, gint64, 450), &error);
  g_assert_no_error (error);
  changed = move_and_check (fixture, middle, 2, 250, expected);
  g_assert_cmpuint (changed, >, 0);
  g_assert_cmpuint (changed, <, 500);
  g_assert_cmpuint (changed, <=, 250);
}

/* To the top, to the end, past the end and between tied cards; the
 * objects in memory follow the ranks a move gave the others */
static void
test_rank_ends_and_ties (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KontorEntity) mover = add_deal (fixture, "M", 0, "1", "RUB");
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GArray) column = NULL;
  guint changed;

  for (guint i = 0; i < 12; i++)
    {
      g_autofree char *title = g_strdup_printf ("T%02u", i);
      g_ptr_array_add (cards, add_deal (fixture, title, 3, "1", "RUB"));
    }
  expected = column_ids (fixture, 3);

  /* Between two tied cards: cards around the gap are spread out, and the
   * objects of those cards in memory have their new ranks */
  changed = move_and_check (fixture, mover, 3, 5, expected);
  g_assert_cmpuint (changed, >, 0);
  column = read_column (fixture, 3);
  for (guint i = 0; i < cards->len; i++)
    {
      KontorEntity *deal = g_ptr_array_index (cards, i);

      g_assert_cmpint (kontor_entity_get_int (deal, "board_rank"), ==,
                       column_rank (column, kontor_entity_get_id (deal)));
    }
  g_clear_pointer (&column, g_array_unref);

  move_and_check (fixture, mover, 3, 0, expected);
  move_and_check (fixture, mover, 3, -1, expected);
  move_and_check (fixture, g_ptr_array_index (cards, 11), 3, 0, expected);
  move_and_check (fixture, g_ptr_array_index (cards, 0), 3, -1, expected);

  /* Past the end is the end */
  move_and_check (fixture, g_ptr_array_index (cards, 3), 3, 99, expected);
  g_assert_cmpint (g_array_index (expected, gint64, expected->len - 1), ==,
                   kontor_entity_get_id (g_ptr_array_index (cards, 3)));

  /* The last cards still tie at 0: between two of them again */
  g_assert_cmpint (kontor_entity_get_int (g_ptr_array_index (cards, 7), "board_rank"), ==, 0);
  g_assert_cmpint (kontor_entity_get_int (g_ptr_array_index (cards, 8), "board_rank"), ==, 0);
  changed = move_and_check (fixture, g_ptr_array_index (cards, 1), 3, 8, expected);
  g_assert_cmpuint (changed, >, 0);
  column = read_column (fixture, 3);
  g_assert_cmpuint (column->len, ==, 13);
  for (guint i = 0; i < cards->len; i++)
    {
      KontorEntity *deal = g_ptr_array_index (cards, i);

      g_assert_cmpint (kontor_entity_get_int (deal, "board_rank"), ==,
                       column_rank (column, kontor_entity_get_id (deal)));
    }
}

/* Ranks at the ends of int64 (an undo may put a card anywhere) are not
 * stepped past: the column is renumbered as a whole instead */
static void
test_rank_limits (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GPtrArray) cards = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) expected = NULL;
  g_autoptr(GArray) column = NULL;
  g_autoptr(GError) error = NULL;
  KontorEntity *first, *second, *last;

  for (guint i = 0; i < 6; i++)
    {
      g_autofree char *title = g_strdup_printf ("L%u", i);
      g_ptr_array_add (cards, add_deal (fixture, title, 2, "1", "RUB"));
    }
  first = g_ptr_array_index (cards, 0);
  second = g_ptr_array_index (cards, 1);
  last = g_ptr_array_index (cards, 5);

  kontor_board_restore_deal (fixture->repo, first, fixture->stages[2], G_MININT64 + 5, NULL,
                             &error);
  g_assert_no_error (error);
  kontor_board_restore_deal (fixture->repo, second, fixture->stages[2], G_MININT64 + 5, NULL,
                             &error);
  g_assert_no_error (error);
  kontor_board_restore_deal (fixture->repo, last, fixture->stages[2], G_MAXINT64 - 5, NULL,
                             &error);
  g_assert_no_error (error);
  expected = column_ids (fixture, 2);
  g_assert_cmpint (g_array_index (expected, gint64, 0), ==, kontor_entity_get_id (first));
  g_assert_cmpint (g_array_index (expected, gint64, 5), ==, kontor_entity_get_id (last));

  /* Past the greatest rank, then between two tied at the least */
  g_assert_cmpuint (move_and_check (fixture, g_ptr_array_index (cards, 2), 2, -1, expected), ==,
                    5);
  g_assert_cmpint (kontor_entity_get_int (last, "board_rank"), ==, 5 * KONTOR_BOARD_RANK_STEP);

  kontor_board_restore_deal (fixture->repo, first, fixture->stages[2], G_MININT64 + 5, NULL,
                             &error);
  g_assert_no_error (error);
  kontor_board_restore_deal (fixture->repo, second, fixture->stages[2], G_MININT64 + 5, NULL,
                             &error);
  g_assert_no_error (error);
  g_clear_pointer (&expected, g_array_unref);
  expected = column_ids (fixture, 2);
  g_assert_cmpuint (move_and_check (fixture, g_ptr_array_index (cards, 3), 2, 1, expected), ==,
                    5);

  column = read_column (fixture, 2);
  for (guint i = 0; i < cards->len; i++)
    {
      KontorEntity *deal = g_ptr_array_index (cards, i);

      g_assert_cmpint (kontor_entity_get_int (deal, "board_rank"), ==,
                       column_rank (column, kontor_entity_get_id (deal)));
      g_assert_cmpint (ABS (kontor_entity_get_int (deal, "board_rank")), <=,
                       6 * KONTOR_BOARD_RANK_STEP);
    }
}

static void
test_adjacent_stage_and_next_activity (Fixture       *fixture,
                                       gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = add_deal (fixture, "A", 0, "1", "RUB");
  g_autoptr(KontorEntity) found = NULL;
  g_autoptr(GError) error = NULL;
  const struct { const char *subject; gint64 due; gboolean done; } activities[] = {
    { "later", 1700090000, FALSE },
    { "no date", 0, FALSE },
    { "done", 1700000100, TRUE },
    { "soonest", 1700050000, FALSE },
  };

  g_assert_cmpint (kontor_board_get_adjacent_stage (fixture->repo, fixture->stages[0], 1, NULL),
                   ==, fixture->stages[1]);
  g_assert_cmpint (kontor_board_get_adjacent_stage (fixture->repo, fixture->stages[0], -1, NULL),
                   ==, 0);
  g_assert_cmpint (kontor_board_get_adjacent_stage (fixture->repo, fixture->stages[5], 1, NULL),
                   ==, 0);
  g_assert_cmpint (kontor_board_get_adjacent_stage (fixture->repo, fixture->stages[5], -1, NULL),
                   ==, fixture->stages[4]);

  found = kontor_board_find_next_activity (fixture->repo, kontor_entity_get_id (deal), &error);
  g_assert_no_error (error);
  g_assert_null (found);

  for (guint i = 0; i < G_N_ELEMENTS (activities); i++)
    {
      g_autoptr(KontorActivity) activity = kontor_activity_new ();
      KontorEntity *entity = KONTOR_ENTITY (activity);

      kontor_entity_set_text (entity, "kind", "call");
      kontor_entity_set_text (entity, "subject", activities[i].subject);
      kontor_entity_set_int (entity, "due_at", activities[i].due);
      kontor_entity_set_bool (entity, "done", activities[i].done);
      kontor_entity_set_int (entity, "deal", kontor_entity_get_id (deal));
      kontor_repository_save (fixture->repo, entity, &error);
      g_assert_no_error (error);
    }

  found = kontor_board_find_next_activity (fixture->repo, kontor_entity_get_id (deal), &error);
  g_assert_no_error (error);
  g_assert_nonnull (found);
  g_assert_cmpstr (kontor_entity_get_text (found, "subject"), ==, "soonest");
}

static void
test_loss_reasons (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) reasons = NULL;
  guint n;

  reasons = kontor_board_list_loss_reasons (fixture->repo, &error);
  g_assert_no_error (error);
  n = g_strv_length (reasons);
  g_assert_cmpuint (n, >=, 3);
  g_assert_true (g_strv_contains ((const char * const *) reasons, "Price too high"));
  g_clear_pointer (&reasons, g_strfreev);

  kontor_board_add_loss_reason (fixture->repo, "  Went bankrupt ", &error);
  g_assert_no_error (error);
  kontor_board_add_loss_reason (fixture->repo, "Went bankrupt", &error);
  g_assert_no_error (error);
  g_assert_false (kontor_board_add_loss_reason (fixture->repo, "  ", &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_clear_error (&error);

  /* The defaults are inserted once only */
  reasons = kontor_board_list_loss_reasons (fixture->repo, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (reasons), ==, n + 1);
  g_assert_cmpstr (reasons[n], ==, "Went bankrupt");
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM loss_reasons"), ==, n + 1);
}

static void
test_reorder_and_delete (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = add_deal (fixture, "A", 2, "1", "RUB");
  g_autoptr(KontorEntity) stage = NULL;
  g_autoptr(KontorEntity) pipeline = NULL;
  g_autoptr(KontorPipeline) other = kontor_pipeline_new ();
  g_autoptr(GListModel) stages = NULL;
  g_autoptr(KontorEntity) first = NULL;
  g_autoptr(GError) error = NULL;

  stage = kontor_repository_find (fixture->repo, KONTOR_TYPE_STAGE, fixture->stages[2], &error);
  g_assert_no_error (error);
  kontor_board_reorder (fixture->repo, stage, -5, &error);
  g_assert_no_error (error);

  stages = kontor_repository_list_stages (fixture->repo, kontor_entity_get_int (stage, "pipeline"),
                                          &error);
  g_assert_no_error (error);
  first = g_list_model_get_item (stages, 0);
  g_assert_true (first == stage);
  g_assert_cmpint (query_int (fixture, "SELECT group_concat (position) FROM "
                              "(SELECT position FROM stages ORDER BY position)"), !=, -1);
  g_assert_cmpint (query_int (fixture, "SELECT count (DISTINCT position) FROM stages"), ==, 6);

  /* A stage or a pipeline with deals stays */
  g_assert_false (kontor_repository_delete (fixture->repo, stage, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT);
  g_clear_error (&error);

  pipeline = kontor_repository_find (fixture->repo, KONTOR_TYPE_PIPELINE,
                                     kontor_entity_get_int (stage, "pipeline"), &error);
  g_assert_no_error (error);
  g_assert_false (kontor_board_delete_pipeline (fixture->repo, pipeline, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT);
  g_clear_error (&error);

  /* Without deals it goes, with its stages; the last one never goes */
  kontor_repository_delete (fixture->repo, deal, &error);
  g_assert_no_error (error);
  g_assert_false (kontor_board_delete_pipeline (fixture->repo, pipeline, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT);
  g_clear_error (&error);

  kontor_entity_set_text (KONTOR_ENTITY (other), "name", "Partners");
  kontor_repository_save (fixture->repo, KONTOR_ENTITY (other), &error);
  g_assert_no_error (error);
  kontor_board_delete_pipeline (fixture->repo, pipeline, &error);
  g_assert_no_error (error);
  g_assert_cmpint (query_int (fixture, "SELECT count (*) FROM stages WHERE deleted_at IS NULL"),
                   ==, 0);
  g_assert_cmpint (kontor_repository_get_default_pipeline (fixture->repo), ==,
                   kontor_entity_get_id (KONTOR_ENTITY (other)));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("KONTOR_NOW", "1700000000", TRUE);
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add ("/board/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("move-records-history-and-timeline", test_move_records_history_and_timeline);
  ADD ("won-and-lost-set-status-and-closed-at", test_won_and_lost);
  ADD ("stage-of-another-pipeline-refused", test_stage_of_another_pipeline_refused);
  ADD ("stage-totals-per-currency", test_stage_totals_per_currency);
  ADD ("rank-ordering-within-columns", test_rank_ordering);
  ADD ("rank-moves-into-one-gap-spread-few-cards", test_rank_repeated_moves);
  ADD ("rank-tied-column-not-renumbered-whole", test_rank_tied_column);
  ADD ("rank-ends-ties-and-objects-in-memory", test_rank_ends_and_ties);
  ADD ("rank-limits-of-int64-renumber-the-column", test_rank_limits);
  ADD ("adjacent-stage-and-next-activity", test_adjacent_stage_and_next_activity);
  ADD ("loss-reasons-seeded-once", test_loss_reasons);
  ADD ("reorder-and-delete-pipelines-and-stages", test_reorder_and_delete);

  return g_test_run ();
}
