/* test-service-page.c: the service page and the definition view against the demo service,
 * interface files opened on their own, and a service without introspection given a file
 * (needs a display: run under xvfb-run).
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

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
wait_for_page_not (ExplorerServicePage *page,
                   const char          *name)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (50, wake_up, NULL);

  while (g_strcmp0 (explorer_service_page_get_page_name (page), name) == 0 &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake_id);
}

static ExplorerWindow *
new_window (void)
{
  ExplorerWindow *window = explorer_window_new (NULL);

  gtk_window_present (GTK_WINDOW (window));
  return window;
}

static ExplorerWindow *
new_demo_window (void)
{
  ExplorerWindow *window = new_window ();
  ExplorerService *service;

  explorer_window_open_demo (window);
  service = explorer_window_get_service (window);
  g_assert_nonnull (service);
  explorer_test_wait_until_settled (service, 20);
  if (explorer_service_is_failed (service))
    g_test_message ("%s: %s", explorer_service_get_error_title (service),
                    explorer_service_get_error_details (service));
  g_assert_cmpint (explorer_service_get_state (service), ==, EXPLORER_SERVICE_STATE_READY);
  g_assert_cmpstr (explorer_window_get_service_page (window), ==, "ready");
  return window;
}

static ExplorerTreeItem *
find_row (GListModel *tree,
          guint       depth,
          const char *title)
{
  for (guint i = 0; i < g_list_model_get_n_items (tree); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (tree, i);
      ExplorerTreeItem *item = gtk_tree_list_row_get_item (row);

      if (gtk_tree_list_row_get_depth (row) == depth &&
          g_strcmp0 (explorer_tree_item_get_title (item), title) == 0)
        return item;
    }

  return NULL;
}

static ExplorerTreeItem *
selected_item (ExplorerWindow *window)
{
  GtkTreeListRow *row =
    gtk_single_selection_get_selected_item (GTK_SINGLE_SELECTION (explorer_window_get_tree (window)));

  return row ? gtk_tree_list_row_get_item (row) : NULL;
}

static gboolean
strv_contains (GStrv       strv,
               const char *text)
{
  return strv != NULL && g_strv_contains ((const char * const *) strv, text);
}

static void
test_tree (void)
{
  ExplorerWindow *window = new_demo_window ();
  GListModel *tree = explorer_window_get_tree (window);
  ExplorerTreeItem *item;
  guint sections = 0;

  g_assert_nonnull (find_row (tree, 0, "org.example.demo"));
  g_assert_nonnull (find_row (tree, 0, "org.varlink.service"));
  /* Collapsed at first: the tree does not open every interface by itself. */
  g_assert_null (find_row (tree, 1, "Ping"));

  g_assert_true (explorer_window_select (window, "org.example.demo"));
  g_assert_true (explorer_window_select (window, "org.example.demo.Ping"));

  for (guint i = 0; i < g_list_model_get_n_items (tree); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (tree, i);

      if (explorer_tree_item_get_kind (gtk_tree_list_row_get_item (row)) == EXPLORER_TREE_ITEM_SECTION)
        sections++;
    }
  g_assert_cmpuint (sections, ==, 3);
  g_assert_nonnull (find_row (tree, 1, "Methods"));
  g_assert_nonnull (find_row (tree, 1, "Types"));
  g_assert_nonnull (find_row (tree, 1, "Errors"));

  /* Each member row has the first line of its documentation, and only that. */
  item = find_row (tree, 1, "Ping");
  g_assert_nonnull (item);
  g_assert_cmpstr (explorer_tree_item_get_subtitle (item), ==,
                   "Answers with the string it was given. The simplest round trip, and the one");
  item = find_row (tree, 1, "Point");
  g_assert_nonnull (item);
  g_assert_cmpstr (explorer_tree_item_get_subtitle (item), ==,
                   "A point in the plane. A named struct type: a JSON object with exactly these");
  g_assert_nonnull (find_row (tree, 1, "DivisionByZero"));
  g_assert_true (explorer_tree_item_get_interface (item) != NULL);
  g_assert_cmpstr (explorer_tree_item_get_full_name (item), ==, "org.example.demo.Point");

  gtk_window_destroy (GTK_WINDOW (window));
}

static ExplorerTreeItem *
find_hit (GListModel *results,
          const char *where)
{
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(ExplorerTreeItem) hit = g_list_model_get_item (results, i);

      if (g_strcmp0 (explorer_tree_item_get_subtitle (hit), where) == 0)
        return hit;
    }

  return NULL;
}

static guint
find_hit_index (GListModel *results,
                const char *where)
{
  for (guint i = 0; i < g_list_model_get_n_items (results); i++)
    {
      g_autoptr(ExplorerTreeItem) hit = g_list_model_get_item (results, i);

      if (g_strcmp0 (explorer_tree_item_get_subtitle (hit), where) == 0)
        return i;
    }

  return G_MAXUINT;
}

static void
test_search (void)
{
  ExplorerWindow *window = new_demo_window ();
  ExplorerServicePage *page = explorer_window_get_service_page_widget (window);
  GListModel *results = explorer_service_page_get_results (page);
  ExplorerTreeItem *hit;
  guint index;
  g_autofree char *text = NULL;

  /* Ctrl+F puts the keyboard in the search field. */
  explorer_test_iterate_for (100);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.search", NULL));
  g_assert_true (GTK_IS_EDITABLE (gtk_root_get_focus (GTK_ROOT (window))));

  /* A field of a method's input, and one nested in an anonymous struct of a type. */
  explorer_service_page_set_search_text (page, "delay_ms");
  hit = find_hit (results, "org.example.demo › Count › input › delay_ms");
  g_assert_nonnull (hit);
  g_assert_cmpstr (explorer_tree_item_get_title (hit), ==, "Count");

  explorer_service_page_set_search_text (page, "CORNER");
  hit = find_hit (results, "org.example.demo › Everything › box.corner");
  g_assert_nonnull (hit);
  explorer_test_save_screenshot (window, "page-search");

  /* Enum values and documentation are searched too. */
  explorer_service_page_set_search_text (page, "medium");
  g_assert_nonnull (find_hit (results, "org.example.demo › Everything › size.medium"));
  explorer_service_page_set_search_text (page, "round trip");
  g_assert_nonnull (find_hit (results, "org.example.demo › Ping (documentation)"));

  /* Activating a hit shows its member. */
  explorer_service_page_set_search_text (page, "corner");
  index = find_hit_index (results, "org.example.demo › Everything › box.corner");
  g_assert_cmpuint (index, !=, G_MAXUINT);
  explorer_service_page_activate_result (page, index);
  g_assert_nonnull (selected_item (window));
  g_assert_cmpstr (explorer_tree_item_get_title (selected_item (window)), ==, "Everything");
  text = explorer_window_dup_content_text (window);
  g_assert_nonnull (strstr (text, "type Everything"));

  explorer_service_page_set_search_text (page, "no such thing anywhere");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);

  explorer_service_page_set_search_text (page, "");
  g_assert_cmpuint (g_list_model_get_n_items (results), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_scroll_to_member (void)
{
  ExplorerWindow *window = new_demo_window ();
  ExplorerDefinitionView *view = explorer_window_get_definition_view (window);
  ExplorerTreeItem *item;
  VarlinkMember *member;
  guint count_line;

  g_assert_true (explorer_window_select (window, "org.example.demo"));
  g_assert_cmpstr (explorer_definition_view_get_page (view), ==, "source");
  g_assert_cmpuint (explorer_definition_view_get_cursor_line (view), ==, 1);

  g_assert_true (explorer_window_select (window, "org.example.demo.Count"));
  item = selected_item (window);
  member = explorer_tree_item_get_member (item);
  count_line = varlink_member_get_line (member);
  g_assert_cmpuint (count_line, >, 1);
  g_assert_cmpuint (explorer_definition_view_get_cursor_line (view), ==, count_line);
  g_assert_cmpstr (explorer_definition_view_get_page (view), ==, "overview");
  explorer_test_save_screenshot (window, "page-method");

  /* Asking for the source (activating the row) shows it at the member's line... */
  explorer_definition_view_reveal_source (view);
  g_assert_cmpstr (explorer_definition_view_get_page (view), ==, "source");
  g_assert_cmpuint (explorer_definition_view_get_cursor_line (view), ==, count_line);
  explorer_test_save_screenshot (window, "page-source");

  /* ...and the reader stays in the source while choosing other members. */
  g_assert_true (explorer_window_select (window, "org.example.demo.Ping"));
  g_assert_cmpstr (explorer_definition_view_get_page (view), ==, "source");
  g_assert_cmpuint (explorer_definition_view_get_cursor_line (view), ==,
                    varlink_member_get_line (explorer_tree_item_get_member (selected_item (window))));
  g_assert_cmpuint (explorer_definition_view_get_cursor_line (view), !=, count_line);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_type_page (void)
{
  ExplorerWindow *window = new_demo_window ();
  ExplorerDefinitionView *view = explorer_window_get_definition_view (window);
  g_auto(GStrv) links = NULL;
  g_auto(GStrv) used_by = NULL;
  g_autofree char *text = NULL;

  g_assert_true (explorer_window_select (window, "org.example.demo.Everything"));
  /* Show the page, not the source, whatever an earlier test left. */
  text = explorer_window_dup_content_text (window);
  g_assert_nonnull (text);
  links = explorer_definition_view_dup_links (view);
  g_assert_true (strv_contains (links, "Color"));
  g_assert_true (strv_contains (links, "Point"));
  g_assert_false (strv_contains (links, "Everything"));
  explorer_test_save_screenshot (window, "page-type");

  /* Following a link goes to that type, whose page says where it is used. */
  explorer_definition_view_activate_link (view, "Point");
  g_assert_cmpstr (explorer_tree_item_get_title (selected_item (window)), ==, "Point");
  used_by = explorer_definition_view_dup_used_by (view);
  g_assert_true (strv_contains (used_by, "org.example.demo.Everything"));
  g_assert_false (strv_contains (used_by, "org.example.demo.Point"));
  g_clear_pointer (&links, g_strfreev);
  links = explorer_definition_view_dup_links (view);
  g_assert_cmpuint (g_strv_length (links), ==, 0);

  /* A method's page links the types of its parameters. */
  g_assert_true (explorer_window_select (window, "org.example.demo.Echo"));
  g_clear_pointer (&links, g_strfreev);
  links = explorer_definition_view_dup_links (view);
  g_assert_true (strv_contains (links, "Everything"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static GFile *
write_file (const char *dir,
            const char *name,
            const char *text)
{
  g_autofree char *path = g_build_filename (dir, name, NULL);

  g_assert_true (g_file_set_contents (path, text, -1, NULL));
  return g_file_new_for_path (path);
}

static void
test_broken_file (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-service-page-XXXXXX", NULL);
  /* Line 4 names a type nobody declares; line 6 misses the arrow's target. */
  const char *text =
    "# A broken interface.\n"
    "interface org.example.broken\n"
    "\n"
    "method Get(id: int) -> (thing: Thing)\n"
    "\n"
    "method Put(id: int) ->\n";
  g_autoptr(GFile) file = write_file (dir, "org.example.broken.varlink", text);
  g_autoptr(GPtrArray) expected = varlink_interface_validate (text, -1, VARLINK_PARSE_STRICT);
  ExplorerWindow *window = new_window ();
  ExplorerServicePage *page = explorer_window_get_service_page_widget (window);
  ExplorerDefinitionView *view = explorer_window_get_definition_view (window);
  g_autofree char *shown = NULL;
  gboolean saw_line_4 = FALSE;

  g_assert_cmpuint (expected->len, >=, 1);

  explorer_service_page_open_file (page, file);
  wait_for_page_not (page, "loading");
  g_assert_cmpstr (explorer_service_page_get_page_name (page), ==, "invalid-file");
  shown = explorer_window_dup_content_text (window);
  g_assert_cmpstr (shown, ==, text);
  g_assert_cmpuint (explorer_definition_view_get_n_problems (view), ==, expected->len);
  explorer_test_save_screenshot (window, "page-broken-file");

  /* Each problem listed moves the cursor to its place. */
  for (guint i = 0; i < expected->len; i++)
    {
      const VarlinkDiagnostic *diagnostic = g_ptr_array_index (expected, i);

      g_test_message ("%u:%u: %s", diagnostic->line, diagnostic->column, diagnostic->message);
      explorer_definition_view_activate_problem (view, i);
      g_assert_cmpuint (explorer_definition_view_get_cursor_line (view), ==, diagnostic->line);
      g_assert_cmpuint (explorer_definition_view_get_cursor_column (view), ==, diagnostic->column);
      if (diagnostic->line == 4)
        saw_line_4 = TRUE;
    }
  g_assert_true (saw_line_4);

  gtk_window_destroy (GTK_WINDOW (window));
  g_unlink (g_file_peek_path (file));
  g_rmdir (dir);
}

static void
test_valid_file (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("VARLINK_TEST_INTERFACES"),
                                            "org.example.more.varlink", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  ExplorerWindow *window = new_window ();
  ExplorerServicePage *page = explorer_window_get_service_page_widget (window);
  ExplorerDefinitionView *view = explorer_window_get_definition_view (window);
  ExplorerTreeItem *item;

  explorer_service_page_open_file (page, file);
  wait_for_page_not (page, "loading");
  g_assert_cmpstr (explorer_service_page_get_page_name (page), ==, "ready");
  g_assert_cmpuint (explorer_definition_view_get_n_problems (view), ==, 0);
  item = find_row (explorer_window_get_tree (window), 0, "org.example.more");
  g_assert_nonnull (item);
  g_assert_true (explorer_tree_item_get_file (item) != NULL);

  g_assert_true (explorer_window_select (window, "org.example.more.TestMore"));
  g_assert_cmpstr (explorer_definition_view_get_page (view), !=, "empty");

  /* Search works on a file as on a service. */
  explorer_service_page_set_search_text (page, "TestMore");
  g_assert_cmpuint (g_list_model_get_n_items (explorer_service_page_get_results (page)), >, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A fake service: answers every message with reply. */
typedef struct {
  GSocketService    *service;
  const char        *reply;
  GPtrArray         *connections;
  char               buffer[4096];
} FakeService;

typedef struct {
  FakeService       *fake;
  GSocketConnection *connection;
} FakeConnection;

static void
on_fake_read (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  FakeConnection *fc = user_data;
  GInputStream *input = G_INPUT_STREAM (object);
  gssize n = g_input_stream_read_finish (input, result, NULL);
  GOutputStream *output;

  if (n <= 0)
    {
      g_object_unref (fc->connection);
      g_free (fc);
      return;
    }

  output = g_io_stream_get_output_stream (G_IO_STREAM (fc->connection));
  for (gssize i = 0; i < n; i++)
    {
      /* A few bytes on a local socket: the write cannot block. */
      if (fc->fake->buffer[i] == '\0')
        g_assert_true (g_output_stream_write_all (output, fc->fake->reply,
                                                  strlen (fc->fake->reply) + 1,
                                                  NULL, NULL, NULL));
    }

  g_input_stream_read_async (input, fc->fake->buffer, sizeof fc->fake->buffer,
                             G_PRIORITY_DEFAULT, NULL, on_fake_read, fc);
}

static gboolean
on_fake_incoming (GSocketService    *service,
                  GSocketConnection *connection,
                  GObject           *source,
                  FakeService       *fake)
{
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  FakeConnection *fc = g_new0 (FakeConnection, 1);

  fc->fake = fake;
  fc->connection = g_object_ref (connection);
  g_input_stream_read_async (input, fake->buffer, sizeof fake->buffer, G_PRIORITY_DEFAULT,
                             NULL, on_fake_read, fc);
  return TRUE;
}

static void
test_attach (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-service-page-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "socket", NULL);
  g_autofree char *address = g_strconcat ("unix:", path, NULL);
  g_autofree char *ping_path = g_build_filename (g_getenv ("VARLINK_TEST_INTERFACES"),
                                                 "org.example.ping.varlink", NULL);
  g_autoptr(GFile) ping = g_file_new_for_path (ping_path);
  g_autoptr(GSocketAddress) socket_address = g_unix_socket_address_new (path);
  g_autoptr(GError) error = NULL;
  FakeService fake = {
    .reply = "{\"error\":\"org.varlink.service.MethodNotImplemented\","
             "\"parameters\":{\"method\":\"org.varlink.service.GetInfo\"}}",
  };
  ExplorerWindow *window = new_window ();
  ExplorerServicePage *page = explorer_window_get_service_page_widget (window);
  ExplorerService *service;
  ExplorerTreeItem *item;

  fake.service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (fake.service), socket_address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                 NULL, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (fake.service, "incoming", G_CALLBACK (on_fake_incoming), &fake);
  g_socket_service_start (fake.service);

  explorer_window_set_timeout (window, 3000);
  explorer_window_open_address (window, address);
  service = explorer_window_get_service (window);
  explorer_test_wait_until_settled (service, 20);
  g_assert_cmpint (explorer_service_get_state (service), ==,
                   EXPLORER_SERVICE_STATE_NO_INTROSPECTION);
  g_assert_cmpstr (explorer_window_get_service_page (window), ==, "error");
  explorer_test_save_screenshot (window, "page-no-introspection");

  /* What the "Attach Interface File…" button does once a file is chosen. */
  g_assert_true (explorer_service_attach_file (service, ping, &error));
  g_assert_no_error (error);
  explorer_test_iterate_for (100);
  g_assert_cmpstr (explorer_service_page_get_page_name (page), ==, "ready");
  item = find_row (explorer_window_get_tree (window), 0, "org.example.ping");
  g_assert_nonnull (item);
  g_assert_true (explorer_window_select (window, "org.example.ping.Ping"));
  g_assert_nonnull (explorer_window_dup_content_text (window));
  explorer_test_save_screenshot (window, "page-attached");

  explorer_service_detach_interface (service, "org.example.ping");
  explorer_test_iterate_for (100);
  g_assert_null (find_row (explorer_window_get_tree (window), 0, "org.example.ping"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_socket_service_stop (fake.service);
  g_socket_listener_close (G_SOCKET_LISTENER (fake.service));
  g_clear_object (&fake.service);
  g_unlink (path);
  g_rmdir (dir);
}

/* A service that refuses us offers to open it as an administrator, through pkexec and this
 * program's --bridge; other refusals and other addresses do not. */
static void
test_refused (void)
{
  g_autofree char *dir = g_dir_make_tmp ("test-service-page-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "refusing", NULL);
  g_autofree char *address = g_strconcat ("unix:", path, NULL);
  g_autofree char *admin = NULL;
  g_autofree char *expected_end = g_strconcat (" --bridge ", address, NULL);
  g_autoptr(GSocketAddress) socket_address = g_unix_socket_address_new (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(ExplorerService) demo = explorer_service_new_demo ();
  FakeService fake = { .reply = "{\"error\":\"org.varlink.service.PermissionDenied\"}" };
  ExplorerWindow *window = new_window ();
  ExplorerService *service;

  fake.service = g_socket_service_new ();
  g_socket_listener_add_address (G_SOCKET_LISTENER (fake.service), socket_address,
                                 G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT,
                                 NULL, NULL, &error);
  g_assert_no_error (error);
  g_signal_connect (fake.service, "incoming", G_CALLBACK (on_fake_incoming), &fake);
  g_socket_service_start (fake.service);

  explorer_window_open_address (window, address);
  service = explorer_window_get_service (window);
  explorer_test_wait_until_settled (service, 20);
  g_assert_cmpstr (explorer_window_get_service_page (window), ==, "error");
  g_assert_cmpstr (explorer_service_get_error_title (service), ==, "Permission Denied");
  g_assert_true (explorer_service_get_refused (service));
  g_assert_true (explorer_test_find_label (GTK_WIDGET (window), "Open as Administrator…"));
  explorer_test_save_screenshot (window, "page-refused");

  admin = explorer_service_dup_admin_address (service);
  g_assert_true (g_str_has_prefix (admin, "bridge:pkexec /"));
  g_assert_true (g_str_has_suffix (admin, expected_end));
  g_assert_nonnull (strstr (admin, "/varlink-explorer --bridge "));
  g_assert_null (explorer_service_dup_admin_address (demo));

  /* The page's button opens such an address in the window, as a row of its own. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.open-address", "s",
                                             "unix:@varlink-explorer-test-nobody"));
  g_assert_cmpstr (explorer_service_get_address (explorer_window_get_service (window)), ==,
                   "unix:@varlink-explorer-test-nobody");
  explorer_test_wait_until_settled (explorer_window_get_service (window), 20);
  g_assert_false (explorer_service_get_refused (explorer_window_get_service (window)));
  g_assert_false (explorer_test_find_label (GTK_WIDGET (window), "Open as Administrator…"));

  gtk_window_destroy (GTK_WINDOW (window));
  g_socket_service_stop (fake.service);
  g_socket_listener_close (G_SOCKET_LISTENER (fake.service));
  g_clear_object (&fake.service);
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

  if (g_getenv ("EXPLORER_SCREENSHOT_DARK"))
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        ADW_COLOR_SCHEME_FORCE_DARK);

  g_test_add_func ("/service-page/tree", test_tree);
  g_test_add_func ("/service-page/search", test_search);
  g_test_add_func ("/service-page/scroll-to-member", test_scroll_to_member);
  g_test_add_func ("/service-page/type-page", test_type_page);
  g_test_add_func ("/service-page/broken-file", test_broken_file);
  g_test_add_func ("/service-page/valid-file", test_valid_file);
  g_test_add_func ("/service-page/attach", test_attach);
  g_test_add_func ("/service-page/refused", test_refused);

  return g_test_run ();
}
