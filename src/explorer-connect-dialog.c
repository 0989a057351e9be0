/* explorer-connect-dialog.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "varlink.h"

#include "explorer-connect-dialog.h"

struct _ExplorerConnectDialog
{
  AdwWindow             parent_instance;

  /* template children */
  GtkButton            *connect_button;
  AdwEntryRow          *address_row;
  GtkLabel             *error_label;
  GtkLabel             *note_label;
  AdwPreferencesGroup  *examples_group;

  VarlinkAddress       *address;
  GtkNativeDialog      *chooser;
};

G_DEFINE_FINAL_TYPE (ExplorerConnectDialog, explorer_connect_dialog, ADW_TYPE_WINDOW)

enum {
  CONNECT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static const struct {
  const char *address;
  const char *what;
} examples[] = {
  { "unix:/run/systemd/io.systemd.Hostname", N_("A socket file") },
  { "unix:@org.example.service", N_("An abstract socket (Linux)") },
  { "tcp:localhost:12345", N_("TCP, without encryption") },
  { "exec:/usr/libexec/example-service", N_("Start a program and talk to it") },
  { "ssh-unix:host:/run/systemd/io.systemd.Hostname", N_("A socket on another machine, through SSH") },
  { "ssh-exec:host:varlinkctl --help", N_("A program on another machine, through SSH") },
  { "bridge:ssh host varlink bridge", N_("A command that speaks Varlink on its standard input and output") },
};

static void
set_label (GtkLabel   *label,
           const char *text)
{
  gtk_label_set_text (label, text ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL);
}

static void
explorer_connect_dialog_validate (ExplorerConnectDialog *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  g_autofree char *text = g_strstrip (g_strdup (typed));
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;

  g_clear_pointer (&self->address, varlink_address_unref);

  if (*text != '\0')
    self->address = varlink_address_parse (text, &error);

  if (self->address == NULL && error != NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
      set_label (self->error_label, error->message);
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
      set_label (self->error_label, NULL);
    }

  if (self->address != NULL && varlink_address_spawns (self->address))
    {
      const char * const *argv = varlink_address_get_argv (self->address);
      g_autofree char *command = argv != NULL ? g_strjoinv (" ", (char **) argv)
                                              : g_strdup (text);

      /* Translators: %s is a command line */
      note = g_strdup_printf (_("This starts ‘%s’ on your machine when you press Connect."),
                              command);
    }
  else if (self->address != NULL && varlink_address_is_insecure (self->address))
    {
      note = g_strdup (_("TCP is not encrypted: anyone on the network between you and this "
                         "host can read and change what is sent."));
    }

  set_label (self->note_label, note);
  gtk_widget_set_sensitive (GTK_WIDGET (self->connect_button), self->address != NULL);
}

static void
on_address_changed (ExplorerConnectDialog *self)
{
  explorer_connect_dialog_validate (self);
}

static void
on_connect_clicked (ExplorerConnectDialog *self)
{
  explorer_connect_dialog_connect (self);
}

static void
on_chooser_response (GtkNativeDialog       *chooser,
                     int                    response,
                     ExplorerConnectDialog *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autofree char *path = file != NULL ? g_file_get_path (file) : NULL;

      if (path != NULL)
        {
          g_autofree char *address = g_strconcat ("unix:", path, NULL);

          gtk_editable_set_text (GTK_EDITABLE (self->address_row), address);
          gtk_editable_set_position (GTK_EDITABLE (self->address_row), -1);
        }
    }

  g_clear_object (&self->chooser);
}

static void
on_pick_clicked (ExplorerConnectDialog *self)
{
  g_autoptr(GFile) run = g_file_new_for_path ("/run");

  if (self->chooser != NULL)
    return;

  self->chooser = GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (_("Choose a Socket File"),
                                                                  GTK_WINDOW (self),
                                                                  GTK_FILE_CHOOSER_ACTION_OPEN,
                                                                  _("_Choose"), _("_Cancel")));
  gtk_native_dialog_set_modal (self->chooser, TRUE);
  gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (self->chooser), run, NULL);
  g_signal_connect_object (self->chooser, "response", G_CALLBACK (on_chooser_response), self, 0);
  gtk_native_dialog_show (self->chooser);
}

static void
on_example_activated (AdwActionRow          *row,
                      ExplorerConnectDialog *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->address_row),
                         adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
  gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
  gtk_editable_set_position (GTK_EDITABLE (self->address_row), -1);
}

static void
explorer_connect_dialog_dispose (GObject *object)
{
  ExplorerConnectDialog *self = EXPLORER_CONNECT_DIALOG (object);

  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);

  gtk_widget_dispose_template (GTK_WIDGET (self), EXPLORER_TYPE_CONNECT_DIALOG);

  G_OBJECT_CLASS (explorer_connect_dialog_parent_class)->dispose (object);
}

static void
explorer_connect_dialog_finalize (GObject *object)
{
  ExplorerConnectDialog *self = EXPLORER_CONNECT_DIALOG (object);

  g_clear_pointer (&self->address, varlink_address_unref);

  G_OBJECT_CLASS (explorer_connect_dialog_parent_class)->finalize (object);
}

static void
explorer_connect_dialog_class_init (ExplorerConnectDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = explorer_connect_dialog_dispose;
  object_class->finalize = explorer_connect_dialog_finalize;

  signals[CONNECT] =
    g_signal_new ("connect", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/varlinkexplorer/"
                                               "VarlinkExplorer/explorer-connect-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, ExplorerConnectDialog, connect_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerConnectDialog, address_row);
  gtk_widget_class_bind_template_child (widget_class, ExplorerConnectDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerConnectDialog, note_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerConnectDialog, examples_group);
  gtk_widget_class_bind_template_callback (widget_class, on_address_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_connect_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_pick_clicked);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
explorer_connect_dialog_init (ExplorerConnectDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  for (guint i = 0; i < G_N_ELEMENTS (examples); i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), examples[i].address);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), _(examples[i].what));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      g_signal_connect_object (row, "activated", G_CALLBACK (on_example_activated), self, 0);
      adw_preferences_group_add (self->examples_group, row);
    }

  gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
}

ExplorerConnectDialog *
explorer_connect_dialog_new (GtkWindow *parent)
{
  return g_object_new (EXPLORER_TYPE_CONNECT_DIALOG,
                       "transient-for", parent,
                       NULL);
}

void
explorer_connect_dialog_set_text (ExplorerConnectDialog *self,
                                  const char            *text)
{
  g_return_if_fail (EXPLORER_IS_CONNECT_DIALOG (self));

  gtk_editable_set_text (GTK_EDITABLE (self->address_row), text ? text : "");
}

const char *
explorer_connect_dialog_get_error (ExplorerConnectDialog *self)
{
  g_return_val_if_fail (EXPLORER_IS_CONNECT_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_text (self->error_label) : NULL;
}

const char *
explorer_connect_dialog_get_note (ExplorerConnectDialog *self)
{
  g_return_val_if_fail (EXPLORER_IS_CONNECT_DIALOG (self), NULL);

  return gtk_widget_get_visible (GTK_WIDGET (self->note_label))
         ? gtk_label_get_text (self->note_label) : NULL;
}

gboolean
explorer_connect_dialog_can_connect (ExplorerConnectDialog *self)
{
  g_return_val_if_fail (EXPLORER_IS_CONNECT_DIALOG (self), FALSE);

  return self->address != NULL;
}

gboolean
explorer_connect_dialog_connect (ExplorerConnectDialog *self)
{
  g_autofree char *address = NULL;

  g_return_val_if_fail (EXPLORER_IS_CONNECT_DIALOG (self), FALSE);

  if (self->address == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return FALSE;
    }

  address = g_strdup (varlink_address_to_string (self->address));
  g_signal_emit (self, signals[CONNECT], 0, address);
  gtk_window_close (GTK_WINDOW (self));

  return TRUE;
}
