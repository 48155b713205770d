/* kontor-preferences-window.c: the preferences window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Every row is bound to a GSettings key, so a change applies at once and
 * nothing needs saving. Moving the database, opening another one and
 * restoring a backup need the application to close its window and open the
 * file again: the window asks it with ::switch-database.
 */
#define G_LOG_DOMAIN "kontor-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-preferences-window.h"

struct _KontorPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  KontorRepository     *repository;
  GSettings            *settings;
  GCancellable         *cancellable;  /* of a backup being made */
  GtkStringList        *currencies;
  GPtrArray            *currency_codes;
  GtkFileChooserNative *chooser;

  /* General */
  AdwComboRow          *currency_row;
  GtkSpinButton        *vat_spin;
  AdwEntryRow          *pattern_row;
  AdwActionRow         *example_row;
  AdwComboRow          *style_row;
  GtkSwitch            *background_switch;

  /* Seller */
  AdwEntryRow          *seller_name_row;
  AdwEntryRow          *seller_tax_id_row;
  AdwEntryRow          *seller_kpp_row;
  AdwEntryRow          *seller_address_row;
  AdwEntryRow          *seller_director_row;
  AdwEntryRow          *seller_bank_name_row;
  AdwEntryRow          *seller_bank_account_row;
  AdwEntryRow          *seller_bank_bic_row;

  /* Data */
  AdwActionRow         *location_row;
  AdwPreferencesGroup  *backups_group;
  GtkSwitch            *backup_switch;
  GtkSpinButton        *keep_daily_spin;
  GtkSpinButton        *keep_weekly_spin;
  AdwActionRow         *restore_row;
};

G_DEFINE_FINAL_TYPE (KontorPreferencesWindow, kontor_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

enum {
  PROP_0,
  PROP_REPOSITORY,
  N_PROPS
};

enum {
  SWITCH_DATABASE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

/* The currencies offered first; the key may hold any other valid code */
static const char * const common_currencies[] = {
  "RUB", "USD", "EUR", "CNY", "KZT", "BYN", "UZS", "AMD", "GEL", "KGS", "TRY", "AED", "GBP",
  "CHF", "JPY", NULL,
};

static const char * const color_schemes[] = { "default", "light", "dark", NULL };

static const struct {
  const char *key;
  gsize       offset;
} seller_rows[] = {
  { "seller-name", G_STRUCT_OFFSET (KontorPreferencesWindow, seller_name_row) },
  { "seller-tax-id", G_STRUCT_OFFSET (KontorPreferencesWindow, seller_tax_id_row) },
  { "seller-kpp", G_STRUCT_OFFSET (KontorPreferencesWindow, seller_kpp_row) },
  { "seller-address", G_STRUCT_OFFSET (KontorPreferencesWindow, seller_address_row) },
  { "seller-director", G_STRUCT_OFFSET (KontorPreferencesWindow, seller_director_row) },
  { "seller-bank-name", G_STRUCT_OFFSET (KontorPreferencesWindow, seller_bank_name_row) },
  { "seller-bank-account", G_STRUCT_OFFSET (KontorPreferencesWindow, seller_bank_account_row) },
  { "seller-bank-bic", G_STRUCT_OFFSET (KontorPreferencesWindow, seller_bank_bic_row) },
};

static void
show_toast (KontorPreferencesWindow *self,
            const char              *text)
{
  AdwToast *toast = adw_toast_new (text);

  adw_toast_set_timeout (toast, 5);
  adw_preferences_window_add_toast (ADW_PREFERENCES_WINDOW (self), toast);
}

static void
show_error (KontorPreferencesWindow *self,
            const char              *heading,
            const GError            *error)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, error->message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static const char *
get_database_path (KontorPreferencesWindow *self)
{
  return kontor_repository_get_path (self->repository);
}

/* Money ------------------------------------------------------------------ */

static char *
dup_currency_label (const char *code)
{
  const char *symbol = kontor_currency_get_symbol (code);

  if (symbol == NULL || g_str_equal (symbol, code))
    return g_strdup (code);

  /* Translators: a currency in the list: "RUB (₽)" */
  return g_strdup_printf (_("%s (%s)"), code, symbol);
}

static guint
find_currency (KontorPreferencesWindow *self,
               const char              *code)
{
  guint position;

  if (!g_ptr_array_find_with_equal_func (self->currency_codes, code, g_str_equal, &position))
    return GTK_INVALID_LIST_POSITION;

  return position;
}

static void
add_currency (KontorPreferencesWindow *self,
              const char              *code)
{
  g_autofree char *label = dup_currency_label (code);

  gtk_string_list_append (self->currencies, label);
  g_ptr_array_add (self->currency_codes, g_strdup (code));
}

static gboolean
currency_get_mapping (GValue   *value,
                      GVariant *variant,
                      gpointer  user_data)
{
  KontorPreferencesWindow *self = user_data;
  const char *code = g_variant_get_string (variant, NULL);
  guint position = find_currency (self, code);

  if (position == GTK_INVALID_LIST_POSITION)
    {
      if (!kontor_currency_is_valid (code))
        return FALSE;
      add_currency (self, code);
      position = find_currency (self, code);
    }

  g_value_set_uint (value, position);
  return TRUE;
}

static GVariant *
currency_set_mapping (const GValue       *value,
                      const GVariantType *expected_type,
                      gpointer            user_data)
{
  KontorPreferencesWindow *self = user_data;
  guint position = g_value_get_uint (value);

  if (position >= self->currency_codes->len)
    return NULL;

  return g_variant_new_string (g_ptr_array_index (self->currency_codes, position));
}

/* The VAT rate is kept in basis points and shown in percent */
static gboolean
vat_get_mapping (GValue   *value,
                 GVariant *variant,
                 gpointer  user_data)
{
  g_value_set_double (value, g_variant_get_int32 (variant) / 100.0);
  return TRUE;
}

static GVariant *
vat_set_mapping (const GValue       *value,
                 const GVariantType *expected_type,
                 gpointer            user_data)
{
  gint64 basis_points = (gint64) (g_value_get_double (value) * 100.0 + 0.5);

  return g_variant_new_int32 ((gint32) CLAMP (basis_points, 0, 10000));
}

/* 20 rather than 20.00, 12.5 rather than 12.50, in the user's locale */
static gboolean
on_vat_output (GtkSpinButton *spin,
               gpointer       user_data)
{
  g_autofree char *text = g_strdup_printf ("%g", gtk_spin_button_get_value (spin));

  gtk_editable_set_text (GTK_EDITABLE (spin), text);
  return TRUE;
}

/* Accepts both "12,5" and "12.5" */
static int
on_vat_input (GtkSpinButton *spin,
              double        *new_value,
              gpointer       user_data)
{
  g_autofree char *text = g_strdup (gtk_editable_get_text (GTK_EDITABLE (spin)));
  char *end = NULL;

  g_strdelimit (text, ",", '.');
  *new_value = g_ascii_strtod (text, &end);
  if (end == text || *g_strstrip (end) != '\0')
    return GTK_INPUT_ERROR;

  return TRUE;
}

static void
on_default_currency_changed (GSettings               *settings,
                             const char              *key,
                             KontorPreferencesWindow *self)
{
  g_autofree char *currency = g_settings_get_string (settings, key);

  if (self->repository != NULL && kontor_currency_is_valid (currency))
    kontor_repository_set_default_currency (self->repository, currency);
}

/* Invoices --------------------------------------------------------------- */

static char *
format_example (const char *pattern)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return kontor_pricing_format_invoice_number (pattern, g_date_time_get_year (now), 7);
}

static void
update_example (KontorPreferencesWindow *self)
{
  g_autofree char *pattern = g_settings_get_string (self->settings, "invoice-number-pattern");
  g_autofree char *example = format_example (pattern);

  if (self->repository == NULL)
    return;

  if (example != NULL)
    {
      adw_action_row_set_subtitle (self->example_row, example);
      gtk_widget_remove_css_class (GTK_WIDGET (self->pattern_row), "error");
      kontor_pricing_set_invoice_number_pattern (self->repository, pattern);
    }
  else
    {
      adw_action_row_set_subtitle (self->example_row,
                                   _("The pattern needs {n}, the number of the invoice"));
      gtk_widget_add_css_class (GTK_WIDGET (self->pattern_row), "error");
    }
}

static void
on_pattern_changed (GSettings               *settings,
                    const char              *key,
                    KontorPreferencesWindow *self)
{
  update_example (self);
}

/* Appearance ------------------------------------------------------------- */

static gboolean
color_scheme_get_mapping (GValue   *value,
                          GVariant *variant,
                          gpointer  user_data)
{
  const char *scheme = g_variant_get_string (variant, NULL);

  for (guint i = 0; color_schemes[i] != NULL; i++)
    if (g_str_equal (color_schemes[i], scheme))
      {
        g_value_set_uint (value, i);
        return TRUE;
      }

  return FALSE;
}

static GVariant *
color_scheme_set_mapping (const GValue       *value,
                          const GVariantType *expected_type,
                          gpointer            user_data)
{
  guint position = g_value_get_uint (value);

  if (position >= g_strv_length ((char **) color_schemes))
    return NULL;

  return g_variant_new_string (color_schemes[position]);
}

/* Data ------------------------------------------------------------------- */

static void
update_location (KontorPreferencesWindow *self)
{
  g_autoptr(GFile) file = g_file_new_for_path (get_database_path (self));
  g_autofree char *parse_name = g_file_get_parse_name (file);

  adw_action_row_set_subtitle (self->location_row, parse_name);
}

static void
update_backup_rows (KontorPreferencesWindow *self)
{
  g_autoptr(GPtrArray) backups = kontor_backup_list (get_database_path (self), NULL);
  g_autofree char *subtitle = NULL;

  if (backups == NULL || backups->len == 0)
    {
      adw_action_row_set_subtitle (self->restore_row, _("There are no backups yet"));
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.restore", FALSE);
      return;
    }

  subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "Replace the data with an earlier copy; %u backup",
                                           "Replace the data with an earlier copy; %u backups",
                                           backups->len),
                              backups->len);
  adw_action_row_set_subtitle (self->restore_row, subtitle);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.restore", TRUE);
}

static void
clear_chooser (KontorPreferencesWindow *self)
{
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);
}

static void
switch_database (KontorPreferencesWindow *self,
                 const char              *path,
                 const char              *backup_path)
{
  g_autoptr(KontorPreferencesWindow) hold = g_object_ref (self);

  /* The application closes the windows of the old database, so that no
   * connection keeps the file open. This one goes first, and forgets its
   * parent, which is destroyed before this window is finalized. */
  gtk_window_set_transient_for (GTK_WINDOW (self), NULL);
  gtk_window_close (GTK_WINDOW (self));
  g_clear_object (&self->repository);
  g_signal_emit (self, signals[SWITCH_DATABASE], 0, path, backup_path);
}

static void
on_move_response (GtkNativeDialog         *chooser,
                  int                      response,
                  KontorPreferencesWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  clear_chooser (self);

  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_set_error (&error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Choose a folder on this computer"));
      show_error (self, _("Cannot Move the Database"), error);
      return;
    }

  if (!kontor_preferences_window_move_database (self, path, &error))
    {
      show_error (self, _("Cannot Move the Database"), error);
      return;
    }

  switch_database (self, path, NULL);
}

static void
move_database_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KontorPreferencesWindow *self = KONTOR_PREFERENCES_WINDOW (widget);
  g_autoptr(GFile) current = g_file_new_for_path (get_database_path (self));
  g_autoptr(GFile) folder = g_file_get_parent (current);
  g_autofree char *name = g_file_get_basename (current);

  clear_chooser (self);
  self->chooser = gtk_file_chooser_native_new (_("Move the Database"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_SAVE,
                                               _("_Move"), _("_Cancel"));
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), folder, NULL);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_move_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_open_response (GtkNativeDialog         *chooser,
                  int                      response,
                  KontorPreferencesWindow *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  clear_chooser (self);

  if (file == NULL)
    return;

  path = g_file_get_path (file);
  if (path != NULL && g_file_test (path, G_FILE_TEST_EXISTS) &&
      !kontor_backup_verify (path, &error))
    {
      show_error (self, _("Cannot Open the Database"), error);
      return;
    }
  if (path == NULL)
    return;

  g_settings_set_string (self->settings, "database-path", path);
  switch_database (self, path, NULL);
}

static void
open_database_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  KontorPreferencesWindow *self = KONTOR_PREFERENCES_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("Kontor databases"));
  gtk_file_filter_add_pattern (filter, "*.db");
  gtk_file_filter_add_mime_type (filter, "application/vnd.sqlite3");

  clear_chooser (self);
  self->chooser = gtk_file_chooser_native_new (_("Open Another Database"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN,
                                               _("_Open"), _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", G_CALLBACK (on_open_response), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
back_up_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(KontorPreferencesWindow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = kontor_backup_create_finish (result, &error);
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;

  /* The window was closed meanwhile */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) || self->repository == NULL)
    return;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.back-up", TRUE);
  if (path == NULL)
    {
      show_error (self, _("Cannot Back Up the Database"), error);
      return;
    }

  name = g_path_get_basename (path);
  /* Translators: %s is the name of the backup file */
  text = g_strdup_printf (_("Saved the backup “%s”"), name);
  show_toast (self, text);
  update_backup_rows (self);
}

/* In a worker with a connection of its own: a big file takes seconds */
static void
back_up_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KontorPreferencesWindow *self = KONTOR_PREFERENCES_WINDOW (widget);

  gtk_widget_action_set_enabled (widget, "prefs.back-up", FALSE);
  kontor_backup_create_async (self->repository, NULL, self->cancellable, back_up_cb,
                              g_object_ref (self));
}

static void
on_restore_confirmed (AdwMessageDialog        *dialog,
                      const char              *response,
                      KontorPreferencesWindow *self)
{
  const char *backup = g_object_get_data (G_OBJECT (dialog), "backup");

  if (g_str_equal (response, "restore"))
    {
      g_autofree char *path = g_strdup (get_database_path (self));

      switch_database (self, path, backup);
    }
}

static char *
dup_backup_title (const char *backup)
{
  g_autoptr(GDateTime) time = kontor_backup_get_time (backup);

  if (time == NULL)
    return g_path_get_basename (backup);

  /* Translators: the date and time of a backup, see strftime(3) */
  return g_date_time_format (time, _("%e %B %Y, %H:%M"));
}

static void
on_backup_activated (AdwActionRow            *row,
                     KontorPreferencesWindow *self)
{
  const char *backup = g_object_get_data (G_OBJECT (row), "backup");
  g_autofree char *title = dup_backup_title (backup);
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore This Backup?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  /* Translators: %s is the date of the backup */
                                  _("The records will be as they were on %s. Changes made since "
                                    "then are kept only in the copy of the current file, saved "
                                    "next to it with “.before-restore” at the end of its name."),
                                  g_strstrip (title));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "backup", g_strdup (backup), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_restore_confirmed), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* A subpage listing the backups, newest first */
static GtkWidget *
build_backups_subpage (KontorPreferencesWindow *self)
{
  g_autoptr(GPtrArray) backups = kontor_backup_list (get_database_path (self), NULL);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *back = gtk_button_new_from_icon_name ("go-previous-symbolic");
  GtkWidget *page = adw_preferences_page_new ();
  GtkWidget *group = adw_preferences_group_new ();

  gtk_widget_set_tooltip_text (back, _("Back"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (back), "prefs.close-subpage");
  adw_header_bar_pack_start (ADW_HEADER_BAR (header), back);
  adw_header_bar_set_title_widget (ADW_HEADER_BAR (header),
                                   adw_window_title_new (_("Restore from Backup"), NULL));
  gtk_box_append (GTK_BOX (box), header);

  adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group),
                                         _("Choose the copy to go back to"));
  for (guint i = 0; backups != NULL && i < backups->len; i++)
    {
      const char *backup = g_ptr_array_index (backups, i);
      g_autofree char *title = dup_backup_title (backup);
      g_autofree char *reason = kontor_backup_dup_reason (backup);
      g_autofree char *name = g_path_get_basename (backup);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), g_strstrip (title));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), name);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_object_set_data_full (G_OBJECT (row), "backup", g_strdup (backup), g_free);
      g_signal_connect_object (row, "activated", G_CALLBACK (on_backup_activated), self, 0);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), row);
    }

  adw_preferences_page_add (ADW_PREFERENCES_PAGE (page), ADW_PREFERENCES_GROUP (group));
  gtk_widget_set_vexpand (page, TRUE);
  gtk_box_append (GTK_BOX (box), page);

  return box;
}

static void
restore_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  KontorPreferencesWindow *self = KONTOR_PREFERENCES_WINDOW (widget);

  adw_preferences_window_present_subpage (ADW_PREFERENCES_WINDOW (self),
                                          build_backups_subpage (self));
}

static void
close_subpage_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  adw_preferences_window_close_subpage (ADW_PREFERENCES_WINDOW (widget));
}

/* Setup ------------------------------------------------------------------ */

static void
bind_settings (KontorPreferencesWindow *self)
{
  for (guint i = 0; common_currencies[i] != NULL; i++)
    add_currency (self, common_currencies[i]);
  adw_combo_row_set_model (self->currency_row, G_LIST_MODEL (self->currencies));
  g_settings_bind_with_mapping (self->settings, "default-currency",
                                self->currency_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                currency_get_mapping, currency_set_mapping, self, NULL);
  g_signal_connect_object (self->settings, "changed::default-currency",
                           G_CALLBACK (on_default_currency_changed), self, 0);

  g_signal_connect (self->vat_spin, "output", G_CALLBACK (on_vat_output), NULL);
  g_signal_connect (self->vat_spin, "input", G_CALLBACK (on_vat_input), NULL);
  g_settings_bind_with_mapping (self->settings, "default-vat-rate",
                                self->vat_spin, "value", G_SETTINGS_BIND_DEFAULT,
                                vat_get_mapping, vat_set_mapping, NULL, NULL);

  g_settings_bind (self->settings, "invoice-number-pattern",
                   self->pattern_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_signal_connect_object (self->settings, "changed::invoice-number-pattern",
                           G_CALLBACK (on_pattern_changed), self, 0);
  update_example (self);

  g_settings_bind_with_mapping (self->settings, "color-scheme",
                                self->style_row, "selected", G_SETTINGS_BIND_DEFAULT,
                                color_scheme_get_mapping, color_scheme_set_mapping, NULL, NULL);
  g_settings_bind (self->settings, "run-in-background",
                   self->background_switch, "active", G_SETTINGS_BIND_DEFAULT);

  for (guint i = 0; i < G_N_ELEMENTS (seller_rows); i++)
    {
      GObject *row = G_STRUCT_MEMBER (GObject *, self, seller_rows[i].offset);

      g_settings_bind (self->settings, seller_rows[i].key, row, "text", G_SETTINGS_BIND_DEFAULT);
    }

  g_settings_bind (self->settings, "backup-enabled",
                   self->backup_switch, "active", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "backup-keep-daily",
                   gtk_spin_button_get_adjustment (self->keep_daily_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (self->settings, "backup-keep-weekly",
                   gtk_spin_button_get_adjustment (self->keep_weekly_spin), "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_object_bind_property (self->backup_switch, "active",
                          self->keep_daily_spin, "sensitive", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->backup_switch, "active",
                          self->keep_weekly_spin, "sensitive", G_BINDING_SYNC_CREATE);
}

static void
kontor_preferences_window_constructed (GObject *object)
{
  KontorPreferencesWindow *self = (KontorPreferencesWindow *) object;

  G_OBJECT_CLASS (kontor_preferences_window_parent_class)->constructed (object);

  g_assert (self->repository != NULL);

  bind_settings (self);
  update_location (self);
  update_backup_rows (self);
}

static void
kontor_preferences_window_dispose (GObject *object)
{
  KontorPreferencesWindow *self = (KontorPreferencesWindow *) object;

  clear_chooser (self);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* Its mapping uses this window, and the row may outlive it */
  if (self->currency_row != NULL)
    g_settings_unbind (self->currency_row, "selected");
  gtk_widget_dispose_template (GTK_WIDGET (object), KONTOR_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->currencies);
  g_clear_pointer (&self->currency_codes, g_ptr_array_unref);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_preferences_window_parent_class)->dispose (object);
}

static void
kontor_preferences_window_get_property (GObject    *object,
                                        guint       prop_id,
                                        GValue     *value,
                                        GParamSpec *pspec)
{
  KontorPreferencesWindow *self = KONTOR_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_REPOSITORY:
      g_value_set_object (value, self->repository);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kontor_preferences_window_set_property (GObject      *object,
                                        guint         prop_id,
                                        const GValue *value,
                                        GParamSpec   *pspec)
{
  KontorPreferencesWindow *self = KONTOR_PREFERENCES_WINDOW (object);

  switch (prop_id)
    {
    case PROP_REPOSITORY:
      self->repository = g_value_dup_object (value);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kontor_preferences_window_class_init (KontorPreferencesWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->constructed = kontor_preferences_window_constructed;
  object_class->dispose = kontor_preferences_window_dispose;
  object_class->get_property = kontor_preferences_window_get_property;
  object_class->set_property = kontor_preferences_window_set_property;

  properties[PROP_REPOSITORY] =
    g_param_spec_object ("repository", NULL, NULL,
                         KONTOR_TYPE_REPOSITORY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KontorPreferencesWindow::switch-database:
   * @path: the database to work with from now on
   * @backup_path: (nullable): a backup to restore into @path first
   *
   * The user moved the database, chose another one or restores a backup.
   * The handler closes every window of the current database, restores the
   * backup if there is one, and opens @path.
   */
  signals[SWITCH_DATABASE] =
    g_signal_new ("switch-database",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/kontor/Kontor/ui/kontor-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, currency_row);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, vat_spin);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, pattern_row);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, example_row);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, style_row);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, background_switch);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, seller_name_row);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, seller_tax_id_row);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, seller_kpp_row);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, seller_address_row);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, seller_director_row);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, seller_bank_name_row);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, seller_bank_account_row);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, seller_bank_bic_row);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, location_row);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, backups_group);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, backup_switch);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, keep_daily_spin);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, keep_weekly_spin);
  gtk_widget_class_bind_template_child (widget_class, KontorPreferencesWindow, restore_row);

  gtk_widget_class_install_action (widget_class, "prefs.move-database", NULL, move_database_action);
  gtk_widget_class_install_action (widget_class, "prefs.open-database", NULL, open_database_action);
  gtk_widget_class_install_action (widget_class, "prefs.back-up", NULL, back_up_action);
  gtk_widget_class_install_action (widget_class, "prefs.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "prefs.close-subpage", NULL, close_subpage_action);
}

static void
kontor_preferences_window_init (KontorPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->settings = g_settings_new (APP_ID);
  self->cancellable = g_cancellable_new ();
  self->currencies = gtk_string_list_new (NULL);
  self->currency_codes = g_ptr_array_new_with_free_func (g_free);
}

/**
 * kontor_preferences_window_new:
 * @parent: (nullable): the window it belongs to
 * @repository: the open database, for its location, backups and defaults
 */
GtkWidget *
kontor_preferences_window_new (GtkWindow        *parent,
                               KontorRepository *repository)
{
  g_return_val_if_fail (parent == NULL || GTK_IS_WINDOW (parent), NULL);
  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  return g_object_new (KONTOR_TYPE_PREFERENCES_WINDOW,
                       "transient-for", parent,
                       "repository", repository,
                       NULL);
}

KontorRepository *
kontor_preferences_window_get_repository (KontorPreferencesWindow *self)
{
  g_return_val_if_fail (KONTOR_IS_PREFERENCES_WINDOW (self), NULL);

  return self->repository;
}

GSettings *
kontor_preferences_window_get_settings (KontorPreferencesWindow *self)
{
  g_return_val_if_fail (KONTOR_IS_PREFERENCES_WINDOW (self), NULL);

  return self->settings;
}

/**
 * kontor_preferences_window_move_database:
 * @new_path: where the database goes
 *
 * Copies the committed state of the database to @new_path through a
 * backup, so the copy is consistent and checked, then points the
 * database-path key at it. The old file stays where it was, untouched, as
 * one more copy; the caller switches to @new_path.
 */
gboolean
kontor_preferences_window_move_database (KontorPreferencesWindow  *self,
                                         const char               *new_path,
                                         GError                  **error)
{
  g_autofree char *backup = NULL;
  g_autofree char *current = NULL;
  g_autofree char *target = NULL;

  g_return_val_if_fail (KONTOR_IS_PREFERENCES_WINDOW (self), FALSE);
  g_return_val_if_fail (new_path != NULL, FALSE);

  current = g_canonicalize_filename (get_database_path (self), NULL);
  target = g_canonicalize_filename (new_path, NULL);
  if (g_str_equal (current, target))
    {
      g_set_error (error, KONTOR_ERROR, KONTOR_ERROR_INVALID,
                   _("The database is already there"));
      return FALSE;
    }

  if (!kontor_backup_create (self->repository, "move", &backup, error))
    return FALSE;

  if (!kontor_backup_restore (backup, target, error))
    return FALSE;

  g_settings_set_string (self->settings, "database-path", target);
  return TRUE;
}

/**
 * kontor_preferences_window_dup_example:
 *
 * Returns: (transfer full): the example invoice number shown under the
 *   pattern, or the message that replaces it
 */
char *
kontor_preferences_window_dup_example (KontorPreferencesWindow *self)
{
  g_return_val_if_fail (KONTOR_IS_PREFERENCES_WINDOW (self), NULL);

  return g_strdup (adw_action_row_get_subtitle (self->example_row));
}

/**
 * kontor_preferences_window_switch_database:
 * @path: the database to work with from now on
 * @backup_path: (nullable): a backup to restore into @path first
 *
 * Closes the window, lets go of the database and emits ::switch-database,
 * as the Move, Open and Restore buttons do once the user has chosen.
 */
void
kontor_preferences_window_switch_database (KontorPreferencesWindow *self,
                                           const char              *path,
                                           const char              *backup_path)
{
  g_return_if_fail (KONTOR_IS_PREFERENCES_WINDOW (self));
  g_return_if_fail (path != NULL);

  switch_database (self, path, backup_path);
}
