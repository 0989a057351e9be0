/* explorer-sidebar.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "explorer-sidebar.h"

#define SERVICE_KEY "explorer-service"

typedef struct
{
  ExplorerSidebar          *self;
  ExplorerDiscoverySection  section;
  GtkWidget                *heading;
  GtkListBox               *list;
  GtkWidget                *placeholder;
} Section;

struct _ExplorerSidebar
{
  GtkWidget          parent_instance;

  /* template children */
  GtkButton         *refresh_button;
  GtkBox            *sections_box;
  AdwEntryRow       *address_row;

  ExplorerDiscovery *discovery;
  Section            sections[EXPLORER_DISCOVERY_N_SECTIONS];
  ExplorerService   *service;
  GCancellable      *resolving;
  gboolean           selecting;
};

G_DEFINE_FINAL_TYPE (ExplorerSidebar, explorer_sidebar, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_SERVICE,
  N_PROPS
};

enum {
  SERVICE_CHOSEN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

static void explorer_sidebar_choose (ExplorerSidebar *self,
                                     ExplorerService *service);

char *
explorer_sidebar_dup_state_text (ExplorerService *service)
{
  ExplorerServiceState state = explorer_service_get_state (service);

  switch (state)
    {
    case EXPLORER_SERVICE_STATE_READY:
      return g_strdup (_("Answers"));
    case EXPLORER_SERVICE_STATE_CONNECTING:
      return g_strdup (_("Connecting"));
    case EXPLORER_SERVICE_STATE_NO_INTROSPECTION:
      return g_strdup (_("Answers without introspection"));
    case EXPLORER_SERVICE_STATE_INVALID_ADDRESS:
      return g_strdup (_("Invalid address"));
    case EXPLORER_SERVICE_STATE_UNREACHABLE:
      return g_strdup (_("Unreachable"));
    case EXPLORER_SERVICE_STATE_NOT_ANSWERING:
      return g_strdup (_("Not answering"));
    case EXPLORER_SERVICE_STATE_CLOSED:
      return g_strdup (_("Closed the connection"));
    case EXPLORER_SERVICE_STATE_FAILED:
      return g_strdup (explorer_service_get_error_title (service));
    case EXPLORER_SERVICE_STATE_IDLE:
    default:
      break;
    }

  if (explorer_discovery_get_resolver_interface (service) != NULL)
    return g_strdup (_("Found through the resolver"));

  if (explorer_service_spawns (service))
    return g_strdup (_("Starts when opened"));

  switch (explorer_service_get_probe_state (service))
    {
    case EXPLORER_PROBE_PROBING:
      return g_strdup (_("Checking"));
    case EXPLORER_PROBE_ANSWERS:
      return g_strdup (_("Answers"));
    case EXPLORER_PROBE_NO_INTROSPECTION:
      return g_strdup (_("Answers without introspection"));
    case EXPLORER_PROBE_PERMISSION_DENIED:
      return g_strdup (_("Permission denied"));
    case EXPLORER_PROBE_NEEDS_ROOT:
      return g_strdup (_("Needs root"));
    case EXPLORER_PROBE_NOT_ANSWERING:
      return g_strdup (_("Not answering"));
    case EXPLORER_PROBE_UNREACHABLE:
      return g_strdup (_("Unreachable"));
    case EXPLORER_PROBE_NONE:
    default:
      return NULL;
    }
}

static const char *
state_icon_name (ExplorerService *service)
{
  switch (explorer_service_get_state (service))
    {
    case EXPLORER_SERVICE_STATE_READY:
      return "emblem-ok-symbolic";
    case EXPLORER_SERVICE_STATE_NO_INTROSPECTION:
      return "dialog-information-symbolic";
    case EXPLORER_SERVICE_STATE_CONNECTING:
      return "content-loading-symbolic";
    case EXPLORER_SERVICE_STATE_INVALID_ADDRESS:
    case EXPLORER_SERVICE_STATE_UNREACHABLE:
    case EXPLORER_SERVICE_STATE_NOT_ANSWERING:
    case EXPLORER_SERVICE_STATE_CLOSED:
    case EXPLORER_SERVICE_STATE_FAILED:
      return "dialog-warning-symbolic";
    case EXPLORER_SERVICE_STATE_IDLE:
    default:
      break;
    }

  switch (explorer_service_get_probe_state (service))
    {
    case EXPLORER_PROBE_PROBING:
      return "content-loading-symbolic";
    case EXPLORER_PROBE_ANSWERS:
      return "emblem-ok-symbolic";
    case EXPLORER_PROBE_NO_INTROSPECTION:
      return "dialog-information-symbolic";
    case EXPLORER_PROBE_PERMISSION_DENIED:
    case EXPLORER_PROBE_NEEDS_ROOT:
      return "changes-prevent-symbolic";
    case EXPLORER_PROBE_NOT_ANSWERING:
    case EXPLORER_PROBE_UNREACHABLE:
      return "dialog-warning-symbolic";
    case EXPLORER_PROBE_NONE:
    default:
      return NULL;
    }
}

typedef struct
{
  GtkWidget *row;
  GtkWidget *image;
  GtkWidget *subtitle;
} RowWidgets;

static void
update_row (ExplorerService *service,
            GParamSpec      *pspec,
            GtkWidget       *row)
{
  RowWidgets *widgets = g_object_get_data (G_OBJECT (row), "explorer-row-widgets");
  g_autofree char *text = explorer_sidebar_dup_state_text (service);
  const char *icon_name = state_icon_name (service);
  gboolean spawns = explorer_service_spawns (service);

  gtk_image_set_from_icon_name (GTK_IMAGE (widgets->image), icon_name);
  gtk_widget_set_visible (widgets->image, icon_name != NULL);
  gtk_widget_set_tooltip_text (widgets->image, text);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widgets->image),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, text ? text : "",
                                  -1);
  gtk_accessible_update_property (GTK_ACCESSIBLE (widgets->row),
                                  GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, text ? text : "",
                                  -1);

  /* A program's command line says little; until it runs, the row says what opening does. */
  if (spawns && explorer_service_get_state (service) == EXPLORER_SERVICE_STATE_IDLE)
    gtk_label_set_text (GTK_LABEL (widgets->subtitle), text);
  else
    gtk_label_set_text (GTK_LABEL (widgets->subtitle), explorer_service_get_address (service));
}

static void
on_remove_clicked (GtkButton       *button,
                   ExplorerSidebar *self)
{
  ExplorerService *service = g_object_get_data (G_OBJECT (button), SERVICE_KEY);

  explorer_discovery_remove_saved (self->discovery, explorer_service_get_address (service));
}

static void
on_bookmark_toggled (GtkToggleButton *button,
                     ExplorerSidebar *self)
{
  ExplorerService *service = g_object_get_data (G_OBJECT (button), SERVICE_KEY);
  gboolean active = gtk_toggle_button_get_active (button);

  gtk_button_set_icon_name (GTK_BUTTON (button),
                            active ? "starred-symbolic" : "non-starred-symbolic");
  explorer_discovery_set_bookmarked (self->discovery, explorer_service_get_address (service),
                                     active);
}

static GtkWidget *
create_row (gpointer item,
            gpointer user_data)
{
  Section *section = user_data;
  ExplorerSidebar *self = section->self;
  ExplorerService *service = item;
  const char *address = explorer_service_get_address (service);
  GtkWidget *row, *box, *labels, *title, *subtitle, *image;
  RowWidgets *widgets;

  row = gtk_list_box_row_new ();
  g_object_set_data_full (G_OBJECT (row), SERVICE_KEY, g_object_ref (service), g_object_unref);
  gtk_widget_set_tooltip_text (row, address);

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);

  labels = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (labels, TRUE);
  gtk_box_append (GTK_BOX (box), labels);

  title = gtk_label_new (explorer_service_get_title (service));
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_ellipsize (GTK_LABEL (title),
                           g_strcmp0 (explorer_service_get_title (service), address) == 0
                           ? PANGO_ELLIPSIZE_START : PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (labels), title);

  subtitle = gtk_label_new (NULL);
  gtk_label_set_xalign (GTK_LABEL (subtitle), 0);
  gtk_label_set_ellipsize (GTK_LABEL (subtitle), PANGO_ELLIPSIZE_START);
  gtk_widget_add_css_class (subtitle, "caption");
  gtk_widget_add_css_class (subtitle, "dim-label");
  gtk_box_append (GTK_BOX (labels), subtitle);

  /* The title already is the address: the second line would repeat it. */
  gtk_widget_set_visible (subtitle, g_strcmp0 (explorer_service_get_title (service), address) != 0 ||
                                    explorer_service_spawns (service));

  image = gtk_image_new ();
  gtk_widget_set_valign (image, GTK_ALIGN_CENTER);
  gtk_box_append (GTK_BOX (box), image);

  if (section->section == EXPLORER_DISCOVERY_SAVED)
    {
      GtkWidget *bookmark, *remove;
      gboolean bookmarked = explorer_discovery_is_bookmarked (self->discovery, address);

      bookmark = gtk_toggle_button_new ();
      gtk_button_set_icon_name (GTK_BUTTON (bookmark),
                                bookmarked ? "starred-symbolic" : "non-starred-symbolic");
      gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (bookmark), bookmarked);
      gtk_widget_set_valign (bookmark, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (bookmark, "flat");
      gtk_widget_set_tooltip_text (bookmark, _("Bookmark"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (bookmark),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Bookmark"), -1);
      g_object_set_data_full (G_OBJECT (bookmark), SERVICE_KEY, g_object_ref (service),
                              g_object_unref);
      g_signal_connect_object (bookmark, "toggled", G_CALLBACK (on_bookmark_toggled), self, 0);
      gtk_box_append (GTK_BOX (box), bookmark);

      remove = gtk_button_new_from_icon_name ("window-close-symbolic");
      gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (remove, "flat");
      gtk_widget_set_tooltip_text (remove, _("Remove From the List"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (remove),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, _("Remove from the list"),
                                      -1);
      g_object_set_data_full (G_OBJECT (remove), SERVICE_KEY, g_object_ref (service),
                              g_object_unref);
      g_signal_connect_object (remove, "clicked", G_CALLBACK (on_remove_clicked), self, 0);
      gtk_box_append (GTK_BOX (box), remove);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  explorer_service_get_title (service), -1);

  widgets = g_new0 (RowWidgets, 1);
  widgets->row = row;
  widgets->image = image;
  widgets->subtitle = subtitle;
  g_object_set_data_full (G_OBJECT (row), "explorer-row-widgets", widgets, g_free);
  g_signal_connect_object (service, "notify::state", G_CALLBACK (update_row), row, 0);
  g_signal_connect_object (service, "notify::probe-state", G_CALLBACK (update_row), row, 0);
  update_row (service, NULL, row);

  return row;
}

static void
update_section_visibility (Section *section)
{
  GListModel *model = explorer_discovery_get_section (section->self->discovery, section->section);
  gboolean empty = g_list_model_get_n_items (model) == 0;

  /* Saved stays, with a word on how it fills; the others only show what they found. */
  if (section->section == EXPLORER_DISCOVERY_SAVED)
    {
      gtk_widget_set_visible (section->placeholder, empty);
      gtk_widget_set_visible (GTK_WIDGET (section->list), !empty);
      return;
    }

  gtk_widget_set_visible (section->heading, !empty);
  gtk_widget_set_visible (GTK_WIDGET (section->list), !empty);
}

static void
on_section_changed (GListModel *model,
                    guint       position,
                    guint       removed,
                    guint       added,
                    Section    *section)
{
  ExplorerSidebar *self = section->self;

  update_section_visibility (section);

  /* Rebuilding rows loses the selection: the chosen service keeps its row highlighted. */
  if (self->service != NULL && gtk_list_box_get_selected_row (section->list) == NULL)
    {
      GtkWidget *row = explorer_sidebar_get_row (self, self->service);

      if (row != NULL && gtk_widget_get_ancestor (row, GTK_TYPE_LIST_BOX) ==
          GTK_WIDGET (section->list))
        {
          self->selecting = TRUE;
          gtk_list_box_select_row (section->list, GTK_LIST_BOX_ROW (row));
          self->selecting = FALSE;
        }
    }
}

static void
on_resolved (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(ExplorerSidebar) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *address = NULL;

  address = explorer_discovery_resolve_finish (EXPLORER_DISCOVERY (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;

  if (address == NULL)
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
      g_autofree char *escaped = g_markup_escape_text (error->message, -1);

      if (overlay != NULL)
        adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
      return;
    }

  explorer_sidebar_open_address (self, address);
}

static void
on_row_selected (GtkListBox    *list,
                 GtkListBoxRow *row,
                 Section       *section)
{
  ExplorerSidebar *self = section->self;
  ExplorerService *service;

  if (row == NULL || self->selecting)
    return;

  /* One selection across the sections. */
  for (guint i = 0; i < EXPLORER_DISCOVERY_N_SECTIONS; i++)
    {
      if (self->sections[i].list != list)
        gtk_list_box_unselect_all (self->sections[i].list);
    }

  service = g_object_get_data (G_OBJECT (row), SERVICE_KEY);

  if (explorer_discovery_get_resolver_interface (service) != NULL)
    {
      g_cancellable_cancel (self->resolving);
      g_clear_object (&self->resolving);
      self->resolving = g_cancellable_new ();
      explorer_discovery_resolve_async (self->discovery, service, self->resolving,
                                        on_resolved, g_object_ref (self));
      return;
    }

  explorer_sidebar_choose (self, service);
}

static void
on_row_activated (GtkListBox    *list,
                  GtkListBoxRow *row,
                  Section       *section)
{
  ExplorerSidebar *self = section->self;
  ExplorerService *service = g_object_get_data (G_OBJECT (row), SERVICE_KEY);

  /* Activating the chosen row again retries it (a failed service, a stopped one). */
  if (service == self->service)
    explorer_sidebar_choose (self, service);
}

static void
explorer_sidebar_choose (ExplorerSidebar *self,
                         ExplorerService *service)
{
  if (g_set_object (&self->service, service))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SERVICE]);

  g_signal_emit (self, signals[SERVICE_CHOSEN], 0, service);
}

static void
on_refresh_clicked (ExplorerSidebar *self)
{
  explorer_discovery_refresh (self->discovery);
}

static void
on_address_changed (ExplorerSidebar *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
}

static void
on_address_apply (ExplorerSidebar *self)
{
  const char *typed = gtk_editable_get_text (GTK_EDITABLE (self->address_row));
  g_autofree char *text = g_strstrip (g_strdup (typed));
  g_autoptr(VarlinkAddress) address = NULL;
  g_autoptr(GError) error = NULL;

  if (*text == '\0')
    return;

  address = varlink_address_parse (text, &error);
  if (address == NULL)
    {
      GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
      if (overlay != NULL)
        {
          /* A toast's title is markup, and the message may quote what was typed. */
          g_autofree char *escaped = g_markup_escape_text (error->message, -1);

          adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), adw_toast_new (escaped));
        }
      return;
    }

  explorer_sidebar_open_address (self, varlink_address_to_string (address));
  gtk_editable_set_text (GTK_EDITABLE (self->address_row), "");
}

static void
explorer_sidebar_dispose (GObject *object)
{
  ExplorerSidebar *self = EXPLORER_SIDEBAR (object);
  GtkWidget *child;

  g_cancellable_cancel (self->resolving);
  g_clear_object (&self->resolving);

  for (guint i = 0; i < EXPLORER_DISCOVERY_N_SECTIONS; i++)
    {
      if (self->discovery != NULL)
        g_signal_handlers_disconnect_by_data (explorer_discovery_get_section (self->discovery, i),
                                              &self->sections[i]);
      /* The lists unselect their rows while they are destroyed: nothing to choose by then. */
      if (self->sections[i].list != NULL)
        g_signal_handlers_disconnect_by_data (self->sections[i].list, &self->sections[i]);
    }

  gtk_widget_dispose_template (GTK_WIDGET (self), EXPLORER_TYPE_SIDEBAR);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self))) != NULL)
    gtk_widget_unparent (child);

  g_clear_object (&self->service);
  g_clear_object (&self->discovery);

  G_OBJECT_CLASS (explorer_sidebar_parent_class)->dispose (object);
}

static void
explorer_sidebar_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  ExplorerSidebar *self = EXPLORER_SIDEBAR (object);

  switch (prop_id)
    {
    case PROP_SERVICE:
      g_value_set_object (value, self->service);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
explorer_sidebar_class_init (ExplorerSidebarClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = explorer_sidebar_dispose;
  object_class->get_property = explorer_sidebar_get_property;

  properties[PROP_SERVICE] =
    g_param_spec_object ("service", NULL, NULL, EXPLORER_TYPE_SERVICE,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[SERVICE_CHOSEN] =
    g_signal_new ("service-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, EXPLORER_TYPE_SERVICE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/varlinkexplorer/"
                                               "VarlinkExplorer/explorer-sidebar.ui");
  gtk_widget_class_bind_template_child (widget_class, ExplorerSidebar, refresh_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerSidebar, sections_box);
  gtk_widget_class_bind_template_child (widget_class, ExplorerSidebar, address_row);
  gtk_widget_class_bind_template_callback (widget_class, on_refresh_clicked);
  gtk_widget_class_bind_template_callback (widget_class, on_address_apply);
  gtk_widget_class_bind_template_callback (widget_class, on_address_changed);

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_GROUP);
}

static void
explorer_sidebar_init (ExplorerSidebar *self)
{
  static const ExplorerDiscoverySection order[] = {
    EXPLORER_DISCOVERY_DEMO,
    EXPLORER_DISCOVERY_REGISTRY,
    EXPLORER_DISCOVERY_SYSTEMD,
    EXPLORER_DISCOVERY_RESOLVER,
    EXPLORER_DISCOVERY_SAVED,
  };

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  self->discovery = explorer_discovery_new ();

  for (guint i = 0; i < G_N_ELEMENTS (order); i++)
    {
      Section *section = &self->sections[order[i]];
      const char *title = explorer_discovery_section_title (order[i]);
      GListModel *model = explorer_discovery_get_section (self->discovery, order[i]);

      section->self = self;
      section->section = order[i];

      section->heading = gtk_label_new (title);
      gtk_label_set_xalign (GTK_LABEL (section->heading), 0);
      gtk_widget_set_margin_start (section->heading, 18);
      gtk_widget_set_margin_end (section->heading, 18);
      gtk_widget_set_margin_top (section->heading, i == 0 ? 6 : 12);
      gtk_widget_set_margin_bottom (section->heading, 3);
      gtk_widget_add_css_class (section->heading, "caption-heading");
      gtk_widget_add_css_class (section->heading, "dim-label");
      gtk_box_append (self->sections_box, section->heading);

      section->list = GTK_LIST_BOX (gtk_list_box_new ());
      gtk_list_box_set_selection_mode (section->list, GTK_SELECTION_SINGLE);
      gtk_widget_add_css_class (GTK_WIDGET (section->list), "navigation-sidebar");
      gtk_accessible_update_property (GTK_ACCESSIBLE (section->list),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      gtk_list_box_bind_model (section->list, model, create_row, section, NULL);
      g_signal_connect (section->list, "row-selected", G_CALLBACK (on_row_selected), section);
      g_signal_connect (section->list, "row-activated", G_CALLBACK (on_row_activated), section);
      gtk_box_append (self->sections_box, GTK_WIDGET (section->list));

      if (order[i] == EXPLORER_DISCOVERY_SAVED)
        {
          section->placeholder = gtk_label_new (_("Addresses you open are listed here."));
          gtk_label_set_xalign (GTK_LABEL (section->placeholder), 0);
          gtk_label_set_wrap (GTK_LABEL (section->placeholder), TRUE);
          gtk_widget_set_margin_start (section->placeholder, 18);
          gtk_widget_set_margin_end (section->placeholder, 18);
          gtk_widget_add_css_class (section->placeholder, "caption");
          gtk_widget_add_css_class (section->placeholder, "dim-label");
          gtk_box_append (self->sections_box, section->placeholder);
        }

      g_signal_connect (model, "items-changed", G_CALLBACK (on_section_changed), section);
      update_section_visibility (section);
    }
}

GtkWidget *
explorer_sidebar_new (void)
{
  return g_object_new (EXPLORER_TYPE_SIDEBAR, NULL);
}

ExplorerDiscovery *
explorer_sidebar_get_discovery (ExplorerSidebar *self)
{
  g_return_val_if_fail (EXPLORER_IS_SIDEBAR (self), NULL);

  return self->discovery;
}

ExplorerService *
explorer_sidebar_get_service (ExplorerSidebar *self)
{
  g_return_val_if_fail (EXPLORER_IS_SIDEBAR (self), NULL);

  return self->service;
}

GtkWidget *
explorer_sidebar_get_row (ExplorerSidebar *self,
                          ExplorerService *service)
{
  g_return_val_if_fail (EXPLORER_IS_SIDEBAR (self), NULL);
  g_return_val_if_fail (EXPLORER_IS_SERVICE (service), NULL);

  for (guint i = 0; i < EXPLORER_DISCOVERY_N_SECTIONS; i++)
    {
      GListModel *model = explorer_discovery_get_section (self->discovery, i);

      for (guint j = 0; j < g_list_model_get_n_items (model); j++)
        {
          g_autoptr(ExplorerService) item = g_list_model_get_item (model, j);

          if (item == service)
            return GTK_WIDGET (gtk_list_box_get_row_at_index (self->sections[i].list, j));
        }
    }

  return NULL;
}

static void
explorer_sidebar_select (ExplorerSidebar *self,
                         ExplorerService *service)
{
  GtkWidget *row = explorer_sidebar_get_row (self, service);
  GtkWidget *list;

  if (row == NULL)
    {
      explorer_sidebar_choose (self, service);
      return;
    }

  list = gtk_widget_get_ancestor (row, GTK_TYPE_LIST_BOX);
  if (gtk_list_box_get_selected_row (GTK_LIST_BOX (list)) == GTK_LIST_BOX_ROW (row))
    explorer_sidebar_choose (self, service);
  else
    gtk_list_box_select_row (GTK_LIST_BOX (list), GTK_LIST_BOX_ROW (row));
}

static gboolean
explorer_sidebar_is_saved (ExplorerSidebar *self,
                           ExplorerService *service)
{
  GListModel *model = explorer_discovery_get_section (self->discovery, EXPLORER_DISCOVERY_SAVED);

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(ExplorerService) item = g_list_model_get_item (model, i);

      if (item == service)
        return TRUE;
    }

  return FALSE;
}

void
explorer_sidebar_open_address (ExplorerSidebar *self,
                               const char      *address)
{
  g_autoptr(VarlinkAddress) parsed = NULL;
  ExplorerService *service;

  g_return_if_fail (EXPLORER_IS_SIDEBAR (self));
  g_return_if_fail (address != NULL);

  /* One sidebar entry per service however its address is spelled. */
  parsed = varlink_address_parse (address, NULL);
  if (parsed != NULL)
    address = varlink_address_to_string (parsed);

  /* A discovered service is chosen where it is; any other address joins (or moves to the top
   * of) the recent ones. */
  service = explorer_discovery_lookup (self->discovery, address);
  if (service == NULL || explorer_sidebar_is_saved (self, service))
    service = explorer_discovery_add_recent (self->discovery, address);

  g_return_if_fail (service != NULL);
  explorer_sidebar_select (self, service);
}

void
explorer_sidebar_open_demo (ExplorerSidebar *self)
{
  GListModel *model;
  g_autoptr(ExplorerService) demo = NULL;

  g_return_if_fail (EXPLORER_IS_SIDEBAR (self));

  model = explorer_discovery_get_section (self->discovery, EXPLORER_DISCOVERY_DEMO);
  demo = g_list_model_get_item (model, 0);
  explorer_sidebar_select (self, demo);
}

void
explorer_sidebar_set_timeout (ExplorerSidebar *self,
                              guint            timeout_ms)
{
  g_return_if_fail (EXPLORER_IS_SIDEBAR (self));

  explorer_discovery_set_timeout (self->discovery, timeout_ms);
}

void
explorer_sidebar_focus_address (ExplorerSidebar *self)
{
  g_return_if_fail (EXPLORER_IS_SIDEBAR (self));

  gtk_widget_grab_focus (GTK_WIDGET (self->address_row));
}

gboolean
explorer_sidebar_address_has_focus (ExplorerSidebar *self)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_val_if_fail (EXPLORER_IS_SIDEBAR (self), FALSE);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;

  return focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (self->address_row));
}
