/* explorer-window.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>

#include "explorer-call-page.h"
#include "explorer-definition-view.h"
#include "explorer-history-view.h"
#include "explorer-resources.h"
#include "explorer-service-page.h"
#include "explorer-service.h"
#include "explorer-traffic-view.h"
#include "explorer-tree-item.h"
#include "explorer-window-private.h"

struct _ExplorerWindow
{
  AdwApplicationWindow  parent_instance;

  /* template children */
  AdwToastOverlay      *toast_overlay;
  AdwWindowTitle       *window_title;
  GtkListBox           *services_list;
  AdwEntryRow          *address_row;
  ExplorerServicePage  *service_page;
  ExplorerDefinitionView *definition_view;
  GtkPaned             *traffic_paned;
  ExplorerTrafficView  *traffic_view;
  ExplorerHistoryView  *history_view;

  GListStore           *services;
  ExplorerService      *service;
  ExplorerHistoryEntry *reopening;   /* re-opened once its service is read */
  guint                 timeout_ms;
};

G_DEFINE_FINAL_TYPE (ExplorerWindow, explorer_window, ADW_TYPE_APPLICATION_WINDOW)

static void explorer_window_show_service (ExplorerWindow  *self,
                                          ExplorerService *service);

static const char *
state_icon_name (ExplorerServiceState state)
{
  switch (state)
    {
    case EXPLORER_SERVICE_STATE_READY:
      return "emblem-ok-symbolic";
    case EXPLORER_SERVICE_STATE_NO_INTROSPECTION:
      return "dialog-information-symbolic";
    case EXPLORER_SERVICE_STATE_INVALID_ADDRESS:
    case EXPLORER_SERVICE_STATE_UNREACHABLE:
    case EXPLORER_SERVICE_STATE_NOT_ANSWERING:
    case EXPLORER_SERVICE_STATE_CLOSED:
    case EXPLORER_SERVICE_STATE_FAILED:
      return "dialog-warning-symbolic";
    case EXPLORER_SERVICE_STATE_IDLE:
    case EXPLORER_SERVICE_STATE_CONNECTING:
    default:
      return NULL;
    }
}

static const char *
state_description (ExplorerServiceState state)
{
  switch (state)
    {
    case EXPLORER_SERVICE_STATE_READY:
      return _("Answers");
    case EXPLORER_SERVICE_STATE_CONNECTING:
      return _("Connecting");
    case EXPLORER_SERVICE_STATE_NO_INTROSPECTION:
      return _("Answers without introspection");
    case EXPLORER_SERVICE_STATE_INVALID_ADDRESS:
      return _("Invalid address");
    case EXPLORER_SERVICE_STATE_UNREACHABLE:
      return _("Unreachable");
    case EXPLORER_SERVICE_STATE_NOT_ANSWERING:
      return _("Not answering");
    case EXPLORER_SERVICE_STATE_CLOSED:
      return _("Closed the connection");
    case EXPLORER_SERVICE_STATE_FAILED:
      return _("Failed");
    case EXPLORER_SERVICE_STATE_IDLE:
    default:
      return NULL;
    }
}

static void
update_state_icon (ExplorerService *service,
                   GParamSpec      *pspec,
                   GtkImage        *image)
{
  ExplorerServiceState state = explorer_service_get_state (service);
  const char *icon_name = state_icon_name (state);
  const char *description = state_description (state);

  gtk_image_set_from_icon_name (image, icon_name);
  gtk_widget_set_visible (GTK_WIDGET (image), icon_name != NULL);
  gtk_widget_set_tooltip_text (GTK_WIDGET (image), description);
  gtk_accessible_update_property (GTK_ACCESSIBLE (image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, description ? description : "",
                                  -1);
}

static GtkWidget *
create_service_row (gpointer item,
                    gpointer user_data)
{
  ExplorerService *service = item;
  GtkWidget *box, *labels, *title, *address, *image;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (box), labels);

  title = gtk_label_new (explorer_service_get_title (service));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (labels), title);

  if (g_strcmp0 (explorer_service_get_title (service), explorer_service_get_address (service)) != 0)
    {
      address = gtk_label_new (explorer_service_get_address (service));
      gtk_label_set_xalign (GTK_LABEL (address), 0);
      gtk_label_set_ellipsize (GTK_LABEL (address), PANGO_ELLIPSIZE_START);
      gtk_widget_add_css_class (address, "caption");
      gtk_widget_add_css_class (address, "dim-label");
      gtk_widget_set_tooltip_text (address, explorer_service_get_address (service));
      gtk_box_append (GTK_BOX (labels), address);
    }
  else
    {
      gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_START);
      gtk_widget_set_tooltip_text (title, explorer_service_get_address (service));
    }

  image = gtk_image_new ();
  gtk_widget_set_valign (image, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), image);
  g_signal_connect_object (service, "notify::state", G_CALLBACK (update_state_icon), image, 0);
  update_state_icon (service, NULL, GTK_IMAGE (image));

  return box;
}

static void
explorer_window_sync_service (ExplorerWindow *self)
{
  explorer_service_page_set_service (self->service_page, self->service);
  explorer_traffic_view_set_traffic (self->traffic_view,
                                     self->service != NULL ? explorer_service_get_traffic (self->service) : NULL);
  explorer_definition_view_set_service (self->definition_view, self->service);
}

/* --- traffic and history ------------------------------------------------------------------ */

/* The traffic pane opens at a height that leaves the call page most of the window. */
static void
on_traffic_visible (ExplorerTrafficView *view,
                    GParamSpec          *pspec,
                    ExplorerWindow      *self)
{
  int height = gtk_widget_get_height (GTK_WIDGET (self->traffic_paned));

  if (gtk_widget_get_visible (GTK_WIDGET (view)) && height > 0)
    gtk_paned_set_position (self->traffic_paned, MAX (height / 2, height - 260));
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
on_service_row_selected (GtkListBox     *list,
                         GtkListBoxRow  *row,
                         ExplorerWindow *self)
{
  g_autoptr(ExplorerService) service = NULL;

  if (row != NULL)
    service = g_list_model_get_item (G_LIST_MODEL (self->services),
                                     gtk_list_box_row_get_index (row));

  explorer_window_show_service (self, service);
}

static void
on_address_changed (ExplorerWindow *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
}

static void
on_address_apply (ExplorerWindow *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  g_autofree char *text = g_strstrip (g_strdup (typed));
  g_autoptr(VarlinkAddress) address = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = NULL;

  if (*text == '\0')
    return;

  address = varlink_address_parse (text, &error);
  if (address == NULL)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
      /* A toast's title is markup, and the message may quote what was typed. */
      escaped = g_markup_escape_text (error->message, -1);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (escaped));
      return;
    }

  explorer_window_open_address (self, varlink_address_to_string (address));
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), "");
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

  gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
}

static void
explorer_window_dispose (GObject *object)
{
  ExplorerWindow *self = EXPLORER_WINDOW (object);

  if (self->service != NULL)
    g_signal_handlers_disconnect_by_func (self->service, on_service_state_changed, self);
  g_clear_object (&self->service);
  g_clear_object (&self->reopening);

  /* The list unselects its row while it is destroyed: nothing to show by then. */
  if (self->services_list != NULL)
    g_signal_handlers_disconnect_by_func (self->services_list, on_service_row_selected, self);

  gtk_widget_dispose_template (GTK_WIDGET (self), EXPLORER_TYPE_WINDOW);

  G_OBJECT_CLASS (explorer_window_parent_class)->dispose (object);
}

static void
explorer_window_finalize (GObject *object)
{
  ExplorerWindow *self = EXPLORER_WINDOW (object);

  g_clear_object (&self->services);

  G_OBJECT_CLASS (explorer_window_parent_class)->finalize (object);
}

static void
explorer_window_class_init (ExplorerWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = explorer_window_dispose;
  object_class->finalize = explorer_window_finalize;

  /* Referencing the resource keeps it in programs linking the static library. */
  (void) explorer_get_resource ();
  g_type_ensure (EXPLORER_TYPE_SERVICE_PAGE);
  g_type_ensure (EXPLORER_TYPE_DEFINITION_VIEW);
  g_type_ensure (EXPLORER_TYPE_TRAFFIC_VIEW);
  g_type_ensure (EXPLORER_TYPE_HISTORY_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/varlinkexplorer/"
                                               "VarlinkExplorer/explorer-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, services_list);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, service_page);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, definition_view);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, traffic_paned);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, traffic_view);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, history_view);
  gtk_widget_class_bind_template_callback (widget_class, on_history_reopen);
  gtk_widget_class_bind_template_callback (widget_class, on_traffic_visible);
  gtk_widget_class_bind_template_callback (widget_class, on_show_item);
  gtk_widget_class_bind_template_callback (widget_class, on_show_source);
  gtk_widget_class_bind_template_callback (widget_class, on_navigate);
  gtk_widget_class_bind_template_callback (widget_class, on_service_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_address_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_address_changed);

  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.focus-address", NULL, focus_address_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.open-file", NULL, open_file_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_o, GDK_CONTROL_MASK,
                                       "win.open-file", NULL);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_l, GDK_CONTROL_MASK,
                                       "win.focus-address", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.reload", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
}

static void
explorer_window_init (ExplorerWindow *self)
{
  g_autoptr(ExplorerService) demo = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  explorer_history_view_set_history (self->history_view, explorer_history_get_default ());

  self->timeout_ms = EXPLORER_DEFAULT_TIMEOUT_MS;
  self->services = g_list_store_new (EXPLORER_TYPE_SERVICE);
  demo = explorer_service_new_demo ();
  g_list_store_append (self->services, demo);
  gtk_list_box_bind_model (self->services_list, G_LIST_MODEL (self->services),
                           create_service_row, self, NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.reload", FALSE);
}

ExplorerWindow *
explorer_window_new (GtkApplication *application)
{
  return g_object_new (EXPLORER_TYPE_WINDOW,
                       "application", application,
                       NULL);
}

static void
explorer_window_select_index (ExplorerWindow *self,
                              guint           index)
{
  GtkListBoxRow *row = gtk_list_box_get_row_at_index (self->services_list, index);

  if (row == NULL)
    return;

  if (gtk_list_box_get_selected_row (self->services_list) == row)
    explorer_window_show_service (self, self->service);
  else
    gtk_list_box_select_row (self->services_list, row);
}

void
explorer_window_open_address (ExplorerWindow *self,
                              const char     *address)
{
  guint n;
  g_autoptr(ExplorerService) service = NULL;
  g_autoptr(VarlinkAddress) parsed = NULL;

  g_return_if_fail (EXPLORER_IS_WINDOW (self));
  g_return_if_fail (address != NULL);

  /* One sidebar entry per service however its address is spelled; an address that does
   * not parse is kept as typed, and the service reports why. */
  parsed = varlink_address_parse (address, NULL);
  if (parsed != NULL)
    address = varlink_address_to_string (parsed);

  n = g_list_model_get_n_items (G_LIST_MODEL (self->services));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ExplorerService) known = g_list_model_get_item (G_LIST_MODEL (self->services), i);

      if (g_strcmp0 (explorer_service_get_address (known), address) == 0)
        {
          explorer_window_select_index (self, i);
          return;
        }
    }

  service = explorer_service_new (NULL, address);
  explorer_service_set_timeout (service, self->timeout_ms);
  g_list_store_append (self->services, service);
  explorer_window_select_index (self, n);
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

  explorer_window_select_index (self, 0);
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
  guint n;

  g_return_if_fail (EXPLORER_IS_WINDOW (self));
  g_return_if_fail (timeout_ms > 0);

  self->timeout_ms = timeout_ms;

  n = g_list_model_get_n_items (G_LIST_MODEL (self->services));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ExplorerService) service = g_list_model_get_item (G_LIST_MODEL (self->services), i);

      explorer_service_set_timeout (service, timeout_ms);
    }
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

gboolean
explorer_window_address_has_focus (ExplorerWindow *self)
{
  GtkWidget *focus;

  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), FALSE);

  focus = gtk_root_get_focus (GTK_ROOT (self));
  return focus != NULL &&
         (focus == GTK_WIDGET (self->address_row) ||
          gtk_widget_is_ancestor (focus, GTK_WIDGET (self->address_row)));
}
