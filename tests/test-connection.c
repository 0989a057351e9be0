/* test-connection.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "varlink.h"

/* The service side is played by the test through a bare wire on the other end of a socket
 * pair, so that every byte it sends is under the test's control. */
typedef struct {
  VarlinkWire       *peer;
  GPtrArray         *received;     /* JsonNode: calls the peer got */
  GString           *peer_raw;
  gboolean           peer_raw_after_call;
  VarlinkConnection *connection;
  GPtrArray         *events;       /* char *: what the client saw, in order */
  GString           *client_raw;
  guint              closed_signals;
  GError            *closed_error;
  guint              closed_notifies;
  guint              upgraded_notifies;
  guint              busy_poll_notifies;
  int                client_fd;    /* owned by the connection */
} Fixture;

static void
peer_message (gpointer  user_data,
              char     *data,
              gsize     length)
{
  Fixture *f = user_data;
  g_autoptr(GError) error = NULL;
  JsonNode *node = varlink_json_parse (data, length, &error);

  g_assert_no_error (error);
  g_ptr_array_add (f->received, node);

  if (f->peer_raw_after_call)
    varlink_wire_set_raw (f->peer);
}

static void
peer_raw (gpointer      user_data,
          const guint8 *data,
          gsize         length)
{
  Fixture *f = user_data;

  g_string_append_len (f->peer_raw, (const char *) data, length);
}

static void
peer_closed (gpointer      user_data,
             const GError *error)
{
}

static const VarlinkWireFuncs peer_funcs = {
  .message = peer_message,
  .raw = peer_raw,
  .closed = peer_closed,
};

static void
on_closed_signal (VarlinkConnection *connection,
                  const GError      *error,
                  Fixture           *f)
{
  f->closed_signals++;
  g_clear_error (&f->closed_error);
  f->closed_error = error ? g_error_copy (error) : NULL;
}

static void
on_notify (GObject    *object,
           GParamSpec *pspec,
           Fixture    *f)
{
  if (g_str_equal (pspec->name, "closed"))
    f->closed_notifies++;
  else if (g_str_equal (pspec->name, "upgraded"))
    f->upgraded_notifies++;
  else if (g_str_equal (pspec->name, "busy-poll"))
    f->busy_poll_notifies++;
}

static void
on_raw_data (VarlinkConnection *connection,
             GBytes            *bytes,
             Fixture           *f)
{
  gsize length;
  const char *data = g_bytes_get_data (bytes, &length);

  g_string_append_len (f->client_raw, data, length);
}

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GSocket) socket = NULL;
  g_autoptr(GSocketConnection) stream = NULL;
  g_autoptr(GError) error = NULL;
  int fds[2];

  g_assert_no_errno (socketpair (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds));

  f->received = g_ptr_array_new_with_free_func ((GDestroyNotify) json_node_unref);
  f->events = g_ptr_array_new_with_free_func (g_free);
  f->peer_raw = g_string_new (NULL);
  f->client_raw = g_string_new (NULL);
  f->peer = varlink_wire_new (fds[1], fds[1], NULL, &peer_funcs, f);

  f->client_fd = fds[0];
  socket = g_socket_new_from_fd (fds[0], &error);
  g_assert_no_error (error);
  stream = g_socket_connection_factory_create_connection (socket);
  f->connection = varlink_connection_new_for_stream (G_IO_STREAM (stream), &error);
  g_assert_no_error (error);
  g_assert_null (varlink_connection_get_address (f->connection));

  g_signal_connect (f->connection, "closed", G_CALLBACK (on_closed_signal), f);
  g_signal_connect (f->connection, "notify", G_CALLBACK (on_notify), f);
  g_signal_connect (f->connection, "raw-data", G_CALLBACK (on_raw_data), f);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_clear_object (&f->connection);
  g_clear_object (&f->peer);
  g_ptr_array_unref (f->received);
  g_ptr_array_unref (f->events);
  g_string_free (f->peer_raw, TRUE);
  g_string_free (f->client_raw, TRUE);
  g_clear_error (&f->closed_error);
}

static void
peer_send (Fixture    *f,
           const char *json)
{
  GString *out = varlink_wire_begin_message (f->peer);

  g_string_append (out, json);
  varlink_wire_end_message (f->peer);
}

static void
iterate_until (gboolean (*done) (Fixture *f, guint n),
               Fixture  *f,
               guint     n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!done (f, n))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static void
iterate_briefly (void)
{
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
}

static gboolean
received_n (Fixture *f,
            guint    n)
{
  return f->received->len >= n;
}

static gboolean
events_n (Fixture *f,
          guint    n)
{
  return f->events->len >= n;
}

static gboolean
closed_n (Fixture *f,
          guint    n)
{
  return f->closed_signals >= n;
}

static JsonObject *
received_object (Fixture *f,
                 guint    i)
{
  return json_node_get_object (g_ptr_array_index (f->received, i));
}

static const char *
event (Fixture *f,
       guint    i)
{
  return g_ptr_array_index (f->events, i);
}

typedef struct {
  Fixture *f;
  char    *tag;
} CallData;

static void
call_data_free (gpointer user_data)
{
  CallData *data = user_data;

  g_ptr_array_add (data->f->events, g_strdup_printf ("%s:destroy", data->tag));
  g_free (data->tag);
  g_free (data);
}

/* Records each reply as "tag:PARAMS[+]" (+ when more follow), "tag:error NAME",
 * "tag:gerror DOMAIN-CODE: message" or "tag:sent". */
static void
on_reply (VarlinkConnection *connection,
          VarlinkReply      *reply,
          const GError      *error,
          gpointer           user_data)
{
  CallData *data = user_data;
  char *text;

  if (error != NULL)
    {
      g_assert_null (reply);
      text = g_strdup_printf ("%s:gerror %s-%d: %s", data->tag, g_quark_to_string (error->domain),
                              error->code, error->message);
    }
  else if (reply == NULL)
    {
      text = g_strdup_printf ("%s:sent", data->tag);
    }
  else if (varlink_reply_get_error (reply) != NULL)
    {
      text = g_strdup_printf ("%s:error %s", data->tag, varlink_reply_get_error (reply));
    }
  else
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), varlink_reply_get_parameters (reply));
      g_autofree char *json = varlink_json_to_string (node, FALSE);

      g_assert_cmpint (varlink_reply_get_time (reply), >, 0);
      text = g_strdup_printf ("%s:%s%s", data->tag, json, varlink_reply_get_continues (reply) ? "+" : "");
    }

  g_ptr_array_add (data->f->events, text);
}

static void
call (Fixture          *f,
      const char       *tag,
      const char       *method,
      const char       *parameters_json,
      VarlinkCallFlags  flags,
      guint             timeout_ms,
      GCancellable     *cancellable)
{
  g_autoptr(JsonNode) parameters = NULL;
  CallData *data = g_new0 (CallData, 1);

  data->f = f;
  data->tag = g_strdup (tag);
  if (parameters_json != NULL)
    parameters = varlink_json_parse (parameters_json, strlen (parameters_json), NULL);

  varlink_connection_call (f->connection, method,
                           parameters ? json_node_get_object (parameters) : NULL,
                           flags, timeout_ms, cancellable, on_reply, data, call_data_free);
}

static int
bytes_waiting (int fd)
{
  int n = -1;

  g_assert_no_errno (ioctl (fd, FIONREAD, &n));
  return n;
}

static void
test_busy_poll (Fixture       *f,
                gconstpointer  data)
{
  static const char reply[] = "{\"parameters\":{\"data\":\"x\"}}";
  const char *env = g_getenv ("VARLINK_BUSY_POLL");

  g_assert_cmpint (varlink_connection_get_busy_poll (f->connection), ==, g_strcmp0 (env, "0") != 0);

  varlink_connection_set_busy_poll (f->connection, FALSE);
  varlink_connection_set_busy_poll (f->connection, FALSE);
  g_assert_false (varlink_connection_get_busy_poll (f->connection));
  g_assert_cmpuint (f->busy_poll_notifies, ==, g_strcmp0 (env, "0") != 0 ? 1 : 0);

  /* Off: the reply, already there when the call is made, stays in the socket until the
   * main loop reads it. */
  peer_send (f, reply);
  call (f, "a", "org.example.demo.Ping", "{\"data\":\"x\"}", VARLINK_CALL_NONE, 0, NULL);
  g_assert_cmpint (bytes_waiting (f->client_fd), ==, sizeof reply);
  g_assert_cmpuint (f->events->len, ==, 0);
  iterate_until (events_n, f, 2);
  g_assert_cmpstr (event (f, 0), ==, "a:{\"data\":\"x\"}");

  if (varlink_wire_get_usable_cpus () < 2)
    {
      g_test_skip ("Busy-poll is off on a single CPU");
      return;
    }

  /* On: the call reads it at once, yet the reply is only delivered from the main loop,
   * by an iteration that does not have to wait for the socket. */
  g_object_set (f->connection, "busy-poll", TRUE, NULL);
  g_assert_true (varlink_connection_get_busy_poll (f->connection));
  peer_send (f, reply);
  call (f, "b", "org.example.demo.Ping", "{\"data\":\"x\"}", VARLINK_CALL_NONE, 0, NULL);
  g_assert_cmpint (bytes_waiting (f->client_fd), ==, 0);
  g_assert_cmpuint (f->events->len, ==, 2);
  for (guint i = 0; i < 5 && f->events->len < 4; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (f->events->len, ==, 4);
  g_assert_cmpstr (event (f, 2), ==, "b:{\"data\":\"x\"}");
  g_assert_cmpstr (event (f, 3), ==, "b:destroy");

  /* The peer did get both calls. */
  iterate_until (received_n, f, 2);
}

static void
test_pipelining (Fixture       *f,
                 gconstpointer  data)
{
  call (f, "a", "org.example.demo.Ping", "{\"data\":\"one\"}", VARLINK_CALL_NONE, 0, NULL);
  call (f, "b", "org.example.demo.Ping", "{\"data\":\"two\"}", VARLINK_CALL_NONE, 0, NULL);
  call (f, "c", "org.example.demo.Nothing", NULL, VARLINK_CALL_NONE, 0, NULL);

  /* Nothing is called back from inside the call. */
  g_assert_cmpuint (f->events->len, ==, 0);

  iterate_until (received_n, f, 3);
  g_assert_cmpstr (json_object_get_string_member (received_object (f, 0), "method"), ==, "org.example.demo.Ping");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (received_object (f, 1), "parameters"), "data"), ==, "two");
  g_assert_false (json_object_has_member (received_object (f, 2), "parameters"));
  g_assert_false (json_object_has_member (received_object (f, 0), "more"));
  g_assert_false (json_object_has_member (received_object (f, 0), "oneway"));

  /* Replies carry no call id: they are matched in order. */
  peer_send (f, "{\"parameters\":{\"data\":\"one\"}}");
  peer_send (f, "{\"parameters\":{\"data\":\"two\"},\"org.example.vendor\":{\"x\":1}}");
  peer_send (f, "{\"error\":\"org.example.demo.Nope\",\"parameters\":{\"why\":\"because\"}}");
  iterate_until (events_n, f, 6);

  g_assert_cmpstr (event (f, 0), ==, "a:{\"data\":\"one\"}");
  g_assert_cmpstr (event (f, 1), ==, "a:destroy");
  g_assert_cmpstr (event (f, 2), ==, "b:{\"data\":\"two\"}");
  g_assert_cmpstr (event (f, 3), ==, "b:destroy");
  g_assert_cmpstr (event (f, 4), ==, "c:error org.example.demo.Nope");
  g_assert_cmpstr (event (f, 5), ==, "c:destroy");
  g_assert_false (varlink_connection_is_closed (f->connection));
}

static void
test_more (Fixture       *f,
           gconstpointer  data)
{
  call (f, "m", "org.example.demo.Count", "{\"from\":1,\"to\":3}", VARLINK_CALL_MORE, 0, NULL);
  call (f, "n", "org.example.demo.Ping", "{}", VARLINK_CALL_NONE, 0, NULL);
  iterate_until (received_n, f, 2);
  g_assert_true (json_object_get_boolean_member (received_object (f, 0), "more"));

  peer_send (f, "{\"parameters\":{\"value\":1},\"continues\":true}");
  iterate_until (events_n, f, 1);
  g_assert_cmpstr (event (f, 0), ==, "m:{\"value\":1}+");

  peer_send (f, "{\"parameters\":{\"value\":2},\"continues\":true}");
  /* The last reply of a stream may leave "continues" out (libvarlink, systemd) ... */
  peer_send (f, "{\"parameters\":{\"value\":3}}");
  /* ... or say false (python). */
  peer_send (f, "{\"parameters\":{},\"continues\":false}");
  iterate_until (events_n, f, 6);

  g_assert_cmpstr (event (f, 1), ==, "m:{\"value\":2}+");
  g_assert_cmpstr (event (f, 2), ==, "m:{\"value\":3}");
  g_assert_cmpstr (event (f, 3), ==, "m:destroy");
  g_assert_cmpstr (event (f, 4), ==, "n:{}");
  g_assert_cmpstr (event (f, 5), ==, "n:destroy");
}

static void
test_more_error (Fixture       *f,
                 gconstpointer  data)
{
  call (f, "m", "org.example.demo.Count", NULL, VARLINK_CALL_MORE, 0, NULL);
  iterate_until (received_n, f, 1);
  peer_send (f, "{\"parameters\":{\"value\":1},\"continues\":true}");
  peer_send (f, "{\"error\":\"org.example.demo.Broken\"}");
  iterate_until (events_n, f, 3);
  g_assert_cmpstr (event (f, 0), ==, "m:{\"value\":1}+");
  g_assert_cmpstr (event (f, 1), ==, "m:error org.example.demo.Broken");
  g_assert_cmpstr (event (f, 2), ==, "m:destroy");
}

static void
test_oneway (Fixture       *f,
             gconstpointer  data)
{
  call (f, "o", "org.example.demo.Log", "{\"line\":\"x\"}", VARLINK_CALL_ONEWAY, 0, NULL);
  call (f, "p", "org.example.demo.Ping", NULL, VARLINK_CALL_NONE, 0, NULL);
  iterate_until (received_n, f, 2);
  iterate_until (events_n, f, 2);

  g_assert_true (json_object_get_boolean_member (received_object (f, 0), "oneway"));
  g_assert_cmpstr (event (f, 0), ==, "o:sent");
  g_assert_cmpstr (event (f, 1), ==, "o:destroy");

  /* The oneway call took no slot: the only reply is for the next call. */
  peer_send (f, "{\"parameters\":{\"data\":\"pong\"}}");
  iterate_until (events_n, f, 4);
  g_assert_cmpstr (event (f, 2), ==, "p:{\"data\":\"pong\"}");
}

static void
test_timeout (Fixture       *f,
              gconstpointer  data)
{
  gint64 start = g_get_monotonic_time ();

  call (f, "t", "org.example.demo.Sleep", NULL, VARLINK_CALL_NONE, 100, NULL);
  call (f, "u", "org.example.demo.Ping", NULL, VARLINK_CALL_NONE, 0, NULL);
  iterate_until (events_n, f, 2);

  g_assert_cmpint (g_get_monotonic_time () - start, >=, 100 * 1000);
  g_assert_cmpstr (event (f, 0), ==, "t:gerror VarlinkError-4: The service did not answer within 100 milliseconds");
  g_assert_cmpstr (event (f, 1), ==, "t:destroy");

  /* The late reply to the timed-out call is dropped; the next one goes to "u". */
  peer_send (f, "{\"parameters\":{\"late\":true}}");
  peer_send (f, "{\"parameters\":{\"data\":\"u\"}}");
  iterate_until (events_n, f, 4);
  g_assert_cmpstr (event (f, 2), ==, "u:{\"data\":\"u\"}");
  g_assert_false (varlink_connection_is_closed (f->connection));
}

static void
test_timeout_between_replies (Fixture       *f,
                              gconstpointer  data)
{
  /* The timeout is the longest wait for the next reply, not for the whole stream. */
  call (f, "m", "org.example.demo.Count", NULL, VARLINK_CALL_MORE, 300, NULL);
  iterate_until (received_n, f, 1);

  for (guint i = 0; i < 4; i++)
    {
      gint64 until = g_get_monotonic_time () + 150 * 1000;

      peer_send (f, "{\"parameters\":{},\"continues\":true}");
      while (g_get_monotonic_time () < until)
        g_main_context_iteration (NULL, FALSE);
    }
  g_assert_cmpuint (f->events->len, ==, 4);
  for (guint i = 0; i < 4; i++)
    g_assert_cmpstr (event (f, i), ==, "m:{}+");

  /* Then silence: the stream times out, and since it cannot be stopped otherwise, the
   * connection is closed. */
  iterate_until (events_n, f, 6);
  g_assert_true (g_str_has_prefix (event (f, 4), "m:gerror VarlinkError-4:"));
  g_assert_true (varlink_connection_is_closed (f->connection));
}

static void
test_cancel (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GCancellable) precancelled = g_cancellable_new ();

  call (f, "c", "org.example.demo.Sleep", NULL, VARLINK_CALL_NONE, 0, cancellable);
  call (f, "d", "org.example.demo.Ping", NULL, VARLINK_CALL_NONE, 0, NULL);
  iterate_until (received_n, f, 2);

  g_cancellable_cancel (cancellable);
  iterate_until (events_n, f, 2);
  g_assert_cmpstr (event (f, 0), ==, "c:gerror g-io-error-quark-19: The call was cancelled");
  g_assert_cmpstr (event (f, 1), ==, "c:destroy");

  peer_send (f, "{\"parameters\":{\"late\":true}}");
  peer_send (f, "{\"parameters\":{\"data\":\"d\"}}");
  iterate_until (events_n, f, 4);
  g_assert_cmpstr (event (f, 2), ==, "d:{\"data\":\"d\"}");

  /* A call whose cancellable is already cancelled is not sent. */
  g_cancellable_cancel (precancelled);
  call (f, "e", "org.example.demo.Ping", NULL, VARLINK_CALL_NONE, 0, precancelled);
  g_assert_cmpuint (f->events->len, ==, 4);
  iterate_until (events_n, f, 6);
  g_assert_cmpstr (event (f, 4), ==, "e:gerror g-io-error-quark-19: The call was cancelled");
  iterate_briefly ();
  g_assert_cmpuint (f->received->len, ==, 2);
  g_assert_false (varlink_connection_is_closed (f->connection));
}

static void
test_cancel_stream (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();

  call (f, "s", "org.example.demo.Count", NULL, VARLINK_CALL_MORE, 0, cancellable);
  call (f, "t", "org.example.demo.Ping", NULL, VARLINK_CALL_NONE, 0, NULL);
  iterate_until (received_n, f, 2);
  peer_send (f, "{\"parameters\":{\"value\":1},\"continues\":true}");
  iterate_until (events_n, f, 1);

  /* Hanging up is the only way to stop a stream: every pending call ends. */
  g_cancellable_cancel (cancellable);
  iterate_until (events_n, f, 5);
  g_assert_cmpstr (event (f, 1), ==, "s:gerror g-io-error-quark-19: The call was cancelled");
  g_assert_cmpstr (event (f, 2), ==, "s:destroy");
  g_assert_true (g_str_has_prefix (event (f, 3), "t:gerror VarlinkError-1:"));
  g_assert_true (varlink_connection_is_closed (f->connection));
  g_assert_cmpuint (f->closed_signals, ==, 1);
  g_assert_cmpuint (f->closed_notifies, ==, 1);
}

static void
test_peer_closes (Fixture       *f,
                  gconstpointer  data)
{
  call (f, "a", "org.example.demo.Crash", NULL, VARLINK_CALL_NONE, 0, NULL);
  call (f, "b", "org.example.demo.Ping", NULL, VARLINK_CALL_NONE, 0, NULL);
  iterate_until (received_n, f, 2);

  varlink_wire_close (f->peer);
  iterate_until (closed_n, f, 1);

  g_assert_no_error (f->closed_error);
  g_assert_cmpuint (f->closed_notifies, ==, 1);
  g_assert_true (varlink_connection_is_closed (f->connection));
  g_assert_cmpuint (f->events->len, ==, 4);
  g_assert_true (g_str_has_prefix (event (f, 0), "a:gerror VarlinkError-1: The service closed the connection"));
  g_assert_nonnull (strstr (event (f, 0), "malformed"));
  g_assert_nonnull (strstr (event (f, 0), "crashed"));
  g_assert_true (g_str_has_prefix (event (f, 2), "b:gerror VarlinkError-1:"));

  /* Later calls fail, from the main loop. */
  call (f, "c", "org.example.demo.Ping", NULL, VARLINK_CALL_NONE, 0, NULL);
  g_assert_cmpuint (f->events->len, ==, 4);
  iterate_until (events_n, f, 6);
  g_assert_cmpstr (event (f, 4), ==, "c:gerror VarlinkError-1: The connection is closed");
}

static void
assert_garbage_closes (Fixture    *f,
                       const char *garbage,
                       gsize       length,
                       VarlinkCallFlags flags,
                       const char *expected_words)
{
  g_autofree char *prefix = NULL;

  call (f, "g", "org.example.demo.Ping", NULL, flags, 0, NULL);
  call (f, "h", "org.example.demo.Ping", NULL, VARLINK_CALL_NONE, 0, NULL);
  iterate_until (received_n, f, 2);

  {
    GString *out = varlink_wire_begin_message (f->peer);

    g_string_append_len (out, garbage, length);
    varlink_wire_end_message (f->peer);
  }
  iterate_until (closed_n, f, 1);

  g_assert_error (f->closed_error, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL);
  if (strstr (f->closed_error->message, expected_words) == NULL)
    g_error ("\"%s\" does not say \"%s\"", f->closed_error->message, expected_words);
  g_assert_true (varlink_connection_is_closed (f->connection));

  /* Both calls end with the reason. */
  prefix = g_strdup_printf ("g:gerror VarlinkError-2: %s", f->closed_error->message);
  g_assert_cmpuint (f->events->len, ==, 4);
  g_assert_cmpstr (event (f, 0), ==, prefix);
  g_assert_true (g_str_has_prefix (event (f, 2), "h:gerror VarlinkError-2:"));
}

static void
test_garbage_json (Fixture *f, gconstpointer data)
{
  assert_garbage_closes (f, "{\"parameters\":", 14, VARLINK_CALL_NONE, "not valid JSON");
}

static void
test_garbage_not_object (Fixture *f, gconstpointer data)
{
  assert_garbage_closes (f, "[1,2]", 5, VARLINK_CALL_NONE, "not a JSON object");
}

static void
test_garbage_member (Fixture *f, gconstpointer data)
{
  assert_garbage_closes (f, "{\"parameters\":{},\"bogus\":1}", 27, VARLINK_CALL_NONE, "unknown member \"bogus\"");
}

static void
test_garbage_member_type (Fixture *f, gconstpointer data)
{
  assert_garbage_closes (f, "{\"parameters\":[]}", 17, VARLINK_CALL_NONE, "wrong type");
}

static void
test_garbage_continues (Fixture *f, gconstpointer data)
{
  assert_garbage_closes (f, "{\"parameters\":{},\"continues\":true}", 34, VARLINK_CALL_NONE, "without “more”");
}

static void
test_garbage_unexpected (Fixture       *f,
                         gconstpointer  data)
{
  peer_send (f, "{\"parameters\":{}}");
  iterate_until (closed_n, f, 1);
  g_assert_error (f->closed_error, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL);
  g_assert_nonnull (strstr (f->closed_error->message, "no call was waiting"));
}

static void
test_too_large (Fixture       *f,
                gconstpointer  data)
{
  GString *big = g_string_new ("{\"parameters\":{\"data\":\"");

  varlink_connection_set_max_message_size (f->connection, 1024);
  call (f, "l", "org.example.demo.Big", NULL, VARLINK_CALL_NONE, 0, NULL);
  iterate_until (received_n, f, 1);

  for (guint i = 0; i < 2000; i++)
    g_string_append_c (big, 'x');
  g_string_append (big, "\"}}");
  peer_send (f, big->str);
  iterate_until (closed_n, f, 1);

  g_assert_error (f->closed_error, VARLINK_ERROR, VARLINK_ERROR_MESSAGE_TOO_LARGE);
  g_assert_true (g_str_has_prefix (event (f, 0), "l:gerror VarlinkError-3: The service sent a reply larger than the limit"));
  /* g_format_size() may put a no-break space between number and unit. */
  g_assert_nonnull (strstr (event (f, 0), "limit of 1.0"));
  g_assert_nonnull (strstr (event (f, 0), "kB"));
  g_string_free (big, TRUE);
}

static gboolean
client_raw_n (Fixture *f,
              guint    n)
{
  return f->client_raw->len >= n;
}

static gboolean
peer_raw_n (Fixture *f,
            guint    n)
{
  return f->peer_raw->len >= n;
}

static void
test_upgrade (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("client\0bytes", 12);

  f->peer_raw_after_call = TRUE;
  call (f, "u", "org.example.demo.Upgrade", NULL, VARLINK_CALL_UPGRADE, 0, NULL);
  /* Nothing may follow an upgrade call. */
  call (f, "v", "org.example.demo.Ping", NULL, VARLINK_CALL_NONE, 0, NULL);
  iterate_until (received_n, f, 1);
  g_assert_true (json_object_get_boolean_member (received_object (f, 0), "upgrade"));

  /* The confirming reply and the first raw bytes arrive in one piece. */
  {
    GString *out = varlink_wire_begin_message (f->peer);

    g_string_append (out, "{\"parameters\":{}}");
    varlink_wire_cork (f->peer);
    varlink_wire_end_message (f->peer);
    varlink_wire_send_raw (f->peer, (const guint8 *) "raw\0one", 7);
    varlink_wire_uncork (f->peer);
  }

  iterate_until (client_raw_n, f, 7);
  g_assert_cmpint (memcmp (f->client_raw->str, "raw\0one", 7), ==, 0);
  g_assert_true (varlink_connection_is_upgraded (f->connection));
  g_assert_cmpuint (f->upgraded_notifies, ==, 1);

  g_assert_cmpuint (f->events->len, >=, 4);
  g_assert_cmpstr (event (f, 0), ==, "v:gerror VarlinkError-8: The connection was upgraded and no longer carries varlink calls");
  g_assert_cmpstr (event (f, 2), ==, "u:{}");

  varlink_wire_send_raw (f->peer, (const guint8 *) "\0two", 4);
  iterate_until (client_raw_n, f, 11);
  g_assert_cmpint (memcmp (f->client_raw->str, "raw\0one\0two", 11), ==, 0);

  varlink_connection_send_raw (f->connection, bytes);
  iterate_until (peer_raw_n, f, 12);
  g_assert_cmpint (memcmp (f->peer_raw->str, "client\0bytes", 12), ==, 0);
}

static void
test_invalid_calls (Fixture       *f,
                    gconstpointer  data)
{
  call (f, "a", "NoDot", NULL, VARLINK_CALL_NONE, 0, NULL);
  call (f, "b", "org.example.demo.Ping\"", NULL, VARLINK_CALL_NONE, 0, NULL);
  call (f, "c", "org.example.demo.Ping", NULL, VARLINK_CALL_ONEWAY | VARLINK_CALL_MORE, 0, NULL);
  iterate_until (events_n, f, 6);
  g_assert_true (g_str_has_prefix (event (f, 0), "a:gerror VarlinkError-7: “NoDot” is not a method name"));
  g_assert_true (g_str_has_prefix (event (f, 2), "b:gerror VarlinkError-7:"));
  g_assert_true (g_str_has_prefix (event (f, 4), "c:gerror VarlinkError-7:"));
  iterate_briefly ();
  g_assert_cmpuint (f->received->len, ==, 0);
}

static void
on_observe (gpointer          user_data,
            VarlinkDirection  direction,
            gint64            time_us,
            const char       *data,
            gsize             length)
{
  Fixture *f = user_data;

  g_ptr_array_add (f->events, g_strdup_printf ("%s %.*s", direction == VARLINK_DIRECTION_SENT ? ">" : "<",
                                               (int) length, data));
}

static void
test_observer (Fixture       *f,
               gconstpointer  data)
{
  varlink_connection_set_observer (f->connection, on_observe, f, NULL);
  call (f, "a", "org.example.demo.Ping", "{\"data\":\"x\"}", VARLINK_CALL_MORE, 0, NULL);
  g_assert_cmpuint (f->events->len, ==, 1);
  g_assert_cmpstr (event (f, 0), ==, "> {\"method\":\"org.example.demo.Ping\",\"parameters\":{\"data\":\"x\"},\"more\":true}");

  iterate_until (received_n, f, 1);
  peer_send (f, "{\"parameters\":{\"data\":\"x\"}}");
  iterate_until (events_n, f, 4);
  g_assert_cmpstr (event (f, 1), ==, "< {\"parameters\":{\"data\":\"x\"}}");
  g_assert_cmpstr (event (f, 2), ==, "a:{\"data\":\"x\"}");
}

static void
test_close_by_client (Fixture       *f,
                      gconstpointer  data)
{
  call (f, "a", "org.example.demo.Sleep", NULL, VARLINK_CALL_NONE, 0, NULL);
  varlink_connection_close (f->connection);

  g_assert_true (varlink_connection_is_closed (f->connection));
  g_assert_cmpuint (f->closed_notifies, ==, 1);
  g_assert_cmpuint (f->events->len, ==, 2);
  g_assert_cmpstr (event (f, 0), ==, "a:gerror VarlinkError-1: The connection was closed by the client");

  /* Once only. */
  varlink_connection_close (f->connection);
  g_assert_cmpuint (f->closed_notifies, ==, 1);
  g_assert_cmpuint (f->closed_signals, ==, 1);
}

/* Against real services */

static void
on_result (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **slot)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (*slot == NULL)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
  return *slot;
}

static void
test_connect_missing (void)
{
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VarlinkConnection) connection = NULL;

  varlink_connection_new_async ("unix:/nonexistent/varlink.sock", NULL, on_result, &result);
  connection = varlink_connection_new_finish (wait_result (&result), &error);
  g_assert_null (connection);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_nonnull (strstr (error->message, "There is no socket at unix:/nonexistent/varlink.sock"));

  g_clear_object (&result);
  g_clear_error (&error);
  varlink_connection_new_async ("tcp:localhost:99999", NULL, on_result, &result);
  connection = varlink_connection_new_finish (wait_result (&result), &error);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_INVALID_ADDRESS);
  g_assert_nonnull (strstr (error->message, "port 99999 is out of range"));
}

static void
on_count_reply (VarlinkConnection *connection,
                VarlinkReply      *reply,
                const GError      *error,
                gpointer           user_data)
{
  gint64 *state = user_data;   /* [0] next expected value, [1] done */

  g_assert_no_error (error);
  g_assert_null (varlink_reply_get_error (reply));
  g_assert_cmpint (json_object_get_int_member (varlink_reply_get_parameters (reply), "value"), ==, state[0]);
  state[0]++;
  if (!varlink_reply_get_continues (reply))
    state[1] = 1;
}

static void
test_exec_demo (void)
{
  const char *demo = g_getenv ("VARLINK_EXPLORER_DEMO");
  g_autofree char *address = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(VarlinkConnection) connection = NULL;
  g_autoptr(JsonObject) parameters = json_object_new ();
  g_autoptr(JsonObject) reply = NULL;
  g_autoptr(VarlinkInfo) info = NULL;
  g_autofree char *description = NULL;
  gint64 state[2] = { 5, 0 };

  g_assert_nonnull (demo);
  address = g_strdup_printf ("exec:%s", demo);

  varlink_connection_new_async (address, NULL, on_result, &result);
  connection = varlink_connection_new_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (varlink_connection_get_address (connection), ==, address);

  json_object_set_string_member (parameters, "data", "ping");
  g_clear_object (&result);
  varlink_connection_call_async (connection, "org.example.demo.Ping", parameters, 10000, NULL, on_result, &result);
  reply = varlink_connection_call_finish (connection, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (reply, "data"), ==, "ping");

  g_clear_object (&result);
  varlink_connection_get_info_async (connection, 10000, NULL, on_result, &result);
  info = varlink_connection_get_info_finish (connection, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_true (g_strv_contains ((const char * const *) info->interfaces, "org.example.demo"));
  g_assert_true (g_strv_contains ((const char * const *) info->interfaces, "org.varlink.service"));

  g_clear_object (&result);
  varlink_connection_get_description_async (connection, "org.example.demo", 10000, NULL, on_result, &result);
  description = varlink_connection_get_description_finish (connection, wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (description, "interface org.example.demo"));

  /* An unknown interface is an error reply, carried as a remote GError. */
  g_clear_object (&result);
  g_clear_pointer (&description, g_free);
  varlink_connection_get_description_async (connection, "org.example.nothing", 10000, NULL, on_result, &result);
  description = varlink_connection_get_description_finish (connection, wait_result (&result), &error);
  g_assert_null (description);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_REMOTE);
  g_assert_cmpstr (varlink_error_get_remote_name (error), ==, "org.varlink.service.InterfaceNotFound");
  g_clear_error (&error);

  {
    g_autoptr(JsonObject) count = json_object_new ();

    json_object_set_int_member (count, "from", 5);
    json_object_set_int_member (count, "to", 1004);
    varlink_connection_call (connection, "org.example.demo.Count", count, VARLINK_CALL_MORE, 10000,
                             NULL, on_count_reply, state, NULL);
    while (!state[1])
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpint (state[0], ==, 1005);
  }
}

/* A fake resolver, served by the module's own serving side. */
static void
resolve_cb (VarlinkServiceCall *call,
            JsonObject         *parameters,
            gpointer            user_data)
{
  const char *interface = json_object_get_string_member (parameters, "interface");

  if (g_str_equal (interface, "org.example.demo"))
    {
      g_autoptr(JsonObject) reply = json_object_new ();

      json_object_set_string_member (reply, "address", "unix:/run/org.example.demo");
      varlink_service_call_reply (call, reply, FALSE);
    }
  else
    {
      g_autoptr(JsonObject) error = json_object_new ();

      json_object_set_string_member (error, "interface", interface);
      varlink_service_call_reply_error (call, "org.varlink.resolver.InterfaceNotFound", error);
    }
}

static void
resolver_info_cb (VarlinkServiceCall *call,
                  JsonObject         *parameters,
                  gpointer            user_data)
{
  g_autoptr(JsonObject) reply = json_object_new ();
  g_autoptr(JsonArray) interfaces = json_array_new ();

  json_array_add_string_element (interfaces, "org.example.demo");
  json_array_add_string_element (interfaces, "org.example.other");
  json_object_set_string_member (reply, "vendor", "test");
  json_object_set_string_member (reply, "product", "fake resolver");
  json_object_set_string_member (reply, "version", "1");
  json_object_set_string_member (reply, "url", "https://example.org");
  json_object_set_array_member (reply, "interfaces", g_steal_pointer (&interfaces));
  varlink_service_call_reply (call, reply, FALSE);
}

static void
test_resolver (void)
{
  g_autoptr(VarlinkService) service = varlink_service_new ("test", "fake resolver", "1", "https://example.org");
  g_autofree char *path = g_build_filename (g_getenv ("VARLINK_TEST_INTERFACES"), "org.varlink.resolver.varlink", NULL);
  g_autofree char *description = NULL;
  g_autofree char *address = g_strdup_printf ("unix:@varlink-explorer-test-resolver-%d", (int) getpid ());
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) interfaces = NULL;
  g_autofree char *resolved = NULL;

  g_assert_true (g_file_get_contents (path, &description, NULL, &error));
  g_assert_true (varlink_service_add_interface (service, description, &error));
  g_assert_no_error (error);
  varlink_service_bind (service, "org.varlink.resolver.GetInfo", resolver_info_cb, NULL, NULL);
  varlink_service_bind (service, "org.varlink.resolver.Resolve", resolve_cb, NULL, NULL);
  g_assert_true (varlink_service_listen (service, address, &error));
  g_assert_no_error (error);

  varlink_resolver_list_async (address, 5000, NULL, on_result, &result);
  interfaces = varlink_resolver_list_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (interfaces), ==, 2);
  g_assert_cmpstr (interfaces[1], ==, "org.example.other");

  g_clear_object (&result);
  varlink_resolver_resolve_async (address, "org.example.demo", 5000, NULL, on_result, &result);
  resolved = varlink_resolver_resolve_finish (wait_result (&result), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (resolved, ==, "unix:/run/org.example.demo");

  g_clear_object (&result);
  g_clear_pointer (&resolved, g_free);
  varlink_resolver_resolve_async (address, "org.example.nowhere", 5000, NULL, on_result, &result);
  resolved = varlink_resolver_resolve_finish (wait_result (&result), &error);
  g_assert_null (resolved);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_REMOTE);
  g_assert_cmpstr (varlink_error_get_remote_name (error), ==, "org.varlink.resolver.InterfaceNotFound");
  g_clear_error (&error);

  /* No resolver at all: the connection error, in words. */
  g_clear_object (&result);
  varlink_resolver_resolve_async ("unix:/nonexistent/org.varlink.resolver", "org.example.demo", 5000, NULL,
                                  on_result, &result);
  resolved = varlink_resolver_resolve_finish (wait_result (&result), &error);
  g_assert_null (resolved);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) g_test_add ("/connection/" path, Fixture, NULL, fixture_setup, func, fixture_teardown)
  ADD ("pipelining", test_pipelining);
  ADD ("more", test_more);
  ADD ("more-error", test_more_error);
  ADD ("oneway", test_oneway);
  ADD ("timeout", test_timeout);
  ADD ("timeout-between-replies", test_timeout_between_replies);
  ADD ("cancel", test_cancel);
  ADD ("cancel-stream", test_cancel_stream);
  ADD ("peer-closes", test_peer_closes);
  ADD ("garbage/json", test_garbage_json);
  ADD ("garbage/not-object", test_garbage_not_object);
  ADD ("garbage/member", test_garbage_member);
  ADD ("garbage/member-type", test_garbage_member_type);
  ADD ("garbage/continues", test_garbage_continues);
  ADD ("garbage/unexpected", test_garbage_unexpected);
  ADD ("too-large", test_too_large);
  ADD ("upgrade", test_upgrade);
  ADD ("invalid-calls", test_invalid_calls);
  ADD ("observer", test_observer);
  ADD ("close-by-client", test_close_by_client);
  ADD ("busy-poll", test_busy_poll);
#undef ADD
  g_test_add_func ("/connection/connect-missing", test_connect_missing);
  g_test_add_func ("/connection/exec-demo", test_exec_demo);
  g_test_add_func ("/connection/resolver", test_resolver);

  return g_test_run ();
}
