/* kontor-lead-convert-dialog.c
 *
 * One section per record the lead can become — contact, company, deal —
 * each with a switch, pre-filled fields to edit and, for the contact and
 * the company, the choice to link an existing record instead. Convert runs
 * kontor_lead_convert(): all or nothing. A validation error is shown next
 * to its field and the dialog stays open with everything typed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-lead-convert-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-core.h"
#include "kontor-field-row.h"
#include "kontor-lead-convert-dialog.h"

typedef enum
{
  SECTION_CONTACT,
  SECTION_COMPANY,
  SECTION_DEAL,
  N_SECTIONS
} SectionIndex;

typedef struct
{
  AdwPreferencesGroup *group;
  GtkSwitch           *enabled;
  AdwComboRow         *mode;       /* create or link; NULL for the deal */
  GPtrArray           *rows;       /* KontorFieldRow of the new record */
  KontorFieldRow      *link_row;
} Section;

struct _KontorLeadConvertDialog
{
  AdwWindow             parent_instance;

  KontorRepository     *repository;
  KontorEntity         *lead;
  KontorLeadConversion *conversion;
  Section               sections[N_SECTIONS];

  AdwToastOverlay      *toasts;
  AdwPreferencesPage   *page;
};

G_DEFINE_FINAL_TYPE (KontorLeadConvertDialog, kontor_lead_convert_dialog, ADW_TYPE_WINDOW)

enum {
  CONVERTED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const contact_fields[] = {
  "first_name", "middle_name", "last_name", "position", "phone", "email", NULL
};
static const char * const company_fields[] = { "name", "phone", "email", NULL };
static const char * const deal_fields[] = {
  "title", "pipeline", "stage", "amount", "currency", "responsible", NULL
};

static const KontorField link_fields[] = {
  { "contact", KONTOR_FIELD_REF, 0, 0, "contact", NULL, N_("Existing contact") },
  { "company", KONTOR_FIELD_REF, 0, 0, "company", NULL, N_("Existing company") },
};

static KontorEntity *
section_entity (KontorLeadConvertDialog *self,
                SectionIndex             index)
{
  switch (index)
    {
    case SECTION_CONTACT:
      return self->conversion->contact;
    case SECTION_COMPANY:
      return self->conversion->company;
    case SECTION_DEAL:
    case N_SECTIONS:
    default:
      return self->conversion->deal;
    }
}

static KontorFieldRow *
find_row (Section    *section,
          const char *name)
{
  for (guint i = 0; i < section->rows->len; i++)
    {
      KontorFieldRow *row = g_ptr_array_index (section->rows, i);

      if (g_str_equal (kontor_field_row_get_field (row)->name, name))
        return row;
    }

  return NULL;
}

static gboolean
section_links (Section *section)
{
  return section->mode != NULL && adw_combo_row_get_selected (section->mode) == 1;
}

static void
update_section (Section *section)
{
  gboolean enabled = gtk_switch_get_active (section->enabled);
  gboolean links = section_links (section);

  if (section->mode != NULL)
    gtk_widget_set_visible (GTK_WIDGET (section->mode), enabled);
  for (guint i = 0; i < section->rows->len; i++)
    gtk_widget_set_visible (kontor_field_row_get_widget (g_ptr_array_index (section->rows, i)),
                            enabled && !links);
  if (section->link_row != NULL)
    gtk_widget_set_visible (kontor_field_row_get_widget (section->link_row), enabled && links);
}

static void
update_sections (KontorLeadConvertDialog *self)
{
  gboolean any = FALSE;

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      update_section (&self->sections[i]);
      any |= gtk_switch_get_active (self->sections[i].enabled);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "convert.convert", any);
}

static void
on_section_changed (KontorLeadConvertDialog *self)
{
  update_sections (self);
}

static void
on_pipeline_changed (KontorFieldRow          *row,
                     KontorLeadConvertDialog *self)
{
  KontorFieldRow *stage_row = find_row (&self->sections[SECTION_DEAL], "stage");

  if (stage_row != NULL)
    kontor_field_row_set_pipeline (stage_row, kontor_field_row_get_ref_id (row));
}

static void
build_section (KontorLeadConvertDialog *self,
               SectionIndex             index,
               const char              *title,
               const char * const      *fields)
{
  Section *section = &self->sections[index];
  KontorEntity *entity = section_entity (self, index);
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (entity);
  KontorConvertAction actions[] = {
    self->conversion->contact_action, self->conversion->company_action,
    self->conversion->deal_action,
  };

  section->group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (section->group, title);

  section->enabled = GTK_SWITCH (gtk_switch_new ());
  gtk_widget_set_valign (GTK_WIDGET (section->enabled), GTK_ALIGN_CENTER);
  gtk_switch_set_active (section->enabled, actions[index] != KONTOR_CONVERT_SKIP);
  gtk_accessible_update_property (GTK_ACCESSIBLE (section->enabled),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_preferences_group_set_header_suffix (section->group, GTK_WIDGET (section->enabled));
  g_signal_connect_swapped (section->enabled, "notify::active",
                            G_CALLBACK (on_section_changed), self);

  if (index != SECTION_DEAL)
    {
      const char *choices[] = { _("Create new"), _("Link existing"), NULL };

      section->mode = ADW_COMBO_ROW (adw_combo_row_new ());
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (section->mode), _("Record"));
      adw_combo_row_set_model (section->mode, G_LIST_MODEL (gtk_string_list_new (choices)));
      adw_preferences_group_add (section->group, GTK_WIDGET (section->mode));
      g_signal_connect_swapped (section->mode, "notify::selected",
                                G_CALLBACK (on_section_changed), self);

      section->link_row = kontor_field_row_new (self->repository, &link_fields[index]);
      adw_preferences_group_add (section->group, kontor_field_row_get_widget (section->link_row));
    }

  section->rows = g_ptr_array_new_with_free_func (g_object_unref);
  for (guint i = 0; fields[i] != NULL; i++)
    {
      const KontorField *field = kontor_entity_class_find_field (klass, fields[i]);
      KontorFieldRow *row;

      if (field == NULL)
        continue;

      row = kontor_field_row_new (self->repository, field);
      kontor_field_row_load (row, entity);
      adw_preferences_group_add (section->group, kontor_field_row_get_widget (row));
      g_ptr_array_add (section->rows, row);

      if (g_str_equal (field->name, "pipeline") && field->type == KONTOR_FIELD_REF)
        g_signal_connect (row, "changed", G_CALLBACK (on_pipeline_changed), self);
    }

  if (index == SECTION_DEAL)
    {
      KontorFieldRow *stage_row = find_row (section, "stage");

      if (stage_row != NULL)
        kontor_field_row_set_pipeline (stage_row, kontor_entity_get_int (entity, "pipeline"));
    }

  adw_preferences_page_add (self->page, section->group);
}

/* Copies what the user typed into the records to create; FALSE with the
 * error shown next to its field when a value does not parse. */
static gboolean
apply_section (KontorLeadConvertDialog *self,
               SectionIndex             index)
{
  Section *section = &self->sections[index];
  KontorEntity *entity = section_entity (self, index);
  KontorConvertAction action;
  gboolean ok = TRUE;

  if (!gtk_switch_get_active (section->enabled))
    action = KONTOR_CONVERT_SKIP;
  else if (section_links (section))
    action = KONTOR_CONVERT_LINK;
  else
    action = KONTOR_CONVERT_CREATE;

  switch (index)
    {
    case SECTION_CONTACT:
      self->conversion->contact_action = action;
      self->conversion->contact_id = kontor_field_row_get_ref_id (section->link_row);
      break;
    case SECTION_COMPANY:
      self->conversion->company_action = action;
      self->conversion->company_id = kontor_field_row_get_ref_id (section->link_row);
      break;
    case SECTION_DEAL:
    case N_SECTIONS:
    default:
      self->conversion->deal_action = action;
      break;
    }

  if (action == KONTOR_CONVERT_LINK && kontor_field_row_get_ref_id (section->link_row) == 0)
    {
      kontor_field_row_set_error (section->link_row, _("Choose the record to link"));
      return FALSE;
    }
  if (section->link_row != NULL)
    kontor_field_row_set_error (section->link_row, NULL);

  if (action != KONTOR_CONVERT_CREATE)
    return TRUE;

  for (guint i = 0; i < section->rows->len; i++)
    {
      KontorFieldRow *row = g_ptr_array_index (section->rows, i);
      g_autoptr(GError) error = NULL;

      if (!kontor_field_row_apply (row, entity, &error))
        {
          kontor_field_row_set_error (row, error->message);
          ok = FALSE;
        }
      else
        kontor_field_row_set_error (row, NULL);
    }

  return ok;
}

static void
show_save_error (KontorLeadConvertDialog *self,
                 GError                  *error)
{
  const char *field = kontor_error_get_field (error);

  if (field != NULL)
    {
      /* The field of the record that failed: the deal is validated last,
       * so look there first */
      for (int i = N_SECTIONS - 1; i >= 0; i--)
        {
          KontorFieldRow *row = find_row (&self->sections[i], field);

          if (row != NULL && gtk_widget_get_visible (kontor_field_row_get_widget (row)))
            {
              kontor_field_row_set_error (row, error->message);
              kontor_field_row_focus (row);
              return;
            }
        }
    }

  adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
}

static void
convert_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KontorLeadConvertDialog *self = KONTOR_LEAD_CONVERT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  for (guint i = 0; i < N_SECTIONS; i++)
    ok &= apply_section (self, i);
  if (!ok)
    return;

  if (!kontor_lead_convert (self->repository, self->lead, self->conversion, NULL, NULL, NULL,
                            &error))
    {
      show_save_error (self, error);
      return;
    }

  g_signal_emit (self, signals[CONVERTED], 0);
  gtk_window_destroy (GTK_WINDOW (self));
}

static void
kontor_lead_convert_dialog_dispose (GObject *object)
{
  KontorLeadConvertDialog *self = KONTOR_LEAD_CONVERT_DIALOG (object);

  for (guint i = 0; i < N_SECTIONS; i++)
    {
      g_clear_pointer (&self->sections[i].rows, g_ptr_array_unref);
      g_clear_object (&self->sections[i].link_row);
    }
  g_clear_pointer (&self->conversion, kontor_lead_conversion_free);
  g_clear_object (&self->lead);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_lead_convert_dialog_parent_class)->dispose (object);
}

static void
kontor_lead_convert_dialog_class_init (KontorLeadConvertDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kontor_lead_convert_dialog_dispose;

  /**
   * KontorLeadConvertDialog::converted:
   *
   * Emitted after the conversion was saved, before the dialog closes;
   * kontor_lead_convert_dialog_take_conversion() gives what to undo.
   */
  signals[CONVERTED] =
    g_signal_new ("converted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kontor/Kontor/ui/"
                                               "kontor-lead-convert-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, KontorLeadConvertDialog, toasts);
  gtk_widget_class_bind_template_child (widget_class, KontorLeadConvertDialog, page);

  gtk_widget_class_install_action (widget_class, "convert.convert", NULL, convert_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "convert.convert", NULL);
}

static void
kontor_lead_convert_dialog_init (KontorLeadConvertDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

/**
 * kontor_lead_convert_dialog_new:
 * @lead: a saved lead that is not converted yet
 *
 * Returns: (transfer floating): the dialog, not shown yet
 */
GtkWidget *
kontor_lead_convert_dialog_new (GtkWindow        *parent,
                                KontorRepository *repository,
                                KontorEntity     *lead)
{
  KontorLeadConvertDialog *self;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (KONTOR_IS_LEAD (lead), NULL);

  self = g_object_new (KONTOR_TYPE_LEAD_CONVERT_DIALOG,
                       "transient-for", parent,
                       NULL);
  self->repository = g_object_ref (repository);
  self->lead = g_object_ref (lead);
  self->conversion = kontor_lead_conversion_new (repository, lead);

  build_section (self, SECTION_CONTACT, _("Contact"), contact_fields);
  build_section (self, SECTION_COMPANY, _("Company"), company_fields);
  build_section (self, SECTION_DEAL, _("Deal"), deal_fields);
  update_sections (self);

  return GTK_WIDGET (self);
}

/**
 * kontor_lead_convert_dialog_take_conversion:
 *
 * Call it from ::converted to keep what kontor_lead_conversion_undo() needs
 * for the undo toast.
 *
 * Returns: (transfer full) (nullable): the conversion; the dialog keeps none
 */
KontorLeadConversion *
kontor_lead_convert_dialog_take_conversion (KontorLeadConvertDialog *self)
{
  g_return_val_if_fail (KONTOR_IS_LEAD_CONVERT_DIALOG (self), NULL);

  return g_steal_pointer (&self->conversion);
}
