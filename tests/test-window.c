/* test-window.c: the window against the demo service and against services that fail in
 * each way (needs a display: run under xvfb-run).
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "explorer-tree-item.h"
#include "explorer-window-private.h"
#include "explorer-test-util.h"

static ExplorerWindow *
new_window (void)
{
  ExplorerWindow *window = explorer_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static gboolean
tree_has_row (GListModel *tree,
              guint       depth,
              const char *title)
{
  for (guint i = 0; i < g_list_model_get_n_items (tree); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (tree, i);
      ExplorerTreeItem *item = gtk_tree_list_row_get_item (row);

      if (gtk_tree_list_row_get_depth (row) == depth &&
          g_strcmp0 (explorer_tree_item_get_title (item), title) == 0)
        return TRUE;
    }

  return FALSE;
}

static void
test_demo (void)
{
  ExplorerWindow *window = new_window ();
  ExplorerService *service;
  GListModel *tree;
  g_autofree char *text = NULL;
  const char *interfaces[] = { "org.example.demo", "org.varlink.certification",
                               "org.varlink.service" };

  explorer_window_open_demo (window);
  service = explorer_window_get_service (window);
  g_assert_nonnull (service);
  g_assert_true (g_str_has_prefix (explorer_service_get_address (service), "exec:"));
  g_assert_cmpstr (explorer_window_get_service_page (window), ==, "loading");

  explorer_test_wait_until_settled (service, 20);
  if (explorer_service_is_failed (service))
    g_test_message ("%s: %s", explorer_service_get_error_title (service),
                    explorer_service_get_error_details (service));
  g_assert_cmpint (explorer_service_get_state (service), ==, EXPLORER_SERVICE_STATE_READY);
  g_assert_cmpstr (explorer_window_get_service_page (window), ==, "ready");
  g_assert_cmpstr (explorer_window_get_fact (window, "vendor"), !=, "");
  g_assert_cmpstr (explorer_window_get_fact (window, "product"), !=, "");

  tree = explorer_window_get_tree (window);
  for (guint i = 0; i < G_N_ELEMENTS (interfaces); i++)
    g_assert_true (tree_has_row (tree, 0, interfaces[i]));

  /* The rows are drawn, not only in the model. */
  explorer_test_iterate_for (300);
  for (guint i = 0; i < G_N_ELEMENTS (interfaces); i++)
    g_assert_true (explorer_test_find_label (GTK_WIDGET (window), interfaces[i]));

  /* Selecting a member expands its interface and shows its canonical text. */
  g_assert_true (explorer_window_select (window, "org.example.demo.Count"));
  g_assert_true (tree_has_row (tree, 1, "Methods"));
  g_assert_true (tree_has_row (tree, 1, "Count"));
  g_assert_true (tree_has_row (tree, 1, "Point"));
  g_assert_true (tree_has_row (tree, 1, "DivisionByZero"));
  text = explorer_window_dup_content_text (window);
  g_assert_nonnull (text);
  g_assert_nonnull (strstr (text, "method Count("));
  g_clear_pointer (&text, g_free);

  explorer_test_iterate_for (200);
  g_assert_true (explorer_test_find_label (GTK_WIDGET (window), "Count"));

  explorer_test_save_screenshot (window, "demo-count");

  g_assert_true (explorer_window_select (window, "org.varlink.service.GetInfo"));
  text = explorer_window_dup_content_text (window);
  g_assert_nonnull (strstr (text, "method GetInfo()"));
  g_clear_pointer (&text, g_free);

  g_assert_true (explorer_window_select (window, "org.example.demo.DivisionByZero"));
  text = explorer_window_dup_content_text (window);
  g_assert_nonnull (strstr (text, "error DivisionByZero"));
  g_clear_pointer (&text, g_free);

  g_assert_false (explorer_window_select (window, "org.example.demo.NoSuchMember"));

  /* Reloading goes through the spinner back to the same tree. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.reload", NULL);
  g_assert_cmpstr (explorer_window_get_service_page (window), ==, "loading");
  g_assert_null (explorer_window_dup_content_text (window));
  explorer_test_wait_until_settled (service, 20);
  g_assert_cmpint (explorer_service_get_state (service), ==, EXPLORER_SERVICE_STATE_READY);
  g_assert_true (tree_has_row (explorer_window_get_tree (window), 0, "org.example.demo"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_unreachable (void)
{
  ExplorerWindow *window = new_window ();
  ExplorerService *service;

  explorer_window_open_address (window, "unix:/nonexistent");
  service = explorer_window_get_service (window);
  g_assert_cmpstr (explorer_service_get_address (service), ==, "unix:/nonexistent");

  explorer_test_wait_until_settled (service, 10);
  g_assert_cmpint (explorer_service_get_state (service), ==, EXPLORER_SERVICE_STATE_UNREACHABLE);
  g_assert_cmpstr (explorer_window_get_service_page (window), ==, "error");
  g_assert_cmpstr (explorer_window_get_error_title (window), ==, "Cannot Reach the Service");
  g_assert_nonnull (explorer_service_get_error_details (service));

  explorer_test_iterate_for (100);
  g_assert_true (explorer_test_find_label (GTK_WIDGET (window), "Cannot Reach the Service"));
  explorer_test_save_screenshot (window, "unreachable");

  /* Opening the same address again shows the same sidebar entry. */
  explorer_window_open_address (window, "unix:/nonexistent");
  g_assert_true (explorer_window_get_service (window) == service);

  /* A program that cannot be started is unreachable too. */
  explorer_window_open_address (window, "exec:/nonexistent/varlink-service");
  service = explorer_window_get_service (window);
  explorer_test_wait_until_settled (service, 10);
  g_test_message ("%s: %s", explorer_service_get_error_title (service),
                  explorer_service_get_error_details (service));
  g_assert_cmpint (explorer_service_get_state (service), ==, EXPLORER_SERVICE_STATE_UNREACHABLE);
  g_assert_cmpstr (explorer_window_get_service_page (window), ==, "error");

  gtk_window_destroy (GTK_WINDOW (window));
}

static char *
socket_path (const char *dir)
{
  return g_build_filename (dir, "service.socket", NULL);
}

static void
test_not_answering (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-window-XXXXXX", NULL);
  g_autofree char *path = socket_path (dir);
  g_autofree char *address = g_strconcat ("unix:", path, NULL);
  g_autoptr(GSocket) socket = explorer_test_listen_unix (path);
  ExplorerWindow *window = new_window ();
  ExplorerService *service;
  gint64 start;
  guint ticks;

  /* The socket is never accepted nor read: connecting succeeds, GetInfo gets no answer. */
  explorer_window_set_timeout (window, 800);
  start = g_get_monotonic_time ();
  explorer_window_open_address (window, address);
  service = explorer_window_get_service (window);
  g_assert_cmpuint (explorer_service_get_timeout (service), ==, 800);

  ticks = explorer_test_wait_until_settled (service, 20);
  g_test_message ("settled after %" G_GINT64_FORMAT " ms, %u ticks",
                  (g_get_monotonic_time () - start) / 1000, ticks);
  g_assert_cmpint (explorer_service_get_state (service), ==, EXPLORER_SERVICE_STATE_NOT_ANSWERING);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, 700 * 1000);
  /* 800 ms at one tick per 50 ms: the main loop kept running all along. */
  g_assert_cmpuint (ticks, >=, 10);
  g_assert_cmpstr (explorer_window_get_service_page (window), ==, "error");
  g_assert_cmpstr (explorer_window_get_error_title (window), ==, "The Service Is Not Answering");

  gtk_window_destroy (GTK_WINDOW (window));
  g_socket_close (socket, NULL);
  g_unlink (path);
  g_rmdir (dir);
}

/* A fake service: reads one message and answers it with reply (or closes when NULL). */
typedef struct {
  GSocketService    *service;
  const char        *reply;
  GSocketConnection *connection;
  GString           *received;
  char               buffer[4096];
} FakeService;

static void
on_fake_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FakeService *fake = user_data;
  GInputStream *input = G_INPUT_STREAM (object);
  gssize n = g_input_stream_read_finish (input, result, NULL);

  if (n <= 0)
    return;

  g_string_append_len (fake->received, fake->buffer, n);
  if (memchr (fake->buffer, '\0', n) == NULL)
    {
      g_input_stream_read_async (input, fake->buffer, sizeof fake->buffer, G_PRIORITY_DEFAULT,
                                 NULL, on_fake_read, fake);
      return;
    }

  if (fake->reply != NULL)
    {
      GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (fake->connection));

      /* A few bytes on a local socket: the write cannot block. */
      g_assert_true (g_output_stream_write_all (output, fake->reply, strlen (fake->reply) + 1,
                                                NULL, NULL, NULL));
    }
  else
    {
      g_io_stream_close (G_IO_STREAM (fake->connection), NULL, NULL);
    }
}

static gboolean
on_fake_incoming (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source,
                  FakeService       *fake)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));

  g_set_object (&fake->connection, connection);
  g_input_stream_read_async (input, fake->buffer, sizeof fake->buffer, G_PRIORITY_DEFAULT,
                             NULL, on_fake_read, fake);
  return TRUE;
}

static ExplorerService *
open_fake (ExplorerWindow *window,
           FakeService    *fake,
           const char     *path)
{
  g_autoptr(GSocket) socket = explorer_test_listen_unix (path);
  g_autofree char *address = g_strconcat ("unix:", path, NULL);
  g_autoptr(GError) error = NULL;

  fake->received = g_string_new (NULL);
  fake->service = g_socket_service_new ();
  g_socket_listener_add_socket (G_SOCKET_LISTENER (fake->service), socket, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (fake->service, "incoming", G_CALLBACK (on_fake_incoming), fake);
  g_socket_service_start (fake->service);

  explorer_window_set_timeout (window, 3000);
  explorer_window_open_address (window, address);
  return explorer_window_get_service (window);
}

static void
fake_clear (FakeService *fake)
{
  g_socket_service_stop (fake->service);
  g_socket_listener_close (G_SOCKET_LISTENER (fake->service));
  g_clear_object (&fake->service);
  g_clear_object (&fake->connection);
  g_string_free (fake->received, TRUE);
}

static void
test_no_introspection (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-window-XXXXXX", NULL);
  g_autofree char *path = socket_path (dir);
  FakeService fake = {
    .reply = "{\"error\":\"org.varlink.service.MethodNotImplemented\","
             "\"parameters\":{\"method\":\"org.varlink.service.GetInfo\"}}",
  };
  ExplorerWindow *window = new_window ();
  ExplorerService *service = open_fake (window, &fake, path);

  explorer_test_wait_until_settled (service, 10);
  g_assert_nonnull (strstr (fake.received->str, "org.varlink.service.GetInfo"));
  g_assert_cmpint (explorer_service_get_state (service), ==,
                   EXPLORER_SERVICE_STATE_NO_INTROSPECTION);
  g_assert_cmpstr (explorer_window_get_service_page (window), ==, "error");
  g_assert_cmpstr (explorer_window_get_error_title (window), ==,
                   "The Service Answers Without Introspection");
  explorer_test_save_screenshot (window, "no-introspection");

  gtk_window_destroy (GTK_WINDOW (window));
  fake_clear (&fake);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_closed (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-window-XXXXXX", NULL);
  g_autofree char *path = socket_path (dir);
  FakeService fake = { .reply = NULL };
  ExplorerWindow *window = new_window ();
  ExplorerService *service = open_fake (window, &fake, path);

  explorer_test_wait_until_settled (service, 10);
  g_assert_cmpint (explorer_service_get_state (service), ==, EXPLORER_SERVICE_STATE_CLOSED);
  g_assert_cmpstr (explorer_window_get_error_title (window), ==,
                   "The Service Closed the Connection");

  gtk_window_destroy (GTK_WINDOW (window));
  fake_clear (&fake);
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_invalid_address (void)
{
  ExplorerWindow *window = new_window ();
  ExplorerService *service;

  explorer_window_open_address (window, "nonsense:what");
  service = explorer_window_get_service (window);
  explorer_test_wait_until_settled (service, 10);
  g_assert_cmpint (explorer_service_get_state (service), ==,
                   EXPLORER_SERVICE_STATE_INVALID_ADDRESS);
  g_assert_cmpstr (explorer_window_get_service_page (window), ==, "error");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_focus_address (void)
{
  ExplorerWindow *window = new_window ();

  explorer_test_iterate_for (100);
  g_assert_false (explorer_window_address_has_focus (window));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-address", NULL));
  g_assert_true (explorer_window_address_has_focus (window));

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Types an address into the entry as a person would (Ctrl+L, text, Enter) and applies it. */
static void
type_address (ExplorerWindow *window,
              const char     *text)
{
  GtkWidget *focus, *row;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.focus-address", NULL));
  focus = gtk_root_get_focus (GTK_ROOT (window));
  g_assert_true (GTK_IS_EDITABLE (focus));
  row = gtk_widget_get_ancestor (focus, ADW_TYPE_ENTRY_ROW);
  g_assert_nonnull (row);

  gtk_editable_set_text (GTK_EDITABLE (focus), text);
  g_signal_emit_by_name (row, "apply");
}

static void
test_address_entry (void)
{
  ExplorerWindow *window = new_window ();
  ExplorerService *service;
  GtkWidget *row;

  explorer_test_iterate_for (100);

  /* Not an address: nothing opens, the entry says so and keeps the text to fix. */
  type_address (window, "nonsense:what");
  g_assert_null (explorer_window_get_service (window));
  row = gtk_widget_get_ancestor (gtk_root_get_focus (GTK_ROOT (window)), ADW_TYPE_ENTRY_ROW);
  g_assert_true (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "nonsense:what");

  /* A bare path is a unix socket; the entry empties once the service is chosen. */
  type_address (window, "/nonexistent");
  service = explorer_window_get_service (window);
  g_assert_nonnull (service);
  g_assert_cmpstr (explorer_service_get_address (service), ==, "unix:/nonexistent");
  g_assert_false (gtk_widget_has_css_class (row, "error"));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (row)), ==, "");
  explorer_test_wait_until_settled (service, 10);
  g_assert_cmpint (explorer_service_get_state (service), ==, EXPLORER_SERVICE_STATE_UNREACHABLE);

  /* The same service spelled differently is the same sidebar entry. */
  explorer_window_open_address (window, "unix:/nonexistent");
  g_assert_true (explorer_window_get_service (window) == service);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Ctrl+F puts the focus in the search field, in the middle pane, and Escape empties it. */
static void
test_search_keys (void)
{
  ExplorerWindow *window = new_window ();
  GtkWidget *focus, *search;

  explorer_window_open_demo (window);
  explorer_test_wait_until_settled (explorer_window_get_service (window), 20);
  explorer_test_iterate_for (200);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  focus = gtk_window_get_focus (GTK_WINDOW (window));
  g_assert_nonnull (focus);
  search = gtk_widget_get_ancestor (focus, GTK_TYPE_SEARCH_ENTRY);
  g_assert_nonnull (search);
  g_assert_true (gtk_widget_is_ancestor (search, GTK_WIDGET (explorer_window_get_service_page_widget (window))));
  gtk_editable_set_text (GTK_EDITABLE (search), "Ping");
  /* What GtkSearchEntry's Escape binding emits. */
  g_signal_emit_by_name (search, "stop-search");
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (search)), ==, "");

  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add_func ("/window/demo", test_demo);
  g_test_add_func ("/window/unreachable", test_unreachable);
  g_test_add_func ("/window/not-answering", test_not_answering);
  g_test_add_func ("/window/no-introspection", test_no_introspection);
  g_test_add_func ("/window/closed", test_closed);
  g_test_add_func ("/window/invalid-address", test_invalid_address);
  g_test_add_func ("/window/focus-address", test_focus_address);
  g_test_add_func ("/window/address-entry", test_address_entry);
  g_test_add_func ("/window/search-keys", test_search_keys);

  return g_test_run ();
}
