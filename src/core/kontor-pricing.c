/* kontor-pricing.c: the money of invoice lines and deal products
 *
 * Per line: amount = quantity × price (rounded), minus the discount (an
 * amount and/or a percent of the amount), then VAT on the rest: VAT on top
 * adds amount × rate, VAT included takes amount × rate / (1 + rate) out of
 * it. Every rounding is half away from zero, per line; totals are sums of
 * the rounded lines. Nothing ever wraps around: a result above
 * KONTOR_MONEY_MAX is refused with an error that names the field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-pricing"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <string.h>

#include "kontor-deal.h"
#include "kontor-deal-product.h"
#include "kontor-error.h"
#include "kontor-invoice.h"
#include "kontor-invoice-line.h"
#include "kontor-list-model.h"
#include "kontor-money.h"
#include "kontor-pricing-private.h"
#include "kontor-product.h"
#include "kontor-repository-private.h"

#define PATTERN_KEY "kontor-invoice-number-pattern"

/* value × numerator / denominator, rounded half away from zero, for
 * 0 ≤ value ≤ KONTOR_MONEY_MAX and 0 ≤ numerator ≤ denominator ≤ 20000.
 * value × numerator alone may not fit in an int64 (10^15 × 10^4), so the
 * whole multiples of the denominator are taken out first; the result is
 * exact. */
static gint64
scale_round (gint64 value,
             gint64 numerator,
             gint64 denominator)
{
  gint64 whole = value / denominator;
  gint64 rest = value % denominator;
  gint64 rounded = 0;

  kontor_div_round (rest * numerator, denominator, &rounded);
  return whole * numerator + rounded;
}

static gboolean
too_large (GError     **error,
           const char  *field)
{
  g_autofree char *max = kontor_money_to_plain (KONTOR_MONEY_MAX, "XXX");

  kontor_set_field_error (error, field,
                          _("The amount is too large: a line or a total may not exceed %s"), max);
  return FALSE;
}

gboolean
kontor_pricing_compute_line (const KontorLineInput  *input,
                             KontorLineTotals       *out,
                             GError                **error)
{
  KontorLineTotals result = { 0, };
  gint64 product, percent_off, rate;

  g_return_val_if_fail (input != NULL, FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (input->quantity < 0)
    {
      kontor_set_field_error (error, "quantity", _("Quantity cannot be negative"));
      return FALSE;
    }
  if (input->price < 0)
    {
      kontor_set_field_error (error, "price", _("Price cannot be negative"));
      return FALSE;
    }
  if (input->discount < 0)
    {
      kontor_set_field_error (error, "discount", _("Discount cannot be negative"));
      return FALSE;
    }
  if (input->discount_percent > 10000)
    {
      kontor_set_field_error (error, "discount_percent",
                              _("Discount must be between 0 %% and 100 %%"));
      return FALSE;
    }
  if (input->vat_rate > 10000)
    {
      kontor_set_field_error (error, "vat_rate", _("VAT rate must be between 0 %% and 100 %%"));
      return FALSE;
    }

  /* quantity is in thousandths */
  if (__builtin_mul_overflow (input->quantity, input->price, &product) ||
      !kontor_div_round (product, 1000, &result.amount) ||
      result.amount > KONTOR_MONEY_MAX)
    return too_large (error, "quantity");

  percent_off = input->discount_percent > 0
                  ? scale_round (result.amount, input->discount_percent, 10000) : 0;
  if (__builtin_add_overflow (percent_off, input->discount, &result.discount) ||
      result.discount > result.amount)
    {
      kontor_set_field_error (error, input->discount > 0 ? "discount" : "discount_percent",
                              _("Discount is larger than the line amount"));
      return FALSE;
    }

  result.net = result.amount - result.discount;
  rate = input->vat_rate;

  if (rate > 0 && input->vat_included)
    {
      gint64 gross = result.net;

      result.vat = scale_round (gross, rate, 10000 + rate);
      result.net = gross - result.vat;
      result.total = gross;
    }
  else
    {
      if (rate > 0)
        result.vat = scale_round (result.net, rate, 10000);
      if (__builtin_add_overflow (result.net, result.vat, &result.total) ||
          result.total > KONTOR_MONEY_MAX)
        return too_large (error, "price");
    }

  *out = result;
  return TRUE;
}

gboolean
kontor_pricing_add_totals (KontorLineTotals       *sum,
                           const KontorLineTotals *line,
                           GError                **error)
{
  KontorLineTotals result;

  g_return_val_if_fail (sum != NULL && line != NULL, FALSE);

  if (__builtin_add_overflow (sum->amount, line->amount, &result.amount) ||
      __builtin_add_overflow (sum->discount, line->discount, &result.discount) ||
      __builtin_add_overflow (sum->net, line->net, &result.net) ||
      __builtin_add_overflow (sum->vat, line->vat, &result.vat) ||
      __builtin_add_overflow (sum->total, line->total, &result.total) ||
      result.amount > KONTOR_MONEY_MAX || result.total > KONTOR_MONEY_MAX)
    return too_large (error, "total");

  *sum = result;
  return TRUE;
}

void
kontor_pricing_input_from_entity (KontorEntity    *line,
                                  KontorLineInput *out)
{
  g_return_if_fail (KONTOR_IS_ENTITY (line));

  out->quantity = kontor_entity_get_int (line, "quantity");
  out->price = kontor_entity_get_int (line, "price");
  out->discount = kontor_entity_get_int (line, "discount");
  out->discount_percent = kontor_entity_get_int (line, "discount_percent");
  out->vat_rate = kontor_entity_get_int (line, "vat_rate");
  out->vat_included = kontor_entity_get_bool (line, "vat_included");
}

/* Sets the computed fields net, vat and total of an invoice line or a deal
 * product from its quantity, price, discounts and VAT. */
gboolean
kontor_pricing_compute_entity (KontorEntity  *line,
                               GError       **error)
{
  KontorLineInput input;
  KontorLineTotals totals;

  g_return_val_if_fail (KONTOR_IS_INVOICE_LINE (line) || KONTOR_IS_DEAL_PRODUCT (line), FALSE);

  kontor_pricing_input_from_entity (line, &input);
  if (!kontor_pricing_compute_line (&input, &totals, error))
    return FALSE;

  kontor_entity_set_int (line, "net", totals.net);
  kontor_entity_set_int (line, "vat", totals.vat);
  kontor_entity_set_int (line, "total", totals.total);
  return TRUE;
}

static const char *
owner_field (KontorEntity *owner)
{
  return KONTOR_IS_DEAL (owner) ? "deal" : "invoice";
}

/* The live lines of an invoice or a deal, in their order */
GListModel *
kontor_pricing_list_lines (KontorRepository *repository,
                           KontorEntity     *owner)
{
  g_autoptr(KontorListModel) model = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (KONTOR_IS_INVOICE (owner) || KONTOR_IS_DEAL (owner), NULL);

  model = kontor_list_model_new (repository, KONTOR_IS_DEAL (owner) ? KONTOR_TYPE_DEAL_PRODUCT
                                                                    : KONTOR_TYPE_INVOICE_LINE);
  id = g_strdup_printf ("%" PRId64, kontor_entity_get_id (owner));
  /* Neither can fail: the fields exist and the values parse */
  kontor_list_model_add_filter (model, owner_field (owner), KONTOR_FILTER_EQ, id, NULL);
  kontor_list_model_set_sort (model, "position", FALSE, NULL);

  return G_LIST_MODEL (g_steal_pointer (&model));
}

/* Recomputes every line rather than trusting the stored sums, so that the
 * totals of a document are exactly the sum of its rounded lines. */
gboolean
kontor_pricing_sum_lines (KontorRepository  *repository,
                          KontorEntity      *owner,
                          KontorLineTotals  *out,
                          GError           **error)
{
  g_autoptr(GListModel) lines = NULL;
  KontorLineTotals sum = { 0, };
  guint n;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);
  g_return_val_if_fail (KONTOR_IS_INVOICE (owner) || KONTOR_IS_DEAL (owner), FALSE);

  if (kontor_entity_get_id (owner) == 0)
    {
      *out = sum;
      return TRUE;
    }

  lines = kontor_pricing_list_lines (repository, owner);
  n = g_list_model_get_n_items (lines);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KontorEntity) line = g_list_model_get_item (lines, i);
      KontorLineInput input;
      KontorLineTotals totals;

      if (line == NULL)
        continue;

      kontor_pricing_input_from_entity (line, &input);
      if (!kontor_pricing_compute_line (&input, &totals, error) ||
          !kontor_pricing_add_totals (&sum, &totals, error))
        return FALSE;
    }

  *out = sum;
  return TRUE;
}

/* Repository hooks -------------------------------------------------------- */

/* One currency per invoice (and per deal): a line may not take a catalog
 * product priced in another currency. */
gboolean
_kontor_pricing_prepare_line (KontorRepository  *repository,
                              KontorEntity      *line,
                              GError           **error)
{
  const char *field = KONTOR_IS_DEAL_PRODUCT (line) ? "deal" : "invoice";
  g_autoptr(KontorEntity) owner = NULL;
  g_autoptr(KontorEntity) product = NULL;
  gint64 owner_id, product_id;

  if (!kontor_pricing_compute_entity (line, error))
    return FALSE;

  owner_id = kontor_entity_get_int (line, field);
  product_id = kontor_entity_get_int (line, "product");
  if (owner_id == 0 || product_id == 0)
    return TRUE;

  owner = kontor_repository_find (repository,
                                  KONTOR_IS_DEAL_PRODUCT (line) ? KONTOR_TYPE_DEAL
                                                                : KONTOR_TYPE_INVOICE,
                                  owner_id, NULL);
  product = kontor_repository_find (repository, KONTOR_TYPE_PRODUCT, product_id, NULL);
  if (owner == NULL || product == NULL)
    return TRUE;  /* the reference check names the missing record */

  if (g_strcmp0 (kontor_entity_get_text (owner, "currency"),
                 kontor_entity_get_text (product, "currency")) != 0)
    {
      g_autofree char *name = kontor_entity_dup_display_name (product);

      kontor_set_field_error (error, "product",
                              KONTOR_IS_DEAL_PRODUCT (line)
                                ? _("Product: “%s” is priced in %s but the deal is in %s; "
                                    "a deal has one currency")
                                : _("Product: “%s” is priced in %s but the invoice is in %s; "
                                    "an invoice has one currency"),
                              name, kontor_entity_get_text (product, "currency"),
                              kontor_entity_get_text (owner, "currency"));
      return FALSE;
    }

  return TRUE;
}

/* A document whose currency changes may not keep lines of catalog products
 * priced in the old one. */
static gboolean
check_currency (KontorRepository  *repository,
                KontorEntity      *owner,
                GError           **error)
{
  g_autoptr(KontorStmt) stmt = NULL;
  const char *currency = kontor_entity_get_text (owner, "currency");
  int rc;

  if (kontor_entity_get_id (owner) == 0 || currency == NULL)
    return TRUE;

  stmt = _kontor_repository_prepare (repository,
                                     KONTOR_IS_DEAL (owner)
                                       ? "SELECT p.name, p.currency FROM deal_products l "
                                         "JOIN products p ON p.id = l.product_id "
                                         "WHERE l.deal_id = ? AND l.deleted_at IS NULL "
                                         "AND p.currency != ? LIMIT 1"
                                       : "SELECT p.name, p.currency FROM invoice_lines l "
                                         "JOIN products p ON p.id = l.product_id "
                                         "WHERE l.invoice_id = ? AND l.deleted_at IS NULL "
                                         "AND p.currency != ? LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;

  sqlite3_bind_int64 (stmt, 1, kontor_entity_get_id (owner));
  sqlite3_bind_text (stmt, 2, currency, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      kontor_set_field_error (error, "currency",
                              _("Currency: the line “%s” is a product priced in %s; "
                                "a document has one currency"),
                              (const char *) sqlite3_column_text (stmt, 0),
                              (const char *) sqlite3_column_text (stmt, 1));
      return FALSE;
    }
  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (repository), rc, error);

  return TRUE;
}

gboolean
_kontor_pricing_prepare_invoice (KontorRepository  *repository,
                                 KontorEntity      *invoice,
                                 GError           **error)
{
  return check_currency (repository, invoice, error);
}

/* A deal whose amount follows its products takes their total with VAT */
gboolean
_kontor_pricing_prepare_deal (KontorRepository  *repository,
                              KontorEntity      *deal,
                              GError           **error)
{
  KontorLineTotals totals;

  if (!check_currency (repository, deal, error))
    return FALSE;

  if (!kontor_entity_get_bool (deal, "amount_follows_products") ||
      kontor_entity_get_id (deal) == 0)
    return TRUE;

  if (!kontor_pricing_sum_lines (repository, deal, &totals, error))
    return FALSE;

  kontor_entity_set_int (deal, "amount", totals.total);
  return TRUE;
}

/* After a deal product was saved or deleted */
gboolean
_kontor_pricing_line_changed (KontorRepository  *repository,
                              KontorEntity      *line,
                              GError           **error)
{
  g_autoptr(KontorEntity) deal = NULL;

  if (!KONTOR_IS_DEAL_PRODUCT (line))
    return TRUE;

  deal = kontor_repository_find (repository, KONTOR_TYPE_DEAL,
                                 kontor_entity_get_int (line, "deal"), error);
  if (deal == NULL)
    return FALSE;

  if (!kontor_entity_get_bool (deal, "amount_follows_products"))
    return TRUE;

  return kontor_repository_save (repository, deal, error);
}

/* Invoices ---------------------------------------------------------------- */

typedef struct
{
  KontorRepository *repository;
  gint64            deal_id;
  KontorEntity     *invoice;
  KontorEntity     *paid;
  const char       *date;
} InvoiceData;

static const char * const copied_fields[] = {
  "position", "product", "name", "quantity", "unit", "price", "discount", "discount_percent",
  "vat_rate", "vat_included",
};

static gboolean
create_from_deal_cb (gpointer   user_data,
                     GError   **error)
{
  InvoiceData *data = user_data;
  g_autoptr(KontorEntity) deal = NULL;
  g_autoptr(KontorEntity) invoice = NULL;
  g_autoptr(GListModel) products = NULL;
  guint n;

  deal = kontor_repository_find (data->repository, KONTOR_TYPE_DEAL, data->deal_id, error);
  if (deal == NULL)
    return FALSE;

  invoice = KONTOR_ENTITY (kontor_invoice_new ());
  kontor_entity_set_int (invoice, "deal", data->deal_id);
  kontor_entity_set_int (invoice, "company", kontor_entity_get_int (deal, "company"));
  kontor_entity_set_int (invoice, "contact", kontor_entity_get_int (deal, "contact"));
  kontor_entity_set_text (invoice, "currency", kontor_entity_get_text (deal, "currency"));
  {
    g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (_kontor_now ());
    g_autoptr(GDateTime) due = g_date_time_add_days (now, 14);
    g_autofree char *today = g_date_time_format (now, "%Y-%m-%d");
    g_autofree char *due_on = g_date_time_format (due, "%Y-%m-%d");

    kontor_entity_set_text (invoice, "issued_on", today);
    kontor_entity_set_text (invoice, "due_on", due_on);
  }

  if (!kontor_repository_save (data->repository, invoice, error))
    return FALSE;

  products = kontor_pricing_list_lines (data->repository, deal);
  n = g_list_model_get_n_items (products);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KontorEntity) product = g_list_model_get_item (products, i);
      g_autoptr(KontorEntity) line = NULL;

      if (product == NULL)
        continue;

      line = KONTOR_ENTITY (kontor_invoice_line_new ());
      kontor_entity_set_int (line, "invoice", kontor_entity_get_id (invoice));
      for (guint j = 0; j < G_N_ELEMENTS (copied_fields); j++)
        {
          const char *name = copied_fields[j];

          if (g_str_equal (name, "name") || g_str_equal (name, "unit"))
            kontor_entity_set_text (line, name, kontor_entity_get_text (product, name));
          else if (g_str_equal (name, "vat_included"))
            kontor_entity_set_bool (line, name, kontor_entity_get_bool (product, name));
          else
            kontor_entity_set_int (line, name, kontor_entity_get_int (product, name));
        }

      if (!kontor_repository_save (data->repository, line, error))
        return FALSE;
    }

  data->invoice = g_steal_pointer (&invoice);
  return TRUE;
}

/* A new invoice for the deal's client with a copy of the deal's products;
 * issued today, due in 14 days. */
KontorEntity *
kontor_pricing_create_invoice_from_deal (KontorRepository  *repository,
                                         gint64             deal_id,
                                         GError           **error)
{
  InvoiceData data = { repository, deal_id, NULL, };

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  if (!kontor_repository_run_in_transaction (repository, create_from_deal_cb, &data, error))
    {
      g_clear_object (&data.invoice);
      return NULL;
    }

  return data.invoice;
}

static gboolean
mark_paid_cb (gpointer   user_data,
              GError   **error)
{
  InvoiceData *data = user_data;
  KontorEntity *invoice = data->paid;
  const char *number;
  g_autofree char *total = NULL;
  g_autofree char *text = NULL;
  static const char * const owners[] = { "deal", "company", "contact" };

  if (g_strcmp0 (kontor_entity_get_text (invoice, "status"), "cancelled") == 0)
    {
      kontor_set_field_error (error, "status", _("A cancelled invoice cannot be paid"));
      return FALSE;
    }
  if (g_strcmp0 (kontor_entity_get_text (invoice, "status"), "paid") == 0)
    {
      kontor_set_field_error (error, "status", _("The invoice is already paid"));
      return FALSE;
    }

  kontor_entity_set_text (invoice, "status", "paid");
  kontor_entity_set_text (invoice, "paid_on", data->date);
  if (!kontor_repository_save (data->repository, invoice, error))
    return FALSE;

  number = kontor_entity_get_text (invoice, "number");
  total = kontor_money_format (kontor_entity_get_int (invoice, "total"),
                               kontor_entity_get_text (invoice, "currency"));
  /* Translators: the invoice number, the sum and the payment date */
  text = g_strdup_printf (_("Invoice %s paid: %s on %s"), number, total,
                          kontor_entity_get_text (invoice, "paid_on"));

  if (!_kontor_repository_add_timeline (data->repository, "invoice",
                                        kontor_entity_get_id (invoice), "paid", text, error))
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (owners); i++)
    {
      gint64 id = kontor_entity_get_int (invoice, owners[i]);

      if (id != 0 &&
          !_kontor_repository_add_timeline (data->repository, owners[i], id, "invoice_paid",
                                            text, error))
        return FALSE;
    }

  return TRUE;
}

/* Records the payment: status paid, paid_on = date (today when NULL), and a
 * timeline entry on the invoice, its deal and its client. */
gboolean
kontor_pricing_mark_invoice_paid (KontorRepository  *repository,
                                  KontorEntity      *invoice,
                                  const char        *date,
                                  GError           **error)
{
  g_autofree char *today = NULL;
  InvoiceData data = { repository, 0, NULL, invoice, date };

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), FALSE);
  g_return_val_if_fail (KONTOR_IS_INVOICE (invoice), FALSE);

  if (date == NULL)
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (_kontor_now ());

      today = g_date_time_format (now, "%Y-%m-%d");
      data.date = today;
    }

  if (!kontor_repository_run_in_transaction (repository, mark_paid_cb, &data, error))
    {
      g_autoptr(GError) local = NULL;

      /* Keep the object as it is in the file */
      kontor_repository_reload (repository, invoice, &local);
      return FALSE;
    }

  return TRUE;
}

/* Numbering -------------------------------------------------------------- */

/* Splits a pattern such as "INV/{year}/{n:05}" around its {n} or {n:0W}:
 * the text before and after it with {year} filled in, and the width. */
static gboolean
split_pattern (const char  *pattern,
               int          year,
               char       **out_prefix,
               char       **out_suffix,
               guint       *out_width)
{
  g_autofree char *year_text = g_strdup_printf ("%d", year);
  const char *start = strstr (pattern, "{n");
  const char *end;
  guint width = 0;

  if (start == NULL)
    return FALSE;

  end = strchr (start, '}');
  if (end == NULL)
    return FALSE;
  if (start[2] == ':')
    {
      g_autofree char *digits = g_strndup (start + 3, end - start - 3);
      guint64 value;

      /* "{n:04}": the width, at most 18 digits */
      if (!g_ascii_string_to_unsigned (digits, 10, 0, 18, &value, NULL))
        return FALSE;
      width = (guint) value;
    }
  else if (start[2] != '}')
    return FALSE;

  {
    g_autofree char *before = g_strndup (pattern, start - pattern);
    GString *prefix = g_string_new (before);
    GString *suffix = g_string_new (end + 1);

    g_string_replace (prefix, "{year}", year_text, 0);
    g_string_replace (suffix, "{year}", year_text, 0);
    *out_prefix = g_string_free (prefix, FALSE);
    *out_suffix = g_string_free (suffix, FALSE);
  }
  *out_width = width;
  return TRUE;
}

/**
 * kontor_pricing_format_invoice_number:
 * @pattern: "{year}-{n:04}" and the like: {year} is the year, {n} the
 *   sequence number, {n:04} the number padded with zeros to four digits
 *
 * Returns: the number, or %NULL when @pattern has no {n}
 */
char *
kontor_pricing_format_invoice_number (const char *pattern,
                                      int         year,
                                      gint64      n)
{
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  guint width;

  g_return_val_if_fail (pattern != NULL, NULL);

  if (!split_pattern (pattern, year, &prefix, &suffix, &width))
    return NULL;

  return g_strdup_printf ("%s%0*" PRId64 "%s", prefix, (int) width, n, suffix);
}

/* The pattern of new invoice numbers, from the preferences; the default
 * for NULL or a pattern without {n} */
void
kontor_pricing_set_invoice_number_pattern (KontorRepository *repository,
                                           const char       *pattern)
{
  g_autofree char *check = NULL;

  g_return_if_fail (KONTOR_IS_REPOSITORY (repository));

  if (pattern != NULL)
    check = kontor_pricing_format_invoice_number (pattern, 2000, 1);
  g_object_set_data_full (G_OBJECT (repository), PATTERN_KEY,
                          g_strdup (check != NULL ? pattern : KONTOR_INVOICE_NUMBER_PATTERN),
                          g_free);
}

/* Gives a new invoice the number after the highest one of its pattern and
 * year; a number typed by hand that fits the pattern moves the sequence on. */
gboolean
_kontor_pricing_number_invoice (KontorRepository  *repository,
                                KontorEntity      *invoice,
                                GError           **error)
{
  const char *pattern = g_object_get_data (G_OBJECT (repository), PATTERN_KEY);
  const char *issued = kontor_entity_get_text (invoice, "issued_on");
  g_autofree char *prefix = NULL;
  g_autofree char *suffix = NULL;
  g_autofree char *number = NULL;
  g_autoptr(KontorStmt) stmt = NULL;
  gint64 highest = 0;
  guint width;
  int year, rc;

  if (pattern == NULL)
    pattern = KONTOR_INVOICE_NUMBER_PATTERN;

  if (issued != NULL)
    year = (int) g_ascii_strtoll (issued, NULL, 10);
  else
    {
      g_autoptr(GDateTime) now = g_date_time_new_from_unix_local (_kontor_now ());

      year = g_date_time_get_year (now);
    }

  if (!split_pattern (pattern, year, &prefix, &suffix, &width))
    split_pattern (KONTOR_INVOICE_NUMBER_PATTERN, year, &prefix, &suffix, &width);

  stmt = _kontor_repository_prepare (repository,
                                     "SELECT substr(number, length(?1) + 1, "
                                     "length(number) - length(?1) - length(?2)) FROM invoices "
                                     "WHERE substr(number, 1, length(?1)) = ?1 "
                                     "AND substr(number, length(number) - length(?2) + 1) = ?2 "
                                     "AND length(number) > length(?1) + length(?2)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, prefix, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, suffix, -1, SQLITE_TRANSIENT);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *middle = (const char *) sqlite3_column_text (stmt, 0);
      guint64 n;

      /* Only the numbers whose middle is all digits follow the pattern */
      if (middle != NULL &&
          g_ascii_string_to_unsigned (middle, 10, 0, G_MAXINT64 - 1, &n, NULL) &&
          (gint64) n > highest)
        highest = (gint64) n;
    }
  if (rc != SQLITE_DONE)
    return _kontor_set_sqlite_error (_kontor_repository_get_db (repository), rc, error);

  number = g_strdup_printf ("%s%0*" PRId64 "%s", prefix, (int) width, highest + 1,
                            suffix);
  kontor_entity_set_text (invoice, "number", number);
  return TRUE;
}

/* Overdue is not stored: the due date has passed and it is not settled */
gboolean
kontor_pricing_invoice_is_overdue (KontorEntity *invoice,
                                   const char   *today)
{
  const char *status = kontor_entity_get_text (invoice, "status");
  const char *due = kontor_entity_get_text (invoice, "due_on");

  return due != NULL && today != NULL && g_strcmp0 (due, today) < 0 &&
         g_strcmp0 (status, "paid") != 0 && g_strcmp0 (status, "cancelled") != 0;
}
