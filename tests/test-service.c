/* test-service.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <glib/gstdio.h>

#include "varlink.h"

/* The client side is raw bytes on a socket, so that these tests see exactly what the
 * service sends, and can send what no well-behaved client would. */

static const char test_description[] =
  "# An interface for testing the serving side.\n"
  "interface org.example.test\n"
  "\n"
  "type Kind (a, b)\n"
  "\n"
  "method Echo(text: string, number: ?int, kind: ?Kind) -> (text: string)\n"
  "\n"
  "method Slow(ms: int) -> (ms: int)\n"
  "\n"
  "method Stream(n: int) -> (i: int)\n"
  "\n"
  "# [Requires 'more' flag]\n"
  "method Follow() -> (i: int)\n"
  "\n"
  "# [Requires 'upgrade' flag]\n"
  "method Raw() -> ()\n"
  "\n"
  "method Unbound() -> ()\n"
  "\n"
  "method Note(text: string) -> ()\n";

typedef struct
{
  VarlinkService *service;
  char           *dir;
  char           *path;
  GPtrArray      *notes;
  gboolean        slow_cancelled;
} Fixture;

typedef struct
{
  int      fd;
  GString *in;
} Client;

/* Handlers ------------------------------------------------------------------------------- */

static void
echo_cb (VarlinkServiceCall *call,
         JsonObject         *parameters,
         gpointer            user_data)
{
  g_autoptr(JsonObject) reply = json_object_new ();

  json_object_set_string_member (reply, "text", json_object_get_string_member (parameters, "text"));
  varlink_service_call_reply (call, reply, FALSE);
}

typedef struct
{
  Fixture            *fixture;
  VarlinkServiceCall *call;
  gint64              ms;
  guint               id;
} SlowJob;

static gboolean
slow_done_cb (gpointer user_data)
{
  SlowJob *job = user_data;
  g_autoptr(JsonObject) reply = json_object_new ();

  json_object_set_int_member (reply, "ms", job->ms);
  if (!g_cancellable_is_cancelled (varlink_service_call_get_cancellable (job->call)))
    varlink_service_call_reply (job->call, reply, FALSE);
  varlink_service_call_unref (job->call);
  g_free (job);

  return G_SOURCE_REMOVE;
}

static void
slow_cancelled_cb (GCancellable *cancellable,
                   Fixture      *fixture)
{
  fixture->slow_cancelled = TRUE;
}

static void
slow_cb (VarlinkServiceCall *call,
         JsonObject         *parameters,
         gpointer            user_data)
{
  SlowJob *job = g_new0 (SlowJob, 1);

  job->fixture = user_data;
  job->call = varlink_service_call_ref (call);
  job->ms = json_object_get_int_member (parameters, "ms");
  g_signal_connect (varlink_service_call_get_cancellable (call), "cancelled",
                    G_CALLBACK (slow_cancelled_cb), job->fixture);
  g_timeout_add ((guint) job->ms, slow_done_cb, job);
}

static void
stream_cb (VarlinkServiceCall *call,
           JsonObject         *parameters,
           gpointer            user_data)
{
  gint64 n = json_object_get_int_member (parameters, "n");

  /* Without more, a reply with continues must go out as the final one. */
  if (!(varlink_service_call_get_flags (call) & VARLINK_CALL_MORE))
    n = 1;

  for (gint64 i = 0; i < n; i++)
    {
      g_autoptr(JsonObject) reply = json_object_new ();

      json_object_set_int_member (reply, "i", i);
      varlink_service_call_reply (call, reply,
                                  (varlink_service_call_get_flags (call) & VARLINK_CALL_MORE) ?
                                  i < n - 1 : TRUE);
    }
}

static void
raw_cb (VarlinkServiceCall *call,
        const guint8       *data,
        gsize               length,
        gpointer            user_data)
{
  g_autofree guint8 *reversed = g_malloc (length);

  for (gsize i = 0; i < length; i++)
    reversed[i] = data[length - 1 - i];
  varlink_service_call_send_raw (call, reversed, length);
}

static void
upgrade_cb (VarlinkServiceCall *call,
            JsonObject         *parameters,
            gpointer            user_data)
{
  varlink_service_call_reply_upgrade (call, NULL, raw_cb, NULL, NULL);
}

static void
follow_cb (VarlinkServiceCall *call,
           JsonObject         *parameters,
           gpointer            user_data)
{
  g_autoptr(JsonObject) reply = json_object_new ();

  json_object_set_int_member (reply, "i", 1);
  varlink_service_call_reply (call, reply, FALSE);
}

static void
note_cb (VarlinkServiceCall *call,
         JsonObject         *parameters,
         gpointer            user_data)
{
  Fixture *fixture = user_data;

  g_ptr_array_add (fixture->notes, g_strdup (json_object_get_string_member (parameters, "text")));
  varlink_service_call_reply (call, NULL, FALSE);
}

/* Fixture and client --------------------------------------------------------------------- */

static void
fixture_set_up (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  fixture->dir = g_dir_make_tmp ("test-service-XXXXXX", &error);
  g_assert_no_error (error);
  fixture->path = g_build_filename (fixture->dir, "socket", NULL);
  fixture->notes = g_ptr_array_new_with_free_func (g_free);

  fixture->service = varlink_service_new ("Test vendor", "Test product", "1.2.3",
                                          "https://example.org");
  varlink_service_add_interface (fixture->service, test_description, &error);
  g_assert_no_error (error);
  varlink_service_bind (fixture->service, "org.example.test.Echo", echo_cb, fixture, NULL);
  varlink_service_bind (fixture->service, "org.example.test.Slow", slow_cb, fixture, NULL);
  varlink_service_bind (fixture->service, "org.example.test.Stream", stream_cb, fixture, NULL);
  varlink_service_bind (fixture->service, "org.example.test.Follow", follow_cb, fixture, NULL);
  varlink_service_bind (fixture->service, "org.example.test.Raw", upgrade_cb, fixture, NULL);
  varlink_service_bind (fixture->service, "org.example.test.Note", note_cb, fixture, NULL);

  address = g_strconcat ("unix:", fixture->path, NULL);
  varlink_service_listen (fixture->service, address, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *fixture,
                   gconstpointer  data)
{
  g_clear_object (&fixture->service);
  /* Let the connections' idle clean-ups run. */
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_false (g_file_test (fixture->path, G_FILE_TEST_EXISTS));
  g_rmdir (fixture->dir);
  g_free (fixture->path);
  g_free (fixture->dir);
  g_ptr_array_unref (fixture->notes);
}

static Client *
client_new (Fixture *fixture)
{
  Client *client = g_new0 (Client, 1);
  struct sockaddr_un sa = { .sun_family = AF_UNIX };

  client->fd = socket (AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (client->fd, >=, 0);
  g_strlcpy (sa.sun_path, fixture->path, sizeof sa.sun_path);
  g_assert_cmpint (connect (client->fd, (struct sockaddr *) &sa, sizeof sa), ==, 0);
  client->in = g_string_new (NULL);

  return client;
}

static void
client_free (Client *client)
{
  if (client->fd >= 0)
    close (client->fd);
  g_string_free (client->in, TRUE);
  g_free (client);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Client, client_free)

static void
client_send_bytes (Client     *client,
                   const char *data,
                   gsize       length)
{
  while (length > 0)
    {
      ssize_t n = send (client->fd, data, length, MSG_NOSIGNAL);

      g_assert_cmpint (n, >, 0);
      data += n;
      length -= n;
    }
}

/* Sends each message with its NUL. */
static void
client_send (Client     *client,
             const char *message)
{
  client_send_bytes (client, message, strlen (message) + 1);
}

/* Runs the service's main loop while waiting for bytes; FALSE on end of file. */
static gboolean
client_read_more (Client *client)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_get_monotonic_time () < deadline)
    {
      struct pollfd pfd = { .fd = client->fd, .events = POLLIN };
      char buffer[4096];
      ssize_t n;

      while (g_main_context_iteration (NULL, FALSE))
        ;

      if (poll (&pfd, 1, 5) <= 0)
        continue;

      n = recv (client->fd, buffer, sizeof buffer, MSG_DONTWAIT);
      if (n == 0)
        return FALSE;
      if (n < 0 && errno == ECONNRESET)
        return FALSE;
      if (n < 0)
        continue;
      g_string_append_len (client->in, buffer, n);
      return TRUE;
    }

  g_assert_not_reached ();
}

static char *
client_receive (Client *client)
{
  for (;;)
    {
      const char *nul = memchr (client->in->str, '\0', client->in->len);

      if (nul != NULL)
        {
          char *message = g_strndup (client->in->str, nul - client->in->str);

          g_string_erase (client->in, 0, nul - client->in->str + 1);
          return message;
        }

      g_assert_true (client_read_more (client));
    }
}

static JsonObject *
client_receive_object (Client *client)
{
  g_autofree char *message = client_receive (client);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  node = varlink_json_parse (message, strlen (message), &error);
  g_assert_no_error (error);
  g_assert_true (JSON_NODE_HOLDS_OBJECT (node));
  return json_object_ref (json_node_get_object (node));
}

/* Checks a reply against its expected JSON by value. */
static void
client_expect (Client     *client,
               const char *expected)
{
  g_autofree char *message = client_receive (client);
  g_autoptr(JsonNode) got = varlink_json_parse (message, strlen (message), NULL);
  g_autoptr(JsonNode) wants = varlink_json_parse (expected, strlen (expected), NULL);

  g_assert_nonnull (got);
  g_assert_nonnull (wants);
  if (!varlink_json_equal (got, wants))
    g_error ("Expected %s, got %s", expected, message);
}

static void
client_expect_closed (Client *client)
{
  while (client_read_more (client))
    ;
  g_assert_cmpuint (client->in->len, ==, 0);
}

/* Tests ---------------------------------------------------------------------------------- */

static void
test_get_info (Fixture       *fixture,
               gconstpointer  data)
{
  g_autoptr(Client) client = client_new (fixture);
  g_autoptr(JsonObject) reply = NULL;
  JsonObject *parameters;
  JsonArray *interfaces;

  client_send (client, "{\"method\":\"org.varlink.service.GetInfo\"}");
  reply = client_receive_object (client);
  g_assert_false (json_object_has_member (reply, "error"));
  g_assert_false (json_object_has_member (reply, "continues"));
  parameters = json_object_get_object_member (reply, "parameters");
  g_assert_cmpstr (json_object_get_string_member (parameters, "vendor"), ==, "Test vendor");
  g_assert_cmpstr (json_object_get_string_member (parameters, "product"), ==, "Test product");
  g_assert_cmpstr (json_object_get_string_member (parameters, "version"), ==, "1.2.3");
  g_assert_cmpstr (json_object_get_string_member (parameters, "url"), ==, "https://example.org");
  interfaces = json_object_get_array_member (parameters, "interfaces");
  g_assert_cmpuint (json_array_get_length (interfaces), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (interfaces, 0), ==, "org.varlink.service");
  g_assert_cmpstr (json_array_get_string_element (interfaces, 1), ==, "org.example.test");

  /* parameters null and {} mean the same as absent. */
  client_send (client, "{\"method\":\"org.varlink.service.GetInfo\",\"parameters\":null}");
  g_clear_pointer (&reply, json_object_unref);
  reply = client_receive_object (client);
  g_assert_true (json_object_has_member (reply, "parameters"));
  client_send (client, "{\"method\":\"org.varlink.service.GetInfo\",\"parameters\":{}}");
  g_clear_pointer (&reply, json_object_unref);
  reply = client_receive_object (client);
  g_assert_false (json_object_has_member (reply, "error"));
}

static void
test_get_description (Fixture       *fixture,
                  gconstpointer  data)
{
  g_autoptr(Client) client = client_new (fixture);
  g_autoptr(JsonObject) reply = NULL;

  client_send (client, "{\"method\":\"org.varlink.service.GetInterfaceDescription\","
                       "\"parameters\":{\"interface\":\"org.example.test\"}}");
  reply = client_receive_object (client);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (reply, "parameters"),
                                                  "description"), ==, test_description);

  client_send (client, "{\"method\":\"org.varlink.service.GetInterfaceDescription\","
                       "\"parameters\":{\"interface\":\"org.varlink.service\"}}");
  g_clear_pointer (&reply, json_object_unref);
  reply = client_receive_object (client);
  g_assert_nonnull (strstr (json_object_get_string_member (json_object_get_object_member (reply, "parameters"),
                                                           "description"),
                            "error ExpectedUpgrade ()"));

  client_send (client, "{\"method\":\"org.varlink.service.GetInterfaceDescription\","
                       "\"parameters\":{\"interface\":\"org.example.nope\"}}");
  client_expect (client, "{\"error\":\"org.varlink.service.InterfaceNotFound\","
                         "\"parameters\":{\"interface\":\"org.example.nope\"}}");
}

static void
test_errors (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(Client) client = client_new (fixture);

  client_send (client, "{\"method\":\"org.example.nope.Echo\"}");
  client_expect (client, "{\"error\":\"org.varlink.service.InterfaceNotFound\","
                         "\"parameters\":{\"interface\":\"org.example.nope\"}}");

  client_send (client, "{\"method\":\"org.example.test.Nope\"}");
  client_expect (client, "{\"error\":\"org.varlink.service.MethodNotFound\","
                         "\"parameters\":{\"method\":\"Nope\"}}");

  /* A type is not a method. */
  client_send (client, "{\"method\":\"org.example.test.Kind\"}");
  client_expect (client, "{\"error\":\"org.varlink.service.MethodNotFound\","
                         "\"parameters\":{\"method\":\"Kind\"}}");

  client_send (client, "{\"method\":\"org.example.test.Unbound\"}");
  client_expect (client, "{\"error\":\"org.varlink.service.MethodNotImplemented\","
                         "\"parameters\":{\"method\":\"Unbound\"}}");

  client_send (client, "{\"method\":\"org.example.test.Echo\",\"parameters\":{\"text\":5}}");
  client_expect (client, "{\"error\":\"org.varlink.service.InvalidParameter\","
                         "\"parameters\":{\"parameter\":\"text\"}}");

  client_send (client, "{\"method\":\"org.example.test.Echo\",\"parameters\":{\"number\":5}}");
  client_expect (client, "{\"error\":\"org.varlink.service.InvalidParameter\","
                         "\"parameters\":{\"parameter\":\"text\"}}");

  client_send (client, "{\"method\":\"org.example.test.Echo\","
                       "\"parameters\":{\"text\":\"x\",\"extra\":1}}");
  client_expect (client, "{\"error\":\"org.varlink.service.InvalidParameter\","
                         "\"parameters\":{\"parameter\":\"extra\"}}");

  client_send (client, "{\"method\":\"org.example.test.Echo\","
                       "\"parameters\":{\"text\":\"x\",\"kind\":\"c\"}}");
  client_expect (client, "{\"error\":\"org.varlink.service.InvalidParameter\","
                         "\"parameters\":{\"parameter\":\"kind\"}}");

  client_send (client, "{\"method\":\"org.example.test.Echo\","
                       "\"parameters\":{\"text\":\"x\",\"number\":1.5}}");
  client_expect (client, "{\"error\":\"org.varlink.service.InvalidParameter\","
                         "\"parameters\":{\"parameter\":\"number\"}}");

  client_send (client, "{\"method\":\"org.example.test.Follow\"}");
  client_expect (client, "{\"error\":\"org.varlink.service.ExpectedMore\",\"parameters\":{}}");

  client_send (client, "{\"method\":\"org.example.test.Raw\"}");
  client_expect (client, "{\"error\":\"org.varlink.service.ExpectedUpgrade\",\"parameters\":{}}");

  /* Valid calls still work after all those errors, nullables may be null or absent, and
   * vendor members are ignored. */
  client_send (client, "{\"method\":\"org.example.test.Echo\","
                       "\"parameters\":{\"text\":\"ok\",\"number\":null,\"kind\":\"b\"},"
                       "\"com.example.trace\":{\"id\":1}}");
  client_expect (client, "{\"parameters\":{\"text\":\"ok\"}}");
}

static void
test_more (Fixture       *fixture,
           gconstpointer  data)
{
  g_autoptr(Client) client = client_new (fixture);

  client_send (client, "{\"method\":\"org.example.test.Stream\",\"parameters\":{\"n\":3},\"more\":true}");
  client_expect (client, "{\"parameters\":{\"i\":0},\"continues\":true}");
  client_expect (client, "{\"parameters\":{\"i\":1},\"continues\":true}");
  client_expect (client, "{\"parameters\":{\"i\":2}}");

  /* The handler asks for continues without more: the reply goes out as the last one. */
  client_send (client, "{\"method\":\"org.example.test.Stream\",\"parameters\":{\"n\":3}}");
  client_expect (client, "{\"parameters\":{\"i\":0}}");

  client_send (client, "{\"method\":\"org.example.test.Follow\",\"more\":true}");
  client_expect (client, "{\"parameters\":{\"i\":1}}");

  /* more: false is no flag at all. */
  client_send (client, "{\"method\":\"org.example.test.Echo\",\"parameters\":{\"text\":\"x\"},"
                       "\"more\":false,\"oneway\":null}");
  client_expect (client, "{\"parameters\":{\"text\":\"x\"}}");
}

static void
test_oneway (Fixture       *fixture,
             gconstpointer  data)
{
  g_autoptr(Client) client = client_new (fixture);

  client_send (client, "{\"method\":\"org.example.test.Note\",\"parameters\":{\"text\":\"one\"},"
                       "\"oneway\":true}");
  /* Not even errors come back. */
  client_send (client, "{\"method\":\"org.example.nope.Nope\",\"oneway\":true}");
  client_send (client, "{\"method\":\"org.example.test.Echo\",\"parameters\":{\"text\":5},"
                       "\"oneway\":true}");
  client_send (client, "{\"method\":\"org.example.test.Echo\",\"parameters\":{\"text\":\"after\"}}");
  client_expect (client, "{\"parameters\":{\"text\":\"after\"}}");

  g_assert_cmpuint (fixture->notes->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (fixture->notes, 0), ==, "one");
}

static void
test_upgrade (Fixture       *fixture,
              gconstpointer  data)
{
  g_autoptr(Client) client = client_new (fixture);
  const char call[] = "{\"method\":\"org.example.test.Raw\",\"upgrade\":true}";
  g_autoptr(GString) bytes = g_string_new (NULL);

  /* Bytes right behind the call's NUL already belong to the upgraded protocol. */
  g_string_append_len (bytes, call, sizeof call);
  g_string_append (bytes, "abc");
  client_send_bytes (client, bytes->str, bytes->len);
  client_expect (client, "{}");

  while (client->in->len < 3)
    g_assert_true (client_read_more (client));
  g_assert_cmpmem (client->in->str, client->in->len, "cba", 3);
  g_string_truncate (client->in, 0);

  /* A NUL is just a byte now. */
  client_send_bytes (client, "x\0y", 3);
  while (client->in->len < 3)
    g_assert_true (client_read_more (client));
  g_assert_cmpmem (client->in->str, client->in->len, "y\0x", 3);
}

static void
test_pipelined (Fixture       *fixture,
                gconstpointer  data)
{
  g_autoptr(Client) client = client_new (fixture);
  g_autoptr(GString) batch = g_string_new (NULL);
  const char *calls[] = {
    "{\"method\":\"org.example.test.Echo\",\"parameters\":{\"text\":\"a\"}}",
    "{\"method\":\"org.example.test.Slow\",\"parameters\":{\"ms\":200}}",
    "{\"method\":\"org.example.test.Echo\",\"parameters\":{\"text\":\"b\"}}",
    "{\"method\":\"org.example.test.Stream\",\"parameters\":{\"n\":2},\"more\":true}",
    "{\"method\":\"org.example.test.Echo\",\"parameters\":{\"text\":\"c\"}}",
  };
  gint64 start;

  for (guint i = 0; i < G_N_ELEMENTS (calls); i++)
    g_string_append_len (batch, calls[i], strlen (calls[i]) + 1);

  start = g_get_monotonic_time ();
  client_send_bytes (client, batch->str, batch->len);
  client_expect (client, "{\"parameters\":{\"text\":\"a\"}}");
  client_expect (client, "{\"parameters\":{\"ms\":200}}");
  client_expect (client, "{\"parameters\":{\"text\":\"b\"}}");
  /* The call behind the slow one waited for it. */
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 190 * 1000);
  client_expect (client, "{\"parameters\":{\"i\":0},\"continues\":true}");
  client_expect (client, "{\"parameters\":{\"i\":1}}");
  client_expect (client, "{\"parameters\":{\"text\":\"c\"}}");

  /* Many small calls in one write come back in order. */
  g_string_truncate (batch, 0);
  for (guint i = 0; i < 1000; i++)
    g_string_append_printf (batch, "{\"method\":\"org.example.test.Echo\","
                                   "\"parameters\":{\"text\":\"%u\"}}%c", i, 0);
  client_send_bytes (client, batch->str, batch->len);
  for (guint i = 0; i < 1000; i++)
    {
      g_autofree char *expected = g_strdup_printf ("{\"parameters\":{\"text\":\"%u\"}}", i);

      client_expect (client, expected);
    }
}

static void
test_malformed (Fixture       *fixture,
                gconstpointer  data)
{
  const char *messages[] = {
    "not json",
    "[1]",
    "\"string\"",
    "{}",
    "{\"parameters\":{}}",
    "{\"method\":5}",
    "{\"method\":\"NoInterface\"}",
    "{\"method\":\"org.example.test.Echo\",\"parameters\":[]}",
    "{\"method\":\"org.example.test.Echo\",\"parameters\":{\"text\":\"x\"},\"foo\":1}",
    "{\"method\":\"org.example.test.Echo\",\"parameters\":{\"text\":\"x\"},\"more\":\"yes\"}",
    "{\"method\":\"org.example.test.Echo\",\"parameters\":{\"text\":\"x\"},\"oneway\":1}",
    "{\"method\":\"org.example.test.Echo\",\"parameters\":{\"text\":\"x\"},\"more\":true,\"oneway\":true}",
    "{\"method\":\"org.example.test.Echo\",\"parameters\":{\"text\":\"x\"},\"more\":true,\"upgrade\":true}",
    "{\"method\":\"org.example.test.Echo\",\"parameters\":{\"text\":\"\\xff\"}}",
  };

  for (guint i = 0; i < G_N_ELEMENTS (messages); i++)
    {
      g_autoptr(Client) client = client_new (fixture);
      g_autoptr(GString) bytes = g_string_new (NULL);

      g_test_message ("Sending %s", messages[i]);
      /* A valid call behind the malformed one must not be answered either. */
      g_string_append_len (bytes, messages[i], strlen (messages[i]) + 1);
      g_string_append (bytes, "{\"method\":\"org.varlink.service.GetInfo\"}");
      g_string_append_c (bytes, '\0');
      client_send_bytes (client, bytes->str, bytes->len);
      client_expect_closed (client);
    }

  /* Invalid UTF-8 bytes. */
  {
    g_autoptr(Client) client = client_new (fixture);

    const char bad[] = "{\"method\":\"a.B\xff\"}";

    client_send_bytes (client, bad, sizeof bad);
    client_expect_closed (client);
  }

  /* The service still serves new clients. */
  {
    g_autoptr(Client) client = client_new (fixture);

    client_send (client, "{\"method\":\"org.example.test.Echo\",\"parameters\":{\"text\":\"x\"}}");
    client_expect (client, "{\"parameters\":{\"text\":\"x\"}}");
  }
}

static void
test_disconnect (Fixture       *fixture,
                 gconstpointer  data)
{
  Client *client = client_new (fixture);
  gint64 deadline;

  client_send (client, "{\"method\":\"org.example.test.Slow\",\"parameters\":{\"ms\":5000}}");
  /* Wait until the service has the call. */
  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (varlink_service_get_n_connections (fixture->service) == 0 &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  for (guint i = 0; i < 20; i++)
    {
      g_usleep (5000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_cmpuint (varlink_service_get_n_connections (fixture->service), ==, 1);
  g_assert_false (fixture->slow_cancelled);

  client_free (client);

  deadline = g_get_monotonic_time () + 2 * G_USEC_PER_SEC;
  while (!fixture->slow_cancelled && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_assert_true (fixture->slow_cancelled);
  g_assert_cmpuint (varlink_service_get_n_connections (fixture->service), ==, 0);
}

static void
test_activation_env (void)
{
  g_autoptr(VarlinkService) service = varlink_service_new ("v", "p", "1", "u");
  g_autoptr(GError) error = NULL;
  g_autofree char *pid = g_strdup_printf ("%d", (int) getpid () + 1);

  /* Variables meant for another process are not ours. */
  g_setenv ("LISTEN_PID", pid, TRUE);
  g_setenv ("LISTEN_FDS", "1", TRUE);
  g_assert_false (varlink_service_listen_activation (service, &error));
  g_assert_no_error (error);

  g_unsetenv ("LISTEN_PID");
  g_unsetenv ("LISTEN_FDS");
  g_assert_false (varlink_service_listen_activation (service, &error));
  g_assert_no_error (error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(name, func) \
  g_test_add ("/service/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("get-info", test_get_info);
  ADD ("description", test_get_description);
  ADD ("errors", test_errors);
  ADD ("more", test_more);
  ADD ("oneway", test_oneway);
  ADD ("upgrade", test_upgrade);
  ADD ("pipelined", test_pipelined);
  ADD ("malformed", test_malformed);
  ADD ("disconnect", test_disconnect);
#undef ADD
  g_test_add_func ("/service/activation-env", test_activation_env);

  return g_test_run ();
}
