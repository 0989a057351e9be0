/* explorer-test-util.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <gio/gunixsocketaddress.h>

#include "explorer-test-util.h"

static gboolean
keep_going (gpointer data)
{
  return G_SOURCE_CONTINUE;
}

static gboolean
count_tick (gpointer data)
{
  (*(guint *) data)++;
  return G_SOURCE_CONTINUE;
}

void
explorer_test_iterate_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;
  guint wake_id = g_timeout_add (20, keep_going, NULL);

  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (wake_id);
}

static gboolean
is_settled (ExplorerService *service)
{
  ExplorerServiceState state = explorer_service_get_state (service);

  return state != EXPLORER_SERVICE_STATE_IDLE && state != EXPLORER_SERVICE_STATE_CONNECTING;
}

guint
explorer_test_wait_until_settled (ExplorerService *service,
                                  guint            deadline_s)
{
  gint64 end = g_get_monotonic_time () + deadline_s * G_USEC_PER_SEC;
  guint ticks = 0;
  guint tick_id = g_timeout_add (50, count_tick, &ticks);
  guint wake_id = g_timeout_add (100, keep_going, NULL);

  while (!is_settled (service) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);

  g_source_remove (tick_id);
  g_source_remove (wake_id);
  return ticks;
}

gboolean
explorer_test_find_label (GtkWidget  *widget,
                          const char *text)
{
  if (GTK_IS_LABEL (widget) && gtk_widget_get_mapped (widget) &&
      g_strcmp0 (gtk_label_get_text (GTK_LABEL (widget)), text) == 0)
    return TRUE;

  for (GtkWidget *child = gtk_widget_get_first_child (widget);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (explorer_test_find_label (child, text))
        return TRUE;
    }

  return FALSE;
}

void
explorer_test_save_screenshot (gpointer    window,
                               const char *name)
{
  const char *dir = g_getenv ("EXPLORER_SCREENSHOT_DIR");
  GtkWidget *widget = GTK_WIDGET (window);
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  g_autofree char *file = NULL;
  g_autofree char *path = NULL;
  int width, height;

  if (dir == NULL)
    return;

  explorer_test_iterate_for (300);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (GTK_NATIVE (widget)), node,
                                         &GRAPHENE_RECT_INIT (0, 0, width, height));
  file = g_strconcat (name, g_getenv ("EXPLORER_SCREENSHOT_DARK") ? "-dark" : "", ".png", NULL);
  path = g_build_filename (dir, file, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("saved %s", path);
}

GSocket *
explorer_test_listen_unix (const char *path)
{
  g_autoptr(GSocketAddress) address = g_unix_socket_address_new (path);
  g_autoptr(GError) error = NULL;
  GSocket *socket;

  socket = g_socket_new (G_SOCKET_FAMILY_UNIX, G_SOCKET_TYPE_STREAM, 0, &error);
  g_assert_no_error (error);
  g_socket_bind (socket, address, TRUE, &error);
  g_assert_no_error (error);
  g_socket_listen (socket, &error);
  g_assert_no_error (error);

  return socket;
}

void
explorer_test_set_call_parameters (ExplorerCallPage *page,
                                   const char       *json)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = varlink_json_parse (json, strlen (json), &error);

  g_assert_no_error (error);
  explorer_call_page_set_parameters (page, json_node_get_object (node));
}

void
explorer_test_wait_for_call_end (ExplorerCallPage *page,
                                 guint             seconds)
{
  gint64 end = g_get_monotonic_time () + seconds * G_USEC_PER_SEC;
  guint wake_id = g_timeout_add (20, keep_going, NULL);

  while (explorer_call_page_get_running (page) && g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, TRUE);
  g_source_remove (wake_id);

  g_assert_false (explorer_call_page_get_running (page));
}

void
explorer_test_call_and_wait (ExplorerCallPage *page)
{
  explorer_call_page_call (page);
  g_assert_true (explorer_call_page_get_running (page));
  g_assert_cmpstr (explorer_call_page_get_state (page), ==, EXPLORER_CALL_RUNNING);
  explorer_test_wait_for_call_end (page, 20);
}
