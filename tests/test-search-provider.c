/* test-search-provider.c: the GNOME Shell search provider, over D-Bus
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Each test runs a private bus (GTestDBus), exports the provider on one
 * connection and calls it from another, as GNOME Shell does.
 */
#include "config.h"

#include <glib/gstdio.h>

#include "kontor-application.h"
#include "kontor-core.h"
#include "kontor-record-page.h"
#include "kontor-search-provider.h"
#include "kontor-window.h"

#define SHELL_IFACE "org.gnome.Shell.SearchProvider2"

/* The bus of dbus-run-session; GTestDBus changes the variable */
static char *session_address;

typedef struct
{
  GTestDBus            *bus;
  char                 *dir;
  char                 *path;
  KontorRepository     *repository;
  KontorSearchProvider *provider;
  GDBusConnection      *service;   /* where the provider lives */
  GDBusConnection      *shell;     /* who calls it */
  gint64                ivan_id;
  gint64                company_id;
  gint64                deal_id;
} Fixture;

static KontorEntity *
add_record (KontorRepository *repository,
            GType             type,
            ...)
{
  g_autoptr(KontorEntity) entity = g_object_new (type, NULL);
  g_autoptr(GError) error = NULL;
  const char *field;
  va_list args;

  va_start (args, type);
  while ((field = va_arg (args, const char *)) != NULL)
    {
      const char *value = va_arg (args, const char *);

      kontor_entity_set_from_string (entity, field, value, &error);
      g_assert_no_error (error);
    }
  va_end (args);

  kontor_repository_save (repository, entity, &error);
  g_assert_no_error (error);

  return g_steal_pointer (&entity);
}

static GDBusConnection *
connect_to_bus (const char *address)
{
  g_autoptr(GError) error = NULL;
  GDBusConnection *connection;

  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  return connection;
}

static void
fill_database (Fixture *f)
{
  g_autoptr(KontorEntity) company = NULL;
  g_autoptr(KontorEntity) ivan = NULL;
  g_autoptr(KontorEntity) anna = NULL;
  g_autoptr(KontorEntity) deal = NULL;
  g_autofree char *company_id = NULL;

  company = add_record (f->repository, KONTOR_TYPE_COMPANY,
                        "name", "Ivanov and Sons",
                        "industry", "Machine tools",
                        NULL);
  f->company_id = kontor_entity_get_id (company);
  company_id = g_strdup_printf ("%" G_GINT64_FORMAT, f->company_id);

  ivan = add_record (f->repository, KONTOR_TYPE_CONTACT,
                     "first_name", "Ivan",
                     "last_name", "Petrov",
                     "company", company_id,
                     "phone", "+7 912 345-67-89",
                     "email", "ivan@example.com",
                     NULL);
  f->ivan_id = kontor_entity_get_id (ivan);

  anna = add_record (f->repository, KONTOR_TYPE_CONTACT,
                     "first_name", "Anna",
                     "last_name", "Smirnova",
                     "phone", "+7 495 111-22-33",
                     NULL);

  deal = add_record (f->repository, KONTOR_TYPE_DEAL,
                     "title", "Lathe for Ivanov",
                     "amount", "1500.50",
                     "currency", "RUB",
                     "company", company_id,
                     NULL);
  f->deal_id = kontor_entity_get_id (deal);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  /* The application test needs GTK, whose portal proxies keep the session
   * bus connection alive, so a GTestDBus could not shut down: it uses the
   * session bus of dbus-run-session instead */
  if (data == NULL)
    {
      f->bus = g_test_dbus_new (G_TEST_DBUS_NONE);
      g_test_dbus_up (f->bus);
      address = g_strdup (g_test_dbus_get_bus_address (f->bus));
    }
  else
    {
      address = g_strdup (session_address);
      g_setenv ("DBUS_SESSION_BUS_ADDRESS", session_address, TRUE);
    }

  f->dir = g_dir_make_tmp ("kontor-search-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "kontor.db", NULL);
  f->repository = kontor_repository_open (f->path, &error);
  g_assert_no_error (error);
  kontor_repository_set_default_currency (f->repository, "RUB");
  fill_database (f);

  f->service = connect_to_bus (address);
  f->shell = connect_to_bus (address);

  f->provider = kontor_search_provider_new (NULL);
  kontor_search_provider_set_repository (f->provider, f->repository);
  kontor_search_provider_register (f->provider, f->service, KONTOR_SEARCH_PROVIDER_PATH, &error);
  g_assert_no_error (error);
}

static void
remove_dir (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);
      g_remove (child);
    }
  g_rmdir (path);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  kontor_search_provider_unregister (f->provider);
  g_assert_finalize_object (f->provider);
  g_dbus_connection_close_sync (f->shell, NULL, NULL);
  g_dbus_connection_close_sync (f->service, NULL, NULL);
  g_clear_object (&f->shell);
  g_clear_object (&f->service);
  g_clear_object (&f->repository);
  if (f->bus != NULL)
    g_test_dbus_down (f->bus);
  g_clear_object (&f->bus);
  remove_dir (f->dir);
  g_free (f->dir);
  g_free (f->path);
}

static void
on_call_done (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* Calls @method of the provider from the shell's connection; the provider
 * answers in this thread's main context, so the loop runs meanwhile. */
static GVariant *
call_provider (Fixture     *f,
               const char  *bus_name,
               const char  *method,
               GVariant    *parameters,
               GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  if (bus_name == NULL)
    bus_name = g_dbus_connection_get_unique_name (f->service);

  g_dbus_connection_call (f->shell, bus_name, KONTOR_SEARCH_PROVIDER_PATH, SHELL_IFACE,
                          method, parameters, NULL, G_DBUS_CALL_FLAGS_NONE, 10000, NULL,
                          on_call_done, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  return g_dbus_connection_call_finish (f->shell, result, error);
}

static GStrv
get_initial_results (Fixture    *f,
                     const char *bus_name,
                     const char *terms[])
{
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GStrv results = NULL;

  reply = call_provider (f, bus_name, "GetInitialResultSet",
                         g_variant_new ("(^as)", terms), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(^as)", &results);

  return results;
}

static char *
result_id (const char *kind,
           gint64      id)
{
  return g_strdup_printf ("%s:%" G_GINT64_FORMAT, kind, id);
}

static void
test_initial_results_find_every_kind (Fixture       *f,
                                      gconstpointer  data)
{
  const char *terms[] = { "ivan", NULL };
  g_auto(GStrv) results = get_initial_results (f, NULL, terms);
  g_autofree char *contact = result_id ("contact", f->ivan_id);
  g_autofree char *company = result_id ("company", f->company_id);
  g_autofree char *deal = result_id ("deal", f->deal_id);

  /* Contacts first, then companies, then deals; Anna does not match */
  g_assert_cmpuint (g_strv_length (results), ==, 3);
  g_assert_cmpstr (results[0], ==, contact);
  g_assert_cmpstr (results[1], ==, company);
  g_assert_cmpstr (results[2], ==, deal);
}

static void
test_phone_and_email_match (Fixture       *f,
                            gconstpointer  data)
{
  const char *phone[] = { "912", "345", NULL };
  const char *email[] = { "ivan@example.com", NULL };
  const char *nothing[] = { "nobody", NULL };
  const char *blank[] = { " ", NULL };
  g_autofree char *contact = result_id ("contact", f->ivan_id);
  g_auto(GStrv) by_phone = get_initial_results (f, NULL, phone);
  g_auto(GStrv) by_email = get_initial_results (f, NULL, email);
  g_auto(GStrv) none = get_initial_results (f, NULL, nothing);
  g_auto(GStrv) empty = get_initial_results (f, NULL, blank);

  g_assert_true (g_strv_contains ((const char * const *) by_phone, contact));
  g_assert_cmpuint (g_strv_length (by_phone), ==, 1);
  g_assert_true (g_strv_contains ((const char * const *) by_email, contact));
  g_assert_cmpuint (g_strv_length (none), ==, 0);
  g_assert_cmpuint (g_strv_length (empty), ==, 0);
}

static void
test_subsearch_narrows (Fixture       *f,
                        gconstpointer  data)
{
  const char *previous[] = { "contact:1", "company:1", "deal:1", NULL };
  const char *terms[] = { "ivan", "petr", NULL };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) results = NULL;
  g_autofree char *contact = result_id ("contact", f->ivan_id);

  reply = call_provider (f, NULL, "GetSubsearchResultSet",
                         g_variant_new ("(^as^as)", previous, terms), &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(^as)", &results);

  g_assert_cmpuint (g_strv_length (results), ==, 1);
  g_assert_cmpstr (results[0], ==, contact);
}

static void
test_results_stop_at_ten_per_kind (Fixture       *f,
                                   gconstpointer  data)
{
  const char *terms[] = { "zorin", NULL };
  g_auto(GStrv) results = NULL;

  for (guint i = 0; i < 15; i++)
    {
      g_autofree char *first = g_strdup_printf ("Pavel%u", i);
      g_autoptr(KontorEntity) contact = add_record (f->repository, KONTOR_TYPE_CONTACT,
                                                    "first_name", first,
                                                    "last_name", "Zorin",
                                                    NULL);
    }

  results = get_initial_results (f, NULL, terms);
  g_assert_cmpuint (g_strv_length (results), ==, 10);
  for (guint i = 0; results[i] != NULL; i++)
    g_assert_true (g_str_has_prefix (results[i], "contact:"));
}

static GVariant *
find_meta (GVariant   *metas,
           const char *id)
{
  for (gsize i = 0; i < g_variant_n_children (metas); i++)
    {
      g_autoptr(GVariant) meta = g_variant_get_child_value (metas, i);
      const char *meta_id = NULL;

      if (g_variant_lookup (meta, "id", "&s", &meta_id) && g_str_equal (meta_id, id))
        return g_steal_pointer (&meta);
    }

  return NULL;
}

static void
test_result_metas (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *contact = result_id ("contact", f->ivan_id);
  g_autofree char *company = result_id ("company", f->company_id);
  g_autofree char *deal = result_id ("deal", f->deal_id);
  const char *ids[] = { contact, company, deal, "deal:9999", "bogus", "contact:x", NULL };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GVariant) metas = NULL;
  g_autoptr(GVariant) meta = NULL;
  g_autoptr(GVariant) icon_data = NULL;
  g_autoptr(GIcon) icon = NULL;
  g_autoptr(GError) error = NULL;
  const char *text = NULL;

  reply = call_provider (f, NULL, "GetResultMetas", g_variant_new ("(^as)", ids), &error);
  g_assert_no_error (error);
  metas = g_variant_get_child_value (reply, 0);

  /* Unknown and malformed ids are left out */
  g_assert_cmpuint (g_variant_n_children (metas), ==, 3);

  meta = find_meta (metas, contact);
  g_assert_nonnull (meta);
  g_assert_true (g_variant_lookup (meta, "name", "&s", &text));
  g_assert_cmpstr (text, ==, "Ivan Petrov");
  g_assert_true (g_variant_lookup (meta, "description", "&s", &text));
  g_assert_cmpstr (text, ==, "Ivanov and Sons · +7 912 345-67-89 · ivan@example.com");
  icon_data = g_variant_lookup_value (meta, "icon", NULL);
  g_assert_nonnull (icon_data);
  icon = g_icon_deserialize (icon_data);
  g_assert_true (G_IS_THEMED_ICON (icon));
  g_assert_true (g_variant_lookup (meta, "gicon", "&s", &text));
  g_assert_cmpstr (text, ==, "avatar-default-symbolic");
  g_clear_pointer (&meta, g_variant_unref);

  meta = find_meta (metas, company);
  g_assert_nonnull (meta);
  g_assert_true (g_variant_lookup (meta, "name", "&s", &text));
  g_assert_cmpstr (text, ==, "Ivanov and Sons");
  g_assert_true (g_variant_lookup (meta, "description", "&s", &text));
  g_assert_cmpstr (text, ==, "Machine tools");
  g_clear_pointer (&meta, g_variant_unref);

  /* The deal shows its amount (C.UTF-8 formatting) and its client */
  meta = find_meta (metas, deal);
  g_assert_nonnull (meta);
  g_assert_true (g_variant_lookup (meta, "name", "&s", &text));
  g_assert_cmpstr (text, ==, "Lathe for Ivanov");
  g_assert_true (g_variant_lookup (meta, "description", "&s", &text));
  g_assert_true (g_str_has_suffix (text, " · Ivanov and Sons"));
  g_assert_nonnull (strstr (text, "1"));
  g_assert_nonnull (strstr (text, "500"));
}

static void
on_open_record (KontorSearchProvider *provider,
                const char           *kind,
                gint64                id,
                guint                 timestamp,
                GString              *log)
{
  g_string_append_printf (log, "%s %" G_GINT64_FORMAT " %u;", kind, id, timestamp);
}

static void
on_launch_search (KontorSearchProvider *provider,
                  const char           *text,
                  guint                 timestamp,
                  GString              *log)
{
  g_string_append_printf (log, "search '%s' %u;", text, timestamp);
}

static void
test_activate_and_launch (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GString) log = g_string_new (NULL);
  g_autofree char *deal = result_id ("deal", f->deal_id);
  g_autofree char *expected = NULL;
  const char *terms[] = { "lathe", "ivan", NULL };
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;

  g_signal_connect (f->provider, "open-record", G_CALLBACK (on_open_record), log);
  g_signal_connect (f->provider, "launch-search", G_CALLBACK (on_launch_search), log);

  reply = call_provider (f, NULL, "ActivateResult",
                         g_variant_new ("(s^asu)", deal, terms, 1234u), &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);

  reply = call_provider (f, NULL, "LaunchSearch", g_variant_new ("(^asu)", terms, 99u), &error);
  g_assert_no_error (error);
  g_clear_pointer (&reply, g_variant_unref);

  expected = g_strdup_printf ("deal %" G_GINT64_FORMAT " 1234;search 'lathe ivan' 99;",
                              f->deal_id);
  g_assert_cmpstr (log->str, ==, expected);

  /* A result the provider never gave is refused */
  reply = call_provider (f, NULL, "ActivateResult",
                         g_variant_new ("(s^asu)", "invoice:1", terms, 0u), &error);
  g_assert_error (error, G_DBUS_ERROR, G_DBUS_ERROR_INVALID_ARGS);
  g_assert_cmpstr (log->str, ==, expected);

  g_signal_handlers_disconnect_by_data (f->provider, log);
}

static void
test_opens_the_file_itself (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(KontorSearchProvider) provider = kontor_search_provider_new (NULL);
  g_autofree char *missing = g_build_filename (f->dir, "missing.db", NULL);
  const char *terms[] = { "anna", NULL };
  g_auto(GStrv) results = NULL;
  g_auto(GStrv) no_results = NULL;

  /* Started by the shell only to search, Kontor opens the file on the
   * first query; a file that does not exist is not created */
  kontor_search_provider_set_database_path (provider, missing);
  no_results = kontor_search_provider_search (provider, terms);
  g_assert_cmpuint (g_strv_length (no_results), ==, 0);
  g_assert_false (g_file_test (missing, G_FILE_TEST_EXISTS));
  g_assert_null (kontor_search_provider_get_repository (provider));

  kontor_search_provider_set_database_path (provider, f->path);
  results = kontor_search_provider_search (provider, terms);
  g_assert_cmpuint (g_strv_length (results), ==, 1);
  g_assert_true (g_str_has_prefix (results[0], "contact:"));
  g_assert_nonnull (kontor_search_provider_get_repository (provider));
}

/* The real application exports the provider on its bus name and opens an
 * activated result in its window */
static void
test_application_answers (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(KontorApplication) app = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autofree char *contact = result_id ("contact", f->ivan_id);
  const char *terms[] = { "ivan", NULL };
  g_auto(GStrv) results = NULL;
  g_autoptr(GVariant) reply = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *record_page;
  GtkWindow *window;

  g_settings_set_string (settings, "database-path", f->path);

  app = kontor_application_new ();
  g_application_register (G_APPLICATION (app), NULL, &error);
  g_assert_no_error (error);

  /* Nothing is shown to answer a search */
  results = get_initial_results (f, APP_ID, terms);
  g_assert_cmpuint (g_strv_length (results), ==, 3);
  g_assert_cmpstr (results[0], ==, contact);
  g_assert_null (gtk_application_get_active_window (GTK_APPLICATION (app)));

  reply = call_provider (f, APP_ID, "ActivateResult",
                         g_variant_new ("(s^asu)", contact, terms, 0u), &error);
  g_assert_no_error (error);

  window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_assert_true (KONTOR_IS_WINDOW (window));
  record_page = kontor_window_get_record_page (KONTOR_WINDOW (window));
  g_assert_nonnull (record_page);
  g_assert_cmpint (kontor_entity_get_id (kontor_record_page_get_entity (KONTOR_RECORD_PAGE (record_page))),
                   ==, f->ivan_id);

  gtk_window_destroy (window);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_settings_reset (settings, "database-path");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GTK_A11Y", "none", TRUE);
  g_setenv ("GSK_RENDERER", "cairo", TRUE);
  g_test_init (&argc, &argv, NULL);
  /* Before GTestDBus unsets DISPLAY */
  gtk_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/search-provider/initial-results-find-every-kind", test_initial_results_find_every_kind);
  ADD ("/search-provider/phone-and-email-match", test_phone_and_email_match);
  ADD ("/search-provider/subsearch-narrows", test_subsearch_narrows);
  ADD ("/search-provider/results-stop-at-ten-per-kind", test_results_stop_at_ten_per_kind);
  ADD ("/search-provider/result-metas", test_result_metas);
  ADD ("/search-provider/activate-and-launch", test_activate_and_launch);
  ADD ("/search-provider/opens-the-file-itself", test_opens_the_file_itself);
  session_address = g_strdup (g_getenv ("DBUS_SESSION_BUS_ADDRESS"));
  if (session_address != NULL)
    g_test_add ("/search-provider/application-answers-and-opens-results", Fixture, "session",
                fixture_setup, test_application_answers, fixture_teardown);

#undef ADD

  return g_test_run ();
}
