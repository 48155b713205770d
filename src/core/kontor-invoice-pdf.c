/* kontor-invoice-pdf.c: an invoice drawn with Cairo and Pango
 *
 * One drawing routine serves the PDF file and the printer: it walks the
 * whole document each time, measuring every block, and paints only what
 * falls on the page asked for, so that the page breaks of a preview, a
 * print and a PDF are the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-invoice-pdf"

#include "config.h"

#include <inttypes.h>

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "kontor-amount-words.h"
#include "kontor-company.h"
#include "kontor-contact.h"
#include "kontor-error.h"
#include "kontor-invoice.h"
#include "kontor-invoice-pdf.h"
#include "kontor-money.h"
#include "kontor-pricing.h"
#include "kontor-product.h"

#define MARGIN      42.0
#define FONT_FAMILY "DejaVu Sans, Cantarell, Sans"
#define BODY_SIZE   9.0
#define TABLE_SIZE  8.5
#define HEADER_SIZE 7.5
#define SMALL_SIZE  8.0
#define CELL_PAD    3.0

typedef struct
{
  char *name;
  char *quantity;
  char *unit;
  char *price;
  char *discount;
  char *vat_rate;
  char *total;
} Row;

struct _KontorInvoiceLayout
{
  gboolean   russian;
  char      *currency;
  guint      digits;

  /* seller */
  char      *seller_name;
  char      *seller_tax_id;
  char      *seller_kpp;
  char      *seller_address;
  char      *seller_bank;
  char      *seller_account;
  char      *seller_bic;
  char      *seller_corr;
  char      *seller_director;
  cairo_surface_t *logo;

  /* buyer */
  char      *buyer_name;
  char      *buyer_details;

  char      *number;
  char      *issued_on;
  char      *due_on;
  char      *comment;

  GPtrArray *rows;
  gboolean   any_discount;
  gboolean   any_vat;
  gboolean   all_included;
  gint64     amount;
  gint64     discount;
  gint64     net;
  gint64     vat;
  gint64     total;
  char      *words;
};

/* Labels: the invoice speaks its own language, which may differ from the
 * program's; Russian legal wording is fixed here, other languages go
 * through gettext. */
typedef struct
{
  const char *msgid;
  const char *ru;
} Label;

static const Label labels[] = {
  { N_("Invoice No. %s"), "Счёт на оплату № %s" },
  { N_("of %s"), "от %s" },
  { N_("Seller"), "Поставщик" },
  { N_("Buyer"), "Покупатель" },
  { N_("Payment details"), "Реквизиты для оплаты" },
  { N_("Recipient"), "Получатель" },
  { N_("Tax ID"), "ИНН" },
  { N_("KPP"), "КПП" },
  { N_("Bank"), "Банк получателя" },
  { N_("BIC / SWIFT"), "БИК" },
  { N_("Account"), "Расчётный счёт" },
  { N_("Correspondent account"), "Корр. счёт" },
  { N_("#"), "№" },
  { N_("Item"), "Товары (работы, услуги)" },
  { N_("Qty"), "Кол-во" },
  { N_("Unit"), "Ед." },
  { N_("Price"), "Цена" },
  { N_("Discount"), "Скидка" },
  { N_("VAT"), "НДС" },
  { N_("Amount"), "Сумма" },
  { N_("Subtotal without VAT:"), "Итого без НДС:" },
  { N_("Discount:"), "Скидка:" },
  { N_("VAT:"), "НДС:" },
  { N_("Including VAT:"), "В том числе НДС:" },
  { N_("No VAT"), "Без НДС" },
  { N_("Total due:"), "Всего к оплате:" },
  { N_("Items: %u, amount %s %s"), "Всего наименований %u, на сумму %s %s" },
  { N_("Amount in words: %s"), "%s" },
  { N_("Please pay by %s."), "Оплатить не позднее %s" },
  { N_("Please quote the invoice number with your payment."),
    "В назначении платежа, пожалуйста, укажите номер счёта." },
  { N_("Director"), "Руководитель" },
  { N_("Page %u of %u"), "Страница %u из %u" },
};

static const char *L (KontorInvoiceLayout *self,
                      const char          *msgid) G_GNUC_FORMAT (2);

static const char *
L (KontorInvoiceLayout *self,
   const char          *msgid)
{
  if (self->russian)
    for (guint i = 0; i < G_N_ELEMENTS (labels); i++)
      if (g_str_equal (labels[i].msgid, msgid))
        return labels[i].ru;

  return _(msgid);
}

static void
row_free (gpointer data)
{
  Row *row = data;

  g_free (row->name);
  g_free (row->quantity);
  g_free (row->unit);
  g_free (row->price);
  g_free (row->discount);
  g_free (row->vat_rate);
  g_free (row->total);
  g_free (row);
}

/* "1 234 567,89" in Russian, "1,234,567.89" in English */
static char *
format_amount (KontorInvoiceLayout *self,
               gint64               minor)
{
  g_autofree char *plain = kontor_money_to_plain (minor < 0 ? -minor : minor, self->currency);
  const char *dot = strchr (plain, '.');
  gsize int_len = dot ? (gsize) (dot - plain) : strlen (plain);
  GString *out = g_string_new (minor < 0 ? "−" : "");

  for (gsize i = 0; i < int_len; i++)
    {
      if (i > 0 && (int_len - i) % 3 == 0)
        g_string_append (out, self->russian ? "\u202f" : ",");
      g_string_append_c (out, plain[i]);
    }
  if (dot)
    {
      g_string_append_c (out, self->russian ? ',' : '.');
      g_string_append (out, dot + 1);
    }

  return g_string_free (out, FALSE);
}

static char *
format_quantity (KontorInvoiceLayout *self,
                 gint64               thousandths)
{
  char *plain = kontor_quantity_to_plain (thousandths);

  if (self->russian)
    g_strdelimit (plain, ".", ',');
  return plain;
}

static char *
format_rate (KontorInvoiceLayout *self,
             gint64               basis_points)
{
  g_autofree char *number = NULL;

  /* The totals say "No VAT"; a dash keeps the column narrow */
  if (basis_points < 0)
    return g_strdup ("—");

  if (basis_points % 100 == 0)
    number = g_strdup_printf ("%" PRId64, basis_points / 100);
  else
    number = g_strdup_printf ("%" PRId64 "%c%02" PRId64, basis_points / 100,
                              self->russian ? ',' : '.', basis_points % 100);

  return g_strdup_printf ("%s\u00a0%%", number);
}

static char *
format_date (KontorInvoiceLayout *self,
             const char          *iso)
{
  static const char * const ru_months[] = {
    "января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
    "октября", "ноября", "декабря",
  };
  static const char * const en_months[] = {
    N_("January"), N_("February"), N_("March"), N_("April"), N_("May"), N_("June"), N_("July"),
    N_("August"), N_("September"), N_("October"), N_("November"), N_("December"),
  };
  guint year = 0, month = 0, day = 0;

  if (iso == NULL || sscanf (iso, "%u-%u-%u", &year, &month, &day) != 3 ||
      month < 1 || month > 12)
    return g_strdup (iso ? iso : "");

  if (self->russian)
    return g_strdup_printf ("%u %s %u г.", day, ru_months[month - 1], year);

  return g_strdup_printf ("%u %s %u", day, _(en_months[month - 1]), year);
}

static const char *
currency_short (KontorInvoiceLayout *self)
{
  if (self->russian && g_str_equal (self->currency, "RUB"))
    return "руб.";
  return self->currency;
}

static char *
join_details (const char *first,
              ...)
{
  GString *out = g_string_new (NULL);
  va_list args;

  va_start (args, first);
  for (const char *part = first; part != NULL; part = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (value == NULL || *value == '\0')
        continue;
      if (out->len > 0)
        g_string_append (out, ", ");
      if (*part != '\0')
        g_string_append_printf (out, "%s %s", part, value);
      else
        g_string_append (out, value);
    }
  va_end (args);

  return g_string_free (out, FALSE);
}

static gboolean
load_buyer (KontorInvoiceLayout  *self,
            KontorRepository     *repository,
            KontorEntity         *invoice,
            GError              **error)
{
  gint64 company_id = kontor_entity_get_int (invoice, "company");
  gint64 contact_id = kontor_entity_get_int (invoice, "contact");
  g_autoptr(KontorEntity) company = NULL;
  g_autoptr(KontorEntity) contact = NULL;
  g_autofree char *contact_name = NULL;

  if (contact_id != 0)
    {
      contact = kontor_repository_find (repository, KONTOR_TYPE_CONTACT, contact_id, error);
      if (contact == NULL)
        return FALSE;
      contact_name = kontor_entity_dup_display_name (contact);
      if (company_id == 0)
        company_id = kontor_entity_get_int (contact, "company");
    }

  if (company_id != 0)
    {
      company = kontor_repository_find (repository, KONTOR_TYPE_COMPANY, company_id, error);
      if (company == NULL)
        return FALSE;
      self->buyer_name = kontor_entity_dup_display_name (company);
      self->buyer_details = join_details (L (self, N_("Tax ID")),
                                          kontor_entity_get_text (company, "tax_id"),
                                          L (self, N_("KPP")),
                                          kontor_entity_get_text (company, "kpp"),
                                          "", kontor_entity_get_text (company, "address"),
                                          "", contact_name,
                                          NULL);
    }
  else if (contact != NULL)
    {
      self->buyer_name = g_steal_pointer (&contact_name);
      self->buyer_details = join_details ("", kontor_entity_get_text (contact, "address"), NULL);
    }
  else
    {
      self->buyer_name = g_strdup ("—");
      self->buyer_details = g_strdup ("");
    }

  return TRUE;
}

/* Drawing ----------------------------------------------------------------- */

static PangoLayout *
make_text (cairo_t    *cr,
           const char *text,
           double      size,
           gboolean    bold,
           double      width,
           PangoAlignment align)
{
  PangoLayout *layout = pango_cairo_create_layout (cr);
  g_autoptr(PangoFontDescription) font = pango_font_description_from_string (FONT_FAMILY);
  cairo_font_options_t *options = cairo_font_options_create ();

  /* Metrics that do not depend on the device, so pages break the same on
   * paper and in the PDF */
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  pango_cairo_context_set_font_options (pango_layout_get_context (layout), options);
  cairo_font_options_destroy (options);
  pango_layout_context_changed (layout);

  pango_font_description_set_size (font, (int) (size * PANGO_SCALE));
  pango_font_description_set_weight (font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  pango_layout_set_font_description (layout, font);
  if (width > 0)
    {
      pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
      pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
    }
  pango_layout_set_alignment (layout, align);
  pango_layout_set_text (layout, text ? text : "", -1);
  return layout;
}

static double
text_height (PangoLayout *layout)
{
  int height;

  pango_layout_get_size (layout, NULL, &height);
  return (double) height / PANGO_SCALE;
}

/* Draws (when @draw) a block of text and returns its height */
static double
put_text (cairo_t        *cr,
          gboolean        draw,
          double          x,
          double          y,
          double          width,
          const char     *text,
          double          size,
          gboolean        bold,
          PangoAlignment  align)
{
  g_autoptr(PangoLayout) layout = make_text (cr, text, size, bold, width, align);

  if (draw)
    {
      cairo_move_to (cr, x, y);
      pango_cairo_show_layout (cr, layout);
    }

  return text_height (layout);
}

static void
stroke_rect (cairo_t *cr,
             double   x,
             double   y,
             double   width,
             double   height)
{
  cairo_rectangle (cr, x, y, width, height);
  cairo_stroke (cr);
}

typedef struct
{
  KontorInvoiceLayout *self;
  cairo_t             *cr;
  int                  page;      /* the page to draw; -1 to measure only */
  int                  current;   /* the page being walked */
  double               y;
  double               width;
  double               bottom;
} Walk;

static gboolean
walk_draws (Walk *walk)
{
  return walk->page == walk->current;
}

static double
draw_header (Walk *walk)
{
  KontorInvoiceLayout *self = walk->self;
  cairo_t *cr = walk->cr;
  gboolean draw = walk_draws (walk);
  double x = MARGIN, y = walk->y, logo_w = 0, h;
  double label_w = 150, box_h;
  struct { const char *label; const char *value; } details[] = {
    { N_("Recipient"), self->seller_name },
    { N_("Tax ID"), self->seller_tax_id },
    { N_("KPP"), self->seller_kpp },
    { N_("Bank"), self->seller_bank },
    { N_("BIC / SWIFT"), self->seller_bic },
    { N_("Correspondent account"), self->seller_corr },
    { N_("Account"), self->seller_account },
  };

  /* Logo and the seller's name */
  if (self->logo != NULL)
    {
      double lw = cairo_image_surface_get_width (self->logo);
      double lh = cairo_image_surface_get_height (self->logo);
      double scale = MIN (48.0 / lh, 140.0 / lw);

      logo_w = lw * scale + 12;
      if (draw)
        {
          cairo_save (cr);
          cairo_translate (cr, x, y);
          cairo_scale (cr, scale, scale);
          cairo_set_source_surface (cr, self->logo, 0, 0);
          cairo_paint (cr);
          cairo_restore (cr);
        }
    }
  h = put_text (cr, draw, x + logo_w, y, walk->width - logo_w, self->seller_name, 14, TRUE,
                PANGO_ALIGN_LEFT);
  h += put_text (cr, draw, x + logo_w, y + h + 2, walk->width - logo_w, self->seller_address,
                 SMALL_SIZE, FALSE, PANGO_ALIGN_LEFT) + 2;
  y += MAX (h, self->logo ? 48.0 : 0) + 14;

  /* Payment details box */
  h = put_text (cr, draw, x, y, walk->width, L (self, N_("Payment details")), SMALL_SIZE, TRUE,
                PANGO_ALIGN_LEFT);
  y += h + 3;
  box_h = 0;
  for (guint i = 0; i < G_N_ELEMENTS (details); i++)
    {
      double lh, vh, row_h;

      if (details[i].value == NULL || *details[i].value == '\0')
        continue;

      lh = put_text (cr, draw, x + CELL_PAD, y + box_h + CELL_PAD, label_w - 2 * CELL_PAD,
                     L (self, details[i].label), SMALL_SIZE, FALSE, PANGO_ALIGN_LEFT);
      vh = put_text (cr, draw, x + label_w + CELL_PAD, y + box_h + CELL_PAD,
                     walk->width - label_w - 2 * CELL_PAD, details[i].value, BODY_SIZE,
                     i == 0 || i == 6, PANGO_ALIGN_LEFT);
      row_h = MAX (lh, vh) + 2 * CELL_PAD;
      if (draw)
        {
          cairo_set_line_width (cr, 0.5);
          stroke_rect (cr, x, y + box_h, label_w, row_h);
          stroke_rect (cr, x + label_w, y + box_h, walk->width - label_w, row_h);
        }
      box_h += row_h;
    }
  y += box_h + 18;

  /* Title */
  {
    g_autofree char *date = format_date (self, self->issued_on);
    g_autofree char *number = g_strdup_printf (L (self, N_("Invoice No. %s")), self->number);
    g_autofree char *of = g_strdup_printf (L (self, N_("of %s")), date);
    g_autofree char *title = self->issued_on ? g_strdup_printf ("%s %s", number, of)
                                             : g_strdup (number);

    h = put_text (cr, draw, x, y, walk->width, title, 12.5, TRUE, PANGO_ALIGN_LEFT);
    y += h + 4;
    if (draw)
      {
        cairo_set_line_width (cr, 1.5);
        cairo_move_to (cr, x, y);
        cairo_line_to (cr, x + walk->width, y);
        cairo_stroke (cr);
      }
    y += 10;
  }

  /* Seller and buyer */
  {
    g_autofree char *seller = join_details ("", self->seller_name,
                                            L (self, N_("Tax ID")), self->seller_tax_id,
                                            L (self, N_("KPP")), self->seller_kpp,
                                            "", self->seller_address, NULL);
    g_autofree char *buyer = join_details ("", self->buyer_name, "", self->buyer_details, NULL);
    struct { const char *label; const char *text; } parties[] = {
      { N_("Seller"), seller },
      { N_("Buyer"), buyer },
    };

    for (guint i = 0; i < G_N_ELEMENTS (parties); i++)
      {
        g_autofree char *label = g_strdup_printf ("%s:", L (self, parties[i].label));
        double lh = put_text (cr, draw, x, y, 90, label, BODY_SIZE, FALSE, PANGO_ALIGN_LEFT);
        double vh = put_text (cr, draw, x + 90, y, walk->width - 90, parties[i].text, BODY_SIZE,
                              TRUE, PANGO_ALIGN_LEFT);

        y += MAX (lh, vh) + 6;
      }
  }

  return y + 8 - walk->y;
}

typedef struct
{
  const char     *label;
  double          width;    /* 0 = what is left */
  PangoAlignment  align;
} Column;

static guint
get_columns (KontorInvoiceLayout *self,
             double               total_width,
             Column              *columns)
{
  Column all[] = {
    { N_("#"), 20, PANGO_ALIGN_CENTER },
    { N_("Item"), 0, PANGO_ALIGN_LEFT },
    { N_("Qty"), 46, PANGO_ALIGN_RIGHT },
    { N_("Unit"), 30, PANGO_ALIGN_LEFT },
    { N_("Price"), 62, PANGO_ALIGN_RIGHT },
    { N_("Discount"), 56, PANGO_ALIGN_RIGHT },
    { N_("VAT"), 44, PANGO_ALIGN_RIGHT },
    { N_("Amount"), 72, PANGO_ALIGN_RIGHT },
  };
  double used = 0;
  guint n = 0;

  for (guint i = 0; i < G_N_ELEMENTS (all); i++)
    {
      if (i == 5 && !self->any_discount)
        continue;
      columns[n] = all[i];
      columns[n].label = L (self, all[i].label);
      used += all[i].width;
      n++;
    }
  for (guint i = 0; i < n; i++)
    if (columns[i].width == 0)
      columns[i].width = total_width - used;

  return n;
}

static double
draw_row (Walk        *walk,
          const char **cells,
          gboolean     header)
{
  KontorInvoiceLayout *self = walk->self;
  cairo_t *cr = walk->cr;
  gboolean draw = walk_draws (walk);
  Column columns[8];
  guint n = get_columns (self, walk->width, columns);
  double height = 0, x = MARGIN;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(PangoLayout) layout = make_text (cr, cells[i], header ? HEADER_SIZE : TABLE_SIZE,
                                                 header, columns[i].width - 2 * CELL_PAD,
                                                 header ? PANGO_ALIGN_CENTER : columns[i].align);
      height = MAX (height, text_height (layout));
    }
  height += 2 * CELL_PAD;

  if (!draw)
    return height;

  if (header)
    {
      cairo_set_source_rgb (cr, 0.93, 0.93, 0.93);
      cairo_rectangle (cr, MARGIN, walk->y, walk->width, height);
      cairo_fill (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
    }

  cairo_set_line_width (cr, 0.5);
  for (guint i = 0; i < n; i++)
    {
      put_text (cr, TRUE, x + CELL_PAD, walk->y + CELL_PAD, columns[i].width - 2 * CELL_PAD,
                cells[i], header ? HEADER_SIZE : TABLE_SIZE, header,
                header ? PANGO_ALIGN_CENTER : columns[i].align);
      stroke_rect (cr, x, walk->y, columns[i].width, height);
      x += columns[i].width;
    }

  return height;
}

static double
draw_table_row (Walk  *walk,
                guint  index)
{
  KontorInvoiceLayout *self = walk->self;
  Row *row = g_ptr_array_index (self->rows, index);
  g_autofree char *number = g_strdup_printf ("%u", index + 1);
  const char *cells[8];
  guint n = 0;

  cells[n++] = number;
  cells[n++] = row->name;
  cells[n++] = row->quantity;
  cells[n++] = row->unit;
  cells[n++] = row->price;
  if (self->any_discount)
    cells[n++] = row->discount;
  cells[n++] = row->vat_rate;
  cells[n++] = row->total;

  return draw_row (walk, cells, FALSE);
}

static double
draw_table_header (Walk *walk)
{
  KontorInvoiceLayout *self = walk->self;
  Column columns[8];
  const char *cells[8];
  guint n = get_columns (self, walk->width, columns);

  for (guint i = 0; i < n; i++)
    cells[i] = columns[i].label;

  return draw_row (walk, cells, TRUE);
}

static double
draw_footer (Walk *walk)
{
  KontorInvoiceLayout *self = walk->self;
  cairo_t *cr = walk->cr;
  gboolean draw = walk_draws (walk);
  double y = walk->y + 8;
  double label_x = MARGIN + walk->width - 300, value_w = 110;
  g_autofree char *net = format_amount (self, self->net);
  g_autofree char *vat = format_amount (self, self->vat);
  g_autofree char *total = format_amount (self, self->total);
  g_autofree char *discount = format_amount (self, self->discount);
  struct { const char *label; const char *value; gboolean bold; gboolean shown; } totals[] = {
    { N_("Discount:"), discount, FALSE, self->discount > 0 },
    { N_("Subtotal without VAT:"), net, FALSE, TRUE },
    { self->all_included ? N_("Including VAT:") : N_("VAT:"),
      self->any_vat ? vat : L (self, N_("No VAT")), FALSE, TRUE },
    { N_("Total due:"), total, TRUE, TRUE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (totals); i++)
    {
      double h;

      if (!totals[i].shown)
        continue;
      put_text (cr, draw, label_x, y, 300 - value_w - 8, L (self, totals[i].label),
                totals[i].bold ? 10.5 : BODY_SIZE, totals[i].bold, PANGO_ALIGN_RIGHT);
      h = put_text (cr, draw, MARGIN + walk->width - value_w, y, value_w, totals[i].value,
                    totals[i].bold ? 10.5 : BODY_SIZE, TRUE, PANGO_ALIGN_RIGHT);
      y += h + 3;
    }
  y += 10;

  {
    g_autofree char *summary = g_strdup_printf (L (self, N_("Items: %u, amount %s %s")),
                                                self->rows->len, total, currency_short (self));
    g_autofree char *words = g_strdup_printf (L (self, N_("Amount in words: %s")), self->words);

    y += put_text (cr, draw, MARGIN, y, walk->width, summary, BODY_SIZE, FALSE,
                   PANGO_ALIGN_LEFT) + 2;
    y += put_text (cr, draw, MARGIN, y, walk->width, words, 10, TRUE, PANGO_ALIGN_LEFT) + 12;
  }

  if (self->due_on != NULL)
    {
      g_autofree char *date = format_date (self, self->due_on);
      g_autofree char *text = g_strdup_printf (L (self, N_("Please pay by %s.")), date);

      y += put_text (cr, draw, MARGIN, y, walk->width, text, BODY_SIZE, TRUE,
                     PANGO_ALIGN_LEFT) + 2;
    }
  y += put_text (cr, draw, MARGIN, y, walk->width,
                 L (self, N_("Please quote the invoice number with your payment.")), SMALL_SIZE,
                 FALSE, PANGO_ALIGN_LEFT) + 4;
  if (self->comment != NULL)
    y += put_text (cr, draw, MARGIN, y, walk->width, self->comment, SMALL_SIZE, FALSE,
                   PANGO_ALIGN_LEFT) + 4;

  /* Line under the totals, then the signature */
  y += 26;
  if (draw)
    {
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, MARGIN, y - 14);
      cairo_line_to (cr, MARGIN + walk->width, y - 14);
      cairo_stroke (cr);
    }
  {
    g_autofree char *label = g_strdup_printf ("%s", L (self, N_("Director")));
    double h = put_text (cr, draw, MARGIN, y, 100, label, BODY_SIZE, TRUE, PANGO_ALIGN_LEFT);

    if (draw)
      {
        cairo_set_line_width (cr, 0.5);
        cairo_move_to (cr, MARGIN + 105, y + h);
        cairo_line_to (cr, MARGIN + 245, y + h);
        cairo_stroke (cr);
      }
    put_text (cr, draw, MARGIN + 255, y, walk->width - 255,
              self->seller_director ? self->seller_director : "", BODY_SIZE, FALSE,
              PANGO_ALIGN_LEFT);
    y += h + 4;
  }

  return y - walk->y;
}

static void
draw_page_number (Walk  *walk,
                  guint  n_pages)
{
  g_autofree char *text = NULL;

  if (!walk_draws (walk) || n_pages < 2)
    return;

  text = g_strdup_printf (L (walk->self, N_("Page %u of %u")), walk->current + 1, n_pages);
  put_text (walk->cr, TRUE, MARGIN, KONTOR_INVOICE_PAGE_HEIGHT - MARGIN + 10, walk->width, text,
            SMALL_SIZE, FALSE, PANGO_ALIGN_RIGHT);
}

/* Walks the whole document; draws page @page (or nothing for -1) and
 * returns the number of pages. */
static guint
walk_document (KontorInvoiceLayout *self,
               cairo_t             *cr,
               int                  page,
               guint                n_pages)
{
  Walk walk = { self, cr, page, 0, MARGIN, KONTOR_INVOICE_PAGE_WIDTH - 2 * MARGIN,
                KONTOR_INVOICE_PAGE_HEIGHT - MARGIN };
  double footer_h;
  Walk probe;

  if (page >= 0)
    {
      cairo_save (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
    }

  walk.y += draw_header (&walk);
  walk.y += draw_table_header (&walk);

  for (guint i = 0; i < self->rows->len; i++)
    {
      probe = walk;
      probe.page = -1;
      if (walk.y + draw_table_row (&probe, i) > walk.bottom)
        {
          draw_page_number (&walk, n_pages);
          walk.current++;
          walk.y = MARGIN;
          walk.y += draw_table_header (&walk);
        }
      walk.y += draw_table_row (&walk, i);
    }

  probe = walk;
  probe.page = -1;
  footer_h = draw_footer (&probe);
  if (walk.y + footer_h > walk.bottom)
    {
      draw_page_number (&walk, n_pages);
      walk.current++;
      walk.y = MARGIN;
    }
  draw_footer (&walk);
  draw_page_number (&walk, n_pages);

  if (page >= 0)
    cairo_restore (cr);

  return walk.current + 1;
}

/* Public API -------------------------------------------------------------- */

void
kontor_invoice_layout_free (KontorInvoiceLayout *self)
{
  if (self == NULL)
    return;

  g_free (self->currency);
  g_free (self->seller_name);
  g_free (self->seller_tax_id);
  g_free (self->seller_kpp);
  g_free (self->seller_address);
  g_free (self->seller_bank);
  g_free (self->seller_account);
  g_free (self->seller_bic);
  g_free (self->seller_corr);
  g_free (self->seller_director);
  g_clear_pointer (&self->logo, cairo_surface_destroy);
  g_free (self->buyer_name);
  g_free (self->buyer_details);
  g_free (self->number);
  g_free (self->issued_on);
  g_free (self->due_on);
  g_free (self->comment);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self->words);
  g_free (self);
}

/**
 * kontor_invoice_layout_new:
 * @seller: the seller's details, printed on the invoice
 * @language: the invoice's language: "ru…" for Russian wording and
 *   amount in words, anything else for the program's language
 *
 * Collects everything the invoice shows: lines, totals (recomputed from
 * the lines), buyer, amount in words.
 */
KontorInvoiceLayout *
kontor_invoice_layout_new (KontorRepository    *repository,
                           KontorEntity        *invoice,
                           const KontorSeller  *seller,
                           const char          *language,
                           GError             **error)
{
  g_autoptr(KontorInvoiceLayout) self = g_new0 (KontorInvoiceLayout, 1);
  g_autoptr(GListModel) lines = NULL;
  KontorLineTotals sum = { 0, };
  guint n, n_with_vat = 0, n_included = 0;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);
  g_return_val_if_fail (KONTOR_IS_INVOICE (invoice), NULL);
  g_return_val_if_fail (seller != NULL, NULL);

  self->russian = language != NULL && g_ascii_strncasecmp (language, "ru", 2) == 0;
  self->currency = g_strdup (kontor_entity_get_text (invoice, "currency"));
  if (self->currency == NULL)
    self->currency = g_strdup (kontor_repository_get_default_currency (repository));
  self->digits = kontor_currency_get_digits (self->currency);

  self->seller_name = g_strdup (seller->name ? seller->name : "");
  self->seller_tax_id = g_strdup (seller->tax_id);
  self->seller_kpp = g_strdup (seller->kpp);
  self->seller_address = g_strdup (seller->address);
  self->seller_bank = g_strdup (seller->bank_name);
  self->seller_account = g_strdup (seller->bank_account);
  self->seller_bic = g_strdup (seller->bank_bic);
  self->seller_corr = g_strdup (seller->correspondent_account);
  self->seller_director = g_strdup (seller->director);
  if (seller->logo_path != NULL && *seller->logo_path != '\0')
    {
      cairo_surface_t *logo = cairo_image_surface_create_from_png (seller->logo_path);

      /* A missing or broken logo is left out rather than failing the invoice */
      if (cairo_surface_status (logo) == CAIRO_STATUS_SUCCESS)
        self->logo = logo;
      else
        {
          g_debug ("Could not load the logo %s", seller->logo_path);
          cairo_surface_destroy (logo);
        }
    }

  self->number = g_strdup (kontor_entity_get_text (invoice, "number"));
  self->issued_on = g_strdup (kontor_entity_get_text (invoice, "issued_on"));
  self->due_on = g_strdup (kontor_entity_get_text (invoice, "due_on"));
  self->comment = g_strdup (kontor_entity_get_text (invoice, "comment"));

  if (!load_buyer (self, repository, invoice, error))
    return NULL;

  self->rows = g_ptr_array_new_with_free_func (row_free);
  lines = kontor_pricing_list_lines (repository, invoice);
  n = g_list_model_get_n_items (lines);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KontorEntity) line = g_list_model_get_item (lines, i);
      KontorLineInput input;
      KontorLineTotals totals;
      Row *row;

      if (line == NULL)
        continue;

      kontor_pricing_input_from_entity (line, &input);
      if (!kontor_pricing_compute_line (&input, &totals, error) ||
          !kontor_pricing_add_totals (&sum, &totals, error))
        return NULL;

      row = g_new0 (Row, 1);
      row->name = g_strdup (kontor_entity_get_text (line, "name"));
      row->quantity = format_quantity (self, input.quantity);
      row->unit = g_strdup (kontor_entity_get_text (line, "unit"));
      row->price = format_amount (self, input.price);
      if (totals.discount > 0)
        {
          self->any_discount = TRUE;
          if (input.discount_percent > 0 && input.discount == 0)
            row->discount = format_rate (self, input.discount_percent);
          else
            row->discount = format_amount (self, totals.discount);
        }
      else
        row->discount = g_strdup ("—");
      row->vat_rate = format_rate (self, input.vat_rate);
      row->total = format_amount (self, totals.total);
      g_ptr_array_add (self->rows, row);

      if (input.vat_rate > 0)
        {
          n_with_vat++;
          if (input.vat_included)
            n_included++;
        }
    }

  self->amount = sum.amount;
  self->discount = sum.discount;
  self->net = sum.net;
  self->vat = sum.vat;
  self->total = sum.total;
  self->any_vat = n_with_vat > 0;
  self->all_included = n_with_vat > 0 && n_included == n_with_vat;
  self->words = kontor_amount_to_words (sum.total, self->currency,
                                        self->russian ? "ru" : "en",
                                        KONTOR_AMOUNT_WORDS_DEFAULT);

  return g_steal_pointer (&self);
}

guint
kontor_invoice_layout_get_n_pages (KontorInvoiceLayout *self,
                                   cairo_t             *cr)
{
  g_return_val_if_fail (self != NULL, 0);

  return walk_document (self, cr, -1, 0);
}

/* Draws one page in A4 points from the top left corner of @cr */
void
kontor_invoice_layout_draw_page (KontorInvoiceLayout *self,
                                 cairo_t             *cr,
                                 guint                page)
{
  guint n_pages;

  g_return_if_fail (self != NULL);

  n_pages = walk_document (self, cr, -1, 0);
  walk_document (self, cr, (int) page, n_pages);
}

gboolean
kontor_invoice_write_pdf (KontorRepository    *repository,
                          KontorEntity        *invoice,
                          const KontorSeller  *seller,
                          const char          *language,
                          const char          *path,
                          GError             **error)
{
  g_autoptr(KontorInvoiceLayout) layout = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  guint n_pages;

  g_return_val_if_fail (path != NULL, FALSE);

  layout = kontor_invoice_layout_new (repository, invoice, seller, language, error);
  if (layout == NULL)
    return FALSE;

  surface = cairo_pdf_surface_create (path, KONTOR_INVOICE_PAGE_WIDTH,
                                      KONTOR_INVOICE_PAGE_HEIGHT);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, layout->number);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Kontor");
  cr = cairo_create (surface);

  n_pages = kontor_invoice_layout_get_n_pages (layout, cr);
  for (guint i = 0; i < n_pages; i++)
    {
      kontor_invoice_layout_draw_page (layout, cr, i);
      cairo_show_page (cr);
    }

  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_IO, _("Could not write %s: %s"), path,
                   cairo_status_to_string (status));
      return FALSE;
    }

  return TRUE;
}
