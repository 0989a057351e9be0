/* explorer-definition-view.h: the content pane: an interface's description as highlighted
 * source (with problems marked), or a member's page: documentation, definition with its
 * types as links, hints and where a type is used. */
#pragma once

#include <adwaita.h>

#include "explorer-call-page.h"
#include "explorer-service.h"
#include "explorer-tree-item.h"

G_BEGIN_DECLS

#define EXPLORER_TYPE_DEFINITION_VIEW (explorer_definition_view_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerDefinitionView, explorer_definition_view, EXPLORER, DEFINITION_VIEW, AdwBin)

ExplorerDefinitionView *explorer_definition_view_new             (void);

void        explorer_definition_view_clear            (ExplorerDefinitionView *self);
/* An interface shows its source; a member its page, with the source scrolled to it. */
void        explorer_definition_view_show_item        (ExplorerDefinitionView *self,
                                                       ExplorerTreeItem       *item);
/* Shows text as source with each VarlinkDiagnostic of diagnostics (may be NULL) marked at
 * its line and column and listed under it. */
void        explorer_definition_view_show_source      (ExplorerDefinitionView *self,
                                                       const char             *text,
                                                       GPtrArray              *diagnostics);
/* Switches to the source of the member shown (its line highlighted). */
void        explorer_definition_view_reveal_source    (ExplorerDefinitionView *self);

/* "empty", "source" or "overview". */
const char *explorer_definition_view_get_page         (ExplorerDefinitionView *self);
/* What the visible page shows, as plain text; NULL when empty. */
char       *explorer_definition_view_dup_text         (ExplorerDefinitionView *self);
/* The 1-based line of the cursor in the source. */
guint       explorer_definition_view_get_cursor_line  (ExplorerDefinitionView *self);
guint       explorer_definition_view_get_cursor_column (ExplorerDefinitionView *self);
/* The type names the member page's definition links to, in order. */
GStrv       explorer_definition_view_dup_links        (ExplorerDefinitionView *self);
/* The full names of the members the type shown is used by. */
GStrv       explorer_definition_view_dup_used_by      (ExplorerDefinitionView *self);
/* Follows a link as a click on it does: emits ::navigate with the full name. */
void        explorer_definition_view_activate_link    (ExplorerDefinitionView *self,
                                                       const char             *name);
/* The problems listed under the source, and activating the one at index. */
guint       explorer_definition_view_get_n_problems   (ExplorerDefinitionView *self);
void        explorer_definition_view_activate_problem (ExplorerDefinitionView *self,
                                                       guint                   index);
/* Where a method page leaves room for more (the call form). */
GtkBox     *explorer_definition_view_get_extra_area   (ExplorerDefinitionView *self);
/* The service whose methods the call pages call; NULL: none (pages can't call). */
void        explorer_definition_view_set_service      (ExplorerDefinitionView *self,
                                                       ExplorerService        *service);
/* The call page of the method shown (in the extra area), or NULL. */
ExplorerCallPage *explorer_definition_view_get_call_page (ExplorerDefinitionView *self);

G_END_DECLS
