/* test-application.c: the command line: how a location splits into address and target,
 * --help, and a second invocation opening its place in the running instance (needs a display
 * and a session bus: run under xvfb-run and dbus-run-session).
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "explorer-application.h"
#include "explorer-tree-item.h"
#include "explorer-window-private.h"
#include "explorer-test-util.h"

/* ---- the splitter ---- */

static gboolean
exists_in (const char *path,
           gpointer    user_data)
{
  const char * const *existing = user_data;

  return existing != NULL && g_strv_contains (existing, path);
}

typedef struct {
  const char *location;
  const char *existing[3];
  const char *address;
  const char *target;
} SplitCase;

static void
test_split (void)
{
  const SplitCase cases[] = {
    /* No target. */
    { "unix:/run/example.socket", { NULL }, "unix:/run/example.socket", NULL },
    { "/run/example.socket", { NULL }, "/run/example.socket", NULL },
    { "tcp:localhost:1234", { NULL }, "tcp:localhost:1234", NULL },
    /* Socket files named after their interface: the existing file decides. */
    { "unix:/run/systemd/io.systemd.Hostname/io.systemd.Hostname.Describe",
      { "/run/systemd/io.systemd.Hostname" },
      "unix:/run/systemd/io.systemd.Hostname", "io.systemd.Hostname.Describe" },
    { "unix:/run/systemd/io.systemd.Hostname/io.systemd.Hostname",
      { "/run/systemd/io.systemd.Hostname" },
      "unix:/run/systemd/io.systemd.Hostname", "io.systemd.Hostname" },
    { "unix:/run/systemd/io.systemd.Hostname", { "/run/systemd/io.systemd.Hostname" },
      "unix:/run/systemd/io.systemd.Hostname", NULL },
    /* The socket file itself exists, even though the part before it would too. */
    { "unix:/run/a/org.example.B", { "/run/a", "/run/a/org.example.B" },
      "unix:/run/a/org.example.B", NULL },
    /* Neither exists: what was typed stays whole, and its error names it. */
    { "unix:/run/systemd/io.systemd.Hostname", { NULL },
      "unix:/run/systemd/io.systemd.Hostname", NULL },
    { "unix:/run/x/io.systemd.Hostname/io.systemd.Hostname.Describe", { NULL },
      "unix:/run/x/io.systemd.Hostname/io.systemd.Hostname.Describe", NULL },
    /* A bare path is a unix address. */
    { "/run/example.socket/org.example.Foo.Bar", { "/run/example.socket" },
      "/run/example.socket", "org.example.Foo.Bar" },
    /* A program without arguments is a file too. */
    { "exec:/usr/libexec/demo/org.example.demo.Count", { "/usr/libexec/demo" },
      "exec:/usr/libexec/demo", "org.example.demo.Count" },
    { "exec:/usr/libexec/demo", { "/usr/libexec/demo" }, "exec:/usr/libexec/demo", NULL },
    /* Addresses that name no local file split on the name alone. */
    { "tcp:localhost:1234/org.example.Foo", { NULL }, "tcp:localhost:1234", "org.example.Foo" },
    { "tcp:[::1]:1234/org.example.Foo.Method", { NULL }, "tcp:[::1]:1234",
      "org.example.Foo.Method" },
    { "unix:@abstract/org.example.Foo", { NULL }, "unix:@abstract", "org.example.Foo" },
    { "ssh-unix:host:/run/x.socket/io.systemd.Foo.Bar", { NULL }, "ssh-unix:host:/run/x.socket",
      "io.systemd.Foo.Bar" },
    /* Not an interface name after the slash. */
    { "unix:/run/x.socket/notaninterface", { "/run/x.socket" },
      "unix:/run/x.socket/notaninterface", NULL },
    { "unix:/run/x.socket/org..Foo", { "/run/x.socket" }, "unix:/run/x.socket/org..Foo", NULL },
    { "unix:/run/x.socket/-org.Foo", { "/run/x.socket" }, "unix:/run/x.socket/-org.Foo", NULL },
    { "unix:/run/x.socket/org-.Foo", { "/run/x.socket" }, "unix:/run/x.socket/org-.Foo", NULL },
    { "unix:/run/x.socket/1org.Foo", { "/run/x.socket" }, "unix:/run/x.socket/1org.Foo", NULL },
    { "unix:/run/x.socket/org.Foo/", { "/run/x.socket" }, "unix:/run/x.socket/org.Foo/", NULL },
    { "unix:/run/x.socket/org.Foo.", { "/run/x.socket" }, "unix:/run/x.socket/org.Foo.", NULL },
    /* Nothing that is an address before the slash. */
    { "unix:/org.example.Foo", { NULL }, "unix:/org.example.Foo", NULL },
    { "/org.example.Foo", { NULL }, "/org.example.Foo", NULL },
    { "nonsense:what/org.example.Foo", { NULL }, "nonsense:what/org.example.Foo", NULL },
    { "", { NULL }, "", NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const SplitCase *c = &cases[i];
      g_autofree char *address = NULL;
      g_autofree char *target = NULL;
      gboolean split;

      split = explorer_split_location (c->location, exists_in, (gpointer) c->existing,
                                       &address, &target);
      g_test_message ("%s → %s + %s", c->location, address, target ? target : "(none)");
      g_assert_cmpstr (address, ==, c->address);
      g_assert_cmpstr (target, ==, c->target);
      g_assert_true (split == (c->target != NULL));
    }
}

/* ---- the program ---- */

static char *
program_path (void)
{
  g_autofree char *path = g_test_build_filename (G_TEST_BUILT, "..", "src", "varlink-explorer",
                                                 NULL);

  /* Absolute: the program also runs from other directories. */
  return g_canonicalize_filename (path, NULL);
}

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
on_exited (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_finish (G_SUBPROCESS (object), result, &error);
  g_assert_no_error (error);
  *(gboolean *) user_data = TRUE;
}

/* Runs the program with args from cwd (NULL: here) while this process's main loop keeps
 * running: it may be the primary instance the program talks to. Returns its exit status;
 * stdout goes to out when not NULL. */
static int
run_program (const char         *cwd,
             const char * const *args,
             char              **out)
{
  g_autofree char *program = program_path ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) process = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  gint64 end = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  gboolean exited = FALSE;
  guint wake_id;

  g_ptr_array_add (argv, program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (out != NULL ? G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                                    : G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_set_cwd (launcher, cwd);
  process = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  if (out != NULL)
    {
      /* --help output is small: it fits in the pipe, so reading after the exit is fine. */
      g_subprocess_communicate_utf8 (process, NULL, NULL, out, NULL, &error);
      g_assert_no_error (error);
      exited = TRUE;
    }
  else
    {
      wake_id = g_timeout_add (50, wake_up, NULL);
      g_subprocess_wait_async (process, NULL, on_exited, &exited);
      while (!exited && g_get_monotonic_time () < end)
        g_main_context_iteration (NULL, TRUE);
      g_source_remove (wake_id);
    }

  g_assert_true (exited);
  g_assert_true (g_subprocess_get_if_exited (process));
  return g_subprocess_get_exit_status (process);
}

static void
test_help (void)
{
  g_autofree char *out = NULL;
  const char *args[] = { "--help", NULL };

  g_assert_cmpint (run_program (NULL, args, &out), ==, 0);
  g_test_message ("%s", out);
  g_assert_nonnull (strstr (out, "ADDRESS/INTERFACE "));
  g_assert_nonnull (strstr (out, "ADDRESS/INTERFACE.Member"));
  g_assert_nonnull (strstr (out, "--validate-idl"));
}

static void
iterate_until (gboolean (*done) (gpointer),
               gpointer   data,
               guint      deadline_s)
{
  gint64 end = g_get_monotonic_time () + deadline_s * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (50, wake_up, NULL);

  while (!done (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake_id);
}

static gboolean
has_content (gpointer data)
{
  g_autofree char *text = explorer_window_dup_content_text (data);

  return text != NULL;
}

typedef struct {
  GtkWidget  *window;
  const char *text;
} LabelWait;

static gboolean
label_shown (gpointer data)
{
  LabelWait *wait = data;

  return explorer_test_find_label (wait->window, wait->text);
}

static void
on_clipboard_text (GObject      *object,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  char **text = user_data;
  g_autoptr(GError) error = NULL;

  *text = gdk_clipboard_read_text_finish (GDK_CLIPBOARD (object), result, &error);
  g_assert_no_error (error);
}

static gboolean
is_set (gpointer data)
{
  return *(char **) data != NULL;
}

/* Activates a copy action and returns what it put on the clipboard. */
static char *
copy_with (ExplorerWindow *window,
           const char     *action)
{
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (window));
  char *text = NULL;

  gdk_clipboard_set_text (clipboard, "");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), action, NULL));
  gdk_clipboard_read_text_async (clipboard, NULL, on_clipboard_text, &text);
  iterate_until (is_set, &text, 5);
  g_assert_nonnull (text);
  return text;
}

static gboolean
action_state (ExplorerWindow *window,
              const char     *name)
{
  g_autoptr(GVariant) state = g_action_group_get_action_state (G_ACTION_GROUP (window), name);

  g_assert_nonnull (state);
  return g_variant_get_boolean (state);
}

static gboolean
action_enabled (ExplorerWindow *window,
                const char     *name)
{
  return g_action_group_get_action_enabled (G_ACTION_GROUP (window), name);
}

/* Whether the window has a shortcut from trigger (as gtk_shortcut_trigger_to_string writes
 * it) to the named action. */
static gboolean
has_shortcut (ExplorerWindow *window,
              const char     *trigger,
              const char     *action)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (GTK_WIDGET (window));

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GObject) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *text = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));
          GtkShortcutAction *named = gtk_shortcut_get_action (shortcut);

          if (g_strcmp0 (text, trigger) == 0 && GTK_IS_NAMED_ACTION (named) &&
              g_strcmp0 (gtk_named_action_get_action_name (GTK_NAMED_ACTION (named)), action) == 0)
            return TRUE;
        }
    }

  return FALSE;
}

/* This process is the running instance; the program, started as a person would start it a
 * second time, hands its command line over and exits. */
static void
test_remote (void)
{
  const char *demo = g_getenv ("VARLINK_EXPLORER_DEMO");
  g_autoptr(ExplorerApplication) application = explorer_application_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *location = NULL;
  g_autofree char *missing = NULL;
  g_autofree char *address = NULL;
  g_autofree char *text = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GSocket) socket = NULL;
  GList *windows;
  ExplorerWindow *window;
  ExplorerService *service;
  ExplorerDiscovery *discovery;
  LabelWait wait;

  g_assert_nonnull (demo);
  address = g_strconcat ("exec:", demo, NULL);

  g_assert_true (g_application_register (G_APPLICATION (application), NULL, &error));
  g_assert_no_error (error);
  if (g_application_get_is_remote (G_APPLICATION (application)))
    {
      g_test_message ("Varlink Explorer already runs on this session bus: run the test under "
                      "dbus-run-session");
      g_assert_not_reached ();
    }
  g_application_hold (G_APPLICATION (application));

  /* ADDRESS/INTERFACE.Member: the method is selected once the service has been read. */
  location = g_strconcat (address, "/org.example.demo.Count", NULL);
  g_assert_cmpint (run_program (NULL, (const char *[]) { location, NULL }, NULL), ==, 0);

  windows = gtk_application_get_windows (GTK_APPLICATION (application));
  g_assert_cmpuint (g_list_length (windows), ==, 1);
  window = EXPLORER_WINDOW (windows->data);
  /* Nothing to copy or bookmark before the service is there. */
  g_assert_false (action_enabled (window, "copy-description"));
  g_assert_true (has_shortcut (window, "<Shift><Control>c", "win.copy-address"));
  g_assert_true (has_shortcut (window, "<Control>d", "win.bookmark-service"));
  service = explorer_window_get_service (window);
  g_assert_nonnull (service);
  g_assert_cmpstr (explorer_service_get_address (service), ==, address);

  iterate_until (has_content, window, 20);
  g_assert_cmpint (explorer_service_get_state (service), ==, EXPLORER_SERVICE_STATE_READY);
  text = explorer_window_dup_content_text (window);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "method Count("));

  /* The actions on what the window shows. */
  g_clear_pointer (&text, g_free);
  text = copy_with (window, "win.copy-address");
  g_assert_cmpstr (text, ==, address);
  wait.window = GTK_WIDGET (window);
  wait.text = "Address copied";
  iterate_until (label_shown, &wait, 5);
  g_assert_true (label_shown (&wait));

  g_clear_pointer (&text, g_free);
  text = copy_with (window, "win.copy-description");
  /* Verbatim: the demo sends its interface file as it is. */
  g_file_get_contents (g_test_get_filename (G_TEST_DIST, "..", "src", "demo",
                                            "org.example.demo.varlink", NULL),
                       &expected, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (text, ==, expected);

  g_assert_true (action_enabled (window, "bookmark-service"));
  g_assert_false (action_state (window, "bookmark-service"));
  discovery = explorer_sidebar_get_discovery (explorer_window_get_sidebar (window));
  g_assert_false (explorer_discovery_is_bookmarked (discovery, address));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark-service", NULL));
  g_assert_true (action_state (window, "bookmark-service"));
  g_assert_true (explorer_discovery_is_bookmarked (discovery, address));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.bookmark-service", NULL));
  g_assert_false (action_state (window, "bookmark-service"));
  g_assert_false (explorer_discovery_is_bookmarked (discovery, address));

  /* A member the service does not have: the same window says so in a toast. */
  missing = g_strconcat (address, "/org.example.demo.NoSuchMember", NULL);
  g_assert_cmpint (run_program (NULL, (const char *[]) { missing, NULL }, NULL), ==, 0);
  g_assert_cmpuint (g_list_length (gtk_application_get_windows (GTK_APPLICATION (application))),
                    ==, 1);
  g_assert_true (explorer_window_get_service (window) == service);
  wait.text = "The service has no interface or member named “org.example.demo.NoSuchMember”";
  iterate_until (label_shown, &wait, 10);
  g_assert_true (label_shown (&wait));

  /* A relative socket path is taken from where the program ran. */
  dir = g_dir_make_tmp ("test-application-XXXXXX", &error);
  g_assert_no_error (error);
  path = g_build_filename (dir, "service.socket", NULL);
  socket = explorer_test_listen_unix (path);
  g_assert_cmpint (run_program (dir, (const char *[]) { "service.socket", NULL }, NULL), ==, 0);
  g_clear_pointer (&address, g_free);
  address = g_strconcat ("unix:", path, NULL);
  g_assert_cmpstr (explorer_service_get_address (explorer_window_get_service (window)), ==,
                   address);

  for (GList *l = gtk_application_get_windows (GTK_APPLICATION (application)); l != NULL;
       l = gtk_application_get_windows (GTK_APPLICATION (application)))
    gtk_window_destroy (GTK_WINDOW (l->data));
  g_application_release (G_APPLICATION (application));
  g_socket_close (socket, NULL);
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/application/split", test_split);
  g_test_add_func ("/application/help", test_help);
  g_test_add_func ("/application/remote", test_remote);

  return g_test_run ();
}
