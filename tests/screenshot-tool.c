/* screenshot-tool.c: renders the main views of the window to PNG files, for the README and
 * the metainfo; run by build-aux/screenshots (under Xvfb, with the demo service), not a test.
 *
 *   screenshot-tool OUTDIR light|dark
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <adwaita.h>
#include <gio/gunixsocketaddress.h>
#include <glib/gstdio.h>

#include "explorer-window-private.h"

#define WIDTH 1280
#define HEIGHT 800

static const char *outdir;
static const char *scheme;
static int failures;

static gboolean
wake_up (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static void
iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  guint wake_id = g_timeout_add (20, wake_up, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake_id);
}

static gboolean
wait_settled (ExplorerWindow *window,
              guint           deadline_s)
{
  gint64 end = g_get_monotonic_time () + deadline_s * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (50, wake_up, NULL);
  ExplorerService *service = NULL;
  ExplorerServiceState state = EXPLORER_SERVICE_STATE_IDLE;

  while (g_get_monotonic_time () < end)
    {
      service = explorer_window_get_service (window);
      state = service ? explorer_service_get_state (service) : EXPLORER_SERVICE_STATE_IDLE;
      if (state != EXPLORER_SERVICE_STATE_IDLE && state != EXPLORER_SERVICE_STATE_CONNECTING)
        break;
      g_main_context_iteration (NULL, TRUE);
    }

  g_source_remove (wake_id);
  return state != EXPLORER_SERVICE_STATE_IDLE && state != EXPLORER_SERVICE_STATE_CONNECTING;
}

/* Renders a whole window (its own surface, decorations included) as NAME-SCHEME.png. */
static void
save (GtkWidget  *window,
      const char *name)
{
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = g_strdup_printf ("%s-%s.png", name, scheme);
  g_autofree char *path = g_build_filename (outdir, file, NULL);
  int width, height;

  iterate_for (600);
  width = gtk_widget_get_width (window);
  height = gtk_widget_get_height (window);
  paintable = gtk_widget_paintable_new (window);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  if (node == NULL)
    {
      g_printerr ("%s: nothing was drawn\n", file);
      failures++;
      return;
    }

  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (window)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  if (!gdk_texture_save_to_png (texture, path))
    {
      g_printerr ("%s: could not be written\n", path);
      failures++;
      return;
    }

  g_print ("%s (%d×%d)\n", path, width, height);
}

static ExplorerWindow *
new_window (void)
{
  ExplorerWindow *window = explorer_window_new (NULL);

  gtk_window_set_default_size (GTK_WINDOW (window), WIDTH, HEIGHT);
  gtk_window_present (GTK_WINDOW (window));
  iterate_for (300);
  return window;
}

static void
select_or_complain (ExplorerWindow *window,
                    const char     *name)
{
  if (!explorer_window_select (window, name))
    {
      g_printerr ("%s: not in the tree\n", name);
      failures++;
    }
}

static void
shoot_demo (void)
{
  ExplorerWindow *window = new_window ();
  GtkWidget *dialog;

  explorer_window_open_demo (window);
  if (!wait_settled (window, 20) ||
      explorer_service_get_state (explorer_window_get_service (window)) !=
      EXPLORER_SERVICE_STATE_READY)
    {
      g_printerr ("The demo service did not answer: set VARLINK_EXPLORER_DEMO\n");
      failures++;
      gtk_window_destroy (GTK_WINDOW (window));
      return;
    }

  select_or_complain (window, "org.example.demo.Count");
  save (GTK_WIDGET (window), "main");

  select_or_complain (window, "org.example.demo");
  explorer_definition_view_reveal_source (explorer_window_get_definition_view (window));
  save (GTK_WIDGET (window), "source");

  select_or_complain (window, "org.example.demo.Point");
  save (GTK_WIDGET (window), "type");

  select_or_complain (window, "org.example.demo.DivisionByZero");
  save (GTK_WIDGET (window), "error");

  /* The connect dialog, when the window has one. */
  if (gtk_widget_activate_action (GTK_WIDGET (window), "win.connect", NULL))
    {
      iterate_for (300);
      dialog = NULL;
      for (guint i = 0; i < g_list_model_get_n_items (gtk_window_get_toplevels ()); i++)
        {
          g_autoptr(GtkWidget) toplevel = g_list_model_get_item (gtk_window_get_toplevels (), i);

          if (toplevel != GTK_WIDGET (window) && gtk_widget_get_visible (toplevel) &&
              gtk_window_get_transient_for (GTK_WINDOW (toplevel)) == GTK_WINDOW (window))
            dialog = toplevel;
        }

      if (dialog != NULL)
        {
          save (dialog, "connect");
          gtk_window_destroy (GTK_WINDOW (dialog));
        }
    }

  gtk_window_destroy (GTK_WINDOW (window));
}

/* A service without introspection, as systemd before 255: GetInfo is not implemented. */
static gboolean
on_incoming (GSocketService    *service,
             GSocketConnection *connection,
             GObject           *source,
             gpointer           user_data)
{
  const char reply[] = "{\"error\":\"org.varlink.service.MethodNotImplemented\","
                       "\"parameters\":{\"method\":\"org.varlink.service.GetInfo\"}}";
  GInputStream *input = g_io_stream_get_input_stream (G_IO_STREAM (connection));
  GOutputStream *output = g_io_stream_get_output_stream (G_IO_STREAM (connection));
  char buffer[4096];
  gssize n;

  /* Blocking, on a local socket, in a tool: the call is a few bytes sent at once. */
  do
    n = g_input_stream_read (input, buffer, sizeof buffer, NULL, NULL);
  while (n > 0 && memchr (buffer, '\0', n) == NULL);

  g_output_stream_write_all (output, reply, sizeof reply, NULL, NULL, NULL);
  g_object_set_data_full (G_OBJECT (service), "connection", g_object_ref (connection),
                          g_object_unref);
  return TRUE;
}

static void
shoot_no_introspection (void)
{
  g_autofree char *dir = g_dir_make_tmp ("screenshots-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "io.systemd.Example", NULL);
  g_autofree char *address = g_strconcat ("unix:", path, NULL);
  g_autoptr(GSocketAddress) socket_address = g_unix_socket_address_new (path);
  g_autoptr(GSocketService) service = g_threaded_socket_service_new (1);
  g_autoptr(GError) error = NULL;
  ExplorerWindow *window;

  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), socket_address,
                                      G_SOCKET_TYPE_STREAM, G_SOCKET_PROTOCOL_DEFAULT, NULL,
                                      NULL, &error))
    {
      g_printerr ("%s\n", error->message);
      failures++;
      return;
    }
  g_signal_connect (service, "run", G_CALLBACK (on_incoming), NULL);
  g_socket_service_start (service);

  window = new_window ();
  explorer_window_open_address (window, address);
  wait_settled (window, 10);
  save (GTK_WIDGET (window), "no-introspection");
  gtk_window_destroy (GTK_WINDOW (window));

  g_socket_service_stop (service);
  g_socket_listener_close (G_SOCKET_LISTENER (service));
  g_unlink (path);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (argc != 3 || (strcmp (argv[2], "light") != 0 && strcmp (argv[2], "dark") != 0))
    {
      g_printerr ("usage: %s OUTDIR light|dark\n", argv[0]);
      return 2;
    }

  outdir = argv[1];
  scheme = argv[2];

  gtk_init ();
  adw_init ();
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                      g_str_equal (scheme, "dark")
                                      ? ADW_COLOR_SCHEME_FORCE_DARK
                                      : ADW_COLOR_SCHEME_FORCE_LIGHT);

  shoot_demo ();
  shoot_no_introspection ();

  return failures > 0 ? 1 : 0;
}
