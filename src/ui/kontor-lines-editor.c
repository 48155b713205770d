/* kontor-lines-editor.c: the priced lines of an invoice or a deal
 *
 * One row per line: name, quantity, unit, price, discount (an amount or
 * "10 %"), VAT rate and whether the price includes it, the line total and
 * a delete button; then a product picker that offers the active catalog
 * (archived products are hidden) and the totals. Every edit is saved at
 * once through the repository; the list follows the repository by itself,
 * and a refused value stays in its entry, marked, with the reason below.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-lines-editor"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "kontor-core.h"
#include "kontor-lines-editor.h"

struct _KontorLinesEditor
{
  GtkBox            parent_instance;

  KontorRepository *repository;
  KontorEntity     *owner;
  GListModel       *lines;
  GListModel       *products;

  GtkWidget        *list;
  GtkWidget        *product_dropdown;
  GtkWidget        *error_label;
  GtkWidget        *net_label;
  GtkWidget        *vat_label;
  GtkWidget        *total_label;
  gulong            changed_id;
};

G_DEFINE_FINAL_TYPE (KontorLinesEditor, kontor_lines_editor, GTK_TYPE_BOX)

enum {
  PROP_0,
  PROP_REPOSITORY,
  PROP_OWNER,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Basis points offered by the VAT drop-down; -1 = no VAT */
static const gint64 vat_rates[] = { -1, 0, 1000, 2000 };

static const char *
owner_currency (KontorLinesEditor *self)
{
  const char *currency = kontor_entity_get_text (self->owner, "currency");

  return currency ? currency : kontor_repository_get_default_currency (self->repository);
}

static char *
format_money (KontorLinesEditor *self,
              gint64             minor)
{
  return kontor_money_format (minor, owner_currency (self));
}

static void
update_totals (KontorLinesEditor *self)
{
  g_autoptr(GError) error = NULL;
  KontorLineTotals totals = { 0, };
  g_autofree char *net = NULL;
  g_autofree char *vat = NULL;
  g_autofree char *total = NULL;

  if (!kontor_pricing_sum_lines (self->repository, self->owner, &totals, &error))
    {
      kontor_lines_editor_show_error (self, error->message);
      return;
    }

  net = format_money (self, totals.net);
  vat = format_money (self, totals.vat);
  total = format_money (self, totals.total);
  gtk_label_set_text (GTK_LABEL (self->net_label), net);
  gtk_label_set_text (GTK_LABEL (self->vat_label), vat);
  gtk_label_set_text (GTK_LABEL (self->total_label), total);
}

/* Saves @line; on failure reloads it so that the row shows what is stored,
 * and says why. */
static gboolean
save_line (KontorLinesEditor *self,
           KontorEntity      *line)
{
  g_autoptr(GError) error = NULL;

  if (kontor_repository_save (self->repository, line, &error))
    {
      kontor_lines_editor_show_error (self, NULL);
      return TRUE;
    }

  kontor_lines_editor_show_error (self, error->message);
  kontor_repository_reload (self->repository, line, NULL);
  return FALSE;
}

static void
mark_entry (GtkWidget *entry,
            gboolean   bad)
{
  if (bad)
    gtk_widget_add_css_class (entry, "error");
  else
    gtk_widget_remove_css_class (entry, "error");
}

static KontorEntity *
row_line (GtkWidget *widget)
{
  GtkWidget *row = gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW);

  return row ? g_object_get_data (G_OBJECT (row), "line") : NULL;
}

static KontorLinesEditor *
row_editor (GtkWidget *widget)
{
  return KONTOR_LINES_EDITOR (gtk_widget_get_ancestor (widget, KONTOR_TYPE_LINES_EDITOR));
}

/* An entry was edited: the "field" data says which field */
static void
on_entry_activate (GtkEntry *entry,
                   gpointer  user_data)
{
  KontorLinesEditor *self = row_editor (GTK_WIDGET (entry));
  KontorEntity *line = row_line (GTK_WIDGET (entry));
  const char *field = g_object_get_data (G_OBJECT (entry), "field");
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok = TRUE;

  if (self == NULL || line == NULL)
    return;

  text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (g_str_equal (field, "discount"))
    {
      /* "10 %" is a percent of the line, anything else an amount */
      if (g_str_has_suffix (text, "%"))
        {
          g_autofree char *number = g_strndup (text, strlen (text) - 1);
          gint64 basis_points;

          g_strdelimit (g_strstrip (number), ",", '.');
          ok = kontor_money_parse (number, "USD", &basis_points, &error) &&
               basis_points <= 10000;
          if (ok)
            {
              kontor_entity_set_int (line, "discount", 0);
              kontor_entity_set_int (line, "discount_percent", basis_points);
            }
          else if (error == NULL)
            g_set_error (&error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                         _("Discount must be between 0 %% and 100 %%"));
        }
      else
        {
          gint64 amount = 0;

          ok = *text == '\0' || kontor_money_parse (text, owner_currency (self), &amount, &error);
          if (ok)
            {
              kontor_entity_set_int (line, "discount", amount);
              kontor_entity_set_int (line, "discount_percent", -1);
            }
        }
    }
  else if (g_str_equal (field, "price"))
    {
      gint64 amount = 0;

      ok = kontor_money_parse (text, owner_currency (self), &amount, &error);
      if (ok)
        kontor_entity_set_int (line, "price", amount);
    }
  else
    ok = kontor_entity_set_from_string (line, field, text, &error);

  if (!ok)
    {
      mark_entry (GTK_WIDGET (entry), TRUE);
      kontor_lines_editor_show_error (self, error ? error->message : NULL);
      return;
    }

  mark_entry (GTK_WIDGET (entry), !save_line (self, line));
}

static gboolean
on_entry_focus_leave (GtkEventControllerFocus *controller,
                      gpointer                 user_data)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));
  const char *before = g_object_get_data (G_OBJECT (entry), "text");

  /* Leaving an entry saves it, as Enter does, when it was changed */
  if (g_strcmp0 (before, gtk_editable_get_text (GTK_EDITABLE (entry))) != 0)
    on_entry_activate (GTK_ENTRY (entry), NULL);
  return FALSE;
}

static void
on_vat_selected (GtkDropDown *dropdown,
                 GParamSpec  *pspec,
                 gpointer     user_data)
{
  KontorLinesEditor *self = row_editor (GTK_WIDGET (dropdown));
  KontorEntity *line = row_line (GTK_WIDGET (dropdown));
  guint selected = gtk_drop_down_get_selected (dropdown);

  if (self == NULL || line == NULL || selected >= G_N_ELEMENTS (vat_rates) ||
      kontor_entity_get_int (line, "vat_rate") == vat_rates[selected])
    return;

  kontor_entity_set_int (line, "vat_rate", vat_rates[selected]);
  save_line (self, line);
}

static void
on_included_toggled (GtkCheckButton *check,
                     gpointer        user_data)
{
  KontorLinesEditor *self = row_editor (GTK_WIDGET (check));
  KontorEntity *line = row_line (GTK_WIDGET (check));
  gboolean active = gtk_check_button_get_active (check);

  if (self == NULL || line == NULL || kontor_entity_get_bool (line, "vat_included") == active)
    return;

  kontor_entity_set_bool (line, "vat_included", active);
  save_line (self, line);
}

static void
on_delete_clicked (GtkButton *button,
                   gpointer   user_data)
{
  KontorLinesEditor *self = row_editor (GTK_WIDGET (button));
  KontorEntity *line = row_line (GTK_WIDGET (button));
  g_autoptr(GError) error = NULL;

  if (self == NULL || line == NULL)
    return;

  if (!kontor_repository_delete (self->repository, line, &error))
    kontor_lines_editor_show_error (self, error->message);
}

static GtkWidget *
add_entry (GtkWidget  *box,
           const char *field,
           const char *text,
           const char *accessible_name,
           int         width_chars,
           gboolean    numeric)
{
  GtkWidget *entry = gtk_entry_new ();
  GtkEventController *focus = gtk_event_controller_focus_new ();

  gtk_editable_set_text (GTK_EDITABLE (entry), text ? text : "");
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), width_chars);
  if (numeric)
    {
      gtk_editable_set_alignment (GTK_EDITABLE (entry), 1.0);
      gtk_entry_set_input_purpose (GTK_ENTRY (entry), GTK_INPUT_PURPOSE_NUMBER);
    }
  else if (g_str_equal (field, "name"))
    gtk_widget_set_hexpand (entry, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (entry), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible_name, -1);
  gtk_widget_set_tooltip_text (entry, accessible_name);
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), accessible_name);
  g_object_set_data_full (G_OBJECT (entry), "text", g_strdup (text ? text : ""), g_free);
  g_object_set_data (G_OBJECT (entry), "field", (gpointer) field);
  g_signal_connect (entry, "activate", G_CALLBACK (on_entry_activate), NULL);
  g_signal_connect (focus, "leave", G_CALLBACK (on_entry_focus_leave), NULL);
  gtk_widget_add_controller (entry, focus);
  gtk_box_append (GTK_BOX (box), entry);
  return entry;
}

static char *
discount_text (KontorLinesEditor *self,
               KontorEntity      *line)
{
  gint64 percent = kontor_entity_get_int (line, "discount_percent");
  gint64 amount = kontor_entity_get_int (line, "discount");

  if (percent > 0)
    {
      g_autofree char *number = kontor_money_to_plain (percent, "USD");

      return g_strdup_printf ("%s%%", number);
    }
  if (amount > 0)
    return kontor_money_to_plain (amount, owner_currency (self));
  return g_strdup ("");
}

static void
on_line_total_changed (KontorEntity *line,
                       GParamSpec   *pspec,
                       GtkLabel     *label)
{
  KontorLinesEditor *self = row_editor (GTK_WIDGET (label));
  g_autofree char *text = NULL;

  if (self == NULL)
    return;

  text = format_money (self, kontor_entity_get_int (line, "total"));
  gtk_label_set_text (label, text);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  KontorLinesEditor *self = user_data;
  KontorEntity *line = item;
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *vat, *check, *total, *remove;
  g_autoptr(GtkStringList) rates = gtk_string_list_new (NULL);
  g_autofree char *quantity = kontor_quantity_to_plain (kontor_entity_get_int (line, "quantity"));
  g_autofree char *price = kontor_money_to_plain (kontor_entity_get_int (line, "price"),
                                                  owner_currency (self));
  g_autofree char *discount = discount_text (self, line);
  g_autofree char *total_text = format_money (self, kontor_entity_get_int (line, "total"));
  gint64 rate = kontor_entity_get_int (line, "vat_rate");
  guint selected = 0;

  g_object_set_data_full (G_OBJECT (row), "line", g_object_ref (line), g_object_unref);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  add_entry (box, "name", kontor_entity_get_text (line, "name"), _("Name"), 16, FALSE);
  add_entry (box, "quantity", quantity, _("Quantity"), 5, TRUE);
  add_entry (box, "unit", kontor_entity_get_text (line, "unit"), _("Unit"), 4, FALSE);
  add_entry (box, "price", price, _("Price"), 8, TRUE);
  gtk_widget_set_tooltip_text (add_entry (box, "discount", discount, _("Discount"), 6, TRUE),
                               _("Discount: an amount, or a percent such as 10%"));

  gtk_string_list_append (rates, _("No VAT"));
  for (guint i = 1; i < G_N_ELEMENTS (vat_rates); i++)
    {
      g_autofree char *text = g_strdup_printf ("%" PRId64 " %%", vat_rates[i] / 100);

      gtk_string_list_append (rates, text);
      if (vat_rates[i] == rate)
        selected = i;
    }
  if (rate > 0 && selected == 0)
    {
      /* A custom rate from the catalog stays selectable as it is */
      g_autofree char *number = kontor_money_to_plain (rate, "USD");
      g_autofree char *text = g_strdup_printf ("%s %%", number);

      gtk_string_list_append (rates, text);
      selected = G_N_ELEMENTS (vat_rates);
    }
  vat = gtk_drop_down_new (G_LIST_MODEL (g_object_ref (rates)), NULL);
  gtk_drop_down_set_selected (GTK_DROP_DOWN (vat), selected);
  gtk_accessible_update_property (GTK_ACCESSIBLE (vat), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("VAT rate"), -1);
  g_signal_connect (vat, "notify::selected", G_CALLBACK (on_vat_selected), NULL);
  gtk_box_append (GTK_BOX (box), vat);

  check = gtk_check_button_new_with_label (_("incl."));
  gtk_widget_set_tooltip_text (check, _("VAT included in price"));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                               kontor_entity_get_bool (line, "vat_included"));
  g_signal_connect (check, "toggled", G_CALLBACK (on_included_toggled), NULL);
  gtk_box_append (GTK_BOX (box), check);

  total = gtk_label_new (total_text);
  gtk_label_set_xalign (GTK_LABEL (total), 1.0);
  gtk_label_set_width_chars (GTK_LABEL (total), 12);
  gtk_widget_add_css_class (total, "numeric");
  g_signal_connect_object (line, "notify::total", G_CALLBACK (on_line_total_changed), total, 0);
  gtk_box_append (GTK_BOX (box), total);

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove the line"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove the line"), -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (on_delete_clicked), NULL);
  gtk_box_append (GTK_BOX (box), remove);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
on_lines_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  gpointer    user_data)
{
  update_totals (KONTOR_LINES_EDITOR (user_data));
}

/* A saved line changes the totals without changing the list */
static void
on_repository_changed (KontorRepository *repository,
                       const char       *kind,
                       gint64            id,
                       KontorChange      change,
                       gpointer          user_data)
{
  KontorLinesEditor *self = user_data;
  const char *line_kind = KONTOR_IS_DEAL (self->owner) ? "deal_product" : "invoice_line";

  if (g_strcmp0 (kind, line_kind) != 0 || change != KONTOR_CHANGE_UPDATED)
    return;

  update_totals (self);
}

static void
on_add_product_clicked (GtkButton         *button,
                        KontorLinesEditor *self)
{
  g_autoptr(GError) error = NULL;
  KontorEntity *product = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (self->product_dropdown));

  if (product == NULL)
    return;

  if (!kontor_lines_editor_add_product (self, product, &error))
    kontor_lines_editor_show_error (self, error->message);
}

static void
on_add_free_clicked (GtkButton         *button,
                     KontorLinesEditor *self)
{
  g_autoptr(GError) error = NULL;

  if (!kontor_lines_editor_add_free_line (self, &error))
    kontor_lines_editor_show_error (self, error->message);
}

static GtkWidget *
total_row (GtkWidget  *grid,
           int         row,
           const char *title,
           gboolean    bold)
{
  GtkWidget *label = gtk_label_new (title);
  GtkWidget *value = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 1.0);
  gtk_label_set_xalign (GTK_LABEL (value), 1.0);
  gtk_widget_set_hexpand (label, TRUE);
  gtk_widget_add_css_class (value, "numeric");
  if (bold)
    {
      gtk_widget_add_css_class (label, "heading");
      gtk_widget_add_css_class (value, "heading");
    }
  gtk_grid_attach (GTK_GRID (grid), label, 0, row, 1, 1);
  gtk_grid_attach (GTK_GRID (grid), value, 1, row, 1, 1);
  return value;
}

static void
build (KontorLinesEditor *self)
{
  g_autoptr(KontorListModel) products = NULL;
  g_autoptr(GtkExpression) name = NULL;
  g_autofree char *currency_filter = NULL;
  GtkWidget *picker, *add, *free_line, *grid, *placeholder;

  gtk_orientable_set_orientation (GTK_ORIENTABLE (self), GTK_ORIENTATION_VERTICAL);
  gtk_box_set_spacing (GTK_BOX (self), 12);

  self->lines = kontor_pricing_list_lines (self->repository, self->owner);
  g_signal_connect_object (self->lines, "items-changed", G_CALLBACK (on_lines_changed), self, 0);
  self->changed_id = g_signal_connect (self->repository, "changed",
                                       G_CALLBACK (on_repository_changed), self);

  self->list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (self->list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (self->list, "boxed-list");
  placeholder = gtk_label_new (_("No lines yet: add a product or a free line"));
  gtk_widget_add_css_class (placeholder, "dim-label");
  gtk_widget_set_margin_top (placeholder, 12);
  gtk_widget_set_margin_bottom (placeholder, 12);
  gtk_list_box_set_placeholder (GTK_LIST_BOX (self->list), placeholder);
  gtk_list_box_bind_model (GTK_LIST_BOX (self->list), self->lines, create_row, self, NULL);
  gtk_box_append (GTK_BOX (self), self->list);

  /* The product picker: active products in the document's currency */
  products = kontor_list_model_new (self->repository, KONTOR_TYPE_PRODUCT);
  kontor_list_model_add_filter (products, "active", KONTOR_FILTER_EQ, "yes", NULL);
  kontor_list_model_add_filter (products, "currency", KONTOR_FILTER_EQ, owner_currency (self),
                                NULL);
  kontor_list_model_set_sort (products, "name", FALSE, NULL);
  self->products = G_LIST_MODEL (g_steal_pointer (&products));

  picker = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  name = gtk_property_expression_new (KONTOR_TYPE_PRODUCT, NULL, "name");
  self->product_dropdown = gtk_drop_down_new (g_object_ref (self->products),
                                              g_steal_pointer (&name));
  gtk_drop_down_set_enable_search (GTK_DROP_DOWN (self->product_dropdown), TRUE);
  {
    g_autoptr(GtkExpression) search = gtk_property_expression_new (KONTOR_TYPE_PRODUCT, NULL,
                                                                   "name");
    gtk_drop_down_set_expression (GTK_DROP_DOWN (self->product_dropdown), search);
  }
  gtk_widget_set_hexpand (self->product_dropdown, TRUE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->product_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Product"), -1);
  add = gtk_button_new_with_mnemonic (_("_Add Product"));
  g_signal_connect (add, "clicked", G_CALLBACK (on_add_product_clicked), self);
  free_line = gtk_button_new_with_mnemonic (_("Add _Free Line"));
  g_signal_connect (free_line, "clicked", G_CALLBACK (on_add_free_clicked), self);
  gtk_box_append (GTK_BOX (picker), self->product_dropdown);
  gtk_box_append (GTK_BOX (picker), add);
  gtk_box_append (GTK_BOX (picker), free_line);
  gtk_box_append (GTK_BOX (self), picker);

  self->error_label = gtk_label_new (NULL);
  gtk_label_set_wrap (GTK_LABEL (self->error_label), TRUE);
  gtk_label_set_xalign (GTK_LABEL (self->error_label), 0.0);
  gtk_widget_add_css_class (self->error_label, "error");
  gtk_widget_set_visible (self->error_label, FALSE);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->error_label),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Error"), -1);
  gtk_box_append (GTK_BOX (self), self->error_label);

  grid = gtk_grid_new ();
  gtk_grid_set_column_spacing (GTK_GRID (grid), 18);
  gtk_grid_set_row_spacing (GTK_GRID (grid), 4);
  self->net_label = total_row (grid, 0, _("Without VAT"), FALSE);
  self->vat_label = total_row (grid, 1, _("VAT"), FALSE);
  self->total_label = total_row (grid, 2, _("Total"), TRUE);
  gtk_box_append (GTK_BOX (self), grid);

  update_totals (self);
}

static void
kontor_lines_editor_constructed (GObject *object)
{
  KontorLinesEditor *self = KONTOR_LINES_EDITOR (object);

  G_OBJECT_CLASS (kontor_lines_editor_parent_class)->constructed (object);

  g_return_if_fail (self->repository != NULL);
  g_return_if_fail (KONTOR_IS_INVOICE (self->owner) || KONTOR_IS_DEAL (self->owner));
  build (self);
}

static void
kontor_lines_editor_dispose (GObject *object)
{
  KontorLinesEditor *self = KONTOR_LINES_EDITOR (object);

  if (self->list != NULL)
    gtk_list_box_bind_model (GTK_LIST_BOX (self->list), NULL, NULL, NULL, NULL);
  g_clear_signal_handler (&self->changed_id, self->repository);
  g_clear_object (&self->lines);
  g_clear_object (&self->products);
  g_clear_object (&self->owner);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_lines_editor_parent_class)->dispose (object);
}

static void
kontor_lines_editor_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KontorLinesEditor *self = KONTOR_LINES_EDITOR (object);

  switch (prop_id)
    {
    case PROP_REPOSITORY:
      g_value_set_object (value, self->repository);
      break;
    case PROP_OWNER:
      g_value_set_object (value, self->owner);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kontor_lines_editor_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KontorLinesEditor *self = KONTOR_LINES_EDITOR (object);

  switch (prop_id)
    {
    case PROP_REPOSITORY:
      self->repository = g_value_dup_object (value);
      break;
    case PROP_OWNER:
      self->owner = g_value_dup_object (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kontor_lines_editor_class_init (KontorLinesEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->constructed = kontor_lines_editor_constructed;
  object_class->dispose = kontor_lines_editor_dispose;
  object_class->get_property = kontor_lines_editor_get_property;
  object_class->set_property = kontor_lines_editor_set_property;

  properties[PROP_REPOSITORY] =
    g_param_spec_object ("repository", NULL, NULL, KONTOR_TYPE_REPOSITORY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_OWNER] =
    g_param_spec_object ("owner", NULL, NULL, KONTOR_TYPE_ENTITY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_css_name (GTK_WIDGET_CLASS (klass), "kontorlineseditor");
}

static void
kontor_lines_editor_init (KontorLinesEditor *self)
{
}

/**
 * kontor_lines_editor_new:
 * @owner: a saved invoice or deal
 */
GtkWidget *
kontor_lines_editor_new (KontorRepository *repository,
                         KontorEntity     *owner)
{
  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (KONTOR_IS_INVOICE (owner) || KONTOR_IS_DEAL (owner), NULL);

  return g_object_new (KONTOR_TYPE_LINES_EDITOR, "repository", repository, "owner", owner,
                       NULL);
}

KontorEntity *
kontor_lines_editor_get_owner (KontorLinesEditor *self)
{
  g_return_val_if_fail (KONTOR_IS_LINES_EDITOR (self), NULL);

  return self->owner;
}

GListModel *
kontor_lines_editor_get_lines (KontorLinesEditor *self)
{
  g_return_val_if_fail (KONTOR_IS_LINES_EDITOR (self), NULL);

  return self->lines;
}

/* The total with VAT as shown under the lines */
const char *
kontor_lines_editor_get_total_text (KontorLinesEditor *self)
{
  g_return_val_if_fail (KONTOR_IS_LINES_EDITOR (self), NULL);

  return gtk_label_get_text (GTK_LABEL (self->total_label));
}

/* Shows @message under the lines, or hides it for %NULL */
void
kontor_lines_editor_show_error (KontorLinesEditor *self,
                                const char        *message)
{
  g_return_if_fail (KONTOR_IS_LINES_EDITOR (self));

  gtk_label_set_text (GTK_LABEL (self->error_label), message ? message : "");
  gtk_widget_set_visible (self->error_label, message != NULL);
}

static KontorEntity *
new_line (KontorLinesEditor *self)
{
  KontorEntity *line;

  if (KONTOR_IS_DEAL (self->owner))
    {
      line = KONTOR_ENTITY (kontor_deal_product_new ());
      kontor_entity_set_int (line, "deal", kontor_entity_get_id (self->owner));
    }
  else
    {
      line = KONTOR_ENTITY (kontor_invoice_line_new ());
      kontor_entity_set_int (line, "invoice", kontor_entity_get_id (self->owner));
    }
  kontor_entity_set_int (line, "position", g_list_model_get_n_items (self->lines) + 1);
  return line;
}

/* A line from the catalog: name, unit, price and VAT come from the product */
gboolean
kontor_lines_editor_add_product (KontorLinesEditor  *self,
                                 KontorEntity       *product,
                                 GError            **error)
{
  g_autoptr(KontorEntity) line = NULL;

  g_return_val_if_fail (KONTOR_IS_LINES_EDITOR (self), FALSE);
  g_return_val_if_fail (KONTOR_IS_PRODUCT (product), FALSE);

  line = new_line (self);
  kontor_entity_set_int (line, "product", kontor_entity_get_id (product));
  kontor_entity_set_text (line, "name", kontor_entity_get_text (product, "name"));
  kontor_entity_set_text (line, "unit", kontor_entity_get_text (product, "unit"));
  kontor_entity_set_int (line, "price", kontor_entity_get_int (product, "price"));
  kontor_entity_set_int (line, "vat_rate", kontor_entity_get_int (product, "vat_rate"));
  kontor_entity_set_bool (line, "vat_included", kontor_entity_get_bool (product, "vat_included"));

  return kontor_repository_save (self->repository, line, error);
}

gboolean
kontor_lines_editor_add_free_line (KontorLinesEditor  *self,
                                   GError            **error)
{
  g_autoptr(KontorEntity) line = NULL;

  g_return_val_if_fail (KONTOR_IS_LINES_EDITOR (self), FALSE);

  line = new_line (self);
  kontor_entity_set_text (line, "name", _("New item"));
  return kontor_repository_save (self->repository, line, error);
}
