/* explorer-list-follower.h: keeps a GtkListView at its newest (last) row while a toggle
 * button is active, and lets a person stop that by going back in the list. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EXPLORER_TYPE_LIST_FOLLOWER (explorer_list_follower_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerListFollower, explorer_list_follower, EXPLORER, LIST_FOLLOWER, GObject)

/* Following is on while button is active. Scrolling up, a click in the list or a key that
 * moves up turns it off; scrolling back down to the end, or the button, turns it on. */
ExplorerListFollower *explorer_list_follower_new    (GtkListView          *list_view,
                                                     GtkScrolledWindow    *scrolled_window,
                                                     GtkToggleButton      *button);
/* Shows the last row if following: call it when rows were added. */
void                  explorer_list_follower_follow (ExplorerListFollower *self);

G_END_DECLS
