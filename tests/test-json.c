/* test-json.c
 *
 * Copyright 2026 The Varlink Explorer authors
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#include "config.h"

#include <math.h>
#include <string.h>

#include "varlink.h"

static JsonNode *
parse_ok (const char *text)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = varlink_json_parse (text, strlen (text), &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

static void
assert_parse_fails (const char *text,
                    gsize       length)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = varlink_json_parse (text, length, &error);

  if (node != NULL)
    g_error ("parsing \"%s\" should have failed", text);
  g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL);
  g_assert_true (g_str_has_prefix (error->message, "Invalid JSON"));
}

static char *
compact (JsonNode *node)
{
  return varlink_json_to_string (node, FALSE);
}

static void
assert_round_trip (const char *text)
{
  g_autoptr(JsonNode) node = parse_ok (text);
  g_autofree char *out = compact (node);

  g_assert_cmpstr (out, ==, text);
}

static void
test_round_trips (void)
{
  assert_round_trip ("{}");
  assert_round_trip ("[]");
  assert_round_trip ("null");
  assert_round_trip ("true");
  assert_round_trip ("false");
  assert_round_trip ("0");
  assert_round_trip ("-1");
  assert_round_trip ("\"\"");
  assert_round_trip ("{\"a\":1,\"b\":[1,2,{\"c\":null}],\"d\":\"x\",\"e\":true,\"f\":{}}");
  assert_round_trip ("[[[[]]],{\"z\":[{}]}]");
  /* Member order is kept. */
  assert_round_trip ("{\"z\":1,\"a\":2,\"m\":3}");
}

static void
test_whitespace (void)
{
  g_autoptr(JsonNode) node = parse_ok (" \t\r\n{ \"a\" : [ 1 , 2 ] ,\n \"b\" : { } } \n");
  g_autofree char *out = compact (node);

  g_assert_cmpstr (out, ==, "{\"a\":[1,2],\"b\":{}}");
}

static void
test_types (void)
{
  g_autoptr(JsonNode) node = parse_ok ("{\"i\":42,\"d\":1.5,\"e\":1e3,\"s\":\"x\",\"b\":false,\"n\":null}");
  JsonObject *object = json_node_get_object (node);

  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "i")), ==, G_TYPE_INT64);
  g_assert_cmpint (json_object_get_int_member (object, "i"), ==, 42);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "d")), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_object_get_double_member (object, "d"), ==, 1.5);
  g_assert_cmpint (json_node_get_value_type (json_object_get_member (object, "e")), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_object_get_double_member (object, "e"), ==, 1000.0);
  g_assert_cmpstr (json_object_get_string_member (object, "s"), ==, "x");
  g_assert_false (json_object_get_boolean_member (object, "b"));
  g_assert_true (json_object_get_null_member (object, "n"));
}

static void
test_escapes (void)
{
  g_autoptr(JsonNode) node = parse_ok ("\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041\\u00e9\\u20ac\"");
  g_autofree char *out = NULL;

  g_assert_cmpstr (json_node_get_string (node), ==, "a\"b\\c/d\b\f\n\r\tA\xc3\xa9\xe2\x82\xac");

  out = compact (node);
  /* Written back: only what must be escaped is, non-ASCII stays UTF-8. */
  g_assert_cmpstr (out, ==, "\"a\\\"b\\\\c/d\\b\\f\\n\\r\\tA\xc3\xa9\xe2\x82\xac\"");

  {
    g_autoptr(JsonNode) ctl = json_node_init_string (json_node_alloc (), "\x01\x1f");
    g_autofree char *text = compact (ctl);

    g_assert_cmpstr (text, ==, "\"\\u0001\\u001f\"");
  }

  assert_parse_fails ("\"\\x\"", 4);
  assert_parse_fails ("\"\\u12\"", 6);
  assert_parse_fails ("\"\\u12g4\"", 8);
  assert_parse_fails ("\"\\u0000\"", 8);
  assert_parse_fails ("\"a\nb\"", 5);
  assert_parse_fails ("\"abc", 4);
}

static void
test_surrogates (void)
{
  g_autoptr(JsonNode) node = parse_ok ("\"\\ud83d\\ude00 \\uD834\\uDD1E\"");

  /* U+1F600 and U+1D11E */
  g_assert_cmpstr (json_node_get_string (node), ==, "\xf0\x9f\x98\x80 \xf0\x9d\x84\x9e");

  assert_parse_fails ("\"\\ud83d\"", 8);
  assert_parse_fails ("\"\\ude00\"", 8);
  assert_parse_fails ("\"\\ud83d\\u0041\"", 14);
  assert_parse_fails ("\"\\ud83dx\"", 9);
}

static void
test_utf8 (void)
{
  g_autoptr(JsonNode) node = parse_ok ("\"h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80\"");

  g_assert_cmpstr (json_node_get_string (node), ==, "h\xc3\xa9llo \xe2\x82\xac \xf0\x9f\x98\x80");

  assert_parse_fails ("\"\xff\"", 3);
  assert_parse_fails ("\"\xc3\"", 3);                 /* truncated */
  assert_parse_fails ("\"\xc0\xaf\"", 4);             /* overlong '/' */
  assert_parse_fails ("\"\xe0\x80\xaf\"", 5);         /* overlong */
  assert_parse_fails ("\"\xed\xa0\x80\"", 5);         /* encoded surrogate */
  assert_parse_fails ("\"\xf4\x90\x80\x80\"", 6);     /* past U+10FFFF */
  assert_parse_fails ("\"\x80\"", 3);                 /* continuation byte alone */
  /* Member names are checked too. */
  assert_parse_fails ("{\"\xff\":1}", 7);
}

static void
test_depth (void)
{
  GString *ok = g_string_new (NULL);
  GString *deep = g_string_new (NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < VARLINK_JSON_MAX_DEPTH; i++)
    g_string_append_c (ok, '[');
  for (guint i = 0; i < VARLINK_JSON_MAX_DEPTH; i++)
    g_string_append_c (ok, ']');

  node = varlink_json_parse (ok->str, ok->len, &error);
  g_assert_no_error (error);
  g_assert_nonnull (node);

  for (guint i = 0; i < VARLINK_JSON_MAX_DEPTH + 1; i++)
    g_string_append (deep, "{\"a\":");
  g_string_append (deep, "1");
  for (guint i = 0; i < VARLINK_JSON_MAX_DEPTH + 1; i++)
    g_string_append_c (deep, '}');
  assert_parse_fails (deep->str, deep->len);

  /* Far deeper than any stack would take if it were not refused early. */
  g_string_truncate (deep, 0);
  for (guint i = 0; i < 1000000; i++)
    g_string_append_c (deep, '[');
  assert_parse_fails (deep->str, deep->len);

  g_string_free (ok, TRUE);
  g_string_free (deep, TRUE);
}

static void
test_big_ints (void)
{
  g_autoptr(JsonNode) max = parse_ok ("9223372036854775807");
  g_autoptr(JsonNode) min = parse_ok ("-9223372036854775808");
  g_autoptr(JsonNode) over = parse_ok ("9223372036854775808");
  g_autoptr(JsonNode) under = parse_ok ("-9223372036854775809");
  g_autoptr(JsonNode) huge = parse_ok ("123456789012345678901234567890");
  g_autofree char *max_text = compact (max);
  g_autofree char *min_text = compact (min);

  g_assert_cmpint (json_node_get_value_type (max), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (max), ==, G_MAXINT64);
  g_assert_cmpint (json_node_get_value_type (min), ==, G_TYPE_INT64);
  g_assert_cmpint (json_node_get_int (min), ==, G_MININT64);
  g_assert_cmpstr (max_text, ==, "9223372036854775807");
  g_assert_cmpstr (min_text, ==, "-9223372036854775808");

  g_assert_cmpint (json_node_get_value_type (over), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_node_get_double (over), ==, 9223372036854775808.0);
  g_assert_cmpint (json_node_get_value_type (under), ==, G_TYPE_DOUBLE);
  g_assert_cmpint (json_node_get_value_type (huge), ==, G_TYPE_DOUBLE);
  g_assert_cmpfloat (json_node_get_double (huge), ==, 123456789012345678901234567890.0);
}

static void
assert_double_text (double      value,
                    const char *expected)
{
  g_autoptr(JsonNode) node = json_node_init_double (json_node_alloc (), value);
  g_autofree char *text = compact (node);
  g_autoptr(JsonNode) back = NULL;

  if (expected != NULL)
    g_assert_cmpstr (text, ==, expected);

  back = parse_ok (text);
  g_assert_cmpint (json_node_get_value_type (back), ==, G_TYPE_DOUBLE);
  g_assert_true (json_node_get_double (back) == value);
}

static void
test_floats (void)
{
  assert_double_text (1.0, "1.0");
  assert_double_text (0.0, "0.0");
  assert_double_text (-2.0, "-2.0");
  assert_double_text (0.1, "0.1");
  assert_double_text (1.5, "1.5");
  assert_double_text (G_PI, "3.141592653589793");
  assert_double_text (1e300, "1e+300");
  assert_double_text (1e21, "1e+21");
  assert_double_text (123456789.0, "123456789.0");
  assert_double_text (5e-324, "5e-324");
  assert_double_text (-2.5e-320, "-2.5e-320");
  assert_double_text (1e-300, "1e-300");
  assert_double_text (G_MAXDOUBLE, NULL);
  assert_double_text (0.1 + 0.2, "0.30000000000000004");
  assert_double_text (-1.0 / 3.0, NULL);

  {
    g_autoptr(JsonNode) nan_node = json_node_init_double (json_node_alloc (), NAN);
    g_autoptr(JsonNode) inf_node = json_node_init_double (json_node_alloc (), INFINITY);
    g_autofree char *nan_text = compact (nan_node);
    g_autofree char *inf_text = compact (inf_node);

    g_assert_cmpstr (nan_text, ==, "null");
    g_assert_cmpstr (inf_text, ==, "null");
  }

  {
    /* What libvarlink writes for 1.0 reads as a double equal to 1.0. */
    g_autoptr(JsonNode) node = parse_ok ("1.000000000000000000000e+00");

    g_assert_cmpint (json_node_get_value_type (node), ==, G_TYPE_DOUBLE);
    g_assert_cmpfloat (json_node_get_double (node), ==, 1.0);
  }
}

static void
test_invalid (void)
{
  static const char * const bad[] = {
    "", " ", "{", "}", "[", "]", "[1,]", "[,1]", "{\"a\"}", "{\"a\":}", "{\"a\":1,}", "{a:1}",
    "{'a':1}", "01", "-", "1.", ".5", "1e", "1e+", "+1", "tru", "nul", "falsey", "NaN",
    "Infinity", "1e999", "-1e400", "1 2", "{} {}", "[1 2]", "{\"a\":1 \"b\":2}", "\"a\" x", "[\"a\"", "/* */1",
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_parse_fails (bad[i], strlen (bad[i]));

  /* The length is honoured: a value cut short is incomplete, bytes beyond are not read. */
  assert_parse_fails ("{\"a\":1}", 6);
  {
    g_autoptr(JsonNode) node = NULL;
    g_autoptr(GError) error = NULL;

    node = varlink_json_parse ("12345", 2, &error);
    g_assert_no_error (error);
    g_assert_cmpint (json_node_get_int (node), ==, 12);
  }

  /* The error says where. */
  {
    g_autoptr(GError) error = NULL;
    JsonNode *node = varlink_json_parse ("{\"a\":[1,2,x]}", 13, &error);

    g_assert_null (node);
    g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL);
    g_assert_nonnull (strstr (error->message, "byte 10"));
  }
}

static void
test_equal (void)
{
  static const struct {
    const char *a;
    const char *b;
    gboolean equal;
  } cases[] = {
    { "{\"a\":1,\"b\":2}", "{\"b\":2,\"a\":1}", TRUE },
    { "{\"a\":1}", "{\"a\":1.0}", TRUE },
    { "{\"a\":1}", "{\"a\":1.000000000000000000000e+00}", TRUE },
    { "[1,2]", "[2,1]", FALSE },
    { "{\"a\":1}", "{\"a\":1,\"b\":null}", FALSE },
    { "{\"a\":1}", "{\"b\":1}", FALSE },
    { "null", "null", TRUE },
    { "null", "false", FALSE },
    { "\"1\"", "1", FALSE },
    { "1.5", "1", FALSE },
    { "true", "true", TRUE },
    { "[{\"x\":[1,{\"y\":\"z\"}]}]", "[{\"x\":[1.0,{\"y\":\"z\"}]}]", TRUE },
    { "[{\"x\":[1,{\"y\":\"z\"}]}]", "[{\"x\":[1.0,{\"y\":\"Z\"}]}]", FALSE },
    { "9007199254740993", "9007199254740992.0", FALSE },
    { "{}", "[]", FALSE },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) a = parse_ok (cases[i].a);
      g_autoptr(JsonNode) b = parse_ok (cases[i].b);

      if (varlink_json_equal (a, b) != cases[i].equal || varlink_json_equal (b, a) != cases[i].equal)
        g_error ("%s == %s should be %s", cases[i].a, cases[i].b, cases[i].equal ? "TRUE" : "FALSE");
    }

  g_assert_true (varlink_json_equal (NULL, NULL));
}

static void
test_pretty (void)
{
  g_autoptr(JsonNode) node = parse_ok ("{\"a\":[1,{}],\"b\":{\"c\":\"d\"},\"e\":[]}");
  g_autofree char *text = varlink_json_to_string (node, TRUE);

  g_assert_cmpstr (text, ==,
                   "{\n"
                   "  \"a\": [\n"
                   "    1,\n"
                   "    {}\n"
                   "  ],\n"
                   "  \"b\": {\n"
                   "    \"c\": \"d\"\n"
                   "  },\n"
                   "  \"e\": []\n"
                   "}");
}

static void
test_append_object (void)
{
  g_autoptr(JsonObject) object = json_object_new ();
  GString *out = g_string_new ("{\"method\":\"a.B\",\"parameters\":");

  json_object_set_string_member (object, "data", "ping");
  json_object_set_int_member (object, "n", -7);
  varlink_json_append_object (out, object);
  g_string_append_c (out, '}');
  g_assert_cmpstr (out->str, ==, "{\"method\":\"a.B\",\"parameters\":{\"data\":\"ping\",\"n\":-7}}");

  g_string_truncate (out, 0);
  varlink_json_append_object (out, NULL);
  g_assert_cmpstr (out->str, ==, "{}");
  g_string_free (out, TRUE);
}

static gboolean
collect_member (const char  *name,
                JsonNode    *value,
                gpointer     user_data,
                GError     **error)
{
  GString *out = user_data;
  g_autofree char *text = varlink_json_to_string (value, FALSE);

  json_node_unref (value);
  if (g_str_equal (name, "stop"))
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "stopped by the callback");
      return FALSE;
    }
  g_string_append_printf (out, "%s=%s;", name, text);
  return TRUE;
}

static void
test_parse_members (void)
{
  GString *out = g_string_new (NULL);
  g_autoptr(GError) error = NULL;
  static const char * const bad[] = { "[1]", "1", "", "{", "{\"a\"", "{\"a\":1,}", "{\"a\":1} x", "{\"\\ud800\":1}" };
  const char *envelope = " {\"parameters\":{\"a\":[1,\"x\"]}, \"continues\":true,\"e\\u0041\":null} ";
  const char *stopping = "{\"a\":1,\"stop\":2,\"b\":3}";

  g_assert_true (varlink_json_parse_members (envelope, strlen (envelope), collect_member, out, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (out->str, ==, "parameters={\"a\":[1,\"x\"]};continues=true;eA=null;");

  g_string_truncate (out, 0);
  g_assert_true (varlink_json_parse_members ("{}", 2, collect_member, out, &error));
  g_assert_cmpstr (out->str, ==, "");

  /* The callback's own error comes through as it is. */
  g_assert_false (varlink_json_parse_members (stopping, strlen (stopping), collect_member, out, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_FAILED);
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_string_truncate (out, 0);
      g_assert_false (varlink_json_parse_members (bad[i], strlen (bad[i]), collect_member, out, &error));
      g_assert_error (error, VARLINK_ERROR, VARLINK_ERROR_PROTOCOL);
      g_clear_error (&error);
    }

  g_string_free (out, TRUE);
}

/* Random printable documents must parse and write back to the same value. */
static void
append_random_value (GString *out,
                     GRand   *rand,
                     guint    depth)
{
  switch (g_rand_int_range (rand, 0, depth > 4 ? 5 : 7))
    {
    case 0: g_string_append (out, "null"); break;
    case 1: g_string_append (out, g_rand_boolean (rand) ? "true" : "false"); break;
    case 2: g_string_append_printf (out, "%" G_GINT64_FORMAT, (gint64) g_rand_int (rand) * (g_rand_boolean (rand) ? -1 : 1) * 100003); break;
    case 3:
      {
        char buffer[G_ASCII_DTOSTR_BUF_SIZE];

        g_string_append (out, g_ascii_dtostr (buffer, sizeof buffer, g_rand_double_range (rand, -1e6, 1e6)));
      }
      break;
    case 4:
      {
        static const char * const pieces[] = { "a", "\\n", "\\u00e9", "\xc3\xa9", "\\ud83d\\ude00", "\\\"", " ", "\\/" };
        guint n = g_rand_int_range (rand, 0, 6);

        g_string_append_c (out, '"');
        for (guint i = 0; i < n; i++)
          g_string_append (out, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
        g_string_append_c (out, '"');
      }
      break;
    case 5:
      {
        guint n = g_rand_int_range (rand, 0, 4);

        g_string_append_c (out, '[');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            append_random_value (out, rand, depth + 1);
          }
        g_string_append_c (out, ']');
      }
      break;
    default:
      {
        guint n = g_rand_int_range (rand, 0, 4);

        g_string_append_c (out, '{');
        for (guint i = 0; i < n; i++)
          {
            if (i > 0)
              g_string_append_c (out, ',');
            g_string_append_printf (out, "\"k%u\":", i);
            append_random_value (out, rand, depth + 1);
          }
        g_string_append_c (out, '}');
      }
      break;
    }
}

static void
test_random_round_trips (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (4242);

  for (guint i = 0; i < 2000; i++)
    {
      GString *text = g_string_new (NULL);
      g_autoptr(JsonNode) node = NULL;
      g_autoptr(JsonNode) again = NULL;
      g_autoptr(JsonParser) reference = json_parser_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *written = NULL;

      append_random_value (text, rand, 0);
      node = parse_ok (text->str);

      /* json-glib's own parser agrees on the value. */
      json_parser_load_from_data (reference, text->str, text->len, &error);
      g_assert_no_error (error);
      if (!varlink_json_equal (node, json_parser_get_root (reference)))
        g_error ("json-glib reads %s differently", text->str);

      written = compact (node);
      again = parse_ok (written);
      if (!varlink_json_equal (node, again))
        g_error ("%s was written as %s", text->str, written);

      g_string_free (text, TRUE);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/json/round-trips", test_round_trips);
  g_test_add_func ("/json/whitespace", test_whitespace);
  g_test_add_func ("/json/types", test_types);
  g_test_add_func ("/json/escapes", test_escapes);
  g_test_add_func ("/json/surrogates", test_surrogates);
  g_test_add_func ("/json/utf8", test_utf8);
  g_test_add_func ("/json/depth", test_depth);
  g_test_add_func ("/json/big-ints", test_big_ints);
  g_test_add_func ("/json/floats", test_floats);
  g_test_add_func ("/json/invalid", test_invalid);
  g_test_add_func ("/json/equal", test_equal);
  g_test_add_func ("/json/pretty", test_pretty);
  g_test_add_func ("/json/append-object", test_append_object);
  g_test_add_func ("/json/parse-members", test_parse_members);
  g_test_add_func ("/json/random-round-trips", test_random_round_trips);

  return g_test_run ();
}
