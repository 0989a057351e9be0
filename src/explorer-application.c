/* explorer-application.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "varlink.h"

#include "explorer-application.h"
#include "explorer-window.h"

struct _ExplorerApplication
{
  AdwApplication parent_instance;
};

G_DEFINE_FINAL_TYPE (ExplorerApplication, explorer_application, ADW_TYPE_APPLICATION)

static gboolean
validate_one (const char *file)
{
  g_autofree char *text = NULL;
  g_autofree char *display = g_filename_display_name (file);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  gsize length = 0;
  gboolean valid = TRUE;

  if (!g_file_get_contents (file, &text, &length, &error))
    {
      /* The error names the file again, and why it cannot be read. */
      g_printerr ("%s: error: %s\n", display, error->message);
      return FALSE;
    }

  diagnostics = varlink_interface_validate (text, length, VARLINK_PARSE_STRICT);
  g_ptr_array_set_free_func (diagnostics, (GDestroyNotify) varlink_diagnostic_free);

  for (guint i = 0; i < diagnostics->len; i++)
    {
      const VarlinkDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      /* "error" and "warning" stay untranslated: editors match them, as for GCC. */
      g_printerr ("%s:%u:%u: %s: %s\n", display, diagnostic->line, diagnostic->column,
                  diagnostic->warning ? "warning" : "error", diagnostic->message);
      if (!diagnostic->warning)
        valid = FALSE;
    }

  return valid;
}

int
explorer_validate_idl_files (const char * const *files)
{
  gboolean valid = TRUE;

  if (files == NULL || files[0] == NULL)
    {
      g_printerr ("%s\n", _("--validate-idl needs at least one interface file."));
      return 1;
    }

  for (guint i = 0; files[i] != NULL; i++)
    {
      if (!validate_one (files[i]))
        valid = FALSE;
    }

  return valid ? 0 : 1;
}

/* Runs before GTK opens a display, so --validate-idl works without one. */
static int
explorer_application_handle_local_options (GApplication *application,
                                           GVariantDict *options)
{
  g_autofree const char **files = NULL;

  if (g_variant_dict_contains (options, "version"))
    {
      g_print ("%s %s\n", "varlink-explorer", PACKAGE_VERSION);
      return 0;
    }

  if (!g_variant_dict_contains (options, "validate-idl"))
    return -1;

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &files);
  return explorer_validate_idl_files (files);
}

static ExplorerWindow *
explorer_application_new_window (ExplorerApplication *self)
{
  ExplorerWindow *window = explorer_window_new (GTK_APPLICATION (self));

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static void
explorer_application_activate (GApplication *application)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (application));

  if (window != NULL)
    gtk_window_present (window);
  else
    explorer_application_new_window (EXPLORER_APPLICATION (application));
}

static int
explorer_application_command_line (GApplication            *application,
                                   GApplicationCommandLine *command_line)
{
  ExplorerApplication *self = EXPLORER_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  g_autofree const char **addresses = NULL;

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &addresses);

  if (addresses == NULL || addresses[0] == NULL)
    {
      g_application_activate (application);
      return 0;
    }

  for (guint i = 0; addresses[i] != NULL; i++)
    {
      ExplorerWindow *window = explorer_application_new_window (self);

      explorer_window_open_address (window, addresses[i]);
    }

  return 0;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  ExplorerApplication *self = user_data;
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  const char *developers[] = { _("The Varlink Explorer authors"), NULL };

  adw_show_about_window (window,
                         "application-name", _("Varlink Explorer"),
                         "application-icon", APPLICATION_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Discover Varlink services, read their interfaces, "
                                       "and call their methods"),
                         "developers", developers,
                         "copyright", "© 2026 The Varlink Explorer authors",
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "quit", .activate = quit_action },
};

static void
explorer_application_startup (GApplication *application)
{
  const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (explorer_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  gtk_application_set_accels_for_action (GTK_APPLICATION (application), "app.quit", quit_accels);
}

static void
explorer_application_class_init (ExplorerApplicationClass *klass)
{
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  application_class->handle_local_options = explorer_application_handle_local_options;
  application_class->activate = explorer_application_activate;
  application_class->command_line = explorer_application_command_line;
  application_class->startup = explorer_application_startup;
}

static void
explorer_application_init (ExplorerApplication *self)
{
  const GOptionEntry entries[] = {
    { "validate-idl", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Check the interface description FILEs strictly, print each problem, and exit"),
      NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, NULL,
      N_("Print the version and exit"), NULL },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[ADDRESS…] | --validate-idl FILE…"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open the Varlink service at each ADDRESS, for "
                                              "example unix:/run/example.socket, "
                                              "tcp:localhost:1234 or exec:/usr/libexec/service.\n"
                                              "With --validate-idl, check interface files "
                                              "instead and print FILE:LINE:COLUMN: error: "
                                              "TEXT for each problem."));
}

ExplorerApplication *
explorer_application_new (void)
{
  return g_object_new (EXPLORER_TYPE_APPLICATION,
                       "application-id", APPLICATION_ID,
                       "flags", G_APPLICATION_HANDLES_COMMAND_LINE,
                       "resource-base-path", "/io/github/varlinkexplorer/VarlinkExplorer",
                       NULL);
}
