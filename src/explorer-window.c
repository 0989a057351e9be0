/* explorer-window.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "explorer-connect-dialog.h"
#include "explorer-call-page.h"
#include "explorer-definition-view.h"
#include "explorer-history-view.h"
#include "explorer-resources.h"
#include "explorer-service-page.h"
#include "explorer-service.h"
#include "explorer-sidebar.h"
#include "explorer-traffic-view.h"
#include "explorer-tree-item.h"
#include "explorer-window-actions.h"
#include "explorer-window-private.h"

struct _ExplorerWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  ExplorerSidebar      *sidebar;
  ExplorerServicePage  *service_page;
  ExplorerDefinitionView *definition_view;
  GtkPaned             *traffic_paned;
  GtkPaned             *outer_paned;
  GtkPaned             *inner_paned;
  GtkToggleButton      *traffic_button;
  GtkToggleButton      *history_button;
  ExplorerTrafficView  *traffic_view;
  ExplorerHistoryView  *history_view;

  GSettings            *settings;       /* NULL without the schema */
  int                   traffic_height;
  ExplorerService      *service;
  ExplorerHistoryEntry *reopening;   /* re-opened once its service is read */
};

G_DEFINE_FINAL_TYPE (ExplorerWindow, explorer_window, ADW_TYPE_APPLICATION_WINDOW)

static void explorer_window_show_service (ExplorerWindow  *self,
                                          ExplorerService *service);

static void
explorer_window_sync_service (ExplorerWindow *self)
{
  explorer_service_page_set_service (self->service_page, self->service);
  explorer_traffic_view_set_traffic (self->traffic_view,
                                     self->service != NULL ? explorer_service_get_traffic (self->service) : NULL);
  explorer_definition_view_set_service (self->definition_view, self->service);
}

/* --- traffic and history ------------------------------------------------------------------ */

/* --- window state ------------------------------------------------------------------------ */

/* A saved 0 (or a pane dragged shut) must not hide a pane for good. */
#define MIN_SIDEBAR_WIDTH    180
#define MIN_INTERFACES_WIDTH 200
#define MIN_TRAFFIC_HEIGHT   120

static void
explorer_window_restore_state (ExplorerWindow *self)
{
  if (self->settings == NULL)
    return;

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (self->settings, "window-width"),
                               g_settings_get_int (self->settings, "window-height"));
  if (g_settings_get_boolean (self->settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  gtk_paned_set_position (self->outer_paned,
                          MAX (MIN_SIDEBAR_WIDTH,
                               g_settings_get_int (self->settings, "sidebar-width")));
  gtk_paned_set_position (self->inner_paned,
                          MAX (MIN_INTERFACES_WIDTH,
                               g_settings_get_int (self->settings, "interfaces-width")));
  self->traffic_height = MAX (MIN_TRAFFIC_HEIGHT,
                              g_settings_get_int (self->settings, "traffic-height"));
}

/* The traffic pane's height while it is shown; kept when it hides, for the next time. */
static void
explorer_window_measure_traffic (ExplorerWindow *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->traffic_paned));

  if (gtk_widget_get_visible (GTK_WIDGET (self->traffic_view)) && height > 0)
    self->traffic_height = MAX (MIN_TRAFFIC_HEIGHT,
                                height - gtk_paned_get_position (self->traffic_paned));
}

void
explorer_window_save_state (ExplorerWindow *self)
{
  int width, height;

  g_return_if_fail (EXPLORER_IS_WINDOW (self));

  if (self->settings == NULL)
    return;

  /* The size it has when not maximized, so that unmaximizing next time gives it back. */
  gtk_window_get_default_size (GTK_WINDOW (self), &width, &height);
  explorer_window_measure_traffic (self);

  g_settings_delay (self->settings);
  g_settings_set_int (self->settings, "window-width", width);
  g_settings_set_int (self->settings, "window-height", height);
  g_settings_set_boolean (self->settings, "window-maximized",
                          gtk_window_is_maximized (GTK_WINDOW (self)));
  g_settings_set_int (self->settings, "sidebar-width",
                      MAX (MIN_SIDEBAR_WIDTH, gtk_paned_get_position (self->outer_paned)));
  g_settings_set_int (self->settings, "interfaces-width",
                      MAX (MIN_INTERFACES_WIDTH, gtk_paned_get_position (self->inner_paned)));
  g_settings_set_int (self->settings, "traffic-height", self->traffic_height);
  g_settings_apply (self->settings);
}

static gboolean
explorer_window_close_request (GtkWindow *window)
{
  explorer_window_save_state (EXPLORER_WINDOW (window));

  return GTK_WINDOW_CLASS (explorer_window_parent_class)->close_request (window);
}

/* The traffic pane opens at the height it had, leaving the call page most of the window. */
static void
on_traffic_visible (ExplorerTrafficView *view,
                    GParamSpec          *pspec,
                    ExplorerWindow      *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->traffic_paned));

  if (height <= 0)
    return;

  if (gtk_widget_get_visible (GTK_WIDGET (view)))
    gtk_paned_set_position (self->traffic_paned,
                            MAX (height / 2, height - MAX (MIN_TRAFFIC_HEIGHT,
                                                           self->traffic_height)));
  else
    self->traffic_height = MAX (MIN_TRAFFIC_HEIGHT,
                                height - gtk_paned_get_position (self->traffic_paned));
}

/* Once the service of the call being re-opened is read: its method, with the call's
 * parameters and flags, in the form. */
static void
explorer_window_continue_reopen (ExplorerWindow *self)
{
  g_autoptr(ExplorerHistoryEntry) entry = NULL;
  ExplorerCallPage *page;
  const char *method;

  if (self->reopening == NULL || self->service == NULL)
    return;

  switch (explorer_service_get_state (self->service))
    {
    case EXPLORER_SERVICE_STATE_IDLE:
    case EXPLORER_SERVICE_STATE_CONNECTING:
      return;

    default:
      break;
    }

  entry = g_steal_pointer (&self->reopening);
  method = explorer_history_entry_get_method (entry);

  if (!explorer_window_select (self, method))
    {
      g_autofree char *escaped = g_markup_escape_text (method, -1);
      g_autofree char *text = g_strdup_printf (_("The service does not describe %s: it cannot be re-opened in a form"),
                                               escaped);

      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
      return;
    }

  page = explorer_definition_view_get_call_page (self->definition_view);
  if (page == NULL)
    return;

  explorer_call_page_set_flags (page, explorer_history_entry_get_flags (entry));
  if (explorer_history_entry_get_parameters (entry) != NULL)
    explorer_call_page_set_parameters (page, explorer_history_entry_get_parameters (entry));
  else
    {
      g_autoptr(JsonObject) empty = json_object_new ();

      explorer_call_page_set_parameters (page, empty);
    }
}

static void
on_history_reopen (ExplorerHistoryView  *view,
                   ExplorerHistoryEntry *entry,
                   ExplorerWindow       *self)
{
  explorer_window_reopen_call (self, entry);
}

static void
on_service_state_changed (ExplorerService *service,
                          GParamSpec      *pspec,
                          ExplorerWindow  *self)
{
  if (service == self->service)
    {
      explorer_window_sync_service (self);
      explorer_window_continue_reopen (self);
    }
}

static void
explorer_window_show_service (ExplorerWindow  *self,
                              ExplorerService *service)
{
  if (self->service != service)
    {
      if (self->service != NULL)
        g_signal_handlers_disconnect_by_func (self->service, on_service_state_changed, self);

      g_set_object (&self->service, service);

      if (service != NULL)
        g_signal_connect_object (service, "notify::state",
                                 G_CALLBACK (on_service_state_changed), self, 0);
    }

  if (service != NULL)
    {
      adw_window_title_set_subtitle (self->window_title, explorer_service_get_title (service));
      explorer_service_open (service);
    }
  else
    {
      adw_window_title_set_subtitle (self->window_title, NULL);
    }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reload", service != NULL);
  explorer_window_sync_service (self);
}

static void
on_service_chosen (ExplorerSidebar *sidebar,
                   ExplorerService *service,
                   ExplorerWindow  *self)
{
  explorer_window_show_service (self, service);
}

static void
on_connect (ExplorerConnectDialog *dialog,
            const char            *address,
            ExplorerWindow        *self)
{
  explorer_window_open_address (self, address);
}

static void
connect_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ExplorerWindow *self = EXPLORER_WINDOW (widget);
  ExplorerConnectDialog *dialog = explorer_connect_dialog_new (GTK_WINDOW (self));

  g_signal_connect_object (dialog, "connect", G_CALLBACK (on_connect), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
refresh_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  ExplorerWindow *self = EXPLORER_WINDOW (widget);

  explorer_discovery_refresh (explorer_sidebar_get_discovery (self->sidebar));
}

static void
on_show_item (ExplorerServicePage *page,
              ExplorerTreeItem    *item,
              gboolean             activated,
              ExplorerWindow      *self)
{
  if (item == NULL)
    {
      explorer_definition_view_clear (self->definition_view);
      return;
    }

  explorer_definition_view_show_item (self->definition_view, item);
  if (activated)
    explorer_definition_view_reveal_source (self->definition_view);
}

static void
on_show_source (ExplorerServicePage *page,
                const char          *text,
                GPtrArray           *diagnostics,
                ExplorerWindow      *self)
{
  adw_window_title_set_subtitle (self->window_title, NULL);
  explorer_definition_view_show_source (self->definition_view, text, diagnostics);
}

static void
on_navigate (ExplorerDefinitionView *view,
             const char             *name,
             ExplorerWindow         *self)
{
  explorer_service_page_select (self->service_page, name);
}

static void
search_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ExplorerWindow *self = EXPLORER_WINDOW (widget);

  explorer_service_page_focus_search (self->service_page);
}

/* For pages that offer another way in to a service, such as opening it as an administrator. */
static void
open_address_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  explorer_window_open_address (EXPLORER_WINDOW (widget), g_variant_get_string (parameter, NULL));
}

static void
open_file_action (GtkWidget  *widget,
                  const char *action_name,
                  GVariant   *parameter)
{
  ExplorerWindow *self = EXPLORER_WINDOW (widget);

  explorer_service_page_choose_file (self->service_page);
}

static void
reload_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  ExplorerWindow *self = EXPLORER_WINDOW (widget);

  if (self->service != NULL)
    explorer_service_reload (self->service);
}

static void
focus_address_action (GtkWidget  *widget,
                      const char *action_name,
                      GVariant   *parameter)
{
  ExplorerWindow *self = EXPLORER_WINDOW (widget);

  explorer_sidebar_focus_address (self->sidebar);
}

static void
explorer_window_dispose (GObject *object)
{
  ExplorerWindow *self = EXPLORER_WINDOW (object);

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_state_changed, self);
  g_clear_object (&self->service);
  g_clear_object (&self->reopening);
  g_clear_object (&self->settings);

  /* The sidebar is destroyed with the template: nothing to show by then. */
  if (self->sidebar != NULL)
    g_signal_handlers_disconnect_by_func (self->sidebar, on_service_chosen, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), EXPLORER_TYPE_WINDOW);

  G_OBJECT_CLASS (explorer_window_parent_class)->dispose (object);
}

static void
explorer_window_class_init (ExplorerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);

  object_class->dispose = explorer_window_dispose;
  window_class->close_request = explorer_window_close_request;

  /* Referencing the resource keeps it in programs linking the static library. */
  (void) explorer_get_resource ();
  g_type_ensure (EXPLORER_TYPE_SERVICE_PAGE);
  g_type_ensure (EXPLORER_TYPE_SIDEBAR);
  g_type_ensure (EXPLORER_TYPE_DEFINITION_VIEW);
  g_type_ensure (EXPLORER_TYPE_TRAFFIC_VIEW);
  g_type_ensure (EXPLORER_TYPE_HISTORY_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/varlinkexplorer/"
                                               "VarlinkExplorer/explorer-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, service_page);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, definition_view);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, traffic_paned);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, outer_paned);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, inner_paned);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, traffic_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, history_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, traffic_view);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, history_view);
  gtk_widget_class_bind_template_callback (widget_class, on_history_reopen);
  gtk_widget_class_bind_template_callback (widget_class, on_traffic_visible);
  gtk_widget_class_bind_template_callback (widget_class, on_service_chosen);
  gtk_widget_class_bind_template_callback (widget_class, on_show_item);
  gtk_widget_class_bind_template_callback (widget_class, on_show_source);
  gtk_widget_class_bind_template_callback (widget_class, on_navigate);

  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.focus-address", NULL, focus_address_action);
  gtk_widget_class_install_action (widget_class, "win.connect", NULL, connect_action);
  gtk_widget_class_install_action (widget_class, "win.refresh", NULL, refresh_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.open-file", NULL, open_file_action);
  gtk_widget_class_install_action (widget_class, "win.open-address", "s", open_address_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.connect", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "win.refresh", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open-file", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
  /* The panes' toggles (property actions added in init). */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F9, 0, "win.show-sidebar", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_t,
                                       GDK_CONTROL_MASK | GDK_SHIFT_MASK,
                                       "win.show-traffic", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_h, GDK_CONTROL_MASK,
                                       "win.show-history", NULL);
}

static void
add_property_action (ExplorerWindow *self,
                     const char     *name,
                     gpointer        object,
                     const char     *property)
{
  g_autoptr(GPropertyAction) action = g_property_action_new (name, object, property);

  g_action_map_add_action (G_ACTION_MAP (self), G_ACTION (action));
}

static void
explorer_window_init (ExplorerWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  explorer_history_view_set_history (self->history_view, explorer_history_get_default ());
  explorer_window_actions_init (self);

  add_property_action (self, "show-sidebar", self->sidebar, "visible");
  add_property_action (self, "show-traffic", self->traffic_button, "active");
  add_property_action (self, "show-history", self->history_button, "active");

  self->traffic_height = 260;
  self->settings = explorer_settings_new ();
  explorer_window_restore_state (self);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reload", FALSE);
}

ExplorerWindow *
explorer_window_new (GtkApplication *application)
{
  return g_object_new (EXPLORER_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

void
explorer_window_open_address (ExplorerWindow *self,
                              const char     *address)
{
  g_return_if_fail (EXPLORER_IS_WINDOW (self));
  g_return_if_fail (address != NULL);

  explorer_sidebar_open_address (self->sidebar, address);
}

void
explorer_window_reopen_call (ExplorerWindow       *self,
                             ExplorerHistoryEntry *entry)
{
  g_return_if_fail (EXPLORER_IS_WINDOW (self));
  g_return_if_fail (EXPLORER_IS_HISTORY_ENTRY (entry));

  g_set_object (&self->reopening, entry);
  /* Chooses the service (already listed or added to Recent) and opens it; the method is
   * selected once its interfaces are read. */
  explorer_window_open_address (self, explorer_history_entry_get_address (entry));
  explorer_window_continue_reopen (self);
}

void
explorer_window_open_demo (ExplorerWindow *self)
{
  g_return_if_fail (EXPLORER_IS_WINDOW (self));

  explorer_sidebar_open_demo (self->sidebar);
}

void
explorer_window_add_toast (ExplorerWindow *self,
                           AdwToast       *toast)
{
  g_return_if_fail (EXPLORER_IS_WINDOW (self));
  g_return_if_fail (ADW_IS_TOAST (toast));

  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
explorer_window_set_timeout (ExplorerWindow *self,
                             guint           timeout_ms)
{
  g_return_if_fail (EXPLORER_IS_WINDOW (self));
  g_return_if_fail (timeout_ms > 0);

  explorer_sidebar_set_timeout (self->sidebar, timeout_ms);
}

ExplorerService *
explorer_window_get_service (ExplorerWindow *self)
{
  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), NULL);

  return self->service;
}

const char *
explorer_window_get_service_page (ExplorerWindow *self)
{
  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), NULL);

  return explorer_service_page_get_page_name (self->service_page);
}

const char *
explorer_window_get_error_title (ExplorerWindow *self)
{
  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), NULL);

  return explorer_service_page_get_error_title (self->service_page);
}

const char *
explorer_window_get_fact (ExplorerWindow *self,
                          const char     *fact)
{
  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), NULL);

  return explorer_service_page_get_fact (self->service_page, fact);
}

GListModel *
explorer_window_get_tree (ExplorerWindow *self)
{
  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), NULL);

  return explorer_service_page_get_tree (self->service_page);
}

gboolean
explorer_window_select (ExplorerWindow *self,
                        const char     *name)
{
  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  return explorer_service_page_select (self->service_page, name);
}

char *
explorer_window_dup_content_text (ExplorerWindow *self)
{
  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), NULL);

  return explorer_definition_view_dup_text (self->definition_view);
}

ExplorerServicePage *
explorer_window_get_service_page_widget (ExplorerWindow *self)
{
  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), NULL);

  return self->service_page;
}

ExplorerDefinitionView *
explorer_window_get_definition_view (ExplorerWindow *self)
{
  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), NULL);

  return self->definition_view;
}

ExplorerSidebar *
explorer_window_get_sidebar (ExplorerWindow *self)
{
  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), NULL);

  return self->sidebar;
}

gboolean
explorer_window_address_has_focus (ExplorerWindow *self)
{
  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), FALSE);

  return explorer_sidebar_address_has_focus (self->sidebar);
}
