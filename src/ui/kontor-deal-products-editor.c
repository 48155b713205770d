/* kontor-deal-products-editor.c: a deal's products and "create invoice"
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-deal-products-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-core.h"
#include "kontor-deal-products-editor.h"
#include "kontor-lines-editor.h"

struct _KontorDealProductsEditor
{
  AdwBin            parent_instance;

  KontorRepository *repository;
  KontorEntity     *deal;
  GtkWidget        *lines;

  /* template */
  GtkWidget        *box;
  GtkWidget        *follow_switch;
  GtkWidget        *status_label;
};

G_DEFINE_FINAL_TYPE (KontorDealProductsEditor, kontor_deal_products_editor, ADW_TYPE_BIN)

enum {
  INVOICE_CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_status (KontorDealProductsEditor *self,
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
on_follow_active (GtkSwitch                *toggle,
                  GParamSpec               *pspec,
                  KontorDealProductsEditor *self)
{
  gboolean active = gtk_switch_get_active (toggle);
  g_autoptr(GError) error = NULL;

  if (kontor_entity_get_bool (self->deal, "amount_follows_products") == active)
    return;

  /* Saving recomputes the amount from the products */
  kontor_entity_set_bool (self->deal, "amount_follows_products", active);
  if (!kontor_repository_save (self->repository, self->deal, &error))
    {
      kontor_repository_reload (self->repository, self->deal, NULL);
      gtk_switch_set_active (toggle, !active);
      show_status (self, error->message, TRUE);
    }
}

static void
create_invoice_action (GtkWidget  *widget,
                       const char *action_name,
                       GVariant   *parameter)
{
  KontorDealProductsEditor *self = KONTOR_DEAL_PRODUCTS_EDITOR (widget);
  g_autoptr(KontorEntity) invoice = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  invoice = kontor_deal_products_editor_create_invoice (self, &error);
  if (invoice == NULL)
    {
      show_status (self, error->message, TRUE);
      return;
    }

  message = g_strdup_printf (_("Invoice %s created"), kontor_entity_get_text (invoice, "number"));
  show_status (self, message, FALSE);
  g_signal_emit (self, signals[INVOICE_CREATED], 0, invoice);
}

static void
kontor_deal_products_editor_dispose (GObject *object)
{
  KontorDealProductsEditor *self = KONTOR_DEAL_PRODUCTS_EDITOR (object);

  /* AdwBin unparents the template's child itself */
  g_clear_object (&self->deal);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_deal_products_editor_parent_class)->dispose (object);
}

static void
kontor_deal_products_editor_class_init (KontorDealProductsEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kontor_deal_products_editor_dispose;

  /**
   * KontorDealProductsEditor::invoice-created:
   * @invoice: the new invoice
   *
   * Emitted after "Create invoice" made an invoice from the deal's products,
   * so that the window can open it.
   */
  signals[INVOICE_CREATED] =
    g_signal_new ("invoice-created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                  NULL, NULL, NULL, G_TYPE_NONE, 1, KONTOR_TYPE_ENTITY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kontor-deal-products-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, KontorDealProductsEditor, box);
  gtk_widget_class_bind_template_child (widget_class, KontorDealProductsEditor, follow_switch);
  gtk_widget_class_bind_template_child (widget_class, KontorDealProductsEditor, status_label);

  gtk_widget_class_install_action (widget_class, "deal-products.create-invoice", NULL,
                                   create_invoice_action);
}

static void
kontor_deal_products_editor_init (KontorDealProductsEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * kontor_deal_products_editor_new:
 * @deal: a saved deal
 *
 * Returns: the products of @deal with their totals, the switch that makes
 *   the deal amount follow them and "Create invoice"; for
 *   kontor_record_page_add_section().
 */
GtkWidget *
kontor_deal_products_editor_new (KontorRepository *repository,
                                 KontorEntity     *deal)
{
  KontorDealProductsEditor *self;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (KONTOR_IS_DEAL (deal), NULL);

  self = g_object_new (KONTOR_TYPE_DEAL_PRODUCTS_EDITOR, NULL);
  self->repository = g_object_ref (repository);
  self->deal = g_object_ref (deal);
  self->lines = kontor_lines_editor_new (repository, deal);
  gtk_box_prepend (GTK_BOX (self->box), self->lines);

  gtk_switch_set_active (GTK_SWITCH (self->follow_switch),
                         kontor_entity_get_bool (deal, "amount_follows_products"));
  g_signal_connect_object (self->follow_switch, "notify::active", G_CALLBACK (on_follow_active),
                           self, 0);

  return GTK_WIDGET (self);
}

GtkWidget *
kontor_deal_products_editor_get_lines (KontorDealProductsEditor *self)
{
  g_return_val_if_fail (KONTOR_IS_DEAL_PRODUCTS_EDITOR (self), NULL);

  return self->lines;
}

/* What "Create invoice" does: a new invoice with a copy of the products */
KontorEntity *
kontor_deal_products_editor_create_invoice (KontorDealProductsEditor  *self,
                                            GError                   **error)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  g_return_val_if_fail (KONTOR_IS_DEAL_PRODUCTS_EDITOR (self), NULL);

  /* The number follows the pattern set in the preferences */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema != NULL)
    {
      g_autoptr(GSettings) settings = g_settings_new_full (schema, NULL, NULL);
      g_autofree char *pattern = g_settings_get_string (settings, "invoice-number-pattern");

      kontor_pricing_set_invoice_number_pattern (self->repository, pattern);
    }

  return kontor_pricing_create_invoice_from_deal (self->repository,
                                                  kontor_entity_get_id (self->deal), error);
}
