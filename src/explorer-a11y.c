/* explorer-a11y.c: accessible names GTK 4.8 and libadwaita 1.2 leave out.
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <adwaita.h>

#include "explorer-a11y.h"

static void
name_scroller (AdwStatusPage *page)
{
  const char *title = adw_status_page_get_title (page);

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (page));
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      if (!GTK_IS_SCROLLED_WINDOW (child))
        continue;
      if (title != NULL && title[0] != '\0')
        gtk_accessible_update_property (GTK_ACCESSIBLE (child),
                                        GTK_ACCESSIBLE_PROPERTY_LABEL, title,
                                        -1);
      else
        gtk_accessible_reset_property (GTK_ACCESSIBLE (child), GTK_ACCESSIBLE_PROPERTY_LABEL);
    }
}

static void
on_title_changed (AdwStatusPage *page,
                  GParamSpec    *pspec,
                  gpointer       user_data)
{
  name_scroller (page);
}

void
explorer_a11y_name_status_pages (GtkWidget *root)
{
  g_return_if_fail (GTK_IS_WIDGET (root));

  if (ADW_IS_STATUS_PAGE (root))
    {
      name_scroller (ADW_STATUS_PAGE (root));
      /* Pages that say what went wrong change their title. */
      g_signal_connect (root, "notify::title", G_CALLBACK (on_title_changed), NULL);
    }

  for (GtkWidget *child = gtk_widget_get_first_child (root);
       child != NULL;
       child = gtk_widget_get_next_sibling (child))
    explorer_a11y_name_status_pages (child);
}
