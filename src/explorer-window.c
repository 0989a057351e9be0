/* explorer-window.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "explorer-resources.h"
#include "explorer-service.h"
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
  GtkStack             *service_stack;
  GtkSpinner           *spinner;
  AdwStatusPage        *error_page;
  GtkLabel             *vendor_label;
  GtkLabel             *product_label;
  GtkLabel             *version_label;
  GtkLabel             *url_label;
  GtkListView          *interfaces_view;
  GtkStack             *content_stack;
  GtkSourceView        *source_view;

  GListStore           *services;
  ExplorerService      *service;
  GtkSingleSelection   *selection;
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
set_fact (GtkLabel   *label,
          const char *value)
{
  gtk_label_set_text (label, value && *value ? value : "—");
}

static void
explorer_window_clear_content (ExplorerWindow *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));

  gtk_text_buffer_set_text (buffer, "", 0);
  gtk_stack_set_visible_child_name (self->content_stack, "empty");
}

static GListModel *
create_tree_children (gpointer item,
                      gpointer user_data)
{
  GListModel *children = explorer_tree_item_get_children (item);

  /* Headings and members have no children, and get no expander arrow. */
  if (children == NULL || g_list_model_get_n_items (children) == 0)
    return NULL;

  return g_object_ref (children);
}

static void
explorer_window_sync_service (ExplorerWindow *self)
{
  ExplorerServiceState state;
  g_autofree char *escaped = NULL;

  if (self->service == NULL)
    {
      gtk_spinner_stop (self->spinner);
      gtk_stack_set_visible_child_name (self->service_stack, "empty");
      gtk_single_selection_set_model (self->selection, NULL);
      explorer_window_clear_content (self);
      return;
    }

  state = explorer_service_get_state (self->service);

  if (state == EXPLORER_SERVICE_STATE_CONNECTING || state == EXPLORER_SERVICE_STATE_IDLE)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);

  switch (state)
    {
    case EXPLORER_SERVICE_STATE_IDLE:
    case EXPLORER_SERVICE_STATE_CONNECTING:
      gtk_single_selection_set_model (self->selection, NULL);
      explorer_window_clear_content (self);
      gtk_stack_set_visible_child_name (self->service_stack, "loading");
      break;

    case EXPLORER_SERVICE_STATE_READY:
      {
        const VarlinkInfo *info = explorer_service_get_info (self->service);
        GListModel *interfaces = explorer_service_get_interfaces (self->service);
        g_autoptr(GtkTreeListModel) tree = NULL;

        set_fact (self->vendor_label, info->vendor);
        set_fact (self->product_label, info->product);
        set_fact (self->version_label, info->version);
        set_fact (self->url_label, info->url);

        tree = gtk_tree_list_model_new (g_object_ref (interfaces), FALSE, FALSE,
                                        create_tree_children, NULL, NULL);
        gtk_single_selection_set_model (self->selection, G_LIST_MODEL (tree));
        explorer_window_clear_content (self);
        gtk_stack_set_visible_child_name (self->service_stack, "ready");
      }
      break;

    case EXPLORER_SERVICE_STATE_INVALID_ADDRESS:
    case EXPLORER_SERVICE_STATE_UNREACHABLE:
    case EXPLORER_SERVICE_STATE_NOT_ANSWERING:
    case EXPLORER_SERVICE_STATE_CLOSED:
    case EXPLORER_SERVICE_STATE_NO_INTROSPECTION:
    case EXPLORER_SERVICE_STATE_FAILED:
    default:
      gtk_single_selection_set_model (self->selection, NULL);
      explorer_window_clear_content (self);
      adw_status_page_set_icon_name (self->error_page,
                                     state == EXPLORER_SERVICE_STATE_NO_INTROSPECTION
                                     ? "dialog-information-symbolic"
                                     : "network-error-symbolic");
      adw_status_page_set_title (self->error_page,
                                 explorer_service_get_error_title (self->service));
      /* The details quote what the service or the system said: never markup. */
      escaped = g_markup_escape_text (explorer_service_get_error_details (self->service) ?: "", -1);
      adw_status_page_set_description (self->error_page, escaped);
      gtk_stack_set_visible_child_name (self->service_stack, "error");
      break;
    }
}

static void
on_service_state_changed (ExplorerService *service,
                          GParamSpec      *pspec,
                          ExplorerWindow  *self)
{
  if (service == self->service)
    explorer_window_sync_service (self);
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
on_selection_changed (GtkSingleSelection *selection,
                      GParamSpec         *pspec,
                      ExplorerWindow     *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (selection);
  g_autofree char *text = NULL;

  if (row != NULL)
    text = explorer_tree_item_dup_text (gtk_tree_list_row_get_item (row));

  if (text == NULL)
    {
      explorer_window_clear_content (self);
      return;
    }

  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view)), text, -1);
  gtk_stack_set_visible_child_name (self->content_stack, "source");
}

static void
on_tree_activate (GtkListView    *view,
                  guint           position,
                  ExplorerWindow *self)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (row != NULL && gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
}

static void
setup_tree_row (GtkSignalListItemFactory *factory,
                GtkListItem              *list_item,
                gpointer                  user_data)
{
  GtkWidget *expander, *box, *title, *subtitle;

  expander = gtk_tree_expander_new ();
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);

  title = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), title);

  subtitle = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (box), subtitle);

  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), box);
  gtk_list_item_set_child (list_item, expander);
}

static void
bind_tree_row (GtkSignalListItemFactory *factory,
               GtkListItem              *list_item,
               gpointer                  user_data)
{
  GtkTreeListRow *row = gtk_list_item_get_item (list_item);
  ExplorerTreeItem *item = gtk_tree_list_row_get_item (row);
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *box = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  ExplorerTreeItemKind kind = explorer_tree_item_get_kind (item);
  const char *summary = explorer_tree_item_get_subtitle (item);
  const char *section_classes[] = { "caption-heading", "dim-label", NULL };
  const char *interface_classes[] = { "heading", NULL };
  const char *member_classes[] = { "monospace", NULL };

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), row);
  gtk_label_set_text (GTK_LABEL (title), explorer_tree_item_get_title (item));
  gtk_label_set_text (GTK_LABEL (subtitle), summary);
  gtk_widget_set_visible (subtitle, summary != NULL && kind != EXPLORER_TREE_ITEM_SECTION);
  gtk_widget_set_tooltip_text (subtitle, summary);

  switch (kind)
    {
    case EXPLORER_TREE_ITEM_SECTION:
      gtk_widget_set_css_classes (title, section_classes);
      gtk_list_item_set_selectable (list_item, FALSE);
      gtk_list_item_set_activatable (list_item, FALSE);
      break;

    case EXPLORER_TREE_ITEM_INTERFACE:
      gtk_widget_set_css_classes (title, interface_classes);
      gtk_list_item_set_selectable (list_item, TRUE);
      gtk_list_item_set_activatable (list_item, TRUE);
      break;

    case EXPLORER_TREE_ITEM_MEMBER:
    default:
      gtk_widget_set_css_classes (title, member_classes);
      gtk_list_item_set_selectable (list_item, TRUE);
      gtk_list_item_set_activatable (list_item, TRUE);
      break;
    }
}

static void
unbind_tree_row (GtkSignalListItemFactory *factory,
                 GtkListItem              *list_item,
                 gpointer                  user_data)
{
  GtkWidget *expander = gtk_list_item_get_child (list_item);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
}

static void
update_style_scheme (AdwStyleManager *manager,
                     GParamSpec      *pspec,
                     ExplorerWindow  *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkSourceStyleScheme *scheme;
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));

  scheme = gtk_source_style_scheme_manager_get_scheme (schemes,
                                                       adw_style_manager_get_dark (manager)
                                                       ? "Adwaita-dark" : "Adwaita");
  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer), scheme);
}

/* The IDL's language ships in the resources; the search path must be extended before the
 * manager first loads its languages, so this runs once, before any window exists. */
static void
add_varlink_language (void)
{
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();

  gtk_source_language_manager_append_search_path (languages,
                                                  "resource:///io/github/varlinkexplorer/"
                                                  "VarlinkExplorer/language-specs/");
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
  g_clear_object (&self->selection);

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
  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);
  add_varlink_language ();

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/varlinkexplorer/"
                                               "VarlinkExplorer/explorer-window.ui");
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, services_list);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, address_row);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, service_stack);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, spinner);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, error_page);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, vendor_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, product_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, version_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, url_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, interfaces_view);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, content_stack);
  gtk_widget_class_bind_template_child (widget_class, ExplorerWindow, source_view);
  gtk_widget_class_bind_template_callback (widget_class, on_service_row_selected);
  gtk_widget_class_bind_template_callback (widget_class, on_address_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_address_changed);

  gtk_widget_class_install_action (widget_class, "win.reload", NULL, reload_action);
  gtk_widget_class_install_action (widget_class, "win.focus-address", NULL, focus_address_action);

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
  g_autoptr(GtkListItemFactory) factory = NULL;
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkSourceLanguage *language;
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->timeout_ms = EXPLORER_DEFAULT_TIMEOUT_MS;
  self->services = g_list_store_new (EXPLORER_TYPE_SERVICE);
  demo = explorer_service_new_demo ();
  g_list_store_append (self->services, demo);
  gtk_list_box_bind_model (self->services_list, G_LIST_MODEL (self->services),
                           create_service_row, self, NULL);

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed), self, 0);

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (setup_tree_row), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_tree_row), NULL);
  g_signal_connect (factory, "unbind", G_CALLBACK (unbind_tree_row), NULL);
  gtk_list_view_set_factory (self->interfaces_view, factory);
  gtk_list_view_set_model (self->interfaces_view, GTK_SELECTION_MODEL (self->selection));
  g_signal_connect_object (self->interfaces_view, "activate",
                           G_CALLBACK (on_tree_activate), self, 0);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  language = gtk_source_language_manager_get_language (gtk_source_language_manager_get_default (),
                                                       "varlink");
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer), language);

  g_signal_connect_object (style_manager, "notify::dark",
                           G_CALLBACK (update_style_scheme), self, 0);
  update_style_scheme (style_manager, NULL, self);

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

  return gtk_stack_get_visible_child_name (self->service_stack);
}

const char *
explorer_window_get_error_title (ExplorerWindow *self)
{
  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), NULL);

  return adw_status_page_get_title (self->error_page);
}

const char *
explorer_window_get_fact (ExplorerWindow *self,
                          const char     *fact)
{
  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), NULL);

  if (g_str_equal (fact, "vendor"))
    return gtk_label_get_text (self->vendor_label);
  if (g_str_equal (fact, "product"))
    return gtk_label_get_text (self->product_label);
  if (g_str_equal (fact, "version"))
    return gtk_label_get_text (self->version_label);
  if (g_str_equal (fact, "url"))
    return gtk_label_get_text (self->url_label);

  g_return_val_if_reached (NULL);
}

GListModel *
explorer_window_get_tree (ExplorerWindow *self)
{
  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), NULL);

  return G_LIST_MODEL (self->selection);
}

static gboolean
select_row (ExplorerWindow *self,
            const char     *interface,
            const char     *member)
{
  GListModel *rows = G_LIST_MODEL (self->selection);

  for (guint i = 0; i < g_list_model_get_n_items (rows); i++)
    {
      g_autoptr(GtkTreeListRow) row = g_list_model_get_item (rows, i);
      ExplorerTreeItem *item = gtk_tree_list_row_get_item (row);

      if (gtk_tree_list_row_get_depth (row) != 0 ||
          g_strcmp0 (explorer_tree_item_get_title (item), interface) != 0)
        continue;

      if (member == NULL)
        {
          gtk_single_selection_set_selected (self->selection, i);
          return TRUE;
        }

      gtk_tree_list_row_set_expanded (row, TRUE);

      for (guint j = i + 1; j < g_list_model_get_n_items (rows); j++)
        {
          g_autoptr(GtkTreeListRow) child_row = g_list_model_get_item (rows, j);
          ExplorerTreeItem *child = gtk_tree_list_row_get_item (child_row);

          if (gtk_tree_list_row_get_depth (child_row) == 0)
            break;

          if (explorer_tree_item_get_kind (child) == EXPLORER_TREE_ITEM_MEMBER &&
              g_strcmp0 (explorer_tree_item_get_title (child), member) == 0)
            {
              gtk_single_selection_set_selected (self->selection, j);
              return TRUE;
            }
        }

      return FALSE;
    }

  return FALSE;
}

gboolean
explorer_window_select (ExplorerWindow *self,
                        const char     *name)
{
  const char *dot;
  g_autofree char *interface = NULL;

  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (select_row (self, name, NULL))
    return TRUE;

  dot = strrchr (name, '.');
  if (dot == NULL)
    return FALSE;

  interface = g_strndup (name, dot - name);
  return select_row (self, interface, dot + 1);
}

char *
explorer_window_dup_content_text (ExplorerWindow *self)
{
  GtkTextBuffer *buffer;
  GtkTextIter start, end;

  g_return_val_if_fail (EXPLORER_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->content_stack), "source") != 0)
    return NULL;

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->source_view));
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  return gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
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
