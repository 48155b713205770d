/* test-cli-invoice.c: invoices through kontor-cli
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "kontor-core.h"
#include "kontor-test-util.h"

typedef KontorCliFixture Fixture;

#define fixture_setup kontor_cli_fixture_setup
#define fixture_teardown kontor_cli_fixture_teardown
#define run kontor_cli_run

static gint64
query (Fixture    *f,
       const char *sql)
{
  return kontor_test_query_int (f->path, sql);
}

static void
test_add_invoice_with_lines (Fixture       *f,
                             gconstpointer  data)
{
  g_assert_cmpint (run (f, "add", "companies", "name=Acme", NULL), ==, 0);

  /* 1.5 × 3 500,00 + 20 % = 6 300,00 (VAT 1 050,00)
   * 2 × 99,99 + 10 % = 199,98 + 20,00 (19,998 → 20,00) = 219,98
   * 1 × 500,00 no VAT
   * total 7 019,98, VAT 1 070,00 */
  g_assert_cmpint (run (f, "add", "invoice", "company=Acme", "currency=RUB",
                        "line=Consulting|1.5|3500|20%", "line=Cable|2|99.99|10",
                        "line=Delivery|1|500|none", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "1\n");
  g_assert_cmpint (query (f, "SELECT count(*) FROM invoice_lines WHERE invoice_id = 1"), ==, 3);
  g_assert_cmpint (query (f, "SELECT total FROM invoices WHERE id = 1"), ==, 701998);
  g_assert_cmpint (query (f, "SELECT vat_total FROM invoices WHERE id = 1"), ==, 107000);
  g_assert_cmpint (query (f, "SELECT company_id FROM invoices WHERE id = 1"), ==, 1);
  g_assert_cmpint (query (f, "SELECT vat_rate FROM invoice_lines WHERE name = 'Delivery'"), ==,
                   -1);

  /* The generic add without lines still works */
  g_assert_cmpint (run (f, "add", "invoices", "number=X-1", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "2\n");

  /* A bad line writes nothing at all */
  g_assert_cmpint (run (f, "add", "invoice", "line=Good|1|10|20", "line=Bad|x|10|20", NULL),
                   !=, 0);
  g_assert_nonnull (strstr (f->err, "Quantity"));
  g_assert_cmpint (query (f, "SELECT count(*) FROM invoices"), ==, 2);

  /* An existing number is a conflict */
  g_assert_cmpint (run (f, "add", "invoice", "number=X-1", "line=A|1|1|0", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "X-1"));
  g_assert_cmpint (query (f, "SELECT count(*) FROM invoice_lines"), ==, 3);
}

static void
test_add_line_and_discounts (Fixture       *f,
                             gconstpointer  data)
{
  g_assert_cmpint (run (f, "add", "invoice", "currency=RUB", NULL), ==, 0);
  g_assert_cmpint (run (f, "add", "products", "name=Hosting", "price=990", "currency=RUB",
                        "vat_rate=2000", "vat_included=yes", "unit=mo", NULL), ==, 0);

  /* 8 × 2 500,00 = 20 000,00 − 10 % = 18 000,00 + 20 % = 21 600,00 */
  g_assert_cmpint (run (f, "add-line", "1", "Setup|8|2500|20", "--discount", "10%", NULL), ==, 0);
  g_assert_cmpint (query (f, "SELECT total FROM invoice_lines WHERE name = 'Setup'"), ==,
                   2160000);

  /* From the catalog: 12 × 990,00 VAT included = 11 880,00 − 880,00 = 11 000,00 */
  g_assert_cmpint (run (f, "add-line", "1", "|12", "--product", "Hosting", "--discount", "880",
                        NULL), ==, 0);
  g_assert_cmpint (query (f, "SELECT total FROM invoice_lines WHERE name = 'Hosting'"), ==,
                   1100000);
  g_assert_cmpint (query (f, "SELECT total FROM invoices"), ==, 2160000 + 1100000);

  /* A discount above 100 % is a usage error and adds nothing */
  g_assert_cmpint (run (f, "add-line", "1", "Broken", "--discount", "200%", NULL), ==, 2);
  g_assert_cmpint (query (f, "SELECT count(*) FROM invoice_lines"), ==, 2);
}

static void
test_overdue_and_mark_paid (Fixture       *f,
                            gconstpointer  data)
{
  /* Today is 2026-11-29 */
  g_setenv ("KONTOR_NOW", "1795953600", TRUE);

  g_assert_cmpint (run (f, "add", "companies", "name=Acme", NULL), ==, 0);
  g_assert_cmpint (run (f, "add", "deals", "title=Big deal", "company=Acme", NULL), ==, 0);
  g_assert_cmpint (run (f, "add", "invoice", "number=A-1", "deal=1", "company=Acme",
                        "status=sent", "issued_on=2026-11-01", "due_on=2026-11-15",
                        "line=Work|1|1000|20", NULL), ==, 0);
  g_assert_cmpint (run (f, "add", "invoice", "number=A-2", "issued_on=2026-11-01",
                        "due_on=2026-12-15", NULL), ==, 0);
  g_assert_cmpint (run (f, "add", "invoice", "number=A-3", "status=cancelled",
                        "issued_on=2026-11-01", "due_on=2026-11-15", NULL), ==, 0);

  g_assert_cmpint (run (f, "list", "invoices", "--status", "overdue", NULL), ==, 0);
  g_assert_nonnull (strstr (f->out, "A-1"));
  g_assert_null (strstr (f->out, "A-2"));
  g_assert_null (strstr (f->out, "A-3"));

  g_assert_cmpint (run (f, "mark-paid", "1", "--date", "2026-11-28", NULL), ==, 0);
  g_assert_cmpint (query (f, "SELECT count(*) FROM invoices WHERE status = 'paid' "
                          "AND paid_on = '2026-11-28'"), ==, 1);
  g_assert_cmpint (query (f, "SELECT count(*) FROM timeline WHERE event = 'paid' "
                          "AND entity_kind = 'invoice' AND entity_id = 1"), ==, 1);
  g_assert_cmpint (query (f, "SELECT count(*) FROM timeline WHERE event = 'invoice_paid' "
                          "AND entity_kind IN ('deal', 'company')"), ==, 2);

  g_assert_cmpint (run (f, "list", "invoices", "--status", "overdue", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "");

  /* Paying again, or a bad date, fails with a message */
  g_assert_cmpint (run (f, "mark-paid", "1", NULL), ==, 1);
  g_assert_nonnull (strstr (f->err, "already paid"));
  g_assert_cmpint (run (f, "mark-paid", "2", "--date", "yesterday-ish", NULL), ==, 1);

  g_unsetenv ("KONTOR_NOW");
}

static void
test_invoice_from_deal_and_pdf (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *pdf = g_build_filename (f->dir, "invoice.pdf", NULL);
  g_autofree char *contents = NULL;
  g_autofree char *text_path = g_build_filename (f->dir, "invoice.txt", NULL);
  g_autofree char *pdftotext = g_find_program_in_path ("pdftotext");

  g_assert_cmpint (run (f, "add", "deals", "title=Site", "currency=RUB",
                        "amount_follows_products=yes", NULL), ==, 0);
  g_assert_cmpint (run (f, "add", "deal_products", "deal=1", "name=Design", "price=12345",
                        "quantity=1", NULL), ==, 0);
  g_assert_cmpint (query (f, "SELECT amount FROM deals"), ==, 1234500);

  g_assert_cmpint (run (f, "invoice-from-deal", "1", NULL), ==, 0);
  g_assert_cmpstr (f->out, ==, "1\n");
  g_assert_cmpint (query (f, "SELECT total FROM invoices"), ==, 1234500);

  g_assert_cmpint (run (f, "invoice-pdf", "1", pdf, "--language", "ru", NULL), ==, 0);
  g_assert_true (g_file_get_contents (pdf, &contents, NULL, NULL));
  g_assert_true (g_str_has_prefix (contents, "%PDF"));

  if (pdftotext != NULL)
    {
      g_autofree char *text = NULL;
      g_autoptr(GError) error = NULL;
      const char *argv[] = { pdftotext, pdf, text_path, NULL };
      int status;

      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL, NULL,
                    &status, &error);
      g_assert_no_error (error);
      g_assert_true (g_file_get_contents (text_path, &text, NULL, NULL));
      g_assert_nonnull (strstr (text, "Design"));
      g_assert_nonnull (strstr (text, "Двенадцать тысяч триста сорок пять рублей 00 копеек"));
    }

  g_assert_cmpint (run (f, "invoice-pdf", "99", pdf, NULL), ==, 1);
  g_assert_cmpint (run (f, "invoice-pdf", "1", NULL), ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/cli-invoice/add-invoice-with-lines", test_add_invoice_with_lines);
  ADD ("/cli-invoice/add-line-with-discounts", test_add_line_and_discounts);
  ADD ("/cli-invoice/overdue-and-mark-paid", test_overdue_and_mark_paid);
  ADD ("/cli-invoice/invoice-from-deal-and-pdf", test_invoice_from_deal_and_pdf);

  return g_test_run ();
}
