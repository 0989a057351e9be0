/* explorer-release.h: frees large batches of what a bounded log drops (replies, traffic
 * messages) in a worker thread, so that a fast stream's main loop does not spend its frames
 * in free(). */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Takes items, a GPtrArray whose free function releases each element; the elements must
 * be safe to release from another thread (atomic reference counts, nothing else changing
 * them). Small batches, or any while the worker is behind, are released at once. */
void explorer_release_elsewhere (GPtrArray *items);

G_END_DECLS
