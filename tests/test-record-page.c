/* test-record-page.c: record pages in a real window on a temporary database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kontor-core.h"
#include "kontor-record-chooser.h"
#include "kontor-record-page-private.h"
#include "kontor-values-editor.h"

typedef struct
{
  char             *dir;
  char             *path;
  KontorRepository *repository;
  GtkWidget        *window;
  KontorRecordPage *page;
  KontorEntity     *opened;
  KontorEntity     *deleted;
  guint             n_saved;
} Fixture;

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fixture->dir = g_dir_make_tmp ("kontor-record-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "test.db", NULL);
  fixture->repository = kontor_repository_open (fixture->path, &error);
  g_assert_no_error (error);
}

static void destroy_window (GtkWidget *window);
static void iterate (void);

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_autofree char *wal = g_strconcat (fixture->path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (fixture->path, "-shm", NULL);
  g_autofree char *drafts = g_build_filename (fixture->dir, "drafts", NULL);
  g_autoptr(GDir) dir = NULL;
  const char *name;

  /* A form left unsaved keeps a draft when its window goes */
  g_clear_pointer (&fixture->window, destroy_window);
  iterate ();
  dir = g_dir_open (drafts, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *file = g_build_filename (drafts, name, NULL);

      g_unlink (file);
    }
  g_rmdir (drafts);

  g_clear_object (&fixture->opened);
  g_clear_object (&fixture->deleted);
  g_clear_object (&fixture->repository);
  g_unlink (fixture->path);
  g_unlink (wal);
  g_unlink (shm);
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
}

static void
destroy_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_open_record (KontorRecordPage *page,
                KontorEntity     *entity,
                Fixture          *fixture)
{
  g_set_object (&fixture->opened, entity);
}

static void
on_deleted (KontorRecordPage *page,
            KontorEntity     *entity,
            Fixture          *fixture)
{
  g_set_object (&fixture->deleted, entity);
}

static void
on_saved (KontorRecordPage *page,
          KontorEntity     *entity,
          Fixture          *fixture)
{
  fixture->n_saved++;
}

static void
iterate (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static KontorRecordPage *
open_page (Fixture      *fixture,
           KontorEntity *entity)
{
  GtkWidget *page;

  g_clear_pointer (&fixture->window, destroy_window);

  page = kontor_record_page_new (fixture->repository, entity);
  g_signal_connect (page, "open-record", G_CALLBACK (on_open_record), fixture);
  g_signal_connect (page, "deleted", G_CALLBACK (on_deleted), fixture);
  g_signal_connect (page, "saved", G_CALLBACK (on_saved), fixture);

  fixture->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 720, 1000);
  gtk_window_set_child (GTK_WINDOW (fixture->window), page);
  gtk_window_present (GTK_WINDOW (fixture->window));
  iterate ();

  fixture->page = KONTOR_RECORD_PAGE (page);
  return fixture->page;
}

static GtkWidget *
field_widget (Fixture    *fixture,
              const char *field)
{
  KontorFieldRow *row = _kontor_record_page_get_field_row (fixture->page, field);

  g_assert_nonnull (row);
  return kontor_field_row_get_widget (row);
}

static void
set_text (Fixture    *fixture,
          const char *field,
          const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (field_widget (fixture, field)), text);
}

static const char *
get_text (Fixture    *fixture,
          const char *field)
{
  return gtk_editable_get_text (GTK_EDITABLE (field_widget (fixture, field)));
}

static void
add_value (Fixture    *fixture,
           const char *field,
           const char *text)
{
  KontorValuesEditor *editor = KONTOR_VALUES_EDITOR (field_widget (fixture, field));
  GtkWidget *entry = kontor_values_editor_add_value (editor, NULL);

  gtk_editable_set_text (GTK_EDITABLE (entry), text);
}

static void
select_choice (Fixture    *fixture,
               const char *field,
               const char *value)
{
  AdwComboRow *combo = ADW_COMBO_ROW (field_widget (fixture, field));
  KontorFieldRow *row = _kontor_record_page_get_field_row (fixture->page, field);
  const KontorField *def = kontor_field_row_get_field (row);
  guint offset = (def->flags & KONTOR_FIELD_REQUIRED) ? 0 : 1;

  for (guint i = 0; def->choices[i] != NULL; i++)
    if (g_str_equal (def->choices[i], value))
      {
        adw_combo_row_set_selected (combo, i + offset);
        return;
      }

  g_assert_not_reached ();
}

static void
set_ref (Fixture    *fixture,
         const char *field,
         gint64      id)
{
  kontor_field_row_set_ref_id (_kontor_record_page_get_field_row (fixture->page, field), id);
}

static gboolean
click_save (Fixture *fixture)
{
  guint before = fixture->n_saved;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "record.save", NULL));
  iterate ();
  if (fixture->n_saved == before)
    {
      KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (kontor_record_page_get_entity (fixture->page));

      g_test_message ("Not saved: %s", _kontor_record_page_get_banner_text (fixture->page));
      for (guint i = 0; i < klass->n_fields; i++)
        {
          KontorFieldRow *row = _kontor_record_page_get_field_row (fixture->page,
                                                                   klass->fields[i].name);

          if (row != NULL && kontor_field_row_has_error (row))
            g_test_message ("Error at %s", klass->fields[i].name);
        }
    }
  return fixture->n_saved > before;
}

/* A second connection sees only what was committed to the file */
static gpointer
find_on_disk (Fixture *fixture,
              GType    type,
              gint64   id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorRepository) other = kontor_repository_open (fixture->path, &error);

  g_assert_no_error (error);
  return kontor_repository_find (other, type, id, NULL);
}

static gint64
count_on_disk (Fixture *fixture,
               GType    type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorRepository) other = kontor_repository_open (fixture->path, &error);
  gint64 count;

  g_assert_no_error (error);
  count = kontor_repository_count (other, type, &error);
  g_assert_no_error (error);
  return count;
}

static gboolean
has_error (Fixture    *fixture,
           const char *field)
{
  KontorFieldRow *row = _kontor_record_page_get_field_row (fixture->page, field);

  return kontor_field_row_has_error (row) &&
         gtk_widget_has_css_class (kontor_field_row_get_widget (row), "error");
}

static KontorEntity *
new_entity (const char *kind)
{
  return g_object_new (kontor_entity_type_from_name (kind), NULL);
}

static gint64
make_company (Fixture    *fixture,
              const char *name)
{
  g_autoptr(KontorEntity) company = new_entity ("company");
  g_autoptr(GError) error = NULL;

  kontor_entity_set_text (company, "name", name);
  kontor_repository_save (fixture->repository, company, &error);
  g_assert_no_error (error);
  return kontor_entity_get_id (company);
}

/* Tests */

static void
test_contact_create_edit (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(KontorEntity) contact = new_entity ("contact");
  g_autoptr(KontorEntity) stored = NULL;
  gint64 company = make_company (fixture, "Smith & Sons <Ltd>");
  const char * const *phones;

  open_page (fixture, contact);
  set_text (fixture, "first_name", "Анна");
  set_text (fixture, "last_name", "Петрова");
  set_text (fixture, "position", "Buyer");
  set_text (fixture, "birthday", "1990-04-12");
  add_value (fixture, "phone", "+7 900 123-45-67");
  add_value (fixture, "phone", "+7 495 000-00-00");
  add_value (fixture, "email", "anna@example.com");
  set_ref (fixture, "company", company);
  g_assert_true (click_save (fixture));

  g_assert_cmpint (kontor_entity_get_id (contact), >, 0);
  stored = find_on_disk (fixture, KONTOR_TYPE_CONTACT, kontor_entity_get_id (contact));
  g_assert_nonnull (stored);
  g_assert_cmpstr (kontor_entity_get_text (stored, "first_name"), ==, "Анна");
  g_assert_cmpstr (kontor_entity_get_text (stored, "last_name"), ==, "Петрова");
  g_assert_cmpstr (kontor_entity_get_text (stored, "birthday"), ==, "1990-04-12");
  g_assert_cmpint (kontor_entity_get_int (stored, "company"), ==, company);
  phones = kontor_entity_get_list (stored, "phone");
  g_assert_cmpuint (g_strv_length ((char **) phones), ==, 2);
  g_assert_cmpstr (phones[1], ==, "+7 495 000-00-00");
  g_assert_cmpstr (kontor_entity_get_list (stored, "email")[0], ==, "anna@example.com");
  g_clear_object (&stored);

  /* Edit and save */
  set_text (fixture, "position", "Head of purchasing");
  g_assert_true (click_save (fixture));
  stored = find_on_disk (fixture, KONTOR_TYPE_CONTACT, kontor_entity_get_id (contact));
  g_assert_cmpstr (kontor_entity_get_text (stored, "position"), ==, "Head of purchasing");

  /* The company row opens the company */
  g_signal_emit_by_name (field_widget (fixture, "company"), "activated");
  g_assert_nonnull (fixture->opened);
  g_assert_cmpint (kontor_entity_get_id (fixture->opened), ==, company);
}

static void
test_contact_bad_email (Fixture       *fixture,
                        gconstpointer  data)
{
  g_autoptr(KontorEntity) contact = new_entity ("contact");
  KontorValuesEditor *editor;

  open_page (fixture, contact);
  set_text (fixture, "first_name", "Иван");
  add_value (fixture, "email", "not-an-email <&>");
  g_assert_false (click_save (fixture));

  g_assert_true (has_error (fixture, "email"));
  g_assert_cmpint (kontor_entity_get_id (contact), ==, 0);
  g_assert_cmpint (count_on_disk (fixture, KONTOR_TYPE_CONTACT), ==, 0);
  g_assert_null (kontor_entity_get_text (contact, "first_name"));
  /* What was typed is still there */
  g_assert_cmpstr (get_text (fixture, "first_name"), ==, "Иван");
  editor = KONTOR_VALUES_EDITOR (field_widget (fixture, "email"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (kontor_values_editor_get_entry (editor, 0))),
                   ==, "not-an-email <&>");

  /* Fixing it saves */
  gtk_editable_set_text (GTK_EDITABLE (kontor_values_editor_get_entry (editor, 0)), "ivan@example.com");
  g_assert_false (has_error (fixture, "email"));
  g_assert_true (click_save (fixture));
  g_assert_cmpint (count_on_disk (fixture, KONTOR_TYPE_CONTACT), ==, 1);
}

static void
test_contact_follows_changes (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(KontorEntity) contact = new_entity ("contact");
  g_autoptr(GError) error = NULL;

  kontor_entity_set_text (contact, "first_name", "Олег");
  kontor_repository_save (fixture->repository, contact, &error);
  g_assert_no_error (error);

  open_page (fixture, contact);
  set_text (fixture, "position", "typed by the user");

  kontor_entity_set_text (contact, "last_name", "Сидоров");
  kontor_entity_set_text (contact, "position", "changed elsewhere");
  g_assert_cmpstr (get_text (fixture, "last_name"), ==, "Сидоров");
  g_assert_cmpstr (get_text (fixture, "position"), ==, "typed by the user");
}

static void
test_company_create_and_links (Fixture       *fixture,
                               gconstpointer  data)
{
  g_autoptr(KontorEntity) company = new_entity ("company");
  g_autoptr(KontorEntity) contact = new_entity ("contact");
  g_autoptr(KontorEntity) stored = NULL;
  g_autoptr(GError) error = NULL;
  GtkListBox *list;
  GtkListBoxRow *row;

  open_page (fixture, company);
  g_assert_null (_kontor_record_page_get_linked_list (fixture->page, "contact"));
  set_text (fixture, "name", "ООО Вектор");
  set_text (fixture, "tax_id", "7701234567");
  add_value (fixture, "phone", "+7 495 111-22-33");
  g_assert_true (click_save (fixture));

  stored = find_on_disk (fixture, KONTOR_TYPE_COMPANY, kontor_entity_get_id (company));
  g_assert_cmpstr (kontor_entity_get_text (stored, "name"), ==, "ООО Вектор");
  g_assert_cmpstr (kontor_entity_get_text (stored, "tax_id"), ==, "7701234567");
  g_assert_cmpstr (kontor_entity_get_list (stored, "phone")[0], ==, "+7 495 111-22-33");

  /* A contact of the company shows up among its contacts, one click away */
  kontor_entity_set_text (contact, "first_name", "Мария");
  kontor_entity_set_int (contact, "company", kontor_entity_get_id (company));
  kontor_repository_save (fixture->repository, contact, &error);
  g_assert_no_error (error);
  iterate ();

  list = _kontor_record_page_get_linked_list (fixture->page, "contact");
  g_assert_nonnull (list);
  row = gtk_list_box_get_row_at_index (list, 0);
  g_assert_nonnull (row);
  g_signal_emit_by_name (list, "row-activated", row);
  g_assert_true (fixture->opened == contact);

  /* Edit */
  set_text (fixture, "industry", "Logistics");
  g_assert_true (click_save (fixture));
  g_clear_object (&stored);
  stored = find_on_disk (fixture, KONTOR_TYPE_COMPANY, kontor_entity_get_id (company));
  g_assert_cmpstr (kontor_entity_get_text (stored, "industry"), ==, "Logistics");
}

static void
test_company_empty_name (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(KontorEntity) company = new_entity ("company");
  GtkWidget *name;

  open_page (fixture, company);
  set_text (fixture, "name", "   ");
  set_text (fixture, "tax_id", "7701234567");
  g_assert_false (click_save (fixture));

  g_assert_true (has_error (fixture, "name"));
  name = field_widget (fixture, "name");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (name)), !=, "Name");
  g_assert_true (gtk_widget_has_focus (name) || gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (name)), name));
  g_assert_cmpstr (get_text (fixture, "tax_id"), ==, "7701234567");
  g_assert_cmpint (count_on_disk (fixture, KONTOR_TYPE_COMPANY), ==, 0);

  /* Typing clears the error */
  set_text (fixture, "name", "ООО Север");
  g_assert_false (has_error (fixture, "name"));
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (name)), ==, "Name");
}

static void
test_deal_create_edit (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = new_entity ("deal");
  g_autoptr(KontorEntity) stored = NULL;
  g_autoptr(GListModel) stages = NULL;
  g_autoptr(KontorEntity) second = NULL;
  gint64 company = make_company (fixture, "АО Звезда");
  gint64 pipeline = kontor_repository_get_default_pipeline (fixture->repository);

  g_assert_cmpint (pipeline, >, 0);
  open_page (fixture, deal);
  set_text (fixture, "title", "Поставка оборудования");
  set_text (fixture, "amount", "1500.50");
  set_text (fixture, "probability", "40");
  set_text (fixture, "expected_close", "2025-03-31");
  set_ref (fixture, "company", company);
  g_assert_true (click_save (fixture));

  stored = find_on_disk (fixture, KONTOR_TYPE_DEAL, kontor_entity_get_id (deal));
  g_assert_cmpstr (kontor_entity_get_text (stored, "title"), ==, "Поставка оборудования");
  g_assert_cmpint (kontor_entity_get_int (stored, "amount"), ==, 150050);
  g_assert_cmpint (kontor_entity_get_int (stored, "probability"), ==, 40);
  g_assert_cmpint (kontor_entity_get_int (stored, "pipeline"), ==, pipeline);
  g_assert_cmpint (kontor_entity_get_int (stored, "company"), ==, company);
  g_assert_cmpstr (kontor_entity_get_text (stored, "expected_close"), ==, "2025-03-31");

  /* The stage row offers the stages of the deal's pipeline */
  stages = kontor_repository_list_stages (fixture->repository, pipeline, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (stages), >, 1);
  g_assert_cmpuint (g_list_model_get_n_items (adw_combo_row_get_model (ADW_COMBO_ROW (field_widget (fixture, "stage")))),
                    ==, g_list_model_get_n_items (stages));
  second = g_list_model_get_item (stages, 1);
  adw_combo_row_set_selected (ADW_COMBO_ROW (field_widget (fixture, "stage")), 1);
  set_text (fixture, "amount", "2000");
  g_assert_true (click_save (fixture));
  g_clear_object (&stored);
  stored = find_on_disk (fixture, KONTOR_TYPE_DEAL, kontor_entity_get_id (deal));
  g_assert_cmpint (kontor_entity_get_int (stored, "stage"), ==, kontor_entity_get_id (second));
  g_assert_cmpint (kontor_entity_get_int (stored, "amount"), ==, 200000);
}

static void
test_deal_stage_follows_pipeline (Fixture       *fixture,
                                  gconstpointer  data)
{
  g_autoptr(KontorEntity) pipeline = new_entity ("pipeline");
  g_autoptr(KontorEntity) deal = new_entity ("deal");
  g_autoptr(KontorEntity) stored = NULL;
  g_autoptr(GError) error = NULL;
  const char *names[] = { "Заявка", "Договор", "Оплата" };
  gint64 last_stage = 0;
  GListModel *pipelines;
  GListModel *stages;
  guint position = GTK_INVALID_LIST_POSITION;

  kontor_entity_set_text (pipeline, "name", "Тендеры");
  kontor_entity_set_int (pipeline, "position", 10);
  kontor_repository_save (fixture->repository, pipeline, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(KontorEntity) stage = new_entity ("stage");

      kontor_entity_set_int (stage, "pipeline", kontor_entity_get_id (pipeline));
      kontor_entity_set_text (stage, "name", names[i]);
      kontor_entity_set_int (stage, "position", i);
      kontor_entity_set_text (stage, "semantics", "open");
      kontor_repository_save (fixture->repository, stage, &error);
      g_assert_no_error (error);
      last_stage = kontor_entity_get_id (stage);
    }

  open_page (fixture, deal);
  set_text (fixture, "title", "Тендер на поставку");
  pipelines = adw_combo_row_get_model (ADW_COMBO_ROW (field_widget (fixture, "pipeline")));
  for (guint i = 0; i < g_list_model_get_n_items (pipelines); i++)
    {
      g_autoptr(KontorEntity) item = g_list_model_get_item (pipelines, i);

      if (kontor_entity_get_id (item) == kontor_entity_get_id (pipeline))
        position = i;
    }
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  adw_combo_row_set_selected (ADW_COMBO_ROW (field_widget (fixture, "pipeline")), position);

  stages = adw_combo_row_get_model (ADW_COMBO_ROW (field_widget (fixture, "stage")));
  g_assert_cmpuint (g_list_model_get_n_items (stages), ==, 3);
  adw_combo_row_set_selected (ADW_COMBO_ROW (field_widget (fixture, "stage")), 2);
  g_assert_true (click_save (fixture));

  stored = find_on_disk (fixture, KONTOR_TYPE_DEAL, kontor_entity_get_id (deal));
  g_assert_cmpint (kontor_entity_get_int (stored, "pipeline"), ==, kontor_entity_get_id (pipeline));
  g_assert_cmpint (kontor_entity_get_int (stored, "stage"), ==, last_stage);
}

static void
test_deal_negative_amount (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = new_entity ("deal");
  g_autoptr(KontorEntity) stored = NULL;
  g_autoptr(GError) error = NULL;

  kontor_entity_set_text (deal, "title", "Old title");
  kontor_entity_set_int (deal, "amount", 10000);
  kontor_repository_save (fixture->repository, deal, &error);
  g_assert_no_error (error);

  open_page (fixture, deal);
  set_text (fixture, "title", "New title");
  set_text (fixture, "amount", "-5");
  g_assert_false (kontor_record_page_save (fixture->page, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_cmpstr (kontor_error_get_field (error), ==, "amount");

  g_assert_true (has_error (fixture, "amount"));
  g_assert_cmpstr (get_text (fixture, "amount"), ==, "-5");
  g_assert_cmpstr (get_text (fixture, "title"), ==, "New title");
  /* Neither the shared object nor the file saw the bad value */
  g_assert_cmpint (kontor_entity_get_int (deal, "amount"), ==, 10000);
  g_assert_cmpstr (kontor_entity_get_text (deal, "title"), ==, "Old title");
  stored = find_on_disk (fixture, KONTOR_TYPE_DEAL, kontor_entity_get_id (deal));
  g_assert_cmpint (kontor_entity_get_int (stored, "amount"), ==, 10000);
  g_assert_cmpstr (kontor_entity_get_text (stored, "title"), ==, "Old title");
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (g_type_is_a (G_OBJECT_TYPE (widget), type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
test_deal_choose_client (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = new_entity ("deal");
  g_autoptr(KontorEntity) stored = NULL;
  gint64 company = make_company (fixture, "ООО Ромашка");
  GtkWidget *button;
  GtkPopover *popover;

  make_company (fixture, "АО Лютик");
  kontor_entity_set_text (deal, "title", "Лицензии");
  open_page (fixture, deal);

  /* The chooser searches the companies and picks one */
  button = find_descendant (field_widget (fixture, "company"), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  iterate ();
  popover = gtk_menu_button_get_popover (GTK_MENU_BUTTON (button));
  g_assert_true (KONTOR_IS_RECORD_CHOOSER (popover));
  g_assert_cmpuint (g_list_model_get_n_items (kontor_record_chooser_get_model (KONTOR_RECORD_CHOOSER (popover))), ==, 2);
  kontor_record_chooser_set_search (KONTOR_RECORD_CHOOSER (popover), "Ромаш");
  g_assert_cmpuint (g_list_model_get_n_items (kontor_record_chooser_get_model (KONTOR_RECORD_CHOOSER (popover))), ==, 1);
  kontor_record_chooser_choose (KONTOR_RECORD_CHOOSER (popover), 0);
  iterate ();
  g_assert_cmpint (kontor_field_row_get_ref_id (_kontor_record_page_get_field_row (fixture->page, "company")),
                   ==, company);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (field_widget (fixture, "company"))),
                   ==, "ООО Ромашка");
  g_assert_true (click_save (fixture));
  stored = find_on_disk (fixture, KONTOR_TYPE_DEAL, kontor_entity_get_id (deal));
  g_assert_cmpint (kontor_entity_get_int (stored, "company"), ==, company);

  /* A link to a record that is gone fails in the database: the shared
   * object is put back, the form keeps what was typed */
  set_text (fixture, "title", "Лицензии на год");
  set_ref (fixture, "company", 999999);
  g_assert_false (click_save (fixture));
  g_assert_cmpint (kontor_entity_get_int (deal, "company"), ==, company);
  g_assert_cmpstr (kontor_entity_get_text (deal, "title"), ==, "Лицензии");
  g_assert_cmpstr (get_text (fixture, "title"), ==, "Лицензии на год");
  g_assert_true (has_error (fixture, "company") ||
                 _kontor_record_page_get_banner_text (fixture->page) != NULL);
}

static void
test_lead_create_edit (Fixture       *fixture,
                       gconstpointer  data)
{
  g_autoptr(KontorEntity) lead = new_entity ("lead");
  g_autoptr(KontorEntity) stored = NULL;

  open_page (fixture, lead);
  set_text (fixture, "title", "Запрос с сайта");
  set_text (fixture, "first_name", "Пётр");
  select_choice (fixture, "source", "web_form");
  add_value (fixture, "email", "petr@example.com");
  g_assert_true (click_save (fixture));

  stored = find_on_disk (fixture, KONTOR_TYPE_LEAD, kontor_entity_get_id (lead));
  g_assert_cmpstr (kontor_entity_get_text (stored, "title"), ==, "Запрос с сайта");
  g_assert_cmpstr (kontor_entity_get_text (stored, "source"), ==, "web_form");
  g_assert_cmpstr (kontor_entity_get_text (stored, "status"), ==, "new");
  g_clear_object (&stored);

  select_choice (fixture, "status", "in_progress");
  g_assert_true (click_save (fixture));
  stored = find_on_disk (fixture, KONTOR_TYPE_LEAD, kontor_entity_get_id (lead));
  g_assert_cmpstr (kontor_entity_get_text (stored, "status"), ==, "in_progress");
}

static KontorEntity *
make_contact_with_phone (Fixture    *fixture,
                         const char *first_name,
                         const char *phone)
{
  g_autoptr(KontorEntity) contact = new_entity ("contact");
  g_autoptr(GError) error = NULL;
  const char *phones[] = { phone, NULL };

  kontor_entity_set_text (contact, "first_name", first_name);
  kontor_entity_set_list (contact, "phone", phones);
  kontor_repository_save (fixture->repository, contact, &error);
  g_assert_no_error (error);
  return g_steal_pointer (&contact);
}

/* A new contact with the phone of an existing one: the user is asked first */
static void
test_contact_duplicate_asked (Fixture       *fixture,
                              gconstpointer  data)
{
  g_autoptr(KontorEntity) anna = make_contact_with_phone (fixture, "Анна", "+7 900 111-22-33");
  g_autoptr(KontorEntity) contact = new_entity ("contact");
  AdwMessageDialog *dialog;
  g_autofree char *body = NULL;

  open_page (fixture, contact);
  set_text (fixture, "first_name", "Борис");
  add_value (fixture, "phone", "8 (900) 111-22-33");

  /* Cancel: nothing saved, the form keeps what was typed */
  g_assert_false (click_save (fixture));
  dialog = _kontor_record_page_get_duplicates_dialog (fixture->page);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (fixture->window));
  g_object_get (dialog, "body", &body, NULL);
  g_assert_nonnull (strstr (body, "Анна"));
  g_assert_nonnull (strstr (body, "same phone"));
  g_assert_true (adw_message_dialog_has_response (dialog, "open"));
  adw_message_dialog_response (dialog, "cancel");
  iterate ();
  g_assert_null (_kontor_record_page_get_duplicates_dialog (fixture->page));
  g_assert_cmpint (kontor_entity_get_id (contact), ==, 0);
  g_assert_cmpint (count_on_disk (fixture, KONTOR_TYPE_CONTACT), ==, 1);
  g_assert_cmpstr (get_text (fixture, "first_name"), ==, "Борис");
  g_assert_null (fixture->opened);

  /* Open Existing: the page asks for the contact that is already there */
  g_assert_false (click_save (fixture));
  dialog = _kontor_record_page_get_duplicates_dialog (fixture->page);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "open");
  iterate ();
  g_assert_true (fixture->opened == anna);
  g_assert_cmpint (count_on_disk (fixture, KONTOR_TYPE_CONTACT), ==, 1);

  /* Save Anyway: a second contact */
  g_assert_false (click_save (fixture));
  dialog = _kontor_record_page_get_duplicates_dialog (fixture->page);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (dialog, "save");
  iterate ();
  g_assert_cmpuint (fixture->n_saved, ==, 1);
  g_assert_cmpint (kontor_entity_get_id (contact), >, 0);
  g_assert_cmpint (count_on_disk (fixture, KONTOR_TYPE_CONTACT), ==, 2);

  /* Editing the saved record is not held up, even though the phone is the same */
  set_text (fixture, "last_name", "Иванов");
  g_assert_true (click_save (fixture));
  g_assert_null (_kontor_record_page_get_duplicates_dialog (fixture->page));
}

static void
test_activity_create_edit (Fixture       *fixture,
                           gconstpointer  data)
{
  g_autoptr(KontorEntity) activity = new_entity ("activity");
  g_autoptr(KontorEntity) stored = NULL;
  g_autoptr(GDateTime) due = g_date_time_new_local (2025, 2, 3, 10, 30, 0);
  gint64 company = make_company (fixture, "ИП Иванов");

  open_page (fixture, activity);
  select_choice (fixture, "kind", "meeting");
  set_text (fixture, "subject", "Встреча в офисе");
  set_text (fixture, "due_at", "2025-02-03 10:30");
  set_text (fixture, "duration", "45");
  set_ref (fixture, "company", company);
  g_assert_true (click_save (fixture));

  stored = find_on_disk (fixture, KONTOR_TYPE_ACTIVITY, kontor_entity_get_id (activity));
  g_assert_cmpstr (kontor_entity_get_text (stored, "kind"), ==, "meeting");
  g_assert_cmpstr (kontor_entity_get_text (stored, "subject"), ==, "Встреча в офисе");
  g_assert_cmpint (kontor_entity_get_int (stored, "due_at"), ==, g_date_time_to_unix (due));
  g_assert_cmpint (kontor_entity_get_int (stored, "duration"), ==, 45);
  g_assert_cmpint (kontor_entity_get_int (stored, "company"), ==, company);
  g_clear_object (&stored);

  /* Marking it done */
  gtk_switch_set_active (GTK_SWITCH (adw_action_row_get_activatable_widget (ADW_ACTION_ROW (field_widget (fixture, "done")))), TRUE);
  g_assert_true (click_save (fixture));
  stored = find_on_disk (fixture, KONTOR_TYPE_ACTIVITY, kontor_entity_get_id (activity));
  g_assert_true (kontor_entity_get_bool (stored, "done"));
}

static void
test_product_create_edit (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(KontorEntity) product = new_entity ("product");
  g_autoptr(KontorEntity) stored = NULL;

  open_page (fixture, product);
  set_text (fixture, "name", "Сервер X200");
  set_text (fixture, "sku", "X200");
  set_text (fixture, "price", "99.90");
  set_text (fixture, "vat_rate", "20");
  g_assert_true (click_save (fixture));

  stored = find_on_disk (fixture, KONTOR_TYPE_PRODUCT, kontor_entity_get_id (product));
  g_assert_cmpstr (kontor_entity_get_text (stored, "name"), ==, "Сервер X200");
  g_assert_cmpint (kontor_entity_get_int (stored, "price"), ==, 9990);
  g_assert_cmpint (kontor_entity_get_int (stored, "vat_rate"), ==, 2000);
  g_assert_cmpstr (get_text (fixture, "vat_rate"), ==, "20");
  g_clear_object (&stored);

  set_text (fixture, "vat_rate", "");
  set_text (fixture, "price", "120");
  g_assert_true (click_save (fixture));
  stored = find_on_disk (fixture, KONTOR_TYPE_PRODUCT, kontor_entity_get_id (product));
  g_assert_cmpint (kontor_entity_get_int (stored, "vat_rate"), ==, -1);
  g_assert_cmpint (kontor_entity_get_int (stored, "price"), ==, 12000);
}

static void
test_invoice_create_edit (Fixture       *fixture,
                          gconstpointer  data)
{
  g_autoptr(KontorEntity) invoice = new_entity ("invoice");
  g_autoptr(KontorEntity) stored = NULL;
  gint64 company = make_company (fixture, "ООО Плательщик");

  open_page (fixture, invoice);
  set_text (fixture, "number", "INV-100");
  set_text (fixture, "issued_on", "2025-01-10");
  set_text (fixture, "due_on", "2025-01-20");
  set_ref (fixture, "company", company);
  g_assert_true (click_save (fixture));

  stored = find_on_disk (fixture, KONTOR_TYPE_INVOICE, kontor_entity_get_id (invoice));
  g_assert_cmpstr (kontor_entity_get_text (stored, "number"), ==, "INV-100");
  g_assert_cmpstr (kontor_entity_get_text (stored, "due_on"), ==, "2025-01-20");
  g_assert_cmpint (kontor_entity_get_int (stored, "company"), ==, company);
  g_clear_object (&stored);

  select_choice (fixture, "status", "sent");
  g_assert_true (click_save (fixture));
  stored = find_on_disk (fixture, KONTOR_TYPE_INVOICE, kontor_entity_get_id (invoice));
  g_assert_cmpstr (kontor_entity_get_text (stored, "status"), ==, "sent");
}

static void
test_comment_and_delete (Fixture       *fixture,
                         gconstpointer  data)
{
  g_autoptr(KontorEntity) company = NULL;
  g_autoptr(KontorEntity) stored = NULL;
  KontorTimelineView *timeline;
  GtkWidget *entry;
  GListModel *items;
  g_autoptr(KontorTimelineItem) first = NULL;

  company = kontor_repository_find (fixture->repository, KONTOR_TYPE_COMPANY,
                                    make_company (fixture, "ООО Комментарий"), NULL);
  open_page (fixture, company);
  timeline = _kontor_record_page_get_timeline (fixture->page);
  g_assert_nonnull (timeline);
  items = kontor_timeline_view_get_items (timeline);
  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 1);

  entry = kontor_timeline_view_get_comment_entry (timeline);
  gtk_editable_set_text (GTK_EDITABLE (entry), "Позвонить в понедельник");
  g_signal_emit_by_name (entry, "entry-activated");
  iterate ();

  g_assert_cmpuint (g_list_model_get_n_items (items), ==, 2);
  first = g_list_model_get_item (items, 0);
  g_assert_cmpstr (kontor_timeline_item_get_event (first), ==, "comment");
  g_assert_cmpstr (kontor_timeline_item_get_text (first), ==, "Позвонить в понедельник");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (entry)), ==, "");

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->page), "record.delete", NULL));
  g_assert_true (fixture->deleted == company);
  g_assert_true (kontor_entity_is_deleted (company));
  stored = find_on_disk (fixture, KONTOR_TYPE_COMPANY, kontor_entity_get_id (company));
  g_assert_true (stored == NULL || kontor_entity_is_deleted (stored));
  g_assert_cmpint (count_on_disk (fixture, KONTOR_TYPE_COMPANY), ==, 0);
}

static gboolean
quit_loop_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_REMOVE;
}

/* Lets the frame clock lay out and draw the window */
static void
wait_for_frames (void)
{
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

  g_timeout_add (300, quit_loop_cb, loop);
  g_main_loop_run (loop);
}

static void
save_png (GtkWidget  *widget,
          const char *name)
{
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = gtk_snapshot_new ();
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *path = NULL;
  GskRenderer *renderer;
  int width, height;

  wait_for_frames ();
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (renderer, node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_test_build_filename (G_TEST_BUILT, name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("Wrote %s", path);
}

static GtkScrolledWindow *
find_scrolled (Fixture *fixture)
{
  GtkWidget *timeline = GTK_WIDGET (_kontor_record_page_get_timeline (fixture->page));

  return GTK_SCROLLED_WINDOW (gtk_widget_get_ancestor (timeline, GTK_TYPE_SCROLLED_WINDOW));
}

static void
scroll_to_end (Fixture *fixture)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (find_scrolled (fixture));

  wait_for_frames ();
  gtk_adjustment_set_value (adjustment, gtk_adjustment_get_upper (adjustment));
  wait_for_frames ();
}

static void
test_screenshots (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorListModel) contacts = NULL;
  g_autoptr(KontorListModel) deals = NULL;
  g_autoptr(KontorEntity) contact = NULL;
  g_autoptr(KontorEntity) deal = NULL;
  AdwStyleManager *style = adw_style_manager_get_default ();

  kontor_demo_fill (fixture->repository, 40, 7, &error);
  g_assert_no_error (error);

  contacts = kontor_list_model_new (fixture->repository, KONTOR_TYPE_CONTACT);
  kontor_list_model_add_filter (contacts, "company", KONTOR_FILTER_NOT_NULL, NULL, NULL);
  contact = g_list_model_get_item (G_LIST_MODEL (contacts), 0);
  g_assert_nonnull (contact);
  deals = kontor_list_model_new (fixture->repository, KONTOR_TYPE_DEAL);
  deal = g_list_model_get_item (G_LIST_MODEL (deals), 0);
  g_assert_nonnull (deal);

  kontor_repository_add_comment (fixture->repository, deal, "Клиент просит скидку 5 %", &error);
  g_assert_no_error (error);

  open_page (fixture, contact);
  save_png (fixture->window, "record-page-contact.png");
  scroll_to_end (fixture);
  save_png (fixture->window, "record-page-contact-end.png");
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (find_scrolled (fixture)), 0);
  add_value (fixture, "email", "wrong@");
  g_assert_false (kontor_record_page_save (fixture->page, NULL));
  save_png (fixture->window, "record-page-contact-error.png");
  open_page (fixture, deal);
  save_png (fixture->window, "record-page-deal.png");
  scroll_to_end (fixture);
  save_png (fixture->window, "record-page-deal-end.png");

  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_FORCE_DARK);
  iterate ();
  save_png (fixture->window, "record-page-deal-end-dark.png");
  adw_style_manager_set_color_scheme (style, ADW_COLOR_SCHEME_DEFAULT);
  iterate ();
  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (find_scrolled (fixture)), 0);
  iterate ();

  /* A phone-sized window */
  gtk_window_set_default_size (GTK_WINDOW (fixture->window), 360, 800);
  save_png (fixture->window, "record-page-deal-narrow.png");

  /* An error shown next to its field */
  set_text (fixture, "probability", "140");
  g_assert_false (kontor_record_page_save (fixture->page, NULL));
  iterate ();
  save_png (fixture->window, "record-page-deal-error.png");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(name, func) \
  g_test_add ("/record-page/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)

  ADD ("contact/create-and-edit", test_contact_create_edit);
  ADD ("contact/bad-email-stays-in-the-form", test_contact_bad_email);
  ADD ("contact/follows-changes-made-elsewhere", test_contact_follows_changes);
  ADD ("company/create-and-open-linked-contact", test_company_create_and_links);
  ADD ("company/empty-name-is-shown-next-to-the-field", test_company_empty_name);
  ADD ("deal/create-and-edit", test_deal_create_edit);
  ADD ("deal/negative-amount-changes-nothing", test_deal_negative_amount);
  ADD ("deal/stages-follow-the-pipeline", test_deal_stage_follows_pipeline);
  ADD ("deal/choose-client-and-survive-a-failed-save", test_deal_choose_client);
  ADD ("lead/create-and-edit", test_lead_create_edit);
  ADD ("contact/possible-duplicate-is-asked-before-saving", test_contact_duplicate_asked);
  ADD ("activity/create-and-edit", test_activity_create_edit);
  ADD ("product/create-and-edit", test_product_create_edit);
  ADD ("invoice/create-and-edit", test_invoice_create_edit);
  ADD ("timeline/comment-then-delete", test_comment_and_delete);
  ADD ("render/screenshots", test_screenshots);

  return g_test_run ();
}
