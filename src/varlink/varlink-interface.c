/* varlink-interface.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <string.h>

#include <glib/gi18n-lib.h>

#include "varlink-error.h"
#include "varlink-interface.h"
#include "varlink-type-private.h"

/* Nesting deeper than this is refused, so a hostile description cannot exhaust the stack. */
#define MAX_DEPTH 64
/* The formatter puts a struct on one line when it fits in this many columns. */
#define FORMAT_WIDTH 80

void
varlink_diagnostic_free (VarlinkDiagnostic *self)
{
  if (self == NULL)
    return;

  g_free (self->message);
  g_free (self);
}

/* VarlinkMember */

struct _VarlinkMember
{
  GObject             parent_instance;

  VarlinkMemberKind   kind;
  VarlinkMethodHints  hints;
  const char         *name;       /* the end of full_name */
  char               *full_name;
  char               *doc;
  char               *summary;     /* only when doc has more than one line */
  VarlinkType        *definition;
  VarlinkType        *input;
  VarlinkType        *output;
  guint               line;
  guint               column;
  guint               end_line;
};

G_DEFINE_FINAL_TYPE (VarlinkMember, varlink_member, G_TYPE_OBJECT)

enum {
  MEMBER_PROP_0,
  MEMBER_PROP_NAME,
  MEMBER_PROP_FULL_NAME,
  MEMBER_PROP_DOC,
  MEMBER_PROP_SUMMARY,
  MEMBER_PROP_KIND,
  MEMBER_PROP_LINE,
  MEMBER_N_PROPS
};

static GParamSpec *member_properties[MEMBER_N_PROPS];

static void
varlink_member_finalize (GObject *object)
{
  VarlinkMember *self = VARLINK_MEMBER (object);

  g_free (self->full_name);
  g_free (self->doc);
  g_free (self->summary);
  g_clear_pointer (&self->definition, varlink_type_unref);
  g_clear_pointer (&self->input, varlink_type_unref);
  g_clear_pointer (&self->output, varlink_type_unref);

  G_OBJECT_CLASS (varlink_member_parent_class)->finalize (object);
}

static void
varlink_member_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  VarlinkMember *self = VARLINK_MEMBER (object);

  switch (prop_id)
    {
    case MEMBER_PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case MEMBER_PROP_FULL_NAME:
      g_value_set_string (value, self->full_name);
      break;

    case MEMBER_PROP_DOC:
      g_value_set_string (value, self->doc);
      break;

    case MEMBER_PROP_SUMMARY:
      g_value_set_string (value, varlink_member_get_summary (self));
      break;

    case MEMBER_PROP_KIND:
      g_value_set_int (value, self->kind);
      break;

    case MEMBER_PROP_LINE:
      g_value_set_uint (value, self->line);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
varlink_member_class_init (VarlinkMemberClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = varlink_member_finalize;
  object_class->get_property = varlink_member_get_property;

  /* Read-only and immutable: for binding in list rows (GtkPropertyExpression). */
  member_properties[MEMBER_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  member_properties[MEMBER_PROP_FULL_NAME] =
    g_param_spec_string ("full-name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  member_properties[MEMBER_PROP_DOC] =
    g_param_spec_string ("doc", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  member_properties[MEMBER_PROP_SUMMARY] =
    g_param_spec_string ("summary", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  /* A VarlinkMemberKind. */
  member_properties[MEMBER_PROP_KIND] =
    g_param_spec_int ("kind", NULL, NULL,
                      VARLINK_MEMBER_KIND_TYPE, VARLINK_MEMBER_KIND_ERROR, VARLINK_MEMBER_KIND_TYPE,
                      G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  member_properties[MEMBER_PROP_LINE] =
    g_param_spec_uint ("line", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, MEMBER_N_PROPS, member_properties);
}

static void
varlink_member_init (VarlinkMember *self)
{
}

VarlinkMemberKind
varlink_member_get_kind (VarlinkMember *self)
{
  g_return_val_if_fail (VARLINK_IS_MEMBER (self), VARLINK_MEMBER_KIND_TYPE);

  return self->kind;
}

const char *
varlink_member_get_name (VarlinkMember *self)
{
  g_return_val_if_fail (VARLINK_IS_MEMBER (self), NULL);

  return self->name;
}

const char *
varlink_member_get_full_name (VarlinkMember *self)
{
  g_return_val_if_fail (VARLINK_IS_MEMBER (self), NULL);

  return self->full_name;
}

const char *
varlink_member_get_doc (VarlinkMember *self)
{
  g_return_val_if_fail (VARLINK_IS_MEMBER (self), NULL);

  return self->doc;
}

const char *
varlink_member_get_summary (VarlinkMember *self)
{
  g_return_val_if_fail (VARLINK_IS_MEMBER (self), NULL);

  return self->summary != NULL ? self->summary : self->doc;
}

VarlinkType *
varlink_member_get_definition (VarlinkMember *self)
{
  g_return_val_if_fail (VARLINK_IS_MEMBER (self), NULL);

  return self->definition;
}

VarlinkType *
varlink_member_get_input (VarlinkMember *self)
{
  g_return_val_if_fail (VARLINK_IS_MEMBER (self), NULL);

  return self->input;
}

VarlinkType *
varlink_member_get_output (VarlinkMember *self)
{
  g_return_val_if_fail (VARLINK_IS_MEMBER (self), NULL);

  return self->output;
}

VarlinkMethodHints
varlink_member_get_hints (VarlinkMember *self)
{
  g_return_val_if_fail (VARLINK_IS_MEMBER (self), VARLINK_METHOD_HINT_NONE);

  return self->hints;
}

guint
varlink_member_get_line (VarlinkMember *self)
{
  g_return_val_if_fail (VARLINK_IS_MEMBER (self), 0);

  return self->line;
}

guint
varlink_member_get_column (VarlinkMember *self)
{
  g_return_val_if_fail (VARLINK_IS_MEMBER (self), 0);

  return self->column;
}

guint
varlink_member_get_end_line (VarlinkMember *self)
{
  g_return_val_if_fail (VARLINK_IS_MEMBER (self), 0);

  return self->end_line;
}

static void
member_set_doc (VarlinkMember *self,
                char          *doc)
{
  const char *newline;

  self->doc = doc;
  if (doc != NULL && (newline = strchr (doc, '\n')) != NULL)
    self->summary = g_strndup (doc, newline - doc);
}

/* VarlinkInterface */

struct _VarlinkInterface
{
  GObject     parent_instance;

  char       *name;
  char       *doc;
  char       *text;
  GPtrArray  *member_array;  /* VarlinkMember, also the items of the GListModel */
  GHashTable *by_name;       /* member name -> VarlinkMember, borrowed */
};

static GType
varlink_interface_get_item_type (GListModel *model)
{
  return VARLINK_TYPE_MEMBER;
}

static guint
varlink_interface_get_n_items (GListModel *model)
{
  return VARLINK_INTERFACE (model)->member_array->len;
}

static gpointer
varlink_interface_get_item (GListModel *model,
                            guint       position)
{
  VarlinkInterface *self = VARLINK_INTERFACE (model);

  if (position >= self->member_array->len)
    return NULL;

  return g_object_ref (g_ptr_array_index (self->member_array, position));
}

/* The interface is its own list of members: it never changes, so a GListStore (which costs
 * a GSequence node per member) would only slow down parsing. */
static void
varlink_interface_list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = varlink_interface_get_item_type;
  iface->get_n_items = varlink_interface_get_n_items;
  iface->get_item = varlink_interface_get_item;
}

G_DEFINE_FINAL_TYPE_WITH_CODE (VarlinkInterface, varlink_interface, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL,
                                                      varlink_interface_list_model_init))

enum {
  INTERFACE_PROP_0,
  INTERFACE_PROP_NAME,
  INTERFACE_PROP_DOC,
  INTERFACE_N_PROPS
};

static GParamSpec *interface_properties[INTERFACE_N_PROPS];

static void
varlink_interface_finalize (GObject *object)
{
  VarlinkInterface *self = VARLINK_INTERFACE (object);

  g_free (self->name);
  g_free (self->doc);
  g_free (self->text);
  g_clear_pointer (&self->member_array, g_ptr_array_unref);
  g_clear_pointer (&self->by_name, g_hash_table_unref);

  G_OBJECT_CLASS (varlink_interface_parent_class)->finalize (object);
}

static void
varlink_interface_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  VarlinkInterface *self = VARLINK_INTERFACE (object);

  switch (prop_id)
    {
    case INTERFACE_PROP_NAME:
      g_value_set_string (value, self->name);
      break;

    case INTERFACE_PROP_DOC:
      g_value_set_string (value, self->doc);
      break;

    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
varlink_interface_class_init (VarlinkInterfaceClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = varlink_interface_finalize;
  object_class->get_property = varlink_interface_get_property;

  interface_properties[INTERFACE_PROP_NAME] =
    g_param_spec_string ("name", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  interface_properties[INTERFACE_PROP_DOC] =
    g_param_spec_string ("doc", NULL, NULL, NULL,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);

  g_object_class_install_properties (object_class, INTERFACE_N_PROPS, interface_properties);
}

static void
varlink_interface_init (VarlinkInterface *self)
{
}

/* Lexer */

typedef enum {
  TOK_EOF,
  TOK_WORD,
  TOK_LPAREN,
  TOK_RPAREN,
  TOK_COMMA,
  TOK_COLON,
  TOK_QUESTION,
  TOK_ARROW,
  TOK_ARRAY,    /* [] */
  TOK_MAP,      /* [string] */
  TOK_INVALID,  /* already reported by the lexer */
} TokenKind;

typedef struct {
  TokenKind   kind;
  const char *start;
  const char *end;
  const char *line_start;
  guint       line;
  gboolean    newline_before;  /* a line break since the previous token */
  gboolean    ascii_line;      /* only ASCII before the token on its line */
} Token;

typedef struct {
  const char *start;
  const char *end;
} Span;

typedef struct {
  const char *name;
  gsize       name_len;
  guint       line;
  guint       column;
} NameRef;

typedef struct {
  const char        *text;
  const char        *p;
  const char        *end;
  const char        *line_start;
  guint              line;
  gboolean           line_ascii;  /* no Unicode whitespace on the line so far */
  VarlinkParseMode   mode;
  gboolean           recover;     /* validate: go on after a syntax error */

  Token              tok;
  guint              prev_line;   /* line of the last consumed token */
  /* Own-line comments right before tok. Plain arrays rather than GArrays: appending is
   * on the hot path of the lexer and the parser. */
  Span              *docs;
  guint              n_docs;
  guint              docs_size;

  GPtrArray         *diagnostics;
  gboolean           has_error;
  guint              depth;
  VarlinkFieldSpec  *fields;      /* stack of the fields of the structs being parsed */
  guint              n_fields;
  guint              fields_size;
  GArray            *refs;        /* NameRef: every named type used */

  char              *name;
  gsize              name_len;
  char              *doc;
  GPtrArray         *members;
  GHashTable        *by_name;
} Parser;

static guint
column_of (const char *line_start,
           const char *pos)
{
  guint column = 1;

  /* Columns count characters, as editors do, not bytes. */
  for (const char *p = line_start; p < pos; p++)
    {
      if (((guchar) *p & 0xC0) != 0x80)
        column++;
    }

  return column;
}

static void
add_diagnostic (Parser     *P,
                guint       line,
                guint       column,
                gboolean    warning,
                char       *message)
{
  VarlinkDiagnostic *diagnostic = g_new0 (VarlinkDiagnostic, 1);

  diagnostic->line = line;
  diagnostic->column = column;
  diagnostic->warning = warning;
  diagnostic->message = message;
  g_ptr_array_add (P->diagnostics, diagnostic);

  if (!warning)
    P->has_error = TRUE;
}

static void G_GNUC_PRINTF (5, 6)
report (Parser     *P,
        guint       line,
        const char *line_start,
        const char *pos,
        const char *format,
        ...)
{
  va_list args;

  va_start (args, format);
  add_diagnostic (P, line, column_of (line_start, pos), FALSE, g_strdup_vprintf (format, args));
  va_end (args);
}

static void G_GNUC_PRINTF (5, 6)
report_at (Parser     *P,
           guint       line,
           guint       column,
           gboolean    warning,
           const char *format,
           ...)
{
  va_list args;

  va_start (args, format);
  add_diagnostic (P, line, column, warning, g_strdup_vprintf (format, args));
  va_end (args);
}

/* Bytes that can be part of a word: names, keywords and interface names. */
static const guint8 word_chars[256] = {
  ['-'] = 1, ['.'] = 1, ['_'] = 1,
  ['0'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  ['A'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  ['a'] = 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

static inline gboolean
is_word_char (guchar c)
{
  return word_chars[c];
}

/* The length of a Unicode whitespace (kind 1) or line break (kind 2) at p, from the PEG's
 * "whitespace" and "eol_r" rules; 0 when there is none. */
static gsize
unicode_space (const char *p,
               const char *end,
               int        *kind)
{
  const guchar *u = (const guchar *) p;
  gsize left = end - p;

  if (left >= 2 && u[0] == 0xC2 && u[1] == 0xA0)
    {
      *kind = 1;
      return 2;
    }
  if (left < 3)
    return 0;

  *kind = 1;
  if (u[0] == 0xEF && u[1] == 0xBB && u[2] == 0xBF)
    return 3;
  if (u[0] == 0xE1 && ((u[1] == 0x9A && u[2] == 0x80) || (u[1] == 0xA0 && u[2] == 0x8E)))
    return 3;
  if (u[0] == 0xE3 && u[1] == 0x80 && u[2] == 0x80)
    return 3;
  if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] <= 0x8A || u[2] == 0xAF))
    return 3;
  if (u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F)
    return 3;
  if (u[0] == 0xE2 && u[1] == 0x80 && (u[2] == 0xA8 || u[2] == 0xA9))
    {
      *kind = 2;
      return 3;
    }

  return 0;
}

static void
lex_newline (Parser     *P,
             const char *after)
{
  P->line++;
  P->line_start = after;
  P->line_ascii = TRUE;
}

/* The column of pos in the token's line: in bytes while the line is ASCII, which is
 * almost always, else in characters. */
static inline guint
tok_column (const Token *tok,
            const char  *pos)
{
  if (G_LIKELY (tok->ascii_line))
    return pos - tok->line_start + 1;

  return column_of (tok->line_start, pos);
}

static void
lex_next (Parser *P)
{
  const char *p = P->p;
  const char *end = P->end;
  gboolean newline = FALSE;
  /* Nothing but whitespace since the start of the line: a comment here is on its own line. */
  gboolean line_empty = (p == P->text);
  Token *tok = &P->tok;

  if (P->n_docs > 0)
    P->n_docs = 0;

  for (;;)
    {
      if (p >= end)
        break;

      switch (*p)
        {
        case ' ':
        case '\t':
          p++;
          while (p < end && (*p == ' ' || *p == '\t'))
            p++;
          continue;

        case '\r':
        case '\n':
          /* A blank line ends a documentation comment: what stands above it is a free
           * comment, not the documentation of the next declaration. */
          if (line_empty && P->n_docs > 0)
            P->n_docs = 0;
          if (*p == '\r' && p + 1 < end && p[1] == '\n')
            p++;
          p++;
          lex_newline (P, p);
          newline = TRUE;
          line_empty = TRUE;
          continue;

        case '#':
          {
            const char *start = p;
            guchar high = 0;

            /* Comments are most of the text in documented interfaces: scan them with one
             * test per byte for ASCII, and look closer only at non-ASCII ones. */
            while (p < end)
              {
                guchar c;

                /* Eight bytes at a time while none is a control character (below 14,
                 * which covers '\n' and '\r') or non-ASCII. */
                while (end - p >= 8)
                  {
                    guint64 w;

                    memcpy (&w, p, 8);
                    if ((((w - G_GUINT64_CONSTANT (0x0E0E0E0E0E0E0E0E)) & ~w) | w) &
                        G_GUINT64_CONSTANT (0x8080808080808080))
                      break;
                    p += 8;
                  }
                if (p >= end)
                  break;

                c = *p;

                if (G_LIKELY (c > '\r' && c < 0x80))
                  {
                    p++;
                    continue;
                  }
                if (c == '\n' || c == '\r')
                  break;
                if (c == '\0')
                  high = 1;  /* g_utf8_validate() refuses it, as a C string cannot hold it */
                else if (c >= 0x80)
                  {
                    int kind = 0;

                    high = c;
                    if (c == 0xE2 && unicode_space (p, end, &kind) > 0 && kind == 2)
                      break;
                  }
                p++;
              }

            if (high != 0 && !g_utf8_validate (start, p - start, NULL))
              {
                const char *bad;

                g_utf8_validate (start, p - start, &bad);
                tok->kind = TOK_INVALID;
                tok->start = bad;
                tok->end = bad + 1;
                tok->line = P->line;
                tok->line_start = P->line_start;
                tok->newline_before = newline;
                tok->ascii_line = FALSE;
                P->p = p;
                if (*bad == '\0')
                  report (P, P->line, P->line_start, bad, _("The text contains a NUL byte."));
                else
                  report (P, P->line, P->line_start, bad, _("The text is not valid UTF-8."));
                return;
              }

            /* A comment after something on the same line is a remark, not documentation. */
            if (line_empty)
              {
                if (G_UNLIKELY (P->n_docs == P->docs_size))
                  {
                    P->docs_size = MAX (16, 2 * P->docs_size);
                    P->docs = g_renew (Span, P->docs, P->docs_size);
                  }
                P->docs[P->n_docs].start = start;
                P->docs[P->n_docs].end = p;
                P->n_docs++;
              }
            line_empty = FALSE;
            continue;
          }

        default:
          if ((guchar) *p >= 0x80)
            {
              int kind = 0;
              gsize len = unicode_space (p, end, &kind);

              if (len > 0)
                {
                  p += len;
                  P->line_ascii = FALSE;
                  if (kind == 2)
                    {
                      if (line_empty)
                        P->n_docs = 0;
                      lex_newline (P, p);
                      newline = TRUE;
                      line_empty = TRUE;
                    }
                  continue;
                }
            }
          break;
        }
      break;
    }

  tok->start = p;
  tok->line = P->line;
  tok->line_start = P->line_start;
  tok->newline_before = newline;
  tok->ascii_line = P->line_ascii;

  if (p >= end)
    {
      tok->kind = TOK_EOF;
      tok->end = p;
      P->p = p;
      return;
    }

  switch (*p)
    {
    case '(':
      tok->kind = TOK_LPAREN;
      p++;
      break;

    case ')':
      tok->kind = TOK_RPAREN;
      p++;
      break;

    case ',':
      tok->kind = TOK_COMMA;
      p++;
      break;

    case ':':
      tok->kind = TOK_COLON;
      p++;
      break;

    case '?':
      tok->kind = TOK_QUESTION;
      p++;
      break;

    case '-':
      if (p + 1 < end && p[1] == '>')
        {
          tok->kind = TOK_ARROW;
          p += 2;
        }
      else
        {
          tok->kind = TOK_INVALID;
          p++;
          report (P, P->line, P->line_start, tok->start, _("Unexpected “-”; did you mean “->”?"));
        }
      break;

    case '[':
      if (p + 1 < end && p[1] == ']')
        {
          tok->kind = TOK_ARRAY;
          p += 2;
        }
      else if (end - p >= 8 && memcmp (p, "[string]", 8) == 0)
        {
          tok->kind = TOK_MAP;
          p += 8;
        }
      else
        {
          const char *close = p + 1;

          /* Quote letters only, so the message stays valid UTF-8 whatever follows. */
          while (close < end && close - p < 40 && word_chars[(guchar) *close])
            close++;
          tok->kind = TOK_INVALID;
          report (P, P->line, P->line_start, p,
                  _("Expected “[]” (an array) or “[string]” (a map), found “%.*s”."),
                  (int) (close < end && *close == ']' ? close + 1 - p : 1), p);
          p++;
        }
      break;

    default:
      if (is_word_char (*p) && *p != '.' && *p != '-')
        {
          p++;
          while (p < end && word_chars[(guchar) *p])
            p++;
          /* "Foo->" is a word and an arrow. */
          if (p < end && *p == '>' && p[-1] == '-')
            p--;
          tok->kind = TOK_WORD;
        }
      else
        {
          const char *next = p + 1;

          tok->kind = TOK_INVALID;
          if ((guchar) *p >= 0x80)
            {
              const char *bad = NULL;

              if (!g_utf8_validate (p, MIN (end - p, 4), &bad) && bad == p)
                {
                  report (P, P->line, P->line_start, p, _("The text is not valid UTF-8."));
                  /* One message for a run of bad bytes. */
                  do
                    p++;
                  while (p < end && (guchar) *p >= 0x80 &&
                         !g_utf8_validate (p, MIN (end - p, 4), &bad) && bad == p);
                  break;
                }
              next = g_utf8_next_char (p);
            }
          if (g_ascii_iscntrl (*p))
            report (P, P->line, P->line_start, p, _("Unexpected control character (code %d)."), *p);
          else
            report (P, P->line, P->line_start, p, _("Unexpected character “%.*s”."), (int) (next - p), p);
          p = next;
        }
      break;
    }

  tok->end = p;
  P->p = p;
}

static void
advance (Parser *P)
{
  P->prev_line = P->tok.line;
  lex_next (P);
}

static gboolean
tok_is (const Token *tok,
        const char  *word)
{
  gsize len = strlen (word);

  return tok->kind == TOK_WORD && (gsize) (tok->end - tok->start) == len &&
         memcmp (tok->start, word, len) == 0;
}

/* How a token is shown in "found ..." messages. */
static char *
describe_token (const Token *tok)
{
  gsize len;

  if (tok->kind == TOK_EOF)
    return g_strdup (_("the end of the text"));

  len = tok->end - tok->start;
  if (!g_utf8_validate (tok->start, len, NULL))
    return g_strdup (_("a byte that is not UTF-8"));
  if (len > 40)
    return g_strdup_printf ("“%.*s…”", 40, tok->start);

  return g_strdup_printf ("“%.*s”", (int) len, tok->start);
}

/* A syntax error at the current token: expected says what should be there. */
static void
fail_expected (Parser     *P,
               const char *expected)
{
  g_autofree char *found = NULL;

  /* The lexer has already explained an invalid character. */
  if (P->tok.kind == TOK_INVALID)
    return;

  found = describe_token (&P->tok);
  /* TRANSLATORS: "expected ':' after field name "foo", found "int"" */
  report (P, P->tok.line, P->tok.line_start, P->tok.start, _("Expected %s, found %s."), expected, found);
}

/* Documentation */

static gboolean
doc_line_hint (const char         *text,
               gsize               len,
               VarlinkMethodHints *hints)
{
  static const struct {
    const char         *text;
    VarlinkMethodHints  hint;
  } known[] = {
    { "[Requires 'more' flag]", VARLINK_METHOD_HINT_REQUIRES_MORE },
    { "[Supports 'more' flag]", VARLINK_METHOD_HINT_SUPPORTS_MORE },
    { "[Requires 'upgrade' flag]", VARLINK_METHOD_HINT_REQUIRES_UPGRADE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (known); i++)
    {
      if (strlen (known[i].text) == len && memcmp (known[i].text, text, len) == 0)
        {
          *hints |= known[i].hint;
          return TRUE;
        }
    }

  return FALSE;
}

/* Turns the comments before the current token into documentation: without '#' and the one
 * space after it, without trailing spaces, lines joined with '\n', leading and trailing
 * empty lines dropped. Comments like "#[rust_type = ...]" (no space after '#') are
 * annotations for code generators, not text for people, and are left out. When hints is
 * given, systemd's hint lines are taken out of the text and returned as flags. */
static char *
take_doc (Parser             *P,
          VarlinkMethodHints *hints)
{
  Span *spans = P->docs;
  guint n = P->n_docs;
  gsize size = 0;
  char *doc, *q;
  char *keep;

  /* Trim each line in place in the span array first, so that the text is copied once. */
  for (guint i = 0; i < n; i++)
    {
      const char *text = spans[i].start + 1;
      const char *end = spans[i].end;

      gboolean spaced = text < end && *text == ' ';

      if (spaced)
        text++;
      while (end > text && (end[-1] == ' ' || end[-1] == '\t'))
        end--;

      if (text < end && *text == '[' &&
          ((hints != NULL && doc_line_hint (text, end - text, hints)) || !spaced))
        {
          /* A hint, now a flag, or an annotation: not text for people. */
          spans[i].start = spans[i].end = NULL;
          continue;
        }

      spans[i].start = text;
      spans[i].end = end;
      size += (end - text) + 1;
    }

  if (size == 0)
    {
      P->n_docs = 0;
      return NULL;
    }

  doc = q = g_malloc (size);
  keep = doc;
  for (guint i = 0; i < n; i++)
    {
      gsize len = spans[i].end - spans[i].start;

      if (spans[i].start == NULL)
        continue;
      /* Leading empty lines are dropped. */
      if (len == 0 && q == doc)
        continue;
      if (q > doc)
        *q++ = '\n';
      memcpy (q, spans[i].start, len);
      q += len;
      if (len > 0)
        keep = q;
    }

  P->n_docs = 0;

  /* And trailing ones. */
  if (keep == doc)
    {
      g_free (doc);
      return NULL;
    }
  *keep = '\0';

  return doc;
}

/* Names */

static gboolean
is_field_name (const char *s,
               gsize       len)
{
  if (len == 0 || !g_ascii_isalpha (s[0]))
    return FALSE;

  for (gsize i = 1; i < len; i++)
    {
      if (s[i] == '_')
        {
          if (i + 1 >= len || s[i + 1] == '_')
            return FALSE;
        }
      else if (!g_ascii_isalnum (s[i]))
        return FALSE;
    }

  return TRUE;
}

static gboolean
is_member_name (const char *s,
                gsize       len)
{
  if (len == 0 || !g_ascii_isupper (s[0]))
    return FALSE;

  for (gsize i = 1; i < len; i++)
    {
      if (!g_ascii_isalnum (s[i]))
        return FALSE;
    }

  return TRUE;
}

/* Returns the number of dot-separated parts, or 0 when the name is malformed. */
static guint
interface_name_parts (const char *s,
                      gsize       len)
{
  guint parts = 1;
  gsize i = 0;

  if (len == 0 || !g_ascii_isalpha (s[0]))
    return 0;

  while (i < len)
    {
      /* A part: a letter or digit, then letters, digits and hyphens not at its end. */
      if (!g_ascii_isalnum (s[i]))
        return 0;
      while (i < len && (g_ascii_isalnum (s[i]) || s[i] == '-'))
        i++;
      if (s[i - 1] == '-')
        return 0;
      if (i < len)
        {
          /* s[i] is a dot: anything else stopped the loop above. */
          if (s[i] != '.' || i + 1 >= len)
            return 0;
          i++;
          parts++;
        }
    }

  return parts;
}

/* Types */

static VarlinkType *parse_type (Parser *P);

static void
fields_pop (Parser *P,
            guint   base)
{
  for (guint i = base; i < P->n_fields; i++)
    {
      VarlinkFieldSpec *spec = &P->fields[i];

      g_clear_pointer (&spec->type, varlink_type_unref);
      g_clear_pointer (&spec->doc, g_free);
    }
  P->n_fields = base;
}

/* Duplicate field names, enum values and member names are errors when reading leniently
 * too: a JSON object cannot carry two values under one name, and lookups by name would
 * silently pick one of them. */
static void
check_duplicate_field (Parser  *P,
                       guint    base,
                       gboolean is_enum,
                       guint64 *seen)
{
  VarlinkFieldSpec *last = &P->fields[P->n_fields - 1];
  guint64 bit = G_GUINT64_CONSTANT (1) << ((last->name_len * 31 + (guchar) last->name[0] +
                                            (guchar) last->name[last->name_len - 1]) & 63);

  /* A tiny Bloom filter of the names so far: the quadratic comparison runs only when two
   * names look alike. */
  if ((*seen & bit) == 0)
    {
      *seen |= bit;
      return;
    }

  for (guint i = base; i + 1 < P->n_fields; i++)
    {
      VarlinkFieldSpec *spec = &P->fields[i];

      if (spec->name_len == last->name_len && memcmp (spec->name, last->name, last->name_len) == 0)
        {
          if (is_enum)
            report_at (P, last->line, last->column, FALSE,
                       _("The enumeration value “%.*s” appears twice (first on line %u)."),
                       (int) last->name_len, last->name, spec->line);
          else
            report_at (P, last->line, last->column, FALSE,
                       _("The field “%.*s” is declared twice (first on line %u)."),
                       (int) last->name_len, last->name, spec->line);
          return;
        }
    }
}

/* Parses "(...)" at the current token: a struct, or an enum when struct_only is FALSE.
 * owner names what it belongs to, for messages (untranslated: translating costs time on
 * every call, and is only needed for an error). */
static VarlinkType *
parse_fields (Parser     *P,
              gboolean    struct_only,
              const char *owner)
{
  guint base = P->n_fields;
  VarlinkTypeKind kind = VARLINK_TYPE_KIND_STRUCT;
  gboolean kind_known = struct_only;
  guint64 seen = 0;
  VarlinkType *type;

  if (P->tok.kind != TOK_LPAREN)
    {
      g_autofree char *expected = g_strdup_printf (_("“(” after %s"), _(owner));
      fail_expected (P, expected);
      return NULL;
    }
  advance (P);

  if (P->tok.kind == TOK_RPAREN)
    {
      advance (P);
      return varlink_type_new_fields (VARLINK_TYPE_KIND_STRUCT, NULL, 0);
    }

  for (;;)
    {
      VarlinkFieldSpec spec = { 0, };

      if (P->tok.kind != TOK_WORD)
        {
          if (P->n_fields == base)
            fail_expected (P, _("a field name or “)”"));
          else
            fail_expected (P, _("a field name after “,”"));
          goto fail;
        }

      spec.name = P->tok.start;
      spec.name_len = P->tok.end - P->tok.start;
      spec.line = P->tok.line;
      spec.column = tok_column (&P->tok, P->tok.start);
      spec.doc = P->n_docs > 0 ? take_doc (P, NULL) : NULL;

      if (!is_field_name (spec.name, spec.name_len))
        report_at (P, spec.line, spec.column, FALSE,
                   _("“%.*s” is not a valid field name: field names start with a letter and "
                     "continue with letters and digits, with single underscores between them."),
                   (int) spec.name_len, spec.name);
      advance (P);

      if (!kind_known)
        {
          kind = P->tok.kind == TOK_COLON ? VARLINK_TYPE_KIND_STRUCT : VARLINK_TYPE_KIND_ENUM;
          kind_known = TRUE;
        }

      if (kind == VARLINK_TYPE_KIND_STRUCT)
        {
          if (P->tok.kind != TOK_COLON)
            {
              g_autofree char *expected =
                g_strdup_printf (_("“:” after field name “%.*s”"), (int) spec.name_len, spec.name);
              g_free (spec.doc);
              fail_expected (P, expected);
              goto fail;
            }
          advance (P);

          spec.type = parse_type (P);
          if (spec.type == NULL)
            {
              g_free (spec.doc);
              goto fail;
            }
        }

      if (G_UNLIKELY (P->n_fields == P->fields_size))
        {
          P->fields_size = MAX (32, 2 * P->fields_size);
          P->fields = g_renew (VarlinkFieldSpec, P->fields, P->fields_size);
        }
      P->fields[P->n_fields++] = spec;
      check_duplicate_field (P, base, kind == VARLINK_TYPE_KIND_ENUM, &seen);

      if (P->tok.kind == TOK_COMMA)
        {
          advance (P);
          continue;
        }
      if (P->tok.kind == TOK_RPAREN)
        break;

      if (kind == VARLINK_TYPE_KIND_ENUM && P->n_fields - base == 1 && P->tok.kind == TOK_WORD)
        {
          /* "(foo int)": a word after the first name is a type with its ':' missing. */
          g_autofree char *expected =
            g_strdup_printf (_("“:” after field name “%.*s”"), (int) spec.name_len, spec.name);
          fail_expected (P, expected);
        }
      else if (kind == VARLINK_TYPE_KIND_STRUCT)
        {
          g_autofree char *expected =
            g_strdup_printf (_("“,” or “)” after the type of field “%.*s”"),
                             (int) spec.name_len, spec.name);
          fail_expected (P, expected);
        }
      else if (P->tok.kind == TOK_COLON)
        {
          report (P, P->tok.line, P->tok.line_start, P->tok.start,
                  _("Expected “,” or “)” after enumeration value “%.*s”, found “:”: in one "
                    "pair of parentheses either every name has a type (a struct) or none "
                    "has (an enumeration)."),
                  (int) spec.name_len, spec.name);
        }
      else
        {
          g_autofree char *expected =
            g_strdup_printf (_("“,” or “)” after enumeration value “%.*s”"),
                             (int) spec.name_len, spec.name);
          fail_expected (P, expected);
        }
      goto fail;
    }

  advance (P);
  type = varlink_type_new_fields (kind,
                                  &P->fields[base],
                                  P->n_fields - base);
  /* The new type owns the types and docs now. */
  P->n_fields = base;

  return type;

fail:
  fields_pop (P, base);
  return NULL;
}

static VarlinkType *
parse_type_inner (Parser *P)
{
  const Token *tok = &P->tok;
  VarlinkType *element;
  VarlinkTypeKind kind;

  switch (tok->kind)
    {
    case TOK_QUESTION:
      {
        const char *start = tok->start;
        const char *line_start = tok->line_start;
        guint line = tok->line;

        advance (P);
        if (tok->kind == TOK_QUESTION)
          {
            const char *end = tok->end;

            /* Quote the type as written, up to where it plainly ends. */
            while (end < P->end && end - start < 40 && (*end == '?' || *end == '[' ||
                                                        *end == ']' || is_word_char (*end)))
              end++;
            report (P, line, line_start, start,
                    _("“%.*s”: a type can be nullable only once."), (int) (end - start), start);
            return NULL;
          }
        kind = VARLINK_TYPE_KIND_NULLABLE;
        break;
      }

    case TOK_ARRAY:
      advance (P);
      kind = VARLINK_TYPE_KIND_ARRAY;
      break;

    case TOK_MAP:
      advance (P);
      kind = VARLINK_TYPE_KIND_MAP;
      break;

    case TOK_LPAREN:
      return parse_fields (P, FALSE, N_("a type"));

    case TOK_WORD:
      {
        const char *s = tok->start;
        gsize len = tok->end - tok->start;
        VarlinkType *type = NULL;

        switch (len)
          {
          case 3:
            if (memcmp (s, "int", 3) == 0)
              type = varlink_type_new_primitive (VARLINK_TYPE_KIND_INT);
            else if (memcmp (s, "any", 3) == 0)
              type = varlink_type_new_primitive (VARLINK_TYPE_KIND_ANY);
            break;

          case 4:
            if (memcmp (s, "bool", 4) == 0)
              type = varlink_type_new_primitive (VARLINK_TYPE_KIND_BOOL);
            break;

          case 5:
            if (memcmp (s, "float", 5) == 0)
              type = varlink_type_new_primitive (VARLINK_TYPE_KIND_FLOAT);
            break;

          case 6:
            if (memcmp (s, "string", 6) == 0)
              type = varlink_type_new_primitive (VARLINK_TYPE_KIND_STRING);
            else if (memcmp (s, "object", 6) == 0)
              type = varlink_type_new_primitive (VARLINK_TYPE_KIND_OBJECT);
            break;

          default:
            break;
          }

        if (type == NULL)
          {
            NameRef ref = { s, len, tok->line, tok_column (tok, s) };

            if (is_member_name (s, len))
              g_array_append_val (P->refs, ref);
            else
              report_at (P, ref.line, ref.column, FALSE,
                         _("Unknown type “%.*s”: the types are bool, int, float, string, object, "
                           "any, and names of declared types, which start with an uppercase letter."),
                         (int) len, s);
            type = varlink_type_new_named (s, len);
          }

        advance (P);
        return type;
      }

    default:
      fail_expected (P, _("a type"));
      return NULL;
    }

  element = parse_type (P);
  if (element == NULL)
    return NULL;

  return varlink_type_new_container (kind, element);
}

static VarlinkType *
parse_type (Parser *P)
{
  VarlinkType *type;

  if (P->depth >= MAX_DEPTH)
    {
      report (P, P->tok.line, P->tok.line_start, P->tok.start,
              _("The type nests too deeply (more than %d levels)."), MAX_DEPTH);
      return NULL;
    }

  P->depth++;
  type = parse_type_inner (P);
  P->depth--;

  return type;
}

/* Members */

static gboolean
parse_member (Parser *P)
{
  const char *keyword_text;
  VarlinkMemberKind kind;
  VarlinkMember *member;
  VarlinkMember *first;
  VarlinkMethodHints hints = VARLINK_METHOD_HINT_NONE;
  char *doc;
  guint line, column;
  gsize name_len;
  const char *name;

  if (tok_is (&P->tok, "type"))
    {
      kind = VARLINK_MEMBER_KIND_TYPE;
      keyword_text = "type";
    }
  else if (tok_is (&P->tok, "method"))
    {
      kind = VARLINK_MEMBER_KIND_METHOD;
      keyword_text = "method";
    }
  else if (tok_is (&P->tok, "error"))
    {
      kind = VARLINK_MEMBER_KIND_ERROR;
      keyword_text = "error";
    }
  else if (tok_is (&P->tok, "interface"))
    {
      report (P, P->tok.line, P->tok.line_start, P->tok.start,
              _("A description declares one interface only: “interface” can appear once, "
                "at the start."));
      return FALSE;
    }
  else
    {
      fail_expected (P, _("“type”, “method” or “error”"));
      return FALSE;
    }

  line = P->tok.line;
  column = tok_column (&P->tok, P->tok.start);
  doc = P->n_docs > 0 ? take_doc (P, kind == VARLINK_MEMBER_KIND_METHOD ? &hints : NULL) : NULL;
  advance (P);

  if (P->tok.kind != TOK_WORD)
    {
      g_autofree char *expected = g_strdup_printf (_("a name after “%s”"), keyword_text);
      g_free (doc);
      fail_expected (P, expected);
      return FALSE;
    }

  name = P->tok.start;
  name_len = P->tok.end - P->tok.start;
  if (!is_member_name (name, name_len))
    {
      const char *what;

      if (kind == VARLINK_MEMBER_KIND_TYPE)
        what = _("type names start with an uppercase letter and contain only letters and digits");
      else if (kind == VARLINK_MEMBER_KIND_METHOD)
        what = _("method names start with an uppercase letter and contain only letters and digits");
      else
        what = _("error names start with an uppercase letter and contain only letters and digits");

      report (P, P->tok.line, P->tok.line_start, P->tok.start,
              "“%.*s”: %s.", (int) name_len, name, what);
    }

  member = g_object_new (VARLINK_TYPE_MEMBER, NULL);
  member->kind = kind;
  member->hints = hints;
  /* One allocation for "interface.Name" and "Name". */
  member->full_name = g_malloc (P->name_len + 1 + name_len + 1);
  memcpy (member->full_name, P->name, P->name_len);
  member->full_name[P->name_len] = '.';
  memcpy (member->full_name + P->name_len + 1, name, name_len);
  member->full_name[P->name_len + 1 + name_len] = '\0';
  member->name = member->full_name + P->name_len + 1;
  member->line = line;
  member->column = column;
  member_set_doc (member, doc);
  g_ptr_array_add (P->members, member);

  first = g_hash_table_lookup (P->by_name, member->name);
  if (first != NULL)
    {
      report (P, P->tok.line, P->tok.line_start, P->tok.start,
              _("“%s” is declared twice (first on line %u); types, methods and errors share "
                "one set of names."), member->name, first->line);
    }
  else
    g_hash_table_insert (P->by_name, (gpointer) member->name, member);

  advance (P);

  switch (kind)
    {
    case VARLINK_MEMBER_KIND_TYPE:
      {
        guint def_line = P->tok.line;
        guint def_column = tok_column (&P->tok, P->tok.start);

        member->definition = parse_fields (P, FALSE, N_("the type name"));
        if (member->definition == NULL)
          return FALSE;

        /* The grammar allows "type Foo ()", but systemd refuses it: a warning when
         * validating a file a person writes, so they know a peer may reject it, and
         * nothing when reading what a service sent. */
        if (member->definition->n_fields == 0 && P->mode == VARLINK_PARSE_STRICT)
          report_at (P, def_line, def_column, TRUE,
                     _("The type “%s” is empty; the grammar allows it, but systemd refuses "
                       "empty types. Use “()” directly where it is needed."), member->name);
      }
      break;

    case VARLINK_MEMBER_KIND_METHOD:
      member->input = parse_fields (P, TRUE, N_("the method name"));
      if (member->input == NULL)
        return FALSE;
      if (P->tok.kind != TOK_ARROW)
        {
          g_autofree char *expected =
            g_strdup_printf (_("“->” after the parameters of method “%s”"), member->name);
          fail_expected (P, expected);
          return FALSE;
        }
      advance (P);
      member->output = parse_fields (P, TRUE, "“->”");
      if (member->output == NULL)
        return FALSE;
      break;

    case VARLINK_MEMBER_KIND_ERROR:
      member->definition = parse_fields (P, TRUE, N_("the error name"));
      if (member->definition == NULL)
        return FALSE;
      break;

    default:
      g_assert_not_reached ();
    }

  member->end_line = P->prev_line;

  return TRUE;
}

/* After a syntax error: skip to the next declaration keyword at the start of a line. */
static void
recover (Parser *P)
{
  for (;;)
    {
      if (P->tok.kind == TOK_EOF)
        return;
      if (P->tok.newline_before &&
          (tok_is (&P->tok, "type") || tok_is (&P->tok, "method") || tok_is (&P->tok, "error")))
        return;
      advance (P);
    }
}

static void
check_references (Parser *P)
{
  /* Services send descriptions with names they never declare; reading leniently keeps
   * them as unresolved names. */
  if (P->mode == VARLINK_PARSE_LENIENT)
    return;

  for (guint i = 0; i < P->refs->len; i++)
    {
      NameRef *ref = &g_array_index (P->refs, NameRef, i);
      g_autofree char *name = g_strndup (ref->name, ref->name_len);
      VarlinkMember *member = g_hash_table_lookup (P->by_name, name);

      if (member == NULL)
        report_at (P, ref->line, ref->column, FALSE,
                   _("Unknown type “%s”; declare it with “type %s (...)”. (A description "
                     "received from a service is read leniently, which would keep it as an "
                     "unresolved name.)"), name, name);
      else if (member->kind == VARLINK_MEMBER_KIND_METHOD)
        report_at (P, ref->line, ref->column, FALSE,
                   _("“%s” is a method, not a type."), name);
      else if (member->kind == VARLINK_MEMBER_KIND_ERROR)
        report_at (P, ref->line, ref->column, FALSE,
                   _("“%s” is an error, not a type."), name);
    }
}

static void
parse_interface (Parser *P)
{
  gboolean first = TRUE;
  gsize name_len;
  guint parts;

  lex_next (P);

  if (!tok_is (&P->tok, "interface"))
    {
      if (P->tok.kind == TOK_EOF)
        report (P, P->tok.line, P->tok.line_start, P->tok.start,
                _("The description is empty; it must start with “interface” and the "
                  "interface name."));
      else
        fail_expected (P, _("“interface” and the interface name at the start of the description"));
      return;
    }

  P->doc = P->n_docs > 0 ? take_doc (P, NULL) : NULL;
  advance (P);

  if (P->tok.kind != TOK_WORD)
    {
      fail_expected (P, _("the interface name after “interface”"));
      return;
    }

  name_len = P->tok.end - P->tok.start;
  P->name = g_strndup (P->tok.start, name_len);
  P->name_len = name_len;
  parts = interface_name_parts (P->tok.start, name_len);
  if (parts == 0)
    report (P, P->tok.line, P->tok.line_start, P->tok.start,
            _("“%s” is not a valid interface name: it is dot-separated parts like "
              "“org.example.ping”, each of letters, digits and inner hyphens."), P->name);
  else if (parts == 1 && P->mode == VARLINK_PARSE_STRICT)
    report (P, P->tok.line, P->tok.line_start, P->tok.start,
            _("The interface name “%s” needs at least two dot-separated parts, like "
              "“org.example.ping”. (Some services use one-part names; a description "
              "received from a service is read leniently and would be accepted.)"), P->name);
  advance (P);

  if (P->tok.kind != TOK_EOF && !P->tok.newline_before)
    {
      fail_expected (P, _("a line break after the interface name"));
      if (!P->recover)
        return;
      recover (P);
    }

  if (P->tok.kind == TOK_EOF && P->mode == VARLINK_PARSE_STRICT)
    report (P, P->tok.line, P->tok.line_start, P->tok.start,
            _("The interface declares nothing; it needs at least one type, method or error."));

  while (P->tok.kind != TOK_EOF)
    {
      if (!first && !P->tok.newline_before && P->tok.kind == TOK_INVALID)
        {
          /* The lexer has said what is wrong with it. */
          if (!P->recover)
            return;
          recover (P);
          continue;
        }
      if (!first && !P->tok.newline_before)
        {
          g_autofree char *found = describe_token (&P->tok);
          report (P, P->tok.line, P->tok.line_start, P->tok.start,
                  _("Expected a line break after the declaration, found %s; each declaration "
                    "ends at the end of a line."), found);
          if (!P->recover)
            return;
          recover (P);
          continue;
        }
      first = FALSE;

      if (!parse_member (P))
        {
          if (!P->recover)
            return;
          /* The rest of the member is skipped: move past the current token so that a
           * keyword in the wrong place is not found again. */
          if (P->tok.kind != TOK_EOF)
            advance (P);
          recover (P);
        }
    }

  check_references (P);
}

static gint
compare_diagnostics (gconstpointer a,
                     gconstpointer b)
{
  const VarlinkDiagnostic *da = *(VarlinkDiagnostic * const *) a;
  const VarlinkDiagnostic *db = *(VarlinkDiagnostic * const *) b;

  if (da->line != db->line)
    return da->line < db->line ? -1 : 1;
  if (da->column != db->column)
    return da->column < db->column ? -1 : 1;

  return 0;
}

static void
parser_init (Parser           *P,
             const char       *text,
             gssize            length,
             VarlinkParseMode  mode,
             gboolean          recover_errors)
{
  memset (P, 0, sizeof *P);

  if (length < 0)
    length = strlen (text);

  P->text = text;
  P->p = text;
  P->end = text + length;
  P->line_start = text;
  P->line = 1;
  P->line_ascii = TRUE;
  P->mode = mode;
  P->recover = recover_errors;
  P->refs = g_array_new (FALSE, FALSE, sizeof (NameRef));
  P->diagnostics = g_ptr_array_new_with_free_func ((GDestroyNotify) varlink_diagnostic_free);
  P->members = g_ptr_array_new_with_free_func (g_object_unref);
  P->by_name = g_hash_table_new (g_str_hash, g_str_equal);
}

static void
parser_clear (Parser *P)
{
  fields_pop (P, 0);
  g_clear_pointer (&P->docs, g_free);
  g_clear_pointer (&P->fields, g_free);
  g_clear_pointer (&P->refs, g_array_unref);
  g_clear_pointer (&P->diagnostics, g_ptr_array_unref);
  g_clear_pointer (&P->members, g_ptr_array_unref);
  g_clear_pointer (&P->by_name, g_hash_table_unref);
  g_clear_pointer (&P->name, g_free);
  g_clear_pointer (&P->doc, g_free);
}

VarlinkInterface *
varlink_interface_new_from_string (const char        *text,
                                   gssize             length,
                                   VarlinkParseMode   mode,
                                   GError           **error)
{
  VarlinkInterface *self;
  Parser P;

  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  parser_init (&P, text, length, mode, FALSE);
  parse_interface (&P);

  if (P.has_error)
    {
      const VarlinkDiagnostic *first = NULL;

      for (guint i = 0; i < P.diagnostics->len; i++)
        {
          const VarlinkDiagnostic *d = g_ptr_array_index (P.diagnostics, i);

          if (!d->warning && (first == NULL || compare_diagnostics (&d, &first) < 0))
            first = d;
        }

      g_set_error (error, VARLINK_ERROR, VARLINK_ERROR_PARSE, "%u:%u: %s",
                   first->line, first->column, first->message);
      parser_clear (&P);
      return NULL;
    }

  self = g_object_new (VARLINK_TYPE_INTERFACE, NULL);
  self->name = g_steal_pointer (&P.name);
  self->doc = g_steal_pointer (&P.doc);
  self->text = g_strndup (text, P.end - text);
  self->member_array = g_steal_pointer (&P.members);
  self->by_name = g_steal_pointer (&P.by_name);


  parser_clear (&P);

  return self;
}

GPtrArray *
varlink_interface_validate (const char       *text,
                            gssize            length,
                            VarlinkParseMode  mode)
{
  GPtrArray *diagnostics;
  Parser P;

  g_return_val_if_fail (text != NULL, NULL);

  parser_init (&P, text, length, mode, TRUE);
  parse_interface (&P);

  diagnostics = g_steal_pointer (&P.diagnostics);
  g_ptr_array_sort (diagnostics, compare_diagnostics);
  parser_clear (&P);

  return diagnostics;
}

const char *
varlink_interface_get_name (VarlinkInterface *self)
{
  g_return_val_if_fail (VARLINK_IS_INTERFACE (self), NULL);

  return self->name;
}

const char *
varlink_interface_get_doc (VarlinkInterface *self)
{
  g_return_val_if_fail (VARLINK_IS_INTERFACE (self), NULL);

  return self->doc;
}

const char *
varlink_interface_get_text (VarlinkInterface *self)
{
  g_return_val_if_fail (VARLINK_IS_INTERFACE (self), NULL);

  return self->text;
}

GListModel *
varlink_interface_get_members (VarlinkInterface *self)
{
  g_return_val_if_fail (VARLINK_IS_INTERFACE (self), NULL);

  return G_LIST_MODEL (self);
}

VarlinkMember *
varlink_interface_lookup (VarlinkInterface *self,
                          const char       *name)
{
  g_return_val_if_fail (VARLINK_IS_INTERFACE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  return g_hash_table_lookup (self->by_name, name);
}

VarlinkType *
varlink_interface_lookup_type (VarlinkInterface *self,
                               const char       *name)
{
  VarlinkMember *member;

  g_return_val_if_fail (VARLINK_IS_INTERFACE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);

  member = g_hash_table_lookup (self->by_name, name);
  if (member == NULL || member->kind != VARLINK_MEMBER_KIND_TYPE)
    return NULL;

  return member->definition;
}

/* Formatter */

static void
append_doc (GString    *out,
            const char *doc,
            guint       indent)
{
  const char *line = doc;

  if (doc == NULL)
    return;

  for (;;)
    {
      const char *newline = strchr (line, '\n');
      gsize len = newline != NULL ? (gsize) (newline - line) : strlen (line);

      g_string_append_printf (out, "%*s#", indent, "");
      if (len > 0)
        {
          g_string_append_c (out, ' ');
          g_string_append_len (out, line, len);
        }
      g_string_append_c (out, '\n');

      if (newline == NULL)
        break;
      line = newline + 1;
    }
}

static guint
current_column (GString *out)
{
  gsize i = out->len;

  while (i > 0 && out->str[i - 1] != '\n')
    i--;

  return out->len - i;
}

/* Appends type at the end of out; structs and enums go on one line when they fit after
 * what the line already holds (leaving room for a closing character) and have no
 * documented fields, else one field per line, indented by two more spaces. */
static void
format_type (GString           *out,
             const VarlinkType *type,
             guint              indent)
{
  switch (type->kind)
    {
    case VARLINK_TYPE_KIND_ARRAY:
      g_string_append (out, "[]");
      format_type (out, type->element, indent);
      return;

    case VARLINK_TYPE_KIND_MAP:
      g_string_append (out, "[string]");
      format_type (out, type->element, indent);
      return;

    case VARLINK_TYPE_KIND_NULLABLE:
      g_string_append_c (out, '?');
      format_type (out, type->element, indent);
      return;

    case VARLINK_TYPE_KIND_STRUCT:
    case VARLINK_TYPE_KIND_ENUM:
      {
        gsize start = out->len;
        guint column = current_column (out);

        if (type->n_fields == 0)
          {
            g_string_append (out, "()");
            return;
          }

        if (!varlink_type_has_docs (type))
          {
            varlink_type_append_string (type, out);
            if (column + (out->len - start) + 1 <= FORMAT_WIDTH)
              return;
            g_string_truncate (out, start);
          }

        g_string_append (out, "(\n");
        for (guint i = 0; i < type->n_fields; i++)
          {
            const VarlinkField *field = &type->fields[i];

            append_doc (out, field->doc, indent + 2);
            g_string_append_printf (out, "%*s%s", indent + 2, "", field->name);
            if (field->type != NULL)
              {
                g_string_append (out, ": ");
                format_type (out, field->type, indent + 2);
              }
            if (i + 1 < type->n_fields)
              g_string_append_c (out, ',');
            g_string_append_c (out, '\n');
          }
        g_string_append_printf (out, "%*s)", indent, "");
        return;
      }

    default:
      varlink_type_append_string (type, out);
      return;
    }
}

static void
append_member (GString       *out,
               VarlinkMember *self)
{
  append_doc (out, self->doc, 0);
  if (self->hints & VARLINK_METHOD_HINT_SUPPORTS_MORE)
    g_string_append (out, "# [Supports 'more' flag]\n");
  if (self->hints & VARLINK_METHOD_HINT_REQUIRES_MORE)
    g_string_append (out, "# [Requires 'more' flag]\n");
  if (self->hints & VARLINK_METHOD_HINT_REQUIRES_UPGRADE)
    g_string_append (out, "# [Requires 'upgrade' flag]\n");

  switch (self->kind)
    {
    case VARLINK_MEMBER_KIND_TYPE:
      g_string_append_printf (out, "type %s ", self->name);
      format_type (out, self->definition, 0);
      break;

    case VARLINK_MEMBER_KIND_METHOD:
      g_string_append_printf (out, "method %s", self->name);
      format_type (out, self->input, 0);
      g_string_append (out, " -> ");
      format_type (out, self->output, 0);
      break;

    case VARLINK_MEMBER_KIND_ERROR:
      g_string_append_printf (out, "error %s ", self->name);
      format_type (out, self->definition, 0);
      break;

    default:
      g_assert_not_reached ();
    }

  g_string_append_c (out, '\n');
}

char *
varlink_member_format (VarlinkMember *self)
{
  GString *out;

  g_return_val_if_fail (VARLINK_IS_MEMBER (self), NULL);

  out = g_string_new (NULL);
  append_member (out, self);

  return g_string_free (out, FALSE);
}

char *
varlink_interface_format (VarlinkInterface *self)
{
  GString *out;

  g_return_val_if_fail (VARLINK_IS_INTERFACE (self), NULL);

  out = g_string_new (NULL);
  append_doc (out, self->doc, 0);
  g_string_append_printf (out, "interface %s\n", self->name);

  for (guint i = 0; i < self->member_array->len; i++)
    {
      g_string_append_c (out, '\n');
      append_member (out, g_ptr_array_index (self->member_array, i));
    }

  return g_string_free (out, FALSE);
}
