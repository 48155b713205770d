/* kontor-search-provider.c: the GNOME Shell search provider
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Answers org.gnome.Shell.SearchProvider2 with the contacts, companies and
 * deals whose names, phones or e-mails match the terms. Result ids are
 * "<kind>:<id>", such as "contact:42". Activating a result emits
 * ::open-record; the application opens it in its window.
 */
#define G_LOG_DOMAIN "kontor-search"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kontor-search-provider.h"

/* How many results of each kind the shell is given */
#define MAX_RESULTS_PER_KIND 10

struct _KontorSearchProvider
{
  GObject           parent_instance;

  GApplication     *application;   /* weak */
  KontorRepository *repository;
  char             *database_path;

  GDBusConnection  *connection;
  guint             registration_id;
};

G_DEFINE_FINAL_TYPE (KontorSearchProvider, kontor_search_provider, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_APPLICATION,
  PROP_REPOSITORY,
  PROP_DATABASE_PATH,
  N_PROPS
};

enum {
  OPEN_RECORD,
  LAUNCH_SEARCH,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static const char introspection_xml[] =
  "<node>"
  "  <interface name='org.gnome.Shell.SearchProvider2'>"
  "    <method name='GetInitialResultSet'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetSubsearchResultSet'>"
  "      <arg type='as' name='previous_results' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='as' name='results' direction='out'/>"
  "    </method>"
  "    <method name='GetResultMetas'>"
  "      <arg type='as' name='identifiers' direction='in'/>"
  "      <arg type='aa{sv}' name='metas' direction='out'/>"
  "    </method>"
  "    <method name='ActivateResult'>"
  "      <arg type='s' name='identifier' direction='in'/>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "    <method name='LaunchSearch'>"
  "      <arg type='as' name='terms' direction='in'/>"
  "      <arg type='u' name='timestamp' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct
{
  const char  *kind;
  GType      (*get_type) (void);
  const char  *icon_name;
} SearchKind;

/* The same icons as the sidebar */
static const SearchKind search_kinds[] = {
  { "contact", kontor_contact_get_type, "avatar-default-symbolic" },
  { "company", kontor_company_get_type, "system-users-symbolic" },
  { "deal", kontor_deal_get_type, "view-grid-symbolic" },
};

static const SearchKind *
find_search_kind (const char *kind)
{
  for (guint i = 0; i < G_N_ELEMENTS (search_kinds); i++)
    if (g_strcmp0 (search_kinds[i].kind, kind) == 0)
      return &search_kinds[i];

  return NULL;
}

/* Splits "contact:42"; FALSE for anything else */
static gboolean
parse_result_id (const char        *result_id,
                 const SearchKind **out_kind,
                 gint64            *out_id)
{
  g_autofree char *kind = NULL;
  const char *colon = strchr (result_id, ':');
  guint64 id;

  if (colon == NULL)
    return FALSE;

  kind = g_strndup (result_id, colon - result_id);
  *out_kind = find_search_kind (kind);
  if (*out_kind == NULL)
    return FALSE;

  if (!g_ascii_string_to_unsigned (colon + 1, 10, 1, G_MAXINT64, &id, NULL))
    return FALSE;

  *out_id = (gint64) id;
  return TRUE;
}

/* The repository to search: the application's, or one opened on the file
 * when the shell started Kontor only to search. A missing file has no
 * results; it is not created by a search. */
static KontorRepository *
ensure_repository (KontorSearchProvider *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *default_path = NULL;
  const char *path = self->database_path;

  if (self->repository != NULL)
    return self->repository;

  if (path == NULL || *path == '\0')
    path = default_path = kontor_repository_dup_default_path ();

  if (!g_file_test (path, G_FILE_TEST_IS_REGULAR))
    return NULL;

  self->repository = kontor_repository_open (path, &error);
  if (self->repository == NULL)
    g_warning ("Cannot open %s to search: %s", path, error->message);

  return self->repository;
}

static void
hold_application (KontorSearchProvider *self)
{
  if (self->application != NULL)
    g_application_hold (self->application);
}

static void
release_application (KontorSearchProvider *self)
{
  if (self->application != NULL)
    g_application_release (self->application);
}

static char *
join_terms (const char * const *terms)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; terms != NULL && terms[i] != NULL; i++)
    {
      g_autofree char *term = g_strstrip (g_strdup (terms[i]));

      if (*term == '\0')
        continue;
      if (text->len > 0)
        g_string_append_c (text, ' ');
      g_string_append (text, term);
    }

  return g_string_free (g_steal_pointer (&text), FALSE);
}

static const char *
first_of_list (KontorEntity *entity,
               const char   *field)
{
  const char * const *values = kontor_entity_get_list (entity, field);

  return values != NULL && values[0] != NULL ? values[0] : NULL;
}

static char *
dup_ref_name (KontorRepository *repository,
              KontorEntity     *entity,
              const char       *field,
              GType             type)
{
  g_autoptr(KontorEntity) linked = NULL;
  gint64 id = kontor_entity_get_int (entity, field);

  if (id <= 0)
    return NULL;

  linked = kontor_repository_find (repository, type, id, NULL);
  if (linked == NULL)
    return NULL;

  return kontor_entity_dup_display_name (linked);
}

static void
add_part_take (GPtrArray *parts,
               char      *text)
{
  if (text != NULL && *text != '\0')
    g_ptr_array_add (parts, text);
  else
    g_free (text);
}

static void
add_part (GPtrArray  *parts,
          const char *text)
{
  add_part_take (parts, g_strdup (text));
}

/* What the shell shows under the name: company, phone, e-mail for a
 * contact; industry and phone for a company; amount and client for a deal */
static char *
dup_description (KontorRepository *repository,
                 KontorEntity     *entity)
{
  g_autoptr(GPtrArray) parts = g_ptr_array_new_with_free_func (g_free);

  if (KONTOR_IS_CONTACT (entity))
    {
      add_part_take (parts, dup_ref_name (repository, entity, "company",
                                          KONTOR_TYPE_COMPANY));
      add_part (parts, first_of_list (entity, "phone"));
      add_part (parts, first_of_list (entity, "email"));
    }
  else if (KONTOR_IS_COMPANY (entity))
    {
      add_part (parts, kontor_entity_get_text (entity, "industry"));
      add_part (parts, first_of_list (entity, "phone"));
      add_part (parts, first_of_list (entity, "email"));
    }
  else if (KONTOR_IS_DEAL (entity))
    {
      const char *currency = kontor_entity_get_text (entity, "currency");
      char *client;

      if (kontor_entity_get_int (entity, "amount") != 0 && currency != NULL)
        add_part_take (parts, kontor_money_format (kontor_entity_get_int (entity, "amount"),
                                                   currency));
      client = dup_ref_name (repository, entity, "company", KONTOR_TYPE_COMPANY);
      if (client == NULL)
        client = dup_ref_name (repository, entity, "contact", KONTOR_TYPE_CONTACT);
      add_part_take (parts, client);
    }

  g_ptr_array_add (parts, NULL);

  /* Translators: the separator between a search result's details */
  return g_strjoinv (_(" · "), (char **) parts->pdata);
}

static GVariant *
build_meta (KontorRepository *repository,
            const char       *result_id)
{
  g_autoptr(KontorEntity) entity = NULL;
  g_autoptr(GIcon) icon = NULL;
  g_autofree char *name = NULL;
  g_autofree char *description = NULL;
  g_autofree char *icon_string = NULL;
  const SearchKind *kind;
  GVariantBuilder builder;
  gint64 id;

  if (!parse_result_id (result_id, &kind, &id))
    return NULL;

  entity = kontor_repository_find (repository, kind->get_type (), id, NULL);
  if (entity == NULL || kontor_entity_is_deleted (entity))
    return NULL;

  name = kontor_entity_dup_display_name (entity);
  description = dup_description (repository, entity);
  icon = g_themed_icon_new (kind->icon_name);
  icon_string = g_icon_to_string (icon);

  g_variant_builder_init (&builder, G_VARIANT_TYPE ("a{sv}"));
  g_variant_builder_add (&builder, "{sv}", "id", g_variant_new_string (result_id));
  g_variant_builder_add (&builder, "{sv}", "name", g_variant_new_string (name));
  g_variant_builder_add (&builder, "{sv}", "description", g_variant_new_string (description));
  g_variant_builder_add (&builder, "{sv}", "icon", g_icon_serialize (icon));
  g_variant_builder_add (&builder, "{sv}", "gicon", g_variant_new_string (icon_string));

  return g_variant_builder_end (&builder);
}

static GVariant *
build_result_set (KontorSearchProvider *self,
                  const char * const   *terms)
{
  g_auto(GStrv) results = kontor_search_provider_search (self, terms);

  return g_variant_new ("(^as)", results);
}

static void
handle_method_call (GDBusConnection       *connection,
                    const char            *sender,
                    const char            *object_path,
                    const char            *interface_name,
                    const char            *method_name,
                    GVariant              *parameters,
                    GDBusMethodInvocation *invocation,
                    gpointer               user_data)
{
  KontorSearchProvider *self = KONTOR_SEARCH_PROVIDER (user_data);

  hold_application (self);

  if (g_str_equal (method_name, "GetInitialResultSet"))
    {
      g_autofree const char **terms = NULL;

      g_variant_get (parameters, "(^a&s)", &terms);
      g_dbus_method_invocation_return_value (invocation, build_result_set (self, terms));
    }
  else if (g_str_equal (method_name, "GetSubsearchResultSet"))
    {
      g_autofree const char **previous = NULL;
      g_autofree const char **terms = NULL;

      /* The terms only grow, but a fresh search is as fast as filtering
       * the previous results and ranks them the same way. */
      g_variant_get (parameters, "(^a&s^a&s)", &previous, &terms);
      g_dbus_method_invocation_return_value (invocation, build_result_set (self, terms));
    }
  else if (g_str_equal (method_name, "GetResultMetas"))
    {
      g_autofree const char **ids = NULL;
      KontorRepository *repository = ensure_repository (self);
      GVariantBuilder builder;

      g_variant_get (parameters, "(^a&s)", &ids);
      g_variant_builder_init (&builder, G_VARIANT_TYPE ("aa{sv}"));
      for (guint i = 0; repository != NULL && ids[i] != NULL; i++)
        {
          GVariant *meta = build_meta (repository, ids[i]);

          if (meta != NULL)
            g_variant_builder_add_value (&builder, meta);
        }
      g_dbus_method_invocation_return_value (invocation, g_variant_new ("(aa{sv})", &builder));
    }
  else if (g_str_equal (method_name, "ActivateResult"))
    {
      const char *result_id;
      const SearchKind *kind;
      gint64 id;
      guint32 timestamp;

      g_variant_get (parameters, "(&sasu)", &result_id, NULL, &timestamp);
      if (parse_result_id (result_id, &kind, &id))
        {
          g_signal_emit (self, signals[OPEN_RECORD], 0, kind->kind, id, timestamp);
          g_dbus_method_invocation_return_value (invocation, NULL);
        }
      else
        {
          g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR,
                                                 G_DBUS_ERROR_INVALID_ARGS,
                                                 "Unknown result “%s”", result_id);
        }
    }
  else if (g_str_equal (method_name, "LaunchSearch"))
    {
      g_autofree const char **terms = NULL;
      g_autofree char *text = NULL;
      guint32 timestamp;

      g_variant_get (parameters, "(^a&su)", &terms, &timestamp);
      text = join_terms (terms);
      g_signal_emit (self, signals[LAUNCH_SEARCH], 0, text, timestamp);
      g_dbus_method_invocation_return_value (invocation, NULL);
    }
  else
    {
      g_dbus_method_invocation_return_error (invocation, G_DBUS_ERROR,
                                             G_DBUS_ERROR_UNKNOWN_METHOD,
                                             "No method %s", method_name);
    }

  release_application (self);
}

static const GDBusInterfaceVTable interface_vtable = {
  handle_method_call,
  NULL,
  NULL,
  { 0 },
};

static void
kontor_search_provider_dispose (GObject *object)
{
  KontorSearchProvider *self = (KontorSearchProvider *) object;

  kontor_search_provider_unregister (self);
  g_clear_weak_pointer (&self->application);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_search_provider_parent_class)->dispose (object);
}

static void
kontor_search_provider_finalize (GObject *object)
{
  KontorSearchProvider *self = (KontorSearchProvider *) object;

  g_free (self->database_path);

  G_OBJECT_CLASS (kontor_search_provider_parent_class)->finalize (object);
}

static void
kontor_search_provider_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  KontorSearchProvider *self = KONTOR_SEARCH_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_value_set_object (value, self->application);
      break;

    case PROP_REPOSITORY:
      g_value_set_object (value, self->repository);
      break;

    case PROP_DATABASE_PATH:
      g_value_set_string (value, self->database_path);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kontor_search_provider_set_property (GObject      *object,
                                     guint         prop_id,
                                     const GValue *value,
                                     GParamSpec   *pspec)
{
  KontorSearchProvider *self = KONTOR_SEARCH_PROVIDER (object);

  switch (prop_id)
    {
    case PROP_APPLICATION:
      g_set_weak_pointer (&self->application, g_value_get_object (value));
      break;

    case PROP_REPOSITORY:
      kontor_search_provider_set_repository (self, g_value_get_object (value));
      break;

    case PROP_DATABASE_PATH:
      kontor_search_provider_set_database_path (self, g_value_get_string (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kontor_search_provider_class_init (KontorSearchProviderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = kontor_search_provider_dispose;
  object_class->finalize = kontor_search_provider_finalize;
  object_class->get_property = kontor_search_provider_get_property;
  object_class->set_property = kontor_search_provider_set_property;

  properties[PROP_APPLICATION] =
    g_param_spec_object ("application", NULL, NULL,
                         G_TYPE_APPLICATION,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);

  properties[PROP_REPOSITORY] =
    g_param_spec_object ("repository", NULL, NULL,
                         KONTOR_TYPE_REPOSITORY,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  properties[PROP_DATABASE_PATH] =
    g_param_spec_string ("database-path", NULL, NULL,
                         NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * KontorSearchProvider::open-record:
   * @kind: "contact", "company" or "deal"
   * @id: the record's id
   * @timestamp: the time of the user's click, for focus stealing prevention
   *
   * The user activated a result in the shell.
   */
  signals[OPEN_RECORD] =
    g_signal_new ("open-record",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 3, G_TYPE_STRING, G_TYPE_INT64, G_TYPE_UINT);

  /**
   * KontorSearchProvider::launch-search:
   * @text: the terms, joined by spaces
   * @timestamp: the time of the user's click
   *
   * The user asked to see every result in Kontor.
   */
  signals[LAUNCH_SEARCH] =
    g_signal_new ("launch-search",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_UINT);
}

static void
kontor_search_provider_init (KontorSearchProvider *self)
{
}

KontorSearchProvider *
kontor_search_provider_new (GApplication *application)
{
  g_return_val_if_fail (application == NULL || G_IS_APPLICATION (application), NULL);

  return g_object_new (KONTOR_TYPE_SEARCH_PROVIDER,
                       "application", application,
                       NULL);
}

KontorRepository *
kontor_search_provider_get_repository (KontorSearchProvider *self)
{
  g_return_val_if_fail (KONTOR_IS_SEARCH_PROVIDER (self), NULL);

  return self->repository;
}

/**
 * kontor_search_provider_set_repository:
 *
 * Searches @repository from now on: the application gives the one its
 * window shows, so both share one connection and one identity map.
 */
void
kontor_search_provider_set_repository (KontorSearchProvider *self,
                                       KontorRepository     *repository)
{
  g_return_if_fail (KONTOR_IS_SEARCH_PROVIDER (self));
  g_return_if_fail (repository == NULL || KONTOR_IS_REPOSITORY (repository));

  if (g_set_object (&self->repository, repository))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_REPOSITORY]);
}

const char *
kontor_search_provider_get_database_path (KontorSearchProvider *self)
{
  g_return_val_if_fail (KONTOR_IS_SEARCH_PROVIDER (self), NULL);

  return self->database_path;
}

/**
 * kontor_search_provider_set_database_path:
 * @path: (nullable): the file to open when no repository was given; %NULL
 *   for the default one
 */
void
kontor_search_provider_set_database_path (KontorSearchProvider *self,
                                          const char           *path)
{
  g_return_if_fail (KONTOR_IS_SEARCH_PROVIDER (self));

  if (g_strcmp0 (self->database_path, path) == 0)
    return;

  g_free (self->database_path);
  self->database_path = g_strdup (path);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DATABASE_PATH]);
}

/**
 * kontor_search_provider_search:
 * @terms: what the user typed, split into words
 *
 * Returns: (transfer full): the ids of the first matching contacts, then
 *   companies, then deals
 */
GStrv
kontor_search_provider_search (KontorSearchProvider *self,
                               const char * const   *terms)
{
  g_autoptr(GStrvBuilder) results = g_strv_builder_new ();
  g_autofree char *text = NULL;
  KontorRepository *repository;

  g_return_val_if_fail (KONTOR_IS_SEARCH_PROVIDER (self), NULL);

  text = join_terms (terms);
  repository = ensure_repository (self);
  if (repository == NULL || *text == '\0')
    return g_strv_builder_end (results);

  for (guint k = 0; k < G_N_ELEMENTS (search_kinds); k++)
    {
      g_autoptr(KontorListModel) model = NULL;
      guint n;

      model = kontor_list_model_new (repository, search_kinds[k].get_type ());
      kontor_list_model_set_search (model, text);
      n = MIN (g_list_model_get_n_items (G_LIST_MODEL (model)), MAX_RESULTS_PER_KIND);

      for (guint i = 0; i < n; i++)
        {
          g_autofree char *result_id = NULL;

          result_id = g_strdup_printf ("%s:%" PRId64, search_kinds[k].kind,
                                       kontor_list_model_get_id (model, i));
          g_strv_builder_add (results, result_id);
        }
    }

  return g_strv_builder_end (results);
}

/**
 * kontor_search_provider_register:
 *
 * Exports the provider on @connection at @object_path (usually
 * %KONTOR_SEARCH_PROVIDER_PATH), from GApplication's dbus_register.
 */
gboolean
kontor_search_provider_register (KontorSearchProvider  *self,
                                 GDBusConnection       *connection,
                                 const char            *object_path,
                                 GError               **error)
{
  static GDBusNodeInfo *introspection_data = NULL;

  g_return_val_if_fail (KONTOR_IS_SEARCH_PROVIDER (self), FALSE);
  g_return_val_if_fail (G_IS_DBUS_CONNECTION (connection), FALSE);
  g_return_val_if_fail (self->registration_id == 0, FALSE);

  if (introspection_data == NULL)
    introspection_data = g_dbus_node_info_new_for_xml (introspection_xml, NULL);

  self->registration_id =
    g_dbus_connection_register_object (connection, object_path,
                                       introspection_data->interfaces[0],
                                       &interface_vtable, self, NULL, error);
  if (self->registration_id == 0)
    return FALSE;

  self->connection = g_object_ref (connection);
  return TRUE;
}

void
kontor_search_provider_unregister (KontorSearchProvider *self)
{
  g_return_if_fail (KONTOR_IS_SEARCH_PROVIDER (self));

  if (self->registration_id != 0)
    g_dbus_connection_unregister_object (self->connection, self->registration_id);
  self->registration_id = 0;
  g_clear_object (&self->connection);
}
