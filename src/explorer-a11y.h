/* explorer-a11y.h: accessible names GTK 4.8 and libadwaita 1.2 leave out, added where the
 * app's views are built. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Names the scrolled window of every AdwStatusPage under root after the page's title: it
 * takes the keyboard focus when nothing inside can, and would be read as an empty stop. */
void explorer_a11y_name_status_pages (GtkWidget *root);

G_END_DECLS
