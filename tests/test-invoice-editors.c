/* test-invoice-editors.c: the invoice lines and deal products editors
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>
#include <string.h>

#include "kontor-core.h"
#include "kontor-deal-products-editor.h"
#include "kontor-invoice-lines-editor.h"
#include "kontor-lines-editor.h"
#include "kontor-ui-test.h"

typedef struct
{
  char             *dir;
  char             *path;
  KontorRepository *repository;
  GtkWidget        *window;
  KontorEntity     *created;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("kontor-invoice-ui-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "test.db", NULL);
  f->repository = kontor_repository_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  if (f->window != NULL)
    gtk_window_destroy (GTK_WINDOW (f->window));
  g_clear_object (&f->created);
  g_clear_object (&f->repository);
  {
    g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
    const char *name;

    while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
      {
        g_autofree char *file = g_build_filename (f->dir, name, NULL);

        g_unlink (file);
      }
    g_rmdir (f->dir);
  }
  g_free (f->path);
  g_free (f->dir);
}

static void
wait_ms (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

static void
show (Fixture   *f,
      GtkWidget *child)
{
  GtkWidget *scroller = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  f->window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (f->window), 980, 520);
  gtk_widget_set_margin_top (child, 18);
  gtk_widget_set_margin_bottom (child, 18);
  gtk_widget_set_margin_start (child, 18);
  gtk_widget_set_margin_end (child, 18);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 960);
  adw_clamp_set_child (ADW_CLAMP (clamp), child);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scroller), clamp);
  gtk_window_set_child (GTK_WINDOW (f->window), scroller);
  gtk_window_present (GTK_WINDOW (f->window));
  wait_ms (200);
}

static KontorEntity *
add_product (Fixture    *f,
             const char *name,
             gint64      price,
             gboolean    active)
{
  g_autoptr(GError) error = NULL;
  KontorEntity *product = KONTOR_ENTITY (kontor_product_new ());

  kontor_entity_set_text (product, "name", name);
  kontor_entity_set_text (product, "unit", "h");
  kontor_entity_set_text (product, "currency", "RUB");
  kontor_entity_set_int (product, "price", price);
  kontor_entity_set_int (product, "vat_rate", 2000);
  kontor_entity_set_bool (product, "active", active);
  g_assert_true (kontor_repository_save (f->repository, product, &error));
  return product;
}

static void
collect_entries (GtkWidget  *widget,
                 const char *field,
                 GPtrArray  *found)
{
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (GTK_IS_ENTRY (child) &&
          g_strcmp0 (g_object_get_data (G_OBJECT (child), "field"), field) == 0)
        g_ptr_array_add (found, child);
      else
        collect_entries (child, field, found);
    }
}

/* The entry of @field in line number @index */
static GtkEntry *
find_entry (GtkWidget  *widget,
            const char *field,
            guint       index)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  collect_entries (widget, field, found);
  return index < found->len ? g_ptr_array_index (found, index) : NULL;
}

static void
test_invoice_lines (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KontorEntity) invoice = KONTOR_ENTITY (kontor_invoice_new ());
  g_autoptr(KontorEntity) consulting = add_product (f, "Consulting", 350000, TRUE);
  g_autoptr(KontorEntity) old = add_product (f, "Old service", 100, FALSE);
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "invoice.pdf", NULL);
  g_autofree char *contents = NULL;
  KontorLinesEditor *lines;
  GtkWidget *editor;
  GtkEntry *quantity;
  GListModel *picker_model;
  guint n_products;

  kontor_entity_set_text (invoice, "currency", "RUB");
  g_assert_true (kontor_repository_save (f->repository, invoice, &error));

  editor = kontor_invoice_lines_editor_new (f->repository, invoice);
  show (f, editor);
  lines = KONTOR_LINES_EDITOR (kontor_invoice_lines_editor_get_lines (
                                 KONTOR_INVOICE_LINES_EDITOR (editor)));

  /* The picker hides archived products */
  {
    GtkWidget *dropdown = NULL;

    for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (lines)); w != NULL;
         w = gtk_widget_get_next_sibling (w))
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        if (GTK_IS_DROP_DOWN (c))
          dropdown = c;
    g_assert_nonnull (dropdown);
    picker_model = gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown));
    n_products = g_list_model_get_n_items (picker_model);
    g_assert_cmpuint (n_products, ==, 1);
  }
  (void) old;

  /* 1 h × 3 500,00 + 20 % = 4 200,00 */
  g_assert_true (kontor_lines_editor_add_product (lines, consulting, &error));
  g_assert_no_error (error);
  wait_ms (50);
  g_assert_cmpint (kontor_entity_get_int (invoice, "total"), ==, 420000);

  /* Typing 1.5 into the quantity: 5 250,00 + 1 050,00 = 6 300,00 */
  quantity = find_entry (GTK_WIDGET (lines), "quantity", 0);
  g_assert_nonnull (quantity);
  gtk_editable_set_text (GTK_EDITABLE (quantity), "1.5");
  g_signal_emit_by_name (quantity, "activate");
  wait_ms (50);
  g_assert_cmpint (kontor_entity_get_int (invoice, "total"), ==, 630000);
  g_assert_nonnull (strstr (kontor_lines_editor_get_total_text (lines), "6"));

  /* A free line with a 10 % discount: 2 × 1 000,00 − 10 % = 1 800,00, no VAT */
  g_assert_true (kontor_lines_editor_add_free_line (lines, &error));
  wait_ms (50);
  {
    GtkEntry *price = find_entry (GTK_WIDGET (lines), "price", 1);
    GtkEntry *qty = find_entry (GTK_WIDGET (lines), "quantity", 1);
    GtkEntry *discount = find_entry (GTK_WIDGET (lines), "discount", 1);

    g_assert_nonnull (price);
    gtk_editable_set_text (GTK_EDITABLE (price), "1000");
    g_signal_emit_by_name (price, "activate");
    gtk_editable_set_text (GTK_EDITABLE (qty), "2");
    g_signal_emit_by_name (qty, "activate");
    gtk_editable_set_text (GTK_EDITABLE (discount), "10%");
    g_signal_emit_by_name (discount, "activate");
    wait_ms (50);
    g_assert_cmpint (kontor_entity_get_int (invoice, "total"), ==, 630000 + 180000);

    /* A bad quantity is marked and changes nothing */
    gtk_editable_set_text (GTK_EDITABLE (qty), "two");
    g_signal_emit_by_name (qty, "activate");
    g_assert_true (gtk_widget_has_css_class (GTK_WIDGET (qty), "error"));
    g_assert_cmpint (kontor_entity_get_int (invoice, "total"), ==, 630000 + 180000);
  }

  g_object_unref (ui_save_screenshot (f->window, "invoice-lines-editor"));

  g_assert_true (kontor_invoice_lines_editor_write_pdf (KONTOR_INVOICE_LINES_EDITOR (editor), pdf,
                                                        &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));
}

static void
on_invoice_created (KontorDealProductsEditor *editor,
                    KontorEntity             *invoice,
                    Fixture                  *f)
{
  g_set_object (&f->created, invoice);
}

static void
test_deal_products (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = KONTOR_ENTITY (kontor_deal_new ());
  g_autoptr(KontorEntity) design = add_product (f, "Design", 5000000, TRUE);
  g_autoptr(GError) error = NULL;
  KontorLinesEditor *lines;
  GtkWidget *editor;

  kontor_entity_set_text (deal, "title", "Website");
  kontor_entity_set_text (deal, "currency", "RUB");
  g_assert_true (kontor_repository_save (f->repository, deal, &error));

  editor = kontor_deal_products_editor_new (f->repository, deal);
  g_signal_connect (editor, "invoice-created", G_CALLBACK (on_invoice_created), f);
  show (f, editor);
  lines = KONTOR_LINES_EDITOR (kontor_deal_products_editor_get_lines (
                                 KONTOR_DEAL_PRODUCTS_EDITOR (editor)));

  /* 50 000,00 + 20 % = 60 000,00 */
  g_assert_true (kontor_lines_editor_add_product (lines, design, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_int (deal, "amount"), ==, 0);

  /* The switch makes the deal amount follow */
  {
    GtkWidget *toggle = NULL;

    for (GtkWidget *w = gtk_widget_get_first_child (gtk_widget_get_first_child (editor));
         w != NULL; w = gtk_widget_get_next_sibling (w))
      for (GtkWidget *c = gtk_widget_get_first_child (w); c != NULL;
           c = gtk_widget_get_next_sibling (c))
        if (GTK_IS_SWITCH (c))
          toggle = c;
    g_assert_nonnull (toggle);
    gtk_switch_set_active (GTK_SWITCH (toggle), TRUE);
  }
  g_assert_true (kontor_entity_get_bool (deal, "amount_follows_products"));
  g_assert_cmpint (kontor_entity_get_int (deal, "amount"), ==, 6000000);

  g_object_unref (ui_save_screenshot (f->window, "deal-products-editor"));

  g_assert_true (gtk_widget_activate_action (editor, "deal-products.create-invoice", NULL));
  g_assert_nonnull (f->created);
  g_assert_cmpint (kontor_entity_get_int (f->created, "deal"), ==, kontor_entity_get_id (deal));
  g_assert_cmpint (kontor_entity_get_int (f->created, "total"), ==, 6000000);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/invoice-editors/invoice-lines-edit-and-pdf", Fixture, NULL, fixture_set_up,
              test_invoice_lines, fixture_tear_down);
  g_test_add ("/invoice-editors/deal-products-and-create-invoice", Fixture, NULL,
              fixture_set_up, test_deal_products, fixture_tear_down);

  return g_test_run ();
}
