/* explorer-service-page.h: the middle pane: a service's GetInfo facts and one tree per
 * interface, with a search across all of them; or why the service cannot be read; or an
 * interface file opened on its own. */
#pragma once

#include <adwaita.h>

#include "explorer-service.h"
#include "explorer-tree-item.h"

G_BEGIN_DECLS

#define EXPLORER_TYPE_SERVICE_PAGE (explorer_service_page_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerServicePage, explorer_service_page, EXPLORER, SERVICE_PAGE, AdwBin)

ExplorerServicePage *explorer_service_page_new            (void);

ExplorerService     *explorer_service_page_get_service    (ExplorerServicePage *self);
void                 explorer_service_page_set_service    (ExplorerServicePage *self,
                                                           ExplorerService     *service);
/* Reads file (asynchronously), validates it strictly, and shows its tree when it parses;
 * emits ::show-source with its text and problems. */
void                 explorer_service_page_open_file      (ExplorerServicePage *self,
                                                           GFile               *file);
/* Asks for a .varlink file to open on its own. */
void                 explorer_service_page_choose_file    (ExplorerServicePage *self);
/* Asks for a .varlink file to attach to the service shown. */
void                 explorer_service_page_choose_attachment (ExplorerServicePage *self);

/* "empty", "loading", "error", "invalid-file" or "ready". */
const char          *explorer_service_page_get_page_name  (ExplorerServicePage *self);
const char          *explorer_service_page_get_error_title (ExplorerServicePage *self);
/* "vendor", "product", "version" or "url". */
const char          *explorer_service_page_get_fact       (ExplorerServicePage *self,
                                                           const char          *fact);
/* The rows of the interface tree as shown (GtkTreeListRow items). */
GListModel          *explorer_service_page_get_tree       (ExplorerServicePage *self);
/* Expands the interface and selects "interface" or "interface.Member"; FALSE when absent. */
gboolean             explorer_service_page_select         (ExplorerServicePage *self,
                                                           const char          *name);

void                 explorer_service_page_focus_search   (ExplorerServicePage *self);
void                 explorer_service_page_set_search_text (ExplorerServicePage *self,
                                                            const char          *text);
/* The hits of the current search: ExplorerTreeItem items whose subtitle says where. */
GListModel          *explorer_service_page_get_results    (ExplorerServicePage *self);
/* Navigates to the hit at index, as activating its row does. */
void                 explorer_service_page_activate_result (ExplorerServicePage *self,
                                                            guint                index);

G_END_DECLS
