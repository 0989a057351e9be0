/* explorer-window-actions.h: the window's actions on what it shows: copy the service's
 * address (win.copy-address, Ctrl+Shift+C), copy an interface's description as the service
 * sent it (win.copy-description), bookmark the service (win.bookmark-service, a toggle,
 * Ctrl+D). */
#pragma once

#include "explorer-window.h"

G_BEGIN_DECLS

/* Adds the actions to the window and keeps them enabled only when they apply; called once
 * from the window's init, after its template. */
void explorer_window_actions_init (ExplorerWindow *self);

G_END_DECLS
