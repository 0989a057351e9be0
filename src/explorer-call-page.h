/* explorer-call-page.h: calling one method: its parameters (form or JSON), the flags, a
 * timeout, Call and Cancel, and what came back: one reply, an error with its documentation,
 * a stream in a live log, the raw bytes of an upgraded connection, or why nothing came. */
#pragma once

#include <adwaita.h>

#include "varlink.h"
#include "explorer-parameters-editor.h"
#include "explorer-reply-log.h"
#include "explorer-reply-view.h"
#include "explorer-service.h"
#include "explorer-upgrade-view.h"

G_BEGIN_DECLS

#define EXPLORER_TYPE_CALL_PAGE (explorer_call_page_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerCallPage, explorer_call_page, EXPLORER, CALL_PAGE, AdwBin)

/* What the page shows after a call; "idle" before the first. */
#define EXPLORER_CALL_IDLE      "idle"
#define EXPLORER_CALL_RUNNING   "running"
#define EXPLORER_CALL_REPLY     "reply"      /* one reply, or the end of a stream */
#define EXPLORER_CALL_ERROR     "error"      /* an error reply */
#define EXPLORER_CALL_SENT      "sent"       /* a oneway call was sent */
#define EXPLORER_CALL_UPGRADED  "upgraded"   /* the connection carries raw bytes */
#define EXPLORER_CALL_TIMED_OUT "timed-out"
#define EXPLORER_CALL_CLOSED    "closed"     /* the service closed the connection */
#define EXPLORER_CALL_CANCELLED "cancelled"
#define EXPLORER_CALL_FAILED    "failed"     /* could not connect, malformed reply, ... */
#define EXPLORER_CALL_INVALID   "invalid"    /* nothing sent: the parameters are not valid */

/* service may be NULL (an interface file opened on its own: nothing to call). method is a
 * method of interface. */
ExplorerCallPage         *explorer_call_page_new              (ExplorerService  *service,
                                                               VarlinkMember    *method,
                                                               VarlinkInterface *interface);
/* For services without introspection: a method name entry and the JSON editor. */
ExplorerCallPage         *explorer_call_page_new_by_name      (ExplorerService  *service);

/* A window of its own with a call page by name for service, over parent. */
GtkWindow                *explorer_call_page_open_window      (ExplorerService  *service,
                                                               GtkWindow        *parent);

ExplorerService          *explorer_call_page_get_service      (ExplorerCallPage *self);
VarlinkMember            *explorer_call_page_get_method       (ExplorerCallPage *self);
/* The full name of the method called. */
const char               *explorer_call_page_get_method_name  (ExplorerCallPage *self);
void                      explorer_call_page_set_method_name  (ExplorerCallPage *self,
                                                               const char       *name);

/* Starts a call with what the page shows (as Call and Ctrl+Return do). A call already
 * running on this page is cancelled first. */
void                      explorer_call_page_call             (ExplorerCallPage *self);
/* As Cancel and Escape do; nothing when no call runs. */
void                      explorer_call_page_cancel           (ExplorerCallPage *self);
/* The "running" property. */
gboolean                  explorer_call_page_get_running      (ExplorerCallPage *self);
/* One of EXPLORER_CALL_*; the "state" property. */
const char               *explorer_call_page_get_state        (ExplorerCallPage *self);
/* The result's headline and the sentences under it, as shown. */
const char               *explorer_call_page_get_status_title   (ExplorerCallPage *self);
const char               *explorer_call_page_get_status_details (ExplorerCallPage *self);
/* Replies received by the last call. */
guint64                   explorer_call_page_get_n_replies    (ExplorerCallPage *self);

/* Re-opening a call (from the history): parameters, flags, timeout (seconds, 0 = none). */
void                      explorer_call_page_set_parameters   (ExplorerCallPage *self,
                                                               JsonObject       *parameters);
VarlinkCallFlags          explorer_call_page_get_flags        (ExplorerCallPage *self);
void                      explorer_call_page_set_flags        (ExplorerCallPage *self,
                                                               VarlinkCallFlags  flags);
guint                     explorer_call_page_get_timeout      (ExplorerCallPage *self);
void                      explorer_call_page_set_timeout      (ExplorerCallPage *self,
                                                               guint             seconds);

ExplorerParametersEditor *explorer_call_page_get_editor       (ExplorerCallPage *self);
ExplorerReplyView        *explorer_call_page_get_reply_view   (ExplorerCallPage *self);
/* The log of the last `more` call, or NULL before the first. */
ExplorerReplyLog         *explorer_call_page_get_reply_log    (ExplorerCallPage *self);
ExplorerUpgradeView      *explorer_call_page_get_upgrade_view (ExplorerCallPage *self);

G_END_DECLS
