/* test-sandbox.c: the Flatpak sandbox support, in a faked sandbox: EXPLORER_FLATPAK_INFO names
 * a .flatpak-info of our own, and a flatpak-spawn script on PATH runs the "host" command
 * here, writing down how it was called.
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <stdlib.h>
#include <unistd.h>

#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "explorer-discovery.h"
#include "explorer-sandbox.h"
#include "varlink.h"

static char *tmpdir;
static char *flatpak_info;
static char *spawn_log;

static void
fake_sandbox (gboolean inside)
{
  g_setenv ("EXPLORER_FLATPAK_INFO", inside ? flatpak_info : "/nonexistent/.flatpak-info", TRUE);
}

static void
make_socket (const char *path)
{
  g_autoptr(GSocket) socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM,
                                            G_SOCKET_PROTOCOL_DEFAULT, NULL);
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (socket);
  g_socket_bind (socket, address, FALSE, &error);
  g_assert_no_error (error);
}

static void
on_result (GObject      *object,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static GAsyncResult *
wait_for (GAsyncResult **slot)
{
  while (*slot == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *slot;
}

static void
test_outside (void)
{
  g_autofree char *address = NULL;

  fake_sandbox (FALSE);
  g_assert_false (explorer_sandbox_is_flatpak ());
  address = explorer_sandbox_host_address ("unix:/run/systemd/io.systemd.Hostname");
  g_assert_cmpstr (address, ==, "unix:/run/systemd/io.systemd.Hostname");
}

static void
check_bridge_argv (const char *address,
                   const char *expected_target)
{
  g_autoptr(VarlinkAddress) parsed = varlink_address_parse (address, NULL);
  const char * const *argv;

  g_assert_nonnull (parsed);
  g_assert_cmpint (varlink_address_get_kind (parsed), ==, VARLINK_ADDRESS_BRIDGE);
  argv = varlink_address_get_argv (parsed);
  g_assert_cmpuint (g_strv_length ((char **) argv), ==, 5);
  g_assert_cmpstr (argv[0], ==, "flatpak-spawn");
  g_assert_cmpstr (argv[1], ==, "--host");
  g_assert_cmpstr (argv[2], ==, "socat");
  g_assert_cmpstr (argv[3], ==, "STDIO");
  g_assert_cmpstr (argv[4], ==, expected_target);
}

static void
test_host_address (void)
{
  const char * const unchanged[] = {
    "unix:@io.example.abstract",
    "tcp:127.0.0.1:12345",
    "exec:/app/libexec/varlink-explorer-demo",
    "bridge:ssh host varlink bridge",
    "unix:/run/with,comma",
  };

  fake_sandbox (TRUE);
  g_assert_true (explorer_sandbox_is_flatpak ());

  for (guint i = 0; i < G_N_ELEMENTS (unchanged); i++)
    {
      g_autofree char *address = explorer_sandbox_host_address (unchanged[i]);

      g_assert_cmpstr (address, ==, unchanged[i]);
    }

  {
    g_autofree char *address = explorer_sandbox_host_address ("unix:/run/systemd/io.systemd.Hostname");

    g_assert_cmpstr (address, ==,
                     "bridge:flatpak-spawn --host socat STDIO UNIX-CONNECT:/run/systemd/io.systemd.Hostname");
    check_bridge_argv (address, "UNIX-CONNECT:/run/systemd/io.systemd.Hostname");
  }
  {
    /* A bare path and ;key=value suffixes, as the module reads them. */
    g_autofree char *address = explorer_sandbox_host_address ("/run/a.sock");
    g_autofree char *with_mode = explorer_sandbox_host_address ("unix:/run/a.sock;mode=0600");

    check_bridge_argv (address, "UNIX-CONNECT:/run/a.sock");
    check_bridge_argv (with_mode, "UNIX-CONNECT:/run/a.sock");
  }
  {
    g_autofree char *address = explorer_sandbox_host_address ("unix:/tmp/it's a socket");

    check_bridge_argv (address, "UNIX-CONNECT:/tmp/it's a socket");
  }
}

static void
test_find (void)
{
  g_autofree char *root = g_build_filename (tmpdir, "run", NULL);
  g_autofree char *sub = g_build_filename (root, "userdb", NULL);
  g_autofree char *deep = g_build_filename (sub, "deeper", NULL);
  g_autofree char *a = g_build_filename (root, "io.systemd.Hostname", NULL);
  g_autofree char *b = g_build_filename (sub, "io.systemd.Multiplexer", NULL);
  g_autofree char *c = g_build_filename (deep, "io.systemd.TooDeep", NULL);
  g_autofree char *link = g_build_filename (root, "io.systemd.Linked", NULL);
  g_autofree char *other = g_build_filename (root, "notify", NULL);
  g_autofree char *file = g_build_filename (root, "io.systemd.NotASocket", NULL);
  g_autofree char *log = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  g_assert_cmpint (g_mkdir_with_parents (deep, 0700), ==, 0);
  make_socket (a);
  make_socket (b);
  make_socket (c);
  make_socket (other);
  g_assert_cmpint (symlink (a, link), ==, 0);
  g_assert_true (g_file_set_contents (file, "", 0, NULL));
  g_unlink (spawn_log);

  fake_sandbox (TRUE);
  explorer_sandbox_find_host_sockets_async (root, 1, "io.systemd.", NULL, on_result, &result);
  found = explorer_sandbox_find_host_sockets_finish (wait_for (&result), &error);
  g_assert_no_error (error);

  /* Depth 1: the socket of the subdirectory, not the one below it; the link too; not the
   * socket without the prefix, nor the file. */
  g_assert_cmpuint (g_hash_table_size (found), ==, 3);
  address = g_strconcat ("unix:", a, NULL);
  g_assert_cmpstr (g_hash_table_lookup (found, address), ==, "io.systemd.Hostname");
  g_free (address);
  address = g_strconcat ("unix:", b, NULL);
  g_assert_cmpstr (g_hash_table_lookup (found, address), ==, "io.systemd.Multiplexer");
  g_free (address);
  address = g_strconcat ("unix:", link, NULL);
  g_assert_cmpstr (g_hash_table_lookup (found, address), ==, "io.systemd.Linked");

  /* The listing ran "on the host". */
  g_assert_true (g_file_get_contents (spawn_log, &log, NULL, NULL));
  g_assert_true (g_str_has_prefix (log, "--host find "));
}

static void
test_find_missing (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GError) error = NULL;

  fake_sandbox (TRUE);
  explorer_sandbox_find_host_sockets_async ("/nonexistent/run/varlink/registry", 0, NULL, NULL,
                                            on_result, &result);
  found = explorer_sandbox_find_host_sockets_finish (wait_for (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (found), ==, 0);
}

static void
test_find_without_flatpak_spawn (void)
{
  g_autofree char *path = g_strdup (g_getenv ("PATH"));
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GHashTable) found = NULL;
  g_autoptr(GError) error = NULL;

  g_setenv ("PATH", "/nonexistent", TRUE);
  explorer_sandbox_find_host_sockets_async ("/run", 0, NULL, NULL, on_result, &result);
  g_setenv ("PATH", path, TRUE);
  found = explorer_sandbox_find_host_sockets_finish (wait_for (&result), &error);
  g_assert_null (found);
  g_assert_nonnull (error);
}

static void
on_info (GObject      *object,
         GAsyncResult *result,
         gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

/* The whole way: a host address, turned into a bridge, carries a call to a service. */
static void
test_call_through_bridge (void)
{
  g_autofree char *socket_path = g_build_filename (tmpdir, "demo.sock", NULL);
  g_autofree char *listen = g_strconcat ("unix:", socket_path, NULL);
  g_autofree char *socat = g_find_program_in_path ("socat");
  g_autofree char *address = NULL;
  g_autoptr(GSubprocess) demo = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GAsyncResult) info_result = NULL;
  g_autoptr(VarlinkConnection) connection = NULL;
  g_autoptr(VarlinkInfo) info = NULL;
  g_autoptr(GError) error = NULL;
  gint64 deadline;

  if (socat == NULL)
    g_error ("socat is missing: the host side of the bridge (apt install socat)");

  demo = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, &error,
                           g_getenv ("VARLINK_EXPLORER_DEMO"), "--address", listen, NULL);
  g_assert_no_error (error);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!g_file_test (socket_path, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_true (g_file_test (socket_path, G_FILE_TEST_EXISTS));

  fake_sandbox (TRUE);
  address = explorer_sandbox_host_address (listen);
  g_assert_true (g_str_has_prefix (address, "bridge:flatpak-spawn --host socat "));
  g_unlink (spawn_log);

  varlink_connection_new_async (address, NULL, on_result, &result);
  connection = varlink_connection_new_finish (wait_for (&result), &error);
  g_assert_no_error (error);

  varlink_connection_get_info_async (connection, 10000, NULL, on_info, &info_result);
  info = varlink_connection_get_info_finish (connection, wait_for (&info_result), &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) info->interfaces, "org.example.demo"));

  varlink_connection_close (connection);
  g_subprocess_force_exit (demo);
  g_subprocess_wait (demo, NULL, NULL);

  {
    g_autofree char *log = NULL;

    g_assert_true (g_file_get_contents (spawn_log, &log, NULL, NULL));
    g_assert_true (g_str_has_prefix (log, "--host socat STDIO UNIX-CONNECT:"));
  }
}

static gboolean
section_has (ExplorerDiscovery        *discovery,
             ExplorerDiscoverySection  section,
             const char               *address)
{
  GListModel *model = explorer_discovery_get_section (discovery, section);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ExplorerService) service = g_list_model_get_item (model, i);

      if (g_str_equal (explorer_service_get_address (service), address))
        return TRUE;
    }
  return FALSE;
}

/* Discovery in the sandbox lists the host's directories through flatpak-spawn; its rows
 * carry the host's addresses, which connect through bridges. */
static void
test_discovery (void)
{
  g_autofree char *run = g_build_filename (tmpdir, "host-run", NULL);
  g_autofree char *systemd = g_build_filename (run, "systemd", NULL);
  g_autofree char *registry = g_build_filename (run, "varlink", "registry", NULL);
  g_autofree char *hostname = g_build_filename (systemd, "io.systemd.Hostname", NULL);
  g_autofree char *registered = g_build_filename (registry, "io.example.Registered", NULL);
  g_autofree char *hostname_address = NULL;
  g_autofree char *registered_address = NULL;
  g_autoptr(ExplorerDiscovery) discovery = NULL;
  g_autofree char *log = NULL;
  gint64 deadline;

  g_assert_cmpint (g_mkdir_with_parents (systemd, 0700), ==, 0);
  g_assert_cmpint (g_mkdir_with_parents (registry, 0700), ==, 0);
  make_socket (hostname);
  make_socket (registered);
  g_unlink (spawn_log);

  fake_sandbox (TRUE);
  g_setenv ("EXPLORER_SYSTEM_RUN_DIR", run, TRUE);
  hostname_address = g_strconcat ("unix:", hostname, NULL);
  registered_address = g_strconcat ("unix:", registered, NULL);

  discovery = explorer_discovery_new ();
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while ((explorer_discovery_is_busy (discovery) ||
          !section_has (discovery, EXPLORER_DISCOVERY_REGISTRY, registered_address) ||
          !section_has (discovery, EXPLORER_DISCOVERY_SYSTEMD, hostname_address)) &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);

  g_assert_true (section_has (discovery, EXPLORER_DISCOVERY_SYSTEMD, hostname_address));
  g_assert_true (section_has (discovery, EXPLORER_DISCOVERY_REGISTRY, registered_address));
  g_assert_true (g_file_get_contents (spawn_log, &log, NULL, NULL));
  g_assert_true (g_str_has_prefix (log, "--host "));
  g_unsetenv ("EXPLORER_SYSTEM_RUN_DIR");
}

static void
make_fake_flatpak_spawn (void)
{
  g_autofree char *bin = g_build_filename (tmpdir, "bin", NULL);
  g_autofree char *script_path = g_build_filename (bin, "flatpak-spawn", NULL);
  g_autofree char *script = NULL;
  g_autofree char *path = NULL;

  spawn_log = g_build_filename (tmpdir, "flatpak-spawn.log", NULL);
  script = g_strdup_printf ("#!/bin/sh\n"
                            "# Stands in for flatpak-spawn: runs the \"host\" command here.\n"
                            "echo \"$*\" > '%s'\n"
                            "[ \"$1\" = --host ] || { echo 'expected --host' >&2; exit 127; }\n"
                            "shift\n"
                            "exec \"$@\"\n",
                            spawn_log);
  g_assert_cmpint (g_mkdir_with_parents (bin, 0700), ==, 0);
  g_assert_true (g_file_set_contents (script_path, script, -1, NULL));
  g_assert_cmpint (g_chmod (script_path, 0755), ==, 0);

  path = g_strconcat (bin, ":", g_getenv ("PATH"), NULL);
  g_setenv ("PATH", path, TRUE);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);

  tmpdir = g_dir_make_tmp ("test-sandbox-XXXXXX", &error);
  g_assert_no_error (error);
  flatpak_info = g_build_filename (tmpdir, ".flatpak-info", NULL);
  g_assert_true (g_file_set_contents (flatpak_info,
                                      "[Application]\nname=io.github.varlinkexplorer.VarlinkExplorer\n",
                                      -1, NULL));
  make_fake_flatpak_spawn ();

  g_test_add_func ("/sandbox/outside", test_outside);
  g_test_add_func ("/sandbox/host-address", test_host_address);
  g_test_add_func ("/sandbox/find", test_find);
  g_test_add_func ("/sandbox/find-missing", test_find_missing);
  g_test_add_func ("/sandbox/find-without-flatpak-spawn", test_find_without_flatpak_spawn);
  g_test_add_func ("/sandbox/call-through-bridge", test_call_through_bridge);
  g_test_add_func ("/sandbox/discovery", test_discovery);

  status = g_test_run ();

  {
    g_autofree char *command = g_strdup_printf ("rm -rf '%s'", tmpdir);

    /* The temporary tree holds sockets and links: rm is the short way. */
    if (system (command) != 0)
      g_printerr ("could not remove %s\n", tmpdir);
  }
  return status;
}
