/* kontor-entity.h: the base class of every CRM record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  KONTOR_FIELD_TEXT,       /* char *, TEXT */
  KONTOR_FIELD_ENUM,       /* char *, one of KontorField.choices */
  KONTOR_FIELD_DATE,       /* char *, "YYYY-MM-DD" */
  KONTOR_FIELD_INT,        /* gint64 */
  KONTOR_FIELD_BOOL,       /* gboolean */
  KONTOR_FIELD_MONEY,      /* gint64 minor units of the record's "currency" field */
  KONTOR_FIELD_QUANTITY,   /* gint64 thousandths */
  KONTOR_FIELD_TIMESTAMP,  /* gint64 seconds since the epoch, UTC; 0 = none */
  KONTOR_FIELD_REF,        /* gint64 id of another record; 0 = none; column "<name>_id" */
  KONTOR_FIELD_LIST,       /* GStrv, kept in the contact_points table */
} KontorFieldType;

typedef enum
{
  KONTOR_FIELD_REQUIRED  = 1 << 0,
  KONTOR_FIELD_EMAIL     = 1 << 1,
  KONTOR_FIELD_PHONE     = 1 << 2,
  KONTOR_FIELD_COMPUTED  = 1 << 3,  /* written by the core only */
  KONTOR_FIELD_MULTILINE = 1 << 4,  /* newlines and tabs allowed */
  KONTOR_FIELD_CURRENCY  = 1 << 5,  /* an ISO 4217 code */
  KONTOR_FIELD_PERCENT   = 1 << 6,  /* INT within 0..100 */
  KONTOR_FIELD_BASIS_POINTS = 1 << 7, /* INT within -1..10000; -1 = none */
} KontorFieldFlags;

typedef struct
{
  const char         *name;        /* property, JSON key and CLI field, snake_case */
  KontorFieldType     type;
  KontorFieldFlags    flags;
  guint               max_length;  /* in characters, for text */
  const char         *ref_kind;    /* REF: kind of the record referred to */
  const char * const *choices;     /* ENUM: allowed values, NULL-terminated */
  const char         *label;       /* translatable with N_(), for forms and errors */
} KontorField;

#define KONTOR_TYPE_ENTITY (kontor_entity_get_type ())

G_DECLARE_DERIVABLE_TYPE (KontorEntity, kontor_entity, KONTOR, ENTITY, GObject)

struct _KontorEntityClass
{
  GObjectClass parent_class;

  /* Filled in by each subclass's class_init */
  const char        *kind;         /* "contact" */
  const char        *plural;       /* "contacts", as in the CLI */
  const char        *table;        /* SQL table */
  guint              search_code;  /* kind in the search index rowid */
  const KontorField *fields;
  guint              n_fields;
  GParamSpec       **field_pspecs;

  gboolean  (*validate)         (KontorEntity  *self,
                                 GError       **error);
  char     *(*dup_display_name) (KontorEntity  *self);
};

void                 kontor_entity_class_install_fields (KontorEntityClass *klass,
                                                         const KontorField *fields,
                                                         guint              n_fields);

const KontorField   *kontor_entity_class_find_field   (KontorEntityClass *klass,
                                                       const char        *name);
char                *kontor_field_dup_column          (const KontorField *field);
const char          *kontor_field_get_label           (const KontorField *field);

gint64               kontor_entity_get_id             (KontorEntity *self);
const char          *kontor_entity_get_uuid           (KontorEntity *self);
gint64               kontor_entity_get_created_at     (KontorEntity *self);
gint64               kontor_entity_get_updated_at     (KontorEntity *self);
gint64               kontor_entity_get_deleted_at     (KontorEntity *self);
gboolean             kontor_entity_is_deleted         (KontorEntity *self);
const char          *kontor_entity_get_kind           (KontorEntity *self);
char                *kontor_entity_dup_display_name   (KontorEntity *self);

const char          *kontor_entity_get_text           (KontorEntity *self,
                                                       const char   *field);
void                 kontor_entity_set_text           (KontorEntity *self,
                                                       const char   *field,
                                                       const char   *value);
gint64               kontor_entity_get_int            (KontorEntity *self,
                                                       const char   *field);
void                 kontor_entity_set_int            (KontorEntity *self,
                                                       const char   *field,
                                                       gint64        value);
gboolean             kontor_entity_get_bool           (KontorEntity *self,
                                                       const char   *field);
void                 kontor_entity_set_bool           (KontorEntity *self,
                                                       const char   *field,
                                                       gboolean      value);
const char * const  *kontor_entity_get_list           (KontorEntity *self,
                                                       const char   *field);
void                 kontor_entity_set_list           (KontorEntity        *self,
                                                       const char          *field,
                                                       const char * const  *values);
void                 kontor_entity_append_to_list     (KontorEntity *self,
                                                       const char   *field,
                                                       const char   *value);

gboolean             kontor_entity_set_from_string    (KontorEntity  *self,
                                                       const char    *field,
                                                       const char    *text,
                                                       GError       **error);
char                *kontor_entity_dup_string         (KontorEntity  *self,
                                                       const char    *field);

gboolean             kontor_entity_validate           (KontorEntity  *self,
                                                       GError       **error);

G_END_DECLS
