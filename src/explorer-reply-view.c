/* explorer-reply-view.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <glib/gi18n.h>
#include <gtksourceview/gtksource.h>

#include "explorer-reply-view.h"

typedef struct {
  char     *field;
  guint     depth;
  char     *type;
  char     *value;
  JsonNode *node;
} ReplyRow;

struct _ExplorerReplyView
{
  AdwBin            parent_instance;

  /* template children */
  GtkStack         *view_stack;
  GtkListBox       *tree_list;
  GtkSourceView    *json_view;
  GtkWidget        *copy_button;

  GtkSizeGroup     *field_group;
  GtkSizeGroup     *type_group;
  GPtrArray        *rows;
  char             *text;
  VarlinkInterface *interface;
  guint             n_left_out;
};

G_DEFINE_FINAL_TYPE (ExplorerReplyView, explorer_reply_view, ADW_TYPE_BIN)

static void
reply_row_free (ReplyRow *row)
{
  g_free (row->field);
  g_free (row->type);
  g_free (row->value);
  json_node_unref (row->node);
  g_free (row);
}

static const char *
json_kind_name (JsonNode *node)
{
  switch (JSON_NODE_TYPE (node))
    {
    case JSON_NODE_OBJECT:
      return "object";
    case JSON_NODE_ARRAY:
      return "array";
    case JSON_NODE_NULL:
      return "null";
    case JSON_NODE_VALUE:
    default:
      break;
    }

  switch (json_node_get_value_type (node))
    {
    case G_TYPE_BOOLEAN:
      return "bool";
    case G_TYPE_INT64:
      return "int";
    case G_TYPE_DOUBLE:
      return "float";
    case G_TYPE_STRING:
      return "string";
    default:
      return "any";
    }
}

static char *
value_summary (JsonNode *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      guint n = json_object_get_size (json_node_get_object (node));

      if (n == 0)
        return g_strdup ("{}");
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "{ %u field }", "{ %u fields }", n), n);
    }

  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      guint n = json_array_get_length (json_node_get_array (node));

      if (n == 0)
        return g_strdup ("[]");
      return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "[ %u item ]", "[ %u items ]", n), n);
    }

  return varlink_json_to_string (node, FALSE);
}

/* Nullables are shown by what they hold, and named types by what they name. */
static const VarlinkType *
unwrap (const VarlinkType *type,
        VarlinkInterface  *interface)
{
  while (type != NULL)
    {
      type = varlink_type_resolve (type, interface);
      if (type == NULL || varlink_type_get_kind (type) != VARLINK_TYPE_KIND_NULLABLE)
        break;
      type = varlink_type_get_element (type);
    }

  return type;
}

static void add_children (ExplorerReplyView *self,
                          guint              depth,
                          const VarlinkType *type,
                          JsonNode          *node);

static void
add_value (ExplorerReplyView *self,
           guint              depth,
           const char        *field,
           const VarlinkType *type,
           const char        *type_text,
           JsonNode          *node)
{
  ReplyRow *row;

  if (self->rows->len >= EXPLORER_REPLY_VIEW_MAX_ROWS)
    {
      self->n_left_out++;
      return;
    }

  row = g_new0 (ReplyRow, 1);
  row->field = g_strdup (field);
  row->depth = depth;
  if (type_text != NULL)
    row->type = g_strdup (type_text);
  else if (type != NULL)
    row->type = varlink_type_to_string (type);
  else
    row->type = g_strdup (json_kind_name (node));
  row->value = value_summary (node);
  row->node = json_node_ref (node);
  g_ptr_array_add (self->rows, row);

  add_children (self, depth + 1, type ? unwrap (type, self->interface) : NULL, node);
}

static void
add_object_members (ExplorerReplyView *self,
                    guint              depth,
                    const VarlinkType *type,
                    JsonObject        *object)
{
  VarlinkTypeKind kind = type ? varlink_type_get_kind (type) : VARLINK_TYPE_KIND_ANY;
  g_autoptr(GList) members = json_object_get_members (object);

  /* Declared fields first, in the order of the declaration, as the IDL reads. */
  if (kind == VARLINK_TYPE_KIND_STRUCT)
    {
      for (guint i = 0; i < varlink_type_get_n_fields (type); i++)
        {
          const VarlinkField *field = varlink_type_get_field (type, i);
          const char *name = varlink_field_get_name (field);
          JsonNode *value = json_object_get_member (object, name);

          if (value != NULL)
            add_value (self, depth, name, varlink_field_get_type (field), NULL, value);
        }
    }

  for (GList *l = members; l != NULL; l = l->next)
    {
      const char *name = l->data;
      JsonNode *value = json_object_get_member (object, name);

      if (kind == VARLINK_TYPE_KIND_STRUCT)
        {
          g_autofree char *label = NULL;

          if (varlink_type_lookup_field (type, name) != NULL)
            continue;

          /* Translators: the type column of a field the type does not declare */
          label = g_strdup_printf (_("%s, not declared"), json_kind_name (value));
          add_value (self, depth, name, NULL, label, value);
        }
      else if (kind == VARLINK_TYPE_KIND_MAP)
        {
          g_autoptr(JsonNode) key_node = json_node_init_string (json_node_alloc (), name);
          /* Keys are shown quoted, as JSON writes them, so "" or " a" read as they are. */
          g_autofree char *key = varlink_json_to_string (key_node, FALSE);

          add_value (self, depth, key, varlink_type_get_element (type), NULL, value);
        }
      else
        {
          add_value (self, depth, name, NULL, NULL, value);
        }
    }
}

static void
add_children (ExplorerReplyView *self,
              guint              depth,
              const VarlinkType *type,
              JsonNode          *node)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      add_object_members (self, depth, type, json_node_get_object (node));
    }
  else if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);
      const VarlinkType *element = NULL;

      if (type != NULL && varlink_type_get_kind (type) == VARLINK_TYPE_KIND_ARRAY)
        element = varlink_type_get_element (type);

      for (guint i = 0; i < json_array_get_length (array); i++)
        {
          g_autofree char *index = g_strdup_printf ("[%u]", i);

          add_value (self, depth, index, element, NULL, json_array_get_element (array, i));
        }
    }
}

static void
copy_text (ExplorerReplyView *self,
           const char        *text)
{
  gdk_clipboard_set_text (gtk_widget_get_clipboard (GTK_WIDGET (self)), text);
}

static void
on_copy_row_clicked (GtkButton         *button,
                     ExplorerReplyView *self)
{
  guint index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "row-index"));

  explorer_reply_view_copy_row (self, index);
}

static void
on_copy_all_clicked (ExplorerReplyView *self)
{
  explorer_reply_view_copy_all (self);
}

static GtkWidget *
create_label (const char *text,
              const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static GtkWidget *
create_row_widget (ExplorerReplyView *self,
                   ReplyRow          *row,
                   guint              index)
{
  GtkWidget *list_row, *box, *field, *type, *value, *copy;
  g_autofree char *accessible = NULL;
  g_autofree char *copy_label = NULL;

  box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  gtk_widget_set_margin_start (box, 8);
  gtk_widget_set_margin_end (box, 2);

  /* Service text goes into plain labels, never markup. */
  field = create_label (row->field, NULL);
  gtk_widget_set_margin_start (field, 16 * row->depth);
  gtk_label_set_width_chars (GTK_LABEL (field), 12);
  gtk_label_set_max_width_chars (GTK_LABEL (field), 28);
  gtk_size_group_add_widget (self->field_group, field);
  gtk_box_append (GTK_BOX (box), field);

  type = create_label (row->type, "dim-label");
  gtk_widget_add_css_class (type, "monospace");
  gtk_label_set_max_width_chars (GTK_LABEL (type), 24);
  gtk_size_group_add_widget (self->type_group, type);
  gtk_box_append (GTK_BOX (box), type);

  value = create_label (row->value, "monospace");
  gtk_widget_set_hexpand (value, TRUE);
  gtk_label_set_width_chars (GTK_LABEL (value), 8);
  gtk_widget_set_tooltip_text (value, row->value);
  gtk_box_append (GTK_BOX (box), value);

  copy = gtk_button_new_from_icon_name ("edit-copy-symbolic");
  gtk_widget_add_css_class (copy, "flat");
  gtk_widget_set_valign (copy, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (copy, _("Copy Value"));
  /* Translators: the accessible name of a button; %s is a field name */
  copy_label = g_strdup_printf (_("Copy the value of %s"), row->field);
  gtk_accessible_update_property (GTK_ACCESSIBLE (copy),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, copy_label,
                                  -1);
  g_object_set_data (G_OBJECT (copy), "row-index", GUINT_TO_POINTER (index));
  g_signal_connect (copy, "clicked", G_CALLBACK (on_copy_row_clicked), self);
  gtk_box_append (GTK_BOX (box), copy);

  list_row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (list_row), FALSE);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (list_row), box);
  accessible = g_strdup_printf ("%s, %s: %s", row->field, row->type, row->value);
  gtk_accessible_update_property (GTK_ACCESSIBLE (list_row),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
  return list_row;
}

static void
clear_rows (ExplorerReplyView *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->tree_list))) != NULL)
    gtk_list_box_remove (self->tree_list, child);

  g_ptr_array_set_size (self->rows, 0);
  self->n_left_out = 0;
}

static void
update_style_scheme (AdwStyleManager   *manager,
                     GParamSpec        *pspec,
                     ExplorerReplyView *self)
{
  GtkSourceStyleSchemeManager *schemes = gtk_source_style_scheme_manager_get_default ();
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->json_view));
  const char *id = adw_style_manager_get_dark (manager) ? "Adwaita-dark" : "Adwaita";

  gtk_source_buffer_set_style_scheme (GTK_SOURCE_BUFFER (buffer),
                                      gtk_source_style_scheme_manager_get_scheme (schemes, id));
}

static void
explorer_reply_view_dispose (GObject *object)
{
  ExplorerReplyView *self = EXPLORER_REPLY_VIEW (object);

  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), EXPLORER_TYPE_REPLY_VIEW);
  g_clear_object (&self->field_group);
  g_clear_object (&self->type_group);
  g_clear_object (&self->interface);

  G_OBJECT_CLASS (explorer_reply_view_parent_class)->dispose (object);
}

static void
explorer_reply_view_finalize (GObject *object)
{
  ExplorerReplyView *self = EXPLORER_REPLY_VIEW (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_clear_pointer (&self->text, g_free);

  G_OBJECT_CLASS (explorer_reply_view_parent_class)->finalize (object);
}

static void
explorer_reply_view_class_init (ExplorerReplyViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = explorer_reply_view_dispose;
  object_class->finalize = explorer_reply_view_finalize;

  gtk_source_init ();
  g_type_ensure (GTK_SOURCE_TYPE_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/varlinkexplorer/"
                                               "VarlinkExplorer/explorer-reply-view.ui");
  gtk_widget_class_bind_template_child (widget_class, ExplorerReplyView, view_stack);
  gtk_widget_class_bind_template_child (widget_class, ExplorerReplyView, tree_list);
  gtk_widget_class_bind_template_child (widget_class, ExplorerReplyView, json_view);
  gtk_widget_class_bind_template_child (widget_class, ExplorerReplyView, copy_button);
  gtk_widget_class_bind_template_callback (widget_class, on_copy_all_clicked);
}

static void
explorer_reply_view_init (ExplorerReplyView *self)
{
  AdwStyleManager *style_manager = adw_style_manager_get_default ();
  GtkSourceLanguageManager *languages = gtk_source_language_manager_get_default ();
  GtkTextBuffer *buffer;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) reply_row_free);
  self->field_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);
  self->type_group = gtk_size_group_new (GTK_SIZE_GROUP_HORIZONTAL);

  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->json_view));
  gtk_source_buffer_set_language (GTK_SOURCE_BUFFER (buffer),
                                  gtk_source_language_manager_get_language (languages, "json"));
  gtk_source_buffer_set_highlight_matching_brackets (GTK_SOURCE_BUFFER (buffer), FALSE);

  g_signal_connect_object (style_manager, "notify::dark",
                           G_CALLBACK (update_style_scheme), self, 0);
  update_style_scheme (style_manager, NULL, self);
}

ExplorerReplyView *
explorer_reply_view_new (void)
{
  return g_object_new (EXPLORER_TYPE_REPLY_VIEW, NULL);
}

void
explorer_reply_view_show (ExplorerReplyView *self,
                          JsonObject        *parameters,
                          VarlinkType       *type,
                          VarlinkInterface  *interface)
{
  g_autoptr(JsonNode) node = NULL;
  GtkTextBuffer *buffer;

  g_return_if_fail (EXPLORER_IS_REPLY_VIEW (self));
  g_return_if_fail (parameters != NULL);

  clear_rows (self);
  g_set_object (&self->interface, interface);

  node = json_node_init_object (json_node_alloc (), parameters);
  add_object_members (self, 0, type ? unwrap (type, interface) : NULL, parameters);

  for (guint i = 0; i < self->rows->len; i++)
    gtk_list_box_append (self->tree_list, create_row_widget (self, g_ptr_array_index (self->rows, i), i));

  if (self->n_left_out > 0)
    {
      g_autofree char *more = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u more value is in the JSON view.",
                                                            "%u more values are in the JSON view.",
                                                            self->n_left_out),
                                               self->n_left_out);
      GtkWidget *label = create_label (more, "dim-label");

      gtk_widget_set_margin_start (label, 8);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_append (self->tree_list, label);
    }
  else if (self->rows->len == 0)
    {
      GtkWidget *label = create_label (_("No parameters."), "dim-label");

      gtk_widget_set_margin_start (label, 8);
      gtk_widget_set_margin_top (label, 6);
      gtk_widget_set_margin_bottom (label, 6);
      gtk_list_box_append (self->tree_list, label);
    }

  g_free (self->text);
  self->text = varlink_json_to_string (node, TRUE);
  buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->json_view));
  gtk_text_buffer_set_text (buffer, self->text, -1);
  gtk_widget_set_sensitive (self->copy_button, TRUE);
}

void
explorer_reply_view_clear (ExplorerReplyView *self)
{
  g_return_if_fail (EXPLORER_IS_REPLY_VIEW (self));

  clear_rows (self);
  g_clear_pointer (&self->text, g_free);
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (self->json_view)), "", 0);
  gtk_widget_set_sensitive (self->copy_button, FALSE);
}

const char *
explorer_reply_view_get_text (ExplorerReplyView *self)
{
  g_return_val_if_fail (EXPLORER_IS_REPLY_VIEW (self), NULL);

  return self->text;
}

guint
explorer_reply_view_get_n_rows (ExplorerReplyView *self)
{
  g_return_val_if_fail (EXPLORER_IS_REPLY_VIEW (self), 0);

  return self->rows->len;
}

char *
explorer_reply_view_dup_row (ExplorerReplyView *self,
                             guint              index)
{
  ReplyRow *row;
  g_autofree char *indent = NULL;

  g_return_val_if_fail (EXPLORER_IS_REPLY_VIEW (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  row = g_ptr_array_index (self->rows, index);
  indent = g_strnfill (2 * row->depth, ' ');
  return g_strdup_printf ("%s%s\t%s\t%s", indent, row->field, row->type, row->value);
}

char *
explorer_reply_view_dup_row_value (ExplorerReplyView *self,
                                   guint              index)
{
  ReplyRow *row;

  g_return_val_if_fail (EXPLORER_IS_REPLY_VIEW (self), NULL);
  g_return_val_if_fail (index < self->rows->len, NULL);

  row = g_ptr_array_index (self->rows, index);
  return varlink_json_to_string (row->node, TRUE);
}

void
explorer_reply_view_copy_row (ExplorerReplyView *self,
                              guint              index)
{
  g_autofree char *text = NULL;

  g_return_if_fail (EXPLORER_IS_REPLY_VIEW (self));

  if (index >= self->rows->len)
    return;

  text = explorer_reply_view_dup_row_value (self, index);
  copy_text (self, text);
}

void
explorer_reply_view_copy_all (ExplorerReplyView *self)
{
  g_return_if_fail (EXPLORER_IS_REPLY_VIEW (self));

  if (self->text != NULL)
    copy_text (self, self->text);
}

void
explorer_reply_view_set_view (ExplorerReplyView *self,
                              const char        *view)
{
  g_return_if_fail (EXPLORER_IS_REPLY_VIEW (self));

  gtk_stack_set_visible_child_name (self->view_stack, view);
}
