/* explorer-form-node.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include <adwaita.h>
#include <glib/gi18n.h>

#include "explorer-form-node.h"

/* Past this depth a part is edited as JSON: only a hostile or odd description nests
 * this deep, and nothing can loop. */
#define MAX_DEPTH 32

typedef struct {
  VarlinkInterface        *interface;
  ExplorerFormChangedFunc  changed;
  gpointer                 user_data;
  guint                    frozen;
} FormRoot;

struct _ExplorerFormNode {
  ExplorerFormNode     *parent;
  FormRoot             *root;
  ExplorerFormNodeKind  kind;
  VarlinkTypeKind       scalar;       /* SCALAR: what the editor holds */
  VarlinkType          *type;         /* resolved, except a NULLABLE's own type */
  char                 *name;         /* a struct's field */
  guint                 depth;

  GPtrArray            *children;     /* STRUCT fields, ARRAY items, MAP entries */
  ExplorerFormNode     *child;        /* NULLABLE when set, ENTRY's value */

  GtkWidget            *widget;       /* what the parent packs (owned: ref sunk) */
  GtkWidget            *row;          /* ARRAY item or MAP entry: the row around widget */
  GtkWidget            *index_label;
  GtkWidget            *up_button;
  GtkWidget            *down_button;
  GtkWidget            *remove_button;
  GtkWidget            *editor;
  GtkWidget            *box;          /* where children go */
  GtkWidget            *toggle;
  GtkWidget            *absent_label;
  GtkWidget            *add_button;
  GtkWidget            *key_entry;
  GtkWidget            *error_label;
  GPtrArray            *connected;    /* widgets with handlers that point at this node */
  char                 *error;
};

static ExplorerFormNode *node_new (ExplorerFormNode  *parent,
                                   FormRoot          *root,
                                   const VarlinkType *type,
                                   const char        *name,
                                   guint              depth);

static void
notify_changed (ExplorerFormNode *self)
{
  if (self->root->frozen == 0 && self->root->changed != NULL)
    self->root->changed (self->root->user_data);
}

static void
connect_node (ExplorerFormNode *self,
              gpointer          widget,
              const char       *signal,
              GCallback         callback)
{
  g_signal_connect_swapped (widget, signal, callback, self);
  g_ptr_array_add (self->connected, widget);
}

static void
set_error (ExplorerFormNode *self,
           GtkWidget        *marked,
           char             *error)
{
  g_free (self->error);
  self->error = error;

  if (marked != NULL)
    {
      if (error != NULL)
        gtk_widget_add_css_class (marked, "error");
      else
        gtk_widget_remove_css_class (marked, "error");
    }

  if (self->error_label != NULL)
    {
      gtk_label_set_text (GTK_LABEL (self->error_label), error != NULL ? error : "");
      gtk_widget_set_visible (self->error_label, error != NULL);
    }
}

static GtkWidget *
new_dim_label (const char *text,
               gboolean    wrap)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "dim-label");
  if (wrap)
    {
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
    }
  return label;
}

static GtkWidget *
new_error_label (void)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (label, "error");
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_set_visible (label, FALSE);
  return label;
}

static GtkWidget *
new_icon_button (const char *icon,
                 const char *tooltip)
{
  GtkWidget *button = gtk_button_new_from_icon_name (icon);

  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip,
                                  -1);
  return button;
}

/* The name a screen reader gives a node's input: its field's name, or for an item or a
 * map value the name of the field that holds the list ("tags item", "scores value"). */
static char *
dup_accessible_name (ExplorerFormNode *self)
{
  enum { FIELD, ITEM, VALUE } kind = FIELD;

  for (ExplorerFormNode *node = self; node != NULL; node = node->parent)
    {
      if (node->name != NULL)
        {
          if (kind == ITEM)
            /* Translators: the accessible name of an item of a list; %s is the list's field name */
            return g_strdup_printf (_("%s item"), node->name);
          if (kind == VALUE)
            /* Translators: the accessible name of a value of a map; %s is the map's field name */
            return g_strdup_printf (_("%s value"), node->name);
          return g_strdup (node->name);
        }
      if (node->parent != NULL && node->parent->kind == EXPLORER_FORM_NODE_ARRAY && kind == FIELD)
        kind = ITEM;
      else if (node->kind == EXPLORER_FORM_NODE_ENTRY && kind == FIELD)
        kind = VALUE;
    }
  return g_strdup (kind == ITEM ? _("item") : kind == VALUE ? _("value") : _("Value"));
}

static void
set_accessible_name (GtkWidget  *widget,
                     const char *name)
{
  gtk_accessible_update_property (GTK_ACCESSIBLE (widget),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);

  /* The keyboard focus of a GtkDropDown is its inner toggle button, which GTK 4.8 leaves
   * unnamed: a screen reader would say "toggle button" and not which field it sets. */
  if (GTK_IS_DROP_DOWN (widget))
    {
      for (GtkWidget *child = gtk_widget_get_first_child (widget);
           child != NULL;
           child = gtk_widget_get_next_sibling (child))
        {
          if (GTK_IS_TOGGLE_BUTTON (child))
            gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                            GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                            -1);
        }
    }
}

/* --- paths ------------------------------------------------------------------------------- */

static void
append_path (ExplorerFormNode *self,
             GString          *path)
{
  ExplorerFormNode *parent = self->parent;

  if (parent == NULL)
    return;

  append_path (parent, path);

  switch (parent->kind)
    {
    case EXPLORER_FORM_NODE_STRUCT:
      if (path->len > 0)
        g_string_append_c (path, '.');
      g_string_append (path, self->name);
      break;

    case EXPLORER_FORM_NODE_ARRAY:
      {
        guint index = 0;

        g_ptr_array_find (parent->children, self, &index);
        g_string_append_printf (path, "[%u]", index);
      }
      break;

    case EXPLORER_FORM_NODE_MAP:
      {
        const char *key = gtk_editable_get_text (GTK_EDITABLE (self->key_entry));

        g_string_append (path, "[\"");
        for (const char *p = key; *p != '\0'; p++)
          {
            if (*p == '"' || *p == '\\')
              g_string_append_c (path, '\\');
            g_string_append_c (path, *p);
          }
        g_string_append (path, "\"]");
      }
      break;

    case EXPLORER_FORM_NODE_SCALAR:
    case EXPLORER_FORM_NODE_ENTRY:
    case EXPLORER_FORM_NODE_NULLABLE:
    default:
      break;
    }
}

char *
explorer_form_node_dup_path (ExplorerFormNode *self)
{
  GString *path = g_string_new (NULL);

  append_path (self, path);
  return g_string_free (path, FALSE);
}

static void
set_path_error (ExplorerFormNode  *self,
                const char        *reason,
                GError           **error)
{
  g_autofree char *path = explorer_form_node_dup_path (self);

  if (path[0] != '\0')
    g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE, "%s: %s", path, reason);
  else
    g_set_error_literal (error, VARLINK_ERROR, VARLINK_ERROR_INVALID_VALUE, reason);
}

/* --- scalars ----------------------------------------------------------------------------- */

static char *
check_scalar (ExplorerFormNode  *self,
              JsonNode         **out)
{
  const char *text = NULL;
  g_autoptr(JsonNode) value = NULL;

  if (GTK_IS_EDITABLE (self->editor))
    text = gtk_editable_get_text (GTK_EDITABLE (self->editor));

  switch (self->scalar)
    {
    case VARLINK_TYPE_KIND_BOOL:
      value = json_node_init_boolean (json_node_alloc (),
                                      gtk_switch_get_active (GTK_SWITCH (self->editor)));
      break;

    case VARLINK_TYPE_KIND_INT:
      {
        g_autofree char *stripped = g_strstrip (g_strdup (text));
        g_autoptr(GError) local_error = NULL;
        gint64 number;

        if (stripped[0] == '\0')
          return g_strdup (_("A whole number is needed here."));
        if (!g_ascii_string_to_signed (stripped, 10, G_MININT64, G_MAXINT64, &number,
                                       &local_error))
          {
            if (g_error_matches (local_error, G_NUMBER_PARSER_ERROR,
                                 G_NUMBER_PARSER_ERROR_OUT_OF_BOUNDS))
              return g_strdup (_("This number does not fit in an int, which has 64 bits: "
                                 "from -9223372036854775808 to 9223372036854775807."));
            return g_strdup (_("Only a whole number is allowed here, like 42 or -7, "
                               "without a fraction or exponent."));
          }
        value = json_node_init_int (json_node_alloc (), number);
      }
      break;

    case VARLINK_TYPE_KIND_FLOAT:
      {
        g_autofree char *stripped = g_strstrip (g_strdup (text));
        char *end = NULL;
        double number;

        if (stripped[0] == '\0')
          return g_strdup (_("A number is needed here."));
        number = g_ascii_strtod (stripped, &end);
        if (end == stripped || *end != '\0' || strpbrk (stripped, "xXnN") != NULL)
          return g_strdup (_("Only a number is allowed here, like 1.5, -2 or 6.02e23."));
        if (!isfinite (number))
          return g_strdup (_("This number is too large to be sent in JSON."));
        value = json_node_init_double (json_node_alloc (), number);
      }
      break;

    case VARLINK_TYPE_KIND_STRING:
      value = json_node_init_string (json_node_alloc (), text);
      break;

    case VARLINK_TYPE_KIND_ENUM:
      {
        GtkStringObject *item = gtk_drop_down_get_selected_item (GTK_DROP_DOWN (self->editor));

        if (item == NULL)
          return g_strdup (_("Choose one of the values."));
        value = json_node_init_string (json_node_alloc (), gtk_string_object_get_string (item));
      }
      break;

    case VARLINK_TYPE_KIND_OBJECT:
    case VARLINK_TYPE_KIND_ANY:
    case VARLINK_TYPE_KIND_STRUCT:
    case VARLINK_TYPE_KIND_ARRAY:
    case VARLINK_TYPE_KIND_MAP:
    case VARLINK_TYPE_KIND_NULLABLE:
    case VARLINK_TYPE_KIND_NAMED:
    default:
      {
        g_autoptr(GError) local_error = NULL;

        value = varlink_json_parse (text, strlen (text), &local_error);
        if (value == NULL)
          {
            if (g_strstrip (g_strdup (text))[0] == '\0')
              return g_strdup (_("A JSON value is needed here."));
            return g_strdup_printf (_("This is not valid JSON: %s"), local_error->message);
          }
        if (self->scalar == VARLINK_TYPE_KIND_OBJECT && !JSON_NODE_HOLDS_OBJECT (value))
          return g_strdup (_("A JSON object is needed here, like {\"key\": 1}."));
        if (JSON_NODE_HOLDS_NULL (value))
          return g_strdup (_("Any JSON value but null is allowed here."));
        if (self->type != NULL && self->scalar != VARLINK_TYPE_KIND_OBJECT &&
            self->scalar != VARLINK_TYPE_KIND_ANY)
          {
            g_autoptr(GError) type_error = NULL;

            /* A part edited as JSON because it nests too deep is still checked. */
            if (!varlink_type_check (self->type, self->root->interface, value,
                                     VARLINK_CHECK_NONE, NULL, &type_error))
              return g_strdup (type_error->message);
          }
      }
      break;
    }

  if (out != NULL)
    *out = g_steal_pointer (&value);
  return NULL;
}

static void
scalar_changed (ExplorerFormNode *self)
{
  set_error (self, self->editor, check_scalar (self, NULL));
  notify_changed (self);
}

static void
build_scalar (ExplorerFormNode *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);

  switch (self->scalar)
    {
    case VARLINK_TYPE_KIND_BOOL:
      self->editor = gtk_switch_new ();
      gtk_widget_set_halign (self->editor, GTK_ALIGN_START);
      connect_node (self, self->editor, "notify::active", G_CALLBACK (scalar_changed));
      break;

    case VARLINK_TYPE_KIND_ENUM:
      {
        GtkStringList *names = gtk_string_list_new (NULL);

        for (guint i = 0; i < varlink_type_get_n_fields (self->type); i++)
          gtk_string_list_append (names,
                                  varlink_field_get_name (varlink_type_get_field (self->type, i)));
        self->editor = gtk_drop_down_new (G_LIST_MODEL (names), NULL);
        gtk_widget_set_halign (self->editor, GTK_ALIGN_START);
        connect_node (self, self->editor, "notify::selected", G_CALLBACK (scalar_changed));
      }
      break;

    case VARLINK_TYPE_KIND_INT:
    case VARLINK_TYPE_KIND_FLOAT:
    case VARLINK_TYPE_KIND_STRING:
    case VARLINK_TYPE_KIND_OBJECT:
    case VARLINK_TYPE_KIND_ANY:
    case VARLINK_TYPE_KIND_STRUCT:
    case VARLINK_TYPE_KIND_ARRAY:
    case VARLINK_TYPE_KIND_MAP:
    case VARLINK_TYPE_KIND_NULLABLE:
    case VARLINK_TYPE_KIND_NAMED:
    default:
      self->editor = gtk_entry_new ();
      gtk_widget_set_hexpand (self->editor, TRUE);
      /* Enter in a field calls, when the page makes its Call button the default. */
      gtk_entry_set_activates_default (GTK_ENTRY (self->editor), TRUE);
      if (self->scalar == VARLINK_TYPE_KIND_INT || self->scalar == VARLINK_TYPE_KIND_FLOAT)
        {
          gtk_entry_set_input_purpose (GTK_ENTRY (self->editor),
                                       self->scalar == VARLINK_TYPE_KIND_INT
                                       ? GTK_INPUT_PURPOSE_NUMBER : GTK_INPUT_PURPOSE_FREE_FORM);
          gtk_widget_add_css_class (self->editor, "numeric");
        }
      else if (self->scalar != VARLINK_TYPE_KIND_STRING)
        {
          gtk_widget_add_css_class (self->editor, "monospace");
          gtk_entry_set_placeholder_text (GTK_ENTRY (self->editor),
                                          self->scalar == VARLINK_TYPE_KIND_OBJECT
                                          ? "{}" : _("JSON value"));
        }
      connect_node (self, self->editor, "changed", G_CALLBACK (scalar_changed));
      break;
    }

  {
    g_autofree char *name = dup_accessible_name (self);

    set_accessible_name (self->editor, name);
  }

  self->error_label = new_error_label ();
  gtk_box_append (GTK_BOX (box), self->editor);
  gtk_box_append (GTK_BOX (box), self->error_label);
  self->widget = box;
}

static gboolean
set_scalar (ExplorerFormNode *self,
            JsonNode         *value)
{
  gboolean exact = TRUE;

  if (value == NULL || JSON_NODE_HOLDS_NULL (value))
    {
      g_autoptr(JsonNode) example = varlink_type_example (self->type, self->root->interface);

      if (example != NULL && !JSON_NODE_HOLDS_NULL (example))
        set_scalar (self, example);
      else if (GTK_IS_EDITABLE (self->editor))
        gtk_editable_set_text (GTK_EDITABLE (self->editor), "");
      return FALSE;
    }

  switch (self->scalar)
    {
    case VARLINK_TYPE_KIND_BOOL:
      exact = JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_BOOLEAN;
      gtk_switch_set_active (GTK_SWITCH (self->editor), exact && json_node_get_boolean (value));
      break;

    case VARLINK_TYPE_KIND_ENUM:
      {
        const char *name = JSON_NODE_HOLDS_VALUE (value) &&
                           json_node_get_value_type (value) == G_TYPE_STRING
                           ? json_node_get_string (value) : NULL;
        GListModel *names = gtk_drop_down_get_model (GTK_DROP_DOWN (self->editor));

        exact = FALSE;
        for (guint i = 0; name != NULL && i < g_list_model_get_n_items (names); i++)
          {
            const char *item = gtk_string_list_get_string (GTK_STRING_LIST (names), i);

            if (g_strcmp0 (item, name) == 0)
              {
                gtk_drop_down_set_selected (GTK_DROP_DOWN (self->editor), i);
                exact = TRUE;
                break;
              }
          }
      }
      break;

    case VARLINK_TYPE_KIND_STRING:
      if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
        {
          gtk_editable_set_text (GTK_EDITABLE (self->editor), json_node_get_string (value));
        }
      else
        {
          g_autofree char *text = varlink_json_to_string (value, FALSE);

          gtk_editable_set_text (GTK_EDITABLE (self->editor), text);
          exact = FALSE;
        }
      break;

    case VARLINK_TYPE_KIND_INT:
    case VARLINK_TYPE_KIND_FLOAT:
    case VARLINK_TYPE_KIND_OBJECT:
    case VARLINK_TYPE_KIND_ANY:
    case VARLINK_TYPE_KIND_STRUCT:
    case VARLINK_TYPE_KIND_ARRAY:
    case VARLINK_TYPE_KIND_MAP:
    case VARLINK_TYPE_KIND_NULLABLE:
    case VARLINK_TYPE_KIND_NAMED:
    default:
      {
        g_autofree char *text = varlink_json_to_string (value, FALSE);
        g_autoptr(JsonNode) shown = NULL;

        gtk_editable_set_text (GTK_EDITABLE (self->editor), text);
        /* Exact when what the entry now holds reads back to the same value. */
        exact = check_scalar (self, &shown) == NULL && varlink_json_equal (shown, value);
        if (exact && self->scalar == VARLINK_TYPE_KIND_INT)
          exact = json_node_get_value_type (value) == G_TYPE_INT64;
      }
      break;
    }

  set_error (self, self->editor, check_scalar (self, NULL));
  return exact;
}

/* --- structs ----------------------------------------------------------------------------- */

static void
build_struct (ExplorerFormNode *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);

  self->children = g_ptr_array_new_with_free_func ((GDestroyNotify) explorer_form_node_free);

  for (guint i = 0; i < varlink_type_get_n_fields (self->type); i++)
    {
      const VarlinkField *field = varlink_type_get_field (self->type, i);
      VarlinkType *field_type = varlink_field_get_type (field);
      g_autofree char *type_text = varlink_type_to_string (field_type);
      GtkWidget *field_box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
      GtkWidget *name_label = gtk_label_new (varlink_field_get_name (field));
      GtkWidget *type_label = new_dim_label (type_text, FALSE);
      ExplorerFormNode *child;

      gtk_label_set_xalign (GTK_LABEL (name_label), 0);
      gtk_label_set_selectable (GTK_LABEL (name_label), FALSE);
      gtk_widget_add_css_class (name_label, "heading");
      gtk_widget_add_css_class (type_label, "monospace");
      gtk_label_set_ellipsize (GTK_LABEL (type_label), PANGO_ELLIPSIZE_END);
      gtk_box_append (GTK_BOX (header), name_label);
      gtk_box_append (GTK_BOX (header), type_label);
      gtk_box_append (GTK_BOX (field_box), header);

      if (varlink_field_get_doc (field) != NULL)
        {
          GtkWidget *doc = new_dim_label (varlink_field_get_doc (field), TRUE);

          gtk_widget_add_css_class (doc, "caption");
          gtk_box_append (GTK_BOX (field_box), doc);
        }

      child = node_new (self, self->root, field_type, varlink_field_get_name (field),
                        self->depth + 1);
      g_ptr_array_add (self->children, child);

      gtk_box_append (GTK_BOX (field_box), child->widget);

      gtk_box_append (GTK_BOX (box), field_box);
    }

  if (varlink_type_get_n_fields (self->type) == 0)
    gtk_box_append (GTK_BOX (box), new_dim_label (_("No fields"), FALSE));

  self->widget = box;
}

static gboolean
set_struct (ExplorerFormNode *self,
            JsonNode         *value)
{
  JsonObject *object = value != NULL && JSON_NODE_HOLDS_OBJECT (value)
                       ? json_node_get_object (value) : NULL;
  gboolean exact = object != NULL;

  for (guint i = 0; i < self->children->len; i++)
    {
      ExplorerFormNode *child = g_ptr_array_index (self->children, i);
      JsonNode *member = object != NULL ? json_object_get_member (object, child->name) : NULL;

      if (!explorer_form_node_set_value (child, member))
        exact = FALSE;
    }

  if (object != NULL)
    {
      JsonObjectIter iter;
      const char *name;

      json_object_iter_init (&iter, object);
      while (json_object_iter_next (&iter, &name, NULL))
        if (varlink_type_lookup_field (self->type, name) == NULL)
          exact = FALSE;
    }

  return exact;
}

/* --- arrays and maps --------------------------------------------------------------------- */

static void list_add (ExplorerFormNode *self);

static void
list_relayout (ExplorerFormNode *self)
{
  GtkWidget *previous = NULL;

  for (guint i = 0; i < self->children->len; i++)
    {
      ExplorerFormNode *item = g_ptr_array_index (self->children, i);

      gtk_box_reorder_child_after (GTK_BOX (self->box), item->row, previous);
      previous = item->row;

      if (item->index_label != NULL)
        {
          g_autofree char *text = g_strdup_printf ("%u", i);

          gtk_label_set_text (GTK_LABEL (item->index_label), text);
        }
      gtk_widget_set_sensitive (item->up_button, i > 0);
      gtk_widget_set_sensitive (item->down_button, i + 1 < self->children->len);
    }
}

static void
map_check_keys (ExplorerFormNode *self)
{
  g_autoptr(GHashTable) counts = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < self->children->len; i++)
    {
      ExplorerFormNode *entry = g_ptr_array_index (self->children, i);
      const char *key = gtk_editable_get_text (GTK_EDITABLE (entry->key_entry));

      guint count = GPOINTER_TO_UINT (g_hash_table_lookup (counts, key));

      g_hash_table_insert (counts, (gpointer) key, GUINT_TO_POINTER (count + 1));
    }

  for (guint i = 0; i < self->children->len; i++)
    {
      ExplorerFormNode *entry = g_ptr_array_index (self->children, i);
      const char *key = gtk_editable_get_text (GTK_EDITABLE (entry->key_entry));

      if (GPOINTER_TO_UINT (g_hash_table_lookup (counts, key)) > 1)
        set_error (entry, entry->key_entry,
                   g_strdup_printf (_("The key “%s” is given more than once."), key));
      else
        set_error (entry, entry->key_entry, NULL);
    }
}

static void
list_remove_at (ExplorerFormNode *self,
                guint             index)
{
  g_ptr_array_remove_index (self->children, index);
  if (self->kind == EXPLORER_FORM_NODE_MAP)
    map_check_keys (self);
  list_relayout (self);
}

static void
item_remove (ExplorerFormNode *item)
{
  ExplorerFormNode *list = item->parent;
  guint index;

  if (g_ptr_array_find (list->children, item, &index))
    list_remove_at (list, index);
  notify_changed (list);
}

static void
item_move (ExplorerFormNode *item,
           int               delta)
{
  ExplorerFormNode *list = item->parent;
  guint index;

  if (!g_ptr_array_find (list->children, item, &index) ||
      (delta < 0 && index == 0) || (delta > 0 && index + 1 >= list->children->len))
    return;

  list->children->pdata[index] = list->children->pdata[index + delta];
  list->children->pdata[index + delta] = item;
  list_relayout (list);
  notify_changed (list);
}

static void
item_move_up (ExplorerFormNode *item)
{
  item_move (item, -1);
}

static void
item_move_down (ExplorerFormNode *item)
{
  item_move (item, 1);
}

static void
key_changed (ExplorerFormNode *entry)
{
  map_check_keys (entry->parent);
  notify_changed (entry);
}

/* Wraps an item or entry node in its row: its widgets and the buttons that move and
 * remove it. */
static void
wrap_item (ExplorerFormNode *list,
           ExplorerFormNode *item)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  if (list->kind == EXPLORER_FORM_NODE_ARRAY)
    {
      item->index_label = new_dim_label (NULL, FALSE);
      gtk_widget_add_css_class (item->index_label, "numeric");
      gtk_widget_set_valign (item->index_label, GTK_ALIGN_START);
      gtk_widget_set_margin_top (item->index_label, 8);
      gtk_label_set_width_chars (GTK_LABEL (item->index_label), 2);
      gtk_box_append (GTK_BOX (row), item->index_label);
    }

  gtk_widget_set_hexpand (item->widget, TRUE);
  gtk_box_append (GTK_BOX (row), item->widget);

  item->up_button = new_icon_button ("go-up-symbolic", _("Move Up"));
  item->down_button = new_icon_button ("go-down-symbolic", _("Move Down"));
  item->remove_button = new_icon_button ("list-remove-symbolic", _("Remove"));
  connect_node (item, item->up_button, "clicked", G_CALLBACK (item_move_up));
  connect_node (item, item->down_button, "clicked", G_CALLBACK (item_move_down));
  connect_node (item, item->remove_button, "clicked", G_CALLBACK (item_remove));
  gtk_box_append (GTK_BOX (row), item->up_button);
  gtk_box_append (GTK_BOX (row), item->down_button);
  gtk_box_append (GTK_BOX (row), item->remove_button);

  item->row = g_object_ref_sink (row);
  gtk_box_append (GTK_BOX (list->box), row);
}

static ExplorerFormNode *
new_entry (ExplorerFormNode *map)
{
  ExplorerFormNode *entry = g_new0 (ExplorerFormNode, 1);
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  GtkWidget *line = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  entry->parent = map;
  entry->root = map->root;
  entry->kind = EXPLORER_FORM_NODE_ENTRY;
  entry->depth = map->depth + 1;
  entry->connected = g_ptr_array_new ();

  entry->key_entry = gtk_entry_new ();
  gtk_entry_set_placeholder_text (GTK_ENTRY (entry->key_entry), _("Key"));
  {
    g_autofree char *name = dup_accessible_name (map);
    /* Translators: the accessible name of a map's key entry; %s is the field's name. */
    g_autofree char *label = g_strdup_printf (_("%s key"), name);

    set_accessible_name (entry->key_entry, label);
  }
  gtk_widget_set_valign (entry->key_entry, GTK_ALIGN_START);
  gtk_box_append (GTK_BOX (line), entry->key_entry);

  if (!varlink_type_is_set (map->type))
    {
      entry->child = node_new (entry, map->root, varlink_type_get_element (map->type), NULL,
                               map->depth + 1);
      gtk_widget_set_hexpand (entry->child->widget, TRUE);
      gtk_box_append (GTK_BOX (line), entry->child->widget);
    }
  else
    {
      gtk_widget_set_hexpand (entry->key_entry, TRUE);
    }

  entry->error_label = new_error_label ();
  gtk_box_append (GTK_BOX (box), line);
  gtk_box_append (GTK_BOX (box), entry->error_label);
  entry->widget = g_object_ref_sink (box);
  connect_node (entry, entry->key_entry, "changed", G_CALLBACK (key_changed));

  return entry;
}

static ExplorerFormNode *
list_append (ExplorerFormNode *self)
{
  ExplorerFormNode *item;

  if (self->kind == EXPLORER_FORM_NODE_MAP)
    item = new_entry (self);
  else
    item = node_new (self, self->root, varlink_type_get_element (self->type), NULL,
                     self->depth + 1);

  g_ptr_array_add (self->children, item);
  wrap_item (self, item);
  list_relayout (self);
  return item;
}

static void
list_add (ExplorerFormNode *self)
{
  ExplorerFormNode *item = list_append (self);

  if (self->kind == EXPLORER_FORM_NODE_MAP)
    {
      map_check_keys (self);
      if (item->child != NULL)
        explorer_form_node_set_value (item->child, NULL);
      gtk_widget_grab_focus (item->key_entry);
    }
  else
    {
      /* A nullable item added by the user is meant to hold something. */
      if (item->kind == EXPLORER_FORM_NODE_NULLABLE)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (item->toggle), TRUE);
      else
        explorer_form_node_set_value (item, NULL);
    }
  notify_changed (self);
}

static void
build_list (ExplorerFormNode *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *content;
  const char *label;

  self->children = g_ptr_array_new_with_free_func ((GDestroyNotify) explorer_form_node_free);
  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  gtk_box_append (GTK_BOX (box), self->box);

  if (self->kind == EXPLORER_FORM_NODE_ARRAY)
    label = _("Add Item");
  else if (varlink_type_is_set (self->type))
    label = _("Add Key");
  else
    label = _("Add Entry");

  self->add_button = gtk_button_new ();
  content = adw_button_content_new ();
  adw_button_content_set_icon_name (ADW_BUTTON_CONTENT (content), "list-add-symbolic");
  adw_button_content_set_label (ADW_BUTTON_CONTENT (content), label);
  adw_button_content_set_use_underline (ADW_BUTTON_CONTENT (content), FALSE);
  gtk_button_set_child (GTK_BUTTON (self->add_button), content);
  gtk_widget_set_halign (self->add_button, GTK_ALIGN_START);
  gtk_widget_add_css_class (self->add_button, "flat");
  connect_node (self, self->add_button, "clicked", G_CALLBACK (list_add));
  gtk_box_append (GTK_BOX (box), self->add_button);

  self->error_label = new_error_label ();
  gtk_box_append (GTK_BOX (box), self->error_label);
  self->widget = box;
}

static gboolean
set_list (ExplorerFormNode *self,
          JsonNode         *value)
{
  gboolean exact = TRUE;

  g_ptr_array_set_size (self->children, 0);

  if (self->kind == EXPLORER_FORM_NODE_ARRAY)
    {
      JsonArray *array = value != NULL && JSON_NODE_HOLDS_ARRAY (value)
                         ? json_node_get_array (value) : NULL;

      exact = array != NULL;
      for (guint i = 0; array != NULL && i < json_array_get_length (array); i++)
        {
          ExplorerFormNode *item = list_append (self);

          if (!explorer_form_node_set_value (item, json_array_get_element (array, i)))
            exact = FALSE;
        }
    }
  else
    {
      JsonObject *object = value != NULL && JSON_NODE_HOLDS_OBJECT (value)
                           ? json_node_get_object (value) : NULL;
      gboolean is_set = varlink_type_is_set (self->type);
      JsonObjectIter iter;
      const char *key;
      JsonNode *member;

      exact = object != NULL;
      if (object != NULL)
        {
          json_object_iter_init (&iter, object);
          while (json_object_iter_next (&iter, &key, &member))
            {
              ExplorerFormNode *entry = list_append (self);

              gtk_editable_set_text (GTK_EDITABLE (entry->key_entry), key);
              if (entry->child != NULL)
                {
                  if (!explorer_form_node_set_value (entry->child, member))
                    exact = FALSE;
                }
              else if (is_set &&
                       (!JSON_NODE_HOLDS_OBJECT (member) ||
                        json_object_get_size (json_node_get_object (member)) != 0))
                {
                  exact = FALSE;
                }
            }
        }
      map_check_keys (self);
    }

  list_relayout (self);
  return exact;
}

/* --- nullables --------------------------------------------------------------------------- */

static void
nullable_toggled (ExplorerFormNode *self)
{
  gboolean active = gtk_check_button_get_active (GTK_CHECK_BUTTON (self->toggle));

  if (active && self->child == NULL)
    {
      self->child = node_new (self, self->root, varlink_type_get_element (self->type), NULL,
                              self->depth + 1);
      gtk_widget_set_hexpand (self->child->widget, TRUE);
      gtk_box_append (GTK_BOX (self->box), self->child->widget);
      self->root->frozen++;
      explorer_form_node_set_value (self->child, NULL);
      self->root->frozen--;
    }
  else if (!active && self->child != NULL)
    {
      g_clear_pointer (&self->child, explorer_form_node_free);
    }

  gtk_widget_set_visible (self->absent_label, !active);
  notify_changed (self);
}

static void
build_nullable (ExplorerFormNode *self)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);

  self->toggle = gtk_check_button_new ();
  gtk_widget_set_valign (self->toggle, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->toggle, 4);
  gtk_widget_set_tooltip_text (self->toggle, _("Send a value (off: null, the field is left out)"));
  {
    g_autofree char *name = dup_accessible_name (self);
    /* Translators: the accessible name of the check button of a nullable field; %s is
     * the field's name. */
    g_autofree char *label = g_strdup_printf (_("Send %s"), name);

    set_accessible_name (self->toggle, label);
  }
  connect_node (self, self->toggle, "toggled", G_CALLBACK (nullable_toggled));

  self->absent_label = new_dim_label (_("null (absent)"), FALSE);
  gtk_widget_add_css_class (self->absent_label, "monospace");
  gtk_widget_set_valign (self->absent_label, GTK_ALIGN_START);
  gtk_widget_set_margin_top (self->absent_label, 6);

  self->box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  gtk_widget_set_hexpand (self->box, TRUE);
  gtk_box_append (GTK_BOX (self->box), self->absent_label);

  gtk_box_append (GTK_BOX (box), self->toggle);
  gtk_box_append (GTK_BOX (box), self->box);
  self->widget = box;
}

static gboolean
set_nullable (ExplorerFormNode *self,
              JsonNode         *value)
{
  gboolean set = value != NULL && !JSON_NODE_HOLDS_NULL (value);

  self->root->frozen++;
  gtk_check_button_set_active (GTK_CHECK_BUTTON (self->toggle), set);
  self->root->frozen--;

  if (!set)
    return TRUE;
  return explorer_form_node_set_value (self->child, value);
}

/* --- nodes ------------------------------------------------------------------------------- */

static ExplorerFormNode *
node_new (ExplorerFormNode  *parent,
          FormRoot          *root,
          const VarlinkType *type,
          const char        *name,
          guint              depth)
{
  ExplorerFormNode *self = g_new0 (ExplorerFormNode, 1);
  const VarlinkType *resolved = varlink_type_resolve (type, root->interface);
  VarlinkTypeKind kind = varlink_type_get_kind (resolved);

  self->parent = parent;
  self->root = root;
  self->name = g_strdup (name);
  self->depth = depth;
  self->connected = g_ptr_array_new ();
  self->type = varlink_type_ref ((VarlinkType *) resolved);

  if (depth > MAX_DEPTH)
    kind = VARLINK_TYPE_KIND_NAMED;

  switch (kind)
    {
    case VARLINK_TYPE_KIND_STRUCT:
      self->kind = EXPLORER_FORM_NODE_STRUCT;
      build_struct (self);
      if (parent != NULL)
        {
          /* A nested struct (a field, an item, a map's value) reads as a group of its own. */
          GtkWidget *frame = gtk_frame_new (NULL);

          gtk_widget_set_margin_start (self->widget, 12);
          gtk_widget_set_margin_end (self->widget, 12);
          gtk_widget_set_margin_top (self->widget, 12);
          gtk_widget_set_margin_bottom (self->widget, 12);
          gtk_frame_set_child (GTK_FRAME (frame), self->widget);
          self->widget = frame;
        }
      break;

    case VARLINK_TYPE_KIND_ARRAY:
      self->kind = EXPLORER_FORM_NODE_ARRAY;
      build_list (self);
      break;

    case VARLINK_TYPE_KIND_MAP:
      self->kind = EXPLORER_FORM_NODE_MAP;
      build_list (self);
      break;

    case VARLINK_TYPE_KIND_NULLABLE:
      self->kind = EXPLORER_FORM_NODE_NULLABLE;
      build_nullable (self);
      break;

    case VARLINK_TYPE_KIND_BOOL:
    case VARLINK_TYPE_KIND_INT:
    case VARLINK_TYPE_KIND_FLOAT:
    case VARLINK_TYPE_KIND_STRING:
    case VARLINK_TYPE_KIND_OBJECT:
    case VARLINK_TYPE_KIND_ANY:
    case VARLINK_TYPE_KIND_ENUM:
    case VARLINK_TYPE_KIND_NAMED:
    default:
      /* An unresolved name, or a part nested too deep, is edited as JSON. */
      self->kind = EXPLORER_FORM_NODE_SCALAR;
      self->scalar = kind;
      build_scalar (self);
      break;
    }

  g_object_ref_sink (self->widget);
  return self;
}

ExplorerFormNode *
explorer_form_node_new_root (const VarlinkType       *input,
                             VarlinkInterface        *interface,
                             ExplorerFormChangedFunc  changed,
                             gpointer                 user_data)
{
  FormRoot *root = g_new0 (FormRoot, 1);
  ExplorerFormNode *self;

  g_return_val_if_fail (input != NULL, NULL);

  root->interface = interface != NULL ? g_object_ref (interface) : NULL;
  root->changed = changed;
  root->user_data = user_data;

  self = node_new (NULL, root, input, NULL, 0);
  root->frozen++;
  explorer_form_node_set_value (self, NULL);
  root->frozen--;

  return self;
}

void
explorer_form_node_free (ExplorerFormNode *self)
{
  if (self == NULL)
    return;

  for (guint i = 0; i < self->connected->len; i++)
    g_signal_handlers_disconnect_by_data (g_ptr_array_index (self->connected, i), self);
  g_ptr_array_unref (self->connected);

  g_clear_pointer (&self->children, g_ptr_array_unref);
  g_clear_pointer (&self->child, explorer_form_node_free);

  if (self->row != NULL)
    {
      if (gtk_widget_get_parent (self->row) != NULL)
        gtk_box_remove (GTK_BOX (gtk_widget_get_parent (self->row)), self->row);
      g_clear_object (&self->row);
    }
  else if (self->widget != NULL && self->parent != NULL &&
           GTK_IS_BOX (gtk_widget_get_parent (self->widget)))
    {
      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (self->widget)), self->widget);
    }
  g_clear_object (&self->widget);

  if (self->parent == NULL)
    {
      g_clear_object (&self->root->interface);
      g_free (self->root);
    }

  g_clear_pointer (&self->type, varlink_type_unref);
  g_free (self->name);
  g_free (self->error);
  g_free (self);
}

GtkWidget *
explorer_form_node_get_widget (ExplorerFormNode *self)
{
  return self->widget;
}

ExplorerFormNodeKind
explorer_form_node_get_kind (ExplorerFormNode *self)
{
  return self->kind;
}

JsonNode *
explorer_form_node_dup_value (ExplorerFormNode  *self,
                              GError           **error)
{
  switch (self->kind)
    {
    case EXPLORER_FORM_NODE_SCALAR:
      {
        g_autoptr(JsonNode) value = NULL;
        g_autofree char *reason = check_scalar (self, &value);

        if (reason != NULL)
          {
            set_path_error (self, reason, error);
            return NULL;
          }
        return g_steal_pointer (&value);
      }

    case EXPLORER_FORM_NODE_NULLABLE:
      if (self->child == NULL)
        return json_node_init_null (json_node_alloc ());
      return explorer_form_node_dup_value (self->child, error);

    case EXPLORER_FORM_NODE_ENTRY:
      if (self->error != NULL)
        {
          set_path_error (self, self->error, error);
          return NULL;
        }
      if (self->child == NULL)
        return json_node_init_object (json_node_alloc (), json_object_new ());
      return explorer_form_node_dup_value (self->child, error);

    case EXPLORER_FORM_NODE_STRUCT:
    case EXPLORER_FORM_NODE_MAP:
      {
        g_autoptr(JsonObject) object = json_object_new ();

        for (guint i = 0; i < self->children->len; i++)
          {
            ExplorerFormNode *child = g_ptr_array_index (self->children, i);
            g_autoptr(JsonNode) value = NULL;

            /* A struct leaves out the nullables that are not set. */
            if (self->kind == EXPLORER_FORM_NODE_STRUCT &&
                child->kind == EXPLORER_FORM_NODE_NULLABLE && child->child == NULL)
              continue;

            value = explorer_form_node_dup_value (child, error);
            if (value == NULL)
              return NULL;

            if (self->kind == EXPLORER_FORM_NODE_STRUCT)
              json_object_set_member (object, child->name, g_steal_pointer (&value));
            else
              json_object_set_member (object,
                                      gtk_editable_get_text (GTK_EDITABLE (child->key_entry)),
                                      g_steal_pointer (&value));
          }
        return json_node_init_object (json_node_alloc (), object);
      }

    case EXPLORER_FORM_NODE_ARRAY:
      {
        g_autoptr(JsonArray) array = json_array_new ();

        for (guint i = 0; i < self->children->len; i++)
          {
            JsonNode *value = explorer_form_node_dup_value (g_ptr_array_index (self->children, i),
                                                            error);

            if (value == NULL)
              return NULL;
            json_array_add_element (array, value);
          }
        return json_node_init_array (json_node_alloc (), array);
      }

    default:
      g_assert_not_reached ();
    }
}

gboolean
explorer_form_node_set_value (ExplorerFormNode *self,
                              JsonNode         *value)
{
  gboolean exact;

  self->root->frozen++;
  switch (self->kind)
    {
    case EXPLORER_FORM_NODE_SCALAR:
      exact = set_scalar (self, value);
      break;

    case EXPLORER_FORM_NODE_STRUCT:
      exact = set_struct (self, value);
      break;

    case EXPLORER_FORM_NODE_ARRAY:
    case EXPLORER_FORM_NODE_MAP:
      exact = set_list (self, value);
      break;

    case EXPLORER_FORM_NODE_NULLABLE:
      exact = set_nullable (self, value);
      break;

    case EXPLORER_FORM_NODE_ENTRY:
      exact = self->child != NULL ? explorer_form_node_set_value (self->child, value) : TRUE;
      break;

    default:
      g_assert_not_reached ();
    }
  self->root->frozen--;

  return exact;
}

gboolean
explorer_form_node_is_valid (ExplorerFormNode *self)
{
  if (self->error != NULL)
    return FALSE;
  if (self->child != NULL && !explorer_form_node_is_valid (self->child))
    return FALSE;
  for (guint i = 0; self->children != NULL && i < self->children->len; i++)
    if (!explorer_form_node_is_valid (g_ptr_array_index (self->children, i)))
      return FALSE;
  return TRUE;
}

void
explorer_form_node_freeze (ExplorerFormNode *self)
{
  self->root->frozen++;
}

void
explorer_form_node_thaw (ExplorerFormNode *self)
{
  g_return_if_fail (self->root->frozen > 0);
  self->root->frozen--;
}

/* --- lookup for tests -------------------------------------------------------------------- */

static ExplorerFormNode *
through_nullable (ExplorerFormNode *self)
{
  while (self != NULL &&
         (self->kind == EXPLORER_FORM_NODE_NULLABLE || self->kind == EXPLORER_FORM_NODE_ENTRY))
    self = self->child;
  return self;
}

ExplorerFormNode *
explorer_form_node_lookup (ExplorerFormNode *self,
                           const char       *path)
{
  const char *p = path;

  while (self != NULL && *p != '\0')
    {
      ExplorerFormNode *inner = through_nullable (self);

      if (inner == NULL)
        return NULL;

      if (*p == '[')
        {
          char *end = NULL;
          guint64 index = g_ascii_strtoull (p + 1, &end, 10);

          if (end == p + 1 || *end != ']' || inner->children == NULL ||
              inner->kind == EXPLORER_FORM_NODE_STRUCT || index >= inner->children->len)
            return NULL;
          self = g_ptr_array_index (inner->children, index);
          p = end + 1;
        }
      else
        {
          gsize len;
          ExplorerFormNode *found = NULL;

          if (*p == '.')
            p++;
          len = strcspn (p, ".[");
          if (inner->kind != EXPLORER_FORM_NODE_STRUCT)
            return NULL;
          for (guint i = 0; i < inner->children->len; i++)
            {
              ExplorerFormNode *child = g_ptr_array_index (inner->children, i);

              if (strlen (child->name) == len && strncmp (child->name, p, len) == 0)
                found = child;
            }
          self = found;
          p += len;
        }
    }

  return self;
}

GtkWidget *
explorer_form_node_get_editor (ExplorerFormNode *self)
{
  self = through_nullable (self);
  return self != NULL ? self->editor : NULL;
}

GtkWidget *
explorer_form_node_get_toggle (ExplorerFormNode *self)
{
  return self->toggle;
}

GtkWidget *
explorer_form_node_get_add_button (ExplorerFormNode *self)
{
  self = through_nullable (self);
  return self != NULL ? self->add_button : NULL;
}

GtkWidget *
explorer_form_node_get_key_entry (ExplorerFormNode *self)
{
  return self->key_entry;
}

GtkWidget *
explorer_form_node_get_item_button (ExplorerFormNode *self,
                                    guint             index,
                                    const char       *which)
{
  ExplorerFormNode *item;

  self = through_nullable (self);
  if (self == NULL || self->children == NULL || index >= self->children->len)
    return NULL;
  item = g_ptr_array_index (self->children, index);
  if (g_str_equal (which, "up"))
    return item->up_button;
  if (g_str_equal (which, "down"))
    return item->down_button;
  return item->remove_button;
}

const char *
explorer_form_node_get_error (ExplorerFormNode *self)
{
  ExplorerFormNode *inner = through_nullable (self);

  if (self->error != NULL)
    return self->error;
  return inner != NULL ? inner->error : NULL;
}
