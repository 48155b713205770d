/* test-cli.c: runs the built kontor-cli and checks what it prints
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <locale.h>

#include "kontor-core.h"
#include "kontor-test-util.h"

typedef KontorCliFixture Fixture;

#define fixture_setup kontor_cli_fixture_setup
#define fixture_teardown kontor_cli_fixture_teardown
#define run kontor_cli_run

#define RUN(f, ...) run ((f), __VA_ARGS__, NULL)

static void
assert_success (Fixture *f,
                int      status)
{
  if (status != 0)
    g_error ("kontor-cli failed with %d: %s", status, f->err);
  g_assert_cmpstr (f->err, ==, "");
}

/* A failure: non-zero exit, nothing on stdout, exactly one line on stderr
 * that contains @needle (case-insensitive) */
static void
assert_failure (Fixture    *f,
                int         status,
                const char *needle)
{
  g_autofree char *folded = g_utf8_casefold (f->err, -1);
  g_autofree char *folded_needle = g_utf8_casefold (needle, -1);
  const char *newline = strchr (f->err, '\n');

  g_test_message ("stderr: %s", f->err);
  g_assert_cmpint (status, !=, 0);
  g_assert_cmpstr (f->out, ==, "");
  g_assert_nonnull (newline);
  g_assert_cmpstr (newline + 1, ==, "");
  g_assert_cmpuint (strlen (f->err), >, 10);
  g_assert_nonnull (strstr (folded, folded_needle));
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);

  return json_node_copy (json_parser_get_root (parser));
}

static JsonObject *
show_json (Fixture    *f,
           const char *entity,
           const char *id)
{
  g_autoptr(JsonNode) root = NULL;

  assert_success (f, RUN (f, "show", entity, id, "--json"));
  root = parse_json (f->out);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (root));

  return json_object_ref (json_node_get_object (root));
}

static JsonArray *
list_json (Fixture    *f,
           const char *entity)
{
  g_autoptr(JsonNode) root = NULL;

  assert_success (f, RUN (f, "list", entity, "--json"));
  root = parse_json (f->out);
  g_assert_true (JSON_NODE_HOLDS_ARRAY (root));

  return json_array_ref (json_node_get_array (root));
}

static char *
add (Fixture    *f,
     const char *entity,
     ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *cli = g_getenv ("KONTOR_CLI");
  const char *arg;
  int wait_status = 0;
  gint64 id;
  va_list ap;

  g_ptr_array_add (args, (gpointer) cli);
  g_ptr_array_add (args, (gpointer) "--database");
  g_ptr_array_add (args, f->path);
  g_ptr_array_add (args, (gpointer) "add");
  g_ptr_array_add (args, (gpointer) entity);
  va_start (ap, entity);
  for (arg = va_arg (ap, const char *); arg != NULL; arg = va_arg (ap, const char *))
    g_ptr_array_add (args, (gpointer) arg);
  va_end (ap);
  g_ptr_array_add (args, NULL);

  g_clear_pointer (&f->out, g_free);
  g_clear_pointer (&f->err, g_free);
  g_spawn_sync (NULL, (char **) args->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                &f->out, &f->err, &wait_status, &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (wait_status, NULL))
    g_error ("add %s failed: %s", entity, f->err);

  /* The new id, alone on its line */
  g_strchomp (f->out);
  g_assert_true (g_ascii_string_to_signed (f->out, 10, 1, G_MAXINT64, &id, NULL));

  return g_strdup (f->out);
}

static void
test_demo_has_deals_in_every_stage (Fixture       *f,
                                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonArray) deals = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  g_autoptr(GListModel) stages = NULL;
  g_autoptr(GArray) stage_ids = g_array_new (FALSE, FALSE, sizeof (gint64));
  KontorRepository *repo;

  assert_success (f, RUN (f, "demo"));

  deals = list_json (f, "deals");
  g_assert_cmpuint (json_array_get_length (deals), >, 20);

  for (guint i = 0; i < json_array_get_length (deals); i++)
    {
      JsonObject *deal = json_array_get_object_element (deals, i);
      gint64 stage;

      g_assert_true (json_object_has_member (deal, "id"));
      g_assert_cmpint (json_object_get_int_member (deal, "id"), >, 0);
      g_assert_nonnull (json_object_get_string_member (deal, "title"));
      stage = json_object_get_int_member (deal, "stage");
      g_array_append_val (stage_ids, stage);
    }
  for (guint i = 0; i < stage_ids->len; i++)
    g_hash_table_add (seen, &g_array_index (stage_ids, gint64, i));

  /* Compare with the stages the core sees in the same file */
  repo = kontor_repository_open (f->path, &error);
  g_assert_no_error (error);
  stages = kontor_repository_list_stages (repo, kontor_repository_get_default_pipeline (repo),
                                          &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (stages), ==, 6);
  for (guint i = 0; i < g_list_model_get_n_items (stages); i++)
    {
      g_autoptr(KontorEntity) stage = g_list_model_get_item (stages, i);
      gint64 id = kontor_entity_get_id (stage);

      if (!g_hash_table_contains (seen, &id))
        g_error ("No demo deal is in stage %s", kontor_entity_get_text (stage, "name"));
    }
  g_clear_object (&stages);
  g_assert_finalize_object (repo);

  assert_success (f, RUN (f, "check"));
}

static void
test_add_show_update_delete_undelete (Fixture       *f,
                                      gconstpointer  data)
{
  g_autofree char *id = add (f, "contacts", "first_name=Иван", "last_name=Петров",
                             "email=ivan@example.ru", NULL);
  g_autoptr(JsonObject) contact = NULL;
  g_autoptr(JsonArray) list = NULL;

  contact = show_json (f, "contacts", id);
  g_assert_cmpstr (json_object_get_string_member (contact, "first_name"), ==, "Иван");
  g_assert_cmpstr (json_object_get_string_member (contact, "last_name"), ==, "Петров");
  g_assert_cmpstr (json_array_get_string_element (json_object_get_array_member (contact, "email"),
                                                  0), ==, "ivan@example.ru");
  g_assert_true (json_object_get_null_member (contact, "position"));
  g_clear_pointer (&contact, json_object_unref);

  /* Plain show prints the fields for people */
  assert_success (f, RUN (f, "show", "contacts", id));
  g_assert_nonnull (strstr (f->out, "Петров"));

  assert_success (f, RUN (f, "update", "contacts", id, "position=Директор"));
  contact = show_json (f, "contacts", id);
  g_assert_cmpstr (json_object_get_string_member (contact, "position"), ==, "Директор");
  g_assert_cmpstr (json_object_get_string_member (contact, "first_name"), ==, "Иван");
  g_clear_pointer (&contact, json_object_unref);

  list = list_json (f, "contacts");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_clear_pointer (&list, json_array_unref);

  assert_success (f, RUN (f, "delete", "contacts", id));
  list = list_json (f, "contacts");
  g_assert_cmpuint (json_array_get_length (list), ==, 0);
  g_clear_pointer (&list, json_array_unref);
  /* The row stays */
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM contacts "
                                                   "WHERE deleted_at IS NOT NULL"), ==, 1);

  assert_success (f, RUN (f, "undelete", "contacts", id));
  list = list_json (f, "contacts");
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (list, 0),
                                                  "position"), ==, "Директор");

  assert_failure (f, RUN (f, "show", "contacts", "4242"), "4242");
  assert_failure (f, RUN (f, "update", "contacts", id, "email=not-an-address"), "mail");
}

static void
test_bad_email_names_field (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(JsonArray) list = NULL;

  assert_failure (f, RUN (f, "add", "contacts", "first_name=Иван", "email=bad"), "e-mail");
  g_assert_nonnull (strstr (f->err, "bad"));

  list = list_json (f, "contacts");
  g_assert_cmpuint (json_array_get_length (list), ==, 0);
}

static void
test_unknown_entity_and_field (Fixture       *f,
                               gconstpointer  data)
{
  int status;

  status = RUN (f, "add", "unicorns", "name=Sparkle");
  assert_failure (f, status, "unicorns");
  g_assert_cmpint (status, ==, 2);

  status = RUN (f, "list", "unicorns");
  assert_failure (f, status, "unicorns");
  g_assert_cmpint (status, ==, 2);

  assert_failure (f, RUN (f, "add", "contacts", "first_name=Иван", "colour=red"), "colour");
  assert_failure (f, RUN (f, "add", "contacts", "first_name"), "first_name");
  assert_failure (f, RUN (f, "frobnicate"), "frobnicate");
  assert_failure (f, RUN (f, "add", "deals", "title=Refund", "amount=-5"), "amount");
  assert_failure (f, RUN (f, "add", "deals", "title=Odd", "amount=1.555"), "amount");
  assert_failure (f, RUN (f, "add", "contacts", "last_name=Дата", "birthday=2023-02-30"),
                  "2023-02-30");
  assert_failure (f, RUN (f, "add", "invoices", "status=archived"), "archived");
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM deals"), ==, 0);
}

static void
test_move_deal (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *id = add (f, "deals", "title=Станки", "amount=1500.50", "currency=RUB", NULL);
  g_autoptr(JsonObject) deal = show_json (f, "deals", id);
  g_autofree char *won = NULL;

  g_assert_cmpstr (json_object_get_string_member (deal, "status"), ==, "open");
  g_assert_cmpstr (json_object_get_string_member (deal, "amount"), ==, "1500.50");
  g_clear_pointer (&deal, json_object_unref);

  won = kontor_test_query_text (f->path, "SELECT name FROM stages WHERE semantics = 'won'");
  assert_success (f, RUN (f, "move-deal", id, won));
  deal = show_json (f, "deals", id);
  g_assert_cmpstr (json_object_get_string_member (deal, "status"), ==, "won");
  g_assert_cmpstr (json_object_get_string_member (deal, "stage_name"), ==, won);
  g_assert_false (json_object_get_null_member (deal, "closed_at"));
  g_clear_pointer (&deal, json_object_unref);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM deal_stage_history"),
                   ==, 2);

  assert_failure (f, RUN (f, "move-deal", id, "Nowhere"), "Nowhere");
  assert_failure (f, RUN (f, "move-deal", "4242", won), "4242");
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM deal_stage_history"),
                   ==, 2);
}

static void
test_repeated_phone (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *id = add (f, "contacts", "first_name=Анна", "phone=+7 (912) 345-67-89",
                             "phone=8 800 555-35-35", NULL);
  g_autoptr(JsonObject) contact = show_json (f, "contacts", id);
  JsonArray *phones = json_object_get_array_member (contact, "phone");

  g_assert_cmpuint (json_array_get_length (phones), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (phones, 0), ==, "+7 (912) 345-67-89");
  g_assert_cmpstr (json_array_get_string_element (phones, 1), ==, "8 800 555-35-35");

  /* The phone digits find the contact */
  assert_success (f, RUN (f, "list", "contacts", "--search", "912345", "--json"));
  g_assert_nonnull (strstr (f->out, "Анна"));
}

static void
test_sql_metacharacters (Fixture       *f,
                         gconstpointer  data)
{
  g_autofree char *id = add (f, "contacts", "first_name='); DROP TABLE contacts;--",
                             "last_name=O'Brien", NULL);
  g_autoptr(JsonObject) contact = show_json (f, "contacts", id);

  g_assert_cmpstr (json_object_get_string_member (contact, "first_name"), ==,
                   "'); DROP TABLE contacts;--");
  g_assert_cmpstr (json_object_get_string_member (contact, "last_name"), ==, "O'Brien");
  assert_success (f, RUN (f, "check"));
}

static void
test_check_reports_problems (Fixture       *f,
                             gconstpointer  data)
{
  g_autofree char *id = add (f, "deals", "title=Broken", NULL);

  assert_success (f, RUN (f, "check"));
  kontor_test_exec (f->path, "UPDATE deals SET status = 'won'");
  g_assert_cmpint (RUN (f, "check"), !=, 0);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

  if (g_getenv ("KONTOR_CLI") == NULL)
    {
      g_test_skip ("KONTOR_CLI is not set");
      return g_test_run ();
    }

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/cli/demo-puts-deals-in-every-stage", test_demo_has_deals_in_every_stage);
  ADD ("/cli/add-show-update-delete-undelete", test_add_show_update_delete_undelete);
  ADD ("/cli/bad-email-names-the-field", test_bad_email_names_field);
  ADD ("/cli/unknown-entity-and-field-are-refused", test_unknown_entity_and_field);
  ADD ("/cli/move-deal-closes-won-deals", test_move_deal);
  ADD ("/cli/phone-can-be-repeated", test_repeated_phone);
  ADD ("/cli/sql-metacharacters-are-stored-verbatim", test_sql_metacharacters);
  ADD ("/cli/check-reports-problems", test_check_reports_problems);

#undef ADD

  return g_test_run ();
}
