/* kontor-window-records.c: what the window adds to a record's page
 *
 * The record page is generic; the window knows which other views belong on
 * which record: a deal's products, an invoice's lines, the next step for a
 * client, and the conversion of a lead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-deal-products-editor.h"
#include "kontor-invoice-lines-editor.h"
#include "kontor-lead-convert-dialog.h"
#include "kontor-plan-activity.h"
#include "kontor-record-page.h"
#include "kontor-window-private.h"

static void
on_invoice_created (GtkWidget    *editor,
                    KontorEntity *invoice,
                    KontorWindow *self)
{
  kontor_window_open_record (self, invoice);
}

static void
undo_conversion_cb (AdwToast     *toast,
                    KontorWindow *self)
{
  g_autoptr(GError) error = NULL;

  if (self->last_conversion == NULL || self->last_converted_lead == NULL)
    return;

  if (!kontor_lead_conversion_undo (self->repository, self->last_converted_lead,
                                    self->last_conversion, &error))
    {
      AdwToast *failed = adw_toast_new (error->message);

      adw_toast_overlay_add_toast (self->toast_overlay, failed);
    }

  g_clear_pointer (&self->last_conversion, kontor_lead_conversion_free);
  g_clear_object (&self->last_converted_lead);
}

static void
on_lead_converted (KontorLeadConvertDialog *dialog,
                   KontorWindow            *self)
{
  g_autofree char *name = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *title = NULL;
  KontorEntity *lead = g_object_get_data (G_OBJECT (dialog), "lead");
  AdwToast *toast;

  g_clear_pointer (&self->last_conversion, kontor_lead_conversion_free);
  self->last_conversion = kontor_lead_convert_dialog_take_conversion (dialog);
  g_set_object (&self->last_converted_lead, lead);

  name = kontor_entity_dup_display_name (lead);
  markup = g_markup_escape_text (name, -1);
  /* Translators: %s is the name of a lead */
  title = g_strdup_printf (_("Converted “%s”"), markup);

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_signal_connect_object (toast, "button-clicked", G_CALLBACK (undo_conversion_cb), self, 0);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

static void
on_convert_clicked (GtkButton    *button,
                    KontorWindow *self)
{
  KontorEntity *lead = g_object_get_data (G_OBJECT (button), "lead");
  GtkWidget *dialog = kontor_lead_convert_dialog_new (GTK_WINDOW (self), self->repository, lead);

  g_object_set_data_full (G_OBJECT (dialog), "lead", g_object_ref (lead), g_object_unref);
  g_signal_connect_object (dialog, "converted", G_CALLBACK (on_lead_converted), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
update_convert_button (GtkWidget    *button,
                       GParamSpec   *pspec,
                       KontorEntity *lead)
{
  gboolean read_only = kontor_lead_is_read_only (lead);

  gtk_widget_set_sensitive (button, !read_only);
  gtk_widget_set_tooltip_text (button, read_only ? _("This lead has already been converted")
                                                 : NULL);
}

static void
on_lead_status_changed (KontorEntity *lead,
                        GParamSpec   *pspec,
                        GtkWidget    *button)
{
  update_convert_button (button, NULL, lead);
}

static GtkWidget *
create_convert_section (KontorWindow *self,
                        KontorEntity *lead)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *label = gtk_label_new (_("Turn the lead into a contact, a company and a deal "
                                      "in one step."));
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Convert Lead…"));

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_widget_add_css_class (button, "pill");

  g_object_set_data_full (G_OBJECT (button), "lead", g_object_ref (lead), g_object_unref);
  g_signal_connect_object (button, "clicked", G_CALLBACK (on_convert_clicked), self, 0);
  g_signal_connect_object (lead, "notify::status", G_CALLBACK (on_lead_status_changed), button, 0);
  update_convert_button (button, NULL, lead);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), button);
  return box;
}

/* Called for every record page the window opens */
void
_kontor_window_add_record_sections (KontorWindow *self,
                                    GtkWidget    *page,
                                    KontorEntity *entity)
{
  KontorRecordPage *record_page = KONTOR_RECORD_PAGE (page);

  /* Products, lines and next steps belong to a record that exists */
  if (kontor_entity_get_id (entity) == 0)
    return;

  if (KONTOR_IS_LEAD (entity))
    kontor_record_page_add_section (record_page, _("Conversion"),
                                    create_convert_section (self, entity));

  if (KONTOR_IS_DEAL (entity))
    {
      GtkWidget *products = kontor_deal_products_editor_new (self->repository, entity);

      g_signal_connect_object (products, "invoice-created", G_CALLBACK (on_invoice_created),
                               self, 0);
      kontor_record_page_add_section (record_page, _("Products"), products);
    }

  if (KONTOR_IS_INVOICE (entity))
    kontor_record_page_add_section (record_page, _("Lines"),
                                    kontor_invoice_lines_editor_new (self->repository, entity));

  if (KONTOR_IS_LEAD (entity) || KONTOR_IS_CONTACT (entity) ||
      KONTOR_IS_COMPANY (entity) || KONTOR_IS_DEAL (entity))
    kontor_record_page_add_section (record_page, _("Next Step"),
                                    kontor_plan_activity_buttons_new (self->repository, entity));
}
