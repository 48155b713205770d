/* test-window.c: the main window, its pages and the welcome page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kontor-ui-test.h"
#include "kontor-welcome-page.h"

/* The demo data is added in a worker: up to 60 s on a slow machine */
static void
wait_for_welcome_to_go (UiFixture *fixture)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (kontor_window_get_welcome_shown (fixture->window) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  ui_wait (50);
}

static GtkWidget *
find_button_with_text (GtkWidget  *widget,
                       const char *text)
{
  if (GTK_IS_BUTTON (widget))
    {
      g_autofree char *shown = ui_dup_text (widget);

      if (strstr (shown, text) != NULL)
        return widget;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_button_with_text (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkWidget *
find_spinner (GtkWidget *widget)
{
  if (GTK_IS_SPINNER (widget))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_spinner (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
count_turn_cb (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

static void
test_demo_data_fills_in_a_worker (UiFixture     *fixture,
                                  gconstpointer  data)
{
  KontorWelcomePage *welcome;
  GtkWidget *button;
  GtkWidget *spinner;
  KontorListPage *contacts;
  guint turns = 0;
  guint turns_at_click;
  guint source;
  gint64 n_contacts;

  ui_fixture_open_window (fixture, 1000, 700);
  welcome = KONTOR_WELCOME_PAGE (kontor_window_get_welcome_page (fixture->window));
  button = find_button_with_text (GTK_WIDGET (welcome), "Start with Demo Data");
  g_assert_nonnull (button);
  spinner = find_spinner (button);
  g_assert_nonnull (spinner);
  g_assert_false (gtk_widget_get_visible (spinner));

  source = g_timeout_add (1, count_turn_cb, &turns);
  ui_wait (20);
  g_assert_cmpuint (turns, >, 0);

  /* The click returns at once: the records are still being added */
  g_signal_emit_by_name (button, "clicked");
  turns_at_click = turns;
  g_assert_true (kontor_welcome_page_get_busy (welcome));
  g_assert_true (kontor_window_get_welcome_shown (fixture->window));
  g_assert_false (gtk_widget_get_sensitive (button));
  g_assert_true (gtk_widget_get_visible (spinner));
  g_assert_true (gtk_spinner_get_spinning (GTK_SPINNER (spinner)));
  g_assert_cmpint (kontor_repository_count (fixture->repository, KONTOR_TYPE_CONTACT, NULL),
                   ==, 0);

  /* Meanwhile the main loop goes on turning */
  while (kontor_welcome_page_get_busy (welcome))
    g_main_context_iteration (NULL, TRUE);
  g_test_message ("%u turns of the main loop while the demo data was added",
                  turns - turns_at_click);
  g_assert_cmpuint (turns - turns_at_click, >=, 3);
  g_source_remove (source);

  /* Then the window reads the new records and leaves the welcome page */
  ui_wait (50);
  g_assert_false (kontor_window_get_welcome_shown (fixture->window));
  g_assert_cmpstr (kontor_window_get_page_name (fixture->window), ==, "deals");
  n_contacts = kontor_repository_count (fixture->repository, KONTOR_TYPE_CONTACT, NULL);
  g_assert_cmpint (n_contacts, >, 0);

  contacts = ui_show_list (fixture, "contacts");
  ui_wait (50);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kontor_list_page_get_model (contacts))),
                    ==, n_contacts);
  g_assert_cmpstr (kontor_list_page_get_visible_state (contacts), !=, "empty");
}

static void
test_welcome_on_empty_database (UiFixture     *fixture,
                                gconstpointer  data)
{
  GtkWidget *welcome;
  g_autofree char *text = NULL;
  KontorListPage *deals;

  ui_fixture_open_window (fixture, 1000, 700);

  g_assert_true (kontor_window_get_welcome_shown (fixture->window));
  welcome = kontor_window_get_welcome_page (fixture->window);
  text = ui_dup_text (welcome);
  g_assert_nonnull (strstr (text, "Welcome to Kontor"));
  g_assert_nonnull (strstr (text, "Start with Demo Data"));
  g_assert_nonnull (strstr (text, "Start Empty"));

  /* The first button fills the database and shows the deals */
  g_signal_emit_by_name (welcome, "start-demo");
  wait_for_welcome_to_go (fixture);
  g_assert_false (kontor_window_get_welcome_shown (fixture->window));
  g_assert_cmpstr (kontor_window_get_page_name (fixture->window), ==, "deals");
  g_assert_cmpint (kontor_repository_count (fixture->repository, KONTOR_TYPE_DEAL, NULL), >, 0);

  deals = KONTOR_LIST_PAGE (kontor_window_get_page (fixture->window, "deals"));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kontor_list_page_get_model (deals))),
                    >, 0);
  g_assert_true (g_str_has_suffix (kontor_list_page_get_count_text (deals), " deals"));
}

static void
test_welcome_start_empty (UiFixture     *fixture,
                          gconstpointer  data)
{
  KontorListPage *contacts;
  g_autofree char *text = NULL;

  ui_fixture_open_window (fixture, 1000, 700);
  g_assert_true (kontor_window_get_welcome_shown (fixture->window));

  g_signal_emit_by_name (kontor_window_get_welcome_page (fixture->window), "start-empty");
  ui_wait (50);
  g_assert_false (kontor_window_get_welcome_shown (fixture->window));
  g_assert_cmpstr (kontor_window_get_page_name (fixture->window), ==, "contacts");
  g_assert_cmpint (kontor_repository_count (fixture->repository, KONTOR_TYPE_CONTACT, NULL), ==, 0);

  /* An empty list says what to do next */
  contacts = KONTOR_LIST_PAGE (kontor_window_get_page (fixture->window, "contacts"));
  g_assert_cmpstr (kontor_list_page_get_visible_state (contacts), ==, "empty");
  text = ui_dup_text (GTK_WIDGET (contacts));
  g_assert_nonnull (strstr (text, "No Contacts Yet"));
  g_assert_nonnull (strstr (text, "Add Contact"));
  g_assert_nonnull (strstr (text, "0 contacts"));
}

static void
test_no_welcome_with_records (UiFixture     *fixture,
                              gconstpointer  data)
{
  g_autoptr(KontorEntity) company = ui_add (fixture->repository, KONTOR_TYPE_COMPANY,
                                            "name", "Acme", NULL);

  ui_fixture_open_window (fixture, 1000, 700);
  g_assert_false (kontor_window_get_welcome_shown (fixture->window));
  g_assert_null (kontor_window_get_welcome_page (fixture->window));
}

static void
test_sidebar_pages (UiFixture     *fixture,
                    gconstpointer  data)
{
  const char * const names[] = {
    "leads", "deals", "contacts", "companies", "activities", "products", "invoices",
  };
  g_autoptr(GSettings) settings = g_settings_new ("io.github.kontor.Kontor");
  g_autoptr(KontorEntity) company = ui_add (fixture->repository, KONTOR_TYPE_COMPANY,
                                            "name", "Acme", NULL);

  ui_fixture_open_window (fixture, 1000, 700);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      KontorListPage *page = ui_show_list (fixture, names[i]);
      g_autofree char *setting = NULL;

      g_assert_cmpstr (kontor_list_page_get_name (page), ==, names[i]);
      g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));
      setting = g_settings_get_string (settings, "last-page");
      g_assert_cmpstr (setting, ==, names[i]);
    }

  /* The reports have no records to create or search */
  if (kontor_window_get_page (fixture->window, "reports") != NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.show-page", "s", "reports");
      ui_wait (20);
      g_assert_cmpstr (kontor_window_get_page_name (fixture->window), ==, "reports");
      g_assert_true (gtk_widget_get_mapped (kontor_window_get_page (fixture->window, "reports")));
      gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL);
      ui_iterate ();
      g_assert_null (kontor_window_get_record_page (fixture->window));
    }
}

static void
test_last_page_restored (UiFixture     *fixture,
                         gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.kontor.Kontor");
  g_autoptr(KontorEntity) company = ui_add (fixture->repository, KONTOR_TYPE_COMPANY,
                                            "name", "Acme", NULL);

  g_settings_set_string (settings, "last-page", "products");
  ui_fixture_open_window (fixture, 1000, 700);
  g_assert_cmpstr (kontor_window_get_page_name (fixture->window), ==, "products");
}

static void
test_window_size_saved (UiFixture     *fixture,
                        gconstpointer  data)
{
  g_autoptr(GSettings) settings = g_settings_new ("io.github.kontor.Kontor");
  g_autoptr(KontorEntity) company = ui_add (fixture->repository, KONTOR_TYPE_COMPANY,
                                            "name", "Acme", NULL);

  ui_fixture_open_window (fixture, 900, 640);
  gtk_window_close (GTK_WINDOW (fixture->window));
  ui_iterate ();
  g_assert_cmpint (g_settings_get_int (settings, "window-width"), ==, 900);
  g_assert_cmpint (g_settings_get_int (settings, "window-height"), ==, 640);
}

static void
test_narrow_window_folds (UiFixture     *fixture,
                          gconstpointer  data)
{
  g_autoptr(KontorEntity) company = ui_add (fixture->repository, KONTOR_TYPE_COMPANY,
                                            "name", "Acme", NULL);
  KontorListPage *page;
  gboolean back_visible = FALSE;

  ui_fixture_open_window (fixture, 360, 600);
  page = ui_show_list (fixture, "companies");
  ui_wait (100);

  /* One pane: the list with a back button to the sidebar */
  g_object_get (page, "show-back-button", &back_visible, NULL);
  g_assert_true (back_visible);
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));

  g_assert_true (kontor_window_go_back (fixture->window));
  ui_wait (400);
  g_assert_false (kontor_window_go_back (fixture->window));
}

static void
test_delete_and_undo (UiFixture     *fixture,
                      gconstpointer  data)
{
  g_autoptr(KontorEntity) contact = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                            "first_name", "Anna", "last_name", "Petrova", NULL);
  g_autoptr(KontorEntity) other = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                          "first_name", "Boris", "last_name", "Ivanov", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *undone = NULL;
  KontorListPage *page;

  ui_fixture_open_window (fixture, 1000, 700);
  page = ui_show_list (fixture, "contacts");
  g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "2 contacts");
  before = ui_dup_text (GTK_WIDGET (page));
  g_assert_nonnull (strstr (before, "Anna Petrova"));

  kontor_repository_delete (fixture->repository, contact, &error);
  g_assert_no_error (error);
  kontor_window_show_deleted_toast (fixture->window, contact);
  ui_wait (50);
  g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "1 contact");
  after = ui_dup_text (GTK_WIDGET (fixture->window));
  g_assert_null (strstr (after, "Anna Petrova\n"));
  g_assert_nonnull (strstr (after, "Deleted “Anna Petrova”"));

  /* The toast's Undo button */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.undo-delete", NULL));
  ui_wait (50);
  g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "2 contacts");
  undone = ui_dup_text (GTK_WIDGET (page));
  g_assert_nonnull (strstr (undone, "Anna Petrova"));
}

static void
test_open_record_and_back (UiFixture     *fixture,
                           gconstpointer  data)
{
  g_autoptr(KontorEntity) contact = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                            "first_name", "Vera", "last_name", "Orlova", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *after = NULL;
  KontorListPage *page;
  GtkWidget *record;

  ui_fixture_open_window (fixture, 1200, 800);
  page = ui_show_list (fixture, "contacts");
  g_assert_null (kontor_window_get_record_page (fixture->window));

  /* Enter on a row opens its page above the list */
  g_signal_emit_by_name (kontor_list_page_get_column_view (page), "activate", 0);
  ui_wait (400);
  record = kontor_window_get_record_page (fixture->window);
  g_assert_nonnull (record);
  g_assert_true (gtk_widget_get_mapped (record));
  g_assert_false (gtk_widget_get_mapped (GTK_WIDGET (page)));
  text = ui_dup_text (record);
  g_assert_nonnull (strstr (text, "Vera"));

  /* The keyboard is on the first field, never on Delete: Space there
   * would delete the record just opened */
  {
    GtkWidget *focus = gtk_root_get_focus (GTK_ROOT (fixture->window));

    g_assert_nonnull (focus);
    g_assert_true (gtk_widget_is_ancestor (focus, record));
    g_assert_nonnull (gtk_widget_get_ancestor (focus, ADW_TYPE_PREFERENCES_GROUP));
    for (GtkWidget *w = focus; w != NULL; w = gtk_widget_get_parent (w))
      g_assert_false (gtk_widget_has_css_class (w, "destructive-action"));
  }

  /* Back (Alt+Left, Escape) returns to the list */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.go-back", NULL));
  ui_wait (400);
  g_assert_null (kontor_window_get_record_page (fixture->window));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (page)));

  /* Ctrl+N opens an empty record page */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL));
  ui_wait (50);
  g_assert_nonnull (kontor_window_get_record_page (fixture->window));
  kontor_window_go_back (fixture->window);
  ui_wait (400);

  /* A record deleted on its page: back to the list, with an Undo toast */
  g_signal_emit_by_name (kontor_list_page_get_column_view (page), "activate", 0);
  ui_wait (50);
  record = kontor_window_get_record_page (fixture->window);
  kontor_repository_delete (fixture->repository, contact, &error);
  g_assert_no_error (error);
  g_signal_emit_by_name (record, "deleted", contact);
  ui_wait (400);
  g_assert_null (kontor_window_get_record_page (fixture->window));
  g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "0 contacts");
  after = ui_dup_text (GTK_WIDGET (fixture->window));
  g_assert_nonnull (strstr (after, "Deleted “Vera Orlova”"));

  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.undo-delete", NULL);
  ui_wait (50);
  g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "1 contact");
}

/* kontor-cli or another program changes the file while the window is
 * open: the lists follow within a few seconds */
static void
test_follows_other_programs (UiFixture     *fixture,
                             gconstpointer  data)
{
  g_autoptr(KontorEntity) contact = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                            "first_name", "Vera", "last_name", "Orlova", NULL);
  g_autoptr(KontorRepository) other = NULL;
  g_autoptr(KontorEntity) added = KONTOR_ENTITY (kontor_contact_new ());
  g_autoptr(GError) error = NULL;
  KontorListPage *page;

  ui_fixture_open_window (fixture, 1200, 800);
  page = ui_show_list (fixture, "contacts");
  g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "1 contact");

  other = kontor_repository_open (kontor_repository_get_path (fixture->repository), &error);
  g_assert_no_error (error);
  kontor_entity_set_text (added, "first_name", "Oleg");
  kontor_entity_set_text (added, "last_name", "Other");
  g_assert_true (kontor_repository_save (other, added, &error));
  g_assert_no_error (error);

  for (guint i = 0; i < 60 && g_strcmp0 (kontor_list_page_get_count_text (page), "2 contacts"); i++)
    ui_wait (100);
  g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "2 contacts");
}


static void
test_record_pages_get_their_sections (UiFixture     *fixture,
                                      gconstpointer  data)
{
  g_autoptr(KontorEntity) lead = ui_add (fixture->repository, KONTOR_TYPE_LEAD,
                                         "title", "Website request", "first_name", "Oleg", NULL);
  g_autoptr(KontorEntity) deal = ui_add (fixture->repository, KONTOR_TYPE_DEAL,
                                         "title", "Server supply", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *lead_text = NULL;
  g_autofree char *deal_text = NULL;
  GtkWidget *record;

  ui_fixture_open_window (fixture, 1200, 800);

  /* A lead offers its conversion and the next step */
  kontor_window_open_record (fixture->window, lead);
  ui_wait (100);
  record = kontor_window_get_record_page (fixture->window);
  lead_text = ui_dup_text (record);
  g_assert_nonnull (strstr (lead_text, "Convert Lead"));
  g_assert_nonnull (strstr (lead_text, "Next Step"));
  kontor_window_go_back (fixture->window);
  ui_wait (100);

  /* A deal shows its products table and the next step */
  kontor_window_open_record (fixture->window, deal);
  ui_wait (100);
  record = kontor_window_get_record_page (fixture->window);
  deal_text = ui_dup_text (record);
  g_assert_nonnull (strstr (deal_text, "Products"));
  g_assert_nonnull (strstr (deal_text, "Next Step"));
  kontor_window_go_back (fixture->window);
  ui_wait (100);
}

static void
test_overdue_badge (UiFixture     *fixture,
                    gconstpointer  data)
{
  g_autoptr(KontorEntity) call = ui_add (fixture->repository, KONTOR_TYPE_ACTIVITY,
                                         "kind", "call", "subject", "Call back",
                                         "due_at", "2020-01-01 10:00", NULL);
  g_autoptr(KontorEntity) later = ui_add (fixture->repository, KONTOR_TYPE_ACTIVITY,
                                          "kind", "task", "subject", "Send the offer",
                                          "due_at", "2020-01-02 10:00", NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *badge;

  ui_fixture_open_window (fixture, 1200, 800);
  badge = ui_find_with_class (GTK_WIDGET (fixture->window), "overdue-badge");
  g_assert_nonnull (badge);
  g_assert_true (gtk_widget_get_visible (badge));
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, "2");

  /* Completing one updates the count; completing the last hides the badge */
  g_assert_true (kontor_activity_complete (fixture->repository, call, NULL, NULL, &error));
  g_assert_no_error (error);
  ui_wait (20);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (badge)), ==, "1");

  g_assert_true (kontor_activity_complete (fixture->repository, later, "Sent", NULL, &error));
  ui_wait (20);
  g_assert_false (gtk_widget_get_visible (badge));
}

static void
test_search_shortcut (UiFixture     *fixture,
                      gconstpointer  data)
{
  g_autoptr(KontorEntity) company = ui_add (fixture->repository, KONTOR_TYPE_COMPANY,
                                            "name", "Acme", NULL);
  GtkWidget *focus;

  ui_fixture_open_window (fixture, 1000, 700);
  ui_show_list (fixture, "products");

  /* Ctrl+F puts the keyboard into the search entry of the list */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.search", NULL));
  ui_iterate ();
  focus = gtk_root_get_focus (GTK_ROOT (fixture->window));
  g_assert_nonnull (focus);
  g_assert_nonnull (gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY));
  g_assert_true (gtk_widget_is_ancestor (focus, kontor_window_get_page (fixture->window,
                                                                        "products")));
}

static gboolean
is_inside (GtkWidget *widget,
           GtkWidget *top,
           GType      type)
{
  for (GtkWidget *w = gtk_widget_get_parent (widget); w != NULL && w != top;
       w = gtk_widget_get_parent (w))
    if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
      return TRUE;

  return FALSE;
}

static void
check_accessible_names (GtkWidget *widget,
                        GtkWidget *top,
                        guint     *n_checked)
{
  gboolean control = GTK_IS_BUTTON (widget) || GTK_IS_MENU_BUTTON (widget) ||
                     GTK_IS_DROP_DOWN (widget) || GTK_IS_SEARCH_ENTRY (widget) ||
                     GTK_IS_LIST_BOX_ROW (widget);

  if (!gtk_widget_get_visible (widget) || !gtk_widget_get_child_visible (widget))
    return;

  /* Not the parts of composite controls, the column headers (they show their
   * titles) or libadwaita's window buttons */
  if (control &&
      !is_inside (widget, top, GTK_TYPE_MENU_BUTTON) &&
      !is_inside (widget, top, GTK_TYPE_DROP_DOWN) &&
      !is_inside (widget, top, GTK_TYPE_COLUMN_VIEW) &&
      !is_inside (widget, top, GTK_TYPE_WINDOW_CONTROLS))
    {
      gboolean named = gtk_test_accessible_has_property (GTK_ACCESSIBLE (widget),
                                                         GTK_ACCESSIBLE_PROPERTY_LABEL) ||
                       (GTK_IS_BUTTON (widget) && gtk_button_get_label (GTK_BUTTON (widget)));

      if (!named)
        g_test_message ("No accessible name: %s (%s) in %s", G_OBJECT_TYPE_NAME (widget),
                        GTK_IS_BUTTON (widget) ? gtk_button_get_icon_name (GTK_BUTTON (widget)) : "",
                        G_OBJECT_TYPE_NAME (gtk_widget_get_parent (widget)));
      g_assert_true (named);
      (*n_checked)++;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    check_accessible_names (child, top, n_checked);
}

static void
test_accessible_names (UiFixture     *fixture,
                       gconstpointer  data)
{
  g_autoptr(KontorEntity) company = ui_add (fixture->repository, KONTOR_TYPE_COMPANY,
                                            "name", "Acme", NULL);
  const char * const *names = kontor_list_page_get_names ();
  guint n_checked = 0;

  ui_fixture_open_window (fixture, 1200, 800);

  for (guint i = 0; names[i] != NULL; i++)
    {
      KontorListPage *page = ui_show_list (fixture, names[i]);

      kontor_list_page_set_alternate_shown (page, FALSE);
      ui_iterate ();
      check_accessible_names (GTK_WIDGET (fixture->window), GTK_WIDGET (fixture->window),
                              &n_checked);
    }

  /* Sidebar rows, menu, add and filter controls were all looked at */
  g_assert_cmpuint (n_checked, >, 7 * 10);
}

static GtkWindow *
find_toplevel (const char *type_name)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (g_str_equal (G_OBJECT_TYPE_NAME (window), type_name) &&
          gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }

  return NULL;
}

static void
test_import_from_welcome_and_menu (UiFixture     *fixture,
                                   gconstpointer  data)
{
  g_autofree char *text = NULL;
  GtkWindow *dialog;

  ui_fixture_open_window (fixture, 1000, 700);
  text = ui_dup_text (kontor_window_get_welcome_page (fixture->window));
  g_assert_nonnull (strstr (text, "Import…"));

  /* The welcome page's Import… opens the import dialog over the contacts */
  g_signal_emit_by_name (kontor_window_get_welcome_page (fixture->window), "start-import");
  ui_wait (50);
  g_assert_false (kontor_window_get_welcome_shown (fixture->window));
  g_assert_cmpstr (kontor_window_get_page_name (fixture->window), ==, "contacts");
  dialog = find_toplevel ("KontorImportDialog");
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (fixture->window));
  gtk_window_destroy (dialog);
  ui_iterate ();
  g_assert_null (find_toplevel ("KontorImportDialog"));

  /* The main menu's Import… works on the list shown */
  ui_show_list (fixture, "companies");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.import", NULL));
  ui_wait (50);
  dialog = find_toplevel ("KontorImportDialog");
  g_assert_nonnull (dialog);
  gtk_window_destroy (dialog);
  ui_iterate ();
}

static void
test_preferences_in_menu (UiFixture     *fixture,
                          gconstpointer  data)
{
  g_autoptr(KontorEntity) company = ui_add (fixture->repository, KONTOR_TYPE_COMPANY,
                                            "name", "Acme", NULL);
  GtkWindow *preferences;

  ui_fixture_open_window (fixture, 1000, 700);
  if (!gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.preferences", NULL))
    {
      g_test_skip ("No preferences window in this build");
      return;
    }

  ui_wait (50);
  preferences = find_toplevel ("KontorPreferencesWindow");
  g_assert_nonnull (preferences);
  g_assert_true (gtk_window_get_transient_for (preferences) == GTK_WINDOW (fixture->window));
  gtk_window_destroy (preferences);
  ui_iterate ();
}

/* The menu item labelled @label, among the widgets of an open menu */
static GtkWidget *
find_menu_item (GtkWidget  *widget,
                const char *label)
{
  if (g_object_class_find_property (G_OBJECT_GET_CLASS (widget), "text") != NULL &&
      g_str_equal (G_OBJECT_TYPE_NAME (widget), "GtkModelButton"))
    {
      g_autofree char *text = NULL;

      g_object_get (widget, "text", &text, NULL);
      if (g_strcmp0 (text, label) == 0)
        return widget;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_menu_item (child, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static GtkMenuButton *
find_menu_button (GtkWidget *widget)
{
  if (GTK_IS_MENU_BUTTON (widget) && gtk_menu_button_get_primary (GTK_MENU_BUTTON (widget)))
    return GTK_MENU_BUTTON (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkMenuButton *found = find_menu_button (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static gboolean
menu_item_sensitive (UiFixture  *fixture,
                     const char *label)
{
  GtkMenuButton *button = find_menu_button (GTK_WIDGET (fixture->window));
  GtkWidget *item;
  gboolean sensitive;

  g_assert_nonnull (button);
  gtk_menu_button_popup (button);
  ui_wait (20);
  item = find_menu_item (GTK_WIDGET (gtk_menu_button_get_popover (button)), label);
  g_assert_nonnull (item);
  sensitive = gtk_widget_get_sensitive (item);
  gtk_menu_button_popdown (button);
  ui_iterate ();

  return sensitive;
}

static void
test_find_duplicates (UiFixture     *fixture,
                      gconstpointer  data)
{
  g_autoptr(KontorEntity) anna = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                         "first_name", "Anna", "phone", "+7 900 111-22-33", NULL);
  g_autoptr(KontorEntity) other = ui_add (fixture->repository, KONTOR_TYPE_CONTACT,
                                          "first_name", "Anya", "phone", "89001112233", NULL);
  GtkWindow *dialog;

  ui_fixture_open_window (fixture, 1000, 700);

  /* Deals have no duplicates to look for: the action is disabled, so nothing opens */
  ui_show_list (fixture, "deals");
  g_assert_false (menu_item_sensitive (fixture, "Find Duplicates…"));
  gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.find-duplicates", NULL);
  ui_wait (50);
  g_assert_null (find_toplevel ("KontorDuplicatesDialog"));

  ui_show_list (fixture, "contacts");
  g_assert_true (menu_item_sensitive (fixture, "Find Duplicates…"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.find-duplicates", NULL));
  ui_wait (50);
  dialog = find_toplevel ("KontorDuplicatesDialog");
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (dialog) == GTK_WINDOW (fixture->window));
  gtk_window_destroy (dialog);
  ui_iterate ();
  g_assert_null (find_toplevel ("KontorDuplicatesDialog"));

  /* Leads and companies have it too */
  ui_show_list (fixture, "companies");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window),
                                             "win.find-duplicates", NULL));
  ui_wait (50);
  dialog = find_toplevel ("KontorDuplicatesDialog");
  g_assert_nonnull (dialog);
  gtk_window_destroy (dialog);
  ui_iterate ();
}

int
main (int   argc,
      char *argv[])
{
  /* Accessible names are checked here, so keep them in a test context */
  g_setenv ("GTK_A11Y", "test", TRUE);
  ui_test_init (&argc, &argv);

#define ADD(path, func) \
  g_test_add (path, UiFixture, NULL, ui_fixture_setup, func, ui_fixture_teardown)

  ADD ("/window/record-pages-get-their-sections", test_record_pages_get_their_sections);
  ADD ("/window/overdue-badge-follows-activities", test_overdue_badge);
  ADD ("/window/shows-welcome-on-empty-database-and-fills-demo-data",
       test_welcome_on_empty_database);
  ADD ("/window/demo-data-fills-in-a-worker-while-the-window-goes-on",
       test_demo_data_fills_in_a_worker);
  ADD ("/window/welcome-start-empty-shows-empty-contacts", test_welcome_start_empty);
  ADD ("/window/skips-welcome-when-there-are-records", test_no_welcome_with_records);
  ADD ("/window/sidebar-shows-every-list-and-remembers-it", test_sidebar_pages);
  ADD ("/window/restores-the-last-page", test_last_page_restored);
  ADD ("/window/saves-its-size-on-close", test_window_size_saved);
  ADD ("/window/folds-on-narrow-windows", test_narrow_window_folds);
  ADD ("/window/delete-toast-undo-restores-the-record", test_delete_and_undo);
  ADD ("/window/opens-records-and-goes-back", test_open_record_and_back);
  ADD ("/window/lists-follow-changes-made-by-other-programs", test_follows_other_programs);
  ADD ("/window/ctrl-f-focuses-the-search-entry", test_search_shortcut);
  ADD ("/window/every-control-has-an-accessible-name", test_accessible_names);
  ADD ("/window/import-from-the-welcome-page-and-the-menu", test_import_from_welcome_and_menu);
  ADD ("/window/main-menu-opens-preferences", test_preferences_in_menu);
  ADD ("/window/find-duplicates-on-contacts-not-on-deals", test_find_duplicates);

  return g_test_run ();
}
