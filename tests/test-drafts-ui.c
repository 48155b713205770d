/* test-drafts-ui.c: forms that survive closing the window and a crash
 *
 * A record page keeps what was typed as a draft; a window opened later on
 * the same database offers it back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <signal.h>
#include <string.h>

#include "kontor-record-page-private.h"
#include "kontor-ui-test.h"
#include "kontor-window-private.h"

#define WIDTH 1280
#define HEIGHT 800

static const char *
db_path (UiFixture *fixture)
{
  return kontor_repository_get_path (fixture->repository);
}

static GPtrArray *
list_drafts (UiFixture *fixture)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *drafts = kontor_drafts_list (db_path (fixture), &error);

  g_assert_no_error (error);
  return drafts;
}

static guint
count_drafts (UiFixture *fixture)
{
  g_autoptr(GPtrArray) drafts = list_drafts (fixture);

  return drafts->len;
}

/* What is in the file, through a connection of its own */
static char *
dup_stored_text (UiFixture  *fixture,
                 GType       type,
                 gint64      id,
                 const char *field)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorRepository) other = kontor_repository_open (db_path (fixture), &error);
  g_autoptr(KontorEntity) entity = NULL;

  g_assert_no_error (error);
  entity = kontor_repository_find (other, type, id, &error);
  g_assert_no_error (error);
  g_assert_nonnull (entity);
  return g_strdup (kontor_entity_get_text (entity, field));
}

static gint64
count_stored (UiFixture *fixture,
              GType      type)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorRepository) other = kontor_repository_open (db_path (fixture), &error);

  g_assert_no_error (error);
  return kontor_repository_count (other, type, NULL);
}

static KontorRecordPage *
top_page (UiFixture *fixture)
{
  GtkWidget *page = kontor_window_get_record_page (fixture->window);

  g_assert_true (KONTOR_IS_RECORD_PAGE (page));
  return KONTOR_RECORD_PAGE (page);
}

static KontorRecordPage *
open_record (UiFixture    *fixture,
             KontorEntity *entity)
{
  kontor_window_open_record (fixture->window, entity);
  ui_iterate ();
  return top_page (fixture);
}

static KontorFieldRow *
get_row (KontorRecordPage *page,
         const char       *field)
{
  KontorFieldRow *row = _kontor_record_page_get_field_row (page, field);

  g_assert_nonnull (row);
  return row;
}

/* Types into an entry row, as the keyboard would */
static void
type_text (KontorRecordPage *page,
           const char       *field,
           const char       *text)
{
  gtk_editable_set_text (GTK_EDITABLE (kontor_field_row_get_widget (get_row (page, field))), text);
}

static char *
dup_row_text (KontorRecordPage *page,
              const char       *field)
{
  return kontor_field_row_dup_text (get_row (page, field));
}

/* Closes the window without saving anything */
static void
close_window (UiFixture *fixture)
{
  gtk_window_destroy (GTK_WINDOW (fixture->window));
  ui_iterate ();
  g_clear_object (&fixture->window);
}

static void
reopen_window (UiFixture *fixture)
{
  if (fixture->window != NULL)
    close_window (fixture);
  ui_fixture_open_window (fixture, WIDTH, HEIGHT);
}

static void
drafts_teardown (UiFixture     *fixture,
                 gconstpointer  data)
{
  g_autofree char *drafts = g_build_filename (fixture->dir, "drafts", NULL);

  /* Its pages write their drafts on the way out */
  if (fixture->window != NULL)
    close_window (fixture);
  remove_dir (drafts);
  ui_fixture_teardown (fixture, data);
}

/* Tests ------------------------------------------------------------------- */

static void
test_typing_keeps_a_draft (UiFixture     *fixture,
                           gconstpointer  data)
{
  g_autoptr(KontorEntity) anna = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                         "first_name", "Anna", "last_name", "Petrova", NULL);
  g_autoptr(GPtrArray) drafts = NULL;
  KontorDraft *draft;
  KontorRecordPage *page;

  ui_fixture_open_window (fixture, WIDTH, HEIGHT);
  page = open_record (fixture, anna);
  g_assert_false (kontor_record_page_get_changed (page));

  type_text (page, "first_name", "Annette");
  g_assert_true (kontor_record_page_get_changed (page));
  ui_iterate ();
  g_assert_cmpuint (count_drafts (fixture), ==, 0);

  /* Half a second after the last keystroke */
  ui_wait (700);
  drafts = list_drafts (fixture);
  g_assert_cmpuint (drafts->len, ==, 1);
  draft = g_ptr_array_index (drafts, 0);
  g_assert_cmpstr (draft->kind, ==, "contact");
  g_assert_cmpint (draft->id, ==, kontor_entity_get_id (anna));
  g_assert_cmpstr (g_hash_table_lookup (draft->fields, "first_name"), ==, "Annette");
  /* Only what differs from the stored record */
  g_assert_false (g_hash_table_contains (draft->fields, "last_name"));

  /* Typed back to what is stored: nothing to keep */
  type_text (page, "first_name", "Anna");
  g_assert_false (kontor_record_page_get_changed (page));
  ui_wait (700);
  g_assert_cmpuint (count_drafts (fixture), ==, 0);

  /* Going back keeps the typing at once */
  type_text (page, "last_name", "Petrova-Smirnova");
  g_assert_true (kontor_window_go_back (fixture->window));
  ui_iterate ();
  g_assert_cmpuint (count_drafts (fixture), ==, 1);
}

static void
test_closed_window_offers_changes_back (UiFixture     *fixture,
                                        gconstpointer  data)
{
  g_autoptr(KontorEntity) anna = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                         "first_name", "Anna", "last_name", "Petrova", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *text = NULL;
  KontorRecordPage *page;
  gint64 id = kontor_entity_get_id (anna);

  ui_fixture_open_window (fixture, WIDTH, HEIGHT);
  page = open_record (fixture, anna);
  type_text (page, "first_name", "Annette");
  kontor_field_row_set_text (get_row (page, "comment"), "Call back\nafter the fair");

  /* Closed before the pause: the page writes it on the way out */
  close_window (fixture);
  g_assert_cmpuint (count_drafts (fixture), ==, 1);

  reopen_window (fixture);
  g_assert_nonnull (fixture->window->drafts_toast);
  g_assert_nonnull (strstr (adw_toast_get_title (fixture->window->drafts_toast), "Anna Petrova"));
  g_assert_null (kontor_window_get_record_page (fixture->window));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.restore-drafts", NULL);
  ui_iterate ();
  g_assert_null (fixture->window->drafts_toast);
  page = top_page (fixture);
  g_assert_true (kontor_record_page_get_entity (page) == anna);
  shown = dup_row_text (page, "first_name");
  g_assert_cmpstr (shown, ==, "Annette");
  text = dup_row_text (page, "comment");
  g_assert_cmpstr (text, ==, "Call back\nafter the fair");
  g_assert_true (kontor_field_row_get_edited (get_row (page, "first_name")));
  g_assert_false (kontor_field_row_get_edited (get_row (page, "last_name")));
  g_assert_true (kontor_record_page_get_changed (page));
  g_assert_true (_kontor_record_page_get_restored_shown (page));

  /* Not saved: the record is as it was, the draft stays until then */
  stored = dup_stored_text (fixture, KONTOR_TYPE_CONTACT, id, "first_name");
  g_assert_cmpstr (stored, ==, "Anna");
  g_assert_cmpstr (kontor_entity_get_text (anna, "first_name"), ==, "Anna");
  g_assert_cmpuint (count_drafts (fixture), ==, 1);

  g_assert_true (kontor_record_page_save (page, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (count_drafts (fixture), ==, 0);
  g_assert_false (_kontor_record_page_get_restored_shown (page));
  g_clear_pointer (&stored, g_free);
  stored = dup_stored_text (fixture, KONTOR_TYPE_CONTACT, id, "first_name");
  g_assert_cmpstr (stored, ==, "Annette");

  /* Nothing left to offer */
  reopen_window (fixture);
  g_assert_null (fixture->window->drafts_toast);
  g_assert_cmpuint (count_drafts (fixture), ==, 0);
}

static void
test_new_record_offered_back_as_new (UiFixture     *fixture,
                                     gconstpointer  data)
{
  g_autoptr(KontorEntity) contact = g_object_new (KONTOR_TYPE_CONTACT, NULL);
  g_autoptr(GPtrArray) drafts = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shown = NULL;
  KontorRecordPage *page;

  /* An empty database starts on the welcome page */
  ui_fixture_open_window (fixture, WIDTH, HEIGHT);
  g_assert_true (kontor_window_get_welcome_shown (fixture->window));
  page = open_record (fixture, contact);
  type_text (page, "first_name", "Ivan");
  type_text (page, "last_name", "Sidorov");
  close_window (fixture);

  drafts = list_drafts (fixture);
  g_assert_cmpuint (drafts->len, ==, 1);
  g_assert_cmpint (((KontorDraft *) g_ptr_array_index (drafts, 0))->id, ==, 0);

  reopen_window (fixture);
  g_assert_nonnull (fixture->window->drafts_toast);
  g_assert_nonnull (strstr (adw_toast_get_title (fixture->window->drafts_toast),
                            "Ivan Sidorov"));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.restore-drafts", NULL);
  ui_iterate ();
  g_assert_false (kontor_window_get_welcome_shown (fixture->window));
  page = top_page (fixture);
  g_assert_true (KONTOR_IS_CONTACT (kontor_record_page_get_entity (page)));
  g_assert_cmpint (kontor_entity_get_id (kontor_record_page_get_entity (page)), ==, 0);
  shown = dup_row_text (page, "last_name");
  g_assert_cmpstr (shown, ==, "Sidorov");
  g_assert_cmpint (count_stored (fixture, KONTOR_TYPE_CONTACT), ==, 0);

  g_assert_true (kontor_record_page_save (page, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count_stored (fixture, KONTOR_TYPE_CONTACT), ==, 1);
  g_assert_cmpuint (count_drafts (fixture), ==, 0);
}

static void
test_discarding (UiFixture     *fixture,
                 gconstpointer  data)
{
  g_autoptr(KontorEntity) anna = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                         "first_name", "Anna", "last_name", "Petrova", NULL);
  g_autofree char *shown = NULL;
  KontorRecordPage *page;

  ui_fixture_open_window (fixture, WIDTH, HEIGHT);
  type_text (open_record (fixture, anna), "first_name", "Annette");
  reopen_window (fixture);

  /* Closing the toast is no answer: asked again next time */
  adw_toast_dismiss (fixture->window->drafts_toast);
  ui_iterate ();
  g_assert_null (fixture->window->drafts_toast);
  g_assert_cmpuint (count_drafts (fixture), ==, 1);

  /* Discarded from the page it was restored to */
  reopen_window (fixture);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.restore-drafts", NULL);
  ui_iterate ();
  page = top_page (fixture);
  g_assert_true (_kontor_record_page_get_restored_shown (page));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (page), "record.discard-changes", NULL));
  ui_iterate ();
  g_assert_cmpuint (count_drafts (fixture), ==, 0);
  g_assert_false (_kontor_record_page_get_restored_shown (page));
  g_assert_false (kontor_record_page_get_changed (page));
  shown = dup_row_text (page, "first_name");
  g_assert_cmpstr (shown, ==, "Anna");

  /* Discarded from the offer, without opening anything */
  type_text (page, "first_name", "Anya");
  reopen_window (fixture);
  g_assert_nonnull (fixture->window->drafts_toast);
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.discard-drafts", NULL);
  ui_iterate ();
  g_assert_null (fixture->window->drafts_toast);
  g_assert_null (kontor_window_get_record_page (fixture->window));
  g_assert_cmpuint (count_drafts (fixture), ==, 0);
  g_assert_cmpstr (kontor_entity_get_text (anna, "first_name"), ==, "Anna");

  reopen_window (fixture);
  g_assert_null (fixture->window->drafts_toast);
}

static void
test_deleted_record_drops_its_draft (UiFixture     *fixture,
                                     gconstpointer  data)
{
  g_autoptr(KontorEntity) anna = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                         "first_name", "Anna", "last_name", "Petrova", NULL);
  g_autoptr(KontorEntity) boris = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                          "first_name", "Boris", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  ui_fixture_open_window (fixture, WIDTH, HEIGHT);
  type_text (open_record (fixture, anna), "first_name", "Annette");
  close_window (fixture);
  g_assert_cmpuint (count_drafts (fixture), ==, 1);

  g_assert_true (kontor_repository_delete (fixture->repository, anna, &error));
  g_assert_no_error (error);

  reopen_window (fixture);
  g_assert_null (fixture->window->drafts_toast);
  g_assert_cmpuint (count_drafts (fixture), ==, 0);
  text = ui_dup_text (GTK_WIDGET (fixture->window));
  g_assert_nonnull (strstr (text, "“Anna Petrova” was deleted, so its unsaved changes were "
                                  "discarded"));
}

static void
test_several_are_listed_and_restored (UiFixture     *fixture,
                                      gconstpointer  data)
{
  g_autoptr(KontorEntity) anna = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                         "first_name", "Anna", "last_name", "Petrova", NULL);
  g_autoptr(KontorEntity) deal = ui_add (fixture->repository, KONTOR_TYPE_DEAL,
                                         "title", "Website", NULL);
  AdwMessageDialog *dialog;
  const char *body;
  g_autofree char *shown = NULL;
  KontorRecordPage *page;

  kontor_repository_set_default_currency (fixture->repository, "RUB");
  ui_fixture_open_window (fixture, WIDTH, HEIGHT);
  type_text (open_record (fixture, anna), "first_name", "Annette");
  /* A second page on top hides the first, which keeps its typing */
  kontor_window_open_record (fixture->window, deal);
  ui_iterate ();
  g_assert_cmpuint (count_drafts (fixture), ==, 1);
  type_text (top_page (fixture), "title", "Website redesign");
  ui_wait (700);
  g_assert_cmpuint (count_drafts (fixture), ==, 2);

  reopen_window (fixture);
  g_assert_nonnull (strstr (adw_toast_get_title (fixture->window->drafts_toast), "2 forms"));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.review-drafts", NULL);
  ui_iterate ();
  g_assert_nonnull (fixture->window->drafts_dialog);
  dialog = ADW_MESSAGE_DIALOG (fixture->window->drafts_dialog);
  body = adw_message_dialog_get_body (dialog);
  g_assert_nonnull (strstr (body, "Contact — Anna Petrova"));
  g_assert_nonnull (strstr (body, "Deal — Website"));

  adw_message_dialog_response (dialog, "restore");
  ui_iterate ();
  g_assert_null (fixture->window->drafts_dialog);
  g_assert_null (fixture->window->drafts_toast);
  g_assert_cmpuint (fixture->window->records->len, ==, 2);

  /* One above the other, the newest on top (drafts kept in the same second tie) */
  for (guint i = 0; i < fixture->window->records->len; i++)
    {
      page = KONTOR_RECORD_PAGE (g_ptr_array_index (fixture->window->records, i));
      g_assert_true (_kontor_record_page_get_restored_shown (page));
      if (kontor_record_page_get_entity (page) == deal)
        shown = dup_row_text (page, "title");
      else
        g_assert_true (kontor_record_page_get_entity (page) == anna);
    }
  g_assert_cmpstr (shown, ==, "Website redesign");
}

/* A window opened while another one still has the form: nothing of the
 * first one's closing has run, as after a crash */
static void
test_draft_without_closing (UiFixture     *fixture,
                            gconstpointer  data)
{
  g_autoptr(KontorEntity) anna = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                         "first_name", "Anna", "last_name", "Petrova", NULL);
  g_autoptr(KontorWindow) second = NULL;

  ui_fixture_open_window (fixture, WIDTH, HEIGHT);
  type_text (open_record (fixture, anna), "first_name", "Annette");
  ui_wait (700);

  second = g_object_ref_sink (kontor_window_new (NULL, fixture->repository));
  g_assert_nonnull (second->drafts_toast);
  g_assert_nonnull (strstr (adw_toast_get_title (second->drafts_toast), "Anna Petrova"));
  gtk_window_destroy (GTK_WINDOW (second));
  ui_iterate ();
}

/* A real crash: a process killed after the pause, without any of its
 * closing code running */
static void
test_crash_keeps_the_draft (void)
{
  g_autoptr(GError) error = NULL;
  UiFixture fixture = { 0 };
  g_autofree char *shown = NULL;
  KontorRecordPage *page;

  if (g_test_subprocess ())
    {
      g_autoptr(KontorRepository) repository = NULL;
      g_autoptr(KontorEntity) anna = NULL;
      gint64 id = g_ascii_strtoll (g_getenv ("KONTOR_TEST_DRAFT_ID"), NULL, 10);

      repository = kontor_repository_open (g_getenv ("KONTOR_TEST_DRAFT_DB"), &error);
      g_assert_no_error (error);
      fixture.repository = repository;
      ui_fixture_open_window (&fixture, WIDTH, HEIGHT);
      anna = kontor_repository_find (repository, KONTOR_TYPE_CONTACT, id, &error);
      g_assert_no_error (error);
      type_text (open_record (&fixture, anna), "first_name", "Annette");
      ui_wait (700);
      raise (SIGKILL);
      g_assert_not_reached ();
    }

  ui_fixture_open_repository (&fixture);
  {
    g_autoptr(KontorEntity) anna = ui_add (fixture.repository, KONTOR_TYPE_CONTACT,
                                           "first_name", "Anna", "last_name", "Petrova", NULL);
    g_autofree char *id = g_strdup_printf ("%" G_GINT64_FORMAT, kontor_entity_get_id (anna));

    g_setenv ("KONTOR_TEST_DRAFT_DB", db_path (&fixture), TRUE);
    g_setenv ("KONTOR_TEST_DRAFT_ID", id, TRUE);
  }

  g_test_trap_subprocess (NULL, 60 * G_USEC_PER_SEC, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_assert_cmpuint (count_drafts (&fixture), ==, 1);

  ui_fixture_open_window (&fixture, WIDTH, HEIGHT);
  g_assert_nonnull (fixture.window->drafts_toast);
  gtk_widget_activate_action (GTK_WIDGET (fixture.window), "win.restore-drafts", NULL);
  ui_iterate ();
  page = top_page (&fixture);
  shown = dup_row_text (page, "first_name");
  g_assert_cmpstr (shown, ==, "Annette");
  g_assert_cmpstr (kontor_entity_get_text (kontor_record_page_get_entity (page), "first_name"),
                   ==, "Anna");

  drafts_teardown (&fixture, NULL);
}

static void
test_screenshots (UiFixture     *fixture,
                  gconstpointer  data)
{
  g_autoptr(KontorEntity) company = ui_add (fixture->repository, KONTOR_TYPE_COMPANY,
                                            "name", "Romashka LLC", NULL);
  g_autoptr(KontorEntity) anna = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                         "first_name", "Anna", "last_name", "Petrova",
                                         "position", "Buyer", NULL);
  KontorRecordPage *page;

  g_autoptr(GError) error = NULL;

  kontor_entity_set_int (anna, "company", kontor_entity_get_id (company));
  kontor_repository_save (fixture->repository, anna, &error);
  g_assert_no_error (error);
  ui_fixture_open_window (fixture, WIDTH, HEIGHT);
  kontor_window_show_page (fixture->window, "contacts");
  page = open_record (fixture, anna);
  type_text (page, "last_name", "Petrova-Smirnova");
  type_text (page, "position", "Head of Purchasing");
  kontor_field_row_set_text (get_row (page, "address"), "Moscow, Tverskaya 1");
  reopen_window (fixture);
  kontor_window_show_page (fixture->window, "contacts");
  g_object_unref (ui_save_screenshot (GTK_WIDGET (fixture->window), "drafts-offer-light"));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.restore-drafts", NULL);
  g_object_unref (ui_save_screenshot (GTK_WIDGET (fixture->window), "drafts-restored-light"));

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_FORCE_DARK);
  g_object_unref (ui_save_screenshot (GTK_WIDGET (fixture->window), "drafts-restored-dark"));
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      ADW_COLOR_SCHEME_DEFAULT);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

#define ADD(name, func) \
  g_test_add ("/drafts-ui/" name, UiFixture, NULL, ui_fixture_setup, func, drafts_teardown)

  ADD ("typing-keeps-a-draft-after-a-pause", test_typing_keeps_a_draft);
  ADD ("closed-window-offers-the-changes-back", test_closed_window_offers_changes_back);
  ADD ("new-record-is-offered-back-as-new", test_new_record_offered_back_as_new);
  ADD ("changes-can-be-discarded", test_discarding);
  ADD ("deleted-record-drops-its-draft", test_deleted_record_drops_its_draft);
  ADD ("several-are-listed-and-restored-together", test_several_are_listed_and_restored);
  ADD ("draft-is-offered-without-any-closing", test_draft_without_closing);
  ADD ("screenshots", test_screenshots);
  g_test_add_func ("/drafts-ui/crash-keeps-the-draft", test_crash_keeps_the_draft);

  return g_test_run ();
}
