/* kontor-welcome-page.c: what a new user sees on an empty database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "kontor-ui"

#include "config.h"

#include <glib/gi18n.h>

#include "kontor-welcome-page.h"

struct _KontorWelcomePage
{
  AdwBin     parent_instance;

  GtkButton *demo_button;
  GtkButton *empty_button;
};

G_DEFINE_FINAL_TYPE (KontorWelcomePage, kontor_welcome_page, ADW_TYPE_BIN)

enum {
  START_DEMO,
  START_EMPTY,
  START_IMPORT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
on_demo_clicked (KontorWelcomePage *self)
{
  g_signal_emit (self, signals[START_DEMO], 0);
}

static void
on_empty_clicked (KontorWelcomePage *self)
{
  g_signal_emit (self, signals[START_EMPTY], 0);
}

static void
on_import_clicked (KontorWelcomePage *self)
{
  g_signal_emit (self, signals[START_IMPORT], 0);
}

static gboolean
kontor_welcome_page_grab_focus (GtkWidget *widget)
{
  KontorWelcomePage *self = KONTOR_WELCOME_PAGE (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->demo_button));
}

static void
kontor_welcome_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), KONTOR_TYPE_WELCOME_PAGE);

  G_OBJECT_CLASS (kontor_welcome_page_parent_class)->dispose (object);
}

static void
kontor_welcome_page_class_init (KontorWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = kontor_welcome_page_dispose;
  widget_class->grab_focus = kontor_welcome_page_grab_focus;

  /**
   * KontorWelcomePage::start-demo:
   *
   * The user wants to try Kontor on demo data.
   */
  signals[START_DEMO] =
    g_signal_new ("start-demo",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * KontorWelcomePage::start-empty:
   *
   * The user wants to start with an empty database.
   */
  signals[START_EMPTY] =
    g_signal_new ("start-empty",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  /**
   * KontorWelcomePage::start-import:
   *
   * The user wants to bring records in from a file.
   */
  signals[START_IMPORT] =
    g_signal_new ("start-import",
                  G_TYPE_FROM_CLASS (klass),
                  G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL,
                  G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               RESOURCE_BASE "/ui/kontor-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, KontorWelcomePage, demo_button);
  gtk_widget_class_bind_template_child (widget_class, KontorWelcomePage, empty_button);
  gtk_widget_class_bind_template_callback (widget_class, on_demo_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_empty_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked);
}

static void
kontor_welcome_page_init (KontorWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
kontor_welcome_page_new (void)
{
  return g_object_new (KONTOR_TYPE_WELCOME_PAGE, NULL);
}
