/* test-leads.c: lead sources, conversion in every combination, undo, read-only
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "kontor-core.h"
#include "kontor-test-util.h"

typedef KontorTestFixture Fixture;

static KontorEntity *
add_lead (KontorRepository *repo)
{
  KontorEntity *lead = KONTOR_ENTITY (kontor_lead_new ());
  const char *phones[] = { "+7 (912) 345-67-89", NULL };
  g_autoptr(GError) error = NULL;

  kontor_entity_set_text (lead, "title", "Поставка бумаги");
  kontor_entity_set_text (lead, "first_name", "Иван");
  kontor_entity_set_text (lead, "last_name", "Петров");
  kontor_entity_set_text (lead, "company_name", "ООО «Ромашка»");
  kontor_entity_set_text (lead, "source", "call");
  kontor_entity_set_int (lead, "amount", 1500000);
  kontor_entity_set_list (lead, "phone", phones);
  g_assert_true (kontor_repository_save (repo, lead, &error));
  g_assert_no_error (error);

  return lead;
}

static gint64
count (Fixture    *f,
       const char *sql)
{
  return kontor_test_query_int (f->path, sql);
}

static void
test_sources_are_seeded (Fixture       *f,
                         gconstpointer  data)
{
  g_assert_cmpint (count (f, "SELECT count(*) FROM lead_sources"), ==, 7);
  g_assert_cmpint (count (f, "SELECT position FROM lead_sources WHERE code = 'partner'"), ==, 5);
}

static void
test_sources_are_editable (Fixture       *f,
                           gconstpointer  data)
{
  g_auto(GStrv) codes = NULL;
  g_auto(GStrv) names = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorRepository) again = NULL;
  g_autoptr(KontorEntity) lead = KONTOR_ENTITY (kontor_lead_new ());
  const KontorField *source =
    kontor_entity_class_find_field (KONTOR_ENTITY_GET_CLASS (lead), "source");

  g_assert_true (kontor_lead_sources_list (f->repo, &codes, &names, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (codes), ==, 7);
  g_assert_cmpstr (codes[0], ==, "call");
  g_assert_cmpstr (names[0], ==, "Call");
  g_assert_cmpstr (codes[2], ==, "web_form");

  /* Every source is a value the lead's field accepts */
  for (guint i = 0; codes[i] != NULL; i++)
    g_assert_true (g_strv_contains (source->choices, codes[i]));

  g_assert_true (kontor_lead_source_rename (f->repo, "web_form", "  Сайт ", &error));
  g_assert_no_error (error);
  g_assert_false (kontor_lead_source_rename (f->repo, "fax", "Факс", &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (kontor_lead_source_rename (f->repo, "call", " ", &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_clear_error (&error);

  /* Kept, and not seeded again on the next start */
  again = kontor_repository_open (f->path, &error);
  g_assert_no_error (error);
  g_clear_pointer (&codes, g_strfreev);
  g_clear_pointer (&names, g_strfreev);
  g_assert_true (kontor_lead_sources_list (again, &codes, &names, &error));
  g_assert_cmpuint (g_strv_length (names), ==, 7);
  g_assert_cmpstr (names[2], ==, "Сайт");
}

/* A file written by the first version: the upgrade seeds the sources and
 * reduces the names of the records already there */
static void
test_upgrade_from_version_1 (void)
{
  g_autofree char *dir = kontor_test_make_dir ();
  g_autofree char *path = g_build_filename (dir, "old.db", NULL);
  g_autoptr(GBytes) sql = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorRepository) repo = NULL;
  g_autoptr(KontorEntity) typed = KONTOR_ENTITY (kontor_company_new ());
  g_autoptr(GPtrArray) found = NULL;
  g_autofree char *text = NULL;
  sqlite3 *db = NULL;

  sql = g_resources_lookup_data ("/io/github/kontor/Kontor/sql/0001-initial.sql", 0, &error);
  g_assert_no_error (error);
  text = g_strndup (g_bytes_get_data (sql, NULL), g_bytes_get_size (sql));

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, text, NULL, NULL, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db,
                                 "INSERT INTO contacts (uuid, created_at, updated_at, first_name, "
                                 "last_name) VALUES ('u1', 1, 1, 'Петров', 'Иван');"
                                 "INSERT INTO companies (uuid, created_at, updated_at, name) "
                                 "VALUES ('u2', 1, 1, 'ООО «Ромашка»');"
                                 "PRAGMA user_version = 1;", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  repo = kontor_repository_open (path, &error);
  g_assert_no_error (error);

  g_assert_cmpint (kontor_test_query_int (path, "SELECT count(*) FROM lead_sources"), ==, 7);
  g_assert_cmpint (kontor_test_query_int (path, "SELECT count(*) FROM contacts "
                                          "WHERE normalized_name = 'ivan petrov'"), ==, 1);

  kontor_entity_set_text (typed, "name", "Romashka LLC");
  found = kontor_duplicates_find_for (repo, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);

  g_clear_pointer (&found, g_ptr_array_unref);
  g_assert_finalize_object (g_steal_pointer (&repo));
  kontor_test_remove_dir (dir);
}

typedef struct
{
  gboolean contact;
  gboolean company;
  gboolean deal;
} Combination;

static void
test_convert_combination (Fixture       *f,
                          gconstpointer  data)
{
  const Combination *combination = data;
  g_autoptr(KontorEntity) lead = add_lead (f->repo);
  g_autoptr(KontorLeadConversion) options = kontor_lead_conversion_new (f->repo, lead);
  g_autoptr(KontorEntity) contact = NULL;
  g_autoptr(KontorEntity) company = NULL;
  g_autoptr(KontorEntity) deal = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GListModel) timeline = NULL;
  gint64 lead_id = kontor_entity_get_id (lead);

  options->contact_action = combination->contact ? KONTOR_CONVERT_CREATE : KONTOR_CONVERT_SKIP;
  options->company_action = combination->company ? KONTOR_CONVERT_CREATE : KONTOR_CONVERT_SKIP;
  options->deal_action = combination->deal ? KONTOR_CONVERT_CREATE : KONTOR_CONVERT_SKIP;

  /* Pre-filled and editable */
  g_assert_cmpstr (kontor_entity_get_text (options->contact, "first_name"), ==, "Иван");
  g_assert_cmpstr (kontor_entity_get_text (options->company, "name"), ==, "ООО «Ромашка»");
  g_assert_cmpint (kontor_entity_get_int (options->deal, "amount"), ==, 1500000);
  kontor_entity_set_text (options->deal, "title", "Бумага на год");

  g_assert_true (kontor_lead_convert (f->repo, lead, options, &contact, &company, &deal, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (kontor_entity_get_text (lead, "status"), ==, "converted");
  g_assert_cmpint (count (f, "SELECT count(*) FROM leads WHERE status = 'converted'"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, combination->contact);
  g_assert_cmpint (count (f, "SELECT count(*) FROM companies"), ==, combination->company);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deals"), ==, combination->deal);

  g_assert_true ((contact != NULL) == combination->contact);
  g_assert_true ((company != NULL) == combination->company);
  g_assert_true ((deal != NULL) == combination->deal);

  g_assert_cmpint (kontor_entity_get_int (lead, "contact"), ==,
                   contact ? kontor_entity_get_id (contact) : 0);
  g_assert_cmpint (kontor_entity_get_int (lead, "company"), ==,
                   company ? kontor_entity_get_id (company) : 0);
  g_assert_cmpint (kontor_entity_get_int (lead, "deal"), ==,
                   deal ? kontor_entity_get_id (deal) : 0);

  if (contact)
    {
      const char * const *phones = kontor_entity_get_list (contact, "phone");

      g_assert_cmpint (kontor_entity_get_int (contact, "lead"), ==, lead_id);
      g_assert_cmpstr (phones[0], ==, "+7 (912) 345-67-89");
      g_assert_cmpint (kontor_entity_get_int (contact, "company"), ==,
                       company ? kontor_entity_get_id (company) : 0);
      g_assert_cmpint (count (f, "SELECT count(*) FROM timeline WHERE entity_kind = 'contact' "
                              "AND event = 'lead_converted'"), ==, 1);
    }
  if (company)
    {
      g_assert_cmpint (kontor_entity_get_int (company, "lead"), ==, lead_id);
      g_assert_cmpint (count (f, "SELECT count(*) FROM timeline WHERE entity_kind = 'company' "
                              "AND event = 'lead_converted'"), ==, 1);
    }
  if (deal)
    {
      g_assert_cmpstr (kontor_entity_get_text (deal, "title"), ==, "Бумага на год");
      g_assert_cmpint (kontor_entity_get_int (deal, "lead"), ==, lead_id);
      g_assert_cmpint (kontor_entity_get_int (deal, "amount"), ==, 1500000);
      g_assert_cmpint (kontor_entity_get_int (deal, "contact"), ==,
                       contact ? kontor_entity_get_id (contact) : 0);
      g_assert_cmpint (kontor_entity_get_int (deal, "company"), ==,
                       company ? kontor_entity_get_id (company) : 0);
      g_assert_cmpint (count (f, "SELECT count(*) FROM timeline WHERE entity_kind = 'deal' "
                              "AND event = 'lead_converted'"), ==, 1);
    }

  g_assert_cmpint (count (f, "SELECT count(*) FROM timeline WHERE entity_kind = 'lead' "
                          "AND event = 'converted'"), ==, 1);
  timeline = kontor_repository_list_timeline (f->repo, lead, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (timeline), >=, 2);
}

static void
test_convert_nothing_is_refused (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(KontorEntity) lead = add_lead (f->repo);
  g_autoptr(KontorLeadConversion) options = kontor_lead_conversion_new (f->repo, lead);
  g_autoptr(GError) error = NULL;

  options->contact_action = KONTOR_CONVERT_SKIP;
  options->company_action = KONTOR_CONVERT_SKIP;
  options->deal_action = KONTOR_CONVERT_SKIP;
  g_assert_false (kontor_lead_convert (f->repo, lead, options, NULL, NULL, NULL, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_cmpstr (kontor_entity_get_text (lead, "status"), ==, "new");
}

static void
test_convert_links_existing (Fixture       *f,
                             gconstpointer  data)
{
  g_autoptr(KontorEntity) lead = add_lead (f->repo);
  g_autoptr(KontorEntity) existing_contact = kontor_test_add_contact (f->repo, "Иван", "Петров");
  g_autoptr(KontorEntity) existing_company = KONTOR_ENTITY (kontor_company_new ());
  g_autoptr(KontorLeadConversion) options = NULL;
  g_autoptr(KontorEntity) contact = NULL;
  g_autoptr(KontorEntity) company = NULL;
  g_autoptr(KontorEntity) deal = NULL;
  g_autoptr(GError) error = NULL;

  kontor_entity_set_text (existing_company, "name", "Ромашка");
  g_assert_true (kontor_repository_save (f->repo, existing_company, &error));

  options = kontor_lead_conversion_new (f->repo, lead);
  options->contact_action = KONTOR_CONVERT_LINK;
  options->contact_id = kontor_entity_get_id (existing_contact);
  options->company_action = KONTOR_CONVERT_LINK;
  options->company_id = kontor_entity_get_id (existing_company);

  g_assert_true (kontor_lead_convert (f->repo, lead, options, &contact, &company, &deal, &error));
  g_assert_no_error (error);

  g_assert_true (contact == existing_contact);
  g_assert_true (company == existing_company);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM companies"), ==, 1);
  g_assert_cmpint (kontor_entity_get_int (lead, "contact"), ==,
                   kontor_entity_get_id (existing_contact));
  g_assert_cmpint (kontor_entity_get_int (deal, "contact"), ==,
                   kontor_entity_get_id (existing_contact));
  g_assert_cmpint (kontor_entity_get_int (deal, "company"), ==,
                   kontor_entity_get_id (existing_company));
  g_assert_cmpint (count (f, "SELECT count(*) FROM timeline WHERE entity_kind = 'contact' "
                          "AND event = 'lead_converted'"), ==, 1);

  /* Linking to a record that does not exist fails as a whole */
  {
    g_autoptr(KontorEntity) other = add_lead (f->repo);
    g_autoptr(KontorLeadConversion) bad = kontor_lead_conversion_new (f->repo, other);
    gint64 deals = count (f, "SELECT count(*) FROM deals");

    bad->contact_action = KONTOR_CONVERT_LINK;
    bad->contact_id = 999;
    g_assert_false (kontor_lead_convert (f->repo, other, bad, NULL, NULL, NULL, &error));
    g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND);
    g_assert_cmpint (count (f, "SELECT count(*) FROM deals"), ==, deals);
    g_assert_cmpint (count (f, "SELECT count(*) FROM companies"), ==, 1);
  }
}

static void
check_failed_conversion (Fixture              *f,
                         KontorEntity         *lead,
                         KontorLeadConversion *options)
{
  g_autoptr(GError) error = NULL;
  gint64 timeline = count (f, "SELECT count(*) FROM timeline");
  gint64 updated = count (f, "SELECT updated_at FROM leads");

  g_assert_false (kontor_lead_convert (f->repo, lead, options, NULL, NULL, NULL, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);

  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM companies"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deals"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM timeline"), ==, timeline);
  g_assert_cmpint (count (f, "SELECT count(*) FROM leads WHERE status = 'new' "
                          "AND contact_id IS NULL AND company_id IS NULL AND deal_id IS NULL"),
                   ==, 1);
  g_assert_cmpint (count (f, "SELECT updated_at FROM leads"), ==, updated);

  /* The objects show the lead as it was; the new records were not kept */
  g_assert_cmpstr (kontor_entity_get_text (lead, "status"), ==, "new");
  g_assert_cmpint (kontor_entity_get_int (lead, "contact"), ==, 0);
  g_assert_cmpint (kontor_entity_get_int (lead, "company"), ==, 0);
  g_assert_cmpint (kontor_entity_get_id (options->contact), ==, 0);
  g_assert_cmpint (kontor_entity_get_id (options->company), ==, 0);
}

static void
test_failed_deal_leaves_nothing (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(KontorEntity) lead = add_lead (f->repo);
  g_autoptr(KontorLeadConversion) options = kontor_lead_conversion_new (f->repo, lead);
  g_autoptr(KontorEntity) pipeline = KONTOR_ENTITY (kontor_pipeline_new ());
  g_autoptr(KontorEntity) stage = KONTOR_ENTITY (kontor_stage_new ());
  g_autoptr(GError) error = NULL;

  /* A stage of another pipeline */
  kontor_entity_set_text (pipeline, "name", "Партнёры");
  g_assert_true (kontor_repository_save (f->repo, pipeline, &error));
  kontor_entity_set_int (stage, "pipeline", kontor_entity_get_id (pipeline));
  kontor_entity_set_text (stage, "name", "Первый звонок");
  g_assert_true (kontor_repository_save (f->repo, stage, &error));
  g_assert_no_error (error);

  kontor_entity_set_int (options->deal, "stage", kontor_entity_get_id (stage));
  check_failed_conversion (f, lead, options);

  /* A negative amount */
  kontor_entity_set_int (options->deal, "stage", 0);
  kontor_entity_set_int (options->deal, "amount", -100);
  check_failed_conversion (f, lead, options);

  /* Fixed, the same options convert */
  kontor_entity_set_int (options->deal, "amount", 100);
  g_assert_true (kontor_lead_convert (f->repo, lead, options, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deals"), ==, 1);
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts"), ==, 1);
}

static void
test_converted_lead_is_read_only (Fixture       *f,
                                  gconstpointer  data)
{
  g_autoptr(KontorEntity) lead = add_lead (f->repo);
  g_autoptr(KontorLeadConversion) options = kontor_lead_conversion_new (f->repo, lead);
  g_autoptr(GError) error = NULL;

  g_assert_false (kontor_lead_is_read_only (lead));
  g_assert_true (kontor_lead_convert (f->repo, lead, options, NULL, NULL, NULL, &error));
  g_assert_true (kontor_lead_is_read_only (lead));

  kontor_entity_set_text (lead, "title", "Другое");
  g_assert_false (kontor_repository_save (f->repo, lead, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_cmpint (count (f, "SELECT count(*) FROM leads WHERE title = 'Поставка бумаги'"), ==, 1);

  /* Not even back to "new" */
  kontor_entity_set_text (lead, "status", "new");
  g_assert_false (kontor_repository_save (f->repo, lead, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT);
  g_clear_error (&error);
  g_assert_true (kontor_repository_reload (f->repo, lead, &error));

  /* Comments still work */
  g_assert_true (kontor_repository_add_comment (f->repo, lead, "Перезвонить в мае", &error));
  g_assert_no_error (error);

  /* A second conversion is refused */
  {
    g_autoptr(KontorLeadConversion) again = kontor_lead_conversion_new (f->repo, lead);

    g_assert_false (kontor_lead_convert (f->repo, lead, again, NULL, NULL, NULL, &error));
    g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT);
  }
}

static void
test_undo_conversion (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KontorEntity) lead = add_lead (f->repo);
  g_autoptr(KontorLeadConversion) options = kontor_lead_conversion_new (f->repo, lead);
  g_autoptr(KontorEntity) contact = NULL;
  g_autoptr(KontorEntity) company = NULL;
  g_autoptr(KontorEntity) deal = NULL;
  g_autoptr(GError) error = NULL;

  kontor_entity_set_text (lead, "status", "in_progress");
  g_assert_true (kontor_repository_save (f->repo, lead, &error));

  g_assert_true (kontor_lead_convert (f->repo, lead, options, &contact, &company, &deal, &error));
  g_assert_no_error (error);

  g_assert_true (kontor_lead_conversion_undo (f->repo, lead, options, &error));
  g_assert_no_error (error);

  g_assert_cmpstr (kontor_entity_get_text (lead, "status"), ==, "in_progress");
  g_assert_cmpint (kontor_entity_get_int (lead, "contact"), ==, 0);
  g_assert_cmpint (kontor_entity_get_int (lead, "deal"), ==, 0);
  g_assert_true (kontor_entity_is_deleted (contact));
  g_assert_true (kontor_entity_is_deleted (company));
  g_assert_true (kontor_entity_is_deleted (deal));
  g_assert_cmpint (count (f, "SELECT count(*) FROM contacts WHERE deleted_at IS NULL"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM companies WHERE deleted_at IS NULL"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM deals WHERE deleted_at IS NULL"), ==, 0);
  g_assert_cmpint (count (f, "SELECT count(*) FROM leads WHERE status = 'in_progress' "
                          "AND deal_id IS NULL"), ==, 1);

  /* Editable again, and a second undo has nothing to do */
  kontor_entity_set_text (lead, "title", "Снова в работе");
  g_assert_true (kontor_repository_save (f->repo, lead, &error));
  g_assert_no_error (error);
  g_assert_false (kontor_lead_conversion_undo (f->repo, lead, options, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  static const Combination combinations[] = {
    { TRUE, FALSE, FALSE },
    { FALSE, TRUE, FALSE },
    { FALSE, FALSE, TRUE },
    { TRUE, TRUE, FALSE },
    { TRUE, FALSE, TRUE },
    { FALSE, TRUE, TRUE },
    { TRUE, TRUE, TRUE },
  };

  g_test_init (&argc, &argv, NULL);

#define ADD(path, func, data) \
  g_test_add (path, Fixture, data, kontor_test_fixture_setup, func, kontor_test_fixture_teardown)

  ADD ("/leads/default-sources-are-seeded", test_sources_are_seeded, NULL);
  g_test_add_func ("/leads/upgrade-from-version-1-fills-sources-and-names",
                   test_upgrade_from_version_1);
  ADD ("/leads/sources-can-be-renamed", test_sources_are_editable, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (combinations); i++)
    {
      g_autofree char *path =
        g_strdup_printf ("/leads/convert/creates%s%s%s",
                         combinations[i].contact ? "-contact" : "",
                         combinations[i].company ? "-company" : "",
                         combinations[i].deal ? "-deal" : "");
      ADD (path, test_convert_combination, &combinations[i]);
    }
  ADD ("/leads/convert/nothing-chosen-is-refused", test_convert_nothing_is_refused, NULL);
  ADD ("/leads/convert/links-existing-records", test_convert_links_existing, NULL);
  ADD ("/leads/convert/failing-deal-leaves-nothing", test_failed_deal_leaves_nothing, NULL);
  ADD ("/leads/converted-lead-is-read-only", test_converted_lead_is_read_only, NULL);
  ADD ("/leads/convert/undo-restores-the-lead", test_undo_conversion, NULL);

  return g_test_run ();
}
