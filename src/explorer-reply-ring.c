/* explorer-reply-ring.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include "explorer-release.h"
#include "explorer-reply-ring.h"

/* A kept reply costs these 16 bytes and the reply itself: no item, no text until a view
 * asks for it. */
typedef struct
{
  VarlinkReply *reply;
  gint64        delta;
} Entry;

struct _ExplorerReplyRing
{
  GObject  parent_instance;

  Entry   *entries;
  guint    capacity;     /* allocated, grows by doubling up to max */
  guint    head;         /* the oldest */
  guint    n;
  guint    max;
  guint64  n_dropped;
  gint64   last_time;    /* of the newest reply seen, kept or not */
};

static void explorer_reply_ring_list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (ExplorerReplyRing, explorer_reply_ring, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      explorer_reply_ring_list_model_init))

static inline Entry *
entry_at (ExplorerReplyRing *self,
          guint              position)
{
  return &self->entries[(self->head + position) % self->capacity];
}

static GType
explorer_reply_ring_get_item_type (GListModel *model)
{
  return EXPLORER_TYPE_LOGGED_REPLY;
}

static guint
explorer_reply_ring_get_n_items (GListModel *model)
{
  return EXPLORER_REPLY_RING (model)->n;
}

static gpointer
explorer_reply_ring_get_item (GListModel *model,
                              guint       position)
{
  ExplorerReplyRing *self = EXPLORER_REPLY_RING (model);
  Entry *entry;

  if (position >= self->n)
    return NULL;

  entry = entry_at (self, position);
  return explorer_logged_reply_new (entry->reply, self->n_dropped + position + 1, entry->delta);
}

static void
explorer_reply_ring_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = explorer_reply_ring_get_item_type;
  iface->get_n_items = explorer_reply_ring_get_n_items;
  iface->get_item = explorer_reply_ring_get_item;
}

/* Forgets the n oldest without telling anyone. */
static void
drop_oldest (ExplorerReplyRing *self,
             guint              n)
{
  GPtrArray *dropped;

  g_assert (n <= self->n);

  if (n == 0)
    return;

  dropped = g_ptr_array_new_full (n, (GDestroyNotify) varlink_reply_unref);
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (dropped, g_steal_pointer (&entry_at (self, i)->reply));
  explorer_release_elsewhere (dropped);

  if (self->capacity > 0)
    self->head = (self->head + n) % self->capacity;
  self->n -= n;
  self->n_dropped += n;
}

/* Makes room for `needed` entries in all, in order from index 0. */
static void
reserve (ExplorerReplyRing *self,
         guint              needed)
{
  Entry *entries;
  guint capacity;

  if (needed <= self->capacity)
    return;

  capacity = MAX (self->capacity, 64);
  while (capacity < needed)
    capacity = capacity > G_MAXUINT / 2 ? G_MAXUINT : capacity * 2;
  capacity = MIN (capacity, MAX (self->max, needed));

  entries = g_new (Entry, capacity);
  for (guint i = 0; i < self->n; i++)
    entries[i] = *entry_at (self, i);

  g_free (self->entries);
  self->entries = entries;
  self->capacity = capacity;
  self->head = 0;
}

static void
explorer_reply_ring_finalize (GObject *object)
{
  ExplorerReplyRing *self = EXPLORER_REPLY_RING (object);

  drop_oldest (self, self->n);
  g_free (self->entries);

  G_OBJECT_CLASS (explorer_reply_ring_parent_class)->finalize (object);
}

static void
explorer_reply_ring_class_init (ExplorerReplyRingClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = explorer_reply_ring_finalize;
}

static void
explorer_reply_ring_init (ExplorerReplyRing *self)
{
  self->last_time = g_get_real_time ();
}

ExplorerReplyRing *
explorer_reply_ring_new (guint max_replies)
{
  ExplorerReplyRing *self = g_object_new (EXPLORER_TYPE_REPLY_RING, NULL);

  self->max = MAX (max_replies, 1);
  return self;
}

void
explorer_reply_ring_clear (ExplorerReplyRing *self,
                           gint64             start_time)
{
  guint removed;

  g_return_if_fail (EXPLORER_IS_REPLY_RING (self));

  removed = self->n;
  drop_oldest (self, removed);
  self->n_dropped = 0;
  self->head = 0;
  self->last_time = start_time;

  /* A long stream's buffer is not kept for the next, maybe short, one. */
  g_clear_pointer (&self->entries, g_free);
  self->capacity = 0;

  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
}

void
explorer_reply_ring_append (ExplorerReplyRing  *self,
                            VarlinkReply      **replies,
                            guint               n)
{
  guint skipped, kept, removed, position;

  g_return_if_fail (EXPLORER_IS_REPLY_RING (self));
  g_return_if_fail (n == 0 || replies != NULL);

  if (n == 0)
    return;

  /* Of a batch larger than the bound only its newest part can stay, and then nothing older. */
  skipped = n > self->max ? n - self->max : 0;
  kept = n - skipped;
  removed = self->n + kept > self->max ? self->n + kept - self->max : 0;

  drop_oldest (self, removed);
  for (guint i = 0; i < skipped; i++)
    self->last_time = varlink_reply_get_time (replies[i]);
  self->n_dropped += skipped;

  /* Views look at the model while they are told: it must be as the signal says, so the
   * removal is told before anything is added, unless nothing stays. */
  position = self->n;
  if (removed > 0 && position > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);

  reserve (self, self->n + kept);
  for (guint i = skipped; i < n; i++)
    {
      Entry *entry = entry_at (self, self->n);
      gint64 time = varlink_reply_get_time (replies[i]);

      entry->reply = varlink_reply_ref (replies[i]);
      entry->delta = time - self->last_time;
      self->last_time = time;
      self->n++;
    }

  /* When everything is replaced, one signal says so. */
  if (removed > 0 && position == 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, kept);
  else
    g_list_model_items_changed (G_LIST_MODEL (self), position, 0, kept);
}

void
explorer_reply_ring_skip (ExplorerReplyRing *self,
                          guint64            n,
                          gint64             last_time)
{
  guint removed;

  g_return_if_fail (EXPLORER_IS_REPLY_RING (self));

  if (n == 0)
    return;

  /* Replies skipped are newer than every kept one, and numbers count from the oldest kept:
   * the skip is only asked for when more than the bound wait, so all kept ones go anyway. */
  removed = self->n;
  drop_oldest (self, removed);
  self->n_dropped += n;
  self->last_time = last_time;

  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
}

void
explorer_reply_ring_set_max_replies (ExplorerReplyRing *self,
                                     guint              max_replies)
{
  guint removed = 0;

  g_return_if_fail (EXPLORER_IS_REPLY_RING (self));

  max_replies = MAX (max_replies, 1);
  if (max_replies == self->max)
    return;

  self->max = max_replies;
  if (self->n > max_replies)
    {
      removed = self->n - max_replies;
      drop_oldest (self, removed);
    }

  /* A smaller bound gives back the memory of a larger one. */
  if (self->capacity > max_replies)
    {
      Entry *entries = g_new (Entry, max_replies);

      for (guint i = 0; i < self->n; i++)
        entries[i] = *entry_at (self, i);
      g_free (self->entries);
      self->entries = entries;
      self->capacity = max_replies;
      self->head = 0;
    }

  if (removed > 0)
    g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, 0);
}

guint
explorer_reply_ring_get_max_replies (ExplorerReplyRing *self)
{
  g_return_val_if_fail (EXPLORER_IS_REPLY_RING (self), 0);

  return self->max;
}

guint64
explorer_reply_ring_get_n_dropped (ExplorerReplyRing *self)
{
  g_return_val_if_fail (EXPLORER_IS_REPLY_RING (self), 0);

  return self->n_dropped;
}

VarlinkReply *
explorer_reply_ring_peek (ExplorerReplyRing *self,
                          guint              position)
{
  g_return_val_if_fail (EXPLORER_IS_REPLY_RING (self), NULL);

  if (position >= self->n)
    return NULL;

  return entry_at (self, position)->reply;
}
