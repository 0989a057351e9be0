/* test-call-page.c: calling the demo service's methods from their pages: one reply, an
 * error with its documentation, oneway, a timeout, cancel, a stream, Ctrl+Return, flags from
 * hints, upgrade with raw bytes, and two calls at once (needs a display: run under xvfb-run).
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "explorer-call-page.h"
#include "explorer-history.h"
#include "explorer-window-private.h"
#include "explorer-test-util.h"

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static ExplorerWindow *
new_demo_window (void)
{
  ExplorerWindow *window = explorer_window_new (NULL);
  ExplorerService *service;
  gint64 end = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (50, wake_up, NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 1000);
  gtk_window_present (GTK_WINDOW (window));
  explorer_window_open_demo (window);
  service = explorer_window_get_service (window);
  g_assert_nonnull (service);

  while ((explorer_service_get_state (service) == EXPLORER_SERVICE_STATE_IDLE ||
          explorer_service_get_state (service) == EXPLORER_SERVICE_STATE_CONNECTING) &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);

  g_assert_cmpint (explorer_service_get_state (service), ==, EXPLORER_SERVICE_STATE_READY);
  return window;
}

static ExplorerCallPage *
select_method (ExplorerWindow *window,
               const char     *name)
{
  ExplorerCallPage *page;
  g_autofree char *full_name = g_strconcat ("org.example.demo.", name, NULL);

  g_assert_true (explorer_window_select (window, full_name));
  page = explorer_definition_view_get_call_page (explorer_window_get_definition_view (window));
  g_assert_nonnull (page);
  g_assert_cmpstr (explorer_call_page_get_method_name (page), ==, full_name);
  g_assert_nonnull (explorer_call_page_get_service (page));
  return page;
}

static ExplorerHistoryEntry *
newest_history_entry (void)
{
  GListModel *entries = explorer_history_get_entries (explorer_history_get_default ());

  g_assert_cmpuint (g_list_model_get_n_items (entries), >, 0);
  return g_list_model_get_item (entries, 0);
}

static void
test_ping (void)
{
  ExplorerWindow *window = new_demo_window ();
  ExplorerCallPage *page = select_method (window, "Ping");
  ExplorerReplyView *view = explorer_call_page_get_reply_view (page);
  g_autoptr(ExplorerHistoryEntry) entry = NULL;
  g_autofree char *row = NULL;
  g_autofree char *value = NULL;

  g_assert_cmpint (explorer_call_page_get_flags (page), ==, VARLINK_CALL_NONE);
  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_IDLE);

  explorer_test_set_call_parameters (page, "{\"data\": \"hello <b>world</b>\"}");
  explorer_test_call_and_wait (page);

  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_REPLY);
  g_assert_cmpstr (explorer_call_page_get_status_title (page), ==, "Reply");
  g_assert_cmpuint (explorer_call_page_get_n_replies (page), ==, 1);

  /* The tree, typed by the output (data: string), and the JSON. */
  g_assert_cmpuint (explorer_reply_view_get_n_rows (view), ==, 1);
  row = explorer_reply_view_dup_row (view, 0);
  g_assert_cmpstr (row, ==, "data\tstring\t\"hello <b>world</b>\"");
  value = explorer_reply_view_dup_row_value (view, 0);
  g_assert_cmpstr (value, ==, "\"hello <b>world</b>\"");
  g_assert_cmpstr (explorer_reply_view_get_text (view), ==, "{\n  \"data\": \"hello <b>world</b>\"\n}");

  explorer_test_save_screenshot (window, "call-ping");

  /* The call is in the history, as sent. */
  entry = newest_history_entry ();
  g_assert_cmpstr (explorer_history_entry_get_method (entry), ==, "org.example.demo.Ping");
  g_assert_true (explorer_history_entry_get_succeeded (entry));
  g_assert_cmpuint (explorer_history_entry_get_n_replies (entry), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (explorer_history_entry_get_parameters (entry), "data"),
                   ==, "hello <b>world</b>");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_typed_tree (void)
{
  ExplorerWindow *window = new_demo_window ();
  ExplorerCallPage *page = select_method (window, "Lookup");
  ExplorerReplyView *view = explorer_call_page_get_reply_view (page);
  g_autofree char *row0 = NULL;
  g_autofree char *row1 = NULL;
  g_autofree char *row3 = NULL;

  explorer_test_set_call_parameters (page, "{\"name\": \"north\"}");
  explorer_test_call_and_wait (page);
  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_REPLY);

  /* point: Point (x, y nested), color: Color. */
  g_assert_cmpuint (explorer_reply_view_get_n_rows (view), ==, 4);
  row0 = explorer_reply_view_dup_row (view, 0);
  g_assert_true (g_str_has_prefix (row0, "point\tPoint\t"));
  row1 = explorer_reply_view_dup_row (view, 1);
  g_assert_true (g_str_has_prefix (row1, "  x\tfloat\t"));
  row3 = explorer_reply_view_dup_row (view, 3);
  g_assert_true (g_str_has_prefix (row3, "color\tColor\t\""));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_error (void)
{
  ExplorerWindow *window = new_demo_window ();
  ExplorerCallPage *page = select_method (window, "Divide");
  ExplorerReplyView *view = explorer_call_page_get_reply_view (page);
  g_autoptr(ExplorerHistoryEntry) entry = NULL;
  g_autofree char *row = NULL;

  explorer_test_set_call_parameters (page, "{\"dividend\": 7, \"divisor\": 0}");
  explorer_test_call_and_wait (page);

  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_ERROR);
  g_assert_cmpstr (explorer_call_page_get_status_title (page), ==, "org.example.demo.DivisionByZero");
  /* The error's documentation from the IDL. */
  g_assert_nonnull (strstr (explorer_call_page_get_status_details (page), "The divisor was zero"));
  /* Its parameters, typed by the error's declaration. */
  g_assert_cmpuint (explorer_reply_view_get_n_rows (view), ==, 1);
  row = explorer_reply_view_dup_row (view, 0);
  g_assert_cmpstr (row, ==, "dividend\tint\t7");

  explorer_test_save_screenshot (window, "call-error");

  entry = newest_history_entry ();
  g_assert_false (explorer_history_entry_get_succeeded (entry));
  g_assert_cmpstr (explorer_history_entry_get_outcome (entry), ==, "org.example.demo.DivisionByZero");

  /* A standard error is documented by org.varlink.service. */
  explorer_test_set_call_parameters (page, "{\"dividend\": \"seven\", \"divisor\": 2}");
  explorer_test_call_and_wait (page);
  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_ERROR);
  g_assert_cmpstr (explorer_call_page_get_status_title (page), ==,
                   "org.varlink.service.InvalidParameter");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_oneway (void)
{
  ExplorerWindow *window = new_demo_window ();
  ExplorerCallPage *page = select_method (window, "Log");

  explorer_test_set_call_parameters (page, "{\"message\": \"from the test\"}");
  explorer_call_page_set_flags (page, VARLINK_CALL_ONEWAY);
  g_assert_cmpint (explorer_call_page_get_flags (page), ==, VARLINK_CALL_ONEWAY);
  explorer_test_call_and_wait (page);

  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_SENT);
  g_assert_cmpstr (explorer_call_page_get_status_title (page), ==, "Sent. A oneway call gets no reply.");
  g_assert_cmpuint (explorer_call_page_get_n_replies (page), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_timeout (void)
{
  ExplorerWindow *window = new_demo_window ();
  ExplorerCallPage *page = select_method (window, "Sleep");
  gint64 start;

  explorer_test_set_call_parameters (page, "{\"milliseconds\": 5000}");
  explorer_call_page_set_timeout (page, 1);
  start = g_get_monotonic_time ();
  explorer_test_call_and_wait (page);

  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_TIMED_OUT);
  g_assert_cmpstr (explorer_call_page_get_status_title (page), ==, "No reply within 1 s");
  g_assert_nonnull (strstr (explorer_call_page_get_status_details (page), "Raise the timeout"));
  g_assert_cmpint (g_get_monotonic_time () - start, <, 4 * G_USEC_PER_SEC);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_cancel (void)
{
  ExplorerWindow *window = new_demo_window ();
  ExplorerCallPage *page = select_method (window, "Sleep");
  gint64 start;

  explorer_test_set_call_parameters (page, "{\"milliseconds\": 30000}");
  explorer_call_page_call (page);
  explorer_test_iterate_for (300);
  g_assert_true (explorer_call_page_get_running (page));

  start = g_get_monotonic_time ();
  explorer_call_page_cancel (page);
  explorer_test_wait_for_call_end (page, 5);
  g_assert_cmpint (g_get_monotonic_time () - start, <, G_USEC_PER_SEC);
  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_CANCELLED);
  g_assert_cmpstr (explorer_call_page_get_status_title (page), ==, "Cancelled");

  /* Cancelling a stream mid-way closes its connection. */
  page = select_method (window, "Ticks");
  explorer_test_set_call_parameters (page, "{\"interval_ms\": 10}");
  explorer_call_page_call (page);
  explorer_test_iterate_for (300);
  g_assert_true (explorer_call_page_get_running (page));
  g_assert_cmpuint (explorer_call_page_get_n_replies (page), >, 0);
  explorer_call_page_cancel (page);
  explorer_test_wait_for_call_end (page, 5);
  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_CANCELLED);
  g_assert_nonnull (strstr (explorer_call_page_get_status_details (page), "stopped after"));

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
wait_for_log (ExplorerReplyLog *log,
              guint             n)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (20, wake_up, NULL);

  while (g_list_model_get_n_items (explorer_reply_log_get_model (log)) < n &&
         g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);
}

static void
test_more (void)
{
  ExplorerWindow *window = new_demo_window ();
  ExplorerCallPage *page = select_method (window, "Count");
  ExplorerReplyLog *log;
  g_autoptr(ExplorerHistoryEntry) entry = NULL;

  /* Count supports more: the flag starts on. */
  g_assert_cmpint (explorer_call_page_get_flags (page), ==, VARLINK_CALL_MORE);

  explorer_test_set_call_parameters (page, "{\"from\": 1, \"to\": 1000}");
  explorer_test_call_and_wait (page);

  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_REPLY);
  g_assert_cmpuint (explorer_call_page_get_n_replies (page), ==, 1000);
  g_assert_cmpstr (explorer_call_page_get_status_title (page), ==, "The stream ended after 1000 replies");

  log = explorer_call_page_get_reply_log (page);
  g_assert_nonnull (log);
  g_assert_cmpuint (explorer_reply_log_get_n_received (log), ==, 1000);
  wait_for_log (log, 1000);
  g_assert_cmpuint (g_list_model_get_n_items (explorer_reply_log_get_model (log)), ==, 1000);

  explorer_test_save_screenshot (window, "call-more");

  entry = newest_history_entry ();
  g_assert_cmpuint (explorer_history_entry_get_n_replies (entry), ==, 1000);
  g_assert_cmpint (explorer_history_entry_get_flags (entry), ==, VARLINK_CALL_MORE);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* The max-stream-replies setting bounds the next stream: the newest are kept. */
static void
test_more_bound (void)
{
  g_autoptr(GSettings) settings = explorer_settings_new ();
  ExplorerWindow *window;
  ExplorerCallPage *page;
  ExplorerReplyLog *log;

  g_assert_nonnull (settings);
  g_settings_set_uint (settings, "max-stream-replies", 1000);

  window = new_demo_window ();
  page = select_method (window, "Count");
  explorer_test_set_call_parameters (page, "{\"from\": 1, \"to\": 2500}");
  explorer_test_call_and_wait (page);
  g_assert_cmpuint (explorer_call_page_get_n_replies (page), ==, 2500);

  log = explorer_call_page_get_reply_log (page);
  g_assert_nonnull (log);
  g_assert_cmpuint (explorer_reply_log_get_n_received (log), ==, 2500);
  g_assert_cmpuint (explorer_reply_log_get_n_kept (log), ==, 1000);
  g_assert_cmpuint (explorer_reply_log_get_n_dropped (log), ==, 1500);

  g_settings_reset (settings, "max-stream-replies");
  gtk_window_destroy (GTK_WINDOW (window));
}

/* The call-timeout setting is what a new call page's timeout starts from. */
static void
test_timeout_setting (void)
{
  g_autoptr(GSettings) settings = explorer_settings_new ();
  ExplorerWindow *window;
  ExplorerCallPage *page;

  g_assert_nonnull (settings);
  window = new_demo_window ();
  page = select_method (window, "Ping");
  g_assert_cmpuint (explorer_call_page_get_timeout (page), ==, 0);

  g_settings_set_uint (settings, "call-timeout", 7);
  page = select_method (window, "Sleep");
  g_assert_cmpuint (explorer_call_page_get_timeout (page), ==, 7);

  /* /call-page/timeout shows that the field is what the call uses. */
  g_settings_reset (settings, "call-timeout");
  page = select_method (window, "Ping");
  g_assert_cmpuint (explorer_call_page_get_timeout (page), ==, 0);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Finds the shortcut the page binds to trigger_text and activates it as the window would. */
static gboolean
activate_shortcut (GtkWidget  *widget,
                   const char *trigger_text)
{
  g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (widget);

  for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
    {
      g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

      if (!GTK_IS_SHORTCUT_CONTROLLER (controller))
        continue;

      for (guint j = 0; j < g_list_model_get_n_items (G_LIST_MODEL (controller)); j++)
        {
          g_autoptr(GtkShortcut) shortcut = g_list_model_get_item (G_LIST_MODEL (controller), j);
          g_autofree char *text = gtk_shortcut_trigger_to_string (gtk_shortcut_get_trigger (shortcut));

          if (strstr (text, trigger_text) != NULL)
            return gtk_shortcut_action_activate (gtk_shortcut_get_action (shortcut), 0, widget, NULL);
        }
    }

  return FALSE;
}

static void
test_shortcuts (void)
{
  ExplorerWindow *window = new_demo_window ();
  ExplorerCallPage *page = select_method (window, "Sleep");

  explorer_test_set_call_parameters (page, "{\"milliseconds\": 30000}");
  /* Escape does nothing while no call runs, and lets the key go on. */
  g_assert_false (activate_shortcut (GTK_WIDGET (page), "Escape"));
  g_assert_true (activate_shortcut (GTK_WIDGET (page), "<Control>Return"));
  g_assert_true (explorer_call_page_get_running (page));
  explorer_test_iterate_for (200);
  g_assert_true (activate_shortcut (GTK_WIDGET (page), "Escape"));
  explorer_test_wait_for_call_end (page, 5);
  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_CANCELLED);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_hints (void)
{
  ExplorerWindow *window = new_demo_window ();

  g_assert_cmpint (explorer_call_page_get_flags (select_method (window, "Ticks")), ==, VARLINK_CALL_MORE);
  g_assert_cmpint (explorer_call_page_get_flags (select_method (window, "Shout")), ==, VARLINK_CALL_UPGRADE);
  g_assert_cmpint (explorer_call_page_get_flags (select_method (window, "Ping")), ==, VARLINK_CALL_NONE);

  /* The flags exclude each other. */
  explorer_call_page_set_flags (select_method (window, "Ping"), VARLINK_CALL_MORE);
  g_assert_cmpint (explorer_call_page_get_flags (select_method (window, "Ping")), ==, VARLINK_CALL_MORE);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
wait_for_received (ExplorerUpgradeView *view,
                   guint64              n)
{
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (20, wake_up, NULL);

  while (explorer_upgrade_view_get_n_received (view) < n && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);
}

static void
test_upgrade (void)
{
  ExplorerWindow *window = new_demo_window ();
  ExplorerCallPage *page = select_method (window, "Shout");
  ExplorerUpgradeView *view = explorer_call_page_get_upgrade_view (page);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) received = NULL;
  g_autofree char *text = NULL;

  explorer_test_set_call_parameters (page, "{\"greeting\": \"hello\"}");
  explorer_test_call_and_wait (page);
  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_UPGRADED);
  /* The confirming reply is shown. */
  g_assert_cmpuint (explorer_reply_view_get_n_rows (explorer_call_page_get_reply_view (page)), ==, 1);

  wait_for_received (view, 5);
  g_assert_true (explorer_upgrade_view_send (view, "abc", &error));
  g_assert_no_error (error);
  g_assert_cmpuint (explorer_upgrade_view_get_n_sent (view), ==, 4);
  wait_for_received (view, 9);
  received = explorer_upgrade_view_dup_received (view);
  g_assert_cmpmem (g_bytes_get_data (received, NULL), g_bytes_get_size (received), "HELLOABC\n", 9);

  /* Hex both ways. */
  explorer_upgrade_view_set_hex (view, TRUE);
  g_assert_false (explorer_upgrade_view_send (view, "6x", &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA);
  g_clear_error (&error);
  g_assert_true (explorer_upgrade_view_send (view, "71 0a", &error));
  g_assert_no_error (error);
  wait_for_received (view, 11);
  text = explorer_upgrade_view_dup_text (view);
  g_assert_nonnull (strstr (text, "51 0a"));

  explorer_test_save_screenshot (window, "call-upgrade");

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_two_at_once (void)
{
  ExplorerWindow *window = new_demo_window ();
  ExplorerCallPage *sleep_page = select_method (window, "Sleep");
  ExplorerCallPage *ping_page;

  explorer_test_set_call_parameters (sleep_page, "{\"milliseconds\": 1500}");
  explorer_call_page_call (sleep_page);

  /* Another page, while the first call waits: it answers at once. */
  ping_page = select_method (window, "Ping");
  g_assert_true (ping_page != sleep_page);
  explorer_test_set_call_parameters (ping_page, "{\"data\": \"meanwhile\"}");
  explorer_test_call_and_wait (ping_page);
  g_assert_cmpstr (explorer_call_page_get_state (ping_page), ==, EXPLORER_CALL_REPLY);
  g_assert_true (explorer_call_page_get_running (sleep_page));

  /* Back to the first page: the same page, its call still running, then done. */
  g_assert_true (select_method (window, "Sleep") == sleep_page);
  explorer_test_wait_for_call_end (sleep_page, 10);
  g_assert_cmpstr (explorer_call_page_get_state (sleep_page), ==, EXPLORER_CALL_REPLY);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_by_name (void)
{
  ExplorerWindow *window = new_demo_window ();
  GtkWindow *call_window = explorer_call_page_open_window (explorer_window_get_service (window),
                                                           GTK_WINDOW (window));
  ExplorerCallPage *page = NULL;
  g_autofree char *row = NULL;

  /* The page is the only call page in the window. */
  for (GtkWidget *widget = GTK_WIDGET (call_window); widget != NULL && page == NULL;)
    {
      if (EXPLORER_IS_CALL_PAGE (widget))
        page = EXPLORER_CALL_PAGE (widget);
      else if (gtk_widget_get_first_child (widget) != NULL)
        widget = gtk_widget_get_first_child (widget);
      else
        {
          while (widget != NULL && gtk_widget_get_next_sibling (widget) == NULL)
            widget = gtk_widget_get_parent (widget);
          if (widget != NULL)
            widget = gtk_widget_get_next_sibling (widget);
        }
    }
  g_assert_nonnull (page);
  g_assert_null (explorer_call_page_get_method (page));
  g_assert_cmpint (explorer_call_page_get_flags (page), ==, VARLINK_CALL_NONE);
  g_assert_cmpstr (explorer_parameters_editor_get_view (explorer_call_page_get_editor (page)), ==, "json");

  explorer_call_page_set_method_name (page, " org.example.demo.Ping ");
  g_assert_cmpstr (explorer_call_page_get_method_name (page), ==, "org.example.demo.Ping");
  explorer_test_set_call_parameters (page, "{\"data\": \"by name\"}");
  explorer_test_call_and_wait (page);
  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_REPLY);
  /* Without a type, the tree says what the JSON is. */
  row = explorer_reply_view_dup_row (explorer_call_page_get_reply_view (page), 0);
  g_assert_cmpstr (row, ==, "data\tstring\t\"by name\"");

  /* A method the service does not have: its standard error, documented by its interface. */
  explorer_call_page_set_method_name (page, "org.example.demo.Nothing");
  explorer_test_call_and_wait (page);
  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_ERROR);
  g_assert_cmpstr (explorer_call_page_get_status_title (page), ==, "org.varlink.service.MethodNotFound");

  gtk_window_destroy (call_window);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("LC_ALL", "C.UTF-8", TRUE);

  /* The history is written to an isolated data directory. */
  gtk_test_init (&argc, &argv, G_TEST_OPTION_ISOLATE_DIRS, NULL);
  adw_init ();

  g_test_add_func ("/call-page/ping", test_ping);
  g_test_add_func ("/call-page/typed-tree", test_typed_tree);
  g_test_add_func ("/call-page/error", test_error);
  g_test_add_func ("/call-page/oneway", test_oneway);
  g_test_add_func ("/call-page/timeout", test_timeout);
  g_test_add_func ("/call-page/timeout-setting", test_timeout_setting);
  g_test_add_func ("/call-page/cancel", test_cancel);
  g_test_add_func ("/call-page/more", test_more);
  g_test_add_func ("/call-page/more-bound", test_more_bound);
  g_test_add_func ("/call-page/shortcuts", test_shortcuts);
  g_test_add_func ("/call-page/hints", test_hints);
  g_test_add_func ("/call-page/upgrade", test_upgrade);
  g_test_add_func ("/call-page/two-at-once", test_two_at_once);
  g_test_add_func ("/call-page/by-name", test_by_name);

  return g_test_run ();
}
