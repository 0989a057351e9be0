/* explorer-application.h: the application: command line, windows, app-wide actions. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define EXPLORER_TYPE_APPLICATION (explorer_application_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerApplication, explorer_application, EXPLORER, APPLICATION,
                      AdwApplication)

ExplorerApplication *explorer_application_new (void);

/* Checks interface files strictly and prints each problem as FILE:LINE:COLUMN: error: TEXT
 * to stderr. Returns the exit status: 0 when every file is valid, 1 otherwise. */
int                  explorer_validate_idl_files (const char * const *files);

G_END_DECLS
