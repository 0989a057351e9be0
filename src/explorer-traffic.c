/* explorer-traffic.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "explorer-release.h"
#include "explorer-traffic.h"

/* Often enough to look live, rarely enough that a stream of tens of thousands of messages
 * per second costs the view one update per frame or two. */
#define FLUSH_INTERVAL_MS 30

struct _ExplorerTrafficMessage
{
  GObject           parent_instance;

  VarlinkDirection  direction;
  gboolean          raw;
  gint64            time;
  GBytes           *bytes;
  char             *connection;  /* a GRefString shared by the connection's messages */
};

G_DEFINE_FINAL_TYPE (ExplorerTrafficMessage, explorer_traffic_message, G_TYPE_OBJECT)

static void
explorer_traffic_message_finalize (GObject *object)
{
  ExplorerTrafficMessage *self = EXPLORER_TRAFFIC_MESSAGE (object);

  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_clear_pointer (&self->connection, g_ref_string_release);

  G_OBJECT_CLASS (explorer_traffic_message_parent_class)->finalize (object);
}

static void
explorer_traffic_message_class_init (ExplorerTrafficMessageClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = explorer_traffic_message_finalize;
}

static void
explorer_traffic_message_init (ExplorerTrafficMessage *self)
{
}

VarlinkDirection
explorer_traffic_message_get_direction (ExplorerTrafficMessage *self)
{
  g_return_val_if_fail (EXPLORER_IS_TRAFFIC_MESSAGE (self), VARLINK_DIRECTION_SENT);

  return self->direction;
}

gint64
explorer_traffic_message_get_time (ExplorerTrafficMessage *self)
{
  g_return_val_if_fail (EXPLORER_IS_TRAFFIC_MESSAGE (self), 0);

  return self->time;
}

GBytes *
explorer_traffic_message_get_bytes (ExplorerTrafficMessage *self)
{
  g_return_val_if_fail (EXPLORER_IS_TRAFFIC_MESSAGE (self), NULL);

  return self->bytes;
}

const char *
explorer_traffic_message_get_connection (ExplorerTrafficMessage *self)
{
  g_return_val_if_fail (EXPLORER_IS_TRAFFIC_MESSAGE (self), NULL);

  return self->connection;
}

gboolean
explorer_traffic_message_get_raw (ExplorerTrafficMessage *self)
{
  g_return_val_if_fail (EXPLORER_IS_TRAFFIC_MESSAGE (self), FALSE);

  return self->raw;
}

/* The messages live in a ring of max_messages slots, so dropping the oldest costs nothing. */
struct _ExplorerTraffic
{
  GObject     parent_instance;

  guint       max_messages;
  GPtrArray  *ring;     /* grows up to max_messages slots, then wraps */
  guint       head;     /* slot of the oldest message */
  guint       n_items;
  guint64     n_dropped;

  GPtrArray  *pending;  /* messages not yet in the model, oldest first */
  guint       flush_id;
  guint       n_attached;
};

static void explorer_traffic_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ExplorerTraffic, explorer_traffic, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      explorer_traffic_list_model_init))

static GType
explorer_traffic_get_item_type (GListModel *model)
{
  return EXPLORER_TYPE_TRAFFIC_MESSAGE;
}

static guint
explorer_traffic_get_n_items (GListModel *model)
{
  return EXPLORER_TRAFFIC (model)->n_items;
}

static gpointer
explorer_traffic_get_item (GListModel *model,
                           guint       position)
{
  ExplorerTraffic *self = EXPLORER_TRAFFIC (model);

  if (position >= self->n_items)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->ring,
                                          (self->head + position) % self->max_messages));
}

static void
explorer_traffic_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = explorer_traffic_get_item_type;
  iface->get_n_items = explorer_traffic_get_n_items;
  iface->get_item = explorer_traffic_get_item;
}

static void
explorer_traffic_flush (ExplorerTraffic *self)
{
  guint n_new = self->pending->len;
  guint n_dropped = 0;
  guint position;

  if (n_new == 0)
    return;

  /* Only the newest max_messages can be kept. */
  if (n_new > self->max_messages)
    {
      g_ptr_array_remove_range (self->pending, 0, n_new - self->max_messages);
      self->n_dropped += n_new - self->max_messages;
      n_new = self->max_messages;
    }

  if (self->n_items + n_new > self->max_messages)
    {
      GPtrArray *dropped;

      n_dropped = self->n_items + n_new - self->max_messages;
      dropped = g_ptr_array_new_full (n_dropped, g_object_unref);
      for (guint i = 0; i < n_dropped; i++)
        g_ptr_array_add (dropped, g_steal_pointer (&g_ptr_array_index (self->ring,
                                                                       (self->head + i) % self->max_messages)));
      explorer_release_elsewhere (dropped);
      self->head = (self->head + n_dropped) % self->max_messages;
      self->n_items -= n_dropped;
      self->n_dropped += n_dropped;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, n_dropped, 0);
    }

  position = self->n_items;
  for (guint i = 0; i < n_new; i++)
    {
      guint slot = (self->head + self->n_items) % self->max_messages;

      if (slot < self->ring->len)
        g_ptr_array_index (self->ring, slot) = g_steal_pointer (&g_ptr_array_index (self->pending, i));
      else
        g_ptr_array_add (self->ring, g_steal_pointer (&g_ptr_array_index (self->pending, i)));
      self->n_items++;
    }
  g_ptr_array_set_size (self->pending, 0);

  g_list_model_items_changed (G_LIST_MODEL (self), position, 0, n_new);
}

static gboolean
flush_cb (gpointer user_data)
{
  ExplorerTraffic *self = user_data;

  self->flush_id = 0;
  explorer_traffic_flush (self);

  return G_SOURCE_REMOVE;
}

typedef struct
{
  ExplorerTraffic   *traffic;
  VarlinkConnection *connection;  /* unowned: the observer lives and dies with it */
  char              *label;       /* GRefString */
} Observer;

static void
observer_free (gpointer data)
{
  Observer *observer = data;

  g_object_unref (observer->traffic);
  g_ref_string_release (observer->label);
  g_free (observer);
}

static void
observe (gpointer          user_data,
         VarlinkDirection  direction,
         gint64            time_us,
         const char       *data,
         gsize             length)
{
  Observer *observer = user_data;
  ExplorerTraffic *self = observer->traffic;
  ExplorerTrafficMessage *message;

  message = g_object_new (EXPLORER_TYPE_TRAFFIC_MESSAGE, NULL);
  message->direction = direction;
  message->time = time_us;
  message->bytes = g_bytes_new (data, length);
  message->connection = g_ref_string_acquire (observer->label);
  /* The confirming reply of an upgrade is observed before the connection switches, so
   * whatever is observed once it has switched is raw. */
  message->raw = varlink_connection_is_upgraded (observer->connection);

  /* What would be dropped at the next flush anyway is dropped now, so a burst between two
   * flushes keeps memory within twice the bound; dropping in halves keeps it cheap. */
  g_ptr_array_add (self->pending, message);
  if (self->pending->len >= 2 * self->max_messages)
    {
      guint n_dropped = self->pending->len - self->max_messages;
      GPtrArray *dropped = g_ptr_array_new_full (n_dropped, g_object_unref);

      for (guint i = 0; i < n_dropped; i++)
        g_ptr_array_add (dropped, g_steal_pointer (&g_ptr_array_index (self->pending, i)));
      explorer_release_elsewhere (dropped);
      self->n_dropped += n_dropped;
      g_ptr_array_remove_range (self->pending, 0, n_dropped);
    }

  if (self->flush_id == 0)
    {
      self->flush_id = g_timeout_add (FLUSH_INTERVAL_MS, flush_cb, self);
      g_source_set_name_by_id (self->flush_id, "[varlink-explorer] traffic flush");
    }
}

static void
explorer_traffic_dispose (GObject *object)
{
  ExplorerTraffic *self = EXPLORER_TRAFFIC (object);

  g_clear_handle_id (&self->flush_id, g_source_remove);

  G_OBJECT_CLASS (explorer_traffic_parent_class)->dispose (object);
}

static void
explorer_traffic_finalize (GObject *object)
{
  ExplorerTraffic *self = EXPLORER_TRAFFIC (object);

  g_ptr_array_unref (self->ring);
  g_ptr_array_unref (self->pending);

  G_OBJECT_CLASS (explorer_traffic_parent_class)->finalize (object);
}

static void
explorer_traffic_class_init (ExplorerTrafficClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = explorer_traffic_dispose;
  object_class->finalize = explorer_traffic_finalize;
}

/* Slots emptied by a flush hold NULL, which GPtrArray passes to the free function. */
static void
unref_message (gpointer data)
{
  if (data != NULL)
    g_object_unref (data);
}

static void
explorer_traffic_init (ExplorerTraffic *self)
{
  self->ring = g_ptr_array_new_with_free_func (unref_message);
  self->pending = g_ptr_array_new_with_free_func (unref_message);
}

ExplorerTraffic *
explorer_traffic_new (guint max_messages)
{
  ExplorerTraffic *self;

  g_return_val_if_fail (max_messages > 0, NULL);

  self = g_object_new (EXPLORER_TYPE_TRAFFIC, NULL);
  self->max_messages = max_messages;

  return self;
}

void
explorer_traffic_attach (ExplorerTraffic   *self,
                         VarlinkConnection *connection,
                         const char        *label)
{
  Observer *observer;

  g_return_if_fail (EXPLORER_IS_TRAFFIC (self));
  g_return_if_fail (VARLINK_IS_CONNECTION (connection));

  observer = g_new0 (Observer, 1);
  observer->traffic = g_object_ref (self);
  observer->connection = connection;
  self->n_attached++;
  {
    g_autofree char *text = label != NULL && *label != '\0'
                            ? g_strdup_printf ("%u · %s", self->n_attached, label)
                            : g_strdup_printf ("%u", self->n_attached);

    observer->label = g_ref_string_new (text);
  }

  varlink_connection_set_observer (connection, observe, observer, observer_free);
}

GListModel *
explorer_traffic_get_messages (ExplorerTraffic *self)
{
  g_return_val_if_fail (EXPLORER_IS_TRAFFIC (self), NULL);

  return G_LIST_MODEL (self);
}

void
explorer_traffic_clear (ExplorerTraffic *self)
{
  guint n_items;

  g_return_if_fail (EXPLORER_IS_TRAFFIC (self));

  g_clear_handle_id (&self->flush_id, g_source_remove);
  g_ptr_array_set_size (self->pending, 0);

  n_items = self->n_items;
  g_ptr_array_set_size (self->ring, 0);
  self->head = 0;
  self->n_items = 0;
  self->n_dropped = 0;

  if (n_items > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, n_items, 0);
}

guint64
explorer_traffic_get_n_dropped (ExplorerTraffic *self)
{
  g_return_val_if_fail (EXPLORER_IS_TRAFFIC (self), 0);

  return self->n_dropped;
}

guint
explorer_traffic_get_max_messages (ExplorerTraffic *self)
{
  g_return_val_if_fail (EXPLORER_IS_TRAFFIC (self), 0);

  return self->max_messages;
}
