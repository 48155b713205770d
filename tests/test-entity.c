/* test-entity.c: field validation and bad input
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "kontor-core.h"
#include "kontor-test-util.h"

typedef KontorTestFixture Fixture;

/* Saves @entity expecting a validation error on @field; nothing may be written */
static void
assert_save_refused (Fixture      *f,
                     KontorEntity *entity,
                     const char   *field)
{
  g_autoptr(GError) error = NULL;
  gint64 timeline = kontor_test_query_int (f->path, "SELECT count(*) FROM timeline");
  gint64 id = kontor_entity_get_id (entity);

  g_assert_false (kontor_repository_save (f->repo, entity, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_cmpstr (kontor_error_get_field (error), ==, field);
  g_assert_cmpint (kontor_entity_get_id (entity), ==, id);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM timeline"), ==, timeline);
}

static void
assert_save_ok (Fixture      *f,
                KontorEntity *entity)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (kontor_repository_save (f->repo, entity, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_id (entity), >, 0);
}

static void
test_required_fields (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KontorCompany) company = kontor_company_new ();
  g_autoptr(KontorDeal) deal = kontor_deal_new ();

  assert_save_refused (f, KONTOR_ENTITY (company), "name");
  kontor_entity_set_text (KONTOR_ENTITY (company), "name", "");
  assert_save_refused (f, KONTOR_ENTITY (company), "name");
  kontor_entity_set_text (KONTOR_ENTITY (company), "name", " \t ");
  assert_save_refused (f, KONTOR_ENTITY (company), "name");
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM companies"), ==, 0);

  kontor_entity_set_text (KONTOR_ENTITY (deal), "title", "   ");
  assert_save_refused (f, KONTOR_ENTITY (deal), "title");
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM deals"), ==, 0);

  kontor_entity_set_text (KONTOR_ENTITY (company), "name", "ООО «Ромашка»");
  assert_save_ok (f, KONTOR_ENTITY (company));
}

static void
test_oversize_fields (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KontorContact) contact = kontor_contact_new ();
  KontorEntity *entity = KONTOR_ENTITY (contact);
  g_autoptr(GString) name = g_string_new (NULL);
  g_autoptr(GString) comment = g_string_new (NULL);
  const char *long_email[] = { NULL, NULL };
  g_autofree char *local_part = g_strnfill (250, 'a');
  g_autofree char *email = NULL;

  /* The limit counts characters, not bytes: 100 Cyrillic letters fit */
  for (guint i = 0; i < 100; i++)
    g_string_append (name, "Я");
  kontor_entity_set_text (entity, "first_name", name->str);
  assert_save_ok (f, entity);

  g_string_append (name, "Я");
  kontor_entity_set_text (entity, "first_name", name->str);
  assert_save_refused (f, entity, "first_name");
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT length(first_name) FROM contacts"),
                   ==, 100);

  kontor_entity_set_text (entity, "first_name", "Ян");
  for (guint i = 0; i < 10001; i++)
    g_string_append_c (comment, 'x');
  kontor_entity_set_text (entity, "comment", comment->str);
  assert_save_refused (f, entity, "comment");

  kontor_entity_set_text (entity, "comment", NULL);
  email = g_strconcat (local_part, "@example.ru", NULL);
  long_email[0] = email;
  kontor_entity_set_list (entity, "email", long_email);
  assert_save_refused (f, entity, "email");
}

static void
test_control_characters (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KontorContact) contact = kontor_contact_new ();
  KontorEntity *entity = KONTOR_ENTITY (contact);
  g_autofree char *comment = NULL;

  kontor_entity_set_text (entity, "first_name", "Ivan\x01");
  assert_save_refused (f, entity, "first_name");
  kontor_entity_set_text (entity, "first_name", "Ivan\nPetrov");
  assert_save_refused (f, entity, "first_name");
  kontor_entity_set_text (entity, "first_name", "Ivan\x7f");
  assert_save_refused (f, entity, "first_name");
  kontor_entity_set_text (entity, "first_name", "Ivan\x1b[31m");
  assert_save_refused (f, entity, "first_name");
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM contacts"), ==, 0);

  /* Multi-line fields keep their line breaks and tabs */
  kontor_entity_set_text (entity, "first_name", "Ivan");
  kontor_entity_set_text (entity, "comment", "line one\nline two\tend\r\n");
  assert_save_ok (f, entity);
  comment = kontor_test_query_text (f->path, "SELECT comment FROM contacts");
  g_assert_cmpstr (comment, ==, "line one\nline two\tend\r\n");

  kontor_entity_set_text (entity, "comment", "bell\a");
  assert_save_refused (f, entity, "comment");
}

static void
test_invalid_utf8 (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KontorContact) contact = kontor_contact_new ();
  KontorEntity *entity = KONTOR_ENTITY (contact);
  const char *phones[] = { "+7 912 \xff", NULL };

  kontor_entity_set_text (entity, "first_name", "Ivan\xff\xfe");
  assert_save_refused (f, entity, "first_name");
  kontor_entity_set_text (entity, "first_name", "\xd0");
  assert_save_refused (f, entity, "first_name");
  kontor_entity_set_text (entity, "first_name", "Ivan");
  kontor_entity_set_list (entity, "phone", phones);
  assert_save_refused (f, entity, "phone");
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM contacts"), ==, 0);
}

static void
test_sql_metacharacters_verbatim (Fixture       *f,
                                  gconstpointer  data)
{
  static const char *nasty = "'); DROP TABLE contacts;--";
  static const char *more = "Robert\"; DELETE FROM deals; -- %_\\ ' OR '1'='1";
  g_autoptr(GError) error = NULL;
  KontorEntity *contact = kontor_test_add_contact (f->repo, nasty, more);
  g_autoptr(KontorEntity) deal = NULL;
  g_autofree char *stored_first = NULL;
  g_autofree char *stored_last = NULL;
  gint64 id = kontor_entity_get_id (contact);

  deal = kontor_test_add_deal (f->repo, nasty, 0);

  stored_first = kontor_test_query_text (f->path, "SELECT first_name FROM contacts");
  stored_last = kontor_test_query_text (f->path, "SELECT last_name FROM contacts");
  g_assert_cmpstr (stored_first, ==, nasty);
  g_assert_cmpstr (stored_last, ==, more);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM sqlite_schema "
                                                   "WHERE name = 'contacts'"), ==, 1);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM deals"), ==, 1);

  /* Read back from the file, not from the cached object */
  g_assert_finalize_object (contact);
  contact = kontor_repository_find (f->repo, KONTOR_TYPE_CONTACT, id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (kontor_entity_get_text (contact, "first_name"), ==, nasty);
  g_assert_cmpstr (kontor_entity_get_text (contact, "last_name"), ==, more);
  g_object_unref (contact);

  g_assert_cmpstr (kontor_entity_get_text (deal, "title"), ==, nasty);
}

static void
test_negative_amount (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorDeal) deal = kontor_deal_new ();
  KontorEntity *entity = KONTOR_ENTITY (deal);

  kontor_entity_set_text (entity, "title", "Refund");
  kontor_entity_set_text (entity, "currency", "RUB");
  g_assert_true (kontor_entity_set_from_string (entity, "amount", "-20", &error));
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_int (entity, "amount"), ==, -2000);
  assert_save_refused (f, entity, "amount");
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM deals"), ==, 0);

  g_assert_false (kontor_entity_set_from_string (entity, "amount", "1.555", &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_cmpstr (kontor_error_get_field (error), ==, "amount");
  g_clear_error (&error);

  g_assert_true (kontor_entity_set_from_string (entity, "amount", "1 500,50", &error));
  g_assert_no_error (error);
  assert_save_ok (f, entity);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT amount FROM deals"), ==, 150050);
}

static void
test_unknown_enum_value (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KontorInvoice) invoice = kontor_invoice_new ();
  g_autoptr(KontorLead) lead = kontor_lead_new ();

  kontor_entity_set_text (KONTOR_ENTITY (invoice), "status", "archived");
  assert_save_refused (f, KONTOR_ENTITY (invoice), "status");
  kontor_entity_set_text (KONTOR_ENTITY (invoice), "status", "DRAFT");
  assert_save_refused (f, KONTOR_ENTITY (invoice), "status");
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM invoices"), ==, 0);

  kontor_entity_set_text (KONTOR_ENTITY (lead), "title", "Запрос с сайта");
  kontor_entity_set_text (KONTOR_ENTITY (lead), "source", "telepathy");
  assert_save_refused (f, KONTOR_ENTITY (lead), "source");
  kontor_entity_set_text (KONTOR_ENTITY (lead), "source", "web_form");
  assert_save_ok (f, KONTOR_ENTITY (lead));
}

static void
test_invalid_date (Fixture       *f,
                   gconstpointer  data)
{
  static const char * const bad[] = {
    "2023-02-30", "2023-13-01", "2023-00-10", "23-1-1", "2023-01-01x", "tomorrow",
    "2023/01/01", "01.02.2023", "2023-1-01",
  };
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorContact) contact = kontor_contact_new ();
  KontorEntity *entity = KONTOR_ENTITY (contact);

  kontor_entity_set_text (entity, "first_name", "Дата");
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_assert_true (kontor_entity_set_from_string (entity, "birthday", bad[i], &error));
      g_assert_no_error (error);
      assert_save_refused (f, entity, "birthday");
    }
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM contacts"), ==, 0);

  kontor_entity_set_text (entity, "birthday", "2024-02-29");
  assert_save_ok (f, entity);
}

static void
test_set_from_string (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorDeal) deal = kontor_deal_new ();
  g_autoptr(KontorActivity) activity = kontor_activity_new ();
  KontorEntity *entity = KONTOR_ENTITY (deal);
  g_autofree char *amount = NULL;

  g_assert_false (kontor_entity_set_from_string (entity, "colour", "red", &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_cmpstr (kontor_error_get_field (error), ==, "colour");
  g_clear_error (&error);

  g_assert_false (kontor_entity_set_from_string (entity, "status", "won", &error));
  g_assert_cmpstr (kontor_error_get_field (error), ==, "status");
  g_clear_error (&error);

  g_assert_false (kontor_entity_set_from_string (entity, "probability", "high", &error));
  g_assert_cmpstr (kontor_error_get_field (error), ==, "probability");
  g_clear_error (&error);

  g_assert_true (kontor_entity_set_from_string (entity, "probability", "150", &error));
  g_assert_no_error (error);
  kontor_entity_set_text (entity, "title", "Too sure");
  assert_save_refused (f, entity, "probability");

  g_assert_true (kontor_entity_set_from_string (entity, "probability", "50", &error));
  g_assert_true (kontor_entity_set_from_string (entity, "currency", "USD", &error));
  g_assert_true (kontor_entity_set_from_string (entity, "amount", "1500.50", &error));
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_int (entity, "amount"), ==, 150050);
  amount = kontor_entity_dup_string (entity, "amount");
  g_assert_cmpstr (amount, ==, "1500.50");

  g_assert_false (kontor_entity_set_from_string (KONTOR_ENTITY (activity), "done", "maybe",
                                                 &error));
  g_assert_cmpstr (kontor_error_get_field (error), ==, "done");
  g_clear_error (&error);
  g_assert_true (kontor_entity_set_from_string (KONTOR_ENTITY (activity), "done", "yes", &error));
  g_assert_true (kontor_entity_get_bool (KONTOR_ENTITY (activity), "done"));

  g_assert_false (kontor_entity_set_from_string (KONTOR_ENTITY (activity), "due_at",
                                                 "someday", &error));
  g_assert_cmpstr (kontor_error_get_field (error), ==, "due_at");
}

static void
test_lists (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorContact) contact = kontor_contact_new ();
  KontorEntity *entity = KONTOR_ENTITY (contact);
  const char *phones[] = { "+7 912 345-67-89", "", "8 (800) 555-35-35", NULL };
  const char * const *list;
  gint64 id;

  kontor_entity_set_text (entity, "first_name", "Многофонов");
  kontor_entity_set_list (entity, "phone", phones);
  list = kontor_entity_get_list (entity, "phone");
  g_assert_cmpuint (g_strv_length ((char **) list), ==, 2);

  g_assert_true (kontor_entity_set_from_string (entity, "email", "a@example.ru", &error));
  g_assert_true (kontor_entity_set_from_string (entity, "email", "b@example.ru", &error));
  g_assert_no_error (error);
  assert_save_ok (f, entity);
  id = kontor_entity_get_id (entity);

  g_clear_object (&contact);
  contact = kontor_repository_find (f->repo, KONTOR_TYPE_CONTACT, id, &error);
  g_assert_no_error (error);
  entity = KONTOR_ENTITY (contact);
  list = kontor_entity_get_list (entity, "phone");
  g_assert_cmpuint (g_strv_length ((char **) list), ==, 2);
  g_assert_cmpstr (list[0], ==, "+7 912 345-67-89");
  g_assert_cmpstr (list[1], ==, "8 (800) 555-35-35");
  list = kontor_entity_get_list (entity, "email");
  g_assert_cmpuint (g_strv_length ((char **) list), ==, 2);
  g_assert_cmpstr (list[1], ==, "b@example.ru");
}

static void
count_notify (GObject    *object,
              GParamSpec *pspec,
              guint      *counter)
{
  (*counter)++;
}

static void
test_notify_only_on_change (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(KontorContact) contact = kontor_contact_new ();
  KontorEntity *entity = KONTOR_ENTITY (contact);
  guint n_first = 0, n_last = 0, n_phone = 0;
  const char *phones[] = { "+7 912 345-67-89", NULL };

  g_signal_connect (contact, "notify::first-name", G_CALLBACK (count_notify), &n_first);
  g_signal_connect (contact, "notify::last-name", G_CALLBACK (count_notify), &n_last);
  g_signal_connect (contact, "notify::phone", G_CALLBACK (count_notify), &n_phone);

  kontor_entity_set_text (entity, "first_name", "Анна");
  g_assert_cmpuint (n_first, ==, 1);
  g_assert_cmpuint (n_last, ==, 0);

  kontor_entity_set_text (entity, "first_name", "Анна");
  g_assert_cmpuint (n_first, ==, 1);

  g_object_set (contact, "first-name", "Анна", NULL);
  g_assert_cmpuint (n_first, ==, 1);
  g_object_set (contact, "first-name", "Ольга", NULL);
  g_assert_cmpuint (n_first, ==, 2);

  /* Empty and unset are the same value */
  kontor_entity_set_text (entity, "last_name", "");
  g_assert_cmpuint (n_last, ==, 0);

  kontor_entity_set_list (entity, "phone", phones);
  kontor_entity_set_list (entity, "phone", phones);
  g_assert_cmpuint (n_phone, ==, 1);

  /* Saving does not make unchanged properties notify */
  kontor_entity_set_text (entity, "first_name", "Ольга");
  assert_save_ok (f, entity);
  g_assert_cmpuint (n_first, ==, 2);
  g_assert_cmpuint (n_last, ==, 0);
  g_assert_cmpuint (n_phone, ==, 1);
}

static void
test_field_tables (Fixture       *f,
                   gconstpointer  data)
{
  guint n_types = 0;
  const GType *types = kontor_entity_list_types (&n_types);

  g_assert_cmpuint (n_types, >=, 7);

  for (guint i = 0; i < n_types; i++)
    {
      g_autoptr(GTypeClass) klass = g_type_class_ref (types[i]);
      KontorEntityClass *entity_class = KONTOR_ENTITY_CLASS (klass);

      g_assert_nonnull (entity_class->kind);
      g_assert_true (kontor_entity_type_from_name (entity_class->plural) == types[i]);
      for (guint j = 0; j < entity_class->n_fields; j++)
        {
          const KontorField *field = &entity_class->fields[j];
          g_autofree char *property = g_strdelimit (g_strdup (field->name), "_", '-');

          g_assert_nonnull (kontor_field_get_label (field));
          g_assert_true (kontor_entity_class_find_field (entity_class, field->name) == field);
          g_assert_nonnull (g_object_class_find_property (G_OBJECT_CLASS (klass), property));
        }
    }

  g_assert_true (kontor_entity_type_from_name ("unicorns") == G_TYPE_INVALID);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kontor_test_fixture_setup, func, kontor_test_fixture_teardown)

  ADD ("/entity/required-fields-refuse-blanks", test_required_fields);
  ADD ("/entity/oversize-fields-are-refused", test_oversize_fields);
  ADD ("/entity/control-characters-are-refused", test_control_characters);
  ADD ("/entity/invalid-utf8-is-refused", test_invalid_utf8);
  ADD ("/entity/sql-metacharacters-are-stored-verbatim", test_sql_metacharacters_verbatim);
  ADD ("/entity/negative-amount-is-refused", test_negative_amount);
  ADD ("/entity/unknown-enum-value-is-refused", test_unknown_enum_value);
  ADD ("/entity/invalid-date-is-refused", test_invalid_date);
  ADD ("/entity/set-from-string-checks-input", test_set_from_string);
  ADD ("/entity/lists-keep-several-values", test_lists);
  ADD ("/entity/notify-only-on-change", test_notify_only_on_change);
  ADD ("/entity/field-tables-give-properties", test_field_tables);

#undef ADD

  return g_test_run ();
}
