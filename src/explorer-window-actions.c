/* explorer-window-actions.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "explorer-tree-item.h"
#include "explorer-window-actions.h"
#include "explorer-window-private.h"

typedef struct {
  ExplorerWindow   *window;
  ExplorerService  *service;
  ExplorerTreeItem *item;
  GSettings        *settings;
  GSimpleAction    *copy_address;
  GSimpleAction    *copy_description;
  GSimpleAction    *bookmark;
} Actions;

#define ACTIONS_KEY "explorer-window-actions"

static void
actions_free (gpointer data)
{
  Actions *actions = data;

  g_clear_object (&actions->service);
  g_clear_object (&actions->item);
  if (actions->settings != NULL)
    g_signal_handlers_disconnect_by_data (actions->settings, actions);
  g_clear_object (&actions->settings);
  g_clear_object (&actions->copy_address);
  g_clear_object (&actions->copy_description);
  g_clear_object (&actions->bookmark);
  g_free (actions);
}

static ExplorerDiscovery *
get_discovery (Actions *actions)
{
  return explorer_sidebar_get_discovery (explorer_window_get_sidebar (actions->window));
}

/* The interface of the row shown (an interface or one of its members), or NULL. */
static VarlinkInterface *
get_interface (Actions *actions)
{
  if (actions->item == NULL)
    return NULL;

  return explorer_tree_item_get_interface (actions->item);
}

static void
sync_actions (Actions *actions)
{
  const char *address = actions->service ? explorer_service_get_address (actions->service) : NULL;
  gboolean bookmarked = FALSE;

  if (address != NULL)
    bookmarked = explorer_discovery_is_bookmarked (get_discovery (actions), address);

  g_simple_action_set_enabled (actions->copy_address, address != NULL);
  g_simple_action_set_enabled (actions->bookmark, address != NULL);
  g_simple_action_set_state (actions->bookmark, g_variant_new_boolean (bookmarked));
  g_simple_action_set_enabled (actions->copy_description, get_interface (actions) != NULL);
}

static void
toast (Actions    *actions,
       const char *title)
{
  AdwToast *toast = adw_toast_new (title);

  adw_toast_set_timeout (toast, 2);
  explorer_window_add_toast (actions->window, toast);
}

static void
copy_address_activate (GSimpleAction *action,
                       GVariant      *parameter,
                       gpointer       user_data)
{
  Actions *actions = user_data;
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (actions->window));

  if (actions->service == NULL)
    return;

  gdk_clipboard_set_text (clipboard, explorer_service_get_address (actions->service));
  toast (actions, _("Address copied"));
}

static void
copy_description_activate (GSimpleAction *action,
                           GVariant      *parameter,
                           gpointer       user_data)
{
  Actions *actions = user_data;
  GdkClipboard *clipboard = gtk_widget_get_clipboard (GTK_WIDGET (actions->window));
  VarlinkInterface *interface = get_interface (actions);

  if (interface == NULL)
    return;

  /* As the service sent it (or as the attached file has it), not reformatted. */
  gdk_clipboard_set_text (clipboard, varlink_interface_get_text (interface));
  toast (actions, _("Interface description copied"));
}

static void
bookmark_change_state (GSimpleAction *action,
                       GVariant      *value,
                       gpointer       user_data)
{
  Actions *actions = user_data;
  gboolean bookmarked = g_variant_get_boolean (value);

  if (actions->service == NULL)
    return;

  explorer_discovery_set_bookmarked (get_discovery (actions),
                                     explorer_service_get_address (actions->service),
                                     bookmarked);
  sync_actions (actions);
  toast (actions, bookmarked ? _("Service bookmarked") : _("Bookmark removed"));
}

static void
on_service_chosen (ExplorerSidebar *sidebar,
                   ExplorerService *service,
                   ExplorerWindow  *window)
{
  Actions *actions = g_object_get_data (G_OBJECT (window), ACTIONS_KEY);

  g_set_object (&actions->service, service);
  sync_actions (actions);
}

static void
on_show_item (ExplorerServicePage *page,
              ExplorerTreeItem    *item,
              gboolean             activated,
              ExplorerWindow      *window)
{
  Actions *actions = g_object_get_data (G_OBJECT (window), ACTIONS_KEY);

  g_set_object (&actions->item, item);
  sync_actions (actions);
}

/* Bookmarks change from the sidebar too (removing a saved address), and from other windows. */
static void
on_bookmarks_changed (GSettings  *settings,
                      const char *key,
                      Actions    *actions)
{
  sync_actions (actions);
}

static void
add_shortcut (GtkShortcutController *controller,
              guint                  key,
              GdkModifierType        modifiers,
              const char            *action_name)
{
  gtk_shortcut_controller_add_shortcut (controller,
                                        gtk_shortcut_new (gtk_keyval_trigger_new (key, modifiers),
                                                          gtk_named_action_new (action_name)));
}

void
explorer_window_actions_init (ExplorerWindow *self)
{
  Actions *actions = g_new0 (Actions, 1);
  GtkEventController *controller;

  g_return_if_fail (EXPLORER_IS_WINDOW (self));

  actions->window = self;
  actions->copy_address = g_simple_action_new ("copy-address", NULL);
  actions->copy_description = g_simple_action_new ("copy-description", NULL);
  actions->bookmark = g_simple_action_new_stateful ("bookmark-service", NULL,
                                                    g_variant_new_boolean (FALSE));
  g_signal_connect (actions->copy_address, "activate", G_CALLBACK (copy_address_activate),
                    actions);
  g_signal_connect (actions->copy_description, "activate",
                    G_CALLBACK (copy_description_activate), actions);
  g_signal_connect (actions->bookmark, "change-state", G_CALLBACK (bookmark_change_state),
                    actions);
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (actions->copy_address));
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (actions->copy_description));
  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (actions->bookmark));

  /* Freed when the window is finalized; the handlers below go with the window before that. */
  g_object_set_data_full (G_OBJECT (self), ACTIONS_KEY, actions, actions_free);

  g_signal_connect_object (explorer_window_get_sidebar (self), "service-chosen",
                           G_CALLBACK (on_service_chosen), self, 0);
  g_signal_connect_object (explorer_window_get_service_page_widget (self), "show-item",
                           G_CALLBACK (on_show_item), self, 0);

  actions->settings = explorer_settings_new ();
  if (actions->settings != NULL)
    g_signal_connect (actions->settings, "changed::bookmarks",
                      G_CALLBACK (on_bookmarks_changed), actions);

  /* On the window rather than as application accels, so that they work in any window, and
   * before the focused widget sees the keys. */
  controller = gtk_shortcut_controller_new ();
  gtk_event_controller_set_propagation_phase (controller, GTK_PHASE_CAPTURE);
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_c,
                GDK_CONTROL_MASK | GDK_SHIFT_MASK, "win.copy-address");
  add_shortcut (GTK_SHORTCUT_CONTROLLER (controller), GDK_KEY_d, GDK_CONTROL_MASK,
                "win.bookmark-service");
  gtk_widget_add_controller (GTK_WIDGET (self), controller);

  sync_actions (actions);
}
