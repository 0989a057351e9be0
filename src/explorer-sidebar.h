/* explorer-sidebar.h: the left pane: every service discovery found, section by section, each
 * with its state, the saved addresses (removable), and an entry to type an address. */
#pragma once

#include <gtk/gtk.h>

#include "explorer-discovery.h"
#include "explorer-service.h"

G_BEGIN_DECLS

#define EXPLORER_TYPE_SIDEBAR (explorer_sidebar_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerSidebar, explorer_sidebar, EXPLORER, SIDEBAR, GtkWidget)

GtkWidget         *explorer_sidebar_new               (void);
ExplorerDiscovery *explorer_sidebar_get_discovery     (ExplorerSidebar *self);

/* The service chosen last, or NULL. "service-chosen" is emitted each time a row is chosen,
 * also again for the same one (to retry it). */
ExplorerService   *explorer_sidebar_get_service       (ExplorerSidebar *self);

/* Chooses the service at address: the row already listed for it, else a new Recent one. An
 * address that does not parse is kept as typed (the service then says why). */
void               explorer_sidebar_open_address      (ExplorerSidebar *self,
                                                       const char      *address);
void               explorer_sidebar_open_demo         (ExplorerSidebar *self);
/* The timeout services opened from now on get. */
void               explorer_sidebar_set_timeout       (ExplorerSidebar *self,
                                                       guint            timeout_ms);

void               explorer_sidebar_focus_address     (ExplorerSidebar *self);
gboolean           explorer_sidebar_address_has_focus (ExplorerSidebar *self);

/* The row widget of a service in the sidebar, or NULL (for tests). */
GtkWidget         *explorer_sidebar_get_row           (ExplorerSidebar *self,
                                                       ExplorerService *service);
/* What a row says about its service's state, translated ("Answers", "Needs root", ...). */
char              *explorer_sidebar_dup_state_text    (ExplorerService *service);

G_END_DECLS
