/* test-discovery.c: discovery of services in fake registry and systemd trees, probing,
 * saved addresses, the sidebar, the connect dialog and attached interface files (needs a
 * display: run under xvfb-run).
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>

#include "explorer-connect-dialog.h"
#include "explorer-discovery.h"
#include "explorer-sidebar.h"
#include "explorer-tree-item.h"
#include "explorer-window-private.h"
#include "explorer-test-util.h"

static char *run_dir;       /* EXPLORER_SYSTEM_RUN_DIR */
static char *runtime_dir;   /* XDG_RUNTIME_DIR */

static gboolean
count_tick (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

typedef gboolean (*Condition) (gpointer data);

/* Iterates the main loop until condition holds or deadline_s passes; returns how often a
 * 50 ms timer fired meanwhile (a blocked main loop would not let it). */
static guint
wait_for (Condition condition,
          gpointer  data,
          guint     deadline_s)
{
  gint64 end = g_get_monotonic_time () + deadline_s * G_USEC_PER_SEC;
  guint ticks = 0;
  guint tick_id = g_timeout_add (50, count_tick, &ticks);

  while (!condition (data) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick_id);
  return ticks;
}

typedef struct
{
  GListModel  *model;
  const char  *address;
  gboolean     present;
} Presence;

static ExplorerService *
find_service (GListModel *model,
              const char *address)
{
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ExplorerService) service = g_list_model_get_item (model, i);

      if (g_strcmp0 (explorer_service_get_address (service), address) == 0)
        return service;
    }

  return NULL;
}

static gboolean
presence_reached (gpointer data)
{
  Presence *presence = data;

  return (find_service (presence->model, presence->address) != NULL) == presence->present;
}

typedef struct
{
  ExplorerService    *service;
  ExplorerProbeState  state;
} ProbeWait;

static gboolean
probe_reached (gpointer data)
{
  ProbeWait *wait = data;

  return explorer_service_get_probe_state (wait->service) == wait->state;
}

/* A socket that accepts connections (the kernel queues them) and never answers. */
static GSocket *
listen_silently (const char *path)
{
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr(GError) error = NULL;
  GSocket *socket;

  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, 0, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);

  return socket;
}

/* The demo service listening on path, as a child process. */
static GSubprocess *
spawn_demo (const char *path)
{
  g_autofree char *address = g_strconcat ("unix:", path, NULL);
  g_autoptr(GError) error = NULL;
  GSubprocess *process;

  process = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                              g_getenv ("VARLINK_EXPLORER_DEMO"), "--address", address, NULL);
  g_assert_no_error (error);

  /* Wait until it listens. */
  for (guint i = 0; i < 200 && !g_file_test (path, G_FILE_TEST_EXISTS); i++)
    g_usleep (10000);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));

  return process;
}

static void
test_registry_appears_and_vanishes (void)
{
  g_autofree char *registry = g_build_filename (runtime_dir, "varlink", "registry", NULL);
  g_autofree char *path = g_build_filename (registry, "org.example.demo", NULL);
  g_autofree char *address = g_strconcat ("unix:", path, NULL);
  g_autoptr(ExplorerDiscovery) discovery = NULL;
  g_autoptr(GSubprocess) demo = NULL;
  ExplorerService *service;
  Presence presence;
  ProbeWait wait;
  guint ticks;

  /* The directory does not exist yet when discovery starts: it is watched all the same. */
  discovery = explorer_discovery_new ();
  presence.model = explorer_discovery_get_section (discovery, EXPLORER_DISCOVERY_REGISTRY);
  presence.address = address;

  g_assert_cmpint (g_mkdir_with_parents (registry, 0700), ==, 0);
  demo = spawn_demo (path);

  presence.present = TRUE;
  wait_for (presence_reached, &presence, 15);
  service = find_service (presence.model, address);
  g_assert_nonnull (service);
  g_assert_cmpstr (explorer_service_get_title (service), ==, "org.example.demo");

  wait.service = service;
  wait.state = EXPLORER_PROBE_ANSWERS;
  ticks = wait_for (probe_reached, &wait, 10);
  g_assert_cmpint (explorer_service_get_probe_state (service), ==, EXPLORER_PROBE_ANSWERS);
  g_assert_cmpint (ticks, >=, 0);

  g_subprocess_send_signal (demo, SIGTERM);
  g_subprocess_wait (demo, NULL, NULL);
  g_unlink (path);

  presence.present = FALSE;
  wait_for (presence_reached, &presence, 15);
  g_assert_null (find_service (presence.model, address));

  g_rmdir (registry);
}

static void
test_not_answering (void)
{
  g_autofree char *registry = g_build_filename (run_dir, "varlink", "registry", NULL);
  g_autofree char *path = g_build_filename (registry, "org.example.silent", NULL);
  g_autofree char *address = g_strconcat ("unix:", path, NULL);
  g_autoptr(ExplorerDiscovery) discovery = NULL;
  g_autoptr(GSocket) listener = NULL;
  ExplorerService *service;
  Presence presence;
  ProbeWait wait;
  guint ticks;

  g_assert_cmpint (g_mkdir_with_parents (registry, 0700), ==, 0);
  listener = listen_silently (path);

  discovery = explorer_discovery_new ();
  explorer_discovery_set_probe_timeout (discovery, 600);
  presence.model = explorer_discovery_get_section (discovery, EXPLORER_DISCOVERY_REGISTRY);
  presence.address = address;
  presence.present = TRUE;
  wait_for (presence_reached, &presence, 10);
  service = find_service (presence.model, address);
  g_assert_nonnull (service);

  wait.service = service;
  wait.state = EXPLORER_PROBE_NOT_ANSWERING;
  ticks = wait_for (probe_reached, &wait, 10);
  g_assert_cmpint (explorer_service_get_probe_state (service), ==, EXPLORER_PROBE_NOT_ANSWERING);
  /* The probe waited 600 ms while the main loop kept running. */
  g_assert_cmpint (ticks, >=, 5);

  g_socket_close (listener, NULL);
  g_unlink (path);
}

/* With auto-probe off, a service found is listed unprobed and nobody connects to it, until
 * the user asks for a refresh; the probe then waits for the probe-timeout setting. */
static void
test_auto_probe_off (void)
{
  g_autofree char *registry = g_build_filename (run_dir, "varlink", "registry", NULL);
  g_autofree char *path = g_build_filename (registry, "org.example.quiet", NULL);
  g_autofree char *address = g_strconcat ("unix:", path, NULL);
  g_autoptr(GSettings) settings = explorer_settings_new ();
  g_autoptr(ExplorerDiscovery) discovery = NULL;
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocket) accepted = NULL;
  g_autoptr(GError) error = NULL;
  ExplorerService *service;
  Presence presence;
  ProbeWait wait;
  gint64 start, elapsed;

  g_assert_nonnull (settings);
  g_settings_set_boolean (settings, "auto-probe", FALSE);
  g_settings_set_uint (settings, "probe-timeout", 1);

  g_assert_cmpint (g_mkdir_with_parents (registry, 0700), ==, 0);
  listener = listen_silently (path);
  g_socket_set_blocking (listener, FALSE);

  discovery = explorer_discovery_new ();
  presence.model = explorer_discovery_get_section (discovery, EXPLORER_DISCOVERY_REGISTRY);
  presence.address = address;
  presence.present = TRUE;
  wait_for (presence_reached, &presence, 10);
  service = find_service (presence.model, address);
  g_assert_nonnull (service);

  /* Time for a probe to have started, had there been one. */
  explorer_test_iterate_for (500);
  g_assert_cmpint (explorer_service_get_probe_state (service), ==, EXPLORER_PROBE_NONE);
  accepted = g_socket_accept (listener, NULL, &error);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_WOULD_BLOCK);
  g_assert_null (accepted);
  g_clear_error (&error);

  /* Asked for: probed, and given up after the setting's 1 s rather than the default 2 s. */
  start = g_get_monotonic_time ();
  explorer_discovery_refresh (discovery);
  wait.service = service;
  wait.state = EXPLORER_PROBE_NOT_ANSWERING;
  wait_for (probe_reached, &wait, 10);
  elapsed = g_get_monotonic_time () - start;
  g_assert_cmpint (explorer_service_get_probe_state (service), ==, EXPLORER_PROBE_NOT_ANSWERING);
  g_assert_cmpint (elapsed, >=, 900 * 1000);
  g_assert_cmpint (elapsed, <, 1900 * 1000);
  accepted = g_socket_accept (listener, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (accepted);

  g_settings_reset (settings, "auto-probe");
  g_settings_reset (settings, "probe-timeout");
  g_socket_close (listener, NULL);
  g_unlink (path);
}

static gboolean
systemd_found (gpointer data)
{
  GListModel *model = data;

  return g_list_model_get_n_items (model) >= 3;
}

static void
test_systemd_tree (void)
{
  g_autofree char *systemd = g_build_filename (run_dir, "systemd", NULL);
  g_autofree char *userdb = g_build_filename (systemd, "userdb", NULL);
  g_autofree char *udev = g_build_filename (run_dir, "udev", NULL);
  g_autofree char *hostname = g_build_filename (systemd, "io.systemd.Hostname", NULL);
  g_autofree char *private = g_build_filename (systemd, "private", NULL);
  g_autofree char *multiplexer = g_build_filename (userdb, "io.systemd.Multiplexer", NULL);
  g_autofree char *udev_socket = g_build_filename (udev, "io.systemd.Udev", NULL);
  g_autofree char *not_socket = g_build_filename (systemd, "io.systemd.NotASocket", NULL);
  g_autoptr(GSocket) s1 = NULL, s2 = NULL, s3 = NULL, s4 = NULL;
  g_autoptr(ExplorerDiscovery) discovery = NULL;
  g_autofree char *address = NULL;
  GListModel *model;

  g_assert_cmpint (g_mkdir_with_parents (userdb, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (udev, 0700), ==, 0);
  s1 = listen_silently (hostname);
  s2 = listen_silently (private);
  s3 = listen_silently (multiplexer);
  s4 = listen_silently (udev_socket);
  g_assert_true (g_file_set_contents (not_socket, "", 0, NULL));

  discovery = explorer_discovery_new ();
  model = explorer_discovery_get_section (discovery, EXPLORER_DISCOVERY_SYSTEMD);
  wait_for (systemd_found, model, 10);

  /* The Varlink sockets, by name; not systemd's private socket nor a plain file. */
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 3);
  address = g_strconcat ("unix:", hostname, NULL);
  g_assert_nonnull (find_service (model, address));
  g_free (address);
  address = g_strconcat ("unix:", multiplexer, NULL);
  g_assert_nonnull (find_service (model, address));
  g_free (address);
  address = g_strconcat ("unix:", udev_socket, NULL);
  g_assert_nonnull (find_service (model, address));
  g_free (address);
  address = g_strconcat ("unix:", private, NULL);
  g_assert_null (find_service (model, address));

  /* No resolver runs: its section stays empty, without an error. */
  g_assert_cmpuint (g_list_model_get_n_items (explorer_discovery_get_section (discovery, EXPLORER_DISCOVERY_RESOLVER)), ==, 0);

  g_clear_object (&discovery);
  g_unlink (hostname);
  g_unlink (private);
  g_unlink (multiplexer);
  g_unlink (udev_socket);
  g_unlink (not_socket);
}

static void
test_saved_addresses (void)
{
  g_autoptr(ExplorerDiscovery) first = explorer_discovery_new ();
  g_autoptr(ExplorerDiscovery) second = NULL;
  GListModel *saved;
  ExplorerService *service;

  service = explorer_discovery_add_recent (first, "tcp:localhost:1");
  g_assert_nonnull (service);
  explorer_discovery_add_recent (first, "tcp:localhost:2");
  explorer_discovery_set_bookmarked (first, "tcp:localhost:1", TRUE);
  g_assert_true (explorer_discovery_is_bookmarked (first, "tcp:localhost:1"));

  /* Another discovery (another window, or the next run) sees them: bookmarks first. */
  second = explorer_discovery_new ();
  saved = explorer_discovery_get_section (second, EXPLORER_DISCOVERY_SAVED);
  g_assert_cmpuint (g_list_model_get_n_items (saved), ==, 2);
  service = g_list_model_get_item (saved, 0);
  g_assert_cmpstr (explorer_service_get_address (service), ==, "tcp:localhost:1");
  g_object_unref (service);
  service = g_list_model_get_item (saved, 1);
  g_assert_cmpstr (explorer_service_get_address (service), ==, "tcp:localhost:2");
  g_object_unref (service);

  /* Removing forgets both the recent entry and the bookmark, everywhere. */
  explorer_discovery_remove_saved (second, "tcp:localhost:1");
  g_assert_false (explorer_discovery_is_bookmarked (first, "tcp:localhost:1"));
  g_assert_null (find_service (explorer_discovery_get_section (first, EXPLORER_DISCOVERY_SAVED),
                               "tcp:localhost:1"));
  g_assert_cmpuint (g_list_model_get_n_items (saved), ==, 1);

  explorer_discovery_remove_saved (second, "tcp:localhost:2");
  g_assert_cmpuint (g_list_model_get_n_items (saved), ==, 0);
}

static gboolean
service_settled (gpointer data)
{
  ExplorerServiceState state = explorer_service_get_state (data);

  return state != EXPLORER_SERVICE_STATE_IDLE && state != EXPLORER_SERVICE_STATE_CONNECTING;
}

static void
test_sidebar (void)
{
  ExplorerWindow *window = explorer_window_new (NULL);
  ExplorerSidebar *sidebar = explorer_window_get_sidebar (window);
  ExplorerDiscovery *discovery = explorer_sidebar_get_discovery (sidebar);
  g_autoptr(ExplorerService) demo = NULL;
  ExplorerService *service;
  GtkWidget *row;
  char *text;

  gtk_window_present (GTK_WINDOW (window));

  /* The demo starts a program: it is not probed, and its row says what opening does. */
  demo = g_list_model_get_item (explorer_discovery_get_section (discovery,
                                                                EXPLORER_DISCOVERY_DEMO), 0);
  g_assert_nonnull (demo);
  g_assert_cmpint (explorer_service_get_probe_state (demo), ==, EXPLORER_PROBE_NONE);
  text = explorer_sidebar_dup_state_text (demo);
  g_assert_cmpstr (text, ==, "Starts when opened");
  g_free (text);
  row = explorer_sidebar_get_row (sidebar, demo);
  g_assert_nonnull (row);
  g_assert_true (gtk_widget_get_focusable (row));

  /* An address the user opens joins Recent, is chosen, and its row tells how it went. */
  explorer_window_open_address (window, "/nonexistent/socket");
  service = explorer_window_get_service (window);
  g_assert_nonnull (service);
  g_assert_cmpstr (explorer_service_get_address (service), ==, "unix:/nonexistent/socket");
  g_assert_true (explorer_sidebar_get_service (sidebar) == service);
  g_assert_nonnull (find_service (explorer_discovery_get_section (discovery,
                                                                  EXPLORER_DISCOVERY_SAVED),
                                  "unix:/nonexistent/socket"));
  wait_for (service_settled, service, 10);
  text = explorer_sidebar_dup_state_text (service);
  g_assert_cmpstr (text, ==, "Unreachable");
  g_free (text);
  row = explorer_sidebar_get_row (sidebar, service);
  g_assert_nonnull (row);
  g_assert_true (gtk_list_box_row_is_selected (GTK_LIST_BOX_ROW (row)));

  /* The same address typed differently is the same row. */
  explorer_window_open_address (window, "unix:/nonexistent/socket");
  g_assert_true (explorer_window_get_service (window) == service);

  /* Removed, the row goes. */
  explorer_discovery_remove_saved (discovery, "unix:/nonexistent/socket");
  g_assert_null (find_service (explorer_discovery_get_section (discovery,
                                                               EXPLORER_DISCOVERY_SAVED),
                               "unix:/nonexistent/socket"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
on_connect (ExplorerConnectDialog  *dialog,
            const char             *address,
            char                  **connected)
{
  g_free (*connected);
  *connected = g_strdup (address);
}

static void
test_connect_dialog (void)
{
  ExplorerConnectDialog *dialog = explorer_connect_dialog_new (NULL);
  g_autofree char *connected = NULL;

  g_signal_connect (dialog, "connect", G_CALLBACK (on_connect), &connected);
  gtk_window_present (GTK_WINDOW (dialog));

  /* Empty: nothing to say, nothing to connect. */
  g_assert_false (explorer_connect_dialog_can_connect (dialog));
  g_assert_null (explorer_connect_dialog_get_error (dialog));

  /* Checked as it is typed; Connect refuses what does not parse. */
  explorer_connect_dialog_set_text (dialog, "nonsense:what");
  g_assert_false (explorer_connect_dialog_can_connect (dialog));
  g_assert_nonnull (explorer_connect_dialog_get_error (dialog));
  g_assert_false (explorer_connect_dialog_connect (dialog));
  g_assert_null (connected);

  /* A program is only started when asked, and the dialog says so first. */
  explorer_connect_dialog_set_text (dialog, "exec:/usr/bin/true");
  g_assert_true (explorer_connect_dialog_can_connect (dialog));
  g_assert_null (explorer_connect_dialog_get_error (dialog));
  g_assert_nonnull (explorer_connect_dialog_get_note (dialog));
  g_assert_nonnull (strstr (explorer_connect_dialog_get_note (dialog), "/usr/bin/true"));

  explorer_connect_dialog_set_text (dialog, "tcp:example.com:1234");
  g_assert_nonnull (explorer_connect_dialog_get_note (dialog));

  /* A bare path is a unix socket. */
  explorer_connect_dialog_set_text (dialog, "/run/example.socket");
  g_assert_null (explorer_connect_dialog_get_note (dialog));
  g_assert_true (explorer_connect_dialog_connect (dialog));
  g_assert_cmpstr (connected, ==, "unix:/run/example.socket");
}

static void
test_attach_file (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("VARLINK_TEST_INTERFACES"),
                                            "org.varlink.certification.varlink", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFile) broken = NULL;
  g_autofree char *broken_path = g_build_filename (runtime_dir, "broken.varlink", NULL);
  g_autoptr(ExplorerService) service = explorer_service_new (NULL, "unix:/nonexistent/attach");
  g_autoptr(ExplorerService) again = NULL;
  g_autoptr(ExplorerTreeItem) item = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (explorer_service_attach_file (service, file, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (g_list_model_get_n_items (explorer_service_get_interfaces (service)), ==, 1);
  item = g_list_model_get_item (explorer_service_get_interfaces (service), 0);
  g_assert_cmpstr (explorer_tree_item_get_title (item), ==, "org.varlink.certification");
  g_assert_true (explorer_service_is_attached (service, "org.varlink.certification"));
  g_assert_cmpstr (explorer_service_get_attached_path (service, "org.varlink.certification"), ==,
                   g_file_peek_path (file));

  /* A new object for the same address (the next run) restores it. */
  again = explorer_service_new (NULL, "unix:/nonexistent/attach");
  g_assert_cmpuint (g_list_model_get_n_items (explorer_service_get_interfaces (again)), ==, 1);
  g_assert_true (explorer_service_is_attached (again, "org.varlink.certification"));

  /* A failed connection keeps the attached interfaces. */
  explorer_service_open (again);
  while (explorer_service_get_state (again) == EXPLORER_SERVICE_STATE_CONNECTING)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (explorer_service_get_state (again), ==, EXPLORER_SERVICE_STATE_UNREACHABLE);
  g_assert_cmpuint (g_list_model_get_n_items (explorer_service_get_interfaces (again)), ==, 1);

  /* A broken file is refused with its line and column. */
  g_assert_true (g_file_set_contents (broken_path, "interface org.example.broken\n\nmethod Foo(\n",
                                      -1, NULL));
  broken = g_file_new_for_path (broken_path);
  g_assert_false (explorer_service_attach_file (service, broken, &error));
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_PARSE);
  g_assert_nonnull (strstr (error->message, "broken.varlink:"));
  g_assert_true (g_regex_match_simple (":[0-9]+:[0-9]+:", error->message, 0, 0));
  g_clear_error (&error);
  g_unlink (broken_path);

  /* Detaching forgets it, for the next object too. */
  explorer_service_detach_interface (service, "org.varlink.certification");
  g_assert_cmpuint (g_list_model_get_n_items (explorer_service_get_interfaces (service)), ==, 0);
  g_clear_object (&again);
  again = explorer_service_new (NULL, "unix:/nonexistent/attach");
  g_assert_cmpuint (g_list_model_get_n_items (explorer_service_get_interfaces (again)), ==, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autofree char *base = NULL;
  int status;

  base = g_dir_make_tmp ("test-discovery-XXXXXX", &error);
  g_assert_no_error (error);
  run_dir = g_build_filename (base, "run", NULL);
  runtime_dir = g_build_filename (base, "user", NULL);
  g_assert_cmpint (g_mkdir_with_parents (run_dir, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (runtime_dir, 0700), ==, 0);

  /* Before anything looks: discovery reads them when it starts. */
  g_setenv ("EXPLORER_SYSTEM_RUN_DIR", run_dir, TRUE);
  g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/discovery/registry", test_registry_appears_and_vanishes);
  g_test_add_func ("/discovery/not-answering", test_not_answering);
  g_test_add_func ("/discovery/auto-probe-off", test_auto_probe_off);
  g_test_add_func ("/discovery/systemd", test_systemd_tree);
  g_test_add_func ("/discovery/saved", test_saved_addresses);
  g_test_add_func ("/discovery/sidebar", test_sidebar);
  g_test_add_func ("/discovery/connect-dialog", test_connect_dialog);
  g_test_add_func ("/discovery/attach-file", test_attach_file);

  status = g_test_run ();

  g_rmdir (runtime_dir);
  return status;
}
