/* ui-stream-bench.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Figures for the reply log of a `more` stream, in a real window: a Count call of N
 * replies (default 1,000,000) from the demo service, each appended to the log as the
 * call page does. Prints replies per second into the visible log (from the call to the
 * last reply in the model), the main loop's longest stall (the largest gap between two
 * firings of a 5 ms timeout), the frames painted and their timings (GdkFrameClock phases:
 * layout to the end of paint, and the interval between two frames), and the peak resident
 * memory (VmHWM) with the log's default bound of 100,000 kept replies.
 *
 * With --traffic the window also shows the traffic pane (ExplorerTrafficView) fed by the
 * same connection, as the window does while its Traffic button is on.
 *
 * GSK_RENDERER is cairo unless set: under Xvfb GTK would pick GL on llvmpipe, whose
 * rasterizer threads take most of a small machine's CPU from the process measured.
 *
 * Needs a display: xvfb-run -a _build/benchmarks/ui-stream-bench [--traffic] [N [DEMO-BINARY]]
 */

#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <adwaita.h>

#include "explorer-reply-log.h"
#include "explorer-traffic-view.h"

#define DEFAULT_REPLIES 1000000

typedef struct
{
  ExplorerReplyLog *log;
  gboolean          done;
  GError           *error;

  /* the main loop */
  gint64            last_tick;
  gint64            max_stall;

  /* frames */
  gint64            layout_start;
  gint64            last_frame;
  GArray           *frame_work;      /* gint64 µs: layout + paint of one frame */
  GArray           *frame_interval;  /* gint64 µs: from one painted frame to the next */
} Bench;

static gboolean
tick (gpointer data)
{
  Bench *bench = data;
  gint64 now = g_get_monotonic_time ();

  if (bench->last_tick != 0)
    bench->max_stall = MAX (bench->max_stall, now - bench->last_tick);
  bench->last_tick = now;
  return G_SOURCE_CONTINUE;
}

static void
on_layout (GdkFrameClock *clock,
           Bench         *bench)
{
  bench->layout_start = g_get_monotonic_time ();
}

static void
on_after_paint (GdkFrameClock *clock,
                Bench         *bench)
{
  gint64 now = g_get_monotonic_time ();
  gint64 work = now - bench->layout_start;

  if (bench->done)
    return;

  g_array_append_val (bench->frame_work, work);
  if (bench->last_frame != 0)
    {
      gint64 interval = now - bench->last_frame;

      g_array_append_val (bench->frame_interval, interval);
    }
  bench->last_frame = now;
}

static void
on_reply (VarlinkConnection *connection,
          VarlinkReply      *reply,
          const GError      *error,
          gpointer           user_data)
{
  Bench *bench = user_data;

  if (reply != NULL)
    explorer_reply_log_append (bench->log, reply);
  if (error != NULL)
    bench->error = g_error_copy (error);

  if (reply == NULL || varlink_reply_get_error (reply) != NULL ||
      !varlink_reply_get_continues (reply))
    {
      explorer_reply_log_finish (bench->log);
      bench->done = TRUE;
    }
}

static void
on_connected (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

static int
compare_int64 (gconstpointer a,
               gconstpointer b)
{
  gint64 x = *(const gint64 *) a;
  gint64 y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
print_percentiles (const char *what,
                   GArray     *values)
{
  gint64 *v = (gint64 *) (gpointer) values->data;
  guint n = values->len;

  if (n == 0)
    {
      printf ("  %-28s no frames\n", what);
      return;
    }

  g_array_sort (values, compare_int64);
  printf ("  %-28s n %u  p50 %.1f  p95 %.1f  p99 %.1f  max %.1f ms\n", what, n,
          v[n / 2] / 1000.0, v[MIN (n - 1, n * 95 / 100)] / 1000.0,
          v[MIN (n - 1, n * 99 / 100)] / 1000.0, v[n - 1] / 1000.0);
}

static long
read_status_kb (const char *field)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return -1;
  line = strstr (status, field);
  if (line == NULL)
    return -1;

  return strtol (line + strlen (field), NULL, 10);
}

int
main (int   argc,
      char *argv[])
{
  gboolean with_traffic = argc > 1 && g_str_equal (argv[1], "--traffic");
  guint64 n_replies;
  const char *demo;
  g_autoptr(ExplorerTraffic) traffic = NULL;
  g_autofree char *address = NULL;
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(VarlinkConnection) connection = NULL;
  g_autoptr(JsonObject) parameters = NULL;
  g_autoptr(GError) error = NULL;
  Bench bench = { 0 };
  GtkWidget *window;
  GdkFrameClock *clock;
  gint64 begin, elapsed;
  long rss_before;
  guint tick_id;

  if (with_traffic)
    {
      argc--;
      argv++;
    }
  n_replies = argc > 1 ? g_ascii_strtoull (argv[1], NULL, 10) : DEFAULT_REPLIES;
  demo = argc > 2 ? argv[2] : g_getenv ("VARLINK_EXPLORER_DEMO");
  if (demo == NULL)
    demo = DEMO_PATH;
  g_setenv ("GSK_RENDERER", "cairo", FALSE);
  if (n_replies == 0)
    n_replies = DEFAULT_REPLIES;

  gtk_init ();
  adw_init ();

  bench.frame_work = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench.frame_interval = g_array_new (FALSE, FALSE, sizeof (gint64));
  bench.log = explorer_reply_log_new ();
  window = gtk_window_new ();
  gtk_window_set_default_size (GTK_WINDOW (window), 1000, 700);
  if (with_traffic)
    {
      /* As in the window: the log above, the traffic pane under it. */
      GtkWidget *paned = gtk_paned_new (GTK_ORIENTATION_VERTICAL);
      ExplorerTrafficView *view = explorer_traffic_view_new ();

      traffic = explorer_traffic_new (EXPLORER_DEFAULT_MAX_TRAFFIC);
      explorer_traffic_view_set_traffic (view, traffic);
      gtk_paned_set_start_child (GTK_PANED (paned), GTK_WIDGET (bench.log));
      gtk_paned_set_end_child (GTK_PANED (paned), GTK_WIDGET (view));
      gtk_paned_set_position (GTK_PANED (paned), 400);
      gtk_window_set_child (GTK_WINDOW (window), paned);
    }
  else
    {
      gtk_window_set_child (GTK_WINDOW (window), GTK_WIDGET (bench.log));
    }
  gtk_window_present (GTK_WINDOW (window));

  address = g_strdup_printf ("exec:%s", demo);
  varlink_connection_new_async (address, NULL, on_connected, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  connection = varlink_connection_new_finish (result, &error);
  if (connection == NULL)
    {
      fprintf (stderr, "ui-stream-bench: %s\n", error->message);
      return 1;
    }
  if (traffic != NULL)
    explorer_traffic_attach (traffic, connection, "bench");

  /* Let the window settle first: its first frames are not the stream's. */
  {
    gint64 end = g_get_monotonic_time () + 500 * 1000;

    while (g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }

  clock = gtk_widget_get_frame_clock (window);
  g_signal_connect (clock, "layout", G_CALLBACK (on_layout), &bench);
  g_signal_connect (clock, "after-paint", G_CALLBACK (on_after_paint), &bench);
  tick_id = g_timeout_add (5, tick, &bench);
  rss_before = read_status_kb ("VmRSS:");

  parameters = json_object_new ();
  json_object_set_int_member (parameters, "from", 1);
  json_object_set_int_member (parameters, "to", (gint64) n_replies);
  begin = g_get_monotonic_time ();
  explorer_reply_log_start (bench.log);
  varlink_connection_call (connection, "org.example.demo.Count", parameters, VARLINK_CALL_MORE, 0,
                           NULL, on_reply, &bench, NULL);
  while (!bench.done)
    g_main_context_iteration (NULL, TRUE);
  elapsed = g_get_monotonic_time () - begin;
  g_source_remove (tick_id);

  /* The traffic's last batch lands at its next flush. */
  {
    gint64 end = g_get_monotonic_time () + 200 * 1000;

    while (g_get_monotonic_time () < end)
      g_main_context_iteration (NULL, FALSE);
  }

  if (bench.error != NULL)
    {
      fprintf (stderr, "ui-stream-bench: the stream failed: %s\n", bench.error->message);
      return 1;
    }

  printf ("ui-stream-bench: a Count stream of %" G_GUINT64_FORMAT " replies into the reply log%s "
          "(GTK %u.%u.%u, GSK_RENDERER=%s)\n", n_replies,
          traffic != NULL ? " and the traffic pane" : "",
          gtk_get_major_version (), gtk_get_minor_version (), gtk_get_micro_version (),
          g_getenv ("GSK_RENDERER"));
  printf ("  replies into the visible log  %.0f/s (%.2f s)\n",
          n_replies * (double) G_USEC_PER_SEC / elapsed, elapsed / (double) G_USEC_PER_SEC);
  printf ("  kept %u, dropped %" G_GUINT64_FORMAT "\n", explorer_reply_log_get_n_kept (bench.log),
          explorer_reply_log_get_n_dropped (bench.log));
  if (traffic != NULL)
    printf ("  traffic kept %u, dropped %" G_GUINT64_FORMAT "\n",
            g_list_model_get_n_items (explorer_traffic_get_messages (traffic)),
            explorer_traffic_get_n_dropped (traffic));
  printf ("  longest main-loop stall       %.1f ms\n", bench.max_stall / 1000.0);
  print_percentiles ("frame work (layout+paint)", bench.frame_work);
  print_percentiles ("interval between frames", bench.frame_interval);
  printf ("  frames painted                %u in %.2f s\n", bench.frame_work->len,
          elapsed / (double) G_USEC_PER_SEC);
  printf ("  peak RSS (VmHWM)              %.1f MiB (RSS before the stream %.1f MiB)\n",
          read_status_kb ("VmHWM:") / 1024.0, rss_before / 1024.0);

  g_array_unref (bench.frame_work);
  g_array_unref (bench.frame_interval);
  gtk_window_destroy (GTK_WINDOW (window));
  return 0;
}
