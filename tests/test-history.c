/* test-history.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>

#include "explorer-call-page.h"
#include "explorer-history.h"
#include "explorer-history-view.h"
#include "explorer-traffic-view.h"
#include "explorer-window-private.h"
#include "explorer-test-util.h"

typedef struct {
  char  *dir;
  GFile *file;
} Fixture;

static void
fixture_setup (Fixture       *f,
               gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;

  f->dir = g_dir_make_tmp ("test-history-XXXXXX", &error);
  g_assert_no_error (error);
  /* A directory that does not exist yet, as on a first run. */
  path = g_build_filename (f->dir, "data", "varlink-explorer", "history.jsonl", NULL);
  f->file = g_file_new_for_path (path);
}

static void
remove_tree (GFile *file)
{
  g_autoptr(GFileEnumerator) children = g_file_enumerate_children (file, G_FILE_ATTRIBUTE_STANDARD_NAME,
                                                                   G_FILE_QUERY_INFO_NOFOLLOW_SYMLINKS,
                                                                   NULL, NULL);

  if (children != NULL)
    {
      GFileInfo *info;

      while ((info = g_file_enumerator_next_file (children, NULL, NULL)) != NULL)
        {
          g_autoptr(GFile) child = g_file_get_child (file, g_file_info_get_name (info));

          remove_tree (child);
          g_object_unref (info);
        }
    }
  g_file_delete (file, NULL, NULL);
}

static void
fixture_teardown (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GFile) dir = g_file_new_for_path (f->dir);

  remove_tree (dir);
  g_clear_object (&f->file);
  g_free (f->dir);
}

static void
wait_loaded (ExplorerHistory *history)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (!explorer_history_get_loaded (history))
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, TRUE);
    }
}

static guint
count_lines (GFile *file)
{
  g_autofree char *contents = NULL;
  guint n = 0;

  if (!g_file_load_contents (file, NULL, &contents, NULL, NULL, NULL))
    return 0;
  for (const char *p = contents; *p != '\0'; p++)
    if (*p == '\n')
      n++;

  return n;
}

/* Saving is asynchronous: wait until the file has settled on n lines. */
static void
wait_lines (GFile *file,
            guint  n)
{
  gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  while (count_lines (file) != n)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  /* Let whatever write is still in flight end. */
  for (guint i = 0; i < 20; i++)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (1000);
    }
  g_assert_cmpuint (count_lines (file), ==, n);
}

static JsonObject *
object_from (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  g_assert_nonnull (node);
  return json_object_ref (json_node_get_object (node));
}

static ExplorerHistoryEntry *
make_entry (const char       *method,
            const char       *json,
            VarlinkCallFlags  flags,
            gint64            started_us,
            gint64            duration_us,
            guint             n_replies,
            const char       *outcome)
{
  g_autoptr(JsonObject) parameters = json != NULL ? object_from (json) : NULL;
  g_autoptr(GDateTime) epoch = g_date_time_new_from_unix_local (started_us / G_USEC_PER_SEC);
  g_autoptr(GDateTime) started = g_date_time_add (epoch, started_us % G_USEC_PER_SEC);

  return explorer_history_entry_new ("unix:/run/demo.sock", method, parameters, flags, started,
                                     duration_us, n_replies, outcome);
}

static void
assert_entries_equal (ExplorerHistoryEntry *a,
                      ExplorerHistoryEntry *b)
{
  JsonObject *pa = explorer_history_entry_get_parameters (a);
  JsonObject *pb = explorer_history_entry_get_parameters (b);

  g_assert_cmpstr (explorer_history_entry_get_address (a), ==, explorer_history_entry_get_address (b));
  g_assert_cmpstr (explorer_history_entry_get_method (a), ==, explorer_history_entry_get_method (b));
  g_assert_cmpint (explorer_history_entry_get_flags (a), ==, explorer_history_entry_get_flags (b));
  g_assert_true (g_date_time_equal (explorer_history_entry_get_started (a),
                                    explorer_history_entry_get_started (b)));
  g_assert_cmpint (explorer_history_entry_get_duration (a), ==, explorer_history_entry_get_duration (b));
  g_assert_cmpuint (explorer_history_entry_get_n_replies (a), ==, explorer_history_entry_get_n_replies (b));
  g_assert_cmpstr (explorer_history_entry_get_outcome (a), ==, explorer_history_entry_get_outcome (b));
  g_assert_cmpint (explorer_history_entry_get_succeeded (a), ==, explorer_history_entry_get_succeeded (b));

  g_assert_true ((pa == NULL) == (pb == NULL));
  if (pa != NULL)
    {
      g_autoptr(JsonNode) na = json_node_init_object (json_node_alloc (), pa);
      g_autoptr(JsonNode) nb = json_node_init_object (json_node_alloc (), pb);

      g_assert_true (varlink_json_equal (na, nb));
    }
}

static void
test_history_restart (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ExplorerHistory) history = explorer_history_new (f->file, 100);
  g_autoptr(ExplorerHistory) again = NULL;
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_object_unref);
  GListModel *entries;

  /* Added at once, before the (missing) file was even looked at. */
  g_ptr_array_add (added, make_entry ("org.example.demo.Ping", "{\"data\":\"a \\\"quoted\\\" ☃\"}",
                                      VARLINK_CALL_NONE, 1700000000123456, 1234, 1, NULL));
  g_ptr_array_add (added, make_entry ("org.example.demo.Count",
                                      "{\"from\":-9223372036854775808,\"to\":9223372036854775807,\"delay_ms\":null}",
                                      VARLINK_CALL_MORE, 1700000001000001, 987654, 10, NULL));
  g_ptr_array_add (added, make_entry ("org.example.demo.Divide", "{\"dividend\":1,\"divisor\":0}",
                                      VARLINK_CALL_NONE, 1700000002000000, 300, 1,
                                      "org.example.demo.DivisionByZero"));
  g_ptr_array_add (added, make_entry ("org.example.demo.Log", "{\"message\":\"x\",\"level\":\"info\"}",
                                      VARLINK_CALL_ONEWAY, 1700000003500000, 20, 0, NULL));
  g_ptr_array_add (added, make_entry ("org.example.demo.Sleep", NULL, VARLINK_CALL_NONE,
                                      1700000004000000, 1000000, 0,
                                      "No reply within 1 second.\nRaise the timeout."));
  g_ptr_array_add (added, make_entry ("org.example.demo.Shout", "{\"greeting\":1.5}",
                                      VARLINK_CALL_UPGRADE, 1700000005000000, 10, 1, NULL));

  for (guint i = 0; i < added->len; i++)
    explorer_history_add (history, added->pdata[i]);

  entries = explorer_history_get_entries (history);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, added->len);

  wait_loaded (history);
  wait_lines (f->file, added->len);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, added->len);

  again = explorer_history_new (f->file, 100);
  g_assert_false (explorer_history_get_loaded (again));
  wait_loaded (again);

  entries = explorer_history_get_entries (again);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, added->len);
  /* Newest first. */
  for (guint i = 0; i < added->len; i++)
    {
      g_autoptr(ExplorerHistoryEntry) loaded = g_list_model_get_item (entries, added->len - 1 - i);

      assert_entries_equal (loaded, added->pdata[i]);
    }
}

static void
test_history_bound (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ExplorerHistory) history = explorer_history_new (f->file, 8);
  g_autoptr(ExplorerHistory) again = NULL;
  g_autoptr(ExplorerHistory) third = NULL;
  GListModel *entries = explorer_history_get_entries (history);

  wait_loaded (history);
  for (guint i = 0; i < 25; i++)
    {
      g_autoptr(ExplorerHistoryEntry) entry = make_entry ("org.example.demo.Ping", "{\"data\":\"x\"}",
                                                          VARLINK_CALL_NONE,
                                                          1700000000000000 + i * G_USEC_PER_SEC,
                                                          i, 1, NULL);

      explorer_history_add (history, entry);
      g_assert_cmpuint (g_list_model_get_n_items (entries), <=, 8);
    }
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 8);

  /* The file was rewritten when it grew past the bound; let the writes settle. */
  for (guint i = 0; i < 5000 && (count_lines (f->file) < 8 || count_lines (f->file) > 9); i++)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (2000);
    }
  wait_lines (f->file, count_lines (f->file));
  g_assert_cmpuint (count_lines (f->file), >=, 8);
  g_assert_cmpuint (count_lines (f->file), <=, 8 + 1);

  again = explorer_history_new (f->file, 8);
  wait_loaded (again);
  entries = explorer_history_get_entries (again);
  g_assert_cmpuint (g_list_model_get_n_items (entries), ==, 8);
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(ExplorerHistoryEntry) entry = g_list_model_get_item (entries, i);

      /* The newest eight: durations 24 down to 17. */
      g_assert_cmpint (explorer_history_entry_get_duration (entry), ==, 24 - i);
    }

  /* A smaller bound on the next run keeps the newest and shrinks the file. */
  g_clear_object (&again);
  third = explorer_history_new (f->file, 3);
  wait_loaded (third);
  g_assert_cmpuint (g_list_model_get_n_items (explorer_history_get_entries (third)), ==, 3);
  wait_lines (f->file, 3);
}

static void
test_history_clear (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(ExplorerHistory) history = explorer_history_new (f->file, 10);
  g_autoptr(ExplorerHistory) again = NULL;
  g_autoptr(ExplorerHistoryEntry) entry = make_entry ("org.example.demo.Ping", "{}", VARLINK_CALL_NONE,
                                                      1700000000000000, 5, 1, NULL);

  wait_loaded (history);
  explorer_history_add (history, entry);
  wait_lines (f->file, 1);

  explorer_history_clear (history);
  g_assert_cmpuint (g_list_model_get_n_items (explorer_history_get_entries (history)), ==, 0);
  wait_lines (f->file, 0);

  again = explorer_history_new (f->file, 10);
  wait_loaded (again);
  g_assert_cmpuint (g_list_model_get_n_items (explorer_history_get_entries (again)), ==, 0);
}

/* A damaged line is skipped; the others load. */
static void
test_history_damaged (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(ExplorerHistory) history = NULL;
  g_autoptr(GFile) parent = g_file_get_parent (f->file);
  const char *contents =
    "{\"address\":\"unix:/a\",\"method\":\"a.B\",\"flags\":[],\"started\":1700000000000000,\"duration\":7,\"replies\":1}\n"
    "{\"address\":\"unix:/a\",\"method\":\n"
    "not json at all\n"
    "{\"address\":\"unix:/a\",\"method\":\"a.C\",\"flags\":[\"more\"],\"started\":1700000001000000,\"duration\":8,\"replies\":3,\"outcome\":\"a.Failed\"}\n";

  g_assert_true (g_file_make_directory_with_parents (parent, NULL, NULL));
  g_assert_true (g_file_replace_contents (f->file, contents, strlen (contents), NULL, FALSE,
                                          G_FILE_CREATE_NONE, NULL, NULL, NULL));

  history = explorer_history_new (f->file, 10);
  wait_loaded (history);
  g_assert_cmpuint (g_list_model_get_n_items (explorer_history_get_entries (history)), ==, 2);
  {
    g_autoptr(ExplorerHistoryEntry) newest = g_list_model_get_item (explorer_history_get_entries (history), 0);

    g_assert_cmpstr (explorer_history_entry_get_method (newest), ==, "a.C");
    g_assert_cmpint (explorer_history_entry_get_flags (newest), ==, VARLINK_CALL_MORE);
    g_assert_cmpstr (explorer_history_entry_get_outcome (newest), ==, "a.Failed");
    g_assert_false (explorer_history_entry_get_succeeded (newest));
  }
  /* The damaged lines are dropped from the file too. */
  wait_lines (f->file, 2);
}

static void
assert_argv (const char  *command,
             const char **expected)
{
  g_auto(GStrv) argv = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (g_shell_parse_argv (command, NULL, &argv, &error));
  g_assert_no_error (error);
  g_assert_cmpstrv (argv, expected);
}

static void
test_history_command_line (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(JsonObject) parameters = object_from ("{\"from\":1,\"to\":3,\"note\":\"it's \\\"here\\\"\"}");
  g_autoptr(ExplorerHistoryEntry) more = NULL;
  g_autoptr(ExplorerHistoryEntry) oneway = NULL;
  g_autoptr(ExplorerHistoryEntry) plain = NULL;
  g_autoptr(ExplorerHistoryEntry) exec = NULL;
  g_autofree char *more_line = NULL;
  g_autofree char *oneway_line = NULL;
  g_autofree char *plain_line = NULL;
  g_autofree char *exec_line = NULL;

  more = explorer_history_entry_new ("unix:/run/demo.sock", "org.example.demo.Count", parameters,
                                     VARLINK_CALL_MORE, now, 10, 3, NULL);
  more_line = explorer_history_entry_dup_command_line (more);
  g_assert_cmpstr (more_line, ==,
                   "varlinkctl call --more /run/demo.sock org.example.demo.Count "
                   "'{\"from\":1,\"to\":3,\"note\":\"it'\\''s \\\"here\\\"\"}'");
  assert_argv (more_line, (const char *[]) {
    "varlinkctl", "call", "--more", "/run/demo.sock", "org.example.demo.Count",
    "{\"from\":1,\"to\":3,\"note\":\"it's \\\"here\\\"\"}", NULL });

  oneway = explorer_history_entry_new ("/run/my socket", "org.example.demo.Log", NULL,
                                       VARLINK_CALL_ONEWAY, now, 10, 0, NULL);
  oneway_line = explorer_history_entry_dup_command_line (oneway);
  g_assert_cmpstr (oneway_line, ==,
                   "varlinkctl call --oneway '/run/my socket' org.example.demo.Log '{}'");
  assert_argv (oneway_line, (const char *[]) {
    "varlinkctl", "call", "--oneway", "/run/my socket", "org.example.demo.Log", "{}", NULL });

  plain = explorer_history_entry_new ("unix:/run/a.sock", "a.B", NULL, VARLINK_CALL_NONE, now, 1, 1, NULL);
  plain_line = explorer_history_entry_dup_command_line (plain);
  g_assert_cmpstr (plain_line, ==, "varlinkctl call /run/a.sock a.B '{}'");

  exec = explorer_history_entry_new ("exec:/usr/libexec/demo", "a.B", NULL, VARLINK_CALL_NONE, now, 1, 1, NULL);
  exec_line = explorer_history_entry_dup_command_line (exec);
  g_assert_cmpstr (exec_line, ==, "varlinkctl call exec:/usr/libexec/demo a.B '{}'");
}

static void
add_timed (ExplorerHistory *history,
           const char      *method,
           gint64           duration_us,
           const char      *outcome)
{
  g_autoptr(ExplorerHistoryEntry) entry = make_entry (method, "{}", VARLINK_CALL_NONE,
                                                      1700000000000000, duration_us, 1, outcome);

  explorer_history_add (history, entry);
}

static void
test_history_stats (void)
{
  g_autoptr(ExplorerHistory) history = explorer_history_new (NULL, 100);
  guint count = 99;
  gint64 min_us = -1, median_us = -1, max_us = -1;

  g_assert_true (explorer_history_get_loaded (history));
  g_assert_false (explorer_history_get_stats (history, "a.B", &count, &min_us, &median_us, &max_us));
  g_assert_cmpuint (count, ==, 0);

  add_timed (history, "a.B", 5000, NULL);
  add_timed (history, "a.B", 1000, NULL);
  add_timed (history, "a.B", 3000, NULL);
  add_timed (history, "a.B", 9000, NULL);
  add_timed (history, "a.B", 100000, "a.Failed");   /* failures do not count */
  add_timed (history, "a.C", 1, NULL);               /* nor other methods */

  g_assert_true (explorer_history_get_stats (history, "a.B", &count, &min_us, &median_us, &max_us));
  g_assert_cmpuint (count, ==, 4);
  g_assert_cmpint (min_us, ==, 1000);
  g_assert_cmpint (median_us, ==, 4000);
  g_assert_cmpint (max_us, ==, 9000);

  add_timed (history, "a.B", 7000, NULL);
  g_assert_true (explorer_history_get_stats (history, "a.B", &count, &min_us, &median_us, &max_us));
  g_assert_cmpuint (count, ==, 5);
  g_assert_cmpint (min_us, ==, 1000);
  g_assert_cmpint (median_us, ==, 5000);
  g_assert_cmpint (max_us, ==, 9000);

  g_assert_true (explorer_history_get_stats (history, "a.C", &count, &min_us, &median_us, &max_us));
  g_assert_cmpuint (count, ==, 1);
  g_assert_cmpint (median_us, ==, 1);
}

static GtkWidget *
find_descendant (GtkWidget *widget,
                 GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_descendant (child, type);

      if (found != NULL)
        return found;
    }

  return NULL;
}

static void
on_reopen (ExplorerHistoryView   *view,
           ExplorerHistoryEntry  *entry,
           ExplorerHistoryEntry **reopened)
{
  *reopened = entry;
}

static void
test_history_view (void)
{
  g_autoptr(ExplorerHistory) history = explorer_history_new (NULL, 100);
  ExplorerHistoryView *view = explorer_history_view_new ();
  GtkWidget *window = gtk_window_new ();
  ExplorerHistoryEntry *reopened = NULL;
  GListModel *shown;

  g_object_ref_sink (view);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (view));
  gtk_window_set_default_size (GTK_WINDOW (window), 360, 600);
  explorer_history_view_set_history (view, history);
  shown = explorer_history_view_get_shown (view);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 0);
  g_assert_null (explorer_history_view_get_selected (view));

  add_timed (history, "org.example.demo.Ping", 2000, NULL);
  add_timed (history, "org.example.demo.Ping", 4000, NULL);
  add_timed (history, "org.example.demo.Divide", 300, "org.example.demo.DivisionByZero");
  gtk_window_present (GTK_WINDOW (window));
  while (g_main_context_iteration (NULL, FALSE))
    ;

  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);
  explorer_history_view_select (view, 1);
  g_assert_cmpstr (explorer_history_entry_get_method (explorer_history_view_get_selected (view)), ==,
                   "org.example.demo.Ping");
  g_assert_cmpstr (explorer_history_view_get_stats_text (view), ==,
                   "org.example.demo.Ping: 2 successful calls. Fastest 2.0 ms, median 3.0 ms, slowest 4.0 ms.");

  explorer_history_view_set_filter_text (view, "DIVISION");
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 1);
  explorer_history_view_select (view, 0);
  g_assert_cmpstr (explorer_history_view_get_stats_text (view), ==,
                   "org.example.demo.Divide: no successful call yet.");

  g_signal_connect (view, "reopen", G_CALLBACK (on_reopen), &reopened);
  /* Activating a row (double click, Enter) re-opens its call. */
  g_assert_true (gtk_widget_activate_action (find_descendant (GTK_WIDGET (view), GTK_TYPE_LIST_VIEW),
                                             "list.activate-item", "u", 0));
  g_assert_nonnull (reopened);
  g_assert_cmpstr (explorer_history_entry_get_method (reopened), ==, "org.example.demo.Divide");

  explorer_history_view_set_filter_text (view, NULL);
  g_assert_cmpuint (g_list_model_get_n_items (shown), ==, 3);

  if (g_getenv ("EXPLORER_SCREENSHOT_DIR") != NULL)
    {
      /* Rendered for a look at the rows; nothing asserted. */
      while (g_main_context_iteration (NULL, FALSE))
        ;
    }

  gtk_window_destroy (GTK_WINDOW (window));
  g_object_unref (view);
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

static void
wait_ready (ExplorerWindow *window)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (explorer_window_get_service (window) == NULL
         || explorer_service_get_state (explorer_window_get_service (window)) != EXPLORER_SERVICE_STATE_READY)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
}

/* The window: its traffic pane follows the service shown, its history pane shows the
 * application's history, and re-opening a call fills the method's form. */
static void
test_history_window (void)
{
  ExplorerWindow *window = explorer_window_new (NULL);
  ExplorerHistory *history = explorer_history_get_default ();
  ExplorerTrafficView *traffic_view;
  ExplorerHistoryView *history_view;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(JsonObject) parameters = object_from ("{\"data\":\"again\"}");
  g_autoptr(ExplorerHistoryEntry) entry = NULL;
  g_autoptr(JsonObject) shown = NULL;
  g_autoptr(GError) error = NULL;
  ExplorerCallPage *page;
  ExplorerService *service;
  GListModel *messages;
  gint64 deadline;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  explorer_window_open_demo (window);
  wait_ready (window);
  service = explorer_window_get_service (window);

  traffic_view = EXPLORER_TRAFFIC_VIEW (find_descendant (GTK_WIDGET (window), EXPLORER_TYPE_TRAFFIC_VIEW));
  history_view = EXPLORER_HISTORY_VIEW (find_descendant (GTK_WIDGET (window), EXPLORER_TYPE_HISTORY_VIEW));
  g_assert_nonnull (traffic_view);
  g_assert_nonnull (history_view);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (traffic_view)));
  g_assert_true (explorer_traffic_view_get_traffic (traffic_view) == explorer_service_get_traffic (service));
  g_assert_true (explorer_history_view_get_history (history_view) == history);

  /* The service's introspection is on the wire, starting with GetInfo. */
  messages = explorer_traffic_get_messages (explorer_service_get_traffic (service));
  deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;
  while (g_list_model_get_n_items (messages) < 2)
    {
      g_assert_cmpint (g_get_monotonic_time (), <, deadline);
      iterate_for (10);
    }
  gtk_widget_set_visible (GTK_WIDGET (traffic_view), TRUE);
  explorer_traffic_view_select (traffic_view, 0);
  {
    g_autofree char *details = explorer_traffic_view_dup_details (traffic_view, "formatted");

    g_assert_cmpstr (details, ==, "{\n  \"method\": \"org.varlink.service.GetInfo\"\n}");
  }

  g_assert_true (explorer_window_select (window, "org.example.demo.Divide"));
  iterate_for (100);

  entry = explorer_history_entry_new (explorer_service_get_address (service), "org.example.demo.Ping",
                                      parameters, VARLINK_CALL_NONE, now, 1500, 1, NULL);
  explorer_history_add (history, entry);
  g_assert_cmpuint (g_list_model_get_n_items (explorer_history_view_get_shown (history_view)), >=, 1);
  gtk_revealer_set_reveal_child (GTK_REVEALER (gtk_widget_get_ancestor (GTK_WIDGET (history_view),
                                                                        GTK_TYPE_REVEALER)), TRUE);

  explorer_history_view_select (history_view, 0);
  g_assert_true (explorer_history_view_get_selected (history_view) == entry);
  explorer_window_reopen_call (window, entry);
  iterate_for (200);

  page = explorer_definition_view_get_call_page (explorer_window_get_definition_view (window));
  g_assert_nonnull (page);
  g_assert_cmpstr (explorer_call_page_get_method_name (page), ==, "org.example.demo.Ping");
  g_assert_cmpint (explorer_call_page_get_flags (page), ==, VARLINK_CALL_NONE);
  shown = explorer_parameters_editor_dup_parameters (explorer_call_page_get_editor (page), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (json_object_get_string_member (shown, "data"), ==, "again");

  explorer_test_save_screenshot (GTK_WIDGET (window), "traffic-and-history");

  gtk_window_destroy (GTK_WINDOW (window));
  iterate_for (50);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *data_home = g_dir_make_tmp ("test-history-data-XXXXXX", NULL);

  /* The application's own history goes to a directory of the test's, never the user's. */
  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();

  g_test_add ("/history/restart", Fixture, NULL, fixture_setup, test_history_restart, fixture_teardown);
  g_test_add ("/history/bound", Fixture, NULL, fixture_setup, test_history_bound, fixture_teardown);
  g_test_add ("/history/clear", Fixture, NULL, fixture_setup, test_history_clear, fixture_teardown);
  g_test_add ("/history/damaged", Fixture, NULL, fixture_setup, test_history_damaged, fixture_teardown);
  g_test_add_func ("/history/command-line", test_history_command_line);
  g_test_add_func ("/history/stats", test_history_stats);
  g_test_add_func ("/history/view", test_history_view);
  g_test_add_func ("/history/window", test_history_window);

  return g_test_run ();
}
