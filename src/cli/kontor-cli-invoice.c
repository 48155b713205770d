/* kontor-cli-invoice.c: invoices from the command line
 *
 *   add invoice FIELD=VALUE… line="NAME|QTY|PRICE|VAT%"…
 *   add-line INVOICE "NAME|QTY|PRICE|VAT%"… [--product P] [--discount D] [--vat-included]
 *   invoice-from-deal DEAL
 *   invoice-pdf ID FILE [--language ru|en]
 *   mark-paid ID [--date YYYY-MM-DD]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-cli"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>
#include <string.h>

#include "kontor-cli-private.h"

/* The settings of the app, when its schema is installed */
static GSettings *
get_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  return schema ? g_settings_new_full (schema, NULL, NULL) : NULL;
}

/* New invoices are numbered with the pattern set in the preferences */
static void
apply_number_pattern (Cli *cli)
{
  g_autoptr(GSettings) settings = get_settings ();
  g_autofree char *pattern = NULL;

  if (settings != NULL)
    pattern = g_settings_get_string (settings, "invoice-number-pattern");
  kontor_pricing_set_invoice_number_pattern (cli->repository, pattern);
}

typedef struct
{
  KontorRepository *repository;
  KontorEntity     *invoice;
  GPtrArray        *lines;
} AddData;

static KontorEntity *
find_invoice (Cli         *cli,
              const char  *text,
              GError     **error)
{
  g_autoptr(KontorEntity) invoice = NULL;
  gint64 id;

  if (!parse_id (text, &id, error))
    return NULL;

  invoice = kontor_repository_find (cli->repository, KONTOR_TYPE_INVOICE, id, error);
  if (invoice == NULL)
    return NULL;

  if (kontor_entity_is_deleted (invoice))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_NOT_FOUND,
                   _("Invoice %" PRId64 " is deleted"), id);
      return NULL;
    }

  return g_steal_pointer (&invoice);
}

/* "NAME|QTY|PRICE|VAT%": quantity, price and VAT may be left out
 * ("Delivery||500"); VAT is "20", "20%", "none" or empty. The name may be
 * left out when a catalog product gives it. */
static KontorEntity *
parse_line (const char  *spec,
            const char  *currency,
            gboolean     name_optional,
            GError     **error)
{
  g_auto(GStrv) parts = g_strsplit (spec, "|", 5);
  g_autoptr(KontorEntity) line = KONTOR_ENTITY (kontor_invoice_line_new ());
  guint n = g_strv_length (parts);

  if (n < 1 || n > 4 || (*g_strstrip (parts[0]) == '\0' && !name_optional))
    {
      usage_error (error, _("“%s” is not a line like \"NAME|QTY|PRICE|VAT%%\""), spec);
      return NULL;
    }

  if (*parts[0] != '\0')
    kontor_entity_set_text (line, "name", parts[0]);

  if (n > 1 && *g_strstrip (parts[1]) != '\0' &&
      !kontor_entity_set_from_string (line, "quantity", parts[1], error))
    return NULL;

  if (n > 2 && *g_strstrip (parts[2]) != '\0')
    {
      gint64 price;

      if (!kontor_money_parse (parts[2], currency, &price, error))
        {
          g_prefix_error (error, "%s: ", _("Price"));
          return NULL;
        }
      kontor_entity_set_int (line, "price", price);
    }

  if (n > 3 && *g_strstrip (parts[3]) != '\0' && g_ascii_strcasecmp (parts[3], "none") != 0)
    {
      g_autofree char *rate = g_strdup (parts[3]);
      gint64 basis_points;
      char *percent = strchr (rate, '%');

      if (percent)
        *percent = '\0';
      g_strdelimit (g_strstrip (rate), ",", '.');
      /* A rate in percent with up to two decimals, kept as basis points */
      if (!kontor_money_parse (rate, "USD", &basis_points, NULL) || basis_points > 10000)
        {
          usage_error (error, _("“%s” is not a VAT rate such as 20%% or none"), parts[3]);
          return NULL;
        }
      kontor_entity_set_int (line, "vat_rate", basis_points);
    }

  return g_steal_pointer (&line);
}

/* "150" or "150.50" is an amount off the line, "10%" a percent */
static gboolean
apply_discount (KontorEntity  *line,
                const char    *text,
                const char    *currency,
                GError       **error)
{
  g_autofree char *value = g_strstrip (g_strdup (text));
  gint64 number;

  if (g_str_has_suffix (value, "%"))
    {
      value[strlen (value) - 1] = '\0';
      g_strdelimit (value, ",", '.');
      if (!kontor_money_parse (g_strstrip (value), "USD", &number, NULL) || number > 10000)
        return usage_error (error, _("“%s” is not a discount such as 10%% or 150.00"), text);
      kontor_entity_set_int (line, "discount_percent", number);
      return TRUE;
    }

  if (!kontor_money_parse (value, currency, &number, error))
    return FALSE;
  kontor_entity_set_int (line, "discount", number);
  return TRUE;
}

static gboolean
add_lines_cb (gpointer   user_data,
              GError   **error)
{
  AddData *data = user_data;

  if (kontor_entity_get_id (data->invoice) == 0 &&
      !kontor_repository_save (data->repository, data->invoice, error))
    return FALSE;

  for (guint i = 0; i < data->lines->len; i++)
    {
      KontorEntity *line = g_ptr_array_index (data->lines, i);

      kontor_entity_set_int (line, "invoice", kontor_entity_get_id (data->invoice));
      if (kontor_entity_get_int (line, "position") == 0)
        {
          g_autoptr(GListModel) existing = kontor_pricing_list_lines (data->repository,
                                                                      data->invoice);

          kontor_entity_set_int (line, "position", g_list_model_get_n_items (existing) + 1);
        }
      if (!kontor_repository_save (data->repository, line, error))
        {
          g_prefix_error (error, _("Line %u: "), i + 1);
          return FALSE;
        }
    }

  return TRUE;
}

/* add invoice FIELD=VALUE… line="NAME|QTY|PRICE|VAT%"…: the invoice and
 * its lines are written in one transaction, or nothing is. */
gboolean
cmd_add_invoice (Cli     *cli,
                 GError **error)
{
  g_autoptr(KontorEntity) invoice = KONTOR_ENTITY (kontor_invoice_new ());
  g_autoptr(GPtrArray) specs = g_ptr_array_new ();
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (invoice);
  AddData data = { cli->repository, invoice, lines };
  const char *currency;

  /* The currency decides how amounts are read: first */
  for (int pass = 0; pass < 2; pass++)
    for (int i = 1; i < cli->argc; i++)
      {
        const char *arg = cli->argv[i];
        const char *eq = strchr (arg, '=');
        g_autofree char *name = NULL;
        g_autofree char *resolved = NULL;
        const KontorField *field;
        const char *value;

        if (eq == NULL || eq == arg)
          return usage_error (error, _("“%s” is not FIELD=VALUE"), arg);

        name = g_strndup (arg, eq - arg);
        value = eq + 1;
        if ((pass == 0) != g_str_equal (name, "currency"))
          continue;

        if (g_str_equal (name, "line"))
          {
            g_ptr_array_add (specs, (gpointer) value);
            continue;
          }

        field = kontor_entity_class_find_field (klass, name);
        if (field == NULL || (field->flags & KONTOR_FIELD_COMPUTED))
          {
            kontor_set_field_error (error, name, _("An invoice has no field “%s”"), name);
            return FALSE;
          }

        if (field->type == KONTOR_FIELD_REF)
          {
            if (!resolve_ref (cli, field, value, 0, &resolved, error))
              return FALSE;
            value = resolved;
          }

        if (!kontor_entity_set_from_string (invoice, name, value, error))
          return FALSE;
      }

  apply_number_pattern (cli);
  currency = kontor_entity_get_text (invoice, "currency");
  if (currency == NULL)
    currency = kontor_repository_get_default_currency (cli->repository);

  for (guint i = 0; i < specs->len; i++)
    {
      KontorEntity *line = parse_line (g_ptr_array_index (specs, i), currency, FALSE, error);

      if (line == NULL)
        return FALSE;
      kontor_entity_set_int (line, "position", i + 1);
      g_ptr_array_add (lines, line);
    }

  if (!kontor_repository_run_in_transaction (cli->repository, add_lines_cb, &data, error))
    return FALSE;

  g_print ("%" PRId64 "\n", kontor_entity_get_id (invoice));
  return TRUE;
}

/* add-line INVOICE "NAME|QTY|PRICE|VAT%"… */
gboolean
cmd_add_line (Cli     *cli,
              GError **error)
{
  g_autoptr(KontorEntity) invoice = NULL;
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_object_unref);
  g_autofree char *product_ref = NULL;
  g_autofree char *discount = NULL;
  gboolean included = FALSE;
  g_autoptr(KontorEntity) product = NULL;
  AddData data = { cli->repository, NULL, lines };
  const char *currency;

  if (!take_option (cli, "--product", TRUE, &product_ref, NULL, error) ||
      !take_option (cli, "--discount", TRUE, &discount, NULL, error) ||
      !take_option (cli, "--vat-included", FALSE, NULL, &included, error) ||
      !no_more_options (cli, error))
    return FALSE;

  if (cli->argc < 2 && !(cli->argc == 1 && product_ref != NULL))
    return usage_error (error, _("Usage: kontor-cli add-line INVOICE \"NAME|QTY|PRICE|VAT%%\"…"));

  invoice = find_invoice (cli, cli->argv[0], error);
  if (invoice == NULL)
    return FALSE;
  currency = kontor_entity_get_text (invoice, "currency");

  if (product_ref != NULL)
    {
      static const KontorField product_field = { "product", KONTOR_FIELD_REF, 0, 0, "product", };
      g_autofree char *id_text = NULL;
      gint64 id;

      if (!resolve_ref (cli, &product_field, product_ref, 0, &id_text, error) ||
          !parse_id (id_text, &id, error))
        return FALSE;
      product = kontor_repository_find (cli->repository, KONTOR_TYPE_PRODUCT, id, error);
      if (product == NULL)
        return FALSE;
    }

  for (int i = 1; i < cli->argc || (i == 1 && product != NULL); i++)
    {
      g_autoptr(KontorEntity) line = NULL;

      if (i < cli->argc)
        line = parse_line (cli->argv[i], currency, product != NULL, error);
      else
        line = KONTOR_ENTITY (kontor_invoice_line_new ());
      if (line == NULL)
        return FALSE;

      /* A catalog product gives what the line leaves out */
      if (product != NULL)
        {
          kontor_entity_set_int (line, "product", kontor_entity_get_id (product));
          if (kontor_entity_get_text (line, "name") == NULL)
            kontor_entity_set_text (line, "name", kontor_entity_get_text (product, "name"));
          if (kontor_entity_get_int (line, "price") == 0)
            kontor_entity_set_int (line, "price", kontor_entity_get_int (product, "price"));
          if (kontor_entity_get_int (line, "vat_rate") < 0)
            {
              kontor_entity_set_int (line, "vat_rate", kontor_entity_get_int (product, "vat_rate"));
              kontor_entity_set_bool (line, "vat_included",
                                      kontor_entity_get_bool (product, "vat_included"));
            }
          kontor_entity_set_text (line, "unit", kontor_entity_get_text (product, "unit"));
        }
      if (included)
        kontor_entity_set_bool (line, "vat_included", TRUE);
      if (discount != NULL && !apply_discount (line, discount, currency, error))
        return FALSE;

      g_ptr_array_add (lines, g_steal_pointer (&line));
    }

  data.invoice = invoice;
  if (!kontor_repository_run_in_transaction (cli->repository, add_lines_cb, &data, error))
    return FALSE;

  for (guint i = 0; i < lines->len; i++)
    g_print ("%" PRId64 "\n",
             kontor_entity_get_id (g_ptr_array_index (lines, i)));
  return TRUE;
}

gboolean
cmd_invoice_from_deal (Cli     *cli,
                       GError **error)
{
  g_autoptr(KontorEntity) invoice = NULL;
  gint64 deal_id;

  if (!no_more_options (cli, error))
    return FALSE;
  if (cli->argc != 1)
    return usage_error (error, _("Usage: kontor-cli invoice-from-deal DEAL"));
  if (!parse_id (cli->argv[0], &deal_id, error))
    return FALSE;

  apply_number_pattern (cli);
  invoice = kontor_pricing_create_invoice_from_deal (cli->repository, deal_id, error);
  if (invoice == NULL)
    return FALSE;

  g_print ("%" PRId64 "\n", kontor_entity_get_id (invoice));
  return TRUE;
}

static char *
setting (GSettings  *settings,
         const char *key)
{
  return settings ? g_settings_get_string (settings, key) : NULL;
}

/* The seller as set in Preferences, when the settings schema is installed */
gboolean
cmd_invoice_pdf (Cli     *cli,
                 GError **error)
{
  g_autoptr(KontorEntity) invoice = NULL;
  g_autoptr(GSettings) settings = get_settings ();
  g_autofree char *language = NULL;
  g_autofree char *name = NULL, *tax_id = NULL, *kpp = NULL, *address = NULL;
  g_autofree char *bank = NULL, *account = NULL, *bic = NULL, *director = NULL;
  g_autofree char *logo = NULL;
  KontorSeller seller = { 0, };

  if (!take_option (cli, "--language", TRUE, &language, NULL, error) ||
      !take_option (cli, "--logo", TRUE, &logo, NULL, error) ||
      !no_more_options (cli, error))
    return FALSE;

  if (cli->argc != 2)
    return usage_error (error, _("Usage: kontor-cli invoice-pdf ID FILE [--language ru|en]"));

  invoice = find_invoice (cli, cli->argv[0], error);
  if (invoice == NULL)
    return FALSE;

  seller.name = name = setting (settings, "seller-name");
  seller.tax_id = tax_id = setting (settings, "seller-tax-id");
  seller.kpp = kpp = setting (settings, "seller-kpp");
  seller.address = address = setting (settings, "seller-address");
  seller.bank_name = bank = setting (settings, "seller-bank-name");
  seller.bank_account = account = setting (settings, "seller-bank-account");
  seller.bank_bic = bic = setting (settings, "seller-bank-bic");
  seller.director = director = setting (settings, "seller-director");
  seller.logo_path = logo;

  /* The invoice speaks the user's language unless told otherwise */
  if (language == NULL)
    language = g_strdup (g_get_language_names ()[0]);

  if (!kontor_invoice_write_pdf (cli->repository, invoice, &seller, language, cli->argv[1],
                                 error))
    return FALSE;

  g_print ("%s\n", cli->argv[1]);
  return TRUE;
}

gboolean
cmd_mark_paid (Cli     *cli,
               GError **error)
{
  g_autoptr(KontorEntity) invoice = NULL;
  g_autofree char *date = NULL;

  if (!take_option (cli, "--date", TRUE, &date, NULL, error) || !no_more_options (cli, error))
    return FALSE;

  if (cli->argc != 1)
    return usage_error (error, _("Usage: kontor-cli mark-paid ID [--date YYYY-MM-DD]"));

  invoice = find_invoice (cli, cli->argv[0], error);
  if (invoice == NULL)
    return FALSE;

  if (date != NULL)
    {
      /* The field's own parser checks the date */
      g_autoptr(KontorEntity) scratch = KONTOR_ENTITY (kontor_invoice_new ());

      if (!kontor_entity_set_from_string (scratch, "paid_on", date, error))
        return FALSE;
      g_free (date);
      date = g_strdup (kontor_entity_get_text (scratch, "paid_on"));
    }

  return kontor_pricing_mark_invoice_paid (cli->repository, invoice, date, error);
}
