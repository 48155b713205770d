/* kontor-window-actions.c: the actions and shortcuts of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-duplicates-dialog.h"
#include "kontor-import-dialog.h"
#include "kontor-preferences-window.h"
#include "kontor-list-page.h"
#include "kontor-window-private.h"

static void
new_record_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  KontorWindow *self = KONTOR_WINDOW (widget);
  GtkWidget *page = _kontor_window_get_list_page (self);

  if (page != NULL)
    kontor_list_page_create_record (KONTOR_LIST_PAGE (page));
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KontorWindow *self = KONTOR_WINDOW (widget);
  GtkWidget *page;

  /* Searching happens in the list, so leave an open record first */
  while (self->records->len > 0)
    kontor_window_go_back (self);

  page = _kontor_window_get_list_page (self);
  if (page == NULL)
    return;

  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
  kontor_list_page_focus_search (KONTOR_LIST_PAGE (page));
}

static void
show_sidebar_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  KontorWindow *self = KONTOR_WINDOW (widget);

  adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
  gtk_widget_grab_focus (GTK_WIDGET (self->sidebar_list));
}

static void
go_back_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  kontor_window_go_back (KONTOR_WINDOW (widget));
}

static gboolean
go_back_shortcut (GtkWidget *widget,
                  GVariant  *args,
                  gpointer   user_data)
{
  /* Unhandled, Escape goes on to whatever else wants it */
  return kontor_window_go_back (KONTOR_WINDOW (widget));
}

static void
show_page_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  kontor_window_show_page (KONTOR_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
undo_delete_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KontorWindow *self = KONTOR_WINDOW (widget);
  g_autoptr(KontorEntity) entity = g_steal_pointer (&self->last_deleted);
  g_autoptr(GError) error = NULL;

  if (entity == NULL)
    return;

  if (!kontor_repository_undelete (self->repository, entity, &error))
    kontor_window_add_toast (self, adw_toast_new (error->message));

  _kontor_window_update_actions (self);
}

static void
import_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  KontorWindow *self = KONTOR_WINDOW (widget);
  GtkWidget *page = _kontor_window_get_list_page (self);
  GType type = KONTOR_TYPE_CONTACT;

  /* Import into the list the user is looking at */
  if (page != NULL)
    type = kontor_list_model_get_entity_type (kontor_list_page_get_model (KONTOR_LIST_PAGE (page)));

  _kontor_window_import (self, type);
}

/* The kind of record of the list shown when it can have duplicates, otherwise G_TYPE_INVALID */
static GType
get_duplicates_type (KontorWindow *self)
{
  GtkWidget *page = _kontor_window_get_list_page (self);
  GType type;

  if (page == NULL)
    return G_TYPE_INVALID;

  type = kontor_list_model_get_entity_type (kontor_list_page_get_model (KONTOR_LIST_PAGE (page)));
  if (type == KONTOR_TYPE_LEAD || type == KONTOR_TYPE_CONTACT || type == KONTOR_TYPE_COMPANY)
    return type;

  return G_TYPE_INVALID;
}

static void
find_duplicates_action (GtkWidget  *widget,
                        const char *action_name,
                        GVariant   *parameter)
{
  KontorWindow *self = KONTOR_WINDOW (widget);
  GType type = get_duplicates_type (self);
  GtkWidget *dialog;

  if (type == G_TYPE_INVALID)
    return;

  dialog = kontor_duplicates_dialog_new (GTK_WINDOW (self), self->repository, type);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
preferences_action (GtkWidget  *widget,
                    const char *action_name,
                    GVariant   *parameter)
{
  KontorWindow *self = KONTOR_WINDOW (widget);
  GtkApplication *app = gtk_window_get_application (GTK_WINDOW (self));
  GtkWidget *preferences;

  /* The application's own action also follows a switch to another database */
  if (app != NULL && g_action_map_lookup_action (G_ACTION_MAP (app), "preferences") != NULL)
    {
      g_action_group_activate_action (G_ACTION_GROUP (app), "preferences", NULL);
      return;
    }

  preferences = kontor_preferences_window_new (GTK_WINDOW (self), self->repository);
  gtk_window_present (GTK_WINDOW (preferences));
}

void
_kontor_window_import (KontorWindow *self,
                       GType         entity_type)
{
  GtkWidget *dialog = kontor_import_dialog_new (GTK_WINDOW (self), self->repository, entity_type);

  gtk_window_present (GTK_WINDOW (dialog));
}

void
_kontor_window_update_actions (KontorWindow *self)
{
  gboolean has_list = _kontor_window_get_list_page (self) != NULL;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", has_list);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.find-duplicates",
                                 get_duplicates_type (self) != G_TYPE_INVALID);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.undo-delete",
                                 self->last_deleted != NULL);
}

void
_kontor_window_class_init_actions (GtkWidgetClass *widget_class)
{
  static const struct {
    guint       key;
    const char *page;
  } page_keys[] = {
    { GDK_KEY_1, "leads" }, { GDK_KEY_2, "deals" }, { GDK_KEY_3, "contacts" },
    { GDK_KEY_4, "companies" }, { GDK_KEY_5, "activities" }, { GDK_KEY_6, "products" },
    { GDK_KEY_7, "invoices" }, { GDK_KEY_8, "reports" },
  };

  gtk_widget_class_install_action (widget_class, "win.new", NULL, new_record_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.show-sidebar", NULL, show_sidebar_action);
  gtk_widget_class_install_action (widget_class, "win.go-back", NULL, go_back_action);
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.undo-delete", NULL, undo_delete_action);
  gtk_widget_class_install_action (widget_class, "win.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "win.find-duplicates", NULL,
                                   find_duplicates_action);
  gtk_widget_class_install_action (widget_class, "win.preferences", NULL, preferences_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_comma, GDK_CONTROL_MASK,
                                       "win.preferences", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                go_back_shortcut, NULL);
  gtk_widget_class_add_binding (widget_class, GDK_KEY_Escape, 0, go_back_shortcut, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (page_keys); i++)
    gtk_widget_class_add_binding_action (widget_class, page_keys[i].key, GDK_ALT_MASK,
                                         "win.show-page", "s", page_keys[i].page);
}
