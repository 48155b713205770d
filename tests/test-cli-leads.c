/* test-cli-leads.c: kontor-cli convert-lead, duplicates and merge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>

#include "kontor-core.h"
#include "kontor-test-util.h"

typedef KontorCliFixture Fixture;

#define fixture_setup kontor_cli_fixture_setup
#define fixture_teardown kontor_cli_fixture_teardown
#define run kontor_cli_run

#define RUN(f, ...) run ((f), __VA_ARGS__, NULL)

static void
assert_ok (Fixture *f,
           int      status)
{
  if (status != 0)
    g_error ("kontor-cli failed (%d): %s", status, f->err);
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return kontor_test_query_int (f->path, sql);
}

static void
add_lead (Fixture *f)
{
  assert_ok (f, RUN (f, "add", "leads", "first_name=Иван", "last_name=Петров",
                     "company_name=ООО «Ромашка»", "amount=1500", "phone=+7 912 345-67-89"));
}

static void
test_convert_lead (Fixture       *f,
                   gconstpointer  data)
{
  add_lead (f);
  assert_ok (f, RUN (f, "convert-lead", "1", "--contact", "--deal", "--pipeline", "Sales",
                     "--stage", "Proposal"));
  g_assert_nonnull (strstr (f->out, "contact: 1"));
  g_assert_nonnull (strstr (f->out, "deal: 1"));
  g_assert_null (strstr (f->out, "company:"));

  g_assert_cmpint (count (f, "SELECT count(*) FROM leads WHERE status = 'converted' "
                          "AND contact_id = 1 AND deal_id = 1 AND company_id IS NULL"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM companies"), ==, 0);
  g_assert_cmpint (count (f, "SELECT amount FROM deals WHERE lead_id = 1 AND contact_id = 1"),
                   ==, 150000);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deals d JOIN stages s ON s.id = d.stage_id "
                          "WHERE s.name = 'Proposal'"), ==, 1);

  /* Read-only now, and a second conversion is refused */
  g_assert_cmpint (RUN (f, "update", "leads", "1", "title=Другое"), ==, 1);
  g_assert_nonnull (strstr (f->err, "converted"));
  g_assert_cmpint (RUN (f, "convert-lead", "1"), ==, 1);
}

static void
test_convert_lead_failure_leaves_nothing (Fixture       *f,
                                          gconstpointer  data)
{
  add_lead (f);
  g_assert_cmpint (RUN (f, "convert-lead", "1", "--contact", "--company", "--deal",
                        "--stage", "No such stage"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM leads WHERE status = 'new'"), ==, 1);

  /* Usage errors exit with 2 */
  g_assert_cmpint (RUN (f, "convert-lead"), ==, 2);
  g_assert_cmpint (RUN (f, "convert-lead", "x"), ==, 2);

  /* Without options, what the dialog proposes: all three */
  assert_ok (f, RUN (f, "convert-lead", "1"));
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts WHERE company_id = 1"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deals WHERE company_id = 1"), ==, 1);
}

static void
test_duplicates_and_merge (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonArray *groups, *records;

  assert_ok (f, RUN (f, "add", "contacts", "first_name=Иван", "last_name=Петров",
                     "phone=+7 (912) 345-67-89"));
  assert_ok (f, RUN (f, "add", "contacts", "first_name=Анна", "last_name=Смирнова",
                     "phone=8 912 345 67 89", "email=Anna@Example.com"));
  assert_ok (f, RUN (f, "add", "contacts", "first_name=Олег", "last_name=Сидоров",
                     "email=anna@example.COM"));
  assert_ok (f, RUN (f, "add", "contacts", "first_name=Мария", "last_name=Ким"));
  assert_ok (f, RUN (f, "add", "deals", "title=Поставка", "contact=2"));

  assert_ok (f, RUN (f, "duplicates", "contacts", "--json"));
  json_parser_load_from_data (parser, f->out, -1, &error);
  g_assert_no_error (error);
  groups = json_node_get_array (json_parser_get_root (parser));
  g_assert_cmpuint (json_array_get_length (groups), ==, 1);
  records = json_object_get_array_member (json_array_get_object_element (groups, 0), "records");
  g_assert_cmpuint (json_array_get_length (records), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_array_get_object_element (records, 0), "id"),
                   ==, 1);

  assert_ok (f, RUN (f, "duplicates", "contacts"));
  g_assert_nonnull (strstr (f->out, "1 Иван Петров"));

  g_assert_cmpint (RUN (f, "duplicates", "deals"), ==, 2);

  assert_ok (f, RUN (f, "merge", "contacts", "1", "2", "3"));
  g_assert_cmpint (count (f, "SELECT contact_id FROM deals"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts WHERE merged_into_id = 1 "
                          "AND deleted_at IS NOT NULL"), ==, 2);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contact_points WHERE owner_kind = 'contact' "
                          "AND owner_id = 1"), ==, 2);

  assert_ok (f, RUN (f, "duplicates", "contacts"));
  g_assert_cmpstr (f->out, ==, "");

  g_assert_cmpint (RUN (f, "merge", "contacts", "1"), ==, 2);
  g_assert_cmpint (RUN (f, "merge", "contacts", "1", "1"), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/cli-leads/convert-lead-creates-and-links", test_convert_lead);
  ADD ("/cli-leads/convert-lead-failure-leaves-nothing", test_convert_lead_failure_leaves_nothing);
  ADD ("/cli-leads/duplicates-and-merge", test_duplicates_and_merge);

  return g_test_run ();
}
