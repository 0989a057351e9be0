/* explorer-form-node.h: the widgets of a form generated from a Varlink type, as a tree of
 * nodes that mirrors the type: each node builds its widgets, checks its input as the user
 * types, reads its value as JSON and shows a JSON value. Nested parts that can be absent
 * or empty (nullables, arrays, maps) are built only when the user adds them, so recursive
 * types never loop. */
#pragma once

#include <gtk/gtk.h>

#include "varlink.h"

G_BEGIN_DECLS

typedef struct _ExplorerFormNode ExplorerFormNode;

typedef enum {
  EXPLORER_FORM_NODE_SCALAR,    /* bool, int, float, string, enum, object, any */
  EXPLORER_FORM_NODE_STRUCT,
  EXPLORER_FORM_NODE_ARRAY,
  EXPLORER_FORM_NODE_MAP,       /* also sets */
  EXPLORER_FORM_NODE_ENTRY,     /* one key of a map, with its value (none for a set) */
  EXPLORER_FORM_NODE_NULLABLE,  /* a "set" toggle and, when on, the value */
} ExplorerFormNodeKind;

/* Called after every edit the user makes (and after programmatic ones, unless frozen). */
typedef void (*ExplorerFormChangedFunc) (gpointer user_data);

/* input is the struct of a method's input. */
ExplorerFormNode     *explorer_form_node_new_root       (const VarlinkType       *input,
                                                         VarlinkInterface        *interface,
                                                         ExplorerFormChangedFunc  changed,
                                                         gpointer                 user_data);
void                  explorer_form_node_free           (ExplorerFormNode        *self);

GtkWidget            *explorer_form_node_get_widget     (ExplorerFormNode        *self);
ExplorerFormNodeKind  explorer_form_node_get_kind       (ExplorerFormNode        *self);
/* The path of the node as the type check writes it: "value.tags[1]", "scores[\"a\"]". */
char                 *explorer_form_node_dup_path       (ExplorerFormNode        *self);

/* The value, or NULL with an error naming the field path. A nullable that is not set
 * gives a JSON null (a struct leaves such fields out). */
JsonNode             *explorer_form_node_dup_value      (ExplorerFormNode        *self,
                                                         GError                 **error);
/* Shows value (NULL: absent). FALSE when the form cannot show all of it exactly (extra
 * fields, wrong types): it then shows what it can. */
gboolean              explorer_form_node_set_value      (ExplorerFormNode        *self,
                                                         JsonNode                *value);
gboolean              explorer_form_node_is_valid       (ExplorerFormNode        *self);

/* Suppresses the changed callback while the form is filled in code. */
void                  explorer_form_node_freeze         (ExplorerFormNode        *self);
void                  explorer_form_node_thaw           (ExplorerFormNode        *self);

/* For tests and the editor: the node at path, with "[N]" the N-th item of an array or the
 * N-th entry of a map ("value.scores[0]" is the map's first entry). A nullable that is not
 * set has no children. */
ExplorerFormNode     *explorer_form_node_lookup         (ExplorerFormNode        *self,
                                                         const char              *path);
/* The entry, switch or drop-down of a scalar (through a nullable that is set). */
GtkWidget            *explorer_form_node_get_editor     (ExplorerFormNode        *self);
/* The check button of a nullable. */
GtkWidget            *explorer_form_node_get_toggle     (ExplorerFormNode        *self);
/* The "add" button of an array or map (through a nullable that is set). */
GtkWidget            *explorer_form_node_get_add_button (ExplorerFormNode        *self);
/* The key entry of a map entry. */
GtkWidget            *explorer_form_node_get_key_entry  (ExplorerFormNode        *self);
/* Item N's "move up", "move down" and "remove" buttons of an array or map. */
GtkWidget            *explorer_form_node_get_item_button (ExplorerFormNode       *self,
                                                          guint                   index,
                                                          const char             *which);
/* Why the node's input is invalid, or NULL. */
const char           *explorer_form_node_get_error      (ExplorerFormNode        *self);

G_END_DECLS
