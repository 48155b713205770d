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

  GtkButton  *demo_button;
  GtkSpinner *demo_spinner;
  GtkLabel   *demo_label;
  GtkButton  *empty_button;
  GtkButton  *import_button;

  gboolean    busy;
};

G_DEFINE_FINAL_TYPE (KontorWelcomePage, kontor_welcome_page, ADW_TYPE_BIN)

enum {
  PROP_0,
  PROP_BUSY,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum {
  START_DEMO,
  START_EMPTY,
  START_IMPORT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

/* The button's child is not a plain label: say its name */
static void
update_demo_button_name (KontorWelcomePage *self)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->demo_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gtk_label_get_text (self->demo_label),
                                  -1);
}

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
kontor_welcome_page_get_property (GObject    *object,
                                  guint       prop_id,
                                  GValue     *value,
                                  GParamSpec *pspec)
{
  KontorWelcomePage *self = KONTOR_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      g_value_set_boolean (value, self->busy);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
kontor_welcome_page_set_property (GObject      *object,
                                  guint         prop_id,
                                  const GValue *value,
                                  GParamSpec   *pspec)
{
  KontorWelcomePage *self = KONTOR_WELCOME_PAGE (object);

  switch (prop_id)
    {
    case PROP_BUSY:
      kontor_welcome_page_set_busy (self, g_value_get_boolean (value));
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
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
  object_class->get_property = kontor_welcome_page_get_property;
  object_class->set_property = kontor_welcome_page_set_property;
  widget_class->grab_focus = kontor_welcome_page_grab_focus;

  /**
   * KontorWelcomePage:busy:
   *
   * Whether the demo data is being added: the buttons wait meanwhile.
   */
  properties[PROP_BUSY] =
    g_param_spec_boolean ("busy", NULL, NULL,
                          FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

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
  gtk_widget_class_bind_template_child (widget_class, KontorWelcomePage, demo_spinner);
  gtk_widget_class_bind_template_child (widget_class, KontorWelcomePage, demo_label);
  gtk_widget_class_bind_template_child (widget_class, KontorWelcomePage, empty_button);
  gtk_widget_class_bind_template_child (widget_class, KontorWelcomePage, import_button);
  gtk_widget_class_bind_template_callback (widget_class, on_demo_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_empty_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_import_clicked);
}

static void
kontor_welcome_page_init (KontorWelcomePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  update_demo_button_name (self);
}

GtkWidget *
kontor_welcome_page_new (void)
{
  return g_object_new (KONTOR_TYPE_WELCOME_PAGE, NULL);
}

gboolean
kontor_welcome_page_get_busy (KontorWelcomePage *self)
{
  g_return_val_if_fail (KONTOR_IS_WELCOME_PAGE (self), FALSE);

  return self->busy;
}

/**
 * kontor_welcome_page_set_busy:
 * @busy: whether the demo data is being added
 *
 * Shows a spinner on the demo button and makes the buttons insensitive
 * while the database is being filled.
 */
void
kontor_welcome_page_set_busy (KontorWelcomePage *self,
                              gboolean           busy)
{
  g_return_if_fail (KONTOR_IS_WELCOME_PAGE (self));

  busy = !!busy;
  if (self->busy == busy)
    return;

  self->busy = busy;
  gtk_widget_set_visible (GTK_WIDGET (self->demo_spinner), busy);
  gtk_spinner_set_spinning (self->demo_spinner, busy);
  if (busy)
    gtk_label_set_text_with_mnemonic (self->demo_label, _("Adding Demo Data…"));
  else
    gtk_label_set_text_with_mnemonic (self->demo_label, _("Start with _Demo Data"));
  update_demo_button_name (self);
  gtk_accessible_update_state (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_STATE_BUSY, busy, -1);
  gtk_widget_set_sensitive (GTK_WIDGET (self->demo_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->empty_button), !busy);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), !busy);

  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_BUSY]);
}
