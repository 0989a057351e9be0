/* explorer-connect-dialog.h: asks for an address in any form the module knows, checks it as
 * it is typed, and says what connecting will do (start a program, send in clear text). */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define EXPLORER_TYPE_CONNECT_DIALOG (explorer_connect_dialog_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerConnectDialog, explorer_connect_dialog, EXPLORER, CONNECT_DIALOG,
                      AdwWindow)

/* "connect" (const char *address) is emitted with the canonical address when the user
 * connects; the dialog then closes. */
ExplorerConnectDialog *explorer_connect_dialog_new          (GtkWindow             *parent);

/* For tests: what is typed, the message under the entry (NULL when there is none), the note
 * about what connecting does (NULL when there is none), whether Connect is possible, and
 * pressing it (FALSE when it is not possible). */
void                   explorer_connect_dialog_set_text     (ExplorerConnectDialog *self,
                                                             const char            *text);
const char            *explorer_connect_dialog_get_error    (ExplorerConnectDialog *self);
const char            *explorer_connect_dialog_get_note     (ExplorerConnectDialog *self);
gboolean               explorer_connect_dialog_can_connect  (ExplorerConnectDialog *self);
gboolean               explorer_connect_dialog_connect      (ExplorerConnectDialog *self);

G_END_DECLS
