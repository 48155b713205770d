/* kontor-list-page.c: the searchable, sortable list of one kind of record
 *
 * One class serves every entity: a table of page specs below gives each
 * list its columns, filters and texts. The column view shows a lazy
 * KontorListModel; sorting and filtering are done by the model's query,
 * never in memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-ui"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kontor-list-page.h"
#include "kontor-view-binding.h"
#include "kontor-ui-format.h"

typedef enum
{
  COLUMN_TEXT,        /* a TEXT field */
  COLUMN_NAME,        /* the record's display name */
  COLUMN_PERSON,      /* first and last name fields */
  COLUMN_REF,         /* the display name of a linked record */
  COLUMN_CLIENT,      /* the company, or else the contact */
  COLUMN_LINKED,      /* the deal, contact, company or lead of an activity */
  COLUMN_FIRST,       /* the first value of a LIST field */
  COLUMN_MONEY,
  COLUMN_DATE,
  COLUMN_TIMESTAMP,
  COLUMN_ENUM,        /* a translated enum value */
  COLUMN_TAG,         /* a translated enum value as a coloured tag */
  COLUMN_STAGE,       /* the stage name with its colour */
  COLUMN_BOOL,
  COLUMN_VAT,
} ColumnKind;

typedef struct
{
  const char *title;
  ColumnKind  kind;
  const char *field;       /* the field shown; its notify updates the cell */
  const char *sort_field;  /* what kontor_list_model_set_sort gets; NULL = none */
  gboolean    expand;
  const char *context;     /* msgctxt of the title, NULL = none */
} ColumnSpec;

typedef enum
{
  FILTERS_NONE,
  FILTERS_LEADS,
  FILTERS_DEALS,
  FILTERS_ACTIVITIES,
  FILTERS_PRODUCTS,
  FILTERS_INVOICES,
} FilterSet;

typedef struct
{
  const char       *name;
  GType           (*get_type) (void);
  const char       *title;
  const char       *icon_name;
  const char       *empty_title;
  const char       *empty_description;
  const char       *add_label;
  const char       *add_tooltip;
  const char       *search_placeholder;
  const char       *default_sort;
  gboolean          default_descending;
  FilterSet         filters;
  const ColumnSpec *columns;
  guint             n_columns;
} PageSpec;

static const ColumnSpec lead_columns[] = {
  { N_("Title"), COLUMN_TEXT, "title", "title", TRUE },
  { NC_("person", "Name"), COLUMN_PERSON, NULL, "name", TRUE, "person" },
  { N_("Status"), COLUMN_TAG, "status", "status", FALSE },
  { N_("Source"), COLUMN_ENUM, "source", "source", FALSE },
  { N_("Amount"), COLUMN_MONEY, "amount", "amount", FALSE },
  { N_("Responsible"), COLUMN_TEXT, "responsible", "responsible", FALSE },
  { N_("Created"), COLUMN_TIMESTAMP, NULL, "created_at", FALSE },
};

static const ColumnSpec deal_columns[] = {
  { N_("Title"), COLUMN_TEXT, "title", "title", TRUE },
  { N_("Client"), COLUMN_CLIENT, NULL, "company", TRUE },
  { N_("Stage"), COLUMN_STAGE, "stage", "stage", FALSE },
  { N_("Amount"), COLUMN_MONEY, "amount", "amount", FALSE },
  { N_("Expected Close"), COLUMN_DATE, "expected_close", "expected_close", FALSE },
};

static const ColumnSpec contact_columns[] = {
  { NC_("person", "Name"), COLUMN_NAME, NULL, "name", TRUE, "person" },
  { N_("Company"), COLUMN_REF, "company", "company", TRUE },
  { N_("Phone"), COLUMN_FIRST, "phone", "phone", FALSE },
  { N_("E-mail"), COLUMN_FIRST, "email", "email", TRUE },
  { N_("Responsible"), COLUMN_TEXT, "responsible", "responsible", FALSE },
  { N_("Updated"), COLUMN_TIMESTAMP, NULL, "updated_at", FALSE },
};

static const ColumnSpec company_columns[] = {
  { N_("Name"), COLUMN_TEXT, "name", "name", TRUE },
  { N_("Industry"), COLUMN_TEXT, "industry", "industry", TRUE },
  { N_("Phone"), COLUMN_FIRST, "phone", "phone", FALSE },
  { N_("Responsible"), COLUMN_TEXT, "responsible", "responsible", FALSE },
};

static const ColumnSpec activity_columns[] = {
  { N_("Kind"), COLUMN_ENUM, "kind", "kind", FALSE },
  { N_("Subject"), COLUMN_TEXT, "subject", "subject", TRUE },
  { N_("Due"), COLUMN_TIMESTAMP, "due_at", "due_at", FALSE },
  { N_("Linked To"), COLUMN_LINKED, NULL, "deal", TRUE },
  { N_("Done"), COLUMN_BOOL, "done", "done", FALSE },
};

static const ColumnSpec product_columns[] = {
  { N_("Name"), COLUMN_TEXT, "name", "name", TRUE },
  { N_("SKU"), COLUMN_TEXT, "sku", "sku", FALSE },
  { N_("Price"), COLUMN_MONEY, "price", "price", FALSE },
  { N_("VAT"), COLUMN_VAT, "vat_rate", "vat_rate", FALSE },
  { N_("Active"), COLUMN_BOOL, "active", "active", FALSE },
};

static const ColumnSpec invoice_columns[] = {
  { N_("Number"), COLUMN_TEXT, "number", "number", FALSE },
  { N_("Client"), COLUMN_CLIENT, NULL, "company", TRUE },
  { N_("Total"), COLUMN_MONEY, "total", "total", FALSE },
  { N_("Status"), COLUMN_TAG, "status", "status", FALSE },
  { N_("Due Date"), COLUMN_DATE, "due_on", "due_on", FALSE },
};

#define COLUMNS(c) c, G_N_ELEMENTS (c)

static const PageSpec page_specs[] = {
  { "leads", kontor_lead_get_type, N_("Leads"), "starred-symbolic",
    N_("No Leads Yet"), N_("Leads are the first requests of possible clients"),
    N_("Add Lead"), N_("New Lead"), N_("Search leads"),
    "created_at", TRUE, FILTERS_LEADS, COLUMNS (lead_columns) },
  { "deals", kontor_deal_get_type, N_("Deals"), "view-grid-symbolic",
    N_("No Deals Yet"), N_("A deal is a sale that moves through the stages of a pipeline"),
    N_("Add Deal"), N_("New Deal"), N_("Search deals"),
    "updated_at", TRUE, FILTERS_DEALS, COLUMNS (deal_columns) },
  { "contacts", kontor_contact_get_type, N_("Contacts"), "avatar-default-symbolic",
    N_("No Contacts Yet"), N_("Contacts are the people you talk to"),
    N_("Add Contact"), N_("New Contact"), N_("Search contacts"),
    "name", FALSE, FILTERS_NONE, COLUMNS (contact_columns) },
  { "companies", kontor_company_get_type, N_("Companies"), "system-users-symbolic",
    N_("No Companies Yet"), N_("Companies are the organisations you sell to"),
    N_("Add Company"), N_("New Company"), N_("Search companies"),
    "name", FALSE, FILTERS_NONE, COLUMNS (company_columns) },
  { "activities", kontor_activity_get_type, N_("Activities"), "x-office-calendar-symbolic",
    N_("No Activities Yet"), N_("Plan calls, e-mails, meetings and tasks for your deals"),
    N_("Add Activity"), N_("New Activity"), N_("Search activities"),
    "due_at", FALSE, FILTERS_ACTIVITIES, COLUMNS (activity_columns) },
  { "products", kontor_product_get_type, N_("Products"), "package-x-generic-symbolic",
    N_("No Products Yet"), N_("Products are what you sell, with their prices and VAT"),
    N_("Add Product"), N_("New Product"), N_("Search products"),
    "name", FALSE, FILTERS_PRODUCTS, COLUMNS (product_columns) },
  { "invoices", kontor_invoice_get_type, N_("Invoices"), "emblem-documents-symbolic",
    N_("No Invoices Yet"), N_("Invoices are the bills your clients pay for their deals"),
    N_("Add Invoice"), N_("New Invoice"), N_("Search invoices"),
    "created_at", TRUE, FILTERS_INVOICES, COLUMNS (invoice_columns) },
};

/* A cell keeps the record it shows so that it can follow its changes */
typedef struct
{
  KontorListPage   *page;
  const ColumnSpec *spec;
  GtkWidget        *widget;
  GtkLabel         *label;
  GtkWidget        *extra;     /* the stage colour dot, the done icon */
  KontorEntity     *entity;
  gulong            notify_id;
} Cell;

struct _KontorListPage
{
  AdwBin             parent_instance;

  KontorRepository  *repository;
  KontorListModel   *model;
  GtkSingleSelection *selection;
  const PageSpec    *spec;
  char              *count_text;
  GtkWidget         *alternate_view;
  gboolean           alternate_shown;

  /* Filters: each drop-down carries the values of its items */
  GPtrArray         *filter_dropdowns;
  GtkDropDown       *pipeline_dropdown;
  GtkDropDown       *stage_dropdown;
  gboolean           probing_sort;
  const ColumnSpec  *probed_column;
  gboolean           updating_filters;

  /* Template widgets */
  AdwHeaderBar      *header_bar;
  GtkButton         *back_button;
  GtkButton         *add_button;
  AdwWindowTitle    *window_title;
  GtkBox            *view_toggle_box;
  GtkBox            *toolbar;
  GtkSearchEntry    *search_entry;
  GtkBox            *filter_box;
  GtkStack          *stack;
  GtkColumnView     *column_view;
  AdwStatusPage     *empty_page;
  GtkSpinner        *loading_spinner;
  GtkButton         *empty_add_button;
  AdwStatusPage     *no_results_page;
  GtkToggleButton   *list_toggle;
  GtkToggleButton   *alternate_toggle;
};

G_DEFINE_FINAL_TYPE (KontorListPage, kontor_list_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_REPOSITORY,
  PROP_NAME,
  PROP_SHOW_BACK_BUTTON,
  N_PROPS
};

enum {
  OPEN_RECORD,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const PageSpec *
find_page_spec (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (page_specs); i++)
    if (g_strcmp0 (page_specs[i].name, name) == 0)
      return &page_specs[i];

  return NULL;
}

static char *
dup_count_text (const char *name,
                guint       n)
{
  if (g_str_equal (name, "leads"))
    return g_strdup_printf (ngettext ("%u lead", "%u leads", n), n);
  if (g_str_equal (name, "deals"))
    return g_strdup_printf (ngettext ("%u deal", "%u deals", n), n);
  if (g_str_equal (name, "contacts"))
    return g_strdup_printf (ngettext ("%u contact", "%u contacts", n), n);
  if (g_str_equal (name, "companies"))
    return g_strdup_printf (ngettext ("%u company", "%u companies", n), n);
  if (g_str_equal (name, "activities"))
    return g_strdup_printf (ngettext ("%u activity", "%u activities", n), n);
  if (g_str_equal (name, "products"))
    return g_strdup_printf (ngettext ("%u product", "%u products", n), n);
  if (g_str_equal (name, "invoices"))
    return g_strdup_printf (ngettext ("%u invoice", "%u invoices", n), n);

  return g_strdup_printf ("%u", n);
}

static const char *
entity_kind (KontorEntity *entity)
{
  return kontor_entity_get_kind (entity);
}

static char *
field_to_property (const char *field)
{
  char *property = g_strdup (field);

  g_strdelimit (property, "_", '-');
  return property;
}

static gboolean
has_active_filter (KontorListPage *self)
{
  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    if (gtk_drop_down_get_selected (g_ptr_array_index (self->filter_dropdowns, i)) > 0)
      return TRUE;

  return FALSE;
}

static void
update_state (KontorListPage *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->model));
  const char *search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  gboolean loading = kontor_list_model_get_loading (self->model);
  const char *visible;

  g_free (self->count_text);
  /* A big list is read in a worker: the rows shown stay until it is done */
  self->count_text = loading ? g_strdup (_("Loading…")) : dup_count_text (self->spec->name, n);
  adw_window_title_set_subtitle (self->window_title, self->count_text);
  gtk_spinner_set_spinning (self->loading_spinner, loading && n == 0);

  if (self->alternate_shown && self->alternate_view != NULL)
    visible = "alternate";
  else if (loading && n == 0)
    visible = "loading";
  else if (n > 0)
    visible = "list";
  else if ((search != NULL && *search != '\0') || has_active_filter (self))
    visible = "no-results";
  else
    visible = "empty";

  gtk_stack_set_visible_child_name (self->stack, visible);
  gtk_widget_set_visible (GTK_WIDGET (self->toolbar), !g_str_equal (visible, "alternate"));
}

/* Cells */

static void
set_label (Cell       *cell,
           const char *text)
{
  gtk_label_set_text (cell->label, text != NULL ? text : "");
}

static void
draw_stage_dot (GtkDrawingArea *area,
                cairo_t        *cr,
                int             width,
                int             height,
                gpointer        user_data)
{
  const char *color = g_object_get_data (G_OBJECT (area), "color");
  GdkRGBA rgba;

  if (color == NULL || !gdk_rgba_parse (&rgba, color))
    return;

  gdk_cairo_set_source_rgba (cr, &rgba);
  cairo_arc (cr, width / 2.0, height / 2.0, MIN (width, height) / 2.0, 0, 2 * G_PI);
  cairo_fill (cr);
}

static void
cell_update (Cell *cell)
{
  KontorEntity *entity = cell->entity;
  KontorRepository *repository = cell->page->repository;
  const ColumnSpec *spec = cell->spec;

  if (entity == NULL)
    {
      set_label (cell, NULL);
      return;
    }

  switch (spec->kind)
    {
    case COLUMN_TEXT:
      set_label (cell, kontor_entity_get_text (entity, spec->field));
      break;

    case COLUMN_NAME:
      {
        g_autofree char *name = kontor_entity_dup_display_name (entity);
        set_label (cell, name);
      }
      break;

    case COLUMN_PERSON:
      {
        const char *first = kontor_entity_get_text (entity, "first_name");
        const char *last = kontor_entity_get_text (entity, "last_name");
        g_autofree char *name = g_strjoin (" ", first ? first : "", last ? last : "", NULL);
        set_label (cell, g_strstrip (name));
      }
      break;

    case COLUMN_REF:
      {
        g_autofree char *name = kontor_ui_dup_linked_name (repository, entity, spec->field);
        set_label (cell, name);
      }
      break;

    case COLUMN_CLIENT:
      {
        g_autofree char *name = kontor_ui_dup_linked_name (repository, entity, "company");

        if (name == NULL)
          name = kontor_ui_dup_linked_name (repository, entity, "contact");
        set_label (cell, name);
      }
      break;

    case COLUMN_LINKED:
      {
        static const char * const links[] = { "deal", "company", "contact", "lead" };
        g_autofree char *name = NULL;

        for (guint i = 0; i < G_N_ELEMENTS (links) && name == NULL; i++)
          name = kontor_ui_dup_linked_name (repository, entity, links[i]);
        set_label (cell, name);
      }
      break;

    case COLUMN_FIRST:
      {
        const char * const *values = kontor_entity_get_list (entity, spec->field);
        set_label (cell, values != NULL ? values[0] : NULL);
      }
      break;

    case COLUMN_MONEY:
      {
        const char *currency = kontor_entity_get_text (entity, "currency");
        g_autofree char *text = NULL;

        if (currency == NULL)
          currency = kontor_repository_get_default_currency (repository);
        text = kontor_money_format (kontor_entity_get_int (entity, spec->field), currency);
        set_label (cell, text);
      }
      break;

    case COLUMN_DATE:
      {
        g_autofree char *text = kontor_ui_format_date (kontor_entity_get_text (entity,
                                                                               spec->field));
        set_label (cell, text);
      }
      break;

    case COLUMN_TIMESTAMP:
      {
        gint64 value;
        g_autofree char *text = NULL;

        if (g_str_equal (spec->sort_field, "created_at"))
          value = kontor_entity_get_created_at (entity);
        else if (g_str_equal (spec->sort_field, "updated_at"))
          value = kontor_entity_get_updated_at (entity);
        else
          value = kontor_entity_get_int (entity, spec->field);
        text = kontor_ui_format_timestamp (value);
        set_label (cell, text);

        /* An activity not done in time stands out */
        if (g_strcmp0 (spec->field, "due_at") == 0)
          {
            gboolean overdue = value != 0 && !kontor_entity_get_bool (entity, "done") &&
                               value < g_get_real_time () / G_USEC_PER_SEC;

            if (overdue)
              gtk_widget_add_css_class (GTK_WIDGET (cell->label), "overdue");
            else
              gtk_widget_remove_css_class (GTK_WIDGET (cell->label), "overdue");
          }
      }
      break;

    case COLUMN_ENUM:
      set_label (cell, kontor_ui_status_label (entity_kind (entity), spec->field,
                                               kontor_entity_get_text (entity, spec->field)));
      break;

    case COLUMN_TAG:
      {
        const char *value = kontor_entity_get_text (entity, spec->field);
        g_autofree char *today = NULL;

        /* An invoice past its due date and not paid is overdue: derived,
         * never stored */
        if (KONTOR_IS_INVOICE (entity) && g_strcmp0 (spec->field, "status") == 0 &&
            (g_strcmp0 (value, "sent") == 0 || g_strcmp0 (value, "draft") == 0) &&
            kontor_entity_get_text (entity, "due_on") != NULL)
          {
            g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (kontor_now ());

            today = g_date_time_format (now, "%Y-%m-%d");
            if (strcmp (kontor_entity_get_text (entity, "due_on"), today) < 0)
              value = "overdue";
          }

        kontor_ui_tag_label_set (cell->label, entity_kind (entity), spec->field, value);
      }
      break;

    case COLUMN_STAGE:
      {
        g_autoptr(KontorEntity) stage = NULL;
        gint64 stage_id = kontor_entity_get_int (entity, "stage");

        if (stage_id != 0)
          stage = kontor_repository_find (repository, KONTOR_TYPE_STAGE, stage_id, NULL);
        set_label (cell, stage ? kontor_entity_get_text (stage, "name") : NULL);
        g_object_set_data_full (G_OBJECT (cell->extra), "color",
                                g_strdup (stage ? kontor_entity_get_text (stage, "color") : NULL),
                                g_free);
        gtk_widget_queue_draw (cell->extra);
      }
      break;

    case COLUMN_BOOL:
      {
        gboolean value = kontor_entity_get_bool (entity, spec->field);

        gtk_widget_set_visible (cell->extra, value);
        set_label (cell, value ? _("Yes") : _("No"));
      }
      break;

    case COLUMN_VAT:
      {
        g_autofree char *text = kontor_ui_format_vat_rate (kontor_entity_get_int (entity,
                                                                                  spec->field));
        set_label (cell, text);
      }
      break;

    default:
      g_assert_not_reached ();
    }
}

static void
on_entity_notify (KontorEntity *entity,
                  GParamSpec   *pspec,
                  Cell         *cell)
{
  cell_update (cell);
}

static void
cell_unbind (Cell *cell)
{
  if (cell->entity == NULL)
    return;

  g_clear_signal_handler (&cell->notify_id, cell->entity);
  g_clear_object (&cell->entity);
}

static void
cell_free (gpointer data)
{
  Cell *cell = data;

  cell_unbind (cell);
  g_free (cell);
}

static void
on_factory_setup (GtkSignalListItemFactory *factory,
                  GtkListItem              *item,
                  const ColumnSpec         *spec)
{
  KontorListPage *self = g_object_get_data (G_OBJECT (factory), "page");
  Cell *cell = g_new0 (Cell, 1);
  GtkWidget *label = gtk_label_new (NULL);

  cell->page = self;
  cell->spec = spec;
  cell->label = GTK_LABEL (label);
  gtk_label_set_xalign (cell->label, 0.0);
  gtk_label_set_ellipsize (cell->label, PANGO_ELLIPSIZE_END);
  /* Narrow windows scroll sideways rather than cut names to a letter */
  if (spec->expand)
    gtk_label_set_width_chars (cell->label, 14);
  else if (spec->kind == COLUMN_FIRST)
    gtk_label_set_width_chars (cell->label, 16);

  switch (spec->kind)
    {
    case COLUMN_MONEY:
    case COLUMN_VAT:
      gtk_label_set_xalign (cell->label, 1.0);
      gtk_widget_add_css_class (label, "numeric");
      cell->widget = label;
      break;

    case COLUMN_TAG:
      gtk_widget_set_halign (label, GTK_ALIGN_START);
      cell->widget = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      gtk_box_append (GTK_BOX (cell->widget), label);
      break;

    case COLUMN_STAGE:
      cell->widget = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      cell->extra = gtk_drawing_area_new ();
      gtk_drawing_area_set_content_width (GTK_DRAWING_AREA (cell->extra), 10);
      gtk_drawing_area_set_content_height (GTK_DRAWING_AREA (cell->extra), 10);
      gtk_widget_set_valign (cell->extra, GTK_ALIGN_CENTER);
      gtk_drawing_area_set_draw_func (GTK_DRAWING_AREA (cell->extra), draw_stage_dot, NULL, NULL);
      gtk_box_append (GTK_BOX (cell->widget), cell->extra);
      gtk_box_append (GTK_BOX (cell->widget), label);
      break;

    case COLUMN_BOOL:
      /* The icon shows the value; the hidden label names it for screen readers */
      cell->widget = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
      cell->extra = gtk_image_new_from_icon_name ("object-select-symbolic");
      gtk_widget_set_halign (cell->extra, GTK_ALIGN_START);
      gtk_box_append (GTK_BOX (cell->widget), cell->extra);
      gtk_widget_set_visible (label, FALSE);
      gtk_box_append (GTK_BOX (cell->widget), label);
      break;

    default:
      cell->widget = label;
      break;
    }

  g_object_set_data_full (G_OBJECT (item), "kontor-cell", cell, cell_free);
  gtk_list_item_set_child (item, cell->widget);
}

static void
on_factory_bind (GtkSignalListItemFactory *factory,
                 GtkListItem              *item,
                 const ColumnSpec         *spec)
{
  Cell *cell = g_object_get_data (G_OBJECT (item), "kontor-cell");
  KontorEntity *entity = gtk_list_item_get_item (item);

  cell_unbind (cell);
  if (entity == NULL)
    return;

  cell->entity = g_object_ref (entity);
  if (spec->field != NULL && spec->kind != COLUMN_STAGE && spec->kind != COLUMN_TIMESTAMP)
    {
      g_autofree char *property = field_to_property (spec->field);
      g_autofree char *signal = g_strconcat ("notify::", property, NULL);

      cell->notify_id = g_signal_connect (entity, signal, G_CALLBACK (on_entity_notify), cell);
    }
  else
    {
      /* Names and links depend on several properties */
      cell->notify_id = g_signal_connect (entity, "notify", G_CALLBACK (on_entity_notify), cell);
    }

  cell_update (cell);
}

static void
on_factory_unbind (GtkSignalListItemFactory *factory,
                   GtkListItem              *item,
                   const ColumnSpec         *spec)
{
  Cell *cell = g_object_get_data (G_OBJECT (item), "kontor-cell");

  cell_unbind (cell);
}

/* Sorting
 *
 * Each column has a sorter only so that its header can be clicked; nothing
 * sorts with them. When the column view's sorter changes we find the
 * primary column by asking the sorter to compare two placeholders: the
 * first column sorter it consults is the primary one, and the sign of the
 * answer gives the direction. (GtkColumnViewSorter has no public getters
 * before GTK 4.10.)
 */

static int
probe_compare (gconstpointer a,
               gconstpointer b,
               gpointer      user_data)
{
  const ColumnSpec *spec = user_data;
  KontorListPage *self = g_object_get_data (G_OBJECT (a), "page");

  if (self != NULL && self->probing_sort && self->probed_column == NULL)
    self->probed_column = spec;

  return GTK_ORDERING_SMALLER;
}

static void
on_sorter_changed (GtkSorter       *sorter,
                   GtkSorterChange  change,
                   KontorListPage  *self)
{
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GError) error = NULL;
  GtkOrdering order;
  const char *field;
  gboolean descending;

  /* Columns go away while the page is disposed */
  if (self->model == NULL || gtk_widget_get_parent (GTK_WIDGET (self)) == NULL)
    return;

  g_object_set_data (a, "page", self);
  g_object_set_data (b, "page", self);
  self->probing_sort = TRUE;
  self->probed_column = NULL;
  order = gtk_sorter_compare (sorter, a, b);
  self->probing_sort = FALSE;

  if (self->probed_column != NULL)
    {
      field = self->probed_column->sort_field;
      descending = order == GTK_ORDERING_LARGER;
    }
  else
    {
      field = self->spec->default_sort;
      descending = self->spec->default_descending;
    }

  if (!kontor_list_model_set_sort (self->model, field, descending, &error))
    g_message ("Cannot sort %s by %s: %s", self->spec->name, field, error->message);
}

/* Filters */

static GtkDropDown *
add_filter_dropdown (KontorListPage     *self,
                     const char         *field,
                     const char         *accessible_label,
                     const char * const *labels,
                     const char * const *values)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (gtk_drop_down_new_from_strings (labels));

  g_object_set_data_full (G_OBJECT (dropdown), "values", g_strdupv ((char **) values),
                          (GDestroyNotify) g_strfreev);
  g_object_set_data (G_OBJECT (dropdown), "field", (gpointer) field);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible_label,
                                  -1);
  gtk_widget_set_tooltip_text (GTK_WIDGET (dropdown), accessible_label);
  gtk_box_append (self->filter_box, GTK_WIDGET (dropdown));
  g_ptr_array_add (self->filter_dropdowns, dropdown);

  return dropdown;
}

static void
apply_filters (KontorListPage *self)
{
  g_autoptr(GError) error = NULL;

  if (self->updating_filters)
    return;

  kontor_list_model_clear_filters (self->model);

  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    {
      GtkDropDown *dropdown = g_ptr_array_index (self->filter_dropdowns, i);
      const char *field = g_object_get_data (G_OBJECT (dropdown), "field");
      char **values = g_object_get_data (G_OBJECT (dropdown), "values");
      guint selected = gtk_drop_down_get_selected (dropdown);
      const char *value;

      if (selected == 0 || selected == GTK_INVALID_LIST_POSITION ||
          selected >= g_strv_length (values))
        continue;

      value = values[selected];
      if (g_str_equal (field, "activity-state"))
        {
          if (g_str_equal (value, "overdue"))
            {
              g_autofree char *now = g_strdup_printf ("%" PRId64,
                                                      g_get_real_time () / G_USEC_PER_SEC);

              if (!kontor_list_model_add_filter (self->model, "done", KONTOR_FILTER_EQ, "no",
                                                 &error) ||
                  !kontor_list_model_add_filter (self->model, "due_at", KONTOR_FILTER_NOT_NULL,
                                                 NULL, &error) ||
                  !kontor_list_model_add_filter (self->model, "due_at", KONTOR_FILTER_LT, now,
                                                 &error))
                break;
            }
          else if (!kontor_list_model_add_filter (self->model, "done", KONTOR_FILTER_EQ, value,
                                                  &error))
            break;
        }
      else if (!kontor_list_model_add_filter (self->model, field, KONTOR_FILTER_EQ, value,
                                              &error))
        break;
    }

  if (error != NULL)
    g_message ("Cannot filter %s: %s", self->spec->name, error->message);

  update_state (self);
}

static void
on_filter_changed (GtkDropDown    *dropdown,
                   GParamSpec     *pspec,
                   KontorListPage *self)
{
  apply_filters (self);
}

static void
fill_stage_dropdown (KontorListPage *self)
{
  g_autoptr(GListModel) stages = NULL;
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_auto(GStrv) label_array = NULL;
  char **pipeline_values = g_object_get_data (G_OBJECT (self->pipeline_dropdown), "values");
  guint selected = gtk_drop_down_get_selected (self->pipeline_dropdown);
  gint64 pipeline_id = 0;
  g_autoptr(GtkStringList) strings = NULL;

  g_strv_builder_add (labels, _("All Stages"));
  g_strv_builder_add (values, "");

  if (pipeline_values != NULL && selected != GTK_INVALID_LIST_POSITION &&
      selected < g_strv_length (pipeline_values) && selected > 0)
    pipeline_id = g_ascii_strtoll (pipeline_values[selected], NULL, 10);

  if (pipeline_id != 0)
    stages = kontor_repository_list_stages (self->repository, pipeline_id, NULL);

  for (guint i = 0; stages != NULL && i < g_list_model_get_n_items (stages); i++)
    {
      g_autoptr(KontorEntity) stage = g_list_model_get_item (stages, i);
      g_autofree char *id = g_strdup_printf ("%" PRId64, kontor_entity_get_id (stage));

      g_strv_builder_add (labels, kontor_entity_get_text (stage, "name"));
      g_strv_builder_add (values, id);
    }

  self->updating_filters = TRUE;
  label_array = g_strv_builder_end (labels);
  strings = gtk_string_list_new ((const char * const *) label_array);
  gtk_drop_down_set_model (self->stage_dropdown, G_LIST_MODEL (strings));
  g_object_set_data_full (G_OBJECT (self->stage_dropdown), "values", g_strv_builder_end (values),
                          (GDestroyNotify) g_strfreev);
  gtk_drop_down_set_selected (self->stage_dropdown, 0);
  gtk_widget_set_sensitive (GTK_WIDGET (self->stage_dropdown), pipeline_id != 0);
  self->updating_filters = FALSE;
}

static void
on_pipeline_changed (GtkDropDown    *dropdown,
                     GParamSpec     *pspec,
                     KontorListPage *self)
{
  fill_stage_dropdown (self);
  apply_filters (self);
}

static void
build_deal_filters (KontorListPage *self)
{
  g_autoptr(KontorListModel) pipelines = kontor_list_model_new (self->repository,
                                                                KONTOR_TYPE_PIPELINE);
  g_autoptr(GStrvBuilder) labels = g_strv_builder_new ();
  g_autoptr(GStrvBuilder) values = g_strv_builder_new ();
  g_auto(GStrv) label_array = NULL;
  g_auto(GStrv) value_array = NULL;
  const char * const stage_labels[] = { _("All Stages"), NULL };
  const char * const stage_values[] = { "", NULL };
  const char * const status_labels[] = {
    _("Open, Won and Lost"), C_("deals", "Open"), C_("deals", "Won"), C_("deals", "Lost"), NULL
  };
  const char * const status_values[] = { "", "open", "won", "lost", NULL };

  g_strv_builder_add (labels, _("All Pipelines"));
  g_strv_builder_add (values, "");
  for (guint i = 0; i < g_list_model_get_n_items (G_LIST_MODEL (pipelines)); i++)
    {
      g_autoptr(KontorEntity) pipeline = g_list_model_get_item (G_LIST_MODEL (pipelines), i);
      g_autofree char *id = g_strdup_printf ("%" PRId64,
                                             kontor_entity_get_id (pipeline));
      g_autofree char *name = kontor_entity_dup_display_name (pipeline);

      g_strv_builder_add (labels, name);
      g_strv_builder_add (values, id);
    }
  label_array = g_strv_builder_end (labels);
  value_array = g_strv_builder_end (values);

  self->pipeline_dropdown = add_filter_dropdown (self, "pipeline", _("Pipeline"),
                                                 (const char * const *) label_array,
                                                 (const char * const *) value_array);
  self->stage_dropdown = add_filter_dropdown (self, "stage", _("Stage"),
                                              stage_labels, stage_values);
  add_filter_dropdown (self, "status", _("Deal status"), status_labels, status_values);

  /* With a single pipeline, choosing it first would be a needless step */
  if (g_strv_length (value_array) == 2)
    {
      gtk_widget_set_visible (GTK_WIDGET (self->pipeline_dropdown), FALSE);
      gtk_drop_down_set_selected (self->pipeline_dropdown, 1);
    }
  fill_stage_dropdown (self);
  g_signal_connect (self->pipeline_dropdown, "notify::selected",
                    G_CALLBACK (on_pipeline_changed), self);
}

static void
build_filters (KontorListPage *self)
{
  switch (self->spec->filters)
    {
    case FILTERS_NONE:
      break;

    case FILTERS_LEADS:
      {
        const char * const labels[] = {
          _("All Statuses"), C_("lead status", "New"), C_("lead status", "In progress"),
          C_("lead status", "Processed"), C_("lead status", "Converted"),
          C_("lead status", "Junk"), NULL
        };
        const char * const values[] = {
          "", "new", "in_progress", "processed", "converted", "junk", NULL
        };
        add_filter_dropdown (self, "status", _("Lead status"), labels, values);
      }
      break;

    case FILTERS_DEALS:
      build_deal_filters (self);
      break;

    case FILTERS_ACTIVITIES:
      {
        const char * const labels[] = {
          _("All Activities"), _("Not Done"), _("Done"), _("Overdue"), NULL
        };
        const char * const values[] = { "", "no", "yes", "overdue", NULL };
        add_filter_dropdown (self, "activity-state", _("Done or overdue"), labels, values);
      }
      break;

    case FILTERS_PRODUCTS:
      {
        const char * const labels[] = { _("Active and Inactive"), _("Active"), _("Inactive"), NULL };
        const char * const values[] = { "", "yes", "no", NULL };
        add_filter_dropdown (self, "active", _("Active products"), labels, values);
      }
      break;

    case FILTERS_INVOICES:
      {
        const char * const labels[] = {
          _("All Statuses"), C_("invoice status", "Draft"), C_("invoice status", "Sent"),
          C_("invoice status", "Paid"), C_("invoice status", "Cancelled"),
          C_("invoice status", "Overdue"), NULL
        };
        const char * const values[] = { "", "draft", "sent", "paid", "cancelled", "overdue", NULL };
        add_filter_dropdown (self, "status", _("Invoice status"), labels, values);
      }
      break;

    default:
      g_assert_not_reached ();
    }

  for (guint i = 0; i < self->filter_dropdowns->len; i++)
    g_signal_connect (g_ptr_array_index (self->filter_dropdowns, i), "notify::selected",
                      G_CALLBACK (on_filter_changed), self);
}

/* Callbacks */

static void
on_search_changed (KontorListPage *self)
{
  kontor_list_model_set_search (self->model,
                                gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_state (self);
}

static void
on_stop_search (KontorListPage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

static void
on_row_activated (KontorListPage *self,
                  guint           position)
{
  g_autoptr(KontorEntity) entity = g_list_model_get_item (G_LIST_MODEL (self->model), position);

  if (entity != NULL)
    g_signal_emit (self, signals[OPEN_RECORD], 0, entity);
}

static void
on_items_changed (GListModel     *model,
                  guint           position,
                  guint           removed,
                  guint           added,
                  KontorListPage *self)
{
  update_state (self);
}

static void
on_view_toggled (GtkToggleButton *button,
                 KontorListPage  *self)
{
  if (gtk_toggle_button_get_active (button))
    kontor_list_page_set_alternate_shown (self, button == self->alternate_toggle);
}

static void
new_action (GtkWidget  *widget,
            const char *action_name,
            GVariant   *parameter)
{
  kontor_list_page_create_record (KONTOR_LIST_PAGE (widget));
}

/* Construction */

static void
build_columns (KontorListPage *self)
{
  GtkSorter *sorter;

  for (guint i = 0; i < self->spec->n_columns; i++)
    {
      const ColumnSpec *spec = &self->spec->columns[i];
      GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
      g_autoptr(GtkColumnViewColumn) column = NULL;

      g_object_set_data (G_OBJECT (factory), "page", self);
      g_signal_connect (factory, "setup", G_CALLBACK (on_factory_setup), (gpointer) spec);
      g_signal_connect (factory, "bind", G_CALLBACK (on_factory_bind), (gpointer) spec);
      g_signal_connect (factory, "unbind", G_CALLBACK (on_factory_unbind), (gpointer) spec);

      column = gtk_column_view_column_new (spec->context != NULL ?
                                           g_dpgettext2 (GETTEXT_PACKAGE, spec->context,
                                                         spec->title) :
                                           _(spec->title), factory);
      gtk_column_view_column_set_expand (column, spec->expand);
      gtk_column_view_column_set_resizable (column, TRUE);
      if (spec->sort_field != NULL)
        {
          g_autoptr(GtkSorter) column_sorter = NULL;

          column_sorter = GTK_SORTER (gtk_custom_sorter_new (probe_compare, (gpointer) spec,
                                                             NULL));
          gtk_column_view_column_set_sorter (column, column_sorter);
        }
      gtk_column_view_append_column (self->column_view, column);
    }

  sorter = gtk_column_view_get_sorter (self->column_view);
  g_signal_connect_object (sorter, "changed", G_CALLBACK (on_sorter_changed), self, 0);
}

static void
kontor_list_page_constructed (GObject *object)
{
  KontorListPage *self = (KontorListPage *) object;
  g_autoptr(GError) error = NULL;

  G_OBJECT_CLASS (kontor_list_page_parent_class)->constructed (object);

  g_assert (self->spec != NULL);
  g_assert (self->repository != NULL);

  self->model = kontor_list_model_new (self->repository, self->spec->get_type ());
  kontor_list_model_set_background (self->model, TRUE);
  g_signal_connect_object (self->model, "notify::loading", G_CALLBACK (update_state), self,
                           G_CONNECT_SWAPPED);
  if (!kontor_list_model_set_sort (self->model, self->spec->default_sort,
                                   self->spec->default_descending, &error))
    g_message ("Cannot sort %s: %s", self->spec->name, error->message);
  g_signal_connect_object (self->model, "items-changed", G_CALLBACK (on_items_changed), self, 0);

  /* Nothing is selected until the user picks a row */
  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (self->model));
  kontor_view_bind_while_mapped (GTK_WIDGET (self->column_view),
                                 GTK_SELECTION_MODEL (self->selection));

  adw_window_title_set_title (self->window_title, _(self->spec->title));
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->add_button), _(self->spec->add_tooltip));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(self->spec->add_tooltip),
                                  -1);
  g_object_set (self->search_entry, "placeholder-text", _(self->spec->search_placeholder), NULL);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(self->spec->search_placeholder),
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->column_view),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _(self->spec->title),
                                  -1);
  adw_status_page_set_icon_name (self->empty_page, self->spec->icon_name);
  adw_status_page_set_title (self->empty_page, _(self->spec->empty_title));
  adw_status_page_set_description (self->empty_page, _(self->spec->empty_description));
  gtk_button_set_label (self->empty_add_button, _(self->spec->add_label));

  build_columns (self);
  build_filters (self);
  update_state (self);
}

static void
kontor_list_page_dispose (GObject *object)
{
  KontorListPage *self = (KontorListPage *) object;

  if (self->model != NULL)
    g_signal_handlers_disconnect_by_data (self->model, self);
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);

  gtk_widget_dispose_template (GTK_WIDGET (self), KONTOR_TYPE_LIST_PAGE);

  g_clear_object (&self->selection);
  g_clear_object (&self->model);
  g_clear_object (&self->repository);
  g_clear_pointer (&self->filter_dropdowns, g_ptr_array_unref);

  G_OBJECT_CLASS (kontor_list_page_parent_class)->dispose (object);
}

static void
kontor_list_page_finalize (GObject *object)
{
  KontorListPage *self = (KontorListPage *) object;

  g_free (self->count_text);

  G_OBJECT_CLASS (kontor_list_page_parent_class)->finalize (object);
}

static void
kontor_list_page_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  KontorListPage *self = KONTOR_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_REPOSITORY:
      g_value_set_object (value, self->repository);
      break;

    case PROP_NAME:
      g_value_set_string (value, self->spec ? self->spec->name : NULL);
      break;

    case PROP_SHOW_BACK_BUTTON:
      g_value_set_boolean (value, gtk_widget_get_visible (GTK_WIDGET (self->back_button)));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kontor_list_page_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  KontorListPage *self = KONTOR_LIST_PAGE (object);

  switch (prop_id)
    {
    case PROP_REPOSITORY:
      self->repository = g_value_dup_object (value);
      break;

    case PROP_NAME:
      self->spec = find_page_spec (g_value_get_string (value));
      break;

    case PROP_SHOW_BACK_BUTTON:
      if (g_value_get_boolean (value) != gtk_widget_get_visible (GTK_WIDGET (self->back_button)))
        {
          gboolean folded = g_value_get_boolean (value);

          gtk_widget_set_visible (GTK_WIDGET (self->back_button), folded);
          adw_header_bar_set_show_start_title_buttons (self->header_bar, folded);
          /* A narrow window puts the filters below the search entry */
          gtk_orientable_set_orientation (GTK_ORIENTABLE (self->toolbar),
                                          folded ? GTK_ORIENTATION_VERTICAL
                                                 : GTK_ORIENTATION_HORIZONTAL);
          g_object_notify_by_pspec (object, pspec);
        }
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kontor_list_page_class_init (KontorListPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kontor_list_page_constructed;
  object_class->dispose = kontor_list_page_dispose;
  object_class->finalize = kontor_list_page_finalize;
  object_class->get_property = kontor_list_page_get_property;
  object_class->set_property = kontor_list_page_set_property;

  properties[PROP_REPOSITORY] =
    g_param_spec_object ("repository", NULL, NULL,
                         KONTOR_TYPE_REPOSITORY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SHOW_BACK_BUTTON] =
    g_param_spec_boolean ("show-back-button", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KontorListPage::open-record:
   * @entity: the record to open; a new one has id 0
   */
  signals[OPEN_RECORD] =
    g_signal_new ("open-record",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KONTOR_TYPE_ENTITY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kontor-list-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KontorListPage, header_bar);
  gtk_widget_class_bind_template_child (widget_class, KontorListPage, back_button);
  gtk_widget_class_bind_template_child (widget_class, KontorListPage, add_button);
  gtk_widget_class_bind_template_child (widget_class, KontorListPage, window_title);
  gtk_widget_class_bind_template_child (widget_class, KontorListPage, view_toggle_box);
  gtk_widget_class_bind_template_child (widget_class, KontorListPage, toolbar);
  gtk_widget_class_bind_template_child (widget_class, KontorListPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, KontorListPage, filter_box);
  gtk_widget_class_bind_template_child (widget_class, KontorListPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KontorListPage, column_view);
  gtk_widget_class_bind_template_child (widget_class, KontorListPage, empty_page);
  gtk_widget_class_bind_template_child (widget_class, KontorListPage, loading_spinner);
  gtk_widget_class_bind_template_child (widget_class, KontorListPage, empty_add_button);
  gtk_widget_class_bind_template_child (widget_class, KontorListPage, no_results_page);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated);

  gtk_widget_class_install_action (widget_class, "list.new", NULL, new_action);
}

static void
kontor_list_page_init (KontorListPage *self)
{
  self->filter_dropdowns = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_search_entry_set_key_capture_widget (self->search_entry, NULL);
}

/**
 * kontor_list_page_new:
 * @repository: the open database
 * @name: the page: "leads", "deals", "contacts", "companies", "activities",
 *   "products" or "invoices"
 */
GtkWidget *
kontor_list_page_new (KontorRepository *repository,
                      const char       *name)
{
  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (find_page_spec (name) != NULL, NULL);

  return g_object_new (KONTOR_TYPE_LIST_PAGE,
                       "repository", repository,
                       "name", name,
                       NULL);
}

/**
 * kontor_list_page_get_names:
 *
 * Returns: (transfer none): the names of every list page, in sidebar order
 */
const char * const *
kontor_list_page_get_names (void)
{
  static const char * const names[] = {
    "leads", "deals", "contacts", "companies", "activities", "products", "invoices", NULL
  };

  return names;
}

const char *
kontor_list_page_get_name (KontorListPage *self)
{
  g_return_val_if_fail (KONTOR_IS_LIST_PAGE (self), NULL);

  return self->spec->name;
}

const char *
kontor_list_page_get_title (KontorListPage *self)
{
  g_return_val_if_fail (KONTOR_IS_LIST_PAGE (self), NULL);

  return _(self->spec->title);
}

const char *
kontor_list_page_get_icon_name (KontorListPage *self)
{
  g_return_val_if_fail (KONTOR_IS_LIST_PAGE (self), NULL);

  return self->spec->icon_name;
}

KontorListModel *
kontor_list_page_get_model (KontorListPage *self)
{
  g_return_val_if_fail (KONTOR_IS_LIST_PAGE (self), NULL);

  return self->model;
}

GtkColumnView *
kontor_list_page_get_column_view (KontorListPage *self)
{
  g_return_val_if_fail (KONTOR_IS_LIST_PAGE (self), NULL);

  return self->column_view;
}

/**
 * kontor_list_page_get_count_text:
 *
 * Returns: the count shown under the title, such as "12 contacts"
 */
const char *
kontor_list_page_get_count_text (KontorListPage *self)
{
  g_return_val_if_fail (KONTOR_IS_LIST_PAGE (self), NULL);

  return self->count_text;
}

/**
 * kontor_list_page_get_visible_state:
 *
 * Returns: "list", "empty", "no-results" or "alternate"
 */
const char *
kontor_list_page_get_visible_state (KontorListPage *self)
{
  g_return_val_if_fail (KONTOR_IS_LIST_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

void
kontor_list_page_set_search_text (KontorListPage *self,
                                  const char     *text)
{
  g_return_if_fail (KONTOR_IS_LIST_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* Don't wait for the entry's typing delay */
  on_search_changed (self);
}

void
kontor_list_page_focus_search (KontorListPage *self)
{
  g_return_if_fail (KONTOR_IS_LIST_PAGE (self));

  if (self->alternate_shown)
    kontor_list_page_set_alternate_shown (self, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

/**
 * kontor_list_page_create_record:
 *
 * Emits #KontorListPage::open-record with a new, unsaved record.
 */
void
kontor_list_page_create_record (KontorListPage *self)
{
  g_autoptr(KontorEntity) entity = NULL;

  g_return_if_fail (KONTOR_IS_LIST_PAGE (self));

  entity = g_object_new (self->spec->get_type (), NULL);
  g_signal_emit (self, signals[OPEN_RECORD], 0, entity);
}

/**
 * kontor_list_page_set_alternate_view:
 * @view: another view of the same records, such as the deal board
 *
 * Adds a List / @title switch to the header.
 */
void
kontor_list_page_set_alternate_view (KontorListPage *self,
                                     GtkWidget      *view,
                                     const char     *title,
                                     const char     *icon_name,
                                     gboolean        shown)
{
  GtkWidget *list_toggle;
  GtkWidget *alternate_toggle;

  g_return_if_fail (KONTOR_IS_LIST_PAGE (self));
  g_return_if_fail (self->alternate_view == NULL);

  self->alternate_view = view;
  gtk_stack_add_named (self->stack, view, "alternate");

  alternate_toggle = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (alternate_toggle), icon_name);
  gtk_widget_set_tooltip_text (alternate_toggle, title);
  gtk_accessible_update_property (GTK_ACCESSIBLE (alternate_toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);

  list_toggle = gtk_toggle_button_new ();
  gtk_button_set_icon_name (GTK_BUTTON (list_toggle), "view-list-symbolic");
  gtk_widget_set_tooltip_text (list_toggle, _("List"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (list_toggle),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("List"), -1);
  gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (list_toggle),
                               GTK_TOGGLE_BUTTON (alternate_toggle));

  gtk_box_append (self->view_toggle_box, alternate_toggle);
  gtk_box_append (self->view_toggle_box, list_toggle);
  gtk_widget_set_visible (GTK_WIDGET (self->view_toggle_box), TRUE);
  self->alternate_toggle = GTK_TOGGLE_BUTTON (alternate_toggle);
  self->list_toggle = GTK_TOGGLE_BUTTON (list_toggle);

  gtk_toggle_button_set_active (shown ? self->alternate_toggle : self->list_toggle, TRUE);
  self->alternate_shown = shown;
  g_signal_connect (alternate_toggle, "toggled", G_CALLBACK (on_view_toggled), self);
  g_signal_connect (list_toggle, "toggled", G_CALLBACK (on_view_toggled), self);
  update_state (self);
}

gboolean
kontor_list_page_get_alternate_shown (KontorListPage *self)
{
  g_return_val_if_fail (KONTOR_IS_LIST_PAGE (self), FALSE);

  return self->alternate_shown;
}

void
kontor_list_page_set_alternate_shown (KontorListPage *self,
                                      gboolean        shown)
{
  g_return_if_fail (KONTOR_IS_LIST_PAGE (self));

  shown = shown && self->alternate_view != NULL;
  if (self->alternate_shown == shown)
    return;

  self->alternate_shown = shown;
  if (self->alternate_toggle != NULL)
    gtk_toggle_button_set_active (shown ? self->alternate_toggle : self->list_toggle, TRUE);
  update_state (self);
}
