/* explorer-application.h: the application: command line, windows, app-wide actions. */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define EXPLORER_TYPE_APPLICATION (explorer_application_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerApplication, explorer_application, EXPLORER, APPLICATION,
                      AdwApplication)

ExplorerApplication *explorer_application_new (void);

/* The values of the color-scheme setting. */
typedef enum {
  EXPLORER_COLOR_SCHEME_DEFAULT,
  EXPLORER_COLOR_SCHEME_LIGHT,
  EXPLORER_COLOR_SCHEME_DARK,
} ExplorerColorScheme;

/* Checks interface files strictly and prints each problem as FILE:LINE:COLUMN: error: TEXT
 * to stderr. Returns the exit status: 0 when every file is valid, 1 otherwise. */
int                  explorer_validate_idl_files (const char * const *files);

/* Whether path names an existing file other than a directory (a socket, a program); the
 * splitter asks, so that tests can answer for it. */
typedef gboolean   (*ExplorerFileExistsFunc)      (const char             *path,
                                                   gpointer                user_data);

/* Splits a command-line location ADDRESS, ADDRESS/INTERFACE or ADDRESS/INTERFACE.Member into
 * the address and the target (NULL when there is none); see the comment at its definition for
 * the rule. Returns whether there is a target. */
gboolean             explorer_split_location      (const char             *location,
                                                   ExplorerFileExistsFunc  exists,
                                                   gpointer                user_data,
                                                   char                  **address,
                                                   char                  **target);

G_END_DECLS
