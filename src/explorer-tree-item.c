/* explorer-tree-item.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n.h>

#include "explorer-tree-item.h"

struct _ExplorerTreeItem
{
  GObject               parent_instance;

  ExplorerTreeItemKind  kind;
  char                 *title;
  char                 *subtitle;
  VarlinkInterface     *interface;
  VarlinkMember        *member;
  GListStore           *children;
  GFile                *file;
};

G_DEFINE_FINAL_TYPE (ExplorerTreeItem, explorer_tree_item, G_TYPE_OBJECT)

static void
explorer_tree_item_finalize (GObject *object)
{
  ExplorerTreeItem *self = EXPLORER_TREE_ITEM (object);

  g_clear_pointer (&self->title, g_free);
  g_clear_pointer (&self->subtitle, g_free);
  g_clear_object (&self->interface);
  g_clear_object (&self->member);
  g_clear_object (&self->children);
  g_clear_object (&self->file);

  G_OBJECT_CLASS (explorer_tree_item_parent_class)->finalize (object);
}

static void
explorer_tree_item_class_init (ExplorerTreeItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = explorer_tree_item_finalize;
}

static void
explorer_tree_item_init (ExplorerTreeItem *self)
{
}

/* Documentation can span lines; a row shows only the first. */
static char *
first_line (const char *text)
{
  const char *end;

  if (text == NULL || *text == '\0')
    return NULL;

  end = strchr (text, '\n');
  return end ? g_strndup (text, end - text) : g_strdup (text);
}

static void
add_section (GListStore       *children,
             VarlinkInterface *interface,
             VarlinkMemberKind kind,
             const char       *title)
{
  GListModel *members = varlink_interface_get_members (interface);
  guint n = g_list_model_get_n_items (members);
  gboolean have_heading = FALSE;

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(VarlinkMember) member = g_list_model_get_item (members, i);
      g_autoptr(ExplorerTreeItem) item = NULL;

      if (varlink_member_get_kind (member) != kind)
        continue;

      if (!have_heading)
        {
          g_autoptr(ExplorerTreeItem) heading = explorer_tree_item_new_section (title);

          g_list_store_append (children, heading);
          have_heading = TRUE;
        }

      item = explorer_tree_item_new_member (member);
      item->interface = g_object_ref (interface);
      g_list_store_append (children, item);
    }
}

ExplorerTreeItem *
explorer_tree_item_new_interface (const char       *name,
                                  VarlinkInterface *parsed,
                                  const char       *problem)
{
  ExplorerTreeItem *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (parsed == NULL || VARLINK_IS_INTERFACE (parsed), NULL);

  self = g_object_new (EXPLORER_TYPE_TREE_ITEM, NULL);
  self->kind = EXPLORER_TREE_ITEM_INTERFACE;
  self->title = g_strdup (name);
  self->children = g_list_store_new (EXPLORER_TYPE_TREE_ITEM);

  if (parsed != NULL)
    {
      self->interface = g_object_ref (parsed);
      self->subtitle = first_line (varlink_interface_get_doc (parsed));
      add_section (self->children, parsed, VARLINK_MEMBER_KIND_METHOD, _("Methods"));
      add_section (self->children, parsed, VARLINK_MEMBER_KIND_TYPE, _("Types"));
      add_section (self->children, parsed, VARLINK_MEMBER_KIND_ERROR, _("Errors"));
    }
  else
    {
      self->subtitle = g_strdup (problem);
    }

  return self;
}

ExplorerTreeItem *
explorer_tree_item_new_section (const char *title)
{
  ExplorerTreeItem *self;

  g_return_val_if_fail (title != NULL, NULL);

  self = g_object_new (EXPLORER_TYPE_TREE_ITEM, NULL);
  self->kind = EXPLORER_TREE_ITEM_SECTION;
  self->title = g_strdup (title);

  return self;
}

ExplorerTreeItem *
explorer_tree_item_new_member (VarlinkMember *member)
{
  ExplorerTreeItem *self;

  g_return_val_if_fail (VARLINK_IS_MEMBER (member), NULL);

  self = g_object_new (EXPLORER_TYPE_TREE_ITEM, NULL);
  self->kind = EXPLORER_TREE_ITEM_MEMBER;
  self->member = g_object_ref (member);
  self->title = g_strdup (varlink_member_get_name (member));
  self->subtitle = g_strdup (varlink_member_get_summary (member));

  return self;
}

ExplorerTreeItem *
explorer_tree_item_new_hit (ExplorerTreeItem *target,
                            const char       *where)
{
  ExplorerTreeItem *self;

  g_return_val_if_fail (EXPLORER_IS_TREE_ITEM (target), NULL);

  self = g_object_new (EXPLORER_TYPE_TREE_ITEM, NULL);
  self->kind = target->kind;
  self->title = g_strdup (target->title);
  self->subtitle = g_strdup (where);
  g_set_object (&self->interface, target->interface);
  g_set_object (&self->member, target->member);
  g_set_object (&self->file, target->file);

  return self;
}

ExplorerTreeItemKind
explorer_tree_item_get_kind (ExplorerTreeItem *self)
{
  g_return_val_if_fail (EXPLORER_IS_TREE_ITEM (self), EXPLORER_TREE_ITEM_SECTION);

  return self->kind;
}

const char *
explorer_tree_item_get_title (ExplorerTreeItem *self)
{
  g_return_val_if_fail (EXPLORER_IS_TREE_ITEM (self), NULL);

  return self->title;
}

const char *
explorer_tree_item_get_subtitle (ExplorerTreeItem *self)
{
  g_return_val_if_fail (EXPLORER_IS_TREE_ITEM (self), NULL);

  return self->subtitle;
}

VarlinkInterface *
explorer_tree_item_get_interface (ExplorerTreeItem *self)
{
  g_return_val_if_fail (EXPLORER_IS_TREE_ITEM (self), NULL);

  return self->interface;
}

VarlinkMember *
explorer_tree_item_get_member (ExplorerTreeItem *self)
{
  g_return_val_if_fail (EXPLORER_IS_TREE_ITEM (self), NULL);

  return self->member;
}

GListModel *
explorer_tree_item_get_children (ExplorerTreeItem *self)
{
  g_return_val_if_fail (EXPLORER_IS_TREE_ITEM (self), NULL);

  return self->children ? G_LIST_MODEL (self->children) : NULL;
}

char *
explorer_tree_item_dup_text (ExplorerTreeItem *self)
{
  g_return_val_if_fail (EXPLORER_IS_TREE_ITEM (self), NULL);

  switch (self->kind)
    {
    case EXPLORER_TREE_ITEM_INTERFACE:
      if (self->interface != NULL)
        return g_strdup (varlink_interface_get_text (self->interface));
      /* Translators: %s says why an interface description could not be read */
      return g_strdup_printf (_("The description of this interface could not be read: %s"),
                              self->subtitle ? self->subtitle : "");

    case EXPLORER_TREE_ITEM_MEMBER:
      return varlink_member_format (self->member);

    case EXPLORER_TREE_ITEM_SECTION:
    default:
      return NULL;
    }
}

const char *
explorer_tree_item_get_full_name (ExplorerTreeItem *self)
{
  g_return_val_if_fail (EXPLORER_IS_TREE_ITEM (self), NULL);

  switch (self->kind)
    {
    case EXPLORER_TREE_ITEM_INTERFACE:
      return self->title;

    case EXPLORER_TREE_ITEM_MEMBER:
      return varlink_member_get_full_name (self->member);

    case EXPLORER_TREE_ITEM_SECTION:
    default:
      return NULL;
    }
}

GFile *
explorer_tree_item_get_file (ExplorerTreeItem *self)
{
  g_return_val_if_fail (EXPLORER_IS_TREE_ITEM (self), NULL);

  return self->file;
}

void
explorer_tree_item_set_file (ExplorerTreeItem *self,
                             GFile            *file)
{
  g_return_if_fail (EXPLORER_IS_TREE_ITEM (self));
  g_return_if_fail (file == NULL || G_IS_FILE (file));

  g_set_object (&self->file, file);
}
