/* test-reply-log.c: the live log of a `more` stream against the demo service: 100,000
 * replies with the window responsive throughout, the bound on kept replies, the filter,
 * export as JSON lines, cancel mid-stream; and the ring buffer model on its own
 * (needs a display: run under xvfb-run).
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <glib/gstdio.h>

#include "explorer-logged-reply.h"
#include "explorer-reply-log.h"
#include "explorer-reply-ring.h"
#include "explorer-test-util.h"
#include "explorer-text-row.h"

/* The longest the main loop may go without running a 5 ms timeout while 100,000 replies
 * stream in. Generous: the shared test machine is slow and busy; the benchmark reports the
 * real figure. */
#define MAX_STALL_MS 250

/* --- finding widgets inside the log ---------------------------------------------------- */

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type,
             const char *label_part)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    {
      if (label_part == NULL)
        return root;
      if (GTK_IS_LABEL (root) && strstr (gtk_label_get_text (GTK_LABEL (root)), label_part) != NULL)
        return root;
      /* A row's text is what it draws and what its accessible label says. */
      if (EXPLORER_IS_TEXT_ROW (root) &&
          strstr (explorer_text_row_get_text (EXPLORER_TEXT_ROW (root), -1), label_part) != NULL)
        return root;
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, label_part);

      if (found != NULL)
        return found;
    }

  return NULL;
}

/* --- the demo service ------------------------------------------------------------------ */

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static VarlinkConnection *
connect_demo (void)
{
  const char *demo = g_getenv ("VARLINK_EXPLORER_DEMO");
  g_autofree char *address = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  VarlinkConnection *connection;

  g_assert_nonnull (demo);
  address = g_strdup_printf ("exec:%s", demo);
  varlink_connection_new_async (address, NULL, on_connected, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);

  connection = varlink_connection_new_finish (result, &error);
  g_assert_no_error (error);
  return connection;
}

typedef struct
{
  ExplorerReplyLog *log;
  GCancellable     *cancellable;
  guint64           cancel_after;  /* 0: never */
  gboolean          done;
  GError           *error;
  guint             n_replies;
} Stream;

static gboolean
cancel_cb (gpointer data)
{
  Stream *stream = data;

  g_cancellable_cancel (stream->cancellable);
  return G_SOURCE_REMOVE;
}

static void
on_reply (VarlinkConnection *connection,
          VarlinkReply      *reply,
          const GError      *error,
          gpointer           user_data)
{
  Stream *stream = user_data;

  g_assert_false (stream->done);

  if (reply != NULL)
    {
      stream->n_replies++;
      explorer_reply_log_append (stream->log, reply);
      if (stream->cancel_after > 0 && stream->n_replies == stream->cancel_after)
        /* At the priority of input, as a click on Cancel would come. */
        g_idle_add_full (G_PRIORITY_DEFAULT, cancel_cb, stream, NULL);
    }
  if (error != NULL)
    stream->error = g_error_copy (error);

  if (reply == NULL || varlink_reply_get_error (reply) != NULL ||
      !varlink_reply_get_continues (reply))
    {
      explorer_reply_log_finish (stream->log);
      stream->done = TRUE;
    }
}

static void
start_count (VarlinkConnection *connection,
             Stream            *stream,
             gint64             from,
             gint64             to)
{
  g_autoptr(JsonObject) parameters = json_object_new ();

  json_object_set_int_member (parameters, "from", from);
  json_object_set_int_member (parameters, "to", to);
  explorer_reply_log_start (stream->log);
  varlink_connection_call (connection, "org.example.demo.Count", parameters, VARLINK_CALL_MORE,
                           0, stream->cancellable, on_reply, stream, NULL);
}

/* The main loop's longest stall: the largest gap between two firings of a 5 ms timeout. */
typedef struct
{
  gint64 last;
  gint64 max_gap;
} StallMonitor;

static gboolean
stall_tick (gpointer data)
{
  StallMonitor *monitor = data;
  gint64 now = g_get_monotonic_time ();

  if (monitor->last != 0)
    monitor->max_gap = MAX (monitor->max_gap, now - monitor->last);
  monitor->last = now;
  return G_SOURCE_CONTINUE;
}

/* And the longest time between two frames painted while replies arrive. */
typedef struct
{
  gint64 last;
  gint64 max_gap;
  guint  n_frames;
} FrameMonitor;

static void
on_after_paint (GdkFrameClock *clock,
                FrameMonitor  *monitor)
{
  gint64 now = g_get_monotonic_time ();

  if (monitor->last != 0)
    monitor->max_gap = MAX (monitor->max_gap, now - monitor->last);
  monitor->last = now;
  monitor->n_frames++;
}

static void
run_until_done (Stream *stream)
{
  gint64 end = g_get_monotonic_time () + 90 * G_USEC_PER_SEC;

  while (!stream->done && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (stream->done);
}

static GtkWidget *
new_log_window (ExplorerReplyLog **log)
{
  GtkWidget *window = gtk_window_new ();

  *log = explorer_reply_log_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (*log));
  gtk_window_present (GTK_WINDOW (window));
  explorer_test_iterate_for (100);
  return window;
}

static gint64
reply_value (VarlinkReply *reply)
{
  return json_object_get_int_member (varlink_reply_get_parameters (reply), "value");
}

/* --- the ring on its own --------------------------------------------------------------- */

typedef struct
{
  guint n_signals;
  guint position, removed, added;
} Changes;

static void
on_items_changed (GListModel *model,
                  guint       position,
                  guint       removed,
                  guint       added,
                  Changes    *changes)
{
  changes->n_signals++;
  changes->position = position;
  changes->removed = removed;
  changes->added = added;
}


static void
test_ring (void)
{
  g_autoptr(ExplorerReplyRing) ring = explorer_reply_ring_new (10);
  g_autoptr(VarlinkConnection) connection = connect_demo ();
  ExplorerReplyLog *log = explorer_reply_log_new ();
  Stream stream = { .log = log };
  GPtrArray *replies;
  Changes changes = { 0 };

  g_object_ref_sink (log);

  /* Real replies from the demo: 1..37. */
  start_count (connection, &stream, 1, 37);
  run_until_done (&stream);
  g_assert_no_error (stream.error);
  g_assert_cmpuint (g_list_model_get_n_items (explorer_reply_log_get_model (log)), ==, 37);
  replies = g_ptr_array_new ();
  for (guint i = 0; i < 37; i++)
    g_ptr_array_add (replies, explorer_reply_ring_peek (EXPLORER_REPLY_RING (explorer_reply_log_get_model (log)), i));

  g_signal_connect (ring, "items-changed", G_CALLBACK (on_items_changed), &changes);

  explorer_reply_ring_append (ring, (VarlinkReply **) replies->pdata, 4);
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.added, ==, 4);

  /* 12 in all: the 2 oldest go, told in one signal, the 8 new in another. */
  changes.n_signals = 0;
  explorer_reply_ring_append (ring, (VarlinkReply **) replies->pdata + 4, 8);
  g_assert_cmpuint (changes.n_signals, ==, 2);
  g_assert_cmpuint (changes.position, ==, 2);
  g_assert_cmpuint (changes.removed, ==, 0);
  g_assert_cmpuint (changes.added, ==, 8);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), ==, 10);
  g_assert_cmpuint (explorer_reply_ring_get_n_dropped (ring), ==, 2);
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(ExplorerLoggedReply) item = g_list_model_get_item (G_LIST_MODEL (ring), i);

      g_assert_cmpuint (explorer_logged_reply_get_number (item), ==, i + 3);
      g_assert_cmpint (reply_value (explorer_logged_reply_get_reply (item)), ==, i + 3);
    }

  /* A batch larger than the bound replaces everything, in one signal. */
  changes.n_signals = 0;
  explorer_reply_ring_append (ring, (VarlinkReply **) replies->pdata + 12, 25);
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.position, ==, 0);
  g_assert_cmpuint (changes.removed, ==, 10);
  g_assert_cmpuint (changes.added, ==, 10);
  g_assert_cmpuint (explorer_reply_ring_get_n_dropped (ring), ==, 27);
  for (guint i = 0; i < 10; i++)
    {
      g_autoptr(ExplorerLoggedReply) item = g_list_model_get_item (G_LIST_MODEL (ring), i);

      g_assert_cmpuint (explorer_logged_reply_get_number (item), ==, i + 28);
      g_assert_cmpint (reply_value (explorer_logged_reply_get_reply (item)), ==, i + 28);
      g_assert_cmpint (explorer_logged_reply_get_delta (item), ==,
                       varlink_reply_get_time (g_ptr_array_index (replies, i + 27)) -
                       varlink_reply_get_time (g_ptr_array_index (replies, i + 26)));
    }
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (ring), 10));

  /* A smaller bound drops the oldest at once. */
  changes.n_signals = 0;
  explorer_reply_ring_set_max_replies (ring, 3);
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 7);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), ==, 3);
  g_assert_cmpint (reply_value (explorer_reply_ring_peek (ring, 0)), ==, 35);
  g_assert_cmpint (reply_value (explorer_reply_ring_peek (ring, 2)), ==, 37);

  explorer_reply_ring_clear (ring, g_get_real_time ());
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), ==, 0);
  g_assert_cmpuint (explorer_reply_ring_get_n_dropped (ring), ==, 0);

  /* Replies skipped before the ring (the log's queue overflowed) are newer than all kept:
   * those go, and the numbers move on past the skipped ones. */
  explorer_reply_ring_append (ring, (VarlinkReply **) replies->pdata, 3);
  changes.n_signals = 0;
  explorer_reply_ring_skip (ring, 5, varlink_reply_get_time (g_ptr_array_index (replies, 7)));
  g_assert_cmpuint (changes.n_signals, ==, 1);
  g_assert_cmpuint (changes.removed, ==, 3);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (ring)), ==, 0);
  g_assert_cmpuint (explorer_reply_ring_get_n_dropped (ring), ==, 5 + 3);
  explorer_reply_ring_append (ring, (VarlinkReply **) replies->pdata + 8, 2);
  for (guint i = 0; i < 2; i++)
    {
      g_autoptr(ExplorerLoggedReply) item = g_list_model_get_item (G_LIST_MODEL (ring), i);

      g_assert_cmpuint (explorer_logged_reply_get_number (item), ==, 9 + i);
      g_assert_cmpint (reply_value (explorer_logged_reply_get_reply (item)), ==, 9 + i);
    }

  g_ptr_array_unref (replies);
  g_object_unref (log);
}

/* --- the log against a real stream ------------------------------------------------------ */

static void
test_stream (void)
{
  g_autoptr(VarlinkConnection) connection = connect_demo ();
  ExplorerReplyLog *log;
  GtkWidget *window = new_log_window (&log);
  Stream stream = { .log = log };
  StallMonitor stall = { 0 };
  FrameMonitor frames = { 0 };
  GdkFrameClock *clock = gtk_widget_get_frame_clock (window);
  GListModel *model = explorer_reply_log_get_model (log);
  GtkAdjustment *adjustment;
  gulong paint_id;
  guint stall_id;
  gint64 begin, elapsed;

  g_assert_nonnull (clock);
  paint_id = g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &frames);
  stall_id = g_timeout_add (5, stall_tick, &stall);

  begin = g_get_monotonic_time ();
  start_count (connection, &stream, 1, 100000);
  run_until_done (&stream);
  elapsed = g_get_monotonic_time () - begin;

  g_source_remove (stall_id);
  g_signal_handler_disconnect (clock, paint_id);

  g_test_message ("100,000 replies in %.0f ms (%.0f/s); longest main-loop stall %.1f ms; "
                  "%u frames, longest between two %.1f ms",
                  elapsed / 1000.0, 100000 * (double) G_USEC_PER_SEC / elapsed,
                  stall.max_gap / 1000.0, frames.n_frames, frames.max_gap / 1000.0);

  g_assert_no_error (stream.error);
  g_assert_cmpuint (explorer_reply_log_get_n_received (log), ==, 100000);
  g_assert_cmpuint (explorer_reply_log_get_n_kept (log), ==, 100000);
  g_assert_cmpuint (explorer_reply_log_get_n_dropped (log), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 100000);
  for (guint i = 0; i < 100000; i++)
    g_assert_cmpint (reply_value (explorer_reply_ring_peek (EXPLORER_REPLY_RING (model), i)), ==, i + 1);

  /* The window kept up: the loop never stalled long. Frames are only counted: while the
   * demo's replies flood in, the connection's source (default priority) is always ready
   * and GDK's redraw (a lower priority) waits for the end of the burst. */
  g_assert_cmpint (stall.max_gap, <, MAX_STALL_MS * 1000);

  /* Following the newest: the last reply is in view. */
  explorer_test_iterate_for (300);
  adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (find_widget (GTK_WIDGET (log), GTK_TYPE_LIST_VIEW, NULL)));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >,
                     gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 1);
  {
    GtkWidget *row = find_widget (GTK_WIDGET (log), EXPLORER_TYPE_TEXT_ROW, "#100000 ");
    GtkWidget *list = find_widget (GTK_WIDGET (log), GTK_TYPE_LIST_VIEW, NULL);
    graphene_rect_t bounds;

    /* The newest row is bound, in sight, and reads as it looks: number, time, delta and
     * the reply, in its columns and in its accessible label. */
    g_assert_nonnull (row);
    g_assert_cmpstr (explorer_text_row_get_text (EXPLORER_TEXT_ROW (row), 0), ==, "#100000");
    g_assert_cmpstr (explorer_text_row_get_text (EXPLORER_TEXT_ROW (row), 3), ==, "{\"value\":100000}");
    g_assert_true (g_str_has_suffix (explorer_text_row_get_text (EXPLORER_TEXT_ROW (row), -1),
                                     " {\"value\":100000}"));
    g_assert_nonnull (strchr (explorer_text_row_get_text (EXPLORER_TEXT_ROW (row), 1), ':'));
    g_assert_true (g_str_has_prefix (explorer_text_row_get_text (EXPLORER_TEXT_ROW (row), 2), "+"));
    g_assert_true (gtk_widget_compute_bounds (row, list, &bounds));
    g_assert_cmpfloat (bounds.size.height, >, 8);
    g_assert_cmpfloat (bounds.origin.y, >=, 0);
    g_assert_cmpfloat (bounds.origin.y + bounds.size.height, <=, gtk_widget_get_height (list) + 1);
  }
  g_assert_nonnull (find_widget (GTK_WIDGET (log), GTK_TYPE_LABEL, " replies in "));

  explorer_test_save_screenshot (window, "reply-log-stream");
  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_bound (void)
{
  g_autoptr(VarlinkConnection) connection = connect_demo ();
  ExplorerReplyLog *log;
  GtkWidget *window = new_log_window (&log);
  Stream stream = { .log = log };
  GListModel *model = explorer_reply_log_get_model (log);
  GtkWidget *dropped;

  explorer_reply_log_set_max_replies (log, 1000);
  start_count (connection, &stream, 1, 100000);
  run_until_done (&stream);

  g_assert_no_error (stream.error);
  g_assert_cmpuint (explorer_reply_log_get_n_received (log), ==, 100000);
  g_assert_cmpuint (explorer_reply_log_get_n_kept (log), ==, 1000);
  g_assert_cmpuint (explorer_reply_log_get_n_dropped (log), ==, 99000);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, 1000);
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(ExplorerLoggedReply) item = g_list_model_get_item (model, i);

      g_assert_cmpuint (explorer_logged_reply_get_number (item), ==, 99001 + i);
      g_assert_cmpint (reply_value (explorer_logged_reply_get_reply (item)), ==, 99001 + i);
    }

  dropped = find_widget (GTK_WIDGET (log), GTK_TYPE_LABEL, "older replies dropped");
  g_assert_nonnull (dropped);
  g_assert_true (gtk_widget_get_visible (dropped));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (dropped)), "99"));

  /* A new stream starts from nothing. */
  stream.done = FALSE;
  start_count (connection, &stream, 1, 10);
  run_until_done (&stream);
  g_assert_cmpuint (explorer_reply_log_get_n_kept (log), ==, 10);
  g_assert_cmpuint (explorer_reply_log_get_n_dropped (log), ==, 0);
  g_assert_false (gtk_widget_get_visible (dropped));

  explorer_test_save_screenshot (window, "reply-log-bound");
  gtk_window_destroy (GTK_WINDOW (window));
}

static guint
wait_for_filter (GtkListView *list_view)
{
  GtkSelectionModel *selection = gtk_list_view_get_model (list_view);
  GtkFilterListModel *filter_model;
  gint64 end = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

  filter_model = GTK_FILTER_LIST_MODEL (gtk_single_selection_get_model (GTK_SINGLE_SELECTION (selection)));

  /* The search entry waits a little before it says the text changed. */
  explorer_test_iterate_for (400);
  while (gtk_filter_list_model_get_pending (filter_model) > 0 && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (gtk_filter_list_model_get_pending (filter_model), ==, 0);

  return g_list_model_get_n_items (G_LIST_MODEL (selection));
}

static void
test_filter (void)
{
  g_autoptr(VarlinkConnection) connection = connect_demo ();
  ExplorerReplyLog *log;
  GtkWidget *window = new_log_window (&log);
  Stream stream = { .log = log };
  GtkListView *list_view;
  GtkWidget *entry;
  GtkSelectionModel *selection;
  guint expected = 0;

  start_count (connection, &stream, 1, 100000);
  run_until_done (&stream);
  g_assert_cmpuint (explorer_reply_log_get_n_kept (log), ==, 100000);

  list_view = GTK_LIST_VIEW (find_widget (GTK_WIDGET (log), GTK_TYPE_LIST_VIEW, NULL));
  entry = find_widget (GTK_WIDGET (log), GTK_TYPE_SEARCH_ENTRY, NULL);
  g_assert_nonnull (entry);
  selection = gtk_list_view_get_model (list_view);

  /* One exact value among 100,000. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "\"value\":77777}");
  g_assert_cmpuint (wait_for_filter (list_view), ==, 1);
  {
    g_autoptr(ExplorerLoggedReply) item = g_list_model_get_item (G_LIST_MODEL (selection), 0);

    g_assert_cmpuint (explorer_logged_reply_get_number (item), ==, 77777);
  }

  /* Less strict: every value that contains 777. */
  for (guint i = 1; i <= 100000; i++)
    {
      g_autofree char *text = g_strdup_printf ("%u", i);

      if (strstr (text, "777") != NULL)
        expected++;
    }
  gtk_editable_set_text (GTK_EDITABLE (entry), "777");
  g_assert_cmpuint (wait_for_filter (list_view), ==, expected);

  /* Case does not matter; nothing matches a name the replies do not have. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "VALUE\":5}");
  g_assert_cmpuint (wait_for_filter (list_view), ==, 1);
  gtk_editable_set_text (GTK_EDITABLE (entry), "nosuchthing");
  g_assert_cmpuint (wait_for_filter (list_view), ==, 0);

  /* Selecting a row shows the whole reply. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "\"value\":42}");
  g_assert_cmpuint (wait_for_filter (list_view), ==, 1);
  gtk_selection_model_select_item (selection, 0, TRUE);
  {
    GtkTextView *detail = GTK_TEXT_VIEW (find_widget (GTK_WIDGET (log), GTK_TYPE_TEXT_VIEW, NULL));
    GtkTextIter start, end;
    g_autofree char *text = NULL;

    gtk_text_buffer_get_bounds (gtk_text_view_get_buffer (detail), &start, &end);
    text = gtk_text_buffer_get_text (gtk_text_view_get_buffer (detail), &start, &end, FALSE);
    g_assert_nonnull (strstr (text, "\"value\": 42"));
    g_assert_nonnull (strstr (text, "\"continues\": true"));
  }
  explorer_test_save_screenshot (window, "reply-log-filter");

  /* Clearing the filter shows everything again. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  g_assert_cmpuint (wait_for_filter (list_view), ==, 100000);

  gtk_window_destroy (GTK_WINDOW (window));
}

static void
test_export (void)
{
  g_autoptr(VarlinkConnection) connection = connect_demo ();
  ExplorerReplyLog *log = g_object_ref_sink (explorer_reply_log_new ());
  Stream stream = { .log = log };
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("reply-log-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(GFile) file = NULL;
  g_auto(GStrv) lines = NULL;

  g_assert_no_error (error);
  path = g_build_filename (dir, "replies.jsonl", NULL);
  file = g_file_new_for_path (path);

  start_count (connection, &stream, -5, 994);
  run_until_done (&stream);
  g_assert_cmpuint (explorer_reply_log_get_n_kept (log), ==, 1000);

  g_assert_true (explorer_reply_log_export (log, file, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, NULL, &error));
  g_assert_no_error (error);

  lines = g_strsplit (contents, "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 1001);
  g_assert_cmpstr (lines[1000], ==, "");
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(JsonNode) node = varlink_json_parse (lines[i], strlen (lines[i]), &error);
      JsonObject *object;

      g_assert_no_error (error);
      object = json_node_get_object (node);
      g_assert_cmpint (json_object_get_int_member (json_object_get_object_member (object, "parameters"),
                                                   "value"), ==, (gint64) i - 5);
      g_assert_cmpint (json_object_get_boolean_member_with_default (object, "continues", FALSE),
                       ==, i < 999);
      g_assert_false (json_object_has_member (object, "error"));
    }

  g_assert_no_errno (g_unlink (path));
  g_assert_no_errno (g_rmdir (dir));
  g_object_unref (log);
}

static void
test_cancel (void)
{
  g_autoptr(VarlinkConnection) connection = connect_demo ();
  g_autoptr(VarlinkConnection) second = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  ExplorerReplyLog *log;
  GtkWidget *window = new_log_window (&log);
  Stream stream = { .log = log, .cancellable = cancellable, .cancel_after = 5000 };
  GListModel *model = explorer_reply_log_get_model (log);
  guint64 n_received;

  start_count (connection, &stream, 1, 10000000);
  run_until_done (&stream);

  g_assert_error (stream.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  n_received = explorer_reply_log_get_n_received (log);
  g_assert_cmpuint (n_received, >=, 5000);
  g_assert_cmpuint (n_received, <, 10000000);

  /* Nothing arrives after the end; what came is all there, in order. */
  explorer_test_iterate_for (300);
  g_assert_cmpuint (explorer_reply_log_get_n_received (log), ==, n_received);
  g_assert_cmpuint (explorer_reply_log_get_n_kept (log), ==, n_received);
  g_assert_cmpuint (explorer_reply_log_get_n_dropped (log), ==, 0);
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, n_received);
  for (guint i = 0; i < n_received; i++)
    g_assert_cmpint (reply_value (explorer_reply_ring_peek (EXPLORER_REPLY_RING (model), i)), ==, i + 1);
  /* The rate is no longer counted. */
  g_assert_null (find_widget (GTK_WIDGET (log), GTK_TYPE_LABEL, "/s"));
  g_assert_nonnull (find_widget (GTK_WIDGET (log), GTK_TYPE_LABEL, " replies in "));

  /* The next stream (the cancel closed that connection) starts the log afresh. */
  g_clear_error (&stream.error);
  second = connect_demo ();
  stream.cancellable = NULL;
  stream.cancel_after = 0;
  stream.done = FALSE;
  stream.n_replies = 0;
  start_count (second, &stream, 1, 20);
  run_until_done (&stream);
  g_assert_no_error (stream.error);
  g_assert_cmpuint (explorer_reply_log_get_n_kept (log), ==, 20);
  g_assert_cmpuint (explorer_reply_log_get_n_received (log), ==, 20);

  gtk_window_destroy (GTK_WINDOW (window));
}

/* Pausing auto-scroll keeps the list where the person is while replies go on arriving;
 * following again brings the newest into view. */
static void
test_follow (void)
{
  g_autoptr(VarlinkConnection) connection = connect_demo ();
  ExplorerReplyLog *log;
  GtkWidget *window = new_log_window (&log);
  Stream stream = { .log = log };
  GtkWidget *list = find_widget (GTK_WIDGET (log), GTK_TYPE_LIST_VIEW, NULL);
  GtkToggleButton *follow = GTK_TOGGLE_BUTTON (find_widget (GTK_WIDGET (log), GTK_TYPE_TOGGLE_BUTTON, NULL));
  GtkAdjustment *adjustment = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (list));

  g_assert_nonnull (follow);
  start_count (connection, &stream, 1, 50000);
  g_assert_true (gtk_toggle_button_get_active (follow));

  /* Once the first few thousand are in, the person pauses and goes to the top. */
  while (!stream.done && explorer_reply_log_get_n_kept (log) < 2000)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (stream.done);
  gtk_toggle_button_set_active (follow, FALSE);
  gtk_adjustment_set_value (adjustment, 0);

  run_until_done (&stream);
  g_assert_no_error (stream.error);
  g_assert_cmpuint (explorer_reply_log_get_n_kept (log), ==, 50000);
  explorer_test_iterate_for (300);

  /* Still at the top, the first reply in sight, the last not bound. */
  g_assert_false (gtk_toggle_button_get_active (follow));
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), <, gtk_adjustment_get_page_size (adjustment));
  g_assert_nonnull (find_widget (GTK_WIDGET (log), EXPLORER_TYPE_TEXT_ROW, "#1 "));
  g_assert_null (find_widget (GTK_WIDGET (log), EXPLORER_TYPE_TEXT_ROW, "#50000 "));

  /* Following again: the newest is in view. */
  gtk_toggle_button_set_active (follow, TRUE);
  explorer_test_iterate_for (300);
  g_assert_cmpfloat (gtk_adjustment_get_value (adjustment), >,
                     gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 1);
  g_assert_nonnull (find_widget (GTK_WIDGET (log), EXPLORER_TYPE_TEXT_ROW, "#50000 "));

  gtk_window_destroy (GTK_WINDOW (window));
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

  g_test_add_func ("/reply-log/ring", test_ring);
  g_test_add_func ("/reply-log/stream", test_stream);
  g_test_add_func ("/reply-log/follow", test_follow);
  g_test_add_func ("/reply-log/bound", test_bound);
  g_test_add_func ("/reply-log/filter", test_filter);
  g_test_add_func ("/reply-log/export", test_export);
  g_test_add_func ("/reply-log/cancel", test_cancel);

  return g_test_run ();
}
