/* test-lists.c: the list pages of every entity
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "kontor-ui-test.h"

typedef struct
{
  const char *page;
  GType     (*get_type) (void);
  const char *field;        /* the text field that names a record */
  const char *column;       /* the title of its column */
  const char *extra_field;  /* another field every record needs, or NULL */
  const char *extra_value;
  const char *count_text;   /* for three records */
} ListCase;

static const ListCase cases[] = {
  { "leads", kontor_lead_get_type, "title", "Title", NULL, NULL, "3 leads" },
  { "deals", kontor_deal_get_type, "title", "Title", "amount", "1500.50", "3 deals" },
  { "contacts", kontor_contact_get_type, "last_name", "Name", "first_name", "Anna", "3 contacts" },
  { "companies", kontor_company_get_type, "name", "Name", NULL, NULL, "3 companies" },
  { "activities", kontor_activity_get_type, "subject", "Subject", "kind", "call",
    "3 activities" },
  { "products", kontor_product_get_type, "name", "Name", "price", "990", "3 products" },
  { "invoices", kontor_invoice_get_type, "number", "Number", "status", "draft", "3 invoices" },
};

static const char * const record_names[] = { "Bravo", "Alpha", "Charlie" };

static KontorEntity *
add_case_record (UiFixture      *fixture,
                 const ListCase *list_case,
                 const char     *name)
{
  if (list_case->extra_field != NULL)
    return ui_add (fixture->repository, list_case->get_type (),
                   list_case->field, name, list_case->extra_field, list_case->extra_value, NULL);

  return ui_add (fixture->repository, list_case->get_type (), list_case->field, name, NULL);
}

static GtkColumnViewColumn *
find_column (GtkColumnView *view,
             const char    *title)
{
  GListModel *columns = gtk_column_view_get_columns (view);

  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) column = g_list_model_get_item (columns, i);

      if (g_strcmp0 (gtk_column_view_column_get_title (column), title) == 0)
        return column;
    }

  return NULL;
}

static char *
dup_first_name (KontorListPage *page,
                const char     *field)
{
  g_autoptr(KontorEntity) first = g_list_model_get_item (G_LIST_MODEL (kontor_list_page_get_model (page)), 0);

  g_assert_nonnull (first);
  return kontor_entity_dup_string (first, field);
}

static void
test_list (UiFixture     *fixture,
           gconstpointer  data)
{
  const ListCase *list_case = data;
  KontorEntity *records[G_N_ELEMENTS (record_names)] = { NULL, };
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  g_autofree char *searched = NULL;
  g_autofree char *renamed = NULL;
  g_autofree char *first = NULL;
  GtkColumnView *view;
  GtkColumnViewColumn *column;
  KontorListPage *page;

  /* A company keeps the welcome page away */
  g_object_unref (ui_add (fixture->repository, KONTOR_TYPE_COMPANY, "name", "Zulu Ltd", NULL));
  ui_fixture_open_window (fixture, 1200, 800);
  page = ui_show_list (fixture, list_case->page);
  /* Deals open on the board, activities on the agenda when there are some */
  kontor_list_page_set_alternate_shown (page, FALSE);
  view = kontor_list_page_get_column_view (page);

  /* Records created through the repository appear with their count */
  for (guint i = 0; i < G_N_ELEMENTS (record_names); i++)
    records[i] = add_case_record (fixture, list_case, record_names[i]);
  if (g_str_equal (list_case->page, "companies"))
    {
      /* Zulu Ltd is a company too */
      g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "4 companies");
    }
  else
    g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, list_case->count_text);
  g_assert_cmpstr (kontor_list_page_get_visible_state (page), ==, "list");

  text = ui_dup_text (GTK_WIDGET (view));
  for (guint i = 0; i < G_N_ELEMENTS (record_names); i++)
    g_assert_nonnull (strstr (text, record_names[i]));
  g_assert_nonnull (strstr (text, list_case->column));

  /* Search narrows the rows */
  kontor_list_page_set_search_text (page, "Brav");
  ui_wait (20);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kontor_list_page_get_model (page))),
                    ==, 1);
  searched = ui_dup_text (GTK_WIDGET (view));
  g_assert_nonnull (strstr (searched, "Bravo"));
  g_assert_null (strstr (searched, "Alpha"));
  g_assert_null (strstr (searched, "Charlie"));

  kontor_list_page_set_search_text (page, "Nothing like this");
  ui_wait (20);
  g_assert_cmpstr (kontor_list_page_get_visible_state (page), ==, "no-results");

  kontor_list_page_set_search_text (page, "");
  ui_wait (20);
  g_assert_cmpstr (kontor_list_page_get_visible_state (page), ==, "list");

  /* Clicking the column header sorts through the model's query */
  column = find_column (view, list_case->column);
  g_assert_nonnull (column);
  gtk_column_view_sort_by_column (view, column, GTK_SORT_DESCENDING);
  ui_wait (20);
  first = dup_first_name (page, list_case->field);
  if (!g_str_equal (list_case->page, "companies"))
    g_assert_cmpstr (first, ==, "Charlie");
  else
    g_assert_cmpstr (first, ==, "Zulu Ltd");
  g_assert_true (kontor_list_model_get_sort_descending (kontor_list_page_get_model (page)));

  g_clear_pointer (&first, g_free);
  gtk_column_view_sort_by_column (view, column, GTK_SORT_ASCENDING);
  ui_wait (20);
  first = dup_first_name (page, list_case->field);
  g_assert_cmpstr (first, ==, "Alpha");
  g_assert_false (kontor_list_model_get_sort_descending (kontor_list_page_get_model (page)));

  /* Every column can be clicked to sort */
  for (guint i = 0; i < g_list_model_get_n_items (gtk_column_view_get_columns (view)); i++)
    {
      g_autoptr(GtkColumnViewColumn) any = g_list_model_get_item (gtk_column_view_get_columns (view), i);

      g_assert_nonnull (gtk_column_view_column_get_sorter (any));
      gtk_column_view_sort_by_column (view, any, GTK_SORT_ASCENDING);
      ui_iterate ();
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (kontor_list_page_get_model (page))),
                        >=, 3);
    }

  /* Phones sort by the first one, as the column shows it */
  if (kontor_entity_class_find_field (KONTOR_ENTITY_GET_CLASS (records[0]), "phone") != NULL)
    {
      g_assert_true (kontor_list_model_set_sort (kontor_list_page_get_model (page), "phone",
                                                 FALSE, &error));
      g_assert_no_error (error);
    }

  /* A change to a record shows in its row */
  kontor_entity_set_text (records[1], list_case->field, "Alphabet");
  kontor_repository_save (fixture->repository, records[1], &error);
  g_assert_no_error (error);
  ui_wait (20);
  renamed = ui_dup_text (GTK_WIDGET (view));
  g_assert_nonnull (strstr (renamed, "Alphabet"));

  for (guint i = 0; i < G_N_ELEMENTS (records); i++)
    g_object_unref (records[i]);
}

/* The last visible drop-down under @widget: the filters end with the status */
static GtkDropDown *
find_dropdown (GtkWidget *widget)
{
  GtkDropDown *found = NULL;

  /* Not in the hidden pages of a stack */
  if (!gtk_widget_get_child_visible (widget))
    return NULL;

  if (GTK_IS_DROP_DOWN (widget) && gtk_widget_get_visible (widget))
    return GTK_DROP_DOWN (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkDropDown *in_child = find_dropdown (child);

      if (in_child != NULL)
        found = in_child;
    }

  return found;
}

static void
test_deal_filters (UiFixture     *fixture,
                   gconstpointer  data)
{
  g_autoptr(KontorEntity) open_deal = ui_add (fixture->repository, KONTOR_TYPE_DEAL,
                                              "title", "Open deal", "amount", "100", NULL);
  g_autoptr(KontorEntity) won_deal = ui_add (fixture->repository, KONTOR_TYPE_DEAL,
                                             "title", "Won deal", "amount", "250000", NULL);
  g_autoptr(GListModel) stages = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  KontorListPage *page;
  gint64 won_stage = 0;

  stages = kontor_repository_list_stages (fixture->repository,
                                          kontor_repository_get_default_pipeline (fixture->repository),
                                          &error);
  g_assert_no_error (error);
  for (guint i = 0; i < g_list_model_get_n_items (stages); i++)
    {
      g_autoptr(KontorEntity) stage = g_list_model_get_item (stages, i);

      if (g_strcmp0 (kontor_entity_get_text (stage, "semantics"), "won") == 0)
        won_stage = kontor_entity_get_id (stage);
    }
  kontor_repository_move_deal (fixture->repository, won_deal, won_stage, NULL, &error);
  g_assert_no_error (error);

  ui_fixture_open_window (fixture, 1200, 800);
  page = ui_show_list (fixture, "deals");
  kontor_list_page_set_alternate_shown (page, FALSE);
  g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "2 deals");

  /* Amounts in the locale with the currency; the stage by name */
  text = ui_dup_text (GTK_WIDGET (page));
  g_assert_nonnull (strstr (text, "Won"));

  /* The status drop-down: All, Open, Won, Lost */
  {
    GtkDropDown *status = find_dropdown (GTK_WIDGET (page));

    g_assert_nonnull (status);

    gtk_drop_down_set_selected (status, 2);
    ui_wait (20);
    g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "1 deal");
    g_clear_pointer (&text, g_free);
    text = ui_dup_text (GTK_WIDGET (kontor_list_page_get_column_view (page)));
    g_assert_nonnull (strstr (text, "Won deal"));
    g_assert_null (strstr (text, "Open deal"));

    gtk_drop_down_set_selected (status, 3);
    ui_wait (20);
    g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "0 deals");
    g_assert_cmpstr (kontor_list_page_get_visible_state (page), ==, "no-results");

    gtk_drop_down_set_selected (status, 0);
    ui_wait (20);
    g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "2 deals");
  }
}

static void
test_activity_filters (UiFixture     *fixture,
                       gconstpointer  data)
{
  g_autoptr(KontorEntity) overdue = ui_add (fixture->repository, KONTOR_TYPE_ACTIVITY,
                                            "kind", "call", "subject", "Call back Anna",
                                            "due_at", "2020-01-10 10:00", NULL);
  g_autoptr(KontorEntity) later = ui_add (fixture->repository, KONTOR_TYPE_ACTIVITY,
                                          "kind", "meeting", "subject", "Meet Boris",
                                          "due_at", "2099-01-10 10:00", NULL);
  g_autoptr(KontorEntity) done = ui_add (fixture->repository, KONTOR_TYPE_ACTIVITY,
                                         "kind", "task", "subject", "Send the offer",
                                         "due_at", "2020-01-11 10:00", "done", "yes", NULL);
  g_autoptr(KontorEntity) company = ui_add (fixture->repository, KONTOR_TYPE_COMPANY,
                                            "name", "Acme", NULL);
  g_autofree char *text = NULL;
  KontorListPage *page;
  GtkDropDown *state;

  ui_fixture_open_window (fixture, 1200, 800);
  page = ui_show_list (fixture, "activities");
  kontor_list_page_set_alternate_shown (page, FALSE);
  g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "3 activities");
  state = find_dropdown (GTK_WIDGET (page));
  g_assert_nonnull (state);

  /* All, Not done, Done, Overdue */
  gtk_drop_down_set_selected (state, 1);
  ui_wait (20);
  g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "2 activities");

  gtk_drop_down_set_selected (state, 2);
  ui_wait (20);
  g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "1 activity");

  gtk_drop_down_set_selected (state, 3);
  ui_wait (20);
  g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "1 activity");
  text = ui_dup_text (GTK_WIDGET (kontor_list_page_get_column_view (page)));
  g_assert_nonnull (strstr (text, "Call back Anna"));
  g_assert_nonnull (strstr (text, "Call\n"));
}

static void
test_invoice_status_tag (UiFixture     *fixture,
                         gconstpointer  data)
{
  g_autoptr(KontorEntity) paid = ui_add (fixture->repository, KONTOR_TYPE_INVOICE,
                                         "number", "2026-0001", "status", "paid", NULL);
  g_autoptr(KontorEntity) draft = ui_add (fixture->repository, KONTOR_TYPE_INVOICE,
                                          "number", "2026-0002", "status", "draft", NULL);
  g_autoptr(KontorEntity) company = ui_add (fixture->repository, KONTOR_TYPE_COMPANY,
                                            "name", "Acme", NULL);
  g_autofree char *text = NULL;
  KontorListPage *page;
  GtkDropDown *status;

  ui_fixture_open_window (fixture, 1200, 800);
  page = ui_show_list (fixture, "invoices");
  text = ui_dup_text (GTK_WIDGET (kontor_list_page_get_column_view (page)));
  g_assert_nonnull (strstr (text, "Paid\n"));
  g_assert_nonnull (strstr (text, "Draft\n"));

  status = find_dropdown (GTK_WIDGET (page));
  gtk_drop_down_set_selected (status, 3);
  ui_wait (20);
  g_assert_cmpstr (kontor_list_page_get_count_text (page), ==, "1 invoice");
}

static void
test_new_record_shortcut (UiFixture     *fixture,
                          gconstpointer  data)
{
  g_autoptr(KontorEntity) company = ui_add (fixture->repository, KONTOR_TYPE_COMPANY,
                                            "name", "Acme", NULL);
  KontorEntity *opened = NULL;
  KontorListPage *page;

  ui_fixture_open_window (fixture, 1200, 800);
  page = ui_show_list (fixture, "contacts");
  g_signal_connect_swapped (page, "open-record", G_CALLBACK (g_set_object), &opened);

  /* Ctrl+N opens a new, unsaved record of the list's kind */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (fixture->window), "win.new", NULL));
  ui_iterate ();
  g_assert_true (KONTOR_IS_CONTACT (opened));
  g_assert_cmpint (kontor_entity_get_id (opened), ==, 0);
  g_clear_object (&opened);

  /* Enter or a double click on a row opens that record */
  page = ui_show_list (fixture, "companies");
  g_signal_connect_swapped (page, "open-record", G_CALLBACK (g_set_object), &opened);
  g_signal_emit_by_name (kontor_list_page_get_column_view (page), "activate", 0);
  g_assert_true (opened == company);
  g_clear_object (&opened);
}

int
main (int   argc,
      char *argv[])
{
  ui_test_init (&argc, &argv);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *path = g_strdup_printf ("/lists/%s/count-search-sort-and-updates",
                                               cases[i].page);

      g_test_add (path, UiFixture, &cases[i], ui_fixture_setup, test_list, ui_fixture_teardown);
    }
  g_test_add ("/lists/deals/filter-by-status", UiFixture, NULL,
              ui_fixture_setup, test_deal_filters, ui_fixture_teardown);
  g_test_add ("/lists/activities/filter-done-and-overdue", UiFixture, NULL,
              ui_fixture_setup, test_activity_filters, ui_fixture_teardown);
  g_test_add ("/lists/invoices/status-tags-and-filter", UiFixture, NULL,
              ui_fixture_setup, test_invoice_status_tag, ui_fixture_teardown);
  g_test_add ("/lists/new-record-and-row-activation-open-records", UiFixture, NULL,
              ui_fixture_setup, test_new_record_shortcut, ui_fixture_teardown);

  return g_test_run ();
}
