/* kontor-record-page.c
 *
 * The page of one record. The form is generated from the entity's field
 * table, grouped per kind. Saving parses the form into a scratch copy of
 * the record and validates it there, so the shared object (the same one
 * the lists and the board show) never holds a half-typed or invalid value;
 * only a valid result is applied and written. Whatever the user typed
 * stays in the form when saving fails.
 *
 * What differs from the stored record is also kept as a draft
 * (kontor-drafts.h) half a second after the last keystroke and whenever
 * the page goes away, so that closing the window or a crash loses nothing;
 * saving or discarding the changes deletes the draft.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-record-page"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kontor-contact-photo.h"
#include "kontor-drafts.h"
#include "kontor-duplicates.h"
#include "kontor-error.h"
#include "kontor-field-row.h"
#include "kontor-list-model.h"
#include "kontor-money.h"
#include "kontor-record-page-private.h"
#include "kontor-record-page.h"
#include "kontor-timeline-view.h"
#include "kontor-ui-format.h"

#define LINKED_PAGE_SIZE 20
#define DRAFT_DELAY_MS 500

struct _KontorRecordPage
{
  AdwBin            parent_instance;

  KontorRepository *repository;
  KontorEntity     *entity;
  GPtrArray        *rows;          /* KontorFieldRow */
  GPtrArray        *linked;        /* LinkedSection */
  gulong            notify_id;
  gboolean          applying;
  GHashTable       *loaded_texts;  /* field name → text the row showed when loaded */
  guint             draft_timeout_id;
  gboolean          has_draft;     /* a draft of this form is on disk */

  AdwWindowTitle   *window_title;
  GtkWidget        *save_button;
  GtkWidget        *delete_button;
  GtkWidget        *banner_revealer;
  GtkWidget        *banner_label;
  GtkWidget        *restored_revealer;
  GtkWidget        *form_box;
  GtkWidget        *extra_box;
  GtkWidget        *linked_box;
  GtkWidget        *timeline_bin;
  GtkWidget        *timeline_view;
  GtkWidget        *duplicates_dialog;  /* asking about possible duplicates of a new record */
};

G_DEFINE_FINAL_TYPE (KontorRecordPage, kontor_record_page, ADW_TYPE_BIN)

enum {
  OPEN_RECORD,
  SAVED,
  DELETED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

typedef struct
{
  const char *title;
  const char *fields[12];
  const char *context;     /* msgctxt of the title, NULL = none */
} Section;

typedef struct
{
  const char *kind;
  Section     sections[8];
} Layout;

/* Fields of a kind not named here go into a last "More" group, so a new
 * field in the core is never hidden from the form. */
static const Layout layouts[] = {
  { "contact", {
      /* Translators: a person's first, middle and last name, not a company's name */
      { NC_("person", "Name"), { "first_name", "middle_name", "last_name", "birthday" },
        "person" },
      { N_("Contact Information"), { "phone", "email", "messenger" } },
      { "", { "address" } },
      { N_("Work"), { "company", "position", "responsible", "lead" } },
      { N_("Notes"), { "comment" } },
  } },
  { "company", {
      { N_("Company"), { "name", "industry", "website", "responsible", "lead" } },
      { N_("Contact Information"), { "phone", "email", "messenger" } },
      { "", { "address" } },
      { N_("Requisites"), { "tax_id", "kpp", "bank_name", "bank_account", "bank_bic" } },
      { N_("Notes"), { "comment" } },
  } },
  { "deal", {
      { N_("Deal"), { "title", "pipeline", "stage", "status", "closed_at", "loss_reason" } },
      { N_("Amount"), { "amount", "currency", "amount_follows_products", "probability",
                        "expected_close" } },
      { N_("Client"), { "contact", "company" } },
      { N_("Work"), { "responsible", "lead" } },
      { N_("Notes"), { "comment" } },
  } },
  { "lead", {
      { N_("Lead"), { "title", "status", "source", "junk_reason", "amount", "currency",
                      "responsible" } },
      { N_("Person"), { "first_name", "middle_name", "last_name", "position", "company_name" } },
      { N_("Contact Information"), { "phone", "email", "messenger" } },
      { N_("Converted To"), { "contact", "company", "deal" } },
      { N_("Notes"), { "comment" } },
  } },
  { "activity", {
      { N_("Activity"), { "kind", "subject", "priority", "due_at", "time_zone", "duration",
                          "location", "reminder", "responsible" } },
      { N_("Result"), { "done", "done_at", "result" } },
      { N_("Linked To"), { "deal", "contact", "company", "lead" } },
      { N_("Description"), { "description" } },
  } },
  { "product", {
      { N_("Product"), { "name", "sku", "section", "unit", "active" } },
      { N_("Price"), { "price", "currency", "vat_rate", "vat_included" } },
      { N_("Description"), { "description" } },
  } },
  { "invoice", {
      { N_("Invoice"), { "number", "status", "issued_on", "due_on", "paid_on" } },
      { N_("Client"), { "deal", "company", "contact" } },
      { N_("Totals"), { "currency", "subtotal", "vat_total", "total" } },
      { N_("Notes"), { "comment" } },
  } },
};

/* Bookkeeping of the core that means nothing to a user */
static const char * const hidden_fields[] = { "board_rank", "remind_at", "reminded_at", NULL };

typedef struct
{
  const char *kind;
  const char *title;
  const char *linked_kind;
  const char *filter_field;
} LinkedSpec;

static const LinkedSpec linked_specs[] = {
  { "company", N_("Contacts"), "contact", "company" },
  { "company", N_("Deals"), "deal", "company" },
  { "company", N_("Invoices"), "invoice", "company" },
  { "contact", N_("Deals"), "deal", "contact" },
  { "contact", N_("Activities"), "activity", "contact" },
  { "contact", N_("Invoices"), "invoice", "contact" },
  { "deal", N_("Activities"), "activity", "deal" },
  { "deal", N_("Invoices"), "invoice", "deal" },
  { "lead", N_("Activities"), "activity", "lead" },
};

typedef struct
{
  const LinkedSpec  *spec;
  KontorListModel   *model;
  GtkSliceListModel *slice;
  GtkWidget         *list_box;
  GtkWidget         *more_button;
  gulong             items_changed_id;
} LinkedSection;

static const struct
{
  const char *kind;
  const char *new_title;
  const char *kind_label;
} kind_titles[] = {
  { "lead", N_("New Lead"), N_("Lead") },
  { "contact", N_("New Contact"), N_("Contact") },
  { "company", N_("New Company"), N_("Company") },
  { "deal", N_("New Deal"), N_("Deal") },
  { "activity", N_("New Activity"), N_("Activity") },
  { "product", N_("New Product"), N_("Product") },
  { "invoice", N_("New Invoice"), N_("Invoice") },
};

static void
linked_section_free (gpointer data)
{
  LinkedSection *section = data;

  g_clear_signal_handler (&section->items_changed_id, section->model);
  g_clear_object (&section->slice);
  g_clear_object (&section->model);
  g_free (section);
}

static KontorFieldRow *
find_row (KontorRecordPage *self,
          const char       *field)
{
  if (field == NULL)
    return NULL;

  for (guint i = 0; i < self->rows->len; i++)
    {
      KontorFieldRow *row = g_ptr_array_index (self->rows, i);

      if (g_str_equal (kontor_field_row_get_field (row)->name, field))
        return row;
    }

  return NULL;
}

static void
update_title (KontorRecordPage *self)
{
  const char *kind = kontor_entity_get_kind (self->entity);
  gboolean is_new = kontor_entity_get_id (self->entity) == 0;
  const char *subtitle = kind;

  for (guint i = 0; i < G_N_ELEMENTS (kind_titles); i++)
    if (g_str_equal (kind_titles[i].kind, kind))
      {
        subtitle = _(kind_titles[i].kind_label);
        if (is_new)
          adw_window_title_set_title (self->window_title, _(kind_titles[i].new_title));
      }

  if (!is_new)
    {
      g_autofree char *name = kontor_entity_dup_display_name (self->entity);

      adw_window_title_set_title (self->window_title, name);
    }
  else if (g_strcmp0 (adw_window_title_get_title (self->window_title), "") == 0)
    adw_window_title_set_title (self->window_title, _("New Record"));

  adw_window_title_set_subtitle (self->window_title, subtitle);
  gtk_widget_set_visible (self->delete_button, !is_new);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "record.delete", !is_new);
}

static void
show_banner (KontorRecordPage *self,
             const char       *message)
{
  gtk_label_set_text (GTK_LABEL (self->banner_label), message ? message : "");
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->banner_revealer), message != NULL);
}

static void
clear_errors (KontorRecordPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      KontorFieldRow *row = g_ptr_array_index (self->rows, i);

      if (kontor_field_row_has_error (row))
        kontor_field_row_set_error (row, NULL);
    }

  show_banner (self, NULL);
}

/* Shows @error next to its field when the form has that field, otherwise
 * in the banner at the top of the page. */
static void
show_error (KontorRecordPage *self,
            const GError     *error)
{
  KontorFieldRow *row = find_row (self, kontor_error_get_field (error));

  if (row != NULL)
    {
      kontor_field_row_set_error (row, error->message);
      kontor_field_row_focus (row);
    }
  else
    show_banner (self, error->message);
}

static void
copy_fields (KontorEntity *from,
             KontorEntity *to,
             gboolean      with_computed)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (from);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      GParamSpec *pspec = klass->field_pspecs[i];
      GValue value = G_VALUE_INIT;

      if (!with_computed && (klass->fields[i].flags & KONTOR_FIELD_COMPUTED))
        continue;

      g_value_init (&value, pspec->value_type);
      g_object_get_property (G_OBJECT (from), pspec->name, &value);
      g_object_set_property (G_OBJECT (to), pspec->name, &value);
      g_value_unset (&value);
    }
}

/* Remembers what @row shows for the stored record, to tell the user's
 * changes from it */
static void
remember_loaded (KontorRecordPage *self,
                 KontorFieldRow   *row)
{
  char *text = kontor_field_row_dup_text (row);

  if (text != NULL)
    g_hash_table_replace (self->loaded_texts,
                          (gpointer) kontor_field_row_get_field (row)->name, text);
}

static void
load_row (KontorRecordPage *self,
          KontorFieldRow   *row)
{
  kontor_field_row_load (row, self->entity);
  remember_loaded (self, row);
}

static void
load_rows (KontorRecordPage *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    kontor_field_row_load (g_ptr_array_index (self->rows, i), self->entity);

  /* Only once all are loaded: a deal's stages follow its pipeline */
  for (guint i = 0; i < self->rows->len; i++)
    remember_loaded (self, g_ptr_array_index (self->rows, i));
}

/* The texts of the rows the user changed, field name → text */
static GHashTable *
collect_changes (KontorRecordPage *self)
{
  GHashTable *changes = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);

  for (guint i = 0; i < self->rows->len; i++)
    {
      KontorFieldRow *row = g_ptr_array_index (self->rows, i);
      const char *name = kontor_field_row_get_field (row)->name;
      g_autofree char *text = NULL;

      if (!kontor_field_row_get_edited (row))
        continue;

      text = kontor_field_row_dup_text (row);
      if (text != NULL && g_strcmp0 (text, g_hash_table_lookup (self->loaded_texts, name)) != 0)
        g_hash_table_insert (changes, (gpointer) name, g_steal_pointer (&text));
    }

  return changes;
}

static void
discard_draft (KontorRecordPage *self,
               gint64            id)
{
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);

  /* A record's draft may be left from an earlier session; a new record's
   * may be another form's */
  if (id == 0 && !self->has_draft)
    return;

  if (!kontor_drafts_discard (kontor_repository_get_path (self->repository),
                              kontor_entity_get_kind (self->entity), id, &error))
    g_debug ("%s", error->message);
  self->has_draft = FALSE;
}

/* Small files: writing one on the main thread takes well under a millisecond */
static void
write_draft (KontorRecordPage *self)
{
  g_autoptr(GHashTable) changes = NULL;
  g_autoptr(GError) error = NULL;

  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);
  if (self->entity == NULL || self->rows == NULL)
    return;

  changes = collect_changes (self);
  if (g_hash_table_size (changes) == 0)
    {
      /* Typed back to what is stored */
      if (self->has_draft)
        discard_draft (self, kontor_entity_get_id (self->entity));
      return;
    }

  if (!kontor_drafts_save (kontor_repository_get_path (self->repository),
                           kontor_entity_get_kind (self->entity),
                           kontor_entity_get_id (self->entity), changes, &error))
    {
      g_debug ("Could not keep a draft: %s", error->message);
      return;
    }
  self->has_draft = TRUE;
}

static gboolean
draft_timeout_cb (gpointer user_data)
{
  KontorRecordPage *self = user_data;

  self->draft_timeout_id = 0;
  write_draft (self);
  return G_SOURCE_REMOVE;
}

/* Writes a draft that is still waiting for its timeout */
static void
flush_draft (KontorRecordPage *self)
{
  if (self->draft_timeout_id != 0)
    write_draft (self);
}

static char *
dup_linked_subtitle (KontorEntity *entity)
{
  const char *kind = kontor_entity_get_kind (entity);

  if (g_str_equal (kind, "deal") || g_str_equal (kind, "invoice"))
    {
      const char *field = g_str_equal (kind, "deal") ? "amount" : "total";
      const char *status = kontor_entity_get_text (entity, "status");
      const KontorField *status_field =
        kontor_entity_class_find_field (KONTOR_ENTITY_GET_CLASS (entity), "status");
      g_autofree char *money = kontor_money_format (kontor_entity_get_int (entity, field),
                                                    kontor_entity_get_text (entity, "currency"));

      /* Translators: an amount and a status, e.g. "1 500,00 ₽ · Open" */
      return g_strdup_printf (_("%s · %s"), money,
                              kontor_field_get_choice_label (kind, status_field, status));
    }

  if (g_str_equal (kind, "activity"))
    {
      gint64 due = kontor_entity_get_int (entity, "due_at");
      const KontorField *kind_field =
        kontor_entity_class_find_field (KONTOR_ENTITY_GET_CLASS (entity), "kind");
      const char *kind_label =
        kontor_field_get_choice_label (kind, kind_field, kontor_entity_get_text (entity, "kind"));
      g_autofree char *when = NULL;

      if (due == 0)
        return g_strdup (kind_label);

      when = kontor_ui_format_timestamp (due);
      return g_strdup_printf (_("%s · %s"), kind_label, when);
    }

  if (g_str_equal (kind, "contact"))
    return g_strdup (kontor_entity_get_text (entity, "position"));

  return NULL;
}

static GtkWidget *
create_linked_row (gpointer item,
                   gpointer user_data)
{
  KontorEntity *entity = item;
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = dup_linked_subtitle (entity);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  g_object_bind_property (entity, "display-name", row, "title", G_BINDING_SYNC_CREATE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "kontor-entity", g_object_ref (entity), g_object_unref);

  return row;
}

static void
update_more_button (LinkedSection *section)
{
  guint total = g_list_model_get_n_items (G_LIST_MODEL (section->model));
  guint shown = g_list_model_get_n_items (G_LIST_MODEL (section->slice));

  if (total > shown)
    {
      /* Translators: a button under a list showing the first records, e.g. "Show All (57)" */
      g_autofree char *label = g_strdup_printf (_("Show All (%u)"), total);

      gtk_button_set_label (GTK_BUTTON (section->more_button), label);
    }
  gtk_widget_set_visible (section->more_button, total > shown);
}

static void
on_linked_items_changed (GListModel    *model,
                         guint          position,
                         guint          removed,
                         guint          added,
                         LinkedSection *section)
{
  update_more_button (section);
}

static void
on_more_clicked (GtkButton     *button,
                 LinkedSection *section)
{
  /* Grow in pages: a company with thousands of deals stays responsive */
  gtk_slice_list_model_set_size (section->slice,
                                 gtk_slice_list_model_get_size (section->slice) + 200);
  update_more_button (section);
}

static void
on_linked_row_activated (GtkListBox       *list_box,
                         GtkListBoxRow    *row,
                         KontorRecordPage *self)
{
  KontorEntity *entity = g_object_get_data (G_OBJECT (row), "kontor-entity");

  if (entity != NULL)
    g_signal_emit (self, signals[OPEN_RECORD], 0, entity);
}

static void
build_linked (KontorRecordPage *self)
{
  const char *kind = kontor_entity_get_kind (self->entity);
  g_autofree char *id_text = g_strdup_printf ("%" PRId64,
                                              kontor_entity_get_id (self->entity));

  if (self->linked->len > 0 || kontor_entity_get_id (self->entity) == 0)
    return;

  for (guint i = 0; i < G_N_ELEMENTS (linked_specs); i++)
    {
      const LinkedSpec *spec = &linked_specs[i];
      LinkedSection *section;
      GtkWidget *group;
      GtkWidget *placeholder;
      GType type;

      if (!g_str_equal (spec->kind, kind))
        continue;

      type = kontor_entity_type_from_name (spec->linked_kind);
      if (type == G_TYPE_INVALID)
        continue;

      section = g_new0 (LinkedSection, 1);
      section->spec = spec;
      section->model = kontor_list_model_new (self->repository, type);
      kontor_list_model_add_filter (section->model, spec->filter_field, KONTOR_FILTER_EQ,
                                    id_text, NULL);
      kontor_list_model_set_sort (section->model, "updated_at", TRUE, NULL);
      section->slice = gtk_slice_list_model_new (g_object_ref (G_LIST_MODEL (section->model)),
                                                 0, LINKED_PAGE_SIZE);
      g_ptr_array_add (self->linked, section);

      group = adw_preferences_group_new ();
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(spec->title));

      section->more_button = gtk_button_new ();
      gtk_widget_add_css_class (section->more_button, "flat");
      gtk_widget_set_valign (section->more_button, GTK_ALIGN_CENTER);
      g_signal_connect (section->more_button, "clicked", G_CALLBACK (on_more_clicked), section);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group),
                                               section->more_button);

      section->list_box = gtk_list_box_new ();
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (section->list_box), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (section->list_box, "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (section->list_box),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _(spec->title), -1);
      placeholder = gtk_label_new (_("None yet"));
      gtk_widget_add_css_class (placeholder, "dim-label");
      gtk_widget_set_margin_top (placeholder, 12);
      gtk_widget_set_margin_bottom (placeholder, 12);
      gtk_list_box_set_placeholder (GTK_LIST_BOX (section->list_box), placeholder);
      gtk_list_box_bind_model (GTK_LIST_BOX (section->list_box), G_LIST_MODEL (section->slice),
                               create_linked_row, NULL, NULL);
      g_signal_connect (section->list_box, "row-activated",
                        G_CALLBACK (on_linked_row_activated), self);
      section->items_changed_id = g_signal_connect (section->model, "items-changed",
                                                    G_CALLBACK (on_linked_items_changed),
                                                    section);
      update_more_button (section);

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), section->list_box);
      gtk_box_append (GTK_BOX (self->linked_box), group);
    }

  self->timeline_view = kontor_timeline_view_new (self->repository, self->entity);
  adw_bin_set_child (ADW_BIN (self->timeline_bin), self->timeline_view);
}

/* Callbacks */

static void
on_field_open_record (KontorFieldRow   *row,
                      KontorEntity     *entity,
                      KontorRecordPage *self)
{
  g_signal_emit (self, signals[OPEN_RECORD], 0, entity);
}

static void
on_row_changed (KontorFieldRow   *row,
                KontorRecordPage *self)
{
  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);
  self->draft_timeout_id = g_timeout_add (DRAFT_DELAY_MS, draft_timeout_cb, self);
}

static void
on_pipeline_changed (KontorFieldRow   *row,
                     KontorRecordPage *self)
{
  KontorFieldRow *stage_row = find_row (self, "stage");

  if (stage_row != NULL)
    kontor_field_row_set_pipeline (stage_row, kontor_field_row_get_ref_id (row));
}

static void
on_entity_notify (KontorEntity     *entity,
                  GParamSpec       *pspec,
                  KontorRecordPage *self)
{
  g_autofree char *field = NULL;
  KontorFieldRow *row;

  if (self->applying)
    return;

  if (g_str_equal (pspec->name, "display-name") || g_str_equal (pspec->name, "id"))
    {
      update_title (self);
      return;
    }

  field = g_strdelimit (g_strdup (pspec->name), "-", '_');
  row = find_row (self, field);

  /* Someone else changed the record: show it, but never over the user's typing */
  if (row != NULL && !kontor_field_row_get_edited (row))
    load_row (self, row);

  /* Money is shown in the record's currency */
  if (g_str_equal (field, "currency"))
    for (guint i = 0; i < self->rows->len; i++)
      {
        KontorFieldRow *other = g_ptr_array_index (self->rows, i);

        if (kontor_field_row_get_field (other)->type == KONTOR_FIELD_MONEY &&
            !kontor_field_row_get_edited (other))
          load_row (self, other);
      }
}

/* The form parsed into a scratch copy of the record, validated */
static KontorEntity *
parse_form (KontorRecordPage  *self,
            GError           **error)
{
  g_autoptr(KontorEntity) scratch = g_object_new (G_OBJECT_TYPE (self->entity), NULL);

  copy_fields (self->entity, scratch, TRUE);

  /* The currency first: amounts are parsed in its minor units */
  for (guint pass = 0; pass < 2; pass++)
    for (guint i = 0; i < self->rows->len; i++)
      {
        KontorFieldRow *row = g_ptr_array_index (self->rows, i);
        gboolean is_currency = (kontor_field_row_get_field (row)->flags & KONTOR_FIELD_CURRENCY) != 0;

        if (is_currency != (pass == 0))
          continue;

        if (!kontor_field_row_apply (row, scratch, error))
          return NULL;
      }

  if (!kontor_entity_validate (scratch, error))
    return NULL;

  return g_steal_pointer (&scratch);
}

static void
close_duplicates_dialog (KontorRecordPage *self)
{
  GtkWidget *dialog = self->duplicates_dialog;

  if (dialog == NULL)
    return;

  g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->duplicates_dialog);
  self->duplicates_dialog = NULL;
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
on_duplicates_response (AdwMessageDialog *dialog,
                        const char       *response,
                        KontorRecordPage *self)
{
  GPtrArray *candidates = g_object_get_data (G_OBJECT (dialog), "candidates");

  if (self->duplicates_dialog == GTK_WIDGET (dialog))
    {
      g_object_remove_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->duplicates_dialog);
      self->duplicates_dialog = NULL;
    }

  if (g_str_equal (response, "open") && candidates != NULL && candidates->len > 0)
    {
      KontorDuplicateCandidate *first = g_ptr_array_index (candidates, 0);

      g_signal_emit (self, signals[OPEN_RECORD], 0, first->entity);
    }
  else if (g_str_equal (response, "save"))
    {
      /* Errors are shown in the page */
      kontor_record_page_save (self, NULL);
    }
}

/* Asks whether the new record is one of @candidates; takes @candidates */
static void
ask_about_duplicates (KontorRecordPage *self,
                      GPtrArray        *candidates)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autoptr(GString) body = g_string_new (NULL);
  const guint max_shown = 5;
  GtkWidget *dialog;

  for (guint i = 0; i < candidates->len && i < max_shown; i++)
    {
      KontorDuplicateCandidate *candidate = g_ptr_array_index (candidates, i);
      g_autofree char *name = kontor_entity_dup_display_name (candidate->entity);
      g_autofree char *reason = kontor_duplicate_reason_to_string (candidate->reasons);

      if (body->len > 0)
        g_string_append_c (body, '\n');
      /* Translators: a record that may be the same as the new one: "Anna Petrova — same phone" */
      g_string_append_printf (body, _("%s — %s"), name, reason);
    }
  if (candidates->len > max_shown)
    {
      guint more = candidates->len - max_shown;

      g_string_append_c (body, '\n');
      g_string_append_printf (body, g_dngettext (GETTEXT_PACKAGE, "and %u more", "and %u more",
                                                 more),
                              more);
    }

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Possible Duplicates"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  g_dngettext (GETTEXT_PACKAGE,
                                               "A record like this one already exists:\n%s",
                                               "Records like this one already exist:\n%s",
                                               candidates->len),
                                  body->str);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "save", _("_Save Anyway"),
                                    "open", _("_Open Existing"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "open",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "open");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "candidates", candidates,
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_duplicates_response), self, 0);

  close_duplicates_dialog (self);
  self->duplicates_dialog = dialog;
  g_object_add_weak_pointer (G_OBJECT (dialog), (gpointer *) &self->duplicates_dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
save_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  KontorRecordPage *self = KONTOR_RECORD_PAGE (widget);

  /* A new person or company may already be in the database: ask before adding it again.
   * Edits of existing records are never held up. */
  if (kontor_entity_get_id (self->entity) == 0 &&
      (KONTOR_IS_LEAD (self->entity) || KONTOR_IS_CONTACT (self->entity) ||
       KONTOR_IS_COMPANY (self->entity)))
    {
      g_autoptr(KontorEntity) scratch = NULL;
      g_autoptr(GPtrArray) candidates = NULL;
      g_autoptr(GError) error = NULL;

      clear_errors (self);
      scratch = parse_form (self, &error);
      if (scratch == NULL)
        {
          show_error (self, error);
          return;
        }

      candidates = kontor_duplicates_find_for (self->repository, scratch, &error);
      if (candidates == NULL)
        g_debug ("Could not look for duplicates: %s", error->message);
      else if (candidates->len > 0)
        {
          ask_about_duplicates (self, g_steal_pointer (&candidates));
          return;
        }
    }

  /* Errors are shown in the page */
  kontor_record_page_save (self, NULL);
}

static void
delete_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KontorRecordPage *self = KONTOR_RECORD_PAGE (widget);
  g_autoptr(GError) error = NULL;

  if (kontor_entity_get_id (self->entity) == 0)
    return;

  if (!kontor_repository_delete (self->repository, self->entity, &error))
    {
      show_banner (self, error->message);
      return;
    }

  discard_draft (self, kontor_entity_get_id (self->entity));

  g_signal_emit (self, signals[DELETED], 0, self->entity);
}

static void
discard_changes_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KontorRecordPage *self = KONTOR_RECORD_PAGE (widget);

  discard_draft (self, kontor_entity_get_id (self->entity));
  clear_errors (self);
  load_rows (self);
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->restored_revealer), FALSE);
}

/* Construction */

static KontorFieldRow *
add_field_row (KontorRecordPage  *self,
               GtkWidget         *group,
               const KontorField *field)
{
  KontorFieldRow *row = kontor_field_row_new_for_kind (self->repository,
                                                       kontor_entity_get_kind (self->entity),
                                                       field);

  g_ptr_array_add (self->rows, row);
  g_signal_connect (row, "open-record", G_CALLBACK (on_field_open_record), self);
  g_signal_connect (row, "changed", G_CALLBACK (on_row_changed), self);
  if (g_str_equal (field->name, "pipeline") && field->type == KONTOR_FIELD_REF)
    g_signal_connect (row, "changed", G_CALLBACK (on_pipeline_changed), self);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), kontor_field_row_get_widget (row));
  return row;
}

static void
build_form (KontorRecordPage *self)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (self->entity);
  g_autofree gboolean *used = g_new0 (gboolean, klass->n_fields);
  const Layout *layout = NULL;
  GtkWidget *more = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (layouts); i++)
    if (g_str_equal (layouts[i].kind, klass->kind))
      layout = &layouts[i];

  for (guint s = 0; layout != NULL && s < G_N_ELEMENTS (layout->sections); s++)
    {
      const Section *section = &layout->sections[s];
      GtkWidget *group;
      GtkWidget *lists = NULL;

      if (section->title == NULL)
        break;

      group = adw_preferences_group_new ();
      if (*section->title != '\0')
        adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group),
                                         section->context != NULL ?
                                         g_dpgettext2 (GETTEXT_PACKAGE, section->context,
                                                       section->title) :
                                         _(section->title));
      gtk_box_append (GTK_BOX (self->form_box), group);

      for (guint f = 0; f < G_N_ELEMENTS (section->fields) && section->fields[f]; f++)
        {
          const KontorField *field = kontor_entity_class_find_field (klass, section->fields[f]);

          if (field == NULL)
            continue;

          used[field - klass->fields] = TRUE;

          /* Lists are boxed lists of their own, stacked in the group */
          if (field->type == KONTOR_FIELD_LIST)
            {
              if (lists == NULL)
                {
                  lists = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
                  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), lists);
                }
              {
                KontorFieldRow *row = kontor_field_row_new_for_kind (self->repository, klass->kind, field);

                g_ptr_array_add (self->rows, row);
                g_signal_connect (row, "changed", G_CALLBACK (on_row_changed), self);
                gtk_box_append (GTK_BOX (lists), kontor_field_row_get_widget (row));
              }
              continue;
            }

          add_field_row (self, group, field);
        }
    }

  for (guint i = 0; i < klass->n_fields; i++)
    {
      if (used[i] || g_strv_contains (hidden_fields, klass->fields[i].name))
        continue;

      if (more == NULL)
        {
          more = adw_preferences_group_new ();
          adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (more), _("More"));
          gtk_box_append (GTK_BOX (self->form_box), more);
        }
      add_field_row (self, more, &klass->fields[i]);
    }
}

/* Overrides */

static void
kontor_record_page_unmap (GtkWidget *widget)
{
  /* Going back, another page on top, or the window closing */
  flush_draft (KONTOR_RECORD_PAGE (widget));

  GTK_WIDGET_CLASS (kontor_record_page_parent_class)->unmap (widget);
}

static void
kontor_record_page_dispose (GObject *object)
{
  KontorRecordPage *self = KONTOR_RECORD_PAGE (object);

  flush_draft (self);
  g_clear_handle_id (&self->draft_timeout_id, g_source_remove);
  g_clear_signal_handler (&self->notify_id, self->entity);
  g_clear_pointer (&self->linked, g_ptr_array_unref);
  close_duplicates_dialog (self);

  gtk_widget_dispose_template (GTK_WIDGET (self), KONTOR_TYPE_RECORD_PAGE);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->loaded_texts, g_hash_table_unref);
  g_clear_object (&self->entity);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_record_page_parent_class)->dispose (object);
}

static void
kontor_record_page_class_init (KontorRecordPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kontor_record_page_dispose;
  widget_class->unmap = kontor_record_page_unmap;

  /**
   * KontorRecordPage::open-record:
   * @entity: the linked record the user wants to see
   */
  signals[OPEN_RECORD] =
    g_signal_new ("open-record",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KONTOR_TYPE_ENTITY);

  /**
   * KontorRecordPage::saved:
   * @entity: the record, now written to the database
   */
  signals[SAVED] =
    g_signal_new ("saved",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KONTOR_TYPE_ENTITY);

  /**
   * KontorRecordPage::deleted:
   * @entity: the record, now soft-deleted (kontor_repository_undelete() undoes it)
   */
  signals[DELETED] =
    g_signal_new ("deleted",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KONTOR_TYPE_ENTITY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kontor-record-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KontorRecordPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, KontorRecordPage, save_button);
  gtk_widget_class_bind_template_child (widget_class, KontorRecordPage, delete_button);
  gtk_widget_class_bind_template_child (widget_class, KontorRecordPage, banner_revealer);
  gtk_widget_class_bind_template_child (widget_class, KontorRecordPage, banner_label);
  gtk_widget_class_bind_template_child (widget_class, KontorRecordPage, restored_revealer);
  gtk_widget_class_bind_template_child (widget_class, KontorRecordPage, form_box);
  gtk_widget_class_bind_template_child (widget_class, KontorRecordPage, extra_box);
  gtk_widget_class_bind_template_child (widget_class, KontorRecordPage, linked_box);
  gtk_widget_class_bind_template_child (widget_class, KontorRecordPage, timeline_bin);

  gtk_widget_class_install_action (widget_class, "record.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "record.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "record.discard-changes", NULL,
                                   discard_changes_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "record.save", NULL);
}

static void
kontor_record_page_init (KontorRecordPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new_with_free_func (g_object_unref);
  self->loaded_texts = g_hash_table_new_full (g_str_hash, g_str_equal, NULL, g_free);
  self->linked = g_ptr_array_new_with_free_func (linked_section_free);
}

/* Public API */

/**
 * kontor_record_page_focus_first_field:
 * @self: a #KontorRecordPage
 *
 * Puts the keyboard focus on the first field, so that a record opened
 * from a list with Enter never has it on a header button: Space there
 * could delete the record.
 */
void
kontor_record_page_focus_first_field (KontorRecordPage *self)
{
  g_return_if_fail (KONTOR_IS_RECORD_PAGE (self));

  for (guint i = 0; i < self->rows->len; i++)
    {
      GtkWidget *widget = kontor_field_row_get_widget (g_ptr_array_index (self->rows, i));

      if (gtk_widget_get_visible (widget) && gtk_widget_grab_focus (widget))
        return;
    }
}

/**
 * kontor_record_page_new:
 * @repository: the open database
 * @entity: the record to show; a record with id 0 is a new one, created on save
 *
 * Returns: (transfer floating): a new #KontorRecordPage
 */
GtkWidget *
kontor_record_page_new (KontorRepository *repository,
                        KontorEntity     *entity)
{
  KontorRecordPage *self;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (KONTOR_IS_ENTITY (entity), NULL);

  self = g_object_new (KONTOR_TYPE_RECORD_PAGE, NULL);
  self->repository = g_object_ref (repository);
  self->entity = g_object_ref (entity);

  if (g_str_equal (kontor_entity_get_kind (entity), "contact"))
    gtk_box_append (GTK_BOX (self->form_box), kontor_contact_photo_new (repository, entity));
  build_form (self);
  load_rows (self);
  update_title (self);
  build_linked (self);

  self->notify_id = g_signal_connect (entity, "notify", G_CALLBACK (on_entity_notify), self);

  return GTK_WIDGET (self);
}

/**
 * kontor_record_page_get_entity:
 *
 * Returns: (transfer none): the record shown
 */
KontorEntity *
kontor_record_page_get_entity (KontorRecordPage *self)
{
  g_return_val_if_fail (KONTOR_IS_RECORD_PAGE (self), NULL);

  return self->entity;
}

/**
 * kontor_record_page_add_section:
 * @title: (nullable): the title of the group
 * @widget: rows or any widget, e.g. a deal's products or an invoice's lines
 *
 * Adds a group under the form, above the linked records.
 */
void
kontor_record_page_add_section (KontorRecordPage *self,
                                const char       *title,
                                GtkWidget        *widget)
{
  GtkWidget *group;

  g_return_if_fail (KONTOR_IS_RECORD_PAGE (self));
  g_return_if_fail (GTK_IS_WIDGET (widget));

  group = adw_preferences_group_new ();
  if (title != NULL)
    adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), widget);
  gtk_box_append (GTK_BOX (self->extra_box), group);
  gtk_widget_set_visible (self->extra_box, TRUE);
}

/**
 * kontor_record_page_save:
 *
 * Validates the form and writes the record. On failure the error is also
 * shown in the page (next to its field where there is one) and the form
 * keeps what the user typed.
 *
 * Returns: %TRUE if the record was saved
 */
gboolean
kontor_record_page_save (KontorRecordPage  *self,
                         GError           **error)
{
  g_autoptr(KontorEntity) scratch = NULL;
  g_autoptr(KontorEntity) backup = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean was_new;

  g_return_val_if_fail (KONTOR_IS_RECORD_PAGE (self), FALSE);

  clear_errors (self);
  was_new = kontor_entity_get_id (self->entity) == 0;

  scratch = parse_form (self, &local_error);
  if (scratch == NULL)
    goto failed;

  backup = g_object_new (G_OBJECT_TYPE (self->entity), NULL);
  copy_fields (self->entity, backup, TRUE);

  self->applying = TRUE;
  copy_fields (scratch, self->entity, FALSE);
  self->applying = FALSE;

  if (!kontor_repository_save (self->repository, self->entity, &local_error))
    {
      /* Put the shared object back as it is in the database; the form keeps the typing */
      self->applying = TRUE;
      if (kontor_entity_get_id (self->entity) != 0)
        kontor_repository_reload (self->repository, self->entity, NULL);
      else
        copy_fields (backup, self->entity, TRUE);
      self->applying = FALSE;
      goto failed;
    }

  /* The draft of a new record was kept under id 0 */
  discard_draft (self, was_new ? 0 : kontor_entity_get_id (self->entity));
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->restored_revealer), FALSE);

  load_rows (self);
  update_title (self);
  if (was_new)
    build_linked (self);

  g_signal_emit (self, signals[SAVED], 0, self->entity);
  return TRUE;

failed:
  show_error (self, local_error);
  g_propagate_error (error, g_steal_pointer (&local_error));
  return FALSE;
}

/**
 * kontor_record_page_restore_draft:
 * @draft: what was typed into this record's form and not saved
 *
 * Fills the form with @draft as if the user had typed it again: the fields
 * count as changed and nothing is saved until the user saves. A banner says
 * so and offers to discard the changes. The draft stays on disk until then.
 */
void
kontor_record_page_restore_draft (KontorRecordPage  *self,
                                  const KontorDraft *draft)
{
  g_return_if_fail (KONTOR_IS_RECORD_PAGE (self));
  g_return_if_fail (draft != NULL);

  /* In the form's order: a deal's pipeline before its stage */
  for (guint i = 0; i < self->rows->len; i++)
    {
      KontorFieldRow *row = g_ptr_array_index (self->rows, i);
      const char *name = kontor_field_row_get_field (row)->name;
      const char *text = g_hash_table_lookup (draft->fields, name);

      if (text != NULL)
        kontor_field_row_set_text (row, text);
    }

  self->has_draft = TRUE;
  gtk_revealer_set_reveal_child (GTK_REVEALER (self->restored_revealer), TRUE);
}

/**
 * kontor_record_page_get_changed:
 *
 * Returns: whether the form differs from the stored record
 */
gboolean
kontor_record_page_get_changed (KontorRecordPage *self)
{
  g_autoptr(GHashTable) changes = NULL;

  g_return_val_if_fail (KONTOR_IS_RECORD_PAGE (self), FALSE);

  changes = collect_changes (self);
  return g_hash_table_size (changes) > 0;
}

/* Private API for the tests */

KontorFieldRow *
_kontor_record_page_get_field_row (KontorRecordPage *self,
                                   const char       *field)
{
  g_return_val_if_fail (KONTOR_IS_RECORD_PAGE (self), NULL);

  return find_row (self, field);
}

KontorTimelineView *
_kontor_record_page_get_timeline (KontorRecordPage *self)
{
  g_return_val_if_fail (KONTOR_IS_RECORD_PAGE (self), NULL);

  return self->timeline_view ? KONTOR_TIMELINE_VIEW (self->timeline_view) : NULL;
}

GtkListBox *
_kontor_record_page_get_linked_list (KontorRecordPage *self,
                                     const char       *kind)
{
  g_return_val_if_fail (KONTOR_IS_RECORD_PAGE (self), NULL);

  for (guint i = 0; i < self->linked->len; i++)
    {
      LinkedSection *section = g_ptr_array_index (self->linked, i);

      if (g_str_equal (section->spec->linked_kind, kind))
        return GTK_LIST_BOX (section->list_box);
    }

  return NULL;
}

/* The question about possible duplicates of a new record, while it is asked */
AdwMessageDialog *
_kontor_record_page_get_duplicates_dialog (KontorRecordPage *self)
{
  g_return_val_if_fail (KONTOR_IS_RECORD_PAGE (self), NULL);

  return self->duplicates_dialog ? ADW_MESSAGE_DIALOG (self->duplicates_dialog) : NULL;
}

gboolean
_kontor_record_page_get_restored_shown (KontorRecordPage *self)
{
  g_return_val_if_fail (KONTOR_IS_RECORD_PAGE (self), FALSE);

  return gtk_revealer_get_reveal_child (GTK_REVEALER (self->restored_revealer));
}

const char *
_kontor_record_page_get_banner_text (KontorRecordPage *self)
{
  g_return_val_if_fail (KONTOR_IS_RECORD_PAGE (self), NULL);

  if (!gtk_revealer_get_reveal_child (GTK_REVEALER (self->banner_revealer)))
    return NULL;

  return gtk_label_get_text (GTK_LABEL (self->banner_label));
}
