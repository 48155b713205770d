/* kontor-invoice-lines-editor.c: an invoice's lines, totals, PDF and print
 *
 * The seller printed on the invoice comes from Preferences (GSettings) and
 * is handed to the core as a KontorSeller; the invoice speaks the language
 * of the user interface. The PDF and the printer share one drawing routine,
 * so that both give the same pages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-invoice-lines-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-core.h"
#include "kontor-invoice-lines-editor.h"
#include "kontor-lines-editor.h"

struct _KontorInvoiceLinesEditor
{
  AdwBin            parent_instance;

  KontorRepository *repository;
  KontorEntity     *invoice;
  GtkWidget        *lines;
  GtkFileChooserNative *chooser;
  KontorInvoiceLayout *print_layout;

  /* template */
  GtkWidget        *box;
  GtkWidget        *status_label;
};

G_DEFINE_FINAL_TYPE (KontorInvoiceLinesEditor, kontor_invoice_lines_editor, ADW_TYPE_BIN)

/* The seller's strings, kept alive as long as the KontorSeller using them */
typedef struct
{
  KontorSeller seller;
  GStrv        values;
} Seller;

static void
seller_clear (Seller *seller)
{
  g_clear_pointer (&seller->values, g_strfreev);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Seller, seller_clear)

static void
load_seller (Seller *out)
{
  static const char * const keys[] = {
    "seller-name", "seller-tax-id", "seller-kpp", "seller-address", "seller-bank-name",
    "seller-bank-account", "seller-bank-bic", "seller-director",
  };
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;
  g_autoptr(GSettings) settings = NULL;
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  memset (out, 0, sizeof *out);
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return;

  settings = g_settings_new_full (schema, NULL, NULL);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    {
      g_autofree char *value = NULL;

      if (g_settings_schema_has_key (schema, keys[i]))
        value = g_settings_get_string (settings, keys[i]);
      g_strv_builder_add (builder, value ? value : "");
    }
  out->values = g_strv_builder_end (builder);

  out->seller.name = out->values[0];
  out->seller.tax_id = out->values[1];
  out->seller.kpp = out->values[2];
  out->seller.address = out->values[3];
  out->seller.bank_name = out->values[4];
  out->seller.bank_account = out->values[5];
  out->seller.bank_bic = out->values[6];
  out->seller.director = out->values[7];
}

/* The invoice is written in the language of the user interface */
static const char *
ui_language (void)
{
  return g_get_language_names ()[0];
}

static void
show_status (KontorInvoiceLinesEditor *self,
             const char               *message,
             gboolean                  is_error)
{
  gtk_label_set_text (GTK_LABEL (self->status_label), message ? message : "");
  gtk_widget_set_visible (self->status_label, message != NULL);
  if (is_error)
    gtk_widget_add_css_class (self->status_label, "error");
  else
    gtk_widget_remove_css_class (self->status_label, "error");
}

static void
on_chooser_response (GtkNativeDialog          *dialog,
                     int                       response,
                     KontorInvoiceLinesEditor *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));
  g_clear_object (&self->chooser);

  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      show_status (self, _("Only local files can be written"), TRUE);
      return;
    }

  if (kontor_invoice_lines_editor_write_pdf (self, path, &error))
    {
      g_autofree char *basename = g_file_get_basename (file);
      g_autofree char *message = g_strdup_printf (_("Saved %s"), basename);

      show_status (self, message, FALSE);
    }
  else
    show_status (self, error->message, TRUE);
}

static void
save_pdf_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  KontorInvoiceLinesEditor *self = KONTOR_INVOICE_LINES_EDITOR (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *name = NULL;
  g_autofree char *safe = NULL;

  if (self->chooser != NULL)
    return;

  self->chooser = gtk_file_chooser_native_new (_("Save Invoice as PDF"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);

  /* Translators: the file name of a saved invoice, %s is its number */
  name = g_strdup_printf (_("Invoice %s.pdf"), kontor_entity_get_text (self->invoice, "number"));
  safe = g_strdelimit (g_strdup (name), "/\\", '-');
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), safe);
  {
    g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

    gtk_file_filter_set_name (filter, _("PDF documents"));
    gtk_file_filter_add_mime_type (filter, "application/pdf");
    gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  }

  g_signal_connect (self->chooser, "response", G_CALLBACK (on_chooser_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_begin_print (GtkPrintOperation        *operation,
                GtkPrintContext          *context,
                KontorInvoiceLinesEditor *self)
{
  g_auto(Seller) seller = { { 0, }, };
  g_autoptr(GError) error = NULL;

  load_seller (&seller);
  g_clear_pointer (&self->print_layout, kontor_invoice_layout_free);
  self->print_layout = kontor_invoice_layout_new (self->repository, self->invoice, &seller.seller,
                                                  ui_language (), &error);
  if (self->print_layout == NULL)
    {
      show_status (self, error->message, TRUE);
      gtk_print_operation_cancel (operation);
      return;
    }

  gtk_print_operation_set_n_pages (operation,
                                   kontor_invoice_layout_get_n_pages (
                                     self->print_layout,
                                     gtk_print_context_get_cairo_context (context)));
}

static void
on_draw_page (GtkPrintOperation        *operation,
              GtkPrintContext          *context,
              int                       page,
              KontorInvoiceLinesEditor *self)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double scale;

  if (self->print_layout == NULL)
    return;

  /* The layout is drawn in A4 points; fit it to the paper's width */
  scale = gtk_print_context_get_width (context) / KONTOR_INVOICE_PAGE_WIDTH;
  cairo_save (cr);
  cairo_scale (cr, scale, scale);
  kontor_invoice_layout_draw_page (self->print_layout, cr, page);
  cairo_restore (cr);
}

static void
on_end_print (GtkPrintOperation        *operation,
              GtkPrintContext          *context,
              KontorInvoiceLinesEditor *self)
{
  g_clear_pointer (&self->print_layout, kontor_invoice_layout_free);
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  KontorInvoiceLinesEditor *self = KONTOR_INVOICE_LINES_EDITOR (widget);
  g_autoptr(GtkPrintOperation) operation = gtk_print_operation_new ();
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *job = g_strdup_printf (_("Invoice %s"),
                                          kontor_entity_get_text (self->invoice, "number"));

  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_job_name (operation, job);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);

  g_signal_connect (operation, "begin-print", G_CALLBACK (on_begin_print), self);
  g_signal_connect (operation, "draw-page", G_CALLBACK (on_draw_page), self);
  g_signal_connect (operation, "end-print", G_CALLBACK (on_end_print), self);

  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                               &error) == GTK_PRINT_OPERATION_RESULT_ERROR)
    show_status (self, error->message, TRUE);
}

static void
kontor_invoice_lines_editor_dispose (GObject *object)
{
  KontorInvoiceLinesEditor *self = KONTOR_INVOICE_LINES_EDITOR (object);

  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  g_clear_pointer (&self->print_layout, kontor_invoice_layout_free);
  /* AdwBin unparents the template's child itself */
  g_clear_object (&self->invoice);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_invoice_lines_editor_parent_class)->dispose (object);
}

static void
kontor_invoice_lines_editor_class_init (KontorInvoiceLinesEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kontor_invoice_lines_editor_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kontor-invoice-lines-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KontorInvoiceLinesEditor, box);
  gtk_widget_class_bind_template_child (widget_class, KontorInvoiceLinesEditor, status_label);

  gtk_widget_class_install_action (widget_class, "invoice.save-pdf", NULL, save_pdf_action);
  gtk_widget_class_install_action (widget_class, "invoice.print", NULL, print_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "invoice.print", NULL);
}

static void
kontor_invoice_lines_editor_init (KontorInvoiceLinesEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * kontor_invoice_lines_editor_new:
 * @invoice: a saved invoice
 *
 * Returns: the lines of @invoice with their totals, and the buttons that
 *   save it as PDF and print it; for kontor_record_page_add_section().
 */
GtkWidget *
kontor_invoice_lines_editor_new (KontorRepository *repository,
                                 KontorEntity     *invoice)
{
  KontorInvoiceLinesEditor *self;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (KONTOR_IS_INVOICE (invoice), NULL);

  self = g_object_new (KONTOR_TYPE_INVOICE_LINES_EDITOR, NULL);
  self->repository = g_object_ref (repository);
  self->invoice = g_object_ref (invoice);
  self->lines = kontor_lines_editor_new (repository, invoice);
  gtk_box_prepend (GTK_BOX (self->box), self->lines);

  return GTK_WIDGET (self);
}

GtkWidget *
kontor_invoice_lines_editor_get_lines (KontorInvoiceLinesEditor *self)
{
  g_return_val_if_fail (KONTOR_IS_INVOICE_LINES_EDITOR (self), NULL);

  return self->lines;
}

/* What "Save as PDF…" does once a file is chosen */
gboolean
kontor_invoice_lines_editor_write_pdf (KontorInvoiceLinesEditor  *self,
                                       const char                *path,
                                       GError                   **error)
{
  g_auto(Seller) seller = { { 0, }, };

  g_return_val_if_fail (KONTOR_IS_INVOICE_LINES_EDITOR (self), FALSE);

  load_seller (&seller);
  return kontor_invoice_write_pdf (self->repository, self->invoice, &seller.seller,
                                   ui_language (), path, error);
}
