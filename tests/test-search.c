/* test-search.c: full-text prefix search over every entity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <locale.h>

#include "kontor-core.h"
#include "kontor-test-util.h"

typedef struct
{
  KontorTestFixture  base;
  KontorEntity      *ivan;     /* Иван Петров, +7 (912) 345-67-89, petrov@example.ru */
  KontorEntity      *smith;    /* Ivan Smith, john.smith@mail.example.com */
  KontorEntity      *ivanov;   /* Пётр Иванов */
  KontorEntity      *olga;     /* Ольга Ёлкина */
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const char *phones[] = { "+7 (912) 345-67-89", NULL };
  const char *emails[] = { "petrov@example.ru", NULL };
  const char *smith_emails[] = { "john.smith@mail.example.com", NULL };

  kontor_test_fixture_setup (&f->base, data);

  f->ivan = kontor_test_add_contact (f->base.repo, "Иван", "Петров");
  kontor_entity_set_list (f->ivan, "phone", phones);
  kontor_entity_set_list (f->ivan, "email", emails);
  g_assert_true (kontor_repository_save (f->base.repo, f->ivan, &error));
  g_assert_no_error (error);

  f->smith = kontor_test_add_contact (f->base.repo, "Ivan", "Smith");
  kontor_entity_set_list (f->smith, "email", smith_emails);
  g_assert_true (kontor_repository_save (f->base.repo, f->smith, &error));
  g_assert_no_error (error);

  f->ivanov = kontor_test_add_contact (f->base.repo, "Пётр", "Иванов");
  f->olga = kontor_test_add_contact (f->base.repo, "Ольга", "Ёлкина");
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->ivan);
  g_clear_object (&f->smith);
  g_clear_object (&f->ivanov);
  g_clear_object (&f->olga);
  kontor_test_fixture_teardown (&f->base, data);
}

static gboolean
model_contains (GListModel   *model,
                KontorEntity *entity)
{
  return kontor_list_model_find_id (KONTOR_LIST_MODEL (model), kontor_entity_get_id (entity)) >= 0;
}

/* Searches contacts for @text and checks the exact set of results */
static void
assert_search (Fixture    *f,
               const char *text,
               ...)
{
  g_autoptr(KontorListModel) model = kontor_list_model_new (f->base.repo, KONTOR_TYPE_CONTACT);
  KontorEntity *expected;
  guint n_expected = 0;
  va_list args;

  kontor_list_model_set_search (model, text);
  if (*text != '\0')
    g_assert_cmpstr (kontor_list_model_get_search (model), ==, text);

  va_start (args, text);
  while ((expected = va_arg (args, KontorEntity *)) != NULL)
    {
      if (!model_contains (G_LIST_MODEL (model), expected))
        {
          g_autofree char *name = kontor_entity_dup_display_name (expected);
          g_error ("Searching for “%s” did not find %s", text, name);
        }
      n_expected++;
    }
  va_end (args);

  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, n_expected);
}

static void
test_cyrillic_prefix (Fixture       *f,
                      gconstpointer  data)
{
  assert_search (f, "Иван", f->ivan, f->ivanov, NULL);
  assert_search (f, "иван", f->ivan, f->ivanov, NULL);
  assert_search (f, "ИВАНОВ", f->ivanov, NULL);
  assert_search (f, "петров", f->ivan, NULL);
  /* "Пётр" is "петр" to the index, a prefix of Петров as well */
  assert_search (f, "Пётр", f->ivan, f->ivanov, NULL);
  assert_search (f, "Пётр Иванов", f->ivanov, NULL);
  assert_search (f, "иван петро", f->ivan, NULL);
  assert_search (f, "Сидоров", NULL);
}

static void
test_uppercase_finds_mixed_case (Fixture       *f,
                                 gconstpointer  data)
{
  g_autoptr(KontorListModel) model = kontor_list_model_new (f->base.repo, KONTOR_TYPE_CONTACT);

  kontor_list_model_set_search (model, "ПЕТ");
  g_assert_true (model_contains (G_LIST_MODEL (model), f->ivan));
  g_assert_false (model_contains (G_LIST_MODEL (model), f->smith));
  g_assert_false (model_contains (G_LIST_MODEL (model), f->olga));

  kontor_list_model_set_search (model, "ёлк");
  g_assert_true (model_contains (G_LIST_MODEL (model), f->olga));
}

/* Most Russian text is typed with е for ё: either finds both */
static void
test_yo_is_ye (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(KontorEntity) semenov = kontor_test_add_contact (f->base.repo, "Семен", "Семенов");
  g_autoptr(KontorEntity) deal = kontor_test_add_deal (f->base.repo, "Поставка ёлок", 0);
  g_autoptr(KontorListModel) deals = kontor_list_model_new (f->base.repo, KONTOR_TYPE_DEAL);

  assert_search (f, "Елкина", f->olga, NULL);
  assert_search (f, "елк", f->olga, NULL);
  assert_search (f, "ЁЛКИНА", f->olga, NULL);
  assert_search (f, "Семёнов", semenov, NULL);
  assert_search (f, "сЕмЁн", semenov, NULL);

  /* Kinds indexed by other triggers fold it too */
  kontor_list_model_set_search (deals, "елок");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (deals)), ==, 1);
  kontor_list_model_set_search (deals, "ЁЛО");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (deals)), ==, 1);
  g_assert_cmpint (kontor_list_model_get_id (deals, 0), ==, kontor_entity_get_id (deal));
}

static void
test_latin_prefix (Fixture       *f,
                   gconstpointer  data)
{
  assert_search (f, "ivan", f->smith, NULL);
  assert_search (f, "IVAN", f->smith, NULL);
  assert_search (f, "Smi", f->smith, NULL);
  assert_search (f, "ivan smith", f->smith, NULL);
  assert_search (f, "ivan jones", NULL);
}

static void
test_phone_digits (Fixture       *f,
                   gconstpointer  data)
{
  assert_search (f, "912345", f->ivan, NULL);
  assert_search (f, "9123456789", f->ivan, NULL);
  assert_search (f, "+7 (912) 345-67-89", f->ivan, NULL);
  assert_search (f, "79123", f->ivan, NULL);
  assert_search (f, "555", NULL);
}

static void
test_email (Fixture       *f,
            gconstpointer  data)
{
  assert_search (f, "petrov@example.ru", f->ivan, NULL);
  assert_search (f, "john.smith", f->smith, NULL);
  assert_search (f, "john", f->smith, NULL);
  assert_search (f, "example", f->ivan, f->smith, NULL);
}

static void
test_syntax_is_not_interpreted (Fixture       *f,
                                gconstpointer  data)
{
  static const char * const odd[] = {
    "\"", "*", "'", "(", ")", "-", "^", ":", "AND", "NEAR(", "\"иван", "body:иван",
    "'); DROP TABLE contacts;--", "иван OR", "* OR *", "\\",
    /* Marks and letters the index's tokenizer cuts words at: a word with
     * one inside would be a phrase, which the index does not take */
    "и\u0305ван", "ив\u20ddан", "\u0903ива", "ᦰиван", "\u200dиван", "иван\u00ad",
  };

  for (guint i = 0; i < G_N_ELEMENTS (odd); i++)
    {
      g_autoptr(KontorListModel) model = kontor_list_model_new (f->base.repo,
                                                                KONTOR_TYPE_CONTACT);

      /* Must neither warn (warnings are fatal here) nor match everything */
      kontor_list_model_set_search (model, odd[i]);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), <, 4);
    }

  /* Decomposed letters find what the composed ones find */
  assert_search (f, "Пе\u0301тров", f->ivan, NULL);
  assert_search (f, "Е\u0308лкина", f->olga, NULL);

  /* Punctuation only matches nothing; an empty search matches everything */
  assert_search (f, "-*-", NULL);
  assert_search (f, "", f->ivan, f->smith, f->ivanov, f->olga, NULL);
  assert_search (f, "'); DROP TABLE contacts;--", NULL);
  g_assert_cmpint (kontor_test_query_int (f->base.path, "SELECT count(*) FROM contacts"), ==, 4);
}

static void
test_index_follows_changes (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorListModel) model = kontor_list_model_new (f->base.repo, KONTOR_TYPE_CONTACT);
  const char *phones[] = { "+7 495 111-22-33", NULL };

  kontor_list_model_set_search (model, "Петров");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  kontor_entity_set_text (f->ivan, "last_name", "Сидоров");
  g_assert_true (kontor_repository_save (f->base.repo, f->ivan, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);

  kontor_list_model_set_search (model, "сидор");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);

  /* A changed phone is searchable at once, the old one is gone */
  kontor_entity_set_list (f->ivan, "phone", phones);
  g_assert_true (kontor_repository_save (f->base.repo, f->ivan, &error));
  g_assert_no_error (error);
  assert_search (f, "4951112233", f->ivan, NULL);
  assert_search (f, "912345", NULL);

  /* Deleted records are not found; undeleted ones are again */
  g_assert_true (kontor_repository_delete (f->base.repo, f->ivan, &error));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
  g_assert_true (kontor_repository_undelete (f->base.repo, f->ivan, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
}

static void
test_other_entities (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorCompany) company = kontor_company_new ();
  g_autoptr(KontorLead) lead = kontor_lead_new ();
  g_autoptr(KontorEntity) deal = kontor_test_add_deal (f->base.repo, "Поставка станков", 0);
  g_autoptr(KontorListModel) deals = kontor_list_model_new (f->base.repo, KONTOR_TYPE_DEAL);
  g_autoptr(KontorListModel) companies = kontor_list_model_new (f->base.repo, KONTOR_TYPE_COMPANY);
  g_autoptr(KontorListModel) leads = kontor_list_model_new (f->base.repo, KONTOR_TYPE_LEAD);
  g_autoptr(KontorListModel) contacts = kontor_list_model_new (f->base.repo, KONTOR_TYPE_CONTACT);

  kontor_entity_set_text (KONTOR_ENTITY (company), "name", "ООО «Станкомаш»");
  g_assert_true (kontor_repository_save (f->base.repo, KONTOR_ENTITY (company), &error));
  g_assert_no_error (error);

  kontor_entity_set_text (KONTOR_ENTITY (lead), "title", "Заявка на станки");
  kontor_entity_set_text (KONTOR_ENTITY (lead), "comment", "Interested in lathes");
  g_assert_true (kontor_repository_save (f->base.repo, KONTOR_ENTITY (lead), &error));
  g_assert_no_error (error);

  kontor_list_model_set_search (deals, "станк");
  kontor_list_model_set_search (companies, "станк");
  kontor_list_model_set_search (leads, "станк");
  kontor_list_model_set_search (contacts, "станк");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (deals)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (companies)), ==, 1);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (leads)), ==, 1);
  /* The kinds do not leak into each other */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (contacts)), ==, 0);

  /* Notes are searched too */
  kontor_list_model_set_search (leads, "LATHE");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (leads)), ==, 1);
}

int
main (int   argc,
      char *argv[])
{
  setlocale (LC_ALL, "");
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/search/cyrillic-prefix-ignores-case", test_cyrillic_prefix);
  ADD ("/search/uppercase-finds-mixed-case", test_uppercase_finds_mixed_case);
  ADD ("/search/latin-prefix-ignores-case", test_latin_prefix);
  ADD ("/search/yo-and-ye-find-each-other", test_yo_is_ye);
  ADD ("/search/phone-digits-find-formatted-numbers", test_phone_digits);
  ADD ("/search/email-addresses", test_email);
  ADD ("/search/query-syntax-is-not-interpreted", test_syntax_is_not_interpreted);
  ADD ("/search/index-follows-changes", test_index_follows_changes);
  ADD ("/search/other-entities-are-searched", test_other_entities);

#undef ADD

  return g_test_run ();
}
