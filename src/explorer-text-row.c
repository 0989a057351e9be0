/* explorer-text-row.c: a list row that draws its columns of text itself.
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 *
 * Why: GTK 4.8's GtkListView keeps about 200 rows around its anchor, and a list that follows
 * the newest item of a stream rebinds all of them on every batch. With a box of labels per
 * row that cost about 150 µs a row (texts set, four labels measured again), 30 ms a batch.
 * This row has a fixed height (nothing to measure when its text changes), formats its item
 * when bound (so that its accessible label is right for every bound row) and lays the text
 * out only when it is drawn, which GTK does for the rows in sight only.
 */

#include "config.h"

#include "explorer-text-row.h"

#define COLUMN_SPACING 12
#define DIM_OPACITY    0.55  /* as libadwaita's .dim-label */

struct _ExplorerTextRow
{
  GtkWidget                 parent_instance;

  const ExplorerTextColumn *columns;
  guint                     n_columns;
  ExplorerTextRowFormatFunc format;
  gpointer                  user_data;

  GObject                  *item;
  ExplorerTextRowContent    content;
  char                     *joined;       /* the accessible text */

  PangoLayout              *layouts[EXPLORER_TEXT_ROW_MAX_COLUMNS];
  gboolean                  layouts_stale;

  /* Font metrics, for the pango context serial they were taken with. */
  guint                     font_serial;
  int                       line_height;
  int                       digit_width;
};

G_DEFINE_FINAL_TYPE (ExplorerTextRow, explorer_text_row, GTK_TYPE_WIDGET)

static void
content_clear (ExplorerTextRowContent *content)
{
  for (guint i = 0; i < EXPLORER_TEXT_ROW_MAX_COLUMNS; i++)
    {
      g_clear_pointer (&content->text[i], g_free);
      g_clear_pointer (&content->attributes[i], pango_attr_list_unref);
      g_clear_pointer (&content->tooltip[i], g_free);
      content->color[i] = EXPLORER_TEXT_COLOR_NORMAL;
    }
  g_clear_pointer (&content->accessible, g_free);
}

/* --- metrics ------------------------------------------------------------------------------- */

static PangoFontDescription *
dup_font (ExplorerTextRow *self,
          gboolean         monospace)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  PangoFontDescription *font = pango_font_description_copy (pango_context_get_font_description (context));

  /* As libadwaita's .monospace. */
  if (monospace)
    pango_font_description_set_family (font, "monospace");
  return font;
}

static void
ensure_metrics (ExplorerTextRow *self)
{
  PangoContext *context = gtk_widget_get_pango_context (GTK_WIDGET (self));
  guint serial = pango_context_get_serial (context);
  g_autoptr(PangoLayout) layout = NULL;
  g_autoptr(PangoAttrList) attributes = pango_attr_list_new ();
  PangoFontDescription *mono;
  int width, height, mono_height;

  if (serial == self->font_serial && self->line_height > 0)
    return;

  layout = pango_layout_new (context);
  pango_attr_list_insert (attributes, pango_attr_font_features_new ("tnum=1"));
  pango_layout_set_attributes (layout, attributes);
  pango_layout_set_text (layout, "0123456789", -1);
  pango_layout_get_pixel_size (layout, &width, &height);

  mono = dup_font (self, TRUE);
  pango_layout_set_font_description (layout, mono);
  pango_font_description_free (mono);
  pango_layout_get_pixel_size (layout, NULL, &mono_height);

  self->digit_width = MAX (1, (width + 9) / 10);
  self->line_height = MAX (height, mono_height);
  self->font_serial = serial;
  self->layouts_stale = TRUE;
}

static int
column_width (ExplorerTextRow *self,
              guint            i)
{
  return (int) self->columns[i].width_chars * self->digit_width;
}

static int
fixed_width (ExplorerTextRow *self,
             guint           *n_expanding)
{
  int width = 0;

  *n_expanding = 0;
  for (guint i = 0; i < self->n_columns; i++)
    {
      if (self->columns[i].flags & EXPLORER_TEXT_COLUMN_EXPAND)
        (*n_expanding)++;
      else
        width += column_width (self, i);
      if (i > 0)
        width += COLUMN_SPACING;
    }
  return width;
}

/* --- content ------------------------------------------------------------------------------- */

static void
update_accessible (ExplorerTextRow *self)
{
  GtkWidget *parent;

  g_clear_pointer (&self->joined, g_free);

  if (self->content.accessible != NULL)
    {
      self->joined = g_strdup (self->content.accessible);
    }
  else
    {
      GString *text = g_string_new (NULL);

      for (guint i = 0; i < self->n_columns; i++)
        {
          const char *column = self->content.text[i];

          if (column == NULL || column[0] == '\0')
            continue;
          if (text->len > 0)
            g_string_append_c (text, ' ');
          g_string_append (text, column);
        }
      self->joined = g_string_free (text, FALSE);
    }

  gtk_accessible_update_property (GTK_ACCESSIBLE (self),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, self->joined,
                                  -1);

  /* GTK 4.8 gives a list's row (the list item around this widget) no name of its own, and
   * has no API for one (gtk_list_item_set_accessible_label() is 4.12): a screen reader moving
   * through the list would read empty items. */
  parent = gtk_widget_get_parent (GTK_WIDGET (self));
  if (parent != NULL &&
      gtk_accessible_get_accessible_role (GTK_ACCESSIBLE (parent)) == GTK_ACCESSIBLE_ROLE_LIST_ITEM)
    gtk_accessible_update_property (GTK_ACCESSIBLE (parent),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, self->joined,
                                    -1);
}

static void
content_changed (ExplorerTextRow *self)
{
  update_accessible (self);
  self->layouts_stale = TRUE;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}

/* --- layouts ------------------------------------------------------------------------------- */

static void
ensure_layouts (ExplorerTextRow *self)
{
  PangoFontDescription *mono = NULL;

  if (!self->layouts_stale)
    return;

  for (guint i = 0; i < self->n_columns; i++)
    {
      ExplorerTextColumnFlags flags = self->columns[i].flags;
      PangoAttrList *attributes;

      if (self->layouts[i] == NULL)
        {
          self->layouts[i] = gtk_widget_create_pango_layout (GTK_WIDGET (self), NULL);
          pango_layout_set_single_paragraph_mode (self->layouts[i], TRUE);
          pango_layout_set_ellipsize (self->layouts[i],
                                      flags & EXPLORER_TEXT_COLUMN_ELLIPSIZE_MIDDLE
                                      ? PANGO_ELLIPSIZE_MIDDLE : PANGO_ELLIPSIZE_END);
          if (flags & EXPLORER_TEXT_COLUMN_ALIGN_END)
            pango_layout_set_alignment (self->layouts[i], PANGO_ALIGN_RIGHT);
          else if (flags & EXPLORER_TEXT_COLUMN_ALIGN_CENTER)
            pango_layout_set_alignment (self->layouts[i], PANGO_ALIGN_CENTER);
        }
      else
        {
          /* The font may have changed since. */
          pango_layout_context_changed (self->layouts[i]);
        }

      if (flags & EXPLORER_TEXT_COLUMN_MONOSPACE)
        {
          if (mono == NULL)
            mono = dup_font (self, TRUE);
          pango_layout_set_font_description (self->layouts[i], mono);
        }

      /* Text, never markup: it is what a service sent. */
      pango_layout_set_text (self->layouts[i],
                             self->content.text[i] != NULL ? self->content.text[i] : "", -1);

      attributes = self->content.attributes[i] != NULL
                   ? pango_attr_list_copy (self->content.attributes[i])
                   : pango_attr_list_new ();
      if (flags & EXPLORER_TEXT_COLUMN_NUMERIC)
        pango_attr_list_insert_before (attributes, pango_attr_font_features_new ("tnum=1"));
      if (flags & EXPLORER_TEXT_COLUMN_BOLD)
        pango_attr_list_insert_before (attributes, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (self->layouts[i], attributes);
      pango_attr_list_unref (attributes);
    }

  g_clear_pointer (&mono, pango_font_description_free);
  self->layouts_stale = FALSE;
}

/* --- colors -------------------------------------------------------------------------------- */

static void
get_foreground (ExplorerTextRow *self,
                GdkRGBA         *color)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (GTK_WIDGET (self), color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (GTK_WIDGET (self)), color);
#endif
}

static void
get_named_color (ExplorerTextRow   *self,
                 ExplorerTextColor  which,
                 GdkRGBA           *color)
{
  static const struct
  {
    const char *name;
    GdkRGBA     fallback;
  } named[] = {
    [EXPLORER_TEXT_COLOR_ACCENT]  = { "accent_color",  { 0.11, 0.44, 0.85, 1.0 } },
    [EXPLORER_TEXT_COLOR_SUCCESS] = { "success_color", { 0.11, 0.53, 0.35, 1.0 } },
    [EXPLORER_TEXT_COLOR_ERROR]   = { "error_color",   { 0.75, 0.11, 0.16, 1.0 } },
  };
  gboolean found;

  g_assert (which > EXPLORER_TEXT_COLOR_NORMAL && which < G_N_ELEMENTS (named));

  /* libadwaita's named colors follow the light or dark style; GTK 4.8 has no other way to
   * reach them from a snapshot. */
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  found = gtk_style_context_lookup_color (gtk_widget_get_style_context (GTK_WIDGET (self)),
                                          named[which].name, color);
  G_GNUC_END_IGNORE_DEPRECATIONS
  if (!found)
    *color = named[which].fallback;
}

/* --- GtkWidget ----------------------------------------------------------------------------- */

static void
explorer_text_row_measure (GtkWidget      *widget,
                           GtkOrientation  orientation,
                           int             for_size,
                           int            *minimum,
                           int            *natural,
                           int            *minimum_baseline,
                           int            *natural_baseline)
{
  ExplorerTextRow *self = EXPLORER_TEXT_ROW (widget);

  ensure_metrics (self);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      guint n_expanding;
      int width = fixed_width (self, &n_expanding);

      /* An expanding column can shrink to a few characters and its ellipsis. */
      *minimum = *natural = width + (int) n_expanding * 4 * self->digit_width;
    }
  else
    {
      /* Fixed: a new text never changes the row's size. */
      *minimum = *natural = self->line_height;
    }
}

static void
explorer_text_row_snapshot (GtkWidget   *widget,
                            GtkSnapshot *snapshot)
{
  ExplorerTextRow *self = EXPLORER_TEXT_ROW (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  gboolean rtl = gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL;
  int baselines[EXPLORER_TEXT_ROW_MAX_COLUMNS];
  int max_baseline = 0;
  int expanding_width;
  guint n_expanding;
  GdkRGBA foreground;
  int x = 0;

  ensure_metrics (self);
  ensure_layouts (self);
  get_foreground (self, &foreground);

  expanding_width = width - fixed_width (self, &n_expanding);
  if (n_expanding > 0)
    expanding_width = MAX (0, expanding_width / (int) n_expanding);

  for (guint i = 0; i < self->n_columns; i++)
    {
      baselines[i] = pango_layout_get_baseline (self->layouts[i]) / PANGO_SCALE;
      max_baseline = MAX (max_baseline, baselines[i]);
    }

  for (guint i = 0; i < self->n_columns; i++)
    {
      ExplorerTextColumnFlags flags = self->columns[i].flags;
      int column = flags & EXPLORER_TEXT_COLUMN_EXPAND ? expanding_width : column_width (self, i);
      GdkRGBA color = foreground;
      float y;

      if (self->content.text[i] != NULL && self->content.text[i][0] != '\0' && column > 0)
        {
          if (self->content.color[i] != EXPLORER_TEXT_COLOR_NORMAL)
            get_named_color (self, self->content.color[i], &color);
          if (flags & EXPLORER_TEXT_COLUMN_DIM)
            color.alpha *= DIM_OPACITY;

          pango_layout_set_width (self->layouts[i], column * PANGO_SCALE);
          /* Centered in the row, the columns on one baseline. */
          y = (height - self->line_height) / 2.0f + (max_baseline - baselines[i]);

          gtk_snapshot_save (snapshot);
          gtk_snapshot_translate (snapshot,
                                  &GRAPHENE_POINT_INIT (rtl ? width - x - column : x, y));
          gtk_snapshot_append_layout (snapshot, self->layouts[i], &color);
          gtk_snapshot_restore (snapshot);
        }

      x += column + COLUMN_SPACING;
    }
}

static gboolean
explorer_text_row_query_tooltip (GtkWidget  *widget,
                                 int         x,
                                 int         y,
                                 gboolean    keyboard_tooltip,
                                 GtkTooltip *tooltip)
{
  ExplorerTextRow *self = EXPLORER_TEXT_ROW (widget);
  int width = gtk_widget_get_width (widget);
  int expanding_width;
  guint n_expanding;
  int start = 0;

  ensure_metrics (self);
  expanding_width = width - fixed_width (self, &n_expanding);
  if (n_expanding > 0)
    expanding_width = MAX (0, expanding_width / (int) n_expanding);
  if (gtk_widget_get_direction (widget) == GTK_TEXT_DIR_RTL)
    x = width - x;

  for (guint i = 0; i < self->n_columns; i++)
    {
      int column = self->columns[i].flags & EXPLORER_TEXT_COLUMN_EXPAND
                   ? expanding_width : column_width (self, i);

      if (x >= start && x < start + column + COLUMN_SPACING)
        {
          if (self->content.tooltip[i] == NULL)
            return FALSE;
          gtk_tooltip_set_text (tooltip, self->content.tooltip[i]);
          return TRUE;
        }
      start += column + COLUMN_SPACING;
    }

  return FALSE;
}

/* --- GObject ------------------------------------------------------------------------------- */

static void
explorer_text_row_dispose (GObject *object)
{
  ExplorerTextRow *self = EXPLORER_TEXT_ROW (object);

  g_clear_object (&self->item);
  for (guint i = 0; i < EXPLORER_TEXT_ROW_MAX_COLUMNS; i++)
    g_clear_object (&self->layouts[i]);

  G_OBJECT_CLASS (explorer_text_row_parent_class)->dispose (object);
}

static void
explorer_text_row_finalize (GObject *object)
{
  ExplorerTextRow *self = EXPLORER_TEXT_ROW (object);

  content_clear (&self->content);
  g_free (self->joined);

  G_OBJECT_CLASS (explorer_text_row_parent_class)->finalize (object);
}

static void
explorer_text_row_class_init (ExplorerTextRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = explorer_text_row_dispose;
  object_class->finalize = explorer_text_row_finalize;

  widget_class->measure = explorer_text_row_measure;
  widget_class->snapshot = explorer_text_row_snapshot;
  widget_class->query_tooltip = explorer_text_row_query_tooltip;

  gtk_widget_class_set_css_name (widget_class, "explorertextrow");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
explorer_text_row_init (ExplorerTextRow *self)
{
  self->layouts_stale = TRUE;
}

GtkWidget *
explorer_text_row_new (const ExplorerTextColumn  *columns,
                       guint                      n_columns,
                       ExplorerTextRowFormatFunc  format,
                       gpointer                   user_data)
{
  ExplorerTextRow *self;

  g_return_val_if_fail (columns != NULL, NULL);
  g_return_val_if_fail (n_columns > 0 && n_columns <= EXPLORER_TEXT_ROW_MAX_COLUMNS, NULL);

  self = g_object_new (EXPLORER_TYPE_TEXT_ROW, NULL);
  self->columns = columns;
  self->n_columns = n_columns;
  self->format = format;
  self->user_data = user_data;

  if (format != NULL)
    gtk_widget_set_has_tooltip (GTK_WIDGET (self), TRUE);

  return GTK_WIDGET (self);
}

void
explorer_text_row_set_item (ExplorerTextRow *self,
                            gpointer         item)
{
  g_return_if_fail (EXPLORER_IS_TEXT_ROW (self));
  g_return_if_fail (item == NULL || G_IS_OBJECT (item));

  g_set_object (&self->item, item);
  content_clear (&self->content);
  if (item != NULL && self->format != NULL)
    self->format (item, &self->content, self->user_data);
  content_changed (self);
}

void
explorer_text_row_set_texts (ExplorerTextRow    *self,
                             const char * const *texts)
{
  g_return_if_fail (EXPLORER_IS_TEXT_ROW (self));
  g_return_if_fail (texts != NULL);

  g_clear_object (&self->item);
  content_clear (&self->content);
  for (guint i = 0; i < self->n_columns; i++)
    self->content.text[i] = g_strdup (texts[i]);
  content_changed (self);
}

gpointer
explorer_text_row_get_item (ExplorerTextRow *self)
{
  g_return_val_if_fail (EXPLORER_IS_TEXT_ROW (self), NULL);

  return self->item;
}

const char *
explorer_text_row_get_text (ExplorerTextRow *self,
                            int              column)
{
  g_return_val_if_fail (EXPLORER_IS_TEXT_ROW (self), NULL);
  g_return_val_if_fail (column >= -1 && column < (int) self->n_columns, NULL);

  if (column == -1)
    return self->joined != NULL ? self->joined : "";

  return self->content.text[column] != NULL ? self->content.text[column] : "";
}
