/* explorer-service-page.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "explorer-a11y.h"
#include "explorer-call-page.h"
#include "explorer-service-page.h"

/* More hits than this say nothing a narrower search would not say better. */
#define MAX_RESULTS 300

typedef struct
{
  char             *key;     /* case-folded text to match */
  char             *where;   /* "interface › Member › input › field.path" */
  ExplorerTreeItem *target;
} SearchEntry;

struct _ExplorerServicePage
{
  AdwBin              parent_instance;

  /* template children */
  GtkStack           *stack;
  GtkSpinner         *spinner;
  AdwStatusPage      *error_page;
  GtkWidget          *admin_button;
  GtkWidget          *attach_button;
  GtkWidget          *retry_button;
  AdwStatusPage      *invalid_file_page;
  GtkWidget          *facts_grid;
  GtkLabel           *vendor_label;
  GtkLabel           *product_label;
  GtkLabel           *version_label;
  GtkLabel           *url_label;
  GtkLabel           *file_label;
  GtkWidget          *no_introspection_box;
  GtkLabel           *no_introspection_label;
  GtkSearchEntry     *search_entry;
  GtkStack           *tree_stack;
  GtkListView        *tree_view;
  GtkListView        *results_view;

  ExplorerService    *service;
  /* The interfaces shown: the service's, or the one of a file opened on its own. */
  GListModel         *interfaces;
  GFile              *file;
  GCancellable       *file_cancellable;
  GtkSingleSelection *selection;
  GtkSingleSelection *results_selection;
  GListStore         *results;
  GArray             *index;        /* SearchEntry, built on the first search */
  gboolean            index_valid;
};

G_DEFINE_FINAL_TYPE (ExplorerServicePage, explorer_service_page, ADW_TYPE_BIN)

enum {
  SHOW_ITEM,
  SHOW_SOURCE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void explorer_service_page_sync (ExplorerServicePage *self);

/* --- search index ------------------------------------------------------------------------ */

static void
search_entry_clear (gpointer data)
{
  SearchEntry *entry = data;

  g_free (entry->key);
  g_free (entry->where);
  g_clear_object (&entry->target);
}

static void
index_add (ExplorerServicePage *self,
           const char          *text,
           ExplorerTreeItem    *target,
           const char          *where)
{
  SearchEntry entry;

  if (text == NULL || *text == '\0')
    return;

  entry.key = g_utf8_casefold (text, -1);
  entry.where = g_strdup (where);
  entry.target = g_object_ref (target);
  g_array_append_val (self->index, entry);
}

/* Fields of anonymous structs and enums, however deep, as "a.b.c"; named types have their
 * own entries and are not followed (they may be recursive). */
static void
index_type (ExplorerServicePage *self,
            const VarlinkType   *type,
            ExplorerTreeItem    *target,
            const char          *prefix,
            const char          *path)
{
  VarlinkTypeKind kind;

  if (type == NULL)
    return;

  kind = varlink_type_get_kind (type);

  if (kind == VARLINK_TYPE_KIND_ARRAY || kind == VARLINK_TYPE_KIND_MAP ||
      kind == VARLINK_TYPE_KIND_NULLABLE)
    {
      index_type (self, varlink_type_get_element (type), target, prefix, path);
      return;
    }

  if (kind != VARLINK_TYPE_KIND_STRUCT && kind != VARLINK_TYPE_KIND_ENUM)
    return;

  for (guint i = 0; i < varlink_type_get_n_fields (type); i++)
    {
      const VarlinkField *field = varlink_type_get_field (type, i);
      const char *name = varlink_field_get_name (field);
      g_autofree char *field_path = path ? g_strconcat (path, ".", name, NULL) : g_strdup (name);
      g_autofree char *where = g_strconcat (prefix, " › ", field_path, NULL);
      g_autofree char *doc_where = NULL;

      index_add (self, name, target, where);
      if (varlink_field_get_doc (field) != NULL)
        {
          /* Translators: where a search hit is: in the documentation of a field */
          doc_where = g_strdup_printf (_("%s (documentation)"), where);
          index_add (self, varlink_field_get_doc (field), target, doc_where);
        }

      index_type (self, varlink_field_get_type (field), target, prefix, field_path);
    }
}

static void
index_member (ExplorerServicePage *self,
              ExplorerTreeItem    *item,
              const char          *interface_name)
{
  VarlinkMember *member = explorer_tree_item_get_member (item);
  g_autofree char *where = g_strconcat (interface_name, " › ",
                                        varlink_member_get_name (member), NULL);
  g_autofree char *doc_where = NULL;

  index_add (self, varlink_member_get_name (member), item, where);
  /* Translators: where a search hit is: in the documentation of a member */
  doc_where = g_strdup_printf (_("%s (documentation)"), where);
  index_add (self, varlink_member_get_doc (member), item, doc_where);

  switch (varlink_member_get_kind (member))
    {
    case VARLINK_MEMBER_KIND_METHOD:
      {
        /* Translators: the input parameters of a method, in a search hit's place */
        g_autofree char *input = g_strconcat (where, " › ", _("input"), NULL);
        /* Translators: the output parameters of a method, in a search hit's place */
        g_autofree char *output = g_strconcat (where, " › ", _("output"), NULL);

        index_type (self, varlink_member_get_input (member), item, input, NULL);
        index_type (self, varlink_member_get_output (member), item, output, NULL);
      }
      break;

    case VARLINK_MEMBER_KIND_TYPE:
    case VARLINK_MEMBER_KIND_ERROR:
    default:
      index_type (self, varlink_member_get_definition (member), item, where, NULL);
      break;
    }
}

static void
ensure_index (ExplorerServicePage *self)
{
  guint n;

  if (self->index_valid)
    return;

  g_array_set_size (self->index, 0);
  self->index_valid = TRUE;

  if (self->interfaces == NULL)
    return;

  n = g_list_model_get_n_items (self->interfaces);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(ExplorerTreeItem) item = g_list_model_get_item (self->interfaces, i);
      GListModel *children = explorer_tree_item_get_children (item);
      const char *name = explorer_tree_item_get_title (item);
      VarlinkInterface *interface = explorer_tree_item_get_interface (item);
      g_autofree char *doc_where = NULL;

      index_add (self, name, item, name);
      if (interface != NULL)
        {
          doc_where = g_strdup_printf (_("%s (documentation)"), name);
          index_add (self, varlink_interface_get_doc (interface), item, doc_where);
        }

      for (guint j = 0; children != NULL && j < g_list_model_get_n_items (children); j++)
        {
          g_autoptr(ExplorerTreeItem) child = g_list_model_get_item (children, j);

          if (explorer_tree_item_get_kind (child) == EXPLORER_TREE_ITEM_MEMBER)
            index_member (self, child, name);
        }
    }
}

static void
invalidate_index (ExplorerServicePage *self)
{
  self->index_valid = FALSE;
}

static void
run_search (ExplorerServicePage *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));
  g_autofree char *query = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autoptr(GHashTable) seen = NULL;

  if (*stripped == '\0')
    {
      g_list_store_remove_all (self->results);
      gtk_stack_set_visible_child_name (self->tree_stack, "tree");
      return;
    }

  ensure_index (self);
  query = g_utf8_casefold (stripped, -1);
  hits = g_ptr_array_new_with_free_func (g_object_unref);
  seen = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->index->len && hits->len < MAX_RESULTS; i++)
    {
      SearchEntry *entry = &g_array_index (self->index, SearchEntry, i);

      /* One row per place, even when its name and its documentation both match. */
      if (strstr (entry->key, query) == NULL || g_hash_table_contains (seen, entry->where))
        continue;

      g_hash_table_add (seen, entry->where);
      g_ptr_array_add (hits, explorer_tree_item_new_hit (entry->target, entry->where));
    }

  g_list_store_splice (self->results, 0, g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                       hits->pdata, hits->len);
  gtk_stack_set_visible_child_name (self->tree_stack, hits->len > 0 ? "results" : "no-results");
}

static void
on_search_changed (ExplorerServicePage *self)
{
  run_search (self);
}

static void
on_stop_search (ExplorerServicePage *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
}

static void
on_search_activate (ExplorerServicePage *self)
{
  if (g_list_model_get_n_items (G_LIST_MODEL (self->results)) > 0)
    explorer_service_page_activate_result (self, 0);
}

/* Down from the search field goes into the hits, as in other GNOME search lists. */
static gboolean
on_search_key_pressed (GtkEventControllerKey *controller,
                       guint                  keyval,
                       guint                  keycode,
                       GdkModifierType        state,
                       ExplorerServicePage   *self)
{
  if ((keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down) ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->tree_stack), "results") != 0)
    return GDK_EVENT_PROPAGATE;

  return gtk_widget_child_focus (GTK_WIDGET (self->results_view), GTK_DIR_TAB_FORWARD);
}

static void
on_result_activate (GtkListView         *view,
                    guint                position,
                    ExplorerServicePage *self)
{
  explorer_service_page_activate_result (self, position);
}

/* --- tree -------------------------------------------------------------------------------- */

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

static gboolean
is_from_file (ExplorerServicePage *self,
              ExplorerTreeItem    *item)
{
  if (explorer_tree_item_get_kind (item) != EXPLORER_TREE_ITEM_INTERFACE)
    return FALSE;

  /* Without introspection, every interface shown was attached from a file. */
  return explorer_tree_item_get_file (item) != NULL ||
         (self->service != NULL &&
          explorer_service_get_state (self->service) == EXPLORER_SERVICE_STATE_NO_INTROSPECTION);
}

static void
on_detach_clicked (GtkButton           *button,
                   ExplorerServicePage *self)
{
  const char *name = g_object_get_data (G_OBJECT (button), "interface-name");

  if (self->service != NULL && name != NULL)
    explorer_service_detach_interface (self->service, name);
}

static void
setup_row (GtkSignalListItemFactory *factory,
           GtkListItem              *list_item,
           ExplorerServicePage      *self)
{
  GtkWidget *expander, *row, *box, *title, *subtitle, *badge, *detach;

  expander = gtk_tree_expander_new ();
  row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_valign (box, GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (box, TRUE);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_box_append (GTK_BOX (row), box);

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

  /* Translators: a badge on an interface read from a local file, not from the service */
  badge = gtk_label_new (_("from file"));
  gtk_widget_add_css_class (badge, "caption");
  gtk_widget_add_css_class (badge, "dim-label");
  gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
  gtk_widget_set_visible (badge, FALSE);
  gtk_box_append (GTK_BOX (row), badge);

  detach = gtk_button_new_from_icon_name ("edit-delete-symbolic");
  gtk_widget_add_css_class (detach, "flat");
  gtk_widget_set_valign (detach, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (detach, _("Detach Interface File"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (detach),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, _("Detach interface file"),
                                  -1);
  gtk_widget_set_visible (detach, FALSE);
  g_signal_connect_object (detach, "clicked", G_CALLBACK (on_detach_clicked), self, 0);
  gtk_box_append (GTK_BOX (row), detach);

  gtk_tree_expander_set_child (GTK_TREE_EXPANDER (expander), row);
  gtk_list_item_set_child (list_item, expander);
}

/* GTK 4.8 names neither a list view's row nor a tree expander after what they show (the
 * expander is labelled by its child, which has no name of its own): a screen reader would
 * read an empty row. Both take the title, and the summary as their description. */
static void
name_row (GtkListItem *list_item,
          GtkWidget   *row,
          const char  *title,
          const char  *summary)
{
  GtkWidget *list_row = gtk_widget_get_parent (gtk_list_item_get_child (list_item));
  GtkAccessible *named[] = {
    GTK_ACCESSIBLE (row),
    list_row != NULL ? GTK_ACCESSIBLE (list_row) : NULL,
  };

  for (guint i = 0; i < G_N_ELEMENTS (named); i++)
    {
      if (named[i] == NULL)
        continue;
      gtk_accessible_update_property (named[i], GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
      if (summary != NULL)
        gtk_accessible_update_property (named[i], GTK_ACCESSIBLE_PROPERTY_DESCRIPTION, summary, -1);
      else
        gtk_accessible_reset_property (named[i], GTK_ACCESSIBLE_PROPERTY_DESCRIPTION);
    }
}

static void
bind_row (GtkSignalListItemFactory *factory,
          GtkListItem              *list_item,
          ExplorerServicePage      *self)
{
  gpointer object = gtk_list_item_get_item (list_item);
  GtkTreeListRow *tree_row = GTK_IS_TREE_LIST_ROW (object) ? object : NULL;
  ExplorerTreeItem *item = tree_row ? gtk_tree_list_row_get_item (tree_row) : object;
  GtkWidget *expander = gtk_list_item_get_child (list_item);
  GtkWidget *row = gtk_tree_expander_get_child (GTK_TREE_EXPANDER (expander));
  GtkWidget *box = gtk_widget_get_first_child (row);
  GtkWidget *badge = gtk_widget_get_next_sibling (box);
  GtkWidget *detach = gtk_widget_get_next_sibling (badge);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *subtitle = gtk_widget_get_next_sibling (title);
  ExplorerTreeItemKind kind = explorer_tree_item_get_kind (item);
  const char *summary = explorer_tree_item_get_subtitle (item);
  const char *section_classes[] = { "caption-heading", "dim-label", NULL };
  const char *interface_classes[] = { "heading", NULL };
  const char *member_classes[] = { "monospace", NULL };
  gboolean from_file = tree_row != NULL && is_from_file (self, item);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), tree_row);
  gtk_label_set_text (GTK_LABEL (title), explorer_tree_item_get_title (item));
  gtk_label_set_text (GTK_LABEL (subtitle), summary);
  gtk_widget_set_visible (subtitle, summary != NULL && kind != EXPLORER_TREE_ITEM_SECTION);
  gtk_widget_set_tooltip_text (subtitle, summary);
  name_row (list_item, row, explorer_tree_item_get_title (item), summary);

  gtk_widget_set_visible (badge, from_file);
  gtk_widget_set_visible (detach, from_file && self->service != NULL);
  g_object_set_data_full (G_OBJECT (detach), "interface-name",
                          g_strdup (explorer_tree_item_get_title (item)), g_free);

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
unbind_row (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            ExplorerServicePage      *self)
{
  GtkWidget *expander = gtk_list_item_get_child (list_item);

  gtk_tree_expander_set_list_row (GTK_TREE_EXPANDER (expander), NULL);
}

static void
on_selection_changed (GtkSingleSelection  *selection,
                      GParamSpec          *pspec,
                      ExplorerServicePage *self)
{
  GtkTreeListRow *row = gtk_single_selection_get_selected_item (selection);

  g_signal_emit (self, signals[SHOW_ITEM], 0,
                 row ? gtk_tree_list_row_get_item (row) : NULL, FALSE);
}

static void
on_tree_activate (GtkListView         *view,
                  guint                position,
                  ExplorerServicePage *self)
{
  g_autoptr(GtkTreeListRow) row = g_list_model_get_item (G_LIST_MODEL (self->selection), position);

  if (row == NULL)
    return;

  if (gtk_tree_list_row_is_expandable (row))
    gtk_tree_list_row_set_expanded (row, !gtk_tree_list_row_get_expanded (row));
  else
    g_signal_emit (self, signals[SHOW_ITEM], 0, gtk_tree_list_row_get_item (row), TRUE);
}

static void
on_interfaces_changed (ExplorerServicePage *self)
{
  invalidate_index (self);
  explorer_service_page_sync (self);
}

static void
set_interfaces (ExplorerServicePage *self,
                GListModel          *interfaces)
{
  g_autoptr(GtkTreeListModel) tree = NULL;

  if (self->interfaces == interfaces)
    return;

  if (self->interfaces != NULL)
    g_signal_handlers_disconnect_by_func (self->interfaces, on_interfaces_changed, self);

  g_set_object (&self->interfaces, interfaces);
  invalidate_index (self);

  if (interfaces != NULL)
    {
      g_signal_connect_object (interfaces, "items-changed",
                               G_CALLBACK (on_interfaces_changed), self, G_CONNECT_SWAPPED);
      tree = gtk_tree_list_model_new (g_object_ref (interfaces), FALSE, FALSE,
                                      create_tree_children, NULL, NULL);
    }

  gtk_single_selection_set_model (self->selection, G_LIST_MODEL (tree));
  run_search (self);
}

/* --- state ------------------------------------------------------------------------------- */

static void
set_fact (GtkLabel   *label,
          const char *value)
{
  gtk_label_set_text (label, value && *value ? value : "—");
}

static void
set_url (GtkLabel   *label,
         const char *url)
{
  g_autofree char *escaped = NULL;
  g_autofree char *markup = NULL;

  if (url == NULL || *url == '\0')
    {
      gtk_label_set_text (label, "—");
      return;
    }

  /* Only web addresses become links; whatever else a service says stays text. */
  escaped = g_markup_escape_text (url, -1);
  if (g_str_has_prefix (url, "https://") || g_str_has_prefix (url, "http://"))
    markup = g_strdup_printf ("<a href=\"%s\">%s</a>", escaped, escaped);
  gtk_label_set_markup (label, markup ? markup : escaped);
  gtk_widget_set_tooltip_text (GTK_WIDGET (label), url);
}

static void
show_page (ExplorerServicePage *self,
           const char          *name)
{
  if (g_strcmp0 (name, "loading") == 0)
    gtk_spinner_start (self->spinner);
  else
    gtk_spinner_stop (self->spinner);

  gtk_stack_set_visible_child_name (self->stack, name);
}

static void
explorer_service_page_sync (ExplorerServicePage *self)
{
  ExplorerServiceState state;
  g_autofree char *escaped = NULL;
  g_autofree char *admin_address = NULL;
  gboolean has_interfaces;

  if (self->service == NULL)
    {
      if (self->file == NULL)
        {
          set_interfaces (self, NULL);
          show_page (self, "empty");
        }
      return;
    }

  state = explorer_service_get_state (self->service);
  has_interfaces = g_list_model_get_n_items (explorer_service_get_interfaces (self->service)) > 0;

  gtk_widget_set_visible (self->facts_grid, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->file_label), FALSE);
  gtk_widget_set_visible (self->no_introspection_box,
                          state == EXPLORER_SERVICE_STATE_NO_INTROSPECTION);

  switch (state)
    {
    case EXPLORER_SERVICE_STATE_IDLE:
    case EXPLORER_SERVICE_STATE_CONNECTING:
      set_interfaces (self, NULL);
      show_page (self, "loading");
      break;

    case EXPLORER_SERVICE_STATE_NO_INTROSPECTION:
    case EXPLORER_SERVICE_STATE_READY:
      if (state == EXPLORER_SERVICE_STATE_READY || has_interfaces)
        {
          const VarlinkInfo *info = explorer_service_get_info (self->service);

          set_fact (self->vendor_label, info ? info->vendor : NULL);
          set_fact (self->product_label, info ? info->product : NULL);
          set_fact (self->version_label, info ? info->version : NULL);
          set_url (self->url_label, info ? info->url : NULL);
          gtk_widget_set_visible (self->facts_grid, info != NULL);
          set_interfaces (self, explorer_service_get_interfaces (self->service));
          show_page (self, "ready");
          break;
        }
      G_GNUC_FALLTHROUGH;

    case EXPLORER_SERVICE_STATE_INVALID_ADDRESS:
    case EXPLORER_SERVICE_STATE_UNREACHABLE:
    case EXPLORER_SERVICE_STATE_NOT_ANSWERING:
    case EXPLORER_SERVICE_STATE_CLOSED:
    case EXPLORER_SERVICE_STATE_FAILED:
    default:
      set_interfaces (self, NULL);
      adw_status_page_set_icon_name (self->error_page,
                                     state == EXPLORER_SERVICE_STATE_NO_INTROSPECTION
                                     ? "dialog-information-symbolic"
                                     : "network-error-symbolic");
      adw_status_page_set_title (self->error_page,
                                 explorer_service_get_error_title (self->service));
      if (state == EXPLORER_SERVICE_STATE_NO_INTROSPECTION)
        escaped = g_markup_escape_text (gtk_label_get_text (self->no_introspection_label), -1);
      else
        /* The details quote what the service or the system said: never markup. */
        escaped = g_markup_escape_text (explorer_service_get_error_details (self->service) ?: "", -1);
      adw_status_page_set_description (self->error_page, escaped);
      gtk_widget_set_visible (self->attach_button,
                              state == EXPLORER_SERVICE_STATE_NO_INTROSPECTION);
      gtk_widget_set_visible (self->retry_button,
                              state != EXPLORER_SERVICE_STATE_NO_INTROSPECTION);
      admin_address = explorer_service_dup_admin_address (self->service);
      gtk_widget_set_visible (self->admin_button,
                              explorer_service_get_refused (self->service) && admin_address != NULL);
      show_page (self, "error");
      break;
    }
}

/* A new row for the same socket, reached through pkexec: the refused one stays as it was. */
static void
open_as_admin (ExplorerServicePage *self)
{
  g_autofree char *address = NULL;

  if (self->service == NULL)
    return;
  address = explorer_service_dup_admin_address (self->service);
  if (address != NULL)
    gtk_widget_activate_action (GTK_WIDGET (self), "win.open-address", "s", address);
}

static void
on_service_state_changed (ExplorerServicePage *self)
{
  explorer_service_page_sync (self);
}

/* Attaching a file to a service without introspection adds its first interface while the
 * page shows the explanation, not the tree: watch the list itself too. */
static void
on_service_interfaces_changed (ExplorerServicePage *self)
{
  invalidate_index (self);
  explorer_service_page_sync (self);
}

static void
disconnect_service (ExplorerServicePage *self)
{
  if (self->service == NULL)
    return;

  g_signal_handlers_disconnect_by_func (self->service, on_service_state_changed, self);
  g_signal_handlers_disconnect_by_func (explorer_service_get_interfaces (self->service),
                                        on_service_interfaces_changed, self);
}

/* --- files ------------------------------------------------------------------------------- */

static void
show_toast (ExplorerServicePage *self,
            const char          *message)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *escaped = NULL;
  AdwToast *toast;

  if (overlay == NULL)
    {
      g_message ("%s", message);
      return;
    }

  /* A toast's title is markup, and messages quote file names and their contents. */
  escaped = g_markup_escape_text (message, -1);
  toast = adw_toast_new (escaped);
  adw_toast_set_timeout (toast, 8);
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static gboolean
has_errors (GPtrArray *diagnostics)
{
  for (guint i = 0; i < diagnostics->len; i++)
    {
      const VarlinkDiagnostic *diagnostic = g_ptr_array_index (diagnostics, i);

      if (!diagnostic->warning)
        return TRUE;
    }

  return FALSE;
}

static void
on_file_loaded (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(ExplorerServicePage) self = user_data;
  GFile *file = G_FILE (source);
  g_autofree char *contents = NULL;
  gsize length;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) diagnostics = NULL;
  g_autoptr(VarlinkInterface) parsed = NULL;
  g_autoptr(GListStore) interfaces = NULL;
  g_autofree char *display = NULL;
  g_autofree char *description = NULL;

  if (!g_file_load_contents_finish (file, result, &contents, &length, NULL, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_autofree char *message = NULL;

          /* Translators: %s is the reason a file could not be read */
          message = g_strdup_printf (_("The file could not be read: %s"), error->message);
          show_toast (self, message);
          if (self->file == file)
            {
              g_clear_object (&self->file);
              explorer_service_page_sync (self);
            }
        }
      return;
    }

  if (self->file != file)
    return;

  diagnostics = varlink_interface_validate (contents, length, VARLINK_PARSE_STRICT);
  display = g_file_get_parse_name (file);
  gtk_label_set_text (self->file_label, display);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->file_label), display);

  if (!has_errors (diagnostics))
    parsed = varlink_interface_new_from_string (contents, length, VARLINK_PARSE_STRICT, NULL);

  if (parsed != NULL)
    {
      g_autoptr(ExplorerTreeItem) item =
        explorer_tree_item_new_interface (varlink_interface_get_name (parsed), parsed, NULL);

      explorer_tree_item_set_file (item, file);
      interfaces = g_list_store_new (EXPLORER_TYPE_TREE_ITEM);
      g_list_store_append (interfaces, item);
      set_interfaces (self, G_LIST_MODEL (interfaces));
      gtk_widget_set_visible (self->facts_grid, FALSE);
      gtk_widget_set_visible (self->no_introspection_box, FALSE);
      gtk_widget_set_visible (GTK_WIDGET (self->file_label), TRUE);
      show_page (self, "ready");
    }
  else
    {
      set_interfaces (self, NULL);
      description = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                  "%s has %u problem, marked in its text and "
                                                  "listed under it.",
                                                  "%s has %u problems, marked in its text and "
                                                  "listed under it.",
                                                  diagnostics->len),
                                     display, diagnostics->len);
      adw_status_page_set_description (self->invalid_file_page, NULL);
      {
        g_autofree char *escaped = g_markup_escape_text (description, -1);

        adw_status_page_set_description (self->invalid_file_page, escaped);
      }
      show_page (self, "invalid-file");
    }

  g_signal_emit (self, signals[SHOW_SOURCE], 0, contents, diagnostics);
}

static void
on_chosen (GtkNativeDialog     *dialog,
           int                  response,
           ExplorerServicePage *self)
{
  gboolean attach = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (dialog), "attach"));
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (dialog));

  gtk_native_dialog_destroy (dialog);
  g_object_unref (dialog);

  if (file == NULL)
    return;

  if (attach && self->service != NULL)
    {
      g_autoptr(GError) error = NULL;

      if (!explorer_service_attach_file (self->service, file, &error))
        show_toast (self, error->message);
    }
  else if (!attach)
    {
      explorer_service_page_open_file (self, file);
    }
}

static void
choose (ExplorerServicePage *self,
        gboolean             attach)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkFileChooserNative *dialog;
  g_autoptr(GtkFileFilter) varlink_filter = gtk_file_filter_new ();
  g_autoptr(GtkFileFilter) all_filter = gtk_file_filter_new ();

  dialog = gtk_file_chooser_native_new (attach ? _("Attach Interface File") : _("Open Interface File"),
                                        GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                        GTK_FILE_CHOOSER_ACTION_OPEN,
                                        attach ? _("_Attach") : _("_Open"),
                                        _("_Cancel"));
  gtk_file_filter_set_name (varlink_filter, _("Varlink interface files"));
  gtk_file_filter_add_pattern (varlink_filter, "*.varlink");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), varlink_filter);
  gtk_file_filter_set_name (all_filter, _("All files"));
  gtk_file_filter_add_pattern (all_filter, "*");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (dialog), all_filter);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (dialog), TRUE);

  g_object_set_data (G_OBJECT (dialog), "attach", GINT_TO_POINTER (attach));
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_chosen), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (dialog));
}

/* --- GObject ----------------------------------------------------------------------------- */

static void
explorer_service_page_dispose (GObject *object)
{
  ExplorerServicePage *self = EXPLORER_SERVICE_PAGE (object);

  g_cancellable_cancel (self->file_cancellable);
  g_clear_object (&self->file_cancellable);

  disconnect_service (self);
  g_clear_object (&self->service);

  if (self->interfaces != NULL)
    g_signal_handlers_disconnect_by_func (self->interfaces, on_interfaces_changed, self);
  g_clear_object (&self->interfaces);

  /* The bin unparents its child itself: let it, before the template forgets it. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EXPLORER_TYPE_SERVICE_PAGE);

  G_OBJECT_CLASS (explorer_service_page_parent_class)->dispose (object);
}

static void
explorer_service_page_finalize (GObject *object)
{
  ExplorerServicePage *self = EXPLORER_SERVICE_PAGE (object);

  g_clear_object (&self->file);
  g_clear_object (&self->selection);
  g_clear_object (&self->results_selection);
  g_clear_object (&self->results);
  g_clear_pointer (&self->index, g_array_unref);

  G_OBJECT_CLASS (explorer_service_page_parent_class)->finalize (object);
}

static void
explorer_service_page_class_init (ExplorerServicePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = explorer_service_page_dispose;
  object_class->finalize = explorer_service_page_finalize;

  /* An interface or member was selected (activated: TRUE when the reader asked for its
   * source), or nothing (NULL). */
  signals[SHOW_ITEM] = g_signal_new ("show-item",
                                     G_TYPE_FROM_CLASS (klass),
                                     G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL,
                                     G_TYPE_NONE, 2, EXPLORER_TYPE_TREE_ITEM, G_TYPE_BOOLEAN);
  /* A file was read: its text and its problems (a GPtrArray of VarlinkDiagnostic). */
  signals[SHOW_SOURCE] = g_signal_new ("show-source",
                                       G_TYPE_FROM_CLASS (klass),
                                       G_SIGNAL_RUN_LAST,
                                       0, NULL, NULL, NULL,
                                       G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_PTR_ARRAY);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/varlinkexplorer/"
                                               "VarlinkExplorer/explorer-service-page.ui");
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, stack);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, spinner);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, error_page);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, admin_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, attach_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, retry_button);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, invalid_file_page);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, facts_grid);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, vendor_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, product_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, version_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, url_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, file_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, no_introspection_box);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, no_introspection_label);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, tree_stack);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, tree_view);
  gtk_widget_class_bind_template_child (widget_class, ExplorerServicePage, results_view);
  gtk_widget_class_bind_template_callback (widget_class, open_as_admin);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed);
  gtk_widget_class_bind_template_callback (widget_class, on_stop_search);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_result_activate);
  gtk_widget_class_bind_template_callback (widget_class, on_tree_activate);
  gtk_widget_class_bind_template_callback (widget_class, explorer_service_page_choose_attachment);
  gtk_widget_class_bind_template_callback (widget_class, explorer_service_page_choose_file);
}

static void
on_call_by_name_clicked (ExplorerServicePage *self)
{
  if (self->service != NULL)
    explorer_call_page_open_window (self->service,
                                    GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
}

/* Without introspection, a method can still be called by its name, with JSON written by
 * hand: beside each "Attach Interface File…". */
static void
add_call_by_name_buttons (ExplorerServicePage *self)
{
  GtkWidget *error_button = gtk_button_new_with_mnemonic (_("_Call a Method by Name…"));
  GtkWidget *ready_button = gtk_button_new_with_mnemonic (_("_Call a Method by Name…"));

  gtk_widget_add_css_class (error_button, "pill");
  gtk_widget_set_tooltip_text (error_button, _("Call a method of this service with parameters written as JSON"));
  g_signal_connect_swapped (error_button, "clicked", G_CALLBACK (on_call_by_name_clicked), self);
  g_object_bind_property (self->attach_button, "visible", error_button, "visible", G_BINDING_SYNC_CREATE);
  gtk_widget_insert_after (error_button, gtk_widget_get_parent (self->attach_button), self->attach_button);

  gtk_widget_set_halign (ready_button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (ready_button, _("Call a method of this service with parameters written as JSON"));
  g_signal_connect_swapped (ready_button, "clicked", G_CALLBACK (on_call_by_name_clicked), self);
  gtk_box_append (GTK_BOX (self->no_introspection_box), ready_button);
}

static void
explorer_service_page_init (ExplorerServicePage *self)
{
  g_autoptr(GtkListItemFactory) tree_factory = gtk_signal_list_item_factory_new ();
  g_autoptr(GtkListItemFactory) results_factory = gtk_signal_list_item_factory_new ();
  GtkEventController *controller;

  gtk_widget_init_template (GTK_WIDGET (self));
  explorer_a11y_name_status_pages (GTK_WIDGET (self));

  self->index = g_array_new (FALSE, FALSE, sizeof (SearchEntry));
  g_array_set_clear_func (self->index, search_entry_clear);

  add_call_by_name_buttons (self);

  gtk_label_set_text (self->no_introspection_label,
                      _("This service does not describe its interfaces (systemd before version "
                        "255 behaves like this). You can still attach a .varlink file for an "
                        "interface it implements."));

  self->selection = gtk_single_selection_new (NULL);
  gtk_single_selection_set_autoselect (self->selection, FALSE);
  gtk_single_selection_set_can_unselect (self->selection, TRUE);
  g_signal_connect_object (self->selection, "notify::selected-item",
                           G_CALLBACK (on_selection_changed), self, 0);

  g_signal_connect_object (tree_factory, "setup", G_CALLBACK (setup_row), self, 0);
  g_signal_connect_object (tree_factory, "bind", G_CALLBACK (bind_row), self, 0);
  g_signal_connect_object (tree_factory, "unbind", G_CALLBACK (unbind_row), self, 0);
  gtk_list_view_set_factory (self->tree_view, tree_factory);
  gtk_list_view_set_model (self->tree_view, GTK_SELECTION_MODEL (self->selection));

  controller = gtk_event_controller_key_new ();
  g_signal_connect_object (controller, "key-pressed",
                           G_CALLBACK (on_search_key_pressed), self, 0);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), controller);

  self->results = g_list_store_new (EXPLORER_TYPE_TREE_ITEM);
  self->results_selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_single_selection_set_autoselect (self->results_selection, FALSE);
  gtk_single_selection_set_can_unselect (self->results_selection, TRUE);
  g_signal_connect_object (results_factory, "setup", G_CALLBACK (setup_row), self, 0);
  g_signal_connect_object (results_factory, "bind", G_CALLBACK (bind_row), self, 0);
  g_signal_connect_object (results_factory, "unbind", G_CALLBACK (unbind_row), self, 0);
  gtk_list_view_set_factory (self->results_view, results_factory);
  gtk_list_view_set_model (self->results_view, GTK_SELECTION_MODEL (self->results_selection));

}

/* --- API --------------------------------------------------------------------------------- */

ExplorerServicePage *
explorer_service_page_new (void)
{
  return g_object_new (EXPLORER_TYPE_SERVICE_PAGE, NULL);
}

ExplorerService *
explorer_service_page_get_service (ExplorerServicePage *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE_PAGE (self), NULL);

  return self->service;
}

void
explorer_service_page_set_service (ExplorerServicePage *self,
                                   ExplorerService     *service)
{
  g_return_if_fail (EXPLORER_IS_SERVICE_PAGE (self));
  g_return_if_fail (service == NULL || EXPLORER_IS_SERVICE (service));

  if (self->file != NULL)
    {
      g_cancellable_cancel (self->file_cancellable);
      g_clear_object (&self->file_cancellable);
      g_clear_object (&self->file);
      set_interfaces (self, NULL);
    }

  if (self->service != service)
    {
      disconnect_service (self);
      g_set_object (&self->service, service);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");

      if (service != NULL)
        {
          g_signal_connect_object (service, "notify::state",
                                   G_CALLBACK (on_service_state_changed), self, G_CONNECT_SWAPPED);
          g_signal_connect_object (explorer_service_get_interfaces (service), "items-changed",
                                   G_CALLBACK (on_service_interfaces_changed), self,
                                   G_CONNECT_SWAPPED);
        }
    }

  explorer_service_page_sync (self);
}

void
explorer_service_page_open_file (ExplorerServicePage *self,
                                 GFile               *file)
{
  g_return_if_fail (EXPLORER_IS_SERVICE_PAGE (self));
  g_return_if_fail (G_IS_FILE (file));

  explorer_service_page_set_service (self, NULL);

  g_cancellable_cancel (self->file_cancellable);
  g_clear_object (&self->file_cancellable);
  self->file_cancellable = g_cancellable_new ();
  g_set_object (&self->file, file);
  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  set_interfaces (self, NULL);
  show_page (self, "loading");

  g_file_load_contents_async (file, self->file_cancellable, on_file_loaded, g_object_ref (self));
}

void
explorer_service_page_choose_file (ExplorerServicePage *self)
{
  g_return_if_fail (EXPLORER_IS_SERVICE_PAGE (self));

  choose (self, FALSE);
}

void
explorer_service_page_choose_attachment (ExplorerServicePage *self)
{
  g_return_if_fail (EXPLORER_IS_SERVICE_PAGE (self));

  if (self->service != NULL)
    choose (self, TRUE);
}

const char *
explorer_service_page_get_page_name (ExplorerServicePage *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE_PAGE (self), NULL);

  return gtk_stack_get_visible_child_name (self->stack);
}

const char *
explorer_service_page_get_error_title (ExplorerServicePage *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE_PAGE (self), NULL);

  return adw_status_page_get_title (self->error_page);
}

const char *
explorer_service_page_get_fact (ExplorerServicePage *self,
                                const char          *fact)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE_PAGE (self), NULL);

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
explorer_service_page_get_tree (ExplorerServicePage *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE_PAGE (self), NULL);

  return G_LIST_MODEL (self->selection);
}

static void
select_position (ExplorerServicePage *self,
                 guint                position)
{
  gtk_single_selection_set_selected (self->selection, position);
  /* Keep the row in sight: a link or a search hit may point far down the tree. */
  gtk_widget_activate_action (GTK_WIDGET (self->tree_view), "list.scroll-to-item", "u", position);
}

static gboolean
select_row (ExplorerServicePage *self,
            const char          *interface,
            const char          *member)
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
          select_position (self, i);
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
              select_position (self, j);
              return TRUE;
            }
        }

      return FALSE;
    }

  return FALSE;
}

gboolean
explorer_service_page_select (ExplorerServicePage *self,
                              const char          *name)
{
  const char *dot;
  g_autofree char *interface = NULL;

  g_return_val_if_fail (EXPLORER_IS_SERVICE_PAGE (self), FALSE);
  g_return_val_if_fail (name != NULL, FALSE);

  if (select_row (self, name, NULL))
    return TRUE;

  dot = strrchr (name, '.');
  if (dot == NULL)
    return FALSE;

  interface = g_strndup (name, dot - name);
  return select_row (self, interface, dot + 1);
}

void
explorer_service_page_focus_search (ExplorerServicePage *self)
{
  g_return_if_fail (EXPLORER_IS_SERVICE_PAGE (self));

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "ready") == 0)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

void
explorer_service_page_set_search_text (ExplorerServicePage *self,
                                       const char          *text)
{
  g_return_if_fail (EXPLORER_IS_SERVICE_PAGE (self));

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text ? text : "");
  /* The entry reports changes after a delay; callers want the results now. */
  run_search (self);
}

GListModel *
explorer_service_page_get_results (ExplorerServicePage *self)
{
  g_return_val_if_fail (EXPLORER_IS_SERVICE_PAGE (self), NULL);

  return G_LIST_MODEL (self->results);
}

void
explorer_service_page_activate_result (ExplorerServicePage *self,
                                       guint                index)
{
  g_autoptr(ExplorerTreeItem) hit = NULL;
  const char *name;

  g_return_if_fail (EXPLORER_IS_SERVICE_PAGE (self));

  hit = g_list_model_get_item (G_LIST_MODEL (self->results), index);
  if (hit == NULL)
    return;

  name = explorer_tree_item_get_full_name (hit);
  if (name == NULL || !explorer_service_page_select (self, name))
    return;

  gtk_single_selection_set_selected (self->results_selection, index);
}
