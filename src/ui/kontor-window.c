/* kontor-window.c: the main window
 *
 * A leaflet with the sidebar of pages and the content: a view stack of the
 * pages, with the open record pages stacked above it. An empty database
 * shows the welcome page instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-ui"

#include "config.h"

#include <inttypes.h>

#include <glib/gi18n.h>

#include "kontor-lead-board.h"
#include "kontor-list-page.h"
#include "kontor-welcome-page.h"
#include "kontor-window-private.h"
#include "kontor-record-page.h"
#include "kontor-deal-board.h"
#include "kontor-reports-page.h"
#include "kontor-activities-page.h"

G_DEFINE_FINAL_TYPE (KontorWindow, kontor_window, ADW_TYPE_APPLICATION_WINDOW)

enum {
  PROP_0,
  PROP_REPOSITORY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static gboolean
database_is_empty (KontorWindow *self)
{
  const GType types[] = {
    KONTOR_TYPE_LEAD, KONTOR_TYPE_CONTACT, KONTOR_TYPE_COMPANY, KONTOR_TYPE_DEAL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    if (kontor_repository_count (self->repository, types[i], NULL) > 0)
      return FALSE;

  return TRUE;
}

static GtkWidget *
create_sidebar_row (const char *name,
                    const char *title,
                    const char *icon_name)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *label = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (label), 0.0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (icon_name));
  gtk_box_append (GTK_BOX (box), label);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_widget_set_name (row, name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                  -1);
  return row;
}

static GtkWidget *
find_sidebar_row (KontorWindow *self,
                  const char   *name)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar_list));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (GTK_IS_LIST_BOX_ROW (child) && g_strcmp0 (gtk_widget_get_name (child), name) == 0)
      return child;

  return NULL;
}

static AdwHeaderBar *
find_header_bar (GtkWidget *widget)
{
  if (ADW_IS_HEADER_BAR (widget))
    return ADW_HEADER_BAR (widget);

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      AdwHeaderBar *found = find_header_bar (child);

      if (found != NULL)
        return found;
    }

  return NULL;
}


/* A page without a header bar of its own gets one, with the way back to the
 * sidebar of a folded window */
static GtkWidget *
wrap_with_header (KontorWindow *self,
                  GtkWidget    *page,
                  const char   *title)
{
  AdwHeaderBar *header_bar = find_header_bar (page);
  GtkWidget *box = NULL;
  GtkWidget *button;

  if (header_bar == NULL)
    {
      header_bar = ADW_HEADER_BAR (adw_header_bar_new ());
      adw_header_bar_set_title_widget (header_bar, adw_window_title_new (title, NULL));
      box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
      gtk_box_append (GTK_BOX (box), GTK_WIDGET (header_bar));
      gtk_widget_set_vexpand (page, TRUE);
      gtk_box_append (GTK_BOX (box), page);
    }

  button = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-sidebar");
  gtk_widget_set_tooltip_text (button, _("Back"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"),
                                  -1);
  adw_header_bar_pack_start (header_bar, button);
  g_object_bind_property (self->leaflet, "folded", button, "visible", G_BINDING_SYNC_CREATE);
  g_object_bind_property (self->leaflet, "folded", header_bar, "show-start-title-buttons",
                          G_BINDING_SYNC_CREATE);

  return box != NULL ? box : page;
}

static void
pop_record (KontorWindow *self)
{
  GtkWidget *page;

  if (self->records->len == 0)
    return;

  page = g_ptr_array_steal_index (self->records, self->records->len - 1);
  if (self->records->len > 0)
    gtk_stack_set_visible_child (self->content_stack,
                                 g_ptr_array_index (self->records, self->records->len - 1));
  else
    gtk_stack_set_visible_child_name (self->content_stack, "pages");

  gtk_stack_remove (self->content_stack, page);
  _kontor_window_update_actions (self);
}

/* The record page brings its own header bar; the way back is the window's */
static void
add_back_button (KontorWindow *self,
                 GtkWidget    *record_page)
{
  AdwHeaderBar *header_bar = find_header_bar (record_page);
  GtkWidget *button;

  if (header_bar == NULL)
    return;

  button = gtk_button_new_from_icon_name ("go-previous-symbolic");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.go-back");
  gtk_widget_set_tooltip_text (button, _("Back"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Back"),
                                  -1);
  adw_header_bar_pack_start (header_bar, button);
  g_object_bind_property (self->leaflet, "folded", header_bar, "show-start-title-buttons",
                          G_BINDING_SYNC_CREATE);
}

static void
on_record_open_record (GtkWidget    *record_page,
                       KontorEntity *linked,
                       KontorWindow *self)
{
  kontor_window_open_record (self, linked);
}

static void
on_record_deleted (GtkWidget    *record_page,
                   KontorEntity *entity,
                   KontorWindow *self)
{
  /* Back to the list the record was opened from */
  while (self->records->len > 0)
    {
      GtkWidget *top = g_ptr_array_index (self->records, self->records->len - 1);

      pop_record (self);
      if (gtk_widget_is_ancestor (record_page, top) || record_page == top)
        break;
    }

  kontor_window_show_deleted_toast (self, entity);
}

static void
on_list_open_record (KontorListPage *page,
                     KontorEntity   *entity,
                     KontorWindow   *self)
{
  kontor_window_open_record (self, entity);
}

static void
on_lead_board_show_toast (GtkWidget    *board,
                          AdwToast     *toast,
                          KontorWindow *self)
{
  kontor_window_add_toast (self, g_object_ref (toast));
}

static void
on_board_show_toast (GtkWidget    *board,
                     AdwToast     *toast,
                     KontorWindow *self)
{
  kontor_window_add_toast (self, g_object_ref (toast));
}

static void
on_demo_filled (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(KontorWindow) self = user_data;
  g_autoptr(GError) error = NULL;

  /* The window was closed meanwhile */
  if (self->repository == NULL)
    return;

  g_clear_object (&self->demo_cancellable);
  kontor_welcome_page_set_busy (KONTOR_WELCOME_PAGE (self->welcome_page), FALSE);

  if (!kontor_demo_fill_finish (self->repository, result, &error))
    {
      kontor_window_add_toast (self, adw_toast_new (error->message));
      return;
    }

  gtk_stack_set_visible_child_name (self->main_stack, "main");
  kontor_window_show_page (self, "deals");
}

/* Filled in a worker through a connection of its own: the window keeps
 * drawing, and its repository reads the new records when it is done */
static void
on_start_demo (KontorWelcomePage *page,
               KontorWindow      *self)
{
  if (self->demo_cancellable != NULL)
    return;

  self->demo_cancellable = g_cancellable_new ();
  kontor_welcome_page_set_busy (page, TRUE);
  kontor_demo_fill_async (self->repository, 300, g_random_int (), self->demo_cancellable,
                          on_demo_filled, g_object_ref (self));
}

static void
on_start_empty (KontorWelcomePage *page,
                KontorWindow      *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  kontor_window_show_page (self, "contacts");
}

static void
on_start_import (KontorWelcomePage *page,
                 KontorWindow      *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  kontor_window_show_page (self, "contacts");
  _kontor_window_import (self, KONTOR_TYPE_CONTACT);
}

static void
on_sidebar_row_selected (KontorWindow  *self,
                         GtkListBoxRow *row)
{
  if (row == NULL)
    return;

  while (self->records->len > 0)
    pop_record (self);

  adw_view_stack_set_visible_child_name (self->view_stack, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
on_sidebar_row_activated (KontorWindow  *self,
                          GtkListBoxRow *row)
{
  GtkWidget *page;

  on_sidebar_row_selected (self, row);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));

  page = adw_view_stack_get_visible_child (self->view_stack);
  if (page != NULL && adw_leaflet_get_folded (self->leaflet))
    gtk_widget_child_focus (page, GTK_DIR_TAB_FORWARD);
}

static void
on_visible_page_changed (KontorWindow *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->view_stack);
  GtkWidget *row;

  if (name == NULL)
    return;

  row = find_sidebar_row (self, name);
  if (row != NULL && gtk_list_box_get_selected_row (self->sidebar_list) != GTK_LIST_BOX_ROW (row))
    gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));

  if (self->settings != NULL)
    g_settings_set_string (self->settings, "last-page", name);

  _kontor_window_update_actions (self);
}

static void
on_folded_changed (KontorWindow *self)
{
  /* A folded leaflet starts on the content; the back button leads to the sidebar */
  if (adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child (self->leaflet) == self->sidebar &&
      gtk_list_box_get_selected_row (self->sidebar_list) != NULL)
    adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
}

static void
add_page (KontorWindow *self,
          GtkWidget    *page,
          const char   *name,
          const char   *title,
          const char   *icon_name)
{
  adw_view_stack_add_titled (self->view_stack, page, name, title);
  gtk_list_box_append (self->sidebar_list, create_sidebar_row (name, title, icon_name));
}

static void
build_pages (KontorWindow *self)
{
  const char * const *names = kontor_list_page_get_names ();

  for (guint i = 0; names[i] != NULL; i++)
    {
      GtkWidget *page = kontor_list_page_new (self->repository, names[i]);

      g_signal_connect_object (page, "open-record", G_CALLBACK (on_list_open_record), self, 0);
      g_object_bind_property (self->leaflet, "folded", page, "show-back-button",
                              G_BINDING_SYNC_CREATE);
      add_page (self, page, names[i], kontor_list_page_get_title (KONTOR_LIST_PAGE (page)),
                kontor_list_page_get_icon_name (KONTOR_LIST_PAGE (page)));

      if (g_str_equal (names[i], "deals"))
        {
          GtkWidget *board = kontor_deal_board_new (self->repository);
          gboolean shown = TRUE;

          if (self->settings != NULL)
            shown = g_strcmp0 (g_settings_get_string (self->settings, "deal-view"), "list") != 0;
          g_signal_connect_object (board, "open-record", G_CALLBACK (on_list_open_record),
                                   self, 0);
          g_signal_connect_object (board, "show-toast", G_CALLBACK (on_board_show_toast),
                                   self, 0);
          kontor_list_page_set_alternate_view (KONTOR_LIST_PAGE (page), board, _("Board"),
                                               "view-grid-symbolic", shown);
        }

      if (g_str_equal (names[i], "leads"))
        {
          GtkWidget *board = kontor_lead_board_new (self->repository);

          g_signal_connect_object (board, "open-record", G_CALLBACK (on_list_open_record),
                                   self, 0);
          g_signal_connect_object (board, "show-toast", G_CALLBACK (on_lead_board_show_toast),
                                   self, 0);
          kontor_list_page_set_alternate_view (KONTOR_LIST_PAGE (page), board, _("Board"),
                                               "view-grid-symbolic", FALSE);
        }

      if (g_str_equal (names[i], "activities"))
        {
          GtkWidget *agenda = kontor_activities_page_new (self->repository);

          g_signal_connect_object (agenda, "open-record", G_CALLBACK (on_list_open_record),
                                   self, 0);
          kontor_list_page_set_alternate_view (KONTOR_LIST_PAGE (page), agenda, _("Agenda"),
                                               "x-office-calendar-symbolic", TRUE);
        }
    }

  add_page (self,
            wrap_with_header (self, kontor_reports_page_new (self->repository),
                              _("Funnel & Reports")),
            "reports", _("Funnel & Reports"), "x-office-spreadsheet-symbolic");
}

/* The number of overdue activities beside "Activities" in the sidebar */
static void
update_overdue_badge (KontorWindow *self)
{
  g_autofree char *text = NULL;
  g_autofree char *description = NULL;
  gint64 overdue;

  if (self->overdue_badge == NULL || self->repository == NULL)
    return;

  overdue = kontor_activities_count_overdue (self->repository, kontor_now ());
  text = g_strdup_printf ("%" PRId64, overdue);
  description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%" PRId64 " overdue activity",
                                              "%" PRId64 " overdue activities", (gulong) overdue),
                                 overdue);

  gtk_label_set_text (GTK_LABEL (self->overdue_badge), text);
  gtk_widget_set_visible (self->overdue_badge, overdue > 0);
  gtk_widget_set_tooltip_text (self->overdue_badge, description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->overdue_badge),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description,
                                  -1);
}

static void
on_repository_changed_for_badge (KontorRepository *repository,
                                 const char       *kind,
                                 gint64            id,
                                 guint             change,
                                 KontorWindow     *self)
{
  if (g_strcmp0 (kind, "activity") == 0)
    update_overdue_badge (self);
}

static gboolean
on_badge_minute (gpointer user_data)
{
  update_overdue_badge (KONTOR_WINDOW (user_data));
  return G_SOURCE_CONTINUE;
}

static void
add_overdue_badge (KontorWindow *self)
{
  GtkWidget *row = find_sidebar_row (self, "activities");
  GtkWidget *box;

  if (row == NULL)
    return;

  box = gtk_list_box_row_get_child (GTK_LIST_BOX_ROW (row));
  self->overdue_badge = gtk_label_new (NULL);
  gtk_widget_set_hexpand (self->overdue_badge, TRUE);
  gtk_widget_set_halign (self->overdue_badge, GTK_ALIGN_END);
  gtk_widget_add_css_class (self->overdue_badge, "overdue-badge");
  gtk_box_append (GTK_BOX (box), self->overdue_badge);

  g_signal_connect_object (self->repository, "changed",
                           G_CALLBACK (on_repository_changed_for_badge), self, 0);
  self->badge_timeout = g_timeout_add_seconds (60, on_badge_minute, self);
  update_overdue_badge (self);
}

static void
load_window_state (KontorWindow *self,
                   const char   *last_page)
{
  if (self->settings == NULL)
    {
      kontor_window_show_page (self, "deals");
      return;
    }

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  if (adw_view_stack_get_child_by_name (self->view_stack, last_page) != NULL)
    kontor_window_show_page (self, last_page);
  else
    kontor_window_show_page (self, "deals");
}

static void
save_window_state (KontorWindow *self)
{
  GtkWidget *deals;
  int width, height;

  if (self->settings == NULL)
    return;

  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));

  deals = adw_view_stack_get_child_by_name (self->view_stack, "deals");
  if (KONTOR_IS_LIST_PAGE (deals))
    g_settings_set_string (self->settings, "deal-view",
                           kontor_list_page_get_alternate_shown (KONTOR_LIST_PAGE (deals))
                           ? "board" : "list");
}

static GSettings *
create_settings (void)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, APP_ID, TRUE);
  if (schema == NULL)
    return NULL;

  return g_settings_new_full (schema, NULL, NULL);
}

/* Overrides */

static gboolean
kontor_window_close_request (GtkWindow *window)
{
  save_window_state (KONTOR_WINDOW (window));

  return GTK_WINDOW_CLASS (kontor_window_parent_class)->close_request (window);
}

/* kontor-cli, an import in another window or a restored backup may
 * change the file while the window is open: PRAGMA data_version tells, at
 * the cost of one look-up, and the lists and records are read again. */
static gboolean
poll_external_changes_cb (gpointer user_data)
{
  KontorWindow *self = user_data;

  kontor_repository_poll_external_changes (self->repository);
  return G_SOURCE_CONTINUE;
}

static void
on_active_changed (KontorWindow *self)
{
  if (gtk_window_is_active (GTK_WINDOW (self)))
    kontor_repository_poll_external_changes (self->repository);
}

static void
kontor_window_constructed (GObject *object)
{
  KontorWindow *self = (KontorWindow *) object;
  g_autofree char *last_page = NULL;

  G_OBJECT_CLASS (kontor_window_parent_class)->constructed (object);

  g_assert (KONTOR_IS_REPOSITORY (self->repository));

  /* Adding the pages selects the first one */
  if (self->settings != NULL)
    last_page = g_settings_get_string (self->settings, "last-page");
  build_pages (self);
  add_overdue_badge (self);
  load_window_state (self, last_page);

  {
    GMenu *menu = G_MENU (gtk_menu_button_get_menu_model (self->primary_menu_button));
    g_autoptr(GMenu) section = g_menu_new ();

    g_menu_append (section, _("_Preferences"), "win.preferences");
    g_menu_insert_section (menu, 1, NULL, G_MENU_MODEL (section));
  }

  if (database_is_empty (self))
    {
      self->welcome_page = kontor_welcome_page_new ();
      g_signal_connect_object (self->welcome_page, "start-demo", G_CALLBACK (on_start_demo),
                               self, 0);
      g_signal_connect_object (self->welcome_page, "start-empty", G_CALLBACK (on_start_empty),
                               self, 0);
      g_signal_connect_object (self->welcome_page, "start-import", G_CALLBACK (on_start_import),
                               self, 0);
      gtk_stack_add_named (self->main_stack, self->welcome_page, "welcome");
      gtk_stack_set_visible_child (self->main_stack, self->welcome_page);
      gtk_widget_grab_focus (self->welcome_page);
    }

  self->external_poll = g_timeout_add_seconds (2, poll_external_changes_cb, self);
  g_signal_connect (self, "notify::is-active", G_CALLBACK (on_active_changed), NULL);

  _kontor_window_offer_drafts (self);
  _kontor_window_update_actions (self);
}

static void
kontor_window_dispose (GObject *object)
{
  KontorWindow *self = (KontorWindow *) object;

  _kontor_window_dispose_drafts (self);
  g_cancellable_cancel (self->demo_cancellable);
  g_clear_object (&self->demo_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), KONTOR_TYPE_WINDOW);

  g_clear_handle_id (&self->badge_timeout, g_source_remove);
  g_clear_handle_id (&self->external_poll, g_source_remove);
  g_clear_pointer (&self->records, g_ptr_array_unref);
  g_clear_object (&self->last_deleted);
  g_clear_pointer (&self->last_conversion, kontor_lead_conversion_free);
  g_clear_object (&self->last_converted_lead);
  g_clear_object (&self->settings);
  g_clear_object (&self->repository);

  G_OBJECT_CLASS (kontor_window_parent_class)->dispose (object);
}

static void
kontor_window_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  KontorWindow *self = KONTOR_WINDOW (object);

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
kontor_window_set_property (GObject      *object,
                            guint         prop_id,
                            const GValue *value,
                            GParamSpec   *pspec)
{
  KontorWindow *self = KONTOR_WINDOW (object);

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
kontor_window_class_init (KontorWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->constructed = kontor_window_constructed;
  object_class->dispose = kontor_window_dispose;
  object_class->get_property = kontor_window_get_property;
  object_class->set_property = kontor_window_set_property;
  window_class->close_request = kontor_window_close_request;

  properties[PROP_REPOSITORY] =
    g_param_spec_object ("repository", NULL, NULL,
                         KONTOR_TYPE_REPOSITORY,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kontor-window.ui");
  gtk_widget_class_bind_template_child (widget_class, KontorWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, KontorWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, KontorWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, KontorWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, KontorWindow, primary_menu_button);
  gtk_widget_class_bind_template_child (widget_class, KontorWindow, sidebar_list);
  gtk_widget_class_bind_template_child (widget_class, KontorWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, KontorWindow, view_stack);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated);
  gtk_widget_class_bind_template_callback (widget_class, on_visible_page_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_folded_changed);

  _kontor_window_class_init_actions (widget_class);
  _kontor_window_class_init_drafts (widget_class);
}

static void
kontor_window_init (KontorWindow *self)
{
  self->records = g_ptr_array_new ();
  self->settings = create_settings ();

  gtk_widget_init_template (GTK_WIDGET (self));
}

/* Private API */

GtkWidget *
_kontor_window_get_list_page (KontorWindow *self)
{
  GtkWidget *page = adw_view_stack_get_visible_child (self->view_stack);

  if (gtk_stack_get_visible_child (self->main_stack) != GTK_WIDGET (self->leaflet))
    return NULL;

  return KONTOR_IS_LIST_PAGE (page) ? page : NULL;
}

/* Public API */

/**
 * kontor_window_new:
 * @application: (nullable): the application
 * @repository: the open database the window shows
 */
KontorWindow *
kontor_window_new (GtkApplication   *application,
                   KontorRepository *repository)
{
  g_return_val_if_fail (KONTOR_IS_REPOSITORY (repository), NULL);

  return g_object_new (KONTOR_TYPE_WINDOW,
                       "application", application,
                       "repository", repository,
                       NULL);
}

KontorRepository *
kontor_window_get_repository (KontorWindow *self)
{
  g_return_val_if_fail (KONTOR_IS_WINDOW (self), NULL);

  return self->repository;
}

gboolean
kontor_window_get_welcome_shown (KontorWindow *self)
{
  g_return_val_if_fail (KONTOR_IS_WINDOW (self), FALSE);

  return self->welcome_page != NULL &&
         gtk_stack_get_visible_child (self->main_stack) == self->welcome_page;
}

GtkWidget *
kontor_window_get_welcome_page (KontorWindow *self)
{
  g_return_val_if_fail (KONTOR_IS_WINDOW (self), NULL);

  return self->welcome_page;
}

/**
 * kontor_window_show_page:
 * @name: "leads", "deals", "contacts", "companies", "activities",
 *   "products", "invoices" or "reports"
 */
void
kontor_window_show_page (KontorWindow *self,
                         const char   *name)
{
  GtkWidget *row;

  g_return_if_fail (KONTOR_IS_WINDOW (self));

  row = find_sidebar_row (self, name);
  if (row == NULL)
    return;

  gtk_list_box_select_row (self->sidebar_list, GTK_LIST_BOX_ROW (row));
  on_sidebar_row_selected (self, GTK_LIST_BOX_ROW (row));
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
}

const char *
kontor_window_get_page_name (KontorWindow *self)
{
  g_return_val_if_fail (KONTOR_IS_WINDOW (self), NULL);

  return adw_view_stack_get_visible_child_name (self->view_stack);
}

GtkWidget *
kontor_window_get_page (KontorWindow *self,
                        const char   *name)
{
  g_return_val_if_fail (KONTOR_IS_WINDOW (self), NULL);

  return adw_view_stack_get_child_by_name (self->view_stack, name);
}

/**
 * kontor_window_open_record:
 * @entity: the record to show; a new one has id 0
 *
 * Shows the record's page above the lists; Back returns to where the user was.
 */
void
kontor_window_open_record (KontorWindow *self,
                           KontorEntity *entity)
{
  GtkWidget *page;

  g_return_if_fail (KONTOR_IS_WINDOW (self));
  g_return_if_fail (KONTOR_IS_ENTITY (entity));

  page = kontor_record_page_new (self->repository, entity);
  g_signal_connect_object (page, "open-record", G_CALLBACK (on_record_open_record), self, 0);
  g_signal_connect_object (page, "deleted", G_CALLBACK (on_record_deleted), self, 0);
  add_back_button (self, page);
  _kontor_window_add_record_sections (self, page, entity);

  gtk_stack_add_child (self->content_stack, page);
  g_ptr_array_add (self->records, page);
  gtk_stack_set_visible_child (self->content_stack, page);
  adw_leaflet_set_visible_child (self->leaflet, GTK_WIDGET (self->content_stack));
  kontor_record_page_focus_first_field (KONTOR_RECORD_PAGE (page));
  _kontor_window_update_actions (self);
}

/**
 * kontor_window_get_record_page:
 *
 * Returns: (nullable) (transfer none): the record page on top, if one is open
 */
GtkWidget *
kontor_window_get_record_page (KontorWindow *self)
{
  g_return_val_if_fail (KONTOR_IS_WINDOW (self), NULL);

  if (self->records->len == 0)
    return NULL;

  return g_ptr_array_index (self->records, self->records->len - 1);
}

/**
 * kontor_window_go_back:
 *
 * Closes the innermost record page, or shows the sidebar of a folded window.
 *
 * Returns: whether there was somewhere to go back to
 */
gboolean
kontor_window_go_back (KontorWindow *self)
{
  g_return_val_if_fail (KONTOR_IS_WINDOW (self), FALSE);

  if (self->records->len > 0)
    {
      pop_record (self);
      return TRUE;
    }

  if (adw_leaflet_get_folded (self->leaflet) &&
      adw_leaflet_get_visible_child (self->leaflet) != self->sidebar)
    {
      adw_leaflet_set_visible_child (self->leaflet, self->sidebar);
      return TRUE;
    }

  return FALSE;
}

void
kontor_window_add_toast (KontorWindow *self,
                         AdwToast     *toast)
{
  g_return_if_fail (KONTOR_IS_WINDOW (self));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

/**
 * kontor_window_show_deleted_toast:
 * @entity: a record that was just deleted
 *
 * Says that @entity was deleted, with an "Undo" button that brings it back.
 */
void
kontor_window_show_deleted_toast (KontorWindow *self,
                                  KontorEntity *entity)
{
  g_autofree char *name = NULL;
  g_autofree char *markup = NULL;
  g_autofree char *title = NULL;
  AdwToast *toast;

  g_return_if_fail (KONTOR_IS_WINDOW (self));
  g_return_if_fail (KONTOR_IS_ENTITY (entity));

  g_set_object (&self->last_deleted, entity);
  name = kontor_entity_dup_display_name (entity);
  markup = g_markup_escape_text (name, -1);
  /* Translators: %s is the name of a record */
  title = g_strdup_printf (_("Deleted “%s”"), markup);

  toast = adw_toast_new (title);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-delete");
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);

  _kontor_window_update_actions (self);
}
