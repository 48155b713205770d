/* test-invoice.c: the money of invoices and deal products, and the PDF
 *
 * Every expected figure is worked out by hand in the comment next to it.
 * Money is in kopecks (cents), quantities in thousandths, rates in basis
 * points.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <string.h>

#include "kontor-core.h"
#include "kontor-test-util.h"

typedef KontorTestFixture Fixture;

static KontorEntity *
add_invoice (Fixture    *f,
             const char *number)
{
  g_autoptr(GError) error = NULL;
  KontorEntity *invoice = KONTOR_ENTITY (kontor_invoice_new ());

  kontor_entity_set_text (invoice, "number", number);
  kontor_entity_set_text (invoice, "currency", "RUB");
  kontor_entity_set_text (invoice, "issued_on", "2026-11-20");
  kontor_entity_set_text (invoice, "due_on", "2026-12-04");
  kontor_repository_save (f->repo, invoice, &error);
  g_assert_no_error (error);
  return invoice;
}

static KontorEntity *
add_line (Fixture      *f,
          KontorEntity *invoice,
          const char   *name,
          gint64        quantity,
          gint64        price,
          gint64        vat_rate,
          gboolean      included)
{
  g_autoptr(GError) error = NULL;
  KontorEntity *line = KONTOR_ENTITY (kontor_invoice_line_new ());

  kontor_entity_set_int (line, "invoice", kontor_entity_get_id (invoice));
  kontor_entity_set_text (line, "name", name);
  kontor_entity_set_int (line, "quantity", quantity);
  kontor_entity_set_int (line, "price", price);
  kontor_entity_set_int (line, "vat_rate", vat_rate);
  kontor_entity_set_bool (line, "vat_included", included);
  kontor_repository_save (f->repo, line, &error);
  g_assert_no_error (error);
  return line;
}

static void
compute (gint64            quantity,
         gint64            price,
         gint64            discount,
         gint64            discount_percent,
         gint64            vat_rate,
         gboolean          included,
         KontorLineTotals *out)
{
  g_autoptr(GError) error = NULL;
  KontorLineInput input = { quantity, price, discount, discount_percent, vat_rate, included };

  g_assert_true (kontor_pricing_compute_line (&input, out, &error));
  g_assert_no_error (error);
}

static void
test_fractional_quantity (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(KontorEntity) invoice = add_invoice (f, "T-1");
  g_autoptr(KontorEntity) line = NULL;

  /* 1.5 h × 3 500,00 = 5 250,00; VAT 20 % on top = 1 050,00; total 6 300,00 */
  line = add_line (f, invoice, "Consulting", 1500, 350000, 2000, FALSE);
  g_assert_cmpint (kontor_entity_get_int (line, "net"), ==, 525000);
  g_assert_cmpint (kontor_entity_get_int (line, "vat"), ==, 105000);
  g_assert_cmpint (kontor_entity_get_int (line, "total"), ==, 630000);
  g_assert_cmpint (kontor_entity_get_int (invoice, "subtotal"), ==, 525000);
  g_assert_cmpint (kontor_entity_get_int (invoice, "vat_total"), ==, 105000);
  g_assert_cmpint (kontor_entity_get_int (invoice, "total"), ==, 630000);

  /* 0.333 kg × 100,00 = 33,30; no VAT (-1) */
  {
    KontorLineTotals t;

    compute (333, 10000, 0, -1, -1, FALSE, &t);
    g_assert_cmpint (t.amount, ==, 3330);
    g_assert_cmpint (t.vat, ==, 0);
    g_assert_cmpint (t.total, ==, 3330);
  }
}

static void
test_discounts (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(KontorEntity) invoice = add_invoice (f, "T-2");
  g_autoptr(KontorEntity) line = NULL;
  g_autoptr(GError) error = NULL;
  KontorLineTotals t;

  /* 3 × 1 000,00 = 3 000,00; 10 % off = 300,00 → 2 700,00;
   * VAT 20 % on top = 540,00 → 3 240,00 */
  compute (3000, 100000, 0, 1000, 2000, FALSE, &t);
  g_assert_cmpint (t.amount, ==, 300000);
  g_assert_cmpint (t.discount, ==, 30000);
  g_assert_cmpint (t.net, ==, 270000);
  g_assert_cmpint (t.vat, ==, 54000);
  g_assert_cmpint (t.total, ==, 324000);

  /* 3 000,00 − 150,00 = 2 850,00; VAT 20 % = 570,00 → 3 420,00 */
  compute (3000, 100000, 15000, -1, 2000, FALSE, &t);
  g_assert_cmpint (t.net, ==, 285000);
  g_assert_cmpint (t.vat, ==, 57000);
  g_assert_cmpint (t.total, ==, 342000);

  /* 12,5 % of 0,99 = 0,12375 → 0,12; 0,99 − 0,12 = 0,87 */
  compute (1000, 99, 0, 1250, -1, FALSE, &t);
  g_assert_cmpint (t.discount, ==, 12);
  g_assert_cmpint (t.total, ==, 87);

  /* 100 % off leaves nothing, VAT included */
  compute (2000, 5000, 0, 10000, 2000, TRUE, &t);
  g_assert_cmpint (t.total, ==, 0);
  g_assert_cmpint (t.vat, ==, 0);

  /* Saved through the repository: 2 × 500,00 = 1 000,00, −5 % = 950,00,
   * VAT 20 % included: 950 × 20/120 = 158,333… → 158,33; net 791,67 */
  line = KONTOR_ENTITY (kontor_invoice_line_new ());
  kontor_entity_set_int (line, "invoice", kontor_entity_get_id (invoice));
  kontor_entity_set_text (line, "name", "Licence");
  kontor_entity_set_int (line, "quantity", 2000);
  kontor_entity_set_int (line, "price", 50000);
  kontor_entity_set_int (line, "discount_percent", 500);
  kontor_entity_set_int (line, "vat_rate", 2000);
  kontor_entity_set_bool (line, "vat_included", TRUE);
  g_assert_true (kontor_repository_save (f->repo, line, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_int (line, "total"), ==, 95000);
  g_assert_cmpint (kontor_entity_get_int (line, "vat"), ==, 15833);
  g_assert_cmpint (kontor_entity_get_int (line, "net"), ==, 79167);
  g_assert_cmpint (kontor_entity_get_int (invoice, "total"), ==, 95000);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT discount_percent FROM invoice_lines"),
                   ==, 500);

  /* A discount above the amount is refused and names the field */
  kontor_entity_set_int (line, "discount_percent", -1);
  kontor_entity_set_int (line, "discount", 100001);
  g_assert_false (kontor_repository_save (f->repo, line, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_cmpstr (kontor_error_get_field (error), ==, "discount");
  g_clear_error (&error);

  /* Percent above 100 % */
  {
    KontorLineInput input = { 1000, 100, 0, 10001, -1, FALSE };

    g_assert_false (kontor_pricing_compute_line (&input, &t, &error));
    g_assert_cmpstr (kontor_error_get_field (error), ==, "discount_percent");
  }
}

static void
test_vat_included_and_on_top (void)
{
  KontorLineTotals t;

  /* 20 % on top of 1 000,00 = 200,00 → 1 200,00 */
  compute (1000, 100000, 0, -1, 2000, FALSE, &t);
  g_assert_cmpint (t.net, ==, 100000);
  g_assert_cmpint (t.vat, ==, 20000);
  g_assert_cmpint (t.total, ==, 120000);

  /* 20 % included in 1 200,00: 1 200 × 20/120 = 200,00; net 1 000,00 */
  compute (1000, 120000, 0, -1, 2000, TRUE, &t);
  g_assert_cmpint (t.net, ==, 100000);
  g_assert_cmpint (t.vat, ==, 20000);
  g_assert_cmpint (t.total, ==, 120000);

  /* 10 % on top of 1 000,00 = 100,00 → 1 100,00 */
  compute (1000, 100000, 0, -1, 1000, FALSE, &t);
  g_assert_cmpint (t.vat, ==, 10000);
  g_assert_cmpint (t.total, ==, 110000);

  /* 10 % included in 1 100,00: 1 100 × 10/110 = 100,00 */
  compute (1000, 110000, 0, -1, 1000, TRUE, &t);
  g_assert_cmpint (t.vat, ==, 10000);
  g_assert_cmpint (t.net, ==, 100000);

  /* 20 % included in 100,00: 100 × 20/120 = 16,666… → 16,67; net 83,33 */
  compute (1000, 10000, 0, -1, 2000, TRUE, &t);
  g_assert_cmpint (t.vat, ==, 1667);
  g_assert_cmpint (t.net, ==, 8333);
  g_assert_cmpint (t.total, ==, 10000);

  /* 10 % included in 99,99: 9 999 × 10/110 = 909,0 → 9,09; net 90,90 */
  compute (1000, 9999, 0, -1, 1000, TRUE, &t);
  g_assert_cmpint (t.vat, ==, 909);
  g_assert_cmpint (t.net, ==, 9090);

  /* 0 % VAT and no VAT: nothing added */
  compute (1000, 9999, 0, -1, 0, FALSE, &t);
  g_assert_cmpint (t.vat, ==, 0);
  g_assert_cmpint (t.total, ==, 9999);
}

static void
test_rounding_half_away_from_zero (void)
{
  KontorLineTotals t;

  /* 1.5 × 0,33 = 0,495 → 0,50 (exactly half a kopeck rounds up) */
  compute (1500, 33, 0, -1, -1, FALSE, &t);
  g_assert_cmpint (t.amount, ==, 50);

  /* 0.5 × 0,01 = 0,005 → 0,01 */
  compute (500, 1, 0, -1, -1, FALSE, &t);
  g_assert_cmpint (t.amount, ==, 1);

  /* 0.499 × 0,01 = 0,00499 → 0,00 */
  compute (499, 1, 0, -1, -1, FALSE, &t);
  g_assert_cmpint (t.amount, ==, 0);

  /* VAT 10 % on top of 0,05 = 0,005 → 0,01; total 0,06 */
  compute (1000, 5, 0, -1, 1000, FALSE, &t);
  g_assert_cmpint (t.vat, ==, 1);
  g_assert_cmpint (t.total, ==, 6);

  /* VAT 20 % on top of 0,02 = 0,004 → 0,00 */
  compute (1000, 2, 0, -1, 2000, FALSE, &t);
  g_assert_cmpint (t.vat, ==, 0);

  /* VAT 20 % included in 0,03: 3 × 20/120 = 0,5 → 0,01; net 0,02 */
  compute (1000, 3, 0, -1, 2000, TRUE, &t);
  g_assert_cmpint (t.vat, ==, 1);
  g_assert_cmpint (t.net, ==, 2);

  /* 5 % off 0,10 = 0,005 → 0,01 off; 0,09 left */
  compute (1000, 10, 0, 500, -1, FALSE, &t);
  g_assert_cmpint (t.discount, ==, 1);
  g_assert_cmpint (t.net, ==, 9);

  /* Totals are sums of rounded lines: three lines of 0,05 with VAT 10 %
   * each round 0,005 → 0,01, so VAT is 0,03 (not 0,015 → 0,02) */
  {
    KontorLineTotals sum = { 0, };
    g_autoptr(GError) error = NULL;

    for (int i = 0; i < 3; i++)
      {
        compute (1000, 5, 0, -1, 1000, FALSE, &t);
        g_assert_true (kontor_pricing_add_totals (&sum, &t, &error));
      }
    g_assert_cmpint (sum.vat, ==, 3);
    g_assert_cmpint (sum.total, ==, 18);
  }
}

static void
test_overflow_refused (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(KontorEntity) invoice = add_invoice (f, "T-3");
  g_autoptr(KontorEntity) line = NULL;
  g_autoptr(KontorEntity) big1 = NULL;
  g_autoptr(GError) error = NULL;
  KontorLineTotals t;

  /* quantity × price overflows an int64 */
  {
    KontorLineInput input = { G_MAXINT64, 2, 0, -1, -1, FALSE };

    g_assert_false (kontor_pricing_compute_line (&input, &t, &error));
    g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
    g_assert_cmpstr (kontor_error_get_field (error), ==, "quantity");
    g_assert_nonnull (strstr (error->message, "too large"));
    g_clear_error (&error);
  }

  /* The largest amount with VAT included computes without overflow:
   * 10^15 × 2000 would not fit an int64, the VAT is still exact:
   * 10^15 × 20/120 = 166 666 666 666 666,67 → 166 666 666 666 667 */
  compute (1000, KONTOR_MONEY_MAX, 0, -1, 2000, TRUE, &t);
  g_assert_cmpint (t.vat, ==, G_GINT64_CONSTANT (166666666666667));
  g_assert_cmpint (t.total, ==, KONTOR_MONEY_MAX);

  /* VAT on top of the largest amount goes beyond it: refused */
  {
    KontorLineInput input = { 1000, KONTOR_MONEY_MAX, 0, -1, 2000, FALSE };

    g_assert_false (kontor_pricing_compute_line (&input, &t, &error));
    g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
    g_clear_error (&error);
  }

  /* 10^9 units × 10 000,01 = 1 000 001 × 10^9 kopecks: fits an int64 but is
   * above the limit of 10^15 */
  line = KONTOR_ENTITY (kontor_invoice_line_new ());
  kontor_entity_set_int (line, "invoice", kontor_entity_get_id (invoice));
  kontor_entity_set_text (line, "name", "Too much");
  kontor_entity_set_int (line, "quantity", G_GINT64_CONSTANT (1000000000000));
  kontor_entity_set_int (line, "price", 1000001);
  g_assert_false (kontor_repository_save (f->repo, line, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_cmpstr (kontor_error_get_field (error), ==, "quantity");
  g_clear_error (&error);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT count(*) FROM invoice_lines"), ==, 0);

  /* Two lines of 0.6 × the limit: each is fine, their sum is not; the
   * second save is refused and the invoice keeps the first total */
  big1 = add_line (f, invoice, "Big", 1000, KONTOR_MONEY_MAX / 10 * 6, -1, FALSE);
  g_assert_cmpint (kontor_entity_get_int (invoice, "total"), ==, KONTOR_MONEY_MAX / 10 * 6);
  kontor_entity_set_int (line, "quantity", 1000);
  kontor_entity_set_int (line, "price", KONTOR_MONEY_MAX / 10 * 6);
  g_assert_false (kontor_repository_save (f->repo, line, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "too large"));
  g_clear_error (&error);
  g_assert_cmpint (kontor_test_query_int (f->path, "SELECT total FROM invoices"), ==,
                   KONTOR_MONEY_MAX / 10 * 6);

  /* Sums refuse to overflow too */
  {
    KontorLineTotals sum = { 0, KONTOR_MONEY_MAX, };
    KontorLineTotals one = { 0, 1, };

    sum.total = G_MAXINT64;
    g_assert_false (kontor_pricing_add_totals (&sum, &one, &error));
    g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  }
}

static void
test_mixed_currencies_refused (Fixture       *f,
                               gconstpointer  data)
{
  g_autoptr(KontorEntity) invoice = add_invoice (f, "T-4");
  g_autoptr(KontorEntity) product = KONTOR_ENTITY (kontor_product_new ());
  g_autoptr(KontorEntity) line = KONTOR_ENTITY (kontor_invoice_line_new ());
  g_autoptr(GError) error = NULL;

  kontor_entity_set_text (product, "name", "Support plan");
  kontor_entity_set_text (product, "currency", "USD");
  kontor_entity_set_int (product, "price", 9900);
  g_assert_true (kontor_repository_save (f->repo, product, &error));

  kontor_entity_set_int (line, "invoice", kontor_entity_get_id (invoice));
  kontor_entity_set_int (line, "product", kontor_entity_get_id (product));
  kontor_entity_set_text (line, "name", "Support plan");
  kontor_entity_set_int (line, "price", 9900);
  g_assert_false (kontor_repository_save (f->repo, line, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_cmpstr (kontor_error_get_field (error), ==, "product");
  g_assert_nonnull (strstr (error->message, "USD"));
  g_assert_nonnull (strstr (error->message, "RUB"));
  g_clear_error (&error);

  /* The same product in roubles is fine */
  kontor_entity_set_text (product, "currency", "RUB");
  g_assert_true (kontor_repository_save (f->repo, product, &error));
  g_assert_true (kontor_repository_save (f->repo, line, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_int (invoice, "total"), ==, 9900);

  /* Changing the invoice's currency under that line is refused too */
  kontor_entity_set_text (invoice, "currency", "EUR");
  g_assert_false (kontor_repository_save (f->repo, invoice, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_cmpstr (kontor_error_get_field (error), ==, "currency");
  g_clear_error (&error);
  {
    g_autofree char *stored = kontor_test_query_text (f->path, "SELECT currency FROM invoices");

    g_assert_cmpstr (stored, ==, "RUB");
  }

  /* A free line (no product) does not tie the currency */
  g_assert_true (kontor_repository_delete (f->repo, line, &error));
  g_assert_true (kontor_repository_save (f->repo, invoice, &error));
  g_assert_no_error (error);
}

static void
test_numbering_conflict (Fixture       *f,
                         gconstpointer  data)
{
  g_autoptr(KontorEntity) first = NULL;
  g_autoptr(KontorEntity) second = NULL;
  g_autoptr(KontorEntity) third = KONTOR_ENTITY (kontor_invoice_new ());
  g_autoptr(KontorEntity) fourth = KONTOR_ENTITY (kontor_invoice_new ());
  g_autoptr(GError) error = NULL;

  /* 2026-11-29 12:00 UTC: automatic numbers are YEAR-NNNN */
  g_setenv ("KONTOR_NOW", "1795953600", TRUE);
  first = KONTOR_ENTITY (kontor_invoice_new ());
  g_assert_true (kontor_repository_save (f->repo, first, &error));
  g_assert_cmpstr (kontor_entity_get_text (first, "number"), ==, "2026-0001");
  second = KONTOR_ENTITY (kontor_invoice_new ());
  g_assert_true (kontor_repository_save (f->repo, second, &error));
  g_assert_cmpstr (kontor_entity_get_text (second, "number"), ==, "2026-0002");

  /* Typing an existing number is a conflict on the field "number" */
  kontor_entity_set_text (third, "number", "2026-0001");
  g_assert_false (kontor_repository_save (f->repo, third, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT);
  g_assert_cmpstr (kontor_error_get_field (error), ==, "number");
  g_clear_error (&error);
  g_assert_cmpint (kontor_entity_get_id (third), ==, 0);

  /* Renaming the second to the first's number too */
  kontor_entity_set_text (second, "number", "2026-0001");
  g_assert_false (kontor_repository_save (f->repo, second, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_CONFLICT);
  g_clear_error (&error);

  /* After an edited number the sequence goes on from the highest */
  kontor_entity_set_text (third, "number", "2026-0041");
  g_assert_true (kontor_repository_save (f->repo, third, &error));
  g_assert_true (kontor_repository_save (f->repo, fourth, &error));
  g_assert_cmpstr (kontor_entity_get_text (fourth, "number"), ==, "2026-0042");

  /* Patterns from the preferences */
  {
    g_autofree char *a = kontor_pricing_format_invoice_number ("INV/{year}/{n:05}", 2026, 7);
    g_autofree char *b = kontor_pricing_format_invoice_number ("{n}", 2026, 12);
    g_autofree char *c = kontor_pricing_format_invoice_number ("{year}", 2026, 1);
    g_autoptr(KontorEntity) fifth = KONTOR_ENTITY (kontor_invoice_new ());
    g_autoptr(KontorEntity) sixth = KONTOR_ENTITY (kontor_invoice_new ());
    g_autoptr(KontorEntity) seventh = KONTOR_ENTITY (kontor_invoice_new ());

    g_assert_cmpstr (a, ==, "INV/2026/00007");
    g_assert_cmpstr (b, ==, "12");
    g_assert_null (c);

    kontor_pricing_set_invoice_number_pattern (f->repo, "СЧ-{n:03}/{year}");
    /* The year of the invoice is its issue date's */
    kontor_entity_set_text (fifth, "issued_on", "2025-12-30");
    g_assert_true (kontor_repository_save (f->repo, fifth, &error));
    g_assert_cmpstr (kontor_entity_get_text (fifth, "number"), ==, "СЧ-001/2025");
    g_assert_true (kontor_repository_save (f->repo, sixth, &error));
    g_assert_cmpstr (kontor_entity_get_text (sixth, "number"), ==, "СЧ-001/2026");

    /* A pattern without {n} falls back to the default */
    kontor_pricing_set_invoice_number_pattern (f->repo, "no number");
    g_assert_true (kontor_repository_save (f->repo, seventh, &error));
    g_assert_cmpstr (kontor_entity_get_text (seventh, "number"), ==, "2026-0043");
  }
  g_unsetenv ("KONTOR_NOW");
}

static void
test_totals_follow_lines (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(KontorEntity) invoice = add_invoice (f, "T-5");
  g_autoptr(KontorEntity) a = NULL;
  g_autoptr(KontorEntity) b = NULL;
  g_autoptr(KontorEntity) c = NULL;
  g_autoptr(GError) error = NULL;
  KontorLineTotals sum;

  /* a: 2 × 100,00 + 20 % = 240,00 (VAT 40,00)
   * b: 1 × 55,55 + 10 % = 5,555 → 5,56 → 61,11
   * c: 3 × 10,00 included 20 % = 30,00, VAT 5,00 */
  a = add_line (f, invoice, "A", 2000, 10000, 2000, FALSE);
  b = add_line (f, invoice, "B", 1000, 5555, 1000, FALSE);
  c = add_line (f, invoice, "C", 3000, 1000, 2000, TRUE);
  g_assert_cmpint (kontor_entity_get_int (invoice, "vat_total"), ==, 4000 + 556 + 500);
  g_assert_cmpint (kontor_entity_get_int (invoice, "subtotal"), ==, 20000 + 5555 + 2500);
  g_assert_cmpint (kontor_entity_get_int (invoice, "total"), ==, 24000 + 6111 + 3000);

  /* Edit a: 2.5 × 100,00 = 250,00 + 50,00 = 300,00 */
  kontor_entity_set_int (a, "quantity", 2500);
  g_assert_true (kontor_repository_save (f->repo, a, &error));
  g_assert_cmpint (kontor_entity_get_int (invoice, "total"), ==, 30000 + 6111 + 3000);

  /* Delete b */
  g_assert_true (kontor_repository_delete (f->repo, b, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_int (invoice, "total"), ==, 30000 + 3000);
  g_assert_cmpint (kontor_entity_get_int (invoice, "vat_total"), ==, 5000 + 500);

  g_assert_true (kontor_pricing_sum_lines (f->repo, invoice, &sum, &error));
  g_assert_cmpint (sum.total, ==, kontor_entity_get_int (invoice, "total"));
  g_assert_cmpint (sum.vat, ==, kontor_entity_get_int (invoice, "vat_total"));
  g_assert_cmpint (sum.net, ==, kontor_entity_get_int (invoice, "subtotal"));

  /* Undelete brings it back into the sum */
  g_assert_true (kontor_repository_undelete (f->repo, b, &error));
  g_assert_cmpint (kontor_entity_get_int (invoice, "total"), ==, 30000 + 6111 + 3000);
  g_assert_cmpint (kontor_test_query_int (f->path,
                                          "SELECT total - (SELECT sum(total) FROM invoice_lines "
                                          "WHERE deleted_at IS NULL) FROM invoices"), ==, 0);
}

static void
test_deal_products (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = kontor_test_add_deal (f->repo, "Website", 0);
  g_autoptr(KontorEntity) company = KONTOR_ENTITY (kontor_company_new ());
  g_autoptr(KontorEntity) p1 = KONTOR_ENTITY (kontor_deal_product_new ());
  g_autoptr(KontorEntity) p2 = KONTOR_ENTITY (kontor_deal_product_new ());
  g_autoptr(KontorEntity) invoice = NULL;
  g_autoptr(GListModel) lines = NULL;
  g_autoptr(GError) error = NULL;

  kontor_entity_set_text (company, "name", "ООО «Ромашка»");
  g_assert_true (kontor_repository_save (f->repo, company, &error));
  kontor_entity_set_int (deal, "company", kontor_entity_get_id (company));
  kontor_entity_set_text (deal, "currency", "RUB");
  kontor_entity_set_bool (deal, "amount_follows_products", TRUE);
  g_assert_true (kontor_repository_save (f->repo, deal, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_int (deal, "amount"), ==, 0);

  /* Design: 1 × 50 000,00 − 10 % = 45 000,00 + VAT 20 % = 54 000,00 */
  kontor_entity_set_int (p1, "deal", kontor_entity_get_id (deal));
  kontor_entity_set_text (p1, "name", "Design");
  kontor_entity_set_int (p1, "price", 5000000);
  kontor_entity_set_int (p1, "discount_percent", 1000);
  kontor_entity_set_int (p1, "vat_rate", 2000);
  g_assert_true (kontor_repository_save (f->repo, p1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (kontor_entity_get_int (p1, "total"), ==, 5400000);
  g_assert_cmpint (kontor_entity_get_int (deal, "amount"), ==, 5400000);

  /* Hosting: 12 × 990,00 = 11 880,00 VAT included 20 % → VAT 1 980,00 */
  kontor_entity_set_int (p2, "deal", kontor_entity_get_id (deal));
  kontor_entity_set_int (p2, "position", 1);
  kontor_entity_set_text (p2, "name", "Hosting");
  kontor_entity_set_text (p2, "unit", "mo");
  kontor_entity_set_int (p2, "quantity", 12000);
  kontor_entity_set_int (p2, "price", 99000);
  kontor_entity_set_int (p2, "vat_rate", 2000);
  kontor_entity_set_bool (p2, "vat_included", TRUE);
  g_assert_true (kontor_repository_save (f->repo, p2, &error));
  g_assert_cmpint (kontor_entity_get_int (p2, "vat"), ==, 198000);
  g_assert_cmpint (kontor_entity_get_int (deal, "amount"), ==, 5400000 + 1188000);

  /* The deal is found by its products' names */
  {
    g_autoptr(KontorListModel) found = kontor_list_model_new (f->repo, KONTOR_TYPE_DEAL);

    kontor_list_model_set_search (found, "Hosting");
    g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (found)), ==, 1);
  }

  invoice = kontor_pricing_create_invoice_from_deal (f->repo, kontor_entity_get_id (deal),
                                                     &error);
  g_assert_no_error (error);
  g_assert_nonnull (invoice);
  g_assert_cmpint (kontor_entity_get_int (invoice, "deal"), ==, kontor_entity_get_id (deal));
  g_assert_cmpint (kontor_entity_get_int (invoice, "company"), ==,
                   kontor_entity_get_id (company));
  g_assert_cmpint (kontor_entity_get_int (invoice, "total"), ==, 5400000 + 1188000);
  g_assert_cmpint (kontor_entity_get_int (invoice, "vat_total"), ==, 900000 + 198000);
  lines = kontor_pricing_list_lines (f->repo, invoice);
  g_assert_cmpuint (g_list_model_get_n_items (lines), ==, 2);
  {
    g_autoptr(KontorEntity) second = g_list_model_get_item (lines, 1);

    g_assert_cmpstr (kontor_entity_get_text (second, "name"), ==, "Hosting");
    g_assert_cmpstr (kontor_entity_get_text (second, "unit"), ==, "mo");
    g_assert_true (kontor_entity_get_bool (second, "vat_included"));
  }

  /* Deleting a product updates the deal amount */
  g_assert_true (kontor_repository_delete (f->repo, p1, &error));
  g_assert_cmpint (kontor_entity_get_int (deal, "amount"), ==, 1188000);

  /* Without the switch the amount is the manager's */
  kontor_entity_set_bool (deal, "amount_follows_products", FALSE);
  kontor_entity_set_int (deal, "amount", 777);
  g_assert_true (kontor_repository_save (f->repo, deal, &error));
  g_assert_true (kontor_repository_undelete (f->repo, p1, &error));
  g_assert_cmpint (kontor_entity_get_int (deal, "amount"), ==, 777);
}

static guint
count_timeline (Fixture      *f,
                KontorEntity *entity,
                const char   *event)
{
  g_autoptr(GListModel) items = kontor_repository_list_timeline (f->repo, entity, NULL);
  guint found = 0;

  for (guint i = 0; i < g_list_model_get_n_items (items); i++)
    {
      g_autoptr(KontorTimelineItem) item = g_list_model_get_item (items, i);

      if (g_strcmp0 (kontor_timeline_item_get_event (item), event) == 0)
        found++;
    }
  return found;
}

static void
test_mark_paid_and_overdue (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(KontorEntity) deal = kontor_test_add_deal (f->repo, "Deal", 0);
  g_autoptr(KontorEntity) company = KONTOR_ENTITY (kontor_company_new ());
  g_autoptr(KontorEntity) late = NULL;
  g_autoptr(KontorEntity) paid = NULL;
  g_autoptr(KontorEntity) future = NULL;
  g_autoptr(KontorListModel) overdue = NULL;
  g_autoptr(GError) error = NULL;

  /* Today is 2026-11-29 */
  g_setenv ("KONTOR_NOW", "1795953600", TRUE);

  kontor_entity_set_text (company, "name", "Acme");
  g_assert_true (kontor_repository_save (f->repo, company, &error));

  late = add_invoice (f, "L-1");      /* due 2026-12-04 */
  kontor_entity_set_text (late, "due_on", "2026-11-28");
  kontor_entity_set_text (late, "status", "sent");
  kontor_entity_set_int (late, "deal", kontor_entity_get_id (deal));
  kontor_entity_set_int (late, "company", kontor_entity_get_id (company));
  g_assert_true (kontor_repository_save (f->repo, late, &error));
  paid = add_invoice (f, "L-2");
  kontor_entity_set_text (paid, "due_on", "2026-11-21");
  kontor_entity_set_text (paid, "status", "paid");
  g_assert_true (kontor_repository_save (f->repo, paid, &error));
  future = add_invoice (f, "L-3");

  g_assert_true (kontor_pricing_invoice_is_overdue (late, "2026-11-29"));
  g_assert_false (kontor_pricing_invoice_is_overdue (late, "2026-11-28"));
  g_assert_false (kontor_pricing_invoice_is_overdue (paid, "2026-11-29"));
  g_assert_false (kontor_pricing_invoice_is_overdue (future, "2026-11-29"));

  overdue = kontor_list_model_new (f->repo, KONTOR_TYPE_INVOICE);
  g_assert_true (kontor_list_model_add_filter (overdue, "status", KONTOR_FILTER_EQ, "overdue",
                                               &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (overdue)), ==, 1);
  g_assert_cmpint (kontor_list_model_get_id (overdue, 0), ==, kontor_entity_get_id (late));

  g_assert_true (kontor_pricing_mark_invoice_paid (f->repo, late, "2026-11-29", &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kontor_entity_get_text (late, "status"), ==, "paid");
  g_assert_cmpstr (kontor_entity_get_text (late, "paid_on"), ==, "2026-11-29");
  /* The list follows the change by itself */
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (overdue)), ==, 0);

  g_assert_cmpuint (count_timeline (f, late, "paid"), ==, 1);
  g_assert_cmpuint (count_timeline (f, deal, "invoice_paid"), ==,
                    1);
  g_assert_cmpuint (count_timeline (f, company, "invoice_paid"), ==, 1);

  /* Paying twice is refused and changes nothing */
  g_assert_false (kontor_pricing_mark_invoice_paid (f->repo, late, NULL, &error));
  g_assert_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID);
  g_assert_cmpuint (count_timeline (f, late, "paid"), ==, 1);
  g_unsetenv ("KONTOR_NOW");
}

static char *
pdf_text (const char *pdf)
{
  g_autofree char *tool = g_find_program_in_path ("pdftotext");
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  const char *argv[] = { "pdftotext", pdf, "-", NULL };
  g_autoptr(GRegex) spaces = g_regex_new ("\\s+", 0, 0, NULL);
  int status;

  if (tool == NULL)
    return NULL;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                NULL, NULL, &out, NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_true (g_spawn_check_wait_status (status, NULL));

  /* Wrapped lines become one: phrases are searched across line breaks */
  return g_regex_replace_literal (spaces, out, -1, 0, " ", 0, NULL);
}

static void
test_pdf (Fixture       *f,
          gconstpointer  data)
{
  g_autoptr(KontorEntity) company = KONTOR_ENTITY (kontor_company_new ());
  g_autoptr(KontorEntity) invoice = NULL;
  g_autoptr(KontorEntity) a = NULL;
  g_autoptr(KontorEntity) b = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "invoice.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text = NULL;
  gsize length;
  const KontorSeller seller = {
    .name = "ООО «Контор»", .tax_id = "7701234567", .kpp = "770101001",
    .address = "125009, Москва, ул. Тверская, д. 1",
    .bank_name = "ПАО Сбербанк", .bank_account = "40702810900000012345",
    .bank_bic = "044525225", .correspondent_account = "30101810400000000225",
    .director = "Иванов И. И.",
  };

  kontor_entity_set_text (company, "name", "ООО «Ромашка»");
  kontor_entity_set_text (company, "tax_id", "7712345678");
  g_assert_true (kontor_repository_save (f->repo, company, &error));

  invoice = add_invoice (f, "2026-0007");
  kontor_entity_set_int (invoice, "company", kontor_entity_get_id (company));
  g_assert_true (kontor_repository_save (f->repo, invoice, &error));
  /* 1.5 × 3 500,00 = 5 250,00 + 20 % = 6 300,00
   * 2 × 61,50 = 123,00 without VAT
   * total 6 423,00, VAT 1 050,00 */
  a = add_line (f, invoice, "Консультация", 1500, 350000, 2000, FALSE);
  b = add_line (f, invoice, "Доставка", 2000, 6150, -1, FALSE);
  g_assert_cmpint (kontor_entity_get_int (invoice, "total"), ==, 642300);

  g_assert_true (kontor_invoice_write_pdf (f->repo, invoice, &seller, "ru", pdf, &error));
  g_assert_no_error (error);

  g_assert_true (g_file_get_contents (pdf, &contents, &length, &error));
  g_assert_cmpuint (length, >, 1000);
  g_assert_true (g_str_has_prefix (contents, "%PDF"));

  text = pdf_text (pdf);
  if (text == NULL)
    {
      g_test_skip ("pdftotext is not installed");
      return;
    }

  g_assert_nonnull (strstr (text, "2026-0007"));
  g_assert_nonnull (strstr (text, "Счёт на оплату"));
  g_assert_nonnull (strstr (text, "ООО «Ромашка»"));
  g_assert_nonnull (strstr (text, "7701234567"));
  g_assert_nonnull (strstr (text, "Консультация"));
  g_assert_nonnull (strstr (text, "6\u202f423,00") ? "x" : strstr (text, "6 423,00"));
  g_assert_nonnull (strstr (text, "1\u202f050,00") ? "x" : strstr (text, "1 050,00"));
  g_assert_nonnull (strstr (text, "Шесть тысяч четыреста двадцать три рубля 00 копеек"));

  /* In English */
  g_assert_true (kontor_invoice_write_pdf (f->repo, invoice, &seller, "en", pdf, &error));
  g_clear_pointer (&text, g_free);
  text = pdf_text (pdf);
  g_assert_nonnull (strstr (text, "Invoice No. 2026-0007"));
  g_assert_nonnull (strstr (text, "6,423.00"));
  g_assert_nonnull (strstr (text, "Six thousand four hundred twenty-three rubles and 00 kopecks"));
}

static void
test_pdf_many_lines (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KontorEntity) invoice = add_invoice (f, "LONG-1");
  g_autoptr(GError) error = NULL;
  g_autoptr(KontorInvoiceLayout) layout = NULL;
  g_autofree char *pdf = g_build_filename (f->dir, "long.pdf", NULL);
  const KontorSeller seller = { .name = "Seller Ltd" };
  cairo_surface_t *surface;
  cairo_t *cr;

  for (int i = 0; i < 80; i++)
    {
      g_autofree char *name = g_strdup_printf ("Item %d", i + 1);
      g_autoptr(KontorEntity) line = add_line (f, invoice, name, 1000, 100 + i, 2000, FALSE);
    }

  layout = kontor_invoice_layout_new (f->repo, invoice, &seller, "en", &error);
  g_assert_no_error (error);
  surface = cairo_pdf_surface_create (pdf, KONTOR_INVOICE_PAGE_WIDTH,
                                      KONTOR_INVOICE_PAGE_HEIGHT);
  cr = cairo_create (surface);
  /* 80 rows do not fit one page */
  g_assert_cmpuint (kontor_invoice_layout_get_n_pages (layout, cr), >=, 2);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);

  g_assert_true (kontor_invoice_write_pdf (f->repo, invoice, &seller, "en", pdf, &error));
  {
    g_autofree char *text = pdf_text (pdf);

    if (text != NULL)
      {
        g_assert_nonnull (strstr (text, "Item 80"));
        g_assert_nonnull (strstr (text, "Page 2 of"));
      }
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, kontor_test_fixture_setup, func, kontor_test_fixture_teardown)

  ADD ("/invoice/fractional-quantity", test_fractional_quantity);
  ADD ("/invoice/discount-amount-and-percent", test_discounts);
  g_test_add_func ("/invoice/vat-included-and-on-top", test_vat_included_and_on_top);
  g_test_add_func ("/invoice/rounding-half-away-from-zero", test_rounding_half_away_from_zero);
  ADD ("/invoice/overflow-refused-with-an-error", test_overflow_refused);
  ADD ("/invoice/mixed-currencies-refused", test_mixed_currencies_refused);
  ADD ("/invoice/number-conflict-names-the-field", test_numbering_conflict);
  ADD ("/invoice/totals-follow-line-edit-and-delete", test_totals_follow_lines);
  ADD ("/invoice/deal-products-and-invoice-from-deal", test_deal_products);
  ADD ("/invoice/mark-paid-and-overdue", test_mark_paid_and_overdue);
  ADD ("/invoice/pdf-shows-number-totals-and-words", test_pdf);
  ADD ("/invoice/pdf-breaks-long-tables-into-pages", test_pdf_many_lines);

  return g_test_run ();
}
