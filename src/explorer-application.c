/* explorer-application.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <glib/gi18n.h>

#include "varlink.h"

#include "explorer-application.h"
#include "explorer-preferences-window.h"
#include "explorer-window-private.h"

struct _ExplorerApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;   /* NULL when the schema is not installed */
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
  const char *bridge = NULL;

  /* `bridge:pkexec varlink-explorer --bridge ADDRESS` opens a service that only answers
   * root: this process runs as root and carries standard input and output to it. */
  if (g_variant_dict_lookup (options, "bridge", "&s", &bridge))
    {
      g_autoptr(GError) error = NULL;

      /* The app at the other end may go away first; that ends the bridge, not with a signal. */
      signal (SIGPIPE, SIG_IGN);
      if (!varlink_bridge_run (bridge, STDIN_FILENO, STDOUT_FILENO, &error))
        {
          g_printerr ("varlink-explorer --bridge: %s\n", error->message);
          return 1;
        }
      return 0;
    }

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

/* One part of a dotted name: letters and digits, with hyphens only inside. */
static gboolean
is_name_part (const char *part,
              gboolean    first)
{
  gsize length = strlen (part);

  if (length == 0 || part[length - 1] == '-' ||
      !(first ? g_ascii_isalpha (part[0]) : g_ascii_isalnum (part[0])))
    return FALSE;

  for (gsize i = 0; i < length; i++)
    {
      if (!g_ascii_isalnum (part[i]) && part[i] != '-')
        return FALSE;
    }

  return TRUE;
}

/* INTERFACE or INTERFACE.Member: a dotted name of at least two parts. */
static gboolean
looks_like_target (const char *text)
{
  g_auto(GStrv) parts = g_strsplit (text, ".", -1);

  if (g_strv_length (parts) < 2)
    return FALSE;

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (!is_name_part (parts[i], i == 0))
        return FALSE;
    }

  return TRUE;
}

/* The local file an address names, whose existence can settle where a location splits:
 * a unix socket, or a program run by exec: without arguments (with arguments, the target
 * could only be written after them, so there is nothing to check). */
static const char *
local_path (VarlinkAddress *address)
{
  const char * const *argv;

  switch (varlink_address_get_kind (address))
    {
    case VARLINK_ADDRESS_UNIX:
      return varlink_address_get_path (address);

    case VARLINK_ADDRESS_EXEC:
      argv = varlink_address_get_argv (address);
      return argv != NULL && argv[0] != NULL && argv[1] == NULL ? argv[0] : NULL;

    case VARLINK_ADDRESS_ABSTRACT:
    case VARLINK_ADDRESS_TCP:
    case VARLINK_ADDRESS_SSH_UNIX:
    case VARLINK_ADDRESS_SSH_EXEC:
    case VARLINK_ADDRESS_BRIDGE:
    default:
      return NULL;
    }
}

/* The rule. A location is ADDRESS or ADDRESS/TARGET, where TARGET is INTERFACE or
 * INTERFACE.Member: a dotted name of at least two parts, without '/'. So only the text after
 * the last '/' can be a target, and only when the text before it is an address. Unix paths
 * contain '/' too, and socket files are often named after their interface
 * (/run/systemd/io.systemd.Hostname, the registry directories), so when the whole location
 * names a local file (see local_path()):
 *  - the whole location is the address when that file exists;
 *  - otherwise the location is split only when the file before the '/' exists; when neither
 *    exists there is nothing to go on, and the whole location is kept, so that the error
 *    names the path as it was typed.
 * Other addresses (tcp:, abstract, ssh, bridge, exec with arguments) are split whenever the
 * text after the last '/' looks like a target. At most two existence checks, at startup. */
gboolean
explorer_split_location (const char              *location,
                         ExplorerFileExistsFunc   exists,
                         gpointer                 user_data,
                         char                   **address,
                         char                   **target)
{
  const char *slash;
  const char *whole_path, *before_path;
  g_autofree char *before = NULL;
  g_autoptr(VarlinkAddress) whole_address = NULL;
  g_autoptr(VarlinkAddress) before_address = NULL;

  g_return_val_if_fail (location != NULL, FALSE);
  g_return_val_if_fail (exists != NULL, FALSE);
  g_return_val_if_fail (address != NULL && target != NULL, FALSE);

  *address = NULL;
  *target = NULL;

  slash = strrchr (location, '/');
  if (slash == NULL || slash == location || !looks_like_target (slash + 1))
    goto whole;

  before = g_strndup (location, slash - location);
  before_address = varlink_address_parse (before, NULL);
  if (before_address == NULL)
    goto whole;

  whole_address = varlink_address_parse (location, NULL);
  whole_path = whole_address != NULL ? local_path (whole_address) : NULL;
  if (whole_path != NULL)
    {
      if (exists (whole_path, user_data))
        goto whole;

      before_path = local_path (before_address);
      if (before_path == NULL || !exists (before_path, user_data))
        goto whole;
    }

  *address = g_steal_pointer (&before);
  *target = g_strdup (slash + 1);
  return TRUE;

whole:
  *address = g_strdup (location);
  return FALSE;
}

static gboolean
file_exists (const char *path,
             gpointer    user_data)
{
  /* A directory is never the service: /run/systemd exists on every machine with systemd. */
  return g_file_test (path, G_FILE_TEST_EXISTS) && !g_file_test (path, G_FILE_TEST_IS_DIR);
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

/* A place to go to once its service has been read. */
typedef struct {
  GWeakRef  window;
  GWeakRef  service;
  char     *name;
} Target;

static Target *
target_new (ExplorerWindow  *window,
            ExplorerService *service,
            const char      *name)
{
  Target *target = g_new0 (Target, 1);

  g_weak_ref_init (&target->window, window);
  g_weak_ref_init (&target->service, service);
  target->name = g_strdup (name);
  return target;
}

static void
target_free (gpointer data)
{
  Target *target = data;

  g_weak_ref_clear (&target->window);
  g_weak_ref_clear (&target->service);
  g_free (target->name);
  g_free (target);
}

static gboolean
go_to_target (gpointer data)
{
  Target *target = data;
  g_autoptr(ExplorerWindow) window = g_weak_ref_get (&target->window);
  g_autoptr(ExplorerService) service = g_weak_ref_get (&target->service);
  g_autofree char *escaped = NULL;

  /* Nothing to do when the window is gone, or the person chose another service meanwhile. */
  if (window == NULL || service == NULL || explorer_window_get_service (window) != service ||
      explorer_service_get_state (service) != EXPLORER_SERVICE_STATE_READY)
    return G_SOURCE_REMOVE;

  if (!explorer_window_select (window, target->name))
    {
      /* A toast's title is markup, and the name is what was typed. */
      escaped = g_markup_escape_text (target->name, -1);
      explorer_window_add_toast (window,
                                 adw_toast_new_format (_("The service has no interface or "
                                                         "member named “%s”"), escaped));
    }

  return G_SOURCE_REMOVE;
}

static void
on_target_service_state (ExplorerService *service,
                         GParamSpec      *pspec,
                         Target          *target)
{
  ExplorerServiceState state = explorer_service_get_state (service);
  g_autoptr(ExplorerWindow) window = NULL;

  if (state == EXPLORER_SERVICE_STATE_IDLE || state == EXPLORER_SERVICE_STATE_CONNECTING)
    return;

  /* From idle, once every handler of this change (the window's among them) has run; a
   * service that failed shows why on its own page. */
  window = g_weak_ref_get (&target->window);
  if (state == EXPLORER_SERVICE_STATE_READY && window != NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, go_to_target,
                     target_new (window, service, target->name), target_free);

  g_signal_handlers_disconnect_by_func (service, on_target_service_state, target);
}

static void
open_location (ExplorerWindow *window,
               const char     *location)
{
  g_autofree char *address = NULL;
  g_autofree char *name = NULL;
  ExplorerService *service;
  ExplorerServiceState state;

  explorer_split_location (location, file_exists, NULL, &address, &name);
  explorer_window_open_address (window, address);

  service = explorer_window_get_service (window);
  if (name == NULL || service == NULL)
    return;

  state = explorer_service_get_state (service);
  if (state == EXPLORER_SERVICE_STATE_IDLE || state == EXPLORER_SERVICE_STATE_CONNECTING)
    g_signal_connect_data (service, "notify::state", G_CALLBACK (on_target_service_state),
                           target_new (window, service, name), (GClosureNotify) target_free, 0);
  else
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, go_to_target, target_new (window, service, name),
                     target_free);
}

static int
explorer_application_command_line (GApplication            *application,
                                   GApplicationCommandLine *command_line)
{
  ExplorerApplication *self = EXPLORER_APPLICATION (application);
  GVariantDict *options = g_application_command_line_get_options_dict (command_line);
  const char *cwd = g_application_command_line_get_cwd (command_line);
  g_autofree const char **locations = NULL;

  g_variant_dict_lookup (options, G_OPTION_REMAINING, "^a&ay", &locations);

  if (locations == NULL || locations[0] == NULL)
    {
      g_application_activate (application);
      return 0;
    }

  for (guint i = 0; locations[i] != NULL; i++)
    {
      GtkWindow *active = gtk_application_get_active_window (GTK_APPLICATION (self));
      ExplorerWindow *window;
      g_autofree char *absolute = NULL;
      const char *location = locations[i];

      /* The window in front may be a dialog (About, Connect): its main window then. */
      if (active != NULL && !EXPLORER_IS_WINDOW (active))
        active = gtk_window_get_transient_for (active);

      /* The first place opens in the window in front, each further one in a window of its
       * own, so that every place asked for stays in view. */
      if (i == 0 && active != NULL && EXPLORER_IS_WINDOW (active))
        {
          window = EXPLORER_WINDOW (active);
          gtk_window_present (active);
        }
      else
        {
          window = explorer_application_new_window (self);
        }

      /* A relative socket path is relative to where the command ran, not to this process. */
      if (strchr (location, ':') == NULL && !g_path_is_absolute (location) && cwd != NULL)
        location = absolute = g_build_filename (cwd, location, NULL);

      open_location (window, location);
    }

  return 0;
}

/* The window dialogs belong to: the main window, also when a dialog is in front. */
static GtkWindow *
get_main_window (ExplorerApplication *self)
{
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));

  if (window != NULL && !EXPLORER_IS_WINDOW (window) &&
      gtk_window_get_transient_for (window) != NULL)
    window = gtk_window_get_transient_for (window);

  return window;
}

static void
about_action (GSimpleAction *action,
              GVariant      *parameter,
              gpointer       user_data)
{
  ExplorerApplication *self = user_data;
  const char *developers[] = { _("The Varlink Explorer authors"), NULL };
  AdwAboutWindow *about;

  /* No website or issue tracker: the project has no public home yet. */
  about = ADW_ABOUT_WINDOW (adw_about_window_new ());
  gtk_window_set_transient_for (GTK_WINDOW (about), get_main_window (self));
  gtk_window_set_modal (GTK_WINDOW (about), TRUE);
  g_object_set (about,
                "application-name", _("Varlink Explorer"),
                "application-icon", APPLICATION_ID,
                "version", PACKAGE_VERSION,
                "developer-name", _("The Varlink Explorer authors"),
                "comments", _("Discover Varlink services, read their interfaces, call their "
                              "methods, and watch what they send back."),
                "developers", developers,
                "copyright", _("© 2026 The Varlink Explorer authors"),
                "license-type", GTK_LICENSE_GPL_3_0,
                "translator-credits", _("translator-credits"),
                NULL);
  adw_about_window_add_link (about, _("The Varlink Protocol"), "https://varlink.org");
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_action (GSimpleAction *action,
                    GVariant      *parameter,
                    gpointer       user_data)
{
  ExplorerApplication *self = user_data;
  GtkWindow *window;

  if (self->settings == NULL)
    return;

  window = explorer_preferences_window_new (self->settings, get_main_window (self));
  gtk_window_present (window);
}

static void
new_window_action (GSimpleAction *action,
                   GVariant      *parameter,
                   gpointer       user_data)
{
  explorer_application_new_window (EXPLORER_APPLICATION (user_data));
}

static void
quit_action (GSimpleAction *action,
             GVariant      *parameter,
             gpointer       user_data)
{
  /* Quitting closes no window, so none would save its size otherwise. */
  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (user_data)); l; l = l->next)
    {
      if (EXPLORER_IS_WINDOW (l->data))
        explorer_window_save_state (l->data);
    }

  g_application_quit (G_APPLICATION (user_data));
}

static const GActionEntry app_actions[] = {
  { .name = "about", .activate = about_action },
  { .name = "preferences", .activate = preferences_action },
  { .name = "new-window", .activate = new_window_action },
  { .name = "quit", .activate = quit_action },
};

/* Listed in gtk/help-overlay.ui too; test-preferences checks that it lists every one. */
static const struct {
  const char *action;
  const char *accel;
} app_accels[] = {
  { "app.quit", "<Control>q" },
  { "app.preferences", "<Control>comma" },
  { "app.new-window", "<Control>n" },
};

static void
apply_color_scheme (ExplorerApplication *self)
{
  AdwColorScheme scheme;

  switch (g_settings_get_enum (self->settings, "color-scheme"))
    {
    case EXPLORER_COLOR_SCHEME_LIGHT:
      scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
      break;
    case EXPLORER_COLOR_SCHEME_DARK:
      scheme = ADW_COLOR_SCHEME_FORCE_DARK;
      break;
    case EXPLORER_COLOR_SCHEME_DEFAULT:
    default:
      scheme = ADW_COLOR_SCHEME_DEFAULT;
      break;
    }

  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static void
on_color_scheme_changed (GSettings           *settings,
                         const char          *key,
                         ExplorerApplication *self)
{
  apply_color_scheme (self);
}

static void
explorer_application_startup (GApplication *application)
{
  ExplorerApplication *self = EXPLORER_APPLICATION (application);
  GAction *preferences;

  G_APPLICATION_CLASS (explorer_application_parent_class)->startup (application);

  g_action_map_add_action_entries (G_ACTION_MAP (application), app_actions,
                                   G_N_ELEMENTS (app_actions), application);
  for (guint i = 0; i < G_N_ELEMENTS (app_accels); i++)
    {
      const char *accels[] = { app_accels[i].accel, NULL };

      gtk_application_set_accels_for_action (GTK_APPLICATION (application),
                                             app_accels[i].action, accels);
    }

  /* Without the schema (run from the build tree) there is nothing to set. */
  self->settings = explorer_settings_new ();
  preferences = g_action_map_lookup_action (G_ACTION_MAP (application), "preferences");
  g_simple_action_set_enabled (G_SIMPLE_ACTION (preferences), self->settings != NULL);
  if (self->settings != NULL)
    {
      g_signal_connect_object (self->settings, "changed::color-scheme",
                               G_CALLBACK (on_color_scheme_changed), self, 0);
      apply_color_scheme (self);
    }
}

static void
explorer_application_shutdown (GApplication *application)
{
  ExplorerApplication *self = EXPLORER_APPLICATION (application);

  G_APPLICATION_CLASS (explorer_application_parent_class)->shutdown (application);

  /* What the last windows saved reaches the disk before the process ends. */
  g_settings_sync ();
  g_clear_object (&self->settings);
}

static void
explorer_application_finalize (GObject *object)
{
  ExplorerApplication *self = EXPLORER_APPLICATION (object);

  g_clear_object (&self->settings);

  G_OBJECT_CLASS (explorer_application_parent_class)->finalize (object);
}

static void
explorer_application_class_init (ExplorerApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *application_class = G_APPLICATION_CLASS (klass);

  object_class->finalize = explorer_application_finalize;
  application_class->shutdown = explorer_application_shutdown;
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
    { "bridge", 0, 0, G_OPTION_ARG_STRING, NULL,
      N_("Connect to the service at ADDRESS and carry the connection over standard input "
         "and output (for bridge: addresses, e.g. through pkexec)"),
      N_("ADDRESS") },
    { G_OPTION_REMAINING, 0, 0, G_OPTION_ARG_FILENAME_ARRAY, NULL, NULL, NULL },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), entries);
  g_application_set_option_context_parameter_string (G_APPLICATION (self),
                                                     _("[LOCATION…] | --validate-idl FILE…"));
  g_application_set_option_context_summary (G_APPLICATION (self),
                                            _("Open each LOCATION, in the running window if "
                                              "there is one. A LOCATION is one of:\n"
                                              "  ADDRESS                   the service\n"
                                              "  ADDRESS/INTERFACE         one of its "
                                              "interfaces\n"
                                              "  ADDRESS/INTERFACE.Member  a method, type or "
                                              "error\n"
                                              "An ADDRESS is unix:/run/example.socket (or just "
                                              "the path), unix:@abstract, tcp:localhost:1234, "
                                              "exec:/usr/libexec/service, "
                                              "ssh-unix:host:/run/example.socket, "
                                              "ssh-exec:host:COMMAND or bridge:COMMAND; "
                                              "for example:\n"
                                              "  varlink-explorer unix:/run/systemd/"
                                              "io.systemd.Hostname/"
                                              "io.systemd.Hostname.Describe\n"
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
