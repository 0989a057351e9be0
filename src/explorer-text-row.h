/* explorer-text-row.h: a list row that draws a few columns of text itself, one PangoLayout
 * per column at a fixed height, so that a list following a fast stream rebinds its rows
 * without child widgets to measure; its accessible label is the row's text. */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define EXPLORER_TEXT_ROW_MAX_COLUMNS 6

typedef enum
{
  EXPLORER_TEXT_COLUMN_DIM              = 1 << 0,
  EXPLORER_TEXT_COLUMN_MONOSPACE        = 1 << 1,
  /* Tabular figures, so that numbers line up from row to row. */
  EXPLORER_TEXT_COLUMN_NUMERIC          = 1 << 2,
  /* Takes the width the fixed columns leave. */
  EXPLORER_TEXT_COLUMN_EXPAND           = 1 << 3,
  EXPLORER_TEXT_COLUMN_ALIGN_END        = 1 << 4,
  EXPLORER_TEXT_COLUMN_ALIGN_CENTER     = 1 << 5,
  EXPLORER_TEXT_COLUMN_ELLIPSIZE_MIDDLE = 1 << 6,
  EXPLORER_TEXT_COLUMN_BOLD             = 1 << 7,
} ExplorerTextColumnFlags;

typedef struct
{
  guint                   width_chars;  /* in digit widths; ignored with EXPAND */
  ExplorerTextColumnFlags flags;
} ExplorerTextColumn;

typedef enum
{
  EXPLORER_TEXT_COLOR_NORMAL,
  EXPLORER_TEXT_COLOR_ACCENT,
  EXPLORER_TEXT_COLOR_SUCCESS,
  EXPLORER_TEXT_COLOR_ERROR,
} ExplorerTextColor;

/* What a format function fills in for an item; the row frees the strings and lists. */
typedef struct
{
  char              *text[EXPLORER_TEXT_ROW_MAX_COLUMNS];
  PangoAttrList     *attributes[EXPLORER_TEXT_ROW_MAX_COLUMNS];  /* or NULL */
  char              *tooltip[EXPLORER_TEXT_ROW_MAX_COLUMNS];     /* or NULL */
  ExplorerTextColor  color[EXPLORER_TEXT_ROW_MAX_COLUMNS];
  /* What a screen reader says; NULL: the texts, separated by spaces. */
  char              *accessible;
} ExplorerTextRowContent;

typedef void (*ExplorerTextRowFormatFunc) (gpointer                item,
                                           ExplorerTextRowContent *content,
                                           gpointer                user_data);

#define EXPLORER_TYPE_TEXT_ROW (explorer_text_row_get_type ())
G_DECLARE_FINAL_TYPE (ExplorerTextRow, explorer_text_row, EXPLORER, TEXT_ROW, GtkWidget)

/* columns must outlive the row (a static array). */
GtkWidget *explorer_text_row_new       (const ExplorerTextColumn  *columns,
                                        guint                      n_columns,
                                        ExplorerTextRowFormatFunc  format,
                                        gpointer                   user_data);
/* Formats item (a GObject, or NULL for an empty row); drawn in the next frame. */
void       explorer_text_row_set_item  (ExplorerTextRow           *self,
                                        gpointer                   item);
/* Fixed texts, one per column (a header). */
void       explorer_text_row_set_texts (ExplorerTextRow           *self,
                                        const char * const        *texts);
gpointer   explorer_text_row_get_item  (ExplorerTextRow           *self);
/* The text of one column, or the row's accessible text for column -1. */
const char *explorer_text_row_get_text (ExplorerTextRow           *self,
                                        int                        column);

G_END_DECLS
