/* test-repository.c: the rules the core enforces
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include <glib/gstdio.h>

#include "kontor-core.h"
#include "kontor-repository-private.h"
#include "kontor-test-util.h"

typedef KontorTestFixture Fixture;

static gint64
count (Fixture    *f,
       const char *sql)
{
  return kontor_test_query_int (f->path, sql);
}

static void
assert_field_error (GError     *error,
                    gint        code,
                    const char *field)
{
  g_assert_error (error, KONTOR_ERROR, code);
  g_assert_cmpstr (kontor_error_get_field (error), ==, field);
}

static void
test_default_pipeline (Fixture       *f,
                       gconstpointer  data)
{
  static const char * const names[] = {
    "New", "Qualification", "Proposal", "Negotiation", "Won", "Lost",
  };
  static const char * const semantics[] = { "open", "open", "open", "open", "won", "lost" };
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) stages = NULL;
  g_autoptr(KontorEntity) pipeline = NULL;
  gint64 pipeline_id = kontor_repository_get_default_pipeline (f->repo);

  g_assert_cmpint (pipeline_id, >, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM pipelines"), ==, 1);

  pipeline = kontor_repository_find (f->repo, KONTOR_TYPE_PIPELINE, pipeline_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kontor_entity_get_text (pipeline, "name"), ==, "Sales");

  stages = kontor_repository_list_stages (f->repo, pipeline_id, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (stages), ==, 6);

  for (guint i = 0; i < 6; i++)
    {
      g_autoptr(KontorEntity) stage = g_list_model_get_item (stages, i);

      g_assert_cmpstr (kontor_entity_get_text (stage, "name"), ==, names[i]);
      g_assert_cmpstr (kontor_entity_get_text (stage, "semantics"), ==, semantics[i]);
      g_assert_cmpint (kontor_entity_get_int (stage, "pipeline"), ==, pipeline_id);
    }
}

static void
test_contact_needs_name (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorContact) contact = kontor_contact_new ();
  KontorEntity *entity = KONTOR_ENTITY (contact);

  kontor_entity_set_text (entity, "position", "Director");
  g_assert_false (kontor_repository_save (f->repo, entity, &error));
  assert_field_error (error, KONTOR_ERROR_INVALID, "first_name");
  g_assert_cmpint (kontor_entity_get_id (entity), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, 0);
  g_clear_error (&error);

  /* Blanks are no name either */
  kontor_entity_set_text (entity, "first_name", "   ");
  g_assert_false (kontor_repository_save (f->repo, entity, &error));
  assert_field_error (error, KONTOR_ERROR_INVALID, "first_name");
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, 0);
  g_clear_error (&error);

  /* A last name alone is enough */
  kontor_entity_set_text (entity, "first_name", NULL);
  kontor_entity_set_text (entity, "last_name", "Петров");
  g_assert_true (kontor_repository_save (f->repo, entity, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_id (entity), >, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, 1);
}

static void
test_email_must_look_like_one (Fixture       *f,
                               gconstpointer  data)
{
  static const char * const bad[] = {
    "bad", "ivan@", "@example.ru", "ivan@example", "ivan petrov@example.ru",
    "ivan@@example.ru", "ivan@example..ru", "ivan@.example.ru", "ivan@example.r",
    "ivan,petrov@example.ru",
  };
  static const char * const good[] = {
    "ivan@example.ru", "Ivan.Petrov+crm@mail.example.com", "иван@пример.рф",
  };
  g_autoptr(KontorEntity) contact = kontor_test_add_contact (f->repo, "Иван", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *list[] = { bad[i], NULL };

      kontor_entity_set_list (contact, "email", list);
      g_assert_false (kontor_repository_save (f->repo, contact, &error));
      assert_field_error (error, KONTOR_ERROR_INVALID, "email");
      g_assert_cmpint (count (f, "SELECT count(*) FROM contact_points"), ==, 0);
    }

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      const char *list[] = { good[i], NULL };

      kontor_entity_set_list (contact, "email", list);
      g_assert_true (kontor_repository_save (f->repo, contact, &error));
      g_assert_no_error (error);
      g_assert_cmpint (count (f, "SELECT count(*) FROM contact_points WHERE kind = 'email'"),
                       ==, 1);
    }
}

static void
test_phone_must_look_like_one (Fixture       *f,
                               gconstpointer  data)
{
  static const char * const bad[] = { "abc", "12", "+7 912 CALL ME", "1234567890123456789012" };
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorEntity) contact = kontor_test_add_contact (f->repo, "Иван", NULL);
  const char *good[] = { "+7 (912) 345-67-89", "8 800 555-35-35", NULL };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      const char *list[] = { bad[i], NULL };

      kontor_entity_set_list (contact, "phone", list);
      g_assert_false (kontor_repository_save (f->repo, contact, &error));
      assert_field_error (error, KONTOR_ERROR_INVALID, "phone");
      g_clear_error (&error);
    }

  kontor_entity_set_list (contact, "phone", good);
  g_assert_true (kontor_repository_save (f->repo, contact, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contact_points WHERE kind = 'phone'"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contact_points "
                             "WHERE normalized = '79123456789'"), ==, 1);
}

static void
test_money_never_negative (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorDeal) deal = kontor_deal_new ();
  KontorEntity *entity = KONTOR_ENTITY (deal);

  kontor_entity_set_text (entity, "title", "Поставка");
  kontor_entity_set_int (entity, "amount", -1);
  g_assert_false (kontor_repository_save (f->repo, entity, &error));
  assert_field_error (error, KONTOR_ERROR_INVALID, "amount");
  g_assert_cmpint (kontor_entity_get_id (entity), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deals"), ==, 0);
  g_clear_error (&error);

  kontor_entity_set_int (entity, "amount", KONTOR_MONEY_MAX + 1);
  g_assert_false (kontor_repository_save (f->repo, entity, &error));
  assert_field_error (error, KONTOR_ERROR_INVALID, "amount");
  g_clear_error (&error);

  kontor_entity_set_text (entity, "currency", "rub");
  kontor_entity_set_int (entity, "amount", KONTOR_MONEY_MAX);
  g_assert_false (kontor_repository_save (f->repo, entity, &error));
  assert_field_error (error, KONTOR_ERROR_INVALID, "currency");
  g_clear_error (&error);

  kontor_entity_set_text (entity, "currency", "USD");
  g_assert_true (kontor_repository_save (f->repo, entity, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT amount FROM deals"), ==, KONTOR_MONEY_MAX);
  g_assert_cmpint (count (f, "SELECT typeof(amount) = 'integer' FROM deals"), ==, 1);

  /* The currency defaults to the repository's */
  {
    g_autoptr(KontorEntity) other = kontor_test_add_deal (f->repo, "Default currency", 0);

    g_assert_cmpstr (kontor_entity_get_text (other, "currency"), ==,
                     kontor_repository_get_default_currency (f->repo));
  }
}

static void
test_deal_stage_belongs_to_pipeline (Fixture       *f,
                                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorPipeline) pipeline = kontor_pipeline_new ();
  g_autoptr(KontorStage) stage = kontor_stage_new ();
  g_autoptr(KontorDeal) deal = kontor_deal_new ();
  g_autoptr(KontorEntity) saved = NULL;
  gint64 default_pipeline = kontor_repository_get_default_pipeline (f->repo);
  gint64 history, timeline;

  kontor_entity_set_text (KONTOR_ENTITY (pipeline), "name", "Tenders");
  g_assert_true (kontor_repository_save (f->repo, KONTOR_ENTITY (pipeline), &error));
  g_assert_no_error (error);

  kontor_entity_set_int (KONTOR_ENTITY (stage), "pipeline",
                         kontor_entity_get_id (KONTOR_ENTITY (pipeline)));
  kontor_entity_set_text (KONTOR_ENTITY (stage), "name", "Bid");
  kontor_entity_set_text (KONTOR_ENTITY (stage), "semantics", "open");
  g_assert_true (kontor_repository_save (f->repo, KONTOR_ENTITY (stage), &error));
  g_assert_no_error (error);

  kontor_entity_set_text (KONTOR_ENTITY (deal), "title", "Mixed up");
  kontor_entity_set_int (KONTOR_ENTITY (deal), "pipeline", default_pipeline);
  kontor_entity_set_int (KONTOR_ENTITY (deal), "stage",
                         kontor_entity_get_id (KONTOR_ENTITY (stage)));
  g_assert_false (kontor_repository_save (f->repo, KONTOR_ENTITY (deal), &error));
  assert_field_error (error, KONTOR_ERROR_INVALID, "stage");
  g_assert_cmpint (kontor_entity_get_id (KONTOR_ENTITY (deal)), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deals"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deal_stage_history"), ==, 0);
  g_clear_error (&error);

  /* A stage that does not exist */
  kontor_entity_set_int (KONTOR_ENTITY (deal), "stage", 9999);
  g_assert_false (kontor_repository_save (f->repo, KONTOR_ENTITY (deal), &error));
  g_assert_cmpstr (kontor_error_get_field (error), ==, "stage");
  g_assert_cmpint (count (f, "SELECT count(*) FROM deals"), ==, 0);
  g_clear_error (&error);

  /* Moving a saved deal to another pipeline's stage is refused too */
  saved = kontor_test_add_deal (f->repo, "Proper", kontor_test_stage_id (f->repo, 0));
  history = count (f, "SELECT count(*) FROM deal_stage_history");
  timeline = count (f, "SELECT count(*) FROM timeline");
  g_assert_false (kontor_repository_move_deal (f->repo, saved,
                                               kontor_entity_get_id (KONTOR_ENTITY (stage)),
                                               NULL, &error));
  assert_field_error (error, KONTOR_ERROR_INVALID, "stage");
  g_assert_cmpint (kontor_entity_get_int (saved, "stage"), ==, kontor_test_stage_id (f->repo, 0));
  g_assert_cmpint (count (f, "SELECT count(*) FROM deal_stage_history"), ==, history);
  g_assert_cmpint (count (f, "SELECT count(*) FROM timeline"), ==, timeline);
}

static void
test_moving_deal_records_history (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorEntity) deal = NULL;
  g_autoptr(GListModel) timeline = NULL;
  g_autofree char *sql = NULL;
  gint64 new_stage = kontor_test_stage_id (f->repo, 0);
  gint64 proposal = kontor_test_stage_id (f->repo, 2);
  gint64 won = kontor_test_stage_id (f->repo, 4);
  gint64 lost = kontor_test_stage_id (f->repo, 5);
  gint64 id;

  g_setenv ("KONTOR_NOW", "1700000000", TRUE);
  deal = kontor_test_add_deal (f->repo, "Станки", 0);
  id = kontor_entity_get_id (deal);

  /* A new deal goes to the first stage, and that is its first history row */
  g_assert_cmpint (kontor_entity_get_int (deal, "stage"), ==, new_stage);
  g_assert_cmpstr (kontor_entity_get_text (deal, "status"), ==, "open");
  g_assert_cmpint (count (f, "SELECT count(*) FROM deal_stage_history"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deal_stage_history "
                             "WHERE from_stage_id IS NULL"), ==, 1);

  g_setenv ("KONTOR_NOW", "1700000100", TRUE);
  g_assert_true (kontor_repository_move_deal (f->repo, deal, proposal, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deal_stage_history"), ==, 2);
  sql = g_strdup_printf ("SELECT count(*) FROM deal_stage_history WHERE deal_id = %" G_GINT64_FORMAT
                         " AND from_stage_id = %" G_GINT64_FORMAT " AND stage_id = %" G_GINT64_FORMAT
                         " AND moved_at = 1700000100", id, new_stage, proposal);
  g_assert_cmpint (count (f, sql), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM timeline WHERE entity_kind = 'deal' "
                             "AND event = 'stage'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT stage_id FROM deals"), ==, proposal);
  g_assert_cmpint (kontor_entity_get_int (deal, "closed_at"), ==, 0);

  /* Saving without a stage change records nothing */
  kontor_entity_set_text (deal, "responsible", "Ольга");
  g_assert_true (kontor_repository_save (f->repo, deal, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deal_stage_history"), ==, 2);

  g_setenv ("KONTOR_NOW", "1700000200", TRUE);
  g_assert_true (kontor_repository_move_deal (f->repo, deal, won, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kontor_entity_get_text (deal, "status"), ==, "won");
  g_assert_cmpint (kontor_entity_get_int (deal, "closed_at"), ==, 1700000200);
  g_assert_cmpint (count (f, "SELECT closed_at FROM deals"), ==, 1700000200);
  g_assert_cmpint (count (f, "SELECT status = 'won' FROM deals"), ==, 1);

  g_setenv ("KONTOR_NOW", "1700000300", TRUE);
  g_assert_true (kontor_repository_move_deal (f->repo, deal, lost, "Too expensive", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kontor_entity_get_text (deal, "status"), ==, "lost");
  g_assert_cmpstr (kontor_entity_get_text (deal, "loss_reason"), ==, "Too expensive");
  g_assert_cmpint (count (f, "SELECT closed_at FROM deals"), ==, 1700000300);
  g_assert_cmpint (count (f, "SELECT status = 'lost' AND loss_reason = 'Too expensive' "
                             "FROM deals"), ==, 1);

  /* Back to an open stage: open again, no close date */
  g_assert_true (kontor_repository_move_deal (f->repo, deal, proposal, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kontor_entity_get_text (deal, "status"), ==, "open");
  g_assert_cmpint (kontor_entity_get_int (deal, "closed_at"), ==, 0);
  g_assert_cmpint (count (f, "SELECT closed_at IS NULL OR closed_at = 0 FROM deals"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deal_stage_history"), ==, 5);
  g_assert_cmpint (count (f, "SELECT count(*) FROM timeline WHERE event = 'stage'"), ==, 4);

  timeline = kontor_repository_list_timeline (f->repo, deal, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), >=, 5);

  g_unsetenv ("KONTOR_NOW");
}

static KontorEntity *
add_invoice (Fixture    *f,
             const char *number,
             GError    **error)
{
  KontorEntity *invoice = KONTOR_ENTITY (kontor_invoice_new ());

  kontor_entity_set_text (invoice, "status", "draft");
  kontor_entity_set_text (invoice, "number", number);
  kontor_repository_save (f->repo, invoice, error);
  return invoice;
}

static void
test_invoice_number_unique (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorEntity) first = NULL;
  g_autoptr(KontorEntity) second = NULL;
  g_autoptr(KontorEntity) copy = NULL;
  g_autoptr(KontorEntity) manual = NULL;
  g_autofree char *expected_first = NULL;
  g_autofree char *expected_second = NULL;

  g_setenv ("KONTOR_NOW", "1700000000", TRUE); /* 2023-11-14 */
  first = add_invoice (f, NULL, &error);
  g_assert_no_error (error);
  second = add_invoice (f, NULL, &error);
  g_assert_no_error (error);
  g_unsetenv ("KONTOR_NOW");

  expected_first = g_strdup ("2023-0001");
  expected_second = g_strdup ("2023-0002");
  g_assert_cmpstr (kontor_entity_get_text (first, "number"), ==, expected_first);
  g_assert_cmpstr (kontor_entity_get_text (second, "number"), ==, expected_second);

  copy = add_invoice (f, "2023-0001", &error);
  assert_field_error (error, KONTOR_ERROR_CONFLICT, "number");
  g_assert_cmpint (kontor_entity_get_id (copy), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM invoices"), ==, 2);
  g_clear_error (&error);

  /* Renaming an existing invoice onto another's number conflicts as well */
  kontor_entity_set_text (second, "number", "2023-0001");
  g_assert_false (kontor_repository_save (f->repo, second, &error));
  assert_field_error (error, KONTOR_ERROR_CONFLICT, "number");
  g_assert_cmpint (count (f, "SELECT count(*) FROM invoices WHERE number = '2023-0002'"), ==, 1);
  g_clear_error (&error);

  manual = add_invoice (f, "A-17", &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM invoices"), ==, 3);
}

static void
test_soft_delete_and_undelete (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorEntity) contact = kontor_test_add_contact (f->repo, "Анна", "Смирнова");
  g_autoptr(KontorListModel) model = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  g_assert_true (kontor_repository_delete (f->repo, contact, &error));
  g_assert_no_error (error);
  g_assert_true (kontor_entity_is_deleted (contact));
  g_assert_cmpint (kontor_entity_get_deleted_at (contact), >, 0);
  /* The row stays, marked */
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts WHERE deleted_at IS NOT NULL"), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM timeline WHERE event = 'deleted'"), ==, 1);

  g_assert_true (kontor_repository_undelete (f->repo, contact, &error));
  g_assert_no_error (error);
  g_assert_false (kontor_entity_is_deleted (contact));
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts WHERE deleted_at IS NULL"), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  g_assert_cmpint (kontor_list_model_get_id (model, 0), ==, kontor_entity_get_id (contact));
  g_assert_cmpstr (kontor_entity_get_text (contact, "last_name"), ==, "Смирнова");
}

static void
test_every_row_has_identity (Fixture       *f,
                             gconstpointer  data)
{
  static const char * const tables[] = {
    "leads", "contacts", "companies", "deals", "activities", "products", "invoices",
    "invoice_lines", "pipelines", "stages", "deal_stage_history", "timeline", "contact_points",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorEntity) contact = NULL;
  g_autofree char *uuid = NULL;
  gint64 created;

  g_setenv ("KONTOR_NOW", "1700000000", TRUE);
  contact = kontor_test_add_contact (f->repo, "Олег", NULL);
  g_assert_cmpint (kontor_entity_get_id (contact), >, 0);
  g_assert_true (g_uuid_string_is_valid (kontor_entity_get_uuid (contact)));
  g_assert_cmpint (kontor_entity_get_created_at (contact), ==, 1700000000);
  g_assert_cmpint (kontor_entity_get_updated_at (contact), ==, 1700000000);
  g_assert_cmpint (kontor_entity_get_deleted_at (contact), ==, 0);

  uuid = kontor_test_query_text (f->path, "SELECT uuid FROM contacts");
  g_assert_cmpstr (uuid, ==, kontor_entity_get_uuid (contact));

  g_setenv ("KONTOR_NOW", "1700000500", TRUE);
  kontor_entity_set_text (contact, "last_name", "Орлов");
  g_assert_true (kontor_repository_save (f->repo, contact, &error));
  g_assert_no_error (error);
  g_unsetenv ("KONTOR_NOW");

  created = kontor_entity_get_created_at (contact);
  g_assert_cmpint (created, ==, 1700000000);
  g_assert_cmpint (kontor_entity_get_updated_at (contact), ==, 1700000500);
  g_assert_cmpint (count (f, "SELECT updated_at FROM contacts"), ==, 1700000500);
  g_assert_cmpint (count (f, "SELECT created_at FROM contacts"), ==, 1700000000);

  /* Every table of the schema carries the same identity columns */
  g_assert_true (kontor_demo_fill (f->repo, 60, 7, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE id IS NULL OR "
                                              "uuid IS NULL OR length(uuid) != 36 OR "
                                              "created_at IS NULL OR updated_at IS NULL",
                                              tables[i]);
      g_autofree char *columns = g_strdup_printf ("SELECT count(*) FROM pragma_table_info('%s') "
                                                  "WHERE name = 'deleted_at'", tables[i]);

      g_assert_cmpint (count (f, sql), ==, 0);
      g_assert_cmpint (count (f, columns), ==, 1);
    }

  g_assert_cmpint (count (f, "SELECT count(DISTINCT uuid) = count(*) FROM contacts"), ==, 1);
}

static void
test_failed_update_changes_nothing (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorEntity) contact = kontor_test_add_contact (f->repo, "Мария", "Иванова");
  const char *emails[] = { "maria@example.ru", NULL };
  const char *bad[] = { "maria@example.ru", "not an address", NULL };
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gint64 timeline;

  kontor_entity_set_list (contact, "email", emails);
  g_assert_true (kontor_repository_save (f->repo, contact, &error));
  g_assert_no_error (error);

  timeline = count (f, "SELECT count(*) FROM timeline");
  before = kontor_test_query_text (f->path, "SELECT group_concat(first_name || last_name || "
                                            "updated_at) FROM contacts");

  kontor_entity_set_text (contact, "first_name", "Марина");
  kontor_entity_set_list (contact, "email", bad);
  g_assert_false (kontor_repository_save (f->repo, contact, &error));
  assert_field_error (error, KONTOR_ERROR_INVALID, "email");

  after = kontor_test_query_text (f->path, "SELECT group_concat(first_name || last_name || "
                                           "updated_at) FROM contacts");
  g_assert_cmpstr (before, ==, after);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contact_points"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM timeline"), ==, timeline);
  /* The object keeps what the user typed */
  g_assert_cmpstr (kontor_entity_get_text (contact, "first_name"), ==, "Марина");
}

typedef struct
{
  KontorRepository *repo;
  KontorEntity     *contact;
} TransactionData;

static gboolean
save_then_fail (gpointer   user_data,
                GError   **error)
{
  TransactionData *data = user_data;

  if (!kontor_repository_save (data->repo, data->contact, error))
    return FALSE;

  g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_FAILED, "Planned failure");
  return FALSE;
}

static void
test_transaction_rolls_back (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorContact) contact = kontor_contact_new ();
  TransactionData tdata = { f->repo, KONTOR_ENTITY (contact) };

  kontor_entity_set_text (KONTOR_ENTITY (contact), "first_name", "Призрак");
  g_assert_false (kontor_repository_run_in_transaction (f->repo, save_then_fail, &tdata, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_FAILED);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM timeline"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM search_index"), ==, 0);
  g_assert_cmpint (kontor_repository_count (f->repo, KONTOR_TYPE_CONTACT, NULL), ==, 0);
}

static void
test_identity_map (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  KontorEntity *contact = kontor_test_add_contact (f->repo, "Пётр", NULL);
  gint64 id = kontor_entity_get_id (contact);
  KontorEntity *first, *second;

  first = kontor_repository_find (f->repo, KONTOR_TYPE_CONTACT, id, &error);
  g_assert_no_error (error);
  g_assert_true (first == contact);
  second = kontor_repository_find (f->repo, KONTOR_TYPE_CONTACT, id, &error);
  g_assert_no_error (error);
  g_assert_true (second == first);

  g_object_unref (first);
  g_object_unref (second);
  g_assert_finalize_object (contact);

  /* After the last unref the next find reads the row again */
  first = kontor_repository_find (f->repo, KONTOR_TYPE_CONTACT, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kontor_entity_get_text (first, "first_name"), ==, "Пётр");
  g_assert_finalize_object (first);

  g_assert_null (kontor_repository_find (f->repo, KONTOR_TYPE_CONTACT, 4242, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND);
}

typedef struct
{
  guint  n_emissions;
  char  *kind;
  gint64 id;
  guint  change;
} ChangedLog;

static void
on_changed (KontorRepository *repo,
            const char       *kind,
            gint64            id,
            guint             change,
            ChangedLog       *log)
{
  log->n_emissions++;
  g_free (log->kind);
  log->kind = g_strdup (kind);
  log->id = id;
  log->change = change;
}

static void
test_changed_signal (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorEntity) contact = NULL;
  ChangedLog log = { 0, };
  gulong handler = g_signal_connect (f->repo, "changed", G_CALLBACK (on_changed), &log);

  contact = kontor_test_add_contact (f->repo, "Лев", NULL);
  g_assert_cmpuint (log.n_emissions, ==, 1);
  g_assert_cmpstr (log.kind, ==, "contact");
  g_assert_cmpint (log.id, ==, kontor_entity_get_id (contact));
  g_assert_cmpuint (log.change, ==, KONTOR_CHANGE_CREATED);

  kontor_entity_set_text (contact, "last_name", "Толстой");
  g_assert_true (kontor_repository_save (f->repo, contact, &error));
  g_assert_cmpuint (log.n_emissions, ==, 2);
  g_assert_cmpuint (log.change, ==, KONTOR_CHANGE_UPDATED);

  g_assert_true (kontor_repository_delete (f->repo, contact, &error));
  g_assert_cmpuint (log.n_emissions, ==, 3);
  g_assert_cmpuint (log.change, ==, KONTOR_CHANGE_DELETED);

  g_signal_handler_disconnect (f->repo, handler);
  g_free (log.kind);
}

static void
test_check_clean_on_demo (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  g_assert_true (kontor_demo_fill (f->repo, 200, 42, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kontor_repository_count (f->repo, KONTOR_TYPE_DEAL, NULL), >, 0);

  g_assert_true (kontor_repository_check (f->repo, &problems, &error));
  g_assert_no_error (error);
  g_assert_nonnull (problems);
  for (guint i = 0; i < problems->len; i++)
    g_test_message ("problem: %s", (const char *) problems->pdata[i]);
  g_assert_cmpuint (problems->len, ==, 0);
}

static void
assert_check_finds (Fixture    *f,
                    const char *sql)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = NULL;

  kontor_test_exec (f->path, sql);
  g_assert_true (kontor_repository_check (f->repo, &problems, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, >, 0);
}

static void
test_check_finds_broken_status (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kontor_demo_fill (f->repo, 50, 1, &error));
  g_assert_no_error (error);
  assert_check_finds (f, "UPDATE deals SET status = 'won' WHERE id = "
                         "(SELECT d.id FROM deals d JOIN stages s ON s.id = d.stage_id "
                         "WHERE s.semantics = 'open' LIMIT 1)");
}

static void
test_check_finds_dangling_link (Fixture       *f,
                                gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = kontor_test_add_deal (f->repo, "Orphan", 0);

  assert_check_finds (f, "UPDATE deals SET contact_id = 4242");
}

static void
test_check_finds_stale_index (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(KontorEntity) contact = kontor_test_add_contact (f->repo, "Индекс", NULL);

  assert_check_finds (f, "DELETE FROM search_index");
}

/* A commit that takes the write-ahead log past 1,000 pages does not copy
 * it into the file itself (that fsync cost a frame): the repository's own
 * thread does. Commits without a pause still keep the log bounded, and
 * everything written stays there. */
static void
test_checkpoints_in_a_thread (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *comment = g_strnfill (3000, 'x');
  g_autofree char *wal = g_strconcat (f->path, "-wal", NULL);
  GStatBuf before, after;
  guint n = 0, last, waits = 0;

  g_assert_cmpuint (_kontor_repository_get_checkpoints (f->repo), ==, 0);

  /* Thousands of pages of log, one commit after another */
  for (guint i = 0; i < 1500; i++)
    {
      g_autoptr(KontorEntity) contact = kontor_test_add_contact (f->repo, "Checkpoint", "Test");

      kontor_entity_set_text (contact, "comment", comment);
      g_assert_true (kontor_repository_save (f->repo, contact, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpint (g_stat (wal, &before), ==, 0);
  g_assert_cmpint (before.st_size, <, 17 * 1000 * 4096 + 2 * 1024 * 1024);

  /* The thread checkpoints once the commits pause */
  do
    {
      last = n;
      g_usleep (200000);
      n = _kontor_repository_get_checkpoints (f->repo);
    }
  while ((n == 0 || n != last) && ++waits < 50);
  g_assert_cmpuint (n, >, 0);

  /* All copied: the next commits write the log from its start again */
  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(KontorEntity) contact = kontor_test_add_contact (f->repo, "After", "Checkpoint");

      g_assert_nonnull (contact);
    }
  g_assert_cmpint (g_stat (wal, &after), ==, 0);
  g_assert_cmpint (after.st_size, ==, before.st_size);

  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts WHERE first_name = 'Checkpoint' "
                             "AND length(comment) = 3000"), ==, 1500);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts WHERE first_name = 'After'"), ==, 20);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kontor_test_fixture_setup, func, kontor_test_fixture_teardown)

  ADD ("/repository/fresh-database-has-default-pipeline", test_default_pipeline);
  ADD ("/repository/contact-needs-a-name", test_contact_needs_name);
  ADD ("/repository/email-must-look-like-one", test_email_must_look_like_one);
  ADD ("/repository/phone-must-look-like-one", test_phone_must_look_like_one);
  ADD ("/repository/money-is-never-negative", test_money_never_negative);
  ADD ("/repository/deal-stage-belongs-to-its-pipeline", test_deal_stage_belongs_to_pipeline);
  ADD ("/repository/moving-a-deal-records-history", test_moving_deal_records_history);
  ADD ("/repository/invoice-number-is-unique", test_invoice_number_unique);
  ADD ("/repository/delete-is-soft-and-undone", test_soft_delete_and_undelete);
  ADD ("/repository/every-row-has-identity", test_every_row_has_identity);
  ADD ("/repository/failed-update-changes-nothing", test_failed_update_changes_nothing);
  ADD ("/repository/transaction-rolls-back-everything", test_transaction_rolls_back);
  ADD ("/repository/identity-map-gives-one-object", test_identity_map);
  ADD ("/repository/changed-is-emitted-after-commit", test_changed_signal);
  ADD ("/repository/check-is-clean-on-demo-data", test_check_clean_on_demo);
  ADD ("/repository/check-finds-wrong-status", test_check_finds_broken_status);
  ADD ("/repository/check-finds-dangling-link", test_check_finds_dangling_link);
  ADD ("/repository/check-finds-stale-search-index", test_check_finds_stale_index);
  ADD ("/repository/checkpoints-in-a-thread", test_checkpoints_in_a_thread);

#undef ADD

  return g_test_run ();
}
