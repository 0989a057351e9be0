/* explorer-test-util.h: what the window tests share: running the main loop for a while,
 * waiting for a service to settle, finding labels, and screenshots to look at by eye. */
#pragma once

#include <gtk/gtk.h>

#include "explorer-call-page.h"
#include "explorer-service.h"

G_BEGIN_DECLS

/* Runs the main loop for ms milliseconds, so the window can lay out and draw. */
void     explorer_test_iterate_for         (guint            ms);
/* Runs the main loop until the service has left IDLE and CONNECTING (or deadline_s passes);
 * returns how often a 50 ms timer fired meanwhile: a blocked main loop would not. */
guint    explorer_test_wait_until_settled  (ExplorerService *service,
                                            guint            deadline_s);
/* Whether a mapped label under widget shows exactly text. */
gboolean explorer_test_find_label          (GtkWidget       *widget,
                                            const char      *text);
/* A unix socket listening at path that nobody accepts on: a service that never answers. */
GSocket *explorer_test_listen_unix         (const char      *path);
/* With EXPLORER_SCREENSHOT_DIR set, saves what the window (any GtkNative widget) shows as
 * NAME.png there (NAME-dark.png with EXPLORER_SCREENSHOT_DARK set); tests never compare
 * pictures. */
void     explorer_test_save_screenshot     (gpointer         window,
                                            const char      *name);

/* Puts parameters, given as JSON text, into a call page's form. */
void     explorer_test_set_call_parameters (ExplorerCallPage *page,
                                            const char       *json);
/* Runs the main loop until the page's call has ended; fails after seconds. */
void     explorer_test_wait_for_call_end   (ExplorerCallPage *page,
                                            guint             seconds);
/* Calls, checks the call runs, and waits (20 s at most) for it to end. */
void     explorer_test_call_and_wait       (ExplorerCallPage *page);

G_END_DECLS
