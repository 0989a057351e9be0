/* test-bridge.c: a connection carried over a bridge's input and output to the demo service.
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <glib-unix.h>
#include <glib/gstdio.h>
#include <gio/gunixinputstream.h>
#include <gio/gunixoutputstream.h>

#include "varlink.h"

#define DEADLINE_US (20 * G_USEC_PER_SEC)

typedef struct
{
  char     *address;
  int       in_fd;
  int       out_fd;
  gboolean  ok;
  GError   *error;
} Bridge;

static gpointer
bridge_thread (gpointer data)
{
  Bridge *bridge = data;

  bridge->ok = varlink_bridge_run (bridge->address, bridge->in_fd, bridge->out_fd,
                                   &bridge->error);
  return NULL;
}

static char *
demo_address (void)
{
  const char *demo = g_getenv ("VARLINK_EXPLORER_DEMO");

  g_assert_nonnull (demo);
  return g_strconcat ("exec:", demo, NULL);
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  *(GAsyncResult **) user_data = g_object_ref (result);
}

static gboolean
wake (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static JsonObject *
call (VarlinkConnection *connection,
      const char        *method,
      const char        *parameters,
      GError           **error)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(JsonNode) node = varlink_json_parse (parameters, strlen (parameters), NULL);
  gint64 deadline = g_get_monotonic_time () + DEADLINE_US;
  guint timer = g_timeout_add (20, wake, NULL);

  varlink_connection_call_async (connection, method, json_node_get_object (node), 0, NULL,
                                 on_result, &result);
  while (result == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  g_source_remove (timer);
  return varlink_connection_call_finish (connection, result, error);
}

/* Through the bridge, the demo answers as it does directly; ending our side ends the bridge. */
static void
exercise (Bridge            *bridge,
          VarlinkConnection *connection)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonObject) failed = NULL;
  GThread *thread = g_thread_new ("bridge", bridge_thread, bridge);

  reply = call (connection, "org.example.demo.Ping", "{\"data\":\"through the bridge\"}", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (reply, "data"), ==, "through the bridge");

  failed = call (connection, "org.example.demo.Divide", "{\"dividend\":1,\"divisor\":0}", &error);
  g_assert_null (failed);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_REMOTE);
  g_assert_cmpstr (varlink_error_get_remote_name (error), ==, "org.example.demo.DivisionByZero");

  varlink_connection_close (connection);
  g_thread_join (thread);
  g_assert_no_error (bridge->error);
  g_assert_true (bridge->ok);
}

static void
test_bridge_socket (void)
{
  g_autofree char *address = demo_address ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(VarlinkConnection) connection = NULL;
  Bridge bridge = { .address = address };
  int fds[2];

  g_assert_cmpint (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), ==, 0);
  bridge.in_fd = bridge.out_fd = fds[0];
  socket = g_socket_new_from_fd (fds[1], &error);
  g_assert_no_error (error);
  stream = g_socket_connection_factory_create_connection (socket);
  connection = varlink_connection_new_for_stream (G_IO_STREAM (stream), &error);
  g_assert_no_error (error);

  exercise (&bridge, connection);
  close (fds[0]);
}

/* As a bridge process runs: separate input and output, as standard input and output are. */
static void
test_bridge_pipes (void)
{
  g_autofree char *address = demo_address ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GInputStream) input = NULL;
  g_autoptr(GOutputStream) output = NULL;
  g_autoptr(VarlinkConnection) connection = NULL;
  Bridge bridge = { .address = address };
  int to_bridge[2], from_bridge[2];

  g_assert_true (g_unix_open_pipe (to_bridge, FD_CLOEXEC, NULL));
  g_assert_true (g_unix_open_pipe (from_bridge, FD_CLOEXEC, NULL));
  bridge.in_fd = to_bridge[0];
  bridge.out_fd = from_bridge[1];
  input = g_unix_input_stream_new (from_bridge[0], TRUE);
  output = g_unix_output_stream_new (to_bridge[1], TRUE);
  stream = g_simple_io_stream_new (input, output);
  connection = varlink_connection_new_for_stream (stream, &error);
  g_assert_no_error (error);

  exercise (&bridge, connection);
  close (to_bridge[0]);
  close (from_bridge[1]);
}

static void
test_bridge_unreachable (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "varlink-bridge-nobody-XXXXXX", NULL);
  g_autofree char *address = NULL;
  int fd = g_mkstemp (path);

  /* A file that is not a socket: connecting fails, and says so. */
  g_assert_cmpint (fd, >=, 0);
  close (fd);
  address = g_strconcat ("unix:", path, NULL);
  g_assert_false (varlink_bridge_run (address, 0, 1, &error));
  g_assert_nonnull (error);
  g_assert_cmpstr (error->message, !=, "");
  g_unlink (path);
  g_clear_error (&error);

  g_assert_false (varlink_bridge_run ("nonsense:x", 0, 1, &error));
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_INVALID_ADDRESS);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/bridge/socket", test_bridge_socket);
  g_test_add_func ("/bridge/pipes", test_bridge_pipes);
  g_test_add_func ("/bridge/unreachable", test_bridge_unreachable);
  return g_test_run ();
}
