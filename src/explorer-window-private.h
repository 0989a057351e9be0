/* explorer-window-private.h: what tests need to look into a window. */
#pragma once

#include "explorer-definition-view.h"
#include "explorer-service-page.h"
#include "explorer-service.h"
#include "explorer-sidebar.h"
#include "explorer-window.h"

G_BEGIN_DECLS

/* Saves the window's size and its panes' sizes (done when it closes). */
void             explorer_window_save_state         (ExplorerWindow *self);
/* The timeout services opened from now on get (milliseconds). */
void             explorer_window_set_timeout        (ExplorerWindow *self,
                                                     guint           timeout_ms);
/* The service shown, or NULL. */
ExplorerService *explorer_window_get_service        (ExplorerWindow *self);
/* "empty", "loading", "error" or "ready". */
const char      *explorer_window_get_service_page   (ExplorerWindow *self);
/* The headline of the error page. */
const char      *explorer_window_get_error_title    (ExplorerWindow *self);
/* The text of a fact label: "vendor", "product", "version" or "url". */
const char      *explorer_window_get_fact           (ExplorerWindow *self,
                                                     const char     *fact);
/* The rows of the interface tree as shown (GtkTreeListRow items). */
GListModel      *explorer_window_get_tree           (ExplorerWindow *self);
/* Expands the interface and selects the member named "interface.Name" (or the interface
 * itself when name has no member part); FALSE when there is no such row. */
gboolean         explorer_window_select             (ExplorerWindow *self,
                                                     const char     *name);
/* The text of the content pane, or NULL when it shows nothing. */
char            *explorer_window_dup_content_text   (ExplorerWindow *self);
/* The middle and the right pane. */
ExplorerServicePage    *explorer_window_get_service_page_widget (ExplorerWindow *self);
ExplorerDefinitionView *explorer_window_get_definition_view     (ExplorerWindow *self);
/* Whether the address entry has the keyboard focus. */
gboolean         explorer_window_address_has_focus  (ExplorerWindow *self);

/* The left pane. */
ExplorerSidebar *explorer_window_get_sidebar        (ExplorerWindow *self);

G_END_DECLS
