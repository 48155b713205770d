/* kontor-ui-format.c: how values look in the views
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-ui"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kontor-ui-format.h"

typedef struct
{
  const char *kind;   /* entity kind, or NULL for any */
  const char *field;
  const char *value;
  const char *label;
} StatusLabel;

static const StatusLabel status_labels[] = {
  { "lead", "status", "new", NC_("lead status", "New") },
  { "lead", "status", "in_progress", NC_("lead status", "In progress") },
  { "lead", "status", "processed", NC_("lead status", "Processed") },
  { "lead", "status", "converted", NC_("lead status", "Converted") },
  { "lead", "status", "junk", NC_("lead status", "Junk") },
  { "lead", "source", "call", NC_("lead source", "Call") },
  { "lead", "source", "email", NC_("lead source", "E-mail") },
  { "lead", "source", "web_form", NC_("lead source", "Web form") },
  { "lead", "source", "social", NC_("lead source", "Social network") },
  { "lead", "source", "visit", NC_("lead source", "Visit") },
  { "lead", "source", "partner", NC_("lead source", "Partner") },
  { "lead", "source", "other", NC_("lead source", "Other") },
  { "deal", "status", "open", NC_("deal status", "Open") },
  { "deal", "status", "won", NC_("deal status", "Won") },
  { "deal", "status", "lost", NC_("deal status", "Lost") },
  { "invoice", "status", "draft", NC_("invoice status", "Draft") },
  { "invoice", "status", "sent", NC_("invoice status", "Sent") },
  { "invoice", "status", "paid", NC_("invoice status", "Paid") },
  { "invoice", "status", "overdue", NC_("invoice status", "Overdue") },
  { "invoice", "status", "cancelled", NC_("invoice status", "Cancelled") },
  { "activity", "kind", "call", NC_("activity kind", "Call") },
  { "activity", "kind", "email", NC_("activity kind", "E-mail") },
  { "activity", "kind", "meeting", NC_("activity kind", "Meeting") },
  { "activity", "kind", "task", NC_("activity kind", "Task") },
  { "activity", "priority", "low", NC_("activity priority", "Low") },
  { "activity", "priority", "normal", NC_("activity priority", "Normal") },
  { "activity", "priority", "high", NC_("activity priority", "High") },
};

/* The contexts of the NC_() marks above, in the same order as the kinds */
static const char *
status_context (const StatusLabel *entry)
{
  if (g_str_equal (entry->kind, "lead"))
    return g_str_equal (entry->field, "status") ? "lead status" : "lead source";
  if (g_str_equal (entry->kind, "deal"))
    return "deal status";
  if (g_str_equal (entry->kind, "invoice"))
    return "invoice status";
  return g_str_equal (entry->field, "kind") ? "activity kind" : "activity priority";
}

/**
 * kontor_ui_format_date:
 * @iso_date: (nullable): a "YYYY-MM-DD" date
 *
 * Returns: the date in the user's locale, "" for none
 */
char *
kontor_ui_format_date (const char *iso_date)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autoptr(GTimeZone) tz = NULL;
  int year, month, day;

  if (iso_date == NULL || *iso_date == '\0')
    return g_strdup ("");

  if (sscanf (iso_date, "%4d-%2d-%2d", &year, &month, &day) != 3)
    return g_strdup (iso_date);

  tz = g_time_zone_new_local ();
  dt = g_date_time_new (tz, year, month, day, 0, 0, 0);
  if (dt == NULL)
    return g_strdup (iso_date);

  /* %x is the locale's date: 31.12.2026 in Russian, 12/31/2026 in English */
  return g_date_time_format (dt, "%x");
}

char *
kontor_ui_format_timestamp (gint64 unix_utc)
{
  g_autoptr(GDateTime) utc = NULL;
  g_autoptr(GDateTime) local = NULL;

  if (unix_utc == 0)
    return g_strdup ("");

  utc = g_date_time_new_from_unix_utc (unix_utc);
  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_local (utc);

  /* Translators: a date and time in lists; see g_date_time_format() */
  return g_date_time_format (local, C_("timestamp format", "%x %H:%M"));
}

char *
kontor_ui_format_vat_rate (gint64 basis_points)
{
  if (basis_points < 0)
    return g_strdup (C_("VAT rate", "No VAT"));

  if (basis_points % 100 == 0)
    return g_strdup_printf ("%" PRId64 "%%", basis_points / 100);

  return g_strdup_printf ("%" PRId64 ".%02" PRId64 "%%",
                          basis_points / 100, basis_points % 100);
}

/**
 * kontor_ui_status_label:
 * @kind: the entity kind ("lead", "deal", "invoice", "activity")
 * @field: the enum field ("status", "source", "kind", "priority")
 * @value: (nullable): the stored value
 *
 * Returns: the translated label of an enum value, or @value itself
 */
const char *
kontor_ui_status_label (const char *kind,
                        const char *field,
                        const char *value)
{
  if (value == NULL)
    return "";

  for (guint i = 0; i < G_N_ELEMENTS (status_labels); i++)
    {
      const StatusLabel *entry = &status_labels[i];

      if (g_strcmp0 (entry->kind, kind) == 0 &&
          g_strcmp0 (entry->field, field) == 0 &&
          g_str_equal (entry->value, value))
        return g_dpgettext2 (NULL, status_context (entry), entry->label);
    }

  return value;
}

/**
 * kontor_ui_status_css_class:
 * @value: (nullable): a status value
 *
 * Returns: the CSS class that colours a tag of this status (style.css)
 */
const char *
kontor_ui_status_css_class (const char *value)
{
  static const char * const good[] = { "won", "paid", "converted", "processed", "done", NULL };
  static const char * const bad[] = { "lost", "junk", "overdue", "cancelled", "high", NULL };
  static const char * const busy[] = { "in_progress", "sent", "open", NULL };
  static const char * const fresh[] = { "new", NULL };

  if (value == NULL)
    return "tag-neutral";
  if (g_strv_contains (good, value))
    return "tag-success";
  if (g_strv_contains (bad, value))
    return "tag-error";
  if (g_strv_contains (busy, value))
    return "tag-warning";
  if (g_strv_contains (fresh, value))
    return "tag-accent";

  return "tag-neutral";
}

/**
 * kontor_ui_tag_label_set:
 *
 * Shows an enum value on @label as a coloured tag.
 */
void
kontor_ui_tag_label_set (GtkLabel   *label,
                         const char *kind,
                         const char *field,
                         const char *value)
{
  static const char * const classes[] = {
    "tag-neutral", "tag-success", "tag-error", "tag-warning", "tag-accent",
  };
  GtkWidget *widget = GTK_WIDGET (label);

  for (guint i = 0; i < G_N_ELEMENTS (classes); i++)
    gtk_widget_remove_css_class (widget, classes[i]);

  gtk_widget_add_css_class (widget, "tag");
  gtk_widget_add_css_class (widget, kontor_ui_status_css_class (value));
  gtk_label_set_text (label, kontor_ui_status_label (kind, field, value));
  gtk_widget_set_visible (widget, value != NULL && *value != '\0');
}

/**
 * kontor_ui_dup_linked_name:
 * @repository: the repository @entity lives in
 * @entity: a record
 * @field: one of its REF fields
 *
 * Returns: (nullable): the display name of the linked record, NULL for none
 */
char *
kontor_ui_dup_linked_name (KontorRepository *repository,
                           KontorEntity     *entity,
                           const char       *field)
{
  KontorEntityClass *klass = KONTOR_ENTITY_GET_CLASS (entity);
  const KontorField *spec = kontor_entity_class_find_field (klass, field);
  g_autoptr(KontorEntity) linked = NULL;
  gint64 id;

  if (spec == NULL || spec->type != KONTOR_FIELD_REF)
    return NULL;

  id = kontor_entity_get_int (entity, field);
  if (id == 0)
    return NULL;

  linked = kontor_repository_find (repository, kontor_entity_type_from_name (spec->ref_kind),
                                   id, NULL);
  if (linked == NULL)
    return NULL;

  return kontor_entity_dup_display_name (linked);
}
