/* kontor-board.c: what the deal board needs from the database
 *
 * Column totals, the order of the cards within a column (deals.board_rank),
 * the next activity of a deal, the loss reasons and the ordering of
 * pipelines and stages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "kontor-board"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>

#include "kontor-activity.h"
#include "kontor-board.h"
#include "kontor-deal.h"
#include "kontor-error.h"
#include "kontor-list-model.h"
#include "kontor-pipeline.h"
#include "kontor-repository-private.h"
#include "kontor-stage.h"

/* Where two neighbouring cards leave no rank between them, a window of
 * cards around the gap is spread out: this many on each side at first,
 * twice as many each time the window is too crowded. */
#define WINDOW_FIRST 8

/* A window is spread only if every card in it, and the moved one, gets at
 * least this far from the next. 64 leaves room for six more cards dropped
 * into any one gap before that part of the column is spread again, while
 * cards a full KONTOR_BOARD_RANK_STEP apart take in 1024 times as many
 * before a window around them has to grow. */
#define MIN_GAP (KONTOR_BOARD_RANK_STEP / 1024)

/* Up to this many respaced cards, the objects in memory get their new rank
 * one by one; above, all are read again (a column whose ranks tie) */
#define UPDATE_ONE_BY_ONE_MAX 256

/* A card of a column: cards are in board order, (board_rank, id) */
typedef struct
{
  gint64 id;
  gint64 rank;
} Card;

typedef struct
{
  KontorRepository *repository;
  KontorEntity     *deal;
  gint64            stage_id;
  gint              position;
  gint64            rank;
  const char       *loss_reason;
  GArray           *respaced;    /* Card: other deals that got a new rank */
  gboolean          renumbered;  /* the whole column did */
} MoveData;

static void
stage_total_clear (gpointer data)
{
  KontorStageTotal *total = data;

  g_clear_pointer (&total->currency, g_free);
}

static gboolean
step_ok (KontorRepository  *repository,
         KontorStmt        *stmt,
         GError           **error)
{
  int rc = sqlite3_step (stmt);

  if (rc == SQLITE_DONE || rc == SQLITE_ROW)
    return TRUE;

  return _kontor_set_sqlite_error (_kontor_repository_get_db (repository), rc, error);
}

/* hi - lo for ranks with lo <= hi, without overflow */
static guint64
rank_span (gint64 lo,
           gint64 hi)
{
  return (guint64) hi - (guint64) lo;
}

/* lo + offset, for an offset that stays within the int64 range */
static gint64
rank_add (gint64  lo,
          guint64 offset)
{
  return (gint64) ((guint64) lo + offset);
}

static gint64
rank_sub (gint64  hi,
          guint64 offset)
{
  return (gint64) ((guint64) hi - offset);
}

/* Gives every deal of the stage but @except_id a rank STEP apart, keeping
 * their order. Only when a spread would leave the range of int64. */
static gboolean
renumber_stage (KontorRepository  *repository,
                gint64             stage_id,
                gint64             except_id,
                GError           **error)
{
  g_autoptr(KontorStmt) stmt = NULL;

  stmt = _kontor_repository_prepare (repository,
                                     "UPDATE deals SET board_rank = r.n * ? FROM "
                                     "(SELECT id, row_number () OVER (ORDER BY board_rank, id) AS n "
                                     "FROM deals WHERE stage_id = ? AND deleted_at IS NULL "
                                     "AND id != ?) AS r WHERE deals.id = r.id", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, KONTOR_BOARD_RANK_STEP);
  sqlite3_bind_int64 (stmt, 2, stage_id);
  sqlite3_bind_int64 (stmt, 3, except_id);

  return step_ok (repository, stmt, error);
}

/* Replaces @cards with up to @limit cards of the column starting at @from
 * (included), in board order when @forward, else backwards. The cards that
 * tie with @from are read apart from the rest: so the index is sought to
 * the id too, and a column of ten thousand tied cards is not walked. */
static gboolean
read_cards (MoveData    *data,
            const Card  *from,
            gboolean     forward,
            guint        limit,
            GArray      *cards,
            GError     **error)
{
  static const char * const sql[2][2] = {
    {
      "SELECT id, board_rank FROM deals WHERE deleted_at IS NULL AND stage_id = ?1 "
      "AND board_rank = ?2 AND id <= ?3 AND id != ?4 ORDER BY id DESC LIMIT ?5",
      "SELECT id, board_rank FROM deals WHERE deleted_at IS NULL AND stage_id = ?1 "
      "AND board_rank < ?2 AND id != ?4 ORDER BY board_rank DESC, id DESC LIMIT ?5",
    },
    {
      "SELECT id, board_rank FROM deals WHERE deleted_at IS NULL AND stage_id = ?1 "
      "AND board_rank = ?2 AND id >= ?3 AND id != ?4 ORDER BY id LIMIT ?5",
      "SELECT id, board_rank FROM deals WHERE deleted_at IS NULL AND stage_id = ?1 "
      "AND board_rank > ?2 AND id != ?4 ORDER BY board_rank, id LIMIT ?5",
    },
  };

  g_array_set_size (cards, 0);

  /* Part 0: the cards that tie with @from; part 1: the others */
  for (guint part = 0; part < 2 && cards->len < limit; part++)
    {
      g_autoptr(KontorStmt) stmt = NULL;
      int rc;

      stmt = _kontor_repository_prepare (data->repository, sql[forward ? 1 : 0][part], error);
      if (stmt == NULL)
        return FALSE;

      sqlite3_bind_int64 (stmt, 1, data->stage_id);
      sqlite3_bind_int64 (stmt, 2, from->rank);
      if (part == 0)
        sqlite3_bind_int64 (stmt, 3, from->id);
      sqlite3_bind_int64 (stmt, 4, kontor_entity_get_id (data->deal));
      sqlite3_bind_int64 (stmt, 5, limit - cards->len);

      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          Card card = { sqlite3_column_int64 (stmt, 0), sqlite3_column_int64 (stmt, 1) };

          g_array_append_val (cards, card);
        }

      if (rc != SQLITE_DONE)
        return _kontor_set_sqlite_error (_kontor_repository_get_db (data->repository), rc, error);
    }

  return TRUE;
}

static gboolean
set_rank (MoveData    *data,
          const Card  *card,
          gint64       rank,
          GError     **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  Card changed = { card->id, rank };

  if (card->rank == rank)
    return TRUE;

  stmt = _kontor_repository_prepare (data->repository,
                                     "UPDATE deals SET board_rank = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, rank);
  sqlite3_bind_int64 (stmt, 2, card->id);
  if (!step_ok (data->repository, stmt, error))
    return FALSE;

  g_array_append_val (data->respaced, changed);
  return TRUE;
}

/* The cards of @before (nearest first) and the moved one go STEP apart
 * below @hi, the rank of the card that follows the gap */
static gboolean
spread_down (MoveData  *data,
             GArray    *before,
             gint64     hi,
             GError   **error)
{
  data->rank = rank_sub (hi, KONTOR_BOARD_RANK_STEP);

  for (guint i = 0; i < before->len; i++)
    if (!set_rank (data, &g_array_index (before, Card, i),
                   rank_sub (hi, (guint64) (i + 2) * KONTOR_BOARD_RANK_STEP), error))
      return FALSE;

  return TRUE;
}

/* The moved card and those of @after (nearest first) go STEP apart above
 * @lo, the rank of the card before the gap */
static gboolean
spread_up (MoveData  *data,
           GArray    *after,
           gint64     lo,
           GError   **error)
{
  data->rank = rank_add (lo, KONTOR_BOARD_RANK_STEP);

  for (guint i = 0; i < after->len; i++)
    if (!set_rank (data, &g_array_index (after, Card, i),
                   rank_add (lo, (guint64) (i + 2) * KONTOR_BOARD_RANK_STEP), error))
      return FALSE;

  return TRUE;
}

/* The first @k cards of @before and of @after, and the moved card between
 * them, go @step apart above @lo */
static gboolean
spread_between (MoveData  *data,
                GArray    *before,
                GArray    *after,
                guint      k,
                gint64     lo,
                guint64    step,
                GError   **error)
{
  for (guint i = 0; i < k; i++)
    if (!set_rank (data, &g_array_index (before, Card, i),
                   rank_add (lo, (guint64) (k - i) * step), error))
      return FALSE;

  data->rank = rank_add (lo, (guint64) (k + 1) * step);

  for (guint i = 0; i < k; i++)
    if (!set_rank (data, &g_array_index (after, Card, i),
                   rank_add (lo, (guint64) (k + 2 + i) * step), error))
      return FALSE;

  return TRUE;
}

/* There is no rank between @prev and @next: like an order-maintenance
 * list, a window of cards around the gap is spread out, growing until the
 * ranks of the first cards outside it leave MIN_GAP to each card in it. A
 * window that reaches an end of the column needs no bound on that side: it
 * is spread from the card on the other side of the gap by STEP, taking the
 * cards on the side of the nearer end only. @done stays FALSE, and
 * nothing is written, when that would leave the range of int64. */
static gboolean
make_room (MoveData    *data,
           const Card  *prev,
           const Card  *next,
           gboolean    *done,
           GError     **error)
{
  g_autoptr(GArray) before = g_array_new (FALSE, FALSE, sizeof (Card));
  g_autoptr(GArray) after = g_array_new (FALSE, FALSE, sizeof (Card));

  *done = FALSE;

  for (guint k = WINDOW_FIRST; ; k *= 2)
    {
      gint64 lo, hi;
      guint64 step;

      if (!read_cards (data, prev, FALSE, k + 1, before, error) ||
          !read_cards (data, next, TRUE, k + 1, after, error))
        return FALSE;

      if (before->len <= k && (after->len > k || before->len <= after->len))
        {
          if ((guint64) (before->len + 1) * KONTOR_BOARD_RANK_STEP >
              rank_span (G_MININT64, next->rank))
            return TRUE;
          *done = TRUE;
          return spread_down (data, before, next->rank, error);
        }

      if (after->len <= k)
        {
          if ((guint64) (after->len + 1) * KONTOR_BOARD_RANK_STEP >
              rank_span (prev->rank, G_MAXINT64))
            return TRUE;
          *done = TRUE;
          return spread_up (data, after, prev->rank, error);
        }

      lo = g_array_index (before, Card, k).rank;
      hi = g_array_index (after, Card, k).rank;
      step = rank_span (lo, hi) / (2 * k + 2);
      if (step >= MIN_GAP)
        {
          *done = TRUE;
          return spread_between (data, before, after, k, lo, step, error);
        }
    }
}

/* The last card of the column */
static gboolean
read_last (MoveData  *data,
           Card      *last,
           gboolean  *found,
           GError   **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  stmt = _kontor_repository_prepare (data->repository,
                                     "SELECT id, board_rank FROM deals WHERE stage_id = ? "
                                     "AND deleted_at IS NULL AND id != ? "
                                     "ORDER BY board_rank DESC, id DESC LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, data->stage_id);
  sqlite3_bind_int64 (stmt, 2, kontor_entity_get_id (data->deal));
  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (data->repository), rc, error);

  *found = rc == SQLITE_ROW;
  if (*found)
    {
      last->id = sqlite3_column_int64 (stmt, 0);
      last->rank = sqlite3_column_int64 (stmt, 1);
    }

  return TRUE;
}

/* The rank that puts a deal at @position among the other deals of the
 * stage (in board order); -1, or a position past the end, puts it after
 * the last one */
static gboolean
compute_rank (MoveData  *data,
              gboolean   may_renumber,
              GError   **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  Card prev = { 0, 0 }, next = { 0, 0 };
  gboolean has_prev = FALSE, has_next = FALSE;
  gboolean done;
  int rc;

  if (data->position >= 0)
    {
      stmt = _kontor_repository_prepare (data->repository,
                                         "SELECT id, board_rank FROM deals WHERE stage_id = ? "
                                         "AND deleted_at IS NULL AND id != ? "
                                         "ORDER BY board_rank, id LIMIT 2 OFFSET ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, data->stage_id);
      sqlite3_bind_int64 (stmt, 2, kontor_entity_get_id (data->deal));
      sqlite3_bind_int (stmt, 3, MAX (data->position - 1, 0));

      rc = SQLITE_ROW;
      if (data->position > 0)
        {
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            {
              has_prev = TRUE;
              prev.id = sqlite3_column_int64 (stmt, 0);
              prev.rank = sqlite3_column_int64 (stmt, 1);
            }
        }

      if (rc == SQLITE_ROW)
        rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          has_next = TRUE;
          next.id = sqlite3_column_int64 (stmt, 0);
          next.rank = sqlite3_column_int64 (stmt, 1);
        }
      else if (rc != SQLITE_DONE)
        return _kontor_set_sqlite_error (_kontor_repository_get_db (data->repository), rc, error);
      g_clear_pointer (&stmt, _kontor_stmt_done);
    }

  if (data->position < 0 || (data->position > 0 && !has_prev))
    {
      if (!read_last (data, &prev, &has_prev, error))
        return FALSE;
    }

  if (!has_prev && !has_next)
    {
      data->rank = 0;
      return TRUE;
    }
  else if (!has_next && prev.rank <= G_MAXINT64 - KONTOR_BOARD_RANK_STEP)
    {
      data->rank = prev.rank + KONTOR_BOARD_RANK_STEP;
      return TRUE;
    }
  else if (!has_prev && next.rank >= G_MININT64 + KONTOR_BOARD_RANK_STEP)
    {
      data->rank = next.rank - KONTOR_BOARD_RANK_STEP;
      return TRUE;
    }
  else if (has_prev && has_next && rank_span (prev.rank, next.rank) >= 2)
    {
      data->rank = rank_add (prev.rank, rank_span (prev.rank, next.rank) / 2);
      return TRUE;
    }

  /* No room between the two neighbours (or ties from before any card was
   * placed): a few cards around the gap are spread out */
  if (has_prev && has_next)
    {
      if (!make_room (data, &prev, &next, &done, error))
        return FALSE;
      if (done)
        return TRUE;
    }

  /* The ranks reach the end of int64: the whole column is renumbered
   * from STEP, once */
  g_assert (may_renumber);
  if (!renumber_stage (data->repository, data->stage_id, kontor_entity_get_id (data->deal),
                       error))
    return FALSE;
  data->renumbered = TRUE;

  return compute_rank (data, FALSE, error);
}

static gboolean
move_cb (gpointer   user_data,
         GError   **error)
{
  MoveData *data = user_data;
  gint64 old_rank = kontor_entity_get_int (data->deal, "board_rank");

  if (data->position != G_MININT && !compute_rank (data, TRUE, error))
    return FALSE;

  kontor_entity_set_int (data->deal, "board_rank", data->rank);
  if (!kontor_repository_move_deal (data->repository, data->deal, data->stage_id,
                                    data->loss_reason, error))
    {
      kontor_entity_set_int (data->deal, "board_rank", old_rank);
      return FALSE;
    }

  return TRUE;
}

/* The other cards that got a new rank in the database: the objects in
 * memory must show it, and must not write the old one back. Their order
 * among themselves and the other cards is the same, so the lists need not
 * read their rows again. */
static void
update_loaded_ranks (MoveData *data)
{
  if (data->renumbered || data->respaced->len > UPDATE_ONE_BY_ONE_MAX)
    {
      kontor_repository_reload_all (data->repository);
      return;
    }

  for (guint i = 0; i < data->respaced->len; i++)
    {
      const Card *card = &g_array_index (data->respaced, Card, i);
      g_autoptr(KontorEntity) deal = NULL;
      g_autoptr(GError) error = NULL;

      deal = kontor_repository_find (data->repository, KONTOR_TYPE_DEAL, card->id, &error);
      if (deal == NULL)
        {
          g_debug ("Could not update the rank of deal %" G_GINT64_FORMAT ": %s",
                   card->id, error->message);
          continue;
        }

      kontor_entity_set_int (deal, "board_rank", card->rank);
    }
}

static gboolean
run_move (MoveData  *data,
          GError   **error)
{
  g_autoptr(GArray) respaced = g_array_new (FALSE, FALSE, sizeof (Card));

  data->respaced = respaced;
  if (!kontor_repository_run_in_transaction (data->repository, move_cb, data, error))
    return FALSE;

  update_loaded_ranks (data);

  return TRUE;
}

static gint64
query_one (KontorRepository  *repository,
           const char        *sql,
           gint64             param,
           GError           **error)
{
  g_autoptr(KontorStmt) stmt = _kontor_repository_prepare (repository, sql, error);

  if (stmt == NULL)
    return -1;

  sqlite3_bind_int64 (stmt, 1, param);
  switch (sqlite3_step (stmt))
    {
    case SQLITE_ROW:
      return sqlite3_column_int64 (stmt, 0);
    case SQLITE_DONE:
      return 0;
    default:
      _kontor_set_sqlite_error (_kontor_repository_get_db (repository),
                                sqlite3_errcode (_kontor_repository_get_db (repository)), error);
      return -1;
    }
}

static gboolean
seed_loss_reasons (KontorRepository  *repository,
                   GError           **error)
{
  static const char * const defaults[] = {
    N_("Price too high"),
    N_("Chose a competitor"),
    N_("No budget"),
    N_("No answer from the client"),
    N_("Need went away"),
    N_("Other"),
  };
  g_autoptr(KontorStmt) stmt = NULL;

  stmt = _kontor_repository_prepare (repository,
                                     "SELECT 1 FROM board_settings "
                                     "WHERE key = 'loss-reasons-seeded'", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return TRUE;
  g_clear_pointer (&stmt, _kontor_stmt_done);

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    if (!kontor_board_add_loss_reason (repository, _(defaults[i]), error))
      return FALSE;

  return _kontor_repository_exec (repository,
                                  "INSERT INTO board_settings (key, value) "
                                  "VALUES ('loss-reasons-seeded', '1')", error);
}

static gboolean
seed_loss_reasons_cb (gpointer   user_data,
                      GError   **error)
{
  return seed_loss_reasons (user_data, error);
}

/**
 * kontor_board_get_stage_totals:
 *
 * Returns: (transfer full): a #GArray of #KontorStageTotal, one per
 *   currency of the stage's deals, ordered by currency
 */
GArray *
kontor_board_get_stage_totals (KontorRepository  *repository,
                               gint64             stage_id,
                               GError           **error)
{
  g_autoptr(GArray) totals = g_array_new (FALSE, TRUE, sizeof (KontorStageTotal));
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  g_array_set_clear_func (totals, stage_total_clear);

  stmt = _kontor_repository_prepare (repository,
                                     "SELECT currency, count (*), sum (amount) FROM deals "
                                     "WHERE stage_id = ? AND deleted_at IS NULL "
                                     "GROUP BY currency ORDER BY currency", error);
  if (stmt == NULL)
    return NULL;

  sqlite3_bind_int64 (stmt, 1, stage_id);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      KontorStageTotal total = {
        g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
        sqlite3_column_int64 (stmt, 1),
        sqlite3_column_int64 (stmt, 2),
      };

      g_array_append_val (totals, total);
    }

  if (rc != SQLITE_DONE)
    {
      _kontor_set_sqlite_error (_kontor_repository_get_db (repository), rc, error);
      return NULL;
    }

  return g_steal_pointer (&totals);
}

gint64
kontor_board_count_deals (GArray *totals)
{
  gint64 count = 0;

  for (guint i = 0; totals != NULL && i < totals->len; i++)
    count += g_array_index (totals, KontorStageTotal, i).count;

  return count;
}

/**
 * kontor_board_move_deal:
 * @position: where the deal goes among the other deals of the stage, in
 *   board order; -1 puts it last
 *
 * Moves @deal to @stage_id (the same rules as kontor_repository_move_deal:
 * history, timeline, won/lost) and puts it at @position, in one transaction.
 */
gboolean
kontor_board_move_deal (KontorRepository  *repository,
                        KontorEntity      *deal,
                        gint64             stage_id,
                        gint               position,
                        const char        *loss_reason,
                        GError           **error)
{
  MoveData data = { repository, deal, stage_id, position, 0, loss_reason, NULL, FALSE };

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);
  g_return_val_if_fail (KONTOR_IS_DEAL (deal), FALSE);

  return run_move (&data, error);
}

/* Puts a deal back where it was before a move: the undo of the board */
gboolean
kontor_board_restore_deal (KontorRepository  *repository,
                           KontorEntity      *deal,
                           gint64             stage_id,
                           gint64             board_rank,
                           const char        *loss_reason,
                           GError           **error)
{
  MoveData data = { repository, deal, stage_id, G_MININT, board_rank, loss_reason, NULL,
                     FALSE };

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);
  g_return_val_if_fail (KONTOR_IS_DEAL (deal), FALSE);

  return run_move (&data, error);
}

/**
 * kontor_board_get_adjacent_stage:
 * @direction: -1 for the previous stage, 1 for the next one
 *
 * Returns: the id of the stage before or after @stage_id in its pipeline,
 *   0 if there is none (or on error)
 */
gint64
kontor_board_get_adjacent_stage (KontorRepository  *repository,
                                 gint64             stage_id,
                                 gint               direction,
                                 GError           **error)
{
  g_autoptr(KontorEntity) stage = NULL;
  g_autoptr(GListModel) stages = NULL;
  guint n;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), 0);

  stage = kontor_repository_find (repository, KONTOR_TYPE_STAGE, stage_id, error);
  if (stage == NULL)
    return 0;

  stages = kontor_repository_list_stages (repository, kontor_entity_get_int (stage, "pipeline"),
                                          error);
  if (stages == NULL)
    return 0;

  n = g_list_model_get_n_items (stages);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KontorEntity) item = g_list_model_get_item (stages, i);
      gint64 other = (gint64) i + direction;

      if (kontor_entity_get_id (item) != stage_id)
        continue;

      if (other < 0 || other >= n)
        return 0;

      {
        g_autoptr(KontorEntity) found = g_list_model_get_item (stages, (guint) other);
        return kontor_entity_get_id (found);
      }
    }

  return 0;
}

/**
 * kontor_board_find_next_activity:
 *
 * Returns: (transfer full) (nullable): the open activity of the deal that
 *   is due first (activities without a due time last), or %NULL if there
 *   is none; @error is set only on a failure
 */
KontorEntity *
kontor_board_find_next_activity (KontorRepository  *repository,
                                 gint64             deal_id,
                                 GError           **error)
{
  gint64 id;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  id = query_one (repository,
                  "SELECT id FROM activities WHERE deal_id = ? AND done = 0 "
                  "AND deleted_at IS NULL ORDER BY due_at IS NULL, due_at, id LIMIT 1",
                  deal_id, error);
  if (id <= 0)
    return NULL;

  return kontor_repository_find (repository, KONTOR_TYPE_ACTIVITY, id, error);
}

/**
 * kontor_board_list_loss_reasons:
 *
 * The reasons offered when a deal is lost, in their order. The translated
 * defaults are inserted on first use.
 *
 * Returns: (transfer full): the names
 */
GStrv
kontor_board_list_loss_reasons (KontorRepository  *repository,
                                GError           **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autoptr(KontorStmt) stmt = NULL;
  int rc;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  if (!kontor_repository_run_in_transaction (repository, seed_loss_reasons_cb, repository, error))
    return NULL;

  stmt = _kontor_repository_prepare (repository,
                                     "SELECT name FROM loss_reasons WHERE deleted_at IS NULL "
                                     "ORDER BY position, id", error);
  if (stmt == NULL)
    return NULL;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_strv_builder_add (builder, (const char *) sqlite3_column_text (stmt, 0));

  if (rc != SQLITE_DONE)
    {
      _kontor_set_sqlite_error (_kontor_repository_get_db (repository), rc, error);
      return NULL;
    }

  return g_strv_builder_end (builder);
}

gboolean
kontor_board_add_loss_reason (KontorRepository  *repository,
                              const char        *name,
                              GError           **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  g_autofree char *uuid = g_uuid_string_random ();
  g_autofree char *stripped = g_strstrip (g_strdup (name ? name : ""));
  gint64 now = _kontor_now ();

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);

  if (*stripped == '\0' || g_utf8_strlen (stripped, -1) > 255)
    {
      kontor_set_field_error (error, "loss_reason",
                              _("Loss reason: give a name of 1 to 255 characters"));
      return FALSE;
    }

  stmt = _kontor_repository_prepare (repository,
                                     "INSERT INTO loss_reasons (uuid, created_at, updated_at, "
                                     "name, position) VALUES (?, ?, ?, ?, "
                                     "(SELECT coalesce (max (position), -1) + 1 "
                                     "FROM loss_reasons)) ON CONFLICT DO NOTHING", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_text (stmt, 1, uuid, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 2, now);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_text (stmt, 4, stripped, -1, SQLITE_TRANSIENT);

  return step_ok (repository, stmt, error);
}

/**
 * kontor_board_list_pipelines:
 *
 * Returns: (transfer full): a live list of the pipelines in their order
 */
GListModel *
kontor_board_list_pipelines (KontorRepository  *repository,
                             GError           **error)
{
  g_autoptr(KontorListModel) model = kontor_list_model_new (repository, KONTOR_TYPE_PIPELINE);

  if (!kontor_list_model_set_sort (model, "position", FALSE, error))
    return NULL;

  return G_LIST_MODEL (g_steal_pointer (&model));
}

typedef struct
{
  KontorRepository *repository;
  KontorEntity     *entity;
  gint              delta;
} ReorderData;

static gboolean
reorder_cb (gpointer   user_data,
            GError   **error)
{
  ReorderData *data = user_data;
  g_autoptr(GListModel) siblings = NULL;
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func (g_object_unref);
  gint index = -1, target;

  if (KONTOR_IS_STAGE (data->entity))
    siblings = kontor_repository_list_stages (data->repository,
                                              kontor_entity_get_int (data->entity, "pipeline"),
                                              error);
  else
    siblings = kontor_board_list_pipelines (data->repository, error);
  if (siblings == NULL)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (siblings); i++)
    {
      KontorEntity *item = g_list_model_get_item (siblings, i);

      if (item == data->entity)
        index = (gint) i;
      g_ptr_array_add (items, item);
    }

  if (index < 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND,
                   _("The record to move is not in the list"));
      return FALSE;
    }

  target = CLAMP (index + data->delta, 0, (gint) items->len - 1);
  if (target != index)
    {
      gpointer item = g_ptr_array_steal_index (items, index);
      g_ptr_array_insert (items, target, item);
    }

  for (guint i = 0; i < items->len; i++)
    {
      KontorEntity *item = g_ptr_array_index (items, i);

      if (kontor_entity_get_int (item, "position") == i)
        continue;

      kontor_entity_set_int (item, "position", i);
      if (!kontor_repository_save (data->repository, item, error))
        return FALSE;
    }

  return TRUE;
}

/**
 * kontor_board_reorder:
 * @delta: how many places to move up (negative) or down
 *
 * Moves a stage within its pipeline, or a pipeline within the list of
 * pipelines, renumbering the positions of its siblings.
 */
gboolean
kontor_board_reorder (KontorRepository  *repository,
                      KontorEntity      *stage_or_pipeline,
                      gint               delta,
                      GError           **error)
{
  ReorderData data = { repository, stage_or_pipeline, delta };

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);
  g_return_val_if_fail (KONTOR_IS_STAGE (stage_or_pipeline) ||
                        KONTOR_IS_PIPELINE (stage_or_pipeline), FALSE);

  return kontor_repository_run_in_transaction (repository, reorder_cb, &data, error);
}

static gboolean
delete_pipeline_cb (gpointer   user_data,
                    GError   **error)
{
  ReorderData *data = user_data;
  g_autoptr(GListModel) stages = NULL;

  stages = kontor_repository_list_stages (data->repository, kontor_entity_get_id (data->entity),
                                          error);
  if (stages == NULL)
    return FALSE;

  for (guint i = 0; i < g_list_model_get_n_items (stages); i++)
    {
      g_autoptr(KontorEntity) stage = g_list_model_get_item (stages, i);

      if (!kontor_repository_delete (data->repository, stage, error))
        return FALSE;
    }

  return kontor_repository_delete (data->repository, data->entity, error);
}

/* A pipeline goes with its stages, and only when it has no deals left */
gboolean
kontor_board_delete_pipeline (KontorRepository  *repository,
                              KontorEntity      *pipeline,
                              GError           **error)
{
  ReorderData data = { repository, pipeline, 0 };
  gint64 count;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);
  g_return_val_if_fail (KONTOR_IS_PIPELINE (pipeline), FALSE);

  count = query_one (repository,
                     "SELECT count (*) FROM deals WHERE pipeline_id = ? AND deleted_at IS NULL",
                     kontor_entity_get_id (pipeline), error);
  if (count < 0)
    return FALSE;

  if (count > 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT,
                   g_dngettext (GETTEXT_PACKAGE,
                                "The pipeline still has %" PRId64 " deal; move it to "
                                "another pipeline first",
                                "The pipeline still has %" PRId64 " deals; move them "
                                "to another pipeline first", (gulong) count),
                   count);
      return FALSE;
    }

  count = query_one (repository,
                     "SELECT count (*) FROM pipelines WHERE id != ? AND deleted_at IS NULL",
                     kontor_entity_get_id (pipeline), error);
  if (count < 0)
    return FALSE;
  if (count == 0)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT,
                   _("The last pipeline cannot be deleted"));
      return FALSE;
    }

  return kontor_repository_run_in_transaction (repository, delete_pipeline_cb, &data, error);
}
