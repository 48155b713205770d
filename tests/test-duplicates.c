/* test-duplicates.c: normalizing, finding duplicates, scanning, merging and undoing merges
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kontor-core.h"
#include "kontor-test-util.h"

typedef KontorTestFixture Fixture;

static KontorEntity *
add_contact (KontorRepository *repo,
             const char       *first,
             const char       *last,
             const char       *phone,
             const char       *email)
{
  KontorEntity *contact = KONTOR_ENTITY (kontor_contact_new ());
  g_autoptr(GError) error = NULL;

  kontor_entity_set_text (contact, "first_name", first);
  kontor_entity_set_text (contact, "last_name", last);
  if (phone)
    kontor_entity_append_to_list (contact, "phone", phone);
  if (email)
    kontor_entity_append_to_list (contact, "email", email);
  g_assert_true (kontor_repository_save (repo, contact, &error));
  g_assert_no_error (error);

  return contact;
}

static KontorEntity *
add_company (KontorRepository *repo,
             const char       *name)
{
  KontorEntity *company = KONTOR_ENTITY (kontor_company_new ());
  g_autoptr(GError) error = NULL;

  kontor_entity_set_text (company, "name", name);
  g_assert_true (kontor_repository_save (repo, company, &error));
  g_assert_no_error (error);

  return company;
}

static KontorDuplicateCandidate *
find_candidate (GPtrArray    *found,
                KontorEntity *entity)
{
  for (guint i = 0; i < found->len; i++)
    {
      KontorDuplicateCandidate *candidate = g_ptr_array_index (found, i);

      if (candidate->entity == entity)
        return candidate;
    }

  return NULL;
}

static void
test_normalize_phone (void)
{
  static const char *same[] = { "+7 (912) 345-67-89", "89123456789", "8 912 345 67 89",
                                "+79123456789", "7-912-345-67-89", "(912) 345 67 89" };

  for (guint i = 0; i < G_N_ELEMENTS (same); i++)
    {
      g_autofree char *normalized = kontor_duplicates_normalize_phone (same[i]);
      g_assert_cmpstr (normalized, ==, "79123456789");
    }

  {
    g_autofree char *german = kontor_duplicates_normalize_phone ("+49 30 556677880");
    g_autofree char *us = kontor_duplicates_normalize_phone ("+1 (650) 253-0000");

    g_assert_cmpstr (german, ==, "4930556677880");
    g_assert_cmpstr (us, ==, "16502530000");
  }
}

static void
test_normalize_names (void)
{
  static const struct {
    const char *a;
    const char *b;
  } companies[] = {
    { "ООО «Ромашка»", "Ромашка" },
    { "ромашка, ООО", "\"Ромашка\"" },
    { "АО \"Ромашка\"", "ПАО Ромашка" },
    { "Romashka LLC", "ООО Ромашка" },
    { "Acme, Inc.", "ACME Ltd" },
    { "Müller GmbH", "müller" },
    { "ИП Ёлкин", "Елкин" },
    { "Йошкар-Ола", "И\u0306ошкар-Ола" },  /* composed and decomposed */
    { "Café", "Cafe\u0301" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (companies); i++)
    {
      g_autofree char *a = kontor_duplicates_normalize_company (companies[i].a);
      g_autofree char *b = kontor_duplicates_normalize_company (companies[i].b);

      g_assert_nonnull (a);
      g_assert_cmpstr (a, ==, b);
    }

  {
    g_autofree char *a = kontor_duplicates_normalize_person ("Иван", "Петров");
    g_autofree char *b = kontor_duplicates_normalize_person ("ПЕТРОВ", "иван");
    g_autofree char *c = kontor_duplicates_normalize_person ("Petrov Ivan", NULL);
    g_autofree char *d = kontor_duplicates_normalize_person ("Пётр", "Иванов");

    g_assert_cmpstr (a, ==, b);
    g_assert_cmpstr (a, ==, c);
    g_assert_cmpstr (a, !=, d);
  }

  {
    g_autofree char *a = kontor_duplicates_normalize_email ("  Ivan.Petrov@Example.COM ");
    g_assert_cmpstr (a, ==, "ivan.petrov@example.com");
  }
}

static void
test_find_by_phone (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KontorEntity) a = add_contact (f->repo, "Иван", "Петров", "+7 (912) 345-67-89", NULL);
  g_autoptr(KontorEntity) b = add_contact (f->repo, "Анна", "Смирнова", "89123456789", NULL);
  g_autoptr(KontorEntity) c = add_contact (f->repo, "Олег", "Сидоров", "+7 912 000-00-00", NULL);
  g_autoptr(KontorEntity) typed = KONTOR_ENTITY (kontor_contact_new ());
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  KontorDuplicateCandidate *candidate;

  /* A contact being typed, not saved yet */
  kontor_entity_set_text (typed, "first_name", "Мария");
  kontor_entity_append_to_list (typed, "phone", "8 912 345 67 89");
  found = kontor_duplicates_find_for (f->repo, typed, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 2);

  candidate = find_candidate (found, a);
  g_assert_nonnull (candidate);
  g_assert_cmpint (candidate->reasons, ==, KONTOR_DUPLICATE_PHONE);
  g_assert_cmpstr (candidate->detail, ==, "8 912 345 67 89");
  g_assert_nonnull (find_candidate (found, b));
  g_assert_null (find_candidate (found, c));
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A saved one does not find itself, and deleted records are not found */
  g_assert_true (kontor_repository_delete (f->repo, b, &error));
  found = kontor_duplicates_find_for (f->repo, a, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 0);
}

static void
test_find_by_email (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KontorEntity) a = add_contact (f->repo, "Иван", "Петров", NULL,
                                           "Ivan.Petrov@Example.com");
  g_autoptr(KontorEntity) lead = KONTOR_ENTITY (kontor_lead_new ());
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;
  KontorDuplicateCandidate *candidate;

  kontor_entity_set_text (lead, "title", "Запрос с сайта");
  kontor_entity_append_to_list (lead, "email", "IVAN.PETROV@EXAMPLE.COM");
  found = kontor_duplicates_find_for (f->repo, lead, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  candidate = find_candidate (found, a);
  g_assert_nonnull (candidate);
  g_assert_cmpint (candidate->reasons, ==, KONTOR_DUPLICATE_EMAIL);
}

static void
test_find_by_name (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(KontorEntity) person = add_contact (f->repo, "Иван", "Петров", NULL, NULL);
  g_autoptr(KontorEntity) middle = add_contact (f->repo, "Иван Сергеевич", "Петров", NULL, NULL);
  g_autoptr(KontorEntity) other = add_contact (f->repo, "Иван", "Сидоров", NULL, NULL);
  g_autoptr(KontorEntity) romashka = add_company (f->repo, "ООО «Ромашка»");
  g_autoptr(KontorEntity) acme = add_company (f->repo, "Acme, Inc.");
  g_autoptr(KontorEntity) typed = KONTOR_ENTITY (kontor_contact_new ());
  g_autoptr(KontorEntity) company = KONTOR_ENTITY (kontor_company_new ());
  g_autoptr(KontorEntity) lead = KONTOR_ENTITY (kontor_lead_new ());
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GError) error = NULL;

  /* Name parts in the other order */
  kontor_entity_set_text (typed, "first_name", "Петров");
  kontor_entity_set_text (typed, "last_name", "Иван");
  found = kontor_duplicates_find_for (f->repo, typed, &error);
  g_assert_no_error (error);
  g_assert_nonnull (find_candidate (found, person));
  g_assert_nonnull (find_candidate (found, middle));
  g_assert_null (find_candidate (found, other));
  g_assert_cmpint (find_candidate (found, person)->reasons, ==, KONTOR_DUPLICATE_NAME);
  g_clear_pointer (&found, g_ptr_array_unref);

  /* Company names with and without the legal form, Cyrillic and Latin */
  kontor_entity_set_text (company, "name", "Ромашка ПАО");
  found = kontor_duplicates_find_for (f->repo, company, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_nonnull (find_candidate (found, romashka));
  g_clear_pointer (&found, g_ptr_array_unref);

  kontor_entity_set_text (company, "name", "ACME LLC");
  found = kontor_duplicates_find_for (f->repo, company, &error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_nonnull (find_candidate (found, acme));
  g_clear_pointer (&found, g_ptr_array_unref);

  kontor_entity_set_text (company, "name", "Romashka LLC");
  found = kontor_duplicates_find_for (f->repo, company, &error);
  g_assert_nonnull (find_candidate (found, romashka));
  g_clear_pointer (&found, g_ptr_array_unref);

  /* A lead finds both the person and the company */
  kontor_entity_set_text (lead, "first_name", "иван");
  kontor_entity_set_text (lead, "last_name", "ПЕТРОВ");
  kontor_entity_set_text (lead, "company_name", "\"Ромашка\"");
  found = kontor_duplicates_find_for (f->repo, lead, &error);
  g_assert_nonnull (find_candidate (found, person));
  g_assert_nonnull (find_candidate (found, romashka));
  g_assert_null (find_candidate (found, acme));
}

static void
test_scan_groups (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(KontorEntity) a = add_contact (f->repo, "Иван", "Петров", "+7 (912) 345-67-89", NULL);
  g_autoptr(KontorEntity) b = add_contact (f->repo, "Ваня", "Петров", "89123456789", "v@x.ru");
  g_autoptr(KontorEntity) c = add_contact (f->repo, "Владимир", "Ким", NULL, "V@X.RU");
  g_autoptr(KontorEntity) d = add_contact (f->repo, "Анна", "Смирнова", NULL, NULL);
  g_autoptr(KontorEntity) e = add_contact (f->repo, "Смирнова", "Анна", NULL, NULL);
  g_autoptr(KontorEntity) alone = add_contact (f->repo, "Олег", "Сидоров", "+7 900 1", NULL);
  g_autoptr(GPtrArray) groups = NULL;
  g_autoptr(GError) error = NULL;
  KontorDuplicateGroup *group;

  groups = kontor_duplicates_scan (f->repo, KONTOR_TYPE_CONTACT, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (groups->len, ==, 2);

  /* Phone links a and b, e-mail links b and c: one group */
  group = g_ptr_array_index (groups, 0);
  g_assert_cmpstr (group->kind, ==, "contact");
  g_assert_cmpuint (group->ids->len, ==, 3);
  g_assert_cmpint (g_array_index (group->ids, gint64, 0), ==, kontor_entity_get_id (a));
  g_assert_cmpint (g_array_index (group->ids, gint64, 2), ==, kontor_entity_get_id (c));
  g_assert_cmpint (group->reasons, ==, KONTOR_DUPLICATE_PHONE | KONTOR_DUPLICATE_EMAIL);

  group = g_ptr_array_index (groups, 1);
  g_assert_cmpuint (group->ids->len, ==, 2);
  g_assert_cmpint (g_array_index (group->ids, gint64, 0), ==, kontor_entity_get_id (d));
  g_assert_cmpint (group->reasons, ==, KONTOR_DUPLICATE_NAME);
  (void) e;
  (void) alone;
}

typedef struct
{
  KontorRepository *repo;
  GPtrArray        *groups;
  GError           *error;
  gboolean          done;
} ScanResult;

static void
on_scanned (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  ScanResult *out = user_data;

  out->groups = kontor_duplicates_scan_finish (out->repo, result, &out->error);
  out->done = TRUE;
}

static void
on_progress (double   fraction,
             gpointer user_data)
{
  double *last = user_data;

  g_assert_cmpfloat (fraction, >=, *last);
  *last = fraction;
}

static void
test_scan_async (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(KontorEntity) a = add_company (f->repo, "ООО Ромашка");
  g_autoptr(KontorEntity) b = add_company (f->repo, "Romashka LLC");
  g_autoptr(KontorEntity) c = add_company (f->repo, "Лютик");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ScanResult result = { f->repo, NULL, NULL, FALSE };
  double last = 0.0;

  kontor_duplicates_scan_async (f->repo, KONTOR_TYPE_COMPANY, cancellable, on_progress, &last,
                                on_scanned, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);

  g_assert_no_error (result.error);
  g_assert_cmpuint (result.groups->len, ==, 1);
  g_assert_cmpuint (((KontorDuplicateGroup *) g_ptr_array_index (result.groups, 0))->ids->len,
                    ==, 2);
  g_assert_cmpfloat (last, ==, 1.0);
  g_ptr_array_unref (result.groups);

  /* A cancelled scan reports it */
  result.done = FALSE;
  result.groups = NULL;
  g_cancellable_cancel (cancellable);
  kontor_duplicates_scan_async (f->repo, KONTOR_TYPE_COMPANY, cancellable, NULL, NULL,
                                on_scanned, &result);
  while (!result.done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (result.groups);
  g_assert_error (result.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&result.error);
  (void) a;
  (void) b;
  (void) c;
}

static KontorEntity *
add_linked (KontorRepository *repo,
            GType             type,
            const char       *field,
            gint64            id)
{
  KontorEntity *entity = g_object_new (type, NULL);
  g_autoptr(GError) error = NULL;

  if (type == KONTOR_TYPE_DEAL)
    kontor_entity_set_text (entity, "title", "Сделка");
  else if (type == KONTOR_TYPE_ACTIVITY)
    {
      kontor_entity_set_text (entity, "kind", "call");
      kontor_entity_set_text (entity, "subject", "Позвонить");
    }
  else if (type == KONTOR_TYPE_INVOICE)
    {
      static int number = 0;
      g_autofree char *text = g_strdup_printf ("INV-%d", ++number);
      kontor_entity_set_text (entity, "number", text);
    }
  else if (type == KONTOR_TYPE_LEAD)
    kontor_entity_set_text (entity, "title", "Заявка");
  else if (type == KONTOR_TYPE_CONTACT)
    kontor_entity_set_text (entity, "first_name", "Мария");
  kontor_entity_set_int (entity, field, id);

  g_assert_true (kontor_repository_save (repo, entity, &error));
  g_assert_no_error (error);
  return entity;
}

static void
test_merge_and_undo_contacts (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(KontorEntity) survivor = add_contact (f->repo, "Иван", "Петров", "+7 912 345-67-89",
                                                  "ivan@x.ru");
  g_autoptr(KontorEntity) other = add_contact (f->repo, "Ваня", "Петров", "89123456789",
                                               "petrov@y.ru");
  g_autoptr(KontorEntity) third = add_contact (f->repo, "И.", "Петров", "+7 900 111-22-33", NULL);
  g_autoptr(KontorEntity) deal = NULL;
  g_autoptr(KontorEntity) activity = NULL;
  g_autoptr(KontorEntity) invoice = NULL;
  g_autoptr(KontorEntity) lead = NULL;
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(GHashTable) choices = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(KontorMergeRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  gint64 sid = kontor_entity_get_id (survivor);
  gint64 oid = kontor_entity_get_id (other);
  gint64 tid = kontor_entity_get_id (third);
  g_autofree char *sql = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after_undo = NULL;
  const char *snapshot =
    "SELECT group_concat(t, ';') FROM ("
    "SELECT 'cp' || owner_kind || owner_id || ':' || value AS t FROM contact_points UNION ALL "
    "SELECT 'd' || id || ':' || coalesce(contact_id, '') FROM deals UNION ALL "
    "SELECT 'a' || id || ':' || coalesce(contact_id, '') FROM activities UNION ALL "
    "SELECT 'i' || id || ':' || coalesce(contact_id, '') FROM invoices UNION ALL "
    "SELECT 'l' || id || ':' || coalesce(contact_id, '') FROM leads UNION ALL "
    "SELECT 'c' || id || ':' || coalesce(deleted_at, '') || coalesce(merged_into_id, '') || "
    "  first_name FROM contacts UNION ALL "
    "SELECT 't' || id || ':' || entity_kind || entity_id FROM timeline "
    "  WHERE event NOT IN ('merged', 'unmerged') ORDER BY 1)";

  deal = add_linked (f->repo, KONTOR_TYPE_DEAL, "contact", oid);
  activity = add_linked (f->repo, KONTOR_TYPE_ACTIVITY, "contact", tid);
  invoice = add_linked (f->repo, KONTOR_TYPE_INVOICE, "contact", oid);
  lead = add_linked (f->repo, KONTOR_TYPE_LEAD, "contact", tid);
  g_assert_true (kontor_repository_add_comment (f->repo, other, "Старый комментарий", &error));

  before = kontor_test_query_text (f->path, snapshot);

  g_ptr_array_add (others, other);
  g_ptr_array_add (others, third);
  g_hash_table_insert (choices, (gpointer) "first_name", other);

  record = kontor_merge (f->repo, survivor, others, choices, &error);
  g_assert_no_error (error);
  g_assert_nonnull (record);

  /* The chosen value, the union of phones and e-mails (the same phone once) */
  g_assert_cmpstr (kontor_entity_get_text (survivor, "first_name"), ==, "Ваня");
  g_assert_cmpuint (g_strv_length ((char **) kontor_entity_get_list (survivor, "phone")), ==, 2);
  g_assert_cmpuint (g_strv_length ((char **) kontor_entity_get_list (survivor, "email")), ==, 2);

  /* Every kind of linked record moved */
  g_assert_cmpint (kontor_entity_get_int (deal, "contact"), ==, sid);
  g_assert_cmpint (kontor_entity_get_int (activity, "contact"), ==, sid);
  g_assert_cmpint (kontor_entity_get_int (invoice, "contact"), ==, sid);
  g_assert_cmpint (kontor_entity_get_int (lead, "contact"), ==, sid);
  sql = g_strdup_printf ("SELECT count(*) FROM timeline WHERE entity_kind = 'contact' "
                         "AND entity_id = %" G_GINT64_FORMAT " AND event = 'comment'", sid);
  g_assert_cmpint (kontor_test_query_int (f->path, sql), ==, 1);

  /* The others are in the bin, linked to the survivor */
  g_assert_true (kontor_entity_is_deleted (other));
  g_assert_true (kontor_entity_is_deleted (third));
  g_clear_pointer (&sql, g_free);
  sql = g_strdup_printf ("SELECT count(*) FROM contacts WHERE merged_into_id = %" G_GINT64_FORMAT
                         " AND deleted_at IS NOT NULL", sid);
  g_assert_cmpint (kontor_test_query_int (f->path, sql), ==, 2);
  g_assert_cmpuint (kontor_merge_record_get_n_moved (record), >=, 7);

  /* The search finds the survivor by the other's phone */
  {
    g_autoptr(KontorListModel) model = kontor_list_model_new (f->repo, KONTOR_TYPE_CONTACT);

    kontor_list_model_set_search (model, "900 111");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
  }

  /* Undo brings every record back where it was */
  g_assert_true (kontor_merge_undo (f->repo, record, &error));
  g_assert_no_error (error);

  after_undo = kontor_test_query_text (f->path, snapshot);
  g_assert_cmpstr (after_undo, ==, before);
  g_assert_cmpstr (kontor_entity_get_text (survivor, "first_name"), ==, "Иван");
  g_assert_cmpuint (g_strv_length ((char **) kontor_entity_get_list (survivor, "phone")), ==, 1);
  g_assert_false (kontor_entity_is_deleted (other));
  g_assert_false (kontor_entity_is_deleted (third));
  g_assert_cmpint (kontor_entity_get_int (deal, "contact"), ==, oid);
  g_assert_cmpint (kontor_entity_get_int (activity, "contact"), ==, tid);
  g_assert_cmpint (kontor_entity_get_int (invoice, "contact"), ==, oid);
  g_assert_cmpint (kontor_entity_get_int (lead, "contact"), ==, tid);
}

static void
test_merge_companies (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(KontorEntity) survivor = add_company (f->repo, "ООО Ромашка");
  g_autoptr(KontorEntity) other = add_company (f->repo, "Romashka LLC");
  g_autoptr(KontorEntity) contact = NULL;
  g_autoptr(KontorEntity) deal = NULL;
  g_autoptr(GPtrArray) others = g_ptr_array_new ();
  g_autoptr(KontorMergeRecord) record = NULL;
  g_autoptr(GError) error = NULL;

  contact = add_linked (f->repo, KONTOR_TYPE_CONTACT, "company", kontor_entity_get_id (other));
  deal = add_linked (f->repo, KONTOR_TYPE_DEAL, "company", kontor_entity_get_id (other));

  /* Merging a record with itself or with another kind is refused */
  g_ptr_array_add (others, survivor);
  g_assert_null (kontor_merge (f->repo, survivor, others, NULL, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_clear_error (&error);
  g_ptr_array_set_size (others, 0);

  g_ptr_array_add (others, other);
  record = kontor_merge (f->repo, survivor, others, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_int (contact, "company"), ==, kontor_entity_get_id (survivor));
  g_assert_cmpint (kontor_entity_get_int (deal, "company"), ==, kontor_entity_get_id (survivor));
  g_assert_cmpint (kontor_repository_count (f->repo, KONTOR_TYPE_COMPANY, NULL), ==, 1);

  g_assert_true (kontor_merge_undo (f->repo, record, &error));
  g_assert_cmpint (kontor_entity_get_int (contact, "company"), ==, kontor_entity_get_id (other));
  g_assert_cmpint (kontor_repository_count (f->repo, KONTOR_TYPE_COMPANY, NULL), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kontor_test_fixture_setup, func, kontor_test_fixture_teardown)

  g_test_add_func ("/duplicates/phones-written-differently-are-one", test_normalize_phone);
  g_test_add_func ("/duplicates/names-ignore-legal-form-case-and-order", test_normalize_names);
  ADD ("/duplicates/find/by-phone", test_find_by_phone);
  ADD ("/duplicates/find/by-email-in-any-case", test_find_by_email);
  ADD ("/duplicates/find/by-name-in-any-order-and-form", test_find_by_name);
  ADD ("/duplicates/scan/groups-linked-records", test_scan_groups);
  ADD ("/duplicates/scan/runs-in-a-thread-with-progress", test_scan_async);
  ADD ("/duplicates/merge/moves-everything-and-undo-restores-it", test_merge_and_undo_contacts);
  ADD ("/duplicates/merge/companies", test_merge_companies);

  return g_test_run ();
}
