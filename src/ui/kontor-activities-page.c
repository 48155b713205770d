/* kontor-activities-page.c: the manager's agenda and week of activities
 *
 * The agenda is one list view over a flattened list of eight models: for
 * each due group a one-item header model, then the group's lazy
 * KontorListModel. Groups are recomputed (their models swapped) only when an
 * activity can have changed group: when the first of today's activities
 * passes its due time, and at midnight; a minute timer checks this.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-activities-page.h"
#include "kontor-plan-activity.h"
#include "kontor-ui-format.h"
#include "kontor-week-view.h"

#define N_GROUPS 4

struct _KontorActivitiesPage
{
  AdwBin               parent_instance;

  KontorRepository    *repository;
  GListStore          *sections;
  GListStore          *group_parts[N_GROUPS];
  GtkFlattenListModel *groups[N_GROUPS];
  GListStore          *headers[N_GROUPS];
  char                *kind;
  char                *responsible;
  gint64               groups_now;
  guint                tick_id;
  guint                managers_id;
  gulong               changed_id;
  GtkWidget           *week_view;
  GtkFileChooserNative *chooser;

  GtkToggleButton     *agenda_button;
  GtkToggleButton     *week_button;
  GtkDropDown         *kind_dropdown;
  GtkDropDown         *manager_dropdown;
  GtkWidget           *week_nav;
  GtkLabel            *week_title;
  GtkStack            *stack;
  GtkListView         *agenda_list;
  GtkViewport         *week_viewport;
};

G_DEFINE_FINAL_TYPE (KontorActivitiesPage, kontor_activities_page, ADW_TYPE_BIN)

enum {
  OPEN_RECORD,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const char * const filter_kinds[] = { NULL, "call", "email", "meeting", "task" };

static const char *
group_title (KontorDueGroup group)
{
  switch (group)
    {
    case KONTOR_DUE_OVERDUE:
      return _("Overdue");
    case KONTOR_DUE_TODAY:
      return _("Today");
    case KONTOR_DUE_UPCOMING:
      return _("Upcoming");
    case KONTOR_DUE_DONE:
    default:
      return _("Done");
    }
}

static void
show_toast (KontorActivitiesPage *self,
            const char           *text)
{
  /* The template's top widget; not bound, AdwBin owns it */
  AdwToastOverlay *overlay = ADW_TOAST_OVERLAY (adw_bin_get_child (ADW_BIN (self)));

  adw_toast_overlay_add_toast (overlay, adw_toast_new (text));
}

static void
update_header (KontorActivitiesPage *self,
               KontorDueGroup        group)
{
  guint count = g_list_model_get_n_items (G_LIST_MODEL (self->groups[group]));
  g_autofree char *text = g_strdup_printf ("%u", count);
  g_autoptr(GtkStringObject) header = gtk_string_object_new (text);
  g_autoptr(GtkStringObject) old = g_list_model_get_item (G_LIST_MODEL (self->headers[group]), 0);

  if (old != NULL && g_strcmp0 (gtk_string_object_get_string (old), text) == 0)
    return;

  g_object_set_data (G_OBJECT (header), "kontor-group", GINT_TO_POINTER (group + 1));
  g_list_store_splice (self->headers[group], 0, old != NULL ? 1 : 0, (gpointer *) &header, 1);
}

static void
on_group_items_changed (GListModel           *model,
                        guint                 position,
                        guint                 removed,
                        guint                 added,
                        KontorActivitiesPage *self)
{
  for (guint i = 0; i < N_GROUPS; i++)
    if (G_LIST_MODEL (self->groups[i]) == model)
      update_header (self, i);
}

static KontorListModel *
create_group_model (KontorActivitiesPage *self,
                    KontorDueGroup        group,
                    gboolean              without_time,
                    gint64                now,
                    GTimeZone            *tz)
{
  g_autoptr(KontorListModel) model = kontor_list_model_new (self->repository,
                                                            KONTOR_TYPE_ACTIVITY);
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (group == KONTOR_DUE_DONE)
    kontor_list_model_set_sort (model, "done_at", TRUE, NULL);
  else if (without_time)
    kontor_list_model_set_sort (model, "subject", FALSE, NULL);
  else
    kontor_list_model_set_sort (model, "due_at", FALSE, NULL);

  if (without_time)
    ok = kontor_list_model_add_filter (model, "done", KONTOR_FILTER_EQ, "false", &error) &&
         kontor_list_model_add_filter (model, "due_at", KONTOR_FILTER_IS_NULL, NULL, &error);
  else
    ok = kontor_list_model_filter_due (model, group, now, tz, &error);

  if (!ok ||
      (self->kind != NULL &&
       !kontor_list_model_add_filter (model, "kind", KONTOR_FILTER_EQ, self->kind, &error)) ||
      (self->responsible != NULL &&
       !kontor_list_model_add_filter (model, "responsible", KONTOR_FILTER_EQ,
                                      self->responsible, &error)))
    g_warning ("Could not read the activities: %s", error->message);

  return g_steal_pointer (&model);
}

/* Builds the four groups again for the current time and filters */
static void
rebuild_groups (KontorActivitiesPage *self)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_local ();
  gint64 now = kontor_now ();

  self->groups_now = now;

  for (guint i = 0; i < N_GROUPS; i++)
    {
      g_autoptr(KontorListModel) timed = create_group_model (self, i, FALSE, now, tz);
      g_autoptr(KontorListModel) untimed = NULL;
      gpointer parts[2] = { timed, NULL };

      /* Activities without a due time wait at the end of Upcoming */
      if (i == KONTOR_DUE_UPCOMING)
        parts[1] = untimed = create_group_model (self, i, TRUE, now, tz);

      g_list_store_splice (self->group_parts[i], 0,
                           g_list_model_get_n_items (G_LIST_MODEL (self->group_parts[i])),
                           parts, untimed != NULL ? 2 : 1);
      update_header (self, i);
    }

  if (self->week_view != NULL)
    kontor_week_view_set_now (KONTOR_WEEK_VIEW (self->week_view), now);
}

/* Whether an activity has changed group since the groups were built: the
 * first of today's passed its time, or the day changed */
static gboolean
groups_are_stale (KontorActivitiesPage *self,
                  gint64                now)
{
  g_autoptr(GDateTime) built = g_date_time_new_from_unix_local (self->groups_now);
  g_autoptr(GDateTime) current = g_date_time_new_from_unix_local (now);
  g_autoptr(KontorEntity) first = NULL;

  if (g_date_time_get_day_of_year (built) != g_date_time_get_day_of_year (current) ||
      g_date_time_get_year (built) != g_date_time_get_year (current))
    return TRUE;

  first = g_list_model_get_item (G_LIST_MODEL (self->groups[KONTOR_DUE_TODAY]), 0);
  return first != NULL && kontor_entity_get_int (first, "due_at") < now;
}

static gboolean
on_tick (gpointer user_data)
{
  KontorActivitiesPage *self = user_data;
  gint64 now = kontor_now ();

  if (groups_are_stale (self, now))
    rebuild_groups (self);
  else if (self->week_view != NULL)
    kontor_week_view_set_now (KONTOR_WEEK_VIEW (self->week_view), now);

  return G_SOURCE_CONTINUE;
}

static void on_filter_changed (KontorActivitiesPage *self);

static void
update_managers (KontorActivitiesPage *self)
{
  g_autoptr(KontorListModel) all = kontor_list_model_new (self->repository, KONTOR_TYPE_ACTIVITY);
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  guint selected = 0;
  guint last;
  guint n;

  kontor_list_model_set_sort (all, "responsible", FALSE, NULL);
  kontor_list_model_add_filter (all, "responsible", KONTOR_FILTER_NOT_NULL, NULL, NULL);
  n = g_list_model_get_n_items (G_LIST_MODEL (all));

  gtk_string_list_append (names, _("All Managers"));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(KontorEntity) activity = g_list_model_get_item (G_LIST_MODEL (all), i);
      const char *name = activity ? kontor_entity_get_text (activity, "responsible") : NULL;

      if (name == NULL || g_hash_table_contains (seen, name))
        continue;

      gtk_string_list_append (names, name);
      last = g_list_model_get_n_items (G_LIST_MODEL (names)) - 1;
      g_hash_table_add (seen, (gpointer) gtk_string_list_get_string (names, last));
      if (g_strcmp0 (name, self->responsible) == 0)
        selected = last;
    }

  g_signal_handlers_block_by_func (self->manager_dropdown, on_filter_changed, self);
  gtk_drop_down_set_model (self->manager_dropdown, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->manager_dropdown, selected);
  g_signal_handlers_unblock_by_func (self->manager_dropdown, on_filter_changed, self);
}

static gboolean
update_managers_cb (gpointer user_data)
{
  KontorActivitiesPage *self = user_data;

  self->managers_id = 0;
  update_managers (self);
  return G_SOURCE_REMOVE;
}

static void
on_repository_changed (KontorRepository     *repository,
                       const char           *kind,
                       gint64                id,
                       const char           *change,
                       KontorActivitiesPage *self)
{
  if (g_strcmp0 (kind, "activity") != 0 || self->managers_id != 0)
    return;

  self->managers_id = g_timeout_add (500, update_managers_cb, self);
}

/* "14:30" today, "2 Dec, 14:30" this year, "2 Dec 2025" before */
static char *
format_due (gint64 due,
            gint64 now)
{
  g_autoptr(GDateTime) local = g_date_time_new_from_unix_local (due);
  g_autoptr(GDateTime) today = g_date_time_new_from_unix_local (now);

  if (g_date_time_get_year (local) != g_date_time_get_year (today))
    /* Translators: a due date in another year; see g_date_time_format() */
    return g_strstrip (g_date_time_format (local, _("%-d %b %Y")));
  if (g_date_time_get_day_of_year (local) == g_date_time_get_day_of_year (today))
    return g_date_time_format (local, "%H:%M");

  /* Translators: a due date this year; see g_date_time_format() */
  return g_strstrip (g_date_time_format (local, _("%-d %b, %H:%M")));
}

/* The first phone or e-mail of the contact, lead or company it is linked to */
static char *
dup_reach (KontorActivitiesPage *self,
           KontorEntity         *activity,
           const char           *field)
{
  static const char * const links[] = { "contact", "lead", "company" };

  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      gint64 id = kontor_entity_get_int (activity, links[i]);
      g_autoptr(KontorEntity) record = NULL;
      const char * const *values;

      if (id == 0)
        continue;
      record = kontor_repository_find (self->repository, kontor_entity_type_from_name (links[i]),
                                       id, NULL);
      values = record != NULL ? kontor_entity_get_list (record, field) : NULL;
      if (values != NULL && values[0] != NULL)
        return g_strdup (values[0]);
    }

  return NULL;
}

static void
on_reach_clicked (GtkButton *button,
                  gpointer   user_data)
{
  const char *uri = g_object_get_data (G_OBJECT (button), "kontor-uri");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (button));

  if (uri != NULL)
    gtk_show_uri (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL, uri, GDK_CURRENT_TIME);
}

static KontorEntity *
row_get_activity (GtkWidget *widget)
{
  for (; widget != NULL; widget = gtk_widget_get_parent (widget))
    {
      KontorEntity *activity = g_object_get_data (G_OBJECT (widget), "kontor-activity");

      if (activity != NULL)
        return activity;
    }

  return NULL;
}

static void
complete_activity (KontorActivitiesPage *self,
                   GtkWidget            *widget,
                   gboolean              plan_next)
{
  KontorEntity *activity = row_get_activity (widget);
  GtkWidget *popover = gtk_widget_get_ancestor (widget, GTK_TYPE_POPOVER);
  GtkEditable *entry = g_object_get_data (G_OBJECT (popover), "kontor-result");
  g_autofree char *result = g_strstrip (g_strdup (gtk_editable_get_text (entry)));
  g_autoptr(KontorEntity) keep = activity ? g_object_ref (activity) : NULL;
  g_autoptr(GError) error = NULL;

  if (activity == NULL)
    return;

  gtk_popover_popdown (GTK_POPOVER (popover));

  if (plan_next)
    {
      GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
      GtkWidget *window = kontor_plan_activity_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                                    self->repository,
                                                    kontor_entity_get_text (activity, "kind"),
                                                    NULL);

      kontor_plan_activity_set_completing (KONTOR_PLAN_ACTIVITY (window), activity, result);
      gtk_window_present (GTK_WINDOW (window));
      return;
    }

  if (!kontor_activity_complete (self->repository, activity, result, NULL, &error))
    show_toast (self, error->message);
}

static void
on_done_clicked (GtkWidget            *button,
                 KontorActivitiesPage *self)
{
  complete_activity (self, button, FALSE);
}

static void
on_done_and_plan_clicked (GtkWidget            *button,
                          KontorActivitiesPage *self)
{
  complete_activity (self, button, TRUE);
}

static void on_check_toggled (GtkCheckButton       *check,
                              KontorActivitiesPage *self);

static void
set_check (GtkCheckButton       *check,
           gboolean              active,
           KontorActivitiesPage *self)
{
  g_signal_handlers_block_by_func (check, on_check_toggled, self);
  gtk_check_button_set_active (check, active);
  g_signal_handlers_unblock_by_func (check, on_check_toggled, self);
}

static void
on_popover_closed (GtkPopover           *popover,
                   KontorActivitiesPage *self)
{
  GtkWidget *check = gtk_widget_get_parent (GTK_WIDGET (popover));
  KontorEntity *activity = row_get_activity (check);

  if (activity == NULL || !kontor_entity_get_bool (activity, "done"))
    set_check (GTK_CHECK_BUTTON (check), FALSE, self);
}

static void
on_check_toggled (GtkCheckButton       *check,
                  KontorActivitiesPage *self)
{
  GtkWidget *popover = g_object_get_data (G_OBJECT (check), "kontor-popover");

  if (gtk_check_button_get_active (check))
    {
      gtk_editable_set_text (g_object_get_data (G_OBJECT (popover), "kontor-result"), "");
      gtk_popover_popup (GTK_POPOVER (popover));
    }
}

static void
on_check_destroy (GtkWidget *check,
                  gpointer   user_data)
{
  GtkWidget *popover = g_object_steal_data (G_OBJECT (check), "kontor-popover");

  if (popover != NULL)
    gtk_widget_unparent (popover);
}

static GtkWidget *
create_complete_popover (KontorActivitiesPage *self)
{
  GtkWidget *popover = gtk_popover_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *label = gtk_label_new (_("Result (optional)"));
  GtkWidget *entry = gtk_entry_new ();
  GtkWidget *done = gtk_button_new_with_mnemonic (_("_Done"));
  GtkWidget *next = gtk_button_new_with_mnemonic (_("Done and _Plan Next…"));

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_widget_add_css_class (label, "heading");
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry), _("How did it go?"));
  gtk_editable_set_width_chars (GTK_EDITABLE (entry), 30);
  gtk_widget_set_name (entry, "result");
  gtk_widget_set_name (done, "done");
  gtk_widget_set_name (next, "done-and-plan-next");
  gtk_widget_add_css_class (done, "suggested-action");
  gtk_widget_set_hexpand (done, TRUE);
  gtk_widget_set_hexpand (next, TRUE);
  g_signal_connect (done, "clicked", G_CALLBACK (on_done_clicked), self);
  g_signal_connect (entry, "activate", G_CALLBACK (on_done_clicked), self);
  g_signal_connect (next, "clicked", G_CALLBACK (on_done_and_plan_clicked), self);

  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), entry);
  gtk_box_append (GTK_BOX (buttons), next);
  gtk_box_append (GTK_BOX (buttons), done);
  gtk_box_append (GTK_BOX (box), buttons);
  gtk_popover_set_child (GTK_POPOVER (popover), box);
  gtk_popover_set_default_widget (GTK_POPOVER (popover), done);
  g_object_set_data (G_OBJECT (popover), "kontor-result", entry);
  g_signal_connect (popover, "closed", G_CALLBACK (on_popover_closed), self);

  return popover;
}

static GtkWidget *
create_reach_button (const char *icon_name)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon_name);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "circular");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  g_signal_connect (button, "clicked", G_CALLBACK (on_reach_clicked), NULL);
  return button;
}

static GtkWidget *
create_activity_row (KontorActivitiesPage *self)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *check = gtk_check_button_new ();
  GtkWidget *icon = gtk_image_new ();
  GtkWidget *text = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *subject = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *due = gtk_label_new (NULL);
  GtkWidget *tel = create_reach_button ("call-start-symbolic");
  GtkWidget *mail = create_reach_button ("mail-send-symbolic");
  GtkWidget *popover = create_complete_popover (self);

  gtk_widget_set_name (row, "activity");
  gtk_widget_add_css_class (row, "activity-row");
  gtk_widget_set_name (check, "check");
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_parent (popover, check);
  g_object_set_data (G_OBJECT (check), "kontor-popover", popover);
  g_signal_connect (check, "toggled", G_CALLBACK (on_check_toggled), self);
  g_signal_connect (check, "destroy", G_CALLBACK (on_check_destroy), NULL);
  gtk_widget_add_css_class (icon, "dim-label");

  gtk_label_set_xalign (GTK_LABEL (subject), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (subject), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subject, "activity-subject");
  gtk_widget_add_css_class (subject, "heading");
  gtk_label_set_xalign (GTK_LABEL (detail), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (text), subject);
  gtk_box_append (GTK_BOX (text), detail);
  gtk_widget_add_css_class (due, "numeric");

  gtk_box_append (GTK_BOX (row), check);
  gtk_box_append (GTK_BOX (row), icon);
  gtk_box_append (GTK_BOX (row), text);
  gtk_box_append (GTK_BOX (row), tel);
  gtk_box_append (GTK_BOX (row), mail);
  gtk_box_append (GTK_BOX (row), due);

  g_object_set_data (G_OBJECT (row), "check", check);
  g_object_set_data (G_OBJECT (row), "icon", icon);
  g_object_set_data (G_OBJECT (row), "subject", subject);
  g_object_set_data (G_OBJECT (row), "detail", detail);
  g_object_set_data (G_OBJECT (row), "due", due);
  g_object_set_data (G_OBJECT (row), "tel", tel);
  g_object_set_data (G_OBJECT (row), "mail", mail);

  return row;
}

static GtkWidget *
create_header_row (void)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *count = gtk_label_new (NULL);

  gtk_widget_set_name (row, "header");
  gtk_widget_add_css_class (row, "activities-group-header");
  gtk_widget_add_css_class (title, "title");
  gtk_widget_add_css_class (title, "title-4");
  gtk_widget_add_css_class (count, "count");
  gtk_widget_set_valign (count, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (row), title);
  gtk_box_append (GTK_BOX (row), count);
  g_object_set_data (G_OBJECT (row), "title", title);
  g_object_set_data (G_OBJECT (row), "count", count);

  return row;
}

static void
bind_reach (GtkWidget  *button,
            const char *scheme,
            char       *value)
{
  g_autofree char *owned = value;

  gtk_widget_set_visible (button, value != NULL);
  if (value != NULL)
    {
      g_autofree char *compact = g_strdup (value);
      g_autofree char *uri = NULL;

      if (g_str_equal (scheme, "tel:"))
        {
          char *out = compact;

          for (const char *in = value; *in != '\0'; in++)
            if (g_ascii_isdigit (*in) || *in == '+')
              *out++ = *in;
          *out = '\0';
        }
      uri = g_strconcat (scheme, compact, NULL);
      gtk_widget_set_tooltip_text (button, value);
      g_object_set_data_full (G_OBJECT (button), "kontor-uri", g_steal_pointer (&uri), g_free);
    }
}

static void
bind_activity_row (KontorActivitiesPage *self,
                   GtkWidget            *row,
                   KontorEntity         *activity)
{
  static const char * const links[] = { "deal", "contact", "company", "lead" };
  GtkWidget *check = g_object_get_data (G_OBJECT (row), "check");
  GtkWidget *due = g_object_get_data (G_OBJECT (row), "due");
  const char *kind = kontor_entity_get_text (activity, "kind");
  const char *responsible = kontor_entity_get_text (activity, "responsible");
  gboolean done = kontor_entity_get_bool (activity, "done");
  gint64 due_at = kontor_entity_get_int (activity, "due_at");
  gint64 now = kontor_now ();
  g_autoptr(GString) detail = g_string_new (kontor_activity_kind_get_label (kind));
  g_autofree char *due_text = NULL;

  g_object_set_data_full (G_OBJECT (row), "kontor-activity", g_object_ref (activity),
                          g_object_unref);

  gtk_image_set_from_icon_name (g_object_get_data (G_OBJECT (row), "icon"),
                                kontor_activity_kind_get_icon_name (kind));
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "subject"),
                      kontor_entity_get_text (activity, "subject"));

  for (guint i = 0; i < G_N_ELEMENTS (links); i++)
    {
      g_autofree char *name = kontor_ui_dup_linked_name (self->repository, activity, links[i]);

      if (name != NULL)
        {
          g_string_append_printf (detail, " · %s", name);
          break;
        }
    }
  if (responsible != NULL)
    g_string_append_printf (detail, " · %s", responsible);
  if (done && kontor_entity_get_text (activity, "result") != NULL)
    g_string_append_printf (detail, " · %s", kontor_entity_get_text (activity, "result"));
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "detail"), detail->str);

  if (done)
    due_text = kontor_entity_get_int (activity, "done_at") != 0
               ? format_due (kontor_entity_get_int (activity, "done_at"), now) : NULL;
  else if (due_at != 0)
    due_text = format_due (due_at, now);
  gtk_label_set_text (GTK_LABEL (due), due_text ?: "");
  if (!done && due_at != 0 && due_at < now)
    gtk_widget_add_css_class (due, "overdue");
  else
    gtk_widget_remove_css_class (due, "overdue");

  if (done)
    gtk_widget_add_css_class (row, "done");
  else
    gtk_widget_remove_css_class (row, "done");

  set_check (GTK_CHECK_BUTTON (check), done, self);
  gtk_widget_set_sensitive (check, !done);
  gtk_widget_set_tooltip_text (check, done ? _("Done") : _("Mark as Done"));

  bind_reach (g_object_get_data (G_OBJECT (row), "tel"), "tel:",
              done ? NULL : dup_reach (self, activity, "phone"));
  bind_reach (g_object_get_data (G_OBJECT (row), "mail"), "mailto:",
              done ? NULL : dup_reach (self, activity, "email"));
}

static void
bind_header_row (GtkWidget       *row,
                 GtkStringObject *header)
{
  KontorDueGroup group = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (header),
                                                             "kontor-group")) - 1;

  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "title"), group_title (group));
  gtk_label_set_text (g_object_get_data (G_OBJECT (row), "count"),
                      gtk_string_object_get_string (header));
  if (group == KONTOR_DUE_OVERDUE)
    gtk_widget_add_css_class (row, "overdue");
  else
    gtk_widget_remove_css_class (row, "overdue");
}

static void
on_bind (GtkSignalListItemFactory *factory,
         GtkListItem              *item,
         KontorActivitiesPage     *self)
{
  GObject *object = gtk_list_item_get_item (item);
  GtkWidget *child = gtk_list_item_get_child (item);
  gboolean is_header = GTK_IS_STRING_OBJECT (object);
  const char *wanted = is_header ? "header" : "activity";

  if (child == NULL || g_strcmp0 (gtk_widget_get_name (child), wanted) != 0)
    {
      child = is_header ? create_header_row () : create_activity_row (self);
      gtk_list_item_set_child (item, child);
    }

  gtk_list_item_set_activatable (item, !is_header);
  gtk_list_item_set_selectable (item, FALSE);

  if (is_header)
    bind_header_row (child, GTK_STRING_OBJECT (object));
  else if (KONTOR_IS_ENTITY (object))
    bind_activity_row (self, child, KONTOR_ENTITY (object));
}

static void
on_unbind (GtkSignalListItemFactory *factory,
           GtkListItem              *item,
           KontorActivitiesPage     *self)
{
  GtkWidget *child = gtk_list_item_get_child (item);

  if (child != NULL)
    g_object_set_data (G_OBJECT (child), "kontor-activity", NULL);
}

static void
on_agenda_activate (KontorActivitiesPage *self,
                    guint                 position)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->agenda_list));
  g_autoptr(GObject) item = g_list_model_get_item (model, position);

  if (KONTOR_IS_ENTITY (item))
    g_signal_emit (self, signals[OPEN_RECORD], 0, item);
}

static void
on_week_open_record (KontorWeekView       *view,
                     KontorEntity         *activity,
                     KontorActivitiesPage *self)
{
  g_signal_emit (self, signals[OPEN_RECORD], 0, activity);
}

static void
update_week_title (KontorActivitiesPage *self)
{
  g_autofree char *title = kontor_week_view_dup_title (KONTOR_WEEK_VIEW (self->week_view));

  gtk_label_set_text (self->week_title, title);
}

static void
move_week (KontorActivitiesPage *self,
           int                   weeks)
{
  KontorWeekView *view = KONTOR_WEEK_VIEW (self->week_view);
  /* The middle of the week, so that a daylight saving change cannot matter */
  gint64 middle = kontor_week_view_get_week_start (view) + (gint64) (3 * 24 + 12) * 3600;

  kontor_week_view_set_week (view, weeks == 0 ? kontor_now () : middle + weeks * 7 * 24 * 3600);
  update_week_title (self);
}

static void
on_previous_week (KontorActivitiesPage *self)
{
  move_week (self, -1);
}

static void
on_next_week (KontorActivitiesPage *self)
{
  move_week (self, 1);
}

static void
on_this_week (KontorActivitiesPage *self)
{
  move_week (self, 0);
}

static void
on_view_toggled (KontorActivitiesPage *self)
{
  gboolean agenda = gtk_toggle_button_get_active (self->agenda_button);

  gtk_stack_set_visible_child_name (self->stack, agenda ? "agenda" : "week");
  gtk_widget_set_visible (self->week_nav, !agenda);
}

static void
on_filter_changed (KontorActivitiesPage *self)
{
  guint kind = gtk_drop_down_get_selected (self->kind_dropdown);
  guint manager = gtk_drop_down_get_selected (self->manager_dropdown);
  GListModel *managers = gtk_drop_down_get_model (self->manager_dropdown);
  const char *responsible = NULL;

  if (managers != NULL && manager != 0 && manager != GTK_INVALID_LIST_POSITION)
    responsible = gtk_string_list_get_string (GTK_STRING_LIST (managers), manager);

  kontor_activities_page_set_filters (self,
                                      kind < G_N_ELEMENTS (filter_kinds)
                                        ? filter_kinds[kind] : NULL,
                                      responsible);
}

static void
show_import_error (KontorActivitiesPage *self,
                   const GError         *error)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Cannot Import the Calendar"), NULL);
  /* Translators: %s is the reason */
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("%s\n\nNothing was imported."), error->message);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_import_response (GtkNativeDialog      *chooser,
                    int                   response,
                    KontorActivitiesPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  if (!kontor_activities_page_import (self, path, &error))
    show_import_error (self, error);
}

static void
on_export_response (GtkNativeDialog      *chooser,
                    int                   response,
                    KontorActivitiesPage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GError) error = NULL;
  guint count = 0;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);

  if (file == NULL || (path = g_file_get_path (file)) == NULL)
    return;

  if (!kontor_activities_page_export (self, path, &count, &error))
    show_toast (self, error->message);
  else
    {
      g_autofree char *text = g_strdup_printf (ngettext ("Exported %u activity",
                                                         "Exported %u activities", count),
                                               count);
      show_toast (self, text);
    }
}

static GtkFileFilter *
ical_filter (void)
{
  GtkFileFilter *filter = gtk_file_filter_new ();

  gtk_file_filter_set_name (filter, _("iCalendar Files"));
  gtk_file_filter_add_mime_type (filter, "text/calendar");
  gtk_file_filter_add_suffix (filter, "ics");
  return filter;
}

static void
run_chooser (KontorActivitiesPage *self,
             GtkFileChooserAction  action,
             GCallback             response_cb)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  gboolean save = action == GTK_FILE_CHOOSER_ACTION_SAVE;
  g_autoptr(GtkFileFilter) filter = ical_filter ();

  g_clear_object (&self->chooser);
  self->chooser = gtk_file_chooser_native_new (save ? _("Export Activities")
                                                    : _("Import Activities"),
                                               GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                               action,
                                               save ? _("_Export") : _("_Import"),
                                               _("_Cancel"));
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  if (save)
    gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->chooser), "activities.ics");
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (self->chooser), TRUE);
  g_signal_connect (self->chooser, "response", response_cb, self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
on_import_clicked (KontorActivitiesPage *self)
{
  run_chooser (self, GTK_FILE_CHOOSER_ACTION_OPEN, G_CALLBACK (on_import_response));
}

static void
on_export_clicked (KontorActivitiesPage *self)
{
  run_chooser (self, GTK_FILE_CHOOSER_ACTION_SAVE, G_CALLBACK (on_export_response));
}

static void
kontor_activities_page_dispose (GObject *object)
{
  KontorActivitiesPage *self = KONTOR_ACTIVITIES_PAGE (object);

  g_clear_handle_id (&self->tick_id, g_source_remove);
  g_clear_handle_id (&self->managers_id, g_source_remove);
  g_clear_signal_handler (&self->changed_id, self->repository);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), KONTOR_TYPE_ACTIVITIES_PAGE);

  for (guint i = 0; i < N_GROUPS; i++)
    {
      if (self->groups[i] != NULL)
        g_signal_handlers_disconnect_by_func (self->groups[i], on_group_items_changed, self);
      g_clear_object (&self->groups[i]);
      g_clear_object (&self->group_parts[i]);
      g_clear_object (&self->headers[i]);
    }
  g_clear_object (&self->sections);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_activities_page_parent_class)->dispose (object);
}

static void
kontor_activities_page_finalize (GObject *object)
{
  KontorActivitiesPage *self = KONTOR_ACTIVITIES_PAGE (object);

  g_free (self->kind);
  g_free (self->responsible);

  G_OBJECT_CLASS (kontor_activities_page_parent_class)->finalize (object);
}

static void
kontor_activities_page_class_init (KontorActivitiesPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kontor_activities_page_dispose;
  object_class->finalize = kontor_activities_page_finalize;

  /**
   * KontorActivitiesPage::open-record:
   * @activity: the activity to open
   */
  signals[OPEN_RECORD] =
    g_signal_new ("open-record",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 1, KONTOR_TYPE_ENTITY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kontor-activities-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KontorActivitiesPage, agenda_button);
  gtk_widget_class_bind_template_child (widget_class, KontorActivitiesPage, week_button);
  gtk_widget_class_bind_template_child (widget_class, KontorActivitiesPage, kind_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KontorActivitiesPage, manager_dropdown);
  gtk_widget_class_bind_template_child (widget_class, KontorActivitiesPage, week_nav);
  gtk_widget_class_bind_template_child (widget_class, KontorActivitiesPage, week_title);
  gtk_widget_class_bind_template_child (widget_class, KontorActivitiesPage, stack);
  gtk_widget_class_bind_template_child (widget_class, KontorActivitiesPage, agenda_list);
  gtk_widget_class_bind_template_child (widget_class, KontorActivitiesPage, week_viewport);
  gtk_widget_class_bind_template_callback (widget_class, on_view_toggled);
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_previous_week);
  gtk_widget_class_bind_template_callback (widget_class, on_this_week);
  gtk_widget_class_bind_template_callback (widget_class, on_next_week);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_export_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_agenda_activate);

  gtk_widget_class_set_css_name (widget_class, "activitiespage");
}

static void
kontor_activities_page_init (KontorActivitiesPage *self)
{
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));

  gtk_string_list_append (kinds, _("All Kinds"));
  gtk_string_list_append (kinds, _("Calls"));
  gtk_string_list_append (kinds, _("E-mails"));
  gtk_string_list_append (kinds, _("Meetings"));
  gtk_string_list_append (kinds, _("Tasks"));
  g_signal_handlers_block_by_func (self->kind_dropdown, on_filter_changed, self);
  gtk_drop_down_set_model (self->kind_dropdown, G_LIST_MODEL (kinds));
  g_signal_handlers_unblock_by_func (self->kind_dropdown, on_filter_changed, self);
}

/**
 * kontor_activities_page_new:
 *
 * Returns: (transfer floating): the Agenda and Week views of the activities
 */
GtkWidget *
kontor_activities_page_new (KontorRepository *repository)
{
  KontorActivitiesPage *self;
  GtkListItemFactory *factory;
  GtkNoSelection *selection;
  GtkFlattenListModel *flat;

  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  self = g_object_new (KONTOR_TYPE_ACTIVITIES_PAGE, NULL);
  self->repository = g_object_ref (repository);
  self->sections = g_list_store_new (G_TYPE_LIST_MODEL);

  for (guint i = 0; i < N_GROUPS; i++)
    {
      self->headers[i] = g_list_store_new (GTK_TYPE_STRING_OBJECT);
      self->group_parts[i] = g_list_store_new (G_TYPE_LIST_MODEL);
      self->groups[i] = gtk_flatten_list_model_new (
        G_LIST_MODEL (g_object_ref (self->group_parts[i])));
      /* After the agenda's own model has seen the change */
      g_signal_connect_after (self->groups[i], "items-changed",
                              G_CALLBACK (on_group_items_changed), self);
      g_list_store_append (self->sections, self->headers[i]);
      g_list_store_append (self->sections, self->groups[i]);
    }
  rebuild_groups (self);

  flat = gtk_flatten_list_model_new (G_LIST_MODEL (g_object_ref (self->sections)));
  selection = gtk_no_selection_new (G_LIST_MODEL (flat));
  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind), self);
  g_signal_connect (factory, "unbind", G_CALLBACK (on_unbind), self);
  gtk_list_view_set_factory (self->agenda_list, factory);
  gtk_list_view_set_model (self->agenda_list, GTK_SELECTION_MODEL (selection));
  g_object_unref (factory);
  g_object_unref (selection);

  self->week_view = kontor_week_view_new (repository);
  g_signal_connect (self->week_view, "open-record", G_CALLBACK (on_week_open_record), self);
  gtk_viewport_set_child (self->week_viewport, self->week_view);
  update_week_title (self);

  update_managers (self);
  self->changed_id = g_signal_connect (repository, "changed",
                                       G_CALLBACK (on_repository_changed), self);
  self->tick_id = g_timeout_add_seconds (60, on_tick, self);

  return GTK_WIDGET (self);
}

/**
 * kontor_activities_page_get_group:
 *
 * Returns: (transfer none): the activities shown in @group
 */
GListModel *
kontor_activities_page_get_group (KontorActivitiesPage *self,
                                  KontorDueGroup        group)
{
  g_return_val_if_fail (KONTOR_IS_ACTIVITIES_PAGE (self), NULL);
  g_return_val_if_fail (group < N_GROUPS, NULL);

  return G_LIST_MODEL (self->groups[group]);
}

/**
 * kontor_activities_page_set_filters:
 * @kind: (nullable): "call", "email", "meeting", "task" or %NULL for all
 * @responsible: (nullable): a manager or %NULL for all
 */
void
kontor_activities_page_set_filters (KontorActivitiesPage *self,
                                    const char           *kind,
                                    const char           *responsible)
{
  g_return_if_fail (KONTOR_IS_ACTIVITIES_PAGE (self));

  if (g_strcmp0 (kind, self->kind) == 0 && g_strcmp0 (responsible, self->responsible) == 0)
    return;

  g_free (self->kind);
  self->kind = g_strdup (kind);
  g_free (self->responsible);
  self->responsible = g_strdup (responsible);

  rebuild_groups (self);
  kontor_week_view_set_filters (KONTOR_WEEK_VIEW (self->week_view), kind, responsible);
}

/* Regroups for the current time (the minute timer does this when needed) */
void
kontor_activities_page_refresh (KontorActivitiesPage *self)
{
  g_return_if_fail (KONTOR_IS_ACTIVITIES_PAGE (self));

  rebuild_groups (self);
}

void
kontor_activities_page_show_week (KontorActivitiesPage *self,
                                  gboolean              week)
{
  g_return_if_fail (KONTOR_IS_ACTIVITIES_PAGE (self));

  gtk_toggle_button_set_active (week ? self->week_button : self->agenda_button, TRUE);
}

/**
 * kontor_activities_page_get_week_view:
 *
 * Returns: (transfer none): the #KontorWeekView
 */
GtkWidget *
kontor_activities_page_get_week_view (KontorActivitiesPage *self)
{
  g_return_val_if_fail (KONTOR_IS_ACTIVITIES_PAGE (self), NULL);

  return self->week_view;
}

/* Exports the week shown in the week view, or every activity from the agenda */
gboolean
kontor_activities_page_export (KontorActivitiesPage  *self,
                               const char            *path,
                               guint                 *out_count,
                               GError               **error)
{
  KontorWeekView *view;
  gboolean week;

  g_return_val_if_fail (KONTOR_IS_ACTIVITIES_PAGE (self), FALSE);

  view = KONTOR_WEEK_VIEW (self->week_view);
  week = gtk_toggle_button_get_active (self->week_button);
  return kontor_ical_export (self->repository, path,
                             week ? kontor_week_view_get_week_start (view) : 0,
                             week ? kontor_week_view_get_week_end (view) : 0,
                             out_count, error);
}

gboolean
kontor_activities_page_import (KontorActivitiesPage  *self,
                               const char            *path,
                               GError               **error)
{
  g_autofree char *text = NULL;
  guint created = 0, updated = 0;

  g_return_val_if_fail (KONTOR_IS_ACTIVITIES_PAGE (self), FALSE);

  if (!kontor_ical_import (self->repository, path, &created, &updated, error))
    return FALSE;

  /* Translators: the first %u is new activities, the second updated ones */
  text = g_strdup_printf (_("Imported %u new and %u updated activities"), created, updated);
  show_toast (self, text);
  return TRUE;
}
