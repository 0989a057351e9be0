/* test-demo.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "varlink.h"

/* The demo service runs as a separate process, started each of the ways a real one is,
 * and is driven only through the module's client: what a user of the app would see. */

#define CALL_TIMEOUT_MS 10000
#define WAIT_TIMEOUT_MS 20000

typedef enum {
  START_EXEC,        /* exec:PATH, activation done by the client library */
  START_ACTIVATION,  /* a listening socket handed over by this test as fd 3 */
  START_ABSTRACT,    /* --address unix:@name */
} StartMode;

typedef struct
{
  GSubprocess       *child;       /* NULL for exec:, whose connection owns the process */
  char              *dir;
  char              *socket_path;
  VarlinkConnection *connection;
  VarlinkInterface  *demo;
  guint              n_sent;
  guint              n_received;
  GString           *raw;
} Fixture;

/* Waiting on the main context, with a deadline so that a hang fails the test ------------- */

static gboolean
wake_cb (gpointer user_data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_until (gboolean   (*done) (gconstpointer data),
            gconstpointer data,
            guint        timeout_ms,
            const char  *what)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint wake = g_timeout_add (20, wake_cb, NULL);

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        g_error ("Gave up after %u ms waiting for %s", timeout_ms, what);
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake);
}

static gboolean
pointer_is_set (gconstpointer data)
{
  return *(gconstpointer const *) data != NULL;
}

static gboolean
flag_is_set (gconstpointer data)
{
  return *(const gboolean *) data;
}

/* Runs the main context for a while, for things that must NOT happen in that time. */
static void
run_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  guint wake = g_timeout_add (10, wake_cb, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake);
}

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **slot = user_data;

  g_assert_null (*slot);
  *slot = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot,
             const char    *what)
{
  wait_until (pointer_is_set, slot, WAIT_TIMEOUT_MS, what);
  return *slot;
}

/* Calls ---------------------------------------------------------------------------------- */

static JsonObject *
object_from_json (const char *text)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = varlink_json_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* One call with one reply; parameters_json may be NULL. */
static JsonObject *
call (Fixture     *f,
      const char  *method,
      const char  *parameters_json,
      GError     **error)
{
  g_autoptr(JsonObject) parameters = parameters_json ? object_from_json (parameters_json) : NULL;
  g_autoptr(GAsyncResult) result = NULL;

  varlink_connection_call_async (f->connection, method, parameters, CALL_TIMEOUT_MS, NULL,
                                 on_result, &result);
  return varlink_connection_call_finish (f->connection, wait_result (&result, method), error);
}

static JsonObject *
call_ok (Fixture    *f,
         const char *method,
         const char *parameters_json)
{
  g_autoptr(GError) error = NULL;
  JsonObject *reply = call (f, method, parameters_json, &error);

  g_assert_no_error (error);
  g_assert_nonnull (reply);
  return reply;
}

/* Asserts an error reply with that name; returns its parameters. */
static JsonObject *
call_error (Fixture    *f,
            const char *method,
            const char *parameters_json,
            const char *error_name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) reply = call (f, method, parameters_json, &error);

  g_assert_null (reply);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_REMOTE);
  g_assert_cmpstr (varlink_error_get_remote_name (error), ==, error_name);
  return json_object_ref (varlink_error_get_remote_parameters (error));
}

static void
assert_invalid_parameter (Fixture    *f,
                          const char *method,
                          const char *parameters_json,
                          const char *parameter)
{
  g_autoptr(JsonObject) error = call_error (f, method, parameters_json,
                                            "org.varlink.service.InvalidParameter");

  g_assert_cmpstr (json_object_get_string_member_with_default (error, "parameter", NULL), ==,
                   parameter);
}

static VarlinkInterface *
get_demo_interface (Fixture *f)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *description = NULL;

  if (f->demo != NULL)
    return f->demo;

  varlink_connection_get_description_async (f->connection, "org.example.demo", CALL_TIMEOUT_MS,
                                            NULL, on_result, &result);
  description = varlink_connection_get_description_finish (f->connection,
                                                           wait_result (&result, "description"),
                                                           &error);
  g_assert_no_error (error);
  g_assert_nonnull (description);

  f->demo = varlink_interface_new_from_string (description, -1, VARLINK_PARSE_STRICT, &error);
  g_assert_no_error (error);
  g_assert_nonnull (f->demo);
  return f->demo;
}

static void
observer_cb (gpointer          user_data,
             VarlinkDirection  direction,
             gint64            time_us,
             const char       *data,
             gsize             length)
{
  Fixture *f = user_data;

  if (direction == VARLINK_DIRECTION_SENT)
    f->n_sent++;
  else
    f->n_received++;
}

static void
raw_data_cb (VarlinkConnection *connection,
             GBytes            *bytes,
             Fixture           *f)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  g_string_append_len (f->raw, data, length);
}

/* Starting and stopping the demo --------------------------------------------------------- */

static const char *
demo_path (void)
{
  const char *demo = g_getenv ("VARLINK_EXPLORER_DEMO");

  g_assert_nonnull (demo);
  g_assert_true (g_file_test (demo, G_FILE_TEST_IS_EXECUTABLE));
  return demo;
}

/* A test that fails aborts: its demos must not outlive it and hold its output open. */
static void
die_with_parent (gpointer user_data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

static GSubprocessLauncher *
new_launcher (GSubprocessFlags flags)
{
  GSubprocessLauncher *launcher = g_subprocess_launcher_new (flags);

  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);

  /* Whatever activated this test is not meant for the demo. */
  g_subprocess_launcher_unsetenv (launcher, "LISTEN_FDS");
  g_subprocess_launcher_unsetenv (launcher, "LISTEN_PID");
  g_subprocess_launcher_unsetenv (launcher, "LISTEN_FDNAMES");
  return launcher;
}

static VarlinkConnection *
connect_once (const char  *address,
              GError     **error)
{
  g_autoptr(GAsyncResult) result = NULL;

  varlink_connection_new_async (address, NULL, on_result, &result);
  return varlink_connection_new_finish (wait_result (&result, address), error);
}

static GSubprocess *
start_activated (const char *socket_path)
{
  struct sockaddr_un sun = { .sun_family = AF_UNIX };
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  GSubprocess *child;
  const char *argv[] = {
    "/bin/sh", "-c",
    /* LISTEN_PID must be the service's own pid: the shell's, which exec keeps. */
    "LISTEN_PID=$$; export LISTEN_PID; exec \"$0\" \"$@\"",
    demo_path (),
    NULL
  };
  int fd, high_fd;

  g_assert_cmpuint (strlen (socket_path), <, sizeof sun.sun_path);
  strcpy (sun.sun_path, socket_path);

  fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (fd, >=, 0);
  g_assert_no_errno (bind (fd, (struct sockaddr *) &sun, sizeof sun));
  g_assert_no_errno (listen (fd, SOMAXCONN));

  /* Away from 3, so that the child's dup2() to 3 is a real one that clears close-on-exec. */
  high_fd = fcntl (fd, F_DUPFD_CLOEXEC, 10);
  g_assert_cmpint (high_fd, >=, 10);
  close (fd);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "LISTEN_FDS", "1", TRUE);
  g_subprocess_launcher_setenv (launcher, "LISTEN_FDNAMES", "varlink", TRUE);
  g_subprocess_launcher_take_fd (launcher, high_fd, 3);

  child = g_subprocess_launcher_spawnv (launcher, argv, &error);
  g_assert_no_error (error);
  return child;
}

static GSubprocess *
start_with_address (const char *address)
{
  g_autoptr(GSubprocessLauncher) launcher = new_launcher (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GError) error = NULL;
  GSubprocess *child;

  child = g_subprocess_launcher_spawn (launcher, &error, demo_path (), "--address", address, NULL);
  g_assert_no_error (error);
  return child;
}

/* The service listens only once it has started: try again until it answers. */
static VarlinkConnection *
connect_when_ready (GSubprocess *child,
                    const char  *address)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_TIMEOUT_MS * G_TIME_SPAN_MILLISECOND;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      VarlinkConnection *connection = connect_once (address, &error);

      if (connection != NULL)
        return connection;
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_REFUSED) &&
          !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_assert_no_error (error);
      /* The identifier goes once the child has been reaped: no point waiting longer. */
      if (g_subprocess_get_identifier (child) == NULL)
        g_error ("The demo exited instead of listening on %s", address);
      if (g_get_monotonic_time () > deadline)
        g_error ("The demo did not start listening on %s: %s", address, error->message);
      run_for (20);
    }
}

static void
wait_exit (GSubprocess *child,
           guint        timeout_ms)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_subprocess_wait_async (child, NULL, on_result, &result);
  wait_until (pointer_is_set, &result, timeout_ms, "the demo to exit");
  g_assert_true (g_subprocess_wait_finish (child, result, &error));
  g_assert_no_error (error);
}

/* SIGTERM is how systemd stops a service: it must end at once, and successfully. */
static void
terminate (GSubprocess *child)
{
  g_subprocess_send_signal (child, SIGTERM);
  wait_exit (child, 10000);
  g_assert_true (g_subprocess_get_if_exited (child));
  g_assert_cmpint (g_subprocess_get_exit_status (child), ==, 0);
}

static char *
abstract_address (void)
{
  return g_strdup_printf ("unix:@varlink-explorer-test-demo-%d-%08x", (int) getpid (),
                          g_random_int ());
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  StartMode mode = GPOINTER_TO_INT (data);
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  f->raw = g_string_new (NULL);

  switch (mode)
    {
    case START_EXEC:
      address = g_strdup_printf ("exec:%s", demo_path ());
      f->connection = connect_once (address, &error);
      g_assert_no_error (error);
      break;

    case START_ACTIVATION:
      f->dir = g_dir_make_tmp ("test-demo-XXXXXX", &error);
      g_assert_no_error (error);
      f->socket_path = g_build_filename (f->dir, "demo.socket", NULL);
      f->child = start_activated (f->socket_path);
      address = g_strdup_printf ("unix:%s", f->socket_path);
      /* The socket listens before the child runs: the first try must work. */
      f->connection = connect_once (address, &error);
      g_assert_no_error (error);
      break;

    case START_ABSTRACT:
      address = abstract_address ();
      f->child = start_with_address (address);
      f->connection = connect_when_ready (f->child, address);
      break;

    default:
      g_assert_not_reached ();
    }

  g_assert_nonnull (f->connection);
  g_assert_false (varlink_connection_is_closed (f->connection));
  varlink_connection_set_observer (f->connection, observer_cb, f, NULL);
  g_signal_connect (f->connection, "raw-data", G_CALLBACK (raw_data_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->connection);
  g_clear_object (&f->demo);

  /* A demo that hit a fatal warning or a crash during the test fails here. */
  if (f->child != NULL)
    terminate (f->child);
  g_clear_object (&f->child);

  if (f->socket_path != NULL)
    g_unlink (f->socket_path);
  if (f->dir != NULL)
    g_assert_no_errno (g_rmdir (f->dir));
  g_free (f->socket_path);
  g_free (f->dir);
  g_string_free (f->raw, TRUE);
}

/* Introspection -------------------------------------------------------------------------- */

static void
test_info (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VarlinkInfo) info = NULL;

  varlink_connection_get_info_async (f->connection, CALL_TIMEOUT_MS, NULL, on_result, &result);
  info = varlink_connection_get_info_finish (f->connection, wait_result (&result, "GetInfo"),
                                             &error);
  g_assert_no_error (error);
  g_assert_nonnull (info);
  g_assert_cmpstr (info->vendor, ==, "Varlink Explorer");
  g_assert_cmpstr (info->product, ==, "Varlink Explorer demo service");
  g_assert_cmpstr (info->version, ==, PACKAGE_VERSION);
  g_assert_true (g_str_has_prefix (info->url, "https://"));
  g_assert_nonnull (info->interfaces);
  g_assert_cmpuint (g_strv_length (info->interfaces), ==, 3);
  g_assert_true (g_strv_contains ((const char * const *) info->interfaces, "org.example.demo"));
  g_assert_true (g_strv_contains ((const char * const *) info->interfaces,
                                  "org.varlink.certification"));
  g_assert_true (g_strv_contains ((const char * const *) info->interfaces, "org.varlink.service"));
}

static void
test_description (Fixture       *f,
                  gconstpointer  data)
{
  VarlinkInterface *demo = get_demo_interface (f);
  g_autofree char *path = NULL;
  g_autofree char *source = NULL;
  g_autoptr(GError) error = NULL;
  static const char * const methods[] = {
    "Ping", "Count", "Echo", "Divide", "Lookup", "Sleep", "Log", "Ticks", "Shout",
    "Unimplemented",
  };

  g_assert_cmpstr (varlink_interface_get_name (demo), ==, "org.example.demo");
  for (guint i = 0; i < G_N_ELEMENTS (methods); i++)
    {
      VarlinkMember *member = varlink_interface_lookup (demo, methods[i]);

      g_assert_nonnull (member);
      g_assert_cmpint (varlink_member_get_kind (member), ==, VARLINK_MEMBER_KIND_METHOD);
    }
  g_assert_cmpint (varlink_member_get_hints (varlink_interface_lookup (demo, "Ticks")), ==,
                   VARLINK_METHOD_HINT_REQUIRES_MORE);
  g_assert_cmpint (varlink_member_get_hints (varlink_interface_lookup (demo, "Shout")), ==,
                   VARLINK_METHOD_HINT_REQUIRES_UPGRADE);
  g_assert_cmpint (varlink_member_get_hints (varlink_interface_lookup (demo, "Count")), ==,
                   VARLINK_METHOD_HINT_SUPPORTS_MORE);

  /* The service sends the file it was built from, byte for byte. */
  path = g_test_build_filename (G_TEST_DIST, "..", "src", "demo", "org.example.demo.varlink", NULL);
  g_file_get_contents (path, &source, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (varlink_interface_get_text (demo), ==, source);

  /* And the other two interfaces it names parse as well. */
  for (guint i = 0; i < 2; i++)
    {
      const char *name = i == 0 ? "org.varlink.certification" : "org.varlink.service";
      g_autoptr(GAsyncResult) result = NULL;
      g_autofree char *text = NULL;
      g_autoptr(VarlinkInterface) interface = NULL;

      varlink_connection_get_description_async (f->connection, name, CALL_TIMEOUT_MS, NULL,
                                                on_result, &result);
      text = varlink_connection_get_description_finish (f->connection,
                                                        wait_result (&result, name), &error);
      g_assert_no_error (error);
      interface = varlink_interface_new_from_string (text, -1, VARLINK_PARSE_STRICT, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (varlink_interface_get_name (interface), ==, name);
    }
}

/* Each method as its documentation says ------------------------------------------------- */

static void
test_ping (Fixture       *f,
           gconstpointer  data)
{
  g_autoptr(JsonObject) reply = call_ok (f, "org.example.demo.Ping", "{\"data\":\"hello\"}");
  g_autoptr(JsonObject) unicode = NULL;

  g_assert_cmpstr (json_object_get_string_member (reply, "data"), ==, "hello");
  g_assert_cmpuint (json_object_get_size (reply), ==, 1);

  unicode = call_ok (f, "org.example.demo.Ping",
                     "{\"data\":\"gr\\u00fc\\u00dfe \\\"\\u00e0 tous\\\"\\n\\u2603\"}");
  g_assert_cmpstr (json_object_get_string_member (unicode, "data"), ==,
                   "gr\xc3\xbc\xc3\x9f" "e \"\xc3\xa0 tous\"\n\xe2\x98\x83");
}

typedef struct
{
  gint64   next;
  gint64   to;
  guint    n_replies;
  gboolean done;
} CountState;

static void
count_reply_cb (VarlinkConnection *connection,
                VarlinkReply      *reply,
                const GError      *error,
                gpointer           user_data)
{
  CountState *state = user_data;
  JsonObject *parameters;

  g_assert_false (state->done);
  g_assert_no_error (error);
  g_assert_nonnull (reply);
  g_assert_null (varlink_reply_get_error (reply));

  parameters = varlink_reply_get_parameters (reply);
  g_assert_cmpint (json_object_get_int_member (parameters, "value"), ==, state->next);
  state->n_replies++;

  /* Every reply but the last says that more follow. */
  if (state->next == state->to)
    {
      g_assert_false (varlink_reply_get_continues (reply));
      state->done = TRUE;
    }
  else
    {
      g_assert_true (varlink_reply_get_continues (reply));
    }
  state->next++;
}

static void
run_count (Fixture *f,
           gint64   from,
           gint64   to,
           guint    timeout_ms)
{
  g_autoptr(JsonObject) parameters = json_object_new ();
  CountState state = { .next = from, .to = to };

  json_object_set_int_member (parameters, "from", from);
  json_object_set_int_member (parameters, "to", to);
  varlink_connection_call (f->connection, "org.example.demo.Count", parameters, VARLINK_CALL_MORE,
                           CALL_TIMEOUT_MS, NULL, count_reply_cb, &state, NULL);
  wait_until (flag_is_set, &state.done, timeout_ms, "the last reply of Count");
  g_assert_cmpuint (state.n_replies, ==, to - from + 1);
  g_assert_cmpint (state.next, ==, to + 1);
}

static void
test_count (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(JsonObject) once = NULL;
  g_autoptr(JsonObject) single = NULL;
  guint received;

  run_count (f, 1, 5, WAIT_TIMEOUT_MS);
  g_assert_cmpuint (f->n_received, ==, 5);

  /* Without more, a service must not stream: one reply, the first value. */
  received = f->n_received;
  once = call_ok (f, "org.example.demo.Count", "{\"from\":3,\"to\":9}");
  g_assert_cmpint (json_object_get_int_member (once, "value"), ==, 3);
  g_assert_cmpuint (f->n_received, ==, received + 1);

  /* One value, and delays between values. */
  run_count (f, 7, 7, WAIT_TIMEOUT_MS);
  {
    g_autoptr(JsonObject) parameters = object_from_json ("{\"from\":-2,\"to\":1,\"delay_ms\":30}");
    CountState state = { .next = -2, .to = 1 };
    gint64 start = g_get_monotonic_time ();

    varlink_connection_call (f->connection, "org.example.demo.Count", parameters,
                             VARLINK_CALL_MORE, CALL_TIMEOUT_MS, NULL, count_reply_cb, &state,
                             NULL);
    wait_until (flag_is_set, &state.done, WAIT_TIMEOUT_MS, "Count with a delay");
    g_assert_cmpuint (state.n_replies, ==, 4);
    g_assert_cmpint (g_get_monotonic_time () - start, >=, 3 * 30 * G_TIME_SPAN_MILLISECOND);
  }

  assert_invalid_parameter (f, "org.example.demo.Count", "{\"from\":5,\"to\":4}", "to");
  assert_invalid_parameter (f, "org.example.demo.Count", "{\"from\":1,\"to\":4,\"delay_ms\":-1}",
                            "delay_ms");
  single = call_ok (f, "org.example.demo.Ping", "{\"data\":\"still here\"}");
  g_assert_cmpstr (json_object_get_string_member (single, "data"), ==, "still here");
}

static void
test_count_large (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(JsonObject) reply = NULL;

  run_count (f, 1, 100000, 90000);
  g_assert_cmpuint (f->n_received, ==, 100000);

  /* The stream ended cleanly: the connection carries on. */
  reply = call_ok (f, "org.example.demo.Ping", "{\"data\":\"after\"}");
  g_assert_cmpstr (json_object_get_string_member (reply, "data"), ==, "after");
}

/* A value of type Everything that uses every type form, with values that are easy to get
 * wrong: a 64-bit integer beyond a double's precision, escapes and non-ASCII text, an
 * empty set element, nulls inside a nullable list. */
static const char everything[] =
  "{\"value\":{"
  "\"flag\":true,"
  "\"count\":-9007199254740993,"
  "\"ratio\":0.25,"
  "\"name\":\"h\\u00e9llo \\\"w\\u00f6rld\\\"\\n\\ttab\","
  "\"extra\":{\"nested\":[1,\"two\",null,{\"deep\":false}]},"
  "\"anything\":[1.5,{\"a\":\"b\"}],"
  "\"color\":\"blue\","
  "\"size\":\"medium\","
  "\"origin\":{\"x\":1.5,\"y\":-2.25},"
  "\"box\":{\"corner\":{\"x\":0.5,\"y\":-0.5},\"width\":3.5,\"height\":4.75},"
  "\"tags\":[\"a\",\"b\",\"\"],"
  "\"scores\":{\"alice\":3,\"bob\":-1},"
  "\"labels\":{\"new\":{},\"urgent\":{}},"
  "\"comment\":null,"
  "\"path\":[{\"x\":0.125,\"y\":1e3},null]"
  "}}";

static void
assert_echo (Fixture    *f,
             const char *parameters_json)
{
  VarlinkInterface *demo = get_demo_interface (f);
  VarlinkMember *echo = varlink_interface_lookup (demo, "Echo");
  g_autoptr(JsonObject) sent = object_from_json (parameters_json);
  g_autoptr(JsonObject) reply = call_ok (f, "org.example.demo.Echo", parameters_json);
  g_autoptr(JsonNode) sent_node = json_node_init_object (json_node_alloc (), sent);
  g_autoptr(JsonNode) reply_node = json_node_init_object (json_node_alloc (), reply);
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  g_assert_nonnull (echo);
  if (!varlink_json_equal (sent_node, reply_node))
    {
      g_autofree char *a = varlink_json_to_string (sent_node, FALSE);
      g_autofree char *b = varlink_json_to_string (reply_node, FALSE);

      g_error ("Echo changed the value:\nsent     %s\nreceived %s", a, b);
    }

  /* Strict: the reply has exactly the fields the IDL gives the output. */
  g_assert_true (varlink_type_check (varlink_member_get_output (echo), demo, reply_node,
                                     VARLINK_CHECK_NONE, &path, &error));
  g_assert_no_error (error);
  g_assert_null (path);
}

static void
test_echo (Fixture       *f,
           gconstpointer  data)
{
  VarlinkInterface *demo = get_demo_interface (f);
  VarlinkType *everything_type = varlink_interface_lookup_type (demo, "Everything");
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(JsonNode) wrong = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  VarlinkType *output;

  g_assert_nonnull (everything_type);
  assert_echo (f, everything);

  /* Nullable fields may also be left out. */
  assert_echo (f,
               "{\"value\":{\"flag\":false,\"count\":9223372036854775807,\"ratio\":-3,"
               "\"name\":\"\",\"extra\":{},\"anything\":\"text\",\"color\":\"red\","
               "\"size\":\"large\",\"origin\":{\"x\":0.0,\"y\":0.0},"
               "\"box\":{\"corner\":{\"x\":1.0,\"y\":1.0},\"width\":0.0,\"height\":0.0},"
               "\"tags\":[],\"scores\":{},\"labels\":{},\"path\":[]}}");

  /* The large integer kept every bit. */
  reply = call_ok (f, "org.example.demo.Echo", everything);
  g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (reply, "value"),
                                               "count"), ==, G_GINT64_CONSTANT (-9007199254740993));

  /* The check the test relies on can fail: a reply of the wrong type does not pass. */
  wrong = varlink_json_parse ("{\"value\":{\"flag\":1}}", strlen ("{\"value\":{\"flag\":1}}"),
                              &error);
  g_assert_no_error (error);
  output = varlink_member_get_output (varlink_interface_lookup (demo, "Echo"));
  g_assert_false (varlink_type_check (output, demo, wrong, VARLINK_CHECK_NONE, &path, &error));
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE);
  g_assert_nonnull (path);
}

static void
test_errors (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonObject) quotient = NULL;
  g_autoptr(JsonObject) negative = NULL;
  g_autoptr(JsonObject) division = NULL;
  g_autoptr(JsonObject) point = NULL;
  g_autoptr(JsonObject) not_found = NULL;
  g_autoptr(JsonObject) unimplemented = NULL;
  g_autoptr(JsonObject) expected_more = NULL;
  g_autoptr(JsonObject) expected_upgrade = NULL;
  JsonArray *known;
  JsonObject *position;
  const char *method;

  quotient = call_ok (f, "org.example.demo.Divide", "{\"dividend\":7,\"divisor\":2}");
  g_assert_cmpint (json_object_get_int_member (quotient, "quotient"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (quotient, "remainder"), ==, 1);
  negative = call_ok (f, "org.example.demo.Divide", "{\"dividend\":-7,\"divisor\":2}");
  g_assert_cmpint (json_object_get_int_member (negative, "quotient"), ==, -3);
  g_assert_cmpint (json_object_get_int_member (negative, "remainder"), ==, -1);

  division = call_error (f, "org.example.demo.Divide", "{\"dividend\":7,\"divisor\":0}",
                         "org.example.demo.DivisionByZero");
  g_assert_cmpint (json_object_get_int_member (division, "dividend"), ==, 7);
  g_assert_cmpuint (json_object_get_size (division), ==, 1);

  point = call_ok (f, "org.example.demo.Lookup", "{\"name\":\"north\"}");
  position = json_object_get_object_member (point, "point");
  g_assert_cmpfloat (json_object_get_double_member (position, "x"), ==, 0.0);
  g_assert_cmpfloat (json_object_get_double_member (position, "y"), ==, 1.0);
  g_assert_cmpstr (json_object_get_string_member (point, "color"), ==, "green");

  not_found = call_error (f, "org.example.demo.Lookup", "{\"name\":\"up\"}",
                          "org.example.demo.PointNotFound");
  g_assert_cmpstr (json_object_get_string_member (not_found, "name"), ==, "up");
  known = json_object_get_array_member (not_found, "known");
  g_assert_nonnull (known);
  g_assert_cmpuint (json_array_get_length (known), ==, 5);
  for (guint i = 0; i < json_array_get_length (known); i++)
    {
      g_autoptr(JsonObject) found = NULL;
      g_autofree char *parameters = g_strdup_printf ("{\"name\":\"%s\"}",
                                                     json_array_get_string_element (known, i));

      /* Every name the error offers is one that works. */
      found = call_ok (f, "org.example.demo.Lookup", parameters);
      g_assert_true (json_object_has_member (found, "point"));
    }

  unimplemented = call_error (f, "org.example.demo.Unimplemented", NULL,
                              "org.varlink.service.MethodNotImplemented");
  method = json_object_get_string_member_with_default (unimplemented, "method", NULL);
  g_assert_true (g_strcmp0 (method, "Unimplemented") == 0 ||
                 g_strcmp0 (method, "org.example.demo.Unimplemented") == 0);

  expected_more = call_error (f, "org.example.demo.Ticks", NULL,
                              "org.varlink.service.ExpectedMore");
  expected_upgrade = call_error (f, "org.example.demo.Shout", "{\"greeting\":\"hi\"}",
                                 "org.varlink.service.ExpectedUpgrade");

  /* After all these errors, the connection is still usable. */
  g_assert_false (varlink_connection_is_closed (f->connection));
  g_assert_false (varlink_connection_is_upgraded (f->connection));
}

typedef struct
{
  guint         n_calls;
  VarlinkReply *reply;
  GError       *error;
  gint64        time;
} OneReply;

static void
one_reply_cb (VarlinkConnection *connection,
              VarlinkReply      *reply,
              const GError      *error,
              gpointer           user_data)
{
  OneReply *one = user_data;

  one->n_calls++;
  one->time = g_get_monotonic_time ();
  if (reply != NULL)
    one->reply = varlink_reply_ref (reply);
  if (error != NULL)
    one->error = g_error_copy (error);
}

static gboolean
one_reply_done (gconstpointer data)
{
  const OneReply *one = data;

  return one->n_calls > 0;
}

static void
one_reply_clear (OneReply *one)
{
  g_clear_pointer (&one->reply, varlink_reply_unref);
  g_clear_error (&one->error);
  one->n_calls = 0;
}

typedef struct
{
  guint    n_ticks;
  GError  *error;
  gboolean ended;
} TickState;

static void
tick_cb (VarlinkConnection *connection,
         VarlinkReply      *reply,
         const GError      *error,
         gpointer           user_data)
{
  TickState *state = user_data;
  JsonObject *parameters;
  g_autoptr(GDateTime) time = NULL;

  g_assert_false (state->ended);
  if (reply == NULL)
    {
      g_assert_nonnull (error);
      state->error = g_error_copy (error);
      state->ended = TRUE;
      return;
    }

  g_assert_null (varlink_reply_get_error (reply));
  g_assert_true (varlink_reply_get_continues (reply));
  parameters = varlink_reply_get_parameters (reply);
  g_assert_cmpint (json_object_get_int_member (parameters, "tick"), ==, state->n_ticks + 1);
  time = g_date_time_new_from_iso8601 (json_object_get_string_member (parameters, "time"), NULL);
  g_assert_nonnull (time);
  state->n_ticks++;
}

static gboolean
three_ticks (gconstpointer data)
{
  const TickState *state = data;

  return state->n_ticks >= 3;
}

static void
test_ticks (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonObject) parameters = object_from_json ("{\"interval_ms\":20}");
  TickState state = { 0 };

  {
    g_autoptr(JsonObject) zero = object_from_json ("{\"interval_ms\":0}");
    OneReply one = { 0 };

    varlink_connection_call (f->connection, "org.example.demo.Ticks", zero, VARLINK_CALL_MORE,
                             CALL_TIMEOUT_MS, NULL, one_reply_cb, &one, NULL);
    wait_until (one_reply_done, &one, WAIT_TIMEOUT_MS, "Ticks to refuse an interval of 0");
    g_assert_no_error (one.error);
    g_assert_cmpstr (varlink_reply_get_error (one.reply), ==,
                     "org.varlink.service.InvalidParameter");
    g_assert_cmpstr (json_object_get_string_member (varlink_reply_get_parameters (one.reply),
                                                    "parameter"), ==, "interval_ms");
    g_assert_false (varlink_reply_get_continues (one.reply));
    one_reply_clear (&one);
  }

  varlink_connection_call (f->connection, "org.example.demo.Ticks", parameters, VARLINK_CALL_MORE,
                           CALL_TIMEOUT_MS, cancellable, tick_cb, &state, NULL);
  wait_until (three_ticks, &state, WAIT_TIMEOUT_MS, "three ticks");
  g_assert_false (state.ended);

  /* A stream that never ends is stopped by the client, which closes the connection. */
  g_cancellable_cancel (cancellable);
  wait_until (flag_is_set, &state.ended, WAIT_TIMEOUT_MS, "the end of Ticks");
  g_assert_error (state.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&state.error);
  g_assert_true (varlink_connection_is_closed (f->connection));
}

static gboolean
cancel_cb (gpointer user_data)
{
  g_cancellable_cancel (user_data);
  return G_SOURCE_REMOVE;
}

static void
test_sleep_cancel (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(JsonObject) parameters = object_from_json ("{\"milliseconds\":1500}");
  g_autoptr(JsonObject) slept = NULL;
  g_autoptr(JsonObject) after = NULL;
  OneReply one = { 0 };
  gint64 start;

  slept = call_ok (f, "org.example.demo.Sleep", "{\"milliseconds\":30}");
  g_assert_cmpint (json_object_get_int_member (slept, "slept_ms"), ==, 30);
  assert_invalid_parameter (f, "org.example.demo.Sleep", "{\"milliseconds\":60001}",
                            "milliseconds");

  start = g_get_monotonic_time ();
  varlink_connection_call (f->connection, "org.example.demo.Sleep", parameters, VARLINK_CALL_NONE,
                           CALL_TIMEOUT_MS, cancellable, one_reply_cb, &one, NULL);
  g_timeout_add (50, cancel_cb, cancellable);
  wait_until (one_reply_done, &one, WAIT_TIMEOUT_MS, "the cancelled Sleep");
  g_assert_error (one.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_null (one.reply);
  /* At once, not when the service answers. */
  g_assert_cmpint (one.time - start, <, 1000 * G_TIME_SPAN_MILLISECOND);

  /* The late reply of Sleep is dropped, not taken for the answer to the next call. */
  after = call_ok (f, "org.example.demo.Ping", "{\"data\":\"next\"}");
  g_assert_cmpstr (json_object_get_string_member (after, "data"), ==, "next");
  g_assert_cmpuint (one.n_calls, ==, 1);
  one_reply_clear (&one);
}

static void
test_sleep_timeout (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(JsonObject) parameters = object_from_json ("{\"milliseconds\":5000}");
  OneReply one = { 0 };
  gint64 start = g_get_monotonic_time ();

  varlink_connection_call (f->connection, "org.example.demo.Sleep", parameters, VARLINK_CALL_NONE,
                           200, NULL, one_reply_cb, &one, NULL);
  wait_until (one_reply_done, &one, WAIT_TIMEOUT_MS, "the Sleep to time out");
  g_assert_error (one.error, VARLINK_ERROR, VARLINK_ERROR_TIMED_OUT);
  g_assert_null (one.reply);
  g_assert_cmpint (one.time - start, >=, 200 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpint (one.time - start, <, 4000 * G_TIME_SPAN_MILLISECOND);
  g_assert_cmpuint (one.n_calls, ==, 1);
  one_reply_clear (&one);
}

static void
test_oneway (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(JsonObject) parameters = object_from_json ("{\"message\":\"from test-demo\","
                                                       "\"level\":\"debug\"}");
  g_autoptr(JsonObject) ping = NULL;
  g_autoptr(JsonObject) ping2 = NULL;
  OneReply one = { 0 };

  varlink_connection_call (f->connection, "org.example.demo.Log", parameters, VARLINK_CALL_ONEWAY,
                           CALL_TIMEOUT_MS, NULL, one_reply_cb, &one, NULL);
  wait_until (one_reply_done, &one, WAIT_TIMEOUT_MS, "the oneway call to go out");
  g_assert_null (one.reply);
  g_assert_no_error (one.error);
  g_assert_cmpuint (f->n_sent, ==, 1);

  ping = call_ok (f, "org.example.demo.Ping", "{\"data\":\"own reply\"}");
  g_assert_cmpstr (json_object_get_string_member (ping, "data"), ==, "own reply");
  /* Nothing came back for Log: the one message received is Ping's reply. */
  g_assert_cmpuint (f->n_received, ==, 1);

  /* Nor later. */
  run_for (100);
  ping2 = call_ok (f, "org.example.demo.Ping", "{\"data\":\"again\"}");
  g_assert_cmpstr (json_object_get_string_member (ping2, "data"), ==, "again");
  g_assert_cmpuint (f->n_received, ==, 2);
  g_assert_cmpuint (f->n_sent, ==, 3);
  g_assert_cmpuint (one.n_calls, ==, 1);
  one_reply_clear (&one);
}

static gboolean
raw_complete (gconstpointer data)
{
  const Fixture *f = data;

  return f->raw->len >= strlen ("HIHELLO, WORLD 123");
}

static void
test_upgrade (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(JsonObject) parameters = object_from_json ("{\"greeting\":\"hi\"}");
  g_autoptr(GBytes) bytes = g_bytes_new_static ("hello, World 123", strlen ("hello, World 123"));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonObject) after = NULL;
  OneReply one = { 0 };

  varlink_connection_call (f->connection, "org.example.demo.Shout", parameters,
                           VARLINK_CALL_UPGRADE, CALL_TIMEOUT_MS, NULL, one_reply_cb, &one, NULL);
  wait_until (one_reply_done, &one, WAIT_TIMEOUT_MS, "Shout to confirm");
  g_assert_no_error (one.error);
  g_assert_nonnull (one.reply);
  g_assert_null (varlink_reply_get_error (one.reply));
  g_assert_cmpstr (json_object_get_string_member (varlink_reply_get_parameters (one.reply),
                                                  "protocol"), ==, "uppercase-echo");
  g_assert_true (varlink_connection_is_upgraded (f->connection));

  varlink_connection_send_raw (f->connection, bytes);
  wait_until (raw_complete, f, WAIT_TIMEOUT_MS, "the shouted bytes");
  /* The greeting first, then what was sent, upper-cased. */
  g_assert_cmpstr (f->raw->str, ==, "HIHELLO, WORLD 123");
  one_reply_clear (&one);

  /* No more varlink calls on this connection. */
  after = call (f, "org.example.demo.Ping", "{\"data\":\"x\"}", &error);
  g_assert_null (after);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_UPGRADED);
}

static void
test_invalid_parameter (Fixture       *f,
                        gconstpointer  data)
{
  assert_invalid_parameter (f, "org.example.demo.Ping", "{\"data\":5}", "data");
  assert_invalid_parameter (f, "org.example.demo.Ping", "{}", "data");
  assert_invalid_parameter (f, "org.example.demo.Divide", "{\"dividend\":7,\"divisor\":2.5}",
                            "divisor");
  assert_invalid_parameter (f, "org.example.demo.Count", "{\"from\":\"1\",\"to\":2}", "from");

  /* A mistake deep inside Echo's value is reported as the parameter value. */
  assert_invalid_parameter (f, "org.example.demo.Echo",
                            "{\"value\":{\"flag\":true,\"count\":\"seven\"}}", "value");
  {
    g_autoptr(JsonObject) parameters = object_from_json (everything);
    g_autoptr(JsonObject) reply = NULL;
    g_autoptr(GError) error = NULL;
    g_autofree char *text = NULL;
    JsonObject *value = json_object_get_object_member (parameters, "value");
    GString *out = g_string_new (NULL);

    json_object_set_string_member (value, "color", "purple");
    varlink_json_append_object (out, parameters);
    text = g_string_free (out, FALSE);
    assert_invalid_parameter (f, "org.example.demo.Echo", text, "value");
  }
}

static void
test_method_not_found (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(JsonObject) method = NULL;
  g_autoptr(JsonObject) interface = NULL;
  g_autoptr(JsonObject) ping = NULL;
  const char *name;

  method = call_error (f, "org.example.demo.Nope", NULL, "org.varlink.service.MethodNotFound");
  name = json_object_get_string_member_with_default (method, "method", NULL);
  g_assert_true (g_strcmp0 (name, "Nope") == 0 || g_strcmp0 (name, "org.example.demo.Nope") == 0);

  /* A type is not a method. */
  g_clear_pointer (&method, json_object_unref);
  method = call_error (f, "org.example.demo.Point", NULL, "org.varlink.service.MethodNotFound");

  interface = call_error (f, "org.example.nothing.Ping", "{\"data\":\"x\"}",
                          "org.varlink.service.InterfaceNotFound");
  g_assert_cmpstr (json_object_get_string_member_with_default (interface, "interface", NULL), ==,
                   "org.example.nothing");

  ping = call_ok (f, "org.example.demo.Ping", "{\"data\":\"fine\"}");
  g_assert_cmpstr (json_object_get_string_member (ping, "data"), ==, "fine");
}

/* The program itself ------------------------------------------------------------------- */

typedef struct
{
  char *out;
  char *err;
} Output;

static void
run_demo (const char * const *args,
          int                *exit_status,
          Output             *output)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;

  g_ptr_array_add (argv, (char *) demo_path ());
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  launcher = new_launcher (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  child = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);

  g_subprocess_communicate_utf8_async (child, NULL, NULL, on_result, &result);
  g_subprocess_communicate_utf8_finish (child, wait_result (&result, "the demo's output"),
                                        &output->out, &output->err, &error);
  g_assert_no_error (error);
  wait_exit (child, 10000);
  g_assert_true (g_subprocess_get_if_exited (child));
  *exit_status = g_subprocess_get_exit_status (child);
}

static void
test_help (void)
{
  const char * const args[] = { "--help", NULL };
  Output output = { 0 };
  int status;

  run_demo (args, &status, &output);
  g_assert_cmpint (status, ==, 0);
  g_assert_nonnull (strstr (output.out, "--address"));
  g_assert_nonnull (strstr (output.out, "LISTEN_FDS"));
  g_assert_cmpstr (output.err, ==, "");
  g_free (output.out);
  g_free (output.err);
}

static void
test_no_address (void)
{
  const char * const none[] = { NULL };
  const char * const bad[] = { "--address", "nonsense", NULL };
  const char * const unknown[] = { "--bogus", NULL };
  Output output = { 0 };
  int status;

  /* Neither an address nor activation: nothing to serve, and a message that says how. */
  run_demo (none, &status, &output);
  g_assert_cmpint (status, !=, 0);
  g_assert_cmpstr (output.out, ==, "");
  g_assert_nonnull (strstr (output.err, "--address"));
  g_assert_nonnull (strstr (output.err, "--help"));
  g_clear_pointer (&output.out, g_free);
  g_clear_pointer (&output.err, g_free);

  run_demo (bad, &status, &output);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (output.err, "nonsense"));
  g_clear_pointer (&output.out, g_free);
  g_clear_pointer (&output.err, g_free);

  run_demo (unknown, &status, &output);
  g_assert_cmpint (status, !=, 0);
  g_assert_nonnull (strstr (output.err, "--bogus"));
  g_clear_pointer (&output.out, g_free);
  g_clear_pointer (&output.err, g_free);
}

static void
test_sigterm (void)
{
  g_autofree char *address = abstract_address ();
  g_autoptr(GSubprocess) child = start_with_address (address);
  g_autoptr(VarlinkConnection) connection = connect_when_ready (child, address);
  g_autoptr(JsonObject) parameters = object_from_json ("{\"milliseconds\":30000}");
  g_autoptr(VarlinkConnection) again = NULL;
  g_autoptr(GError) error = NULL;
  OneReply one = { 0 };

  /* Stopped in the middle of a call, with a client connected. */
  varlink_connection_call (connection, "org.example.demo.Sleep", parameters, VARLINK_CALL_NONE,
                           0, NULL, one_reply_cb, &one, NULL);
  run_for (100);
  g_assert_cmpuint (one.n_calls, ==, 0);

  terminate (child);

  /* The client learns that the service went away. */
  wait_until (one_reply_done, &one, WAIT_TIMEOUT_MS, "the client to see the end");
  g_assert_null (one.reply);
  g_assert_error (one.error, VARLINK_ERROR, VARLINK_ERROR_CLOSED);
  one_reply_clear (&one);

  /* And nothing listens on the address any more. */
  again = connect_once (address, &error);
  g_assert_null (again);
  g_assert_nonnull (error);
}

int
main (int   argc,
      char *argv[])
{
  static const struct {
    const char *name;
    StartMode   mode;
  } modes[] = {
    { "exec", START_EXEC },
    { "activation", START_ACTIVATION },
    { "abstract", START_ABSTRACT },
  };
  static const struct {
    const char *name;
    void      (*func) (Fixture *, gconstpointer);
  } tests[] = {
    { "info", test_info },
    { "description", test_description },
    { "ping", test_ping },
    { "count", test_count },
    { "count-large", test_count_large },
    { "echo", test_echo },
    { "errors", test_errors },
    { "ticks", test_ticks },
    { "sleep-cancel", test_sleep_cancel },
    { "sleep-timeout", test_sleep_timeout },
    { "oneway", test_oneway },
    { "upgrade", test_upgrade },
    { "invalid-parameter", test_invalid_parameter },
    { "method-not-found", test_method_not_found },
  };

  g_test_init (&argc, &argv, NULL);

  for (guint m = 0; m < G_N_ELEMENTS (modes); m++)
    {
      for (guint t = 0; t < G_N_ELEMENTS (tests); t++)
        {
          g_autofree char *path = g_strdup_printf ("/demo/%s/%s", modes[m].name, tests[t].name);

          g_test_add (path, Fixture, GINT_TO_POINTER (modes[m].mode), fixture_set_up,
                      tests[t].func, fixture_tear_down);
        }
    }
  g_test_add_func ("/demo/help", test_help);
  g_test_add_func ("/demo/no-address", test_no_address);
  g_test_add_func ("/demo/sigterm", test_sigterm);

  return g_test_run ();
}
