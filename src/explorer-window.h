/* explorer-window.h: the main window: services | interfaces | content. */
#pragma once

#include <adwaita.h>

#include "explorer-history.h"

G_BEGIN_DECLS

#define EXPLORER_TYPE_WINDOW (explorer_window_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerWindow, explorer_window, EXPLORER, WINDOW, AdwApplicationWindow)

ExplorerWindow *explorer_window_new          (GtkApplication *application);
/* Shows the service at address (added to the sidebar), opening it. */
void            explorer_window_open_address (ExplorerWindow *self,
                                              const char     *address);
void            explorer_window_open_demo    (ExplorerWindow *self);
/* Shows a toast over the window; takes ownership of toast. */
void            explorer_window_add_toast    (ExplorerWindow *self,
                                              AdwToast       *toast);

/* Shows the call's service and method with the call's parameters and flags in the form
 * (once the service is read). */
void            explorer_window_reopen_call  (ExplorerWindow       *self,
                                              ExplorerHistoryEntry *entry);

G_END_DECLS
