/* explorer-list-follower.c: a list view kept at its newest row, for the reply log and the
 * traffic pane.
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "explorer-list-follower.h"

struct _ExplorerListFollower
{
  GObject            parent_instance;

  /* Owned by the widget that owns the follower, which outlives it. */
  GtkListView       *list_view;
  GtkScrolledWindow *scrolled_window;
  GtkToggleButton   *button;

  guint              idle_id;
};

G_DEFINE_FINAL_TYPE (ExplorerListFollower, explorer_list_follower, G_TYPE_OBJECT)

static gboolean
is_following (ExplorerListFollower *self)
{
  return gtk_toggle_button_get_active (self->button);
}

static void
set_following (ExplorerListFollower *self,
               gboolean              following)
{
  gtk_toggle_button_set_active (self->button, following);
}

/* GTK 4.8 has no gtk_list_view_scroll_to (); its list.scroll-to-item action does the same.
 * Setting the adjustment by hand does not do: when its size changes the list is laid out
 * with its own handler blocked, and would not follow. */
static void
scroll_to_end (ExplorerListFollower *self)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (self->list_view));
  guint n = model != NULL ? g_list_model_get_n_items (model) : 0;

  if (n > 0)
    gtk_widget_activate_action (GTK_WIDGET (self->list_view), "list.scroll-to-item", "u", n - 1);
}

static gboolean
is_at_end (ExplorerListFollower *self)
{
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (self->scrolled_window);

  return gtk_adjustment_get_value (adjustment)
         >= gtk_adjustment_get_upper (adjustment) - gtk_adjustment_get_page_size (adjustment) - 1;
}

static gboolean
follow_cb (gpointer data)
{
  ExplorerListFollower *self = data;

  self->idle_id = 0;
  explorer_list_follower_follow (self);
  return G_SOURCE_REMOVE;
}

/* A scroll asked for before the list had its size, or that rows of a new size moved, is
 * done again once the list is laid out; not from this handler, which runs while the list
 * lays itself out and would not see it. */
static void
on_adjustment_changed (ExplorerListFollower *self)
{
  if (self->idle_id != 0 || !is_following (self) || is_at_end (self))
    return;

  self->idle_id = g_idle_add_full (G_PRIORITY_DEFAULT, follow_cb, self, NULL);
  g_source_set_name_by_id (self->idle_id, "[explorer] list follower");
}

static gboolean
on_scroll (ExplorerListFollower *self,
           double                dx,
           double                dy)
{
  if (dy < 0)
    set_following (self, FALSE);
  else if (dy > 0 && is_at_end (self))
    set_following (self, TRUE);
  return GDK_EVENT_PROPAGATE;
}

static void
on_pressed (ExplorerListFollower *self)
{
  set_following (self, FALSE);
}

static gboolean
on_key_pressed (ExplorerListFollower *self,
                guint                 keyval)
{
  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
    case GDK_KEY_Page_Up:
    case GDK_KEY_KP_Page_Up:
    case GDK_KEY_Home:
    case GDK_KEY_KP_Home:
      set_following (self, FALSE);
      break;

    default:
      break;
    }
  return GDK_EVENT_PROPAGATE;
}

static void
explorer_list_follower_dispose (GObject *object)
{
  ExplorerListFollower *self = EXPLORER_LIST_FOLLOWER (object);

  g_clear_handle_id (&self->idle_id, g_source_remove);

  G_OBJECT_CLASS (explorer_list_follower_parent_class)->dispose (object);
}

static void
explorer_list_follower_class_init (ExplorerListFollowerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = explorer_list_follower_dispose;
}

static void
explorer_list_follower_init (ExplorerListFollower *self)
{
}

ExplorerListFollower *
explorer_list_follower_new (GtkListView       *list_view,
                            GtkScrolledWindow *scrolled_window,
                            GtkToggleButton   *button)
{
  ExplorerListFollower *self;
  GtkEventController *controller;

  g_return_val_if_fail (GTK_IS_LIST_VIEW (list_view), NULL);
  g_return_val_if_fail (GTK_IS_SCROLLED_WINDOW (scrolled_window), NULL);
  g_return_val_if_fail (GTK_IS_TOGGLE_BUTTON (button), NULL);

  self = g_object_new (EXPLORER_TYPE_LIST_FOLLOWER, NULL);
  self->list_view = list_view;
  self->scrolled_window = scrolled_window;
  self->button = button;

  g_signal_connect_object (gtk_scrolled_window_get_vadjustment (scrolled_window), "changed",
                           G_CALLBACK (on_adjustment_changed), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (button, "toggled", G_CALLBACK (explorer_list_follower_follow),
                           self, G_CONNECT_SWAPPED);

  /* In the capture phase: the list must not take a person's scroll, click or key first. */
  controller = gtk_event_controller_scroll_new (GTK_EVENT_CONTROLLER_SCROLL_VERTICAL);
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "scroll", G_CALLBACK (on_scroll), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (scrolled_window), controller);

  controller = GTK_EVENT_CONTROLLER (gtk_gesture_click_new ());
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "pressed", G_CALLBACK (on_pressed), self, G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (scrolled_window), controller);

  controller = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  g_signal_connect_object (controller, "key-pressed", G_CALLBACK (on_key_pressed), self,
                           G_CONNECT_SWAPPED);
  gtk_widget_add_controller (GTK_WIDGET (list_view), controller);

  return self;
}

void
explorer_list_follower_follow (ExplorerListFollower *self)
{
  g_return_if_fail (EXPLORER_IS_LIST_FOLLOWER (self));

  if (is_following (self))
    scroll_to_end (self);
}
