/* test-list-model.c: the lazy list of records and its items-changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "kontor-core.h"
#include "kontor-test-util.h"

typedef KontorTestFixture Fixture;

typedef struct
{
  guint n_emissions;
  guint position;
  guint removed;
  guint added;
} ChangeLog;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  ChangeLog  *log)
{
  log->n_emissions++;
  log->position = position;
  log->removed = removed;
  log->added = added;
}

static void
assert_one_change (ChangeLog *log,
                   guint      position,
                   guint      removed,
                   guint      added)
{
  g_assert_cmpuint (log->n_emissions, ==, 1);
  g_assert_cmpuint (log->position, ==, position);
  g_assert_cmpuint (log->removed, ==, removed);
  g_assert_cmpuint (log->added, ==, added);
  *log = (ChangeLog) { 0, };
}

static void
assert_order (KontorListModel *model,
              KontorEntity    *first,
              ...)
{
  va_list args;
  KontorEntity *entity = first;
  guint position = 0;

  va_start (args, first);
  for (; entity != NULL; entity = va_arg (args, KontorEntity *), position++)
    {
      g_autoptr(KontorEntity) item = g_list_model_get_item (G_LIST_MODEL (model), position);

      g_assert_true (item == entity);
      g_assert_cmpint (kontor_list_model_get_id (model, position), ==,
                       kontor_entity_get_id (entity));
      g_assert_cmpint (kontor_list_model_find_id (model, kontor_entity_get_id (entity)), ==,
                       position);
    }
  va_end (args);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, position);
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *counter)
{
  (*counter)++;
}

static void
test_insert_update_delete (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorListModel) model = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);
  g_autoptr(KontorEntity) anna = NULL;
  g_autoptr(KontorEntity) boris = NULL;
  g_autoptr(KontorEntity) vera = NULL;
  ChangeLog log = { 0, };
  guint n_items_notified = 0;

  g_assert_true (g_list_model_get_item_type (G_LIST_MODEL (model)) == KONTOR_TYPE_CONTACT);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), 0));

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &log);
  g_signal_connect (model, "notify::n-items", G_CALLBACK (count_notify), &n_items_notified);

  anna = kontor_test_add_contact (f->repo, "Анна", "Андреева");
  assert_one_change (&log, 0, 0, 1);
  boris = kontor_test_add_contact (f->repo, "Борис", "Борисов");
  assert_one_change (&log, 1, 0, 1);
  vera = kontor_test_add_contact (f->repo, "Вера", "Васильева");
  assert_one_change (&log, 2, 0, 1);
  assert_order (model, anna, boris, vera, NULL);
  g_assert_cmpuint (n_items_notified, ==, 3);

  /* An edit that keeps the order changes no rows: the row follows notify */
  kontor_entity_set_text (boris, "position", "Инженер");
  g_assert_true (kontor_repository_save (f->repo, boris, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.n_emissions, ==, 0);

  /* Sorted by last name, a rename moves a row: one minimal change */
  g_assert_true (kontor_list_model_set_sort (model, "last_name", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.n_emissions, ==, 0);
  assert_order (model, anna, boris, vera, NULL);

  kontor_entity_set_text (anna, "last_name", "Яковлева");
  g_assert_true (kontor_repository_save (f->repo, anna, &error));
  g_assert_no_error (error);
  assert_one_change (&log, 0, 3, 3);
  assert_order (model, boris, vera, anna, NULL);

  kontor_entity_set_text (vera, "last_name", "Ведерникова");
  g_assert_true (kontor_repository_save (f->repo, vera, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (log.n_emissions, ==, 0);

  /* Delete removes exactly its row, undelete puts it back */
  g_assert_true (kontor_repository_delete (f->repo, vera, &error));
  g_assert_no_error (error);
  assert_one_change (&log, 1, 1, 0);
  assert_order (model, boris, anna, NULL);

  g_assert_true (kontor_repository_undelete (f->repo, vera, &error));
  g_assert_no_error (error);
  assert_one_change (&log, 1, 0, 1);
  assert_order (model, boris, vera, anna, NULL);

  /* Other kinds do not disturb the list */
  {
    g_autoptr(KontorEntity) deal = kontor_test_add_deal (f->repo, "Unrelated", 0);
  }
  g_assert_cmpuint (log.n_emissions, ==, 0);
}

static KontorEntity *
add_deal (Fixture    *f,
          const char *title,
          const char *amount,
          gint64      stage)
{
  g_autoptr(GError) error = NULL;
  KontorEntity *deal = KONTOR_ENTITY (kontor_deal_new ());

  kontor_entity_set_text (deal, "title", title);
  kontor_entity_set_text (deal, "currency", "RUB");
  g_assert_true (kontor_entity_set_from_string (deal, "amount", amount, &error));
  kontor_entity_set_int (deal, "stage", stage);
  g_assert_true (kontor_repository_save (f->repo, deal, &error));
  g_assert_no_error (error);

  return deal;
}

static void
test_sort (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorListModel) model = kontor_list_model_new (f->repo, KONTOR_TYPE_DEAL);
  g_autoptr(KontorEntity) small = add_deal (f, "Beta", "100", 0);
  g_autoptr(KontorEntity) large = add_deal (f, "alpha", "50000.50", 0);
  g_autoptr(KontorEntity) middle = add_deal (f, "Gamma", "2500", 0);
  ChangeLog log = { 0, };

  assert_order (model, small, large, middle, NULL);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &log);

  g_assert_true (kontor_list_model_set_sort (model, "amount", FALSE, &error));
  g_assert_no_error (error);
  assert_order (model, small, middle, large, NULL);
  g_assert_cmpuint (log.n_emissions, ==, 1);
  log = (ChangeLog) { 0, };

  g_assert_true (kontor_list_model_set_sort (model, "amount", TRUE, &error));
  g_assert_no_error (error);
  assert_order (model, large, middle, small, NULL);
  g_assert_cmpstr (kontor_list_model_get_sort_field (model), ==, "amount");
  g_assert_true (kontor_list_model_get_sort_descending (model));
  /* large, middle, small → only the two ends swap */
  assert_one_change (&log, 0, 3, 3);

  g_assert_true (kontor_list_model_set_sort (model, "title", FALSE, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 3);

  g_assert_true (kontor_list_model_set_sort (model, "created_at", TRUE, &error));
  g_assert_no_error (error);

  g_assert_false (kontor_list_model_set_sort (model, "no_such_field", FALSE, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_cmpstr (kontor_error_get_field (error), ==, "no_such_field");
}

static void
test_filters (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorListModel) model = kontor_list_model_new (f->repo, KONTOR_TYPE_DEAL);
  g_autoptr(KontorEntity) won = add_deal (f, "Won deal", "1500.50", kontor_test_stage_id (f->repo, 4));
  g_autoptr(KontorEntity) open = add_deal (f, "Open deal", "999.99", kontor_test_stage_id (f->repo, 1));
  g_autoptr(KontorEntity) open2 = add_deal (f, "Open big", "20000", kontor_test_stage_id (f->repo, 2));
  g_autoptr(KontorEntity) late = NULL;
  g_autofree char *proposal = g_strdup_printf ("%" G_GINT64_FORMAT, kontor_test_stage_id (f->repo, 2));

  g_assert_true (kontor_list_model_add_filter (model, "status", KONTOR_FILTER_EQ, "open", &error));
  g_assert_no_error (error);
  assert_order (model, open, open2, NULL);

  g_assert_true (kontor_list_model_add_filter (model, "amount", KONTOR_FILTER_GT, "1000", &error));
  g_assert_no_error (error);
  assert_order (model, open2, NULL);

  kontor_list_model_clear_filters (model);
  assert_order (model, won, open, open2, NULL);

  /* Amounts are compared in minor units: 1500.50 > 1500 */
  g_assert_true (kontor_list_model_add_filter (model, "amount", KONTOR_FILTER_GE, "1500.50", &error));
  assert_order (model, won, open2, NULL);
  kontor_list_model_clear_filters (model);

  g_assert_true (kontor_list_model_add_filter (model, "stage", KONTOR_FILTER_EQ, proposal, &error));
  g_assert_no_error (error);
  assert_order (model, open2, NULL);

  /* A new record that matches the filter appears, one that does not stays out */
  late = add_deal (f, "Late", "1", kontor_test_stage_id (f->repo, 2));
  assert_order (model, open2, late, NULL);
  {
    g_autoptr(KontorEntity) other = add_deal (f, "Elsewhere", "1", kontor_test_stage_id (f->repo, 0));
    assert_order (model, open2, late, NULL);
  }
  kontor_list_model_clear_filters (model);

  g_assert_true (kontor_list_model_add_filter (model, "expected_close", KONTOR_FILTER_IS_NULL,
                                               NULL, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
  kontor_list_model_clear_filters (model);

  g_assert_false (kontor_list_model_add_filter (model, "colour", KONTOR_FILTER_EQ, "red", &error));
  g_assert_cmpstr (kontor_error_get_field (error), ==, "colour");
  g_clear_error (&error);

  g_assert_false (kontor_list_model_add_filter (model, "amount", KONTOR_FILTER_EQ, "lots", &error));
  g_assert_cmpstr (kontor_error_get_field (error), ==, "amount");
  g_clear_error (&error);

  /* A filter value is bound, never pasted into SQL */
  g_assert_true (kontor_list_model_add_filter (model, "title", KONTOR_FILTER_EQ,
                                               "'); DROP TABLE deals;--", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  kontor_list_model_clear_filters (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 5);
}

static void
test_items_are_shared_and_released (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KontorListModel *model = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);
  KontorEntity *contact = kontor_test_add_contact (f->repo, "Единственный", NULL);
  KontorEntity *item, *again, *found;

  item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  again = g_list_model_get_item (G_LIST_MODEL (model), 0);
  found = kontor_repository_find (f->repo, KONTOR_TYPE_CONTACT, kontor_entity_get_id (contact),
                                  &error);
  g_assert_no_error (error);
  g_assert_true (item == contact);
  g_assert_true (again == contact);
  g_assert_true (found == contact);

  g_object_unref (item);
  g_object_unref (again);
  g_object_unref (found);
  /* The model holds ids, not objects */
  g_assert_finalize_object (contact);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_cmpstr (kontor_entity_get_text (item, "first_name"), ==, "Единственный");
  g_assert_finalize_object (item);
  g_assert_finalize_object (model);
}

static void
test_bulk_change (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorListModel) model = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);
  ChangeLog log = { 0, };
  gint64 n;

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &log);
  g_assert_true (kontor_demo_fill (f->repo, 100, 5, &error));
  g_assert_no_error (error);

  n = kontor_repository_count (f->repo, KONTOR_TYPE_CONTACT, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  g_assert_cmpuint (log.n_emissions, >=, 1);
}

static void
assert_same_ids (KontorListModel *model,
                 KontorListModel *fresh)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (fresh));

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n);
  for (guint i = 0; i < n; i++)
    g_assert_cmpint (kontor_list_model_get_id (model, i), ==, kontor_list_model_get_id (fresh, i));
}

/* One saved record is put in place without reading the whole list again:
 * after every edit the list must equal a fresh read, with NULLs, ties and
 * case differences in the sort key, a search and a filter */
static void
test_single_changes_match_fresh_read (Fixture       *f,
                                      gconstpointer  data)
{
  static const char *names[] = { "ivanov", "Иванов", "ИВАНОВ", "Petrov", "petrov", NULL, "" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (5);
  g_autoptr(GPtrArray) contacts = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(KontorListModel) by_name = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);
  g_autoptr(KontorListModel) by_name_desc = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);
  g_autoptr(KontorListModel) found = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);
  g_autoptr(KontorListModel) filtered = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);

  g_assert_true (kontor_list_model_set_sort (by_name, "name", FALSE, &error));
  g_assert_true (kontor_list_model_set_sort (by_name_desc, "name", TRUE, &error));
  g_assert_true (kontor_list_model_set_sort (found, "updated_at", TRUE, &error));
  kontor_list_model_set_search (found, "petr");
  g_assert_true (kontor_list_model_set_sort (filtered, "last_name", FALSE, &error));
  g_assert_true (kontor_list_model_add_filter (filtered, "position", KONTOR_FILTER_EQ, "CEO",
                                               &error));
  g_assert_no_error (error);

  for (int i = 0; i < 20; i++)
    g_ptr_array_add (contacts, kontor_test_add_contact (f->repo, "Anna",
                                                        names[i % (G_N_ELEMENTS (names) - 2)]));

  for (int i = 0; i < 150; i++)
    {
      KontorEntity *contact = g_ptr_array_index (contacts, g_rand_int_range (rand, 0, 20));
      int action = g_rand_int_range (rand, 0, 10);

      if (action == 0 && kontor_entity_get_deleted_at (contact) == 0)
        g_assert_true (kontor_repository_delete (f->repo, contact, &error));
      else if (action <= 1 && kontor_entity_get_deleted_at (contact) != 0)
        g_assert_true (kontor_repository_undelete (f->repo, contact, &error));
      else
        {
          const char *last = names[g_rand_int_range (rand, 0, G_N_ELEMENTS (names))];

          kontor_entity_set_text (contact, "last_name", last);
          kontor_entity_set_text (contact, "first_name", g_rand_boolean (rand) ? "anna" : "Boris");
          kontor_entity_set_text (contact, "position", g_rand_boolean (rand) ? "CEO" : NULL);
          if (last == NULL || *last == '\0')
            kontor_entity_set_text (contact, "first_name", "Vera");
          g_assert_true (kontor_repository_save (f->repo, contact, &error));
        }
      g_assert_no_error (error);

      {
        g_autoptr(KontorListModel) fresh = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);

        g_assert_true (kontor_list_model_set_sort (fresh, "name", FALSE, NULL));
        assert_same_ids (by_name, fresh);
        g_assert_true (kontor_list_model_set_sort (fresh, "name", TRUE, NULL));
        assert_same_ids (by_name_desc, fresh);
        g_assert_true (kontor_list_model_set_sort (fresh, "updated_at", TRUE, NULL));
        kontor_list_model_set_search (fresh, "petr");
        assert_same_ids (found, fresh);
        kontor_list_model_set_search (fresh, NULL);
        g_assert_true (kontor_list_model_set_sort (fresh, "last_name", FALSE, NULL));
        g_assert_true (kontor_list_model_add_filter (fresh, "position", KONTOR_FILTER_EQ, "CEO",
                                                     NULL));
        assert_same_ids (filtered, fresh);
      }
    }
}

static gboolean
name_has_prefix (KontorEntity *contact,
                 const char   *prefix)
{
  const char *fields[] = { "first_name", "last_name" };
  g_autofree char *folded_prefix = g_utf8_casefold (prefix, -1);

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    {
      const char *text = kontor_entity_get_text (contact, fields[i]);
      g_autofree char *folded = text ? g_utf8_casefold (text, -1) : NULL;

      if (folded != NULL && g_str_has_prefix (folded, folded_prefix))
        return TRUE;
    }
  return FALSE;
}

/* What the list shows while typing: the rows of the unsearched list, in
 * its order, that have a word starting with what was typed */
static void
assert_search (KontorListModel *model,
               KontorListModel *all,
               const char      *typed)
{
  g_autoptr(GArray) expected = g_array_new (FALSE, FALSE, sizeof (gint64));

  kontor_list_model_set_search (model, typed);
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (all)); i++)
    {
      g_autoptr(KontorEntity) contact = g_list_model_get_item (G_LIST_MODEL (all), i);
      gint64 id = kontor_entity_get_id (contact);

      if (typed == NULL || name_has_prefix (contact, typed))
        g_array_append_val (expected, id);
    }

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, expected->len);
  for (guint i = 0; i < expected->len; i++)
    g_assert_cmpint (kontor_list_model_get_id (model, i), ==, g_array_index (expected, gint64, i));
}

/* The search keeps the unsearched list and filters it; it must follow
 * the sort, the filters and edits made while a search is shown */
static void
test_search_as_you_type (Fixture       *f,
                         gconstpointer  data)
{
  static const char *first[] = { "Anna", "Алла", "Boris", "Пётр", "Petr", "Arkady", "Анатолий" };
  static const char *last[] = { "Avdeev", "Иванова", "Zorina", "Петров", "Abramov", "Сидоров" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GRand) rand = g_rand_new_with_seed (11);
  g_autoptr(KontorListModel) model = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);
  g_autoptr(KontorListModel) all = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);
  g_autoptr(KontorEntity) edited = NULL;
  g_autoptr(KontorEntity) added = NULL;

  for (int i = 0; i < 60; i++)
    {
      g_autoptr(KontorEntity) contact =
        kontor_test_add_contact (f->repo, first[g_rand_int_range (rand, 0, G_N_ELEMENTS (first))],
                                 last[g_rand_int_range (rand, 0, G_N_ELEMENTS (last))]);

      if (i == 7)
        edited = g_object_ref (contact);
    }

  g_assert_true (kontor_list_model_set_sort (model, "name", FALSE, &error));
  g_assert_true (kontor_list_model_set_sort (all, "name", FALSE, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 60);

  assert_search (model, all, "a");
  assert_search (model, all, "ab");
  assert_search (model, all, "а");
  assert_search (model, all, "ив");
  assert_search (model, all, "p");

  /* An edit while searching: the row comes and goes as it matches */
  kontor_entity_set_text (edited, "last_name", "Pavlov");
  g_assert_true (kontor_repository_save (f->repo, edited, &error));
  assert_search (model, all, "p");
  assert_search (model, all, "pa");
  added = kontor_test_add_contact (f->repo, "Paula", "Aaronson");
  assert_search (model, all, "pa");
  assert_search (model, all, "a");
  g_assert_cmpint (kontor_list_model_get_id (model, 0), ==, kontor_entity_get_id (added));

  /* Another order while searching */
  g_assert_true (kontor_list_model_set_sort (model, "name", TRUE, &error));
  g_assert_true (kontor_list_model_set_sort (all, "name", TRUE, &error));
  assert_search (model, all, "a");
  assert_search (model, all, "bo");

  /* A filter while searching */
  g_assert_true (kontor_list_model_add_filter (model, "first_name", KONTOR_FILTER_EQ, "Anna",
                                               &error));
  g_assert_true (kontor_list_model_add_filter (all, "first_name", KONTOR_FILTER_EQ, "Anna",
                                               &error));
  assert_search (model, all, "z");
  assert_search (model, all, "a");
  assert_search (model, all, NULL);
  g_assert_no_error (error);
}

static void
wait_loaded (KontorListModel *model)
{
  guint iterations = 0;

  while (kontor_list_model_get_loading (model))
    {
      g_main_context_iteration (NULL, TRUE);
      iterations++;
    }
  g_assert_cmpuint (iterations, >, 0);
}

/* The list as a synchronous model reads it */
static KontorListModel *
fresh_read (Fixture    *f,
            const char *search)
{
  KontorListModel *fresh = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);

  g_assert_true (kontor_list_model_set_sort (fresh, "name", FALSE, NULL));
  kontor_list_model_set_search (fresh, search);
  return fresh;
}

/* Background mode (KONTOR_BACKGROUND_ROWS=0 makes every list "big"): the
 * rows are read in a worker while the main loop runs, the newest request
 * wins, and a change made while a worker reads is not lost */
static void
test_background (Fixture       *f,
                 gconstpointer  data)
{
  static const char *first[] = { "Anna", "Алла", "Boris", "Petr", "Arkady", "Анатолий" };
  static const char *last[] = { "Avdeev", "Иванова", "Zorina", "Петров", "Abramov" };
  g_autoptr(GError) error = NULL;
  KontorListModel *model = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);
  g_autoptr(KontorListModel) fresh = NULL;
  g_autoptr(KontorEntity) added = NULL;
  ChangeLog log = { 0, };

  for (int i = 0; i < 300; i++)
    {
      g_autoptr(KontorEntity) contact =
        kontor_test_add_contact (f->repo, first[i % G_N_ELEMENTS (first)],
                                 last[(i / 3) % G_N_ELEMENTS (last)]);
    }

  kontor_list_model_set_background (model, TRUE);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &log);
  g_assert_true (kontor_list_model_set_sort (model, "name", FALSE, &error));
  /* The first look starts the read, and sees no rows yet */
  g_assert_false (kontor_list_model_get_loading (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_true (kontor_list_model_get_loading (model));
  wait_loaded (model);
  assert_one_change (&log, 0, 0, 300);
  fresh = fresh_read (f, NULL);
  assert_same_ids (model, fresh);
  g_clear_object (&fresh);

  /* Typing fast: only the last search's rows arrive */
  kontor_list_model_set_search (model, "a");
  kontor_list_model_set_search (model, "ab");
  kontor_list_model_set_search (model, "abr");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 300);
  wait_loaded (model);
  g_assert_cmpuint (log.n_emissions, ==, 1);
  log = (ChangeLog) { 0, };
  fresh = fresh_read (f, "abr");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (fresh)), ==, 60);
  assert_same_ids (model, fresh);
  g_clear_object (&fresh);

  /* A record saved while the worker reads */
  kontor_list_model_set_search (model, "p");
  added = kontor_test_add_contact (f->repo, "Pavel", "Aaronson");
  wait_loaded (model);
  fresh = fresh_read (f, "p");
  assert_same_ids (model, fresh);
  g_assert_cmpint (kontor_list_model_get_id (model, 0), ==, kontor_entity_get_id (added));
  g_clear_object (&fresh);

  /* A record saved after: put in place at once, without a worker */
  kontor_entity_set_text (added, "last_name", "Zzyzx");
  g_assert_true (kontor_repository_save (f->repo, added, &error));
  g_assert_false (kontor_list_model_get_loading (model));
  fresh = fresh_read (f, "p");
  assert_same_ids (model, fresh);
  g_clear_object (&fresh);

  /* Punctuation only matches nothing */
  kontor_list_model_set_search (model, "!!");
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  kontor_list_model_set_search (model, NULL);
  wait_loaded (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 301);
  g_assert_no_error (error);

  /* Workers hold the model until their threads let go of their tasks,
   * which may be just after the result came: wait, without a wake-up */
  g_signal_handlers_disconnect_by_data (model, &log);
  g_object_add_weak_pointer (G_OBJECT (model), (gpointer *) &model);
  g_object_unref (model);
  for (int i = 0; model != NULL && i < 10000; i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  g_assert_null (model);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);
  /* Every list counts as big for the models put in background mode */
  g_setenv ("KONTOR_BACKGROUND_ROWS", "0", TRUE);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kontor_test_fixture_setup, func, kontor_test_fixture_teardown)

  ADD ("/list-model/insert-update-delete-emit-minimal-changes", test_insert_update_delete);
  ADD ("/list-model/sorts-ascending-and-descending", test_sort);
  ADD ("/list-model/filters-by-field", test_filters);
  ADD ("/list-model/items-are-shared-and-released", test_items_are_shared_and_released);
  ADD ("/list-model/bulk-change-refreshes", test_bulk_change);
  ADD ("/list-model/single-changes-match-a-fresh-read", test_single_changes_match_fresh_read);
  ADD ("/list-model/search-as-you-type-follows-order-filters-edits", test_search_as_you_type);
  ADD ("/list-model/background-reads-in-a-worker", test_background);

#undef ADD

  return g_test_run ();
}
