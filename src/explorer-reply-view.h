/* explorer-reply-view.h: one reply (or an error's parameters) as a tree typed by the IDL
 * (field, type, value) and as formatted JSON, with a value or the whole reply copied. */
#pragma once

#include <adwaita.h>

#include "varlink.h"

G_BEGIN_DECLS

#define EXPLORER_TYPE_REPLY_VIEW (explorer_reply_view_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerReplyView, explorer_reply_view, EXPLORER, REPLY_VIEW, AdwBin)

/* More rows than this are left to the JSON view: a tree of a huge reply helps nobody. */
#define EXPLORER_REPLY_VIEW_MAX_ROWS 2000

ExplorerReplyView *explorer_reply_view_new           (void);
/* type is the struct the parameters should be (a method's output, an error's parameters), or
 * NULL; named types resolve through interface. */
void               explorer_reply_view_show          (ExplorerReplyView *self,
                                                      JsonObject        *parameters,
                                                      VarlinkType       *type,
                                                      VarlinkInterface  *interface);
void               explorer_reply_view_clear         (ExplorerReplyView *self);
/* The reply as formatted JSON, as the JSON view shows it; NULL when cleared. */
const char        *explorer_reply_view_get_text      (ExplorerReplyView *self);
/* The rows of the tree: "field\ttype\tvalue", the field indented by two spaces a level. */
guint              explorer_reply_view_get_n_rows    (ExplorerReplyView *self);
char              *explorer_reply_view_dup_row       (ExplorerReplyView *self,
                                                      guint              index);
/* The row's value as JSON text, what copying it puts on the clipboard. */
char              *explorer_reply_view_dup_row_value (ExplorerReplyView *self,
                                                      guint              index);
void               explorer_reply_view_copy_row      (ExplorerReplyView *self,
                                                      guint              index);
void               explorer_reply_view_copy_all      (ExplorerReplyView *self);
/* "tree" or "json". */
void               explorer_reply_view_set_view      (ExplorerReplyView *self,
                                                      const char        *view);

G_END_DECLS
