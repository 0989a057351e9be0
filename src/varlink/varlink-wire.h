/* varlink-wire.h: NUL-framed messages over a pair of non-blocking file descriptors (one
 * socket, or a pipe pair for bridges): large reads split on NUL without rescanning, buffered
 * writes, a size limit and an observer. Shared by client connections and the serving side;
 * internal to the module. Callbacks run on the thread-default main context of creation. */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef enum {
  VARLINK_DIRECTION_SENT,
  VARLINK_DIRECTION_RECEIVED,
} VarlinkDirection;

typedef struct {
  /* One whole message without its terminator; data[length] is the NUL. The bytes may be
   * modified in place and are valid only during the call. */
  void (*message) (gpointer user_data, char *data, gsize length);
  /* Bytes received after varlink_wire_set_raw(). */
  void (*raw)     (gpointer user_data, const guint8 *data, gsize length);
  /* The pending output fell to zero after having been queued (for producers that wait). */
  void (*drained) (gpointer user_data);
  /* Called once: the peer closed its end (error NULL), or reading or writing failed, or a
   * message exceeded the size limit (VARLINK_ERROR_MESSAGE_TOO_LARGE). No callback follows. */
  void (*closed)  (gpointer user_data, const GError *error);
} VarlinkWireFuncs;

/* Called for every whole message sent (when queued) or received (before delivery), with
 * the wall-clock time in microseconds; only when set, so it costs nothing otherwise. */
typedef void (*VarlinkWireObserver) (gpointer          user_data,
                                     VarlinkDirection  direction,
                                     gint64            time_us,
                                     const char       *data,
                                     gsize             length);

#define VARLINK_TYPE_WIRE (varlink_wire_get_type ())
G_DECLARE_FINAL_TYPE (VarlinkWire, varlink_wire, VARLINK, WIRE, GObject)

/* in_fd and out_fd may be the same socket. They are set non-blocking. owner (may be NULL)
 * is kept alive as long as the wire and is what really owns the descriptors (a
 * GSocketConnection, a GSubprocess); with owner NULL the wire closes the descriptors. */
VarlinkWire *varlink_wire_new                  (int                      in_fd,
                                                int                      out_fd,
                                                GObject                 *owner,
                                                const VarlinkWireFuncs  *funcs,
                                                gpointer                 user_data);
void         varlink_wire_set_observer         (VarlinkWire             *self,
                                                VarlinkWireObserver      observer,
                                                gpointer                 user_data,
                                                GDestroyNotify           destroy);
void         varlink_wire_set_max_message_size (VarlinkWire             *self,
                                                gsize                    max_size);
gsize        varlink_wire_get_max_message_size (VarlinkWire             *self);
/* After budget_us microseconds of delivery without the input running dry (default 8000;
 * during a flood as long as the others took in the last yield, up to 50 ms), the wire
 * stops reading for one turn of the main loop and resumes from an idle at
 * G_PRIORITY_DEFAULT_IDLE, so that lower priorities (redraw, layout) run during a flood.
 * 0 steps aside after every delivering dispatch (for tests), -1 never. */
void         varlink_wire_set_delivery_budget  (VarlinkWire             *self,
                                                gint64                   budget_us);
/* TRUE between stepping aside and resuming. */
gboolean     varlink_wire_is_yielding          (VarlinkWire             *self);

/* Append one message's JSON text to the returned buffer, then call end_message(), which
 * adds the NUL and writes at once unless corked. */
GString     *varlink_wire_begin_message        (VarlinkWire             *self);
void         varlink_wire_end_message          (VarlinkWire             *self);
/* Between cork and uncork, messages collect in the buffer and go out in few writes. */
void         varlink_wire_cork                 (VarlinkWire             *self);
void         varlink_wire_uncork               (VarlinkWire             *self);
gsize        varlink_wire_get_pending_output   (VarlinkWire             *self);

/* While paused nothing is read and no message is delivered (back-pressure, one call at a
 * time on the serving side); resuming delivers what is already buffered first. */
void         varlink_wire_set_paused           (VarlinkWire             *self,
                                                gboolean                 paused);

/* After an upgrade: bytes already buffered past the current message and all later bytes
 * go to funcs->raw, and send_raw() writes unframed bytes. */
void         varlink_wire_set_raw              (VarlinkWire             *self);
gboolean     varlink_wire_is_raw               (VarlinkWire             *self);
void         varlink_wire_send_raw             (VarlinkWire             *self,
                                                const guint8            *data,
                                                gsize                    length);

/* Adaptive busy-poll: tries non-blocking reads for up to max_us microseconds, for a peer
 * expected to answer within that time. Bytes read are never delivered from inside this
 * call: a delivery in progress goes on with them, otherwise the source becomes ready and
 * the next main loop iteration delivers them without sleeping. Returns TRUE when bytes
 * arrived. Does nothing on a single CPU, while paused, or after recent misses (backs off). */
gboolean     varlink_wire_busy_poll            (VarlinkWire             *self,
                                                guint                    max_us);
/* The CPUs this process may run on; busy-poll does nothing with fewer than two. */
guint        varlink_wire_get_usable_cpus      (void);
/* The microseconds of busy-poll wanted by default: 50, or $VARLINK_BUSY_POLL (0: off). */
guint        varlink_wire_get_default_busy_poll (void);
/* Writes what is pending (best effort), stops all callbacks and releases the descriptors. */
void         varlink_wire_close                (VarlinkWire             *self);
gboolean     varlink_wire_is_closed            (VarlinkWire             *self);

G_END_DECLS
