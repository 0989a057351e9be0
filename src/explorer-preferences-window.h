/* explorer-preferences-window.h: the preferences: timeouts, stream size, probing and style,
 * each bound to its GSettings key and applied as it changes. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define EXPLORER_TYPE_PREFERENCES_WINDOW (explorer_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerPreferencesWindow, explorer_preferences_window, EXPLORER,
                      PREFERENCES_WINDOW, AdwPreferencesWindow)

/* A window over parent (may be NULL) that edits settings. */
GtkWindow *explorer_preferences_window_new (GSettings *settings,
                                            GtkWindow *parent);

G_END_DECLS
