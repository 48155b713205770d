/* kontor-entity.c
 *
 * Every CRM record is a KontorEntity subclass that describes its fields in a
 * static KontorField table. The table gives GObject properties, validation,
 * SQL columns, JSON keys and CLI field names from one place, so the seven
 * entities cannot drift apart in how they store, check and show a value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-entity"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "kontor-entity-private.h"
#include "kontor-error.h"
#include "kontor-money.h"

typedef struct
{
  gint64  id;
  char   *uuid;
  gint64  created_at;
  gint64  updated_at;
  gint64  deleted_at;
  GValue *values;      /* one per field of the class, allocated on first use */
  guint   n_values;
} KontorEntityPrivate;

G_DEFINE_ABSTRACT_TYPE_WITH_PRIVATE (KontorEntity, kontor_entity, G_TYPE_OBJECT)

enum {
  PROP_0,
  PROP_ID,
  PROP_UUID,
  PROP_CREATED_AT,
  PROP_UPDATED_AT,
  PROP_DELETED_AT,
  PROP_DISPLAY_NAME,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* Subclass properties are numbered after this offset */
#define FIELD_PROP_OFFSET 1

static GType
field_gtype (const KontorField *field)
{
  switch (field->type)
    {
    case KONTOR_FIELD_TEXT:
    case KONTOR_FIELD_ENUM:
    case KONTOR_FIELD_DATE:
      return G_TYPE_STRING;
    case KONTOR_FIELD_BOOL:
      return G_TYPE_BOOLEAN;
    case KONTOR_FIELD_LIST:
      return G_TYPE_STRV;
    case KONTOR_FIELD_INT:
    case KONTOR_FIELD_MONEY:
    case KONTOR_FIELD_QUANTITY:
    case KONTOR_FIELD_TIMESTAMP:
    case KONTOR_FIELD_REF:
    default:
      return G_TYPE_INT64;
    }
}

static GValue *
ensure_values (KontorEntity *self)
{
  KontorEntityPrivate *priv = kontor_entity_get_instance_private (self);
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (self);

  if (priv->values == NULL && klass->n_fields > 0)
    {
      priv->n_values = klass->n_fields;
      priv->values = g_new0 (GValue, klass->n_fields);
      for (guint i = 0; i < klass->n_fields; i++)
        {
          g_value_init (&priv->values[i], field_gtype (&klass->fields[i]));
          if (klass->fields[i].flags & KONTOR_FIELD_BASIS_POINTS)
            g_value_set_int64 (&priv->values[i], -1);
        }
    }

  return priv->values;
}

static gint
find_field_index (KontorEntityClass *klass,
                  const char        *name)
{
  for (guint i = 0; i < klass->n_fields; i++)
    if (g_str_equal (klass->fields[i].name, name))
      return (gint) i;

  return -1;
}

static gint
lookup_field (KontorEntity *self,
              const char   *name,
              GType         expected)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (self);
  gint index = find_field_index (klass, name);

  if (index < 0)
    {
      g_critical ("%s has no field “%s”", G_OBJECT_TYPE_NAME (self), name);
      return -1;
    }

  if (expected != G_TYPE_INVALID && field_gtype (&klass->fields[index]) != expected)
    {
      g_critical ("Field “%s” of %s is not of type %s",
                  name, G_OBJECT_TYPE_NAME (self), g_type_name (expected));
      return -1;
    }

  return index;
}

static gboolean
values_equal (const GValue *a,
              const GValue *b)
{
  GType type = G_VALUE_TYPE (a);

  if (type == G_TYPE_STRING)
    return g_strcmp0 (g_value_get_string (a), g_value_get_string (b)) == 0;
  if (type == G_TYPE_INT64)
    return g_value_get_int64 (a) == g_value_get_int64 (b);
  if (type == G_TYPE_BOOLEAN)
    return g_value_get_boolean (a) == g_value_get_boolean (b);
  if (type == G_TYPE_STRV)
    {
      const char * const *sa = g_value_get_boxed (a);
      const char * const *sb = g_value_get_boxed (b);
      guint la = sa ? g_strv_length ((char **) sa) : 0;
      guint lb = sb ? g_strv_length ((char **) sb) : 0;

      if (la != lb)
        return FALSE;
      for (guint i = 0; i < la; i++)
        if (g_strcmp0 (sa[i], sb[i]) != 0)
          return FALSE;
      return TRUE;
    }

  g_assert_not_reached ();
}

static void
set_value_internal (KontorEntity *self,
                    guint         index,
                    const GValue *value)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (self);
  GValue *values = ensure_values (self);
  GValue copy = G_VALUE_INIT;

  g_value_init (&copy, G_VALUE_TYPE (&values[index]));
  g_value_copy (value, &copy);

  /* Empty text is stored as NULL, so that "" and unset never differ */
  if (G_VALUE_HOLDS_STRING (&copy) && g_value_get_string (&copy) != NULL &&
      *g_value_get_string (&copy) == '\0')
    g_value_set_string (&copy, NULL);

  if (values_equal (&values[index], &copy))
    {
      g_value_unset (&copy);
      return;
    }

  g_value_unset (&values[index]);
  values[index] = copy;

  g_object_notify_by_pspec (G_OBJECT (self), klass->field_pspecs[index]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DISPLAY_NAME]);
}

static void
kontor_entity_field_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KontorEntity *self = KONTOR_ENTITY (object);
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (self);
  guint index = prop_id - FIELD_PROP_OFFSET;

  if (index >= klass->n_fields)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  g_value_copy (&ensure_values (self)[index], value);
}

static void
kontor_entity_field_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KontorEntity *self = KONTOR_ENTITY (object);
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (self);
  guint index = prop_id - FIELD_PROP_OFFSET;

  if (index >= klass->n_fields)
    {
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
      return;
    }

  set_value_internal (self, index, value);
}

static char *
kontor_entity_real_dup_display_name (KontorEntity *self)
{
  KontorEntityPrivate *priv = kontor_entity_get_instance_private (self);
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (self);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const char *name = klass->fields[i].name;

      if (g_str_equal (name, "name") || g_str_equal (name, "title") ||
          g_str_equal (name, "subject") || g_str_equal (name, "number"))
        {
          const char *text = kontor_entity_get_text (self, name);

          if (text != NULL)
            return g_strdup (text);
        }
    }

  return g_strdup_printf ("#%" PRId64, priv->id);
}

static gboolean
looks_like_email (const char *text)
{
  const char *at = strchr (text, '@');
  const char *dot;

  if (at == NULL || at == text || strchr (at + 1, '@') != NULL)
    return FALSE;
  if (strlen (text) > 254)
    return FALSE;

  for (const char *p = text; *p; p++)
    if (g_ascii_isspace (*p) || *p == ',' || *p == ';' || *p == '<' || *p == '>' ||
        *p == '(' || *p == ')' || *p == '"' || *p == '\\')
      return FALSE;

  dot = strrchr (at + 1, '.');
  if (dot == NULL || dot == at + 1 || dot[1] == '\0' || strlen (dot + 1) < 2)
    return FALSE;
  if (strstr (at + 1, "..") != NULL || at[1] == '.')
    return FALSE;

  return TRUE;
}

static gboolean
check_text (const KontorField  *field,
            const char         *text,
            GError            **error)
{
  const char *label = kontor_field_get_label (field);
  const char *end;
  glong length;

  if (!g_utf8_validate (text, -1, &end))
    {
      kontor_set_field_error (error, field->name, _("%s: the text is not valid UTF-8"), label);
      return FALSE;
    }

  for (const char *p = text; *p; p++)
    {
      guchar c = (guchar) *p;

      if ((c < 0x20 && !((field->flags & KONTOR_FIELD_MULTILINE) && (c == '\n' || c == '\t' ||
                                                                     c == '\r'))) ||
          c == 0x7F)
        {
          kontor_set_field_error (error, field->name,
                                  _("%s: control characters are not allowed"), label);
          return FALSE;
        }
    }

  length = g_utf8_strlen (text, -1);
  if (field->max_length > 0 && length > (glong) field->max_length)
    {
      kontor_set_field_error (error, field->name,
                              g_dngettext (GETTEXT_PACKAGE,
                                           "%s: too long, at most %u character",
                                           "%s: too long, at most %u characters",
                                           field->max_length),
                              label, field->max_length);
      return FALSE;
    }

  if ((field->flags & KONTOR_FIELD_EMAIL) && !looks_like_email (text))
    {
      kontor_set_field_error (error, field->name,
                              _("%s: “%s” is not a valid e-mail address"), label, text);
      return FALSE;
    }

  if ((field->flags & KONTOR_FIELD_PHONE))
    {
      guint digits = 0;

      for (const char *p = text; *p; p++)
        {
          if (g_ascii_isdigit (*p))
            digits++;
          else if (!strchr ("+-() ./ext", *p))
            {
              kontor_set_field_error (error, field->name,
                                      _("%s: “%s” is not a valid phone number"), label, text);
              return FALSE;
            }
        }
      if (digits < 3 || digits > 20)
        {
          kontor_set_field_error (error, field->name,
                                  _("%s: “%s” is not a valid phone number"), label, text);
          return FALSE;
        }
    }

  return TRUE;
}

static gboolean
kontor_entity_real_validate (KontorEntity  *self,
                             GError       **error)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (self);
  GValue *values = ensure_values (self);

  for (guint i = 0; i < klass->n_fields; i++)
    {
      const KontorField *field = &klass->fields[i];
      const char *label = kontor_field_get_label (field);
      const GValue *value = &values[i];

      if (field->flags & KONTOR_FIELD_COMPUTED)
        continue;

      switch (field->type)
        {
        case KONTOR_FIELD_TEXT:
        case KONTOR_FIELD_ENUM:
        case KONTOR_FIELD_DATE:
          {
            const char *text = g_value_get_string (value);

            if (text == NULL)
              {
                if (field->flags & KONTOR_FIELD_REQUIRED)
                  {
                    kontor_set_field_error (error, field->name, _("%s is required"), label);
                    return FALSE;
                  }
                break;
              }

            if (field->flags & KONTOR_FIELD_REQUIRED)
              {
                g_autofree char *stripped = g_strstrip (g_strdup (text));

                if (*stripped == '\0')
                  {
                    kontor_set_field_error (error, field->name, _("%s is required"), label);
                    return FALSE;
                  }
              }

            if (!check_text (field, text, error))
              return FALSE;

            if (field->type == KONTOR_FIELD_ENUM && !g_strv_contains (field->choices, text))
              {
                kontor_set_field_error (error, field->name,
                                        _("%s: “%s” is not one of the allowed values"),
                                        label, text);
                return FALSE;
              }

            if (field->type == KONTOR_FIELD_DATE)
              {
                int y, m, d;
                char extra;

                if (sscanf (text, "%4d-%2d-%2d%c", &y, &m, &d, &extra) != 3 ||
                    strlen (text) != 10 ||
                    !g_date_valid_dmy ((GDateDay) d, (GDateMonth) m, (GDateYear) y))
                  {
                    kontor_set_field_error (error, field->name,
                                            _("%s: “%s” is not a valid date (YYYY-MM-DD)"),
                                            label, text);
                    return FALSE;
                  }
              }

            if ((field->flags & KONTOR_FIELD_CURRENCY) && !kontor_currency_is_valid (text))
              {
                kontor_set_field_error (error, field->name,
                                        _("%s: “%s” is not an ISO 4217 currency code"),
                                        label, text);
                return FALSE;
              }
          }
          break;

        case KONTOR_FIELD_LIST:
          {
            const char * const *list = g_value_get_boxed (value);

            for (guint j = 0; list != NULL && list[j] != NULL; j++)
              if (!check_text (field, list[j], error))
                return FALSE;

            if (list != NULL && g_strv_length ((char **) list) > 50)
              {
                kontor_set_field_error (error, field->name, _("%s: too many values"), label);
                return FALSE;
              }
          }
          break;

        case KONTOR_FIELD_MONEY:
          {
            gint64 amount = g_value_get_int64 (value);

            if (amount < 0)
              {
                kontor_set_field_error (error, field->name, _("%s cannot be negative"), label);
                return FALSE;
              }
            if (amount > KONTOR_MONEY_MAX)
              {
                kontor_set_field_error (error, field->name, _("%s is too large"), label);
                return FALSE;
              }
          }
          break;

        case KONTOR_FIELD_QUANTITY:
        case KONTOR_FIELD_INT:
        case KONTOR_FIELD_TIMESTAMP:
        case KONTOR_FIELD_REF:
          {
            gint64 number = g_value_get_int64 (value);

            if (number < 0 && !(field->flags & KONTOR_FIELD_BASIS_POINTS && number == -1))
              {
                kontor_set_field_error (error, field->name, _("%s cannot be negative"), label);
                return FALSE;
              }
            if ((field->flags & KONTOR_FIELD_PERCENT) && number > 100)
              {
                kontor_set_field_error (error, field->name,
                                        _("%s must be between 0 and 100"), label);
                return FALSE;
              }
            if ((field->flags & KONTOR_FIELD_BASIS_POINTS) && number > 10000)
              {
                kontor_set_field_error (error, field->name,
                                        _("%s must be between 0 %% and 100 %%"), label);
                return FALSE;
              }
            if (field->type == KONTOR_FIELD_QUANTITY && number > G_GINT64_CONSTANT (1000000000000))
              {
                kontor_set_field_error (error, field->name, _("%s is too large"), label);
                return FALSE;
              }
            if (field->type == KONTOR_FIELD_REF && number == 0 &&
                (field->flags & KONTOR_FIELD_REQUIRED))
              {
                kontor_set_field_error (error, field->name, _("%s is required"), label);
                return FALSE;
              }
          }
          break;

        case KONTOR_FIELD_BOOL:
        default:
          break;
        }
    }

  return TRUE;
}

static void
kontor_entity_finalize (GObject *object)
{
  KontorEntity *self = (KontorEntity *)object;
  KontorEntityPrivate *priv = kontor_entity_get_instance_private (self);

  for (guint i = 0; i < priv->n_values; i++)
    g_value_unset (&priv->values[i]);
  g_clear_pointer (&priv->values, g_free);
  g_clear_pointer (&priv->uuid, g_free);

  G_OBJECT_CLASS (kontor_entity_parent_class)->finalize (object);
}

static void
kontor_entity_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KontorEntity *self = KONTOR_ENTITY (object);
  KontorEntityPrivate *priv = kontor_entity_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_int64 (value, priv->id);
      break;
    case PROP_UUID:
      g_value_set_string (value, priv->uuid);
      break;
    case PROP_CREATED_AT:
      g_value_set_int64 (value, priv->created_at);
      break;
    case PROP_UPDATED_AT:
      g_value_set_int64 (value, priv->updated_at);
      break;
    case PROP_DELETED_AT:
      g_value_set_int64 (value, priv->deleted_at);
      break;
    case PROP_DISPLAY_NAME:
      g_value_take_string (value, kontor_entity_dup_display_name (self));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kontor_entity_class_init (KontorEntityClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = kontor_entity_finalize;
  object_class->get_property = kontor_entity_get_property;

  klass->validate = kontor_entity_real_validate;
  klass->dup_display_name = kontor_entity_real_dup_display_name;

  properties[PROP_ID] =
    g_param_spec_int64 ("id", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UUID] =
    g_param_spec_string ("uuid", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_CREATED_AT] =
    g_param_spec_int64 ("created-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_UPDATED_AT] =
    g_param_spec_int64 ("updated-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DELETED_AT] =
    g_param_spec_int64 ("deleted-at", NULL, NULL, 0, G_MAXINT64, 0,
                        G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_DISPLAY_NAME] =
    g_param_spec_string ("display-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
kontor_entity_init (KontorEntity *self)
{
}

void
kontor_entity_class_install_fields (KontorEntityClass *klass,
                                    const KontorField *fields,
                                    guint              n_fields)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY;

  klass->fields = fields;
  klass->n_fields = n_fields;
  klass->field_pspecs = g_new0 (GParamSpec *, n_fields);

  object_class->get_property = kontor_entity_field_get_property;
  object_class->set_property = kontor_entity_field_set_property;

  for (guint i = 0; i < n_fields; i++)
    {
      const KontorField *field = &fields[i];
      g_autofree char *prop_name = g_strdelimit (g_strdup (field->name), "_", '-');
      GParamSpec *pspec;

      switch (field_gtype (field))
        {
        case G_TYPE_STRING:
          pspec = g_param_spec_string (prop_name, NULL, NULL, NULL, flags);
          break;
        case G_TYPE_BOOLEAN:
          pspec = g_param_spec_boolean (prop_name, NULL, NULL, FALSE, flags);
          break;
        case G_TYPE_INT64:
          pspec = g_param_spec_int64 (prop_name, NULL, NULL, G_MININT64, G_MAXINT64,
                                      (field->flags & KONTOR_FIELD_BASIS_POINTS) ? -1 : 0,
                                      flags);
          break;
        default:
          pspec = g_param_spec_boxed (prop_name, NULL, NULL, G_TYPE_STRV, flags);
          break;
        }

      klass->field_pspecs[i] = pspec;
      g_object_class_install_property (object_class, FIELD_PROP_OFFSET + i, pspec);
    }
}

const KontorField *
kontor_entity_class_find_field (KontorEntityClass *klass,
                                const char        *name)
{
  gint index;

  g_return_val_if_fail (KONTOR_IS_ENTITY_CLASS (klass), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  index = find_field_index (klass, name);
  return index >= 0 ? &klass->fields[index] : NULL;
}

char *
kontor_field_dup_column (const KontorField *field)
{
  if (field->type == KONTOR_FIELD_REF)
    return g_strconcat (field->name, "_id", NULL);

  return g_strdup (field->name);
}

const char *
kontor_field_get_label (const KontorField *field)
{
  return field->label ? g_dgettext (GETTEXT_PACKAGE, field->label) : field->name;
}

gint64
kontor_entity_get_id (KontorEntity *self)
{
  KontorEntityPrivate *priv = kontor_entity_get_instance_private (self);

  g_return_val_if_fail (KONTOR_IS_ENTITY (self), 0);

  return priv->id;
}

const char *
kontor_entity_get_uuid (KontorEntity *self)
{
  KontorEntityPrivate *priv = kontor_entity_get_instance_private (self);

  g_return_val_if_fail (KONTOR_IS_ENTITY (self), NULL);

  return priv->uuid;
}

gint64
kontor_entity_get_created_at (KontorEntity *self)
{
  KontorEntityPrivate *priv = kontor_entity_get_instance_private (self);

  g_return_val_if_fail (KONTOR_IS_ENTITY (self), 0);

  return priv->created_at;
}

gint64
kontor_entity_get_updated_at (KontorEntity *self)
{
  KontorEntityPrivate *priv = kontor_entity_get_instance_private (self);

  g_return_val_if_fail (KONTOR_IS_ENTITY (self), 0);

  return priv->updated_at;
}

gint64
kontor_entity_get_deleted_at (KontorEntity *self)
{
  KontorEntityPrivate *priv = kontor_entity_get_instance_private (self);

  g_return_val_if_fail (KONTOR_IS_ENTITY (self), 0);

  return priv->deleted_at;
}

gboolean
kontor_entity_is_deleted (KontorEntity *self)
{
  return kontor_entity_get_deleted_at (self) != 0;
}

const char *
kontor_entity_get_kind (KontorEntity *self)
{
  g_return_val_if_fail (KONTOR_IS_ENTITY (self), NULL);

  return KONTOR_ENTITY_GET_CLASS (self)->kind;
}

char *
kontor_entity_dup_display_name (KontorEntity *self)
{
  g_return_val_if_fail (KONTOR_IS_ENTITY (self), NULL);

  return KONTOR_ENTITY_GET_CLASS (self)->dup_display_name (self);
}

const char *
kontor_entity_get_text (KontorEntity *self,
                        const char   *field)
{
  gint index;

  g_return_val_if_fail (KONTOR_IS_ENTITY (self), NULL);

  index = lookup_field (self, field, G_TYPE_STRING);
  if (index < 0)
    return NULL;

  return g_value_get_string (&ensure_values (self)[index]);
}

void
kontor_entity_set_text (KontorEntity *self,
                        const char   *field,
                        const char   *value)
{
  GValue gvalue = G_VALUE_INIT;
  gint index;

  g_return_if_fail (KONTOR_IS_ENTITY (self));

  index = lookup_field (self, field, G_TYPE_STRING);
  if (index < 0)
    return;

  g_value_init (&gvalue, G_TYPE_STRING);
  g_value_set_static_string (&gvalue, value);
  set_value_internal (self, index, &gvalue);
  g_value_unset (&gvalue);
}

gint64
kontor_entity_get_int (KontorEntity *self,
                       const char   *field)
{
  gint index;

  g_return_val_if_fail (KONTOR_IS_ENTITY (self), 0);

  index = lookup_field (self, field, G_TYPE_INT64);
  if (index < 0)
    return 0;

  return g_value_get_int64 (&ensure_values (self)[index]);
}

void
kontor_entity_set_int (KontorEntity *self,
                       const char   *field,
                       gint64        value)
{
  GValue gvalue = G_VALUE_INIT;
  gint index;

  g_return_if_fail (KONTOR_IS_ENTITY (self));

  index = lookup_field (self, field, G_TYPE_INT64);
  if (index < 0)
    return;

  g_value_init (&gvalue, G_TYPE_INT64);
  g_value_set_int64 (&gvalue, value);
  set_value_internal (self, index, &gvalue);
}

gboolean
kontor_entity_get_bool (KontorEntity *self,
                        const char   *field)
{
  gint index;

  g_return_val_if_fail (KONTOR_IS_ENTITY (self), FALSE);

  index = lookup_field (self, field, G_TYPE_BOOLEAN);
  if (index < 0)
    return FALSE;

  return g_value_get_boolean (&ensure_values (self)[index]);
}

void
kontor_entity_set_bool (KontorEntity *self,
                        const char   *field,
                        gboolean      value)
{
  GValue gvalue = G_VALUE_INIT;
  gint index;

  g_return_if_fail (KONTOR_IS_ENTITY (self));

  index = lookup_field (self, field, G_TYPE_BOOLEAN);
  if (index < 0)
    return;

  g_value_init (&gvalue, G_TYPE_BOOLEAN);
  g_value_set_boolean (&gvalue, !!value);
  set_value_internal (self, index, &gvalue);
}

const char * const *
kontor_entity_get_list (KontorEntity *self,
                        const char   *field)
{
  static const char * const empty[] = { NULL };
  const char * const *list;
  gint index;

  g_return_val_if_fail (KONTOR_IS_ENTITY (self), empty);

  index = lookup_field (self, field, G_TYPE_STRV);
  if (index < 0)
    return empty;

  list = g_value_get_boxed (&ensure_values (self)[index]);
  return list ? list : empty;
}

void
kontor_entity_set_list (KontorEntity       *self,
                        const char         *field,
                        const char * const *values)
{
  g_autoptr(GPtrArray) cleaned = g_ptr_array_new ();
  GValue gvalue = G_VALUE_INIT;
  gint index;

  g_return_if_fail (KONTOR_IS_ENTITY (self));

  index = lookup_field (self, field, G_TYPE_STRV);
  if (index < 0)
    return;

  /* Blank entries are what an empty row in a form leaves behind */
  for (guint i = 0; values != NULL && values[i] != NULL; i++)
    if (*values[i] != '\0')
      g_ptr_array_add (cleaned, (gpointer) values[i]);
  g_ptr_array_add (cleaned, NULL);

  g_value_init (&gvalue, G_TYPE_STRV);
  g_value_set_boxed (&gvalue, cleaned->pdata);
  set_value_internal (self, index, &gvalue);
  g_value_unset (&gvalue);
}

void
kontor_entity_append_to_list (KontorEntity *self,
                              const char   *field,
                              const char   *value)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_auto(GStrv) list = NULL;

  g_return_if_fail (KONTOR_IS_ENTITY (self));

  g_strv_builder_addv (builder, (const char **) kontor_entity_get_list (self, field));
  g_strv_builder_add (builder, value);
  list = g_strv_builder_end (builder);
  kontor_entity_set_list (self, field, (const char * const *) list);
}

static gboolean
parse_timestamp (const char *text,
                 gint64     *out)
{
  g_autoptr(GTimeZone) local = g_time_zone_new_local ();
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *normalized = NULL;
  gint64 number;

  if (g_ascii_string_to_signed (text, 10, 0, G_MAXINT64, &number, NULL))
    {
      *out = number;
      return TRUE;
    }

  normalized = g_strdup (text);
  if (strlen (normalized) > 10 && normalized[10] == ' ')
    normalized[10] = 'T';

  if (strlen (normalized) == 10)
    {
      g_autofree char *with_time = g_strconcat (normalized, "T00:00:00", NULL);
      dt = g_date_time_new_from_iso8601 (with_time, local);
    }
  else if (strlen (normalized) == 16)
    {
      g_autofree char *with_seconds = g_strconcat (normalized, ":00", NULL);
      dt = g_date_time_new_from_iso8601 (with_seconds, local);
    }
  else
    dt = g_date_time_new_from_iso8601 (normalized, local);

  if (dt == NULL)
    return FALSE;

  *out = g_date_time_to_unix (dt);
  return TRUE;
}

gboolean
kontor_entity_set_from_string (KontorEntity  *self,
                               const char    *field_name,
                               const char    *text,
                               GError       **error)
{
  KontorEntityClass *klass;
  const KontorField *field;
  const char *label;
  gint64 number;

  g_return_val_if_fail (KONTOR_IS_ENTITY (self), FALSE);
  g_return_val_if_fail (field_name != NULL, FALSE);

  klass = KONTOR_ENTITY_GET_CLASS (self);
  field = kontor_entity_class_find_field (klass, field_name);
  if (field == NULL)
    {
      kontor_set_field_error (error, field_name, _("A %s has no field “%s”"),
                              klass->kind, field_name);
      return FALSE;
    }

  label = kontor_field_get_label (field);

  if (field->flags & KONTOR_FIELD_COMPUTED)
    {
      kontor_set_field_error (error, field->name, _("%s is computed and cannot be set"), label);
      return FALSE;
    }

  if (text == NULL)
    text = "";

  switch (field->type)
    {
    case KONTOR_FIELD_TEXT:
    case KONTOR_FIELD_ENUM:
    case KONTOR_FIELD_DATE:
      kontor_entity_set_text (self, field->name, text);
      return TRUE;

    case KONTOR_FIELD_LIST:
      if (*text != '\0')
        kontor_entity_append_to_list (self, field->name, text);
      return TRUE;

    case KONTOR_FIELD_BOOL:
      if (g_strv_contains ((const char *[]) { "1", "true", "yes", "on", NULL }, text))
        kontor_entity_set_bool (self, field->name, TRUE);
      else if (g_strv_contains ((const char *[]) { "0", "false", "no", "off", "", NULL }, text))
        kontor_entity_set_bool (self, field->name, FALSE);
      else
        {
          kontor_set_field_error (error, field->name, _("%s: “%s” is not yes or no"), label, text);
          return FALSE;
        }
      return TRUE;

    case KONTOR_FIELD_MONEY:
      {
        const char *currency = NULL;
        g_autoptr(GError) local_error = NULL;

        if (kontor_entity_class_find_field (klass, "currency") != NULL)
          currency = kontor_entity_get_text (self, "currency");

        if (*text == '\0')
          number = 0;
        else if (!kontor_money_parse (text, currency, &number, &local_error))
          {
            kontor_set_field_error (error, field->name, "%s: %s", label, local_error->message);
            return FALSE;
          }
        kontor_entity_set_int (self, field->name, number);
        return TRUE;
      }

    case KONTOR_FIELD_QUANTITY:
      {
        g_autoptr(GError) local_error = NULL;

        if (!kontor_quantity_parse (text, &number, &local_error))
          {
            kontor_set_field_error (error, field->name, "%s: %s", label, local_error->message);
            return FALSE;
          }
        kontor_entity_set_int (self, field->name, number);
        return TRUE;
      }

    case KONTOR_FIELD_TIMESTAMP:
      if (*text == '\0')
        number = 0;
      else if (!parse_timestamp (text, &number))
        {
          kontor_set_field_error (error, field->name,
                                  _("%s: “%s” is not a valid date and time"), label, text);
          return FALSE;
        }
      kontor_entity_set_int (self, field->name, number);
      return TRUE;

    case KONTOR_FIELD_INT:
    case KONTOR_FIELD_REF:
      {
        gint64 min = (field->flags & KONTOR_FIELD_BASIS_POINTS) ? -1 : G_MININT64;

        if (*text == '\0')
          number = (field->flags & KONTOR_FIELD_BASIS_POINTS) ? -1 : 0;
        else if (!g_ascii_string_to_signed (text, 10, min, G_MAXINT64, &number, NULL))
          {
            kontor_set_field_error (error, field->name, _("%s: “%s” is not a whole number"),
                                    label, text);
            return FALSE;
          }
        kontor_entity_set_int (self, field->name, number);
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
}

char *
kontor_entity_dup_string (KontorEntity *self,
                          const char   *field_name)
{
  KontorEntityClass *klass;
  const KontorField *field;
  gint64 number;

  g_return_val_if_fail (KONTOR_IS_ENTITY (self), NULL);

  klass = KONTOR_ENTITY_GET_CLASS (self);
  field = kontor_entity_class_find_field (klass, field_name);
  g_return_val_if_fail (field != NULL, NULL);

  switch (field->type)
    {
    case KONTOR_FIELD_TEXT:
    case KONTOR_FIELD_ENUM:
    case KONTOR_FIELD_DATE:
      return g_strdup (kontor_entity_get_text (self, field->name));

    case KONTOR_FIELD_LIST:
      return g_strjoinv (", ", (char **) kontor_entity_get_list (self, field->name));

    case KONTOR_FIELD_BOOL:
      return g_strdup (kontor_entity_get_bool (self, field->name) ? "true" : "false");

    case KONTOR_FIELD_MONEY:
      {
        const char *currency = NULL;

        if (kontor_entity_class_find_field (klass, "currency") != NULL)
          currency = kontor_entity_get_text (self, "currency");
        return kontor_money_to_plain (kontor_entity_get_int (self, field->name), currency);
      }

    case KONTOR_FIELD_QUANTITY:
      return kontor_quantity_to_plain (kontor_entity_get_int (self, field->name));

    case KONTOR_FIELD_TIMESTAMP:
      number = kontor_entity_get_int (self, field->name);
      if (number == 0)
        return NULL;
      else
        {
          g_autoptr(GDateTime) dt = g_date_time_new_from_unix_utc (number);
          return dt ? g_date_time_format_iso8601 (dt) : NULL;
        }

    case KONTOR_FIELD_REF:
      number = kontor_entity_get_int (self, field->name);
      return number ? g_strdup_printf ("%" PRId64, number) : NULL;

    case KONTOR_FIELD_INT:
    default:
      number = kontor_entity_get_int (self, field->name);
      if ((field->flags & KONTOR_FIELD_BASIS_POINTS) && number < 0)
        return NULL;
      return g_strdup_printf ("%" PRId64, number);
    }
}

gboolean
kontor_entity_validate (KontorEntity  *self,
                        GError       **error)
{
  g_return_val_if_fail (KONTOR_IS_ENTITY (self), FALSE);

  return KONTOR_ENTITY_GET_CLASS (self)->validate (self, error);
}

void
_kontor_entity_set_identity (KontorEntity *self,
                             gint64        id,
                             const char   *uuid,
                             gint64        created_at,
                             gint64        updated_at,
                             gint64        deleted_at)
{
  KontorEntityPrivate *priv = kontor_entity_get_instance_private (self);
  GObject *object = G_OBJECT (self);

  g_object_freeze_notify (object);

  if (priv->id != id)
    {
      priv->id = id;
      g_object_notify_by_pspec (object, properties[PROP_ID]);
    }
  if (g_strcmp0 (priv->uuid, uuid) != 0)
    {
      g_free (priv->uuid);
      priv->uuid = g_strdup (uuid);
      g_object_notify_by_pspec (object, properties[PROP_UUID]);
    }
  if (priv->created_at != created_at)
    {
      priv->created_at = created_at;
      g_object_notify_by_pspec (object, properties[PROP_CREATED_AT]);
    }
  if (priv->updated_at != updated_at)
    {
      priv->updated_at = updated_at;
      g_object_notify_by_pspec (object, properties[PROP_UPDATED_AT]);
    }
  _kontor_entity_set_deleted_at (self, deleted_at);

  g_object_thaw_notify (object);
}

void
_kontor_entity_set_deleted_at (KontorEntity *self,
                               gint64        deleted_at)
{
  KontorEntityPrivate *priv = kontor_entity_get_instance_private (self);

  if (priv->deleted_at != deleted_at)
    {
      priv->deleted_at = deleted_at;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_DELETED_AT]);
    }
}

const GValue *
_kontor_entity_get_value (KontorEntity *self,
                          guint         field_index)
{
  return &ensure_values (self)[field_index];
}

void
_kontor_entity_set_value (KontorEntity *self,
                          guint         field_index,
                          const GValue *value)
{
  set_value_internal (self, field_index, value);
}
