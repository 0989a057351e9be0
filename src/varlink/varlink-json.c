/* varlink-json.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <float.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "varlink-error.h"
#include "varlink-json.h"

/* One pass from bytes to JsonNode: json-glib's JsonParser goes through a GScanner and is
 * an order of magnitude too slow for a stream of small messages. Decoded strings and member
 * names go through one scratch buffer used as a stack, so a member name stays put while its
 * value is parsed and nothing is allocated besides the nodes themselves. */

typedef struct {
  const char *start;
  const char *p;
  const char *end;
  GError    **error;
  guint       depth;
  char       *scratch;
  gsize       scratch_len;   /* in use */
  gsize       scratch_size;  /* allocated */
  gboolean    scratch_heap;
} Parser;

/* Bytes a string can hold without a closer look: printable ASCII other than '"' and '\\'. */
static const guint8 plain_char[256] = {
  ['\x20'] = 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, /* 0x20 .. 0x2f, '"' excluded */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,            /* 0x30 .. 0x3f */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,            /* 0x40 .. 0x4f */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1,            /* 0x50 .. 0x5f, '\\' excluded */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,            /* 0x60 .. 0x6f */
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,            /* 0x70 .. 0x7f */
};

static JsonNode *parse_value (Parser *parser);

static gboolean G_GNUC_PRINTF (3, 4)
parser_fail (Parser     *parser,
             const char *at,
             const char *format,
             ...)
{
  g_autofree char *what = NULL;
  va_list args;

  if (parser->error == NULL || *parser->error != NULL)
    return FALSE;

  va_start (args, format);
  what = g_strdup_vprintf (format, args);
  va_end (args);

  /* Translators: the first %s says what is wrong, %lu is a byte offset in the message */
  g_set_error (parser->error, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL,
               _("Invalid JSON: %s at byte %lu"), what, (unsigned long) (at - parser->start));
  return FALSE;
}

static inline void
skip_space (Parser *parser)
{
  const char *p = parser->p;

  while (p < parser->end && (*p == ' ' || *p == '\n' || *p == '\r' || *p == '\t'))
    p++;
  parser->p = p;
}

static void
scratch_reserve (Parser *parser,
                 gsize   extra)
{
  gsize needed = parser->scratch_len + extra;
  gsize size;

  if (G_LIKELY (needed <= parser->scratch_size))
    return;

  size = parser->scratch_size * 2;
  while (size < needed)
    size *= 2;

  if (parser->scratch_heap)
    {
      parser->scratch = g_realloc (parser->scratch, size);
    }
  else
    {
      char *heap = g_malloc (size);

      memcpy (heap, parser->scratch, parser->scratch_len);
      parser->scratch = heap;
      parser->scratch_heap = TRUE;
    }
  parser->scratch_size = size;
}

static inline void
scratch_append (Parser     *parser,
                const char *data,
                gsize       length)
{
  scratch_reserve (parser, length);
  memcpy (parser->scratch + parser->scratch_len, data, length);
  parser->scratch_len += length;
}

static inline void
scratch_append_unichar (Parser   *parser,
                        gunichar  c)
{
  scratch_reserve (parser, 6);
  parser->scratch_len += g_unichar_to_utf8 (c, parser->scratch + parser->scratch_len);
}

/* Length of the valid UTF-8 sequence at p (its lead byte >= 0x80), or 0. Overlong forms,
 * surrogates and code points past U+10FFFF are invalid. */
static inline gsize
utf8_sequence_length (const guint8 *p,
                      const guint8 *end)
{
  guint8 c = p[0];

  if (c >= 0xc2 && c <= 0xdf)
    {
      if (end - p >= 2 && (p[1] & 0xc0) == 0x80)
        return 2;
    }
  else if (c >= 0xe0 && c <= 0xef)
    {
      if (end - p >= 3 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
          !(c == 0xe0 && p[1] < 0xa0) &&
          !(c == 0xed && p[1] >= 0xa0))
        return 3;
    }
  else if (c >= 0xf0 && c <= 0xf4)
    {
      if (end - p >= 4 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
          (p[3] & 0xc0) == 0x80 &&
          !(c == 0xf0 && p[1] < 0x90) &&
          !(c == 0xf4 && p[1] >= 0x90))
        return 4;
    }

  return 0;
}

static inline int
hex_value (char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

static gboolean
parse_hex4 (Parser   *parser,
            const char *p,
            gunichar *out)
{
  gunichar value = 0;

  if (parser->end - p < 4)
    return parser_fail (parser, p, _("truncated \\u escape"));

  for (guint i = 0; i < 4; i++)
    {
      int digit = hex_value (p[i]);

      if (digit < 0)
        return parser_fail (parser, p + i, _("invalid hexadecimal digit in a \\u escape"));
      value = (value << 4) | (gunichar) digit;
    }

  *out = value;
  return TRUE;
}

/* Parses the string whose opening quote is at parser->p and pushes its decoded text, NUL
 * terminated, on the scratch stack; returns its offset there, or -1. */
static gssize
parse_string (Parser *parser)
{
  const guint8 *p = (const guint8 *) parser->p + 1;
  const guint8 *end = (const guint8 *) parser->end;
  const guint8 *run = p;
  gsize offset = parser->scratch_len;

  for (;;)
    {
      while (p < end && plain_char[*p])
        p++;

      if (G_UNLIKELY (p >= end))
        {
          parser_fail (parser, parser->p, _("unterminated string"));
          return -1;
        }

      if (*p == '"')
        {
          scratch_append (parser, (const char *) run, p - run);
          scratch_append (parser, "", 1);
          parser->p = (const char *) p + 1;
          return offset;
        }
      else if (*p >= 0x80)
        {
          gsize n = utf8_sequence_length (p, end);

          if (n == 0)
            {
              parser_fail (parser, (const char *) p, _("invalid UTF-8 in a string"));
              return -1;
            }
          p += n;
        }
      else if (*p == '\\')
        {
          char c;

          scratch_append (parser, (const char *) run, p - run);
          if (p + 1 >= end)
            {
              parser_fail (parser, (const char *) p, _("unterminated string"));
              return -1;
            }

          c = p[1];
          p += 2;
          switch (c)
            {
            case '"': scratch_append (parser, "\"", 1); break;
            case '\\': scratch_append (parser, "\\", 1); break;
            case '/': scratch_append (parser, "/", 1); break;
            case 'b': scratch_append (parser, "\b", 1); break;
            case 'f': scratch_append (parser, "\f", 1); break;
            case 'n': scratch_append (parser, "\n", 1); break;
            case 'r': scratch_append (parser, "\r", 1); break;
            case 't': scratch_append (parser, "\t", 1); break;
            case 'u':
              {
                gunichar u;

                if (!parse_hex4 (parser, (const char *) p, &u))
                  return -1;
                p += 4;

                if (u >= 0xdc00 && u <= 0xdfff)
                  {
                    parser_fail (parser, (const char *) p - 6, _("unpaired surrogate in a \\u escape"));
                    return -1;
                  }
                else if (u >= 0xd800 && u <= 0xdbff)
                  {
                    gunichar low;

                    if (end - p < 2 || p[0] != '\\' || p[1] != 'u' ||
                        !parse_hex4 (parser, (const char *) p + 2, &low) ||
                        low < 0xdc00 || low > 0xdfff)
                      {
                        parser_fail (parser, (const char *) p - 6, _("unpaired surrogate in a \\u escape"));
                        return -1;
                      }
                    p += 6;
                    u = 0x10000 + ((u - 0xd800) << 10) + (low - 0xdc00);
                  }
                else if (u == 0)
                  {
                    /* A NUL would cut the C string short and ends a message on the wire. */
                    parser_fail (parser, (const char *) p - 6, _("a string contains a NUL character"));
                    return -1;
                  }

                scratch_append_unichar (parser, u);
              }
              break;
            default:
              parser_fail (parser, (const char *) p - 2, _("invalid escape sequence in a string"));
              return -1;
            }
          run = p;
        }
      else
        {
          parser_fail (parser, (const char *) p, _("unescaped control character in a string"));
          return -1;
        }
    }
}

static JsonNode *
parse_number (Parser *parser)
{
  const char *p = parser->p;
  const char *end = parser->end;
  const char *start = p;
  gboolean negative = FALSE;
  gboolean is_int = TRUE;
  guint64 magnitude = 0;
  gboolean overflow = FALSE;
  JsonNode *node;

  if (*p == '-')
    {
      negative = TRUE;
      p++;
    }

  if (p >= end || !g_ascii_isdigit (*p))
    {
      parser_fail (parser, start, _("invalid number"));
      return NULL;
    }

  if (*p == '0')
    {
      p++;
      if (p < end && g_ascii_isdigit (*p))
        {
          parser_fail (parser, start, _("a number has a leading zero"));
          return NULL;
        }
    }
  else
    {
      while (p < end && g_ascii_isdigit (*p))
        {
          guint digit = *p - '0';

          if (magnitude > (G_MAXUINT64 - digit) / 10)
            overflow = TRUE;
          else
            magnitude = magnitude * 10 + digit;
          p++;
        }
    }

  if (p < end && *p == '.')
    {
      is_int = FALSE;
      p++;
      if (p >= end || !g_ascii_isdigit (*p))
        {
          parser_fail (parser, start, _("a number has no digits after its decimal point"));
          return NULL;
        }
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  if (p < end && (*p == 'e' || *p == 'E'))
    {
      is_int = FALSE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      if (p >= end || !g_ascii_isdigit (*p))
        {
          parser_fail (parser, start, _("a number has no digits in its exponent"));
          return NULL;
        }
      while (p < end && g_ascii_isdigit (*p))
        p++;
    }

  parser->p = p;
  node = json_node_alloc ();

  if (is_int && !overflow &&
      (negative ? magnitude <= (guint64) G_MAXINT64 + 1 : magnitude <= G_MAXINT64))
    {
      gint64 value = negative ? (gint64) (0 - magnitude) : (gint64) magnitude;

      return json_node_init_int (node, value);
    }
  else
    {
      gsize mark = parser->scratch_len;
      double value;

      /* strtod needs a terminated copy: the message's next byte may be a digit too. */
      scratch_append (parser, start, p - start);
      scratch_append (parser, "", 1);
      value = g_ascii_strtod (parser->scratch + mark, NULL);
      parser->scratch_len = mark;

      /* JSON cannot write infinity back: refuse it rather than turn it into null. */
      if (!isfinite (value))
        {
          json_node_unref (node);
          parser_fail (parser, start, _("a number is too large"));
          return NULL;
        }

      return json_node_init_double (node, value);
    }
}

static gboolean
parse_literal (Parser     *parser,
               const char *word,
               gsize       length)
{
  if ((gsize) (parser->end - parser->p) < length || memcmp (parser->p, word, length) != 0)
    return parser_fail (parser, parser->p, _("unexpected character"));

  parser->p += length;
  return TRUE;
}

static JsonNode *
parse_object (Parser *parser)
{
  g_autoptr(JsonObject) object = json_object_new ();
  JsonNode *node;

  parser->p++;  /* '{' */
  skip_space (parser);

  if (parser->p < parser->end && *parser->p == '}')
    {
      parser->p++;
      goto done;
    }

  for (;;)
    {
      gssize key;
      JsonNode *value;

      if (parser->p >= parser->end)
        {
          parser_fail (parser, parser->p, _("unterminated object"));
          return NULL;
        }
      if (*parser->p != '"')
        {
          parser_fail (parser, parser->p, _("expected a member name in quotes"));
          return NULL;
        }

      key = parse_string (parser);
      if (key < 0)
        return NULL;

      skip_space (parser);
      if (parser->p >= parser->end || *parser->p != ':')
        {
          parser_fail (parser, parser->p, _("expected ':' after a member name"));
          return NULL;
        }
      parser->p++;

      value = parse_value (parser);
      if (value == NULL)
        return NULL;

      /* The scratch buffer may have moved while the value was parsed: use the offset. */
      json_object_set_member (object, parser->scratch + key, value);
      parser->scratch_len = key;

      skip_space (parser);
      if (parser->p >= parser->end)
        {
          parser_fail (parser, parser->p, _("unterminated object"));
          return NULL;
        }
      if (*parser->p == '}')
        {
          parser->p++;
          break;
        }
      if (*parser->p != ',')
        {
          parser_fail (parser, parser->p, _("expected ',' or '}' in an object"));
          return NULL;
        }
      parser->p++;
      skip_space (parser);
    }

done:
  node = json_node_alloc ();
  json_node_init_object (node, object);
  return node;
}

static JsonNode *
parse_array (Parser *parser)
{
  g_autoptr(JsonArray) array = json_array_new ();
  JsonNode *node;

  parser->p++;  /* '[' */
  skip_space (parser);

  if (parser->p < parser->end && *parser->p == ']')
    {
      parser->p++;
      goto done;
    }

  for (;;)
    {
      JsonNode *value = parse_value (parser);

      if (value == NULL)
        return NULL;
      json_array_add_element (array, value);

      skip_space (parser);
      if (parser->p >= parser->end)
        {
          parser_fail (parser, parser->p, _("unterminated array"));
          return NULL;
        }
      if (*parser->p == ']')
        {
          parser->p++;
          break;
        }
      if (*parser->p != ',')
        {
          parser_fail (parser, parser->p, _("expected ',' or ']' in an array"));
          return NULL;
        }
      parser->p++;
    }

done:
  node = json_node_alloc ();
  json_node_init_array (node, array);
  return node;
}

static JsonNode *
parse_value (Parser *parser)
{
  JsonNode *node = NULL;

  skip_space (parser);
  if (parser->p >= parser->end)
    {
      parser_fail (parser, parser->p, _("unexpected end of data"));
      return NULL;
    }

  switch (*parser->p)
    {
    case '{':
    case '[':
      if (parser->depth >= VARLINK_JSON_MAX_DEPTH)
        {
          parser_fail (parser, parser->p, _("nesting is deeper than %u levels"),
                       (guint) VARLINK_JSON_MAX_DEPTH);
          return NULL;
        }
      parser->depth++;
      node = *parser->p == '{' ? parse_object (parser) : parse_array (parser);
      parser->depth--;
      return node;

    case '"':
      {
        gssize offset = parse_string (parser);

        if (offset < 0)
          return NULL;
        node = json_node_init_string (json_node_alloc (), parser->scratch + offset);
        parser->scratch_len = offset;
        return node;
      }

    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return parse_number (parser);

    case 't':
      if (!parse_literal (parser, "true", 4))
        return NULL;
      return json_node_init_boolean (json_node_alloc (), TRUE);

    case 'f':
      if (!parse_literal (parser, "false", 5))
        return NULL;
      return json_node_init_boolean (json_node_alloc (), FALSE);

    case 'n':
      if (!parse_literal (parser, "null", 4))
        return NULL;
      return json_node_init_null (json_node_alloc ());

    default:
      parser_fail (parser, parser->p, _("unexpected character"));
      return NULL;
    }
}

JsonNode *
varlink_json_parse (const char  *data,
                    gsize        length,
                    GError     **error)
{
  char inline_scratch[512];
  g_autoptr(GError) local_error = NULL;
  Parser parser = {
    .start = data,
    .p = data,
    .end = data + length,
    .error = &local_error,
    .scratch = inline_scratch,
    .scratch_size = sizeof inline_scratch,
  };
  JsonNode *node;

  g_return_val_if_fail (data != NULL || length == 0, NULL);

  node = parse_value (&parser);
  if (node != NULL)
    {
      skip_space (&parser);
      if (parser.p != parser.end)
        {
          parser_fail (&parser, parser.p, _("unexpected data after the value"));
          g_clear_pointer (&node, json_node_unref);
        }
    }

  if (parser.scratch_heap)
    g_free (parser.scratch);

  if (node == NULL)
    {
      if (local_error == NULL)
        g_set_error (&local_error, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL, _("Invalid JSON"));
      g_propagate_error (error, g_steal_pointer (&local_error));
    }

  return node;
}

gboolean
varlink_json_parse_members (const char             *data,
                            gsize                   length,
                            VarlinkJsonMemberFunc   func,
                            gpointer                user_data,
                            GError                **error)
{
  char inline_scratch[512];
  g_autoptr(GError) local_error = NULL;
  Parser parser = {
    .start = data,
    .p = data,
    .end = data + length,
    .error = &local_error,
    .scratch = inline_scratch,
    .scratch_size = sizeof inline_scratch,
  };
  gboolean ok = FALSE;

  g_return_val_if_fail (data != NULL || length == 0, FALSE);
  g_return_val_if_fail (func != NULL, FALSE);

  skip_space (&parser);
  if (parser.p >= parser.end || *parser.p != '{')
    {
      parser_fail (&parser, parser.p, _("expected an object"));
      goto out;
    }

  parser.p++;
  parser.depth = 1;
  skip_space (&parser);

  if (parser.p < parser.end && *parser.p == '}')
    {
      parser.p++;
    }
  else
    {
      for (;;)
        {
          gssize key;
          JsonNode *value;

          if (parser.p >= parser.end || *parser.p != '"')
            {
              parser_fail (&parser, parser.p, parser.p >= parser.end ? _("unterminated object")
                                                                     : _("expected a member name in quotes"));
              goto out;
            }

          key = parse_string (&parser);
          if (key < 0)
            goto out;

          skip_space (&parser);
          if (parser.p >= parser.end || *parser.p != ':')
            {
              parser_fail (&parser, parser.p, _("expected ':' after a member name"));
              goto out;
            }
          parser.p++;

          value = parse_value (&parser);
          if (value == NULL)
            goto out;

          /* The caller's error is its own sentence, not a JSON error. */
          if (!func (parser.scratch + key, value, user_data, error))
            {
              if (parser.scratch_heap)
                g_free (parser.scratch);
              return FALSE;
            }
          parser.scratch_len = key;

          skip_space (&parser);
          if (parser.p >= parser.end)
            {
              parser_fail (&parser, parser.p, _("unterminated object"));
              goto out;
            }
          if (*parser.p == '}')
            {
              parser.p++;
              break;
            }
          if (*parser.p != ',')
            {
              parser_fail (&parser, parser.p, _("expected ',' or '}' in an object"));
              goto out;
            }
          parser.p++;
          skip_space (&parser);
        }
    }

  skip_space (&parser);
  if (parser.p != parser.end)
    parser_fail (&parser, parser.p, _("unexpected data after the value"));
  else
    ok = TRUE;

out:
  if (parser.scratch_heap)
    g_free (parser.scratch);

  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local_error));

  return ok;
}

/* Writing */

static const char hex_digits[] = "0123456789abcdef";

/* Bytes that must be escaped: '"', '\\' and the control characters. */
static const guint8 needs_escape[256] = {
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
  ['"'] = 1,
  ['\\'] = 1,
};

static void
append_string (GString    *out,
               const char *string)
{
  const guint8 *p = (const guint8 *) string;
  const guint8 *run = p;

  g_string_append_c (out, '"');
  for (;;)
    {
      guint8 c;

      while (!needs_escape[*p])
        p++;
      c = *p;
      if (c == '\0')
        break;

      g_string_append_len (out, (const char *) run, p - run);
      switch (c)
        {
        case '"': g_string_append_len (out, "\\\"", 2); break;
        case '\\': g_string_append_len (out, "\\\\", 2); break;
        case '\b': g_string_append_len (out, "\\b", 2); break;
        case '\f': g_string_append_len (out, "\\f", 2); break;
        case '\n': g_string_append_len (out, "\\n", 2); break;
        case '\r': g_string_append_len (out, "\\r", 2); break;
        case '\t': g_string_append_len (out, "\\t", 2); break;
        default:
          {
            char escape[6] = { '\\', 'u', '0', '0', hex_digits[c >> 4], hex_digits[c & 0xf] };

            g_string_append_len (out, escape, 6);
          }
          break;
        }
      run = ++p;
    }
  g_string_append_len (out, (const char *) run, p - run);
  g_string_append_c (out, '"');
}

static void
append_int (GString *out,
            gint64   value)
{
  char buffer[24];
  char *p = buffer + sizeof buffer;
  guint64 magnitude = value < 0 ? 0 - (guint64) value : (guint64) value;

  do
    {
      *--p = '0' + magnitude % 10;
      magnitude /= 10;
    }
  while (magnitude != 0);

  if (value < 0)
    *--p = '-';

  g_string_append_len (out, p, buffer + sizeof buffer - p);
}

static void
append_double (GString *out,
               double   value)
{
  char buffer[G_ASCII_DTOSTR_BUF_SIZE];
  static const char * const formats[] = { "%.15g", "%.16g", "%.17g" };
  gboolean is_float = FALSE;

  if (!isfinite (value))
    {
      g_string_append_len (out, "null", 4);
      return;
    }

  /* For a normal double, the text with the fewest digits that reads back has at most 15
   * of them when one exists at all, and %.15g finds it (%g drops trailing zeros); else 16
   * or 17 digits are needed, and %.17g always reads back. Subnormals hold fewer digits, so
   * every precision is tried. */
  if (value != 0.0 && fabs (value) < DBL_MIN)
    {
      for (int precision = 1; precision <= 17; precision++)
        {
          char format[8];

          g_snprintf (format, sizeof format, "%%.%dg", precision);
          g_ascii_formatd (buffer, sizeof buffer, format, value);
          if (g_ascii_strtod (buffer, NULL) == value)
            break;
        }
    }
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (formats); i++)
        {
          g_ascii_formatd (buffer, sizeof buffer, formats[i], value);
          if (g_ascii_strtod (buffer, NULL) == value)
            break;
        }
    }

  for (const char *p = buffer; *p; p++)
    if (*p == '.' || *p == 'e' || *p == 'E')
      {
        is_float = TRUE;
        break;
      }

  g_string_append (out, buffer);
  if (!is_float)
    g_string_append_len (out, ".0", 2);
}

static void append_node (GString  *out,
                         JsonNode *node,
                         int       indent);

typedef struct {
  GString *out;
  int      indent;
  gboolean first;
} AppendClosure;

static void
append_newline_indent (GString *out,
                       int      indent)
{
  g_string_append_c (out, '\n');
  for (int i = 0; i < indent; i++)
    g_string_append_len (out, "  ", 2);
}

static void
append_member (JsonObject  *object,
               const char  *name,
               JsonNode    *node,
               gpointer     user_data)
{
  AppendClosure *closure = user_data;

  if (!closure->first)
    g_string_append_c (closure->out, ',');
  closure->first = FALSE;

  if (closure->indent >= 0)
    append_newline_indent (closure->out, closure->indent + 1);
  append_string (closure->out, name);
  if (closure->indent >= 0)
    g_string_append_len (closure->out, ": ", 2);
  else
    g_string_append_c (closure->out, ':');
  append_node (closure->out, node, closure->indent >= 0 ? closure->indent + 1 : -1);
}

static void
append_element (JsonArray *array,
                guint      index,
                JsonNode  *node,
                gpointer   user_data)
{
  AppendClosure *closure = user_data;

  if (!closure->first)
    g_string_append_c (closure->out, ',');
  closure->first = FALSE;

  if (closure->indent >= 0)
    append_newline_indent (closure->out, closure->indent + 1);
  append_node (closure->out, node, closure->indent >= 0 ? closure->indent + 1 : -1);
}

/* indent < 0: compact. */
static void
append_object (GString    *out,
               JsonObject *object,
               int         indent)
{
  AppendClosure closure = { out, indent, TRUE };

  g_string_append_c (out, '{');
  json_object_foreach_member (object, append_member, &closure);
  if (indent >= 0 && !closure.first)
    append_newline_indent (out, indent);
  g_string_append_c (out, '}');
}

static void
append_node (GString  *out,
             JsonNode *node,
             int       indent)
{
  if (node == NULL)
    {
      g_string_append_len (out, "null", 4);
      return;
    }

  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      append_object (out, json_node_get_object (node), indent);
      break;

    case JSON_NODE_ARRAY:
      {
        AppendClosure closure = { out, indent, TRUE };

        g_string_append_c (out, '[');
        json_array_foreach_element (json_node_get_array (node), append_element, &closure);
        if (indent >= 0 && !closure.first)
          append_newline_indent (out, indent);
        g_string_append_c (out, ']');
      }
      break;

    case JSON_NODE_NULL:
      g_string_append_len (out, "null", 4);
      break;

    case JSON_NODE_VALUE:
      switch (json_node_get_value_type (node))
        {
        case G_TYPE_INT64:
          append_int (out, json_node_get_int (node));
          break;
        case G_TYPE_DOUBLE:
          append_double (out, json_node_get_double (node));
          break;
        case G_TYPE_BOOLEAN:
          if (json_node_get_boolean (node))
            g_string_append_len (out, "true", 4);
          else
            g_string_append_len (out, "false", 5);
          break;
        case G_TYPE_STRING:
          append_string (out, json_node_get_string (node));
          break;
        default:
          g_string_append_len (out, "null", 4);
          break;
        }
      break;

    default:
      g_string_append_len (out, "null", 4);
      break;
    }
}

void
varlink_json_append (GString  *out,
                     JsonNode *node)
{
  g_return_if_fail (out != NULL);

  append_node (out, node, -1);
}

void
varlink_json_append_object (GString    *out,
                            JsonObject *object)
{
  g_return_if_fail (out != NULL);

  if (object == NULL)
    g_string_append_len (out, "{}", 2);
  else
    append_object (out, object, -1);
}

char *
varlink_json_to_string (JsonNode *node,
                        gboolean  pretty)
{
  GString *out = g_string_sized_new (128);

  append_node (out, node, pretty ? 0 : -1);
  return g_string_free (out, FALSE);
}

/* Equality */

static gboolean
value_equal (JsonNode *a,
             JsonNode *b)
{
  GType ta = json_node_get_value_type (a);
  GType tb = json_node_get_value_type (b);

  if ((ta == G_TYPE_INT64 || ta == G_TYPE_DOUBLE) && (tb == G_TYPE_INT64 || tb == G_TYPE_DOUBLE))
    {
      if (ta == G_TYPE_INT64 && tb == G_TYPE_INT64)
        return json_node_get_int (a) == json_node_get_int (b);
      if (ta == G_TYPE_DOUBLE && tb == G_TYPE_DOUBLE)
        return json_node_get_double (a) == json_node_get_double (b);
      else
        {
          gint64 i = ta == G_TYPE_INT64 ? json_node_get_int (a) : json_node_get_int (b);
          double d = ta == G_TYPE_DOUBLE ? json_node_get_double (a) : json_node_get_double (b);

          /* Compare exactly: beyond 2^53 a double cannot stand for every integer. */
          if (d != floor (d) || d < -9223372036854775808.0 || d >= 9223372036854775808.0)
            return FALSE;
          return (gint64) d == i;
        }
    }

  if (ta != tb)
    return FALSE;

  if (ta == G_TYPE_BOOLEAN)
    return !json_node_get_boolean (a) == !json_node_get_boolean (b);
  if (ta == G_TYPE_STRING)
    return g_strcmp0 (json_node_get_string (a), json_node_get_string (b)) == 0;

  return FALSE;
}

gboolean
varlink_json_equal (JsonNode *a,
                    JsonNode *b)
{
  JsonNodeType type;

  if (a == b)
    return TRUE;
  if (a == NULL || b == NULL)
    return FALSE;

  type = json_node_get_node_type (a);
  if (type != json_node_get_node_type (b))
    return FALSE;

  switch (type)
    {
    case JSON_NODE_NULL:
      return TRUE;

    case JSON_NODE_VALUE:
      return value_equal (a, b);

    case JSON_NODE_ARRAY:
      {
        JsonArray *aa = json_node_get_array (a);
        JsonArray *ab = json_node_get_array (b);
        guint n = json_array_get_length (aa);

        if (n != json_array_get_length (ab))
          return FALSE;
        for (guint i = 0; i < n; i++)
          if (!varlink_json_equal (json_array_get_element (aa, i), json_array_get_element (ab, i)))
            return FALSE;
        return TRUE;
      }

    case JSON_NODE_OBJECT:
      {
        JsonObject *oa = json_node_get_object (a);
        JsonObject *ob = json_node_get_object (b);
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        if (json_object_get_size (oa) != json_object_get_size (ob))
          return FALSE;

        json_object_iter_init (&iter, oa);
        while (json_object_iter_next (&iter, &name, &member))
          {
            JsonNode *other = json_object_get_member (ob, name);

            if (other == NULL || !varlink_json_equal (member, other))
              return FALSE;
          }
        return TRUE;
      }

    default:
      return FALSE;
    }
}
