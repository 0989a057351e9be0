/* test-address.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "varlink.h"

static VarlinkAddress *
parse_ok (const char *string)
{
  g_autoptr(GError) error = NULL;
  VarlinkAddress *address = varlink_address_parse (string, &error);

  g_assert_no_error (error);
  g_assert_nonnull (address);
  return address;
}

static void
assert_canonical (VarlinkAddress *address,
                  const char     *expected)
{
  g_autoptr(VarlinkAddress) again = NULL;

  g_assert_cmpstr (varlink_address_to_string (address), ==, expected);

  /* The canonical string parses back to the same address. */
  again = parse_ok (varlink_address_to_string (address));
  g_assert_cmpint (varlink_address_get_kind (again), ==, varlink_address_get_kind (address));
  g_assert_cmpstr (varlink_address_to_string (again), ==, expected);
  g_assert_cmpstr (varlink_address_get_path (again), ==, varlink_address_get_path (address));
  g_assert_cmpstr (varlink_address_get_host (again), ==, varlink_address_get_host (address));
  g_assert_cmpuint (varlink_address_get_port (again), ==, varlink_address_get_port (address));
  if (varlink_address_get_argv (address) != NULL)
    g_assert_true (g_strv_equal ((const char * const *) varlink_address_get_argv (again),
                                 (const char * const *) varlink_address_get_argv (address)));
}

static void
test_unix (void)
{
  g_autoptr(VarlinkAddress) a = parse_ok ("unix:/run/org.example.sock");
  g_autoptr(VarlinkAddress) b = parse_ok ("unix:/run/x.sock;mode=0600;owner=foo");
  g_autoptr(VarlinkAddress) c = parse_ok ("/run/systemd/io.systemd.Hostname");
  g_autoptr(VarlinkAddress) d = parse_ok ("unix:@org.example.abstract");
  g_autoptr(VarlinkAddress) e = parse_ok ("unix:@name;mode=0666");

  g_assert_cmpint (varlink_address_get_kind (a), ==, VARLINK_ADDRESS_UNIX);
  g_assert_cmpstr (varlink_address_get_path (a), ==, "/run/org.example.sock");
  assert_canonical (a, "unix:/run/org.example.sock");

  g_assert_cmpint (varlink_address_get_kind (b), ==, VARLINK_ADDRESS_UNIX);
  g_assert_cmpstr (varlink_address_get_path (b), ==, "/run/x.sock");
  assert_canonical (b, "unix:/run/x.sock");

  g_assert_cmpint (varlink_address_get_kind (c), ==, VARLINK_ADDRESS_UNIX);
  g_assert_cmpstr (varlink_address_get_path (c), ==, "/run/systemd/io.systemd.Hostname");
  assert_canonical (c, "unix:/run/systemd/io.systemd.Hostname");

  g_assert_cmpint (varlink_address_get_kind (d), ==, VARLINK_ADDRESS_ABSTRACT);
  g_assert_cmpstr (varlink_address_get_path (d), ==, "org.example.abstract");
  assert_canonical (d, "unix:@org.example.abstract");

  g_assert_cmpint (varlink_address_get_kind (e), ==, VARLINK_ADDRESS_ABSTRACT);
  g_assert_cmpstr (varlink_address_get_path (e), ==, "name");

  g_assert_false (varlink_address_spawns (a));
  g_assert_false (varlink_address_is_insecure (a));
  g_assert_false (varlink_address_spawns (d));
}

static void
test_tcp (void)
{
  g_autoptr(VarlinkAddress) a = parse_ok ("tcp:localhost:1234");
  g_autoptr(VarlinkAddress) b = parse_ok ("tcp:[::1]:65535");
  g_autoptr(VarlinkAddress) c = parse_ok ("tcp:10.0.0.5:1");
  g_autoptr(VarlinkAddress) d = parse_ok ("tcp:127.0.0.1:80");
  g_autoptr(VarlinkAddress) e = parse_ok ("tcp:[fe80::1]:443");

  g_assert_cmpint (varlink_address_get_kind (a), ==, VARLINK_ADDRESS_TCP);
  g_assert_cmpstr (varlink_address_get_host (a), ==, "localhost");
  g_assert_cmpuint (varlink_address_get_port (a), ==, 1234);
  assert_canonical (a, "tcp:localhost:1234");
  g_assert_false (varlink_address_is_insecure (a));

  g_assert_cmpstr (varlink_address_get_host (b), ==, "::1");
  g_assert_cmpuint (varlink_address_get_port (b), ==, 65535);
  assert_canonical (b, "tcp:[::1]:65535");
  g_assert_false (varlink_address_is_insecure (b));

  g_assert_cmpstr (varlink_address_get_host (c), ==, "10.0.0.5");
  g_assert_cmpuint (varlink_address_get_port (c), ==, 1);
  g_assert_true (varlink_address_is_insecure (c));
  g_assert_false (varlink_address_is_insecure (d));
  g_assert_true (varlink_address_is_insecure (e));
  assert_canonical (e, "tcp:[fe80::1]:443");
  g_assert_false (varlink_address_spawns (c));
}

static void
test_commands (void)
{
  g_autoptr(VarlinkAddress) a = parse_ok ("exec:/usr/libexec/demo");
  g_autoptr(VarlinkAddress) b = parse_ok ("exec:/usr/bin/service --flag 'two words'");
  g_autoptr(VarlinkAddress) c = parse_ok ("ssh-unix:user@host.example:/run/systemd/io.systemd.Hostname");
  g_autoptr(VarlinkAddress) d = parse_ok ("ssh-exec:host:varlink bridge --connect unix:/run/x");
  g_autoptr(VarlinkAddress) e = parse_ok ("bridge:ssh host varlink bridge");
  const char * const b_argv[] = { "/usr/bin/service", "--flag", "two words", NULL };
  const char * const d_argv[] = { "varlink", "bridge", "--connect", "unix:/run/x", NULL };
  const char * const e_argv[] = { "ssh", "host", "varlink", "bridge", NULL };

  g_assert_cmpint (varlink_address_get_kind (a), ==, VARLINK_ADDRESS_EXEC);
  g_assert_cmpstr (varlink_address_get_argv (a)[0], ==, "/usr/libexec/demo");
  g_assert_null (varlink_address_get_argv (a)[1]);
  assert_canonical (a, "exec:/usr/libexec/demo");
  g_assert_true (varlink_address_spawns (a));

  g_assert_true (g_strv_equal (varlink_address_get_argv (b), b_argv));
  assert_canonical (b, "exec:/usr/bin/service --flag 'two words'");

  g_assert_cmpint (varlink_address_get_kind (c), ==, VARLINK_ADDRESS_SSH_UNIX);
  g_assert_cmpstr (varlink_address_get_host (c), ==, "user@host.example");
  g_assert_cmpstr (varlink_address_get_path (c), ==, "/run/systemd/io.systemd.Hostname");
  assert_canonical (c, "ssh-unix:user@host.example:/run/systemd/io.systemd.Hostname");
  g_assert_true (varlink_address_spawns (c));
  g_assert_false (varlink_address_is_insecure (c));

  g_assert_cmpint (varlink_address_get_kind (d), ==, VARLINK_ADDRESS_SSH_EXEC);
  g_assert_cmpstr (varlink_address_get_host (d), ==, "host");
  g_assert_true (g_strv_equal (varlink_address_get_argv (d), d_argv));
  assert_canonical (d, "ssh-exec:host:varlink bridge --connect unix:/run/x");
  g_assert_true (varlink_address_spawns (d));

  g_assert_cmpint (varlink_address_get_kind (e), ==, VARLINK_ADDRESS_BRIDGE);
  g_assert_true (g_strv_equal (varlink_address_get_argv (e), e_argv));
  assert_canonical (e, "bridge:ssh host varlink bridge");
  g_assert_true (varlink_address_spawns (e));
}

static void
assert_invalid (const char *string,
                const char *expected_words)
{
  g_autoptr(GError) error = NULL;
  VarlinkAddress *address = varlink_address_parse (string, &error);

  if (address != NULL)
    g_error ("\"%s\" should not parse", string);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_INVALID_ADDRESS);
  if (strstr (error->message, expected_words) == NULL)
    g_error ("the error for \"%s\" is \"%s\", which does not say \"%s\"",
             string, error->message, expected_words);
}

static void
test_invalid (void)
{
  GString *too_long = g_string_new ("unix:/");

  for (guint i = 0; i < 120; i++)
    g_string_append_c (too_long, 'x');

  assert_invalid ("", "empty");
  assert_invalid ("foo:bar", "Unknown address type \"foo:\"; expected unix:, tcp:");
  assert_invalid ("run/x.sock", "is not an address");
  assert_invalid ("unix:", "unix: the path is empty");
  assert_invalid ("unix:;mode=0600", "unix: the path is empty");
  assert_invalid ("unix:@", "name after \"@\" is empty");
  assert_invalid (too_long->str, "at most 107");
  assert_invalid (too_long->str + 5, "at most 107");
  assert_invalid ("tcp:localhost:99999", "tcp: port 99999 is out of range");
  assert_invalid ("tcp:localhost:0", "port 0 is out of range");
  assert_invalid ("tcp:localhost:123456789012345678901234567890", "out of range");
  assert_invalid ("tcp:localhost:http", "not a number");
  assert_invalid ("tcp:localhost:-1", "not a number");
  assert_invalid ("tcp:localhost", "port is missing");
  assert_invalid ("tcp:localhost:", "port is missing");
  assert_invalid ("tcp::1234", "host is empty");
  assert_invalid ("tcp:::1:1234", "brackets");
  assert_invalid ("tcp:[::1:1234", "closing");
  assert_invalid ("tcp:[::1]", "port is missing");
  assert_invalid ("tcp:[::1]1234", "port is missing");
  assert_invalid ("tcp:a b:1", "not a host");
  assert_invalid ("exec:", "exec: the command is empty");
  assert_invalid ("exec:   ", "exec: the command is empty");
  assert_invalid ("exec:/bin/x 'unterminated", "exec: the command cannot be read");
  assert_invalid ("bridge:", "bridge: the command is empty");
  assert_invalid ("ssh-unix:host", "ssh-unix: expected a host");
  assert_invalid ("ssh-unix::/run/x", "ssh-unix: the host is empty");
  assert_invalid ("ssh-unix:host:", "ssh-unix: the path is empty");
  assert_invalid ("ssh-unix:host:run/x", "not absolute");
  assert_invalid ("ssh-unix:-oProxyCommand=x:/run/x", "must not start with \"-\"");
  assert_invalid ("ssh-exec:host", "ssh-exec: expected a host");
  assert_invalid ("ssh-exec:host:", "ssh-exec: the command is empty");
  assert_invalid ("ssh-exec:a b:cmd", "contains a space");
  assert_invalid ("unix:/x\xff", "UTF-8");

  g_string_free (too_long, TRUE);
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GIOStream *
connect_sync (const char  *string,
              GError     **error)
{
  g_autoptr(VarlinkAddress) address = parse_ok (string);
  g_autoptr(GAsyncResult) result = NULL;

  varlink_address_connect_async (address, NULL, on_connected, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return varlink_address_connect_finish (result, error);
}

static void
test_connect_missing (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) stream = connect_sync ("unix:/nonexistent/dir/x.sock", &error);

  g_assert_null (stream);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "There is no socket at unix:/nonexistent/dir/x.sock"));

  g_clear_error (&error);
  stream = connect_sync ("unix:@varlink-explorer-test-nobody-listens-here", &error);
  g_assert_null (stream);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED);
  g_assert_nonnull (strstr (error->message, "Nothing accepts connections"));

  g_clear_error (&error);
  stream = connect_sync ("bridge:/nonexistent/program", &error);
  g_assert_null (stream);
  g_assert_nonnull (error);
  g_assert_nonnull (strstr (error->message, "Could not start /nonexistent/program"));
}

static void
read_exactly (int    fd,
              char  *buffer,
              gsize  length)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  gsize done = 0;

  while (done < length)
    {
      gssize n = read (fd, buffer + done, length - done);

      if (n < 0 && (errno == EAGAIN || errno == EINTR))
        {
          g_assert_cmpint (g_get_monotonic_time (), <, deadline);
          g_usleep (1000);
          continue;
        }
      g_assert_cmpint (n, >, 0);
      done += n;
    }
}

static void
test_listen_and_connect (void)
{
  g_autoptr(VarlinkAddress) address = parse_ok ("unix:@varlink-explorer-test-address");
  g_autoptr(GSocket) listener = NULL;
  g_autoptr(GSocket) accepted = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autoptr(GError) error = NULL;
  int in_fd, out_fd;
  char buffer[8];

  listener = varlink_address_listen (address, &error);
  g_assert_no_error (error);

  stream = connect_sync ("unix:@varlink-explorer-test-address", &error);
  g_assert_no_error (error);
  g_assert_true (varlink_stream_get_fds (stream, &in_fd, &out_fd));
  g_assert_cmpint (in_fd, ==, out_fd);

  accepted = g_socket_accept (listener, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_socket_send (accepted, "hi", 2, NULL, &error), ==, 2);
  read_exactly (in_fd, buffer, 2);
  g_assert_cmpint (memcmp (buffer, "hi", 2), ==, 0);
}

static void
test_listen_unix_stale (void)
{
  g_autofree char *dir = g_dir_make_tmp ("varlink-test-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "s.sock", NULL);
  g_autofree char *string = g_strdup_printf ("unix:%s", path);
  g_autoptr(VarlinkAddress) address = parse_ok (string);
  g_autoptr(GSocket) first = NULL;
  g_autoptr(GSocket) second = NULL;
  g_autoptr(GSocket) third = NULL;
  g_autoptr(GError) error = NULL;

  first = varlink_address_listen (address, &error);
  g_assert_no_error (error);

  /* A live socket is not taken over. */
  second = varlink_address_listen (address, &error);
  g_assert_null (second);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_ADDRESS_IN_USE);
  g_clear_error (&error);

  /* A stale one, left by a service that died, is replaced. */
  g_socket_close (first, NULL);
  third = varlink_address_listen (address, &error);
  g_assert_no_error (error);

  g_socket_close (third, NULL);
  unlink (path);
  rmdir (dir);
}

static void
test_bridge (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) stream = connect_sync ("bridge:cat", &error);
  int in_fd, out_fd;
  char buffer[16];

  g_assert_no_error (error);
  g_assert_true (varlink_stream_get_fds (stream, &in_fd, &out_fd));
  g_assert_cmpint (in_fd, !=, out_fd);

  /* cat echoes what it gets: a varlink peer that answers every message with itself. */
  g_assert_cmpint (write (out_fd, "{}\0", 3), ==, 3);
  read_exactly (in_fd, buffer, 3);
  g_assert_cmpint (memcmp (buffer, "{}\0", 3), ==, 0);

  g_io_stream_close (stream, NULL, NULL);
}

static gboolean
process_gone (int pid)
{
  g_autofree char *stat_path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *stat = NULL;
  const char *state;

  if (!g_file_get_contents (stat_path, &stat, NULL, NULL))
    return TRUE;
  /* Exited but not reaped yet counts as gone: GSubprocess reaps it from its own thread. */
  state = strrchr (stat, ')');
  return state != NULL && (state[2] == 'Z' || state[2] == 'X');
}

static void
test_child_terminated (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) stream = NULL;
  int in_fd, out_fd;
  char buffer[32];
  gsize done = 0;
  int pid;
  gint64 deadline;

  /* The child says its pid, then keeps its stdin and stdout open (sleep does not read):
   * only a signal ends it. */
  stream = connect_sync ("bridge:/bin/sh -c 'echo $$; exec sleep 600'", &error);
  g_assert_no_error (error);
  g_assert_true (varlink_stream_get_fds (stream, &in_fd, &out_fd));
  while (done == 0 || buffer[done - 1] != '\n')
    {
      read_exactly (in_fd, buffer + done, 1);
      done++;
      g_assert_cmpuint (done, <, sizeof buffer);
    }
  buffer[done] = '\0';
  pid = atoi (buffer);
  g_assert_cmpint (pid, >, 1);
  g_assert_false (process_gone (pid));

  g_io_stream_close (stream, NULL, NULL);
  deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  while (!process_gone (pid))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_usleep (10000);
    }
}

/* A stand-in service: checks the socket-activation environment and answers with what it
 * found, from the socket it was given as fd 3. */
static const char activation_check[] =
  "import os, socket\n"
  "s = socket.socket(fileno=3)\n"
  "c, _ = s.accept()\n"
  "ok = os.environ.get('LISTEN_PID') == str(os.getpid()) and os.environ.get('LISTEN_FDS') == '1' "
  "and os.environ.get('LISTEN_FDNAMES') == 'varlink' and s.getsockopt(socket.SOL_SOCKET, socket.SO_ACCEPTCONN) == 1\n"
  "c.sendall(b'{\"ok\":' + (b'true' if ok else b'false') + b'}\\0')\n"
  "c.recv(1)\n";

static void
test_exec (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *quoted = g_shell_quote (activation_check);
  g_autofree char *string = g_strdup_printf ("exec:/usr/bin/python3 -c %s", quoted);
  g_autoptr(GIOStream) stream = NULL;
  int in_fd, out_fd;
  char buffer[16];

  if (!g_file_test ("/usr/bin/python3", G_FILE_TEST_IS_EXECUTABLE))
    {
      g_test_skip ("/usr/bin/python3 is needed as a stand-in service");
      return;
    }

  stream = connect_sync (string, &error);
  g_assert_no_error (error);
  g_assert_true (varlink_stream_get_fds (stream, &in_fd, &out_fd));
  g_assert_cmpint (in_fd, ==, out_fd);

  read_exactly (in_fd, buffer, 12);
  g_assert_cmpint (memcmp (buffer, "{\"ok\":true}\0", 12), ==, 0);

  g_io_stream_close (stream, NULL, NULL);
}

/* Run as a helper (see test_exec_client_killed()): connects to ADDRESS, says "ready",
 * then waits to be killed. */
static int
exec_and_wait (const char *address)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GIOStream) stream = connect_sync (address, &error);

  if (stream == NULL)
    {
      g_printerr ("%s\n", error->message);
      return 1;
    }
  printf ("ready\n");
  fflush (stdout);
  for (;;)
    pause ();
}

/* The pid of the only child of parent, or 0. */
static int
find_child (int parent)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc", 0, NULL);
  const char *name;
  int found = 0;

  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *stat = NULL;
      const char *end;

      if (!g_ascii_isdigit (name[0]))
        continue;
      path = g_strdup_printf ("/proc/%s/stat", name);
      if (!g_file_get_contents (path, &stat, NULL, NULL))
        continue;
      /* "pid (comm) state ppid ..." */
      end = strrchr (stat, ')');
      if (end != NULL && strlen (end) > 4 && atoi (end + 4) == parent)
        {
          g_assert_cmpint (found, ==, 0);
          found = atoi (name);
        }
    }

  return found;
}

static void
test_exec_client_killed (void)
{
  const char *demo = g_getenv ("VARLINK_EXPLORER_DEMO");
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocess) helper = NULL;
  g_autoptr(GDataInputStream) output = NULL;
  g_autofree char *self_path = NULL;
  g_autofree char *quoted = NULL;
  g_autofree char *address = NULL;
  g_autofree char *line = NULL;
  gint64 deadline;
  int helper_pid;
  int demo_pid;

  g_assert_nonnull (demo);
  self_path = g_file_read_link ("/proc/self/exe", &error);
  g_assert_no_error (error);
  quoted = g_shell_quote (demo);
  address = g_strdup_printf ("exec:%s", quoted);

  /* A client process that started the demo through exec: and then dies without a chance
   * to clean up. */
  helper = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                             self_path, "--exec-and-wait", address, NULL);
  g_assert_no_error (error);
  output = g_data_input_stream_new (g_subprocess_get_stdout_pipe (helper));
  line = g_data_input_stream_read_line (output, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (line, ==, "ready");

  helper_pid = atoi (g_subprocess_get_identifier (helper));
  demo_pid = find_child (helper_pid);
  g_assert_cmpint (demo_pid, >, 1);
  g_assert_false (process_gone (demo_pid));

  kill (helper_pid, SIGKILL);
  g_subprocess_wait (helper, NULL, &error);
  g_assert_no_error (error);

  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (!process_gone (demo_pid) && g_get_monotonic_time () < deadline)
    g_usleep (10000);

  if (!process_gone (demo_pid))
    {
      /* Not left behind by the test either. */
      kill (demo_pid, SIGKILL);
      g_test_fail_printf ("The demo (pid %d) outlived the client that started it", demo_pid);
    }
}

int
main (int   argc,
      char *argv[])
{
  if (argc == 3 && g_str_equal (argv[1], "--exec-and-wait"))
    return exec_and_wait (argv[2]);

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/address/unix", test_unix);
  g_test_add_func ("/address/tcp", test_tcp);
  g_test_add_func ("/address/commands", test_commands);
  g_test_add_func ("/address/invalid", test_invalid);
  g_test_add_func ("/address/connect-missing", test_connect_missing);
  g_test_add_func ("/address/listen-and-connect", test_listen_and_connect);
  g_test_add_func ("/address/listen-unix-stale", test_listen_unix_stale);
  g_test_add_func ("/address/bridge", test_bridge);
  g_test_add_func ("/address/exec", test_exec);
  g_test_add_func ("/address/child-terminated", test_child_terminated);
  g_test_add_func ("/address/exec-client-killed", test_exec_client_killed);

  return g_test_run ();
}
