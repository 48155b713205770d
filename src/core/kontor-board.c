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

typedef struct
{
  KontorRepository *repository;
  KontorEntity     *deal;
  gint64            stage_id;
  gint              position;
  gint64            rank;
  const char       *loss_reason;
  gboolean          renumbered;
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

/* Gives every deal of the stage but @except_id a rank STEP apart, keeping
 * their order */
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

/* The rank that puts a deal at @position among the other deals of the
 * stage (in board order); -1 puts it after the last one */
static gboolean
compute_rank (MoveData  *data,
              gboolean   may_renumber,
              GError   **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  gint64 deal_id = kontor_entity_get_id (data->deal);
  gint64 prev = 0, next = 0;
  gboolean has_prev = FALSE, has_next = FALSE;
  int rc;

  if (data->position < 0)
    {
      stmt = _kontor_repository_prepare (data->repository,
                                         "SELECT max (board_rank) FROM deals WHERE stage_id = ? "
                                         "AND deleted_at IS NULL AND id != ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, data->stage_id);
      sqlite3_bind_int64 (stmt, 2, deal_id);
      rc = sqlite3_step (stmt);
      if (rc != SQLITE_ROW)
        return _kontor_set_sqlite_error (_kontor_repository_get_db (data->repository), rc, error);
      has_prev = sqlite3_column_type (stmt, 0) != SQLITE_NULL;
      prev = sqlite3_column_int64 (stmt, 0);
    }
  else
    {
      stmt = _kontor_repository_prepare (data->repository,
                                         "SELECT board_rank FROM deals WHERE stage_id = ? "
                                         "AND deleted_at IS NULL AND id != ? "
                                         "ORDER BY board_rank, id LIMIT 2 OFFSET ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, data->stage_id);
      sqlite3_bind_int64 (stmt, 2, deal_id);
      sqlite3_bind_int (stmt, 3, MAX (data->position - 1, 0));

      if (data->position > 0)
        {
          rc = sqlite3_step (stmt);
          if (rc == SQLITE_ROW)
            {
              has_prev = TRUE;
              prev = sqlite3_column_int64 (stmt, 0);
            }
        }
      else
        rc = SQLITE_ROW;

      if (rc == SQLITE_ROW)
        rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          has_next = TRUE;
          next = sqlite3_column_int64 (stmt, 0);
        }
      else if (rc != SQLITE_DONE)
        return _kontor_set_sqlite_error (_kontor_repository_get_db (data->repository), rc, error);
    }
  g_clear_pointer (&stmt, _kontor_stmt_done);

  if (!has_prev && !has_next)
    data->rank = 0;
  else if (!has_next)
    data->rank = prev + KONTOR_BOARD_RANK_STEP;
  else if (!has_prev)
    data->rank = next - KONTOR_BOARD_RANK_STEP;
  else if (next - prev >= 2)
    data->rank = prev + (next - prev) / 2;
  else
    {
      /* No room between the two neighbours (or ties from before any card
       * was placed): spread the column out once and look again */
      g_assert (may_renumber);
      if (!renumber_stage (data->repository, data->stage_id, deal_id, error))
        return FALSE;
      data->renumbered = TRUE;
      return compute_rank (data, FALSE, error);
    }

  return TRUE;
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

static gboolean
run_move (MoveData  *data,
          GError   **error)
{
  if (!kontor_repository_run_in_transaction (data->repository, move_cb, data, error))
    return FALSE;

  /* The other cards of the column got new ranks in the database; the
   * objects in memory must not write the old ones back. This is rare. */
  if (data->renumbered)
    kontor_repository_reload_all (data->repository);

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
  MoveData data = { repository, deal, stage_id, position, 0, loss_reason, FALSE };

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
  MoveData data = { repository, deal, stage_id, G_MININT, board_rank, loss_reason, FALSE };

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
