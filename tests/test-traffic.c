/* test-traffic.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "explorer-service.h"
#include "explorer-traffic.h"
#include "explorer-traffic-view.h"
#include "explorer-test-util.h"
#include "explorer-text-row.h"

static char *
demo_address (void)
{
  const char *demo = g_getenv ("VARLINK_EXPLORER_DEMO");

  g_assert_nonnull (demo);
  return g_strconcat ("exec:", demo, NULL);
}

static void
on_connected (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  VarlinkConnection **connection = user_data;
  g_autoptr(GError) error = NULL;

  *connection = varlink_connection_new_finish (result, &error);
  g_assert_no_error (error);
}

static VarlinkConnection *
connect_demo (void)
{
  g_autofree char *address = demo_address ();
  VarlinkConnection *connection = NULL;

  varlink_connection_new_async (address, NULL, on_connected, &connection);
  while (connection == NULL)
    g_main_context_iteration (NULL, TRUE);

  return connection;
}

typedef struct {
  guint         n_replies;
  gboolean      ended;
  VarlinkReply *last;
} Call;

static void
on_reply (VarlinkConnection *connection,
          VarlinkReply      *reply,
          const GError      *error,
          gpointer           user_data)
{
  Call *call = user_data;

  g_assert_no_error ((GError *) error);
  if (reply != NULL)
    {
      call->n_replies++;
      if (call->last != NULL)
        varlink_reply_unref (call->last);
      call->last = varlink_reply_ref (reply);
      if (!varlink_reply_get_continues (reply))
        call->ended = TRUE;
    }
  else
    {
      call->ended = TRUE;
    }
}

static void
run_call (VarlinkConnection *connection,
          const char        *method,
          const char        *json,
          VarlinkCallFlags   flags,
          Call              *call)
{
  g_autoptr(JsonObject) parameters = NULL;

  if (json != NULL)
    {
      g_autoptr(JsonNode) node = json_from_string (json, NULL);

      g_assert_nonnull (node);
      parameters = json_object_ref (json_node_get_object (node));
    }

  memset (call, 0, sizeof *call);
  varlink_connection_call (connection, method, parameters, flags, 5000, NULL,
                           on_reply, call, NULL);
  while (!call->ended)
    g_main_context_iteration (NULL, TRUE);
}

/* Messages land in the model in batches, on the main loop. */
static void
wait_for_messages (GListModel *model,
                   guint       n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (g_list_model_get_n_items (model) < n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static char *
message_text (GListModel *model,
              guint       position)
{
  g_autoptr(ExplorerTrafficMessage) message = g_list_model_get_item (model, position);
  GBytes *bytes = explorer_traffic_message_get_bytes (message);

  return g_strndup (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
}

static ExplorerTrafficMessage *
message_at (GListModel *model,
            guint       position)
{
  ExplorerTrafficMessage *message = g_list_model_get_item (model, position);

  /* The model holds its own reference. */
  g_object_unref (message);
  return message;
}

static void
test_traffic_ping (void)
{
  g_autoptr(ExplorerTraffic) traffic = explorer_traffic_new (EXPLORER_DEFAULT_MAX_TRAFFIC);
  g_autoptr(VarlinkConnection) connection = connect_demo ();
  GListModel *model = explorer_traffic_get_messages (traffic);
  g_autofree char *sent = NULL;
  g_autofree char *received = NULL;
  g_autoptr(JsonNode) reply = NULL;
  ExplorerTrafficMessage *message;
  gint64 before = g_get_real_time ();
  Call call;

  g_assert_true (g_list_model_get_item_type (model) == EXPLORER_TYPE_TRAFFIC_MESSAGE);
  explorer_traffic_attach (traffic, connection, "call Ping");

  run_call (connection, "org.example.demo.Ping", "{\"data\":\"hi\"}", VARLINK_CALL_NONE, &call);
  g_assert_cmpuint (call.n_replies, ==, 1);
  g_clear_pointer (&call.last, varlink_reply_unref);

  wait_for_messages (model, 2);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 2);

  /* The exact bytes the module wrote, without the NUL that ends the message. */
  message = message_at (model, 0);
  sent = message_text (model, 0);
  g_assert_cmpint (explorer_traffic_message_get_direction (message), ==, VARLINK_DIRECTION_SENT);
  g_assert_cmpstr (sent, ==, "{\"method\":\"org.example.demo.Ping\",\"parameters\":{\"data\":\"hi\"}}");
  g_assert_cmpuint (g_bytes_get_size (explorer_traffic_message_get_bytes (message)), ==, strlen (sent));
  g_assert_cmpstr (explorer_traffic_message_get_connection (message), ==, "1 · call Ping");
  g_assert_false (explorer_traffic_message_get_raw (message));
  g_assert_cmpint (explorer_traffic_message_get_time (message), >=, before);

  message = message_at (model, 1);
  received = message_text (model, 1);
  g_assert_cmpint (explorer_traffic_message_get_direction (message), ==, VARLINK_DIRECTION_RECEIVED);
  g_assert_null (memchr (received, '\0', strlen (received) + 0));
  reply = json_from_string (received, NULL);
  g_assert_nonnull (reply);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (json_node_get_object (reply),
                                                                                 "parameters"), "data"),
                   ==, "hi");
  g_assert_cmpint (explorer_traffic_message_get_time (message), >=,
                   explorer_traffic_message_get_time (message_at (model, 0)));

  /* The view: the selected message formatted, and raw as it was. */
  {
    ExplorerTrafficView *view = g_object_ref_sink (explorer_traffic_view_new ());
    g_autofree char *formatted = NULL;
    g_autofree char *raw = NULL;

    explorer_traffic_view_set_traffic (view, traffic);
    g_assert_null (explorer_traffic_view_dup_details (view, "formatted"));
    explorer_traffic_view_select (view, 0);
    formatted = explorer_traffic_view_dup_details (view, "formatted");
    raw = explorer_traffic_view_dup_details (view, "raw");
    g_assert_cmpstr (formatted, ==,
                     "{\n  \"method\": \"org.example.demo.Ping\",\n  \"parameters\": {\n    \"data\": \"hi\"\n  }\n}");
    g_assert_cmpstr (raw, ==, sent);
    explorer_traffic_view_set_mode (view, "raw");

    explorer_traffic_clear (traffic);
    g_assert_null (explorer_traffic_view_dup_details (view, "raw"));
    g_object_unref (view);
  }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 0);

  varlink_connection_close (connection);
}

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  guint      *n_signals)
{
  (*n_signals)++;
}

static void
test_traffic_bound (void)
{
  g_autoptr(ExplorerTraffic) traffic = explorer_traffic_new (10);
  g_autoptr(VarlinkConnection) connection = connect_demo ();
  GListModel *model = explorer_traffic_get_messages (traffic);
  guint n_signals = 0;
  Call call;

  explorer_traffic_attach (traffic, connection, NULL);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &n_signals);

  /* 1 call + 25 replies: 26 messages for a bound of 10. */
  run_call (connection, "org.example.demo.Count", "{\"from\":1,\"to\":25}", VARLINK_CALL_MORE, &call);
  g_assert_cmpuint (call.n_replies, ==, 25);
  g_clear_pointer (&call.last, varlink_reply_unref);

  /* Give every pending batch time to land. */
  wait_for_messages (model, 10);
  for (guint i = 0; i < 5; i++)
    {
      g_usleep (40 * 1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  /* Batched: far fewer model updates than messages. */
  g_assert_cmpuint (n_signals, <, 26);

  /* The newest ten, in order: values 16 to 25. */
  for (guint i = 0; i < 10; i++)
    {
      g_autofree char *text = message_text (model, i);
      g_autoptr(JsonNode) node = json_from_string (text, NULL);
      JsonObject *parameters = json_object_get_object_member (json_node_get_object (node), "parameters");
      g_autoptr(ExplorerTrafficMessage) message = g_list_model_get_item (model, i);

      g_assert_cmpint (explorer_traffic_message_get_direction (message), ==, VARLINK_DIRECTION_RECEIVED);
      g_assert_cmpstr (explorer_traffic_message_get_connection (message), ==, "1");
      g_assert_cmpint (json_object_get_int_member (parameters, "value"), ==, 16 + i);
    }
  g_assert_null (g_list_model_get_item (model, 10));

  /* A second call goes on dropping the oldest, across the ring's wrap. */
  run_call (connection, "org.example.demo.Ping", "{\"data\":\"wrap\"}", VARLINK_CALL_NONE, &call);
  g_clear_pointer (&call.last, varlink_reply_unref);
  for (guint i = 0; i < 5; i++)
    {
      g_usleep (40 * 1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 10);
  {
    g_autofree char *first = message_text (model, 0);
    g_autofree char *last = message_text (model, 9);
    g_autofree char *before_last = message_text (model, 8);

    g_assert_cmpstr (first, ==, "{\"parameters\":{\"value\":18},\"continues\":true}");
    g_assert_true (strstr (before_last, "\"method\":\"org.example.demo.Ping\"") != NULL);
    g_assert_true (strstr (last, "\"wrap\"") != NULL);
  }

  g_signal_handlers_disconnect_by_func (model, on_items_changed, &n_signals);
  varlink_connection_close (connection);
}

static GtkWidget *
find_text_row (GtkWidget  *root,
               const char *text)
{
  if (EXPLORER_IS_TEXT_ROW (root) &&
      strstr (explorer_text_row_get_text (EXPLORER_TEXT_ROW (root), -1), text) != NULL)
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_text_row (child, text);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* A fast stream with the traffic pane in a window: every message is seen, the newest are
 * kept, the pane says how many it dropped, and the main loop is never held long (the
 * observer only queues; the model changes once per flush; rows are cheap to rebind). */
static void
test_traffic_stream (void)
{
  g_autoptr(ExplorerTraffic) traffic = explorer_traffic_new (EXPLORER_DEFAULT_MAX_TRAFFIC);
  g_autoptr(VarlinkConnection) connection = connect_demo ();
  g_autoptr(JsonObject) parameters = json_object_new ();
  GListModel *model = explorer_traffic_get_messages (traffic);
  guint n_signals = 0;
  gint64 start, last, longest = 0;
  Call call = { 0 };
  GtkWidget *window = gtk_window_new ();
  ExplorerTrafficView *view = explorer_traffic_view_new ();

  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 400);
  explorer_traffic_view_set_traffic (view, traffic);
  gtk_window_present (GTK_WINDOW (window));
  explorer_test_iterate_for (200);

  explorer_traffic_attach (traffic, connection, "stream");
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed), &n_signals);

  json_object_set_int_member (parameters, "from", 1);
  json_object_set_int_member (parameters, "to", 100000);
  varlink_connection_call (connection, "org.example.demo.Count", parameters, VARLINK_CALL_MORE,
                           10000, NULL, on_reply, &call, NULL);
  start = last = g_get_monotonic_time ();
  while (!call.ended)
    {
      gint64 now;

      g_main_context_iteration (NULL, TRUE);
      now = g_get_monotonic_time ();
      longest = MAX (longest, now - last);
      last = now;
    }
  g_assert_cmpuint (call.n_replies, ==, 100000);
  g_clear_pointer (&call.last, varlink_reply_unref);

  for (guint i = 0; i < 5; i++)
    {
      g_usleep (40 * 1000);
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  g_test_message ("100000 replies in %.0f ms with traffic attached; longest main loop "
                  "iteration %.1f ms; %u model updates",
                  (last - start) / 1000.0, longest / 1000.0, n_signals);
  /* Generous: a loaded CI machine, but never a frozen window. */
  g_assert_cmpint (longest, <, 250 * 1000);
  g_assert_cmpuint (n_signals, <, 100000 / 10);

  g_assert_cmpuint (g_list_model_get_n_items (model), ==, EXPLORER_DEFAULT_MAX_TRAFFIC);
  {
    g_autofree char *first = message_text (model, 0);
    g_autofree char *newest = message_text (model, EXPLORER_DEFAULT_MAX_TRAFFIC - 1);

    g_assert_cmpstr (first, ==, "{\"parameters\":{\"value\":90001},\"continues\":true}");
    g_assert_cmpstr (newest, ==, "{\"parameters\":{\"value\":100000}}");
  }

  /* The call and 100,000 replies, of which the newest 10,000 are kept: the pane says so. */
  g_assert_cmpuint (explorer_traffic_get_n_dropped (traffic), ==, 100001 - EXPLORER_DEFAULT_MAX_TRAFFIC);
  g_assert_true (explorer_test_find_label (GTK_WIDGET (view), "10000 messages, 90001 older dropped"));

  /* The pane followed the newest message: its row is bound, and reads as it looks. */
  explorer_test_iterate_for (300);
  explorer_test_save_screenshot (window, "traffic-stream");
  {
    GtkWidget *row = find_text_row (GTK_WIDGET (view), "{\"parameters\":{\"value\":100000}}\\0");

    g_assert_nonnull (row);
    g_assert_cmpstr (explorer_text_row_get_text (EXPLORER_TEXT_ROW (row), 0), ==, "←");
    g_assert_cmpstr (explorer_text_row_get_text (EXPLORER_TEXT_ROW (row), 2), ==, "1 · stream");
    g_assert_cmpstr (explorer_text_row_get_text (EXPLORER_TEXT_ROW (row), 3), ==, "32");
    g_assert_true (g_str_has_prefix (explorer_text_row_get_text (EXPLORER_TEXT_ROW (row), -1),
                                     "Received "));
  }
  gtk_window_destroy (GTK_WINDOW (window));

  g_signal_handlers_disconnect_by_func (model, on_items_changed, &n_signals);
  varlink_connection_close (connection);
}

static void
test_traffic_upgrade (void)
{
  g_autoptr(ExplorerTraffic) traffic = explorer_traffic_new (100);
  g_autoptr(VarlinkConnection) connection = connect_demo ();
  GListModel *model = explorer_traffic_get_messages (traffic);
  g_autoptr(GBytes) bytes = g_bytes_new_static ("abc", 3);
  g_autofree char *text = NULL;
  Call call;
  guint n;

  explorer_traffic_attach (traffic, connection, "upgrade");
  run_call (connection, "org.example.demo.Shout", NULL, VARLINK_CALL_UPGRADE, &call);
  g_clear_pointer (&call.last, varlink_reply_unref);
  g_assert_true (varlink_connection_is_upgraded (connection));

  varlink_connection_send_raw (connection, bytes);
  wait_for_messages (model, 4);

  /* The call and its confirming reply are varlink; what follows is raw. */
  g_assert_false (explorer_traffic_message_get_raw (message_at (model, 0)));
  g_assert_false (explorer_traffic_message_get_raw (message_at (model, 1)));
  g_assert_true (explorer_traffic_message_get_raw (message_at (model, 2)));
  g_assert_cmpint (explorer_traffic_message_get_direction (message_at (model, 2)), ==, VARLINK_DIRECTION_SENT);

  n = g_list_model_get_n_items (model);
  text = g_strdup ("");
  for (guint i = 3; i < n; i++)
    {
      g_autofree char *part = message_text (model, i);
      g_autofree char *joined = g_strconcat (text, part, NULL);

      g_assert_true (explorer_traffic_message_get_raw (message_at (model, i)));
      g_assert_cmpint (explorer_traffic_message_get_direction (message_at (model, i)), ==,
                       VARLINK_DIRECTION_RECEIVED);
      g_free (text);
      text = g_steal_pointer (&joined);
    }
  g_assert_cmpstr (text, ==, "ABC");

  /* Raw bytes are shown as a hex dump. */
  {
    GtkWidget *window = gtk_window_new ();
    ExplorerTrafficView *view = explorer_traffic_view_new ();
    g_autofree char *hex = NULL;

    gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
    gtk_window_set_default_size (GTK_WINDOW (window), 1000, 300);
    explorer_traffic_view_set_traffic (view, traffic);
    gtk_window_present (GTK_WINDOW (window));
    explorer_traffic_view_select (view, 2);
    hex = explorer_traffic_view_dup_details (view, "formatted");
    g_assert_true (g_str_has_prefix (hex, "00000000  61 62 63 "));
    explorer_test_save_screenshot (window, "traffic-raw");
    gtk_window_destroy (GTK_WINDOW (window));
  }

  varlink_connection_close (connection);
}

static void
on_state (ExplorerService *service,
          GParamSpec      *pspec,
          gboolean        *done)
{
  ExplorerServiceState state = explorer_service_get_state (service);

  if (state != EXPLORER_SERVICE_STATE_CONNECTING && state != EXPLORER_SERVICE_STATE_IDLE)
    *done = TRUE;
}

/* The service's own connection shows in its traffic, labelled. */
static void
test_traffic_service (void)
{
  g_autofree char *address = demo_address ();
  g_autoptr(ExplorerService) service = explorer_service_new ("demo", address);
  ExplorerTraffic *traffic = explorer_service_get_traffic (service);
  GListModel *model = explorer_traffic_get_messages (traffic);
  g_autofree char *first = NULL;
  gboolean done = FALSE;

  g_assert_true (explorer_service_get_traffic (service) == traffic);
  g_signal_connect (service, "notify::state", G_CALLBACK (on_state), &done);
  explorer_service_open (service);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpint (explorer_service_get_state (service), ==, EXPLORER_SERVICE_STATE_READY);

  wait_for_messages (model, 2);
  first = message_text (model, 0);
  g_assert_cmpstr (first, ==, "{\"method\":\"org.varlink.service.GetInfo\"}");
  g_assert_cmpstr (explorer_traffic_message_get_connection (message_at (model, 0)), ==, "1 · introspection");
  g_assert_cmpint (explorer_traffic_message_get_direction (message_at (model, 1)), ==, VARLINK_DIRECTION_RECEIVED);

  g_signal_handlers_disconnect_by_func (service, on_state, &done);
}

/* The one-line text of the list: escaped, with the NUL terminator shown. */
static void
test_traffic_line (void)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static ("{\"a\":\"x\ny\"}", 11);
  g_autoptr(GBytes) raw = g_bytes_new_static ("A\001\n", 3);
  g_autofree char *line = explorer_traffic_view_format_line (bytes, FALSE);
  g_autofree char *raw_line = explorer_traffic_view_format_line (raw, TRUE);
  g_autofree char *hex = explorer_traffic_view_format_hex (raw);
  g_autofree char *expected_hex = g_strdup_printf ("00000000  41 01 0a %39s %s\n", "", "A..");

  g_assert_cmpstr (line, ==, "{\"a\":\"x\\ny\"}\\0");
  g_assert_cmpstr (raw_line, ==, "A\\x01\\n");
  g_assert_cmpstr (hex, ==, expected_hex);
}

int
main (int   argc,
      char *argv[])
{
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  /* Screenshots in the dark style too (NAME-dark.png), to look at by eye. */
  if (g_getenv ("EXPLORER_SCREENSHOT_DARK"))
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);

  g_test_add_func ("/traffic/ping", test_traffic_ping);
  g_test_add_func ("/traffic/bound", test_traffic_bound);
  g_test_add_func ("/traffic/stream", test_traffic_stream);
  g_test_add_func ("/traffic/upgrade", test_traffic_upgrade);
  g_test_add_func ("/traffic/service", test_traffic_service);
  g_test_add_func ("/traffic/line", test_traffic_line);

  return g_test_run ();
}
