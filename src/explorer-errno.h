/* explorer-errno.h: errno numbers as their E* names, for the errno errors systemd sends
 * (io.systemd.System with {"errno": N, "errnoName": "ENOENT"}). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* "ENOENT" for 2, NULL for a number this system does not know. */
const char *explorer_errno_name     (int errnum);
/* "ENOENT (2): No such file or directory"; name may be NULL (then looked up). */
char       *explorer_errno_describe (int         errnum,
                                     const char *name);

G_END_DECLS
