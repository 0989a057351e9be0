/* explorer-tree-item.h: one node of a service's interface tree (an interface, a section
 * heading, or a member), with its children for GtkTreeListModel. */
#pragma once

#include <gio/gio.h>

#include "varlink.h"

G_BEGIN_DECLS

typedef enum {
  EXPLORER_TREE_ITEM_INTERFACE,
  EXPLORER_TREE_ITEM_SECTION,
  EXPLORER_TREE_ITEM_MEMBER,
} ExplorerTreeItemKind;

#define EXPLORER_TYPE_TREE_ITEM (explorer_tree_item_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerTreeItem, explorer_tree_item, EXPLORER, TREE_ITEM, GObject)

/* An interface; parsed is NULL and problem says why when its description could not be read. */
ExplorerTreeItem     *explorer_tree_item_new_interface (const char       *name,
                                                        VarlinkInterface *parsed,
                                                        const char       *problem);
ExplorerTreeItem     *explorer_tree_item_new_section   (const char       *title);
ExplorerTreeItem     *explorer_tree_item_new_member    (VarlinkMember    *member);
/* A search result: shows target's title with where (the place of the match) as subtitle,
 * and stands for target (same kind, interface and member). */
ExplorerTreeItem     *explorer_tree_item_new_hit       (ExplorerTreeItem *target,
                                                        const char       *where);

ExplorerTreeItemKind  explorer_tree_item_get_kind      (ExplorerTreeItem *self);
const char           *explorer_tree_item_get_title     (ExplorerTreeItem *self);
/* A one-line summary (first line of the documentation, or a problem), or NULL. */
const char           *explorer_tree_item_get_subtitle  (ExplorerTreeItem *self);
/* For an interface and for its members: the parsed interface, or NULL. */
VarlinkInterface     *explorer_tree_item_get_interface (ExplorerTreeItem *self);
VarlinkMember        *explorer_tree_item_get_member    (ExplorerTreeItem *self);
/* For an interface: its section headings and members, in order; NULL for other kinds. */
GListModel           *explorer_tree_item_get_children  (ExplorerTreeItem *self);
/* The text the content pane shows for this item, or NULL (section headings). */
char                 *explorer_tree_item_dup_text      (ExplorerTreeItem *self);
/* "interface" or "interface.Member"; NULL for section headings. */
const char           *explorer_tree_item_get_full_name (ExplorerTreeItem *self);

/* An interface read from a local file rather than from the service (attached to a service
 * without introspection, or opened on its own); NULL when it came from the service. */
GFile                *explorer_tree_item_get_file      (ExplorerTreeItem *self);
void                  explorer_tree_item_set_file      (ExplorerTreeItem *self,
                                                        GFile            *file);

G_END_DECLS
