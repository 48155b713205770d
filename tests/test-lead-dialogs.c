/* test-lead-dialogs.c: the lead conversion and duplicates dialogs
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>
#include <glib/gstdio.h>

#include "kontor-core.h"
#include "kontor-duplicates-dialog.h"
#include "kontor-lead-convert-dialog.h"

typedef struct
{
  char             *dir;
  KontorRepository *repo;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("kontor-test-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (f->dir, "kontor.db", NULL);
  f->repo = kontor_repository_open (path, &error);
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GDir) dir = g_dir_open (f->dir, 0, NULL);
  const char *name;

  g_assert_finalize_object (f->repo);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (f->dir, name, NULL);
      g_remove (path);
    }
  g_rmdir (f->dir);
  g_free (f->dir);
}

static void
iterate (void)
{
  while (g_main_context_pending (NULL))
    g_main_context_iteration (NULL, FALSE);
}

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             const char *label)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (label == NULL ||
       (GTK_IS_BUTTON (root) && g_strcmp0 (gtk_button_get_label (GTK_BUTTON (root)), label) == 0)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, label);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
collect_widgets (GtkWidget *root,
                 GType      type,
                 GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    g_ptr_array_add (found, root);

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_widgets (child, type, found);
}

static void
on_converted (KontorLeadConvertDialog  *dialog,
              KontorLeadConversion    **out)
{
  *out = kontor_lead_convert_dialog_take_conversion (dialog);
}

static void
test_convert_dialog (Fixture       *f,
                     gconstpointer  data)
{
  g_autoptr(KontorEntity) lead = KONTOR_ENTITY (kontor_lead_new ());
  g_autoptr(KontorLeadConversion) conversion = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;

  kontor_entity_set_text (lead, "first_name", "Иван");
  kontor_entity_set_text (lead, "last_name", "Петров");
  kontor_entity_set_text (lead, "company_name", "ООО «Ромашка»");
  kontor_entity_set_int (lead, "amount", 500000);
  g_assert_true (kontor_repository_save (f->repo, lead, &error));

  dialog = kontor_lead_convert_dialog_new (NULL, f->repo, lead);
  g_signal_connect (dialog, "converted", G_CALLBACK (on_converted), &conversion);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate ();

  g_assert_true (gtk_widget_activate_action (dialog, "convert.convert", NULL));
  iterate ();

  g_assert_nonnull (conversion);
  g_assert_cmpstr (kontor_entity_get_text (lead, "status"), ==, "converted");
  g_assert_cmpint (kontor_repository_count (f->repo, KONTOR_TYPE_CONTACT, NULL), ==, 1);
  g_assert_cmpint (kontor_repository_count (f->repo, KONTOR_TYPE_COMPANY, NULL), ==, 1);
  g_assert_cmpint (kontor_repository_count (f->repo, KONTOR_TYPE_DEAL, NULL), ==, 1);
  {
    g_autoptr(KontorEntity) deal = kontor_repository_find (f->repo, KONTOR_TYPE_DEAL,
                                                            kontor_entity_get_int (lead, "deal"),
                                                            &error);

    g_assert_no_error (error);
    g_assert_cmpint (kontor_entity_get_int (deal, "amount"), ==, 500000);
    g_assert_cmpint (kontor_entity_get_int (deal, "contact"), ==,
                     kontor_entity_get_int (lead, "contact"));
  }

  /* The toast's undo */
  g_assert_true (kontor_lead_conversion_undo (f->repo, lead, conversion, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kontor_entity_get_text (lead, "status"), ==, "new");
  g_assert_cmpint (kontor_repository_count (f->repo, KONTOR_TYPE_DEAL, NULL), ==, 0);
}

static void
test_convert_dialog_switches (Fixture       *f,
                              gconstpointer  data)
{
  g_autoptr(KontorEntity) lead = KONTOR_ENTITY (kontor_lead_new ());
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();
  GtkWidget *dialog;

  kontor_entity_set_text (lead, "title", "Звонок");
  g_assert_true (kontor_repository_save (f->repo, lead, &error));

  dialog = kontor_lead_convert_dialog_new (NULL, f->repo, lead);
  gtk_window_present (GTK_WINDOW (dialog));
  iterate ();

  /* Switch every section off: nothing to convert into */
  collect_widgets (dialog, GTK_TYPE_SWITCH, switches);
  g_assert_cmpuint (switches->len, >=, 3);
  for (guint i = 0; i < switches->len; i++)
    gtk_switch_set_active (g_ptr_array_index (switches, i), FALSE);
  iterate ();

  gtk_widget_activate_action (dialog, "convert.convert", NULL);
  iterate ();
  g_assert_cmpint (kontor_repository_count (f->repo, KONTOR_TYPE_DEAL, NULL), ==, 0);
  g_assert_cmpstr (kontor_entity_get_text (lead, "status"), ==, "new");

  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
}

static KontorEntity *
add_contact (KontorRepository *repo,
             const char       *first,
             const char       *phone)
{
  KontorEntity *contact = KONTOR_ENTITY (kontor_contact_new ());
  g_autoptr(GError) error = NULL;

  kontor_entity_set_text (contact, "first_name", first);
  kontor_entity_set_text (contact, "last_name", "Петров");
  kontor_entity_append_to_list (contact, "phone", phone);
  g_assert_true (kontor_repository_save (repo, contact, &error));
  return contact;
}

static void
test_duplicates_dialog (Fixture       *f,
                        gconstpointer  data)
{
  g_autoptr(KontorEntity) a = add_contact (f->repo, "Иван", "+7 (912) 345-67-89");
  g_autoptr(KontorEntity) b = add_contact (f->repo, "Ваня", "8 912 345 67 89");
  GtkWidget *dialog;
  GtkStack *stack;
  GtkWidget *button;

  dialog = kontor_duplicates_dialog_new (NULL, f->repo, KONTOR_TYPE_CONTACT);
  gtk_window_present (GTK_WINDOW (dialog));

  stack = GTK_STACK (find_widget (dialog, GTK_TYPE_STACK, NULL));
  while (g_str_equal (gtk_stack_get_visible_child_name (stack), "scanning"))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "groups");

  button = find_widget (dialog, GTK_TYPE_BUTTON, "_Merge…");
  g_assert_nonnull (button);
  g_signal_emit_by_name (button, "clicked");
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "merge");

  g_assert_true (gtk_widget_activate_action (dialog, "duplicates.merge", NULL));
  iterate ();

  g_assert_cmpint (kontor_repository_count (f->repo, KONTOR_TYPE_CONTACT, NULL), ==, 1);
  g_assert_false (kontor_entity_is_deleted (a));
  g_assert_true (kontor_entity_is_deleted (b));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "empty");

  gtk_window_destroy (GTK_WINDOW (dialog));
  iterate ();
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  adw_init ();

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/lead-dialogs/convert-creates-all-three", test_convert_dialog);
  ADD ("/lead-dialogs/convert-with-everything-off-does-nothing", test_convert_dialog_switches);
  ADD ("/lead-dialogs/duplicates-scan-and-merge", test_duplicates_dialog);

  return g_test_run ();
}
